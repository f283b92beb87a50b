/*
** Session rows.
*/
#include "model/session.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"

static char *token_hash(Arena *a, const char *token) {
    return crypto_sha256_hex(a, token, strlen(token));
}

/*
** The node's memory of sessions. Every authenticated request starts with
** the session lookup; on PostgreSQL that is a round trip to the database
** server for each request. A session looked up is remembered for
** `session_cache_s` seconds (session_cache_set), keyed by its token's hash
** in a direct-mapped table of SC_SLOTS entries, so its next requests on
** this node ask nothing.
**
** What this costs: a session ended on another node (logout, password
** change, account disabled, role changed) is still accepted here, as it
** was, until its entry is older than the setting: 2 s by default. On this
** node every deletion forgets the session (or the account's sessions) and
** bumps sc_gen, so a lookup that read the row before the deletion does not
** put it back; a lookup racing the deleting transaction's commit can still
** remember the old row, again for at most the setting. Expiry is checked by
** the caller on every request, from the remembered created_at and
** last_seen (a touch updates them).
*/
#define SC_SLOTS 1024

typedef struct ScEntry {
    char key[65];       /* token hash, hex; "" when empty */
    int64_t fetched_ms; /* monotonic */
    SessionInfo s;      /* strings malloc'd */
} ScEntry;

static pthread_mutex_t sc_lock = PTHREAD_MUTEX_INITIALIZER;
static ScEntry sc_slots[SC_SLOTS];
static int64_t sc_ttl_ms;
static uint64_t sc_gen;

static int64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static ScEntry *sc_slot(const char *hash) {
    return &sc_slots[strtoul((char[]){hash[0], hash[1], hash[2], hash[3], 0}, NULL, 16) % SC_SLOTS];
}

static void sc_clear(ScEntry *e) {
    free(e->s.login);
    free(e->s.role);
    free(e->s.status);
    free(e->s.display_name);
    memset(e, 0, sizeof *e);
}

void session_cache_set(int ttl_s) {
    pthread_mutex_lock(&sc_lock);
    sc_ttl_ms = ttl_s > 0 ? (int64_t)ttl_s * 1000 : 0;
    for (size_t i = 0; i < SC_SLOTS; i++)
        sc_clear(&sc_slots[i]);
    sc_gen++;
    pthread_mutex_unlock(&sc_lock);
}

/* Under sc_lock. */
static bool sc_get(const char *hash, Arena *a, SessionInfo *out) {
    ScEntry *e = sc_slot(hash);
    if (!sc_ttl_ms || strcmp(e->key, hash) != 0) return false;
    if (mono_ms() - e->fetched_ms >= sc_ttl_ms) {
        sc_clear(e);
        return false;
    }
    *out = e->s;
    out->login = arena_strdup(a, e->s.login);
    out->role = arena_strdup(a, e->s.role);
    out->status = arena_strdup(a, e->s.status);
    out->display_name = arena_strdup(a, e->s.display_name);
    return true;
}

static char *dup_or_empty(const char *s) {
    return strdup(s ? s : "");
}

/* Under sc_lock; only when nothing was forgotten since the row was read. */
static void sc_put(const char *hash, const SessionInfo *s, uint64_t gen_before) {
    if (!sc_ttl_ms || gen_before != sc_gen) return;
    ScEntry *e = sc_slot(hash);
    sc_clear(e);
    e->s = *s;
    e->s.login = dup_or_empty(s->login);
    e->s.role = dup_or_empty(s->role);
    e->s.status = dup_or_empty(s->status);
    e->s.display_name = dup_or_empty(s->display_name);
    if (!e->s.login || !e->s.role || !e->s.status || !e->s.display_name) {
        sc_clear(e);
        return;
    }
    memcpy(e->key, hash, 64);
    e->fetched_ms = mono_ms();
}

