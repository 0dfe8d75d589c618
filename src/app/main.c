/* parkkiosk: argument handling, init order, cleanup, and the event loop — the only place
 * that blocks. The loop sleeps in SDL_WaitEventTimeout until the next real deadline
 * (clock minute, page turn, data, demo change) and draws only when the state changed. */
#include <SDL.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "announce.h"
#include "app.h"
#include "cli.h"
#include "demo.h"
#include "health.h"
#include "log.h"
#include "sdnotify.h"
#include "version.h"

/* SIGTERM (systemd stop) and SIGINT arrive through the event loop: they are blocked in
 * every thread and one thread waits for them and posts SDL_QUIT. */
struct signals {
	sigset_t set;
	atomic_bool stop; /* set by signals_stop before it wakes the thread */
	pthread_t thread;
	bool running;
};

static void *signal_thread(void *arg)
{
	struct signals *s = arg;
	int sig = 0;
	while (sigwait(&s->set, &sig) == 0 && !atomic_load(&s->stop)) {
		log_info("signal %d: stopping", sig);
		SDL_Event ev = {.type = SDL_QUIT};
		SDL_PushEvent(&ev);
	}
	return NULL;
}

/* Blocks the signals in this (and every later) thread and starts the signal thread. */
static void signals_start(struct signals *s)
{
	sigemptyset(&s->set);
	sigaddset(&s->set, SIGTERM);
	sigaddset(&s->set, SIGINT);
	sigaddset(&s->set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &s->set, NULL);
	signal(SIGPIPE, SIG_IGN); /* a closed socket is an error value, not a death */
	atomic_init(&s->stop, false);
	s->running = pthread_create(&s->thread, NULL, signal_thread, s) == 0;
}

/* Ends the signal thread, so that nothing of ours outlives main (valgrind reported the
 * stack of a thread left in sigwait as possibly lost). Woken with a signal it waits for:
 * pthread_cancel would unwind through sigwait, which ASan mistakes for an overflow. */
static void signals_stop(struct signals *s)
{
	if (!s->running)
		return;
	atomic_store(&s->stop, true);
	pthread_kill(s->thread, SIGTERM);
	pthread_join(s->thread, NULL);
	s->running = false;
}

static void wake_loop(void *ud)
{
	const struct app *a = ud;
	SDL_Event ev = {.type = a->wake_event};
	SDL_PushEvent(&ev);
}

static int64_t clock_cb(void *ud)
{
	return app_now(ud);
}

/* Milliseconds until the next thing that changes the screen, or -1 for "only events". */
static int next_timeout_ms(const struct app *a)
{
	int64_t now = app_now(a);
	uint64_t ticks = SDL_GetTicks64();
	int64_t ms = (60 - now % 60) * 1000; /* the clock minute */
	if (a->demo && a->next_demo_change > 0) {
		int64_t d = (a->next_demo_change - now) * 1000;
		if (d < ms)
			ms = d;
	}
	int64_t touch = input_touch_deadline(&a->touch);
	int64_t script = a->script_next < a->script.n
	                     ? a->script_start_ms + a->script.ev[a->script_next].t_ms
	                     : 0;
	int64_t tick_deadlines[] = {a->next_page_ms,   a->next_watchdog_ms,
	                            a->next_health_ms, a->audio_deadline_ms + 1,
	                            touch + 1,         script,
	                            a->wake_until_ms};
	for (size_t i = 0; i < sizeof tick_deadlines / sizeof tick_deadlines[0]; i++) {
		if (tick_deadlines[i] <= 0)
			continue;
		int64_t d = tick_deadlines[i] - (int64_t)ticks;
		if (d < ms)
			ms = d;
	}
	return ms < 0 ? 0 : (int)ms;
}

/* One way to put pixels on the screen: an SDL video driver and a renderer kind. */
struct display_path {
	const char *driver; /* NULL = SDL's own choice */
	bool accelerated;
};

/* Opens the window and renderer on one path; on failure leaves SDL's video subsystem
 * shut down again and copies SDL's reason into why. */
