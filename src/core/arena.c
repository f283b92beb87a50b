/*
** Arena allocator: a chain of blocks, bump-pointer allocation, freed at once.
*/
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN       16
#define ARENA_FIRST_BLOCK 4096
#define ARENA_MAX_BLOCK   (1u << 20)

struct ArenaBlock {
    ArenaBlock *next; /* older block */
    size_t size;      /* usable bytes in data[] */
    size_t used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

_Noreturn void core_oom(size_t n) {
    fprintf(stderr, "beian: out of memory allocating %zu bytes\n", n);
    abort();
}

void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) core_oom(n);
    return p;
}

void *xcalloc(size_t n, size_t m) {
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p) core_oom(n * m);
    return p;
}

void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) core_oom(n);
    return q;
}

char *xstrdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}

void arena_init(Arena *a) {
    a->head = NULL;
    a->block_size = ARENA_FIRST_BLOCK;
    a->total = 0;
}

void arena_free(Arena *a) {
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    arena_init(a);
}

void arena_reset(Arena *a) {
    ArenaBlock *b = a->head;
    if (!b) return;
    /* Keep the oldest block, which is the small first one. */
    while (b->next) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    b->used = 0;
    a->head = b;
    a->total = sizeof(ArenaBlock) + b->size;
    a->block_size = ARENA_FIRST_BLOCK;
}

static ArenaBlock *arena_grow(Arena *a, size_t n) {
    size_t size = a->block_size;
    if (size < n) size = n;
    if (n > SIZE_MAX - sizeof(ArenaBlock)) core_oom(n);
    ArenaBlock *b = xmalloc(sizeof(ArenaBlock) + size);
    b->size = size;
    b->used = 0;
    b->next = a->head;
    a->head = b;
    a->total += sizeof(ArenaBlock) + size;
    if (a->block_size < ARENA_MAX_BLOCK) a->block_size *= 2;
    return b;
}

void *arena_alloc(Arena *a, size_t n) {
    size_t need = (n + (ARENA_ALIGN - 1)) & ~(size_t)(ARENA_ALIGN - 1);
    if (need < n) core_oom(n);
    ArenaBlock *b = a->head;
    if (!b || b->size - b->used < need) b = arena_grow(a, need);
    void *p = b->data + b->used;
    b->used += need;
    return p;
}

void *arena_zalloc(Arena *a, size_t n) {
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *p, size_t n) {
    char *s = arena_alloc(a, n + 1);
    if (n) memcpy(s, p, n);
    s[n] = 0;
    return s;
}

char *arena_strdup(Arena *a, const char *s) {
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* Formatted once into a buffer on the stack, and again only when it does
** not fit (vsnprintf is most of the cost: a page formats dozens). */
char *arena_vprintf(Arena *a, const char *fmt, va_list ap) {
    char tmp[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0, tmp[0] = 0;
    char *s = arena_alloc(a, (size_t)n + 1);
    if ((size_t)n < sizeof tmp)
        memcpy(s, tmp, (size_t)n + 1);
    else
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *arena_printf(Arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return s;
}
