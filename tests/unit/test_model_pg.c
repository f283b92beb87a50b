/*
** The model on PostgreSQL: the shared bodies of model_tests.h, each in a
** fresh migrated schema of the database named by BEIAN_TEST_PG_URL. Without
** it the program reports a skip (77). tools/pg-test-cluster.sh starts a
** throwaway server:
**   tools/pg-test-cluster.sh run sh -c 'cd build && ctest -R test_model_pg'
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model_tests.h"

static const char *pg_base_url;
static int pg_schema_seq;

typedef struct PgModel {
    ModelFix f;
    Db *admin;
    char schema[64];
} PgModel;

/* A schema per test, named through the connection's search_path (in the
** URL, so that the test's extra connections and reconnections use it). */
static int pg_setup(void **state) {
    PgModel *x = calloc(1, sizeof *x);
    x->f.priv = x;
    *state = &x->f;
    x->admin = db_open(pg_base_url);
    if (!x->admin) return -1;
    snprintf(x->schema, sizeof x->schema, "beian_m%d_%d", (int)getpid(), ++pg_schema_seq);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", x->schema);
    if (db_exec(x->admin, sql, NULL) < 0) return -1;
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", x->schema);
    if (db_exec(x->admin, sql, NULL) < 0) return -1;
    snprintf(x->f.url, sizeof x->f.url, "%s%coptions=-csearch_path%%3D%s", pg_base_url,
             strchr(pg_base_url, '?') ? '&' : '?', x->schema);
    x->f.db = db_open(x->f.url);
    if (!x->f.db || mf_ready(&x->f) != 0) return -1;
    return 0;
}

static int pg_teardown(void **state) {
    PgModel *x = ((ModelFix *)*state)->priv;
    mf_release(&x->f);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", x->schema);
    db_exec(x->admin, sql, NULL);
    db_close(x->admin);
    free(x);
    return 0;
}

int main(void) {
    pg_base_url = getenv("BEIAN_TEST_PG_URL");
    if (!pg_base_url || !*pg_base_url) {
        printf("skipped: BEIAN_TEST_PG_URL not set\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        MODEL_TESTS(pg_setup, pg_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
