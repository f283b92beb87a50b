/*
** `beian dev generate`: fill the configured database with a realistic
** population of filings (docs/performance.md, "The review queue at a
** million applications").
*/
#ifndef BEIAN_APP_GENERATE_H
#define BEIAN_APP_GENERATE_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "model/bulk.h"
#include "rules/vocab.h"

typedef struct GenOptions {
    int64_t applications; /* how many to make */
    uint64_t seed;
    /* Sealed documents are sealed once per template and the ciphertext is
    ** shared: `templates` filers per nature and province (default 4). */
    int templates;
    int batch;            /* applications per transaction (default 10,000) */
    const char *password; /* every generated account's password */
    bool progress;        /* a progress line on stderr */
    int64_t now;          /* the present the times lead up to (0: the clock) */
} GenOptions;

typedef struct GenStats {
    int64_t rows[BULK__COUNT];    /* rows written, per table */
    int64_t states[STATE__COUNT]; /* applications, per state */
    int64_t queues[8];            /* per queue: new, resubmitted, returned, to_send */
    int64_t seals;                /* documents sealed (the rest share them) */
    double seconds;               /* from start to the last commit */
    double maker_cpu, writer_cpu; /* CPU seconds of the two threads */
    double finish_seconds;        /* statistics (ANALYZE) and sequences after it */
    double index_seconds;         /* PostgreSQL: of seconds, indexes built and keys checked */
} GenStats;

/* Queue slots of GenStats.queues. */
enum { GEN_Q_NEW, GEN_Q_RESUBMITTED, GEN_Q_RETURNED, GEN_Q_TO_SEND };

/* Generate into db (migrated; the master key loaded). Existing rows stay:
** new ids follow the largest ones. Returns 0 or a negative ErrCode. */
int generate_run(Db *db, const GenOptions *o, GenStats *out);

#endif
