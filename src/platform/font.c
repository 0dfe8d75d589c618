/* Font loading, fallback by glyph coverage, measuring and rendering (see font.h). Text is
 * cut into bidi runs (bidi.h), then into faces; each piece is shaped by SDL_ttf's HarfBuzz
 * with its own direction and script and the pieces are placed side by side. Simple text
 * (text_is_simple) is shaped with HarfBuzz on our own FreeType faces instead, glyph by
 * glyph, repeating SDL_ttf 2.20's arithmetic (TTF_Size_Internal, Render_Line), so that
 * it can be drawn from a glyph atlas with the very same positions and widths. */
#include "font.h"

#include <SDL_ttf.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bidi.h"
#include "fontfile.h"
#include "log.h"
#include "text.h"

#define N_FACES 4
#define N_SIZES 8
#define PROBE_PX 32
#define SYMBOL_FACE 3 /* DejaVu Sans: arrows and signs */
/* Widths measured before: layout measures the same few hundred texts (at a few sizes,
 * while fitting) every frame, and shaping them again was most of its time. Sets of
 * MEASURE_WAYS by a hash of (style, px, text), the least recently used of a set replaced
 * (direct-mapped, texts that collided measured each other out: a refresh frame shaped
 * about 20 texts it had measured before); texts longer than a slot are measured each
 * time. */
#define MEASURE_SLOTS 2048
#define MEASURE_WAYS 4
#define MEASURE_TEXT 120
#define CAP_CACHE 1024
/* Glyph boxes remembered per sized face (direct-mapped by glyph index), as SDL_ttf keeps
 * 256 per font: layout measures the same letters again and again. */
#define METRIC_SLOTS 256
/* 26.6 fixed point to pixels, as SDL_ttf rounds */
#define FT_FLOOR(X) ((int)(((X) & -64) / 64))
#define FT_CEIL(X) FT_FLOOR((X) + 63)
#define LOAD_FLAGS (FT_LOAD_DEFAULT | FT_LOAD_TARGET_NORMAL)

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

struct metric {
	uint32_t id;
	bool valid;
	int left, top, w, h; /* the glyph's bitmap relative to the pen on the baseline */
};

/* A face at one size for simple text: FreeType hinted metrics, HarfBuzz shaping. */
struct ftsized {
	int px;
	unsigned last_use;
	FT_Face face;           /* owned */
	struct fontfile *file;  /* owned: what face reads from */
	FT_StreamRec stream;    /* reads file (not a mapping of it: see ft_open) */
	hb_font_t *hb;          /* owned */
	struct metric *metrics; /* owned, METRIC_SLOTS */
	int ascent, height;     /* as SDL_ttf computes them */
};

struct face {
	char path[2][512];
	TTF_Font *probe[2]; /* owned, PROBE_PX: coverage and metrics */
	struct sized sizes[2][N_SIZES];
	struct ftsized ft[2][N_SIZES];
};

struct measured {
	uint64_t hash; /* 0 = empty */
	int px, width;
	enum font_style style;
	char text[MEASURE_TEXT];
};

struct font {
	FT_Library ft; /* owned: the faces of simple text */
	struct face faces[N_FACES];
	struct measured measured[MEASURE_SLOTS];
	double cap_ratio, line_ratio;
	double rtl_raise; /* of px: how much higher right-to-left lines sit (see font_render) */
	unsigned clock;
	short cap_cache[CAP_CACHE]; /* font_cap_px by px, 0 = not measured yet */
};

static void ft_close(struct ftsized *z)
{
	if (z->hb)
		hb_font_destroy(z->hb);
	if (z->face)
		FT_Done_Face(z->face);
	fontfile_close(z->file);
	free(z->metrics);
	memset(z, 0, sizeof *z);
}

/* SDL_ttf's font at px, read through a window (fontfile.h), not through stdio. */
static TTF_Font *open_ttf(const char *path, int px)
{
	struct fontfile *ff;
	if (fontfile_open(&ff, path) != PK_OK) {
		SDL_SetError("cannot open or read the file");
		return NULL;
	}
	SDL_RWops *rw = fontfile_rwops(ff);
	return rw ? TTF_OpenFontRW(rw, 1, px) : NULL; /* 1: rw is closed with the font */
}

