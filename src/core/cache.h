/* The last good body of each feed on disk, so a restarted kiosk shows data (with its
 * true age) before the network answers, and keeps its ETag for conditional requests.
 * One file per feed URL, "<fnv1a64(url)>.cache": a magic line, one line of JSON meta,
 * then the body bytes. Written atomically (temp file, fsync, rename, fsync dir). */
#ifndef PARKKIOSK_CACHE_H
#define PARKKIOSK_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* A paged feed (ParkAPI v3 next_path) stores all its pages, concatenated. */
#define CACHE_MAX_PARTS 50

struct cache_meta {
	char url[1024];                   /* the feed URL (checked on load: hash collisions) */
	char etag[256];                   /* validator of part 0, "" = none */
	char last_modified[64];           /* validator of part 0, "" = none */
	int64_t fetched_at;               /* Unix seconds the body was last known current */
	char format[16];                  /* feed_format_name() of the parsed format */
	size_t n_parts;                   /* 1.. CACHE_MAX_PARTS */
	size_t part_len[CACHE_MAX_PARTS]; /* the body is the parts back to back */
};

/* Picks the cache directory: `configured` if not "", else the first entry of
 * $CACHE_DIRECTORY (systemd), else /var/cache/parkkiosk if it is a writable directory,
 * else $XDG_CACHE_HOME/parkkiosk, else $HOME/.cache/parkkiosk. Creates the chosen
 * directory (and missing parents, mode 0755) when it does not exist. False with a
 * reason in err when no readable directory is found. */
bool cache_dir_resolve(const char *configured, char *out, size_t cap, char *err, size_t errcap);

/* Whether cache_store can write in dir. A read-only cache directory (a read-only kiosk
 * image) is still resolved and read: the kiosk shows its last good data after a restart,
 * it only cannot update it. */
bool cache_dir_writable(const char *dir);

/* The file name (no directory) for a URL: 16 hex digits + ".cache" (needs 23 bytes). */
void cache_file_name(const char *url, char *out, size_t cap);

/* Writes meta + body (len bytes; the sum of meta->part_len) atomically. A failure
 * leaves the previous cache file as it was. */
enum pk_err cache_store(const char *dir, const struct cache_meta *meta, const char *body,
                        size_t len, char *err, size_t errcap);

/* Reads the cache file of `url`. On PK_OK *body is malloc'd (owned by the caller,
 * NUL-terminated after len bytes). A missing file is PK_ERR_IO with err = "" (nothing
 * to report); anything else (bigger than max_body bytes, bad magic, bad meta, wrong URL,
 * truncated body, checksum mismatch) fails with a reason in err. The body is not parsed
 * here: the caller re-parses it and treats a parse failure like a corrupt cache. */
enum pk_err cache_load(const char *dir, const char *url, size_t max_body, struct cache_meta *meta,
                       char **body, size_t *len, char *err, size_t errcap);

#endif
