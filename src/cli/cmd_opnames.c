/*
 * cmd_opnames.c - joint inspection planning from the register at the command
 * line (issue 14): `samenloop opnameverzoek add|list|show|withdraw`,
 * `samenloop capaciteit set|list`, and the register half of `samenloop plan`
 * (opnames --from/--to, lijst, toon, verplaats, bevestig). The rules are the
 * service's (service/opnames.h); the account named by --by acts.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "core/alloc.h"
#include "service/accounts.h"
#include "service/opnames.h"

bool cli_actor_of(sl_store *st, const char *cmd, const char *naam, sl_user *u, sl_actor *out)
{
    char err[256];
    bool found;
    if (!naam || !*naam) {
        fprintf(stderr, "%s: give the acting account with --by NAME\n", cmd);
        return false;
    }
    if (!sl_user_find(st, naam, u, &found, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", cmd, err);
        return false;
    }
    if (!found || !u->actief) {
        fprintf(stderr, "%s: no active account '%s'\n", cmd, naam);
        return false;
    }
    *out = (sl_actor){.gebruiker = u->naam, .trace_id = "cli",
                      .viewer = {.role = u->rol, .org = u->org, .adressen = u->adressen,
                                 .n_adressen = u->n_adressen, .account_id = u->id}};
    return true;
}

/* Options every subcommand here understands. */
typedef struct opts {
    const char *by, *adres, *gezamenlijk, *niet_beschikbaar, *weekdagen, *vroegst_img,
        *vroegst_ncg, *status, *org, *gemeente, *weekdag, *datum, *opnames, *from, *to, *img,
        *ncg;
    long long verzoek, versie;
    bool json, opslaan;
    const char *pos; /* the one positional argument (an id), or NULL */
} opts;

enum { O_BY = 256, O_ADRES, O_GEZ, O_NB, O_WD, O_VI, O_VN, O_STATUS, O_ORG, O_GEM, O_WEEKDAG,
       O_DATUM, O_OPNAMES, O_FROM, O_TO, O_IMG, O_NCG, O_VERZOEK, O_VERSIE, O_JSON, O_OPSLAAN,
       O_HELP };

static const struct option long_opts[] = {
    {"by", required_argument, NULL, O_BY},
    {"adres", required_argument, NULL, O_ADRES},
    {"gezamenlijk", required_argument, NULL, O_GEZ},
    {"niet-beschikbaar", required_argument, NULL, O_NB},
    {"weekdagen", required_argument, NULL, O_WD},
    {"vroegst-img", required_argument, NULL, O_VI},
    {"vroegst-ncg", required_argument, NULL, O_VN},
    {"status", required_argument, NULL, O_STATUS},
    {"org", required_argument, NULL, O_ORG},
    {"gemeente", required_argument, NULL, O_GEM},
    {"weekdag", required_argument, NULL, O_WEEKDAG},
    {"datum", required_argument, NULL, O_DATUM},
    {"opnames", required_argument, NULL, O_OPNAMES},
    {"from", required_argument, NULL, O_FROM},
    {"to", required_argument, NULL, O_TO},
    {"img", required_argument, NULL, O_IMG},
    {"ncg", required_argument, NULL, O_NCG},
    {"verzoek", required_argument, NULL, O_VERZOEK},
    {"versie", required_argument, NULL, O_VERSIE},
    {"json", no_argument, NULL, O_JSON},
    {"opslaan", no_argument, NULL, O_OPSLAAN},
    {"help", no_argument, NULL, O_HELP},
    {NULL, 0, NULL, 0},
};

