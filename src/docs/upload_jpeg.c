/*
** JPEG uploads. Two steps:
**  1. Walk the marker segments ourselves: find the frame header (dimensions,
**     checked against the bomb guard before anything is decoded) and copy
**     the segments to keep into a new file, byte for byte. Kept: the frame
**     and scan headers with their entropy-coded data, the tables (DQT, DHT,
**     DAC, DRI), APP0 JFIF, APP2 ICC profile and APP14 Adobe (they change how
**     colours decode). Dropped: APP1 (EXIF with GPS, XMP), APP13 (IPTC), COM,
**     every other APPn, and anything after the end-of-image marker (phones
**     append "motion photo" videos there). The EXIF orientation survives as a
**     fresh 34-byte APP1 holding only that tag, so phone photos still display
**     upright; no other EXIF field is carried over.
**  2. Decode the rewritten file completely with libjpeg, whose warnings about
**     premature end of data or bad entropy codes count as damage.
** Nothing is recompressed: the pixels decode exactly as in the upload.
*/
#include <stdbool.h>
#include <string.h>

#include <jerror.h>

#include "core/buf.h"
#include "core/err.h"
#include "docs/upload_int.h"

/* Progressive files use about 10 scans; thousands are a CPU bomb. */
#define JPEG_MAX_SCANS 100
/* libjpeg's memory for whole-image buffers (progressive files): enough for
** 40 megapixels of three components. */
#define JPEG_MEM_LIMIT (256L * 1024 * 1024)

static void jerr_exit(j_common_ptr c) {
    UploadJpegErr *e = (UploadJpegErr *)c->err;
    c->err->format_message(c, e->text);
    longjmp(e->jb, 1);
}

static void jerr_emit(j_common_ptr c, int level) {
    UploadJpegErr *e = (UploadJpegErr *)c->err;
    if (level >= 0) return; /* trace messages */
    c->err->num_warnings++;
    int code = c->err->msg_code;
    if (code == JWRN_JFIF_MAJOR || code == JWRN_ADOBE_XFORM) return; /* harmless */
    if (!e->bad_warning) {
        e->bad_warning = code;
        c->err->format_message(c, e->text);
    }
    if (e->stop_on_damage) longjmp(e->jb, 1);
}

static void jerr_output(j_common_ptr c) {
    (void)c;
}

struct jpeg_error_mgr *upload_jpeg_err_init(UploadJpegErr *e) {
    memset(e, 0, sizeof *e);
    jpeg_std_error(&e->pub);
    e->pub.error_exit = jerr_exit;
    e->pub.emit_message = jerr_emit;
    e->pub.output_message = jerr_output;
    return &e->pub;
}

int upload_jpeg_err_code(const UploadJpegErr *e, int after_error) {
    if (!after_error && !e->bad_warning) return 0;
    switch (e->bad_warning ? e->bad_warning : e->pub.msg_code) {
    case JWRN_JPEG_EOF:
        return -ERR_UPLOAD_TRUNCATED;
    case JERR_BAD_PRECISION:
    case JERR_SOF_UNSUPPORTED:
    case JERR_NOT_COMPILED:
    case JERR_ARITH_NOTIMPL:
    case JERR_CONVERSION_NOTIMPL:
        return -ERR_UPLOAD_UNSUPPORTED;
    case JERR_OUT_OF_MEMORY:
    case JERR_IMAGE_TOO_BIG:
    case JERR_WIDTH_OVERFLOW:
    case JERR_NO_BACKING_STORE:
        return -ERR_UPLOAD_DIMENSIONS;
    default:
        return -ERR_UPLOAD_CORRUPT;
    }
}

