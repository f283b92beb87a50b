/*
** The customer's application: its page (verify & submit while editable,
** progress afterwards) and JSON, submit (alone or as a batch), withdraw.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/app_submit.h"
#include "web/app_page.h"
#include "web/filing_json.h"
#include "web/handlers.h"
#include "web/web.h"

static AppView view_of(Req *r) {
    return (AppView){.a = &r->arena,
                     .account_id = r->who.account_id,
                     .app_id = req_param_id(r, "id"),
                     .who = http_actor(r)};
}

int h_app_page(Req *r) {
    AppView v = view_of(r);
    const char *q = req_query(r, "reveal");
    bool reveal = r->api && q && !strcmp(q, "1");
    if (reveal) v.audit_action = "application.reveal";
    int rc = reveal ? db_tx(r->db, app_view, &v) : web_tx_read(r, app_view, &v);
    if (rc < 0) return rc;
    if (!r->api) return app_page_render(r, &v, false, 200);
    /* resp_json's answer, without a jansson tree in between. */
    buf_reset(&r->out);
    application_json_write(r, &r->out, &v, reveal);
    buf_putc(&r->out, '\n');
    r->status = 200;
    r->resp_type = "application/json; charset=utf-8";
    return 0;
}

/* A refused submission: the page again with what blocked it. */
static int submit_refused(Req *r, int code, int64_t app_id, const char *waiting_for) {
    if (code == -ERR_APP_IN_FLIGHT && waiting_for && !r->api) {
        /* Say what the draft waits for (issue 11): the number in flight. */
        web_flash(r, arena_printf(
                         &r->arena,
                         T(r->lang, "本申请已保存为草稿。申请 %s 正在审核，办结后即可提交本申请。"),
                         waiting_for));
        return resp_redirect(
            r, arena_printf(&r->arena, "/portal/applications/%lld", (long long)app_id));
    }
    if (r->api) return code;
    AppView v = view_of(r);
    int rc = db_tx_read(r->db, app_view, &v);
    if (rc < 0) return rc;
    if (code == -ERR_INVALID_INPUT) {
        /* Redirect after POST (issue 11): the reasons come with the page, a
        ** refresh does not submit again. */
        Buf b;
        buf_init(&b, &r->arena);
        buf_puts(&b, T(r->lang, "未能提交："));
        for (size_t i = 0; i < r->nerrs; i++)
            buf_printf(&b, "%s%s", i ? "；" : "", err_msg(r->errs[i].code, r->lang));
        if (!r->nerrs) buf_puts(&b, err_msg(code, r->lang));
        web_flash(r, b.data);
    } else {
        web_flash(r, web_err(r, code));
    }
    return resp_redirect(r,
                         arena_printf(&r->arena, "/portal/applications/%lld", (long long)app_id));
}

int h_app_submit(Req *r) {
    const char *note = "";
    int64_t with = 0;
    const Field spec[] = {
        SPEC_TEXT("note", &note, .flags = FF_MULTILINE, .max = 500),
        SPEC_INT("batch_with", &with),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    AppSubmit op = {.a = &r->arena,
                    .account_id = r->who.account_id,
                    .app_ids = {req_param_id(r, "id"), with},
                    .n = with ? 2 : 1,
                    .note = note,
                    .who = http_actor(r)};
    rc = db_tx(r->db, app_submit, &op);
    for (size_t i = 0; i < op.issues.n; i++)
        req_field_error(r, filing_field_key(op.issues.items[i].field), op.issues.items[i].code);
    if (rc < 0) return submit_refused(r, rc, op.app_ids[0], op.waiting_for);
    if (r->api)
        return resp_json(
            r, 200,
            json_pack("{s:b, s:I}", "submitted", 1, "scans_missing", (json_int_t)op.scans_missing));
    const char *done =
        T(r->lang, "已提交至接入商核实。请按材料清单准备纸质材料；审核进度可在本页查看。");
    if (op.scans_missing) /* warned of before, said once more (issue 11) */
        done = arena_printf(&r->arena, "%s%s", done,
                            arena_printf(&r->arena,
                                         T(r->lang, "还有 %s 份扫描件未上传，请在本页补传。"),
                                         arena_printf(&r->arena, "%zu", op.scans_missing)));
    web_flash(r, done);
    return resp_redirect(
        r, arena_printf(&r->arena, "/portal/applications/%lld", (long long)op.app_ids[0]));
}

int h_app_withdraw(Req *r) {
    const Field none[] = {FIELD_END};
    int prc = spec_parse(r, none);
    if (prc < 0) return prc;
    AppWithdraw op = {.a = &r->arena,
                      .account_id = r->who.account_id,
                      .app_id = req_param_id(r, "id"),
                      .who = http_actor(r)};
    int rc = db_tx(r->db, app_withdraw, &op);
    if (rc < 0) {
        /* Another customer's application does not exist, for the page too. */
        if (r->api || rc == -ERR_NOT_FOUND) return rc;
        web_flash(r, web_err(r, rc));
    } else if (r->api) {
        return resp_json(r, 200, json_pack("{s:b}", "withdrawn", 1));
    } else {
        web_flash(r, T(r->lang, "申请已撤回。"));
    }
    return resp_redirect(r, "/portal");
}
