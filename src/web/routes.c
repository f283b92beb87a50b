/*
** The one route table: method, path, handler, roles admitted, flags, and the
** name used in metrics. The router enforces the roles, CSRF on every POST,
** body limits and sessions from this table; handlers never check them.
*/
#include "web/handlers.h"
#include "web/web.h"

#define GET  HTTP_GET
#define POST HTTP_POST
#define CUST ROLE_BIT_CUSTOMER
#define ANON ROLE_BIT_ANON

const Route web_routes[] = {
    /* System */
    {GET, "/", h_root, ROLES_ANY, 0, "root"},
    {GET, "/healthz", h_healthz, ROLES_ANY, RF_NO_DB | RF_NO_LOG, "healthz"},
    {GET, "/metrics", h_metrics, ROLES_ANY, RF_NO_DB | RF_NO_LOG, "metrics"},
    {GET, "/static/*", h_static, ROLES_ANY, RF_NO_DB, "static"},
    {GET, "/favicon.ico", h_static, ROLES_ANY, RF_NO_DB | RF_NO_LOG, "static"},
    {GET, "/lang/:code", h_lang, ROLES_ANY, RF_NO_DB, "lang"},

    /* Accounts: pages */
    {GET, "/login", h_login_page, ROLES_ANY, 0, "login"},
    {POST, "/login", h_login, ROLES_ANY, 0, "login"},
    {POST, "/logout", h_logout, ROLES_USER, 0, "logout"},
    {GET, "/register", h_register_page, ROLES_ANY, 0, "register"},
    {POST, "/register", h_register, ANON, 0, "register"},
    {GET, "/register/done", h_register_done, ROLES_ANY, 0, "register"},
    {GET, "/recover", h_recover_page, ROLES_ANY, 0, "recover"},
    {POST, "/recover", h_recover, ROLES_ANY, 0, "recover"},
    {GET, "/recover/:token", h_reset_page, ROLES_ANY, 0, "recover"},
    {POST, "/recover/:token", h_reset, ROLES_ANY, 0, "recover"},
    {GET, "/account/password", h_password_page, ROLES_USER, 0, "password"},
    {POST, "/account/password", h_password, ROLES_USER, 0, "password"},

    /* Customer portal */
    {GET, "/portal", h_portal_home, CUST, 0, "portal"},
    {POST, "/portal/applications", h_app_create, CUST, 0, "portal"},
    {GET, "/portal/applications/:id", h_app_page, CUST, 0, "portal_app"},
    {GET, "/portal/applications/:id/steps/:step", h_app_step_page, CUST, 0, "portal_step"},
    {POST, "/portal/applications/:id/steps/:step", h_app_step_save, CUST, 0, "portal_step"},
    {POST, "/portal/applications/:id/submit", h_app_submit, CUST, 0, "portal_app"},
    {POST, "/portal/applications/:id/withdraw", h_app_withdraw, CUST, 0, "portal_app"},
    {GET, "/portal/applications/:id/forms/:form", h_app_form, CUST, 0, "portal_form"},
    {POST, "/portal/applications/:id/files", h_file_upload, CUST, RF_UPLOAD, "portal_files"},
    {GET, "/portal/applications/:id/files/:fid", h_file_get, CUST, 0, "portal_files"},
    {POST, "/portal/applications/:id/files/:fid/delete", h_file_delete, CUST, 0, "portal_files"},

    /* Staff */
    {GET, "/staff", h_staff_home, ROLES_STAFF, 0, "staff"},
    {GET, "/staff/accounts", h_accounts, ROLES_STAFF, 0, "staff_accounts"},
    {POST, "/staff/accounts/:id/approve", h_account_approve, ROLES_STAFF, 0, "staff_accounts"},
    {POST, "/staff/accounts/:id/reject", h_account_reject, ROLES_STAFF, 0, "staff_accounts"},
    {GET, "/admin/audit", h_audit, ROLE_BIT_ADMIN, 0, "admin_audit"},
    {GET, "/admin/texts/:kind", h_texts_page, ROLE_BIT_ADMIN, 0, "admin_texts"},
    {POST, "/admin/texts/:kind", h_texts_save, ROLE_BIT_ADMIN, 0, "admin_texts"},
    {GET, "/staff/applications/:id", h_staff_app_page, ROLES_STAFF, 0, "staff_app"},
    {GET, "/staff/applications/:id/forms/:form", h_app_form, ROLES_STAFF, 0, "staff_form"},
    {POST, "/staff/applications/:id/files", h_file_upload, ROLES_STAFF, RF_UPLOAD, "staff_files"},
    {GET, "/staff/applications/:id/files/:fid", h_file_get, ROLES_STAFF, 0, "staff_files"},
    {POST, "/staff/applications/:id/files/:fid/delete", h_file_delete, ROLES_STAFF, 0,
     "staff_files"},

    /* JSON API (docs/openapi.yaml) */
    {GET, "/api/v1/csrf", h_csrf, ROLES_ANY, RF_API, "api_csrf"},
    {POST, "/api/v1/session", h_login, ROLES_ANY, RF_API, "api_session"},
    {POST, "/api/v1/session/logout", h_logout, ROLES_USER, RF_API, "api_logout"},
    {GET, "/api/v1/me", h_me, ROLES_USER, RF_API, "api_me"},
    {POST, "/api/v1/recover", h_recover, ROLES_ANY, RF_API, "api_recover"},
    {POST, "/api/v1/recover/:token", h_reset, ROLES_ANY, RF_API, "api_recover"},
    {POST, "/api/v1/me/password", h_password, ROLES_USER, RF_API, "api_password"},
    {POST, "/api/v1/accounts", h_register, ANON, RF_API, "api_register"},
    {GET, "/api/v1/accounts", h_accounts, ROLES_STAFF, RF_API, "api_accounts"},
    {POST, "/api/v1/accounts/:id/approve", h_account_approve, ROLES_STAFF, RF_API, "api_accounts"},
    {POST, "/api/v1/accounts/:id/reject", h_account_reject, ROLES_STAFF, RF_API, "api_accounts"},
    {GET, "/api/v1/audit", h_audit, ROLE_BIT_ADMIN, RF_API, "api_audit"},
    {GET, "/api/v1/admin/texts/:kind", h_texts_page, ROLE_BIT_ADMIN, RF_API, "api_texts"},
    {POST, "/api/v1/admin/texts/:kind", h_texts_save, ROLE_BIT_ADMIN, RF_API, "api_texts"},
    {GET, "/api/v1/regions", h_regions, ROLES_ANY, RF_API | RF_NO_DB, "api_regions"},
    {GET, "/api/v1/overview", h_portal_home, CUST, RF_API, "api_overview"},
    {POST, "/api/v1/applications", h_app_create, CUST, RF_API, "api_applications"},
    {GET, "/api/v1/applications/:id", h_app_page, CUST, RF_API, "api_application"},
    {POST, "/api/v1/applications/:id/steps/:step", h_app_step_save, CUST, RF_API, "api_step"},
    {POST, "/api/v1/applications/:id/submit", h_app_submit, CUST, RF_API, "api_application"},
    {POST, "/api/v1/applications/:id/withdraw", h_app_withdraw, CUST, RF_API, "api_application"},
    {GET, "/api/v1/applications/:id/forms/:form", h_app_form, CUST, RF_API, "api_form"},
    {GET, "/api/v1/applications/:id/files", h_files_list, CUST, RF_API, "api_files"},
    {POST, "/api/v1/applications/:id/files", h_file_upload, CUST, RF_API | RF_UPLOAD, "api_files"},
    {GET, "/api/v1/applications/:id/files/:fid", h_file_get, CUST, RF_API, "api_files"},
    {POST, "/api/v1/applications/:id/files/:fid/delete", h_file_delete, CUST, RF_API, "api_files"},
    {GET, "/api/v1/staff/applications/:id", h_staff_app_page, ROLES_STAFF, RF_API, "api_staff_app"},
    {GET, "/api/v1/staff/applications/:id/forms/:form", h_app_form, ROLES_STAFF, RF_API,
     "api_staff_form"},
    {GET, "/api/v1/staff/applications/:id/files", h_files_list, ROLES_STAFF, RF_API,
     "api_staff_files"},
    {GET, "/api/v1/staff/applications/:id/files/:fid", h_file_get, ROLES_STAFF, RF_API,
     "api_staff_files"},
    {POST, "/api/v1/staff/applications/:id/files", h_file_upload, ROLES_STAFF, RF_API | RF_UPLOAD,
     "api_staff_files"},
    {POST, "/api/v1/staff/applications/:id/files/:fid/delete", h_file_delete, ROLES_STAFF, RF_API,
     "api_staff_files"},
};

const size_t web_nroutes = sizeof web_routes / sizeof web_routes[0];
