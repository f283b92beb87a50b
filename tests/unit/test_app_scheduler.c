/*
** The scheduler's jobs against a real database (issue 7): session_purge and
** reset_purge delete the expired rows and keep the live ones; a job runs
** when due and not again before its period; and two schedulers (two nodes,
** each with its own connection) ticking at the same moment run each job
** once between them. On SQLite always, and on PostgreSQL too when
** BEIAN_TEST_PG_URL is set (a fresh schema).
*/
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/scheduler.h"
#include "core/config.h"
#include "model/reset.h"
#include "model/schedule.h"
#include "model/session.h"
#include "model_fixture.h"

typedef struct SchedFix {
    ModelFix f;
    char dir[256]; /* SQLite: the directory of the file */
    Db *admin;     /* PostgreSQL: the connection that made the schema */
    char schema[64];
} SchedFix;

static Config cfg;

/* The two purge jobs of the server's table (other jobs have tests of their
** own: model_tests_notify.h, the retention tests), by name. */
static const Job *purge_jobs(void) {
    static Job jobs[2];
    static const char *const names[] = {"session_purge", "reset_purge"};
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < scheduler_njobs; i++)
            if (!strcmp(scheduler_jobs[i].name, names[k])) jobs[k] = scheduler_jobs[i];
    return jobs;
}

