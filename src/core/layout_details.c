/* Details screen, QR code and page control (see layout_details.h). */
#include "layout_details.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawlist.h"
#include "err.h"
#include "geo.h"
#include "text.h"

#define ELLIPSIS "…"

/* ---- commands ----------------------------------------------------------------------- */

struct dctx {
	struct layout *l;
	const struct layout_measure *m;
	bool oom;
};

static int measure(const struct dctx *c, enum font_style st, int px, const char *s)
{
	return c->m->width(c->m->ud, st, px, s);
}

static int line_h(const struct dctx *c, int px)
{
	return (int)ceil(px * c->m->line_ratio);
}

/* One line of text in a box of width w. The callers wrap first; a single word wider than
 * the box (only a name can have one) is cut with an ellipsis as the last resort. */
static void text(struct dctx *c, int x, int y, int w, const char *s, enum font_style st, int px,
                 enum theme_role fg, enum theme_role bg, enum layout_align align)
{
	if (!s || !*s || w <= 0)
		return;
	struct layout_cmd *cmd = drawlist_push(c->l, &c->oom, LAYOUT_TEXT, x, y, w, line_h(c, px));
	if (!cmd)
		return;
	text_copy(cmd->text, sizeof cmd->text, s);
	cmd->fg = fg, cmd->bg = bg, cmd->style = st, cmd->px = px, cmd->align = align;
	if (measure(c, st, px, cmd->text) <= w)
		return;
	size_t chars = text_utf8_count(s);
	char buf[256] = ELLIPSIS;
	while (chars > 0) {
		chars--;
		size_t cut = text_utf8_prefix(s, chars);
		snprintf(buf, sizeof buf, "%.*s%s", (int)cut, s, ELLIPSIS);
		if (measure(c, st, px, buf) <= w || chars == 0)
			break;
	}
	text_copy(cmd->text, sizeof cmd->text, buf);
}

/* Word-wraps s into at most max_lines lines of width w from y; returns the lines used. A
 * word too long for a line is broken between characters, so numbers and times are never
 * cut off: only the last line of an over-long text (a name, opening hours) can end in an
 * ellipsis. */
static int wrapped(struct dctx *c, int x, int y, int w, const char *s, enum font_style st, int px,
                   enum theme_role fg, enum theme_role bg, int max_lines)
{
	char rest[512];
	text_copy(rest, sizeof rest, s);
	const char *p = rest;
	int lines = 0, lh = line_h(c, px);
	while (*p && lines < max_lines) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *best = NULL, *q = p;
		char probe[512];
		while (*q) {
			const char *sp = strchr(q + 1, ' ');
			const char *end = sp ? sp : q + strlen(q);
			snprintf(probe, sizeof probe, "%.*s", (int)(end - p), p);
			if (measure(c, st, px, probe) > w)
				break;
			best = end;
			q = end;
			if (!sp)
				break;
		}
		if (!best) {
			/* the first word alone is too wide: as many characters as fit */
			size_t n = text_utf8_count(p), k = 1;
			while (k < n) {
				size_t cut = text_utf8_prefix(p, k + 1);
				snprintf(probe, sizeof probe, "%.*s", (int)cut, p);
				if (measure(c, st, px, probe) > w)
					break;
				k++;
			}
			best = p + text_utf8_prefix(p, k);
		}
		if (lines == max_lines - 1)
			best = p + strlen(p); /* the last line: the rest, ellipsised by text() */
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)(best - p), p);
		text(c, x, y + lines * lh, w, line, st, px, fg, bg, LAYOUT_START);
		lines++;
		p = best;
	}
	return lines;
}

/* ---- sizes -------------------------------------------------------------------------- */

int layout_target_px(double px_per_mm)
{
	int mm = (int)ceil(LAYOUT_TARGET_MIN_MM * px_per_mm);
	return mm > LAYOUT_TARGET_MIN_PX ? mm : LAYOUT_TARGET_MIN_PX;
}

