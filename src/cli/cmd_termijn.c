/*
 * cmd_termijn.c - the deadline commands of the CLI contract (issue 13):
 *   samenloop termijn   - the last day of one term (pure, no register)
 *   samenloop dwangsom  - the Awb 4:17 penalty for one notice (pure)
 *   samenloop termijnen list - every term in the register on one day
 * Bad input exits 2 with a message naming the argument, and prints no result.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/alloc.h"
#include "core/calendar.h"
#include "core/dwangsom.h"
#include "service/termijnbeheer.h"
#include "service/termijnen.h"

#define MAX_EXTRA_DAYS 64

/* A date option (ISO or Dutch, as every CLI date: decision 112); says why on stderr. */
static bool date_arg(const char *cmd, const char *opt, const char *s, sl_date *out)
{
    const char *why;
    if (sl_date_parse(s, strlen(s), out, &why))
        return true;
    fprintf(stderr, "samenloop %s: %s '%s': %s\n", cmd, opt, s, why);
    return false;
}

/* Prints one JSON value and a newline; false (exit 1) when memory ran out. */
static bool print_json(const char *cmd, json_t *o)
{
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!text) {
        fprintf(stderr, "samenloop %s: onvoldoende geheugen\n", cmd);
        return false;
    }
    puts(text);
    sl_free(text);
    return true;
}

/* ---- termijn -------------------------------------------------------------- */

static void termijn_usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop termijn --event DATE --length N --unit days|weeks|months\n"
            "                         [--working-days] [--not-statutory] [--backwards]\n"
            "                         [--extra-day DATE]... [--json]\n\n"
            "The last day of a term of N units after the event: N days after an event end N\n"
            "days after the event's day; a month end that does not exist falls back to the\n"
            "month's last day. A statutory term (the default) is stretched by the Algemene\n"
            "termijnenwet: an end on a Saturday, Sunday or holiday runs to the next working\n"
            "day, and a term of 3 days or more holds at least 2 working days; not for terms\n"
            "over 90 days, 12 weeks or 3 months, nor counted backwards.\n\n"
            "  --working-days   count N working days (with --unit days only)\n"
            "  --not-statutory  no Algemene termijnenwet (a target, an agreement)\n"
            "  --backwards      N units before the event (never stretched)\n"
            "  --extra-day DATE a day equated with a holiday by decree (repeatable)\n"
            "  --json           {\"einde\":\"YYYY-MM-DD\", ...} on stdout\n");
}

static bool unit_arg(const char *s, sl_term_unit *out)
{
    static const struct { const char *name; sl_term_unit unit; } units[] = {
        {"days", SL_UNIT_DAYS}, {"weeks", SL_UNIT_WEEKS}, {"months", SL_UNIT_MONTHS}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(s, units[i].name) == 0) {
            *out = units[i].unit;
            return true;
        }
    fprintf(stderr, "samenloop termijn: --unit '%s': expected days, weeks or months\n", s);
    return false;
}

static bool length_arg(const char *s, int32_t *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < 0 || v > SL_TERM_MAX_DAYS) {
        fprintf(stderr, "samenloop termijn: --length '%s': expected a whole number from 0 to %d\n",
                s, SL_TERM_MAX_DAYS);
        return false;
    }
    *out = (int32_t)v;
    return true;
}

/* Adds an extra day keeping the list ascending and without repeats. */
static bool add_extra_day(sl_date *days, size_t *n, sl_date d)
{
    size_t i = 0;
    while (i < *n && days[i] < d)
        i++;
    if (i < *n && days[i] == d)
        return true;
    if (*n == MAX_EXTRA_DAYS) {
        fprintf(stderr, "samenloop termijn: --extra-day: at most %d days\n", MAX_EXTRA_DAYS);
        return false;
    }
    memmove(days + i + 1, days + i, (*n - i) * sizeof *days);
    days[i] = d;
    (*n)++;
    return true;
}