static unsigned rd16(const unsigned char *p, bool le) {
    return le ? (unsigned)(p[0] | p[1] << 8) : (unsigned)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const unsigned char *p, bool le) {
    return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
              : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The Orientation tag (0x0112) of IFD0 in an APP1 Exif payload; 0 when
** absent or unreadable. Every offset is checked against the payload. */
static int exif_orientation(const unsigned char *s, size_t n) {
    if (n < 6 + 8 || memcmp(s, "Exif\0\0", 6) != 0) return 0;
    const unsigned char *t = s + 6;
    size_t tn = n - 6;
    bool le;
    if (memcmp(t, "II", 2) == 0)
        le = true;
    else if (memcmp(t, "MM", 2) == 0)
        le = false;
    else
        return 0;
    if (rd16(t + 2, le) != 42) return 0;
    uint32_t ifd = rd32(t + 4, le);
    if (ifd > tn || tn - ifd < 2) return 0;
    unsigned count = rd16(t + ifd, le);
    for (unsigned i = 0; i < count; i++) {
        size_t e = ifd + 2 + 12 * (size_t)i;
        if (e + 12 > tn) break;
        if (rd16(t + e, le) != 0x0112) continue;
        if (rd16(t + e + 2, le) != 3 || rd32(t + e + 4, le) != 1) return 0;
        unsigned v = rd16(t + e + 8, le);
        return v >= 1 && v <= 8 ? (int)v : 0;
    }
    return 0;
}

/* An APP1 Exif segment whose only content is the orientation. */
static void put_orientation(Buf *b, int o) {
    unsigned char seg[36] = {0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i',  'f',  0, 0, 'M', 'M', 0, 42,
                             0,    0,    0,    8,    0,   1,   0x01, 0x12, 0, 3, 0,   0,   0, 1};
    seg[29] = (unsigned char)o; /* value, big-endian SHORT in a 4-byte field */
    buf_append(b, seg, sizeof seg);
}

int upload_jpeg_orientation(const void *data, size_t n) {
    const unsigned char *p = data;
    if (n < 4 || p[0] != 0xFF || p[1] != 0xD8) return 1;
    size_t pos = 2;
    while (pos + 4 <= n && p[pos] == 0xFF) {
        int m = p[pos + 1];
        size_t len = rd16(p + pos + 2, false);
        if (m == 0xDA || m == 0xD9 || len < 2 || len > n - pos - 2) break;
        if (m == 0xE1) {
            int o = exif_orientation(p + pos + 4, len - 2);
            if (o) return o;
        }
        pos += 2 + len;
    }
    return 1;
}

typedef struct JpegWalk {
    Buf out;
    uint32_t width, height;
    int scans, removed, orientation;
    bool seen_sof, seen_jfif, seen_adobe, seen_exif;
} JpegWalk;

static bool is_sof(int m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

static bool payload_is(const unsigned char *s, size_t n, const char *id, size_t idn) {
    return n >= idn && memcmp(s, id, idn) == 0;
}

/* Keep or drop one marker segment other than SOS. seg points at its 0xFF,
** len counts the marker and the length field too. */
static int walk_segment(Arena *a, JpegWalk *w, const unsigned char *seg, size_t len,
                        UploadResult *r) {
    int m = seg[1];
    const unsigned char *s = seg + 4;
    size_t sn = len - 4;
    bool keep = false;
    if (m == 0xE0 && !w->seen_jfif && payload_is(s, sn, "JFIF\0", 5)) {
        keep = w->seen_jfif = true;
    } else if (m == 0xE1 && !w->seen_exif && payload_is(s, sn, "Exif\0\0", 6)) {
        w->seen_exif = true;
        w->orientation = exif_orientation(s, sn);
        if (w->orientation >= 2) put_orientation(&w->out, w->orientation);
    } else if (m == 0xE2 && payload_is(s, sn, "ICC_PROFILE\0", 12)) {
        keep = true;
    } else if (m == 0xEE && !w->seen_adobe && payload_is(s, sn, "Adobe", 5)) {
        keep = w->seen_adobe = true;
    } else if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE) {
        keep = false;
    } else if (is_sof(m)) {
        if (w->seen_sof) return r->detail = "two frame headers", -ERR_UPLOAD_CORRUPT;
        if (sn < 6) return r->detail = "short frame header", -ERR_UPLOAD_CORRUPT;
        w->seen_sof = keep = true;
        w->height = rd16(s + 1, false);
        w->width = rd16(s + 3, false);
    } else if (m == 0xC4 || m == 0xCC || m == 0xDB || m == 0xDD) {
        keep = true;
    } else {
        r->detail = arena_printf(a, "unsupported JPEG marker 0x%02X", (unsigned)m);
        return -ERR_UPLOAD_UNSUPPORTED;
    }
    if (keep)
        buf_append(&w->out, seg, len);
    else
        w->removed++;
    return 0;
}

/* Offset of the 0xFF that starts the marker ending the entropy-coded data
** which begins at pos (skipping stuffed 0xFF00, restart markers and fill
** bytes); n when the data runs to the end of the file. */
static size_t scan_end(const unsigned char *p, size_t n, size_t pos) {
    while (pos + 1 < n) {
        const unsigned char *f = memchr(p + pos, 0xFF, n - pos - 1);
        if (!f) return n;
        size_t i = (size_t)(f - p);
        unsigned c = p[i + 1];
        if (c == 0x00 || (c >= 0xD0 && c <= 0xD7))
            pos = i + 2;
        else if (c == 0xFF)
            pos = i + 1;
        else
            return i;
    }
    return n;
}

static int jpeg_walk(Arena *a, const unsigned char *p, size_t n, JpegWalk *w, UploadResult *r) {
    size_t pos = 2;
    buf_append(&w->out, p, 2);
    for (;;) {
        if (pos >= n) return r->detail = "no end-of-image marker", -ERR_UPLOAD_TRUNCATED;
        if (p[pos] != 0xFF) return r->detail = "garbage between segments", -ERR_UPLOAD_CORRUPT;
        while (pos + 1 < n && p[pos + 1] == 0xFF)
            pos++; /* fill bytes */
        if (n - pos < 2) return r->detail = "cut off in a marker", -ERR_UPLOAD_TRUNCATED;
        const unsigned char *seg = p + pos;
        int m = seg[1];
        if (m == 0xD9) {
            if (!w->scans) return r->detail = "no image data", -ERR_UPLOAD_CORRUPT;
            buf_append(&w->out, seg, 2);
            return 0;
        }
        if (m == 0x00 || m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7))
            return r->detail = "misplaced marker", -ERR_UPLOAD_CORRUPT;
        if (n - pos < 4) return r->detail = "cut off in a segment", -ERR_UPLOAD_TRUNCATED;
        size_t len = 2 + rd16(seg + 2, false);
        if (len < 4) return r->detail = "bad segment length", -ERR_UPLOAD_CORRUPT;
        if (n - pos < len) return r->detail = "cut off in a segment", -ERR_UPLOAD_TRUNCATED;
        pos += len;
        if (m != 0xDA) {
            int rc = walk_segment(a, w, seg, len, r);
            if (rc < 0) return rc;
            continue;
        }
        if (!w->seen_sof) return r->detail = "scan before the frame header", -ERR_UPLOAD_CORRUPT;
        if (++w->scans > JPEG_MAX_SCANS) return r->detail = "too many scans", -ERR_UPLOAD_CORRUPT;
        size_t end = scan_end(p, n, pos);
        if (end >= n) return r->detail = "image data cut off", -ERR_UPLOAD_TRUNCATED;
        buf_append(&w->out, seg, len + (end - pos));
        pos = end;
    }
}

