/* Where an item of a big JSON body is, from its raw bytes (see feed_place.c). Internal
 * to src/core/feed. */
#ifndef PARKKIOSK_FEED_PLACE_H
#define PARKKIOSK_FEED_PLACE_H

#include <stdbool.h>
#include <stddef.h>

#include "feed.h"
#include "feed_near.h"
#include "jscan.h"

/* The place (feed_near.h) the parser of fmt (ParkAPI v3 or NGSI) would give the item whose
 * strict JSON members (jscan_object, offsets into s) are m[0..count): true with *place
 * filled in; false when the parser would skip it, it has no position, the format has no
 * such reader, or there is no memory. Uses this thread's jsonarena stack (jsonarena.h). */
bool feed_item_place(enum feed_format fmt, const char *s, const struct jscan_member *m,
                     size_t count, struct feed_place *place);

#endif