int cmd_termijn(int argc, char **argv)
{
    static const struct option opts[] = {
        {"event", required_argument, NULL, 'e'},  {"length", required_argument, NULL, 'l'},
        {"unit", required_argument, NULL, 'u'},   {"working-days", no_argument, NULL, 'w'},
        {"not-statutory", no_argument, NULL, 'n'}, {"backwards", no_argument, NULL, 'b'},
        {"extra-day", required_argument, NULL, 'x'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    sl_date event = SL_DATE_NONE, extra[MAX_EXTRA_DAYS], d;
    size_t n_extra = 0;
    int32_t length = -1;
    sl_term_unit unit = SL_UNIT_DAYS;
    bool have_unit = false, working = false, statutory = true, backwards = false, json = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'e': if (!date_arg("termijn", "--event", optarg, &event)) return 2; break;
        case 'l': if (!length_arg(optarg, &length)) return 2; break;
        case 'u': if (!unit_arg(optarg, &unit)) return 2; have_unit = true; break;
        case 'w': working = true; break;
        case 'n': statutory = false; break;
        case 'b': backwards = true; break;
        case 'x':
            if (!date_arg("termijn", "--extra-day", optarg, &d) ||
                !add_extra_day(extra, &n_extra, d))
                return 2;
            break;
        case 'j': json = true; break;
        case 'h': termijn_usage(stdout); return 0;
        default: termijn_usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "samenloop termijn: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    const char *missing = event == SL_DATE_NONE ? "--event" : length < 0 ? "--length"
                          : !have_unit          ? "--unit"
                                                : NULL;
    if (missing) {
        fprintf(stderr, "samenloop termijn: %s is required\n", missing);
        return 2;
    }
    if (working && unit != SL_UNIT_DAYS) {
        fprintf(stderr, "samenloop termijn: --working-days counts days: use --unit days\n");
        return 2;
    }
    if (working)
        unit = SL_UNIT_WORKING_DAYS;
    sl_calendar cal;
    sl_date plain, end;
    (void)sl_calendar_make(extra, n_extra, &cal); /* kept ascending above */
    if (!sl_calendar_add(&cal, event, length, unit, backwards, &plain) ||
        !sl_term_end(&cal, event, length, unit, statutory, backwards, &end)) {
        fprintf(stderr, "samenloop termijn: --length %d: too long for %s\n", (int)length,
                sl_term_unit_name(unit));
        return 2;
    }
    char e[11], p[11], ev[11];
    sl_date_format(end, e);
    sl_date_format(plain, p);
    sl_date_format(event, ev);
    if (!json) {
        printf("einde: %s%s\n", e, end != plain ? " (Algemene termijnenwet)" : "");
        return 0;
    }
    bool applies = statutory && sl_atw_applies(length, unit, statutory, backwards);
    json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:b, s:b, s:b, s:s, s:b}", "einde", e,
                          "gebeurtenis", ev, "lengte", (int)length, "eenheid",
                          sl_term_unit_name(unit), "wettelijk", statutory, "terugrekenen",
                          backwards, "termijnenwet_van_toepassing", applies,
                          "einde_zonder_termijnenwet", p, "verlengd", end != plain);
    return print_json("termijn", o) ? 0 : 1;
}

/* ---- dwangsom ------------------------------------------------------------- */

static void dwangsom_usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop dwangsom --received DATE (--decided DATE | --today DATE) [--json]\n\n"
            "The penalty of Awb art. 4:17 for a notice of default received on one day and a\n"
            "decision made on another (or, undecided, counted up to and including --today):\n"
            "the first penalty day is the 15th day after receipt and the decision day counts;\n"
            "EUR 23 a day for 14 days, EUR 35 for the next 14, EUR 45 after, at most 42 days\n"
            "(EUR 1,442). Weekends and holidays count like any day.\n\n"
            "  --json   {\"dagen\":N, \"bedrag\":EUR, ...} on stdout\n");
}

