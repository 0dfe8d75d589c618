/* Speech output (see speech.h): one worker thread runs the speech engine (espeak-ng,
 * speech_engine.c) synchronously and hands the samples, with the volume gain applied,
 * to the audio player (SDL audio, audio_player.c), which plays them while synthesis
 * goes on. Every say/stop bumps a generation number; synthesis of an old generation
 * aborts at its next chunk, and the player drops samples of a replaced utterance. The
 * WAV writer (wav.c) serves --announce. Lock order: speech mu, then the player's. */
#include "speech.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio_player.h"
#include "log.h"
#include "monocv.h"
#include "speech_engine.h"
#include "text.h"
#include "wav.h"

struct speech {
	speech_done_fn done; /* borrowed callback */
	void *user;
	struct audio_player *player; /* owned */

	pthread_t thread;
	bool thread_started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool quit;

	/* The request the worker takes next (under mu). */
	char text[SPEECH_TEXT_MAX];
	char voice[32];
	int rate_wpm, volume_step;
	bool pending;
	uint32_t gen;        /* generation: bumped by say and stop */
	uint32_t req_id;     /* id of the pending or current utterance */
	bool device_running; /* the worker's view of the player's device */
};

/* Waits on s->cv (CLOCK_MONOTONIC) until signalled or until ms of that clock. */
static void wait_until(struct speech *s, int64_t ms)
{
	monocv_wait_until(&s->mu, &s->cv, ms);
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

struct live_ctx {
	struct speech *s;
	uint32_t gen, id;
};

static bool live_abort(void *ctx)
{
	struct live_ctx *c = ctx;
	pthread_mutex_lock(&c->s->mu);
	bool stop = c->s->gen != c->gen || c->s->quit;
	pthread_mutex_unlock(&c->s->mu);
	return stop;
}

/* Hands the samples synthesised so far to the player; the sink is only a staging area
 * for live output. */
static void live_flush(void *ctx, struct speech_sink *k)
{
	struct live_ctx *c = ctx;
	if (!player_append(c->s->player, c->id, k->pcm, k->n, speech_engine_max_samples()) &&
	    !live_abort(c))
		k->overflow = true; /* too long or out of memory: the next chunk aborts */
	k->n = 0;
}

/* The player's end of an utterance (SDL's audio thread): wake the worker, which may now
 * pause the device, and hand the news on. */
static void player_finished(void *user, uint32_t token)
{
	struct speech *s = user;
	pthread_mutex_lock(&s->mu);
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	if (s->done)
		s->done(s->user, token);
}

static void *worker(void *arg)
{
	struct speech *s = arg;
	struct speech_sink k = {0};
	char *text = malloc(SPEECH_TEXT_MAX);
	if (!text) {
		log_error("speech: out of memory in the worker");
		return NULL;
	}
	bool output = player_has_output(s->player);
	int64_t quiet_since = -1; /* when the open device last fell silent, -1 = not yet */
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->quit && !s->pending) {
			if (!s->device_running || player_busy(s->player)) {
				quiet_since = -1;
				pthread_cond_wait(&s->cv, &s->mu);
				continue;
			}
			/* Silent and open: closed after a while, so that keys in a session do not
			 * reopen it for every answer. */
			int64_t now = monocv_now_ms();
			if (quiet_since < 0)
				quiet_since = now;
			if (now < quiet_since + SPEECH_DEVICE_LINGER_MS) {
				wait_until(s, quiet_since + SPEECH_DEVICE_LINGER_MS);
				continue;
			}
			s->device_running = false;
			quiet_since = -1;
			pthread_mutex_unlock(&s->mu);
			player_set_running(s->player, false);
			pthread_mutex_lock(&s->mu);
		}
		if (s->quit)
			break;
		quiet_since = -1;
		s->pending = false;
		memcpy(text, s->text, SPEECH_TEXT_MAX);
		char voice[sizeof s->voice];
		memcpy(voice, s->voice, sizeof voice);
		int rate = s->rate_wpm;
		struct live_ctx ctx = {s, s->gen, s->req_id};
		k.gain = speech_volume_gain(s->volume_step);
		bool start = output && !s->device_running;
		if (start)
			s->device_running = true;
		pthread_mutex_unlock(&s->mu);

		if (start)
			player_set_running(s->player, true);
		if (output) {
			k.n = 0;
			k.overflow = false;
			k.abort = live_abort;
			k.flush = live_flush;
			k.ctx = &ctx;
			speech_engine_synth(text, voice, rate, &k);
		}

		pthread_mutex_lock(&s->mu);
		bool finished_now = s->gen == ctx.gen && player_end_input(s->player, ctx.id);
		if (finished_now && s->done) {
			pthread_mutex_unlock(&s->mu);
			s->done(s->user, ctx.id);
			pthread_mutex_lock(&s->mu);
		}
	}
	pthread_mutex_unlock(&s->mu);
	free(k.pcm);
	free(text);
	return NULL;
}

