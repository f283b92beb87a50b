/*
** Rows for exports, page by page by key; see export.h. The sealed values
** of a page (the applications' or the sites') are read by one statement of
** EXPORT_PAGE placeholders, so that it is prepared once per connection.
*/
#include "model/export.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/sealed.h"
#include "model/subject.h"
#include "rules/filing_check.h"
#include "rules/lifecycle.h"
#include "rules/mask.h"

/* Check what the export asks and forget an earlier attempt's counts; then
** the sink starts its file (again). */
static int run_start(ExportRun *run) {
    if (run->unmasked && run->role != ROLE_ADMIN) return -ERR_FORBIDDEN;
    if (run->max_rows < 1 || !run->sink.start) return -ERR_INTERNAL;
    run->rows = 0;
    run->cut = false;
    return run->sink.start(run->sink.ctx);
}

/* May one more row go out? At the cap, the export is marked cut (a row
** beyond it exists: the caller holds it). */
static bool room(ExportRun *run) {
    if (run->rows < run->max_rows) return true;
    run->cut = true;
    return false;
}

/* Person p of values v, its mobile and ID number masked unless clear. */
static ExportPerson person_of(Arena *a, const Values *v, const PersonFields *p, bool clear) {
    const char *mobile = values_get(v, p->mobile), *id = values_get(v, p->id_number);
    return (ExportPerson){.name = values_get(v, p->name),
                          .mobile = clear ? mobile : mask_phone(a, mobile),
                          .id_number = clear ? id : mask_id(a, id)};
}

/* "?,?,...": the EXPORT_PAGE placeholders of an IN list, with its ")". */
static void in_list(Buf *sql) {
    for (int i = 0; i < EXPORT_PAGE; i++)
        buf_puts(sql, i ? ",?" : "?");
    buf_putc(sql, ')');
}

/* Bind ids[0..n) to the IN list starting at parameter first; the unused
** places get 0, which no row has. */
static void bind_ids(DbStmt *st, int first, const int64_t *ids, size_t n) {
    for (size_t i = 0; i < EXPORT_PAGE; i++)
        db_bind_i64(st, first + (int)i, i < n ? ids[i] : 0);
}

