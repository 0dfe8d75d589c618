/* UTF-8 validation and sanitising of feed text (see text.h). */
#include "text.h"

#include <string.h>

size_t text_utf8_next(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0)
		return 0;
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

size_t text_utf8_step(const char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	size_t k = text_utf8_next(s, n, cp);
	if (k == 0) {
		k = 1;
		*cp = 0xFFFD;
	}
	return k;
}

bool text_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;
	while (i < len) {
		size_t k = text_utf8_next(s + i, len - i, &cp);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

size_t text_utf8_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Blocks of left-to-right characters that need no shaping beyond kerning and ligatures. */
static bool simple_cp(uint32_t cp)
{
	if (cp < 0x0300)
		return cp >= 0x20; /* Latin, Latin-1, Latin Extended-A/B, IPA, spacing modifiers */
	if (cp < 0x0370)
		return false; /* combining diacritical marks */
	if (cp < 0x0590)
		return !(cp >= 0x0483 && cp <= 0x0489); /* Greek, Cyrillic but its marks */
	if (cp >= 0x1E00 && cp <= 0x1FFF)
		return true;              /* Latin Extended Additional, Greek Extended */
	if (cp >= 0x2000 && cp <= 0x2BFF) /* punctuation, symbols, arrows, dingbats */
		return !(cp >= 0x200B && cp <= 0x200F) && !(cp >= 0x2028 && cp <= 0x202E) &&
		       !(cp >= 0x2060 && cp <= 0x206F) && !(cp >= 0x20D0 && cp <= 0x20FF);
	return (cp >= 0x2C60 && cp <= 0x2C7F) || (cp >= 0xA720 && cp <= 0xA7FF);
}

bool text_is_simple(const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		uint32_t cp;
		size_t k = text_utf8_next(s, n, &cp);
		if (k == 0 || !simple_cp(cp))
			return false;
		s += k;
		n -= k;
	}
	return true;
}

size_t text_utf8_prefix(const char *s, size_t chars)
{
	size_t i = 0, seen = 0;
	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (seen == chars)
				return i;
			seen++;
		}
		i++;
	}
	return i;
}

/* Appends the encoded character if it fits; returns false when full. */
static bool put_cp(char *dst, size_t cap, size_t *pos, uint32_t cp)
{
	char buf[4];
	size_t n;
	if (cp < 0x80) {
		buf[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		buf[0] = (char)(0xC0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		buf[0] = (char)(0xF0 | (cp >> 18));
		buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
	}
	if (*pos + n + 1 > cap)
		return false;
	memcpy(dst + *pos, buf, n);
	*pos += n;
	return true;
}

size_t text_sanitize(char *dst, size_t cap, const char *src, size_t len)
{
	if (cap == 0)
		return 0;
	size_t pos = 0, i = 0;
	bool pending_space = false;
	while (i < len) {
		uint32_t cp;
		i += text_utf8_step(src + i, len - i, &cp);
		bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0;
		if (space) {
			pending_space = pos > 0;
			continue;
		}
		/* Controls (C0, DEL, C1), bidi overrides and isolates that could
		 * reorder what is drawn, and zero-width tricks are dropped. */
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF ||
		    (cp >= 0x200B && cp <= 0x200F))
			continue;
		if (pending_space) {
			if (!put_cp(dst, cap, &pos, ' '))
				break;
			pending_space = false;
		}
		if (!put_cp(dst, cap, &pos, cp))
			break;
	}
	dst[pos] = '\0';
	return pos;
}

void text_copy(char *dst, size_t cap, const char *src)
{
	if (cap == 0)
		return;
	size_t n = strlen(src);
	if (n >= cap) {
		n = cap - 1;
		/* back off to a character boundary */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}
