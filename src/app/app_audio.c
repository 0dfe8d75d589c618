/* Audio mode glue: SDL input -> input map / touch gestures -> the audio session state
 * machine -> announcements -> speech, and back into what the screen shows (focus frame,
 * details, warning, language). Also the --input-script player and the --speech-log. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "announce.h"
#include "app.h"
#include "log.h"
#include "loopwait.h"
#include "script_keys.h"
#include "text.h"

/* What the screen shows of the session: a change of it needs a new frame. */
struct shown {
	bool active, warning, details;
	int focus;
};

static struct shown shown(const struct app *a)
{
	const struct session *s = &a->session;
	struct shown v = {s->active, s->warning, s->details, s->active ? s->focus : -1};
	return v;
}

enum pk_err app_audio_init(struct app *a)
{
	char err[256];
	a->n_langs = 0;
	if (a->cfg.n_langs == 0) {
		/* Not configured: every installed catalogue, the default first, then English
		 * (the fallback of every catalogue), then the others by code. */
		const struct i18n_lang *en = i18n_lang(a->i18n, "en");
		a->langs[a->n_langs++] = a->default_lang;
		if (en && en != a->default_lang)
			a->langs[a->n_langs++] = en;
		for (size_t i = 0; i < i18n_count(a->i18n) && a->n_langs < CONFIG_MAX_LANGS; i++) {
			const struct i18n_lang *l = i18n_at(a->i18n, i);
			if (l != a->default_lang && l != en)
				a->langs[a->n_langs++] = l;
		}
		a->lang_default_index = 0;
	}
	for (int i = 0; i < a->cfg.n_langs && a->n_langs < CONFIG_MAX_LANGS; i++) {
		const struct i18n_lang *l = i18n_lang(a->i18n, a->cfg.langs[i]);
		if (!l) {
			/* an installation fault, not a configuration one: serve the others */
			log_warn("languages: no catalogue for \"%s\" installed; not offered",
			         a->cfg.langs[i]);
			continue;
		}
		if (l == a->default_lang)
			a->lang_default_index = a->n_langs;
		a->langs[a->n_langs++] = l;
	}
	if (a->n_langs == 0 || a->langs[a->lang_default_index] != a->default_lang) {
		/* the default language is always offered, first if the list lacks it */
		memmove(&a->langs[1], &a->langs[0], sizeof a->langs[0] * (CONFIG_MAX_LANGS - 1));
		a->langs[0] = a->default_lang;
		a->lang_default_index = 0;
		if (a->n_langs < CONFIG_MAX_LANGS)
			a->n_langs++;
	}
	input_map_default(&a->keys);
	for (int i = 0; i < a->cfg.n_keys; i++)
		if (!input_map_bind(&a->keys, a->cfg.keys[i].key, a->cfg.keys[i].action, err,
		                    sizeof err)) {
			log_error("audio.keys.%s: %s", a->cfg.keys[i].key, err);
			return PK_ERR_CONFIG;
		}
	input_touch_init(&a->touch);
	input_strike_init(&a->strike, a->cfg.double_strike_ms);
	struct session_params p;
	session_params_default(&p);
	p.inactivity_ms = a->cfg.inactivity_s * 1000;
	p.warning_ms = a->cfg.warning_s * 1000;
	p.rate_default = a->cfg.speech_rate_wpm;
	p.volume_default = a->cfg.volume_step;
	p.n_langs = a->n_langs;
	p.lang_default = a->lang_default_index;
	session_init(&a->session, &p);
	if (a->cli.speech_log) {
		a->speech_log = fopen(a->cli.speech_log, "a");
		if (!a->speech_log) {
			log_error("--speech-log: cannot open %s", a->cli.speech_log);
			return PK_ERR_CONFIG;
		}
	}
	if (a->cli.input_script &&
	    input_script_load(&a->script, a->cli.input_script, err, sizeof err) != PK_OK) {
		log_error("--input-script: %s", err);
		return PK_ERR_CONFIG;
	}
	return PK_OK;
}

static void speech_done_cb(void *user, uint32_t id)
{
	/* speech thread: only hand over */
	const struct app *a = user;
	SDL_Event ev = {.type = a->speech_event};
	ev.user.code = (Sint32)id;
	loopwait_push(&ev);
}

void app_audio_open(struct app *a)
{
	a->speech_event = SDL_RegisterEvents(1);
	if (speech_create(&a->speech, speech_done_cb, a) != PK_OK)
		log_error("speech: cannot start; the visual kiosk goes on without it");
	a->script_start_ms = app_ticks(a);
	if (script_keys_start(&a->script_keys, &a->script, a->ticks, a->script_start_ms) != PK_OK)
		log_error("--input-script: cannot start the thread of its \"press\" keys");
}

