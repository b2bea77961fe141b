/*
 * cmd_import.c - `samenloop import`: load delivery files, report per file,
 * write rejected rows to a CSV report.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "core/alloc.h"
#include "service/delivery_hold.h"
#include "service/import.h"
#include "service/import_json.h"
#include "service/rejects_csv.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop import [--json] [--rejects FILE] [--max-afwezig PCT]\n"
            "                        [--leveringen-map DIR] FILE...\n\n"
            "Loads periodic deliveries (bag_adressen, ncg_trajecten, img_schades; the kind is\n"
            "read from the header). Addresses are loaded first, whatever the order given.\n"
            "Each file is one transaction: rejected rows are reported, the rest is kept;\n"
            "records missing from a full snapshot are marked absent, never deleted.\n\n"
            "  --json          print the report as JSON on stdout\n"
            "  --rejects FILE  write rejected rows as the download does (Leveringen):\n"
            "                  bestand;regel;kolom;reden;rij with a byte order mark\n"
            "  --max-afwezig PCT\n"
            "                  hold a snapshot that would mark more than PCT percent (0-100,\n"
            "                  default 5) of its kind's current records absent: nothing of it\n"
            "                  is applied until a second data steward of the body confirms it\n"
            "                  (Leveringen); 100 never holds\n"
            "  --leveringen-map DIR\n"
            "                  where a held file is kept (the server's leveringen_map);\n"
            "                  default beside a SQLite register, required for PostgreSQL\n"
            "  --help          this text\n\n"
            "Exit status: 0 when at least one file was processed (even with rejected rows),\n"
            "1 when none could be, 2 on wrong usage.\n");
}

/* The rejects report: written to FILE.tmp and renamed into place when complete,
 * by the download's writer (service/rejects_csv.h) from what the register kept. */
typedef struct rejects {
    FILE *f;
    char *path, *tmp;
    bool tty;           /* a progress bar is drawn on stderr */
    int64_t written;
} rejects;

/* Appends the rejected rows of a processed file's delivery. */
static bool rejects_add(rejects *r, sl_store *st, const sl_import_report *rep)
{
    if (!r->f || !rep->processed)
        return true;
    r->written += rep->counts.rejected;
    sl_csv csv = {0};
    bool ok = sl_rejects_csv_rows(st, rep->delivery_id, &csv) && !csv.nomem &&
              fwrite(csv.data ? csv.data : "", 1, csv.len, r->f) == csv.len;
    sl_csv_free(&csv);
    if (!ok)
        fprintf(stderr, "samenloop import: %s: afgewezen rijen schrijven mislukt: %s\n", r->path,
                sl_store_errmsg(st));
    return ok;
}

typedef struct progress {
    const char *file;
    int last_permille;
} progress;

static progress bar;

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
    rejects *r = ctx;
    if (!r->tty || !total)
        return;
    int permille = (int)(done * 1000 / total);
    if (permille == bar.last_permille)
        return;
    bar.last_permille = permille;
    int width = 30, filled = permille * width / 1000;
    fprintf(stderr, "\r%-24.24s [", bar.file);
    for (int i = 0; i < width; i++)
        fputc(i < filled ? '#' : '.', stderr);
    fprintf(stderr, "] %3d%%", permille / 10);
    fflush(stderr);
}

static int kind_order(sl_kind k)
{
    return k == SL_KIND_BAG ? 0 : k == SL_KIND_NCG ? 1 : k == SL_KIND_IMG ? 2 : 3;
}

static void report_text(const sl_import_report *r)
{
    if (!r->processed) {
        fprintf(stderr, "samenloop: %s: niet verwerkt: %s\n", r->file, r->error);
        return;
    }
    const sl_delivery_counts *c = &r->counts;
    printf("%s (%s): %lld rijen, %lld geïmporteerd (%lld nieuw, %lld gewijzigd, %lld "
           "ongewijzigd), %lld afgewezen, %lld afwezig\n",
           r->file, sl_kind_name(r->kind), (long long)c->rows, (long long)c->imported,
           (long long)c->nieuw, (long long)c->gewijzigd, (long long)c->ongewijzigd,
           (long long)c->rejected, (long long)c->absent);
    if (r->unknown_columns[0])
        printf("  onbekende kolommen genegeerd: %s\n", r->unknown_columns);
    if (r->absent_skipped)
        printf("  geen enkele geldige rij: niets als afwezig gemarkeerd\n");
    if (r->held)
        printf("  AANGEHOUDEN als levering %lld: zou %lld van de %lld als afwezig markeren; niets "
               "toegepast tot een datasteward van de organisatie bevestigt\n",
               (long long)r->delivery_id, (long long)r->would_absent, (long long)r->current);
    if (r->baseline && r->kind != SL_KIND_BAG)
        printf("  eerste levering van deze soort: nulmeting, geen signalen\n");
    else if (r->signals)
        printf("  signalen aangemaakt: %lld\n", (long long)r->signals);
}

