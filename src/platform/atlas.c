/* Glyph atlas (see atlas.h). Glyphs are found through an open-addressing table keyed by
 * (glyph, face, style, size, colour); a page that is emptied takes its glyphs out of the
 * table by rebuilding it from the survivors. */
#include "atlas.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "shelf.h"

#define PAGE_PX 512
#define MAX_PAGES 64
#define TABLE_SLOTS 4096 /* a power of two; kept at most half full */
#define PAD 1            /* transparent pixels around each glyph (no bleeding when sampled) */

struct entry {
	bool used;
	uint32_t id;
	uint8_t face, style;
	uint16_t px;
	uint32_t rgb;
	uint8_t page;
	SDL_Rect r; /* where the glyph lies in its page */
};

struct page {
	uint8_t *cov;     /* owned: the page's coverage (alpha), pack.w per row; NULL = free */
	SDL_Texture *tex; /* owned: the same as coloured pixels, made when atlas_glyph asks */
	struct shelf_page pack;
	unsigned last_frame;
	long bytes;
};

struct atlas {
	SDL_Renderer *r; /* borrowed */
	struct font *f;  /* borrowed */
	long max_bytes;
	unsigned frame;
	struct page pages[MAX_PAGES];
	struct entry *table; /* owned, TABLE_SLOTS */
	long n_glyphs;
	uint8_t *cov;  /* owned: one glyph's coverage */
	Uint32 *argb;  /* owned: one glyph, padded, coloured */
	size_t cap_px; /* pixels cov and argb hold */
	struct atlas_stats stats;
};

enum pk_err atlas_create(struct atlas **out, SDL_Renderer *r, struct font *f, long max_bytes)
{
	*out = NULL;
	struct atlas *a = calloc(1, sizeof *a);
	if (!a)
		return PK_ERR_NOMEM;
	a->table = calloc(TABLE_SLOTS, sizeof *a->table);
	if (!a->table) {
		free(a);
		return PK_ERR_NOMEM;
	}
	a->r = r;
	a->f = f;
	a->max_bytes = max_bytes;
	*out = a;
	return PK_OK;
}

static void page_free(struct atlas *a, struct page *p)
{
	if (p->cov) {
		a->stats.bytes -= p->bytes;
		a->stats.pages--;
	}
	if (p->tex)
		SDL_DestroyTexture(p->tex);
	free(p->cov);
	memset(p, 0, sizeof *p);
}

void atlas_destroy(struct atlas *a)
{
	if (!a)
		return;
	for (int i = 0; i < MAX_PAGES; i++)
		page_free(a, &a->pages[i]);
	free(a->table);
	free(a->cov);
	free(a->argb);
	free(a);
}

void atlas_begin_frame(struct atlas *a)
{
	a->frame++;
}

