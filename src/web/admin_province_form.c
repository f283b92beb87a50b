/*
** The form of a province's rules: fields, POST, document, errors.
*/
#include "web/admin_province_form.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "rules/vocab.h"
#include "web/web.h"

const ProvinceKey province_keys[PROVINCE_NKEYS] = {
    {"auth_letter_required", PK_BOOL},
    {"local_id_only", PK_BOOL},
    {"no_cross_province", PK_BOOL},
    {"residence_permit_accepted", PK_BOOL},
    {"residence_doc_zh", PK_TEXT},
    {"residence_doc_en", PK_TEXT},
    {"min_age", PK_INT},
    {"max_domains_per_app", PK_INT},
    {"max_sites_per_app", PK_INT},
    {"individual_first_max_domains", PK_INT},
    {"crowded_individual_sites", PK_INT},
    {"crowded_org_sites", PK_INT},
    {"crowded_max_domains", PK_INT},
    {"review_days_min", PK_INT},
    {"review_days_max", PK_INT},
    {"special_notice_zh", PK_AREA},
    {"special_notice_en", PK_AREA},
    {"commercial_notice_zh", PK_AREA},
    {"commercial_notice_en", PK_AREA},
};

const char *province_key_label(Req *r, size_t i) {
    const char *labels[PROVINCE_NKEYS] = {
        T(r->lang, "单位办理新增或变更网站时一律须提交网站备案授权书"),
        T(r->lang, "个人仅限本省身份证备案"),
        T(r->lang, "不接受外省个人备案"),
        T(r->lang, "外省个人可凭本地居住证明备案（须提交）"),
        T(r->lang, "居住证明名称（中文，留空为“居住证”）"),
        T(r->lang, "居住证明名称（英文）"),
        T(r->lang, "负责人最低年龄（0 为不限）"),
        T(r->lang, "每个申请最多域名数（0 为不限）"),
        T(r->lang, "每个申请最多网站数（0 为不限）"),
        T(r->lang, "个人首次备案最多域名数（0 为不限）"),
        T(r->lang, "个人已备案网站数超过（0 为不限）"),
        T(r->lang, "单位已备案网站数超过（0 为不限）"),
        T(r->lang, "……时每次最多新增域名数"),
        T(r->lang, "管局审核最短工作日"),
        T(r->lang, "管局审核最长工作日"),
        T(r->lang, "本省特别提示（中文）"),
        T(r->lang, "本省特别提示（英文）"),
        T(r->lang, "经营性备案提示（中文）"),
        T(r->lang, "经营性备案提示（英文）"),
    };
    return i < PROVINCE_NKEYS ? labels[i] : "";
}

static const char *const extra_text_keys[] = {"code", "zh", "en", "note_zh", "note_en", NULL};

static const char *extra_name(Req *r, size_t row, const char *key) {
    return arena_printf(&r->arena, "extras.%zu.%s", row, key);
}

/* The spec rows of one extra material's row of the form. */
static Field *extra_spec(Req *r, Field *f, size_t row, ExtraIn *x) {
    const char **texts[] = {&x->code, &x->zh, &x->en, &x->note_zh, &x->note_en};
    for (size_t k = 0; extra_text_keys[k]; k++)
        *f++ = (Field)SPEC_TEXT(extra_name(r, row, extra_text_keys[k]), texts[k], .max = 1000);
    *f++ = (Field)SPEC_INT(extra_name(r, row, "copies"), &x->copies);
    *f++ = (Field)SPEC_LIST(extra_name(r, row, "kinds"), &x->kinds, .max = KIND__COUNT);
    *f++ = (Field)SPEC_LIST(extra_name(r, row, "natures"), &x->natures, .max = NATURE__COUNT);
    return f;
}

