/*
** The regulator gateway's worker (gateway/gateway.h).
*/
#include "gateway/gateway.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "model/regulator_apply.h"
#include "model/regulator_outbox.h"
#include "regulator/codes.h"
#include "regulator/download_xml.h"

enum { ROUND_UPLOADS = 50, ROUND_DOWNLOADS = 100, BACKOFF_MAX_S = 600 };

/* ------------------------------------------------------------- counters */

static atomic_long n_uploads, n_accepted, n_downloads, n_applied, n_errors;
static atomic_long n_codes[8]; /* by msg_code class, see code_slot */

static int code_slot(int64_t code) {
    switch (code) {
    case 0:
        return 0;
    case 14:
        return 1;
    case 15:
        return 2;
    case 901:
    case 902:
        return 3;
    case 4:
    case 5:
    case 10:
    case 12:
    case 16:
        return 4;
    default:
        return code >= 6 && code <= 18 ? 5 : 6;
    }
}

void gateway_metrics(Buf *b) {
    static const char *const slots[] = {"0", "14", "15", "901_902", "auth", "payload", "other"};
    buf_printf(b,
               "# HELP beian_regulator_uploads_total isp_upload calls made\n"
               "# TYPE beian_regulator_uploads_total counter\n"
               "beian_regulator_uploads_total %ld\n",
               atomic_load(&n_uploads));
    buf_printf(b,
               "# HELP beian_regulator_uploads_accepted_total uploads the administration "
               "accepted\n# TYPE beian_regulator_uploads_accepted_total counter\n"
               "beian_regulator_uploads_accepted_total %ld\n",
               atomic_load(&n_accepted));
    buf_printf(b,
               "# HELP beian_regulator_downloads_total files downloaded\n"
               "# TYPE beian_regulator_downloads_total counter\n"
               "beian_regulator_downloads_total %ld\n"
               "# HELP beian_regulator_downloads_applied_total files applied (not repeats)\n"
               "# TYPE beian_regulator_downloads_applied_total counter\n"
               "beian_regulator_downloads_applied_total %ld\n",
               atomic_load(&n_downloads), atomic_load(&n_applied));
    buf_printf(b,
               "# HELP beian_regulator_errors_total calls without a usable answer\n"
               "# TYPE beian_regulator_errors_total counter\n"
               "beian_regulator_errors_total %ld\n",
               atomic_load(&n_errors));
    buf_puts(b, "# HELP beian_regulator_codes_total msg_codes of the administration's answers\n"
                "# TYPE beian_regulator_codes_total counter\n");
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
        buf_printf(b, "beian_regulator_codes_total{code=\"%s\"} %ld\n", slots[i],
                   atomic_load(&n_codes[i]));
}

/* ------------------------------------------------------------ one link */

typedef struct Round {
    Db *db;
    GatewayLink *l;
    Arena *a;
    int64_t now;
    const char *owner; /* of the link's lease */
} Round;

int gateway_lease_s(int timeout_s, int poll_s) {
    return 3 * (timeout_s > 0 ? timeout_s : 30) + (poll_s > 0 ? poll_s : 5);
}

static void contact(Round *r, const char *error, bool download) {
    if (error) {
        atomic_fetch_add(&n_errors, 1);
        log_warn("regulator link %lld: %s", (long long)r->l->id, error);
    }
    regulator_link_contact(r->db, r->l->id, r->now, error, download);
}

static int64_t backoff(int attempts, int64_t code) {
    int64_t s = 10;
    for (int i = 1; i < attempts && s < BACKOFF_MAX_S; i++)
        s *= 2;
    if (code == 15 && s < 60) s = 60; /* the administration's queue is full */
    return s < BACKOFF_MAX_S ? s : BACKOFF_MAX_S;
}

typedef struct TxNext {
    Arena *a;
    int64_t link;
    RegUploadRow row;
    bool found;
} TxNext;

static int tx_next(Db *db, void *ctx) {
    TxNext *t = ctx;
    int rc = regulator_upload_next(db, t->a, t->link, &t->row);
    t->found = rc == 0;
    return rc == -ERR_NOT_FOUND ? 0 : rc;
}

