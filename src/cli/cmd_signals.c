/*
 * cmd_signals.c - `samenloop signals`: list signals and move them through
 * their lifecycle (ack, done, dismiss), and `samenloop sweep` for the
 * time-based rule (stuck dossiers).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "core/bag.h"
#include "store/signals_store.h"
#include "service/signal_json.h"
#include "service/signals.h"
#include "service/termijnbeheer.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop signals list [--json] [--rule N] [--status S] [--adres ID]\n"
            "       samenloop signals ack|done|dismiss ID --by NAME [--reason TEXT]\n\n"
            "Signals are raised by the rules when deliveries change the register (and by\n"
            "`samenloop sweep`). A signal is open, then bevestigd (ack), then afgerond (done),\n"
            "or afgewezen (dismiss, with a reason). At most one unfinished signal per rule\n"
            "and address.\n\n"
            "  --json         a JSON array of every matching signal\n"
            "  --rule N       only rule N (1-8)\n"
            "  --status S     open, bevestigd, afgerond or afgewezen\n"
            "  --adres ID     only this address (16-digit nummeraanduiding id)\n"
            "  --by NAME      who acts (required for ack, done, dismiss)\n"
            "  --reason TEXT  why (required for dismiss)\n");
}

typedef struct list_ctx {
    bool as_json;
    json_t *arr;
    long n;
} list_ctx;

static bool print_cb(void *ctx, const sl_signal *s)
{
    list_ctx *c = ctx;
    c->n++;
    if (c->as_json) {
        json_t *o = sl_signal_json(s);
        return o && json_array_append_new(c->arr, o) == 0;
    }
    char id[17], due[11];
    sl_bag_format(s->address_id, id);
    sl_date_format(s->vervalt_op, due);
    printf("%6lld  regel %d  %-9s  %s  vervalt %s  aan:", (long long)s->id, (int)s->regel,
           sl_signal_status_name(s->status), id, due);
    for (size_t i = 0; i < s->n_aan; i++)
        printf("%s %s %s%s%s", i ? "," : "", sl_org_name(s->aan[i].org), s->aan[i].rol,
               s->aan[i].persoon[0] ? " " : "", s->aan[i].persoon);
    printf("\n        %s\n", s->tekst);
    return true;
}

static int list(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},   {"rule", required_argument, NULL, 'r'},
        {"status", required_argument, NULL, 's'}, {"adres", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},   {NULL, 0, NULL, 0},
    };
    sl_signal_filter f = {.status = -1};
    list_ctx c = {0};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'j': c.as_json = true; break;
        case 'r': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 99) {
                fprintf(stderr, "samenloop signals: --rule takes a rule number\n");
                return 2;
            }
            f.regel = (int32_t)v;
            break;
        }
        case 's': {
            sl_signal_status st;
            if (!sl_signal_status_parse(optarg, strlen(optarg), &st)) {
                fprintf(stderr, "samenloop signals: --status is open, bevestigd, afgerond or "
                                "afgewezen\n");
                return 2;
            }
            f.status = (int)st;
            break;
        }
        case 'a':
            if (!cli_address_arg("signals list", "--adres", optarg, &f.address_id))
                return 2;
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!cli_no_operands("signals list", argc, argv))
        return 2;
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    c.arr = json_array();
    int status = 0;
    if (!c.arr || !sl_store_signals_scan(st, &f, print_cb, &c)) {
        fprintf(stderr, "samenloop signals: %s\n", sl_store_errmsg(st));
        status = 1;
    }
    return cli_list_end(st, status, c.as_json, c.arr, c.n, "geen signalen");
}

static int transition(int argc, char **argv, sl_signal_status to)
{
    static const struct option opts[] = {
        {"by", required_argument, NULL, 'b'}, {"reason", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0},
    };
    const char *by = NULL, *reason = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'b': by = optarg; break;
        case 'r': reason = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "samenloop signals %s: give one signal id\n", argv[0]);
        return 2;
    }
    char *end;
    long long id = strtoll(argv[optind], &end, 10);
    if (*end || id <= 0) {
        fprintf(stderr, "samenloop signals %s: '%s' is not a signal id\n", argv[0], argv[optind]);
        return 2;
    }
    if (!by || !*by) {
        fprintf(stderr, "samenloop signals %s: --by NAME is required\n", argv[0]);
        return 2;
    }
    if (to == SL_SIGNAAL_AFGEWEZEN && (!reason || !*reason)) {
        fprintf(stderr, "samenloop signals dismiss: --reason TEXT is required\n");
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    char err[512];
    bool not_found;
    int status = 0;
    /* the command line is the operator's: logged as the beheerder role */
    sl_actor actor = {.gebruiker = by, .viewer = {.role = SL_ROLE_BEHEERDER}};
    if (!sl_signal_transition(st, id, to, &actor, reason, &not_found, err, sizeof err)) {
        fprintf(stderr, "samenloop signals %s: %s\n", argv[0], err);
        status = 1;
    } else {
        printf("signaal %lld: %s\n", id, sl_signal_status_name(to));
    }
    sl_store_close(st);
    return status;
}

