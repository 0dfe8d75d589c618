/* The curl transport (http_transport.h): one easy handle on its own multi handle, so a
 * transfer waits in curl_multi_poll and curl_multi_wakeup ends the wait at once. libcurl
 * is reached through curl_lib.h (dlopen), and the handles are made by the first
 * transfer, on the worker's thread: a kiosk's first frame does not wait for libcurl and
 * its TLS stack to load. Without libcurl every transfer fails with that reason. */
#include "http_transport.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curl_lib.h"
#include "version.h"

#ifndef PARKKIOSK_HOMEPAGE
#define PARKKIOSK_HOMEPAGE "" /* set at build time (-DPARKKIOSK_HOMEPAGE=...) by a city */
#endif

struct http_transport {
	const struct curl_lib *c; /* borrowed, process-wide; NULL until the first transfer */
	CURL *easy;               /* owned */
	CURLM *multi;             /* owned; written under mu (http_transport_wakeup reads it) */
	pthread_mutex_t mu;
	bool global;              /* holds one reference on libcurl's global state */
	const atomic_bool *abort; /* borrowed */
	size_t max_body;
	char *ca_file, *client_cert, *client_key; /* owned copies; NULL = none */
	char errbuf[CURL_ERROR_SIZE];
	/* The transfer in progress. */
	struct dynbuf *body;      /* borrowed */
	enum pk_err body_err;     /* why on_body stopped: PK_ERR_TOO_BIG / PK_ERR_NOMEM */
	struct http_hints *hints; /* borrowed */
};

/* curl_global_init and _cleanup count their calls but are thread-safe only in some
 * builds: every transport's call goes through this lock. */
static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct http_transport *t = ud;
	size_t n = size * nmemb;
	enum pk_err rc = dynbuf_add(t->body, p, n);
	if (rc != PK_OK) {
		t->body_err = rc;
		return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
	}
	return n;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct http_transport *t = ud;
	size_t n = size * nmemb;
	http_hints_header(t->hints, p, n);
	return n;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	const struct http_transport *t = ud;
	return atomic_load(t->abort) ? 1 : 0;
}

/* A copy of an optional string option ("" = none); false when out of memory. */
static bool copy_opt(char **dst, const char *src)
{
	*dst = NULL;
	if (!src || !src[0])
		return true;
	*dst = strdup(src);
	return *dst != NULL;
}

enum pk_err http_transport_create(struct http_transport **out, const struct http_transport_opts *o,
                                  const atomic_bool *abort, char *err, size_t errcap)
{
	*out = NULL;
	struct http_transport *t = calloc(1, sizeof *t);
	if (!t) {
		snprintf(err, errcap, "out of memory");
		return PK_ERR_NOMEM;
	}
	pthread_mutex_init(&t->mu, NULL);
	t->abort = abort;
	t->max_body = o->max_body;
	bool both = o->client_cert && o->client_cert[0] && o->client_key && o->client_key[0];
	if (!copy_opt(&t->ca_file, o->ca_file) ||
	    !copy_opt(&t->client_cert, both ? o->client_cert : NULL) ||
	    !copy_opt(&t->client_key, both ? o->client_key : NULL)) {
		snprintf(err, errcap, "out of memory");
		http_transport_destroy(t);
		return PK_ERR_NOMEM;
	}
	*out = t;
	return PK_OK;
}

