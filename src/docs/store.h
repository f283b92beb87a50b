/*
** The one store for every file Beian keeps (scans, photos, generated forms).
** Files are named by the SHA-256 of their plaintext, so storing the same
** content twice keeps one file, and a name says exactly what it holds. Each
** file is encrypted at rest with crypto_seal (the master key must be set with
** crypto_init or crypto_load_key first) and lives at <dir>/ab/cd/<hash>,
** written atomically (temporary file in the same directory, fsync, rename,
** fsync of the directory). Files are 0600, directories 0700.
**
** A Store may be shared by all threads. The database keeps only the hash.
*/
#ifndef BEIAN_DOCS_STORE_H
#define BEIAN_DOCS_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

typedef struct Store Store;

/* Largest plaintext the store accepts. */
#define STORE_MAX_BYTES (64u * 1024 * 1024)

/* Open the store kept in dir, creating dir (mode 0700) when it does not
** exist (its parent must). Returns 0 and *out, to be released with
** store_close; -ERR_STORE_NO_KEY when no master key is set; -ERR_STORE_IO. */
int store_open(const char *dir, Store **out);
void store_close(Store *s);

/* Store n bytes; hex_out receives the 64-digit lower-case SHA-256 that names
** them. Idempotent: content already present is not written again. Returns 0,
** -ERR_STORE_TOO_LARGE or -ERR_STORE_IO. */
int store_put(Store *s, const void *data, size_t n, char hex_out[65]);

/* Read and decrypt the file named sha256_hex into the arena (*data is also
** NUL-terminated, not counted in *n). Returns 0; -ERR_STORE_BAD_NAME for a
** string that is not 64 lower-case hex digits; -ERR_STORE_NOT_FOUND;
** -ERR_STORE_TAMPERED when the file does not decrypt or its content no
** longer hashes to its name; -ERR_STORE_IO. */
int store_get(Store *s, Arena *a, const char *sha256_hex, void **data, size_t *n);

/* True when a file of that name is present (a malformed name is not). */
bool store_exists(Store *s, const char *sha256_hex);

/* Remove a file (retention clean-up). Returns 0, -ERR_STORE_BAD_NAME,
** -ERR_STORE_NOT_FOUND or -ERR_STORE_IO. */
int store_delete(Store *s, const char *sha256_hex);

/* True when s is 64 lower-case hexadecimal digits. */
bool store_name_valid(const char *s);

#endif
