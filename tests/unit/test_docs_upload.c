/*
** Unit tests for src/docs/upload*.c: kinds decided by content, metadata
** stripped without touching pixels, and every kind of bad file refused with
** its own code.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <cairo-pdf.h>

#include "../fixtures/uploads/fixtures.h"
#include "core/crypto.h"
#include "core/err.h"
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

static int check(FxBytes f, const char *name, const UploadPolicy *pol, UploadResult *r) {
    return upload_check(&A, f.p, f.n, name, pol, r);
}

static bool has(const UploadResult *r, const char *s) {
    return fx_contains(r->data, r->n, s, strlen(s));
}

static void test_jpeg_exif_gps_stripped(void **state) {
    (void)state;
    FxBytes orig = fx_jpeg(&A, 640, 480);
    FxBytes exif = fx_exif_gps(&A, 0);
    static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude 39</x:xmpmeta>";
    static const char iptc[] = "Photoshop 3.0\0"
                               "8BIM\x04\x04 city=Beijing";
    FxBytes xmpseg = fx_segment(&A, 0xE1, xmp, sizeof xmp - 1);
    FxBytes iptcseg = fx_segment(&A, 0xED, iptc, sizeof iptc - 1);
    FxBytes com = fx_segment(&A, 0xFE, "shot by Zhang San", 17);
    FxBytes f = fx_insert(&A, orig, 20, exif.p, exif.n); /* after SOI + APP0 JFIF */
    f = fx_insert(&A, f, 20, xmpseg.p, xmpseg.n);
    f = fx_insert(&A, f, 20, iptcseg.p, iptcseg.n);
    f = fx_insert(&A, f, 20, com.p, com.n);
    f = fx_concat(&A, f, "MOTION-PHOTO-VIDEO-DATA", 23); /* appended after EOI */
    assert_true(fx_contains(f.p, f.n, "Exif", 4));

    UploadResult r;
    assert_int_equal(check(f, "身份证正面.jpg", NULL, &r), 0);
    assert_int_equal(r.kind, UPLOAD_JPEG);
    assert_string_equal(r.mime, "image/jpeg");
    assert_string_equal(r.display_name, "身份证正面.jpg");
    assert_int_equal(r.width, 640);
    assert_int_equal(r.height, 480);
    assert_int_equal(r.orientation, 1);
    assert_int_equal(r.removed, 4);
    assert_int_equal(r.n, orig.n); /* exactly the encoder's output again */
    assert_memory_equal(r.data, orig.p, orig.n);
    assert_false(has(&r, "Exif"));
    assert_false(has(&r, "SecretCam"));
    assert_false(fx_contains(r.data, r.n, "\x25\x88\x04\x00", 4)); /* GPSInfo tag */
    assert_false(has(&r, "xmpmeta"));
    assert_false(has(&r, "8BIM"));
    assert_false(has(&r, "Zhang"));
    assert_false(has(&r, "MOTION"));
    assert_true(has(&r, "JFIF"));
    assert_int_equal(r.data[r.n - 2], 0xFF);
    assert_int_equal(r.data[r.n - 1], 0xD9);

    int w1, h1, c1, w2, h2, c2;
    unsigned char *before = fx_jpeg_pixels(&A, f.p, f.n, &w1, &h1, &c1);
    unsigned char *after = fx_jpeg_pixels(&A, r.data, r.n, &w2, &h2, &c2);
    assert_int_equal(w1, w2);
    assert_int_equal(h1, h2);
    assert_int_equal(c1, c2);
    assert_memory_equal(before, after, (size_t)w1 * h1 * c1);
    assert_string_equal(r.sha256, crypto_sha256_hex(&A, r.data, r.n));
}

