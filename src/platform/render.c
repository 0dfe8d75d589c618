/* Layout -> pixels (see render.h). */
#include "render.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "atlas.h"
#include "log.h"

#define CACHE_SLOTS 256
/* Textures are kept while they fit in this many bytes, or in two frames' worth when a
 * frame needs more (a 1080p frame's texts are about 3 MiB, 4K's 12 MiB): the frame on
 * screen plus the other page or the previous data, and a bound on memory however many
 * different texts a kiosk sees in a year. */
#define CACHE_MIN_BYTES (2L * 1024 * 1024)
#define CACHE_FRAMES 2
/* ... but never more than this beyond the frame on screen: at 4K two frames' texts
 * would be a quarter of the kiosk's memory. Old textures are evicted before new ones
 * are made, so a page turn never holds both pages over the budget. */
#define CACHE_MAX_BYTES (6L * 1024 * 1024)
/* Dirty rectangles, in the spirit of rxi/lite's rencache: every command's hash is folded
 * into each CELL_PX square cell it touches; only cells whose hash changed since the last
 * frame are drawn again. Only where the renderer keeps its pixels between frames (the
 * software renderer, on a window surface or a surface target); a GPU back buffer is
 * undefined after a present, so there every frame is drawn whole. */
#define CELL_PX 64
#define FNV_INIT 2166136261u
/* Simple text (font_run) is drawn glyph by glyph from the glyph atlas instead of a
 * texture per text; its pages are bounded by this (a 4K frame's glyphs are about 2 MiB,
 * where its texts' textures were 9 MiB). */
#define ATLAS_BYTES (4L * 1024 * 1024)

struct slot {
	uint64_t hash;
	char text[256];
	int px;
	enum font_style style;
	bool rtl;
	int box_h;               /* the line box it was made for (decides opaque or not) */
	struct theme_rgb fg, bg; /* colours baked in (opaque) or the colour mod (blended) */
	bool opaque;
	SDL_Texture *tex;    /* owned: the inked part of the text only (NULL for a run) */
	struct font_run run; /* owned: simple text, drawn from the atlas (run.g or n == 0) */
	bool is_run;
	int w, h;     /* the text's whole surface, which placement is computed from */
	SDL_Rect ink; /* where tex lies in that surface */
	long bytes;
	unsigned last_frame;
};

/* Direct drawing: where render knows the software renderer's target surface, it writes
 * fills and glyphs there itself, pixel for pixel what SDL would draw: plain stores where
 * SDL_FillRect streams past the cache (so the glyphs blended next read memory again),
 * and a glyph's coverage blended in a loop where SDL spends a blit call on each glyph. */
struct direct {
	Uint32 *px; /* borrowed: the target's pixels */
	int pitch;  /* pixels a row */
	const SDL_PixelFormat *fmt;
};

struct render {
	SDL_Renderer *r;      /* borrowed */
	SDL_Surface *surface; /* borrowed: the renderer's target, if told (render_set_surface) */
	bool direct;          /* this frame writes dt (see struct direct) */
	bool drew_direct;     /* the last frame did */
	struct direct dt;
	struct font *f;      /* borrowed */
	struct atlas *atlas; /* owned */
	struct slot slots[CACHE_SLOTS];
	long bytes;  /* all cached textures */
	long budget; /* what the cache may hold (set by trim), 0 = CACHE_MIN_BYTES */
	unsigned frame;
	/* What is on screen: the last frame drawn, to skip drawing the same one again. */
	struct layout_cmd *shown; /* owned */
	size_t n_shown, cap_shown;
	bool shown_valid, shown_black;
	const struct theme *shown_theme;
	double shown_brightness;
	int shown_w, shown_h;
	/* Dirty rectangles (see CELL_PX). */
	bool partial;           /* the target keeps its pixels between frames */
	uint32_t *cells, *prev; /* owned: this frame's and the last frame's cell hashes */
	int cells_x, cells_y;   /* grid size; 0 = none yet */
	bool prev_valid;        /* prev describes what is on the target */
	SDL_Rect *dirty;        /* owned: this frame's rectangles, cells_x * cells_y at most */
	int n_dirty;
	struct drawn *plans; /* owned: this frame's commands as drawn */
	size_t *fills;       /* owned: the fills that meet the rectangle being drawn */
	size_t cap_plans;    /* of both */
	long damage_px;      /* pixels drawn by the last render_frame */
};

enum pk_err render_create(struct render **out, SDL_Renderer *r, struct font *f)
{
	struct render *rd = SDL_calloc(1, sizeof *rd);
	if (!rd)
		return PK_ERR_NOMEM;
	rd->r = r;
	rd->f = f;
	if (atlas_create(&rd->atlas, r, f, ATLAS_BYTES) != PK_OK) {
		SDL_free(rd);
		return PK_ERR_NOMEM;
	}
	SDL_RendererInfo info;
	rd->partial = SDL_GetRendererInfo(r, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
	*out = rd;
	return PK_OK;
}

static bool live(const struct slot *s)
{
	return s->tex || s->is_run;
}

static void drop(struct render *rd, struct slot *s)
{
	if (s->tex)
		SDL_DestroyTexture(s->tex);
	font_run_finish(&s->run);
	rd->bytes -= s->bytes;
	s->tex = NULL;
	s->is_run = false;
	s->bytes = 0;
}

void render_destroy(struct render *rd)
{
	if (!rd)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++)
		drop(rd, &rd->slots[i]);
	atlas_destroy(rd->atlas);
	free(rd->shown);
	free(rd->cells);
	free(rd->prev);
	free(rd->dirty);
	free(rd->plans);
	free(rd->fills);
	SDL_free(rd);
}

