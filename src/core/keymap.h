/* Keys for audio mode, without SDL: the user actions, the default keypad map by SDL key
 * name (EZ-Access/ATM style, see docs/audio.md) and configured overrides. */
#ifndef PARKKIOSK_KEYMAP_H
#define PARKKIOSK_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* Double-strike rejection (EN 301 549 5.8): the same key pressed again within delay_ms
 * of its last accepted press is ignored, for hands that tremble. Another key is always
 * accepted. delay_ms 0 accepts everything. */
struct input_strike {
	int delay_ms;
	char last[INPUT_KEY_NAME_MAX]; /* the last accepted key, "" = none */
	int64_t last_ms;
};

void input_strike_init(struct input_strike *s, int delay_ms);
/* True when the press of key at now_ms counts; false for a double strike. */
bool input_strike_accept(struct input_strike *s, const char *key, int64_t now_ms);

#endif
