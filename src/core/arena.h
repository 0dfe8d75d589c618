/* A bump allocator: many small allocations, freed all at once. Used for the cJSON tree of
 * one feed parse (jsonarena.h), so that a 50,000-item body costs a few dozen mallocs
 * instead of millions. Not thread-safe: one arena belongs to one thread at a time. */
#ifndef PARKKIOSK_ARENA_H
#define PARKKIOSK_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* owned; the newest chunk, linked to the older ones */
	size_t bytes;             /* bytes handed out since the last reset */
	size_t reserved;          /* bytes of every chunk together */
	size_t limit;             /* arena_alloc fails beyond this many bytes; 0 = no limit */
	bool out_of_memory;       /* malloc failed since the last init or reset */
};

/* An empty arena that hands out at most limit bytes (0: no limit). Allocates nothing. */
void arena_init(struct arena *a, size_t limit);
/* Frees every chunk; the arena is empty and can be used again. */
void arena_finish(struct arena *a);
/* Forgets every allocation but keeps the largest chunk (up to keep bytes) for reuse. */
void arena_reset(struct arena *a, size_t keep);
/* n bytes aligned for any scalar (8 bytes), valid until the next reset or finish. NULL when
 * out of memory or over the limit; n == 0 gives a valid unique pointer. */
void *arena_alloc(struct arena *a, size_t n);
/* Whether p points into memory this arena handed out (and has not reset since). */
bool arena_owns(const struct arena *a, const void *p);

#endif
