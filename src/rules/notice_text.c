/*
** The words of notifications. The Chinese is the msgid; po/en.po has the
** English (test_i18n checks that every string has one).
*/
#include "rules/notice_text.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"

static const char *const kind_ids[NOTICE__COUNT] = {
    [NOTICE_ACCOUNT_APPROVED] = "account_approved",
    [NOTICE_ACCOUNT_REJECTED] = "account_rejected",
    [NOTICE_SUBMITTED] = "submitted",
    [NOTICE_RESUBMITTED] = "resubmitted",
    [NOTICE_REVIEW_NEW] = "review_new",
    [NOTICE_REVIEW_RESUBMITTED] = "review_resubmitted",
    [NOTICE_PROVIDER_RETURNED] = "provider_returned",
    [NOTICE_PROVIDER_PASSED] = "provider_passed",
    [NOTICE_SENT] = "sent",
    [NOTICE_SMS_WAITING] = "sms_waiting",
    [NOTICE_SMS_REMINDER] = "sms_reminder",
    [NOTICE_SMS_PASSED] = "sms_passed",
    [NOTICE_SMS_FAILED] = "sms_failed",
    [NOTICE_APPROVED] = "approved",
    [NOTICE_REGULATOR_RETURNED] = "regulator_returned",
    [NOTICE_REOPENED] = "reopened",
    [NOTICE_WITHDRAWN] = "withdrawn",
    [NOTICE_EXPIRY_WARNING] = "expiry_warning",
    [NOTICE_CLOSED] = "closed",
};

const char *notice_kind_id(NoticeKind k) {
    return k > 0 && k < NOTICE__COUNT ? kind_ids[k] : NULL;
}

NoticeKind notice_kind_parse(const char *id) {
    for (int k = 1; id && k < NOTICE__COUNT; k++)
        if (!strcmp(kind_ids[k], id)) return (NoticeKind)k;
    return 0;
}

const char *notice_link_label(Lang lang) {
    return T(lang, "办理页面：");
}

static const char *nz(const char *s) {
    return s ? s : "";
}

/* "首次备案申请 A2026-000012（example.com）" in the language. */
static const char *app_name(Arena *a, const NoticeFacts *f) {
    const char *kind = app_kind_label(f->app_kind, f->lang);
    if (f->domain && *f->domain)
        return arena_printf(a, T(f->lang, "%s申请 %s（%s）"), kind, nz(f->app_number), f->domain);
    return arena_printf(a, T(f->lang, "%s申请 %s"), kind, nz(f->app_number));
}

static void put_reasons(Buf *b, const NoticeFacts *f) {
    for (size_t i = 0; i < f->nreasons; i++) {
        const NoticeReason *x = &f->reasons[i];
        const char *field = x->field && *x->field ? x->field : T(f->lang, "整个申请");
        buf_printf(b, "\n- %s：%s", field, nz(x->reason));
        if (x->suggestion && *x->suggestion)
            buf_printf(b, T(f->lang, "（修改建议：%s）"), x->suggestion);
    }
    if (f->nreasons) buf_puts(b, "\n");
}