void font_destroy(struct font *f)
{
	if (!f)
		return;
	for (int i = 0; i < N_FACES; i++)
		for (int s = 0; s < 2; s++) {
			if (f->faces[i].probe[s])
				TTF_CloseFont(f->faces[i].probe[s]);
			for (int k = 0; k < N_SIZES; k++) {
				if (f->faces[i].sizes[s][k].ttf)
					TTF_CloseFont(f->faces[i].sizes[s][k].ttf);
				ft_close(&f->faces[i].ft[s][k]);
			}
		}
	if (f->ft)
		FT_Done_FreeType(f->ft);
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
	if (FT_Init_FreeType(&f->ft) != 0) {
		snprintf(err, errcap, "FreeType: cannot initialise");
		font_destroy(f);
		return PK_ERR_UNSUPPORTED;
	}
	for (int i = 0; i < N_FACES; i++)
		for (int s = 0; s < 2; s++) {
			struct face *fc = &f->faces[i];
			snprintf(fc->path[s], sizeof fc->path[s], "%s/%s", dir, face_files[i][s]);
			fc->probe[s] = open_ttf(fc->path[s], PROBE_PX);
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
	victim->ttf = open_ttf(f->faces[face].path[st], px);
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

/* SDL_ttf's charmap choice: UCS-4 first, then the BMP ones (TTF_OpenFontIndexDPIRW). */
static void ft_charmap(FT_Face face)
{
	for (int i = 0; i < face->num_charmaps; i++) {
		FT_CharMap cm = face->charmaps[i];
		if (cm->platform_id == 3 && cm->encoding_id == 10) {
			FT_Set_Charmap(face, cm);
			return;
		}
	}
	for (int i = 0; i < face->num_charmaps; i++) {
		FT_CharMap cm = face->charmaps[i];
		if ((cm->platform_id == 3 && cm->encoding_id <= 1) ||
		    (cm->platform_id == 2 && cm->encoding_id == 1) || cm->platform_id == 0) {
			FT_Set_Charmap(face, cm);
			return;
		}
	}
}

static unsigned long stream_read(FT_Stream st, unsigned long offset, unsigned char *buf,
                                 unsigned long count)
{
	struct fontfile *ff = st->descriptor.pointer;
	if (count == 0) /* a seek: failure is non-zero */
		return offset > fontfile_size(ff);
	return (unsigned long)fontfile_read(ff, offset, buf, count);
}

static void stream_close(FT_Stream st)
{
	(void)st; /* the file is closed by ft_close */
}

static enum pk_err ft_open(struct font *f, struct ftsized *z, const char *path, int px)
{
	memset(z, 0, sizeof *z);
	/* Read through a window (fontfile.h), not FT_New_Face's mapping of the whole file:
	 * the tables FreeType keeps are copied, and the rest of a 700 KB symbol font (of
	 * which we draw a few arrows) never becomes resident. */
	enum pk_err rc = fontfile_open(&z->file, path);
	if (rc != PK_OK) {
		ft_close(z);
		return rc;
	}
	z->stream.size = (unsigned long)fontfile_size(z->file);
	z->stream.descriptor.pointer = z->file;
	z->stream.read = stream_read;
	z->stream.close = stream_close;
	FT_Open_Args args = {.flags = FT_OPEN_STREAM, .stream = &z->stream};
	if (FT_Open_Face(f->ft, &args, 0, &z->face) != 0) {
		z->face = NULL;
		ft_close(z);
		return PK_ERR_IO;
	}
	ft_charmap(z->face);
	/* TTF_SetFontSizeDPI with no DPI: FreeType's 72 dpi, so points are pixels */
	if (FT_Set_Char_Size(z->face, 0, (FT_F26Dot6)px * 64, 0, 0) != 0) {
		ft_close(z);
		return PK_ERR_IO;
	}
	z->hb = hb_ft_font_create(z->face, NULL);
	z->metrics = calloc(METRIC_SLOTS, sizeof *z->metrics);
	if (!z->hb || !z->metrics) {
		ft_close(z);
		return PK_ERR_NOMEM;
	}
	/* hinted advances, matching the hinted outlines drawn (as SDL_ttf sets them) */
	hb_ft_font_set_load_flags(z->hb, LOAD_FLAGS);
	FT_Fixed scale = z->face->size->metrics.y_scale;
	z->ascent = FT_CEIL(FT_MulFix(z->face->ascender, scale));
	z->height = FT_CEIL(FT_MulFix(z->face->ascender - z->face->descender, scale));
	z->px = px;
	return PK_OK;
}

static struct ftsized *ft_sized(struct font *f, int face, enum font_style st, int px)
{
	struct ftsized *slots = f->faces[face].ft[st], *victim = &slots[0];
	f->clock++;
	for (int k = 0; k < N_SIZES; k++) {
		if (slots[k].face && slots[k].px == px) {
			slots[k].last_use = f->clock;
			return &slots[k];
		}
		if (!slots[k].face || slots[k].last_use < victim->last_use)
			victim = &slots[k];
	}
	ft_close(victim);
	if (ft_open(f, victim, f->faces[face].path[st], px) != PK_OK) {
		log_error("font %s at %d px: FreeType cannot open it", f->faces[face].path[st], px);
		return NULL;
	}
	victim->last_use = f->clock;
	return victim;
}

/* The glyph's bitmap box, as SDL_ttf's Load_Glyph takes it (the bitmap FreeType presets
 * when loading, else the outline's metrics). */
static const struct metric *glyph_metric(struct ftsized *z, uint32_t id)
{
	struct metric *m = &z->metrics[id % METRIC_SLOTS];
	if (m->valid && m->id == id)
		return m;
	if (FT_Load_Glyph(z->face, id, LOAD_FLAGS) != 0)
		return NULL;
	FT_GlyphSlot g = z->face->glyph;
	m->left = g->bitmap_left;
	m->top = g->bitmap_top;
	m->w = (int)g->bitmap.width;
	m->h = (int)g->bitmap.rows;
	if (m->left == 0 && m->top == 0 && m->w == 0 && m->h == 0) {
		const FT_Glyph_Metrics *gm = &g->metrics;
		int minx = FT_FLOOR(gm->horiBearingX), maxx = FT_CEIL(gm->horiBearingX + gm->width);
		int maxy = FT_FLOOR(gm->horiBearingY), miny = maxy - FT_CEIL(gm->height);
		m->left = minx;
		m->top = maxy;
		m->w = maxx - minx;
		m->h = maxy - miny;
	}
	m->id = id;
	m->valid = true;
	return m;
}

static bool run_reserve(struct font_run *r, size_t *cap, size_t more)
{
	if (r->n + more <= *cap)
		return true;
	size_t want = (r->n + more) * 2;
	struct font_glyph *v = realloc(r->g, want * sizeof *v);
	if (!v)
		return false;
	r->g = v;
	*cap = want;
	return true;
}

/* One piece as TTF_Size_Internal measures it and Render_Line draws it (HarfBuzz branch):
 * appends its glyphs in the piece's own surface coordinates; *w, *h that surface. */
static enum pk_err shape_piece(struct ftsized *z, int face, const char *s, size_t len,
                               struct font_run *r, size_t *cap, int *w, int *h)
{
	hb_buffer_t *b = hb_buffer_create();
	if (!hb_buffer_allocation_successful(b)) {
		hb_buffer_destroy(b);
		return PK_ERR_NOMEM;
	}
	const char *sc = script_of(s, len);
	hb_buffer_set_direction(b, HB_DIRECTION_LTR);
	hb_buffer_set_script(b, HB_TAG(sc[0], sc[1], sc[2], sc[3]));
	hb_buffer_add_utf8(b, s, (int)len, 0, (int)len);
	hb_shape(z->hb, b, NULL, 0);
	unsigned count = 0;
	const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &count);
	const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &count);
	enum pk_err e = PK_OK;
	size_t first = r->n;
	if (!run_reserve(r, cap, count)) {
		hb_buffer_destroy(b);
		return PK_ERR_NOMEM;
	}
	int x = 0, y = 0, minx = 0, maxx = 0, miny = 0, maxy = z->height;
	for (unsigned i = 0; i < count; i++) {
		const struct metric *m = glyph_metric(z, info[i].codepoint);
		if (!m) {
			e = PK_ERR_UNSUPPORTED;
			break;
		}
		int pos_x = x + pos[i].x_offset;
		int pos_y = y + z->ascent * 64 - pos[i].y_offset;
		x += pos[i].x_advance;
		y += pos[i].y_advance;
		int gx = FT_FLOOR(pos_x) + m->left, gy = FT_FLOOR(pos_y) - m->top;
		minx = gx < minx ? gx : minx;
		maxx = gx + m->w > maxx ? gx + m->w : maxx;
		miny = gy < miny ? gy : miny;
		maxy = gy + m->h > maxy ? gy + m->h : maxy;
		r->g[r->n++] = (struct font_glyph){
		    .id = info[i].codepoint, .face = face, .x = gx, .y = gy, .w = m->w, .h = m->h};
	}
	hb_buffer_destroy(b);
	if (e != PK_OK)
		return e;
	if (FT_FLOOR(x) > maxx)
		maxx = FT_FLOOR(x);
	/* the surface starts at the leftmost and topmost ink (xstart, ystart) */
	for (size_t i = first; i < r->n; i++) {
		r->g[i].x -= minx;
		r->g[i].y -= miny;
	}
	*w = maxx - minx;
	*h = maxy - miny;
	if (*w == 0) /* TTF_Render* draws nothing for a text of zero width */
		r->n = first;
	return PK_OK;
}

