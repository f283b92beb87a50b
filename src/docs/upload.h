/*
** Checks on an uploaded file held in memory: the customer's scans (ID card,
** business licence, domain certificate, signed forms) and the reviewer's
** on-site photos. Pure functions: no I/O, no globals that change.
**
** The kind of a file is decided by its content alone (magic bytes, then a
** full parse and decode), never by its name or the client's Content-Type.
** The extension of the client's name is ignored and replaced by the one of
** the detected kind ("scan.jpeg" holding a PNG is displayed as "scan.png").
**
** Images come back rewritten without metadata (EXIF with GPS, XMP, IPTC,
** comments, PNG text chunks) and without bytes after their end marker; the
** pixels are untouched (no recompression). PDFs are stored as uploaded once
** they pass the checks described in docs/uploads.md.
*/
#ifndef BEIAN_DOCS_UPLOAD_H
#define BEIAN_DOCS_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

typedef enum UploadKind {
    UPLOAD_NONE = 0,
    UPLOAD_JPEG = 1 << 0,
    UPLOAD_PNG = 1 << 1,
    UPLOAD_PDF = 1 << 2,
} UploadKind;

#define UPLOAD_IMAGES (UPLOAD_JPEG | UPLOAD_PNG)
#define UPLOAD_ANY    (UPLOAD_JPEG | UPLOAD_PNG | UPLOAD_PDF)

#define UPLOAD_DEFAULT_MAX_BYTES (4u * 1024 * 1024)
/* Decoded pixels an upload may declare: a 300 dpi A4 scan is 8.7 million,
** a 24-megapixel phone photo 24 million. A 6300x6300 PNG (39.7 million,
** 0.8 s to decode) is refused (issue 12 item 9). */
#define UPLOAD_DEFAULT_MAX_PIXELS 25000000u
#define UPLOAD_DEFAULT_MAX_SIDE   12000u
#define UPLOAD_NAME_MAX           200 /* bytes of the client's file name */

/* What one upload field accepts. A zero member means its default, so
** `(UploadPolicy){.kinds = UPLOAD_IMAGES}` is a complete policy. The minimum
** resolution is orientation-free: a 600x800 portrait satisfies 800/600. */
typedef struct UploadPolicy {
    unsigned kinds;          /* UploadKind bits; 0: UPLOAD_ANY */
    size_t max_bytes;        /* 0: UPLOAD_DEFAULT_MAX_BYTES (4 MB) */
    uint32_t min_long_side;  /* pixels the longer side needs at least; 0: none */
    uint32_t min_short_side; /* pixels the shorter side needs at least; 0: none */
    uint64_t max_pixels;     /* width x height; 0: UPLOAD_DEFAULT_MAX_PIXELS */
    uint32_t max_side;       /* each side; 0: UPLOAD_DEFAULT_MAX_SIDE */
} UploadPolicy;

/* Scans of paper materials: JPG, PNG or PDF up to 4 MB. */
extern const UploadPolicy upload_policy_scan;
/* On-site verification photos: JPG or PNG up to 4 MB, at least 800x600. */
extern const UploadPolicy upload_policy_photo;

typedef struct UploadResult {
    UploadKind kind;
    const char *mime;          /* "image/jpeg", "image/png", "application/pdf" */
    const char *ext;           /* "jpg", "png", "pdf" */
    uint32_t width, height;    /* pixels as stored (before orientation); 0 for PDF */
    int orientation;           /* EXIF orientation 1..8 (JPEG); 1 otherwise */
    const unsigned char *data; /* the bytes to store, in the arena */
    size_t n;
    char *display_name; /* safe name with the detected kind's extension, in the arena */
    char sha256[65];    /* hex SHA-256 of data: its name in the store */
    int removed;        /* metadata segments or chunks removed */
    const char *detail; /* technical reason of a refusal, English, for logs; or NULL */
} UploadResult;

/* Check the n bytes at data, uploaded under the client's file name, against
** policy (NULL: upload_policy_scan). Returns 0 and fills *out, or a negative
** -ERR_UPLOAD_* code saying why the file is refused; out->detail then holds a
** technical explanation for the log. Everything is allocated in a. */
int upload_check(Arena *a, const void *data, size_t n, const char *filename,
                 const UploadPolicy *policy, UploadResult *out);

/* Check a client's file name alone: 0, or -ERR_UPLOAD_NAME_*. */
int upload_check_name(const char *filename);

/* The EXIF orientation (1..8) recorded in a JPEG, or 1 when there is none or
** the bytes are not a JPEG. */
int upload_jpeg_orientation(const void *data, size_t n);

#endif