static void test_jpeg_orientation_survives_alone(void **state) {
    (void)state;
    FxBytes orig = fx_jpeg_cs(&A, fx_pattern(&A, 320, 200, 3), 320, 200, 3, JCS_RGB, 85, true);
    FxBytes exif = fx_exif_gps(&A, 6);
    FxBytes f = fx_insert(&A, orig, 2, exif.p, exif.n); /* APP1 before JFIF, as phones do */
    UploadResult r;
    assert_int_equal(check(f, "photo.jpg", NULL, &r), 0);
    assert_int_equal(r.orientation, 6);
    assert_int_equal(r.width, 320);
    assert_int_equal(r.removed, 1);
    static const unsigned char minimal[36] = {
        0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8,
        0,    1,    0x01, 0x12, 0,   3,   0,   0,   0, 1, 0,   6,   0, 0,  0, 0, 0, 0};
    assert_int_equal(r.n, orig.n + sizeof minimal);
    assert_memory_equal(r.data + 2, minimal, sizeof minimal);
    assert_false(has(&r, "SecretCam"));
    assert_int_equal(upload_jpeg_orientation(r.data, r.n), 6);
    assert_int_equal(upload_jpeg_orientation(orig.p, orig.n), 1);
}

static void test_jpeg_truncated(void **state) {
    (void)state;
    FxBytes f = fx_jpeg(&A, 200, 150);
    UploadResult r;
    for (size_t cut = 3; cut < f.n; cut += 37) {
        FxBytes t = {f.p, cut};
        assert_int_equal(check(t, "a.jpg", NULL, &r), -ERR_UPLOAD_TRUNCATED);
    }
    FxBytes t = {f.p, f.n - 1};
    assert_int_equal(check(t, "a.jpg", NULL, &r), -ERR_UPLOAD_TRUNCATED);
}

/* Where the entropy-coded data of the first scan starts. */
static size_t scan_data_start(FxBytes f) {
    for (size_t i = 2; i + 4 < f.n;) {
        size_t len = (size_t)f.p[i + 2] << 8 | f.p[i + 3];
        if (f.p[i + 1] == 0xDA) return i + 2 + len;
        i += 2 + len;
    }
    return 0;
}

static void test_jpeg_garbage_in_entropy_data(void **state) {
    (void)state;
    FxBytes f = fx_jpeg(&A, 400, 300);
    size_t s = scan_data_start(f);
    assert_true(s > 0 && s + 2000 < f.n);
    uint32_t x = 99;
    for (size_t i = s + 500; i < s + 1500; i++) {
        x = x * 1664525u + 1013904223u;
        f.p[i] = (unsigned char)((x >> 24) % 255); /* never 0xFF: no false markers */
    }
    UploadResult r;
    assert_int_equal(check(f, "a.jpg", NULL, &r), -ERR_UPLOAD_CORRUPT);
    assert_non_null(r.detail);
    assert_non_null(strstr(r.detail, "Corrupt JPEG data"));
}

/* Patch the frame header of a real JPEG to claim other dimensions. */
static FxBytes jpeg_claiming(uint32_t w, uint32_t h) {
    FxBytes f = fx_jpeg(&A, 16, 16);
    for (size_t i = 2; i + 9 < f.n;) {
        if (f.p[i + 1] == 0xC0) {
            f.p[i + 5] = (unsigned char)(h >> 8), f.p[i + 6] = (unsigned char)h;
            f.p[i + 7] = (unsigned char)(w >> 8), f.p[i + 8] = (unsigned char)w;
            return f;
        }
        i += 2 + ((size_t)f.p[i + 2] << 8 | f.p[i + 3]);
    }
    fail();
    return f;
}

static void test_bombs_refused_from_the_header(void **state) {
    (void)state;
    UploadResult r;
    FxBytes png = fx_png_header_only(&A, 60000, 60000);
    assert_true(png.n < 100);
    assert_int_equal(check(png, "bomb.png", NULL, &r), -ERR_UPLOAD_DIMENSIONS);
    assert_non_null(strstr(r.detail, "60000x60000"));
    assert_int_equal(check(jpeg_claiming(60000, 60000), "bomb.jpg", NULL, &r),
                     -ERR_UPLOAD_DIMENSIONS);
    /* each side allowed, the product is not: 64 megapixels */
    assert_int_equal(check(jpeg_claiming(8000, 8000), "bomb.jpg", NULL, &r),
                     -ERR_UPLOAD_DIMENSIONS);
    assert_int_equal(check(fx_png_header_only(&A, 8000, 8000), "b.png", NULL, &r),
                     -ERR_UPLOAD_DIMENSIONS);
    /* a policy may lower the limit */
    UploadPolicy small = {.max_pixels = 10000};
    assert_int_equal(check(fx_jpeg(&A, 101, 100), "a.jpg", &small, &r), -ERR_UPLOAD_DIMENSIONS);
    assert_int_equal(check(fx_jpeg(&A, 100, 100), "a.jpg", &small, &r), 0);
    /* small declared size but the data does not match: damage, not a bomb */
    assert_int_equal(check(fx_png_header_only(&A, 300, 300), "b.png", NULL, &r),
                     -ERR_UPLOAD_TRUNCATED);
}

