/*
** Unit tests for src/docs/thumb.c: sizes, colours, orientation, interlaced
** and transparent PNGs, CMYK JPEGs, and the kinds without a thumbnail.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../fixtures/uploads/fixtures.h"
#include "core/err.h"
#include "docs/thumb.h"
#include "docs/upload.h"

static Arena A;

static int setup(void **state) {
    (void)state;
    arena_init(&A);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    arena_free(&A);
    return 0;
}

/* Decode a thumbnail and return its pixel at (x, y) as 0xRRGGBB. */
static unsigned pixel(const Thumb *t, int x, int y) {
    int w, h, c;
    unsigned char *px = fx_jpeg_pixels(&A, t->data, t->n, &w, &h, &c);
    assert_int_equal(w, t->width);
    assert_int_equal(h, t->height);
    assert_int_equal(c, 3);
    const unsigned char *p = px + ((size_t)y * w + x) * 3;
    return (unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2];
}

/* Each channel within tol of the expected colour (JPEG is lossy). */
static void assert_colour(unsigned got, unsigned want, int tol) {
    for (int s = 0; s < 24; s += 8) {
        int g = (int)(got >> s & 255), w = (int)(want >> s & 255);
        if (g - w > tol || w - g > tol) fail_msg("colour %06x, expected %06x", got, want);
    }
}

static void test_jpeg_thumb_size_and_colours(void **state) {
    (void)state;
    FxBytes f = fx_jpeg_cs(&A, fx_quadrants(&A, 1600, 1200), 1600, 1200, 3, JCS_RGB, 90, false);
    Thumb t;
    assert_int_equal(thumb_make(&A, f.p, f.n, 0, &t), 0);
    assert_int_equal(t.width, 320);
    assert_int_equal(t.height, 240);
    assert_true(t.n > 100 && t.n < 20000);
    assert_int_equal(t.data[0], 0xFF);
    assert_int_equal(t.data[1], 0xD8);
    assert_colour(pixel(&t, 40, 40), 0xFF0000, 24);
    assert_colour(pixel(&t, 280, 40), 0x00FF00, 24);
    assert_colour(pixel(&t, 40, 200), 0x0000FF, 24);
    assert_colour(pixel(&t, 280, 200), 0xFFFFFF, 24);
    assert_int_equal(thumb_make(&A, f.p, f.n, 100, &t), 0);
    assert_int_equal(t.width, 100);
    assert_int_equal(t.height, 75);
}

static void test_small_image_not_enlarged(void **state) {
    (void)state;
    FxBytes f = fx_jpeg(&A, 100, 50);
    Thumb t;
    assert_int_equal(thumb_make(&A, f.p, f.n, 0, &t), 0);
    assert_int_equal(t.width, 100);
    assert_int_equal(t.height, 50);
    FxBytes thin = fx_jpeg(&A, 3000, 4); /* a strip: the short side stays at least 1 */
    assert_int_equal(thumb_make(&A, thin.p, thin.n, 0, &t), 0);
    assert_int_equal(t.width, 320);
    assert_int_equal(t.height, 1);
}

/* A quadrant JPEG (landscape 400x200) carrying EXIF orientation o. */
static FxBytes oriented(int o) {
    FxBytes f = fx_jpeg_cs(&A, fx_quadrants(&A, 400, 200), 400, 200, 3, JCS_RGB, 90, false);
    FxBytes exif = fx_exif_gps(&A, o);
    f = fx_insert(&A, f, 2, exif.p, exif.n);
    UploadResult r; /* through the upload check: what the store keeps */
    assert_int_equal(upload_check(&A, f.p, f.n, "o.jpg", NULL, &r), 0);
    FxBytes out = {(unsigned char *)r.data, r.n};
    return out;
}

static void test_orientation_applied(void **state) {
    (void)state;
    /* the colour seen at the displayed top-left corner for each orientation:
    ** red TL, green TR, blue BL, white BR in the stored pixels */
    static const unsigned top_left[9] = {0,        0xFF0000, 0x00FF00, 0xFFFFFF, 0x0000FF,
                                         0xFF0000, 0x0000FF, 0xFFFFFF, 0x00FF00};
    for (int o = 1; o <= 8; o++) {
        FxBytes f = oriented(o);
        Thumb t;
        assert_int_equal(thumb_make(&A, f.p, f.n, 0, &t), 0);
        if (o >= 5) {
            assert_int_equal(t.width, 160);
            assert_int_equal(t.height, 320);
        } else {
            assert_int_equal(t.width, 320);
            assert_int_equal(t.height, 160);
        }
        assert_colour(pixel(&t, 10, 10), top_left[o], 24);
    }
    /* orientation 6 (turn 90° clockwise): stored top-left red shows top-right */
    FxBytes f = oriented(6);
    Thumb t;
    assert_int_equal(thumb_make(&A, f.p, f.n, 0, &t), 0);
    assert_colour(pixel(&t, 150, 10), 0xFF0000, 24);
    assert_colour(pixel(&t, 10, 310), 0xFFFFFF, 24);
}

