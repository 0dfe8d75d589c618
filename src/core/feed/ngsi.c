/* FIWARE Smart Data Models dataModel.Parking over NGSI v2 and NGSI-LD, keyValues and
 * normalized, one entity or a broker's list: OffStreetParking / OnStreetParking become
 * sites, ParkingSpot spots, disabled-only ParkingGroups give their site its accessible
 * counts. Attribute wrappers are peeled off in one place (unwrap). See FEEDS.md §3. */
#include "feed_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed_near.h"
#include "text.h"

/* Wrappers are never nested deeper than this in a real payload; a hostile one stops. */
#define UNWRAP_DEPTH 8
/* Geometry points read per location (a parking polygon has a handful). */
#define MAX_POINTS 4096

/* ---- attribute access ------------------------------------------------------------ */

/* True when key is name, or an expanded IRI ending in "/name" or "#name" (NGSI-LD
 * without a matching @context sends "https://smartdatamodels.org/…/totalSpotNumber"). */
static bool key_is(const char *key, const char *name)
{
	if (!key)
		return false;
	if (strcmp(key, name) == 0)
		return true;
	if (!strchr(key, ':'))
		return false;
	size_t k = strlen(key), n = strlen(name);
	if (k <= n)
		return false;
	char sep = key[k - n - 1];
	return (sep == '/' || sep == '#') && strcmp(key + k - n, name) == 0;
}

/* The raw (possibly wrapped) attribute name of an entity. */
static const cJSON *attr(const cJSON *ent, const char *name)
{
	const cJSON *v = feed_get(ent, name);
	if (v || !cJSON_IsObject(ent))
		return v;
	for (const cJSON *c = ent->child; c; c = c->next)
		if (!cJSON_IsNull(c) && key_is(c->string, name))
			return c;
	return NULL;
}

/* Peels NGSI wrappers: v2 {"type": "Number", "value": …}, NGSI-LD Property {"value"},
 * Relationship {"object"}, LanguageProperty {"languageMap"}, JSON-LD {"@value"}. A
 * GeoJSON or PostalAddress object has none of these keys and is returned as it is. */
static const cJSON *unwrap(const cJSON *v)
{
	for (int depth = 0; depth < UNWRAP_DEPTH && cJSON_IsObject(v); depth++) {
		const cJSON *x = cJSON_GetObjectItemCaseSensitive(v, "value");
		if (!x)
			x = cJSON_GetObjectItemCaseSensitive(v, "@value");
		if (!x && feed_streq(feed_str(feed_get(v, "type")), "Relationship"))
			x = cJSON_GetObjectItemCaseSensitive(v, "object");
		if (!x) {
			const cJSON *map = feed_get(v, "languageMap");
			if (cJSON_IsObject(map)) {
				x = feed_get(map, "de");
				if (!feed_str(x))
					x = feed_get(map, "en");
				for (const cJSON *c = map->child; !feed_str(x) && c; c = c->next)
					x = c;
			}
		}
		if (!x)
			break;
		v = x;
	}
	return cJSON_IsNull(v) ? NULL : v;
}

static const cJSON *val(const cJSON *ent, const char *name)
{
	return unwrap(attr(ent, name));
}

/* Does the value (a string, a comma-separated string, or an array of strings) contain
 * one of words? Case-insensitive: feeds write "onstreet" and "onStreet". */
static bool has_word(const cJSON *v, const char *const *words, size_t n)
{
	if (cJSON_IsArray(v)) {
		for (const cJSON *c = v->child; c; c = c->next)
			if (has_word(unwrap(c), words, n))
				return true;
		return false;
	}
	const char *s = feed_str(v);
	while (s && *s) {
		while (*s == ' ' || *s == ',')
			s++;
		size_t len = strcspn(s, ",");
		while (len && s[len - 1] == ' ')
			len--;
		char word[64];
		if (len && len < sizeof word) {
			memcpy(word, s, len);
			word[len] = '\0';
			for (size_t i = 0; i < n; i++)
				if (feed_streq(word, words[i]))
					return true;
		}
		s += strcspn(s, ",");
	}
	return false;
}

