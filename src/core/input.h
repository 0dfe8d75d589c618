/* Input for audio mode, without SDL: user actions, the default keypad map by SDL key
 * name (EZ-Access/ATM style, see docs/audio.md), configured overrides, a touch gesture
 * recogniser (tap, double tap, hold) with time passed in, and the --input-script parser
 * that drives the kiosk from a timed text file in tests and demonstrations. */
#ifndef PARKKIOSK_INPUT_H
#define PARKKIOSK_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum input_action {
	INPUT_NONE,     /* not bound: the key is ignored */
	INPUT_ANY,      /* bound to nothing special: starts audio mode, interrupts speech */
	INPUT_UP,       /* previous entry */
	INPUT_DOWN,     /* next entry */
	INPUT_DETAILS,  /* enter: details of the focused entry */
	INPUT_BACK,     /* back from details; else stop speaking */
	INPUT_HELP,     /* key help */
	INPUT_REPEAT,   /* repeat the last utterance */
	INPUT_PAUSE,    /* pause / resume speech */
	INPUT_LANGUAGE, /* next offered language */
	INPUT_VOLUME_UP,
	INPUT_VOLUME_DOWN,
	INPUT_SLOWER,
	INPUT_FASTER,
	INPUT_SUMMARY, /* the overview again, focus back to the top of the list */
	INPUT_ACTION_COUNT
};

/* "up", "down", "details", … (config and script names); NULL for out of range. */
const char *input_action_name(enum input_action a);
/* Parses an action name (case-insensitive; "enter" is accepted for details). */
bool input_action_parse(const char *name, enum input_action *out);

#define INPUT_MAP_MAX 96
#define INPUT_KEY_NAME_MAX 32

struct input_binding {
	char key[INPUT_KEY_NAME_MAX]; /* SDL key name, e.g. "Keypad 5" */
	enum input_action action;
};

struct input_map {
	struct input_binding b[INPUT_MAP_MAX];
	size_t n;
};

/* The default map (table in docs/audio.md). */
void input_map_default(struct input_map *m);
/* Binds (or rebinds) a key by name to an action by name; "none" unbinds. Accepts a few
 * spelled-out aliases ("Keypad Period" for "Keypad ."). False with a message on an
 * unknown action, an empty or too long key name, or a full map. */
bool input_map_bind(struct input_map *m, const char *key, const char *action, char *err,
                    size_t errcap);
/* The action of one key name (case-insensitive), INPUT_NONE if unbound. */
enum input_action input_map_get(const struct input_map *m, const char *key);
/* The action of a key press. SDL gives a key name (layout-dependent, e.g. "Home" for the
 * keypad 7 without NumLock) and a scancode name (the physical key, "Keypad 7"). Keypad
 * keys are looked up by their physical name first, so the keypad works the same with
 * NumLock on or off; other keys by key name. A key bound to nothing is INPUT_ANY (it
 * still starts audio mode); scancode_name may be NULL. */
enum input_action input_map_lookup(const struct input_map *m, const char *key_name,
                                   const char *scancode_name);

/* ---- touch gestures ----------------------------------------------------------------- */

enum input_gesture {
	INPUT_GESTURE_NONE,
	INPUT_GESTURE_TAP,
	INPUT_GESTURE_DOUBLE_TAP,
	INPUT_GESTURE_HOLD
};

struct input_touch {
	int hold_ms;    /* press this long without moving: HOLD (default 2000) */
	int tap_max_ms; /* a tap is shorter than this (default 600) */
	int double_ms;  /* second tap within this of the first's release (default 400) */
	int slop_px;    /* movement tolerated in a tap or hold (default 40) */
	/* State. */
	bool down, moved, held;
	int x, y;
	int64_t down_ms;
	bool tap_pending; /* a tap ended recently: a second one makes a double tap */
	int tap_x, tap_y;
	int64_t tap_up_ms;
};

void input_touch_init(struct input_touch *t);
/* Each returns the gesture completed by this event (x, y: where, in the caller's
 * coordinates; the recogniser only compares distances). A tap is reported at release;
 * a second tap soon after is reported as DOUBLE_TAP (the first was already a TAP, as
 * with screen readers: tap speaks, double tap opens). HOLD is reported by
 * input_touch_tick once the finger has stayed long enough. */
enum input_gesture input_touch_down(struct input_touch *t, int x, int y, int64_t now_ms);
enum input_gesture input_touch_move(struct input_touch *t, int x, int y, int64_t now_ms);
enum input_gesture input_touch_up(struct input_touch *t, int x, int y, int64_t now_ms);
enum input_gesture input_touch_tick(struct input_touch *t, int64_t now_ms);
/* When input_touch_tick must be called next (ms), -1 if not needed. */
int64_t input_touch_deadline(const struct input_touch *t);

/* ---- input scripts ------------------------------------------------------------------ */

/* One line per event: "SECONDS VERB ARGS", times since the start, never decreasing;
 * "#" starts a comment. Verbs:
 *   key NAME            a key press (NAME as SDL names it: "Down", "Keypad 5")
 *   touch X Y           finger down            release X Y   finger up
 *   move X Y            finger moves
 *   tap X Y             down and up 50 ms later
 *   doubletap X Y       two taps, 150 ms apart
 *   hold X Y SECONDS    down, up after SECONDS
 *   wait                nothing; the script lasts at least until then
 *   quit                the program ends */
enum input_event_kind {
	INPUT_EV_KEY,
	INPUT_EV_DOWN,
	INPUT_EV_MOVE,
	INPUT_EV_UP,
	INPUT_EV_WAIT,
	INPUT_EV_QUIT
};

struct input_event {
	int64_t t_ms;
	enum input_event_kind kind;
	char key[INPUT_KEY_NAME_MAX]; /* INPUT_EV_KEY */
	int x, y;                     /* touch events */
	int line;                     /* script line it came from */
};

#define INPUT_SCRIPT_MAX_EVENTS 20000
#define INPUT_SCRIPT_MAX_BYTES (1 << 20)

struct input_script {
	struct input_event *ev; /* owned, sorted by time (stable) */
	size_t n, cap;
};

void input_script_init(struct input_script *s);
void input_script_finish(struct input_script *s);
/* Parses a script held in memory. On error writes "line N: problem" to err, leaves s
 * empty and returns PK_ERR_CONFIG (PK_ERR_TOO_BIG/NOMEM for limits). */
enum pk_err input_script_parse(struct input_script *s, const char *text, size_t len, char *err,
                               size_t errcap);
/* Reads and parses a script file ("FILE: line N: problem" on error). */
enum pk_err input_script_load(struct input_script *s, const char *path, char *err, size_t errcap);

#endif