typedef struct TxMark {
    Arena *a;
    const char *owner;
    int lease_s;
    int64_t id, link, seq, code, at;
    const char *msg;
    const int64_t *seqs;
    size_t n;
    enum { MARK_SENDING, MARK_RETRY, MARK_ACCEPTED, MARK_THROUGH, MARK_RESEND } what;
} TxMark;

static int tx_mark(Db *db, void *ctx) {
    TxMark *m = ctx;
    switch (m->what) {
    case MARK_SENDING:
        return regulator_upload_sending(db, m->id, m->owner, m->at, m->lease_s);
    case MARK_RETRY:
        return regulator_upload_retry(db, m->id, m->code, m->msg, m->at);
    case MARK_ACCEPTED:
        return regulator_upload_accepted(db, m->a, m->id, m->at);
    case MARK_THROUGH:
        return regulator_uploads_accepted_through(db, m->a, m->link, m->seq, m->at);
    case MARK_RESEND: {
        int rc = regulator_uploads_resend(db, m->link, m->seqs, m->n);
        if (rc == 0) rc = regulator_upload_retry(db, m->id, 14, m->msg, 0);
        return rc;
    }
    }
    return 0;
}

static int mark(Round *r, TxMark m) {
    m.a = r->a;
    m.link = r->l->id;
    m.owner = r->owner;
    m.lease_s = r->l->lease_s;
    if (!m.at && m.what != MARK_RETRY) m.at = r->now;
    int rc = db_tx(r->db, tx_mark, &m);
    if (rc == -ERR_REG_LEASE_LOST)
        log_warn("regulator link %lld: the lease passed to another node; this one stops sending",
                 (long long)m.link);
    else if (rc < 0)
        log_error("regulator link %lld: recording an upload failed: %s", (long long)m.link,
                  err_name(rc));
    return rc;
}

/* What the administration holds: its last accepted dataSequence (-1: no answer). */
static int64_t previous_upload(Round *r) {
    SoapRequest q = {.method = REG_QUERYPREVIOUSUPLOAD};
    RegReturn ret;
    char *why = NULL;
    RegCallOutcome o = regclient_call(&r->l->client, r->a, &q, &ret, &why);
    if (o != CALL_ANSWERED) {
        contact(r, why, false);
        return -1;
    }
    atomic_fetch_add(&n_codes[code_slot(ret.msg_code)], 1);
    if (ret.msg_code != 0) {
        contact(r,
                arena_printf(r->a, "isp_querypreviousupload answered %lld: %s",
                             (long long)ret.msg_code,
                             regulator_code_text((int)ret.msg_code, LANG_ZH)),
                false);
        return -1;
    }
    return ret.has_file ? ret.file.sequence : 0;
}

/* At start: the administration must not be ahead of our numbers. */
static bool sequence_check(Round *r) {
    if (r->l->checked) return true;
    int64_t remote = previous_upload(r);
    if (remote < 0) return false;
    int64_t ours = 0;
    db_query_i64(r->db, &ours, "SELECT last_seq FROM regulator_links WHERE id = ?", "i", r->l->id);
    if (remote > ours) {
        contact(r,
                arena_printf(r->a,
                             "the administration holds upload number %lld, Beian has given only "
                             "%lld: stopped (restored database, or another system uses this "
                             "ispID?)",
                             (long long)remote, (long long)ours),
                false);
        return false;
    }
    r->l->checked = true;
    if (remote > 0) mark(r, (TxMark){.what = MARK_THROUGH, .seq = remote});
    return true;
}

/* An upload whose last call had no answer: did it arrive? */
static bool resync(Round *r, const RegUploadRow *u) {
    int64_t remote = previous_upload(r);
    if (remote < 0) return false;
    contact(r, NULL, false);
    if (remote >= u->seq)
        mark(r, (TxMark){.what = MARK_THROUGH, .seq = remote});
    else
        mark(r, (TxMark){.what = MARK_RETRY,
                         .id = u->id,
                         .code = u->last_code,
                         .msg = "上次报送未送达，重新报送",
                         .at = 0});
    return true;
}

