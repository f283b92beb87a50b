/*
** Unit tests for src/regulator/payload.c and payload_zip.c: GBK, base64,
** MD5 and AES against independent vectors, the one-entry zip against the
** Info-ZIP tools and Python's zipfile, and the whole pipeline, including
** every kind of malformed input with the code the specification gives it.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/util.h"
#include "regulator/codes.h"
#include "regulator/payload.h"
#include "test_regulator_helpers.h"

static Arena arena;

static int setup(void **state) {
    (void)state;
    arena_init(&arena);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    arena_free(&arena);
    return 0;
}

static const char sample_xml[] = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n"
                                 "<note>浙ICP备14001515号 中文测试 &amp; more</note>\n";

static void test_gbk(void **state) {
    (void)state;
    char *g, *u;
    size_t gn, un;
    assert_int_equal(payload_gbk_encode(&arena, "中文测试", strlen("中文测试"), &g, &gn), 0);
    assert_int_equal(gn, 8);
    assert_memory_equal(g, "\xd6\xd0\xce\xc4\xb2\xe2\xca\xd4", 8); /* Python: .encode('gbk') */
    assert_int_equal(payload_gbk_decode(&arena, g, gn, &u, &un), 0);
    assert_string_equal(u, "中文测试");
    /* An emoji has no GBK form; invalid UTF-8 and a cut GBK pair are refused. */
    assert_int_equal(payload_gbk_encode(&arena, "a😀", strlen("a😀"), &g, &gn), -ERR_REG_CHARSET);
    assert_int_equal(payload_gbk_encode(&arena, "\xe4\xb8", 2, &g, &gn), -ERR_REG_CHARSET);
    assert_int_equal(payload_gbk_decode(&arena, "\xd6", 1, &u, &un), -ERR_REG_CHARSET);
    /* Large input grows the output buffer. */
    size_t big = 300000;
    char *s = arena_alloc(&arena, big * 3 + 1);
    for (size_t i = 0; i < big; i++)
        memcpy(s + i * 3, "中", 3);
    s[big * 3] = 0;
    assert_int_equal(payload_gbk_encode(&arena, s, big * 3, &g, &gn), 0);
    assert_int_equal(gn, big * 2);
    assert_int_equal(payload_gbk_decode(&arena, g, gn, &u, &un), 0);
    assert_int_equal(un, big * 3);
    assert_memory_equal(u, s, un);
}

static void b64_ok(const char *in, size_t n, const char *want) {
    char *e = payload_b64_encode(&arena, in, n);
    assert_string_equal(e, want);
    uint8_t *d;
    size_t dn;
    assert_int_equal(payload_b64_decode(&arena, e, strlen(e), &d, &dn), 0);
    assert_int_equal(dn, n);
    assert_memory_equal(d, in, n);
}

static int b64_bad(const char *s) {
    uint8_t *d;
    size_t dn;
    return payload_b64_decode(&arena, s, strlen(s), &d, &dn);
}

static void test_base64(void **state) {
    (void)state;
    /* RFC 4648 §10 vectors. */
    b64_ok("", 0, "");
    b64_ok("f", 1, "Zg==");
    b64_ok("fo", 2, "Zm8=");
    b64_ok("foo", 3, "Zm9v");
    b64_ok("foob", 4, "Zm9vYg==");
    b64_ok("fooba", 5, "Zm9vYmE=");
    b64_ok("foobar", 6, "Zm9vYmFy");
    b64_ok("\xff\xfe\x00\x01", 4, "//4AAQ==");
    /* Line breaks of MIME encoders are accepted. */
    uint8_t *d;
    size_t dn;
    assert_int_equal(payload_b64_decode(&arena, "Zm9v\r\nYmFy\n", 11, &d, &dn), 0);
    assert_int_equal(dn, 6);
    assert_memory_equal(d, "foobar", 6);
    /* Truncated, unpadded, bad characters, data after padding. */
    assert_int_equal(b64_bad("Zm9vYmF"), -ERR_REG_BASE64);
    assert_int_equal(b64_bad("Zm9vY"), -ERR_REG_BASE64);
    assert_int_equal(b64_bad("Zg"), -ERR_REG_BASE64);
    assert_int_equal(b64_bad("Zg="), -ERR_REG_BASE64);
    assert_int_equal(b64_bad("Zm9v*mFy"), -ERR_REG_BASE64);
    assert_int_equal(b64_bad("Zg==Zm9v"), -ERR_REG_BASE64);
    assert_int_equal(b64_bad("Zm9v="), -ERR_REG_BASE64);
    assert_int_equal(b64_bad("Z==="), -ERR_REG_BASE64);
}

