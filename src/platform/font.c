/* Font loading, fallback by glyph coverage, measuring and rendering (see font.h). Text is
 * cut into bidi runs (bidi.h), then into faces; each piece is shaped by SDL_ttf's HarfBuzz
 * with its own direction and script and the pieces are placed side by side. */
#include "font.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bidi.h"
#include "log.h"
#include "text.h"

#define N_FACES 4
#define N_SIZES 8
#define PROBE_PX 32
#define SYMBOL_FACE 3 /* DejaVu Sans: arrows and signs */
/* Widths measured before: layout measures the same few dozen texts (at a few sizes,
 * while fitting) every frame, and shaping them again was most of its time. Direct-mapped
 * by a hash of (style, px, text); texts longer than a slot are measured each time. */
#define MEASURE_SLOTS 1024
#define MEASURE_TEXT 120
#define CAP_CACHE 1024

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

struct measured {
	uint64_t hash; /* 0 = empty */
	int px, width;
	enum font_style style;
	char text[MEASURE_TEXT];
};

struct font {
	struct face faces[N_FACES];
	struct measured measured[MEASURE_SLOTS];
	double cap_ratio, line_ratio;
	double rtl_raise; /* of px: how much higher right-to-left lines sit (see font_render) */
	unsigned clock;
	short cap_cache[CAP_CACHE]; /* font_cap_px by px, 0 = not measured yet */
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
	/* Arabic letters reach much further below the baseline than Latin ones (yeh, hah:
	 * about twice as deep), and the line height is Latin's, so Arabic lines are raised
	 * by half the difference: the deep tails stay inside chips and badges. */
	int ar_min = 0, lat_min = 0;
	if (TTF_GlyphMetrics32(f->faces[2].probe[FONT_REGULAR], 0x064A, &minx, &maxx, &ar_min,
	                       &maxy, &adv) != 0 ||
	    TTF_GlyphMetrics32(primary, 'p', &minx, &maxx, &lat_min, &maxy, &adv) != 0)
		ar_min = lat_min = 0;
	f->rtl_raise = lat_min > ar_min ? (double)(lat_min - ar_min) / 2 / PROBE_PX : 0;
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

/* Invisible format characters (bidi marks, joiners): HarfBuzz hides them, so they never
 * start a piece of their own. */
static bool format_char(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x00AD;
}

static int face_for(struct font *f, enum font_style st, uint32_t cp, int current)
{
	if (current >= 0 && format_char(cp))
		return current;
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

/* A piece of text drawn with one face in one direction: a bidi run, cut further where
 * the face changes. Pieces are kept in visual order, each in logical order. */
struct piece {
	int face;
	size_t start, len; /* bytes */
	bool rtl;
};

struct pieces {
	struct piece *v; /* owned */
	size_t n;
	char *buf; /* owned: room for one piece's text and its NUL */
};

static void pieces_finish(struct pieces *p)
{
	free(p->v);
	free(p->buf);
}

/* Splits [start, start + len) of text into runs of one face each, in logical order, and
 * appends them (reversed for a right-to-left run, so the list stays in visual order).
 * Unknown characters go to the primary face (drawn as its .notdef box: visible, never
 * silently dropped). */
static void split_faces(struct font *f, enum font_style st, const char *text, size_t start,
                        size_t len, bool rtl, struct pieces *p)
{
	size_t first = p->n, i = start, end = start + len;
	int cur = -1;
	while (i < end) {
		uint32_t cp;
		size_t k = text_utf8_step(text + i, end - i, &cp);
		int fc = face_for(f, st, cp, cur);
		if (fc < 0)
			fc = cur >= 0 ? cur : 0;
		if (fc != cur) {
			p->v[p->n++] = (struct piece){.face = fc, .start = i, .len = 0, .rtl = rtl};
			cur = fc;
		}
		p->v[p->n - 1].len += k;
		i += k;
	}
	if (rtl) /* the run's last logical piece is its leftmost */
		for (size_t a = first, b = p->n; a + 1 < b; a++, b--) {
			struct piece t = p->v[a];
			p->v[a] = p->v[b - 1];
			p->v[b - 1] = t;
		}
}

/* Bidi runs first (so Arabic is shaped right to left as a whole and numbers in it stay
 * left to right), then faces by glyph coverage within each run. False when out of
 * memory. */
static bool split_pieces(struct font *f, enum font_style st, const char *text, enum bidi_dir dir,
                         struct pieces *p)
{
	size_t len = strlen(text);
	memset(p, 0, sizeof *p);
	if (len == 0)
		return true;
	struct bidi_run stack[16], *runs = stack;
	size_t nr = 0;
	if (bidi_split(text, dir, stack, 16, &nr) != PK_OK)
		return false;
	if (nr > 16) {
		runs = malloc(nr * sizeof *runs);
		if (!runs || bidi_split(text, dir, runs, nr, &nr) != PK_OK) {
			free(runs);
			return false;
		}
	}
	/* at most one piece per character */
	p->v = malloc(len * sizeof *p->v);
	p->buf = malloc(len + 1);
	if (p->v && p->buf)
		for (size_t r = 0; r < nr; r++)
			split_faces(f, st, text, runs[r].start, runs[r].len, runs[r].rtl, p);
	if (runs != stack)
		free(runs);
	if (!p->v || !p->buf) {
		pieces_finish(p);
		return false;
	}
	return true;
}

static bool is_arabic(uint32_t cp)
{
	return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
	       (cp >= 0x08A0 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
	       (cp >= 0xFE70 && cp <= 0xFEFF);
}

static bool is_cyrillic(uint32_t cp)
{
	return cp >= 0x0400 && cp <= 0x052F;
}

/* ISO 15924 script of a piece for HarfBuzz: the first Arabic or Cyrillic letter decides;
 * anything else (Latin, digits, symbols) is shaped as Latin. */
static const char *script_of(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += text_utf8_step(s + i, len - i, &cp); /* U+FFFD is neither */
		if (is_arabic(cp))
			return "Arab";
		if (is_cyrillic(cp))
			return "Cyrl";
	}
	return "Latn";
}

/* The piece's text (NUL-terminated in p->buf) and its face at px, set up for shaping in
 * the piece's direction and script; NULL if the face cannot be opened at that size. */
static TTF_Font *piece_begin(struct font *f, enum font_style st, int px, const char *text,
                             struct pieces *p, size_t i)
{
	const struct piece *pc = &p->v[i];
	memcpy(p->buf, text + pc->start, pc->len);
	p->buf[pc->len] = '\0';
	TTF_Font *ttf = sized(f, pc->face, st, px);
	if (ttf) {
		TTF_SetFontDirection(ttf, pc->rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
		TTF_SetFontScriptName(ttf, script_of(p->buf, pc->len));
	}
	return ttf;
}

/* Back to SDL_ttf's defaults (left to right, script guessed by HarfBuzz), so a cached
 * size never carries a direction into a caller that did not set one. */
static void piece_end(TTF_Font *ttf)
{
	if (!ttf)
		return;
	TTF_SetFontDirection(ttf, TTF_DIRECTION_LTR);
	TTF_SetFontScriptName(ttf, "Zzzz");
}

static uint64_t measure_hash(enum font_style st, int px, const char *text, size_t len)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(unsigned)px ^ ((uint64_t)st << 32);
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 1099511628211ull;
	return h ? h : 1;
}

static int shaped_width(struct font *f, enum font_style st, int px, const char *text);

int font_width(struct font *f, enum font_style st, int px, const char *text)
{
	size_t len = strlen(text);
	if (len >= MEASURE_TEXT)
		return shaped_width(f, st, px, text);
	uint64_t h = measure_hash(st, px, text, len);
	struct measured *m = &f->measured[h % MEASURE_SLOTS];
	if (m->hash == h && m->px == px && m->style == st && memcmp(m->text, text, len + 1) == 0)
		return m->width;
	int w = shaped_width(f, st, px, text);
	m->hash = h;
	m->px = px;
	m->style = st;
	m->width = w;
	memcpy(m->text, text, len + 1);
	return w;
}

static int shaped_width(struct font *f, enum font_style st, int px, const char *text)
{
	/* The measurer has no paragraph direction: the first strong character gives it. Widths
	 * hardly depend on it (only where neutral characters are cut between runs). */
	struct pieces p;
	if (!split_pieces(f, st, text, BIDI_AUTO, &p)) {
		log_error("font: out of memory measuring text");
		return 0;
	}
	int total = 0;
	for (size_t i = 0; i < p.n; i++) {
		TTF_Font *ttf = piece_begin(f, st, px, text, &p, i);
		int w = 0, h = 0;
		if (ttf && TTF_SizeUTF8(ttf, p.buf, &w, &h) == 0)
			total += w;
		piece_end(ttf);
	}
	pieces_finish(&p);
	return total;
}

SDL_Surface *font_render(struct font *f, enum font_style st, int px, const char *text,
                         bool base_rtl)
{
	struct pieces p;
	if (!split_pieces(f, st, text, base_rtl ? BIDI_RTL : BIDI_LTR, &p)) {
		log_error("font: out of memory rendering text");
		return NULL;
	}
	if (p.n == 0)
		return NULL;
	SDL_Surface **parts = calloc(p.n, sizeof *parts);
	int *ascent = calloc(p.n, sizeof *ascent);
	SDL_Surface *out = NULL;
	if (!parts || !ascent)
		goto out;
	int width = 0, max_ascent = 0, max_below = 0;
	SDL_Color white = {255, 255, 255, 255};
	for (size_t r = 0; r < p.n; r++) {
		TTF_Font *ttf = piece_begin(f, st, px, text, &p, r);
		if (!ttf)
			continue;
		parts[r] = TTF_RenderUTF8_Blended(ttf, p.buf, white);
		piece_end(ttf);
		if (!parts[r])
			continue;
		ascent[r] = TTF_FontAscent(ttf);
		width += parts[r]->w;
		if (ascent[r] > max_ascent)
			max_ascent = ascent[r];
		if (parts[r]->h - ascent[r] > max_below)
			max_below = parts[r]->h - ascent[r];
	}
	/* Right-to-left (Arabic) lines: empty rows below, so a caller centring the surface in
	 * its line box draws the text rtl_raise higher (every line of the paragraph alike,
	 * so the baselines of one row still agree). */
	if (base_rtl)
		max_below += 2 * (int)(f->rtl_raise * px + 0.5);
	if (width > 0)
		out = SDL_CreateRGBSurfaceWithFormat(0, width, max_ascent + max_below, 32,
		                                     SDL_PIXELFORMAT_ARGB8888);
	int x = 0;
	for (size_t r = 0; r < p.n; r++) {
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
out:
	free(ascent);
	free(parts);
	pieces_finish(&p);
	return out;
}

/* Rows of the surface with at least one pixel of half coverage or more: what the eye
 * takes as the letter's height once it is rasterised and hinted at that size. */
static int ink_rows(SDL_Surface *s)
{
	if (SDL_MUSTLOCK(s) && SDL_LockSurface(s) != 0)
		return 0;
	int top = -1, bottom = -1;
	for (int y = 0; y < s->h; y++) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
		for (int x = 0; x < s->w; x++)
			if ((row[x] >> 24) >= 128) {
				if (top < 0)
					top = y;
				bottom = y;
				break;
			}
	}
	if (SDL_MUSTLOCK(s))
		SDL_UnlockSurface(s);
	return top < 0 ? 0 : bottom - top + 1;
}

int font_cap_px(struct font *f, int px)
{
	if (px <= 0)
		return 0;
	if (px < CAP_CACHE && f->cap_cache[px])
		return f->cap_cache[px];
	int cap = 0;
	for (int st = 0; st < 2; st++) {
		SDL_Surface *s = font_render(f, (enum font_style)st, px, "H", false);
		int h = s ? ink_rows(s) : (int)(px * f->cap_ratio);
		if (s)
			SDL_FreeSurface(s);
		if (st == 0 || h < cap)
			cap = h; /* the smaller of regular and bold */
	}
	if (px < CAP_CACHE)
		f->cap_cache[px] = (short)cap;
	return cap;
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
		if (cp == ' ' || format_char(cp))
			continue; /* nothing to draw */
		if (face_for(f, FONT_REGULAR, cp, -1) < 0 || face_for(f, FONT_BOLD, cp, -1) < 0) {
			if (missing)
				*missing = cp;
			return false;
		}
	}
	return true;
}
