/* The RIFF/WAVE writer: 16-bit mono PCM into a file (the "--announce FILE.wav" option and
 * the speech tests). The header encoder is pure; wav_write does the file I/O. */
#ifndef PARKKIOSK_WAV_H
#define PARKKIOSK_WAV_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define WAV_HEADER_BYTES 44

/* Fills the 44-byte header of n_samples 16-bit mono samples at rate samples per second. */
void wav_header(unsigned char h[WAV_HEADER_BYTES], uint32_t n_samples, uint32_t rate);
/* Writes header and samples (little-endian) to path. PK_ERR_TOO_BIG when the data does
 * not fit a RIFF file, PK_ERR_IO on file errors. */
enum pk_err wav_write(const char *path, const int16_t *pcm, size_t n_samples, uint32_t rate);

#endif
