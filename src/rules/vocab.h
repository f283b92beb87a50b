/*
** The filing vocabulary (DESIGN.md §2-3): application kinds, application
** states, lifecycle events, roles, and the derived subject and site statuses.
**
** Every enum starts at 1 so that 0 means "unset / unknown" (what the parse
** functions return for an identifier they do not know). Every value has a
** stable identifier string, stored in the database and used by the JSON API,
** and display names in Chinese and English. The tables are in rules/names.c;
** docs/lifecycle.md lists them.
*/
#ifndef BEIAN_RULES_VOCAB_H
#define BEIAN_RULES_VOCAB_H

#include <stdbool.h>

#include "core/err.h"
#include "rules/types.h"

/* 申请类型: what one application asks for. */
typedef enum AppKind {
    KIND_FIRST_FILING = 1, /* 首次备案: new subject and its first site(s) */
    KIND_NEW_SITE_EXTERNAL, /* 新增网站（主体在其他接入商备案）: subject filed elsewhere, claimed by
                               number + password */
    KIND_NEW_SITE,   /* 新增网站（主体已在本系统备案）: subject already in Beian */
    KIND_NEW_ACCESS, /* 新增接入: a site filed through another provider moves its hosting to us */
    KIND_CHANGE_SUBJECT, /* 变更主体 */
    KIND_CHANGE_SITE,    /* 变更网站 */
    KIND_CHANGE_ACCESS,  /* 变更接入 */
    KIND_CANCEL_SUBJECT, /* 注销主体 */
    KIND_CANCEL_SITE,    /* 注销网站 */
    KIND_CANCEL_ACCESS,  /* 取消接入 */
    KIND__COUNT
} AppKind;

/* 申请状态. The display name depends on the kind: see app_state_label(). */
typedef enum AppState {
    STATE_DRAFT = 1,         /* 尚未提交: verify & submit not yet clicked */
    STATE_PROVIDER_REVIEW,   /* 待接入商核实 */
    STATE_PROVIDER_RETURNED, /* 接入商退回: the customer fixes and resubmits */
    STATE_TO_REGULATOR, /* 待报送管局: passed by the provider, to be sent to the administration */
    STATE_SMS_VERIFICATION, /* 待短信核验: passed to the administration, MIIT texts the principal */
    STATE_REGULATOR_REVIEW,   /* 待管局核实 */
    STATE_REGULATOR_RETURNED, /* 管局退回 */
    STATE_APPROVED,           /* the administration approved it (terminal) */
    STATE_WITHDRAWN,          /* 已撤回 by the customer (terminal) */
    STATE_CLOSED,             /* 已关闭: idle 45 days after a return (terminal) */
    STATE__COUNT
} AppState;

/* What happens to an application; see lifecycle.h for who may do it when. */
typedef enum AppEvent {
    EVENT_SUBMIT = 1,        /* customer: verify & submit */
    EVENT_WITHDRAW,          /* customer: withdraw / abandon */
    EVENT_PROVIDER_APPROVE,  /* staff: pass it to the administration */
    EVENT_PROVIDER_RETURN,   /* staff: return it with reasons */
    EVENT_SMS_PASSED,        /* gateway: the principal answered the MIIT SMS */
    EVENT_SMS_FAILED,        /* gateway: SMS timed out or 5 wrong answers */
    EVENT_REGULATOR_APPROVE, /* gateway: the administration approved */
    EVENT_REGULATOR_RETURN,  /* gateway: the administration returned it */
    EVENT_RESUBMIT,          /* customer: fixed and sent back to review */
    EVENT_REOPEN,            /* staff: take a return back (the fault was ours) */
    EVENT_EXPIRE,            /* timer: 45 days idle after a return */
    EVENT_SEND,              /* gateway: sent to the administration (报送管局) */
    EVENT__COUNT
} AppEvent;

