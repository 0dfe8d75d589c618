/* jscan: strict JSON scanning in place. What it calls strict, cJSON parses, to the same end;
 * what cJSON could read differently it calls "not sure"; numbers read by its fast path are
 * strtod's to the bit. And feed_item_place reads an item's place from its bytes as the
 * parser reads it from the tree. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed_int.h"
#include "feed/feed_place.h"
#include "feed/jscan.h"
#include "testlib.h"

/* jscan_value's end for the whole of s, or 0. */
static size_t scan(const char *s)
{
	return jscan_value(s, strlen(s), 0);
}

/* What jscan calls strict, cJSON parses to the same end. */
static void agrees_with_cjson(const char *s)
{
	size_t n = strlen(s), e = jscan_value(s, n, 0);
	if (!e)
		return;
	const char *end = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(s, n, &end, 0);
	CHECK(v != NULL);
	CHECK(v && (size_t)(end - s) == e);
	cJSON_Delete(v);
}

static void strict_values(void)
{
	const char *ok[] = {
	    "0",
	    "-0",
	    "12",
	    "-1.5e+10",
	    "1E-3",
	    "true",
	    "false",
	    "null",
	    "\"\"",
	    "\"a\\\"b\"",
	    "\"\\u00e9\"",
	    "\"\\ud83d\\ude00\"",
	    "[]",
	    "{}",
	    "[1, [2], {}]",
	    "{\"a\": {\"b\": [null]}}",
	    "\"\\/\\b\\f\\n\\r\\t\"",
	    "\"ÄÖÜ €\"",
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		CHECK(scan(ok[i]) == strlen(ok[i]));
		agrees_with_cjson(ok[i]);
	}
	/* Not JSON, or JSON cJSON may read otherwise: not sure. */
	const char *unsure[] = {
	    "01",
	    "1.",
	    ".5",
	    "-",
	    "1e",
	    "+1",
	    "1.5.3",
	    "0x10",
	    "tru",
	    "nul",
	    "\"abc",
	    "\"a\x01\"",
	    "\"\\x\"",
	    "\"\\ud800\"",
	    "\"\\udc00\"",
	    "\"\\ud800\\u0041\"",
	    "\"\\u12g4\"",
	    "[1,]",
	    "[,1]",
	    "{,}",
	    "{\"a\" 1}",
	    "{\"a\":}",
	    "{\"a\":1,}",
	    "{1:2}",
	    "[1 2]",
	    "{\"a\\u0062\": 1}",
	    "1234567890123456789012345678901234567890123456789012345678901234",
	};
	for (size_t i = 0; i < sizeof unsure / sizeof *unsure; i++) {
		CHECK(scan(unsure[i]) != strlen(unsure[i]) || scan(unsure[i]) == 0);
		agrees_with_cjson(unsure[i]);
	}
	/* A value ends where it ends: what follows is the caller's. */
	CHECK(jscan_value("12, 3", 5, 0) == 2);
	CHECK(jscan_value("{\"a\":1} x", 9, 0) == 7);
	/* Deep nesting is not sure; shallow is. */
	char deep[200] = "";
	for (int d = 0; d < 40; d++)
		strcat(deep, "[");
	for (int d = 0; d < 40; d++)
		strcat(deep, "]");
	CHECK(scan(deep) == 0);
	CHECK(scan("[[[[[[[[[[]]]]]]]]]]") == 20);
}

static void members(void)
{
	const char *s = " {\"id\": 7, \"lat\":48.1 ,\"x\":[1,{\"y\":2}], \"id\":\"dup\"}";
	struct jscan_member m[8];
	size_t n;
	size_t e = jscan_object(s, strlen(s), 1, m, 8, &n);
	CHECK(e == strlen(s));
	CHECK(n == 4);
	CHECK(m[0].key_len == 2 && memcmp(s + m[0].key, "id", 2) == 0);
	CHECK(m[0].val_end - m[0].val == 1 && s[m[0].val] == '7');
	CHECK(memcmp(s + m[1].val, "48.1", m[1].val_end - m[1].val) == 0);
	CHECK(memcmp(s + m[2].val, "[1,{\"y\":2}]", m[2].val_end - m[2].val) == 0);
	CHECK(m[3].key_len == 2 && s[m[3].val] == '"'); /* duplicates kept, in order */
	/* More members than room: not sure. */
	CHECK(jscan_object(s, strlen(s), 1, m, 3, &n) == 0);
	/* An array's elements. */
	const char *a = "[7.85, 48.0, \"x\"]";
	CHECK(jscan_array(a, strlen(a), 0, m, 8, &n) == strlen(a));
	CHECK(n == 3 && m[1].key_len == 0 && memcmp(a + m[1].val, "48.0", 4) == 0);
	CHECK(jscan_object(a, strlen(a), 0, m, 8, &n) == 0);
}

/* jscan_number gives strtod's double whenever it gives one; it does on the numbers feeds
 * send (coordinates with up to 15 digits, counts, ids). */
