/*
** The administration's engine: an accepted upload becomes items, each
** checked at intake and then carried on its own through SMS verification
** (短信核验: a 6-digit code per principal's mobile, 24 hours, 5 tries) and a
** review after a delay, ending approved (numbers assigned, the registry
** updated, BASJ/ZXSJ sent) or returned. Every step queues its result for
** isp_download.
**
** Timers are evaluated lazily with the simulated clock: every call that can
** observe them (SOAP calls, pages, test controls) runs engine_tick in a
** transaction of its own before (and after) its work, so no background
** thread is needed and a test that moves the clock sees the effect at its
** next call. Every function runs inside the caller's write
** transaction and returns 0 or a negative ErrCode.
*/
#ifndef BEIAN_SIMULATOR_ENGINE_H
#define BEIAN_SIMULATOR_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "simulator/store.h"

/* An SMS verification code is valid this long, and this many wrong codes fail it. */
#define SIM_SMS_VALID_S   (24 * 3600)
#define SIM_SMS_MAX_TRIES 5

typedef struct SimEnv {
    int64_t isp; /* the provider this administration serves (ispID) */
    int64_t now; /* the simulated clock */
    SimSettings set;
} SimEnv;

/* The environment of a call: settings and the clock, read from db. */
SimEnv sim_env(Db *db, int64_t isp);

/* One upload whose transport checks passed (authentication, pipeline). */
typedef struct SimUpload {
    int64_t sequence;
    const char *file_name; /* the zip entry's name */
    int64_t encrypt_alg;
    const char *info, *info_hash; /* as received */
    const char *xml;              /* the data file, decoded (UTF-8) */
    size_t xml_len;
} SimUpload;

typedef enum SeqVerdict {
    SEQ_NEXT,   /* the next number: accept */
    SEQ_REPEAT, /* a number already accepted: answer 0, apply nothing */
    SEQ_GAP,    /* beyond the next: answer 14 with the missing numbers */
} SeqVerdict;

/* How sequence compares with the last accepted number (*last). */
int engine_sequence(Db *db, int64_t sequence, int64_t *last, SeqVerdict *v);
/* Items in flight (SMS or review), for the queue bound (msg_code 15). */
int engine_in_flight(Db *db, int64_t *n);

/* Record an upload with the next sequence number and take in its items
** (what is due at once, with a review delay of 0, waits for engine_tick). */
int engine_accept(Db *db, Arena *a, const SimEnv *env, const SimUpload *u);

/* Run what is due at env->now: expired SMS codes, reviews. */
int engine_tick(Db *db, Arena *a, const SimEnv *env);

/* Decide item now (test control): approve, or return with code (0: 1002)
** and opinion (NULL: a standard one). -ERR_SIM_NOT_PENDING unless the item
** waits for its review. */
int engine_decide(Db *db, Arena *a, const SimEnv *env, int64_t item_id, bool approve, int64_t code,
                  const char *opinion);
/* The oldest item waiting for its review whose Bs is bs (NULL: any). */
int engine_pending_item(Db *db, const char *bs, int64_t *item_id);

typedef enum SmsOutcome {
    SMS_NONE,   /* no code waits for this mobile */
    SMS_PASSED, /* right: that code passed */
    SMS_WRONG,  /* wrong: tries left */
    SMS_FAILED, /* wrong for the 5th time: the verification failed */
} SmsOutcome;

/* A principal types code for mobile (the /sms page). Wrong codes count
** against every code waiting for that mobile. */
int engine_sms_answer(Db *db, Arena *a, const SimEnv *env, const char *mobile, const char *code,
                      SmsOutcome *out, int64_t *tries_left);
/* Test control: every code of item passes, as if typed right. */
int engine_sms_pass(Db *db, Arena *a, const SimEnv *env, int64_t item_id);

#endif