int render_measure(void *font, enum font_style style, int px, const char *text)
{
	return font_width(font, style, px, text);
}

int render_cap_px(void *font, int px)
{
	return font_cap_px(font, px);
}

static uint64_t hash_text(const char *s, int px, int style, bool rtl)
{
	uint64_t h =
	    1469598103934665603ull ^ (uint64_t)px ^ ((uint64_t)style << 20) ^ ((uint64_t)rtl << 21);
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static bool same_rgb(struct theme_rgb a, struct theme_rgb b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* Text drawn over a known, uniform colour (layout guarantees cmd->bg is what lies under
 * the box) is blended once, here, into an opaque texture: drawing it is then a plain copy
 * instead of a per-pixel blend and colour modulation, which was most of a frame's time.
 * A texture taller than its line box (tall marks of some scripts) stays blended, since
 * its overhang lies outside the box, over pixels the layout did not promise. */
static void bake(SDL_Surface *surf, struct theme_rgb fg, struct theme_rgb bg)
{
	if (SDL_MUSTLOCK(surf) && SDL_LockSurface(surf) != 0)
		return;
	for (int y = 0; y < surf->h; y++) {
		Uint32 *row = (Uint32 *)((Uint8 *)surf->pixels + y * surf->pitch);
		for (int x = 0; x < surf->w; x++) {
			unsigned a = row[x] >> 24, na = 255 - a;
			unsigned r = (fg.r * a + bg.r * na + 127) / 255;
			unsigned g = (fg.g * a + bg.g * na + 127) / 255;
			unsigned b = (fg.b * a + bg.b * na + 127) / 255;
			row[x] = 0xFF000000u | r << 16 | g << 8 | b;
		}
	}
	if (SDL_MUSTLOCK(surf))
		SDL_UnlockSurface(surf);
}

static void make_room(struct render *rd, long budget);

/* The smallest rectangle holding every pixel with some alpha (1×1 if there is none). */
static SDL_Rect ink_box(SDL_Surface *surf)
{
	SDL_Rect all = {0, 0, surf->w, surf->h}, none = {0, 0, 1, 1};
	if (surf->format->format != SDL_PIXELFORMAT_ARGB8888)
		return all;
	if (SDL_MUSTLOCK(surf) && SDL_LockSurface(surf) != 0)
		return all;
	int x0 = surf->w, x1 = -1, y0 = surf->h, y1 = -1;
	for (int y = 0; y < surf->h; y++) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)surf->pixels + y * surf->pitch);
		int a = 0, b = surf->w - 1;
		while (a < surf->w && !(row[a] >> 24))
			a++;
		if (a == surf->w)
			continue;
		while (!(row[b] >> 24))
			b--;
		if (a < x0)
			x0 = a;
		if (b > x1)
			x1 = b;
		if (y < y0)
			y0 = y;
		y1 = y;
	}
	if (SDL_MUSTLOCK(surf))
		SDL_UnlockSurface(surf);
	if (x1 < 0)
		return none;
	return (SDL_Rect){x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

/* A slot for a run just laid out: its surface's size and the union of its glyphs. */
static bool keep_run(struct slot *v)
{
	const struct font_run *run = &v->run;
	v->is_run = true;
	v->w = run->w;
	v->h = run->h;
	SDL_Rect ink = {0, 0, 0, 0};
	for (size_t i = 0; i < run->n; i++) {
		SDL_Rect g = {run->g[i].x, run->g[i].y, run->g[i].w, run->g[i].h};
		if (g.w <= 0 || g.h <= 0)
			continue;
		if (SDL_RectEmpty(&ink))
			ink = g;
		else
			SDL_UnionRect(&ink, &g, &ink);
	}
	v->ink = SDL_RectEmpty(&ink) ? (SDL_Rect){0, 0, 1, 1} : ink;
	v->bytes = (long)(sizeof *run->g * run->n);
	return true;
}

/* A slot for text that needs the full path: one texture of its inked part. */
static bool make_texture(struct render *rd, struct slot *victim, const struct layout_cmd *c,
                         struct theme_rgb fg, struct theme_rgb bg)
{
	SDL_Surface *surf = font_render(rd->f, c->style, c->px, c->text, c->rtl);
	if (!surf)
		return false;
	victim->opaque = surf->h <= c->h && surf->format->format == SDL_PIXELFORMAT_ARGB8888;
	victim->ink = ink_box(surf);
	if (victim->opaque)
		bake(surf, fg, bg);
	/* Only the inked part is kept: the rest of a line's surface (above capitals, below
	 * the baseline without descenders) is transparent, or baked to the background the
	 * layout fills under the box anyway. At 4K that is half the cache's memory. */
	SDL_Surface *part = SDL_CreateRGBSurfaceWithFormatFrom(
	    (Uint8 *)surf->pixels + victim->ink.y * surf->pitch +
	        victim->ink.x * surf->format->BytesPerPixel,
	    victim->ink.w, victim->ink.h, surf->format->BitsPerPixel, surf->pitch,
	    surf->format->format);
	victim->tex = part ? SDL_CreateTextureFromSurface(rd->r, part) : NULL;
	SDL_FreeSurface(part);
	victim->w = surf->w;
	victim->h = surf->h;
	SDL_FreeSurface(surf);
	if (!victim->tex) {
		log_error("render: texture: %s", SDL_GetError());
		return false;
	}
	SDL_SetTextureBlendMode(victim->tex,
	                        victim->opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	victim->bytes = (long)victim->ink.w * victim->ink.h * 4;
	return true;
}

static struct slot *text_texture(struct render *rd, const struct layout_cmd *c, struct theme_rgb fg,
                                 struct theme_rgb bg)
{
	uint64_t h = hash_text(c->text, c->px, c->style, c->rtl);
	struct slot *victim = &rd->slots[0];
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct slot *s = &rd->slots[i];
		/* a run is drawn in any colour on any background */
		bool fits = s->is_run || (s->tex && s->box_h == c->h && same_rgb(s->bg, bg) &&
		                          (!s->opaque || same_rgb(s->fg, fg)));
		if (fits && s->hash == h && s->px == c->px && s->style == c->style &&
		    s->rtl == c->rtl && strcmp(s->text, c->text) == 0) {
			s->last_frame = rd->frame;
			return s;
		}
		if (!live(s) || s->last_frame < victim->last_frame)
			victim = s;
	}
	drop(rd, victim);
	make_room(rd, rd->budget ? rd->budget : CACHE_MIN_BYTES);
	bool made = font_run_create(rd->f, c->style, c->px, c->text, c->rtl, &victim->run) == PK_OK
	                ? keep_run(victim)
	                : make_texture(rd, victim, c, fg, bg);
	if (!made)
		return NULL;
	victim->hash = h;
	memcpy(victim->text, c->text, sizeof victim->text);
	victim->px = c->px;
	victim->style = c->style;
	victim->rtl = c->rtl;
	victim->box_h = c->h;
	victim->fg = fg;
	victim->bg = bg;
	rd->bytes += victim->bytes;
	victim->last_frame = rd->frame;
	return victim;
}

/* Evicts the least recently used textures not on this frame while over budget. */
static void make_room(struct render *rd, long budget)
{
	while (rd->bytes > budget) {
		struct slot *old = NULL;
		for (int i = 0; i < CACHE_SLOTS; i++) {
			struct slot *s = &rd->slots[i];
			if (live(s) && s->last_frame != rd->frame &&
			    (!old || s->last_frame < old->last_frame))
				old = s;
		}
		if (!old)
			break;
		drop(rd, old);
	}
}

/* At the end of a frame: the budget for the next one, then evicts down to it. */
static void trim(struct render *rd)
{
	long in_frame = 0;
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (live(&rd->slots[i]) && rd->slots[i].last_frame == rd->frame)
			in_frame += rd->slots[i].bytes;
	long budget =
	    CACHE_FRAMES * in_frame > CACHE_MIN_BYTES ? CACHE_FRAMES * in_frame : CACHE_MIN_BYTES;
	long ceiling = in_frame > CACHE_MAX_BYTES ? in_frame : CACHE_MAX_BYTES;
	rd->budget = budget < ceiling ? budget : ceiling;
	make_room(rd, rd->budget);
	atlas_end_frame(rd->atlas);
}

static struct theme_rgb colour(const struct theme *t, enum theme_role role, double brightness)
{
	return brightness < 1.0 ? theme_dim(t->c[role], brightness) : t->c[role];
}

static bool same_cmd(const struct layout_cmd *a, const struct layout_cmd *b)
{
	return a->op == b->op && a->x == b->x && a->y == b->y && a->w == b->w && a->h == b->h &&
	       a->fg == b->fg && a->bg == b->bg && a->thickness == b->thickness &&
	       a->style == b->style && a->px == b->px && a->align == b->align && a->rtl == b->rtl &&
	       a->ink_y == b->ink_y && a->ink_h == b->ink_h && strcmp(a->text, b->text) == 0;
}

bool render_unchanged(const struct render *rd, const struct layout *l, const struct theme *t,
                      double brightness)
{
	if (!rd->shown_valid)
		return false;
	int w = 0, h = 0;
	SDL_GetRendererOutputSize(rd->r, &w, &h);
	if (w != rd->shown_w || h != rd->shown_h)
		return false;
	if (!l)
		return rd->shown_black;
	if (rd->shown_black || t != rd->shown_theme || brightness != rd->shown_brightness ||
	    l->n != rd->n_shown)
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (!same_cmd(&l->cmds[i], &rd->shown[i]))
			return false;
	return true;
}

void render_invalidate(struct render *rd)
{
	rd->shown_valid = false;
	rd->prev_valid = false;
}

/* Remembers what was drawn (render_unchanged compares with it). */
static void remember(struct render *rd, const struct layout *l, const struct theme *t,
                     double brightness)
{
	rd->shown_valid = false;
	SDL_GetRendererOutputSize(rd->r, &rd->shown_w, &rd->shown_h);
	rd->shown_black = !l;
	rd->n_shown = 0;
	if (l && l->n > rd->cap_shown) {
		struct layout_cmd *v = realloc(rd->shown, l->n * sizeof *v);
		if (!v)
			return; /* then every frame is drawn: correct, only slower */
		rd->shown = v;
		rd->cap_shown = l->n;
	}
	if (l && l->n)
		memcpy(rd->shown, l->cmds, l->n * sizeof *l->cmds);
	rd->n_shown = l ? l->n : 0;
	rd->shown_theme = t;
	rd->shown_brightness = brightness;
	rd->shown_valid = true;
}

static void hash(uint32_t *h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++)
		*h = (*h ^ p[i]) * 16777619u;
}

