/*
 * cmd_accounts.c - `samenloop user` (add and list accounts) and
 * `samenloop token` (create, list and revoke API tokens).
 *
 * Passwords are only ever read from stdin (--password-stdin), never from the
 * command line where other users of the machine could see them; a created
 * token is printed once, alone on stdout, for scripts to capture.
 */
#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "core/bag.h"
#include "service/accounts.h"

/* The command line is the operator's own tool on the register's machine: its account
 * changes are logged as the beheerder role, named "opdrachtregel" (decision 90). */
static const sl_actor operator_actor = {.gebruiker = "opdrachtregel",
                                        .viewer = {.role = SL_ROLE_BEHEERDER}};

static void user_usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop user add --name NAME --role ROLE [--org IMG|NCG]\n"
            "                          [--gemeente CODE] [--adres ID]... [--weergavenaam TEXT]\n"
            "                          [--levert-adressen]\n"
            "                          --password-stdin\n"
            "       samenloop user list [--json]\n\n"
            "Accounts of the people who use samenloop. There is no default account: the\n"
            "first one (a beheerder) is added here.\n\n"
            "  --name NAME       login name: 1-64 of letters, digits and . _ @ -\n"
            "  --role ROLE       zaakbegeleider (org IMG), bewonersbegeleider (org NCG),\n"
            "                    svip (org IMG or NCG), coordinator, interventieteam, planner,\n"
            "                    gemeente (--gemeente), management, datasteward (org IMG or\n"
            "                    NCG: delivers that body's data only),\n"
            "                    bewoner (--adres), beheerder\n"
            "  --org IMG|NCG     the organisation the account works for\n"
            "  --gemeente CODE   the 4-digit municipality code (role gemeente only)\n"
            "  --adres ID        a 16-digit nummeraanduiding id (role bewoner; repeatable,\n"
            "                    at most %d)\n"
            "  --weergavenaam TEXT  the person's name as the deliveries spell it (\"H. Eemsens\"):\n"
            "                    signals addressed to that person are this account's own\n"
            "  --levert-adressen a datasteward the beheerder appoints to deliver BAG addresses\n"
            "  --password-stdin  read the password (%d-%d bytes) from the first line of stdin\n"
            "  --json            a JSON array of every account\n",
            SL_USER_ADDRESSES_MAX, SL_PASSWORD_MIN, SL_PASSWORD_MAX);
}

static void token_usage(FILE *out)
{
    fprintf(out,
            "usage: samenloop token create --user NAME [--omschrijving TEXT]\n"
            "       samenloop token list [--user NAME] [--json]\n"
            "       samenloop token revoke (--user NAME | --id ID | ID)\n\n"
            "Bearer tokens for machine clients of the HTTP API. A token acts as its user.\n"
            "`create` prints the token once, and nothing else; only a digest is stored.\n"
            "`revoke --user` revokes every token of that user.\n\n"
            "  --user NAME          the account the token belongs to\n"
            "  --omschrijving TEXT  what the token is for (at most %d bytes)\n"
            "  --id ID              one token, by the id `token list` shows\n"
            "  --json               a JSON array of the tokens\n",
            SL_OMSCHRIJVING_MAX);
}

