/* The curl transport (http_transport.h): one easy handle on its own multi handle, so a
 * transfer waits in curl_multi_poll and curl_multi_wakeup ends the wait at once. */
#include "http_transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "version.h"

#ifndef PARKKIOSK_HOMEPAGE
#define PARKKIOSK_HOMEPAGE "" /* set at build time (-DPARKKIOSK_HOMEPAGE=...) by a city */
#endif

struct http_transport {
	CURL *easy;               /* owned */
	CURLM *multi;             /* owned */
	const atomic_bool *abort; /* borrowed */
	size_t max_body;
	char errbuf[CURL_ERROR_SIZE];
	/* The transfer in progress. */
	struct dynbuf *body;      /* borrowed */
	enum pk_err body_err;     /* why on_body stopped: PK_ERR_TOO_BIG / PK_ERR_NOMEM */
	struct http_hints *hints; /* borrowed */
};

enum pk_err http_transport_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? PK_OK : PK_ERR_NET;
}

void http_transport_global_cleanup(void)
{
	curl_global_cleanup();
}

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

enum pk_err http_transport_create(struct http_transport **out, const struct http_transport_opts *o,
                                  const atomic_bool *abort, char *err, size_t errcap)
{
	*out = NULL;
	struct http_transport *t = calloc(1, sizeof *t);
	if (!t) {
		snprintf(err, errcap, "out of memory");
		return PK_ERR_NOMEM;
	}
	t->abort = abort;
	t->max_body = o->max_body;
	t->easy = curl_easy_init();
	t->multi = curl_multi_init();
	if (!t->easy || !t->multi) {
		snprintf(err, errcap, "cannot set up libcurl");
		http_transport_destroy(t);
		return PK_ERR_NOMEM;
	}
	char ua[160];
	if (PARKKIOSK_HOMEPAGE[0])
		snprintf(ua, sizeof ua, "parkkiosk/%s (+%s)", PARKKIOSK_VERSION,
		         PARKKIOSK_HOMEPAGE);
	else
		snprintf(ua, sizeof ua, "parkkiosk/%s", PARKKIOSK_VERSION);
	CURL *e = t->easy;
	CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                              \
	do {                                                                                       \
		if (rc == CURLE_OK)                                                                \
			rc = curl_easy_setopt(e, opt, val);                                        \
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
	if (o->ca_file && o->ca_file[0])
		SET(CURLOPT_CAINFO, o->ca_file);
	if (o->client_cert && o->client_cert[0] && o->client_key && o->client_key[0]) {
		SET(CURLOPT_SSLCERT, o->client_cert);
		SET(CURLOPT_SSLCERTTYPE, "PEM");
		SET(CURLOPT_SSLKEY, o->client_key);
		SET(CURLOPT_SSLKEYTYPE, "PEM");
	}
	SET(CURLOPT_USERAGENT, ua);
	SET(CURLOPT_ACCEPT_ENCODING, ""); /* all it supports; the cap counts decoded bytes */
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
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
	if (rc != CURLE_OK) {
		snprintf(err, errcap, "libcurl refused an option: %s", curl_easy_strerror(rc));
		http_transport_destroy(t);
		return PK_ERR_NET;
	}
	*out = t;
	return PK_OK;
}

void http_transport_destroy(struct http_transport *t)
{
	if (!t)
		return;
	if (t->multi)
		curl_multi_cleanup(t->multi);
	if (t->easy)
		curl_easy_cleanup(t->easy);
	free(t);
}

void http_transport_wakeup(struct http_transport *t)
{
	if (t && t->multi)
		curl_multi_wakeup(t->multi);
}

/* Runs the easy handle on the multi handle, waking at least every second and at once on
 * curl_multi_wakeup. */
static CURLcode run(struct http_transport *t)
{
	if (curl_multi_add_handle(t->multi, t->easy) != CURLM_OK)
		return CURLE_FAILED_INIT;
	CURLcode res = CURLE_OK;
	for (;;) {
		int running = 0;
		if (curl_multi_perform(t->multi, &running) != CURLM_OK) {
			res = CURLE_FAILED_INIT;
			break;
		}
		if (!running) {
			int left;
			res = CURLE_FAILED_INIT;
			for (CURLMsg *m = curl_multi_info_read(t->multi, &left); m;
			     m = curl_multi_info_read(t->multi, &left))
				if (m->msg == CURLMSG_DONE)
					res = m->data.result;
			break;
		}
		if (atomic_load(t->abort)) {
			res = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		if (curl_multi_poll(t->multi, NULL, 0, 1000, NULL) != CURLM_OK) {
			res = CURLE_FAILED_INIT;
			break;
		}
	}
	curl_multi_remove_handle(t->multi, t->easy);
	return res;
}

/* One line on why a transfer failed. */
static void describe_failure(struct http_transport *t, CURLcode rc, int64_t timeout_ms, char *out,
                             size_t cap)
{
	curl_off_t connect_us = 0;
	curl_off_t pretransfer_us = 0;
	curl_easy_getinfo(t->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
	curl_easy_getinfo(t->easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
	/* A reused connection reports no connect time, but the request went out. */
	bool connected = connect_us > 0 || pretransfer_us > 0;
	const char *detail = t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc);
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
	for (size_t i = 0; i < n_headers; i++) {
		if (strpbrk(headers[i], "\r\n"))
			continue; /* never send a split header */
		struct curl_slist *n = curl_slist_append(hl, headers[i]);
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
	curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	curl_easy_setopt(t->easy, CURLOPT_URL, url);
	curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, hl);
	CURLcode rc = run(t);
	curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, NULL);
	t->body = NULL;
	t->hints = NULL;
	if (rc != CURLE_OK) {
		resp->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
		describe_failure(t, rc, timeout_ms, err, errcap);
		goto out;
	}
	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &resp->status);
	if (resp->status >= 300 && resp->status < 400 && resp->status != 304) {
		char *loc = NULL;
		curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &loc);
		if (loc)
			snprintf(resp->location, sizeof resp->location, "%s", loc);
	}
	ok = true;
out:
	curl_slist_free_all(hl);
	return ok;
}
