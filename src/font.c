/* Font loading, fallback by glyph coverage, measuring and rendering (see font.h). */
#include "font.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "text.h"

#define N_FACES 4
#define N_SIZES 8
#define PROBE_PX 32
#define SYMBOL_FACE 3 /* DejaVu Sans: arrows and signs */

static const char *const face_files[N_FACES][2] = {
	{"AtkinsonHyperlegibleNext-Regular.ttf", "AtkinsonHyperlegibleNext-Bold.ttf"},
	{"NotoSans-Regular.ttf", "NotoSans-Bold.ttf"},
	{"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"},
	{"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"},
};

struct sized {
	int px;
	unsigned last_use;
	TTF_Font *ttf; /* owned */
};

struct face {
	char path[2][512];
	TTF_Font *probe[2]; /* owned, PROBE_PX: coverage and metrics */
	struct sized sizes[2][N_SIZES];
};

struct font {
	struct face faces[N_FACES];
	double cap_ratio, line_ratio;
	unsigned clock;
};

void font_destroy(struct font *f)
{
	if (!f)
		return;
	for (int i = 0; i < N_FACES; i++)
		for (int s = 0; s < 2; s++) {
			if (f->faces[i].probe[s])
				TTF_CloseFont(f->faces[i].probe[s]);
			for (int k = 0; k < N_SIZES; k++)
				if (f->faces[i].sizes[s][k].ttf)
					TTF_CloseFont(f->faces[i].sizes[s][k].ttf);
		}
	SDL_free(f);
	TTF_Quit();
}

enum pk_err font_create(struct font **out, const char *dir, char *err, size_t errcap)
{
	*out = NULL;
	if (TTF_Init() != 0) {
		snprintf(err, errcap, "SDL_ttf: %s", TTF_GetError());
		return PK_ERR_UNSUPPORTED;
	}
	struct font *f = SDL_calloc(1, sizeof *f);
	if (!f) {
		TTF_Quit();
		return PK_ERR_NOMEM;
	}
	for (int i = 0; i < N_FACES; i++)
		for (int s = 0; s < 2; s++) {
			struct face *fc = &f->faces[i];
			snprintf(fc->path[s], sizeof fc->path[s], "%s/%s", dir, face_files[i][s]);
			fc->probe[s] = TTF_OpenFont(fc->path[s], PROBE_PX);
			if (!fc->probe[s]) {
				snprintf(err, errcap, "%s: cannot load font: %s", fc->path[s],
					 TTF_GetError());
				font_destroy(f);
				return PK_ERR_IO;
			}
		}
	int minx, maxx, miny, maxy, adv;
	TTF_Font *primary = f->faces[0].probe[FONT_REGULAR];
	if (TTF_GlyphMetrics32(primary, 'H', &minx, &maxx, &miny, &maxy, &adv) != 0)
		maxy = PROBE_PX * 7 / 10;
	f->cap_ratio = (double)maxy / PROBE_PX;
	int line = 0;
	for (int i = 0; i < N_FACES; i++) {
		TTF_Font *p = f->faces[i].probe[FONT_REGULAR];
		int h = TTF_FontAscent(p) - TTF_FontDescent(p);
		if (i != 2 && h > line) /* Arabic's tall marks may overhang a little */
			line = h;
	}
	f->line_ratio = (double)line / PROBE_PX;
	*out = f;
	return PK_OK;
}

double font_cap_ratio(const struct font *f)
{
	return f->cap_ratio;
}

double font_line_ratio(const struct font *f)
{
	return f->line_ratio;
}

static TTF_Font *sized(struct font *f, int face, enum font_style st, int px)
{
	struct sized *slots = f->faces[face].sizes[st], *victim = &slots[0];
	f->clock++;
	for (int k = 0; k < N_SIZES; k++) {
		if (slots[k].ttf && slots[k].px == px) {
			slots[k].last_use = f->clock;
			return slots[k].ttf;
		}
		if (!slots[k].ttf || slots[k].last_use < victim->last_use)
			victim = &slots[k];
	}
	if (victim->ttf)
		TTF_CloseFont(victim->ttf);
	victim->ttf = TTF_OpenFont(f->faces[face].path[st], px);
	victim->px = px;
	victim->last_use = f->clock;
	if (!victim->ttf)
		log_error("font %s at %d px: %s", f->faces[face].path[st], px, TTF_GetError());
	return victim->ttf;
}

/* Characters every face draws acceptably; they stay in the current run. */
static bool neutral(uint32_t cp)
{
	return cp == ' ' || (cp >= '0' && cp <= '9') || cp == '.' || cp == ',' || cp == ':' ||
	       cp == '-' || cp == '/' || cp == '(' || cp == ')';
}

