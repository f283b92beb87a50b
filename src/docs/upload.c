/*
** upload_check: the file name, the size, the kind decided by content, then
** the per-format check (upload_jpeg.c, upload_png.c, upload_pdf.c). Files
** that are not JPEG, PNG or PDF are recognised well enough to tell the
** customer what they uploaded instead (a program, an archive, a web page, a
** HEIC photo...).
*/
#include "docs/upload.h"

#include <stdbool.h>
#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"
#include "docs/upload_int.h"

const UploadPolicy upload_policy_scan = {
    .kinds = UPLOAD_ANY,
    .max_bytes = UPLOAD_DEFAULT_MAX_BYTES,
};

const UploadPolicy upload_policy_photo = {
    .kinds = UPLOAD_IMAGES,
    .max_bytes = UPLOAD_DEFAULT_MAX_BYTES,
    .min_long_side = 800,
    .min_short_side = 600,
};

void upload_policy_resolve(const UploadPolicy *in, UploadPolicy *out) {
    *out = in ? *in : upload_policy_scan;
    if (!out->kinds) out->kinds = UPLOAD_ANY;
    if (!out->max_bytes) out->max_bytes = UPLOAD_DEFAULT_MAX_BYTES;
    if (!out->max_pixels) out->max_pixels = UPLOAD_DEFAULT_MAX_PIXELS;
    if (!out->max_side) out->max_side = UPLOAD_DEFAULT_MAX_SIDE;
}

int upload_policy_dims(Arena *a, const UploadPolicy *p, uint32_t w, uint32_t h, UploadResult *r) {
    if (w == 0 || h == 0) {
        r->detail = "image has a zero dimension";
        return -ERR_UPLOAD_CORRUPT;
    }
    if (w > p->max_side || h > p->max_side || (uint64_t)w * h > p->max_pixels) {
        r->detail =
            arena_printf(a, "image declares %ux%u pixels; the limit is %u per side, %llu in all", w,
                         h, p->max_side, (unsigned long long)p->max_pixels);
        return -ERR_UPLOAD_DIMENSIONS;
    }
    uint32_t lo = w < h ? w : h, hi = w < h ? h : w;
    if (hi < p->min_long_side || lo < p->min_short_side) {
        r->detail = arena_printf(a, "image is %ux%u pixels; at least %ux%u are needed", w, h,
                                 p->min_long_side, p->min_short_side);
        return -ERR_UPLOAD_RESOLUTION;
    }
    return 0;
}

/* Code points that must not appear in a name: C0/C1 controls, DEL, the
** bidirectional overrides that make "gpj.exe" look like "exe.jpg", line and
** paragraph separators, and the byte-order mark. */
static bool name_cp_forbidden(int32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0xFEFF;
}

int upload_check_name(const char *filename) {
    if (!filename) return -ERR_UPLOAD_NAME_EMPTY;
    size_t len = strlen(filename);
    if (len > UPLOAD_NAME_MAX) return -ERR_UPLOAD_NAME_TOO_LONG;
    if (!utf8_valid(filename, len)) return -ERR_UPLOAD_NAME_CHARS;
    const char *p = filename, *end = filename + len;
    bool visible = false;
    while (p < end) {
        int32_t cp = utf8_next(&p, end);
        if (name_cp_forbidden(cp)) return -ERR_UPLOAD_NAME_CHARS;
        if (cp != ' ') visible = true;
    }
    if (!visible) return -ERR_UPLOAD_NAME_EMPTY;
    if (strchr(filename, '/') || strchr(filename, '\\') || strstr(filename, ".."))
        return -ERR_UPLOAD_NAME_PATH;
    return 0;
}