static void test_md5(void **state) {
    (void)state;
    /* RFC 1321: MD5("") = d41d8cd98f00b204e9800998ecf8427e. */
    assert_string_equal(payload_md5_b64(&arena, "", 0), "1B2M2Y8AsgTpgAmY7PhCfg==");
    /* MD5 base64 of GBK("中文测试"), computed with Python hashlib. */
    char *g;
    size_t gn;
    assert_int_equal(payload_gbk_encode(&arena, "中文测试", strlen("中文测试"), &g, &gn), 0);
    assert_string_equal(payload_md5_b64(&arena, g, gn), "NSQ9GjMp8fByDX3pvhrk2g==");
}

/* Generated once with
**   openssl enc -aes-128-cbc -K <hex of XRDRUE7FFCRE1T7I> -iv <hex of 7VU2H0LLBG8373LK>
** on the 41 bytes of aes_plain (the key and IV strings are NetEase's sample
** configuration, used raw). */
static const char aes_plain[] = "ICP filing data, GBK zip bytes 0123456789";
static const char aes_cipher_hex[] =
    "48758ddca8ae4cb6b4e17e54a74497408a8eae4b0b180458fa62dcb3b8b2d50d"
    "f48882bd169c67096606874fe8cece1a";

static void test_aes(void **state) {
    (void)state;
    PayloadKey k;
    assert_int_equal(payload_key_set(&k, "XRDRUE7FFCRE1T7I", "7VU2H0LLBG8373LK"), 0);
    assert_int_equal(payload_key_set(&k, "short", "7VU2H0LLBG8373LK"), -ERR_REG_KEY);
    assert_int_equal(payload_key_set(&k, "XRDRUE7FFCRE1T7I", "7VU2H0LLBG8373LK!"), -ERR_REG_KEY);
    uint8_t *c, *p;
    size_t cn, pn;
    assert_int_equal(payload_aes_encrypt(&arena, &k, aes_plain, strlen(aes_plain), &c, &cn), 0);
    assert_int_equal(cn, 48);
    assert_string_equal(hex_encode(&arena, c, cn), aes_cipher_hex);
    assert_int_equal(payload_aes_decrypt(&arena, &k, c, cn, &p, &pn), 0);
    assert_int_equal(pn, strlen(aes_plain));
    assert_memory_equal(p, aes_plain, pn);
    /* A full block of padding on a 16-byte multiple. */
    assert_int_equal(payload_aes_encrypt(&arena, &k, "0123456789abcdef", 16, &c, &cn), 0);
    assert_int_equal(cn, 32);
    /* Bad padding (last byte flipped), bad length, empty, wrong key. */
    uint8_t bad[48];
    assert_int_equal(payload_aes_encrypt(&arena, &k, aes_plain, strlen(aes_plain), &c, &cn), 0);
    memcpy(bad, c, 48);
    bad[47] ^= 0x01;
    assert_int_equal(payload_aes_decrypt(&arena, &k, bad, 48, &p, &pn), -ERR_REG_DECRYPT);
    assert_int_equal(payload_aes_decrypt(&arena, &k, c, 47, &p, &pn), -ERR_REG_DECRYPT);
    assert_int_equal(payload_aes_decrypt(&arena, &k, c, 0, &p, &pn), -ERR_REG_DECRYPT);
    PayloadKey other;
    assert_int_equal(payload_key_set(&other, "0102030405060708", "0102030405060708"), 0);
    int rc = payload_aes_decrypt(&arena, &other, c, cn, &p, &pn);
    /* A wrong key fails the padding check, or (rarely) yields other bytes. */
    assert_true(rc == -ERR_REG_DECRYPT || pn != strlen(aes_plain) || memcmp(p, aes_plain, pn));
}

