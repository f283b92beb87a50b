/*
** Every handler of the route table. A handler serving both a page and an
** API route answers HTML or JSON according to r->api.
*/
#ifndef BEIAN_WEB_HANDLERS_H
#define BEIAN_WEB_HANDLERS_H

#include <stdbool.h>

#include "http/http.h"
#include "rules/filing_fields.h"

/* Where a role lands after login. */
const char *web_home_of(unsigned role_bit);
/* The cache-busting version of a static asset. */
const char *web_asset_version(const char *path);

/* system.c */
int h_root(Req *r);
int h_lang(Req *r);
int h_static(Req *r);
int h_healthz(Req *r);
int h_metrics(Req *r);

/* login.c */
int h_login_page(Req *r);
int h_login(Req *r);
int h_logout(Req *r);
int h_me(Req *r);
int h_csrf(Req *r);
int h_password_page(Req *r);
int h_password(Req *r);

/* register.c */
int h_register_page(Req *r);
int h_register(Req *r);
int h_register_done(Req *r);

/* staff_queue.c */
int h_staff_home(Req *r);
int h_review_queue(Req *r);

/* staff_accounts.c */
int h_accounts(Req *r);
int h_account_approve(Req *r);
int h_account_reject(Req *r);

/* staff_app.c */
int h_staff_app_page(Req *r);

/* staff_review.c */
int h_review_claim(Req *r);
int h_review_release(Req *r);
int h_review_take_over(Req *r);
int h_review_materials(Req *r);
int h_review_onsite(Req *r);
int h_review_call(Req *r);
int h_review_pass(Req *r);
int h_review_return(Req *r);
int h_review_reopen(Req *r);

/* admin_audit.c */
int h_audit(Req *r);

/* portal_home.c */
int h_portal_home(Req *r);
int h_app_create(Req *r);
int h_regions(Req *r);
/* The path of a step form (the application page for STEP_VERIFY). */
const char *portal_step_path(Req *r, int64_t id, FilingStep step);

/* portal_steps.c */
int h_app_step_page(Req *r);
int h_app_step_save(Req *r);
int h_app_step_discard(Req *r);

/* portal_app.c */
int h_app_page(Req *r);
int h_app_submit(Req *r);
int h_app_withdraw(Req *r);

/* recover.c */
int h_recover_page(Req *r);
int h_recover(Req *r);
int h_reset_page(Req *r);
int h_reset(Req *r);

/* admin_texts.c */
int h_texts_page(Req *r);
int h_texts_save(Req *r);

/* Admin console: admin_staff.c, admin_provinces.c, admin_reasons.c,
** admin_settings.c (the audit log and form texts are above) */
int h_admin_staff(Req *r);
int h_admin_staff_create(Req *r);
int h_admin_staff_role(Req *r);
int h_admin_staff_disable(Req *r);
int h_admin_staff_enable(Req *r);
int h_admin_staff_password(Req *r);
int h_admin_provinces(Req *r);
int h_admin_province(Req *r);
int h_admin_province_save(Req *r);
int h_admin_province_version(Req *r);
int h_admin_reasons(Req *r);
int h_admin_reason_save(Req *r);
int h_admin_reason_move(Req *r);
int h_admin_reason_activate(Req *r);
int h_admin_reason_deactivate(Req *r);
int h_admin_settings(Req *r);
int h_admin_settings_save(Req *r);

/* printed_forms.c */
int h_app_form(Req *r);

/* files.c */
int h_file_upload(Req *r);
int h_files_list(Req *r);
int h_file_get(Req *r);
int h_file_delete(Req *r);

/* export.c */
int h_export_queue(Req *r);
int h_export_sites(Req *r);

/* inbox.c (notifications, issue 10) */
int h_inbox(Req *r);
int h_inbox_read(Req *r);
int h_inbox_read_all(Req *r);
/* forgot.c (issue 10 item 5) */
int h_forgot_page(Req *r);
int h_forgot(Req *r);
/* Issue 11 (portal): GET on an upload URL redirects to the application page. */
int h_file_upload_get(Req *r);
/* admin_mail.c: the mail outbox for admins (issue 10 item 6) */
int h_admin_mail(Req *r);
int h_admin_mail_one(Req *r);
int h_admin_mail_resend(Req *r);

#endif
