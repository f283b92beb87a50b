/*
** Thumbnails: decode (a JPEG already scaled down by libjpeg to the nearest
** eighth at or above the target), average the rows into a box filter as they
** arrive so the full image is never held in memory, turn the small image
** upright, encode it as JPEG.
*/
#include "docs/thumb.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "core/err.h"
#include "docs/upload_int.h"

#define THUMB_JPEG_MEM (256L * 1024 * 1024)

/* A box filter from sw x sh source pixels to tw x th RGB target pixels. */
typedef struct Box {
    uint32_t sw, sh, tw, th;
    uint32_t *xmap; /* target column of each source column */
    uint32_t *sum;  /* tw * th * 3 */
    uint32_t *cnt;  /* tw * th */
} Box;

static void box_init(Arena *a, Box *b, uint32_t sw, uint32_t sh, uint32_t max_side) {
    uint32_t lo = sw > sh ? sh : sw, hi = sw > sh ? sw : sh;
    uint32_t thi = hi > max_side ? max_side : hi;
    uint32_t tlo = (uint32_t)(((uint64_t)lo * thi + hi / 2) / hi);
    if (tlo == 0) tlo = 1;
    b->sw = sw, b->sh = sh;
    b->tw = sw >= sh ? thi : tlo;
    b->th = sw >= sh ? tlo : thi;
    b->xmap = ARENA_NEW(a, uint32_t, sw);
    for (uint32_t x = 0; x < sw; x++)
        b->xmap[x] = (uint32_t)((uint64_t)x * b->tw / sw);
    b->sum = ARENA_NEW(a, uint32_t, (size_t)b->tw * b->th * 3);
    b->cnt = ARENA_NEW(a, uint32_t, (size_t)b->tw * b->th);
}

/* Add count RGB pixels of source row y at columns x0, x0 + step, ... */
static void box_add(Box *b, uint32_t y, uint32_t x0, uint32_t step, const unsigned char *rgb,
                    uint32_t count) {
    size_t base = (size_t)((uint64_t)y * b->th / b->sh) * b->tw;
    for (uint32_t k = 0, x = x0; k < count && x < b->sw; k++, x += step) {
        size_t t = base + b->xmap[x];
        b->sum[t * 3] += rgb[k * 3];
        b->sum[t * 3 + 1] += rgb[k * 3 + 1];
        b->sum[t * 3 + 2] += rgb[k * 3 + 2];
        b->cnt[t]++;
    }
}

static unsigned char *box_result(Arena *a, const Box *b) {
    size_t np = (size_t)b->tw * b->th;
    unsigned char *out = arena_alloc(a, np * 3);
    for (size_t t = 0; t < np; t++)
        for (int c = 0; c < 3; c++)
            out[t * 3 + c] =
                b->cnt[t] ? (unsigned char)((b->sum[t * 3 + c] + b->cnt[t] / 2) / b->cnt[t]) : 255;
    return out;
}

/* CMYK (Adobe's inverted form when the file has an Adobe marker) to RGB. */
static void cmyk_to_rgb(const unsigned char *in, unsigned char *out, uint32_t w, bool inverted) {
    for (uint32_t x = 0; x < w; x++) {
        unsigned k = inverted ? in[x * 4 + 3] : 255u - in[x * 4 + 3];
        for (int c = 0; c < 3; c++) {
            unsigned v = inverted ? in[x * 4 + c] : 255u - in[x * 4 + c];
            out[x * 3 + c] = (unsigned char)((v * k + 127) / 255);
        }
    }
}

static int dims_ok(uint32_t w, uint32_t h) {
    return w && h && w <= UPLOAD_DEFAULT_MAX_SIDE && h <= UPLOAD_DEFAULT_MAX_SIDE &&
           (uint64_t)w * h <= UPLOAD_DEFAULT_MAX_PIXELS;
}

