/* DATEX II parking publications (XML), as the Mobilithek and its predecessor MDM
 * distribute them. Three dialects, parsed by local name inside the DATEX II namespaces
 * (http://datex2.eu/schema/...), whatever the prefixes:
 *  - v2 MDM profile: parkingFacilityTablePublication/parkingFacility (static) and
 *    parkingFacilityTableStatusPublication/parkingFacilityStatus (status);
 *  - v2.3 parking extension: parkingTablePublication/parkingRecord and
 *    parkingStatusPublication/parkingRecordStatus;
 *  - v3 (messageContainer or d2Payload): par:ParkingTablePublication and
 *    par:ParkingStatusPublication, the same record names.
 * A table record becomes a MODEL_ROLE_TABLE entry, a status record a MODEL_ROLE_STATUS
 * entry; model_join_records joins them by record id once both feeds are in (the MDM id
 * "24278[Karstadt]" is record 24278). See docs/feeds.md "DATEX II".
 *
 * Hardening: libxml2's streaming reader (no tree of the whole publication), no network
 * (XML_PARSE_NONET), no DTD loading, no entity substitution (XML_PARSE_NOENT never), and a
 * body with a DOCTYPE or an entity declaration is refused before libxml2 sees it; depth
 * and node-count limits bound the work on a hostile body. */
#include "feed_int.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include "text.h"

#define DX_MAX_DEPTH 64
#define DX_MAX_NODES 4000000L
#define DX_NS "http://datex2.eu/schema/"

enum rec_kind { REC_NONE, REC_TABLE, REC_STATUS };

/* The record being read. Counts are MODEL_UNKNOWN until seen. */
struct rec {
	enum rec_kind kind;
	int depth; /* depth of the record element */
	char id[64];
	char name[128];
	double lat, lon;
	bool has_lat, has_lon;
	int total, total_short; /* capacity (table) or capacity override (status) */
	int vacant, occupied;
	double occupancy; /* 0..1, < 0 = not sent */
	bool time_seen;   /* a status time element was there (valid or not) */
	int64_t time;
	bool st_closed, st_open, st_full, st_unknown, st_other;
	enum model_site_type type;
	bool on_street;
	bool disabled_among, disabled_only, disabled_ext;
	int disabled_total;
	int grp_depth; /* assignedParkingSpaces group, 0 = none open */
	int grp_n;
	bool grp_disabled;
	int max_height_cm;
};

struct dx {
	xmlTextReaderPtr rd;
	const char *names[DX_MAX_DEPTH]; /* local names by depth (reader's dictionary), NULL
	                                    for elements outside the DATEX II namespaces */
	struct rec r;
	int64_t pub_time; /* publication time, 0 = none (yet) */
	bool root_ok;
	struct model *out;
	struct feed_info *info;
	char xml_err[160]; /* first libxml2 error */
	enum pk_err rc;    /* a fatal error (entries limit, memory) */
	char *err;
	size_t errcap;
};

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

/* libxml2 reports to this instead of stderr; the first error is kept for the message. */
static void on_xml_error(void *ud, xmlErrorPtr e)
{
	struct dx *d = ud;
	if (d->xml_err[0] || !e)
		return;
	char msg[128] = "";
	if (e->message)
		text_sanitize(msg, sizeof msg, e->message, strlen(e->message));
	snprintf(d->xml_err, sizeof d->xml_err, "line %d: %s", e->line, msg);
}

static void on_generic_error(void *ud, const char *fmt, ...)
{
	(void)ud;
	(void)fmt;
}

static bool eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static const char *at(const struct dx *d, int depth)
{
	return depth >= 0 && depth < DX_MAX_DEPTH ? d->names[depth] : NULL;
}

/* A text value through the shared JSON readers (a string cJSON on the stack). */
static cJSON text_value(const char *s)
{
	cJSON v = {.type = cJSON_String, .valuestring = (char *)s};
	return v;
}

static int count_of(const char *s)
{
	cJSON v = text_value(s);
	return feed_count(&v);
}

static bool number_of(const char *s, double *out)
{
	cJSON v = text_value(s);
	return feed_number(&v, out);
}

/* A time; epoch 0 (Stuttgart's "1970-01-01T01:00:00+01:00" placeholder) and anything
 * before it count as no time. */
