/* cJSON allocations from a per-thread arena. cJSON's allocation hooks are process-global;
 * this module installs them once, before main, as functions that allocate from the
 * calling thread's active arena when one is active and from malloc otherwise. So one
 * thread can parse a feed into an arena while another uses cJSON as usual.
 *
 *   struct jsonarena ja;
 *   jsonarena_begin(&ja, limit);   every cJSON value this thread allocates now is in ja
 *   cJSON *root = cJSON_Parse(...);
 *   ... read root ...
 *   jsonarena_end(&ja);            root and every value allocated since begin are gone
 *
 * cJSON_Delete / cJSON_free of a value from the active arena does nothing, of any other
 * value frees it. Nothing from the arena may outlive jsonarena_end. */
#ifndef PARKKIOSK_JSONARENA_H
#define PARKKIOSK_JSONARENA_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct jsonarena {
	struct arena arena;
	struct jsonarena *outer; /* borrowed: the arena active before begin, restored at end */
};

/* Makes ja this thread's active arena, handing out at most limit bytes (0: no limit). */
void jsonarena_begin(struct jsonarena *ja, size_t limit);
/* Frees everything allocated from ja and restores the arena active before begin. */
void jsonarena_end(struct jsonarena *ja);
/* Bytes handed out so far by this thread's active arena (0 if none). */
size_t jsonarena_bytes(void);
/* Whether malloc failed for this thread's active arena since begin: a parse that failed
 * then failed for want of memory, not for its JSON. */
bool jsonarena_out_of_memory(void);
/* Whether the arena hooks are installed in cJSON (false only if a caller replaced them). */
bool jsonarena_installed(void);

#endif
