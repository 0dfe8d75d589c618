/* Speech output (see speech.h): one worker thread runs espeak-ng synchronously and appends
 * the samples, with the volume gain applied, to a buffer that the SDL audio callback plays
 * while synthesis goes on. Every say/stop bumps a generation number; the synthesis
 * callback aborts and the audio callback drops samples of an old generation, so stopping
 * takes one audio period (~23 ms) to be heard and synthesis stops at its next chunk. */
#include "speech.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>
#include <espeak-ng/speak_lib.h>

#include "log.h"
#include "text.h"

/* Synthesis chunk length asked of espeak-ng, ms: small chunks start playback sooner and
 * let an abort take effect quickly. */
#define SYNTH_CHUNK_MS 40
/* Audio device period in samples (about 23 ms at 22050 Hz). */
#define AUDIO_PERIOD 512
/* Longest utterance kept, seconds of audio; more is cut (a runaway text must not eat
 * memory on a kiosk that runs for months). */
#define MAX_UTTERANCE_S 180

/* espeak-ng is one engine per process with global state and a global callback, so the
 * engine (not a speech object) is initialised once and every synthesis holds this lock.
 * This is the only process-wide state here and it mirrors the library's own. */
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t engine_lock = PTHREAD_MUTEX_INITIALIZER;
static int engine_rate;           /* samples per second; 0 when espeak-ng could not start */
static char engine_voice[32];     /* voice now set (under engine_lock) */
static char engine_bad_voice[32]; /* last voice that failed, logged once (engine_lock) */

/* Where one synthesis goes. */
struct sink {
	int16_t *pcm; /* owned */
	size_t n, cap;
	double gain;
	bool (*abort)(void *ctx);                 /* polled per chunk; true stops synthesis */
	void (*flush)(void *ctx, struct sink *k); /* new samples arrived (may be NULL) */
	void *ctx;
	bool overflow;
};

struct speech {
	speech_done_fn done; /* borrowed callback */
	void *user;

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
	uint32_t gen;    /* generation: bumped by say and stop */
	uint32_t req_id; /* id of the pending or current utterance */

	/* Playback (under mu; the audio callback takes it briefly). */
	SDL_AudioDeviceID dev;
	bool sdl_inited; /* we initialised SDL's audio subsystem */
	bool device_running;
	int16_t *play; /* owned: samples of the current utterance */
	size_t play_n, play_cap, play_pos;
	uint32_t play_gen; /* generation the samples belong to */
	bool synth_done;
	bool playing; /* an utterance is under way (busy) */
	bool paused;
	uint64_t say_ticks; /* SDL_GetPerformanceCounter at speech_say */
	int latency_ms;
	bool latency_pending;
};

static void engine_start(void)
{
	/* DONT_EXIT: without it espeak-ng calls exit() when its data is missing. */
	int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, SYNTH_CHUNK_MS, NULL,
	                             espeakINITIALIZE_DONT_EXIT);
	if (rate <= 0) {
		log_error("speech: espeak-ng could not start (data missing?)");
		engine_rate = 0;
		return;
	}
	engine_rate = rate;
}

