/* ParkAPI v3 (MobiData BW and other park-api-v3 servers): /v3/parking-sites and
 * /v3/parking-spots, as a list envelope {"items": […], "next_path": …} or one bare item,
 * including the push-input shape (uid, string coordinates, offset times). Absent keys are
 * unknown; counts are stored as sent. See docs/feeds.md §1 and docs/feeds.md. */
#include "feed_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "feed_near.h"
#include "text.h"

/* Keys only a parking site has (capacity is required on sites, absent on spots). */
#define SITE_KEYS(X)                                                                               \
	X("capacity")                                                                              \
	X("realtime_capacity")                                                                     \
	X("realtime_free_capacity")                                                                \
	X("realtime_opening_status")                                                               \
	X("capacity_disabled")                                                                     \
	X("realtime_capacity_disabled")                                                            \
	X("realtime_free_capacity_disabled")
#define AS_STRING(k) k,
#define AS_KEY(k) FEED_KEY(k),
static const char *const site_keys[] = {SITE_KEYS(AS_STRING)};

static bool has_any(const cJSON *obj, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (feed_get(obj, keys[i]))
			return true;
	return false;
}

bool feed_parkapi3_is_item(const cJSON *obj)
{
	if (!cJSON_IsObject(obj))
		return false;
	bool has_id = feed_get(obj, "id") || feed_get(obj, "original_uid") || feed_get(obj, "uid");
	bool has_pos = feed_get(obj, "lat") && feed_get(obj, "lon");
	bool shaped = has_any(obj, site_keys, sizeof site_keys / sizeof *site_keys) ||
	              feed_get(obj, "realtime_status") || feed_get(obj, "purpose");
	return has_id && (has_pos || shaped);
}

/* id, else original_uid, else uid (push input), as text; false when none is usable. dst
 * NULL: only whether one is. */
static bool item_id(const cJSON *it, char *dst, size_t cap)
{
	static const char *const keys[] = {"id", "original_uid", "uid"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const cJSON *v = feed_get(it, keys[i]);
		if (cJSON_IsNumber(v)) {
			double d = v->valuedouble;
			if (!isfinite(d))
				continue;
			if (!dst)
				return true;
			if (d == floor(d) && fabs(d) < 1e15)
				snprintf(dst, cap, "%lld", (long long)d);
			else
				snprintf(dst, cap, "%.17g", d);
			return true;
		}
		if (!dst ? feed_text_nonempty(feed_str(v)) : feed_text(dst, cap, v) && dst[0])
			return true;
	}
	return false;
}

static enum model_site_type map_type(const char *t)
{
	if (feed_streq(t, "CAR_PARK"))
		return MODEL_TYPE_CAR_PARK;
	if (feed_streq(t, "UNDERGROUND"))
		return MODEL_TYPE_UNDERGROUND;
	if (feed_streq(t, "OFF_STREET_PARKING_GROUND"))
		return MODEL_TYPE_LOT;
	if (feed_streq(t, "ON_STREET"))
		return MODEL_TYPE_ON_STREET;
	return MODEL_TYPE_UNKNOWN;
}

/* The first restrictions[] (or legacy restricted_to[]) entry with type DISABLED. */
static const cJSON *disabled_restriction(const cJSON *it, const char *key)
{
	const cJSON *list = feed_get(it, key);
	if (!cJSON_IsArray(list))
		return NULL;
	for (const cJSON *r = list->child; r; r = r->next)
		if (feed_streq(feed_str(feed_get(r, "type")), "DISABLED"))
			return r;
	return NULL;
}

/* Count `first` if the feed sent a number for it (and use_first), else `second`. A value
 * that is not a number at all does not hide the other one. */
static int count_pref(const cJSON *obj, const char *first, const char *second, bool use_first)
{
	int n = use_first ? feed_count(feed_get(obj, first)) : MODEL_UNKNOWN;
	return n != MODEL_UNKNOWN ? n : feed_count(feed_get(obj, second));
}

