/* Application state and its transitions (see app.h). */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo.h"
#include "dump.h"
#include "health.h"
#include "log.h"
#include "paths.h"
#include "version.h"

int64_t app_now(const struct app *a)
{
	if (a->cli.has_now)
		return a->fixed_now + (int64_t)((SDL_GetTicks64() - a->start_ticks) / 1000);
	return (int64_t)time(NULL);
}

int app_utc_offset(const struct app *a, int64_t t)
{
	(void)a; /* TZ was set from the config at init */
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		return 0;
	return (int)tm.tm_gmtoff;
}

static const char *feed_display_name(const struct config_feed *f)
{
	return f->name[0] ? f->name : f->url;
}

int app_init(struct app *a, int argc, char **argv)
{
	memset(a, 0, sizeof *a);
	model_init(&a->model);
	view_init(&a->view);
	layout_init(&a->layout);
	a->start_ticks = SDL_GetTicks64();
	char err[512] = "";
	if (cli_parse(argc, argv, &a->cli, err, sizeof err) != PK_OK) {
		log_error("%s", err);
		return 2;
	}
	if (a->cli.help || a->cli.version)
		return 0;
	a->fixed_now = a->cli.now;
	config_defaults(&a->cfg);
	if (a->cli.config_path &&
	    config_load_file(&a->cfg, a->cli.config_path, err, sizeof err) != PK_OK) {
		log_error("%s", err);
		return 2;
	}
	if (cli_apply(&a->cli, &a->cfg, err, sizeof err) != PK_OK ||
	    config_finish(&a->cfg, err, sizeof err) != PK_OK) {
		log_error("%s", err);
		return 2;
	}
	enum log_level lvl;
	if (log_level_parse(a->cfg.log_level, &lvl))
		log_set_level(lvl);
	setenv("TZ", a->cfg.timezone, 1);
	tzset();

	char dir[1024];
	if (!paths_data("locales", dir, sizeof dir)) {
		log_error("no locales directory found (set PARKKIOSK_DATADIR)");
		return 1;
	}
	if (i18n_create(&a->i18n, dir, err, sizeof err) != PK_OK) {
		log_error("%s", err);
		return 1;
	}
	a->default_lang = i18n_lang(a->i18n, a->cfg.lang);
	if (!a->default_lang) {
		log_error("language: no catalogue for \"%s\" in %s", a->cfg.lang, dir);
		return 2;
	}
	a->lang = a->default_lang;
	a->theme = theme_get(a->cfg.theme);
	if (!a->theme) {
		log_error("theme: unknown theme \"%s\"", a->cfg.theme);
		return 2;
	}
	if (schedule_window_parse(a->cfg.schedule_off, &a->sched_off, err, sizeof err) != PK_OK ||
	    schedule_window_parse(a->cfg.schedule_dim, &a->sched_dim, err, sizeof err) != PK_OK) {
		log_error("schedule: %s", err);
		return 2;
	}
	a->started = app_now(a);
	a->demo = a->cfg.demo || a->cfg.n_feeds == 0;
	a->n_feeds = a->demo ? 1 : (size_t)a->cfg.n_feeds;
	int rc = app_audio_init(a);
	if (rc != 0)
		return rc;
	if (a->demo) {
		snprintf(a->feeds[0].name, sizeof a->feeds[0].name, "demo");
	} else {
		for (size_t i = 0; i < a->n_feeds; i++)
			snprintf(a->feeds[i].name, sizeof a->feeds[i].name, "%s",
			         feed_display_name(&a->cfg.feeds[i]));
	}
	return 0;
}

void app_finish(struct app *a)
{
	app_audio_finish(a);
	fetcher_destroy(a->fetcher);
	render_destroy(a->render);
	font_destroy(a->font);
	if (a->renderer)
		SDL_DestroyRenderer(a->renderer);
	if (a->window)
		SDL_DestroyWindow(a->window);
	layout_finish(&a->layout);
	view_finish(&a->view);
	model_finish(&a->model);
	i18n_destroy(a->i18n);
	memset(a, 0, sizeof *a);
}

static void load_demo(struct app *a, int64_t now)
{
	model_clear(&a->model);
	if (demo_load(&a->model, now) != PK_OK)
		return;
	struct fetch_status *st = &a->feeds[0];
	st->last_attempt = st->last_success = now;
	st->has_data = true;
	st->entries = a->model.n;
	st->data_time = 0;
	for (size_t i = 0; i < a->model.n; i++)
		if (a->model.v[i].updated_at > st->data_time)
			st->data_time = a->model.v[i].updated_at;
	a->next_demo_change = demo_next_change(now);
}

int app_load_once(struct app *a)
{
	int64_t now = app_now(a);
	if (a->demo) {
		load_demo(a, now);
	} else if (fetch_once(&a->cfg, now, &a->model, a->feeds, a->n_feeds) != PK_OK) {
		log_error("out of memory loading feeds");
		return 1;
	}
	app_update_view(a);
	return 0;
}

void app_update_view(struct app *a)
{
	struct view_params p = {
	    .lat = a->cfg.lat,
	    .lon = a->cfg.lon,
	    .now = app_now(a),
	    .stale_after_s = a->cfg.stale_after_s,
	    .nearby_m = a->cfg.nearby_m,
	    .sites_radius_m = a->cfg.sites_radius_m,
	    .max_alternatives = 3,
	};
	view_finish(&a->view);
	if (view_build(&a->view, &a->model, &p) != PK_OK)
		log_error("out of memory building the view");
	a->dirty = true;
	app_audio_view_changed(a);
}

