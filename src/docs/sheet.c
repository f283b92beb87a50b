/*
** Spreadsheets for exports: CSV by hand (RFC 4180), XLSX through
** libxlsxwriter's constant-memory mode. Memory stays the same whatever the
** number of rows: CSV goes through one reused row buffer into a buffered
** file, XLSX keeps one row in memory and the rest in its temporary file.
*/
#include "docs/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/err.h"

/* The largest text an XLSX cell holds (Excel's limit, in bytes here). */
#define XLSX_CELL_MAX 32767
/* Rows of an XLSX sheet, the header included. */
#define XLSX_ROWS_MAX 1048576

struct Sheet {
    SheetFormat fmt;
    const SheetColumn *cols;
    size_t ncols;
    /* CSV */
    FILE *f;
    Buf row; /* one line, reused */
    /* XLSX */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold;
    lxw_row_t next; /* the next row to write */
    bool failed;    /* a write failed: closing reports it */
};

SheetFormat sheet_format_parse(const char *id) {
    if (id && !strcmp(id, "csv")) return SHEET_CSV;
    if (id && !strcmp(id, "xlsx")) return SHEET_XLSX;
    return 0;
}

const char *sheet_format_ext(SheetFormat f) {
    return f == SHEET_XLSX ? "xlsx" : "csv";
}

const char *sheet_format_type(SheetFormat f) {
    return f == SHEET_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                           : "text/csv; charset=utf-8";
}

/* Is text, whole, a finite number (as a number column's cell holds)? */
static bool is_number(const char *text, double *out) {
    if (!text || !*text) return false;
    char *end;
    double d = strtod(text, &end);
    if (*end || end == text || d != d || d > 1e300 || d < -1e300) return false;
    if (out) *out = d;
    return true;
}

void sheet_csv_field(Buf *b, const char *text, bool number) {
    if (!text) text = "";
    /* A spreadsheet runs a cell starting with one of these as a formula. */
    bool neutralise = text[0] && strchr("=+-@\t\r", text[0]) && !(number && is_number(text, NULL));
    bool quote = strpbrk(text, ",\"\r\n") != NULL;
    if (quote) buf_putc(b, '"');
    if (neutralise) buf_putc(b, '\'');
    for (const char *p = text; *p; p++) {
        if (*p == '"') buf_putc(b, '"');
        buf_putc(b, *p);
    }
    if (quote) buf_putc(b, '"');
}

/* Is column i a number column (and the row not all text)? */
static bool number_col(const Sheet *s, size_t i, bool text) {
    return !text && i < s->ncols && s->cols[i].number;
}

/* Write the CSV line of cells (n of them) with its CRLF; text: every cell
** is text (titles, notes). */
static int csv_line(Sheet *s, const char *const *cells, size_t n, bool text) {
    buf_reset(&s->row);
    for (size_t i = 0; i < n; i++) {
        if (i) buf_putc(&s->row, ',');
        sheet_csv_field(&s->row, cells[i], number_col(s, i, text));
    }
    buf_append(&s->row, "\r\n", 2);
    if (fwrite(s->row.data, 1, s->row.len, s->f) != s->row.len) s->failed = true;
    return s->failed ? -ERR_SHEET_WRITE : 0;
}

static int csv_open(Sheet *s, const char *path) {
    s->f = fopen(path, "wb");
    if (!s->f) return -ERR_SHEET_WRITE;
    setvbuf(s->f, NULL, _IOFBF, 1 << 16);
    buf_init(&s->row, NULL);
    if (fwrite("\xEF\xBB\xBF", 1, 3, s->f) != 3) return -ERR_SHEET_WRITE; /* the BOM */
    const char **titles = xcalloc(s->ncols ? s->ncols : 1, sizeof *titles);
    for (size_t i = 0; i < s->ncols; i++)
        titles[i] = s->cols[i].title;
    int rc = csv_line(s, titles, s->ncols, true);
    free(titles);
    return rc;
}

