/*
** The six methods of the provider interface as the simulated administration
** answers them (V3.0 §3-3, regulator-interface.md §4), each inside its
** call's transaction.
**
** isp_upload: pipeline codes (9, 11, then 6/7/8/17/18 from the payload),
** sequence (starts at 1, +1 per accepted upload; a gap answers 14 with the
** missing numbers; a number already accepted answers 0 and is not applied
** again), queue bound (15). isp_download: the head file until acknowledged
** (0 when it is the last one waiting, 3 when more wait behind it), 2 when
** none. isp_downloadack: 21 for an empty name, 999 for a name never sent,
** else 0 (also again). isp_querypreviousupload: the last accepted upload as
** received, sequence 0 and an empty file before the first.
*/
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "regulator/auth.h"
#include "regulator/codes.h"
#include "regulator/payload.h"
#include "rules/validate.h"
#include "simulator/dlqueue.h"
#include "simulator/registry.h"
#include "simulator/service.h"

/* At most this many missing sequence numbers are listed in one answer. */
#define MAX_MISSING 1000

/* The payload options of the configured account: AES with its key and IV
** when both are set. *key is filled when used. */
static PayloadOpts payload_opts(const Config *cfg, PayloadKey *key, bool *have_key) {
    *have_key = payload_key_set(key, cfg->regulator_aes_key, cfg->regulator_aes_iv) == 0;
    return (PayloadOpts){.hash_alg = REG_HASH_MD5,
                         .compression = REG_COMPRESS_ZIP,
                         .encrypt = *have_key ? REG_ENCRYPT_AES : REG_ENCRYPT_NONE,
                         .key = *have_key ? key : NULL};
}

/* 14: the numbers from last + 1 to sequence - 1. */
static void missing(SimCall *c, int64_t last, int64_t sequence) {
    size_t n = (size_t)(sequence - last - 1);
    if (n > MAX_MISSING) n = MAX_MISSING;
    int64_t *v = ARENA_NEW(c->a, int64_t, n + 1);
    for (size_t i = 0; i < n; i++)
        v[i] = last + 1 + (int64_t)i;
    c->ret.msg_code = 14;
    c->ret.missing = v;
    c->ret.n_missing = n;
}

/* isp_upload: pipeline, sequence, queue bound, then the engine takes it. */
static int m_upload(Db *db, SimCall *c) {
    const SoapRequest *q = &c->req;
    c->detail = arena_printf(c->a, "dataSequence %lld", (long long)q->sequence);
    if (q->compression != REG_COMPRESS_ZIP) return c->ret.msg_code = 11, 0;
    if (q->encrypt_alg != REG_ENCRYPT_NONE && q->encrypt_alg != REG_ENCRYPT_AES)
        return c->ret.msg_code = 9, 0;
    int64_t last, flight = 0;
    SeqVerdict v;
    int rc = engine_sequence(db, q->sequence, &last, &v);
    if (rc) return rc;
    if (v == SEQ_REPEAT) {
        c->ret.msg = "该序号的数据已受理（重复上报，不再重复处理）";
        c->detail = arena_printf(c->a, "%s: repeated, not applied again", c->detail);
        return 0;
    }
    if (v == SEQ_GAP) return missing(c, last, q->sequence), 0;
    if ((rc = engine_in_flight(db, &flight))) return rc;
    if (flight >= c->env.set.queue_limit) return c->ret.msg_code = 15, 0;
    PayloadKey key;
    bool have_key;
    PayloadOpts o = payload_opts(c->cfg, &key, &have_key);
    o.encrypt = (int)q->encrypt_alg;
    if (q->encrypt_alg == REG_ENCRYPT_AES && !have_key) return c->ret.msg_code = 6, 0;
    PayloadFile f;
    rc = payload_decode(c->a, q->info, q->info_hash, &o, &f);
    if (rc) return c->ret.msg_code = regulator_err_code(rc), 0;
    SimUpload u = {q->sequence, f.name, q->encrypt_alg, q->info, q->info_hash, f.xml, f.len};
    c->detail = arena_printf(c->a, "%s: accepted, %s", c->detail, f.name);
    return engine_accept(db, c->a, &c->env, &u);
}

/* isp_download: the head of the queue, encoded now (bad hash when armed). */
static int m_download(Db *db, SimCall *c) {
    DlFile f;
    int rc = dlqueue_head(db, c->a, &f);
    if (rc == -ERR_NOT_FOUND) return c->ret.msg_code = 2, 0;
    if (rc) return rc;
    PayloadKey key;
    bool have_key;
    PayloadOpts o = payload_opts(c->cfg, &key, &have_key);
    o.mtime = c->env.now;
    char *info, *hash;
    if ((rc = payload_encode(c->a, f.xml, f.name, &o, &info, &hash))) return rc;
    SimFault bad;
    if ((rc = sim_fault_take(db, c->a, "isp_download", true, &bad))) return rc;
    if (bad.kind) hash = payload_md5_b64(c->a, f.name, strlen(f.name)); /* not the zip's */
    if ((rc = dlqueue_delivered(db, f.id))) return rc;
    c->ret.msg_code = f.pending > 1 ? 3 : 0;
    c->ret.has_file = true;
    c->ret.file = (RegFileInfo){REG_HASH_MD5, REG_COMPRESS_ZIP, o.encrypt, 0, f.name, info, hash};
    c->detail = arena_printf(c->a, "%s%s", f.name, bad.kind ? " (bad hash, fault)" : "");
    return 0;
}

