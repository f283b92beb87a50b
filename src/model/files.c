/*
** Files attached to applications (the bytes are in the store, model/blobs.h).
*/
#include "model/files.h"

#include "core/err.h"
#include "core/util.h"

int app_file_add(Db *db, Arena *a, AppFile *f, const void *data, size_t n, const void *thumb,
                 size_t thumb_n) {
    char name[65];
    int err = blob_ref(db, a, data, n, thumb, thumb_n, name);
    if (err < 0) return err;
    f->blob = arena_strdup(a, name);
    f->size = (int64_t)n;
    f->uploaded_at = time_now();
    DbRc rc = db_insert(db, &f->id,
                        "INSERT INTO application_files (application_id, slot, side, blob, name, "
                        "mime, size, width, height, uploaded_by, uploaded_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        "ittttti"
                        "iiii",
                        f->application_id, f->slot, f->side, f->blob, f->name, f->mime, f->size,
                        (int64_t)f->width, (int64_t)f->height, f->uploaded_by, f->uploaded_at);
    return rc < 0 ? db_err(rc) : 0;
}

#define FILE_COLS                                                                                  \
    "f.id, f.application_id, f.slot, f.side, f.blob, f.name, f.mime, f.size, f.width, "            \
    "f.height, f.uploaded_by, a.login, f.uploaded_at"

static void file_row(DbStmt *st, Arena *a, AppFile *f) {
    f->id = db_col_i64(st, 0);
    f->application_id = db_col_i64(st, 1);
    f->slot = db_col_text(st, a, 2);
    f->side = db_col_text(st, a, 3);
    f->blob = db_col_text(st, a, 4);
    f->name = db_col_text(st, a, 5);
    f->mime = db_col_text(st, a, 6);
    f->size = db_col_i64(st, 7);
    f->width = (int)db_col_i64(st, 8);
    f->height = (int)db_col_i64(st, 9);
    f->uploaded_by = db_col_i64(st, 10);
    f->uploader = db_col_text(st, a, 11);
    f->uploaded_at = db_col_i64(st, 12);
}

int app_file_get(Db *db, Arena *a, int64_t app_id, int64_t file_id, AppFile *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT " FILE_COLS " FROM application_files f JOIN accounts a "
                       "ON a.id = f.uploaded_by WHERE f.id = ? AND f.application_id = ? "
                       "AND f.deleted_at IS NULL",
                       "ii", file_id, app_id);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) file_row(st, a, out);
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}

int app_files_list(Db *db, Arena *a, int64_t app_id, AppFile **out, size_t *n) {
    int64_t count = 0;
    DbRc rc = db_query_i64(db, &count,
                           "SELECT count(*) FROM application_files WHERE application_id = ? "
                           "AND deleted_at IS NULL",
                           "i", app_id);
    if (rc < 0) return db_err(rc);
    *out = ARENA_NEW(a, AppFile, (size_t)count + 1);
    *n = 0;
    DbStmt *st;
    rc = db_query(db, &st,
                  "SELECT " FILE_COLS " FROM application_files f JOIN accounts a "
                  "ON a.id = f.uploaded_by WHERE f.application_id = ? AND f.deleted_at IS NULL "
                  "ORDER BY f.slot, f.side, f.id",
                  "i", app_id);
    if (rc < 0) return db_err(rc);
    while (rc == DB_ROW && *n < (size_t)count) {
        file_row(st, a, &(*out)[(*n)++]);
        rc = db_step(st);
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

int app_file_count(Db *db, int64_t app_id, const char *slot, const char *side, int64_t *n) {
    DbRc rc = db_query_i64(db, n,
                           "SELECT count(*) FROM application_files WHERE application_id = ? "
                           "AND slot = ? AND side = ? AND deleted_at IS NULL",
                           "itt", app_id, slot, side);
    return rc < 0 ? db_err(rc) : 0;
}

int app_file_delete(Db *db, int64_t app_id, int64_t file_id) {
    Arena a;
    arena_init(&a);
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "UPDATE application_files SET deleted_at = ? WHERE id = ? AND "
                       "application_id = ? AND deleted_at IS NULL RETURNING blob",
                       "iii", time_now(), file_id, app_id);
    char *blob = rc == DB_ROW ? db_col_text(st, &a, 0) : NULL;
    if (rc >= 0) db_done(st);
    int err = rc < 0 ? db_err(rc) : blob ? blob_unref(db, blob) : 0;
    arena_free(&a);
    return err;
}

int app_file_bytes_of(Db *db, int64_t account_id, int64_t *bytes) {
    DbRc rc = db_query_i64(db, bytes,
                           "SELECT coalesce(sum(size), 0) FROM application_files "
                           "WHERE uploaded_by = ? AND deleted_at IS NULL",
                           "i", account_id);
    return rc < 0 ? db_err(rc) : 0;
}
