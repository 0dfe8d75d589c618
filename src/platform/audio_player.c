/* SDL audio output for speech (see audio_player.h). The SDL callback copies from the
 * utterance buffer under the player's lock; stopping takes one audio period (~23 ms at
 * 22050 Hz) to be heard. The device is open only while speech needs it: SDL 2's audio
 * thread wakes every period even for a paused device (43 times a second). */
#include "audio_player.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "dynbuf.h"
#include "log.h"

/* Audio device period in samples (about 23 ms at 22050 Hz). */
#define AUDIO_PERIOD 512

struct audio_player {
	player_finished_fn finished; /* borrowed callback */
	void *user;
	bool sdl_inited; /* we initialised SDL's audio subsystem */
	bool output;     /* a device opened at player_open: speech can be heard */
	int rate;

	pthread_mutex_t mu;    /* everything below; the SDL callback takes it briefly */
	SDL_AudioDeviceID dev; /* 0 while closed; changed only by player_set_running */
	uint32_t token;        /* current utterance, 0 = none */
	int16_t *play;         /* owned: samples of the current utterance */
	size_t n, cap, pos;
	bool input_done;
	bool playing; /* an utterance is under way (busy) */
	bool paused;
	uint64_t begin_ticks; /* SDL_GetPerformanceCounter at player_begin */
	int latency_ms;
	bool latency_pending;
};

static void fill(void *ud, Uint8 *stream, int len)
{
	struct audio_player *p = ud;
	int16_t *out = (int16_t *)stream;
	size_t want = (size_t)len / sizeof *out, got = 0;
	bool finished = false;
	uint32_t token = 0;

	pthread_mutex_lock(&p->mu);
	if (p->playing && !p->paused) {
		size_t avail = p->n - p->pos;
		got = avail < want ? avail : want;
		if (got) /* p->play may still be NULL: nothing synthesised yet */
			memcpy(out, p->play + p->pos, got * sizeof *out);
		p->pos += got;
		if (got && p->latency_pending) {
			uint64_t dt = SDL_GetPerformanceCounter() - p->begin_ticks;
			p->latency_ms = (int)(dt * 1000 / SDL_GetPerformanceFrequency());
			p->latency_pending = false;
		}
		if (p->input_done && p->pos == p->n) {
			p->playing = false;
			finished = true;
			token = p->token;
		}
	}
	pthread_mutex_unlock(&p->mu);
	memset(out + got, 0, (want - got) * sizeof *out);
	if (finished && p->finished)
		p->finished(p->user, token);
}

/* Opens the default device, paused; 0 on failure (SDL_GetError says why). */
static SDL_AudioDeviceID device_open(struct audio_player *p, int *freq)
{
	SDL_AudioSpec want = {0}, have;
	want.freq = p->rate;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = AUDIO_PERIOD;
	want.callback = fill;
	want.userdata = p;
	/* No allowed changes: SDL converts to whatever the device really runs at. */
	SDL_AudioDeviceID dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (dev && freq)
		*freq = have.freq;
	return dev;
}

/* Finds out once whether there is a device at all, and closes it again: it is opened
 * for each stretch of speech (player_set_running). */
static void probe_device(struct audio_player *p)
{
	if (p->rate <= 0) {
		log_warn("speech: audio output unavailable (no speech synthesiser); "
		         "continuing without speech");
		return;
	}
	if (!SDL_WasInit(SDL_INIT_AUDIO)) {
		if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
			log_warn("speech: audio output unavailable (%s); continuing without speech",
			         SDL_GetError());
			return;
		}
		p->sdl_inited = true;
	}
	int freq = 0;
	SDL_AudioDeviceID dev = device_open(p, &freq);
	if (!dev) {
		log_warn("speech: audio output unavailable (%s); continuing without speech",
		         SDL_GetError());
		return;
	}
	SDL_CloseAudioDevice(dev);
	p->output = true;
	log_info("speech: audio output \"%s\" at %d Hz", SDL_GetCurrentAudioDriver(), freq);
}

enum pk_err player_open(struct audio_player **out, int rate, player_finished_fn finished,
                        void *user)
{
	*out = NULL;
	struct audio_player *p = calloc(1, sizeof *p);
	if (!p)
		return PK_ERR_NOMEM;
	p->finished = finished;
	p->user = user;
	p->latency_ms = -1;
	p->rate = rate;
	if (pthread_mutex_init(&p->mu, NULL) != 0) {
		free(p);
		return PK_ERR_NOMEM;
	}
	probe_device(p);
	*out = p;
	return PK_OK;
}

