/* The frame a --screenshot draws into, and writing it out. The pixels are fresh zero
 * pages, advised as huge pages (a 1920x1080 frame is 8 MB: four faults instead of two
 * thousand, and no memset of what the kernel already zeroed), and the BMP goes out through
 * one large stdio buffer (thirty-two writes instead of two thousand). */
#ifndef PARKKIOSK_SNAPSHOT_H
#define PARKKIOSK_SNAPSHOT_H

#include <SDL.h>

#include "err.h"

struct snapshot {
	SDL_Surface *surface; /* owned: ARGB8888, w x h */
	void *pixels;         /* owned: its memory */
	size_t bytes;
};

/* A black-transparent (all zero) w x h surface. PK_ERR_NOMEM, or PK_ERR_UNSUPPORTED with
 * SDL_GetError() set. */
enum pk_err snapshot_create(struct snapshot *s, int w, int h);
void snapshot_destroy(struct snapshot *s);
/* Writes the surface to path as SDL_SaveBMP does. PK_ERR_IO with SDL_GetError() set. */
enum pk_err snapshot_save_bmp(const struct snapshot *s, const char *path);

#endif
