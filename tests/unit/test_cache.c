/* cache.h: atomic store, validated load, corrupt and left-over files, directory choice. */
#include "cache.h"
#include "testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static char dir[256];

static const char *path_of(const char *url)
{
	static char p[512];
	char name[32];
	cache_file_name(url, name, sizeof name);
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(2);
	}
	fclose(f);
}

static void meta_for(struct cache_meta *m, const char *url)
{
	memset(m, 0, sizeof *m);
	snprintf(m->url, sizeof m->url, "%s", url);
	snprintf(m->etag, sizeof m->etag, "\"abc-123\"");
	snprintf(m->last_modified, sizeof m->last_modified, "Mon, 10 Jun 2024 08:20:00 GMT");
	m->fetched_at = 1718007600;
	snprintf(m->format, sizeof m->format, "parkapi3");
}

static enum pk_err load(const char *url, size_t cap, struct cache_meta *m, char **body, size_t *len,
                        char *err)
{
	return cache_load(dir, url, cap, m, body, len, err, 200);
}

static void test_roundtrip(void)
{
	const char *url = "https://api.example.org/v3/parking-sites?purpose=CAR";
	struct cache_meta m, got;
	char err[200], *body;
	size_t len;
	meta_for(&m, url);
	m.n_parts = 2;
	m.part_len[0] = 5;
	m.part_len[1] = 6;
	CHECK_INT(cache_store(dir, &m, "{\"a\":}{\"b\":2}", 11, err, sizeof err), PK_OK);
	CHECK_INT(load(url, 1024, &got, &body, &len, err), PK_OK);
	CHECK_INT(len, 11);
	CHECK(body && memcmp(body, "{\"a\":}{\"b\":2}", 11) == 0 && body[11] == '\0');
	CHECK_STR(got.url, url);
	CHECK_STR(got.etag, "\"abc-123\"");
	CHECK_STR(got.last_modified, "Mon, 10 Jun 2024 08:20:00 GMT");
	CHECK_STR(got.format, "parkapi3");
	CHECK_INT(got.fetched_at, 1718007600);
	CHECK_INT(got.n_parts, 2);
	CHECK_INT(got.part_len[1], 6);
	free(body);

	/* A second store replaces the first, and leaves no temp file behind. */
	m.n_parts = 1;
	m.part_len[0] = 3;
	m.etag[0] = '\0';
	m.fetched_at = 1718007700;
	CHECK_INT(cache_store(dir, &m, "new", 3, err, sizeof err), PK_OK);
	CHECK_INT(load(url, 1024, &got, &body, &len, err), PK_OK);
	CHECK(len == 3 && memcmp(body, "new", 3) == 0);
	CHECK_STR(got.etag, "");
	CHECK_INT(got.fetched_at, 1718007700);
	free(body);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "ls %s | grep -c tmp >/dev/null", dir);
	CHECK(system(cmd) != 0);

	/* Over the load cap: refused. */
	CHECK_INT(load(url, 2, &got, &body, &len, err), PK_ERR_TOO_BIG);
	CHECK(body == NULL);

	/* Parts that do not add up are refused and the old file stays. */
	m.part_len[0] = 99;
	CHECK_INT(cache_store(dir, &m, "xyz", 3, err, sizeof err), PK_ERR_SHAPE);
	CHECK_INT(load(url, 1024, &got, &body, &len, err), PK_OK);
	CHECK(len == 3 && memcmp(body, "new", 3) == 0);
	free(body);
}

