/* Feeds in (see fetch.h): one worker thread per feed, each with its own transport
 * (http_transport.h) so a slow feed never delays another, and fetcher_destroy can wake a
 * transfer at once. The rules (redirects hop by hop, paging, Cache-Control/Retry-After,
 * backoff, the next poll) are http_policy.h's; this file runs attempts, keeps the last
 * good data of each feed (only ever replaced by newer good data), the disk cache and the
 * statuses. */
#include "fetch.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "dynbuf.h"
#include "feed.h"
#include "http_policy.h"
#include "http_transport.h"
#include "isotime.h"
#include "log.h"
#include "monocv.h"
#include "text.h"
#include "url.h"

/* A 304 confirms the cached body; its fetched_at on disk is refreshed at most this often
 * (rewriting the file every poll would wear out the SD card for little gain). */
#define CACHE_TOUCH_S 300
#define DEFAULT_MAX_BODY (32L * 1024 * 1024)
/* One fetch, all pages and redirects included, ends within this (config fetch_deadline_s). */
#define DEFAULT_DEADLINE_S 120
/* Without any data yet, do not make the first fetch wait a whole random interval. */
#define NO_DATA_START_MS 2000

enum outcome { OUT_NEW, OUT_SAME, OUT_FAIL };

/* What the fetcher and fetch_once share: the lock, the clock and the stop flags. */
struct hub {
	pthread_mutex_t mu;
	pthread_cond_t cv; /* on CLOCK_MONOTONIC; signalled on stop */
	bool stop;         /* under mu */
	atomic_bool abort; /* read by transfer callbacks without the lock */
	bool changed;      /* under mu: something for fetcher_poll */
	fetcher_wake_fn wake;
	void *ud;
	int64_t (*now)(void *ud);
	int64_t fixed_now; /* fetch_once: the caller's time */
	bool cache_ro;     /* the cache directory is read-only: load, never store */
	size_t orphans;    /* under mu: DATEX II status records without a table, last warned */
	/* One parse at a time across all feeds: a parse's transient memory (the JSON tree,
	 * every item before model_keep_nearest) is the kiosk's largest, so eight big feeds
	 * must not hold it at once. */
	pthread_mutex_t parse_mu;
	struct model_keep keep; /* what each feed keeps of its entries (model.h) */
};

/* The outcome of one attempt, built without the lock. */
struct attempt {
	enum outcome out;
	struct model fresh; /* owned: new entries (OUT_NEW) */
	enum feed_format fmt;
	int64_t feed_time;
	int http;
	int pages;
	struct dynbuf body; /* owned: all pages back to back, capped at max_body */
	size_t part_len[CACHE_MAX_PARTS];
	size_t n_parts;
	char etag[HTTP_ETAG_CAP], last_modified[HTTP_DATE_CAP];
	int64_t server_wait_s; /* from Retry-After / max-age, 0 = none */
	struct stat file_st;   /* file feeds: what was read */
	char err[160];
	size_t items;         /* items in the bodies parsed */
	char skip_reason[96]; /* the first skipped item's reason */
	size_t unplaced;      /* entries dropped for want of a position */
};

struct feed {
	/* Set up once. */
	struct hub *hub;              /* borrowed */
	const struct config *cfg;     /* borrowed */
	const struct config_feed *cf; /* borrowed */
	int idx;
	bool is_http;
	struct http_poll poll;
	size_t max_body;
	const char *cache_dir;        /* borrowed; "" = no disk cache */
	struct http_transport *xport; /* owned; NULL for a file feed */
	/* Worker-private state. */
	char etag[HTTP_ETAG_CAP], last_modified[HTTP_DATE_CAP]; /* validators of the data held */
	enum feed_format fmt;     /* format of the data held, FEED_AUTO until known */
	int64_t cache_fetched_at; /* fetched_at of the file on disk, 0 = none */
	struct stat file_st;
	bool file_known;
	bool stale_logged;
	uint64_t rng;
	pthread_t thread;
	bool running;
	/* Published: written under hub->mu (or before the threads start). */
	struct model data; /* owned: entries as parsed, not stamped */
	int64_t stamp;     /* time for entries without their own, 0 = none */
	struct fetch_status st;
};

struct fetcher {
	struct config cfg; /* a copy: the feeds point into it */
	char cache_dir[512];
	struct hub hub;
	struct feed feeds[CONFIG_MAX_FEEDS];
	int n;
};

/* ------------------------------------------------------------------ small helpers */

static int64_t hub_now(const struct hub *h)
{
	if (h->now)
		return h->now(h->ud);
	if (h->fixed_now)
		return h->fixed_now;
	return (int64_t)time(NULL);
}

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64*: jitter only, not security. */
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* The status name: the configured one, else the host (http) or file name. */
static void feed_display_name(const struct config_feed *cf, char *out, size_t cap)
{
	if (cf->name[0])
		text_sanitize(out, cap, cf->name, strlen(cf->name));
	else
		url_display_name(cf->url, out, cap);
}

