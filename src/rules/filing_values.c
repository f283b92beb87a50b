/*
** Choice lists and Values (an application's data: key -> text).
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "rules/filing_fields.h"
#include "rules/preapproval.h"
#include "rules/province.h"
#include "rules/region.h"
#include "rules/validate.h"

static const FilingChoice services[] = {
    {"portal", "单位门户网站", "Organisation portal"},
    {"blog", "博客/个人空间", "Blog / personal space"},
    {"shop", "网上商城", "Online shop"},
    {"community", "论坛社区", "Forum / community"},
    {"software", "软件下载", "Software downloads"},
    {"education", "教育培训", "Education and training"},
    {"media", "音视频", "Audio and video"},
    {"other", "其他", "Other"},
};

static const FilingChoice languages[] = {
    {"zh_hans", "中文简体", "Simplified Chinese"},
    {"zh_hant", "中文繁体", "Traditional Chinese"},
    {"en", "英语", "English"},
    {"ja", "日语", "Japanese"},
    {"ko", "韩语", "Korean"},
    {"ru", "俄语", "Russian"},
    {"fr", "法语", "French"},
    {"de", "德语", "German"},
    {"es", "西班牙语", "Spanish"},
    {"ar", "阿拉伯语", "Arabic"},
    {"mn", "蒙古语", "Mongolian"},
    {"bo", "藏语", "Tibetan"},
    {"ug", "维吾尔语", "Uyghur"},
    {"other", "其他", "Other"},
};

/* Lists built from the enums' own names once, so no name is written twice. */
static FilingChoice natures[NATURE__COUNT], certs[CERT__COUNT], persons[CERT__COUNT];
static FilingChoice methods[ACCESS__COUNT], preapprovals[PREAPPROVAL__COUNT], provinces[40];
static FilingChoice kinds[KIND__COUNT];
static size_t n_natures, n_certs, n_persons, n_methods, n_preapprovals, n_provinces, n_kinds;
static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

static void build_lists(void) {
    for (int i = 1; i < NATURE__COUNT; i++)
        natures[n_natures++] =
            (FilingChoice){nature_id(i), nature_label(i, LANG_ZH), nature_label(i, LANG_EN)};
    for (int i = 1; i < CERT__COUNT; i++) {
        FilingChoice c = {cert_type_id(i), cert_type_label(i, LANG_ZH),
                          cert_type_label(i, LANG_EN)};
        certs[n_certs++] = c;
        if (cert_type_personal(i)) persons[n_persons++] = c;
    }
    for (int i = 1; i < ACCESS__COUNT; i++)
        methods[n_methods++] = (FilingChoice){access_method_id(i), access_method_label(i, LANG_ZH),
                                              access_method_label(i, LANG_EN)};
    for (int i = 1; i < PREAPPROVAL__COUNT; i++)
        preapprovals[n_preapprovals++] = (FilingChoice){
            preapproval_id(i), preapproval_name(i, LANG_ZH), preapproval_name(i, LANG_EN)};
    for (int i = 1; i < KIND__COUNT; i++)
        kinds[n_kinds++] =
            (FilingChoice){app_kind_id(i), app_kind_label(i, LANG_ZH), app_kind_label(i, LANG_EN)};
    size_t np;
    const ProvinceRules *rows = province_seed(&np);
    static char codes[40][8];
    for (size_t i = 0; i < np && i < 40; i++) {
        snprintf(codes[i], sizeof codes[i], "%02d0000", rows[i].code);
        provinces[n_provinces++] = (FilingChoice){codes[i], rows[i].name_zh, rows[i].name_en};
    }
}

const FilingChoice *filing_choices(const char *list, size_t *n) {
    pthread_once(&lists_once, build_lists);
    *n = 0;
    if (!list) return NULL;
#define LIST(name, arr, count)                                                                     \
    if (!strcmp(list, name)) {                                                                     \
        *n = count;                                                                                \
        return arr;                                                                                \
    }
    LIST("nature", natures, n_natures);
    LIST("cert_subject", certs, n_certs);
    LIST("cert_person", persons, n_persons);
    LIST("access_method", methods, n_methods);
    LIST("preapproval", preapprovals, n_preapprovals);
    LIST("province", provinces, n_provinces);
    LIST("service", services, sizeof services / sizeof services[0]);
    LIST("language", languages, sizeof languages / sizeof languages[0]);
    LIST("kind", kinds, n_kinds);
#undef LIST
    return NULL;
}

/* The id arrays of the lists, NULL-terminated, built once. */
enum { MAX_CHOICE_LISTS = 12, MAX_CHOICES = 64 };
static struct {
    const char *list;
    const char *ids[MAX_CHOICES + 1];
} id_lists[MAX_CHOICE_LISTS];
static pthread_once_t ids_once = PTHREAD_ONCE_INIT;

static void build_ids(void) {
    static const char *const names[] = {"nature",        "cert_subject", "cert_person",
                                        "access_method", "preapproval",  "province",
                                        "service",       "language",     "kind"};
    for (size_t l = 0; l < sizeof names / sizeof names[0] && l < MAX_CHOICE_LISTS; l++) {
        size_t n;
        const FilingChoice *c = filing_choices(names[l], &n);
        id_lists[l].list = names[l];
        for (size_t i = 0; i < n && i < MAX_CHOICES; i++)
            id_lists[l].ids[i] = c[i].id;
    }
}

