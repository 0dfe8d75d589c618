/* Health files for operators (see health.h). Both formats are built in memory and then
 * swapped in with one rename(2), so a collector never reads half a file. Feed names and
 * errors are sanitised again here: they end up in files other programs parse, and an
 * error text may quote a URL whose query string holds an API key. */
#include "health.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "dynbuf.h"
#include "isotime.h"
#include "log.h"
#include "text.h"
#include "url.h"
#include "version.h"

/* Longest feed name and error text written; longer ones are cut. */
#define NAME_CAP 80
#define ERROR_CAP 200

/* A growing string; on allocation failure it sets oom and stops growing. */
/* The exposition text: a dynbuf with a sticky failure, so the writers below need not
 * check every line. 1 MiB is far above 64 feeds' metrics. */
#define PROM_MAX_BYTES (1024u * 1024)

struct sbuf {
	struct dynbuf d;
	bool oom; /* a write failed (out of memory or over the cap) */
};

static void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	if (b->oom)
		return;
	va_list ap;
	va_start(ap, fmt);
	b->oom = dynbuf_vprintf(&b->d, fmt, ap) != PK_OK;
	va_end(ap);
}

/* Copies an error text, sanitised, with every URL's userinfo, query and fragment
 * removed: "https://u:pw@host/p?key=1 x" -> "https://host/p?… x". */
static void redact_error(char *dst, size_t cap, const char *src)
{
	char clean[ERROR_CAP];
	text_sanitize(clean, sizeof clean, src, strlen(src));
	size_t o = 0;
	const char *p = clean;
	while (*p && o + 1 < cap) {
		const char *scheme = strstr(p, "://");
		if (!scheme) {
			size_t n = strlen(p);
			if (n > cap - 1 - o)
				n = cap - 1 - o;
			memcpy(dst + o, p, n);
			o += n;
			break;
		}
		/* Up to and including "://". */
		const char *host = scheme + 3;
		size_t n = (size_t)(host - p);
		if (n > cap - 1 - o)
			n = cap - 1 - o;
		memcpy(dst + o, p, n);
		o += n;
		const char *end = host + strcspn(host, " \"'<>");
		o += url_redact(host, (size_t)(end - host), dst + o, cap - o);
		p = end;
	}
	dst[o] = '\0';
}

static bool name_taken(char (*names)[NAME_CAP], size_t before, const char *name)
{
	for (size_t j = 0; j < before; j++)
		if (strcmp(names[j], name) == 0)
			return true;
	return false;
}

/* The names written for every feed: sanitised, never empty, unique ("name#2"), so that
 * no two Prometheus series collide (node_exporter rejects a file that has duplicates). */
static void feed_names(const struct health_snapshot *s, char (*names)[NAME_CAP])
{
	for (size_t i = 0; i < s->n_feeds; i++) {
		char base[NAME_CAP - 12];
		const char *raw = s->feeds[i].name;
		text_sanitize(base, sizeof base, raw, strnlen(raw, sizeof s->feeds[i].name));
		if (base[0] == '\0')
			snprintf(base, sizeof base, "feed%zu", i + 1);
		snprintf(names[i], NAME_CAP, "%s", base);
		for (int k = 2; name_taken(names, i, names[i]); k++)
			snprintf(names[i], NAME_CAP, "%s#%d", base, k);
	}
}

static size_t n_feeds_capped(const struct health_snapshot *s)
{
	/* The fetcher never has more; the cap keeps the name table on the stack. */
	return s->n_feeds < CONFIG_MAX_FEEDS ? s->n_feeds : CONFIG_MAX_FEEDS;
}

static cJSON *json_time(int64_t t)
{
	if (t <= 0)
		return cJSON_CreateNull();
	char buf[32];
	isotime_format(t, buf, sizeof buf);
	return cJSON_CreateString(buf);
}

static int64_t data_age(const struct health_snapshot *s, const struct fetch_status *f)
{
	if (f->data_time <= 0)
		return -1;
	return s->now > f->data_time ? s->now - f->data_time : 0;
}