static void test_png_thumbs(void **state) {
    (void)state;
    const int types[] = {PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_PALETTE, PNG_COLOR_TYPE_GRAY,
                         PNG_COLOR_TYPE_RGBA};
    for (int i = 0; i < 4; i++) {
        for (int il = 0; il < 2; il++) {
            FxBytes f = fx_png(&A, 1000, 500, types[i], il, false);
            Thumb t;
            assert_int_equal(thumb_make(&A, f.p, f.n, 0, &t), 0);
            assert_int_equal(t.width, 320);
            assert_int_equal(t.height, 160);
        }
    }
}

/* The interlaced and the plain encoding of one picture give one thumbnail. */
static void test_png_interlaced_same_as_plain(void **state) {
    (void)state;
    FxBytes a = fx_png(&A, 333, 251, PNG_COLOR_TYPE_RGB, false, false);
    FxBytes b = fx_png(&A, 333, 251, PNG_COLOR_TYPE_RGB, true, false);
    Thumb ta, tb;
    assert_int_equal(thumb_make(&A, a.p, a.n, 0, &ta), 0);
    assert_int_equal(thumb_make(&A, b.p, b.n, 0, &tb), 0);
    assert_int_equal(ta.n, tb.n);
    assert_memory_equal(ta.data, tb.data, ta.n);
}

static void test_transparent_png_on_white(void **state) {
    (void)state;
    Buf b;
    buf_init(&b, &A);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    png_set_write_fn(png, &b, fx_png_write, fx_png_flush);
    png_set_IHDR(png, info, 64, 64, 8, PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    unsigned char row[64 * 4];
    for (int x = 0; x < 64; x++) {
        row[x * 4] = 0, row[x * 4 + 1] = 0, row[x * 4 + 2] = 0;
        row[x * 4 + 3] = x < 32 ? 0 : 255; /* left half transparent black */
    }
    for (int y = 0; y < 64; y++)
        png_write_row(png, row);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    Thumb t;
    assert_int_equal(thumb_make(&A, b.data, b.len, 0, &t), 0);
    assert_colour(pixel(&t, 8, 32), 0xFFFFFF, 8);
    assert_colour(pixel(&t, 56, 32), 0x000000, 8);
}

static void test_gray_and_cmyk_jpeg(void **state) {
    (void)state;
    Thumb t;
    FxBytes g = fx_jpeg_cs(&A, fx_pattern(&A, 640, 480, 1), 640, 480, 1, JCS_GRAYSCALE, 80, true);
    assert_int_equal(thumb_make(&A, g.p, g.n, 0, &t), 0);
    assert_int_equal(t.width, 320);
    /* libjpeg marks CMYK files with an Adobe segment; the values are then
    ** inverted, as Photoshop writes them: red is C=0 M=Y=100% K=0, stored
    ** as 255, 0, 0, 255. */
    unsigned char *cmyk = arena_alloc(&A, 200 * 100 * 4);
    for (int i = 0; i < 200 * 100; i++) {
        cmyk[i * 4] = 255, cmyk[i * 4 + 1] = 0, cmyk[i * 4 + 2] = 0, cmyk[i * 4 + 3] = 255;
    }
    FxBytes c = fx_jpeg_cs(&A, cmyk, 200, 100, 4, JCS_CMYK, 95, false);
    assert_int_equal(thumb_make(&A, c.p, c.n, 0, &t), 0);
    assert_int_equal(t.width, 200);
    assert_int_equal(t.height, 100);
    assert_colour(pixel(&t, 100, 50), 0xFF0000, 24);
}

static void test_no_thumbnail(void **state) {
    (void)state;
    Thumb t;
    const char *pdf = "%PDF-1.4\n%%EOF\n";
    assert_int_equal(thumb_make(&A, pdf, strlen(pdf), 0, &t), -ERR_UPLOAD_NO_THUMBNAIL);
    assert_int_equal(thumb_make(&A, "GIF89a", 6, 0, &t), -ERR_UPLOAD_TYPE);
    FxBytes bomb = fx_png_header_only(&A, 60000, 60000);
    assert_int_equal(thumb_make(&A, bomb.p, bomb.n, 0, &t), -ERR_UPLOAD_DIMENSIONS);
    FxBytes f = fx_jpeg(&A, 300, 200);
    assert_true(thumb_make(&A, f.p, 100, 0, &t) < 0); /* cut off in the tables */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jpeg_thumb_size_and_colours),
        cmocka_unit_test(test_small_image_not_enlarged),
        cmocka_unit_test(test_orientation_applied),
        cmocka_unit_test(test_png_thumbs),
        cmocka_unit_test(test_png_interlaced_same_as_plain),
        cmocka_unit_test(test_transparent_png_on_white),
        cmocka_unit_test(test_gray_and_cmyk_jpeg),
        cmocka_unit_test(test_no_thumbnail),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