/* Offset of the first segment with the given marker. */
static size_t segment_at(FxBytes f, int marker) {
    for (size_t i = 2; i + 4 < f.n;) {
        if (f.p[i + 1] == marker) return i;
        i += 2 + ((size_t)f.p[i + 2] << 8 | f.p[i + 3]);
    }
    return 0;
}

static void test_jpeg_unusual_encodings(void **state) {
    (void)state;
    UploadResult r;
    FxBytes f = fx_jpeg(&A, 64, 48);
    size_t sof = segment_at(f, 0xC0);
    assert_true(sof > 0);
    f.p[sof + 4] = 12; /* 12-bit samples */
    assert_int_equal(check(f, "a.jpg", NULL, &r), -ERR_UPLOAD_UNSUPPORTED);
    f.p[sof + 4] = 8;
    f.p[sof + 1] = 0xC3; /* lossless */
    assert_int_equal(check(f, "a.jpg", NULL, &r), -ERR_UPLOAD_UNSUPPORTED);
    f.p[sof + 1] = 0xC0;
    assert_int_equal(check(f, "a.jpg", NULL, &r), 0);
    /* a private marker libjpeg would skip is refused rather than copied */
    FxBytes jpg7 = fx_segment(&A, 0xF7, "xx", 2);
    assert_int_equal(check(fx_insert(&A, f, sof, jpg7.p, jpg7.n), "a.jpg", NULL, &r),
                     -ERR_UPLOAD_UNSUPPORTED);
}

/* Progressive files have about ten scans; a hundred more is a CPU bomb. */
static void test_jpeg_too_many_scans(void **state) {
    (void)state;
    FxBytes f = fx_jpeg_cs(&A, fx_pattern(&A, 64, 64, 3), 64, 64, 3, JCS_RGB, 80, true);
    size_t last = 0;
    for (size_t i = 2; i + 1 < f.n; i++)
        if (f.p[i] == 0xFF && f.p[i + 1] == 0xDA) last = i;
    size_t scan = f.n - 2 - last; /* the last scan with its data, up to EOI */
    for (int k = 0; k < 100; k++)
        f = fx_insert(&A, f, last, f.p + last, scan);
    UploadResult r;
    assert_int_equal(check(f, "a.jpg", NULL, &r), -ERR_UPLOAD_CORRUPT);
    assert_string_equal(r.detail, "too many scans");
}

static void test_png_text_stripped(void **state) {
    (void)state;
    FxBytes f = fx_png(&A, 300, 200, PNG_COLOR_TYPE_RGB, false, true);
    f = fx_concat(&A, f, "<script>tail</script>", 21);
    const char *gone[] = {"tEXt", "zTXt", "iTXt", "tIME", "eXIf", "Zhang", "script"};
    assert_true(fx_contains(f.p, f.n, "Zhang", 5));
    UploadResult r;
    assert_int_equal(check(f, "licence.PNG", NULL, &r), 0);
    assert_int_equal(r.kind, UPLOAD_PNG);
    assert_string_equal(r.mime, "image/png");
    assert_string_equal(r.display_name, "licence.png");
    assert_int_equal(r.width, 300);
    assert_int_equal(r.height, 200);
    assert_int_equal(r.removed, 5);
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        assert_false(has(&r, gone[i]));
    assert_true(has(&r, "gAMA"));
    assert_true(has(&r, "pHYs"));
    assert_true(has(&r, "IEND"));
    int w1, h1, w2, h2;
    unsigned char *before = fx_png_pixels(&A, f.p, f.n, &w1, &h1);
    unsigned char *after = fx_png_pixels(&A, r.data, r.n, &w2, &h2);
    assert_int_equal(w1, w2);
    assert_int_equal(h1, h2);
    assert_memory_equal(before, after, (size_t)w1 * h1 * 4);
}

