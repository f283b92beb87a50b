/*
** The file store: the sealed bytes of every scan and photo, in the
** database (tables blobs and blob_chunks, migration 0011), on SQLite and on
** PostgreSQL alike, so a server node keeps no state of its own and a
** backup of the database is a backup of the files.
**
** A blob is named by the keyed hash of its plaintext (docs/content.h), so
** equal contents are kept once. Its reference count is the number of
** current rows naming it, and it changes only inside the transaction that
** adds or removes such a row: blob_ref before inserting the row,
** blob_unref after marking it deleted. The transaction that takes the
** count to 0 erases the bytes. So a committed row always has its bytes
** (an acknowledged upload is never lost to a delete of equal content that
** raced it), and bytes nothing names do not stay behind. On PostgreSQL
** (SERIALIZABLE) two transactions that race on one blob conflict, and one
** is retried by db_tx; on SQLite writers are serialised.
*/
#ifndef BEIAN_MODEL_BLOBS_H
#define BEIAN_MODEL_BLOBS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "docs/store.h"

/* Sealed bytes are stored in chunks of at most this size. */
#define BLOB_CHUNK (1024 * 1024)

/* One more reference to the content data[0..n), stored when no blob holds
** it yet; thumb[0..thumb_n) (a JPEG, or NULL) is kept with the blob when it
** has none. name gets the blob's name. Call inside the transaction that
** inserts the row naming it. Returns 0, -ERR_STORE_TOO_LARGE or a
** database error. */
int blob_ref(Db *db, Arena *a, const void *data, size_t n, const void *thumb, size_t thumb_n,
             char name[65]);
/* One reference fewer (inside the transaction that deletes the row); the
** blob is erased with its last reference. An unknown name is logged and
** ignored. */
int blob_unref(Db *db, const char *name);
/* The plaintext of blob name (NUL-terminated, not counted in *n).
** Returns 0, -ERR_STORE_NOT_FOUND or -ERR_STORE_TAMPERED. */
int blob_read(Db *db, Arena *a, const char *name, void **data, size_t *n);
/* Its thumbnail: 0, or -ERR_NOT_FOUND when it has none. */
int blob_thumb(Db *db, Arena *a, const char *name, void **data, size_t *n);
/* Keep a thumbnail with blob name when it has none. */
int blob_set_thumb(Db *db, Arena *a, const char *name, const void *thumb, size_t thumb_n);
/* Set a blob's count to the rows that name it (for rows written in bulk). */
int blob_recount(Db *db, const char *name);

/* Move the files of a data directory from before migration 0011 (the
** disk store, named by SHA-256) into the database, renaming the rows that
** name them. Each file is moved in its own transaction; safe to rerun.
** *moved gets how many; a file that is missing or damaged is logged and
** its rows are left as they are (they answer "not found"). */
int blob_import_legacy(Db *db, Store *legacy, int64_t *moved);

#endif
