/* feed parkapi3: every ParkAPI v3 fixture (output and push input) and the quirks of
 * FEEDS.md §1, with the numbers the real payloads carry. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "isotime.h"
#include "feedtest.h"
#include "testlib.h"

/* Parses a fixture into the (cleared) global model; returns the parse result. */
static enum pk_err load(enum feed_format fmt, const char *rel)
{
	return load_fixture(fmt, rel);
}

static enum pk_err load_str(const char *json)
{
	return parse(FEED_PARKAPI3, json, strlen(json));
}

static int64_t t(const char *iso)
{
	int64_t v = 0;
	isotime_parse(iso, &v);
	return v;
}

static void freiburg_sites(void)
{
	CHECK_INT(load(FEED_PARKAPI3, "parkapi-v3/freiburg-parking-sites.json"), PK_OK);
	CHECK_INT(info.format, FEED_PARKAPI3);
	CHECK_INT(m.n, 19);
	CHECK_INT(info.items, 19);
	CHECK_INT(info.skipped, 0);
	CHECK_STR(info.next_path, "");
	const struct model_entry *e = find("site:1");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->kind, MODEL_SITE);
		CHECK_STR(e->name, "Kollegiengebäude");
		CHECK_INT(e->free, 52);
		CHECK_INT(e->total, 180);
		CHECK_INT(e->open, MODEL_OPEN_OPEN);
		CHECK(e->has_pos);
		CHECK(fabs(e->lat - 47.9934313) < 1e-9);
		CHECK(fabs(e->lon - 7.8474031) < 1e-9);
		CHECK_INT(e->type, MODEL_TYPE_CAR_PARK);
		CHECK_INT(e->updated_at, t("2024-06-10T08:20:00Z"));
		CHECK_INT(e->total_disabled, MODEL_UNKNOWN); /* the city feed has none */
		CHECK_INT(e->free_disabled, MODEL_UNKNOWN);
		CHECK_INT(e->max_height_cm, MODEL_UNKNOWN);
	}
	e = find("site:2");
	CHECK(e && strcmp(e->name, "Zähringer Tor") == 0);
	CHECK(e && e->open == MODEL_OPEN_CLOSED);
	CHECK(e && e->free == 399 && e->total == 399);
	e = find("site:9"); /* Bahnhofsgarage: closed, 0 of 0 */
	CHECK(e && e->open == MODEL_OPEN_CLOSED && e->total == 0 && e->free == 0);
	e = find("site:20");
	CHECK(e && strcmp(e->name, "Westarkaden") == 0 && e->free == 169 && e->total == 750);
}

static void freiburg_spots(void)
{
	CHECK_INT(load(FEED_AUTO, "parkapi-v3/freiburg-parking-spots-disabled.json"), PK_OK);
	CHECK_INT(info.format, FEED_PARKAPI3);
	CHECK_INT(m.n, 20);
	int free = 0, taken = 0, disabled = 0;
	for (size_t i = 0; i < m.n; i++) {
		CHECK_INT(m.v[i].kind, MODEL_SPOT);
		free += m.v[i].spot == MODEL_SPOT_FREE;
		taken += m.v[i].spot == MODEL_SPOT_TAKEN;
		disabled += m.v[i].disabled;
	}
	CHECK_INT(free, 18);
	CHECK_INT(taken, 2);
	CHECK_INT(disabled, 20);
	const struct model_entry *e = find("spot:3");
	CHECK(e && strcmp(e->name, "P03 - Rotteckring 3 (L)") == 0);
	CHECK(e && e->spot == MODEL_SPOT_TAKEN && e->type == MODEL_TYPE_ON_STREET);
	CHECK(e && strcmp(e->address, "Rotteckring 3, 79098 Freiburg im Breisgau") == 0);
	CHECK(e && fabs(e->lat - 47.9961481) < 1e-9 && fabs(e->lon - 7.8461681) < 1e-9);
	CHECK(e && e->total == MODEL_UNKNOWN && e->free == MODEL_UNKNOWN);
}

