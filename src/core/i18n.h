/*
** Translation of the user interface. The source strings (msgids) are the
** Chinese texts written in templates ({{_ "..."}}) and in C (T(lang, "...")).
** Chinese pages use them as they are; other languages look them up in a
** catalog compiled at build time by tools/po2c from po/<lang>.po. A string
** missing from a catalog falls back to the Chinese msgid.
*/
#ifndef BEIAN_CORE_I18N_H
#define BEIAN_CORE_I18N_H

#include <stddef.h>

#include "core/err.h"

/* The text of msgid in lang. The result is msgid itself or a string of the
** compiled catalog: static, never freed. */
const char *i18n_get(Lang lang, const char *msgid);

/* As i18n_get, for a message with a context (PO msgctxt). */
const char *i18n_pget(Lang lang, const char *ctxt, const char *msgid);

/* The plural form of a message for the count n (PO msgid_plural/msgstr[n]).
** Untranslated: singular when n == 1, else plural (gettext's rule). */
const char *i18n_nget(Lang lang, const char *singular, const char *plural, unsigned long n);

/* The catalog's translation of msgid in lang, or NULL when the catalog has
** none (LANG_ZH has no catalog: always NULL). For completeness checks. */
const char *i18n_lookup(Lang lang, const char *msgid);

/* For C code: T(r->lang, "登录名或密码错误"). */
#define T(lang, s) i18n_get((lang), (s))

/* The language of a BCP 47 tag: "en", "en-US", "EN_gb" give LANG_EN; "zh",
** "zh-CN", "zh-Hans-CN" give LANG_ZH; anything else (NULL, "", "fr") gives
** the default, LANG_ZH. */
Lang i18n_parse(const char *tag);

/* The best language of an Accept-Language header, honouring q-values; ties
** go to the one listed first; q=0 excludes. LANG_ZH when nothing matches. */
Lang i18n_from_accept_language(const char *header);

/* The tag of a language for <html lang> and Content-Language: "zh-CN", "en". */
const char *i18n_tag(Lang lang);

/* ---- Compiled catalogs (written by tools/po2c; not for other callers) ---- */

typedef struct I18nEntry {
    const char *key;    /* msgid, or msgctxt "\004" msgid */
    const char *msgstr; /* nstr NUL-terminated strings back to back */
    unsigned nstr;      /* 1, or the number of plural forms */
} I18nEntry;

typedef struct I18nCatalog {
    const char *lang;         /* the file name of the .po: "en" */
    const I18nEntry *entries; /* sorted by strcmp of key */
    size_t count;
    unsigned long (*plural)(unsigned long n); /* index of the plural form for n */
} I18nCatalog;

/* Every compiled catalog, NULL-terminated (generated from the files po/<lang>.po). */
extern const I18nCatalog *const i18n_catalogs[];

#endif
