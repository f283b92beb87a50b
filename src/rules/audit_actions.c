/*
** The table of audit actions in words. Add a row with every new action
** (test_rules_audit_actions checks the sources against it).
*/
#include "rules/audit_actions.h"

#include <string.h>

static const AuditActionName actions[] = {
    /* Logging in and accounts */
    {"login", "登录", "Logged in"},
    {"login.failed", "登录失败", "Failed login"},
    {"login.refused", "登录被拒（账户未启用）", "Login refused (account not active)"},
    {"login.throttled", "登录尝试过多被限制", "Login throttled (too many attempts)"},
    {"logout", "退出登录", "Logged out"},
    {"account.register", "注册账户", "Account registered"},
    {"account.approve", "通过账户注册", "Account approved"},
    {"account.reject", "拒绝账户注册", "Account rejected"},
    {"account.create", "创建账户（命令行）", "Account created (command line)"},
    {"account.password_change", "修改密码", "Password changed"},
    {"account.password_change_failed", "修改密码失败（当前密码错误）",
     "Password change failed (wrong current password)"},
    {"account.password_change_throttled", "修改密码尝试过多被限制",
     "Password change throttled (too many attempts)"},
    {"account.password_reset", "通过重置链接设置新密码", "Password reset through a link"},
    {"account.recover_request", "申请找回账户", "Account recovery requested"},
    {"account.recover_throttled", "找回账户尝试过多被限制", "Account recovery throttled"},
    /* Staff accounts (admins) */
    {"staff.create", "创建员工账户", "Staff account created"},
    {"staff.role", "变更员工角色", "Staff role changed"},
    {"staff.disable", "停用员工账户", "Staff account disabled"},
    {"staff.enable", "启用员工账户", "Staff account enabled"},
    {"staff.password_reset", "重置员工密码", "Staff password reset"},
    /* Applications */
    {"application.create", "新建申请", "Application started"},
    {"application.save", "保存申请步骤", "Application step saved"},
    {"application.view", "员工查看申请", "Application viewed by staff"},
    {"application.reveal", "查看完整个人信息", "Personal data shown unmasked"},
    {"application.submit", "提交申请", "Application submitted"},
    {"application.resubmit", "修改后重新提交", "Resubmitted after fixing"},
    {"application.withdraw", "撤回申请", "Application withdrawn"},
    {"application.provider_approve", "接入商核实通过", "Passed by the provider"},
    {"application.provider_return", "接入商退回", "Returned by the provider"},
    {"application.sms_passed", "短信核验通过", "SMS verification passed"},
    {"application.sms_failed", "短信核验失败", "SMS verification failed"},
    {"application.regulator_approve", "管局审核通过", "Approved by the administration"},
    {"application.regulator_return", "管局退回", "Returned by the administration"},
    {"application.reopen", "撤销退回，重新核实", "Return taken back for review"},
    {"application.expire", "超时关闭", "Closed after 45 idle days"},
    {"application.send", "报送管局", "Sent to the administration"},
    {"form.print", "打印表单", "Form printed"},
    /* Review console */
    {"review.claim", "认领申请", "Application claimed"},
    {"review.release", "释放认领", "Claim released"},
    {"review.take_over", "管理员接管认领", "Claim taken over by an admin"},
    {"review.materials", "登记纸质材料收取", "Paper materials recorded"},
    {"review.onsite", "记录现场核验", "On-site verification recorded"},
    {"review.call", "记录电话核实", "Verification call recorded"},
    {"review.pass_override", "未满足核实条件时强制通过（已说明原因）",
     "Passed without the full check (reason given)"},
    /* The administration (regulator gateway) */
    {"regulator.enqueue", "写入管局报送队列", "Queued for the administration"},
    {"claim.check", "向管局核对认领主体的备案密码", "Filing password of a claimed subject checked"},
    {"claim.check_throttled", "备案密码核对次数过多被限制", "Filing password checks throttled"},
    /* Exports */
    {"export.queue", "导出待审队列", "Queue exported"},
    {"export.sites", "导出已备案网站", "Filed sites exported"},
    /* Scans */
    {"file.upload", "上传材料", "Scan uploaded"},
    {"file.delete", "删除材料", "Scan deleted"},
    {"file.view", "查看材料", "Scan viewed"},
    {"file.thumbnail", "查看材料缩略图", "Scan thumbnail viewed"},
    /* What admins set */
    {"form_text.save", "保存表单文本新版本", "Form text saved as a new version"},
    {"province_rules.save", "修改省份规则", "Province rules changed"},
    {"return_reason.create", "新增标准退回原因", "Standard return reason added"},
    {"return_reason.update", "修改标准退回原因", "Standard return reason changed"},
    {"return_reason.move", "调整标准退回原因顺序", "Standard return reason moved"},
    {"return_reason.activate", "启用标准退回原因", "Standard return reason activated"},
    {"return_reason.deactivate", "停用标准退回原因", "Standard return reason deactivated"},
    {"settings.save", "修改接入商信息与设置", "Provider details and settings changed"},
    /* Notifications (issue 10) */
    {"notice.read", "标记站内信为已读", "Inbox messages marked read"},
    {"account.language", "修改通知语言", "Language of messages changed"},
    {"account.forgot_request", "按登录名或邮箱找回密码", "Password reset asked by login or e-mail"},
    /* Hardening (issue 12). */
    {"account.register_known_email", "用已注册的邮箱注册（已通知邮箱所有人）",
     "Registration with a registered e-mail (its owner was mailed)"},
    {"account.register_throttled", "注册过于频繁（按地址限制）",
     "Registrations throttled (per address)"},
    {"account.recover_target_limited", "找回登录信息过于频繁（按备案号或邮箱限制），未发送邮件",
     "Recovery requests for one number or e-mail limited; no mail sent"},
    {"file.retention_erase", "按保留期限删除已撤回或已关闭申请的扫描件",
     "Scans of a withdrawn or closed application erased after the retention period"},
    /* The mail outbox for admins (issue 10 item 6) */
    {"mail.view", "查看邮件（完整收件人与正文）", "Mail viewed (full recipient and text)"},
    {"mail.resend", "重发邮件", "Mail resent"},
};

const AuditActionName *audit_actions(size_t *n) {
    *n = sizeof actions / sizeof actions[0];
    return actions;
}

const AuditActionName *audit_action_find(const char *action) {
    if (!action) return NULL;
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (!strcmp(actions[i].action, action)) return &actions[i];
    return NULL;
}

const char *audit_action_label(const char *action, Lang lang) {
    const AuditActionName *a = audit_action_find(action);
    if (!a) return action ? action : "";
    return lang == LANG_EN ? a->en : a->zh;
}
