/* Bidirectional text: splits one line of logical UTF-8 text into directional runs in
 * visual order (Unicode Bidirectional Algorithm, UAX #9, via libfribidi). Each run keeps
 * its characters in logical order, so a shaper (HarfBuzz) joins Arabic letters and lays
 * an RTL run out right to left itself; digits and Latin names inside Arabic stay LTR.
 * Pure: no display, no state. */
#ifndef PARKKIOSK_BIDI_H
#define PARKKIOSK_BIDI_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Paragraph (base) direction. BIDI_AUTO takes it from the first strong character
 * (rule P2/P3) and falls back to left to right. */
enum bidi_dir { BIDI_LTR, BIDI_RTL, BIDI_AUTO };

struct bidi_run {
	size_t start, len; /* bytes of the logical string */
	bool rtl;          /* odd embedding level: laid out right to left */
	int level;         /* resolved embedding level (0 = LTR paragraph text) */
};

/* Writes the runs of text (strlen bytes; invalid bytes count as one U+FFFD each) in
 * visual order, leftmost first, to runs[0..cap) and their total count to *n — which may
 * exceed cap (then only the first cap were written; call again with room for *n).
 * The runs cover every byte exactly once (text beyond 1 MiB is ignored). Empty text
 * gives *n = 0.
 * PK_ERR_NOMEM is the only failure. */
enum pk_err bidi_split(const char *text, enum bidi_dir base, struct bidi_run *runs, size_t cap,
                       size_t *n);

/* Direction of the last strong (letter) character in the len bytes at s: BIDI_LTR or
 * BIDI_RTL, or BIDI_AUTO when there is none (digits and punctuation are not strong). */
enum bidi_dir bidi_last_strong(const char *s, size_t len);

#endif
