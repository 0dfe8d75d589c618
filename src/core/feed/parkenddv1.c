/* ParkenDD / ParkAPI v1 city document ({"last_updated": …, "lots": […]}), as served by
 * api.parkendd.de and by ParkAPI v3 at /api/public/v1/<source>. Car parks only, no
 * disabled counts, zone-less times in UTC. See docs/feeds.md §2. */
#include "feed_int.h"

#include <string.h>

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

/* lot_type is free text in v1 ("Parkhaus", "Tiefgarage", "Parkplatz", "") and a small
 * vocabulary in ParkAPI v3's emulation ("garage", "underground", "lot", "street"). */
static enum model_site_type map_type(const char *t)
{
	if (!t)
		return MODEL_TYPE_UNKNOWN;
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

static enum pk_err parse_lot(const cJSON *lot, struct model *out, struct feed_info *info, char *err,
                             size_t errcap)
{
	info->items++;
	char id[64];
	const cJSON *idv = feed_get(lot, "id");
	if (!cJSON_IsObject(lot) || !feed_text(id, sizeof id, idv) || !id[0]) {
		info->skipped++;
		return PK_OK;
	}
	enum pk_err rc = PK_OK;
	struct model_entry *e = feed_push(out, MODEL_SITE, &rc);
	if (!e)
		return feed_fail(err, errcap, rc,
		                 rc == PK_ERR_TOO_BIG ? "more than %d entries"
		                                      : "out of memory (%d entries)",
		                 FEED_MAX_ENTRIES);
	memcpy(e->id, id, sizeof e->id);
	feed_text(e->name, sizeof e->name, feed_get(lot, "name"));
	feed_text(e->address, sizeof e->address, feed_get(lot, "address"));
	feed_text(e->opening_hours, sizeof e->opening_hours, feed_get(lot, "opening_hours"));
	const cJSON *coords = feed_get(lot, "coords");
	double lat, lon;
	if (feed_number(feed_get(coords, "lat"), &lat) &&
	    feed_number(feed_get(coords, "lng"), &lon) && feed_position_ok(lat, lon)) {
		e->has_pos = true;
		e->lat = lat;
		e->lon = lon;
	}
	e->type = map_type(feed_str(feed_get(lot, "lot_type")));
	e->total = feed_count(feed_get(lot, "total"));
	e->free = feed_count(feed_get(lot, "free"));
	const char *state = feed_str(feed_get(lot, "state"));
	if (feed_streq(state, "open")) {
		e->open = MODEL_OPEN_OPEN;
	} else if (feed_streq(state, "closed")) {
		e->open = MODEL_OPEN_CLOSED;
	} else if (feed_streq(state, "nodata")) {
		/* The scrapers behind v1 write a placeholder free count (often 0) when the
		 * source had nothing: "nodata" says the number is not real. */
		e->free = MODEL_UNKNOWN;
	}
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
