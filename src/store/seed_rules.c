/*
 * seed_rules.c - the first rule sets from the core's defaults (seed_rules.h).
 */
#include "store/seed_rules.h"

#include "core/classify.h"

static bool seed_matrix(const sl_seed_ops *ops, void *ctx)
{
    sl_matrix m;
    sl_matrix_default(&m);
    for (int st = 0; st < SL_MATRIX_STAPPEN; st++)
        for (int f = 0; f < SL_MATRIX_FASEN; f++)
            if (!ops->matrix_cell(ctx, (int)m.version, sl_stap_name((sl_stap)st),
                                  sl_fase_name((sl_fase)f), sl_groep_name(m.cell[st][f])))
                return false;
    return ops->ruleset(ctx, "matrix", (int)m.version,
                        "Samenwerkingsmatrix, standaard uit de specificatie");
}

static bool seed_signal_rules(const sl_seed_ops *ops, void *ctx)
{
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    for (size_t i = 0; i < rs.n; i++) {
        char aan[128];
        sl_addressees_format(rs.rules[i].aan, aan, sizeof aan);
        if (!ops->signal_rule(ctx, (int)rs.version, &rs.rules[i], aan))
            return false;
    }
    return ops->ruleset(ctx, "signaal", (int)rs.version,
                        "Signaalregels, standaard uit de specificatie");
}

bool sl_seed_rules(const sl_seed_ops *ops, void *ctx)
{
    bool has_matrix, has_signals;
    if (!ops->has_ruleset(ctx, "matrix", &has_matrix) ||
        !ops->has_ruleset(ctx, "signaal", &has_signals))
        return false;
    if (has_matrix && has_signals)
        return true;
    /* look again inside the write transaction: another one may have seeded meanwhile */
    if (!ops->begin(ctx))
        return false;
    if (!ops->has_ruleset(ctx, "matrix", &has_matrix) ||
        !ops->has_ruleset(ctx, "signaal", &has_signals) ||
        (!has_matrix && !seed_matrix(ops, ctx)) || (!has_signals && !seed_signal_rules(ops, ctx)) ||
        !ops->commit(ctx)) {
        ops->rollback(ctx);
        return false;
    }
    return true;
}
