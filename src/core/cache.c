/* The on-disk cache of last good feed bodies (see cache.h). File layout:
 *   "parkkiosk-cache 1\n" + one line of JSON meta + "\n" + body bytes.
 * The meta carries the body length and an FNV-1a checksum, so a torn or bit-rotten file
 * is refused instead of shown. Temp files of a crashed write are never read. */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "num.h"

#define MAGIC "parkkiosk-cache 1\n"
#define META_MAX 65536 /* the meta line is small; anything longer is corrupt */
#define TMP_SWEEP_AGE_S 600
#define CACHE_TIME_MAX 253402300799.0 /* 9999-12-31T23:59:59Z */

static uint64_t fnv1a64(const void *data, size_t len, uint64_t h)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define FNV_OFFSET 0xcbf29ce484222325ULL

void cache_file_name(const char *url, char *out, size_t cap)
{
	snprintf(out, cap, "%016" PRIx64 ".cache", fnv1a64(url, strlen(url), FNV_OFFSET));
}

static bool is_writable_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode) && access(path, W_OK | X_OK) == 0;
}

/* mkdir -p, mode 0755 for what it creates. */
static bool make_dirs(const char *path)
{
	char buf[512];
	size_t len = strlen(path);
	if (len >= sizeof buf)
		return false;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return false;
		*p = '/';
	}
	if (mkdir(buf, 0755) != 0 && errno != EEXIST)
		return false;
	/* Readable is enough: a read-only image still has its last good data to show. */
	struct stat st;
	return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) && access(buf, R_OK | X_OK) == 0;
}

bool cache_dir_writable(const char *dir)
{
	return is_writable_dir(dir);
}

bool cache_dir_resolve(const char *configured, char *out, size_t cap, char *err, size_t errcap)
{
	char cand[512] = "";
	const char *systemd = getenv("CACHE_DIRECTORY");
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	if (configured && *configured) {
		snprintf(cand, sizeof cand, "%s", configured);
	} else if (systemd && *systemd) {
		/* systemd may list several directories separated by ':'; ours is the first. */
		size_t n = strcspn(systemd, ":");
		snprintf(cand, sizeof cand, "%.*s", (int)n, systemd);
	} else if (is_writable_dir("/var/cache/parkkiosk")) {
		snprintf(cand, sizeof cand, "/var/cache/parkkiosk");
	} else if (xdg && xdg[0] == '/') {
		snprintf(cand, sizeof cand, "%s/parkkiosk", xdg);
	} else if (home && home[0] == '/') {
		snprintf(cand, sizeof cand, "%s/.cache/parkkiosk", home);
	} else {
		snprintf(err, errcap, "no cache directory: set cache_dir, or HOME");
		return false;
	}
	if (!make_dirs(cand)) {
		snprintf(err, errcap, "cache directory %s: %s", cand,
		         strerror(errno ? errno : EACCES));
		return false;
	}
	if (strlen(cand) >= cap) {
		snprintf(err, errcap, "cache directory path too long");
		return false;
	}
	snprintf(out, cap, "%s", cand);
	return true;
}

static bool write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		len -= (size_t)w;
	}
	return true;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* Removes temp files of this cache key that a crashed writer left behind. Young ones
 * may belong to a concurrent writer (a one-shot run beside the kiosk) and stay. */
static void sweep_temps(const char *dir, const char *prefix, int64_t now)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	size_t plen = strlen(prefix);
	struct dirent *de;
	for (de = readdir(d); de; de = readdir(d)) {
		if (strncmp(de->d_name, prefix, plen) != 0 ||
		    strncmp(de->d_name + plen, ".tmp.", 5) != 0)
			continue;
		char path[1024];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    now - (int64_t)st.st_mtime > TMP_SWEEP_AGE_S)
			unlink(path);
	}
	closedir(d);
}

static char *meta_to_json(const struct cache_meta *m, size_t len, uint64_t sum)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *parts = cJSON_CreateArray();
	char hex[17];
	char *s = NULL;
	if (!o || !parts) {
		cJSON_Delete(o);
		cJSON_Delete(parts);
		return NULL;
	}
	cJSON_AddItemToObject(o, "parts", parts);
	snprintf(hex, sizeof hex, "%016" PRIx64, sum);
	if (!cJSON_AddStringToObject(o, "url", m->url) ||
	    !cJSON_AddStringToObject(o, "etag", m->etag) ||
	    !cJSON_AddStringToObject(o, "last_modified", m->last_modified) ||
	    !cJSON_AddNumberToObject(o, "fetched_at", (double)m->fetched_at) ||
	    !cJSON_AddStringToObject(o, "format", m->format) ||
	    !cJSON_AddNumberToObject(o, "body_bytes", (double)len) ||
	    !cJSON_AddStringToObject(o, "fnv1a64", hex))
		goto out;
	for (size_t i = 0; i < m->n_parts; i++) {
		cJSON *n = cJSON_CreateNumber((double)m->part_len[i]);
		if (!n)
			goto out;
		cJSON_AddItemToArray(parts, n);
	}
	s = cJSON_PrintUnformatted(o);
