/* feed_parse: format detection over every fixture, malformed and hostile bodies, the
 * error contract (model untouched, one-line message), format names, and a replay of
 * every input the fuzzers ever crashed on (tests/fuzz/regress/). */
#include <dirent.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "testlib.h"

static struct model m;
static struct feed_info info;
static char err[256];

static enum pk_err parse_n(enum feed_format fmt, const char *b, size_t len)
{
	model_clear(&m);
	err[0] = '\0';
	return feed_parse(fmt, b, len, &m, &info, err, sizeof err);
}

static enum pk_err parse(enum feed_format fmt, const char *b)
{
	return parse_n(fmt, b, strlen(b));
}

static void detect_fixtures(void)
{
	static const struct {
		const char *file;
		enum feed_format fmt;
		size_t entries;
	} cases[] = {
	    {"parkapi-v3/freiburg-parking-sites.json", FEED_PARKAPI3, 19},
	    {"parkapi-v3/freiburg-parking-spots-disabled.json", FEED_PARKAPI3, 20},
	    {"parkapi-v3/mobidata-bw-parking-sites-bike-lockers-2025-08-19.json", FEED_PARKAPI3, 0},
	    {"parkapi-v3/parking-site-with-disabled-restriction.expected-response.json",
	     FEED_PARKAPI3, 1},
	    {"parkapi-v3/parking-spot-disabled.expected-response.json", FEED_PARKAPI3, 1},
	    {"parkapi-v3/push-input/mannheim-buchen-push.json", FEED_PARKAPI3, 1},
	    {"parkapi-v3/push-input/parking-site-item-with-legacy-fields.json", FEED_PARKAPI3, 1},
	    {"parkapi-v3/push-input/parking-site-item-with-relations.json", FEED_PARKAPI3, 1},
	    {"parkapi-v3/push-input/parking-site-item-with-restricted-to.json", FEED_PARKAPI3, 1},
	    {"parkapi-v3/push-input/parking-site-list-with-legacy-fields.json", FEED_PARKAPI3, 1},
	    {"parkapi-v3/push-input/parking-spot-with-relations.json", FEED_PARKAPI3, 1},
	    {"parkapi-v3/push-input/parking-spot-with-restricted-to.json", FEED_PARKAPI3, 1},
	    {"parkenddv1/zuerich-city-2019-12-18.json", FEED_PARKENDD1, 37},
	    {"parkenddv1/dresden-city-2022-03-01.expected-response.json", FEED_PARKENDD1, 2},
	    {"fiware/OffStreetParking-keyValues-ngsild.jsonld", FEED_NGSI, 1},
	    {"fiware/OffStreetParking-keyValues-ngsiv2.json", FEED_NGSI, 1},
	    {"fiware/OffStreetParking-normalized-ngsild.jsonld", FEED_NGSI, 1},
	    {"fiware/OffStreetParking-normalized-ngsiv2.json", FEED_NGSI, 1},
	    {"fiware/OnStreetParking-keyValues-ngsild.jsonld", FEED_NGSI, 1},
	    {"fiware/OnStreetParking-keyValues-ngsiv2.json", FEED_NGSI, 1},
	    {"fiware/OnStreetParking-normalized-ngsild.jsonld", FEED_NGSI, 1},
	    {"fiware/OnStreetParking-normalized-ngsiv2.json", FEED_NGSI, 1},
	    {"fiware/ParkingGroup-keyValues-ngsild.jsonld", FEED_NGSI, 0},
	    {"fiware/ParkingGroup-keyValues-ngsiv2.json", FEED_NGSI, 0},
	    {"fiware/ParkingGroup-normalized-ngsild.jsonld", FEED_NGSI, 0},
	    {"fiware/ParkingGroup-normalized-ngsiv2.json", FEED_NGSI, 0},
	    {"fiware/ParkingSpot-keyValues-ngsild.jsonld", FEED_NGSI, 1},
	    {"fiware/ParkingSpot-keyValues-ngsiv2.json", FEED_NGSI, 1},
	    {"fiware/ParkingSpot-normalized-ngsild.jsonld", FEED_NGSI, 1},
	    {"fiware/ParkingSpot-normalized-ngsiv2.json", FEED_NGSI, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t len;
		char *buf = test_read_file(test_fixture(cases[i].file), &len);
		enum pk_err rc = parse_n(FEED_AUTO, buf, len);
		if (rc != PK_OK || info.format != cases[i].fmt || m.n != cases[i].entries)
			fprintf(stderr, "%s: rc %d (%s) format %s, %zu entries\n", cases[i].file,
			        rc, err, feed_format_name(info.format), m.n);
		CHECK_INT(rc, PK_OK);
		CHECK_INT(info.format, cases[i].fmt);
		CHECK_INT(m.n, cases[i].entries);
		/* The explicit format gives the same. */
		CHECK_INT(parse_n(cases[i].fmt, buf, len), PK_OK);
		CHECK_INT(m.n, cases[i].entries);
		/* The other explicit formats refuse it or find nothing in it: never entries
		 * made up from another format's fields. */
		for (int f = FEED_PARKAPI3; f <= FEED_NGSI; f++) {
			if ((enum feed_format)f == cases[i].fmt)
				continue;
			rc = parse_n((enum feed_format)f, buf, len);
			CHECK(rc == PK_ERR_SHAPE || (rc == PK_OK && m.n == 0));
		}
		free(buf);
	}
	size_t len;
	char *buf = test_read_file(test_fixture("parkenddv1/city_schema.json"), &len);
	CHECK_INT(parse_n(FEED_AUTO, buf, len), PK_ERR_FORMAT);
	CHECK(strstr(err, "not recognised") != NULL);
	free(buf);
}

static void detect_shapes(void)
{
	CHECK_INT(parse(FEED_AUTO, "{\"items\":[]}"), PK_OK);
	CHECK_INT(info.format, FEED_PARKAPI3);
	CHECK_INT(parse(FEED_AUTO, "{\"lots\":[]}"), PK_OK);
	CHECK_INT(info.format, FEED_PARKENDD1);
	CHECK_INT(parse(FEED_AUTO, "[]"), PK_OK);
	CHECK_INT(info.format, FEED_NGSI);
	CHECK_INT(parse(FEED_AUTO, "{\"@context\":\"x\",\"id\":\"urn:a\",\"type\":\"ParkingSpot\","
	                           "\"status\":\"free\"}"),
	          PK_OK);
	CHECK_INT(info.format, FEED_NGSI);
	CHECK_INT(m.n, 1);
	/* A ParkAPI item has a type too, but also lat/lon: not NGSI. */
	CHECK_INT(parse(FEED_AUTO, "{\"id\":\"7\",\"type\":\"CAR_PARK\",\"lat\":48,\"lon\":8,"
	                           "\"capacity\":3}"),
	          PK_OK);
	CHECK_INT(info.format, FEED_PARKAPI3);
	CHECK_STR(m.n ? m.v[0].id : "", "site:7");
	/* Wrong top-level shapes. */
	CHECK_INT(parse(FEED_AUTO, "{\"items\":{}}"), PK_ERR_SHAPE);
	CHECK_INT(parse(FEED_AUTO, "{\"lots\":7}"), PK_ERR_SHAPE);
	CHECK_INT(parse(FEED_AUTO, "{\"hello\":\"world\"}"), PK_ERR_FORMAT);
	CHECK_INT(parse(FEED_AUTO, "[1,2,3]"), PK_ERR_FORMAT);
	CHECK_INT(parse(FEED_AUTO, "\"text\""), PK_ERR_SHAPE);
	CHECK_INT(parse(FEED_AUTO, "null"), PK_ERR_SHAPE);
	CHECK_INT(parse(FEED_AUTO, "12"), PK_ERR_SHAPE);
}

static void malformed(void)
{
	static const char *const bad[] = {
	    "",
	    "   ",
	    "not json",
	    "{\"items\":[{\"id\":1,",
	    "{\"items\":[]}}",
	    "{\"items\":[]} x",
	    "{'items':[]}",
	    "{\"items\":[],}",
	    "[1,2,]",
	    "{\"a\":\"\\ud800\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		CHECK_INT(parse(FEED_AUTO, bad[i]), PK_ERR_JSON);
		CHECK(strncmp(err, "malformed JSON", 14) == 0);
		CHECK_INT(m.n, 0);
	}
	/* A portal's HTML error page is named as such, to any format. */
	CHECK_INT(parse(FEED_AUTO, "<html><body>502 Bad Gateway</body></html>"), PK_ERR_FORMAT);
	CHECK(strncmp(err, "HTML body", 9) == 0);
	CHECK_INT(parse(FEED_PARKAPI3, "\n<!DOCTYPE html><html></html>"), PK_ERR_FORMAT);
	CHECK(strncmp(err, "HTML body", 9) == 0);
	CHECK_INT(parse(FEED_AUTO, "{\"items\":[{\"id\":1,"), PK_ERR_JSON);
	CHECK(strstr(err, "near byte 17") != NULL);
	CHECK_INT(parse(FEED_AUTO, "{\n\"items\":\n[x]}"), PK_ERR_JSON);
	CHECK(strstr(err, "line 3") != NULL);
	/* A NUL byte inside is not JSON, even when what precedes it is. */
	CHECK_INT(parse_n(FEED_AUTO, "{\"items\":[]}\0junk", 17), PK_ERR_JSON);
	CHECK(strstr(err, "NUL byte at byte 12") != NULL);
	CHECK_INT(parse_n(FEED_AUTO, "{\"items\":[]}", 5), PK_ERR_JSON); /* cut short */
	/* Only len bytes are read, whatever follows in memory. */
	CHECK_INT(parse_n(FEED_AUTO, "{\"items\":[]}GARBAGE", 12), PK_OK);
	CHECK_INT(parse_n(FEED_AUTO, NULL, 0), PK_ERR_JSON);
	/* Deep nesting is refused by cJSON's limit, not by the stack. */
	size_t depth = 5000;
	char *deep = malloc(2 * depth + 1);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	deep[2 * depth] = '\0';
	CHECK_INT(parse(FEED_AUTO, deep), PK_ERR_JSON);
	free(deep);
}

static void limits(void)
{
	/* Too many JSON values: refused before cJSON allocates for them. */
	size_t n = (size_t)FEED_MAX_JSON_VALUES + 10;
	char *big = malloc(2 * n + 2);
	big[0] = '[';
	for (size_t i = 0; i < n; i++) {
		big[1 + 2 * i] = '0';
		big[2 + 2 * i] = ',';
	}
	big[2 * n] = ']';
	big[2 * n + 1] = '\0';
	CHECK_INT(parse(FEED_AUTO, big), PK_ERR_TOO_BIG);
	free(big);
	/* Too many entries: refused, the model untouched. */
	const char *item = "{\"id\":\"x\",\"type\":\"ParkingSpot\"},";
	size_t il = strlen(item), count = FEED_MAX_ENTRIES + 1;
	char *many = malloc(il * count + 3);
	many[0] = '[';
	for (size_t i = 0; i < count; i++)
		memcpy(many + 1 + il * i, item, il);
	many[il * count] = ']'; /* replaces the last comma */
	many[il * count + 1] = '\0';
	CHECK_INT(parse(FEED_AUTO, many), PK_ERR_TOO_BIG);
	CHECK(strstr(err, "entries") != NULL);
	CHECK_INT(m.n, 0);
	many[il * (count - 1)] = ']';
	many[il * (count - 1) + 1] = '\0';
	CHECK_INT(parse(FEED_AUTO, many), PK_OK);
	CHECK_INT(m.n, FEED_MAX_ENTRIES);
	free(many);
}

static void error_contract(void)
{
	model_clear(&m);
	struct model_entry *e = model_push(&m, MODEL_SPOT);
	strcpy(e->id, "previous");
	const char *bad = "{\"items\":[{\"id\":1,\"lat\":48,\"lon\":8,\"capacity\":1}";
	info.items = 99;
	CHECK_INT(feed_parse(FEED_AUTO, bad, strlen(bad), &m, &info, err, sizeof err), PK_ERR_JSON);
	CHECK_INT(m.n, 1);
	CHECK_STR(m.v[0].id, "previous");
	CHECK_INT(info.items, 0);
	CHECK(!strchr(err, '\n'));
	/* A tiny error buffer is still NUL-terminated; NULL err and info are fine. */
	char small[8];
	CHECK_INT(feed_parse(FEED_AUTO, "x", 1, &m, &info, small, sizeof small), PK_ERR_JSON);
	CHECK(strlen(small) == 7);
	CHECK_INT(feed_parse(FEED_AUTO, "x", 1, &m, NULL, NULL, 0), PK_ERR_JSON);
	CHECK_INT(feed_parse((enum feed_format)42, "[]", 2, &m, NULL, err, sizeof err),
	          PK_ERR_FORMAT);
	CHECK_INT(m.n, 1);
}

static void names(void)
{
	enum feed_format f = FEED_AUTO;
	CHECK_STR(feed_format_name(FEED_PARKAPI3), "parkapi3");
	CHECK_STR(feed_format_name(FEED_PARKENDD1), "parkenddv1");
	CHECK_STR(feed_format_name(FEED_NGSI), "ngsi");
	CHECK_STR(feed_format_name(FEED_AUTO), "auto");
	CHECK_STR(feed_format_name((enum feed_format)9), "unknown");
	CHECK_STR(feed_format_name(FEED_DATEX2), "datex2");
	for (int i = FEED_AUTO; i <= FEED_DATEX2; i++) {
		CHECK(feed_format_parse(feed_format_name((enum feed_format)i), &f));
		CHECK_INT(f, i);
	}
	CHECK(feed_format_parse("fiware", &f) && f == FEED_NGSI);
	CHECK(feed_format_parse("parkendd", &f) && f == FEED_PARKENDD1);
	CHECK(feed_format_parse("datex2", &f) && f == FEED_DATEX2);
	CHECK(!feed_format_parse("datex3", &f));
	CHECK(!feed_format_parse("", &f));
	CHECK(!feed_format_parse(NULL, &f));
}

/* Every input a fuzzer once crashed on must parse (or fail) cleanly under every format. */
static void regress(void)
{
	char path[2048];
	snprintf(path, sizeof path, "%s", test_source("tests/fuzz/regress"));
	DIR *d = opendir(path);
	CHECK(d != NULL);
	if (!d)
		return;
	int files = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		char file[2400];
		snprintf(file, sizeof file, "%s/%s", path, de->d_name);
		struct stat st;
		if (de->d_name[0] == '.' || stat(file, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		size_t len;
		char *buf = test_read_file(file, &len);
		for (int f = FEED_AUTO; f <= FEED_NGSI; f++) {
			enum pk_err rc = parse_n((enum feed_format)f, buf, len);
			CHECK(rc == PK_OK || err[0] != '\0');
			CHECK(rc != PK_OK || m.n <= FEED_MAX_ENTRIES);
		}
		free(buf);
		files++;
	}
	closedir(d);
	printf("regress: %d inputs replayed\n", files);
	CHECK(files > 0);
}

int main(void)
{
	model_init(&m);
	detect_fixtures();
	detect_shapes();
	malformed();
	limits();
	error_contract();
	names();
	regress();
	model_finish(&m);
	return TEST_END();
}