static int synth_chunk(short *wav, int numsamples, espeak_EVENT *events)
{
	struct sink *k = events ? events->user_data : NULL;
	if (!k)
		return 1;
	if (k->overflow || (k->abort && k->abort(k->ctx)))
		return 1;
	if (!wav || numsamples <= 0)
		return 0;
	size_t limit = (size_t)engine_rate * MAX_UTTERANCE_S;
	if (k->n + (size_t)numsamples > limit) {
		k->overflow = true;
		return 1;
	}
	if (k->n + (size_t)numsamples > k->cap) {
		size_t cap = k->cap ? k->cap : (size_t)engine_rate * 4;
		while (cap < k->n + (size_t)numsamples)
			cap *= 2;
		if (cap > limit)
			cap = limit;
		int16_t *p = realloc(k->pcm, cap * sizeof *p);
		if (!p) {
			k->overflow = true;
			return 1;
		}
		k->pcm = p;
		k->cap = cap;
	}
	for (int i = 0; i < numsamples; i++) {
		double v = wav[i] * k->gain;
		if (v > 32767.0)
			v = 32767.0;
		if (v < -32768.0)
			v = -32768.0;
		k->pcm[k->n++] = (int16_t)lrint(v);
	}
	if (k->flush)
		k->flush(k->ctx, k);
	return 0;
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

double speech_volume_db(int volume_step)
{
	int st = clampi(volume_step, 0, SPEECH_VOLUME_STEPS - 1);
	return -6.0 * (SPEECH_VOLUME_STEPS - 1 - st);
}

/* A voice by file name ("de", "gmw/en-US") or, failing that, by language code: espeak-ng
 * 1.51 knows "en-gb" only as a language of the voice file "en". */
static bool set_voice(const char *name)
{
	if (espeak_SetVoiceByName(name) == EE_OK)
		return true;
	espeak_VOICE v = {0};
	v.languages = name;
	return espeak_SetVoiceByProperties(&v) == EE_OK;
}

/* Runs one synthesis into k under the engine lock. Returns false if the engine is
 * unavailable or refused the text. */
static bool engine_synth(const char *text, const char *voice, int rate_wpm, struct sink *k)
{
	pthread_once(&engine_once, engine_start);
	if (engine_rate <= 0)
		return false;
	pthread_mutex_lock(&engine_lock);
	espeak_SetSynthCallback(synth_chunk);
	const char *want = voice && *voice ? voice : "en";
	/* Loading a voice costs milliseconds of latency: only when it changes. */
	if (strcmp(want, engine_voice) != 0) {
		if (set_voice(want)) {
			text_copy(engine_voice, sizeof engine_voice, want);
		} else {
			if (strcmp(want, engine_bad_voice) != 0) {
				log_warn("speech: no espeak-ng voice \"%s\", using English", want);
				text_copy(engine_bad_voice, sizeof engine_bad_voice, want);
			}
			espeak_SetVoiceByName("en");
			engine_voice[0] = '\0';
		}
	}
	espeak_SetParameter(espeakRATE, clampi(rate_wpm, SPEECH_RATE_MIN, SPEECH_RATE_MAX), 0);
	/* Plain UTF-8 text. Never espeakSSML or espeakPHONEMES: feed text is spoken, not
	 * obeyed. */
	unsigned int flags = espeakCHARS_UTF8 | espeakENDPAUSE;
	espeak_ERROR e = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, flags, NULL, k);
	pthread_mutex_unlock(&engine_lock);
	if (k->overflow)
		log_warn("speech: utterance cut at %d s of audio", MAX_UTTERANCE_S);
	return e == EE_OK;
}

/* ---- live output ------------------------------------------------------------------ */

static void audio_fill(void *ud, Uint8 *stream, int len)
{
	struct speech *s = ud;
	int16_t *out = (int16_t *)stream;
	size_t want = (size_t)len / sizeof *out, got = 0;
	bool finished = false;
	uint32_t id = 0;

	pthread_mutex_lock(&s->mu);
	if (s->playing && !s->paused && s->play_gen == s->gen) {
		size_t avail = s->play_n - s->play_pos;
		got = avail < want ? avail : want;
		if (got) /* s->play may still be NULL: nothing synthesised yet */
			memcpy(out, s->play + s->play_pos, got * sizeof *out);
		s->play_pos += got;
		if (got && s->latency_pending) {
			uint64_t dt = SDL_GetPerformanceCounter() - s->say_ticks;
			s->latency_ms = (int)(dt * 1000 / SDL_GetPerformanceFrequency());
			s->latency_pending = false;
		}
		if (s->synth_done && s->play_pos == s->play_n) {
			s->playing = false;
			finished = true;
			id = s->req_id;
			pthread_cond_signal(&s->cv); /* the worker may now pause the device */
		}
	}
	pthread_mutex_unlock(&s->mu);
	memset(out + got, 0, (want - got) * sizeof *out);
	if (finished && s->done)
		s->done(s->user, id);
}

struct live_ctx {
	struct speech *s;
	uint32_t gen;
};

static bool live_abort(void *ctx)
{
	struct live_ctx *c = ctx;
	pthread_mutex_lock(&c->s->mu);
	bool stop = c->s->gen != c->gen || c->s->quit;
	pthread_mutex_unlock(&c->s->mu);
	return stop;
}

/* Hands the samples synthesised so far to the player. The sink's buffer is swapped
 * with the player's when the player has consumed everything, else appended. */
