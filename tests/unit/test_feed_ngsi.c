/* feed ngsi: the sixteen Smart Data Models examples (NGSI v2 / NGSI-LD, keyValues /
 * normalized) and the wrappers, geometry, groups and times of FEEDS.md §3. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "isotime.h"
#include "feedtest.h"
#include "testlib.h"

static enum pk_err load(const char *rel)
{
	return load_fixture(FEED_AUTO, rel);
}

static enum pk_err load_str(const char *json)
{
	return parse(FEED_NGSI, json, strlen(json));
}

/* "[a,b]" from two fixture files. */
static enum pk_err load_pair(const char *a, const char *b)
{
	size_t la, lb;
	char *x = test_read_file(test_fixture(a), &la);
	char *y = test_read_file(test_fixture(b), &lb);
	char *buf = malloc(la + lb + 4);
	sprintf(buf, "[%s,%s]", x, y);
	enum pk_err rc = parse(FEED_AUTO, buf, strlen(buf));
	free(x);
	free(y);
	free(buf);
	return rc;
}

static int64_t t(const char *iso)
{
	int64_t v = 0;
	isotime_parse(iso, &v);
	return v;
}

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-7;
}

static void off_street(void)
{
	static const struct {
		const char *file, *id, *time, *address;
	} cases[] = {
	    {"fiware/OffStreetParking-keyValues-ngsiv2.json", "porto-ParkingLot-23889",
	     "2021-03-11T15:51:02Z", "Rua de Fernandes Tomás, Porto"},
	    {"fiware/OffStreetParking-normalized-ngsiv2.json", "porto-ParkingLot-23889",
	     "2018-09-21T12:00:00Z", "Rua de Fernandes Tomás, Porto"},
	    {"fiware/OffStreetParking-keyValues-ngsild.jsonld",
	     "urn:ngsi-ld:OffStreetParking:porto-ParkingLot-23889", "2021-03-11T15:51:02Z",
	     "Rua de Fernandes Tomás, Porto"},
	    {"fiware/OffStreetParking-normalized-ngsild.jsonld",
	     "urn:ngsi-ld:OffStreetParking:porto-ParkingLot-23889", "2018-09-21T12:00:00Z",
	     "Rua de Fernandes Tomas, Porto"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		CHECK_INT(load(cases[i].file), PK_OK);
		CHECK_INT(info.format, FEED_NGSI);
		CHECK_INT(m.n, 1);
		const struct model_entry *e = find(cases[i].id);
		CHECK(e != NULL);
		if (!e)
			continue;
		CHECK_INT(e->kind, MODEL_SITE);
		CHECK_STR(e->name, "Parque de estacionamento Trindade");
		CHECK_INT(e->total, 414);
		CHECK_INT(e->free, 132);
		/* GeoJSON is [lon, lat]: Porto is at 41.15 N, 8.61 W. */
		CHECK(e->has_pos && near(e->lat, 41.150691773) && near(e->lon, -8.60961198807));
		CHECK_INT(e->type, MODEL_TYPE_UNDERGROUND);
		CHECK_INT(e->open, MODEL_OPEN_UNKNOWN);
		CHECK_INT(e->updated_at, t(cases[i].time));
		CHECK_STR(e->address, cases[i].address);
		CHECK_INT(e->total_disabled, MODEL_UNKNOWN);
	}
}

static void on_street(void)
{
	static const char *const files[] = {
	    "fiware/OnStreetParking-keyValues-ngsiv2.json",
	    "fiware/OnStreetParking-normalized-ngsiv2.json",
	    "fiware/OnStreetParking-keyValues-ngsild.jsonld",
	    "fiware/OnStreetParking-normalized-ngsild.jsonld",
	};
	for (size_t i = 0; i < 4; i++) {
		CHECK_INT(load(files[i]), PK_OK);
		CHECK_INT(m.n, 1);
		if (m.n != 1)
			continue;
		const struct model_entry *e = &m.v[0];
		CHECK(strstr(e->id, "santander:daoiz_velarde_1_5") != NULL);
		CHECK_INT(e->type, MODEL_TYPE_ON_STREET);
		CHECK_INT(e->total, 6);
		CHECK_INT(e->free, 3);
		/* Polygon: the centroid of the first ring, inside the four corners. */
		CHECK(e->has_pos);
		CHECK(e->lat > 43.46283 && e->lat < 43.46302);
		CHECK(e->lon > -3.80357 && e->lon < -3.80314);
		CHECK(near(e->lat, 43.4629243) && near(e->lon, -3.8033513));
		/* forDisabled on the site: it has some, but without a group no counts. */
		CHECK_INT(e->total_disabled, MODEL_UNKNOWN);
	}
}

static void spots(void)
{
	static const struct {
		const char *file, *id;
		int64_t time;
	} cases[] = {
	    {"fiware/ParkingSpot-keyValues-ngsiv2.json", "santander:daoiz_velarde_1_5:3", 0},
	    {"fiware/ParkingSpot-normalized-ngsiv2.json", "santander:daoiz_velarde_1_5:3",
	     1537531200},
	    {"fiware/ParkingSpot-keyValues-ngsild.jsonld",
	     "urn:ngsi-ld:ParkingSpot:santander:daoiz_velarde_1_5:3", 0},
	    {"fiware/ParkingSpot-normalized-ngsild.jsonld",
	     "urn:ngsi-ld:ParkingSpot:santander:daoiz_velarde_1_5:3", 1537531200},
	};
	for (size_t i = 0; i < 4; i++) {
		CHECK_INT(load(cases[i].file), PK_OK);
		CHECK_INT(m.n, 1);
		const struct model_entry *e = find(cases[i].id);
		CHECK(e != NULL);
		if (!e)
			continue;
		CHECK_INT(e->kind, MODEL_SPOT);
		CHECK_STR(e->name, "A-13");
		CHECK_INT(e->spot, MODEL_SPOT_FREE);
		CHECK(!e->disabled);
		CHECK_INT(e->type, MODEL_TYPE_ON_STREET);
		CHECK(e->has_pos && near(e->lat, 43.46296641666926) &&
		      near(e->lon, -3.80356167695194));
		CHECK_INT(e->updated_at, cases[i].time); /* 2018-09-21T12:00:00(Z) */
	}
}

static void groups(void)
{
	static const char *const files[] = {
	    "fiware/ParkingGroup-keyValues-ngsiv2.json",
	    "fiware/ParkingGroup-normalized-ngsiv2.json",
	    "fiware/ParkingGroup-keyValues-ngsild.jsonld",
	    "fiware/ParkingGroup-normalized-ngsild.jsonld",
	};
	/* Alone, a group has no site to attach to: nothing, counted as skipped. */
	for (size_t i = 0; i < 4; i++) {
		CHECK_INT(load(files[i]), PK_OK);
		CHECK_INT(info.format, FEED_NGSI);
		CHECK_INT(m.n, 0);
		CHECK_INT(info.items, 1);
		CHECK_INT(info.skipped, 1);
	}
	/* With its site in the same body (the site names the group in refParkingGroup):
	 * 1 of 2 accessible bays free, in all four representations. */
	static const char *const sites[] = {
	    "fiware/OnStreetParking-keyValues-ngsiv2.json",
	    "fiware/OnStreetParking-normalized-ngsiv2.json",
	    "fiware/OnStreetParking-keyValues-ngsild.jsonld",
	    "fiware/OnStreetParking-normalized-ngsild.jsonld",
	};
	for (size_t i = 0; i < 4; i++) {
		CHECK_INT(load_pair(sites[i], files[i]), PK_OK);
		CHECK_INT(m.n, 1);
		CHECK_INT(info.items, 2);
		CHECK_INT(info.skipped, 0);
		const struct model_entry *e = m.n ? &m.v[0] : NULL;
		CHECK(e && e->total_disabled == 2 && e->free_disabled == 1);
		CHECK(e && e->total == 6 && e->free == 3);
	}
	/* The older of the two times covers both counts. */
	const struct model_entry *e =
	    find("urn:ngsi-ld:OnStreetParking:santander:daoiz_velarde_1_5");
	CHECK(e && e->updated_at == t("2018-09-12T12:00:00Z"));
	/* A group for another site is not attached, and nothing is invented. */
	CHECK_INT(load_pair("fiware/OffStreetParking-keyValues-ngsiv2.json",
	                    "fiware/ParkingGroup-keyValues-ngsiv2.json"),
	          PK_OK);
	CHECK_INT(m.n, 1);
	CHECK_INT(info.skipped, 1);
	CHECK(m.n == 1 && m.v[0].total_disabled == MODEL_UNKNOWN &&
	      m.v[0].free_disabled == MODEL_UNKNOWN);

	/* The group names its site (refParkingSite); two disabled groups add up; a group
	 * that is not disabled-only adds nothing. */
	CHECK_INT(load_str("[{\"id\":\"S\",\"type\":\"OffStreetParking\",\"totalSpotNumber\":50,"
	                   "\"availableSpotNumber\":\"7\",\"location\":{\"type\":\"Point\","
	                   "\"coordinates\":[7.85,47.99]}},"
	                   "{\"id\":\"G1\",\"type\":\"ParkingGroup\",\"refParkingSite\":\"S\","
	                   "\"category\":[\"onlyDisabled\"],\"totalSpotNumber\":2,"
	                   "\"availableSpotNumber\":1},"
	                   "{\"id\":\"G2\",\"type\":\"ParkingGroup\",\"refParkingSite\":\"S\","
	                   "\"requiredPermit\":\"disabledPermit\",\"totalSpotNumber\":3,"
	                   "\"availableSpotNumber\":\"2\"},"
	                   "{\"id\":\"G3\",\"type\":\"ParkingGroup\",\"refParkingSite\":\"S\","
	                   "\"category\":[\"onlyResidents\"],\"totalSpotNumber\":9,"
	                   "\"availableSpotNumber\":9}]"),
	          PK_OK);
	CHECK_INT(m.n, 1);
	CHECK_INT(info.items, 4);
	CHECK_INT(info.skipped, 1);
	e = find("S");
	CHECK(e && e->total_disabled == 5 && e->free_disabled == 3 && e->free == 7);
	/* One group with an unknown free count makes the sum unknown, not smaller. */
	CHECK_INT(load_str("[{\"id\":\"S\",\"type\":\"OffStreetParking\"},"
	                   "{\"id\":\"G1\",\"type\":\"ParkingGroup\",\"refParkingSite\":\"S\","
	                   "\"category\":\"onlyDisabled\",\"totalSpotNumber\":2,"
	                   "\"availableSpotNumber\":1},"
	                   "{\"id\":\"G2\",\"type\":\"ParkingGroup\",\"refParkingSite\":\"S\","
	                   "\"category\":\"onlyDisabled\",\"totalSpotNumber\":3}]"),
	          PK_OK);
	e = find("S");
	CHECK(e && e->total_disabled == 5 && e->free_disabled == MODEL_UNKNOWN);
	/* A group observed earlier than its site makes the site's data that old. */
	CHECK_INT(load_str("[{\"id\":\"S\",\"type\":\"OffStreetParking\","
	                   "\"dateObserved\":\"2025-05-05T10:00:00Z\"},"
	                   "{\"id\":\"G\",\"type\":\"ParkingGroup\",\"refParkingSite\":\"S\","
	                   "\"category\":\"onlyDisabled\",\"availableSpotNumber\":1,"
	                   "\"dateObserved\":\"2025-05-05T09:00:00Z\"}]"),
	          PK_OK);
	e = find("S");
	CHECK(e && e->free_disabled == 1 && e->updated_at == t("2025-05-05T09:00:00Z"));
}

static void spot_disabled(void)
{
	/* Via a disabled group in the same body, via category, via requiredPermit; a spot
	 * in an ordinary group is not disabled. */
	CHECK_INT(load_str("[{\"id\":\"urn:ngsi-ld:ParkingSpot:1\",\"type\":\"ParkingSpot\","
	                   "\"status\":{\"type\":\"Property\",\"value\":\"occupied\"},"
	                   "\"refParkingGroup\":{\"type\":\"Relationship\",\"object\":"
	                   "\"urn:ngsi-ld:ParkingGroup:D\"}},"
	                   "{\"id\":\"urn:ngsi-ld:ParkingGroup:D\",\"type\":\"ParkingGroup\","
	                   "\"category\":{\"type\":\"Property\",\"value\":[\"onlyDisabled\"]}},"
	                   "{\"id\":\"urn:ngsi-ld:ParkingGroup:N\",\"type\":\"ParkingGroup\","
	                   "\"category\":[\"onStreet\"]},"
	                   "{\"id\":\"2\",\"type\":\"ParkingSpot\",\"status\":\"closed\","
	                   "\"category\":[\"offStreet\",\"ForDisabled\"]},"
	                   "{\"id\":\"3\",\"type\":\"ParkingSpot\",\"status\":\"unknown\","
	                   "\"requiredPermit\":[\"disabledPermit\"]},"
	                   "{\"id\":\"4\",\"type\":\"ParkingSpot\",\"status\":\"free\","
	                   "\"refParkingGroup\":[\"urn:ngsi-ld:ParkingGroup:N\"]},"
	                   "{\"id\":\"5\",\"type\":\"ParkingSpot\",\"status\":\"free\","
	                   "\"refParkingGroup\":[\"elsewhere\"]}]"),
	          PK_OK);
	CHECK_INT(m.n, 5);
	const struct model_entry *e = find("urn:ngsi-ld:ParkingSpot:1");
	CHECK(e && e->disabled && e->spot == MODEL_SPOT_TAKEN);
	e = find("2");
	CHECK(e && e->disabled && e->spot == MODEL_SPOT_CLOSED && e->type == MODEL_TYPE_UNKNOWN);
	e = find("3");
	CHECK(e && e->disabled && e->spot == MODEL_SPOT_UNKNOWN);
	e = find("4");
	CHECK(e && !e->disabled && e->spot == MODEL_SPOT_FREE);
	e = find("5");
	CHECK(e && !e->disabled);
}

static void attributes(void)
{
	/* Status, height, address, hours, expanded IRIs, JSON-LD dates, geo:point text. */
	CHECK_INT(
	    load_str("{\"id\":\"P\",\"type\":\"OffStreetParking\",\"status\":[\"open\","
	             "\"full\"],\"maximumAllowedHeight\":\"2.1\",\"address\":{"
	             "\"streetAddress\":\"Rotteckring 3\",\"postalCode\":\"79098\","
	             "\"addressLocality\":\"Freiburg\"},\"openingHours\":[\"Mo-Fr 07:00-20:00\","
	             "\"Sa 08:00-14:00\"],\"category\":[\"parkingGarage\"],"
	             "\"https://smartdatamodels.org/dataModel.Parking/totalSpotNumber\":{"
	             "\"type\":\"Property\",\"value\":80},"
	             "\"availableSpotNumber\":{\"type\":\"Property\",\"value\":\"0\","
	             "\"observedAt\":{\"@type\":\"DateTime\",\"@value\":"
	             "\"2025-03-01T10:00:00+01:00\"}},"
	             "\"location\":{\"type\":\"geo:point\",\"value\":\"47.99, 7.85\"}}"),
	    PK_OK);
	const struct model_entry *e = find("P");
	CHECK(e && e->open == MODEL_OPEN_OPEN && e->free == 0 && e->total == 80);
	CHECK(e && e->max_height_cm == 210 && e->type == MODEL_TYPE_CAR_PARK);
	CHECK(e && strcmp(e->address, "Rotteckring 3, 79098 Freiburg") == 0);
	CHECK(e && strcmp(e->opening_hours, "Mo-Fr 07:00-20:00; Sa 08:00-14:00") == 0);
	CHECK(e && e->updated_at == t("2025-03-01T09:00:00Z"));
	CHECK(e && e->has_pos && near(e->lat, 47.99) && near(e->lon, 7.85));

	CHECK_INT(
	    load_str("[{\"id\":\"C\",\"type\":\"OffStreetParking\",\"status\":\"closed\","
	             "\"category\":\"ground\",\"address\":\"Hauptstr. 1\","
	             "\"TimeInstant\":\"2025-01-02T03:04:05.678Z\"},"
	             "{\"id\":\"D\",\"type\":\"OffStreetParking\",\"status\":[\"open\","
	             "\"closedAbnormal\"],\"dateObserved\":\"2025-01-02T03:04:05\","
	             "\"name\":{\"type\":\"LanguageProperty\",\"languageMap\":{\"fr\":\"Gare\","
	             "\"de\":\"Bahnhof\"}},\"location\":{\"type\":\"Point\","
	             "\"coordinates\":[\"7.8\",\"47.9\"]}},"
	             "{\"id\":\"E\",\"type\":\"OffStreetParking\",\"totalSpotNumber\":"
	             "{\"type\":\"Number\",\"value\":12,\"metadata\":{\"TimeInstant\":{"
	             "\"type\":\"DateTime\",\"value\":\"2024-12-31T23:00:00Z\"}}},"
	             "\"availableSpotNumber\":{\"type\":\"Number\",\"value\":4,"
	             "\"metadata\":{\"TimeInstant\":{\"type\":\"DateTime\","
	             "\"value\":\"2025-01-01T00:00:00Z\"}}},\"dateModified\":"
	             "\"2025-02-01T00:00:00Z\"}]"),
	    PK_OK);
	CHECK_INT(m.n, 3);
	e = find("C");
	CHECK(e && e->open == MODEL_OPEN_CLOSED && e->type == MODEL_TYPE_LOT);
	CHECK(e && strcmp(e->address, "Hauptstr. 1") == 0 && !e->has_pos);
	CHECK(e && e->updated_at == t("2025-01-02T03:04:05Z"));
	e = find("D");
	CHECK(e && e->open == MODEL_OPEN_CLOSED && e->updated_at == t("2025-01-02T03:04:05Z"));
	CHECK(e && strcmp(e->name, "Bahnhof") == 0);
	CHECK(e && e->has_pos && near(e->lat, 47.9) && near(e->lon, 7.8));
	e = find("E"); /* the count's own time beats the entity's dateModified */
	CHECK(e && e->updated_at == t("2025-01-01T00:00:00Z") && e->free == 4 && e->total == 12);
}

static void filtering(void)
{
	/* Bicycle parking, other entity types, entities without id: skipped. */
	CHECK_INT(load_str("[{\"id\":\"B\",\"type\":\"OffStreetParking\","
	                   "\"allowedVehicleType\":[\"bicycle\"],\"totalSpotNumber\":40},"
	                   "{\"id\":\"V\",\"type\":\"OffStreetParking\","
	                   "\"allowedVehicleType\":[\"bicycle\",\"car\"],\"totalSpotNumber\":40},"
	                   "{\"id\":\"W\",\"type\":\"WeatherObserved\"},"
	                   "{\"type\":\"ParkingSpot\",\"status\":\"free\"},"
	                   "7]"),
	          PK_OK);
	CHECK_INT(m.n, 1);
	CHECK_INT(info.items, 5);
	CHECK_INT(info.skipped, 4);
	CHECK_STR(m.n ? m.v[0].id : "", "V");
	/* Markup and bad UTF-8 in names are text, sanitised. */
	CHECK_INT(load_str("{\"id\":\"<x>\",\"type\":\"ParkingSpot\",\"name\":\"<script>\xc3(\","
	                   "\"status\":\"free\"}"),
	          PK_OK);
	CHECK_STR(m.n ? m.v[0].name : "", "<script>\xef\xbf\xbd(");
	CHECK_STR(m.n ? m.v[0].id : "", "<x>");
	/* Broker errors and other shapes. */
	CHECK_INT(load_str("{\"error\":\"NotFound\",\"description\":\"The requested entity has not "
	                   "been found\"}"),
	          PK_ERR_SHAPE);
	CHECK(strstr(err, "NotFound") != NULL);
	CHECK_INT(load_str("\"OffStreetParking\""), PK_ERR_SHAPE);
	CHECK_INT(load_str("[]"), PK_OK);
	CHECK_INT(m.n, 0);
	/* Broken geometry: no position, no crash. */
	CHECK_INT(
	    load_str("[{\"id\":\"1\",\"type\":\"ParkingSpot\",\"location\":{\"type\":\"Point\","
	             "\"coordinates\":[7]}},"
	             "{\"id\":\"2\",\"type\":\"ParkingSpot\",\"location\":{\"type\":\"Polygon\","
	             "\"coordinates\":[[[1,\"a\"],[2,2]]]}},"
	             "{\"id\":\"3\",\"type\":\"ParkingSpot\",\"location\":{\"type\":\"Polygon\","
	             "\"coordinates\":[]}},"
	             "{\"id\":\"4\",\"type\":\"ParkingSpot\",\"location\":{\"type\":\"Point\","
	             "\"coordinates\":[200,47]}},"
	             "{\"id\":\"5\",\"type\":\"ParkingSpot\",\"location\":{\"type\":\"geo:point\","
	             "\"value\":\"91, 7\"}},"
	             "{\"id\":\"6\",\"type\":\"ParkingSpot\",\"location\":\"47.9; 7.8\"},"
	             "{\"id\":\"7\",\"type\":\"ParkingSpot\",\"location\":{\"type\":\"LineString\","
	             "\"coordinates\":[[7.8,47.9],[7.9,48.1]]}}]"),
	    PK_OK);
	CHECK_INT(m.n, 7);
	for (size_t i = 0; i < 6 && i < m.n; i++)
		CHECK(!m.v[i].has_pos);
	CHECK(m.n == 7 && m.v[6].has_pos && near(m.v[6].lat, 48.0) && near(m.v[6].lon, 7.85));
}

/* A real city FIWARE platform's NGSI v2 normalized OffStreetParking, as it is (a hand-made
 * payload reproducing its shape): positions in "lat" / "lon" attributes instead of
 * "location", numbers as strings, German status words, handicappedParkingSpots. All 25
 * such car parks were once dropped for want of a position. */
static void city_platform(void)
{
	CHECK_INT(
	    load_str("[{\"id\":\"urn:ngsi:OffStreetParking:P1\",\"type\":\"OffStreetParking\","
	             "\"name\":{\"type\":\"Text\",\"value\":\"Parkhaus Mitte\"},"
	             "\"lat\":{\"type\":\"Number\",\"value\":50.9375},"
	             "\"lon\":{\"type\":\"Number\",\"value\":\"6.9603\"},"
	             "\"totalSpotNumber\":{\"type\":\"Number\",\"value\":\"400\"},"
	             "\"availableSpotNumber\":{\"type\":\"Number\",\"value\":120,"
	             "\"metadata\":{\"TimeInstant\":{\"type\":\"DateTime\",\"value\":"
	             "\"2025-03-01T10:00:00.000Z\"}}},"
	             "\"status\":{\"type\":\"Text\",\"value\":\"Offen\"},"
	             "\"handicappedParkingSpots\":{\"type\":\"Number\",\"value\":6}},"
	             "{\"id\":\"urn:ngsi:OffStreetParking:P2\",\"type\":\"OffStreetParking\","
	             "\"name\":{\"type\":\"Text\",\"value\":\"Tiefgarage Dom\"},"
	             "\"lat\":{\"type\":\"Number\",\"value\":50.9413},"
	             "\"lon\":{\"type\":\"Number\",\"value\":6.9583},"
	             "\"totalSpotNumber\":{\"type\":\"Number\",\"value\":300},"
	             "\"availableSpotNumber\":{\"type\":\"Number\",\"value\":0},"
	             "\"status\":{\"type\":\"Text\",\"value\":\"Stoerung\"}},"
	             "{\"id\":\"urn:ngsi:OffStreetParking:P3\",\"type\":\"OffStreetParking\","
	             "\"lat\":{\"type\":\"Number\",\"value\":50.93},"
	             "\"lon\":{\"type\":\"Number\",\"value\":6.95},"
	             "\"totalSpotNumber\":{\"type\":\"Number\",\"value\":80},"
	             "\"availableSpotNumber\":{\"type\":\"Number\",\"value\":10},"
	             "\"status\":{\"type\":\"Text\",\"value\":\"Geschlossen\"}}]"),
	    PK_OK);
	CHECK_INT(info.format, FEED_NGSI);
	CHECK_INT(m.n, 3);
	const struct model_entry *e = find("urn:ngsi:OffStreetParking:P1");
	CHECK(e && e->has_pos && fabs(e->lat - 50.9375) < 1e-9 && fabs(e->lon - 6.9603) < 1e-9);
	CHECK(e && e->total == 400 && e->free == 120 && e->open == MODEL_OPEN_OPEN);
	CHECK(e && e->total_disabled == 6 && strcmp(e->name, "Parkhaus Mitte") == 0);
	e = find("urn:ngsi:OffStreetParking:P2"); /* a fault: the count is not a reading */
	CHECK(e && e->has_pos && e->free == MODEL_UNKNOWN && e->total == 300);
	e = find("urn:ngsi:OffStreetParking:P3");
	CHECK(e && e->open == MODEL_OPEN_CLOSED);
	/* One such entity alone, auto-detected, is NGSI too (not a ParkAPI item). */
	CHECK_INT(parse(FEED_AUTO,
	                "{\"id\":\"P9\",\"type\":\"OffStreetParking\",\"lat\":{\"type\":"
	                "\"Number\",\"value\":50.9},\"lon\":{\"type\":\"Number\",\"value\":6.9}}",
	                strlen("{\"id\":\"P9\",\"type\":\"OffStreetParking\",\"lat\":{\"type\":"
	                       "\"Number\",\"value\":50.9},\"lon\":{\"type\":\"Number\","
	                       "\"value\":6.9}}")),
	          PK_OK);
	CHECK_INT(info.format, FEED_NGSI);
	CHECK(m.n == 1 && m.v[0].has_pos);
}

int main(void)
{
	model_init(&m);
	off_street();
	on_street();
	spots();
	groups();
	spot_disabled();
	attributes();
	filtering();
	city_platform();
	model_finish(&m);
	return TEST_END();
}
