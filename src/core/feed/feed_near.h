/* Leaving out, while a body is read, the entries that keeping the nearest (model.h,
 * model_keep_nearest) would drop anyway, before a parser spends any work on their texts.
 * It remembers the distances of the nearest sites, spots and free spots seen so far: an
 * entry with at least max_per_kind entries of its kind before it and no further away can
 * never be kept (a free spot: max_per_kind + max_free_spots free spots). What it lets
 * through, kept to the nearest afterwards, is exactly what keeping the nearest of the whole
 * body gives. Internal to src/core/feed. */
#ifndef PARKKIOSK_FEED_NEAR_H
#define PARKKIOSK_FEED_NEAR_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct feed_near {
	struct model_keep keep;
	double *heap[3]; /* owned: max-heaps of distances: sites, spots, free spots */
	size_t n[3], cap[3];
};

/* False (and nf unusable: keep everything) when there is no memory. */
bool feed_near_init(struct feed_near *nf, const struct model_keep *keep);
void feed_near_finish(struct feed_near *nf);

/* What the filter knows of an entry: its kind, whether it is a free spot, its position. */
struct feed_place {
	enum model_kind kind;
	bool free_spot;
	double lat, lon;
};

/* True when the entry, after every entry offered before it, can never be kept: leave it
 * out. Otherwise it is counted as kept and false returned; the caller must then push it.
 * nf NULL: always false. */
bool feed_near_far(struct feed_near *nf, const struct feed_place *p);
/* True when the entry is strictly farther than every distance nf has counted as kept for
 * its kind (and, a free spot, for free spots), nf being full: after nf has been offered
 * every entry of a body, such an entry is not among the nearest of that body, whatever the
 * order or the ties. Counts nothing. */
bool feed_near_outside(const struct feed_near *nf, const struct feed_place *p);

#endif
