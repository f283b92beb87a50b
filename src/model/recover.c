/*
** Login recovery lookups.
*/
#include "model/recover.h"

#include <string.h>
#include <strings.h>

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
static int recover_mail(Db *db, RecoverRequest *op, int64_t account_id, const char *login,
                        const char *to) {
    char *token;
    int rc = reset_create(db, op->a, account_id, op->ttl_s, &token);
    if (rc < 0) return rc;
    const char *body = arena_printf(
        op->a,
        "您好：\n\n有人在 ICP备案系统 上用备案号 %s 和本邮箱申请找回登录信息。\n\n"
        "登录名：%s\n\n如需重新设置密码，请在 %d 小时内打开下面的链接：\n%s/recover/%s\n\n"
        "如果这不是您本人的操作，请忽略本邮件，您的账户不会有任何变化。\n",
        op->number, login, op->ttl_s / 3600 ? op->ttl_s / 3600 : 1, op->origin, token);
    return outbox_queue(db, to, "ICP备案系统：您的登录信息", body);
}

int recover_request(Db *db, void *ctx) {
    RecoverRequest *op = ctx;
    op->throttled = false;
    int64_t count = 0;
    const char *key = arena_printf(op->a, "recover:%s", op->who.ip ? op->who.ip : "");
    int rc = throttle_hit(db, key, op->window_s, time_now(), &count);
    if (rc < 0) return rc;
    if (count > op->max) {
        op->throttled = true;
        return audit_write(db, &op->who, "account.recover_throttled", "account", 0, NULL);
    }
    int64_t account_id = 0;
    const char *login = NULL, *to = NULL;
    rc = recover_lookup(db, op->a, op->number, op->email, &account_id, &login, &to);
    if (rc == -ERR_NOT_FOUND)
        return audit_write(db, &op->who, "account.recover_request", "account", 0, "no match");
    if (rc == 0) rc = recover_mail(db, op, account_id, login, to);
    if (rc == 0)
        rc = audit_write(db, &op->who, "account.recover_request", "account", account_id, "sent");
    return rc;
}
