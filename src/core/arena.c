/* Bump allocator (see arena.h): chunks from malloc, each at least twice the previous, so
 * a tree of any size costs O(log size) mallocs. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>

#define ARENA_ALIGN 8
#define ARENA_FIRST_CHUNK (64u * 1024)
#define ARENA_MAX_CHUNK (8u * 1024 * 1024)

struct arena_chunk {
	struct arena_chunk *prev; /* owned */
	size_t cap, used;
	_Alignas(ARENA_ALIGN) unsigned char mem[];
};

void arena_init(struct arena *a, size_t limit)
{
	a->head = NULL;
	a->bytes = a->reserved = 0;
	a->limit = limit;
	a->out_of_memory = false;
}

void arena_finish(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *prev = c->prev;
		free(c);
		c = prev;
	}
	arena_init(a, a->limit);
}

void arena_reset(struct arena *a, size_t keep)
{
	struct arena_chunk *best = NULL;
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *prev = c->prev;
		if (c->cap <= keep && (!best || c->cap > best->cap)) {
			free(best);
			best = c;
		} else {
			free(c);
		}
		c = prev;
	}
	a->head = best;
	a->bytes = 0;
	a->out_of_memory = false;
	a->reserved = best ? best->cap : 0;
	if (best) {
		best->prev = NULL;
		best->used = 0;
	}
}

static struct arena_chunk *grow(struct arena *a, size_t n)
{
	size_t cap = a->head ? a->head->cap * 2 : ARENA_FIRST_CHUNK;
	if (cap > ARENA_MAX_CHUNK)
		cap = ARENA_MAX_CHUNK;
	if (cap < n)
		cap = n;
	if (cap > SIZE_MAX - sizeof(struct arena_chunk))
		return NULL;
	struct arena_chunk *c = malloc(sizeof *c + cap);
	if (!c) {
		a->out_of_memory = true;
		return NULL;
	}
	c->cap = cap;
	c->used = 0;
	c->prev = a->head;
	a->head = c;
	a->reserved += cap;
	return c;
}

void *arena_alloc(struct arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (a->limit && (a->bytes > a->limit || n > a->limit - a->bytes))
		return NULL;
	struct arena_chunk *c = a->head;
	if (!c || c->cap - c->used < n) {
		c = grow(a, n);
		if (!c)
			return NULL;
	}
	void *p = c->mem + c->used;
	c->used += n;
	a->bytes += n;
	return p;
}

bool arena_owns(const struct arena *a, const void *p)
{
	uintptr_t x = (uintptr_t)p;
	for (const struct arena_chunk *c = a->head; c; c = c->prev) {
		uintptr_t lo = (uintptr_t)c->mem;
		if (x >= lo && x < lo + c->used)
			return true;
	}
	return false;
}
