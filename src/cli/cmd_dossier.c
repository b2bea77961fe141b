/*
 * cmd_dossier.c - `samenloop dossier`: the whole picture of one address, and
 * the changes people make to a combination dossier (coordinator, elements).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/bag.h"
#include "service/dossier.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop dossier show ID [--json]\n"
            "       samenloop dossier coordinator ID --name NAME --by NAME\n"
            "       samenloop dossier element ID ELEMENT STATUS [--date YYYY-MM-DD] --by NAME\n\n"
            "ID is the address's 16-digit nummeraanduiding id.\n"
            "show: both tracks, classification, buddy pair, coordination elements, signals\n"
            "and history of the address.\n"
            "coordinator: assign (or with --name \"\" remove) the dossier's coordinator: NAME\n"
            "is the login name of an active account of role coordinator.\n"
            "element: record one element of the coordination AMvB: ELEMENT is bezoekadres,\n"
            "gecoordineerde_afhandeling, coordinator, informatiedocument, totaalopname or\n"
            "herstel_met_versterking; STATUS is gevraagd, geregeld or afgewezen.\n");
}

static const char *text(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "-";
}

static void print_text(json_t *d)
{
    json_t *a = json_object_get(d, "adres");
    printf("Adres %s: %s %lld%s%s, %s %s (gemeente %s)%s\n", text(a, "nummeraanduiding_id"),
           text(a, "straat"), (long long)json_integer_value(json_object_get(a, "huisnummer")),
           json_is_string(json_object_get(a, "huisletter")) ? text(a, "huisletter") : "",
           json_is_string(json_object_get(a, "toevoeging")) ? text(a, "toevoeging") : "",
           text(a, "postcode"), text(a, "woonplaats"), text(a, "gemeentecode"),
           json_is_true(json_object_get(a, "afwezig")) ? " [afwezig in laatste levering]" : "");
    json_t *k = json_object_get(d, "classificatie");
    if (json_is_object(k))
        printf("Potentieel: %s%s%s\n", text(k, "potentieel"),
               json_is_string(json_object_get(k, "groep")) ? ", groep " : "",
               json_is_string(json_object_get(k, "groep")) ? text(k, "groep") : "");
    json_t *t = json_object_get(d, "traject");
    if (json_is_object(t))
        printf("NCG traject %s: stap %s sinds %s, bewonersbegeleider %s\n", text(t, "ncg_id"),
               text(t, "stap"), text(t, "stap_sinds"), text(t, "bewonersbegeleider"));
    else
        printf("NCG: geen traject\n");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(d, "schades"), i, v)
        printf("IMG schade %s: %s, fase %s sinds %s, zaakbegeleider %s%s\n", text(v, "img_id"),
               text(v, "regeling"), text(v, "fase"), text(v, "fase_sinds"),
               text(v, "zaakbegeleider"), json_is_true(json_object_get(v, "afwezig")) ? " [afwezig]" : "");
    json_t *c = json_object_get(d, "combinatiedossier");
    if (json_is_object(c))
        printf("Combinatiedossier%s: buddy's %s (IMG) en %s (NCG), coördinator %s, versie %lld\n",
               json_is_true(json_object_get(c, "actueel")) ? "" : " (niet meer actueel)",
               text(c, "zaakbegeleider"), text(c, "bewonersbegeleider"), text(c, "coordinator"),
               (long long)json_integer_value(json_object_get(c, "versie")));
    json_array_foreach(json_object_get(d, "elementen"), i, v)
        printf("Element %s: %s\n", text(v, "element"), text(v, "status"));
    json_array_foreach(json_object_get(d, "signalen"), i, v)
        printf("Signaal %lld (regel %lld, %s, vervalt %s): %s\n",
               (long long)json_integer_value(json_object_get(v, "id")),
               (long long)json_integer_value(json_object_get(v, "regel")), text(v, "status"),
               text(v, "vervalt_op"), text(v, "tekst"));
    json_array_foreach(json_object_get(d, "historie"), i, v)
        printf("Historie %s %s %s: %s -> %s (%s)\n", text(v, "onderwerp"), text(v, "sleutel"),
               text(v, "veld"), text(v, "van"), text(v, "naar"), text(v, "vastgelegd_op"));
}

static int show(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    bool as_json = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'j')
            as_json = true;
        else if (opt == 'h') {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    int64_t id;
    if (optind != argc - 1) {
        fprintf(stderr, "samenloop dossier show: give one nummeraanduiding id\n");
        return 2;
    }
    if (!cli_address_arg("dossier show", "ID", argv[optind], &id))
        return 2;
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    json_t *d;
    bool found;
    int status = 0;
    if (!sl_dossier_json(st, id, &d, &found)) {
        fprintf(stderr, "samenloop dossier show: %s\n", sl_store_errmsg(st));
        status = 1;
    } else if (!found) {
        fprintf(stderr, "samenloop dossier show: adres %s staat niet in het register\n",
                argv[optind]);
        status = 1;
    } else {
        if (as_json) {
            json_dumpf(d, stdout, JSON_INDENT(2));
            fputc('\n', stdout);
        } else {
            print_text(d);
        }
        json_decref(d);
    }
    sl_store_close(st);
    return status;
}

static int change(int argc, char **argv, bool element)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'}, {"by", required_argument, NULL, 'b'},
        {"date", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *name = NULL, *by = NULL;
    sl_date datum = cli_today();
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char *why;
        switch (opt) {
        case 'n': name = optarg; break;
        case 'b': by = optarg; break;
        case 'd':
            if (!sl_date_parse(optarg, strlen(optarg), &datum, &why)) {
                fprintf(stderr, "samenloop dossier %s: --date: %s\n", argv[0], why);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    int want = element ? 3 : 1;
    if (argc - optind != want || !by || !*by || (!element && !name)) {
        fprintf(stderr, "samenloop dossier %s: see `samenloop dossier --help`\n", argv[0]);
        return 2;
    }
    int64_t id;
    if (!cli_address_arg("dossier", "ID", argv[optind], &id))
        return 2;
    sl_element el = 0;
    sl_element_status es = 0;
    if (element && (!sl_element_parse(argv[optind + 1], strlen(argv[optind + 1]), &el) ||
                    !sl_element_status_parse(argv[optind + 2], strlen(argv[optind + 2]), &es))) {
        fprintf(stderr, "samenloop dossier element: unknown element or status\n");
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    char err[512];
    /* the command line is the operator's: logged as the beheerder role */
    sl_actor actor = {.gebruiker = by, .viewer = {.role = SL_ROLE_BEHEERDER}};
    bool ok = element ? sl_dossier_set_element(st, id, el, es, datum, &actor, err, sizeof err)
                      : sl_dossier_set_coordinator(st, id, name, &actor, err, sizeof err);
    if (!ok)
        fprintf(stderr, "samenloop dossier %s: %s\n", argv[0], err);
    sl_store_close(st);
    return ok ? 0 : 1;
}

int cmd_dossier(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "show") == 0)
        return show(argc - 1, argv + 1);
    if (strcmp(argv[1], "coordinator") == 0)
        return change(argc - 1, argv + 1, false);
    if (strcmp(argv[1], "element") == 0)
        return change(argc - 1, argv + 1, true);
    fprintf(stderr, "samenloop dossier: unknown subcommand '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
