/*
** The tables generated from errors.def.
*/
#include "core/err.h"

#include <ctype.h>
#include <pthread.h>
#include <string.h>

typedef struct ErrRow {
    const char *upper;
    int status;
    const char *msg[2];
} ErrRow;

static const ErrRow err_rows[ERR__COUNT] = {
    [ERR_OK] = {"OK", 200, {"成功", "OK"}},
#define X(name, status, zh, en) [ERR_##name] = {#name, status, {zh, en}},
#include "core/errors.def"
#undef X
};

/* API names are the lower-cased registry names, built once. */
static char err_lower[ERR__COUNT][40];
static pthread_once_t err_once = PTHREAD_ONCE_INIT;

static void err_build_names(void) {
    for (int c = 0; c < ERR__COUNT; c++) {
        const char *u = err_rows[c].upper;
        size_t i = 0;
        for (; u[i] && i < sizeof err_lower[0] - 1; i++)
            err_lower[c][i] = (char)tolower((unsigned char)u[i]);
        err_lower[c][i] = 0;
    }
}

static int err_norm(int code) {
    if (code < 0) code = -code;
    if (code <= 0 || code >= ERR__COUNT) return code == 0 ? 0 : ERR_INTERNAL;
    return code;
}

int err_status(int code) {
    return err_rows[err_norm(code)].status;
}

const char *err_name(int code) {
    pthread_once(&err_once, err_build_names);
    return err_lower[err_norm(code)];
}

const char *err_msg(int code, Lang lang) {
    return err_rows[err_norm(code)].msg[lang == LANG_EN ? 1 : 0];
}

int err_by_name(const char *name) {
    for (int c = 1; c < ERR__COUNT; c++)
        if (strcmp(err_name(c), name) == 0) return c;
    return 0;
}
