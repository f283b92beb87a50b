/*
** Arena: a region allocator. Every request owns one; everything a handler
** allocates for that request comes from it and is released at once when the
** request completes (h2o's per-request pool). Handlers never call free().
**
** Allocation never fails: on out-of-memory the process aborts through
** core_oom() (one OOM handler, as in Redis), so call sites never test NULL.
*/
#ifndef BEIAN_CORE_ARENA_H
#define BEIAN_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct Arena {
    ArenaBlock *head;  /* newest block; allocation happens here */
    size_t block_size; /* size of the next ordinary block */
    size_t total;      /* bytes obtained from malloc, for metrics */
} Arena;

/* Initialise an empty arena. No memory is taken until the first allocation. */
void arena_init(Arena *a);

/* Release every block of the arena; the arena may be reused afterwards. */
void arena_free(Arena *a);

/* Forget every allocation but keep the first block for reuse. */
void arena_reset(Arena *a);

/* Return n bytes aligned for any type. The memory is uninitialised. */
void *arena_alloc(Arena *a, size_t n);

/* As arena_alloc, zero-filled. */
void *arena_zalloc(Arena *a, size_t n);

/* Copy the n bytes at p into the arena and add a terminating NUL. */
char *arena_strndup(Arena *a, const char *p, size_t n);

/* Copy the NUL-terminated string s into the arena; NULL stays NULL. */
char *arena_strdup(Arena *a, const char *s);

/* printf into a fresh arena string. */
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);

/* Allocate an array of n objects of type T. */
#define ARENA_NEW(a, T, n) ((T *)arena_zalloc((a), sizeof(T) * (size_t)(n)))

/* Called when memory runs out: logs and aborts. Never returns. */
_Noreturn void core_oom(size_t n);

/* malloc/realloc wrappers that abort on failure instead of returning NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