static int thumb_jpeg(Arena *a, const unsigned char *p, size_t n, uint32_t max_side, Box *b) {
    struct jpeg_decompress_struct ci;
    UploadJpegErr je;
    ci.err = upload_jpeg_err_init(&je);
    if (setjmp(je.jb)) {
        jpeg_destroy_decompress(&ci);
        return upload_jpeg_err_code(&je, 1);
    }
    jpeg_create_decompress(&ci);
    ci.mem->max_memory_to_use = THUMB_JPEG_MEM;
    jpeg_mem_src(&ci, p, (unsigned long)n);
    jpeg_read_header(&ci, TRUE);
    if (!dims_ok(ci.image_width, ci.image_height)) {
        jpeg_destroy_decompress(&ci);
        return -ERR_UPLOAD_DIMENSIONS;
    }
    uint32_t hi = ci.image_width > ci.image_height ? ci.image_width : ci.image_height;
    if (hi > max_side) {
        unsigned num = (unsigned)(((uint64_t)8 * max_side + hi - 1) / hi);
        ci.scale_num = num < 1 ? 1 : num > 8 ? 8 : num;
        ci.scale_denom = 8;
    }
    bool cmyk = ci.jpeg_color_space == JCS_CMYK || ci.jpeg_color_space == JCS_YCCK;
    ci.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&ci);
    box_init(a, b, ci.output_width, ci.output_height, max_side);
    JSAMPARRAY row = ci.mem->alloc_sarray((j_common_ptr)&ci, JPOOL_IMAGE,
                                          ci.output_width * (JDIMENSION)ci.output_components, 1);
    unsigned char *rgb = cmyk ? arena_alloc(a, (size_t)ci.output_width * 3) : NULL;
    while (ci.output_scanline < ci.output_height) {
        uint32_t y = ci.output_scanline;
        jpeg_read_scanlines(&ci, row, 1);
        if (cmyk) cmyk_to_rgb(row[0], rgb, ci.output_width, ci.saw_Adobe_marker);
        box_add(b, y, 0, 1, cmyk ? rgb : row[0], ci.output_width);
    }
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    return 0;
}

typedef struct PngMem {
    const unsigned char *p;
    size_t n, pos;
} PngMem;

static void thumb_png_read(png_structp png, png_bytep out, size_t len) {
    PngMem *m = png_get_io_ptr(png);
    if (len > m->n - m->pos) png_error(png, "unexpected end of file");
    memcpy(out, m->p + m->pos, len);
    m->pos += len;
}

static void thumb_png_error(png_structp png, png_const_charp msg) {
    (void)msg;
    png_longjmp(png, 1);
}

static void thumb_png_warning(png_structp png, png_const_charp msg) {
    (void)png, (void)msg;
}

/* RGBA to RGB laid on white, in place (out may alias in). */
static void flatten(const unsigned char *in, unsigned char *out, uint32_t w) {
    for (uint32_t x = 0; x < w; x++) {
        unsigned al = in[x * 4 + 3];
        for (int c = 0; c < 3; c++)
            out[x * 3 + c] = (unsigned char)((in[x * 4 + c] * al + 255u * (255u - al) + 127) / 255);
    }
}

/* Rows of an interlaced image arrive pass by pass, each pass a sub-image on
** a grid (PNG_PASS_*), so the box filter takes them as they come. */
static void thumb_png_rows(png_structp png, Box *b, unsigned char *row, bool interlaced) {
    int passes = interlaced ? 7 : 1;
    for (int pass = 0; pass < passes; pass++) {
        uint32_t cols = interlaced ? PNG_PASS_COLS(b->sw, pass) : b->sw;
        uint32_t rows = interlaced ? PNG_PASS_ROWS(b->sh, pass) : b->sh;
        if (cols == 0 || rows == 0) continue;
        uint32_t y0 = interlaced ? PNG_PASS_START_ROW(pass) : 0;
        uint32_t dy = interlaced ? PNG_PASS_ROW_OFFSET(pass) : 1;
        uint32_t x0 = interlaced ? PNG_PASS_START_COL(pass) : 0;
        uint32_t dx = interlaced ? PNG_PASS_COL_OFFSET(pass) : 1;
        for (uint32_t r = 0; r < rows; r++) {
            png_read_row(png, row, NULL);
            flatten(row, row, cols);
            box_add(b, y0 + r * dy, x0, dx, row, cols);
        }
    }
}

static int thumb_png(Arena *a, const unsigned char *p, size_t n, uint32_t max_side, Box *b) {
    PngMem m = {.p = p, .n = n};
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, thumb_png_error, thumb_png_warning);
    if (!png) return -ERR_INTERNAL;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return -ERR_UPLOAD_CORRUPT;
    }
    png_set_read_fn(png, &m, thumb_png_read);
    png_set_option(png, PNG_SKIP_sRGB_CHECK_PROFILE, PNG_OPTION_ON);
    png_read_info(png, info);
    uint32_t w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if (!dims_ok(w, h)) {
        png_destroy_read_struct(&png, &info, NULL);
        return -ERR_UPLOAD_DIMENSIONS;
    }
    png_set_expand(png);
    png_set_scale_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_read_update_info(png, info);
    if (png_get_channels(png, info) != 4) png_error(png, "unexpected channel count");
    box_init(a, b, w, h, max_side);
    unsigned char *row = arena_alloc(a, png_get_rowbytes(png, info));
    thumb_png_rows(png, b, row, png_get_interlace_type(png, info) != PNG_INTERLACE_NONE);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

