/* dynbuf.h: the cap holds exactly, growth keeps the bytes, printf past the cap leaves the
 * buffer as it was, dyn_reserve refuses overflow. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "testlib.h"

static void caps(void)
{
	struct dynbuf b;
	dynbuf_init(&b, 10, "test");
	CHECK_STR(dynbuf_ptr(&b), "");
	CHECK_INT(dynbuf_len(&b), 0);
	CHECK_INT(dynbuf_add(&b, "12345", 5), PK_OK);
	CHECK_INT(dynbuf_addstr(&b, "67890"), PK_OK);
	CHECK_STR(dynbuf_ptr(&b), "1234567890");
	CHECK_INT(dynbuf_add(&b, "x", 1), PK_ERR_TOO_BIG);
	CHECK_INT(dynbuf_printf(&b, "%d", 1), PK_ERR_TOO_BIG);
	CHECK_STR(dynbuf_ptr(&b), "1234567890");
	CHECK(b.alloc <= 11);
	CHECK_INT(dynbuf_add(&b, "", 0), PK_OK);
	dynbuf_truncate(&b, 3);
	CHECK_STR(dynbuf_ptr(&b), "123");
	dynbuf_reset(&b);
	CHECK_STR(dynbuf_ptr(&b), "");
	CHECK_INT(dynbuf_printf(&b, "%s-%d", "ab", 42), PK_OK);
	CHECK_STR(dynbuf_ptr(&b), "ab-42");
	CHECK_STR(b.name, "test");
	dynbuf_free(&b);
	CHECK(b.p == NULL && b.len == 0);
	/* After free the buffer is usable again, with its cap. */
	CHECK_INT(dynbuf_addstr(&b, "0123456789!"), PK_ERR_TOO_BIG);
	dynbuf_free(&b);
}

static void growth(void)
{
	struct dynbuf b;
	dynbuf_init(&b, 1 << 20, "big");
	char chunk[1000];
	for (int i = 0; i < 1000; i++)
		chunk[i] = (char)('a' + i % 26);
	for (int i = 0; i < 300; i++)
		CHECK(dynbuf_add(&b, chunk, sizeof chunk) == PK_OK || i < 0);
	CHECK_INT(dynbuf_len(&b), 300000);
	CHECK(memcmp(b.p + 299000, chunk, 1000) == 0);
	CHECK(b.p[b.len] == '\0');
	/* printf longer than its scratch buffer */
	dynbuf_reset(&b);
	CHECK_INT(dynbuf_printf(&b, "%.900s|%.900s", chunk, chunk), PK_OK);
	CHECK_INT(dynbuf_len(&b), 1801);
	CHECK(b.p[900] == '|');
	char *out;
	size_t len;
	CHECK_INT(dynbuf_take(&b, &out, &len), PK_OK);
	CHECK_INT(len, 1801);
	CHECK(b.p == NULL && b.len == 0);
	free(out);
	CHECK_INT(dynbuf_take(&b, &out, &len), PK_OK); /* empty: "" */
	CHECK(out && out[0] == '\0' && len == 0);
	free(out);
}

static void space(void)
{
	struct dynbuf b;
	dynbuf_init(&b, 6, "read");
	char *p;
	size_t room;
	CHECK_INT(dynbuf_space(&b, 4, &p, &room), PK_OK);
	CHECK_INT(room, 4);
	memcpy(p, "abcd", 4);
	dynbuf_commit(&b, 4);
	CHECK_INT(dynbuf_space(&b, 4, &p, &room), PK_OK);
	CHECK_INT(room, 2); /* the cap is nearer */
	memcpy(p, "ef", 2);
	dynbuf_commit(&b, 2);
	CHECK_STR(dynbuf_ptr(&b), "abcdef");
	CHECK_INT(dynbuf_space(&b, 4, &p, &room), PK_OK);
	CHECK_INT(room, 0);
	dynbuf_free(&b);
}

static void arrays(void)
{
	int *v = NULL;
	size_t cap = 0;
	CHECK(dyn_reserve((void **)&v, &cap, 5, sizeof *v, 4, 100));
	CHECK_INT(cap, 8);
	for (int i = 0; i < 5; i++)
		v[i] = i;
	CHECK(dyn_reserve((void **)&v, &cap, 70, sizeof *v, 4, 100));
	CHECK_INT(cap, 100); /* doubling stops at the cap */
	CHECK_INT(v[4], 4);
	CHECK(!dyn_reserve((void **)&v, &cap, 101, sizeof *v, 4, 100));
	CHECK_INT(cap, 100);
	CHECK(dyn_reserve((void **)&v, &cap, 100, sizeof *v, 4, 100));
	free(v);
	/* size_t overflow of want * size is refused, not wrapped. */
	v = NULL;
	cap = 0;
	CHECK(!dyn_reserve((void **)&v, &cap, SIZE_MAX / 2, sizeof *v, 4, SIZE_MAX));
	CHECK(v == NULL && cap == 0);
}

int main(void)
{
	caps();
	growth();
	space();
	arrays();
	return TEST_END();
}
