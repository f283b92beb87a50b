/*
** The rows of exports (model/export.c) over several pages, on SQLite: every
** filed site once and in id order across page boundaries (sites in filing
** or cancelled left out), their filing date and principal (masked, or clear
** for an admin; a reviewer asking is refused); a queue of more than two
** pages in (submitted_at, id) order with ties; the cap below, at and above
** the number of rows; a transaction run again starts its sink over.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/export.h"
#include "model_fixture.h"

typedef struct Fx {
    ModelFix f;
    char dir[256];
} Fx;

#define NSITES 450 /* more than two pages of EXPORT_PAGE */
#define NAPPS  430

static int64_t approved_at_of(int i) {
    return 1790000000 + i;
}

/* Site i: filed (approved first filing), except every 7th still in filing
** and every 11th cancelled. Its principal is person i. */
static void make_site(ModelFix *f, int64_t subject, int64_t account, int i) {
    char json[512];
    snprintf(json, sizeof json,
             "{\"site_principal_name\":\"负责人%d\",\"site_principal_mobile\":\"139%08d\","
             "\"site_principal_id_number\":\"11010519900101%04d\","
             "\"access_ips\":\"10.0.0.1\\n10.0.0.%d\",\"access_method\":\"virtual_host\"}",
             i, i, i, i % 250);
    int64_t site = 0, app = 0;
    bool filing = i % 7 == 0, cancelled = i % 11 == 0;
    char number[64], domain[64];
    snprintf(number, sizeof number, "京ICP备%08d号-%d", 10000000 + (int)subject, i);
    snprintf(domain, sizeof domain, "s%d.example.cn", i);
    assert_int_equal(db_insert(f->db, &site,
                               "INSERT INTO sites (subject_id, site_number, name, domain, record, "
                               "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1) RETURNING id",
                               "itttt", subject, filing ? NULL : number, "示例网站", domain,
                               crypto_seal_text(&f->a, json)),
                     DB_ROW);
    const char *kinds[2] = {"first_filing", "cancel_site"};
    for (int k = 0; k < (cancelled && !filing ? 2 : 1); k++) {
        const char *state = filing ? "provider_review" : "approved";
        assert_int_equal(
            db_insert(f->db, &app,
                      "INSERT INTO applications (subject_id, site_id, kind, state, created_by, "
                      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1) RETURNING id",
                      "iitti", subject, site, kinds[k], state, account),
            DB_ROW);
        if (!filing)
            assert_true(db_exec(f->db,
                                "INSERT INTO transitions (application_id, at, actor_role, event, "
                                "from_state, to_state) VALUES (?, ?, 'system', "
                                "'regulator_approve', 'regulator_review', 'approved')",
                                "ii", app, approved_at_of(i) + k) >= 0);
    }
}

/* Application i of the queue 'new': submitted_at ties in threes. */
static void make_queued(ModelFix *f, int64_t subject, int64_t account, int i) {
    char json[256];
    snprintf(json, sizeof json,
             "{\"principal_name\":\"张%d\",\"principal_mobile\":\"138%08d\","
             "\"principal_id_number\":\"11010519850315%04d\"}",
             i, i, i);
    int64_t app = 0;
    char number[32];
    snprintf(number, sizeof number, "A2026-%06d", i);
    assert_int_equal(db_insert(f->db, &app,
                               "INSERT INTO applications (number, subject_id, kind, state, "
                               "values_sealed, created_by, created_at, updated_at, submitted_at, "
                               "queue, province) VALUES (?, ?, 'first_filing', 'provider_review', "
                               "?, ?, 1, 1, ?, 'new', 11) RETURNING id",
                               "titii", number, subject, crypto_seal_text(&f->a, json), account,
                               (int64_t)(1790000000 + (NAPPS - i) / 3)),
                     DB_ROW);
}

/* Fill the database in one transaction (it is faster). */
static int fill(Db *db, void *ctx) {
    ModelFix *f = ctx;
    (void)db;
    int64_t account = mf_account(f, "cust1", "customer", "active");
    int64_t subject = mf_subject(f, account, "京ICP备10000001号", NULL);
    assert_true(db_exec(f->db,
                        "UPDATE subjects SET name = '北京示例科技有限公司', nature = 'enterprise', "
                        "province = 11 WHERE id = ?",
                        "i", subject) >= 0);
    for (int i = 1; i <= NSITES; i++)
        make_site(f, subject, account, i);
    for (int i = 1; i <= NAPPS; i++)
        make_queued(f, subject, account, i);
    return 0;
}

