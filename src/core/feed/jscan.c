/* Strict JSON scanning in place (see jscan.h). Every function returns one past the end of
 * what it scanned, or 0 for "not sure"; 0 is never a valid end (a value takes a byte). */
#include "jscan.h"

#include <string.h>

/* Number tokens cJSON reads whole: it copies at most 63 bytes of one into a buffer. */
#define NUMBER_MAX 63

/* Bytes that stand for themselves inside a string: not '"', not '\\', not a control. */
static const unsigned char plain[256] = {
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
    R16(0), R16(0), /* 0x00-0x1f: controls (cJSON takes them raw; strict JSON does not) */
    1,      1,      0,      1,      1,      1,      1,      1,      1,      1,
    1,      1,      1,      1,      1,      1, /* 0x20-0x2f: '"' stops */
    R16(1), R16(1), 1,      1,      1,      1,      1,      1,      1,      1,
    1,      1,      1,      1,      0,      1,      1,      1, /* 0x50-0x5f: '\\' stops */
    R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1),
#undef R16
};

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t jscan_skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && is_ws(s[i]))
		i++;
	return i;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The code unit of "\uXXXX" at s[i] == '\\', or -1. */
static long unit(const char *s, size_t len, size_t i)
{
	if (len - i < 6 || s[i] != '\\' || s[i + 1] != 'u')
		return -1;
	long u = 0;
	for (size_t k = 2; k < 6; k++) {
		int d = hex(s[i + k]);
		if (d < 0)
			return -1;
		u = u * 16 + d;
	}
	return u;
}

/* A string at s[i] == '"'. *escaped tells whether it held an escape. */
static size_t scan_string(const char *s, size_t len, size_t i, bool *escaped)
{
	*escaped = false;
	for (i++; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (plain[c]) {
			i++;
			continue;
		}
		if (c == '"')
			return i + 1;
		if (c != '\\' || i + 1 >= len)
			return 0;
		*escaped = true;
		char e = s[i + 1];
		if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' ||
		    e == 'r' || e == 't') {
			i += 2;
			continue;
		}
		long u = unit(s, len, i);
		if (u < 0 || (u >= 0xDC00 && u <= 0xDFFF))
			return 0; /* cJSON refuses a lone low surrogate */
		if (u >= 0xD800 && u <= 0xDBFF) {
			long lo = unit(s, len, i + 6);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return 0;
			i += 12;
			continue;
		}
		i += 6;
	}
	return 0;
}

static size_t digits(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static size_t scan_number(const char *s, size_t len, size_t i)
{
	size_t start = i;
	if (i < len && s[i] == '-')
		i++;
	if (i >= len || s[i] < '0' || s[i] > '9')
		return 0;
	if (s[i] == '0')
		i++;
	else
		i = digits(s, len, i);
	if (i < len && s[i] == '.') {
		size_t j = digits(s, len, i + 1);
		if (j == i + 1)
			return 0;
		i = j;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t j = digits(s, len, i);
		if (j == i)
			return 0;
		i = j;
	}
	/* A digit, sign, dot or exponent letter right after: cJSON would read on. */
	if (i < len && (s[i] == '.' || s[i] == '+' || s[i] == '-' || s[i] == 'e' || s[i] == 'E' ||
	                (s[i] >= '0' && s[i] <= '9')))
		return 0;
	return i - start <= NUMBER_MAX ? i : 0;
}

static size_t scan_literal(const char *s, size_t len, size_t i, const char *word)
{
	size_t n = strlen(word);
	return len - i >= n && memcmp(s + i, word, n) == 0 ? i + n : 0;
}

static size_t scan_value(const char *s, size_t len, size_t i, int depth);

/* An object (members recorded when m) or an array, at s[i] == '{' or '['. */
static size_t scan_container(const char *s, size_t len, size_t i, int depth, struct jscan_member *m,
                             size_t cap, size_t *n)
{
	if (depth > JSCAN_MAX_DEPTH)
		return 0;
	bool object = s[i] == '{';
	char close = object ? '}' : ']';
	size_t count = 0;
	i = jscan_skip_ws(s, len, i + 1);
	if (i < len && s[i] == close)
		goto done;
	for (;;) {
		size_t key = 0, key_end = 0;
		bool escaped = false;
		if (object) {
			if (i >= len || s[i] != '"')
				return 0;
			key = i + 1;
			key_end = scan_string(s, len, i, &escaped);
			if (!key_end || escaped)
				return 0; /* an escaped key may spell a key the parsers read */
			i = jscan_skip_ws(s, len, key_end);
			if (i >= len || s[i] != ':')
				return 0;
			i = jscan_skip_ws(s, len, i + 1);
		}
		size_t end = scan_value(s, len, i, depth + 1);
		if (!end)
			return 0;
		if (m) {
			if (count == cap)
				return 0;
			m[count] =
			    (struct jscan_member){key, object ? key_end - 1 - key : 0, i, end};
		}
		count++;
		i = jscan_skip_ws(s, len, end);
		if (i < len && s[i] == ',') {
			i = jscan_skip_ws(s, len, i + 1);
			continue;
		}
		if (i < len && s[i] == close)
			break;
		return 0;
	}
done:
	if (n)
		*n = count;
	return i + 1;
}

static size_t scan_value(const char *s, size_t len, size_t i, int depth)
{
	if (i >= len)
		return 0;
	bool escaped;
	switch (s[i]) {
	case '"':
		return scan_string(s, len, i, &escaped);
	case '{':
	case '[':
		return scan_container(s, len, i, depth, NULL, 0, NULL);
	case 't':
		return scan_literal(s, len, i, "true");
	case 'f':
		return scan_literal(s, len, i, "false");
	case 'n':
		return scan_literal(s, len, i, "null");
	default:
		return scan_number(s, len, i);
	}
}

size_t jscan_object(const char *s, size_t len, size_t i, struct jscan_member *m, size_t cap,
                    size_t *n)
{
	*n = 0;
	if (i >= len || s[i] != '{')
		return 0;
	return scan_container(s, len, i, 0, m, cap, n);
}

size_t jscan_array(const char *s, size_t len, size_t i, struct jscan_member *m, size_t cap,
                   size_t *n)
{
	*n = 0;
	if (i >= len || s[i] != '[')
		return 0;
	return scan_container(s, len, i, 0, m, cap, n);
}

size_t jscan_value(const char *s, size_t len, size_t i)
{
	return scan_value(s, len, i, 0);
}

bool jscan_number(const char *s, size_t n, double *out)
{
	static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	size_t i = 0;
	bool neg = i < n && s[i] == '-';
	if (neg)
		i++;
	unsigned long long m = 0;
	long e = 0;
	size_t d = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, d++)
		m = m * 10 + (unsigned)(s[i] - '0');
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, d++, e--)
			m = m * 10 + (unsigned)(s[i] - '0');
	if (d == 0 || d > 15) /* 15 digits: m < 10^15 < 2^53, and no overflow above */
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		bool eneg = i < n && s[i] == '-';
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		long x = 0;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			if (x < 1000)
				x = x * 10 + (s[i] - '0');
		e += eneg ? -x : x;
	}
	if (i != n || e < -22 || e > 22)
		return false;
	double v = (double)m;
	v = e < 0 ? v / pow10[-e] : v * pow10[e];
	*out = neg ? -v : v;
	return true;
}