/* The name to show and to offer on download: the client's name without its
** extension, trimmed, without leading dots, with the characters that Windows
** or a Content-Disposition header mind replaced, plus the detected kind's
** extension. Assumes upload_check_name accepted the name. */
static char *display_name(Arena *a, const char *filename, const char *ext) {
    char *s = str_trim(arena_strdup(a, filename));
    char *dot = strrchr(s, '.');
    if (dot && dot[1]) {
        size_t elen = strlen(dot + 1);
        bool plain = elen <= 8;
        for (const char *q = dot + 1; plain && *q; q++)
            plain = (*q >= '0' && *q <= '9') || ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z');
        if (plain) *dot = 0;
    }
    while (*s == '.')
        s++;
    s = str_trim(s);
    for (char *q = s; *q; q++)
        if (strchr("\"<>:*?|", *q)) *q = '_';
    return arena_printf(a, "%s.%s", *s ? s : "upload", ext);
}

static bool has_prefix(const unsigned char *p, size_t n, const char *magic, size_t m) {
    return n >= m && memcmp(p, magic, m) == 0;
}

static bool is_executable(const unsigned char *p, size_t n) {
    static const struct {
        const char *m;
        size_t n;
    } magics[] = {
        {"\x7f"
         "ELF",
         4},
        {"MZ", 2},                    /* DOS/Windows PE */
        {"#!", 2},                    /* scripts */
        {"\xfe\xed\xfa\xce", 4},      /* Mach-O */
        {"\xfe\xed\xfa\xcf", 4},      /* Mach-O 64 */
        {"\xce\xfa\xed\xfe", 4},      /* Mach-O, little-endian */
        {"\xcf\xfa\xed\xfe", 4},      /* Mach-O 64, little-endian */
        {"\xca\xfe\xba\xbe", 4},      /* fat Mach-O, Java class */
        {"\0asm", 4},                 /* WebAssembly */
        {"dex\n", 4},                 /* Android */
        {"L\0\0\0\x01\x14\x02\0", 8}, /* Windows shortcut */
    };
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (has_prefix(p, n, magics[i].m, magics[i].n)) return true;
    return false;
}

static bool is_archive(const unsigned char *p, size_t n) {
    static const struct {
        const char *m;
        size_t n;
    } magics[] = {
        {"PK\x03\x04", 4},
        {"PK\x05\x06", 4},
        {"PK\x07\x08", 4},
        {"Rar!\x1a\x07", 6},
        {"7z\xbc\xaf\x27\x1c", 6},
        {"\x1f\x8b", 2},
        {"BZh", 3},
        {"\xfd"
         "7zXZ\0",
         6},
        {"\x28\xb5\x2f\xfd", 4},
        {"MSCF", 4},
    };
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (has_prefix(p, n, magics[i].m, magics[i].n)) return true;
    return n >= 262 && memcmp(p + 257, "ustar", 5) == 0;
}

/* An Office document is a zip whose first entry is its content-type list. */
static bool is_office_zip(const unsigned char *p, size_t n) {
    return has_prefix(p, n, "PK\x03\x04", 4) && n >= 49 &&
           memcmp(p + 30, "[Content_Types].xml", 19) == 0;
}

static bool is_other_image(const unsigned char *p, size_t n) {
    if (has_prefix(p, n, "GIF87a", 6) || has_prefix(p, n, "GIF89a", 6)) return true;
    if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0) return true;
    if (has_prefix(p, n, "II*\0", 4) || has_prefix(p, n, "MM\0*", 4)) return true;
    if (n >= 6 && memcmp(p, "\0\0\1\0", 4) == 0 && p[4] && !p[5]) return true; /* ICO */
    if (has_prefix(p, n, "\0\0\0\x0cjP  ", 8) || has_prefix(p, n, "\0\0\0\x0cJXL ", 8) ||
        has_prefix(p, n, "\xff\x0a", 2))
        return true;
    if (n >= 12 && memcmp(p + 4, "ftyp", 4) == 0) {
        static const char *const brands[] = {"heic", "heix", "hevc", "heim", "heis",
                                             "mif1", "msf1", "avif", "avis", NULL};
        for (int i = 0; brands[i]; i++)
            if (memcmp(p + 8, brands[i], 4) == 0) return true;
    }
    if (n >= 18 && p[0] == 'B' && p[1] == 'M') {
        unsigned dib = p[14] | p[15] << 8 | (unsigned)p[16] << 16 | (unsigned)p[17] << 24;
        if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 108 || dib == 124)
            return true;
    }
    return false;
}

