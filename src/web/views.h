/*
** View structs: what each template receives. Templates reach form values and
** field errors of the request through the helpers below.
*/
#ifndef BEIAN_WEB_VIEWS_H
#define BEIAN_WEB_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/tmpl.h"
#include "http/http.h"
#include "model/account.h"
#include "model/audit.h"

/* The value entered for a field (to show it again), and its error message
** in the page language (NULL when the field is fine). */
const char *fv(Req *r, const char *name);
const char *fe(Req *r, const char *name);
/* " has-error" when the field has an error, else "". */
const char *fcls(Req *r, const char *name);
/* " checked" / " selected" when the entered value equals value. */
const char *fchecked(Req *r, const char *name, const char *value);
const char *fselected(Req *r, const char *name, const char *value);
/* A time as "YYYY-MM-DD HH:MM" (China Standard Time). */
const char *fmt_time(Req *r, int64_t t);

typedef struct LayoutView {
    Req *r;
    const char *title;
    Html body;
    const char *flash;
    const char *section; /* highlighted navigation item */
    bool staff, admin, customer;
} LayoutView;

typedef struct ErrorView {
    Req *r;
    int status;
    const char *message;
} ErrorView;

typedef struct LoginView {
    Req *r;
    const char *error; /* a message above the form, or NULL */
    const char *next;
} LoginView;

typedef struct FormPageView {
    Req *r;
    const char *error;
} FormPageView;

typedef struct AccountsView {
    Req *r;
    const char *status; /* filter */
    Account *rows;
    size_t n;
    int64_t pending;
} AccountsView;

typedef struct AuditView {
    Req *r;
    AuditRow *rows;
    size_t n;
    int64_t next_before;
    const char *action;
} AuditView;

typedef struct HomeView {
    Req *r;
    Account me;
    int64_t pending_accounts;
} HomeView;

#endif
