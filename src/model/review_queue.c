/*
** The reviewers' queues. Each queue is one range of an index read in its
** order (submitted_at, id) and paged by key, so a page costs the same at
** ten thousand applications as at a million: a single queue a range of
** applications(queue, submitted_at, id) and its siblings by province, kind
** and claim (migration 0008); all three waiting queues together, the
** default page, a range of the partial indexes of the waiting applications
** (0018), which also carry every column the page shows (0019). Each index
** carries what the other filters test, so filters are tested on index
** entries, not rows, and only the rows of the page are read; a search
** chooses its ids by their own indexes first. The SQL is assembled from
** fixed pieces (never from input) with bound parameters.
*/
#include "model/review_queue.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "model/logins.h"
#include "model/settings.h"
#include "rules/filing_number.h"
#include "rules/validate.h"

static const struct {
    const char *id, *zh, *en;
} queue_names[QUEUE__COUNT] = {
    [QUEUE_ALL] = {"all", "全部待处理", "All waiting"},
    [QUEUE_NEW] = {"new", "新提交", "New"},
    [QUEUE_RESUBMITTED] = {"resubmitted", "退回后重新提交", "Resubmitted after a return"},
    [QUEUE_RETURNED] = {"returned", "管局退回待处理", "Returned by the administration"},
    [QUEUE_TO_SEND] = {"to_send", "待报送管局", "To be sent to the administration"},
};

const char *review_queue_id(ReviewQueue q) {
    return q > 0 && q < QUEUE__COUNT ? queue_names[q].id : NULL;
}

ReviewQueue review_queue_parse(const char *id) {
    for (int q = 1; id && q < QUEUE__COUNT; q++)
        if (!strcmp(queue_names[q].id, id)) return (ReviewQueue)q;
    return 0;
}

const char *review_queue_label(ReviewQueue q, Lang lang) {
    if (q <= 0 || q >= QUEUE__COUNT) return "";
    return lang == LANG_EN ? queue_names[q].en : queue_names[q].zh;
}

typedef QueueSql Params;

static void param_i(Params *p, int64_t v) {
    if (p->n >= QUEUE_SQL_MAX_PARAMS - 1) return;
    p->fmt[p->n] = 'i', p->ints[p->n++] = v;
    p->fmt[p->n] = 0;
}

static void param_t(Params *p, const char *v) {
    if (p->n >= QUEUE_SQL_MAX_PARAMS - 1) return;
    p->fmt[p->n] = 't', p->texts[p->n++] = v;
    p->fmt[p->n] = 0;
}

/* "\xf4\x8f\xbf\xbf" (U+10FFFF) sorts after every character: the upper end
** of the range of texts starting with a prefix. */
static const char *prefix_end(Arena *a, const char *prefix) {
    return arena_printf(a, "%s\xf4\x8f\xbf\xbf", prefix);
}

/* The condition that picks the applications of queue q (alias t): one
** queue ("t.queue <> ''" is always true there; it lets 0008's partial
** indexes, WHERE queue <> '', serve a bound queue), or the three waiting
** ones together in the words of 0018's partial indexes' predicate, so that
** a page reads one of those in order. */
static void queue_cond(Buf *sql, Params *p, const char *t, ReviewQueue q) {
    if (q == QUEUE_ALL) {
        buf_printf(sql, "%s.queue IN ('new', 'resubmitted', 'returned')", t);
    } else {
        buf_printf(sql, "%s.queue = ? AND %s.queue <> ''", t, t);
        param_t(p, review_queue_id(q));
    }
}

