/*
** A zip archive of exactly one entry, written and read with zlib's raw
** deflate (APPNOTE.TXT 6.3: local header, data, central directory, end
** record). No zip64, no encryption, no multi-disk: the interface's files are
** at most 50 MB and the reader refuses anything else.
*/
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "core/err.h"
#include "regulator/payload.h"

#define SIG_LOCAL    0x04034b50u
#define SIG_CENTRAL  0x02014b50u
#define SIG_END      0x06054b50u
#define SIG_END64    0x07064b50u /* zip64 end-of-central-directory locator */
#define LOCAL_SIZE   30
#define CENTRAL_SIZE 46
#define END_SIZE     22
/* General-purpose flags the reader refuses: encrypted, strong encryption,
** masked central directory. */
#define FLAGS_ENCRYPTED (1u | 1u << 6 | 1u << 13)

bool payload_name_ok(const char *name) {
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > PAYLOAD_NAME_MAX || name[0] == '.') return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

/* Little-endian stores and loads of the zip format. */
static void put16(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v) {
    put16(p, v & 0xffff), put16(p + 2, v >> 16);
}

static uint32_t get16(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const uint8_t *p) {
    return get16(p) | get16(p + 2) << 16;
}

/* MS-DOS time and date of t, in China Standard Time (UTC+8). */
static void dos_time(int64_t t, uint32_t *time_out, uint32_t *date_out) {
    time_t local = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&local, &tm);
    if (tm.tm_year < 80) tm = (struct tm){.tm_year = 80, .tm_mday = 1};
    *time_out = (uint32_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
    *date_out = (uint32_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
}

/* Raw deflate of n bytes into dst (capacity cap); its length, or 0 on error. */
static size_t deflate_raw(const void *p, size_t n, uint8_t *dst, size_t cap) {
    z_stream z = {0};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return 0;
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    z.next_out = dst;
    z.avail_out = (uInt)cap;
    int zr = deflate(&z, Z_FINISH);
    size_t out = zr == Z_STREAM_END ? (size_t)z.total_out : 0;
    deflateEnd(&z);
    return out;
}

/* The fields a local and a central header share, from "version needed". */
static void put_common(uint8_t *p, uint32_t tm, uint32_t dt, uint32_t crc, size_t csize, size_t n,
                       size_t namelen) {
    put16(p, 20);    /* version needed: deflate */
    put16(p + 2, 0); /* flags */
    put16(p + 4, 8); /* method: deflate */
    put16(p + 6, tm);
    put16(p + 8, dt);
    put32(p + 10, crc);
    put32(p + 14, (uint32_t)csize);
    put32(p + 18, (uint32_t)n);
    put16(p + 22, (uint32_t)namelen);
    put16(p + 24, 0); /* extra field length */
}

int payload_zip(Arena *a, const char *name, const void *p, size_t n, int64_t mtime, uint8_t **out,
                size_t *outn) {
    if (!payload_name_ok(name)) return -ERR_REG_FILE_NAME;
    if (n > PAYLOAD_MAX_XML * 2) return -ERR_REG_TOO_LARGE;
    size_t nl = strlen(name);
    size_t bound = deflateBound(NULL, (uLong)n) + 16;
    uint8_t *z = arena_alloc(a, LOCAL_SIZE + nl + bound + CENTRAL_SIZE + nl + END_SIZE);
    uint8_t *data = z + LOCAL_SIZE + nl;
    size_t csize = deflate_raw(p, n, data, bound);
    if (csize == 0) return -ERR_INTERNAL;
    uint32_t crc = (uint32_t)crc32(crc32(0, NULL, 0), p, (uInt)n), tm, dt;
    dos_time(mtime, &tm, &dt);
    put32(z, SIG_LOCAL);
    put_common(z + 4, tm, dt, crc, csize, n, nl);
    memcpy(z + LOCAL_SIZE, name, nl);
    uint8_t *c = data + csize;
    size_t cd_off = (size_t)(c - z);
    put32(c, SIG_CENTRAL);
    put16(c + 4, 20); /* version made by: MS-DOS, 2.0 */
    put_common(c + 6, tm, dt, crc, csize, n, nl);
    memset(c + 32, 0, 14); /* comment length, disk, attributes, local header offset 0 */
    memcpy(c + CENTRAL_SIZE, name, nl);
    uint8_t *e = c + CENTRAL_SIZE + nl;
    put32(e, SIG_END);
    put32(e + 4, 0);  /* this disk, disk of the central directory */
    put16(e + 8, 1);  /* entries on this disk */
    put16(e + 10, 1); /* entries in all */
    put32(e + 12, (uint32_t)(CENTRAL_SIZE + nl));
    put32(e + 16, (uint32_t)cd_off);
    put16(e + 20, 0); /* comment length */
    *out = z;
    *outn = (size_t)(e + END_SIZE - z);
    return 0;
}

/* ---------------------------------------------------------------- reader */

/* The one entry as the central directory describes it. */
typedef struct ZipEntry {
    uint32_t method, crc, csize, usize, flags;
    size_t data; /* offset of the compressed bytes */
    char name[PAYLOAD_NAME_MAX + 1];
} ZipEntry;

/* Find the end record: it must end the archive exactly (its comment runs to
** the last byte). Returns its offset or -1. */
static long zip_find_end(const uint8_t *z, size_t n) {
    if (n < END_SIZE) return -1;
    size_t lo = n - END_SIZE > 0xffff ? n - END_SIZE - 0xffff : 0;
    for (size_t i = n - END_SIZE + 1; i-- > lo;)
        if (get32(z + i) == SIG_END && i + END_SIZE + get16(z + i + 20) == n) return (long)i;
    return -1;
}

/* Read the end record and the central directory's only entry. */
static int zip_central(const uint8_t *z, size_t n, ZipEntry *e) {
    long end = zip_find_end(z, n);
    if (end < 0) return -ERR_REG_UNZIP;
    const uint8_t *r = z + end;
    if (end >= 20 && get32(r - 20) == SIG_END64) return -ERR_REG_UNZIP; /* zip64 */
    uint32_t entries = get16(r + 10), cd_size = get32(r + 12), cd_off = get32(r + 16);
    if (get16(r + 4) || get16(r + 6) || get16(r + 8) != entries) return -ERR_REG_UNZIP;
    if (entries == 0xffff || cd_size == 0xffffffffu || cd_off == 0xffffffffu) return -ERR_REG_UNZIP;
    if (entries != 1) return -ERR_REG_ZIP_ENTRIES;
    if ((uint64_t)cd_off + cd_size > (uint64_t)end || cd_size < CENTRAL_SIZE) return -ERR_REG_UNZIP;
    const uint8_t *c = z + cd_off;
    if (get32(c) != SIG_CENTRAL) return -ERR_REG_UNZIP;
    uint32_t nl = get16(c + 28), xl = get16(c + 30), cl = get16(c + 32);
    uint64_t rec = (uint64_t)CENTRAL_SIZE + nl + xl + cl;
    if (rec < cd_size) /* another record behind the first: more than one entry */
        return cd_size - rec >= 4 && get32(c + rec) == SIG_CENTRAL ? -ERR_REG_ZIP_ENTRIES
                                                                   : -ERR_REG_UNZIP;
    if (rec > cd_size) return -ERR_REG_UNZIP;
    e->flags = get16(c + 8);
    e->method = get16(c + 10);
    e->crc = get32(c + 16);
    e->csize = get32(c + 20);
    e->usize = get32(c + 24);
    if (e->csize == 0xffffffffu || e->usize == 0xffffffffu || get16(c + 34) != 0)
        return -ERR_REG_UNZIP; /* zip64 sizes, or another disk */
    if (e->flags & FLAGS_ENCRYPTED) return -ERR_REG_UNZIP;
    if (e->method != 0 && e->method != 8) return -ERR_REG_UNZIP;
    if (nl == 0 || nl > PAYLOAD_NAME_MAX) return -ERR_REG_UNZIP;
    memcpy(e->name, c + CENTRAL_SIZE, nl);
    e->name[nl] = 0;
    if (!payload_name_ok(e->name)) return -ERR_REG_UNZIP;
    uint32_t lo = get32(c + 42);
    if ((uint64_t)lo + LOCAL_SIZE > cd_off) return -ERR_REG_UNZIP;
    const uint8_t *l = z + lo;
    uint32_t lnl = get16(l + 26), lxl = get16(l + 28);
    e->data = (size_t)lo + LOCAL_SIZE + lnl + lxl;
    if ((uint64_t)e->data + e->csize > cd_off) return -ERR_REG_UNZIP;
    if (get32(l) != SIG_LOCAL || get16(l + 8) != e->method || lnl != nl ||
        memcmp(l + LOCAL_SIZE, e->name, nl) != 0)
        return -ERR_REG_UNZIP;
    return 0;
}

/* Inflate exactly e->usize bytes from the entry; more or less is an error. */
static int zip_inflate(const uint8_t *src, const ZipEntry *e, uint8_t *dst) {
    z_stream z = {0};
    if (inflateInit2(&z, -15) != Z_OK) return -ERR_INTERNAL;
    uint8_t extra;
    z.next_in = (Bytef *)src;
    z.avail_in = e->csize;
    z.next_out = dst;
    z.avail_out = e->usize;
    int zr = inflate(&z, Z_FINISH);
    if (zr == Z_BUF_ERROR && z.avail_out == 0) { /* full: is there more? */
        z.next_out = &extra;
        z.avail_out = 1;
        zr = inflate(&z, Z_FINISH);
    }
    int ok = zr == Z_STREAM_END && z.total_out == e->usize;
    inflateEnd(&z);
    return ok ? 0 : -ERR_REG_UNZIP;
}

int payload_unzip(Arena *a, const void *zip, size_t n, size_t max, char **name, uint8_t **data,
                  size_t *len) {
    ZipEntry e;
    int rc = zip_central(zip, n, &e);
    if (rc) return rc;
    if (e.usize > max) return -ERR_REG_TOO_LARGE;
    const uint8_t *src = (const uint8_t *)zip + e.data;
    uint8_t *out = arena_alloc(a, (size_t)e.usize + 1);
    if (e.method == 0) {
        if (e.csize != e.usize) return -ERR_REG_UNZIP;
        memcpy(out, src, e.usize);
    } else if ((rc = zip_inflate(src, &e, out))) {
        return rc;
    }
    if ((uint32_t)crc32(crc32(0, NULL, 0), out, e.usize) != e.crc) return -ERR_REG_UNZIP;
    out[e.usize] = 0;
    *name = arena_strdup(a, e.name);
    *data = out;
    *len = e.usize;
    return 0;
}
