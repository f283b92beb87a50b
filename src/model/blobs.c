/*
** The file store in the database (model/blobs.h).
*/
#include "model/blobs.h"

#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "docs/content.h"

static int write_chunks(Db *db, Arena *a, int64_t id, const void *data, size_t n) {
    size_t sealed_n;
    unsigned char *sealed = content_seal(a, data, n, &sealed_n);
    for (size_t off = 0, seq = 0; off < sealed_n; off += BLOB_CHUNK, seq++) {
        size_t len = sealed_n - off < BLOB_CHUNK ? sealed_n - off : BLOB_CHUNK;
        DbRc rc = db_exec(db, "INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, ?, ?)",
                          "iib", id, (int64_t)seq, (const void *)(sealed + off), len);
        if (rc < 0) return db_err(rc);
    }
    return 0;
}

static int set_thumb(Db *db, Arena *a, int64_t id, const void *thumb, size_t thumb_n) {
    if (!thumb) return 0;
    size_t sn;
    unsigned char *sealed = content_seal(a, thumb, thumb_n, &sn);
    DbRc rc = db_exec(db, "UPDATE blobs SET thumb = ? WHERE id = ? AND thumb IS NULL", "bi",
                      (const void *)sealed, sn, id);
    return rc < 0 ? db_err(rc) : 0;
}

int blob_ref(Db *db, Arena *a, const void *data, size_t n, const void *thumb, size_t thumb_n,
             char name[65]) {
    name[0] = 0;
    if (n > CONTENT_MAX_BYTES) return -ERR_STORE_TOO_LARGE;
    char hex[65];
    content_name(data, n, hex);
    /* Taken or made: a blob another transaction makes at the same moment
    ** is found on the next turn (or this transaction is retried). */
    for (int turn = 0; turn < 3; turn++) {
        int64_t id = 0;
        DbRc rc = db_query_i64(
            db, &id, "UPDATE blobs SET refs = refs + 1 WHERE name = ? RETURNING id", "t", hex);
        if (rc < 0) return db_err(rc);
        int err = 0;
        if (rc == DB_ROW) {
            err = set_thumb(db, a, id, thumb, thumb_n);
        } else {
            rc =
                db_query_i64(db, &id,
                             "INSERT INTO blobs (name, size, refs, created_at) VALUES (?, ?, 1, ?) "
                             "ON CONFLICT (name) DO NOTHING RETURNING id",
                             "tii", hex, (int64_t)n, time_now());
            if (rc < 0) return db_err(rc);
            if (rc != DB_ROW) continue;
            err = write_chunks(db, a, id, data, n);
            if (err == 0) err = set_thumb(db, a, id, thumb, thumb_n);
        }
        if (err == 0) memcpy(name, hex, 65);
        return err;
    }
    return -ERR_DB_RETRY;
}

int blob_unref(Db *db, const char *name) {
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "UPDATE blobs SET refs = refs - 1 WHERE name = ? AND refs > 0 "
                       "RETURNING id, refs",
                       "t", name);
    if (rc < 0) return db_err(rc);
    int64_t id = rc == DB_ROW ? db_col_i64(st, 0) : 0, refs = rc == DB_ROW ? db_col_i64(st, 1) : 1;
    db_done(st);
    if (!id) {
        log_warn("file store: %.12s… is not stored (a row without its blob)", name);
        return 0;
    }
    if (refs > 0) return 0;
    rc = db_exec(db, "DELETE FROM blob_chunks WHERE blob_id = ?", "i", id);
    if (rc >= 0) rc = db_exec(db, "DELETE FROM blobs WHERE id = ?", "i", id);
    return rc < 0 ? db_err(rc) : 0;
}

int blob_read(Db *db, Arena *a, const char *name, void **data, size_t *n) {
    *data = NULL;
    *n = 0;
    int64_t id = 0, size = 0;
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT id, size FROM blobs WHERE name = ?", "t", name);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) id = db_col_i64(st, 0), size = db_col_i64(st, 1);
    db_done(st);
    if (!id) return -ERR_STORE_NOT_FOUND;
    if (size < 0 || (uint64_t)size > CONTENT_MAX_BYTES) return -ERR_STORE_TAMPERED;
    size_t cap = (size_t)size + CRYPTO_SEAL_OVERHEAD, got = 0;
    unsigned char *sealed = arena_alloc(a, cap);
    rc = db_query(db, &st, "SELECT data FROM blob_chunks WHERE blob_id = ? ORDER BY seq", "i", id);
    if (rc < 0) return db_err(rc);
    bool fits = true;
    Arena chunk;
    arena_init(&chunk);
    for (; rc == DB_ROW; rc = db_step(st)) {
        size_t len;
        const void *p = db_col_blob(st, &chunk, 0, &len);
        if (len > cap - got) {
            fits = false;
            break;
        }
        memcpy(sealed + got, p, len);
        got += len;
        arena_reset(&chunk);
    }
    arena_free(&chunk);
    db_done(st);
    if (rc < 0) return db_err(rc);
    if (!fits || got != cap) return -ERR_STORE_TAMPERED;
    return content_open(a, name, sealed, got, data, n);
}

