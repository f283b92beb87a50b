/*
** The page-layout engine behind the printable forms (internal to src/docs).
**
** A Pdf lays content out in one pass into a list of drawing operations per
** page: bordered table rows, paragraphs, boxes, lines and QR codes. Nothing
** is drawn until pdf_close(), which then knows the page count and can print
** "第 1 页 / 共 3 页" in every footer. Rows and paragraphs that do not fit on
** the rest of a page move to the next one; a row taller than a whole page is
** split between lines of text, so no text is ever cut at the page bottom.
**
** Coordinates are PDF points (1/72 inch) from the top-left corner of the
** page. Text is always set in WenQuanYi Micro Hei through pango; strings are
** plain UTF-8 (never pango markup), so caller data cannot inject formatting.
**
** Every Pdf belongs to one thread; separate Pdfs may be built concurrently.
*/
#ifndef BEIAN_DOCS_PDF_H
#define BEIAN_DOCS_PDF_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/buf.h"

#define PDF_FONT_FAMILY "WenQuanYi Micro Hei"
#define PDF_MM(x)       ((x)*72.0 / 25.4)
#define PDF_PAGE_W      PDF_MM(210.0)
#define PDF_PAGE_H      PDF_MM(297.0)
#define PDF_MARGIN_X    PDF_MM(18.0)
#define PDF_MARGIN_TOP  PDF_MM(20.0)
#define PDF_MARGIN_BOT  PDF_MM(20.0)
#define PDF_CONTENT_W   (PDF_PAGE_W - 2 * PDF_MARGIN_X)

typedef struct Pdf Pdf;
typedef struct PdfText PdfText;

typedef enum PdfAlign { PDF_LEFT = 0, PDF_CENTER, PDF_RIGHT } PdfAlign;

/* How a piece of text looks. gray is the cell background (0 black .. 1
** white); 0 means "no fill", so a zero-initialised style is plain text. */
typedef struct PdfStyle {
    double size; /* points */
    bool bold;
    PdfAlign align;
    double gray;
    bool indent;   /* first line indented by two characters (Chinese prose) */
    bool one_line; /* cut with "…" at the width instead of wrapping */
} PdfStyle;

extern const PdfStyle PDF_BODY;     /* 9.5 pt body text */
extern const PdfStyle PDF_LABEL;    /* table label: shaded cell */
extern const PdfStyle PDF_HEADCELL; /* table column heading: shaded, bold, centred */
extern const PdfStyle PDF_SMALL;    /* 8 pt notes */
extern const PdfStyle PDF_PROSE;    /* 10.5 pt indented paragraph */

/* One cell of a table row. width is a fraction of the content width; the
** widths of a row should add up to 1. NULL text prints as empty. */
typedef struct PdfCell {
    const char *text;
    double width;
    const PdfStyle *style;
} PdfCell;

/* Metadata of the document. title is required; header is printed at the top
** of every page after the first (e.g. the form name and application number). */
typedef struct PdfMeta {
    const char *title;
    const char *subject;
    const char *header;
} PdfMeta;

/* Make sure the font is available. Initialises fontconfig once per process
** (pthread_once) before any thread renders. Returns 0 or
** -ERR_PDF_FONT_MISSING. Safe to call from any thread, any number of times. */
int pdf_fonts_ready(void);

/* Start a document whose PDF bytes will be appended to out. Everything the
** Pdf allocates lives in arena a or is released by pdf_close(). Returns 0 and
** sets *pp, or a negative error (font missing, cairo failure) with *pp NULL. */
int pdf_open(Pdf **pp, Arena *a, Buf *out, const PdfMeta *meta);

/* Draw every page with its header and footer, finish the PDF and release the
** cairo and pango objects. Returns 0, or -ERR_PDF_RENDER (then out is left as
** it was before pdf_open) or the first error recorded while laying out. */
int pdf_close(Pdf *p);

/* Record an error; pdf_close() returns the first one recorded. */
void pdf_fail(Pdf *p, int err);

Arena *pdf_arena(Pdf *p);
/* Current vertical position and the number of the page being laid out. */
double pdf_y(const Pdf *p);
int pdf_page(const Pdf *p);
/* Space left on the current page below the cursor, in points. */
double pdf_room(const Pdf *p);

/* Flow content. */
void pdf_space(Pdf *p, double h);
/* Start a new page when less than h points are left (and the page is not
** empty already): keeps a heading with what follows, or a block together. */
void pdf_need(Pdf *p, double h);
void pdf_new_page(Pdf *p);
/* A table row of bordered cells; min_h leaves room for handwriting. */
void pdf_row(Pdf *p, const PdfCell *cells, int n, double min_h);
/* A borderless full-width paragraph, split between lines across pages. */
void pdf_para(Pdf *p, const char *text, const PdfStyle *st);
/* Repeat this row at the top of every new page until pdf_table_end(). The
** cells must stay valid until then. Also emits the row once now. */
void pdf_table_begin(Pdf *p, const PdfCell *head, int n);
void pdf_table_end(Pdf *p);

/* Reserve h points at the cursor (moving to a new page if needed) for
** content placed by absolute position; returns the top y of the area. */
double pdf_reserve(Pdf *p, double h);

/* Absolute placement on the current page. */
PdfText *pdf_text(Pdf *p, const char *text, double width, const PdfStyle *st);
double pdf_text_height(const PdfText *t);
double pdf_text_width(const PdfText *t); /* widest line, points */
void pdf_place(Pdf *p, PdfText *t, double x, double y);
void pdf_box(Pdf *p, double x, double y, double w, double h, double line_w);
void pdf_fill(Pdf *p, double x, double y, double w, double h, double gray);
void pdf_hline(Pdf *p, double x1, double x2, double y, double line_w);
/* A QR code (error correction M) of data, size points square including its
** quiet zone. Returns 0, or -ERR_INVALID_INPUT when data cannot be encoded. */
int pdf_qr(Pdf *p, double x, double y, double size, const char *data);

#endif