/* UNIX seconds as ISO 8601 UTC; "" for 0 (never). */
static const char *iso(int64_t t, char buf[32])
{
    struct tm tm;
    time_t tt = (time_t)t;
    buf[0] = '\0';
    if (t && gmtime_r(&tt, &tm))
        strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/*
 * Reads the password from the first line of stdin, without its line ending.
 * Returns 0, or the exit code after printing why.
 */
static int read_password(char *buf, size_t cap)
{
    if (!fgets(buf, (int)cap, stdin)) {
        fprintf(stderr, "samenloop user add: geen wachtwoord op stdin\n");
        return 1;
    }
    size_t n = strlen(buf);
    if (n == cap - 1 && buf[n - 1] != '\n') {
        fprintf(stderr, "samenloop user add: wachtwoord te lang: hoogstens %d tekens\n",
                SL_PASSWORD_MAX);
        return 1;
    }
    if (n && buf[n - 1] == '\n')
        buf[--n] = '\0';
    if (n && buf[n - 1] == '\r')
        buf[--n] = '\0';
    if (n == 0) {
        fprintf(stderr, "samenloop user add: leeg wachtwoord op stdin\n");
        return 1;
    }
    return 0;
}

static int user_add(int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},     {"role", required_argument, NULL, 'r'},
        {"org", required_argument, NULL, 'o'},      {"gemeente", required_argument, NULL, 'g'},
        {"adres", required_argument, NULL, 'a'},    {"password-stdin", no_argument, NULL, 'p'},
        {"weergavenaam", required_argument, NULL, 'w'},
        {"levert-adressen", no_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    sl_account_new a = {0};
    int64_t adressen[SL_USER_ADDRESSES_MAX];
    bool have_role = false, pw_stdin = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'n': a.naam = optarg; break;
        case 'w': a.weergavenaam = optarg; break;
        case 'b': a.levert_adressen = true; break;
        case 'r':
            if (!sl_role_parse(optarg, strlen(optarg), &a.rol)) {
                fprintf(stderr, "samenloop user add: unknown role '%s'; one of:", optarg);
                for (int i = 0; i < SL_ROLE_COUNT; i++)
                    fprintf(stderr, " %s", sl_role_name((sl_role)i));
                fputc('\n', stderr);
                return 2;
            }
            have_role = true;
            break;
        case 'o':
            if (!*optarg || !sl_account_org_parse(optarg, strlen(optarg), &a.org)) {
                fprintf(stderr, "samenloop user add: --org is IMG or NCG\n");
                return 2;
            }
            break;
        case 'g': a.gemeentecode = optarg; break;
        case 'a': {
            if (a.n_adressen >= SL_USER_ADDRESSES_MAX) {
                fprintf(stderr, "samenloop user add: at most %d --adres\n",
                        SL_USER_ADDRESSES_MAX);
                return 2;
            }
            if (!cli_address_arg("user add", "--adres", optarg, &adressen[a.n_adressen]))
                return 2;
            a.n_adressen++;
            break;
        }
        case 'p': pw_stdin = true; break;
        case 'h': user_usage(stdout); return 0;
        default: user_usage(stderr); return 2;
        }
    }
    a.adressen = adressen;
    if (!cli_no_operands("user add", argc, argv))
        return 2;
    if (!a.naam || !have_role) {
        fprintf(stderr, "samenloop user add: --name and --role are required\n");
        return 2;
    }
    if (!pw_stdin) {
        fprintf(stderr, "samenloop user add: --password-stdin is required (a password is "
                        "never taken from the command line)\n");
        return 2;
    }
    char password[SL_PASSWORD_MAX + 3];
    int status = read_password(password, sizeof password);
    if (status) {
        sodium_memzero(password, sizeof password);
        return status;
    }
    sl_store *st = cli_open_store();
    if (!st) {
        sodium_memzero(password, sizeof password);
        return 1;
    }
    char err[512];
    int64_t id;
    if (sl_account_add_by(st, NULL, &a, password, (int64_t)time(NULL), &operator_actor, &id, err,
                          sizeof err) != SL_OK) {
        fprintf(stderr, "samenloop user add: %s\n", err);
        status = 1;
    } else {
        printf("gebruiker %s toegevoegd (id %lld, rol %s)\n", a.naam, (long long)id,
               sl_role_name(a.rol));
    }
    sodium_memzero(password, sizeof password);
    sl_store_close(st);
    return status;
}

static json_t *user_json(const sl_user *u)
{
    char t[32];
    json_t *adr = json_array();
    for (size_t i = 0; adr && i < u->n_adressen; i++) {
        char id[17];
        sl_bag_format(u->adressen[i], id);
        json_array_append_new(adr, json_string(id));
    }
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o*, s:b, s:b, s:s}", "id",
                     (json_int_t)u->id,
                     "naam", u->naam, "weergavenaam", u->weergavenaam, "rol",
                     sl_role_name(u->rol), "org",
                     sl_account_org_name(u->org), "gemeentecode", u->gemeentecode, "adressen",
                     adr, "levert_adressen", u->levert_adressen, "actief", u->actief,
                     "aangemaakt_op", iso(u->aangemaakt_op, t));
}

