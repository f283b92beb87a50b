/*
** Translation lookup in the catalogs compiled from po/<lang>.po, and the
** choice of a page's language from a tag or an Accept-Language header.
*/
#include "core/i18n.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* The catalog (po file name) of each language; LANG_ZH is the source. */
static const char *const lang_catalog[] = {[LANG_ZH] = NULL, [LANG_EN] = "en"};
static const char *const lang_tags[] = {[LANG_ZH] = "zh-CN", [LANG_EN] = "en"};

static const I18nCatalog *i18n_catalog(Lang lang) {
    if ((unsigned)lang >= sizeof lang_catalog / sizeof lang_catalog[0]) return NULL;
    const char *name = lang_catalog[lang];
    if (!name) return NULL;
    for (const I18nCatalog *const *c = i18n_catalogs; *c; c++)
        if (strcmp((*c)->lang, name) == 0) return *c;
    return NULL;
}

/* strcmp of key against ctxt "\004" msgid (or msgid alone when ctxt is NULL),
** without building the string. */
static int key_cmp(const char *key, const char *ctxt, const char *msgid) {
    const unsigned char *k = (const unsigned char *)key;
    if (ctxt) {
        for (const unsigned char *c = (const unsigned char *)ctxt; *c; c++, k++)
            if (*k != *c) return *k < *c ? -1 : 1;
        if (*k != 4) return *k < 4 ? -1 : 1;
        k++;
    }
    return strcmp((const char *)k, msgid);
}

static const I18nEntry *i18n_find(Lang lang, const char *ctxt, const char *msgid) {
    const I18nCatalog *cat = i18n_catalog(lang);
    if (!cat || !msgid) return NULL;
    size_t lo = 0, hi = cat->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(cat->entries[mid].key, ctxt, msgid);
        if (c == 0) return &cat->entries[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *i18n_lookup(Lang lang, const char *msgid) {
    const I18nEntry *e = i18n_find(lang, NULL, msgid);
    return e ? e->msgstr : NULL;
}

const char *i18n_get(Lang lang, const char *msgid) {
    const I18nEntry *e = i18n_find(lang, NULL, msgid);
    return e ? e->msgstr : msgid;
}

const char *i18n_pget(Lang lang, const char *ctxt, const char *msgid) {
    const I18nEntry *e = i18n_find(lang, ctxt, msgid);
    return e ? e->msgstr : msgid;
}

const char *i18n_nget(Lang lang, const char *singular, const char *plural, unsigned long n) {
    const I18nEntry *e = i18n_find(lang, NULL, singular);
    if (!e) return n == 1 ? singular : plural;
    if (e->nstr < 2) return e->msgstr;
    unsigned long index = i18n_catalog(lang)->plural(n);
    if (index >= e->nstr) index = 0;
    const char *s = e->msgstr;
    while (index-- > 0)
        s += strlen(s) + 1;
    return s;
}

const char *i18n_tag(Lang lang) {
    if ((unsigned)lang >= sizeof lang_tags / sizeof lang_tags[0]) return lang_tags[LANG_ZH];
    return lang_tags[lang];
}

/* The language of the tag's primary subtag (the n bytes at tag), or -1. */
static int lang_of(const char *tag, size_t n) {
    size_t primary = 0;
    while (primary < n && tag[primary] != '-' && tag[primary] != '_')
        primary++;
    if (primary == 2 && tolower((unsigned char)tag[0]) == 'z' &&
        tolower((unsigned char)tag[1]) == 'h')
        return LANG_ZH;
    if (primary == 2 && tolower((unsigned char)tag[0]) == 'e' &&
        tolower((unsigned char)tag[1]) == 'n')
        return LANG_EN;
    return -1;
}

Lang i18n_parse(const char *tag) {
    if (!tag) return LANG_ZH;
    int l = lang_of(tag, strlen(tag));
    return l < 0 ? LANG_ZH : (Lang)l;
}

/* A q-value (RFC 9110 §12.4.2) in thousandths, or -1 when malformed. */
static int qvalue(const char *p, size_t n) {
    if (n == 0 || (p[0] != '0' && p[0] != '1')) return -1;
    int q = (p[0] - '0') * 1000;
    if (n == 1) return q;
    if (p[1] != '.' || n > 5) return -1;
    int scale = 100;
    for (size_t i = 2; i < n; i++, scale /= 10) {
        if (!isdigit((unsigned char)p[i])) return -1;
        q += (p[i] - '0') * scale;
    }
    return q > 1000 ? -1 : q;
}

static bool is_ows(char c) {
    return c == ' ' || c == '\t';
}

/* Parse one element "tag;q=0.8" (the n bytes at p): its language (or -1)
** and, in *q, its q-value (1000 when absent, -1 when malformed). */
static int accept_item(const char *p, size_t n, int *q) {
    size_t i = 0;
    while (i < n && is_ows(p[i]))
        i++;
    size_t tag = i;
    while (i < n && p[i] != ';' && !is_ows(p[i]))
        i++;
    int lang = lang_of(p + tag, i - tag);
    *q = 1000;
    while (i < n) {
        while (i < n && p[i] != ';')
            i++;
        size_t start = ++i;
        while (start < n && is_ows(p[start]))
            start++;
        size_t end = start;
        while (end < n && p[end] != ';')
            end++;
        size_t stop = end;
        while (stop > start && is_ows(p[stop - 1]))
            stop--;
        if (stop - start >= 2 && (p[start] == 'q' || p[start] == 'Q') && p[start + 1] == '=')
            *q = qvalue(p + start + 2, stop - start - 2);
        i = end;
    }
    return lang;
}

Lang i18n_from_accept_language(const char *header) {
    if (!header) return LANG_ZH;
    int best = LANG_ZH, best_q = 0;
    const char *p = header;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        int q = 0;
        int l = accept_item(p, n, &q);
        if (l >= 0 && q > best_q) {
            best = l;
            best_q = q;
        }
        if (!comma) break;
        p = comma + 1;
    }
    return (Lang)best;
}