static void test_missing_and_corrupt(void)
{
	const char *url = "http://127.0.0.1:1/missing.json";
	struct cache_meta m;
	char err[200], *body = (char *)"x";
	size_t len = 7;
	CHECK_INT(load(url, 1024, &m, &body, &len, err), PK_ERR_IO);
	CHECK_STR(err, ""); /* nothing to report for a first start */
	CHECK(body == NULL && len == 0);

	/* Good file, then damage it in different ways. */
	const char *u2 = "http://127.0.0.1:1/corrupt.json";
	meta_for(&m, u2);
	m.n_parts = 1;
	m.part_len[0] = 12;
	CHECK_INT(cache_store(dir, &m, "{\"items\":[]}", 12, err, sizeof err), PK_OK);
	size_t flen;
	char *raw = test_read_file(path_of(u2), &flen);

	/* one flipped body byte: checksum */
	raw[flen - 3] ^= 0x20;
	write_file(path_of(u2), raw, flen);
	CHECK_INT(load(u2, 1024, &m, &body, &len, err), PK_ERR_SHAPE);
	CHECK(strstr(err, "checksum") != NULL);
	raw[flen - 3] ^= 0x20;

	/* truncated body */
	write_file(path_of(u2), raw, flen - 4);
	CHECK_INT(load(u2, 1024, &m, &body, &len, err), PK_ERR_SHAPE);
	CHECK(strstr(err, "truncated") != NULL);

	/* padded body */
	char *padded = malloc(flen + 2);
	memcpy(padded, raw, flen);
	memcpy(padded + flen, "{}", 2);
	write_file(path_of(u2), padded, flen + 2);
	CHECK_INT(load(u2, 1024, &m, &body, &len, err), PK_ERR_SHAPE);
	free(padded);

	/* truncated in the meta line */
	write_file(path_of(u2), raw, 30);
	CHECK_INT(load(u2, 1024, &m, &body, &len, err), PK_ERR_SHAPE);

	/* not a cache file */
	write_file(path_of(u2), "{\"items\":[]}", 12);
	CHECK_INT(load(u2, 1024, &m, &body, &len, err), PK_ERR_SHAPE);
	CHECK(strstr(err, "not a parkkiosk cache file") != NULL);

	/* meta not JSON */
	const char bad[] = "parkkiosk-cache 1\n{\"url\": nope\n{}";
	write_file(path_of(u2), bad, sizeof bad - 1);
	CHECK_INT(load(u2, 1024, &m, &body, &len, err), PK_ERR_JSON);

	/* meta with wrong types */
	const char badt[] = "parkkiosk-cache 1\n{\"url\":\"http://127.0.0.1:1/corrupt.json\","
	                    "\"fetched_at\":\"x\",\"parts\":[2],\"body_bytes\":2,"
	                    "\"fnv1a64\":\"0000000000000000\"}\n{}";
	write_file(path_of(u2), badt, sizeof badt - 1);
	CHECK_INT(load(u2, 1024, &m, &body, &len, err), PK_ERR_SHAPE);

	/* Hostile meta with a correct checksum (issue 14): everything read back from disk is
	 * checked like network input. fetched_at out of range was UB (a double cast to
	 * int64_t); a validator with CR/LF would go out as extra request headers. */
	static const char *const hostile[] = {
	    "\"fetched_at\":1e300,\"etag\":\"\\\"x\\\"\"",
	    "\"fetched_at\":-9223372036854775808,\"etag\":\"\\\"x\\\"\"",
	    "\"fetched_at\":-1,\"etag\":\"\\\"x\\\"\"",
	    "\"fetched_at\":1718007600.5,\"etag\":\"\\\"x\\\"\"",
	    "\"fetched_at\":1718007600,\"etag\":\"\\\"x\\\"\\r\\nX-Evil: 1\"",
	    "\"fetched_at\":1718007600,\"last_modified\":\"Mon\\n\"",
	    "\"fetched_at\":1718007600,\"etag\":\"a\\u007fb\"",
	};
	/* FNV-1a 64 of "{}". */
	char sum[17];
	snprintf(sum, sizeof sum, "%016llx", 0x08f44b07b5901a25ULL);
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		char h[512];
		int hn = snprintf(h, sizeof h,
		                  "parkkiosk-cache 1\n{\"url\":\"http://127.0.0.1:1/corrupt.json\","
		                  "%s,\"parts\":[2],\"body_bytes\":2,\"fnv1a64\":\"%s\"}\n{}",
		                  hostile[i], sum);
		write_file(path_of(u2), h, (size_t)hn);
		body = NULL;
		CHECK_INT(load(u2, 1024, &m, &body, &len, err), PK_ERR_SHAPE);
		CHECK(strstr(err, "meta fields") != NULL);
		CHECK(body == NULL);
	}
	/* The same file with sane fields loads (so the cases above fail on the field). */
	{
		char h[512];
		int hn = snprintf(h, sizeof h,
		                  "parkkiosk-cache 1\n{\"url\":\"http://127.0.0.1:1/corrupt.json\","
		                  "\"fetched_at\":1718007600,\"etag\":\"\\\"x\\\"\","
		                  "\"parts\":[2],\"body_bytes\":2,\"fnv1a64\":\"%s\"}\n{}",
		                  sum);
		write_file(path_of(u2), h, (size_t)hn);
		CHECK_INT(load(u2, 1024, &m, &body, &len, err), PK_OK);
		CHECK_INT(m.fetched_at, 1718007600);
		CHECK_STR(m.etag, "\"x\"");
		free(body);
	}

	/* a file of another URL under this name (hash collision) */
	write_file(path_of("http://other/"), raw, flen);
	CHECK_INT(load("http://other/", 1024, &m, &body, &len, err), PK_ERR_SHAPE);
	CHECK(strstr(err, "another URL") != NULL);
	CHECK(body == NULL);
	free(raw);
}

