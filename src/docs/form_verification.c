/*
** 网站备案信息真实性核验单: the verification form the customer prints at
** verify & submit, signs (and seals or fingerprints) and hands in with the
** other materials; reviewers reprint it. Sections: heading with application
** number and QR code, variant banners, subject, sites, access, materials
** checklist, the subject's pledge and signature, the reviewer's block.
*/
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "docs/form_parts.h"
#include "docs/forms.h"
#include "docs/pdf.h"

#define QR_SIZE PDF_MM(30)

static const PdfStyle FORM_NAME = {.size = 18, .bold = true, .align = PDF_CENTER};
static const PdfStyle APP_NUMBER = {.size = 15, .bold = true, .align = PDF_CENTER};
static const PdfStyle HEAD_LINE = {.size = 9.5, .align = PDF_CENTER};
static const PdfStyle QR_CAPTION = {.size = 7.5, .align = PDF_CENTER};
static const PdfStyle BANNER = {.size = 15, .bold = true, .align = PDF_CENTER};
static const PdfStyle BANNER_NOTE = {.size = 9, .align = PDF_CENTER};
static const PdfStyle SITE_HEAD = {.size = 10, .bold = true, .gray = 0.85};

/* Title, application number, kind, date and provider, with the QR code of
** the application's staff page at the right. */
static void verif_head(Pdf *p, const FormVerification *f) {
    Arena *a = pdf_arena(p);
    bool qr = !str_empty(f->staff_url);
    double w = qr ? PDF_CONTENT_W - QR_SIZE - PDF_MM(6) : PDF_CONTENT_W;
    PdfText *t[4];
    t[0] = pdf_text(p, "网站备案信息真实性核验单", w, &FORM_NAME);
    t[1] = pdf_text(p, arena_printf(a, "申请编号 %s", f->app_number), w, &APP_NUMBER);
    t[2] = pdf_text(
        p,
        arena_printf(a, "申请类型：%s　　填表日期：%s", form_str(f->kind_name), form_str(f->date)),
        w, &HEAD_LINE);
    t[3] = pdf_text(p, arena_printf(a, "接入服务提供者：%s", form_str(f->provider_name)), w,
                    &HEAD_LINE);
    double gap[4] = {0, 8, 6, 3}, h = 0;
    for (int i = 0; i < 4; i++)
        h += gap[i] + pdf_text_height(t[i]);
    PdfText *cap = qr ? pdf_text(p, "工作人员扫码查看本申请", QR_SIZE, &QR_CAPTION) : NULL;
    double qr_h = qr ? QR_SIZE + pdf_text_height(cap) : 0;
    double y = pdf_reserve(p, (h > qr_h ? h : qr_h) + 4);
    for (int i = 0; i < 4; i++) {
        y += gap[i];
        pdf_place(p, t[i], PDF_MARGIN_X, y);
        y += pdf_text_height(t[i]);
    }
    if (!qr) return;
    double x = PDF_MARGIN_X + PDF_CONTENT_W - QR_SIZE, qy = y - h;
    int rc = pdf_qr(p, x, qy, QR_SIZE, f->staff_url);
    if (rc) pdf_fail(p, rc);
    pdf_place(p, cap, x, qy + QR_SIZE);
}

/* A framed notice across the page: a large line and an explanation. */
static void banner(Pdf *p, const char *big, const char *note) {
    double w = PDF_CONTENT_W - 16;
    PdfText *b = pdf_text(p, big, w, &BANNER);
    PdfText *n = pdf_text(p, note, w, &BANNER_NOTE);
    double h = 8 + pdf_text_height(b) + 4 + pdf_text_height(n) + 8;
    pdf_space(p, 6);
    double y = pdf_reserve(p, h);
    pdf_box(p, PDF_MARGIN_X, y, PDF_CONTENT_W, h, 2.0);
    pdf_place(p, b, PDF_MARGIN_X + 8, y + 8);
    pdf_place(p, n, PDF_MARGIN_X + 8, y + 12 + pdf_text_height(b));
}

static void verif_banners(Pdf *p, const FormVerification *f) {
    Arena *a = pdf_arena(p);
    if (f->verified_before) {
        const char *ref = str_empty(f->verified_before_ref)
                              ? ""
                              : arena_printf(a, "（现场核验记录：%s）", f->verified_before_ref);
        banner(p, "之前已做过现场核验",
               arena_printf(a,
                            "本主体此前已完成现场核验%s。本核验单所列域名为本次新增网站的域名。"
                            "工作人员请扫描二维码或凭申请编号 %s 查找核实。",
                            ref, f->app_number));
    }
    if (f->batch_supplement) {
        const char *ref =
            str_empty(f->batch_ref) ? "" : arena_printf(a, "（变更申请：%s）", f->batch_ref);
        banner(p, "变更已通过审核，新增补单",
               arena_printf(a,
                            "同批提交的变更申请已通过审核%s，本核验单为被退回的新增网站重新提交的"
                            "补充材料。工作人员请扫描二维码或凭申请编号 %s 查找核实。",
                            ref, f->app_number));
    }
}