#define HAS_WORD(v, ...)                                                                           \
	has_word((v), (const char *const[]){__VA_ARGS__},                                          \
	         sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* The time an attribute's value was observed: NGSI-LD observedAt, or NGSI v2 metadata
 * (timestamp, the IoT Agent's TimeInstant, Orion's dateModified). */
static bool attr_time(const cJSON *a, int64_t *t)
{
	if (!cJSON_IsObject(a))
		return false;
	if (feed_time(unwrap(feed_get(a, "observedAt")), t))
		return true;
	const cJSON *md = feed_get(a, "metadata");
	static const char *const keys[] = {"timestamp", "TimeInstant", "dateModified"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (feed_time(unwrap(feed_get(md, keys[i])), t))
			return true;
	return feed_time(unwrap(feed_get(a, "modifiedAt")), t);
}

/* Entity-level time, in the order that best says "when was this observed". */
static bool entity_time(const cJSON *ent, int64_t *t)
{
	static const char *const keys[] = {"observationDateTime", "dateObserved",
	                                   "TimeInstant",         "dateModified",
	                                   "modifiedAt",          "occupancyModified"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (feed_time(val(ent, keys[i]), t))
			return true;
	return false;
}

static int64_t data_time(const cJSON *ent, const char *realtime_attr)
{
	int64_t t = 0;
	if (attr_time(attr(ent, realtime_attr), &t) || entity_time(ent, &t))
		return t;
	return 0;
}

/* ---- geometry -------------------------------------------------------------------- */

static bool point(const cJSON *p, double *lon, double *lat)
{
	return cJSON_IsArray(p) && feed_number(cJSON_GetArrayItem(p, 0), lon) &&
	       feed_number(cJSON_GetArrayItem(p, 1), lat);
}

/* Mean of a list of [lon, lat] points (a line, or a degenerate ring). */
static bool points_mean(const cJSON *pts, double *lat, double *lon)
{
	double sx = 0, sy = 0;
	int n = 0;
	for (const cJSON *p = cJSON_IsArray(pts) ? pts->child : NULL; p && n < MAX_POINTS;
	     p = p->next) {
		double x, y;
		if (!point(p, &x, &y))
			return false;
		sx += x, sy += y, n++;
	}
	if (n == 0)
		return false;
	*lon = sx / n;
	*lat = sy / n;
	return true;
}

/* Area centroid of a closed ring of [lon, lat] points (planar: parking areas are small). */
static bool ring_centroid(const cJSON *ring, double *lat, double *lon)
{
	if (!cJSON_IsArray(ring) || !ring->child)
		return false;
	double x0, y0;
	if (!point(ring->child, &x0, &y0))
		return false;
	double a = 0, cx = 0, cy = 0, px = 0, py = 0; /* relative to the first point */
	int n = 0;
	for (const cJSON *p = ring->child->next; p && n < MAX_POINTS; p = p->next, n++) {
		double x, y;
		if (!point(p, &x, &y))
			return false;
		x -= x0, y -= y0;
		double c = px * y - x * py;
		a += c;
		cx += (px + x) * c;
		cy += (py + y) * c;
		px = x, py = y;
	}
	if (fabs(a) < 1e-14) /* a line or a point: no area to weigh */
		return points_mean(ring, lat, lon);
	*lon = x0 + cx / (3 * a);
	*lat = y0 + cy / (3 * a);
	return true;
}

/* "lat, lon" text (NGSI v2 geo:point). */
static bool geo_point_text(const char *s, double *lat, double *lon)
{
	const char *comma = strchr(s, ',');
	if (!comma)
		return false;
	char a[64], b[64];
	size_t la = (size_t)(comma - s), lb = strlen(comma + 1);
	if (la >= sizeof a || lb >= sizeof b)
		return false;
	memcpy(a, s, la);
	a[la] = '\0';
	memcpy(b, comma + 1, lb + 1);
	cJSON ja = {.type = cJSON_String, .valuestring = a};
	cJSON jb = {.type = cJSON_String, .valuestring = b};
	return feed_number(&ja, lat) && feed_number(&jb, lon);
}

/* A position from GeoJSON ([lon, lat] order!) or geo:point text. */
static bool location(const cJSON *loc, double *lat, double *lon)
{
	const char *s = feed_str(loc);
	if (s)
		return geo_point_text(s, lat, lon) && feed_position_ok(*lat, *lon);
	const char *type = feed_str(feed_get(loc, "type"));
	if (feed_streq(type, "Feature")) {
		loc = unwrap(feed_get(loc, "geometry"));
		type = feed_str(feed_get(loc, "type"));
	}
	const cJSON *c = feed_get(loc, "coordinates");
	bool ok = false;
	if (feed_streq(type, "Point")) {
		ok = point(c, lon, lat);
	} else if (feed_streq(type, "LineString") || feed_streq(type, "MultiPoint")) {
		ok = points_mean(c, lat, lon);
	} else if (feed_streq(type, "Polygon")) {
		ok = ring_centroid(cJSON_GetArrayItem(c, 0), lat, lon);
	} else if (feed_streq(type, "MultiLineString")) {
		ok = points_mean(cJSON_GetArrayItem(c, 0), lat, lon);
	} else if (feed_streq(type, "MultiPolygon")) {
		ok = ring_centroid(cJSON_GetArrayItem(cJSON_GetArrayItem(c, 0), 0), lat, lon);
	}
	return ok && feed_position_ok(*lat, *lon);
}

/* ---- text ------------------------------------------------------------------------- */

/* schema.org PostalAddress -> "streetAddress, postalCode addressLocality"; or a string. */
static void address_text(char *dst, size_t cap, const cJSON *a)
{
	dst[0] = '\0';
	if (feed_text(dst, cap, a) || !cJSON_IsObject(a))
		return;
	char street[128], code[32], city[96];
	feed_text(street, sizeof street, unwrap(feed_get(a, "streetAddress")));
	feed_text(code, sizeof code, unwrap(feed_get(a, "postalCode")));
	feed_text(city, sizeof city, unwrap(feed_get(a, "addressLocality")));
	char place[160];
	snprintf(place, sizeof place, "%s%s%s", code, code[0] && city[0] ? " " : "", city);
	char joined[320];
	snprintf(joined, sizeof joined, "%s%s%s", street, street[0] && place[0] ? ", " : "", place);
	text_copy(dst, cap, joined);
}

/* openingHours: one string, or schema.org's list of strings joined OSM-style with "; ". */
static void hours_text(char *dst, size_t cap, const cJSON *h)
{
	dst[0] = '\0';
	if (feed_text(dst, cap, h) || !cJSON_IsArray(h))
		return;
	char joined[256] = "";
	size_t len = 0;
	for (const cJSON *c = h->child; c; c = c->next) {
		char part[128];
		if (!feed_text(part, sizeof part, unwrap(c)) || !part[0])
			continue;
		int w = snprintf(joined + len, sizeof joined - len, "%s%s", len ? "; " : "", part);
		if (w < 0 || (size_t)w >= sizeof joined - len)
			break;
		len += (size_t)w;
	}
	text_copy(dst, cap, joined);
}

/* ---- entities --------------------------------------------------------------------- */

enum ent_kind { ENT_OTHER, ENT_OFF_STREET, ENT_ON_STREET, ENT_SPOT, ENT_GROUP };

static const char *ent_id(const cJSON *ent)
{
	const char *id = feed_str(feed_get(ent, "id"));
	return id ? id : feed_str(feed_get(ent, "@id"));
}

static enum ent_kind ent_kind(const cJSON *ent)
{
	const char *t = feed_str(feed_get(ent, "type"));
	if (!t)
		t = feed_str(feed_get(ent, "@type"));
	if (key_is(t, "OffStreetParking"))
		return ENT_OFF_STREET;
	if (key_is(t, "OnStreetParking"))
		return ENT_ON_STREET;
	if (key_is(t, "ParkingSpot"))
		return ENT_SPOT;
	if (key_is(t, "ParkingGroup"))
		return ENT_GROUP;
	return ENT_OTHER;
}

bool feed_ngsi_is_entity(const cJSON *obj)
{
	if (!cJSON_IsObject(obj))
		return false;
	if (cJSON_GetObjectItemCaseSensitive(obj, "@context"))
		return true;
	/* A parking entity type is NGSI whatever else it carries: a city platform puts
	 * positions in "lat" / "lon" attributes ({"type": "Number", "value": …}). */
	if (ent_id(obj) && ent_kind(obj) != ENT_OTHER)
		return true;
	/* ParkAPI items have an id and a type too, but always lat/lon; NGSI never. */
	return ent_id(obj) &&
	       (feed_str(feed_get(obj, "type")) || feed_str(feed_get(obj, "@type"))) &&
	       !cJSON_GetObjectItemCaseSensitive(obj, "lat") &&
	       !cJSON_GetObjectItemCaseSensitive(obj, "lon");
}

/* allowedVehicleType, when given, must admit a car: a bicycle park is not for us. */
static bool for_cars(const cJSON *ent)
{
	const cJSON *v = val(ent, "allowedVehicleType");
	if (!v || (cJSON_IsArray(v) && !v->child))
		return true;
	return HAS_WORD(v, "car", "carWithCaravan", "carWithTrailer", "van", "anyVehicle");
}

static bool group_is_disabled(const cJSON *g)
{
	return HAS_WORD(val(g, "category"), "onlyDisabled", "forDisabled", "disabled") ||
	       HAS_WORD(val(g, "requiredPermit"), "disabledPermit");
}

/* The entity's position: location (GeoJSON), else lat/lon, else latitude/longitude. */
static bool ent_position(const cJSON *ent, double *lat, double *lon)
{
	return location(val(ent, "location"), lat, lon) ||
	       (feed_number(val(ent, "lat"), lat) && feed_number(val(ent, "lon"), lon) &&
	        feed_position_ok(*lat, *lon)) ||
	       (feed_number(val(ent, "latitude"), lat) && feed_number(val(ent, "longitude"), lon) &&
	        feed_position_ok(*lat, *lon));
}

static void fill_common(struct model_entry *e, const cJSON *ent, const char *id, bool has_pos,
                        double lat, double lon)
{
	text_sanitize(e->id, sizeof e->id, id, strlen(id));
	feed_text(e->name, sizeof e->name, val(ent, "name"));
	address_text(e->address, sizeof e->address, val(ent, "address"));
	if (has_pos) {
		e->has_pos = true;
		e->lat = lat;
		e->lon = lon;
	}
}

static void fill_site(struct model_entry *e, const cJSON *ent, enum ent_kind k)
{
	hours_text(e->opening_hours, sizeof e->opening_hours, val(ent, "openingHours"));
	e->total = feed_count(val(ent, "totalSpotNumber"));
	e->free = feed_count(val(ent, "availableSpotNumber"));
	const cJSON *st = val(ent, "status");
	/* The standard's DATEX II words, and the German ones a city platform sends. A fault
	 * ("Stoerung") means the counter is not to be trusted. */
	if (HAS_WORD(st, "closed", "closedAbnormal", "geschlossen", "Geschlossen"))
		e->open = MODEL_OPEN_CLOSED;
	else if (HAS_WORD(st, "Stoerung", "St\xc3\xb6rung", "Ausfall", "Wartung", "defekt",
	                  "outOfService", "unknown", "statusUnknown"))
		e->free = MODEL_UNKNOWN;
	else if (HAS_WORD(st, "open", "spacesAvailable", "full", "almostFull", "fullAtEntrance",
	                  "openingTimesInForce", "Offen",
	                  "ge\xc3\xb6"
	                  "ffnet",
	                  "frei", "besetzt", "voll"))
		e->open = MODEL_OPEN_OPEN;
	/* handicappedParkingSpots (older city models): the accessible capacity. */
	e->total_disabled = feed_count(val(ent, "handicappedParkingSpots"));
	double m;
	if (feed_number(val(ent, "maximumAllowedHeight"), &m) && m > 0 && m < 100)
		e->max_height_cm = (int)lround(m * 100);
	const cJSON *cat = val(ent, "category");
	if (k == ENT_ON_STREET)
		e->type = MODEL_TYPE_ON_STREET;
	else if (HAS_WORD(cat, "underground"))
		e->type = MODEL_TYPE_UNDERGROUND;
	else if (HAS_WORD(cat, "parkingGarage", "multiStorey", "multiLevel") ||
	         HAS_WORD(val(ent, "layout"), "multiStorey", "multiLevel"))
		e->type = MODEL_TYPE_CAR_PARK;
	else if (HAS_WORD(cat, "ground", "parkingLot", "openSpace"))
		e->type = MODEL_TYPE_LOT;
	e->updated_at = data_time(ent, "availableSpotNumber");
}

/* A disabled-only ParkingGroup, kept while the body is parsed. */
struct group {
	const char *id;   /* borrowed from the cJSON tree */
	const cJSON *ent; /* borrowed */
	bool used;
};

struct site_ref {
	const char *id;   /* borrowed */
	const cJSON *ent; /* borrowed */
	size_t entry;     /* index into the scratch model */
	bool first;       /* no disabled group attached yet */
};

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->id, ((const struct group *)b)->id);
}

static int cmp_site(const void *a, const void *b)
{
	return strcmp(((const struct site_ref *)a)->id, ((const struct site_ref *)b)->id);
}

static struct group *find_group(struct group *g, size_t n, const char *id)
{
	if (!id || !n)
		return NULL;
	struct group key = {.id = id};
	return bsearch(&key, g, n, sizeof *g, cmp_group);
}

/* Sum of two counts where either may be unknown or impossible. */
static int add_count(int a, int b)
{
	if (a == MODEL_UNKNOWN || b == MODEL_UNKNOWN)
		return MODEL_UNKNOWN;
	if (a < 0 || b < 0 || (long long)a + b > INT_MAX)
		return FEED_COUNT_IMPOSSIBLE;
	return a + b;
}

static void attach_group(struct model_entry *site, struct site_ref *ref, struct group *g)
{
	bool *first = &ref->first;
	int total = feed_count(val(g->ent, "totalSpotNumber"));
	int free = feed_count(val(g->ent, "availableSpotNumber"));
	if (*first) {
		site->total_disabled = total;
		site->free_disabled = free;
		*first = false;
	} else {
		site->total_disabled = add_count(site->total_disabled, total);
		site->free_disabled = add_count(site->free_disabled, free);
	}
	/* One updated_at covers both counts: keep the older, so a stale group's count is
	 * never shown with a fresh site's age. */
	int64_t t = data_time(g->ent, "availableSpotNumber");
	if (t && site->updated_at && t < site->updated_at)
		site->updated_at = t;
	g->used = true;
}

/* The nth refParkingGroup id of a site or spot (one string or a list): false when there
 * is no nth id; else *hit is the disabled group of that id, or NULL if it is not one. */
static bool refers_to(const cJSON *ent, struct group *g, size_t n, struct group **hit, size_t nth)
{
	const cJSON *r = val(ent, "refParkingGroup");
	size_t i = 0;
	if (feed_str(r)) {
		*hit = nth == 0 ? find_group(g, n, feed_str(r)) : NULL;
		return nth == 0;
	}
	for (const cJSON *c = cJSON_IsArray(r) ? r->child : NULL; c; c = c->next) {
		const char *id = feed_str(unwrap(c));
		if (!id)
			continue;
		if (i++ == nth) {
			*hit = find_group(g, n, id);
			return true;
		}
	}
	return false;
}

struct ngsi_state {
	struct group *groups; /* owned; disabled-only groups, sorted by id */
	size_t n_groups;
	struct site_ref *sites; /* owned */
	size_t n_sites;
};

/* What an entity is before its texts are read. */
struct ent_head {
	const char *id;
	bool has_pos;
	struct feed_place place; /* when has_pos */
	const char *status;      /* a spot's */
};

/* Whether an entity of kind k is kept (true) or skipped (false, *why says why), before
 * the far filter. */
static bool ent_head(const cJSON *ent, enum ent_kind k, struct ent_head *h, const char **why)
{
	h->id = ent_id(ent);
	bool has_id = feed_text_nonempty(h->id);
	if (!has_id || !for_cars(ent)) {
		*why = has_id ? "not for cars (allowedVehicleType)" : "an entity without an id";
		return false;
	}
	struct feed_place *p = &h->place;
	p->lat = p->lon = 0;
	h->has_pos = ent_position(ent, &p->lat, &p->lon);
	h->status = k == ENT_SPOT ? feed_str(val(ent, "status")) : NULL;
	p->kind = k == ENT_SPOT ? MODEL_SPOT : MODEL_SITE;
	p->free_spot = feed_streq(h->status, "free");
	return true;
}

bool feed_ngsi_reads_key(const char *key, size_t n)
{
	/* ent_id, ent_kind, for_cars, ent_position and the status; attr() also takes an
	 * expanded IRI ("…/location"), so every key with a ':' may be read. */
	static const char *const keys[] = {
	    "id",  "@id",      "type",      "@type",  "allowedVehicleType", "location", "lat",
	    "lon", "latitude", "longitude", "status",
	};
	if (memchr(key, ':', n))
		return true;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (keys[i][0] == key[0] && strncmp(keys[i], key, n) == 0 && keys[i][n] == '\0')
			return true;
	return false;
}

bool feed_ngsi_place(const cJSON *ent, struct feed_place *place)
{
	enum ent_kind k = ent_kind(ent);
	struct ent_head h;
	const char *why;
	if (k != ENT_OFF_STREET && k != ENT_ON_STREET && k != ENT_SPOT)
		return false;
	if (!ent_head(ent, k, &h, &why) || !h.has_pos)
		return false;
	*place = h.place;
	return true;
}

static enum pk_err push_entity(const cJSON *ent, enum ent_kind k, struct feed_near *near,
                               struct model *out, struct ngsi_state *s, struct feed_info *info,
                               char *err, size_t errcap)
{
	struct ent_head h;
	const char *why = NULL;
	if (!ent_head(ent, k, &h, &why)) {
		feed_skip(info, why);
		return PK_OK;
	}
	/* A far entity goes before any of its texts are read (feed_near.h). */
	if (h.has_pos && feed_near_far(near, &h.place)) {
		info->dropped++;
		return PK_OK;
	}
	const char *id = h.id, *st = h.status;
	enum pk_err rc = PK_OK;
	struct model_entry *e = feed_push(out, k == ENT_SPOT ? MODEL_SPOT : MODEL_SITE, &rc);
	if (!e)
		return feed_fail(err, errcap, rc,
		                 rc == PK_ERR_TOO_BIG ? "more than %d entries"
		                                      : "out of memory (%d entries)",
		                 FEED_MAX_ENTRIES);
	fill_common(e, ent, id, h.has_pos, h.place.lat, h.place.lon);
	if (k != ENT_SPOT) {
		fill_site(e, ent, k);
		s->sites[s->n_sites++] = (struct site_ref){id, ent, out->n - 1, true};
		return PK_OK;
	}
	if (feed_streq(st, "free"))
		e->spot = MODEL_SPOT_FREE;
	else if (feed_streq(st, "occupied"))
		e->spot = MODEL_SPOT_TAKEN;
	else if (feed_streq(st, "closed"))
		e->spot = MODEL_SPOT_CLOSED;
	const cJSON *cat = val(ent, "category");
	if (HAS_WORD(cat, "onStreet"))
		e->type = MODEL_TYPE_ON_STREET;
	e->disabled = HAS_WORD(cat, "onlyDisabled", "forDisabled", "disabled") ||
	              HAS_WORD(val(ent, "requiredPermit"), "disabledPermit");
	struct group *g = NULL;
	for (size_t i = 0; !e->disabled && refers_to(ent, s->groups, s->n_groups, &g, i); i++)
		if (g)
			e->disabled = true;
	e->updated_at = data_time(ent, "status");
	return PK_OK;
}

/* Gives each site the disabled groups that name it (refParkingSite) or that it names
 * (refParkingGroup). Unclaimed groups are counted as skipped. */
static void link_groups(struct model *out, struct ngsi_state *s, struct feed_info *info)
{
	for (size_t i = 0; i < s->n_sites; i++) {
		struct site_ref *site = &s->sites[i];
		struct group *g = NULL;
		for (size_t j = 0; refers_to(site->ent, s->groups, s->n_groups, &g, j); j++)
			if (g && !g->used)
				attach_group(&out->v[site->entry], site, g);
	}
	if (s->n_sites)
		qsort(s->sites, s->n_sites, sizeof *s->sites, cmp_site);
	for (size_t i = 0; i < s->n_groups; i++) {
		struct group *g = &s->groups[i];
		if (g->used)
			continue;
		const char *ref = feed_str(val(g->ent, "refParkingSite"));
		struct site_ref key = {.id = ref};
		struct site_ref *site = ref && s->n_sites ? bsearch(&key, s->sites, s->n_sites,
		                                                    sizeof *s->sites, cmp_site)
		                                          : NULL;
		if (site)
			attach_group(&out->v[site->entry], site, g);
		else
			feed_skip(info, "a disabled ParkingGroup of no site in the body");
	}
}

enum pk_err feed_parse_ngsi(const cJSON *root, struct feed_near *near, struct model *out,
                            struct feed_info *info, char *err, size_t errcap)
{
	const cJSON *list = root;
	if (cJSON_IsObject(root)) {
		if (!feed_ngsi_is_entity(root)) {
			char msg[96] = "";
			feed_text(msg, sizeof msg, feed_get(root, "error"));
			return feed_fail(err, errcap, PK_ERR_SHAPE,
			                 "NGSI: expected an entity or a list of entities%s%s%s",
			                 msg[0] ? " (broker said \"" : "", msg,
			                 msg[0] ? "\")" : "");
		}
	} else if (!cJSON_IsArray(root)) {
		return feed_fail(err, errcap, PK_ERR_SHAPE,
		                 "NGSI: expected an entity or a list of entities");
	}
	/* One entity is a list of one. */
	const cJSON *first = cJSON_IsArray(list) ? list->child : root;
	bool single = !cJSON_IsArray(list);

	size_t n = 0;
	for (const cJSON *c = first; c; c = single ? NULL : c->next)
		n++;
	struct ngsi_state s = {0};
	enum pk_err rc = PK_OK;
	s.groups = calloc(n ? n : 1, sizeof *s.groups);
	s.sites = calloc(n ? n : 1, sizeof *s.sites);
	if (!s.groups || !s.sites) {
		rc = feed_fail(err, errcap, PK_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* Pass 1: disabled groups, so that spots and sites can find them. */
	for (const cJSON *c = first; c; c = single ? NULL : c->next) {
		info->items++;
		if (ent_kind(c) != ENT_GROUP)
			continue;
		const char *id = ent_id(c);
		if (id && group_is_disabled(c))
			s.groups[s.n_groups++] = (struct group){id, c, false};
		else
			feed_skip(info, "a ParkingGroup that is not disabled-only");
	}
	if (s.n_groups)
		qsort(s.groups, s.n_groups, sizeof *s.groups, cmp_group);
	/* Pass 2: sites and spots. */
	for (const cJSON *c = first; c; c = single ? NULL : c->next) {
		enum ent_kind k = ent_kind(c);
		if (k == ENT_GROUP)
			continue;
		if (k == ENT_OTHER) {
			feed_skip(info, "an entity of another type than parking");
			continue;
		}
		/* Disabled groups are added to their sites afterwards: with groups, every site
		 * stays until then. */
		rc = push_entity(c, k, s.n_groups ? NULL : near, out, &s, info, err, errcap);
		if (rc != PK_OK)
			goto out;
	}
	link_groups(out, &s, info);
out:
	free(s.groups);
	free(s.sites);
	return rc;
}
