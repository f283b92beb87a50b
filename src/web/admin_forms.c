/*
** The forms of the admin console: fields with the value to show and their
** error (web/admin_views.h).
*/
#include <string.h>

#include "core/util.h"
#include "web/admin_views.h"
#include "web/web.h"

void admin_form_init(AdminForm *f, Req *r, size_t cap) {
    f->r = r;
    f->typed = r->method == HTTP_POST;
    f->fields = ARENA_NEW(&r->arena, AdminField, cap);
    f->n = 0;
    f->cap = cap;
}

AdminField *admin_field(AdminForm *f, AdminInput input, const char *name, const char *label,
                        const char *value) {
    if (f->n == f->cap) return &f->fields[f->n - 1]; /* a programming error: caught by tests */
    AdminField *x = &f->fields[f->n++];
    *x = (AdminField){.name = name,
                      .label = label,
                      .input = input,
                      .value = f->typed ? spec_raw(f->r, name)
                               : value  ? value
                                        : "",
                      .error = fe(f->r, name)};
    return x;
}

AdminField *admin_check(AdminForm *f, const char *name, const char *label, bool on) {
    AdminField *x = admin_field(f, AF_CHECK, name, label, "1");
    const char *typed = spec_raw(f->r, name);
    x->checked = f->typed ? (*typed && strcmp(typed, "0") != 0 && strcmp(typed, "false") != 0) : on;
    x->value = "1";
    return x;
}

AdminField *admin_number(AdminForm *f, const char *name, const char *label, int64_t value) {
    return admin_field(f, AF_NUMBER, name, label,
                       arena_printf(&f->r->arena, "%lld", (long long)value));
}

AdminField *admin_select(AdminForm *f, const char *name, const char *label, const char *value,
                         const char *const *ids, const char *const *labels) {
    AdminField *x = admin_field(f, AF_SELECT, name, label, value);
    size_t n = 0;
    while (ids[n])
        n++;
    x->choices = ARENA_NEW(&f->r->arena, ChoiceView, n + 1);
    for (size_t i = 0; i < n; i++)
        x->choices[i] = (ChoiceView){ids[i], labels[i], !strcmp(ids[i], x->value)};
    x->nchoices = n;
    return x;
}
