/*
** Identifiers and display names of the filing vocabulary (rules/filing.h) and
** of the shared enums of rules/types.h. The identifiers are stored in the
** database and appear in the JSON API: never change one, only add.
*/
#include "rules/vocab.h"

#include <stddef.h>
#include <string.h>

typedef struct Name {
    const char *id;
    const char *zh;
    const char *en;
} Name;

static const Name kind_names[KIND__COUNT] = {
    [KIND_FIRST_FILING] = {"first_filing", "首次备案", "First filing"},
    /* The names a customer understands (issue 11): where the subject is filed. */
    [KIND_NEW_SITE_EXTERNAL] = {"new_site_external", "新增网站（主体在其他接入商备案）",
                                "New website (subject filed with another provider)"},
    [KIND_NEW_SITE] = {"new_site", "新增网站（主体已在本系统备案）",
                       "New website (subject filed with us)"},
    [KIND_NEW_ACCESS] = {"new_access", "新增接入", "New access"},
    [KIND_CHANGE_SUBJECT] = {"change_subject", "变更主体", "Change subject"},
    [KIND_CHANGE_SITE] = {"change_site", "变更网站", "Change website"},
    [KIND_CHANGE_ACCESS] = {"change_access", "变更接入", "Change access"},
    [KIND_CANCEL_SUBJECT] = {"cancel_subject", "注销主体", "Cancel subject"},
    [KIND_CANCEL_SITE] = {"cancel_site", "注销网站", "Cancel website"},
    [KIND_CANCEL_ACCESS] = {"cancel_access", "取消接入", "Cancel access"},
};

static const Name state_names[STATE__COUNT] = {
    [STATE_DRAFT] = {"draft", "尚未提交", "Not submitted"},
    [STATE_PROVIDER_REVIEW] = {"provider_review", "待接入商核实", "Awaiting provider verification"},
    [STATE_PROVIDER_RETURNED] = {"provider_returned", "接入商退回", "Returned by the provider"},
    [STATE_TO_REGULATOR] = {"to_regulator", "接入商核实通过，待报送管局",
                            "Verified by the provider; to be sent to the administration"},
    [STATE_SMS_VERIFICATION] = {"sms_verification", "待短信核验", "Awaiting SMS verification"},
    [STATE_REGULATOR_REVIEW] = {"regulator_review", "待管局核实",
                                "Awaiting administration verification"},
    [STATE_REGULATOR_RETURNED] = {"regulator_returned", "管局退回",
                                  "Returned by the administration"},
    [STATE_APPROVED] = {"approved", "已备案", "Filed"},
    [STATE_WITHDRAWN] = {"withdrawn", "已撤回", "Withdrawn"},
    [STATE_CLOSED] = {"closed", "已关闭（退回后超时未处理）", "Closed (idle after a return)"},
};

/* Seed §3: the change stage names. Ids are unused here; the state's id holds. */
static const Name change_state_names[STATE__COUNT] = {
    [STATE_DRAFT] = {NULL, "变更阶段未提交", "Change not submitted"},
    [STATE_PROVIDER_REVIEW] = {NULL, "变更阶段待接入商核实",
                               "Change awaiting provider verification"},
    [STATE_PROVIDER_RETURNED] = {NULL, "变更阶段接入商退回", "Change returned by the provider"},
    [STATE_TO_REGULATOR] = {NULL, "变更阶段待报送管局",
                            "Change verified; to be sent to the administration"},
    [STATE_SMS_VERIFICATION] = {NULL, "变更阶段待短信核验", "Change awaiting SMS verification"},
    [STATE_REGULATOR_REVIEW] = {NULL, "变更阶段待管局核实",
                                "Change awaiting administration verification"},
    [STATE_REGULATOR_RETURNED] = {NULL, "变更阶段管局退回",
                                  "Change returned by the administration"},
    [STATE_APPROVED] = {NULL, "变更已通过", "Change approved"},
    [STATE_WITHDRAWN] = {NULL, "变更已撤回", "Change withdrawn"},
    [STATE_CLOSED] = {NULL, "变更已关闭（退回后超时未处理）",
                      "Change closed (idle after a return)"},
};

