/* Checked number parsing: the whole text is the number, in a stated range, or it is
 * refused. No locale, no leading spaces or '+', no silent overflow (strtol, atoi and
 * sscanf("%d") do all of those). Pure. */
#ifndef PARKKIOSK_NUM_H
#define PARKKIOSK_NUM_H

#include <stdbool.h>
#include <stdint.h>

/* Decimal integer "[-]digits" at s; stops at the first non-digit and sets *end there.
 * False (and *out untouched) without a digit or when the value is outside [min, max]
 * (overflow counts as outside). */
__attribute__((warn_unused_result)) bool num_scan_i64(const char *s, const char **end, int64_t min,
                                                      int64_t max, int64_t *out);

/* The whole string is one decimal integer in [min, max]. */
__attribute__((warn_unused_result)) bool num_parse_i64(const char *s, int64_t min, int64_t max,
                                                       int64_t *out);
__attribute__((warn_unused_result)) bool num_parse_int(const char *s, int min, int max, int *out);

/* The whole string is digits only; a value over max (overflow included) gives max. For
 * hints such as Retry-After, where "very large" means "as long as allowed". */
__attribute__((warn_unused_result)) bool num_parse_u64_sat(const char *s, uint64_t max,
                                                           uint64_t *out);

/* The whole string is exactly `digits` hexadecimal digits (digits 1..16). */
__attribute__((warn_unused_result)) bool num_parse_hex_u64(const char *s, int digits,
                                                           uint64_t *out);

/* The whole string is a JSON-style decimal number ("-1", "0.25", "1e3", also ".5"),
 * finite and in [min, max]. */
__attribute__((warn_unused_result)) bool num_parse_double(const char *s, double min, double max,
                                                          double *out);

#endif
