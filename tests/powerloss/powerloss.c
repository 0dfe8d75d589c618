/* Power loss during cache writes: a child process writes two valid cache bodies in turn
 * through cache_store, forever; the parent kills it with SIGKILL at a random microsecond
 * and then loads the cache as a restarted kiosk would. Every time, the file must load
 * and hold exactly one of the two bodies with its own meta (never torn, never missing).
 * Temp files a killed writer leaves behind must never be read, and the next write must
 * sweep the ones old enough to be orphans, so they cannot pile up.
 * SIGKILL tests the process side (write, fsync, rename, directory fsync): the kernel
 * still holds unwritten pages, so a real power cut also depends on the file system
 * honouring fsync, which cache.c asks for.
 * Usage: powerloss DIR [KILLS]   (DIR is emptied and used; default 200 kills) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "testlib.h"

#define URL "https://127.0.0.1:1/v3/parking-sites?powerloss=1"
#define BODY_BYTES (768 * 1024) /* big enough that a kill often lands mid-write */

struct version {
	char *body; /* owned */
	size_t len;
	struct cache_meta meta;
};

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* A valid cache entry: the fixture's text repeated to BODY_BYTES with a tag byte that
 * makes the two versions differ everywhere a tear could show. Two parts, as a paged feed
 * stores them. */
static void make_version(struct version *v, const char *seed, size_t seed_len, char tag,
                         int64_t fetched_at)
{
	v->body = malloc(BODY_BYTES);
	if (!v->body)
		exit(2);
	for (size_t i = 0; i < BODY_BYTES; i++)
		v->body[i] = (i % 4096 == 0) ? tag : seed[i % seed_len];
	v->len = BODY_BYTES;
	memset(&v->meta, 0, sizeof v->meta);
	snprintf(v->meta.url, sizeof v->meta.url, "%s", URL);
	snprintf(v->meta.etag, sizeof v->meta.etag, "\"version-%c\"", tag);
	snprintf(v->meta.last_modified, sizeof v->meta.last_modified,
	         "Mon, 10 Jun 2024 08:2%c:00 GMT", tag == 'A' ? '0' : '1');
	snprintf(v->meta.format, sizeof v->meta.format, "parkapi3");
	v->meta.fetched_at = fetched_at;
	v->meta.n_parts = 2;
	v->meta.part_len[0] = BODY_BYTES / 3;
	v->meta.part_len[1] = BODY_BYTES - BODY_BYTES / 3;
}

static bool same_version(const struct version *v, const struct cache_meta *m, const char *body,
                         size_t len)
{
	return len == v->len && memcmp(body, v->body, len) == 0 &&
	       strcmp(m->etag, v->meta.etag) == 0 &&
	       strcmp(m->last_modified, v->meta.last_modified) == 0 &&
	       m->fetched_at == v->meta.fetched_at && m->n_parts == 2 &&
	       m->part_len[0] == v->meta.part_len[0] && m->part_len[1] == v->meta.part_len[1];
}

/* Counts files in dir: the cache files and the temp files ("<hash>.tmp.XXXXXX"). */
static void count_files(const char *dir, int *caches, int *temps, int *other)
{
	*caches = *temps = *other = 0;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (strstr(de->d_name, ".tmp."))
			(*temps)++;
		else if (strstr(de->d_name, ".cache"))
			(*caches)++;
		else
			(*other)++;
	}
	closedir(d);
}

/* Back-dates every temp file by an hour: what a kiosk finds after a long power cut. */
static void age_temps(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	struct timespec old[2];
	clock_gettime(CLOCK_REALTIME, &old[0]);
	old[0].tv_sec -= 3600;
	old[1] = old[0];
	while ((de = readdir(d)))
		if (strstr(de->d_name, ".tmp."))
			utimensat(dirfd(d), de->d_name, old, 0);
	closedir(d);
}

static void empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
}

