/*
** Unit tests for src/core/crypto: sealing and opening (round trip, every
** tampered byte refused, a wrong key refused), the text helpers, blind
** indexes (stable, keyed, separated by purpose), SHA-256 against the
** FIPS 180-2 vectors, and loading the master key from the environment or the
** key file.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/crypto.h"
#include "core/util.h"
#include "core/err.h"
#include "core/log.h"

static const unsigned char key_a[CRYPTO_KEY_BYTES] = {
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
    0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00};
static unsigned char key_b[CRYPTO_KEY_BYTES]; /* key_a with one bit flipped */
#define KEY_A_HEX "0123456789abcdef1032547698badcfe112233445566778899aabbccddeeff00"

static int use_key_a(void **state) {
    (void)state;
    memcpy(key_b, key_a, sizeof key_b);
    key_b[31] ^= 1;
    return crypto_init(key_a);
}

/* A buffer of n bytes, every one different from its neighbours. */
static unsigned char *pattern(size_t n) {
    unsigned char *p = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 31 + 7);
    return p;
}

static void test_seal_open_round_trip(void **state) {
    (void)state;
    assert_true(crypto_ready());
    const size_t sizes[] = {0, 1, 15, 16, 17, 1000, 65536};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k];
        unsigned char *plain = pattern(n);
        unsigned char *sealed = malloc(n + CRYPTO_SEAL_OVERHEAD);
        unsigned char *again = malloc(n + CRYPTO_SEAL_OVERHEAD);
        unsigned char *out = malloc(n + CRYPTO_SEAL_OVERHEAD);
        crypto_seal(sealed, plain, n);
        crypto_seal(again, plain, n);
        /* A fresh nonce every time: the same plaintext never seals the same. */
        assert_memory_not_equal(sealed, again, n + CRYPTO_SEAL_OVERHEAD);
        if (n >= 8) assert_memory_not_equal(sealed + 1 + 24 + 16, plain, 8);
        assert_int_equal(crypto_open(out, sealed, n + CRYPTO_SEAL_OVERHEAD), (long)n);
        if (n) assert_memory_equal(out, plain, n);
        assert_int_equal(crypto_open(out, again, n + CRYPTO_SEAL_OVERHEAD), (long)n);
        free(plain);
        free(sealed);
        free(again);
        free(out);
    }
}

/* Flipping any bit of any byte (version, nonce, MAC, box), or cutting the
** message short, makes it unopenable. */
static void test_tamper_detected(void **state) {
    (void)state;
    const char *plain = "110105198503151230";
    size_t n = strlen(plain), total = n + CRYPTO_SEAL_OVERHEAD;
    unsigned char sealed[64], out[64];
    crypto_seal(sealed, plain, n);
    for (size_t i = 0; i < total; i++) {
        for (int bit = 0; bit < 8; bit++) {
            sealed[i] ^= (unsigned char)(1u << bit);
            if (crypto_open(out, sealed, total) != -1)
                fail_msg("flipping bit %d of byte %zu went unnoticed", bit, i);
            sealed[i] ^= (unsigned char)(1u << bit);
        }
    }
    for (size_t cut = 0; cut < total; cut++)
        assert_int_equal(crypto_open(out, sealed, cut), -1);
    assert_int_equal(crypto_open(out, sealed, total), (long)n);
    assert_memory_equal(out, plain, n);
}

static void test_wrong_key_refused(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    unsigned char sealed[64], out[64];
    crypto_seal(sealed, "secret", 6);
    char *text = crypto_seal_text(&a, "13812345678");
    assert_int_equal(crypto_init(key_b), 0);
    assert_int_equal(crypto_open(out, sealed, 6 + CRYPTO_SEAL_OVERHEAD), -1);
    assert_null(crypto_open_text(&a, text));
    assert_int_equal(crypto_init(key_a), 0);
    assert_int_equal(crypto_open(out, sealed, 6 + CRYPTO_SEAL_OVERHEAD), 6);
    assert_string_equal(crypto_open_text(&a, text), "13812345678");
    arena_free(&a);
}

