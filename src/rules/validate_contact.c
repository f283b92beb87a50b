/*
** Contact fields: mobile and landline numbers, e-mail, person names, and the
** rules across the persons of one filing.
*/
#include <string.h>

#include "core/err.h"
#include "rules/region.h"
#include "rules/validate.h"
#include "rules/validate_int.h"

/* --------------------------------------------------------------- mobile */

/* Canonical 11 digits into out[12]. */
static int mobile_canon(const char *s, char out[12]) {
    char b[40];
    size_t n = 0;
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    for (; *s; s++) {
        if (vi_space((unsigned char)*s) || *s == '-') continue;
        if (n + 1 >= sizeof b) return -ERR_MOBILE;
        b[n++] = *s;
    }
    b[n] = 0;
    const char *p = b;
    if (str_starts(p, "+86"))
        p += 3;
    else if (str_starts(p, "0086"))
        p += 4;
    else if (n == 13 && str_starts(p, "86"))
        p += 2;
    if (strlen(p) != 11 || !vi_all_digits(p, 11) || p[0] != '1' || p[1] < '3') return -ERR_MOBILE;
    memcpy(out, p, 12);
    return 0;
}

int mobile_check(const char *s) {
    char m[12];
    return mobile_canon(s, m);
}

int mobile_normalize(Arena *a, const char *s, char **out) {
    char m[12];
    int rc = mobile_canon(s, m);
    if (rc == 0) *out = arena_strdup(a, m);
    return rc;
}

/* ------------------------------------------------------------- landline */

/* Cut an explicit extension marker (转, #, ext) off b; returns the extension
** text or NULL. */
static char *cut_extension(char *b) {
    static const char *const marks[] = {"转", "#", "ext.", "ext", "EXT", "Ext"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        char *p = strstr(b, marks[i]);
        if (p) {
            *p = 0;
            return p + strlen(marks[i]);
        }
    }
    return NULL;
}

/* Collect the digit groups of the main part. Separators: spaces, '-', and
** ASCII or full-width parentheses. Returns the group count or -1. */
static int digit_groups(const char *p, char *digits, size_t cap, size_t *glen, int gmax) {
    int g = 0;
    size_t n = 0;
    bool in_group = false;
    while (*p) {
        if (vi_digit((unsigned char)*p)) {
            if (!in_group) {
                if (g == gmax) return -1;
                glen[g++] = 0;
                in_group = true;
            }
            if (n + 1 >= cap) return -1;
            digits[n++] = *p++;
            glen[g - 1]++;
            continue;
        }
        in_group = false;
        if (vi_space((unsigned char)*p) || *p == '-' || *p == '(' || *p == ')')
            p++;
        else if (str_starts(p, "（") || str_starts(p, "）"))
            p += strlen("（");
        else
            return -1;
    }
    digits[n] = 0;
    return g;
}

