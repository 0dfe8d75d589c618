/* A mutex and a condition variable on CLOCK_MONOTONIC, as the worker threads use them:
 * wait until a time on the monotonic clock or until signalled, whatever the wall clock
 * does (NTP steps, a kiosk booting with no RTC). One place for the init dance that every
 * worker (fetch, speech, scripted keys) needs. */
#ifndef PARKKIOSK_MONOCV_H
#define PARKKIOSK_MONOCV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* Initialises mu and a cv that waits on CLOCK_MONOTONIC. False when any part fails;
 * then nothing is left initialised. */
bool monocv_init(pthread_mutex_t *mu, pthread_cond_t *cv);

/* Destroys what monocv_init made. */
void monocv_destroy(pthread_mutex_t *mu, pthread_cond_t *cv);

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t monocv_now_ms(void);

/* With mu held: waits on cv until signalled or until at_ms of CLOCK_MONOTONIC (spurious
 * wake-ups possible: the caller re-checks its condition). */
void monocv_wait_until(pthread_mutex_t *mu, pthread_cond_t *cv, int64_t at_ms);

#endif
