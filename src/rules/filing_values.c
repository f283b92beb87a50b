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
static size_t n_natures, n_certs, n_persons, n_methods, n_preapprovals, n_provinces;
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
#undef LIST
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

static long values_index(const Values *v, const char *key) {
    for (size_t i = 0; i < v->n; i++)
        if (!strcmp(v->keys[i], key)) return (long)i;
    return -1;
}

const char *values_get(const Values *v, const char *key) {
    long i = values_index(v, key);
    return i < 0 ? "" : v->vals[i];
}

bool values_has(const Values *v, const char *key) {
    return values_index(v, key) >= 0;
}

bool values_flag(const Values *v, const char *key) {
    const char *s = values_get(v, key);
    return !strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "on");
}

void values_set(Values *v, const char *key, const char *val) {
    long i = values_index(v, key);
    char *copy = arena_strdup(v->arena, val ? val : "");
    if (i >= 0) {
        v->vals[i] = copy;
        return;
    }
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 32;
        const char **k = ARENA_NEW(v->arena, const char *, cap);
        const char **s = ARENA_NEW(v->arena, const char *, cap);
        if (v->n) {
            memcpy(k, v->keys, v->n * sizeof *k);
            memcpy(s, v->vals, v->n * sizeof *s);
        }
        v->keys = k, v->vals = s, v->cap = cap;
    }
    v->keys[v->n] = arena_strdup(v->arena, key);
    v->vals[v->n] = copy;
    v->n++;
}

const char **values_list(const Values *v, const char *key, size_t *n) {
    const char *s = values_get(v, key);
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

bool filing_field_applies(const FilingField *f, AppKind k, SubjectNature n, const Values *v) {
    if (!filing_kind_has_step(k, f->step)) return false;
    if ((f->flags & FD_ORG_ONLY) && n == NATURE_INDIVIDUAL) return false;
    if ((f->flags & FD_PERSON_ONLY) && n != NATURE_INDIVIDUAL) return false;
    if ((f->flags & FD_KIND_NEW_ACCESS) && k != KIND_NEW_ACCESS) return false;
    const char *key = f->key;
    if (!strncmp(key, "legal_", 6) && strcmp(key, "legal_same") && values_flag(v, "legal_same"))
        return false;
    /* "Same as the subject principal" hides the site principal's fields, except
    ** for a subject claimed by number, whose principal Beian does not hold. */
    if (!strncmp(key, "site_principal_", 15) && strcmp(key, "site_principal_same") &&
        values_flag(v, "site_principal_same") && k != KIND_NEW_SITE_EXTERNAL &&
        k != KIND_NEW_ACCESS)
        return false;
    /* A claimed subject's principal is not in Beian: nothing to be "same" as. */
    if (!strcmp(key, "site_principal_same") &&
        (k == KIND_NEW_SITE_EXTERNAL || k == KIND_NEW_ACCESS))
        return false;
    if (!strcmp(key, "site_licence") && !values_flag(v, "site_commercial")) return false;
    if (!strcmp(key, "site_preapproval_numbers") && !*values_get(v, "site_preapprovals"))
        return false;
    return true;
}