static SDL_Rect intersect(SDL_Rect a, SDL_Rect b)
{
	SDL_Rect r;
	if (!SDL_IntersectRect(&a, &b, &r))
		r.w = r.h = 0;
	return r;
}

/* Where a command draws and with what: its pixels are a function of these alone. */
struct drawn {
	SDL_Rect box;            /* the pixels it may touch */
	struct theme_rgb fg, bg; /* resolved colours */
	struct slot *s;          /* text: the texture (valid until the next text_texture) */
	uint64_t slot_hash;      /* s->hash when planned */
	SDL_Rect src, dst;       /* text: the part of the texture and where it goes */
	SDL_Rect win;            /* a run: the part of the line's surface shown (at dst) */
};

static struct drawn plan(struct render *rd, const struct layout_cmd *c, const struct theme *t,
                         double brightness)
{
	struct drawn d = {.box = {c->x, c->y, c->w, c->h}};
	d.fg = colour(t, c->fg, brightness);
	d.bg = colour(t, c->bg, brightness);
	if (c->op != LAYOUT_TEXT)
		return d;
	d.s = text_texture(rd, c, d.fg, d.bg);
	if (!d.s) {
		d.box.w = d.box.h = 0;
		return d;
	}
	d.slot_hash = d.s->hash;
	int w = d.s->w < c->w ? d.s->w : c->w;
	int x = c->x;
	if (c->align == LAYOUT_END)
		x = c->x + c->w - w;
	else if (c->align == LAYOUT_CENTER)
		x = c->x + (c->w - w) / 2;
	/* centre the line box vertically on the text's own height */
	int y = c->y + (c->h - d.s->h) / 2;
	if (c->ink_h > 0) { /* its ink inside the chip it sits on: moved in, or centred */
		int top = y + d.s->ink.y, bottom = top + d.s->ink.h, end = c->ink_y + c->ink_h;
		if (d.s->ink.h > c->ink_h)
			y = c->ink_y + (c->ink_h - d.s->ink.h) / 2 - d.s->ink.y;
		else if (top < c->ink_y)
			y += c->ink_y - top;
		else if (bottom > end)
			y -= bottom - end;
	}
	SDL_Rect src = {c->align == LAYOUT_END && d.s->w > w ? d.s->w - w : 0, 0, w, d.s->h};
	/* The part of that which the texture (the inked rectangle) holds. */
	SDL_Rect in = intersect(src, d.s->ink);
	d.src = (SDL_Rect){in.x - d.s->ink.x, in.y - d.s->ink.y, in.w, in.h};
	d.win = in;
	d.dst = (SDL_Rect){x + in.x - src.x, y + in.y - src.y, in.w, in.h};
	d.box = d.dst;
	return d;
}

