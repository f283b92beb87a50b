/*
** The materials checklist engine. Each case of docs/checklist.md is one small
** function adding items in the order of the seed's lists; the province overlay
** and the notices are added last.
*/
#include "rules/checklist.h"

#include <string.h>

typedef struct ItemSpec {
    const char *code;
    const char *zh;
    const char *en;
    int copies;
    ChecklistPer per;
    Signature signature;
    bool by_nature; /* signed as the subject's nature says: SIG_ORG or SIG_INDIVIDUAL */
    bool printed;
    bool upload;
} ItemSpec;

static const ItemSpec verification_form = {.code = "verification_form",
                                           .zh = "网站备案信息真实性核验单",
                                           .en = "Authenticity verification form",
                                           .copies = 2,
                                           .by_nature = true,
                                           .printed = true,
                                           .upload = true};
static const ItemSpec security_agreement = {.code = "security_agreement",
                                            .zh = "信息安全协议",
                                            .en = "Information security agreement",
                                            .copies = 2,
                                            .by_nature = true,
                                            .printed = true};
static const ItemSpec licence_enterprise = {.code = "licence_copy",
                                            .zh = "营业执照复印件",
                                            .en = "Copy of the business licence",
                                            .copies = 2,
                                            .upload = true};
static const ItemSpec licence_org_code = {
    .code = "licence_copy",
    .zh = "组织机构代码证（统一社会信用代码证书）复印件",
    .en = "Copy of the organisation code (unified social credit code) certificate",
    .copies = 2,
    .upload = true};
static const ItemSpec licence_military = {.code = "licence_copy",
                                          .zh = "军队代号证书复印件",
                                          .en = "Copy of the military unit code certificate",
                                          .copies = 2,
                                          .upload = true};
static const ItemSpec legal_rep_id_copy = {
    .code = "legal_rep_id_copy",
    .zh = "法定代表人身份证件复印件",
    .en = "Copy of the legal representative's identity document",
    .copies = 2,
    .upload = true};
static const ItemSpec site_principal_id_copy = {
    .code = "site_principal_id_copy",
    .zh = "网站负责人身份证件复印件",
    .en = "Copy of the website principal's identity document",
    .copies = 2,
    .per = PER_SITE,
    .upload = true};
static const ItemSpec principal_id_copy = {.code = "principal_id_copy",
                                           .zh = "负责人身份证件复印件",
                                           .en = "Copy of the principal's identity document",
                                           .copies = 2,
                                           .upload = true};
static const ItemSpec authorization_letter = {.code = "authorization_letter",
                                              .zh = "网站备案授权书",
                                              .en = "Website filing authorisation letter",
                                              .copies = 2,
                                              .per = PER_SITE,
                                              .signature = SIG_ORG,
                                              .printed = true,
                                              .upload = true};
static const ItemSpec domain_certificate = {.code = "domain_certificate",
                                            .zh = "域名证书",
                                            .en = "Domain certificate",
                                            .copies = 2,
                                            .per = PER_DOMAIN,
                                            .upload = true};
static const ItemSpec pre_approval = {.code = "pre_approval",
                                      .zh = "前置审批文件复印件",
                                      .en = "Copy of the pre-approval documents",
                                      .copies = 2,
                                      .per = PER_SITE,
                                      .upload = true};

typedef struct Builder {
    const ChecklistFacts *f;
    const ProvinceRules *p;
    Checklist *out;
    bool reduced; /* no on-site verification because it was done before */
    int err;
} Builder;

static bool is_org(const Builder *b) {
    return nature_is_org(b->f->nature);
}

static int units(const ChecklistFacts *f, ChecklistPer per) {
    int sites = f->n_sites > 0 ? f->n_sites : 1;
    if (per == PER_SITE) return sites;
    if (per == PER_DOMAIN) return f->n_domains > 0 ? f->n_domains : sites;
    return 1;
}

static void add(Builder *b, const ItemSpec *s, const char *note_zh, const char *note_en) {
    Checklist *c = b->out;
    if (c->n_items == CHECKLIST_MAX_ITEMS) {
        b->err = -ERR_CHECKLIST_FULL;
        return;
    }
    Signature sig = s->signature;
    if (s->by_nature) sig = is_org(b) ? SIG_ORG : SIG_INDIVIDUAL;
    c->items[c->n_items++] = (ChecklistItem){.code = s->code,
                                             .zh = s->zh,
                                             .en = s->en,
                                             .copies = s->copies,
                                             .per = s->per,
                                             .total = s->copies * units(b->f, s->per),
                                             .signature = sig,
                                             .printed = s->printed,
                                             .upload = s->upload,
                                             .note_zh = note_zh,
                                             .note_en = note_en};
}

