/* Replay driver: runs a fuzz target's LLVMFuzzerTestOneInput once on every file named on
 * the command line (directories: every regular file in them), without libFuzzer. It lets
 * the plain and sanitizer builds (gcc, no -fsanitize=fuzzer) replay the fixtures, seeds and
 * kept crash inputs; a broken invariant aborts, which fails the test. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Larger than any fixture; a replay input is a file we keep, not something hostile. */
#define REPLAY_MAX_BYTES (64u * 1024 * 1024)

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	int rc = -1;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			if (ncap > REPLAY_MAX_BYTES) {
				fprintf(stderr, "replay: %s is larger than %u bytes\n", path,
				        REPLAY_MAX_BYTES);
				goto out;
			}
			uint8_t *nbuf = realloc(buf, ncap);
			if (!nbuf)
				goto out;
			buf = nbuf;
			cap = ncap;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		goto out;
	}
	/* libFuzzer hands over an exact-size copy, so overreads show under ASan here too */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact)
		goto out;
	memcpy(exact, buf, len);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	rc = 0;
out:
	free(buf);
	fclose(f);
	return rc;
}

/* Replays every regular file directly in dir, in name order (reproducible runs). */
static int replay_dir(const char *dir, int *count)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: cannot list %s: %s\n", dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		char path[4096];
		struct stat st;
		if (names[i]->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		rc = replay_file(path);
		if (rc == 0)
			(*count)++;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	int count = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (argv[i][0] == '-') /* libFuzzer flags such as -runs=0: nothing to do */
			continue;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		int rc = S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count) : replay_file(argv[i]);
		if (rc == 0 && !S_ISDIR(st.st_mode))
			count++;
		if (rc != 0)
			return 1;
	}
	printf("replay: %d inputs, no invariant broken\n", count);
	return 0;
}
