/*
 * begrippen.h - the register's vocabulary: for every list of codes the API
 * answers with (roles, potential, groups, phases, steps, rules, …) the plain
 * Dutch name a person reads, and where there is one a one-sentence
 * explanation. One table for every face: the web UI loads it through
 * GET /api/v1/begrippen (web/src/labels.js), the CLI prints the same names,
 * so staff, residents and exports never name one code two ways (decision 236).
 *
 * The codes are the API's own spellings (vocab.h's names, roles.h's, …); the
 * lists keep the process order where there is one.
 */
#ifndef SL_CORE_BEGRIPPEN_H
#define SL_CORE_BEGRIPPEN_H

#include <stddef.h>

#include "core/vocab.h"

typedef struct sl_begrip {
    const char *code;   /* as the API writes it */
    const char *naam;   /* never empty */
    const char *uitleg; /* one plain sentence, or NULL */
} sl_begrip;

typedef struct sl_begrippenlijst {
    const char *lijst;  /* the list's key in GET /api/v1/begrippen, e.g. "stappen" */
    const sl_begrip *begrippen;
    size_t n;
} sl_begrippenlijst;

/* Every list, in the fixed order the API answers them in. */
const sl_begrippenlijst *sl_begrippen(size_t *n);
/* One list by its key, or NULL. */
const sl_begrippenlijst *sl_begrippenlijst_get(const char *lijst);
/* A code's entry in a list, or NULL when the list or the code is unknown. */
const sl_begrip *sl_begrip_get(const char *lijst, const char *code);
/* A code's name, or the code itself when it has none (a code is never shown blank). */
const char *sl_begrip_naam(const char *lijst, const char *code);

/* The name of a phase and of a step as people read them ("Opname", "Beoordeling"). */
const char *sl_fase_naam(sl_fase f);
const char *sl_stap_naam(sl_stap s);

#endif
