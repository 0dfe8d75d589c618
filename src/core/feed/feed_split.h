/* Reading a large JSON feed a slice at a time. A 49,000-item body parsed whole costs a
 * cJSON tree of ~100 bytes per value (about 90 MiB for 18 MB); read as slices of a
 * thousand items, the tree stays small. The splitter finds the document's item array —
 * the top-level array, or the top-level object's "items" (ParkAPI v3) or "lots" (v1) — and hands
 * out documents that keep everything around that array byte for byte and hold a slice of its items:
 * {"total_count": 9, "items": [i1, …, i1000], "next_path": …}. Pure, bounds-checked on hostile
 * input; it validates nothing beyond bracket balance and the commas between items: cJSON still
 * parses every slice. */
#ifndef PARKKIOSK_FEED_SPLIT_H
#define PARKKIOSK_FEED_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "jscan.h"

struct feed_split {
	const char *s; /* borrowed: the body */
	size_t len;
	size_t open;  /* index of the item array's '[' */
	size_t close; /* index of its matching ']' */
	size_t pos;   /* next item starts at or after here */
};

/* Finds the item array. False when the body has none (or is not balanced): parse it whole. */
bool feed_split_begin(struct feed_split *sp, const char *s, size_t len);
/* The next item's bytes [*start, *end); false after the last one. */
bool feed_split_next(struct feed_split *sp, size_t *start, size_t *end);
/* The same, and when the item is an object jscan.h is sure of (*strict), its members in
 * m[0..*n) (jscan_object), found in the one scan of its bytes. */
bool feed_split_next_object(struct feed_split *sp, size_t *start, size_t *end,
                            struct jscan_member *m, size_t cap, size_t *n, bool *strict);

#endif
