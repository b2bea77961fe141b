/*
 * cmd_stats.c - `samenloop stats`: the collaboration potential and matrix,
 * as a table for people or as one JSON object for tools.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "service/stats.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop stats [--json] [--gemeente CODE]\n\n"
            "The collaboration potential of every NCG address, and for the addresses where\n"
            "both processes run, the collaboration matrix (NCG step x IMG phase) and groups.\n\n"
            "  --json           one JSON object on stdout\n"
            "  --gemeente CODE  only addresses in this municipality (e.g. 0014)\n"
            "  --help           this text\n");
}

static double pct(int64_t part, int64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void print_table(const sl_stats *s)
{
    const sl_matrix *m = &s->matrix;
    static const char *const pot_label[SL_POT_COUNT] = {
        "geen schademelding", "melding afgehandeld", "beide lopend", "alleen schade lopend"};
    const sl_tally *t = &s->tally;
    int64_t ncg = 0;
    for (int p = 0; p < SL_POT_COUNT; p++)
        ncg += t->potentieel[p];
    printf("Register: %lld adressen, %lld trajecten, %lld schades, %lld combinatiedossiers\n\n",
           (long long)s->counts.adressen, (long long)s->counts.trajecten,
           (long long)s->counts.schades, (long long)t->combinatiedossiers);
    printf("Samenwerkingspotentieel (NCG-adressen: %lld)\n", (long long)ncg);
    for (int p = 0; p < SL_POT_COUNT; p++)
        printf("  %-22s %9lld  %5.1f%%\n", pot_label[p], (long long)t->potentieel[p],
               pct(t->potentieel[p], ncg));
    printf("\nSamenwerkingsmatrix (beide lopend; groep tussen haakjes, matrixversie %d)\n",
           (int)m->version);
    printf("  %-5s", "stap");
    for (int f = 0; f < SL_MATRIX_FASEN; f++)
        printf(" %15s", sl_fase_name((sl_fase)f));
    printf("\n");
    for (int st = 0; st < SL_MATRIX_STAPPEN; st++) {
        printf("  %-5s", sl_stap_name((sl_stap)st));
        for (int f = 0; f < SL_MATRIX_FASEN; f++) {
            char cell[32];
            snprintf(cell, sizeof cell, "%lld (%s)", (long long)t->matrix[st][f],
                     sl_groep_name(m->cell[st][f]));
            printf(" %15s", cell);
        }
        printf("\n");
    }
    printf("\nGroepen\n");
    for (int g = SL_GROEP_A; g < SL_GROEP_COUNT; g++)
        printf("  %s %9lld\n", sl_groep_name((sl_groep)g), (long long)t->groepen[g]);
    for (int i = 0; i < t->n_matrixversies; i++)
        if (t->matrixversies[i] != m->version) {
            printf("  (ingedeeld met een eerdere matrixversie; de volgende levering deelt"
                   " opnieuw in met versie %d)\n", (int)m->version);
            break;
        }
}

int cmd_stats(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"gemeente", required_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool as_json = false;
    const char *gemeente = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'j': as_json = true; break;
        case 'g': gemeente = optarg; break;
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
    sl_stats s;
    int status = 0;
    if (!sl_stats_read(st, gemeente, &s)) {
        fprintf(stderr, "samenloop stats: %s\n", sl_store_errmsg(st));
        status = 1;
    } else if (as_json) {
        json_t *o = sl_stats_json(&s);
        if (!o || json_dumpf(o, stdout, JSON_INDENT(2)) != 0) {
            fprintf(stderr, "samenloop stats: out of memory\n");
            status = 1;
        } else {
            fputc('\n', stdout);
        }
        json_decref(o);
    } else {
        print_table(&s);
    }
    sl_store_close(st);
    return status;
}
