/*
** Site name, description and address texts.
**
** The site-name rules are the ones the providers publish as their most common
** return reasons (filing-practice.md §2 "Website name", §5).
*/
#include <ctype.h>
#include <string.h>

#include "core/err.h"
#include "rules/validate.h"
#include "rules/validate_int.h"

#define SITE_NAME_MAX 64

/* Non-state bodies may not open a name with these (政治性/国家性 wording). */
static const char *const reserved_prefixes[] = {
    "中国", "中华", "中央", "国家", "全国", "国务院", "人大", "人民",
    "政协", "反腐", "纪检", "监察", "信访", "维权",   "投诉", NULL,
};

/* Words no site name may carry. */
static const char *const sensitive_words[] = {
    "赌博", "博彩", "色情", "裸聊", "代孕", NULL,
};

/* Words only state bodies (纪检监察 sites) may carry. */
static const char *const state_words[] = {
    "反腐",
    "廉政",
    NULL,
};

/* Words that make a personal site sound like a company or organisation. */
static const char *const org_words[] = {
    "公司", "有限",   "集团",   "企业",   "官网",   "官方",   "协会", "学会", "商会", "基金会",
    "政府", "委员会", "研究院", "研究所", "事务所", "工作室", "商城", "门户", "平台", NULL,
};

static bool contains_any(const char *s, const char *const *words) {
    for (; *words; words++)
        if (strstr(s, *words)) return true;
    return false;
}

static bool starts_any(const char *s, const char *const *words) {
    for (; *words; words++)
        if (str_starts(s, *words)) return true;
    return false;
}

/* The symbols a site name may use besides 汉字, letters, digits, spaces. */
static bool name_symbol_ok(int32_t c) {
    return c == 0xB7 || c == '-' || c == '_' || c == '(' || c == ')' || c == 0xFF08 ||
           c == 0xFF09; /* · - _ ( ) （ ） */
}

/* Strip a leading "www." and a trailing dot, lower-case: for comparing a
** name with a domain. */
static void domain_key(const char *s, char *out, size_t cap) {
    if (vi_copy_trim(s, out, cap) < 0) {
        out[0] = 0;
        return;
    }
    for (char *p = out; *p; p++)
        *p = vi_lower(*p);
    size_t n = strlen(out);
    if (n && out[n - 1] == '.') out[--n] = 0;
    if (strncmp(out, "www.", 4) == 0) memmove(out, out + 4, n - 3);
}

/* One label whatever the IDNA mapping does: no dot of any width, only
** ASCII and CJK unified ideographs (which map to themselves). Most names
** are such, and then parsing both as domains (libidn2) is not needed. */
static bool one_label(const char *s) {
    const char *p = s, *end = s + strlen(s);
    while (p < end) {
        int32_t c = utf8_next(&p, end);
        if (c < 0 || c == '.' || (c >= 0x80 && (c < 0x4E00 || c > 0x9FFF))) return false;
    }
    return true;
}

/* Is the name the site's domain, in either form, with or without www? */
static bool name_is_domain(const char *name, const char *domain) {
    if (vi_blank(domain) || one_label(name)) return false;
    Arena a;
    arena_init(&a);
    Domain nd, dd;
    bool same = false;
    if (domain_parse(&a, name, &nd) == 0 && domain_parse(&a, domain, &dd) == 0) {
        char x[512], y[512];
        domain_key(nd.ascii, x, sizeof x);
        domain_key(dd.ascii, y, sizeof y);
        same = *x && strcmp(x, y) == 0;
    }
    arena_free(&a);
    return same;
}

/* Counts of the characters of a name; false when a symbol is not allowed. */
static bool name_scan(const char *s, int *han, int *alnum, int *other) {
    const char *p = s, *end = s + strlen(s);
    *han = *alnum = *other = 0;
    while (p < end) {
        int32_t c = utf8_next(&p, end);
        if (vi_is_han(c))
            (*han)++;
        else if (c < 0x80 && (vi_alpha(c) || vi_digit(c)))
            (*alnum)++;
        else if (c == ' ' || name_symbol_ok(c))
            (*other)++;
        else
            return false;
    }
    return true;
}

int site_name_check(const char *name, SubjectNature n, const char *domain,
                    PreApprovalSet declared) {
    char b[512];
    if (vi_blank(name)) return -ERR_FIELD_REQUIRED;
    if (vi_copy_trim(name, b, sizeof b) < 0) return -ERR_SITE_NAME_LENGTH;
    long len = vi_cp_count(b);
    if (len < 0) return -ERR_FIELD_UTF8;
    if (len > SITE_NAME_MAX) return -ERR_SITE_NAME_LENGTH;
    if (name_is_domain(b, domain)) return -ERR_SITE_NAME_DOMAIN;
    int han, alnum, other;
    if (!name_scan(b, &han, &alnum, &other)) return -ERR_SITE_NAME_SYMBOL;
    if (han == 0 && alnum > 0) return -ERR_SITE_NAME_ALNUM;
    if (han < 3) return -ERR_SITE_NAME_CHINESE;
    if (contains_any(b, sensitive_words)) return -ERR_SITE_NAME_SENSITIVE;
    if (!nature_is_state(n) && contains_any(b, state_words)) return -ERR_SITE_NAME_SENSITIVE;
    if (!nature_is_state(n) && starts_any(b, reserved_prefixes)) return -ERR_SITE_NAME_RESERVED;
    if (!nature_is_state(n) && strstr(b, "政府")) return -ERR_SITE_NAME_GOVERNMENT;
    if (strstr(b, "论坛") && !(declared & PREAPPROVAL_BIT(PREAPPROVAL_BBS)))
        return -ERR_SITE_NAME_BBS;
    if (n == NATURE_INDIVIDUAL && contains_any(b, org_words)) return -ERR_SITE_NAME_PERSONAL;
    return 0;
}

PreApprovalSet site_name_preapprovals(const char *name) {
    return preapproval_suggest(name);
}

/* Code points of a trimmed text, or a negative error. */
static long text_length(const char *s, char *b, size_t cap, int too_long) {
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    if (vi_copy_trim(s, b, cap) < 0) return -too_long;
    long n = vi_cp_count(b);
    return n < 0 ? -ERR_FIELD_UTF8 : n;
}

int site_description_check(const char *s) {
    char b[2048];
    long n = text_length(s, b, sizeof b, ERR_DESCRIPTION_LENGTH);
    if (n < 0) return (int)n;
    return n >= 20 && n <= 200 ? 0 : -ERR_DESCRIPTION_LENGTH;
}

int licence_number_check(const char *s) {
    if (!s) return -ERR_LICENCE_FORMAT;
    const char *dash = strstr(s, "B2-");
    if (dash && strlen(dash + 3) == 8) {
        for (const char *p = dash + 3; *p; p++)
            if (!isdigit((unsigned char)*p)) return -ERR_LICENCE_FORMAT;
        return 0;
    }
    return strstr(s, "ICP证") ? 0 : -ERR_LICENCE_FORMAT;
}

int address_check(const char *s) {
    char b[1024];
    long n = text_length(s, b, sizeof b, ERR_ADDRESS_LENGTH);
    if (n < 0) return (int)n;
    if (n < 5 || n > 100) return -ERR_ADDRESS_LENGTH;
    const char *p = b, *end = b + strlen(b);
    while (p < end) {
        int32_t c = utf8_next(&p, end);
        if (vi_is_han(c) || (c < 0x80 && vi_alpha(c))) return 0;
    }
    return -ERR_ADDRESS_CHARS;
}
