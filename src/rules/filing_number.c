/*
** Subject, site and public-security filing numbers: parse and format.
*/
#include "rules/filing_number.h"

#include <stdbool.h>
#include <string.h>

#include "core/err.h"
#include "rules/validate_int.h"

typedef struct Province {
    const char *prefix; /* short name used in filing numbers */
    const char *code;   /* GB/T 2260 province code */
} Province;

/* Canonical prefixes first; the alternatives seen on real numbers after. */
static const Province provinces[] = {
    {"京", "11"}, {"津", "12"}, {"冀", "13"}, {"晋", "14"}, {"蒙", "15"}, {"辽", "21"},
    {"吉", "22"}, {"黑", "23"}, {"沪", "31"}, {"苏", "32"}, {"浙", "33"}, {"皖", "34"},
    {"闽", "35"}, {"赣", "36"}, {"鲁", "37"}, {"豫", "41"}, {"鄂", "42"}, {"湘", "43"},
    {"粤", "44"}, {"桂", "45"}, {"琼", "46"}, {"渝", "50"}, {"川", "51"}, {"黔", "52"},
    {"滇", "53"}, {"藏", "54"}, {"陕", "61"}, {"甘", "62"}, {"青", "63"}, {"宁", "64"},
    {"新", "65"}, {"蜀", "51"}, {"贵", "52"}, {"陇", "62"},
};

#define PROVINCE_N (sizeof provinces / sizeof provinces[0])

const char *province_prefix_code(const char *prefix) {
    if (!prefix) return NULL;
    for (size_t i = 0; i < PROVINCE_N; i++)
        if (strcmp(provinces[i].prefix, prefix) == 0) return provinces[i].code;
    return NULL;
}

const char *province_code_prefix(const char *code) {
    if (!code || !vi_digit((unsigned char)code[0]) || !vi_digit((unsigned char)code[1]))
        return NULL;
    size_t n = strlen(code);
    if (n != 2 && n != 6) return NULL;
    for (size_t i = 0; i < PROVINCE_N; i++)
        if (memcmp(provinces[i].code, code, 2) == 0) return provinces[i].prefix;
    return NULL;
}

/* Copy s without ASCII spaces into buf; -1 when too long. */
static int copy_nospace(const char *s, char *buf, size_t cap) {
    size_t n = 0;
    for (; *s; s++) {
        if (vi_space((unsigned char)*s)) continue;
        if (n + 1 >= cap) return -1;
        buf[n++] = *s;
    }
    buf[n] = 0;
    return (int)n;
}

/* Split off the first UTF-8 character of s into prefix (at most 3 bytes, the
** province characters all being 3). Returns its byte length or 0. */
static size_t take_prefix(const char *s, char prefix[4]) {
    const char *p = s;
    int32_t c = utf8_next(&p, s + strlen(s));
    size_t n = (size_t)(p - s);
    if (c < 0x80 || n > 3) return 0;
    memcpy(prefix, s, n);
    prefix[n] = 0;
    return n;
}

/* Match a literal at *p, ASCII letters case-insensitively; advance on success. */
static bool eat(const char **p, const char *lit) {
    size_t n = strlen(lit);
    for (size_t i = 0; i < n; i++)
        if (vi_upper((*p)[i]) != vi_upper(lit[i])) return false;
    *p += n;
    return true;
}

static int parse_site_seq(const char *p) {
    if (!eat(&p, "-") && !eat(&p, "－")) return -ERR_FILING_NUMBER_FORMAT;
    size_t n = strlen(p);
    if (n == 0 || n > 4 || !vi_all_digits(p, n) || p[0] == '0') return -ERR_FILING_NUMBER_SITE;
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

int filing_number_parse(const char *s, FilingNumber *out) {
    char buf[96];
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    if (copy_nospace(s, buf, sizeof buf) < 0) return -ERR_FILING_NUMBER_FORMAT;
    FilingNumber n = {0};
    size_t pl = take_prefix(buf, n.prefix);
    if (pl == 0) return -ERR_FILING_NUMBER_FORMAT;
    const char *p = buf + pl;
    if (!eat(&p, "ICP备")) return -ERR_FILING_NUMBER_FORMAT;
    const char *code = province_prefix_code(n.prefix);
    if (!code) return -ERR_FILING_NUMBER_PROVINCE;
    memcpy(n.province, code, 3);
    size_t d = 0;
    while (vi_digit((unsigned char)p[d]))
        d++;
    if (d == 0 || strncmp(p + d, "号", strlen("号")) != 0) return -ERR_FILING_NUMBER_FORMAT;
    if (d != 8 && d != 10) return -ERR_FILING_NUMBER_SERIAL;
    memcpy(n.serial, p, d);
    n.serial[d] = 0;
    p += d + strlen("号");
    if (*p) {
        int seq = parse_site_seq(p);
        if (seq < 0) return seq;
        n.site = seq;
    }
    if (out) *out = n;
    return 0;
}

int filing_subject_number_parse(const char *s, FilingNumber *out) {
    FilingNumber n;
    int rc = filing_number_parse(s, &n);
    if (rc < 0) return rc;
    if (n.site != 0) return -ERR_FILING_NUMBER_KIND;
    if (out) *out = n;
    return 0;
}

int filing_site_number_parse(const char *s, FilingNumber *out) {
    FilingNumber n;
    int rc = filing_number_parse(s, &n);
    if (rc < 0) return rc;
    if (n.site == 0) return -ERR_FILING_NUMBER_KIND;
    if (out) *out = n;
    return 0;
}

char *filing_number_format(Arena *a, const FilingNumber *n) {
    if (n->site > 0) return arena_printf(a, "%sICP备%s号-%d", n->prefix, n->serial, n->site);
    return arena_printf(a, "%sICP备%s号", n->prefix, n->serial);
}

char *filing_site_number(Arena *a, const FilingNumber *n, int seq) {
    FilingNumber s = *n;
    s.site = seq > 0 ? seq : 1;
    return filing_number_format(a, &s);
}

int psb_number_parse(const char *s, PsbNumber *out) {
    char buf[96];
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    if (copy_nospace(s, buf, sizeof buf) < 0) return -ERR_PSB_NUMBER_FORMAT;
    PsbNumber n = {0};
    size_t pl = take_prefix(buf, n.prefix);
    if (pl == 0) return -ERR_PSB_NUMBER_FORMAT;
    const char *p = buf + pl;
    if (!eat(&p, "公网安备")) return -ERR_PSB_NUMBER_FORMAT;
    size_t d = 0;
    while (vi_digit((unsigned char)p[d]))
        d++;
    if (d != 14 || strcmp(p + d, "号") != 0) return -ERR_PSB_NUMBER_FORMAT;
    const char *code = province_prefix_code(n.prefix);
    if (!code || memcmp(code, p, 2) != 0) return -ERR_PSB_NUMBER_PROVINCE;
    memcpy(n.province, code, 3);
    memcpy(n.digits, p, 14);
    n.digits[14] = 0;
    if (out) *out = n;
    return 0;
}

char *psb_number_format(Arena *a, const PsbNumber *n) {
    return arena_printf(a, "%s公网安备 %s号", n->prefix, n->digits);
}
