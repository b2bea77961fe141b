/*
 * cmd_stats.c - `samenloop stats`: the collaboration potential and matrix,
 * as a table for people or as one JSON object for tools; exact for the
 * operator, or with --onderdrukken as management and municipalities get them.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/begrippen.h"
#include "service/doorlooptijden.h"
#include "service/stats.h"
#include "service/suppression.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop stats [--json] [--gemeente CODE] [--onderdrukken] [--onder N]\n"
            "                       [--doorlooptijden]\n\n"
            "The collaboration potential of every NCG address, and for the addresses where\n"
            "both processes run, the collaboration matrix (NCG step x IMG phase) and groups.\n\n"
            "  --json           one JSON object on stdout\n"
            "  --gemeente CODE  only addresses in this municipality (e.g. 0014)\n"
            "  --onderdrukken   the figures as published to management and municipalities:\n"
            "                   small counts, and what would give them back, hidden\n"
            "  --onder N        with --onderdrukken: hide counts from 1 to N - 1 (default 10)\n"
            "  --doorlooptijden lead times instead: days per claim phase and trajectory step\n"
            "                   (median, 80th percentile), completed stays apart from those\n"
            "                   still running (measured until today)\n"
            "  --help           this text\n");
}

/* A count as the table prints it: the number, or "<N" when hidden. */
static const char *count_text(const json_t *v, char *buf, size_t cap)
{
    if (sl_suppressed_is_hidden(v))
        snprintf(buf, cap, "<%lld", (long long)json_integer_value(json_object_get(v, "onder")));
    else
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
    return buf;
}

static void print_pct(const json_t *part, int64_t whole, bool whole_known)
{
    if (!json_is_integer(part) || !whole_known || whole == 0)
        printf("      -\n");
    else
        printf("  %5.1f%%\n", 100.0 * (double)json_integer_value(part) / (double)whole);
}

/* Prints s left-aligned in `width` characters (not bytes: the names have ë and ï). */
static void print_padded(const char *s, int width)
{
    int chars = 0;
    for (const char *p = s; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    printf("%s%*s", s, width > chars ? width - chars : 0, "");
}

/* A step as people read it, after its number where it has one: "3.1 Beoordeling". */
static const char *step_label(const char *code, char *buf, size_t cap)
{
    const char *naam = sl_begrip_naam("stappen", code);
    if (code && code[0] >= '0' && code[0] <= '9')
        snprintf(buf, cap, "%s %s", code, naam);
    else
        snprintf(buf, cap, "%s", naam);
    return buf;
}

#define STEP_WIDTH 38 /* "1.2 Op de lijst, bewoner geïnformeerd" */

static void print_table(const json_t *o)
{
    const json_t *pot = json_object_get(o, "potentieel"), *ind = json_object_get(o, "indeling");
    char a[24], b[24], c[24], d[24];
    printf("Register: %s adressen, %s trajecten, %s schades, %s combinatiedossiers\n\n",
           count_text(json_object_get(o, "adressen"), a, sizeof a),
           count_text(json_object_get(o, "trajecten"), b, sizeof b),
           count_text(json_object_get(o, "schades"), c, sizeof c),
           count_text(json_object_get(o, "combinatiedossiers"), d, sizeof d));
    int64_t ncg = 0;
    bool ncg_known = true;
    for (int p = 0; p < SL_POT_COUNT; p++) {
        const json_t *v = json_object_get(pot, sl_potentieel_name((sl_potentieel)p));
        ncg += json_integer_value(v);
        ncg_known = ncg_known && json_is_integer(v);
    }
    if (ncg_known)
        printf("Samenwerkingspotentieel (NCG-adressen: %lld)\n", (long long)ncg);
    else
        printf("Samenwerkingspotentieel\n");
    for (int p = 0; p < SL_POT_COUNT; p++) {
        const json_t *v = json_object_get(pot, sl_potentieel_name((sl_potentieel)p));
        printf("  ");
        print_padded(sl_begrip_naam("potentieel", sl_potentieel_name((sl_potentieel)p)), 22);
        printf(" %9s", count_text(v, a, sizeof a));
        print_pct(v, ncg, ncg_known);
    }
    json_int_t version = json_integer_value(json_object_get(ind, "matrixversie"));
    printf("\nSamenwerkingsmatrix (beide lopend; groep tussen haakjes, matrixversie %d)\n",
           (int)version);
    printf("  ");
    print_padded("Stap", STEP_WIDTH);
    for (int f = 0; f < SL_MATRIX_FASEN; f++)
        printf(" %15s", sl_fase_naam((sl_fase)f));
    printf("\n");
    for (int st = 0; st < SL_MATRIX_STAPPEN; st++) {
        const char *stap = sl_stap_name((sl_stap)st);
        char label[80];
        printf("  ");
        print_padded(step_label(stap, label, sizeof label), STEP_WIDTH);
        for (int f = 0; f < SL_MATRIX_FASEN; f++) {
            const char *fase = sl_fase_name((sl_fase)f);
            char cell[48];
            const char *groep = json_string_value(
                json_object_get(json_object_get(json_object_get(ind, "cellen"), stap), fase));
            snprintf(cell, sizeof cell, "%s (%s)",
                     count_text(json_object_get(json_object_get(json_object_get(o, "matrix"),
                                                                stap),
                                                fase),
                                a, sizeof a),
                     groep ? groep : "-");
            printf(" %15s", cell);
        }
        printf("\n");
    }
    printf("\nGroepen\n");
    for (int g = SL_GROEP_A; g < SL_GROEP_COUNT; g++) {
        const char *name = sl_groep_name((sl_groep)g);
        printf("  ");
        print_padded(sl_begrip_naam("groepen", name), 8);
        printf(" %9s\n",
               count_text(json_object_get(json_object_get(o, "groepen"), name), a, sizeof a));
    }
    size_t i;
    const json_t *met;
    json_array_foreach(json_object_get(ind, "groepen_ingedeeld_met"), i, met)
        if (json_integer_value(met) != version) {
            printf("  (ingedeeld met een eerdere matrixversie; de volgende levering deelt"
                   " opnieuw in met versie %d)\n", (int)version);
            break;
        }
    const json_t *hidden = json_object_get(o, "aantal_onderdrukt");
    if (hidden)
        printf("\n%lld aantallen onderdrukt (kleiner dan %lld, of nodig om die niet terug te"
               " kunnen rekenen)\n", (long long)json_integer_value(hidden),
               (long long)json_integer_value(json_object_get(o, "onderdrukkingsgrens")));
}

/* One measure of a lead-time row: count, median and 80th percentile. */
static void print_measure(const json_t *m)
{
    char n[24];
    const json_t *med = json_object_get(m, "mediaan_dagen"), *p80 = json_object_get(m, "p80_dagen");
    printf(" %9s", count_text(json_object_get(m, "aantal"), n, sizeof n));
    if (json_is_number(med))
        printf(" %8.1f %8.1f", json_number_value(med), json_number_value(p80));
    else
        printf(" %8s %8s", "-", "-");
}

static void print_leadtimes(const json_t *o)
{
    static const struct {
        const char *list, *key, *title, *heading;
    } parts[] = {{"schades", "fase", "Schades per fase", "Fase"},
                 {"trajecten", "stap", "Trajecten per stap", "Stap"}};
    printf("Doorlooptijden in dagen tot en met %s (afgerond: verlaten in de periode; lopend:\n"
           "nog bezig, tot nu gemeten)\n",
           json_string_value(json_object_get(o, "tot_en_met")));
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        printf("\n%s\n  ", parts[i].title);
        print_padded(parts[i].heading, STEP_WIDTH);
        printf(" %9s %8s %8s %9s %8s %8s\n", "afgerond", "mediaan", "p80", "lopend", "mediaan",
               "p80");
        size_t k;
        const json_t *row;
        json_array_foreach(json_object_get(o, parts[i].list), k, row)
        {
            const char *code = json_string_value(json_object_get(row, parts[i].key));
            char label[80];
            printf("  ");
            print_padded(i == 0 ? sl_begrip_naam("fasen", code) : step_label(code, label,
                                                                               sizeof label),
                         STEP_WIDTH);
            print_measure(json_object_get(row, "afgerond"));
            print_measure(json_object_get(row, "lopend"));
            printf("\n");
        }
    }
    const json_t *hidden = json_object_get(o, "aantal_onderdrukt");
    if (hidden)
        printf("\n%lld aantallen onderdrukt\n", (long long)json_integer_value(hidden));
}

