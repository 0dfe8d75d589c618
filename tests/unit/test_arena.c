/* arena.h and jsonarena.h: bump allocation, limits, reuse, and cJSON trees that come from
 * the calling thread's arena while another thread's come from malloc. */
#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "jsonarena.h"
#include "testlib.h"

static void test_arena(void)
{
	struct arena a;
	arena_init(&a, 0);
	CHECK(!arena_owns(&a, &a));
	char *p = arena_alloc(&a, 3);
	char *q = arena_alloc(&a, 1);
	CHECK(p && q && p != q);
	CHECK((uintptr_t)q % 8 == 0);
	CHECK(arena_owns(&a, p) && arena_owns(&a, q));
	CHECK(!arena_owns(&a, &a));
	memcpy(p, "ab", 3);
	/* Many chunks: everything stays readable and owned. */
	char *big[64];
	for (int i = 0; i < 64; i++) {
		big[i] = arena_alloc(&a, 100000);
		CHECK(big[i] != NULL);
		if (big[i])
			memset(big[i], i, 100000);
	}
	int ok = 1;
	for (int i = 0; i < 64; i++)
		ok &= big[i] && big[i][0] == (char)i && big[i][99999] == (char)i &&
		      arena_owns(&a, big[i] + 99999);
	CHECK(ok);
	CHECK_STR(p, "ab");
	CHECK(a.bytes >= 64 * 100000);
	/* A request bigger than any chunk. */
	CHECK(arena_alloc(&a, 20u * 1024 * 1024) != NULL);
	arena_reset(&a, 8u * 1024 * 1024);
	CHECK_INT(a.bytes, 0);
	CHECK(a.reserved <= 8u * 1024 * 1024);
	CHECK(!arena_owns(&a, p));
	CHECK(arena_alloc(&a, 10) != NULL);
	arena_finish(&a);
	CHECK_INT(a.reserved, 0);

	/* The limit holds exactly. */
	arena_init(&a, 64);
	CHECK(arena_alloc(&a, 52) != NULL); /* 56 with the alignment */
	CHECK(arena_alloc(&a, 9) == NULL);
	CHECK(arena_alloc(&a, 8) != NULL);
	CHECK(arena_alloc(&a, 1) == NULL);
	arena_finish(&a);
}

struct other {
	pthread_barrier_t *bar;
	int ok;
};

/* Parses and frees while the main thread's arena is active: must use malloc. */
static void *other_thread(void *arg)
{
	struct other *o = arg;
	pthread_barrier_wait(o->bar);
	CHECK_INT(jsonarena_bytes(), 0);
	cJSON *v = cJSON_Parse("{\"a\":[1,2,3],\"b\":\"x\"}");
	o->ok = v && jsonarena_bytes() == 0;
	cJSON_Delete(v);
	pthread_barrier_wait(o->bar);
	return NULL;
}

static void test_jsonarena(void)
{
	CHECK(jsonarena_installed());
	cJSON *before = cJSON_Parse("[1,2]"); /* malloc'd */
	CHECK(before != NULL);
	pthread_barrier_t bar;
	pthread_barrier_init(&bar, NULL, 2);
	struct other o = {&bar, 0};
	pthread_t t;
	CHECK(pthread_create(&t, NULL, other_thread, &o) == 0);

	struct jsonarena ja;
	jsonarena_begin(&ja, 0);
	cJSON *root = cJSON_Parse("{\"items\":[{\"id\":1,\"name\":\"Schlossberg\"}]}");
	CHECK(root != NULL);
	CHECK(jsonarena_bytes() > 0);
	CHECK(arena_owns(&ja.arena, root));
	CHECK(!arena_owns(&ja.arena, before));
	pthread_barrier_wait(&bar); /* the other thread parses now */
	pthread_barrier_wait(&bar);
	const cJSON *name =
	    cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "items"), 0), "name");
	CHECK_STR(cJSON_GetStringValue(name), "Schlossberg");
	/* A malloc'd value freed while the arena is active goes back to malloc. */
	cJSON_Delete(before);
	/* An arena value's delete is a no-op; the arena frees it at the end. */
	cJSON_Delete(root);

	/* Nested: an inner arena, then the outer one is active again. */
	struct jsonarena inner;
	jsonarena_begin(&inner, 0);
	cJSON *x = cJSON_CreateString("inner");
	CHECK(arena_owns(&inner.arena, x));
	jsonarena_end(&inner);
	cJSON *y = cJSON_CreateString("outer");
	CHECK(arena_owns(&ja.arena, y));
	jsonarena_end(&ja);
	CHECK_INT(jsonarena_bytes(), 0);
	pthread_join(t, NULL);
	CHECK(o.ok);
	pthread_barrier_destroy(&bar);

	/* A bounded arena: the parse fails instead of growing. */
	jsonarena_begin(&ja, 256);
	CHECK(cJSON_Parse("[1,2,3,4,5,6,7,8,9,10,11,12]") == NULL);
	jsonarena_end(&ja);
	/* The next arena of this thread starts with the last one's memory, empty. */
	jsonarena_begin(&ja, 0);
	cJSON *w = cJSON_Parse("{\"a\": [1, 2, 3, {\"b\": \"c\"}]}");
	CHECK(w != NULL);
	jsonarena_end(&ja);
	jsonarena_begin(&ja, 0);
	CHECK(ja.arena.reserved > 0);
	CHECK_INT(ja.arena.bytes, 0);
	CHECK(!arena_owns(&ja.arena, w));
	CHECK(cJSON_Parse("[1]") != NULL);
	jsonarena_end(&ja);
	/* No arena: plain malloc again. */
	cJSON *z = cJSON_Parse("[true]");
	CHECK(z != NULL);
	cJSON_Delete(z);
}

int main(void)
{
	test_arena();
	test_jsonarena();
	return TEST_END();
}
