/* Strict JSON scanning in place, for leaving a far item out of a big body without building
 * its cJSON tree (feed.c). jscan_object checks that the bytes at s[i] are one object in
 * RFC 8259's grammar — which cJSON parses, and parses the same way — and lists its members'
 * keys and value spans. Anything this scanner is not sure cJSON would read alike (a raw
 * control byte in a string, a lone surrogate escape, a leading zero, a number too long for
 * cJSON's buffer, a key with an escape, deep nesting, too many members) makes it answer
 * "not sure" (0), and the caller parses the item as before. Pure; reads s[0..len) only.
 * Internal to src/core/feed. */
#ifndef PARKKIOSK_JSCAN_H
#define PARKKIOSK_JSCAN_H

#include <stdbool.h>
#include <stddef.h>

/* Nesting below the scanned object that is still scanned; deeper is "not sure". */
#define JSCAN_MAX_DEPTH 32

struct jscan_member {
	size_t key, key_len; /* the key's bytes, quotes excluded (no escapes in them) */
	size_t val, val_end; /* the value's bytes [val, val_end) */
};

/* One past the end of the object starting at s[i] == '{' when it is strict JSON, with its
 * members (in order, duplicates included) in m[0..*n); 0 when not sure, or when it has
 * more than cap members. */
size_t jscan_object(const char *s, size_t len, size_t i, struct jscan_member *m, size_t cap,
                    size_t *n);

/* The same for the array at s[i] == '[': its elements, with key_len 0. */
size_t jscan_array(const char *s, size_t len, size_t i, struct jscan_member *m, size_t cap,
                   size_t *n);

/* The first index from i on that is not JSON white space (or len). */
size_t jscan_skip_ws(const char *s, size_t len, size_t i);

/* One past the end of the strict JSON value starting at s[i]; 0 when not sure. */
size_t jscan_value(const char *s, size_t len, size_t i);

/* The value of the number token s[0..n) (one jscan_value accepted) when it is m·10^e with
 * an integer m < 2^53 and |e| <= 22: then one correctly rounded multiplication or division
 * gives exactly what strtod, and so cJSON, gives. False otherwise: ask cJSON. */
bool jscan_number(const char *s, size_t n, double *out);

#endif
