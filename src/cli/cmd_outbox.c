/*
 * cmd_outbox.c - `samenloop outbox claim|ack|fail`: a worker on the outbox's
 * events (service/outbox.h, decision 178), for a script that delivers them
 * until the subscribers' sender comes. claim prints one JSON line per event.
 */
#include <getopt.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/alloc.h"
#include "service/outbox.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop outbox claim [--bezorger NAAM] [--max N] [--claimduur SECONDEN]\n"
            "       samenloop outbox ack ID --bezorger NAAM\n"
            "       samenloop outbox fail ID --bezorger NAAM --reden TEKST\n"
            "                             [--opnieuw-na SECONDEN]\n\n"
            "Hands the outbox's events to a worker. claim takes up to N due events (default\n"
            "10) for the worker for a while (default 60 s) and prints each as a JSON line;\n"
            "no other worker gets them meanwhile, and once that time lapses without ack or\n"
            "fail they are due again. ack: the event was delivered. fail: it was not; it is\n"
            "due again after --opnieuw-na seconds (default 60), with the reason kept.\n"
            "--bezorger defaults to <host>:<pid>, which only suits claim alone.\n");
}

static bool parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static int claim(sl_store *st, const char *bezorger, long max, long lease)
{
    sl_outbox_batch b;
    char err[512];
    if (!sl_outbox_take(st, bezorger, (int)max, (int)lease, &b, err, sizeof err)) {
        fprintf(stderr, "samenloop outbox: %s\n", err);
        return 1;
    }
    int rc = 0;
    for (size_t i = 0; i < b.n; i++) {
        char *line = sl_outbox_message_json(&b.items[i]);
        if (!line) {
            fprintf(stderr, "samenloop outbox: gebeurtenis %lld niet te schrijven\n",
                    (long long)b.items[i].id);
            rc = 1;
            continue;
        }
        printf("%s\n", line);
        sl_free(line);
    }
    sl_outbox_batch_free(&b);
    return rc;
}

static int settle(sl_store *st, const char *verb, int64_t id, const char *bezorger, long retry,
                  const char *reden)
{
    bool held = false;
    char err[512];
    bool ok = strcmp(verb, "ack") == 0
                  ? sl_outbox_done(st, id, bezorger, &held, err, sizeof err)
                  : sl_outbox_give_back(st, id, bezorger, (int)retry, reden, &held, err,
                                        sizeof err);
    if (!ok) {
        fprintf(stderr, "samenloop outbox: %s\n", err);
        return 1;
    }
    if (!held) {
        fprintf(stderr,
                "samenloop outbox: gebeurtenis %lld is niet (meer) geclaimd door %s: "
                "bezorgd, of na het verlopen van de claim door een ander geclaimd\n",
                (long long)id, bezorger);
        return 1;
    }
    return 0;
}

int cmd_outbox(int argc, char **argv)
{
    enum { OPT_NAME = 1000, OPT_MAX, OPT_LEASE, OPT_REASON, OPT_RETRY };
    static const struct option opts[] = {{"bezorger", required_argument, NULL, OPT_NAME},
                                         {"max", required_argument, NULL, OPT_MAX},
                                         {"claimduur", required_argument, NULL, OPT_LEASE},
                                         {"reden", required_argument, NULL, OPT_REASON},
                                         {"opnieuw-na", required_argument, NULL, OPT_RETRY},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    char own[256];
    sl_outbox_worker_name(own, sizeof own);
    const char *bezorger = NULL, *reden = NULL;
    long max = 10, lease = 60, retry = 60;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        bool ok = true;
        switch (opt) {
        case OPT_NAME: bezorger = optarg; break;
        case OPT_MAX: ok = parse_int(optarg, 1, SL_OUTBOX_MAX_BATCH, &max); break;
        case OPT_LEASE: ok = parse_int(optarg, 1, SL_OUTBOX_MAX_LEASE_S, &lease); break;
        case OPT_REASON: reden = optarg; break;
        case OPT_RETRY: ok = parse_int(optarg, 0, SL_OUTBOX_MAX_RETRY_S, &retry); break;
        case 'h': usage(stdout); return 0;
        default: ok = false;
        }
        if (!ok) {
            usage(stderr);
            return 2;
        }
    }
    const char *verb = optind < argc ? argv[optind] : "";
    bool is_claim = strcmp(verb, "claim") == 0;
    bool is_settle = strcmp(verb, "ack") == 0 || strcmp(verb, "fail") == 0;
    long id = 0;
    if (!(is_claim && optind + 1 == argc) &&
        !(is_settle && optind + 2 == argc && bezorger &&
          parse_int(argv[optind + 1], 1, LONG_MAX, &id) &&
          (strcmp(verb, "ack") == 0 || reden))) {
        usage(stderr);
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    int rc = is_claim ? claim(st, bezorger ? bezorger : own, max, lease)
                      : settle(st, verb, id, bezorger, retry, reden);
    sl_store_close(st);
    return rc;
}
