/*
 * cmd_toestemming.c - `samenloop toestemming`: list an address's consent and
 * record, confirm or withdraw it as a named account would in the web UI
 * (service/consent.c decides; decisions 96-98). The account given with --by
 * is who acts: its role, body and addresses count, so staff record a signed
 * form that waits for a colleague, and a resident's account gives consent at
 * once.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "core/alloc.h"
#include "core/bag.h"
#include "service/accounts.h"
#include "service/consent.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop toestemming list --adres ID [--json]\n"
            "       samenloop toestemming record --adres ID --by NAME [--doel D]\n"
            "                 [--gegeven-op DATE] [--kanaal K --kenmerk REF]\n"
            "       samenloop toestemming confirm ID --by NAME [--kenmerk REF]\n"
            "       samenloop toestemming withdraw ID --by NAME [--op DATE]\n\n"
            "A resident's consent, per address and purpose. Staff record a signed GUO form\n"
            "with the date it was signed, how it came in and its reference; it takes effect\n"
            "only when another account of the same body confirms it. An account of the\n"
            "resident gives consent at once (channel mijn_woning). A withdrawal takes\n"
            "effect at once. Every step is in the processing log.\n\n"
            "  --adres ID        the address (16-digit nummeraanduiding id)\n"
            "  --by NAME         the account that acts (required)\n"
            "  --doel D          the purpose (default samenloop)\n"
            "  --gegeven-op DATE the day signed or given, JJJJ-MM-DD (default today)\n"
            "  --kanaal K        post, balie, telefoon or digitaal (staff)\n"
            "  --kenmerk REF     the signed form's reference (staff; on confirm only for a\n"
            "                    consent recorded before references were asked)\n"
            "  --op DATE         the day of the withdrawal (default today)\n"
            "  --json            list as a JSON array\n");
}

/* The options every subcommand may take; NULL or 0 when not given. */
typedef struct args {
    int64_t address_id;
    int64_t id;
    const char *by, *doel, *kanaal, *kenmerk;
    sl_date datum;
    bool as_json;
} args;

static bool parse_date(const char *s, sl_date *out)
{
    const char *why;
    if (sl_date_parse(s, strlen(s), out, &why))
        return true;
    fprintf(stderr, "samenloop toestemming: '%s' is not a date (JJJJ-MM-DD): %s\n", s, why);
    return false;
}

/* Returns 0 when parsed, else the exit code (2: usage; 0 with *done for --help). */
static int parse(int argc, char **argv, bool wants_id, args *a, bool *done)
{
    static const struct option opts[] = {
        {"adres", required_argument, NULL, 'a'},   {"by", required_argument, NULL, 'b'},
        {"doel", required_argument, NULL, 'd'},    {"gegeven-op", required_argument, NULL, 'g'},
        {"op", required_argument, NULL, 'g'},      {"kanaal", required_argument, NULL, 'k'},
        {"kenmerk", required_argument, NULL, 'r'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->doel = "samenloop";
    a->datum = cli_today();
    *done = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'a':
            if (!cli_address_arg("toestemming", "--adres", optarg, &a->address_id))
                return 2;
            break;
        case 'b': a->by = optarg; break;
        case 'd': a->doel = optarg; break;
        case 'g':
            if (!parse_date(optarg, &a->datum))
                return 2;
            break;
        case 'k': a->kanaal = optarg; break;
        case 'r': a->kenmerk = optarg; break;
        case 'j': a->as_json = true; break;
        case 'h': usage(stdout); *done = true; return 0;
        default: usage(stderr); return 2;
        }
    }
    if (wants_id) {
        char *end;
        long long v = optind < argc ? strtoll(argv[optind], &end, 10) : 0;
        if (optind + 1 != argc || v <= 0 || *end) {
            fprintf(stderr, "samenloop toestemming %s: give one consent id\n", argv[0]);
            return 2;
        }
        a->id = v;
    } else if (optind != argc) {
        fprintf(stderr, "samenloop toestemming %s: unexpected argument '%s'\n", argv[0],
                argv[optind]);
        return 2;
    }
    return 0;
}

/* The account that acts, as the consent service sees it. */
static bool actor_of(sl_store *st, const char *naam, sl_user *u, sl_actor *out)
{
    return cli_actor_of(st, "samenloop toestemming", naam, u, out);
}

