/* A font file read through a pread window (see fontfile.h). */
#include "fontfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A glyph's outline is a few hundred bytes, a table a few KB; FreeType reads a glyph from
 * three or four tables in turn (loca, glyf, hmtx, and GPOS/GSUB for HarfBuzz), so there
 * is a window for each, the least recently used one refilled. */
#define WINDOW 4096
#define WINDOWS 4

struct window {
	size_t base, len; /* file bytes [base, base + len) */
	unsigned last_use;
};

struct fontfile {
	int fd;
	size_t size;
	size_t pos; /* the RWops' position */
	unsigned clock;
	struct window win[WINDOWS];
	unsigned char *buf; /* owned, WINDOWS * WINDOW bytes */
};

enum pk_err fontfile_open(struct fontfile **out, const char *path)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= 0) {
		if (fd >= 0)
			close(fd);
		return PK_ERR_IO;
	}
	struct fontfile *ff = calloc(1, sizeof *ff);
	unsigned char *buf = malloc((size_t)WINDOWS * WINDOW);
	if (!ff || !buf) {
		free(ff);
		free(buf);
		close(fd);
		return PK_ERR_NOMEM;
	}
	ff->fd = fd;
	ff->size = (size_t)st.st_size;
	ff->buf = buf;
	*out = ff;
	return PK_OK;
}

void fontfile_close(struct fontfile *ff)
{
	if (!ff)
		return;
	close(ff->fd);
	free(ff->buf);
	free(ff);
}

size_t fontfile_size(const struct fontfile *ff)
{
	return ff->size;
}

/* pread until n bytes, the end of the file or an error. */
static size_t pread_all(int fd, unsigned char *dst, size_t n, size_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, dst + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

size_t fontfile_read(struct fontfile *ff, size_t off, void *dst, size_t n)
{
	if (off >= ff->size || n == 0)
		return 0;
	if (n > ff->size - off)
		n = ff->size - off;
	if (n > WINDOW / 2)
		return pread_all(ff->fd, dst, n, off); /* a big table: straight in */
	ff->clock++;
	size_t k = WINDOWS, lru = 0;
	for (size_t i = 0; i < WINDOWS && k == WINDOWS; i++) {
		const struct window *w = &ff->win[i];
		if (w->len && off >= w->base && off + n <= w->base + w->len)
			k = i;
		else if (w->last_use < ff->win[lru].last_use)
			lru = i;
	}
	if (k == WINDOWS) {
		k = lru;
		ff->win[k].base = off;
		ff->win[k].len = pread_all(ff->fd, ff->buf + k * WINDOW, WINDOW, off);
		if (n > ff->win[k].len)
			n = ff->win[k].len;
	}
	ff->win[k].last_use = ff->clock;
	memcpy(dst, ff->buf + k * WINDOW + (off - ff->win[k].base), n);
	return n;
}

static Sint64 rw_size(SDL_RWops *rw)
{
	struct fontfile *ff = rw->hidden.unknown.data1;
	return (Sint64)ff->size;
}

static Sint64 rw_seek(SDL_RWops *rw, Sint64 offset, int whence)
{
	struct fontfile *ff = rw->hidden.unknown.data1;
	Sint64 from = whence == RW_SEEK_SET   ? 0
	              : whence == RW_SEEK_CUR ? (Sint64)ff->pos
	                                      : (Sint64)ff->size;
	Sint64 to = from + offset;
	if (to < 0)
		return SDL_SetError("fontfile: seek before the start");
	ff->pos = (size_t)to;
	return to;
}

static size_t rw_read(SDL_RWops *rw, void *dst, size_t size, size_t count)
{
	struct fontfile *ff = rw->hidden.unknown.data1;
	if (size == 0 || count > SIZE_MAX / size)
		return 0;
	size_t got = fontfile_read(ff, ff->pos, dst, size * count);
	ff->pos += got;
	return got / size;
}

static size_t rw_write(SDL_RWops *rw, const void *src, size_t size, size_t count)
{
	(void)rw, (void)src, (void)size, (void)count;
	SDL_SetError("fontfile: read only");
	return 0;
}

static int rw_close(SDL_RWops *rw)
{
	fontfile_close(rw->hidden.unknown.data1);
	SDL_FreeRW(rw);
	return 0;
}

SDL_RWops *fontfile_rwops(struct fontfile *ff)
{
	SDL_RWops *rw = SDL_AllocRW();
	if (!rw) {
		fontfile_close(ff);
		return NULL;
	}
	rw->size = rw_size;
	rw->seek = rw_seek;
	rw->read = rw_read;
	rw->write = rw_write;
	rw->close = rw_close;
	rw->type = SDL_RWOPS_UNKNOWN;
	rw->hidden.unknown.data1 = ff;
	return rw;
}
