/*
** The sealed documents of generated rows, and the one scan they share.
**
** Sealing an application's values (values_seal: JSON through jansson, then
** XSalsa20-Poly1305) costs 30-150 us, more than writing the rows, so each
** distinct document is sealed once and its ciphertext shared: a template
** is a filer of one nature and province (one of `templates` per pair), and
** each of its documents (the values of each kind and number of saved steps,
** its subject record, its site records, its filing password) is sealed the
** first time a row needs it. A generated subject takes the templates of a
** filer of its own nature and province, so its sealed values agree with
** its plain columns on kind, nature, province and steps, but carry the
** template's names, numbers and domain.
*/
#include "app/gen_sealed.h"

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"
#include "model/sealed.h"

#define TPL_SALT 0x7E3A1F00C0FFEEull

typedef struct TplEntry {
    uint64_t key; /* 0: empty */
    const char *sealed;
} TplEntry;

struct GenSealed {
    uint64_t seed;
    int templates;
    Arena keep; /* the sealed texts */
    TplEntry *slots;
    size_t cap, used;
    int64_t seals;
};

GenSealed *gen_sealed_new(uint64_t seed, int templates) {
    GenSealed *g = xcalloc(1, sizeof *g);
    g->seed = seed ^ TPL_SALT;
    g->templates = templates > 0 ? templates : 4;
    arena_init(&g->keep);
    g->cap = 1 << 12;
    g->slots = xcalloc(g->cap, sizeof *g->slots);
    return g;
}

void gen_sealed_free(GenSealed *g) {
    if (!g) return;
    arena_free(&g->keep);
    free(g->slots);
    free(g);
}

int64_t gen_sealed_count(const GenSealed *g) {
    return g->seals;
}

static TplEntry *slot_of(GenSealed *g, uint64_t key) {
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15u) >> 20) & (g->cap - 1);
    while (g->slots[i].key && g->slots[i].key != key)
        i = (i + 1) & (g->cap - 1);
    return &g->slots[i];
}

static void grow(GenSealed *g) {
    TplEntry *old = g->slots;
    size_t n = g->cap;
    g->cap *= 2;
    g->slots = xcalloc(g->cap, sizeof *g->slots);
    for (size_t i = 0; i < n; i++)
        if (old[i].key) *slot_of(g, old[i].key) = old[i];
    free(old);
}

/* The template filer of a subject: its nature, province and slot. */
typedef struct Tpl {
    SubjectNature nature;
    int province, slot;
    int64_t index; /* its data's index */
} Tpl;

static Tpl tpl_of(const GenSealed *g, SubjectNature nature, int province, int64_t subject_id) {
    int slot = (int)((uint64_t)subject_id * 0x9E3779B1u % (uint64_t)g->templates);
    Tpl t = {.nature = nature,
             .province = province,
             .slot = slot,
             .index = ((int64_t)nature * 100 + province) * 1000 + slot};
    return t;
}

/* Document kinds beside the values of an application kind. */
enum { DOC_VALUES = 0, DOC_SUBJECT = 1, DOC_SITE = 2, DOC_SECRET = 3 };

static uint64_t key_of(const Tpl *t, int doc, AppKind kind, int j, int steps) {
    return 1 +
           ((((((((uint64_t)t->nature * 100 + (uint64_t)t->province) * 1000 + (uint64_t)t->slot) *
                    4 +
                (uint64_t)doc) *
                   16 +
               (uint64_t)kind) *
                  8 +
              (uint64_t)j) *
             8) +
            (uint64_t)(steps + 1));
}

static const char *remember(GenSealed *g, TplEntry *e, uint64_t key, const char *sealed) {
    e->key = key;
    e->sealed = sealed;
    g->seals++;
    if (++g->used * 2 > g->cap) grow(g);
    return sealed;
}

