/*
** Files compiled into the program by tools/embed: the static web assets
** (static/ -> embedded_static) and the SQL migrations (sql/ -> embedded_sql).
** Each table is sorted by path (strcmp), so lookups are binary searches.
*/
#ifndef BEIAN_CORE_EMBED_H
#define BEIAN_CORE_EMBED_H

#include <stddef.h>

typedef struct EmbeddedFile {
    const char *path;          /* relative to the embedded directory: "css/app.css" */
    const unsigned char *data; /* len bytes, followed by a NUL */
    size_t len;
    const char *etag; /* 16 hex digits of the SHA-256 of data, without quotes */
} EmbeddedFile;

/* The file at path in table (n entries, sorted by path), or NULL. */
const EmbeddedFile *embed_find(const EmbeddedFile *table, size_t n, const char *path);

/* static/ (paths like "css/app.css") and sql/ ("sqlite/0001_init.sql"). */
extern const EmbeddedFile embedded_static[];
extern const size_t embedded_static_count;
extern const EmbeddedFile embedded_sql[];
extern const size_t embedded_sql_count;

#endif
