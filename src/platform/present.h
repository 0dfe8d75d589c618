/* The frame on screen, kept so that it can be shown again without being drawn again.
 * An expose (the window uncovered) asks for the pixels that are on screen, not for a new
 * frame. A software renderer draws into the window's surface, which keeps its pixels:
 * showing them again is one more SDL_RenderPresent. A GPU renderer's back buffer is
 * undefined after a present, and keeping the frame in a target texture costs a copy of
 * the whole screen per frame, which on Mesa's llvmpipe (GL under Xvfb) cost more CPU
 * than drawing the frame: there nothing is kept, and an expose draws the frame again
 * (present_again says so). */
#ifndef PARKKIOSK_PRESENT_H
#define PARKKIOSK_PRESENT_H

#include <SDL.h>
#include <stdbool.h>

#include "err.h"

struct present;

/* r is borrowed and must outlive the object. */
enum pk_err present_create(struct present **out, SDL_Renderer *r);
void present_destroy(struct present *p);
/* Call before drawing a frame: what was kept is being drawn over. */
void present_begin(struct present *p);
/* Shows the frame drawn since present_begin and keeps it. */
void present_show(struct present *p);
/* Shows the kept frame again, drawing nothing; false when none is kept (nothing shown
 * yet, the output size changed, present_invalidate, a GPU renderer, or p NULL): then
 * the frame must be drawn again. */
bool present_again(struct present *p);
/* What was kept is gone (SDL_RENDER_TARGETS_RESET, a resized surface); p may be NULL. */
void present_invalidate(struct present *p);

#endif
