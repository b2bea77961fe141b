/*
 * expect.c - writes the generator's ground truth as the --expect JSON file:
 * the import report per delivery file and the figures `samenloop stats
 * --json` must show (see generate.h). Keys are sorted and indented so that
 * the file diffs well and is byte-identical for identical options.
 */
#include "gen/generate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

static const char *const POT_KEY[SL_GEN_POTS] = {
    "geen_schademelding", "melding_afgehandeld", "beide_lopend", "alleen_schade_lopend"};
static const char *const STAP_KEY[SL_GEN_OPEN_STAPS] = {"1.2", "2.1", "3.1", "4.1",
                                                        "4.2", "5.1", "5.2"};
static const char *const FASE_KEY[SL_GEN_OPEN_FASES] = {"voorbereiding", "opname",
                                                        "zienswijze", "beschikking"};
static const char *const GROEP_KEY[SL_GEN_GROEPEN] = {"A", "B", "C", "D", "E", "F"};

/* json_object_set_new that records a failure instead of ignoring it. */
static void put(json_t *obj, const char *key, json_t *val, int *bad)
{
    if (!val || json_object_set_new(obj, key, val) != 0)
        *bad = 1;
}

static json_t *file_counts(const sl_gen_file_counts *c, int *bad)
{
    json_t *o = json_object();
    if (!o) {
        *bad = 1;
        return NULL;
    }
    put(o, "rows", json_integer(c->rows), bad);
    put(o, "imported", json_integer(c->imported), bad);
    put(o, "rejected", json_integer(c->rejected), bad);
    return o;
}

int sl_gen_expect_write(const sl_gen_truth *t, const char *path, char *err, size_t errcap)
{
    int rc = -1, bad = 0;
    json_t *root = json_object(), *files = json_object(), *stats = json_object();
    json_t *pot = json_object(), *matrix = json_object(), *groepen = json_object();
    char tmp[4096];

    if (!root || !files || !stats || !pot || !matrix || !groepen) {
        snprintf(err, errcap, "onvoldoende geheugen");
        json_decref(files);
        json_decref(stats);
        json_decref(pot);
        json_decref(matrix);
        json_decref(groepen);
        goto out;
    }
    put(files, "bag_adressen", file_counts(&t->bag, &bad), &bad);
    put(files, "ncg_trajecten", file_counts(&t->ncg, &bad), &bad);
    put(files, "img_schades", file_counts(&t->img, &bad), &bad);
    put(root, "files", files, &bad);

    put(stats, "adressen", json_integer(t->adressen), &bad);
    put(stats, "trajecten", json_integer(t->trajecten), &bad);
    put(stats, "schades", json_integer(t->schades), &bad);
    put(stats, "combinatiedossiers", json_integer(t->combinatiedossiers), &bad);
    for (int i = 0; i < SL_GEN_POTS; i++)
        put(pot, POT_KEY[i], json_integer(t->potentieel[i]), &bad);
    put(stats, "potentieel", pot, &bad);
    for (int s = 0; s < SL_GEN_OPEN_STAPS; s++) {
        json_t *rowobj = json_object();
        for (int f = 0; rowobj && f < SL_GEN_OPEN_FASES; f++)
            put(rowobj, FASE_KEY[f], json_integer(t->matrix[s][f]), &bad);
        put(matrix, STAP_KEY[s], rowobj, &bad);
    }
    put(stats, "matrix", matrix, &bad);
    for (int g = 0; g < SL_GEN_GROEPEN; g++)
        put(groepen, GROEP_KEY[g], json_integer(t->groepen[g]), &bad);
    put(stats, "groepen", groepen, &bad);
    put(root, "stats", stats, &bad);
    if (bad) {
        snprintf(err, errcap, "onvoldoende geheugen");
        goto out;
    }

    int n = snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        snprintf(err, errcap, "%s: pad te lang", path);
        goto out;
    }
    if (json_dump_file(root, tmp, JSON_INDENT(2) | JSON_SORT_KEYS) != 0) {
        snprintf(err, errcap, "%s: kan niet schrijven: %s", tmp, strerror(errno));
        remove(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, errcap, "%s: hernoemen mislukt: %s", path, strerror(errno));
        remove(tmp);
        goto out;
    }
    rc = 0;
out:
    json_decref(root);
    return rc;
}