static void notice(Builder *b, const char *code, const char *zh, const char *en) {
    Checklist *c = b->out;
    if (!zh) return;
    if (c->n_notices == CHECKLIST_MAX_NOTICES) {
        b->err = -ERR_CHECKLIST_FULL;
        return;
    }
    c->notices[c->n_notices++] = (ChecklistNotice){code, zh, en};
}

static void add_licence(Builder *b) {
    switch (b->f->nature) {
    case NATURE_ENTERPRISE:
        add(b, &licence_enterprise, NULL, NULL);
        break;
    case NATURE_MILITARY:
        add(b, &licence_military, NULL, NULL);
        break;
    default:
        add(b, &licence_org_code, NULL, NULL);
    }
}

/* Seed §1.1 B: the residence document of a non-local individual, where the
** province takes one (沪 浙 鲁). */
static void add_residence(Builder *b) {
    const ProvinceRules *p = b->p;
    if (is_org(b) || !p->residence_permit_accepted) return;
    if (b->f->principal_id_province == p->code) return;
    ItemSpec s = {.code = "residence_permit",
                  .zh = p->residence_doc_zh ? p->residence_doc_zh : "居住证",
                  .en = p->residence_doc_en ? p->residence_doc_en : "Residence permit",
                  .copies = 2,
                  .upload = true};
    add(b, &s, "外省个人提供复印件", "For individuals from other provinces: a photocopy");
}

/* The letter is needed when the principals differ (seed §1.1 A5), and always
** in provinces whose rules say so; individuals never hand one in. */
static void add_authorization(Builder *b) {
    if (!is_org(b)) return;
    if (b->f->principals_differ || b->p->auth_letter_required)
        add(b, &authorization_letter, NULL, NULL);
}

static void add_pre_approval(Builder *b) {
    if (b->f->pre_approval) add(b, &pre_approval, NULL, NULL);
}

/* Seed §1.1 (2) A and B: the full set handed in at on-site verification. */
static void build_full(Builder *b) {
    b->out->onsite = true;
    add(b, &verification_form, NULL, NULL);
    add(b, &security_agreement, NULL, NULL);
    if (is_org(b)) {
        add_licence(b);
        if (b->f->legal_rep_is_site_principal) {
            add(b, &legal_rep_id_copy, "法定代表人即网站负责人，提供一套即可",
                "The legal representative is also the website principal: one set serves both");
        } else {
            add(b, &legal_rep_id_copy, NULL, NULL);
            add(b, &site_principal_id_copy, NULL, NULL);
        }
        add_authorization(b);
    } else {
        add(b, &principal_id_copy, NULL, NULL);
        add_residence(b);
    }
    add(b, &domain_certificate, NULL, NULL);
    add_pre_approval(b);
}

/* Seed §1.2 I: verified on site before. Beian prints the application number
** and a QR code on the form, which replaces the "verified before" slip. */
static void build_verified_before(Builder *b) {
    add(b, &verification_form,
        "核验单上域名栏填写新增的域名信息；之前已做过现场核验，"
        "核验单上已打印申请编号和二维码，无需另附纸条",
        "The form's domain field carries the new domain. Verified on site before: the "
        "application number and QR code printed on the form replace the paper slip");
    add_authorization(b);
    add_pre_approval(b);
}

/* Seed §4.4: a change and a new site were submitted together; the change
** passed and the new site was returned. */
static void build_supplement(Builder *b) {
    add(b, &verification_form, "变更已通过审核，新增补单",
        "Change already approved; supplementary forms for the new website");
}

static void build_change(Builder *b) {
    const ChecklistFacts *f = b->f;
    b->out->onsite = f->principal_changed && f->kind != KIND_CHANGE_ACCESS;
    add(b, &verification_form, "核验单按变更后的信息打印",
        "The form is printed with the changed information");
    if (f->kind == KIND_CHANGE_SUBJECT) {
        if (is_org(b)) {
            add_licence(b);
            add(b, &legal_rep_id_copy, NULL, NULL);
        } else {
            add(b, &principal_id_copy, NULL, NULL);
            add_residence(b);
        }
    } else if (f->kind == KIND_CHANGE_SITE) {
        if (f->principal_changed && is_org(b)) {
            add(b, &site_principal_id_copy, "新的网站负责人", "Of the new website principal");
            add_authorization(b);
        }
        add_pre_approval(b);
    }
}

