/*
** The fixture of the model tests (model_tests.h), shared by
** test_model_sqlite.c and test_model_pg.c: a database migrated with the
** migrations embedded in the binary, exactly as `beian migrate` does it
** (schema_migrate, which also seeds the province rules), a fixed master key,
** and helpers that make the rows a test needs.
**
** The driver programs open the database (a fresh SQLite file, or a fresh
** PostgreSQL schema), fill ModelFix.db and .url, and call mf_ready; their
** teardown calls mf_release before removing the database.
*/
#ifndef BEIAN_TESTS_MODEL_FIXTURE_H
#define BEIAN_TESTS_MODEL_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/schema.h"
#include "core/arena.h"
#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "db/db.h"
#include "model/account.h"

typedef struct ModelFix {
    Db *db;         /* migrated, otherwise empty */
    char url[1024]; /* for more connections to the same database */
    Arena a;        /* for what the model returns; freed by mf_release */
    void *priv;     /* the driver program's own state */
} ModelFix;

/* A test of a bug found and not fixed yet: it is skipped, saying so,
** unless BEIAN_TEST_KNOWN_BUGS=1 (to check a fix). The fix removes the line. */
#define KNOWN_BUG(what)                                                                            \
    do {                                                                                           \
        const char *kb_ = getenv("BEIAN_TEST_KNOWN_BUGS");                                         \
        if (!kb_ || strcmp(kb_, "1") != 0) {                                                       \
            print_message("[ KNOWN BUG] %s\n", what);                                              \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

/* Seal with a known key, so that runs are repeatable. */
static inline void mf_key(void) {
    unsigned char key[CRYPTO_KEY_BYTES];
    for (int i = 0; i < CRYPTO_KEY_BYTES; i++)
        key[i] = (unsigned char)(0xA0 + i);
    assert_int_equal(crypto_init(key), 0);
}

/* Key, migrations, arena: the database is as `beian migrate` leaves it. */
static inline int mf_ready(ModelFix *f) {
    mf_key();
    log_set_level(LOG_WARN); /* not a line per migration and test */
    int applied = 0;
    if (schema_migrate(f->db, &applied) != 0 || applied < 4) return -1;
    arena_init(&f->a);
    return 0;
}

static inline void mf_release(ModelFix *f) {
    arena_free(&f->a);
    db_close(f->db);
}

/* Another connection to the fixture's database (the caller closes it). */
static inline Db *mf_connect(ModelFix *f) {
    Db *db = db_open(f->url);
    assert_non_null(db);
    return db;
}

/* One integer from a query with one integer parameter (0 when no row). */
static inline int64_t mf_i64(Db *db, const char *sql, int64_t param) {
    int64_t v = 0;
    assert_true(db_query_i64(db, &v, sql, "i", param) >= 0);
    return v;
}

/* One text column (arena copy; NULL when no row or NULL). */
static inline char *mf_text(ModelFix *f, const char *sql, int64_t param) {
    DbStmt *st;
    DbRc rc = db_query(f->db, &st, sql, "i", param);
    assert_true(rc >= 0);
    char *s = rc == DB_ROW ? db_col_text(st, &f->a, 0) : NULL;
    db_done(st);
    return s;
}

static inline void mf_exec(Db *db, const char *sql, int64_t a, int64_t b) {
    assert_true(db_exec(db, sql, "ii", a, b) >= 0);
}

/* An account (no real password hash: these tests never log in). */
static inline int64_t mf_account(ModelFix *f, const char *login, const char *role,
                                 const char *status) {
    char email[128];
    snprintf(email, sizeof email, "%s@example.com", login);
    AccountNew in = {
        login,      email, "13812345678", !strcmp(role, "customer") ? "individual" : "staff",
        "测试用户", role,  status,        "$argon2id$test",
        "zh"};
    int64_t id = 0;
    assert_int_equal(account_create(f->db, &f->a, &in, &id), 0);
    assert_true(id > 0);
    return id;
}

/* A subject of an account, with its number (or NULL) and its filed record
** (JSON of strings, sealed as the filing model stores it; NULL: none). */
static inline int64_t mf_subject(ModelFix *f, int64_t account_id, const char *number,
                                 const char *record_json) {
    int64_t id = 0, now = time_now();
    const char *record = record_json ? crypto_seal_text(&f->a, record_json) : "";
    assert_int_equal(db_insert(f->db, &id,
                               "INSERT INTO subjects (account_id, origin, subject_number, record, "
                               "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                               "itttii", account_id, record_json ? "first_filing" : "claimed",
                               number, record, now, now),
                     DB_ROW);
    return id;
}

/* An application of a subject, kind as in rules/vocab, values sealed. */
static inline int64_t mf_application(ModelFix *f, int64_t subject_id, const char *kind,
                                     const char *values_json, int64_t created_by) {
    int64_t id = 0, now = time_now();
    const char *values = values_json ? crypto_seal_text(&f->a, values_json) : "";
    assert_int_equal(db_insert(f->db, &id,
                               "INSERT INTO applications (subject_id, kind, state, values_sealed, "
                               "created_by, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, "
                               "?, ?) RETURNING id",
                               "ittiii", subject_id, kind, values, created_by, now, now),
                     DB_ROW);
    return id;
}

#endif