int cmd_dwangsom(int argc, char **argv)
{
    static const struct option opts[] = {
        {"received", required_argument, NULL, 'r'}, {"decided", required_argument, NULL, 'd'},
        {"today", required_argument, NULL, 't'},    {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    sl_date received = SL_DATE_NONE, decided = SL_DATE_NONE, today = SL_DATE_NONE;
    bool json = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'r': if (!date_arg("dwangsom", "--received", optarg, &received)) return 2; break;
        case 'd': if (!date_arg("dwangsom", "--decided", optarg, &decided)) return 2; break;
        case 't': if (!date_arg("dwangsom", "--today", optarg, &today)) return 2; break;
        case 'j': json = true; break;
        case 'h': dwangsom_usage(stdout); return 0;
        default: dwangsom_usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "samenloop dwangsom: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (received == SL_DATE_NONE || (decided == SL_DATE_NONE && today == SL_DATE_NONE)) {
        fprintf(stderr, "samenloop dwangsom: %s is required\n",
                received == SL_DATE_NONE ? "--received" : "--decided (or --today)");
        return 2;
    }
    if (decided != SL_DATE_NONE && decided < received) {
        fprintf(stderr, "samenloop dwangsom: --decided lies before --received: %s\n",
                "de beslissing ligt voor de ontvangst van de ingebrekestelling");
        return 2;
    }
    sl_dwangsom p;
    const char *why;
    if (!sl_dwangsom_bereken(received, decided, today, &p, &why)) {
        fprintf(stderr, "samenloop dwangsom: %s\n", why);
        return 2;
    }
    if (!json) {
        printf("dagen: %d\nbedrag: EUR %lld,%02lld\n", (int)p.dagen,
               (long long)(p.bedrag_centen / 100), (long long)(p.bedrag_centen % 100));
        return 0;
    }
    return print_json("dwangsom", sl_dwangsom_json(received, decided, &p)) ? 0 : 1;
}

/* ---- termijnen list ------------------------------------------------------- */

static void termijnen_usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop termijnen list [--today DATE] [--json]\n"
            "       samenloop termijnen publiceer --file DEFINITIES.json --by NAME\n\n"
            "Every term in the register as it stands on that day (default: today), with its\n"
            "start, last day and status (lopend, verstreken, gehaald, opgeschort). Today\n"
            "that is IMG's decision target of 182 days from ontvangen_op for every current\n"
            "claim (docs/glossary.md: termijn).\n\n"
            "  --json   {\"items\":[...], \"aantal\":N, ...} on stdout\n\n"
            "publiceer puts a new version of the term table in force: the file holds\n"
            "{\"omschrijving\", \"definities\":[...]} as POST /api/v1/termijndefinities takes.\n");
}

typedef struct list_out {
    bool json, first, oom;
} list_out;

static bool print_item_cb(void *ctx, const sl_termijn_item *it)
{
    list_out *lo = ctx;
    if (!lo->json) {
        char s[11], e[11];
        sl_date_format(it->start, s);
        sl_date_format(it->uitkomst.einde, e);
        printf("%-18s %-20s %s  %s  %s\n", it->def->soort, it->img_id ? it->img_id : it->ncg_id,
               s, e, sl_termijn_status_name(it->uitkomst.status));
        return true;
    }
    json_t *o = sl_termijn_item_json(it);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!text) {
        lo->oom = true;
        return false;
    }
    printf("%s%s", lo->first ? "" : ",", text);
    lo->first = false;
    sl_free(text);
    return true;
}

