/* Full-frame time: layout_compute + render_frame with SDL's software renderer into a
 * W×H surface, on the demo data, exactly as the kiosk draws (struct app). Three cases:
 *   warm     the same frame again (every text texture cached; what a redraw costs)
 *   refresh  new data every frame (two demo periods in turn: a few texts change, the
 *            rest comes from the cache; what a feed update costs)
 *   cold     an empty texture cache every frame (first frame, or every text new)
 *   minute   the clock minute changes every frame, nothing else (an idle kiosk's repaint)
 * Frames after the first draw only the cells whose commands changed (render.c's dirty
 * rectangles on the software renderer): the "damage" column is the share of the frame's
 * pixels drawn.
 * Prints the median and 95th percentile of wall time and of this thread's CPU time.
 * Usage: bench_render [FRAMES] [WxH ...]   (default 200 frames; 1920x1080 3840x2160)
 *        bench_render --html WxH FONTS_DIR  writes to stdout the frame as an HTML page:
 *        the same boxes, colours, texts, sizes and fonts, absolutely placed (the page a
 *        browser-based kiosk would show; bench.py has headless Chromium render it). */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "demo.h"
#include "log.h"

#define NOW 1740823200 /* 2025-03-01T10:00:00Z: a fixed, reproducible demo state */

static double now_ms(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	int i = (int)(p * (n - 1) + 0.5);
	return v[i];
}

/* Puts the demo data of instant t into the app and rebuilds its view. */
static void load(struct app *a, int64_t t)
{
	model_clear(&a->model);
	demo_load(&a->model, t);
	a->fixed_now = t;
	a->start_ticks = SDL_GetTicks64();
	app_update_view(a);
}

enum mode { WARM, REFRESH, COLD, MINUTE };

static void run(struct app *a, SDL_Renderer *r, SDL_Surface *surf, int w, int h, enum mode mode,
                int frames)
{
	static const char *const names[] = {"warm", "refresh", "cold", "minute"};
	double *wall = calloc((size_t)frames, sizeof *wall);
	double *cpu = calloc((size_t)frames, sizeof *cpu);
	double *lay = calloc((size_t)frames, sizeof *lay);
	double *dmg = calloc((size_t)frames, sizeof *dmg);
	if (!wall || !cpu || !lay || !dmg)
		exit(2);
	load(a, NOW);
	render_destroy(a->render);
	a->render = NULL;
	if (render_create(&a->render, r, a->font) != PK_OK)
		exit(2);
	render_set_surface(a->render, surf);
	/* One untimed frame, so "warm" and "refresh" start from a full cache. */
	app_layout(a, w, h);
	render_frame(a->render, &a->layout, a->theme, 1.0);
	size_t texts = 0;
	for (size_t i = 0; i < a->layout.n; i++)
		texts += a->layout.cmds[i].op == LAYOUT_TEXT;
	for (int f = 0; f < frames; f++) {
		if (mode == REFRESH)
			load(a,
			     NOW + (f % 2 ? DEMO_PERIOD_S : 0) + DEMO_PERIOD_S * 2 * (f / 2 % 50));
		if (mode == MINUTE) {
			a->fixed_now = NOW + (f % 2 ? 60 : 0);
			a->start_ticks = SDL_GetTicks64();
			app_update_view(a);
		}
		if (mode == COLD) {
			render_destroy(a->render);
			if (render_create(&a->render, r, a->font) != PK_OK)
				exit(2);
			render_set_surface(a->render, surf);
		}
		double w0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_THREAD_CPUTIME_ID);
		app_layout(a, w, h);
		lay[f] = now_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
		render_frame(a->render, &a->layout, a->theme, 1.0);
		SDL_RenderPresent(r);
		cpu[f] = now_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
		wall[f] = now_ms(CLOCK_MONOTONIC) - w0;
		dmg[f] = 100.0 * (double)render_damage_px(a->render) / ((double)w * h);
	}
	printf(
	    "render %dx%d %-7s frames %d  commands %zu (text %zu)  wall median %.2f ms "
	    "p95 %.2f ms  cpu median %.2f ms p95 %.2f ms (layout %.2f ms)  damage median %.1f %%  "
	    "texture cache %ld KiB\n",
	    w, h, names[mode], frames, a->layout.n, texts, pct(wall, frames, 0.5),
	    pct(wall, frames, 0.95), pct(cpu, frames, 0.5), pct(cpu, frames, 0.95),
	    pct(lay, frames, 0.5), pct(dmg, frames, 0.5), render_cache_bytes(a->render) / 1024);
	fflush(stdout);
	free(wall);
	free(cpu);
	free(lay);
	free(dmg);
}