/* A source is current when it delivered data within the stale limit. */
int app_sources_current(const struct app *a, int64_t now)
{
	int n = 0;
	for (size_t i = 0; i < a->n_feeds; i++)
		if (a->feeds[i].has_data && a->feeds[i].last_success > 0 &&
		    now - a->feeds[i].last_success <= a->cfg.stale_after_s &&
		    a->feeds[i].data_time > 0 &&
		    now - a->feeds[i].data_time <= a->cfg.stale_after_s)
			n++;
	return n;
}

void app_layout(struct app *a, int w, int h)
{
	double ppmm =
	    a->cfg.dpi > 0 ? a->cfg.dpi / 25.4 : layout_px_per_mm(w, h, a->cfg.display_diagonal_mm);
	int64_t now = app_now(a);
	struct layout_input in = {
	    .view = &a->view,
	    .lang = a->lang,
	    .w = w,
	    .h = h,
	    .px_per_mm = ppmm,
	    .viewing_distance_m = a->cfg.viewing_distance_m,
	    .display_mode = a->cfg.mode == CONFIG_MODE_DISPLAY,
	    .page = a->page,
	    .focus = a->focus,
	    .place = a->cfg.place,
	    .facing_deg = a->cfg.facing_deg,
	    .now = now,
	    .utc_offset_s = app_utc_offset(a, now),
	    .data_utc_offset_s = app_utc_offset(a, a->view.newest_update ? a->view.newest_update
	                                                                 : a->view.newest_any),
	    .demo = a->demo,
	    .sources_current = app_sources_current(a, now),
	    .sources_total = (int)a->n_feeds,
	    .audio_active = a->audio_active,
	    .warning = a->audio_warning,
	    .details = a->audio_details ? a->details_text : NULL,
	};
	struct layout_measure m = {
	    .width = render_measure,
	    .cap_ratio = font_cap_ratio(a->font),
	    .line_ratio = font_line_ratio(a->font),
	    .ud = a->font,
	};
	if (layout_compute(&a->layout, &in, &m) != PK_OK)
		log_error("out of memory laying out the frame");
}

bool app_apply_schedule(struct app *a)
{
	int64_t now = app_now(a);
	int minute = (int)(((now + app_utc_offset(a, now)) % 86400 + 86400) % 86400 / 60);
	enum schedule_state st = schedule_state(&a->sched_off, &a->sched_dim, minute);
	if (st == a->screen)
		return false;
	log_info("display schedule: screen %s", schedule_state_name(st));
	a->screen = st;
	a->dirty = true;
	return true;
}

void app_write_health(struct app *a)
{
	if (!a->cfg.health_file[0])
		return;
	struct health_snapshot s = {
	    .now = app_now(a),
	    .started = a->started,
	    .frames_drawn = a->frames_drawn,
	    .first_frame = a->first_frame,
	    .speech_sessions = a->speech_sessions,
	    .screen = schedule_state_name(a->screen),
	    .n_feeds = a->n_feeds,
	    .feeds = a->feeds,
	};
	if (health_write(a->cfg.health_file, &s) != PK_OK)
		log_warn("health: cannot write %s", a->cfg.health_file);
}

int app_dump_state(struct app *a)
{
	struct dump_ctx ctx = {
	    .view = &a->view,
	    .lat = a->cfg.lat,
	    .lon = a->cfg.lon,
	    .facing_deg = a->cfg.facing_deg,
	    .place = a->cfg.place,
	    .demo = a->demo,
	    .stale_after_s = a->cfg.stale_after_s,
	    .feeds = a->feeds,
	    .n_feeds = a->n_feeds,
	};
	char *json = dump_state_json(&ctx);
	if (!json) {
		log_error("out of memory writing the state");
		return 1;
	}
	fputs(json, stdout);
	fputc('\n', stdout);
	free(json);
	return fflush(stdout) == 0 ? 0 : 1;
}

int app_open_font(struct app *a)
{
	char dir[1024], err[512];
	if (!paths_data("fonts", dir, sizeof dir)) {
		log_error("no fonts directory found (set PARKKIOSK_DATADIR)");
		return 1;
	}
	if (font_create(&a->font, dir, err, sizeof err) != PK_OK) {
		log_error("%s", err);
		return 1;
	}
	return 0;
}

int app_screenshot(struct app *a, const char *path, int w, int h)
{
	if (app_open_font(a) != 0)
		return 1;
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
	int rc = 1;
	if (!r) {
		log_error("screenshot: %s", SDL_GetError());
		goto out;
	}
	if (render_create(&a->render, r, a->font) != PK_OK)
		goto out;
	app_layout(a, w, h);
	render_frame(a->render, &a->layout, a->theme, 1.0);
	SDL_RenderPresent(r);
	if (SDL_SaveBMP(surf, path) != 0) {
		log_error("screenshot: cannot write %s: %s", path, SDL_GetError());
		goto out;
	}
	log_info("screenshot: %dx%d written to %s (%zu commands, body text %d px, capital %d px)",
	         w, h, path, a->layout.n, a->layout.body_px, a->layout.cap_px);
	rc = 0;
out:
	render_destroy(a->render);
	a->render = NULL;
	if (r)
		SDL_DestroyRenderer(r);
	SDL_FreeSurface(surf);
	return rc;
}
