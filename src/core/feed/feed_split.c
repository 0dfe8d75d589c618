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

bool feed_split_begin(struct feed_split *sp, const char *s, size_t len)
{
	sp->s = s;
	sp->len = len;
	size_t i = jscan_skip_ws(s, len, 0);
	if (i >= len)
		return false;
	size_t best_open = 0, best_end = 0;
	if (s[i] == '[') {
		best_open = i;
		best_end = skip_value(s, len, i);
	} else if (s[i] == '{') {
		i++;
		for (;;) {
			i = jscan_skip_ws(s, len, i);
			if (i >= len || s[i] != '"')
				return false;
			size_t key = i, key_end = skip_string(s, len, i);
			bool items_key =
			    (key_end - key == 7 && memcmp(s + key, "\"items\"", 7) == 0) ||
			    (key_end - key == 6 && memcmp(s + key, "\"lots\"", 6) == 0);
			i = jscan_skip_ws(s, len, key_end);
			if (i >= len || s[i] != ':')
				return false;
			i = jscan_skip_ws(s, len, i + 1);
			size_t end = skip_value(s, len, i);
			if (end >= len)
				return false;
			if (items_key && s[i] == '[' && end - i > best_end - best_open) {
				best_open = i;
				best_end = end;
			}
			i = jscan_skip_ws(s, len, end);
			if (i < len && s[i] == ',') {
				i++;
				continue;
			}
			if (i < len && s[i] == '}')
				break;
			return false;
		}
	} else {
		return false;
	}
	if (best_end == 0 || best_end > len || s[best_end - 1] != ']')
		return false;
	sp->open = best_open;
	sp->close = best_end - 1;
	sp->pos = best_open + 1;
	return true;
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
	*i = jscan_skip_ws(sp->s, sp->close, sp->pos);
	if (*i >= sp->close)
		return false;
	/* After an item comes a comma and another item. A missing comma, or a comma before
	 * the first item or after the last, is handed on as a stray byte, so that cJSON
	 * rejects the slice, as it would the whole body. */
	if (sp->pos > sp->open + 1) {
		*stray_byte = true;
		if (sp->s[*i] != ',')
			return stray(sp, *i, start, end);
		size_t comma = *i;
		*i = jscan_skip_ws(sp->s, sp->close, *i + 1);
		if (*i >= sp->close)
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
	size_t e = m ? jscan_object(sp->s, sp->close, i, m, cap, n) : 0;
	*strict = e != 0;
	if (!e) {
		*n = 0;
		e = skip_value(sp->s, sp->close, i);
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