static bool display_try(struct app *a, const struct display_path *p, char *why, size_t cap)
{
	if (p->driver)
		SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, p->driver, SDL_HINT_OVERRIDE);
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		snprintf(why, cap, "%s", SDL_GetError());
		return false;
	}
	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
	/* Else SDL puts even a software window's framebuffer in a GL texture: Mesa's JIT
	 * rasteriser again, which the unit's MemoryDenyWriteExecute= kills. */
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, p->accelerated ? "1" : "0");
	SDL_DisableScreenSaver();
	Uint32 flags = a->cli.windowed ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP;
	int w = a->cli.width ? a->cli.width : 1920, h = a->cli.height ? a->cli.height : 1080;
	a->window = SDL_CreateWindow("parkkiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w,
	                             h, flags);
	if (a->window)
		a->renderer = SDL_CreateRenderer(a->window, -1,
		                                 p->accelerated ? SDL_RENDERER_ACCELERATED
		                                                : SDL_RENDERER_SOFTWARE);
	if (a->renderer)
		return true;
	snprintf(why, cap, "%s", SDL_GetError());
	if (a->window)
		SDL_DestroyWindow(a->window);
	a->window = NULL;
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	return false;
}

/* The display paths to try, best first; returns how many. SDL 2's Wayland and KMS/DRM
 * drivers draw only through EGL, so on a machine without a working GPU stack (no
 * driver, a VM, a broken Mesa) they cannot open a window at all. SDL's X11 driver has a
 * real shared-memory framebuffer (XShm) that its software renderer fills: under cage
 * that is Xwayland, which hands the compositor plain shared-memory buffers. An
 * SDL_VIDEODRIVER from the environment is honoured alone. */
static size_t display_paths(struct display_path *out)
{
	size_t n = 0;
	const char *env = getenv("SDL_VIDEODRIVER");
	bool wayland = getenv("WAYLAND_DISPLAY") != NULL, x11 = getenv("DISPLAY") != NULL;
	if (env && env[0]) {
		out[n++] = (struct display_path){env, true};
		out[n++] = (struct display_path){env, false};
		return n;
	}
	if (wayland)
		out[n++] = (struct display_path){"wayland", true};
	if (x11 && !wayland) /* GL through Xwayland would be Mesa's rasteriser again */
		out[n++] = (struct display_path){"x11", true};
	if (x11)
		out[n++] = (struct display_path){"x11", false};
	if (n == 0) {
		out[n++] = (struct display_path){NULL, true};
		out[n++] = (struct display_path){NULL, false};
	}
	return n;
}

static int open_window(struct app *a)
{
	if (SDL_Init(SDL_INIT_EVENTS) != 0) {
		log_error("SDL: %s", SDL_GetError());
		return 1;
	}
	/* A window manager's close request (Alt+F4) must not end a kiosk: only signals, the
	 * maintenance chord and an input script's "quit" post SDL_QUIT. */
	SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
	struct display_path paths[4];
	size_t n = display_paths(paths);
	char why[4][160] = {{0}};
	size_t ok = n;
	for (size_t i = 0; i < n && ok == n; i++) {
		if (display_try(a, &paths[i], why[i], sizeof why[i]))
			ok = i;
	}
	if (ok == n) {
		for (size_t i = 0; i < n; i++)
			log_error("display: %s, %s renderer: %s",
			          paths[i].driver ? paths[i].driver : "default",
			          paths[i].accelerated ? "accelerated" : "software", why[i]);
		log_error("display: no way to draw; no frame drawn");
		return 1;
	}
	SDL_RendererInfo info = {0};
	SDL_GetRendererInfo(a->renderer, &info);
	/* The one line that says which path this kiosk draws on, and why not a better one. */
	if (ok == 0)
		log_info("display: %s, %s renderer (%s)", SDL_GetCurrentVideoDriver(),
		         paths[ok].accelerated ? "accelerated" : "software", info.name);
	else
		log_info("display: %s, %s renderer (%s); %s %s failed: %s",
		         SDL_GetCurrentVideoDriver(),
		         paths[ok].accelerated ? "accelerated" : "software", info.name,
		         paths[0].driver ? paths[0].driver : "default",
		         paths[0].accelerated ? "accelerated" : "software", why[0]);
	SDL_ShowCursor(SDL_DISABLE);
	SDL_GetRendererOutputSize(a->renderer, &a->width, &a->height);
	a->wake_event = SDL_RegisterEvents(1);
	return 0;
}

