/*
** Province rules in the database: seeded from rules/province.c's defaults,
** one JSON document per province, editable by admins. Loaded into the plain
** ProvinceRules the pure rules use.
*/
#ifndef BEIAN_MODEL_PROVINCE_RULES_H
#define BEIAN_MODEL_PROVINCE_RULES_H

#include <jansson.h>

#include "db/db.h"
#include "rules/province.h"

/* Insert the default rows that are missing (after migrations). */
int province_rules_seed(Db *db);
/* The rules of province `code` (11..65); strings live in the arena. */
int province_rules_load(Db *db, Arena *a, int code, ProvinceRules *out);
/* Replace a province's rules from JSON (validated: -ERR_INVALID_INPUT;
** -ERR_NOT_FOUND for a code with no province). */
int province_rules_store(Db *db, int code, json_t *data, int64_t admin_id);
/* The JSON document of a rules row (new reference). */
json_t *province_rules_json(const ProvinceRules *p);
/* Parse a document into *out (strings copied into the arena). */
int province_rules_parse(Arena *a, json_t *o, ProvinceRules *out);

#endif
