/*
** The check of a province rules document, key by key (model/province_edit.h).
*/
#include <stddef.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/province_edit.h"

typedef enum { K_FIXED, K_BOOL, K_INT, K_TEXT, K_EXTRAS } KeyKind;

/* A key of the document: its kind, its limits (numbers: the range; texts:
** code points), and where its value goes in ProvinceRules. */
typedef struct DocKey {
    const char *key;
    KeyKind kind;
    int min, max;
    bool multiline;
    size_t offset;
} DocKey;

#define KFIXED(k)                                                                                  \
    { .key = (k), .kind = K_FIXED }
#define KBOOL(k, m)                                                                                \
    { .key = (k), .kind = K_BOOL, .offset = offsetof(ProvinceRules, m) }
#define KINT(k, hi, m)                                                                             \
    { .key = (k), .kind = K_INT, .max = (hi), .offset = offsetof(ProvinceRules, m) }
#define KTEXT(k, hi, ml, m)                                                                        \
    {                                                                                              \
        .key = (k), .kind = K_TEXT, .max = (hi), .multiline = (ml),                                \
        .offset = offsetof(ProvinceRules, m)                                                       \
    }
static const DocKey doc_keys[] = {
    KFIXED("code"),
    KFIXED("prefix"),
    KFIXED("alt_prefix"),
    KFIXED("name_zh"),
    KFIXED("name_en"),
    KBOOL("auth_letter_required", auth_letter_required),
    KBOOL("local_id_only", local_id_only),
    KBOOL("no_cross_province", no_cross_province),
    KBOOL("residence_permit_accepted", residence_permit_accepted),
    KTEXT("residence_doc_zh", 30, false, residence_doc_zh),
    KTEXT("residence_doc_en", 80, false, residence_doc_en),
    KINT("min_age", 100, min_age),
    KINT("max_domains_per_app", 100, max_domains_per_app),
    KINT("max_sites_per_app", 100, max_sites_per_app),
    KINT("individual_first_max_domains", 100, individual_first_max_domains),
    KINT("crowded_individual_sites", 1000, crowded_individual_sites),
    KINT("crowded_org_sites", 1000, crowded_org_sites),
    KINT("crowded_max_domains", 100, crowded_max_domains),
    {.key = "extras", .kind = K_EXTRAS},
    KTEXT("special_notice_zh", 1000, true, special_notice_zh),
    KTEXT("special_notice_en", 2000, true, special_notice_en),
    KTEXT("commercial_notice_zh", 1000, true, commercial_notice_zh),
    KTEXT("commercial_notice_en", 2000, true, commercial_notice_en),
    KINT("review_days_min", 60, review_days_min),
    KINT("review_days_max", 60, review_days_max),
};
#define NKEYS (sizeof doc_keys / sizeof doc_keys[0])

/* The national checklist's item codes (rules/checklist.c), which a
** province's extra material may not take. */
static const char *const national_codes[] = {
    "verification_form",      "security_agreement", "licence_copy",         "legal_rep_id_copy",
    "site_principal_id_copy", "principal_id_copy",  "authorization_letter", "domain_certificate",
    "pre_approval",           "residence_permit",   "onsite_photo",         NULL};

static void add_err(Arena *a, DocErrors *errs, const char *field, int code) {
    if (errs->n < PROVINCE_MAX_ERRORS)
        errs->e[errs->n++] = (DocError){arena_strdup(a, field), code};
}

/* A text value (a string, or null/absent for none): 0 or a positive ErrCode;
** *out gets the arena copy, NULL when empty. */
static int check_text(Arena *a, json_t *v, int min, int max, bool multiline, const char **out) {
    *out = NULL;
    if (!v || json_is_null(v)) return min > 0 ? ERR_FIELD_REQUIRED : 0;
    if (!json_is_string(v)) return ERR_FIELD_TYPE;
    const char *s = json_string_value(v);
    if (strlen(s) != json_string_length(v)) return ERR_FIELD_CONTROL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool ws = *p == '\n' || *p == '\r' || *p == '\t';
        if ((*p < 0x20 && !(ws && multiline)) || *p == 0x7f) return ERR_FIELD_CONTROL;
    }
    char *t = str_trim(arena_strdup(a, s));
    size_t cps = utf8_len(t);
    if (cps == 0) return min > 0 ? ERR_FIELD_REQUIRED : 0;
    if (cps > (size_t)max) return ERR_FIELD_TOO_LONG;
    if ((int)cps < min) return ERR_FIELD_TOO_SHORT;
    *out = t;
    return 0;
}

