/* Internal to the feed parsers (src/feed/ files): the per-format entry points that feed.c
 * dispatches to, and the small JSON readers every format shares (numbers that may be
 * strings, counts that may be impossible, sanitised text, ISO times). Nothing outside
 * src/feed includes this; the public interface is feed.h. */
#ifndef PARKKIOSK_FEED_INT_H
#define PARKKIOSK_FEED_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "err.h"
#include "feed.h"
#include "model.h"

struct feed_near;
struct feed_place;

/* Per-format parsers. root is borrowed and only read during the call; entries are pushed
 * onto out (a scratch model that feed_parse appends to the caller's on success). near
 * (feed_near.h, may be NULL) leaves far entries out, counted in info->dropped. */
enum pk_err feed_parse_parkapi3(const cJSON *root, struct feed_near *near, struct model *out,
                                struct feed_info *info, char *err, size_t errcap);
enum pk_err feed_parse_parkenddv1(const cJSON *root, struct model *out, struct feed_info *info,
                                  char *err, size_t errcap);
enum pk_err feed_parse_ngsi(const cJSON *root, struct feed_near *near, struct model *out,
                            struct feed_info *info, char *err, size_t errcap);

/* Where the parser would place this item for the far filter (feed_near.h): true with
 * *place filled in, false when it would skip the item or the item has no position (so is
 * never left out). item need hold only the members of keys *_reads_key accepts: feed.c
 * makes such an object of a few members of the raw item. */
bool feed_parkapi3_place(const cJSON *item, struct feed_place *place);
bool feed_ngsi_place(const cJSON *entity, struct feed_place *place);
/* Whether *_place can read a member of this key. */
bool feed_parkapi3_reads_key(const char *key, size_t n);
bool feed_ngsi_reads_key(const char *key, size_t n);

/* DATEX II works on the bytes (XML), not on a cJSON tree. */
enum pk_err feed_parse_datex2(const char *bytes, size_t len, struct model *out,
                              struct feed_info *info, char *err, size_t errcap);
/* True when the body holds a markup declaration (DOCTYPE, ENTITY, ...), which the DATEX II
 * reader refuses before parsing; *what names it. */
bool feed_datex2_refused_markup(const char *bytes, size_t len, const char **what);

/* Shape tests used by FEED_AUTO detection and by the parsers' own root checks. */
bool feed_parkapi3_is_item(const cJSON *obj);
bool feed_ngsi_is_entity(const cJSON *obj);

/* Writes a one-line message into err (may be NULL) and returns e: err.h's pk_fail, under
 * the name the parsers have always used. */
#define feed_fail pk_fail

/* Object member by exact key; NULL if obj is not an object or has no such key. A JSON
 * null counts as absent: feeds use it for "not known" as often as they omit the key. */
const cJSON *feed_get(const cJSON *obj, const char *key);

/* A finite number, or a string holding exactly one (JSON number syntax, surrounding
 * blanks allowed). Anything else is false. */
bool feed_number(const cJSON *v, double *out);

/* A count: MODEL_UNKNOWN when v is absent or not a number / numeric string;
 * FEED_COUNT_IMPOSSIBLE when it is a number no int count can be (fractional, huge);
 * otherwise the value as sent, negative included. */
int feed_count(const cJSON *v);

/* A usable WGS84 position (finite, in range, and not the 0/0 "null island" that some
 * feeds send for "no position"). */
bool feed_position_ok(double lat, double lon);

/* Sanitised copy of a string value into dst; false (dst = "") when v is not a string. */
bool feed_text(char *dst, size_t cap, const cJSON *v);

/* A key and its length, for feed_key_in. */
struct feed_key {
	const char *s;
	size_t n;
};
#define FEED_KEY(lit)                                                                              \
	{                                                                                          \
		lit, sizeof lit - 1                                                                \
	}

/* Whether key[0..n) is one of keys[0..count). */
bool feed_key_in(const char *key, size_t n, const struct feed_key *keys, size_t count);

/* Whether feed_text of the string s would leave any text (false for NULL). */
bool feed_text_nonempty(const char *s);

/* An ISO 8601 string as Unix seconds; false when v is not a string isotime_parse takes. */
bool feed_time(const cJSON *v, int64_t *out);

/* The string value of v, or NULL (no copy: valid while the cJSON tree lives). */
const char *feed_str(const cJSON *v);

/* ASCII case-insensitive equality. */
bool feed_streq(const char *a, const char *b);

/* Counts an item as skipped; the first reason is kept in info->skip_reason. */
void feed_skip(struct feed_info *info, const char *reason);

/* Pushes a new entry, counting it against FEED_MAX_ENTRIES. NULL with *rc set to
 * PK_ERR_NOMEM or PK_ERR_TOO_BIG when it cannot. */
struct model_entry *feed_push(struct model *out, enum model_kind kind, enum pk_err *rc);

#endif
