/* present.c: a frame shown is kept and shown again as it is (an expose draws nothing);
 * nothing is kept before the first frame, after present_invalidate or once the output's
 * size changed; a NULL object keeps nothing. SDL's dummy video driver, a window and its
 * software renderer (the window surface keeps the pixels). A GPU renderer keeps nothing
 * (tests/e2e/expose.py's opengl case, Xvfb and Mesa, draws again). */
#include <SDL.h>
#include <stdlib.h>

#include "err.h"
#include "present.h"
#include "testlib.h"

static Uint32 pixel(SDL_Window *w, int x, int y)
{
	SDL_Surface *s = SDL_GetWindowSurface(w);
	if (!s)
		return 0;
	return ((const Uint32 *)s->pixels)[y * (s->pitch / 4) + x];
}

int main(void)
{
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	CHECK(SDL_Init(SDL_INIT_VIDEO) == 0);
	SDL_Window *w = SDL_CreateWindow("t", 0, 0, 320, 200, 0);
	SDL_Renderer *r = w ? SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE) : NULL;
	CHECK(r != NULL);
	if (!r)
		return TEST_END();
	struct present *p = NULL;
	CHECK(present_create(&p, r) == PK_OK);
	CHECK(!present_again(NULL));
	CHECK(!present_again(p)); /* nothing shown yet */
	present_begin(p);
	SDL_SetRenderDrawColor(r, 200, 30, 40, 255);
	SDL_RenderClear(r);
	present_show(p);
	Uint32 red = pixel(w, 10, 10);
	CHECK(red != 0);
	CHECK(present_again(p)); /* the kept frame, drawing nothing */
	CHECK(present_again(p));
	CHECK_INT(pixel(w, 10, 10), red);
	CHECK_INT(pixel(w, 319, 199), red);
	present_invalidate(p);
	CHECK(!present_again(p));
	present_begin(p);
	SDL_RenderClear(r);
	present_show(p);
	CHECK(present_again(p));
	present_begin(p); /* a frame begun and not shown: what is kept may be half drawn */
	CHECK(!present_again(p));
	present_show(p);
	SDL_SetWindowSize(w, 400, 240);
	SDL_PumpEvents(); /* the renderer sees the new size */
	int ow = 0, oh = 0;
	SDL_GetRendererOutputSize(r, &ow, &oh);
	CHECK_INT(ow, 400);
	CHECK(!present_again(p)); /* resized: the kept frame is not the screen's */
	present_invalidate(NULL);
	present_destroy(p);
	present_destroy(NULL);
	SDL_DestroyRenderer(r);
	SDL_DestroyWindow(w);
	SDL_Quit();
	return TEST_END();
}
