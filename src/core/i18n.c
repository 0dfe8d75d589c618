/* Language catalogues (see i18n.h): locales/<code>/ui.json and locales/<code>/speech.json,
 * copied into sorted arrays so no cJSON tree lives on. Look-ups are bsearch. A catalogue
 * is read when it is first used (start-up reads only the configured language's), under
 * one lock, and published with a release store: readers check it with one acquire load. */
#include "i18n.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynbuf.h"
#include "log.h"
#include "text.h"

#define FORMS 6 /* zero one two few many other */
static const char *const form_names[FORMS] = {"zero", "one", "two", "few", "many", "other"};
#define OTHER 5

/* A catalogue file is a few KiB; more than this is not one (and is not read whole). */
#define CATALOGUE_MAX_BYTES (1 << 20)
/* Room for a message that names a file under the (1 KiB) directory. */
#define ERR_MAX 1400

struct i18n_entry {
	char *key;          /* owned */
	char *forms[FORMS]; /* owned; a plain string is stored as "other" */
	int file;           /* which file defined it: 0 ui.json, 1 speech.json */
};

enum lang_state { LANG_UNREAD, LANG_READ, LANG_FAILED };

struct i18n_lang {
	char code[16];
	char name[64];
	char voice[32];
	double speech_rate;
	bool rtl;
	struct i18n_entry *v; /* owned, sorted by key */
	size_t n, cap;
	const struct i18n_lang *fallback; /* borrowed: English, or NULL for English itself */
	struct i18n *owner;               /* borrowed: its directory and lock */
	atomic_int state;                 /* enum lang_state; LANG_READ published last */
	enum pk_err rc;                   /* of the read, when LANG_FAILED */
	char error[ERR_MAX];              /* why, when LANG_FAILED */
};

struct i18n {
	struct i18n_lang langs[I18N_MAX_LANGS];
	size_t n;
	char dir[1024];
	pthread_mutex_t mu; /* held while a catalogue is read */
};

static void lang_finish(struct i18n_lang *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		for (int f = 0; f < FORMS; f++)
			free(l->v[i].forms[f]);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

void i18n_destroy(struct i18n *i)
{
	if (!i)
		return;
	for (size_t k = 0; k < i->n; k++)
		lang_finish(&i->langs[k]);
	pthread_mutex_destroy(&i->mu);
	free(i);
}

static char *dup_clean(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (d)
		text_sanitize(d, n + 1, s, n);
	return d;
}

/* A new entry for key (duplicates are found after sorting, see check_unique). */
static enum pk_err lang_add(struct i18n_lang *l, const char *key, int file, struct i18n_entry **out)
{
	*out = NULL;
	if (!dyn_reserve(&l->v, &l->cap, l->n + 1, sizeof *l->v, 64, SIZE_MAX))
		return PK_ERR_NOMEM;
	struct i18n_entry *e = &l->v[l->n];
	memset(e, 0, sizeof *e);
	e->file = file;
	e->key = strdup(key);
	if (!e->key)
		return PK_ERR_NOMEM;
	l->n++;
	*out = e;
	return PK_OK;
}

/* The whole file, NUL-terminated, in a buffer of its own size. */
static enum pk_err read_whole(const char *path, char **out, char *err, size_t errcap)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		bool oom = errno == ENOMEM;
		snprintf(err, errcap, "%s: %s", path, oom ? "out of memory" : "cannot open");
		return oom ? PK_ERR_NOMEM : PK_ERR_IO;
	}
	struct stat st;
	enum pk_err rc = PK_OK;
	char *buf = NULL;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errcap, "%s: cannot read", path);
		rc = PK_ERR_IO;
		goto out;
	}
	if (st.st_size > CATALOGUE_MAX_BYTES) {
		snprintf(err, errcap, "%s: over %d bytes, not a catalogue", path,
		         CATALOGUE_MAX_BYTES);
		rc = PK_ERR_TOO_BIG;
		goto out;
	}
	size_t size = (size_t)st.st_size;
	buf = malloc(size + 1);
	if (!buf) {
		snprintf(err, errcap, "%s: out of memory", path);
		rc = PK_ERR_NOMEM;
		goto out;
	}
	size_t n = fread(buf, 1, size, f);
	if (n != size) {
		snprintf(err, errcap, "%s: cannot read", path);
		rc = PK_ERR_IO;
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	buf = NULL;
out:
	free(buf);
	fclose(f);
	return rc;
}

