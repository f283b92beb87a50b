/*
** Thumbnails for reviewers: a small JPEG of a stored JPEG or PNG. PDFs get
** none (the page shows an icon and links to the file).
*/
#ifndef BEIAN_DOCS_THUMB_H
#define BEIAN_DOCS_THUMB_H

#include <stddef.h>

#include "core/arena.h"

#define THUMB_MAX_SIDE 320
#define THUMB_QUALITY  80

typedef struct Thumb {
    unsigned char *data; /* JPEG bytes, in the arena */
    size_t n;
    int width, height;
} Thumb;

/* Make a JPEG thumbnail (quality THUMB_QUALITY) of the JPEG or PNG in
** data[0..n), at most max_side pixels on its longer side (0: THUMB_MAX_SIDE;
** never enlarged), turned upright by its EXIF orientation. Transparent
** pixels are laid on white. Returns 0 and *out; -ERR_UPLOAD_NO_THUMBNAIL for
** a PDF; -ERR_UPLOAD_TYPE for other content; -ERR_UPLOAD_DIMENSIONS beyond
** the default upload limits; -ERR_UPLOAD_CORRUPT (or another -ERR_UPLOAD_*)
** when the image does not decode. */
int thumb_make(Arena *a, const void *data, size_t n, int max_side, Thumb *out);

#endif