static void test_png_kinds_accepted(void **state) {
    (void)state;
    const int types[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_PALETTE, PNG_COLOR_TYPE_RGBA,
                         PNG_COLOR_TYPE_GRAY_ALPHA};
    UploadResult r;
    for (size_t i = 0; i < 4; i++) {
        for (int il = 0; il < 2; il++) {
            FxBytes f = fx_png(&A, 97, 61, types[i], il, il);
            assert_int_equal(check(f, "x.png", NULL, &r), 0);
            assert_int_equal(r.width, 97);
        }
    }
}

static void test_png_truncated_and_bad_crc(void **state) {
    (void)state;
    FxBytes f = fx_png(&A, 120, 80, PNG_COLOR_TYPE_RGB, false, false);
    UploadResult r;
    for (size_t cut = 8; cut < f.n; cut += 29) {
        FxBytes t = {f.p, cut};
        assert_int_equal(check(t, "a.png", NULL, &r), -ERR_UPLOAD_TRUNCATED);
    }
    FxBytes t = {f.p, f.n / 2};
    assert_int_equal(check(t, "a.png", NULL, &r), -ERR_UPLOAD_TRUNCATED);

    const unsigned char *idat = memmem(f.p, f.n, "IDAT", 4);
    assert_non_null(idat);
    FxBytes bad = {arena_alloc(&A, f.n), f.n};
    memcpy(bad.p, f.p, f.n);
    bad.p[(idat - f.p) + 4 + 10] ^= 0x01;
    assert_int_equal(check(bad, "a.png", NULL, &r), -ERR_UPLOAD_CORRUPT);
    assert_non_null(strstr(r.detail, "CRC"));

    /* a damaged chunk that would be dropped anyway still means damage */
    FxBytes m = fx_png(&A, 120, 80, PNG_COLOR_TYPE_RGB, false, true);
    unsigned char *z = memmem(m.p, m.n, "Zhang", 5);
    z[0] = 'z';
    assert_int_equal(check(m, "a.png", NULL, &r), -ERR_UPLOAD_CORRUPT);
}

static void test_size_limits(void **state) {
    (void)state;
    UploadResult r;
    size_t big = UPLOAD_DEFAULT_MAX_BYTES + 1;
    FxBytes f = fx_jpeg(&A, 64, 64);
    FxBytes huge = {arena_alloc(&A, big), big};
    memset(huge.p, 0, big);
    memcpy(huge.p, f.p, f.n);
    assert_int_equal(check(huge, "big.jpg", NULL, &r), -ERR_UPLOAD_TOO_LARGE);
    huge.n = UPLOAD_DEFAULT_MAX_BYTES; /* at the limit: judged by content (zeros after EOI) */
    assert_int_equal(check(huge, "big.jpg", NULL, &r), 0);
    assert_int_equal(r.n, f.n);
    UploadPolicy tiny = {.max_bytes = 100};
    assert_int_equal(check(f, "a.jpg", &tiny, &r), -ERR_UPLOAD_TOO_LARGE);
    FxBytes empty = {f.p, 0};
    assert_int_equal(check(empty, "a.jpg", NULL, &r), -ERR_UPLOAD_EMPTY);
}

static void test_photo_resolution(void **state) {
    (void)state;
    UploadResult r;
    const UploadPolicy *ph = &upload_policy_photo;
    assert_int_equal(check(fx_jpeg(&A, 640, 480), "p.jpg", ph, &r), -ERR_UPLOAD_RESOLUTION);
    assert_non_null(strstr(r.detail, "640x480"));
    assert_int_equal(check(fx_jpeg(&A, 799, 600), "p.jpg", ph, &r), -ERR_UPLOAD_RESOLUTION);
    assert_int_equal(check(fx_jpeg(&A, 800, 599), "p.jpg", ph, &r), -ERR_UPLOAD_RESOLUTION);
    assert_int_equal(check(fx_jpeg(&A, 800, 600), "p.jpg", ph, &r), 0);
    assert_int_equal(check(fx_jpeg(&A, 600, 800), "p.jpg", ph, &r), 0); /* portrait */
    FxBytes png = fx_png(&A, 500, 400, PNG_COLOR_TYPE_RGB, false, false);
    assert_int_equal(check(png, "p.png", ph, &r), -ERR_UPLOAD_RESOLUTION);
    assert_int_equal(check(png, "p.png", &upload_policy_scan, &r), 0); /* scans: no minimum */
}