static uint32_t rgb_of(struct theme_rgb c)
{
	return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

static size_t slot_of(uint32_t id, int face, int style, int px, uint32_t rgb)
{
	uint32_t h = 2166136261u;
	uint32_t v[] = {id, (uint32_t)face, (uint32_t)style, (uint32_t)px, rgb};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		h = (h ^ v[i]) * 16777619u;
	return h & (TABLE_SLOTS - 1);
}

static struct entry *find(struct atlas *a, uint32_t id, int face, int style, int px, uint32_t rgb,
                          bool *found)
{
	size_t i = slot_of(id, face, style, px, rgb);
	for (;;) {
		struct entry *e = &a->table[i];
		if (!e->used) {
			*found = false;
			return e;
		}
		if (e->id == id && e->face == face && e->style == style && e->px == px &&
		    e->rgb == rgb) {
			*found = true;
			return e;
		}
		i = (i + 1) & (TABLE_SLOTS - 1);
	}
}

/* Empties page k: its glyphs leave the table (rebuilt from the others). */
static void page_clear(struct atlas *a, int k)
{
	struct page *p = &a->pages[k];
	shelf_init(&p->pack, p->pack.w, p->pack.h);
	struct entry *old = a->table;
	struct entry *fresh = calloc(TABLE_SLOTS, sizeof *fresh);
	if (!fresh) { /* cannot rebuild: forget every glyph instead (correct, only slower) */
		memset(a->table, 0, TABLE_SLOTS * sizeof *a->table);
		a->n_glyphs = 0;
		for (int i = 0; i < MAX_PAGES; i++)
			if (a->pages[i].cov)
				shelf_init(&a->pages[i].pack, a->pages[i].pack.w,
				           a->pages[i].pack.h);
		return;
	}
	a->table = fresh;
	a->n_glyphs = 0;
	for (size_t i = 0; i < TABLE_SLOTS; i++) {
		if (!old[i].used || old[i].page == k)
			continue;
		bool found;
		*find(a, old[i].id, old[i].face, old[i].style, old[i].px, old[i].rgb, &found) =
		    old[i];
		a->n_glyphs++;
	}
	free(old);
	a->stats.evicted++;
}

static long held_bytes(const struct atlas *a)
{
	return a->stats.bytes;
}

/* The least recently used page that the current frame does not use, or -1. */
static int lru_page(const struct atlas *a, int w, int h)
{
	int best = -1;
	for (int i = 0; i < MAX_PAGES; i++) {
		const struct page *p = &a->pages[i];
		if (!p->cov || p->last_frame == a->frame || p->pack.w < w || p->pack.h < h)
			continue;
		if (best < 0 || p->last_frame < a->pages[best].last_frame)
			best = i;
	}
	return best;
}

static int page_new(struct atlas *a, int w, int h)
{
	for (int i = 0; i < MAX_PAGES; i++) {
		struct page *p = &a->pages[i];
		if (p->cov)
			continue;
		p->cov = calloc((size_t)w * (size_t)h, 1);
		if (!p->cov)
			return -1;
		shelf_init(&p->pack, w, h);
		p->bytes = (long)w * h;
		a->stats.bytes += p->bytes;
		a->stats.pages++;
		return i;
	}
	return -1;
}

static bool scratch(struct atlas *a, size_t px);

/* One glyph of page k (its padded rectangle in the page, colour rgb) into its texture. */
static bool upload(struct atlas *a, int k, SDL_Rect padded, uint32_t rgb)
{
	struct page *p = &a->pages[k];
	if (!scratch(a, (size_t)padded.w * (size_t)padded.h))
		return false;
	for (int yy = 0; yy < padded.h; yy++)
		for (int xx = 0; xx < padded.w; xx++) {
			Uint32 al =
			    p->cov[(size_t)(padded.y + yy) * p->pack.w + (size_t)(padded.x + xx)];
			a->argb[(size_t)yy * padded.w + xx] = al << 24 | rgb;
		}
	if (SDL_UpdateTexture(p->tex, &padded, a->argb, padded.w * 4) != 0) {
		log_error("atlas: upload: %s", SDL_GetError());
		return false;
	}
	return true;
}

/* Page k's texture, made (and its glyphs uploaded) the first time it is asked for: a
 * frame drawn into the target directly (render_set_surface) needs only the coverage. */
static SDL_Texture *page_texture(struct atlas *a, int k)
{
	struct page *p = &a->pages[k];
	if (p->tex)
		return p->tex;
	p->tex = SDL_CreateTexture(a->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC,
	                           p->pack.w, p->pack.h);
	if (!p->tex) {
		log_error("atlas: page %dx%d: %s", p->pack.w, p->pack.h, SDL_GetError());
		return NULL;
	}
	SDL_SetTextureBlendMode(p->tex, SDL_BLENDMODE_BLEND);
	long tex_bytes = (long)p->pack.w * p->pack.h * 4;
	p->bytes += tex_bytes;
	a->stats.bytes += tex_bytes;
	for (size_t i = 0; i < TABLE_SLOTS; i++) {
		const struct entry *e = &a->table[i];
		SDL_Rect padded = {e->r.x - PAD, e->r.y - PAD, e->r.w + 2 * PAD, e->r.h + 2 * PAD};
		if (e->used && e->page == k && !upload(a, k, padded, e->rgb)) {
			SDL_DestroyTexture(p->tex);
			p->tex = NULL;
			p->bytes -= tex_bytes;
			a->stats.bytes -= tex_bytes;
			return NULL;
		}
	}
	return p->tex;
}

/* A page and a place in it for a w×h rectangle (padding included). */
static int make_room(struct atlas *a, int w, int h, int *x, int *y)
{
	for (int i = 0; i < MAX_PAGES; i++)
		if (a->pages[i].cov && shelf_place(&a->pages[i].pack, w, h, x, y))
			return i;
	/* Glyphs bigger than a page get a page of their own size. */
	int pw = w > PAGE_PX ? w : PAGE_PX, ph = h > PAGE_PX ? h : PAGE_PX;
	int k = -1;
	if (held_bytes(a) + (long)pw * ph > a->max_bytes)
		k = lru_page(a, w, h);
	if (k >= 0)
		page_clear(a, k);
	else
		k = page_new(a, pw, ph);
	if (k < 0 || !shelf_place(&a->pages[k].pack, w, h, x, y))
		return -1;
	return k;
}

static bool scratch(struct atlas *a, size_t px)
{
	if (px <= a->cap_px)
		return true;
	uint8_t *c = realloc(a->cov, px);
	if (!c)
		return false;
	a->cov = c;
	Uint32 *v = realloc(a->argb, px * sizeof *v);
	if (!v)
		return false;
	a->argb = v;
	a->cap_px = px;
	return true;
}

/* The entry of glyph g in colour rgb, rasterised into a page on first use; NULL when
 * it cannot be made. */
static const struct entry *glyph(struct atlas *a, enum font_style st, int px,
                                 const struct font_glyph *g, uint32_t rgb)
{
	if (g->w <= 0 || g->h <= 0 || px <= 0 || px > 0xFFFF || g->face < 0 || g->face > 255)
		return NULL;
	bool found;
	struct entry *e = find(a, g->id, g->face, (int)st, px, rgb, &found);
	if (found) {
		a->pages[e->page].last_frame = a->frame;
		return e;
	}
	if (a->n_glyphs >= TABLE_SLOTS / 2) {
		int k = lru_page(a, 0, 0);
		if (k < 0)
			return NULL; /* thousands of glyphs in one frame */
		page_clear(a, k);
	}
	int pw = g->w + 2 * PAD, ph = g->h + 2 * PAD;
	if (!scratch(a, (size_t)pw * ph) ||
	    !font_glyph_coverage(a->f, st, px, g, a->cov, (size_t)g->w * g->h))
		return NULL;
	int x, y;
	int k = make_room(a, pw, ph, &x, &y);
	if (k < 0)
		return NULL;
	/* the coverage, the border transparent */
	struct page *p = &a->pages[k];
	for (int yy = 0; yy < ph; yy++)
		for (int xx = 0; xx < pw; xx++) {
			bool in = xx >= PAD && yy >= PAD && xx < pw - PAD && yy < ph - PAD;
			p->cov[(size_t)(y + yy) * p->pack.w + (size_t)(x + xx)] =
			    in ? a->cov[(size_t)(yy - PAD) * g->w + (xx - PAD)] : 0;
		}
	if (p->tex && !upload(a, k, (SDL_Rect){x, y, pw, ph}, rgb))
		return NULL;
	/* find again: a cleared page rebuilt the table */
	e = find(a, g->id, g->face, (int)st, px, rgb, &found);
	*e = (struct entry){.used = true,
	                    .id = g->id,
	                    .face = (uint8_t)g->face,
	                    .style = (uint8_t)st,
	                    .px = (uint16_t)px,
	                    .rgb = rgb,
	                    .page = (uint8_t)k,
	                    .r = {x + PAD, y + PAD, g->w, g->h}};
	a->n_glyphs++;
	a->stats.rasterised++;
	p->last_frame = a->frame;
	return e;
}

const uint8_t *atlas_glyph_cov(struct atlas *a, enum font_style st, int px,
                               const struct font_glyph *g, struct theme_rgb fg, SDL_Rect *src,
                               int *pitch)
{
	const struct entry *e = glyph(a, st, px, g, rgb_of(fg));
	if (!e)
		return NULL;
	*src = e->r;
	*pitch = a->pages[e->page].pack.w;
	return a->pages[e->page].cov;
}

SDL_Texture *atlas_glyph(struct atlas *a, enum font_style st, int px, const struct font_glyph *g,
                         struct theme_rgb fg, SDL_Rect *src)
{
	const struct entry *e = glyph(a, st, px, g, rgb_of(fg));
	if (!e)
		return NULL;
	*src = e->r;
	return page_texture(a, e->page);
}

void atlas_end_frame(struct atlas *a)
{
	while (held_bytes(a) > a->max_bytes) {
		int k = lru_page(a, 0, 0);
		if (k < 0)
			break;
		page_clear(a, k);
		page_free(a, &a->pages[k]);
	}
}

void atlas_get_stats(const struct atlas *a, struct atlas_stats *out)
{
	*out = a->stats;
	out->glyphs = a->n_glyphs;
}