static void test_names(void **state) {
    (void)state;
    assert_true(payload_name_ok("beianinfo.xml"));
    assert_true(payload_name_ok("ICP_20240101-0001.xml"));
    assert_false(payload_name_ok(""));
    assert_false(payload_name_ok(".hidden"));
    assert_false(payload_name_ok("../etc/passwd"));
    assert_false(payload_name_ok("dir/file.xml"));
    assert_false(payload_name_ok("a\\b"));
    assert_false(payload_name_ok("中文.xml"));
    char longname[PAYLOAD_NAME_MAX + 2];
    memset(longname, 'a', sizeof longname - 1);
    longname[PAYLOAD_NAME_MAX + 1] = 0;
    assert_false(payload_name_ok(longname));
    longname[PAYLOAD_NAME_MAX] = 0;
    assert_true(payload_name_ok(longname));
}

/* Write n bytes to a fresh temporary file; returns its path (static). */
static const char *write_temp(const void *p, size_t n, const char *suffix) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/regzipXXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    assert_true(fd >= 0);
    assert_int_equal(write(fd, p, n), (ssize_t)n);
    close(fd);
    return path;
}

static void test_zip_roundtrip(void **state) {
    (void)state;
    uint8_t *z, *d;
    size_t zn, dn;
    char *name;
    assert_int_equal(
        payload_zip(&arena, "beianinfo.xml", sample_xml, strlen(sample_xml), 1700000000, &z, &zn),
        0);
    assert_memory_equal(z, "PK\x03\x04", 4);
    assert_int_equal(payload_unzip(&arena, z, zn, 1 << 20, &name, &d, &dn), 0);
    assert_string_equal(name, "beianinfo.xml");
    assert_int_equal(dn, strlen(sample_xml));
    assert_memory_equal(d, sample_xml, dn);
    /* An empty file, and a name the writer refuses. */
    assert_int_equal(payload_zip(&arena, "empty.xml", "", 0, 1700000000, &z, &zn), 0);
    assert_int_equal(payload_unzip(&arena, z, zn, 1 << 20, &name, &d, &dn), 0);
    assert_int_equal(dn, 0);
    assert_int_equal(payload_zip(&arena, "a/b.xml", "x", 1, 1700000000, &z, &zn),
                     -ERR_REG_FILE_NAME);
}

/* Our archive read by Info-ZIP's unzip and by Python's zipfile (Debian's
** python3), when they are installed. */
static void test_zip_tools_read_ours(void **state) {
    (void)state;
    int have_unzip = system("command -v unzip >/dev/null 2>&1") == 0;
    int have_py = access("/usr/bin/python3", X_OK) == 0;
    if (!have_unzip && !have_py) skip();
    uint8_t *z;
    size_t zn;
    assert_int_equal(
        payload_zip(&arena, "beianinfo.xml", sample_xml, strlen(sample_xml), 1700000000, &z, &zn),
        0);
    char path[64];
    snprintf(path, sizeof path, "%s", write_temp(z, zn, ".zip"));
    char cmd[512];
    if (have_unzip) {
        snprintf(cmd, sizeof cmd, "unzip -tq %s >/dev/null", path);
        assert_int_equal(system(cmd), 0);
        /* unzip -p gives the very bytes; compare through cmp with a copy. */
        const char *plain = write_temp(sample_xml, strlen(sample_xml), ".xml");
        char plain_copy[64];
        snprintf(plain_copy, sizeof plain_copy, "%s", plain);
        snprintf(cmd, sizeof cmd, "unzip -p %s beianinfo.xml | cmp -s - %s", path, plain_copy);
        assert_int_equal(system(cmd), 0);
        unlink(plain_copy);
    }
    if (have_py) {
        snprintf(cmd, sizeof cmd,
                 "/usr/bin/python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
                 "assert z.testzip() is None; assert z.namelist()==[\"beianinfo.xml\"]; "
                 "i=z.getinfo(\"beianinfo.xml\"); assert i.compress_type==8; "
                 "assert i.date_time==(2023,11,15,6,13,20), i.date_time' %s",
                 path);
        assert_int_equal(system(cmd), 0);
    }
    unlink(path);
}

