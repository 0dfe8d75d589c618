/* render.c's dirty rectangles: after any sequence of frames, a frame drawn only where its
 * cells changed has exactly the pixels of the same frame drawn whole on a fresh target;
 * an unchanged frame draws nothing, nor does a text box that changes without moving its
 * text; a one-text change draws a few cells, not the screen.
 * Headless software renderer. */
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
	cmd(l, LAYOUT_FRAME, card_x - 4, 16, 568, 208, ROLE_FOCUS, ROLE_BG, NULL);
	cmd(l, LAYOUT_TEXT, card_x + 20, 40, 520, 48, ROLE_CARD_TEXT, ROLE_CARD,
	    "Rempartstraße 11");
	cmd(l, LAYOUT_TEXT, card_x + 20, 120, 520, 48, ROLE_MUTED, ROLE_CARD, second);
	/* A box lower than its text: the glyphs reach outside it (blended, not baked). */
	cmd(l, LAYOUT_TEXT, 30, 280, 300, 12, ROLE_TEXT, ROLE_BG, "Ǻ gjpqy Ölçü");
	cmd(l, LAYOUT_TEXT, 330, 300, 300, 48, ROLE_TEXT, ROLE_BG, "12:07");
}

struct target {
	SDL_Surface *s;
	SDL_Renderer *r;
	struct render *rd;
};

static void target_open(struct target *t, struct font *font)
{
	t->s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	t->r = SDL_CreateSoftwareRenderer(t->s);
	t->rd = NULL;
	CHECK(render_create(&t->rd, t->r, font) == PK_OK);
}

static void target_close(struct target *t)
{
	render_destroy(t->rd);
	SDL_DestroyRenderer(t->r);
	SDL_FreeSurface(t->s);
}

