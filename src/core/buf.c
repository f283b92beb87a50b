/*
** Growable strings and the escaping writers every output path uses.
*/
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(Buf *b, Arena *a) {
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->arena = a;
}

void buf_free(Buf *b) {
    if (!b->arena) free(b->data);
    buf_init(b, b->arena);
}

void buf_reset(Buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

void buf_reserve(Buf *b, size_t extra) {
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    if (b->arena) {
        char *p = arena_alloc(b->arena, cap);
        if (b->len) memcpy(p, b->data, b->len);
        b->data = p;
    } else {
        b->data = xrealloc(b->data, cap);
    }
    b->cap = cap;
    b->data[b->len] = 0; /* the content is always NUL-terminated */
}

void buf_puts(Buf *b, const char *s) {
    if (s) buf_append(b, s, strlen(s));
}

void buf_putc(Buf *b, char c) {
    buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = 0;
}

/* Formatted straight into the room the Buf has (64 bytes at least), and
** again only when it does not fit. */
void buf_vprintf(Buf *b, const char *fmt, va_list ap) {
    buf_reserve(b, 64);
    size_t room = b->cap - b->len;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(b->data + b->len, room, fmt, ap2);
    va_end(ap2);
    if (n <= 0) {
        b->data[b->len] = 0;
        return;
    }
    if ((size_t)n >= room) {
        buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

size_t u64_to_dec(char *out, uint64_t v) {
    char d[20];
    size_t n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = d[n - 1 - i];
    return n;
}

size_t i64_to_dec(char *out, int64_t v) {
    if (v >= 0) return u64_to_dec(out, (uint64_t)v);
    out[0] = '-';
    return 1 + u64_to_dec(out + 1, -(uint64_t)v);
}

void buf_put_i64(Buf *b, int64_t v) {
    char d[20];
    buf_append(b, d, i64_to_dec(d, v));
}

void buf_put_u64(Buf *b, uint64_t v) {
    char d[20];
    buf_append(b, d, u64_to_dec(d, v));
}

/* The HTML escape of each byte: an index into html_rep, 0 for none; NUL
** has HTML_END, which ends a C string and is written as it is otherwise. */
enum { HTML_END = 6 };
static const unsigned char html_class[256] = {
    [0] = HTML_END, ['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5};
static const struct {
    const char *s;
    size_t n;
} html_rep[] = {{"", 0}, {"&amp;", 5}, {"&lt;", 4}, {"&gt;", 4}, {"&quot;", 6}, {"&#39;", 5}};

/* Clean runs are appended whole, each escape by itself. */
void buf_html_n(Buf *b, const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned k = html_class[u[i]];
        if (!k || k == HTML_END) continue;
        buf_append(b, s + start, i - start);
        buf_append(b, html_rep[k].s, html_rep[k].n);
        start = i + 1;
    }
    buf_append(b, s + start, n - start);
}

/* As buf_html_n up to the NUL, in one pass. */
void buf_html(Buf *b, const char *s) {
    if (!s) return;
    const char *run = s;
    for (const char *p = s;; p++) {
        unsigned k = html_class[(unsigned char)*p];
        if (!k) continue;
        buf_append(b, run, (size_t)(p - run));
        if (k == HTML_END) return;
        buf_append(b, html_rep[k].s, html_rep[k].n);
        run = p + 1;
    }
}

void buf_url(Buf *b, const char *s) {
    static const char hex[] = "0123456789ABCDEF";
    if (!s) return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(b, e, 3);
        }
    }
}

void buf_json_str(Buf *b, const char *s) {
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        unsigned char c = *p;
        switch (c) {
        case '"':
            buf_puts(b, "\\\"");
            break;
        case '\\':
            buf_puts(b, "\\\\");
            break;
        case '\n':
            buf_puts(b, "\\n");
            break;
        case '\r':
            buf_puts(b, "\\r");
            break;
        case '\t':
            buf_puts(b, "\\t");
            break;
        case '<':
            buf_puts(b, "\\u003c");
            break; /* safe inside <script> */
        default:
            if (c < 0x20) {
                char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                buf_append(b, e, 6);
            } else {
                buf_putc(b, (char)c);
            }
        }
    }
    buf_putc(b, '"');
}

char *buf_take(Buf *b) {
    char *s = b->data;
    if (!s) s = b->arena ? arena_strdup(b->arena, "") : xstrdup("");
    buf_init(b, b->arena);
    return s;
}
