/*
** Helpers shared by the files of the filing operations (src/model only).
*/
#ifndef BEIAN_MODEL_FILING_INTERNAL_H
#define BEIAN_MODEL_FILING_INTERNAL_H

#include "model/filing_ops.h"

extern const char *const subject_groups[];
extern const char *const site_groups[];

/* Load an application and its subject; with an account id, only that
** account's (else -ERR_NOT_FOUND). */
int load_app_for(Db *db, Arena *a, int64_t account_id, int64_t app_id, Application *app,
                 Subject *subject);
/* The subject's derived status; *in_flight: something submitted is undecided. */
int subject_facts(Db *db, Arena *a, const Subject *s, SubjectStatus *status, bool *in_flight);
int site_status_of(Db *db, Arena *a, int64_t subject_id, int64_t site_id, SiteStatus *status);
/* The same from the subject's applications already in hand (newest first). */
SiteStatus site_status_in(Arena *a, const Application *apps, size_t n, int64_t site_id);
void values_copy_groups(Values *v, const Values *from, const char *const *groups);
int filing_context(Db *db, Arena *a, const Application *app, const Subject *s, const Values *v,
                   FilingContext *ctx, ProvinceRules *province);
/* True when every application of the subject was withdrawn or closed. */
int subject_is_abandoned(Db *db, Arena *a, const Subject *s, bool *abandoned);
/* A copy of v in the arena (checks normalise in place). */
Values values_dup(Arena *a, const Values *v);

#endif
