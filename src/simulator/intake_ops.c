/*
** The intake checks of each operation (see intake.h): the registry's
** records and passwords, conflicts with filed records and requests in
** flight, the verification form among the attachments, and the rules a
** review would return the filing for (site names, commercial content,
** province limits).
*/
#include <string.h>

#include "core/err.h"
#include "regulator/codes.h"
#include "rules/preapproval.h"
#include "rules/types.h"
#include "rules/validate.h"
#include "simulator/intake_int.h"
#include "simulator/registry.h"

/* ---------------------------------------------------------------- domains */

/* Is key already held by this item as a domain? */
static bool held_here(const Intake *it, const char *key) {
    for (size_t i = 0; i < it->n_holds; i++)
        if (!strcmp(it->holds[i].kind, "domain") && !strcmp(it->holds[i].key, key)) return true;
    return false;
}

/* One domain of site s: filed by another subject (1005), by this subject
** (1039, subject_id != 0), in flight (1005), repeated in the item (1039);
** else held. A domain the site itself holds (a change) passes. */
static int check_domain(IntakeCtx *c, const RegSite *s, const char *name, int64_t subject_id) {
    char *key = registry_domain_key(c->a, name);
    if (held_here(c->it, key))
        return intake_fail(c->it, 1039, arena_printf(c->a, "域名 %s 在本次申请中重复", name)), 0;
    SimSite other;
    int rc = registry_site_of_domain(c->db, c->a, key, &other);
    if (rc == 0 && other.id != s->bureau_id) {
        if (subject_id && other.subject_id == subject_id)
            intake_fail(c->it, 1039,
                        arena_printf(c->a, "域名 %s 已在本主体的网站 %s 备案，无需重复报备", name,
                                     other.number));
        else
            intake_fail(c->it, 1005,
                        arena_printf(c->a, "域名 %s 已由其他主体备案（网站备案号 %s）", name,
                                     other.number));
        return 0;
    }
    if (rc && rc != -ERR_NOT_FOUND) return rc;
    if (rc == 0) return 0; /* the site's own domain */
    bool held;
    if ((rc = intake_held(c->db, "domain", key, &held))) return rc;
    if (held)
        return intake_fail(c->it, 1005, arena_printf(c->a, "域名 %s 已有备案申请正在办理", name)),
               0;
    intake_hold(c->a, c->it, "domain", key);
    return 0;
}

/* Every domain of the sites; stops at the first verdict. */
static int check_domains(IntakeCtx *c, const RegSite *s, size_t n, int64_t subject_id) {
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < s[i].n_domains; k++) {
            int rc = check_domain(c, &s[i], s[i].domains[k].name, subject_id);
            if (rc || c->it->code) return rc;
        }
    return 0;
}

/* ------------------------------------------------------------ attachments */

/* Who may own a verification form: a subject (target -1: covers every site)
** or one site (target: its index), by ID (Ssdxbs or Jlid) or number (Baxh). */
typedef struct FormOwner {
    int64_t type; /* Ssdxlx: 1 subject, 2 site */
    int64_t id;
    const char *number;
    int target;
} FormOwner;

/* The owner of attachment f among o, or -1. */
static int form_owner(const RegAttachment *f, const FormOwner *o, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (f->owner_type != o[i].type) continue;
        if (o[i].id && f->owner_id == o[i].id) return (int)i;
        if (o[i].number && f->owner_number && !strcmp(f->owner_number, o[i].number)) return (int)i;
    }
    return -1;
}

/* Formats (1056), purposes (1057), each form's owner (1061), and a form for
** every target site (1055, seed §4.1). True when a verdict was set. */
static bool check_forms(IntakeCtx *c, const RegAttachment *f, size_t nf, const FormOwner *o,
                        size_t no, const char *const *targets, size_t nt) {
    bool *covered = ARENA_NEW(c->a, bool, nt + 1), all = false;
    for (size_t i = 0; i < nf; i++) {
        if (f[i].format != FJ_FORMAT_JPG && f[i].format != FJ_FORMAT_PNG)
            return intake_fail(c->it, 1056,
                               arena_printf(c->a, "附件格式代码 %lld 无效（1 JPG，2 PNG）",
                                            (long long)f[i].format));
        if (f[i].purpose < 1 || f[i].purpose > FJ_PURPOSE_MAX)
            return intake_fail(
                c->it, 1057, arena_printf(c->a, "附件用途代码 %lld 无效", (long long)f[i].purpose));
        if (f[i].purpose != FJ_PURPOSE_FORM) continue;
        int k = form_owner(&f[i], o, no);
        if (k < 0)
            return intake_fail(c->it, 1061,
                               "真实性核验单的所属对象不是本次申请的主体或网站，请核对后重新提交");
        if (o[k].target < 0)
            all = true;
        else
            covered[o[k].target] = true;
    }
    for (size_t t = 0; t < nt && !all; t++)
        if (!covered[t])
            return intake_fail(c->it, 1055,
                               arena_printf(c->a,
                                            "未收到真实性核验单：网站“%s”没有用途为核验单的附件，"
                                            "请上传签字盖章的核验单后重新提交",
                                            targets[t]));
    return false;
}

