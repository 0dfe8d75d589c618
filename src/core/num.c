/* Checked number parsing (num.h): written by hand so that overflow is a refusal and the
 * locale never changes what a digit or a decimal point is. */
#include "num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool num_scan_i64(const char *s, const char **end, int64_t min, int64_t max, int64_t *out)
{
	const char *p = s;
	bool neg = *p == '-';
	if (neg)
		p++;
	if (!is_digit(*p))
		return false;
	/* Accumulate as a negative number: its range holds INT64_MIN. */
	int64_t v = 0;
	bool over = false;
	for (; is_digit(*p); p++) {
		int d = *p - '0';
		if (v < (INT64_MIN + d) / 10)
			over = true;
		else
			v = v * 10 - d;
	}
	if (end)
		*end = p;
	if (over)
		return false;
	if (!neg) {
		if (v == INT64_MIN)
			return false;
		v = -v;
	}
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *end = s;
	int64_t v;
	if (!num_scan_i64(s, &end, min, max, &v) || *end != '\0')
		return false;
	*out = v;
	return true;
}

bool num_parse_int(const char *s, int min, int max, int *out)
{
	int64_t v;
	if (!num_parse_i64(s, min, max, &v))
		return false;
	*out = (int)v;
	return true;
}

bool num_parse_u64_sat(const char *s, uint64_t max, uint64_t *out)
{
	if (!is_digit(*s))
		return false;
	uint64_t v = 0;
	for (; is_digit(*s); s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (max - d) / 10)
			v = max;
		else
			v = v * 10 + d;
	}
	if (*s != '\0')
		return false;
	*out = v;
	return true;
}

bool num_parse_hex_u64(const char *s, int digits, uint64_t *out)
{
	if (digits < 1 || digits > 16 || strlen(s) != (size_t)digits)
		return false;
	uint64_t v = 0;
	for (int i = 0; i < digits; i++) {
		char c = s[i];
		unsigned d;
		if (is_digit(c))
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

bool num_parse_double(const char *s, double min, double max, double *out)
{
	/* Syntax first, so that strtod sees only "-?digits[.digits][e[+-]digits]" and
	 * never hex, "inf", "nan" or a locale's own decimal point. */
	const char *p = s;
	if (*p == '-')
		p++;
	size_t int_digits = strspn(p, "0123456789");
	p += int_digits;
	size_t frac_digits = 0;
	if (*p == '.') {
		p++;
		frac_digits = strspn(p, "0123456789");
		if (frac_digits == 0)
			return false;
		p += frac_digits;
	}
	if (int_digits == 0 && frac_digits == 0)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		size_t exp_digits = strspn(p, "0123456789");
		if (exp_digits == 0)
			return false;
		p += exp_digits;
	}
	if (*p != '\0')
		return false;
	double v = strtod(s, NULL);
	if (!isfinite(v) || v < min || v > max)
		return false;
	*out = v;
	return true;
}
