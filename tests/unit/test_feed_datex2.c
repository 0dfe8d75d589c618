/* feed datex2: every DATEX II fixture (tests/fixtures/datex2, SOURCES.md), the static
 * table / status pairs joined by record id (model_join_records), the hand-made Frankfurt
 * table for the real 2017 status, and the hardening: a DOCTYPE, an XXE and a billion-laughs
 * document are refused at once. Links only the core. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "feed.h"
#include "feedtest.h"
#include "isotime.h"
#include "testlib.h"

static int64_t t(const char *iso)
{
	int64_t v = 0;
	isotime_parse(iso, &v);
	return v;
}

static enum pk_err load_str(enum feed_format fmt, const char *s)
{
	return parse(fmt, s, strlen(s));
}

/* Appends a fixture to m without clearing it: a table and its status in one model. */
static enum pk_err add_fixture(const char *rel, int feed)
{
	size_t len;
	char *buf = test_read_file(test_fixture(rel), &len);
	size_t start = m.n;
	enum pk_err rc = feed_parse(FEED_AUTO, buf, len, &m, &info, err, sizeof err);
	if (rc != PK_OK)
		fprintf(stderr, "%s: %s\n", rel, err);
	for (size_t i = start; i < m.n; i++)
		m.v[i].feed = feed;
	free(buf);
	return rc;
}

static size_t count_role(enum model_role r)
{
	size_t n = 0;
	for (size_t i = 0; i < m.n; i++)
		n += m.v[i].role == r;
	return n;
}

/* Table + status of one publisher, joined as the fetcher joins its feeds. */
static size_t pair(const char *table, const char *status)
{
	model_clear(&m);
	CHECK_INT(add_fixture(table, 0), PK_OK);
	CHECK_INT(info.format, FEED_DATEX2);
	CHECK_INT(add_fixture(status, 1), PK_OK);
	size_t orphans = 99;
	model_join_records(&m, &orphans);
	return orphans;
}

static void stuttgart(void)
{
	const char *st = "datex2/stuttgart-parkingFacilityTableStatusPublication-2023-10-07.xml";
	CHECK_INT(load_fixture(FEED_DATEX2, st), PK_OK);
	CHECK_INT(m.n, 49);
	CHECK_INT(info.items, 49);
	CHECK_INT(count_role(MODEL_ROLE_STATUS), 49);
	CHECK_INT(
	    load_fixture(FEED_AUTO, "datex2/stuttgart-parkingFacilityTablePublication-static.xml"),
	    PK_OK);
	CHECK_INT(m.n, 49);
	CHECK_INT(count_role(MODEL_ROLE_TABLE), 49);

	size_t orphans = pair("datex2/stuttgart-parkingFacilityTablePublication-static.xml", st);
	CHECK_INT(orphans, 0);
	CHECK_INT(m.n, 49);
	CHECK_INT(count_role(MODEL_ROLE_LIVE), 49);
	const struct model_entry *e = find("12717375");
	CHECK(e && strcmp(e->name, "Kronprinzstraße") == 0);
	CHECK(e && e->total == 564 && e->free == 528 && e->open == MODEL_OPEN_OPEN);
	CHECK(e && e->updated_at == t("2023-10-07T03:45:13+02:00") && e->feed == 1);
	/* The table's positions are UTM 32N (5402496 N, 512788 E): near Stuttgart's centre. */
	CHECK(e && e->has_pos && fabs(e->lat - 48.7767) < 0.01 && fabs(e->lon - 9.1744) < 0.01);
	CHECK(e && e->type == MODEL_TYPE_LOT); /* singleLevel */
	/* closed + spacesAvailable: closed wins, the counts stay. */
	e = find("12717253");
	CHECK(e && e->open == MODEL_OPEN_CLOSED && e->free == 457);
	/* statusUnknown alone: no counts, but its time. */
	e = find("78319431");
	CHECK(e && e->free == MODEL_UNKNOWN && e->open == MODEL_OPEN_UNKNOWN);
	CHECK(e && e->updated_at == t("2023-10-07T03:45:31.582+02:00"));
	/* full. */
	e = find("12717345");
	CHECK(e && e->free == 0 && e->open == MODEL_OPEN_OPEN);
	/* The epoch placeholder "1970-01-01T01:00:00+01:00" is no time: unknown age. */
	e = find("12717450");
	CHECK(e && e->updated_at == 0);
	/* A status years old keeps its true age. */
	e = find("12717289");
	CHECK(e && e->updated_at == t("2022-02-11T14:16:01+01:00") && e->free == 245);
	/* Disabled assigned spaces of the table (personTypeForWhichSpacesAssigned). */
	size_t with_disabled = 0;
	for (size_t i = 0; i < m.n; i++)
		with_disabled += m.v[i].total_disabled != MODEL_UNKNOWN;
	CHECK_INT(with_disabled, 49);
	int placed = 0;
	for (size_t i = 0; i < m.n; i++)
		placed += m.v[i].has_pos && m.v[i].lat > 48.6 && m.v[i].lat < 48.9;
	CHECK_INT(placed, 49);
}

