/*
** Admins edit the province rules (model/province_rules.h): every save keeps
** the version it replaces in province_rules_history (with who wrote that
** version and when) and is audited. A document is checked key by key
** (province_check), so that a bad one is refused with every bad key named,
** and stored in its canonical form (province_rules_json).
*/
#ifndef BEIAN_MODEL_PROVINCE_EDIT_H
#define BEIAN_MODEL_PROVINCE_EDIT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "model/audit.h"
#include "model/province_rules.h"

/* A bad key of a document: "min_age", "extras.1.code"; code a positive
** ErrCode (ERR_FIELD_TYPE, ERR_FIELD_RANGE, ERR_PROVINCE_FIXED, ...). */
typedef struct DocError {
    const char *field;
    int code;
} DocError;

#define PROVINCE_MAX_EXTRAS 10
#define PROVINCE_MAX_ERRORS 32

typedef struct DocErrors {
    DocError e[PROVINCE_MAX_ERRORS];
    size_t n;
} DocErrors;

/*
** Check a rules document for the province `cur` (its rules now) and make
** the rules it stands for in *out (strings in the arena). The document is
** whole: a key left out is empty (false, 0, no text, no extras); code,
** prefix, alt_prefix, name_zh and name_en may be left out but not changed.
** Returns 0, or -ERR_INVALID_INPUT with every bad key in *errs.
*/
int province_check(Arena *a, json_t *doc, const ProvinceRules *cur, ProvinceRules *out,
                   DocErrors *errs);

/* One province as the admin pages show it. */
typedef struct ProvinceRow {
    ProvinceRules rules;
    int64_t updated_at;     /* 0: as seeded */
    const char *updated_by; /* login, or NULL */
    int version;            /* earlier versions kept (0: never edited) */
} ProvinceRow;

/* An earlier version (a row of province_rules_history). */
typedef struct ProvinceVersion {
    int64_t id;
    int64_t updated_at;     /* when this version was written (0: the seed) */
    const char *updated_by; /* who wrote it, or NULL */
    ProvinceRules rules;    /* filled by province_version only */
} ProvinceVersion;

/* Every province, by code (read-only DbTxFn). */
typedef struct ProvincesPage {
    Arena *a;
    ProvinceRow *rows; /* out */
    size_t n;
} ProvincesPage;
int provinces_page(Db *db, void *ctx);

/* One province and its earlier versions, newest first (read-only).
** -ERR_NOT_FOUND for a code with no province. */
typedef struct ProvincePage {
    Arena *a;
    int code;
    ProvinceRow row;           /* out */
    ProvinceVersion *versions; /* out */
    size_t n;
} ProvincePage;
int province_page(Db *db, void *ctx);

/* One earlier version of a province, and the province now (read-only);
** -ERR_NOT_FOUND. */
typedef struct ProvinceVersionGet {
    Arena *a;
    int code;
    int64_t id;
    ProvinceVersion out;
    ProvinceRow now;
} ProvinceVersionGet;
int province_version(Db *db, void *ctx);

/*
** Save a province's rules from a document (province_check). base: the
** version the admin edited (ProvinceRow.version); when another save came
** first, -ERR_CONFLICT and nothing is written (-1: no such check).
** Refused: -ERR_INVALID_INPUT with errs filled. The replaced version goes
** to the history; audited (province_rules.save). A document equal to the
** rules now writes nothing. out: the province after.
*/
typedef struct ProvinceSave {
    Arena *a;
    int code;
    json_t *doc; /* borrowed */
    int base;
    Actor who;
    DocErrors errs; /* out */
    ProvinceRow out;
} ProvinceSave;
int province_save(Db *db, void *ctx);

#endif