/* Builds the JSON document; NULL on out-of-memory. Caller frees with free(). */
static char *build_json(const struct health_snapshot *s)
{
	struct health_snapshot capped = *s;
	capped.n_feeds = n_feeds_capped(s);
	char names[CONFIG_MAX_FEEDS][NAME_CAP];
	feed_names(&capped, names);
	cJSON *root = cJSON_CreateObject();
	cJSON *feeds = cJSON_CreateArray();
	char *out = NULL;
	if (!root || !feeds) {
		cJSON_Delete(feeds);
		goto out;
	}
	cJSON_AddItemToObject(root, "version", cJSON_CreateString(PARKKIOSK_VERSION));
	cJSON_AddItemToObject(root, "git", cJSON_CreateString(PARKKIOSK_GIT));
	cJSON_AddItemToObject(root, "now", json_time(s->now));
	cJSON_AddItemToObject(root, "started", json_time(s->started));
	cJSON_AddNumberToObject(root, "uptime_s",
	                        (double)(s->now > s->started ? s->now - s->started : 0));
	cJSON_AddNumberToObject(root, "frames_drawn", (double)s->frames_drawn);
	cJSON_AddStringToObject(root, "display", s->first_frame > 0 ? "drawing" : HEALTH_NO_FRAME);
	cJSON_AddItemToObject(root, "first_frame", json_time(s->first_frame));
	cJSON_AddNumberToObject(root, "speech_sessions", (double)s->speech_sessions);
	if (s->screen)
		cJSON_AddStringToObject(root, "screen", s->screen);
	cJSON_AddItemToObject(root, "feeds", feeds);
	for (size_t i = 0; i < capped.n_feeds; i++) {
		const struct fetch_status *f = &s->feeds[i];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			goto out;
		cJSON_AddItemToArray(feeds, o);
		cJSON_AddStringToObject(o, "name", names[i]);
		cJSON_AddBoolToObject(o, "has_data", f->has_data);
		cJSON_AddBoolToObject(o, "from_cache", f->from_cache);
		cJSON_AddItemToObject(o, "last_attempt", json_time(f->last_attempt));
		cJSON_AddItemToObject(o, "last_success", json_time(f->last_success));
		cJSON_AddItemToObject(o, "data_time", json_time(f->data_time));
		int64_t age = data_age(s, f);
		if (age >= 0)
			cJSON_AddNumberToObject(o, "data_age_s", (double)age);
		else
			cJSON_AddNullToObject(o, "data_age_s");
		cJSON_AddNumberToObject(o, "consecutive_failures", f->consecutive_failures);
		cJSON_AddNumberToObject(o, "last_http", f->last_http);
		char err[ERROR_CAP];
		redact_error(err, sizeof err, f->last_error);
		cJSON_AddStringToObject(o, "last_error", err);
		cJSON_AddNumberToObject(o, "entries", (double)f->entries);
		/* A feed whose items were all unusable is not current, and says why. */
		cJSON_AddStringToObject(o, "unusable", f->unusable);
		cJSON_AddBoolToObject(o, "static_table", f->static_table);
	}
	out = cJSON_Print(root);
out:
	cJSON_Delete(root);
	return out;
}

/* A Prometheus label value: backslash, double quote and newline escaped. */
static void prom_label(struct sbuf *b, const char *v)
{
	for (const char *p = v; *p; p++) {
		if (*p == '\\')
			sbuf_printf(b, "\\\\");
		else if (*p == '"')
			sbuf_printf(b, "\\\"");
		else if (*p == '\n')
			sbuf_printf(b, "\\n");
		else
			sbuf_printf(b, "%c", *p);
	}
}