static void live_flush(void *ctx, struct sink *k)
{
	struct live_ctx *c = ctx;
	struct speech *s = c->s;
	pthread_mutex_lock(&s->mu);
	if (s->gen == c->gen && s->play_gen == c->gen) {
		size_t need = s->play_n + k->n;
		if (need > (size_t)engine_rate * MAX_UTTERANCE_S) {
			k->overflow = true; /* the next chunk aborts synthesis */
			pthread_mutex_unlock(&s->mu);
			k->n = 0;
			return;
		}
		if (need > s->play_cap) {
			size_t cap = s->play_cap ? s->play_cap : 4096;
			while (cap < need)
				cap *= 2;
			int16_t *p = realloc(s->play, cap * sizeof *p);
			if (!p) {
				pthread_mutex_unlock(&s->mu);
				k->n = 0;
				return;
			}
			s->play = p;
			s->play_cap = cap;
		}
		memcpy(s->play + s->play_n, k->pcm, k->n * sizeof *k->pcm);
		s->play_n = need;
	}
	pthread_mutex_unlock(&s->mu);
	k->n = 0; /* the sink is only a staging area for live output */
}

static void set_device_running(struct speech *s, bool run)
{
	/* Only the worker calls this, without holding mu: SDL takes the device lock, which
	 * the audio callback holds while it waits for mu. */
	if (s->dev)
		SDL_PauseAudioDevice(s->dev, run ? 0 : 1);
}

static void *worker(void *arg)
{
	struct speech *s = arg;
	struct sink k = {0};
	char *text = malloc(SPEECH_TEXT_MAX);
	if (!text) {
		log_error("speech: out of memory in the worker");
		return NULL;
	}
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->quit && !s->pending) {
			if (s->device_running && !s->playing) {
				s->device_running = false;
				pthread_mutex_unlock(&s->mu);
				set_device_running(s, false);
				pthread_mutex_lock(&s->mu);
				continue;
			}
			pthread_cond_wait(&s->cv, &s->mu);
		}
		if (s->quit)
			break;
		s->pending = false;
		memcpy(text, s->text, SPEECH_TEXT_MAX);
		char voice[sizeof s->voice];
		memcpy(voice, s->voice, sizeof voice);
		int rate = s->rate_wpm;
		struct live_ctx ctx = {s, s->gen};
		k.gain = pow(10.0, speech_volume_db(s->volume_step) / 20.0);
		bool start = s->dev && !s->device_running;
		if (start)
			s->device_running = true;
		uint32_t id = s->req_id;
		pthread_mutex_unlock(&s->mu);

		if (start)
			set_device_running(s, true);
		if (s->dev) {
			k.n = 0;
			k.overflow = false;
			k.abort = live_abort;
			k.flush = live_flush;
			k.ctx = &ctx;
			engine_synth(text, voice, rate, &k);
		}

		pthread_mutex_lock(&s->mu);
		bool finished_now = false;
		if (s->gen == ctx.gen) {
			s->synth_done = true;
			/* Nothing (more) to play (silent mode, engine failure, or the
			 * player already drained it): the utterance is over now. */
			if (s->playing && s->play_n == s->play_pos) {
				s->playing = false;
				finished_now = true;
			}
		}
		if (finished_now && s->done) {
			pthread_mutex_unlock(&s->mu);
			s->done(s->user, id);
			pthread_mutex_lock(&s->mu);
		}
	}
	pthread_mutex_unlock(&s->mu);
	free(k.pcm);
	free(text);
	return NULL;
}

static void open_device(struct speech *s)
{
	pthread_once(&engine_once, engine_start);
	if (engine_rate <= 0) {
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
		s->sdl_inited = true;
	}
	SDL_AudioSpec want = {0}, have;
	want.freq = engine_rate;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = AUDIO_PERIOD;
	want.callback = audio_fill;
	want.userdata = s;
	/* No allowed changes: SDL converts to whatever the device really runs at. */
	s->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (!s->dev) {
		log_warn("speech: audio output unavailable (%s); continuing without speech",
		         SDL_GetError());
		return;
	}
	log_info("speech: audio output \"%s\" at %d Hz", SDL_GetCurrentAudioDriver(), have.freq);
}

