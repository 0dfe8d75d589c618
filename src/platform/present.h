/* The frame on screen, kept so that it can be shown again without being drawn again.
 * An expose (the window mapped or uncovered) asks for the pixels that are on screen,
 * not for a new frame. A software renderer draws into the window's surface, which keeps
 * its pixels: showing them again is one more SDL_RenderPresent. A GPU renderer's back
 * buffer is undefined after a present, so there frames are drawn into a target texture
 * of the output's size, copied to the back buffer and presented; an expose copies it
 * again. Without target textures frames are drawn straight to the back buffer and an
 * expose has to draw the frame again (present_again says so). */
#ifndef PARKKIOSK_PRESENT_H
#define PARKKIOSK_PRESENT_H

#include <SDL.h>
#include <stdbool.h>

#include "err.h"

struct present;

/* r is borrowed and must outlive the object. */
enum pk_err present_create(struct present **out, SDL_Renderer *r);
void present_destroy(struct present *p);
/* Directs drawing to where the frame is kept (the target texture, made or remade at the
 * output's size); call before drawing a frame. */
void present_begin(struct present *p);
/* Shows the frame drawn since present_begin and keeps it. */
void present_show(struct present *p);
/* Shows the kept frame again, drawing nothing; false when none is kept (nothing shown
 * yet, the output size changed, present_invalidate, no target textures on a GPU
 * renderer, or p NULL): then the frame must be drawn again. */
bool present_again(struct present *p);
/* What was kept is gone (SDL_RENDER_TARGETS_RESET, a resized surface); p may be NULL. */
void present_invalidate(struct present *p);

#endif