typedef struct list_ctx {
    json_t *arr; /* NULL: text */
    long n;
} list_ctx;

static bool user_cb(void *ctx, const sl_user *u)
{
    list_ctx *c = ctx;
    c->n++;
    if (c->arr) {
        json_t *o = user_json(u);
        return o && json_array_append_new(c->arr, o) == 0;
    }
    printf("%-24s %-18s %-3s %-4s %s", u->naam, sl_role_name(u->rol),
           sl_account_org_name(u->org), u->gemeentecode, u->actief ? "actief" : "inactief");
    for (size_t i = 0; i < u->n_adressen; i++) {
        char id[17];
        sl_bag_format(u->adressen[i], id);
        printf("%s%s", i ? "," : "  adres ", id);
    }
    if (u->weergavenaam[0])
        printf("  weergavenaam \"%s\"", u->weergavenaam);
    if (u->levert_adressen)
        printf("  levert BAG-adressen");
    putchar('\n');
    return true;
}

/* Parses `--json` as the only option; returns -1 to go on, else an exit code. */
static int json_only(int argc, char **argv, bool *as_json, void (*usage)(FILE *))
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'j': *as_json = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "samenloop: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    return -1;
}

static int user_list(int argc, char **argv)
{
    bool as_json = false;
    int r = json_only(argc, argv, &as_json, user_usage);
    if (r >= 0)
        return r;
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    list_ctx c = {0};
    char err[512];
    int status = 0;
    if (as_json && !(c.arr = json_array())) {
        fprintf(stderr, "samenloop user list: te weinig geheugen\n");
        status = 1;
    } else if (!sl_users_list(st, user_cb, &c, err, sizeof err)) {
        fprintf(stderr, "samenloop user list: %s\n", err);
        status = 1;
    }
    return cli_list_end(st, status, as_json, c.arr, c.n, "geen gebruikers");
}

int cmd_user(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        user_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "add") == 0)
        return user_add(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return user_list(argc - 1, argv + 1);
    fprintf(stderr, "samenloop user: unknown subcommand '%s'\n", argv[1]);
    user_usage(stderr);
    return 2;
}

/* ---- tokens ----------------------------------------------------------------- */

static int token_create(int argc, char **argv)
{
    static const struct option opts[] = {
        {"user", required_argument, NULL, 'u'}, {"omschrijving", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    const char *user = NULL, *omschrijving = "";
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'u': user = optarg; break;
        case 'o': omschrijving = optarg; break;
        case 'h': token_usage(stdout); return 0;
        default: token_usage(stderr); return 2;
        }
    }
    if (!cli_no_operands("token create", argc, argv))
        return 2;
    if (!user || !*user) {
        fprintf(stderr, "samenloop token create: --user NAME is required\n");
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    char token[SL_TOKEN_CAP], err[512];
    int status = 0;
    if (sl_token_create_by(st, user, omschrijving, (int64_t)time(NULL), &operator_actor, token,
                           NULL, err, sizeof err) != SL_OK) {
        fprintf(stderr, "samenloop token create: %s\n", err);
        status = 1;
    } else {
        printf("%s\n", token);
    }
    sodium_memzero(token, sizeof token);
    sl_store_close(st);
    return status;
}

typedef struct token_list_ctx {
    sl_store *st;
    json_t *arr; /* NULL: text */
    long n;
} token_list_ctx;

static bool token_cb(void *ctx, const sl_token_row *t)
{
    token_list_ctx *c = ctx;
    sl_user u;
    bool found;
    if (!sl_store_user_get_id(c->st, t->gebruiker_id, &u, &found))
        return false;
    const char *naam = found ? u.naam : "?";
    char a[32], r[32], l[32];
    c->n++;
    if (c->arr) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?}", "id", (json_int_t)t->id,
                              "gebruiker", naam, "omschrijving", t->omschrijving,
                              "aangemaakt_op", iso(t->aangemaakt_op, a), "ingetrokken_op",
                              t->ingetrokken_op ? iso(t->ingetrokken_op, r) : NULL,
                              "laatst_gebruikt_op",
                              t->laatst_gebruikt_op ? iso(t->laatst_gebruikt_op, l) : NULL);
        return o && json_array_append_new(c->arr, o) == 0;
    }
    printf("%6lld  %-24s %s  %-10s  %s\n", (long long)t->id, naam, iso(t->aangemaakt_op, a),
           t->ingetrokken_op ? "ingetrokken" : "geldig", t->omschrijving);
    return true;
}