enum pk_err speech_create(struct speech **out, speech_done_fn done, void *user)
{
	*out = NULL;
	struct speech *s = calloc(1, sizeof *s);
	if (!s)
		return PK_ERR_NOMEM;
	s->done = done;
	s->user = user;
	s->latency_ms = -1;
	if (pthread_mutex_init(&s->mu, NULL) != 0) {
		free(s);
		return PK_ERR_NOMEM;
	}
	if (pthread_cond_init(&s->cv, NULL) != 0) {
		pthread_mutex_destroy(&s->mu);
		free(s);
		return PK_ERR_NOMEM;
	}
	open_device(s);
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
	if (s->dev)
		SDL_CloseAudioDevice(s->dev);
	if (s->sdl_inited)
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s->play);
	free(s);
}

bool speech_has_output(const struct speech *s)
{
	return s && s->dev != 0;
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
	s->play_gen = s->gen;
	s->play_n = s->play_pos = 0;
	s->synth_done = false;
	s->playing = true;
	s->paused = false;
	s->say_ticks = SDL_GetPerformanceCounter();
	s->latency_pending = true;
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
	s->play_n = s->play_pos = 0;
	s->playing = false;
	s->paused = false;
	s->latency_pending = false;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

void speech_pause(struct speech *s)
{
	pthread_mutex_lock(&s->mu);
	if (s->playing)
		s->paused = true;
	pthread_mutex_unlock(&s->mu);
}

void speech_resume(struct speech *s)
{
	pthread_mutex_lock(&s->mu);
	s->paused = false;
	pthread_mutex_unlock(&s->mu);
}

bool speech_paused(const struct speech *s)
{
	struct speech *m = (struct speech *)s; /* the lock is not part of the value */
	pthread_mutex_lock(&m->mu);
	bool p = s->paused;
	pthread_mutex_unlock(&m->mu);
	return p;
}

bool speech_busy(const struct speech *s)
{
	struct speech *m = (struct speech *)s;
	pthread_mutex_lock(&m->mu);
	bool b = s->playing;
	pthread_mutex_unlock(&m->mu);
	return b;
}

int speech_last_latency_ms(const struct speech *s)
{
	struct speech *m = (struct speech *)s;
	pthread_mutex_lock(&m->mu);
	int l = s->latency_ms;
	pthread_mutex_unlock(&m->mu);
	return l;
}

/* ---- WAV file --------------------------------------------------------------------- */

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

enum pk_err speech_synth_wav(const char *text, const char *voice, int rate_wpm, int volume_step,
                             const char *path)
{
	struct sink k = {0};
	char buf[SPEECH_TEXT_MAX];
	text_copy(buf, sizeof buf, text ? text : "");
	k.gain = pow(10.0, speech_volume_db(volume_step) / 20.0);
	if (!engine_synth(buf, voice, rate_wpm, &k)) {
		free(k.pcm);
		return engine_rate <= 0 ? PK_ERR_UNSUPPORTED : PK_ERR_IO;
	}
	enum pk_err rc = PK_OK;
	FILE *f = fopen(path, "wb");
	if (!f) {
		log_error("speech: cannot write %s: %s", path, strerror(errno));
		free(k.pcm);
		return PK_ERR_IO;
	}
	uint32_t data = (uint32_t)(k.n * 2);
	unsigned char h[44];
	memcpy(h, "RIFF", 4);
	put_le(h + 4, 36 + data, 4);
	memcpy(h + 8, "WAVEfmt ", 8);
	put_le(h + 16, 16, 4);                        /* fmt chunk size */
	put_le(h + 20, 1, 2);                         /* PCM */
	put_le(h + 22, 1, 2);                         /* mono */
	put_le(h + 24, (uint32_t)engine_rate, 4);     /* sample rate */
	put_le(h + 28, (uint32_t)engine_rate * 2, 4); /* byte rate */
	put_le(h + 32, 2, 2);                         /* block align */
	put_le(h + 34, 16, 2);                        /* bits per sample */
	memcpy(h + 36, "data", 4);
	put_le(h + 40, data, 4);
	bool ok = fwrite(h, 1, sizeof h, f) == sizeof h;
	for (size_t i = 0; ok && i < k.n; i++) {
		unsigned char b[2];
		put_le(b, (uint16_t)k.pcm[i], 2);
		ok = fwrite(b, 1, 2, f) == 2;
	}
	if (fclose(f) != 0)
		ok = false;
	if (!ok) {
		log_error("speech: cannot write %s", path);
		rc = PK_ERR_IO;
	}
	free(k.pcm);
	return rc;
}
