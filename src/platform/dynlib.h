/* Libraries loaded with dlopen on the path that uses them instead of at process start
 * (libcurl for the fetch workers, libespeak-ng for speech): a one-shot or a screenshot
 * then does not pay the dynamic loader for them and everything they pull in (TLS,
 * Kerberos, LDAP, audio). Each user has its own module with a table of function
 * pointers (curl_lib.c, espeak_lib.c); this is the shared resolving step. */
#ifndef PARKKIOSK_DYNLIB_H
#define PARKKIOSK_DYNLIB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* One function to resolve: its name and the address of the table's pointer to fill. */
struct dynlib_sym {
	const char *name;
	void *slot; /* borrowed: points at a function pointer */
};

/* What is loaded and for whom, for the one log line when it cannot be. */
struct dynlib_spec {
	const char *soname; /* "libcurl.so.4" */
	const char *name;   /* "libcurl" */
	const char *user;   /* the log's subject: "fetch" */
	const char *effect; /* what the kiosk does without it, and the package to install */
	const struct dynlib_sym *syms;
	size_t nsyms;
};

/* Opens spec->soname (RTLD_NOW | RTLD_LOCAL) and fills every slot. When the library or
 * one of its functions is missing: false, one error line logged, and "NAME is not
 * available (dlerror's reason)" in why; then no slot is to be used. The library is
 * never closed: the pointers stay valid for the life of the process. */
bool dynlib_load(const struct dynlib_spec *spec, char *why, size_t cap);

/* A library loaded on first use, once for the process (thread-safe). */
struct dynlib_once {
	const struct dynlib_spec *spec;
	pthread_mutex_t mu;
	atomic_int state; /* 0 not tried, 1 loaded, -1 missing */
	char why[256];    /* the reason when missing */
};
#define DYNLIB_ONCE(specp)                                                                         \
	{                                                                                          \
		(specp), PTHREAD_MUTEX_INITIALIZER, 0, ""                                          \
	}

/* Loads o->spec on the first call; every call answers whether it is loaded. */
bool dynlib_once(struct dynlib_once *o);

/* Why the library is missing ("" before the first dynlib_once or when it loaded). */
const char *dynlib_why(struct dynlib_once *o);

#endif
