/*
** Views of filing pages, built from the field catalog.
*/
#include "web/filing_views.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "rules/mask.h"
#include "rules/region.h"
#include "rules/validate.h"

const char *state_badge(AppState s) {
    switch (s) {
    case STATE_APPROVED:
        return "ok";
    case STATE_PROVIDER_RETURNED:
    case STATE_REGULATOR_RETURNED:
        return "err";
    case STATE_PROVIDER_REVIEW:
    case STATE_TO_REGULATOR:
    case STATE_SMS_VERIFICATION:
    case STATE_REGULATOR_REVIEW:
        return "info";
    case STATE_DRAFT:
        return "warn";
    default:
        return "";
    }
}

const char *site_badge(SiteStatus s) {
    return s == SITE_FILED           ? "ok"
           : s == SITE_IN_FILING     ? "info"
           : s == SITE_NOT_SUBMITTED ? "warn"
                                     : "";
}

const char *field_label(Req *r, FieldId id) {
    const FilingField *f = filing_field(id);
    return f ? filing_field_label(f, r->lang) : T(r->lang, "整个申请");
}

static bool is_id_field(FieldId id) {
    const PersonFields *p = person_of_field(id);
    return (p && p->id_number == id) || id == F_SUBJECT_CERT_NUMBER;
}

static const char *choice_text(Req *r, const FilingField *f, const char *id) {
    if (!strcmp(f->choices, "city") || !strcmp(f->choices, "district")) {
        const Region *reg = region_find(id);
        return reg ? region_label(reg, r->lang) : id;
    }
    return filing_choice_label(f->choices, id, r->lang);
}

const char *field_display(Req *r, const FilingField *f, const Values *v) {
    return field_display_as(r, f, v, false);
}

const char *field_display_as(Req *r, const FilingField *f, const Values *v, bool clear) {
    Arena *a = &r->arena;
    const char *s = values_get(v, f->id);
    if (!*s) return f->input == IN_BOOL ? T(r->lang, "否") : "";
    switch (f->input) {
    case IN_BOOL:
        return values_flag(v, f->id) ? T(r->lang, "是") : T(r->lang, "否");
    case IN_SECRET:
        return T(r->lang, "已填写");
    case IN_SELECT:
        return choice_text(r, f, s);
    case IN_MULTI:
    case IN_LINES: {
        size_t n;
        const char **items = values_list(v, f->id, &n);
        Buf b;
        buf_init(&b, a);
        for (size_t i = 0; i < n; i++) {
            if (i) buf_puts(&b, f->input == IN_MULTI ? "、" : ", ");
            buf_puts(&b, f->input == IN_MULTI ? choice_text(r, f, items[i]) : items[i]);
        }
        return b.data ? b.data : "";
    }
    default:
        break;
    }
    if ((f->flags & FD_PERSONAL) && !clear) {
        bool personal_cert =
            f->id != F_SUBJECT_CERT_NUMBER ||
            cert_type_personal(cert_type_parse(values_get(v, F_SUBJECT_CERT_TYPE)));
        if (is_id_field(f->id)) return personal_cert ? mask_id(a, s) : s;
        return mask_phone(a, s);
    }
    if (f->id == F_SITE_DOMAIN) {
        Domain d;
        if (domain_parse(a, s, &d) == 0 && d.idn)
            return arena_printf(a, "%s（%s）", d.unicode, d.ascii);
    }
    return s;
}

StepNav *step_nav(Req *r, const Application *app, FilingStep current, size_t *n) {
    const FilingStep *steps = filing_steps(app->kind, n);
    StepNav *nav = ARENA_NEW(&r->arena, StepNav, *n);
    for (size_t i = 0; i < *n; i++) {
        FilingStep s = steps[i];
        nav[i].label = filing_step_label(s, r->lang);
        nav[i].current = s == current || (s == STEP_VERIFY && current == 0);
        nav[i].done = s != STEP_VERIFY && app_step_done(app, s);
        nav[i].href = s == STEP_VERIFY
                          ? arena_printf(&r->arena, "/portal/applications/%lld", (long long)app->id)
                          : arena_printf(&r->arena, "/portal/applications/%lld/steps/%s",
                                         (long long)app->id, filing_step_id(s));
    }
    return nav;
}

const char *field_place(Req *r, FieldId id) {
    const FilingField *f = filing_field(id);
    if (!f) return field_label(r, id);
    const char *step = filing_step_label(f->step, r->lang);
    const char *group = filing_group_label(f->group, r->lang);
    const char *label = filing_field_label(f, r->lang);
    /* The group only where the step has several (主体负责人 or 法定代表人). */
    size_t n;
    const FilingField *all = filing_fields(&n);
    bool several = false;
    for (size_t i = 0; i < n; i++)
        several |= all[i].step == f->step && all[i].group != f->group;
    if (!several || !strcmp(group, step) || !strcmp(group, label))
        return arena_printf(&r->arena, "%s › %s", step, label);
    return arena_printf(&r->arena, "%s › %s › %s", step, group, label);
}

