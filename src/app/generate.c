/*
** `beian dev generate`: a realistic population of filings, written fast.
**
** Subjects are made one after the other (gen_story plans each one's
** applications, gen_data its people, names and domains); their rows are
** collected with ids chosen here and written by model/bulk, one
** transaction per batch on SQLite (multi-row INSERTs); on PostgreSQL
** (COPY) the whole load is one transaction, in which model/bulk checks the
** foreign keys and builds the secondary indexes at the end. Rows follow what the model itself
** writes: queue facts at submission, the queue an application waits in
** (app_queue_of), who holds it after each event, return reasons per return,
** files before submission, the on-site verification of a subject's first
** filing, the numbers an approval gives, one audit row per application.
*/
#include "app/generate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/gen_sealed.h"
#include "app/gen_story.h"
#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"
#include "core/password.h"
#include "core/util.h"
#include "docs/thumb.h"
#include "model/blobs.h"
#include "model/application.h"
#include "rules/mask.h"

/* Each subject's story draws from its own stream. */
#define STORY_SALT 0x51A7E5ull

typedef struct Gen {
    const GenOptions *o;
    GenStats *st;
    Bulk *bulk;
    GenSealed *sealed;
    Arena batch; /* texts of the batch being made */
    int64_t next[BULK__COUNT];
    int64_t apps;     /* applications made */
    int64_t subjects; /* subjects made */
    int64_t now;
    int64_t *staff;     /* reviewers' account ids */
    char **staff_login; /* and their logins */
    int nstaff;
    char hash[PASSWORD_HASH_MAX];
    char sha[65]; /* the shared scan */
    GenScan scan;
    unsigned char *scan_copy; /* its bytes, once out of the batch arena */
} Gen;

/* ---------------------------------------------------------------- time */

/* Civil date (China Standard Time) of t. */
static void cst_date(int64_t t, int *y, int *m, int *d) {
    time_t s = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&s, &tm);
    *y = tm.tm_year + 1900, *m = tm.tm_mon + 1, *d = tm.tm_mday;
}

static int cst_year(int64_t t) {
    int y, m, d;
    cst_date(t, &y, &m, &d);
    return y;
}

/* --------------------------------------------------------------- staff */

static void add_staff(Gen *g, GenRng *r, const char *role, int n) {
    for (int i = 0; i < n; i++) {
        int64_t id = g->next[BULK_ACCOUNTS]++;
        GenPerson p;
        gen_person(r, 44, &p);
        char *login = arena_printf(&g->batch, "%s%lld", role, (long long)id);
        int64_t at = g->now - 9LL * 365 * 86400;
        const BulkVal row[] = {
            BV_I(id),
            BV_T(login),
            BV_T(arena_printf(&g->batch, "%s@staff.provider.example.cn", login)),
            BV_T(crypto_seal_text(&g->batch, p.mobile)),
            BV_T(mask_phone(&g->batch, p.mobile)),
            BV_T("staff"),
            BV_T(p.name),
            BV_T(role),
            BV_T("active"),
            BV_NULL,
            BV_T(g->hash),
            BV_I(at),
            BV_NULL,
            BV_NULL,
            BV_I(at),
        };
        bulk_add(g->bulk, BULK_ACCOUNTS, row);
        if (strcmp(role, "reviewer")) continue;
        g->staff = xrealloc(g->staff, (size_t)(g->nstaff + 1) * sizeof *g->staff);
        g->staff_login = xrealloc(g->staff_login, (size_t)(g->nstaff + 1) * sizeof(char *));
        g->staff[g->nstaff] = id;
        g->staff_login[g->nstaff++] = xstrdup(login);
    }
}

static const char *staff_login(const Gen *g, int64_t id) {
    for (int i = 0; i < g->nstaff; i++)
        if (g->staff[i] == id) return g->staff_login[i];
    return "system";
}

/* --------------------------------------------------------- applications */

/* What one subject's rows need while its applications are written. */
typedef struct Subj {
    const Story *s;
    GenSubject gs;
    int64_t account, id;
    const char *login;
    int64_t site_ids[STORY_MAX_SITES];
    GenSite sites[STORY_MAX_SITES];
    const char *number;     /* subject number once known */
    int64_t onsite_done;    /* the on-site verification that counts */
    bool filed, downloaded; /* a first filing or a claim approved */
} Subj;

