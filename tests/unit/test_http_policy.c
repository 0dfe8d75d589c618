/* http_policy.h: the fetcher's rules without a server — headers, HTTP dates, redirects
 * hop by hop, paging, the fetch budget, backoff with injected randomness and the next
 * poll (which a server's max-age / Retry-After never pushes past the stale limit). */
#include <stdint.h>
#include <string.h>

#include "http_policy.h"
#include "testlib.h"

static void feed(struct http_hints *h, const char *line)
{
	http_hints_header(h, line, strlen(line));
}

static void headers(void)
{
	struct http_hints h;
	http_hints_reset(&h);
	CHECK_INT(h.retry_after_s, -1);
	CHECK_INT(h.max_age_s, -1);
	feed(&h, "ETag: \"abc-1\"\r\n");
	feed(&h, "last-modified:   Mon, 10 Jun 2024 08:20:00 GMT  \r\n");
	feed(&h, "Cache-Control: public, max-age=120\r\n");
	feed(&h, "Date: Sat, 01 Mar 2025 10:00:00 GMT\r\n");
	feed(&h, "Retry-After: 30\r\n");
	CHECK_STR(h.etag, "\"abc-1\"");
	CHECK_STR(h.last_modified, "Mon, 10 Jun 2024 08:20:00 GMT");
	CHECK_INT(h.max_age_s, 120);
	CHECK_INT(h.date, 1740823200);
	CHECK_INT(h.retry_after_s, 30);
	/* A new status line (a redirect hop) starts over. */
	feed(&h, "HTTP/1.1 200 OK\r\n");
	CHECK_STR(h.etag, "");
	CHECK_INT(h.max_age_s, -1);
	CHECK_INT(h.date, 0);
	/* Validators go back out as headers: control characters or non-ASCII drop them. */
	const char evil[] = "ETag: \"a\"\rX-Evil: 1\r\n";
	http_hints_header(&h, evil, sizeof evil - 1);
	CHECK_STR(h.etag, "");
	feed(&h, "ETag: \"a\x01\"\r\n");
	CHECK_STR(h.etag, "");
	feed(&h, "ETag: \"\xc3\xa4\"\r\n");
	CHECK_STR(h.etag, "");
	char longv[400] = "ETag: \"";
	memset(longv + 7, 'x', 300);
	feed(&h, longv);
	CHECK_STR(h.etag, "");
	/* Retry-After: huge numbers saturate, dates are kept apart, junk is nothing. */
	feed(&h, "Retry-After: 99999999999999999999999\r\n");
	CHECK_INT(h.retry_after_s, 999999999);
	http_hints_reset(&h);
	feed(&h, "Retry-After: Sat, 01 Mar 2025 10:00:40 GMT\r\n");
	CHECK_INT(h.retry_after_s, -1);
	CHECK_INT(h.retry_at, 1740823240);
	http_hints_reset(&h);
	feed(&h, "Retry-After: -5\r\n");
	CHECK_INT(h.retry_after_s, -1);
	CHECK_INT(h.retry_at, 0);
	feed(&h, "no colon here\r\n");
	feed(&h, "Date: not a date\r\n");
	CHECK_INT(h.date, 0);
}

static void max_age(void)
{
	CHECK_INT(http_parse_max_age("max-age=60"), 60);
	CHECK_INT(http_parse_max_age("no-cache, MAX-AGE = 7"), -1); /* no space around "=" */
	CHECK_INT(http_parse_max_age("private,max-age=\"9\""), 9);
	CHECK_INT(http_parse_max_age("s-maxage=100"), -1);
	CHECK_INT(http_parse_max_age("s-max-age=100"), -1);
	CHECK_INT(http_parse_max_age("s-maxage=100, max-age=5"), 5);
	CHECK_INT(http_parse_max_age("max-age=-1"), -1);
	CHECK_INT(http_parse_max_age("max-age=x"), -1);
	CHECK(http_parse_max_age("max-age=999999999999999999999999") == INT64_MAX);
	CHECK_INT(http_parse_max_age(""), -1);
}

static void dates(void)
{
	int64_t t = 0;
	CHECK(http_parse_date("Sun, 06 Nov 1994 08:49:37 GMT", &t));
	CHECK_INT(t, 784111777);
	CHECK(http_parse_date("Sunday, 06-Nov-94 08:49:37 GMT", &t));
	CHECK_INT(t, 784111777);
	CHECK(http_parse_date("Sun Nov  6 08:49:37 1994", &t));
	CHECK_INT(t, 784111777);
	CHECK(http_parse_date("Thu, 29 Feb 2024 00:00:00 GMT", &t));
	CHECK(!http_parse_date("Thu, 29 Feb 2023 00:00:00 GMT", &t));
	CHECK(!http_parse_date("Sun, 31 Nov 1994 08:49:37 GMT", &t));
	CHECK(!http_parse_date("Sun, 06 Nov 1994 25:49:37 GMT", &t));
	CHECK(!http_parse_date("Sun, 06 Nov 1994 GMT", &t));
	CHECK(!http_parse_date("Sun, 06 Foo 1994 08:49:37 GMT", &t));
	CHECK(!http_parse_date("Sun, 06 Nov 1994 08:49:37 GMT junk", &t));
	CHECK(!http_parse_date("", &t));
	CHECK(!http_parse_date("120", &t));
}

