/* QR code matrix for a text (libqrencode): 8-bit mode, error correction M, the smallest
 * version that holds it. No drawing and no quiet zone here; the details layout adds the
 * 4-module quiet zone and draws dark on light. Pure (no I/O). */
#ifndef PARKKIOSK_QR_H
#define PARKKIOSK_QR_H

#include <stdbool.h>

#include "err.h"

struct qr {
	int size;            /* modules per side, without the quiet zone; 0 = none */
	int version;         /* 1 … 40 */
	unsigned char *dark; /* owned; size * size, row-major, 1 = dark module */
};

#define QR_QUIET_ZONE 4 /* modules of light border on every side (ISO/IEC 18004) */

void qr_init(struct qr *q);
/* Encodes text; replaces what q held. PK_ERR_NOMEM, or PK_ERR_TOO_BIG when it does not fit
 * a version 40 code. */
enum pk_err qr_encode(struct qr *q, const char *text);
void qr_finish(struct qr *q);
/* Whether module (x, y) is dark; false outside the matrix (the quiet zone). */
bool qr_dark(const struct qr *q, int x, int y);

#endif
