/* Directional runs in visual order (see bidi.h). libfribidi resolves the embedding levels
 * (UAX #9 P2–I2, L1); the runs are then reordered by rule L2 here, whole runs at a time,
 * because the characters inside a run must stay in logical order for the shaper. */
#include "bidi.h"

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define BIDI_MAX_BYTES (1 << 20) /* fribidi indexes with int; our lines are far shorter */

static void reverse(struct bidi_run *r, size_t a, size_t b) /* [a, b) */
{
	while (a + 1 < b) {
		struct bidi_run t = r[a];
		r[a] = r[--b];
		r[b] = t;
		a++;
	}
}

/* Rule L2: from the highest level down to the lowest odd level, reverse every maximal
 * sequence of runs at that level or higher. */
static void reorder(struct bidi_run *r, size_t nr)
{
	int max = 0, min_odd = 255;
	for (size_t i = 0; i < nr; i++) {
		if (r[i].level > max)
			max = r[i].level;
		if ((r[i].level & 1) && r[i].level < min_odd)
			min_odd = r[i].level;
	}
	for (int lev = max; lev >= min_odd; lev--) {
		size_t i = 0;
		while (i < nr) {
			if (r[i].level < lev) {
				i++;
				continue;
			}
			size_t j = i;
			while (j < nr && r[j].level >= lev)
				j++;
			reverse(r, i, j);
			i = j;
		}
	}
}

enum pk_err bidi_split(const char *text, enum bidi_dir base, struct bidi_run *runs, size_t cap,
                       size_t *n)
{
	*n = 0;
	size_t len = strnlen(text, BIDI_MAX_BYTES);
	if (len == 0)
		return PK_OK;
	enum pk_err rc = PK_ERR_NOMEM;
	FriBidiChar *cps = malloc(len * sizeof *cps);
	size_t *offs = malloc((len + 1) * sizeof *offs);
	FriBidiCharType *types = malloc(len * sizeof *types);
	FriBidiBracketType *brackets = malloc(len * sizeof *brackets);
	FriBidiLevel *levels = malloc(len * sizeof *levels);
	struct bidi_run *all = NULL;
	if (!cps || !offs || !types || !brackets || !levels)
		goto out;

	size_t count = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = text_utf8_step(text + i, len - i, &cp); /* bad byte: U+FFFD */
		offs[count] = i;
		cps[count++] = cp;
		i += k;
	}
	offs[count] = len;

	fribidi_get_bidi_types(cps, (FriBidiStrIndex)count, types);
	fribidi_get_bracket_types(cps, (FriBidiStrIndex)count, types, brackets);
	FriBidiParType dir = base == BIDI_RTL   ? FRIBIDI_PAR_RTL
	                     : base == BIDI_LTR ? FRIBIDI_PAR_LTR
	                                        : FRIBIDI_PAR_ON;
	if (!fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)count, &dir,
	                                         levels))
		goto out;
	/* Only for L1's last part (trailing white space takes the paragraph level); no map,
	 * no visual string: the reordering is done on whole runs below. */
	if (!fribidi_reorder_line(0, types, (FriBidiStrIndex)count, 0, dir, levels, NULL, NULL))
		goto out;

	size_t nr = 1;
	for (size_t i = 1; i < count; i++)
		nr += levels[i] != levels[i - 1];
	all = malloc(nr * sizeof *all);
	if (!all)
		goto out;
	size_t r = 0, first = 0;
	for (size_t i = 1; i <= count; i++) {
		if (i < count && levels[i] == levels[first])
			continue;
		all[r].start = offs[first];
		all[r].len = offs[i] - offs[first];
		all[r].level = levels[first];
		all[r].rtl = levels[first] & 1;
		r++;
		first = i;
	}
	reorder(all, nr);
	if (cap > 0)
		memcpy(runs, all, (nr < cap ? nr : cap) * sizeof *runs);
	*n = nr;
	rc = PK_OK;
out:
	free(all);
	free(levels);
	free(brackets);
	free(types);
	free(offs);
	free(cps);
	return rc;
}

enum bidi_dir bidi_last_strong(const char *s, size_t len)
{
	enum bidi_dir last = BIDI_AUTO;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = text_utf8_step(s + i, len - i, &cp); /* U+FFFD is neutral */
		FriBidiCharType t = fribidi_get_bidi_type(cp);
		if (FRIBIDI_IS_LETTER(t))
			last = FRIBIDI_IS_RTL(t) ? BIDI_RTL : BIDI_LTR;
		i += k;
	}
	return last;
}
