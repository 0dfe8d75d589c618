/* Audio-mode input (see input.h): action names, the keypad map, the touch gesture
 * recogniser and the input-script parser. Pure: strings and times in, values out. */
#include "input.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- touch gestures ----------------------------------------------------------------- */

void input_touch_init(struct input_touch *t)
{
	memset(t, 0, sizeof *t);
	t->hold_ms = 2000;
	t->tap_max_ms = 600;
	t->double_ms = 400;
	t->slop_px = 40;
}

static bool near(int x1, int y1, int x2, int y2, int slop)
{
	double dx = x1 - x2, dy = y1 - y2;
	return dx * dx + dy * dy <= (double)slop * slop;
}

enum input_gesture input_touch_down(struct input_touch *t, int x, int y, int64_t now_ms)
{
	if (t->tap_pending && now_ms - t->tap_up_ms > t->double_ms)
		t->tap_pending = false;
	t->down = true;
	t->moved = false;
	t->held = false;
	t->x = x;
	t->y = y;
	t->down_ms = now_ms;
	return INPUT_GESTURE_NONE;
}

enum input_gesture input_touch_move(struct input_touch *t, int x, int y, int64_t now_ms)
{
	(void)now_ms;
	if (t->down && !near(x, y, t->x, t->y, t->slop_px))
		t->moved = true;
	return INPUT_GESTURE_NONE;
}

enum input_gesture input_touch_up(struct input_touch *t, int x, int y, int64_t now_ms)
{
	if (!t->down)
		return INPUT_GESTURE_NONE;
	input_touch_move(t, x, y, now_ms);
	t->down = false;
	if (t->moved || t->held || now_ms - t->down_ms >= t->tap_max_ms) {
		t->tap_pending = false;
		return INPUT_GESTURE_NONE;
	}
	/* tap_pending is still set only if this press began soon enough after the last
	 * tap (input_touch_down clears it otherwise). */
	if (t->tap_pending && near(t->x, t->y, t->tap_x, t->tap_y, t->slop_px)) {
		t->tap_pending = false;
		return INPUT_GESTURE_DOUBLE_TAP;
	}
	t->tap_pending = true;
	t->tap_x = t->x;
	t->tap_y = t->y;
	t->tap_up_ms = now_ms;
	return INPUT_GESTURE_TAP;
}

enum input_gesture input_touch_tick(struct input_touch *t, int64_t now_ms)
{
	if (t->down && !t->moved && !t->held && now_ms - t->down_ms >= t->hold_ms) {
		t->held = true;
		return INPUT_GESTURE_HOLD;
	}
	return INPUT_GESTURE_NONE;
}

int64_t input_touch_deadline(const struct input_touch *t)
{
	if (t->down && !t->moved && !t->held)
		return t->down_ms + t->hold_ms;
	return -1;
}

/* ---- input scripts ------------------------------------------------------------------ */

void input_script_init(struct input_script *s)
{
	memset(s, 0, sizeof *s);
}

void input_script_finish(struct input_script *s)
{
	free(s->ev);
	memset(s, 0, sizeof *s);
}

static struct input_event *push(struct input_script *s)
{
	if (s->n >= INPUT_SCRIPT_MAX_EVENTS)
		return NULL;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct input_event *p = realloc(s->ev, cap * sizeof *p);
		if (!p)
			return NULL;
		s->ev = p;
		s->cap = cap;
	}
	struct input_event *e = &s->ev[s->n++];
	memset(e, 0, sizeof *e);
	return e;
}

/* Seconds as a non-negative decimal ("1", "0.25"), to whole milliseconds. */
static bool parse_seconds(const char *w, int64_t *ms)
{
	if (!*w || !(isdigit((unsigned char)*w) || *w == '.'))
		return false;
	char *end;
	errno = 0;
	double v = strtod(w, &end);
	if (errno || *end || !isfinite(v) || v < 0 || v > 7 * 86400.0)
		return false;
	*ms = (int64_t)llround(v * 1000.0);
	return true;
}

static bool parse_coord(const char *w, int *v)
{
	if (!*w)
		return false;
	char *end;
	errno = 0;
	long l = strtol(w, &end, 10);
	if (errno || *end || l < -100000 || l > 100000)
		return false;
	*v = (int)l;
	return true;
}

