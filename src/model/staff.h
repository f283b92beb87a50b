/*
** Staff accounts (reviewers and admins) as admins manage them: list,
** create, change the role, disable and enable, reset the password. The
** first admin comes from the command line (`beian user add`). Every change
** is audited in its transaction. There is always an active admin: a change
** is made only by an active admin (checked inside the transaction:
** -ERR_FORBIDDEN for one demoted or disabled meanwhile), and nobody
** disables or demotes themself (-ERR_STAFF_SELF), so the admin acting stays
** one. (Two admins demoting each other at once: SQLite runs one after the
** other, PostgreSQL's serializable transactions retry one, and the second
** finds its admin gone.) A disabled account's sessions end at once; a reset
** password ends the account's other sessions.
*/
#ifndef BEIAN_MODEL_STAFF_H
#define BEIAN_MODEL_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/account.h"

/* Every staff account, admins first, then by login (read-only DbTxFn). */
typedef struct StaffList {
    Arena *a;
    Account *rows; /* out */
    size_t n;
} StaffList;
int staff_list(Db *db, void *ctx);

/* Create an active staff account: in.role is reviewer or admin, the other
** fields validated and the password hashed by the caller (in.account_type
** and in.status are set here). -ERR_LOGIN_TAKEN / -ERR_EMAIL_TAKEN.
** out: the account. */
typedef struct StaffCreate {
    Arena *a;
    AccountNew in;
    Actor who;
    Account out;
} StaffCreate;
int staff_create(Db *db, void *ctx);

/*
** A change to one staff account (-ERR_NOT_FOUND for an id that is not a
** staff account); out: the account after.
**   staff_set_role      role: reviewer | admin (-ERR_STATE when it has it)
**   staff_set_enabled   enable: disabled -> active, or active -> disabled
**                       with reason ("" none); -ERR_STATE otherwise
**   staff_set_password  password_hash: the new hash; the account's sessions
**                       end but keep_session (the admin's own, when they
**                       reset their own password); its reset links too
*/
typedef struct StaffChange {
    Arena *a;
    int64_t id;
    const char *role;
    bool enable;
    const char *reason;
    const char *password_hash;
    int64_t keep_session;
    Actor who;
    Account out;
} StaffChange;
int staff_set_role(Db *db, void *ctx);
int staff_set_enabled(Db *db, void *ctx);
int staff_set_password(Db *db, void *ctx);

#endif