static void print_row(const sl_toestemming *t)
{
    json_t *o = sl_consent_json(t);
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    printf("%s\n", s ? s : "{}");
    sl_free(s); /* jansson allocates through core/alloc.h */
    json_decref(o);
}

static int list(sl_store *st, const args *a)
{
    json_t *items;
    if (!sl_consents_json(st, a->address_id, &items)) {
        fprintf(stderr, "samenloop toestemming: %s\n", sl_store_errmsg(st));
        return 1;
    }
    if (a->as_json) {
        char *s = json_dumps(items, JSON_INDENT(2) | JSON_SORT_KEYS);
        printf("%s\n", s ? s : "[]");
        sl_free(s); /* jansson allocates through core/alloc.h */
    } else {
        size_t i;
        json_t *t;
        json_array_foreach(items, i, t) {
            const char *kenmerk = json_string_value(json_object_get(t, "formulier_kenmerk"));
            const char *bevestigd = json_string_value(json_object_get(t, "bevestigd_door"));
            printf("%6lld  %-12s %-21s kanaal %-11s kenmerk %-16s vastgelegd door %s%s%s\n",
                   (long long)json_integer_value(json_object_get(t, "id")),
                   json_string_value(json_object_get(t, "doel")),
                   json_string_value(json_object_get(t, "status")),
                   json_string_value(json_object_get(t, "kanaal"))
                       ? json_string_value(json_object_get(t, "kanaal"))
                       : "-",
                   kenmerk ? kenmerk : "-",
                   json_string_value(json_object_get(t, "vastgelegd_door")),
                   bevestigd ? ", bevestigd door " : "", bevestigd ? bevestigd : "");
        }
    }
    json_decref(items);
    return 0;
}

static int change(sl_store *st, const char *sub, const args *a)
{
    sl_user u;
    sl_actor by;
    if (!actor_of(st, a->by, &u, &by))
        return 1;
    sl_toestemming t;
    char err[300] = "";
    sl_outcome rc;
    if (strcmp(sub, "record") == 0) {
        sl_doel doel;
        if (!sl_doel_parse(a->doel, strlen(a->doel), &doel)) {
            fprintf(stderr, "samenloop toestemming: unknown purpose '%s'\n", a->doel);
            return 2;
        }
        sl_consent_evidence ev = {.gegeven_op = a->datum, .kanaal = a->kanaal,
                                  .formulier_kenmerk = a->kenmerk};
        rc = sl_consent_give(st, &by, a->address_id, doel, &ev, 0, cli_today(), &t, err,
                             sizeof err);
    } else if (strcmp(sub, "confirm") == 0) {
        rc = sl_consent_confirm(st, &by, a->id, a->kenmerk, 0, (int64_t)time(NULL), &t, err,
                                sizeof err);
    } else {
        rc = sl_consent_withdraw_id(st, &by, a->id, a->datum, 0, cli_today(), &t, err,
                                    sizeof err);
    }
    if (rc != SL_OK) {
        fprintf(stderr, "samenloop toestemming %s: %s\n", sub, err);
        return rc == SL_INVALID ? 2 : 1;
    }
    print_row(&t);
    return 0;
}

int cmd_toestemming(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    bool is_list = strcmp(sub, "list") == 0, is_record = strcmp(sub, "record") == 0;
    if (!is_list && !is_record && strcmp(sub, "confirm") != 0 && strcmp(sub, "withdraw") != 0) {
        fprintf(stderr, "samenloop toestemming: unknown subcommand '%s'\n", sub);
        usage(stderr);
        return 2;
    }
    args a;
    bool done;
    int rc = parse(argc - 1, argv + 1, !is_list && !is_record, &a, &done);
    if (rc || done)
        return rc;
    if ((is_list || is_record) && !a.address_id) {
        fprintf(stderr, "samenloop toestemming %s: --adres is required\n", sub);
        return 2;
    }
    if (!is_list && !a.by) {
        fprintf(stderr, "samenloop toestemming %s: --by is required\n", sub);
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    rc = is_list ? list(st, &a) : change(st, sub, &a);
    sl_store_close(st);
    return rc;
}