static const Name event_names[EVENT__COUNT] = {
    [EVENT_SUBMIT] = {"submit", "提交", "Submit"},
    [EVENT_WITHDRAW] = {"withdraw", "撤回", "Withdraw"},
    [EVENT_PROVIDER_APPROVE] = {"provider_approve", "接入商核实通过",
                                "Verified by the provider; pass to the administration"},
    [EVENT_PROVIDER_RETURN] = {"provider_return", "接入商退回", "Return to the customer"},
    [EVENT_SMS_PASSED] = {"sms_passed", "短信核验通过", "SMS verification passed"},
    [EVENT_SMS_FAILED] = {"sms_failed", "短信核验失败", "SMS verification failed"},
    [EVENT_REGULATOR_APPROVE] = {"regulator_approve", "管局审核通过",
                                 "Approved by the administration"},
    [EVENT_REGULATOR_RETURN] = {"regulator_return", "管局退回", "Returned by the administration"},
    [EVENT_RESUBMIT] = {"resubmit", "修改后重新提交", "Resubmit after fixing"},
    [EVENT_REOPEN] = {"reopen", "撤销退回，重新核实", "Take the return back and review again"},
    [EVENT_EXPIRE] = {"expire", "超时关闭", "Close after 45 idle days"},
    [EVENT_SEND] = {"send", "报送管局", "Sent to the administration"},
};

static const Name role_names[ROLE__COUNT] = {
    [ROLE_CUSTOMER] = {"customer", "客户", "Customer"},
    [ROLE_REVIEWER] = {"reviewer", "审核员", "Reviewer"},
    [ROLE_ADMIN] = {"admin", "管理员", "Administrator"},
    [ROLE_SYSTEM] = {"system", "系统", "System"},
};

static const Name subject_status_names[SUBJECT__COUNT] = {
    [SUBJECT_UNFILED] = {"unfiled", "未备案", "Not filed"},
    [SUBJECT_PENDING_DOWNLOAD] = {"pending_download", "待下载更新", "Awaiting download/update"},
    [SUBJECT_FILED] = {"filed", "已备案", "Filed"},
    [SUBJECT_CANCELLED] = {"cancelled", "已注销", "Cancelled"},
};

static const Name site_status_names[SITE__COUNT] = {
    [SITE_NOT_SUBMITTED] = {"not_submitted", "尚未提交", "Not yet submitted"},
    [SITE_IN_FILING] = {"in_filing", "报备阶段", "Filing in progress"},
    [SITE_FILED] = {"filed", "已备案", "Filed"},
    [SITE_CANCELLED] = {"cancelled", "已注销", "Cancelled"},
    [SITE_ACCESS_CANCELLED] = {"access_cancelled", "已取消接入", "Access cancelled"},
};

static const Name nature_names[NATURE__COUNT] = {
    [NATURE_ENTERPRISE] = {"enterprise", "企业", "Enterprise"},
    [NATURE_INSTITUTION] = {"institution", "事业单位", "Public institution"},
    [NATURE_GOVERNMENT] = {"government", "政府机关", "Government body"},
    [NATURE_SOCIAL_ORG] = {"social_org", "社会团体", "Social organisation"},
    [NATURE_MILITARY] = {"military", "军队", "Military"},
    [NATURE_INDIVIDUAL] = {"individual", "个人", "Individual"},
};

static const Name cert_names[CERT__COUNT] = {
    [CERT_USCC] = {"uscc", "统一社会信用代码证书", "Unified social credit code certificate"},
    [CERT_ORG_CODE] = {"org_code", "组织机构代码证", "Organisation code certificate"},
    [CERT_MILITARY_CODE] = {"military_code", "军队代号", "Military unit code"},
    [CERT_ID_CARD] = {"id_card", "居民身份证", "Resident identity card"},
    [CERT_PASSPORT] = {"passport", "护照", "Passport"},
    [CERT_HK_MACAO_PERMIT] = {"hk_macao_permit", "港澳居民来往内地通行证",
                              "Mainland travel permit for Hong Kong and Macao residents"},
    [CERT_TAIWAN_PERMIT] = {"taiwan_permit", "台湾居民来往大陆通行证",
                            "Mainland travel permit for Taiwan residents"},
    [CERT_FOREIGN_RESIDENCE] = {"foreign_residence", "外国人永久居留身份证",
                                "Foreign permanent resident ID card"},
};

static const Name access_names[ACCESS__COUNT] = {
    [ACCESS_LEASED_LINE] = {"leased_line", "专线", "Leased line"},
    [ACCESS_COLOCATION] = {"colocation", "主机托管", "Co-location"},
    [ACCESS_VIRTUAL_HOST] = {"virtual_host", "虚拟主机", "Virtual hosting"},
    [ACCESS_OTHER] = {"other", "其他", "Other"},
};

