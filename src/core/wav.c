/* RIFF/WAVE writer (see wav.h). */
#include "wav.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

void wav_header(unsigned char h[WAV_HEADER_BYTES], uint32_t n_samples, uint32_t rate)
{
	uint32_t data = n_samples * 2;
	memcpy(h, "RIFF", 4);
	put_le(h + 4, 36 + data, 4);
	memcpy(h + 8, "WAVEfmt ", 8);
	put_le(h + 16, 16, 4);       /* fmt chunk size */
	put_le(h + 20, 1, 2);        /* PCM */
	put_le(h + 22, 1, 2);        /* mono */
	put_le(h + 24, rate, 4);     /* sample rate */
	put_le(h + 28, rate * 2, 4); /* byte rate */
	put_le(h + 32, 2, 2);        /* block align */
	put_le(h + 34, 16, 2);       /* bits per sample */
	memcpy(h + 36, "data", 4);
	put_le(h + 40, data, 4);
}

enum pk_err wav_write(const char *path, const int16_t *pcm, size_t n_samples, uint32_t rate)
{
	if (n_samples > (UINT32_MAX - 36) / 2)
		return PK_ERR_TOO_BIG;
	FILE *f = fopen(path, "wb");
	if (!f)
		return PK_ERR_IO;
	unsigned char h[WAV_HEADER_BYTES];
	wav_header(h, (uint32_t)n_samples, rate);
	bool ok = fwrite(h, 1, sizeof h, f) == sizeof h;
	for (size_t i = 0; ok && i < n_samples; i++) {
		unsigned char b[2];
		put_le(b, (uint16_t)pcm[i], 2);
		ok = fwrite(b, 1, 2, f) == 2;
	}
	if (fclose(f) != 0)
		ok = false;
	return ok ? PK_OK : PK_ERR_IO;
}
