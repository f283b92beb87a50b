/*
** Login recovery lookups.
*/
#include "model/recover.h"

#include <string.h>
#include <strings.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"
#include "model/account.h"
#include "model/outbox.h"
#include "model/reset.h"
#include "model/throttle.h"
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

/* The mail of a matched request. */
static int recover_mail(Db *db, Arena *a, int ttl_s, const char *number, const char *origin,
                        int64_t account_id, const char *login, const char *to) {
    char *token;
    int rc = reset_create(db, a, account_id, ttl_s, &token);
    if (rc < 0) return rc;
    const char *body = arena_printf(
        a,
        "您好：\n\n有人在 ICP备案系统 上用备案号 %s 和本邮箱申请找回登录信息。\n\n"
        "登录名：%s\n\n如需重新设置密码，请在 %d 小时内打开下面的链接：\n%s/recover/%s\n\n"
        "如果这不是您本人的操作，请忽略本邮件，您的账户不会有任何变化。\n",
        number, login, ttl_s / 3600 ? ttl_s / 3600 : 1, origin, token);
    return outbox_queue_secret(db, to, "ICP备案系统：您的登录信息", body);
}

/* Count one request against key; true when it is beyond max. */
static int over(Db *db, const char *key, int window_s, int max, bool *beyond) {
    int64_t count = 0;
    int rc = throttle_hit(db, key, window_s, time_now(), &count);
    *beyond = *beyond || count > max;
    return rc;
}

int recover_request(Db *db, void *ctx) {
    RecoverRequest *op = ctx;
    op->throttled = false;
    const char *key = arena_printf(op->a, "recover:%s", op->who.ip ? op->who.ip : "");
    int rc = over(db, key, op->window_s, op->max, &op->throttled);
    if (rc < 0) return rc;
    if (op->throttled)
        return audit_write(db, &op->who, "account.recover_throttled", "account", 0, NULL);
    /* Targets by keyed hashes: the throttle keeps no address or number. */
    bool flooded = false;
    char *lower = arena_strdup(op->a, op->email);
    for (char *p = lower; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    rc =
        over(db, arena_printf(op->a, "recover-to:%s", crypto_blind_index(op->a, "beianrec", lower)),
             op->window_s, RECOVER_PER_TARGET, &flooded);
    if (rc == 0)
        rc = over(
            db,
            arena_printf(op->a, "recover-no:%s", crypto_blind_index(op->a, "beianrec", op->number)),
            op->window_s, RECOVER_PER_TARGET, &flooded);
    if (rc < 0) return rc;
    if (flooded)
        return audit_write(db, &op->who, "account.recover_target_limited", "account", 0, NULL);
    DbRc d = db_exec(db,
                     "INSERT INTO recover_requests (number, email_sealed, origin, ip, request_id, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                     "ttttti", op->number, crypto_seal_text(op->a, op->email),
                     op->origin ? op->origin : "", op->who.ip, op->who.request_id, time_now());
    if (d < 0) return db_err(d);
    return audit_write(db, &op->who, "account.recover_request", "account", 0, "recorded");
}

int recover_process(Db *db, void *ctx) {
    RecoverProcess *op = ctx;
    op->done = false;
    int64_t now = time_now();
    DbStmt *st;
    DbRc q = db_query(db, &st,
                      "SELECT id, number, email_sealed, origin, ip, request_id FROM "
                      "recover_requests WHERE lease_until < ? ORDER BY lease_until, id LIMIT 1",
                      "i", now);
    if (q < 0) return db_err(q);
    if (q != DB_ROW) {
        db_done(st);
        return 0;
    }
    int64_t id = db_col_i64(st, 0);
    const char *number = db_col_text(st, op->a, 1), *sealed = db_col_text(st, op->a, 2);
    const char *origin = db_col_text(st, op->a, 3);
    Actor who = {.ip = db_col_text(st, op->a, 4), .request_id = db_col_text(st, op->a, 5)};
    db_done(st);
    /* Taken: a sender that dies leaves it to another after the lease. */
    q = db_exec(db, "UPDATE recover_requests SET lease_until = ? WHERE id = ?", "ii", now + 60, id);
    if (q < 0) return db_err(q);
    op->done = true;
    const char *email = crypto_open_text(op->a, sealed);
    int64_t account_id = 0;
    const char *login = NULL, *to = NULL;
    int rc =
        email ? recover_lookup(db, op->a, number, email, &account_id, &login, &to) : -ERR_NOT_FOUND;
    if (rc == -ERR_NOT_FOUND)
        rc = audit_write(db, &who, "account.recover_request", "account", 0, "no match");
    else if (rc == 0)
        rc = recover_mail(db, op->a, op->ttl_s, number, origin, account_id, login, to);
    if (rc == 0 && account_id)
        rc = audit_write(db, &who, "account.recover_request", "account", account_id, "sent");
    if (rc < 0) return rc;
    q = db_exec(db, "DELETE FROM recover_requests WHERE id = ?", "i", id);
    return q < 0 ? db_err(q) : 0;
}
