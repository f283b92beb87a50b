/*
** PDF uploads. There is no PDF parser here; the checks are:
**  - the file starts with "%PDF-1.0" .. "%PDF-1.7" or "%PDF-2.0";
**  - "%%EOF" is in the last 1024 bytes (else the upload was cut off), with a
**    "startxref" before it whose offset points at an "xref" table or at an
**    object that is a cross-reference stream (/Type /XRef);
**  - no name (with #xx escapes decoded, anywhere outside stream data) is one
**    that makes a PDF act rather than show: /JavaScript /JS /Launch
**    /EmbeddedFile(s) /FileAttachment /SubmitForm /ImportData /GoToR /GoToE
**    /RichMedia /Rendition /XFA /AA; and no /Encrypt (an encrypted file hides
**    its content from these checks and from reviewers).
** Stream data (from "stream" to the first "endstream") is binary and would
** give false alarms for two- and three-letter names, so there only the names
** of five letters or more are looked for. Object streams (/Type /ObjStm)
** hold dictionaries in compressed form: they are inflated and searched in
** full; one with a filter other than FlateDecode is refused as uninspectable.
** The file is stored as uploaded. See docs/uploads.md.
*/
#include <stdbool.h>
#include <string.h>

#include <zlib.h>

#include "core/buf.h"
#include "core/err.h"
#include "docs/upload_int.h"

#define PDF_TAIL        1024                /* where %%EOF must be, from the end */
#define PDF_INFLATE_MAX (32u * 1024 * 1024) /* bytes inflated from object streams, per file */
#define PDF_NAME_MAX    128

/* Inflate a zlib stream into *out (a heap Buf) up to cap bytes. Returns 0,
** -ERR_UPLOAD_CORRUPT for broken data, or -ERR_UPLOAD_PDF_UNINSPECTABLE when
** the output exceeds cap. */
static int pdf_inflate(const unsigned char *src, size_t n, size_t cap, Buf *out) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit(&zs) != Z_OK) return -ERR_INTERNAL;
    zs.next_in = (unsigned char *)src;
    zs.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
    int rc = 0, z = Z_OK;
    do {
        if (out->len >= cap) {
            rc = -ERR_UPLOAD_PDF_UNINSPECTABLE;
            break;
        }
        size_t room = cap - out->len < 65536 ? cap - out->len : 65536;
        buf_reserve(out, room);
        zs.next_out = (unsigned char *)out->data + out->len;
        zs.avail_out = (uInt)room;
        z = inflate(&zs, Z_NO_FLUSH);
        out->len += room - zs.avail_out;
        if (z != Z_OK && z != Z_STREAM_END) rc = -ERR_UPLOAD_CORRUPT;
        if (z == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) rc = -ERR_UPLOAD_CORRUPT;
    } while (rc == 0 && z != Z_STREAM_END);
    inflateEnd(&zs);
    out->data[out->len] = 0;
    return rc;
}

