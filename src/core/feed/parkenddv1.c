/* ParkenDD / ParkAPI v1 city document ({"last_updated": …, "lots": […]}), as served by
 * api.parkendd.de, by ParkAPI v3 at /api/public/v1/<source> and by city deployments
 * (stadtnavi): zone-less times in UTC. Real documents as they are: lots without an "id"
 * get a stable one from name and coordinates (as OpenTripPlanner's reader makes it),
 * "total:disabled" / "free:disabled" are the accessible counts, "Barrierefreier-Parkplatz"
 * lots are accessible bays, pre-schema states "many"/"few" mean open. See docs/feeds.md. */
#include "feed_int.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

/* ASCII case-insensitive substring test. */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; hay && *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i]) {
			char a = hay[i], b = needle[i];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (a != b)
				break;
			i++;
		}
		if (i == n)
			return true;
	}
	return false;
}

/* lot_type is free text in v1 ("Parkhaus", "Tiefgarage", "Parkplatz", "Park-Ride",
 * "Park-Carpool", "") and a small vocabulary in ParkAPI v3's emulation ("garage",
 * "underground", "lot", "street"). P+R and carpool sites are ground lots. */
static enum model_site_type map_type(const char *t)
{
	if (!t)
		return MODEL_TYPE_UNKNOWN;
	if (contains(t, "park-ride") || contains(t, "park+ride") || contains(t, "p+r") ||
	    contains(t, "park and ride") || contains(t, "park-carpool") || contains(t, "carpool") ||
	    contains(t, "pendlerparkplatz"))
		return MODEL_TYPE_LOT;
	if (contains(t, "tiefgarage") || contains(t, "underground"))
		return MODEL_TYPE_UNDERGROUND;
	if (contains(t, "parkhaus") || contains(t, "parkdeck") || contains(t, "garage"))
		return MODEL_TYPE_CAR_PARK;
	if (contains(t, "parkplatz") || feed_streq(t, "lot"))
		return MODEL_TYPE_LOT;
	if (contains(t, "street") || contains(t, "strasse") ||
	    contains(t, "stra\xc3\x9f"
	                "e"))
		return MODEL_TYPE_ON_STREET;
	return MODEL_TYPE_UNKNOWN;
}

/* A lot for bicycles (stadtnavi lists bike parks in the same document): not for us. */
static bool for_bikes(const char *t)
{
	return t && (contains(t, "fahrrad") || contains(t, "bike") || contains(t, "bicycle"));
}

/* "Barrierefreier-Parkplatz" (stadtnavi): a bay reserved for blue-badge holders. */
static bool accessible_bay(const char *t)
{
	return t &&
	       (contains(t, "barrierefrei") || contains(t, "behindert") || contains(t, "disabled"));
}

/* The lot's id; without one, "name/lng/lat" as OpenTripPlanner's ParkAPI reader makes it
 * (stable while the city keeps name and position). False when neither is there. */
static bool lot_id(const cJSON *lot, char *id, size_t cap, bool has_pos, double lat, double lon)
{
	if (feed_text(id, cap, feed_get(lot, "id")) && id[0])
		return true;
	const cJSON *idv = feed_get(lot, "id");
	if (cJSON_IsNumber(idv)) {
		snprintf(id, cap, "%.0f", idv->valuedouble);
		return true;
	}
	char name[40]; /* leaves room for the coordinates in 64 bytes */
	if (!feed_text(name, sizeof name, feed_get(lot, "name")) || !name[0])
		return false;
	if (has_pos)
		snprintf(id, cap, "%s/%.6f/%.6f", name, lon, lat);
	else
		snprintf(id, cap, "%s", name);
	return true;
}

