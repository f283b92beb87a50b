/*
** Time, randomness, UTF-8 and string helpers.
*/
#include "core/util.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

int64_t time_now(void) {
    return (int64_t)time(NULL);
}

int64_t time_mono_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Two decimal digits of v (0..99) at p. */
static void put2(char *p, int v) {
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

char *time_fmt_cst(Arena *a, int64_t t) {
    /* UTC+8 all year (no DST): the civil date of the day number, by
    ** H. Hinnant's days_from_civil inverse; years outside 1000..9999
    ** (not 4 digits) take the library's way. */
    if (t >= -30610224000LL - 8 * 3600 && t < 253402300800LL - 8 * 3600) {
        int64_t s = t + 8 * 3600, days = s / 86400, sec = s % 86400;
        if (sec < 0) { /* round the day down */
            sec += 86400;
            days--;
        }
        int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
        int64_t doe = z - era * 146097;                                      /* [0, 146096] */
        int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
        int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
        int64_t mp = (5 * doy + 2) / 153; /* [0, 11], from March */
        int day = (int)(doy - (153 * mp + 2) / 5 + 1), month = (int)(mp < 10 ? mp + 3 : mp - 9);
        int year = (int)(yoe + era * 400 + (month <= 2));
        char *out = arena_alloc(a, 17);
        put2(out, year / 100);
        put2(out + 2, year % 100);
        out[4] = '-';
        put2(out + 5, month);
        out[7] = '-';
        put2(out + 8, day);
        out[10] = ' ';
        put2(out + 11, (int)(sec / 3600));
        out[13] = ':';
        put2(out + 14, (int)(sec / 60 % 60));
        out[16] = 0;
        return out;
    }
    time_t tt = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%d %H:%M", &tm);
    return arena_strdup(a, s);
}

int time_today_cst(void) {
    time_t tt = time(NULL) + 8 * 3600;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

void rand_bytes(void *p, size_t n) {
    randombytes_buf(p, n);
}

char *rand_token(Arena *a, size_t nbytes) {
    unsigned char raw[64];
    if (nbytes > sizeof raw) nbytes = sizeof raw;
    rand_bytes(raw, nbytes);
    return b64url_encode(a, raw, nbytes);
}

bool utf8_valid(const char *s, size_t n) {
    const char *p = s, *end = s + n;
    while (p < end)
        if (utf8_next(&p, end) < 0) return false;
    return true;
}

int32_t utf8_next(const char **pp, const char *end) {
    const unsigned char *p = (const unsigned char *)*pp;
    const unsigned char *e = (const unsigned char *)end;
    if (p >= e) return -1;
    unsigned c = p[0];
    int len;
    int32_t cp, min;
    if (c < 0x80) {
        *pp += 1;
        return (int32_t)c;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    if (e - p < len) return -1;
    for (int i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    *pp += len;
    return cp;
}

size_t utf8_len(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

bool str_in(const char *s, const char *const *list) {
    if (!s) return false;
    for (; *list; list++)
        if (strcmp(s, *list) == 0) return true;
    return false;
}

bool str_empty(const char *s) {
    return !s || !*s;
}

bool str_starts(const char *s, const char *prefix) {
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

char *str_trim(char *s) {
    if (!s) return s;
    char *p = s;
    while (*p && isspace((unsigned char)*p))
        p++;
    size_t n = strlen(p);
    while (n && isspace((unsigned char)p[n - 1]))
        n--;
    memmove(s, p, n);
    s[n] = 0;
    return s;
}

char *b64url_encode(Arena *a, const void *p, size_t n) {
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *s = arena_alloc(a, cap);
    sodium_bin2base64(s, cap, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return s;
}

int b64url_decode(const char *s, void *out, size_t cap) {
    size_t len = 0;
    if (sodium_base642bin(out, cap, s, strlen(s), NULL, &len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return -1;
    return (int)len;
}

char *hex_encode(Arena *a, const void *p, size_t n) {
    char *s = arena_alloc(a, n * 2 + 1);
    sodium_bin2hex(s, n * 2 + 1, p, n);
    return s;
}

void utf8_copy_cut(char *out, size_t max, const char *s) {
    if (!max) return;
    size_t n = s ? strlen(s) : 0;
    if (n >= max) {
        n = max - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) /* s[n] continues a character */
            n--;
    }
    if (n) memcpy(out, s, n);
    out[n] = 0;
    if (!utf8_valid(out, n)) out[0] = 0;
}
