/* The audio-mode session (see session.h). Every entry point starts from a cleared effects
 * struct, changes the session, and ends in finish() which copies the state out and
 * computes the next deadline. */
#include "session.h"

#include <stdlib.h>
#include <string.h>

#include "speech_limits.h"

void session_params_default(struct session_params *p)
{
	memset(p, 0, sizeof *p);
	p->inactivity_ms = 60000;
	p->warning_ms = 30000;
	p->rate_default = 160;
	p->rate_min = SPEECH_RATE_MIN;
	p->rate_max = SPEECH_RATE_MAX;
	p->rate_step = 20;
	p->volume_default = SPEECH_VOLUME_DEFAULT;
	p->volume_steps = SPEECH_VOLUME_STEPS;
	p->n_langs = 1;
	p->lang_default = 0;
}

const char *session_say_name(enum session_say s)
{
	static const char *const names[SESSION_SAY_COUNT] = {
	    "none",       "welcome",  "summary",   "entry",  "details",  "help",
	    "list_start", "list_end", "empty",     "change", "language", "volume",
	    "rate",       "warning",  "continued", "end",
	};
	return (unsigned)s < SESSION_SAY_COUNT ? names[s] : "none";
}

static void reset_settings(struct session *a)
{
	a->lang = a->p.lang_default;
	a->rate_wpm = a->p.rate_default;
	a->volume_step = a->p.volume_default;
}

void session_init(struct session *a, const struct session_params *p)
{
	memset(a, 0, sizeof *a);
	a->p = *p;
	/* Guard the rules the standards set, whatever the configuration says. */
	if (a->p.warning_ms < 20000)
		a->p.warning_ms = 20000;
	if (a->p.inactivity_ms < 1000)
		a->p.inactivity_ms = 1000;
	if (a->p.volume_steps < 1)
		a->p.volume_steps = 1;
	if (a->p.n_langs < 1)
		a->p.n_langs = 1;
	if (a->p.rate_step < 1)
		a->p.rate_step = 1;
	if (a->p.rate_min > a->p.rate_max)
		a->p.rate_min = a->p.rate_max;
	if (a->p.rate_default < a->p.rate_min)
		a->p.rate_default = a->p.rate_min;
	if (a->p.rate_default > a->p.rate_max)
		a->p.rate_default = a->p.rate_max;
	if (a->p.volume_default < 0 || a->p.volume_default >= a->p.volume_steps)
		a->p.volume_default = a->p.volume_steps / 2;
	if (a->p.lang_default < 0 || a->p.lang_default >= a->p.n_langs)
		a->p.lang_default = 0;
	a->focus = -1;
	reset_settings(a);
}

void session_finish(struct session *a)
{
	free(a->keys);
	free(a->status);
	a->keys = NULL;
	a->status = NULL;
	a->n = a->cap = 0;
}

size_t session_count(const struct session *a)
{
	return a->n;
}

const struct view_item *session_view_item(const struct view *v, int i)
{
	if (!v || i < 0)
		return NULL;
	if ((size_t)i < v->n_spots)
		return &v->spots[i];
	size_t j = (size_t)i - v->n_spots;
	return j < v->n_sites ? &v->sites[j] : NULL;
}

/* ---- helpers ---------------------------------------------------------------------- */

static void begin(const struct session *a, struct session_out *o)
{
	memset(o, 0, sizeof *o);
	o->index = -1;
	(void)a;
}

int64_t session_deadline(const struct session *a)
{
	if (!a->active)
		return -1;
	if (a->speaking && !a->paused)
		return a->speak_since + SESSION_SPEECH_MAX_MS;
	return a->idle_since + (a->warning ? a->p.warning_ms : a->p.inactivity_ms);
}

static void finish(const struct session *a, struct session_out *o)
{
	o->active = a->active;
	o->details = a->details;
	o->warning = a->warning;
	o->paused = a->paused;
	o->focus = a->focus;
	o->lang = a->lang;
	o->rate_wpm = a->rate_wpm;
	o->volume_step = a->volume_step;
	o->deadline_ms = session_deadline(a);
}

static uint64_t key_at(const struct session *a, int i)
{
	return i >= 0 && (size_t)i < a->n ? a->keys[i] : 0;
}

