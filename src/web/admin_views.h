/*
** What the admin console's templates receive (templates/admin/): staff
** accounts, province rules, standard return reasons, the provider's
** settings. Forms are lists of AdminField, each ready to render with the
** value to show (the stored one, or what was typed when a save was
** refused) and its error.
*/
#ifndef BEIAN_WEB_ADMIN_VIEWS_H
#define BEIAN_WEB_ADMIN_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"
#include "model/account.h"
#include "model/mail_admin.h"
#include "model/province_edit.h"
#include "model/reason_templates.h"
#include "web/views.h"

typedef enum AdminInput {
    AF_TEXT = 1,
    AF_NUMBER,
    AF_CHECK, /* a checkbox: checked */
    AF_AREA,  /* several lines */
    AF_EMAIL,
    AF_TEL,
    AF_SELECT, /* one of choices */
} AdminInput;

typedef struct AdminField {
    const char *name, *label, *hint;
    const char *value; /* to show */
    const char *error; /* in the page's language, or NULL */
    AdminInput input;
    bool checked, required;
    int max; /* maxlength of a text (0: none) */
    ChoiceView *choices;
    size_t nchoices;
} AdminField;

/* Where a form's fields get their values: the stored ones (a page), or the
** ones typed (a save refused, shown again with the errors). */
typedef struct AdminForm {
    Req *r;
    bool typed;
    AdminField *fields;
    size_t n, cap;
} AdminForm;

void admin_form_init(AdminForm *f, Req *r, size_t cap);
/* Add a field whose stored value is value (typed values win when f->typed).
** Returns it for further settings (hint, required...). */
AdminField *admin_field(AdminForm *f, AdminInput input, const char *name, const char *label,
                        const char *value);
/* A checkbox stored as on. */
AdminField *admin_check(AdminForm *f, const char *name, const char *label, bool on);
/* A number as text. */
AdminField *admin_number(AdminForm *f, const char *name, const char *label, int64_t value);
/* A select of ids (NULL-terminated) shown by labels (as many). */
AdminField *admin_select(AdminForm *f, const char *name, const char *label, const char *value,
                         const char *const *ids, const char *const *labels);

/* A one-time secret, shown on the page that follows the action only. */
typedef struct SecretView {
    Req *r;
    const char *heading, *login, *password;
} SecretView;

typedef struct StaffView {
    Req *r;
    Account *rows;
    size_t n;
    int64_t me;
    AdminField *fields; /* the form to add one */
    size_t nfields;
} StaffView;

typedef struct ProvincesView {
    Req *r;
    ProvinceRow *rows;
    size_t n;
} ProvincesView;

/* One extra material of the province form (fields extras.<i>.<key>). */
typedef struct ExtraView {
    size_t i;
    AdminField *fields;
    size_t nfields;
    ChoiceView *kinds, *natures;
    size_t nkinds, nnatures;
    const char *kinds_error, *natures_error;
} ExtraView;

typedef struct ProvinceView {
    Req *r;
    ProvinceRow row;
    ProvinceVersion *versions;
    size_t nversions;
    AdminField *fields; /* the rules but the extras */
    size_t nfields;
    ExtraView *extras; /* every extra, and one empty to add (at most 10) */
    size_t nextras;
    const char *extras_error;
    int base; /* the version edited */
} ProvinceView;

/* An earlier version of a province's rules: its key rules side by side
** with today's. */
typedef struct VersionLine {
    const char *label, *then, *now;
    bool changed;
} VersionLine;

typedef struct ProvinceVersionView {
    Req *r;
    ProvinceRow row;
    ProvinceVersion version;
    VersionLine *lines;
    size_t nlines;
} ProvinceVersionView;

typedef struct ReasonLine {
    const ReasonTemplate *t;
    const char *field_label; /* the field's name, or "any field" */
    bool first, last;
} ReasonLine;

typedef struct ReasonsView {
    Req *r;
    ReasonLine *rows;
    size_t n;
    AdminField *fields; /* the form: add one, or edit the one of id */
    size_t nfields;
    int64_t id; /* 0: the list with the form to add */
} ReasonsView;

typedef struct SettingsView {
    Req *r;
    AdminField *fields;
    size_t nfields;
    int64_t updated_at;
    const char *updated_by;
} SettingsView;

/* The mail outbox (/admin/mail): a page of messages with each one's state
** in words and its recipient masked; or one message in full. */
typedef struct MailLine {
    const MailRow *m;
    const char *to_mask, *state_label, *state_cls; /* state_cls: a badge's class */
} MailLine;

typedef struct MailView {
    Req *r;
    MailLine *rows;
    size_t n;
    int64_t next_before;
    const char *state, *to; /* the filters, as typed */
    ChoiceView *states;     /* for the select */
    size_t nstates;
    const char *query; /* the filters as "&name=value...", for the next page */
    MailLine one;      /* the message shown alone (detail) */
} MailView;

#endif