bool layout_qr_size(int modules, double px_per_mm, int max_side_px, struct layout_qr_size *out)
{
	if (modules <= 0 || px_per_mm <= 0)
		return false;
	int total = modules + 2 * QR_QUIET_ZONE;
	int min_px = (int)ceil(LAYOUT_QR_MIN_MM * px_per_mm / total);
	if (min_px < LAYOUT_QR_MIN_MODULE_PX)
		min_px = LAYOUT_QR_MIN_MODULE_PX;
	int want = (int)ceil(LAYOUT_QR_WANT_MM * px_per_mm / total);
	int fit = max_side_px / total;
	int mpx = want < fit ? want : fit;
	if (mpx < min_px) {
		if (fit < min_px)
			return false;
		mpx = min_px;
	}
	out->module_px = mpx;
	out->side_px = mpx * total;
	out->side_mm = out->side_px / px_per_mm;
	return true;
}

bool layout_qr(struct layout *l, const struct qr *q, int x, int y, int module_px, bool rtl)
{
	struct dctx c = {.l = l};
	int total = q->size + 2 * QR_QUIET_ZONE;
	drawlist_fill(c.l, &c.oom, x, y, total * module_px, total * module_px, ROLE_QR_LIGHT);
	/* dark runs along each row: a few hundred fills instead of one per module */
	for (int r = 0; r < q->size; r++) {
		int col = 0;
		while (col < q->size) {
			if (!qr_dark(q, col, r)) {
				col++;
				continue;
			}
			int start = col;
			while (col < q->size && qr_dark(q, col, r))
				col++;
			int run = col - start;
			/* mirrored later for right-to-left: place the run where it will come back
			 */
			int mcol = rtl ? q->size - start - run : start;
			drawlist_fill(c.l, &c.oom, x + (QR_QUIET_ZONE + mcol) * module_px,
			              y + (QR_QUIET_ZONE + r) * module_px, run * module_px,
			              module_px, ROLE_QR_DARK);
		}
	}
	return !c.oom;
}

/* ---- details ------------------------------------------------------------------------ */

static void decimal2(char *out, size_t cap, const struct i18n_lang *lang, int cm)
{
	snprintf(out, cap, "%d%s%02d", cm / 100, i18n_get(lang, "ui.decimal"), cm % 100);
}

/* The facts below the name, one per element of lines[] (at most 8). */
static int facts(const struct layout_details_input *in, char lines[][320])
{
	const struct view_item *it = in->item;
	const struct model_entry *e = it->e;
	const struct i18n_lang *lang = in->lang;
	int n = 0;
	char dist[32], key[40], buf[200];
	layout_format_distance(dist, sizeof dist, lang, it->distance_m);
	enum geo_relative r = geo_relative_to_viewer(it->bearing_deg, in->facing_deg);
	snprintf(key, sizeof key, "ui.rel.%s", geo_relative_key(r));
	snprintf(lines[n++], 320, "%s %s %s", dist, geo_relative_arrow(r), i18n_get(lang, key));
	if (e->address[0] && strcmp(e->address, e->name) != 0) {
		const char *pairs[] = {"address", e->address, NULL};
		i18n_format(lines[n++], 320, i18n_get(lang, "ui.details.address"), pairs);
	}
	if (e->kind == MODEL_SITE && it->free_disabled != VIEW_NONE) {
		char f[16], t[16];
		snprintf(f, sizeof f, "%d", it->free_disabled);
		snprintf(t, sizeof t, "%d", it->total_disabled);
		const char *pairs[] = {"free", f, "total", t, NULL};
		i18n_format(buf, sizeof buf,
		            i18n_get(lang, it->total_disabled != VIEW_NONE
		                               ? "ui.disabled_free"
		                               : "ui.disabled_free_only"),
		            pairs);
		snprintf(lines[n++], 320, "♿ %s", buf);
	}
	if (e->kind == MODEL_SITE && it->total != VIEW_NONE) {
		char t[16];
		snprintf(t, sizeof t, "%d", it->total);
		const char *pairs[] = {"total", t, NULL};
		i18n_format(lines[n++], 320, i18n_plural(lang, "ui.capacity", it->total), pairs);
	}
	if (e->max_height_cm != MODEL_UNKNOWN && e->max_height_cm > 0) {
		char h[16];
		decimal2(h, sizeof h, lang, e->max_height_cm);
		const char *pairs[] = {"height", h, NULL};
		i18n_format(lines[n++], 320, i18n_get(lang, "ui.max_height"), pairs);
	}
	if (e->opening_hours[0]) {
		const char *pairs[] = {"hours", e->opening_hours, NULL};
		i18n_format(lines[n++], 320, i18n_get(lang, "ui.details.hours"), pairs);
	}
	if (e->updated_at > 0) {
		char hm[16];
		layout_format_clock(hm, sizeof hm, e->updated_at, in->utc_offset_s);
		const char *pairs[] = {"time", hm, NULL};
		i18n_format(lines[n++], 320, i18n_get(lang, "ui.updated"), pairs);
	}
	return n;
}

