/* QR handover text (see handover.h). */
#include "handover.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

#define DEFAULT_TEMPLATE "geo:{lat},{lon}?q={lat},{lon}({name})"

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/* Bytes in the UTF-8 sequence that starts with c (1 for stray bytes). */
static size_t seq_len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

size_t handover_percent_encode(const char *s, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	if (cap == 0)
		return 0;
	for (size_t i = 0; s[i];) {
		size_t len = seq_len((unsigned char)s[i]);
		size_t need = 0;
		for (size_t k = 0; k < len; k++) {
			if (!s[i + k]) {
				len = k; /* truncated sequence at the end */
				break;
			}
			need += unreserved((unsigned char)s[i + k]) ? 1 : 3;
		}
		if (len == 0 || n + need >= cap)
			break;
		for (size_t k = 0; k < len; k++) {
			unsigned char c = (unsigned char)s[i + k];
			if (unreserved(c)) {
				out[n++] = (char)c;
			} else {
				out[n++] = '%';
				out[n++] = hex[c >> 4];
				out[n++] = hex[c & 15];
			}
		}
		i += len;
	}
	out[n] = '\0';
	return n;
}

static const char *const placeholders[] = {"{lat}", "{lon}", "{name}"};

/* Index of the placeholder at p, or -1. */
static int placeholder_at(const char *p)
{
	for (int k = 0; k < 3; k++)
		if (strncmp(p, placeholders[k], strlen(placeholders[k])) == 0)
			return k;
	return -1;
}

/* How often {lat}, {lon} and {name} occur in a (checked) template. */
static void placeholder_counts(const char *tmpl, int times[3])
{
	times[0] = times[1] = times[2] = 0;
	for (const char *p = tmpl; *p; p++) {
		int k = *p == '{' ? placeholder_at(p) : -1;
		if (k >= 0) {
			times[k]++;
			p += strlen(placeholders[k]) - 1;
		}
	}
}

bool handover_template_ok(const char *tmpl, char *err, size_t errcap)
{
	size_t len = strlen(tmpl);
	if (len == 0 || len >= HANDOVER_TEMPLATE_MAX) {
		snprintf(err, errcap, "must be 1 to %d characters", HANDOVER_TEMPLATE_MAX - 1);
		return false;
	}
	if (strncmp(tmpl, "https://", 8) != 0 && strncmp(tmpl, "http://", 7) != 0 &&
	    strncmp(tmpl, "geo:", 4) != 0) {
		snprintf(err, errcap, "must start with https://, http:// or geo:");
		return false;
	}
	int seen[3] = {0, 0, 0};
	for (const char *p = tmpl; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c >= 0x7f) {
			snprintf(
			    err, errcap,
			    "character %zu: only printable ASCII without spaces (percent-encode "
			    "the rest)",
			    (size_t)(p - tmpl) + 1);
			return false;
		}
		if (c == '}') {
			snprintf(err, errcap, "character %zu: '}' without '{'",
			         (size_t)(p - tmpl) + 1);
			return false;
		}
		if (c != '{')
			continue;
		int k = placeholder_at(p);
		if (k < 0) {
			const char *end = strchr(p, '}');
			snprintf(err, errcap,
			         "character %zu: unknown placeholder \"%.*s\" (use {lat}, {lon}, "
			         "{name})",
			         (size_t)(p - tmpl) + 1, end ? (int)(end - p + 1) : (int)strlen(p),
			         p);
			return false;
		}
		seen[k]++;
		p += strlen(placeholders[k]) - 1;
	}
	if (!seen[0] || !seen[1]) {
		snprintf(err, errcap, "must contain {lat} and {lon}");
		return false;
	}
	return true;
}

/* "47.994700", "-0.000001": six decimals with '.', independent of the C locale. */
static void degrees(double v, char *out, size_t cap)
{
	long long micro = llround(v * 1e6);
	const char *sign = micro < 0 ? "-" : "";
	unsigned long long a = micro < 0 ? (unsigned long long)-micro : (unsigned long long)micro;
	snprintf(out, cap, "%s%llu.%06llu", sign, a / 1000000ULL, a % 1000000ULL);
}

bool handover_uri(const char *tmpl, double lat, double lon, const char *name, char *out, size_t cap)
{
	char err[128];
	bool geo_default = !tmpl || !*tmpl;
	if (geo_default)
		tmpl = DEFAULT_TEMPLATE;
	else if (!handover_template_ok(tmpl, err, sizeof err))
		return false;
	if (!isfinite(lat) || !isfinite(lon) || cap == 0)
		return false;
	char la[32], lo[32];
	degrees(lat, la, sizeof la);
	degrees(lon, lo, sizeof lo);
	/* The fixed part, to know how much room the name has: each placeholder may come any
	 * number of times (the default has {lat} and {lon} twice), the name each time whole. */
	int times[3];
	placeholder_counts(tmpl, times);
	size_t fixed = strlen(tmpl);
	for (int k = 0; k < 3; k++)
		fixed -= strlen(placeholders[k]) * (size_t)times[k];
	fixed += strlen(la) * (size_t)times[0] + strlen(lo) * (size_t)times[1];
	size_t limit = cap < HANDOVER_URI_MAX ? cap : HANDOVER_URI_MAX;
	if (fixed >= limit)
		return false;
	/* room for one copy of the encoded name, NUL included */
	size_t name_cap = times[2] ? (limit - fixed - 1) / (size_t)times[2] + 1 : 1;
	char enc[HANDOVER_URI_MAX];
	handover_percent_encode(name ? name : "", enc, name_cap);
	if (geo_default && !enc[0])
		tmpl = "geo:{lat},{lon}?q={lat},{lon}"; /* no empty "()" label */
	size_t n = 0;
	for (const char *p = tmpl; *p;) {
		int k = *p == '{' ? placeholder_at(p) : -1;
		const char *piece = k == 0 ? la : k == 1 ? lo : k == 2 ? enc : NULL;
		size_t plen = piece ? strlen(piece) : 1;
		if (n + plen >= limit)
			return false;
		memcpy(out + n, piece ? piece : p, plen);
		n += plen;
		p += piece ? strlen(placeholders[k]) : 1;
	}
	out[n] = '\0';
	return true;
}