static void wait_hint(void)
{
	struct http_hints h;
	http_hints_reset(&h);
	CHECK_INT(http_hints_wait_s(&h, 1000), 0);
	h.max_age_s = 60;
	CHECK_INT(http_hints_wait_s(&h, 1000), 60);
	h.retry_after_s = 90;
	CHECK_INT(http_hints_wait_s(&h, 1000), 90);
	h.retry_after_s = 999999999;
	CHECK_INT(http_hints_wait_s(&h, 1000), HTTP_HONOUR_CAP_S);
	/* A Retry-After date counts from the server's Date, else from now. */
	http_hints_reset(&h);
	h.retry_at = 5000;
	h.date = 4990;
	CHECK_INT(http_hints_wait_s(&h, 1000), 10);
	h.date = 0;
	CHECK_INT(http_hints_wait_s(&h, 4000), 1000);
	CHECK_INT(http_hints_wait_s(&h, 6000), 0); /* in the past */
}

static void redirects(void)
{
	const char *feed_url = "https://api.example.org/v3/sites";
	CHECK_INT(http_redirect_check(feed_url, feed_url, "https://cdn.example.net/x", false, 0),
	          HTTP_REDIRECT_FOLLOW);
	CHECK_INT(http_redirect_check(feed_url, feed_url, "http://api.example.org/v3", false, 0),
	          HTTP_REDIRECT_DOWNGRADE);
	CHECK_INT(http_redirect_check(feed_url, feed_url, "ftp://api.example.org/", false, 0),
	          HTTP_REDIRECT_NOT_HTTP);
	CHECK_INT(http_redirect_check(feed_url, feed_url, "file:///etc/passwd", false, 0),
	          HTTP_REDIRECT_NOT_HTTP);
	/* With the feed's own headers (credentials), never another origin... */
	CHECK_INT(http_redirect_check(feed_url, feed_url, "https://cdn.example.net/x", true, 0),
	          HTTP_REDIRECT_OTHER_ORIGIN);
	CHECK_INT(http_redirect_check(feed_url, feed_url, "https://api.example.org:8443/", true, 0),
	          HTTP_REDIRECT_OTHER_ORIGIN);
	/* ...but the same origin, spelled otherwise, is fine. */
	CHECK_INT(
	    http_redirect_check(feed_url, feed_url, "HTTPS://API.example.org:443/v4", true, 0),
	    HTTP_REDIRECT_FOLLOW);
	/* The origin is the feed's, not the previous hop's. */
	CHECK_INT(http_redirect_check(feed_url, "https://api.example.org/a",
	                              "https://api.example.org/b", true, 2),
	          HTTP_REDIRECT_FOLLOW);
	CHECK_INT(http_redirect_check(feed_url, feed_url, feed_url, false, HTTP_MAX_REDIRECTS),
	          HTTP_REDIRECT_TOO_MANY);
	/* http -> https is an upgrade, allowed without headers. */
	CHECK_INT(http_redirect_check("http://a.example/", "http://a.example/",
	                              "https://a.example/", false, 0),
	          HTTP_REDIRECT_FOLLOW);
	char msg[200];
	http_redirect_describe(HTTP_REDIRECT_DOWNGRADE, "http://x/", msg, sizeof msg);
	CHECK_STR(msg, "redirect from https to http://x/ refused (no downgrade)");
	http_redirect_describe(HTTP_REDIRECT_TOO_MANY, "", msg, sizeof msg);
	CHECK_STR(msg, "more than 3 redirects");
	http_redirect_describe(HTTP_REDIRECT_OTHER_ORIGIN, "https://e/", msg, sizeof msg);
	CHECK(strstr(msg, "another origin refused") != NULL);
}

static void pages(void)
{
	char out[256];
	const char *cur = "https://u:pw@api.example.org:8443/v3/sites?page=1";
	CHECK(http_next_page_url(cur, "/v3/sites?page=2", out, sizeof out));
	CHECK_STR(out, "https://u:pw@api.example.org:8443/v3/sites?page=2");
	CHECK(http_next_page_url(cur, "https://api.example.org:8443/v3/sites?page=3", out,
	                         sizeof out));
	CHECK_STR(out, "https://api.example.org:8443/v3/sites?page=3");
	CHECK(!http_next_page_url(cur, "https://evil.example/v3?page=2", out, sizeof out));
	CHECK(!http_next_page_url(cur, "http://api.example.org:8443/v3", out, sizeof out));
	CHECK(!http_next_page_url(cur, "//evil.example/x", out, sizeof out));
	CHECK(!http_next_page_url(cur, "v3/relative", out, sizeof out));
	CHECK(!http_next_page_url(cur, "/a b", out, sizeof out));
	CHECK(!http_next_page_url(cur, "/a\r\nHost: x", out, sizeof out));
	CHECK(!http_next_page_url("/local/file.json", "/x", out, sizeof out));
	CHECK(!http_next_page_url(cur, "/v3/sites?page=2", out, 20)); /* does not fit */
}