/* Parse into area code, subscriber number and optional extension and write
** "AREA-NUMBER[-EXT]" into out (cap >= 40). An extension is either marked
** (转, #, ext) or a last group of 1-6 digits after a complete number. */
static int landline_canon(const char *s, char *out, size_t cap) {
    char b[80], d[40];
    size_t glen[8];
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    if (cap < 40 || vi_copy_trim(s, b, sizeof b) < 0) return -ERR_LANDLINE_FORMAT;
    const char *ext = cut_extension(b);
    if (ext) {
        while (vi_space((unsigned char)*ext) || *ext == ':' || *ext == '-')
            ext++;
        size_t e = strlen(ext);
        if (e == 0 || e > 6 || !vi_all_digits(ext, e)) return -ERR_LANDLINE_FORMAT;
    }
    const char *p = b;
    size_t intl = 0;
    if (str_starts(p, "+86") || str_starts(p, "0086")) {
        p += p[0] == '+' ? 3 : 4;
        intl = 1;
        d[0] = '0';
    }
    int g = digit_groups(p, d + intl, sizeof d - intl, glen, 8);
    if (g <= 0 || d[0] != '0' || d[1] == '0') return -ERR_LANDLINE_FORMAT;
    size_t n = strlen(d), area = (d[1] == '1' || d[1] == '2') ? 3 : 4;
    size_t sub = n > area ? n - area : 0;
    /* Written as AREA-NUMBER-EXT (the canonical form): the groups decide, so
    ** that 0931-8123456-1 stays a 7-digit number with extension 1 and does
    ** not become the 8-digit 81234561. */
    if (!ext && g == 3 && glen[0] + intl == area && glen[2] <= 6 &&
        (area == 3 ? glen[1] == 8 : (glen[1] == 7 || glen[1] == 8))) {
        sub = glen[1];
        ext = d + area + sub;
    }
    if (!ext && (sub < 7 || sub > 8) && g >= 2 && glen[g - 1] <= 6 && n > glen[g - 1] + area) {
        size_t s2 = n - glen[g - 1] - area;
        if (s2 >= 7 && s2 <= 8) {
            sub = s2;
            ext = d + area + sub;
        }
    }
    if (sub < 7 || sub > 8 || (area == 3 && sub != 8) || d[area] == '0')
        return -ERR_LANDLINE_FORMAT;
    char code[5];
    memcpy(code, d, area);
    code[area] = 0;
    if (!region_area_code_known(code)) return -ERR_LANDLINE_AREA_CODE;
    memcpy(out, d, area);
    out[area] = '-';
    memcpy(out + area + 1, d + area, sub);
    out[area + 1 + sub] = 0;
    if (ext) {
        size_t o = area + 1 + sub;
        out[o] = '-';
        strcpy(out + o + 1, ext);
    }
    return 0;
}

int landline_check(const char *s) {
    char c[40];
    return landline_canon(s, c, sizeof c);
}

int landline_normalize(Arena *a, const char *s, char **out) {
    char c[40];
    int rc = landline_canon(s, c, sizeof c);
    if (rc == 0) *out = arena_strdup(a, c);
    return rc;
}

int landline_matches_city(const char *landline, const char *region_code) {
    char c[40];
    int rc = landline_canon(landline, c, sizeof c);
    if (rc < 0) return rc;
    if (!region_find(region_code)) return -ERR_REGION_CITY;
    const char *codes = region_area_codes(region_code);
    if (!*codes) return 0;
    size_t alen = (size_t)(strchr(c, '-') - c);
    for (const char *p = codes; *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == alen && memcmp(p, c, n) == 0) return 0;
        p += n + (e != NULL);
    }
    return -ERR_LANDLINE_CITY;
}

int phone_normalize(Arena *a, const char *s, char **out) {
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    if (mobile_normalize(a, s, out) == 0 || landline_normalize(a, s, out) == 0) return 0;
    return -ERR_PHONE;
}

/* --------------------------------------------------------------- e-mail */