static void test_file_names(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int rc;
    } cases[] = {
        {"../etc/passwd.jpg", -ERR_UPLOAD_NAME_PATH},
        {"a/b.jpg", -ERR_UPLOAD_NAME_PATH},
        {"C:\\fakepath\\a.jpg", -ERR_UPLOAD_NAME_PATH},
        {"..", -ERR_UPLOAD_NAME_PATH},
        {"\x01.jpg", -ERR_UPLOAD_NAME_CHARS},
        {"a\nb.jpg", -ERR_UPLOAD_NAME_CHARS},
        {"a\x7f.jpg", -ERR_UPLOAD_NAME_CHARS},
        {"\xff\xfe.jpg", -ERR_UPLOAD_NAME_CHARS},
        {"\xc0\xaf.jpg", -ERR_UPLOAD_NAME_CHARS},             /* overlong '/' */
        {"photo\xe2\x80\xaegpj.exe", -ERR_UPLOAD_NAME_CHARS}, /* U+202E */
        {"a\xc2\x85.jpg", -ERR_UPLOAD_NAME_CHARS},            /* U+0085 */
        {"", -ERR_UPLOAD_NAME_EMPTY},
        {"   ", -ERR_UPLOAD_NAME_EMPTY},
        {"营业执照 副本.jpg", 0},
        {"a.b.c.jpg", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(upload_check_name(cases[i].name), cases[i].rc);
    }
    assert_int_equal(upload_check_name(NULL), -ERR_UPLOAD_NAME_EMPTY);
    char name[202];
    memset(name, 'a', sizeof name);
    name[200] = 0;
    assert_int_equal(upload_check_name(name), 0);
    name[200] = 'a', name[201] = 0;
    assert_int_equal(upload_check_name(name), -ERR_UPLOAD_NAME_TOO_LONG);
    UploadResult r;
    assert_int_equal(check(fx_jpeg(&A, 8, 8), "../x.jpg", NULL, &r), -ERR_UPLOAD_NAME_PATH);
}

static void test_display_names(void **state) {
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"scan.jpeg", "scan.png"},        {"scan", "scan.png"},
        {"scan.exe", "scan.png"},         {"x.php.jpg", "x.php.png"},
        {".htaccess", "upload.png"},      {".png", "upload.png"},
        {"  报告 .PNG ", "报告.png"},     {"a\"b<c>:d*?|.png", "a_b_c__d___.png"},
        {"v1.2 final", "v1.2 final.png"}, {"营业执照.扫描件", "营业执照.扫描件.png"},
    };
    FxBytes f = fx_png(&A, 20, 20, PNG_COLOR_TYPE_RGB, false, false);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        UploadResult r;
        assert_int_equal(check(f, cases[i].in, NULL, &r), 0);
        assert_string_equal(r.display_name, cases[i].out);
    }
}

static FxBytes text(const char *s, size_t n) {
    FxBytes f = {(unsigned char *)s, n ? n : strlen(s)};
    return f;
}

