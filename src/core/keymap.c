/* Key map (see keymap.h): action names, the default keypad map, configured overrides.
 * Pure: strings in, values out. */
#include "keymap.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "text.h"

static const char *const action_names[INPUT_ACTION_COUNT] = {
    [INPUT_NONE] = "none",
    [INPUT_ANY] = "any",
    [INPUT_UP] = "up",
    [INPUT_DOWN] = "down",
    [INPUT_DETAILS] = "details",
    [INPUT_BACK] = "back",
    [INPUT_HELP] = "help",
    [INPUT_REPEAT] = "repeat",
    [INPUT_PAUSE] = "pause",
    [INPUT_LANGUAGE] = "language",
    [INPUT_VOLUME_UP] = "volume_up",
    [INPUT_VOLUME_DOWN] = "volume_down",
    [INPUT_SLOWER] = "slower",
    [INPUT_FASTER] = "faster",
    [INPUT_SUMMARY] = "summary",
};

const char *input_action_name(enum input_action a)
{
	if ((int)a < 0 || a >= INPUT_ACTION_COUNT)
		return NULL;
	return action_names[a];
}

bool input_action_parse(const char *name, enum input_action *out)
{
	if (!name)
		return false;
	if (strcasecmp(name, "enter") == 0) {
		*out = INPUT_DETAILS;
		return true;
	}
	for (int a = 0; a < INPUT_ACTION_COUNT; a++) {
		if (strcasecmp(name, action_names[a]) == 0) {
			*out = (enum input_action)a;
			return true;
		}
	}
	return false;
}

/* The default map. A numeric keypad in calculator layout (7 8 9 on top, as on PC
 * keypads): 8/2 move like the arrows, 5 (the tactile key) opens, 4/6 back and into,
 * 0 help, * repeat, / language, + and - volume, 7/9 slower/faster, 1 overview, 3 pause.
 * Keyboards and media keys get the obvious equivalents. */
static const struct input_binding default_map[] = {
    {"Up", INPUT_UP},
    {"Keypad 8", INPUT_UP},
    {"Down", INPUT_DOWN},
    {"Keypad 2", INPUT_DOWN},
    {"Return", INPUT_DETAILS},
    {"Keypad Enter", INPUT_DETAILS},
    {"Keypad 5", INPUT_DETAILS},
    {"Right", INPUT_DETAILS},
    {"Keypad 6", INPUT_DETAILS},
    {"Backspace", INPUT_BACK},
    {"Escape", INPUT_BACK},
    {"Left", INPUT_BACK},
    {"Keypad 4", INPUT_BACK},
    {"Keypad .", INPUT_BACK},
    {"Keypad ,", INPUT_BACK},
    {"Keypad Backspace", INPUT_BACK},
    {"Clear", INPUT_BACK},
    {"Keypad 0", INPUT_HELP},
    {"F1", INPUT_HELP},
    {"Help", INPUT_HELP},
    {"H", INPUT_HELP},
    {"Keypad *", INPUT_REPEAT},
    {"R", INPUT_REPEAT},
    {"Keypad 3", INPUT_PAUSE},
    {"Space", INPUT_PAUSE},
    {"Pause", INPUT_PAUSE},
    {"AudioPlay", INPUT_PAUSE},
    {"Keypad /", INPUT_LANGUAGE},
    {"L", INPUT_LANGUAGE},
    {"Keypad +", INPUT_VOLUME_UP},
    {"VolumeUp", INPUT_VOLUME_UP},
    {"Keypad -", INPUT_VOLUME_DOWN},
    {"VolumeDown", INPUT_VOLUME_DOWN},
    {"Keypad 7", INPUT_SLOWER},
    {"Keypad 9", INPUT_FASTER},
    {"Keypad 1", INPUT_SUMMARY},
    {"Home", INPUT_SUMMARY},
};

/* Spelled-out names people write in configs for keys SDL names by their symbol. */
static const char *const key_aliases[][2] = {
    {"Keypad Period", "Keypad ."},   {"Keypad Decimal", "Keypad ."}, {"Keypad Comma", "Keypad ,"},
    {"Keypad Multiply", "Keypad *"}, {"Keypad Divide", "Keypad /"},  {"Keypad Plus", "Keypad +"},
    {"Keypad Minus", "Keypad -"},    {"Keypad Equals", "Keypad ="},  {"Enter", "Return"},
    {"Volume Up", "VolumeUp"},       {"Volume Down", "VolumeDown"},
};

static const char *canonical_key(const char *key)
{
	for (size_t i = 0; i < sizeof key_aliases / sizeof key_aliases[0]; i++) {
		if (strcasecmp(key, key_aliases[i][0]) == 0)
			return key_aliases[i][1];
	}
	return key;
}

void input_map_default(struct input_map *m)
{
	m->n = sizeof default_map / sizeof default_map[0];
	memcpy(m->b, default_map, sizeof default_map);
}

static struct input_binding *find(const struct input_map *m, const char *key)
{
	key = canonical_key(key);
	for (size_t i = 0; i < m->n; i++) {
		if (strcasecmp(m->b[i].key, key) == 0)
			return (struct input_binding *)&m->b[i];
	}
	return NULL;
}

bool input_map_bind(struct input_map *m, const char *key, const char *action, char *err,
                    size_t errcap)
{
	enum input_action a;
	if (!key || !*key || strlen(key) >= INPUT_KEY_NAME_MAX) {
		snprintf(err, errcap, "key name must be 1 to %d characters",
		         INPUT_KEY_NAME_MAX - 1);
		return false;
	}
	if (!input_action_parse(action, &a)) {
		snprintf(err, errcap, "\"%s\": unknown action \"%s\"", key, action ? action : "");
		return false;
	}
	struct input_binding *b = find(m, key);
	if (b) {
		b->action = a;
		return true;
	}
	if (m->n >= INPUT_MAP_MAX) {
		snprintf(err, errcap, "too many key bindings (at most %d)", INPUT_MAP_MAX);
		return false;
	}
	text_copy(m->b[m->n].key, sizeof m->b[m->n].key, canonical_key(key));
	m->b[m->n].action = a;
	m->n++;
	return true;
}

enum input_action input_map_get(const struct input_map *m, const char *key)
{
	const struct input_binding *b = key ? find(m, key) : NULL;
	return b ? b->action : INPUT_NONE;
}

enum input_action input_map_lookup(const struct input_map *m, const char *key_name,
                                   const char *scancode_name)
{
	const struct input_binding *b = NULL;
	if (scancode_name && strncasecmp(scancode_name, "Keypad ", 7) == 0)
		b = find(m, scancode_name);
	if (!b && key_name && *key_name)
		b = find(m, key_name);
	if (!b && scancode_name && *scancode_name)
		b = find(m, scancode_name);
	return b ? b->action : INPUT_ANY;
}

void input_strike_init(struct input_strike *s, int delay_ms)
{
	memset(s, 0, sizeof *s);
	s->delay_ms = delay_ms > 0 ? delay_ms : 0;
}

bool input_strike_accept(struct input_strike *s, const char *key, int64_t now_ms)
{
	if (!key)
		key = "";
	if (s->delay_ms > 0 && s->last[0] && strcasecmp(key, s->last) == 0 &&
	    now_ms >= s->last_ms && now_ms - s->last_ms < s->delay_ms)
		return false;
	text_copy(s->last, sizeof s->last, key);
	s->last_ms = now_ms;
	return true;
}
