/* render.h + font.h on real pixels: every text command of a frame is drawn (its box is
 * not empty) and its darkest/brightest glyph pixel has >= 7:1 contrast with the pixel
 * colour behind it, in every theme and both orientations. Headless software renderer. */
#include <SDL.h>

#include "err.h"
#include "font.h"
#include "layout.h"
#include "render.h"
#include "testlib.h"
#include "text.h"

static struct theme_rgb pixel(SDL_Surface *s, int x, int y)
{
	Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
	struct theme_rgb c;
	SDL_GetRGB(p, s->format, &c.r, &c.g, &c.b);
	return c;
}

static void fill_model(struct model *m)
{
	const char *names[] = {"Rempartstraße 11", "Zähringer Tor", "Schloßberg",
	                       "<speak>Markup</speak> & Co", "Kollegiengebäude"};
	for (int i = 0; i < 10; i++) {
		struct model_entry *e = model_push(m, i < 5 ? MODEL_SPOT : MODEL_SITE);
		snprintf(e->id, sizeof e->id, "%d", i);
		text_copy(e->name, sizeof e->name, names[i % 5]);
		e->has_pos = true;
		e->lat = 47.9947 + 0.0007 * (i % 5);
		e->lon = 7.8492 + 0.0005 * (i % 3);
		e->disabled = true;
		e->spot = (enum model_spot_state)(i % 4);
		e->free = i == 7 ? 0 : 40 + i;
		e->total = 200;
		e->total_disabled = 4;
		e->free_disabled = 2;
		e->max_height_cm = 210;
		e->open = i == 8 ? MODEL_OPEN_CLOSED : MODEL_OPEN_OPEN;
		e->updated_at = i == 9 ? 1 : 1750766085 - 90;
	}
}

int main(void)
{
	SDL_SetMainReady();
	struct font *font = NULL;
	char err[256];
	CHECK(font_create(&font, test_source("fonts"), err, sizeof err) == PK_OK);
	struct i18n *i18n = NULL;
	CHECK(i18n_create(&i18n, test_source("locales"), err, sizeof err) == PK_OK);
	if (!font || !i18n)
		return TEST_END();
	CHECK(font_cap_ratio(font) > 0.6 && font_cap_ratio(font) < 0.8);
	/* the arrows, check marks and the wheelchair sign come from a fallback face */
	CHECK(font_covers(font, "↗ ✓ ✗ ⊘ ♿ … Zähringer İstanbul Київ", NULL));
	CHECK(font_width(font, FONT_REGULAR, 40, "Hallo") > 0);

	struct model m;
	model_init(&m);
	fill_model(&m);
	struct view v;
	struct view_params p = {47.9947, 7.8492, 1750766085, 900, 1000, 3000, 3};
	view_build(&v, &m, &p);
	const int sizes[2][2] = {{1920, 1080}, {1080, 1920}};
	int worst_checked = 0;
	for (size_t t = 0; t < theme_count(); t++) {
		const struct theme *th = theme_at(t);
		for (int o = 0; o < 2; o++) {
			int W = sizes[o][0], H = sizes[o][1];
			SDL_Surface *s =
			    SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
			SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
			struct render *rd = NULL;
			CHECK(render_create(&rd, r, font) == PK_OK);
			struct layout l;
			layout_init(&l);
			struct layout_input in = {
			    .view = &v,
			    .lang = i18n_lang(i18n, "de"),
			    .w = W,
			    .h = H,
			    .px_per_mm = layout_px_per_mm(W, H, 609.6),
			    .viewing_distance_m = 0.7,
			    .focus = 2,
			    .place = "Freiburg",
			    .now = p.now,
			    .demo = true,
			    .sources_current = 1,
			    .sources_total = 2,
			    .audio_active = true,
			};
			struct layout_measure meas = {render_measure, font_cap_ratio(font),
			                              font_line_ratio(font), font};
			CHECK(layout_compute(&l, &in, &meas) == PK_OK);
			render_frame(rd, &l, th, 1.0);
			SDL_RenderPresent(r);
			for (size_t i = 0; i < l.n; i++) {
				const struct layout_cmd *c = &l.cmds[i];
				if (c->op != LAYOUT_TEXT)
					continue;
				struct theme_rgb bg = th->c[c->bg];
				double best = 1.0;
				long same = 0, all = 0;
				for (int y = c->y; y < c->y + c->h && y < H; y++)
					for (int x = c->x; x < c->x + c->w && x < W; x++) {
						struct theme_rgb px = pixel(s, x, y);
						double k = theme_contrast(px, bg);
						if (k > best)
							best = k;
						same +=
						    px.r == bg.r && px.g == bg.g && px.b == bg.b;
						all++;
					}
				/* the colour really underneath is the one the pair was checked for
				 */
				CHECK(all > 0 && same * 3 >= all);
				worst_checked++;
				if (best < 7.0)
					fprintf(stderr, "%s %dx%d: \"%s\" only %.2f:1\n", th->name,
					        W, H, c->text, best);
				CHECK(best >= 7.0);
			}
			if (t == 0 && o == 0) {
				char out[512];
				snprintf(out, sizeof out, "%s", "test_render_dark.bmp");
				SDL_SaveBMP(s, out);
			}
			layout_finish(&l);
			render_destroy(rd);
			SDL_DestroyRenderer(r);
			SDL_FreeSurface(s);
		}
	}
	CHECK(worst_checked > 50);
	view_finish(&v);
	model_finish(&m);
	i18n_destroy(i18n);
	font_destroy(font);
	return TEST_END();
}
