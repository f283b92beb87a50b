#include "model/logins.h"

#include <pthread.h>
#include <string.h>

#include "core/err.h"

/* Logins are 3-32 bytes (account_login_check); a longer one is not kept. */
typedef struct Slot {
    int64_t id;
    char login[33];
} Slot;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static Slot slots[LOGINS_SLOTS];
static bool cache_on;

void logins_cache_on(bool on) {
    pthread_mutex_lock(&lock);
    cache_on = on;
    memset(slots, 0, sizeof slots);
    pthread_mutex_unlock(&lock);
}

static Slot *slot_of(int64_t id) {
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15u; /* Fibonacci hashing */
    return &slots[h >> 55 & (LOGINS_SLOTS - 1)];
}

int login_of(Db *db, Arena *a, int64_t id, const char **out) {
    *out = NULL;
    if (id <= 0) return 0;
    pthread_mutex_lock(&lock);
    Slot *s = slot_of(id);
    if (cache_on && s->id == id) *out = arena_strdup(a, s->login);
    pthread_mutex_unlock(&lock);
    if (*out) return 0;
    char *login = NULL;
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT login FROM accounts WHERE id = ?", "i", id);
    if (rc == DB_ROW) login = db_col_text(st, a, 0);
    if (rc >= 0) db_done(st);
    if (rc < 0) return db_err(rc);
    if (!login) return 0;
    size_t n = strlen(login);
    if (n < sizeof s->login) {
        pthread_mutex_lock(&lock);
        if (cache_on) {
            s->id = id;
            memcpy(s->login, login, n + 1);
        }
        pthread_mutex_unlock(&lock);
    }
    *out = login;
    return 0;
}
