/* Where the read-only data (fonts/, locales/, assets/) is: $PARKKIOSK_DATADIR, else for
 * the installed binary /usr/share/parkkiosk, and for a development build its source tree
 * (each falling back to the other). */
#ifndef PARKKIOSK_PATHS_H
#define PARKKIOSK_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the directory holding `sub` (e.g. "fonts") into out; false if none exists. */
bool paths_data(const char *sub, char *out, size_t cap);

#endif
