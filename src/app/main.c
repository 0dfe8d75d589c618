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
#include "loopwait.h"
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
		loopwait_push(&ev);
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
	loopwait_push(&ev);
}

/* Process exit status: 2 for configuration errors, 1 for everything else. The only place
 * exit codes are made; the libraries return enum pk_err. */
static int exit_status(enum pk_err e)
{
	return e == PK_OK ? 0 : e == PK_ERR_CONFIG ? 2 : 1;
}

static int64_t clock_cb(void *ud)
{
	return app_now(ud);
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
 * RUNTIME_DIRECTORY, on tmpfs, kept until reboot by RuntimeDirectoryPreserve=yes) holds
 * the time of the first frame. Without it "since boot" means since start. */
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

/* Renders the frame the state asked for; true if the pixels changed and were presented. */
static bool draw(struct render *r, struct present *p, const struct app_frame *f,
                 const struct theme *theme)
{
	if (f->screensaver)
		SDL_EnableScreenSaver();
	else
		SDL_DisableScreenSaver();
	/* A poll that brought the same data, a status-only change, a clock tick within the
	 * minute: the state changed but not the pixels. Drawing only real changes keeps an
	 * idle kiosk idle. */
	if (render_unchanged(r, f->layout, theme, f->brightness))
		return false;
	present_begin(p);
	render_frame(r, f->layout, theme, f->brightness);
	present_show(p);
	return true;
}

/* SDL_WaitEventTimeout sleeps in the display server's socket only where the video
 * driver can (Wayland under cage, X11); elsewhere (KMS/DRM, dummy) SDL 2 polls every
 * millisecond: about 1000 wake-ups a second, 2 % of a core while nothing happens.
 * There the loop sleeps in loopwait_sleep, in slices (app_poll_slice_ms): worker
 * wake-ups (loopwait_push) and, where they are watched, the input devices wake it at
 * once; the slice bounds anything else (short while someone uses the kiosk, long while
 * nobody does, and 100 ms where a key would not wake the loop). */
static bool driver_blocks(void)
{
	const char *d = SDL_GetCurrentVideoDriver();
	return d && (strcmp(d, "wayland") == 0 || strcmp(d, "x11") == 0);
}

static int wait_event(bool blocks, SDL_Event *ev, int timeout_ms, int slice_ms)
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
		loopwait_sleep(end - now < (uint64_t)slice_ms ? (int)(end - now) : slice_ms);
	}
}

/* The longest single wait: a lost wake-up costs at most this. */
#define WAIT_MAX_MS 60000

/* Lays out, draws and presents the frame the state asks for. */
static void show_frame(struct app *a)
{
	int w = 0, h = 0;
	SDL_GetRendererOutputSize(a->renderer, &w, &h);
	struct app_frame f = app_frame(a, w, h);
	bool first = a->first_frame == 0;
	app_frame_shown(a, draw(a->render, a->present, &f, a->theme));
	if (first && a->first_frame != 0)
		first_frame_store(a->first_frame);
}

/* An expose (the window uncovered): the frame on screen is shown again as kept, which is
 * no new frame; where none is kept (a GPU renderer) it is drawn again, and counted. */
static void show_again(struct app *a)
{
	a->exposed = false;
	if (present_again(a->present)) {
		a->frames_shown_again++;
		return;
	}
	log_debug("display: exposed, nothing kept: the frame is drawn again");
	render_invalidate(a->render);
	a->dirty = true;
}

/* X11 draws on expose: the window's map brings one, and a frame drawn before it came
 * would be asked for again, a second frame of the same pixels where none is kept (a GPU
 * renderer). So the first frame waits for it (at most FIRST_EXPOSE_MS, should none come:
 * a window mapped but covered) and answers it. */
