/* The WAV writer: the header fields a player reads, little-endian samples, and a file
 * that cannot be created. */
#include "wav.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static unsigned le(const unsigned char *p, int bytes)
{
	unsigned v = 0;
	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void test_header(void)
{
	unsigned char h[WAV_HEADER_BYTES];
	wav_header(h, 1000, 22050);
	CHECK(memcmp(h, "RIFF", 4) == 0);
	CHECK_INT(le(h + 4, 4), 36 + 2000);
	CHECK(memcmp(h + 8, "WAVEfmt ", 8) == 0);
	CHECK_INT(le(h + 16, 4), 16);
	CHECK_INT(le(h + 20, 2), 1);
	CHECK_INT(le(h + 22, 2), 1);
	CHECK_INT(le(h + 24, 4), 22050);
	CHECK_INT(le(h + 28, 4), 44100);
	CHECK_INT(le(h + 32, 2), 2);
	CHECK_INT(le(h + 34, 2), 16);
	CHECK(memcmp(h + 36, "data", 4) == 0);
	CHECK_INT(le(h + 40, 4), 2000);
}

static void test_file(void)
{
	const char *path = "test_wav_out.wav";
	int16_t pcm[3] = {1, -2, 0x1234};
	CHECK_INT(wav_write(path, pcm, 3, 16000), PK_OK);
	size_t len = 0;
	char *b = test_read_file(path, &len);
	CHECK_INT(len, WAV_HEADER_BYTES + 6);
	const unsigned char *u = (const unsigned char *)b;
	CHECK_INT(le(u + 24, 4), 16000);
	CHECK_INT(le(u + 40, 4), 6);
	CHECK_INT(le(u + 44, 2), 1);
	CHECK_INT(le(u + 46, 2), 0xfffe);
	CHECK_INT(le(u + 48, 2), 0x1234);
	free(b);
	remove(path);
	CHECK_INT(wav_write("/nonexistent-dir/x.wav", pcm, 3, 16000), PK_ERR_IO);
}

int main(void)
{
	test_header();
	test_file();
	return TEST_END();
}
