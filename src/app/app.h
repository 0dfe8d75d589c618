/* The application: the one top-level struct that owns all state, and the functions that
 * turn events (data, input, timers) into state and state into a frame. main.c sets up
 * and runs the loop (the only place that blocks): it asks app_next_deadline how long it
 * may sleep, hands events to app_on_event and the time to app_on_timers, and draws the
 * frame app_frame describes. */
#ifndef PARKKIOSK_APP_H
#define PARKKIOSK_APP_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "browse.h"
#include "cli.h"
#include "config.h"
#include "deadline.h"
#include "fetch.h"
#include "font.h"
#include "i18n.h"
#include "gesture.h"
#include "handover.h"
#include "input_script.h"
#include "keymap.h"
#include "layout.h"
#include "model.h"
#include "present.h"
#include "qr.h"
#include "render.h"
#include "schedule.h"
#include "script_keys.h"
#include "session.h"
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

	/* Clocks. ticks: the monotonic millisecond clock every deadline is on (SDL's, or a
	 * test's fake). Unix time: real time, or --now plus the ticks since start. */
	int64_t (*ticks)(void);
	int64_t fixed_now;
	int64_t start_ticks;

	/* Data. */
	struct model model;
	struct view view;
	struct fetch_status feeds[CONFIG_MAX_FEEDS];
	size_t n_feeds;
	struct fetcher *fetcher; /* owned, NULL for demo and one-shot modes */

	/* Screen. */
	SDL_Window *window;      /* owned */
	SDL_Renderer *renderer;  /* owned */
	struct font *font;       /* owned */
	struct render *render;   /* owned */
	struct present *present; /* owned: the frame on screen, for an expose */
	struct layout layout;
	int width, height;
	bool dirty;                     /* the state changed since the last frame */
	bool exposed;                   /* the screen asks for its pixels again */
	struct pager pager;             /* page turns */
	struct browse browse;           /* touch: details on screen, pages held while touched */
	struct qr qr;                   /* the handover code on screen (details or display) */
	char qr_text[HANDOVER_URI_MAX]; /* what qr encodes, "" = none */
	int64_t next_demo_change;       /* Unix seconds */
	int64_t shown_minute;           /* the clock minute on screen */
	uint32_t wake_event;            /* SDL user event type for worker wake-ups */

	/* Audio mode (app_audio.c). */
	const struct i18n_lang *langs[CONFIG_MAX_LANGS]; /* borrowed: offered, in cycle order */
	int n_langs, lang_default_index;
	struct speech *speech;  /* owned; NULL until the kiosk runs */
	struct session session; /* the one session state: the screen reads it from here */
	struct input_map keys;
	struct input_strike strike; /* double-strike rejection */
	struct input_touch touch;
	uint32_t speech_event;      /* SDL user event: an utterance ended */
	uint32_t speech_id;         /* id of the utterance the session waits for */
	char details_text[1024];    /* the details shown while they are spoken */
	FILE *speech_log;           /* owned, --speech-log */
	struct input_script script; /* --input-script */
	/* owned: the thread of the script's "press" keys, or NULL */
	struct script_keys *script_keys;
	size_t script_next;
	int64_t script_start_ms;

	/* Operations. */
	uint64_t frames_drawn;
	uint64_t frames_shown_again; /* exposes answered with the kept frame, not drawn */
	int64_t first_frame;         /* Unix seconds of the first frame since boot, 0 = none yet */
	uint64_t speech_sessions;
	int64_t started;            /* Unix seconds */
	enum schedule_state screen; /* on, dimmed or off by the display schedule */
	int64_t wake_until_ms;      /* ticks: a touch or key lights an "off" screen until then */
	struct periodic watchdog;   /* systemd watchdog ping (half of WatchdogSec), or off */
	struct periodic health;     /* health file writes, or off */
	bool ready_sent;
};

/* Config, languages, fonts: everything a one-shot mode and the kiosk share. PK_ERR_CONFIG
 * for configuration errors (logged), PK_ERR_IO for an incomplete installation. */
enum pk_err app_init(struct app *a, int argc, char **argv);
void app_finish(struct app *a);

/* Replaces the monotonic clock (tests drive the app with a fake one); restarts --now. */
void app_set_clock(struct app *a, int64_t (*ticks)(void));
/* The monotonic clock, milliseconds. */
int64_t app_ticks(const struct app *a);
/* Current time as Unix seconds (honours --now). */
int64_t app_now(const struct app *a);
/* Local UTC offset at t for the configured time zone. */
int app_utc_offset(const struct app *a, int64_t t);