int blob_thumb(Db *db, Arena *a, const char *name, void **data, size_t *n) {
    *data = NULL;
    *n = 0;
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT thumb FROM blobs WHERE name = ? AND thumb IS NOT NULL", "t",
                       name);
    if (rc < 0) return db_err(rc);
    if (rc != DB_ROW) {
        db_done(st);
        return -ERR_NOT_FOUND;
    }
    size_t sn;
    void *sealed = db_col_blob(st, a, 0, &sn);
    db_done(st);
    return content_open(a, NULL, sealed, sn, data, n);
}

int blob_set_thumb(Db *db, Arena *a, const char *name, const void *thumb, size_t thumb_n) {
    size_t sn;
    unsigned char *sealed = content_seal(a, thumb, thumb_n, &sn);
    DbRc rc = db_exec(db, "UPDATE blobs SET thumb = ? WHERE name = ? AND thumb IS NULL", "bt",
                      (const void *)sealed, sn, name);
    return rc < 0 ? db_err(rc) : 0;
}

int blob_recount(Db *db, const char *name) {
    DbRc rc = db_exec(db,
                      "UPDATE blobs SET refs = (SELECT count(*) FROM application_files "
                      "WHERE blob = ? AND deleted_at IS NULL) WHERE name = ?",
                      "tt", name, name);
    return rc < 0 ? db_err(rc) : 0;
}

/* ---- Files from before migration 0011 ---------------------------------- */

typedef struct Legacy {
    Arena *a;
    const char *after;
    const char **names; /* out: up to LEGACY_BATCH */
    size_t n;
    const void *data; /* one file to move */
    size_t len;
    const char *sha;
} Legacy;

#define LEGACY_BATCH 100

/* Names of current rows that no blob holds yet, after l->after. */
static int legacy_batch(Db *db, void *ctx) {
    Legacy *l = ctx;
    l->n = 0;
    l->names = ARENA_NEW(l->a, const char *, LEGACY_BATCH);
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT DISTINCT f.blob FROM application_files f WHERE f.blob > ? AND "
                       "f.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM blobs b WHERE "
                       "b.name = f.blob) ORDER BY f.blob LIMIT 100",
                       "t", l->after);
    for (; rc == DB_ROW && l->n < LEGACY_BATCH; rc = db_step(st))
        l->names[l->n++] = db_col_text(st, l->a, 0);
    if (rc >= 0) db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

static int legacy_move(Db *db, void *ctx) {
    Legacy *l = ctx;
    char name[65];
    int rc = blob_ref(db, l->a, l->data, l->len, NULL, 0, name);
    if (rc < 0) return rc;
    DbRc d =
        db_exec(db, "UPDATE application_files SET blob = ? WHERE blob = ?", "tt", name, l->sha);
    if (d < 0) return db_err(d);
    return blob_recount(db, name);
}

int blob_import_legacy(Db *db, Store *legacy, int64_t *moved) {
    *moved = 0;
    Arena a;
    arena_init(&a);
    Legacy l = {.a = &a, .after = ""};
    char *after = NULL;
    int rc = 0;
    for (;;) {
        arena_reset(&a);
        if ((rc = db_tx_read(db, legacy_batch, &l)) < 0 || l.n == 0) break;
        const char **names = l.names;
        size_t n = l.n;
        for (size_t i = 0; i < n && rc == 0; i++) {
            void *data;
            size_t len;
            int got = legacy && store_name_valid(names[i])
                          ? store_get(legacy, &a, names[i], &data, &len)
                          : -ERR_STORE_NOT_FOUND;
            if (got < 0) {
                log_error("file store: %.12s… from before 0011 cannot be moved: %s", names[i],
                          err_name(got));
                continue;
            }
            l.data = data, l.len = len, l.sha = names[i];
            rc = db_tx(db, legacy_move, &l);
            if (rc == 0) ++*moved;
        }
        free(after);
        l.after = after = xstrdup(names[n - 1]);
    }
    free(after);
    arena_free(&a);
    return rc;
}
