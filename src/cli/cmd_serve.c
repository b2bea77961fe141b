/*
 * cmd_serve.c - `samenloop serve`: configuration from file, environment and
 * flags (in that order of precedence, flags last), then the HTTP server.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "http/api.h"
#include "http/server.h"
#include "service/log.h"
#include "service/logboek_anker.h"

/*
 * Without a configured web_root the built web UI is served from beside the
 * binary (decision 165): the install's data directory (bin/../share/samenloop/web)
 * or, in a build tree, build/samenloop's ../web/dist. The first that holds an
 * index.html wins; none leaves web_root empty (no UI, the API only).
 */
static void default_web_root(sl_config *cfg)
{
    static const char *const beside[] = {"../share/samenloop/web", "../web/dist"};
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (cfg->web_root[0] || n <= 0)
        return;
    exe[n] = '\0';
    const char *dir = dirname(exe);
    for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++) {
        char root[sizeof cfg->web_root], index[sizeof cfg->web_root + 16];
        int w = snprintf(root, sizeof root, "%s/%s", dir, beside[i]);
        if (w < 0 || (size_t)w >= sizeof root)
            continue;
        snprintf(index, sizeof index, "%s/index.html", root);
        if (access(index, R_OK) == 0) {
            char err[256];
            if (sl_config_set(cfg, "web_root", root, err, sizeof err))
                return;
        }
    }
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop serve [--config FILE] [--listen ADDR:PORT] [--threads N]\n"
            "                       [--set KEY=VALUE]... [--print-config] [--routes]\n\n"
            "Serves the JSON API under /api/v1 (and /healthz, /readyz, /metrics) until\n"
            "SIGTERM or SIGINT. Settings come from the file, then SAMENLOOP_<KEY> environment\n"
            "variables, then flags; --db applies as for every command. See\n"
            "samenloop.conf.example for every setting. Without web_root it serves the built\n"
            "web UI from share/samenloop/web or ../web/dist beside the binary, if there.\n"
            "Once listening it prints its address (http://ADDR:PORT) on standard output;\n"
            "with port 0 the system picks a free port.\n\n"
            "  --config FILE      read settings from FILE (key = value lines)\n"
            "  --listen ADDR:PORT where to listen (default 127.0.0.1:8080)\n"
            "  --threads N        worker threads (default 4)\n"
            "  --set KEY=VALUE    any other setting\n"
            "  --print-config     print the effective settings and exit\n"
            "  --routes           print every route (METHOD PATTERN) and exit\n");
}

static void emit(void *ctx, const char *line)
{
    (void)ctx;
    puts(line);
}

/*
 * The bound address goes to the log and, as one line, to standard output: with
 * --listen ADDR:0 the kernel picks the port and a launcher (the tests) reads it there
 * whatever the log level, instead of guessing a free port that another may take first.
 */
static void on_ready(const char *listen)
{
    sl_log(SL_LOG_INFO, "server", "listening on http://%s", listen);
    printf("http://%s\n", listen);
    fflush(stdout);
}

static void anchor_error(const char *msg)
{
    sl_log(SL_LOG_ERROR, "logboek", "anchor not written: %s", msg);
}

/*
 * Before serving: the newest anchor must still hold (decision 89). A look log
 * that is missing (opening the register makes it again, empty) or emptied, or a
 * register chain cut short, stops the start instead of being carried on from.
 */
static bool log_intact(const sl_config *cfg, const sl_log_key *key)
{
    sl_store *st;
    char err[600];
    if (!sl_store_open(cfg->db, &st, err, sizeof err)) {
        fprintf(stderr, "samenloop serve: %s\n", err);
        return false;
    }
    sl_anchor_check c;
    bool ok = sl_logboek_anchors_check(st, key, true, &c);
    if (!ok)
        fprintf(stderr, "samenloop serve: %s\n", sl_store_errmsg(st));
    else if (c.broken)
        fprintf(stderr,
                "samenloop serve: het verwerkingslogboek is niet compleet: %s.\n"
                "Zet het inzagelogboek (%s-inzage) of het register terug uit de back-up. Is het "
                "verloren, erken dat dan (het wordt in het logboek vastgelegd):\n"
                "  samenloop --db %s logboek verlies-erkennen --door NAAM --reden TEKST\n",
                c.reden, cfg->db, cfg->db);
    sl_store_close(st);
    return ok && !c.broken;
}

/* Checks the log, keeps its heads anchored while serving, and anchors them at the end. */
static int serve_anchored(const sl_config *cfg)
{
    sl_log_key key;
    char err[600];
    if (!sl_log_key_load(cfg->logboek_sleutel, &key, err, sizeof err)) {
        fprintf(stderr, "samenloop serve: %s\n", err);
        return 1;
    }
    sl_anchor_keeper *keeper = NULL;
    err[0] = '\0';
    if (!log_intact(cfg, &key) ||
        !sl_anchor_keeper_start(cfg->db, &key, cfg->logboek_anker_interval, anchor_error, &keeper,
                                err, sizeof err)) {
        if (!keeper && err[0])
            fprintf(stderr, "samenloop serve: %s\n", err);
        sl_log_key_wipe(&key);
        return 1;
    }
    sl_log_key_wipe(&key);
    int status = sl_server_run(cfg, sl_routes, on_ready);
    sl_anchor_keeper_stop(keeper);
    return status;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'}, {"set", required_argument, NULL, 's'},
        {"print-config", no_argument, NULL, 'p'}, {"routes", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    sl_config cfg;
    sl_config_defaults(&cfg);
    char err[600];
    /* first pass: the file, so that environment and flags can override it */
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'h') {
            usage(stdout);
            return 0;
        }
        if (opt == '?') {
            usage(stderr);
            return 2;
        }
        if (opt == 'c' && !sl_config_load_file(&cfg, optarg, err, sizeof err)) {
            fprintf(stderr, "samenloop serve: %s\n", err);
            return 2;
        }
    }
    if (!sl_config_load_env(&cfg, err, sizeof err)) {
        fprintf(stderr, "samenloop serve: %s\n", err);
        return 2;
    }
    if (!sl_config_set(&cfg, "db", cli_db_path(), err, sizeof err)) {
        fprintf(stderr, "samenloop serve: %s\n", err);
        return 2;
    }
    bool print = false, routes = false;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        bool ok = true;
        switch (opt) {
        case 'l': ok = sl_config_set(&cfg, "listen", optarg, err, sizeof err); break;
        case 't': ok = sl_config_set(&cfg, "threads", optarg, err, sizeof err); break;
        case 's': {
            char kv[600];
            snprintf(kv, sizeof kv, "%s", optarg);
            char *eq = strchr(kv, '=');
            if (!eq) {
                snprintf(err, sizeof err, "--set takes KEY=VALUE");
                ok = false;
                break;
            }
            *eq = '\0';
            ok = sl_config_set(&cfg, kv, eq + 1, err, sizeof err);
            break;
        }
        case 'p': print = true; break;
        case 'r': routes = true; break;
        default: break;
        }
        if (!ok) {
            fprintf(stderr, "samenloop serve: %s\n", err);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "samenloop serve: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    default_web_root(&cfg);
    if (routes) {
        for (const sl_route *r = sl_routes; r->method; r++)
            printf("%s %s\n", r->method, r->pattern);
        return 0;
    }
    if (print) {
        sl_config_print(&cfg, emit, NULL);
        return 0;
    }
    return serve_anchored(&cfg);
}
