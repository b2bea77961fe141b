/*
 * cmd_logboek.c - `samenloop logboek`: verify the processing log's hash chain
 * and list its records (all, or one address's).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/bag.h"
#include "service/logboek.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop logboek verify\n"
            "       samenloop logboek list [--adres ID] [--json]\n\n"
            "The processing log records every access to personal data across the IMG/NCG\n"
            "boundary and every change: who, organisation, role, purpose, legal basis, data\n"
            "categories, when. It is append-only and hash-chained.\n\n"
            "  verify        check the whole chain; exit 0 when intact, 1 naming the first\n"
            "                broken record\n"
            "  list          the records, oldest first\n"
            "  --adres ID    only this address (16-digit nummeraanduiding id)\n"
            "  --json        a JSON array\n");
}

static int verify(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc > 1) {
        fprintf(stderr, "samenloop logboek verify: unexpected argument '%s'\n", argv[1]);
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    sl_logboek_check c;
    int status;
    if (!sl_logboek_verify(st, &c)) {
        fprintf(stderr, "samenloop logboek: %s\n", sl_store_errmsg(st));
        status = 1;
    } else if (c.first_broken) {
        printf("logboek beschadigd: keten %s, record %lld: %s\n", sl_log_keten_name(c.broken),
               (long long)c.first_broken, c.reden);
        status = 1;
    } else {
        printf("logboek in orde: %lld records\n", (long long)c.records);
        for (int k = 0; k < SL_KETEN_COUNT; k++)
            if (c.chain_records[k])
                printf("keten %s: %lld records, laatste hash: %s\n",
                       sl_log_keten_name((sl_log_keten)k), (long long)c.chain_records[k],
                       c.head[k]);
        status = 0;
    }
    sl_store_close(st);
    return status;
}

typedef struct list_ctx {
    bool as_json;
    json_t *arr;
    long n;
} list_ctx;

static bool print_cb(void *ctx, const sl_log_record *r)
{
    list_ctx *c = ctx;
    c->n++;
    if (c->as_json) {
        json_t *o = sl_log_record_json(r);
        return o && json_array_append_new(c->arr, o) == 0;
    }
    char addr[17] = "-";
    if (r->address_id)
        sl_bag_format(r->address_id, addr);
    printf("%6lld  %s  %-9s  %s  %s %s%s%s  doel %s  grondslag %s  %s\n", (long long)r->id,
           r->tijdstip, r->actie, addr, r->gebruiker, r->org[0] ? "(" : "", r->org,
           r->org[0] ? ")" : "", r->doel, r->grondslag, r->categorieen);
    return true;
}

static int list(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"adres", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    list_ctx c = {0};
    int64_t address_id = 0;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'j': c.as_json = true; break;
        case 'a':
            if (!cli_address_arg("logboek list", "--adres", optarg, &address_id))
                return 2;
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "samenloop logboek list: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    c.arr = json_array();
    int status = 0;
    if (!c.arr || !sl_logboek_list(st, address_id, print_cb, &c)) {
        fprintf(stderr, "samenloop logboek: %s\n", c.arr ? sl_store_errmsg(st) : "out of memory");
        status = 1;
    } else if (c.as_json) {
        json_dumpf(c.arr, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
    } else if (c.n == 0) {
        printf("geen logboekrecords\n");
    }
    json_decref(c.arr);
    sl_store_close(st);
    return status;
}

int cmd_logboek(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "verify") == 0)
        return verify(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return list(argc - 1, argv + 1);
    fprintf(stderr, "samenloop logboek: unknown subcommand '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