#define FIRST_EXPOSE_MS 200
static void await_first_expose(struct app *a, bool *quit)
{
	const char *d = SDL_GetCurrentVideoDriver();
	if (!d || strcmp(d, "x11") != 0)
		return;
	uint64_t end = SDL_GetTicks64() + FIRST_EXPOSE_MS;
	SDL_Event ev;
	for (uint64_t now = SDL_GetTicks64(); !*quit && !a->exposed && now < end;
	     now = SDL_GetTicks64()) {
		if (SDL_WaitEventTimeout(&ev, (int)(end - now)))
			app_on_event(a, &ev, quit);
	}
	if (!a->exposed)
		log_debug("display: no expose within %d ms of the map; drawing", FIRST_EXPOSE_MS);
	a->exposed = false; /* the first frame answers it */
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
	if (rc == 0)
		rc = exit_status(app_open_font(a));
	if (rc == 0 && (render_create(&a->render, a->renderer, a->font) != PK_OK ||
	                present_create(&a->present, a->renderer) != PK_OK))
		rc = 1;
	if (rc != 0)
		return rc;
	if (a->demo) {
		app_load_once(a);
	} else if (fetcher_create(&a->fetcher, &a->cfg, clock_cb, wake_loop, a) != PK_OK) {
		log_error("cannot start the feed workers");
		return 1;
	} else {
		fetcher_poll(a->fetcher, &a->model, a->feeds, a->n_feeds);
		app_update_view(a);
	}
	app_start_timers(a, sdnotify_watchdog_interval_ms() / 2);
	log_info("parkkiosk %s running: %dx%d, %s mode, %s, language %s", PARKKIOSK_VERSION,
	         a->width, a->height, a->cfg.mode == CONFIG_MODE_DISPLAY ? "display" : "kiosk",
	         a->demo ? "demo feed" : "live feeds", a->cfg.lang);
	bool quit = false, blocks = driver_blocks();
	if (!blocks && loopwait_open(loopwait_input_of(SDL_GetCurrentVideoDriver())) != PK_OK)
		log_warn("loop: no wake-up descriptor: it wakes every %d ms to look",
		         APP_POLL_IDLE_MS);
	await_first_expose(a, &quit);
	/* The first frame (and READY=1) before speech: starting the synthesiser and probing
	 * the audio device block for 10-50 ms (closing SDL's probe device waits out one
	 * audio period), which the screen need not wait for. */
	if (!quit && app_needs_frame(a))
		show_frame(a);
	app_audio_open(a);
	while (!quit) {
		if (a->exposed)
			show_again(a); /* before a frame, which may leave the pixels as they are */
		if (app_needs_frame(a))
			show_frame(a);
		int64_t now = app_ticks(a);
		int timeout = deadline_wait_ms(app_next_deadline(a, now), now, WAIT_MAX_MS);
		SDL_Event ev;
		if (wait_event(blocks, &ev, timeout,
		               app_poll_slice_ms(a, loopwait_input_wakes()))) {
			do
				app_on_event(a, &ev, &quit);
			while (!quit && SDL_PollEvent(&ev));
		}
		app_on_timers(a, app_ticks(a));
	}
	sdnotify_send("STOPPING=1");
	app_write_health(a);
	log_info("stopping after %llu frames (%llu exposes showed the kept frame again)",
	         (unsigned long long)a->frames_drawn, (unsigned long long)a->frames_shown_again);
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
	int rc = exit_status(app_init(&app, argc, argv));
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
		rc = exit_status(app_load_once(&app));
		if (rc == 0 && app.cli.dump_state)
			rc = exit_status(app_dump_state(&app));
		if (rc == 0 && (app.cli.announce_text || app.cli.announce_wav))
			rc = announce_once(&app);
		if (rc == 0 && app.cli.screenshot)
			rc = exit_status(app_screenshot(&app, app.cli.screenshot,
			                                app.cli.width ? app.cli.width : 1920,
			                                app.cli.height ? app.cli.height : 1080));
		goto out;
	}
	rc = run(&app);
out:
	app_finish(&app); /* every thread that posts events has ended */
	loopwait_close();
	SDL_Quit();
	return rc;
}
