/* espeak-ng behind a sink (see speech_engine.h). */
#include "speech_engine.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "espeak_lib.h"
#include "log.h"
#include "speech_limits.h"
#include "text.h"

/* Synthesis chunk length asked of espeak-ng, ms: small chunks start playback sooner and
 * let an abort take effect quickly. */
#define SYNTH_CHUNK_MS 40

/* espeak-ng is one engine per process with global state and a global callback, so the
 * engine is initialised once and every synthesis holds this lock. This is the only
 * process-wide state here and it mirrors the library's own. */
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t engine_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct espeak_lib *es; /* borrowed, process-wide; NULL when not loaded */
static int engine_rate;             /* samples per second; 0 when espeak-ng could not start */
static char engine_voice[32];       /* voice now set (under engine_lock) */
static char engine_bad_voice[32];   /* last voice that failed, logged once (engine_lock) */

static void engine_start(void)
{
	es = espeak_lib_get(); /* loads libespeak-ng: the first speech pays for it */
	if (!es) {
		engine_rate = 0;
		return;
	}
	/* DONT_EXIT: without it espeak-ng calls exit() when its data is missing. */
	int rate = es->initialize(AUDIO_OUTPUT_SYNCHRONOUS, SYNTH_CHUNK_MS, NULL,
	                          espeakINITIALIZE_DONT_EXIT);
	if (rate <= 0) {
		log_error("speech: espeak-ng could not start (data missing?)");
		engine_rate = 0;
		return;
	}
	engine_rate = rate;
}

int speech_engine_rate(void)
{
	pthread_once(&engine_once, engine_start);
	return engine_rate;
}

size_t speech_engine_max_samples(void)
{
	return (size_t)speech_engine_rate() * SPEECH_MAX_UTTERANCE_S;
}

static int synth_chunk(short *wav, int numsamples, espeak_EVENT *events)
{
	struct speech_sink *k = events ? events->user_data : NULL;
	if (!k)
		return 1;
	if (k->overflow || (k->abort && k->abort(k->ctx)))
		return 1;
	if (!wav || numsamples <= 0)
		return 0;
	size_t limit = (size_t)engine_rate * SPEECH_MAX_UTTERANCE_S;
	if (k->n + (size_t)numsamples > limit) {
		k->overflow = true;
		return 1;
	}
	if (!dyn_reserve(&k->pcm, &k->cap, k->n + (size_t)numsamples, sizeof *k->pcm,
	                 (size_t)engine_rate * 4, limit)) {
		k->overflow = true;
		return 1;
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

double speech_volume_gain(int volume_step)
{
	return pow(10.0, speech_volume_db(volume_step) / 20.0);
}

/* A voice by file name ("de", "gmw/en-US") or, failing that, by language code: espeak-ng
 * 1.51 knows "en-gb" only as a language of the voice file "en". */
static bool set_voice(const char *name)
{
	if (es->set_voice_by_name(name) == EE_OK)
		return true;
	espeak_VOICE v = {0};
	v.languages = name;
	return es->set_voice_by_properties(&v) == EE_OK;
}

bool speech_engine_synth(const char *text, const char *voice, int rate_wpm, struct speech_sink *k)
{
	if (speech_engine_rate() <= 0)
		return false;
	pthread_mutex_lock(&engine_lock);
	es->set_synth_callback(synth_chunk);
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
			es->set_voice_by_name("en");
			engine_voice[0] = '\0';
		}
	}
	es->set_parameter(espeakRATE, clampi(rate_wpm, SPEECH_RATE_MIN, SPEECH_RATE_MAX), 0);
	/* Plain UTF-8 text. Never espeakSSML or espeakPHONEMES: feed text is spoken, not
	 * obeyed. */
	unsigned int flags = espeakCHARS_UTF8 | espeakENDPAUSE;
	espeak_ERROR e = es->synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, flags, NULL, k);
	pthread_mutex_unlock(&engine_lock);
	if (k->overflow)
		log_warn("speech: utterance cut at %d s of audio", SPEECH_MAX_UTTERANCE_S);
	return e == EE_OK;
}