/* 0 parsed, 1 --help, 2 wrong usage (said on stderr). argv[0] is the subcommand. */
static int parse(const char *cmd, int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->versie = -1;
    optind = 1;
    opterr = 1;
    int c;
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case O_BY: o->by = optarg; break;
        case O_ADRES: o->adres = optarg; break;
        case O_GEZ: o->gezamenlijk = optarg; break;
        case O_NB: o->niet_beschikbaar = optarg; break;
        case O_WD: o->weekdagen = optarg; break;
        case O_VI: o->vroegst_img = optarg; break;
        case O_VN: o->vroegst_ncg = optarg; break;
        case O_STATUS: o->status = optarg; break;
        case O_ORG: o->org = optarg; break;
        case O_GEM: o->gemeente = optarg; break;
        case O_WEEKDAG: o->weekdag = optarg; break;
        case O_DATUM: o->datum = optarg; break;
        case O_OPNAMES: o->opnames = optarg; break;
        case O_FROM: o->from = optarg; break;
        case O_TO: o->to = optarg; break;
        case O_IMG: o->img = optarg; break;
        case O_NCG: o->ncg = optarg; break;
        case O_VERZOEK:
        case O_VERSIE: {
            long long v = strtoll(optarg, &end, 10);
            if (*end || v < 0) {
                fprintf(stderr, "%s: '%s' is not a number\n", cmd, optarg);
                return 2;
            }
            *(c == O_VERZOEK ? &o->verzoek : &o->versie) = v;
            break;
        }
        case O_JSON: o->json = true; break;
        case O_OPSLAAN: o->opslaan = true; break;
        case O_HELP: return 1;
        default: return 2;
        }
    }
    if (optind < argc)
        o->pos = argv[optind++];
    if (optind < argc) {
        fprintf(stderr, "%s: unexpected argument '%s'\n", cmd, argv[optind]);
        return 2;
    }
    return 0;
}

static bool id_arg(const char *cmd, const char *s, int64_t *id)
{
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || *end || v <= 0) {
        fprintf(stderr, "%s: give one id\n", cmd);
        return false;
    }
    *id = v;
    return true;
}

/* A comma-separated option as a JSON array of strings. */
static json_t *list_arg(const char *s)
{
    json_t *a = json_array();
    while (a && s && *s) {
        const char *end = strchr(s, ',');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        json_array_append_new(a, json_stringn(s, n));
        s = end ? end + 1 : NULL;
    }
    return a;
}

static void print_json(json_t *v)
{
    char *s = v ? json_dumps(v, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) : NULL;
    printf("%s\n", s ? s : "null");
    sl_free(s); /* jansson allocates through core/alloc.h */
}

/* The service's answer as an exit status: faults at their fields go to stderr. */
static int finish(const char *cmd, sl_outcome rc, sl_opn_result *res, bool wrote,
                  sl_store *st)
{
    int status = 0;
    if (rc == SL_OK) {
        print_json(res->data);
        if (wrote && !cli_log_anchor(st, cmd))
            status = 1;
    } else {
        fprintf(stderr, "%s: %s\n", cmd, res->detail);
        size_t i;
        json_t *f;
        json_array_foreach(res->fouten, i, f)
            fprintf(stderr, "  %s: %s\n", json_string_value(json_object_get(f, "veld")),
                    json_string_value(json_object_get(f, "reden")));
        status = rc == SL_INVALID ? 2 : 1;
    }
    sl_opn_result_free(res);
    return status;
}

static const sl_calendar no_extra_days = {0};

/* ---- samenloop opnameverzoek ---------------------------------------------------------- */

static void request_usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop opnameverzoek add --by NAME --adres ID [--gezamenlijk ja|nee]\n"
            "                                [--niet-beschikbaar D,D,...] [--weekdagen dinsdag,...]\n"
            "                                [--vroegst-img D] [--vroegst-ncg D]\n"
            "       samenloop opnameverzoek list --by NAME [--status S]\n"
            "       samenloop opnameverzoek show ID --by NAME\n"
            "       samenloop opnameverzoek withdraw ID --by NAME [--versie N]\n\n"
            "A resident's request for a joint inspection (IMG and NCG on the same day or at\n"
            "most two days apart). Candidates: matrix group B or a totaalopname asked for.\n"
            "Dates YYYY-MM-DD. Exit status: 0 done, 1 refused or failed, 2 bad input.\n");
}

static json_t *request_body(const opts *o)
{
    json_t *b = json_object();
    json_object_set_new(b, "nummeraanduiding_id", json_string(o->adres ? o->adres : ""));
    bool gez = !o->gezamenlijk || strcmp(o->gezamenlijk, "ja") == 0;
    if (o->gezamenlijk && strcmp(o->gezamenlijk, "ja") != 0 && strcmp(o->gezamenlijk, "nee") != 0)
        json_object_set_new(b, "gezamenlijk", json_string(o->gezamenlijk)); /* the service says */
    else
        json_object_set_new(b, "gezamenlijk", json_boolean(gez));
    if (o->niet_beschikbaar)
        json_object_set_new(b, "niet_beschikbaar", list_arg(o->niet_beschikbaar));
    if (o->weekdagen)
        json_object_set_new(b, "voorkeur_weekdagen", list_arg(o->weekdagen));
    if (o->vroegst_img)
        json_object_set_new(b, "vroegst_img", json_string(o->vroegst_img));
    if (o->vroegst_ncg)
        json_object_set_new(b, "vroegst_ncg", json_string(o->vroegst_ncg));
    return b;
}

