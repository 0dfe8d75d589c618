/* The one error type of parkkiosk: functions that can fail return enum pk_err and, where
 * a person needs more (config and feed errors), fill a caller-provided message buffer. */
#ifndef PARKKIOSK_ERR_H
#define PARKKIOSK_ERR_H

#include <stddef.h>

enum pk_err {
	PK_OK = 0,
	PK_ERR_NOMEM,       /* out of memory */
	PK_ERR_IO,          /* file or socket I/O */
	PK_ERR_JSON,        /* not JSON (or not UTF-8 JSON) */
	PK_ERR_SHAPE,       /* JSON of the wrong shape or types for the format */
	PK_ERR_FORMAT,      /* format not recognised */
	PK_ERR_TOO_BIG,     /* over a size limit */
	PK_ERR_CONFIG,      /* bad configuration value */
	PK_ERR_NET,         /* network failure or HTTP error */
	PK_ERR_TIMEOUT,     /* a time limit was hit */
	PK_ERR_REFUSED,     /* refused by policy (scheme, TLS, redirect) */
	PK_ERR_UNSUPPORTED, /* no device (no audio, no display) */
};

const char *pk_strerror(enum pk_err e);

/* Writes the message (printf-style) into err when err and errcap are given, and returns
 * e: the one way a function fills its caller's message buffer. */
enum pk_err pk_fail(char *err, size_t errcap, enum pk_err e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
