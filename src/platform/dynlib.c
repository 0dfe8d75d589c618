/* dlopen + dlsym into a table (see dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

static bool fail(const struct dynlib_spec *spec, const char *reason, char *why, size_t cap)
{
	snprintf(why, cap, "%s is not available (%s)", spec->name, reason);
	log_error("%s: %s: %s", spec->user, why, spec->effect);
	return false;
}

bool dynlib_load(const struct dynlib_spec *spec, char *why, size_t cap)
{
	char reason[200];
	void *h = dlopen(spec->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(reason, sizeof reason, "%s", e ? e : spec->soname);
		return fail(spec, reason, why, cap);
	}
	for (size_t i = 0; i < spec->nsyms; i++) {
		const struct dynlib_sym *s = &spec->syms[i];
		dlerror();
		void *p = dlsym(h, s->name);
		if (!p) {
			snprintf(reason, sizeof reason, "%s: no function %s", spec->soname,
			         s->name);
			dlclose(h);
			return fail(spec, reason, why, cap);
		}
		/* POSIX guarantees that a function's address survives the trip through
		 * void *; memcpy keeps ISO C's aliasing rules out of it. */
		_Static_assert(sizeof p == sizeof(void (*)(void)), "function pointers fit void *");
		memcpy(s->slot, &p, sizeof p);
	}
	return true;
}

bool dynlib_once(struct dynlib_once *o)
{
	int st = atomic_load_explicit(&o->state, memory_order_acquire);
	if (st == 0) {
		pthread_mutex_lock(&o->mu);
		st = atomic_load_explicit(&o->state, memory_order_relaxed);
		if (st == 0) {
			st = dynlib_load(o->spec, o->why, sizeof o->why) ? 1 : -1;
			atomic_store_explicit(&o->state, st, memory_order_release);
		}
		pthread_mutex_unlock(&o->mu);
	}
	return st == 1;
}

const char *dynlib_why(struct dynlib_once *o)
{
	return atomic_load_explicit(&o->state, memory_order_acquire) == -1 ? o->why : "";
}
