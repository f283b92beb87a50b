/*
** The national registry of the simulator (see registry.h).
*/
#include "simulator/registry.h"

#include <ctype.h>
#include <string.h>

#include "core/err.h"
#include "regulator/payload.h"
#include "regulator/regxml.h"
#include "simulator/store.h"

/* ------------------------------------------------------- records as XML */

/* Read a stored record element back: subject when subject, else site. */
static int record_read(Arena *a, const char *xml, RegSubject *subject, RegSite *site) {
    xmlDoc *doc;
    int rc =
        regxml_parse(a, xml, strlen(xml), PAYLOAD_MAX_XML, REGXML_UTF8 | REGXML_HUGE, &doc, NULL);
    if (rc) return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    rc = subject ? icp_read_subject(a, root, subject) : icp_read_site(a, root, site);
    xmlFreeDoc(doc);
    return rc;
}

char *registry_domain_key(Arena *a, const char *d) {
    char *k = arena_strdup(a, d ? d : "");
    for (char *p = k; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return k;
}

/* ---------------------------------------------------------------- reading */

#define SUBJECT_COLS                                                                               \
    "SELECT id, number, name, cert_number, state, nature, province, filed_via, next_site, "        \
    "filed_at, xml FROM reg_subjects "

/* Fill out from the current row of a SUBJECT_COLS query. */
static int subject_row(DbStmt *st, Arena *a, SimSubject *out) {
    *out = (SimSubject){.id = db_col_i64(st, 0),
                        .number = db_col_text(st, a, 1),
                        .name = db_col_text(st, a, 2),
                        .cert_number = db_col_text(st, a, 3),
                        .state = db_col_text(st, a, 4),
                        .nature = db_col_i64(st, 5),
                        .province = db_col_i64(st, 6),
                        .filed_via = db_col_i64(st, 7),
                        .next_site = db_col_i64(st, 8),
                        .filed_at = db_col_i64(st, 9)};
    char *xml = db_col_text(st, a, 10);
    return record_read(a, xml, &out->data, NULL);
}

/* Run a SUBJECT_COLS query with one parameter and read its first row. */
static int subject_query(Db *db, Arena *a, const char *sql, const char *fmt, int64_t i,
                         const char *t, SimSubject *out) {
    DbStmt *st;
    DbRc rc = *fmt == 'i' ? db_query(db, &st, sql, "i", i) : db_query(db, &st, sql, "t", t);
    if (rc < 0) return db_err(rc);
    if (rc == DB_DONE) {
        db_done(st);
        return -ERR_NOT_FOUND;
    }
    int err = subject_row(st, a, out);
    db_done(st);
    return err;
}

int registry_subject(Db *db, Arena *a, int64_t id, const char *number, SimSubject *out) {
    if (id > 0) return subject_query(db, a, SUBJECT_COLS "WHERE id = ?", "i", id, NULL, out);
    if (!number) return -ERR_NOT_FOUND;
    return subject_query(db, a, SUBJECT_COLS "WHERE number = ?", "t", 0, number, out);
}

int registry_subject_by_cert(Db *db, Arena *a, const char *cert, SimSubject *out) {
    return subject_query(db, a,
                         SUBJECT_COLS "WHERE cert_number = ? AND state = 'filed' ORDER BY id", "t",
                         0, cert ? cert : "", out);
}

#define SITE_COLS "SELECT id, subject_id, number, name, state, xml FROM reg_sites "

/* Fill out from the current row of a SITE_COLS query. */
static int site_row(DbStmt *st, Arena *a, SimSite *out) {
    *out = (SimSite){.id = db_col_i64(st, 0),
                     .subject_id = db_col_i64(st, 1),
                     .number = db_col_text(st, a, 2),
                     .name = db_col_text(st, a, 3),
                     .state = db_col_text(st, a, 4)};
    return record_read(a, db_col_text(st, a, 5), NULL, &out->data);
}

/* Run a SITE_COLS query with one parameter and read its first row. */
static int site_query(Db *db, Arena *a, const char *sql, const char *fmt, int64_t i, const char *t,
                      SimSite *out) {
    DbStmt *st;
    DbRc rc = *fmt == 'i' ? db_query(db, &st, sql, "i", i) : db_query(db, &st, sql, "t", t);
    if (rc < 0) return db_err(rc);
    if (rc == DB_DONE) {
        db_done(st);
        return -ERR_NOT_FOUND;
    }
    int err = site_row(st, a, out);
    db_done(st);
    return err;
}

int registry_site(Db *db, Arena *a, int64_t id, const char *number, SimSite *out) {
    if (id > 0) return site_query(db, a, SITE_COLS "WHERE id = ?", "i", id, NULL, out);
    if (!number) return -ERR_NOT_FOUND;
    return site_query(db, a, SITE_COLS "WHERE number = ?", "t", 0, number, out);
}

int registry_site_of_domain(Db *db, Arena *a, const char *domain, SimSite *out) {
    return site_query(db, a,
                      SITE_COLS "WHERE id = (SELECT site_id FROM reg_domains WHERE name = ?)", "t",
                      0, registry_domain_key(a, domain), out);
}

int registry_sites(Db *db, Arena *a, int64_t subject_id, SimSite **out, size_t *n) {
    int64_t count = 0;
    DbRc rc = db_query_i64(
        db, &count, "SELECT count(*) FROM reg_sites WHERE subject_id = ? AND state = 'filed'", "i",
        subject_id);
    if (rc < 0) return db_err(rc);
    *out = ARENA_NEW(a, SimSite, (size_t)count + 1);
    *n = 0;
    DbStmt *st;
    rc = db_query(db, &st, SITE_COLS "WHERE subject_id = ? AND state = 'filed' ORDER BY id", "i",
                  subject_id);
    if (rc < 0) return db_err(rc);
    int err = 0;
    for (; rc == DB_ROW && *n < (size_t)count && !err; rc = db_step(st))
        err = site_row(st, a, &(*out)[(*n)++]);
    db_done(st);
    return rc < 0 ? db_err(rc) : err;
}

int registry_access(Db *db, int64_t jrid, int64_t *site_id, int64_t *provider) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT site_id, provider FROM reg_access WHERE id = ?", "i", jrid);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) *site_id = db_col_i64(st, 0), *provider = db_col_i64(st, 1);
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}