int province_form_parse(Req *r, ProvinceIn *in) {
    Field *spec = ARENA_NEW(&r->arena, Field, PROVINCE_NKEYS + 8 * PROVINCE_MAX_EXTRAS + 2);
    Field *f = spec;
    for (size_t i = 0; i < PROVINCE_NKEYS; i++) {
        const ProvinceKey *k = &province_keys[i];
        if (k->kind == PK_BOOL)
            *f++ = (Field)SPEC_BOOL(k->key, &in->b[i]);
        else if (k->kind == PK_INT)
            *f++ = (Field)SPEC_INT(k->key, &in->n[i]);
        else
            *f++ = (Field)SPEC_TEXT(k->key, &in->t[i], .max = 2000,
                                    .flags = k->kind == PK_AREA ? FF_MULTILINE : 0);
    }
    for (size_t row = 0; row < PROVINCE_MAX_EXTRAS; row++)
        f = extra_spec(r, f, row, &in->x[row]);
    *f++ = (Field)SPEC_INT("base", &in->base);
    *f = (Field)FIELD_END;
    return spec_parse(r, spec);
}

/* The bit set of a list of kind ids (or nature ids); -1 for an unknown id. */
static int64_t bits_of(const StrList *l, bool kinds) {
    int64_t bits = 0;
    for (size_t i = 0; i < l->n; i++) {
        int v = kinds ? (int)app_kind_parse(l->items[i]) : (int)nature_parse(l->items[i]);
        if (v <= 0) return -1;
        bits |= (int64_t)1 << v;
    }
    return bits;
}

static void set_text(json_t *o, const char *key, const char *v) {
    if (v && *v) json_object_set_new(o, key, json_string(v));
}

/* One row of extras as a document object, or NULL when the row is empty
** (its copies alone do not count: a new row shows 1). */
static json_t *extra_doc(Req *r, size_t row, const ExtraIn *x) {
    const char *texts[] = {x->code, x->zh, x->en, x->note_zh, x->note_en};
    bool any = x->kinds.n || x->natures.n;
    for (size_t k = 0; k < 5; k++)
        any = any || !str_empty(texts[k]);
    if (!any) return NULL;
    json_t *o = json_object();
    for (size_t k = 0; k < 5; k++)
        set_text(o, extra_text_keys[k], texts[k]);
    json_object_set_new(o, "copies", json_integer(x->copies));
    int64_t kinds = bits_of(&x->kinds, true), natures = bits_of(&x->natures, false);
    if (kinds < 0) req_field_error(r, extra_name(r, row, "kinds"), ERR_FIELD_CHOICE);
    if (natures < 0) req_field_error(r, extra_name(r, row, "natures"), ERR_FIELD_CHOICE);
    json_object_set_new(o, "kinds", json_integer(kinds < 0 ? 0 : kinds));
    json_object_set_new(o, "natures", json_integer(natures < 0 ? 0 : natures));
    return o;
}

json_t *province_form_doc(Req *r, ProvinceIn *in) {
    json_t *doc = json_object();
    for (size_t i = 0; i < PROVINCE_NKEYS; i++) {
        const ProvinceKey *k = &province_keys[i];
        if (k->kind == PK_BOOL)
            json_object_set_new(doc, k->key, json_boolean(in->b[i]));
        else if (k->kind == PK_INT)
            json_object_set_new(doc, k->key, json_integer(in->n[i]));
        else
            set_text(doc, k->key, in->t[i]);
    }
    json_t *extras = json_array();
    for (size_t row = 0; row < PROVINCE_MAX_EXTRAS; row++) {
        json_t *x = extra_doc(r, row, &in->x[row]);
        if (!x) continue;
        in->row_of[json_array_size(extras)] = (int)row;
        json_array_append_new(extras, x);
    }
    json_object_set_new(doc, "extras", extras);
    return doc;
}

void province_form_errors(Req *r, const ProvinceIn *in, const DocErrors *errs) {
    for (size_t i = 0; i < errs->n; i++) {
        const char *field = errs->e[i].field;
        unsigned idx;
        int used = 0;
        if (in && sscanf(field, "extras.%u.%n", &idx, &used) == 1 && used > 0 &&
            idx < PROVINCE_MAX_EXTRAS)
            field = extra_name(r, (size_t)in->row_of[idx], field + used);
        req_field_error(r, field, errs->e[i].code);
    }
}

static bool listed(const StrList *l, const char *id) {
    for (size_t i = 0; l && i < l->n; i++)
        if (!strcmp(l->items[i], id)) return true;
    return false;
}

