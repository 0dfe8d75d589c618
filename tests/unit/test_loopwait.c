/* loopwait.c: the loop's sleep on polling video drivers. A push from another thread
 * wakes a long sleep at once, one made before the sleep is not lost, and the event is in
 * SDL's queue; a watched descriptor wakes it and is drained (the next sleep sleeps), and
 * dropped once closed (no busy loop); which drivers' input wakes the loop. */
#include <SDL.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "loopwait.h"
#include "testlib.h"

static Uint32 user_event;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *push_later(void *arg)
{
	(void)arg;
	SDL_Delay(150);
	SDL_Event ev = {.type = user_event};
	loopwait_push(&ev);
	return NULL;
}

int main(void)
{
	CHECK(loopwait_input_of("dummy") == LOOPWAIT_INPUT_NONE);
	CHECK(loopwait_input_of("offscreen") == LOOPWAIT_INPUT_NONE);
	CHECK(loopwait_input_of("KMSDRM") == LOOPWAIT_INPUT_EVDEV);
	CHECK(loopwait_input_of("x11") == LOOPWAIT_INPUT_OTHER);
	CHECK(loopwait_input_of(NULL) == LOOPWAIT_INPUT_OTHER);
	CHECK(!loopwait_input_wakes()); /* not open */

	CHECK(SDL_Init(SDL_INIT_EVENTS) == 0);
	user_event = SDL_RegisterEvents(1);
	CHECK(loopwait_open(LOOPWAIT_INPUT_NONE) == PK_OK);
	CHECK(loopwait_input_wakes()); /* no input devices: nothing to miss */

	int64_t t0 = now_ms();
	CHECK(!loopwait_sleep(60)); /* nothing: it times out */
	CHECK(now_ms() - t0 >= 55);

	pthread_t th;
	CHECK(pthread_create(&th, NULL, push_later, NULL) == 0);
	t0 = now_ms();
	CHECK(loopwait_sleep(5000));
	int64_t woke = now_ms() - t0;
	pthread_join(th, NULL);
	CHECK(woke >= 140 && woke < 1000);
	SDL_Event ev;
	CHECK(SDL_PollEvent(&ev) && ev.type == user_event);

	/* Pushed before the sleep: the sleep returns at once. */
	SDL_Event early = {.type = user_event};
	loopwait_push(&early);
	t0 = now_ms();
	CHECK(loopwait_sleep(5000));
	CHECK(now_ms() - t0 < 100);
	CHECK(!loopwait_sleep(10)); /* the wake-up was consumed */
	SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);

	/* A watched descriptor (as an evdev node): wakes, drained, dropped when it closes. */
	int fds[2];
	CHECK(pipe(fds) == 0);
	CHECK(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0);
	CHECK(loopwait_watch_fd(fds[0]));
	CHECK(!loopwait_sleep(20));
	CHECK(write(fds[1], "key events", 10) == 10);
	CHECK(loopwait_sleep(5000));
	CHECK(!loopwait_sleep(20)); /* drained */
	close(fds[1]);
	CHECK(loopwait_sleep(5000)); /* hung up: dropped */
	t0 = now_ms();
	CHECK(!loopwait_sleep(60));
	CHECK(now_ms() - t0 >= 55);
	close(fds[0]);

	/* KMS/DRM without a readable device (none here, or not allowed): the loop must look. */
	CHECK(loopwait_open(LOOPWAIT_INPUT_EVDEV) == PK_OK);
	if (access("/dev/input", F_OK) != 0)
		CHECK(!loopwait_input_wakes());
	loopwait_close();
	CHECK(!loopwait_input_wakes());
	SDL_Quit();
	return TEST_END();
}
