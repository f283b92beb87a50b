/*
** Province rules as JSON documents.
*/
#include "model/province_rules.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"

static void set_str(json_t *o, const char *k, const char *v) {
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

json_t *province_rules_json(const ProvinceRules *p) {
    json_t *o = json_object();
    json_object_set_new(o, "code", json_integer(p->code));
    set_str(o, "prefix", p->prefix);
    set_str(o, "alt_prefix", p->alt_prefix);
    set_str(o, "name_zh", p->name_zh);
    set_str(o, "name_en", p->name_en);
    json_object_set_new(o, "auth_letter_required", json_boolean(p->auth_letter_required));
    json_object_set_new(o, "local_id_only", json_boolean(p->local_id_only));
    json_object_set_new(o, "no_cross_province", json_boolean(p->no_cross_province));
    json_object_set_new(o, "residence_permit_accepted", json_boolean(p->residence_permit_accepted));
    set_str(o, "residence_doc_zh", p->residence_doc_zh);
    set_str(o, "residence_doc_en", p->residence_doc_en);
    json_object_set_new(o, "min_age", json_integer(p->min_age));
    json_object_set_new(o, "max_domains_per_app", json_integer(p->max_domains_per_app));
    json_object_set_new(o, "max_sites_per_app", json_integer(p->max_sites_per_app));
    json_object_set_new(o, "individual_first_max_domains",
                        json_integer(p->individual_first_max_domains));
    json_object_set_new(o, "crowded_individual_sites", json_integer(p->crowded_individual_sites));
    json_object_set_new(o, "crowded_org_sites", json_integer(p->crowded_org_sites));
    json_object_set_new(o, "crowded_max_domains", json_integer(p->crowded_max_domains));
    json_t *extras = json_array();
    for (size_t i = 0; i < p->n_extras; i++) {
        const ProvinceExtra *e = &p->extras[i];
        json_t *x = json_object();
        set_str(x, "code", e->code);
        set_str(x, "zh", e->zh);
        set_str(x, "en", e->en);
        set_str(x, "note_zh", e->note_zh);
        set_str(x, "note_en", e->note_en);
        json_object_set_new(x, "copies", json_integer(e->copies));
        json_object_set_new(x, "kinds", json_integer(e->kinds));
        json_object_set_new(x, "natures", json_integer(e->natures));
        json_array_append_new(extras, x);
    }
    json_object_set_new(o, "extras", extras);
    set_str(o, "special_notice_zh", p->special_notice_zh);
    set_str(o, "special_notice_en", p->special_notice_en);
    set_str(o, "commercial_notice_zh", p->commercial_notice_zh);
    set_str(o, "commercial_notice_en", p->commercial_notice_en);
    json_object_set_new(o, "review_days_min", json_integer(p->review_days_min));
    json_object_set_new(o, "review_days_max", json_integer(p->review_days_max));
    return o;
}

static const char *get_str(Arena *a, json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

static int get_int(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) ? (int)json_integer_value(v) : 0;
}

static bool get_bool(json_t *o, const char *k) {
    return json_is_true(json_object_get(o, k));
}

int province_rules_parse(Arena *a, json_t *o, ProvinceRules *p) {
    memset(p, 0, sizeof *p);
    if (!json_is_object(o)) return -ERR_INVALID_INPUT;
    p->code = get_int(o, "code");
    p->prefix = get_str(a, o, "prefix");
    p->alt_prefix = get_str(a, o, "alt_prefix");
    p->name_zh = get_str(a, o, "name_zh");
    p->name_en = get_str(a, o, "name_en");
    if (p->code < 11 || p->code > 65 || !p->prefix || !p->name_zh) return -ERR_INVALID_INPUT;
    p->auth_letter_required = get_bool(o, "auth_letter_required");
    p->local_id_only = get_bool(o, "local_id_only");
    p->no_cross_province = get_bool(o, "no_cross_province");
    p->residence_permit_accepted = get_bool(o, "residence_permit_accepted");
    p->residence_doc_zh = get_str(a, o, "residence_doc_zh");
    p->residence_doc_en = get_str(a, o, "residence_doc_en");
    p->min_age = get_int(o, "min_age");
    p->max_domains_per_app = get_int(o, "max_domains_per_app");
    p->max_sites_per_app = get_int(o, "max_sites_per_app");
    p->individual_first_max_domains = get_int(o, "individual_first_max_domains");
    p->crowded_individual_sites = get_int(o, "crowded_individual_sites");
    p->crowded_org_sites = get_int(o, "crowded_org_sites");
    p->crowded_max_domains = get_int(o, "crowded_max_domains");
    json_t *extras = json_object_get(o, "extras");
    size_t n = json_array_size(extras);
    ProvinceExtra *x = ARENA_NEW(a, ProvinceExtra, n + 1);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(extras, i);
        x[i] = (ProvinceExtra){get_str(a, e, "code"),         get_str(a, e, "zh"),
                               get_str(a, e, "en"),           get_str(a, e, "note_zh"),
                               get_str(a, e, "note_en"),      get_int(e, "copies"),
                               (unsigned)get_int(e, "kinds"), (unsigned)get_int(e, "natures")};
        if (!x[i].code || !x[i].zh) return -ERR_INVALID_INPUT;
    }
    p->extras = x;
    p->n_extras = n;
    p->special_notice_zh = get_str(a, o, "special_notice_zh");
    p->special_notice_en = get_str(a, o, "special_notice_en");
    p->commercial_notice_zh = get_str(a, o, "commercial_notice_zh");
    p->commercial_notice_en = get_str(a, o, "commercial_notice_en");
    p->review_days_min = get_int(o, "review_days_min");
    p->review_days_max = get_int(o, "review_days_max");
    return 0;
}