/* The checkboxes of kinds (or natures) of a row: on as stored (bits) or as
** typed (list, after a refusal). */
static ChoiceView *bit_choices(Req *r, bool kinds, unsigned bits, const StrList *typed, size_t *n) {
    int count = kinds ? KIND__COUNT : NATURE__COUNT;
    ChoiceView *c = ARENA_NEW(&r->arena, ChoiceView, (size_t)count);
    *n = 0;
    for (int v = 1; v < count; v++) {
        const char *id = kinds ? app_kind_id((AppKind)v) : nature_id((SubjectNature)v);
        const char *label =
            kinds ? app_kind_label((AppKind)v, r->lang) : nature_label((SubjectNature)v, r->lang);
        bool on = typed ? listed(typed, id) : (bits & (1u << v)) != 0;
        c[(*n)++] = (ChoiceView){id, label, on};
    }
    return c;
}

/* The view of row `row`: the stored extra e (NULL: a new row), or typed x. */
static void extra_view(Req *r, size_t row, const ProvinceExtra *e, const ExtraIn *x, ExtraView *v) {
    AdminForm f;
    admin_form_init(&f, r, 6);
    const char *stored[] = {e ? e->code : "", e ? e->zh : "", e ? e->en : "", e ? e->note_zh : "",
                            e ? e->note_en : ""};
    const char *labels[] = {T(r->lang, "材料代码"), T(r->lang, "名称（中文）"),
                            T(r->lang, "名称（英文）"), T(r->lang, "说明（中文）"),
                            T(r->lang, "说明（英文）")};
    for (size_t k = 0; extra_text_keys[k]; k++)
        admin_field(&f, AF_TEXT, extra_name(r, row, extra_text_keys[k]), labels[k], stored[k]);
    f.fields[0].hint = T(r->lang, "小写字母、数字或下划线，如 filing_pledge");
    admin_number(&f, extra_name(r, row, "copies"), T(r->lang, "份数"), e ? e->copies : 1);
    *v = (ExtraView){.i = row, .fields = f.fields, .nfields = f.n};
    v->kinds = bit_choices(r, true, e ? e->kinds : 0, x ? &x->kinds : NULL, &v->nkinds);
    v->natures = bit_choices(r, false, e ? e->natures : 0, x ? &x->natures : NULL, &v->nnatures);
    v->kinds_error = fe(r, extra_name(r, row, "kinds"));
    v->natures_error = fe(r, extra_name(r, row, "natures"));
}

/* The rows of extras: the stored ones and a new one; after a refusal, the
** rows typed and a new one. */
static void extras_view(Req *r, const ProvinceRules *p, const ProvinceIn *in, ProvinceView *v) {
    size_t rows = p->n_extras;
    if (in) {
        rows = 0;
        for (size_t i = 0; i < PROVINCE_MAX_EXTRAS; i++)
            if (!str_empty(in->x[i].code) || !str_empty(in->x[i].zh) || in->x[i].kinds.n)
                rows = i + 1;
    }
    if (rows < PROVINCE_MAX_EXTRAS) rows++;
    v->extras = ARENA_NEW(&r->arena, ExtraView, rows);
    for (size_t i = 0; i < rows; i++)
        extra_view(r, i, !in && i < p->n_extras ? &p->extras[i] : NULL, in ? &in->x[i] : NULL,
                   &v->extras[i]);
    v->nextras = rows;
    v->extras_error = fe(r, "extras");
}

void province_form_view(Req *r, const ProvinceRules *stored, const ProvinceIn *in,
                        ProvinceView *v) {
    json_t *doc = province_rules_json(stored);
    AdminForm f;
    admin_form_init(&f, r, PROVINCE_NKEYS);
    for (size_t i = 0; i < PROVINCE_NKEYS; i++) {
        const ProvinceKey *k = &province_keys[i];
        json_t *val = json_object_get(doc, k->key);
        const char *label = province_key_label(r, i);
        if (k->kind == PK_BOOL)
            admin_check(&f, k->key, label, json_is_true(val));
        else if (k->kind == PK_INT)
            admin_number(&f, k->key, label, json_integer_value(val));
        else
            admin_field(&f, k->kind == PK_AREA ? AF_AREA : AF_TEXT, k->key, label,
                        json_is_string(val) ? arena_strdup(&r->arena, json_string_value(val)) : "");
    }
    json_decref(doc);
    v->fields = f.fields;
    v->nfields = f.n;
    extras_view(r, stored, in, v);
}