static bool pdf_ws(unsigned c) {
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool pdf_regular(unsigned c) {
    return !pdf_ws(c) && !strchr("()<>[]{}/%", (int)c);
}

static int hexval(unsigned c) {
    if (c >= '0' && c <= '9') return (int)(c - '0');
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? (int)(c - 'a' + 10) : -1;
}

/* Decode the name whose characters start at p[i] (after its '/') into out;
** returns the offset after the name. Longer names are cut, which cannot make
** them equal to any name looked for. */
static size_t pdf_name(const unsigned char *p, size_t n, size_t i, char out[PDF_NAME_MAX]) {
    size_t k = 0;
    while (i < n && pdf_regular(p[i])) {
        int c = p[i++];
        if (c == '#' && i + 1 < n && hexval(p[i]) >= 0 && hexval(p[i + 1]) >= 0) {
            c = hexval(p[i]) * 16 + hexval(p[i + 1]);
            i += 2;
        }
        if (k < PDF_NAME_MAX - 1) out[k++] = (char)c;
    }
    out[k] = 0;
    return i;
}

/* The refusal a name calls for, 0 when harmless. In stream data (long_only)
** only names of five letters or more count. */
static int name_verdict(const char *name, bool long_only) {
    static const char *const active[] = {
        "JavaScript",     "JS",         "Launch",     "EmbeddedFile", "EmbeddedFiles",
        "FileAttachment", "SubmitForm", "ImportData", "GoToR",        "GoToE",
        "RichMedia",      "Rendition",  "XFA",        "AA",           NULL};
    if (long_only && strlen(name) < 5) return 0;
    if (strcmp(name, "Encrypt") == 0) return -ERR_UPLOAD_PDF_ENCRYPTED;
    for (int i = 0; active[i]; i++)
        if (strcmp(name, active[i]) == 0) return -ERR_UPLOAD_PDF_ACTIVE;
    return 0;
}

typedef struct PdfScan {
    Arena *a;
    UploadResult *r;
    size_t inflated; /* bytes inflated from object streams so far */
} PdfScan;

/* Check every name in p[0..n). */
static int scan_names(PdfScan *s, const unsigned char *p, size_t n, bool long_only) {
    const unsigned char *q = p, *end = p + n;
    while ((q = memchr(q, '/', (size_t)(end - q))) != NULL) {
        char name[PDF_NAME_MAX];
        q = p + pdf_name(p, n, (size_t)(q - p) + 1, name);
        int rc = name_verdict(name, long_only);
        if (rc < 0) {
            s->r->detail = arena_printf(s->a, "the PDF contains /%s", name);
            return rc;
        }
    }
    return 0;
}

/* What the dictionary before a stream says about it. */
typedef struct StreamDict {
    bool objstm, flate, other_filter, parms;
} StreamDict;

static void stream_dict(const unsigned char *p, size_t n, StreamDict *d) {
    static const char *const filters[] = {"ASCIIHexDecode",
                                          "AHx",
                                          "ASCII85Decode",
                                          "A85",
                                          "LZWDecode",
                                          "LZW",
                                          "RunLengthDecode",
                                          "RL",
                                          "CCITTFaxDecode",
                                          "CCF",
                                          "JBIG2Decode",
                                          "DCTDecode",
                                          "DCT",
                                          "JPXDecode",
                                          "Crypt",
                                          NULL};
    memset(d, 0, sizeof *d);
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '/') continue;
        char name[PDF_NAME_MAX];
        i = pdf_name(p, n, i + 1, name) - 1;
        if (strcmp(name, "ObjStm") == 0)
            d->objstm = true;
        else if (strcmp(name, "FlateDecode") == 0 || strcmp(name, "Fl") == 0)
            d->flate = true;
        else if (strcmp(name, "DecodeParms") == 0 || strcmp(name, "DP") == 0)
            d->parms = true;
        for (int k = 0; filters[k]; k++)
            if (strcmp(name, filters[k]) == 0) d->other_filter = true;
    }
}

/* Check the data of one stream, given the dictionary in front of it. */
static int scan_stream(PdfScan *s, const unsigned char *dict, size_t dn, const unsigned char *body,
                       size_t bn) {
    StreamDict d;
    stream_dict(dict, dn, &d);
    if (!d.objstm) return scan_names(s, body, bn, true);
    if (!d.flate && !d.other_filter) return scan_names(s, body, bn, false);
    if (d.other_filter || d.parms) {
        s->r->detail = "an object stream with a filter other than FlateDecode";
        return -ERR_UPLOAD_PDF_UNINSPECTABLE;
    }
    Buf out;
    buf_init(&out, NULL);
    int rc = pdf_inflate(body, bn, PDF_INFLATE_MAX - s->inflated, &out);
    s->inflated += out.len;
    if (rc < 0)
        s->r->detail = "an object stream that does not inflate within the limit";
    else
        rc = scan_names(s, (const unsigned char *)out.data, out.len, false);
    buf_free(&out);
    return rc;
}

static bool keyword_at(const unsigned char *p, size_t n, size_t i, const char *kw, size_t kn) {
    return n - i >= kn && memcmp(p + i, kw, kn) == 0 && (i == 0 || !pdf_regular(p[i - 1])) &&
           (i + kn == n || !pdf_regular(p[i + kn]));
}

/* One pass over the file: strings, comments and hex strings are followed so
** that only real "stream" and "obj" keywords count; every name is checked
** wherever it is (a name inside a string is no name, but such files are not
** scans); stream data is handed to scan_stream. */
static int pdf_scan(PdfScan *s, const unsigned char *p, size_t n) {
    size_t i = 0, obj = 0;
    int depth = 0; /* literal string nesting */
    enum { NORMAL, STRING, COMMENT, HEX } st = NORMAL;
    while (i < n) {
        unsigned c = p[i];
        if (c == '/') {
            char name[PDF_NAME_MAX];
            pdf_name(p, n, i + 1, name);
            int rc = name_verdict(name, false);
            if (rc < 0) return s->r->detail = arena_printf(s->a, "the PDF contains /%s", name), rc;
        }
        if (st == STRING) {
            if (c == '\\')
                i++;
            else if (c == '(')
                depth++;
            else if (c == ')' && --depth == 0)
                st = NORMAL;
        } else if (st == COMMENT) {
            if (c == '\r' || c == '\n') st = NORMAL;
        } else if (st == HEX) {
            if (c == '>') st = NORMAL;
        } else if (c == '(') {
            st = STRING, depth = 1;
        } else if (c == '%') {
            st = COMMENT;
        } else if (c == '<') {
            if (i + 1 < n && p[i + 1] == '<')
                i++;
            else
                st = HEX;
        } else if (c == 'o' && keyword_at(p, n, i, "obj", 3)) {
            obj = i + 3;
        } else if (c == 's' && keyword_at(p, n, i, "stream", 6)) {
            size_t body = i + 6;
            if (body < n && p[body] == '\r') body++;
            if (body < n && p[body] == '\n') body++;
            const unsigned char *e = memmem(p + body, n - body, "endstream", 9);
            if (!e) return s->r->detail = "a stream without endstream", -ERR_UPLOAD_CORRUPT;
            int rc = scan_stream(s, p + obj, i - obj, p + body, (size_t)(e - p) - body);
            if (rc < 0) return rc;
            i = (size_t)(e - p) + 9;
            obj = i; /* dictionaries never overlap: the scan stays linear */
            continue;
        }
        i++;
    }
    return 0;
}

