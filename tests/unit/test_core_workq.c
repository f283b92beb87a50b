/*
** Unit tests for src/core/workq: every job runs exactly once and its done
** callback after it on the same thread; many threads submitting at once
** lose nothing; one worker keeps FIFO order; stopping drains what was queued.
*/
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/workq.h"

typedef struct Job {
    atomic_int runs;  /* work calls */
    atomic_int dones; /* done calls */
    pthread_t worker; /* the thread that ran work */
    bool done_elsewhere;
    bool done_before_work;
    int sleep_us;
    atomic_int *order; /* next sequence number, shared */
    int seq;           /* when this job ran */
} Job;

static void sleep_us(int us) {
    struct timespec ts = {us / 1000000, (long)(us % 1000000) * 1000L};
    nanosleep(&ts, NULL);
}

static void job_work(void *ctx) {
    Job *j = ctx;
    if (j->sleep_us) sleep_us(j->sleep_us);
    j->worker = pthread_self();
    if (j->order) j->seq = atomic_fetch_add(j->order, 1);
    atomic_fetch_add(&j->runs, 1);
}

static void job_done(void *ctx) {
    Job *j = ctx;
    if (atomic_load(&j->runs) == 0) j->done_before_work = true;
    if (!pthread_equal(j->worker, pthread_self())) j->done_elsewhere = true;
    atomic_fetch_add(&j->dones, 1);
}

static void check_once(Job *jobs, size_t n, bool with_done) {
    for (size_t i = 0; i < n; i++) {
        if (atomic_load(&jobs[i].runs) != 1)
            fail_msg("job %zu ran %d times", i, atomic_load(&jobs[i].runs));
        if (with_done && atomic_load(&jobs[i].dones) != 1)
            fail_msg("job %zu: done ran %d times", i, atomic_load(&jobs[i].dones));
        if (!with_done) assert_int_equal(atomic_load(&jobs[i].dones), 0);
        if (jobs[i].done_elsewhere) fail_msg("job %zu: done ran on another thread", i);
        if (jobs[i].done_before_work) fail_msg("job %zu: done ran before work", i);
    }
}

static void test_every_job_once(void **state) {
    (void)state;
    enum { N = 20000 };
    Job *jobs = calloc(N, sizeof *jobs);
    WorkQueue *q = workq_start(4);
    for (size_t i = 0; i < N; i++)
        workq_submit(q, job_work, i % 3 ? job_done : NULL, &jobs[i]);
    workq_stop(q);
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(atomic_load(&jobs[i].runs), 1);
        assert_int_equal(atomic_load(&jobs[i].dones), i % 3 ? 1 : 0); /* NULL done is fine */
        assert_false(jobs[i].done_elsewhere);
        assert_false(jobs[i].done_before_work);
    }
    free(jobs);
}

typedef struct Nice {
    atomic_int seen;
    int base;
} Nice;

static void nice_work(void *ctx) {
    Nice *n = ctx;
    atomic_store(&n->seen, getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid)) - n->base);
}

/* The workers of workq_start_nice run lower than the thread that made them. */
static void test_workers_nice(void **state) {
    (void)state;
    Nice n = {.base = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid))};
    atomic_init(&n.seen, -100);
    WorkQueue *q = workq_start_nice(1, 10);
    workq_submit(q, nice_work, NULL, &n);
    workq_stop(q);
    assert_int_equal(atomic_load(&n.seen), n.base + 10 > 19 ? 19 - n.base : 10);
    q = workq_start(1); /* the default: as the process */
    workq_submit(q, nice_work, NULL, &n);
    workq_stop(q);
    assert_int_equal(atomic_load(&n.seen), 0);
}

typedef struct Submitter {
    WorkQueue *q;
    Job *jobs;
    size_t n;
    pthread_barrier_t *start;
} Submitter;

static void *submit_all(void *arg) {
    Submitter *s = arg;
    pthread_barrier_wait(s->start);
    for (size_t i = 0; i < s->n; i++)
        workq_submit(s->q, job_work, job_done, &s->jobs[i]);
    return NULL;
}

/* Eight threads submit at once to three workers (which are busy meanwhile). */
static void test_concurrent_submitters(void **state) {
    (void)state;
    enum { THREADS = 8, EACH = 3000 };
    Job *jobs = calloc(THREADS * EACH, sizeof *jobs);
    WorkQueue *q = workq_start(3);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    Submitter s[THREADS];
    pthread_t th[THREADS];
    for (int t = 0; t < THREADS; t++) {
        s[t] = (Submitter){q, jobs + (size_t)t * EACH, EACH, &start};
        pthread_create(&th[t], NULL, submit_all, &s[t]);
    }
    for (int t = 0; t < THREADS; t++)
        pthread_join(th[t], NULL);
    workq_stop(q);
    pthread_barrier_destroy(&start);
    check_once(jobs, THREADS * EACH, true);
    free(jobs);
}