/* Sources whose data is current (for "2 of 3 sources current"). */
int app_sources_current(const struct app *a, int64_t now);
/* Feeds that count as sources of current data (all but DATEX II static tables). */
int app_sources_total(const struct app *a);
/* The street display offers the handover code (handover.show_in_display_mode): for the
 * nearest free accessible space, only while it is free on current data. */
bool app_display_code(const struct app *a);

/* Loads data once (demo, or every feed once with cache fallback) and builds the view. */
enum pk_err app_load_once(struct app *a);
/* Rebuilds the view from the model for now. */
void app_update_view(struct app *a);
/* Lays out the current state for a w×h target. */
void app_layout(struct app *a, int w, int h);
/* Re-arms or holds the page timer: pages stand still while someone listens, touches, or
 * reads an entry's details. */
void app_pager_update(struct app *a);

/* ---- time and events: what the loop calls ------------------------------------------ */

/* Starts the periodic duties once the kiosk runs: the watchdog ping every watchdog_ms
 * (0 = none), the health file (if configured), the clock minute and the schedule. */
void app_start_timers(struct app *a, int64_t watchdog_ms);
/* The earliest deadline of every part of the app (clock minute, demo data, page turn,
 * watchdog, health file, speech session, touch gesture, input script, woken screen) as
 * of now_ms. Pure; never DEADLINE_NONE (the clock minute always comes). */
int64_t app_next_deadline(const struct app *a, int64_t now_ms);
/* Carries out everything due at now_ms. Afterwards nothing is due at now_ms any more:
 * app_next_deadline(a, now_ms) > now_ms. */
void app_on_timers(struct app *a, int64_t now_ms);
/* One SDL event; *quit is set by SDL_QUIT. */
void app_on_event(struct app *a, const SDL_Event *ev, bool *quit);
/* How long one wait may sleep on a video driver that polls (KMS/DRM, dummy): short while
 * someone uses the kiosk; while nobody does, long when input wakes the loop itself
 * (input_wakes: loopwait_input_wakes), else short enough that a first key is still seen
 * within APP_POLL_IDLE_MS. */
#define APP_POLL_ACTIVE_MS 20
#define APP_POLL_IDLE_MS 100
#define APP_POLL_IDLE_WOKEN_MS 1000
int app_poll_slice_ms(const struct app *a, bool input_wakes);

/* True when the state changed since the last frame. */
bool app_needs_frame(const struct app *a);
/* The frame the state asks for. */
struct app_frame {
	const struct layout *layout; /* NULL: a black frame (screen scheduled off) */
	double brightness;
	bool screensaver; /* the panel may blank */
};
/* Lays out the state for a w×h output (the layout, the page timer); clears dirty. */
struct app_frame app_frame(struct app *a, int w, int h);
/* The frame was presented (drawn) or was the same as before; the first one tells
 * systemd the kiosk is ready. */
void app_frame_shown(struct app *a, bool drawn);

/* Audio mode (app_audio.c). */
/* Languages, key map and session parameters; no device is opened. PK_ERR_CONFIG on a
 * bad key binding or --speech-log/--input-script. */
enum pk_err app_audio_init(struct app *a);
/* Opens the speech output (a missing sound card is logged once, not fatal). */
void app_audio_open(struct app *a);
void app_audio_finish(struct app *a);
/* Input and timers from the loop. */
void app_audio_key(struct app *a, const SDL_KeyboardEvent *k);
void app_audio_pointer(struct app *a, int kind, int x, int y); /* kind: 0 down, 1 move, 2 up */
void app_audio_speech_done(struct app *a, uint32_t id);
void app_audio_tick(struct app *a, int64_t now_ms);
/* New data: keeps the focus on its entry and announces a change of the focused entry. */
void app_audio_view_changed(struct app *a);
/* The utterance audio mode says first (welcome and summary). */
void app_audio_welcome(struct app *a, char *out, size_t cap);
/* Plays due --input-script events as SDL events. */
void app_script_pump(struct app *a, int64_t now_ms);
/* Ticks of the next --input-script event, DEADLINE_NONE when none is left. */
int64_t app_script_deadline(const struct app *a);

/* Applies the display schedule for now; true if the screen state changed. */
bool app_apply_schedule(struct app *a);
/* Writes the operator health file (if configured). */
void app_write_health(struct app *a);

/* Finds and loads the fonts. */
enum pk_err app_open_font(struct app *a);

/* One-shot modes (errors are logged). */
enum pk_err app_dump_state(struct app *a);
enum pk_err app_screenshot(struct app *a, const char *path, int w, int h);
/* The current state as one w×h frame in a BMP file (fonts already open). */
enum pk_err app_save_frame(struct app *a, const char *path, int w, int h);

#endif
