/*
** The page-layout engine of the printable forms: content is laid out into a
** list of drawing operations tagged with their page, and drawn by pdf_close()
** once the page count is known. See pdf.h.
*/
#include "docs/pdf.h"

#include <assert.h>
#include <pthread.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "core/err.h"
#include "core/log.h"
#include "docs/forms.h"

#define PAD_X        4.0 /* inner padding of a bordered cell */
#define PAD_Y        3.0
#define LINE_SPACING 1.2 /* line height as a factor of the font's */
#define ROW_MAX      8   /* cells in one row */
#define CELL_LINE_W  0.6
#define QR_QUIET     4        /* modules of white around a QR code (ISO 18004) */
#define CHECKBOX     "\u25A1" /* □ */

const PdfStyle PDF_BODY = {.size = 9.5};
const PdfStyle PDF_LABEL = {.size = 9.5, .gray = 0.92};
const PdfStyle PDF_HEADCELL = {.size = 9.5, .bold = true, .align = PDF_CENTER, .gray = 0.85};
const PdfStyle PDF_SMALL = {.size = 8};
const PdfStyle PDF_PROSE = {.size = 10.5, .indent = true};

struct PdfText {
    PangoLayout *layout;
    int n;       /* lines */
    double *top; /* per line, from the top of the layout */
    double *bot;
    double w, h;
    PdfText *next; /* every text of the Pdf, to release them */
};

typedef enum OpKind { OP_TEXT, OP_BOX, OP_FILL, OP_LINE, OP_QR } OpKind;

typedef struct PdfOp {
    OpKind kind;
    int page;
    double x, y, w, h;
    double v; /* line width (box, line) or gray (fill) */
    PdfText *text;
    int l0, l1; /* lines [l0, l1) of text */
    unsigned char *qr;
    int qr_w;
} PdfOp;

struct Pdf {
    Arena *arena;
    Buf *out;
    size_t out_len0;
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoContext *ctx;
    PdfMeta meta;
    PdfOp *ops;
    size_t n_ops, cap_ops;
    PdfText *texts;
    int missing; /* characters no installed font has a glyph for */
    int page;
    double y;
    double page_top; /* y of the first content of this page */
    const PdfCell *thead;
    int thead_n;
    bool in_head;
    int err;
};

/* ---- fonts ---- */

static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;
static int fonts_status = -ERR_PDF_FONT_MISSING;

/* fontconfig's first initialisation (FcInit, reached through pango) is not
** safe to race from several threads, so one thread does it, here, and checks
** the font the forms need is installed. */
static void fonts_probe(void) {
    PangoFontMap *fm = pango_cairo_font_map_new();
    PangoFontFamily **fams = NULL;
    int n = 0;
    pango_font_map_list_families(fm, &fams, &n);
    for (int i = 0; i < n; i++) {
        if (g_ascii_strcasecmp(pango_font_family_get_name(fams[i]), PDF_FONT_FAMILY) == 0) {
            fonts_status = 0;
            break;
        }
    }
    g_free(fams);
    g_object_unref(fm);
}

int pdf_fonts_ready(void) {
    pthread_once(&fonts_once, fonts_probe);
    return fonts_status;
}

void forms_thread_release(void) {
    pango_cairo_font_map_set_default(NULL);
}

/* ---- open, close ---- */

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len) {
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

int pdf_open(Pdf **pp, Arena *a, Buf *out, const PdfMeta *meta) {
    *pp = NULL;
    int rc = pdf_fonts_ready();
    if (rc) return rc;
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(write_out, out, PDF_PAGE_W, PDF_PAGE_H);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return -ERR_PDF_RENDER;
    }
    Pdf *p = ARENA_NEW(a, Pdf, 1);
    p->arena = a;
    p->out = out;
    p->out_len0 = out->len;
    p->surface = s;
    p->meta = *meta;
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, meta->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Beian");
    if (meta->subject) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, meta->subject);
    p->cr = cairo_create(s);
    p->ctx = pango_cairo_create_context(p->cr);
    pango_context_set_language(p->ctx, pango_language_from_string("zh-cn"));
    pango_context_set_round_glyph_positions(p->ctx, FALSE);
    p->page = 1;
    p->y = p->page_top = PDF_MARGIN_TOP;
    *pp = p;
    return 0;
}

