/*
** Text helpers shared by the validators of src/rules (private to src/rules).
** Validators copy their input into a bounded stack buffer, trimmed, so that
** they never allocate unless they hand back a normalised string.
*/
#ifndef BEIAN_RULES_VALIDATE_INT_H
#define BEIAN_RULES_VALIDATE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/util.h"

static inline bool vi_space(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline bool vi_digit(int c) {
    return c >= '0' && c <= '9';
}

static inline bool vi_alpha(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline char vi_upper(char c) {
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static inline char vi_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Copy s without its leading and trailing ASCII white space into buf.
** Returns the copied length, or -1 when s is NULL or does not fit in cap-1. */
static inline int vi_copy_trim(const char *s, char *buf, size_t cap) {
    if (!s) return -1;
    while (vi_space((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && vi_space((unsigned char)s[n - 1]))
        n--;
    if (n + 1 > cap) return -1;
    memcpy(buf, s, n);
    buf[n] = 0;
    return (int)n;
}

/* True when s is NULL or only white space. */
static inline bool vi_blank(const char *s) {
    if (!s) return true;
    while (vi_space((unsigned char)*s))
        s++;
    return *s == 0;
}

/* All digits, and at least one. */
static inline bool vi_all_digits(const char *s, size_t n) {
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (!vi_digit((unsigned char)s[i])) return false;
    return true;
}

/* A Chinese character (汉字): the CJK Unified Ideographs block, its
** extensions A-H and the compatibility ideographs. */
static inline bool vi_is_han(int32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x323AF);
}

/* Code points of a UTF-8 string, or -1 when it is not valid UTF-8. */
static inline long vi_cp_count(const char *s) {
    size_t n = strlen(s);
    if (!utf8_valid(s, n)) return -1;
    return (long)utf8_len(s);
}

/* Does the UTF-8 string s contain the UTF-8 substring w? */
static inline bool vi_contains(const char *s, const char *w) {
    return strstr(s, w) != NULL;
}

#endif
