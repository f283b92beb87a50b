/*
** The payload pipeline of the MIIT provider interface (V3.0 §3): a data file
** travels as beianInfo + beianInfoHash, made as
**
**     XML (UTF-8 here) -> GBK -> zip with one entry -> MD5 of the zip bytes,
**     base64 = beianInfoHash -> AES-128-CBC/PKCS5 when encryptAlgorithm = 1
**     -> base64 = beianInfo
**
** and read back in the reverse order, the hash checked before unzipping.
** Each step is also available on its own. Everything returned lives in the
** caller's arena; functions return 0 or a negative ErrCode whose spec code
** regulator_err_code() gives (6 decrypt, 7 hash, 8 unzip, 9/10/11 unknown
** algorithm, 17 not one file, 18 too large). Thread-safe.
*/
#ifndef BEIAN_REGULATOR_PAYLOAD_H
#define BEIAN_REGULATOR_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

/* Algorithm codes of the interface (hashAlgorithm, compressionFormat,
** encryptAlgorithm). V3.0 defines no others. */
enum {
    REG_HASH_MD5 = 0,
    REG_COMPRESS_ZIP = 0,
    REG_ENCRYPT_NONE = 0,
    REG_ENCRYPT_AES = 1,
};

/* A data file holds at most 50 MB (msg_code 18). */
#define PAYLOAD_MAX_XML ((size_t)50 << 20)
/* Data file names: letters and digits (we also allow . _ -), at most 128. */
#define PAYLOAD_NAME_MAX 128

/* The bureau-issued AES key and IV ("key offset"), 16 raw bytes each. */
typedef struct PayloadKey {
    uint8_t key[16];
    uint8_t iv[16];
} PayloadKey;

typedef struct PayloadOpts {
    int hash_alg;          /* REG_HASH_MD5 */
    int compression;       /* REG_COMPRESS_ZIP */
    int encrypt;           /* REG_ENCRYPT_NONE or REG_ENCRYPT_AES */
    const PayloadKey *key; /* needed with REG_ENCRYPT_AES */
    int64_t mtime;         /* encode: the entry's time (Unix seconds); 0: now */
    size_t max_xml;        /* decode: bound on the unzipped file; 0: PAYLOAD_MAX_XML */
} PayloadOpts;

/* One decoded data file. */
typedef struct PayloadFile {
    char *xml;  /* UTF-8, NUL-terminated; its prolog still names GBK */
    size_t len; /* bytes of xml */
    char *name; /* the zip entry's name */
} PayloadFile;

/* Encode an XML document (UTF-8) as the file `name`: *info and *info_hash
** receive the two base64 strings, in the arena. Errors: -ERR_REG_CHARSET
** (text GBK cannot carry), -ERR_REG_FILE_NAME, -ERR_REG_TOO_LARGE,
** -ERR_REG_HASH_TYPE / _COMPRESS_TYPE / _ENCRYPT_TYPE, -ERR_REG_KEY. */
int payload_encode(Arena *a, const char *xml, const char *name, const PayloadOpts *o, char **info,
                   char **info_hash);

/* Decode beianInfo/beianInfoHash into *out (arena). The hash is checked on
** the compressed bytes before anything is unzipped. */
int payload_decode(Arena *a, const char *info, const char *info_hash, const PayloadOpts *o,
                   PayloadFile *out);

/* Make a PayloadKey from the two 16-character strings a bureau issues, used
** as raw bytes (as NetEase's client did). -ERR_REG_KEY unless both are 16. */
int payload_key_set(PayloadKey *k, const char *key, const char *iv);

/* ----------------------------------------------------------- the steps */

/* UTF-8 -> GBK and back (glibc iconv). Output NUL-terminated in the arena.
** -ERR_REG_CHARSET on input that is invalid or has no GBK form. */
int payload_gbk_encode(Arena *a, const char *s, size_t n, char **out, size_t *outn);
int payload_gbk_decode(Arena *a, const char *s, size_t n, char **out, size_t *outn);

/* Standard base64 with padding. Decoding ignores white space (line breaks
** of MIME-style encoders) and refuses anything else that is not base64:
** -ERR_REG_BASE64. The decoded bytes are NUL-terminated for convenience. */
char *payload_b64_encode(Arena *a, const void *p, size_t n);
int payload_b64_decode(Arena *a, const char *s, size_t n, uint8_t **out, size_t *outn);

/* base64 of the MD5 digest of n bytes (beianInfoHash, pwdHash). */
char *payload_md5_b64(Arena *a, const void *p, size_t n);

/* AES-128-CBC with PKCS#5 padding. Decrypt fails (-ERR_REG_DECRYPT) on a
** length that is not a positive multiple of 16 or on bad padding. */
int payload_aes_encrypt(Arena *a, const PayloadKey *k, const void *p, size_t n, uint8_t **out,
                        size_t *outn);
int payload_aes_decrypt(Arena *a, const PayloadKey *k, const void *p, size_t n, uint8_t **out,
                        size_t *outn);

/* True when name is a data file name this codec writes and accepts:
** 1..PAYLOAD_NAME_MAX of A-Z a-z 0-9 . _ - and not starting with a dot. */
bool payload_name_ok(const char *name);

/* A zip archive holding one deflated entry (payload_zip.c). The entry's time
** is mtime shown in China Standard Time. */
int payload_zip(Arena *a, const char *name, const void *p, size_t n, int64_t mtime, uint8_t **out,
                size_t *outn);

/* Read the only entry of a zip archive. Refuses archives with other than one
** entry (-ERR_REG_ZIP_ENTRIES), an entry that would unzip to more than max
** bytes (-ERR_REG_TOO_LARGE), and encrypted, zip64, multi-disk or
** non-deflate/stored entries, a bad CRC, sizes that disagree or a bad name
** (-ERR_REG_UNZIP). *data is NUL-terminated. */
int payload_unzip(Arena *a, const void *zip, size_t n, size_t max, char **name, uint8_t **data,
                  size_t *len);

#endif