void render_set_surface(struct render *rd, SDL_Surface *target)
{
	rd->surface = target;
}

/* The target this frame can be drawn into directly (see struct direct): a software
 * renderer's surface (the one it was made for, or its window's) of the output's size,
 * 32-bit RGB in SDL's usual order, not locked, with no scale, viewport or target
 * texture in the way. */
static bool direct_target(struct render *rd, int w, int h)
{
	if (!rd->partial || SDL_GetRenderTarget(rd->r))
		return false;
	SDL_Surface *s = rd->surface;
	SDL_Window *win = s ? NULL : SDL_RenderGetWindow(rd->r);
	if (win)
		s = SDL_GetWindowSurface(win);
	if (!s || SDL_MUSTLOCK(s) || s->w != w || s->h != h || !s->pixels)
		return false;
	const SDL_PixelFormat *f = s->format;
	if (f->BytesPerPixel != 4 || f->Rmask != 0xFF0000 || f->Gmask != 0xFF00 ||
	    f->Bmask != 0xFF || s->pitch % 4)
		return false;
	float sx = 0, sy = 0;
	SDL_Rect vp;
	SDL_RenderGetScale(rd->r, &sx, &sy);
	SDL_RenderGetViewport(rd->r, &vp);
	if (sx != 1.0f || sy != 1.0f || vp.x || vp.y || vp.w != w || vp.h != h)
		return false;
	rd->dt = (struct direct){.px = s->pixels, .pitch = s->pitch / 4, .fmt = f};
	return true;
}

/* SDL_FillRect's pixels, without its streaming stores: the first row, then copies of it
 * (memcpy is the fastest store loop at hand). */
static void direct_fill(const struct direct *dt, SDL_Rect box, SDL_Rect clip, struct theme_rgb c)
{
	SDL_Rect in = intersect(box, clip);
	if (in.w <= 0 || in.h <= 0)
		return;
	Uint32 v = SDL_MapRGBA(dt->fmt, c.r, c.g, c.b, 255);
	Uint32 *first = dt->px + (size_t)in.y * (size_t)dt->pitch + in.x;
	for (int x = 0; x < in.w; x++)
		first[x] = v;
	for (int y = 1; y < in.h; y++)
		memcpy(first + (size_t)y * (size_t)dt->pitch, first, (size_t)in.w * sizeof *first);
}