static void draw_pages(Pdf *p);

int pdf_close(Pdf *p) {
    if (!p->err) draw_pages(p);
    if (p->missing)
        log_warn("pdf \"%s\": %d character(s) have no glyph in the installed fonts and print as "
                 "boxes",
                 p->meta.title, p->missing);
    for (PdfText *t = p->texts; t; t = t->next)
        g_object_unref(t->layout);
    g_object_unref(p->ctx);
    if (!p->err && cairo_status(p->cr) != CAIRO_STATUS_SUCCESS) p->err = -ERR_PDF_RENDER;
    cairo_destroy(p->cr);
    cairo_surface_finish(p->surface);
    if (!p->err && cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS)
        p->err = -ERR_PDF_RENDER;
    cairo_surface_destroy(p->surface);
    if (p->err && p->out->data) {
        p->out->len = p->out_len0;
        p->out->data[p->out_len0] = 0;
    }
    return p->err;
}

void pdf_fail(Pdf *p, int err) {
    if (!p->err) p->err = err;
}

Arena *pdf_arena(Pdf *p) {
    return p->arena;
}

double pdf_y(const Pdf *p) {
    return p->y;
}

int pdf_page(const Pdf *p) {
    return p->page;
}

double pdf_room(const Pdf *p) {
    return PDF_PAGE_H - PDF_MARGIN_BOT - p->y;
}

/* ---- operations ---- */