/* Archives made by Info-ZIP's zip (fixtures), read by us. */
static void test_zip_reads_theirs(void **state) {
    (void)state;
    size_t want_n, zn, dn;
    char *want = reg_read_file(&arena, REG_FIXTURES "beianinfo.xml", &want_n);
    assert_non_null(want);
    uint8_t *d;
    char *name;
    const char *ok[] = {"by-zip.zip", "stored.zip"};
    for (int i = 0; i < 2; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s%s", REG_FIXTURES, ok[i]);
        char *z = reg_read_file(&arena, path, &zn);
        assert_non_null(z);
        assert_int_equal(payload_unzip(&arena, z, zn, 1 << 20, &name, &d, &dn), 0);
        assert_string_equal(name, "beianinfo.xml");
        assert_int_equal(dn, want_n);
        assert_memory_equal(d, want, dn);
        /* A bound below the file's size. */
        assert_int_equal(payload_unzip(&arena, z, zn, want_n - 1, &name, &d, &dn),
                         -ERR_REG_TOO_LARGE);
    }
    char *z = reg_read_file(&arena, REG_FIXTURES "two-entries.zip", &zn);
    assert_int_equal(payload_unzip(&arena, z, zn, 1 << 20, &name, &d, &dn), -ERR_REG_ZIP_ENTRIES);
    z = reg_read_file(&arena, REG_FIXTURES "encrypted.zip", &zn);
    assert_int_equal(payload_unzip(&arena, z, zn, 1 << 20, &name, &d, &dn), -ERR_REG_UNZIP);
}

/* Damaged archives of ours: each refused with the right code. */
static void test_zip_malformed(void **state) {
    (void)state;
    uint8_t *z, *d, *bad;
    size_t zn, dn;
    char *name;
    assert_int_equal(
        payload_zip(&arena, "f.xml", sample_xml, strlen(sample_xml), 1700000000, &z, &zn), 0);
    bad = arena_alloc(&arena, zn);
    size_t data = 30 + 5, cd = zn - 22 - 46 - 5;
    struct {
        size_t off;
        uint8_t xor ;
        int want;
    } cases[] = {
        {data + 3, 0x55, -ERR_REG_UNZIP},     /* corrupt deflate data or CRC mismatch */
        {cd + 16, 0x01, -ERR_REG_UNZIP},      /* central CRC */
        {cd + 24, 0x01, -ERR_REG_UNZIP},      /* uncompressed size */
        {cd + 8, 0x01, -ERR_REG_UNZIP},       /* encrypted flag */
        {cd + 10, 0x0c, -ERR_REG_UNZIP},      /* method 8 -> 4 */
        {cd + 28, 0x01, -ERR_REG_UNZIP},      /* name length */
        {zn - 22 + 10, 0x03, -ERR_REG_UNZIP}, /* entries disagree */
        {0, 0xff, -ERR_REG_UNZIP},            /* local signature */
        {zn - 22, 0xff, -ERR_REG_UNZIP},      /* end signature */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(bad, z, zn);
        bad[cases[i].off] ^= cases[i].xor ;
        int rc = payload_unzip(&arena, bad, zn, 1 << 20, &name, &d, &dn);
        if (rc != cases[i].want) fail_msg("case %zu: %s", i, err_name(rc));
    }
    /* Both entry counts say 2; both say 0. */
    memcpy(bad, z, zn);
    bad[zn - 22 + 8] = 2, bad[zn - 22 + 10] = 2;
    assert_int_equal(payload_unzip(&arena, bad, zn, 1 << 20, &name, &d, &dn), -ERR_REG_ZIP_ENTRIES);
    bad[zn - 22 + 8] = 0, bad[zn - 22 + 10] = 0;
    assert_int_equal(payload_unzip(&arena, bad, zn, 1 << 20, &name, &d, &dn), -ERR_REG_ZIP_ENTRIES);
    /* zip64 markers. */
    memcpy(bad, z, zn);
    memset(bad + zn - 22 + 16, 0xff, 4);
    assert_int_equal(payload_unzip(&arena, bad, zn, 1 << 20, &name, &d, &dn), -ERR_REG_UNZIP);
    /* Every truncation. */
    for (size_t cut = 0; cut < zn; cut++)
        assert_int_not_equal(payload_unzip(&arena, z, cut, 1 << 20, &name, &d, &dn), 0);
    /* Not a zip at all. */
    assert_int_equal(payload_unzip(&arena, sample_xml, strlen(sample_xml), 1 << 20, &name, &d, &dn),
                     -ERR_REG_UNZIP);
}