/* Offset of the last occurrence of needle in p[from..to), or -1. */
static long last_of(const unsigned char *p, size_t from, size_t to, const char *needle) {
    size_t k = strlen(needle);
    for (size_t i = to; i >= from + k; i--)
        if (memcmp(p + i - k, needle, k) == 0) return (long)(i - k);
    return -1;
}

static size_t skip_ws(const unsigned char *p, size_t n, size_t i) {
    while (i < n && pdf_ws(p[i]))
        i++;
    return i;
}

static size_t skip_digits(const unsigned char *p, size_t n, size_t i) {
    while (i < n && p[i] >= '0' && p[i] <= '9')
        i++;
    return i;
}

/* The offset after startxref points at "xref" or at "N G obj" whose
** dictionary has /XRef. */
static bool xref_ok(const unsigned char *p, size_t n, size_t off) {
    size_t i = skip_ws(p, n, off);
    if (n - i >= 4 && memcmp(p + i, "xref", 4) == 0) return true;
    size_t j = skip_digits(p, n, i);
    if (j == i || (j = skip_ws(p, n, j)) == n) return false;
    size_t k = skip_digits(p, n, j);
    if (k == j || (k = skip_ws(p, n, k)) == n || !keyword_at(p, n, k, "obj", 3)) return false;
    size_t lim = n - k < 8192 ? n : k + 8192;
    const unsigned char *st = memmem(p + k, lim - k, "stream", 6);
    size_t dend = st ? (size_t)(st - p) : lim;
    for (size_t q = k; q < dend; q++) {
        if (p[q] != '/') continue;
        char name[PDF_NAME_MAX];
        q = pdf_name(p, dend, q + 1, name) - 1;
        if (strcmp(name, "XRef") == 0) return true;
    }
    return false;
}

static int pdf_frame(const unsigned char *p, size_t n, UploadResult *r) {
    bool v1 = n >= 8 && memcmp(p, "%PDF-1.", 7) == 0 && p[7] >= '0' && p[7] <= '7';
    bool v2 = n >= 8 && memcmp(p, "%PDF-2.0", 8) == 0;
    if (!v1 && !v2) return r->detail = "unknown PDF version", -ERR_UPLOAD_CORRUPT;
    size_t tail = n > PDF_TAIL ? n - PDF_TAIL : 0;
    long eof = last_of(p, tail, n, "%%EOF");
    if (eof < 0) return r->detail = "no %%EOF at the end", -ERR_UPLOAD_TRUNCATED;
    size_t from = (size_t)eof > PDF_TAIL ? (size_t)eof - PDF_TAIL : 0;
    long sx = last_of(p, from, (size_t)eof, "startxref");
    if (sx < 0) return r->detail = "no startxref", -ERR_UPLOAD_CORRUPT;
    size_t i = skip_ws(p, n, (size_t)sx + 9), j = skip_digits(p, n, i);
    unsigned long long off = 0;
    for (size_t k = i; k < j && off < n; k++)
        off = off * 10 + (p[k] - '0');
    if (j == i || off >= n || !xref_ok(p, n, (size_t)off))
        return r->detail = "startxref does not point at a cross-reference table",
               -ERR_UPLOAD_CORRUPT;
    return 0;
}

int upload_pdf_check(Arena *a, const unsigned char *p, size_t n, const UploadPolicy *pol,
                     UploadResult *r) {
    (void)pol;
    int rc = pdf_frame(p, n, r);
    if (rc < 0) return rc;
    PdfScan s = {.a = a, .r = r};
    if ((rc = pdf_scan(&s, p, n)) < 0) return rc;
    unsigned char *copy = arena_alloc(a, n);
    memcpy(copy, p, n);
    r->data = copy;
    r->n = n;
    return 0;
}