static int64_t time_of(const char *s)
{
	cJSON v = text_value(s);
	int64_t t = 0;
	if (!feed_time(&v, &t) || t <= 0)
		return 0;
	return t;
}

/* Record ids as MDM writes them, "24278[Karstadt]": the id is the part before "[". The
 * bracketed name, if any, goes to name. */
static void split_id(const char *raw, char *id, size_t idcap, char *name, size_t namecap)
{
	name[0] = '\0';
	size_t n = strlen(raw);
	const char *open = strchr(raw, '[');
	if (open && n > 1 && raw[n - 1] == ']' && open > raw) {
		size_t nl = (size_t)(raw + n - 1 - (open + 1));
		text_sanitize(name, namecap, open + 1, nl);
		n = (size_t)(open - raw);
	}
	while (n && (raw[n - 1] == ' ' || raw[n - 1] == '\t'))
		n--;
	text_sanitize(id, idcap, raw, n);
}

static bool word_is(const char *s, const char *w)
{
	/* Values come padded now and then: compare the trimmed text. */
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	size_t wl = strlen(w);
	if (n != wl)
		return false;
	for (size_t i = 0; i < n; i++) {
		char a = s[i], b = w[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

/* UTM zone 32N (ETRS89 / EPSG:25832, what Stuttgart's table sends as "latitude" and
 * "longitude") to WGS84 degrees; the two datums differ by well under a metre. Inverse
 * transverse Mercator, series to e^8 (Snyder, "Map Projections", 1987, p. 63). */
static void utm32_to_wgs84(double northing, double easting, double *lat, double *lon)
{
	const double a = 6378137.0, f = 1 / 298.257222101, k0 = 0.9996;
	const double e2 = f * (2 - f), ep2 = e2 / (1 - e2);
	const double lon0 = 9.0 * M_PI / 180;
	double x = easting - 500000.0, y = northing;
	double m = y / k0;
	double mu = m / (a * (1 - e2 / 4 - 3 * e2 * e2 / 64 - 5 * e2 * e2 * e2 / 256));
	double e1 = (1 - sqrt(1 - e2)) / (1 + sqrt(1 - e2));
	double phi1 = mu + (3 * e1 / 2 - 27 * pow(e1, 3) / 32) * sin(2 * mu) +
	              (21 * e1 * e1 / 16 - 55 * pow(e1, 4) / 32) * sin(4 * mu) +
	              (151 * pow(e1, 3) / 96) * sin(6 * mu) +
	              (1097 * pow(e1, 4) / 512) * sin(8 * mu);
	double s = sin(phi1), c = cos(phi1), t = tan(phi1);
	double n1 = a / sqrt(1 - e2 * s * s);
	double t1 = t * t, c1 = ep2 * c * c;
	double r1 = a * (1 - e2) / pow(1 - e2 * s * s, 1.5);
	double dd = x / (n1 * k0);
	double phi =
	    phi1 -
	    (n1 * t / r1) *
	        (dd * dd / 2 - (5 + 3 * t1 + 10 * c1 - 4 * c1 * c1 - 9 * ep2) * pow(dd, 4) / 24 +
	         (61 + 90 * t1 + 298 * c1 + 45 * t1 * t1 - 252 * ep2 - 3 * c1 * c1) * pow(dd, 6) /
	             720);
	double lam = lon0 + (dd - (1 + 2 * t1 + c1) * pow(dd, 3) / 6 +
	                     (5 - 2 * c1 + 28 * t1 - 3 * c1 * c1 + 8 * ep2 + 24 * t1 * t1) *
	                         pow(dd, 5) / 120) /
	                        c;
	*lat = phi * 180 / M_PI;
	*lon = lam * 180 / M_PI;
}

static void rec_reset(struct rec *r, enum rec_kind kind, int depth)
{
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->depth = depth;
	r->total = r->total_short = MODEL_UNKNOWN;
	r->vacant = r->occupied = MODEL_UNKNOWN;
	r->occupancy = -1;
	r->disabled_total = MODEL_UNKNOWN;
	r->max_height_cm = MODEL_UNKNOWN;
}

static void rec_id(struct rec *r, const char *raw)
{
	if (!raw || r->id[0])
		return;
	char name[128];
	split_id(raw, r->id, sizeof r->id, name, sizeof name);
	if (name[0] && !r->name[0])
		memcpy(r->name, name, sizeof r->name);
}

static void push_table(struct dx *d, struct model_entry *e)
{
	struct rec *r = &d->r;
	int total = r->total != MODEL_UNKNOWN ? r->total : r->total_short;
	bool bay = (r->disabled_among || r->disabled_only) && total == 1;
	e->kind = bay ? MODEL_SPOT : MODEL_SITE;
	e->role = MODEL_ROLE_TABLE;
	e->type = r->on_street ? MODEL_TYPE_ON_STREET : r->type;
	e->max_height_cm = r->max_height_cm;
	if (bay) {
		e->disabled = true;
		return;
	}
	e->total = total;
	e->disabled = r->disabled_only;
	if (r->disabled_only)
		e->total_disabled = total;
	else if (r->disabled_total != MODEL_UNKNOWN)
		e->total_disabled = r->disabled_total;
}

static void push_status(struct dx *d, struct model_entry *e)
{
	struct rec *r = &d->r;
	e->role = MODEL_ROLE_STATUS;
	e->total = r->total != MODEL_UNKNOWN ? r->total : r->total_short;
	e->free = r->vacant;
	e->occupied = r->occupied;
	e->occupancy = r->occupancy;
	e->disabled = r->disabled_ext;
	if (r->st_closed)
		e->open = MODEL_OPEN_CLOSED;
	else if (r->st_open || r->st_full || r->st_other)
		e->open = MODEL_OPEN_OPEN;
	if (r->st_full && e->free == MODEL_UNKNOWN)
		e->free = 0;
	if (r->st_unknown && !r->st_open && !r->st_full && !r->st_other && !r->st_closed) {
		/* "statusUnknown" alone: whatever counts came with it are not a reading. */
		e->free = e->occupied = MODEL_UNKNOWN;
		e->occupancy = -1;
	}
	/* The record's own time; the publication's only when the record has none. A time
	 * element that is there but unreadable (or the epoch) leaves the age unknown. */
	e->updated_at = r->time_seen ? r->time : d->pub_time;
}

static void finish_record(struct dx *d)
{
	struct rec *r = &d->r;
	d->info->items++;
	if (!r->id[0]) {
		feed_skip(d->info, "a record without an id");
		r->kind = REC_NONE;
		return;
	}
	enum pk_err rc = PK_OK;
	struct model_entry *e = feed_push(d->out, MODEL_SITE, &rc);
	if (!e) {
		d->rc = feed_fail(d->err, d->errcap, rc,
		                  rc == PK_ERR_TOO_BIG ? "more than %d entries"
		                                       : "out of memory (%d entries)",
		                  FEED_MAX_ENTRIES);
		r->kind = REC_NONE;
		return;
	}
	memcpy(e->id, r->id, sizeof e->id);
	memcpy(e->name, r->name, sizeof e->name);
	if (r->has_lat && r->has_lon) {
		double lat = r->lat, lon = r->lon;
		if (lat > 1e6 && lat < 1e7 && lon > 1e5 && lon < 1e6)
			utm32_to_wgs84(r->lat, r->lon, &lat, &lon);
		if (feed_position_ok(lat, lon)) {
			e->has_pos = true;
			e->lat = lat;
			e->lon = lon;
		}
	}
	if (r->kind == REC_TABLE)
		push_table(d, e);
	else
		push_status(d, e);
	r->kind = REC_NONE;
}

static enum model_site_type layout_type(const char *v)
{
	if (word_is(v, "multiStorey") || word_is(v, "multiLevel") || word_is(v, "multiStory"))
		return MODEL_TYPE_CAR_PARK;
	if (word_is(v, "underground") || word_is(v, "undergroundParking"))
		return MODEL_TYPE_UNDERGROUND;
	if (word_is(v, "singleLevel") || word_is(v, "openSpace") || word_is(v, "flat") ||
	    word_is(v, "surface"))
		return MODEL_TYPE_LOT;
	return MODEL_TYPE_UNKNOWN;
}

static void on_start(struct dx *d, int depth, const char *name)
{
	struct rec *r = &d->r;
	const char *parent = at(d, depth - 1);
	if (r->kind == REC_NONE) {
		if ((eq(name, "parkingFacility") && eq(parent, "parkingFacilityTable")) ||
		    (eq(name, "parkingRecord") && eq(parent, "parkingTable"))) {
			rec_reset(r, REC_TABLE, depth);
			char *id = (char *)xmlTextReaderGetAttribute(d->rd, BAD_CAST "id");
			rec_id(r, id);
			xmlFree(id);
		} else if ((eq(name, "parkingFacilityStatus") &&
		            eq(parent, "parkingFacilityTableStatusPublication")) ||
		           eq(name, "parkingRecordStatus")) {
			rec_reset(r, REC_STATUS, depth);
		}
		return;
	}
	if (depth == r->depth + 1 &&
	    (eq(name, "parkingFacilityReference") || eq(name, "parkingRecordReference"))) {
		char *id = (char *)xmlTextReaderGetAttribute(d->rd, BAD_CAST "id");
		rec_id(r, id);
		xmlFree(id);
	} else if (r->kind == REC_TABLE && depth == r->depth + 1 &&
	           eq(name, "assignedParkingSpaces")) {
		r->grp_depth = depth;
		r->grp_n = MODEL_UNKNOWN;
		r->grp_disabled = false;
	}
}

static void on_end(struct dx *d, int depth)
{
	struct rec *r = &d->r;
	if (r->kind == REC_NONE)
		return;
	if (r->grp_depth && depth == r->grp_depth) {
		if (r->grp_disabled && r->grp_n != MODEL_UNKNOWN && r->grp_n >= 0)
			r->disabled_total =
			    r->disabled_total == MODEL_UNKNOWN
			        ? r->grp_n
			        : r->disabled_total + (r->grp_n < 100000 ? r->grp_n : 0);
		r->grp_depth = 0;
	}
	if (depth == r->depth)
		finish_record(d);
}

static void table_text(struct dx *d, int depth, const char *leaf, const char *v)
{
	struct rec *r = &d->r;
	const char *parent = at(d, depth - 1), *grand = at(d, depth - 2);
	bool direct = depth == r->depth + 1;
	if (eq(leaf, "value") && (eq(grand, "parkingFacilityName") || eq(grand, "parkingName")) &&
	    depth == r->depth + 3) {
		if (!r->name[0])
			text_sanitize(r->name, sizeof r->name, v, strlen(v));
	} else if ((eq(leaf, "latitude") || eq(leaf, "longitude")) &&
	           (eq(parent, "locationForDisplay") || eq(parent, "pointCoordinates") ||
	            eq(parent, "coordinatesForDisplay"))) {
		double x;
		bool lat = eq(leaf, "latitude");
		if ((lat ? r->has_lat : r->has_lon) || !number_of(v, &x))
			return;
		if (lat) {
			r->lat = x;
			r->has_lat = true;
		} else {
			r->lon = x;
			r->has_lon = true;
		}
	} else if (direct &&
	           (eq(leaf, "totalParkingCapacity") || eq(leaf, "parkingNumberOfSpaces"))) {
		r->total = count_of(v);
	} else if (direct && eq(leaf, "totalParkingCapacityShortTerm")) {
		r->total_short = count_of(v);
	} else if (r->grp_depth && eq(leaf, "numberOfAssignedParkingSpaces")) {
		r->grp_n = count_of(v);
	} else if (r->grp_depth && eq(leaf, "personTypeForWhichSpacesAssigned")) {
		if (word_is(v, "disabled"))
			r->grp_disabled = true;
	} else if (eq(leaf, "applicableForUser") && word_is(v, "disabled")) {
		if (eq(parent, "onlyAssignedParking"))
			r->disabled_only = true;
		else if (eq(parent, "assignedParkingAmongOthers"))
			r->disabled_among = true;
	} else if (direct && (eq(leaf, "parkingFacilityLayout") || eq(leaf, "parkingLayout"))) {
		r->type = layout_type(v);
	} else if (direct && eq(leaf, "urbanParkingSiteType")) {
		r->on_street = word_is(v, "onStreetParking");
	} else if (eq(leaf, "vehicleHeight") && eq(parent, "heightCharacteristic")) {
		double m;
		if (number_of(v, &m) && m > 0 && m < 100)
			r->max_height_cm = (int)lround(m * 100);
	}
}

static void status_word(struct rec *r, const char *v)
{
	if (word_is(v, "closed") || word_is(v, "closedAbnormal") || word_is(v, "noParkingAllowed"))
		r->st_closed = true;
	else if (word_is(v, "open") || word_is(v, "openingTimesInForce"))
		r->st_open = true;
	else if (word_is(v, "full") || word_is(v, "fullAtEntrance") || word_is(v, "overcrowded"))
		r->st_full = true;
	else if (word_is(v, "statusUnknown") || word_is(v, "unknown"))
		r->st_unknown = true;
	else if (word_is(v, "spacesAvailable") || word_is(v, "almostFull") ||
	         word_is(v, "noMoreParkingSpacesAvailable"))
		r->st_other = true;
}

/* An occupancy as a share 0..1. MDM's parkingFacilityOccupancy is a fraction, the 2.3
 * and v3 parkingOccupancy a percentage; a "fraction" over 1 is read as a percentage. */
static void occupancy(struct rec *r, const char *v, bool percent)
{
	double x;
	if (!number_of(v, &x) || x < 0)
		return;
	if (!percent && x > 1)
		percent = true;
	if (percent)
		x /= 100;
	if (x <= 1)
		r->occupancy = x;
}

static void status_text(struct dx *d, int depth, const char *leaf, const char *v)
{
	struct rec *r = &d->r;
	const char *parent = at(d, depth - 1);
	bool direct = depth == r->depth + 1;
	bool occ = eq(parent, "parkingOccupancy") && depth == r->depth + 2;
	if (direct && (eq(leaf, "parkingFacilityStatus") || eq(leaf, "parkingSiteStatus") ||
	               eq(leaf, "parkingSiteOpeningStatus"))) {
		status_word(r, v);
	} else if (direct &&
	           (eq(leaf, "parkingFacilityStatusTime") || eq(leaf, "parkingStatusOriginTime"))) {
		r->time_seen = true;
		r->time = time_of(v);
	} else if ((direct && eq(leaf, "totalNumberOfVacantParkingSpaces")) ||
	           (occ && eq(leaf, "parkingNumberOfVacantSpaces"))) {
		r->vacant = count_of(v);
	} else if ((direct && eq(leaf, "totalNumberOfOccupiedParkingSpaces")) ||
	           (occ && eq(leaf, "parkingNumberOfOccupiedSpaces"))) {
		r->occupied = count_of(v);
	} else if ((direct && eq(leaf, "totalParkingCapacityOverride")) ||
	           (occ && eq(leaf, "parkingNumberOfSpacesOverride"))) {
		r->total = count_of(v);
	} else if (direct && eq(leaf, "totalParkingCapacityShortTermOverride")) {
		r->total_short = count_of(v);
	} else if (direct && eq(leaf, "parkingFacilityOccupancy")) {
		occupancy(r, v, false);
	} else if (occ && eq(leaf, "parkingOccupancy")) {
		occupancy(r, v, true);
	} else if (eq(leaf, "name") && eq(parent, "category") &&
	           (word_is(v, "Behinderte") || word_is(v, "disabled"))) {
		r->disabled_ext = true; /* Friedrichshafen's vendor extension */
	}
}

static void on_text(struct dx *d, int depth, const char *v)
{
	const char *leaf = at(d, depth);
	if (!leaf || !v)
		return;
	if (d->r.kind == REC_NONE) {
		if (eq(leaf, "publicationTime") && !d->pub_time)
			d->pub_time = time_of(v);
		return;
	}
	if (d->r.kind == REC_TABLE)
		table_text(d, depth, leaf, v);
	else
		status_text(d, depth, leaf, v);
}

/* The local name of the element at the reader, NULL when it is outside DATEX II. */
static const char *element_name(xmlTextReaderPtr rd)
{
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(rd);
	if (!ns || strncmp(ns, DX_NS, strlen(DX_NS)) != 0)
		return NULL;
	return (const char *)xmlTextReaderConstLocalName(rd);
}

bool feed_datex2_refused_markup(const char *bytes, size_t len, const char **what)
{
	/* "<!" outside a comment or CDATA section is a declaration: DOCTYPE, ENTITY,
	 * ELEMENT… A plain scan (one pass, no allocation) refuses them all, so libxml2
	 * never reads a DTD, internal or external. "<!--" and "<![CDATA[" are let through. */
	for (size_t i = 0; i + 2 < len; i++) {
		if (bytes[i] != '<' || bytes[i + 1] != '!')
			continue;
		if (bytes[i + 2] == '-' || bytes[i + 2] == '[')
			continue;
		bool entity = len - i >= 8 && memcmp(bytes + i, "<!ENTITY", 8) == 0;
		*what = entity ? "an entity declaration" : "a DOCTYPE or other declaration";
		return true;
	}
	return false;
}

static bool root_name_ok(const char *name)
{
	return eq(name, "d2LogicalModel") || eq(name, "messageContainer") || eq(name, "payload") ||
	       eq(name, "payloadPublication");
}

enum pk_err feed_parse_datex2(const char *bytes, size_t len, struct model *out,
                              struct feed_info *info, char *err, size_t errcap)
{
	const char *what = NULL;
	if (feed_datex2_refused_markup(bytes, len, &what))
		return feed_fail(err, errcap, PK_ERR_SHAPE,
		                 "DATEX II: %s is refused (no DTDs or entities are read)", what);
	if (len > (size_t)INT32_MAX)
		return feed_fail(err, errcap, PK_ERR_TOO_BIG, "DATEX II: body too big");
	pthread_once(&xml_once, xml_init);
	/* libxml2's globals are per thread: nothing it says reaches stderr. */
	xmlSetGenericErrorFunc(NULL, on_generic_error);
	struct dx d = {.out = out, .info = info, .rc = PK_OK, .err = err, .errcap = errcap};
	d.rd = xmlReaderForMemory(bytes, (int)len, NULL, NULL,
	                          XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
	                              XML_PARSE_NOWARNING);
	if (!d.rd)
		return feed_fail(err, errcap, PK_ERR_NOMEM, "DATEX II: cannot start the reader");
	xmlTextReaderSetStructuredErrorHandler(d.rd, on_xml_error, &d);
	enum pk_err rc = PK_OK;
	long nodes = 0;
	int r = 0;
	for (;;) {
		r = xmlTextReaderRead(d.rd);
		if (r != 1)
			break;
		if (++nodes > DX_MAX_NODES) {
			rc = feed_fail(err, errcap, PK_ERR_TOO_BIG,
			               "DATEX II: more than %ld XML nodes", DX_MAX_NODES);
			goto out;
		}
		int type = xmlTextReaderNodeType(d.rd);
		int depth = xmlTextReaderDepth(d.rd);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY ||
		    type == XML_READER_TYPE_ENTITY_REFERENCE) {
			rc = feed_fail(err, errcap, PK_ERR_SHAPE,
			               "DATEX II: DTDs and entities are refused");
			goto out;
		}
		if (depth < 0 || depth >= DX_MAX_DEPTH) {
			rc = feed_fail(err, errcap, PK_ERR_SHAPE,
			               "DATEX II: elements nested deeper than %d", DX_MAX_DEPTH);
			goto out;
		}
		if (type == XML_READER_TYPE_ELEMENT) {
			const char *name = element_name(d.rd);
			if (depth == 0) {
				if (!root_name_ok(name)) {
					const char *ln =
					    (const char *)xmlTextReaderConstLocalName(d.rd);
					char shown[48] = "";
					if (ln)
						text_sanitize(shown, sizeof shown, ln, strlen(ln));
					rc = feed_fail(
					    err, errcap, PK_ERR_FORMAT,
					    "XML, but not DATEX II (root element <%s>%s)", shown,
					    name ? "" : " outside the DATEX II namespaces");
					goto out;
				}
				d.root_ok = true;
			}
			d.names[depth] = name;
			on_start(&d, depth, name);
			if (xmlTextReaderIsEmptyElement(d.rd))
				on_end(&d, depth);
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			on_end(&d, depth);
			d.names[depth] = NULL;
		} else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) {
			on_text(&d, depth - 1, (const char *)xmlTextReaderConstValue(d.rd));
		}
		if (d.rc != PK_OK) {
			rc = d.rc;
			goto out;
		}
	}
	if (r < 0) {
		rc = feed_fail(err, errcap, PK_ERR_SHAPE, "malformed XML: %s",
		               d.xml_err[0] ? d.xml_err : "parse error");
		goto out;
	}
	if (!d.root_ok)
		rc = feed_fail(err, errcap, PK_ERR_SHAPE, "malformed XML: no root element");
out:
	xmlFreeTextReader(d.rd);
	return rc;
}
