/* Feeds in: for every configured feed (http(s) URL or local file), fetch within hard
 * limits, parse (feed.h) off the UI thread, keep the last good data per feed, cache the
 * last good body on disk (cache.h) and report per-feed health. The UI thread only calls
 * fetcher_poll, which never blocks on the network. */
#ifndef PARKKIOSK_FETCH_H
#define PARKKIOSK_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "feed_status.h"
#include "model.h"

/* Called from a worker thread when fetcher_poll has something new. Must be thread-safe
 * and cheap (the app pushes an SDL user event). */
typedef void (*fetcher_wake_fn)(void *ud);

struct fetcher;

/* Starts one worker per feed (random start offset, own poll interval, backoff). Loads
 * each feed's disk cache first, so the first poll already has the last good data. `now`
 * is the clock function (the app's, which honours --now); may be NULL for time(). */
enum pk_err fetcher_create(struct fetcher **out, const struct config *cfg, int64_t (*now)(void *ud),
                           fetcher_wake_fn wake, void *ud);
/* Stops the workers (aborting transfers in progress within ~100 ms) and frees. */
void fetcher_destroy(struct fetcher *f);

/* UI thread: if any feed has new data or new status since the last call, rebuilds
 * `combined` (all feeds' current entries, feed index set) and copies the statuses into
 * st[0..n-1] (n = number of feeds) and returns true; else returns false and touches
 * nothing. Never blocks longer than a mutex hold. */
bool fetcher_poll(struct fetcher *f, struct model *combined, struct fetch_status *st, size_t n);

/* One shot, on the calling thread (for --dump-state / --screenshot / --announce-text):
 * fetch each feed once within the limits; on failure fall back to its disk cache; append
 * all entries to `out`. Fills st like fetcher_poll. Fails only on out-of-memory: a dead
 * feed is a status, not an error. */
enum pk_err fetch_once(const struct config *cfg, int64_t now, struct model *out,
                       struct fetch_status *st, size_t n);

#endif