static void parse_site(const cJSON *it, struct model_entry *e, bool rt)
{
	feed_text(e->opening_hours, sizeof e->opening_hours, feed_get(it, "opening_hours"));
	e->total = count_pref(it, "realtime_capacity", "capacity", rt);
	e->free = rt ? feed_count(feed_get(it, "realtime_free_capacity")) : MODEL_UNKNOWN;

	/* Disabled capacity: the restriction first, the deprecated flat fields second,
	 * field by field (servers emit both; a push source may send either). The total is
	 * the number of accessible bays (capacity), as FEEDS.md's kiosk rule has it; the
	 * realtime one only stands in when that is missing. */
	const cJSON *r = disabled_restriction(it, "restrictions");
	int total_d = r ? count_pref(r, "capacity", "realtime_capacity", true) : MODEL_UNKNOWN;
	if (total_d == MODEL_UNKNOWN)
		total_d = count_pref(it, "capacity_disabled", "realtime_capacity_disabled", true);
	int free_d = MODEL_UNKNOWN;
	if (rt && r)
		free_d = feed_count(feed_get(r, "realtime_free_capacity"));
	if (rt && free_d == MODEL_UNKNOWN)
		free_d = feed_count(feed_get(it, "realtime_free_capacity_disabled"));
	e->total_disabled = total_d;
	e->free_disabled = free_d;

	const char *st = rt ? feed_str(feed_get(it, "realtime_opening_status")) : NULL;
	if (feed_streq(st, "OPEN"))
		e->open = MODEL_OPEN_OPEN;
	else if (feed_streq(st, "CLOSED"))
		e->open = MODEL_OPEN_CLOSED;

	int h = feed_count(feed_get(it, "max_height"));
	e->max_height_cm = h > 0 ? h : MODEL_UNKNOWN;
}

static void parse_spot(const cJSON *it, struct model_entry *e, bool rt)
{
	const char *st = rt ? feed_str(feed_get(it, "realtime_status")) : NULL;
	if (feed_streq(st, "AVAILABLE"))
		e->spot = MODEL_SPOT_FREE;
	else if (feed_streq(st, "TAKEN"))
		e->spot = MODEL_SPOT_TAKEN;
	e->disabled =
	    disabled_restriction(it, "restrictions") || disabled_restriction(it, "restricted_to");
}

/* What an item is before its texts are read: its id, kind, position and whether its
 * realtime keys are live. */
struct item_head {
	char raw[sizeof((struct model_entry *)0)->id - 5]; /* room for "site:" */
	bool site, has_pos, rt;
	struct feed_place place; /* when has_pos */
};

/* Whether an item is kept (true) or skipped (false, *why says why), before the far filter.
 * raw NULL: the id is only checked, not written into h->raw. */
static bool item_head(const cJSON *it, bool raw, struct item_head *h, const char **why)
{
	if (!cJSON_IsObject(it)) {
		*why = "an item that is not an object";
		return false;
	}
	/* Bike, motorcycle and item (locker) parking are not for this kiosk. A purpose
	 * that is there but not a string is not known to be CAR either. */
	const cJSON *purpose = feed_get(it, "purpose");
	if (purpose && !feed_streq(feed_str(purpose), "CAR")) {
		*why = "not car parking (purpose)";
		return false;
	}
	if (!item_id(it, raw ? h->raw : NULL, sizeof h->raw)) {
		*why = "an item without an id";
		return false;
	}
	h->site = has_any(it, site_keys, sizeof site_keys / sizeof *site_keys);
	struct feed_place *p = &h->place;
	h->has_pos = feed_number(feed_get(it, "lat"), &p->lat) &&
	             feed_number(feed_get(it, "lon"), &p->lon) && feed_position_ok(p->lat, p->lon);
	/* has_realtime_data:false means the realtime_* keys (if an older server still
	 * sends them) are not live: using them would present old numbers as current. */
	h->rt = !cJSON_IsFalse(feed_get(it, "has_realtime_data"));
	p->kind = h->site ? MODEL_SITE : MODEL_SPOT;
	p->free_spot =
	    !h->site && h->rt && feed_streq(feed_str(feed_get(it, "realtime_status")), "AVAILABLE");
	return true;
}

