/* ISO 8601 timestamps <-> Unix seconds (UTC). Pure. Zone-less stamps (ParkAPI v1,
 * NGSI v2) are taken as UTC, as those formats document. */
#ifndef PARKKIOSK_ISOTIME_H
#define PARKKIOSK_ISOTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Accepts YYYY-MM-DD[Thh:mm[:ss[.fff…]]][Z|±hh[:mm]] (also a space for T). Returns false
 * on anything else, including out-of-range fields. */
bool isotime_parse(const char *s, int64_t *out);

/* Writes "YYYY-MM-DDThh:mm:ssZ" (needs 21 bytes). */
void isotime_format(int64_t t, char *buf, size_t cap);

/* Days since 1970-01-01 for a civil date (proleptic Gregorian). */
int64_t isotime_days_from_civil(int y, int m, int d);

/* Broken-down UTC time. */
struct isotime_parts {
	int year, month, day, hour, minute, second, weekday; /* weekday 0 = Monday */
};
void isotime_split(int64_t t, struct isotime_parts *out);

#endif
