/*
** Site rows (网站) of a subject. Its record (the site, its principal and its
** access as filed) is sealed; name, domain and number are plain columns.
*/
#ifndef BEIAN_MODEL_SITE_H
#define BEIAN_MODEL_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "rules/filing_fields.h"

typedef struct Site {
    int64_t id, subject_id;
    const char *site_number; /* NULL until approved */
    const char *name, *domain;
    Values record; /* the site, its principal and access as filed */
    int64_t created_at, updated_at;
} Site;

int site_get(Db *db, Arena *a, int64_t id, Site *out);
int site_insert(Db *db, int64_t subject_id, int64_t *id);
int site_set_meta(Db *db, int64_t id, const char *name, const char *domain);
int site_set_record(Db *db, Arena *a, int64_t id, const Values *record);
int site_set_number(Db *db, int64_t id, const char *number);
/* Remove a site only app_id brought and that was never filed: the
** application forgets it (it keeps the values typed) and the row goes.
** Nothing happens to a site with a number or another application. */
int site_drop_unfiled(Db *db, int64_t site_id, int64_t app_id);
/* Sites of a subject, oldest first. */
int sites_of_subject(Db *db, Arena *a, int64_t subject_id, Site **out, size_t *n);
/* The same with the records left sealed (empty) unless the name or the
** domain column is empty: for lists that show only those. */
int sites_of_subject_meta(Db *db, Arena *a, int64_t subject_id, Site **out, size_t *n);
/* How many of a subject's sites have a number (filed), records unopened. */
int sites_filed_count(Db *db, int64_t subject_id, int64_t *n);
/* -ERR_SITE_NUMBER_TAKEN when another site already has this number. */
int site_number_taken(Db *db, const char *number, int64_t site_id);
/* The highest -N of the subject's site numbers (0 when none). */
int site_max_seq(Db *db, int64_t subject_id, const char *subject_number, int *seq);

#endif