static int index_of(const struct session *a, uint64_t key)
{
	if (!key)
		return -1;
	for (size_t i = 0; i < a->n; i++)
		if (a->keys[i] == key)
			return (int)i;
	return -1;
}

static void set_focus(struct session *a, int i, struct session_out *o)
{
	if (i != a->focus)
		o->changed = true;
	a->focus = i;
	a->focus_key = key_at(a, i);
}

/* Says something: a new utterance replaces the current one. */
static void say(struct session *a, enum session_say s, int index, int64_t now,
                struct session_out *o)
{
	o->say = s;
	o->index = index;
	o->stop = true;
	o->say_lang = a->lang;
	o->say_rate_wpm = a->rate_wpm;
	o->say_volume_step = a->volume_step;
	a->speaking = true;
	/* A change announcement is the kiosk's own: its end is no sign of the listener. */
	a->announcing = s == SESSION_SAY_CHANGE;
	a->paused = false;
	a->speak_since = now;
	/* What REPEAT says again. The warning and the end are not worth repeating. */
	if (s != SESSION_SAY_WARNING && s != SESSION_SAY_END && s != SESSION_SAY_CONTINUED) {
		a->last_say = s;
		a->last_key = key_at(a, index);
		a->last_delta = o->delta;
		a->last_at_limit = o->at_limit;
	}
}

static void stop(struct session *a, int64_t now, struct session_out *o)
{
	o->stop = true;
	if (a->speaking) {
		a->speaking = false;
		a->paused = false;
	}
	a->announcing = false;
	a->idle_since = now;
}

/* What both the start and the end of a session set: no warning, details or focus. */
static void reset_session(struct session *a, bool active)
{
	a->active = active;
	a->warning = false;
	a->details = false;
	a->change_pending = false;
	a->focus = -1;
	a->focus_key = 0;
}

static void start(struct session *a, int64_t now, struct session_out *o)
{
	reset_session(a, true);
	a->idle_since = now;
	o->started = true;
	o->changed = true;
	say(a, SESSION_SAY_WELCOME, -1, now, o);
}

static void end(struct session *a, int64_t now, struct session_out *o)
{
	reset_session(a, false);
	a->paused = false;
	a->last_say = SESSION_SAY_NONE;
	/* The goodbye is said with the session's own settings; then everything returns to
	 * the defaults for the next person (EN 301 549 5.1.3.13). */
	say(a, SESSION_SAY_END, -1, now, o);
	reset_settings(a);
	o->ended = true;
	o->changed = true;
}

/* Activity: the inactivity timer starts over; a warning is answered. Returns true when
 * the input answered the warning (and is used up by that). */
static bool activity(struct session *a, int64_t now, struct session_out *o)
{
	a->idle_since = now;
	if (!a->warning)
		return false;
	a->warning = false;
	o->changed = true;
	say(a, SESSION_SAY_CONTINUED, -1, now, o);
	return true;
}

static void move(struct session *a, int step, int64_t now, struct session_out *o)
{
	if (a->n == 0) {
		say(a, SESSION_SAY_EMPTY, -1, now, o);
		return;
	}
	int to = a->focus + step;
	if (to < 0) {
		o->at_limit = true;
		say(a, SESSION_SAY_LIST_START, -1, now, o);
		return;
	}
	if ((size_t)to >= a->n) {
		o->at_limit = true;
		say(a, SESSION_SAY_LIST_END, -1, now, o);
		return;
	}
	if (a->details)
		o->changed = true;
	a->details = false;
	set_focus(a, to, o);
	say(a, SESSION_SAY_ENTRY, to, now, o);
}

static void details(struct session *a, int index, int64_t now, struct session_out *o)
{
	if (a->n == 0) {
		say(a, SESSION_SAY_EMPTY, -1, now, o);
		return;
	}
	if (index < 0 || (size_t)index >= a->n)
		index = 0;
	set_focus(a, index, o);
	if (!a->details)
		o->changed = true;
	a->details = true;
	say(a, SESSION_SAY_DETAILS, index, now, o);
}

