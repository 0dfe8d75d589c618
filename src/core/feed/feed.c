/* Feed entry point (see feed.h): checks the body; an XML body goes to the DATEX II reader,
 * anything else is parsed as JSON once, the format recognised when asked to (FEED_AUTO)
 * and the tree handed to the format's parser. Entries
 * go to a scratch model first, so a failed parse leaves the caller's model untouched. */
#include "feed_int.h"

#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "feed_near.h"
#include "feed_place.h"
#include "feed_split.h"
#include "jsonarena.h"
#include "jsondoc.h"
#include "log.h"

static const char *const format_names[] = {
    [FEED_AUTO] = "auto", [FEED_PARKAPI3] = "parkapi3", [FEED_PARKENDD1] = "parkenddv1",
    [FEED_NGSI] = "ngsi", [FEED_DATEX2] = "datex2",
};

const char *feed_format_name(enum feed_format f)
{
	if ((unsigned)f < sizeof format_names / sizeof *format_names)
		return format_names[f];
	return "unknown";
}

_Bool feed_format_parse(const char *name, enum feed_format *out)
{
	if (!name)
		return 0;
	for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*out = (enum feed_format)i;
			return 1;
		}
	}
	/* Spellings people write in configs. */
	static const struct {
		const char *name;
		enum feed_format f;
	} alias[] = {
	    {"parkapi-v3", FEED_PARKAPI3}, {"parkapiv3", FEED_PARKAPI3},
	    {"parkendd", FEED_PARKENDD1},  {"parkapi-v1", FEED_PARKENDD1},
	    {"parkapiv1", FEED_PARKENDD1}, {"parkendd-v1", FEED_PARKENDD1},
	    {"fiware", FEED_NGSI},         {"ngsi-ld", FEED_NGSI},
	    {"ngsiv2", FEED_NGSI},         {"ngsi-v2", FEED_NGSI},
	    {"datex", FEED_DATEX2},        {"datexii", FEED_DATEX2},
	    {"datex-ii", FEED_DATEX2},     {"datex2-xml", FEED_DATEX2},
	};
	for (size_t i = 0; i < sizeof alias / sizeof *alias; i++) {
		if (strcmp(name, alias[i].name) == 0) {
			*out = alias[i].f;
			return 1;
		}
	}
	return 0;
}

/* Counts JSON values (roughly: opening brackets and commas outside strings) so that a
 * body of "[0,0,0,…]" cannot make cJSON allocate gigabytes. Cheap: one pass, strings
 * skipped with memchr (a quote is escaped when an odd run of backslashes precedes it). */
static size_t count_values(const char *s, size_t len)
{
	size_t n = 1;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ',' || c == '[' || c == '{') {
			n++;
		} else if (c == '"') {
			size_t from = i + 1;
			for (;;) {
				const char *q =
				    from < len ? memchr(s + from, '"', len - from) : NULL;
				if (!q)
					return n;
				size_t j = (size_t)(q - s), b = j;
				while (b > from && s[b - 1] == '\\')
					b--;
				from = j + 1;
				if ((j - b) % 2 == 0)
					break;
			}
			i = from - 1;
		}
	}
	return n;
}

enum body_kind { BODY_JSON, BODY_XML, BODY_HTML };

static bool prefix_ci(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);
	if (len < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != p[i])
			return false;
	}
	return true;
}

/* What the body is, from its first characters: "<" is markup (XML, or an HTML page such
 * as a portal's error or login page), anything else is for the JSON parser. */
static enum body_kind body_kind(const char *s, size_t len)
{
	size_t i = 0;
	if (len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
	    (unsigned char)s[2] == 0xBF)
		i = 3; /* UTF-8 byte order mark */
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	if (i >= len || s[i] != '<')
		return BODY_JSON;
	if (prefix_ci(s + i, len - i, "<!doctype html") || prefix_ci(s + i, len - i, "<html"))
		return BODY_HTML;
	/* An XML declaration or comment may come before an HTML page too. */
	for (size_t j = i; j + 5 <= len && j < i + 512; j++)
		if (prefix_ci(s + j, len - j, "<html"))
			return BODY_HTML;
	return BODY_XML;
}

