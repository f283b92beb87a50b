/*
** Masking of personal data for display (GB/T 35273 §7.2): the masked form
** is computed once when a value is stored and kept beside its sealed form,
** so showing a list never needs a decryption.
*/
#ifndef BEIAN_RULES_MASK_H
#define BEIAN_RULES_MASK_H

#include "core/arena.h"

/* 13812345678 -> 138****5678; landlines keep the area code and last 4. */
char *mask_phone(Arena *a, const char *phone);
/* 110101199003071234 -> 110101********1234 (first 6, last 4); short
** document numbers keep their first and last 2. */
char *mask_id(Arena *a, const char *id);
/* zhang.san@example.com -> zh***@example.com */
char *mask_email(Arena *a, const char *email);

#endif
