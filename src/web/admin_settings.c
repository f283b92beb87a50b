/*
** Admins: the provider's own details (printed on the forms: name, address,
** contact, phone, e-mail), the on-site verification's place, hours and
** what to bring, and the review time limit (model/settings.h).
*/
#include <ctype.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "http/server.h"
#include "model/settings.h"
#include "rules/validate.h"
#include "tmpl_all.h"
#include "web/admin_views.h"
#include "web/handlers.h"
#include "web/web.h"

/* A phone for the public: a mobile, a landline with its area code, or a
** service number (400/800 and ten digits; 95 or 96 and three to six more). */
static int check_provider_phone(Arena *a, const char *in, const char **norm) {
    char *out = NULL;
    if (phone_normalize(a, in, &out) == 0) {
        *norm = out;
        return 0;
    }
    char digits[32];
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (isdigit((unsigned char)*p) && n < sizeof digits - 1)
            digits[n++] = *p;
        else if (*p != '-' && *p != ' ')
            return -ERR_PROVIDER_PHONE;
    }
    digits[n] = 0;
    if (n == 10 && (str_starts(digits, "400") || str_starts(digits, "800"))) {
        *norm = arena_printf(a, "%.3s-%.3s-%.4s", digits, digits + 3, digits + 6);
        return 0;
    }
    if (n >= 5 && n <= 8 && (str_starts(digits, "95") || str_starts(digits, "96"))) {
        *norm = arena_strdup(a, digits);
        return 0;
    }
    return -ERR_PROVIDER_PHONE;
}

/* The provider's address ranges: CIDR, IPv4 and IPv6, normalised. */
static int check_ip_ranges(Arena *a, const char *in, const char **norm) {
    char *out = NULL;
    int rc = cidr_list_check(a, in, &out);
    if (rc == 0) *norm = out;
    return rc;
}

/* Submitting with scans missing: warned of (default) or refused. */
static const char *const missing_scans_ids[] = {SETTINGS_MISSING_WARN, SETTINGS_MISSING_REFUSE,
                                                NULL};

static json_t *settings_json(const ProviderSettings *s) {
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}", "provider_name", s->name,
                          "provider_address", s->address, "provider_contact", s->contact,
                          "provider_phone", s->phone, "provider_email", s->email, "onsite_address",
                          s->onsite_address, "onsite_hours", s->onsite_hours, "onsite_bring",
                          s->onsite_bring, "review_hours", s->review_hours);
    json_object_set_new(j, "provider_ip_ranges", json_string(s->ip_ranges ? s->ip_ranges : ""));
    json_object_set_new(j, "submit_missing_scans",
                        json_string(s->missing_scans ? s->missing_scans : SETTINGS_MISSING_WARN));
    return j;
}

/* The form of the settings s (typed values after a refusal). */
static void settings_form(Req *r, const ProviderSettings *s, SettingsView *v) {
    AdminForm f;
    admin_form_init(&f, r, 11);
    AdminField *x = admin_field(&f, AF_TEXT, "provider_name", T(r->lang, "接入商名称"), s->name);
    x->required = true;
    x->hint = T(r->lang, "打印在核验单、信息安全协议和授权书上。");
    admin_field(&f, AF_TEXT, "provider_address", T(r->lang, "地址"), s->address)->max = 200;
    admin_field(&f, AF_TEXT, "provider_contact", T(r->lang, "联系人"), s->contact)->max = 50;
    admin_field(&f, AF_TEL, "provider_phone", T(r->lang, "联系电话"), s->phone)->hint =
        T(r->lang, "手机、带区号的固定电话，或 400/800/95 开头的服务电话。");
    admin_field(&f, AF_EMAIL, "provider_email", T(r->lang, "电子邮箱"), s->email);
    admin_field(&f, AF_TEXT, "onsite_address", T(r->lang, "现场核验地点"), s->onsite_address)->max =
        200;
    admin_field(&f, AF_TEXT, "onsite_hours", T(r->lang, "现场核验时间"), s->onsite_hours)->hint =
        T(r->lang, "如：工作日 9:00–17:00（法定节假日除外）");
    x = admin_field(&f, AF_AREA, "onsite_bring", T(r->lang, "现场核验须携带"), s->onsite_bring);
    x->max = 1000;
    x->hint = T(r->lang, "每行一项，如：负责人身份证原件、已签字盖章的核验单 2 份。");
    x = admin_number(&f, "review_hours", T(r->lang, "接入商审核时限（小时）"), s->review_hours);
    x->required = true;
    x->hint = T(r->lang, "超过时限仍未处理的申请在审核队列中标出；默认 24 小时（约 1 个工作日）。");
    x = admin_field(&f, AF_AREA, "provider_ip_ranges", T(r->lang, "我司 IP 地址段"), s->ip_ranges);
    x->max = 4000;
    x->hint = T(r->lang, "每行一个 CIDR 地址段（IPv4 或 IPv6），如 203.119.0.0/16、2400:3200::/32。"
                         "设置后，客户填写的服务器 IP 须在这些地址段内；留空则不限制。");
    const char *scan_labels[] = {T(r->lang, "提醒客户，仍可提交"),
                                 T(r->lang, "不允许提交，须先上传全部扫描件"), NULL};
    x = admin_select(&f, "submit_missing_scans", T(r->lang, "扫描件未传齐时提交"), s->missing_scans,
                     missing_scans_ids, scan_labels);
    x->hint = T(r->lang, "客户在信息核实提交页面提交时，材料清单中仍有扫描件未上传的处理方式。");
    v->fields = f.fields;
    v->nfields = f.n;
}