/* HTML, SVG, XML or PHP: text whose first non-blank character is '<'. */
static bool is_markup(const unsigned char *p, size_t n) {
    size_t i = has_prefix(p, n, "\xef\xbb\xbf", 3) ? 3 : 0;
    while (i < n && i < 4096 && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    return i < n && p[i] == '<';
}

/* Decide the kind by content; 0 and *kind set, or the refusal. */
static int sniff(const unsigned char *p, size_t n, UploadKind *kind, const char **detail) {
    *kind = UPLOAD_NONE;
    if (has_prefix(p, n, "\xff\xd8\xff", 3))
        *kind = UPLOAD_JPEG;
    else if (has_prefix(p, n, "\x89PNG\r\n\x1a\n", 8))
        *kind = UPLOAD_PNG;
    else if (has_prefix(p, n, "%PDF-", 5))
        *kind = UPLOAD_PDF;
    if (*kind) return 0;
    if (is_executable(p, n)) {
        *detail = "an executable program or script";
        return -ERR_UPLOAD_EXECUTABLE;
    }
    if (is_office_zip(p, n)) {
        *detail = "an Office document";
        return -ERR_UPLOAD_TYPE;
    }
    if (is_archive(p, n)) {
        *detail = "an archive";
        return -ERR_UPLOAD_ARCHIVE;
    }
    if (is_other_image(p, n)) {
        *detail = "an image in a format other than JPEG or PNG";
        return -ERR_UPLOAD_IMAGE_FORMAT;
    }
    if (is_markup(p, n)) {
        *detail = "HTML, SVG or XML text";
        return -ERR_UPLOAD_MARKUP;
    }
    *detail = "unrecognised content";
    return -ERR_UPLOAD_TYPE;
}

static const char *kind_mime(UploadKind k) {
    return k == UPLOAD_JPEG ? "image/jpeg" : k == UPLOAD_PNG ? "image/png" : "application/pdf";
}

static const char *kind_ext(UploadKind k) {
    return k == UPLOAD_JPEG ? "jpg" : k == UPLOAD_PNG ? "png" : "pdf";
}

int upload_check(Arena *a, const void *data, size_t n, const char *filename,
                 const UploadPolicy *policy, UploadResult *out) {
    memset(out, 0, sizeof *out);
    out->orientation = 1;
    UploadPolicy pol;
    upload_policy_resolve(policy, &pol);
    int rc = upload_check_name(filename);
    if (rc < 0) {
        out->detail = "file name refused";
        return rc;
    }
    if (!data || n == 0) {
        out->detail = "zero bytes";
        return -ERR_UPLOAD_EMPTY;
    }
    if (n > pol.max_bytes) {
        out->detail = arena_printf(a, "%zu bytes; the limit is %zu", n, pol.max_bytes);
        return -ERR_UPLOAD_TOO_LARGE;
    }
    const unsigned char *p = data;
    UploadKind kind;
    if ((rc = sniff(p, n, &kind, &out->detail)) < 0) return rc;
    if (!(pol.kinds & kind)) {
        out->detail =
            arena_printf(a, "a %s file where only other kinds are accepted", kind_ext(kind));
        return -ERR_UPLOAD_KIND_NOT_ALLOWED;
    }
    if (kind == UPLOAD_JPEG)
        rc = upload_jpeg_check(a, p, n, &pol, out);
    else if (kind == UPLOAD_PNG)
        rc = upload_png_check(a, p, n, &pol, out);
    else
        rc = upload_pdf_check(a, p, n, &pol, out);
    if (rc < 0) return rc;
    out->kind = kind;
    out->mime = kind_mime(kind);
    out->ext = kind_ext(kind);
    out->display_name = display_name(a, filename, out->ext);
    memcpy(out->sha256, crypto_sha256_hex(a, out->data, out->n), 65);
    return 0;
}
