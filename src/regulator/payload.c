/*
** The payload pipeline: GBK, base64, MD5, AES and the encode/decode of a
** data file (see payload.h). The zip container is in payload_zip.c.
*/
#include "regulator/payload.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "regulator/regcrypto.h"

/* ------------------------------------------------------------------ GBK */

/* Convert n bytes between two charsets with a private iconv handle (iconv_t
** is not shareable between threads). */
static int charset_convert(Arena *a, const char *to, const char *from, const char *s, size_t n,
                           char **out, size_t *outn) {
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1) return -ERR_REG_CHARSET;
    Buf b;
    buf_init(&b, a);
    buf_reserve(&b, n + n / 2 + 16);
    char *in = (char *)s;
    size_t left = n;
    int rc = 0;
    while (left > 0) {
        char *dst = b.data + b.len;
        size_t room = b.cap - b.len - 1;
        size_t r = iconv(cd, &in, &left, &dst, &room);
        b.len = (size_t)(dst - b.data);
        if (r != (size_t)-1) break;
        if (errno != E2BIG) {
            rc = -ERR_REG_CHARSET; /* EILSEQ: no such character; EINVAL: cut short */
            break;
        }
        buf_reserve(&b, left * 2 + 16);
    }
    iconv_close(cd);
    if (rc) return rc;
    b.data[b.len] = 0;
    *outn = b.len;
    *out = buf_take(&b);
    return 0;
}

int payload_gbk_encode(Arena *a, const char *s, size_t n, char **out, size_t *outn) {
    if (!utf8_valid(s, n)) return -ERR_REG_CHARSET;
    return charset_convert(a, "GBK", "UTF-8", s, n, out, outn);
}

int payload_gbk_decode(Arena *a, const char *s, size_t n, char **out, size_t *outn) {
    return charset_convert(a, "UTF-8", "GBK", s, n, out, outn);
}

/* --------------------------------------------------------------- base64 */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *payload_b64_encode(Arena *a, const void *p, size_t n) {
    const uint8_t *s = p;
    char *out = arena_alloc(a, (n + 2) / 3 * 4 + 1), *o = out;
    size_t i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
        *o++ = b64_alphabet[v >> 18];
        *o++ = b64_alphabet[(v >> 12) & 63];
        *o++ = b64_alphabet[(v >> 6) & 63];
        *o++ = b64_alphabet[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0);
        *o++ = b64_alphabet[v >> 18];
        *o++ = b64_alphabet[(v >> 12) & 63];
        *o++ = i + 1 < n ? b64_alphabet[(v >> 6) & 63] : '=';
        *o++ = '=';
    }
    *o = 0;
    return out;
}

/* Value of a base64 digit, -1 for anything else. */
static int b64_value(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

int payload_b64_decode(Arena *a, const char *s, size_t n, uint8_t **out, size_t *outn) {
    uint8_t *o = arena_alloc(a, n / 4 * 3 + 4);
    size_t len = 0, digits = 0, pad = 0;
    uint32_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (c == '=') {
            pad++;
            if (pad > 2) return -ERR_REG_BASE64;
            continue;
        }
        int v = b64_value(c);
        if (v < 0 || pad) return -ERR_REG_BASE64; /* a digit after padding */
        acc = acc << 6 | (uint32_t)v;
        if (++digits % 4 == 0) {
            o[len++] = (uint8_t)(acc >> 16);
            o[len++] = (uint8_t)(acc >> 8);
            o[len++] = (uint8_t)acc;
            acc = 0;
        }
    }
    size_t tail = digits % 4;
    if (tail == 1 || (tail == 0 && pad) || (tail && tail + pad != 4)) return -ERR_REG_BASE64;
    if (tail == 2) o[len++] = (uint8_t)(acc >> 4);
    if (tail == 3) {
        o[len++] = (uint8_t)(acc >> 10);
        o[len++] = (uint8_t)(acc >> 2);
    }
    o[len] = 0;
    *out = o;
    *outn = len;
    return 0;
}

/* ------------------------------------------------------------ MD5, AES */

char *payload_md5_b64(Arena *a, const void *p, size_t n) {
    uint8_t md[16];
    regcrypto_md5(p, n, md);
    return payload_b64_encode(a, md, 16);
}

int payload_key_set(PayloadKey *k, const char *key, const char *iv) {
    if (!key || !iv || strlen(key) != 16 || strlen(iv) != 16) return -ERR_REG_KEY;
    memcpy(k->key, key, 16);
    memcpy(k->iv, iv, 16);
    return 0;
}

/* One AES-128-CBC pass; enc true encrypts. */
static int aes_run(Arena *a, const PayloadKey *k, bool enc, const void *p, size_t n, uint8_t **out,
                   size_t *outn) {
    uint8_t *o = arena_alloc(a, n + 32);
    long len = regcrypto_aes128cbc(enc, k->key, k->iv, p, n, o);
    if (len < 0) return enc ? -ERR_REG_TOO_LARGE : -ERR_REG_DECRYPT;
    o[len] = 0;
    *out = o;
    *outn = (size_t)len;
    return 0;
}

