/* Feed parsers: bytes -> model. One parser per format (src/core/feed/<format>.c), plus
 * format detection (an XML body is DATEX II, anything else JSON). Parsers never keep a cJSON
 * pointer past the call, sanitise every string (text_sanitize) and never fail on a single bad item:
 * they skip it and count it. */
#ifndef PARKKIOSK_FEED_H
#define PARKKIOSK_FEED_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "model.h"

enum feed_format {
	FEED_AUTO = 0,  /* detect from the body */
	FEED_PARKAPI3,  /* ParkAPI v3 /v3/parking-sites, /v3/parking-spots (envelope or item) */
	FEED_PARKENDD1, /* ParkenDD / ParkAPI v1 city document */
	FEED_NGSI,      /* FIWARE NGSI v2 / NGSI-LD, keyValues or normalized, array or entity */
	FEED_DATEX2,    /* DATEX II XML (v2 MDM, v2.3, v3) table or status publication */
};

/* Hard limits on one body, whatever the configured fetch cap: cJSON spends about 100
 * bytes per JSON value and an entry is about 500 bytes, so these bound a parse to a few
 * hundred MiB even for a hostile body. Over a limit the parse fails with PK_ERR_TOO_BIG. */
#define FEED_MAX_BYTES (256L * 1024 * 1024)
#define FEED_MAX_JSON_VALUES 2000000L
#define FEED_MAX_ENTRIES 50000

/* A count the feed did send but that no int count can be (fractional like 12.5, or
 * beyond int range like 1e300). Negative, so the view flags it as impossible, exactly
 * as it flags a -1 that the feed sent; MODEL_UNKNOWN stays for "not sent / not a
 * number". */
#define FEED_COUNT_IMPOSSIBLE (INT_MIN + 1)

/* What a parse learnt besides the entries. */
struct feed_info {
	enum feed_format format; /* the format actually parsed */
	int64_t feed_time;       /* feed-level timestamp (v1 last_updated), 0 if none */
	size_t items;            /* items seen in the body */
	size_t skipped;          /* items ignored: other purposes, bad shape, no position */
	char skip_reason[96];    /* why the first skipped item was skipped, "" if none */
	char next_path[512];     /* ParkAPI v3 paging: next_path, "" on the last page */
	size_t dropped;          /* entries left out as further away than those kept
	                            (feed_parse_nearest), 0 otherwise */
};

/* Parses len bytes into out (entries appended; out is not cleared). On failure out is
 * left as it was and err (errcap bytes) holds one human-readable line. */
enum pk_err feed_parse(enum feed_format fmt, const char *bytes, size_t len, struct model *out,
                       struct feed_info *info, char *err, size_t errcap);

/* As feed_parse, but keeps of the body's entries only those model_keep_nearest(keep) keeps,
 * and leaves the others out while reading (info->dropped counts them): a body with any
 * number of entries within FEED_MAX_BYTES is read in memory bounded by what is kept, and
 * FEED_MAX_ENTRIES applies to what is kept. Entries already in out are not considered.
 * keep NULL: feed_parse. keep is borrowed for the call. */
enum pk_err feed_parse_nearest(enum feed_format fmt, const char *bytes, size_t len,
                               const struct model_keep *keep, struct model *out,
                               struct feed_info *info, char *err, size_t errcap);

/* "parkapi3", "parkenddv1", "ngsi", "datex2", "auto" <-> enum. parse returns false if unknown. */
const char *feed_format_name(enum feed_format f);
_Bool feed_format_parse(const char *name, enum feed_format *out);

#endif
