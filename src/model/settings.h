/*
** The provider's own details and review settings (the `settings` table),
** edited by admins: who the provider is on the printed forms (name,
** address, contact, phone, e-mail), where and when the on-site verification
** (现场核验) takes place and what to bring, and the provider's review time
** limit. A setting an admin never saved keeps its default (settings_defaults).
*/
#ifndef BEIAN_MODEL_SETTINGS_H
#define BEIAN_MODEL_SETTINGS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/config.h"
#include "db/db.h"
#include "model/audit.h"

/* The review time limit when nobody set one: "provider review ~1 working
** day" (DESIGN.md §9). */
#define SETTINGS_REVIEW_HOURS 24

typedef struct ProviderSettings {
    const char *name;           /* 接入商名称, printed on every form */
    const char *address;        /* 地址 (the agreement's 乙方 address) */
    const char *contact;        /* 联系人 */
    const char *phone;          /* 联系电话 */
    const char *email;          /* 电子邮箱 */
    const char *onsite_address; /* 现场核验地点 */
    const char *onsite_hours;   /* 现场核验时间, e.g. 工作日 9:00–17:00 */
    const char *onsite_bring;   /* 现场核验须携带的材料 (several lines) */
    /* The provider's own address ranges (CIDR, IPv4 and IPv6, one a line,
    ** checked by cidr_list_check): access IPs must lie within them. "":
    ** not set, any public address is taken. */
    const char *ip_ranges;
    /* Submitting with scans missing (issue 11): "warn" (the page says which,
    ** the submission goes on) or "refuse" (every scan first). */
    const char *missing_scans;
    int review_hours; /* the provider's review time limit, hours */
} ProviderSettings;

#define SETTINGS_MISSING_WARN   "warn"
#define SETTINGS_MISSING_REFUSE "refuse"

/* The defaults: the name from the configuration (provider_name; cfg may be
** NULL), SETTINGS_REVIEW_HOURS, missing scans SETTINGS_MISSING_WARN, every
** other text "". */
ProviderSettings settings_defaults(const Config *cfg);

/*
** The settings: each one an admin saved replaces the value in *out, which
** the caller fills with the defaults first:
**     ProviderSettings s = settings_defaults(server_config(r->srv));
**     rc = settings_load(db, arena, &s);
** Strings live in the arena; a NULL string in *out becomes "", and a
** review_hours below 1 becomes SETTINGS_REVIEW_HOURS. Returns 0 or a
** negative ErrCode. Read-only: call it inside any transaction.
*/
int settings_load(Db *db, Arena *a, ProviderSettings *out);

/* The review time limit in hours: the saved review_hours, else
** SETTINGS_REVIEW_HOURS. Read-only, one row by its key. */
int settings_review_hours(Db *db, int *hours);

/* The settings page (read-only DbTxFn): s in: the defaults, out: current;
** when and by whom they were last saved (0 / NULL: never). */
typedef struct SettingsPage {
    Arena *a;
    ProviderSettings s;
    int64_t updated_at;
    const char *updated_by;
} SettingsPage;
int settings_page(Db *db, void *ctx);

/* Save the settings (validated by the caller): every value that differs
** from the current one (defaults included) is stored, and the save is
** audited (settings.save, naming the keys changed). Nothing changed:
** nothing is written. */
typedef struct SettingsSave {
    Arena *a;
    ProviderSettings defaults; /* as for settings_load */
    ProviderSettings in;
    Actor who;
    const char *changed; /* out: the keys changed, comma-separated ("" none) */
} SettingsSave;
int settings_save(Db *db, void *ctx);

#endif