static void bike_lockers(void)
{
	/* A real MobiData BW answer: string lat/lon, purpose BIKE -> nothing for cars. */
	CHECK_INT(
	    load(FEED_AUTO, "parkapi-v3/mobidata-bw-parking-sites-bike-lockers-2025-08-19.json"),
	    PK_OK);
	CHECK_INT(info.format, FEED_PARKAPI3);
	CHECK_INT(m.n, 0);
	CHECK_INT(info.items, 5);
	CHECK_INT(info.skipped, 5);
	/* The same item as CAR: the string coordinates are read. */
	CHECK_INT(
	    load_str("{\"items\":[{\"id\":10011,\"purpose\":\"CAR\",\"lat\":\"49.2506290\","
	             "\"lon\":\"8.8745540\",\"capacity\":24,\"realtime_free_capacity\":22}]}"),
	    PK_OK);
	CHECK_INT(m.n, 1);
	CHECK(m.n == 1 && m.v[0].has_pos && fabs(m.v[0].lat - 49.250629) < 1e-9 &&
	      fabs(m.v[0].lon - 8.874554) < 1e-9);
	CHECK(m.n == 1 && m.v[0].free == 22 && m.v[0].total == 24);
}

static void disabled_restriction(void)
{
	CHECK_INT(load(FEED_AUTO,
	               "parkapi-v3/parking-site-with-disabled-restriction.expected-response.json"),
	          PK_OK);
	CHECK_INT(m.n, 1);
	const struct model_entry *e = find("site:1");
	CHECK(e != NULL);
	if (!e)
		return;
	CHECK_STR(e->name, "Parkhaus Hofdiener");
	CHECK_INT(e->total, 158);
	CHECK_INT(e->free, 15);
	CHECK_INT(e->free_disabled, 2);
	CHECK_INT(e->total_disabled, 11);
	CHECK_STR(e->opening_hours, "24/7");
	CHECK_STR(e->address, "Schellingstraße");
	CHECK_INT(e->type, MODEL_TYPE_ON_STREET); /* as the feed says */
	CHECK_INT(e->updated_at, t("2025-06-24T11:54:45Z"));

	/* Restriction only (no legacy fields): the restriction's numbers. */
	CHECK_INT(load_str("{\"id\":5,\"lat\":48,\"lon\":8,\"capacity\":50,\"restrictions\":["
	                   "{\"type\":\"DISABLED\",\"capacity\":4,\"realtime_free_capacity\":3}]}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].total_disabled == 4 && m.v[0].free_disabled == 3);
	/* Legacy fields only. */
	CHECK_INT(load_str("{\"id\":5,\"lat\":48,\"lon\":8,\"capacity\":50,\"capacity_disabled\":7,"
	                   "\"realtime_free_capacity_disabled\":0}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].total_disabled == 7 && m.v[0].free_disabled == 0);
	/* A restriction for another audience is not a disabled count. */
	CHECK_INT(load_str("{\"id\":5,\"lat\":48,\"lon\":8,\"capacity\":50,\"restrictions\":["
	                   "{\"type\":\"WOMEN\",\"capacity\":4,\"realtime_free_capacity\":3}]}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].total_disabled == MODEL_UNKNOWN &&
	      m.v[0].free_disabled == MODEL_UNKNOWN);
}

static void spot_fixture(void)
{
	CHECK_INT(load(FEED_AUTO, "parkapi-v3/parking-spot-disabled.expected-response.json"),
	          PK_OK);
	CHECK_INT(m.n, 1);
	const struct model_entry *e = find("spot:1");
	CHECK(e && e->kind == MODEL_SPOT && e->disabled && e->spot == MODEL_SPOT_TAKEN);
	CHECK(e && strcmp(e->name, "A1 4") == 0 && strcmp(e->address, "A1 4, 68159 Mannheim") == 0);
	CHECK(e && fabs(e->lat - 49.485381) < 1e-9 && fabs(e->lon - 8.4628792) < 1e-9);
	CHECK(e && e->updated_at == t("2025-05-20T11:55:33Z"));
	/* A spot without a DISABLED restriction is not disabled. */
	CHECK_INT(load_str("{\"id\":2,\"lat\":48,\"lon\":8,\"realtime_status\":\"AVAILABLE\","
	                   "\"restrictions\":[{\"type\":\"CHARGING\"}]}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].kind == MODEL_SPOT && !m.v[0].disabled &&
	      m.v[0].spot == MODEL_SPOT_FREE);
	CHECK_STR(m.n ? m.v[0].id : "", "spot:2");
	CHECK_INT(load_str("{\"id\":2,\"lat\":48,\"lon\":8,\"realtime_status\":\"UNKNOWN\"}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].spot == MODEL_SPOT_UNKNOWN);
}

static void push_input(void)
{
	CHECK_INT(load(FEED_AUTO, "parkapi-v3/push-input/mannheim-buchen-push.json"), PK_OK);
	const struct model_entry *e = find("site:P8_Parkdeck_Altstadt_Haagstrasse");
	CHECK(e && e->free == 27 && e->total == 60 && e->open == MODEL_OPEN_UNKNOWN);
	CHECK(e && e->type == MODEL_TYPE_CAR_PARK);
	CHECK(e && fabs(e->lat - 49.52211082686668) < 1e-9);
	CHECK(e && e->updated_at == t("2024-02-20T16:05:33Z")); /* +01:00 */

	static const char *const hofdiener[] = {
	    "parkapi-v3/push-input/parking-site-item-with-legacy-fields.json",
	    "parkapi-v3/push-input/parking-site-item-with-relations.json",
	};
	for (size_t i = 0; i < 2; i++) {
		CHECK_INT(load(FEED_AUTO, hofdiener[i]), PK_OK);
		e = find("site:12717250");
		CHECK(e && e->total == 158 && e->free == 15 && e->open == MODEL_OPEN_OPEN);
		CHECK(e && e->free_disabled == 2 && e->total_disabled == 11);
		CHECK(e && e->updated_at == t("2025-06-24T11:54:45Z")); /* 13:54:45+02:00 */
		CHECK(e && fabs(e->lat - 54.03005) < 1e-9 && fabs(e->lon - 5.12696) < 1e-9);
	}
	/* restricted_to without counts: the site has no disabled numbers. */
	CHECK_INT(
	    load(FEED_AUTO, "parkapi-v3/push-input/parking-site-item-with-restricted-to.json"),
	    PK_OK);
	e = find("site:12717250");
	CHECK(e && e->total_disabled == MODEL_UNKNOWN && e->free_disabled == MODEL_UNKNOWN);
	CHECK(e && e->free == 15);

	/* The list: the second item has no id of any kind (its key is "uidx"). */
	CHECK_INT(
	    load(FEED_AUTO, "parkapi-v3/push-input/parking-site-list-with-legacy-fields.json"),
	    PK_OK);
	CHECK_INT(m.n, 1);
	CHECK_INT(info.items, 2);
	CHECK_INT(info.skipped, 1);

	static const char *const spots[] = {
	    "parkapi-v3/push-input/parking-spot-with-relations.json",
	    "parkapi-v3/push-input/parking-spot-with-restricted-to.json",
	};
	for (size_t i = 0; i < 2; i++) {
		CHECK_INT(load(FEED_AUTO, spots[i]), PK_OK);
		e = find("spot:demo-parking-spot");
		CHECK(e && e->kind == MODEL_SPOT && e->disabled && e->spot == MODEL_SPOT_TAKEN);
		CHECK(e && e->updated_at == t("2025-05-20T11:55:33Z"));
		CHECK(e && fabs(e->lon - 8.462879182254758) < 1e-9);
	}
}

static void quirks(void)
{
	/* Absent key = unknown; realtime_free_capacity without realtime_capacity. */
	CHECK_INT(load_str("{\"items\":[{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":10,"
	                   "\"realtime_free_capacity\":4}]}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].total == 10 && m.v[0].free == 4 &&
	      m.v[0].open == MODEL_OPEN_UNKNOWN);
	CHECK(m.n == 1 && m.v[0].updated_at == 0 && m.v[0].type == MODEL_TYPE_UNKNOWN);
	/* realtime_capacity wins over capacity. */
	CHECK_INT(
	    load_str("{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":10,\"realtime_capacity\":8}"),
	    PK_OK);
	CHECK(m.n == 1 && m.v[0].total == 8 && m.v[0].free == MODEL_UNKNOWN);
	/* Impossible counts are kept, never clamped; numeric strings are numbers. */
	CHECK_INT(load_str("{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":10,"
	                   "\"realtime_free_capacity\":12}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].free == 12 && m.v[0].total == 10);
	CHECK_INT(load_str("{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":\"10\","
	                   "\"realtime_free_capacity\":-3}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].free == -3 && m.v[0].total == 10);
	/* A count that is not a number is unknown; one no int can hold is impossible. */
	CHECK_INT(load_str("{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":true,"
	                   "\"realtime_free_capacity\":\"viele\"}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].total == MODEL_UNKNOWN && m.v[0].free == MODEL_UNKNOWN);
	CHECK_INT(load_str("{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":1e300,"
	                   "\"realtime_free_capacity\":2.5}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].total == FEED_COUNT_IMPOSSIBLE &&
	      m.v[0].free == FEED_COUNT_IMPOSSIBLE);
	CHECK_INT(load_str("{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":99999999999999999999,"
	                   "\"realtime_free_capacity\":\"1e999\"}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].total == FEED_COUNT_IMPOSSIBLE &&
	      m.v[0].free == FEED_COUNT_IMPOSSIBLE);
	/* has_realtime_data:false: realtime_* are not live, even if an old server sent them. */
	CHECK_INT(load_str("{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":10,\"realtime_capacity\":9,"
	                   "\"has_realtime_data\":false,\"realtime_free_capacity\":4,"
	                   "\"realtime_opening_status\":\"OPEN\","
	                   "\"realtime_data_updated_at\":\"2025-01-01T00:00:00Z\"}"),
	          PK_OK);
	CHECK(m.n == 1 && m.v[0].total == 10 && m.v[0].free == MODEL_UNKNOWN &&
	      m.v[0].open == MODEL_OPEN_UNKNOWN && m.v[0].updated_at == 0);
	/* Types, height, opening hours, fractional and offset times. */
	CHECK_INT(
	    load_str(
	        "{\"items\":[{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":1,"
	        "\"type\":\"UNDERGROUND\",\"max_height\":200,\"opening_hours\":\"Mo-Fr "
	        "08:00-18:00\",\"realtime_data_updated_at\":\"2025-06-24T13:54:45.123+02:00\"},"
	        "{\"id\":2,\"lat\":48,\"lon\":8,\"capacity\":1,\"type\":"
	        "\"OFF_STREET_PARKING_GROUND\",\"max_height\":-5},"
	        "{\"id\":3,\"lat\":48,\"lon\":8,\"capacity\":1,\"type\":\"OTHER\"}]}"),
	    PK_OK);
	CHECK_INT(m.n, 3);
	if (m.n == 3) {
		CHECK_INT(m.v[0].type, MODEL_TYPE_UNDERGROUND);
		CHECK_INT(m.v[0].max_height_cm, 200);
		CHECK_STR(m.v[0].opening_hours, "Mo-Fr 08:00-18:00");
		CHECK_INT(m.v[0].updated_at, t("2025-06-24T11:54:45Z"));
		CHECK_INT(m.v[1].type, MODEL_TYPE_LOT);
		CHECK_INT(m.v[1].max_height_cm, MODEL_UNKNOWN);
		CHECK_INT(m.v[2].type, MODEL_TYPE_UNKNOWN);
	}
	/* Purpose: absent = CAR; others skipped; a non-string purpose is not CAR. */
	CHECK_INT(
	    load_str("{\"items\":[{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":1},"
	             "{\"id\":2,\"lat\":48,\"lon\":8,\"capacity\":1,\"purpose\":\"MOTORCYCLE\"},"
	             "{\"id\":3,\"lat\":48,\"lon\":8,\"capacity\":1,\"purpose\":\"ITEM\"},"
	             "{\"id\":4,\"lat\":48,\"lon\":8,\"capacity\":1,\"purpose\":7},"
	             "{\"id\":5,\"lat\":48,\"lon\":8,\"capacity\":1,\"purpose\":\"car\"},"
	             "17, \"x\", null]}"),
	    PK_OK);
	CHECK_INT(m.n, 2);
	CHECK_INT(info.items, 8);
	CHECK_INT(info.skipped, 6);
	/* Site and spot ids cannot collide. */
	CHECK_INT(load_str("{\"items\":[{\"id\":12,\"lat\":48,\"lon\":8,\"capacity\":1},"
	                   "{\"id\":12,\"lat\":48,\"lon\":8,\"realtime_status\":\"TAKEN\"}]}"),
	          PK_OK);
	CHECK(m.n == 2 && strcmp(m.v[0].id, "site:12") == 0 && strcmp(m.v[1].id, "spot:12") == 0);
	/* original_uid is used when there is no id. */
	CHECK_INT(load_str("{\"original_uid\":\"P7\",\"lat\":48,\"lon\":8,\"capacity\":1}"), PK_OK);
	CHECK_STR(m.n ? m.v[0].id : "", "site:P7");
}

static void positions(void)
{
	/* Missing, wrong-typed, out of range and 0/0 positions: kept, has_pos false. */
	CHECK_INT(load_str("{\"items\":[{\"id\":1,\"capacity\":1},"
	                   "{\"id\":2,\"lat\":true,\"lon\":8,\"capacity\":1},"
	                   "{\"id\":3,\"lat\":91,\"lon\":8,\"capacity\":1},"
	                   "{\"id\":4,\"lat\":0,\"lon\":0,\"capacity\":1},"
	                   "{\"id\":5,\"lat\":\"48.1x\",\"lon\":\"8\",\"capacity\":1},"
	                   "{\"id\":6,\"lat\":\" 48.5 \",\"lon\":\"-8e0\",\"capacity\":1}]}"),
	          PK_OK);
	CHECK_INT(m.n, 6);
	for (size_t i = 0; i < 5 && i < m.n; i++)
		CHECK(!m.v[i].has_pos);
	CHECK(m.n == 6 && m.v[5].has_pos && m.v[5].lat == 48.5 && m.v[5].lon == -8);
}

static void paging(void)
{
	CHECK_INT(load_str("{\"items\":[{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":1}],"
	                   "\"total_count\":3,\"next_id\":2,"
	                   "\"next_path\":\"/api/public/v3/parking-sites?start=2&limit=1\"}"),
	          PK_OK);
	CHECK_STR(info.next_path, "/api/public/v3/parking-sites?start=2&limit=1");
	/* An empty page ends the paging, whatever it offers next. */
	CHECK_INT(load_str("{\"items\":[],\"next_path\":\"/api/public/v3/parking-sites?start=9\"}"),
	          PK_OK);
	CHECK_STR(info.next_path, "");
	CHECK_INT(m.n, 0);
	/* A next_path to another host is not followed. */
	CHECK_INT(load_str("{\"items\":[{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":1}],"
	                   "\"next_path\":\"//evil.example/x\"}"),
	          PK_OK);
	CHECK_STR(info.next_path, "");
	CHECK_INT(load_str("{\"items\":[{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":1}],"
	                   "\"next_path\":\"https://evil.example/x\"}"),
	          PK_OK);
	CHECK_STR(info.next_path, "");
}

static void text(void)
{
	/* Invalid UTF-8 becomes U+FFFD; markup is text; controls go; long names are cut at
	 * a character boundary. */
	CHECK_INT(load_str("{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":1,\"name\":\"Park\xff"
	                   "haus <b>Nord</b>\\u0007\\n\\tS\xc3\xbc"
	                   "d\"}"),
	          PK_OK);
	CHECK_STR(m.n ? m.v[0].name : "", "Park\xef\xbf\xbdhaus <b>Nord</b> Süd");
	char json[2400];
	char name[700];
	for (int i = 0; i < 300; i++)
		memcpy(name + 2 * i, "\xc3\xa4", 2); /* ä x 300 */
	name[600] = '\0';
	snprintf(json, sizeof json,
	         "{\"id\":\"%s\",\"lat\":48,\"lon\":8,\"capacity\":1,"
	         "\"name\":\"%s\",\"address\":\"%s\"}",
	         name, name, name);
	CHECK_INT(load_str(json), PK_OK);
	if (m.n == 1) {
		CHECK(strlen(m.v[0].name) == 126); /* 63 x ä in 128 bytes */
		CHECK(strlen(m.v[0].id) == 5 + 58);
		CHECK(strncmp(m.v[0].id, "site:", 5) == 0);
		CHECK(strlen(m.v[0].address) == 126);
	}
}

static void shapes(void)
{
	struct model_entry keep;
	/* Errors leave the caller's model alone. */
	model_clear(&m);
	struct model_entry *e = model_push(&m, MODEL_SITE);
	strcpy(e->id, "keep");
	keep = *e;
	static const char *const bad[] = {
	    "{\"items\":{}}", "{\"items\":\"x\"}", "[1,2]", "42", "{\"name\":\"not a site\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err[0] = '\0';
		enum pk_err rc =
		    feed_parse(FEED_PARKAPI3, bad[i], strlen(bad[i]), &m, &info, err, sizeof err);
		CHECK_INT(rc, PK_ERR_SHAPE);
		CHECK(err[0] != '\0');
		CHECK_INT(m.n, 1);
		CHECK(memcmp(&m.v[0], &keep, sizeof keep) == 0);
	}
	err[0] = '\0';
	CHECK_INT(feed_parse(FEED_PARKAPI3, "{\"items\":[", 10, &m, &info, err, sizeof err),
	          PK_ERR_JSON);
	CHECK(strstr(err, "malformed JSON near byte") != NULL);
	CHECK_INT(m.n, 1);
	/* An empty list is fine and empty. */
	CHECK_INT(load_str("{\"items\":[]}"), PK_OK);
	CHECK_INT(m.n, 0);
	CHECK_INT(info.items, 0);
	/* Entries are appended, not replacing what is there. */
	model_clear(&m);
	model_push(&m, MODEL_SITE);
	const char *one = "{\"items\":[{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":1}]}";
	CHECK_INT(feed_parse(FEED_PARKAPI3, one, strlen(one), &m, NULL, NULL, 0), PK_OK);
	CHECK_INT(m.n, 2);
}

int main(void)
{
	model_init(&m);
	freiburg_sites();
	freiburg_spots();
	bike_lockers();
	disabled_restriction();
	spot_fixture();
	push_input();
	quirks();
	positions();
	paging();
	text();
	shapes();
	model_finish(&m);
	return TEST_END();
}