void font_run_finish(struct font_run *r)
{
	if (!r)
		return;
	free(r->g);
	memset(r, 0, sizeof *r);
}

enum pk_err font_run_create(struct font *f, enum font_style st, int px, const char *text,
                            bool base_rtl, struct font_run *out)
{
	memset(out, 0, sizeof *out);
	out->style = st;
	out->px = px;
	if (base_rtl || !text_is_simple(text))
		return PK_ERR_UNSUPPORTED;
	size_t len = strlen(text), cap = 0;
	if (len == 0)
		return PK_OK;
	/* Left to right only: the bidi runs are the whole text, cut by face as font_render
	 * cuts it. */
	struct pieces p = {malloc(len * sizeof *p.v), 0, NULL};
	if (!p.v)
		return PK_ERR_NOMEM;
	split_faces(f, st, text, 0, len, false, &p);
	enum pk_err e = PK_OK;
	int max_ascent = 0, max_below = 0, x = 0;
	/* the pieces side by side, each at its own ascent below the tallest (font_render) */
	int *ascent = calloc(p.n, sizeof *ascent);
	size_t *start = calloc(p.n + 1, sizeof *start);
	if (!ascent || !start)
		e = PK_ERR_NOMEM;
	for (size_t i = 0; i < p.n && e == PK_OK; i++) {
		struct ftsized *z = ft_sized(f, p.v[i].face, st, px);
		if (!z) {
			e = PK_ERR_IO;
			break;
		}
		int w = 0, h = 0;
		start[i] = out->n;
		e = shape_piece(z, p.v[i].face, text + p.v[i].start, p.v[i].len, out, &cap, &w, &h);
		if (e != PK_OK || w == 0)
			continue;
		for (size_t k = start[i]; k < out->n; k++)
			out->g[k].x += x;
		x += w;
		ascent[i] = z->ascent;
		max_ascent = z->ascent > max_ascent ? z->ascent : max_ascent;
		max_below = h - z->ascent > max_below ? h - z->ascent : max_below;
	}
	start[p.n] = out->n;
	if (e == PK_OK) {
		for (size_t i = 0; i < p.n; i++)
			for (size_t k = start[i]; k < start[i + 1]; k++)
				out->g[k].y += max_ascent - ascent[i];
		out->w = x;
		out->h = x > 0 ? max_ascent + max_below : 0;
	}
	free(ascent);
	free(start);
	free(p.v);
	if (e != PK_OK)
		font_run_finish(out);
	out->style = st;
	out->px = px;
	return e;
}

