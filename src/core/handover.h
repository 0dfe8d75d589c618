/* Handing a parking place over to a phone (issue 17): the text of the QR code on the
 * details screen. By default a geo: URI that Android and iOS map apps open,
 * "geo:47.994700,7.849200?q=47.994700,7.849200(Rempartstra%C3%9Fe%2011)"; or a city's URL
 * template with {lat}, {lon} and {name}, each percent-encoded. Only the place goes in: no
 * kiosk id, no time, nothing about the person. Pure. */
#ifndef PARKKIOSK_HANDOVER_H
#define PARKKIOSK_HANDOVER_H

#include <stdbool.h>
#include <stddef.h>

/* The longest template accepted and the longest text built (a QR code of this size stays
 * at version 15 or below at error correction M, so modules stay large on the panel). */
#define HANDOVER_TEMPLATE_MAX 256
#define HANDOVER_URI_MAX 400

/* Percent-encodes s (UTF-8) as RFC 3986 wants for a component: unreserved characters
 * (A-Z a-z 0-9 - . _ ~) stay, every other byte is %XX (upper-case hex). Never splits a
 * UTF-8 sequence: stops before the first character whose encoding does not fit cap - 1
 * bytes. Returns the length written (always NUL-terminated when cap > 0). */
size_t handover_percent_encode(const char *s, char *out, size_t cap);

/* Checks a URL template: 1 … HANDOVER_TEMPLATE_MAX - 1 bytes of printable ASCII without
 * spaces, starting with "https://", "http://" or "geo:", with only the placeholders
 * {lat}, {lon}, {name} (each any number of times), {lat} and {lon} both present, and no
 * stray brace. False with a reason (no field name; the caller adds it). */
bool handover_template_ok(const char *tmpl, char *err, size_t errcap);

/* Builds the text for a place: the template (NULL or "" for the default geo: URI) with
 * lat and lon as decimal degrees (6 decimals, '.' whatever the locale) and the name
 * percent-encoded, each placeholder filled every time it occurs; the name is cut at a
 * character boundary (the same cut in every copy) so that the whole fits HANDOVER_URI_MAX. False if
 * the template is not valid or the result does not fit cap. */
bool handover_uri(const char *tmpl, double lat, double lon, const char *name, char *out,
                  size_t cap);

#endif