void player_close(struct audio_player *p)
{
	if (!p)
		return;
	player_set_running(p, false);
	if (p->sdl_inited)
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
	pthread_mutex_destroy(&p->mu);
	free(p->play);
	free(p);
}

bool player_has_output(const struct audio_player *p)
{
	return p && p->output;
}

void player_begin(struct audio_player *p, uint32_t token)
{
	pthread_mutex_lock(&p->mu);
	p->token = token;
	p->n = p->pos = 0;
	p->input_done = false;
	p->playing = true;
	p->paused = false;
	p->begin_ticks = SDL_GetPerformanceCounter();
	p->latency_pending = true;
	pthread_mutex_unlock(&p->mu);
}

bool player_append(struct audio_player *p, uint32_t token, const int16_t *pcm, size_t n,
                   size_t max_samples)
{
	bool ok = false;
	pthread_mutex_lock(&p->mu);
	if (p->token == token && p->playing) {
		size_t need = p->n + n;
		if (!dyn_reserve(&p->play, &p->cap, need, sizeof *p->play, 4096, max_samples))
			goto out; /* over max_samples, or out of memory */
		memcpy(p->play + p->n, pcm, n * sizeof *pcm);
		p->n = need;
		ok = true;
	}
out:
	pthread_mutex_unlock(&p->mu);
	return ok;
}

bool player_end_input(struct audio_player *p, uint32_t token)
{
	bool ended = false;
	pthread_mutex_lock(&p->mu);
	if (p->token == token) {
		p->input_done = true;
		/* Nothing (more) to play (silent mode, engine failure, or the device already
		 * drained it): the utterance is over now. */
		if (p->playing && (!p->dev || p->n == p->pos)) {
			p->playing = false;
			ended = true;
		}
	}
	pthread_mutex_unlock(&p->mu);
	return ended;
}

void player_stop(struct audio_player *p)
{
	pthread_mutex_lock(&p->mu);
	p->token = 0;
	p->n = p->pos = 0;
	p->playing = false;
	p->paused = false;
	p->latency_pending = false;
	pthread_mutex_unlock(&p->mu);
}

void player_pause(struct audio_player *p)
{
	pthread_mutex_lock(&p->mu);
	if (p->playing)
		p->paused = true;
	pthread_mutex_unlock(&p->mu);
}

void player_resume(struct audio_player *p)
{
	pthread_mutex_lock(&p->mu);
	p->paused = false;
	pthread_mutex_unlock(&p->mu);
}

/* What the getters report, read under the lock. */
struct player_state {
	bool paused, playing;
	int latency_ms;
};

static struct player_state state_of(const struct audio_player *p)
{
	struct audio_player *m = (struct audio_player *)p; /* the lock is not part of the value */
	pthread_mutex_lock(&m->mu);
	struct player_state s = {
	    .paused = p->paused, .playing = p->playing, .latency_ms = p->latency_ms};
	pthread_mutex_unlock(&m->mu);
	return s;
}

bool player_paused(const struct audio_player *p)
{
	return state_of(p).paused;
}

bool player_busy(const struct audio_player *p)
{
	return state_of(p).playing;
}

int player_latency_ms(const struct audio_player *p)
{
	return state_of(p).latency_ms;
}

void player_set_running(struct audio_player *p, bool run)
{
	if (!p->output)
		return;
	pthread_mutex_lock(&p->mu);
	SDL_AudioDeviceID dev = p->dev;
	if (!run)
		p->dev = 0;
	pthread_mutex_unlock(&p->mu);
	if (!run) {
		/* Without the lock: closing waits for the callback, which takes it. */
		if (dev)
			SDL_CloseAudioDevice(dev);
		return;
	}
	if (!dev) {
		dev = device_open(p, NULL);
		if (!dev) {
			/* player_end_input then ends the utterance at once: heard as silence. */
			log_warn("speech: cannot reopen the audio output (%s)", SDL_GetError());
			return;
		}
		pthread_mutex_lock(&p->mu);
		p->dev = dev;
		pthread_mutex_unlock(&p->mu);
	}
	SDL_PauseAudioDevice(dev, 0);
}
