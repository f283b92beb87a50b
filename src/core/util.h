/*
** Small utilities: time, randomness, UTF-8, string helpers.
*/
#ifndef BEIAN_CORE_UTIL_H
#define BEIAN_CORE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

/* Seconds since the Unix epoch. */
int64_t time_now(void);
/* Microseconds from a monotonic clock, for durations. */
int64_t time_mono_us(void);
/* Format t (UTC+8, China Standard Time) as "YYYY-MM-DD HH:MM" into the arena. */
char *time_fmt_cst(Arena *a, int64_t t);
/* Today's date in China Standard Time as YYYYMMDD. */
int time_today_cst(void);

/* Fill p with n cryptographically random bytes (libsodium). */
void rand_bytes(void *p, size_t n);
/* A random token of n bytes as URL-safe base64 without padding. */
char *rand_token(Arena *a, size_t nbytes);

/* True when s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_len(const char *s);
/* Copy at most max - 1 bytes of s into out (size max), cut at a character
** boundary; text that is not valid UTF-8 gives "". */
void utf8_copy_cut(char *out, size_t max, const char *s);
/* Decode one code point at *p, advancing it; returns -1 on invalid input. */
int32_t utf8_next(const char **p, const char *end);

/* True when s equals one of the NULL-terminated list. */
bool str_in(const char *s, const char *const *list);
bool str_empty(const char *s);
bool str_starts(const char *s, const char *prefix);
/* Trim ASCII white space at both ends, in place; returns s. */
char *str_trim(char *s);

/* Base64url without padding: encode n bytes, decode into out (capacity cap);
** decode returns the byte count or -1. */
char *b64url_encode(Arena *a, const void *p, size_t n);
int b64url_decode(const char *s, void *out, size_t cap);
/* Lower-case hex of n bytes. */
char *hex_encode(Arena *a, const void *p, size_t n);

#endif
