/* The application: the one top-level struct that owns all state, and the functions that
 * turn events (data, input, timers) into state and state into a frame. main.c runs the
 * loop; everything that blocks is there. */
#ifndef PARKKIOSK_APP_H
#define PARKKIOSK_APP_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "session.h"
#include "cli.h"
#include "config.h"
#include "fetch.h"
#include "font.h"
#include "i18n.h"
#include "gesture.h"
#include "input_script.h"
#include "keymap.h"
#include "layout.h"
#include "model.h"
#include "render.h"
#include "schedule.h"
#include "speech.h"
#include "theme.h"
#include "view.h"

struct app {
	struct config cfg;
	struct cli cli;
	struct i18n *i18n;            /* owned */
	const struct i18n_lang *lang; /* borrowed from i18n: current language */
	const struct i18n_lang *default_lang;
	const struct theme *theme; /* static */
	bool demo;                 /* showing the embedded demo feed */

	/* Clock: real time, or --now plus the time since start. */
	int64_t fixed_now;
	uint64_t start_ticks;

	/* Data. */
	struct model model;
	struct view view;
	struct fetch_status feeds[CONFIG_MAX_FEEDS];
	size_t n_feeds;
	struct fetcher *fetcher; /* owned, NULL for demo and one-shot modes */

	/* Screen. */
	SDL_Window *window;     /* owned */
	SDL_Renderer *renderer; /* owned */
	struct font *font;      /* owned */
	struct render *render;  /* owned */
	struct layout layout;
	int width, height;
	bool dirty;
	int page;
	int64_t next_page_ms;     /* ticks of the next page turn, 0 = none */
	int64_t next_demo_change; /* Unix seconds */
	int64_t shown_minute;     /* the clock minute on screen */
	uint32_t wake_event;      /* SDL user event type for worker wake-ups */

	/* Audio mode (app_audio.c). */
	const struct i18n_lang *langs[CONFIG_MAX_LANGS]; /* borrowed: offered, in cycle order */
	int n_langs, lang_default_index;
	struct speech *speech; /* owned; NULL until the kiosk runs */
	struct session session;
	struct input_map keys;
	struct input_touch touch;
	uint32_t speech_event; /* SDL user event: an utterance ended */
	uint32_t speech_id;    /* id of the utterance the session waits for */
	bool audio_active, audio_warning, audio_details;
	int focus;                  /* flattened entry index, -1 = none */
	int64_t audio_deadline_ms;  /* ticks for session_tick, -1 = none */
	char details_text[1024];    /* the details shown while they are spoken */
	FILE *speech_log;           /* owned, --speech-log */
	struct input_script script; /* --input-script */
	size_t script_next;
	int64_t script_start_ms;

	/* Operations. */
	uint64_t frames_drawn;
	int64_t first_frame; /* Unix seconds of the first frame since boot, 0 = none yet */
	uint64_t speech_sessions;
	int64_t started; /* Unix seconds */
	struct schedule_window sched_off, sched_dim;
	enum schedule_state screen; /* on, dimmed or off by the display schedule */
	int64_t wake_until_ms;      /* ticks: a touch or key lights an "off" screen until then */
	int64_t watchdog_ms;      /* systemd watchdog ping period (half of WatchdogSec), 0 = none */
	int64_t next_watchdog_ms; /* ticks */
	int64_t next_health_ms;   /* ticks, 0 = no health file */
	bool ready_sent;
};

/* Config, languages, fonts: everything a one-shot mode and the kiosk share. Returns the
 * process exit status on failure (2 for configuration errors), 0 on success. */
int app_init(struct app *a, int argc, char **argv);
void app_finish(struct app *a);

/* Current time as Unix seconds (honours --now). */
int64_t app_now(const struct app *a);
/* Local UTC offset at t for the configured time zone. */
int app_utc_offset(const struct app *a, int64_t t);

/* Sources whose data is current (for "2 of 3 sources current"). */
int app_sources_current(const struct app *a, int64_t now);

/* Loads data once (demo, or every feed once with cache fallback) and builds the view. */
int app_load_once(struct app *a);
/* Rebuilds the view from the model for now. */
void app_update_view(struct app *a);
/* Lays out the current state for a w×h target. */
void app_layout(struct app *a, int w, int h);

/* Audio mode (app_audio.c). */
/* Languages, key map and session parameters; no device is opened. 0 or exit status. */
int app_audio_init(struct app *a);
/* Opens the speech output (a missing sound card is logged once, not fatal). */
void app_audio_open(struct app *a);
void app_audio_finish(struct app *a);
/* Input and timers from the loop. */
void app_audio_key(struct app *a, const SDL_KeyboardEvent *k);
void app_audio_pointer(struct app *a, int kind, int x, int y); /* kind: 0 down, 1 move, 2 up */
void app_audio_speech_done(struct app *a, uint32_t id);
void app_audio_tick(struct app *a);
/* New data: keeps the focus on its entry and announces a change of the focused entry. */
void app_audio_view_changed(struct app *a);
/* The utterance audio mode says first (welcome and summary). */
void app_audio_welcome(struct app *a, char *out, size_t cap);
/* Plays due --input-script events as SDL events; returns the ticks of the next one or -1. */
int64_t app_script_pump(struct app *a);

/* Applies the display schedule for now; true if the screen state changed. */
bool app_apply_schedule(struct app *a);
/* Writes the operator health file (if configured). */
void app_write_health(struct app *a);

/* Finds and loads the fonts. */
int app_open_font(struct app *a);

/* One-shot modes. Each returns the exit status. */
int app_dump_state(struct app *a);
int app_screenshot(struct app *a, const char *path, int w, int h);

#endif
