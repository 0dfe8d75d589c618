/* JSON readers shared by the feed parsers (see feed_int.h): the one place that decides
 * what a number, a count, a position, a text and a time are when a feed sends them. */
#include "feed_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isotime.h"
#include "text.h"

const cJSON *feed_get(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	/* cJSON_GetObjectItemCaseSensitive, with the first byte compared before strcmp:
	 * the parsers look up a dozen keys in items of two dozen members. */
	const cJSON *v = obj->child;
	for (; v; v = v->next)
		if (v->string && v->string[0] == key[0] && strcmp(v->string, key) == 0)
			break;
	return cJSON_IsNull(v) ? NULL : v;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Strict JSON number syntax: -?digits[.digits][(e|E)[+-]digits]. Rejects what strtod
 * would also take ("inf", "nan", "0x1p3", "1,5"), which no feed means as a number. */
static bool numeric_syntax(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	size_t d = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, d++;
	}
	if (d == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		size_t e = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, e++;
		if (e == 0)
			return false;
	}
	return i == n;
}

enum num_kind { NUM_NONE, NUM_FINITE, NUM_HUGE };

/* Reads a JSON number or a numeric string; NUM_HUGE when it is a number no double holds
 * ("1e999"), which is still a number the feed sent. */
static enum num_kind read_number(const cJSON *v, double *out)
{
	if (cJSON_IsNumber(v)) {
		if (!isfinite(v->valuedouble))
			return NUM_HUGE;
		*out = v->valuedouble;
		return NUM_FINITE;
	}
	const char *s = feed_str(v);
	if (!s)
		return NUM_NONE;
	size_t n = strlen(s);
	while (n && is_blank(*s))
		s++, n--;
	while (n && is_blank(s[n - 1]))
		n--;
	if (n == 0 || !numeric_syntax(s, n))
		return NUM_NONE;
	char buf[64];
	if (n >= sizeof buf)
		return NUM_HUGE; /* 64 significant characters: no count, no coordinate */
	memcpy(buf, s, n);
	buf[n] = '\0';
	double d = strtod(buf, NULL);
	if (!isfinite(d))
		return NUM_HUGE;
	*out = d;
	return NUM_FINITE;
}

bool feed_number(const cJSON *v, double *out)
{
	return read_number(v, out) == NUM_FINITE;
}

int feed_count(const cJSON *v)
{
	double d = 0;
	switch (read_number(v, &d)) {
	case NUM_NONE:
		return MODEL_UNKNOWN;
	case NUM_HUGE:
		return FEED_COUNT_IMPOSSIBLE;
	case NUM_FINITE:
		break;
	}
	if (d != floor(d) || d > INT_MAX || d <= (double)FEED_COUNT_IMPOSSIBLE)
		return FEED_COUNT_IMPOSSIBLE;
	return (int)d;
}

bool feed_position_ok(double lat, double lon)
{
	if (!isfinite(lat) || !isfinite(lon))
		return false;
	if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
		return false;
	return !(lat == 0 && lon == 0);
}

const char *feed_str(const cJSON *v)
{
	return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

bool feed_text(char *dst, size_t cap, const cJSON *v)
{
	const char *s = feed_str(v);
	if (!s) {
		if (cap)
			dst[0] = '\0';
		return false;
	}
	text_sanitize(dst, cap, s, strlen(s));
	return true;
}

bool feed_key_in(const char *key, size_t n, const struct feed_key *keys, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (keys[i].n == n && keys[i].s[0] == key[0] && memcmp(keys[i].s, key, n) == 0)
			return true;
	return false;
}

bool feed_text_nonempty(const char *s)
{
	if (!s)
		return false;
	/* text_sanitize keeps a printable ASCII byte that starts a string. */
	if (s[0] > 0x20 && s[0] < 0x7f)
		return true;
	char probe[64];
	text_sanitize(probe, sizeof probe, s, strlen(s));
	return probe[0] != '\0';
}

bool feed_time(const cJSON *v, int64_t *out)
{
	const char *s = feed_str(v);
	if (!s)
		return false;
	/* Feeds pad stamps with blanks now and then; isotime_parse wants them bare. */
	char buf[64];
	size_t n = strlen(s);
	while (n && is_blank(*s))
		s++, n--;
	while (n && is_blank(s[n - 1]))
		n--;
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	int64_t t;
	if (!isotime_parse(buf, &t) || t < MODEL_EARLIEST_TIME)
		return false; /* garbage or a zeroed clock: no time, never "just now" */
	*out = t;
	return true;
}

bool feed_streq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

struct model_entry *feed_push(struct model *out, enum model_kind kind, enum pk_err *rc)
{
	if (out->n >= FEED_MAX_ENTRIES) {
		*rc = PK_ERR_TOO_BIG;
		return NULL;
	}
	struct model_entry *e = model_push(out, kind);
	if (!e)
		*rc = PK_ERR_NOMEM;
	return e;
}

void feed_skip(struct feed_info *info, const char *reason)
{
	info->skipped++;
	if (!info->skip_reason[0] && reason)
		snprintf(info->skip_reason, sizeof info->skip_reason, "%s", reason);
}
