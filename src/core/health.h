/* Operator health output: a status JSON file or a Prometheus textfile-collector file
 * (node_exporter --collector.textfile.directory), chosen by the path's extension
 * (".prom" -> Prometheus, anything else -> JSON). Counts and feed states only: never what
 * a person looked at, pressed or heard. Files are replaced atomically (temp + rename)
 * and are world-readable (0644) so a collector running as another user can read them. */
#ifndef PARKKIOSK_HEALTH_H
#define PARKKIOSK_HEALTH_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "feed_status.h"

struct health_snapshot {
	int64_t now;              /* Unix seconds */
	int64_t started;          /* process start, Unix seconds */
	uint64_t frames_drawn;    /* frames actually rendered (not loop iterations) */
	uint64_t speech_sessions; /* audio-mode sessions started (a count, no content) */
	int64_t first_frame;      /* Unix seconds of the first frame drawn since boot, 0 = none */
	const char *screen;       /* schedule state "on"/"dim"/"off", NULL = not reported */
	size_t n_feeds;
	const struct fetch_status *feeds; /* borrowed, n_feeds of them */
};

/* What the health output says until a frame is on the screen: a kiosk whose display
 * path fails restarts and stops (StartLimitBurst=), and this is what monitoring reads. */
#define HEALTH_NO_FRAME "no frame drawn since boot"

/* Writes the status JSON (see docs/deployment.md "Health"): version, times, uptime,
 * counters, display ("drawing" or HEALTH_NO_FRAME), first_frame, and per feed: name, has_data,
 * from_cache, last_attempt, last_success, data_time (ISO 8601 UTC or null), data_age_s,
 * consecutive_failures, last_http, last_error (URL query strings removed), entries. */
enum pk_err health_write_json(const char *path, const struct health_snapshot *s);

/* Writes Prometheus text exposition format 0.0.4 (see docs/deployment.md "Health"). */
enum pk_err health_write_prometheus(const char *path, const struct health_snapshot *s);

/* health_write_prometheus for "*.prom", else health_write_json. */
enum pk_err health_write(const char *path, const struct health_snapshot *s);

/* The same documents into a caller buffer (for tests and --dump-state); returns the
 * length the whole document needs (like snprintf), or 0 on out-of-memory. */
size_t health_format_json(char *buf, size_t cap, const struct health_snapshot *s);
size_t health_format_prometheus(char *buf, size_t cap, const struct health_snapshot *s);

#endif