static int setup(void **state) {
    Fx *x = calloc(1, sizeof *x);
    snprintf(x->dir, sizeof x->dir, "/tmp/beian-exporttest-XXXXXX");
    if (!mkdtemp(x->dir)) return -1;
    snprintf(x->f.url, sizeof x->f.url, "sqlite:%s/model.db", x->dir);
    x->f.db = db_open(x->f.url);
    if (!x->f.db || mf_ready(&x->f) != 0) return -1;
    if (db_tx(x->f.db, fill, &x->f) != 0) return -1;
    *state = x;
    return 0;
}

static int teardown(void **state) {
    Fx *x = *state;
    mf_release(&x->f);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", x->dir);
    int rc = system(cmd);
    free(x);
    return rc == 0 ? 0 : -1;
}

/* What a sink saw. */
typedef struct Seen {
    int starts, n;
    int64_t last_id, last_at;
    bool ordered;
    ExportSiteRow first_site;
    char first_mobile[32], first_id[32], first_ips[64];
    int64_t first_filed;
} Seen;

static int seen_start(void *ctx) {
    Seen *s = ctx;
    s->starts++;
    s->n = 0;
    s->last_id = s->last_at = 0;
    s->ordered = true;
    return 0;
}

static int seen_site(void *ctx, Arena *a, const ExportSiteRow *r) {
    (void)a;
    Seen *s = ctx;
    if (r->id <= s->last_id) s->ordered = false;
    if (s->n++ == 0) {
        snprintf(s->first_mobile, sizeof s->first_mobile, "%s", r->principal.mobile);
        snprintf(s->first_id, sizeof s->first_id, "%s", r->principal.id_number);
        snprintf(s->first_ips, sizeof s->first_ips, "%s|%s", r->nips > 0 ? r->ips[0] : "",
                 r->nips > 1 ? r->ips[1] : "");
        s->first_filed = r->filed_at;
    }
    s->last_id = r->id;
    return 0;
}

static int seen_queue(void *ctx, Arena *a, const ExportQueueRow *r) {
    (void)a;
    Seen *s = ctx;
    const QueueRow *q = r->q;
    if (q->submitted_at < s->last_at || (q->submitted_at == s->last_at && q->id <= s->last_id))
        s->ordered = false;
    if (s->n++ == 0) {
        snprintf(s->first_mobile, sizeof s->first_mobile, "%s", r->principal.mobile);
        snprintf(s->first_id, sizeof s->first_id, "%s", r->principal.id_number);
    }
    s->last_at = q->submitted_at;
    s->last_id = q->id;
    return 0;
}

/* Export the sites with a cap, as role, into *seen. */
static int sites(Fx *x, Role role, bool unmasked, int64_t max, Seen *seen, ExportSites *op) {
    *seen = (Seen){0};
    *op = (ExportSites){.run = {.role = role,
                                .unmasked = unmasked,
                                .max_rows = max,
                                .sink = {.start = seen_start, .site_row = seen_site, .ctx = seen}}};
    return db_tx_read(x->f.db, export_sites, op);
}

/* The number of filed sites make_site makes. */
static int filed_count(void) {
    int n = 0;
    for (int i = 1; i <= NSITES; i++)
        if (i % 7 != 0 && i % 11 != 0) n++;
    return n;
}

static void test_sites_every_page(void **state) {
    Fx *x = *state;
    Seen s;
    ExportSites op;
    assert_int_equal(sites(x, ROLE_REVIEWER, false, 100000, &s, &op), 0);
    assert_int_equal(s.starts, 1);
    assert_int_equal(s.n, filed_count());
    assert_int_equal(op.run.rows, filed_count());
    assert_false(op.run.cut);
    assert_true(s.ordered);
    /* Site 1: masked, its IPs, filed when its first filing was approved. */
    assert_string_equal(s.first_mobile, "139****0001");
    assert_string_equal(s.first_id, "110105********0001");
    assert_string_equal(s.first_ips, "10.0.0.1|10.0.0.1");
    assert_int_equal(s.first_filed, approved_at_of(1));
}

