/*
** The customer's overview and the derived statuses of subjects and sites
** (seed §3: 待下载更新, 尚未提交, 报备阶段, ...), computed from the
** applications by the pure rules (rules/lifecycle.h).
*/
#ifndef BEIAN_MODEL_OVERVIEW_H
#define BEIAN_MODEL_OVERVIEW_H

#include <stdbool.h>

#include "model/application.h"
#include "model/site.h"
#include "model/subject.h"

/* The subject's derived status; *in_flight (may be NULL): something
** submitted is undecided. */
int subject_status_of(Db *db, Arena *a, const Subject *s, SubjectStatus *status, bool *in_flight);
/* A site's derived status. */
int site_status_of(Db *db, Arena *a, int64_t subject_id, int64_t site_id, SiteStatus *status);
/* The same from the subject's applications already in hand (newest first). */
SiteStatus site_status_in(Arena *a, const Application *apps, size_t n, const Site *site);
/* True when every application of the subject was withdrawn or closed: the
** account may start over with it. */
int subject_is_abandoned(Db *db, Arena *a, const Subject *s, bool *abandoned);

typedef struct SiteView {
    Site site;
    SiteStatus status;
    const char *name, *domain; /* as filed, or as being filed */
} SiteView;

/* The customer's overview: subject, its derived status, its sites with
** theirs, and its applications newest first (a DbTxFn). */
typedef struct Overview {
    Arena *a;
    int64_t account_id;
    bool has_subject;     /* out */
    Subject subject;      /* out */
    SubjectStatus status; /* out */
    SiteView *sites;      /* out */
    size_t nsites;
    Application *apps; /* out, newest first */
    size_t napps;
    bool in_flight; /* out: an application is under review */
} Overview;
int overview_load(Db *db, void *ctx);

#endif