/* The text column col of table for each of ids[0..n) (the sealed values):
** out[i] for ids[i], NULL when the row has gone. */
static int texts_by_id(Db *db, Arena *a, const char *table, const char *col, const int64_t *ids,
                       size_t n, const char **out) {
    Buf sql;
    buf_init(&sql, a);
    buf_printf(&sql, "SELECT id, %s FROM %s WHERE id IN (", col, table);
    in_list(&sql);
    DbStmt *st;
    DbRc rc = db_prepare(db, sql.data, &st);
    if (rc < 0) return db_err(rc);
    bind_ids(st, 1, ids, n);
    for (rc = db_step(st); rc == DB_ROW; rc = db_step(st)) {
        int64_t id = db_col_i64(st, 0);
        for (size_t i = 0; i < n; i++)
            if (ids[i] == id) out[i] = db_col_text(st, a, 1);
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

/* ---- A queue ------------------------------------------------------------ */

/* The subject principal of a queued application: from its values (a first
** filing, a change of subject, a claim by number), else the subject's
** record, as filing_principal decides. */
static int queue_principal(Db *db, Arena *a, const QueueRow *q, const char *sealed, bool clear,
                           ExportPerson *out) {
    Values v;
    int rc = values_open(a, sealed, &v);
    if (rc < 0) return rc;
    FilingContext fc = {.kind = q->kind};
    Subject s;
    if (!filing_kind_has_step(q->kind, STEP_SUBJECT) &&
        !filing_kind_has_step(q->kind, STEP_CLAIM)) {
        rc = subject_get(db, a, q->subject_id, &s);
        if (rc < 0) return rc;
        fc.subject = &s.record;
    }
    const Values *p = filing_principal(a, &fc, &v);
    *out = person_of(a, p, &PERSON_PRINCIPAL, clear);
    if (!*out->name) out->name = q->principal_name;
    return 0;
}

/* One page of the queue after f's key, to the sink; f moves past it and
** *more says whether another page follows. */
static int queue_one_page(Db *db, Arena *a, ExportQueue *op, QueueFilter *f, bool *more) {
    ExportRun *run = &op->run;
    QueuePage p = {.a = a, .f = *f, .now = op->now};
    int rc = queue_page(db, &p);
    *more = rc == 0 && p.more;
    if (rc < 0 || p.n == 0) return rc;
    int64_t *ids = ARENA_NEW(a, int64_t, p.n);
    const char **sealed = ARENA_NEW(a, const char *, p.n);
    for (size_t i = 0; i < p.n; i++)
        ids[i] = p.rows[i].id;
    rc = texts_by_id(db, a, "applications", "values_sealed", ids, p.n, sealed);
    for (size_t i = 0; rc == 0 && i < p.n; i++) {
        if (!room(run)) break;
        ExportQueueRow row = {.q = &p.rows[i]};
        rc = queue_principal(db, a, &p.rows[i], sealed[i], run->unmasked, &row.principal);
        if (rc == 0) rc = run->sink.queue_row(run->sink.ctx, a, &row);
        if (rc == 0) run->rows++;
    }
    f->after_at = p.rows[p.n - 1].submitted_at;
    f->after_id = p.rows[p.n - 1].id;
    return rc;
}

/* Run: start the sink, then the queue's pages by key until the end or the
** cap; each page in a scratch arena emptied after it. */
int export_queue(Db *db, void *ctx) {
    ExportQueue *op = ctx;
    int rc = run_start(&op->run);
    if (rc == 0 && !op->run.sink.queue_row) rc = -ERR_INTERNAL;
    QueueFilter f = op->f;
    f.after_at = f.after_id = 0;
    f.limit = EXPORT_PAGE;
    Arena page;
    arena_init(&page);
    for (bool more = true; rc == 0 && more && !op->run.cut; arena_reset(&page))
        rc = queue_one_page(db, &page, op, &f, &more);
    arena_free(&page);
    return rc;
}

/* ---- The filed sites ---------------------------------------------------- */

/* A page of sites with a number, after a site id. */
typedef struct SitePage {
    ExportSiteRow *rows;
    int64_t *ids;
    const char **records; /* sealed */
    SiteStatus *status;
    bool *subject_cancelled; /* the subject's cancellation was approved */
    size_t n;
} SitePage;

#define SITE_COLS                                                                                  \
    "s.id, s.subject_id, s.site_number, s.name, s.domain, s.record, j.name, j.subject_number, "    \
    "j.nature, j.province, EXISTS (SELECT 1 FROM applications c WHERE c.subject_id = "             \
    "s.subject_id AND c.kind = ? AND c.state = ?)"

/* Read the page of sites with a number after the id after (by id). */
static int sites_read(Db *db, Arena *a, int64_t after, SitePage *pg) {
    *pg = (SitePage){.rows = ARENA_NEW(a, ExportSiteRow, EXPORT_PAGE),
                     .ids = ARENA_NEW(a, int64_t, EXPORT_PAGE),
                     .records = ARENA_NEW(a, const char *, EXPORT_PAGE),
                     .status = ARENA_NEW(a, SiteStatus, EXPORT_PAGE),
                     .subject_cancelled = ARENA_NEW(a, bool, EXPORT_PAGE)};
    Buf sql;
    buf_init(&sql, a);
    buf_printf(&sql,
               "SELECT " SITE_COLS " FROM sites s JOIN subjects j ON j.id = s.subject_id "
               "WHERE s.site_number IS NOT NULL AND s.id > ? ORDER BY s.id LIMIT %d",
               EXPORT_PAGE);
    DbStmt *st;
    DbRc rc = db_prepare(db, sql.data, &st);
    if (rc < 0) return db_err(rc);
    db_bind_text(st, 1, app_kind_id(KIND_CANCEL_SUBJECT));
    db_bind_text(st, 2, app_state_id(STATE_APPROVED));
    db_bind_i64(st, 3, after);
    rc = db_step(st);
    for (; rc == DB_ROW && pg->n < EXPORT_PAGE; rc = db_step(st)) {
        ExportSiteRow *r = &pg->rows[pg->n];
        *r = (ExportSiteRow){.id = db_col_i64(st, 0),
                             .subject_id = db_col_i64(st, 1),
                             .site_number = db_col_text(st, a, 2),
                             .name = db_col_text(st, a, 3),
                             .domain = db_col_text(st, a, 4),
                             .subject_name = db_col_text(st, a, 6),
                             .subject_number = db_col_text(st, a, 7),
                             .nature = db_col_text(st, a, 8),
                             .province = (int)db_col_i64(st, 9)};
        pg->records[pg->n] = db_col_text(st, a, 5);
        pg->subject_cancelled[pg->n] = db_col_i64(st, 10) != 0;
        pg->ids[pg->n++] = r->id;
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

/* The facts of one site's applications, oldest first, as they are read. */
typedef struct SiteFacts {
    AppFact *facts;
    size_t n, cap;
    int64_t approved_at; /* the last approval of an application adding the site */
} SiteFacts;

/* Append one application's fact to a site's (the arena array doubles). */
static void facts_add(Arena *a, SiteFacts *sf, AppFact f, int64_t approved_at) {
    if (sf->n == sf->cap) {
        size_t cap = sf->cap ? sf->cap * 2 : 16;
        AppFact *grown = ARENA_NEW(a, AppFact, cap);
        if (sf->n) memcpy(grown, sf->facts, sf->n * sizeof *grown);
        sf->facts = grown, sf->cap = cap;
    }
    sf->facts[sf->n++] = f;
    if (f.state == STATE_APPROVED && app_kind_adds_site(f.kind) && approved_at > sf->approved_at)
        sf->approved_at = approved_at;
}

/* Site i's status (lifecycle's derivation from its applications) and the
** date it was filed; then forget its facts. */
static void facts_settle(SitePage *pg, size_t i, SiteFacts *sf) {
    pg->status[i] = site_status_derive(sf->facts, sf->n);
    pg->rows[i].filed_at = sf->approved_at;
    sf->n = 0;
    sf->approved_at = 0;
}

/* The status and filing date of every site of the page, from one read of
** their applications (by site, oldest first). */
static int sites_status(Db *db, Arena *a, SitePage *pg) {
    Buf sql;
    buf_init(&sql, a);
    buf_puts(&sql, "SELECT a.site_id, a.kind, a.state, (SELECT max(t.at) FROM transitions t "
                   "WHERE t.application_id = a.id AND t.to_state = ?) FROM applications a "
                   "WHERE a.site_id IN (");
    in_list(&sql);
    buf_puts(&sql, " ORDER BY a.site_id, a.id");
    DbStmt *st;
    DbRc rc = db_prepare(db, sql.data, &st);
    if (rc < 0) return db_err(rc);
    db_bind_text(st, 1, app_state_id(STATE_APPROVED));
    bind_ids(st, 2, pg->ids, pg->n);
    SiteFacts sf = {0};
    size_t i = 0;
    for (rc = db_step(st); rc == DB_ROW; rc = db_step(st)) {
        int64_t site = db_col_i64(st, 0);
        while (i < pg->n && pg->ids[i] < site)
            facts_settle(pg, i++, &sf);
        AppFact f = {.kind = app_kind_parse(db_col_text(st, a, 1)),
                     .state = app_state_parse(db_col_text(st, a, 2))};
        facts_add(a, &sf, f, db_col_null(st, 3) ? 0 : db_col_i64(st, 3));
    }
    db_done(st);
    while (i < pg->n)
        facts_settle(pg, i++, &sf);
    return rc < 0 ? db_err(rc) : 0;
}

/* A site's principal and access from its sealed record; a principal "the
** same as the subject's" left empty there is the subject's. */
static int site_details(Db *db, Arena *a, ExportSiteRow *r, const char *sealed, bool clear) {
    Values rec;
    int rc = values_open(a, sealed, &rec);
    if (rc < 0) return rc;
    const Values *p = &rec;
    const PersonFields *who = &PERSON_SITE_PRINCIPAL;
    Subject s;
    if (!*values_get(&rec, F_SITE_PRINCIPAL_NAME) && values_flag(&rec, F_SITE_PRINCIPAL_SAME)) {
        rc = subject_get(db, a, r->subject_id, &s);
        if (rc < 0) return rc;
        p = &s.record, who = &PERSON_PRINCIPAL;
    }
    r->principal = person_of(a, p, who, clear);
    r->ips = values_list(&rec, F_ACCESS_IPS, &r->nips);
    r->access_method = values_get(&rec, F_ACCESS_METHOD);
    return 0;
}

/* One page of sites after *after, the filed ones to the sink. */
static int sites_one_page(Db *db, Arena *a, ExportRun *run, int64_t *after, bool *more) {
    SitePage pg;
    int rc = sites_read(db, a, *after, &pg);
    if (rc == 0 && pg.n) rc = sites_status(db, a, &pg);
    *more = rc == 0 && pg.n == EXPORT_PAGE;
    for (size_t i = 0; rc == 0 && i < pg.n; i++) {
        if (pg.status[i] != SITE_FILED || pg.subject_cancelled[i]) continue;
        if (!room(run)) break;
        rc = site_details(db, a, &pg.rows[i], pg.records[i], run->unmasked);
        if (rc == 0) rc = run->sink.site_row(run->sink.ctx, a, &pg.rows[i]);
        if (rc == 0) run->rows++;
    }
    if (pg.n) *after = pg.ids[pg.n - 1];
    return rc;
}

/* Run: start the sink, then the pages of sites by id until the end or the
** cap; each page in a scratch arena emptied after it. */
int export_sites(Db *db, void *ctx) {
    ExportSites *op = ctx;
    int rc = run_start(&op->run);
    if (rc == 0 && !op->run.sink.site_row) rc = -ERR_INTERNAL;
    int64_t after = 0;
    Arena page;
    arena_init(&page);
    for (bool more = true; rc == 0 && more && !op->run.cut; arena_reset(&page))
        rc = sites_one_page(db, &page, &op->run, &after, &more);
    arena_free(&page);
    return rc;
}

/* ---- The audit row ------------------------------------------------------ */

/* The detail is built here as JSON from fixed keys; the filter is the only
** text given, and it holds no personal data beyond a search term. */
int export_audit(Db *db, void *ctx) {
    ExportAudit *op = ctx;
    Buf d;
    buf_init(&d, op->a);
    buf_puts(&d, "{\"format\":");
    buf_json_str(&d, op->format ? op->format : "");
    buf_puts(&d, ",\"filter\":");
    buf_json_str(&d, op->filter ? op->filter : "");
    buf_printf(&d, ",\"rows\":%lld,\"cut\":%s", (long long)op->rows, op->cut ? "true" : "false");
    if (op->unmasked) buf_puts(&d, ",\"unmasked\":true");
    buf_putc(&d, '}');
    return audit_write(db, &op->who, op->action, "export", 0, d.data);
}
