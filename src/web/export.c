/*
** Exports (issue 8, item 9): a queue as /staff/queue filters it
** (/staff/export/queue) and the filed sites (/staff/export/sites), as CSV
** or XLSX, for staff; the same handlers answer the API routes. Personal data
** go out masked unless an admin asks unmasked=1.
**
** The rows stream from the model page by page into a sheet written to a
** temporary file (docs/sheet.c), which is answered from disk
** (resp_file): nothing grows with the number of rows. The rows are read in
** one read-only transaction; the audit row (with the filter, the row count
** and "unmasked") is written after, in its own transaction, and the file is
** handed out only once it is committed. An export that matches more than
** export_max_rows is cut there, and its last line says so.
*/
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "docs/sheet.h"
#include "model/export.h"
#include "web/export_views.h"
#include "web/handlers.h"
#include "web/queue_input.h"
#include "web/review_page.h"
#include "web/web.h"

/* The columns of each export: Chinese titles (translated at run time). */
static const SheetColumn queue_cols[] = {
    {.title = "申请编号", .width = 16},
    {.title = "状态", .width = 14},
    {.title = "申请类型", .width = 16},
    {.title = "主体名称", .width = 28},
    {.title = "主体备案号", .width = 22},
    {.title = "主体性质", .width = 12},
    {.title = "省份", .width = 10},
    {.title = "域名", .width = 24},
    {.title = "主体负责人", .width = 10},
    {.title = "负责人手机", .width = 14},
    {.title = "负责人证件号码", .width = 22},
    {.title = "经营性", .width = 8},
    {.title = "提交时间", .width = 18},
    {.title = "已等待（小时）", .width = 10, .number = true},
    {.title = "认领人", .width = 12},
    {.title = "提交轮次", .width = 8, .number = true},
};
#define NQUEUE_COLS (sizeof queue_cols / sizeof queue_cols[0])

static const SheetColumn site_cols[] = {
    {.title = "网站备案号", .width = 24}, {.title = "网站名称", .width = 24},
    {.title = "域名", .width = 24},       {.title = "主体名称", .width = 28},
    {.title = "主体备案号", .width = 22}, {.title = "主体性质", .width = 12},
    {.title = "省份", .width = 10},       {.title = "网站负责人", .width = 10},
    {.title = "负责人手机", .width = 14}, {.title = "负责人证件号码", .width = 22},
    {.title = "备案日期", .width = 12},   {.title = "接入 IP", .width = 20},
    {.title = "接入方式", .width = 12},
};
#define NSITE_COLS (sizeof site_cols / sizeof site_cols[0])

/* An export being written: its sheet in a temporary file. */
typedef struct ExportFile {
    Req *r;
    SheetFormat fmt;
    const char *kind;       /* "queue" | "sites": the file name and the audit action */
    const char *sheet_name; /* translated */
    SheetColumn *cols;      /* translated titles */
    size_t ncols;
    char *path; /* the temporary file, NULL until made */
    Sheet *sheet;
    int64_t now;
} ExportFile;

/* What both exports take besides the queue's filters. */
typedef struct ExportInput {
    const char *format;
    bool unmasked;
} ExportInput;

static const char *const format_ids[] = {"csv", "xlsx", NULL};

bool export_may_unmask(const Req *r) {
    return r->who.role_bit == ROLE_BIT_ADMIN;
}

/* "&k=v" when v is set. */
static void qs_add(Buf *b, const char *key, const char *val) {
    if (!val || !*val) return;
    buf_printf(b, "&%s=", key);
    buf_url(b, val);
}

/* The queue's filters as a query string ("queue=new&kind=..."): the export
** link keeps them, the audit row records them. */
static void filters_qs(Buf *b, const QueueInput *in, const char *days) {
    buf_puts(b, "queue=");
    buf_url(b, in->queue);
    qs_add(b, "kind", in->kind);
    qs_add(b, "province", in->province);
    qs_add(b, "nature", in->nature);
    qs_add(b, "commercial", in->commercial);
    qs_add(b, "claim", in->claim);
    qs_add(b, "q", in->q);
    qs_add(b, "days", days);
    if (in->overdue) buf_puts(b, "&overdue=1");
}

const char *export_queue_href(const QueueView *v, const char *format, bool unmasked) {
    QueueInput in = {.queue = v->queue,
                     .kind = v->kind,
                     .province = v->province,
                     .nature = v->nature,
                     .commercial = v->commercial,
                     .claim = v->claim,
                     .q = v->q,
                     .overdue = v->overdue};
    Buf b;
    buf_init(&b, &v->r->arena);
    buf_printf(&b, "/staff/export/queue?format=%s&", format);
    filters_qs(&b, &in, v->days);
    if (unmasked) buf_puts(&b, "&unmasked=1");
    return b.data;
}