static void attempt_init(struct attempt *a, size_t max_body)
{
	memset(a, 0, sizeof *a);
	model_init(&a->fresh);
	dynbuf_init(&a->body, max_body, "feed body");
	a->out = OUT_FAIL;
}

static void attempt_finish(struct attempt *a)
{
	model_finish(&a->fresh);
	dynbuf_free(&a->body);
}

/* Newest entry time of a feed's data, with its fallback stamp applied. */
static int64_t data_time(const struct model *m, int64_t stamp)
{
	int64_t t = 0;
	for (size_t i = 0; i < m->n; i++) {
		/* DATEX II table and status records carry their own time or none. */
		int64_t u = m->v[i].updated_at || m->v[i].role != MODEL_ROLE_LIVE
		                ? m->v[i].updated_at
		                : stamp;
		if (u > t)
			t = u;
	}
	return t;
}

/* ------------------------------------------------------------------ one HTTP request */

/* One GET of url into a->body (from its current length), with the feed's headers and,
 * when conditional, the validators of the data held. */
static bool request(struct feed *fd, const char *url, bool conditional, int64_t timeout_ms,
                    struct attempt *a, struct http_response *resp)
{
	const char *hv[CONFIG_MAX_HEADERS + 3];
	size_t n = 0;
	bool custom_accept = false;
	char inm[HTTP_ETAG_CAP + 32], ims[HTTP_DATE_CAP + 32];
	for (int i = 0; i < fd->cf->n_headers && i < CONFIG_MAX_HEADERS; i++) {
		const char *h = fd->cf->headers[i];
		if (!strchr(h, ':') || strpbrk(h, "\r\n"))
			continue; /* config rejects these; never send a split header */
		if (strncasecmp(h, "Accept:", 7) == 0)
			custom_accept = true;
		hv[n++] = h;
	}
	/* A DATEX II server (the Mobilithek) may refuse a client that accepts only JSON. */
	if (!custom_accept)
		hv[n++] = fd->cf->format == FEED_DATEX2 ? "Accept: application/xml, text/xml;q=0.9"
		          : fd->cf->format == FEED_AUTO
		              ? "Accept: application/json, application/xml;q=0.9"
		              : "Accept: application/json";
	if (conditional && fd->etag[0]) {
		snprintf(inm, sizeof inm, "If-None-Match: %s", fd->etag);
		hv[n++] = inm;
	}
	if (conditional && fd->last_modified[0]) {
		snprintf(ims, sizeof ims, "If-Modified-Since: %s", fd->last_modified);
		hv[n++] = ims;
	}
	return http_transport_get(fd->xport, url, hv, n, timeout_ms, &a->body, resp, a->err,
	                          sizeof a->err);
}

/* ------------------------------------------------------------------ parsing */

static bool parse_part(struct feed *fd, enum feed_format fmt, const char *p, size_t len,
                       struct model *out, struct feed_info *info, char *err, size_t errcap)
{
	char why[160] = "";
	memset(info, 0, sizeof *info);
	pthread_mutex_lock(&fd->hub->parse_mu);
	/* The body's far entries are left out while it is read (feed.h); the pages read
	 * before it are kept to the same bound here. */
	enum pk_err rc =
	    feed_parse_nearest(fmt, p, len, &fd->hub->keep, out, info, why, sizeof why);
	size_t dropped = rc == PK_OK ? info->dropped + model_keep_nearest(out, &fd->hub->keep) : 0;
	pthread_mutex_unlock(&fd->hub->parse_mu);
	if (rc != PK_OK) {
		snprintf(err, errcap, "%s", why[0] ? why : pk_strerror(rc));
		return false;
	}
	if (dropped)
		log_info(
		    "feed %s: kept the %zu entries nearest the kiosk, %zu further away left out",
		    fd->st.name, out->n, dropped);
	log_debug("feed %s: parsed %zu bytes as %s: %zu items", fd->st.name, len,
	          feed_format_name(info->format), info->items);
	if (info->skipped)
		log_debug("feed %s: %zu of %zu items skipped", fd->st.name, info->skipped,
		          info->items);
	return true;
}

static size_t after_parse(struct feed *fd, struct model *m)
{
	size_t dropped = model_drop_unplaceable(m);
	if (dropped)
		log_debug("feed %s: %zu entries without a position dropped", fd->st.name, dropped);
	return dropped;
}

static void count_items(struct attempt *a, const struct feed_info *info)
{
	a->items += info->items;
	if (!a->skip_reason[0])
		snprintf(a->skip_reason, sizeof a->skip_reason, "%s", info->skip_reason);
}

/* Says what was dropped: a body whose items are all unusable is not data. Sets
 * st->unusable and warns when that changes; st->static_table for a DATEX II table. */