/* The search condition of q, by what q looks like, in queue. */
static void search_sql(Arena *a, Buf *sql, Params *p, ReviewQueue queue, const char *q) {
    FilingNumber fn;
    Domain d;
    if (q[0] == 'A' && strchr(q, '-') && strlen(q) < 24) {
        buf_puts(sql, " AND a.number = ?");
        param_t(p, q);
    } else if (filing_number_parse(q, &fn) == 0) {
        const char *norm = filing_number_format(a, &fn);
        if (fn.site) {
            buf_puts(sql, " AND a.site_id IN (SELECT id FROM sites WHERE site_number = ?)");
        } else {
            buf_puts(sql,
                     " AND a.subject_id IN (SELECT id FROM subjects WHERE subject_number = ?)");
        }
        param_t(p, norm);
    } else if ((strchr(q, '.') || strstr(q, "。")) && domain_parse(a, q, &d) == 0) {
        buf_puts(sql,
                 " AND (a.domain = ? OR a.site_id IN (SELECT id FROM sites WHERE domain = ?))");
        param_t(p, d.ascii);
        param_t(p, d.ascii);
    } else {
        /* The subject's name or the principal's: the applications of each
        ** queue, found from the matching subjects (applications_queue_subject;
        ** CROSS JOIN keeps SQLite reading the subjects first, with or without
        ** statistics) and from the matching principals
        ** (applications_queue_principal), not by reading the whole queue.
        ** One queue at a time: "queue = ?" and the name's range make one
        ** range of those indexes, which both planners take (with the three
        ** queues IN (...), PostgreSQL read the principals of all
        ** applications). */
        static const ReviewQueue waiting[] = {QUEUE_NEW, QUEUE_RESUBMITTED, QUEUE_RETURNED};
        const ReviewQueue *qs = queue == QUEUE_ALL ? waiting : &queue;
        size_t nq = queue == QUEUE_ALL ? 3 : 1;
        const char *end = prefix_end(a, q);
        buf_puts(sql, " AND a.id IN (");
        for (size_t i = 0; i < nq; i++) {
            buf_puts(sql, i ? " UNION ALL " : "");
            buf_puts(sql, "SELECT a2.id FROM subjects s2 CROSS JOIN applications a2"
                          " WHERE a2.subject_id = s2.id AND s2.name >= ? AND s2.name < ? AND ");
            param_t(p, q), param_t(p, end);
            queue_cond(sql, p, "a2", qs[i]);
            buf_puts(sql, " UNION ALL SELECT a3.id FROM applications a3 WHERE ");
            queue_cond(sql, p, "a3", qs[i]);
            buf_puts(sql, " AND a3.principal_name >= ? AND a3.principal_name < ?");
            param_t(p, q), param_t(p, end);
        }
        buf_putc(sql, ')');
    }
}

/* The conditions of the filter, after the queue's. */
static void filter_sql(Arena *a, Buf *sql, Params *p, const QueueFilter *f, int64_t now) {
    if (f->kind) buf_puts(sql, " AND a.kind = ?"), param_t(p, app_kind_id(f->kind));
    if (f->province) buf_puts(sql, " AND a.province = ?"), param_i(p, f->province);
    if (f->nature) buf_puts(sql, " AND a.nature = ?"), param_t(p, nature_id(f->nature));
    if (f->commercial >= 0) buf_puts(sql, " AND a.commercial = ?"), param_i(p, f->commercial);
    int64_t before = 0;
    if (f->min_days > 0) before = now - (int64_t)f->min_days * 86400;
    if (f->overdue) {
        int64_t limit =
            now - (int64_t)(f->limit_hours > 0 ? f->limit_hours : SETTINGS_REVIEW_HOURS) * 3600;
        if (!before || limit < before) before = limit;
    }
    if (before) buf_puts(sql, " AND a.submitted_at <= ?"), param_i(p, before);
    if (f->claim == CLAIM_MINE) buf_puts(sql, " AND a.claimed_by = ?"), param_i(p, f->me);
    if (f->claim == CLAIM_UNCLAIMED) buf_puts(sql, " AND a.claimed_by IS NULL");
    if (f->q && *f->q) search_sql(a, sql, p, f->queue, f->q);
    if (f->after_at || f->after_id) {
        buf_puts(sql, " AND (a.submitted_at, a.id) > (?, ?)");
        param_i(p, f->after_at), param_i(p, f->after_id);
    }
}