/* Owners and targets of the new sites s (site owners by the provider's IDs). */
static size_t site_owners(Arena *a, const RegSite *s, size_t n, FormOwner *o,
                          const char ***targets) {
    const char **t = ARENA_NEW(a, const char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        o[i] = (FormOwner){2, s[i].isp_id, NULL, (int)i};
        t[i] = s[i].names.n ? s[i].names.v[0] : "";
    }
    *targets = t;
    return n;
}

/* -------------------------------------------------------- review rules */

/* Words that make a site commercial (经营性) in the administration's eyes. */
static const char *const commercial_words[] = {"商城", "购物", "网店",     "商店",     "团购",
                                               "拍卖", "电商", "交易平台", "在线支付", NULL};

/* Site names against the nature of their subject (personal sites named like
** a company, reserved words...) and commercial content without a valid
** licence (seed §2). True when a return was set. */
static bool check_site_rules(IntakeCtx *c, const RegSite *s, int64_t dwxz) {
    SubjectNature nature =
        dwxz >= 1 && dwxz < NATURE__COUNT ? (SubjectNature)dwxz : NATURE_ENTERPRISE;
    PreApprovalSet declared = 0;
    const char *licence = NULL;
    for (size_t i = 0; i < s->n_preapprovals; i++) {
        int64_t t = s->preapprovals[i].type;
        if (t == REG_NRLX_COMMERCIAL) licence = s->preapprovals[i].number;
        if (t >= 1 && t < PREAPPROVAL__COUNT) declared |= PREAPPROVAL_BIT(t);
    }
    const char *domain = s->n_domains ? s->domains[0].name : NULL;
    for (size_t i = 0; i < s->names.n; i++) {
        int rc = site_name_check(s->names.v[i], nature, domain, declared);
        if (rc)
            return intake_return(c->it, arena_printf(c->a, "网站名称“%s”不符合要求：%s",
                                                     s->names.v[i], err_msg(rc, LANG_ZH)));
    }
    if (licence && licence_number_check(licence))
        return intake_return(c->it, arena_printf(c->a,
                                                 "经营性备案的 ICP 经营许可证编号“%s”无效，请填写"
                                                 "有效的许可证编号（如 京B2-20201234）",
                                                 licence));
    for (size_t i = 0; !licence && i < s->names.n; i++)
        for (const char *const *w = commercial_words; *w; w++)
            if (strstr(s->names.v[i], *w))
                return intake_return(
                    c->it, arena_printf(c->a,
                                        "网站名称含“%s”，涉及经营性内容，属经营性备案：须取得 ICP "
                                        "经营许可证，报备时填写许可证编号；报送后还须到管局窗口"
                                        "办理",
                                        *w));
    return false;
}

/* Every site's rules; true when a return was set. */
static bool check_sites_rules(IntakeCtx *c, const RegSite *s, size_t n, int64_t dwxz) {
    for (size_t i = 0; i < n; i++)
        if (check_site_rules(c, &s[i], dwxz)) return true;
    return false;
}

/* Hunan (43) and Hubei (42) take one site per application. */
static bool check_one_site(IntakeCtx *c, int64_t province, size_t n_sites) {
    int64_t p = province / 10000;
    if ((p != 43 && p != 42) || n_sites <= 1) return false;
    return intake_return(c->it, arena_printf(c->a,
                                             "%s通信管理局要求每次申请只报备一个网站，请将 %zu "
                                             "个网站分开提交",
                                             p == 43 ? "湖南省" : "湖北省", n_sites));
}

/* ------------------------------------------------------------- passwords */