out:
	cJSON_Delete(o);
	return s;
}

enum pk_err cache_store(const char *dir, const struct cache_meta *meta, const char *body,
                        size_t len, char *err, size_t errcap)
{
	size_t sum = 0;
	if (meta->n_parts < 1 || meta->n_parts > CACHE_MAX_PARTS) {
		snprintf(err, errcap, "cache: bad part count %zu", meta->n_parts);
		return PK_ERR_SHAPE;
	}
	for (size_t i = 0; i < meta->n_parts; i++)
		sum += meta->part_len[i];
	if (sum != len) {
		snprintf(err, errcap, "cache: parts (%zu bytes) do not add up to the body (%zu)",
		         sum, len);
		return PK_ERR_SHAPE;
	}

	char name[32], final[1024], tmp[1024];
	cache_file_name(meta->url, name, sizeof name);
	snprintf(final, sizeof final, "%s/%s", dir, name);
	snprintf(tmp, sizeof tmp, "%s/%.16s.tmp.XXXXXX", dir, name);

	enum pk_err rc = PK_ERR_IO;
	int fd = -1;
	char *json = meta_to_json(meta, len, fnv1a64(body, len, FNV_OFFSET));
	if (!json) {
		snprintf(err, errcap, "cache: out of memory");
		return PK_ERR_NOMEM;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errcap, "cache: cannot create a file in %s: %s", dir,
		         strerror(errno));
		tmp[0] = '\0';
		goto out;
	}
	(void)fchmod(fd, 0644);
	if (!write_all(fd, MAGIC, strlen(MAGIC)) || !write_all(fd, json, strlen(json)) ||
	    !write_all(fd, "\n", 1) || !write_all(fd, body, len) || fsync(fd) != 0) {
		snprintf(err, errcap, "cache: cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		snprintf(err, errcap, "cache: cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, final) != 0) {
		snprintf(err, errcap, "cache: cannot rename to %s: %s", final, strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	fsync_dir(dir);
	name[16] = '\0'; /* the hash: temp files are "<hash>.tmp.XXXXXX" */
	sweep_temps(dir, name, (int64_t)time(NULL));
	rc = PK_OK;
out:
	if (fd >= 0)
		close(fd);
	if (tmp[0])
		unlink(tmp);
	cJSON_free(json);
	return rc;
}

/* Copies a JSON string member into dst; false if present but not a string, too long, or
 * holding a control character (the validators go back out as request headers, so what
 * is read from disk is checked like network input: no CR/LF, no NUL, no DEL). */
static bool get_str(const cJSON *o, const char *key, char *dst, size_t cap, bool required)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
	dst[0] = '\0';
	if (!it)
		return !required;
	if (!cJSON_IsString(it))
		return false;
	size_t n = strlen(it->valuestring);
	if (n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)it->valuestring[i] < 0x20 || it->valuestring[i] == 0x7f)
			return false;
	memcpy(dst, it->valuestring, n + 1);
	return true;
}

/* A Unix time in whole seconds from 1970 to 9999-12-31 (what isotime_format can write). */
static bool get_time(const cJSON *it, int64_t *out)
{
	if (!cJSON_IsNumber(it) || !(it->valuedouble >= 0 && it->valuedouble <= CACHE_TIME_MAX) ||
	    it->valuedouble != (double)(int64_t)it->valuedouble)
		return false;
	*out = (int64_t)it->valuedouble;
	return true;
}

static bool get_size(const cJSON *it, size_t *out)
{
	if (!cJSON_IsNumber(it) || it->valuedouble < 0 || it->valuedouble > 1e15 ||
	    it->valuedouble != (double)(int64_t)it->valuedouble)
		return false;
	*out = (size_t)it->valuedouble;
	return true;
}