const char *const *filing_choice_ids(const char *list) {
    pthread_once(&ids_once, build_ids);
    for (size_t l = 0; list && l < MAX_CHOICE_LISTS && id_lists[l].list; l++)
        if (!strcmp(id_lists[l].list, list)) return id_lists[l].ids;
    return NULL;
}

const char *filing_choice_label(const char *list, const char *id, Lang lang) {
    size_t n;
    const FilingChoice *c = filing_choices(list, &n);
    for (size_t i = 0; id && i < n; i++)
        if (!strcmp(c[i].id, id)) return lang == LANG_EN ? c[i].en : c[i].zh;
    if (list && (!strcmp(list, "city") || !strcmp(list, "district"))) {
        const Region *r = region_find(id);
        if (r) return r->name;
    }
    return id ? id : "";
}

void values_init(Values *v, Arena *a) {
    memset(v, 0, sizeof *v);
    v->arena = a;
}

static bool field_ok(FieldId id) {
    return id > FIELD_NONE && id < FIELD__COUNT;
}

const char *values_get(const Values *v, FieldId id) {
    return field_ok(id) && v->v[id] ? v->v[id] : "";
}

bool values_has(const Values *v, FieldId id) {
    return field_ok(id) && v->v[id] != NULL;
}

size_t values_count(const Values *v) {
    size_t n = 0;
    for (int i = 1; i < FIELD__COUNT; i++)
        n += v->v[i] != NULL;
    return n;
}

bool values_flag(const Values *v, FieldId id) {
    const char *s = values_get(v, id);
    return !strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "on");
}

void values_set(Values *v, FieldId id, const char *val) {
    if (field_ok(id)) v->v[id] = arena_strdup(v->arena, val ? val : "");
}

const char **values_list(const Values *v, FieldId id, size_t *n) {
    const char *s = values_get(v, id);
    size_t count = 0;
    for (const char *p = s; *p; p++)
        if (*p == '\n') count++;
    const char **out = ARENA_NEW(v->arena, const char *, count + 2);
    *n = 0;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        char *item = str_trim(arena_strndup(v->arena, s, len));
        if (*item) out[(*n)++] = item;
        if (!e) break;
        s = e + 1;
    }
    return out;
}

void values_copy_groups(Values *v, const Values *from, unsigned groups) {
    size_t n;
    const FilingField *f = filing_fields(&n);
    for (size_t i = 0; i < n; i++)
        if ((groups & GROUP_BIT(f[i].group)) && from->v[f[i].id]) v->v[f[i].id] = from->v[f[i].id];
}

void values_overlay(Values *v, const Values *from) {
    for (int i = 1; i < FIELD__COUNT; i++)
        if (from->v[i]) v->v[i] = from->v[i];
}

void values_copy_person(Values *v, const PersonFields *to, const Values *from,
                        const PersonFields *src) {
    const FieldId pairs[][2] = {{to->name, src->name},           {to->id_type, src->id_type},
                                {to->id_number, src->id_number}, {to->id_expiry, src->id_expiry},
                                {to->mobile, src->mobile},       {to->landline, src->landline},
                                {to->emergency, src->emergency}, {to->email, src->email}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i][0] && pairs[i][1]) values_set(v, pairs[i][0], values_get(from, pairs[i][1]));
}

SubjectNature values_nature(const Values *v) {
    SubjectNature n = nature_parse(values_get(v, F_SUBJECT_NATURE));
    return n ? n : nature_parse(values_get(v, F_CLAIM_NATURE));
}

/* The fields a person's "same as" checkbox hides. */
static bool hidden_by_same(const FilingField *f, AppKind k, const Values *v) {
    if (f->group == GROUP_LEGAL && f->id != F_LEGAL_SAME && values_flag(v, F_LEGAL_SAME))
        return true;
    /* "Same as the subject principal" hides the site principal's fields, except
    ** for a subject claimed by number, whose principal Beian does not hold. */
    return f->group == GROUP_SITE_PRINCIPAL && f->id != F_SITE_PRINCIPAL_SAME &&
           values_flag(v, F_SITE_PRINCIPAL_SAME) && k != KIND_NEW_SITE_EXTERNAL &&
           k != KIND_NEW_ACCESS;
}

bool filing_field_applies(const FilingField *f, AppKind k, SubjectNature n, const Values *v) {
    if (!filing_kind_has_step(k, f->step)) return false;
    if ((f->flags & FD_ORG_ONLY) && n == NATURE_INDIVIDUAL) return false;
    if ((f->flags & FD_PERSON_ONLY) && n != NATURE_INDIVIDUAL) return false;
    if ((f->flags & FD_KIND_NEW_ACCESS) && k != KIND_NEW_ACCESS) return false;
    if (hidden_by_same(f, k, v)) return false;
    switch (f->id) {
    case F_SITE_PRINCIPAL_SAME: /* a claimed subject's principal is not in Beian */
        return k != KIND_NEW_SITE_EXTERNAL && k != KIND_NEW_ACCESS;
    case F_SITE_LICENCE:
        return values_flag(v, F_SITE_COMMERCIAL);
    case F_SITE_PREAPPROVAL_NUMBERS:
        return *values_get(v, F_SITE_PREAPPROVALS) != 0;
    default:
        return true;
    }
}
