/* --dump-state: the evaluated, sorted view as JSON (a test and operator interface; keep
 * it stable). Pure. Unknown, stale or invalid numbers are null. */
#ifndef PARKKIOSK_DUMP_H
#define PARKKIOSK_DUMP_H

#include <stdbool.h>
#include <stddef.h>

#include "feed_status.h"
#include "view.h"

struct dump_ctx {
	const struct view *view;
	double lat, lon;
	double facing_deg; /* the screen's front; "direction" is relative to its reader */
	const char *place;
	bool demo;
	int stale_after_s;
	const struct fetch_status *feeds; /* borrowed, may be NULL */
	size_t n_feeds;
};

/* Returns a malloc'd JSON document (caller frees), NULL when out of memory. */
char *dump_state_json(const struct dump_ctx *ctx);

#endif