/* The settings page (status 200, or 400 with the errors of a save), or JSON. */
static int settings_show(Req *r, int status) {
    SettingsPage op = {.a = &r->arena, .s = settings_defaults(server_config(r->srv))};
    int rc = db_tx_read(r->db, settings_page, &op);
    if (rc < 0) return rc;
    if (r->api)
        return resp_json(r, 200,
                         json_pack("{s:o, s:I, s:s?}", "settings", settings_json(&op.s),
                                   "updated_at", (json_int_t)op.updated_at, "updated_by",
                                   op.updated_by));
    SettingsView v = {.r = r, .updated_at = op.updated_at, .updated_by = op.updated_by};
    settings_form(r, &op.s, &v);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_settings(&t, &v);
    return web_page(r, status, T(r->lang, "接入商信息"), &body);
}

int h_admin_settings(Req *r) {
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    return rc < 0 ? rc : settings_show(r, 200);
}

int h_admin_settings_save(Req *r) {
    SettingsSave op = {.a = &r->arena, .defaults = settings_defaults(server_config(r->srv))};
    ProviderSettings *in = &op.in;
    int64_t hours = 0;
    const Field spec[] = {
        SPEC_TEXT("provider_name", &in->name, .flags = FF_REQUIRED, .min = 2, .max = 100),
        SPEC_TEXT("provider_address", &in->address, .max = 200),
        SPEC_TEXT("provider_contact", &in->contact, .max = 50),
        SPEC_TEXT("provider_phone", &in->phone, .max = 30, .check = check_provider_phone),
        SPEC_TEXT("provider_email", &in->email, .max = 254, .check = check_email),
        SPEC_TEXT("onsite_address", &in->onsite_address, .max = 200),
        SPEC_TEXT("onsite_hours", &in->onsite_hours, .max = 100),
        SPEC_TEXT("onsite_bring", &in->onsite_bring, .flags = FF_MULTILINE, .max = 1000),
        SPEC_INT("review_hours", &hours, .flags = FF_REQUIRED, .min = 1, .max = 720),
        SPEC_TEXT("provider_ip_ranges", &in->ip_ranges, .flags = FF_MULTILINE, .max = 4000,
                  .check = check_ip_ranges),
        SPEC_CHOICE("submit_missing_scans", &in->missing_scans, missing_scans_ids, .max = 10),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return r->api ? rc : settings_show(r, 400);
    in->review_hours = (int)hours;
    if (!in->missing_scans || !*in->missing_scans) in->missing_scans = SETTINGS_MISSING_WARN;
    op.who = http_actor(r);
    rc = db_tx(r->db, settings_save, &op);
    if (rc < 0) return rc;
    if (r->api) /* what was sent is what is stored now */
        return resp_json(
            r, 200, json_pack("{s:o, s:s}", "settings", settings_json(in), "changed", op.changed));
    web_flash(r,
              *op.changed ? T(r->lang, "已保存接入商信息。") : T(r->lang, "没有需要保存的修改。"));
    return resp_redirect(r, "/admin/settings");
}
