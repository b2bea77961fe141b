/*
 * cmd_regels.c - the rule tables from the command line (issue 17), the data
 * steward's scripted path to what the beheerder does in the browser, through
 * the same service (service/regels.h):
 *   samenloop regels list    --soort matrix|signaal|termijn --by NAME
 *   samenloop regels show    --soort matrix|signaal|termijn --versie N --by NAME
 *   samenloop regels preview --soort matrix|signaal|termijn --file CONCEPT.json --by NAME
 *   samenloop regels publish --soort matrix|signaal|termijn --file CONCEPT.json --versie N
 *                            --reden TEXT --by NAME
 * Answers are JSON on stdout, as the API gives them. A bad draft prints every
 * fault on stderr, one "veld: reden" a line, and exits 2.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/alloc.h"
#include "service/accounts.h"
#include "service/regels.h"

typedef struct regels_opts {
    const char *soort, *file, *reden, *by;
    long versie;
} regels_opts;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop regels list    --soort matrix|signaal|termijn --by NAME\n"
            "       samenloop regels show    --soort matrix|signaal|termijn --versie N --by NAME\n"
            "       samenloop regels preview --soort matrix|signaal|termijn --file CONCEPT.json --by NAME\n"
            "       samenloop regels publish --soort matrix|signaal|termijn --file CONCEPT.json\n"
            "                                --versie N --reden TEXT --by NAME\n\n"
            "The rule tables a beheerder changes without SQL (docs/operations.md, \"Changing\n"
            "the rules\"). list: every version with who published it, when and why; show: one\n"
            "version's table; preview: what the draft would change in the register, writing\n"
            "nothing; publish: the draft as the new version in force, re-judging the register\n"
            "with it (every classification; the open signals whose condition no longer\n"
            "holds are closed). CONCEPT.json holds the whole table as the API takes it (show\n"
            "gives one to start from): for the matrix {\"cellen\":[{\"stap\",\"fase\",\n"
            "\"groep\"},...]}, for the signal rules {\"regels\":[{\"regel\",\"variant\",\n"
            "\"trigger\",\"conditie\",\"aan\",\"termijnDagen\",\"parameterDagen\",\n"
            "\"tekst\"},...]}, for the term table {\"definities\":[{\"soort\",\"lengte\",\n"
            "\"eenheid\",...},...]} as POST /api/v1/termijndefinities takes them.\n"
            "--versie for publish is the version in force the draft was made from, so that a\n"
            "version published meanwhile is not overwritten. --by names an active beheerder.\n");
}

static bool parse_opts(int argc, char **argv, regels_opts *o)
{
    static const struct option opts[] = {
        {"soort", required_argument, NULL, 's'}, {"file", required_argument, NULL, 'f'},
        {"reden", required_argument, NULL, 'r'}, {"by", required_argument, NULL, 'b'},
        {"versie", required_argument, NULL, 'v'}, {NULL, 0, NULL, 0},
    };
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        switch (opt) {
        case 's': o->soort = optarg; break;
        case 'f': o->file = optarg; break;
        case 'r': o->reden = optarg; break;
        case 'b': o->by = optarg; break;
        case 'v':
            o->versie = strtol(optarg, &end, 10);
            if (*end || o->versie < 1 || o->versie > INT32_MAX) {
                fprintf(stderr, "samenloop regels: --versie '%s': a version number\n", optarg);
                return false;
            }
            break;
        default: return false;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "samenloop regels: unexpected argument '%s'\n", argv[optind]);
        return false;
    }
    return true;
}

static bool print_json(json_t *o)
{
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!text)
        return false;
    puts(text);
    sl_free(text);
    return true;
}

/* The outcome as the CLI's exit code, every field error on stderr. */
static int finish(const char *cmd, sl_outcome rc, const char *err, json_t *errors)
{
    if (rc == SL_OK)
        return 0;
    fprintf(stderr, "samenloop regels %s: %s\n", cmd, err);
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e)
        fprintf(stderr, "  %s: %s\n", json_string_value(json_object_get(e, "veld")),
                json_string_value(json_object_get(e, "reden")));
    json_decref(errors);
    return rc == SL_INVALID ? 2 : 1;
}

static json_t *load_concept(const char *file)
{
    json_error_t jerr;
    json_t *doc = file ? json_load_file(file, 0, &jerr) : NULL;
    if (!json_is_object(doc)) {
        fprintf(stderr, "samenloop regels: --file %s: geen JSON-object (%s)\n",
                file ? file : "(ontbreekt)", file ? jerr.text : "geef --file CONCEPT.json");
        json_decref(doc);
        return NULL;
    }
    return doc;
}

static int run(sl_store *st, const char *cmd, const sl_actor *by, sl_regelsoort soort,
               const regels_opts *o, json_t *concept)
{
    char err[256] = "";
    json_t *out = NULL, *errors = NULL;
    sl_outcome rc;
    if (strcmp(cmd, "list") == 0) {
        int32_t actueel;
        rc = sl_regels_versies(st, by, soort, &out, &actueel, err, sizeof err);
    } else if (strcmp(cmd, "show") == 0) {
        rc = sl_regels_versie(st, by, soort, (int32_t)o->versie, &out, err, sizeof err);
    } else if (strcmp(cmd, "preview") == 0) {
        rc = sl_regels_voorvertoning(st, by, soort, concept, &out, &errors, err, sizeof err);
    } else {
        int32_t versie = 0;
        int64_t herberekend = 0;
        rc = sl_regels_publiceer(st, by, soort, (int32_t)o->versie, o->reden, concept, &versie,
                                 &herberekend, &errors, err, sizeof err);
        if (rc == SL_OK)
            out = json_pack("{s:s, s:i, s:I}", "soort", sl_regelsoort_name(soort), "versie",
                            (int)versie, "herberekend", (json_int_t)herberekend);
    }
    if (rc == SL_OK && !print_json(out)) {
        fprintf(stderr, "samenloop regels %s: onvoldoende geheugen\n", cmd);
        return 1;
    }
    return finish(cmd, rc, err, errors);
}

int cmd_regels(int argc, char **argv)
{
    static const char *const cmds[] = {"list", "show", "preview", "publish"};
    size_t c = 0;
    while (argc >= 2 && c < 4 && strcmp(argv[1], cmds[c]) != 0)
        c++;
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    regels_opts o = {0};
    sl_regelsoort soort;
    if (argc < 2 || c == 4 || !parse_opts(argc - 1, argv + 1, &o)) {
        usage(stderr);
        return 2;
    }
    if (!sl_regelsoort_parse(o.soort, &soort)) {
        fprintf(stderr, "samenloop regels: --soort '%s': expected matrix, signaal or termijn\n",
                o.soort ? o.soort : "");
        return 2;
    }
    if (c != 0 && c != 2 && o.versie < 1) {
        fprintf(stderr, "samenloop regels %s: --versie N is required\n", cmds[c]);
        return 2;
    }
    json_t *concept = NULL;
    if (c >= 2 && !(concept = load_concept(o.file)))
        return 2;
    sl_store *st = cli_open_store();
    int status = 1;
    sl_user u;
    sl_actor by;
    if (st && cli_actor_of(st, "samenloop regels", o.by, &u, &by)) {
        status = run(st, cmds[c], &by, soort, &o, concept);
        if (status == 0 && c == 3 && !cli_log_anchor(st, "samenloop regels publish"))
            status = 1;
    }
    json_decref(concept);
    if (st)
        sl_store_close(st);
    return status;
}
