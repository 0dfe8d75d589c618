/* QR matrix (see qr.h). libqrencode is a pure in-memory encoder, so it may live in the
 * core next to cJSON and fribidi. */
#include "qr.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

void qr_init(struct qr *q)
{
	memset(q, 0, sizeof *q);
}

void qr_finish(struct qr *q)
{
	free(q->dark);
	qr_init(q);
}

enum pk_err qr_encode(struct qr *q, const char *text)
{
	qr_finish(q);
	errno = 0;
	QRcode *code =
	    QRcode_encodeData((int)strlen(text), (const unsigned char *)text, 0, QR_ECLEVEL_M);
	if (!code)
		return errno == ERANGE ? PK_ERR_TOO_BIG : PK_ERR_NOMEM;
	size_t n = (size_t)code->width * (size_t)code->width;
	q->dark = malloc(n);
	if (!q->dark) {
		QRcode_free(code);
		return PK_ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++)
		q->dark[i] = code->data[i] & 1; /* bit 0: dark; the others are encoder notes */
	q->size = code->width;
	q->version = code->version;
	QRcode_free(code);
	return PK_OK;
}

bool qr_dark(const struct qr *q, int x, int y)
{
	if (!q->dark || x < 0 || y < 0 || x >= q->size || y >= q->size)
		return false;
	return q->dark[(size_t)y * (size_t)q->size + (size_t)x] != 0;
}