static void budget(void)
{
	/* One fetch of deadline 60 s started at t = 1000 ms. */
	CHECK_INT(http_request_budget_ms(1000, 1000, 60), HTTP_REQUEST_TIMEOUT_S * 1000);
	CHECK_INT(http_request_budget_ms(1000, 41000, 60), 20000);
	CHECK_INT(http_request_budget_ms(1000, 61000, 60), 0);
	CHECK_INT(http_request_budget_ms(1000, 99000, 60), 0);
	/* 50 pages each just under the request limit: the budget stops it, not the pages. */
	int64_t now = 0, started = 0;
	int pages = 0;
	for (; pages < HTTP_MAX_PAGES; pages++) {
		int64_t b = http_request_budget_ms(started, now, 90);
		if (b <= 0)
			break;
		now += b < 29000 ? b : 29000;
	}
	CHECK(now <= 90000);
	CHECK_INT(pages, 4);
}

static void backoff(void)
{
	struct http_poll p = {
	    .interval_s = 10, .backoff_max_s = 100, .stale_after_s = 900, .deadline_s = 60};
	/* rnd = 0 gives the low end d/2, rnd = d - d/2 the high end d. */
	CHECK_INT(http_backoff_s(&p, 1, 0), 5);
	CHECK_INT(http_backoff_s(&p, 1, 5), 10);
	CHECK_INT(http_backoff_s(&p, 2, 10), 20);
	CHECK_INT(http_backoff_s(&p, 3, 20), 40);
	CHECK_INT(http_backoff_s(&p, 4, 40), 80);
	CHECK_INT(http_backoff_s(&p, 5, 50), 100); /* capped */
	CHECK_INT(http_backoff_s(&p, 60, 50), 100);
	CHECK_INT(http_backoff_s(&p, 60, 0), 50);
	for (uint64_t r = 0; r < 200; r++) {
		int64_t d = http_backoff_s(&p, 3, r);
		CHECK(d >= 20 && d <= 40);
	}
	/* A backoff cap below the interval means the interval. */
	struct http_poll q = {
	    .interval_s = 60, .backoff_max_s = 5, .stale_after_s = 900, .deadline_s = 60};
	CHECK_INT(http_backoff_s(&q, 9, 30), 60);
}

static void next_poll(void)
{
	struct http_poll p = {
	    .interval_s = 60, .backoff_max_s = 600, .stale_after_s = 900, .deadline_s = 120};
	CHECK_INT(http_next_poll_s(&p, false, 0, 0, 0, 0), 60);
	CHECK_INT(http_next_poll_s(&p, false, 0, 300, 0, 0), 300); /* max-age honoured */
	/* Issue 14: max-age=3600 on a healthy server must not leave the kiosk on "no current
	 * data": the next fetch starts in time to end before the data goes stale. */
	CHECK_INT(http_next_poll_s(&p, false, 0, 3600, 0, 0), 900 - 120);
	CHECK_INT(http_next_poll_s(&p, false, 0, 3600, 500, 0), 900 - 120 - 500);
	/* Data close to stale: the hint counts for nothing, the interval still holds. */
	CHECK_INT(http_next_poll_s(&p, false, 0, 3600, 850, 0), 60);
	/* A Retry-After on failure: the same cap on top of the backoff. */
	CHECK_INT(http_next_poll_s(&p, true, 1, 3600, 100, 0), 900 - 120 - 100);
	CHECK_INT(http_next_poll_s(&p, true, 1, 10, 100, 0), 30);
	/* Without data there is nothing to keep live: the hint (already capped) holds. */
	CHECK_INT(http_next_poll_s(&p, true, 1, 3600, -1, 0), 3600);
	CHECK_INT(http_next_poll_s(&p, false, 0, 0, -1, 0), 60);
	struct http_poll tiny = {
	    .interval_s = 0, .backoff_max_s = 0, .stale_after_s = 60, .deadline_s = 120};
	CHECK_INT(http_next_poll_s(&tiny, false, 0, 0, 0, 0), 1); /* at least 1 s */

	/* The age to keep live. */
	CHECK_INT(http_data_age_s(1000, 0, 0, 900), -1);
	CHECK_INT(http_data_age_s(1000, 1000, 1000, 900), 0);
	CHECK_INT(http_data_age_s(1000, 1000, 700, 900), 300); /* the data's own age */
	CHECK_INT(http_data_age_s(1000, 990, 10, 900), 10);    /* already stale: since success */
	CHECK_INT(http_data_age_s(1000, 1100, 0, 900), 0);     /* clock went back */
}

int main(void)
{
	headers();
	max_age();
	dates();
	wait_hint();
	redirects();
	pages();
	budget();
	backoff();
	next_poll();
	return TEST_END();
}