/* Splits a line into at most max words at spaces/tabs; returns the count. */
static int split(char *line, char **w, int max)
{
	int n = 0;
	char *p = line;
	while (*p && n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static int cmp_event(const void *a, const void *b)
{
	const struct input_event *x = a, *y = b;
	if (x->t_ms != y->t_ms)
		return x->t_ms < y->t_ms ? -1 : 1;
	/* Same time: file order, and within one line down before up ("hold X Y 0"). */
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->kind > y->kind) - (x->kind < y->kind);
}

static bool add_touch(struct input_script *s, enum input_event_kind k, int64_t t, int x, int y,
                      int line)
{
	struct input_event *e = push(s);
	if (!e)
		return false;
	e->kind = k;
	e->t_ms = t;
	e->x = x;
	e->y = y;
	e->line = line;
	return true;
}

static enum pk_err parse_line(struct input_script *s, char *line, int lineno, int64_t *last,
                              char *err, size_t errcap)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	/* The key name may contain spaces ("Keypad 5"): keep the raw rest of the line. */
	char raw[256];
	text_copy(raw, sizeof raw, line);
	char *w[8];
	int n = split(line, w, 8);
	if (n == 0)
		return PK_OK;
	int64_t t;
	if (!parse_seconds(w[0], &t)) {
		snprintf(err, errcap, "line %d: \"%s\" is not a time in seconds", lineno, w[0]);
		return PK_ERR_CONFIG;
	}
	if (t < *last) {
		snprintf(err, errcap, "line %d: time %s goes back before the previous line", lineno,
		         w[0]);
		return PK_ERR_CONFIG;
	}
	*last = t;
	if (n < 2) {
		snprintf(err, errcap, "line %d: a verb must follow the time", lineno);
		return PK_ERR_CONFIG;
	}
	const char *verb = w[1];
	int x = 0, y = 0;
	bool ok = true;

	if (strcmp(verb, "key") == 0) {
		/* Everything after "key", spaces folded: "Keypad   5" -> "Keypad 5". */
		char *p = raw;
		for (int skip = 0; skip < 2; skip++) {
			while (*p == ' ' || *p == '\t')
				p++;
			while (*p && *p != ' ' && *p != '\t')
				p++;
		}
		char name[INPUT_KEY_NAME_MAX * 2];
		text_sanitize(name, sizeof name, p, strlen(p));
		if (!*name || strlen(name) >= INPUT_KEY_NAME_MAX) {
			snprintf(err, errcap, "line %d: key needs a name of 1 to %d characters",
			         lineno, INPUT_KEY_NAME_MAX - 1);
			return PK_ERR_CONFIG;
		}
		struct input_event *e = push(s);
		if (!e)
			goto full;
		e->kind = INPUT_EV_KEY;
		e->t_ms = t;
		e->line = lineno;
		text_copy(e->key, sizeof e->key, name);
		return PK_OK;
	}
	if (strcmp(verb, "wait") == 0 || strcmp(verb, "quit") == 0) {
		if (n != 2) {
			snprintf(err, errcap, "line %d: %s takes no arguments", lineno, verb);
			return PK_ERR_CONFIG;
		}
		if (!add_touch(s, verb[0] == 'w' ? INPUT_EV_WAIT : INPUT_EV_QUIT, t, 0, 0, lineno))
			goto full;
		return PK_OK;
	}
	bool is_hold = strcmp(verb, "hold") == 0;
	if (strcmp(verb, "touch") && strcmp(verb, "release") && strcmp(verb, "move") &&
	    strcmp(verb, "tap") && strcmp(verb, "doubletap") && !is_hold) {
		snprintf(err, errcap,
		         "line %d: unknown verb \"%s\" (key, touch, move, release, tap, "
		         "doubletap, hold, wait, quit)",
		         lineno, verb);
		return PK_ERR_CONFIG;
	}
	int want = is_hold ? 5 : 4;
	if (n != want || !parse_coord(w[2], &x) || !parse_coord(w[3], &y)) {
		snprintf(err, errcap, "line %d: %s needs X Y%s (whole pixels)", lineno, verb,
		         is_hold ? " SECONDS" : "");
		return PK_ERR_CONFIG;
	}
	if (strcmp(verb, "touch") == 0) {
		ok = add_touch(s, INPUT_EV_DOWN, t, x, y, lineno);
	} else if (strcmp(verb, "release") == 0) {
		ok = add_touch(s, INPUT_EV_UP, t, x, y, lineno);
	} else if (strcmp(verb, "move") == 0) {
		ok = add_touch(s, INPUT_EV_MOVE, t, x, y, lineno);
	} else if (strcmp(verb, "tap") == 0) {
		ok = add_touch(s, INPUT_EV_DOWN, t, x, y, lineno) &&
		     add_touch(s, INPUT_EV_UP, t + 50, x, y, lineno);
	} else if (strcmp(verb, "doubletap") == 0) {
		ok = add_touch(s, INPUT_EV_DOWN, t, x, y, lineno) &&
		     add_touch(s, INPUT_EV_UP, t + 50, x, y, lineno) &&
		     add_touch(s, INPUT_EV_DOWN, t + 150, x, y, lineno) &&
		     add_touch(s, INPUT_EV_UP, t + 200, x, y, lineno);
	} else {
		int64_t d;
		if (!parse_seconds(w[4], &d)) {
			snprintf(err, errcap, "line %d: hold needs a duration in seconds", lineno);
			return PK_ERR_CONFIG;
		}
		ok = add_touch(s, INPUT_EV_DOWN, t, x, y, lineno) &&
		     add_touch(s, INPUT_EV_UP, t + d, x, y, lineno);
	}
	if (ok)
		return PK_OK;
full:
	snprintf(err, errcap, "line %d: more than %d events", lineno, INPUT_SCRIPT_MAX_EVENTS);
	return s->n >= INPUT_SCRIPT_MAX_EVENTS ? PK_ERR_TOO_BIG : PK_ERR_NOMEM;
}