/* RFC 5322 atext. */
static bool email_atext(char c) {
    return vi_alpha((unsigned char)c) || vi_digit((unsigned char)c) ||
           (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

static bool dot_atom(const char *s, size_t n) {
    if (n == 0 || s[0] == '.' || s[n - 1] == '.') return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' ? s[i + 1] == '.' : !email_atext(s[i])) return false;
    }
    return true;
}

int email_normalize(Arena *a, const char *s, char **out) {
    char b[300];
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    int n = vi_copy_trim(s, b, sizeof b);
    if (n < 0 || n > 254) return -ERR_EMAIL_TOO_LONG;
    char *at = strrchr(b, '@');
    if (!at) return -ERR_EMAIL;
    *at = 0;
    size_t llen = (size_t)(at - b);
    if (llen > 64) return -ERR_EMAIL_TOO_LONG;
    if (!dot_atom(b, llen) || at[1] == 0) return -ERR_EMAIL;
    Domain d;
    if (domain_parse(a, at + 1, &d) < 0) return -ERR_EMAIL_DOMAIN;
    if (llen + 1 + strlen(d.ascii) > 254) return -ERR_EMAIL_TOO_LONG;
    *out = arena_printf(a, "%s@%s", b, d.unicode);
    return 0;
}

int email_check(const char *s) {
    Arena a;
    char *out;
    arena_init(&a);
    int rc = email_normalize(&a, s, &out);
    arena_free(&a);
    return rc;
}

/* ---------------------------------------------------------- person name */

static bool latin_letter(int32_t c) {
    return (c < 0x80 && vi_alpha(c)) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

static bool name_dot(int32_t c) {
    return c == 0xB7 || c == 0x2022 || c == 0x30FB; /* · • ・ */
}

int person_name_check(const char *s) {
    char b[256];
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    int n = vi_copy_trim(s, b, sizeof b);
    if (n < 0) return -ERR_PERSON_NAME_LENGTH;
    long cps = vi_cp_count(b);
    if (cps < 0) return -ERR_FIELD_UTF8;
    if (cps < 2 || cps > 30) return -ERR_PERSON_NAME_LENGTH;
    int han = 0, latin = 0, other_sep = 0;
    int32_t prev = 0;
    const char *p = b, *end = b + n;
    while (p < end) {
        int32_t c = utf8_next(&p, end);
        if (vi_is_han(c)) {
            han++;
        } else if (latin_letter(c)) {
            latin++;
        } else if (name_dot(c) || c == ' ' || c == '-' || c == '\'' || c == '.') {
            bool prev_sep = prev == 0 || !(vi_is_han(prev) || latin_letter(prev));
            /* "J. Smith": a full stop may precede the space. */
            if (prev_sep && !(prev == '.' && c == ' ')) return -ERR_PERSON_NAME_CHARS;
            if (!name_dot(c)) other_sep++;
        } else {
            return -ERR_PERSON_NAME_CHARS;
        }
        prev = c;
    }
    if (han && latin) return -ERR_PERSON_NAME_CHARS;
    if (han && other_sep) return -ERR_PERSON_NAME_CHARS;
    if (!(vi_is_han(prev) || latin_letter(prev) || prev == '.')) return -ERR_PERSON_NAME_CHARS;
    return 0;
}

/* ------------------------------------------------------ cross-field rules */

/* A comparable form of a phone: the canonical mobile or landline, else the
** trimmed text. */
static void phone_key(const char *s, char *out, size_t cap) {
    char m[12];
    out[0] = 0;
    if (vi_blank(s)) return;
    if (mobile_canon(s, m) == 0) {
        memcpy(out, m, 12);
        return;
    }
    if (cap >= 40 && landline_canon(s, out, cap) == 0) return;
    if (vi_copy_trim(s, out, cap) < 0) out[0] = 0;
}

/* Canonical certificate number for identity: upper case, no spaces. */
static void cert_key(const char *s, char *out, size_t cap) {
    size_t n = 0;
    for (; s && *s && n + 1 < cap; s++)
        if (!vi_space((unsigned char)*s)) out[n++] = vi_upper(*s);
    out[n] = 0;
}

static void email_key(const char *s, char *out, size_t cap) {
    if (vi_copy_trim(s, out, cap) < 0) out[0] = 0;
    for (char *p = out; *p; p++)
        *p = vi_lower(*p);
}

static int check_pair(const ContactPerson *x, const ContactPerson *y) {
    char a[128], b[128];
    cert_key(x->cert_number, a, sizeof a);
    cert_key(y->cert_number, b, sizeof b);
    if (*a && strcmp(a, b) == 0) return 0; /* one person in two roles */
    phone_key(x->mobile, a, sizeof a);
    phone_key(y->mobile, b, sizeof b);
    if (*a && strcmp(a, b) == 0) return -ERR_CONTACT_MOBILE_SHARED;
    email_key(x->email, a, sizeof a);
    email_key(y->email, b, sizeof b);
    if (*a && strcmp(a, b) == 0) return -ERR_CONTACT_EMAIL_SHARED;
    return 0;
}

int contacts_check_distinct(const ContactPerson *people, size_t n, size_t *bad) {
    char a[128], b[128];
    for (size_t i = 0; i < n; i++) {
        phone_key(people[i].mobile, a, sizeof a);
        phone_key(people[i].emergency_phone, b, sizeof b);
        if (*a && strcmp(a, b) == 0) {
            if (bad) *bad = i;
            return -ERR_CONTACT_EMERGENCY_SAME;
        }
    }
    for (size_t j = 1; j < n; j++) {
        for (size_t i = 0; i < j; i++) {
            int rc = check_pair(&people[i], &people[j]);
            if (rc < 0) {
                if (bad) *bad = j;
                return rc;
            }
        }
    }
    return 0;
}