void app_audio_finish(struct app *a)
{
	script_keys_stop(a->script_keys);
	a->script_keys = NULL;
	int started = a->speech ? speech_last_latency_ms(a->speech) : -1;
	if (started >= 0)
		log_info("speech: the last utterance started %d ms after it was asked", started);
	speech_destroy(a->speech);
	a->speech = NULL;
	session_finish(&a->session);
	input_script_finish(&a->script);
	if (a->speech_log)
		fclose(a->speech_log);
	a->speech_log = NULL;
}

/* Any input lights a scheduled-off screen for the inactivity time, so nobody at the
 * kiosk at night is left with a black screen. */
static void wake_screen(struct app *a)
{
	if (a->screen != SCHEDULE_OFF)
		return;
	int64_t now = app_ticks(a);
	if (now >= a->wake_until_ms)
		a->dirty = true;
	a->wake_until_ms = now + (int64_t)a->cfg.inactivity_s * 1000;
}

static void log_line(struct app *a, const char *line)
{
	if (!a->speech_log)
		return;
	fprintf(a->speech_log, "%s\n", line);
	fflush(a->speech_log);
}

static struct announce_ctx context(const struct app *a, const struct i18n_lang *lang)
{
	int64_t now = app_now(a);
	struct announce_ctx c = {
	    .view = &a->view,
	    .lang = lang,
	    .keys = &a->keys,
	    .facing_deg = a->cfg.facing_deg,
	    .now = now,
	    .utc_offset_s = app_utc_offset(a, now),
	    .demo = a->demo,
	    .sources_current = app_sources_current(a, now),
	    .sources_total = app_sources_total(a),
	    .handover_code = a->cfg.mode == CONFIG_MODE_KIOSK,
	    /* the code the street display draws (not on a panel too small for it) */
	    .display_code = app_display_code(a) && (a->layout.n == 0 || a->layout.qr_side_px > 0),
	};
	/* "No data has arrived yet" would be false when feeds answered with nothing usable. */
	size_t entries = 0, unusable = 0;
	for (size_t i = 0; i < a->n_feeds; i++) {
		entries += a->feeds[i].entries;
		unusable += a->feeds[i].unusable[0] != '\0';
	}
	c.nothing_usable = !a->demo && unusable > 0 && entries == 0;
	return c;
}

void app_audio_welcome(struct app *a, char *out, size_t cap)
{
	struct announce_ctx c = context(a, a->lang);
	announce_welcome(&c, out, cap);
}

/* Carries out what the session decided; before: what the screen showed of it. */
static void apply(struct app *a, const struct session_out *o, struct shown before)
{
	if (o->started) {
		a->speech_sessions++;
		log_line(a, "#session-start");
	}
	if (o->lang >= 0 && o->lang < a->n_langs && a->langs[o->lang] != a->lang) {
		a->lang = a->langs[o->lang];
		a->dirty = true;
	}
	if (o->pause && a->speech) {
		speech_pause(a->speech);
		log_line(a, "#pause");
	}
	if (o->resume && a->speech) {
		speech_resume(a->speech);
		log_line(a, "#resume");
	}
	if (o->say != SESSION_SAY_NONE) {
		static char text[ANNOUNCE_MAX]; /* loop thread only */
		/* In the session's own language, also the goodbye after which it resets. */
		const struct i18n_lang *sl =
		    o->say_lang >= 0 && o->say_lang < a->n_langs ? a->langs[o->say_lang] : a->lang;
		struct announce_ctx c = context(a, sl);
		announce_for(&c, o, text, sizeof text);
		if (o->say == SESSION_SAY_DETAILS)
			text_copy(a->details_text, sizeof a->details_text, text);
		if (a->speech && speech_busy(a->speech))
			log_line(a, "#stop");
		int rate = (int)lround(o->say_rate_wpm * i18n_speech_rate(sl));
		if (a->speech)
			a->speech_id =
			    speech_say(a->speech, text, i18n_voice(sl), rate, o->say_volume_step);
		log_line(a, text);
	} else if (o->stop && a->speech && speech_busy(a->speech)) {
		speech_stop(a->speech);
		log_line(a, "#stop");
	}
	if (o->ended) {
		a->lang = a->default_lang;
		log_line(a, "#session-end");
	}
	struct shown now = shown(a);
	if (now.active != before.active || now.warning != before.warning ||
	    now.details != before.details || now.focus != before.focus || o->changed)
		a->dirty = true;
	/* Pages stand still while someone listens or touches. */
	app_pager_update(a);
}

