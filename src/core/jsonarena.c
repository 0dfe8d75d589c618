/* cJSON hooks dispatching to a thread-local arena (see jsonarena.h). */
#include "jsonarena.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

static _Thread_local struct jsonarena *active;
static bool installed;

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
	installed = true;
}

void jsonarena_begin(struct jsonarena *ja, size_t limit)
{
	arena_init(&ja->arena, limit);
	ja->outer = active;
	active = ja;
}

void jsonarena_end(struct jsonarena *ja)
{
	if (active == ja)
		active = ja->outer;
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
