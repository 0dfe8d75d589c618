/* Fonts: Atkinson Hyperlegible Next first, then fallbacks chosen per run of text by glyph
 * coverage (Noto Sans for Cyrillic and the full Latin set, Noto Sans Arabic, DejaVu Sans
 * for arrows and symbols). Measures and renders UTF-8 text; implements the layout's text
 * measurer. Text is given in logical order; right-to-left runs are reordered with
 * libfribidi and shaped by SDL_ttf's HarfBuzz. Simple left-to-right text (text_is_simple)
 * is laid out glyph by glyph with HarfBuzz and FreeType directly (font_run), with the same
 * positions, so that a renderer can compose it from a glyph atlas. */
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
/* One glyph of a laid-out line: the rectangle its coverage bitmap covers in the line's
 * surface (the surface font_render would return). */
struct font_glyph {
	uint32_t id; /* glyph index in its face */
	int face;    /* which of the fonts */
	int x, y, w, h;
};

/* A line of simple text (text_is_simple), glyph by glyph: shaped by HarfBuzz with
 * FreeType's hinted metrics exactly as SDL_ttf lays it out, so drawing its glyphs one by
 * one gives font_render's pixels, and its width is font_width's. */
struct font_run {
	enum font_style style;
	int px;
	int w, h; /* the line's surface */
	size_t n;
	struct font_glyph *g; /* owned */
};

/* Lays out text as a run. PK_ERR_UNSUPPORTED when it needs the full path (base_rtl, or
 * not text_is_simple); PK_ERR_NOMEM. An empty run (n == 0, w == 0) draws nothing. */
enum pk_err font_run_create(struct font *f, enum font_style style, int px, const char *text,
                            bool base_rtl, struct font_run *out);
void font_run_finish(struct font_run *r);
/* The 8-bit coverage of glyph g of a run at px, g->w × g->h bytes with pitch g->w, into
 * buf (cap bytes). False when it cannot be rasterised or does not fit. */
bool font_glyph_coverage(struct font *f, enum font_style style, int px, const struct font_glyph *g,
                         uint8_t *buf, size_t cap);
/* False (and the first missing code point in *missing) if no face has a glyph for some
 * character of text. */
bool font_covers(struct font *f, const char *text, uint32_t *missing);

#endif
