/*
** Values sealed as JSON.
*/
#include "model/sealed.h"

#include <jansson.h>
#include <stdlib.h>

#include "core/crypto.h"
#include "core/err.h"

char *values_seal(Arena *a, const Values *v) {
    json_t *o = json_object();
    for (int id = 1; id < FIELD__COUNT; id++)
        if (v->v[id]) json_object_set_new(o, filing_field_key(id), json_string(v->v[id]));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    char *sealed = crypto_seal_text(a, s ? s : "{}");
    free(s);
    return sealed;
}

int values_open(Arena *a, const char *sealed, Values *out) {
    values_init(out, a);
    if (!sealed || !*sealed) return 0;
    char *text = crypto_open_text(a, sealed);
    if (!text) return -ERR_INTERNAL;
    json_t *o = json_loads(text, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return -ERR_INTERNAL;
    }
    const char *k;
    json_t *val;
    json_object_foreach(o, k, val) {
        FieldId id = filing_field_id(k);
        if (id && json_is_string(val)) values_set(out, id, json_string_value(val));
    }
    json_decref(o);
    return 0;
}
