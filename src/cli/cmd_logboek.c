/*
 * cmd_logboek.c - `samenloop logboek`: verify the processing log's hash chains
 * and anchors, list its records (all, or one address's), print its heads to
 * publish, make an anchor key, acknowledge a loss.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/bag.h"
#include "service/logboek.h"
#include "service/logboek_anker.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop logboek verify [--sleutel FILE] [--tot KETEN:ID:HASH]...\n"
            "       samenloop logboek list [--adres ID] [--json]\n"
            "       samenloop logboek anker [--schrijf] [--sleutel FILE]\n"
            "       samenloop logboek sleutel-nieuw FILE\n"
            "       samenloop logboek verlies-erkennen --door NAAM --reden TEKST [--sleutel FILE]\n\n"
            "The processing log records every access to personal data across the IMG/NCG\n"
            "boundary and every change: who, organisation, role, purpose, legal basis, data\n"
            "categories, when. It is append-only and hash-chained, and its heads are anchored\n"
            "(signed checkpoints) so that removing the newest records shows.\n\n"
            "  verify           check both chains and every anchor since the last acknowledged\n"
            "                   loss; exit 0 when intact, 1 naming what is wrong\n"
            "  --tot K:ID:HASH  also check that chain K (register or inzage) still holds record\n"
            "                   ID with HASH, as published with `logboek anker` (repeatable)\n"
            "  list             the records, oldest first\n"
            "  --adres ID       only this address (16-digit nummeraanduiding id)\n"
            "  --json           a JSON array\n"
            "  anker            print both chains' heads (KETEN:ID:HASH) to publish elsewhere\n"
            "  --schrijf        first write an anchor of the current heads\n"
            "  sleutel-nieuw    write a new random anchor key to FILE (mode 0600)\n"
            "  verlies-erkennen acknowledge that anchored records are lost (a look log gone\n"
            "                   with its disk): logged with who and why; verify and serve\n"
            "                   check from then on\n"
            "  --sleutel FILE   the anchor key (default: SAMENLOOP_LOGBOEK_SLEUTEL)\n");
}

/* The anchor key: the flag's file, else the environment's, else none. */
static bool load_key(const char *cmd, const char *flag, sl_log_key *key)
{
    const char *path = flag ? flag : getenv("SAMENLOOP_LOGBOEK_SLEUTEL");
    char err[600];
    if (sl_log_key_load(path, key, err, sizeof err))
        return true;
    fprintf(stderr, "samenloop %s: %s\n", cmd, err);
    return false;
}

bool cli_log_anchor(sl_store *st, const char *cmd)
{
    sl_log_key key;
    if (!load_key(cmd, NULL, &key))
        return false;
    bool ok = sl_logboek_anchor_write(st, &key, true, NULL, NULL);
    sl_log_key_wipe(&key);
    if (!ok)
        fprintf(stderr, "samenloop %s: logboekanker niet geschreven: %s\n", cmd,
                sl_store_errmsg(st));
    return ok;
}

enum { OPT_SLEUTEL = 1000, OPT_TOT, OPT_SCHRIJF, OPT_DOOR, OPT_REDEN };

#define MAX_TOT 8

/* Chains first (the first broken record), then anchors, then published heads. */
static int verify_all(sl_store *st, const sl_log_key *key, const sl_log_head *tot, int ntot)
{
    sl_logboek_check c;
    sl_anchor_check a;
    if (!sl_logboek_verify(st, &c) || !sl_logboek_anchors_check(st, key, false, &a)) {
        fprintf(stderr, "samenloop logboek: %s\n", sl_store_errmsg(st));
        return 1;
    }
    if (c.first_broken) {
        printf("logboek beschadigd: keten %s, record %lld: %s\n", sl_log_keten_name(c.broken),
               (long long)c.first_broken, c.reden);
        return 1;
    }
    if (a.broken) {
        printf("logboek ingekort of vervangen: %s\n", a.reden);
        return 1;
    }
    for (int i = 0; i < ntot; i++) {
        bool ok;
        char reden[300];
        if (!sl_logboek_check_head(st, &tot[i], &ok, reden, sizeof reden)) {
            fprintf(stderr, "samenloop logboek: %s\n", sl_store_errmsg(st));
            return 1;
        }
        if (!ok) {
            printf("logboek ingekort of vervangen: %s\n", reden);
            return 1;
        }
    }
    printf("logboek in orde: %lld records\n", (long long)c.records);
    for (int k = 0; k < SL_KETEN_COUNT; k++)
        if (c.chain_records[k])
            printf("keten %s: %lld records, laatste hash: %s\n",
                   sl_log_keten_name((sl_log_keten)k), (long long)c.chain_records[k], c.head[k]);
    if (!a.have_newest)
        printf("let op: er is nog geen anker; het inkorten van het logboek is zo niet te zien\n");
    else
        printf("ankers: %lld gecontroleerd, het laatste van %s\n", (long long)a.anchors,
               a.newest.tijdstip);
    if (a.unchecked_mac)
        printf("let op: %lld ankers zonder handtekening of met een andere sleutel "
               "(handtekening niet gecontroleerd)\n",
               (long long)a.unchecked_mac);
    if (ntot)
        printf("gepubliceerde koppen: %d in orde\n", ntot);
    return 0;
}

