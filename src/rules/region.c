/*
** GB/T 2260 divisions: a sorted, read-only table searched by code.
*/
#include "rules/region.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "rules/province.h"

static const Region regions[] = {
#define R(code, name, areas, en) {#code, name, areas, en},
#include "rules/region_data.inc"
#undef R
};

#define REGION_N (sizeof regions / sizeof regions[0])

size_t region_count(void) {
    return REGION_N;
}

static bool code_shape_ok(const char *code) {
    if (!code) return false;
    for (int i = 0; i < 6; i++)
        if (code[i] < '0' || code[i] > '9') return false;
    return code[6] == 0;
}

RegionLevel region_level(const Region *r) {
    if (strcmp(r->code + 2, "0000") == 0) return REGION_PROVINCE;
    if (strcmp(r->code + 4, "00") == 0) return REGION_CITY;
    return REGION_DISTRICT;
}

const char *region_label(const Region *r, Lang lang) {
    if (lang != LANG_EN) return r->name;
    if (region_level(r) == REGION_PROVINCE) {
        size_t n;
        const ProvinceRules *rows = province_seed(&n);
        const ProvinceRules *p = province_find(rows, n, atoi(r->code) / 10000);
        if (p && p->name_en) return p->name_en;
    }
    return r->name_en && *r->name_en ? r->name_en : r->name;
}

static int region_cmp(const void *key, const void *elem) {
    return strcmp((const char *)key, ((const Region *)elem)->code);
}

const Region *region_find(const char *code) {
    if (!code_shape_ok(code)) return NULL;
    return bsearch(code, regions, REGION_N, sizeof regions[0], region_cmp);
}

/* The code of the parent level: "440305" → "440300" → "440000". */
static bool parent_code(const char *code, char out[7]) {
    memcpy(out, code, 7);
    if (strcmp(code + 2, "0000") == 0) return false;
    if (strcmp(code + 4, "00") == 0)
        memcpy(out + 2, "0000", 4);
    else
        memcpy(out + 4, "00", 2);
    return true;
}

const Region *region_parent(const Region *r) {
    char p[7];
    if (!r || !parent_code(r->code, p)) return NULL;
    return region_find(p);
}

const Region *region_province(const char *code) {
    if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return NULL;
    char p[7] = {code[0], code[1], '0', '0', '0', '0', 0};
    return region_find(p);
}

/* Is r a direct child of parent (NULL: r is a province)? */
static bool is_child(const Region *r, const char *parent) {
    char p[7];
    if (!parent_code(r->code, p)) return parent == NULL;
    return parent && strcmp(p, parent) == 0;
}

/* The rows that may be children of parent: every row after it that shares
** its prefix (two digits of a province, four of a city), since codes sort
** by prefix; the whole table for the provinces. */
static void child_range(const char *parent, const Region **lo, const Region **hi) {
    *lo = regions;
    *hi = regions + REGION_N;
    if (!parent) return;
    const Region *p = region_find(parent);
    size_t prefix = region_level(p) == REGION_PROVINCE ? 2 : 4;
    *lo = p + 1;
    const Region *e = p + 1;
    while (e < regions + REGION_N && strncmp(e->code, p->code, prefix) == 0)
        e++;
    *hi = e;
}

const Region **region_children(Arena *a, const char *parent_code_, size_t *n) {
    *n = 0;
    if (parent_code_ && !region_find(parent_code_)) return NULL;
    const Region *lo, *hi;
    child_range(parent_code_, &lo, &hi);
    size_t count = 0;
    for (const Region *r = lo; r < hi; r++)
        if (is_child(r, parent_code_)) count++;
    if (count == 0) return NULL;
    const Region **out = ARENA_NEW(a, const Region *, count);
    for (const Region *r = lo; r < hi; r++)
        if (is_child(r, parent_code_)) out[(*n)++] = r;
    return out;
}

const Region *region_find_name(const char *parent_code_, const char *name) {
    if (!name) return NULL;
    for (size_t i = 0; i < REGION_N; i++)
        if (strcmp(regions[i].name, name) == 0 && is_child(&regions[i], parent_code_))
            return &regions[i];
    return NULL;
}

static bool has_children(const char *code) {
    const Region *r = region_find(code);
    /* Children sort right after their parent. */
    return r && r + 1 < regions + REGION_N && is_child(r + 1, code);
}

int region_check(const char *province, const char *city, const char *district) {
    const Region *p = region_find(province);
    if (!p || region_level(p) != REGION_PROVINCE) return -ERR_REGION_PROVINCE;
    const Region *c = region_find(city);
    if (!c || region_level(c) != REGION_CITY || !is_child(c, p->code)) return -ERR_REGION_CITY;
    if (!district || !*district || strcmp(district, city) == 0)
        return has_children(c->code) ? -ERR_REGION_DISTRICT : 0;
    const Region *d = region_find(district);
    if (!d || region_level(d) != REGION_DISTRICT || !is_child(d, c->code))
        return -ERR_REGION_DISTRICT;
    return 0;
}

const char *region_area_codes(const char *code) {
    const Region *r = region_find(code);
    if (!r) return "";
    if (*r->area_codes || region_level(r) != REGION_DISTRICT) return r->area_codes;
    const Region *c = region_parent(r);
    return c ? c->area_codes : "";
}

/* The area codes of the table as a set, made once: "010" is 10, "0755"
** is 1000 + 755 (the length counts: "0755" and "755" differ). */
#define AREA_KEYS 11000
static unsigned char area_known[AREA_KEYS / 8 + 1];
static pthread_once_t area_once = PTHREAD_ONCE_INIT;

static int area_key(const char *s, size_t n) {
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return n == 3 ? v : n == 4 ? 1000 + v : -1;
}

static void area_index(void) {
    for (size_t i = 0; i < REGION_N; i++)
        for (const char *p = regions[i].area_codes; *p;) {
            size_t n = strcspn(p, ",");
            int k = area_key(p, n);
            if (k >= 0) area_known[k / 8] |= (unsigned char)(1u << (k % 8));
            p += n + (p[n] == ',');
        }
}

bool region_area_code_known(const char *code) {
    size_t n = code ? strlen(code) : 0;
    if (n < 3 || n > 4) return false;
    pthread_once(&area_once, area_index);
    int k = area_key(code, n);
    return k >= 0 && (area_known[k / 8] >> (k % 8) & 1u);
}
