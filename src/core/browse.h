/* Touch for sighted users in kiosk mode, as a state machine with time passed in: a tap on
 * an entry opens its details on screen (no speech); the close button, or
 * touch.resume_after_s without a touch, closes them. While someone touches — and for
 * resume_after_s after the last touch — the automatic page turns stand still (WCAG 2.2.2:
 * moving content can be paused), then they resume. The entry shown is remembered by its
 * identity, so new data re-finds it (or closes the details when it is gone). Pure. */
#ifndef PARKKIOSK_BROWSE_H
#define PARKKIOSK_BROWSE_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "view.h"

struct browse {
	int resume_ms;
	bool open;            /* the details screen is up */
	enum model_kind kind; /* the entry shown: kind, feed and id */
	int feed;
	char id[64];
	int64_t quiet_until_ms; /* the pages stand still until then; DEADLINE_NONE (-1) = no */
};

void browse_init(struct browse *b, int resume_ms);
/* Any touch (down, move, up) at now_ms: holds the pages for resume_ms from now. */
void browse_touch(struct browse *b, int64_t now_ms);
/* Opens the details of a view entry (and counts as a touch). */
void browse_open(struct browse *b, const struct view_item *it, int64_t now_ms);
void browse_close(struct browse *b);
/* The flattened index of the entry shown in v, -1 when closed or gone. */
int browse_index(const struct browse *b, const struct view *v);
/* Whether the automatic page turns stand still at now_ms. */
bool browse_holds_pages(const struct browse *b, int64_t now_ms);
/* When browse_tick has something to do, DEADLINE_NONE (-1) if never. */
int64_t browse_deadline(const struct browse *b);
/* When the quiet time has run out: the details close and the pages may turn again; true
 * then (the caller re-arms its page timer and redraws). */
bool browse_tick(struct browse *b, int64_t now_ms);

#endif
