/* The test harness (see testlib.h). */
#include "testlib.h"

#include <stdlib.h>

int test_passed, test_failed;

int test_end(const char *file)
{
	const char *base = strrchr(file, '/');
	printf("%s: %d passed, %d failed\n", base ? base + 1 : file, test_passed, test_failed);
	return test_failed ? 1 : 0;
}

char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static const char *under(const char *env, const char *fallback, const char *rel)
{
	static char buf[4096];
	const char *base = getenv(env);
	snprintf(buf, sizeof buf, "%s/%s", base && *base ? base : fallback, rel);
	return buf;
}

const char *test_fixture(const char *rel)
{
	return under("PARKKIOSK_FIXTURES", PARKKIOSK_SOURCEDIR "/tests/fixtures", rel);
}

const char *test_source(const char *rel)
{
	return under("PARKKIOSK_SOURCE", PARKKIOSK_SOURCEDIR, rel);
}
