/* url.h: one grammar for feed locations (split, origin, display name, redaction). The
 * config's own location cases live in test_config. */
#include <string.h>

#include "testlib.h"
#include "url.h"

static void split(void)
{
	struct url_parts u;
	char err[100];
	CHECK(url_split("https://user:pw@Host.Example:8443/p/a?q=1#f", &u, err, sizeof err));
	CHECK(u.https);
	CHECK(u.userinfo_len == 7 && strncmp(u.userinfo, "user:pw", 7) == 0);
	CHECK(u.host_len == 12 && strncmp(u.host, "Host.Example", 12) == 0);
	CHECK_INT(u.port, 8443);
	CHECK_STR(u.rest, "/p/a?q=1#f");
	CHECK(url_split("HTTP://[::1]:8080", &u, err, sizeof err));
	CHECK(!u.https);
	CHECK(u.host_len == 5 && strncmp(u.host, "[::1]", 5) == 0);
	CHECK_INT(u.port, 8080);
	CHECK_STR(u.rest, "");
	CHECK(url_split("http://h?x", &u, NULL, 0));
	CHECK_STR(u.rest, "?x");
	CHECK(u.userinfo == NULL);
	CHECK(!url_split("ftp://h/", &u, err, sizeof err));
	CHECK(!url_split("https:h", &u, err, sizeof err));
	CHECK_STR(err, "must look like https://host/path");
	CHECK(!url_split("http://h:65536/", &u, err, sizeof err));
	CHECK_STR(err, "has a bad port");
	CHECK(!url_split("http://h:99999999999999999999/", &u, err, sizeof err));
	CHECK(!url_split("http://u@/", &u, err, sizeof err));
	CHECK_STR(err, "has no host");
	CHECK(!url_split("http://[::1]x/", &u, err, sizeof err));
	CHECK_STR(err, "has junk after the [IPv6] host");
	CHECK(!url_split("http://[]/", &u, err, sizeof err));
	CHECK(url_is_http("HtTp://x") && url_is_http("https://x") && !url_is_http("httpx://"));
	CHECK(url_is_https("HTTPS://x") && !url_is_https("http://x"));
}

static void origin(void)
{
	char o[64];
	CHECK(url_origin("HTTPS://U:P@Api.Example.org/v3?x", o, sizeof o));
	CHECK_STR(o, "https://api.example.org");
	CHECK(url_origin("https://a.example:443/x", o, sizeof o));
	CHECK_STR(o, "https://a.example");
	CHECK(url_origin("http://a.example:80", o, sizeof o));
	CHECK_STR(o, "http://a.example");
	CHECK(url_origin("http://a.example:443/", o, sizeof o));
	CHECK_STR(o, "http://a.example:443");
	CHECK(url_origin("http://127.0.0.1:8080/x", o, sizeof o));
	CHECK_STR(o, "http://127.0.0.1:8080");
	/* "a@b@c": libcurl's host is "b@c" (first '@'), so is ours: never "c". */
	CHECK(url_origin("http://a@b@c/", o, sizeof o));
	CHECK_STR(o, "http://b@c");
	CHECK(!url_origin("/var/feed.json", o, sizeof o));
	CHECK(!url_origin("https://a-very-long-host-name.example.org/", o, 10));
}

static void names(void)
{
	char n[64];
	url_display_name("https://u:pw@api.example.org:8443/x", n, sizeof n);
	CHECK_STR(n, "api.example.org");
	url_display_name("/var/lib/parkkiosk/feed.json", n, sizeof n);
	CHECK_STR(n, "feed.json");
	url_display_name("feed.json", n, sizeof n);
	CHECK_STR(n, "feed.json");
	url_display_name("dir/", n, sizeof n);
	CHECK_STR(n, "dir/");
}

static void redact(void)
{
	char r[64];
	const char *a = "u:pw@host/p?key=1";
	CHECK_INT(url_redact(a, strlen(a), r, sizeof r), strlen("host/p?\xe2\x80\xa6"));
	CHECK_STR(r, "host/p?\xe2\x80\xa6");
	const char *b = "host:8080/p";
	url_redact(b, strlen(b), r, sizeof r);
	CHECK_STR(r, "host:8080/p");
	const char *c = "host/p#frag";
	url_redact(c, strlen(c), r, sizeof r);
	CHECK_STR(r, "host/p?\xe2\x80\xa6");
	url_redact(b, strlen(b), r, 5);
	CHECK_STR(r, "host");
	CHECK_INT(url_redact(b, strlen(b), r, 0), 0);
}

int main(void)
{
	split();
	origin();
	names();
	redact();
	return TEST_END();
}
