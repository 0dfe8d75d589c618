/* Audio mode: the session state machine of the talking kiosk. Pure: time comes in as
 * milliseconds, input as actions and gestures, data as the view; out comes a small
 * struct of effects (what to say, stop/pause/resume, focus, details, warning, session
 * end, the session's language/rate/volume) and the next deadline. What the words are is
 * announce.h's business; this module only decides *what* is said and when.
 *
 * inactive --(any key, or touch-and-hold 2 s)--> active: welcome and summary. The kiosk
 * never starts talking by itself. Inactivity (counted from the end of the last
 * utterance) brings a spoken and visible warning; any key within warning_ms continues
 * (WCAG 2.2.1), else the session ends and language, rate and volume return to their
 * defaults (EN 301 549 5.1.3.13). */
#ifndef PARKKIOSK_SESSION_H
#define PARKKIOSK_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"
#include "view.h"

/* Longest an utterance may keep the timers stopped, in case a "speech done" is lost. */
#define SESSION_SPEECH_MAX_MS 180000

enum session_say {
	SESSION_SAY_NONE,
	SESSION_SAY_WELCOME,    /* welcome, summary, how to use */
	SESSION_SAY_SUMMARY,    /* the summary again (focus back to the top) */
	SESSION_SAY_ENTRY,      /* entry `index` in full */
	SESSION_SAY_DETAILS,    /* details of entry `index` */
	SESSION_SAY_HELP,       /* the keys */
	SESSION_SAY_LIST_START, /* UP at the top of the list */
	SESSION_SAY_LIST_END,   /* DOWN at the end of the list */
	SESSION_SAY_EMPTY,      /* no entry to move to */
	SESSION_SAY_CHANGE,     /* the focused entry `index` changed its status */
	SESSION_SAY_LANGUAGE,   /* the name of language `lang`, in that language */
	SESSION_SAY_VOLUME,     /* volume now `volume_step`; `delta`, `at_limit` */
	SESSION_SAY_RATE,       /* rate now `rate_wpm`; `delta`, `at_limit` */
	SESSION_SAY_WARNING,    /* inactivity warning: `seconds` left */
	SESSION_SAY_CONTINUED,  /* a key after the warning: the session goes on */
	SESSION_SAY_END,        /* the session ended */
	SESSION_SAY_COUNT
};

struct session_params {
	int inactivity_ms; /* quiet time before the warning (config inactivity_s) */
	int warning_ms;    /* time given after the warning, >= 20000 (config warning_s) */
	int rate_default, rate_min, rate_max, rate_step; /* words per minute */
	int volume_default, volume_steps;                /* steps 0..volume_steps-1 */
	int n_langs, lang_default;                       /* offered languages, by index */
};

/* Fills params from the usual sources' values (seconds, wpm, steps). */
void session_params_default(struct session_params *p);

struct session_out {
	/* What happened in this call. */
	enum session_say say; /* SESSION_SAY_NONE: nothing new to say */
	int index;            /* ENTRY, DETAILS, CHANGE: flattened entry (spots, then sites) */
	int delta;            /* VOLUME, RATE: +1 louder/faster, -1 softer/slower */
	bool at_limit;        /* VOLUME, RATE: the end of the range was already reached */
	bool repeat;          /* the say is a repetition (REPEAT key) */
	int seconds;          /* WARNING: seconds left to continue */
	bool stop;            /* stop current speech now (also implied by a new say) */
	bool pause, resume;   /* pause / resume current speech */
	bool started;         /* a session began */
	bool ended;           /* the session ended: reset screen language too */
	bool changed;         /* something on screen changed (focus, details, warning, lang) */
	/* The settings `say` is spoken with: the session's own, also for the goodbye said
	 * after which they return to the defaults. */
	int say_lang, say_rate_wpm, say_volume_step;
	/* The state after the call. */
	bool active, details, warning, paused;
	int focus; /* -1 = none */
	int lang, rate_wpm, volume_step;
	int64_t deadline_ms; /* call session_tick at this time; -1 = not needed */
};

struct session {
	struct session_params p;
	bool active, details, warning, paused, speaking;
	bool announcing; /* the utterance is a change announcement, not the listener's */
	int focus;
	uint64_t focus_key;
	int lang, rate_wpm, volume_step;
	int64_t idle_since;  /* timers count from here (end of speech or last input) */
	int64_t speak_since; /* start of the current utterance */
	/* The last utterance, for REPEAT. */
	enum session_say last_say;
	uint64_t last_key;
	int last_delta;
	bool last_at_limit;
	/* A status change of the focused entry waiting for the speech to end. */
	bool change_pending;
	uint64_t change_key;
	/* The entries (flattened view): identity and status. */
	uint64_t *keys;           /* owned */
	enum view_status *status; /* owned */
	size_t n, cap;
};

void session_init(struct session *a, const struct session_params *p);
void session_finish(struct session *a);

/* Input. action INPUT_NONE is ignored; every other key counts as activity. */
void session_key(struct session *a, enum input_action action, int64_t now_ms,
                 struct session_out *o);
/* A tap / double tap on entry index (flattened), or -1 for anywhere else. Ignored while
 * inactive (a sighted passer-by taps; the kiosk must not start talking). */
void session_tap(struct session *a, int index, int64_t now_ms, struct session_out *o);
void session_double_tap(struct session *a, int index, int64_t now_ms, struct session_out *o);
/* Touch-and-hold (2 s): starts audio mode. */
void session_hold(struct session *a, int64_t now_ms, struct session_out *o);
/* The utterance last asked for has ended (played out, or silent mode). */
void session_speech_done(struct session *a, int64_t now_ms, struct session_out *o);
/* When session_tick must be called next (ms), -1 when not needed. */
int64_t session_deadline(const struct session *a);
/* Timers: call at session_deadline (or any time; early calls do nothing). */
void session_tick(struct session *a, int64_t now_ms, struct session_out *o);
/* New data: the focus follows its entry; a status change of the focused entry is
 * announced (after the current utterance). False when out of memory (the old list is
 * kept). */
bool session_set_view(struct session *a, const struct view *v, int64_t now_ms,
                      struct session_out *o);
/* The screen's language changed by other means (index into the offered languages). */
void session_set_language(struct session *a, int lang);

/* Number of entries (spots + sites of the last view). */
size_t session_count(const struct session *a);
/* The view item of flattened index i, or NULL. */
const struct view_item *session_view_item(const struct view *v, int i);

const char *session_say_name(enum session_say s);

#endif
