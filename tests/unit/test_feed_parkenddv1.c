/* feed parkenddv1: the real Zürich and Dresden city documents and the quirks of
 * FEEDS.md §2 (coords null, lng, free optional, naive UTC times, free > total kept). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "isotime.h"
#include "feedtest.h"
#include "testlib.h"

static enum pk_err load(enum feed_format fmt, const char *rel)
{
	return load_fixture(fmt, rel);
}

static enum pk_err load_str(const char *json)
{
	return parse(FEED_PARKENDD1, json, strlen(json));
}

static int64_t t(const char *iso)
{
	int64_t v = 0;
	isotime_parse(iso, &v);
	return v;
}

static void zuerich(void)
{
	CHECK_INT(load(FEED_AUTO, "parkenddv1/zuerich-city-2019-12-18.json"), PK_OK);
	CHECK_INT(info.format, FEED_PARKENDD1);
	CHECK_INT(m.n, 37);
	CHECK_INT(info.items, 37);
	CHECK_INT(info.skipped, 0);
	CHECK_INT(info.feed_time, t("2019-12-18T15:24:27Z")); /* naive = UTC */
	int placed = 0;
	for (size_t i = 0; i < m.n; i++) {
		CHECK_INT(m.v[i].kind, MODEL_SITE);
		CHECK_INT(m.v[i].updated_at, 0); /* the loader stamps feed_time */
		placed += m.v[i].has_pos;
	}
	CHECK_INT(placed, 33); /* four lots have "coords": null */
	const struct model_entry *e = find("zuerichparkhausaccu");
	CHECK(e && strcmp(e->name, "Accu") == 0 && e->total == 194 && e->free == 155);
	CHECK(e && e->open == MODEL_OPEN_OPEN && e->type == MODEL_TYPE_CAR_PARK);
	CHECK(e && fabs(e->lat - 47.414848) < 1e-9 && fabs(e->lon - 8.540748) < 1e-9);
	CHECK(e && strcmp(e->address, "Otto-Schütz-Weg") == 0);
	/* free > total is what the feed says: kept for the view to flag. */
	e = find("zuerichparkhausmaxbillplatz");
	CHECK(e && e->free == 75 && e->total == 59);
	e = find("zuerichparkplatzeisfeld");
	CHECK(e && e->free == 280 && e->total == 240 && e->type == MODEL_TYPE_LOT);
	e = find("zuerichpuls5parkgarage"); /* total 0, free 20, lot_type "", coords null */
	CHECK(e && e->total == 0 && e->free == 20 && !e->has_pos);
	CHECK(e && e->type == MODEL_TYPE_UNKNOWN);
	e = find("zuerichparkhausopéra"); /* non-ASCII id, coords null */
	CHECK(e && !e->has_pos && e->total == 299 && e->free == 0);
	e = find("zuerichparkgarageamcentral");
	CHECK(e && e->type == MODEL_TYPE_UNKNOWN); /* lot_type "" */
}

static void dresden(void)
{
	CHECK_INT(load(FEED_PARKENDD1, "parkenddv1/dresden-city-2022-03-01.expected-response.json"),
	          PK_OK);
	CHECK_INT(m.n, 2);
	CHECK_INT(info.feed_time, t("2022-03-01T17:23:36Z"));
	const struct model_entry *e = find("dresdenaltmarkt");
	CHECK(e && e->free == 154 && e->total == 400 && e->open == MODEL_OPEN_OPEN);
	CHECK(e && e->type == MODEL_TYPE_UNDERGROUND);
	CHECK(e && fabs(e->lat - 51.0506700789) < 1e-9 && fabs(e->lon - 13.741789104) < 1e-9);
	/* A multi-line address becomes one line. */
	CHECK(e && strncmp(e->address, "Altmarkt 1 01067 Dresden Einfahrt", 33) == 0);
	CHECK(e && !strchr(e->address, '\n'));
	e = find("dresdenanderfrauenkirche"); /* closed, no "free" key */
	CHECK(e && e->open == MODEL_OPEN_CLOSED && e->free == MODEL_UNKNOWN && e->total == 120);
}

static void schema_is_not_a_feed(void)
{
	/* The JSON schema of the format is JSON but not a city document. */
	CHECK_INT(load(FEED_AUTO, "parkenddv1/city_schema.json"), PK_ERR_FORMAT);
	CHECK_INT(m.n, 0);
	CHECK_INT(load(FEED_PARKENDD1, "parkenddv1/city_schema.json"), PK_ERR_SHAPE);
	CHECK(strstr(err, "lots") != NULL);
	CHECK_INT(m.n, 0);
}

