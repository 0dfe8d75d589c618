/* Draws a layout (flat command list) with an SDL_Renderer. Simple text is laid out once
 * (font_run, cached by text, size and style) and drawn glyph by glyph from the glyph
 * atlas; other text (Arabic, bidi) as a texture per text, cached by (text, size, style,
 * direction, colours). Both within byte budgets, so an unchanged frame re-uses
 * everything, and the last frame drawn is remembered so that the loop can skip
 * drawing the very same frame again. Nothing here decides what is shown; that is
 * layout's job. */
#ifndef PARKKIOSK_RENDER_H
#define PARKKIOSK_RENDER_H

#include <SDL.h>

#include "atlas.h"
#include "err.h"
#include "font.h"
#include "layout.h"
#include "theme.h"

struct render;

/* r and f are borrowed and must outlive the render object. */
enum pk_err render_create(struct render **out, SDL_Renderer *r, struct font *f);
void render_destroy(struct render *rd);
/* The surface a software renderer made with SDL_CreateSoftwareRenderer draws into
 * (borrowed; NULL to forget it): render then writes fills and simple text there itself,
 * the same pixels, faster. A software renderer on a window needs no telling (its
 * window's surface). */
void render_set_surface(struct render *rd, SDL_Surface *target);
/* Draws every command; brightness 1.0 normal, lower for the dimmed schedule. A NULL
 * layout draws a black frame (display off). */
void render_frame(struct render *rd, const struct layout *l, const struct theme *t,
                  double brightness);
/* True when render_frame(l, t, brightness) would draw exactly the frame drawn last, at
 * the same output size (l NULL: the black frame). False after render_invalidate. */
bool render_unchanged(const struct render *rd, const struct layout *l, const struct theme *t,
                      double brightness);
/* Forgets what is on screen (exposed, resized, or the renderer lost its targets). */
void render_invalidate(struct render *rd);
/* Pixels the last render_frame drew: the whole target, or on a software renderer (which
 * keeps its pixels) only the cells whose commands changed since the frame before. */
long render_damage_px(const struct render *rd);
/* Whether the last render_frame wrote the target's pixels itself (render_set_surface). */
bool render_drew_direct(const struct render *rd);
/* Bytes held by cached text textures and the glyph atlas's pages (each within its
 * budget). */
long render_cache_bytes(const struct render *rd);
/* The glyph atlas that simple text is drawn from. */
void render_atlas_stats(const struct render *rd, struct atlas_stats *out);
/* The layout measurer backed by the font (ud = struct font *). */
int render_measure(void *font, enum font_style style, int px, const char *text);
/* The layout's cap-height measurer (font_cap_px): ud is the struct font. */
int render_cap_px(void *font, int px);

#endif