static void repeat(struct session *a, int64_t now, struct session_out *o)
{
	enum session_say s = a->last_say;
	int index = -1;
	if (s == SESSION_SAY_ENTRY || s == SESSION_SAY_DETAILS || s == SESSION_SAY_CHANGE) {
		index = index_of(a, a->last_key);
		if (index < 0) /* the entry has gone: say where the focus is now */
			s = a->focus >= 0 ? SESSION_SAY_ENTRY : SESSION_SAY_SUMMARY;
		if (index < 0)
			index = a->focus;
	} else if (s == SESSION_SAY_NONE) {
		s = SESSION_SAY_SUMMARY;
	}
	o->delta = a->last_delta;
	o->at_limit = a->last_at_limit;
	o->repeat = true;
	say(a, s, index, now, o);
}

static void volume(struct session *a, int delta, int64_t now, struct session_out *o)
{
	int v = a->volume_step + delta;
	o->delta = delta;
	if (v < 0 || v >= a->p.volume_steps)
		o->at_limit = true;
	else
		a->volume_step = v;
	say(a, SESSION_SAY_VOLUME, -1, now, o);
}

static void rate(struct session *a, int delta, int64_t now, struct session_out *o)
{
	int r = a->rate_wpm + delta * a->p.rate_step;
	o->delta = delta;
	if (r < a->p.rate_min)
		r = a->p.rate_min;
	if (r > a->p.rate_max)
		r = a->p.rate_max;
	if (r == a->rate_wpm)
		o->at_limit = true;
	a->rate_wpm = r;
	say(a, SESSION_SAY_RATE, -1, now, o);
}

/* ---- entry points ----------------------------------------------------------------- */

void session_key(struct session *a, enum input_action action, int64_t now, struct session_out *o)
{
	begin(a, o);
	if (action == INPUT_NONE || action >= INPUT_ACTION_COUNT) {
		finish(a, o);
		return;
	}
	if (!a->active) {
		start(a, now, o);
		finish(a, o);
		return;
	}
	if (activity(a, now, o)) {
		finish(a, o);
		return;
	}
	if (action == INPUT_PAUSE) {
		if (a->speaking && !a->paused) {
			a->paused = true;
			o->pause = true;
			o->changed = true;
		} else if (a->paused) {
			a->paused = false;
			o->resume = true;
			o->changed = true;
			a->speak_since = now;
		}
		finish(a, o);
		return;
	}
	/* Any other key interrupts current speech (EN 301 549 5.1.3.5). */
	if (a->paused)
		o->changed = true;
	stop(a, now, o);
	switch (action) {
	case INPUT_UP:
		move(a, -1, now, o);
		break;
	case INPUT_DOWN:
		move(a, +1, now, o);
		break;
	case INPUT_DETAILS:
		details(a, a->focus, now, o);
		break;
	case INPUT_BACK:
		if (a->details) {
			a->details = false;
			o->changed = true;
			say(a, SESSION_SAY_ENTRY, a->focus, now, o);
		}
		break;
	case INPUT_HELP:
		say(a, SESSION_SAY_HELP, -1, now, o);
		break;
	case INPUT_REPEAT:
		repeat(a, now, o);
		break;
	case INPUT_LANGUAGE:
		if (a->p.n_langs > 1) {
			a->lang = (a->lang + 1) % a->p.n_langs;
			o->changed = true;
		} else {
			o->at_limit = true;
		}
		say(a, SESSION_SAY_LANGUAGE, -1, now, o);
		break;
	case INPUT_VOLUME_UP:
		volume(a, +1, now, o);
		break;
	case INPUT_VOLUME_DOWN:
		volume(a, -1, now, o);
		break;
	case INPUT_SLOWER:
		rate(a, -1, now, o);
		break;
	case INPUT_FASTER:
		rate(a, +1, now, o);
		break;
	case INPUT_SUMMARY:
		if (a->details)
			o->changed = true;
		a->details = false;
		set_focus(a, -1, o);
		say(a, SESSION_SAY_SUMMARY, -1, now, o);
		break;
	default: /* INPUT_ANY: the interruption was all */
		break;
	}
	finish(a, o);
}

static void touch(struct session *a, int index, bool twice, int64_t now, struct session_out *o)
{
	begin(a, o);
	if (!a->active || activity(a, now, o)) {
		finish(a, o);
		return;
	}
	stop(a, now, o);
	if (index >= 0 && (size_t)index < a->n) {
		if (twice) {
			details(a, index, now, o);
		} else {
			if (a->details)
				o->changed = true;
			a->details = false;
			set_focus(a, index, o);
			say(a, SESSION_SAY_ENTRY, index, now, o);
		}
	}
	finish(a, o);
}

