/* The glyph atlas (atlas.h) and the glyph-by-glyph layout it draws (font_run): a glyph is
 * rasterised once and then reused, in any text; a full atlas empties its least recently
 * used page and still draws the same pixels, within its byte budget; a run is as wide as
 * font_width measures and its pixels are SDL_ttf's own (HarfBuzz positions, GPOS kerning,
 * ligatures); what needs shaping (Arabic, right to left) is refused. Headless software
 * renderer. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>

#include "atlas.h"
#include "err.h"
#include "font.h"
#include "testlib.h"

#define W 2000
#define H 480

static const struct theme_rgb white = {255, 255, 255}, black = {0, 0, 0};

/* Draws a run at (x, y) from the atlas onto a black target. */
static void draw(SDL_Renderer *r, struct atlas *a, const struct font_run *run, int x, int y,
                 struct theme_rgb fg)
{
	for (size_t i = 0; i < run->n; i++) {
		SDL_Rect src;
		SDL_Texture *t = atlas_glyph(a, run->style, run->px, &run->g[i], fg, &src);
		if (!t)
			continue;
		SDL_Rect dst = {x + run->g[i].x, y + run->g[i].y, src.w, src.h};
		SDL_RenderCopy(r, t, &src, &dst);
	}
}

/* Largest difference of any channel between the target and the run drawn by font_render
 * (white on black, blended once here). */
static int max_diff(SDL_Surface *target, struct font *f, const struct font_run *run,
                    const char *text, int x, int y)
{
	SDL_Surface *ref = font_render(f, run->style, run->px, text, false);
	if (!ref)
		return 999;
	int worst = 0;
	for (int yy = 0; yy < ref->h; yy++)
		for (int xx = 0; xx < ref->w; xx++) {
			Uint32 a = ((Uint32 *)((Uint8 *)ref->pixels + yy * ref->pitch))[xx] >> 24;
			Uint32 p = ((Uint32 *)((Uint8 *)target->pixels +
			                       (y + yy) * target->pitch))[x + xx];
			int d = abs((int)(p & 0xFF) - (int)a);
			worst = d > worst ? d : worst;
		}
	SDL_FreeSurface(ref);
	if (worst > 3)
		fprintf(stderr, "max_diff %s: %d\n", text, worst);
	return worst;
}

static void reuse(struct font *f)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
	struct atlas *a = NULL;
	CHECK(atlas_create(&a, r, f, 4L << 20) == PK_OK);
	struct font_run one, two;
	CHECK(font_run_create(f, FONT_BOLD, 40, "Rempartstraße", false, &one) == PK_OK);
	CHECK(font_run_create(f, FONT_BOLD, 40, "Parkhaus", false, &two) == PK_OK);
	atlas_begin_frame(a);
	SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
	SDL_RenderClear(r);
	draw(r, a, &one, 10, 10, white);
	atlas_end_frame(a);
	struct atlas_stats st;
	atlas_get_stats(a, &st);
	/* R e m p a r t s t r a ß e: 9 different letters (e, r, a, t twice) */
	CHECK_INT(st.rasterised, 9);
	CHECK_INT(st.glyphs, 9);
	CHECK(st.pages == 1 && st.bytes > 0 && st.bytes <= 4L << 20);
	/* the same text again, and another made of letters already there but P, h, u, k */
	atlas_begin_frame(a);
	SDL_RenderClear(r);
	draw(r, a, &one, 10, 10, white);
	draw(r, a, &two, 10, 80, white);
	atlas_end_frame(a);
	atlas_get_stats(a, &st);
	CHECK_INT(st.rasterised, 13);
	/* the pixels are font_render's (blending rounds by a level or two at most) */
	SDL_RenderPresent(r);
	CHECK(max_diff(s, f, &one, "Rempartstraße", 10, 10) <= 3);
	CHECK(max_diff(s, f, &two, "Parkhaus", 10, 80) <= 3);
	/* another colour is another glyph; the same one is found again */
	SDL_Rect r1, r2;
	atlas_begin_frame(a);
	SDL_Texture *t1 = atlas_glyph(a, FONT_BOLD, 40, &one.g[0], black, &r1);
	SDL_Texture *t2 = atlas_glyph(a, FONT_BOLD, 40, &one.g[0], black, &r2);
	atlas_end_frame(a);
	CHECK(t1 && t1 == t2 && r1.x == r2.x && r1.y == r2.y);
	CHECK(r1.w == one.g[0].w && r1.h == one.g[0].h);
	atlas_get_stats(a, &st);
	CHECK_INT(st.rasterised, 14);
	font_run_finish(&one);
	font_run_finish(&two);
	atlas_destroy(a);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(s);
}