static void test_not_images(void **state) {
    (void)state;
    static const unsigned char elf[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static const char docx[] =
        "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0\0\0\0\0\0\0\0\0\0\0\0\0\x13\0\0\0"
        "[Content_Types].xml";
    static const struct {
        FxBytes f;
        int rc;
    } cases[] = {
        {{(unsigned char *)elf, sizeof elf}, -ERR_UPLOAD_EXECUTABLE},
        {{(unsigned char *)"MZ\x90\0\x03\0\0\0", 8}, -ERR_UPLOAD_EXECUTABLE},
        {{(unsigned char *)"#!/bin/sh\nrm -rf /\n", 19}, -ERR_UPLOAD_EXECUTABLE},
        {{(unsigned char *)"\xcf\xfa\xed\xfe\x07\0\0\x01", 8}, -ERR_UPLOAD_EXECUTABLE},
        {{(unsigned char *)"PK\x03\x04\x14\0\0\0\x08\0", 10}, -ERR_UPLOAD_ARCHIVE},
        {{(unsigned char *)docx, sizeof docx - 1}, -ERR_UPLOAD_TYPE},
        {{(unsigned char *)"\x1f\x8b\x08\0\0\0\0\0", 8}, -ERR_UPLOAD_ARCHIVE},
        {{(unsigned char *)"Rar!\x1a\x07\x01\0", 8}, -ERR_UPLOAD_ARCHIVE},
        {{(unsigned char *)"<!DOCTYPE html><script>alert(1)</script>", 40}, -ERR_UPLOAD_MARKUP},
        {{(unsigned char *)"\xef\xbb\xbf \n<svg onload=alert(1)>", 29}, -ERR_UPLOAD_MARKUP},
        {{(unsigned char *)"<?php system($_GET['c']); ?>", 28}, -ERR_UPLOAD_MARKUP},
        {{(unsigned char *)"GIF89a\x01\0\x01\0", 10}, -ERR_UPLOAD_IMAGE_FORMAT},
        {{(unsigned char *)"\0\0\0\x18"
                           "ftypheic\0\0\0\0",
          16},
         -ERR_UPLOAD_IMAGE_FORMAT},
        {{(unsigned char *)"RIFF\0\0\0\0WEBPVP8 ", 16}, -ERR_UPLOAD_IMAGE_FORMAT},
        {{(unsigned char *)"II*\0\x08\0\0\0", 8}, -ERR_UPLOAD_IMAGE_FORMAT},
        {{(unsigned char *)"just some text", 14}, -ERR_UPLOAD_TYPE},
        {{(unsigned char *)"\xff\xd8", 2}, -ERR_UPLOAD_TYPE}, /* too short to be a JPEG */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        UploadResult r;
        assert_int_equal(check(cases[i].f, "photo.jpg", NULL, &r), cases[i].rc);
        assert_non_null(r.detail);
    }
    UploadResult r;
    assert_int_equal(check(text("\xff\xd8\xff\xe0", 0), "a.jpg", NULL, &r), -ERR_UPLOAD_TRUNCATED);
}

/* A one-page document; catalog_extra goes into the catalog dictionary. */
static FxBytes pdf_doc(const char *catalog_extra, const char *trailer_extra) {
    const char *objs[] = {
        arena_printf(&A, "<< /Type /Catalog /Pages 2 0 R %s>>", catalog_extra),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] "
        "/A << /S /URI /URI (https://beian.example.cn/) >> >>] >>",
        "<< /Length 59 >>\nstream\nBT /F1 12 Tf 72 712 Td (Hello /JS /AA) Tj ET\n\x01/JS \xfe/AA "
        "\x80\nendstream",
    };
    return fx_pdf(&A, objs, 4, trailer_extra);
}

static void test_pdf_plain_accepted(void **state) {
    (void)state;
    FxBytes f = pdf_doc("/OpenAction [3 0 R /Fit] ", "");
    UploadResult r;
    assert_int_equal(check(f, "申请表.PDF", NULL, &r), 0);
    assert_int_equal(r.kind, UPLOAD_PDF);
    assert_string_equal(r.mime, "application/pdf");
    assert_string_equal(r.display_name, "申请表.pdf");
    assert_int_equal(r.width, 0);
    assert_int_equal(r.n, f.n);
    assert_memory_equal(r.data, f.p, f.n);
    assert_int_equal(check(f, "a.pdf", &upload_policy_photo, &r), -ERR_UPLOAD_KIND_NOT_ALLOWED);
}

static cairo_status_t cairo_to_buf(void *closure, const unsigned char *data, unsigned int n) {
    buf_append(closure, data, n);
    return CAIRO_STATUS_SUCCESS;
}

