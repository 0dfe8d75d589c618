/* The fetcher's HTTP rules (http_policy.h). */
#include "http_policy.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "isotime.h"
#include "num.h"
#include "url.h"

void http_hints_reset(struct http_hints *h)
{
	h->etag[0] = h->last_modified[0] = '\0';
	h->retry_after_s = h->max_age_s = -1;
	h->retry_at = h->date = 0;
}

static void keep_value(char *dst, size_t cap, const char *v)
{
	size_t n = strlen(v);
	dst[0] = '\0';
	if (n == 0 || n >= cap)
		return;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e)
			return;
	memcpy(dst, v, n + 1);
}

int64_t http_parse_max_age(const char *value)
{
	char v[512];
	size_t n = 0;
	for (; value[n] && n < sizeof v - 1; n++)
		v[n] = (char)tolower((unsigned char)value[n]);
	v[n] = '\0';
	for (const char *p = strstr(v, "max-age"); p; p = strstr(p + 7, "max-age")) {
		if (p != v && p[-1] != ' ' && p[-1] != ',')
			continue; /* s-maxage and the like */
		const char *q = p + 7;
		while (*q == ' ')
			q++;
		if (*q != '=')
			continue;
		q++;
		if (*q == '"')
			q++;
		const char *end = q;
		int64_t s;
		if (num_scan_i64(q, &end, 0, INT64_MAX, &s))
			return s;
		if (end != q && isdigit((unsigned char)*q))
			return INT64_MAX; /* digits, but more than fit */
	}
	return -1;
}

/* ---- HTTP-date */

static int month_of(const char *s, size_t n)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
	                                     "jul", "aug", "sep", "oct", "nov", "dec"};
	if (n != 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (strncasecmp(s, months[i], 3) == 0)
			return i + 1;
	return 0;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

static int digits_value(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

bool http_parse_date(const char *s, int64_t *out)
{
	/* Tokens split at spaces, commas and dashes; each of the three forms has exactly a
	 * weekday, a day, a month name, a year, hh:mm:ss and (but asctime) "GMT". */
	int day = -1, month = 0, year = -1, hh = -1, mm = -1, ss = -1;
	bool weekday = false, zone = false;
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, " ,-");
		if (n == 0) {
			p++;
			continue;
		}
		if (n == 8 && p[2] == ':' && p[5] == ':' && all_digits(p, 2) &&
		    all_digits(p + 3, 2) && all_digits(p + 6, 2) && hh < 0) {
			hh = digits_value(p, 2);
			mm = digits_value(p + 3, 2);
			ss = digits_value(p + 6, 2);
		} else if (month_of(p, n) && !month) {
			month = month_of(p, n);
		} else if (all_digits(p, n) && n <= 2 && day < 0) {
			day = digits_value(p, n);
		} else if (all_digits(p, n) && (n == 4 || n == 2) && year < 0) {
			year = digits_value(p, n);
			if (n == 2) /* RFC 850: a two-digit year is within the last 50 years */
				year += year < 70 ? 2000 : 1900;
		} else if (n == 3 && strncmp(p, "GMT", 3) == 0 && !zone) {
			zone = true;
		} else if (isalpha((unsigned char)p[0]) && n >= 3 && !weekday) {
			weekday = true; /* not checked against the date: the date decides */
		} else {
			return false;
		}
		p += n;
	}
	if (day < 1 || !month || year < 1970 || year > 9999 || hh < 0 || hh > 23 || mm > 59 ||
	    ss > 60)
		return false;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	if (day > mdays[month - 1] || (month == 2 && day == 29 && !leap))
		return false;
	*out = isotime_days_from_civil(year, month, day) * 86400 + hh * 3600 + mm * 60 + ss;
	return true;
}

void http_hints_header(struct http_hints *h, const char *p, size_t n)
{
	if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		http_hints_reset(h);
		return;
	}
	char line[512];
	size_t l = n < sizeof line - 1 ? n : sizeof line - 1;
	memcpy(line, p, l);
	line[l] = '\0';
	/* Only the line's own end goes: a CR or LF inside stays and spoils the value. */
	while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r'))
		line[--l] = '\0';
	char *colon = strchr(line, ':');
	if (!colon)
		return;
	*colon = '\0';
	char *v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	size_t vl = strlen(v);
	while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
		v[--vl] = '\0';
	if (strcasecmp(line, "ETag") == 0) {
		keep_value(h->etag, sizeof h->etag, v);
	} else if (strcasecmp(line, "Last-Modified") == 0) {
		keep_value(h->last_modified, sizeof h->last_modified, v);
	} else if (strcasecmp(line, "Cache-Control") == 0) {
		h->max_age_s = http_parse_max_age(v);
	} else if (strcasecmp(line, "Date") == 0) {
		int64_t t;
		h->date = http_parse_date(v, &t) ? t : 0;
	} else if (strcasecmp(line, "Retry-After") == 0) {
		uint64_t s;
		int64_t t;
		if (num_parse_u64_sat(v, 999999999, &s))
			h->retry_after_s = (int64_t)s;
		else
			h->retry_at = http_parse_date(v, &t) ? t : 0;
	}
}

