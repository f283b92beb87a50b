/*
** The audit search at 1,000,000 rows on PostgreSQL (audit_plan_body.h), in
** a fresh migrated schema of the database named by BEIAN_TEST_PG_URL:
** no plan of a filter reads the whole log (`Seq Scan on audit_log`).
** Without the URL the program reports a skip (77).
*/
#include "audit_plan_body.h"

static Db *admin_db;
static char schema[64];

static int setup(void **state) {
    (void)state;
    unsigned char key[CRYPTO_KEY_BYTES] = {1};
    crypto_init(key);
    log_set_level(LOG_WARN);
    const char *base = getenv("BEIAN_TEST_PG_URL");
    admin_db = db_open(base);
    if (!admin_db) return -1;
    snprintf(schema, sizeof schema, "beian_plan%d", (int)getpid());
    char sql[160], url[1024];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", schema);
    if (db_exec(admin_db, sql, NULL) < 0) return -1;
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", schema);
    if (db_exec(admin_db, sql, NULL) < 0) return -1;
    snprintf(url, sizeof url, "%s%coptions=-csearch_path%%3D%s", base,
             strchr(base, '?') ? '&' : '?', schema);
    db = db_open(url);
    int applied = 0;
    if (!db || schema_migrate(db, &applied) != 0) return -1;
    plan_fill();
    return 0;
}

static int teardown(void **state) {
    (void)state;
    db_close(db);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", schema);
    db_exec(admin_db, sql, NULL);
    db_close(admin_db);
    return 0;
}

int main(void) {
    const char *base = getenv("BEIAN_TEST_PG_URL");
    if (!base || !*base) {
        printf("skipped: BEIAN_TEST_PG_URL not set\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {AUDIT_PLAN_TESTS};
    return cmocka_run_group_tests(tests, setup, teardown);
}