/* Pixels that differ between the incremental target and l drawn whole on a fresh one. */
static long differing(struct font *font, SDL_Surface *inc, const struct layout *l,
                      const struct theme *th)
{
	struct target f;
	target_open(&f, font);
	render_frame(f.rd, l, th, 1.0);
	long n = 0;
	for (int y = 0; y < H; y++) {
		const Uint32 *a = (const Uint32 *)((const Uint8 *)inc->pixels + y * inc->pitch);
		const Uint32 *b = (const Uint32 *)((const Uint8 *)f.s->pixels + y * f.s->pitch);
		for (int x = 0; x < W; x++)
			n += (a[x] & 0xFFFFFF) != (b[x] & 0xFFFFFF);
	}
	CHECK_INT(render_damage_px(f.rd), (long)W * H); /* a first frame is drawn whole */
	target_close(&f);
	return n;
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
	struct target t;
	target_open(&t, font);
	struct layout l;
	layout_init(&l);

	frame(&l, "✓ frei · 120 m", 40, true);
	render_frame(t.rd, &l, dark, 1.0);
	CHECK_INT(render_damage_px(t.rd), (long)W * H);
	CHECK_INT(differing(font, t.s, &l, dark), 0);

	/* The same frame: nothing is drawn. */
	render_frame(t.rd, &l, dark, 1.0);
	CHECK_INT(render_damage_px(t.rd), 0);

	/* A left-aligned text's box widens (its column grew) and its pixels stay: nothing is
	 * drawn. Right-aligned, the text moves: drawn again, the same pixels as drawn whole. */
	l.cmds[3].w -= 40;
	render_frame(t.rd, &l, dark, 1.0);
	CHECK_INT(render_damage_px(t.rd), 0);
	l.cmds[3].w += 40;
	l.cmds[3].align = LAYOUT_END;
	render_frame(t.rd, &l, dark, 1.0);
	CHECK(render_damage_px(t.rd) > 0);
	CHECK_INT(differing(font, t.s, &l, dark), 0);
	l.cmds[3].align = LAYOUT_START;
	render_frame(t.rd, &l, dark, 1.0);
	CHECK_INT(differing(font, t.s, &l, dark), 0);

	/* One text changes (a clock minute, a count): a few cells, the same pixels. */
	snprintf(l.cmds[6].text, sizeof l.cmds[6].text, "%s", "12:08");
	render_frame(t.rd, &l, dark, 1.0);
	long dmg = render_damage_px(t.rd);
	printf("one changed text: %ld of %d pixels drawn\n", dmg, W * H);
	CHECK(dmg > 0 && dmg <= 4 * 64 * 64);
	CHECK_INT(differing(font, t.s, &l, dark), 0);

	frame(&l, "✓ frei · 95 m", 40, true);
	render_frame(t.rd, &l, dark, 1.0);
	CHECK(render_damage_px(t.rd) < (long)W * H / 2);
	CHECK_INT(differing(font, t.s, &l, dark), 0);

	/* The card moves: what it uncovers is drawn again too. */
	frame(&l, "✓ frei · 95 m", 60, true);
	render_frame(t.rd, &l, dark, 1.0);
	CHECK_INT(differing(font, t.s, &l, dark), 0);

	/* The text that overhangs its box changes: its overhang is redrawn. */
	snprintf(l.cmds[5].text, sizeof l.cmds[5].text, "%s", "Å gjpqy");
	render_frame(t.rd, &l, dark, 1.0);
	CHECK_INT(differing(font, t.s, &l, dark), 0);

	/* Another theme, dimmed, the black frame and back. */
	render_frame(t.rd, &l, light, 1.0);
	CHECK_INT(differing(font, t.s, &l, light), 0);
	render_frame(t.rd, &l, light, 0.45);
	render_frame(t.rd, NULL, light, 1.0);
	render_frame(t.rd, &l, dark, 1.0);
	CHECK_INT(render_damage_px(t.rd), (long)W * H);
	CHECK_INT(differing(font, t.s, &l, dark), 0);

	/* No full-screen background: what no command covers is black, as on a fresh target. */
	frame(&l, "✓ frei · 95 m", 40, false);
	render_frame(t.rd, &l, dark, 1.0);
	CHECK_INT(differing(font, t.s, &l, dark), 0);
	frame(&l, "✓ frei · 95 m", 70, false);
	render_frame(t.rd, &l, dark, 1.0);
	CHECK_INT(differing(font, t.s, &l, dark), 0);

	/* Invalidated (exposed): drawn whole. */
	render_invalidate(t.rd);
	render_frame(t.rd, &l, dark, 1.0);
	CHECK_INT(render_damage_px(t.rd), (long)W * H);

	/* The cache keeps only the inked part of a text drawn whole (right to left here:
	 * simple text is drawn from the glyph atlas): digits have no descenders and nothing
	 * above the capital height. */
	struct target c;
	target_open(&c, font);
	l.n = 0;
	cmd(&l, LAYOUT_FILL, 0, 0, W, H, ROLE_TEXT, ROLE_BG, NULL);
	cmd(&l, LAYOUT_TEXT, 20, 20, 600, 200, ROLE_TEXT, ROLE_BG, "146");
	l.cmds[1].px = 120;
	l.cmds[1].rtl = true;
	render_frame(c.rd, &l, dark, 1.0);
	struct atlas_stats st;
	render_atlas_stats(c.rd, &st);
	CHECK_INT(st.glyphs, 0);
	SDL_Surface *whole = font_render(font, FONT_REGULAR, 120, "146", true);
	CHECK(whole != NULL);
	if (whole) {
		long full = (long)whole->w * whole->h * 4;
		printf("\"146\" at 120 px: %ld bytes cached of a %ld-byte surface\n",
		       render_cache_bytes(c.rd), full);
		CHECK(render_cache_bytes(c.rd) > 0 && render_cache_bytes(c.rd) < full * 3 / 4);
		SDL_FreeSurface(whole);
	}
	CHECK_INT(differing(font, c.s, &l, dark), 0);
	/* Left to right, the same digits are three glyphs of the atlas, the same pixels. */
	l.cmds[1].rtl = false;
	render_frame(c.rd, &l, dark, 1.0);
	render_atlas_stats(c.rd, &st);
	CHECK_INT(st.glyphs, 3);
	CHECK_INT(st.pages, 1);
	CHECK_INT(differing(font, c.s, &l, dark), 0);
	target_close(&c);

	layout_finish(&l);
	target_close(&t);
	font_destroy(font);
	return TEST_END();
}