const char *field_href(Req *r, int64_t app_id, FieldId id) {
    const FilingField *f = filing_field(id);
    if (!f) return arena_printf(&r->arena, "/portal/applications/%lld", (long long)app_id);
    return arena_printf(&r->arena, "/portal/applications/%lld/steps/%s#f-%s", (long long)app_id,
                        filing_step_id(f->step), f->key);
}

static const ReturnReason *reason_for(const ReturnReason *rs, size_t n, FieldId id) {
    for (size_t i = 0; i < n; i++)
        if (rs[i].field == id) return &rs[i];
    return NULL;
}

static bool whole_returned(const ReturnReason *rs, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!rs[i].field) return true;
    return false;
}

/* The natures a choice fits, space-separated, or NULL when it fits all. */
static const char *choice_natures(Req *r, const char *list, const char *id) {
    Buf b;
    buf_init(&b, &r->arena);
    bool all = true;
    for (int k = 1; k < NATURE__COUNT; k++) {
        if (!filing_choice_fits(list, id, (SubjectNature)k)) {
            all = false;
            continue;
        }
        if (b.len) buf_putc(&b, ' ');
        buf_puts(&b, nature_id((SubjectNature)k));
    }
    return all ? NULL : b.data ? b.data : "";
}

/* The choices of a select or checkbox list; regions by the parent value;
** certificate types by the subject's nature. */
static ChoiceView *field_choices(Req *r, const FilingField *f, const Values *v, const char *value,
                                 SubjectNature nature, const char ***natures, bool **off,
                                 size_t *n) {
    *n = 0;
    if (!f->choices) return NULL;
    Arena *a = &r->arena;
    ChoiceView *out;
    size_t nitems;
    const char **on = values_list(v, f->id, &nitems);
    if (!strcmp(f->choices, "city") || !strcmp(f->choices, "district")) {
        const char *parent =
            values_get(v, !strcmp(f->choices, "city") ? F_SUBJECT_PROVINCE : F_SUBJECT_CITY);
        const Region **kids = *parent ? region_children(a, parent, n) : NULL;
        out = ARENA_NEW(a, ChoiceView, *n + 1);
        for (size_t i = 0; i < *n; i++)
            out[i] = (ChoiceView){kids[i]->code, region_label(kids[i], r->lang),
                                  !strcmp(kids[i]->code, value)};
        return out;
    }
    size_t nc;
    const FilingChoice *c = filing_choices(f->choices, &nc);
    out = ARENA_NEW(a, ChoiceView, nc + 1);
    *natures = ARENA_NEW(a, const char *, nc + 1);
    *off = ARENA_NEW(a, bool, nc + 1);
    for (size_t i = 0; i < nc; i++) {
        bool sel = false;
        for (size_t j = 0; j < nitems; j++)
            if (!strcmp(on[j], c[i].id)) sel = true;
        /* A certificate type that does not fit the nature saved is not
        ** offered, but is there for the page's script to offer when the
        ** nature changes; one chosen before stays, to be refused with its
        ** reason. */
        (*off)[*n] = !sel && !filing_choice_fits(f->choices, c[i].id, nature);
        (*natures)[*n] = choice_natures(r, f->choices, c[i].id);
        out[(*n)++] = (ChoiceView){c[i].id, r->lang == LANG_EN ? c[i].en : c[i].zh, sel};
    }
    return out;
}

/* What the page's script needs to adapt the form, and what shows now:
** organisation-only fields for an organisation (all while the nature is
** not chosen), copied fields hidden, the required mark as the checker's. */
static void adapt_field(const Application *app, const FilingField *f, const Values *shown,
                        SubjectNature nature, FieldView *fv) {
    fv->for_nature = (f->flags & FD_ORG_ONLY)      ? "org"
                     : (f->flags & FD_PERSON_ONLY) ? "person"
                                                   : NULL;
    FieldId by = filing_field_copied_by(f, app->kind);
    fv->copied_by = by ? filing_field_key(by) : NULL;
    fv->hidden = (nature && (f->flags & FD_ORG_ONLY) && nature == NATURE_INDIVIDUAL) ||
                 ((f->flags & FD_PERSON_ONLY) && nature != NATURE_INDIVIDUAL) ||
                 filing_field_copied(f, app->kind, nature, shown);
    fv->required = filing_field_required(f, app->kind, nature, shown);
    bool org = filing_field_required(f, app->kind, NATURE_ENTERPRISE, shown);
    bool person = filing_field_required(f, app->kind, NATURE_INDIVIDUAL, shown);
    if (org != person && !fv->for_nature) fv->required_for = org ? "org" : "person";
}

