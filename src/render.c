/* Layout -> pixels (see render.h). */
#include "render.h"

#include <string.h>

#include "log.h"

#define CACHE_SLOTS 256

struct slot {
	uint64_t hash;
	char text[256];
	int px;
	enum font_style style;
	bool rtl;
	SDL_Texture *tex; /* owned */
	int w, h;
	unsigned last_frame;
};

struct render {
	SDL_Renderer *r; /* borrowed */
	struct font *f;	 /* borrowed */
	struct slot slots[CACHE_SLOTS];
	unsigned frame;
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

void render_destroy(struct render *rd)
{
	if (!rd)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (rd->slots[i].tex)
			SDL_DestroyTexture(rd->slots[i].tex);
	SDL_free(rd);
}

int render_measure(void *font, enum font_style style, int px, const char *text)
{
	return font_width(font, style, px, text);
}

static uint64_t hash_text(const char *s, int px, int style, bool rtl)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)px ^ ((uint64_t)style << 20) ^
		     ((uint64_t)rtl << 21);
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct slot *text_texture(struct render *rd, const struct layout_cmd *c)
{
	uint64_t h = hash_text(c->text, c->px, c->style, c->rtl);
	struct slot *victim = &rd->slots[0];
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct slot *s = &rd->slots[i];
		if (s->tex && s->hash == h && s->px == c->px && s->style == c->style &&
		    s->rtl == c->rtl && strcmp(s->text, c->text) == 0) {
			s->last_frame = rd->frame;
			return s;
		}
		if (!s->tex || s->last_frame < victim->last_frame)
			victim = s;
	}
	if (victim->tex) {
		SDL_DestroyTexture(victim->tex);
		victim->tex = NULL;
	}
	SDL_Surface *surf = font_render(rd->f, c->style, c->px, c->text, c->rtl);
	if (!surf)
		return NULL;
	victim->tex = SDL_CreateTextureFromSurface(rd->r, surf);
	victim->w = surf->w;
	victim->h = surf->h;
	SDL_FreeSurface(surf);
	if (!victim->tex) {
		log_error("render: texture: %s", SDL_GetError());
		return NULL;
	}
	SDL_SetTextureBlendMode(victim->tex, SDL_BLENDMODE_BLEND);
	victim->hash = h;
	memcpy(victim->text, c->text, sizeof victim->text);
	victim->px = c->px;
	victim->style = c->style;
	victim->rtl = c->rtl;
	victim->last_frame = rd->frame;
	return victim;
}

static struct theme_rgb colour(const struct theme *t, enum theme_role role, double brightness)
{
	return brightness < 1.0 ? theme_dim(t->c[role], brightness) : t->c[role];
}

void render_frame(struct render *rd, const struct layout *l, const struct theme *t,
		  double brightness)
{
	rd->frame++;
	SDL_Renderer *r = rd->r;
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
			struct slot *s = text_texture(rd, c);
			if (!s)
				continue;
			struct theme_rgb k = colour(t, c->fg, brightness);
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
}
