/*
** The audit search at 1,000,000 rows on SQLite (audit_plan_body.h): the
** plans of every filter read an index, before and after ANALYZE.
*/
#include "audit_plan_body.h"

static char dir[256];

static int setup(void **state) {
    (void)state;
    unsigned char key[CRYPTO_KEY_BYTES] = {1};
    crypto_init(key);
    log_set_level(LOG_WARN);
    snprintf(dir, sizeof dir, "%s/beian-auditplan-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) return -1;
    char url[300];
    snprintf(url, sizeof url, "sqlite:%s/plan.db", dir);
    db = db_open(url);
    int applied = 0;
    if (!db || schema_migrate(db, &applied) != 0) return -1;
    exec("PRAGMA synchronous = OFF"); /* a scratch database: fill it fast */
    exec("PRAGMA cache_size = -262144");
    plan_fill();
    return 0;
}

static int teardown(void **state) {
    (void)state;
    db_close(db);
    const char *files[] = {"plan.db", "plan.db-wal", "plan.db-shm"};
    for (int i = 0; i < 3; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {AUDIT_PLAN_TESTS};
    return cmocka_run_group_tests(tests, setup, teardown);
}