static void verif_subject(Pdf *p, const FormSubject *s) {
    Arena *a = pdf_arena(p);
    const FormPerson *m = &s->principal;
    form_section(p, "一、主体信息", 60);
    form_kv1(p, "主体名称", s->name);
    form_kv2(p, "主体性质", s->nature_name, "主体证件类型", s->cert_type);
    form_kv2(p, "主体证件号码", s->cert_number, "投资者或上级主管单位", s->investor);
    form_kv1(p, "通信地址", form_address(a, s));
    if (!str_empty(s->legal_rep)) form_kv1(p, "法定代表人", s->legal_rep);
    form_kv2(p, "主体负责人", m->name, "证件类型", m->id_type);
    form_kv2(p, "证件号码", m->id_number, "手机号码", m->mobile);
    form_kv2(p, "办公电话", m->landline, "电子邮箱", m->email);
}

static void verif_site(Pdf *p, const FormSite *s, size_t i, size_t n) {
    Arena *a = pdf_arena(p);
    const FormPerson *m = &s->principal;
    pdf_space(p, 6);
    pdf_need(p, 110);
    PdfCell head = {arena_printf(a, "网站 %zu / %zu：%s%s", i + 1, n, form_str(s->name),
                                 s->is_new ? "（本次新增）" : ""),
                    1.0, &SITE_HEAD};
    pdf_row(p, &head, 1, 0);
    form_kv2(p, "网站名称", s->name, "网站语言", s->language);
    form_kv1(p, "网站域名", form_join(a, s->domains, s->n_domains, "\n", ""));
    form_kv1(p, "网站首页", s->home_url);
    form_kv1(p, "服务内容", form_join(a, s->services, s->n_services, "、", ""));
    form_kv1(p, "前置审批", form_join(a, s->preapprovals, s->n_preapprovals, "\n", "以上都不涉及"));
    form_kv2(p, "网站负责人", m->name, "证件类型", m->id_type);
    form_kv2(p, "证件号码", m->id_number, "手机号码", m->mobile);
    form_kv2(p, "电子邮箱", m->email, "应急联系电话", m->emergency);
}

static void verif_sites(Pdf *p, const FormVerification *f) {
    form_section(p, arena_printf(pdf_arena(p), "二、网站信息（共 %zu 个）", f->n_sites), 80);
    if (f->n_sites == 0) pdf_para(p, "本申请不涉及网站信息。", &PDF_BODY);
    for (size_t i = 0; i < f->n_sites; i++)
        verif_site(p, &f->sites[i], i, f->n_sites);
}

static void verif_access(Pdf *p, const FormVerification *f) {
    static const PdfCell head[] = {{"序号", 0.07, &PDF_HEADCELL},
                                   {"网站名称", 0.25, &PDF_HEADCELL},
                                   {"接入服务提供者", 0.26, &PDF_HEADCELL},
                                   {"接入方式", 0.12, &PDF_HEADCELL},
                                   {"服务器 IP 地址", 0.30, &PDF_HEADCELL}};
    if (f->n_sites == 0) return;
    Arena *a = pdf_arena(p);
    PdfStyle num = PDF_BODY;
    num.align = PDF_CENTER;
    form_section(p, "三、接入信息", 60);
    pdf_table_begin(p, head, 5);
    for (size_t i = 0; i < f->n_sites; i++) {
        const FormAccess *x = &f->sites[i].access;
        PdfCell c[] = {{arena_printf(a, "%zu", i + 1), 0.07, &num},
                       {f->sites[i].name, 0.25, &PDF_BODY},
                       {x->provider, 0.26, &PDF_BODY},
                       {x->method, 0.12, &num},
                       {form_join(a, x->ips, x->n_ips, "\n", ""), 0.30, &PDF_BODY}};
        pdf_row(p, c, 5, 0);
    }
    pdf_table_end(p);
    if (!str_empty(f->onsite_address))
        pdf_para(p,
                 arena_printf(a, "现场核验：请负责人携带以上材料到 %s%s%s 办理。",
                              f->onsite_address, str_empty(f->onsite_hours) ? "" : "，时间：",
                              form_str(f->onsite_hours)),
                 &PDF_BODY);
}