static int sq_setup(void **state) {
    SchedFix *x = calloc(1, sizeof *x);
    snprintf(x->dir, sizeof x->dir, "%s/beian-schedtest-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(x->dir)) return -1;
    snprintf(x->f.url, sizeof x->f.url, "sqlite:%s/sched.db", x->dir);
    x->f.db = db_open(x->f.url);
    if (!x->f.db || mf_ready(&x->f) != 0) return -1;
    x->f.priv = x;
    *state = &x->f;
    return 0;
}

static int sq_teardown(void **state) {
    SchedFix *x = ((ModelFix *)*state)->priv;
    mf_release(&x->f);
    const char *files[] = {"sched.db", "sched.db-wal", "sched.db-shm"};
    for (int i = 0; i < 3; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s/%s", x->dir, files[i]);
        unlink(p);
    }
    rmdir(x->dir);
    free(x);
    return 0;
}

static int pg_seq;

static int pg_setup(void **state) {
    const char *base = getenv("BEIAN_TEST_PG_URL");
    if (!base || !*base) {
        *state = NULL;
        return 0; /* the test skips */
    }
    SchedFix *x = calloc(1, sizeof *x);
    x->f.priv = x;
    *state = &x->f;
    x->admin = db_open(base);
    if (!x->admin) return -1;
    snprintf(x->schema, sizeof x->schema, "beian_s%d_%d", (int)getpid(), ++pg_seq);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", x->schema);
    if (db_exec(x->admin, sql, NULL) < 0) return -1;
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", x->schema);
    if (db_exec(x->admin, sql, NULL) < 0) return -1;
    snprintf(x->f.url, sizeof x->f.url, "%s%coptions=-csearch_path%%3D%s", base,
             strchr(base, '?') ? '&' : '?', x->schema);
    x->f.db = db_open(x->f.url);
    if (!x->f.db || mf_ready(&x->f) != 0) return -1;
    return 0;
}

static int pg_teardown(void **state) {
    if (!*state) return 0;
    SchedFix *x = ((ModelFix *)*state)->priv;
    mf_release(&x->f);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", x->schema);
    db_exec(x->admin, sql, NULL);
    db_close(x->admin);
    free(x);
    return 0;
}

static int64_t count(ModelFix *f, const char *table) {
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    int64_t n = 0;
    assert_true(db_query_i64(f->db, &n, sql, NULL) >= 0);
    return n;
}

/* How often a job ran (0 when the scheduler never saw it). */
static int64_t runs_of(ModelFix *f, const char *job) {
    JobState s;
    int rc = schedule_state(f->db, &f->a, job, &s);
    if (rc == -ERR_NOT_FOUND) return 0;
    assert_int_equal(rc, 0);
    return s.runs;
}

/* A session (created, last seen) and a reset link (expires at). */
static void session_at(ModelFix *f, int64_t acc, int64_t created, int64_t seen) {
    char *tok;
    int64_t id;
    assert_int_equal(session_create(f->db, &f->a, acc, "ip", "ua", &tok, &id), 0);
    mf_exec(f->db, "UPDATE sessions SET created_at = ? WHERE id = ?", created, id);
    mf_exec(f->db, "UPDATE sessions SET last_seen = ? WHERE id = ?", seen, id);
}

static void reset_at(ModelFix *f, int64_t acc, int64_t expires) {
    char *tok;
    assert_int_equal(reset_create(f->db, &f->a, acc, 3600, &tok), 0);
    int64_t id = 0;
    assert_true(db_query_i64(f->db, &id, "SELECT max(id) FROM password_resets", NULL) >= 0);
    mf_exec(f->db, "UPDATE password_resets SET expires_at = ? WHERE id = ?", expires, id);
}

/* Rows the jobs must delete and rows they must keep, as of `now`. */
static void expired_rows(ModelFix *f, int64_t acc, int64_t now) {
    int64_t idle = (int64_t)cfg.session_idle_min * 60, max = (int64_t)cfg.session_max_hours * 3600;
    session_at(f, acc, now - 60, now - 10);         /* live */
    session_at(f, acc, now - 3600, now - idle - 1); /* idle too long */
    session_at(f, acc, now - max - 1, now - 5);     /* logged in too long ago */
    reset_at(f, acc, now + 3600);                   /* live */
    reset_at(f, acc, now - 3600);                   /* expired, kept a day */
    reset_at(f, acc, now - 24 * 3600 - 1);          /* expired more than a day ago */
}

static void jobs_purge(void **state) {
    ModelFix *f = *state;
    if (!f) skip();
    int64_t acc = mf_account(f, "sched", "customer", "active");
    const int64_t now = time_now();
    expired_rows(f, acc, now);
    assert_int_equal(count(f, "sessions"), 3);
    assert_int_equal(count(f, "password_resets"), 3);
    /* Both jobs are due at their first tick and run. */
    assert_int_equal(scheduler_tick(f->db, &cfg, purge_jobs(), 2, "node-a", now), 2);
    assert_int_equal(count(f, "sessions"), 1);
    assert_int_equal(count(f, "password_resets"), 2);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM sessions WHERE last_seen = ?", now - 10),
                     1);
    assert_int_equal(
        mf_i64(f->db, "SELECT count(*) FROM password_resets WHERE expires_at >= ?", now - 3600), 2);
    assert_int_equal(runs_of(f, "session_purge"), 1);
    assert_int_equal(runs_of(f, "reset_purge"), 1);
    /* Not again before their period; the sessions' job after 10 minutes. */
    expired_rows(f, acc, now);
    assert_int_equal(scheduler_tick(f->db, &cfg, purge_jobs(), 2, "node-a", now + 599), 0);
    assert_int_equal(count(f, "sessions"), 4);
    assert_int_equal(scheduler_tick(f->db, &cfg, purge_jobs(), 2, "node-b", now + 600), 1);
    assert_int_equal(count(f, "sessions"), 2); /* the two live ones */
    assert_int_equal(count(f, "password_resets"), 5);
    assert_int_equal(scheduler_tick(f->db, &cfg, purge_jobs(), 2, "node-a", now + 3600), 2);
    /* reset_purge an hour on: the link expired an hour before is kept still. */
    assert_int_equal(count(f, "password_resets"), 4);
    assert_int_equal(runs_of(f, "session_purge"), 3);
    assert_int_equal(runs_of(f, "reset_purge"), 2);
}