/* "Since boot" outlives one process: the unit's runtime directory (systemd's
 * RUNTIME_DIRECTORY, on tmpfs, kept across restarts by RuntimeDirectoryPreserve=restart)
 * holds the time of the first frame. Without it "since boot" means since start. */
static bool first_frame_path(char *buf, size_t cap)
{
	const char *dirs = getenv("RUNTIME_DIRECTORY");
	if (!dirs || dirs[0] != '/')
		return false;
	size_t n = strcspn(dirs, ":");
	int len = snprintf(buf, cap, "%.*s/first-frame", (int)n, dirs);
	return len > 0 && (size_t)len < cap;
}

static int64_t first_frame_load(void)
{
	char path[512], line[32];
	if (!first_frame_path(path, sizeof path))
		return 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	int64_t t = 0;
	if (fgets(line, sizeof line, f))
		t = strtoll(line, NULL, 10);
	fclose(f);
	return t > 0 ? t : 0;
}

static void first_frame_store(int64_t t)
{
	char path[512];
	if (!first_frame_path(path, sizeof path))
		return;
	FILE *f = fopen(path, "w");
	if (!f) {
		log_warn("cannot write %s", path);
		return;
	}
	fprintf(f, "%lld\n", (long long)t);
	fclose(f);
}

static void draw(struct app *a)
{
	SDL_GetRendererOutputSize(a->renderer, &a->width, &a->height);
	bool woken = (int64_t)SDL_GetTicks64() < a->wake_until_ms;
	const struct layout *l = NULL; /* off hours: a black frame, the panel may blank */
	double brightness = 1.0;
	if (a->screen == SCHEDULE_OFF && !woken) {
		SDL_EnableScreenSaver();
	} else {
		SDL_DisableScreenSaver();
		app_layout(a, a->width, a->height);
		l = &a->layout;
		brightness = a->screen == SCHEDULE_DIM && !woken ? 0.45 : 1.0;
	}
	/* A poll that brought the same data, a status-only change, a clock tick within the
	 * minute: the state changed but not the pixels. Drawing only real changes keeps an
	 * idle kiosk idle. */
	if (!render_unchanged(a->render, l, a->theme, brightness)) {
		render_frame(a->render, l, a->theme, brightness);
		SDL_RenderPresent(a->renderer);
		a->frames_drawn++;
		if (a->first_frame == 0) {
			a->first_frame = app_now(a);
			first_frame_store(a->first_frame);
			log_info("first frame drawn");
			app_write_health(a); /* monitoring sees the screen come up at once */
		}
	}
	a->dirty = false;
	if (!a->ready_sent) {
		sdnotify_send("READY=1");
		a->ready_sent = true;
	}
	/* Turn pages while there is more than fits. */
	if (a->layout.pages > 1 && a->next_page_ms == 0)
		a->next_page_ms = (int64_t)SDL_GetTicks64() + a->cfg.page_seconds * 1000;
	else if (a->layout.pages <= 1)
		a->next_page_ms = 0;
}

static void on_timers(struct app *a)
{
	int64_t now = app_now(a);
	int64_t ticks = (int64_t)SDL_GetTicks64();
	if (now / 60 != a->shown_minute) {
		a->shown_minute = now / 60;
		app_update_view(a); /* ages and staleness move with the clock */
		app_apply_schedule(a);
	}
	/* The watchdog is fed only from here: a hung loop stops feeding it. */
	if (a->watchdog_ms > 0 && ticks >= a->next_watchdog_ms) {
		sdnotify_send("WATCHDOG=1");
		a->next_watchdog_ms = ticks + a->watchdog_ms;
	}
	if (a->next_health_ms > 0 && ticks >= a->next_health_ms) {
		app_write_health(a);
		a->next_health_ms = ticks + 30000;
	}
	if (a->demo && a->next_demo_change > 0 && now >= a->next_demo_change) {
		app_load_once(a);
	}
	app_audio_tick(a);
	app_script_pump(a);
	if (a->wake_until_ms > 0 && ticks >= a->wake_until_ms) {
		a->wake_until_ms = 0; /* back to the scheduled state */
		a->dirty = true;
	}
	/* Pages stand still while a person listens and steps through them. */
	if (a->next_page_ms > 0 && (int64_t)SDL_GetTicks64() >= a->next_page_ms &&
	    !a->audio_active) {
		a->page++;
		a->next_page_ms = (int64_t)SDL_GetTicks64() + a->cfg.page_seconds * 1000;
		a->dirty = true;
	}
}

