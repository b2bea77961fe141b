/*
 * cmd_plan.c - `samenloop plan opnames`: the joint inspection planner on a
 * what-if input (--input FILE); planning from the register (--from/--to) and
 * the stored plans (lijst, toon, verplaats, bevestig) are in cmd_opnames.c.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/alloc.h"
#include "core/planner.h"
#include "service/planning.h"

#define CMD "samenloop plan opnames"
/* A what-if input is written by a person or a spreadsheet: far below this. */
#define MAX_INPUT (256L * 1024 * 1024)

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop plan opnames --input FILE [--json]\n"
            "       samenloop plan opnames --from YYYY-MM-DD --to YYYY-MM-DD [--json]\n"
            "                              [--opslaan --by NAME]\n"
            "       samenloop plan lijst --by NAME\n"
            "       samenloop plan toon ID --by NAME\n"
            "       samenloop plan verplaats ID --by NAME --verzoek N --img D --ncg D [--versie N]\n"
            "       samenloop plan bevestig ID --by NAME [--versie N]\n\n"
            "Plans the IMG and the NCG inspection of each request on the same day or at most\n"
            "two days apart, as many as any valid plan can, then as early as possible; and\n"
            "compares the plan with each body planning on its own (docs/planning.md).\n\n"
            "  --input FILE  a what-if input as JSON (van, tot, capaciteit, verzoeken);\n"
            "                '-' reads standard input\n"
            "  --from, --to  plan the register's open requests over this period with its\n"
            "                capacity, minus the confirmed inspections\n"
            "  --opslaan     keep the plan as a concept (the planner account --by NAME);\n"
            "                verplaats moves one pair, bevestig makes the inspections\n"
            "  --json        the answer as one JSON object (gepland, niet_gepland,\n"
            "                kwaliteit, los_gepland)\n"
            "  --help        this text\n\n"
            "Exit status: 0 planned, 1 failure, 2 wrong usage or bad input (nothing planned).\n");
}

/* The whole file (or stdin) in one NUL-terminated block; NULL with a message on stderr. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, CMD ": kan '%s' niet openen\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = sl_malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n + 1 < cap || ferror(f))
            break;
        char *more = cap * 2 <= (size_t)MAX_INPUT ? sl_realloc(buf, cap * 2) : NULL;
        if (!more) {
            fprintf(stderr, CMD ": '%s' is groter dan %ld MiB\n", path, MAX_INPUT >> 20);
            sl_free(buf);
            buf = NULL;
            break;
        }
        buf = more;
        cap *= 2;
    }
    bool bad = buf && ferror(f);
    if (f != stdin)
        fclose(f);
    if (bad) {
        fprintf(stderr, CMD ": kan '%s' niet lezen\n", path);
        sl_free(buf);
        return NULL;
    }
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

static void print_table(const sl_plan_doc *doc, const sl_plan_result *res)
{
    char a[11], b[11];
    for (size_t i = 0; i < doc->in.n_requests; i++) {
        const sl_plan_item *it = &res->joint[i];
        if (it->outcome != SL_PLAN_PLANNED)
            continue;
        sl_date_format(it->day[SL_PLAN_IMG], a);
        sl_date_format(it->day[SL_PLAN_NCG], b);
        printf("%s  IMG %s  NCG %s\n", doc->ids[i], a, b);
    }
    for (size_t i = 0; i < doc->in.n_requests; i++)
        if (res->joint[i].outcome != SL_PLAN_PLANNED)
            printf("%s  niet gepland: %s\n", doc->ids[i],
                   sl_plan_outcome_text(res->joint[i].outcome));
    const sl_plan_quality *j = &res->joint_quality, *l = &res->apart_quality;
    printf("\n                  gepland  binnen 2 dagen  gem. verschil  gem. wachttijd\n");
    printf("samen gepland     %7zu  %13.1f%%  %10.2f d  %11.2f d\n", j->planned,
           100 * j->share_within_two, j->mean_gap, j->mean_wait);
    printf("los gepland       %7zu  %13.1f%%  %10.2f d  %11.2f d\n", l->planned,
           100 * l->share_within_two, l->mean_gap, l->mean_wait);
    printf("\n%zu van %zu verzoeken gepland; geen plan kan er meer dan %zu plannen%s.\n",
           j->planned, j->requests, res->upper_bound,
           res->proven_optimal ? " (dit plan is het maximum)" : "");
}

static int plan_input(const char *path, bool as_json)
{
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text)
        return 2;
    char err[8192];
    int faults = 0;
    sl_plan_doc doc;
    bool ok = sl_plan_doc_read(text, len, &doc, err, sizeof err, &faults);
    sl_free(text);
    if (!ok) {
        fprintf(stderr, CMD ": %d fout%s in '%s'; er is niets gepland\n", faults,
                faults == 1 ? "" : "en", path);
        for (char *line = strtok(err, "\n"); line; line = strtok(NULL, "\n"))
            fprintf(stderr, "  %s\n", line);
        return 2;
    }
    sl_plan_result res;
    if (!sl_plan(&doc.in, &res)) {
        fprintf(stderr, CMD ": onvoldoende geheugen\n");
        sl_plan_doc_free(&doc);
        return 1;
    }
    int rc = 0;
    if (as_json) {
        json_t *answer = sl_plan_doc_answer(&doc, &res);
        if (!answer || json_dumpf(answer, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) != 0) {
            fprintf(stderr, CMD ": onvoldoende geheugen\n");
            rc = 1;
        } else {
            putchar('\n');
        }
        json_decref(answer);
    } else {
        print_table(&doc, &res);
    }
    sl_plan_result_free(&res);
    sl_plan_doc_free(&doc);
    return rc;
}

/* Whether the arguments give a what-if input (--input FILE or --input=FILE). */
static bool names_input(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--input") == 0 || strncmp(argv[i], "--input=", 8) == 0)
            return true;
    return false;
}

int cmd_plan(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    static const char *const stored_plans[] = {"lijst", "toon", "verplaats", "bevestig"};
    for (size_t k = 0; argc >= 2 && k < sizeof stored_plans / sizeof stored_plans[0]; k++)
        if (strcmp(argv[1], stored_plans[k]) == 0)
            return cli_plan_register(argc - 1, argv + 1, argv[1]);
    if (argc >= 2 && strcmp(argv[1], "opnames") == 0 && !names_input(argc, argv))
        return cli_plan_register(argc - 1, argv + 1, "opnames");
    if (argc < 2 || strcmp(argv[1], "opnames") != 0) {
        fprintf(stderr, "samenloop plan: expected 'opnames', 'lijst', 'toon', 'verplaats' or "
                        "'bevestig'\n");
        usage(stderr);
        return 2;
    }
    static const struct option opts[] = {
        {"input", required_argument, NULL, 'i'}, {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},    {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    const char *input = NULL;
    bool as_json = false, register_mode = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'i': input = optarg; break;
        case 'f':
        case 't': register_mode = true; break;
        case 'j': as_json = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc - 1) {
        fprintf(stderr, CMD ": unexpected argument '%s'\n", argv[optind + 1]);
        return 2;
    }
    if (register_mode || !input) {
        fprintf(stderr, CMD ": give either --input FILE or --from and --to\n");
        usage(stderr);
        return 2;
    }
    return plan_input(input, as_json);
}
