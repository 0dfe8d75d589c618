/* Feed locations: http(s) URLs split once, by one grammar, for every module that looks
 * inside one (config checks, the fetcher's origin and redirect rules, display names,
 * redacted error texts). A location without a scheme is a local path. Pure. */
#ifndef PARKKIOSK_URL_H
#define PARKKIOSK_URL_H

#include <stdbool.h>
#include <stddef.h>

/* An http(s) URL in pieces; the pointers borrow from the string that was split. */
struct url_parts {
	bool https;
	const char *userinfo; /* before '@', NULL when none */
	size_t userinfo_len;
	const char *host; /* a name, an IPv4 address or an [IPv6] literal with its brackets */
	size_t host_len;
	int port;         /* 1..65535, 0 when the URL names none */
	const char *rest; /* path, query and fragment: "" or starts with '/', '?' or '#' */
};

/* Starts with "http://" or "https://" (any case). */
bool url_is_http(const char *s);
bool url_is_https(const char *s);

/* Splits an http(s) URL: "scheme://[userinfo@]host[:port][/path][?query][#fragment]".
 * False, with a reason ("has no host", "has a bad port", ...) in err when err is not
 * NULL, if it is not one. */
bool url_split(const char *url, struct url_parts *out, char *err, size_t errcap);

/* What a feed location may be (config): a local path, or an http(s) URL that splits,
 * valid UTF-8 without spaces or control characters. Any other scheme is refused. */
bool url_check_location(const char *loc, char *err, size_t errcap);

/* "scheme://host[:port]" of an http(s) URL, lower-cased, without userinfo and without
 * the scheme's default port. False if it is not one or does not fit. */
bool url_origin(const char *url, char *out, size_t cap);

/* The name a person sees for a location: the host of a URL (no userinfo, no port), the
 * file name of a path. Sanitised (text.h). */
void url_display_name(const char *loc, char *out, size_t cap);

/* For error texts: the URL whose text after "scheme://" is the `n` bytes at `after`,
 * written as "host[:port]/path" without userinfo, query or fragment; "?…" marks that
 * something was cut. Returns the bytes written (out is always terminated). */
size_t url_redact(const char *after, size_t n, char *out, size_t cap);

#endif