static void aachen(void)
{
	size_t orphans = pair("datex2/aachen-parkingTablePublication-static.xml",
	                      "datex2/aachen-parkingStatusPublication-2025-02-07.xml");
	CHECK_INT(orphans, 0);
	CHECK_INT(m.n, 17);
	const struct model_entry *e = find("P1");
	CHECK(e && strcmp(e->name, "P01-Eurogress") == 0);
	CHECK(e && e->total == 560 && e->free == 412 && e->open == MODEL_OPEN_OPEN);
	CHECK(e && e->has_pos && fabs(e->lat - 50.780552) < 1e-6 &&
	      fabs(e->lon - 6.0927987) < 1e-6);
	CHECK(e && e->type == MODEL_TYPE_CAR_PARK); /* multiStorey */
	CHECK(e && e->updated_at == t("2025-02-07T19:05:34.176Z"));
	CHECK_INT(count_role(MODEL_ROLE_LIVE), 17);
}

static void vrs(void)
{
	size_t orphans = pair("datex2/vrs-bondorf-parkingTablePublication-static.xml",
	                      "datex2/vrs-bondorf-parkingStatusPublication-2025-05-09.xml");
	CHECK_INT(orphans, 0);
	CHECK_INT(m.n, 1);
	/* Status "1035[P+R Bondorf]" joins table "1035"; the override 313 beats the table's 314. */
	const struct model_entry *e = find("1035");
	CHECK(e && strcmp(e->name, "P+R Bondorf") == 0);
	CHECK(e && e->total == 313 && e->free == 215);
	CHECK(e && e->has_pos && fabs(e->lat - 48.52436858335742) < 1e-9);
	CHECK(e && e->updated_at == t("2025-05-09T21:41:58.5461534+02:00"));
	CHECK(e && e->role == MODEL_ROLE_LIVE);
}

static void friedrichshafen(void)
{
	size_t orphans =
	    pair("datex2/friedrichshafen-disabled-sensors-parkingTablePublication-2025-07-18.xml",
	         "datex2/friedrichshafen-disabled-sensors-parkingStatusPublication-2025-07-18.xml");
	CHECK_INT(orphans, 0);
	CHECK_INT(m.n, 55);
	/* Each one-space disabled site is an accessible bay. */
	size_t spots = 0, disabled = 0, taken = 0, free = 0;
	for (size_t i = 0; i < m.n; i++) {
		spots += m.v[i].kind == MODEL_SPOT;
		disabled += m.v[i].disabled;
		taken += m.v[i].spot == MODEL_SPOT_TAKEN;
		free += m.v[i].spot == MODEL_SPOT_FREE;
	}
	CHECK_INT(spots, 55);
	CHECK_INT(disabled, 55);
	CHECK_INT(taken + free, 55);
	CHECK(free > 0 && taken > 0);
	const struct model_entry *e = find("PH19");
	CHECK(e && strcmp(e->name, "A1225b_Metzstraße_Hsnr.1") == 0);
	CHECK(e && e->spot == MODEL_SPOT_TAKEN && e->kind == MODEL_SPOT && e->disabled);
	CHECK(e && e->has_pos && fabs(e->lat - 47.652096) < 1e-9 && fabs(e->lon - 9.478454) < 1e-9);
	CHECK(e && e->updated_at == t("2025-07-18T06:41:01.434Z"));
}