static const struct {
    const char *field, *reason, *suggestion;
} provider_reasons[] = {
    {"site_name", "网站名称不符合要求：不能使用域名、纯英文或与主体性质不符的名称",
     "请使用能体现网站内容的中文名称"},
    {"principal_id_number", "证件照片不清晰，无法辨认证件号码", "请重新上传清晰的证件彩色扫描件"},
    {"subject_address", "通信地址需详细到门牌号", "请填写完整的街道、门牌号"},
    {"", "核验单未签字或未盖章", "请打印核验单，负责人签字并加盖公章后重新上传"},
    {"site_description", "网站备注内容过于简单", "请说明网站的主要内容和用途"},
    {"principal_mobile", "负责人手机号码无法接通", "请填写负责人本人可接通的手机号码"},
};

static const struct {
    const char *code, *reason;
} regulator_reasons[] = {
    {"no_form", "管局退回：未收到网站备案信息真实性核验单"},
    {"no_form", "管局退回：核验单信息与填报信息不一致"},
    {"commercial", "管局退回：网站涉及经营性内容，请到管局窗口办理经营性备案"},
    {"other", "管局退回：网站名称与主体性质不符"},
};

static void add_reasons(Gen *g, GenRng *r, int64_t app, int64_t tid, AppEvent ev) {
    int n = ev == EVENT_REGULATOR_RETURN ? 1 : 1 + (int)gen_below(r, 2);
    for (int i = 0; i < n; i++) {
        const char *field = "", *reason, *suggestion = "", *code = "";
        if (ev == EVENT_REGULATOR_RETURN) {
            int k = (int)gen_below(r, 4);
            reason = regulator_reasons[k].reason, code = regulator_reasons[k].code;
        } else {
            int k = (int)gen_below(r, 6);
            field = provider_reasons[k].field, reason = provider_reasons[k].reason;
            suggestion = provider_reasons[k].suggestion;
        }
        const BulkVal row[] = {BV_I(g->next[BULK_RETURN_REASONS]++),
                               BV_I(app),
                               BV_I(tid),
                               BV_T(field),
                               BV_T(reason),
                               BV_T(suggestion),
                               BV_T(code)};
        bulk_add(g->bulk, BULK_RETURN_REASONS, row);
    }
}

static int64_t add_file(Gen *g, int64_t app, const char *slot, const char *side, const char *name,
                        int64_t by, int64_t at) {
    int64_t id = g->next[BULK_FILES]++;
    const BulkVal row[] = {BV_I(id),
                           BV_I(app),
                           BV_T(slot),
                           BV_T(side),
                           BV_T(g->sha),
                           BV_T(name),
                           BV_T("image/png"),
                           BV_I((int64_t)g->scan.n),
                           BV_I(g->scan.width),
                           BV_I(g->scan.height),
                           BV_I(by),
                           BV_I(at)};
    bulk_add(g->bulk, BULK_FILES, row);
    return id;
}

/* The on-site verification recorded when a reviewer passed it: done for a
** subject's first filing here, covered by it for a later new site. */
static void add_onsite(Gen *g, Subj *sj, int64_t app, const StoryEvent *pass) {
    int64_t id = g->next[BULK_ONSITE]++;
    int y, m, d;
    cst_date(pass->at, &y, &m, &d);
    int64_t photo = 0;
    const char *kind = "covered";
    if (!sj->onsite_done) {
        photo =
            add_file(g, app, "onsite_photo", "", "现场核验照片.png", pass->actor, pass->at - 3600);
        kind = "done";
    }
    const BulkVal row[] = {BV_I(id),
                           BV_I(sj->id),
                           BV_I(app),
                           BV_T(kind),
                           BV_T(photo ? arena_printf(&g->batch, "%04d-%02d-%02d", y, m, d) : ""),
                           BV_ID(photo),
                           BV_ID(photo ? 0 : sj->onsite_done),
                           BV_T(""),
                           BV_T(""),
                           BV_I(pass->actor),
                           BV_I(pass->at)};
    bulk_add(g->bulk, BULK_ONSITE, row);
    if (photo) sj->onsite_done = id;
}

/* What an application's events leave behind (as app_move keeps them). */
typedef struct Outcome {
    int round;
    int64_t submitted_at, claimed_by, claimed_at, returned_by;
    const char *note;
} Outcome;