static int face_for(struct font *f, enum font_style st, uint32_t cp, int current)
{
	/* Digits and punctuation continue a script run (Cyrillic, Arabic) but not a symbol
	 * run: "✓ 40" draws the 40 in the primary face, like the words around it. */
	if (current >= 0 && current != SYMBOL_FACE && neutral(cp) &&
	    TTF_GlyphIsProvided32(f->faces[current].probe[st], cp))
		return current;
	for (int i = 0; i < N_FACES; i++)
		if (TTF_GlyphIsProvided32(f->faces[i].probe[st], cp))
			return i;
	return -1;
}

struct run {
	int face;
	size_t start, len; /* bytes */
};

#define MAX_RUNS 32

/* Splits text into runs of one face each. Unknown characters go to the primary face
 * (drawn as its .notdef box: visible, never silently dropped). */
static size_t split_runs(struct font *f, enum font_style st, const char *text, struct run *runs)
{
	size_t n = 0, i = 0, len = strlen(text);
	int cur = -1;
	while (i < len) {
		uint32_t cp;
		size_t k = text_utf8_next(text + i, len - i, &cp);
		if (k == 0) {
			k = 1;
			cp = 0xFFFD;
		}
		int fc = face_for(f, st, cp, cur);
		if (fc < 0)
			fc = cur >= 0 ? cur : 0;
		if (fc != cur) {
			if (n == MAX_RUNS) {
				runs[n - 1].len = len - runs[n - 1].start;
				return n;
			}
			runs[n].face = fc;
			runs[n].start = i;
			runs[n].len = 0;
			n++;
			cur = fc;
		}
		runs[n - 1].len += k;
		i += k;
	}
	return n;
}

int font_width(struct font *f, enum font_style st, int px, const char *text)
{
	struct run runs[MAX_RUNS];
	size_t n = split_runs(f, st, text, runs);
	int total = 0;
	char buf[1024];
	for (size_t r = 0; r < n; r++) {
		TTF_Font *ttf = sized(f, runs[r].face, st, px);
		int w = 0, h = 0;
		size_t len = runs[r].len < sizeof buf - 1 ? runs[r].len : sizeof buf - 1;
		memcpy(buf, text + runs[r].start, len);
		buf[len] = '\0';
		if (ttf && TTF_SizeUTF8(ttf, buf, &w, &h) == 0)
			total += w;
	}
	return total;
}

SDL_Surface *font_render(struct font *f, enum font_style st, int px, const char *text,
			 bool base_rtl)
{
	(void)base_rtl;
	struct run runs[MAX_RUNS];
	size_t n = split_runs(f, st, text, runs);
	if (n == 0)
		return NULL;
	SDL_Surface *parts[MAX_RUNS] = {0};
	int ascent[MAX_RUNS] = {0};
	int width = 0, max_ascent = 0, max_below = 0;
	SDL_Color white = {255, 255, 255, 255};
	char buf[1024];
	for (size_t r = 0; r < n; r++) {
		TTF_Font *ttf = sized(f, runs[r].face, st, px);
		size_t len = runs[r].len < sizeof buf - 1 ? runs[r].len : sizeof buf - 1;
		memcpy(buf, text + runs[r].start, len);
		buf[len] = '\0';
		if (!ttf)
			continue;
		parts[r] = TTF_RenderUTF8_Blended(ttf, buf, white);
		if (!parts[r])
			continue;
		ascent[r] = TTF_FontAscent(ttf);
		width += parts[r]->w;
		if (ascent[r] > max_ascent)
			max_ascent = ascent[r];
		if (parts[r]->h - ascent[r] > max_below)
			max_below = parts[r]->h - ascent[r];
	}
	SDL_Surface *out = NULL;
	if (width > 0)
		out = SDL_CreateRGBSurfaceWithFormat(0, width, max_ascent + max_below, 32,
						     SDL_PIXELFORMAT_ARGB8888);
	int x = 0;
	for (size_t r = 0; r < n; r++) {
		if (!parts[r])
			continue;
		if (out) {
			SDL_Rect dst = {x, max_ascent - ascent[r], parts[r]->w, parts[r]->h};
			SDL_SetSurfaceBlendMode(parts[r], SDL_BLENDMODE_NONE);
			SDL_BlitSurface(parts[r], NULL, out, &dst);
			x += parts[r]->w;
		}
		SDL_FreeSurface(parts[r]);
	}
	return out;
}

bool font_covers(struct font *f, const char *text, uint32_t *missing)
{
	size_t i = 0, len = strlen(text);
	while (i < len) {
		uint32_t cp;
		size_t k = text_utf8_next(text + i, len - i, &cp);
		if (k == 0)
			return false;
		i += k;
		if (cp == ' ')
			continue;
		if (face_for(f, FONT_REGULAR, cp, -1) < 0 || face_for(f, FONT_BOLD, cp, -1) < 0) {
			if (missing)
				*missing = cp;
			return false;
		}
	}
	return true;
}