/* The whole statement. The application's columns it shows, and those of
** its subject. */
#define PAGE_COLUMNS                                                                               \
    "SELECT a.id, a.subject_id, a.submitted_at, a.claimed_by, a.returned_by, a.number, a.kind, "   \
    "a.state, a.review_round, a.province, a.nature, a.domain, a.principal_name, a.commercial, "    \
    "s.name, s.subject_number "

/* Without a search: one range of an index read in the queue's order, the
** filters tested on its entries, each row joined to its subject, until
** limit pass. For the waiting applications (0019) the index carries every
** column shown, so no row is looked up in the table.
** With a search: the ids first, from the search's own indexes, sorted and
** cut to limit; then those rows with their subjects. Choosing the ids
** first bounds the join by limit whatever the planner thinks of the
** search; CROSS JOIN has SQLite read them as a co-routine rather than
** store them in a temporary table.
** queue_page puts the rows in the queue's order (the planners may not).
** The claimer's and returner's logins come from login_of (the node keeps
** them), not from two more joins. */
static void page_sql(Arena *a, Buf *sql, Params *p, const QueueFilter *f, int64_t now, int limit) {
    if (!f->q || !*f->q) {
        buf_puts(sql, PAGE_COLUMNS "FROM applications a CROSS JOIN subjects s "
                                   "WHERE s.id = a.subject_id AND ");
        queue_cond(sql, p, "a", f->queue);
        filter_sql(a, sql, p, f, now);
        buf_printf(sql, " ORDER BY a.submitted_at, a.id LIMIT %d", limit);
        return;
    }
    buf_puts(sql, PAGE_COLUMNS "FROM (SELECT a.id FROM applications a WHERE ");
    queue_cond(sql, p, "a", f->queue);
    filter_sql(a, sql, p, f, now);
    buf_printf(sql, " ORDER BY a.submitted_at, a.id LIMIT %d) page", limit);
    buf_puts(sql, " CROSS JOIN applications a JOIN subjects s ON s.id = a.subject_id "
                  "WHERE a.id = page.id");
}

int queue_page_sql(Arena *a, const QueueFilter *f, int64_t now, QueueSql *out) {
    memset(out, 0, sizeof *out);
    if (f->queue <= 0 || f->queue >= QUEUE__COUNT) return -ERR_FIELD_CHOICE;
    int limit = f->limit > 0 && f->limit <= 200 ? f->limit : 50;
    Buf sql;
    buf_init(&sql, a);
    page_sql(a, &sql, out, f, now, limit + 1);
    out->sql = sql.data;
    return 0;
}

static DbRc bind_all(DbStmt *st, const Params *p) {
    for (size_t i = 0; i < p->n; i++) {
        if (p->fmt[i] == 'i')
            db_bind_i64(st, (int)i + 1, p->ints[i]);
        else
            db_bind_text(st, (int)i + 1, p->texts[i]);
    }
    return db_step(st);
}

static void row_read(DbStmt *st, Arena *a, QueueRow *r) {
    r->id = db_col_i64(st, 0);
    r->subject_id = db_col_i64(st, 1);
    r->submitted_at = db_col_i64(st, 2);
    r->claimed_by = db_col_null(st, 3) ? 0 : db_col_i64(st, 3);
    r->returned_by = db_col_null(st, 4) ? 0 : db_col_i64(st, 4);
    r->number = db_col_text(st, a, 5);
    r->kind = app_kind_parse(db_col_text(st, a, 6));
    r->state = app_state_parse(db_col_text(st, a, 7));
    r->review_round = (int)db_col_i64(st, 8);
    r->province = (int)db_col_i64(st, 9);
    r->nature = db_col_text(st, a, 10);
    r->domain = db_col_text(st, a, 11);
    r->principal_name = db_col_text(st, a, 12);
    r->commercial = db_col_i64(st, 13) != 0;
    r->subject_name = db_col_text(st, a, 14);
    r->subject_number = db_col_text(st, a, 15);
}