static void bietigheim(void)
{
	const char *tab = "datex2/bietigheim-bissingen-v3-ParkingTablePublication-2025-06.xml";
	const char *st = "datex2/bietigheim-bissingen-v3-ParkingStatusPublication-2025-06-17.xml";
	CHECK_INT(load_fixture(FEED_AUTO, st), PK_OK);
	CHECK_INT(info.format, FEED_DATEX2);
	CHECK_INT(m.n, 2);
	size_t orphans = pair(tab, st);
	CHECK_INT(orphans, 0);
	CHECK_INT(m.n, 2);
	const struct model_entry *e = find("de:00001:00001:parkhaus");
	CHECK(e && strcmp(e->name, "Parkhaus Europabrücke") == 0);
	CHECK(e && e->total == 100 && e->free == 50);
	CHECK(e && e->has_pos && fabs(e->lat - 47.67337657728699) < 1e-9);
	CHECK(e && e->updated_at == t("2025-06-17T13:18:01.739+02:00"));
	e = find("de:00001:00002:parkhaus");
	CHECK(e && strcmp(e->name, "Parkhaus Altstadt") == 0 && e->free == 400);
}

static void frankfurt(void)
{
	const char *st =
	    "datex2/frankfurt-mdm-parkingFacilityTableStatusPublication-2017-03-04.xml";
	/* Alone, the status has nothing to place: every record is an orphan. */
	CHECK_INT(load_fixture(FEED_AUTO, st), PK_OK);
	CHECK_INT(m.n, 22);
	CHECK_INT(info.items, 22); /* the five parkingAreaStatus aggregates are not records */
	size_t orphans = 0;
	model_join_records(&m, &orphans);
	CHECK_INT(orphans, 22);
	CHECK_INT(m.n, 0);

	orphans = pair("handmade/frankfurt-mdm-parkingFacilityTablePublication.handmade.xml", st);
	CHECK_INT(orphans, 0);
	CHECK_INT(m.n, 22);
	const struct model_entry *e = find("24278"); /* status id "24278[Karstadt]" */
	CHECK(e && strcmp(e->name, "Karstadt") == 0);
	CHECK(e && e->total == 657 && e->free == 151 && e->open == MODEL_OPEN_OPEN);
	CHECK(e && e->updated_at == t("2017-03-04T15:04:00.000+01:00"));
	e = find("18497");
	CHECK(e && strcmp(e->name, "Hauptwache") == 0 && e->free == 0 && e->total == 426);
	e = find("107772"); /* "Goetheplatz " with a blank in the bracket */
	CHECK(e && strcmp(e->name, "Goetheplatz") == 0 && e->free == 19);
	e = find("18498"); /* Interconti: occupancy NaN, capacity 0 */
	CHECK(e && e->total == 0 && e->free == 0);
	for (size_t i = 0; i < m.n; i++)
		CHECK(m.v[i].has_pos && m.v[i].role == MODEL_ROLE_LIVE);
}