/* The filing password (ICPmm) of subject: checked when the provider neither
** filed nor hosts the subject, or always (cancelling a subject). */
static bool check_password(IntakeCtx *c, const SimSubject *subj, const char *icpmm, bool always) {
    if (!always && registry_serves(c->db, subj->id, c->isp)) return false;
    if (!icpmm)
        return intake_fail(
            c->it, 1018,
            arena_printf(c->a, "主体 %s 不在本接入商备案，须提供主体的备案密码", subj->number));
    if (registry_password_ok(c->db, subj->id, icpmm)) return false;
    return intake_fail(c->it, 1018, arena_printf(c->a, "主体 %s 的备案密码错误", subj->number));
}

/* ------------------------------------------------------------ operations */

/* A filed record is needed: not found gives code, cancelled gives cancelled. */
static bool check_filed(IntakeCtx *c, int rc, const char *state, int64_t code, int64_t cancelled,
                        const char *what) {
    if (rc == -ERR_NOT_FOUND)
        return intake_fail(c->it, code, arena_printf(c->a, "备案库中没有%s", what));
    if (strcmp(state, "filed") != 0)
        return intake_fail(c->it, cancelled, arena_printf(c->a, "%s已注销", what));
    return false;
}

/* Fail with code when (kind, key) is held: true when it was, or when the
** database failed (*rc). */
static bool check_free(IntakeCtx *c, const char *kind, int64_t id, int64_t code, const char *text,
                       int *rc) {
    bool held = false;
    *rc = intake_held(c->db, kind, intake_num(c->a, id), &held);
    return *rc || (held && intake_fail(c->it, code, text));
}

int intake_new_filing(IntakeCtx *c, const UploadNewFiling *x) {
    const RegSubject *s = &x->subject;
    SimSubject old;
    int rc = registry_subject_by_cert(c->db, c->a, s->cert.number, &old);
    if (rc == 0)
        return intake_fail(
                   c->it, 1003,
                   arena_printf(c->a,
                                "网站主办者冲突：该主体已备案（主体备案号 %s），请以新增网站"
                                "方式办理",
                                old.number)),
               0;
    if (rc != -ERR_NOT_FOUND) return rc;
    bool held;
    if ((rc = intake_held(c->db, "cert", s->cert.number, &held))) return rc;
    if (held) return intake_fail(c->it, 1003, "该主体已有首次备案申请正在办理，请勿重复报备"), 0;
    intake_hold(c->a, c->it, "cert", s->cert.number);
    if ((rc = check_domains(c, x->sites, x->n_sites, 0)) || c->it->code) return rc;
    FormOwner *o = ARENA_NEW(c->a, FormOwner, x->n_sites + 1);
    const char **targets;
    size_t no = site_owners(c->a, x->sites, x->n_sites, o, &targets);
    o[no++] = (FormOwner){1, s->isp_id, NULL, -1};
    if (check_forms(c, x->attachments, x->n_attachments, o, no, targets, x->n_sites) ||
        check_one_site(c, s->address.province, x->n_sites) ||
        check_sites_rules(c, x->sites, x->n_sites, s->nature))
        return 0;
    intake_mobile(c->a, c->it, &s->principal);
    for (size_t i = 0; i < x->n_sites; i++)
        intake_mobile(c->a, c->it, &x->sites[i].principal);
    return 0;
}

int intake_new_site(IntakeCtx *c, const UploadNewSite *x) {
    SimSubject subj;
    int rc = registry_subject(c->db, c->a, x->subject_id, x->subject_number, &subj);
    if (rc && rc != -ERR_NOT_FOUND) return rc;
    const char *what = arena_printf(c->a, "主体 %s", c->it->bs);
    if (check_filed(c, rc, rc ? "" : subj.state, 1058, 1049, what)) return 0;
    c->it->subject_id = subj.id;
    if (check_password(c, &subj, x->icpmm, false) ||
        check_free(c, "cancel_subject", subj.id, 1042, "主体正在注销，不能新增网站", &rc))
        return rc;
    if ((rc = check_domains(c, x->sites, x->n_sites, subj.id)) || c->it->code) return rc;
    FormOwner *o = ARENA_NEW(c->a, FormOwner, x->n_sites + 1);
    const char **targets;
    size_t no = site_owners(c->a, x->sites, x->n_sites, o, &targets);
    o[no++] = (FormOwner){1, subj.id, subj.number, -1};
    if (check_forms(c, x->attachments, x->n_attachments, o, no, targets, x->n_sites) ||
        check_one_site(c, subj.province, x->n_sites) ||
        check_sites_rules(c, x->sites, x->n_sites, subj.nature))
        return 0;
    intake_mobile(c->a, c->it, &subj.data.principal);
    for (size_t i = 0; i < x->n_sites; i++)
        intake_mobile(c->a, c->it, &x->sites[i].principal);
    return 0;
}