/* The titles of cols in the request's language. */
static SheetColumn *titles(Req *r, const SheetColumn *cols, size_t n) {
    SheetColumn *out = ARENA_NEW(&r->arena, SheetColumn, n);
    for (size_t i = 0; i < n; i++) {
        out[i] = cols[i];
        out[i].title = T(r->lang, cols[i].title);
    }
    return out;
}

/* ExportSink.start: the sheet (again, when a transaction starts over). */
static int file_start(void *ctx) {
    ExportFile *f = ctx;
    sheet_discard(f->sheet);
    f->sheet = NULL;
    return sheet_open(&f->sheet, f->fmt, f->path, req_tmp_dir(f->r), f->sheet_name, f->cols,
                      f->ncols);
}

/* Make the temporary file the sheet is written into. */
static int file_make(ExportFile *f) {
    f->path = arena_printf(&f->r->arena, "%s/export-XXXXXX", req_tmp_dir(f->r));
    int fd = mkostemp(f->path, O_CLOEXEC);
    if (fd < 0) {
        f->path = NULL;
        return -ERR_SHEET_WRITE;
    }
    close(fd);
    return 0;
}

/* Drop the file of an export that is not answered. */
static void file_drop(ExportFile *f) {
    sheet_discard(f->sheet);
    f->sheet = NULL;
    if (f->path) unlink(f->path);
    f->path = NULL;
}

static const char *province_name(Arena *a, Lang lang, int code) {
    if (!code) return "";
    return filing_choice_label("province", arena_printf(a, "%02d0000", code), lang);
}

/* ExportSink.queue_row: one application of the queue. */
static int queue_row(void *ctx, Arena *a, const ExportQueueRow *row) {
    ExportFile *f = ctx;
    Lang lang = f->r->lang;
    const QueueRow *q = row->q;
    int64_t waited = q->submitted_at ? (f->now - q->submitted_at) / 3600 : 0;
    const char *cells[NQUEUE_COLS] = {
        q->number,
        app_state_name(q->state, lang),
        app_kind_label(q->kind, lang),
        q->subject_name,
        q->subject_number,
        nature_label(nature_parse(q->nature), lang),
        province_name(a, lang, q->province),
        q->domain,
        row->principal.name,
        row->principal.mobile,
        row->principal.id_number,
        q->commercial ? T(lang, "是") : T(lang, "否"),
        q->submitted_at ? time_fmt_cst(a, q->submitted_at) : "",
        arena_printf(a, "%lld", (long long)waited),
        q->claimed_login,
        arena_printf(a, "%d", q->review_round),
    };
    return sheet_row(f->sheet, cells);
}

/* The access IPs of a site, one text ("1.2.3.4; 5.6.7.8"). */
static const char *ips_text(Arena *a, const ExportSiteRow *s) {
    Buf b;
    buf_init(&b, a);
    for (size_t i = 0; i < s->nips; i++)
        buf_printf(&b, "%s%s", i ? "; " : "", s->ips[i]);
    return b.data ? b.data : "";
}

/* ExportSink.site_row: one filed site. */
static int site_row(void *ctx, Arena *a, const ExportSiteRow *s) {
    ExportFile *f = ctx;
    Lang lang = f->r->lang;
    /* The date of "YYYY-MM-DD HH:MM". */
    const char *filed = s->filed_at ? arena_strndup(a, time_fmt_cst(a, s->filed_at), 10) : "";
    const char *cells[NSITE_COLS] = {
        s->site_number,
        s->name,
        s->domain,
        s->subject_name,
        s->subject_number,
        nature_label(nature_parse(s->nature), lang),
        province_name(a, lang, s->province),
        s->principal.name,
        s->principal.mobile,
        s->principal.id_number,
        filed,
        ips_text(a, s),
        *s->access_method ? filing_choice_label("access_method", s->access_method, lang) : "",
    };
    return sheet_row(f->sheet, cells);
}

/* The run of an export: who asks, the cap, the sink writing into f. */
static ExportRun export_run(Req *r, const ExportInput *in, ExportFile *f) {
    return (ExportRun){
        .role = staff_role(r),
        .unmasked = in->unmasked,
        .max_rows = server_config(r->srv)->export_max_rows,
        .sink = {.start = file_start, .queue_row = queue_row, .site_row = site_row, .ctx = f}};
}

