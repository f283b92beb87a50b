/*
** Identity and certificate numbers: GB 11643 (resident ID), GB 32100
** (unified social credit code), GB 11714 (organisation code) and the formats
** of the other certificates of types.h.
*/
#include <string.h>

#include "core/err.h"
#include "rules/region.h"
#include "rules/validate.h"
#include "rules/validate_int.h"

/* ---------------------------------------------------------------- dates */

static bool leap_year(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool rules_date_valid(int ymd) {
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    return d <= mdays[m - 1] + (m == 2 && leap_year(y));
}

int rules_age(int birth, int on) {
    if (on < birth) return -1;
    int age = on / 10000 - birth / 10000;
    if (on % 10000 < birth % 10000) age--;
    return age;
}

static int digits_value(const char *s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Copy s without ASCII white space, upper-casing ASCII letters.
** Returns the length or -1 when it does not fit. */
static int clean_upper(const char *s, char *buf, size_t cap) {
    size_t n = 0;
    for (; *s; s++) {
        if (vi_space((unsigned char)*s)) continue;
        if (n + 1 >= cap) return -1;
        buf[n++] = vi_upper(*s);
    }
    buf[n] = 0;
    return (int)n;
}

/* ------------------------------------------------------------- GB 11643 */

/* The check character of the first 17 digits of an ID number. */
static char gb11643_check(const char *d) {
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (d[i] - '0') * w[i];
    return "10X98765432"[sum % 11];
}

static bool gb11643_shape(const char *s, int n) {
    return n == 18 && vi_all_digits(s, 17) && (vi_digit((unsigned char)s[17]) || s[17] == 'X');
}

/* Province of the first six digits: a mainland province, or the fixed
** prefixes of residence permits for Hong Kong, Macao and Taiwan residents. */
static bool id_region_ok(const char *s) {
    if (memcmp(s + 2, "0000", 4) == 0 &&
        (!memcmp(s, "81", 2) || !memcmp(s, "82", 2) || !memcmp(s, "83", 2)))
        return true;
    return region_province(s) != NULL;
}

static bool birth_ok(int birth, int today) {
    return rules_date_valid(birth) && (today <= 0 || birth <= today);
}

int id_card_parse(const char *s, int today, IdCard *out) {
    char b[32];
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    int n = clean_upper(s, b, sizeof b);
    if (n < 0 || !gb11643_shape(b, n)) return -ERR_ID_CARD_FORMAT;
    if (!id_region_ok(b)) return -ERR_ID_CARD_REGION;
    int birth = digits_value(b + 6, 8);
    if (!birth_ok(birth, today)) return -ERR_ID_CARD_BIRTH;
    if (gb11643_check(b) != b[17]) return -ERR_ID_CARD_CHECKSUM;
    if (out) {
        memcpy(out->number, b, 19);
        memcpy(out->region, b, 6);
        out->region[6] = 0;
        out->birth = birth;
        out->male = (b[16] - '0') % 2 == 1;
    }
    return 0;
}

int id_card_check(const char *s, int today) {
    return id_card_parse(s, today, NULL);
}

int id_card_age(const char *s, int on) {
    IdCard c;
    int rc = id_card_parse(s, on, &c);
    if (rc < 0) return rc;
    return rules_age(c.birth, on);
}

/* ------------------------------------------------------------- GB 11714 */

/* Value of an organisation-code character: 0-9, A=10 … Z=35; -1 otherwise. */
static int gb11714_value(char c) {
    if (vi_digit((unsigned char)c)) return c - '0';
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return -1;
}

/* Check character for the 8-character body, or 0 when a character is bad. */
static char gb11714_check(const char *body) {
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        int v = gb11714_value(body[i]);
        if (v < 0) return 0;
        sum += v * w[i];
    }
    int c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

/* Canonical "XXXXXXXX-C" into out[11]. */
static int org_code_canon(const char *s, char out[11]) {
    char b[32];
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    int n = clean_upper(s, b, sizeof b);
    if (n == 10 && b[8] == '-') {
        b[8] = b[9];
        b[9] = 0;
        n = 9;
    }
    if (n != 9) return -ERR_ORG_CODE_FORMAT;
    for (int i = 0; i < 8; i++)
        if (gb11714_value(b[i]) < 0) return -ERR_ORG_CODE_FORMAT;
    if (!vi_digit((unsigned char)b[8]) && b[8] != 'X') return -ERR_ORG_CODE_FORMAT;
    if (gb11714_check(b) != b[8]) return -ERR_ORG_CODE_CHECKSUM;
    memcpy(out, b, 8);
    out[8] = '-';
    out[9] = b[8];
    out[10] = 0;
    return 0;
}

int org_code_check(const char *s) {
    char c[11];
    return org_code_canon(s, c);
}

/* ------------------------------------------------------------- GB 32100 */

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int uscc_value(char c) {
    const char *p = c ? strchr(uscc_alphabet, c) : NULL;
    return p ? (int)(p - uscc_alphabet) : -1;
}

/* Registration authority (登记管理部门) and the categories (机构类别) it
** registers, GB 32100-2015 appendix A with the later additions. */
static bool uscc_category_ok(char authority, char category) {
    static const struct {
        char authority;
        const char *categories;
    } pairs[] = {
        {'1', "1239"}, /* 机构编制: 机关, 事业单位, 中央编办管理的群众团体, 其他 */
        {'2', "19"}, /* 外交: 外国常驻新闻机构, 其他 */
        {'3', "123459"}, /* 司法行政: 律师事务所, 公证处, 基层法律服务所, 司法鉴定, 仲裁委 */
        {'4', "19"},   /* 文化: 外国在华文化中心, 其他 */
        {'5', "1239"}, /* 民政: 社会团体, 民办非企业单位, 基金会, 其他 */
        {'6', "129"},  /* 旅游: 外国/港澳台旅游部门常驻代表机构, 其他 */
        {'7', "129"},  /* 宗教: 宗教活动场所, 宗教院校, 其他 */
        {'8', "19"},   /* 工会: 基层工会, 其他 */
        {'9', "123"},  /* 市场监管: 企业, 个体工商户, 农民专业合作社 */
        {'A', "19"},   /* 中央军委改革和编制办公室: 军队事业单位, 其他 */
        {'N', "1239"}, /* 农业: 组级/村级/乡镇级集体经济组织, 其他 */
        {'Y', "1"},    /* 其他 */
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i].authority == authority)
            return strchr(pairs[i].categories, category) && category;
    return false;
}

static int uscc_canon(const char *s, char out[19]) {
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    char b[32];
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    int n = clean_upper(s, b, sizeof b);
    if (n != 18 || !vi_all_digits(b + 2, 6)) return -ERR_USCC_FORMAT;
    int sum = 0;
    for (int i = 0; i < 18; i++) {
        int v = uscc_value(b[i]);
        if (v < 0) return -ERR_USCC_FORMAT;
        if (i < 17) sum += v * w[i];
    }
    int check = (31 - sum % 31) % 31;
    if (uscc_alphabet[check] != b[17]) return -ERR_USCC_CHECKSUM;
    if (!uscc_category_ok(b[0], b[1])) return -ERR_USCC_CATEGORY;
    if (gb11714_check(b + 8) != b[16]) return -ERR_USCC_ORG_CODE;
    memcpy(out, b, 19);
    return 0;
}

int uscc_check(const char *s) {
    char c[19];
    return uscc_canon(s, c);
}

/* ------------------------------------------------------ the other types */

/* 军队代号: the 5-digit unit code, written "66001部队" or "66001". */
static int military_canon(const char *s, char *out, size_t cap) {
    char b[64];
    int n = clean_upper(s, b, sizeof b);
    if (n < 0) return -ERR_MILITARY_CODE;
    if (n > 5 && strcmp(b + 5, "部队") == 0) b[5] = 0, n = 5;
    if (n != 5 || !vi_all_digits(b, 5) || cap < 16) return -ERR_MILITARY_CODE;
    memcpy(out, b, 5);
    strcpy(out + 5, "部队");
    return 0;
}

static bool all_alnum(const char *s, int n) {
    for (int i = 0; i < n; i++)
        if (!vi_digit((unsigned char)s[i]) && !(s[i] >= 'A' && s[i] <= 'Z')) return false;
    return true;
}

/* Passports of any country: 5-17 letters and digits with at least one digit
** (Chinese ones are E/G + 8 characters, foreign formats vary too much to
** check further). */
static int passport_ok(const char *b, int n) {
    if (n < 5 || n > 17 || !all_alnum(b, n)) return -ERR_PASSPORT;
    for (int i = 0; i < n; i++)
        if (vi_digit((unsigned char)b[i])) return 0;
    return -ERR_PASSPORT;
}

/* 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) + 8 digits (card since
** 2013), or + 10 digits (the older booklet). */
static int hk_macao_ok(const char *b, int n) {
    if ((n == 9 || n == 11) && (b[0] == 'H' || b[0] == 'M') && vi_all_digits(b + 1, n - 1))
        return 0;
    return -ERR_HK_MACAO_PERMIT;
}

/* 台湾居民来往大陆通行证: 8 digits (card since 2015) or 10 (older). */
static int taiwan_ok(const char *b, int n) {
    return (n == 8 || n == 10) && vi_all_digits(b, n) ? 0 : -ERR_TAIWAN_PERMIT;
}

/* 外国人永久居留身份证: since 2023 18 characters, 9 + province (2) +
** nationality (3) + birth date (8) + sequence (3) + GB 11643 check; before,
** 3 letters of nationality + 12 digits. */
static int foreign_residence_ok(const char *b, int n, int today) {
    if (n == 15) {
        if (b[0] >= 'A' && b[0] <= 'Z' && b[1] >= 'A' && b[1] <= 'Z' && b[2] >= 'A' &&
            b[2] <= 'Z' && vi_all_digits(b + 3, 12))
            return 0;
        return -ERR_FOREIGN_RESIDENCE;
    }
    if (!gb11643_shape(b, n) || b[0] != '9') return -ERR_FOREIGN_RESIDENCE;
    char prov[3] = {b[1], b[2], 0};
    if (!region_province(prov)) return -ERR_FOREIGN_RESIDENCE;
    if (!birth_ok(digits_value(b + 6, 8), today)) return -ERR_FOREIGN_RESIDENCE;
    if (gb11643_check(b) != b[17]) return -ERR_FOREIGN_RESIDENCE_CHECKSUM;
    return 0;
}

/* Canonical form of a number of type t into out (cap >= 32). */
static int cert_canon(CertType t, const char *s, int today, char *out, size_t cap) {
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    char b[32];
    int n, rc;
    switch (t) {
    case CERT_USCC:
        return uscc_canon(s, out);
    case CERT_ORG_CODE:
        return org_code_canon(s, out);
    case CERT_MILITARY_CODE:
        return military_canon(s, out, cap);
    case CERT_ID_CARD: {
        IdCard c;
        if ((rc = id_card_parse(s, today, &c)) < 0) return rc;
        memcpy(out, c.number, 19);
        return 0;
    }
    case CERT_PASSPORT:
    case CERT_HK_MACAO_PERMIT:
    case CERT_TAIWAN_PERMIT:
    case CERT_FOREIGN_RESIDENCE:
        break;
    default:
        return -ERR_FIELD_CHOICE;
    }
    n = clean_upper(s, b, sizeof b);
    if (t == CERT_PASSPORT)
        rc = n < 0 ? -ERR_PASSPORT : passport_ok(b, n);
    else if (t == CERT_HK_MACAO_PERMIT)
        rc = n < 0 ? -ERR_HK_MACAO_PERMIT : hk_macao_ok(b, n);
    else if (t == CERT_TAIWAN_PERMIT)
        rc = n < 0 ? -ERR_TAIWAN_PERMIT : taiwan_ok(b, n);
    else
        rc = n < 0 ? -ERR_FOREIGN_RESIDENCE : foreign_residence_ok(b, n, today);
    if (rc == 0) memcpy(out, b, (size_t)n + 1);
    return rc;
}

int cert_number_check(CertType t, const char *number, int today) {
    char c[32];
    return cert_canon(t, number, today, c, sizeof c);
}

int cert_number_normalize(Arena *a, CertType t, const char *number, int today, char **out) {
    char c[32];
    int rc = cert_canon(t, number, today, c, sizeof c);
    if (rc < 0) return rc;
    *out = arena_strdup(a, c);
    return 0;
}

bool cert_type_personal(CertType t) {
    return t == CERT_ID_CARD || t == CERT_PASSPORT || t == CERT_HK_MACAO_PERMIT ||
           t == CERT_TAIWAN_PERMIT || t == CERT_FOREIGN_RESIDENCE;
}

bool cert_type_allowed(SubjectNature n, CertType t) {
    switch (n) {
    case NATURE_ENTERPRISE:
        return t == CERT_USCC;
    case NATURE_INSTITUTION:
    case NATURE_GOVERNMENT:
    case NATURE_SOCIAL_ORG:
        return t == CERT_USCC || t == CERT_ORG_CODE;
    case NATURE_MILITARY:
        return t == CERT_MILITARY_CODE;
    case NATURE_INDIVIDUAL:
        return cert_type_personal(t);
    default:
        return false;
    }
}