/* A zip bomb: 60 MB of zeros deflate to ~60 KB. Claimed honestly it is over
** the bound; with its size understated it fails the size check. */
static void test_zip_bomb(void **state) {
    (void)state;
    size_t n = (size_t)60 << 20;
    uint8_t *zeros = calloc(1, n);
    assert_non_null(zeros);
    uint8_t *z, *d;
    size_t zn, dn;
    char *name;
    assert_int_equal(payload_zip(&arena, "bomb.xml", zeros, n, 1700000000, &z, &zn), 0);
    free(zeros);
    assert_true(zn < 200000);
    assert_int_equal(payload_unzip(&arena, z, zn, PAYLOAD_MAX_XML, &name, &d, &dn),
                     -ERR_REG_TOO_LARGE);
    /* Understate the size in the central directory (offset 24 of its record). */
    size_t cd = zn - 22 - 46 - strlen("bomb.xml");
    z[cd + 24] = 0x00, z[cd + 25] = 0x10, z[cd + 26] = 0x00, z[cd + 27] = 0x00; /* 4096 */
    assert_int_equal(payload_unzip(&arena, z, zn, PAYLOAD_MAX_XML, &name, &d, &dn), -ERR_REG_UNZIP);
}

static void pipeline_roundtrip(const PayloadOpts *o) {
    char *info, *hash;
    assert_int_equal(payload_encode(&arena, sample_xml, "beianinfo.xml", o, &info, &hash), 0);
    PayloadFile f;
    assert_int_equal(payload_decode(&arena, info, hash, o, &f), 0);
    assert_string_equal(f.name, "beianinfo.xml");
    assert_string_equal(f.xml, sample_xml);
    assert_int_equal(f.len, strlen(sample_xml));
    /* The hash is the MD5 of the compressed bytes, not of the XML. */
    uint8_t *body;
    size_t bodyn;
    assert_int_equal(payload_b64_decode(&arena, info, strlen(info), &body, &bodyn), 0);
    if (o->encrypt == REG_ENCRYPT_NONE) {
        assert_memory_equal(body, "PK\x03\x04", 4);
        assert_string_equal(payload_md5_b64(&arena, body, bodyn), hash);
    } else {
        assert_int_equal(bodyn % 16, 0);
        uint8_t *zip;
        size_t zipn;
        assert_int_equal(payload_aes_decrypt(&arena, o->key, body, bodyn, &zip, &zipn), 0);
        assert_memory_equal(zip, "PK\x03\x04", 4);
        assert_string_equal(payload_md5_b64(&arena, zip, zipn), hash);
    }
}

static void test_pipeline(void **state) {
    (void)state;
    PayloadOpts plain = {.encrypt = REG_ENCRYPT_NONE, .mtime = 1700000000};
    pipeline_roundtrip(&plain);
    PayloadKey k;
    assert_int_equal(payload_key_set(&k, "XRDRUE7FFCRE1T7I", "7VU2H0LLBG8373LK"), 0);
    PayloadOpts aes = {.encrypt = REG_ENCRYPT_AES, .key = &k, .mtime = 1700000000};
    pipeline_roundtrip(&aes);
    /* The zip inside holds GBK bytes. */
    char *info, *hash;
    assert_int_equal(payload_encode(&arena, sample_xml, "f.xml", &plain, &info, &hash), 0);
    uint8_t *zip, *raw;
    size_t zipn, rawn;
    char *name;
    assert_int_equal(payload_b64_decode(&arena, info, strlen(info), &zip, &zipn), 0);
    assert_int_equal(payload_unzip(&arena, zip, zipn, 1 << 20, &name, &raw, &rawn), 0);
    assert_non_null(memmem(raw, rawn, "\xd6\xd0\xce\xc4\xb2\xe2\xca\xd4", 8));
}

