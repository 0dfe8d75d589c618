/* render.h beyond the pixels of one frame: render_unchanged (the loop's "same frame,
 * draw nothing" test) and render_invalidate; the texture cache's byte budget however
 * many different texts pass through it; and text baked onto its background drawing the
 * same pixels as text blended at draw time. Headless software renderer. */
#include <SDL.h>
#include <stdlib.h>

#include "err.h"
#include "font.h"
#include "layout.h"
#include "render.h"
#include "rendertest.h"
#include "testlib.h"

#define W 640
#define H 360

/* A small frame: background, a card, a focus frame and two texts on the card. */
static void frame(struct layout *l, const char *second)
{
	l->n = 0;
	cmd(l, LAYOUT_FILL, 0, 0, W, H, ROLE_TEXT, ROLE_BG, NULL);
	cmd(l, LAYOUT_FILL, 20, 20, 600, 200, ROLE_TEXT, ROLE_CARD, NULL);
	cmd(l, LAYOUT_FRAME, 16, 16, 608, 208, ROLE_FOCUS, ROLE_BG, NULL);
	cmd(l, LAYOUT_TEXT, 40, 40, 560, 48, ROLE_CARD_TEXT, ROLE_CARD, "Rempartstraße 11");
	cmd(l, LAYOUT_TEXT, 40, 120, 560, 48, ROLE_MUTED, ROLE_CARD, second);
}

static struct theme_rgb pixel(SDL_Surface *s, int x, int y)
{
	Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
	struct theme_rgb c;
	SDL_GetRGB(p, s->format, &c.r, &c.g, &c.b);
	return c;
}

static void unchanged(struct font *font, const struct theme *dark, const struct theme *light)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
	struct render *rd = NULL;
	CHECK(render_create(&rd, r, font) == PK_OK);
	struct layout l, other;
	layout_init(&l);
	layout_init(&other);
	frame(&l, "✓ frei · 120 m");

	CHECK(!render_unchanged(rd, &l, dark, 1.0)); /* nothing drawn yet */
	CHECK(!render_unchanged(rd, NULL, dark, 1.0));
	render_frame(rd, &l, dark, 1.0);
	CHECK(render_unchanged(rd, &l, dark, 1.0));
	frame(&other, "✓ frei · 120 m"); /* equal commands, another array */
	CHECK(render_unchanged(rd, &other, dark, 1.0));
	frame(&other, "✓ frei · 130 m"); /* one text differs */
	CHECK(!render_unchanged(rd, &other, dark, 1.0));
	frame(&other, "✓ frei · 120 m");
	other.cmds[1].w--; /* one box differs */
	CHECK(!render_unchanged(rd, &other, dark, 1.0));
	frame(&other, "✓ frei · 120 m");
	other.cmds[3].fg = ROLE_ALERT_TEXT; /* one colour differs */
	CHECK(!render_unchanged(rd, &other, dark, 1.0));
	other.n--; /* a command fewer */
	CHECK(!render_unchanged(rd, &other, dark, 1.0));
	CHECK(!render_unchanged(rd, &l, light, 1.0));  /* theme */
	CHECK(!render_unchanged(rd, &l, dark, 0.45));  /* dimmed */
	CHECK(!render_unchanged(rd, NULL, dark, 1.0)); /* display off */
	render_invalidate(rd);                         /* exposed: the screen must be drawn again */
	CHECK(!render_unchanged(rd, &l, dark, 1.0));
	render_frame(rd, &l, dark, 1.0);
	CHECK(render_unchanged(rd, &l, dark, 1.0));
	render_frame(rd, NULL, dark, 1.0); /* the black frame */
	CHECK(render_unchanged(rd, NULL, dark, 1.0));
	CHECK(!render_unchanged(rd, &l, dark, 1.0));
	CHECK(pixel(s, 30, 30).r == 0 && pixel(s, 30, 30).g == 0 && pixel(s, 30, 30).b == 0);

	layout_finish(&l);
	layout_finish(&other);
	render_destroy(rd);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(s);
}

