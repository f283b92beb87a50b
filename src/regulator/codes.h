/*
** The codes of the MIIT provider interface (V3.0 §3-4 and §3-5) with a
** reason in Chinese and English: the method-level msg_code of every call
** (0-22, 901, 902, 999) and the data-processing codes a bureau puts in
** downloaded results (Jgdm: ICP 1001-1068 and 1999, IP 2998/2999, domain
** 3998/3999, general 5001-5011 and 5999). The two ranges do not overlap.
*/
#ifndef BEIAN_REGULATOR_CODES_H
#define BEIAN_REGULATOR_CODES_H

#include <stdbool.h>

#include "core/err.h"

/* Beian's extension for SMS verification (短信核验: since 2016, after V3.0;
** how it shows on the real interface is unknown): data codes in BAJG. The
** SENT result's Dmms ends with the deadline, "YYYY-MM-DD HH:MM:SS" (UTC+8). */
enum { REG_SMS_SENT = 1090, REG_SMS_PASSED = 1091, REG_SMS_FAILED = 1092 };

/* Beian's extension for commercial (经营性) sites, which V3.0 has no element
** for: a commercial site lists its ICP licence as a pre-approval (Nrlx_xx)
** of this content type, the licence number (京B2-20201234, 京ICP证030173号)
** in Qzsph and a scan of the licence in Spwj. */
enum { REG_NRLX_COMMERCIAL = 64 };

/* The reason for code in lang: a static string, never NULL; codes outside
** the table get one fixed "unknown code" text. */
const char *regulator_code_text(int code, Lang lang);

/* True when the table knows code. */
bool regulator_code_known(int code);

/* True for the data codes that report success rather than a fault (1001
** approved, 1060 form stored, 1062 IPs match, 2998, 3998) and for msg_codes
** 0-3. */
bool regulator_code_ok(int code);

/* The code a bureau answers with for one of our ErrCodes (positive or
** negative): -ERR_REG_HASH -> 7, -ERR_REG_XSD -> 5001, ...; 999 for errors
** that have no code of their own. 0 for 0. */
int regulator_err_code(int err);

#endif
