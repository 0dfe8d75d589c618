/* The display schedule: a screen-off window and a dimmed window in local wall-clock
 * time ("HH:MM-HH:MM", may wrap past midnight), and what state the screen is in at a
 * given minute of the day. Pure: no clock, no time zone; the caller passes the local
 * minute (0..1439) and re-evaluates after every wake-up, which also absorbs DST jumps. */
#ifndef PARKKIOSK_SCHEDULE_H
#define PARKKIOSK_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define SCHEDULE_MINUTES_PER_DAY 1440

/* A half-open interval [start, end) of minutes since local midnight. start > end wraps
 * past midnight ("22:00-06:00"); "00:00-24:00" is the whole day. */
struct schedule_window {
	bool set; /* false: no window ("" in the config) */
	int start, end;
};

enum schedule_state { SCHEDULE_ON, SCHEDULE_DIM, SCHEDULE_OFF };

/* Parses "HH:MM-HH:MM" (24-hour, two digits each, optional spaces around '-'); "" gives
 * an unset window. "24:00" is allowed as an end only. Equal start and end is refused as
 * ambiguous (say "00:00-24:00" for always). On error writes a reason to err. */
enum pk_err schedule_window_parse(const char *s, struct schedule_window *out, char *err,
                                  size_t errcap);

/* Whether a minute of the day falls in the window (false for an unset window). */
bool schedule_window_contains(const struct schedule_window *w, int minute);

/* The screen state at `minute` (taken modulo a day): OFF inside the off window, else DIM
 * inside the dim window, else ON. Off wins where the windows overlap. */
enum schedule_state schedule_state(const struct schedule_window *off,
                                   const struct schedule_window *dim, int minute);

/* Minutes from `minute` until the state next differs from schedule_state(…, minute)
 * (1..1439), or -1 if it never changes (no windows, or one covering the whole day). */
int schedule_next_change_minutes(const struct schedule_window *off,
                                 const struct schedule_window *dim, int minute);

/* "on", "dim", "off": for logs, health output and --dump-state. */
const char *schedule_state_name(enum schedule_state s);

#endif