/* Ctrl+Alt+Shift+Q ends the program, only where the config enables maintenance. */
static bool maintenance_chord(const struct app *a, const SDL_KeyboardEvent *k)
{
	SDL_Keymod need = KMOD_CTRL | KMOD_ALT | KMOD_SHIFT;
	return a->cfg.maintenance_chord && k->keysym.sym == SDLK_q && (k->keysym.mod & KMOD_CTRL) &&
	       (k->keysym.mod & KMOD_ALT) && (k->keysym.mod & KMOD_SHIFT) && need;
}

void app_audio_key(struct app *a, const SDL_KeyboardEvent *k)
{
	if (k->repeat)
		return; /* no key repeat (EN 301 549 5.7): one press, one action */
	if (maintenance_chord(a, k)) {
		log_info("maintenance chord: quitting");
		SDL_Event q = {.type = SDL_QUIT};
		SDL_PushEvent(&q);
		return;
	}
	const char *name = SDL_GetKeyName(k->keysym.sym);
	const char *scan = SDL_GetScancodeName(k->keysym.scancode);
	/* The physical key decides what "the same key" is. */
	if (!input_strike_accept(&a->strike, scan && *scan ? scan : name, app_ticks(a)))
		return; /* a double strike: ignored entirely (EN 301 549 5.8) */
	wake_screen(a);
	enum input_action act = input_map_lookup(&a->keys, name, scan && *scan ? scan : NULL);
	struct session_out o;
	struct shown before = shown(a);
	session_key(&a->session, act, app_ticks(a), &o);
	apply(a, &o, before);
}

static const struct layout_target *hit(const struct app *a, int x, int y)
{
	const struct layout *l = &a->layout;
	for (size_t i = 0; i < l->n_targets; i++) {
		const struct layout_target *t = &l->targets[i];
		if (x >= t->x && x < t->x + t->w && y >= t->y && y < t->y + t->h)
			return t;
	}
	return NULL;
}

static int hit_entry(const struct app *a, int x, int y)
{
	const struct layout_target *t = hit(a, x, y);
	return t && t->kind == LAYOUT_TARGET_ENTRY ? t->entry : -1;
}

/* The page control turns pages in both modes; outside a speech session a tap on an entry
 * opens its details on screen and says nothing (a sighted passer-by browses). True when
 * the tap was handled here. */
static bool visual_tap(struct app *a, int x, int y, int64_t now)
{
	const struct layout_target *t = hit(a, x, y);
	if (t && (t->kind == LAYOUT_TARGET_PREV || t->kind == LAYOUT_TARGET_NEXT)) {
		int pages = a->layout.pages > 0 ? a->layout.pages : 1;
		int step = t->kind == LAYOUT_TARGET_NEXT ? 1 : pages - 1;
		a->pager.page = ((a->pager.page % pages) + step) % pages;
		a->dirty = true;
		return true;
	}
	if (a->session.active || a->cfg.mode != CONFIG_MODE_KIOSK)
		return false;
	if (a->browse.open) {
		if (t && t->kind == LAYOUT_TARGET_CLOSE) {
			browse_close(&a->browse);
			a->dirty = true;
		}
		return true; /* a tap beside the buttons does nothing */
	}
	const struct view_item *it =
	    t && t->kind == LAYOUT_TARGET_ENTRY ? session_view_item(&a->view, t->entry) : NULL;
	if (it) {
		browse_open(&a->browse, it, now);
		a->dirty = true;
	}
	return true;
}

static void gesture(struct app *a, enum input_gesture g, int x, int y)
{
	struct session_out o;
	struct shown before = shown(a);
	int64_t now = app_ticks(a);
	const struct layout_target *t;
	switch (g) {
	case INPUT_GESTURE_TAP:
		if (visual_tap(a, x, y, now))
			return;
		t = hit(a, x, y);
		if (t && t->kind == LAYOUT_TARGET_CLOSE)
			session_key(&a->session, INPUT_BACK, now, &o); /* spoken details: back */
		else
			session_tap(&a->session, hit_entry(a, x, y), now, &o);
		break;
	case INPUT_GESTURE_DOUBLE_TAP:
		if (!a->session.active)
			return; /* the first tap already opened the details */
		session_double_tap(&a->session, hit_entry(a, x, y), now, &o);
		break;
	case INPUT_GESTURE_HOLD:
		browse_close(&a->browse); /* speech takes over the screen */
		session_hold(&a->session, now, &o);
		break;
	default:
		return;
	}
	apply(a, &o, before);
}

