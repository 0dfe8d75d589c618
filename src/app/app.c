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
#include "sdnotify.h"
#include "snapshot.h"
#include "text.h"
#include "version.h"

static int64_t sdl_ticks(void)
{
	return (int64_t)SDL_GetTicks64();
}

int64_t app_ticks(const struct app *a)
{
	return a->ticks ? a->ticks() : sdl_ticks();
}

void app_set_clock(struct app *a, int64_t (*ticks)(void))
{
	a->ticks = ticks;
	a->start_ticks = app_ticks(a);
	a->started = app_now(a);
}

int64_t app_now(const struct app *a)
{
	if (a->cli.has_now)
		return a->fixed_now + (app_ticks(a) - a->start_ticks) / 1000;
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

/* The installed data folder WHAT ("locales", "fonts") into dir; logged when missing. */
static bool data_dir(const char *what, char *dir, size_t cap)
{
	if (paths_data(what, dir, cap))
		return true;
	log_error("no %s directory found (set PARKKIOSK_DATADIR)", what);
	return false;
}

static const char *feed_display_name(const struct config_feed *f)
{
	return f->name[0] ? f->name : f->url;
}

enum pk_err app_init(struct app *a, int argc, char **argv)
{
	memset(a, 0, sizeof *a);
	model_init(&a->model);
	view_init(&a->view);
	layout_init(&a->layout);
	a->ticks = sdl_ticks;
	a->start_ticks = app_ticks(a);
	pager_init(&a->pager, 8000);
	browse_init(&a->browse, 30000);
	qr_init(&a->qr);
	a->watchdog.next_ms = a->health.next_ms = DEADLINE_NONE;
	char err[512] = "";
	if (cli_parse(argc, argv, &a->cli, err, sizeof err) != PK_OK) {
		log_error("%s", err);
		return PK_ERR_CONFIG;
	}
	if (a->cli.help || a->cli.version)
		return PK_OK;
	a->fixed_now = a->cli.now;
	config_defaults(&a->cfg);
	if (a->cli.config_path &&
	    config_load_file(&a->cfg, a->cli.config_path, err, sizeof err) != PK_OK) {
		log_error("%s", err);
		return PK_ERR_CONFIG;
	}
	if (cli_apply(&a->cli, &a->cfg, err, sizeof err) != PK_OK ||
	    config_finish(&a->cfg, err, sizeof err) != PK_OK) {
		log_error("%s", err);
		return PK_ERR_CONFIG;
	}
	log_set_level(a->cfg.log_level);
	setenv("TZ", a->cfg.timezone, 1);
	tzset();

	char dir[1024];
	if (!data_dir("locales", dir, sizeof dir))
		return PK_ERR_IO;
	if (i18n_create(&a->i18n, dir, err, sizeof err) != PK_OK) {
		log_error("%s", err);
		return PK_ERR_IO;
	}
	a->default_lang = i18n_lang(a->i18n, a->cfg.lang);
	if (!a->default_lang) {
		log_error("language: no catalogue for \"%s\" in %s", a->cfg.lang, dir);
		return PK_ERR_CONFIG;
	}
	if (i18n_load(a->default_lang, err, sizeof err) != PK_OK) { /* the others: on use */
		log_error("%s", err);
		return PK_ERR_IO;
	}
	a->lang = a->default_lang;
	a->theme = a->cfg.theme ? a->cfg.theme : theme_get("dark"); /* resolved by config */
	a->started = app_now(a);
	pager_init(&a->pager, a->cfg.page_seconds * 1000);
	browse_init(&a->browse, a->cfg.touch_resume_after_s * 1000);
	a->demo = a->cfg.demo || a->cfg.n_feeds == 0;
	a->n_feeds = a->demo ? 1 : (size_t)a->cfg.n_feeds;
	enum pk_err rc = app_audio_init(a);
	if (rc != PK_OK)
		return rc;
	if (a->demo) {
		snprintf(a->feeds[0].name, sizeof a->feeds[0].name, "demo");
	} else {
		for (size_t i = 0; i < a->n_feeds; i++)
			snprintf(a->feeds[i].name, sizeof a->feeds[i].name, "%s",
			         feed_display_name(&a->cfg.feeds[i]));
	}
	return PK_OK;
}

void app_finish(struct app *a)
{
	app_audio_finish(a);
	fetcher_destroy(a->fetcher);
	present_destroy(a->present);
	render_destroy(a->render);
	font_destroy(a->font);
	if (a->renderer)
		SDL_DestroyRenderer(a->renderer);
	if (a->window)
		SDL_DestroyWindow(a->window);
	layout_finish(&a->layout);
	qr_finish(&a->qr);
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

enum pk_err app_load_once(struct app *a)
{
	int64_t now = app_now(a);
	if (a->demo) {
		load_demo(a, now);
	} else if (fetch_once(&a->cfg, now, &a->model, a->feeds, a->n_feeds) != PK_OK) {
		log_error("out of memory loading feeds");
		return PK_ERR_NOMEM;
	}
	app_update_view(a);
	return PK_OK;
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

/* A source is current when it delivered data within the stale limit. A DATEX II static
 * table has no live numbers of its own: it is not counted either way. */
int app_sources_current(const struct app *a, int64_t now)
{
	int n = 0;
	for (size_t i = 0; i < a->n_feeds; i++)
		if (!a->feeds[i].static_table && a->feeds[i].has_data &&
		    a->feeds[i].last_success > 0 &&
		    now - a->feeds[i].last_success <= a->cfg.stale_after_s &&
		    a->feeds[i].data_time > 0 &&
		    now - a->feeds[i].data_time <= a->cfg.stale_after_s)
			n++;
	return n;
}

int app_sources_total(const struct app *a)
{
	int n = 0;
	for (size_t i = 0; i < a->n_feeds; i++)
		n += !a->feeds[i].static_table;
	return n;
}

/* The handover code for an entry: built (and encoded) only when its text changes. */
static const struct qr *code_for(struct app *a, const struct view_item *it)
{
	const struct model_entry *e = it->e;
	char uri[HANDOVER_URI_MAX];
	if (!handover_uri(a->cfg.handover_url_template, e->lat, e->lon,
	                  e->name[0] ? e->name : e->address, uri, sizeof uri))
		return NULL;
	if (strcmp(uri, a->qr_text) != 0 || a->qr.size == 0) {
		a->qr_text[0] = '\0';
		if (qr_encode(&a->qr, uri) != PK_OK) {
			log_warn("handover: cannot encode a QR code for %s", e->id);
			return NULL;
		}
		text_copy(a->qr_text, sizeof a->qr_text, uri);
	}
	return &a->qr;
}

bool app_display_code(const struct app *a)
{
	const struct view *v = &a->view;
	return a->cfg.mode == CONFIG_MODE_DISPLAY && a->cfg.handover_show_in_display_mode &&
	       v->n_spots > 0 && v->spots[0].status == VIEW_FREE && !v->spots[0].stale;
}

/* Which details fill the screen, and the code shown: kiosk mode shows the details of a
 * tapped entry (or of the entry being spoken, or --details N in a screenshot) with its
 * code; the street display, if configured, one code for the nearest free accessible
 * space. */
static void details_and_code(struct app *a, struct layout_input *in)
{
	const struct view *v = &a->view;
	int n = (int)(v->n_spots + v->n_sites);
	if (a->cfg.mode == CONFIG_MODE_KIOSK) {
		int de = browse_index(&a->browse, v);
		if (de < 0 && a->session.active && a->session.details)
			de = a->session.focus;
		if (de < 0 && a->cli.has_details && a->cli.screenshot)
			de = a->cli.details;
		if (de >= 0 && de < n) {
			in->show_details = true;
			in->details_entry = de;
			in->qr = code_for(a, session_view_item(v, de));
		}
	} else if (app_display_code(a)) {
		in->qr = code_for(a, &v->spots[0]);
		in->qr_entry = in->qr ? 0 : -1;
	}
}

void app_pager_update(struct app *a)
{
	int64_t now = app_ticks(a);
	bool held = a->session.active || browse_holds_pages(&a->browse, now);
	pager_set(&a->pager, a->layout.pages, held, now);
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
	    .page = a->pager.page,
	    .focus = a->session.active ? a->session.focus : -1,
	    .place = a->cfg.place,
	    .facing_deg = a->cfg.facing_deg,
	    .now = now,
	    .utc_offset_s = app_utc_offset(a, now),
	    .data_utc_offset_s = app_utc_offset(a, a->view.newest_update ? a->view.newest_update
	                                                                 : a->view.newest_any),
	    .demo = a->demo,
	    .sources_current = app_sources_current(a, now),
	    .sources_total = app_sources_total(a),
	    .audio_active = a->session.active,
	    .warning = a->session.active && a->session.warning,
	    .details = a->session.active && a->session.details ? a->details_text : NULL,
	    .pager = a->cfg.mode == CONFIG_MODE_KIOSK,
	    .qr_entry = -1,
	};
	details_and_code(a, &in);
	struct layout_measure m = {
	    .width = render_measure,
	    .cap_px = render_cap_px,
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
	enum schedule_state st = schedule_state(&a->cfg.schedule_off, &a->cfg.schedule_dim, minute);
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

enum pk_err app_dump_state(struct app *a)
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
		return PK_ERR_NOMEM;
	}
	fputs(json, stdout);
	fputc('\n', stdout);
	free(json);
	return fflush(stdout) == 0 ? PK_OK : PK_ERR_IO;
}

enum pk_err app_open_font(struct app *a)
{
	char dir[1024], err[512];
	if (!data_dir("fonts", dir, sizeof dir))
		return PK_ERR_IO;
	if (font_create(&a->font, dir, err, sizeof err) != PK_OK) {
		log_error("%s", err);
		return PK_ERR_IO;
	}
	return PK_OK;
}

enum pk_err app_save_frame(struct app *a, const char *path, int w, int h)
{
	struct snapshot shot;
	bool have = snapshot_create(&shot, w, h) == PK_OK;
	SDL_Surface *surf = shot.surface;
	SDL_Renderer *r = have ? SDL_CreateSoftwareRenderer(surf) : NULL;
	struct render *rd = NULL;
	enum pk_err rc = PK_ERR_IO;
	if (!r) {
		log_error("screenshot: %s", SDL_GetError());
		goto out;
	}
	if (render_create(&rd, r, a->font) != PK_OK)
		goto out;
	render_set_surface(rd, surf);
	app_layout(a, w, h);
	render_frame(rd, &a->layout, a->theme, 1.0);
	SDL_RenderPresent(r);
	if (snapshot_save_bmp(&shot, path) != PK_OK) {
		log_error("screenshot: cannot write %s: %s", path, SDL_GetError());
		goto out;
	}
	log_info("screenshot: %dx%d written to %s (%zu commands, body text %d px, capital %d px, "
	         "%zu entries on this page, %d pages)",
	         w, h, path, a->layout.n, a->layout.body_px, a->layout.cap_px,
	         layout_entries_shown(&a->layout), a->layout.pages);
	for (size_t i = 0; i < a->layout.n && a->layout.qr_side_px > 0; i++) {
		const struct layout_cmd *c = &a->layout.cmds[i];
		if (c->op != LAYOUT_FILL || c->bg != ROLE_QR_LIGHT)
			continue;
		double ppmm = a->cfg.dpi > 0 ? a->cfg.dpi / 25.4
		                             : layout_px_per_mm(w, h, a->cfg.display_diagonal_mm);
		log_info("screenshot: handover code at %d,%d, %d px = %.0f mm with the quiet zone, "
		         "%d px per module, %d modules",
		         c->x, c->y, c->w, c->w / ppmm, a->layout.qr_module_px, a->qr.size);
		break;
	}
	rc = PK_OK;
out:
	render_destroy(rd);
	if (r)
		SDL_DestroyRenderer(r);
	snapshot_destroy(&shot);
	return rc;
}

enum pk_err app_screenshot(struct app *a, const char *path, int w, int h)
{
	if (app_open_font(a) != PK_OK)
		return PK_ERR_IO;
	return app_save_frame(a, path, w, h);
}

/* ---- time and events ---------------------------------------------------------------- */

void app_start_timers(struct app *a, int64_t watchdog_ms)
{
	int64_t now_ms = app_ticks(a);
	a->shown_minute = app_now(a) / 60;
	app_apply_schedule(a);
	periodic_start(&a->watchdog, watchdog_ms, watchdog_ms, now_ms);
	periodic_start(&a->health, a->cfg.health_file[0] ? 30000 : 0, 1000, now_ms);
}

int64_t app_next_deadline(const struct app *a, int64_t now_ms)
{
	int64_t now_s = app_now(a);
	int64_t d = deadline_from_unix(deadline_next_minute(now_s), now_s, now_ms);
	if (a->demo && a->next_demo_change > 0)
		d = deadline_min(d, deadline_from_unix(a->next_demo_change, now_s, now_ms));
	d = deadline_min(d, pager_deadline(&a->pager));
	d = deadline_min(d, periodic_deadline(&a->watchdog));
	d = deadline_min(d, periodic_deadline(&a->health));
	d = deadline_min(d, session_deadline(&a->session));
	d = deadline_min(d, browse_deadline(&a->browse));
	d = deadline_min(d, input_touch_deadline(&a->touch));
	d = deadline_min(d, app_script_deadline(a));
	d = deadline_min(d, a->wake_until_ms > 0 ? a->wake_until_ms : DEADLINE_NONE);
	return d;
}

void app_on_timers(struct app *a, int64_t now_ms)
{
	int64_t now = app_now(a);
	if (now / 60 != a->shown_minute) {
		a->shown_minute = now / 60;
		app_update_view(a); /* ages and staleness move with the clock */
		app_apply_schedule(a);
	}
	/* The watchdog is fed only from here: a hung loop stops feeding it. */
	if (periodic_due(&a->watchdog, now_ms))
		sdnotify_send("WATCHDOG=1");
	if (periodic_due(&a->health, now_ms))
		app_write_health(a);
	if (a->demo && a->next_demo_change > 0 && now >= a->next_demo_change)
		app_load_once(a);
	app_audio_tick(a, now_ms);
	app_script_pump(a, now_ms);
	if (a->wake_until_ms > 0 && now_ms >= a->wake_until_ms) {
		a->wake_until_ms = 0; /* back to the scheduled state */
		a->dirty = true;
	}
	/* Nobody touched for touch.resume_after_s: details close, the pages turn again. */
	if (browse_tick(&a->browse, now_ms)) {
		a->dirty = true;
		app_pager_update(a);
	}
	/* Pages stand still while a person listens (the pager is held: no deadline). */
	if (pager_tick(&a->pager, now_ms))
		a->dirty = true;
}

void app_on_event(struct app *a, const SDL_Event *ev, bool *quit)
{
	if (ev->type == SDL_QUIT) {
		*quit = true; /* SIGTERM/SIGINT; a passer-by has no way to send it */
	} else if (ev->type == SDL_KEYDOWN) {
		/* SDL stamps an event when it is queued: how late the loop saw it. */
		log_debug("input: key %s handled %u ms after it arrived",
		          SDL_GetKeyName(ev->key.keysym.sym), SDL_GetTicks() - ev->key.timestamp);
		app_audio_key(a, &ev->key);
	} else if (ev->type == SDL_MOUSEBUTTONDOWN && ev->button.button == SDL_BUTTON_LEFT) {
		app_audio_pointer(a, 0, ev->button.x, ev->button.y);
	} else if (ev->type == SDL_MOUSEMOTION && (ev->motion.state & SDL_BUTTON_LMASK)) {
		app_audio_pointer(a, 1, ev->motion.x, ev->motion.y);
	} else if (ev->type == SDL_MOUSEBUTTONUP && ev->button.button == SDL_BUTTON_LEFT) {
		app_audio_pointer(a, 2, ev->button.x, ev->button.y);
	} else if (a->speech_event && ev->type == a->speech_event) {
		app_audio_speech_done(a, (uint32_t)ev->user.code);
	} else if (a->wake_event && ev->type == a->wake_event) {
		if (a->fetcher && fetcher_poll(a->fetcher, &a->model, a->feeds, a->n_feeds)) {
			app_update_view(a);
			app_write_health(a);
			sdnotify_sendf("STATUS=%d of %d feeds current",
			               app_sources_current(a, app_now(a)), app_sources_total(a));
		}
	} else if (ev->type == SDL_WINDOWEVENT) {
		/* Exposed: the pixels on screen are wanted again, not a new frame (the loop
		 * shows the kept one, or draws again where none is kept). Resized: what was
		 * on screen is gone. */
		if (ev->window.event == SDL_WINDOWEVENT_EXPOSED) {
			a->exposed = true;
		} else if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			present_invalidate(a->present);
			render_invalidate(a->render);
			a->dirty = true;
		}
	} else if (ev->type == SDL_RENDER_TARGETS_RESET || ev->type == SDL_RENDER_DEVICE_RESET) {
		present_invalidate(a->present);
		render_invalidate(a->render);
		a->dirty = true;
	}
}

int app_poll_slice_ms(const struct app *a, bool input_wakes)
{
	bool in_use = a->session.active || a->touch.down || a->wake_until_ms > 0;
	if (in_use)
		return APP_POLL_ACTIVE_MS;
	return input_wakes ? APP_POLL_IDLE_WOKEN_MS : APP_POLL_IDLE_MS;
}

bool app_needs_frame(const struct app *a)
{
	return a->dirty;
}

struct app_frame app_frame(struct app *a, int w, int h)
{
	struct app_frame f = {.layout = NULL, .brightness = 1.0, .screensaver = false};
	a->width = w;
	a->height = h;
	bool woken = app_ticks(a) < a->wake_until_ms;
	if (a->screen == SCHEDULE_OFF && !woken) {
		f.screensaver = true; /* off hours: a black frame, the panel may blank */
	} else {
		app_layout(a, w, h);
		f.layout = &a->layout;
		f.brightness = a->screen == SCHEDULE_DIM && !woken ? 0.45 : 1.0;
	}
	/* Turn pages while there is more than fits, unless someone listens or touches. */
	app_pager_update(a);
	a->dirty = false;
	return f;
}

void app_frame_shown(struct app *a, bool drawn)
{
	if (drawn)
		a->frames_drawn++;
	if (drawn && a->first_frame == 0) {
		a->first_frame = app_now(a);
		log_info("first frame drawn");
		app_write_health(a); /* monitoring sees the screen come up at once */
	}
	if (!a->ready_sent) {
		sdnotify_send("READY=1");
		a->ready_sent = true;
	}
}