static void read_meta(struct i18n_lang *l, const cJSON *meta)
{
	const cJSON *m;
	m = cJSON_GetObjectItemCaseSensitive(meta, "name");
	if (m && cJSON_IsString(m))
		text_copy(l->name, sizeof l->name, m->valuestring);
	m = cJSON_GetObjectItemCaseSensitive(meta, "voice");
	if (m && cJSON_IsString(m))
		text_copy(l->voice, sizeof l->voice, m->valuestring);
	m = cJSON_GetObjectItemCaseSensitive(meta, "dir");
	if (m && cJSON_IsString(m))
		l->rtl = strcmp(m->valuestring, "rtl") == 0;
	m = cJSON_GetObjectItemCaseSensitive(meta, "speech_rate");
	if (m && cJSON_IsNumber(m) && m->valuedouble > 0.3 && m->valuedouble < 3)
		l->speech_rate = m->valuedouble;
}

static enum pk_err load_file(struct i18n_lang *l, const char *path, int file, bool required,
                             char *err, size_t errcap)
{
	char *buf = NULL;
	enum pk_err rc = read_whole(path, &buf, err, errcap);
	if (rc != PK_OK) {
		if (required || rc != PK_ERR_IO)
			return rc;
		err[0] = '\0';
		return PK_OK; /* speech.json is optional */
	}
	errno = 0;
	cJSON *root = cJSON_Parse(buf);
	bool oom = !root && errno == ENOMEM; /* cJSON says only NULL; malloc sets ENOMEM */
	free(buf);
	if (oom) {
		snprintf(err, errcap, "%s: out of memory", path);
		return PK_ERR_NOMEM;
	}
	if (!cJSON_IsObject(root)) {
		snprintf(err, errcap, "%s: malformed JSON catalogue", path);
		cJSON_Delete(root);
		return PK_ERR_JSON;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, root)
	{
		if (strcmp(it->string, "_meta") == 0) {
			read_meta(l, it);
			continue;
		}
		struct i18n_entry *e;
		rc = lang_add(l, it->string, file, &e);
		if (rc != PK_OK) {
			snprintf(err, errcap, "%s: out of memory", path);
			break;
		}
		bool lost = false; /* a form that did not fit in memory */
		if (cJSON_IsString(it)) {
			e->forms[OTHER] = dup_clean(it->valuestring);
			lost = !e->forms[OTHER];
		} else if (cJSON_IsObject(it)) {
			for (int f = 0; f < FORMS; f++) {
				const cJSON *s =
				    cJSON_GetObjectItemCaseSensitive(it, form_names[f]);
				if (cJSON_IsString(s)) {
					e->forms[f] = dup_clean(s->valuestring);
					lost = lost || !e->forms[f];
				}
			}
		}
		if (lost) {
			snprintf(err, errcap, "%s: out of memory", path);
			rc = PK_ERR_NOMEM;
			break;
		}
		if (!e->forms[OTHER]) {
			snprintf(err, errcap, "%s: key \"%s\" needs a string or an \"other\" form",
			         path, it->string);
			rc = PK_ERR_SHAPE;
			break;
		}
	}
	cJSON_Delete(root);
	return rc;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct i18n_entry *)a)->key, ((const struct i18n_entry *)b)->key);
}

static int cmp_lang(const void *a, const void *b)
{
	return strcmp(((const struct i18n_lang *)a)->code, ((const struct i18n_lang *)b)->code);
}

