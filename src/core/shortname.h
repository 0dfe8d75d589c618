/* Shorter forms of a place's name, for a line that cannot hold it whole (the street
 * display's rows, read from metres away). Pure. Only the rows use them: speech and the
 * details screen keep the full name. */
#ifndef PARKKIOSK_SHORTNAME_H
#define PARKKIOSK_SHORTNAME_H

#include <stdbool.h>
#include <stddef.h>

#define SHORTNAME_MAX 5   /* forms at most, the name itself included */
#define SHORTNAME_CAP 256 /* bytes of one form */

/* Writes the forms of name into forms[0 .. max), longest first, each one shorter than the
 * one before, and returns how many: the name itself, then, one after the other
 *   without a trailing parenthesised part: "P05 - Rempartstraße 11 (CopyMan)" ->
 *                                          "P05 - Rempartstraße 11"
 *   without a leading code ("P05 - ", "P05: ", "A12 – "):      "Rempartstraße 11"
 *   without the house number ("11", "16b", "12-14"):           "Rempartstraße"
 *   "straße"/"strasse" at the end as "str.":                   "Rempartstr."
 * A step that would leave nothing, or change nothing, is skipped. 0 for an empty name. */
size_t shortname_forms(const char *name, char forms[][SHORTNAME_CAP], size_t max);

/* True when s is a code such as "P06", "A12" or "7": up to six ASCII letters and digits,
 * at least one a digit. */
bool shortname_is_code(const char *s, size_t len);

#endif
