/* dlopen + dlsym into a table (see dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

bool dynlib_load(const char *soname, const struct dynlib_sym *syms, size_t n, char *why, size_t cap)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(why, cap, "%s", e ? e : soname);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		dlerror();
		void *p = dlsym(h, syms[i].name);
		if (!p) {
			snprintf(why, cap, "%s: no function %s", soname, syms[i].name);
			dlclose(h);
			return false;
		}
		/* POSIX guarantees that a function's address survives the trip through
		 * void *; memcpy keeps ISO C's aliasing rules out of it. */
		_Static_assert(sizeof p == sizeof(void (*)(void)), "function pointers fit void *");
		memcpy(syms[i].slot, &p, sizeof p);
	}
	return true;
}