static void test_leftover_temp(void)
{
	const char *url = "http://127.0.0.1:1/temp.json";
	struct cache_meta m;
	char err[200], *body;
	size_t len;
	meta_for(&m, url);
	m.n_parts = 1;
	m.part_len[0] = 4;
	CHECK_INT(cache_store(dir, &m, "good", 4, err, sizeof err), PK_OK);

	/* A writer died mid-way: a truncated temp file sits beside the good one. */
	char name[32], young[512], old[512];
	cache_file_name(url, name, sizeof name);
	snprintf(young, sizeof young, "%s/%.16s.tmp.AbC123", dir, name);
	snprintf(old, sizeof old, "%s/%.16s.tmp.ZzZ999", dir, name);
	write_file(young, "parkkiosk-cache 1\n{\"url\":\"http:", 32);
	write_file(old, "parkkiosk-cache 1\n", 18);
	struct timeval tv[2] = {{.tv_sec = time(NULL) - 7200}, {.tv_sec = time(NULL) - 7200}};
	CHECK(utimes(old, tv) == 0);

	CHECK_INT(load(url, 1024, &m, &body, &len, err), PK_OK);
	CHECK(len == 4 && memcmp(body, "good", 4) == 0);
	free(body);

	/* The next store sweeps the old leftover, not a possibly live young one. */
	m.part_len[0] = 5;
	CHECK_INT(cache_store(dir, &m, "good2", 5, err, sizeof err), PK_OK);
	CHECK(access(old, F_OK) != 0);
	CHECK(access(young, F_OK) == 0);
	CHECK_INT(load(url, 1024, &m, &body, &len, err), PK_OK);
	CHECK(len == 5 && memcmp(body, "good2", 5) == 0);
	free(body);
	unlink(young);

	/* A store into a directory that does not exist fails cleanly. */
	CHECK_INT(cache_store("/nonexistent/parkkiosk", &m, "good2", 5, err, sizeof err),
	          PK_ERR_IO);
	CHECK(strstr(err, "/nonexistent/parkkiosk") != NULL);
}

