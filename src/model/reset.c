/*
** Password-reset tokens: a random token mailed to the account's owner; the
** database keeps only its SHA-256.
*/
#include "model/reset.h"

#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"
#include "model/account.h"
#include "model/session.h"

int reset_create(Db *db, Arena *a, int64_t account_id, int ttl, char **token) {
    *token = rand_token(a, 32);
    int64_t now = time_now(), id;
    DbRc rc =
        db_insert(db, &id,
                  "INSERT INTO password_resets (account_id, token_hash, created_at, expires_at) "
                  "VALUES (?, ?, ?, ?) RETURNING id",
                  "itii", account_id, crypto_sha256_hex(a, *token, strlen(*token)), now, now + ttl);
    return rc < 0 ? db_err(rc) : 0;
}

int reset_lookup(Db *db, Arena *a, const char *token, int64_t *account_id) {
    *account_id = 0;
    DbRc rc = db_query_i64(db, account_id,
                           "SELECT account_id FROM password_resets WHERE token_hash = ? "
                           "AND used_at IS NULL AND expires_at > ?",
                           "ti", crypto_sha256_hex(a, token, strlen(token)), time_now());
    if (rc < 0) return db_err(rc);
    return *account_id ? 0 : -ERR_NOT_FOUND;
}

int reset_consume(Db *db, Arena *a, const char *token, int64_t *account_id) {
    int rc = reset_lookup(db, a, token, account_id);
    if (rc < 0) return rc;
    /* Inside the caller's transaction: the lookup and the update are one. */
    DbRc d = db_exec(
        db, "UPDATE password_resets SET used_at = ? WHERE account_id = ? AND used_at IS NULL", "ii",
        time_now(), *account_id);
    return d < 0 ? db_err(d) : 0;
}

int reset_revoke_account(Db *db, int64_t account_id) {
    DbRc rc = db_exec(
        db, "UPDATE password_resets SET used_at = ? WHERE account_id = ? AND used_at IS NULL", "ii",
        time_now(), account_id);
    return rc < 0 ? db_err(rc) : 0;
}

int reset_open(Db *db, void *ctx) {
    ResetOpen *op = ctx;
    op->login = NULL;
    int rc = reset_lookup(db, op->a, op->token, &op->account_id);
    AccountAuth acct;
    if (rc == 0) rc = account_auth_by_id(db, op->a, op->account_id, &acct);
    if (rc == 0) op->login = acct.login;
    return rc;
}

int reset_use(Db *db, void *ctx) {
    ResetUse *op = ctx;
    int64_t account_id = 0;
    int rc = reset_consume(db, op->a, op->token, &account_id);
    if (rc == 0 && account_id != op->account_id) rc = -ERR_NOT_FOUND;
    if (rc == 0) rc = account_set_password(db, account_id, op->new_hash);
    if (rc == 0) rc = session_delete_account(db, account_id, 0);
    if (rc == 0)
        rc = audit_write(db, &op->who, "account.password_reset", "account", account_id, NULL);
    return rc;
}

int reset_purge(Db *db, int64_t cutoff) {
    DbRc rc = db_exec(db, "DELETE FROM password_resets WHERE expires_at < ?", "i", cutoff);
    return rc < 0 ? db_err(rc) : 0;
}