static void writer(const char *dir, const struct version v[2], int first)
{
	char err[256];
	for (int i = first;; i ^= 1)
		if (cache_store(dir, &v[i].meta, v[i].body, v[i].len, err, sizeof err) != PK_OK)
			_exit(3);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: powerloss DIR [KILLS]\n");
		return 2;
	}
	const char *dir = argv[1];
	int kills = argc > 2 ? atoi(argv[2]) : 200;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		perror(dir);
		return 2;
	}
	empty_dir(dir);
	rng = (uint64_t)mono_us() ^ ((uint64_t)getpid() << 32);
	if (!rng)
		rng = 1;
	printf("powerloss: seed %llu\n", (unsigned long long)rng);

	size_t seed_len;
	char *seed =
	    test_read_file(test_fixture("parkapi-v3/freiburg-parking-sites.json"), &seed_len);
	struct version v[2];
	make_version(&v[0], seed, seed_len, 'A', 1718007600);
	make_version(&v[1], seed, seed_len, 'B', 1718007660);
	free(seed);

	/* The first good file, and how long one store takes here (fsync included). */
	char err[256];
	int64_t t0 = mono_us();
	CHECK(cache_store(dir, &v[0].meta, v[0].body, v[0].len, err, sizeof err) == PK_OK);
	CHECK(cache_store(dir, &v[1].meta, v[1].body, v[1].len, err, sizeof err) == PK_OK);
	int64_t per_store = (mono_us() - t0) / 2;
	if (per_store < 200)
		per_store = 200;
	printf("powerloss: one store of %d bytes takes %lld us\n", BODY_BYTES,
	       (long long)per_store);

	int got[2] = {0, 0}, bad = 0, missing = 0, mid_write = 0, exited = 0;
	int max_temps = 0;
	for (int k = 0; k < kills; k++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (pid == 0)
			writer(dir, v, (int)(rnd() & 1));
		/* Anywhere in the first three stores: before, inside or between them. */
		useconds_t at = (useconds_t)(rnd() % (uint64_t)(3 * per_store));
		usleep(at);
		kill(pid, SIGKILL);
		int status = 0;
		waitpid(pid, &status, 0);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
			exited++; /* the writer failed by itself: a test set-up problem */

		struct cache_meta m;
		char *body = NULL;
		size_t len = 0;
		enum pk_err rc =
		    cache_load(dir, URL, 4 * BODY_BYTES, &m, &body, &len, err, sizeof err);
		if (rc != PK_OK) {
			if (err[0]) {
				bad++;
				fprintf(stderr, "kill %d after %u us: cache refused: %s\n", k, at,
				        err);
			} else {
				missing++;
				fprintf(stderr, "kill %d after %u us: cache file missing\n", k, at);
			}
		} else if (same_version(&v[0], &m, body, len)) {
			got[0]++;
		} else if (same_version(&v[1], &m, body, len)) {
			got[1]++;
		} else {
			bad++;
			fprintf(stderr,
			        "kill %d after %u us: a mixed or torn version (%zu bytes)\n", k, at,
			        len);
		}
		free(body);
		int caches, temps, other;
		count_files(dir, &caches, &temps, &other);
		if (caches != 1 || other != 0) {
			bad++;
			fprintf(stderr, "kill %d: %d cache files, %d other files\n", k, caches,
			        other);
		}
		if (temps > max_temps)
			max_temps = temps;
		mid_write += temps > 0;
	}
	int caches, temps, other;
	count_files(dir, &caches, &temps, &other);
	printf("powerloss: %d kills: version A %d, B %d, torn or refused %d, missing %d; "
	       "%d kills left a temp file, %d temp files at the end\n",
	       kills, got[0], got[1], bad, missing, mid_write, temps);
	CHECK_INT(bad, 0);
	CHECK_INT(missing, 0);
	CHECK_INT(exited, 0);
	CHECK_INT(got[0] + got[1], kills);
	/* Not vacuous: kills landed inside writes, and both versions were seen. */
	CHECK(mid_write > 0);
	CHECK(got[0] > 0 && got[1] > 0);

	/* Leftovers: ignored above; young ones are kept (a concurrent writer may own them),
	 * orphans older than the sweep age go with the next successful store. */
	age_temps(dir);
	CHECK(cache_store(dir, &v[0].meta, v[0].body, v[0].len, err, sizeof err) == PK_OK);
	count_files(dir, &caches, &temps, &other);
	printf("powerloss: after one more store with the leftovers an hour old: %d temp "
	       "files\n",
	       temps);
	CHECK_INT(temps, 0);
	CHECK_INT(caches, 1);

	empty_dir(dir);
	rmdir(dir);
	free(v[0].body);
	free(v[1].body);
	return TEST_END();
}