/* A whole number in [min, max] (absent: 0 when 0 is allowed). */
static int check_int(json_t *v, int min, int max, int *out) {
    *out = 0;
    if (!v || json_is_null(v)) return min > 0 ? ERR_FIELD_REQUIRED : 0;
    if (!json_is_integer(v)) return ERR_FIELD_TYPE;
    json_int_t i = json_integer_value(v);
    if (i < min || i > max) return ERR_FIELD_RANGE;
    *out = (int)i;
    return 0;
}

static bool extra_code_ok(const char *s) {
    size_t n = strlen(s);
    if (n < 2 || n > 40 || s[0] < 'a' || s[0] > 'z' || str_in(s, national_codes)) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static const char *const extra_keys[] = {"code",   "zh",    "en",      "note_zh", "note_en",
                                         "copies", "kinds", "natures", NULL};

/* The bit sets of valid kinds and natures (bit 0 is no kind). */
#define ALL_KINDS   (((1u << KIND__COUNT) - 1) & ~1u)
#define ALL_NATURES (((1u << NATURE__COUNT) - 1) & ~1u)

/* The numbers of an extra material: copies, kinds, natures. */
static void check_extra_numbers(Arena *a, json_t *o, const char *at, ProvinceExtra *x,
                                DocErrors *errs) {
    int copies, kinds, natures, code;
    if ((code = check_int(json_object_get(o, "copies"), 1, 10, &copies)))
        add_err(a, errs, arena_printf(a, "%s.copies", at), code);
    code = check_int(json_object_get(o, "kinds"), 0, (int)ALL_KINDS, &kinds);
    if (!code && (kinds == 0 || ((unsigned)kinds & ~ALL_KINDS)))
        code = kinds == 0 ? ERR_PROVINCE_EXTRA_KINDS : ERR_FIELD_RANGE;
    if (code) add_err(a, errs, arena_printf(a, "%s.kinds", at), code);
    code = check_int(json_object_get(o, "natures"), 0, (int)ALL_NATURES, &natures);
    if (!code && ((unsigned)natures & ~ALL_NATURES)) code = ERR_FIELD_RANGE;
    if (code) add_err(a, errs, arena_printf(a, "%s.natures", at), code);
    *x = (ProvinceExtra){.copies = copies, .kinds = (unsigned)kinds, .natures = (unsigned)natures};
}

/* One extra material, item i of the list (its code unique among x[0..i)). */
static void check_extra(Arena *a, json_t *o, size_t i, ProvinceExtra *x, DocErrors *errs) {
    const char *at = arena_printf(a, "extras.%zu", i);
    if (!json_is_object(o)) {
        add_err(a, errs, at, ERR_FIELD_TYPE);
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (!str_in(key, extra_keys))
            add_err(a, errs, arena_printf(a, "%s.%s", at, key), ERR_FIELD_UNKNOWN);
    }
    check_extra_numbers(a, o, at, &x[i], errs);
    const char *code_v = NULL;
    int code = check_text(a, json_object_get(o, "code"), 1, 40, false, &code_v);
    if (!code && !extra_code_ok(code_v)) code = ERR_PROVINCE_EXTRA_CODE;
    for (size_t k = 0; !code && k < i; k++)
        if (x[k].code && !strcmp(x[k].code, code_v)) code = ERR_PROVINCE_EXTRA_CODE;
    if (code) add_err(a, errs, arena_printf(a, "%s.code", at), code);
    x[i].code = code ? NULL : code_v;
    struct {
        const char *key;
        int min, max;
        const char **out;
    } texts[] = {{"zh", 2, 60, &x[i].zh},
                 {"en", 0, 200, &x[i].en},
                 {"note_zh", 0, 300, &x[i].note_zh},
                 {"note_en", 0, 600, &x[i].note_en}};
    for (size_t t = 0; t < 4; t++) {
        code = check_text(a, json_object_get(o, texts[t].key), texts[t].min, texts[t].max, false,
                          texts[t].out);
        if (code) add_err(a, errs, arena_printf(a, "%s.%s", at, texts[t].key), code);
    }
}

/* The extras list. */
static void check_extras(Arena *a, json_t *v, ProvinceRules *out, DocErrors *errs) {
    if (!v || json_is_null(v)) return;
    if (!json_is_array(v)) {
        add_err(a, errs, "extras", ERR_FIELD_TYPE);
        return;
    }
    size_t n = json_array_size(v);
    if (n > PROVINCE_MAX_EXTRAS) {
        add_err(a, errs, "extras", ERR_PROVINCE_TOO_MANY);
        return;
    }
    ProvinceExtra *x = ARENA_NEW(a, ProvinceExtra, n + 1);
    for (size_t i = 0; i < n; i++)
        check_extra(a, json_array_get(v, i), i, x, errs);
    out->extras = x;
    out->n_extras = n;
}

/* A fixed key: absent, or the value it has now. */
static int check_fixed(const char *key, json_t *v, json_t *now) {
    if (!v) return 0;
    json_t *was = json_object_get(now, key);
    return json_equal(v, was) || (json_is_null(v) && !was) ? 0 : ERR_PROVINCE_FIXED;
}

/* One key of the document into its place in *out. */
static void check_key(Arena *a, const DocKey *k, json_t *v, json_t *now, ProvinceRules *out,
                      DocErrors *errs) {
    char *at = (char *)out + k->offset;
    int code = 0;
    switch (k->kind) {
    case K_FIXED:
        code = check_fixed(k->key, v, now);
        break;
    case K_BOOL:
        if (v && !json_is_boolean(v) && !json_is_null(v)) code = ERR_FIELD_TYPE;
        *(bool *)at = json_is_true(v);
        break;
    case K_INT:
        code = check_int(v, k->min, k->max, (int *)at);
        break;
    case K_TEXT:
        code = check_text(a, v, k->min, k->max, k->multiline, (const char **)at);
        break;
    case K_EXTRAS:
        check_extras(a, v, out, errs);
        break;
    }
    if (code) add_err(a, errs, k->key, code);
}

int province_check(Arena *a, json_t *doc, const ProvinceRules *cur, ProvinceRules *out,
                   DocErrors *errs) {
    errs->n = 0;
    memset(out, 0, sizeof *out);
    if (!json_is_object(doc)) {
        add_err(a, errs, "rules", ERR_PROVINCE_JSON);
        return -ERR_INVALID_INPUT;
    }
    json_t *now = province_rules_json(cur);
    const char *key;
    json_t *v;
    json_object_foreach(doc, key, v) {
        size_t i = 0;
        while (i < NKEYS && strcmp(doc_keys[i].key, key) != 0)
            i++;
        if (i == NKEYS) add_err(a, errs, key, ERR_FIELD_UNKNOWN);
    }
    for (size_t i = 0; i < NKEYS; i++)
        check_key(a, &doc_keys[i], json_object_get(doc, doc_keys[i].key), now, out, errs);
    json_decref(now);
    if (out->review_days_max && out->review_days_max < out->review_days_min)
        add_err(a, errs, "review_days_max", ERR_PROVINCE_DAYS);
    out->code = cur->code;
    out->prefix = cur->prefix;
    out->alt_prefix = cur->alt_prefix;
    out->name_zh = cur->name_zh;
    out->name_en = cur->name_en;
    return errs->n ? -ERR_INVALID_INPUT : 0;
}
