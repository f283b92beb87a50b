/*
** Login recovery lookups.
*/
#include "model/recover.h"

#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "model/account.h"
#include "model/application.h"
#include "model/subject.h"
#include "rules/filing_number.h"

/* The subject principal's e-mail: from the filed record, or, for a subject
** claimed by number and not downloaded yet, from its claim. */
static const char *principal_email(Db *db, Arena *a, const Subject *s) {
    const char *email = values_get(&s->record, F_PRINCIPAL_EMAIL);
    if (*email) return email;
    Application *apps;
    size_t n;
    if (apps_of_subject(db, a, s->id, false, &apps, &n) < 0) return "";
    for (size_t i = 0; i < n; i++) { /* newest first */
        if (apps[i].kind != KIND_NEW_SITE_EXTERNAL && apps[i].kind != KIND_NEW_ACCESS) continue;
        Application full;
        if (app_get(db, a, apps[i].id, &full) == 0) {
            email = values_get(&full.values, F_CLAIM_PRINCIPAL_EMAIL);
            if (*email) return email;
        }
    }
    return "";
}

int recover_lookup(Db *db, Arena *a, const char *number, const char *email, int64_t *account_id,
                   const char **login, const char **to) {
    FilingNumber fn;
    if (filing_number_parse(number, &fn) != 0) return -ERR_NOT_FOUND;
    fn.site = 0; /* a site number names its subject too */
    const char *subject_number = filing_number_format(a, &fn);
    int64_t sid = 0;
    DbRc rc = db_query_i64(db, &sid, "SELECT id FROM subjects WHERE subject_number = ?", "t",
                           subject_number);
    if (rc < 0) return db_err(rc);
    if (!sid) return -ERR_NOT_FOUND;
    Subject s;
    int r = subject_get(db, a, sid, &s);
    if (r < 0) return r;
    const char *want = principal_email(db, a, &s);
    if (!*want || strcasecmp(want, email) != 0) return -ERR_NOT_FOUND;
    AccountAuth acct;
    r = account_auth_by_id(db, a, s.account_id, &acct);
    if (r < 0) return r;
    if (strcmp(acct.status, "active") != 0) return -ERR_NOT_FOUND;
    *account_id = acct.id;
    *to = want;
    *login = acct.login;
    return 0;
}
