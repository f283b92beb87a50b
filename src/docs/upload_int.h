/*
** Internals shared by upload.c, the per-format checkers (upload_jpeg.c,
** upload_png.c, upload_pdf.c) and thumb.c. Not for other modules.
*/
#ifndef BEIAN_DOCS_UPLOAD_INT_H
#define BEIAN_DOCS_UPLOAD_INT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h> /* jpeglib.h needs FILE */

#include <jpeglib.h>

#include "docs/upload.h"

/* A libjpeg error manager that longjmps back instead of exiting, and keeps
** the first warning that means the data is damaged (libjpeg only warns about
** premature end of data and bad entropy codes, then fills in grey). */
typedef struct UploadJpegErr {
    struct jpeg_error_mgr pub;
    jmp_buf jb;
    int bad_warning;            /* message code of the first damaging warning, or 0 */
    char text[JMSG_LENGTH_MAX]; /* that warning or the fatal error, as text */
    bool stop_on_damage;        /* longjmp at that warning: decoding on is wasted work */
} UploadJpegErr;

/* Install e as the error manager of a libjpeg object; returns &e->pub. */
struct jpeg_error_mgr *upload_jpeg_err_init(UploadJpegErr *e);
/* The -ERR_UPLOAD_* code for what e recorded: the first damaging warning if
** any, else (after_error: after a longjmp) the fatal error; 0 for none. */
int upload_jpeg_err_code(const UploadJpegErr *e, int after_error);

/* Fill the zero members of in with their defaults. */
void upload_policy_resolve(const UploadPolicy *in, UploadPolicy *out);
/* Decompression-bomb and minimum-resolution checks on declared dimensions. */
int upload_policy_dims(Arena *a, const UploadPolicy *p, uint32_t w, uint32_t h, UploadResult *r);

/* Per-format checks, called with a resolved policy after the magic bytes
** matched. Each sets r->data, r->n, r->width, r->height, r->orientation and
** r->removed, or returns -ERR_UPLOAD_* with r->detail set. */
int upload_jpeg_check(Arena *a, const unsigned char *p, size_t n, const UploadPolicy *pol,
                      UploadResult *r);
int upload_png_check(Arena *a, const unsigned char *p, size_t n, const UploadPolicy *pol,
                     UploadResult *r);
int upload_pdf_check(Arena *a, const unsigned char *p, size_t n, const UploadPolicy *pol,
                     UploadResult *r);

#endif
