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

/* What an entry is for. DATEX II sends a static table (names, positions, capacities) and a
 * status publication (counts, state, time) as two feeds; model_join_records joins them by
 * record id once every feed's entries are in one model (docs/feeds.md "DATEX II"). */
enum model_role {
	MODEL_ROLE_LIVE = 0, /* a complete entry (every JSON format) */
	MODEL_ROLE_TABLE,    /* a static record: waits for a status, shown without counts */
	MODEL_ROLE_STATUS,   /* a status record: no name or position of its own */
};

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
	/* DATEX II join (model_join_records); MODEL_ROLE_LIVE for every other format. */
	enum model_role role;
	int occupied;     /* status: occupied spaces as sent, MODEL_UNKNOWN if not */
	double occupancy; /* status: occupied share 0..1 as sent, < 0 if not */
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
/* Moves every entry of src to the end of dst; src is left empty. Into an empty dst this
 * hands the array over without copying (a 50,000-entry parse is not held twice). False
 * when out of memory (dst unchanged, src keeps its entries). */
bool model_take(struct model *dst, struct model *src);
/* Sets the feed index on all entries and fills updated_at where it is 0 with `fallback`
 * (a feed-level time such as ParkAPI v1's last_updated), when fallback > 0. */
void model_stamp(struct model *m, int feed, int64_t fallback);
/* Drops entries a kiosk cannot place or use: no position. Status records (which take
 * their position from their table record) are kept for model_join_records. Returns how
 * many were dropped. */
size_t model_drop_unplaceable(struct model *m);
/* Joins every MODEL_ROLE_STATUS entry into the MODEL_ROLE_TABLE entry of the same id: the
 * status's capacity override wins over the table's capacity, its vacant count (else
 * capacity - occupied, else capacity x (1 - occupancy)) is the free count, its state and
 * time replace the table's; one-space disabled records (spots) become free or taken. The
 * joined entry becomes MODEL_ROLE_LIVE with the status's feed index. Status records with
 * no table entry are removed; their number is returned in *orphans (may be NULL). Table
 * records without a status stay, with unknown free counts and no time. */
void model_join_records(struct model *m, size_t *orphans);

/* Memory is bounded by what a kiosk can show: a feed of 49,000 spots keeps the ones near
 * the kiosk, not all of them. */
struct model_keep {
	double lat, lon;       /* the kiosk's position */
	size_t max_per_kind;   /* nearest sites and nearest spots kept, each */
	size_t max_free_spots; /* and beyond those, the nearest free spots (alternatives) */
};
#define MODEL_KEEP_DEFAULT_MAX 1000
#define MODEL_KEEP_DEFAULT_FREE 64
/* Keeps, of the entries with a position, the max_per_kind nearest sites and spots and the
 * max_free_spots nearest free spots beyond those; entries without a position (DATEX II
 * status records waiting for their table) all stay. Order is kept. Returns how many were
 * dropped. Never allocates more than one index array; on out-of-memory keeps everything
 * and returns 0. */
size_t model_keep_nearest(struct model *m, const struct model_keep *k);

const char *model_open_name(enum model_open o);
const char *model_spot_name(enum model_spot_state s);

#endif