/* Titles: short, one line, with the application's number. */
static const char *title_of(Arena *a, NoticeKind k, const NoticeFacts *f) {
    Lang l = f->lang;
    const char *n = nz(f->app_number);
    switch (k) {
    case NOTICE_ACCOUNT_APPROVED:
        return T(l, "ICP备案系统：您的账户已通过审核");
    case NOTICE_ACCOUNT_REJECTED:
        return T(l, "ICP备案系统：您的账户未通过审核");
    case NOTICE_SUBMITTED:
        return arena_printf(a, T(l, "备案申请 %s 已提交"), n);
    case NOTICE_RESUBMITTED:
        return arena_printf(a, T(l, "备案申请 %s 已重新提交"), n);
    case NOTICE_REVIEW_NEW:
        return arena_printf(a, T(l, "新的备案申请待审核：%s"), n);
    case NOTICE_REVIEW_RESUBMITTED:
        return arena_printf(a, T(l, "退回的申请已重新提交：%s"), n);
    case NOTICE_PROVIDER_RETURNED:
        return arena_printf(a, T(l, "备案申请 %s 被接入商退回"), n);
    case NOTICE_PROVIDER_PASSED:
        return arena_printf(a, T(l, "备案申请 %s 已通过接入商审核"), n);
    case NOTICE_SENT:
        return arena_printf(a, T(l, "备案申请 %s 已报送管局"), n);
    case NOTICE_SMS_WAITING:
        return arena_printf(a, T(l, "请在 %s 前完成短信核验：%s"), nz(f->deadline), n);
    case NOTICE_SMS_REMINDER:
        return arena_printf(a, T(l, "短信核验即将截止（%s）：%s"), nz(f->deadline), n);
    case NOTICE_SMS_PASSED:
        return arena_printf(a, T(l, "备案申请 %s 已完成短信核验"), n);
    case NOTICE_SMS_FAILED:
        return arena_printf(a, T(l, "备案申请 %s 短信核验未通过"), n);
    case NOTICE_APPROVED:
        return arena_printf(a, T(l, "备案已通过：%s"), n);
    case NOTICE_REGULATOR_RETURNED:
        return arena_printf(a, T(l, "备案申请 %s 被管局退回"), n);
    case NOTICE_REOPENED:
        return arena_printf(a, T(l, "退回已撤销：%s"), n);
    case NOTICE_WITHDRAWN:
        return arena_printf(a, T(l, "备案申请 %s 已撤回"), n);
    case NOTICE_EXPIRY_WARNING:
        return arena_printf(a, T(l, "退回的申请 %s 即将关闭"), n);
    case NOTICE_CLOSED:
        return arena_printf(a, T(l, "备案申请 %s 已关闭"), n);
    default:
        return NULL;
    }
}

/* The administration's usual review time: its province's, else 1–20 days. */
static const char *review_time(Arena *a, const NoticeFacts *f) {
    if (!f->review_days_max) return T(f->lang, "1–20 个工作日");
    return arena_printf(a, T(f->lang, "%s–%s 个工作日"), arena_printf(a, "%d", f->review_days_min),
                        arena_printf(a, "%d", f->review_days_max));
}

static void body_sms_sent(Buf *b, const NoticeFacts *f, const char *name) {
    Lang l = f->lang;
    if (f->app_state == STATE_SMS_VERIFICATION)
        buf_printf(b,
                   T(l, "您的%s已报送管局，当前阶段：待短信核验。工信部将向主体负责人和网站负责人的"
                        "手机发送核验短信，请在收到后 24 小时内按短信提示完成验证；逾期或输错 5 "
                        "次，申请将被退回。\n"),
                   name);
    else
        buf_printf(b,
                   T(l, "您的%s已报送管局，当前阶段：待管局核实。管局审核通常需要 %s，"
                        "结果出来后我们会通知您。\n"),
                   name, review_time(b->arena, f));
}

static void body_approved(Buf *b, const NoticeFacts *f, const char *name) {
    Lang l = f->lang;
    buf_printf(b, T(l, "您的%s已通过管局审核。\n"), name);
    if (f->subject_number && *f->subject_number)
        buf_printf(b, T(l, "主体备案号：%s\n"), f->subject_number);
    if (f->site_number && *f->site_number) {
        buf_printf(b, T(l, "网站备案号：%s\n"), f->site_number);
        buf_puts(b, T(l, "请在网站首页底部显著位置展示网站备案号，并链接到工信部备案系统 "
                         "https://beian.miit.gov.cn/ 。\n"));
    }
}