/* One pixel of a glyph as SDL 2 blends an ARGB8888 texture onto a 32-bit target
 * (BlitRGBtoRGBPixelAlphaMMX, its x86 path): no coverage leaves the pixel, full coverage
 * copies the colour and keeps the target's top byte, else each byte is
 * (s * a >> 8) + (d * (255 - a) >> 8), with s = 255 for the top one. */
static Uint32 blend_px(Uint32 d, Uint32 rgb, unsigned a)
{
	if (!a)
		return d;
	if (a == 255)
		return rgb | (d & 0xFF000000u);
	unsigned na = 255 - a;
	unsigned o3 = (a * 255 >> 8) + ((d >> 24) * na >> 8);
	unsigned o2 = (((rgb >> 16) & 0xFF) * a >> 8) + (((d >> 16) & 0xFF) * na >> 8);
	unsigned o1 = (((rgb >> 8) & 0xFF) * a >> 8) + (((d >> 8) & 0xFF) * na >> 8);
	unsigned o0 = ((rgb & 0xFF) * a >> 8) + ((d & 0xFF) * na >> 8);
	return (Uint32)(o3 << 24 | o2 << 16 | o1 << 8 | o0);
}

#ifdef __SSE2__
/* blend_px on four pixels at once (SSE2 is part of x86-64): the same arithmetic in 16-bit
 * lanes, and the two exact cases picked by masks. */
static void blend4(Uint32 *dst, const uint8_t *cov, __m128i s, __m128i rgb)
{
	const __m128i zero = _mm_setzero_si128(), ff = _mm_set1_epi16(0xFF);
	int c;
	memcpy(&c, cov, sizeof c);
	if (!c) /* nothing here (the most common case: the space round the strokes) */
		return;
	if (c == -1) { /* all four inside a stroke */
		__m128i d = _mm_loadu_si128((const __m128i *)dst);
		__m128i top = _mm_and_si128(d, _mm_set1_epi32((int)0xFF000000u));
		_mm_storeu_si128((__m128i *)dst, _mm_or_si128(rgb, top));
		return;
	}
	__m128i a8 = _mm_cvtsi32_si128(c);
	__m128i a16 = _mm_unpacklo_epi8(a8, zero); /* a0 a1 a2 a3 as 16 bits */
	__m128i a32 = _mm_unpacklo_epi16(a16, zero);
	__m128i pair = _mm_unpacklo_epi16(a16, a16); /* a0 a0 a1 a1 a2 a2 a3 a3 */
	__m128i alo = _mm_unpacklo_epi32(pair, pair), ahi = _mm_unpackhi_epi32(pair, pair);
	__m128i d = _mm_loadu_si128((const __m128i *)dst);
	__m128i dlo = _mm_unpacklo_epi8(d, zero), dhi = _mm_unpackhi_epi8(d, zero);
	__m128i lo = _mm_add_epi16(_mm_srli_epi16(_mm_mullo_epi16(s, alo), 8),
	                           _mm_srli_epi16(_mm_mullo_epi16(dlo, _mm_xor_si128(alo, ff)), 8));
	__m128i hi = _mm_add_epi16(_mm_srli_epi16(_mm_mullo_epi16(s, ahi), 8),
	                           _mm_srli_epi16(_mm_mullo_epi16(dhi, _mm_xor_si128(ahi, ff)), 8));
	__m128i mixed = _mm_packus_epi16(lo, hi);
	__m128i none = _mm_cmpeq_epi32(a32, zero);
	__m128i full = _mm_cmpeq_epi32(a32, _mm_set1_epi32(255));
	__m128i top = _mm_and_si128(d, _mm_set1_epi32((int)0xFF000000u));
	__m128i out =
	    _mm_or_si128(_mm_and_si128(none, d), _mm_and_si128(full, _mm_or_si128(rgb, top)));
	out = _mm_or_si128(out, _mm_andnot_si128(_mm_or_si128(none, full), mixed));
	_mm_storeu_si128((__m128i *)dst, out);
}
#endif

/* A glyph of coverage cov (pitch bytes a row) in colour rgb at 'at' (see blend_px). */
static void direct_glyph(const struct direct *dt, const uint8_t *cov, int pitch, SDL_Rect at,
                         Uint32 rgb)
{
#ifdef __SSE2__
	/* the source's bytes as 16-bit lanes, two pixels: b g r 255 */
	__m128i s = _mm_setr_epi16((short)(rgb & 0xFF), (short)(rgb >> 8 & 0xFF),
	                           (short)(rgb >> 16 & 0xFF), 255, (short)(rgb & 0xFF),
	                           (short)(rgb >> 8 & 0xFF), (short)(rgb >> 16 & 0xFF), 255);
	__m128i rgbv = _mm_set1_epi32((int)rgb);
#endif
	for (int y = 0; y < at.h; y++) {
		const uint8_t *src = cov + (size_t)y * (size_t)pitch;
		Uint32 *dst = dt->px + (size_t)(at.y + y) * (size_t)dt->pitch + at.x;
		int x = 0;
#ifdef __SSE2__
		for (; x + 4 <= at.w; x += 4)
			blend4(dst + x, src + x, s, rgbv);
#endif
		for (; x < at.w; x++)
			dst[x] = blend_px(dst[x], rgb, src[x]);
	}
}

