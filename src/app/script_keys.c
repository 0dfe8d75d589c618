/* The input script's "press" keys, pushed into SDL's queue from a thread (see
 * script_keys.h). The thread sleeps on a CLOCK_MONOTONIC condition variable until the
 * next key is due or it is stopped. */
#include "script_keys.h"

#include <SDL.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loopwait.h"
#include "monocv.h"

struct script_keys {
	const struct input_script *script; /* borrowed */
	int64_t (*ticks)(void);
	int64_t start_ms;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv; /* on CLOCK_MONOTONIC; signalled by script_keys_stop */
	bool stop;         /* under mu */
};

static void push_key(const char *name)
{
	SDL_Event ev;
	memset(&ev, 0, sizeof ev);
	ev.type = SDL_KEYDOWN;
	ev.key.state = SDL_PRESSED;
	ev.key.keysym.sym = SDL_GetKeyFromName(name);
	ev.key.keysym.scancode = SDL_GetScancodeFromName(name);
	if (ev.key.keysym.sym == SDLK_UNKNOWN && ev.key.keysym.scancode != SDL_SCANCODE_UNKNOWN)
		ev.key.keysym.sym = SDL_GetKeyFromScancode(ev.key.keysym.scancode);
	/* SDL stamps it with SDL_GetTicks: the moment the key arrived. It wakes the loop as a
	 * device's key does on a polling driver, where the evdev nodes are watched. */
	loopwait_push(&ev);
	ev.type = SDL_KEYUP;
	ev.key.state = SDL_RELEASED;
	loopwait_push(&ev);
}

/* Waits (mu held) until ticks reads at least due_ms or the object stops; true if due. */
static bool sleep_until(struct script_keys *k, int64_t due_ms)
{
	while (!k->stop) {
		int64_t left = due_ms - k->ticks();
		if (left <= 0)
			return true;
		monocv_wait_until(&k->mu, &k->cv, monocv_now_ms() + left);
	}
	return false;
}

static void *keys_main(void *arg)
{
	struct script_keys *k = arg;
	pthread_mutex_lock(&k->mu);
	for (size_t i = 0; i < k->script->n; i++) {
		const struct input_event *e = &k->script->ev[i];
		if (e->kind != INPUT_EV_KEY || !e->device)
			continue;
		if (!sleep_until(k, k->start_ms + e->t_ms))
			break;
		pthread_mutex_unlock(&k->mu);
		log_debug("--input-script: line %d: press %s", e->line, e->key);
		push_key(e->key);
		pthread_mutex_lock(&k->mu);
	}
	pthread_mutex_unlock(&k->mu);
	return NULL;
}

enum pk_err script_keys_start(struct script_keys **out, const struct input_script *script,
                              int64_t (*ticks)(void), int64_t start_ms)
{
	*out = NULL;
	bool any = false;
	for (size_t i = 0; i < script->n && !any; i++)
		any = script->ev[i].kind == INPUT_EV_KEY && script->ev[i].device;
	if (!any)
		return PK_OK;
	struct script_keys *k = calloc(1, sizeof *k);
	if (!k)
		return PK_ERR_NOMEM;
	k->script = script;
	k->ticks = ticks;
	k->start_ms = start_ms;
	if (!monocv_init(&k->mu, &k->cv)) {
		free(k);
		return PK_ERR_NOMEM;
	}
	if (pthread_create(&k->thread, NULL, keys_main, k) != 0) {
		monocv_destroy(&k->mu, &k->cv);
		free(k);
		return PK_ERR_NOMEM;
	}
	*out = k;
	return PK_OK;
}

void script_keys_stop(struct script_keys *k)
{
	if (!k)
		return;
	pthread_mutex_lock(&k->mu);
	k->stop = true;
	pthread_cond_signal(&k->cv);
	pthread_mutex_unlock(&k->mu);
	pthread_join(k->thread, NULL);
	monocv_destroy(&k->mu, &k->cv);
	free(k);
}
