/*
** Subject rows (主体): the filer, one per account. Its record (the subject as
** filed: its own fields, its principal, its legal representative) is sealed;
** name, nature, province and number are plain columns for lists and lookups.
*/
#ifndef BEIAN_MODEL_SUBJECT_H
#define BEIAN_MODEL_SUBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
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

int subject_by_account(Db *db, Arena *a, int64_t account_id, Subject *out);
/* The same with the record left sealed (empty): for pages that show only
** the plain columns (the overview). */
int subject_by_account_meta(Db *db, Arena *a, int64_t account_id, Subject *out);
int subject_get(Db *db, Arena *a, int64_t id, Subject *out);
int subject_insert(Db *db, int64_t account_id, const char *origin, int64_t *id);
/* Name, nature and province shown in lists, from the values being filed. */
int subject_set_meta(Db *db, int64_t id, const char *name, const char *nature, int province);
int subject_set_record(Db *db, Arena *a, int64_t id, const Values *record, const char *cert_index);
int subject_set_number(Db *db, int64_t id, const char *number);
/* Take a claimed number with its (sealed) filing password; -ERR_CLAIM_NUMBER_TAKEN
** when another subject holds it. */
int subject_set_claim(Db *db, Arena *a, int64_t id, const char *number, const char *password);
int subject_set_verified(Db *db, int64_t id);
/* Start an abandoned subject over (its every application withdrawn or closed). */
int subject_reset(Db *db, int64_t id, const char *origin);
/* The nature Beian knows of a subject (its column, else its record); 0 when
** not known yet. */
SubjectNature subject_nature(const Subject *s);

#endif
