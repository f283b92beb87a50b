/*
** The scheduler thread and the jobs of a server.
*/
#include "app/scheduler.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "model/notify.h"
#include "model/files.h"
#include "model/reset.h"
#include "model/schedule.h"
#include "model/session.h"

/* A job that failed is tried again after this. */
#define JOB_RETRY_S 60

static int purge_sessions(Db *db, const Config *cfg, int64_t now) {
    return session_purge(db, now - (int64_t)cfg->session_idle_min * 60,
                         now - (int64_t)cfg->session_max_hours * 3600);
}

static int purge_resets(Db *db, const Config *cfg, int64_t now) {
    (void)cfg;
    return reset_purge(db, now - 24 * 3600); /* kept a day after expiry, for the audit trail */
}

static int sms_notices(Db *db, const Config *cfg, int64_t now) {
    (void)cfg;
    int n = 0;
    int rc = notify_sms_due(db, now, &n);
    if (rc == 0 && n) log_info("job sms_notices: %d messages", n);
    return rc;
}

static int return_expiry(Db *db, const Config *cfg, int64_t now) {
    (void)cfg;
    int warned = 0, closed = 0;
    int rc = notify_expiry_due(db, now, &warned, &closed);
    if (rc == 0 && (warned || closed))
        log_info("job return_expiry: %d warned, %d closed", warned, closed);
    return rc;
}

/* Scans of withdrawn and closed applications, scan_retention_days after
** they ended; 200 applications a run, the rest at the next. */
static int erase_ended_scans(Db *db, const Config *cfg, int64_t now) {
    FileRetention op = {.before = now - (int64_t)cfg->scan_retention_days * 86400, .limit = 200};
    return file_retention_erase(db, &op);
}

const Job scheduler_jobs[] = {
    {"session_purge", 600, purge_sessions},
    {"reset_purge", 3600, purge_resets},
    /* Notifications (model/notify.h): the SMS deadline and its reminder;
    ** the 40-day warning and the 45-day close of untouched returns. */
    {"sms_notices", 60, sms_notices},
    {"return_expiry", 3600, return_expiry},
    {"scan_retention", 3600, erase_ended_scans},
};
const size_t scheduler_njobs = sizeof scheduler_jobs / sizeof scheduler_jobs[0];

typedef struct JobTx {
    const Job *job;
    const Config *cfg;
    const char *owner;
    int64_t now;
    bool claimed;
} JobTx;

static int ensure_tx(Db *db, void *ctx) {
    JobTx *t = ctx;
    return schedule_ensure(db, t->job->name, t->now);
}

static int claim_tx(Db *db, void *ctx) {
    JobTx *t = ctx;
    return schedule_claim(db, t->job->name, t->owner, t->now, SCHEDULER_LEASE_S, &t->claimed);
}

static int run_tx(Db *db, void *ctx) {
    JobTx *t = ctx;
    int rc = t->job->run(db, t->cfg, t->now);
    if (rc == 0)
        rc = schedule_done(db, t->job->name, t->owner, t->now, t->now + t->job->period_s, NULL);
    return rc;
}

static int failed_tx(Db *db, void *ctx) {
    JobTx *t = ctx;
    return schedule_done(db, t->job->name, t->owner, t->now, t->now + JOB_RETRY_S,
                         "the job failed; see the server log");
}

/* Run one job if it is due and this owner gets its lease: 1 when it ran. */
static int run_job(Db *db, const Config *cfg, const Job *job, const char *owner, int64_t now) {
    JobTx t = {job, cfg, owner, now, false};
    int rc = db_tx(db, ensure_tx, &t);
    if (rc == 0) rc = db_tx(db, claim_tx, &t);
    if (rc < 0 || !t.claimed) return rc;
    rc = db_tx(db, run_tx, &t);
    if (rc == 0) return 1;
    log_error("job %s failed: %s", job->name, err_name(rc));
    db_tx(db, failed_tx, &t);
    return rc;
}

int scheduler_tick(Db *db, const Config *cfg, const Job *jobs, size_t n, const char *owner,
                   int64_t now) {
    int ran = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = run_job(db, cfg, &jobs[i], owner, now);
        if (rc < 0 && rc != -ERR_DB && rc != -ERR_DB_RETRY) continue; /* logged; next job */
        if (rc < 0) return rc;
        ran += rc;
    }
    return ran;
}

struct Scheduler {
    const Config *cfg;
    const Job *jobs;
    size_t n;
    char owner[96];
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stopping;
};

static void *scheduler_main(void *arg) {
    Scheduler *s = arg;
    Db *db = NULL;
    pthread_mutex_lock(&s->mu);
    while (!s->stopping) {
        pthread_mutex_unlock(&s->mu);
        if (!db) db = db_open(config_database((Config *)s->cfg));
        if (db) scheduler_tick(db, s->cfg, s->jobs, s->n, s->owner, time_now());
        pthread_mutex_lock(&s->mu);
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += s->cfg->jobs_tick_s > 0 ? s->cfg->jobs_tick_s : 30;
        if (!s->stopping) pthread_cond_timedwait(&s->cv, &s->mu, &ts);
    }
    pthread_mutex_unlock(&s->mu);
    if (db) db_close(db);
    return NULL;
}

Scheduler *scheduler_start(const Config *cfg, const Job *jobs, size_t n) {
    Scheduler *s = xcalloc(1, sizeof *s);
    s->cfg = cfg;
    s->jobs = jobs;
    s->n = n;
    char host[64] = "node";
    gethostname(host, sizeof host - 1);
    Arena a;
    arena_init(&a);
    snprintf(s->owner, sizeof s->owner, "%s/%d/%s", host, (int)getpid(), rand_token(&a, 6));
    arena_free(&a);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    if (pthread_create(&s->thread, NULL, scheduler_main, s) != 0) core_oom(0);
    return s;
}

void scheduler_stop(Scheduler *s) {
    if (!s) return;
    pthread_mutex_lock(&s->mu);
    s->stopping = true;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}
