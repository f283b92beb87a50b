/*
** Settings rows: one (key, value) per setting an admin saved.
*/
#include "model/settings.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/review_queue.h"

/* The text settings: key and where it lives in ProviderSettings. */
typedef struct TextKey {
    const char *key;
    size_t offset;
} TextKey;

#define TEXT_KEY(k, member)                                                                        \
    { k, offsetof(ProviderSettings, member) }
static const TextKey text_keys[] = {
    TEXT_KEY("provider_name", name),           TEXT_KEY("provider_address", address),
    TEXT_KEY("provider_contact", contact),     TEXT_KEY("provider_phone", phone),
    TEXT_KEY("provider_email", email),         TEXT_KEY("onsite_address", onsite_address),
    TEXT_KEY("onsite_hours", onsite_hours),    TEXT_KEY("onsite_bring", onsite_bring),
    TEXT_KEY("provider_ip_ranges", ip_ranges), TEXT_KEY("submit_missing_scans", missing_scans),
};
#define NTEXT            (sizeof text_keys / sizeof text_keys[0])
#define REVIEW_HOURS_KEY "review_hours"

static const char **text_at(ProviderSettings *s, size_t i) {
    return (const char **)((char *)s + text_keys[i].offset);
}

ProviderSettings settings_defaults(const Config *cfg) {
    return (ProviderSettings){.name = cfg && cfg->provider_name ? cfg->provider_name : "",
                              .address = "",
                              .contact = "",
                              .phone = "",
                              .email = "",
                              .onsite_address = "",
                              .onsite_hours = "",
                              .onsite_bring = "",
                              .ip_ranges = "",
                              .missing_scans = SETTINGS_MISSING_WARN,
                              .review_hours = SETTINGS_REVIEW_HOURS};
}

/* Put a stored value in its place; unknown keys are ignored. */
static void settings_set(ProviderSettings *s, const char *key, const char *value) {
    for (size_t i = 0; i < NTEXT; i++)
        if (!strcmp(text_keys[i].key, key)) *text_at(s, i) = value;
    if (!strcmp(key, REVIEW_HOURS_KEY)) s->review_hours = atoi(value);
}

int settings_load(Db *db, Arena *a, ProviderSettings *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT key, value FROM settings", NULL);
    if (rc < 0) return db_err(rc);
    for (; rc == DB_ROW; rc = db_step(st))
        settings_set(out, db_col_text(st, a, 0), db_col_text(st, a, 1));
    db_done(st);
    if (rc < 0) return db_err(rc);
    for (size_t i = 0; i < NTEXT; i++)
        if (!*text_at(out, i)) *text_at(out, i) = "";
    if (strcmp(out->missing_scans, SETTINGS_MISSING_REFUSE) != 0)
        out->missing_scans = SETTINGS_MISSING_WARN;
    if (out->review_hours < 1) out->review_hours = SETTINGS_REVIEW_HOURS;
    return 0;
}

int settings_review_hours(Db *db, int *hours) {
    *hours = SETTINGS_REVIEW_HOURS;
    int64_t h = 0;
    DbRc rc = db_query_i64(db, &h, "SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?", "t",
                           REVIEW_HOURS_KEY);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW && h >= 1 && h <= 10000) *hours = (int)h;
    return 0;
}

int settings_page(Db *db, void *ctx) {
    SettingsPage *op = ctx;
    op->updated_at = 0;
    op->updated_by = NULL;
    int rc = settings_load(db, op->a, &op->s);
    if (rc < 0) return rc;
    DbStmt *st;
    DbRc d = db_query(db, &st,
                      "SELECT s.updated_at, a.login FROM settings s LEFT JOIN accounts a "
                      "ON a.id = s.updated_by ORDER BY s.updated_at DESC LIMIT 1",
                      NULL);
    if (d < 0) return db_err(d);
    if (d == DB_ROW) {
        op->updated_at = db_col_i64(st, 0);
        op->updated_by = db_col_text(st, op->a, 1);
    }
    db_done(st);
    return 0;
}

static int settings_put(Db *db, const char *key, const char *value, int64_t admin_id) {
    DbRc rc =
        db_exec(db,
                "INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                "ttii", key, value, admin_id, time_now());
    return rc < 0 ? db_err(rc) : 0;
}

/* Store one setting when its value changes; note its key in *changed. */
static int save_one(Db *db, SettingsSave *op, Buf *changed, const char *key, const char *now,
                    const char *next) {
    if (!strcmp(now, next)) return 0;
    buf_printf(changed, "%s%s", changed->len ? "," : "", key);
    return settings_put(db, key, next, op->who.id);
}

int settings_save(Db *db, void *ctx) {
    SettingsSave *op = ctx;
    ProviderSettings cur = op->defaults;
    int rc = settings_load(db, op->a, &cur);
    Buf changed;
    buf_init(&changed, op->a);
    buf_puts(&changed, "");
    for (size_t i = 0; rc == 0 && i < NTEXT; i++) {
        const char *next = *text_at(&op->in, i);
        rc = save_one(db, op, &changed, text_keys[i].key, *text_at(&cur, i), next ? next : "");
    }
    char hours_now[16], hours_next[16];
    snprintf(hours_now, sizeof hours_now, "%d", cur.review_hours);
    snprintf(hours_next, sizeof hours_next, "%d", op->in.review_hours);
    if (rc == 0) rc = save_one(db, op, &changed, REVIEW_HOURS_KEY, hours_now, hours_next);
    op->changed = changed.data;
    if (rc == 0 && changed.len) queue_counts_changed(); /* the review time limit it keeps */
    if (rc == 0 && changed.len)
        rc = audit_write(db, &op->who, "settings.save", "settings", 0, changed.data);
    return rc;
}