static void test_dir_resolve(void)
{
	char out[512], err[200], want[512];
	snprintf(want, sizeof want, "%s/conf/a/b", dir);
	CHECK(cache_dir_resolve(want, out, sizeof out, err, sizeof err));
	CHECK_STR(out, want);
	struct stat st;
	CHECK(stat(want, &st) == 0 && S_ISDIR(st.st_mode));

	/* systemd's CACHE_DIRECTORY, first of a ':' list */
	char sd[600];
	snprintf(sd, sizeof sd, "%s/sd1:%s/sd2", dir, dir);
	setenv("CACHE_DIRECTORY", sd, 1);
	CHECK(cache_dir_resolve("", out, sizeof out, err, sizeof err));
	snprintf(want, sizeof want, "%s/sd1", dir);
	CHECK_STR(out, want);
	unsetenv("CACHE_DIRECTORY");

	/* without /var/cache/parkkiosk: XDG, then HOME */
	if (access("/var/cache/parkkiosk", W_OK) != 0) {
		char xdg[512];
		snprintf(xdg, sizeof xdg, "%s/xdg", dir);
		setenv("XDG_CACHE_HOME", xdg, 1);
		CHECK(cache_dir_resolve("", out, sizeof out, err, sizeof err));
		snprintf(want, sizeof want, "%s/xdg/parkkiosk", dir);
		CHECK_STR(out, want);
		unsetenv("XDG_CACHE_HOME");
		char home[512];
		snprintf(home, sizeof home, "%s/home", dir);
		setenv("HOME", home, 1);
		CHECK(cache_dir_resolve("", out, sizeof out, err, sizeof err));
		snprintf(want, sizeof want, "%s/home/.cache/parkkiosk", dir);
		CHECK_STR(out, want);
	}
	/* a path that cannot be created */
	CHECK(!cache_dir_resolve("/proc/parkkiosk-cache", out, sizeof out, err, sizeof err));
	CHECK(strstr(err, "/proc/parkkiosk-cache") != NULL);
}

/* Issue 14: a FIFO where the cache file should be hung the kiosk before its first frame
 * (open without O_NONBLOCK). Now it is refused at once; alarm() turns a hang into a
 * failure of this test. */
static void test_fifo(void)
{
	const char *url = "http://127.0.0.1:1/fifo.json";
	CHECK(mkfifo(path_of(url), 0600) == 0);
	struct cache_meta m;
	char err[200], *body = NULL;
	size_t len;
	alarm(10);
	CHECK_INT(load(url, 1024, &m, &body, &len, err), PK_ERR_IO);
	alarm(0);
	CHECK(strstr(err, "not a regular file") != NULL);
	CHECK(body == NULL);
	unlink(path_of(url));
}

/* Issue 14: a read-only cache directory (a read-only kiosk image) made the kiosk ignore
 * its valid cache, so a restart with the network down showed nothing. It is resolved and
 * read now, and only reported as not writable. Root may write anywhere, so the check runs
 * in a child as nobody (65534) when the test runs as root. */
static void test_read_only_dir(void)
{
	char ro[600];
	snprintf(ro, sizeof ro, "%s/ro", dir);
	CHECK(mkdir(ro, 0755) == 0);
	const char *url = "http://127.0.0.1:1/ro.json";
	struct cache_meta m;
	char err[200];
	meta_for(&m, url);
	m.n_parts = 1;
	m.part_len[0] = 2;
	CHECK_INT(cache_store(ro, &m, "{}", 2, err, sizeof err), PK_OK);
	char name[32], file[700];
	cache_file_name(url, name, sizeof name);
	snprintf(file, sizeof file, "%s/%s", ro, name);
	CHECK(chmod(file, 0644) == 0 && chmod(ro, 0555) == 0 && chmod(dir, 0755) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(3);
		char out[512], why[200], *body = NULL;
		size_t len = 0;
		struct cache_meta got;
		if (!cache_dir_resolve(ro, out, sizeof out, why, sizeof why))
			_exit(4); /* the old behaviour: no cache at all */
		if (cache_dir_writable(out))
			_exit(5);
		if (cache_load(out, url, 1024, &got, &body, &len, why, sizeof why) != PK_OK ||
		    len != 2)
			_exit(6);
		free(body);
		_exit(0);
	}
	int status = -1;
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), 0);
	CHECK(cache_dir_writable(dir));
	chmod(ro, 0755);
	chmod(dir, 0700);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/pk-test-cache-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	char name[32];
	cache_file_name("http://x/", name, sizeof name);
	CHECK_INT(strlen(name), 22);
	CHECK(strspn(name, "0123456789abcdef") == 16 && strcmp(name + 16, ".cache") == 0);
	char name2[32];
	cache_file_name("http://y/", name2, sizeof name2);
	CHECK(strcmp(name, name2) != 0);

	test_roundtrip();
	test_missing_and_corrupt();
	test_leftover_temp();
	test_dir_resolve();
	test_fifo();
	test_read_only_dir();

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return TEST_END();
}