/* "CMD SUB [options]": the options in *o and -1, or the exit status once help or a
 * wrong option has been answered. */
static int sub_args(const char *cmd, int argc, char **argv, void (*usage)(FILE *), opts *o)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    int p = parse(cmd, argc - 1, argv + 1, o);
    if (p) {
        usage(p == 1 ? stdout : stderr);
        return p == 1 ? 0 : 2;
    }
    return -1;
}

int cmd_opnameverzoek(int argc, char **argv)
{
    static const char *const cmd = "samenloop opnameverzoek";
    opts o;
    int exit_now = sub_args(cmd, argc, argv, request_usage, &o);
    if (exit_now >= 0)
        return exit_now;
    const char *sub = argv[1];
    bool add = strcmp(sub, "add") == 0, list = strcmp(sub, "list") == 0;
    bool show = strcmp(sub, "show") == 0, withdraw = strcmp(sub, "withdraw") == 0;
    int64_t id = 0;
    if (!add && !list && !show && !withdraw) {
        fprintf(stderr, "%s: unknown subcommand '%s'\n", cmd, sub);
        request_usage(stderr);
        return 2;
    }
    if ((show || withdraw) && !id_arg(cmd, o.pos, &id))
        return 2;
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    sl_user u;
    sl_actor by;
    sl_opn_result res = {0};
    int status = 1;
    if (cli_actor_of(st, cmd, o.by, &u, &by)) {
        sl_opn_ctx c = {.by = &by, .now = (int64_t)time(NULL), .cal = &no_extra_days};
        sl_outcome rc;
        if (add) {
            json_t *b = request_body(&o);
            rc = sl_opnameverzoek_record(st, &c, b, &res);
            json_decref(b);
        } else if (list) {
            rc = sl_opnameverzoeken_list(st, &c, o.status, &res);
        } else if (show) {
            rc = sl_opnameverzoek_show(st, &c, id, &res);
        } else {
            rc = sl_opnameverzoek_withdraw(st, &c, id, o.versie >= 0 ? o.versie : SL_VERSIE_ANY,
                                           &res);
        }
        status = finish(cmd, rc, &res, add || withdraw, st);
    }
    sl_store_close(st);
    return status;
}

/* ---- samenloop capaciteit -------------------------------------------------------------- */

static void capacity_usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop capaciteit set --by NAME --org IMG|NCG --gemeente CODE\n"
            "                                (--weekdag maandag|... | --datum YYYY-MM-DD)\n"
            "                                --opnames N\n"
            "       samenloop capaciteit list --by NAME [--gemeente CODE]\n\n"
            "Each body's inspections per day per municipality: a weekly rota (working days\n"
            "only) and exceptions per date (0: leave; on a day off: an extra day). The\n"
            "planner role edits it. Exit status: 0 done, 1 refused or failed, 2 bad input.\n");
}