int intake_new_access(IntakeCtx *c, const UploadNewAccess *x) {
    SimSite site;
    SimSubject subj;
    int rc = registry_site(c->db, c->a, x->site_id, x->site_number, &site);
    if (rc && rc != -ERR_NOT_FOUND) return rc;
    const char *what = x->site_number
                           ? arena_printf(c->a, "网站 %s", x->site_number)
                           : arena_printf(c->a, "网站（Wzid %lld）", (long long)x->site_id);
    if (check_filed(c, rc, rc ? "" : site.state, 1059, 1050, what)) return 0;
    if ((rc = registry_subject(c->db, c->a, site.subject_id, NULL, &subj))) return rc;
    c->it->subject_id = subj.id;
    if (check_password(c, &subj, x->icpmm, false)) return 0;
    int64_t all = 0, mine = 0;
    if ((rc = registry_access_count(c->db, site.id, c->isp, &all, &mine))) return rc;
    if (mine)
        return intake_fail(c->it, 1029, "该网站已由本接入商接入，同一网站不能有相同的接入"), 0;
    if (check_free(c, "access", site.id, 1029, "该网站已有新增接入申请正在办理", &rc)) return rc;
    intake_hold(c->a, c->it, "access", intake_num(c->a, site.id));
    FormOwner o[2] = {{2, site.id, site.number, 0}, {1, subj.id, subj.number, -1}};
    const char *target = site.name;
    if (check_forms(c, x->attachments, x->n_attachments, o, 2, &target, 1)) return 0;
    intake_mobile(c->a, c->it, &site.data.principal);
    return 0;
}

/* The sites of a change must be filed sites of the subject (1059). */
static int check_change_sites(IntakeCtx *c, const UploadChange *x, int64_t subject_id) {
    for (size_t i = 0; i < x->n_sites; i++) {
        SimSite site;
        int rc = registry_site(c->db, c->a, x->sites[i].bureau_id, NULL, &site);
        if (rc && rc != -ERR_NOT_FOUND) return rc;
        if (rc || site.subject_id != subject_id || strcmp(site.state, "filed") != 0)
            return intake_fail(c->it, 1059,
                               arena_printf(c->a, "备案库中没有本主体的网站（Wzid %lld）",
                                            (long long)x->sites[i].bureau_id)),
                   0;
    }
    return 0;
}

int intake_change(IntakeCtx *c, const UploadChange *x) {
    const RegSubject *s = &x->subject;
    SimSubject subj;
    int rc = registry_subject(c->db, c->a, s->bureau_id, NULL, &subj);
    if (rc && rc != -ERR_NOT_FOUND) return rc;
    if (rc == 0 && s->number && strcmp(s->number, subj.number) != 0) rc = -ERR_NOT_FOUND;
    const char *what = arena_printf(c->a, "主体 %s（Ztid %lld）", s->number ? s->number : "",
                                    (long long)s->bureau_id);
    if (check_filed(c, rc, rc ? "" : subj.state, 1016, 1049, what)) return 0;
    c->it->subject_id = subj.id;
    if (!registry_serves(c->db, subj.id, c->isp))
        return intake_fail(c->it, 1048, "只能变更本接入商报备或接入的备案"), 0;
    if (check_free(c, "change", subj.id, 1017, "该主体已有变更在审核中，审核结束后才能再次变更",
                   &rc) ||
        check_free(c, "cancel_subject", subj.id, 1017, "该主体有注销申请正在办理", &rc))
        return rc;
    if (x->icpmm && !registry_password_ok(c->db, subj.id, x->icpmm))
        return intake_fail(c->it, 1018, arena_printf(c->a, "主体 %s 的备案密码错误", subj.number)),
               0;
    if (s->address.province / 10000 != subj.province / 10000)
        return intake_fail(c->it, 1046, "变更不能改变主体所在省，请先注销再重新备案"), 0;
    if ((rc = check_change_sites(c, x, subj.id)) || c->it->code) return rc;
    if ((rc = check_domains(c, x->sites, x->n_sites, subj.id)) || c->it->code) return rc;
    intake_hold(c->a, c->it, "change", intake_num(c->a, subj.id));
    if (check_sites_rules(c, x->sites, x->n_sites, s->nature)) return 0;
    intake_mobile(c->a, c->it, &s->principal);
    for (size_t i = 0; i < x->n_sites; i++)
        intake_mobile(c->a, c->it, &x->sites[i].principal);
    return 0;
}

