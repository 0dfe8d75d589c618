/* The kept frame (see present.h). */
#include "present.h"

#include "log.h"

struct present {
	SDL_Renderer *r; /* borrowed */
	bool software;   /* draws into the window surface, which keeps its pixels */
	bool targets;    /* GPU renderer with target textures: frames go to kept */
	SDL_Texture *kept;
	int w, h;   /* output size of the frame kept */
	bool valid; /* a frame was shown and is kept */
};

enum pk_err present_create(struct present **out, SDL_Renderer *r)
{
	struct present *p = SDL_calloc(1, sizeof *p);
	if (!p)
		return PK_ERR_NOMEM;
	p->r = r;
	SDL_RendererInfo info;
	if (SDL_GetRendererInfo(r, &info) == 0) {
		p->software = (info.flags & SDL_RENDERER_SOFTWARE) != 0;
		p->targets = !p->software && (info.flags & SDL_RENDERER_TARGETTEXTURE) != 0;
	}
	*out = p;
	return PK_OK;
}

void present_destroy(struct present *p)
{
	if (!p)
		return;
	if (p->kept)
		SDL_DestroyTexture(p->kept);
	SDL_free(p);
}

/* Falls back to drawing straight to the back buffer (an expose then draws again). */
static void no_targets(struct present *p, const char *what)
{
	log_warn("display: %s: %s; an expose will draw the frame again", what, SDL_GetError());
	if (p->kept)
		SDL_DestroyTexture(p->kept);
	p->kept = NULL;
	p->targets = false;
}

void present_begin(struct present *p)
{
	int w = 0, h = 0;
	SDL_GetRendererOutputSize(p->r, &w, &h);
	p->valid = false;
	if (!p->targets)
		return;
	if (p->kept && (w != p->w || h != p->h)) {
		SDL_DestroyTexture(p->kept);
		p->kept = NULL;
	}
	if (!p->kept) {
		p->kept = SDL_CreateTexture(p->r, SDL_PIXELFORMAT_ARGB8888,
		                            SDL_TEXTUREACCESS_TARGET, w, h);
		if (!p->kept) {
			no_targets(p, "no texture to keep the frame in");
			return;
		}
		SDL_SetTextureBlendMode(p->kept, SDL_BLENDMODE_NONE);
		p->w = w;
		p->h = h;
	}
	if (SDL_SetRenderTarget(p->r, p->kept) != 0)
		no_targets(p, "cannot draw into the kept frame");
}

/* Copies the kept frame to the back buffer (GPU) and presents. */
static void show_kept(struct present *p)
{
	if (p->kept)
		SDL_RenderCopy(p->r, p->kept, NULL, NULL);
	SDL_RenderPresent(p->r);
}

void present_show(struct present *p)
{
	if (p->kept && SDL_GetRenderTarget(p->r) == p->kept)
		SDL_SetRenderTarget(p->r, NULL);
	show_kept(p);
	SDL_GetRendererOutputSize(p->r, &p->w, &p->h);
	p->valid = p->software || p->kept;
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
	show_kept(p);
	return true;
}

void present_invalidate(struct present *p)
{
	if (p)
		p->valid = false;
}
