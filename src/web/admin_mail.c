/*
** Admins: the mail outbox (issue 10 item 6). Every message newest first,
** paged by id, filtered by state and by recipient; each with its state in
** words (queued; failed with the server's reply, the tries and the next
** try; sent), the recipient masked as other lists mask an e-mail. One
** message in full (address and text) is an audited read (mail.view); a
** resend is audited (mail.resend). model/mail_admin.h says what a resend
** does.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "mail/mail.h"
#include "model/mail_admin.h"
#include "rules/mask.h"
#include "rules/validate.h"
#include "tmpl_all.h"
#include "web/admin_views.h"
#include "web/handlers.h"
#include "web/web.h"

static const char *state_label(Lang lang, const char *state) {
    return !strcmp(state, "sent")     ? T(lang, "已发送")
           : !strcmp(state, "failed") ? T(lang, "发送失败，等待重试")
                                      : T(lang, "排队中");
}

static MailLine mail_line(Req *r, const MailRow *m) {
    const char *cls = !strcmp(m->state, "sent")     ? "ok"
                      : !strcmp(m->state, "failed") ? "err"
                                                    : "info";
    return (MailLine){m, mask_email(&r->arena, m->to), state_label(r->lang, m->state), cls};
}

/* A message as JSON: the recipient masked in a list (full: the detail). */
static json_t *mail_json(Req *r, const MailRow *m, bool full) {
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:I, s:b, s:b}", "id", (json_int_t)m->id, "to",
                  full ? m->to : mask_email(&r->arena, m->to), "subject", m->subject, "state",
                  m->state, "state_label", state_label(r->lang, m->state), "attempts", m->attempts,
                  "created_at", (json_int_t)m->created_at, "sending", m->sending, "resendable",
                  !m->sending && (strcmp(m->state, "sent") != 0 || (m->kept && !m->secret)));
    json_object_set_new(o, "last_error", m->last_error ? json_string(m->last_error) : json_null());
    json_object_set_new(o, "sent_at", m->sent_at ? json_integer(m->sent_at) : json_null());
    json_object_set_new(o, "next_attempt_at",
                        strcmp(m->state, "sent") ? json_integer(m->next_attempt_at) : json_null());
    json_object_set_new(o, "resend_of", m->resend_of ? json_integer(m->resend_of) : json_null());
    if (full) {
        json_object_set_new(o, "body", m->body ? json_string(m->body) : json_null());
        json_object_set_new(o, "secret", json_boolean(m->secret));
    }
    return o;
}

/* The filters as a query string, for the link to the next page. */
static const char *filter_query(Req *r, const MailView *v) {
    Buf b;
    buf_init(&b, &r->arena);
    buf_puts(&b, "");
    if (*v->state) buf_puts(&b, "&state="), buf_url(&b, v->state);
    if (*v->to) buf_puts(&b, "&to="), buf_url(&b, v->to);
    return b.data;
}

static int mail_list_render(Req *r, int status, MailView *v, const MailPage *p) {
    if (r->api) {
        json_t *list = json_array();
        for (size_t i = 0; i < p->n; i++)
            json_array_append_new(list, mail_json(r, &p->rows[i], false));
        return resp_json(
            r, status,
            json_pack("{s:o, s:I}", "messages", list, "next_before", (json_int_t)p->next_before));
    }
    v->rows = ARENA_NEW(&r->arena, MailLine, p->n + 1);
    for (size_t i = 0; i < p->n; i++)
        v->rows[i] = mail_line(r, &p->rows[i]);
    v->n = p->n;
    v->next_before = p->next_before;
    v->states = ARENA_NEW(&r->arena, ChoiceView, 3);
    for (size_t i = 0; MAIL_STATES[i]; i++)
        v->states[v->nstates++] = (ChoiceView){MAIL_STATES[i], state_label(r->lang, MAIL_STATES[i]),
                                               !strcmp(MAIL_STATES[i], v->state)};
    v->query = filter_query(r, v);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_mail(&t, v);
    return web_page(r, status, T(r->lang, "邮件发送记录"), &body);
}

/* The recipient filter: an address, or "@" and a domain (every address of
** it), in the form addresses are stored in; case is left to the query. */
static int check_recipient(Arena *a, const char *in, const char **norm) {
    if (in[0] != '@') return check_email(a, in, norm);
    Domain d;
    if (domain_parse(a, in + 1, &d) < 0) return -ERR_EMAIL;
    *norm = arena_printf(a, "@%s", d.unicode);
    return 0;
}

int h_admin_mail(Req *r) {
    MailView v = {.r = r, .state = "", .to = ""};
    int64_t before = 0;
    const Field spec[] = {
        SPEC_CHOICE("state", &v.state, MAIL_STATES, .max = 10),
        SPEC_TEXT("to", &v.to, .max = 254, .check = check_recipient),
        SPEC_INT("before", &before, .min = 0, .max = INT32_MAX),
        FIELD_END,
    };
    MailPage p = {.a = &r->arena, .now = time_now()};
    int rc = spec_parse(r, spec);
    if (rc < 0) {
        if (r->api) return rc;
        v.state = spec_raw(r, "state"), v.to = spec_raw(r, "to");
        return mail_list_render(r, 400, &v, &p);
    }
    p.state = v.state, p.to = v.to, p.before = before;
    rc = db_tx_read(r->db, mail_admin_page, &p);
    if (rc < 0) return rc;
    return mail_list_render(r, 200, &v, &p);
}

/* A message's text as it was sent: its links with the server's origin
** (public_origin; without one, links relative to this server). */
static MailRow as_sent(Req *r, const MailRow *m) {
    MailRow shown = *m;
    const char *origin = server_config(r->srv)->public_origin;
    if (m->body) shown.body = mail_expand_origin(&r->arena, m->body, origin ? origin : "");
    return shown;
}

static int mail_one_render(Req *r, const MailRow *row) {
    MailRow sent = as_sent(r, row);
    const MailRow *m = &sent;
    if (r->api) return resp_json(r, 200, json_pack("{s:o}", "mail", mail_json(r, m, true)));
    MailView v = {.r = r, .state = "", .to = "", .one = mail_line(r, m)};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_mail_one(&t, &v);
    resp_header(r, "Cache-Control", "no-store");
    return web_page(r, 200, T(r->lang, "邮件"), &body);
}

int h_admin_mail_one(Req *r) {
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    MailShow op = {
        .a = &r->arena, .id = req_param_id(r, "id"), .now = time_now(), .who = http_actor(r)};
    if (!op.id) return -ERR_NOT_FOUND;
    rc = db_tx(r->db, mail_admin_show, &op);
    return rc < 0 ? rc : mail_one_render(r, &op.row);
}

int h_admin_mail_resend(Req *r) {
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    MailResend op = {
        .a = &r->arena, .id = req_param_id(r, "id"), .now = time_now(), .who = http_actor(r)};
    if (!op.id) return -ERR_NOT_FOUND;
    rc = db_tx(r->db, mail_admin_resend, &op);
    if (rc < 0) return rc;
    if (r->api) {
        json_t *o = json_pack("{s:o}", "mail", mail_json(r, &op.row, false));
        json_object_set_new(o, "copy_id", op.copy_id ? json_integer(op.copy_id) : json_null());
        return resp_json(r, 200, o);
    }
    web_flash(r, op.copy_id ? T(r->lang, "已重新发送：一封副本已排队，稍后发出。")
                            : T(r->lang, "已安排立即重试发送这封邮件。"));
    return resp_redirect(r, arena_printf(&r->arena, "/admin/mail/%lld",
                                         (long long)(op.copy_id ? op.copy_id : op.id)));
}