static void verif_materials(Pdf *p, const FormVerification *f) {
    static const PdfCell head[] = {{"序号", 0.07, &PDF_HEADCELL},
                                   {"材料名称", 0.41, &PDF_HEADCELL},
                                   {"份数", 0.08, &PDF_HEADCELL},
                                   {"签字、盖章要求", 0.32, &PDF_HEADCELL},
                                   {"接入商核对", 0.12, &PDF_HEADCELL}};
    Arena *a = pdf_arena(p);
    PdfStyle mid = PDF_BODY;
    mid.align = PDF_CENTER;
    form_section(p, "四、本次申请需提交的材料", 60);
    if (f->n_materials == 0) {
        pdf_para(p, "（无）", &PDF_BODY);
        return;
    }
    pdf_table_begin(p, head, 5);
    for (size_t i = 0; i < f->n_materials; i++) {
        const FormMaterial *m = &f->materials[i];
        const char *name = str_empty(m->note)
                               ? form_str(m->name)
                               : arena_printf(a, "%s（%s）", form_str(m->name), m->note);
        PdfCell c[] = {{arena_printf(a, "%zu", i + 1), 0.07, &mid},
                       {name, 0.41, &PDF_BODY},
                       {m->copies > 0 ? arena_printf(a, "%d", m->copies) : "", 0.08, &mid},
                       {m->signature, 0.32, &PDF_BODY},
                       {"□", 0.12, &mid}};
        pdf_row(p, c, 5, 0);
    }
    pdf_table_end(p);
}

static void verif_pledge(Pdf *p, const FormVerification *f) {
    bool org = nature_is_org(f->subject.nature);
    form_section(p, "五、主体承诺", 150);
    pdf_para(p,
             org ? "本单位承诺：本核验单所填写的主体、网站、负责人及接入信息真实、准确、完整，"
                   "所提交的证件材料真实有效；本单位已阅读并同意遵守《信息安全协议》，"
                   "并对所填报信息的真实性承担法律责任。"
                 : "本人承诺：本核验单所填写的主体、网站、负责人及接入信息真实、准确、完整，"
                   "所提交的证件材料真实有效；本人已阅读并同意遵守《信息安全协议》，"
                   "并对所填报信息的真实性承担法律责任。",
             &PDF_PROSE);
    FormSign sign = form_sign_subject(f->subject.nature, NULL);
    form_sign_row(p, &sign, 1);
}

static void verif_reviewer(Pdf *p, const FormVerification *f) {
    form_section(p, "六、接入服务提供者核验（以下由接入商工作人员填写）", 200);
    double v = 0.5 - 0.17;
    PdfCell who[] = {{"核验人", 0.17, &PDF_LABEL},
                     {"", v, &PDF_BODY},
                     {"核验日期", 0.17, &PDF_LABEL},
                     {"", v, &PDF_BODY}};
    pdf_row(p, who, 4, 26);
    PdfCell photo[] = {{"现场核验拍照", 0.17, &PDF_LABEL},
                       {f->verified_before ? "□ 已拍照　　　□ 未拍照　　　□ 之前已做过现场核验"
                                           : "□ 已拍照　　　□ 未拍照",
                        0.83, &PDF_BODY}};
    pdf_row(p, photo, 2, 22);
    PdfCell opinion[] = {{"核验意见", 0.17, &PDF_LABEL}, {"", 0.83, &PDF_BODY}};
    pdf_row(p, opinion, 2, 60);
    PdfCell seal[] = {{"接入商盖章", 0.17, &PDF_LABEL}, {"", 0.83, &PDF_BODY}};
    pdf_row(p, seal, 2, 80);
}

int form_verification_pdf(const FormVerification *f, Buf *out) {
    if (!f || !out || str_empty(f->app_number)) return -ERR_INVALID_INPUT;
    if (f->n_sites && !f->sites) return -ERR_INVALID_INPUT;
    if (f->n_materials && !f->materials) return -ERR_INVALID_INPUT;
    Arena a;
    arena_init(&a);
    PdfMeta meta = {
        .title = arena_printf(&a, "网站备案信息真实性核验单 %s", f->app_number),
        .subject = form_str(f->subject.name),
        .header = arena_printf(&a, "网站备案信息真实性核验单　　申请编号 %s　　%s", f->app_number,
                               form_str(f->subject.name)),
    };
    Pdf *p;
    int rc = pdf_open(&p, &a, out, &meta);
    if (rc == 0) {
        verif_head(p, f);
        verif_banners(p, f);
        verif_subject(p, &f->subject);
        verif_sites(p, f);
        verif_access(p, f);
        verif_materials(p, f);
        verif_pledge(p, f);
        verif_reviewer(p, f);
        rc = pdf_close(p);
    }
    arena_free(&a);
    return rc;
}
