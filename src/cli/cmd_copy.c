/*
 * cmd_copy.c - `samenloop copy --from DB --to DB`: a whole register, the
 * processing log's chains and the look log included, into an empty register
 * of either store, then verified (service/register_copy.h).
 *
 * The registers are named as --db names them; neither is printed, since a
 * PostgreSQL URL may hold a password.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/commands.h"
#include "service/register_copy.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop copy --from DB --to DB\n\n"
            "Copies a whole register, the processing log included, into an empty register\n"
            "(created when it does not exist), between any two stores: a SQLite file or a\n"
            "PostgreSQL database (postgresql://..., or libpq keywords). Then verifies it:\n"
            "every table has the source's rows, row for row, and both chains of the\n"
            "processing log verify with the source's records and last hashes.\n"
            "The global --db is not used. Stop the servers of both registers first.\n\n"
            "  --from DB   the register to copy (its processing log must verify)\n"
            "  --to DB     the empty register to copy into\n");
}

static void print_report(const sl_copy_report *r)
{
    for (size_t i = 0; i < r->n_tables; i++)
        printf("tabel %s: %lld rijen\n", r->tables[i].naam, (long long)r->tables[i].rijen);
    printf("gekopieerd en gecontroleerd: %lld rijen in %zu tabellen, elke tabel gelijk aan de "
           "bron\n",
           (long long)r->rijen, r->n_tables);
    for (int k = 0; k < SL_KETEN_COUNT; k++)
        printf("logboek, keten %s: %lld records, laatste hash: %s\n",
               sl_log_keten_name((sl_log_keten)k), (long long)r->logboek.chain_records[k],
               r->logboek.head[k][0] ? r->logboek.head[k] : "-");
}

int cmd_copy(int argc, char **argv)
{
    enum { OPT_FROM = 1000, OPT_TO };
    static const struct option opts[] = {{"from", required_argument, NULL, OPT_FROM},
                                         {"to", required_argument, NULL, OPT_TO},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *from = NULL, *to = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case OPT_FROM: from = optarg; break;
        case OPT_TO: to = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc || !from || !to || !*from || !*to) {
        usage(stderr);
        return 2;
    }
    static sl_copy_report report;
    char err[1024];
    if (!sl_register_copy(from, to, &report, err, sizeof err)) {
        fprintf(stderr, "samenloop copy: %s\n", err);
        return 1;
    }
    print_report(&report);
    return 0;
}