static void add_province_extras(Builder *b) {
    const ProvinceRules *p = b->p;
    for (size_t i = 0; i < p->n_extras; i++) {
        const ProvinceExtra *x = &p->extras[i];
        if (!(x->kinds & KIND_BIT(b->f->kind))) continue;
        if (x->natures && !(x->natures & NATURE_BIT(b->f->nature))) continue;
        ItemSpec s = {.code = x->code,
                      .zh = x->zh,
                      .en = x->en,
                      .copies = x->copies > 0 ? x->copies : 1,
                      .upload = true};
        add(b, &s, x->note_zh, x->note_en);
    }
}

static void add_notices(Builder *b) {
    const ChecklistFacts *f = b->f;
    const ProvinceRules *p = b->p;
    if (app_kind_is_cancel(f->kind)) {
        if (f->kind == KIND_CANCEL_ACCESS)
            notice(b, "cancel_no_paper", "取消接入无需提交纸质材料，也无需短信核验。",
                   "Cancelling access needs no paper materials and no SMS verification.");
        else
            notice(b, "cancel_no_paper", "注销无需提交纸质材料。",
                   "A cancellation needs no paper materials.");
    } else if (b->out->onsite) {
        notice(b, "onsite_required",
               "需要现场核验：负责人到场拍照（幕布前），并交验本申请材料清单中的纸质材料。",
               "On-site verification: the principal is photographed in front of the backdrop "
               "and hands in the paper materials listed.");
    } else if (b->reduced) {
        notice(b, "onsite_done_before", "无需现场核验：之前已做过现场核验。",
               "No on-site verification: it was done before.");
    }
    if (app_kind_needs_sms(f->kind))
        notice(b, "sms_verification",
               "提交管局后，工信部将向负责人手机发送短信（12381），请在24小时内完成核验。",
               "Once we pass it to the administration, MIIT texts the principal (12381); "
               "answer within 24 hours.");
    if (f->commercial && !app_kind_is_cancel(f->kind))
        notice(b, "commercial_window", p->commercial_notice_zh, p->commercial_notice_en);
    if (!app_kind_is_cancel(f->kind))
        notice(b, "province_special", p->special_notice_zh, p->special_notice_en);
}

int checklist_build(const ChecklistFacts *f, const ProvinceRules *p, Checklist *out) {
    if (!f || !out || f->kind <= 0 || f->kind >= KIND__COUNT || f->nature <= 0 ||
        f->nature >= NATURE__COUNT || f->n_sites < 0 || f->n_domains < 0)
        return -ERR_CHECKLIST_FACTS;
    if (!p) return -ERR_PROVINCE_UNKNOWN;
    memset(out, 0, sizeof *out);
    Builder b = {.f = f, .p = p, .out = out};
    bool adds = app_kind_adds_site(f->kind);
    bool supplement = adds && f->supplement;
    b.reduced = supplement ||
                (f->verified_before && (f->kind == KIND_NEW_SITE || f->kind == KIND_NEW_ACCESS));
    if (supplement)
        build_supplement(&b);
    else if (b.reduced)
        build_verified_before(&b);
    else if (adds)
        build_full(&b);
    else if (app_kind_is_change(f->kind))
        build_change(&b);
    /* The supplement re-sends forms only; everything else was handed in. */
    if (!supplement) add_province_extras(&b);
    add_notices(&b);
    if (b.err) memset(out, 0, sizeof *out);
    return b.err;
}

const ChecklistItem *checklist_find(const Checklist *c, const char *code) {
    for (size_t i = 0; code && i < c->n_items; i++)
        if (strcmp(c->items[i].code, code) == 0) return &c->items[i];
    return NULL;
}

const ChecklistNotice *checklist_notice(const Checklist *c, const char *code) {
    for (size_t i = 0; code && i < c->n_notices; i++)
        if (strcmp(c->notices[i].code, code) == 0) return &c->notices[i];
    return NULL;
}

const char *signature_label(Signature s, Lang lang) {
    switch (s) {
    case SIG_ORG:
        return lang == LANG_EN ? "Signed by the principal and stamped with the official seal"
                               : "负责人签字并加盖公章";
    case SIG_INDIVIDUAL:
        return lang == LANG_EN ? "Signed and fingerprinted by the principal" : "负责人签字加按手印";
    default:
        return "";
    }
}