static void body_of(Arena *a, Buf *b, NoticeKind k, const NoticeFacts *f, const char *name) {
    Lang l = f->lang;
    const char *close = arena_printf(a, "%d", f->close_days);
    switch (k) {
    case NOTICE_ACCOUNT_APPROVED:
        buf_printf(b, T(l, "您的账户 %s 已通过审核，现在可以登录并开始备案。\n"), nz(f->login));
        break;
    case NOTICE_ACCOUNT_REJECTED:
        buf_printf(b, T(l, "您的账户 %s 未通过审核。\n原因：%s\n请按原因修改后重新注册。\n"),
                   nz(f->login), nz(f->reason));
        break;
    case NOTICE_SUBMITTED:
    case NOTICE_RESUBMITTED:
        buf_printf(b,
                   T(l, "您的%s已提交，当前阶段：%s。接入商通常在 1 个工作日内核实（可能致电网站"
                        "负责人）；请按申请页面的材料清单准备并提交纸质材料。\n"),
                   name, app_state_label(f->app_kind, f->app_state, l));
        break;
    case NOTICE_REVIEW_NEW:
        buf_printf(b, T(l, "%s已提交，等待审核。\n"), name);
        break;
    case NOTICE_REVIEW_RESUBMITTED:
        buf_printf(b, T(l, "您退回的%s已修改并重新提交，等待审核。\n"), name);
        if (f->reason && *f->reason) buf_printf(b, T(l, "客户说明：%s\n"), f->reason);
        break;
    case NOTICE_PROVIDER_RETURNED:
        buf_printf(b, T(l, "您的%s被接入商退回，请逐项修改后重新提交：\n"), name);
        put_reasons(b, f);
        buf_printf(b, T(l, "退回后 %s 天内未修改并重新提交的申请将被关闭。\n"), close);
        break;
    case NOTICE_PROVIDER_PASSED:
        buf_printf(b,
                   T(l, "您的%s已通过接入商审核，我们将报送管局。报送后请留意负责人手机上的工信"
                        "部核验短信。\n"),
                   name);
        break;
    case NOTICE_SENT:
        body_sms_sent(b, f, name);
        break;
    case NOTICE_SMS_WAITING:
        buf_printf(b,
                   T(l, "工信部已向负责人手机发送核验短信（%s）。请在 %s（北京时间）前按短信提示"
                        "完成验证；逾期或输错 5 次，申请将被退回。\n"),
                   name, nz(f->deadline));
        break;
    case NOTICE_SMS_REMINDER:
        buf_printf(b,
                   T(l, "%s的短信核验将于 %s（北京时间）截止，尚未完成。请尽快按短信提示完成验证，"
                        "逾期申请将被退回。\n"),
                   name, nz(f->deadline));
        break;
    case NOTICE_SMS_PASSED:
        buf_printf(b, T(l, "您的%s已完成短信核验，当前阶段：待管局核实。管局审核通常需要 %s。\n"),
                   name, review_time(b->arena, f));
        break;
    case NOTICE_SMS_FAILED:
        buf_printf(b,
                   T(l, "您的%s短信核验超时或输错次数过多，已被管局退回。请确认负责人手机号码无误后"
                        "重新提交。\n"),
                   name);
        break;
    case NOTICE_APPROVED:
        body_approved(b, f, name);
        break;
    case NOTICE_REGULATOR_RETURNED:
        buf_printf(b, T(l, "您的%s被管局退回。\n"), name);
        if (f->guide && *f->guide) buf_printf(b, T(l, "下一步：%s\n"), f->guide);
        if (f->nreasons) buf_puts(b, T(l, "退回原因："));
        put_reasons(b, f);
        break;
    case NOTICE_REOPENED:
        buf_printf(b, T(l, "接入商撤销了对您的%s的退回，申请已回到审核中，您无需操作。\n"), name);
        break;
    case NOTICE_WITHDRAWN:
        buf_printf(b, T(l, "您已撤回%s。如需备案，可随时重新开始。\n"), name);
        break;
    case NOTICE_EXPIRY_WARNING:
        buf_printf(b,
                   T(l, "您的%s退回后已有 %s 天未处理。如在退回后 %s 天内仍未修改并重新提交，申请"
                        "将被关闭，届时需要重新填写。\n"),
                   name, arena_printf(a, "%d", f->days), close);
        break;
    case NOTICE_CLOSED:
        buf_printf(b,
                   T(l, "您的%s退回后 %s 天未处理，已被关闭。如仍需备案，请重新开始一份申请。\n"),
                   name, close);
        break;
    default:
        break;
    }
}

int notice_compose(Arena *a, NoticeKind k, const NoticeFacts *f, const char **title,
                   const char **body) {
    if (k <= 0 || k >= NOTICE__COUNT) return -ERR_INVALID_INPUT;
    const char *name = app_name(a, f);
    Buf b;
    buf_init(&b, a);
    body_of(a, &b, k, f, name);
    *title = title_of(a, k, f);
    *body = b.data ? b.data : "";
    return 0;
}
