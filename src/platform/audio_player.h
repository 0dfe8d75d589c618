/* The audio player: plays one utterance of 16-bit mono samples through SDL audio while
 * they are still being synthesised, with stop, pause and resume. Utterances are named
 * by a token (never 0): samples and the end of input for any other token than the
 * current one are dropped, so a stopped or replaced utterance is never heard. Without
 * a sound card the player is "silent": utterances end as soon as their input ends.
 * Thread use: player_set_running only from a thread that holds no lock the `finished`
 * callback takes (SDL's device lock is held while the callback runs). */
#ifndef PARKKIOSK_AUDIO_PLAYER_H
#define PARKKIOSK_AUDIO_PLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct audio_player; /* opaque */

/* Called on SDL's audio thread when utterance `token` has been played to its end. */
typedef void (*player_finished_fn)(void *user, uint32_t token);

/* A player for the default device at rate samples per second: the device is opened
 * once to see that it exists and closed again (player_set_running opens it). A silent
 * player when rate is 0 or no device opens (logged). Fails only when out of memory. */
enum pk_err player_open(struct audio_player **out, int rate, player_finished_fn finished,
                        void *user);
void player_close(struct audio_player *p);
bool player_has_output(const struct audio_player *p);

/* A new utterance replaces the current one (its samples are dropped). */
void player_begin(struct audio_player *p, uint32_t token);
/* Appends samples of utterance token; false when token is not current (dropped) or the
 * utterance would exceed max_samples or memory. */
bool player_append(struct audio_player *p, uint32_t token, const int16_t *pcm, size_t n,
                   size_t max_samples);
/* No more samples come for token. True when the utterance ended with this call (all
 * was played already, or nothing was appended); else `finished` reports it later. */
bool player_end_input(struct audio_player *p, uint32_t token);
/* Stops at once; no `finished` for the stopped utterance. */
void player_stop(struct audio_player *p);
void player_pause(struct audio_player *p);
void player_resume(struct audio_player *p);
bool player_paused(const struct audio_player *p);
/* True from player_begin until the utterance ended or was stopped (paused counts). */
bool player_busy(const struct audio_player *p);
/* Milliseconds from the last player_begin to its first samples handed to the device;
 * -1 until one was measured. */
int player_latency_ms(const struct audio_player *p);
/* Opens and runs the device, or closes it. Closed it costs nothing; open, even paused,
 * SDL 2's audio thread wakes every period. A device that does not open again (logged)
 * makes the utterance silent: player_end_input ends it at once. */
void player_set_running(struct audio_player *p, bool run);

#endif