enum pk_err input_script_parse(struct input_script *s, const char *text, size_t len, char *err,
                               size_t errcap)
{
	input_script_finish(s);
	if (len > INPUT_SCRIPT_MAX_BYTES) {
		snprintf(err, errcap, "script longer than %d bytes", INPUT_SCRIPT_MAX_BYTES);
		return PK_ERR_TOO_BIG;
	}
	int64_t last = 0;
	int lineno = 0;
	size_t i = 0;
	enum pk_err rc = PK_OK;
	while (i < len && rc == PK_OK) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		lineno++;
		char line[256];
		size_t l = j - i;
		if (l && text[i + l - 1] == '\r')
			l--;
		if (l >= sizeof line) {
			snprintf(err, errcap, "line %d: longer than %zu characters", lineno,
			         sizeof line - 1);
			rc = PK_ERR_CONFIG;
			break;
		}
		if (memchr(text + i, '\0', l)) {
			snprintf(err, errcap, "line %d: contains a NUL byte", lineno);
			rc = PK_ERR_CONFIG;
			break;
		}
		memcpy(line, text + i, l);
		line[l] = '\0';
		rc = parse_line(s, line, lineno, &last, err, errcap);
		i = j + 1;
	}
	if (rc != PK_OK) {
		input_script_finish(s);
		return rc;
	}
	/* Expanded gestures (a long hold's release) may end after later lines. */
	if (s->n > 1)
		qsort(s->ev, s->n, sizeof *s->ev, cmp_event);
	return PK_OK;
}

enum pk_err input_script_load(struct input_script *s, const char *path, char *err, size_t errcap)
{
	input_script_finish(s);
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return PK_ERR_IO;
	}
	char *buf = malloc(INPUT_SCRIPT_MAX_BYTES + 1);
	if (!buf) {
		fclose(f);
		return PK_ERR_NOMEM;
	}
	size_t len = fread(buf, 1, INPUT_SCRIPT_MAX_BYTES + 1, f);
	bool bad = ferror(f);
	fclose(f);
	enum pk_err rc;
	char msg[256];
	if (bad) {
		snprintf(err, errcap, "%s: read error", path);
		rc = PK_ERR_IO;
	} else {
		rc = input_script_parse(s, buf, len, msg, sizeof msg);
		if (rc != PK_OK)
			snprintf(err, errcap, "%s: %s", path, msg);
	}
	free(buf);
	return rc;
}