static void test_pdf_cairo_accepted(void **state) {
    (void)state;
    Buf b;
    buf_init(&b, &A);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(cairo_to_buf, &b, 595, 842);
    cairo_t *cr = cairo_create(s);
    /* what a scanner app writes: the page as one image (no text, which
    ** would pull in fontconfig and its leaks under ASan) */
    cairo_surface_t *scan = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 120, 170);
    unsigned char *px = cairo_image_surface_get_data(scan);
    memcpy(px, fx_pattern(&A, 120, 170, 4), 120 * 170 * 4);
    cairo_surface_mark_dirty(scan);
    cairo_scale(cr, 595.0 / 120, 842.0 / 170);
    cairo_set_source_surface(cr, scan, 0, 0);
    cairo_paint(cr);
    cairo_show_page(cr);
    cairo_surface_destroy(scan);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    UploadResult r;
    assert_int_equal(check(text(b.data, b.len), "form.pdf", NULL, &r), 0);
}

static void test_pdf_active_content_refused(void **state) {
    (void)state;
    static const struct {
        const char *catalog, *trailer;
        int rc;
    } cases[] = {
        {"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ", "", -ERR_UPLOAD_PDF_ACTIVE},
        {"/OpenAction 9 0 R /Names << /JavaScript 8 0 R >> ", "", -ERR_UPLOAD_PDF_ACTIVE},
        {"/OpenAction << /S /J#61vaScript /J#53 (x) >> ", "", -ERR_UPLOAD_PDF_ACTIVE},
        {"/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >> ", "", -ERR_UPLOAD_PDF_ACTIVE},
        {"/OpenAction << /S /Launch /F (calc.exe) >> ", "", -ERR_UPLOAD_PDF_ACTIVE},
        {"/Names << /EmbeddedFiles << /Names [(a.exe) 7 0 R] >> >> ", "", -ERR_UPLOAD_PDF_ACTIVE},
        {"/OpenAction << /S /SubmitForm /F (https://evil.example/) >> ", "",
         -ERR_UPLOAD_PDF_ACTIVE},
        {"/AcroForm << /XFA 7 0 R >> ", "", -ERR_UPLOAD_PDF_ACTIVE},
        {"", "/Encrypt 9 0 R ", -ERR_UPLOAD_PDF_ENCRYPTED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        UploadResult r;
        assert_int_equal(check(pdf_doc(cases[i].catalog, cases[i].trailer), "a.pdf", NULL, &r),
                         cases[i].rc);
        assert_non_null(r.detail);
    }
}

/* A document whose fifth object is an object stream of the given
** dictionary entries and data. */
static FxBytes pdf_objstm(const char *dict, FxBytes data) {
    Buf o;
    buf_init(&o, &A);
    buf_printf(&o, "<< /Type /ObjStm /N 1 /First 4 %s/Length %zu >>\nstream\n", dict, data.n);
    buf_append(&o, data.p, data.n);
    buf_puts(&o, "\nendstream");
    const char *objs[] = {"<< /Type /Catalog /Pages 2 0 R >>",
                          "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                          "<< /Length 0 >>\nstream\n\nendstream", o.data};
    size_t lens[] = {strlen(objs[0]), strlen(objs[1]), strlen(objs[2]), strlen(objs[3]), o.len};
    return fx_pdf_n(&A, objs, lens, 5, "");
}

static void test_pdf_object_streams(void **state) {
    (void)state;
    UploadResult r;
    FxBytes js = fx_zlib_stored(&A, "6 0 << /S /JavaScript /JS (app.alert(1)) >>");
    FxBytes ok = fx_zlib_stored(&A, "6 0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    assert_int_equal(check(pdf_objstm("/Filter /FlateDecode ", js), "a.pdf", NULL, &r),
                     -ERR_UPLOAD_PDF_ACTIVE);
    assert_int_equal(check(pdf_objstm("/Filter [/FlateDecode] ", ok), "a.pdf", NULL, &r), 0);
    FxBytes aa = text("6 0 << /AA << >> >>", 0);
    assert_int_equal(check(pdf_objstm("", aa), "a.pdf", NULL, &r), -ERR_UPLOAD_PDF_ACTIVE);
    assert_int_equal(check(pdf_objstm("/Filter /LZWDecode ", ok), "a.pdf", NULL, &r),
                     -ERR_UPLOAD_PDF_UNINSPECTABLE);
    FxBytes broken = fx_zlib_stored(&A, "6 0 << /Type /Font >>");
    broken.p[3] ^= 0x55; /* stored-block length no longer matches its complement */
    assert_int_equal(check(pdf_objstm("/Filter /FlateDecode ", broken), "a.pdf", NULL, &r),
                     -ERR_UPLOAD_CORRUPT);
}

static void test_pdf_structure(void **state) {
    (void)state;
    UploadResult r;
    FxBytes f = pdf_doc("", "");
    FxBytes t = {f.p, f.n - 7}; /* "%%EOF\n" and one byte more gone */
    assert_int_equal(check(t, "a.pdf", NULL, &r), -ERR_UPLOAD_TRUNCATED);
    t.n = f.n / 2;
    assert_int_equal(check(t, "a.pdf", NULL, &r), -ERR_UPLOAD_TRUNCATED);
    assert_int_equal(check(text("%PDF-9.9\n%%EOF\n", 0), "a.pdf", NULL, &r), -ERR_UPLOAD_CORRUPT);
    assert_int_equal(check(text("%PDF-1.4\ntrailer\n%%EOF\n", 0), "a.pdf", NULL, &r),
                     -ERR_UPLOAD_CORRUPT);
    unsigned char *sx = memmem(f.p, f.n, "startxref\n", 10);
    FxBytes moved = {arena_alloc(&A, f.n), f.n};
    memcpy(moved.p, f.p, f.n);
    moved.p[(sx - f.p) + 10] = '1'; /* offset now points into the header */
    assert_int_equal(check(moved, "a.pdf", NULL, &r), -ERR_UPLOAD_CORRUPT);
    /* a cross-reference stream instead of a table */
    const char *xs =
        "%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
        "2 0 obj\n<< /Type /XRef /Size 3 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\n"
        "endobj\nstartxref\n45\n%%EOF\n";
    assert_int_equal(check(text(xs, 0), "a.pdf", NULL, &r), 0);
}

static void test_error_messages(void **state) {
    (void)state;
    assert_string_equal(err_msg(ERR_UPLOAD_CORRUPT, LANG_ZH), "文件内容已损坏，请重新扫描上传");
    assert_string_equal(err_name(ERR_UPLOAD_TRUNCATED), "upload_truncated");
    assert_int_equal(err_status(-ERR_UPLOAD_TOO_LARGE), 413);
    assert_int_equal(err_status(-ERR_UPLOAD_EXECUTABLE), 415);
    for (int c = ERR_UPLOAD_EMPTY; c <= ERR_STORE_TOO_LARGE; c++) {
        assert_true(strlen(err_msg(c, LANG_ZH)) > 6);
        assert_true(strlen(err_msg(c, LANG_EN)) > 6);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jpeg_exif_gps_stripped),
        cmocka_unit_test(test_jpeg_orientation_survives_alone),
        cmocka_unit_test(test_jpeg_truncated),
        cmocka_unit_test(test_jpeg_garbage_in_entropy_data),
        cmocka_unit_test(test_bombs_refused_from_the_header),
        cmocka_unit_test(test_jpeg_unusual_encodings),
        cmocka_unit_test(test_jpeg_too_many_scans),
        cmocka_unit_test(test_png_text_stripped),
        cmocka_unit_test(test_png_kinds_accepted),
        cmocka_unit_test(test_png_truncated_and_bad_crc),
        cmocka_unit_test(test_size_limits),
        cmocka_unit_test(test_photo_resolution),
        cmocka_unit_test(test_file_names),
        cmocka_unit_test(test_display_names),
        cmocka_unit_test(test_not_images),
        cmocka_unit_test(test_pdf_plain_accepted),
        cmocka_unit_test(test_pdf_cairo_accepted),
        cmocka_unit_test(test_pdf_active_content_refused),
        cmocka_unit_test(test_pdf_object_streams),
        cmocka_unit_test(test_pdf_structure),
        cmocka_unit_test(test_error_messages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
