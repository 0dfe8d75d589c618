/* The fetcher's HTTP rules, pure: which redirect to follow, which page comes next, what
 * a response's headers ask of the next poll, and when that poll is. No curl here: the
 * transport (src/platform/fetch.c) moves the bytes and asks these functions, so every
 * rule is unit-tested (tests/unit/test_http_policy.c) without a server. */
#ifndef PARKKIOSK_HTTP_POLICY_H
#define PARKKIOSK_HTTP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The limits (README "Live feeds"). */
#define HTTP_CONNECT_TIMEOUT_S 5
#define HTTP_REQUEST_TIMEOUT_S 30 /* one request */
#define HTTP_LOW_SPEED_BPS 100
#define HTTP_LOW_SPEED_TIME_S 10
#define HTTP_MAX_REDIRECTS 3
#define HTTP_MAX_PAGES 50
/* Retry-After and max-age are honoured as a lower bound on the next poll up to this, so
 * a wrong header cannot silence a kiosk for days (and never past the stale limit, see
 * http_next_poll_s). */
#define HTTP_HONOUR_CAP_S 3600

#define HTTP_ETAG_CAP 256
#define HTTP_DATE_CAP 64

/* What is kept from the headers of the latest response. */
struct http_hints {
	char etag[HTTP_ETAG_CAP];          /* "" = none */
	char last_modified[HTTP_DATE_CAP]; /* "" = none */
	int64_t retry_after_s;             /* delta-seconds form, -1 = none */
	int64_t retry_at;                  /* HTTP-date form, 0 = none */
	int64_t max_age_s;                 /* Cache-Control max-age, -1 = none */
	int64_t date;                      /* Date, 0 = none */
};

void http_hints_reset(struct http_hints *h);

/* Feeds one header line as received ("Name: value\r\n", n bytes, not terminated). A
 * status line ("HTTP/...") starts a new response (a redirect hop, 100 Continue) and
 * resets the hints. Validators are kept only when printable ASCII that fits: they are
 * sent back byte for byte, so a mangled one is dropped rather than altered. */
void http_hints_header(struct http_hints *h, const char *line, size_t n);

/* max-age of a Cache-Control value (case-insensitive; s-maxage does not count), -1 if
 * none. A huge value gives INT64_MAX rather than overflowing. */
int64_t http_parse_max_age(const char *cache_control);

/* An HTTP-date (RFC 9110 5.6.7: IMF-fixdate, RFC 850, asctime), to Unix seconds. */
bool http_parse_date(const char *s, int64_t *out);

/* The seconds the server asked for before the next request (the larger of Retry-After
 * and max-age, capped at HTTP_HONOUR_CAP_S), 0 = none. A Retry-After date counts from
 * the response's Date, else from `now`. */
int64_t http_hints_wait_s(const struct http_hints *h, int64_t now);

/* Redirects are followed hop by hop, each one checked. */
enum http_redirect {
	HTTP_REDIRECT_FOLLOW,
	HTTP_REDIRECT_TOO_MANY,     /* more than HTTP_MAX_REDIRECTS */
	HTTP_REDIRECT_NOT_HTTP,     /* to another scheme */
	HTTP_REDIRECT_DOWNGRADE,    /* from https to http */
	HTTP_REDIRECT_OTHER_ORIGIN, /* away from the feed's origin while it carries headers */
};

/* May the transfer at `from` (the hop-th redirect of the feed URL `feed_url`, counting
 * from 0) follow its Location `to`? A feed with its own headers (which may hold
 * credentials) never leaves its origin. */
enum http_redirect http_redirect_check(const char *feed_url, const char *from, const char *to,
                                       bool feed_has_headers, int hop);
/* The error text of a refusal (quotes the target, shortened). */
void http_redirect_describe(enum http_redirect r, const char *to, char *out, size_t cap);

/* ParkAPI v3 paging: the URL of the page after `cur` from the feed's next link, either
 * a path (taken relative to the authority of `cur`, userinfo included) or an absolute
 * URL of the same origin. False when it is neither, or does not fit. */
bool http_next_page_url(const char *cur, const char *next, char *out, size_t cap);

/* One fetch (all pages, redirects included) must end by a total deadline: the time a
 * request may take is the per-request limit or what is left of the fetch, the smaller;
 * 0 when nothing is left (do not start it). */
int64_t http_request_budget_ms(int64_t fetch_started_ms, int64_t now_ms, int64_t deadline_s);

/* When the next poll of a feed comes. */
struct http_poll {
	int interval_s;    /* after a success */
	int backoff_max_s; /* cap of the backoff after failures */
	int stale_after_s; /* data older than this is not shown as live */
	int deadline_s;    /* one fetch's total budget (http_request_budget_ms) */
};

/* Exponential backoff after `failures` (>= 1) consecutive failures: interval * 2^(k-1)
 * capped at max(backoff_max, interval), then "equal jitter" drawn from rnd: somewhere
 * in [d/2, d], so a fleet that failed together does not retry together. */
int64_t http_backoff_s(const struct http_poll *p, int failures, uint64_t rnd);

/* The age that the next poll must keep live (for http_next_poll_s), -1 = nothing to
 * keep: the data's own age (now - data_time) while that is within stale_after_s, else
 * only the time since the server last confirmed it (now - last_success). Data already
 * stale by its own clock does not get fresher by polling faster than the server asks. */
int64_t http_data_age_s(int64_t now, int64_t last_success, int64_t data_time, int stale_after_s);

/* Seconds until the next attempt: the interval after a success, the backoff after a
 * failure; the server's wait (http_hints_wait_s) as a lower bound, but never so long
 * that the next fetch could not end before the data held goes stale: with the data's
 * age `age_s` (-1 = no data held), the next fetch starts at the latest stale_after_s -
 * deadline_s - age_s from now (and never earlier than the interval or backoff would).
 * At least 1. */
int64_t http_next_poll_s(const struct http_poll *p, bool failed, int failures,
                         int64_t server_wait_s, int64_t age_s, uint64_t rnd);

#endif
