/* Deadlines as values. Every part of the kiosk that acts at a time (page turns, the clock
 * minute, the demo's data, the health file, the watchdog, the speech session, touch
 * gestures, the input script, a woken screen) reports its next deadline through a pure
 * function, in milliseconds of one monotonic clock, or DEADLINE_NONE. The event loop
 * sleeps until the earliest of them and owns no timer of its own. */
#ifndef PARKKIOSK_DEADLINE_H
#define PARKKIOSK_DEADLINE_H

#include <stdbool.h>
#include <stdint.h>

#define DEADLINE_NONE (-1) /* never: every real deadline is >= 0 */

/* The earlier of two deadlines (DEADLINE_NONE when both are none). */
int64_t deadline_min(int64_t a, int64_t b);
/* Milliseconds from now_ms until d: 0 when d is due, -1 for DEADLINE_NONE, at most
 * max_ms (>= 0). */
int deadline_wait_ms(int64_t d, int64_t now_ms, int max_ms);
/* A wall-clock deadline (Unix seconds) on the monotonic clock, given what both clocks
 * read now. Whole seconds: the result is never earlier than the true moment. */
int64_t deadline_from_unix(int64_t when_s, int64_t now_s, int64_t now_ms);
/* The start of the next clock minute after now_s (Unix seconds). */
int64_t deadline_next_minute(int64_t now_s);

/* Page turns: while there are more entries than fit, the screen shows the next page every
 * period. Pages stand still while a person listens (held): then there is no deadline at
 * all, so a held pager can never make the loop spin. */
struct pager {
	int page;        /* page counter; layout shows page % pages */
	int64_t next_ms; /* next turn, DEADLINE_NONE when not turning */
	int period_ms;
};

void pager_init(struct pager *p, int period_ms);
/* After a layout or a session change: pages > 1 and not held arms the timer (one period
 * from now, unless it was armed already); otherwise disarms it. */
void pager_set(struct pager *p, int pages, bool held, int64_t now_ms);
int64_t pager_deadline(const struct pager *p);
/* Turns the page when due; true if it turned. Afterwards the deadline is after now_ms. */
bool pager_tick(struct pager *p, int64_t now_ms);

/* A periodic duty (health file, watchdog ping): due every period_ms from its start. */
struct periodic {
	int64_t next_ms; /* DEADLINE_NONE when off */
	int64_t period_ms;
};

/* Starts the duty first_ms from now (period_ms <= 0: off). */
void periodic_start(struct periodic *p, int64_t period_ms, int64_t first_ms, int64_t now_ms);
int64_t periodic_deadline(const struct periodic *p);
/* True when the duty is due at now_ms; the next one is then one period after now_ms. */
bool periodic_due(struct periodic *p, int64_t now_ms);

#endif