/* --onder N: 1 .. 1000000 */
static bool parse_onder(const char *s, int32_t *out)
{
    size_t len = strlen(s);
    if (len == 0 || len > 7 || strspn(s, "0123456789") != len)
        return false;
    long n = strtol(s, NULL, 10);
    if (n < 1 || n > 1000000)
        return false;
    *out = (int32_t)n;
    return true;
}

int cmd_stats(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"gemeente", required_argument, NULL, 'g'},
        {"onderdrukken", no_argument, NULL, 'o'},
        {"onder", required_argument, NULL, 'n'},
        {"doorlooptijden", no_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool as_json = false, suppressed = false, leadtimes = false;
    const char *gemeente = NULL;
    sl_sharing_config cfg;
    sl_sharing_config_default(&cfg);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'j': as_json = true; break;
        case 'g': gemeente = optarg; break;
        case 'o': suppressed = true; break;
        case 'd': leadtimes = true; break;
        case 'n':
            suppressed = true;
            if (!parse_onder(optarg, &cfg.min_aantal)) {
                fprintf(stderr, "samenloop stats: --onder takes a whole number from 1\n");
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "samenloop stats: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (gemeente && (strlen(gemeente) != 4 || strspn(gemeente, "0123456789") != 4)) {
        fprintf(stderr, "samenloop stats: --gemeente takes a 4-digit municipality code\n");
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    json_t *o = NULL;
    int status = 0;
    if (leadtimes) {
        sl_stay_period p = {SL_DATE_NONE, cli_today()};
        if (!sl_doorlooptijden_json(st, suppressed ? &cfg : NULL, gemeente, p, &o)) {
            fprintf(stderr, "samenloop stats: %s\n", sl_store_errmsg(st));
            status = 1;
        }
    } else if (suppressed) {
        if (!sl_stats_published_json(st, &cfg, gemeente, &o)) {
            fprintf(stderr, "samenloop stats: %s\n", sl_store_errmsg(st));
            status = 1;
        }
    } else {
        sl_stats s;
        if (!sl_stats_read(st, gemeente, &s)) {
            fprintf(stderr, "samenloop stats: %s\n", sl_store_errmsg(st));
            status = 1;
        } else if (!(o = sl_stats_json(&s))) {
            fprintf(stderr, "samenloop stats: out of memory\n");
            status = 1;
        }
    }
    if (o && as_json) {
        if (json_dumpf(o, stdout, JSON_INDENT(2)) != 0) {
            fprintf(stderr, "samenloop stats: cannot write\n");
            status = 1;
        } else {
            fputc('\n', stdout);
        }
    } else if (o && leadtimes) {
        print_leadtimes(o);
    } else if (o) {
        print_table(o);
    }
    json_decref(o);
    sl_store_close(st);
    return status;
}
