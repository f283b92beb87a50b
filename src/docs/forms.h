/*
** The printable forms of verify & submit (信息核实提交), as PDF:
**   网站备案信息真实性核验单  verification form    form_verification_pdf()
**   信息安全协议              security agreement   form_agreement_pdf()
**   网站备案授权书            authorisation letter form_authorisation_pdf()
**
** The inputs are plain views: UTF-8 strings (NULL prints as empty) and
** counted arrays, filled by the caller from whatever it holds. The forms
** print exactly what they are given, in full: masking or leaving out personal
** data is the caller's decision (a customer's own form carries full ID
** numbers, since the customer signs it). Display names (subject nature,
** certificate type, application kind...) are passed as text.
**
** Output: A4 portrait PDF, fonts embedded, appended to a Buf. Rendering is
** thread-safe: every call builds its own cairo and pango objects.
** See docs/forms.md for what each form contains and why.
*/
#ifndef BEIAN_DOCS_FORMS_H
#define BEIAN_DOCS_FORMS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "rules/types.h"

/* A person: a subject principal, a site principal, an authorised person. */
typedef struct FormPerson {
    const char *name;
    const char *id_type; /* display name, e.g. 居民身份证 */
    const char *id_number;
    const char *mobile;
    const char *landline; /* 办公电话, may be NULL */
    const char *email;
    const char *emergency; /* 应急联系电话 (site principals), may be NULL */
} FormPerson;

/* 主体: the filer. nature decides the signature blocks (organisations seal,
** individuals fingerprint); nature_name is what is printed. */
typedef struct FormSubject {
    SubjectNature nature;
    const char *nature_name; /* 企业, 个人, ... */
    const char *name;
    const char *cert_type; /* 统一社会信用代码证书 / 居民身份证 ... */
    const char *cert_number;
    const char *province, *city, *district;
    const char *address;   /* inside the district */
    const char *investor;  /* 投资者或上级主管单位 */
    const char *legal_rep; /* 法定代表人, may be NULL */
    FormPerson principal;  /* 主体负责人 */
} FormSubject;

/* 接入信息 of one site. */
typedef struct FormAccess {
    const char *provider; /* 接入服务提供者 */
    const char *method;   /* 专线 / 主机托管 / 虚拟主机 / 其他 */
    const char *const *ips;
    size_t n_ips;
} FormAccess;

/* 网站. For a new site, domains holds the NEW domain. preapprovals are
** printed one per line, e.g. "新闻：京新网审〔2026〕12号"; none prints
** "以上都不涉及". is_new marks the site added by this application. */
typedef struct FormSite {
    const char *name;
    const char *const *domains;
    size_t n_domains;
    const char *home_url;
    const char *const *services; /* 服务内容 */
    size_t n_services;
    const char *const *preapprovals;
    size_t n_preapprovals;
    const char *language; /* 网站语言, e.g. 中文简体 */
    bool is_new;
    FormPerson principal; /* 网站负责人 */
    FormAccess access;
} FormSite;

/* One row of the materials checklist (computed by src/rules). */
typedef struct FormMaterial {
    const char *name;      /* 网站备案信息真实性核验单 */
    int copies;            /* 0 prints as empty */
    const char *signature; /* 负责人签字并加盖单位公章 */
    const char *note;      /* may be NULL */
} FormMaterial;

/* The verification form. staff_url is the QR code's content: the staff page
** of this application, so a reviewer scanning the paper opens it at once.
** verified_before: a new site of a subject verified on site before (seed
** §1.2): prints the note "之前已做过现场核验" with verified_before_ref (e.g.
** the earlier application number, may be NULL). batch_supplement: the
** supplementary forms of a batch whose change passed and whose new site was
** returned (seed §4.4): prints "变更已通过审核，新增补单" with batch_ref. */
typedef struct FormVerification {
    const char *app_number; /* 申请编号, e.g. A2026-000123 */
    const char *staff_url;
    const char *kind_name; /* 申请类型, e.g. 新增网站 */
    const char *date;      /* 填表日期 */
    const char *provider_name;
    /* Where and when the on-site verification is done, printed under the
    ** materials when onsite_address is given; may be NULL. */
    const char *onsite_address;
    const char *onsite_hours;
    FormSubject subject;
    const FormSite *sites;
    size_t n_sites;
    const FormMaterial *materials;
    size_t n_materials;
    bool verified_before;
    const char *verified_before_ref;
    bool batch_supplement;
    const char *batch_ref;
} FormVerification;

/* 接入服务提供者: our side of the agreement. */
typedef struct FormProvider {
    const char *name;
    const char *address;
    const char *contact; /* 联系人 */
    const char *phone;
    const char *email;
} FormProvider;

/* The security agreement between the subject (甲方) and us (乙方). */
typedef struct FormAgreement {
    const char *app_number; /* may be NULL */
    const char *date;
    FormSubject subject;
    FormProvider provider;
    const FormSite *sites;
    size_t n_sites;
} FormAgreement;

/* The authorisation letter: the subject (授权人, by its principal or legal
** representative) authorises grantee (被授权人, the site principal) to file
** the sites. The caller produces it only when the two people differ. */
typedef struct FormAuthorisation {
    const char *app_number; /* may be NULL */
    const char *date;
    const char *provider_name;
    FormSubject subject;
    FormPerson grantee;
    const FormSite *sites;
    size_t n_sites;
} FormAuthorisation;

/* Render the verification form and append the PDF to out. Returns 0, or
** -ERR_INVALID_INPUT (NULL form, app_number missing, a QR code that cannot
** be encoded), -ERR_PDF_FONT_MISSING or -ERR_PDF_RENDER; on error out keeps
** its previous content. */
int form_verification_pdf(const FormVerification *f, Buf *out);

/* Render the security agreement with the clause text `text` (a template of
** form_texts.h; NULL: FORM_TEXT_AGREEMENT). Returns as above. */
int form_agreement_pdf(const FormAgreement *f, const char *text, Buf *out);

/* Render the authorisation letter with `text` (NULL:
** FORM_TEXT_AUTHORISATION). Returns as above. */
int form_authorisation_pdf(const FormAuthorisation *f, const char *text, Buf *out);

/* Release the calling thread's font cache (pango's per-thread font map,
** built by the first form a thread renders and reused by the next ones).
** glib releases it when a thread exits, but never for the main thread: call
** this there at shutdown so leak checkers stay quiet. Rendering again
** afterwards is allowed (the cache is rebuilt). */
void forms_thread_release(void);

#endif