/* A node dies while it runs a job (its lease taken, never given back): the
** other node waits for the lease to run out, then runs the job. */
static void jobs_dead_node(void **state) {
    ModelFix *f = *state;
    if (!f) skip();
    const int64_t now = time_now();
    assert_int_equal(scheduler_tick(f->db, &cfg, purge_jobs(), 2, "node-a", now), 2);
    const int64_t due = now + 600; /* session_purge's next run */
    bool claimed = false;
    assert_int_equal(
        schedule_claim(f->db, "session_purge", "node-a", due, SCHEDULER_LEASE_S, &claimed), 0);
    assert_true(claimed); /* ... and node-a is killed */
    assert_int_equal(scheduler_tick(f->db, &cfg, purge_jobs(), 2, "node-b", due + 1), 0);
    assert_int_equal(
        scheduler_tick(f->db, &cfg, purge_jobs(), 2, "node-b", due + SCHEDULER_LEASE_S), 0);
    assert_int_equal(
        scheduler_tick(f->db, &cfg, purge_jobs(), 2, "node-b", due + SCHEDULER_LEASE_S + 1), 1);
    assert_int_equal(runs_of(f, "session_purge"), 2);
    JobState s;
    assert_int_equal(schedule_state(f->db, &f->a, "session_purge", &s), 0);
    assert_true(s.next_run_at > due + SCHEDULER_LEASE_S + 1); /* done, the lease given back */
}

/* Two nodes tick at the same moment, round after round. */
typedef struct Node {
    const char *url, *owner;
    int64_t now;
    pthread_barrier_t *start;
    int ran;
} Node;

static void *node_main(void *arg) {
    Node *n = arg;
    Db *db = db_open(n->url);
    pthread_barrier_wait(n->start);
    n->ran = db ? scheduler_tick(db, &cfg, purge_jobs(), 2, n->owner, n->now) : -1;
    if (db) db_close(db);
    return NULL;
}

#define ROUNDS 12

static void jobs_race(void **state) {
    ModelFix *f = *state;
    if (!f) skip();
    int64_t acc = mf_account(f, "race", "customer", "active");
    int64_t now = time_now();
    for (int round = 0; round < ROUNDS; round++, now += 3600) {
        expired_rows(f, acc, now);
        int64_t runs = runs_of(f, "session_purge") + runs_of(f, "reset_purge");
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, 2);
        Node nodes[2] = {{f->url, "node-a", now, &start, 0}, {f->url, "node-b", now, &start, 0}};
        pthread_t t[2];
        for (int i = 0; i < 2; i++)
            assert_int_equal(pthread_create(&t[i], NULL, node_main, &nodes[i]), 0);
        for (int i = 0; i < 2; i++)
            pthread_join(t[i], NULL);
        pthread_barrier_destroy(&start);
        assert_true(nodes[0].ran >= 0 && nodes[1].ran >= 0);
        /* Each job due once this round (an hour apart): run once in all. */
        if (nodes[0].ran + nodes[1].ran != 2)
            fail_msg("round %d: node-a ran %d, node-b ran %d (2 jobs due)", round, nodes[0].ran,
                     nodes[1].ran);
        assert_int_equal(runs_of(f, "session_purge") + runs_of(f, "reset_purge"), runs + 2);
        /* And the work was done: only the live rows of this round (and the
        ** resets expired less than a day ago) are left. */
        assert_int_equal(
            mf_i64(f->db, "SELECT count(*) FROM sessions WHERE last_seen < ?", now - 3600), 0);
        assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM password_resets WHERE expires_at < ?",
                                now - 24 * 3600),
                         0);
    }
    assert_int_equal(runs_of(f, "session_purge"), ROUNDS);
    assert_int_equal(runs_of(f, "reset_purge"), ROUNDS);
}

static void sqlite_jobs_purge(void **state) {
    jobs_purge(state);
}
static void sqlite_jobs_race(void **state) {
    jobs_race(state);
}
static void sqlite_jobs_dead_node(void **state) {
    jobs_dead_node(state);
}
static void pg_jobs_dead_node(void **state) {
    jobs_dead_node(state);
}
static void pg_jobs_purge(void **state) {
    jobs_purge(state);
}
static void pg_jobs_race(void **state) {
    jobs_race(state);
}

int main(void) {
    config_defaults(&cfg);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sqlite_jobs_purge, sq_setup, sq_teardown),
        cmocka_unit_test_setup_teardown(sqlite_jobs_race, sq_setup, sq_teardown),
        cmocka_unit_test_setup_teardown(sqlite_jobs_dead_node, sq_setup, sq_teardown),
        cmocka_unit_test_setup_teardown(pg_jobs_purge, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(pg_jobs_race, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(pg_jobs_dead_node, pg_setup, pg_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
