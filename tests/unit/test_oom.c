/* Out of memory is named as such (issue 14): the catalogue loader under every address-space
 * limit from none to 4 MiB of headroom either loads or says "out of memory" — never "key
 * defined twice" or "malformed JSON", which is what a failed allocation used to read as.
 * Each attempt runs in a child process under setrlimit(RLIMIT_AS); skipped under ASan,
 * whose shadow memory needs far more address space. */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "i18n.h"
#include "testlib.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#ifndef UNDER_ASAN
static size_t vm_size(void)
{
	char statm[64] = "";
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return 0;
	if (!fgets(statm, sizeof statm, f))
		statm[0] = '\0';
	fclose(f);
	size_t pages = 0;
	for (const char *p = statm; *p >= '0' && *p <= '9'; p++)
		pages = pages * 10 + (size_t)(*p - '0');
	return pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* Loads the catalogues with `headroom` bytes of address space left (0: no limit); the
 * child writes "rc err" to fd. */
static void attempt(size_t headroom, char *out, size_t cap)
{
	int fd[2];
	out[0] = '\0';
	if (pipe(fd) != 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		if (headroom) {
			struct rlimit rl;
			rl.rlim_cur = rl.rlim_max = (rlim_t)(vm_size() + headroom);
			setrlimit(RLIMIT_AS, &rl);
		}
		struct i18n *i = NULL;
		char err[256] = "";
		enum pk_err rc = i18n_create(&i, test_source("locales"), err, sizeof err);
		if (rc == PK_OK) /* the catalogues are read on use: all of them here */
			rc = i18n_load_all(i, err, sizeof err);
		char line[320];
		int n = snprintf(line, sizeof line, "%d %s", (int)rc, err);
		if (n > 0 && write(fd[1], line, (size_t)n) < 0)
			_exit(2);
		_exit(0);
	}
	close(fd[1]);
	ssize_t n = read(fd[0], out, cap - 1);
	out[n > 0 ? n : 0] = '\0';
	close(fd[0]);
	waitpid(pid, NULL, 0);
}

#endif

int main(void)
{
#ifndef UNDER_ASAN
	char got[320];
	attempt(0, got, sizeof got);
	CHECK(strncmp(got, "0 ", 2) == 0); /* without a limit the catalogues load */
	int nomem = 0;
	for (size_t h = 64 * 1024; h <= 4u * 1024 * 1024; h += 64 * 1024) {
		attempt(h, got, sizeof got);
		bool ok = strncmp(got, "0 ", 2) == 0;
		bool named = strstr(got, "out of memory") != NULL;
		if (!ok && !named)
			fprintf(stderr, "headroom %zu KiB: %s\n", h / 1024, got);
		CHECK(ok || named);
		CHECK(!strstr(got, "twice") && !strstr(got, "malformed"));
		nomem += !ok && named;
	}
	CHECK(nomem > 0); /* the limits did bite: the test saw the failure it is about */
#endif
	return TEST_END();
}