static Outcome outcome(Gen *g, GenRng *r, const StoryApp *a) {
    Outcome o = {.note = ""};
    for (int e = 0; e < a->nev; e++) {
        const StoryEvent *ev = &a->ev[e];
        bool submitting = ev->event == EVENT_SUBMIT || ev->event == EVENT_RESUBMIT;
        if (submitting) o.round++, o.submitted_at = ev->at;
        if (ev->event == EVENT_RESUBMIT) o.note = "已按退回意见修改，请复核。";
        if (ev->event == EVENT_PROVIDER_RETURN) o.returned_by = ev->actor;
        o.claimed_by = ev->event == EVENT_RESUBMIT ? o.returned_by
                       : ev->event == EVENT_REOPEN ? ev->actor
                                                   : 0;
        o.claimed_at = o.claimed_by ? ev->at : 0;
    }
    /* Reviewers take about a third of what waits for them. */
    bool waits = a->state == STATE_PROVIDER_REVIEW || a->state == STATE_REGULATOR_RETURNED;
    if (waits && !o.claimed_by && gen_chance(r, 0.35)) {
        o.claimed_by = g->staff[gen_below(r, (uint32_t)g->nstaff)];
        int64_t last = a->ev[a->nev - 1].at;
        o.claimed_at = last + (int64_t)gen_below(r, (uint32_t)(g->now - last + 1));
    }
    return o;
}

static bool step_saved(AppKind k, int steps, FilingStep step) {
    size_t n;
    const FilingStep *list = filing_steps(k, &n);
    for (size_t i = 0; i < n; i++)
        if (list[i] == step) return steps < 0 || (int)i < steps;
    return false;
}

static void add_transitions(Gen *g, GenRng *r, const Subj *sj, int64_t app, const StoryApp *a) {
    for (int e = 0; e < a->nev; e++) {
        const StoryEvent *ev = &a->ev[e];
        int64_t tid = g->next[BULK_TRANSITIONS]++;
        const char *note = ev->event == EVENT_RESUBMIT ? "已按退回意见修改，请复核。" : "";
        const BulkVal row[] = {BV_I(tid),
                               BV_I(app),
                               BV_I(ev->at),
                               BV_I(ev->actor),
                               BV_T(role_id(ev->role)),
                               BV_T(app_event_id(ev->event)),
                               BV_T(app_state_id(ev->from)),
                               BV_T(app_state_id(ev->to)),
                               BV_T(note)};
        bulk_add(g->bulk, BULK_TRANSITIONS, row);
        if (ev->event == EVENT_PROVIDER_RETURN || ev->event == EVENT_REGULATOR_RETURN)
            add_reasons(g, r, app, tid, ev->event);
        (void)sj;
    }
}

/* Files uploaded before the first submission, and the on-site record. */
static void add_documents(Gen *g, Subj *sj, int64_t app, const StoryApp *a) {
    if (!a->nev || app_kind_is_cancel(a->kind)) return;
    int64_t before = a->ev[0].at - 600;
    if (a->ev[0].event == EVENT_SUBMIT) {
        add_file(g, app, "verification_form", "", "核验单.png", sj->account, before);
        add_file(g, app, "principal_id_copy", "front", "身份证正面.png", sj->account, before);
    }
    bool firsts = a->kind == KIND_FIRST_FILING || a->kind == KIND_NEW_SITE_EXTERNAL ||
                  a->kind == KIND_NEW_ACCESS || a->kind == KIND_NEW_SITE;
    for (int e = 0; firsts && e < a->nev; e++)
        if (a->ev[e].event == EVENT_PROVIDER_APPROVE) {
            if (a->kind != KIND_NEW_SITE || sj->onsite_done) add_onsite(g, sj, app, &a->ev[e]);
            break;
        }
}

static void add_audit(Gen *g, const Subj *sj, int64_t app, const char *number, const StoryApp *a) {
    const StoryEvent *ev = a->nev ? &a->ev[a->nev - 1] : NULL;
    const char *login = !ev || ev->role == ROLE_CUSTOMER ? sj->login
                        : ev->role == ROLE_SYSTEM        ? "system"
                                                         : staff_login(g, ev->actor);
    const BulkVal row[] = {
        BV_I(g->next[BULK_AUDIT]++),
        BV_I(ev ? ev->at : a->created_at),
        BV_ID(ev ? ev->actor : sj->account),
        BV_T(login),
        BV_T(ev ? arena_printf(&g->batch, "application.%s", app_event_id(ev->event))
                : "application.create"),
        BV_T("application"),
        BV_I(app),
        BV_T(ev && ev->role != ROLE_CUSTOMER ? "127.0.0.1" : "183.14.25.101"),
        BV_T(arena_printf(&g->batch, "%016llx", (unsigned long long)(app * 0x9E3779B97F4A7C15u))),
        BV_T(ev ? number : app_kind_id(a->kind))};
    bulk_add(g->bulk, BULK_AUDIT, row);
}

