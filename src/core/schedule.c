/* Display schedule arithmetic (see schedule.h). Minutes of the day are small integers,
 * so the next change is found by walking forward one minute at a time: at most 1440
 * cheap steps, and obviously right for any mix of wrapping windows. */
#include "schedule.h"

#include <stdio.h>
#include <string.h>

/* Reads "HH:MM" at *p into minutes; advances *p. allow_24 admits "24:00". */
static bool parse_clock(const char **p, bool allow_24, int *out)
{
	const char *s = *p;
	for (int i = 0; i < 5; i++) {
		if (i == 2 ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59)
		return false;
	if (h > 23 && !(allow_24 && h == 24 && m == 0))
		return false;
	*out = h * 60 + m;
	*p = s + 5;
	return true;
}

static void skip_spaces(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

enum pk_err schedule_window_parse(const char *s, struct schedule_window *out, char *err,
                                  size_t errcap)
{
	struct schedule_window w = {0};
	const char *p = s;
	skip_spaces(&p);
	if (*p == '\0') {
		*out = w;
		return PK_OK;
	}
	if (!parse_clock(&p, false, &w.start))
		goto bad;
	skip_spaces(&p);
	if (*p != '-')
		goto bad;
	p++;
	skip_spaces(&p);
	if (!parse_clock(&p, true, &w.end))
		goto bad;
	skip_spaces(&p);
	if (*p != '\0')
		goto bad;
	if (w.start == w.end) {
		snprintf(err, errcap,
		         "\"%s\": start equals end (use \"00:00-24:00\" for all day, \"\" for "
		         "never)",
		         s);
		return PK_ERR_CONFIG;
	}
	w.set = true;
	*out = w;
	return PK_OK;
bad:
	snprintf(err, errcap, "\"%s\": expected \"HH:MM-HH:MM\" (24-hour, e.g. \"22:30-06:00\")",
	         s);
	return PK_ERR_CONFIG;
}

static int day_minute(int minute)
{
	int m = minute % SCHEDULE_MINUTES_PER_DAY;
	return m < 0 ? m + SCHEDULE_MINUTES_PER_DAY : m;
}

bool schedule_window_contains(const struct schedule_window *w, int minute)
{
	if (!w || !w->set)
		return false;
	int m = day_minute(minute);
	if (w->start < w->end)
		return m >= w->start && m < w->end;
	/* Wraps midnight: [start, 24:00) and [00:00, end). */
	return m >= w->start || m < w->end;
}

enum schedule_state schedule_state(const struct schedule_window *off,
                                   const struct schedule_window *dim, int minute)
{
	if (schedule_window_contains(off, minute))
		return SCHEDULE_OFF;
	if (schedule_window_contains(dim, minute))
		return SCHEDULE_DIM;
	return SCHEDULE_ON;
}

int schedule_next_change_minutes(const struct schedule_window *off,
                                 const struct schedule_window *dim, int minute)
{
	enum schedule_state now = schedule_state(off, dim, minute);
	for (int step = 1; step < SCHEDULE_MINUTES_PER_DAY; step++) {
		if (schedule_state(off, dim, minute + step) != now)
			return step;
	}
	return -1;
}

const char *schedule_state_name(enum schedule_state s)
{
	switch (s) {
	case SCHEDULE_ON:
		return "on";
	case SCHEDULE_DIM:
		return "dim";
	case SCHEDULE_OFF:
		return "off";
	}
	return "?";
}
