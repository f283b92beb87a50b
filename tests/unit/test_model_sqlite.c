/*
** The model (accounts, sessions, throttling, audit, resets, recovery,
** outbox, province rules, files, text versions) on SQLite: the shared
** bodies of model_tests.h, each on a fresh migrated database file.
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

typedef struct SqModel {
    ModelFix f;
    char dir[256];
} SqModel;

static int sq_setup(void **state) {
    SqModel *x = calloc(1, sizeof *x);
    snprintf(x->dir, sizeof x->dir, "%s/beian-modeltest-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(x->dir)) return -1;
    snprintf(x->f.url, sizeof x->f.url, "sqlite:%s/model.db", x->dir);
    x->f.db = db_open(x->f.url);
    if (!x->f.db || mf_ready(&x->f) != 0) return -1;
    x->f.priv = x;
    *state = &x->f;
    return 0;
}

static int sq_teardown(void **state) {
    SqModel *x = ((ModelFix *)*state)->priv;
    mf_release(&x->f);
    const char *files[] = {"model.db", "model.db-wal", "model.db-shm"};
    for (int i = 0; i < 3; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s/%s", x->dir, files[i]);
        unlink(p);
    }
    rmdir(x->dir);
    free(x);
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        MODEL_TESTS(sq_setup, sq_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
