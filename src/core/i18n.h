/* Languages: JSON catalogues in locales/<code>/{ui,speech}.json, looked up by key with a
 * fallback to English, plural forms per language (CLDR rules), and "{name}"
 * placeholders. A catalogue is read once, when it is first used (or by i18n_load):
 * start-up reads only the configured language; everything after that is pure.
 *
 * Catalogue format (one file per language, translators' tools read JSON catalogues):
 *   { "_meta": { "code": "de", "name": "Deutsch", "dir": "ltr", "voice": "de",
 *                "speech_rate": 1.0 },
 *     "key": "text with {placeholders}",
 *     "plural.key": { "one": "…", "other": "…" }   // CLDR categories the language has
 *   }
 */
#ifndef PARKKIOSK_I18N_H
#define PARKKIOSK_I18N_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define I18N_MAX_LANGS 8

struct i18n_lang; /* one catalogue (opaque) */
struct i18n;      /* all catalogues (opaque) */

/* Finds the catalogues in dir (each locales/<code>/ui.json) without reading them. On
 * error (no directory, none found, too many) says so in err. */
enum pk_err i18n_create(struct i18n **out, const char *dir, char *err, size_t errcap);
void i18n_destroy(struct i18n *i);

/* Reads l's catalogue now, if it was not yet: the configured language is read at
 * start-up, so that a broken one stops the kiosk with the file and the problem in err.
 * Any other catalogue is read by its first use (thread-safe); if that fails, the
 * failure is logged once and the language serves English's texts. Returns the
 * catalogue's error, also when an earlier use met it. */
enum pk_err i18n_load(const struct i18n_lang *l, char *err, size_t errcap);
/* Reads every catalogue; the first error (the tests, the completeness check). */
enum pk_err i18n_load_all(struct i18n *i, char *err, size_t errcap);
/* True once l's catalogue was read or its read failed (what start-up read). */
bool i18n_is_read(const struct i18n_lang *l);

/* The catalogue for a code ("de", "en", "tr", "ar", "uk", "de-LS"); NULL if absent. */
const struct i18n_lang *i18n_lang(const struct i18n *i, const char *code);
size_t i18n_count(const struct i18n *i);
const struct i18n_lang *i18n_at(const struct i18n *i, size_t index);

const char *i18n_code(const struct i18n_lang *l);
const char *i18n_name(const struct i18n_lang *l);   /* the language's own name */
const char *i18n_voice(const struct i18n_lang *l);  /* espeak-ng voice name */
double i18n_speech_rate(const struct i18n_lang *l); /* factor on the configured rate */
bool i18n_rtl(const struct i18n_lang *l);

/* Text for key; falls back to English, then to the key itself (and logs once). */
const char *i18n_get(const struct i18n_lang *l, const char *key);
/* Plural form of key for count n (the key maps to an object of CLDR categories). */
const char *i18n_plural(const struct i18n_lang *l, const char *key, long n);

/* Plural form of key for a number with a fraction ("1,2"): CLDR puts every such number
 * in "other" in de, en, tr, uk and ar, which no integer count selects in uk. */
const char *i18n_plural_fraction(const struct i18n_lang *l, const char *key);

/* Expands "{name}" placeholders from NULL-terminated pairs {"name", value, …, NULL}.
 * Unknown placeholders are left as they are. Always NUL-terminates; returns length. */
size_t i18n_format(char *dst, size_t cap, const char *tmpl, const char *const *pairs);

/* CLDR plural category ("zero","one","two","few","many","other") of n for a language. */
const char *i18n_plural_category(const char *code, long n);

/* Keys: every catalogue must have exactly the keys of en.json. Reads them all, and
 * writes the first error, missing or stray key to err; used by the completeness test. */
bool i18n_check_complete(struct i18n *i, char *err, size_t errcap);

#endif