enum pk_err speech_create(struct speech **out, speech_done_fn done, void *user)
{
	*out = NULL;
	struct speech *s = calloc(1, sizeof *s);
	if (!s)
		return PK_ERR_NOMEM;
	s->done = done;
	s->user = user;
	if (!monocv_init(&s->mu, &s->cv)) {
		free(s);
		return PK_ERR_NOMEM;
	}
	if (player_open(&s->player, speech_engine_rate(), player_finished, s) != PK_OK) {
		speech_destroy(s);
		return PK_ERR_NOMEM;
	}
	int rc = pthread_create(&s->thread, NULL, worker, s);
	if (rc != 0) {
		log_error("speech: cannot start the speech thread: %s", strerror(rc));
		speech_destroy(s);
		return PK_ERR_NOMEM;
	}
	s->thread_started = true;
	*out = s;
	return PK_OK;
}

void speech_destroy(struct speech *s)
{
	if (!s)
		return;
	if (s->thread_started) {
		pthread_mutex_lock(&s->mu);
		s->quit = true;
		s->gen++;
		pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->thread, NULL);
	}
	player_close(s->player);
	monocv_destroy(&s->mu, &s->cv);
	free(s);
}

bool speech_has_output(const struct speech *s)
{
	return s && player_has_output(s->player);
}

uint32_t speech_say(struct speech *s, const char *text, const char *voice, int rate_wpm,
                    int volume_step)
{
	pthread_mutex_lock(&s->mu);
	s->gen++;
	s->req_id = s->req_id + 1 ? s->req_id + 1 : 1;
	text_copy(s->text, sizeof s->text, text ? text : "");
	text_copy(s->voice, sizeof s->voice, voice ? voice : "");
	s->rate_wpm = rate_wpm;
	s->volume_step = clampi(volume_step, 0, SPEECH_VOLUME_STEPS - 1);
	s->pending = true;
	player_begin(s->player, s->req_id); /* before the worker can see the request */
	uint32_t id = s->req_id;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return id;
}

void speech_stop(struct speech *s)
{
	pthread_mutex_lock(&s->mu);
	s->gen++;
	s->pending = false;
	player_stop(s->player);
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

void speech_pause(struct speech *s)
{
	player_pause(s->player);
}

void speech_resume(struct speech *s)
{
	player_resume(s->player);
}

bool speech_paused(const struct speech *s)
{
	return player_paused(s->player);
}

bool speech_busy(const struct speech *s)
{
	return player_busy(s->player);
}

int speech_last_latency_ms(const struct speech *s)
{
	return player_latency_ms(s->player);
}

enum pk_err speech_synth_wav(const char *text, const char *voice, int rate_wpm, int volume_step,
                             const char *path)
{
	struct speech_sink k = {0};
	char buf[SPEECH_TEXT_MAX];
	text_copy(buf, sizeof buf, text ? text : "");
	k.gain = speech_volume_gain(volume_step);
	if (!speech_engine_synth(buf, voice, rate_wpm, &k)) {
		free(k.pcm);
		return speech_engine_rate() <= 0 ? PK_ERR_UNSUPPORTED : PK_ERR_IO;
	}
	enum pk_err rc = wav_write(path, k.pcm, k.n, (uint32_t)speech_engine_rate());
	if (rc != PK_OK)
		log_error("speech: cannot write %s", path);
	free(k.pcm);
	return rc;
}