static int token_list(int argc, char **argv)
{
    static const struct option opts[] = {
        {"user", required_argument, NULL, 'u'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    const char *user = NULL;
    bool as_json = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'u': user = optarg; break;
        case 'j': as_json = true; break;
        case 'h': token_usage(stdout); return 0;
        default: token_usage(stderr); return 2;
        }
    }
    if (!cli_no_operands("token list", argc, argv))
        return 2;
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    token_list_ctx c = {.st = st};
    char err[512];
    int status = 0;
    if (as_json && !(c.arr = json_array())) {
        fprintf(stderr, "samenloop token list: te weinig geheugen\n");
        status = 1;
    } else if (!sl_tokens_list(st, user, token_cb, &c, err, sizeof err)) {
        fprintf(stderr, "samenloop token list: %s\n", err);
        status = 1;
    }
    return cli_list_end(st, status, as_json, c.arr, c.n, "geen tokens");
}

static bool parse_id(const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v <= 0)
        return false;
    *out = v;
    return true;
}

static int token_revoke(int argc, char **argv)
{
    static const struct option opts[] = {
        {"user", required_argument, NULL, 'u'}, {"id", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    const char *user = NULL, *id_text = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'u': user = optarg; break;
        case 'i': id_text = optarg; break;
        case 'h': token_usage(stdout); return 0;
        default: token_usage(stderr); return 2;
        }
    }
    if (optind == argc - 1 && !id_text)
        id_text = argv[optind++];
    if (!cli_no_operands("token revoke", argc, argv))
        return 2;
    if (!user == !id_text) {
        fprintf(stderr, "samenloop token revoke: give either --user NAME or a token id\n");
        return 2;
    }
    int64_t id = 0;
    if (id_text && !parse_id(id_text, &id)) {
        fprintf(stderr, "samenloop token revoke: '%s' is not a token id\n", id_text);
        return 2;
    }
    sl_store *st = cli_open_store();
    if (!st)
        return 1;
    char err[512];
    int status = 0;
    int64_t now = (int64_t)time(NULL);
    if (user) {
        int64_t n;
        if (!sl_token_revoke_user(st, user, now, &operator_actor, &n, err, sizeof err)) {
            fprintf(stderr, "samenloop token revoke: %s\n", err);
            status = 1;
        } else {
            printf("%lld token(s) van %s ingetrokken\n", (long long)n, user);
        }
    } else {
        sl_outcome r = sl_token_revoke_by(st, id, now, &operator_actor, NULL, err, sizeof err);
        if (r != SL_OK) {
            fprintf(stderr, "samenloop token revoke: %s\n", err);
            status = 1;
        } else {
            printf("token %lld ingetrokken\n", (long long)id);
        }
    }
    sl_store_close(st);
    return status;
}

int cmd_token(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        token_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "create") == 0)
        return token_create(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return token_list(argc - 1, argv + 1);
    if (strcmp(argv[1], "revoke") == 0)
        return token_revoke(argc - 1, argv + 1);
    fprintf(stderr, "samenloop token: unknown subcommand '%s'\n", argv[1]);
    token_usage(stderr);
    return 2;
}