static int verify(int argc, char **argv)
{
    static const struct option opts[] = {
        {"sleutel", required_argument, NULL, OPT_SLEUTEL},
        {"tot", required_argument, NULL, OPT_TOT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *key_path = NULL;
    sl_log_head tot[MAX_TOT];
    int ntot = 0, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case OPT_SLEUTEL: key_path = optarg; break;
        case OPT_TOT:
            if (ntot == MAX_TOT || !sl_log_head_parse(optarg, &tot[ntot])) {
                fprintf(stderr,
                        "samenloop logboek verify: --tot is KETEN:ID:HASH (register of inzage, "
                        "hoogstens %d keer), niet '%s'\n",
                        MAX_TOT, optarg);
                return 2;
            }
            ntot++;
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!cli_no_operands("logboek verify", argc, argv))
        return 2;
    sl_log_key key;
    if (!load_key("logboek verify", key_path, &key))
        return 1;
    sl_store *st = cli_open_store();
    int status = st ? verify_all(st, &key, tot, ntot) : 1;
    sl_log_key_wipe(&key);
    sl_store_close(st);
    return status;
}

static int anker(int argc, char **argv)
{
    static const struct option opts[] = {
        {"sleutel", required_argument, NULL, OPT_SLEUTEL},
        {"schrijf", no_argument, NULL, OPT_SCHRIJF},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *key_path = NULL;
    bool write = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case OPT_SLEUTEL: key_path = optarg; break;
        case OPT_SCHRIJF: write = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!cli_no_operands("logboek anker", argc, argv))
        return 2;
    sl_log_key key;
    if (!load_key("logboek anker", key_path, &key))
        return 1;
    sl_store *st = cli_open_store();
    sl_log_anchor a;
    int status = 1;
    if (st && write && !sl_logboek_anchor_write(st, &key, false, &a, NULL)) {
        fprintf(stderr, "samenloop logboek anker: %s\n", sl_store_errmsg(st));
    } else if (st) {
        int64_t ids[SL_KETEN_COUNT];
        char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP];
        if (!sl_logboek_heads(st, ids, hashes)) {
            fprintf(stderr, "samenloop logboek anker: %s\n", sl_store_errmsg(st));
        } else {
            /* one line per chain, ready for `verify --tot` */
            for (int k = 0; k < SL_KETEN_COUNT; k++)
                if (ids[k])
                    printf("%s:%lld:%s\n", sl_log_keten_name((sl_log_keten)k),
                           (long long)ids[k], hashes[k]);
            status = 0;
        }
    }
    sl_log_key_wipe(&key);
    sl_store_close(st);
    return status;
}

static int sleutel_nieuw(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: samenloop logboek sleutel-nieuw FILE\n");
        return 2;
    }
    char err[600];
    if (!sl_log_key_create(argv[1], err, sizeof err)) {
        fprintf(stderr, "samenloop logboek sleutel-nieuw: %s\n", err);
        return 1;
    }
    printf("nieuwe logboeksleutel in %s (alleen leesbaar voor de eigenaar)\n", argv[1]);
    return 0;
}

static int verlies(int argc, char **argv)
{
    static const struct option opts[] = {
        {"sleutel", required_argument, NULL, OPT_SLEUTEL},
        {"door", required_argument, NULL, OPT_DOOR},
        {"reden", required_argument, NULL, OPT_REDEN},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *key_path = NULL, *door = NULL, *reden = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case OPT_SLEUTEL: key_path = optarg; break;
        case OPT_DOOR: door = optarg; break;
        case OPT_REDEN: reden = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc || !door || !*door || !reden || !*reden) {
        fprintf(stderr, "samenloop logboek verlies-erkennen: --door NAAM en --reden TEKST zijn "
                        "verplicht\n");
        return 2;
    }
    sl_log_key key;
    if (!load_key("logboek verlies-erkennen", key_path, &key))
        return 1;
    sl_store *st = cli_open_store();
    sl_actor by = {.gebruiker = door, .viewer = {.role = SL_ROLE_BEHEERDER}};
    int64_t id = 0;
    int status = 1;
    if (st && !sl_logboek_acknowledge_loss(st, &key, &by, reden, &id)) {
        fprintf(stderr, "samenloop logboek verlies-erkennen: %s\n", sl_store_errmsg(st));
    } else if (st) {
        printf("verlies erkend in logboekrecord %lld; er is een nieuw anker geschreven\n",
               (long long)id);
        status = 0;
    }
    sl_log_key_wipe(&key);
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
    if (!cli_no_operands("logboek list", argc, argv))
        return 2;
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    c.arr = json_array();
    int status = 0;
    if (!c.arr || !sl_logboek_list(st, address_id, print_cb, &c)) {
        fprintf(stderr, "samenloop logboek: %s\n", c.arr ? sl_store_errmsg(st) : "out of memory");
        status = 1;
    }
    return cli_list_end(st, status, c.as_json, c.arr, c.n, "geen logboekrecords");
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
    if (strcmp(argv[1], "anker") == 0)
        return anker(argc - 1, argv + 1);
    if (strcmp(argv[1], "sleutel-nieuw") == 0)
        return sleutel_nieuw(argc - 1, argv + 1);
    if (strcmp(argv[1], "verlies-erkennen") == 0)
        return verlies(argc - 1, argv + 1);
    fprintf(stderr, "samenloop logboek: unknown subcommand '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
