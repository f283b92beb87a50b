/*
** embed: compile files into a C table (see src/core/embed.h).
**
**   embed <symbol> <base-dir> <out.c> <files...>
**
** writes out.c defining `const EmbeddedFile <symbol>[]` sorted by path (the
** file's path relative to base-dir) and `const size_t <symbol>_count`. Each
** file's bytes are followed by a NUL; its etag is 16 hex digits of its SHA-256.
** A host tool run at build time: it needs only libc.
*/
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* ---- SHA-256 (FIPS 180-4) ---- */

typedef struct Sha256 {
    uint32_t h[8];
    unsigned char block[64];
    size_t used;
    uint64_t total;
} Sha256;

static const uint32_t sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror(uint32_t x, int n) {
    return (x >> n) | (x << (32 - n));
}

static void sha_compress(Sha256 *s, const unsigned char *p) {
    uint32_t w[64], v[8];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, s->h, sizeof v);
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
                      ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha_k[i] + w[i];
        uint32_t t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
                      ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++)
        s->h[i] += v[i];
}

static void sha_init(Sha256 *s) {
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, h0, sizeof h0);
    s->used = 0;
    s->total = 0;
}

static void sha_update(Sha256 *s, const unsigned char *p, size_t n) {
    s->total += n;
    while (n > 0) {
        size_t take = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        n -= take;
        if (s->used == 64) {
            sha_compress(s, s->block);
            s->used = 0;
        }
    }
}

static void sha_final(Sha256 *s, unsigned char out[32]) {
    uint64_t bits = s->total * 8;
    unsigned char pad[72] = {0x80};
    size_t padlen = (s->used < 56 ? 56 : 120) - s->used;
    for (int i = 0; i < 8; i++)
        pad[padlen + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
    sha_update(s, pad, padlen + 8);
    for (int i = 0; i < 32; i++)
        out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

/* ---- the table ---- */

typedef struct Entry {
    const char *file; /* as given */
    const char *path; /* relative to base-dir */
    size_t len;
    char etag[17];
} Entry;

static int entry_cmp(const void *a, const void *b) {
    return strcmp(((const Entry *)a)->path, ((const Entry *)b)->path);
}

static unsigned char *read_file(const char *file, size_t *len) {
    FILE *f = fopen(file, "rb");
    if (!f) {
        fprintf(stderr, "embed: %s: %s\n", file, strerror(errno));
        exit(1);
    }
    Buf b;
    buf_init(&b, NULL);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    if (ferror(f)) {
        fprintf(stderr, "embed: %s: read error\n", file);
        exit(1);
    }
    fclose(f);
    *len = b.len;
    return (unsigned char *)buf_take(&b);
}

/* A C string literal for s (paths may hold any byte). */
static void put_cstr(Buf *out, const char *s) {
    buf_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_printf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f || *p == '?')
            buf_printf(out, "\\%03o", *p);
        else
            buf_putc(out, (char)*p);
    }
    buf_putc(out, '"');
}

static void put_file(Buf *out, size_t index, Entry *e) {
    size_t len;
    unsigned char *data = read_file(e->file, &len);
    e->len = len;
    Sha256 s;
    unsigned char digest[32];
    sha_init(&s);
    sha_update(&s, data, len);
    sha_final(&s, digest);
    for (int i = 0; i < 8; i++)
        sprintf(e->etag + 2 * i, "%02x", digest[i]);
    buf_printf(out, "static const unsigned char d%zu[%zu] = {", index, len + 1);
    for (size_t i = 0; i < len; i++)
        buf_printf(out, "%s%u,", i % 24 ? "" : "\n", data[i]);
    buf_puts(out, "0};\n");
    free(data);
}

static const char *relative_path(const char *file, const char *base) {
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    if (strncmp(file, base, n) != 0 || file[n] != '/') {
        fprintf(stderr, "embed: %s is not under %s\n", file, base);
        exit(1);
    }
    return file + n + 1;
}

static void write_out(const char *path, const Buf *b) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
        fprintf(stderr, "embed: cannot write %s\n", path);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: embed <symbol> <base-dir> <out.c> <files...>\n");
        return 2;
    }
    const char *sym = argv[1], *base = argv[2];
    size_t n = (size_t)(argc - 4);
    Entry *entries = xcalloc(n + 1, sizeof *entries);
    for (size_t i = 0; i < n; i++) {
        entries[i].file = argv[4 + i];
        entries[i].path = relative_path(argv[4 + i], base);
    }
    qsort(entries, n, sizeof *entries, entry_cmp);
    Buf out;
    buf_init(&out, NULL);
    buf_printf(&out, "/* Generated by tools/embed from %s. Do not edit. */\n", base);
    buf_puts(&out, "#include \"core/embed.h\"\n\n");
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(entries[i - 1].path, entries[i].path) == 0) {
            fprintf(stderr, "embed: %s given twice\n", entries[i].path);
            return 1;
        }
        put_file(&out, i, &entries[i]);
    }
    /* A final empty row keeps the array non-empty when there are no files. */
    buf_printf(&out, "\nconst EmbeddedFile %s[] = {\n", sym);
    for (size_t i = 0; i < n; i++) {
        buf_puts(&out, "    {");
        put_cstr(&out, entries[i].path);
        buf_printf(&out, ", d%zu, %zu, \"%s\"},\n", i, entries[i].len, entries[i].etag);
    }
    buf_puts(&out, "    {0, 0, 0, 0}};\n");
    buf_printf(&out, "const size_t %s_count = %zu;\n", sym, n);
    write_out(argv[3], &out);
    buf_free(&out);
    free(entries);
    return 0;
}
