/*
** Site rows (网站) of subjects.
*/
#include "model/site.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/sealed.h"

static int exec_rc(DbRc rc) {
    return rc < 0 ? db_err(rc) : 0;
}

#define SITE_COLS "id, subject_id, site_number, name, domain, record, created_at, updated_at"

/* With !record, the sealed record is opened only when the plain name or
** domain is missing (the overview shows nothing else of it). */
static int site_row_of(DbStmt *st, Arena *a, Site *o, bool record) {
    o->id = db_col_i64(st, 0);
    o->subject_id = db_col_i64(st, 1);
    o->site_number = db_col_text(st, a, 2);
    o->name = db_col_text(st, a, 3);
    o->domain = db_col_text(st, a, 4);
    int rc = 0;
    if (record || !o->name || !*o->name || !o->domain || !*o->domain)
        rc = values_open(a, db_col_text(st, a, 5), &o->record);
    else
        values_init(&o->record, a);
    o->created_at = db_col_i64(st, 6);
    o->updated_at = db_col_i64(st, 7);
    return rc;
}

static int site_row(DbStmt *st, Arena *a, Site *o) {
    return site_row_of(st, a, o, true);
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

int site_drop_unfiled(Db *db, int64_t site_id, int64_t app_id) {
    int64_t others = 0;
    DbRc rc =
        db_query_i64(db, &others, "SELECT count(*) FROM applications WHERE site_id = ? AND id <> ?",
                     "ii", site_id, app_id);
    if (rc < 0) return db_err(rc);
    if (others) return 0;
    int64_t filed = 0;
    rc = db_query_i64(db, &filed,
                      "SELECT count(*) FROM sites WHERE id = ? AND site_number IS NOT NULL", "i",
                      site_id);
    if (rc < 0) return db_err(rc);
    if (filed) return 0;
    rc = db_exec(db, "UPDATE applications SET site_id = NULL WHERE id = ? AND site_id = ?", "ii",
                 app_id, site_id);
    if (rc >= 0) rc = db_exec(db, "DELETE FROM sites WHERE id = ?", "i", site_id);
    return exec_rc(rc);
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

static int sites_list(Db *db, Arena *a, int64_t subject_id, bool record, Site **out, size_t *n) {
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
        ret = site_row_of(st, a, &(*out)[(*n)++], record);
        rc = db_step(st);
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : ret;
}

int sites_of_subject(Db *db, Arena *a, int64_t subject_id, Site **out, size_t *n) {
    return sites_list(db, a, subject_id, true, out, n);
}

int sites_of_subject_meta(Db *db, Arena *a, int64_t subject_id, Site **out, size_t *n) {
    return sites_list(db, a, subject_id, false, out, n);
}

int sites_filed_count(Db *db, int64_t subject_id, int64_t *n) {
    *n = 0;
    DbRc rc = db_query_i64(db, n,
                           "SELECT count(*) FROM sites WHERE subject_id = ? "
                           "AND site_number IS NOT NULL",
                           "i", subject_id);
    return rc < 0 ? db_err(rc) : 0;
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
