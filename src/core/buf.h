/*
** Buf: a growable byte string. A Buf created with an arena grows inside it and
** needs no release; one created with a NULL arena uses the heap and is
** released with buf_free(). The content is always NUL-terminated.
*/
#ifndef BEIAN_CORE_BUF_H
#define BEIAN_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"

typedef struct Buf {
    char *data;
    size_t len;
    size_t cap;
    Arena *arena; /* NULL: heap */
} Buf;

void buf_init(Buf *b, Arena *a);
void buf_free(Buf *b);
void buf_reset(Buf *b);
void buf_reserve(Buf *b, size_t extra);
/* Append n bytes; inline, as templates append short pieces very often. */
static inline void buf_append(Buf *b, const void *p, size_t n) {
    if (b->len + n + 1 > b->cap) buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_put_i64(Buf *b, int64_t v);  /* decimal */
void buf_put_u64(Buf *b, uint64_t v); /* decimal */
/* The decimal digits of v into out (room for 20 bytes), no NUL; returns
** their count. */
size_t u64_to_dec(char *out, uint64_t v);
size_t i64_to_dec(char *out, int64_t v);

/* Escaping writers. html: & < > " ' (safe in text and quoted attributes).
** url: percent-encodes everything but unreserved characters (RFC 3986).
** json: a JSON string literal with its quotes. */
void buf_html(Buf *b, const char *s);
void buf_html_n(Buf *b, const char *s, size_t n);
void buf_url(Buf *b, const char *s);
void buf_json_str(Buf *b, const char *s);

/* Detach the content: an arena Buf returns its arena string; a heap Buf
** returns a malloc'd string the caller frees. The Buf is emptied. */
char *buf_take(Buf *b);

#endif