static void upload_round(Round *r) {
    if (!sequence_check(r)) return;
    for (int i = 0; i < ROUND_UPLOADS; i++) {
        r->now = time_now(); /* a call may take regulator_timeout_s: the lease renews from now */
        TxNext t = {.a = r->a, .link = r->l->id};
        if (db_tx_read(r->db, tx_next, &t) < 0 || !t.found) return;
        RegUploadRow *u = &t.row;
        if (!strcmp(u->state, "sending")) {
            if (!resync(r, u)) return;
            continue;
        }
        if (u->next_attempt_at > r->now) return; /* in number order: the rest waits */
        PayloadOpts o = regclient_payload_opts(&r->l->client);
        char *info = NULL, *hash = NULL;
        int rc = payload_encode(r->a, u->xml, u->file_name, &o, &info, &hash);
        if (rc < 0) {
            mark(r,
                 (TxMark){.what = MARK_RETRY,
                          .id = u->id,
                          .code = 999,
                          .msg = arena_printf(r->a, "数据文件无法编码：%s", err_msg(rc, LANG_ZH)),
                          .at = r->now + BACKOFF_MAX_S});
            return;
        }
        if (mark(r, (TxMark){.what = MARK_SENDING, .id = u->id}) < 0) return;
        SoapRequest q = {.method = REG_UPLOAD,
                         .info = info,
                         .info_hash = hash,
                         .sequence = u->seq,
                         .encrypt_alg = o.encrypt,
                         .compression = REG_COMPRESS_ZIP};
        RegReturn ret;
        char *why = NULL;
        atomic_fetch_add(&n_uploads, 1);
        RegCallOutcome out = regclient_call(&r->l->client, r->a, &q, &ret, &why);
        if (out == CALL_UNREACHED) {
            contact(r, why, false);
            mark(r, (TxMark){.what = MARK_RETRY,
                             .id = u->id,
                             .code = u->last_code,
                             .msg = "管局系统无法连接",
                             .at = r->now + backoff(u->attempts + 1, 0)});
            return;
        }
        if (out == CALL_AMBIGUOUS) { /* 'sending' stays: the next round asks */
            contact(r, why, false);
            return;
        }
        contact(r, NULL, false);
        atomic_fetch_add(&n_codes[code_slot(ret.msg_code)], 1);
        const char *msg =
            ret.msg && *ret.msg ? ret.msg : regulator_code_text((int)ret.msg_code, LANG_ZH);
        if (ret.msg_code == 0) {
            atomic_fetch_add(&n_accepted, 1);
            if (mark(r, (TxMark){.what = MARK_ACCEPTED, .id = u->id}) < 0) return;
            log_info("upload %lld (application %lld, %s) accepted by the administration",
                     (long long)u->seq, (long long)u->application_id, u->operation);
        } else if (ret.msg_code == 14) {
            mark(r, (TxMark){.what = MARK_RESEND,
                             .id = u->id,
                             .seqs = ret.missing,
                             .n = ret.n_missing,
                             .msg = msg});
        } else {
            mark(r, (TxMark){.what = MARK_RETRY,
                             .id = u->id,
                             .code = ret.msg_code,
                             .msg = msg,
                             .at = r->now + backoff(u->attempts + 1, ret.msg_code)});
            log_warn("upload %lld refused with %lld: %s", (long long)u->seq,
                     (long long)ret.msg_code, msg);
            return;
        }
    }
}

/* ------------------------------------------------------------ download */

typedef struct TxApply {
    Arena *a;
    const char *owner;
    int lease_s;
    int64_t link;
    const char *name;
    const DownloadData *d;
    bool fresh;
    bool acked;
    int64_t now;
} TxApply;

static int tx_apply(Db *db, void *ctx) {
    TxApply *t = ctx;
    if (t->acked) return regulator_download_acked(db, t->link, t->name, t->now);
    bool held = false; /* renewed, or the file waits for the node that holds it */
    int rc = regulator_link_claim(db, t->link, t->owner, t->now, t->lease_s, &held);
    if (rc < 0) return rc;
    if (!held) return -ERR_REG_LEASE_LOST;
    return regulator_apply(db, t->a, t->link, t->name, t->d, &t->fresh);
}

