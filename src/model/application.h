/*
** Application rows (申请): one filing request of one kind, its transitions
** (who moved it from which state to which, when, why) and the reasons of
** its returns, one per field. The values are sealed (model/sealed.h).
*/
#ifndef BEIAN_MODEL_APPLICATION_H
#define BEIAN_MODEL_APPLICATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "rules/filing_fields.h"
#include "rules/vocab.h"

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
    /* The provider's review: submissions so far, the reviewer holding it,
    ** the reviewer of its last return, the queue it waits in ("" none). */
    int review_round;
    int64_t claimed_by, claimed_at, returned_by;
    const char *queue;
    /* The administration's SMS verification: when it ends (0: none sent). */
    int64_t sms_deadline;
} Application;

typedef struct Transition {
    int64_t id, application_id, at, actor_id;
    const char *actor_login, *actor_role, *event, *from_state, *to_state, *note;
} Transition;

typedef struct ReturnReason {
    int64_t id, transition_id;
    FieldId field; /* FIELD_NONE: the application as a whole */
    const char *reason, *suggestion;
    const char *code; /* an administration's return: no_form | commercial | other; else "" */
} ReturnReason;

int app_insert(Db *db, Arena *a, Application *app);
int app_get(Db *db, Arena *a, int64_t id, Application *out);
/* Store values, steps, domain and note; -ERR_CONFLICT when the version moved. */
int app_store(Db *db, Arena *a, Application *app);
/* Move to state `to` and record the transition; *transition_id may be NULL.
** The review facts follow the state: a submission counts a round; the
** queue is the one `to` waits in; a resubmitted application goes back to the
** reviewer who returned it, a reopened one to the reviewer who reopened it,
** and any other move releases the claim. */
int app_move(Db *db, Application *app, AppState to, AppEvent ev, int64_t actor_id,
             const char *actor_role, const char *note, int64_t *transition_id);
int app_set_batch(Db *db, int64_t id, int64_t batch_id);
/* The facts the queues filter and search on, from the values submitted. */
int app_set_facts(Db *db, int64_t id, int province, const char *nature, bool commercial,
                  const char *principal_name);
/* The queue a state waits in after `round` submissions ("" none). */
const char *app_queue_of(AppState state, int round);
/* A reviewer claims it to work on it: under the provider's review or
** returned by the administration (not to_send: it waits for the sender). */
bool app_claimable(AppState state);
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
int return_reason_add(Db *db, int64_t app_id, int64_t transition_id, FieldId field,
                      const char *reason, const char *suggestion, const char *code);
/* The reasons of the application's latest return (empty when never returned). */
int return_reasons_latest(Db *db, Arena *a, int64_t app_id, ReturnReason **out, size_t *n);

#endif
