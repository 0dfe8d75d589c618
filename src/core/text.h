/* Text hygiene for untrusted feed text, and small UTF-8 helpers. Pure functions: no
 * allocation, no locale. Everything a feed says passes text_sanitize before it is
 * stored, drawn or spoken. */
#ifndef PARKKIOSK_TEXT_H
#define PARKKIOSK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies src (len bytes, not necessarily NUL-terminated) into dst (cap bytes, always
 * NUL-terminated): invalid UTF-8 becomes U+FFFD, C0/C1 controls and DEL are dropped,
 * tabs and newlines become one space, runs of spaces fold to one, the ends are trimmed,
 * and the result is cut at a character boundary to fit. Returns the bytes written. */
size_t text_sanitize(char *dst, size_t cap, const char *src, size_t len);

/* Decodes one UTF-8 character at s (n bytes left). Sets *cp and returns its length,
 * or returns 0 for an invalid or truncated sequence. */
size_t text_utf8_next(const char *s, size_t n, uint32_t *cp);
/* The same for loops over untrusted bytes: an invalid or truncated sequence reads as
 * one byte of U+FFFD, so the loop always moves on. Returns 1 to 4 (0 only when n is 0). */
size_t text_utf8_step(const char *s, size_t n, uint32_t *cp);

/* True when the len bytes at s are valid UTF-8. */
bool text_utf8_valid(const char *s, size_t len);

/* Number of characters (code points) in a valid UTF-8 string. */
size_t text_utf8_count(const char *s);

/* Byte offset of the first `chars` characters of s (clamped to its length). */
size_t text_utf8_prefix(const char *s, size_t chars);

/* True when every character of the valid UTF-8 string s lies in a left-to-right script
 * drawn glyph by glyph (Latin, Greek, Cyrillic, digits, punctuation, arrows and symbols):
 * no bidi reordering, joining or mark positioning. Such text may be composed from a glyph
 * atlas; anything else (Arabic, Hebrew, combining marks, bidi and format controls,
 * Indic scripts, characters beyond the BMP, invalid UTF-8) needs the full shaper. */
bool text_is_simple(const char *s);

/* snprintf that never fails silently: truncates at a character boundary. */
void text_copy(char *dst, size_t cap, const char *src);

#endif