/* One XLSX cell: a number in a number column, else text cut to Excel's
** limit; fmt NULL: plain (the header and notes are all text). */
static lxw_error xlsx_cell(Sheet *s, lxw_col_t col, const char *text, lxw_format *fmt, bool all) {
    double d;
    if (!text || !*text) return LXW_NO_ERROR;
    if (number_col(s, col, all) && is_number(text, &d))
        return worksheet_write_number(s->ws, s->next, col, d, NULL);
    if (strlen(text) <= XLSX_CELL_MAX)
        return worksheet_write_string(s->ws, s->next, col, text, fmt);
    char *cut = xmalloc(XLSX_CELL_MAX + 1);
    size_t n = XLSX_CELL_MAX;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) /* not inside a character */
        n--;
    memcpy(cut, text, n);
    cut[n] = 0;
    lxw_error e = worksheet_write_string(s->ws, s->next, col, cut, fmt);
    free(cut);
    return e;
}

/* Write one XLSX row of cells (n of them), in fmt (NULL: plain); text:
** every cell is text. */
static int xlsx_line(Sheet *s, const char *const *cells, size_t n, lxw_format *fmt, bool text) {
    if (s->next >= XLSX_ROWS_MAX) s->failed = true;
    for (size_t i = 0; i < n && !s->failed; i++)
        if (xlsx_cell(s, (lxw_col_t)i, cells[i], fmt, text) != LXW_NO_ERROR) s->failed = true;
    s->next++;
    return s->failed ? -ERR_SHEET_WRITE : 0;
}

static int xlsx_open(Sheet *s, const char *path, const char *tmpdir, const char *name) {
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir};
    s->wb = workbook_new_opt(path, &opt);
    if (!s->wb) return -ERR_SHEET_WRITE;
    s->ws = workbook_add_worksheet(s->wb, name);
    s->bold = workbook_add_format(s->wb);
    if (!s->ws || !s->bold) return -ERR_SHEET_WRITE;
    format_set_bold(s->bold);
    for (size_t i = 0; i < s->ncols; i++) {
        double w = s->cols[i].width > 0 ? s->cols[i].width : 12;
        if (worksheet_set_column(s->ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL) != LXW_NO_ERROR)
            return -ERR_SHEET_WRITE;
    }
    worksheet_freeze_panes(s->ws, 1, 0);
    const char **titles = xcalloc(s->ncols ? s->ncols : 1, sizeof *titles);
    for (size_t i = 0; i < s->ncols; i++)
        titles[i] = s->cols[i].title;
    int rc = xlsx_line(s, titles, s->ncols, s->bold, true);
    free(titles);
    return rc;
}

int sheet_open(Sheet **out, SheetFormat fmt, const char *path, const char *tmpdir, const char *name,
               const SheetColumn *cols, size_t ncols) {
    *out = NULL;
    if (fmt != SHEET_CSV && fmt != SHEET_XLSX) return -ERR_SHEET_WRITE;
    Sheet *s = xcalloc(1, sizeof *s);
    *s = (Sheet){.fmt = fmt, .cols = cols, .ncols = ncols};
    int rc = fmt == SHEET_CSV ? csv_open(s, path) : xlsx_open(s, path, tmpdir, name);
    if (rc < 0) {
        sheet_discard(s);
        return rc;
    }
    *out = s;
    return 0;
}

int sheet_row(Sheet *s, const char *const *cells) {
    if (s->failed) return -ERR_SHEET_WRITE;
    return s->fmt == SHEET_CSV ? csv_line(s, cells, s->ncols, false)
                               : xlsx_line(s, cells, s->ncols, NULL, false);
}

int sheet_note(Sheet *s, const char *text) {
    const char *cells[1] = {text};
    if (s->failed) return -ERR_SHEET_WRITE;
    return s->fmt == SHEET_CSV ? csv_line(s, cells, 1, true) : xlsx_line(s, cells, 1, NULL, true);
}

int sheet_close(Sheet *s) {
    bool ok = !s->failed;
    if (s->fmt == SHEET_CSV) {
        if (fclose(s->f) != 0) ok = false;
        s->f = NULL;
        buf_free(&s->row);
    } else {
        if (workbook_close(s->wb) != LXW_NO_ERROR) ok = false; /* frees the workbook */
        s->wb = NULL;
    }
    free(s);
    return ok ? 0 : -ERR_SHEET_WRITE;
}

void sheet_discard(Sheet *s) {
    if (!s) return;
    if (s->f) fclose(s->f);
    buf_free(&s->row);
    if (s->wb) lxw_workbook_free(s->wb);
    free(s);
}