/* The message of a field's error, saying what is expected: the generic
** codes name the field and its limit ("请选择证件类型", "最多 30 个字"). */
const char *field_error_text(Req *r, const FilingField *f, int code) {
    if (code < 0) code = -code;
    const char *label = filing_field_label(f, r->lang);
    const char *max = arena_printf(&r->arena, "%d", f->max);
    bool choose = f->input == IN_SELECT || f->input == IN_MULTI;
    switch (code) {
    case ERR_FIELD_REQUIRED:
        return arena_printf(&r->arena, choose ? T(r->lang, "请选择%s") : T(r->lang, "请填写%s"),
                            label);
    case ERR_FIELD_TOO_LONG:
        return arena_printf(&r->arena, T(r->lang, "%s最多 %s 个字，请删减"), label, max);
    case ERR_FIELD_RANGE:
        return arena_printf(&r->arena,
                            f->input == IN_MULTI ? T(r->lang, "%s最多选择 %s 项")
                                                 : T(r->lang, "%s最多填写 %s 行"),
                            label, max);
    case ERR_FIELD_CHOICE:
        return arena_printf(&r->arena, T(r->lang, "请从列表中选择%s"), label);
    default:
        return err_msg(code, r->lang);
    }
}

FieldView *step_fields(Req *r, const Application *app, const Values *shown, FilingStep step,
                       SubjectNature nature, const ReturnReason *reasons, size_t nreasons,
                       size_t *n) {
    size_t nf;
    const FilingField *f = filing_fields(&nf);
    FieldView *out = ARENA_NEW(&r->arena, FieldView, nf);
    bool returned = app->state != STATE_DRAFT, whole = whole_returned(reasons, nreasons);
    FieldGroup group = 0;
    *n = 0;
    for (size_t i = 0; i < nf; i++) {
        /* Which fields show follows the values being entered (a checkbox
        ** "same as the principal" hides the fields it copies). */
        if (f[i].step != step) continue;
        if ((f[i].flags & FD_KIND_NEW_ACCESS) && app->kind != KIND_NEW_ACCESS) continue;
        FieldView *fv = &out[(*n)++];
        memset(fv, 0, sizeof *fv);
        adapt_field(app, &f[i], shown, nature, fv);
        fv->key = f[i].key;
        fv->label = filing_field_label(&f[i], r->lang);
        fv->hint = filing_field_hint(&f[i], r->lang);
        fv->input = (int)f[i].input;

        const char *value = values_get(shown, f[i].id);
        if (f[i].input == IN_SECRET) value = "";
        /* Personal data already saved is not sent back to the browser: the
        ** input stays empty (empty keeps it) and its mask says what is held. */
        const char *saved = values_get(&app->values, f[i].id);
        if ((f[i].flags & FD_PERSONAL) && *saved && !strcmp(value, saved)) {
            fv->placeholder = field_display(r, &f[i], &app->values);
            fv->hint = T(r->lang, "已保存；留空则保持不变，如需修改请重新填写");
            value = "";
        }
        /* A Chinese domain is stored as its A-label and shown as typed. */
        Domain d;
        if (f[i].id == F_SITE_DOMAIN && *value && domain_parse(&r->arena, value, &d) == 0 && d.idn)
            value = d.unicode;
        fv->value = value;
        int code = req_field_code(r, f[i].key);
        fv->error = code ? field_error_text(r, &f[i], code) : NULL;
        const ReturnReason *rr = reason_for(reasons, nreasons, f[i].id);
        if (rr) fv->reason = rr->reason, fv->suggestion = rr->suggestion;
        fv->locked = returned && !whole && !rr;
        fv->choices = field_choices(r, &f[i], shown, value, nature, &fv->choice_natures,
                                    &fv->choice_off, &fv->nchoices);
        if (f[i].id == F_SUBJECT_PROVINCE) fv->child = "i-subject_city";
        if (f[i].id == F_SUBJECT_CITY) fv->child = "i-subject_district";
        if (group != f[i].group) {
            if (*n > 1) out[*n - 2].end_group = true;
            group = f[i].group;
            fv->legend = filing_group_label(group, r->lang);
        }
    }
    if (*n) out[*n - 1].end_group = true;
    return out;
}

SummaryGroup *summary_groups(Req *r, const Application *app, SubjectNature nature,
                             const ReturnReason *reasons, size_t nreasons, bool clear, size_t *n) {
    size_t nf;
    const FilingField *f = filing_fields(&nf);
    SummaryGroup *groups = ARENA_NEW(&r->arena, SummaryGroup, GROUP__COUNT);
    *n = 0;
    FieldGroup group = 0;
    for (size_t i = 0; i < nf; i++) {
        if (!filing_field_applies(&f[i], app->kind, nature, &app->values)) continue;
        if (group != f[i].group) {
            group = f[i].group;
            groups[*n].title = filing_group_label(group, r->lang);
            groups[*n].rows = ARENA_NEW(&r->arena, SummaryRow, nf);
            (*n)++;
        }
        SummaryGroup *g = &groups[*n - 1];
        const ReturnReason *rr = reason_for(reasons, nreasons, f[i].id);
        g->rows[g->n++] = (SummaryRow){filing_field_label(&f[i], r->lang),
                                       field_display_as(r, &f[i], &app->values, clear),
                                       rr ? rr->reason : NULL, rr ? rr->suggestion : NULL};
    }
    return groups;
}