static bool rejects_open(rejects *r, const char *path)
{
    size_t n = strlen(path) + 5;
    r->path = sl_strdup(path);
    r->tmp = sl_malloc(n);
    if (!r->path || !r->tmp)
        return false;
    snprintf(r->tmp, n, "%s.tmp", path);
    r->f = fopen(r->tmp, "w");
    if (!r->f) {
        perror(r->tmp);
        return false;
    }
    sl_csv head = {0};
    sl_rejects_csv_head(&head);
    bool ok = !head.nomem && fwrite(head.data, 1, head.len, r->f) == head.len;
    sl_csv_free(&head);
    return ok;
}

/* Makes the report durable and puts it in place; a crash leaves only the .tmp. */
static bool rejects_close(rejects *r)
{
    bool ok = true;
    if (r->f) {
        ok = fflush(r->f) == 0 && fsync(fileno(r->f)) == 0;
        ok = fclose(r->f) == 0 && ok;
        if (ok && rename(r->tmp, r->path) != 0)
            ok = false;
        if (!ok)
            perror(r->path);
    }
    sl_free(r->path);
    sl_free(r->tmp);
    return ok;
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"rejects", required_argument, NULL, 'r'},
        {"max-afwezig", required_argument, NULL, 'm'},
        {"leveringen-map", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool as_json = false;
    const char *rejects_path = NULL;
    const char *keep_configured = NULL;
    int max_absent = SL_MAX_ABSENT_PERCENT_DEFAULT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'j': as_json = true; break;
        case 'r': rejects_path = optarg; break;
        case 'l': keep_configured = optarg; break;
        case 'm': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 0 || v > 100) {
                fprintf(stderr, "samenloop import: --max-afwezig: a whole number from 0 to 100\n");
                return 2;
            }
            max_absent = (int)v;
            break;
        }
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    int nfiles = argc - optind;
    if (nfiles < 1) {
        fprintf(stderr, "samenloop import: no files given\n");
        usage(stderr);
        return 2;
    }
    char **files = argv + optind;
    /* Addresses first, then trajectories, then claims: rows are matched to addresses. */
    int *order = sl_calloc((size_t)nfiles, sizeof *order);
    sl_import_report *reports = sl_calloc((size_t)nfiles, sizeof *reports);
    int *rank = sl_calloc((size_t)nfiles, sizeof *rank);
    if (!order || !reports || !rank) {
        fprintf(stderr, "samenloop import: out of memory\n");
        sl_free(order);
        sl_free(reports);
        sl_free(rank);
        return 1;
    }
    for (int i = 0; i < nfiles; i++) {
        order[i] = i;
        rank[i] = kind_order(sl_import_peek_kind(files[i]));
    }
    for (int i = 1; i < nfiles; i++) /* stable insertion sort by kind */
        for (int j = i; j > 0 && rank[order[j - 1]] > rank[order[j]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }

    int status = 1;
    rejects rj = {.tty = isatty(STDERR_FILENO) && !getenv("CI")};
    sl_store *st = NULL;
    sl_import_session *ses = NULL;
    if (rejects_path && !rejects_open(&rj, rejects_path))
        goto out;
    st = cli_open_store();
    if (!st)
        goto out;
    /* One session for the run: the address index loaded or rebuilt by one file
     * serves the next instead of being read from the register again. */
    ses = sl_import_session_new(st);
    if (!ses) {
        fprintf(stderr, "samenloop import: out of memory\n");
        goto out;
    }
    /* The operator's own tool on the machine: every kind, recorded as such
     * (docs/decisions.md 90); the hold applies as to an upload. */
    char keep[4096];
    bool can_keep = sl_delivery_keep_dir(cli_db_path(), keep_configured, keep, sizeof keep);
    sl_import_hooks hooks = {.on_progress = on_progress, .ctx = &rj,
                             .today = cli_today(), .door = "opdrachtregel",
                             .hold_absent = true, .max_absent_percent = max_absent,
                             .keep_dir = can_keep ? keep : NULL};
    int processed = 0;
    for (int k = 0; k < nfiles; k++) {
        int i = order[k];
        bar.file = files[i];
        bar.last_permille = -1;
        if (sl_import_session_file(ses, files[i], &hooks, &reports[i]))
            processed++;
        if (!rejects_add(&rj, st, &reports[i]))
            goto out;
        if (rj.tty)
            fprintf(stderr, "\r%*s\r", 64, "");
        if (!as_json)
            report_text(&reports[i]);
        else if (!reports[i].processed)
            fprintf(stderr, "samenloop: %s: niet verwerkt: %s\n", files[i], reports[i].error);
    }
    if (as_json) {
        json_t *arr = json_array();
        for (int i = 0; arr && i < nfiles; i++)
            json_array_append_new(arr, sl_import_report_json(&reports[i]));
        json_t *root = json_pack("{s:o}", "files", arr);
        if (root) {
            json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            fputc('\n', stdout);
            json_decref(root);
        }
    }
    if (rejects_path && !as_json)
        printf("afgewezen rijen: %lld, zie %s\n", (long long)rj.written, rejects_path);
    status = processed > 0 && cli_log_anchor(st, "import") ? 0 : 1;
    if (processed == 0)
        fprintf(stderr, "samenloop import: geen enkel bestand verwerkt\n");
out:
    if (!rejects_close(&rj))
        status = 1;
    sl_import_session_free(ses);
    sl_store_close(st);
    sl_free(order);
    sl_free(reports);
    sl_free(rank);
    return status;
}