/* The code and its label in a column; returns the height used, 0 if it does not fit. */
static int qr_column(struct dctx *c, const struct qr *q, const struct i18n_lang *lang, double ppmm,
                     int px, int x, int y, int col_w, int max_h, bool rtl, enum theme_role fg,
                     enum theme_role bg)
{
	int lh = line_h(c, px);
	/* The label takes up to two lines and the hint up to three more; where that leaves
	 * no room for a 30 mm code (a small panel read from close by has large text), the
	 * hint goes first, then the label's second line: never the code or its label. */
	static const int label_lines[] = {2, 2, 1}, hint_lines[] = {3, 0, 0};
	struct layout_qr_size qs;
	int pick = -1;
	for (int k = 0; k < 3 && pick < 0; k++) {
		int label_h = (label_lines[k] + hint_lines[k]) * lh + lh / 4;
		int side_max = col_w < max_h - label_h ? col_w : max_h - label_h;
		if (layout_qr_size(q->size, ppmm, side_max, &qs))
			pick = k;
	}
	if (pick < 0)
		return 0;
	int qx = x + (col_w - qs.side_px) / 2;
	if (!layout_qr(c->l, q, qx, y, qs.module_px, rtl))
		c->oom = true;
	int ty = y + qs.side_px + lh / 4;
	int n = wrapped(c, x, ty, col_w, i18n_get(lang, "ui.qr.label"), FONT_BOLD, px, fg, bg,
	                label_lines[pick]);
	if (hint_lines[pick])
		n += wrapped(c, x, ty + n * lh, col_w, i18n_get(lang, "ui.qr.hint"), FONT_REGULAR,
		             px, fg, bg, hint_lines[pick]);
	return qs.side_px + lh / 4 + n * lh;
}