/* A run, glyph by glyph from the atlas, clipped to the part of the line shown and to
 * clip (the cell being redrawn). */
static void draw_run(struct render *rd, const struct drawn *d, SDL_Rect clip)
{
	const struct font_run *run = &d->s->run;
	int ox = d->dst.x - d->win.x, oy = d->dst.y - d->win.y;
	for (size_t i = 0; i < run->n; i++) {
		const struct font_glyph *g = &run->g[i];
		SDL_Rect gr = {g->x, g->y, g->w, g->h};
		SDL_Rect part = intersect(gr, d->win);
		SDL_Rect at = {part.x + ox, part.y + oy, part.w, part.h};
		if (part.w <= 0 || part.h <= 0 || intersect(at, clip).w <= 0)
			continue;
		SDL_Rect src;
		if (!rd->direct) {
			SDL_Texture *tex =
			    atlas_glyph(rd->atlas, run->style, run->px, g, d->fg, &src);
			if (!tex)
				continue;
			src.x += part.x - gr.x;
			src.y += part.y - gr.y;
			src.w = part.w;
			src.h = part.h;
			SDL_RenderCopy(rd->r, tex, &src, &at);
			continue;
		}
		int pitch;
		const uint8_t *cov =
		    atlas_glyph_cov(rd->atlas, run->style, run->px, g, d->fg, &src, &pitch);
		if (!cov)
			continue;
		SDL_Rect in = intersect(at, clip);
		cov += (size_t)(src.y + part.y - gr.y + in.y - at.y) * (size_t)pitch +
		       (size_t)(src.x + part.x - gr.x + in.x - at.x);
		direct_glyph(&rd->dt, cov, pitch, in,
		             (Uint32)d->fg.r << 16 | (Uint32)d->fg.g << 8 | d->fg.b);
	}
}

static void draw_cmd(struct render *rd, const struct layout_cmd *c, const struct drawn *d,
                     SDL_Rect clip)
{
	SDL_Renderer *r = rd->r;
	if (rd->direct && c->op == LAYOUT_FILL) {
		direct_fill(&rd->dt, d->box, clip, d->bg);
	} else if (rd->direct && c->op == LAYOUT_FRAME) {
		int th = c->thickness;
		direct_fill(&rd->dt, (SDL_Rect){c->x, c->y, c->w, th}, clip, d->fg);
		direct_fill(&rd->dt, (SDL_Rect){c->x, c->y + c->h - th, c->w, th}, clip, d->fg);
		direct_fill(&rd->dt, (SDL_Rect){c->x, c->y, th, c->h}, clip, d->fg);
		direct_fill(&rd->dt, (SDL_Rect){c->x + c->w - th, c->y, th, c->h}, clip, d->fg);
	} else if (c->op == LAYOUT_FILL) {
		SDL_SetRenderDrawColor(r, d->bg.r, d->bg.g, d->bg.b, 255);
		SDL_RenderFillRect(r, &d->box);
	} else if (c->op == LAYOUT_FRAME) {
		SDL_SetRenderDrawColor(r, d->fg.r, d->fg.g, d->fg.b, 255);
		int th = c->thickness;
		SDL_Rect sides[4] = {{c->x, c->y, c->w, th},
		                     {c->x, c->y + c->h - th, c->w, th},
		                     {c->x, c->y, th, c->h},
		                     {c->x + c->w - th, c->y, th, c->h}};
		SDL_RenderFillRects(r, sides, 4);
	} else if (d->s && d->s->is_run) {
		draw_run(rd, d, clip);
	} else if (d->s) {
		if (!d->s->opaque)
			SDL_SetTextureColorMod(d->s->tex, d->fg.r, d->fg.g, d->fg.b);
		SDL_RenderCopy(r, d->s->tex, &d->src, &d->dst);
		if (rd->direct) /* drawn before what comes next is written directly */
			SDL_RenderFlush(r);
	}
}

/* Grid of w×h in cells; false when out of memory (then the frame is drawn whole). */
static bool cells_fit(struct render *rd, int w, int h)
{
	int cx = (w + CELL_PX - 1) / CELL_PX, cy = (h + CELL_PX - 1) / CELL_PX;
	if (cx == rd->cells_x && cy == rd->cells_y && rd->cells)
		return true;
	free(rd->cells);
	free(rd->prev);
	free(rd->dirty);
	size_t n = (size_t)(cx > 0 ? cx : 1) * (size_t)(cy > 0 ? cy : 1);
	rd->cells = malloc(n * sizeof *rd->cells);
	rd->prev = malloc(n * sizeof *rd->prev);
	rd->dirty = malloc(n * sizeof *rd->dirty);
	rd->prev_valid = false;
	if (!rd->cells || !rd->prev || !rd->dirty) {
		free(rd->cells), free(rd->prev), free(rd->dirty);
		rd->cells = rd->prev = NULL;
		rd->dirty = NULL;
		rd->cells_x = rd->cells_y = 0;
		return false;
	}
	rd->cells_x = cx;
	rd->cells_y = cy;
	return true;
}