static const char *const file_names[2] = {"ui.json", "speech.json"};

/* After the sort, a key defined twice (in one file, or in ui.json and speech.json) sits
 * next to itself: one pass finds it. */
static enum pk_err check_unique(const struct i18n_lang *l, const char *dir, char *err,
                                size_t errcap)
{
	for (size_t k = 1; k < l->n; k++) {
		if (strcmp(l->v[k - 1].key, l->v[k].key) != 0)
			continue;
		int file = l->v[k - 1].file > l->v[k].file ? l->v[k - 1].file : l->v[k].file;
		snprintf(err, errcap, "%s/%s/%s: key \"%s\" is defined twice", dir, l->code,
		         file_names[file], l->v[k].key);
		return PK_ERR_SHAPE;
	}
	return PK_OK;
}

/* Reads l's files (owner's lock held). */
static enum pk_err read_lang(struct i18n_lang *l, char *err, size_t errcap)
{
	const char *dir = l->owner->dir;
	char path[1200];
	snprintf(path, sizeof path, "%s/%s/%s", dir, l->code, file_names[0]);
	enum pk_err rc = load_file(l, path, 0, true, err, errcap);
	if (rc == PK_OK) {
		snprintf(path, sizeof path, "%s/%s/%s", dir, l->code, file_names[1]);
		rc = load_file(l, path, 1, false, err, errcap);
	}
	if (rc == PK_OK) {
		qsort(l->v, l->n, sizeof *l->v, cmp_entry);
		rc = check_unique(l, dir, err, errcap);
	}
	return rc;
}

/* Reads l unless that was done (or failed) before; the catalogue's error, if any. */
static enum pk_err load_lang(struct i18n_lang *l, char *err, size_t errcap)
{
	if (atomic_load_explicit(&l->state, memory_order_acquire) == LANG_UNREAD) {
		pthread_mutex_lock(&l->owner->mu);
		if (atomic_load_explicit(&l->state, memory_order_relaxed) == LANG_UNREAD) {
			char why[ERR_MAX] = "";
			enum pk_err rc = read_lang(l, why, sizeof why);
			int state = LANG_READ;
			if (rc != PK_OK) {
				lang_finish(l); /* a broken catalogue serves English instead */
				text_copy(l->error, sizeof l->error, why);
				l->rc = rc;
				state = LANG_FAILED;
			}
			atomic_store_explicit(&l->state, state, memory_order_release);
		}
		pthread_mutex_unlock(&l->owner->mu);
	}
	if (atomic_load_explicit(&l->state, memory_order_acquire) == LANG_READ)
		return PK_OK;
	snprintf(err, errcap, "%s", l->error);
	return l->rc;
}

/* The accessors' lazy read. The catalogue is an object of ours behind a const pointer
 * (never a const object), so its one-time fill may cast the const away. */
static void ensure(const struct i18n_lang *l)
{
	if (atomic_load_explicit(&l->state, memory_order_acquire) != LANG_UNREAD)
		return;
	char err[ERR_MAX];
	if (load_lang((struct i18n_lang *)l, err, sizeof err) != PK_OK)
		log_error("%s; language %s falls back to English", err, l->code);
}

enum pk_err i18n_load(const struct i18n_lang *l, char *err, size_t errcap)
{
	return load_lang((struct i18n_lang *)l, err, errcap);
}

bool i18n_is_read(const struct i18n_lang *l)
{
	return atomic_load_explicit(&l->state, memory_order_acquire) != LANG_UNREAD;
}

enum pk_err i18n_load_all(struct i18n *i, char *err, size_t errcap)
{
	for (size_t k = 0; k < i->n; k++) {
		enum pk_err rc = load_lang(&i->langs[k], err, errcap);
		if (rc != PK_OK)
			return rc;
	}
	return PK_OK;
}

