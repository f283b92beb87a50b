/*
** Spreadsheets for exports: one table (a header row, then rows of text
** cells) written to a file as CSV or XLSX, a row at a time, in memory that
** does not grow with the number of rows.
**
**   CSV   UTF-8 with a byte-order mark (so that Excel reads Chinese right),
**         fields quoted as RFC 4180 says, CRLF line ends; a cell starting
**         with = + - @ TAB or CR gets a leading ' so that a spreadsheet
**         never runs it as a formula (CSV injection).
**   XLSX  libxlsxwriter in its constant-memory mode (each row goes to disk
**         when the next starts; strings are written inline in the sheet),
**         a bold header row that stays in view (frozen), column widths.
**
** Pure: no database, no HTTP. A row's cells are texts; a column marked as a
** number gets numeric cells in XLSX when its text is a number.
*/
#ifndef BEIAN_DOCS_SHEET_H
#define BEIAN_DOCS_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

typedef enum SheetFormat { SHEET_CSV = 1, SHEET_XLSX } SheetFormat;

/* "csv" / "xlsx" -> the format; 0 when unknown. */
SheetFormat sheet_format_parse(const char *id);
/* The file name extension ("csv") and the media type of a format. */
const char *sheet_format_ext(SheetFormat f);
const char *sheet_format_type(SheetFormat f);

typedef struct SheetColumn {
    const char *title;
    double width; /* XLSX width in characters (0: 12) */
    bool number;  /* numeric cells (XLSX) */
} SheetColumn;

typedef struct Sheet Sheet;

/* Start a sheet named name (XLSX: at most 31 characters) in the file at path
** (created or truncated), with the header row of cols[0..ncols). XLSX keeps
** its working files in tmpdir (NULL: the system's). The columns must outlive
** the sheet. Returns 0 and *out, or -ERR_SHEET_WRITE. */
int sheet_open(Sheet **out, SheetFormat fmt, const char *path, const char *tmpdir, const char *name,
               const SheetColumn *cols, size_t ncols);
/* Append a row: cells[0..ncols) (NULL cells are empty). 0 or -ERR_SHEET_WRITE. */
int sheet_row(Sheet *s, const char *const *cells);
/* Append a row holding one text in its first cell (a note such as "cut at
** 100,000 rows"). 0 or -ERR_SHEET_WRITE. */
int sheet_note(Sheet *s, const char *text);
/* Finish the file and free the sheet. 0, or -ERR_SHEET_WRITE when the file
** could not be completed (its content is then undefined). */
int sheet_close(Sheet *s);
/* Free the sheet without finishing its file (after an error). NULL is fine. */
void sheet_discard(Sheet *s);

/* One CSV field of text, as sheet_row writes it: neutralised against
** formulas unless it is the number of a number column, quoted when it holds
** a comma, a quote, CR or LF. Exposed for tests. */
void sheet_csv_field(Buf *b, const char *text, bool number);

#endif