static void fold(struct render *rd, SDL_Rect box, uint32_t h)
{
	if (box.w <= 0 || box.h <= 0)
		return;
	int x0 = box.x / CELL_PX, y0 = box.y / CELL_PX;
	int x1 = (box.x + box.w - 1) / CELL_PX, y1 = (box.y + box.h - 1) / CELL_PX;
	for (int y = y0; y <= y1; y++)
		for (int x = x0; x <= x1; x++)
			hash(&rd->cells[y * rd->cells_x + x], &h, sizeof h);
}

/* Changed cells as rectangles: runs of changed cells in a row, each merged into the
 * rectangle above it when that one spans the same columns and ends on this row. */
static void collect_dirty(struct render *rd, SDL_Rect screen)
{
	rd->n_dirty = 0;
	for (int y = 0; y < rd->cells_y; y++) {
		int row_start = rd->n_dirty;
		const uint32_t *now = rd->cells + (size_t)y * rd->cells_x;
		const uint32_t *was = rd->prev + (size_t)y * rd->cells_x;
		for (int x = 0; x < rd->cells_x;) {
			if (rd->prev_valid && now[x] == was[x]) {
				x++;
				continue;
			}
			int x0 = x;
			while (x < rd->cells_x && (!rd->prev_valid || now[x] != was[x]))
				x++;
			SDL_Rect r = {x0 * CELL_PX, y * CELL_PX, (x - x0) * CELL_PX, CELL_PX};
			bool merged = false;
			for (int k = 0; k < row_start && !merged; k++) {
				SDL_Rect *o = &rd->dirty[k];
				if (o->x == r.x && o->w == r.w && o->y + o->h == r.y) {
					o->h += CELL_PX;
					merged = true;
				}
			}
			if (!merged)
				rd->dirty[rd->n_dirty++] = r;
		}
	}
	for (int k = 0; k < rd->n_dirty; k++)
		rd->dirty[k] = intersect(rd->dirty[k], screen);
}

/* What decides a command's pixels, not where the layout put its box: a left-aligned text
 * whose box widens (its column grew) draws the same pixels and leaves its cells alone. */
static uint32_t cmd_hash(const struct layout_cmd *c, const struct drawn *d)
{
	uint32_t h = FNV_INIT;
	int op = (int)c->op;
	hash(&h, &op, sizeof op);
	hash(&h, &d->box, sizeof d->box);
	hash(&h, &d->fg, sizeof d->fg);
	hash(&h, &d->bg, sizeof d->bg);
	if (c->op == LAYOUT_FRAME)
		hash(&h, &c->thickness, sizeof c->thickness);
	if (c->op != LAYOUT_TEXT)
		return h;
	/* a texture is baked or blended by its box's height (make_texture) */
	int v[] = {(int)c->style, c->px, c->rtl, d->s && !d->s->is_run ? c->h : 0};
	hash(&h, v, sizeof v);
	hash(&h, &d->src, sizeof d->src);
	hash(&h, &d->win, sizeof d->win);
	hash(&h, c->text, strnlen(c->text, sizeof c->text));
	return h;
}

static bool plans_fit(struct render *rd, size_t n)
{
	if (n <= rd->cap_plans)
		return true;
	struct drawn *v = realloc(rd->plans, n * sizeof *v);
	if (!v)
		return false;
	rd->plans = v;
	size_t *f = realloc(rd->fills, n * sizeof *f);
	if (!f)
		return false;
	rd->fills = f;
	rd->cap_plans = n;
	return true;
}

#define MAX_PARTS 32

/* The parts of box that none of the fills fills[0..n) covers (they paint over the rest
 * anyway, so a pixel is written once, not once per fill stacked on it): how many, in
 * out, or -1 when they would be more than MAX_PARTS (then box is drawn whole). */
static int uncovered(const struct render *rd, const size_t *fills, size_t n, SDL_Rect box,
                     SDL_Rect *out)
{
	SDL_Rect next[MAX_PARTS];
	int parts = box.w > 0 && box.h > 0;
	out[0] = box;
	for (size_t j = 0; j < n && parts > 0; j++) {
		SDL_Rect o = rd->plans[fills[j]].box;
		int m = 0;
		for (int k = 0; k < parts; k++) {
			SDL_Rect r = out[k], x = intersect(r, o);
			if (m + 4 > MAX_PARTS)
				return -1;
			if (x.w <= 0 || x.h <= 0) {
				next[m++] = r;
				continue;
			}
			if (x.y > r.y)
				next[m++] = (SDL_Rect){r.x, r.y, r.w, x.y - r.y};
			if (x.y + x.h < r.y + r.h)
				next[m++] = (SDL_Rect){r.x, x.y + x.h, r.w, r.y + r.h - x.y - x.h};
			if (x.x > r.x)
				next[m++] = (SDL_Rect){r.x, x.y, x.x - r.x, x.h};
			if (x.x + x.w < r.x + r.w)
				next[m++] = (SDL_Rect){x.x + x.w, x.y, r.x + r.w - x.x - x.w, x.h};
		}
		memcpy(out, next, (size_t)m * sizeof *out);
		parts = m;
	}
	return parts;
}

/* A fill (or the black under a layout without a background, fill NULL) clipped to clip,
 * only where no later fill of fills[0..n) paints over it. */
