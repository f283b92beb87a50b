/*
** Display masks. Work on bytes: every value masked here is ASCII.
*/
#include "rules/mask.h"

#include <string.h>

static char *mask_middle(Arena *a, const char *s, size_t keep_head, size_t keep_tail) {
    size_t n = s ? strlen(s) : 0;
    if (n == 0) return arena_strdup(a, "");
    if (n <= keep_head + keep_tail) {
        keep_head = n > 2 ? 1 : 0;
        keep_tail = n > 3 ? 1 : 0;
    }
    char *out = arena_strdup(a, s);
    for (size_t i = keep_head; i < n - keep_tail; i++)
        out[i] = '*';
    return out;
}

char *mask_phone(Arena *a, const char *phone) {
    const char *dash = phone ? strchr(phone, '-') : NULL;
    if (dash) {
        /* 010-12345678 -> 010-****5678 */
        size_t head = (size_t)(dash - phone) + 1;
        return mask_middle(a, phone, head, 4);
    }
    return mask_middle(a, phone, 3, 4);
}

char *mask_id(Arena *a, const char *id) {
    size_t n = id ? strlen(id) : 0;
    if (n >= 15) return mask_middle(a, id, 6, 4);
    return mask_middle(a, id, 2, 2);
}

char *mask_email(Arena *a, const char *email) {
    const char *at = email ? strchr(email, '@') : NULL;
    if (!at) return mask_middle(a, email, 1, 0);
    size_t local = (size_t)(at - email);
    size_t keep = local >= 4 ? 2 : 1;
    return arena_printf(a, "%.*s***%s", (int)keep, email, at);
}
