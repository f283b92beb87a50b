/*
** 信息安全协议 (security agreement) and 网站备案授权书 (authorisation letter):
** the parties, the sites covered, the admin-editable text with its
** placeholders filled in, and the signature/seal blocks.
*/
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "docs/form_parts.h"
#include "docs/form_texts.h"
#include "docs/forms.h"
#include "docs/pdf.h"

/* The placeholder values both texts may use. vars must hold 12 entries. */
static size_t text_vars(Arena *a, FormTextVar *vars, const FormSubject *s, const char *provider,
                        const char *provider_address, const FormPerson *site_principal,
                        const FormSite *sites, size_t n_sites, const char *date,
                        const char *app_number) {
    const FormPerson *g = site_principal ? site_principal : &s->principal;
    FormTextVar v[] = {
        {"subject_name", s->name},
        {"subject_address", form_address(a, s)},
        {"subject_principal", s->principal.name},
        {"legal_rep", str_empty(s->legal_rep) ? s->principal.name : s->legal_rep},
        {"provider_name", provider},
        {"provider_address", provider_address},
        {"site_list", form_site_list(a, sites, n_sites)},
        {"site_principal", g->name},
        {"site_principal_id_type", g->id_type},
        {"site_principal_id", g->id_number},
        {"date", date},
        {"app_number", app_number},
    };
    memcpy(vars, v, sizeof v);
    return sizeof v / sizeof v[0];
}

static bool sites_ok(const FormSite *sites, size_t n) {
    return n == 0 || sites != NULL;
}

static void agreement_parties(Pdf *p, const FormAgreement *f) {
    Arena *a = pdf_arena(p);
    const FormSubject *s = &f->subject;
    const FormProvider *v = &f->provider;
    form_section(p, "协议双方", 120);
    form_kv1(p, "甲方（用户）", s->name);
    form_kv2(p, "证件类型", s->cert_type, "证件号码", s->cert_number);
    form_kv1(p, "地址", form_address(a, s));
    form_kv2(p, "负责人", s->principal.name, "联系电话", s->principal.mobile);
    form_kv1(p, "乙方（接入服务提供者）", v->name);
    form_kv1(p, "地址", v->address);
    form_kv2(p, "联系人", v->contact, "联系电话", v->phone);
    form_kv1(p, "电子邮箱", v->email);
}

static void agreement_body(Pdf *p, const FormAgreement *f, const char *text) {
    Arena *a = pdf_arena(p);
    FormTextVar vars[12];
    size_t n = text_vars(a, vars, &f->subject, f->provider.name, f->provider.address, NULL,
                         f->sites, f->n_sites, f->date, f->app_number);
    form_title(p, "信息安全协议", f->app_number);
    agreement_parties(p, f);
    form_section(p, arena_printf(a, "本协议所涉网站（共 %zu 个）", f->n_sites), 60);
    form_sites_table(p, f->sites, f->n_sites);
    form_section(p, "协议条款", 60);
    form_prose(p, form_text_expand(a, text, vars, n));
    FormSign sign[2] = {
        form_sign_subject(f->subject.nature, "甲方（签字/盖章）"),
        {"乙方（盖章）", "授权代表签字：", "公章：", PDF_MM(38)},
    };
    pdf_space(p, 10);
    form_sign_row(p, sign, 2);
}

int form_agreement_pdf(const FormAgreement *f, const char *text, Buf *out) {
    if (!f || !out || !sites_ok(f->sites, f->n_sites)) return -ERR_INVALID_INPUT;
    if (!text) text = FORM_TEXT_AGREEMENT;
    Arena a;
    arena_init(&a);
    const char *app = form_str(f->app_number);
    PdfMeta meta = {
        .title = *app ? arena_printf(&a, "信息安全协议 %s", app) : "信息安全协议",
        .subject = form_str(f->subject.name),
        .header = arena_printf(&a, "信息安全协议　　%s%s　　%s", *app ? "申请编号 " : "", app,
                               form_str(f->subject.name)),
    };
    Pdf *p;
    int rc = pdf_open(&p, &a, out, &meta);
    if (rc == 0) {
        agreement_body(p, f, text);
        rc = pdf_close(p);
    }
    arena_free(&a);
    return rc;
}

static void authorisation_parties(Pdf *p, const FormAuthorisation *f) {
    const FormSubject *s = &f->subject;
    const FormPerson *m = &s->principal, *g = &f->grantee;
    form_section(p, "授权人", 60);
    form_kv1(p, "授权人", s->name);
    form_kv2(p, "证件类型", s->cert_type, "证件号码", s->cert_number);
    if (!str_empty(s->legal_rep)) form_kv1(p, "法定代表人", s->legal_rep);
    form_kv2(p, "主体负责人", m->name, "证件类型", m->id_type);
    form_kv2(p, "证件号码", m->id_number, "手机号码", m->mobile);
    form_section(p, "被授权人（网站负责人）", 60);
    form_kv2(p, "姓名", g->name, "证件类型", g->id_type);
    form_kv2(p, "证件号码", g->id_number, "手机号码", g->mobile);
    form_kv1(p, "电子邮箱", g->email);
}

static void authorisation_body(Pdf *p, const FormAuthorisation *f, const char *text) {
    Arena *a = pdf_arena(p);
    FormTextVar vars[12];
    size_t n = text_vars(a, vars, &f->subject, f->provider_name, NULL, &f->grantee, f->sites,
                         f->n_sites, f->date, f->app_number);
    form_title(p, "网站备案授权书", f->app_number);
    authorisation_parties(p, f);
    form_section(p, arena_printf(a, "授权办理备案的网站（共 %zu 个）", f->n_sites), 60);
    form_sites_table(p, f->sites, f->n_sites);
    pdf_space(p, 10);
    form_prose(p, form_text_expand(a, text, vars, n));
    bool org = nature_is_org(f->subject.nature);
    FormSign sign[2] = {
        form_sign_subject(f->subject.nature, org ? "授权人（签字/盖章）" : "授权人（签字/手印）"),
        {org ? "被授权人（签字）" : "被授权人（签字/手印）", "被授权人签字：",
         org ? NULL : "手印：", PDF_MM(24)},
    };
    pdf_space(p, 10);
    form_sign_row(p, sign, 2);
}

int form_authorisation_pdf(const FormAuthorisation *f, const char *text, Buf *out) {
    if (!f || !out || !sites_ok(f->sites, f->n_sites)) return -ERR_INVALID_INPUT;
    if (!text) text = FORM_TEXT_AUTHORISATION;
    Arena a;
    arena_init(&a);
    const char *app = form_str(f->app_number);
    PdfMeta meta = {
        .title = *app ? arena_printf(&a, "网站备案授权书 %s", app) : "网站备案授权书",
        .subject = form_str(f->subject.name),
        .header = arena_printf(&a, "网站备案授权书　　%s%s　　%s", *app ? "申请编号 " : "", app,
                               form_str(f->subject.name)),
    };
    Pdf *p;
    int rc = pdf_open(&p, &a, out, &meta);
    if (rc == 0) {
        authorisation_body(p, f, text);
        rc = pdf_close(p);
    }
    arena_free(&a);
    return rc;
}