/* Sets the options of a new easy handle; the first refusal is returned. */
static CURLcode configure(struct http_transport *t, CURL *e)
{
	const struct curl_lib *c = t->c;
	char ua[160];
	if (PARKKIOSK_HOMEPAGE[0])
		snprintf(ua, sizeof ua, "parkkiosk/%s (+%s)", PARKKIOSK_VERSION,
		         PARKKIOSK_HOMEPAGE);
	else
		snprintf(ua, sizeof ua, "parkkiosk/%s", PARKKIOSK_VERSION);
	CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                              \
	do {                                                                                       \
		if (rc == CURLE_OK)                                                                \
			rc = c->easy_setopt(e, opt, val);                                          \
	} while (0)
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, (long)HTTP_CONNECT_TIMEOUT_S);
	SET(CURLOPT_TIMEOUT, (long)HTTP_REQUEST_TIMEOUT_S);
	SET(CURLOPT_LOW_SPEED_LIMIT, (long)HTTP_LOW_SPEED_BPS);
	SET(CURLOPT_LOW_SPEED_TIME, (long)HTTP_LOW_SPEED_TIME_S);
	SET(CURLOPT_FOLLOWLOCATION, 0L); /* followed by the caller, hop by hop */
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	SET(CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (t->ca_file)
		SET(CURLOPT_CAINFO, t->ca_file);
	if (t->client_cert && t->client_key) {
		SET(CURLOPT_SSLCERT, t->client_cert);
		SET(CURLOPT_SSLCERTTYPE, "PEM");
		SET(CURLOPT_SSLKEY, t->client_key);
		SET(CURLOPT_SSLKEYTYPE, "PEM");
	}
	SET(CURLOPT_USERAGENT, ua);
	SET(CURLOPT_ACCEPT_ENCODING, ""); /* all it supports; the cap counts decoded bytes */
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->max_body);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, t);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, t);
	SET(CURLOPT_NOPROGRESS, 0L);
	SET(CURLOPT_XFERINFOFUNCTION, on_progress);
	SET(CURLOPT_XFERINFODATA, t);
	SET(CURLOPT_ERRORBUFFER, t->errbuf);
#if LIBCURL_VERSION_NUM >= 0x075700
	SET(CURLOPT_QUICK_EXIT, 1L); /* do not wait for a hung DNS lookup on destroy */
#endif
#undef SET
	return rc;
}

/* Makes the handles, loading libcurl on the first call in the process. False with the
 * reason in err; the next transfer tries again. */
static bool setup(struct http_transport *t, char *err, size_t errcap)
{
	const struct curl_lib *c = curl_lib_get();
	if (!c) {
		snprintf(err, errcap, "%s", curl_lib_missing());
		return false;
	}
	t->c = c;
	if (!t->global) {
		pthread_mutex_lock(&global_lock);
		t->global = c->global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
		pthread_mutex_unlock(&global_lock);
		if (!t->global) {
			snprintf(err, errcap, "libcurl could not start");
			return false;
		}
	}
	CURL *e = c->easy_init();
	CURLM *m = c->multi_init();
	CURLcode rc = e && m ? configure(t, e) : CURLE_OUT_OF_MEMORY;
	if (rc != CURLE_OK) {
		if (e && m)
			snprintf(err, errcap, "libcurl refused an option: %s",
			         c->easy_strerror(rc));
		else
			snprintf(err, errcap, "cannot set up libcurl");
		if (m)
			c->multi_cleanup(m);
		if (e)
			c->easy_cleanup(e);
		return false;
	}
	t->easy = e;
	pthread_mutex_lock(&t->mu);
	t->multi = m;
	pthread_mutex_unlock(&t->mu);
	return true;
}

void http_transport_destroy(struct http_transport *t)
{
	if (!t)
		return;
	if (t->multi)
		t->c->multi_cleanup(t->multi);
	if (t->easy)
		t->c->easy_cleanup(t->easy);
	if (t->global) {
		pthread_mutex_lock(&global_lock);
		t->c->global_cleanup();
		pthread_mutex_unlock(&global_lock);
	}
	free(t->ca_file);
	free(t->client_cert);
	free(t->client_key);
	pthread_mutex_destroy(&t->mu);
	free(t);
}

void http_transport_wakeup(struct http_transport *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	if (t->multi)
		t->c->multi_wakeup(t->multi);
	pthread_mutex_unlock(&t->mu);
}

/* Runs the easy handle on the multi handle, waking at least every second and at once on
 * curl_multi_wakeup. */