static void download_round(Round *r) {
    for (int i = 0; i < ROUND_DOWNLOADS; i++) {
        SoapRequest q = {.method = REG_DOWNLOAD};
        RegReturn ret;
        char *why = NULL;
        if (regclient_call(&r->l->client, r->a, &q, &ret, &why) != CALL_ANSWERED) {
            contact(r, why, false);
            return;
        }
        atomic_fetch_add(&n_codes[code_slot(ret.msg_code)], 1);
        if (ret.msg_code == 2 || (ret.msg_code == 0 && !ret.has_file)) {
            contact(r, NULL, true);
            return;
        }
        if ((ret.msg_code != 0 && ret.msg_code != 3) || !ret.has_file) {
            contact(r,
                    arena_printf(r->a, "isp_download answered %lld: %s", (long long)ret.msg_code,
                                 regulator_code_text((int)ret.msg_code, LANG_ZH)),
                    false);
            return;
        }
        atomic_fetch_add(&n_downloads, 1);
        PayloadOpts o = regclient_payload_opts(&r->l->client);
        o.encrypt = (int)ret.file.encrypt_alg;
        PayloadFile f;
        int rc = payload_decode(r->a, ret.file.info, ret.file.info_hash, &o, &f);
        DownloadData d;
        char *w = NULL;
        if (rc == 0) rc = download_parse(r->a, f.xml, f.len, &d, &w);
        if (rc < 0) { /* not acknowledged: it comes again */
            contact(r,
                    arena_printf(r->a, "file %s refused: %s%s%s", ret.file.file_name,
                                 err_msg(rc, LANG_ZH), w ? ": " : "", w ? w : ""),
                    false);
            return;
        }
        TxApply t = {.a = r->a,
                     .owner = r->owner,
                     .lease_s = r->l->lease_s,
                     .link = r->l->id,
                     .name = ret.file.file_name,
                     .d = &d,
                     .now = time_now()};
        rc = db_tx(r->db, tx_apply, &t);
        if (rc < 0) {
            contact(r,
                    arena_printf(r->a, "file %s could not be applied: %s", t.name,
                                 err_msg(rc, LANG_ZH)),
                    false);
            return;
        }
        if (t.fresh) atomic_fetch_add(&n_applied, 1);
        log_info("download %s applied%s (%zu results)", t.name, t.fresh ? "" : " before",
                 d.n_results);
        /* Acknowledge only after the commit. */
        SoapRequest ack = {.method = REG_DOWNLOADACK, .file_name = t.name};
        RegReturn aret;
        if (regclient_call(&r->l->client, r->a, &ack, &aret, &why) != CALL_ANSWERED) {
            contact(r, why, false);
            return;
        }
        if (aret.msg_code != 0) {
            contact(r,
                    arena_printf(r->a, "isp_downloadack %s answered %lld", t.name,
                                 (long long)aret.msg_code),
                    false);
            return;
        }
        t.acked = true;
        db_tx(r->db, tx_apply, &t);
        contact(r, NULL, true);
        if (ret.msg_code == 0) return; /* that was the last one waiting */
    }
}

typedef struct TxLease {
    int64_t link, now;
    int lease_s;
    const char *owner;
    bool claimed;
} TxLease;

static int tx_lease(Db *db, void *ctx) {
    TxLease *t = ctx;
    return regulator_link_claim(db, t->link, t->owner, t->now, t->lease_s, &t->claimed);
}

int gateway_round(Db *db, GatewayLink *l, const char *owner) {
    Arena a;
    arena_init(&a);
    Round r = {.db = db, .l = l, .a = &a, .now = time_now(), .owner = owner};
    TxLease t = {.link = l->id, .now = r.now, .owner = owner, .lease_s = l->lease_s};
    int rc = db_tx(db, tx_lease, &t);
    if (rc == 0 && t.claimed) {
        upload_round(&r);
        r.now = t.now = time_now(); /* renewed, or lost during a slow round */
        if (db_tx(db, tx_lease, &t) == 0 && t.claimed) download_round(&r);
    }
    arena_free(&a);
    return rc < 0 ? rc : t.claimed;
}

