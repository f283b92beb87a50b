/*
** The catalog of filing fields and the steps of each application kind.
*/
#include "rules/filing_fields.h"

#include <pthread.h>
#include <string.h>

#include "core/util.h"
#include "rules/preapproval.h"
#include "rules/region.h"
#include "rules/validate.h"

#define F(key, step, group, input, flags, max, choices, zh, en, hzh, hen)                          \
    { key, step, group, input, flags, max, choices, zh, en, hzh, hen }

static const FilingField fields[] = {
    /* Claim a subject filed elsewhere (seed §1.1: number + password, no subject form). */
    F("claim_subject_number", STEP_CLAIM, "claim", IN_TEXT, 0, 24, NULL, "主体备案号",
      "Subject filing number", "如 京ICP备12345678号", "e.g. 京ICP备12345678号"),
    F("claim_password", STEP_CLAIM, "claim", IN_SECRET, 0, 64, NULL, "备案密码", "Filing password",
      "该主体的备案密码，仅用于向管局下载主体信息",
      "Used only to download the subject's record from the administration"),
    F("claim_nature", STEP_CLAIM, "claim", IN_SELECT, 0, 20, "nature", "主体性质",
      "Nature of the subject", "决定需提交的材料（单位或个人）",
      "Decides the paper materials (organisation or individual)"),
    F("claim_subject_name", STEP_CLAIM, "claim", IN_TEXT, 0, 100, NULL, "主办单位或主办人名称",
      "Subject name", "与该备案号登记的名称一致", "As registered under the number"),
    F("claim_principal_name", STEP_CLAIM, "claim", IN_TEXT, 0, 30, NULL, "主体负责人姓名",
      "Subject principal", NULL, NULL),
    F("claim_principal_id_type", STEP_CLAIM, "claim", IN_SELECT, 0, 24, "cert_person",
      "主体负责人证件类型", "Principal's ID type", NULL, NULL),
    F("claim_principal_id_number", STEP_CLAIM, "claim", IN_TEXT, FD_PERSONAL, 40, NULL,
      "主体负责人证件号码", "Principal's ID number", NULL, NULL),
    F("claim_principal_mobile", STEP_CLAIM, "claim", IN_TEXT, FD_PERSONAL, 20, NULL,
      "主体负责人手机号码", "Principal's mobile", NULL, NULL),
    F("claim_principal_email", STEP_CLAIM, "claim", IN_TEXT, 0, 254, NULL, "主体负责人电子邮箱",
      "Principal's e-mail", "找回登录信息时使用（见“忘记登录信息”）",
      "Used to recover a lost login"),

    /* Subject */
    F("subject_province", STEP_SUBJECT, "subject", IN_SELECT, 0, 6, "province", "主体所在省份",
      "Province", "决定受理备案的通信管理局",
      "Decides which communications administration handles the filing"),
    F("subject_city", STEP_SUBJECT, "subject", IN_SELECT, 0, 6, "city", "城市", "City", NULL, NULL),
    F("subject_district", STEP_SUBJECT, "subject", IN_SELECT, FD_OPTIONAL, 6, "district", "区县",
      "District", NULL, NULL),
    F("subject_nature", STEP_SUBJECT, "subject", IN_SELECT, 0, 20, "nature", "主体性质",
      "Nature of the subject", NULL, NULL),
    F("subject_cert_type", STEP_SUBJECT, "subject", IN_SELECT, 0, 24, "cert_subject", "证件类型",
      "Certificate type", NULL, NULL),
    F("subject_cert_number", STEP_SUBJECT, "subject", IN_TEXT, FD_PERSONAL, 40, NULL, "证件号码",
      "Certificate number", NULL, NULL),
    F("subject_name", STEP_SUBJECT, "subject", IN_TEXT, 0, 100, NULL, "主办单位或主办人名称",
      "Subject name", "须与证件上的名称一致", "Exactly as on the certificate"),
    F("subject_address", STEP_SUBJECT, "subject", IN_TEXT, 0, 100, NULL, "通信地址",
      "Mailing address", "须位于所选区县内，写到门牌号",
      "Within the district chosen, down to the door number"),
    F("subject_investor", STEP_SUBJECT, "subject", IN_TEXT, FD_ORG_ONLY, 100, NULL,
      "投资者或上级主管单位", "Investor or superior body", NULL, NULL),

    /* Subject principal */
    F("principal_name", STEP_SUBJECT, "principal", IN_TEXT, 0, 30, NULL, "姓名", "Name", NULL,
      NULL),
    F("principal_id_type", STEP_SUBJECT, "principal", IN_SELECT, 0, 24, "cert_person", "证件类型",
      "ID type", NULL, NULL),
    F("principal_id_number", STEP_SUBJECT, "principal", IN_TEXT, FD_PERSONAL, 40, NULL, "证件号码",
      "ID number", NULL, NULL),
    F("principal_id_expiry", STEP_SUBJECT, "principal", IN_TEXT, 0, 10, NULL, "证件有效期至",
      "ID valid until", "YYYY-MM-DD；长期有效填写“长期”", "YYYY-MM-DD, or 长期 for no expiry"),
    F("principal_mobile", STEP_SUBJECT, "principal", IN_TEXT, FD_PERSONAL, 20, NULL, "手机号码",
      "Mobile number", "管局将向此号码发送短信核验",
      "The administration sends its SMS check to this number"),
    F("principal_landline", STEP_SUBJECT, "principal", IN_TEXT, FD_PERSONAL | FD_OPTIONAL, 30, NULL,
      "办公电话", "Office phone", "单位必填，如 010-12345678",
      "Required for organisations, e.g. 010-12345678"),
    F("principal_emergency", STEP_SUBJECT, "principal", IN_TEXT, FD_PERSONAL, 30, NULL,
      "应急联系电话", "Emergency contact phone", "不能与本人手机号码相同",
      "Not the principal's own mobile"),
    F("principal_email", STEP_SUBJECT, "principal", IN_TEXT, 0, 254, NULL, "电子邮箱", "E-mail",
      NULL, NULL),
    F("principal_residence_permit", STEP_SUBJECT, "principal", IN_BOOL,
      FD_OPTIONAL | FD_PERSON_ONLY, 1, NULL, "持有本省居住证",
      "Holds a residence permit of this province", "外省身份证在部分省份须提供居住证",
      "Some provinces require it of non-local ID holders"),

    /* Legal representative (organisations) */
    F("legal_same", STEP_SUBJECT, "legal", IN_BOOL, FD_ORG_ONLY | FD_OPTIONAL, 1, NULL,
      "法定代表人即主体负责人", "The legal representative is the principal", NULL, NULL),
    F("legal_name", STEP_SUBJECT, "legal", IN_TEXT, FD_ORG_ONLY, 30, NULL, "法定代表人姓名",
      "Legal representative", NULL, NULL),
    F("legal_id_type", STEP_SUBJECT, "legal", IN_SELECT, FD_ORG_ONLY, 24, "cert_person", "证件类型",
      "ID type", NULL, NULL),
    F("legal_id_number", STEP_SUBJECT, "legal", IN_TEXT, FD_ORG_ONLY | FD_PERSONAL, 40, NULL,
      "证件号码", "ID number", NULL, NULL),

    /* Site */
    F("site_number", STEP_SITE, "site", IN_TEXT, FD_KIND_NEW_ACCESS, 30, NULL, "网站备案号",
      "Site filing number", "原接入商处已备案的网站备案号，如 京ICP备12345678号-1",
      "The site's number from its current provider, e.g. 京ICP备12345678号-1"),
    F("site_name", STEP_SITE, "site", IN_TEXT, 0, 64, NULL, "网站名称", "Site name",
      "至少 3 个汉字，不能是域名，个人网站不能像单位名称",
      "At least 3 Chinese characters; not the domain"),
    F("site_domain", STEP_SITE, "site", IN_TEXT, 0, 253, NULL, "网站域名", "Domain",
      "每个网站只能填写一个已实名认证的域名，不带 www 和 http://",
      "One real-name-verified domain per site, without www or http://"),
    F("site_home_url", STEP_SITE, "site", IN_TEXT, 0, 300, NULL, "网站首页地址", "Home page URL",
      "如 https://www.example.com/", "e.g. https://www.example.com/"),
    F("site_services", STEP_SITE, "site", IN_MULTI, 0, 5, "service", "网站服务内容",
      "Service content", NULL, NULL),
    F("site_preapprovals", STEP_SITE, "site", IN_MULTI, FD_OPTIONAL, 11, "preapproval",
      "前置审批项", "Pre-approvals", "都不涉及时不选（以上都不涉及）",
      "Leave empty when none applies"),
    F("site_preapproval_numbers", STEP_SITE, "site", IN_TEXT, FD_OPTIONAL, 200, NULL,
      "前置审批文号", "Pre-approval document numbers", "涉及前置审批时必填",
      "Required with a pre-approval"),
    F("site_languages", STEP_SITE, "site", IN_MULTI, 0, 10, "language", "网站语言", "Languages",
      NULL, NULL),
    F("site_description", STEP_SITE, "site", IN_TEXTAREA, 0, 200, NULL, "网站备注", "Description",
      "20–200 字，说明网站的主要内容", "20-200 characters on what the site offers"),
    F("site_commercial", STEP_SITE, "site", IN_BOOL, FD_OPTIONAL, 1, NULL,
      "经营性网站（持有 ICP 经营许可证）", "Commercial site (holds an ICP licence)", NULL, NULL),
    F("site_licence", STEP_SITE, "site", IN_TEXT, FD_OPTIONAL, 40, NULL, "ICP 经营许可证编号",
      "ICP licence number", "如 京B2-20201234", "e.g. 京B2-20201234"),

    /* Site principal */
    F("site_principal_same", STEP_SITE, "site_principal", IN_BOOL, FD_OPTIONAL, 1, NULL,
      "网站负责人与主体负责人为同一人", "The site principal is the subject principal", NULL, NULL),
    F("site_principal_name", STEP_SITE, "site_principal", IN_TEXT, 0, 30, NULL, "姓名", "Name",
      NULL, NULL),
    F("site_principal_id_type", STEP_SITE, "site_principal", IN_SELECT, 0, 24, "cert_person",
      "证件类型", "ID type", NULL, NULL),
    F("site_principal_id_number", STEP_SITE, "site_principal", IN_TEXT, FD_PERSONAL, 40, NULL,
      "证件号码", "ID number", NULL, NULL),
    F("site_principal_id_expiry", STEP_SITE, "site_principal", IN_TEXT, 0, 10, NULL, "证件有效期至",
      "ID valid until", "YYYY-MM-DD；长期有效填写“长期”", "YYYY-MM-DD, or 长期"),
    F("site_principal_mobile", STEP_SITE, "site_principal", IN_TEXT, FD_PERSONAL, 20, NULL,
      "手机号码", "Mobile number", "不能与主体负责人相同（同一人除外）",
      "Not the subject principal's, unless the same person"),
    F("site_principal_emergency", STEP_SITE, "site_principal", IN_TEXT, FD_PERSONAL, 30, NULL,
      "应急联系电话", "Emergency contact phone", NULL, NULL),
    F("site_principal_email", STEP_SITE, "site_principal", IN_TEXT, 0, 254, NULL, "电子邮箱",
      "E-mail", NULL, NULL),

    /* Access */
    F("access_ips", STEP_ACCESS, "access", IN_LINES, 0, 16, NULL, "服务器 IP 地址",
      "Server IP addresses", "每行一个公网 IPv4 或 IPv6 地址",
      "One public IPv4 or IPv6 address per line"),
    F("access_method", STEP_ACCESS, "access", IN_SELECT, 0, 20, "access_method", "接入方式",
      "Access method", NULL, NULL),

    /* Cancellation */
    F("cancel_reason", STEP_CANCEL, "cancel", IN_TEXTAREA, 0, 200, NULL, "原因", "Reason",
      "请说明注销或取消接入的原因", "Why the filing or access is cancelled"),
};
#define NFIELDS (sizeof fields / sizeof fields[0])