static void on_event(struct app *a, const SDL_Event *ev, bool *quit)
{
	if (ev->type == SDL_QUIT) {
		*quit = true; /* SIGTERM/SIGINT; a passer-by has no way to send it */
	} else if (ev->type == SDL_KEYDOWN) {
		app_audio_key(a, &ev->key);
	} else if (ev->type == SDL_MOUSEBUTTONDOWN && ev->button.button == SDL_BUTTON_LEFT) {
		app_audio_pointer(a, 0, ev->button.x, ev->button.y);
	} else if (ev->type == SDL_MOUSEMOTION && (ev->motion.state & SDL_BUTTON_LMASK)) {
		app_audio_pointer(a, 1, ev->motion.x, ev->motion.y);
	} else if (ev->type == SDL_MOUSEBUTTONUP && ev->button.button == SDL_BUTTON_LEFT) {
		app_audio_pointer(a, 2, ev->button.x, ev->button.y);
	} else if (ev->type == a->speech_event) {
		app_audio_speech_done(a, (uint32_t)ev->user.code);
	} else if (ev->type == a->wake_event) {
		if (a->fetcher && fetcher_poll(a->fetcher, &a->model, a->feeds, a->n_feeds)) {
			app_update_view(a);
			app_write_health(a);
			sdnotify_sendf("STATUS=%d of %zu feeds current",
			               app_sources_current(a, app_now(a)), a->n_feeds);
		}
	} else if (ev->type == SDL_WINDOWEVENT) {
		if (ev->window.event == SDL_WINDOWEVENT_EXPOSED ||
		    ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			render_invalidate(a->render); /* what was on screen is gone */
			a->dirty = true;
		}
	} else if (ev->type == SDL_RENDER_TARGETS_RESET || ev->type == SDL_RENDER_DEVICE_RESET) {
		render_invalidate(a->render);
		a->dirty = true;
	}
}

/* SDL_WaitEventTimeout sleeps in the display server's socket only where the video
 * driver can (Wayland under cage, X11); elsewhere (KMS/DRM, dummy) SDL 2 polls every
 * millisecond: about 1000 wake-ups a second, 2 % of a core while nothing happens.
 * There the loop waits in POLL_SLICE_MS steps instead: keys and worker wake-ups are
 * seen within that time, and an idle kiosk uses 0.4 % of a core instead of 2 %. */
#define POLL_SLICE_MS 20

static bool driver_blocks(void)
{
	const char *d = SDL_GetCurrentVideoDriver();
	return d && (strcmp(d, "wayland") == 0 || strcmp(d, "x11") == 0);
}

static int wait_event(bool blocks, SDL_Event *ev, int timeout_ms)
{
	if (blocks)
		return SDL_WaitEventTimeout(ev, timeout_ms);
	uint64_t end = SDL_GetTicks64() + (uint64_t)timeout_ms;
	for (;;) {
		if (SDL_PollEvent(ev))
			return 1;
		uint64_t now = SDL_GetTicks64();
		if (now >= end)
			return 0;
		SDL_Delay(end - now < POLL_SLICE_MS ? (Uint32)(end - now) : POLL_SLICE_MS);
	}
}

