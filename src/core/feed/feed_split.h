/* Reading a large JSON feed a slice at a time. A 49,000-item body parsed whole costs a
 * cJSON tree of ~100 bytes per value (about 90 MiB for 18 MB); read as slices of a
 * thousand items, the tree stays small. The splitter finds the document's item array —
 * the top-level array, or the top-level object's "items" (ParkAPI v3) or "lots" (v1) — and hands
 * out documents that keep everything around that array byte for byte and hold a slice of its items:
 * {"total_count": 9, "items": [i1, …, i1000], "next_path": …}. Pure, bounds-checked on hostile
 * input; it validates nothing beyond bracket balance, the commas between items and the
 * object around the array: cJSON still parses every slice. */
#ifndef PARKKIOSK_FEED_SPLIT_H
#define PARKKIOSK_FEED_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "jscan.h"

struct feed_split {
	const char *s; /* borrowed: the body */
	size_t len;
	size_t open;  /* index of the item array's '[' */
	size_t close; /* index of its matching ']', once closed (len until then) */
	size_t pos;   /* next item starts at or after here */
	bool bare;    /* the body is the array (else an object's member) */
	bool lots;    /* the member is "lots" (else "items") */
	bool closed;  /* the array's end was found, and the body ends well after it */
};

/* Finds the start of the item array: the top-level array, or the one member of the
 * top-level object named "items" or "lots" whose value is an array. False when the body
 * has none (or two item lists, or is not an object or array there): parse it whole. */
bool feed_split_begin(struct feed_split *sp, const char *s, size_t len);
/* The next item's bytes [*start, *end); false after the last one, or where the body
 * breaks off. The array's end is found by reading up to it. */
bool feed_split_next(struct feed_split *sp, size_t *start, size_t *end);
/* After next returned false: whether the array ended, and the body after it ends the
 * object (with no second item list) or the body. False: parse it whole, for the error. */
bool feed_split_complete(const struct feed_split *sp);
/* The same, and when the item is an object jscan.h is sure of (*strict), its members in
 * m[0..*n) (jscan_object), found in the one scan of its bytes. */
bool feed_split_next_object(struct feed_split *sp, size_t *start, size_t *end,
                            struct jscan_member *m, size_t cap, size_t *n, bool *strict);

#endif