bool feed_parkapi3_reads_key(const char *key, size_t n)
{
	/* What item_head reads: the site keys and these. */
	static const struct feed_key keys[] = {FEED_KEY("purpose"),
	                                       FEED_KEY("id"),
	                                       FEED_KEY("original_uid"),
	                                       FEED_KEY("uid"),
	                                       FEED_KEY("lat"),
	                                       FEED_KEY("lon"),
	                                       FEED_KEY("has_realtime_data"),
	                                       FEED_KEY("realtime_status"),
	                                       SITE_KEYS(AS_KEY)};
	return feed_key_in(key, n, keys, sizeof keys / sizeof *keys);
}

bool feed_parkapi3_place(const cJSON *it, struct feed_place *place)
{
	struct item_head h;
	const char *why;
	if (!item_head(it, false, &h, &why) || !h.has_pos)
		return false;
	*place = h.place;
	return true;
}

static enum pk_err parse_item(const cJSON *it, struct feed_near *near, struct model *out,
                              struct feed_info *info, char *err, size_t errcap)
{
	info->items++;
	struct item_head h;
	const char *why = NULL;
	if (!item_head(it, true, &h, &why)) {
		feed_skip(info, why);
		return PK_OK;
	}
	/* A far entry goes before any of its texts are read (feed_near.h). */
	if (h.has_pos && feed_near_far(near, &h.place)) {
		info->dropped++;
		return PK_OK;
	}
	bool site = h.site, rt = h.rt;
	enum pk_err rc = PK_OK;
	struct model_entry *e = feed_push(out, site ? MODEL_SITE : MODEL_SPOT, &rc);
	if (!e)
		return feed_fail(err, errcap, rc,
		                 rc == PK_ERR_TOO_BIG ? "more than %d entries"
		                                      : "out of memory (%d entries)",
		                 FEED_MAX_ENTRIES);
	snprintf(e->id, sizeof e->id, "%s:%s", site ? "site" : "spot", h.raw);
	feed_text(e->name, sizeof e->name, feed_get(it, "name"));
	feed_text(e->address, sizeof e->address, feed_get(it, "address"));
	if (h.has_pos) {
		e->has_pos = true;
		e->lat = h.place.lat;
		e->lon = h.place.lon;
	}
	e->type = map_type(feed_str(feed_get(it, "type")));
	int64_t t;
	if (rt && feed_time(feed_get(it, "realtime_data_updated_at"), &t))
		e->updated_at = t;
	if (site)
		parse_site(it, e, rt);
	else
		parse_spot(it, e, rt);
	return PK_OK;
}

/* next_path must be a path on the same server: "/…", printable ASCII, never "//host". */
static void read_next_path(const cJSON *root, struct feed_info *info)
{
	const char *p = feed_str(feed_get(root, "next_path"));
	info->next_path[0] = '\0';
	if (!p || !p[0])
		return;
	size_t n = strlen(p);
	bool ok = p[0] == '/' && p[1] != '/' && p[1] != '\\' && n < sizeof info->next_path;
	for (size_t i = 0; ok && i < n; i++)
		ok = p[i] > 0x20 && p[i] < 0x7f;
	if (ok)
		memcpy(info->next_path, p, n + 1);
}

enum pk_err feed_parse_parkapi3(const cJSON *root, struct feed_near *near, struct model *out,
                                struct feed_info *info, char *err, size_t errcap)
{
	if (!cJSON_IsObject(root))
		return feed_fail(err, errcap, PK_ERR_SHAPE,
		                 "ParkAPI v3: expected an object with \"items\" or one item");
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "items");
	if (!items) {
		if (!feed_parkapi3_is_item(root))
			return feed_fail(err, errcap, PK_ERR_SHAPE,
			                 "ParkAPI v3: neither an \"items\" list nor a parking "
			                 "site or spot (no id, position or counts)");
		return parse_item(root, near, out, info, err, errcap);
	}
	if (!cJSON_IsArray(items))
		return feed_fail(err, errcap, PK_ERR_SHAPE,
		                 "ParkAPI v3: \"items\" is not an array");
	for (const cJSON *it = items->child; it; it = it->next) {
		enum pk_err rc = parse_item(it, near, out, info, err, errcap);
		if (rc != PK_OK)
			return rc;
	}
	/* An empty page ends the paging even when the server still offers a next one
	 * (it does so when the previous page was exactly full). */
	if (items->child)
		read_next_path(root, info);
	return PK_OK;
}
