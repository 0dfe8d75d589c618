/* The one error type of parkkiosk: functions that can fail return enum pk_err and, where
 * a person needs more (config and feed errors), fill a caller-provided message buffer. */
#ifndef PARKKIOSK_ERR_H
#define PARKKIOSK_ERR_H

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

#endif
