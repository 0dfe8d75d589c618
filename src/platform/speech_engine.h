/* The speech engine: espeak-ng, one per process, synthesising UTF-8 plain text (never
 * SSML or phonemes: markup in a feed's name is spoken, not obeyed) into a sink of 16-bit
 * samples with a software gain. Every synthesis holds one process-wide lock, because
 * espeak-ng itself is global; callers run it on their own thread (speech.c's worker). */
#ifndef PARKKIOSK_SPEECH_ENGINE_H
#define PARKKIOSK_SPEECH_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest utterance kept, seconds of audio; more is cut (a runaway text must not eat
 * memory on a kiosk that runs for months). */
#define SPEECH_MAX_UTTERANCE_S 180

/* Where one synthesis goes. The engine appends samples with the gain applied. */
struct speech_sink {
	int16_t *pcm; /* owned by the caller */
	size_t n, cap;
	double gain;
	bool (*abort)(void *ctx);                        /* polled per chunk; true stops */
	void (*flush)(void *ctx, struct speech_sink *k); /* new samples arrived (may be NULL) */
	void *ctx;
	bool overflow; /* set when the utterance hit SPEECH_MAX_UTTERANCE_S or memory ran out */
};

/* Starts espeak-ng once; its sample rate, or 0 when it cannot start (data missing). */
int speech_engine_rate(void);
/* Most samples one utterance may have (rate × SPEECH_MAX_UTTERANCE_S). */
size_t speech_engine_max_samples(void);
/* Synthesises text with voice ("de", "en-gb"; "en" when unknown) at rate_wpm (clamped
 * to SPEECH_RATE_MIN..MAX) into k. False if the engine is unavailable or refused. */
bool speech_engine_synth(const char *text, const char *voice, int rate_wpm, struct speech_sink *k);

/* Gain of a volume step in dB (0 for the loudest) and as a factor. */
double speech_volume_db(int volume_step);
double speech_volume_gain(int volume_step);

#endif
