/* Shorter forms of a place's name (see shortname.h). Each step works on the form before
 * it, so the forms nest: what a later form keeps, every earlier one shows too. */
#include "shortname.h"

#include <string.h>

#include "text.h"

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_alpha(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

bool shortname_is_code(const char *s, size_t len)
{
	if (len == 0 || len > 6)
		return false;
	bool digit = false;
	for (size_t i = 0; i < len; i++) {
		if (!is_digit(s[i]) && !is_alpha(s[i]))
			return false;
		digit |= is_digit(s[i]);
	}
	return digit;
}

static size_t trim_end(const char *s, size_t len)
{
	while (len > 0 && s[len - 1] == ' ')
		len--;
	return len;
}

/* "Rotteckring 3 (R)" -> "Rotteckring 3"; 0 when there is no such part. */
static size_t without_paren(const char *s, size_t len)
{
	if (len < 2 || s[len - 1] != ')')
		return 0;
	size_t open = len - 1;
	while (open > 0 && s[open] != '(')
		open--;
	if (s[open] != '(' || open == 0)
		return 0;
	return trim_end(s, open);
}

/* Length of the separator at s ("-", "–", "—", ":", "·"), 0 if none. */
static size_t separator(const char *s)
{
	static const char *const seps[] = {"-", "\xE2\x80\x93", "\xE2\x80\x94", ":", "\xC2\xB7"};
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		size_t n = strlen(seps[i]);
		if (strncmp(s, seps[i], n) == 0)
			return n;
	}
	return 0;
}

/* "P06 - Humboldtstraße 2" -> offset of "Humboldtstraße 2"; 0 when there is no code. */
static size_t code_end(const char *s, size_t len)
{
	size_t tok = 0;
	while (tok < len && (is_digit(s[tok]) || is_alpha(s[tok])))
		tok++;
	if (!shortname_is_code(s, tok))
		return 0;
	size_t i = tok;
	while (i < len && s[i] == ' ')
		i++;
	size_t sep = i < len ? separator(s + i) : 0;
	if (sep == 0)
		return 0;
	i += sep;
	while (i < len && s[i] == ' ')
		i++;
	return i < len ? i : 0;
}

/* "Moltkestraße 16b" -> "Moltkestraße"; 0 when the last word is no house number. */
static size_t without_number(const char *s, size_t len)
{
	size_t sp = len;
	while (sp > 0 && s[sp - 1] != ' ')
		sp--;
	if (sp == 0)
		return 0; /* one word: nothing would be left */
	size_t i = sp, digits = 0, letters = 0;
	while (i < len && is_digit(s[i]))
		i++, digits++;
	if (i < len && s[i] == '-' && i + 1 < len && is_digit(s[i + 1])) {
		i++;
		while (i < len && is_digit(s[i]))
			i++;
	}
	while (i < len && is_alpha(s[i]) && letters < 2)
		i++, letters++;
	if (digits == 0 || i != len)
		return 0;
	return trim_end(s, sp);
}

/* "…straße"/"…strasse" at the end -> "…str."; writes out, returns false if not. */
static bool abbreviated(const char *s, size_t len, char *out, size_t cap)
{
	static const char *const longs[] = {"straße", "strasse", "Straße", "Strasse"};
	static const char *const shorts[] = {"str.", "str.", "Str.", "Str."};
	for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++) {
		size_t n = strlen(longs[i]);
		if (len >= n && memcmp(s + len - n, longs[i], n) == 0) {
			char buf[SHORTNAME_CAP];
			size_t keep = len - n < sizeof buf - 1 ? len - n : sizeof buf - 1;
			memcpy(buf, s, keep);
			buf[keep] = '\0';
			size_t k = strlen(buf);
			text_copy(buf + k, sizeof buf - k, shorts[i]);
			text_copy(out, cap, buf);
			return true;
		}
	}
	return false;
}

/* Appends the first len bytes of s as a form if there is room and it is new. */
static void add(char forms[][SHORTNAME_CAP], size_t *n, size_t max, const char *s, size_t len)
{
	if (*n >= max || len == 0 || len >= SHORTNAME_CAP)
		return;
	if (*n > 0 && strlen(forms[*n - 1]) == len && memcmp(forms[*n - 1], s, len) == 0)
		return;
	memcpy(forms[*n], s, len);
	forms[*n][len] = '\0';
	(*n)++;
}

size_t shortname_forms(const char *name, char forms[][SHORTNAME_CAP], size_t max)
{
	size_t n = 0;
	if (!name || !*name || max == 0)
		return 0;
	char cur[SHORTNAME_CAP];
	text_copy(cur, sizeof cur, name);
	size_t len = trim_end(cur, strlen(cur));
	if (len == 0)
		return 0;
	add(forms, &n, max, cur, len);
	size_t k = without_paren(cur, len);
	if (k > 0) {
		len = k;
		add(forms, &n, max, cur, len);
	}
	k = code_end(cur, len);
	if (k > 0) {
		memmove(cur, cur + k, len - k);
		len -= k;
		add(forms, &n, max, cur, len);
	}
	k = without_number(cur, len);
	if (k > 0) {
		len = k;
		add(forms, &n, max, cur, len);
	}
	char ab[SHORTNAME_CAP];
	if (abbreviated(cur, len, ab, sizeof ab))
		add(forms, &n, max, ab, strlen(ab));
	return n;
}