/* -------------------------------------------------------------- thread */

struct Gateway {
    const Config *cfg;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stopping;
    char owner[128];
    GatewayLink *links;
    size_t n_links;
};

int gateway_links_parse(Arena *a, const char *text, LinkConf **out, size_t *n, char **why) {
    size_t cap = 8;
    *out = ARENA_NEW(a, LinkConf, cap);
    *n = 0;
    *why = NULL;
    char *copy = arena_strdup(a, text ? text : ""), *save = NULL;
    int lineno = 0;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *f[8] = {0}, *s2 = NULL;
        int k = 0;
        for (char *w = strtok_r(line, " \t\r", &s2); w && k < 8; w = strtok_r(NULL, " \t\r", &s2))
            f[k++] = w;
        if (k == 0) continue;
        if (k != 5 && k != 7) {
            *why = arena_printf(a,
                                "line %d: want provinces endpoint ispID user password "
                                "[aes_key aes_iv], found %d words",
                                lineno, k);
            return -ERR_REG_LINKS_FILE;
        }
        int *prov = ARENA_NEW(a, int, 40);
        size_t np = 0;
        for (char *p = f[0], *end; *p && np < 40; p = *end == ',' ? end + 1 : end) {
            long code = strtol(p, &end, 10);
            if (end == p || code < 11 || code > 82 || (*end && *end != ',')) {
                *why = arena_printf(a, "line %d: provinces are two-digit codes (44,45)", lineno);
                return -ERR_REG_LINKS_FILE;
            }
            prov[np++] = (int)code;
        }
        char *end;
        long long isp = strtoll(f[2], &end, 10);
        if (*end || isp <= 0 || (strncmp(f[1], "http://", 7) && strncmp(f[1], "https://", 8))) {
            *why = arena_printf(a,
                                "line %d: the endpoint is http(s)://host[:port] and the ispID "
                                "a positive number",
                                lineno);
            return -ERR_REG_LINKS_FILE;
        }
        if (*n == cap) {
            LinkConf *more = ARENA_NEW(a, LinkConf, cap * 2);
            memcpy(more, *out, cap * sizeof *more);
            *out = more, cap *= 2;
        }
        (*out)[(*n)++] = (LinkConf){.link = {.id = prov[0],
                                             .endpoint = f[1],
                                             .isp_id = isp,
                                             .provinces = prov,
                                             .n_provinces = np},
                                    .user = f[3],
                                    .password = f[4],
                                    .aes_key = k == 7 ? f[5] : "",
                                    .aes_iv = k == 7 ? f[6] : ""};
    }
    return 0;
}

int gateway_links_load(const Config *cfg, Arena *a, LinkConf **out, size_t *n, char **why) {
    LinkConf *file = NULL;
    size_t nf = 0;
    *why = NULL;
    if (cfg->regulator_links && *cfg->regulator_links) {
        FILE *f = fopen(cfg->regulator_links, "r");
        if (!f) {
            *why = arena_printf(a, "cannot read %s", cfg->regulator_links);
            return -ERR_REG_LINKS_FILE;
        }
        Buf b;
        buf_init(&b, a);
        char chunk[4096];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 20))
            buf_append(&b, chunk, got);
        fclose(f);
        int rc = gateway_links_parse(a, b.data ? b.data : "", &file, &nf, why);
        if (rc < 0) return rc;
    }
    *out = ARENA_NEW(a, LinkConf, nf + 1);
    (*out)[0] = (LinkConf){
        .link = {.id = 0, .endpoint = cfg->regulator_endpoint, .isp_id = cfg->regulator_isp_id},
        .user = cfg->regulator_user,
        .password = cfg->regulator_password,
        .aes_key = cfg->regulator_aes_key,
        .aes_iv = cfg->regulator_aes_iv};
    if (nf) memcpy(*out + 1, file, nf * sizeof *file);
    *n = nf + 1;
    return 0;
}

