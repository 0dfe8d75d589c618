/* The whole app state driven by a fake clock, as the event loop drives it: frame when the
 * state changed, sleep until app_next_deadline, run app_on_timers. Through a multi-page
 * audio session (keys, speech ends, idle listening, warning, end) the loop's wait is
 * never 0 while nothing is due: the busy loop of issue 14 (pages held by a session kept
 * a page deadline in the past: wait 0, 13.4 s of CPU in 25 s) cannot come back. */
#include <SDL.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "testlib.h"

static int64_t fake_ms = 5000000;

static int64_t fake_ticks(void)
{
	return fake_ms;
}

static struct app app; /* large: off the stack */
static int zero_waits, wakeups;

/* One turn of the loop without events: frame, wait, timers. The clock jumps to the
 * deadline (or by at most max_ms). */
static void turn(struct app *a, int64_t max_ms)
{
	if (app_needs_frame(a)) {
		app_frame(a, 1920, 1080);
		app_frame_shown(a, true);
	}
	int64_t now = app_ticks(a);
	int wait = deadline_wait_ms(app_next_deadline(a, now), now, 60000);
	if (wait == 0) /* counted, and checked after each phase */
		zero_waits++;
	fake_ms += wait < 0 || wait > max_ms ? max_ms : (wait == 0 ? 1 : wait);
	wakeups++;
	app_on_timers(a, app_ticks(a));
}

/* Lets time pass for ms, turn by turn. */
static void pass(struct app *a, int64_t ms)
{
	int64_t end = fake_ms + ms;
	while (fake_ms < end)
		turn(a, end - fake_ms);
}

static void key(struct app *a, SDL_Keycode sym)
{
	SDL_KeyboardEvent k;
	memset(&k, 0, sizeof k);
	k.type = SDL_KEYDOWN;
	k.state = SDL_PRESSED;
	k.keysym.sym = sym;
	k.keysym.scancode = SDL_GetScancodeFromKey(sym);
	app_audio_key(a, &k);
	turn(a, 1);
}

/* The utterance asked for has played (after ms of speech). */
static void speech_ends(struct app *a, int64_t ms)
{
	pass(a, ms);
	app_audio_speech_done(a, a->speech_id);
	turn(a, 1);
}

static void test_multi_page_session(void)
{
	char *argv[] = {"parkkiosk", "--demo", "--now", "2026-11-28T12:00:00Z", NULL};
	struct app *a = &app;
	CHECK_INT(app_init(a, 4, argv), PK_OK);
	app_set_clock(a, fake_ticks);
	CHECK_INT(app_open_font(a), PK_OK);
	CHECK_INT(app_load_once(a), PK_OK);
	app_start_timers(a, 0);
	turn(a, 1);
	CHECK(a->layout.pages > 1); /* the premise: more entries than fit */
	CHECK_INT(zero_waits, 0);
	int page0 = a->pager.page;

	/* Nobody there: pages turn every page_seconds, and the loop sleeps in between. */
	int w0 = wakeups;
	pass(a, 3 * (int64_t)a->cfg.page_seconds * 1000 + 10);
	CHECK(a->pager.page >= page0 + 3);
	CHECK(wakeups - w0 < 20);
	CHECK_INT(zero_waits, 0);

	/* A listener: session start, then down through more than one page of entries. */
	key(a, SDLK_DOWN);
	CHECK(a->session.active);
	CHECK_INT(pager_deadline(&a->pager), DEADLINE_NONE); /* pages stand still */
	speech_ends(a, 4000);
	int page_held = a->pager.page;
	int steps = a->layout.rows_spots + a->layout.rows_sites + 2;
	for (int i = 0; i < steps; i++) {
		key(a, SDLK_DOWN);
		speech_ends(a, 1500);
	}
	CHECK(a->session.focus > a->layout.rows_spots); /* beyond the first page */
	CHECK_INT(a->pager.page, page_held);
	CHECK_INT(zero_waits, 0);

	/* The listener thinks for 40 s (under the 60 s inactivity): nothing is due, the loop
	 * sleeps; the old loop spun here with a page deadline in the past. */
	w0 = wakeups;
	zero_waits = 0;
	pass(a, 40000);
	CHECK_INT(zero_waits, 0);
	CHECK(wakeups - w0 < 10);
	CHECK(a->session.active);
	CHECK_INT(a->pager.page, page_held);

	/* Then walks away: the warning, then the end after the warning time. */
	pass(a, 25000);
	CHECK(a->session.warning);
	speech_ends(a, 3000);
	pass(a, (int64_t)a->cfg.warning_s * 1000 + 1000);
	CHECK(!a->session.active);
	speech_ends(a, 2000);
	/* Pages turn again, one period after the session ended. */
	CHECK(pager_deadline(&a->pager) > app_ticks(a));
	int p = a->pager.page;
	pass(a, (int64_t)a->cfg.page_seconds * 1000 + 10);
	CHECK(a->pager.page == p + 1);
	CHECK_INT(zero_waits, 0);
	app_finish(a);
}

/* Double-strike rejection through the app (config audio.double_strike_ms): a second
 * press of the same key within the delay moves nothing; after it, it does. */
static void test_double_strike(void)
{
	const char *cfg = "test_app_loop_config.json";
	FILE *f = fopen(cfg, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("{\"audio\": {\"double_strike_ms\": 500}}\n", f);
	fclose(f);
	char *argv[] = {"parkkiosk", "--demo",    "--now", "2026-11-28T12:00:00Z",
	                "--config",  (char *)cfg, NULL};
	struct app *a = &app;
	CHECK_INT(app_init(a, 6, argv), PK_OK);
	remove(cfg);
	app_set_clock(a, fake_ticks);
	CHECK_INT(app_open_font(a), PK_OK);
	CHECK_INT(app_load_once(a), PK_OK);
	app_start_timers(a, 0);
	turn(a, 1);
	key(a, SDLK_DOWN); /* starts the session */
	speech_ends(a, 1000);
	fake_ms += 600;
	key(a, SDLK_DOWN);
	CHECK_INT(a->session.focus, 0);
	fake_ms += 200;
	key(a, SDLK_DOWN); /* 200 ms later: a tremor, not a second press */
	CHECK_INT(a->session.focus, 0);
	fake_ms += 600;
	key(a, SDLK_DOWN);
	CHECK_INT(a->session.focus, 1);
	key(a, SDLK_UP); /* another key at once counts */
	CHECK_INT(a->session.focus, 0);
	app_finish(a);
}

int main(void)
{
	test_multi_page_session();
	test_double_strike();
	return TEST_END();
}