int cmd_capaciteit(int argc, char **argv)
{
    static const char *const cmd = "samenloop capaciteit";
    opts o;
    int exit_now = sub_args(cmd, argc, argv, capacity_usage, &o);
    if (exit_now >= 0)
        return exit_now;
    const char *sub = argv[1];
    bool set = strcmp(sub, "set") == 0;
    if (!set && strcmp(sub, "list") != 0) {
        fprintf(stderr, "%s: unknown subcommand '%s'\n", cmd, sub);
        capacity_usage(stderr);
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    sl_user u;
    sl_actor by;
    sl_opn_result res = {0};
    int status = 1;
    if (cli_actor_of(st, cmd, o.by, &u, &by)) {
        sl_opn_ctx c = {.by = &by, .now = (int64_t)time(NULL), .cal = &no_extra_days};
        sl_outcome rc;
        if (set) {
            json_t *b = json_object();
            if (o.org)
                json_object_set_new(b, "org", json_string(o.org));
            if (o.gemeente)
                json_object_set_new(b, "gemeentecode", json_string(o.gemeente));
            if (o.weekdag)
                json_object_set_new(b, "weekdag", json_string(o.weekdag));
            if (o.datum)
                json_object_set_new(b, "datum", json_string(o.datum));
            char *end = NULL;
            long long n = o.opnames ? strtoll(o.opnames, &end, 10) : 0;
            json_object_set_new(b, "opnames", o.opnames && !*end ? json_integer(n)
                                              : json_string(o.opnames ? o.opnames : ""));
            rc = sl_capaciteit_set(st, &c, b, &res);
            json_decref(b);
        } else {
            rc = sl_capaciteit_list(st, &c, o.gemeente, &res);
        }
        status = finish(cmd, rc, &res, set, st);
    }
    sl_store_close(st);
    return status;
}

/* ---- samenloop plan (the register half) ------------------------------------------------- */

/* Planning without keeping the plan changes nothing: the operator may run it as planner. */
static const sl_actor operator_planner = {.gebruiker = "opdrachtregel", .trace_id = "cli",
                                          .viewer = {.role = SL_ROLE_PLANNER}};

static void print_plan_table(json_t *answer)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(answer, "gepland"), i, r)
        printf("%s  IMG %s  NCG %s\n",
               json_string_value(json_object_get(r, "nummeraanduiding_id")),
               json_string_value(json_object_get(r, "img")),
               json_string_value(json_object_get(r, "ncg")));
    json_array_foreach(json_object_get(answer, "niet_gepland"), i, r)
        printf("%s  niet gepland: %s\n",
               json_string_value(json_object_get(r, "nummeraanduiding_id")),
               json_string_value(json_object_get(r, "reden")));
    json_t *q = json_object_get(answer, "kwaliteit");
    printf("\n%lld van %lld verzoeken gepland.\n",
           (long long)json_integer_value(json_object_get(q, "gepland")),
           (long long)json_integer_value(json_object_get(q, "verzoeken")));
    json_t *plan = json_object_get(answer, "planning");
    if (plan)
        printf("Bewaard als planning %lld (concept).\n",
               (long long)json_integer_value(json_object_get(plan, "id")));
}

int cli_plan_register(int argc, char **argv, const char *sub)
{
    char cmd[64];
    snprintf(cmd, sizeof cmd, "samenloop plan %s", sub);
    opts o;
    int p = parse(cmd, argc, argv, &o);
    if (p)
        return p == 1 ? 0 : 2;
    bool make = strcmp(sub, "opnames") == 0, lijst = strcmp(sub, "lijst") == 0;
    bool toon = strcmp(sub, "toon") == 0, verplaats = strcmp(sub, "verplaats") == 0;
    bool bevestig = strcmp(sub, "bevestig") == 0;
    int64_t id = 0;
    if ((toon || verplaats || bevestig) && !id_arg(cmd, o.pos, &id))
        return 2;
    if (make && (!o.from || !o.to)) {
        fprintf(stderr, "%s: give --from and --to (YYYY-MM-DD)\n", cmd);
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    sl_user u;
    sl_actor by = operator_planner;
    int status = 1;
    bool writes = (make && o.opslaan) || verplaats || bevestig;
    if ((!o.by && !writes) || cli_actor_of(st, cmd, o.by, &u, &by)) {
        sl_opn_ctx c = {.by = &by, .now = (int64_t)time(NULL), .cal = &no_extra_days};
        sl_opn_result res = {0};
        sl_outcome rc;
        int64_t versie = o.versie >= 0 ? o.versie : SL_VERSIE_ANY;
        if (make) {
            rc = sl_planning_make(st, &c, o.from, o.to, o.opslaan, &res);
        } else if (lijst) {
            rc = sl_planningen_list(st, &c, &res);
        } else if (toon) {
            rc = sl_planning_show(st, &c, id, &res);
        } else if (verplaats) {
            json_t *b = json_pack("{s:I, s:s, s:s}", "opnameverzoek_id", (json_int_t)o.verzoek,
                                  "img", o.img ? o.img : "", "ncg", o.ncg ? o.ncg : "");
            rc = sl_planning_move(st, &c, id, versie, b, &res);
            json_decref(b);
        } else {
            rc = sl_planning_confirm(st, &c, id, versie, &res);
        }
        if (make && !o.json && rc == SL_OK) {
            print_plan_table(res.data);
            sl_opn_result_free(&res);
            status = o.opslaan && !cli_log_anchor(st, cmd) ? 1 : 0;
        } else {
            status = finish(cmd, rc, &res, writes, st);
        }
    }
    sl_store_close(st);
    return status;
}