static CURLcode run(struct http_transport *t)
{
	if (t->c->multi_add_handle(t->multi, t->easy) != CURLM_OK)
		return CURLE_FAILED_INIT;
	CURLcode res = CURLE_OK;
	for (;;) {
		int running = 0;
		if (t->c->multi_perform(t->multi, &running) != CURLM_OK) {
			res = CURLE_FAILED_INIT;
			break;
		}
		if (!running) {
			int left;
			res = CURLE_FAILED_INIT;
			for (CURLMsg *m = t->c->multi_info_read(t->multi, &left); m;
			     m = t->c->multi_info_read(t->multi, &left))
				if (m->msg == CURLMSG_DONE)
					res = m->data.result;
			break;
		}
		if (atomic_load(t->abort)) {
			res = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		if (t->c->multi_poll(t->multi, NULL, 0, 1000, NULL) != CURLM_OK) {
			res = CURLE_FAILED_INIT;
			break;
		}
	}
	t->c->multi_remove_handle(t->multi, t->easy);
	return res;
}

/* One line on why a transfer failed. */
static void describe_failure(struct http_transport *t, CURLcode rc, int64_t timeout_ms, char *out,
                             size_t cap)
{
	curl_off_t connect_us = 0;
	curl_off_t pretransfer_us = 0;
	t->c->easy_getinfo(t->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
	t->c->easy_getinfo(t->easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
	/* A reused connection reports no connect time, but the request went out. */
	bool connected = connect_us > 0 || pretransfer_us > 0;
	const char *detail = t->errbuf[0] ? t->errbuf : t->c->easy_strerror(rc);
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		if (strstr(detail, "too slow"))
			snprintf(out, cap, "too slow: under %d B/s for %d s", HTTP_LOW_SPEED_BPS,
			         HTTP_LOW_SPEED_TIME_S);
		else if (timeout_ms < (int64_t)HTTP_CONNECT_TIMEOUT_S * 1000 ||
		         (connected && timeout_ms < (int64_t)HTTP_REQUEST_TIMEOUT_S * 1000))
			snprintf(out, cap, "timeout: the fetch is over its time budget");
		else if (!connected)
			snprintf(out, cap, "connect timeout (%d s)", HTTP_CONNECT_TIMEOUT_S);
		else
			snprintf(out, cap, "timeout (%d s for the whole transfer)",
			         HTTP_REQUEST_TIMEOUT_S);
		break;
	case CURLE_FILESIZE_EXCEEDED:
		snprintf(out, cap, "body over the cap of %zu bytes, refused", t->max_body);
		break;
	case CURLE_WRITE_ERROR:
		if (t->body_err == PK_ERR_TOO_BIG)
			snprintf(out, cap, "body over the cap of %zu bytes, refused", t->max_body);
		else
			snprintf(out, cap, "out of memory for the body");
		break;
	case CURLE_ABORTED_BY_CALLBACK:
		snprintf(out, cap, "aborted (shutting down)");
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
		snprintf(out, cap, "TLS refused: %.120s", detail);
		break;
	case CURLE_PARTIAL_FILE:
		snprintf(out, cap, "connection closed mid-body: %.120s", detail);
		break;
	default:
		snprintf(out, cap, "%.150s", detail);
		break;
	}
}

bool http_transport_get(struct http_transport *t, const char *url, const char *const *headers,
                        size_t n_headers, int64_t timeout_ms, struct dynbuf *body,
                        struct http_response *resp, char *err, size_t errcap)
{
	struct curl_slist *hl = NULL;
	bool ok = false;
	memset(resp, 0, sizeof *resp);
	http_hints_reset(&resp->hints);
	if (!t->easy && !setup(t, err, errcap))
		return false;
	for (size_t i = 0; i < n_headers; i++) {
		if (strpbrk(headers[i], "\r\n"))
			continue; /* never send a split header */
		struct curl_slist *n = t->c->slist_append(hl, headers[i]);
		if (!n) {
			snprintf(err, errcap, "out of memory");
			goto out;
		}
		hl = n;
	}
	t->errbuf[0] = '\0';
	t->body = body;
	t->body_err = PK_OK;
	t->hints = &resp->hints;
	if (timeout_ms <= 0 || timeout_ms > (int64_t)HTTP_REQUEST_TIMEOUT_S * 1000)
		timeout_ms = (int64_t)HTTP_REQUEST_TIMEOUT_S * 1000;
	t->c->easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	t->c->easy_setopt(t->easy, CURLOPT_URL, url);
	t->c->easy_setopt(t->easy, CURLOPT_HTTPHEADER, hl);
	CURLcode rc = run(t);
	t->c->easy_setopt(t->easy, CURLOPT_HTTPHEADER, NULL);
	t->body = NULL;
	t->hints = NULL;
	if (rc != CURLE_OK) {
		resp->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
		describe_failure(t, rc, timeout_ms, err, errcap);
		goto out;
	}
	t->c->easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &resp->status);
	if (resp->status >= 300 && resp->status < 400 && resp->status != 304) {
		char *loc = NULL;
		t->c->easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &loc);
		if (loc)
			snprintf(resp->location, sizeof resp->location, "%s", loc);
	}
	ok = true;
out:
	t->c->slist_free_all(hl);
	return ok;
}