static void budget(struct font *font, const struct theme *th)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
	struct render *rd = NULL;
	CHECK(render_create(&rd, r, font) == PK_OK);
	struct layout l;
	layout_init(&l);
	long most = 0;
	/* A year of different texts, compressed: every frame's second line is new. */
	for (int i = 0; i < 600; i++) {
		char t[64];
		snprintf(t, sizeof t, "%d von %d frei · Stand vor %d Minuten", i, 600 + i, i % 60);
		frame(&l, t);
		l.cmds[4].px = 24 + i % 40; /* and at many sizes */
		render_frame(rd, &l, th, 1.0);
		if (render_cache_bytes(rd) > most)
			most = render_cache_bytes(rd);
	}
	printf("texture cache: at most %ld KiB after 600 frames of new texts\n", most / 1024);
	CHECK(most > 0);
	/* the texts' floor (these frames are small) and the glyph atlas's bound: 40 sizes of
	 * the same letters fill it, and it empties old pages rather than grow */
	CHECK(most <= 2L * 1024 * 1024 + 4L * 1024 * 1024 + 64 * 1024);
	/* Everything on the frame is still drawn from the cache. */
	CHECK(render_unchanged(rd, &l, th, 1.0));
	render_destroy(rd);
	layout_finish(&l);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(s);
}

/* Draws one text the way render.c did before baking (white glyphs, colour mod, blend). */
static void blended_reference(SDL_Renderer *r, struct font *font, const struct layout_cmd *c,
                              const struct theme *th)
{
	SDL_Surface *g = font_render(font, c->style, c->px, c->text, c->rtl);
	SDL_Texture *t = SDL_CreateTextureFromSurface(r, g);
	SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
	SDL_SetTextureColorMod(t, th->c[c->fg].r, th->c[c->fg].g, th->c[c->fg].b);
	int w = g->w < c->w ? g->w : c->w;
	SDL_Rect src = {0, 0, w, g->h}, dst = {c->x, c->y + (c->h - g->h) / 2, w, g->h};
	SDL_RenderCopy(r, t, &src, &dst);
	SDL_DestroyTexture(t);
	SDL_FreeSurface(g);
}

static void baked_pixels(struct font *font, const struct theme *th)
{
	SDL_Surface *a = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Surface *b = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *ra = SDL_CreateSoftwareRenderer(a), *rb = SDL_CreateSoftwareRenderer(b);
	struct render *rd = NULL;
	CHECK(render_create(&rd, ra, font) == PK_OK);
	struct layout l;
	layout_init(&l);
	frame(&l, "✓ 146 von 300 frei ↗");
	render_frame(rd, &l, th, 1.0);
	/* The reference: the same fills, then the texts blended at draw time. */
	struct layout fills = l;
	fills.n = 3;
	struct render *rf = NULL;
	CHECK(render_create(&rf, rb, font) == PK_OK);
	render_frame(rf, &fills, th, 1.0);
	blended_reference(rb, font, &l.cmds[3], th);
	blended_reference(rb, font, &l.cmds[4], th);
	int worst = 0;
	long ink = 0;
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			struct theme_rgb p = pixel(a, x, y), q = pixel(b, x, y);
			int d = abs(p.r - q.r) + abs(p.g - q.g) + abs(p.b - q.b);
			if (d > worst)
				worst = d;
			struct theme_rgb card = th->c[ROLE_CARD];
			ink += p.r != card.r || p.g != card.g || p.b != card.b;
		}
	printf("baked text vs blended text: largest difference %d (sum of RGB levels)\n", worst);
	CHECK(ink > 1000); /* text was drawn */
	CHECK(worst <= 9); /* rounding only: SDL's blend truncates, baking rounds */
	render_destroy(rd);
	render_destroy(rf);
	layout_finish(&l);
	SDL_DestroyRenderer(ra);
	SDL_DestroyRenderer(rb);
	SDL_FreeSurface(a);
	SDL_FreeSurface(b);
}

int main(void)
{
	SDL_SetMainReady();
	struct font *font = NULL;
	char err[256];
	CHECK(font_create(&font, test_source("fonts"), err, sizeof err) == PK_OK);
	const struct theme *dark = theme_get("dark"), *light = theme_get("light");
	CHECK(dark && light);
	if (!font || !dark || !light)
		return TEST_END();
	unchanged(font, dark, light);
	budget(font, dark);
	baked_pixels(font, dark);
	baked_pixels(font, light);
	font_destroy(font);
	return TEST_END();
}