static void note_usable(struct feed *fd, size_t items, const char *reason, size_t unplaced)
{
	struct fetch_status *st = &fd->st;
	char was[sizeof st->unusable];
	memcpy(was, st->unusable, sizeof was);
	st->unusable[0] = '\0';
	if (items > 0 && fd->data.n == 0)
		snprintf(st->unusable, sizeof st->unusable, "all %zu items unusable: %s", items,
		         reason && reason[0] ? reason
		         : unplaced          ? "no usable position"
		                             : "nothing a kiosk can show");
	if (st->unusable[0] && strcmp(was, st->unusable) != 0)
		log_warn("feed %s: %s", st->name, st->unusable);
	bool table = fd->data.n > 0;
	for (size_t i = 0; i < fd->data.n && table; i++)
		table = fd->data.v[i].role == MODEL_ROLE_TABLE;
	st->static_table = table;
}

/* ------------------------------------------------------------------ one attempt */

static void fetch_http(struct feed *fd, struct attempt *a)
{
	char url[2048];
	bool conditional = fd->st.has_data && (fd->etag[0] || fd->last_modified[0]);
	enum feed_format fmt = fd->cf->format;
	/* A client certificate is a credential like a header: no redirect to another origin. */
	bool has_headers = fd->cf->n_headers > 0 || fd->cf->client_cert[0];
	snprintf(url, sizeof url, "%s", fd->cf->url);
	int64_t started = monocv_now_ms();
	struct http_response resp;

	for (a->pages = 0; a->pages < HTTP_MAX_PAGES;) {
		size_t start = dynbuf_len(&a->body);
		for (int hop = 0;; hop++) {
			dynbuf_truncate(&a->body, start); /* a redirect's own body is not data */
			int64_t budget =
			    http_request_budget_ms(started, monocv_now_ms(), fd->poll.deadline_s);
			if (budget <= 0) {
				snprintf(a->err, sizeof a->err,
				         "stopped after %d pages: the whole fetch is over its %d s "
				         "budget",
				         a->pages, fd->poll.deadline_s);
				return;
			}
			if (!request(fd, url, conditional, budget, a, &resp))
				return;
			if (!resp.location[0])
				break;
			enum http_redirect r =
			    http_redirect_check(fd->cf->url, url, resp.location, has_headers, hop);
			if (r != HTTP_REDIRECT_FOLLOW) {
				http_redirect_describe(r, resp.location, a->err, sizeof a->err);
				a->http = (int)resp.status;
				return;
			}
			snprintf(url, sizeof url, "%s", resp.location);
		}
		long http = resp.status;
		if (a->pages == 0) {
			a->http = (int)http;
			snprintf(a->etag, sizeof a->etag, "%s", resp.hints.etag);
			snprintf(a->last_modified, sizeof a->last_modified, "%s",
			         resp.hints.last_modified);
			a->server_wait_s = http_hints_wait_s(&resp.hints, (int64_t)time(NULL));
		}
		if (http == 304 && a->pages == 0 && conditional) {
			a->out = OUT_SAME;
			return;
		}
		if (http < 200 || http > 299) {
			snprintf(a->err, sizeof a->err, "HTTP %ld%s", http,
			         http >= 300 && http < 400 ? " without a usable Location" : "");
			if (a->pages > 0)
				a->http = (int)http;
			return;
		}
		size_t len = dynbuf_len(&a->body) - start;
		a->part_len[a->n_parts++] = len;
		struct feed_info info;
		char why[160];
		if (!parse_part(fd, fmt, dynbuf_ptr(&a->body) + start, len, &a->fresh, &info, why,
		                sizeof why)) {
			snprintf(a->err, sizeof a->err, "HTTP %ld but %s%.120s", http,
			         a->pages ? "a later page: " : "", why);
			return;
		}
		count_items(a, &info);
		if (a->pages == 0) {
			fmt = info.format;
			a->fmt = info.format;
			a->feed_time = info.feed_time;
		}
		a->pages++;
		conditional = false;
		if (info.items == 0 || !info.next_path[0])
			break;
		char next[2048];
		if (!http_next_page_url(url, info.next_path, next, sizeof next) ||
		    strcmp(next, url) == 0) {
			log_warn("feed %s: next_path \"%.80s\" not followed", fd->st.name,
			         info.next_path);
			break;
		}
		if (a->pages == HTTP_MAX_PAGES) {
			log_warn("feed %s: stopped paging after %d pages", fd->st.name,
			         HTTP_MAX_PAGES);
			break;
		}
		snprintf(url, sizeof url, "%s", next);
	}
	a->unplaced = after_parse(fd, &a->fresh);
	a->out = OUT_NEW;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void fetch_file(struct feed *fd, struct attempt *a)
{
	const char *path = fd->cf->url;
	/* O_NONBLOCK: a FIFO (or a device) where the file should be must not hang the
	 * kiosk; it is refused just below. A regular file reads as usual. */
	int f = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (f < 0) {
		snprintf(a->err, sizeof a->err, "cannot open: %s", strerror(errno));
		return;
	}
	if (fstat(f, &a->file_st) != 0 || !S_ISREG(a->file_st.st_mode)) {
		snprintf(a->err, sizeof a->err,
		         "not a regular file (a FIFO, device or directory?), refused");
		goto out;
	}
	if (fd->file_known && fd->st.has_data && same_file(&a->file_st, &fd->file_st)) {
		a->out = OUT_SAME;
		goto out;
	}
	if ((uint64_t)a->file_st.st_size > fd->max_body) {
		snprintf(a->err, sizeof a->err, "file of %lld bytes over the cap of %zu",
		         (long long)a->file_st.st_size, fd->max_body);
		goto out;
	}
	/* Read until EOF: the file may grow between fstat and read; the buffer's cap stops
	 * it at max_body. */
	for (;;) {
		char *space;
		size_t room;
		if (dynbuf_space(&a->body, 65536, &space, &room) != PK_OK) {
			snprintf(a->err, sizeof a->err, "out of memory");
			goto out;
		}
		char probe;
		if (room == 0) {
			/* At the cap: only EOF is fine now. */
			space = &probe;
			room = 1;
		}
		ssize_t r = read(f, space, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(a->err, sizeof a->err, "read: %s", strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		if (space == &probe) {
			snprintf(a->err, sizeof a->err, "file over the cap of %zu bytes",
			         fd->max_body);
			goto out;
		}
		dynbuf_commit(&a->body, (size_t)r);
	}
	struct feed_info info;
	char why[160];
	if (!parse_part(fd, fd->cf->format, dynbuf_ptr(&a->body), dynbuf_len(&a->body), &a->fresh,
	                &info, why, sizeof why)) {
		snprintf(a->err, sizeof a->err, "%.150s", why);
		goto out;
	}
	count_items(a, &info);
	a->fmt = info.format;
	a->feed_time = info.feed_time;
	a->part_len[0] = dynbuf_len(&a->body);
	a->n_parts = 1;
	a->pages = 1;
	a->unplaced = after_parse(fd, &a->fresh);
	a->out = OUT_NEW;
out:
	close(f);
}

/* Publishes an attempt: the only place a feed's data and status change after start. */
static void apply(struct feed *fd, struct attempt *a, int64_t now)
{
	struct fetch_status *st = &fd->st;
	pthread_mutex_lock(&fd->hub->mu);
	st->last_attempt = now;
	st->last_http = a->http;
	switch (a->out) {
	case OUT_NEW: {
		struct model old = fd->data;
		fd->data = a->fresh;
		a->fresh = old; /* freed with the attempt, outside the lock */
		fd->fmt = a->fmt;
		/* The one honest rule: an entry's age comes from the data itself (its own
		 * time, else the document's own feed-level time), never from when it was
		 * downloaded or when a file was written. No time = unknown age = not live. */
		fd->stamp = a->feed_time > 0 ? a->feed_time : 0;
		st->has_data = true;
		st->entries = fd->data.n;
		note_usable(fd, a->items, a->skip_reason, a->unplaced);
	}
	/* fall through */
	case OUT_SAME:
		st->last_success = now;
		st->consecutive_failures = 0;
		st->last_error[0] = '\0';
		st->from_cache = false;
		st->data_time = data_time(&fd->data, fd->stamp);
		break;
	case OUT_FAIL:
		st->consecutive_failures++;
		text_copy(st->last_error, sizeof st->last_error, a->err); /* sanitised */
		break;
	}
	fd->hub->changed = true;
	pthread_mutex_unlock(&fd->hub->mu);
}

/* Writes the new body to the disk cache, or refreshes fetched_at after a 304. */
static void update_cache(struct feed *fd, struct attempt *a, int64_t now)
{
	if (!fd->is_http || !fd->cache_dir[0] || fd->hub->cache_ro)
		return;
	char err[256];
	struct cache_meta m;
	if (a->out == OUT_NEW) {
		memset(&m, 0, sizeof m);
		snprintf(m.url, sizeof m.url, "%s", fd->cf->url);
		snprintf(m.etag, sizeof m.etag, "%s", a->etag);
		snprintf(m.last_modified, sizeof m.last_modified, "%s", a->last_modified);
		snprintf(m.format, sizeof m.format, "%s", feed_format_name(a->fmt));
		m.fetched_at = now;
		m.n_parts = a->n_parts;
		memcpy(m.part_len, a->part_len, sizeof m.part_len);
		if (cache_store(fd->cache_dir, &m, dynbuf_ptr(&a->body), dynbuf_len(&a->body), err,
		                sizeof err) == PK_OK)
			fd->cache_fetched_at = now;
		else
			log_warn("feed %s: %s", fd->st.name, err);
	} else if (a->out == OUT_SAME && now - fd->cache_fetched_at >= CACHE_TOUCH_S) {
		char *body = NULL;
		size_t len = 0;
		if (cache_load(fd->cache_dir, fd->cf->url, fd->max_body, &m, &body, &len, err,
		               sizeof err) != PK_OK) {
			free(body);
			return; /* nothing on disk to confirm; the next 200 writes it */
		}
		m.fetched_at = now;
		if (fd->etag[0])
			snprintf(m.etag, sizeof m.etag, "%s", fd->etag);
		if (fd->last_modified[0])
			snprintf(m.last_modified, sizeof m.last_modified, "%s", fd->last_modified);
		if (cache_store(fd->cache_dir, &m, body, len, err, sizeof err) == PK_OK)
			fd->cache_fetched_at = now;
		else
			log_warn("feed %s: %s", fd->st.name, err);
		free(body);
	}
}

/* Seconds until the next attempt (http_policy.h decides). */
static int64_t next_delay_s(struct feed *fd, const struct attempt *a, int64_t now)
{
	int64_t age = fd->st.has_data ? http_data_age_s(now, fd->st.last_success, fd->st.data_time,
	                                                fd->poll.stale_after_s)
	                              : -1;
	return http_next_poll_s(&fd->poll, a->out == OUT_FAIL, fd->st.consecutive_failures,
	                        a->server_wait_s, age, rng_next(&fd->rng));
}

static void log_attempt(struct feed *fd, const struct attempt *a, int64_t ms, int64_t next_s)
{
	const char *name = fd->st.name;
	char pages[32] = "";
	if (a->pages > 1)
		snprintf(pages, sizeof pages, ", %d pages", a->pages);
	if (a->out == OUT_NEW && fd->is_http) {
		log_info("feed %s: HTTP %d, %zu bytes, %" PRId64 " ms, %zu entries%s", name,
		         a->http, dynbuf_len(&a->body), ms, fd->st.entries, pages);
	} else if (a->out == OUT_NEW) {
		log_info("feed %s: file, %zu bytes, %" PRId64 " ms, %zu entries", name,
		         dynbuf_len(&a->body), ms, fd->st.entries);
	} else if (a->out == OUT_SAME && fd->is_http) {
		log_info("feed %s: HTTP 304, 0 bytes, %" PRId64 " ms, not modified (%zu entries)",
		         name, ms, fd->st.entries);
	} else if (a->out == OUT_SAME) {
		log_debug("feed %s: file unchanged (%zu entries)", name, fd->st.entries);
	} else if (next_s >= 0) {
		log_warn("feed %s: failed after %" PRId64 " ms: %s (retry in %" PRId64 " s)", name,
		         ms, a->err, next_s);
	} else {
		log_warn("feed %s: failed after %" PRId64 " ms: %s (%s)", name, ms, a->err,
		         fd->st.has_data ? "keeping the last good data" : "no data");
	}
}

/* One attempt from start to end; returns the attempt's outcome. next_s: filled with
 * the delay to the next attempt when non-NULL (the fetcher), else -1 in the log. */
static enum outcome run_attempt(struct feed *fd, int64_t *next_s)
{
	struct attempt a;
	attempt_init(&a, fd->max_body);
	int64_t t0 = monocv_now_ms();
	if (fd->is_http)
		fetch_http(fd, &a);
	else
		fetch_file(fd, &a);
	int64_t ms = monocv_now_ms() - t0;
	int64_t now = hub_now(fd->hub);
	/* Error text may quote the server (a Location, a parser's view of the body). */
	char clean[sizeof a.err];
	text_sanitize(clean, sizeof clean, a.err, strlen(a.err));
	memcpy(a.err, clean, sizeof clean);
	size_t before = fd->st.entries;
	bool had = fd->st.has_data;

	if (a.out == OUT_NEW && had && before > 0 && a.fresh.n == 0)
		log_warn("feed %s: now 0 entries (had %zu); accepting it", fd->st.name, before);
	if (a.out != OUT_FAIL && fd->is_http) {
		/* Validators belong to the data held: new data, new validators. */
		if (a.out == OUT_NEW) {
			snprintf(fd->etag, sizeof fd->etag, "%s", a.etag);
			snprintf(fd->last_modified, sizeof fd->last_modified, "%s",
			         a.last_modified);
		} else {
			if (a.etag[0])
				snprintf(fd->etag, sizeof fd->etag, "%s", a.etag);
			if (a.last_modified[0])
				snprintf(fd->last_modified, sizeof fd->last_modified, "%s",
				         a.last_modified);
		}
	}
	if (a.out == OUT_NEW && !fd->is_http) {
		fd->file_st = a.file_st;
		fd->file_known = true;
	}
	apply(fd, &a, now);
	int64_t delay = next_s ? next_delay_s(fd, &a, now) : -1;
	if (next_s)
		*next_s = delay;
	log_attempt(fd, &a, ms, delay);
	if (a.out != OUT_FAIL && fd->stale_logged) {
		log_info("feed %s: recovered, data current again", fd->st.name);
		fd->stale_logged = false;
	}
	update_cache(fd, &a, now);
	enum outcome out = a.out;
	attempt_finish(&a);
	return out;
}

/* ------------------------------------------------------------------ set-up */

static enum pk_err feed_setup(struct feed *fd, struct hub *h, const struct config *cfg, int idx,
                              const char *cache_dir, char *err, size_t errcap)
{
	fd->hub = h;
	fd->cfg = cfg;
	fd->cf = &cfg->feeds[idx];
	fd->idx = idx;
	fd->is_http = url_is_http(fd->cf->url);
	fd->poll.interval_s = fd->cf->poll_interval_s > 0 ? fd->cf->poll_interval_s
	                      : cfg->poll_interval_s > 0  ? cfg->poll_interval_s
	                                                  : 60;
	fd->poll.backoff_max_s = cfg->backoff_max_s > 0 ? cfg->backoff_max_s : 600;
	fd->poll.stale_after_s = cfg->stale_after_s > 0 ? cfg->stale_after_s : 900;
	fd->poll.deadline_s =
	    cfg->fetch_deadline_s > 0 ? cfg->fetch_deadline_s : DEFAULT_DEADLINE_S;
	fd->max_body = cfg->max_body_bytes > 0 ? (size_t)cfg->max_body_bytes : DEFAULT_MAX_BODY;
	fd->cache_dir = cache_dir;
	fd->fmt = fd->cf->format;
	model_init(&fd->data);
	feed_display_name(fd->cf, fd->st.name, sizeof fd->st.name);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	fd->rng = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^
	          ((uint64_t)(idx + 1) * 0x9E3779B97F4A7C15ULL);
	if (!fd->rng)
		fd->rng = 1;
	if (!fd->is_http)
		return PK_OK;

	struct http_transport_opts o = {.ca_file = fd->cf->ca_file,
	                                .client_cert = fd->cf->client_cert,
	                                .client_key = fd->cf->client_key,
	                                .max_body = fd->max_body};
	char why[200];
	enum pk_err rc = http_transport_create(&fd->xport, &o, &h->abort, why, sizeof why);
	if (rc != PK_OK)
		snprintf(err, errcap, "feed %s: %s", fd->st.name, why);
	return rc;
}

static void feed_cleanup(struct feed *fd)
{
	http_transport_destroy(fd->xport);
	fd->xport = NULL;
	model_finish(&fd->data);
}

/* Loads the feed's disk cache (before any thread runs). */
static void load_cache(struct feed *fd, int64_t now)
{
	if (!fd->is_http || !fd->cache_dir[0])
		return;
	struct cache_meta m;
	char *body = NULL, err[300];
	size_t len = 0;
	enum pk_err rc =
	    cache_load(fd->cache_dir, fd->cf->url, fd->max_body, &m, &body, &len, err, sizeof err);
	if (rc != PK_OK) {
		if (err[0])
			log_warn("feed %s: ignoring the disk cache: %s", fd->st.name, err);
		else
			log_debug("feed %s: no disk cache yet", fd->st.name);
		return;
	}
	enum feed_format fmt = fd->cf->format;
	if (fmt == FEED_AUTO && !feed_format_parse(m.format, &fmt))
		fmt = FEED_AUTO;
	struct model fresh;
	model_init(&fresh);
	size_t off = 0;
	int64_t feed_time = 0;
	struct attempt seen = {0};
	for (size_t i = 0; i < m.n_parts; i++) {
		struct feed_info info;
		char why[160];
		if (!parse_part(fd, fmt, body + off, m.part_len[i], &fresh, &info, why,
		                sizeof why)) {
			log_warn("feed %s: ignoring the disk cache: body does not parse: %s",
			         fd->st.name, why);
			goto out;
		}
		count_items(&seen, &info);
		if (i == 0) {
			fmt = info.format;
			feed_time = info.feed_time;
		}
		off += m.part_len[i];
	}
	seen.unplaced = after_parse(fd, &fresh);
	struct model tmp = fd->data;
	fd->data = fresh;
	fresh = tmp;
	fd->fmt = fmt;
	fd->stamp = feed_time > 0 ? feed_time : 0; /* never the fetch time (see apply) */
	snprintf(fd->etag, sizeof fd->etag, "%s", m.etag);
	snprintf(fd->last_modified, sizeof fd->last_modified, "%s", m.last_modified);
	fd->cache_fetched_at = m.fetched_at;
	fd->st.last_success = m.fetched_at;
	fd->st.from_cache = true;
	fd->st.has_data = true;
	fd->st.entries = fd->data.n;
	note_usable(fd, seen.items, seen.skip_reason, seen.unplaced);
	fd->st.data_time = data_time(&fd->data, fd->stamp);
	char when[32];
	isotime_format(m.fetched_at, when, sizeof when);
	log_info("feed %s: disk cache, %zu bytes, %zu entries, fetched %s (%" PRId64 " s ago)",
	         fd->st.name, len, fd->data.n, when, now - m.fetched_at);
out:
	model_finish(&fresh);
	free(body);
}

/* Newest entries of every feed, stamped, into out (appended), DATEX II table and status
 * records joined (model_join_records). *orphans holds the number of status records
 * without a table entry last warned about. Caller holds the lock. */
static bool publish(const struct feed *feeds, int n, struct model *out, size_t *orphans)
{
	bool ok = true;
	for (int i = 0; i < n; i++) {
		const struct feed *fd = &feeds[i];
		size_t start = out->n;
		if (!model_append(out, &fd->data)) {
			ok = false;
			continue;
		}
		for (size_t j = start; j < out->n; j++) {
			out->v[j].feed = i;
			if (out->v[j].updated_at == 0 && fd->stamp > 0 &&
			    out->v[j].role == MODEL_ROLE_LIVE)
				out->v[j].updated_at = fd->stamp;
		}
	}
	size_t lost = 0;
	model_join_records(out, &lost);
	if (lost && lost != *orphans)
		log_warn("DATEX II: %zu status records have no table record (configure the "
		         "table publication as a feed too); dropped",
		         lost);
	*orphans = lost;
	return ok;
}

static bool hub_init(struct hub *h, const struct config *cfg)
{
	h->keep = (struct model_keep){cfg->lat, cfg->lon, MODEL_KEEP_DEFAULT_MAX,
	                              MODEL_KEEP_DEFAULT_FREE};
	if (!monocv_init(&h->mu, &h->cv))
		return false;
	if (pthread_mutex_init(&h->parse_mu, NULL) != 0) {
		monocv_destroy(&h->mu, &h->cv);
		return false;
	}
	atomic_init(&h->abort, false);
	return true;
}

static void hub_finish(struct hub *h)
{
	pthread_mutex_destroy(&h->parse_mu);
	monocv_destroy(&h->mu, &h->cv);
}

/* Picks the cache directory; false when it can be read but not written (logged once:
 * the feeds then load their last good data from it and never store). */
static bool resolve_cache_dir(const struct config *cfg, char *out, size_t cap)
{
	char err[300];
	out[0] = '\0';
	if (!cache_dir_resolve(cfg->cache_dir, out, cap, err, sizeof err)) {
		out[0] = '\0';
		log_warn("no disk cache (%s): a restart will start without data", err);
		return true;
	}
	if (!cache_dir_writable(out)) {
		log_warn("cache directory %s is read-only: its last good data is used, but not "
		         "updated",
		         out);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ the fetcher */

static void check_stale(struct feed *fd, int64_t now)
{
	if (fd->stale_logged || fd->st.last_success == 0)
		return;
	int64_t age = now - fd->st.last_success;
	if (age > fd->poll.stale_after_s) {
		log_warn("feed %s: stale: no new data for %" PRId64 " s", fd->st.name, age);
		fd->stale_logged = true;
	}
}

static void *worker_main(void *arg)
{
	struct feed *fd = arg;
	struct hub *h = fd->hub;
	uint64_t span = fd->st.has_data ? (uint64_t)fd->poll.interval_s * 1000 : NO_DATA_START_MS;
	int64_t due = monocv_now_ms() + (int64_t)(rng_next(&fd->rng) % span);

	/* The app's clock is called without our lock held, so it may take its own. */
	while (!atomic_load(&h->abort)) {
		int64_t now = hub_now(h);
		check_stale(fd, now);
		int64_t now_ms = monocv_now_ms();
		if (now_ms >= due) {
			int64_t next_s = fd->poll.interval_s;
			run_attempt(fd, &next_s);
			if (h->wake && !atomic_load(&h->abort))
				h->wake(h->ud);
			due = monocv_now_ms() + next_s * 1000;
			continue;
		}
		int64_t until = due;
		if (!fd->stale_logged && fd->st.last_success) {
			int64_t stale_at =
			    now_ms +
			    (fd->st.last_success + fd->poll.stale_after_s + 1 - now) * 1000;
			if (stale_at < until)
				until = stale_at > now_ms ? stale_at : now_ms + 1000;
		}
		pthread_mutex_lock(&h->mu);
		if (!h->stop)
			monocv_wait_until(&h->mu, &h->cv, until);
		pthread_mutex_unlock(&h->mu);
	}
	return NULL;
}

enum pk_err fetcher_create(struct fetcher **out, const struct config *cfg, int64_t (*now)(void *ud),
                           fetcher_wake_fn wake, void *ud)
{
	*out = NULL;
	struct fetcher *f = calloc(1, sizeof *f);
	if (!f)
		return PK_ERR_NOMEM;
	f->cfg = *cfg;
	f->n = cfg->n_feeds < CONFIG_MAX_FEEDS ? cfg->n_feeds : CONFIG_MAX_FEEDS;
	if (f->n < 0)
		f->n = 0;
	if (!hub_init(&f->hub, cfg)) {
		free(f);
		return PK_ERR_NOMEM;
	}
	f->hub.now = now;
	f->hub.wake = wake;
	f->hub.ud = ud;
	f->hub.changed = true; /* the first poll hands out what the caches gave */
	enum pk_err rc = PK_OK;
	char err[300];
	if (f->n > 0)
		f->hub.cache_ro = !resolve_cache_dir(&f->cfg, f->cache_dir, sizeof f->cache_dir);
	for (int i = 0; i < f->n && rc == PK_OK; i++) {
		rc = feed_setup(&f->feeds[i], &f->hub, &f->cfg, i, f->cache_dir, err, sizeof err);
		if (rc != PK_OK)
			log_error("%s", err);
	}
	int64_t t = hub_now(&f->hub);
	for (int i = 0; i < f->n && rc == PK_OK; i++) {
		struct feed *fd = &f->feeds[i];
		if (fd->is_http)
			load_cache(fd, t);
		else
			run_attempt(fd, NULL); /* a local file is read before the first frame */
	}
	for (int i = 0; i < f->n && rc == PK_OK; i++) {
		if (pthread_create(&f->feeds[i].thread, NULL, worker_main, &f->feeds[i]) != 0) {
			log_error("cannot start the worker of feed %s", f->feeds[i].st.name);
			rc = PK_ERR_NOMEM;
			break;
		}
		f->feeds[i].running = true;
	}
	if (rc != PK_OK) {
		fetcher_destroy(f);
		return rc;
	}
	*out = f;
	return PK_OK;
}

void fetcher_destroy(struct fetcher *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->hub.mu);
	f->hub.stop = true;
	atomic_store(&f->hub.abort, true);
	pthread_cond_broadcast(&f->hub.cv);
	pthread_mutex_unlock(&f->hub.mu);
	for (int i = 0; i < f->n; i++)
		http_transport_wakeup(f->feeds[i].xport);
	for (int i = 0; i < f->n; i++)
		if (f->feeds[i].running)
			pthread_join(f->feeds[i].thread, NULL);
	for (int i = 0; i < f->n; i++)
		feed_cleanup(&f->feeds[i]);
	hub_finish(&f->hub);
	free(f);
}

bool fetcher_poll(struct fetcher *f, struct model *combined, struct fetch_status *st, size_t n)
{
	pthread_mutex_lock(&f->hub.mu);
	if (!f->hub.changed) {
		pthread_mutex_unlock(&f->hub.mu);
		return false;
	}
	model_clear(combined);
	if (!publish(f->feeds, f->n, combined, &f->hub.orphans))
		log_error("out of memory combining the feeds' data");
	for (size_t i = 0; i < n && i < (size_t)f->n; i++)
		st[i] = f->feeds[i].st;
	f->hub.changed = false;
	pthread_mutex_unlock(&f->hub.mu);
	return true;
}

/* ------------------------------------------------------------------ one shot */

static void *once_main(void *arg)
{
	run_attempt(arg, NULL);
	return NULL;
}

enum pk_err fetch_once(const struct config *cfg, int64_t now, struct model *out,
                       struct fetch_status *st, size_t n)
{
	int nf = cfg->n_feeds < CONFIG_MAX_FEEDS ? cfg->n_feeds : CONFIG_MAX_FEEDS;
	if (nf <= 0)
		return PK_OK;
	enum pk_err rc = PK_OK;
	struct hub hub;
	memset(&hub, 0, sizeof hub);
	struct feed *feeds = calloc((size_t)nf, sizeof *feeds);
	char cache_dir[512], err[300];
	if (!feeds || !hub_init(&hub, cfg)) {
		free(feeds);
		return PK_ERR_NOMEM;
	}
	hub.fixed_now = now > 0 ? now : (int64_t)time(NULL);
	hub.cache_ro = !resolve_cache_dir(cfg, cache_dir, sizeof cache_dir);
	int ready = 0;
	for (; ready < nf; ready++) {
		rc = feed_setup(&feeds[ready], &hub, cfg, ready, cache_dir, err, sizeof err);
		if (rc != PK_OK) {
			log_error("%s", err);
			break;
		}
		load_cache(&feeds[ready], hub.fixed_now);
	}
	/* Every feed at once: a dead one costs its timeout once, not once per feed. */
	for (int i = 0; rc == PK_OK && i < nf; i++) {
		if (pthread_create(&feeds[i].thread, NULL, once_main, &feeds[i]) == 0)
			feeds[i].running = true;
		else
			run_attempt(&feeds[i], NULL);
	}
	for (int i = 0; i < nf; i++)
		if (feeds[i].running)
			pthread_join(feeds[i].thread, NULL);
	if (rc == PK_OK) {
		if (!publish(feeds, nf, out, &hub.orphans))
			rc = PK_ERR_NOMEM;
		for (size_t i = 0; i < n && i < (size_t)nf; i++)
			st[i] = feeds[i].st;
	}
	for (int i = 0; i < nf; i++)
		feed_cleanup(&feeds[i]); /* safe on a feed never set up: it is zeroed */
	free(feeds);
	hub_finish(&hub);
	return rc;
}
