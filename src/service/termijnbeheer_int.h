/*
 * termijnbeheer_int.h - helpers shared by the files of service/termijnbeheer.h
 * (termijnregels.c, termijn_wijzigingen.c, ingebrekestellingen.c,
 * escalaties.c). Not for other services.
 */
#ifndef SL_SERVICE_TERMIJNBEHEER_INT_H
#define SL_SERVICE_TERMIJNBEHEER_INT_H

#include <stdarg.h>
#include <stdio.h>

#include "service/termijnbeheer.h"

/* Writes msg into err and returns rc. */
sl_outcome sl_tb_fail(char *err, size_t cap, sl_outcome rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The store failed: rolls back and answers SL_ERROR with the store's message. */
sl_outcome sl_tb_store_fail(sl_store *st, char *err, size_t cap);
/* A processing-log record of a change (categorieen e.g. "termijn:opschorting"). */
bool sl_tb_log(sl_store *st, const sl_actor *by, int64_t address_id, const char *categorieen,
               const char *gegevens);
/* A free text of 1..max bytes; the problem in Dutch, or NULL when fine. */
const char *sl_tb_text_problem(const char *s, size_t max);
/* The body that owns a claim (img_id) or trajectory (ncg_id) case, and its
 * address; SL_NOT_FOUND when there is no such current case. */
sl_outcome sl_tb_case(sl_store *st, const char *img_id, const char *ncg_id, int64_t *address_id,
                      sl_date *start_hint, char *err, size_t cap);
/* May `by` act for the body `org` ("IMG"/"NCG") on its cases? */
bool sl_tb_acts_for(const sl_actor *by, const char *org);
/* A date as "YYYY-MM-DD" or JSON null. */
json_t *sl_tb_date_json(sl_date d);

#endif
