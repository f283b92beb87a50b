/*
** Lookup in the tables that tools/embed generates.
*/
#include "core/embed.h"

#include <string.h>

const EmbeddedFile *embed_find(const EmbeddedFile *table, size_t n, const char *path) {
    if (!path) return NULL;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(table[mid].path, path);
        if (c == 0) return &table[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