/* isp_downloadack of a file name. */
static int m_downloadack(Db *db, SimCall *c) {
    const char *name = c->req.file_name;
    if (!name || !*name) return c->ret.msg_code = 21, 0;
    c->detail = name;
    int rc = dlqueue_ack(db, name, c->env.now);
    if (rc == -ERR_NOT_FOUND) {
        c->ret.msg_code = 999;
        c->ret.msg = arena_printf(c->a, "没有名为 %s 的下载文件", name);
        return 0;
    }
    return rc;
}

/* isp_querypreviousupload: the last accepted upload as received. */
static int m_previous(Db *db, SimCall *c) {
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT sequence, file_name, encrypt_alg, info, info_hash FROM sim_uploads "
                       "ORDER BY sequence DESC LIMIT 1",
                       "");
    if (rc < 0) return db_err(rc);
    RegFileInfo f = {REG_HASH_MD5, REG_COMPRESS_ZIP, 0, 0, "", "", ""};
    if (rc == DB_ROW)
        f = (RegFileInfo){REG_HASH_MD5,
                          REG_COMPRESS_ZIP,
                          db_col_i64(st, 2),
                          db_col_i64(st, 0),
                          db_col_text(st, c->a, 1),
                          db_col_text(st, c->a, 3),
                          db_col_text(st, c->a, 4)};
    db_done(st);
    c->ret.has_file = true;
    c->ret.file = f;
    c->detail = arena_printf(c->a, "dataSequence %lld", (long long)f.sequence);
    return 0;
}

/* A domain as asked (www. and case ignored), else its registrable domain. */
static int status_of_domain(Db *db, SimCall *c, const char *q, SimSite *site) {
    int rc = registry_site_of_domain(db, c->a, q, site);
    Domain d;
    if (rc == -ERR_NOT_FOUND && domain_registrable(c->a, q, &d) == 0) {
        rc = registry_site_of_domain(db, c->a, d.ascii, site);
        if (rc == -ERR_NOT_FOUND) rc = registry_site_of_domain(db, c->a, d.unicode, site);
    }
    return rc;
}

/* isp_querybeianstatus of a domain (type 0) or a certificate number (1-11). */
static int m_status(Db *db, SimCall *c) {
    const SoapRequest *q = &c->req;
    size_t len = utf8_len(q->query);
    c->detail = arena_printf(c->a, "%lld %s", (long long)q->query_type, q->query);
    if (q->query_type < 0 || q->query_type > 11 || len < 4 || len > 255) {
        c->ret.msg_code = 999;
        c->ret.msg = "查询条件类型须为 0–11，查询条件须为 4–255 个字符";
        return 0;
    }
    RegStatusInfo s = {.query_type = q->query_type, .query = q->query, .filed = 1};
    SimSubject subj;
    SimSite site;
    int rc;
    if (q->query_type == 0) {
        rc = status_of_domain(db, c, q->query, &site);
        if (rc == 0 && (rc = registry_subject(db, c->a, site.subject_id, NULL, &subj)) == 0)
            s = (RegStatusInfo){0, q->query, site.name, subj.number, site.number, 0};
    } else {
        rc = registry_subject_by_cert(db, c->a, q->query, &subj);
        if (rc == 0) s.subject_number = subj.number, s.filed = 0;
    }
    if (rc && rc != -ERR_NOT_FOUND) return rc;
    c->ret.has_status = true;
    c->ret.status = s;
    return 0;
}

/* isp_verifybamm: a filing password checked, at most bamm_limit times an hour. */
static int m_verifybamm(Db *db, SimCall *c) {
    const char *number = c->req.baxh;
    c->detail = number;
    int64_t recent = 0;
    DbRc d = db_query_i64(db, &recent,
                          "SELECT count(*) FROM sim_bamm_checks WHERE number = ? AND at > ?", "ti",
                          number, c->env.now - 3600);
    if (d < 0) return db_err(d);
    if (recent >= c->env.set.bamm_limit) return c->ret.msg_code = 22, 0;
    d = db_exec(db, "INSERT INTO sim_bamm_checks (number, at) VALUES (?, ?)", "ti", number,
                c->env.now);
    if (d < 0) return db_err(d);
    SimSubject subj;
    SimSite site;
    int rc = registry_subject(db, c->a, 0, number, &subj);
    if (rc == -ERR_NOT_FOUND && registry_site(db, c->a, 0, number, &site) == 0)
        rc = registry_subject(db, c->a, site.subject_id, NULL, &subj);
    char *icpmm = NULL;
    bool ok = rc == 0 && !strcmp(subj.state, "filed") &&
              auth_icpmm(c->a, c->req.bamm, &icpmm) == 0 &&
              registry_password_ok(db, subj.id, icpmm);
    if (rc && rc != -ERR_NOT_FOUND) return rc;
    c->ret.verify = ok ? 0 : 1;
    return 0;
}

int sim_method(Db *db, SimCall *c) {
    switch (c->req.method) {
    case REG_UPLOAD:
        return m_upload(db, c);
    case REG_DOWNLOAD:
        return m_download(db, c);
    case REG_DOWNLOADACK:
        return m_downloadack(db, c);
    case REG_QUERYPREVIOUSUPLOAD:
        return m_previous(db, c);
    case REG_QUERYBEIANSTATUS:
        return m_status(db, c);
    case REG_VERIFYBAMM:
        return m_verifybamm(db, c);
    default:
        return -ERR_INTERNAL;
    }
}