int payload_aes_encrypt(Arena *a, const PayloadKey *k, const void *p, size_t n, uint8_t **out,
                        size_t *outn) {
    return aes_run(a, k, true, p, n, out, outn);
}

int payload_aes_decrypt(Arena *a, const PayloadKey *k, const void *p, size_t n, uint8_t **out,
                        size_t *outn) {
    if (n == 0 || n % 16) return -ERR_REG_DECRYPT;
    return aes_run(a, k, false, p, n, out, outn);
}

/* ------------------------------------------------------------- pipeline */

/* The algorithm codes must be ones V3.0 defines (msg_codes 9, 10, 11). */
static int opts_check(const PayloadOpts *o) {
    if (o->hash_alg != REG_HASH_MD5) return -ERR_REG_HASH_TYPE;
    if (o->compression != REG_COMPRESS_ZIP) return -ERR_REG_COMPRESS_TYPE;
    if (o->encrypt != REG_ENCRYPT_NONE && o->encrypt != REG_ENCRYPT_AES)
        return -ERR_REG_ENCRYPT_TYPE;
    if (o->encrypt == REG_ENCRYPT_AES && !o->key) return -ERR_REG_KEY;
    return 0;
}

int payload_encode(Arena *a, const char *xml, const char *name, const PayloadOpts *o, char **info,
                   char **info_hash) {
    int rc = opts_check(o);
    if (rc) return rc;
    if (!payload_name_ok(name)) return -ERR_REG_FILE_NAME;
    size_t n = strlen(xml);
    if (n > PAYLOAD_MAX_XML) return -ERR_REG_TOO_LARGE;
    char *gbk;
    size_t gbkn;
    if ((rc = payload_gbk_encode(a, xml, n, &gbk, &gbkn))) return rc;
    uint8_t *zip, *body;
    size_t zipn, bodyn;
    if ((rc = payload_zip(a, name, gbk, gbkn, o->mtime ? o->mtime : time_now(), &zip, &zipn)))
        return rc;
    *info_hash = payload_md5_b64(a, zip, zipn);
    body = zip, bodyn = zipn;
    if (o->encrypt == REG_ENCRYPT_AES &&
        (rc = payload_aes_encrypt(a, o->key, zip, zipn, &body, &bodyn)))
        return rc;
    *info = payload_b64_encode(a, body, bodyn);
    return 0;
}

/* The charset a data file declares in its prolog: GBK unless it says UTF-8
** or GB18030 (the interface says GBK; a bureau may send either superset). */
static const char *xml_charset(const char *s, size_t n) {
    if (n < 5 || memcmp(s, "<?xml", 5) != 0) return "GBK";
    const char *end = memchr(s, '>', n);
    const char *e = memmem(s, end ? (size_t)(end - s) : n, "encoding", 8);
    if (!e) return "GBK";
    e += 8;
    while (*e == ' ' || *e == '=' || *e == '"' || *e == '\'')
        e++;
    if (strncasecmp(e, "UTF-8", 5) == 0) return "UTF-8";
    if (strncasecmp(e, "GB18030", 7) == 0) return "GB18030";
    return "GBK";
}

/* Decrypt (when asked) and check the MD5 of the compressed bytes. */
static int decode_body(Arena *a, const char *info, const char *info_hash, const PayloadOpts *o,
                       size_t max, uint8_t **zip, size_t *zipn) {
    size_t n = strlen(info);
    if (n > max / 3 * 4 + max / 16 + 1024) return -ERR_REG_TOO_LARGE; /* base64 + line breaks */
    uint8_t *body, *want;
    size_t bodyn, wantn;
    int rc = payload_b64_decode(a, info, n, &body, &bodyn);
    if (rc) return rc;
    if (payload_b64_decode(a, info_hash, strlen(info_hash), &want, &wantn) || wantn != 16)
        return -ERR_REG_HASH;
    if (o->encrypt == REG_ENCRYPT_AES &&
        (rc = payload_aes_decrypt(a, o->key, body, bodyn, &body, &bodyn)))
        return rc;
    uint8_t md[16];
    regcrypto_md5(body, bodyn, md);
    if (!regcrypto_equal(md, want, 16)) return -ERR_REG_HASH;
    *zip = body;
    *zipn = bodyn;
    return 0;
}

int payload_decode(Arena *a, const char *info, const char *info_hash, const PayloadOpts *o,
                   PayloadFile *out) {
    int rc = opts_check(o);
    if (rc) return rc;
    size_t max = o->max_xml ? o->max_xml : PAYLOAD_MAX_XML;
    uint8_t *zip, *raw;
    size_t zipn, rawn;
    if ((rc = decode_body(a, info, info_hash, o, max, &zip, &zipn))) return rc;
    if ((rc = payload_unzip(a, zip, zipn, max, &out->name, &raw, &rawn))) return rc;
    const char *cs = xml_charset((const char *)raw, rawn);
    if (strcmp(cs, "UTF-8") == 0) {
        if (!utf8_valid((const char *)raw, rawn)) return -ERR_REG_CHARSET;
        out->xml = (char *)raw;
        out->len = rawn;
        return 0;
    }
    return charset_convert(a, "UTF-8", cs, (const char *)raw, rawn, &out->xml, &out->len);
}
