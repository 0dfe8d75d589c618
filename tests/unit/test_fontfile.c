/* fontfile: reads through its pread windows give the file's bytes, wherever they fall
 * (inside a window, across two, past the end, bigger than a window), and its RWops seeks
 * and reads as SDL's own; SDL_ttf opens a font through it. snapshot: a zeroed frame, and
 * the BMP it writes is SDL_SaveBMP's, byte for byte. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fontfile.h"
#include "snapshot.h"
#include "testlib.h"

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *b = malloc((size_t)len);
	*n = b && fread(b, 1, (size_t)len, f) == (size_t)len ? (size_t)len : 0;
	fclose(f);
	return b;
}

static void reads(const char *path)
{
	size_t n;
	unsigned char *want = slurp(path, &n);
	CHECK(want && n > 100000);
	struct fontfile *ff;
	CHECK_INT(fontfile_open(&ff, path), PK_OK);
	CHECK(fontfile_size(ff) == n);
	static unsigned char got[70000];
	/* Scattered reads of every size class, as FreeType makes them. */
	unsigned x = 7;
	int bad = 0;
	for (int i = 0; i < 20000; i++) {
		x = x * 1103515245u + 12345u;
		size_t off = (x >> 4) % (n + 100), len = (x >> 8) % (i % 50 == 0 ? 65536 : 600);
		size_t r = fontfile_read(ff, off, got, len);
		size_t expect = off >= n ? 0 : len < n - off ? len : n - off;
		if (r != expect || memcmp(got, want + (off < n ? off : 0), r) != 0)
			bad++;
	}
	CHECK_INT(bad, 0);
	/* The RWops: seek, read, size, and reads that end at the end of the file. */
	SDL_RWops *rw = fontfile_rwops(ff);
	CHECK(rw != NULL);
	CHECK(SDL_RWsize(rw) == (Sint64)n);
	CHECK(SDL_RWseek(rw, 10, RW_SEEK_SET) == 10);
	CHECK(SDL_RWread(rw, got, 1, 4) == 4 && memcmp(got, want + 10, 4) == 0);
	CHECK(SDL_RWseek(rw, 2, RW_SEEK_CUR) == 16);
	CHECK(SDL_RWread(rw, got, 4, 2) == 2 && memcmp(got, want + 16, 8) == 0);
	CHECK(SDL_RWseek(rw, -3, RW_SEEK_END) == (Sint64)n - 3);
	CHECK(SDL_RWread(rw, got, 1, 10) == 3 && memcmp(got, want + n - 3, 3) == 0);
	CHECK(SDL_RWseek(rw, -1, RW_SEEK_SET) < 0);
	CHECK(SDL_RWwrite(rw, got, 1, 1) == 0);
	SDL_RWclose(rw);
	/* SDL_ttf reads a whole font through it. */
	CHECK(TTF_Init() == 0);
	CHECK_INT(fontfile_open(&ff, path), PK_OK);
	TTF_Font *font = TTF_OpenFontRW(fontfile_rwops(ff), 1, 40);
	CHECK(font != NULL);
	int w = 0, h = 0;
	CHECK(font && TTF_SizeUTF8(font, "Schwabentor 12", &w, &h) == 0 && w > 200 && h > 30);
	if (font)
		TTF_CloseFont(font);
	TTF_Quit();
	struct fontfile *none;
	CHECK_INT(fontfile_open(&none, "/nonexistent/font.ttf"), PK_ERR_IO);
	free(want);
}

static void snapshots(void)
{
	struct snapshot s;
	CHECK_INT(snapshot_create(&s, 640, 480), PK_OK);
	const unsigned char *p = s.surface->pixels;
	size_t nonzero = 0;
	for (size_t i = 0; i < s.bytes; i++)
		nonzero += p[i] != 0;
	CHECK(nonzero == 0);
	SDL_Rect r = {10, 20, 300, 200};
	SDL_FillRect(s.surface, &r, SDL_MapRGBA(s.surface->format, 0x12, 0x34, 0x56, 0xff));
	char mine[] = "/tmp/pk-test-snapshot-XXXXXX";
	int fd = mkstemp(mine);
	CHECK(fd >= 0);
	close(fd);
	char sdls[sizeof mine + 8];
	snprintf(sdls, sizeof sdls, "%s.sdl", mine);
	CHECK_INT(snapshot_save_bmp(&s, mine), PK_OK);
	CHECK(SDL_SaveBMP(s.surface, sdls) == 0);
	size_t a, b;
	unsigned char *x = slurp(mine, &a), *y = slurp(sdls, &b);
	CHECK(x && y && a == b && a > 640 * 480 * 4 && memcmp(x, y, a) == 0);
	free(x);
	free(y);
	remove(mine);
	remove(sdls);
	CHECK_INT(snapshot_save_bmp(&s, "/nonexistent/dir/x.bmp"), PK_ERR_IO);
	snapshot_destroy(&s);
	CHECK(snapshot_create(&s, 0, 10) != PK_OK);
}

int main(void)
{
	const char *src = getenv("PARKKIOSK_SOURCE");
	char path[1024];
	snprintf(path, sizeof path, "%s/fonts/DejaVuSans.ttf", src ? src : PARKKIOSK_SOURCEDIR);
	reads(path);
	snapshots();
	return TEST_END();
}