/* Cancelling a subject (Zxlb 0): its password always. */
static int cancel_subject(IntakeCtx *c, const UploadCancel *x) {
    SimSubject subj;
    int rc = registry_subject(c->db, c->a, x->record_id, NULL, &subj);
    if (rc && rc != -ERR_NOT_FOUND) return rc;
    if (check_filed(c, rc, rc ? "" : subj.state, 1058, 1049,
                    arena_printf(c->a, "主体（Ztid %lld）", (long long)x->record_id)))
        return 0;
    c->it->subject_id = subj.id;
    if (!registry_serves(c->db, subj.id, c->isp))
        return intake_fail(c->it, 1048, "只能注销本接入商报备或接入的备案"), 0;
    if (check_free(c, "cancel_subject", subj.id, 1027, "该主体的注销申请已提交，无需重复提交",
                   &rc) ||
        check_password(c, &subj, x->icpmm, true))
        return rc;
    intake_hold(c->a, c->it, "cancel_subject", intake_num(c->a, subj.id));
    intake_mobile(c->a, c->it, &subj.data.principal);
    return 0;
}

/* Cancelling a site (Zxlb 1) the provider hosts. */
static int cancel_site(IntakeCtx *c, const UploadCancel *x) {
    SimSite site;
    int rc = registry_site(c->db, c->a, x->record_id, NULL, &site);
    if (rc && rc != -ERR_NOT_FOUND) return rc;
    if (check_filed(c, rc, rc ? "" : site.state, 1059, 1050,
                    arena_printf(c->a, "网站（Wzid %lld）", (long long)x->record_id)))
        return 0;
    c->it->subject_id = site.subject_id;
    int64_t all = 0, mine = 0;
    if ((rc = registry_access_count(c->db, site.id, c->isp, &all, &mine))) return rc;
    if (!mine) return intake_fail(c->it, 1048, "只能注销本接入商接入的网站"), 0;
    if (check_free(c, "cancel_site", site.id, 1030, "该网站的注销申请已提交，无需重复提交", &rc) ||
        check_free(c, "cancel_subject", site.subject_id, 1042, "主体正在注销，不能注销网站", &rc))
        return rc;
    if (x->icpmm && !registry_password_ok(c->db, site.subject_id, x->icpmm))
        return intake_fail(c->it, 1018, "主体的备案密码错误"), 0;
    intake_hold(c->a, c->it, "cancel_site", intake_num(c->a, site.id));
    intake_mobile(c->a, c->it, &site.data.principal);
    return 0;
}

/* Cancelling an access (Zxlb 2): the provider's own, not the site's only one. */
static int cancel_access(IntakeCtx *c, const UploadCancel *x) {
    int64_t site_id = 0, provider = 0, all = 0, mine = 0;
    int rc = registry_access(c->db, x->record_id, &site_id, &provider);
    if (rc == -ERR_NOT_FOUND)
        return intake_fail(
                   c->it, 1016,
                   arena_printf(c->a, "备案库中没有该接入（Jrid %lld）", (long long)x->record_id)),
               0;
    if (rc) return rc;
    if (provider != c->isp) return intake_fail(c->it, 1047, "只能取消本接入商的接入"), 0;
    if ((rc = registry_access_count(c->db, site_id, c->isp, &all, &mine))) return rc;
    if (all <= 1)
        return intake_fail(c->it, 1025, "网站只有一个接入，不能取消该接入；请注销网站"), 0;
    if (check_free(c, "cancel_access", x->record_id, 1032, "已对该接入提出取消，无需重复提交", &rc))
        return rc;
    SimSite site;
    if ((rc = registry_site(c->db, c->a, site_id, NULL, &site))) return rc;
    c->it->subject_id = site.subject_id;
    intake_hold(c->a, c->it, "cancel_access", intake_num(c->a, x->record_id));
    return 0; /* access cancellations are not verified by SMS */
}

int intake_cancel(IntakeCtx *c, const UploadCancel *x) {
    switch (x->kind) {
    case 0:
        return cancel_subject(c, x);
    case 1:
        return cancel_site(c, x);
    default:
        return cancel_access(c, x);
    }
}