enum pk_err i18n_create(struct i18n **out, const char *dir, char *err, size_t errcap)
{
	*out = NULL;
	if (strlen(dir) >= sizeof((struct i18n *)0)->dir) {
		snprintf(err, errcap, "%s: path too long", dir);
		return PK_ERR_IO;
	}
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errcap, "%s: cannot open the locales directory", dir);
		return PK_ERR_IO;
	}
	struct i18n *i = calloc(1, sizeof *i);
	if (!i) {
		closedir(d);
		snprintf(err, errcap, "%s: out of memory", dir);
		return PK_ERR_NOMEM;
	}
	pthread_mutex_init(&i->mu, NULL);
	text_copy(i->dir, sizeof i->dir, dir);
	enum pk_err rc = PK_OK;
	struct dirent *de;
	for (de = readdir(d); rc == PK_OK && de; de = readdir(d)) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof i->langs[0].code)
			continue;
		char path[1200];
		snprintf(path, sizeof path, "%s/%s/ui.json", dir, de->d_name);
		if (access(path, R_OK) != 0)
			continue;
		if (i->n == I18N_MAX_LANGS) {
			snprintf(err, errcap, "%s: more than %d languages", dir, I18N_MAX_LANGS);
			rc = PK_ERR_SHAPE;
			break;
		}
		struct i18n_lang *l = &i->langs[i->n++];
		text_copy(l->code, sizeof l->code, de->d_name);
		text_copy(l->name, sizeof l->name, de->d_name);
		text_copy(l->voice, sizeof l->voice, de->d_name);
		l->speech_rate = 1.0;
		l->owner = i;
		atomic_init(&l->state, LANG_UNREAD);
	}
	closedir(d);
	if (rc == PK_OK && i->n == 0) {
		snprintf(err, errcap, "%s: no language catalogues found", dir);
		rc = PK_ERR_IO;
	}
	if (rc != PK_OK) {
		i18n_destroy(i);
		return rc;
	}
	/* nothing read yet: the structs move as plain data */
	qsort(i->langs, i->n, sizeof i->langs[0], cmp_lang);
	const struct i18n_lang *en = i18n_lang(i, "en");
	for (size_t k = 0; k < i->n; k++)
		i->langs[k].fallback = &i->langs[k] == en ? NULL : en;
	*out = i;
	return PK_OK;
}

const struct i18n_lang *i18n_lang(const struct i18n *i, const char *code)
{
	for (size_t k = 0; k < i->n; k++)
		if (strcmp(i->langs[k].code, code) == 0)
			return &i->langs[k];
	return NULL;
}

size_t i18n_count(const struct i18n *i)
{
	return i->n;
}

const struct i18n_lang *i18n_at(const struct i18n *i, size_t index)
{
	return index < i->n ? &i->langs[index] : NULL;
}

const char *i18n_code(const struct i18n_lang *l)
{
	return l->code;
}

const char *i18n_name(const struct i18n_lang *l)
{
	ensure(l);
	return l->name;
}

const char *i18n_voice(const struct i18n_lang *l)
{
	ensure(l);
	return l->voice;
}

double i18n_speech_rate(const struct i18n_lang *l)
{
	ensure(l);
	return l->speech_rate;
}

bool i18n_rtl(const struct i18n_lang *l)
{
	ensure(l);
	return l->rtl;
}

static const struct i18n_entry *find(const struct i18n_lang *l, const char *key)
{
	for (; l; l = l->fallback) {
		ensure(l);
		if (l->n == 0)
			continue; /* a catalogue that failed to read */
		struct i18n_entry probe = {.key = (char *)key};
		const struct i18n_entry *e = bsearch(&probe, l->v, l->n, sizeof *l->v, cmp_entry);
		if (e)
			return e;
	}
	return NULL;
}

const char *i18n_get(const struct i18n_lang *l, const char *key)
{
	const struct i18n_entry *e = find(l, key);
	if (!e) {
		log_debug("i18n: no text for \"%s\" in %s or en", key, l->code);
		return key;
	}
	return e->forms[OTHER];
}