static void quirks(void)
{
	CHECK_INT(
	    load_str("{\"last_updated\":\"2015-06-15T12:31:00\",\"lots\":["
	             "{\"id\":\"a\",\"name\":\"A\",\"total\":10,\"free\":3,\"state\":\"nodata\","
	             "\"coords\":{\"lat\":51,\"lng\":13},\"lot_type\":\"garage\"},"
	             "{\"id\":\"b\",\"total\":\"10\",\"free\":\"4\",\"state\":\"unknown\","
	             "\"coords\":{\"lat\":\"51.5\",\"lon\":13},\"lot_type\":\"Parkdeck\"},"
	             "{\"id\":\"c\",\"total\":10,\"free\":null,\"state\":\"OPEN\","
	             "\"coords\":{\"lat\":51,\"lng\":13},\"lot_type\":\"street\"},"
	             "{\"id\":\"d\",\"total\":-1,\"free\":2.5,\"lot_type\":\"Tiefgarage\"},"
	             "{\"name\":\"no id\",\"total\":1},"
	             "{\"id\":\"\",\"total\":1},"
	             "[]]}"),
	    PK_OK);
	CHECK_INT(info.feed_time, t("2015-06-15T12:31:00Z"));
	CHECK_INT(m.n, 5);
	CHECK_INT(info.items, 7);
	CHECK_INT(info.skipped, 2);   /* "" id without a name, and [] */
	CHECK(find("no id") != NULL); /* no id: its name (it has no coordinates) */
	const struct model_entry *e = find("a");
	/* "nodata": the free number is a placeholder, not data. */
	CHECK(e && e->free == MODEL_UNKNOWN && e->total == 10 && e->open == MODEL_OPEN_UNKNOWN);
	CHECK(e && e->type == MODEL_TYPE_CAR_PARK && e->has_pos);
	e = find("b");
	/* "unknown" is the opening state; the count stays. "lon" is not this format's key. */
	CHECK(e && e->free == 4 && e->total == 10 && e->open == MODEL_OPEN_UNKNOWN);
	CHECK(e && !e->has_pos && e->type == MODEL_TYPE_CAR_PARK);
	e = find("c");
	CHECK(e && e->free == MODEL_UNKNOWN && e->open == MODEL_OPEN_OPEN);
	CHECK(e && e->type == MODEL_TYPE_ON_STREET);
	e = find("d");
	CHECK(e && e->total == -1 && e->free == FEED_COUNT_IMPOSSIBLE);
	CHECK(e && e->type == MODEL_TYPE_UNDERGROUND);
	/* A bad last_updated is no time at all. */
	CHECK_INT(load_str("{\"last_updated\":\"gestern\",\"lots\":[]}"), PK_OK);
	CHECK_INT(info.feed_time, 0);
	/* Shapes. */
	CHECK_INT(load_str("{\"lots\":{}}"), PK_ERR_SHAPE);
	CHECK_INT(load_str("[]"), PK_ERR_SHAPE);
	CHECK_INT(load_str("{\"lots\":[{\"id\":\"x\",\"coords\":{\"lat\":true,\"lng\":8}}"),
	          PK_ERR_JSON);
}

/* Real city documents as they are (hand-made payloads reproducing their shapes): lots
 * without "id" (a real v1 city document lost 16 of 25 lots, another all 30), stadtnavi's
 * "total:disabled" / "free:disabled" and "Barrierefreier-Parkplatz" bays, lot_type values
 * "Park-Ride" / "Park-Carpool", pre-schema states "many" / "few". */
