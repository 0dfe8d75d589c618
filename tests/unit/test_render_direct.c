/* render.c's direct drawing (render_set_surface): fills and glyphs written into the
 * software renderer's surface by render itself are exactly the pixels SDL's calls draw,
 * every byte, frame after frame (the dirty cells redrawn over what is there), on an ARGB
 * and an XRGB target (there every byte but the padding), with fills stacked on fills (each pixel
 * written once, by the top one) and text that is not drawn from the atlas in between. Headless
 * software renderer. */
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

static void frame(struct layout *l, const char *second, int card_x, bool background)
{
	l->n = 0;
	if (background)
		cmd(l, LAYOUT_FILL, 0, 0, W, H, ROLE_TEXT, ROLE_BG, NULL);
	cmd(l, LAYOUT_FILL, card_x, 20, 560, 200, ROLE_TEXT, ROLE_CARD, NULL);
	/* a chip on the card, and a strip that half covers both */
	cmd(l, LAYOUT_FILL, card_x + 380, 110, 160, 60, ROLE_TEXT, ROLE_FREE, NULL);
	cmd(l, LAYOUT_FILL, card_x + 300, 150, 340, 30, ROLE_TEXT, ROLE_BG, NULL);
	cmd(l, LAYOUT_FRAME, card_x - 4, 16, 568, 208, ROLE_FOCUS, ROLE_BG, NULL);
	cmd(l, LAYOUT_TEXT, card_x + 20, 40, 520, 48, ROLE_CARD_TEXT, ROLE_CARD,
	    "Rempartstraße 11");
	cmd(l, LAYOUT_TEXT, card_x + 20, 120, 520, 48, ROLE_MUTED, ROLE_CARD, second);
	cmd(l, LAYOUT_TEXT, card_x + 380, 110, 160, 60, ROLE_FREE_TEXT, ROLE_FREE, "✓ frei");
	/* right to left: a texture, not the atlas */
	cmd(l, LAYOUT_TEXT, 20, 230, 300, 48, ROLE_TEXT, ROLE_BG, "موقف ١٢");
	l->cmds[l->n - 1].rtl = true;
	/* a box lower than its text: the glyphs reach outside it */
	cmd(l, LAYOUT_TEXT, 30, 280, 300, 12, ROLE_TEXT, ROLE_BG, "Ǻ gjpqy Ölçü");
	cmd(l, LAYOUT_TEXT, 330, 300, 300, 48, ROLE_TEXT, ROLE_BG, "12:07");
	/* a text half off the screen */
	cmd(l, LAYOUT_TEXT, W - 60, H - 30, 200, 48, ROLE_TEXT, ROLE_BG, "Weiter");
}

/* A grid of small fills over a large one: more uncovered parts than are tracked. */
static void grid(struct layout *l)
{
	l->n = 0;
	cmd(l, LAYOUT_FILL, 0, 0, W, H, ROLE_TEXT, ROLE_BG, NULL);
	for (int y = 0; y < 6; y++)
		for (int x = 0; x < 9; x++)
			cmd(l, LAYOUT_FILL, 10 + x * 70, 10 + y * 58, 50, 40, ROLE_TEXT,
			    (x + y) % 2 ? ROLE_CARD : ROLE_FREE, NULL);
	cmd(l, LAYOUT_TEXT, 40, 150, 560, 48, ROLE_CARD_TEXT, ROLE_CARD, "Gartenstraße 28");
}

struct pair {
	SDL_Surface *s[2];
	SDL_Renderer *r[2];
	struct render *rd[2]; /* [0] through SDL's calls, [1] direct */
};

static void pair_open(struct pair *p, struct font *font, Uint32 format)
{
	for (int i = 0; i < 2; i++) {
		p->s[i] = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, format);
		p->r[i] = SDL_CreateSoftwareRenderer(p->s[i]);
		p->rd[i] = NULL;
		CHECK(render_create(&p->rd[i], p->r[i], font) == PK_OK);
	}
	render_set_surface(p->rd[1], p->s[1]);
}

