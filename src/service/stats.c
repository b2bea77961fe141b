/*
 * stats.c - reading and shaping the register's figures (see stats.h).
 * The classification is stored per address at import time, so reading the
 * figures is a small GROUP BY, not a pass over every claim.
 */
#include "service/stats.h"

bool sl_stats_read(sl_store *st, const char *gemeentecode, sl_stats *out)
{
    return (gemeentecode ? sl_store_counts_in(st, gemeentecode, &out->counts)
                         : sl_store_counts(st, &out->counts)) &&
           sl_store_tally(st, gemeentecode, &out->tally) &&
           sl_store_matrix_active(st, &out->matrix);
}

/* json_object_set_new that remembers a failure instead of leaking or crashing. */
static void put(json_t *obj, const char *key, json_t *value, bool *ok)
{
    if (!value || json_object_set_new(obj, key, value) != 0)
        *ok = false;
}

/* The active matrix cell by cell, and the versions behind the counted groups. */
static json_t *indeling_json(const sl_stats *s, bool *ok)
{
    json_t *o = json_object(), *cellen = json_object(), *met = json_array();
    if (!o || !cellen || !met) {
        json_decref(o);
        json_decref(cellen);
        json_decref(met);
        return NULL;
    }
    put(o, "matrixversie", json_integer(s->matrix.version), ok);
    for (int st = 0; st < SL_MATRIX_STAPPEN; st++) {
        json_t *row = json_object();
        for (int f = 0; row && f < SL_MATRIX_FASEN; f++)
            put(row, sl_fase_name((sl_fase)f), json_string(sl_groep_name(s->matrix.cell[st][f])),
                ok);
        put(cellen, sl_stap_name((sl_stap)st), row, ok);
    }
    for (int i = 0; i < s->tally.n_matrixversies; i++)
        if (json_array_append_new(met, json_integer(s->tally.matrixversies[i])) != 0)
            *ok = false;
    put(o, "cellen", cellen, ok);
    put(o, "groepen_ingedeeld_met", met, ok);
    return o;
}

json_t *sl_stats_json(const sl_stats *s)
{
    bool ok = true;
    json_t *o = json_object();
    json_t *pot = json_object(), *matrix = json_object(), *groepen = json_object();
    if (!o || !pot || !matrix || !groepen) {
        json_decref(o);
        json_decref(pot);
        json_decref(matrix);
        json_decref(groepen);
        return NULL;
    }
    put(o, "adressen", json_integer(s->counts.adressen), &ok);
    put(o, "trajecten", json_integer(s->counts.trajecten), &ok);
    put(o, "schades", json_integer(s->counts.schades), &ok);
    put(o, "combinatiedossiers", json_integer(s->tally.combinatiedossiers), &ok);
    for (int p = 0; p < SL_POT_COUNT; p++)
        put(pot, sl_potentieel_name((sl_potentieel)p), json_integer(s->tally.potentieel[p]),
            &ok);
    for (int st = 0; st < SL_MATRIX_STAPPEN; st++) {
        json_t *row = json_object();
        for (int f = 0; row && f < SL_MATRIX_FASEN; f++)
            put(row, sl_fase_name((sl_fase)f), json_integer(s->tally.matrix[st][f]), &ok);
        put(matrix, sl_stap_name((sl_stap)st), row, &ok);
    }
    for (int g = SL_GROEP_A; g < SL_GROEP_COUNT; g++)
        put(groepen, sl_groep_name((sl_groep)g), json_integer(s->tally.groepen[g]), &ok);
    put(o, "potentieel", pot, &ok);
    put(o, "matrix", matrix, &ok);
    put(o, "groepen", groepen, &ok);
    put(o, "indeling", indeling_json(s, &ok), &ok);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}