static void html_text(const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", stdout);
		else if (*s == '>')
			fputs("&gt;", stdout);
		else if (*s == '&')
			fputs("&amp;", stdout);
		else
			putchar(*s);
	}
}

static void html_rgb(const struct theme *t, enum theme_role role)
{
	printf("#%02x%02x%02x", t->c[role].r, t->c[role].g, t->c[role].b);
}

/* The frame at w×h as a page of absolutely placed boxes. */
static int html(struct app *a, int w, int h, const char *fonts)
{
	load(a, NOW);
	app_layout(a, w, h);
	/* The fonts by family name, from fontconfig (bench.py adds FONTS_DIR to it), as
	 * parkkiosk opens them from files: no web-font download before the first paint. */
	(void)fonts;
	printf("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>\n"
	       "html,body{margin:0;width:%dpx;height:%dpx;overflow:hidden}\n"
	       "div{position:absolute;box-sizing:border-box;white-space:pre;overflow:hidden;"
	       "font-family:'Atkinson Hyperlegible Next','Noto Sans','Noto Sans Arabic',"
	       "'DejaVu Sans';display:flex;align-items:center}\n"
	       "</style></head><body>\n",
	       w, h);
	for (size_t i = 0; i < a->layout.n; i++) {
		const struct layout_cmd *c = &a->layout.cmds[i];
		printf("<div style=\"left:%dpx;top:%dpx;width:%dpx;height:%dpx;", c->x, c->y, c->w,
		       c->h);
		if (c->op == LAYOUT_FILL) {
			fputs("background:", stdout);
			html_rgb(a->theme, c->bg);
			fputs("\"></div>\n", stdout);
		} else if (c->op == LAYOUT_FRAME) {
			printf("border:%dpx solid ", c->thickness);
			html_rgb(a->theme, c->fg);
			fputs("\"></div>\n", stdout);
		} else {
			printf(
			    "font-size:%dpx;font-weight:%d;justify-content:%s;direction:%s;color:",
			    c->px, c->style == FONT_BOLD ? 700 : 400,
			    c->align == LAYOUT_END      ? "flex-end"
			    : c->align == LAYOUT_CENTER ? "center"
			                                : "flex-start",
			    c->rtl ? "rtl" : "ltr");
			html_rgb(a->theme, c->fg);
			fputs("\">", stdout);
			html_text(c->text);
			fputs("</div>\n", stdout);
		}
	}
	printf("</body></html>\n");
	return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	bool page = argc == 4 && strcmp(argv[1], "--html") == 0;
	int frames = argc > 1 && !page ? atoi(argv[1]) : 200;
	static const char *const fallback[] = {"1920x1080", "3840x2160"};
	const char *const *sizes = argc > 2 ? (const char *const *)argv + 2 : fallback;
	int n_sizes = argc > 2 ? argc - 2 : 2;
	if (frames < 1) {
		fprintf(stderr, "usage: bench_render [FRAMES] [WxH ...]\n");
		return 2;
	}
	log_set_level(LOG_WARN);
	SDL_SetMainReady();
	static struct app app;
	char *args[] = {"bench_render", "--demo", "--now", "2025-03-01T10:00:00Z", NULL};
	if (app_init(&app, 4, args) != 0 || app_open_font(&app) != 0)
		return 2;
	if (page) {
		int w, h;
		if (sscanf(argv[2], "%dx%d", &w, &h) != 2 || w < 64 || h < 64)
			return 2;
		int rc = html(&app, w, h, argv[3]);
		app_finish(&app);
		SDL_Quit();
		return rc;
	}
	for (int s = 0; s < n_sizes; s++) {
		int w, h;
		if (sscanf(sizes[s], "%dx%d", &w, &h) != 2 || w < 64 || h < 64) {
			fprintf(stderr, "bench_render: bad size %s\n", sizes[s]);
			return 2;
		}
		SDL_Surface *surf =
		    SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
		SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
		if (!r) {
			fprintf(stderr, "bench_render: %s\n", SDL_GetError());
			return 2;
		}
		run(&app, r, surf, w, h, WARM, frames);
		run(&app, r, surf, w, h, REFRESH, frames);
		run(&app, r, surf, w, h, COLD, frames / 4 > 10 ? frames / 4 : 10);
		run(&app, r, surf, w, h, MINUTE, frames);
		render_destroy(app.render);
		app.render = NULL;
		SDL_DestroyRenderer(r);
		SDL_FreeSurface(surf);
	}
	app_finish(&app);
	SDL_Quit();
	return 0;
}
