/*
 * seed_rules.h - version 1 of each rule set (the classification matrix, the
 * signal rules) from the core's defaults, for a register that has none of that
 * kind yet: what every backend runs on open, after its migrations. The rows
 * and the order of the steps live here once; a backend supplies the SQL
 * through these callbacks (ctx is its handle). For backends only.
 */
#ifndef SL_STORE_SEED_RULES_H
#define SL_STORE_SEED_RULES_H

#include <stdbool.h>

#include "core/signal_rules.h"

typedef struct sl_seed_ops {
    bool (*has_ruleset)(void *ctx, const char *soort, bool *has);
    /* a write transaction that excludes other seeders (another instance, process) */
    bool (*begin)(void *ctx);
    bool (*commit)(void *ctx);
    void (*rollback)(void *ctx);
    bool (*matrix_cell)(void *ctx, int versie, const char *stap, const char *fase,
                        const char *groep);
    /* aan: the rule's addressees as the store writes them (sl_addressees_format) */
    bool (*signal_rule)(void *ctx, int versie, const sl_signal_rule *r, const char *aan);
    bool (*ruleset)(void *ctx, const char *soort, int versie, const char *omschrijving);
} sl_seed_ops;

/* Seeds what is missing; true when both rule sets exist afterwards. On failure
 * the backend's callbacks have left their message on ctx. */
bool sl_seed_rules(const sl_seed_ops *ops, void *ctx);

#endif
