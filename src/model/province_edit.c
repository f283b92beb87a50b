/*
** Province rules edited by admins, with their history.
*/
#include "model/province_edit.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"

#define ROW_SELECT                                                                                 \
    "SELECT p.code, p.data, p.updated_at, a.login, (SELECT count(*) FROM province_rules_history "  \
    "h WHERE h.code = p.code) FROM province_rules p LEFT JOIN accounts a ON a.id = p.updated_by"

/* A JSON text into rules (strings in the arena). */
static int rules_of_text(Arena *a, const char *text, ProvinceRules *out) {
    json_t *o = text ? json_loads(text, 0, NULL) : NULL;
    int rc = province_rules_parse(a, o, out);
    json_decref(o);
    return rc < 0 ? -ERR_INTERNAL : 0; /* stored documents were checked */
}

static int province_row(DbStmt *st, Arena *a, ProvinceRow *r) {
    r->updated_at = db_col_i64(st, 2);
    r->updated_by = db_col_text(st, a, 3);
    r->version = (int)db_col_i64(st, 4);
    return rules_of_text(a, db_col_text(st, a, 1), &r->rules);
}

int provinces_page(Db *db, void *ctx) {
    ProvincesPage *op = ctx;
    op->n = 0;
    int64_t count = 0;
    DbRc rc = db_query_i64(db, &count, "SELECT count(*) FROM province_rules", NULL);
    if (rc < 0) return db_err(rc);
    op->rows = ARENA_NEW(op->a, ProvinceRow, (size_t)count + 1);
    DbStmt *st;
    rc = db_query(db, &st, ROW_SELECT " ORDER BY p.code", NULL);
    if (rc < 0) return db_err(rc);
    int err = 0;
    for (; rc == DB_ROW && !err && op->n < (size_t)count; rc = db_step(st))
        err = province_row(st, op->a, &op->rows[op->n++]);
    db_done(st);
    return rc < 0 ? db_err(rc) : err;
}

/* One province's row; -ERR_NOT_FOUND for a code with none. */
static int province_get(Db *db, Arena *a, int code, ProvinceRow *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, ROW_SELECT " WHERE p.code = ?", "i", (int64_t)code);
    if (rc < 0) return db_err(rc);
    int err = rc == DB_ROW ? province_row(st, a, out) : -ERR_NOT_FOUND;
    db_done(st);
    return err;
}

#define VERSION_SELECT                                                                             \
    "SELECT h.id, h.updated_at, a.login, h.data FROM province_rules_history h "                    \
    "LEFT JOIN accounts a ON a.id = h.updated_by WHERE h.code = ?"

int province_page(Db *db, void *ctx) {
    ProvincePage *op = ctx;
    op->n = 0;
    int rc = province_get(db, op->a, op->code, &op->row);
    if (rc < 0) return rc;
    op->versions = ARENA_NEW(op->a, ProvinceVersion, (size_t)op->row.version + 1);
    DbStmt *st;
    DbRc d = db_query(db, &st, VERSION_SELECT " ORDER BY h.id DESC", "i", (int64_t)op->code);
    if (d < 0) return db_err(d);
    for (; d == DB_ROW && op->n < (size_t)op->row.version; d = db_step(st)) {
        ProvinceVersion *v = &op->versions[op->n++];
        v->id = db_col_i64(st, 0);
        v->updated_at = db_col_i64(st, 1);
        v->updated_by = db_col_text(st, op->a, 2);
    }
    db_done(st);
    return d < 0 ? db_err(d) : 0;
}

int province_version(Db *db, void *ctx) {
    ProvinceVersionGet *op = ctx;
    int err = province_get(db, op->a, op->code, &op->now);
    if (err < 0) return err;
    DbStmt *st;
    DbRc rc = db_query(db, &st, VERSION_SELECT " AND h.id = ?", "ii", (int64_t)op->code, op->id);
    if (rc < 0) return db_err(rc);
    err = -ERR_NOT_FOUND;
    if (rc == DB_ROW) {
        op->out.id = db_col_i64(st, 0);
        op->out.updated_at = db_col_i64(st, 1);
        op->out.updated_by = db_col_text(st, op->a, 2);
        err = rules_of_text(op->a, db_col_text(st, op->a, 3), &op->out.rules);
    }
    db_done(st);
    return err;
}

/* The canonical text of rules (sorted keys, compact), in the arena. */
static char *rules_text(Arena *a, const ProvinceRules *p) {
    json_t *o = province_rules_json(p);
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    char *copy = arena_strdup(a, s);
    free(s);
    return copy;
}

/* The keys whose values differ between two rules, comma-separated. */
static const char *changed_keys(Arena *a, const ProvinceRules *was, const ProvinceRules *now) {
    json_t *x = province_rules_json(was), *y = province_rules_json(now);
    Buf b;
    buf_init(&b, a);
    buf_puts(&b, "");
    const char *key;
    json_t *v;
    json_object_foreach(y, key, v) {
        if (!json_equal(v, json_object_get(x, key))) buf_printf(&b, "%s%s", b.len ? "," : "", key);
    }
    json_decref(x);
    json_decref(y);
    return b.data;
}

/* Keep the row as it is now in the history, then store the new rules. */
static int province_replace(Db *db, const ProvinceSave *op, const char *text) {
    DbRc rc =
        db_exec(db,
                "INSERT INTO province_rules_history (code, data, updated_by, updated_at) "
                "SELECT code, data, updated_by, updated_at FROM province_rules WHERE code = ?",
                "i", (int64_t)op->code);
    if (rc >= 0)
        rc = db_exec(db,
                     "UPDATE province_rules SET data = ?, updated_by = ?, updated_at = ? "
                     "WHERE code = ?",
                     "tiii", text, op->who.id, time_now(), (int64_t)op->code);
    return rc < 0 ? db_err(rc) : 0;
}

int province_save(Db *db, void *ctx) {
    ProvinceSave *op = ctx;
    op->errs.n = 0;
    ProvinceRow cur;
    int rc = province_get(db, op->a, op->code, &cur);
    if (rc < 0) return rc;
    if (op->base >= 0 && cur.version != op->base) return -ERR_CONFLICT; /* a save came first */
    ProvinceRules next;
    rc = province_check(op->a, op->doc, &cur.rules, &next, &op->errs);
    if (rc < 0) return rc;
    const char *changed = changed_keys(op->a, &cur.rules, &next);
    if (!*changed) { /* nothing to keep or to audit */
        op->out = cur;
        return 0;
    }
    rc = province_replace(db, op, rules_text(op->a, &next));
    if (rc == 0)
        rc = audit_write(db, &op->who, "province_rules.save", "province", op->code,
                         arena_printf(op->a, "%s: %s", cur.rules.name_zh, changed));
    if (rc == 0) rc = province_get(db, op->a, op->code, &op->out);
    return rc;
}