static void prom_family(struct sbuf *b, const char *name, const char *type, const char *help)
{
	sbuf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

enum feed_metric {
	FM_HAS_DATA,
	FM_FROM_CACHE,
	FM_LAST_ATTEMPT,
	FM_LAST_SUCCESS,
	FM_DATA_AGE,
	FM_FAILURES,
	FM_HTTP,
	FM_ENTRIES,
	FM_COUNT
};

static const struct {
	const char *name, *help;
} feed_metrics[FM_COUNT] = {
    [FM_HAS_DATA] = {"parkkiosk_feed_has_data",
                     "1 if the feed has data to show (fresh or cached)."},
    [FM_FROM_CACHE] = {"parkkiosk_feed_from_cache",
                       "1 if the data shown came from the disk cache."},
    [FM_LAST_ATTEMPT] = {"parkkiosk_feed_last_attempt_timestamp_seconds",
                         "Unix time of the last fetch attempt, 0 if never."},
    [FM_LAST_SUCCESS] = {"parkkiosk_feed_last_success_timestamp_seconds",
                         "Unix time data was last obtained (fetch, 304 or cache), 0 if never."},
    [FM_DATA_AGE] = {"parkkiosk_feed_data_age_seconds",
                     "Seconds since the newest update time in the feed's data (absent if none)."},
    [FM_FAILURES] = {"parkkiosk_feed_consecutive_failures",
                     "Failed attempts since the last success."},
    [FM_HTTP] = {"parkkiosk_feed_last_http_status", "Last HTTP status, 0 for none or a file."},
    [FM_ENTRIES] = {"parkkiosk_feed_entries", "Sites and spots in the feed's current data."},
};

static bool feed_metric_value(const struct health_snapshot *s, const struct fetch_status *f,
                              enum feed_metric m, int64_t *v)
{
	switch (m) {
	case FM_HAS_DATA:
		*v = f->has_data;
		return true;
	case FM_FROM_CACHE:
		*v = f->from_cache;
		return true;
	case FM_LAST_ATTEMPT:
		*v = f->last_attempt > 0 ? f->last_attempt : 0;
		return true;
	case FM_LAST_SUCCESS:
		*v = f->last_success > 0 ? f->last_success : 0;
		return true;
	case FM_DATA_AGE:
		*v = data_age(s, f);
		return *v >= 0;
	case FM_FAILURES:
		*v = f->consecutive_failures;
		return true;
	case FM_HTTP:
		*v = f->last_http;
		return true;
	case FM_ENTRIES:
		*v = (int64_t)f->entries;
		return true;
	case FM_COUNT:
		break;
	}
	return false;
}

/* Builds the exposition text; NULL on out-of-memory. Caller frees with free(). */
static char *build_prometheus(const struct health_snapshot *s)
{
	struct health_snapshot capped = *s;
	capped.n_feeds = n_feeds_capped(s);
	char names[CONFIG_MAX_FEEDS][NAME_CAP];
	feed_names(&capped, names);
	struct sbuf b = {.oom = false};
	dynbuf_init(&b.d, PROM_MAX_BYTES, "health metrics");
	prom_family(&b, "parkkiosk_up", "gauge",
	            "1 while parkkiosk writes this file; "
	            "alert on node_textfile_mtime_seconds going stale.");
	sbuf_printf(&b, "parkkiosk_up 1\n");
	prom_family(&b, "parkkiosk_build_info", "gauge", "Version of the running parkkiosk.");
	sbuf_printf(&b, "parkkiosk_build_info{version=\"");
	prom_label(&b, PARKKIOSK_VERSION);
	sbuf_printf(&b, "\",git=\"");
	prom_label(&b, PARKKIOSK_GIT);
	sbuf_printf(&b, "\"} 1\n");
	prom_family(&b, "parkkiosk_start_time_seconds", "gauge", "Unix time the process started.");
	sbuf_printf(&b, "parkkiosk_start_time_seconds %" PRId64 "\n", s->started);
	prom_family(&b, "parkkiosk_last_update_timestamp_seconds", "gauge",
	            "Unix time this file was written.");
	sbuf_printf(&b, "parkkiosk_last_update_timestamp_seconds %" PRId64 "\n", s->now);
	prom_family(&b, "parkkiosk_frames_drawn_total", "counter", "Frames rendered.");
	sbuf_printf(&b, "parkkiosk_frames_drawn_total %" PRIu64 "\n", s->frames_drawn);
	prom_family(&b, "parkkiosk_display_info", "gauge",
	            "1, labelled with whether the kiosk has drawn a frame since boot.");
	sbuf_printf(&b, "parkkiosk_display_info{status=\"%s\"} 1\n",
	            s->first_frame > 0 ? "drawing" : HEALTH_NO_FRAME);
	prom_family(&b, "parkkiosk_first_frame_timestamp_seconds", "gauge",
	            "Unix time of the first frame drawn since boot, 0 = none yet.");
	sbuf_printf(&b, "parkkiosk_first_frame_timestamp_seconds %" PRId64 "\n", s->first_frame);
	prom_family(&b, "parkkiosk_speech_sessions_total", "counter",
	            "Audio-mode sessions started (a count only).");
	sbuf_printf(&b, "parkkiosk_speech_sessions_total %" PRIu64 "\n", s->speech_sessions);
	if (s->screen) {
		static const char *const states[] = {"on", "dim", "off"};
		prom_family(&b, "parkkiosk_screen_state", "gauge",
		            "Display schedule state: 1 for the current one.");
		for (size_t i = 0; i < 3; i++)
			sbuf_printf(&b, "parkkiosk_screen_state{state=\"%s\"} %d\n", states[i],
			            strcmp(s->screen, states[i]) == 0);
	}
	for (int m = 0; m < FM_COUNT; m++) {
		bool header = false;
		for (size_t i = 0; i < capped.n_feeds; i++) {
			int64_t v;
			if (!feed_metric_value(s, &s->feeds[i], (enum feed_metric)m, &v))
				continue;
			if (!header) {
				prom_family(&b, feed_metrics[m].name, "gauge",
				            feed_metrics[m].help);
				header = true;
			}
			sbuf_printf(&b, "%s{feed=\"", feed_metrics[m].name);
			prom_label(&b, names[i]);
			sbuf_printf(&b, "\"} %" PRId64 "\n", v);
		}
	}
	char *text = NULL;
	if (b.oom || dynbuf_take(&b.d, &text, NULL) != PK_OK)
		text = NULL;
	dynbuf_free(&b.d);
	return text;
}

static size_t copy_out(char *doc, char *buf, size_t cap)
{
	if (!doc)
		return 0;
	size_t n = strlen(doc);
	if (cap > 0)
		text_copy(buf, cap, doc);
	free(doc);
	return n;
}

size_t health_format_json(char *buf, size_t cap, const struct health_snapshot *s)
{
	return copy_out(build_json(s), buf, cap);
}

size_t health_format_prometheus(char *buf, size_t cap, const struct health_snapshot *s)
{
	return copy_out(build_prometheus(s), buf, cap);
}

/* Writes doc to path through a temp file in the same directory and rename(2). */
static enum pk_err write_atomic(const char *path, const char *doc)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof tmp) {
		log_warn("health file path too long: %s", path);
		return PK_ERR_IO;
	}
	int fd = mkstemp(tmp);
	if (fd < 0) {
		log_warn("health file %s: %s", tmp, strerror(errno));
		return PK_ERR_IO;
	}
	size_t len = strlen(doc), done = 0;
	while (done < len) {
		ssize_t n = write(fd, doc + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		done += (size_t)n;
	}
	/* Counts only, meant for a collector running as another user: readable by all,
	 * whatever the service's UMask. */
	if (fchmod(fd, 0644) != 0)
		goto fail;
	/* No fsync: the file is rewritten within a minute, and kiosks keep it on tmpfs
	 * (/run) or must spare their flash. rename() alone keeps readers consistent. */
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	return PK_OK;
fail:
	log_warn("health file %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return PK_ERR_IO;
}

static enum pk_err write_doc(const char *path, char *doc)
{
	if (!doc)
		return PK_ERR_NOMEM;
	enum pk_err e = write_atomic(path, doc);
	free(doc);
	return e;
}

enum pk_err health_write_json(const char *path, const struct health_snapshot *s)
{
	return write_doc(path, build_json(s));
}

enum pk_err health_write_prometheus(const char *path, const struct health_snapshot *s)
{
	return write_doc(path, build_prometheus(s));
}

enum pk_err health_write(const char *path, const struct health_snapshot *s)
{
	size_t n = strlen(path);
	if (n >= 5 && strcmp(path + n - 5, ".prom") == 0)
		return health_write_prometheus(path, s);
	return health_write_json(path, s);
}
