/*
** "Forgot password" by login name or e-mail.
*/
#include "model/forgot.h"

#include <ctype.h>
#include <string.h>

#include "core/err.h"
#include "core/i18n.h"
#include "core/util.h"
#include "model/outbox.h"
#include "model/reset.h"
#include "model/throttle.h"

/* The active customer account named (login or e-mail): id, login, e-mail,
** language; -ERR_NOT_FOUND. */
static int forgot_lookup(Db *db, Arena *a, const char *name, int64_t *id, const char **login,
                         const char **email, Lang *lang) {
    char *low = arena_strdup(a, name);
    for (char *p = low; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       strchr(low, '@') ? "SELECT id, login, email, lang FROM accounts WHERE "
                                          "email = ? AND status = 'active' AND role = 'customer'"
                                        : "SELECT id, login, email, lang FROM accounts WHERE "
                                          "login = ? AND status = 'active' AND role = 'customer'",
                       "t", low);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) {
        *id = db_col_i64(st, 0);
        *login = db_col_text(st, a, 1);
        *email = db_col_text(st, a, 2);
        *lang = i18n_parse(db_col_text(st, a, 3));
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}

static int forgot_mail(Db *db, ForgotRequest *op, int64_t id, const char *login, const char *to,
                       Lang lang) {
    char *token;
    int rc = reset_create(db, op->a, id, op->ttl_s, &token);
    if (rc < 0) return rc;
    const char *hours = arena_printf(op->a, "%d", op->ttl_s / 3600 ? op->ttl_s / 3600 : 1);
    const char *body = arena_printf(
        op->a,
        T(lang, "您好：\n\n有人在 ICP备案系统 上申请重新设置您账户的密码。\n\n登录名：%s\n\n如需"
                "重新设置密码，请在 %s 小时内打开下面的链接（只能使用一次）：\n%s/recover/%s\n\n"
                "如果这不是您本人的操作，请忽略本邮件，您的账户不会有任何变化。\n"),
        login, hours, op->origin, token);
    return outbox_queue_secret(db, to, T(lang, "ICP备案系统：重新设置密码"), body);
}

int forgot_request(Db *db, void *ctx) {
    ForgotRequest *op = ctx;
    op->throttled = false;
    int64_t count = 0;
    const char *key = arena_printf(op->a, "recover:%s", op->who.ip ? op->who.ip : "");
    int rc = throttle_hit(db, key, op->window_s, time_now(), &count);
    if (rc < 0) return rc;
    if (count > op->max) {
        op->throttled = true;
        return audit_write(db, &op->who, "account.recover_throttled", "account", 0, NULL);
    }
    int64_t id = 0;
    const char *login = NULL, *to = NULL;
    Lang lang = LANG_ZH;
    rc = forgot_lookup(db, op->a, op->name, &id, &login, &to, &lang);
    if (rc == -ERR_NOT_FOUND)
        return audit_write(db, &op->who, "account.forgot_request", "account", 0, "no match");
    if (rc == 0) rc = forgot_mail(db, op, id, login, to, lang);
    if (rc == 0) rc = audit_write(db, &op->who, "account.forgot_request", "account", id, "sent");
    return rc;
}