int registry_access_count(Db *db, int64_t site_id, int64_t provider, int64_t *all, int64_t *mine) {
    DbRc rc =
        db_query_i64(db, all, "SELECT count(*) FROM reg_access WHERE site_id = ?", "i", site_id);
    if (rc >= 0)
        rc = db_query_i64(db, mine,
                          "SELECT count(*) FROM reg_access WHERE site_id = ? AND provider = ?",
                          "ii", site_id, provider);
    return rc < 0 ? db_err(rc) : 0;
}

bool registry_serves(Db *db, int64_t subject_id, int64_t provider) {
    int64_t n = 0;
    DbRc rc = db_query_i64(db, &n,
                           "SELECT count(*) FROM reg_subjects s WHERE s.id = ? AND "
                           "(s.filed_via = ? OR EXISTS (SELECT 1 FROM reg_sites w JOIN reg_access "
                           "x ON x.site_id = w.id WHERE w.subject_id = s.id AND w.state = "
                           "'filed' AND x.provider = ?))",
                           "iii", subject_id, provider, provider);
    return rc >= 0 && n > 0;
}

const char *registry_provider_name(Db *db, Arena *a, int64_t id) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT name FROM reg_providers WHERE id = ?", "i", id);
    if (rc < 0) return "";
    char *name = rc == DB_ROW ? db_col_text(st, a, 0) : NULL;
    db_done(st);
    return name ? name : "";
}
