/*
** Filing rows: subjects, sites, applications, transitions, return reasons.
*/
#include "model/filing.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"
#include "rules/lifecycle.h"

char *values_seal(Arena *a, const Values *v) {
    json_t *o = json_object();
    for (size_t i = 0; i < v->n; i++)
        json_object_set_new(o, v->keys[i], json_string(v->vals[i]));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    char *sealed = crypto_seal_text(a, s ? s : "{}");
    free(s);
    return sealed;
}

int values_open(Arena *a, const char *sealed, Values *out) {
    values_init(out, a);
    if (!sealed || !*sealed) return 0;
    char *text = crypto_open_text(a, sealed);
    if (!text) return -ERR_INTERNAL;
    json_t *o = json_loads(text, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return -ERR_INTERNAL;
    }
    const char *k;
    json_t *val;
    json_object_foreach(o, k, val) {
        if (json_is_string(val)) values_set(out, k, json_string_value(val));
    }
    json_decref(o);
    return 0;
}

/* ------------------------------------------------------------- subjects */

#define SUBJECT_COLS                                                                               \
    "id, account_id, origin, subject_number, province, nature, name, record, downloaded, "         \
    "verified_on_site, created_at, updated_at"

static int subject_row(DbStmt *st, DbRc rc, Arena *a, Subject *o) {
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
        ret = values_open(a, db_col_text(st, a, 7), &o->record);
        o->downloaded = db_col_i64(st, 8) != 0;
        o->verified_on_site = db_col_i64(st, 9) != 0;
        o->created_at = db_col_i64(st, 10);
        o->updated_at = db_col_i64(st, 11);
    }
    db_done(st);
    return ret;
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

static int exec_rc(DbRc rc) {
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

/* ---------------------------------------------------------------- sites */

#define SITE_COLS "id, subject_id, site_number, name, domain, record, created_at, updated_at"

static int site_row(DbStmt *st, Arena *a, Site *o) {
    o->id = db_col_i64(st, 0);
    o->subject_id = db_col_i64(st, 1);
    o->site_number = db_col_text(st, a, 2);
    o->name = db_col_text(st, a, 3);
    o->domain = db_col_text(st, a, 4);
    int rc = values_open(a, db_col_text(st, a, 5), &o->record);
    o->created_at = db_col_i64(st, 6);
    o->updated_at = db_col_i64(st, 7);
    return rc;
}

int site_get(Db *db, Arena *a, int64_t id, Site *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT " SITE_COLS " FROM sites WHERE id = ?", "i", id);
    if (rc < 0) return db_err(rc);
    int ret = rc == DB_ROW ? site_row(st, a, out) : -ERR_NOT_FOUND;
    db_done(st);
    return ret;
}

int site_insert(Db *db, int64_t subject_id, int64_t *id) {
    int64_t now = time_now();
    return exec_rc(
        db_insert(db, id,
                  "INSERT INTO sites (subject_id, created_at, updated_at) VALUES (?, ?, ?) "
                  "RETURNING id",
                  "iii", subject_id, now, now));
}

int site_set_meta(Db *db, int64_t id, const char *name, const char *domain) {
    return exec_rc(db_exec(db, "UPDATE sites SET name = ?, domain = ?, updated_at = ? WHERE id = ?",
                           "ttii", name, domain, time_now(), id));
}

int site_set_record(Db *db, Arena *a, int64_t id, const Values *record) {
    return exec_rc(db_exec(db, "UPDATE sites SET record = ?, updated_at = ? WHERE id = ?", "tii",
                           values_seal(a, record), time_now(), id));
}

int site_set_number(Db *db, int64_t id, const char *number) {
    return exec_rc(db_exec(db, "UPDATE sites SET site_number = ?, updated_at = ? WHERE id = ?",
                           "tii", number, time_now(), id));
}

int sites_of_subject(Db *db, Arena *a, int64_t subject_id, Site **out, size_t *n) {
    int64_t count = 0;
    DbRc rc = db_query_i64(db, &count, "SELECT count(*) FROM sites WHERE subject_id = ?", "i",
                           subject_id);
    if (rc < 0) return db_err(rc);
    *out = ARENA_NEW(a, Site, (size_t)count + 1);
    *n = 0;
    DbStmt *st;
    rc = db_query(db, &st, "SELECT " SITE_COLS " FROM sites WHERE subject_id = ? ORDER BY id", "i",
                  subject_id);
    if (rc < 0) return db_err(rc);
    int ret = 0;
    while (rc == DB_ROW && *n < (size_t)count && ret == 0) {
        ret = site_row(st, a, &(*out)[(*n)++]);
        rc = db_step(st);
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : ret;
}

int site_number_taken(Db *db, const char *number, int64_t site_id) {
    int64_t n = 0;
    DbRc rc = db_query_i64(db, &n, "SELECT count(*) FROM sites WHERE site_number = ? AND id <> ?",
                           "ti", number, site_id);
    if (rc < 0) return db_err(rc);
    return n ? -ERR_SITE_NUMBER_TAKEN : 0;
}

int site_max_seq(Db *db, int64_t subject_id, const char *subject_number, int *seq) {
    *seq = 0;
    DbStmt *st;
    DbRc rc =
        db_query(db, &st, "SELECT site_number FROM sites WHERE subject_id = ?", "i", subject_id);
    if (rc < 0) return db_err(rc);
    size_t plen = subject_number ? strlen(subject_number) : 0;
    Arena a;
    arena_init(&a);
    while (rc == DB_ROW) {
        const char *num = db_col_text(st, &a, 0);
        if (num && plen && !strncmp(num, subject_number, plen) && num[plen] == '-') {
            int n = atoi(num + plen + 1);
            if (n > *seq) *seq = n;
        }
        rc = db_step(st);
    }
    db_done(st);
    arena_free(&a);
    return rc < 0 ? db_err(rc) : 0;
}