bool font_glyph_coverage(struct font *f, enum font_style st, int px, const struct font_glyph *g,
                         uint8_t *buf, size_t cap)
{
	if (g->face < 0 || g->face >= N_FACES || (size_t)g->w * (size_t)g->h > cap)
		return false;
	struct ftsized *z = ft_sized(f, g->face, st, px);
	if (!z || FT_Load_Glyph(z->face, g->id, LOAD_FLAGS) != 0 ||
	    FT_Render_Glyph(z->face->glyph, FT_RENDER_MODE_NORMAL) != 0)
		return false;
	const FT_Bitmap *b = &z->face->glyph->bitmap;
	if (b->pixel_mode != FT_PIXEL_MODE_GRAY && b->rows > 0)
		return false;
	memset(buf, 0, (size_t)g->w * (size_t)g->h);
	int rows = (int)b->rows < g->h ? (int)b->rows : g->h;
	int cols = (int)b->width < g->w ? (int)b->width : g->w;
	for (int y = 0; y < rows; y++)
		memcpy(buf + (size_t)y * g->w, b->buffer + (ptrdiff_t)y * b->pitch, (size_t)cols);
	return true;
}

/* font_render of a run: each glyph's coverage OR-ed into the alpha of white, as SDL_ttf's
 * blended rendering combines overlapping glyphs. */