int layout_details(struct layout *l, const struct layout_details_input *in,
                   const struct layout_measure *m)
{
	struct dctx c = {.l = l, .m = m};
	const struct layout_box *b = &in->box;
	const struct i18n_lang *lang = in->lang;
	int pad = in->pad, px = in->px, lh = in->line;
	int tp = layout_target_px(in->px_per_mm);
	drawlist_fill(c.l, &c.oom, b->x, b->y, b->w, b->h, ROLE_CARD);

	/* close: top end corner, large, with its word (not an icon alone) */
	char close[96];
	snprintf(close, sizeof close, "✕ %s", i18n_get(lang, "ui.details.close"));
	int cw = measure(&c, FONT_BOLD, px, close) + 2 * pad;
	int ch = lh + pad;
	if (cw < tp)
		cw = tp;
	if (ch < tp)
		ch = tp;
	int cx = b->x + b->w - pad - cw, cy = b->y + pad;

	/* the code: a column at the end side below the close button; where the box is too low
	 * for that, the column takes the full height and the button moves beside it */
	int text_right = b->x + b->w - pad;
	if (in->qr && in->qr->size > 0) {
		/* as wide as the label or the preferred code, at most two fifths of the box */
		int label_w = measure(&c, FONT_BOLD, px, i18n_get(lang, "ui.qr.label"));
		int col_w = (int)ceil(LAYOUT_QR_WANT_MM * in->px_per_mm);
		if (label_w > col_w)
			col_w = label_w;
		if (col_w > b->w * 2 / 5)
			col_w =
			    label_w < b->w / 2 ? label_w : b->w * 2 / 5; /* the label on one line */
		int qx = b->x + b->w - pad - col_w;
		for (int k = 0; k < 2; k++) {
			int qy = k == 0 ? cy + ch + pad : b->y + pad;
			if (qr_column(&c, in->qr, lang, in->px_per_mm, px, qx, qy, col_w,
			              b->y + b->h - pad - qy, in->rtl, ROLE_CARD_TEXT,
			              ROLE_CARD) > 0) {
				text_right = qx - 2 * pad;
				if (k == 1)
					cx = text_right - cw;
				break;
			}
		}
	}
	drawlist_fill(c.l, &c.oom, cx, cy, cw, ch, ROLE_BADGE);
	struct layout_cmd *ct =
	    drawlist_push(c.l, &c.oom, LAYOUT_TEXT, cx + pad, cy + (ch - lh) / 2, cw - 2 * pad, lh);
	if (ct) {
		text_copy(ct->text, sizeof ct->text, close);
		ct->fg = ROLE_BADGE_TEXT, ct->bg = ROLE_BADGE, ct->style = FONT_BOLD, ct->px = px;
		ct->align = LAYOUT_CENTER;
	}
	drawlist_target(c.l, cx, cy, cw, ch, LAYOUT_TARGET_CLOSE, in->entry);

	/* the name beside the close button (below it when that leaves no room), up to three
	 * lines */
	const struct model_entry *e = in->item->e;
	int tx = b->x + pad, tw = text_right - tx;
	int name_w = (cx - pad) - tx;
	int y = b->y + pad;
	if (name_w < 6 * px) {
		name_w = tw;
		y = cy + ch + pad / 2;
	}
	if (name_w > tw)
		name_w = tw;
	const char *name = e->name[0] ? e->name : e->address;
	int bottom = b->y + b->h - pad;
	int name_lines = (bottom - y) / lh;
	if (name_lines > 3)
		name_lines = 3;
	int n = name_lines > 0 ? wrapped(&c, tx, y, name_w, name, FONT_BOLD, px, ROLE_CARD_TEXT,
	                                 ROLE_CARD, name_lines)
	                       : 0;
	y += n * lh;
	if (y < cy + ch)
		y = cy + ch;
	y += pad / 2;

	/* the state, as on the card */
	if (y + lh > bottom)
		return c.oom ? PK_ERR_NOMEM : PK_OK; /* a panel this small shows the name only */
	char chip[128];
	bool filled;
	layout_status_chip(in->item, lang, chip, sizeof chip, &filled);
	int chw = measure(&c, FONT_BOLD, px, chip) + pad;
	if (chw > tw)
		chw = tw;
	if (filled) {
		drawlist_fill(c.l, &c.oom, tx, y, chw, lh, ROLE_FREE);
		text(&c, tx + pad / 2, y, chw - pad, chip, FONT_BOLD, px, ROLE_FREE_TEXT, ROLE_FREE,
		     LAYOUT_START);
	} else {
		drawlist_frame(c.l, &c.oom, tx, y, chw, lh, ROLE_ALERT_TEXT,
		               pad / 4 > 2 ? pad / 4 : 2);
		text(&c, tx + pad / 2, y, chw - pad, chip, FONT_BOLD, px, ROLE_ALERT_TEXT,
		     ROLE_CARD, LAYOUT_START);
	}
	y += lh + pad / 2;

	/* the facts, each wrapped, as many as fit */
	char lines[8][320];
	int nf = facts(in, lines);
	for (int i = 0; i < nf; i++) {
		int room = (bottom - y) / lh;
		if (room <= 0)
			break;
		int used =
		    wrapped(&c, tx, y, tw, lines[i], FONT_REGULAR, px,
		            i == 0 ? ROLE_CARD_TEXT : ROLE_MUTED, ROLE_CARD, room < 3 ? room : 3);
		y += used * lh + pad / 4;
	}
	return c.oom ? PK_ERR_NOMEM : PK_OK;
}

