/*
** Sealing and naming of stored content (scans, photos, thumbnails). A
** content is named by HMAC-SHA256 of its plaintext under a key derived
** from the master key: equal contents get equal names (so they are kept
** once), and a name reveals nothing about the content to someone without
** the key (a plain SHA-256 would confirm a guessed document). The sealed
** form is crypto_seal's output. Where the sealed bytes live is the
** model's business (model/blobs.h: in the database).
*/
#ifndef BEIAN_DOCS_CONTENT_H
#define BEIAN_DOCS_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

/* Largest plaintext the store accepts. */
#define CONTENT_MAX_BYTES (64u * 1024 * 1024)

/* The 64 lower-case hex digits naming data[0..n). The master key must be set. */
void content_name(const void *data, size_t n, char hex[65]);

/* Seal n bytes into the arena; *sealed_n = n + CRYPTO_SEAL_OVERHEAD. */
unsigned char *content_seal(Arena *a, const void *data, size_t n, size_t *sealed_n);

/* Open sealed bytes into the arena (*data NUL-terminated, not counted in
** *n) and check that they are the content called name (NULL: no check).
** Returns 0 or -ERR_STORE_TAMPERED (altered, another key, or other
** content under this name). */
int content_open(Arena *a, const char *name, const void *sealed, size_t sealed_n, void **data,
                 size_t *n);

#endif
