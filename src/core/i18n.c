/* Language catalogues (see i18n.h): locales/<code>/ui.json and locales/<code>/speech.json,
 * copied into sorted arrays at load so no cJSON tree lives on. Look-ups are bsearch. */
#include "i18n.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "log.h"
#include "text.h"

#define FORMS 6 /* zero one two few many other */
static const char *const form_names[FORMS] = {"zero", "one", "two", "few", "many", "other"};
#define OTHER 5

struct i18n_entry {
	char *key;          /* owned */
	char *forms[FORMS]; /* owned; a plain string is stored as "other" */
};

struct i18n_lang {
	char code[16];
	char name[64];
	char voice[32];
	double speech_rate;
	bool rtl;
	struct i18n_entry *v; /* owned, sorted by key */
	size_t n, cap;
	const struct i18n_lang *fallback; /* borrowed: English, or NULL for English itself */
};

struct i18n {
	struct i18n_lang langs[I18N_MAX_LANGS];
	size_t n;
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

/* A new entry for key: PK_ERR_SHAPE when key is there already (ui.json and speech.json
 * both define it), PK_ERR_NOMEM when out of memory. */
static enum pk_err lang_add(struct i18n_lang *l, const char *key, struct i18n_entry **out)
{
	*out = NULL;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return PK_ERR_SHAPE;
	if (!dyn_reserve(&l->v, &l->cap, l->n + 1, sizeof *l->v, 64, SIZE_MAX))
		return PK_ERR_NOMEM;
	struct i18n_entry *e = &l->v[l->n];
	memset(e, 0, sizeof *e);
	e->key = strdup(key);
	if (!e->key)
		return PK_ERR_NOMEM;
	l->n++;
	*out = e;
	return PK_OK;
}

static enum pk_err read_whole(const char *path, char **out, char *err, size_t errcap)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		bool oom = errno == ENOMEM;
		snprintf(err, errcap, "%s: %s", path, oom ? "out of memory" : "cannot open");
		return oom ? PK_ERR_NOMEM : PK_ERR_IO;
	}
	char *buf = malloc(1 << 20);
	size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (!buf) {
		snprintf(err, errcap, "%s: out of memory", path);
		return PK_ERR_NOMEM;
	}
	buf[n] = '\0';
	*out = buf;
	return PK_OK;
}

static enum pk_err load_file(struct i18n_lang *l, const char *path, bool required, char *err,
                             size_t errcap)
{
	char *buf = NULL;
	enum pk_err rc = read_whole(path, &buf, err, errcap);
	if (rc != PK_OK)
		return required || rc == PK_ERR_NOMEM ? rc : PK_OK;
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
	rc = PK_OK;
	const cJSON *it;
	cJSON_ArrayForEach(it, root)
	{
		if (strcmp(it->string, "_meta") == 0) {
			const cJSON *m;
			m = cJSON_GetObjectItemCaseSensitive(it, "name");
			if (m && cJSON_IsString(m))
				text_copy(l->name, sizeof l->name, m->valuestring);
			m = cJSON_GetObjectItemCaseSensitive(it, "voice");
			if (m && cJSON_IsString(m))
				text_copy(l->voice, sizeof l->voice, m->valuestring);
			m = cJSON_GetObjectItemCaseSensitive(it, "dir");
			if (m && cJSON_IsString(m))
				l->rtl = strcmp(m->valuestring, "rtl") == 0;
			m = cJSON_GetObjectItemCaseSensitive(it, "speech_rate");
			if (m && cJSON_IsNumber(m) && m->valuedouble > 0.3 && m->valuedouble < 3)
				l->speech_rate = m->valuedouble;
			continue;
		}
		struct i18n_entry *e;
		rc = lang_add(l, it->string, &e);
		if (rc != PK_OK) {
			if (rc == PK_ERR_NOMEM)
				snprintf(err, errcap, "%s: out of memory", path);
			else
				snprintf(err, errcap, "%s: key \"%s\" is defined twice", path,
				         it->string);
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

enum pk_err i18n_create(struct i18n **out, const char *dir, char *err, size_t errcap)
{
	*out = NULL;
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errcap, "%s: cannot open the locales directory", dir);
		return PK_ERR_IO;
	}
	struct i18n *i = calloc(1, sizeof *i);
	if (!i) {
		closedir(d);
		return PK_ERR_NOMEM;
	}
	enum pk_err rc = PK_OK;
	struct dirent *de;
	for (de = readdir(d); rc == PK_OK && de; de = readdir(d)) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof i->langs[0].code)
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s/ui.json", dir, de->d_name);
		FILE *probe = fopen(path, "rb");
		if (!probe)
			continue;
		fclose(probe);
		if (i->n == I18N_MAX_LANGS) {
			snprintf(err, errcap, "%s: more than %d languages", dir, I18N_MAX_LANGS);
			rc = PK_ERR_SHAPE;
			break;
		}
		struct i18n_lang *l = &i->langs[i->n++];
		memset(l, 0, sizeof *l);
		text_copy(l->code, sizeof l->code, de->d_name);
		text_copy(l->name, sizeof l->name, de->d_name);
		text_copy(l->voice, sizeof l->voice, de->d_name);
		l->speech_rate = 1.0;
		rc = load_file(l, path, true, err, errcap);
		if (rc == PK_OK) {
			snprintf(path, sizeof path, "%s/%s/speech.json", dir, de->d_name);
			rc = load_file(l, path, false, err, errcap);
		}
		qsort(l->v, l->n, sizeof *l->v, cmp_entry);
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
	return l->name;
}

const char *i18n_voice(const struct i18n_lang *l)
{
	return l->voice;
}

double i18n_speech_rate(const struct i18n_lang *l)
{
	return l->speech_rate;
}

bool i18n_rtl(const struct i18n_lang *l)
{
	return l->rtl;
}

static const struct i18n_entry *find(const struct i18n_lang *l, const char *key)
{
	for (; l; l = l->fallback) {
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

bool i18n_check_complete(const struct i18n *i, char *err, size_t errcap)
{
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
