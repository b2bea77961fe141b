/*
 * main.c - the `samenloop` command: global options, then one subcommand.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/commands.h"
#include "cli/huge_pages.h"
#include "core/alloc.h"
#include "core/bag.h"

static const char *db_path;

const char *cli_db_path(void)
{
    if (db_path)
        return db_path;
    const char *env = getenv("SAMENLOOP_DB");
    return env && *env ? env : "samenloop.db";
}

sl_store *cli_open_store(void)
{
    sl_store *st;
    char err[512];
    if (!sl_store_open(cli_db_path(), &st, err, sizeof err)) {
        fprintf(stderr, "samenloop: %s\n", err);
        return NULL;
    }
    return st;
}

bool cli_address_arg(const char *cmd, const char *what, const char *s, int64_t *id)
{
    const char *why;
    if (sl_bag_parse(s, strlen(s), SL_BAG_NUMMERAANDUIDING, id, &why))
        return true;
    fprintf(stderr, "samenloop %s: %s '%s' is not a 16-digit nummeraanduiding id: %s\n", cmd,
            what, s, why);
    return false;
}

bool cli_no_operands(const char *cmd, int argc, char **argv)
{
    if (optind >= argc)
        return true;
    fprintf(stderr, "samenloop %s: unexpected argument '%s'\n", cmd, argv[optind]);
    return false;
}

int cli_list_end(sl_store *st, int status, bool as_json, json_t *arr, long n, const char *none)
{
    if (status == 0 && as_json) {
        json_dumpf(arr, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
    } else if (status == 0 && n == 0) {
        printf("%s\n", none);
    }
    json_decref(arr);
    sl_store_close(st);
    return status;
}

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    bool huge_pages; /* touches hundreds of MiB of heap: see huge_pages.c */
} command;

static const command commands[] = {
    {"import", cmd_import, "load delivery files (BAG addresses, NCG trajectories, IMG claims)",
     true},
    {"stats", cmd_stats, "collaboration potential, matrix and groups", false},
    {"signals", cmd_signals, "list signals; acknowledge, finish or dismiss them", false},
    {"sweep", cmd_sweep, "raise the time-based signals (stuck dossiers)", false},
    {"dossier", cmd_dossier, "one address's whole picture; coordinator and AMvB elements", false},
    {"user", cmd_user, "add and list accounts (roles, organisations, addresses)", false},
    {"token", cmd_token, "create, list and revoke API tokens for machine clients", false},
    {"logboek", cmd_logboek, "verify the processing log's hash chain; list its records", false},
    {"toestemming", cmd_toestemming, "list, record, confirm and withdraw a resident's consent",
     false},
    {"serve", cmd_serve, "serve the HTTP API (JSON under /api/v1)", false},
    {"plan", cmd_plan, "plan joint inspections (register or what-if; plan opnames --help)", false},
    {"opnameverzoek", cmd_opnameverzoek, "a resident's request for a joint inspection", false},
    {"capaciteit", cmd_capaciteit, "each body's inspection capacity (rota, exceptions)", false},
    {"gen", cmd_gen, "write realistic, deterministic delivery files for tests and demos", false},
    {"termijn", cmd_termijn, "the last day of a term (Algemene termijnenwet)", false},
    {"dwangsom", cmd_dwangsom, "the Awb 4:17 penalty for a notice of default", false},
    {"termijnen", cmd_termijnen, "every term in the register on one day", false},
    {"regels", cmd_regels, "the rule tables' versions; preview and publish a new one", false},
    {"copy", cmd_copy, "copy a whole register between stores (SQLite, PostgreSQL) and verify it",
     false},
    {"outbox", cmd_outbox, "claim the events for subscribers; say each was delivered or not",
     false},
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop [--db PATH] COMMAND [OPTIONS]\n\n"
            "The shared register of IMG damage claims and NCG strengthening trajectories.\n\n"
            "Global options:\n"
            "  --db PATH   the register (default: $SAMENLOOP_DB, else ./samenloop.db)\n"
            "  --help      this text; `samenloop COMMAND --help` for a command\n"
            "  --version   the version\n\nCommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].summary);
}

/* Takes --db PATH / --db=PATH out of argv wherever it stands; returns the new argc. */
static int take_db_option(int argc, char **argv, int *bad)
{
    int out = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0) {
            if (i + 1 >= argc) {
                *bad = 1;
                return argc;
            }
            db_path = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            db_path = argv[i] + 5;
        } else {
            argv[out++] = argv[i];
        }
    }
    argv[out] = NULL;
    return out;
}

/* given: argv as the process received it, for a second run (huge_pages.h) */
static int dispatch(int argc, char **argv, char **given)
{
    int bad = 0;
    /* jansson allocates through the same wrapper as everything else */
    json_set_alloc_funcs(sl_malloc, sl_free);
    argc = take_db_option(argc, argv, &bad);
    if (bad) {
        fprintf(stderr, "samenloop: --db needs a path\n");
        return 2;
    }
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("samenloop %s\n", SAMENLOOP_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        if (commands[i].huge_pages)
            cli_exec_with_huge_pages(given);
        return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "samenloop: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}

int main(int argc, char **argv)
{
    /* take_db_option rewrites argv in place */
    char **given = sl_calloc((size_t)argc + 1, sizeof *given);
    if (!given) {
        fprintf(stderr, "samenloop: onvoldoende geheugen\n");
        return 1;
    }
    memcpy(given, argv, (size_t)argc * sizeof *argv);
    int rc = dispatch(argc, argv, given);
    sl_free(given);
    return rc;
}