/* The rows in the queue's order, (submitted_at, id): an insertion sort of
** at most 201 rows that come back from the statement nearly in order. */
static void rows_order(QueueRow *r, size_t n) {
    for (size_t i = 1; i < n; i++) {
        QueueRow x = r[i];
        size_t j = i;
        while (j > 0 && (r[j - 1].submitted_at > x.submitted_at ||
                         (r[j - 1].submitted_at == x.submitted_at && r[j - 1].id > x.id))) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = x;
    }
}

int queue_page(Db *db, void *ctx) {
    QueuePage *op = ctx;
    op->n = 0;
    op->more = false;
    QueueFilter *f = &op->f;
    if (f->queue <= 0 || f->queue >= QUEUE__COUNT) return -ERR_FIELD_CHOICE;
    if (f->limit_hours <= 0) {
        int rc = settings_review_hours(db, &f->limit_hours);
        if (rc < 0) return rc;
    }
    int limit = f->limit > 0 && f->limit <= 200 ? f->limit : 50;
    Params *p = ARENA_NEW(op->a, Params, 1);
    queue_page_sql(op->a, f, op->now, p);
    DbStmt *st;
    DbRc rc = db_prepare(db, p->sql, &st);
    if (rc < 0) return db_err(rc);
    rc = bind_all(st, p);
    op->rows = ARENA_NEW(op->a, QueueRow, (size_t)limit + 1);
    while (rc == DB_ROW && op->n <= (size_t)limit) {
        row_read(st, op->a, &op->rows[op->n++]);
        rc = db_step(st);
    }
    db_done(st);
    if (rc < 0) return db_err(rc);
    for (size_t i = 0; i < op->n; i++) {
        QueueRow *r = &op->rows[i];
        int lrc = login_of(db, op->a, r->claimed_by, &r->claimed_login);
        if (lrc == 0) lrc = login_of(db, op->a, r->returned_by, &r->returned_login);
        if (lrc < 0) return lrc;
    }
    rows_order(op->rows, op->n);
    op->more = op->n > (size_t)limit;
    if (op->more) op->n = (size_t)limit;
    return 0;
}

/* The counts of a queue: all of it; held by the reviewer; and, to count
** those waiting since before a time, those that have not (later, or not
** submitted): a few, where the waiting ones are most of the queue. Each is
** a range of a partial index of migration 0007 ("queue <> ''" lets it
** serve a bound queue). */
const char *const queue_count_sql[QUEUE_COUNT_SQL] = {
    "SELECT count(*) FROM (SELECT 1 FROM applications WHERE queue = ? AND queue <> '' "
    "LIMIT ?) capped",
    "SELECT count(*) FROM applications WHERE queue = ? AND queue <> '' AND claimed_by = ?",
    "SELECT count(*) FROM (SELECT 1 FROM applications WHERE queue = ? AND queue <> '' "
    "AND submitted_at <= ? LIMIT ?) capped",
};

int queue_counts(Db *db, void *ctx) {
    QueueCounts *op = ctx;
    memset(op->count, 0, sizeof op->count);
    memset(op->more, 0, sizeof op->more);
    op->mine = op->overdue = 0;
    if (op->limit_hours <= 0 && !op->tabs_only) {
        int rc = settings_review_hours(db, &op->limit_hours);
        if (rc < 0) return rc;
    }
    op->overdue_more = false;
    int64_t limit = op->now - (int64_t)op->limit_hours * 3600;
    int64_t cap = op->cap > 0 ? op->cap : QUEUE_COUNT_CAP;
    for (int q = QUEUE_NEW; q < QUEUE__COUNT; q++) {
        const char *id = review_queue_id((ReviewQueue)q);
        int64_t n = 0, mine = 0, overdue = 0;
        DbRc rc = db_query_i64(db, &n, queue_count_sql[0], "ti", id, cap);
        bool actionable = q != QUEUE_TO_SEND && !op->tabs_only;
        if (rc >= 0 && actionable && op->me)
            rc = db_query_i64(db, &mine, queue_count_sql[1], "ti", id, op->me);
        if (rc >= 0 && actionable)
            rc = db_query_i64(db, &overdue, queue_count_sql[2], "tii", id, limit, cap);
        if (rc < 0) return db_err(rc);
        op->count[q] = n;
        op->more[q] = n >= cap;
        if (q != QUEUE_TO_SEND) {
            op->count[QUEUE_ALL] += n;
            op->more[QUEUE_ALL] |= op->more[q];
            op->mine += mine;
            op->overdue += overdue;
            op->overdue_more |= overdue >= cap;
        }
    }
    return 0;
}