/* Everything a decoder must refuse, with the spec's codes. */
static void test_pipeline_malformed(void **state) {
    (void)state;
    PayloadKey k;
    assert_int_equal(payload_key_set(&k, "XRDRUE7FFCRE1T7I", "7VU2H0LLBG8373LK"), 0);
    PayloadOpts aes = {.encrypt = REG_ENCRYPT_AES, .key = &k, .mtime = 1700000000};
    PayloadOpts plain = {.mtime = 1700000000};
    char *info, *hash, *pinfo, *phash;
    PayloadFile f;
    assert_int_equal(payload_encode(&arena, sample_xml, "f.xml", &aes, &info, &hash), 0);
    assert_int_equal(payload_encode(&arena, sample_xml, "f.xml", &plain, &pinfo, &phash), 0);
    /* Truncated base64: not a multiple of four, or cut at a block edge. */
    char *cut = arena_strndup(&arena, info, strlen(info) - 1);
    assert_int_equal(payload_decode(&arena, cut, hash, &aes, &f), -ERR_REG_BASE64);
    cut = arena_strndup(&arena, info, strlen(info) - 4);
    assert_int_equal(payload_decode(&arena, cut, hash, &aes, &f), -ERR_REG_DECRYPT);
    cut = arena_strndup(&arena, pinfo, strlen(pinfo) - 4);
    assert_int_equal(payload_decode(&arena, cut, phash, &plain, &f), -ERR_REG_HASH);
    /* Wrong hash; hash not base64; hash of the XML instead of the zip. */
    assert_int_equal(payload_decode(&arena, info, "1B2M2Y8AsgTpgAmY7PhCfg==", &aes, &f),
                     -ERR_REG_HASH);
    assert_int_equal(payload_decode(&arena, info, "!!", &aes, &f), -ERR_REG_HASH);
    char *xml_hash = payload_md5_b64(&arena, sample_xml, strlen(sample_xml));
    assert_int_equal(payload_decode(&arena, pinfo, xml_hash, &plain, &f), -ERR_REG_HASH);
    /* Encrypted data read as plain, plain data read as encrypted. */
    assert_int_equal(payload_decode(&arena, info, hash, &plain, &f), -ERR_REG_HASH);
    assert_int_not_equal(payload_decode(&arena, pinfo, phash, &aes, &f), 0);
    /* Unknown algorithm codes: 9, 10, 11. */
    PayloadOpts o = plain;
    o.encrypt = 2;
    assert_int_equal(payload_decode(&arena, pinfo, phash, &o, &f), -ERR_REG_ENCRYPT_TYPE);
    assert_int_equal(regulator_err_code(-ERR_REG_ENCRYPT_TYPE), 9);
    o = plain, o.hash_alg = 1;
    assert_int_equal(payload_decode(&arena, pinfo, phash, &o, &f), -ERR_REG_HASH_TYPE);
    assert_int_equal(regulator_err_code(-ERR_REG_HASH_TYPE), 10);
    o = plain, o.compression = 1;
    assert_int_equal(payload_decode(&arena, pinfo, phash, &o, &f), -ERR_REG_COMPRESS_TYPE);
    assert_int_equal(regulator_err_code(-ERR_REG_COMPRESS_TYPE), 11);
    /* AES without a key. */
    o = plain, o.encrypt = REG_ENCRYPT_AES;
    assert_int_equal(payload_encode(&arena, sample_xml, "f.xml", &o, &info, &hash), -ERR_REG_KEY);
    /* A bound smaller than the file: 18. */
    o = plain, o.max_xml = 16;
    assert_int_equal(payload_decode(&arena, pinfo, phash, &o, &f), -ERR_REG_TOO_LARGE);
    assert_int_equal(regulator_err_code(-ERR_REG_TOO_LARGE), 18);
    /* Text GBK cannot carry. */
    assert_int_equal(payload_encode(&arena, "<a>😀</a>", "f.xml", &plain, &info, &hash),
                     -ERR_REG_CHARSET);
}

/* A two-entry archive with a correct hash reaches the unzip step: 17. */
static void test_pipeline_two_entries(void **state) {
    (void)state;
    size_t zn;
    char *z = reg_read_file(&arena, REG_FIXTURES "two-entries.zip", &zn);
    assert_non_null(z);
    char *info = payload_b64_encode(&arena, z, zn);
    char *hash = payload_md5_b64(&arena, z, zn);
    PayloadOpts plain = {0};
    PayloadFile f;
    assert_int_equal(payload_decode(&arena, info, hash, &plain, &f), -ERR_REG_ZIP_ENTRIES);
    assert_int_equal(regulator_err_code(-ERR_REG_ZIP_ENTRIES), 17);
    /* Info-ZIP's archive decodes, GBK turned into UTF-8. */
    z = reg_read_file(&arena, REG_FIXTURES "by-zip.zip", &zn);
    info = payload_b64_encode(&arena, z, zn);
    hash = payload_md5_b64(&arena, z, zn);
    assert_int_equal(payload_decode(&arena, info, hash, &plain, &f), 0);
    assert_non_null(strstr(f.xml, "浙ICP备14001515号 中文测试"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gbk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_base64, setup, teardown),
        cmocka_unit_test_setup_teardown(test_md5, setup, teardown),
        cmocka_unit_test_setup_teardown(test_aes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zip_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zip_tools_read_ours, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zip_reads_theirs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zip_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zip_bomb, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipeline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipeline_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipeline_two_entries, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