int province_rules_seed(Db *db) {
    size_t n;
    const ProvinceRules *rows = province_seed(&n);
    for (size_t i = 0; i < n; i++) {
        json_t *o = province_rules_json(&rows[i]);
        char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(o);
        DbRc rc = db_exec(db,
                          "INSERT INTO province_rules (code, data, updated_at) VALUES (?, ?, ?) "
                          "ON CONFLICT (code) DO NOTHING",
                          "iti", (int64_t)rows[i].code, text, time_now());
        free(text);
        if (rc < 0) return db_err(rc);
    }
    return 0;
}

/* Parsed rules, one slot a province, shared by the threads: a load reads
** the row's text (one indexed SELECT, as before) and parses it only when
** it differs from the text the slot was parsed from (an admin edited it,
** or another node did). A replaced slot is kept, never freed: a request
** may still hold pointers into it. Edits are rare; the slots stay small. */
typedef struct RulesSlot {
    struct RulesSlot *older;
    char *text;
    Arena arena;
    ProvinceRules rules;
} RulesSlot;
static RulesSlot *rules_cache[100];
static pthread_mutex_t rules_lock = PTHREAD_MUTEX_INITIALIZER;

static int rules_parse_text(Arena *a, const char *text, ProvinceRules *out) {
    json_t *o = json_loads(text, 0, NULL);
    int ret = province_rules_parse(a, o, out);
    json_decref(o);
    return ret;
}

int province_rules_load(Db *db, Arena *a, int code, ProvinceRules *out) {
    if (code < 0 || code >= 100) return -ERR_PROVINCE_UNKNOWN;
    DbStmt *st;
    DbRc rc =
        db_query(db, &st, "SELECT data FROM province_rules WHERE code = ?", "i", (int64_t)code);
    if (rc < 0) return db_err(rc);
    char *text = rc == DB_ROW ? db_col_text(st, a, 0) : NULL;
    db_done(st);
    if (!text) return -ERR_PROVINCE_UNKNOWN;
    pthread_mutex_lock(&rules_lock);
    RulesSlot *s = rules_cache[code];
    bool hit = s && strcmp(s->text, text) == 0;
    if (hit) *out = s->rules;
    pthread_mutex_unlock(&rules_lock);
    if (hit) return 0;
    int ret = rules_parse_text(a, text, out);
    if (ret < 0) return ret;
    RulesSlot *n = calloc(1, sizeof *n);
    if (!n) return 0;
    arena_init(&n->arena);
    n->text = arena_strdup(&n->arena, text);
    if (rules_parse_text(&n->arena, text, &n->rules) < 0) {
        arena_free(&n->arena);
        free(n);
        return 0;
    }
    pthread_mutex_lock(&rules_lock);
    n->older = rules_cache[code];
    rules_cache[code] = n;
    pthread_mutex_unlock(&rules_lock);
    return 0;
}

int province_rules_store(Db *db, int code, json_t *data, int64_t admin_id) {
    Arena a;
    arena_init(&a);
    ProvinceRules p;
    int rc = province_rules_parse(&a, data, &p);
    arena_free(&a);
    if (rc < 0 || p.code != code) return -ERR_INVALID_INPUT;
    int64_t exists = 0;
    DbRc d = db_query_i64(db, &exists, "SELECT count(*) FROM province_rules WHERE code = ?", "i",
                          (int64_t)code);
    if (d < 0) return db_err(d);
    if (!exists) return -ERR_NOT_FOUND; /* 11..65 has gaps: no province, nothing stored */
    char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
    d = db_exec(db,
                "UPDATE province_rules SET data = ?, updated_by = ?, updated_at = ? WHERE code = ?",
                "tiii", text, admin_id, time_now(), (int64_t)code);
    free(text);
    return d < 0 ? db_err(d) : 0;
}
