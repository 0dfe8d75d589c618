/* Speech output: espeak-ng synthesis on a worker thread, played through SDL audio, with
 * interrupt, pause/resume, rate (words per minute) and volume in software gain steps.
 * Text is always read as plain text: no SSML, no phoneme input, so markup inside a feed's
 * name is spoken as characters and never obeyed. Without a sound card the object still
 * works in "silent" mode (utterances complete at once) so the visual kiosk goes on. */
#ifndef PARKKIOSK_SPEECH_H
#define PARKKIOSK_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "speech_limits.h"

struct speech; /* opaque */

/* Called when an utterance has been played to its end (not when it was stopped or
 * replaced). Runs on the speech or audio thread, so it must only hand the news on
 * (the app pushes an SDL user event). id is the value speech_say returned. */
typedef void (*speech_done_fn)(void *user, uint32_t id);

/* The audio device is open from an utterance's start until it has been silent this
 * long: reopened for every key in a session it would add to each answer; open, SDL 2's
 * audio thread wakes 43 times a second even while nothing plays. */
#define SPEECH_DEVICE_LINGER_MS 5000

/* Starts the synthesiser and finds the audio device (initialising SDL's audio subsystem
 * if nobody has; the device is opened for speech and closed after it). No sound card or no
 * espeak-ng data is not an error: speech runs silent and says so once in the log. Fails only when
 * out of memory or threads fail. */
enum pk_err speech_create(struct speech **out, speech_done_fn done, void *user);
void speech_destroy(struct speech *s);

/* True when speech reaches a loudspeaker or headset (false in silent mode). */
bool speech_has_output(const struct speech *s);

/* Stops whatever is being said at once and starts saying text (EN 301 549 5.1.3.5).
 * voice is an espeak-ng voice name ("de", "en-gb"); rate_wpm is clamped to
 * SPEECH_RATE_MIN..MAX and volume_step to 0..SPEECH_VOLUME_STEPS-1. Returns the
 * utterance id (never 0) passed to the done callback. */
uint32_t speech_say(struct speech *s, const char *text, const char *voice, int rate_wpm,
                    int volume_step);
/* Stops speaking at once; no done callback for the stopped utterance. */
void speech_stop(struct speech *s);
/* Pauses and resumes the current utterance where it was (EN 301 549 5.1.3.4). */
void speech_pause(struct speech *s);
void speech_resume(struct speech *s);
bool speech_paused(const struct speech *s);
/* True from speech_say until the utterance ended or was stopped (paused counts). */
bool speech_busy(const struct speech *s);

/* Milliseconds from the last speech_say to the first synthesised samples handed to
 * the audio device; -1 until one was measured. For the health output and the test. */
int speech_last_latency_ms(const struct speech *s);

/* Synthesises text into a 16-bit mono RIFF/WAVE file at the synthesiser's rate (the
 * "--announce FILE.wav" option and the tests). Needs no audio device and no speech
 * object. PK_ERR_UNSUPPORTED when espeak-ng cannot start, PK_ERR_IO on file errors. */
enum pk_err speech_synth_wav(const char *text, const char *voice, int rate_wpm, int volume_step,
                             const char *path);

#endif
