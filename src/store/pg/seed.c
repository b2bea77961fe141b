/*
 * seed.c - the SQL of seeding the first rule sets (store/seed_rules.h) for
 * PostgreSQL: run on open, after the migrations. The write transaction takes
 * the register's writer lock, so instances starting at once seed only once.
 */
#include "core/signal_rules.h"
#include "store/pg/pg_int.h"
#include "store/seed_rules.h"

static const sl_pg_query q_has = {"seed_has_ruleset", "SELECT 1 FROM regelset WHERE soort = $1"};
static const sl_pg_query q_matrix = {
    "seed_matrix_cell", "INSERT INTO matrixregel (versie, stap, fase, groep) VALUES ($1, $2, $3, $4)"};
static const sl_pg_query q_rule = {
    "seed_signal_rule",
    "INSERT INTO signaalregel (versie, regel, variant, trigger, conditie, aan, termijn_dagen,"
    " parameter_dagen, tekst) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
static const sl_pg_query q_ruleset = {
    "seed_ruleset",
    "INSERT INTO regelset (soort, versie, actief, omschrijving) VALUES ($1, $2, true, $3)"};

static bool has_ruleset(void *ctx, const char *soort, bool *has)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, soort);
    PGresult *res = pg_query(ctx, &q_has, &p, "regels lezen mislukt");
    if (!res)
        return false;
    *has = PQntuples(res) > 0;
    PQclear(res);
    return true;
}

static bool seed_begin(void *ctx) { return sl_store_begin(&((pg_store *)ctx)->base); }
static bool seed_commit(void *ctx) { return sl_store_commit(&((pg_store *)ctx)->base); }
static void seed_rollback(void *ctx) { sl_store_rollback(&((pg_store *)ctx)->base); }

static bool matrix_cell(void *ctx, int versie, const char *stap, const char *fase,
                        const char *groep)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, versie);
    sl_pg_param_text(&p, stap);
    sl_pg_param_text(&p, fase);
    sl_pg_param_text(&p, groep);
    return pg_run(ctx, &q_matrix, &p, "matrix vastleggen mislukt");
}

static bool signal_rule(void *ctx, int versie, const sl_signal_rule *r, const char *aan)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, versie);
    sl_pg_param_int(&p, r->regel);
    sl_pg_param_text(&p, r->variant);
    sl_pg_param_text(&p, sl_trigger_name(r->trigger));
    sl_pg_param_text(&p, sl_condition_name(r->conditie));
    sl_pg_param_text(&p, aan);
    sl_pg_param_int(&p, r->termijn_dagen);
    sl_pg_param_int(&p, r->parameter_dagen);
    sl_pg_param_text(&p, r->tekst);
    return pg_run(ctx, &q_rule, &p, "signaalregels vastleggen mislukt");
}

static bool ruleset(void *ctx, const char *soort, int versie, const char *omschrijving)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, soort);
    sl_pg_param_int(&p, versie);
    sl_pg_param_text(&p, omschrijving);
    return pg_run(ctx, &q_ruleset, &p, "regels vastleggen mislukt");
}

static const sl_seed_ops pg_seed = {
    .has_ruleset = has_ruleset,
    .begin = seed_begin,
    .commit = seed_commit,
    .rollback = seed_rollback,
    .matrix_cell = matrix_cell,
    .signal_rule = signal_rule,
    .ruleset = ruleset,
};

bool pg_seed_rules(pg_store *ps) { return sl_seed_rules(&pg_seed, ps); }