/*
** The tabs' counts and the review time limit, remembered by the node for
** queue_tabs_cache_s: every queue page showed them, and counting was most
** of the page's statements. A change of an application's queue on this
** node (app_move), or of the settings (settings_save), bumps tabs_gen, and
** the next page reads them again; a change on another node is seen within
** the setting. Counts read while a change was made are not kept.
*/
static pthread_mutex_t tabs_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t tabs_ttl_ms, tabs_at_ms;
static uint64_t tabs_gen, tabs_kept_gen = UINT64_MAX;
static int64_t tabs_count[QUEUE__COUNT];
static bool tabs_more[QUEUE__COUNT];
static int tabs_hours;

static int64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void queue_tabs_cache_set(int ttl_s) {
    pthread_mutex_lock(&tabs_lock);
    tabs_ttl_ms = ttl_s > 0 ? (int64_t)ttl_s * 1000 : 0;
    tabs_gen++;
    pthread_mutex_unlock(&tabs_lock);
}

void queue_counts_changed(void) {
    pthread_mutex_lock(&tabs_lock);
    tabs_gen++;
    pthread_mutex_unlock(&tabs_lock);
}

static int queue_tabs(Db *db, QueueCounts *c) {
    c->tabs_only = true;
    if (c->cap > 0 && c->cap != QUEUE_COUNT_CAP) return queue_counts(db, c);
    pthread_mutex_lock(&tabs_lock);
    uint64_t gen = tabs_gen;
    bool hit = tabs_ttl_ms && tabs_kept_gen == gen && mono_ms() - tabs_at_ms < tabs_ttl_ms;
    if (hit) {
        memset(c->count, 0, sizeof c->count);
        memset(c->more, 0, sizeof c->more);
        c->mine = c->overdue = 0;
        c->overdue_more = false;
        memcpy(c->count, tabs_count, sizeof tabs_count);
        memcpy(c->more, tabs_more, sizeof tabs_more);
        c->limit_hours = tabs_hours;
    }
    pthread_mutex_unlock(&tabs_lock);
    if (hit) return 0;
    int rc = queue_counts(db, c);
    if (rc == 0 && c->limit_hours <= 0) rc = settings_review_hours(db, &c->limit_hours);
    if (rc < 0) return rc;
    pthread_mutex_lock(&tabs_lock);
    if (tabs_ttl_ms && tabs_gen == gen) {
        memcpy(tabs_count, c->count, sizeof tabs_count);
        memcpy(tabs_more, c->more, sizeof tabs_more);
        tabs_hours = c->limit_hours;
        tabs_kept_gen = gen;
        tabs_at_ms = mono_ms();
    }
    pthread_mutex_unlock(&tabs_lock);
    return 0;
}

/* The tabs first: they bring the review time limit the page's rows are
** marked against (remembered with them). */
int queue_screen(Db *db, void *ctx) {
    QueueScreen *s = ctx;
    int rc = queue_tabs(db, &s->counts);
    if (rc < 0) return rc;
    if (s->page.f.limit_hours <= 0) s->page.f.limit_hours = s->counts.limit_hours;
    return queue_page(db, &s->page);
}