static void test_text_helpers(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    const char *plain = "备案号 京ICP备12345678号-1 ✓";
    char *s = crypto_seal_text(&a, plain);
    assert_non_null(s);
    assert_null(strstr(s, "ICP"));
    for (const char *p = s; *p; p++) /* base64url: safe in a TEXT column and a URL */
        assert_non_null(
            strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *p));
    assert_string_equal(crypto_open_text(&a, s), plain);
    /* NULL and "" pass through unsealed. */
    assert_null(crypto_seal_text(&a, NULL));
    assert_string_equal(crypto_seal_text(&a, ""), "");
    assert_null(crypto_open_text(&a, NULL));
    assert_string_equal(crypto_open_text(&a, ""), "");
    /* Not base64, too short, or altered: NULL, never garbage. */
    assert_null(crypto_open_text(&a, "not base64 at all!"));
    assert_null(crypto_open_text(&a, "AAAA"));
    char *bad = arena_strdup(&a, s);
    size_t mid = strlen(bad) / 2;
    bad[mid] = bad[mid] == 'A' ? 'B' : 'A';
    assert_null(crypto_open_text(&a, bad));
    /* Every length opens; what sodium's base64url refuses is refused: a
    ** padding, a character outside the alphabet, a lone last character,
    ** spare bits set in the last one. */
    char text[64] = "";
    for (size_t n = 1; n < sizeof text; n++) {
        text[n - 1] = (char)('a' + n % 26);
        char *t = crypto_seal_text(&a, text);
        assert_string_equal(crypto_open_text(&a, t), text);
        unsigned char bin[128];
        size_t len = strlen(t);
        assert_int_equal(b64url_decode(t, bin, sizeof bin), (int)(len * 6 / 8));
        assert_null(crypto_open_text(&a, arena_printf(&a, "%s=", t)));
        assert_null(crypto_open_text(&a, arena_printf(&a, "%s.", t)));
        assert_null(crypto_open_text(&a, arena_printf(&a, "%sA", t)));
        char *spare = arena_strdup(&a, t);
        if (len % 4) {
            /* The last character carries 2 or 4 spare bits: set the lowest. */
            const char *abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            spare[len - 1] = abc[(strchr(abc, spare[len - 1]) - abc) | 1];
            assert_int_equal(b64url_decode(spare, bin, sizeof bin), -1);
            assert_null(crypto_open_text(&a, spare));
        }
    }
    arena_free(&a);
}

static bool all_hex(const char *s) {
    for (; *s; s++)
        if (!strchr("0123456789abcdef", *s)) return false;
    return true;
}

static void test_blind_index(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    const char *v = "91110000802100433B";
    char *i1 = crypto_blind_index(&a, "cert", v);
    assert_int_equal(strlen(i1), 32);
    assert_true(all_hex(i1));
    /* Stable: the same key, purpose and value give the same index. */
    assert_string_equal(crypto_blind_index(&a, "cert", v), i1);
    /* Another value, another index. */
    assert_string_not_equal(crypto_blind_index(&a, "cert", "91110000802100433C"), i1);
    assert_string_not_equal(crypto_blind_index(&a, "cert", ""), i1);
    /* Purposes are separate keys: the same value indexes differently. */
    char *i2 = crypto_blind_index(&a, "csrf", v);
    assert_string_not_equal(i2, i1);
    assert_string_not_equal(crypto_blind_index(&a, "phone", v), i1);
    assert_string_not_equal(crypto_blind_index(&a, "phone", v), i2);
    /* The index is the start of the purpose's MAC. */
    unsigned char mac[32], mac2[32];
    crypto_mac(mac, "cert", v, strlen(v));
    char hex[65];
    for (int k = 0; k < 16; k++)
        snprintf(hex + 2 * k, 3, "%02x", mac[k]);
    assert_string_equal(hex, i1);
    crypto_mac(mac2, "cert", v, strlen(v));
    assert_memory_equal(mac, mac2, 32);
    /* Keyed: without the master key the index cannot be recomputed. */
    assert_int_equal(crypto_init(key_b), 0);
    assert_string_not_equal(crypto_blind_index(&a, "cert", v), i1);
    assert_int_equal(crypto_init(key_a), 0);
    assert_string_equal(crypto_blind_index(&a, "cert", v), i1);
    arena_free(&a);
}

