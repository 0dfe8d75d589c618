/* The capped growable buffer (dynbuf.h). */
#include "dynbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dynbuf_init(struct dynbuf *b, size_t max, const char *name)
{
	b->p = NULL;
	b->len = b->alloc = 0;
	b->max = max < SIZE_MAX - 1 ? max : SIZE_MAX - 2;
	b->name = name;
}

void dynbuf_free(struct dynbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->alloc = 0;
}

void dynbuf_reset(struct dynbuf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void dynbuf_truncate(struct dynbuf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->p[len] = '\0';
}

/* Makes room for len + extra + 1 bytes; extra <= max - len is the caller's check. */
static enum pk_err grow(struct dynbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return PK_OK;
	size_t a = b->alloc ? b->alloc : 256;
	while (a < need)
		a = a > SIZE_MAX / 2 ? SIZE_MAX : a * 2;
	if (a > b->max + 1)
		a = b->max + 1;
	char *p = realloc(b->p, a);
	if (!p)
		return PK_ERR_NOMEM;
	b->p = p;
	b->alloc = a;
	return PK_OK;
}

enum pk_err dynbuf_add(struct dynbuf *b, const void *p, size_t n)
{
	if (n > b->max - b->len)
		return PK_ERR_TOO_BIG;
	enum pk_err rc = grow(b, n);
	if (rc != PK_OK)
		return rc;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return PK_OK;
}

enum pk_err dynbuf_addstr(struct dynbuf *b, const char *s)
{
	return dynbuf_add(b, s, strlen(s));
}

enum pk_err dynbuf_vprintf(struct dynbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return PK_ERR_NOMEM;
	if ((size_t)n < sizeof small)
		return dynbuf_add(b, small, (size_t)n);
	if ((size_t)n > b->max - b->len)
		return PK_ERR_TOO_BIG;
	enum pk_err rc = grow(b, (size_t)n);
	if (rc != PK_OK)
		return rc;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return PK_OK;
}

enum pk_err dynbuf_printf(struct dynbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum pk_err rc = dynbuf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

enum pk_err dynbuf_space(struct dynbuf *b, size_t want, char **space, size_t *room)
{
	size_t n = want < b->max - b->len ? want : b->max - b->len;
	enum pk_err rc = grow(b, n);
	if (rc != PK_OK)
		return rc;
	*space = b->p + b->len;
	*room = n;
	return PK_OK;
}

void dynbuf_commit(struct dynbuf *b, size_t n)
{
	b->len += n;
	b->p[b->len] = '\0';
}

const char *dynbuf_ptr(const struct dynbuf *b)
{
	return b->p ? b->p : "";
}

size_t dynbuf_len(const struct dynbuf *b)
{
	return b->len;
}

enum pk_err dynbuf_take(struct dynbuf *b, char **out, size_t *len)
{
	if (!b->p) {
		enum pk_err rc = grow(b, 0);
		if (rc != PK_OK)
			return rc;
		b->p[0] = '\0';
	}
	*out = b->p;
	if (len)
		*len = b->len;
	b->p = NULL;
	b->len = b->alloc = 0;
	return PK_OK;
}

bool dyn_reserve(void *arrp, size_t *cap, size_t want, size_t size, size_t first, size_t max_elems)
{
	if (want <= *cap)
		return true;
	if (size == 0)
		return false;
	if (max_elems > SIZE_MAX / size)
		max_elems = SIZE_MAX / size;
	if (want > max_elems)
		return false;
	size_t c = *cap ? *cap : (first ? first : 1);
	while (c < want)
		c = c > max_elems / 2 ? max_elems : c * 2;
	if (c > max_elems)
		c = max_elems;
	void *v;
	memcpy(&v, arrp, sizeof v);
	void *p = realloc(v, c * size);
	if (!p)
		return false;
	memcpy(arrp, &p, sizeof p);
	*cap = c;
	return true;
}
