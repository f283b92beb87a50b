/*
** Error codes: one registry (errors.def) gives every code its HTTP status, an
** API name and a message in Chinese and English. Functions return 0 on
** success or a negative code (-ERR_NAME).
*/
#ifndef BEIAN_CORE_ERR_H
#define BEIAN_CORE_ERR_H

typedef enum ErrCode {
    ERR_OK = 0,
#define X(name, status, zh, en) ERR_##name,
#include "core/errors.def"
#undef X
    ERR__COUNT
} ErrCode;

typedef enum Lang { LANG_ZH = 0, LANG_EN = 1 } Lang;

/* Accept a code as positive or negative. Unknown codes map to ERR_INTERNAL. */
int err_status(int code);
const char *err_name(int code); /* "csrf", "field_required", ... */
const char *err_msg(int code, Lang lang);
/* Look a code up by its API name; 0 when unknown. */
int err_by_name(const char *name);

#endif