/* Forget the sessions whose id is `id`, or (id 0) every session of
** `account_id` except keep_id. */
static void sc_forget(int64_t id, int64_t account_id, int64_t keep_id) {
    pthread_mutex_lock(&sc_lock);
    sc_gen++;
    for (size_t i = 0; i < SC_SLOTS; i++) {
        ScEntry *e = &sc_slots[i];
        if (!e->key[0]) continue;
        if (id ? e->s.id == id : e->s.account_id == account_id && e->s.id != keep_id) sc_clear(e);
    }
    pthread_mutex_unlock(&sc_lock);
}

void session_cache_forget_account(int64_t account_id) {
    sc_forget(0, account_id, 0);
}

int session_create(Db *db, Arena *a, int64_t account_id, const char *ip, const char *user_agent,
                   char **token, int64_t *id) {
    *token = rand_token(a, 32);
    int64_t now = time_now();
    char ua[256] = "";
    utf8_copy_cut(ua, sizeof ua, user_agent); /* the column is text: never a cut character */
    DbRc rc = db_insert(db, id,
                        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen, ip, "
                        "user_agent) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        "tiiitt", token_hash(a, *token), account_id, now, now, ip, ua);
    return rc < 0 ? db_err(rc) : 0;
}

int session_lookup(Db *db, Arena *a, const char *token, SessionInfo *out) {
    char *hash = token_hash(a, token);
    pthread_mutex_lock(&sc_lock);
    bool hit = sc_get(hash, a, out);
    uint64_t gen = sc_gen;
    pthread_mutex_unlock(&sc_lock);
    if (hit) return 0;
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT s.id, s.account_id, s.created_at, s.last_seen, a.login, a.role, "
                       "a.status, a.display_name FROM sessions s JOIN accounts a "
                       "ON a.id = s.account_id WHERE s.token_hash = ?",
                       "t", hash);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) {
        out->id = db_col_i64(st, 0);
        out->account_id = db_col_i64(st, 1);
        out->created_at = db_col_i64(st, 2);
        out->last_seen = db_col_i64(st, 3);
        out->login = db_col_text(st, a, 4);
        out->role = db_col_text(st, a, 5);
        out->status = db_col_text(st, a, 6);
        out->display_name = db_col_text(st, a, 7);
    }
    db_done(st);
    if (rc != DB_ROW) return -ERR_NOT_FOUND;
    pthread_mutex_lock(&sc_lock);
    sc_put(hash, out, gen);
    pthread_mutex_unlock(&sc_lock);
    return 0;
}

int session_touch(Db *db, int64_t id, int64_t now) {
    DbRc rc = db_exec(db, "UPDATE sessions SET last_seen = ? WHERE id = ?", "ii", now, id);
    if (rc < 0) return db_err(rc);
    pthread_mutex_lock(&sc_lock);
    for (size_t i = 0; i < SC_SLOTS; i++)
        if (sc_slots[i].key[0] && sc_slots[i].s.id == id) sc_slots[i].s.last_seen = now;
    pthread_mutex_unlock(&sc_lock);
    return 0;
}

int session_delete(Db *db, int64_t id) {
    sc_forget(id, 0, 0);
    DbRc rc = db_exec(db, "DELETE FROM sessions WHERE id = ?", "i", id);
    return rc < 0 ? db_err(rc) : 0;
}

int session_delete_account(Db *db, int64_t account_id, int64_t keep_id) {
    sc_forget(0, account_id, keep_id);
    DbRc rc = db_exec(db, "DELETE FROM sessions WHERE account_id = ? AND id <> ?", "ii", account_id,
                      keep_id);
    return rc < 0 ? db_err(rc) : 0;
}

int session_purge(Db *db, int64_t idle_cutoff, int64_t abs_cutoff) {
    DbRc rc = db_exec(db, "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?", "ii",
                      idle_cutoff, abs_cutoff);
    return rc < 0 ? db_err(rc) : 0;
}