/* Who acts. ROLE_SYSTEM is the regulator gateway and the timers. */
typedef enum Role { ROLE_CUSTOMER = 1, ROLE_REVIEWER, ROLE_ADMIN, ROLE_SYSTEM, ROLE__COUNT } Role;

/* 主体状态, derived (lifecycle.h: subject_status_derive). */
typedef enum SubjectStatus {
    SUBJECT_UNFILED = 1,      /* 未备案: its first filing is not approved (yet) */
    SUBJECT_PENDING_DOWNLOAD, /* 待下载更新: claimed by number + password, record not fetched yet */
    SUBJECT_FILED,            /* 已备案 */
    SUBJECT_CANCELLED,        /* 已注销 */
    SUBJECT__COUNT
} SubjectStatus;

/* 网站状态, derived (lifecycle.h: site_status_derive). */
typedef enum SiteStatus {
    SITE_NOT_SUBMITTED = 1, /* 尚未提交 */
    SITE_IN_FILING,         /* 报备阶段: under review by us or by the administration */
    SITE_FILED,             /* 已备案 */
    SITE_CANCELLED,         /* 已注销 */
    SITE_ACCESS_CANCELLED,  /* 已取消接入 */
    SITE__COUNT
} SiteStatus;

/*
** Identifiers, parsing and display names. The _id functions return the stable
** identifier ("provider_review") or NULL for a value out of range. The _parse
** functions return the value for an identifier (exact, case-sensitive) or 0
** when the identifier is unknown or NULL. The _label functions return a static
** display name, or "" for a value out of range. Nothing is allocated.
*/
const char *app_kind_id(AppKind k);
AppKind app_kind_parse(const char *id);
const char *app_kind_label(AppKind k, Lang lang);

const char *app_state_id(AppState s);
AppState app_state_parse(const char *id);
/* The kind-independent name of a state, for staff lists and logs. */
const char *app_state_name(AppState s, Lang lang);
/* The name customers see (seed §3): change kinds read 变更阶段未提交 /
** 变更阶段待接入商核实 / 变更阶段待管局核实; an approved cancellation reads 已注销
** or 已取消接入. Falls back to app_state_name() for a kind out of range. */
const char *app_state_label(AppKind k, AppState s, Lang lang);

const char *app_event_id(AppEvent e);
AppEvent app_event_parse(const char *id);
const char *app_event_label(AppEvent e, Lang lang);

const char *role_id(Role r);
Role role_parse(const char *id);
const char *role_label(Role r, Lang lang);

const char *subject_status_id(SubjectStatus s);
SubjectStatus subject_status_parse(const char *id);
const char *subject_status_label(SubjectStatus s, Lang lang);

const char *site_status_id(SiteStatus s);
SiteStatus site_status_parse(const char *id);
const char *site_status_label(SiteStatus s, Lang lang);

/* The same for the shared enums of rules/types.h. */
const char *nature_id(SubjectNature n);
SubjectNature nature_parse(const char *id);
const char *nature_label(SubjectNature n, Lang lang);

const char *cert_type_id(CertType c);
CertType cert_type_parse(const char *id);
const char *cert_type_label(CertType c, Lang lang);

const char *access_method_id(AccessMethod m);
AccessMethod access_method_parse(const char *id);
const char *access_method_label(AccessMethod m, Lang lang);

/*
** Properties of a kind. All return 0/false for a kind out of range.
*/
/* The forms (steps) of each kind: rules/filing_fields.h, filing_steps(). */
/* True when MIIT verifies the application by SMS (every kind but cancel_access). */
bool app_kind_needs_sms(AppKind k);
/* True for change_subject, change_site, change_access. */
bool app_kind_is_change(AppKind k);
/* True for cancel_subject, cancel_site, cancel_access. */
bool app_kind_is_cancel(AppKind k);
/* True for kinds that bring a site (and its domain) into Beian: first_filing,
** new_site_external, new_site, new_access. */
bool app_kind_adds_site(AppKind k);

#endif
