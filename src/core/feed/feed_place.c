/* Where an item of a big body is, read from its raw bytes without its cJSON tree (feed.c
 * leaves far items out so before cJSON parses them). The members the format's parser reads
 * before its far test (*_reads_key) are made into a small cJSON object — scalars here,
 * exactly as cJSON makes them, anything else by cJSON — and the parser's own *_place
 * decides on it: the same code decides for the raw item as for the parsed one. */
#include "feed_place.h"

#include <limits.h>
#include <string.h>

#include "feed_int.h"
#include "jsonarena.h"

/* Elements of a container member_value builds itself, and how deep it goes; bigger or
 * deeper ones cJSON parses. */
#define BUILD_MEMBERS_MAX 16
#define BUILD_DEPTH_MAX 4

static cJSON *new_value(int type)
{
	cJSON *v = cJSON_malloc(sizeof *v);
	if (v) {
		memset(v, 0, sizeof *v);
		v->type = type;
	}
	return v;
}

/* Appends v (named key[0..key_len) in an object) to parent's children; false without
 * memory. */
static bool add_child(cJSON *parent, cJSON *v, const char *key, size_t key_len, bool object)
{
	if (object) {
		char *k = cJSON_malloc(key_len + 1);
		if (!k)
			return false;
		memcpy(k, key, key_len);
		k[key_len] = '\0';
		v->string = k;
	}
	if (!parent->child) {
		parent->child = v;
	} else {
		parent->child->prev->next = v;
		v->prev = parent->child->prev;
	}
	parent->child->prev = v;
	return true;
}

static cJSON *member_value(const char *s, size_t i, size_t end, int depth);

/* The object or array s[i..end) with each of its members' values, or NULL. */
static cJSON *container_value(const char *s, size_t i, size_t end, int depth)
{
	bool object = s[i] == '{';
	struct jscan_member m[BUILD_MEMBERS_MAX];
	size_t n = 0;
	size_t e = depth >= BUILD_DEPTH_MAX ? 0
	           : object                 ? jscan_object(s, end, i, m, BUILD_MEMBERS_MAX, &n)
	                                    : jscan_array(s, end, i, m, BUILD_MEMBERS_MAX, &n);
	if (e != end)
		return cJSON_ParseWithLength(s + i, end - i);
	cJSON *c = new_value(object ? cJSON_Object : cJSON_Array);
	for (size_t k = 0; c && k < n; k++) {
		cJSON *v = member_value(s, m[k].val, m[k].val_end, depth + 1);
		if (!v || !add_child(c, v, s + m[k].key, m[k].key_len, object))
			return NULL;
	}
	return c;
}

/* The cJSON value of the strict JSON s[i..end): made here as cJSON would make it, or
 * parsed by cJSON where that is simpler. In the active jsonarena; NULL without memory. */
static cJSON *member_value(const char *s, size_t i, size_t end, int depth)
{
	size_t n = end - i;
	const char *p = s + i;
	double d;
	cJSON *v = NULL;
	switch (p[0]) {
	case 't':
		return new_value(cJSON_True);
	case 'f':
		return new_value(cJSON_False);
	case 'n':
		return new_value(cJSON_NULL);
	case '{':
	case '[':
		return container_value(s, i, end, depth);
	case '"':
		if (memchr(p, '\\', n))
			return cJSON_ParseWithLength(p, n);
		v = new_value(cJSON_String);
		if (!v)
			return NULL;
		v->valuestring = cJSON_malloc(n - 1);
		if (!v->valuestring)
			return NULL;
		memcpy(v->valuestring, p + 1, n - 2);
		v->valuestring[n - 2] = '\0';
		return v;
	default:
		if (!jscan_number(p, n, &d))
			return cJSON_ParseWithLength(p, n);
		v = new_value(cJSON_Number);
		if (v) {
			v->valuedouble = d;
			v->valueint = d >= INT_MAX           ? INT_MAX
			              : d <= (double)INT_MIN ? INT_MIN
			                                     : (int)d;
		}
		return v;
	}
}

bool feed_item_place(enum feed_format fmt, const char *s, const struct jscan_member *m,
                     size_t count, struct feed_place *place)
{
	bool (*reads)(const char *, size_t);
	bool (*placed)(const cJSON *, struct feed_place *);
	if (fmt == FEED_PARKAPI3) {
		reads = feed_parkapi3_reads_key;
		placed = feed_parkapi3_place;
	} else if (fmt == FEED_NGSI) {
		reads = feed_ngsi_reads_key;
		placed = feed_ngsi_place;
	} else {
		return false;
	}
	struct jsonarena ja;
	jsonarena_begin(&ja, 0);
	cJSON obj = {.type = cJSON_Object};
	bool ok = true;
	for (size_t i = 0; ok && i < count; i++) {
		if (!reads(s + m[i].key, m[i].key_len))
			continue;
		cJSON *v = member_value(s, m[i].val, m[i].val_end, 0);
		ok = v && add_child(&obj, v, s + m[i].key, m[i].key_len, true);
	}
	bool result = ok && placed(&obj, place);
	jsonarena_end(&ja); /* every value made above */
	return result;
}
