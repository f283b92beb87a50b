/*
** Versions of the texts of the printed agreement and letter.
*/
#include "model/text_versions.h"

#include "core/err.h"
#include "core/util.h"

static void text_row(DbStmt *st, Arena *a, TextVersion *t) {
    t->id = db_col_i64(st, 0);
    t->kind = db_col_text(st, a, 1);
    t->version = (int)db_col_i64(st, 2);
    t->text = db_col_text(st, a, 3);
    t->author = db_col_text(st, a, 4);
    t->created_at = db_col_i64(st, 5);
}

#define TEXT_SELECT                                                                                \
    "SELECT t.id, t.kind, t.version, t.text, a.login, t.created_at FROM form_texts t "             \
    "LEFT JOIN accounts a ON a.id = t.created_by WHERE t.kind = ? ORDER BY t.version DESC"

int text_version_latest(Db *db, Arena *a, const char *kind, TextVersion *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, TEXT_SELECT " LIMIT 1", "t", kind);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) text_row(st, a, out);
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}

int text_versions_list(Db *db, Arena *a, const char *kind, TextVersion **out, size_t *n) {
    int64_t count = 0;
    DbRc rc = db_query_i64(db, &count, "SELECT count(*) FROM form_texts WHERE kind = ?", "t", kind);
    if (rc < 0) return db_err(rc);
    *out = ARENA_NEW(a, TextVersion, (size_t)count + 1);
    *n = 0;
    DbStmt *st;
    rc = db_query(db, &st, TEXT_SELECT, "t", kind);
    if (rc < 0) return db_err(rc);
    while (rc == DB_ROW && *n < (size_t)count) {
        text_row(st, a, &(*out)[(*n)++]);
        rc = db_step(st);
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

int text_version_add(Db *db, const char *kind, const char *text, int64_t admin_id, int *version) {
    int64_t v = 0;
    DbRc rc = db_query_i64(
        db, &v, "SELECT COALESCE(max(version), 0) FROM form_texts WHERE kind = ?", "t", kind);
    if (rc < 0) return db_err(rc);
    int64_t id;
    rc = db_insert(db, &id,
                   "INSERT INTO form_texts (kind, version, text, created_by, created_at) "
                   "VALUES (?, ?, ?, ?, ?) RETURNING id",
                   "titii", kind, v + 1, text, admin_id, time_now());
    if (rc < 0) return db_err(rc);
    *version = (int)(v + 1);
    return 0;
}

int text_versions_page(Db *db, void *ctx) {
    TextVersionsPage *op = ctx;
    return text_versions_list(db, op->a, op->kind, &op->versions, &op->n);
}

int text_version_save(Db *db, void *ctx) {
    TextVersionSave *op = ctx;
    int rc = text_version_add(db, op->kind, op->text, op->who.id, &op->version);
    if (rc == 0)
        rc = audit_write(db, &op->who, "form_text.save", "form_text", op->version, op->kind);
    return rc;
}
