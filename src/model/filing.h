/*
** Rows of the filing model: subjects, sites, applications, transitions,
** return reasons. Plain reads and writes; the operations that combine them
** with the rules are in filing_ops.h.
**
** The values of an application and the records of subjects and sites are
** Values (rules/filing_fields.h) stored as sealed JSON: ID numbers and
** phones are never in the database in clear.
*/
#ifndef BEIAN_MODEL_FILING_H
#define BEIAN_MODEL_FILING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "rules/vocab.h"
#include "rules/filing_fields.h"

typedef struct Subject {
    int64_t id, account_id;
    const char *origin;         /* first_filing | claimed */
    const char *subject_number; /* NULL until known */
    int province;
    const char *nature, *name;
    Values record; /* the subject as filed; empty until then */
    bool downloaded, verified_on_site;
    int64_t created_at, updated_at;
} Subject;

typedef struct Site {
    int64_t id, subject_id;
    const char *site_number; /* NULL until approved */
    const char *name, *domain;
    Values record; /* the site, its principal and access as filed */
    int64_t created_at, updated_at;
} Site;

typedef struct Application {
    int64_t id, subject_id, site_id, batch_id, created_by;
    const char *number;
    AppKind kind;
    AppState state;
    const char *domain;
    Values values;
    const char *steps_done; /* "subject,site" */
    const char *customer_note;
    int64_t created_at, updated_at, submitted_at;
    int version;
} Application;

typedef struct Transition {
    int64_t id, application_id, at, actor_id;
    const char *actor_login, *actor_role, *event, *from_state, *to_state, *note;
} Transition;

typedef struct ReturnReason {
    int64_t id, transition_id;
    const char *field, *reason, *suggestion;
} ReturnReason;

/* Values <-> sealed JSON text (arena). An empty text gives empty values. */
char *values_seal(Arena *a, const Values *v);
int values_open(Arena *a, const char *sealed, Values *out);

int subject_by_account(Db *db, Arena *a, int64_t account_id, Subject *out);
int subject_get(Db *db, Arena *a, int64_t id, Subject *out);
int subject_insert(Db *db, int64_t account_id, const char *origin, int64_t *id);
/* Name, nature and province shown in lists, from the values being filed. */
int subject_set_meta(Db *db, int64_t id, const char *name, const char *nature, int province);
int subject_set_record(Db *db, Arena *a, int64_t id, const Values *record, const char *cert_index);
int subject_set_number(Db *db, int64_t id, const char *number);
int subject_set_claim(Db *db, Arena *a, int64_t id, const char *number, const char *password);
int subject_set_verified(Db *db, int64_t id);
/* Start an abandoned subject over (its every application withdrawn or closed). */
int subject_reset(Db *db, int64_t id, const char *origin);

int site_get(Db *db, Arena *a, int64_t id, Site *out);
int site_insert(Db *db, int64_t subject_id, int64_t *id);
int site_set_meta(Db *db, int64_t id, const char *name, const char *domain);
int site_set_record(Db *db, Arena *a, int64_t id, const Values *record);
int site_set_number(Db *db, int64_t id, const char *number);
/* Sites of a subject, oldest first. */
int sites_of_subject(Db *db, Arena *a, int64_t subject_id, Site **out, size_t *n);
/* -ERR_SITE_NUMBER_TAKEN when another site already has this number. */
int site_number_taken(Db *db, const char *number, int64_t site_id);
/* The highest -N of the subject's site numbers (0 when none). */
int site_max_seq(Db *db, int64_t subject_id, const char *subject_number, int *seq);

int app_insert(Db *db, Arena *a, Application *app);
int app_get(Db *db, Arena *a, int64_t id, Application *out);
/* Save values, steps, domain and note; -ERR_CONFLICT when the version moved. */
int app_save(Db *db, Arena *a, Application *app);
/* Move to state `to` and record the transition; *transition_id may be NULL. */
int app_move(Db *db, Application *app, AppState to, AppEvent ev, int64_t actor_id,
             const char *actor_role, const char *note, int64_t *transition_id);
int app_set_batch(Db *db, int64_t id, int64_t batch_id);
/* Applications of a subject, newest first (values not loaded when !with_values). */
int apps_of_subject(Db *db, Arena *a, int64_t subject_id, bool with_values, Application **out,
                    size_t *n);
/* The subject's applications in flight (lifecycle_in_flight), other than the
** batch or application `except` (0: none). */
int apps_in_flight(Db *db, int64_t subject_id, int64_t except_batch, int64_t *count);
/* Another site filed with this domain, or another application in flight for
** it: -ERR_DOMAIN_TAKEN / -ERR_DOMAIN_IN_FLIGHT, else 0. */
int app_domain_conflict(Db *db, const char *domain, int64_t app_id, int64_t site_id);
/* Applications in the given state, oldest submission first (staff queues). */
int apps_in_state(Db *db, Arena *a, AppState state, int limit, Application **out, size_t *n);

int transitions_of(Db *db, Arena *a, int64_t app_id, Transition **out, size_t *n);
int return_reason_add(Db *db, int64_t app_id, int64_t transition_id, const char *field,
                      const char *reason, const char *suggestion);
/* The reasons of the application's latest return (empty when never returned). */
int return_reasons_latest(Db *db, Arena *a, int64_t app_id, ReturnReason **out, size_t *n);

#endif