/* The subject's number once a first filing is approved, or a claim made. */
static void note_numbers(Subj *sj, Arena *a, const StoryApp *app) {
    bool claim = app->kind == KIND_NEW_SITE_EXTERNAL || app->kind == KIND_NEW_ACCESS;
    bool submitted = app->nev && app->ev[0].event == EVENT_SUBMIT;
    if (!sj->number && claim && submitted && app->state != STATE_WITHDRAWN)
        sj->number = gen_subject_number(a, sj->s->province, cst_year(app->created_at) - 2, sj->id);
    if (app->state != STATE_APPROVED) return;
    if (app->kind == KIND_FIRST_FILING) {
        if (!sj->number)
            sj->number =
                gen_subject_number(a, sj->s->province, cst_year(app->ev[app->nev - 1].at), sj->id);
        sj->filed = true;
    }
    if (claim) sj->filed = sj->downloaded = true;
}

static void add_application(Gen *g, GenRng *r, Subj *sj, const StoryApp *a) {
    const Story *s = sj->s;
    int64_t id = g->next[BULK_APPLICATIONS]++;
    char *number = arena_printf(&g->batch, "A%04d-%06lld", cst_year(a->created_at), (long long)id);
    Outcome o = outcome(g, r, a);
    const char *queue = app_queue_of(a->state, o.round);
    int j = a->site >= 0 ? a->site : -1;
    bool site_saved = step_saved(a->kind, a->steps, STEP_SITE);
    const GenSite *site = j >= 0 ? &sj->sites[j] : NULL;
    bool submitted = o.round > 0;
    const BulkVal row[] = {
        BV_I(id),
        BV_T(number),
        BV_I(sj->id),
        BV_ID(j >= 0 ? sj->site_ids[j] : 0),
        BV_NULL,
        BV_T(app_kind_id(a->kind)),
        BV_T(app_state_id(a->state)),
        BV_T(site_saved && site ? site->domain : ""),
        BV_T(gen_sealed_values(g->sealed, s->nature, s->province, sj->id, a->kind, j, a->steps)),
        BV_T(gen_steps_done(&g->batch, a->kind, a->steps)),
        BV_T(o.note),
        BV_I(sj->account),
        BV_I(a->created_at),
        BV_I(a->updated_at),
        BV_ID(o.submitted_at),
        BV_I(1 + (int64_t)gen_nsteps(a->kind) + a->nev + o.round),
        BV_I(o.round),
        BV_ID(o.claimed_by),
        BV_ID(o.claimed_at),
        BV_ID(o.returned_by),
        BV_I(submitted ? s->province : 0),
        BV_T(submitted ? nature_id(s->nature) : ""),
        BV_I(submitted && site && site->commercial && filing_kind_has_step(a->kind, STEP_SITE)),
        BV_T(submitted ? sj->gs.principal.name : ""),
        BV_T(queue)};
    bulk_add(g->bulk, BULK_APPLICATIONS, row);
    add_transitions(g, r, sj, id, a);
    add_documents(g, sj, id, a);
    add_audit(g, sj, id, number, a);
    note_numbers(sj, &g->batch, a);
    g->st->states[a->state]++;
    static const char *const qs[] = {"new", "resubmitted", "returned", "to_send"};
    for (int q = 0; q < 4; q++)
        if (!strcmp(queue, qs[q])) g->st->queues[q]++;
    g->apps++;
}

/* ------------------------------------------------------------ subjects */

static void add_account(Gen *g, GenRng *r, const Subj *sj, int64_t first_at) {
    int64_t created = first_at - 3 * 86400 - (int64_t)gen_below(r, 7 * 86400);
    const GenSubject *p = &sj->gs;
    const BulkVal row[] = {BV_I(sj->account),
                           BV_T(p->login),
                           BV_T(p->email),
                           BV_T(crypto_seal_text(&g->batch, p->principal.mobile)),
                           BV_T(mask_phone(&g->batch, p->principal.mobile)),
                           BV_T(p->nature == NATURE_INDIVIDUAL ? "individual" : "organisation"),
                           BV_T(p->name),
                           BV_T("customer"),
                           BV_T("active"),
                           BV_NULL,
                           BV_T(g->hash),
                           BV_I(created),
                           BV_I(g->staff[gen_below(r, (uint32_t)g->nstaff)]),
                           BV_I(created + 3600 + (int64_t)gen_below(r, 36 * 3600)),
                           BV_I(created)};
    bulk_add(g->bulk, BULK_ACCOUNTS, row);
}