static const char *name_id(const Name *t, int count, int v) {
    if (v <= 0 || v >= count) return NULL;
    return t[v].id;
}

/* The first byte first: a page parses a kind and a state for each row. */
static int name_parse(const Name *t, int count, const char *id) {
    if (!id || !*id) return 0;
    for (int v = 1; v < count; v++)
        if (t[v].id[0] == id[0] && strcmp(t[v].id, id) == 0) return v;
    return 0;
}

static const char *name_label(const Name *t, int count, int v, Lang lang) {
    if (v <= 0 || v >= count) return "";
    return lang == LANG_EN ? t[v].en : t[v].zh;
}

/* One definition of the id / parse / label trio per table. */
#define NAME_FUNCS(prefix, Type, table, count)                                                     \
    const char *prefix##_id(Type v) {                                                              \
        return name_id(table, count, (int)v);                                                      \
    }                                                                                              \
    Type prefix##_parse(const char *id) {                                                          \
        return (Type)name_parse(table, count, id);                                                 \
    }

#define LABEL_FUNC(prefix, Type, table, count)                                                     \
    const char *prefix##_label(Type v, Lang lang) {                                                \
        return name_label(table, count, (int)v, lang);                                             \
    }

NAME_FUNCS(app_kind, AppKind, kind_names, KIND__COUNT)
LABEL_FUNC(app_kind, AppKind, kind_names, KIND__COUNT)
NAME_FUNCS(app_state, AppState, state_names, STATE__COUNT)
NAME_FUNCS(app_event, AppEvent, event_names, EVENT__COUNT)
LABEL_FUNC(app_event, AppEvent, event_names, EVENT__COUNT)
NAME_FUNCS(role, Role, role_names, ROLE__COUNT)
LABEL_FUNC(role, Role, role_names, ROLE__COUNT)
NAME_FUNCS(subject_status, SubjectStatus, subject_status_names, SUBJECT__COUNT)
LABEL_FUNC(subject_status, SubjectStatus, subject_status_names, SUBJECT__COUNT)
NAME_FUNCS(site_status, SiteStatus, site_status_names, SITE__COUNT)
LABEL_FUNC(site_status, SiteStatus, site_status_names, SITE__COUNT)
NAME_FUNCS(nature, SubjectNature, nature_names, NATURE__COUNT)
LABEL_FUNC(nature, SubjectNature, nature_names, NATURE__COUNT)
NAME_FUNCS(cert_type, CertType, cert_names, CERT__COUNT)
LABEL_FUNC(cert_type, CertType, cert_names, CERT__COUNT)
NAME_FUNCS(access_method, AccessMethod, access_names, ACCESS__COUNT)
LABEL_FUNC(access_method, AccessMethod, access_names, ACCESS__COUNT)

const char *app_state_name(AppState s, Lang lang) {
    return name_label(state_names, STATE__COUNT, (int)s, lang);
}

const char *app_state_label(AppKind k, AppState s, Lang lang) {
    if (app_kind_is_change(k)) return name_label(change_state_names, STATE__COUNT, (int)s, lang);
    if (s == STATE_APPROVED && (k == KIND_CANCEL_SUBJECT || k == KIND_CANCEL_SITE))
        return lang == LANG_EN ? "Cancelled" : "已注销";
    if (s == STATE_APPROVED && k == KIND_CANCEL_ACCESS)
        return lang == LANG_EN ? "Access cancelled" : "已取消接入";
    return app_state_name(s, lang);
}

bool app_kind_needs_sms(AppKind k) {
    return k > 0 && k < KIND__COUNT && k != KIND_CANCEL_ACCESS;
}

bool app_kind_is_change(AppKind k) {
    return k == KIND_CHANGE_SUBJECT || k == KIND_CHANGE_SITE || k == KIND_CHANGE_ACCESS;
}

bool app_kind_is_cancel(AppKind k) {
    return k == KIND_CANCEL_SUBJECT || k == KIND_CANCEL_SITE || k == KIND_CANCEL_ACCESS;
}

bool app_kind_adds_site(AppKind k) {
    return k == KIND_FIRST_FILING || k == KIND_NEW_SITE_EXTERNAL || k == KIND_NEW_SITE ||
           k == KIND_NEW_ACCESS;
}