const char *i18n_plural_category(const char *code, long n)
{
	long a = n < 0 ? -n : n;
	long m10 = a % 10, m100 = a % 100;
	if (strcmp(code, "uk") == 0 || strcmp(code, "ru") == 0) {
		if (m10 == 1 && m100 != 11)
			return "one";
		if (m10 >= 2 && m10 <= 4 && !(m100 >= 12 && m100 <= 14))
			return "few";
		return "many";
	}
	if (strcmp(code, "ar") == 0) {
		if (a == 0)
			return "zero";
		if (a == 1)
			return "one";
		if (a == 2)
			return "two";
		if (m100 >= 3 && m100 <= 10)
			return "few";
		if (m100 >= 11 && m100 <= 99)
			return "many";
		return "other";
	}
	/* de, en, tr, de-LS: one / other */
	return a == 1 ? "one" : "other";
}

const char *i18n_plural(const struct i18n_lang *l, const char *key, long n)
{
	const struct i18n_entry *e = find(l, key);
	if (!e)
		return key;
	const char *cat = i18n_plural_category(l->code, n);
	for (int f = 0; f < FORMS; f++)
		if (strcmp(form_names[f], cat) == 0 && e->forms[f])
			return e->forms[f];
	return e->forms[OTHER];
}

const char *i18n_plural_fraction(const struct i18n_lang *l, const char *key)
{
	const struct i18n_entry *e = find(l, key);
	return e ? e->forms[OTHER] : key;
}

size_t i18n_format(char *dst, size_t cap, const char *tmpl, const char *const *pairs)
{
	size_t pos = 0;
	if (cap == 0)
		return 0;
	for (const char *p = tmpl; *p;) {
		const char *val = NULL;
		size_t skip = 0;
		if (*p == '{') {
			const char *close = strchr(p, '}');
			for (size_t k = 0; close && pairs && pairs[k]; k += 2) {
				size_t nl = strlen(pairs[k]);
				if ((size_t)(close - p - 1) == nl &&
				    strncmp(p + 1, pairs[k], nl) == 0) {
					val = pairs[k + 1] ? pairs[k + 1] : "";
					skip = nl + 2;
					break;
				}
			}
		}
		if (val) {
			size_t vl = strlen(val);
			if (pos + vl >= cap)
				vl = cap - 1 - pos;
			memcpy(dst + pos, val, vl);
			pos += vl;
			p += skip;
		} else {
			if (pos + 1 >= cap)
				break;
			dst[pos++] = *p++;
		}
	}
	dst[pos] = '\0';
	/* never leave half a character at the end */
	while (pos > 0 && !text_utf8_valid(dst, pos))
		dst[--pos] = '\0';
	return pos;
}

/* The first key of from that in (sorted by key) does not have, or NULL. */
static const char *first_missing(const struct i18n_lang *from, const struct i18n_lang *in)
{
	for (size_t e = 0; e < from->n; e++) {
		struct i18n_entry probe = {.key = from->v[e].key};
		if (!bsearch(&probe, in->v, in->n, sizeof *in->v, cmp_entry))
			return from->v[e].key;
	}
	return NULL;
}

bool i18n_check_complete(struct i18n *i, char *err, size_t errcap)
{
	if (i18n_load_all(i, err, errcap) != PK_OK)
		return false;
	const struct i18n_lang *en = i18n_lang(i, "en");
	if (!en) {
		snprintf(err, errcap, "no English catalogue");
		return false;
	}
	for (size_t k = 0; k < i->n; k++) {
		const struct i18n_lang *l = &i->langs[k];
		const char *key = first_missing(en, l);
		if (key) {
			snprintf(err, errcap, "%s: missing key \"%s\"", l->code, key);
			return false;
		}
		key = first_missing(l, en);
		if (key) {
			snprintf(err, errcap, "%s: stray key \"%s\" (not in en)", l->code, key);
			return false;
		}
	}
	return true;
}
