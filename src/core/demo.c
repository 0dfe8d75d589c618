/* The embedded demo feed (see demo.h). The data is the real Freiburg snapshot; only the
 * occupancy moves, by a hash of (entry, period) so it is reproducible for a given time. */
#include "demo.h"

#include <stdio.h>

#include "feed.h"
#include "log.h"

extern const unsigned char demo_sites_json[];
extern const unsigned long demo_sites_json_len;
extern const unsigned char demo_spots_json[];
extern const unsigned long demo_spots_json_len;

/* SplitMix64: a good, tiny, stateless mixer. */
static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

static uint64_t hash_id(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void animate(struct model_entry *e, int64_t period, int64_t stamp)
{
	uint64_t r = mix(hash_id(e->id) ^ mix((uint64_t)period));
	e->updated_at = stamp - (int64_t)(r % 120); /* sources report at slightly different times */
	if (e->kind == MODEL_SPOT) {
		/* About one bay in six differs from the snapshot at any time. */
		if ((r >> 8) % 6 == 0 && e->spot != MODEL_SPOT_UNKNOWN)
			e->spot = e->spot == MODEL_SPOT_FREE ? MODEL_SPOT_TAKEN : MODEL_SPOT_FREE;
		return;
	}
	if (e->open == MODEL_OPEN_CLOSED || e->total <= 0 || e->free == MODEL_UNKNOWN ||
	    e->free < 0 || e->free > e->total)
		return;
	/* Drift the free count by up to ±8 % of capacity around the snapshot. */
	int span = e->total / 12 + 1;
	int delta = (int)((r >> 16) % (uint64_t)(2 * span + 1)) - span;
	int f = e->free + delta;
	e->free = f < 0 ? 0 : f > e->total ? e->total : f;
}

static enum pk_err load_one(struct model *out, const unsigned char *bytes, unsigned long len)
{
	struct feed_info info;
	char err[256];
	enum pk_err rc = feed_parse(FEED_PARKAPI3, (const char *)bytes, (size_t)len, out, &info,
	                            err, sizeof err);
	if (rc != PK_OK)
		log_error("demo feed: %s", err); /* a broken build, not bad input */
	return rc;
}

enum pk_err demo_load(struct model *out, int64_t now)
{
	size_t first = out->n;
	enum pk_err rc = load_one(out, demo_sites_json, demo_sites_json_len);
	if (rc == PK_OK)
		rc = load_one(out, demo_spots_json, demo_spots_json_len);
	if (rc != PK_OK)
		return rc;
	int64_t period = now / DEMO_PERIOD_S;
	for (size_t i = first; i < out->n; i++)
		animate(&out->v[i], period, period * DEMO_PERIOD_S);
	return PK_OK;
}

int64_t demo_next_change(int64_t now)
{
	return (now / DEMO_PERIOD_S + 1) * DEMO_PERIOD_S;
}