static void test_sites_unmasked_for_admins_only(void **state) {
    Fx *x = *state;
    Seen s;
    ExportSites op;
    assert_int_equal(sites(x, ROLE_ADMIN, true, 100000, &s, &op), 0);
    assert_string_equal(s.first_mobile, "13900000001");
    assert_string_equal(s.first_id, "110105199001010001");
    assert_int_equal(sites(x, ROLE_REVIEWER, true, 100000, &s, &op), -ERR_FORBIDDEN);
    assert_int_equal(s.n, 0);
}

static void test_sites_cap(void **state) {
    Fx *x = *state;
    Seen s;
    ExportSites op;
    int all = filed_count();
    const struct {
        int64_t max;
        int rows;
        bool cut;
    } cases[] = {{all, all, false},
                 {all + 1, all, false},
                 {all - 1, all - 1, true},
                 {EXPORT_PAGE, EXPORT_PAGE, true},
                 {1, 1, true}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(sites(x, ROLE_REVIEWER, false, cases[i].max, &s, &op), 0);
        if (s.n != cases[i].rows || op.run.rows != cases[i].rows || op.run.cut != cases[i].cut)
            fail_msg("cap %lld: %d rows (run %lld), cut %d", (long long)cases[i].max, s.n,
                     (long long)op.run.rows, op.run.cut);
    }
}

static void test_queue_every_page(void **state) {
    Fx *x = *state;
    Seen s = {0};
    ExportQueue op = {.run = {.role = ROLE_REVIEWER,
                              .max_rows = 100000,
                              .sink = {.start = seen_start, .queue_row = seen_queue, .ctx = &s}},
                      .f = {.queue = QUEUE_NEW, .commercial = -1, .limit = 7, .after_id = 99},
                      .now = 1800000000};
    assert_int_equal(db_tx_read(x->f.db, export_queue, &op), 0);
    assert_int_equal(s.n, NAPPS); /* the filter's paging is not the export's */
    assert_true(s.ordered);
    assert_false(op.run.cut);
    /* The oldest are the last three made (submitted_at falls with i), the
    ** first of them by id first. */
    assert_string_equal(s.first_mobile, "138****0428");
    assert_string_equal(s.first_id, "110105********0428");
    op.run.max_rows = 401;
    assert_int_equal(db_tx_read(x->f.db, export_queue, &op), 0);
    assert_int_equal(s.n, 401);
    assert_true(op.run.cut);
    op.f.province = 31; /* Shanghai: nobody */
    assert_int_equal(db_tx_read(x->f.db, export_queue, &op), 0);
    assert_int_equal(s.n, 0);
    assert_false(op.run.cut);
}

static void test_run_again_starts_over(void **state) {
    Fx *x = *state;
    Seen s;
    ExportSites op;
    assert_int_equal(sites(x, ROLE_REVIEWER, false, 100000, &s, &op), 0);
    /* As db_tx does on a retry: the same operation once more. */
    assert_int_equal(db_tx_read(x->f.db, export_sites, &op), 0);
    assert_int_equal(s.starts, 2);
    assert_int_equal(s.n, filed_count());
    assert_int_equal(op.run.rows, filed_count());
}

/* Runs last: it cancels the subject. Its sites are filed no more. */
static void test_sites_of_a_cancelled_subject_left_out(void **state) {
    Fx *x = *state;
    int64_t subject = 0;
    assert_int_equal(db_query_i64(x->f.db, &subject, "SELECT min(id) FROM subjects", ""), DB_ROW);
    int64_t app = 0;
    assert_int_equal(db_insert(x->f.db, &app,
                               "INSERT INTO applications (subject_id, kind, state, created_by, "
                               "created_at, updated_at) VALUES (?, 'cancel_subject', 'approved', "
                               "(SELECT min(id) FROM accounts), 1, 1) RETURNING id",
                               "i", subject),
                     DB_ROW);
    Seen s;
    ExportSites op;
    assert_int_equal(sites(x, ROLE_REVIEWER, false, 100000, &s, &op), 0);
    assert_int_equal(s.n, 0);
    assert_int_equal(op.run.rows, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sites_every_page),
        cmocka_unit_test(test_sites_unmasked_for_admins_only),
        cmocka_unit_test(test_sites_cap),
        cmocka_unit_test(test_queue_every_page),
        cmocka_unit_test(test_run_again_starts_over),
        cmocka_unit_test(test_sites_of_a_cancelled_subject_left_out),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
