/*
** The harness of the simulator's unit tests (test_simulator_*.c): a fresh
** SQLite database migrated and seeded like `beian regulator` does it, and
** helpers that upload a request, run the timers, answer SMS codes and read
** the download queue. Every download file is held against the MIIT XSD
** (download-data.xsd) when the schemas are there.
*/
#ifndef BEIAN_TESTS_SIMULATOR_TEST_H
#define BEIAN_TESTS_SIMULATOR_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/err.h"
#include "db/db.h"
#include "regulator/auth.h"
#include "regulator/codes.h"
#include "regulator/download_xml.h"
#include "simulator/demo.h"
#include "simulator/dlqueue.h"
#include "simulator/engine.h"
#include "simulator/registry.h"
#include "simulator/store.h"
#include "simulator_fixture.h"
#include "test_regulator_helpers.h"

static struct {
    Db *db;
    char path[64];
    Arena a;
    SimDemo demos[SIM_DEMO_COUNT];
    int64_t seq;
} T;

/* sim_demo_seed in a transaction. */
static int st_seed_tx(Db *db, void *ctx) {
    (void)ctx;
    return sim_demo_seed(db, &T.a, FX_ISP, sim_now(db), T.demos);
}

/* A fresh database, migrated and seeded, reviews at once, no random return. */
static int st_setup(void **state) {
    (void)state;
    assert_true(sodium_init() >= 0);
    arena_init(&T.a);
    snprintf(T.path, sizeof T.path, "/tmp/beian-sim-XXXXXX");
    int fd = mkstemp(T.path);
    assert_true(fd >= 0);
    close(fd);
    T.db = db_open(T.path);
    assert_non_null(T.db);
    int applied = 0;
    assert_int_equal(simstore_migrate(T.db, &applied), 0);
    assert_int_equal(db_tx(T.db, st_seed_tx, NULL), 0);
    SimSettings s = {.review_delay_s = 0, .return_rate = 0, .queue_limit = 100, .bamm_limit = 5};
    assert_int_equal(simstore_settings_save(T.db, &s), 0);
    T.seq = 0;
    return 0;
}

static int st_teardown(void **state) {
    (void)state;
    db_close(T.db);
    unlink(T.path);
    arena_free(&T.a);
    return 0;
}

typedef struct StAccept {
    SimUpload u;
} StAccept;

static int st_accept_tx(Db *db, void *ctx) {
    StAccept *c = ctx;
    SimEnv env = sim_env(db, FX_ISP);
    return engine_accept(db, &T.a, &env, &c->u);
}

static int st_tick_tx(Db *db, void *ctx) {
    (void)ctx;
    SimEnv env = sim_env(db, FX_ISP);
    return engine_tick(db, &T.a, &env);
}

/* Run the timers as every call does. */
static void st_tick(void) {
    assert_int_equal(db_tx(T.db, st_tick_tx, NULL), 0);
}

/* Accept d as the next upload (built and checked by the codec), then tick. */
static void st_upload(const UploadData *d) {
    char *xml = NULL, *why = NULL;
    int rc = upload_build(&T.a, d, &xml, &why);
    if (rc) fail_msg("upload_build: %s %s", err_name(rc), why ? why : "");
    StAccept c = {{.sequence = ++T.seq,
                   .file_name = "beianinfo.xml",
                   .info = "",
                   .info_hash = "",
                   .xml = xml,
                   .xml_len = strlen(xml)}};
    assert_int_equal(db_tx(T.db, st_accept_tx, &c), 0);
    st_tick();
}

/* The head of the download queue, held against the XSD, parsed and acknowledged. */
static DownloadData st_next(void) {
    DlFile f;
    int rc = dlqueue_head(T.db, &T.a, &f);
    if (rc) fail_msg("the download queue is empty");
    if (reg_xsd_present() && reg_xsd_validate("download-data.xsd", f.xml, strlen(f.xml)) != 0)
        fail_msg("download-data.xsd: %s\n%s", reg_xsd_msg, f.xml);
    DownloadData d;
    char *why = NULL;
    rc = download_parse(&T.a, f.xml, strlen(f.xml), &d, &why);
    if (rc) fail_msg("download_parse: %s %s", err_name(rc), why ? why : "");
    assert_int_equal(dlqueue_ack(T.db, f.name, sim_now(T.db)), 0);
    return d;
}

/* Is every download file acknowledged? */
static bool st_queue_empty(void) {
    DlFile f;
    return dlqueue_head(T.db, &T.a, &f) == -ERR_NOT_FOUND;
}

/* The one result of a file: its code, Czlx and Bs. */
static void st_expect(const DownloadData *d, int64_t code, int64_t czlx, const char *bs) {
    assert_true(d->has_results);
    assert_int_equal(d->n_results, 1);
    assert_int_equal(d->results[0].codes[0].code, code);
    assert_int_equal(d->results[0].op, czlx);
    if (bs) assert_string_equal(d->results[0].key, bs);
}

/* The next file carries result code (Czlx, Bs); returns it. */
static DownloadData st_next_expect(int64_t code, int64_t czlx, const char *bs) {
    DownloadData d = st_next();
    st_expect(&d, code, czlx, bs);
    return d;
}

/* The code waiting for mobile ("" when none). */
static const char *st_code(const char *mobile) {
    DbStmt *st;
    DbRc rc = db_query(
        T.db, &st, "SELECT code FROM sim_sms WHERE mobile = ? AND state = 'pending' ORDER BY id",
        "t", mobile);
    assert_true(rc >= 0);
    char *code = rc == DB_ROW ? db_col_text(st, &T.a, 0) : "";
    db_done(st);
    return code;
}

typedef struct StAnswer {
    const char *mobile, *code;
    SmsOutcome out;
    int64_t left;
} StAnswer;

static int st_answer_tx(Db *db, void *ctx) {
    StAnswer *s = ctx;
    SimEnv env = sim_env(db, FX_ISP);
    return engine_sms_answer(db, &T.a, &env, s->mobile, s->code, &s->out, &s->left);
}

/* The principal types code for mobile; then the timers run. */
static SmsOutcome st_answer(const char *mobile, const char *code) {
    StAnswer s = {mobile, code, SMS_NONE, 0};
    assert_int_equal(db_tx(T.db, st_answer_tx, &s), 0);
    st_tick();
    return s.out;
}

/* Every principal of the SMS_SENT file just read types the right code. */
static void st_pass_sms(const char *const *mobiles, size_t n) {
    for (size_t i = 0; i < n; i++)
        assert_int_equal(st_answer(mobiles[i], st_code(mobiles[i])), SMS_PASSED);
}

/* ICPmm of a filing password. */
static const char *st_icpmm(const char *password) {
    char *out = NULL;
    assert_int_equal(auth_icpmm(&T.a, password, &out), 0);
    return out;
}

#endif
