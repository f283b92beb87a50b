/*
** The form of a province's rules (web/admin_provinces.c): its fields, what
** a POST of it reads, and the document it stands for. The fields are named
** as the document's keys, the extra materials extras.<row>.<key>, so that
** the model's errors (model/province_edit.h) name the inputs.
*/
#ifndef BEIAN_WEB_ADMIN_PROVINCE_FORM_H
#define BEIAN_WEB_ADMIN_PROVINCE_FORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/spec.h"
#include "web/admin_views.h"

/* The rules' keys but the fixed ones and the extras, in form order. */
typedef enum ProvinceKeyKind { PK_BOOL = 1, PK_INT, PK_TEXT, PK_AREA } ProvinceKeyKind;
typedef struct ProvinceKey {
    const char *key;
    ProvinceKeyKind kind;
} ProvinceKey;
#define PROVINCE_NKEYS 19
extern const ProvinceKey province_keys[PROVINCE_NKEYS];
/* The label of province_keys[i] in the page's language. */
const char *province_key_label(Req *r, size_t i);

/* What a POST of the form holds. */
typedef struct ExtraIn {
    const char *code, *zh, *en, *note_zh, *note_en;
    int64_t copies;
    StrList kinds, natures; /* app_kind_id / nature_id values */
} ExtraIn;

typedef struct ProvinceIn {
    bool b[PROVINCE_NKEYS];
    int64_t n[PROVINCE_NKEYS];
    const char *t[PROVINCE_NKEYS];
    ExtraIn x[PROVINCE_MAX_EXTRAS];
    int64_t base;
    int row_of[PROVINCE_MAX_EXTRAS]; /* the form row of each extra of the document */
} ProvinceIn;

/* Read the form (spec_parse: field errors on the request). */
int province_form_parse(Req *r, ProvinceIn *in);
/* The document the form stands for (new reference). */
json_t *province_form_doc(Req *r, ProvinceIn *in);
/* The model's errors on the request: an extra's errors renamed for its row
** of the form in (NULL: as they are, for the API's document). */
void province_form_errors(Req *r, const ProvinceIn *in, const DocErrors *errs);
/* Fill the editor's fields and extras: from the rules stored, or what was
** typed (in, after a refusal; NULL on a GET). */
void province_form_view(Req *r, const ProvinceRules *stored, const ProvinceIn *in, ProvinceView *v);

#endif