const char *gen_sealed_values(GenSealed *g, SubjectNature nature, int province, int64_t subject_id,
                              AppKind kind, int j, int steps) {
    Tpl t = tpl_of(g, nature, province, subject_id);
    if (j > 7) j = 7;
    uint64_t key = key_of(&t, DOC_VALUES, kind, j < 0 ? 0 : j, steps);
    TplEntry *e = slot_of(g, key);
    if (e->key) return e->sealed;
    Arena a;
    arena_init(&a);
    GenSubject s;
    GenSite site;
    gen_subject(g->seed, t.index, nature, province, &s);
    gen_site(g->seed, t.index * 8 + (j < 0 ? 0 : j), &s, j < 0 ? 0 : j, &site);
    char *number = gen_subject_number(&a, province, 2019, t.index);
    char *site_number = arena_printf(&a, "%s-%d", number, (j < 0 ? 0 : j) + 1);
    Values v;
    gen_values(&a, &s, &site, kind, steps, number, site_number, &v);
    const char *sealed = values_seal(&g->keep, &v);
    arena_free(&a);
    return remember(g, e, key, sealed);
}

const char *gen_sealed_subject(GenSealed *g, SubjectNature nature, int province,
                               int64_t subject_id) {
    Tpl t = tpl_of(g, nature, province, subject_id);
    uint64_t key = key_of(&t, DOC_SUBJECT, 0, 0, 0);
    TplEntry *e = slot_of(g, key);
    if (e->key) return e->sealed;
    Arena a;
    arena_init(&a);
    GenSubject s;
    gen_subject(g->seed, t.index, nature, province, &s);
    Values v;
    gen_subject_record(&a, &s, &v);
    const char *sealed = values_seal(&g->keep, &v);
    arena_free(&a);
    return remember(g, e, key, sealed);
}

const char *gen_sealed_site(GenSealed *g, SubjectNature nature, int province, int64_t subject_id,
                            int j) {
    Tpl t = tpl_of(g, nature, province, subject_id);
    if (j > 7) j = 7;
    uint64_t key = key_of(&t, DOC_SITE, 0, j, 0);
    TplEntry *e = slot_of(g, key);
    if (e->key) return e->sealed;
    Arena a;
    arena_init(&a);
    GenSubject s;
    GenSite site;
    gen_subject(g->seed, t.index, nature, province, &s);
    gen_site(g->seed, t.index * 8 + j, &s, j, &site);
    char *number = gen_subject_number(&a, province, 2019, t.index);
    Values v;
    gen_site_record(&a, &site, arena_printf(&a, "%s-%d", number, j + 1), &v);
    const char *sealed = values_seal(&g->keep, &v);
    arena_free(&a);
    return remember(g, e, key, sealed);
}

const char *gen_sealed_secret(GenSealed *g, SubjectNature nature, int province,
                              int64_t subject_id) {
    Tpl t = tpl_of(g, nature, province, subject_id);
    uint64_t key = key_of(&t, DOC_SECRET, 0, 0, 0);
    TplEntry *e = slot_of(g, key);
    if (e->key) return e->sealed;
    char pw[16];
    snprintf(pw, sizeof pw, "Bp%05dq", (int)(t.index % 100000));
    return remember(g, e, key, crypto_seal_text(&g->keep, pw));
}

/* ---------------------------------------------------------------- scan */

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int n) {
    buf_append(closure, data, n);
    return CAIRO_STATUS_SUCCESS;
}

int gen_scan_png(Arena *a, GenScan *out) {
    const int w = 620, h = 877; /* A4 at 75 dpi */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.97, 0.97, 0.95);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_select_font_face(cr, "WenQuanYi Micro Hei", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 26);
    cairo_move_to(cr, 150, 90);
    cairo_show_text(cr, "网站备案信息真实性核验单");
    cairo_set_font_size(cr, 14);
    cairo_move_to(cr, 60, 140);
    cairo_show_text(cr, "（生成的示例扫描件，beian dev generate）");
    cairo_set_line_width(cr, 1);
    for (int y = 180; y < h - 80; y += 36) {
        cairo_move_to(cr, 60, y);
        cairo_line_to(cr, w - 60, y);
    }
    cairo_stroke(cr);
    cairo_destroy(cr);
    Buf b;
    buf_init(&b, a);
    cairo_status_t st = cairo_surface_write_to_png_stream(s, png_write, &b);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) return -ERR_INTERNAL;
    *out = (GenScan){.data = (unsigned char *)b.data, .n = b.len, .width = w, .height = h};
    return 0;
}