int64_t http_hints_wait_s(const struct http_hints *h, int64_t now)
{
	int64_t ra = h->retry_after_s;
	if (ra < 0 && h->retry_at > 0)
		ra = h->retry_at - (h->date ? h->date : now);
	int64_t w = ra > h->max_age_s ? ra : h->max_age_s;
	if (w <= 0)
		return 0;
	return w < HTTP_HONOUR_CAP_S ? w : HTTP_HONOUR_CAP_S;
}

/* ---- redirects and pages */

static bool same_origin(const char *a, const char *b)
{
	char oa[512], ob[512];
	return url_origin(a, oa, sizeof oa) && url_origin(b, ob, sizeof ob) && strcmp(oa, ob) == 0;
}

enum http_redirect http_redirect_check(const char *feed_url, const char *from, const char *to,
                                       bool feed_has_headers, int hop)
{
	if (hop >= HTTP_MAX_REDIRECTS)
		return HTTP_REDIRECT_TOO_MANY;
	struct url_parts u;
	if (!url_split(to, &u, NULL, 0))
		return HTTP_REDIRECT_NOT_HTTP;
	if (url_is_https(from) && !u.https)
		return HTTP_REDIRECT_DOWNGRADE;
	if (feed_has_headers && !same_origin(feed_url, to))
		return HTTP_REDIRECT_OTHER_ORIGIN;
	return HTTP_REDIRECT_FOLLOW;
}

void http_redirect_describe(enum http_redirect r, const char *to, char *out, size_t cap)
{
	switch (r) {
	case HTTP_REDIRECT_FOLLOW:
		snprintf(out, cap, "redirect to %.100s", to);
		break;
	case HTTP_REDIRECT_TOO_MANY:
		snprintf(out, cap, "more than %d redirects", HTTP_MAX_REDIRECTS);
		break;
	case HTTP_REDIRECT_NOT_HTTP:
		snprintf(out, cap, "redirect to %.100s refused", to);
		break;
	case HTTP_REDIRECT_DOWNGRADE:
		snprintf(out, cap, "redirect from https to %.80s refused (no downgrade)", to);
		break;
	case HTTP_REDIRECT_OTHER_ORIGIN:
		snprintf(out, cap,
		         "redirect to another origin refused (the feed's headers would go "
		         "along): %.60s",
		         to);
		break;
	}
}

bool http_next_page_url(const char *cur, const char *next, char *out, size_t cap)
{
	struct url_parts u;
	if (!url_split(cur, &u, NULL, 0))
		return false;
	if (url_is_http(next)) {
		/* An absolute next link is followed only within the same origin. */
		if (!same_origin(cur, next))
			return false;
		return (size_t)snprintf(out, cap, "%s", next) < cap;
	}
	if (next[0] != '/' || next[1] == '/' || strpbrk(next, " \r\n\t"))
		return false;
	size_t base = (size_t)(u.rest - cur); /* "scheme://authority" as written */
	return (size_t)snprintf(out, cap, "%.*s%s", (int)base, cur, next) < cap;
}

/* ---- when */

int64_t http_request_budget_ms(int64_t fetch_started_ms, int64_t now_ms, int64_t deadline_s)
{
	int64_t left = fetch_started_ms + deadline_s * 1000 - now_ms;
	if (left <= 0)
		return 0;
	int64_t per = (int64_t)HTTP_REQUEST_TIMEOUT_S * 1000;
	return left < per ? left : per;
}

int64_t http_backoff_s(const struct http_poll *p, int failures, uint64_t rnd)
{
	int64_t d = p->interval_s > 0 ? p->interval_s : 1;
	int64_t cap = p->backoff_max_s > d ? p->backoff_max_s : d;
	for (int i = 1; i < failures && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	return d / 2 + (int64_t)(rnd % (uint64_t)(d - d / 2 + 1));
}

int64_t http_data_age_s(int64_t now, int64_t last_success, int64_t data_time, int stale_after_s)
{
	if (last_success <= 0)
		return -1;
	int64_t a = now - last_success;
	if (a < 0)
		a = 0;
	if (data_time > 0 && now - data_time <= stale_after_s && now - data_time > a)
		a = now - data_time;
	return a;
}

int64_t http_next_poll_s(const struct http_poll *p, bool failed, int failures,
                         int64_t server_wait_s, int64_t age_s, uint64_t rnd)
{
	int64_t d = failed ? http_backoff_s(p, failures, rnd) : p->interval_s;
	int64_t wait = server_wait_s;
	if (age_s >= 0 && p->stale_after_s > 0) {
		/* The latest start at which the fetch still ends before the data goes stale. */
		int64_t latest = (int64_t)p->stale_after_s - p->deadline_s - age_s;
		if (wait > latest)
			wait = latest;
	}
	if (wait > d)
		d = wait;
	return d < 1 ? 1 : d;
}