/* Counts missing: free from occupied, else from occupancy (fraction or percent). */
static void derived_counts(void)
{
	const char *table =
	    "<d2LogicalModel xmlns='http://datex2.eu/schema/2/2_0'><payloadPublication>"
	    "<publicationTime>2025-01-01T10:00:00Z</publicationTime><genericPublicationExtension>"
	    "<parkingTablePublication><parkingTable>"
	    "<parkingRecord id='A'><parkingName><values><value>A</value></values></parkingName>"
	    "<parkingNumberOfSpaces>200</"
	    "parkingNumberOfSpaces><parkingLocation><pointByCoordinates>"
	    "<pointCoordinates><latitude>48.1</latitude><longitude>9.1</longitude></"
	    "pointCoordinates>"
	    "</pointByCoordinates></parkingLocation></parkingRecord>"
	    "<parkingRecord id='B'><parkingNumberOfSpaces>100</parkingNumberOfSpaces>"
	    "<parkingLocation><pointByCoordinates><pointCoordinates><latitude>48.2</latitude>"
	    "<longitude>9.2</longitude></pointCoordinates></pointByCoordinates></parkingLocation>"
	    "<onlyAssignedParking><applicableForUser>disabled</applicableForUser>"
	    "</onlyAssignedParking></parkingRecord>"
	    "<parkingRecord id='C'><parkingNumberOfSpaces>10</parkingNumberOfSpaces>"
	    "<parkingLocation><pointByCoordinates><pointCoordinates><latitude>48.3</latitude>"
	    "<longitude>9.3</longitude></pointCoordinates></pointByCoordinates></parkingLocation>"
	    "</parkingRecord>"
	    "</parkingTable></parkingTablePublication></genericPublicationExtension>"
	    "</payloadPublication></d2LogicalModel>";
	const char *status =
	    "<x:d2LogicalModel xmlns:x='http://datex2.eu/schema/2/2_0'><x:payloadPublication>"
	    "<x:publicationTime>2025-01-01T10:05:00Z</x:publicationTime>"
	    "<x:genericPublicationExtension><x:parkingStatusPublication>"
	    "<x:parkingRecordStatus><x:parkingRecordReference id='A'/>"
	    "<x:parkingOccupancy><x:parkingNumberOfOccupiedSpaces>150</"
	    "x:parkingNumberOfOccupiedSpaces>"
	    "</x:parkingOccupancy></x:parkingRecordStatus>"
	    "<x:parkingRecordStatus><x:parkingRecordReference id='B'/>"
	    "<x:parkingStatusOriginTime>2025-01-01T09:59:00Z</x:parkingStatusOriginTime>"
	    "<x:parkingOccupancy><x:parkingOccupancy>25</x:parkingOccupancy></x:parkingOccupancy>"
	    "</x:parkingRecordStatus>"
	    "<x:parkingRecordStatus><x:parkingRecordReference id='C'/>"
	    "<x:parkingStatusOriginTime>gestern</x:parkingStatusOriginTime>"
	    "<x:parkingOccupancy><x:parkingNumberOfVacantSpaces>3</x:parkingNumberOfVacantSpaces>"
	    "</x:parkingOccupancy></x:parkingRecordStatus>"
	    "<x:parkingRecordStatus><x:parkingRecordReference "
	    "id='nowhere'/></x:parkingRecordStatus>"
	    "<x:parkingRecordStatus><x:parkingRecordReference "
	    "id='nowhere2'/></x:parkingRecordStatus>"
	    "</x:parkingStatusPublication></x:genericPublicationExtension></x:payloadPublication>"
	    "</x:d2LogicalModel>";
	model_clear(&m);
	CHECK_INT(feed_parse(FEED_DATEX2, table, strlen(table), &m, &info, err, sizeof err), PK_OK);
	CHECK_INT(feed_parse(FEED_AUTO, status, strlen(status), &m, &info, err, sizeof err), PK_OK);
	CHECK_INT(m.n, 8);
	size_t orphans = 0;
	model_join_records(&m, &orphans);
	CHECK_INT(orphans, 2);
	CHECK_INT(m.n, 3);
	const struct model_entry *e = find("A");
	/* No record time: the publication's. Free = 200 - 150. */
	CHECK(e && e->free == 50 && e->total == 200 && e->updated_at == t("2025-01-01T10:05:00Z"));
	e = find("B"); /* percent 25 of 100; a disabled-only site: all its spaces accessible */
	CHECK(e && e->free == 75 && e->total_disabled == 100 && e->free_disabled == 75);
	CHECK(e && e->updated_at == t("2025-01-01T09:59:00Z"));
	e = find("C"); /* an unreadable record time is no time, not the publication's */
	CHECK(e && e->free == 3 && e->updated_at == 0);
}

