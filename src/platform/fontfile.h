/* A font file read through a small window with pread(2), for FreeType's stream and
 * SDL_ttf's RWops. stdio, which both would otherwise use, turns every one of FreeType's
 * many small reads at scattered offsets into an lseek and often a read: 7,500 system
 * calls for the demo's first frame. Here a read inside the window is a memcpy and a
 * miss is one pread; nothing of the file beyond the window is kept in memory. */
#ifndef PARKKIOSK_FONTFILE_H
#define PARKKIOSK_FONTFILE_H

#include <SDL.h>
#include <stddef.h>

#include "err.h"

struct fontfile;

/* Opens path. PK_ERR_IO when it cannot be read or is empty, PK_ERR_NOMEM. */
enum pk_err fontfile_open(struct fontfile **out, const char *path);
void fontfile_close(struct fontfile *ff);
size_t fontfile_size(const struct fontfile *ff);
/* Reads up to n bytes at off into dst; the bytes read (fewer only at the end of the file
 * or on an error). */
size_t fontfile_read(struct fontfile *ff, size_t off, void *dst, size_t n);
/* An SDL_RWops reading ff from its start, which owns ff: SDL_RWclose closes both. NULL
 * (ff closed) when there is no memory. */
SDL_RWops *fontfile_rwops(struct fontfile *ff);

#endif