static int run_kiosk(struct app *a)
{
	/* Health before the display: a kiosk that never gets a window must still tell
	 * monitoring so ("no frame drawn since boot") before it exits. */
	a->first_frame = first_frame_load();
	app_write_health(a);
	if (a->first_frame == 0)
		sdnotify_send("STATUS=" HEALTH_NO_FRAME);
	int rc = open_window(a);
	if (rc == 0 && (rc = app_open_font(a)) == 0 &&
	    render_create(&a->render, a->renderer, a->font) != PK_OK)
		rc = 1;
	if (rc != 0)
		return rc;
	app_audio_open(a);
	if (a->demo) {
		app_load_once(a);
	} else if (fetcher_create(&a->fetcher, &a->cfg, clock_cb, wake_loop, a) != PK_OK) {
		log_error("cannot start the feed workers");
		return 1;
	} else {
		fetcher_poll(a->fetcher, &a->model, a->feeds, a->n_feeds);
		app_update_view(a);
	}
	a->shown_minute = app_now(a) / 60;
	app_apply_schedule(a);
	a->watchdog_ms = sdnotify_watchdog_interval_ms() / 2;
	if (a->watchdog_ms > 0)
		a->next_watchdog_ms = (int64_t)SDL_GetTicks64() + a->watchdog_ms;
	if (a->cfg.health_file[0])
		a->next_health_ms = (int64_t)SDL_GetTicks64() + 1000;
	log_info("parkkiosk %s running: %dx%d, %s mode, %s, language %s", PARKKIOSK_VERSION,
	         a->width, a->height, a->cfg.mode == CONFIG_MODE_DISPLAY ? "display" : "kiosk",
	         a->demo ? "demo feed" : "live feeds", a->cfg.lang);
	bool quit = false, blocks = driver_blocks();
	while (!quit) {
		if (a->dirty)
			draw(a);
		SDL_Event ev;
		if (wait_event(blocks, &ev, next_timeout_ms(a))) {
			do
				on_event(a, &ev, &quit);
			while (!quit && SDL_PollEvent(&ev));
		}
		on_timers(a);
	}
	sdnotify_send("STOPPING=1");
	app_write_health(a);
	log_info("stopping after %llu frames", (unsigned long long)a->frames_drawn);
	return 0;
}

static int run(struct app *a)
{
	if (getuid() == 0 && !cli_root_allowed(getenv("PARKKIOSK_ALLOW_ROOT"))) {
		log_error("refusing to run as root: start parkkiosk as an unprivileged user "
		          "(the systemd unit does)");
		return 2;
	}
	/* before any other thread exists, so they all inherit the blocked set */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	struct signals sig;
	signals_start(&sig);
	int rc = run_kiosk(a);
	signals_stop(&sig);
	return rc;
}

/* --announce-text / --announce FILE.wav: what audio mode says first. */
static int announce_once(struct app *a)
{
	static char text[ANNOUNCE_MAX];
	app_audio_welcome(a, text, sizeof text);
	if (a->cli.announce_text) {
		puts(text);
		fflush(stdout);
	}
	if (a->cli.announce_wav) {
		int rate = (int)(a->cfg.speech_rate_wpm * i18n_speech_rate(a->lang) + 0.5);
		if (speech_synth_wav(text, i18n_voice(a->lang), rate, a->cfg.volume_step,
		                     a->cli.announce_wav) != PK_OK) {
			log_error("--announce: cannot synthesise %s", a->cli.announce_wav);
			return 1;
		}
		log_info("--announce: speech written to %s", a->cli.announce_wav);
	}
	return 0;
}

/* glibc raises its mmap threshold to the size of the largest block freed so far: after
 * one 16 MiB feed body, every later body buffer comes from a heap that is never given
 * back. Fixed thresholds keep big, short-lived buffers (bodies, parse trees' arenas)
 * returned to the system after each use, so a kiosk's RSS stays where it settled. */
static void tune_malloc(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
#endif
}

int main(int argc, char **argv)
{
	static struct app app; /* the one top-level state; static to keep it off the stack */
	tune_malloc();
	int rc = app_init(&app, argc, argv);
	if (rc != 0)
		goto out;
	if (app.cli.help) {
		fputs(cli_usage(), stdout);
		goto out;
	}
	if (app.cli.version) {
		printf("parkkiosk %s (%s)\n", PARKKIOSK_VERSION, PARKKIOSK_GIT);
		goto out;
	}
	if (app.cli.dump_state || app.cli.screenshot || app.cli.announce_text ||
	    app.cli.announce_wav) {
		rc = app_load_once(&app);
		if (rc == 0 && app.cli.dump_state)
			rc = app_dump_state(&app);
		if (rc == 0 && (app.cli.announce_text || app.cli.announce_wav))
			rc = announce_once(&app);
		if (rc == 0 && app.cli.screenshot)
			rc = app_screenshot(&app, app.cli.screenshot,
			                    app.cli.width ? app.cli.width : 1920,
			                    app.cli.height ? app.cli.height : 1080);
		goto out;
	}
	rc = run(&app);
out:
	app_finish(&app);
	SDL_Quit();
	return rc;
}