const FilingField *filing_fields(size_t *n) {
    *n = NFIELDS;
    return fields;
}

const FilingField *filing_field(const char *key) {
    for (size_t i = 0; key && i < NFIELDS; i++)
        if (!strcmp(fields[i].key, key)) return &fields[i];
    return NULL;
}

const char *filing_field_label(const FilingField *f, Lang lang) {
    return lang == LANG_EN ? f->label_en : f->label_zh;
}

const char *filing_field_hint(const FilingField *f, Lang lang) {
    return lang == LANG_EN ? f->hint_en : f->hint_zh;
}

static const struct {
    const char *id, *zh, *en;
} groups[] = {
    {"claim", "主体备案信息", "Subject filed elsewhere"},
    {"subject", "主体信息", "Subject"},
    {"principal", "主体负责人", "Subject principal"},
    {"legal", "法定代表人", "Legal representative"},
    {"site", "网站信息", "Site"},
    {"site_principal", "网站负责人", "Site principal"},
    {"access", "接入信息", "Access"},
    {"cancel", "注销信息", "Cancellation"},
};

const char *filing_group_label(const char *group, Lang lang) {
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (!strcmp(groups[i].id, group)) return lang == LANG_EN ? groups[i].en : groups[i].zh;
    return group;
}

static const struct {
    const char *id, *zh, *en;
} step_names[STEP__COUNT] = {
    [STEP_CLAIM] = {"claim", "主体备案号", "Subject number"},
    [STEP_SUBJECT] = {"subject", "主体信息", "Subject"},
    [STEP_SITE] = {"site", "网站信息", "Site"},
    [STEP_ACCESS] = {"access", "接入信息", "Access"},
    [STEP_CANCEL] = {"cancel", "注销信息", "Cancellation"},
    [STEP_VERIFY] = {"verify", "信息核实提交", "Verify & submit"},
};

