/* The input-script parser (see input_script.h). */
#include "input_script.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dynbuf.h"
#include "num.h"
#include "text.h"

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
	if (!dyn_reserve(&s->ev, &s->cap, s->n + 1, sizeof *s->ev, 64, INPUT_SCRIPT_MAX_EVENTS))
		return NULL;
	struct input_event *e = &s->ev[s->n++];
	memset(e, 0, sizeof *e);
	return e;
}

/* Seconds as a non-negative decimal ("1", "0.25"), to whole milliseconds. */
static bool parse_seconds(const char *w, int64_t *ms)
{
	double v;
	if (!num_parse_double(w, 0, 7 * 86400.0, &v))
		return false;
	*ms = (int64_t)llround(v * 1000.0);
	return true;
}

static bool parse_coord(const char *w, int *v)
{
	return num_parse_int(w, -100000, 100000, v);
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

static bool add_event(struct input_script *s, enum input_event_kind k, int64_t t, int x, int y,
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

	if (strcmp(verb, "key") == 0 || strcmp(verb, "press") == 0) {
		/* Everything after the verb, spaces folded: "Keypad   5" -> "Keypad 5". */
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
		if (!add_event(s, INPUT_EV_KEY, t, 0, 0, lineno))
			goto full;
		text_copy(s->ev[s->n - 1].key, sizeof s->ev[s->n - 1].key, name);
		s->ev[s->n - 1].device = verb[0] == 'p';
		return PK_OK;
	}
	if (strcmp(verb, "wait") == 0 || strcmp(verb, "quit") == 0) {
		if (n != 2) {
			snprintf(err, errcap, "line %d: %s takes no arguments", lineno, verb);
			return PK_ERR_CONFIG;
		}
		if (!add_event(s, verb[0] == 'w' ? INPUT_EV_WAIT : INPUT_EV_QUIT, t, 0, 0, lineno))
			goto full;
		return PK_OK;
	}
	if (strcmp(verb, "screenshot") == 0) {
		if (n != 3 || strlen(w[2]) >= INPUT_SCRIPT_PATH_MAX) {
			snprintf(err, errcap,
			         "line %d: screenshot needs one FILE (no spaces, < %d bytes)",
			         lineno, INPUT_SCRIPT_PATH_MAX);
			return PK_ERR_CONFIG;
		}
		if (!add_event(s, INPUT_EV_SCREENSHOT, t, 0, 0, lineno))
			goto full;
		text_copy(s->ev[s->n - 1].path, sizeof s->ev[0].path, w[2]);
		return PK_OK;
	}
	bool is_hold = strcmp(verb, "hold") == 0;
	if (strcmp(verb, "touch") && strcmp(verb, "release") && strcmp(verb, "move") &&
	    strcmp(verb, "tap") && strcmp(verb, "doubletap") && !is_hold) {
		snprintf(err, errcap,
		         "line %d: unknown verb \"%s\" (key, press, touch, move, release, tap, "
		         "doubletap, hold, wait, screenshot, quit)",
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
		ok = add_event(s, INPUT_EV_DOWN, t, x, y, lineno);
	} else if (strcmp(verb, "release") == 0) {
		ok = add_event(s, INPUT_EV_UP, t, x, y, lineno);
	} else if (strcmp(verb, "move") == 0) {
		ok = add_event(s, INPUT_EV_MOVE, t, x, y, lineno);
	} else if (strcmp(verb, "tap") == 0) {
		ok = add_event(s, INPUT_EV_DOWN, t, x, y, lineno) &&
		     add_event(s, INPUT_EV_UP, t + 50, x, y, lineno);
	} else if (strcmp(verb, "doubletap") == 0) {
		ok = add_event(s, INPUT_EV_DOWN, t, x, y, lineno) &&
		     add_event(s, INPUT_EV_UP, t + 50, x, y, lineno) &&
		     add_event(s, INPUT_EV_DOWN, t + 150, x, y, lineno) &&
		     add_event(s, INPUT_EV_UP, t + 200, x, y, lineno);
	} else {
		int64_t d;
		if (!parse_seconds(w[4], &d)) {
			snprintf(err, errcap, "line %d: hold needs a duration in seconds", lineno);
			return PK_ERR_CONFIG;
		}
		ok = add_event(s, INPUT_EV_DOWN, t, x, y, lineno) &&
		     add_event(s, INPUT_EV_UP, t + d, x, y, lineno);
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