static void draw_fill(struct render *rd, const struct layout_cmd *fill, const struct drawn *d,
                      SDL_Rect clip, const size_t *fills, size_t n)
{
	SDL_Rect parts[MAX_PARTS];
	SDL_Rect box = intersect(fill ? d->box : clip, clip);
	int k = uncovered(rd, fills, n, box, parts);
	if (k < 0) {
		parts[0] = box;
		k = 1;
	}
	struct theme_rgb c = fill ? d->bg : (struct theme_rgb){0, 0, 0};
	if (rd->direct) {
		for (int i = 0; i < k; i++)
			direct_fill(&rd->dt, parts[i], clip, c);
		return;
	}
	SDL_SetRenderDrawColor(rd->r, c.r, c.g, c.b, 255);
	SDL_RenderFillRects(rd->r, parts, k);
}

void render_frame(struct render *rd, const struct layout *l, const struct theme *t,
                  double brightness)
{
	rd->frame++;
	atlas_begin_frame(rd->atlas);
	SDL_Renderer *r = rd->r;
	int w = 0, h = 0;
	SDL_GetRendererOutputSize(r, &w, &h);
	SDL_Rect screen = {0, 0, w, h};
	rd->damage_px = (long)w * h;
	rd->direct = rd->drew_direct = false;
	if (!l) {
		SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
		SDL_RenderClear(r);
		rd->prev_valid = false;
		remember(rd, NULL, t, brightness);
		return;
	}
	/* Pixels no command covers would keep what was there: start black unless the first
	 * command fills the screen (the layout's background does). */
	const struct layout_cmd *c0 = l->n ? &l->cmds[0] : NULL;
	bool covered = c0 && c0->op == LAYOUT_FILL && c0->x <= 0 && c0->y <= 0 &&
	               c0->x + c0->w >= w && c0->y + c0->h >= h;
	rd->direct = direct_target(rd, w, h);
	rd->drew_direct = rd->direct;
	if (rd->direct) /* what SDL still has queued lands before the direct writes */
		SDL_RenderFlush(r);
	if (!rd->partial || !cells_fit(rd, w, h) || !plans_fit(rd, l->n)) {
		if (!covered) {
			SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
			SDL_RenderClear(r);
			SDL_RenderFlush(r);
		}
		for (size_t i = 0; i < l->n; i++) {
			struct drawn d = plan(rd, &l->cmds[i], t, brightness);
			draw_cmd(rd, &l->cmds[i], &d, screen);
		}
		rd->prev_valid = false;
		rd->direct = false;
		trim(rd);
		remember(rd, l, t, brightness);
		return;
	}
	/* Hash what each command draws into the cells it touches ... */
	for (int i = 0; i < rd->cells_x * rd->cells_y; i++)
		rd->cells[i] = FNV_INIT;
	for (size_t i = 0; i < l->n; i++) {
		const struct layout_cmd *c = &l->cmds[i];
		rd->plans[i] = plan(rd, c, t, brightness);
		fold(rd, intersect(rd->plans[i].box, screen), cmd_hash(c, &rd->plans[i]));
	}
	/* ... and draw again, clipped, only where a cell changed. */
	collect_dirty(rd, screen);
	rd->damage_px = 0;
	for (int k = 0; k < rd->n_dirty; k++) {
		SDL_Rect clip = rd->dirty[k];
		if (clip.w <= 0 || clip.h <= 0)
			continue;
		rd->damage_px += (long)clip.w * clip.h;
		SDL_RenderSetClipRect(r, &clip);
		size_t n_fills = 0, next_fill = 0;
		for (size_t i = 0; i < l->n; i++)
			if (l->cmds[i].op == LAYOUT_FILL && intersect(rd->plans[i].box, clip).w > 0)
				rd->fills[n_fills++] = i;
		if (!covered)
			draw_fill(rd, NULL, NULL, clip, rd->fills, n_fills);
		for (size_t i = 0; i < l->n; i++) {
			struct drawn *d = &rd->plans[i];
			if (intersect(d->box, clip).w == 0)
				continue;
			if (l->cmds[i].op == LAYOUT_FILL) {
				next_fill++; /* fills[next_fill - 1] == i */
				draw_fill(rd, &l->cmds[i], d, clip, rd->fills + next_fill,
				          n_fills - next_fill);
				continue;
			}
			/* Over 256 texts in one frame, a later text may have taken an earlier
			 * one's slot: look it up again. */
			if (d->s && (!live(d->s) || d->s->hash != d->slot_hash))
				*d = plan(rd, &l->cmds[i], t, brightness);
			draw_cmd(rd, &l->cmds[i], d, clip);
		}
	}
	SDL_RenderSetClipRect(r, NULL);
	rd->direct = false;
	uint32_t *tmp = rd->prev;
	rd->prev = rd->cells;
	rd->cells = tmp;
	rd->prev_valid = true;
	trim(rd);
	remember(rd, l, t, brightness);
}

bool render_drew_direct(const struct render *rd)
{
	return rd->drew_direct;
}

long render_damage_px(const struct render *rd)
{
	return rd->damage_px;
}

long render_cache_bytes(const struct render *rd)
{
	struct atlas_stats st;
	atlas_get_stats(rd->atlas, &st);
	return rd->bytes + st.bytes;
}

void render_atlas_stats(const struct render *rd, struct atlas_stats *out)
{
	atlas_get_stats(rd->atlas, out);
}
