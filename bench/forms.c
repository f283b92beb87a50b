/*
** Benchmark of the printable forms: renders verification forms (an
** organisation with one site, two pages, QR code) in 1 thread and then in
** as many threads as the machine has cores, and prints forms per second per
** core for each, plus the single-thread rate of the other documents.
**
** "Per core" is measured in CPU time: forms rendered divided by the CPU
** seconds the rendering threads used (CLOCK_THREAD_CPUTIME_ID), so other
** load on the machine does not distort it. The wall-clock rate of all
** threads together is printed as well.
** Build and run with bench/run-forms.sh.
**
** usage: forms [seconds per measurement, default 3] [threads, default nproc]
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "docs/forms.h"
#include "docs_fixture.h"

typedef enum Doc { DOC_VERIFICATION, DOC_MANY_SITES, DOC_AGREEMENT, DOC_AUTHORISATION } Doc;

typedef struct Job {
    Doc doc;
    double seconds;
    long forms;
    double cpu; /* seconds of CPU used by the measured forms */
    size_t bytes;
    int err;
} Job;

static double thread_cpu(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int render(Doc doc, Arena *a, Buf *out) {
    if (doc == DOC_VERIFICATION || doc == DOC_MANY_SITES) {
        FormVerification f = fx_verification(a, true, doc == DOC_MANY_SITES ? 12 : 1);
        return form_verification_pdf(&f, out);
    }
    if (doc == DOC_AGREEMENT) {
        FormAgreement f = {.app_number = FX_APP_NUMBER,
                           .date = "2026-03-01",
                           .subject = fx_org_subject(),
                           .provider = fx_provider(),
                           .sites = fx_sites(a, 1, true),
                           .n_sites = 1};
        return form_agreement_pdf(&f, NULL, out);
    }
    FormAuthorisation f = {.app_number = FX_APP_NUMBER,
                           .date = "2026-03-01",
                           .provider_name = FX_PROVIDER,
                           .subject = fx_org_subject(),
                           .sites = fx_sites(a, 1, true),
                           .n_sites = 1};
    f.grantee = f.sites[0].principal;
    return form_authorisation_pdf(&f, NULL, out);
}

static void *worker(void *arg) {
    Job *j = arg;
    Arena a;
    arena_init(&a);
    Buf out;
    buf_init(&out, NULL);
    /* The first form of a thread loads its fonts: not part of the rate. */
    j->err = render(j->doc, &a, &out);
    int64_t end = time_mono_us() + (int64_t)(j->seconds * 1e6);
    double cpu0 = thread_cpu();
    while (!j->err && time_mono_us() < end) {
        arena_reset(&a);
        buf_reset(&out);
        j->err = render(j->doc, &a, &out);
        j->forms++;
        j->bytes = out.len;
    }
    j->cpu = thread_cpu() - cpu0;
    buf_free(&out);
    arena_free(&a);
    return NULL;
}

/* Forms per CPU second (per core); *wall_rate: forms per wall-clock second
** of all threads together. */
static double run(Doc doc, int threads, double seconds, size_t *bytes, double *wall_rate) {
    Job *jobs = calloc((size_t)threads, sizeof *jobs);
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    int64_t t0 = time_mono_us();
    for (int i = 0; i < threads; i++) {
        jobs[i] = (Job){.doc = doc, .seconds = seconds};
        pthread_create(&tid[i], NULL, worker, &jobs[i]);
    }
    long forms = 0;
    double cpu = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(tid[i], NULL);
        if (jobs[i].err) {
            fprintf(stderr, "render failed: %s\n", err_msg(jobs[i].err, LANG_EN));
            exit(1);
        }
        forms += jobs[i].forms;
        cpu += jobs[i].cpu;
    }
    double wall = (double)(time_mono_us() - t0) / 1e6;
    *bytes = jobs[0].bytes;
    if (wall_rate) *wall_rate = (double)forms / (wall > seconds ? seconds : wall);
    free(jobs);
    free(tid);
    return (double)forms / cpu;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 3.0;
    int cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
    int threads = argc > 2 ? atoi(argv[2]) : cores;
    if (seconds <= 0 || threads <= 0) {
        fprintf(stderr, "usage: forms [seconds] [threads]\n");
        return 2;
    }
    size_t bytes;
    double wall;
    double one = run(DOC_VERIFICATION, 1, seconds, &bytes, NULL);
    printf("verification form (1 site, 2 pages, %zu bytes), 1 thread: %.1f forms/s per core "
           "(%.2f ms CPU each)\n",
           bytes, one, 1000.0 / one);
    double all = run(DOC_VERIFICATION, threads, seconds, &bytes, &wall);
    printf("verification form, %d threads on %d cores: %.1f forms/s per core; %.1f forms/s "
           "wall clock in all\n",
           threads, cores, all, wall);
    static const char *const names[] = {"", "verification form, 12 sites", "security agreement",
                                        "authorisation letter"};
    for (Doc d = DOC_MANY_SITES; d <= DOC_AUTHORISATION; d++) {
        double r = run(d, 1, seconds / 2, &bytes, NULL);
        printf("%s (%zu bytes), 1 thread: %.1f forms/s per core (%.2f ms CPU each)\n", names[d],
               bytes, r, 1000.0 / r);
    }
    printf("target: >= 80 verification forms/s per core: %s\n",
           one >= 80 && all >= 80 ? "met" : "NOT met");
    return 0;
}
