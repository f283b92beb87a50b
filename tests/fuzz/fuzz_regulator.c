/*
** libFuzzer target for the regulator codec (src/regulator). The first byte
** picks what the rest is fed to:
**
**   0  soap_request_parse          4  download_parse
**   1  soap_response_parse         5  payload_unzip
**   2  returns_parse               6  payload_b64_decode
**   3  upload_parse                7  payload_decode (AES, split in two)
**
** Besides crashes and sanitizer reports, it aborts when an invariant fails:
**  - a document the parser accepts and the builder can write again reaches
**    a fixed point: build(parse(build(x))) == build(x) (upload, download,
**    return documents);
**  - a request the parser accepts is built and parsed to the same call;
**  - an accepted zip, zipped again, unzips to the same bytes and name;
**  - decoded base64, encoded and decoded again, gives the same bytes.
**
** Build (from the repository root; no CMake needed): compile this file with
** every .c file of src/regulator and src/core/{arena,buf,err,util}.c:
**   clang-14 -g -O1 -std=c17 -D_GNU_SOURCE -DBEIAN_VERSION='"fuzz"' \
**     -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
**     -Isrc $(pkg-config --cflags libxml-2.0 libsodium) tests/fuzz/fuzz_regulator.c \
**     $(find src/regulator -name '*.c') src/core/arena.c src/core/buf.c \
**     src/core/err.c src/core/util.c \
**     $(pkg-config --libs libxml-2.0 libcrypto zlib libsodium) -lpthread -lm \
**     -o build-fuzz/fuzz_regulator
** or with CMake (cmake/fuzz_targets.cmake globs tests/fuzz/fuzz_*.c):
**   CC=clang-14 cmake -S . -B build-fuzz -DBEIAN_FUZZ=ON
** Run: build-fuzz/fuzz_regulator -max_total_time=120 -timeout=10 corpus/
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regulator/download_xml.h"
#include "regulator/payload.h"
#include "regulator/returns.h"
#include "regulator/soap.h"
#include "regulator/upload_xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "invariant failed: %s\n", what);
        abort();
    }
}

static void fuzz_request(Arena *a, const char *s, size_t n) {
    SoapRequest r, r2;
    char *xml, *why;
    if (soap_request_parse(a, s, n, NULL, &r, &why) != 0) return;
    if (soap_request_build(a, &r, "urn:fuzz", &xml) != 0) return; /* text XML cannot carry */
    check(soap_request_parse(a, xml, strlen(xml), NULL, &r2, &why) == 0, "request reparse");
    check(r2.method == r.method && r2.isp_id == r.isp_id && strcmp(r2.user, r.user) == 0,
          "request round trip");
}

static void fuzz_returns(Arena *a, RegMethod m, const char *s, size_t n) {
    RegReturn r, r2;
    char *x1, *x2, *why;
    if (returns_parse(a, m, s, n, &r, &why) != 0) return;
    if (returns_build(a, m, &r, &x1) != 0) return;
    check(returns_parse(a, m, x1, strlen(x1), &r2, &why) == 0, "return reparse");
    check(returns_build(a, m, &r2, &x2) == 0 && strcmp(x1, x2) == 0, "return fixed point");
}

static void fuzz_upload(Arena *a, const char *s, size_t n) {
    UploadData d, d2;
    char *x1, *x2, *why;
    if (upload_parse(a, s, n, &d, &why) != 0) return;
    if (upload_build(a, &d, &x1, &why) != 0) return;
    check(upload_parse(a, x1, strlen(x1), &d2, &why) == 0, "upload reparse");
    check(upload_build(a, &d2, &x2, &why) == 0 && strcmp(x1, x2) == 0, "upload fixed point");
}

static void fuzz_download(Arena *a, const char *s, size_t n) {
    DownloadData d, d2;
    char *x1, *x2, *why;
    if (download_parse(a, s, n, &d, &why) != 0) return;
    if (download_build(a, &d, &x1, &why) != 0) return;
    check(download_parse(a, x1, strlen(x1), &d2, &why) == 0, "download reparse");
    check(download_build(a, &d2, &x2, &why) == 0 && strcmp(x1, x2) == 0, "download fixed point");
}

static void fuzz_zip(Arena *a, const uint8_t *p, size_t n) {
    char *name, *name2;
    uint8_t *d, *d2, *z;
    size_t dn, dn2, zn;
    if (payload_unzip(a, p, n, 1 << 20, &name, &d, &dn) != 0) return;
    check(payload_zip(a, name, d, dn, 1700000000, &z, &zn) == 0, "rezip");
    check(payload_unzip(a, z, zn, 1 << 20, &name2, &d2, &dn2) == 0, "unzip ours");
    check(dn == dn2 && memcmp(d, d2, dn) == 0 && strcmp(name, name2) == 0, "zip round trip");
}

static void fuzz_b64(Arena *a, const char *s, size_t n) {
    uint8_t *d, *d2;
    size_t dn, dn2;
    if (payload_b64_decode(a, s, n, &d, &dn) != 0) return;
    char *e = payload_b64_encode(a, d, dn);
    check(payload_b64_decode(a, e, strlen(e), &d2, &dn2) == 0, "base64 redecode");
    check(dn == dn2 && memcmp(d, d2, dn) == 0, "base64 round trip");
}

static void fuzz_payload(Arena *a, const char *s, size_t n) {
    PayloadKey k;
    payload_key_set(&k, "0102030405060708", "0102030405060708");
    PayloadOpts o = {.encrypt = REG_ENCRYPT_AES, .key = &k, .max_xml = 1 << 20};
    const char *cut = memchr(s, '|', n);
    if (!cut) return;
    char *info = arena_strndup(a, s, (size_t)(cut - s));
    char *hash = arena_strndup(a, cut + 1, n - (size_t)(cut - s) - 1);
    PayloadFile f;
    payload_decode(a, info, hash, &o, &f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2 || size > (1 << 20)) return 0;
    Arena a;
    arena_init(&a);
    const char *s = arena_strndup(&a, (const char *)data + 2, size - 2);
    size_t n = size - 2;
    RegMethod m = (RegMethod)(data[1] % REG_METHOD_COUNT);
    char *ret, *why;
    switch (data[0] % 8) {
    case 0:
        fuzz_request(&a, s, n);
        break;
    case 1:
        soap_response_parse(&a, m, s, n, &ret, &why);
        break;
    case 2:
        fuzz_returns(&a, m, s, n);
        break;
    case 3:
        fuzz_upload(&a, s, n);
        break;
    case 4:
        fuzz_download(&a, s, n);
        break;
    case 5:
        fuzz_zip(&a, data + 2, n);
        break;
    case 6:
        fuzz_b64(&a, s, n);
        break;
    case 7:
        fuzz_payload(&a, s, n);
        break;
    }
    arena_free(&a);
    return 0;
}
