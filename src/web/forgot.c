/*
** "Forgot password" by login name or e-mail (model/forgot.h): the same
** answer whether anything matched.
*/
#include "core/i18n.h"
#include "db/db.h"
#include "model/forgot.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

#define FORGOT_TTL_S    3600
#define FORGOT_MAX      10
#define FORGOT_WINDOW_S 3600

static int forgot_form(Req *r, int status, bool sent) {
    FormPageView v = {r, sent ? "sent" : NULL};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_auth_forgot(&t, &v);
    return web_page(r, status, T(r->lang, "忘记密码"), &body);
}

int h_forgot_page(Req *r) {
    return forgot_form(r, 200, false);
}

int h_forgot(Req *r) {
    ForgotRequest op = {.a = &r->arena,
                        .origin = web_origin(r),
                        .max = FORGOT_MAX,
                        .window_s = FORGOT_WINDOW_S,
                        .ttl_s = FORGOT_TTL_S,
                        .who = http_actor(r)};
    const Field spec[] = {
        SPEC_TEXT("name", &op.name, .flags = FF_REQUIRED, .min = 3, .max = 254),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return r->api ? rc : forgot_form(r, 400, false);
    rc = db_tx(r->db, forgot_request, &op);
    if (rc < 0) return rc;
    if (op.throttled) return -ERR_THROTTLED;
    if (r->api) return resp_json(r, 202, json_pack("{s:s}", "status", "accepted"));
    return forgot_form(r, 200, true);
}