/* Parses the meta line; body_len is what follows it in the file. */
static enum pk_err parse_meta(const char *line, size_t n, const char *url, size_t body_len,
                              struct cache_meta *m, uint64_t *sum, char *err, size_t errcap)
{
	enum pk_err rc = PK_ERR_SHAPE;
	cJSON *o = cJSON_ParseWithLength(line, n);
	char hex[20];
	size_t total = 0, declared = 0;
	if (!o || !cJSON_IsObject(o)) {
		snprintf(err, errcap, "meta is not JSON");
		rc = PK_ERR_JSON;
		goto out;
	}
	memset(m, 0, sizeof *m);
	const cJSON *fa = cJSON_GetObjectItemCaseSensitive(o, "fetched_at");
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(o, "parts");
	if (!get_str(o, "url", m->url, sizeof m->url, true) ||
	    !get_str(o, "etag", m->etag, sizeof m->etag, false) ||
	    !get_str(o, "last_modified", m->last_modified, sizeof m->last_modified, false) ||
	    !get_str(o, "format", m->format, sizeof m->format, false) ||
	    !get_str(o, "fnv1a64", hex, sizeof hex, true) || !get_time(fa, &m->fetched_at) ||
	    !get_size(cJSON_GetObjectItemCaseSensitive(o, "body_bytes"), &declared) ||
	    !cJSON_IsArray(parts)) {
		snprintf(err, errcap, "meta fields missing or of the wrong type");
		goto out;
	}
	if (strcmp(m->url, url) != 0) {
		snprintf(err, errcap, "cache file belongs to another URL");
		goto out;
	}
	const cJSON *p;
	cJSON_ArrayForEach(p, parts)
	{
		if (m->n_parts >= CACHE_MAX_PARTS || !get_size(p, &m->part_len[m->n_parts])) {
			snprintf(err, errcap, "meta parts invalid");
			goto out;
		}
		total += m->part_len[m->n_parts++];
	}
	if (m->n_parts == 0 || total != declared || declared != body_len) {
		snprintf(err, errcap, "body truncated or padded (%zu bytes, meta says %zu)",
		         body_len, declared);
		goto out;
	}
	if (!num_parse_hex_u64(hex, 16, sum)) {
		snprintf(err, errcap, "meta checksum invalid");
		goto out;
	}
	rc = PK_OK;
out:
	cJSON_Delete(o);
	return rc;
}

enum pk_err cache_load(const char *dir, const char *url, size_t max_body, struct cache_meta *meta,
                       char **body, size_t *len, char *err, size_t errcap)
{
	char name[32], path[1024];
	cache_file_name(url, name, sizeof name);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	*body = NULL;
	*len = 0;
	err[0] = '\0';

	enum pk_err rc = PK_ERR_IO;
	char *buf = NULL;
	/* O_NONBLOCK: a FIFO here must not hang the kiosk (refused below). */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		if (errno != ENOENT)
			snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return PK_ERR_IO;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errcap, "%s: not a regular file (a FIFO or device?), refused", path);
		goto out;
	}
	if ((uint64_t)st.st_size > (uint64_t)max_body + META_MAX + strlen(MAGIC)) {
		snprintf(err, errcap, "%s: %lld bytes, over the cap", path, (long long)st.st_size);
		rc = PK_ERR_TOO_BIG;
		goto out;
	}
	size_t size = (size_t)st.st_size, got = 0;
	buf = malloc(size + 1);
	if (!buf) {
		rc = PK_ERR_NOMEM;
		goto out;
	}
	while (got < size) {
		ssize_t r = read(fd, buf + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	rc = PK_ERR_SHAPE;
	size_t ml = strlen(MAGIC);
	if (got < ml || memcmp(buf, MAGIC, ml) != 0) {
		snprintf(err, errcap, "%s: not a parkkiosk cache file", path);
		goto out;
	}
	const char *line = buf + ml;
	const char *nl = memchr(line, '\n', got - ml < META_MAX ? got - ml : META_MAX);
	if (!nl) {
		snprintf(err, errcap, "%s: meta line missing or too long", path);
		goto out;
	}
	size_t off = (size_t)(nl + 1 - buf), blen = got - off;
	uint64_t sum = 0;
	char why[160];
	rc = parse_meta(line, (size_t)(nl - line), url, blen, meta, &sum, why, sizeof why);
	if (rc != PK_OK) {
		snprintf(err, errcap, "%s: %s", path, why);
		goto out;
	}
	if (blen > max_body) {
		snprintf(err, errcap, "%s: body of %zu bytes over the cap", path, blen);
		rc = PK_ERR_TOO_BIG;
		goto out;
	}
	if (fnv1a64(buf + off, blen, FNV_OFFSET) != sum) {
		snprintf(err, errcap, "%s: checksum mismatch", path);
		rc = PK_ERR_SHAPE;
		goto out;
	}
	memmove(buf, buf + off, blen);
	buf[blen] = '\0';
	*body = buf;
	*len = blen;
	buf = NULL;
	rc = PK_OK;
out:
	free(buf);
	close(fd);
	return rc;
}