static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static long max_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void hostile(void)
{
	const char *xxe =
	    "<?xml version='1.0'?>\n"
	    "<!DOCTYPE d2LogicalModel [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>\n"
	    "<d2LogicalModel xmlns='http://datex2.eu/schema/2/2_0'><payloadPublication>"
	    "<publicationTime>&xxe;</publicationTime></payloadPublication>"
	    "</d2LogicalModel>";
	CHECK_INT(load_str(FEED_AUTO, xxe), PK_ERR_SHAPE);
	CHECK(strstr(err, "refused") != NULL);
	CHECK_INT(m.n, 0);
	/* Billion laughs: 10 levels of 10 references, a gigabyte if expanded. */
	char lol[4096];
	size_t n = (size_t)snprintf(lol, sizeof lol,
	                            "<?xml version='1.0'?>\n<!DOCTYPE lolz [\n"
	                            " <!ENTITY lol 'lol'>\n");
	for (int i = 1; i <= 9; i++) {
		n += (size_t)snprintf(lol + n, sizeof lol - n, " <!ENTITY lol%d '", i);
		for (int j = 0; j < 10; j++)
			n += (size_t)snprintf(lol + n, sizeof lol - n, "&lol%s;",
			                      i == 1 ? "" : (char[]){(char)('0' + i - 1), 0});
		n += (size_t)snprintf(lol + n, sizeof lol - n, "'>\n");
	}
	snprintf(
	    lol + n, sizeof lol - n,
	    "]>\n<d2LogicalModel xmlns='http://datex2.eu/schema/2/2_0'>&lol9;</d2LogicalModel>");
	long rss0 = max_rss_kb();
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK_INT(load_str(FEED_AUTO, lol), PK_ERR_SHAPE);
	CHECK_INT(load_str(FEED_DATEX2, lol), PK_ERR_SHAPE);
	clock_gettime(CLOCK_MONOTONIC, &b);
	CHECK(seconds(&a, &b) < 0.5);
	CHECK(max_rss_kb() - rss0 < 8 * 1024); /* under 8 MiB more than before */
	/* An entity reference without any declaration is not expanded either. */
	CHECK_INT(load_str(FEED_AUTO, "<d2LogicalModel xmlns='http://datex2.eu/schema/2/2_0'>"
	                              "&amp;&foo;</d2LogicalModel>"),
	          PK_ERR_SHAPE);
	/* Deep nesting stops at the depth limit. */
	const char *head = "<d2LogicalModel xmlns='http://datex2.eu/schema/2/2_0'>";
	size_t hl = strlen(head), levels = 200;
	char *d = malloc(hl + levels * 3 + 1);
	memcpy(d, head, hl);
	for (size_t i = 0; i < levels; i++)
		memcpy(d + hl + i * 3, "<a>", 3);
	CHECK_INT(parse(FEED_AUTO, d, hl + levels * 3), PK_ERR_SHAPE);
	CHECK(strstr(err, "deeper") != NULL);
	free(d);
	/* Not DATEX II, malformed XML, HTML. */
	CHECK_INT(load_str(FEED_AUTO, "<?xml version='1.0'?><rss><channel/></rss>"), PK_ERR_FORMAT);
	CHECK(strstr(err, "not DATEX II") != NULL);
	CHECK_INT(load_str(FEED_AUTO, "<d2LogicalModel xmlns='http://datex2.eu/schema/2/2_0'><a>"),
	          PK_ERR_SHAPE);
	CHECK(strstr(err, "malformed XML") != NULL);
	CHECK_INT(load_str(FEED_AUTO, "<!DOCTYPE html><html><body>502</body></html>"),
	          PK_ERR_FORMAT);
	CHECK(strstr(err, "HTML") != NULL);
}

/* An XML body given to a JSON format says what to do, not "malformed JSON". */
static void xml_to_json_format(void)
{
	const char *x = "<?xml version='1.0'?><d2LogicalModel "
	                "xmlns='http://datex2.eu/schema/2/2_0'/>";
	CHECK_INT(load_str(FEED_PARKAPI3, x), PK_ERR_FORMAT);
	CHECK(strstr(err, "XML body: set format datex2?") != NULL);
	CHECK_INT(load_str(FEED_NGSI, x), PK_ERR_FORMAT);
	CHECK(strstr(err, "XML body: set format datex2?") != NULL);
	CHECK_INT(load_str(FEED_DATEX2, "{\"items\":[]}"), PK_ERR_FORMAT);
	CHECK(strstr(err, "not XML") != NULL);
	enum feed_format f = FEED_AUTO;
	CHECK(feed_format_parse("datex2", &f) && f == FEED_DATEX2);
	CHECK_STR(feed_format_name(FEED_DATEX2), "datex2");
}

int main(void)
{
	model_init(&m);
	stuttgart();
	aachen();
	vrs();
	friedrichshafen();
	bietigheim();
	frankfurt();
	derived_counts();
	hostile();
	xml_to_json_format();
	model_finish(&m);
	return TEST_END();
}
