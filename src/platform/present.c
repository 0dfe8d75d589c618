/* The kept frame (see present.h). */
#include "present.h"

struct present {
	SDL_Renderer *r; /* borrowed */
	bool software;   /* draws into the window surface, which keeps its pixels */
	int w, h;        /* output size of the frame kept */
	bool valid;      /* a frame was shown and is kept */
};

enum pk_err present_create(struct present **out, SDL_Renderer *r)
{
	struct present *p = SDL_calloc(1, sizeof *p);
	if (!p)
		return PK_ERR_NOMEM;
	p->r = r;
	SDL_RendererInfo info;
	p->software = SDL_GetRendererInfo(r, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
	*out = p;
	return PK_OK;
}

void present_destroy(struct present *p)
{
	SDL_free(p);
}

void present_begin(struct present *p)
{
	p->valid = false;
}

void present_show(struct present *p)
{
	SDL_RenderPresent(p->r);
	SDL_GetRendererOutputSize(p->r, &p->w, &p->h);
	p->valid = p->software;
}

bool present_again(struct present *p)
{
	if (!p || !p->valid)
		return false;
	int w = 0, h = 0;
	SDL_GetRendererOutputSize(p->r, &w, &h);
	if (w != p->w || h != p->h) {
		p->valid = false;
		return false;
	}
	SDL_RenderPresent(p->r); /* the window surface again, as it is */
	return true;
}

void present_invalidate(struct present *p)
{
	if (p)
		p->valid = false;
}