/* One worker runs jobs in the order they were queued. */
static void test_fifo_with_one_worker(void **state) {
    (void)state;
    enum { N = 500 };
    Job jobs[N];
    memset(jobs, 0, sizeof jobs);
    atomic_int order = 0;
    WorkQueue *q = workq_start(1);
    for (int i = 0; i < N; i++) {
        jobs[i].order = &order;
        workq_submit(q, job_work, job_done, &jobs[i]);
    }
    workq_stop(q);
    for (int i = 0; i < N; i++)
        assert_int_equal(jobs[i].seq, i);
    check_once(jobs, N, true);
}

/* Stopping right after queueing slow jobs waits for all of them: nothing
** queued is dropped (the server relies on it to finish logins in flight). */
static void test_stop_drains(void **state) {
    (void)state;
    enum { N = 60 };
    Job jobs[N];
    memset(jobs, 0, sizeof jobs);
    WorkQueue *q = workq_start(2);
    for (int i = 0; i < N; i++) {
        jobs[i].sleep_us = 2000;
        workq_submit(q, job_work, job_done, &jobs[i]);
    }
    workq_stop(q);
    check_once(jobs, N, true);

    /* A pool asked for no threads still has one, and stopping an idle pool
    ** (or none) returns. */
    q = workq_start(0);
    Job one;
    memset(&one, 0, sizeof one);
    workq_submit(q, job_work, NULL, &one);
    workq_stop(q);
    check_once(&one, 1, false);
    workq_stop(workq_start(3));
    workq_stop(NULL);
}

/* Jobs spread over the workers: a slow job does not hold up the others. */
static void test_workers_run_in_parallel(void **state) {
    (void)state;
    Job slow, fast[20];
    memset(&slow, 0, sizeof slow);
    memset(fast, 0, sizeof fast);
    slow.sleep_us = 1000000;
    WorkQueue *q = workq_start(2);
    workq_submit(q, job_work, NULL, &slow);
    for (int i = 0; i < 20; i++)
        workq_submit(q, job_work, NULL, &fast[i]);
    for (int waited = 0; waited < 800; waited += 5) {
        int ran = 0;
        for (int i = 0; i < 20; i++)
            ran += atomic_load(&fast[i].runs);
        if (ran == 20) break;
        sleep_us(5000);
    }
    for (int i = 0; i < 20; i++)
        assert_int_equal(atomic_load(&fast[i].runs), 1);
    assert_int_equal(atomic_load(&slow.runs), 0); /* still sleeping */
    workq_stop(q);
    assert_int_equal(atomic_load(&slow.runs), 1);
}

/* A gate: a job that holds its worker until opened. */
static atomic_int gate_open;
static void gate_work(void *ctx) {
    (void)ctx;
    while (!atomic_load(&gate_open))
        sleep_us(1000);
}

/* Urgent jobs run before later ones queued earlier; the bound refuses
** what does not fit, later jobs already at half of it. */
static void test_priority_and_bound(void **state) {
    (void)state;
    atomic_store(&gate_open, 0);
    WorkQueue *q = workq_start(1);
    workq_bound(q, 4);
    assert_true(workq_try_submit(q, WORK_URGENT, gate_work, NULL, NULL));
    int urgent = -1, later = -1;
    for (int i = 0; i < 200 && urgent != 0; i++) { /* the gate is running, not waiting */
        workq_waiting(q, &urgent, &later);
        sleep_us(1000);
    }
    assert_int_equal(urgent, 0);
    atomic_int order = 0;
    Job jobs[5];
    memset(jobs, 0, sizeof jobs);
    for (int i = 0; i < 5; i++)
        jobs[i].order = &order;
    assert_true(workq_try_submit(q, WORK_LATER, job_work, NULL, &jobs[0]));
    assert_true(workq_try_submit(q, WORK_LATER, job_work, NULL, &jobs[1]));
    /* two waiting: half of 4, no room for a third later job */
    assert_false(workq_try_submit(q, WORK_LATER, job_work, NULL, &jobs[4]));
    assert_true(workq_try_submit(q, WORK_URGENT, job_work, NULL, &jobs[2]));
    assert_true(workq_try_submit(q, WORK_URGENT, job_work, NULL, &jobs[3]));
    assert_false(workq_try_submit(q, WORK_URGENT, job_work, NULL, &jobs[4])); /* full */
    workq_waiting(q, &urgent, &later);
    assert_int_equal(urgent, 2);
    assert_int_equal(later, 2);
    atomic_store(&gate_open, 1);
    workq_stop(q);
    assert_int_equal(jobs[2].seq, 0); /* the urgent ones first, in order */
    assert_int_equal(jobs[3].seq, 1);
    assert_int_equal(jobs[0].seq, 2);
    assert_int_equal(jobs[1].seq, 3);
    assert_int_equal(atomic_load(&jobs[4].runs), 0); /* refused: never ran */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_job_once),
        cmocka_unit_test(test_workers_nice),
        cmocka_unit_test(test_concurrent_submitters),
        cmocka_unit_test(test_fifo_with_one_worker),
        cmocka_unit_test(test_stop_drains),
        cmocka_unit_test(test_workers_run_in_parallel),
        cmocka_unit_test(test_priority_and_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
