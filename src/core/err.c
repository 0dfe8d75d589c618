/* Names of the error values (see err.h). */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

const char *pk_strerror(enum pk_err e)
{
	switch (e) {
	case PK_OK:
		return "ok";
	case PK_ERR_NOMEM:
		return "out of memory";
	case PK_ERR_IO:
		return "input/output error";
	case PK_ERR_JSON:
		return "malformed JSON";
	case PK_ERR_SHAPE:
		return "unexpected JSON structure";
	case PK_ERR_FORMAT:
		return "unknown feed format";
	case PK_ERR_TOO_BIG:
		return "too large";
	case PK_ERR_CONFIG:
		return "bad configuration";
	case PK_ERR_NET:
		return "network error";
	case PK_ERR_TIMEOUT:
		return "timed out";
	case PK_ERR_REFUSED:
		return "refused";
	case PK_ERR_UNSUPPORTED:
		return "not supported here";
	}
	return "unknown error";
}

enum pk_err pk_fail(char *err, size_t errcap, enum pk_err e, const char *fmt, ...)
{
	if (err && errcap) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errcap, fmt, ap);
		va_end(ap);
	}
	return e;
}
