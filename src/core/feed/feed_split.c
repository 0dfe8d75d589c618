/* Slices of a JSON feed's item array (see feed_split.h). */
#include "feed_split.h"

#include <string.h>

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* End (one past) of the string starting at s[i] == '"', or len when unterminated. memchr
 * finds each quote; one is escaped when an odd run of backslashes precedes it. */
static size_t skip_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len;) {
		const char *q = memchr(s + i, '"', len - i);
		if (!q)
			return len;
		size_t j = (size_t)(q - s), b = j;
		while (b > i && s[b - 1] == '\\')
			b--;
		if ((j - b) % 2 == 0)
			return j + 1;
		i = j + 1;
	}
	return len;
}

/* Bytes the scan outside strings stops at. */
enum { STOP_OPEN = 1, STOP_CLOSE = 2, STOP_QUOTE = 3 };
static const unsigned char stop[256] = {
    ['{'] = STOP_OPEN,  ['['] = STOP_OPEN,  ['}'] = STOP_CLOSE,
    [']'] = STOP_CLOSE, ['"'] = STOP_QUOTE,
};

/* End (one past) of the value starting at s[i]; len when it does not end (unbalanced). */
static size_t skip_value(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return len;
	if (s[i] == '"')
		return skip_string(s, len, i);
	if (s[i] != '{' && s[i] != '[') {
		while (i < len && s[i] != ',' && s[i] != ']' && s[i] != '}' && !is_ws(s[i]))
			i++;
		return i;
	}
	size_t depth = 0;
	while (i < len) {
		unsigned char k = stop[(unsigned char)s[i]];
		if (k == 0) {
			i++;
			continue;
		}
		if (k == STOP_QUOTE) {
			i = skip_string(s, len, i);
			continue;
		}
		if (k == STOP_OPEN) {
			depth++;
		} else if (--depth == 0) {
			return i + 1;
		}
		i++;
	}
	return len;
}

/* A top-level member's key that names an item array: "items" (ParkAPI v3) or "lots" (v1,
 * *lots set). */
static bool items_key(const char *s, size_t key, size_t key_end, bool *lots)
{
	*lots = key_end - key == 6 && memcmp(s + key, "\"lots\"", 6) == 0;
	return *lots || (key_end - key == 7 && memcmp(s + key, "\"items\"", 7) == 0);
}

/* Scans the object members from s[i] (just after '{' or after a member) to the closing
 * '}' and the end of the body. Stops at the first member named items or lots with *at
 * its value's index and *lots which (if at is not NULL); otherwise true when the object
 * ends well and no member has such a name. */
static bool members(const char *s, size_t len, size_t i, bool first, size_t *at, bool *lots)
{
	for (;;) {
		i = jscan_skip_ws(s, len, i);
		if (!first) {
			if (i < len && s[i] == '}')
				return jscan_skip_ws(s, len, i + 1) == len && !at;
			if (i >= len || s[i] != ',')
				return false;
			i = jscan_skip_ws(s, len, i + 1);
		} else if (i < len && s[i] == '}') {
			return jscan_skip_ws(s, len, i + 1) == len && !at;
		}
		first = false;
		if (i >= len || s[i] != '"')
			return false;
		size_t key = i, key_end = skip_string(s, len, i);
		i = jscan_skip_ws(s, len, key_end);
		if (i >= len || s[i] != ':')
			return false;
		i = jscan_skip_ws(s, len, i + 1);
		bool is_lots;
		if (items_key(s, key, key_end, &is_lots)) {
			if (!at)
				return false; /* a second item list: which one is meant? */
			*at = i;
			*lots = is_lots;
			return true;
		}
		size_t end = skip_value(s, len, i);
		if (end <= i || end >= len)
			return false; /* no value, or one that does not end */
		i = end;
	}
}

bool feed_split_begin(struct feed_split *sp, const char *s, size_t len)
{
	sp->s = s;
	sp->len = len;
	sp->closed = false;
	size_t i = jscan_skip_ws(s, len, 0);
	if (i >= len)
		return false;
	sp->bare = s[i] == '[';
	sp->lots = false;
	if (s[i] == '{' && !members(s, len, i + 1, true, &i, &sp->lots))
		return false;
	if (i >= len || s[i] != '[')
		return false;
	/* The array's end is found by reading its items (feed_split_next), not here: the
	 * body is read once. */
	sp->open = i;
	sp->close = len;
	sp->pos = i + 1;
	return true;
}

bool feed_split_complete(const struct feed_split *sp)
{
	return sp->closed;
}

/* The item array ends at s[i] == ']': what follows must end the body (a bare array) or
 * the object, with no other item list in it. */
static void close_at(struct feed_split *sp, size_t i)
{
	const char *s = sp->s;
	sp->close = i;
	sp->closed = sp->bare ? jscan_skip_ws(s, sp->len, i + 1) == sp->len
	                      : members(s, sp->len, i + 1, false, NULL, NULL);
}

static bool stray(struct feed_split *sp, size_t i, size_t *start, size_t *end)
{
	*start = i;
	*end = i + 1;
	sp->pos = i + 1;
	return true;
}

/* Where the next item starts (*i), or a stray byte handed on (*start, *end: true); false
 * after the last item. */
static bool next_start(struct feed_split *sp, size_t *i, size_t *start, size_t *end,
                       bool *stray_byte)
{
	*stray_byte = false;
	if (sp->closed)
		return false;
	*i = jscan_skip_ws(sp->s, sp->len, sp->pos);
	if (*i >= sp->len)
		return false; /* no end: not complete */
	if (sp->s[*i] == ']') {
		close_at(sp, *i);
		return false;
	}
	/* After an item comes a comma and another item. A missing comma, or a comma before
	 * the first item or after the last, is handed on as a stray byte, so that cJSON
	 * rejects the slice, as it would the whole body. */
	if (sp->pos > sp->open + 1) {
		*stray_byte = true;
		if (sp->s[*i] != ',')
			return stray(sp, *i, start, end);
		size_t comma = *i;
		*i = jscan_skip_ws(sp->s, sp->len, *i + 1);
		if (*i >= sp->len || sp->s[*i] == ']')
			return stray(sp, comma, start, end);
		*stray_byte = false;
	}
	return true;
}

bool feed_split_next_object(struct feed_split *sp, size_t *start, size_t *end,
                            struct jscan_member *m, size_t cap, size_t *n, bool *strict)
{
	*n = 0;
	*strict = false;
	size_t i;
	bool stray_byte;
	if (!next_start(sp, &i, start, end, &stray_byte))
		return false;
	if (stray_byte)
		return true;
	size_t e = m ? jscan_object(sp->s, sp->len, i, m, cap, n) : 0;
	*strict = e != 0;
	if (!e) {
		*n = 0;
		e = skip_value(sp->s, sp->len, i);
	}
	if (e <= i)
		e = i + 1; /* a stray byte: hand it on, so that cJSON rejects the slice */
	*start = i;
	*end = e;
	sp->pos = e;
	return true;
}

bool feed_split_next(struct feed_split *sp, size_t *start, size_t *end)
{
	size_t n;
	bool strict;
	return feed_split_next_object(sp, start, end, NULL, 0, &n, &strict);
}
