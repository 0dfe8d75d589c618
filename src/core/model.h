/* The normalised parking model: sites (car parks, lots, on-street areas) and single
 * spots, as every feed parser produces them. No I/O, no evaluation (see view.h for
 * staleness, validity and sorting). Unknown counts are MODEL_UNKNOWN; unknown times 0. */
#ifndef PARKKIOSK_MODEL_H
#define PARKKIOSK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <limits.h>

/* Unknown count. Not -1: a feed that sends -1 sent an impossible count, which the view
 * must be able to flag as invalid rather than mistake for "unknown". */
#define MODEL_UNKNOWN INT_MIN

enum model_kind { MODEL_SITE, MODEL_SPOT };

enum model_open { MODEL_OPEN_UNKNOWN, MODEL_OPEN_OPEN, MODEL_OPEN_CLOSED };

enum model_spot_state { MODEL_SPOT_UNKNOWN, MODEL_SPOT_FREE, MODEL_SPOT_TAKEN, MODEL_SPOT_CLOSED };

enum model_site_type {
	MODEL_TYPE_UNKNOWN,
	MODEL_TYPE_CAR_PARK, /* multi-storey */
	MODEL_TYPE_UNDERGROUND,
	MODEL_TYPE_LOT, /* off-street ground */
	MODEL_TYPE_ON_STREET,
};

/* The earliest measurement time taken as real (2000-01-01T00:00:00Z). A realtime count
 * stamped earlier — 1970-01-01 from a zeroed clock, a year-0001 default — is of unknown
 * age, never live. */
#define MODEL_EARLIEST_TIME INT64_C(946684800)

/* Fixed-size text keeps ownership trivial: an entry owns all its bytes. Feed text is
 * sanitised (text_sanitize) and cut to these sizes by the parsers. */
struct model_entry {
	enum model_kind kind;
	char id[64]; /* unique within its feed */
	char name[128];
	char address[128];
	char opening_hours[64]; /* OSM opening_hours syntax, as the feed has it */
	bool has_pos;
	double lat, lon; /* WGS84 degrees */
	enum model_site_type type;
	/* Sites: counts. Spots: total/free unused (MODEL_UNKNOWN). */
	int total, free;
	int total_disabled, free_disabled;
	enum model_open open;
	/* Spots only. */
	enum model_spot_state spot;
	bool disabled;      /* spot reserved for blue-badge holders */
	int max_height_cm;  /* MODEL_UNKNOWN if not given */
	int64_t updated_at; /* realtime data time, Unix seconds UTC; < MODEL_EARLIEST_TIME (0) =
	                       unknown */
	int feed;           /* index of the feed it came from (set by the loader) */
};

/* A growable array of entries. Owns its storage. */
struct model {
	struct model_entry *v; /* owned */
	size_t n, cap;
};

void model_init(struct model *m);
void model_finish(struct model *m);
void model_clear(struct model *m);
/* Appends a new entry with every field set to "unknown"; NULL when out of memory. */
struct model_entry *model_push(struct model *m, enum model_kind kind);
/* Appends copies of every entry of src; false when out of memory (dst unchanged). */
bool model_append(struct model *dst, const struct model *src);
/* Sets the feed index on all entries and fills updated_at where it is 0 with `fallback`
 * (a feed-level time such as ParkAPI v1's last_updated), when fallback > 0. */
void model_stamp(struct model *m, int feed, int64_t fallback);
/* Drops entries a kiosk cannot place or use: no position. Returns how many were dropped. */
size_t model_drop_unplaceable(struct model *m);

const char *model_open_name(enum model_open o);
const char *model_spot_name(enum model_spot_state s);

#endif