int cmd_signals(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "list") == 0)
        return list(argc - 1, argv + 1);
    if (strcmp(sub, "ack") == 0)
        return transition(argc - 1, argv + 1, SL_SIGNAAL_BEVESTIGD);
    if (strcmp(sub, "done") == 0)
        return transition(argc - 1, argv + 1, SL_SIGNAAL_AFGEROND);
    if (strcmp(sub, "dismiss") == 0)
        return transition(argc - 1, argv + 1, SL_SIGNAAL_AFGEWEZEN);
    fprintf(stderr, "samenloop signals: unknown subcommand '%s'\n", sub);
    usage(stderr);
    return 2;
}

/* Today in the local calendar: deadlines are days in the Netherlands. */
sl_date cli_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    sl_date d = SL_DATE_NONE;
    if (localtime_r(&now, &tm))
        sl_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
    return d;
}

int cmd_sweep(int argc, char **argv)
{
    static const struct option opts[] = {
        {"today", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    sl_date today = cli_today();
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 't': {
            const char *why;
            if (!sl_date_parse(optarg, strlen(optarg), &today, &why)) {
                fprintf(stderr, "samenloop sweep: --today: %s\n", why);
                return 2;
            }
            break;
        }
        case 'h':
            printf("usage: samenloop sweep [--today YYYY-MM-DD]\n\n"
                   "Evaluates the time-based signal rules (rule 8: both processes open and no\n"
                   "status change in either for the configured period), reports escalations\n"
                   "(rule 14), raises the term signals (11: a term nearing its end, 12: a\n"
                   "government's term missed, 13: a penalty running), closes those whose\n"
                   "condition lapsed and books final compensations of missed fatal terms.\n"
                   "Safe to run as often as wanted: a rule with an unfinished signal for an\n"
                   "address (and term kind) is not raised again.\n");
            return 0;
        default:
            fprintf(stderr, "usage: samenloop sweep [--today YYYY-MM-DD]\n");
            return 2;
        }
    }
    if (!cli_no_operands("sweep", argc, argv))
        return 2;
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    int64_t raised, escalated;
    sl_termijnsignalen_telling terms;
    int status = 0;
    if (!sl_signals_sweep(st, today, &raised) || !sl_escalaties_sweep(st, today, &escalated) ||
        !sl_termijnsignalen_sweep(st, NULL, today, &terms)) {
        fprintf(stderr, "samenloop sweep: %s\n", sl_store_errmsg(st));
        status = 1;
    } else {
        printf("signalen aangemaakt: %lld\n", (long long)raised);
        printf("escalaties aangemeld: %lld\n", (long long)escalated);
        printf("termijnsignalen aangemaakt: %lld\n", (long long)terms.aangemaakt);
        printf("termijnsignalen vervallen: %lld\n", (long long)terms.vervallen);
        printf("compensaties geboekt: %lld\n", (long long)terms.compensaties);
    }
    sl_store_close(st);
    return status;
}