/* ---- page control ------------------------------------------------------------------- */

int layout_pager_height(double px_per_mm, int line, int pad)
{
	int tp = layout_target_px(px_per_mm);
	int h = line + pad / 2 > tp ? line + pad / 2 : tp;
	return h + pad / 2;
}

int layout_pager(struct layout *l, const struct i18n_lang *lang, double px_per_mm, int px, int line,
                 int pad, struct layout_box band, const struct layout_measure *m)
{
	struct dctx c = {.l = l, .m = m};
	int tp = layout_target_px(px_per_mm);
	int bh = band.h - pad / 2;
	if (bh < tp)
		bh = tp;
	int by = band.y + (band.h - bh) / 2;
	char prev[96], next[96];
	snprintf(prev, sizeof prev, "‹ %s", i18n_get(lang, "ui.page.prev"));
	snprintf(next, sizeof next, "%s ›", i18n_get(lang, "ui.page.next"));
	const char *words[2] = {prev, next};
	enum layout_target_kind kinds[2] = {LAYOUT_TARGET_PREV, LAYOUT_TARGET_NEXT};
	int t = pad / 6 > 2 ? pad / 6 : 2;
	for (int i = 0; i < 2; i++) {
		int w = measure(&c, FONT_BOLD, px, words[i]) + 2 * pad;
		if (w < tp)
			w = tp;
		if (w > band.w / 2 - pad)
			w = band.w / 2 - pad;
		int x = i == 0 ? band.x + pad : band.x + band.w - pad - w;
		drawlist_frame(c.l, &c.oom, x, by, w, bh, ROLE_TEXT, t);
		struct layout_cmd *ct = drawlist_push(c.l, &c.oom, LAYOUT_TEXT, x + pad / 2,
		                                      by + (bh - line) / 2, w - pad, line);
		if (ct) {
			text_copy(ct->text, sizeof ct->text, words[i]);
			ct->fg = ROLE_TEXT, ct->bg = ROLE_BG, ct->style = FONT_BOLD, ct->px = px;
			ct->align = LAYOUT_CENTER;
		}
		drawlist_target(c.l, x, by, w, bh, kinds[i], -1);
	}
	return c.oom ? PK_ERR_NOMEM : PK_OK;
}

/* ---- the street display's code ------------------------------------------------------ */

bool layout_display_qr_size(int modules, double px_per_mm, double viewing_distance_m,
                            int max_side_px, struct layout_qr_size *out)
{
	if (modules <= 0 || px_per_mm <= 0 || viewing_distance_m <= 0)
		return false;
	int total = modules + 2 * QR_QUIET_ZONE;
	int min_px = (int)ceil(LAYOUT_QR_MIN_MM * px_per_mm / total);
	if (min_px < LAYOUT_QR_MIN_MODULE_PX)
		min_px = LAYOUT_QR_MIN_MODULE_PX;
	/* the symbol (without its quiet zone) a tenth of the distance wide, and never less
	 * than a twentieth: smaller, it would cost the rows and scan only from close by */
	double want_mm = viewing_distance_m * 1000.0 / LAYOUT_QR_DISTANCE_RATIO;
	double least_mm = viewing_distance_m * 1000.0 / LAYOUT_QR_DISTANCE_MIN_RATIO;
	int least = (int)ceil(least_mm * px_per_mm / modules);
	if (least > min_px)
		min_px = least;
	int want = (int)ceil(want_mm * px_per_mm / modules);
	if (want < min_px)
		want = min_px;
	int fit = max_side_px / total;
	int mpx = want < fit ? want : fit;
	if (mpx < min_px)
		return false;
	out->module_px = mpx;
	out->side_px = mpx * total;
	out->side_mm = out->side_px / px_per_mm;
	return true;
}