void session_tap(struct session *a, int index, int64_t now_ms, struct session_out *o)
{
	touch(a, index, false, now_ms, o);
}

void session_double_tap(struct session *a, int index, int64_t now_ms, struct session_out *o)
{
	touch(a, index, true, now_ms, o);
}

void session_hold(struct session *a, int64_t now, struct session_out *o)
{
	begin(a, o);
	if (!a->active) {
		start(a, now, o);
	} else if (!activity(a, now, o)) {
		stop(a, now, o);
	}
	finish(a, o);
}

static void say_change_if_due(struct session *a, int64_t now, struct session_out *o)
{
	if (!a->change_pending || !a->active || a->warning)
		return;
	a->change_pending = false;
	int i = index_of(a, a->change_key);
	if (i >= 0 && i == a->focus)
		say(a, SESSION_SAY_CHANGE, i, now, o);
}

void session_speech_done(struct session *a, int64_t now, struct session_out *o)
{
	begin(a, o);
	if (a->speaking) {
		a->speaking = false;
		a->paused = false;
		if (!a->announcing)
			a->idle_since = now;
		a->announcing = false;
		say_change_if_due(a, now, o);
	}
	finish(a, o);
}

void session_tick(struct session *a, int64_t now, struct session_out *o)
{
	begin(a, o);
	if (a->active && a->speaking && !a->paused &&
	    now - a->speak_since >= SESSION_SPEECH_MAX_MS) {
		/* The end of speech never came: do not let the session live for ever. */
		a->speaking = false;
		if (!a->announcing)
			a->idle_since = now;
		a->announcing = false;
	}
	if (a->active && (!a->speaking || a->paused)) {
		if (!a->warning && now - a->idle_since >= a->p.inactivity_ms) {
			a->warning = true;
			a->change_pending = false;
			o->changed = true;
			o->seconds = a->p.warning_ms / 1000;
			a->idle_since = now;
			say(a, SESSION_SAY_WARNING, -1, now, o);
		} else if (a->warning && now - a->idle_since >= a->p.warning_ms) {
			end(a, now, o);
		}
	}
	finish(a, o);
}

bool session_set_view(struct session *a, const struct view *v, int64_t now, struct session_out *o)
{
	begin(a, o);
	size_t n = v ? v->n_spots + v->n_sites : 0;
	if (n > a->cap) {
		uint64_t *k = realloc(a->keys, n * sizeof *k);
		if (k)
			a->keys = k;
		enum view_status *s = k ? realloc(a->status, n * sizeof *s) : NULL;
		if (s)
			a->status = s;
		if (!k || !s) {
			finish(a, o);
			return false;
		}
		a->cap = n;
	}
	uint64_t old_key = a->focus_key;
	enum view_status old_status = VIEW_UNKNOWN;
	bool had = a->focus >= 0 && (size_t)a->focus < a->n;
	if (had)
		old_status = a->status[a->focus];
	a->n = n;
	for (size_t i = 0; i < n; i++) {
		const struct view_item *it = session_view_item(v, (int)i);
		const struct model_entry *e = it->e;
		/* FNV-1a over kind, feed and id: the identity of an entry across updates. */
		uint64_t h = 1469598103934665603ull;
		unsigned char head[2] = {(unsigned char)e->kind, (unsigned char)e->feed};
		for (size_t b = 0; b < 2; b++)
			h = (h ^ head[b]) * 1099511628211ull;
		for (const char *p = e->id; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
		a->keys[i] = h ? h : 1;
		a->status[i] = it->status;
	}
	if (had) {
		int i = index_of(a, old_key);
		if (i >= 0) {
			set_focus(a, i, o);
			if (a->active && a->status[i] != old_status) {
				a->change_pending = true;
				a->change_key = old_key;
				if (!a->speaking)
					say_change_if_due(a, now, o);
			}
		} else {
			/* The entry is gone: stay at the same place in the list. */
			int to = a->focus < (int)n ? a->focus : (int)n - 1;
			if (a->details)
				o->changed = true;
			a->details = false;
			set_focus(a, to, o);
			o->changed = true;
		}
	}
	finish(a, o);
	return true;
}

void session_set_language(struct session *a, int lang)
{
	if (lang >= 0 && lang < a->p.n_langs)
		a->lang = lang;
}