static void numbers(void)
{
	const char *typical[] = {"47.9386652", "7.8444963",       "-0",
	                         "0",          "123456789012345", "1e22",
	                         "5e-22",      "-12.5E+3",        "0.000001"};
	for (size_t i = 0; i < sizeof typical / sizeof *typical; i++) {
		double d = -1;
		CHECK(jscan_number(typical[i], strlen(typical[i]), &d));
		double want = strtod(typical[i], NULL);
		CHECK(memcmp(&d, &want, sizeof d) == 0);
	}
	const char *slow[] = {"1234567890123456", "1e23", "1e-23", "0.12345678901234567"};
	for (size_t i = 0; i < sizeof slow / sizeof *slow; i++) {
		double d;
		CHECK(!jscan_number(slow[i], strlen(slow[i]), &d));
	}
	unsigned x = 12345;
	int fast = 0;
	for (int i = 0; i < 200000; i++) {
		char buf[64];
		x = x * 1103515245u + 12345u;
		unsigned y = x * 2654435761u;
		int w = snprintf(buf, sizeof buf, "%s%u.%0*u%s", x & 1 ? "-" : "", x % 1000,
		                 (int)(y % 9) + 1, y % 1000000000u,
		                 (x >> 8) % 4 == 0   ? "e-7"
		                 : (x >> 8) % 4 == 1 ? "E12"
		                                     : "");
		double d;
		if (w <= 0 || scan(buf) != (size_t)w || !jscan_number(buf, (size_t)w, &d))
			continue;
		fast++;
		double want = strtod(buf, NULL);
		if (memcmp(&d, &want, sizeof d) != 0) {
			CHECK(!"jscan_number differs from strtod");
			fprintf(stderr, "  %s: %.17g vs %.17g\n", buf, d, want);
			break;
		}
	}
	CHECK(fast > 150000);
}

/* The place read from the bytes is the place the parser gives the parsed item. */
static void check_place(enum feed_format fmt, const char *item)
{
	struct jscan_member m[64];
	size_t n;
	bool strict = jscan_object(item, strlen(item), 0, m, 64, &n) == strlen(item);
	CHECK(strict);
	struct feed_place raw = {0}, tree = {0};
	bool got_raw = strict && feed_item_place(fmt, item, m, n, &raw);
	cJSON *v = cJSON_Parse(item);
	bool got_tree =
	    fmt == FEED_NGSI ? feed_ngsi_place(v, &tree) : feed_parkapi3_place(v, &tree);
	cJSON_Delete(v);
	CHECK(got_raw == got_tree);
	CHECK(!got_raw || (raw.kind == tree.kind && raw.free_spot == tree.free_spot &&
	                   raw.lat == tree.lat && raw.lon == tree.lon));
}

static void places(void)
{
	const char *parkapi[] = {
	    "{\"id\":1,\"lat\":48.1,\"lon\":7.8,\"realtime_status\":\"AVAILABLE\"}",
	    "{\"id\":1,\"lat\":\"48.1\",\"lon\":7.8,\"capacity\":null}",
	    "{\"id\":1,\"lat\":48.1,\"lon\":7.8,\"capacity\":5}",
	    "{\"id\":1,\"lat\":48.1,\"lon\":7.8,\"has_realtime_data\":false,"
	    "\"realtime_status\":\"AVAILABLE\"}",
	    "{\"id\":null,\"uid\":\" \",\"lat\":48.1,\"lon\":7.8}",
	    "{\"id\":null,\"original_uid\":\"\\u00e9\",\"lat\":48.1,\"lon\":7.8}",
	    "{\"id\":1,\"purpose\":\"BIKE\",\"lat\":48.1,\"lon\":7.8}",
	    "{\"id\":1,\"purpose\":\"c\\u0061r\",\"lat\":4.81e1,\"lon\":7.8}",
	    "{\"id\":1,\"lat\":0,\"lon\":0}",
	    "{\"id\":1e999,\"lat\":48.1,\"lon\":7.8}",
	    "{\"lat\":48.1,\"lon\":7.8,\"realtime_status\":\"AVAILABLE\"}",
	};
	for (size_t i = 0; i < sizeof parkapi / sizeof *parkapi; i++)
		check_place(FEED_PARKAPI3, parkapi[i]);
	const char *ngsi[] = {
	    "{\"id\":\"s1\",\"type\":\"ParkingSpot\",\"status\":\"free\","
	    "\"location\":{\"type\":\"Point\",\"coordinates\":[7.8,48.1]}}",
	    "{\"id\":\"s1\",\"type\":\"OffStreetParking\",\"allowedVehicleType\":[\"bicycle\"],"
	    "\"location\":{\"type\":\"Point\",\"coordinates\":[7.8,48.1]}}",
	    "{\"id\":\"s1\",\"type\":\"OffStreetParking\",\"allowedVehicleType\":\"car, van\","
	    "\"location\":{\"type\":\"Polygon\",\"coordinates\":[[[7.8,48.1],[7.9,48.1],[7.9,48.2],"
	    "[7.8,48.1]]]}}",
	    "{\"id\":\"s1\",\"type\":\"ParkingSpot\",\"status\":{\"type\":\"Text\",\"value\":"
	    "\"free\"},"
	    "\"location\":{\"type\":\"geo:json\",\"value\":{\"type\":\"Point\","
	    "\"coordinates\":[7.8,48.1]}}}",
	    "{\"id\":\"s1\",\"type\":\"https://smartdatamodels.org/dataModel.Parking/ParkingSpot\","
	    "\"https://smartdatamodels.org/"
	    "location\":{\"type\":\"Point\",\"coordinates\":[7.8,48.1]}}",
	    "{\"id\":\"s1\",\"type\":\"OnStreetParking\",\"lat\":48.1,\"lon\":7.8}",
	    "{\"@id\":\"s1\",\"@type\":\"ParkingSpot\",\"latitude\":{\"value\":48.1},"
	    "\"longitude\":{\"value\":7.8}}",
	    "{\"id\":\"s1\",\"type\":\"Building\",\"lat\":48.1,\"lon\":7.8}",
	    "{\"id\":\"\",\"type\":\"ParkingSpot\",\"lat\":48.1,\"lon\":7.8}",
	};
	for (size_t i = 0; i < sizeof ngsi / sizeof *ngsi; i++)
		check_place(FEED_NGSI, ngsi[i]);
}

int main(void)
{
	strict_values();
	members();
	numbers();
	places();
	return TEST_END();
}