typedef struct SyncCtx {
    RegLinkConf *links;
    size_t n;
} SyncCtx;

static int tx_sync(Db *db, void *ctx) {
    SyncCtx *c = ctx;
    return regulator_links_sync(db, c->links, c->n);
}

int gateway_links_sync(Db *db, const Config *cfg) {
    Arena a;
    arena_init(&a);
    LinkConf *links;
    size_t n;
    char *why = NULL;
    int rc = gateway_links_load(cfg, &a, &links, &n, &why);
    if (rc < 0) log_error("regulator_links: %s", why ? why : "invalid");
    if (rc == 0) {
        SyncCtx c = {ARENA_NEW(&a, RegLinkConf, n), n};
        for (size_t i = 0; i < n; i++)
            c.links[i] = links[i].link;
        rc = db_tx(db, tx_sync, &c);
    }
    arena_free(&a);
    return rc;
}

static void *gateway_main(void *arg) {
    Gateway *g = arg;
    Db *db = NULL;
    pthread_mutex_lock(&g->mu);
    while (!g->stopping) {
        pthread_mutex_unlock(&g->mu);
        if (!db) db = db_open(config_database((Config *)g->cfg));
        for (size_t i = 0; db && i < g->n_links; i++)
            gateway_round(db, &g->links[i], g->owner);
        pthread_mutex_lock(&g->mu);
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += g->cfg->regulator_poll_s > 0 ? g->cfg->regulator_poll_s : 5;
        if (!g->stopping) pthread_cond_timedwait(&g->cv, &g->mu, &ts);
    }
    pthread_mutex_unlock(&g->mu);
    if (db) {
        for (size_t i = 0; i < g->n_links; i++)
            regulator_link_release(db, g->links[i].id, g->owner);
        db_close(db);
    }
    return NULL;
}

Gateway *gateway_start(const Config *cfg) {
    Arena a;
    arena_init(&a);
    LinkConf *conf;
    size_t n;
    char *why = NULL;
    if (gateway_links_load(cfg, &a, &conf, &n, &why) < 0) {
        log_error("regulator gateway off: regulator_links: %s", why ? why : "invalid");
        arena_free(&a);
        return NULL;
    }
    Gateway *g = xcalloc(1, sizeof *g);
    g->cfg = cfg;
    g->links = xcalloc(n, sizeof *g->links);
    for (size_t i = 0; i < n; i++) {
        const LinkConf *l = &conf[i];
        if (!l->link.endpoint || !*l->link.endpoint) continue;
        GatewayLink *gl = &g->links[g->n_links];
        gl->id = l->link.id;
        gl->lease_s = gateway_lease_s(cfg->regulator_timeout_s, cfg->regulator_poll_s);
        /* The client keeps pointers: copies that live as long as the gateway. */
        if (regclient_init(&gl->client, xstrdup(l->link.endpoint), l->link.isp_id,
                           xstrdup(l->user ? l->user : ""), xstrdup(l->password ? l->password : ""),
                           l->aes_key, l->aes_iv, cfg->regulator_timeout_s) < 0) {
            log_error("regulator link %lld off: its AES key and IV must be 16 characters each",
                      (long long)gl->id);
            continue;
        }
        log_info("regulator link %lld: %s, ispID %lld", (long long)gl->id, l->link.endpoint,
                 (long long)l->link.isp_id);
        g->n_links++;
    }
    if (!g->n_links) {
        log_info("regulator gateway off (no regulator_endpoint): uploads wait in the outbox");
        free(g->links);
        free(g);
        arena_free(&a);
        return NULL;
    }
    char host[64] = "node";
    gethostname(host, sizeof host - 1);
    snprintf(g->owner, sizeof g->owner, "%s/%d/%s", host, (int)getpid(), rand_token(&a, 6));
    arena_free(&a);
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    if (pthread_create(&g->thread, NULL, gateway_main, g) != 0) core_oom(0);
    return g;
}