const char *filing_step_id(FilingStep s) {
    return s > 0 && s < STEP__COUNT ? step_names[s].id : NULL;
}

FilingStep filing_step_parse(const char *id) {
    for (int s = 1; id && s < STEP__COUNT; s++)
        if (!strcmp(step_names[s].id, id)) return (FilingStep)s;
    return 0;
}

const char *filing_step_label(FilingStep s, Lang lang) {
    if (s <= 0 || s >= STEP__COUNT) return "";
    return lang == LANG_EN ? step_names[s].en : step_names[s].zh;
}

static const FilingStep steps_first[] = {STEP_SUBJECT, STEP_SITE, STEP_ACCESS, STEP_VERIFY};
static const FilingStep steps_external[] = {STEP_CLAIM, STEP_SITE, STEP_ACCESS, STEP_VERIFY};
static const FilingStep steps_site[] = {STEP_SITE, STEP_ACCESS, STEP_VERIFY};
static const FilingStep steps_subject[] = {STEP_SUBJECT, STEP_VERIFY};
static const FilingStep steps_site_only[] = {STEP_SITE, STEP_VERIFY};
static const FilingStep steps_access[] = {STEP_ACCESS, STEP_VERIFY};
static const FilingStep steps_cancel[] = {STEP_CANCEL, STEP_VERIFY};

#define STEPS(a) (*n = sizeof(a) / sizeof(a)[0], (a))

const FilingStep *filing_steps(AppKind k, size_t *n) {
    switch (k) {
    case KIND_FIRST_FILING:
        return STEPS(steps_first);
    case KIND_NEW_SITE_EXTERNAL:
    case KIND_NEW_ACCESS:
        return STEPS(steps_external);
    case KIND_NEW_SITE:
        return STEPS(steps_site);
    case KIND_CHANGE_SUBJECT:
        return STEPS(steps_subject);
    case KIND_CHANGE_SITE:
        return STEPS(steps_site_only);
    case KIND_CHANGE_ACCESS:
        return STEPS(steps_access);
    case KIND_CANCEL_SUBJECT:
    case KIND_CANCEL_SITE:
    case KIND_CANCEL_ACCESS:
        return STEPS(steps_cancel);
    default:
        *n = 0;
        return NULL;
    }
}

bool filing_kind_has_step(AppKind k, FilingStep s) {
    size_t n;
    const FilingStep *steps = filing_steps(k, &n);
    for (size_t i = 0; i < n; i++)
        if (steps[i] == s) return true;
    return false;
}