/* Has a form of the subject been saved (so its name and nature are known)? */
static bool subject_named(const Story *s) {
    for (int i = 0; i < s->napps; i++) {
        const StoryApp *a = &s->apps[i];
        if (a->kind == KIND_FIRST_FILING && step_saved(a->kind, a->steps, STEP_SUBJECT))
            return true;
        if (a->kind != KIND_FIRST_FILING && a->nev) return true;
    }
    return false;
}

static void add_subject(Gen *g, const Subj *sj) {
    const Story *s = sj->s;
    bool claimed = s->first != KIND_FIRST_FILING, named = subject_named(s);
    const StoryApp *last = &s->apps[s->napps - 1];
    const char *record =
        sj->filed ? gen_sealed_subject(g->sealed, s->nature, s->province, sj->id) : "";
    const char *secret = claimed && sj->number && !sj->downloaded
                             ? gen_sealed_secret(g->sealed, s->nature, s->province, sj->id)
                             : "";
    const BulkVal row[] = {
        BV_I(sj->id),
        BV_I(sj->account),
        BV_T(claimed ? "claimed" : "first_filing"),
        BV_T(sj->number),
        BV_I(named ? s->province : 0),
        BV_T(named ? nature_id(s->nature) : ""),
        BV_T(named ? sj->gs.name : ""),
        BV_T(sj->filed ? crypto_blind_index(&g->batch, "cert", sj->gs.cert_number) : ""),
        BV_T(record),
        BV_T(secret),
        BV_I(sj->downloaded),
        BV_I(sj->onsite_done != 0),
        BV_I(s->apps[0].created_at),
        BV_I(last->updated_at)};
    bulk_add(g->bulk, BULK_SUBJECTS, row);
}

static void add_sites(Gen *g, const Subj *sj) {
    const Story *s = sj->s;
    for (int i = 0; i < s->nsites; i++) {
        const StorySite *site = &s->sites[i];
        const StoryApp *by = &s->apps[site->added_by];
        bool saved = step_saved(by->kind, by->steps, STEP_SITE);
        const char *number =
            site->filed ? arena_printf(&g->batch, "%s-%d", sj->number, site->seq) : NULL;
        const BulkVal row[] = {
            BV_I(sj->site_ids[i]),
            BV_I(sj->id),
            BV_T(number),
            BV_T(saved ? sj->sites[i].name : ""),
            BV_T(saved ? sj->sites[i].domain : ""),
            BV_T(site->filed ? gen_sealed_site(g->sealed, s->nature, s->province, sj->id, i) : ""),
            BV_I(by->created_at),
            BV_I(site->filed ? site->filed_at : by->updated_at)};
        bulk_add(g->bulk, BULK_SITES, row);
    }
}

/* One subject: its account, its applications and everything they leave. */
static void add_story(Gen *g, GenRng *r, int max_apps) {
    Story *s = ARENA_NEW(&g->batch, Story, 1);
    Subj *sj = ARENA_NEW(&g->batch, Subj, 1);
    sj->s = s;
    sj->account = g->next[BULK_ACCOUNTS]++;
    sj->id = g->next[BULK_SUBJECTS]++;
    StoryStaff staff = {g->staff, g->nstaff};
    /* About 0.52 subjects an application (their place in time follows). */
    double when = (double)g->subjects / ((double)g->o->applications * 0.52);
    g->subjects++;
    story_plan(r, &staff, sj->account, g->now, when, max_apps, s);
    gen_subject(g->o->seed, sj->account, s->nature, s->province, &sj->gs);
    sj->login = sj->gs.login;
    for (int i = 0; i < s->nsites; i++) {
        sj->site_ids[i] = g->next[BULK_SITES]++;
        gen_site(g->o->seed, sj->site_ids[i], &sj->gs, i, &sj->sites[i]);
    }
    add_account(g, r, sj, s->apps[0].created_at);
    for (int i = 0; i < s->napps; i++)
        add_application(g, r, sj, &s->apps[i]);
    add_subject(g, sj);
    add_sites(g, sj);
}