/* Decode the whole image, discarding the pixels. Scaling by 1/8 in the
** decoder skips most of the inverse DCT but still entropy-decodes every
** coefficient, which is where damage shows. */
static int jpeg_decode_check(Arena *a, const unsigned char *p, size_t n, const JpegWalk *w,
                             UploadResult *r) {
    struct jpeg_decompress_struct ci;
    UploadJpegErr je;
    ci.err = upload_jpeg_err_init(&je);
    je.stop_on_damage = true; /* a hundred empty scans must not cost a hundred passes */
    if (setjmp(je.jb)) {
        r->detail = arena_strdup(a, je.text);
        jpeg_destroy_decompress(&ci);
        return upload_jpeg_err_code(&je, 1);
    }
    jpeg_create_decompress(&ci);
    ci.mem->max_memory_to_use = JPEG_MEM_LIMIT;
    jpeg_mem_src(&ci, p, (unsigned long)n);
    jpeg_read_header(&ci, TRUE);
    if (ci.image_width != w->width || ci.image_height != w->height) {
        jpeg_destroy_decompress(&ci);
        return r->detail = "frame header read twice differently", -ERR_UPLOAD_CORRUPT;
    }
    ci.scale_num = 1;
    ci.scale_denom = 8;
    ci.dct_method = JDCT_IFAST;
    ci.do_fancy_upsampling = FALSE;
    jpeg_start_decompress(&ci);
    JSAMPARRAY row = ci.mem->alloc_sarray((j_common_ptr)&ci, JPOOL_IMAGE,
                                          ci.output_width * (JDIMENSION)ci.output_components, 1);
    while (ci.output_scanline < ci.output_height)
        jpeg_read_scanlines(&ci, row, 1);
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    int rc = upload_jpeg_err_code(&je, 0);
    if (rc < 0) r->detail = arena_strdup(a, je.text);
    return rc;
}

int upload_jpeg_check(Arena *a, const unsigned char *p, size_t n, const UploadPolicy *pol,
                      UploadResult *r) {
    JpegWalk w = {0};
    buf_init(&w.out, a);
    buf_reserve(&w.out, n + 36); /* the output is never longer: one less arena copy */
    int rc = jpeg_walk(a, p, n, &w, r);
    if (rc < 0) return rc;
    if ((rc = upload_policy_dims(a, pol, w.width, w.height, r)) < 0) return rc;
    if ((rc = jpeg_decode_check(a, (const unsigned char *)w.out.data, w.out.len, &w, r)) < 0)
        return rc;
    r->data = (const unsigned char *)w.out.data;
    r->n = w.out.len;
    r->width = w.width;
    r->height = w.height;
    r->orientation = w.orientation ? w.orientation : 1;
    r->removed = w.removed;
    return 0;
}