static void real_shapes(void)
{
	CHECK_INT(
	    load_str("{\"last_updated\":\"2024-05-02T10:00:00\",\"lots\":["
	             "{\"name\":\"P+R Nord\",\"total\":120,\"free\":30,\"state\":\"open\","
	             "\"lot_type\":\"Park-Ride\",\"coords\":{\"lat\":48.5967,\"lng\":8.8706}},"
	             "{\"name\":\"Mitfahrerparkplatz\",\"total\":40,\"free\":12,"
	             "\"state\":\"many\",\"lot_type\":\"Park-Carpool\","
	             "\"coords\":{\"lat\":48.59,\"lng\":8.86}},"
	             "{\"name\":\"Altstadt\",\"total\":200,\"free\":8,\"state\":\"few\","
	             "\"total:disabled\":4,\"free:disabled\":1,\"lot_type\":\"Parkhaus\","
	             "\"coords\":{\"lat\":48.5957,\"lng\":8.8697}},"
	             "{\"name\":\"Marktplatz 3\",\"total\":1,\"free\":1,\"state\":\"open\","
	             "\"lot_type\":\"Barrierefreier-Parkplatz\","
	             "\"coords\":{\"lat\":48.5961,\"lng\":8.8702}},"
	             "{\"name\":\"Bahnhof 1\",\"total\":1,\"free\":0,\"state\":\"open\","
	             "\"lot_type\":\"Barrierefreier-Parkplatz\","
	             "\"coords\":{\"lat\":48.5931,\"lng\":8.8630}},"
	             "{\"name\":\"Radhaus\",\"total\":50,\"free\":20,\"state\":\"open\","
	             "\"lot_type\":\"Fahrradparkhaus\",\"coords\":{\"lat\":48.59,\"lng\":8.87}},"
	             "{\"total\":10,\"free\":2,\"state\":\"open\"}"
	             "]}"),
	    PK_OK);
	CHECK_INT(info.items, 7);
	CHECK_INT(m.n, 5);
	CHECK_INT(info.skipped, 2);
	CHECK_STR(info.skip_reason, "bicycle parking");
	/* No id: "name/lng/lat", stable across fetches. */
	const struct model_entry *e = find("P+R Nord/8.870600/48.596700");
	CHECK(e && e->type == MODEL_TYPE_LOT && e->free == 30 && e->open == MODEL_OPEN_OPEN);
	e = find("Mitfahrerparkplatz/8.860000/48.590000");
	CHECK(e && e->type == MODEL_TYPE_LOT && e->open == MODEL_OPEN_OPEN); /* many */
	e = find("Altstadt/8.869700/48.595700");
	CHECK(e && e->open == MODEL_OPEN_OPEN && e->type == MODEL_TYPE_CAR_PARK); /* few */
	CHECK(e && e->total_disabled == 4 && e->free_disabled == 1);
	/* Accessible bays. */
	e = find("Marktplatz 3/8.870200/48.596100");
	CHECK(e && e->kind == MODEL_SPOT && e->disabled && e->spot == MODEL_SPOT_FREE);
	CHECK(e && e->total == MODEL_UNKNOWN && e->free == MODEL_UNKNOWN && e->has_pos);
	e = find("Bahnhof 1/8.863000/48.593100");
	CHECK(e && e->kind == MODEL_SPOT && e->disabled && e->spot == MODEL_SPOT_TAKEN);
	/* The same document again gives the same ids. */
	char first[64];
	snprintf(first, sizeof first, "%s", m.v[0].id);
	CHECK_INT(load_str("{\"lots\":[{\"name\":\"P+R Nord\",\"total\":120,\"state\":\"open\","
	                   "\"coords\":{\"lat\":48.5967,\"lng\":8.8706}}]}"),
	          PK_OK);
	CHECK_STR(m.v[0].id, first);
	/* Without coordinates the name alone is the id; nothing at all is skipped. */
	CHECK_INT(load_str("{\"lots\":[{\"name\":\"Ohne Ort\",\"total\":5,\"state\":\"open\","
	                   "\"coords\":null},{\"state\":\"open\"}]}"),
	          PK_OK);
	CHECK_INT(m.n, 1);
	CHECK_STR(m.v[0].id, "Ohne Ort");
	CHECK_STR(info.skip_reason, "a lot with neither id nor name");
	/* A long name still leaves the coordinates in the id. */
	CHECK_INT(
	    load_str("{\"lots\":[{\"name\":\"Parkhaus am sehr langen Namen der Stadtverwaltung "
	             "Nord\",\"total\":5,\"state\":\"open\",\"coords\":{\"lat\":48.1,"
	             "\"lng\":9.2}}]}"),
	    PK_OK);
	CHECK(m.n == 1 && strstr(m.v[0].id, "/9.200000/48.100000") != NULL);
}

int main(void)
{
	model_init(&m);
	zuerich();
	dresden();
	schema_is_not_a_feed();
	quirks();
	real_shapes();
	model_finish(&m);
	return TEST_END();
}