/* The widest word of s at px: a column narrower than that would break a word. */
static int widest_word(const struct dctx *c, enum font_style st, int px, const char *s)
{
	char word[256];
	int w = 0;
	while (*s) {
		while (*s == ' ')
			s++;
		size_t n = strcspn(s, " ");
		if (n == 0)
			break;
		snprintf(word, sizeof word, "%.*s", (int)n, s);
		int k = measure(c, st, px, word);
		if (k > w)
			w = k;
		s += n;
	}
	return w;
}

int layout_display_code_width(const struct qr *q, const struct i18n_lang *lang, double px_per_mm,
                              double viewing_distance_m, int px, int max_side_px, int max_w,
                              const struct layout_measure *m)
{
	struct dctx c = {.m = m};
	struct layout_qr_size qs;
	if (!q || q->size <= 0 ||
	    !layout_display_qr_size(q->size, px_per_mm, viewing_distance_m, max_side_px, &qs))
		return 0;
	const char *label = i18n_get(lang, "ui.qr.label");
	int w = qs.side_px;
	int word = widest_word(&c, FONT_BOLD, px, label);
	if (word > max_w)
		return 0; /* the label would break inside a word */
	if (word > w)
		w = word;
	/* wider, up to max_w, until the label takes at most LAYOUT_QR_LABEL_LINES lines */
	struct layout tmp;
	layout_init(&tmp);
	c.l = &tmp;
	int step = px / 4 > 1 ? px / 4 : 1;
	for (;;) {
		tmp.n = 0;
		int n = wrapped(&c, 0, 0, w, label, FONT_BOLD, px, ROLE_TEXT, ROLE_BG,
		                LAYOUT_QR_LABEL_LINES + 1);
		if (n <= LAYOUT_QR_LABEL_LINES || w >= max_w || c.oom)
			break;
		w = w + step < max_w ? w + step : max_w;
	}
	bool fits = !c.oom && wrapped(&c, 0, 0, w, label, FONT_BOLD, px, ROLE_TEXT, ROLE_BG,
	                              LAYOUT_QR_LABEL_LINES + 1) <= LAYOUT_QR_LABEL_LINES;
	layout_finish(&tmp);
	return fits ? w : 0;
}

int layout_display_code(struct layout *l, const struct qr *q, const struct i18n_lang *lang,
                        double px_per_mm, double viewing_distance_m, int px, int max_side_px,
                        struct layout_box box, bool rtl, const struct layout_measure *m,
                        struct layout_qr_size *size)
{
	struct dctx c = {.l = l, .m = m};
	size_t before = l->n;
	if (!q || q->size <= 0 || box.w <= 0 || box.h <= 0)
		return 0;
	/* the label first, to know its height; moved below the code afterwards */
	int lh = line_h(&c, px), gap = lh / 4;
	int lines = wrapped(&c, box.x, 0, box.w, i18n_get(lang, "ui.qr.label"), FONT_BOLD, px,
	                    ROLE_TEXT, ROLE_BG, LAYOUT_QR_LABEL_LINES);
	size_t label_end = l->n;
	struct layout_qr_size qs;
	int side_max = box.w < box.h - lines * lh - gap ? box.w : box.h - lines * lh - gap;
	if (side_max > max_side_px)
		side_max = max_side_px;
	if (c.oom || lines == 0 ||
	    !layout_display_qr_size(q->size, px_per_mm, viewing_distance_m, side_max, &qs)) {
		l->n = before;
		return 0;
	}
	for (size_t i = before; i < label_end; i++) {
		l->cmds[i].y += box.y + qs.side_px + gap;
		l->cmds[i].align = LAYOUT_CENTER; /* under the code */
	}
	if (!layout_qr(l, q, box.x + (box.w - qs.side_px) / 2, box.y, qs.module_px, rtl)) {
		l->n = before;
		return 0;
	}
	if (size)
		*size = qs;
	return qs.side_px + gap + lines * lh;
}