static void eviction(struct font *f)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
	struct atlas *a = NULL;
	long budget = 512L * 512 * 5; /* one page: its texture and its coverage */
	CHECK(atlas_create(&a, r, f, budget) == PK_OK);
	const char *text = "Kirchplatz 47";
	struct atlas_stats st;
	/* frame after frame at another size: each fills the page, the next must reuse it */
	for (int px = 60; px <= 220; px += 20) {
		struct font_run run;
		CHECK(font_run_create(f, FONT_REGULAR, px, text, false, &run) == PK_OK);
		atlas_begin_frame(a);
		SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
		SDL_RenderClear(r);
		draw(r, a, &run, 0, 0, white);
		atlas_end_frame(a);
		SDL_RenderPresent(r);
		CHECK(max_diff(s, f, &run, text, 0, 0) <= 3);
		font_run_finish(&run);
	}
	atlas_get_stats(a, &st);
	CHECK(st.evicted > 0); /* pages of earlier sizes were emptied and reused */
	/* a frame may go over the budget (it must draw whole); a later one that needs less
	 * frees the excess when it ends */
	struct font_run one;
	CHECK(font_run_create(f, FONT_REGULAR, 30, "1", false, &one) == PK_OK);
	atlas_begin_frame(a);
	draw(r, a, &one, 0, 0, white);
	atlas_end_frame(a);
	atlas_get_stats(a, &st);
	CHECK(st.bytes <= budget);
	font_run_finish(&one);
	/* one frame that needs more than the budget still draws whole */
	struct font_run big, big2;
	CHECK(font_run_create(f, FONT_BOLD, 180, "ABCDEFGHIJ", false, &big) == PK_OK);
	CHECK(font_run_create(f, FONT_BOLD, 180, "KLMNOPQRST", false, &big2) == PK_OK);
	atlas_begin_frame(a);
	SDL_RenderClear(r);
	draw(r, a, &big, 0, 0, white);
	draw(r, a, &big2, 0, 240, white);
	atlas_get_stats(a, &st);
	CHECK(st.pages >= 2);
	atlas_end_frame(a);
	SDL_RenderPresent(r);
	CHECK(max_diff(s, f, &big, "ABCDEFGHIJ", 0, 0) <= 3);
	CHECK(max_diff(s, f, &big2, "KLMNOPQRST", 0, 240) <= 3);
	font_run_finish(&big);
	font_run_finish(&big2);
	atlas_destroy(a);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(s);
}

/* A run's width is font_width's, and its pixels are those of SDL_ttf rendering the same
 * text with the same face (one face: no fallback involved). */
static void same_as_sdl_ttf(struct font *f)
{
	static const char *const texts[] = {
	    "AVATAR Tor", "Yo Te Wa", "office fi fl", "Çarşı İstasyonu", "Вільно 12", "47 frei",
	};
	char path[1024];
	snprintf(path, sizeof path, "%s/AtkinsonHyperlegibleNext-Regular.ttf",
	         test_source("fonts"));
	for (int px = 18; px <= 93; px += 25) {
		TTF_Font *ttf = TTF_OpenFont(path, px);
		CHECK(ttf != NULL);
		if (!ttf)
			return;
		for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
			struct font_run run;
			CHECK(font_run_create(f, FONT_REGULAR, px, texts[i], false, &run) == PK_OK);
			CHECK_INT(run.w, font_width(f, FONT_REGULAR, px, texts[i]));
			bool one_face = true;
			for (size_t k = 0; k < run.n; k++)
				one_face = one_face && run.g[k].face == 0;
			if (one_face) {
				int tw = 0, th = 0;
				TTF_SetFontScriptName(ttf, texts[i][0] == '\xd0' ? "Cyrl" : "Latn");
				TTF_SizeUTF8(ttf, texts[i], &tw, &th);
				CHECK_INT(run.w, tw);
				CHECK_INT(run.h, th);
				SDL_Color c = {255, 255, 255, 255};
				SDL_Surface *want = TTF_RenderUTF8_Blended(ttf, texts[i], c);
				SDL_Surface *got =
				    font_render(f, FONT_REGULAR, px, texts[i], false);
				int diff = 0;
				for (int y = 0; want && got && y < want->h && y < got->h; y++)
					for (int x = 0; x < want->w && x < got->w; x++) {
						Uint32 p = ((Uint32 *)((Uint8 *)want->pixels +
						                       y * want->pitch))[x];
						Uint32 q = ((Uint32 *)((Uint8 *)got->pixels +
						                       y * got->pitch))[x];
						diff += (p >> 24) != (q >> 24);
					}
				CHECK(want && got && want->w == got->w && want->h == got->h);
				CHECK_INT(diff, 0);
				SDL_FreeSurface(want);
				SDL_FreeSurface(got);
			}
			font_run_finish(&run);
		}
		TTF_CloseFont(ttf);
	}
	/* kerning is applied: "AV" is narrower than A and V apart */
	CHECK(font_width(f, FONT_REGULAR, 60, "AV") <
	      font_width(f, FONT_REGULAR, 60, "A") + font_width(f, FONT_REGULAR, 60, "V"));
	/* a fallback face (DejaVu for the arrow) in the middle of a line */
	struct font_run run;
	CHECK(font_run_create(f, FONT_BOLD, 46, "↙ 120 m", false, &run) == PK_OK);
	CHECK_INT(run.w, font_width(f, FONT_BOLD, 46, "↙ 120 m"));
	CHECK(run.n >= 5 && run.g[0].face != 0);
	font_run_finish(&run);
	/* what needs shaping or bidi is not laid out here */
	CHECK(font_run_create(f, FONT_REGULAR, 40, "موقف", false, &run) == PK_ERR_UNSUPPORTED);
	CHECK(font_run_create(f, FONT_REGULAR, 40, "Tor 1", true, &run) == PK_ERR_UNSUPPORTED);
	CHECK(font_run_create(f, FONT_REGULAR, 40, "", false, &run) == PK_OK && run.n == 0);
}

int main(void)
{
	SDL_SetMainReady();
	struct font *font = NULL;
	char err[256];
	CHECK(font_create(&font, test_source("fonts"), err, sizeof err) == PK_OK);
	if (!font)
		return TEST_END();
	reuse(font);
	eviction(font);
	same_as_sdl_ttf(font);
	font_destroy(font);
	return TEST_END();
}
