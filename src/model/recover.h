/*
** Recovering a lost login (seed §5): the ICP filing number and the subject
** principal's e-mail identify the account.
*/
#ifndef BEIAN_MODEL_RECOVER_H
#define BEIAN_MODEL_RECOVER_H

#include <stdint.h>

#include "db/db.h"

/* The account whose subject has this number (a subject number, or the
** subject part of a site number) and whose subject principal's e-mail is
** email (case-insensitive). -ERR_NOT_FOUND when either does not match. */
/* *to gets the address as Beian holds it (the mail goes there). */
int recover_lookup(Db *db, Arena *a, const char *number, const char *email, int64_t *account_id,
                   const char **login, const char **to);

#endif
