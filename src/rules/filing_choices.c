/*
** The choice lists of the filing fields (natures, certificates, services,
** languages, pre-approvals, access methods, provinces, kinds).
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

bool filing_choice_fits(const char *list, const char *id, SubjectNature n) {
    if (!n || !list || strcmp(list, "cert_subject") != 0) return true;
    return cert_type_allowed(n, cert_type_parse(id));
}