static void test_sha256_vectors(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    assert_string_equal(crypto_sha256_hex(&a, "", 0),
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_string_equal(crypto_sha256_hex(&a, "abc", 3),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_string_equal(crypto_sha256_hex(&a, two, strlen(two)),
                        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    size_t million = 1000000;
    char *as = malloc(million);
    memset(as, 'a', million);
    assert_string_equal(crypto_sha256_hex(&a, as, million),
                        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(as);
    /* Not keyed: the master key does not change it. */
    assert_int_equal(crypto_init(key_b), 0);
    assert_string_equal(crypto_sha256_hex(&a, "abc", 3),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(crypto_init(key_a), 0);
    arena_free(&a);
}

/* ---- Loading the master key ------------------------------------------- */

typedef struct KeyDir {
    char dir[256];
    char file[300];
} KeyDir;

static void keydir_open(KeyDir *k) {
    snprintf(k->dir, sizeof k->dir, "%s/beian-crypto-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(k->dir));
    snprintf(k->file, sizeof k->file, "%s/master.key", k->dir);
}

static void keydir_close(KeyDir *k) {
    unlink(k->file);
    rmdir(k->dir);
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* First start: a new key file, mode 0600, 64 hex digits; later starts read
** the same key, so what was sealed opens again. */
static void test_load_key_file(void **state) {
    (void)state;
    LogLevel lvl = log_get_level();
    log_set_level((LogLevel)(LOG_ERROR + 1)); /* the notices and refusals below are expected */
    Arena a;
    arena_init(&a);
    KeyDir k;
    keydir_open(&k);
    unsetenv("BEIAN_MASTER_KEY");
    assert_int_equal(crypto_load_key(k.dir), 0);
    struct stat st;
    assert_int_equal(stat(k.file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    FILE *f = fopen(k.file, "r");
    char hex[100] = {0};
    assert_true(fread(hex, 1, sizeof hex - 1, f) > 0);
    fclose(f);
    assert_int_equal(strlen(hex), 65);
    assert_int_equal(hex[64], '\n');
    hex[64] = 0;
    assert_true(all_hex(hex));
    char *sealed = crypto_seal_text(&a, "kept");
    char *index = crypto_blind_index(&a, "cert", "kept");
    assert_int_equal(crypto_init(key_a), 0);
    char *index_a = crypto_blind_index(&a, "cert", "kept");
    assert_string_not_equal(index_a, index); /* a new random key, not key_a */

    assert_null(crypto_open_text(&a, sealed)); /* under key_a */
    assert_int_equal(crypto_load_key(k.dir), 0);
    assert_string_equal(crypto_open_text(&a, sealed), "kept");
    assert_string_equal(crypto_blind_index(&a, "cert", "kept"), index);

    /* A damaged key file is refused, not replaced. */
    write_text(k.file, "0123 not a key\n");
    assert_int_equal(crypto_load_key(k.dir), -ERR_INTERNAL);
    write_text(k.file, KEY_A_HEX "00\n"); /* 33 bytes */
    assert_int_equal(crypto_load_key(k.dir), -ERR_INTERNAL);
    /* Surrounding white space is fine. */
    write_text(k.file, "  " KEY_A_HEX "  \n");
    assert_int_equal(crypto_init(key_b), 0);
    assert_int_equal(crypto_load_key(k.dir), 0);
    assert_string_equal(crypto_blind_index(&a, "cert", "kept"), index_a);
    keydir_close(&k);
    /* A data directory that does not exist: an error, no key. */
    assert_int_equal(crypto_load_key("/nonexistent/beian/data"), -ERR_INTERNAL);
    log_set_level(lvl);
    arena_free(&a);
}

/* BEIAN_MASTER_KEY wins over the key file and must be 64 hex digits. */
static void test_load_key_env(void **state) {
    (void)state;
    LogLevel lvl = log_get_level();
    log_set_level((LogLevel)(LOG_ERROR + 1)); /* the refusals below are expected */
    Arena a;
    arena_init(&a);
    KeyDir k;
    keydir_open(&k);
    assert_int_equal(crypto_init(key_a), 0);
    char *index_a = crypto_blind_index(&a, "cert", "x");
    assert_int_equal(crypto_init(key_b), 0);
    char *index_b = crypto_blind_index(&a, "cert", "x");

    setenv("BEIAN_MASTER_KEY", KEY_A_HEX, 1);
    assert_int_equal(crypto_load_key(k.dir), 0);
    assert_string_equal(crypto_blind_index(&a, "cert", "x"), index_a);
    assert_int_equal(access(k.file, F_OK), -1); /* no file written */

    const char *bad[] = {"xyz", KEY_A_HEX "0", "0123456789abcdef", KEY_A_HEX "00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(crypto_init(key_b), 0);
        setenv("BEIAN_MASTER_KEY", bad[i], 1);
        assert_int_equal(crypto_load_key(k.dir), -ERR_INTERNAL);
        assert_string_equal(crypto_blind_index(&a, "cert", "x"), index_b); /* unchanged */
    }
    /* Empty means unset: the key file is used (created here). */
    setenv("BEIAN_MASTER_KEY", "", 1);
    assert_int_equal(crypto_load_key(k.dir), 0);
    assert_int_equal(access(k.file, F_OK), 0);
    unsetenv("BEIAN_MASTER_KEY");
    keydir_close(&k);
    assert_int_equal(crypto_init(key_a), 0);
    log_set_level(lvl);
    arena_free(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_seal_open_round_trip, use_key_a),
        cmocka_unit_test_setup(test_tamper_detected, use_key_a),
        cmocka_unit_test_setup(test_wrong_key_refused, use_key_a),
        cmocka_unit_test_setup(test_text_helpers, use_key_a),
        cmocka_unit_test_setup(test_blind_index, use_key_a),
        cmocka_unit_test_setup(test_sha256_vectors, use_key_a),
        cmocka_unit_test_setup(test_load_key_file, use_key_a),
        cmocka_unit_test_setup(test_load_key_env, use_key_a),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