/* Turn w x h RGB pixels by an EXIF orientation; *w, *h become the result's. */
static unsigned char *orient(Arena *a, const unsigned char *in, int *w, int *h, int o) {
    if (o < 2 || o > 8) return (unsigned char *)in;
    int sw = *w, sh = *h, dw = o >= 5 ? sh : sw, dh = o >= 5 ? sw : sh;
    unsigned char *out = arena_alloc(a, (size_t)dw * dh * 3);
    for (int y = 0; y < dh; y++) {
        for (int x = 0; x < dw; x++) {
            int sx, sy;
            switch (o) {
            case 2:
                sx = sw - 1 - x, sy = y;
                break;
            case 3:
                sx = sw - 1 - x, sy = sh - 1 - y;
                break;
            case 4:
                sx = x, sy = sh - 1 - y;
                break;
            case 5:
                sx = y, sy = x;
                break;
            case 6:
                sx = y, sy = sh - 1 - x;
                break;
            case 7:
                sx = sw - 1 - y, sy = sh - 1 - x;
                break;
            default:
                sx = sw - 1 - y, sy = x;
                break; /* 8 */
            }
            memcpy(out + ((size_t)y * dw + x) * 3, in + ((size_t)sy * sw + sx) * 3, 3);
        }
    }
    *w = dw, *h = dh;
    return out;
}

typedef struct JpegOut {
    unsigned char *buf; /* malloc'd by libjpeg */
    unsigned long len;
} JpegOut;

static int thumb_encode(Arena *a, const unsigned char *rgb, int w, int h, Thumb *out) {
    struct jpeg_compress_struct cc;
    UploadJpegErr je;
    JpegOut *jo = ARENA_NEW(a, JpegOut, 1); /* outside the frame, so longjmp cannot lose it */
    cc.err = upload_jpeg_err_init(&je);
    if (setjmp(je.jb)) {
        jpeg_destroy_compress(&cc);
        free(jo->buf);
        return -ERR_INTERNAL;
    }
    jpeg_create_compress(&cc);
    jpeg_mem_dest(&cc, &jo->buf, &jo->len);
    cc.image_width = (JDIMENSION)w;
    cc.image_height = (JDIMENSION)h;
    cc.input_components = 3;
    cc.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cc);
    jpeg_set_quality(&cc, THUMB_QUALITY, TRUE);
    jpeg_start_compress(&cc, TRUE);
    while (cc.next_scanline < cc.image_height) {
        JSAMPROW r = (JSAMPROW)(rgb + (size_t)cc.next_scanline * w * 3);
        jpeg_write_scanlines(&cc, &r, 1);
    }
    jpeg_finish_compress(&cc);
    jpeg_destroy_compress(&cc);
    out->data = arena_alloc(a, jo->len);
    memcpy(out->data, jo->buf, jo->len);
    out->n = jo->len;
    free(jo->buf);
    out->width = w;
    out->height = h;
    return 0;
}

int thumb_make(Arena *a, const void *data, size_t n, int max_side, Thumb *out) {
    memset(out, 0, sizeof *out);
    const unsigned char *p = data;
    uint32_t side = max_side > 0 ? (uint32_t)max_side : THUMB_MAX_SIDE;
    Box b;
    int rc, orientation = 1;
    if (n >= 3 && memcmp(p, "\xff\xd8\xff", 3) == 0) {
        rc = thumb_jpeg(a, p, n, side, &b);
        orientation = upload_jpeg_orientation(p, n);
    } else if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) {
        rc = thumb_png(a, p, n, side, &b);
    } else if (n >= 5 && memcmp(p, "%PDF-", 5) == 0) {
        return -ERR_UPLOAD_NO_THUMBNAIL;
    } else {
        return -ERR_UPLOAD_TYPE;
    }
    if (rc < 0) return rc;
    int w = (int)b.tw, h = (int)b.th;
    unsigned char *rgb = orient(a, box_result(a, &b), &w, &h, orientation);
    return thumb_encode(a, rgb, w, h, out);
}