void app_audio_pointer(struct app *a, int kind, int x, int y)
{
	int64_t now = app_ticks(a);
	enum input_gesture g;
	wake_screen(a);
	if (a->cfg.mode == CONFIG_MODE_KIOSK) {
		browse_touch(&a->browse, now); /* someone is here: the pages stand still */
		app_pager_update(a);
	}
	if (kind == 0)
		g = input_touch_down(&a->touch, x, y, now);
	else if (kind == 1)
		g = input_touch_move(&a->touch, x, y, now);
	else
		g = input_touch_up(&a->touch, x, y, now);
	gesture(a, g, x, y);
}

void app_audio_speech_done(struct app *a, uint32_t id)
{
	if (id != a->speech_id)
		return; /* an utterance that was replaced */
	struct session_out o;
	struct shown before = shown(a);
	session_speech_done(&a->session, app_ticks(a), &o);
	apply(a, &o, before);
}

void app_audio_tick(struct app *a, int64_t now)
{
	int64_t td = input_touch_deadline(&a->touch);
	if (td >= 0 && now >= td)
		gesture(a, input_touch_tick(&a->touch, now), a->touch.x, a->touch.y);
	int64_t sd = session_deadline(&a->session);
	if (sd >= 0 && now >= sd) {
		struct session_out o;
		struct shown before = shown(a);
		session_tick(&a->session, now, &o);
		apply(a, &o, before);
	}
}

void app_audio_view_changed(struct app *a)
{
	struct session_out o;
	struct shown before = shown(a);
	if (!session_set_view(&a->session, &a->view, app_ticks(a), &o))
		log_error("audio: out of memory following the data");
	apply(a, &o, before);
}

int64_t app_script_deadline(const struct app *a)
{
	/* "press" keys come from their own thread (script_keys.c), unannounced. */
	for (size_t i = a->script_next; i < a->script.n; i++) {
		if (!a->script.ev[i].device)
			return a->script_start_ms + a->script.ev[i].t_ms;
	}
	return DEADLINE_NONE;
}

void app_script_pump(struct app *a, int64_t now_ms)
{
	int64_t now = now_ms - a->script_start_ms;
	while (a->script_next < a->script.n && a->script.ev[a->script_next].t_ms <= now) {
		const struct input_event *e = &a->script.ev[a->script_next++];
		SDL_Event ev;
		memset(&ev, 0, sizeof ev);
		switch (e->kind) {
		case INPUT_EV_KEY:
			if (e->device)
				continue; /* script_keys.c delivers it */
			ev.type = SDL_KEYDOWN;
			ev.key.state = SDL_PRESSED;
			ev.key.keysym.sym = SDL_GetKeyFromName(e->key);
			ev.key.keysym.scancode = SDL_GetScancodeFromName(e->key);
			if (ev.key.keysym.sym == SDLK_UNKNOWN &&
			    ev.key.keysym.scancode != SDL_SCANCODE_UNKNOWN)
				ev.key.keysym.sym = SDL_GetKeyFromScancode(ev.key.keysym.scancode);
			SDL_PushEvent(&ev);
			ev.type = SDL_KEYUP;
			ev.key.state = SDL_RELEASED;
			break;
		case INPUT_EV_DOWN:
		case INPUT_EV_UP:
			ev.type =
			    e->kind == INPUT_EV_DOWN ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
			ev.button.button = SDL_BUTTON_LEFT;
			ev.button.x = e->x, ev.button.y = e->y;
			break;
		case INPUT_EV_MOVE:
			ev.type = SDL_MOUSEMOTION;
			ev.motion.state = SDL_BUTTON_LMASK;
			ev.motion.x = e->x, ev.motion.y = e->y;
			break;
		case INPUT_EV_QUIT:
			log_info("--input-script: quit at line %d", e->line);
			ev.type = SDL_QUIT;
			break;
		case INPUT_EV_WAIT:
			continue;
		case INPUT_EV_SCREENSHOT:
			/* what is on screen now: the events before it were handled already */
			if (app_save_frame(a, e->path, a->width > 0 ? a->width : 1920,
			                   a->height > 0 ? a->height : 1080) != PK_OK)
				log_warn("--input-script: line %d: screenshot failed", e->line);
			continue;
		}
		SDL_PushEvent(&ev);
	}
}
