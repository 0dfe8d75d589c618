/* cJSON hooks dispatching to a thread-local arena (see jsonarena.h). */
#include "jsonarena.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdlib.h>

/* An ended arena's largest chunk, up to this size, is kept for the thread's next arena:
 * a body read in slices then parses every slice into memory already mapped, instead of
 * mapping (and faulting in) fresh chunks for each. */
#define SPARE_MAX (4u * 1024 * 1024)

static _Thread_local struct jsonarena *active;
static _Thread_local struct arena spare; /* owned: no allocations, memory kept */
static pthread_key_t spare_key;          /* frees a thread's spare when it exits */
static bool installed;

static void spare_free(void *p)
{
	(void)p;
	arena_finish(&spare);
}

static void *hook_malloc(size_t n)
{
	if (active)
		return arena_alloc(&active->arena, n);
	return malloc(n);
}

static void hook_free(void *p)
{
	/* In an arena's lifetime cJSON frees only on its error paths: the loop over the
	 * arena's few chunks costs nothing there. */
	if (active && arena_owns(&active->arena, p))
		return;
	free(p);
}

/* Before main, so before any thread or any cJSON value exists: cJSON_InitHooks writes
 * cJSON's global hooks without a lock. */
__attribute__((constructor)) static void install(void)
{
	cJSON_Hooks h = {hook_malloc, hook_free};
	cJSON_InitHooks(&h);
	installed = pthread_key_create(&spare_key, spare_free) == 0;
}

void jsonarena_begin(struct jsonarena *ja, size_t limit)
{
	ja->arena = spare; /* empty, perhaps with a chunk to fill */
	ja->arena.limit = limit;
	arena_init(&spare, 0);
	ja->outer = active;
	active = ja;
}

void jsonarena_end(struct jsonarena *ja)
{
	if (active == ja)
		active = ja->outer;
	if (!spare.head && installed) {
		arena_reset(&ja->arena, SPARE_MAX);
		spare = ja->arena;
		spare.limit = 0;
		pthread_setspecific(spare_key, &spare); /* non-NULL: the destructor runs */
		arena_init(&ja->arena, 0);
		return;
	}
	arena_finish(&ja->arena);
}

size_t jsonarena_bytes(void)
{
	return active ? active->arena.bytes : 0;
}

bool jsonarena_out_of_memory(void)
{
	return active && active->arena.out_of_memory;
}

bool jsonarena_installed(void)
{
	return installed;
}