static enum pk_err parse_lot(const cJSON *lot, struct model *out, struct feed_info *info, char *err,
                             size_t errcap)
{
	info->items++;
	if (!cJSON_IsObject(lot)) {
		feed_skip(info, "a lot that is not an object");
		return PK_OK;
	}
	const char *lot_type = feed_str(feed_get(lot, "lot_type"));
	if (for_bikes(lot_type)) {
		feed_skip(info, "bicycle parking");
		return PK_OK;
	}
	const cJSON *coords = feed_get(lot, "coords");
	double lat = 0, lon = 0;
	bool has_pos = feed_number(feed_get(coords, "lat"), &lat) &&
	               feed_number(feed_get(coords, "lng"), &lon) && feed_position_ok(lat, lon);
	char id[64];
	if (!lot_id(lot, id, sizeof id, has_pos, lat, lon)) {
		feed_skip(info, "a lot with neither id nor name");
		return PK_OK;
	}
	bool bay = accessible_bay(lot_type);
	int total = feed_count(feed_get(lot, "total"));
	enum pk_err rc = PK_OK;
	struct model_entry *e = feed_push(
	    out, bay && (total == MODEL_UNKNOWN || total <= 1) ? MODEL_SPOT : MODEL_SITE, &rc);
	if (!e)
		return feed_fail(err, errcap, rc,
		                 rc == PK_ERR_TOO_BIG ? "more than %d entries"
		                                      : "out of memory (%d entries)",
		                 FEED_MAX_ENTRIES);
	memcpy(e->id, id, sizeof e->id);
	feed_text(e->name, sizeof e->name, feed_get(lot, "name"));
	feed_text(e->address, sizeof e->address, feed_get(lot, "address"));
	feed_text(e->opening_hours, sizeof e->opening_hours, feed_get(lot, "opening_hours"));
	if (has_pos) {
		e->has_pos = true;
		e->lat = lat;
		e->lon = lon;
	}
	e->type = map_type(lot_type);
	int free = feed_count(feed_get(lot, "free"));
	const char *state = feed_str(feed_get(lot, "state"));
	if (feed_streq(state, "open") || feed_streq(state, "many") || feed_streq(state, "few")) {
		/* "many" / "few" are the states of documents older than the schema. */
		e->open = MODEL_OPEN_OPEN;
	} else if (feed_streq(state, "closed")) {
		e->open = MODEL_OPEN_CLOSED;
	} else if (feed_streq(state, "nodata")) {
		/* The scrapers behind v1 write a placeholder free count (often 0) when the
		 * source had nothing: "nodata" says the number is not real. */
		free = MODEL_UNKNOWN;
	}
	if (e->kind == MODEL_SPOT) {
		e->disabled = true;
		if (e->open == MODEL_OPEN_CLOSED)
			e->spot = MODEL_SPOT_CLOSED;
		else if (free != MODEL_UNKNOWN && free >= 1)
			e->spot = MODEL_SPOT_FREE;
		else if (free == 0)
			e->spot = MODEL_SPOT_TAKEN;
		return PK_OK;
	}
	e->total = total;
	e->free = free;
	/* stadtnavi's accessible counts; a larger accessible-only lot is all accessible. */
	e->total_disabled = feed_count(feed_get(lot, "total:disabled"));
	e->free_disabled = feed_count(feed_get(lot, "free:disabled"));
	if (bay) {
		e->total_disabled = total;
		e->free_disabled = free;
	}
	if (free == MODEL_UNKNOWN && e->free_disabled != MODEL_UNKNOWN &&
	    feed_streq(state, "nodata"))
		e->free_disabled = MODEL_UNKNOWN;
	/* updated_at stays 0: the document's last_updated (info->feed_time) applies to
	 * every lot, and the loader stamps it. */
	return PK_OK;
}

enum pk_err feed_parse_parkenddv1(const cJSON *root, struct model *out, struct feed_info *info,
                                  char *err, size_t errcap)
{
	const cJSON *lots =
	    cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "lots") : NULL;
	if (!cJSON_IsArray(lots))
		return feed_fail(err, errcap, PK_ERR_SHAPE,
		                 "ParkenDD v1: expected an object with a \"lots\" array");
	int64_t t;
	if (feed_time(feed_get(root, "last_updated"), &t))
		info->feed_time = t;
	for (const cJSON *lot = lots->child; lot; lot = lot->next) {
		enum pk_err rc = parse_lot(lot, out, info, err, errcap);
		if (rc != PK_OK)
			return rc;
	}
	return PK_OK;
}