static void pair_close(struct pair *p)
{
	for (int i = 0; i < 2; i++) {
		render_destroy(p->rd[i]);
		SDL_DestroyRenderer(p->r[i]);
		SDL_FreeSurface(p->s[i]);
	}
}

/* Draws l on both and returns how many pixels differ in any byte. */
static long draw(struct pair *p, const struct layout *l, const struct theme *t, double bright)
{
	for (int i = 0; i < 2; i++) {
		render_frame(p->rd[i], l, t, bright);
		SDL_RenderPresent(p->r[i]);
	}
	CHECK(!render_drew_direct(p->rd[0]));
	CHECK(l == NULL || render_drew_direct(p->rd[1]));
	/* An XRGB target's top byte is padding, never shown (SDL leaves what it likes there). */
	Uint32 mask = p->s[0]->format->Amask ? 0xFFFFFFFFu : 0x00FFFFFFu;
	long n = 0;
	for (int y = 0; y < H; y++) {
		const Uint32 *a =
		    (const Uint32 *)((const Uint8 *)p->s[0]->pixels + y * p->s[0]->pitch);
		const Uint32 *b =
		    (const Uint32 *)((const Uint8 *)p->s[1]->pixels + y * p->s[1]->pitch);
		for (int x = 0; x < W; x++)
			n += (a[x] & mask) != (b[x] & mask);
	}
	return n;
}

static void sequence(struct font *font, Uint32 format, const struct theme *dark,
                     const struct theme *light)
{
	struct pair p;
	pair_open(&p, font, format);
	struct layout l;
	layout_init(&l);
	frame(&l, "✓ frei · 120 m", 40, true);
	CHECK_INT(draw(&p, &l, dark, 1.0), 0);
	snprintf(l.cmds[10].text, sizeof l.cmds[10].text, "%s", "12:08");
	CHECK_INT(draw(&p, &l, dark, 1.0), 0);
	frame(&l, "✗ belegt · 95 m", 40, true);
	CHECK_INT(draw(&p, &l, dark, 1.0), 0);
	frame(&l, "✗ belegt · 95 m", 63, true); /* the card moves */
	CHECK_INT(draw(&p, &l, dark, 1.0), 0);
	CHECK_INT(draw(&p, &l, light, 1.0), 0);
	CHECK_INT(draw(&p, &l, light, 0.45), 0);
	CHECK_INT(draw(&p, NULL, light, 1.0), 0);
	frame(&l, "✓ frei · 95 m", 40, false); /* no background: black under it */
	CHECK_INT(draw(&p, &l, dark, 1.0), 0);
	frame(&l, "✓ frei · 95 m", 70, false);
	CHECK_INT(draw(&p, &l, dark, 1.0), 0);
	grid(&l);
	CHECK_INT(draw(&p, &l, dark, 1.0), 0);
	l.cmds[0].bg = ROLE_CARD;
	CHECK_INT(draw(&p, &l, dark, 1.0), 0);
	layout_finish(&l);
	pair_close(&p);
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
	sequence(font, SDL_PIXELFORMAT_ARGB8888, dark, light);
	sequence(font, SDL_PIXELFORMAT_RGB888, dark, light);

	/* A target render cannot write (another layout of bytes): SDL draws it. */
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ABGR8888);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
	struct render *rd = NULL;
	CHECK(render_create(&rd, r, font) == PK_OK);
	render_set_surface(rd, s);
	struct layout l;
	layout_init(&l);
	frame(&l, "✓ frei · 120 m", 40, true);
	render_frame(rd, &l, dark, 1.0);
	CHECK(!render_drew_direct(rd));
	layout_finish(&l);
	render_destroy(rd);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(s);
	font_destroy(font);
	return TEST_END();
}
