/* Where the event loop sleeps on a video driver that polls (dummy, KMS/DRM). There SDL
 * 2's SDL_WaitEventTimeout polls every millisecond and an SDL_PushEvent from a thread
 * wakes nobody, so the loop sleeps in poll(2) instead: on an eventfd that every thread
 * posting to SDL's queue signals (loopwait_push), and on KMS/DRM also on the input
 * devices' evdev nodes that report keys or touches (SDL reads its own descriptors of
 * them; ours are only drained), which become readable when a key arrives. Then a first
 * key wakes the loop at once however long it sleeps. Process-wide, as SDL's event queue
 * is: opened once by main before any thread posts, closed after they all ended. */
#ifndef PARKKIOSK_LOOPWAIT_H
#define PARKKIOSK_LOOPWAIT_H

#include <SDL.h>
#include <stdbool.h>

#include "err.h"

/* How the loop learns of input on the video driver in use. */
enum loopwait_input {
	LOOPWAIT_INPUT_NONE,  /* the driver has no input devices (dummy, offscreen) */
	LOOPWAIT_INPUT_EVDEV, /* evdev devices SDL polls (KMSDRM, evdev): watched here */
	LOOPWAIT_INPUT_OTHER, /* unknown to us: only a slice of the wait sees it */
};
/* The input kind for an SDL video driver name (NULL: OTHER). Pure. */
enum loopwait_input loopwait_input_of(const char *driver);

/* Opens the wake-up descriptor and, for EVDEV, watches /dev/input/event* (those with
 * keys or buttons; rescanned on each timed-out sleep, for hotplug). */
enum pk_err loopwait_open(enum loopwait_input input);
void loopwait_close(void);
/* SDL_PushEvent, then wakes a sleeping loop; from any thread. SDL_PushEvent's result. */
int loopwait_push(SDL_Event *ev);
/* Also wakes the loop when fd, a non-blocking descriptor, becomes readable (drained when
 * it does; dropped when it closes or fails); fd stays the caller's. */
bool loopwait_watch_fd(int fd);
/* Sleeps until woken, an input is readable, or timeout_ms pass; true unless timed out. */
bool loopwait_sleep(int timeout_ms);
/* Whether every input the loop must see wakes it: the driver has none, or its devices
 * are all watched (at least one found, none that could not be opened). Otherwise the
 * loop must keep waking on its own to look. */
bool loopwait_input_wakes(void);

#endif
