/* Libraries loaded with dlopen on the path that uses them instead of at process start
 * (libcurl for the fetch workers, libespeak-ng for speech): a one-shot or a screenshot
 * then does not pay the dynamic loader for them and everything they pull in (TLS,
 * Kerberos, LDAP, audio). Each user has its own module with a table of function
 * pointers (curl_lib.c, espeak_lib.c); this is the shared resolving step. */
#ifndef PARKKIOSK_DYNLIB_H
#define PARKKIOSK_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

/* One function to resolve: its name and the address of the table's pointer to fill. */
struct dynlib_sym {
	const char *name;
	void *slot; /* borrowed: points at a function pointer */
};

/* Opens soname (RTLD_NOW | RTLD_LOCAL) and fills every slot. False with a one-line
 * reason in why (dlerror's) when the library or one of the functions is missing; then
 * no slot is to be used. The library is never closed: the pointers stay valid for the
 * life of the process. */
bool dynlib_load(const char *soname, const struct dynlib_sym *syms, size_t n, char *why,
                 size_t cap);

#endif