static int termijnen_list(int argc, char **argv)
{
    static const struct option opts[] = {
        {"today", required_argument, NULL, 't'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    sl_date today = cli_today();
    list_out lo = {.first = true};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 't': if (!date_arg("termijnen list", "--today", optarg, &today)) return 2; break;
        case 'j': lo.json = true; break;
        case 'h': termijnen_usage(stdout); return 0;
        default: termijnen_usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "samenloop termijnen list: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    char day[11];
    sl_date_format(today, day);
    if (lo.json)
        printf("{\"peildatum\":\"%s\",\"items\":[", day);
    sl_calendar cal = {0};
    sl_termijnen_telling tel;
    bool ok = sl_termijnen_list(st, &cal, today, print_item_cb, &lo, &tel);
    int status = 0;
    if (!ok) {
        /* the half-written JSON is closed so a reader fails on the status, not the syntax */
        if (lo.json)
            printf("]}\n");
        fprintf(stderr, "samenloop termijnen list: %s\n",
                lo.oom ? "onvoldoende geheugen" : sl_store_errmsg(st));
        status = 1;
    } else if (lo.json) {
        printf("],\"aantal\":%lld,\"per_status\":{\"lopend\":%lld,\"verstreken\":%lld,"
               "\"gehaald\":%lld,\"opgeschort\":%lld},\"zonder_startdatum\":%lld,"
               "\"regelversie\":%d}\n",
               (long long)tel.termijnen, (long long)tel.per_status[SL_TERMIJN_LOPEND],
               (long long)tel.per_status[SL_TERMIJN_VERSTREKEN],
               (long long)tel.per_status[SL_TERMIJN_GEHAALD],
               (long long)tel.per_status[SL_TERMIJN_OPGESCHORT],
               (long long)tel.zonder_startdatum, (int)tel.regelversie);
    } else {
        printf("termijnen: %lld (verstreken %lld, zonder startdatum %lld)\n",
               (long long)tel.termijnen, (long long)tel.per_status[SL_TERMIJN_VERSTREKEN],
               (long long)tel.zonder_startdatum);
    }
    sl_store_close(st);
    return status;
}

/* ---- termijnen publiceer ---------------------------------------------------- */

/*
 * A new version of the term table from a JSON file: the body of POST
 * /api/v1/termijndefinities ({"omschrijving", "definities":[...]}). The
 * operator acts as beheerder, named by --by in the processing log.
 */
static int termijnen_publiceer(int argc, char **argv)
{
    static const struct option opts[] = {
        {"file", required_argument, NULL, 'f'}, {"by", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    const char *file = NULL, *by = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'f': file = optarg; break;
        case 'b': by = optarg; break;
        case 'h': termijnen_usage(stdout); return 0;
        default: termijnen_usage(stderr); return 2;
        }
    }
    if (!file || !by || optind < argc) {
        fprintf(stderr, "samenloop termijnen publiceer: --file FILE and --by NAME are required\n");
        return 2;
    }
    json_error_t jerr;
    json_t *doc = json_load_file(file, 0, &jerr);
    if (!json_is_object(doc)) {
        fprintf(stderr, "samenloop termijnen publiceer: %s: geen JSON-object (%s)\n", file,
                jerr.text);
        json_decref(doc);
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st) {
        json_decref(doc);
        return 1;
    }
    sl_actor actor = {.gebruiker = by, .viewer = {.role = SL_ROLE_BEHEERDER}};
    char err[512] = "";
    int32_t versie = 0;
    sl_outcome rc = sl_termijnregels_publiceer(
        st, &actor, json_string_value(json_object_get(doc, "omschrijving")),
        json_object_get(doc, "definities"), &versie, err, sizeof err);
    json_decref(doc);
    sl_store_close(st);
    if (rc != SL_OK) {
        fprintf(stderr, "samenloop termijnen publiceer: %s\n", err);
        return rc == SL_ERROR ? 1 : 2;
    }
    printf("termijndefinities versie %d in werking\n", (int)versie);
    return 0;
}

int cmd_termijnen(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return termijnen_list(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "publiceer") == 0)
        return termijnen_publiceer(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        termijnen_usage(stdout);
        return 0;
    }
    termijnen_usage(stderr);
    return 2;
}