/* An account waiting for approval, with no subject yet. */
static void add_pending(Gen *g, GenRng *r) {
    int64_t id = g->next[BULK_ACCOUNTS]++;
    GenSubject p;
    gen_subject(g->o->seed, id, gen_nature(r), gen_province(r), &p);
    int64_t created = g->now - (int64_t)gen_below(r, 5 * 86400);
    const BulkVal row[] = {BV_I(id),
                           BV_T(p.login),
                           BV_T(p.email),
                           BV_T(crypto_seal_text(&g->batch, p.principal.mobile)),
                           BV_T(mask_phone(&g->batch, p.principal.mobile)),
                           BV_T(p.nature == NATURE_INDIVIDUAL ? "individual" : "organisation"),
                           BV_T(p.name),
                           BV_T("customer"),
                           BV_T("pending"),
                           BV_NULL,
                           BV_T(g->hash),
                           BV_I(created),
                           BV_NULL,
                           BV_NULL,
                           BV_I(created)};
    bulk_add(g->bulk, BULK_ACCOUNTS, row);
}

/* ------------------------------------------------------------- batches */

/* Making rows and writing them overlap: a thread makes the next batch into
** one Bulk while the connection's thread writes the last one from the
** other. */
typedef struct Pipe {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    Bulk *bulks[2];
    bool full[2];
    int64_t apps[2]; /* applications in each */
    bool done;       /* the maker made the last batch */
    bool stop;       /* the writer failed: make no more */
    Gen *g;
} Pipe;

static int flush_tx(Db *db, void *ctx) {
    return bulk_flush(ctx, db);
}

static double seconds_since(int64_t start_us) {
    return (double)(time_mono_us() - start_us) / 1e6;
}

