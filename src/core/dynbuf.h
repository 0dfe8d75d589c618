/* One growable buffer with a hard cap, after libcurl's dynbuf: the cap is set at init,
 * each buffer carries a name for messages ("feed body", "health JSON"), growth never
 * passes the cap nor overflows size_t, and every call that can fail returns a value the
 * compiler makes the caller look at. Plus dyn_reserve, the same capped growth for arrays
 * of structs. Pure. */
#ifndef PARKKIOSK_DYNBUF_H
#define PARKKIOSK_DYNBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define DYNBUF_WUR __attribute__((warn_unused_result))

struct dynbuf {
	char *p;          /* owned; NUL-terminated whenever not NULL */
	size_t len;       /* bytes held, never above max */
	size_t alloc;     /* bytes allocated (len + 1 at least, when p is set) */
	size_t max;       /* the cap on len */
	const char *name; /* static text, for messages */
};

/* An empty buffer that may hold up to max bytes (allocates nothing yet). */
void dynbuf_init(struct dynbuf *b, size_t max, const char *name);
/* Frees the memory; the buffer is empty and usable again. */
void dynbuf_free(struct dynbuf *b);
/* Empties it, keeping the memory. */
void dynbuf_reset(struct dynbuf *b);
/* Cuts it to len bytes (len <= b->len). */
void dynbuf_truncate(struct dynbuf *b, size_t len);

/* Appends n bytes. PK_ERR_TOO_BIG when the result would pass the cap (the buffer is
 * then unchanged), PK_ERR_NOMEM when memory runs out. */
DYNBUF_WUR enum pk_err dynbuf_add(struct dynbuf *b, const void *p, size_t n);
DYNBUF_WUR enum pk_err dynbuf_addstr(struct dynbuf *b, const char *s);
DYNBUF_WUR enum pk_err dynbuf_printf(struct dynbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
DYNBUF_WUR enum pk_err dynbuf_vprintf(struct dynbuf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Room for `want` more bytes (fewer if the cap is nearer: *room says how many, 0 at the
 * cap) at *space, for read(2); then dynbuf_commit the bytes written there. */
DYNBUF_WUR enum pk_err dynbuf_space(struct dynbuf *b, size_t want, char **space, size_t *room);
void dynbuf_commit(struct dynbuf *b, size_t n);

/* The bytes ("" when empty: never NULL). */
const char *dynbuf_ptr(const struct dynbuf *b);
size_t dynbuf_len(const struct dynbuf *b);
/* Hands the memory to the caller (malloc'd, NUL-terminated, never NULL on PK_OK) and
 * leaves the buffer empty. */
DYNBUF_WUR enum pk_err dynbuf_take(struct dynbuf *b, char **out, size_t *len);

/* Arrays: makes the array at *arrp (of *cap elements of `size` bytes) hold at least
 * `want` elements, doubling from `first`, never past max_elems elements. arrp is the
 * address of the array's pointer (a T **, taken as void * so that any element type goes
 * without a cast: object pointers share one representation on POSIX). False (nothing
 * changed) when want > max_elems, on size_t overflow, or out of memory.
 *   if (!dyn_reserve(&l->v, &l->cap, l->n + 1, sizeof *l->v, 64, SIZE_MAX)) ... */
DYNBUF_WUR bool dyn_reserve(void *arrp, size_t *cap, size_t want, size_t size, size_t first,
                            size_t max_elems);

#endif
