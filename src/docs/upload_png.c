/*
** PNG uploads. Two steps:
**  1. Walk the chunks ourselves, verifying every CRC: IHDR gives the
**     dimensions, checked against the bomb guard before anything is
**     inflated. The chunks to keep are copied with their CRCs into a new
**     file: the critical ones (IHDR, PLTE, IDAT, IEND) and those that change
**     how pixels look (tRNS, gAMA, cHRM, sRGB, iCCP, cICP, sBIT, pHYs, bKGD).
**     Every other ancillary chunk goes: text (tEXt, zTXt, iTXt), eXIf, tIME,
**     animation (acTL, fcTL, fdAT) and private ones. Bytes after IEND go too.
**  2. Decode the rewritten file completely with libpng, with CRC checks and
**     benign errors turned into errors.
*/
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include <png.h>

#include "core/buf.h"
#include "core/err.h"
#include "docs/upload_int.h"

/* libpng's allowance for one ancillary chunk (an ICC profile) in memory. */
#define PNG_CHUNK_MAX (8u * 1024 * 1024)

static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

/* CRC-32 as the PNG specification defines it (ISO 3309, reflected). */
static void crc_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32_png(const unsigned char *p, size_t n) {
    pthread_once(&crc_once, crc_init);
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool chunk_kept(const unsigned char *type) {
    static const char *const keep[] = {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM",
                                       "sRGB", "iCCP", "cICP", "sBIT", "pHYs", "bKGD", NULL};
    for (int i = 0; keep[i]; i++)
        if (memcmp(type, keep[i], 4) == 0) return true;
    return false;
}

typedef struct PngWalk {
    Buf out;
    uint32_t width, height;
    int removed;
} PngWalk;

static int png_walk(Arena *a, const unsigned char *p, size_t n, PngWalk *w, UploadResult *r) {
    size_t pos = 8;
    buf_append(&w->out, p, 8);
    for (int i = 0;; i++) {
        if (n - pos < 12) return r->detail = "no IEND chunk", -ERR_UPLOAD_TRUNCATED;
        uint32_t len = be32(p + pos);
        const unsigned char *type = p + pos + 4;
        if (len > 0x7FFFFFFFu) return r->detail = "bad chunk length", -ERR_UPLOAD_CORRUPT;
        for (int k = 0; k < 4; k++)
            if (!((type[k] | 0x20) >= 'a' && (type[k] | 0x20) <= 'z'))
                return r->detail = "bad chunk type", -ERR_UPLOAD_CORRUPT;
        if (n - pos - 12 < len) return r->detail = "chunk cut off", -ERR_UPLOAD_TRUNCATED;
        if (crc32_png(type, 4 + (size_t)len) != be32(type + 4 + len))
            return r->detail = arena_printf(a, "CRC mismatch in chunk %.4s", (const char *)type),
                   -ERR_UPLOAD_CORRUPT;
        bool ihdr = memcmp(type, "IHDR", 4) == 0;
        if (ihdr != (i == 0)) return r->detail = "IHDR is not the first chunk", -ERR_UPLOAD_CORRUPT;
        if (ihdr) {
            if (len != 13) return r->detail = "bad IHDR length", -ERR_UPLOAD_CORRUPT;
            w->width = be32(type + 4);
            w->height = be32(type + 8);
        }
        size_t whole = 12 + (size_t)len;
        if (chunk_kept(type)) {
            buf_append(&w->out, p + pos, whole);
        } else if (!(type[0] & 0x20)) {
            r->detail = arena_printf(a, "unknown critical chunk %.4s", (const char *)type);
            return -ERR_UPLOAD_UNSUPPORTED;
        } else {
            w->removed++;
        }
        pos += whole;
        if (memcmp(type, "IEND", 4) == 0) return 0;
    }
}

typedef struct PngCtx {
    const unsigned char *p;
    size_t n, pos;
    bool eof;
    char text[160];
} PngCtx;

static void png_read_mem(png_structp png, png_bytep out, size_t len) {
    PngCtx *c = png_get_io_ptr(png);
    if (len > c->n - c->pos) {
        c->eof = true;
        png_error(png, "unexpected end of file");
    }
    memcpy(out, c->p + c->pos, len);
    c->pos += len;
}

static void png_on_error(png_structp png, png_const_charp msg) {
    PngCtx *c = png_get_error_ptr(png);
    snprintf(c->text, sizeof c->text, "%s", msg);
    png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg) {
    (void)png, (void)msg;
}

/* Decode every row (every pass of an interlaced image) into one reused row
** buffer: the pixels are not needed, only libpng's verdict. */
static int png_decode_check(Arena *a, const unsigned char *p, size_t n, const PngWalk *w,
                            const UploadPolicy *pol, UploadResult *r) {
    PngCtx ctx = {.p = p, .n = n};
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, &ctx, png_on_error, png_on_warning);
    if (!png) return r->detail = "libpng unavailable", -ERR_INTERNAL;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        r->detail = arena_strdup(a, ctx.text);
        if (ctx.eof || strstr(ctx.text, "Not enough image data")) return -ERR_UPLOAD_TRUNCATED;
        if (strstr(ctx.text, "exceeds user limit")) return -ERR_UPLOAD_DIMENSIONS;
        return -ERR_UPLOAD_CORRUPT;
    }
    png_set_read_fn(png, &ctx, png_read_mem);
    png_set_user_limits(png, pol->max_side, pol->max_side);
    png_set_chunk_malloc_max(png, PNG_CHUNK_MAX);
    png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    png_set_benign_errors(png, 0);
    png_set_option(png, PNG_SKIP_sRGB_CHECK_PROFILE, PNG_OPTION_ON);
    png_read_info(png, info);
    if (png_get_image_width(png, info) != w->width || png_get_image_height(png, info) != w->height)
        png_error(png, "IHDR read twice differently");
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    png_bytep row = arena_alloc(a, png_get_rowbytes(png, info));
    for (int pass = 0; pass < passes; pass++)
        for (uint32_t y = 0; y < w->height; y++)
            png_read_row(png, row, NULL);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

int upload_png_check(Arena *a, const unsigned char *p, size_t n, const UploadPolicy *pol,
                     UploadResult *r) {
    PngWalk w = {0};
    buf_init(&w.out, a);
    buf_reserve(&w.out, n);
    int rc = png_walk(a, p, n, &w, r);
    if (rc < 0) return rc;
    if ((rc = upload_policy_dims(a, pol, w.width, w.height, r)) < 0) return rc;
    rc = png_decode_check(a, (const unsigned char *)w.out.data, w.out.len, &w, pol, r);
    if (rc < 0) return rc;
    r->data = (const unsigned char *)w.out.data;
    r->n = w.out.len;
    r->width = w.width;
    r->height = w.height;
    r->removed = w.removed;
    return 0;
}