void gateway_stop(Gateway *g) {
    if (!g) return;
    pthread_mutex_lock(&g->mu);
    g->stopping = true;
    pthread_cond_signal(&g->cv);
    pthread_mutex_unlock(&g->mu);
    pthread_join(g->thread, NULL);
    pthread_mutex_destroy(&g->mu);
    pthread_cond_destroy(&g->cv);
    for (size_t i = 0; i < g->n_links; i++) {
        RegClient *c = &g->links[i].client;
        free((char *)c->endpoint);
        free((char *)c->user);
        free((char *)c->password);
        regclient_free(c);
    }
    free(g->links);
    free(g);
}

/* ------------------------------------------------------------ questions */

static int ask(const Config *cfg, Arena *a, SoapRequest *q, RegReturn *ret) {
    if (!cfg->regulator_endpoint || !*cfg->regulator_endpoint) return -ERR_REG_UNAVAILABLE;
    RegClient c;
    int timeout = cfg->regulator_timeout_s < 10 ? cfg->regulator_timeout_s : 10;
    if (regclient_init(&c, cfg->regulator_endpoint, cfg->regulator_isp_id, cfg->regulator_user,
                       cfg->regulator_password, cfg->regulator_aes_key, cfg->regulator_aes_iv,
                       timeout) < 0)
        return -ERR_REG_UNAVAILABLE;
    /* The WSDL's namespace is read once per process, not per question. */
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static char *known_ns, *known_endpoint;
    pthread_mutex_lock(&mu);
    if (known_ns && !strcmp(known_endpoint, cfg->regulator_endpoint)) c.ns = xstrdup(known_ns);
    pthread_mutex_unlock(&mu);
    char *why = NULL;
    RegCallOutcome o = regclient_call(&c, a, q, ret, &why);
    pthread_mutex_lock(&mu);
    if (c.ns && (!known_ns || strcmp(known_endpoint, cfg->regulator_endpoint))) {
        free(known_ns);
        free(known_endpoint);
        known_ns = xstrdup(c.ns);
        known_endpoint = xstrdup(cfg->regulator_endpoint);
    }
    pthread_mutex_unlock(&mu);
    regclient_free(&c);
    if (o != CALL_ANSWERED) {
        atomic_fetch_add(&n_errors, 1);
        log_warn("%s: %s", soap_method_name(q->method), why ? why : "no answer");
        return -ERR_REG_UNAVAILABLE;
    }
    atomic_fetch_add(&n_codes[code_slot(ret->msg_code)], 1);
    return 0;
}

int gateway_verify_password(const Config *cfg, Arena *a, const char *number, const char *password,
                            bool *match) {
    *match = false;
    SoapRequest q = {.method = REG_VERIFYBAMM, .baxh = number, .bamm = password};
    RegReturn ret;
    int rc = ask(cfg, a, &q, &ret);
    if (rc < 0) return rc;
    if (ret.msg_code == 22) return -ERR_REG_TOO_MANY_CHECKS;
    if (ret.msg_code != 0 || ret.verify < 0) {
        log_warn("isp_verifybamm answered %lld", (long long)ret.msg_code);
        return -ERR_REG_UNAVAILABLE;
    }
    *match = ret.verify == 0;
    return 0;
}

int gateway_domain_status(const Config *cfg, Arena *a, const char *domain, bool *filed,
                          const char **subject_number) {
    *filed = false;
    *subject_number = NULL;
    SoapRequest q = {.method = REG_QUERYBEIANSTATUS, .query_type = 0, .query = domain};
    RegReturn ret;
    int rc = ask(cfg, a, &q, &ret);
    if (rc < 0) return rc;
    if (ret.msg_code != 0 || !ret.has_status) {
        log_warn("isp_querybeianstatus answered %lld", (long long)ret.msg_code);
        return -ERR_REG_UNAVAILABLE;
    }
    *filed = ret.status.filed == 0;
    if (*filed && ret.status.subject_number)
        *subject_number = arena_strdup(a, ret.status.subject_number);
    return 0;
}