static enum feed_format detect(const cJSON *root)
{
	if (cJSON_IsArray(root)) {
		/* Only NGSI sends a bare array (a broker's entity list). An empty list is
		 * a valid NGSI answer with nothing in it. */
		const cJSON *first = root->child;
		if (!first)
			return FEED_NGSI;
		for (const cJSON *it = first; it; it = it->next)
			if (feed_ngsi_is_entity(it))
				return FEED_NGSI;
		return FEED_AUTO;
	}
	if (!cJSON_IsObject(root))
		return FEED_AUTO;
	if (cJSON_GetObjectItemCaseSensitive(root, "items"))
		return FEED_PARKAPI3;
	if (cJSON_GetObjectItemCaseSensitive(root, "lots"))
		return FEED_PARKENDD1;
	if (feed_ngsi_is_entity(root))
		return FEED_NGSI;
	if (feed_parkapi3_is_item(root))
		return FEED_PARKAPI3;
	return FEED_AUTO;
}

/* One JSON document, whole: the tree in an arena, then the format's parser. */
static enum pk_err parse_json(enum feed_format fmt, const char *bytes, size_t len,
                              struct feed_near *near, struct model *out, struct feed_info *info,
                              char *err, size_t errcap)
{
	size_t values = count_values(bytes, len);
	if (values > (size_t)FEED_MAX_JSON_VALUES)
		return feed_fail(err, errcap, PK_ERR_TOO_BIG,
		                 "body has about %zu JSON values, over the %ld limit", values,
		                 FEED_MAX_JSON_VALUES);

	enum pk_err rc = PK_OK;
	struct model scratch;
	model_init(&scratch);
	/* The tree lives in this thread's arena (jsonarena.h): a few dozen mallocs instead
	 * of one per value, freed at once. Bounded by the values counted above: a node and
	 * a key per value, and no string longer than the body. */
	struct jsonarena ja;
	size_t tree_cap = values * (sizeof(cJSON) + 32) + len + 65536;
	jsonarena_begin(&ja, tree_cap);
	cJSON *root = NULL;
	struct jsondoc_error je;
	rc = jsondoc_parse(bytes, len, &root, &je);
	if (rc == PK_ERR_NOMEM) {
		rc = feed_fail(err, errcap, PK_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (!root && jsonarena_out_of_memory()) {
		rc = feed_fail(err, errcap, PK_ERR_NOMEM,
		               "out of memory after %zu bytes of JSON tree (not a JSON error)",
		               jsonarena_bytes());
		goto out;
	}
	if (!root && jsonarena_bytes() + 4096 >= tree_cap) {
		rc = feed_fail(err, errcap, PK_ERR_TOO_BIG, "JSON tree over its bound of %zu bytes",
		               tree_cap);
		goto out;
	}
	if (!root) {
		if (je.trailing)
			rc = feed_fail(err, errcap, PK_ERR_JSON,
			               "malformed JSON near byte %zu: data after the document",
			               je.pos);
		else if (len == 0)
			rc = feed_fail(err, errcap, PK_ERR_JSON, "malformed JSON: empty body");
		else
			rc = feed_fail(err, errcap, PK_ERR_JSON,
			               "malformed JSON near byte %zu (line %zu, column %zu)",
			               je.pos, je.line, je.col);
		goto out;
	}

	if (fmt == FEED_AUTO) {
		fmt = detect(root);
		if (fmt == FEED_AUTO) {
			rc = feed_fail(err, errcap,
			               cJSON_IsObject(root) || cJSON_IsArray(root) ? PK_ERR_FORMAT
			                                                           : PK_ERR_SHAPE,
			               "feed format not recognised (expected ParkAPI v3 \"items\", "
			               "ParkenDD v1 \"lots\", NGSI entities or DATEX II XML)");
			goto out;
		}
	}
	info->format = fmt;
	switch (fmt) {
	case FEED_PARKAPI3:
		rc = feed_parse_parkapi3(root, near, &scratch, info, err, errcap);
		break;
	case FEED_PARKENDD1:
		rc = feed_parse_parkenddv1(root, &scratch, info, err, errcap);
		break;
	case FEED_NGSI:
		rc = feed_parse_ngsi(root, near, &scratch, info, err, errcap);
		break;
	default:
		rc = feed_fail(err, errcap, PK_ERR_FORMAT, "unknown feed format %d", (int)fmt);
		break;
	}
	if (rc == PK_OK && !model_take(out, &scratch))
		rc = feed_fail(err, errcap, PK_ERR_NOMEM, "out of memory");
	if (rc == PK_OK && info->skipped)
		log_debug("%s feed: %zu of %zu items skipped", feed_format_name(fmt), info->skipped,
		          info->items);
out:
	if (rc != PK_OK) {
		/* The caller's info must not describe entries it did not get. */
		info->items = info->skipped = info->dropped = 0;
		info->feed_time = 0;
		info->next_path[0] = '\0';
		info->skip_reason[0] = '\0';
	}
	jsonarena_end(&ja); /* root and all of its tree */
	model_finish(&scratch);
	return rc;
}

/* Whether needle occurs in s[0..len). */
static bool has_bytes(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++) {
		const char *p = memchr(s + i, needle[0], len - n + 1 - i);
		if (!p)
			return false;
		i = (size_t)(p - s);
		if (memcmp(p, needle, n) == 0)
			return true;
	}
	return false;
}

/* Bodies from this size on are read a slice of items at a time (feed_split.h); when only
 * the nearest entries are kept, from a smaller size on: an entry with a position takes at
 * least ~20 bytes, so a body under 1 MiB cannot hold more than FEED_MAX_ENTRIES of them. */
#define SLICE_MIN_BYTES (4u * 1024 * 1024)
#define SLICE_KEEP_MIN_BYTES (1u * 1024 * 1024)
#define SLICE_ITEMS 1000

static bool doc_put(char **doc, size_t *n, size_t *cap, const char *p, size_t len)
{
	if (len > *cap - *n) {
		size_t want = *n + len + 1, c = *cap ? *cap : 4096;
		while (c < want)
			c *= 2;
		char *d = realloc(*doc, c);
		if (!d)
			return false;
		*doc = d;
		*cap = c;
	}
	memcpy(*doc + *n, p, len);
	*n += len;
	return true;
}

/* An item of a sliced body: its bytes, and its place when that was read from them. */
struct item_span {
	size_t start, end;
	bool placed;
	struct feed_place place;
};

/* Members an item may have for its place to be read from its bytes (feed_place.h). */
#define ITEM_MEMBERS_MAX 128

/* The document of the body's envelope around items[from..to). */
static bool slice_doc(char **doc, size_t *n, size_t *cap, const char *bytes, size_t len,
                      const struct feed_split *sp, const struct item_span *items, size_t from,
                      size_t to)
{
	*n = 0;
	if (!doc_put(doc, n, cap, bytes, sp->open + 1))
		return false;
	for (size_t k = from; k < to; k++)
		if ((k > from && !doc_put(doc, n, cap, ",", 1)) ||
		    !doc_put(doc, n, cap, bytes + items[k].start, items[k].end - items[k].start))
			return false;
	return doc_put(doc, n, cap, bytes + sp->close, len - sp->close);
}

/* The format the first slice would find (detect), from the item list's key and the first
 * item alone; FEED_AUTO when they do not tell. */
static enum feed_format slice_format(const char *bytes, const struct feed_split *sp,
                                     const struct item_span *first)
{
	if (!sp->bare)
		return sp->lots ? FEED_PARKENDD1 : FEED_PARKAPI3; /* detect's "items", "lots" */
	struct jsonarena ja;
	jsonarena_begin(&ja, 0);
	cJSON *item = cJSON_ParseWithLength(bytes + first->start, first->end - first->start);
	enum feed_format fmt = feed_ngsi_is_entity(item) ? FEED_NGSI : FEED_AUTO;
	jsonarena_end(&ja);
	return fmt;
}

/* The body's items, each with its place when it can be read from the bytes (fmt known
 * and far entries to leave out: all not NULL); every placed item is offered to all, in
 * order, so that all ends up knowing the nearest distances of the whole body. */
static enum pk_err scan_items(enum feed_format fmt, const char *bytes, struct feed_split *sp,
                              struct feed_near *all, struct item_span **items, size_t *n_items)
{
	size_t cap = 0;
	size_t start, end, n_members;
	bool strict = false;
	struct jscan_member m[ITEM_MEMBERS_MAX];
	for (;;) {
		bool have = all && fmt != FEED_AUTO
		                ? feed_split_next_object(sp, &start, &end, m, ITEM_MEMBERS_MAX,
		                                         &n_members, &strict)
		                : feed_split_next(sp, &start, &end);
		if (!have)
			return PK_OK;
		if (!dyn_reserve(items, &cap, *n_items + 1, sizeof **items, 1024, SIZE_MAX))
			return PK_ERR_NOMEM;
		struct item_span *it = &(*items)[(*n_items)++];
		*it = (struct item_span){start, end, false, {0}};
		if (all && fmt == FEED_AUTO && *n_items == 1) {
			fmt = slice_format(bytes, sp, it);
			/* Then the first item is scanned again, for its members. */
			if (fmt != FEED_AUTO) {
				sp->pos = sp->open + 1;
				(*n_items)--;
				continue;
			}
		}
		if (strict && all && feed_item_place(fmt, bytes, m, n_members, &it->place)) {
			it->placed = true;
			feed_near_far(all, &it->place);
		}
	}
}

/* The body as documents of SLICE_ITEMS items each, every one with the body's own envelope.
 * When only the nearest are kept, the items are first scanned without a cJSON tree
 * (scan_items), and those of them that the whole body's nearest leave out are not parsed
 * at all. PK_ERR_UNSUPPORTED when the body has no item array to slice: the caller parses
 * it whole, and does the same after any other failure, so that the error names the byte
 * in the body rather than in a slice. */
static enum pk_err parse_sliced(enum feed_format fmt, const char *bytes, size_t len,
                                const struct model_keep *keep, struct feed_near *near,
                                struct model *out, struct feed_info *info, char *err, size_t errcap)
{
	struct feed_split sp;
	if (!feed_split_begin(&sp, bytes, len))
		return PK_ERR_UNSUPPORTED;
	struct feed_near all;
	bool judge = keep && near && feed_near_init(&all, keep);
	struct item_span *items = NULL;
	size_t n_items = 0;
	enum pk_err rc = scan_items(fmt, bytes, &sp, judge ? &all : NULL, &items, &n_items);
	if (rc == PK_OK && !feed_split_complete(&sp))
		rc = PK_ERR_UNSUPPORTED; /* the body breaks off: parsed whole, for the error */
	struct model acc;
	model_init(&acc);
	char *doc = NULL;
	size_t cap = 0;
	bool first = true;
	/* How full acc may get before the far entries go: twice what is kept, so that the
	 * sort in model_keep_nearest runs once per many slices. */
	size_t keep_every =
	    keep ? 2 * (2 * keep->max_per_kind + keep->max_free_spots) + SLICE_ITEMS : 0;
	/* Items the whole body's nearest leave out are counted, not parsed; the others keep
	 * their order, so the parser's own filter (near) sees them as it would in the body. */
	size_t next = 0, kept = 0;
	for (size_t k = 0; k < n_items; k++) {
		/* The first item always goes to cJSON: the first slice must hold one for the
		 * envelope to be read as the whole body's (next_path, of a page with items). */
		if (k > 0 && judge && items[k].placed && feed_near_outside(&all, &items[k].place)) {
			info->items++;
			info->dropped++;
			continue;
		}
		items[kept++] = items[k];
	}
	while (rc == PK_OK && (next < kept || first)) {
		size_t to = next + SLICE_ITEMS < kept ? next + SLICE_ITEMS : kept;
		size_t n = 0;
		if (!slice_doc(&doc, &n, &cap, bytes, len, &sp, items, next, to)) {
			rc = PK_ERR_NOMEM;
			break;
		}
		next = to;
		struct feed_info ci;
		memset(&ci, 0, sizeof ci);
		rc = parse_json(fmt, doc, n, near, &acc, &ci, err, errcap);
		if (rc != PK_OK)
			break;
		if (first) {
			fmt = ci.format; /* the first slice decides, as the whole body would */
			info->format = ci.format;
			info->feed_time = ci.feed_time;
			memcpy(info->next_path, ci.next_path, sizeof info->next_path);
			first = false;
		}
		info->items += ci.items;
		info->skipped += ci.skipped;
		info->dropped += ci.dropped;
		if (!info->skip_reason[0])
			memcpy(info->skip_reason, ci.skip_reason, sizeof info->skip_reason);
		/* Keeping the nearest of what was kept and the new slice is keeping the nearest
		 * of everything read (model.h): the kept set never grows past the bound. */
		if (keep && acc.n >= keep_every)
			info->dropped += model_keep_nearest(&acc, keep);
		if (acc.n > FEED_MAX_ENTRIES)
			rc = feed_fail(err, errcap, PK_ERR_TOO_BIG,
			               "more than %d entries in one body", FEED_MAX_ENTRIES);
	}
	free(doc);
	free(items);
	if (judge)
		feed_near_finish(&all);
	if (rc == PK_OK && keep)
		info->dropped += model_keep_nearest(&acc, keep);
	if (rc == PK_OK && !model_take(out, &acc))
		rc = PK_ERR_NOMEM;
	if (rc != PK_OK) {
		info->dropped = 0;
		info->items = info->skipped = 0;
		info->feed_time = 0;
		info->next_path[0] = '\0';
		info->skip_reason[0] = '\0';
	}
	model_finish(&acc);
	return rc;
}

/* Keeps the nearest of got's entries, then appends them to out. */
static enum pk_err take_nearest(struct model *out, struct model *got, const struct model_keep *keep,
                                struct feed_info *info, char *err, size_t errcap)
{
	if (keep)
		info->dropped += model_keep_nearest(got, keep);
	if (!model_take(out, got))
		return feed_fail(err, errcap, PK_ERR_NOMEM, "out of memory");
	return PK_OK;
}

enum pk_err feed_parse(enum feed_format fmt, const char *bytes, size_t len, struct model *out,
                       struct feed_info *info, char *err, size_t errcap)
{
	return feed_parse_nearest(fmt, bytes, len, NULL, out, info, err, errcap);
}

enum pk_err feed_parse_nearest(enum feed_format fmt, const char *bytes, size_t len,
                               const struct model_keep *keep, struct model *out,
                               struct feed_info *info, char *err, size_t errcap)
{
	struct feed_info local;
	if (!info)
		info = &local;
	memset(info, 0, sizeof *info);
	info->format = fmt;
	if (err && errcap)
		err[0] = '\0';

	if (!bytes && len)
		return feed_fail(err, errcap, PK_ERR_JSON, "no body");
	if (len > (size_t)FEED_MAX_BYTES)
		return feed_fail(err, errcap, PK_ERR_TOO_BIG,
		                 "body of %zu bytes is over the %ld limit", len, FEED_MAX_BYTES);
	const char *nul = len ? memchr(bytes, '\0', len) : NULL;
	if (nul)
		return feed_fail(err, errcap, PK_ERR_JSON, "malformed JSON: NUL byte at byte %zu",
		                 (size_t)(nul - bytes));
	enum body_kind kind = len ? body_kind(bytes, len) : BODY_JSON;
	if (kind == BODY_HTML)
		return feed_fail(err, errcap, PK_ERR_FORMAT,
		                 "HTML body (an error or login page?), not a feed");
	if (kind == BODY_XML && fmt != FEED_AUTO && fmt != FEED_DATEX2)
		return feed_fail(err, errcap, PK_ERR_FORMAT,
		                 "XML body: set format datex2? (the feed is configured as %s)",
		                 feed_format_name(fmt));
	if (fmt == FEED_DATEX2 || kind == BODY_XML) {
		if (kind != BODY_XML)
			return feed_fail(err, errcap, PK_ERR_FORMAT,
			                 "DATEX II: the body is not XML (JSON? set format auto)");
		info->format = FEED_DATEX2;
		struct model dx;
		model_init(&dx);
		enum pk_err drc = feed_parse_datex2(bytes, len, &dx, info, err, errcap);
		if (drc == PK_OK)
			drc = take_nearest(out, &dx, keep, info, err, errcap);
		if (drc != PK_OK) {
			info->dropped = 0;
			info->items = info->skipped = 0;
			info->feed_time = 0;
			info->skip_reason[0] = '\0';
		}
		model_finish(&dx);
		return drc;
	}
	/* A large body is read a slice of items at a time, so that its JSON tree stays small
	 * — except NGSI with ParkingGroups, whose entities refer to each other across the
	 * body. After any failure of the sliced read the whole body is parsed for the error. */
	size_t slice_min = keep ? SLICE_KEEP_MIN_BYTES : SLICE_MIN_BYTES;
	if (len >= slice_min && !has_bytes(bytes, len, "ParkingGroup")) {
		struct feed_info si;
		memset(&si, 0, sizeof si);
		struct feed_near nf;
		bool filter = keep && feed_near_init(&nf, keep);
		enum pk_err rc =
		    parse_sliced(fmt, bytes, len, keep, filter ? &nf : NULL, out, &si, err, errcap);
		if (filter)
			feed_near_finish(&nf);
		if (rc == PK_OK)
			*info = si;
		if (rc == PK_OK || rc == PK_ERR_NOMEM)
			return rc; /* out of memory: a whole parse would need more */
	}
	if (!keep)
		return parse_json(fmt, bytes, len, NULL, out, info, err, errcap);
	struct model got;
	model_init(&got);
	struct feed_near nf;
	bool filter = feed_near_init(&nf, keep);
	enum pk_err rc = parse_json(fmt, bytes, len, filter ? &nf : NULL, &got, info, err, errcap);
	if (filter)
		feed_near_finish(&nf);
	if (rc == PK_OK)
		rc = take_nearest(out, &got, keep, info, err, errcap);
	if (rc != PK_OK)
		info->dropped = 0;
	model_finish(&got);
	return rc;
}
