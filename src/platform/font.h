/* Fonts: Atkinson Hyperlegible Next first, then fallbacks chosen per run of text by glyph
 * coverage (Noto Sans for Cyrillic and the full Latin set, Noto Sans Arabic, DejaVu Sans
 * for arrows and symbols). Measures and renders UTF-8 text; implements the layout's text
 * measurer. Text is given in logical order; right-to-left runs are reordered with
 * libfribidi and shaped by SDL_ttf's HarfBuzz. */
#ifndef PARKKIOSK_FONT_H
#define PARKKIOSK_FONT_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "textstyle.h"

struct font;

enum pk_err font_create(struct font **out, const char *fonts_dir, char *err, size_t errcap);
void font_destroy(struct font *f);

/* Width in pixels of text at px (pixel em size). */
int font_width(struct font *f, enum font_style style, int px, const char *text);
/* Height of a capital H relative to px, measured from the primary font. */
double font_cap_ratio(const struct font *f);
/* Rendered height of a capital H at px (rows of at least half coverage, the smaller of
 * regular and bold): what the 0.7° rule is checked against on pixels. */
int font_cap_px(struct font *f, int px);
/* Line height (ascent + descent of the tallest face) relative to px. */
double font_line_ratio(const struct font *f);
/* Renders text (white on transparent, ARGB8888) — the caller colour-mods it; NULL on
 * failure or empty text. base_rtl: the paragraph direction. */
SDL_Surface *font_render(struct font *f, enum font_style style, int px, const char *text,
                         bool base_rtl);
/* False (and the first missing code point in *missing) if no face has a glyph for some
 * character of text. */
bool font_covers(struct font *f, const char *text, uint32_t *missing);

#endif