/* Answer the finished file as a download: beian-<kind>-YYYYMMDD.<ext>. */
static int file_send(ExportFile *f) {
    Req *r = f->r;
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0) close(fd);
        file_drop(f);
        return -ERR_SHEET_WRITE;
    }
    unlink(f->path); /* gone from the directory; read through fd until sent */
    f->path = NULL;
    resp_header(r, "Content-Disposition",
                arena_printf(&r->arena, "attachment; filename=\"beian-%s-%d.%s\"", f->kind,
                             time_today_cst(), sheet_format_ext(f->fmt)));
    resp_header(r, "Cache-Control", "no-store");
    return resp_file(r, 200, sheet_format_type(f->fmt), fd, (size_t)st.st_size);
}

/* After the rows (rc of their transaction): the note of a cut export, the
** file finished, the audit row committed, then the download. Any failure
** drops the file and is answered instead. */
static int export_finish(ExportFile *f, const ExportRun *run, const ExportInput *in,
                         const char *filter, int rc) {
    Req *r = f->r;
    if (rc == -ERR_FORBIDDEN && in->unmasked) req_field_error(r, "unmasked", rc);
    if (rc == 0 && run->cut)
        rc = sheet_note(
            f->sheet, arena_printf(&r->arena,
                                   T(r->lang, "仅导出前 %s 行：符合条件的记录超过导出上限"
                                              "（设置 export_max_rows），请缩小筛选范围后分批导出"),
                                   arena_printf(&r->arena, "%lld", (long long)run->max_rows)));
    if (rc == 0) {
        rc = sheet_close(f->sheet);
        f->sheet = NULL;
    }
    ExportAudit au = {.a = &r->arena,
                      .who = http_actor(r),
                      .action = arena_printf(&r->arena, "export.%s", f->kind),
                      .format = in->format,
                      .filter = filter,
                      .rows = run->rows,
                      .cut = run->cut,
                      .unmasked = run->unmasked};
    if (rc == 0) rc = db_tx(r->db, export_audit, &au);
    if (rc < 0) {
        file_drop(f);
        return rc;
    }
    return file_send(f);
}

/* Parse what an export takes besides the queue's filters; paging belongs
** to the queue page, not to an export, and is refused by name. */
static int export_parse(Req *r, QueueInput *q, ExportInput *in, bool with_filters) {
    *in = (ExportInput){.format = ""};
    const Field extra[] = {
        SPEC_CHOICE("format", &in->format, format_ids, .flags = FF_REQUIRED, .max = 4),
        SPEC_BOOL("unmasked", &in->unmasked),
        FIELD_END,
    };
    if (!with_filters) return spec_parse(r, extra);
    int rc = queue_input_parse(r, q, extra);
    static const char *const paging[] = {"after_at", "after_id", "limit"};
    for (size_t i = 0; i < sizeof paging / sizeof paging[0]; i++)
        if (spec_has(r, paging[i])) req_field_error(r, paging[i], -ERR_FIELD_UNKNOWN);
    return rc == 0 && r->nerrs ? -ERR_INVALID_INPUT : rc;
}

/* A new export of kind into a temporary file. */
static int export_begin(Req *r, ExportFile *f, const ExportInput *in, const char *kind,
                        const char *sheet_name, const SheetColumn *cols, size_t ncols) {
    *f = (ExportFile){.r = r,
                      .fmt = sheet_format_parse(in->format),
                      .kind = kind,
                      .sheet_name = T(r->lang, sheet_name),
                      .cols = titles(r, cols, ncols),
                      .ncols = ncols,
                      .now = time_now()};
    return file_make(f);
}

int h_export_queue(Req *r) {
    QueueInput q;
    ExportInput in;
    int rc = export_parse(r, &q, &in, true);
    if (rc < 0) return rc;
    ExportFile f;
    rc = export_begin(r, &f, &in, "queue", "审核队列", queue_cols, NQUEUE_COLS);
    if (rc < 0) return rc;
    ExportQueue op = {.run = export_run(r, &in, &f), .f = queue_input_filter(r, &q), .now = f.now};
    rc = db_tx_read(r->db, export_queue, &op);
    Buf filter;
    buf_init(&filter, &r->arena);
    filters_qs(&filter, &q, q.days ? arena_printf(&r->arena, "%lld", (long long)q.days) : "");
    return export_finish(&f, &op.run, &in, filter.data, rc);
}

int h_export_sites(Req *r) {
    ExportInput in;
    int rc = export_parse(r, NULL, &in, false);
    if (rc < 0) return rc;
    ExportFile f;
    rc = export_begin(r, &f, &in, "sites", "已备案网站", site_cols, NSITE_COLS);
    if (rc < 0) return rc;
    ExportSites op = {.run = export_run(r, &in, &f)};
    rc = db_tx_read(r->db, export_sites, &op);
    return export_finish(&f, &op.run, &in, "", rc);
}
