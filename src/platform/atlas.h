/* The glyph atlas: each glyph of simple text (font_run) rasterised once per face, size,
 * style and colour into a page (its coverage, and a texture of it once the renderer
 * draws from that page), and text drawn glyph by glyph from the pages (blended, so any
 * background shows through). Pages are packed by shelf.h; memory is
 * bounded: beyond max_bytes, the page used least recently is emptied and reused, never
 * one that the frame being drawn uses (that frame may go over, and the excess is freed
 * when it ends). */
#ifndef PARKKIOSK_ATLAS_H
#define PARKKIOSK_ATLAS_H

#include <SDL.h>

#include "err.h"
#include "font.h"
#include "theme.h"

struct atlas;

struct atlas_stats {
	long bytes;      /* pages' coverage, and their textures where made */
	int pages;       /* pages held */
	long glyphs;     /* glyphs held */
	long rasterised; /* glyphs rasterised since created */
	long evicted;    /* pages emptied to make room since created */
};

/* r and f are borrowed and must outlive the atlas. */
enum pk_err atlas_create(struct atlas **out, SDL_Renderer *r, struct font *f, long max_bytes);
void atlas_destroy(struct atlas *a);
/* A frame starts: the pages it uses from now on are kept until it ends. */
void atlas_begin_frame(struct atlas *a);
/* The texture holding glyph g (of a run of style st at px) in colour fg, and in *src its
 * rectangle there (g->w × g->h); rasterised and uploaded on first use. Valid until the
 * frame ends. NULL when it cannot be made (out of memory, an empty glyph). */
SDL_Texture *atlas_glyph(struct atlas *a, enum font_style st, int px, const struct font_glyph *g,
                         struct theme_rgb fg, SDL_Rect *src);
/* The same glyph's coverage (the texture's alpha) without a texture: the page's bytes,
 * *pitch a row, the glyph at [src->y * *pitch + src->x], for drawing into a surface
 * directly. A page's texture is made only when atlas_glyph first asks for one of its
 * glyphs. Valid until the frame ends; NULL as atlas_glyph. */
const uint8_t *atlas_glyph_cov(struct atlas *a, enum font_style st, int px,
                               const struct font_glyph *g, struct theme_rgb fg, SDL_Rect *src,
                               int *pitch);
/* The frame ended: pages beyond the budget that it did not use are freed. */
void atlas_end_frame(struct atlas *a);
void atlas_get_stats(const struct atlas *a, struct atlas_stats *out);

#endif