static SDL_Surface *render_run(struct font *f, const struct font_run *r)
{
	if (r->w <= 0 || r->h <= 0)
		return NULL;
	SDL_Surface *out =
	    SDL_CreateRGBSurfaceWithFormat(0, r->w, r->h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!out)
		return NULL;
	SDL_FillRect(out, NULL, 0x00FFFFFFu);
	uint8_t *cov = NULL;
	size_t cov_cap = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct font_glyph *g = &r->g[i];
		size_t need = (size_t)g->w * (size_t)g->h;
		if (need == 0)
			continue;
		if (need > cov_cap) {
			uint8_t *v = realloc(cov, need);
			if (!v)
				break;
			cov = v;
			cov_cap = need;
		}
		if (!font_glyph_coverage(f, r->style, r->px, g, cov, cov_cap))
			continue;
		for (int y = 0; y < g->h; y++) {
			int ty = g->y + y;
			if (ty < 0 || ty >= out->h)
				continue;
			Uint32 *row = (Uint32 *)((Uint8 *)out->pixels + ty * out->pitch);
			for (int x = 0; x < g->w; x++) {
				int tx = g->x + x;
				if (tx >= 0 && tx < out->w)
					row[tx] |= (Uint32)cov[(size_t)y * g->w + x] << 24;
			}
		}
	}
	free(cov);
	return out;
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
	/* a set, most recently used first */
	struct measured *set = &f->measured[h % (MEASURE_SLOTS / MEASURE_WAYS) * MEASURE_WAYS];
	int way = 0;
	while (way < MEASURE_WAYS &&
	       !(set[way].hash == h && set[way].px == px && set[way].style == st &&
	         memcmp(set[way].text, text, len + 1) == 0))
		way++;
	struct measured m;
	if (way < MEASURE_WAYS) {
		if (way == 0)
			return set[0].width;
		m = set[way];
	} else {
		way = MEASURE_WAYS - 1; /* the least recently used goes */
		m.hash = h;
		m.px = px;
		m.style = st;
		m.width = shaped_width(f, st, px, text);
		memcpy(m.text, text, len + 1);
	}
	memmove(set + 1, set, (size_t)way * sizeof *set);
	set[0] = m;
	return m.width;
}

static int shaped_width(struct font *f, enum font_style st, int px, const char *text)
{
	/* Simple text: the run's width, so what is measured is what the atlas draws. */
	struct font_run run;
	enum pk_err e = font_run_create(f, st, px, text, false, &run);
	if (e == PK_OK) {
		int w = run.w;
		font_run_finish(&run);
		return w;
	}
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
	struct font_run run;
	if (font_run_create(f, st, px, text, base_rtl, &run) == PK_OK) {
		SDL_Surface *s = render_run(f, &run);
		font_run_finish(&run);
		return s;
	}
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
