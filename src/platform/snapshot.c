/* The screenshot's frame and its BMP (see snapshot.h). */
#include "snapshot.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)
#define WRITE_BUFFER ((size_t)256 << 10)

enum pk_err snapshot_create(struct snapshot *s, int w, int h)
{
	memset(s, 0, sizeof *s);
	if (w <= 0 || h <= 0 || (size_t)w > SIZE_MAX / 4 / (size_t)h) {
		SDL_SetError("snapshot: bad size %dx%d", w, h);
		return PK_ERR_UNSUPPORTED;
	}
	s->bytes = (size_t)w * (size_t)h * 4;
	/* Anonymous memory is zero; huge pages where the kernel gives them (madvise mode). */
	s->pixels =
	    mmap(NULL, s->bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->pixels == MAP_FAILED) {
		s->pixels = NULL;
		return PK_ERR_NOMEM;
	}
	if (s->bytes >= HUGE_PAGE)
		(void)madvise(s->pixels, s->bytes, MADV_HUGEPAGE); /* advice only */
	s->surface = SDL_CreateRGBSurfaceWithFormatFrom(s->pixels, w, h, 32, w * 4,
	                                                SDL_PIXELFORMAT_ARGB8888);
	if (!s->surface) {
		snapshot_destroy(s);
		return PK_ERR_UNSUPPORTED;
	}
	return PK_OK;
}

void snapshot_destroy(struct snapshot *s)
{
	if (s->surface)
		SDL_FreeSurface(s->surface);
	if (s->pixels)
		munmap(s->pixels, s->bytes);
	memset(s, 0, sizeof *s);
}

enum pk_err snapshot_save_bmp(const struct snapshot *s, const char *path)
{
	FILE *fp = fopen(path, "wb");
	if (!fp) {
		SDL_SetError("%s", strerror(errno));
		return PK_ERR_IO;
	}
	/* glibc ignores setvbuf's size without a buffer: give it one, freed after fclose. */
	char *buf = malloc(WRITE_BUFFER);
	if (buf)
		(void)setvbuf(fp, buf, _IOFBF, WRITE_BUFFER);
	SDL_RWops *rw = SDL_RWFromFP(fp, SDL_TRUE);
	if (!rw) {
		fclose(fp);
		free(buf);
		return PK_ERR_IO;
	}
	/* 1: rw, and so fp, is closed, and a failed flush at the close fails the save. */
	enum pk_err rc = SDL_SaveBMP_RW(s->surface, rw, 1) == 0 ? PK_OK : PK_ERR_IO;
	free(buf);
	return rc;
}
