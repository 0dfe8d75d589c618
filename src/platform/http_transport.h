/* The curl transport of the fetcher: one libcurl easy + multi handle per feed, one HTTP
 * GET at a time inside hard limits (connect, per-request time, low speed, body cap),
 * without following redirects (http_policy.h decides each hop). It only moves bytes:
 * what a response means is the caller's business. Abortable at once from another thread
 * (http_transport_wakeup). */
#ifndef PARKKIOSK_HTTP_TRANSPORT_H
#define PARKKIOSK_HTTP_TRANSPORT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dynbuf.h"
#include "err.h"
#include "http_policy.h"

struct http_transport_opts {
	const char *ca_file; /* "" or NULL = the system's */
	/* TLS client certificate and its key (PEM), both or neither; "" or NULL = none. */
	const char *client_cert, *client_key;
	size_t max_body; /* decoded bytes per response */
};

struct http_transport; /* opaque: holds the curl handles */

/* Makes no curl handle and loads nothing: the first http_transport_get does, on its
 * caller's thread (libcurl is loaded with dlopen, curl_lib.h). Fails only when out of
 * memory. abort: borrowed, polled during transfers (true = give up at once). */
enum pk_err http_transport_create(struct http_transport **out, const struct http_transport_opts *o,
                                  const atomic_bool *abort, char *err, size_t errcap);
void http_transport_destroy(struct http_transport *t);
/* Thread-safe: wakes a transfer in progress so that it sees the abort flag now. */
void http_transport_wakeup(struct http_transport *t);

struct http_response {
	long status;             /* 0 when the transfer failed */
	char location[2048];     /* of a 3xx other than 304, "" = none */
	struct http_hints hints; /* from this response's headers */
	bool timed_out;          /* the transfer hit its time limit */
};

/* GETs url with the header lines given (each "Name: value", none with CR/LF), appending
 * the body to `body` (whose cap is the body limit), within timeout_ms (at most
 * HTTP_REQUEST_TIMEOUT_S). False with a one-line reason in err on a transport failure
 * (libcurl missing included); true with resp filled when a response arrived, whatever
 * its status. */
bool http_transport_get(struct http_transport *t, const char *url, const char *const *headers,
                        size_t n_headers, int64_t timeout_ms, struct dynbuf *body,
                        struct http_response *resp, char *err, size_t errcap);

#endif
