/* Layout -> pixels (see render.h). */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

#define CACHE_SLOTS 256
/* Textures are kept while they fit in this many bytes, or in two frames' worth when a
 * frame needs more (a 1080p frame's texts are about 3 MiB, 4K's 12 MiB): the frame on
 * screen plus the other page or the previous data, and a bound on memory however many
 * different texts a kiosk sees in a year. */
#define CACHE_MIN_BYTES (2L * 1024 * 1024)
#define CACHE_FRAMES 2

struct slot {
	uint64_t hash;
	char text[256];
	int px;
	enum font_style style;
	bool rtl;
	int box_h;               /* the line box it was made for (decides opaque or not) */
	struct theme_rgb fg, bg; /* colours baked in (opaque) or the colour mod (blended) */
	bool opaque;
	SDL_Texture *tex; /* owned */
	int w, h;
	long bytes;
	unsigned last_frame;
};

struct render {
	SDL_Renderer *r; /* borrowed */
	struct font *f;  /* borrowed */
	struct slot slots[CACHE_SLOTS];
	long bytes; /* all cached textures */
	unsigned frame;
	/* What is on screen: the last frame drawn, to skip drawing the same one again. */
	struct layout_cmd *shown; /* owned */
	size_t n_shown, cap_shown;
	bool shown_valid, shown_black;
	const struct theme *shown_theme;
	double shown_brightness;
	int shown_w, shown_h;
};

enum pk_err render_create(struct render **out, SDL_Renderer *r, struct font *f)
{
	struct render *rd = SDL_calloc(1, sizeof *rd);
	if (!rd)
		return PK_ERR_NOMEM;
	rd->r = r;
	rd->f = f;
	*out = rd;
	return PK_OK;
}

static void drop(struct render *rd, struct slot *s)
{
	if (s->tex)
		SDL_DestroyTexture(s->tex);
	rd->bytes -= s->bytes;
	s->tex = NULL;
	s->bytes = 0;
}

void render_destroy(struct render *rd)
{
	if (!rd)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++)
		drop(rd, &rd->slots[i]);
	free(rd->shown);
	SDL_free(rd);
}

int render_measure(void *font, enum font_style style, int px, const char *text)
{
	return font_width(font, style, px, text);
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

static struct slot *text_texture(struct render *rd, const struct layout_cmd *c, struct theme_rgb fg,
                                 struct theme_rgb bg)
{
	uint64_t h = hash_text(c->text, c->px, c->style, c->rtl);
	struct slot *victim = &rd->slots[0];
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct slot *s = &rd->slots[i];
		if (s->tex && s->hash == h && s->px == c->px && s->style == c->style &&
		    s->rtl == c->rtl && s->box_h == c->h && same_rgb(s->bg, bg) &&
		    (!s->opaque || same_rgb(s->fg, fg)) && strcmp(s->text, c->text) == 0) {
			s->last_frame = rd->frame;
			return s;
		}
		if (!s->tex || s->last_frame < victim->last_frame)
			victim = s;
	}
	drop(rd, victim);
	SDL_Surface *surf = font_render(rd->f, c->style, c->px, c->text, c->rtl);
	if (!surf)
		return NULL;
	victim->opaque = surf->h <= c->h && surf->format->format == SDL_PIXELFORMAT_ARGB8888;
	if (victim->opaque)
		bake(surf, fg, bg);
	victim->tex = SDL_CreateTextureFromSurface(rd->r, surf);
	victim->w = surf->w;
	victim->h = surf->h;
	SDL_FreeSurface(surf);
	if (!victim->tex) {
		log_error("render: texture: %s", SDL_GetError());
		return NULL;
	}
	SDL_SetTextureBlendMode(victim->tex,
	                        victim->opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	victim->hash = h;
	memcpy(victim->text, c->text, sizeof victim->text);
	victim->px = c->px;
	victim->style = c->style;
	victim->rtl = c->rtl;
	victim->box_h = c->h;
	victim->fg = fg;
	victim->bg = bg;
	victim->bytes = (long)victim->w * victim->h * 4;
	rd->bytes += victim->bytes;
	victim->last_frame = rd->frame;
	return victim;
}

/* Evicts the least recently used textures not on this frame while over the budget. */
static void trim(struct render *rd)
{
	long in_frame = 0;
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (rd->slots[i].tex && rd->slots[i].last_frame == rd->frame)
			in_frame += rd->slots[i].bytes;
	long budget =
	    CACHE_FRAMES * in_frame > CACHE_MIN_BYTES ? CACHE_FRAMES * in_frame : CACHE_MIN_BYTES;
	while (rd->bytes > budget) {
		struct slot *old = NULL;
		for (int i = 0; i < CACHE_SLOTS; i++) {
			struct slot *s = &rd->slots[i];
			if (s->tex && s->last_frame != rd->frame &&
			    (!old || s->last_frame < old->last_frame))
				old = s;
		}
		if (!old)
			break;
		drop(rd, old);
	}
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
	       strcmp(a->text, b->text) == 0;
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

void render_frame(struct render *rd, const struct layout *l, const struct theme *t,
                  double brightness)
{
	rd->frame++;
	SDL_Renderer *r = rd->r;
	if (!l) {
		SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
		SDL_RenderClear(r);
		remember(rd, NULL, t, brightness);
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct layout_cmd *c = &l->cmds[i];
		SDL_Rect box = {c->x, c->y, c->w, c->h};
		if (c->op == LAYOUT_FILL) {
			struct theme_rgb k = colour(t, c->bg, brightness);
			SDL_SetRenderDrawColor(r, k.r, k.g, k.b, 255);
			SDL_RenderFillRect(r, &box);
		} else if (c->op == LAYOUT_FRAME) {
			struct theme_rgb k = colour(t, c->fg, brightness);
			SDL_SetRenderDrawColor(r, k.r, k.g, k.b, 255);
			int th = c->thickness;
			SDL_Rect sides[4] = {{c->x, c->y, c->w, th},
			                     {c->x, c->y + c->h - th, c->w, th},
			                     {c->x, c->y, th, c->h},
			                     {c->x + c->w - th, c->y, th, c->h}};
			SDL_RenderFillRects(r, sides, 4);
		} else {
			struct theme_rgb k = colour(t, c->fg, brightness);
			struct slot *s = text_texture(rd, c, k, colour(t, c->bg, brightness));
			if (!s)
				continue;
			if (!s->opaque)
				SDL_SetTextureColorMod(s->tex, k.r, k.g, k.b);
			int w = s->w < c->w ? s->w : c->w;
			int x = c->x;
			if (c->align == LAYOUT_END)
				x = c->x + c->w - w;
			else if (c->align == LAYOUT_CENTER)
				x = c->x + (c->w - w) / 2;
			/* centre the line box vertically on the text's own height */
			int y = c->y + (c->h - s->h) / 2;
			SDL_Rect src = {c->align == LAYOUT_END && s->w > w ? s->w - w : 0, 0, w,
			                s->h};
			SDL_Rect dst = {x, y, w, s->h};
			SDL_RenderCopy(r, s->tex, &src, &dst);
		}
	}
	trim(rd);
	remember(rd, l, t, brightness);
}

long render_cache_bytes(const struct render *rd)
{
	return rd->bytes;
}
