/* URLs (url.h): one grammar for the authority part, written once. */
#include "url.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "text.h"

/* The message into err (err.h), and false: the URL checks answer yes or no. */
#define fail(err, errcap, ...) (pk_fail(err, errcap, PK_ERR_CONFIG, __VA_ARGS__), false)

bool url_is_http(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || url_is_https(s);
}

bool url_is_https(const char *s)
{
	return strncasecmp(s, "https://", 8) == 0;
}

/* The authority "[userinfo@]host[:port]" of n bytes at p. */
static bool split_authority(const char *p, size_t n, struct url_parts *out, char *err,
                            size_t errcap)
{
	/* The first '@', as libcurl reads it: a second one is then part of the host, which
	 * libcurl refuses, so both see the same host or none. */
	const char *at = memchr(p, '@', n);
	out->userinfo = at ? p : NULL;
	out->userinfo_len = at ? (size_t)(at - p) : 0;
	const char *host = at ? at + 1 : p;
	size_t hl = (size_t)(p + n - host);
	size_t name_len = hl;
	const char *port = NULL;
	if (hl && host[0] == '[') {
		const char *close = memchr(host, ']', hl);
		if (!close)
			return fail(err, errcap, "has an unclosed [IPv6] host");
		name_len = (size_t)(close - host) + 1;
		if (name_len < hl) {
			if (host[name_len] != ':')
				return fail(err, errcap, "has junk after the [IPv6] host");
			port = host + name_len + 1;
		}
	} else {
		const char *colon = memchr(host, ':', hl);
		if (colon) {
			name_len = (size_t)(colon - host);
			port = colon + 1;
		}
	}
	if (name_len == 0 || (host[0] == '[' && name_len <= 2))
		return fail(err, errcap, "has no host");
	out->host = host;
	out->host_len = name_len;
	out->port = 0;
	if (port) {
		size_t pl = (size_t)(host + hl - port);
		int v = 0;
		for (size_t i = 0; i < pl; i++) {
			if (!isdigit((unsigned char)port[i]) || v > 65535)
				return fail(err, errcap, "has a bad port");
			v = v * 10 + (port[i] - '0');
		}
		if (pl == 0 || v < 1 || v > 65535)
			return fail(err, errcap, "has a bad port");
		out->port = v;
	}
	return true;
}

bool url_split(const char *url, struct url_parts *out, char *err, size_t errcap)
{
	memset(out, 0, sizeof *out);
	size_t s = strcspn(url, ":");
	if (url[s] != ':' || !((s == 4 && strncasecmp(url, "http", 4) == 0) ||
	                       (s == 5 && strncasecmp(url, "https", 5) == 0)))
		return fail(err, errcap, "is not an http or https URL");
	out->https = s == 5;
	const char *p = url + s + 1;
	if (strncmp(p, "//", 2) != 0)
		return fail(err, errcap, "must look like %s://host/path",
		            out->https ? "https" : "http");
	p += 2;
	size_t auth = strcspn(p, "/?#");
	if (!split_authority(p, auth, out, err, errcap))
		return false;
	out->rest = p + auth;
	return true;
}

static bool is_scheme_char(char ch, bool first)
{
	if (isalpha((unsigned char)ch))
		return true;
	return !first && (isdigit((unsigned char)ch) || ch == '+' || ch == '-' || ch == '.');
}

bool url_check_location(const char *loc, char *err, size_t errcap)
{
	if (!loc || !loc[0])
		return fail(err, errcap, "is empty");
	size_t n = strlen(loc);
	if (!text_utf8_valid(loc, n))
		return fail(err, errcap, "is not valid UTF-8");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)loc[i] <= 0x20 || loc[i] == 0x7f)
			return fail(err, errcap, "contains a space or control character");
	/* scheme ":" — anything that has one must be http or https. */
	size_t s = 0;
	while (s < n && is_scheme_char(loc[s], s == 0))
		s++;
	if (s == 0 || s >= n || loc[s] != ':')
		return true; /* a local path, absolute or relative */
	char shown[32];
	text_sanitize(shown, sizeof shown, loc, s);
	bool http = (s == 4 && strncasecmp(loc, "http", 4) == 0) ||
	            (s == 5 && strncasecmp(loc, "https", 5) == 0);
	if (!http) {
		for (char *c = shown; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		return fail(err, errcap, "scheme \"%s\" not allowed (only http and https)", shown);
	}
	struct url_parts u;
	return url_split(loc, &u, err, errcap);
}

bool url_origin(const char *url, char *out, size_t cap)
{
	struct url_parts u;
	if (!url_split(url, &u, NULL, 0))
		return false;
	const char *scheme = u.https ? "https" : "http";
	int port = u.port == (u.https ? 443 : 80) ? 0 : u.port;
	char portbuf[8] = "";
	if (port)
		snprintf(portbuf, sizeof portbuf, ":%d", port);
	int n = snprintf(out, cap, "%s://%.*s%s", scheme, (int)u.host_len, u.host, portbuf);
	if (n < 0 || (size_t)n >= cap)
		return false;
	for (char *c = out; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return true;
}

void url_display_name(const char *loc, char *out, size_t cap)
{
	struct url_parts u;
	if (url_split(loc, &u, NULL, 0)) {
		text_sanitize(out, cap, u.host, u.host_len);
		return;
	}
	const char *slash = strrchr(loc, '/');
	const char *base = slash && slash[1] ? slash + 1 : loc;
	text_sanitize(out, cap, base, strlen(base));
}

size_t url_redact(const char *after, size_t n, char *out, size_t cap)
{
	if (cap == 0)
		return 0;
	size_t auth = 0;
	while (auth < n && !strchr("/?#", after[auth]))
		auth++;
	const char *at = memchr(after, '@', auth);
	const char *host = at ? at + 1 : after;
	size_t keep = (size_t)(after + n - host);
	for (size_t i = 0; i < keep; i++) {
		if (host[i] == '?' || host[i] == '#') {
			keep = i;
			break;
		}
	}
	size_t o = keep < cap - 1 ? keep : cap - 1;
	memcpy(out, host, o);
	if (host + keep < after + n) {
		const char *mark = "?\xe2\x80\xa6"; /* "?…" */
		if (o + strlen(mark) < cap) {
			memcpy(out + o, mark, strlen(mark));
			o += strlen(mark);
		}
	}
	out[o] = '\0';
	return o;
}