static PdfOp *op_add(Pdf *p, OpKind kind, double x, double y, double w, double h) {
    if (p->n_ops == p->cap_ops) {
        size_t cap = p->cap_ops ? p->cap_ops * 2 : 256;
        PdfOp *ops = ARENA_NEW(p->arena, PdfOp, cap);
        if (p->n_ops) memcpy(ops, p->ops, p->n_ops * sizeof *ops);
        p->ops = ops;
        p->cap_ops = cap;
    }
    PdfOp *op = &p->ops[p->n_ops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->page = p->page;
    op->x = x;
    op->y = y;
    op->w = w;
    op->h = h;
    return op;
}

/* The font's "□" is small for a box to tick by hand: print it larger. */
static void checkbox_attrs(PangoLayout *l, const char *text, double size) {
    PangoAttrList *attrs = pango_attr_list_new();
    size_t n = strlen(CHECKBOX);
    for (const char *s = strstr(text, CHECKBOX); s; s = strstr(s + n, CHECKBOX)) {
        PangoAttribute *at = pango_attr_size_new_absolute((int)(size * 1.6 * PANGO_SCALE));
        at->start_index = (guint)(s - text);
        at->end_index = (guint)(s - text + n);
        pango_attr_list_insert(attrs, at);
    }
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
}

PdfText *pdf_text(Pdf *p, const char *text, double width, const PdfStyle *st) {
    PangoLayout *l = pango_layout_new(p->ctx);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family_static(fd, PDF_FONT_FAMILY);
    pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
    pango_font_description_set_weight(fd, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        if (st->one_line) pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
    static const PangoAlignment align[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT};
    pango_layout_set_alignment(l, align[st->align]);
    if (st->indent) pango_layout_set_indent(l, (int)(2 * st->size * PANGO_SCALE));
    pango_layout_set_line_spacing(l, LINE_SPACING);
    pango_layout_set_text(l, text ? text : "", -1);
    if (text && strstr(text, CHECKBOX)) checkbox_attrs(l, text, st->size);

    PdfText *t = ARENA_NEW(p->arena, PdfText, 1);
    t->layout = l;
    t->n = pango_layout_get_line_count(l);
    p->missing += pango_layout_get_unknown_glyphs_count(l);
    t->top = ARENA_NEW(p->arena, double, t->n);
    t->bot = ARENA_NEW(p->arena, double, t->n);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    int i = 0;
    do {
        int y0, y1;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        t->top[i] = (double)y0 / PANGO_SCALE;
        t->bot[i] = (double)y1 / PANGO_SCALE;
        i++;
    } while (i < t->n && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    PangoRectangle ink, logical;
    pango_layout_get_extents(l, &ink, &logical);
    t->w = (double)logical.width / PANGO_SCALE;
    t->h = t->bot[t->n - 1];
    t->next = p->texts;
    p->texts = t;
    return t;
}

double pdf_text_height(const PdfText *t) {
    return t->h;
}

double pdf_text_width(const PdfText *t) {
    return t->w;
}

static void place_lines(Pdf *p, PdfText *t, double x, double y, int l0, int l1) {
    PdfOp *op = op_add(p, OP_TEXT, x, y, 0, 0);
    op->text = t;
    op->l0 = l0;
    op->l1 = l1;
}

void pdf_place(Pdf *p, PdfText *t, double x, double y) {
    place_lines(p, t, x, y, 0, t->n);
}

void pdf_box(Pdf *p, double x, double y, double w, double h, double line_w) {
    op_add(p, OP_BOX, x, y, w, h)->v = line_w;
}

void pdf_fill(Pdf *p, double x, double y, double w, double h, double gray) {
    op_add(p, OP_FILL, x, y, w, h)->v = gray;
}

void pdf_hline(Pdf *p, double x1, double x2, double y, double line_w) {
    op_add(p, OP_LINE, x1, y, x2 - x1, 0)->v = line_w;
}

int pdf_qr(Pdf *p, double x, double y, double size, const char *data) {
    if (!data || !*data) return -ERR_INVALID_INPUT;
    QRcode *q = QRcode_encodeString(data, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q) return -ERR_INVALID_INPUT;
    size_t n = (size_t)q->width * (size_t)q->width;
    unsigned char *bits = arena_alloc(p->arena, n);
    for (size_t i = 0; i < n; i++)
        bits[i] = q->data[i] & 1;
    PdfOp *op = op_add(p, OP_QR, x, y, size, size);
    op->qr = bits;
    op->qr_w = q->width;
    QRcode_free(q);
    return 0;
}

/* ---- flow ---- */

static bool at_top(const Pdf *p) {
    return p->y <= p->page_top + 0.01;
}

static void row_flow(Pdf *p, const PdfCell *cells, int n, double min_h, bool border);

void pdf_new_page(Pdf *p) {
    p->page++;
    p->y = p->page_top = PDF_MARGIN_TOP;
    if (p->thead && !p->in_head) {
        p->in_head = true;
        row_flow(p, p->thead, p->thead_n, 0, true);
        p->in_head = false;
        p->page_top = p->y;
    }
}

void pdf_space(Pdf *p, double h) {
    if (!at_top(p)) p->y += h;
}

void pdf_need(Pdf *p, double h) {
    if (h > pdf_room(p) && !at_top(p)) pdf_new_page(p);
}

double pdf_reserve(Pdf *p, double h) {
    pdf_need(p, h);
    double y = p->y;
    p->y += h;
    return y;
}

void pdf_table_begin(Pdf *p, const PdfCell *head, int n) {
    pdf_need(p, 60);
    row_flow(p, head, n, 0, true);
    p->thead = head;
    p->thead_n = n;
}

void pdf_table_end(Pdf *p) {
    p->thead = NULL;
    p->thead_n = 0;
}

/* Height of the lines of t from line `from` to the end. */
static double rest_h(const PdfText *t, int from) {
    return from < t->n ? t->bot[t->n - 1] - t->top[from] : 0;
}

/* How many lines of t from line `from` fit in h points. */
static int lines_fitting(const PdfText *t, int from, double h) {
    int k = 0;
    while (from + k < t->n && t->bot[from + k] - t->top[from] <= h)
        k++;
    return k;
}

/* Emit one horizontal slice of a row: cell i shows lines [from[i], to[i]). */
static void row_segment(Pdf *p, const PdfCell *cells, int n, PdfText **t, const int *from,
                        const int *to, double h, bool border) {
    double x = PDF_MARGIN_X;
    double pad_x = border ? PAD_X : 0, pad_y = border ? PAD_Y : 0;
    for (int i = 0; i < n; i++) {
        double w = cells[i].width * PDF_CONTENT_W;
        const PdfStyle *st = cells[i].style ? cells[i].style : &PDF_BODY;
        if (st->gray > 0 && st->gray < 1) pdf_fill(p, x, p->y, w, h, st->gray);
        if (to[i] > from[i]) {
            place_lines(p, t[i], x + pad_x, p->y + pad_y, from[i], to[i]);
        }
        if (border) pdf_box(p, x, p->y, w, h, CELL_LINE_W);
        x += w;
    }
    p->y += h;
}

static void row_flow(Pdf *p, const PdfCell *cells, int n, double min_h, bool border) {
    assert(n > 0 && n <= ROW_MAX);
    PdfText *t[ROW_MAX];
    int from[ROW_MAX] = {0}, to[ROW_MAX];
    double pad_x = border ? PAD_X : 0, pad_y = border ? PAD_Y : 0;
    double full = min_h;
    for (int i = 0; i < n; i++) {
        const PdfStyle *st = cells[i].style ? cells[i].style : &PDF_BODY;
        t[i] = pdf_text(p, cells[i].text, cells[i].width * PDF_CONTENT_W - 2 * pad_x, st);
        if (t[i]->h + 2 * pad_y > full) full = t[i]->h + 2 * pad_y;
    }
    double page_h = PDF_PAGE_H - PDF_MARGIN_BOT - p->page_top;
    if (full > pdf_room(p) && !at_top(p) && full <= page_h) pdf_new_page(p);
    for (bool first = true;; first = false) {
        double need = first ? min_h : 0, room = pdf_room(p);
        for (int i = 0; i < n; i++) {
            double h = rest_h(t[i], from[i]) + 2 * pad_y;
            if (h > need) need = h;
        }
        if (need <= room) {
            for (int i = 0; i < n; i++)
                to[i] = t[i]->n;
            row_segment(p, cells, n, t, from, to, need, border);
            return;
        }
        double used = 0;
        for (int i = 0; i < n; i++) {
            int k = lines_fitting(t[i], from[i], room - 2 * pad_y);
            to[i] = from[i] + k;
            if (k && t[i]->bot[to[i] - 1] - t[i]->top[from[i]] > used)
                used = t[i]->bot[to[i] - 1] - t[i]->top[from[i]];
        }
        if (used == 0 && !at_top(p)) {
            pdf_new_page(p);
            continue;
        }
        if (used == 0) { /* one line taller than a page: show it anyway */
            for (int i = 0; i < n; i++)
                to[i] = from[i] + (from[i] < t[i]->n);
            used = room - 2 * pad_y;
        }
        row_segment(p, cells, n, t, from, to, used + 2 * pad_y, border);
        memcpy(from, to, sizeof(int) * (size_t)n);
        pdf_new_page(p);
    }
}

void pdf_row(Pdf *p, const PdfCell *cells, int n, double min_h) {
    row_flow(p, cells, n, min_h, true);
}

void pdf_para(Pdf *p, const char *text, const PdfStyle *st) {
    PdfCell c = {text, 1.0, st};
    row_flow(p, &c, 1, 0, false);
    p->y += st->size * 0.45;
}

/* ---- drawing ---- */

static void draw_text(Pdf *p, const PdfOp *op) {
    PdfText *t = op->text;
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    if (op->l0 == 0 && op->l1 == t->n) {
        cairo_move_to(p->cr, op->x, op->y);
        pango_cairo_show_layout(p->cr, t->layout);
        return;
    }
    PangoLayoutIter *it = pango_layout_get_iter(t->layout);
    int i = 0;
    do {
        if (i >= op->l0 && i < op->l1) {
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, NULL, &logical);
            double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
            cairo_move_to(p->cr, op->x + (double)logical.x / PANGO_SCALE,
                          op->y + base - t->top[op->l0]);
            pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
        }
        i++;
    } while (i < op->l1 && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

/* True when row r of a QR code has exactly the dark run [c, c+n). */
static bool qr_run_at(const unsigned char *q, int w, int r, int c, int n) {
    if (c > 0 && q[r * w + c - 1]) return false;
    if (c + n < w && q[r * w + c + n]) return false;
    for (int i = 0; i < n; i++)
        if (!q[r * w + c + i]) return false;
    return true;
}

/* Dark modules as rectangles: each horizontal run, extended down over the
** rows that repeat it exactly, so the path stays short. Module values 2
** mark runs already drawn as part of a taller rectangle. */
static void draw_qr(Pdf *p, const PdfOp *op) {
    int w = op->qr_w;
    unsigned char *q = op->qr;
    double m = op->w / (w + 2 * QR_QUIET);
    double x0 = op->x + QR_QUIET * m, y0 = op->y + QR_QUIET * m;
    cairo_set_source_rgb(p->cr, 1, 1, 1);
    cairo_rectangle(p->cr, op->x, op->y, op->w, op->h);
    cairo_fill(p->cr);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    for (int r = 0; r < w; r++) {
        for (int c = 0; c < w;) {
            int run = 0;
            while (c + run < w && q[r * w + c + run])
                run++;
            if (run == 0 || q[r * w + c] == 2) {
                c += run ? run : 1;
                continue;
            }
            int rows = 1;
            while (r + rows < w && qr_run_at(q, w, r + rows, c, run)) {
                memset(&q[(r + rows) * w + c], 2, (size_t)run);
                rows++;
            }
            cairo_rectangle(p->cr, x0 + c * m, y0 + r * m, run * m, rows * m);
            c += run;
        }
    }
    cairo_fill(p->cr);
}

static void draw_op(Pdf *p, const PdfOp *op) {
    cairo_t *cr = p->cr;
    switch (op->kind) {
    case OP_TEXT:
        draw_text(p, op);
        break;
    case OP_BOX:
    case OP_LINE:
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, op->v);
        if (op->kind == OP_BOX) {
            cairo_rectangle(cr, op->x, op->y, op->w, op->h);
        } else {
            cairo_move_to(cr, op->x, op->y);
            cairo_line_to(cr, op->x + op->w, op->y);
        }
        cairo_stroke(cr);
        break;
    case OP_FILL:
        cairo_set_source_rgb(cr, op->v, op->v, op->v);
        cairo_rectangle(cr, op->x, op->y, op->w, op->h);
        cairo_fill(cr);
        break;
    case OP_QR:
        draw_qr(p, op);
        break;
    }
}

/* The running header (pages after the first) and the page-number footer. */
static void draw_furniture(Pdf *p, int page, int total) {
    if (p->meta.header && page > 1) {
        PdfStyle hs = PDF_SMALL;
        hs.one_line = true;
        PdfText *h = pdf_text(p, p->meta.header, PDF_CONTENT_W, &hs);
        PdfOp op = {.kind = OP_TEXT, .x = PDF_MARGIN_X, .y = PDF_MM(10), .text = h, .l1 = h->n};
        draw_text(p, &op);
        PdfOp rule = {.kind = OP_LINE,
                      .x = PDF_MARGIN_X,
                      .y = PDF_MM(10) + h->h + 2,
                      .w = PDF_CONTENT_W,
                      .v = 0.4};
        draw_op(p, &rule);
    }
    PdfStyle st = PDF_SMALL;
    st.align = PDF_CENTER;
    char num[64];
    snprintf(num, sizeof num, "第 %d 页 / 共 %d 页", page, total);
    PdfText *f = pdf_text(p, num, PDF_CONTENT_W, &st);
    PdfOp op = {
        .kind = OP_TEXT, .x = PDF_MARGIN_X, .y = PDF_PAGE_H - PDF_MM(14), .text = f, .l1 = f->n};
    draw_text(p, &op);
}

static void draw_pages(Pdf *p) {
    size_t i = 0;
    for (int page = 1; page <= p->page; page++) {
        for (; i < p->n_ops && p->ops[i].page == page; i++)
            draw_op(p, &p->ops[i]);
        draw_furniture(p, page, p->page);
        cairo_show_page(p->cr);
    }
    assert(i == p->n_ops);
}