/* CPU seconds of the calling thread so far. */
static double thread_cpu(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Make batches of applications until all are made. */
static void *maker(void *arg) {
    pthread_setname_np(pthread_self(), "beian-gen");
    Pipe *p = arg;
    Gen *g = p->g;
    int batch = g->o->batch > 0 ? g->o->batch : 10000;
    double cpu = thread_cpu();
    for (int k = 0; g->apps < g->o->applications; k ^= 1) {
        pthread_mutex_lock(&p->mu);
        while (p->full[k] && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        bool stop = p->stop;
        pthread_mutex_unlock(&p->mu);
        if (stop) break;
        g->bulk = p->bulks[k];
        int64_t before = g->apps, goal = g->apps + batch;
        if (goal > g->o->applications) goal = g->o->applications;
        while (g->apps < goal) {
            GenRng r = gen_rng(g->o->seed ^ STORY_SALT, (uint64_t)g->next[BULK_SUBJECTS]);
            int64_t left = g->o->applications - g->apps;
            add_story(g, &r, left > STORY_MAX_APPS ? STORY_MAX_APPS : (int)left);
            if (gen_chance(&r, 0.005)) add_pending(g, &r);
            arena_reset(&g->batch);
        }
        pthread_mutex_lock(&p->mu);
        p->full[k] = true;
        p->apps[k] = g->apps - before;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    g->st->maker_cpu = thread_cpu() - cpu;
    pthread_mutex_lock(&p->mu);
    p->done = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Write the batches as they come, one transaction each. */
static int writer(Pipe *p, Db *db, int64_t start) {
    const GenOptions *o = p->g->o;
    int64_t written = 0, last_report = start;
    int rc = 0;
    double cpu = thread_cpu();
    for (int k = 0;; k ^= 1) {
        pthread_mutex_lock(&p->mu);
        while (!p->full[k] && !p->done)
            pthread_cond_wait(&p->cv, &p->mu);
        bool full = p->full[k];
        pthread_mutex_unlock(&p->mu);
        if (!full) break;
        rc = db_tx(db, flush_tx, p->bulks[k]);
        pthread_mutex_lock(&p->mu);
        p->full[k] = false;
        p->stop = rc < 0;
        written += p->apps[k];
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (rc < 0) break;
        if (o->progress && (time_mono_us() - last_report > 1000000 || written == o->applications)) {
            fprintf(stderr, "\rgenerated %lld / %lld applications, %.0f a second   ",
                    (long long)written, (long long)o->applications,
                    (double)written / seconds_since(start));
            last_report = time_mono_us();
        }
    }
    p->g->st->writer_cpu = thread_cpu() - cpu;
    if (o->progress) fprintf(stderr, "\n");
    return rc;
}

static int make_batches(Gen *g, Db *db, int64_t start) {
    Pipe p = {.mu = PTHREAD_MUTEX_INITIALIZER,
              .cv = PTHREAD_COND_INITIALIZER,
              .bulks = {g->bulk, bulk_new()},
              .g = g};
    pthread_t t;
    int rc = -ERR_INTERNAL;
    if (pthread_create(&t, NULL, maker, &p) == 0) {
        rc = writer(&p, db, start);
        pthread_join(t, NULL);
    }
    for (int i = 0; i < BULK__COUNT; i++)
        g->st->rows[i] = bulk_rows(p.bulks[0], (BulkTable)i) + bulk_rows(p.bulks[1], (BulkTable)i);
    g->bulk = p.bulks[0];
    bulk_free(p.bulks[1]);
    return rc;
}

static int scan_store(Db *db, void *ctx) {
    Gen *g = ctx;
    Thumb t = {0};
    int rc = thumb_make(&g->batch, g->scan.data, g->scan.n, 0, &t);
    if (rc < 0) return rc;
    return blob_ref(db, &g->batch, g->scan.data, g->scan.n, t.data, t.n, g->sha);
}

static int scan_count(Db *db, void *ctx) {
    return blob_recount(db, ((Gen *)ctx)->sha);
}

static int setup(Gen *g, Db *db) {
    int rc = bulk_next_ids(db, g->next);
    if (rc < 0) return rc;
    if (password_hash(g->o->password, g->hash) != 0) return -ERR_INTERNAL;
    rc = gen_scan_png(&g->batch, &g->scan);
    if (rc < 0) return rc;
    /* Every file row names the one scan; the store keeps it, counted at the end. */
    rc = db_tx(db, scan_store, g);
    if (rc < 0) return rc;
    /* The scan outlives the batch arena. */
    g->scan.data = g->scan_copy = memcpy(xmalloc(g->scan.n), g->scan.data, g->scan.n);
    GenRng r = gen_rng(g->o->seed, 0);
    int reviewers = (int)(g->o->applications / 25000);
    add_staff(g, &r, "reviewer", reviewers < 3 ? 3 : reviewers > 40 ? 40 : reviewers);
    add_staff(g, &r, "admin", 2);
    return 0;
}

/* PostgreSQL: the load is one transaction (model/bulk: without per-row
** key checks, indexes built at the end). */
typedef struct Load {
    Gen *g;
    int64_t start;
    bool ran;
} Load;

static int load_tx(Db *db, void *ctx) {
    Load *l = ctx;
    /* The rows made cannot be made again: a rerun of the transaction
    ** (db_tx after a DB_RETRY) fails instead. */
    if (l->ran) return -ERR_DB;
    l->ran = true;
    BulkLoad *bl = NULL;
    int rc = bulk_load_begin(db, &bl);
    if (rc == 0) rc = make_batches(l->g, db, l->start);
    if (rc == 0) rc = db_tx(db, scan_count, l->g);
    int64_t finish = time_mono_us();
    if (rc == 0) rc = bulk_load_finish(db, bl);
    l->g->st->index_seconds = seconds_since(finish);
    bulk_load_free(bl);
    return rc;
}

int generate_run(Db *db, const GenOptions *o, GenStats *out) {
    memset(out, 0, sizeof *out);
    if (o->applications <= 0 || !o->password) return -ERR_INVALID_INPUT;
    Gen g = {.o = o, .st = out, .now = o->now ? o->now : time_now()};
    arena_init(&g.batch);
    g.bulk = bulk_new();
    g.sealed = gen_sealed_new(o->seed, o->templates);
    int64_t start = time_mono_us();
    int rc = bulk_begin(db);
    if (rc == 0) rc = setup(&g, db);
    if (rc == 0 && db_can_copy(db)) {
        rc = db_tx(db, load_tx, &(Load){.g = &g, .start = start});
    } else if (rc == 0) {
        rc = make_batches(&g, db, start);
        if (rc == 0) rc = db_tx(db, scan_count, &g);
    }
    out->seconds = seconds_since(start);
    int64_t finish = time_mono_us();
    int end = bulk_end(db); /* also after a failure: the journal comes back */
    if (rc == 0) rc = end;
    out->finish_seconds = seconds_since(finish);
    out->seals = gen_sealed_count(g.sealed);
    for (int i = 0; i < g.nstaff; i++)
        free(g.staff_login[i]);
    free(g.staff_login);
    free(g.staff);
    free(g.scan_copy);
    gen_sealed_free(g.sealed);
    bulk_free(g.bulk);
    arena_free(&g.batch);
    return rc;
}

/* ------------------------------------------------------------- command */

static void random_password(char out[17]) {
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    unsigned char raw[16];
    rand_bytes(raw, sizeof raw);
    for (int i = 0; i < 16; i++)
        out[i] = alphabet[raw[i] % (sizeof alphabet - 1)];
    out[4] = '-', out[9] = '-', out[3] = '7';
    out[16] = 0;
}

static void print_stats(const GenStats *st, const char *driver, const char *password) {
    static const char *const names[BULK__COUNT] = {
        "accounts",    "subjects",       "sites", "applications",
        "transitions", "return reasons", "files", "on-site verifications",
        "audit rows"};
    for (int t = 0; t < BULK__COUNT; t++)
        printf("  %-22s %10lld\n", names[t], (long long)st->rows[t]);
    printf("  applications by state:");
    for (int s = 1; s < STATE__COUNT; s++)
        if (st->states[s]) printf(" %s %lld", app_state_id((AppState)s), (long long)st->states[s]);
    printf("\n  waiting in the queues: new %lld, resubmitted %lld, returned %lld, to_send %lld\n",
           (long long)st->queues[GEN_Q_NEW], (long long)st->queues[GEN_Q_RESUBMITTED],
           (long long)st->queues[GEN_Q_RETURNED], (long long)st->queues[GEN_Q_TO_SEND]);
    printf("  documents sealed: %lld (shared by the rows of the same template)\n",
           (long long)st->seals);
    printf("  accounts' password: %s\n", password);
    double n = (double)st->rows[BULK_APPLICATIONS];
    printf("  CPU per application: %.1f us making rows, %.1f us writing them (%s)\n",
           st->maker_cpu * 1e6 / n, st->writer_cpu * 1e6 / n, driver);
    if (st->index_seconds > 0)
        printf("  of which building the indexes and checking the foreign keys: %.1f s\n",
               st->index_seconds);
    printf("%lld applications in %.1f s: %.0f applications a second (%s); statistics and "
           "sequences %.1f s more\n",
           (long long)st->rows[BULK_APPLICATIONS], st->seconds,
           (double)st->rows[BULK_APPLICATIONS] / st->seconds, driver, st->finish_seconds);
}

int cmd_dev_generate(int argc, char **argv) {
    Config cfg;
    const char *apps = NULL, *seed = "1", *templates = "4", *batch = "10000", *password = NULL;
    const CmdOption extra[] = {
        {"applications", 1, &apps, "how many applications to make (required)"},
        {"seed", 1, &seed,
         "seed (default 1): the same seed, the same people, names, kinds and states"},
        {"templates", 1, &templates,
         "filers per nature and province whose sealed documents rows share (default 4)"},
        {"batch", 1, &batch, "applications per transaction (default 10000)"},
        {"password", 1, &password, "the generated accounts' password (default: random, printed)"},
        {0},
    };
    int rc = app_parse(argc, argv, &cfg, extra,
                       "beian dev generate --applications N [--seed S] [options]");
    if (rc) return rc > 0 ? 0 : 2;
    char pw[17];
    if (!password) random_password(pw), password = pw;
    GenOptions o = {.applications = apps ? atoll(apps) : 0,
                    .seed = strtoull(seed, NULL, 10),
                    .templates = atoi(templates),
                    .batch = atoi(batch),
                    .password = password,
                    .progress = true};
    if (o.applications <= 0 || o.templates < 1 || o.templates > 999 || o.batch < 1) {
        fprintf(stderr, "dev generate: --applications must be positive, --templates 1..999, "
                        "--batch positive\n");
        return 2;
    }
    Db *db = app_open(&cfg, true);
    if (!db) return 1;
    GenStats st;
    rc = generate_run(db, &o, &st);
    if (rc == 0)
        print_stats(&st, db_driver_for(config_database(&cfg), &(const char *){NULL})->name,
                    password);
    else
        fprintf(stderr, "dev generate: %s\n", err_msg(rc, LANG_EN));
    db_close(db);
    config_free(&cfg);
    return rc ? 1 : 0;
}
