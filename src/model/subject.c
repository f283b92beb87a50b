/*
** Subject rows (主体): one per account.
*/
#include "model/subject.h"

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"
#include "model/sealed.h"

static int exec_rc(DbRc rc) {
    return rc < 0 ? db_err(rc) : 0;
}

#define SUBJECT_COLS                                                                               \
    "id, account_id, origin, subject_number, province, nature, name, record, downloaded, "         \
    "verified_on_site, created_at, updated_at"

static int subject_row_of(DbStmt *st, DbRc rc, Arena *a, Subject *o, bool record) {
    if (rc < 0) return db_err(rc);
    int ret = -ERR_NOT_FOUND;
    if (rc == DB_ROW) {
        o->id = db_col_i64(st, 0);
        o->account_id = db_col_i64(st, 1);
        o->origin = db_col_text(st, a, 2);
        o->subject_number = db_col_text(st, a, 3);
        o->province = (int)db_col_i64(st, 4);
        o->nature = db_col_text(st, a, 5);
        o->name = db_col_text(st, a, 6);
        if (record) {
            ret = values_open(a, db_col_text(st, a, 7), &o->record);
        } else {
            values_init(&o->record, a);
            ret = 0;
        }
        o->downloaded = db_col_i64(st, 8) != 0;
        o->verified_on_site = db_col_i64(st, 9) != 0;
        o->created_at = db_col_i64(st, 10);
        o->updated_at = db_col_i64(st, 11);
    }
    db_done(st);
    return ret;
}

static int subject_row(DbStmt *st, DbRc rc, Arena *a, Subject *o) {
    return subject_row_of(st, rc, a, o, true);
}

int subject_by_account_meta(Db *db, Arena *a, int64_t account_id, Subject *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT " SUBJECT_COLS " FROM subjects WHERE account_id = ?", "i",
                       account_id);
    return subject_row_of(st, rc, a, out, false);
}

int subject_by_account(Db *db, Arena *a, int64_t account_id, Subject *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT " SUBJECT_COLS " FROM subjects WHERE account_id = ?", "i",
                       account_id);
    return subject_row(st, rc, a, out);
}

int subject_get(Db *db, Arena *a, int64_t id, Subject *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT " SUBJECT_COLS " FROM subjects WHERE id = ?", "i", id);
    return subject_row(st, rc, a, out);
}

int subject_insert(Db *db, int64_t account_id, const char *origin, int64_t *id) {
    int64_t now = time_now();
    DbRc rc = db_insert(db, id,
                        "INSERT INTO subjects (account_id, origin, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?) RETURNING id",
                        "itii", account_id, origin, now, now);
    return rc < 0 ? db_err(rc) : 0;
}

int subject_set_meta(Db *db, int64_t id, const char *name, const char *nature, int province) {
    return exec_rc(db_exec(db,
                           "UPDATE subjects SET name = ?, nature = ?, province = ?, updated_at = ? "
                           "WHERE id = ?",
                           "ttiii", name, nature, (int64_t)province, time_now(), id));
}

int subject_set_record(Db *db, Arena *a, int64_t id, const Values *record, const char *cert_index) {
    return exec_rc(db_exec(db,
                           "UPDATE subjects SET record = ?, cert_index = ?, downloaded = 1, "
                           "claim_secret = '', updated_at = ? WHERE id = ?",
                           "ttii", values_seal(a, record), cert_index, time_now(), id));
}

int subject_set_number(Db *db, int64_t id, const char *number) {
    return exec_rc(db_exec(db,
                           "UPDATE subjects SET subject_number = ?, updated_at = ? WHERE id = ?",
                           "tii", number, time_now(), id));
}

int subject_set_claim(Db *db, Arena *a, int64_t id, const char *number, const char *password) {
    int64_t other = 0;
    DbRc rc = db_query_i64(db, &other,
                           "SELECT count(*) FROM subjects WHERE subject_number = ? AND id <> ?",
                           "ti", number, id);
    if (rc < 0) return db_err(rc);
    if (other) return -ERR_CLAIM_NUMBER_TAKEN;
    return exec_rc(db_exec(db,
                           "UPDATE subjects SET subject_number = ?, claim_secret = ?, "
                           "updated_at = ? WHERE id = ?",
                           "ttii", number, crypto_seal_text(a, password), time_now(), id));
}

int subject_reset(Db *db, int64_t id, const char *origin) {
    return exec_rc(
        db_exec(db,
                "UPDATE subjects SET origin = ?, subject_number = NULL, claim_secret = '', "
                "name = '', nature = '', province = 0, downloaded = 0, updated_at = ? "
                "WHERE id = ?",
                "tii", origin, time_now(), id));
}

int subject_set_verified(Db *db, int64_t id) {
    return exec_rc(db_exec(db, "UPDATE subjects SET verified_on_site = 1 WHERE id = ?", "i", id));
}

SubjectNature subject_nature(const Subject *s) {
    SubjectNature n = nature_parse(s->nature);
    return n ? n : values_nature(&s->record);
}
