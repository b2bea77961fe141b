/*
 * cmd_gen.c - `samenloop gen`: writes deterministic delivery files and,
 * optionally, the expected import report and statistics (src/gen).
 *
 * Exit codes: 0 done (or --help), 1 the files could not be written,
 * 2 a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "gen/generate.h"

static void usage(FILE *f)
{
    fputs("usage: samenloop gen --out DIR [options]\n"
          "\n"
          "Writes deterministic, realistic delivery files (SPEC §5) into DIR:\n"
          "  bag_adressen.csv, ncg_trajecten.csv, img_schades.csv\n"
          "\n"
          "Options:\n"
          "  -o, --out DIR            output directory (created when missing)\n"
          "  -s, --seed N             seed (default 1); the same options and seed\n"
          "                           give byte-identical files\n"
          "  -n, --ncg N              NCG addresses, each with a trajectory (default 2000)\n"
          "  -x, --others N           other addresses with IMG claims (default 3000)\n"
          "  -i, --invalid FRACTION   share of extra invalid rows per file, 0..0.5\n"
          "                           (default 0)\n"
          "  -p, --peildatum DATE     YYYY-MM-DD (default 2021-08-31); a later date\n"
          "                           gives the same register moved on (same ids,\n"
          "                           new claims, a few records gone)\n"
          "  -b, --basisdatum DATE    YYYY-MM-DD (default 2021-08-31): the day the\n"
          "                           register's calibrated state is drawn on; the\n"
          "                           same records with every date shifted with it.\n"
          "                           The peildatum defaults to it\n"
          "  -e, --expect FILE        write the expected import report and figures\n"
          "                           as JSON (an oracle for tests)\n"
          "  -h, --help               this text\n",
          f);
}

/* A whole number in [0, max]; false on anything else. */
static int parse_count(const char *s, long long max, long long *out)
{
    char *end;
    errno = 0;
    if (!s[0] || s[0] == '-' || s[0] == '+')
        return 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > (unsigned long long)max)
        return 0;
    *out = (long long)v;
    return 1;
}

static int parse_fraction(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0 && v <= SL_GEN_MAX_INVALID))
        return 0;
    *out = v;
    return 1;
}

/* YYYY-MM-DD; the calendar check is sl_gen_opts_check's. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return 1;
}

int cmd_gen(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"seed", required_argument, NULL, 's'},
        {"ncg", required_argument, NULL, 'n'},
        {"others", required_argument, NULL, 'x'},
        {"invalid", required_argument, NULL, 'i'},
        {"peildatum", required_argument, NULL, 'p'},
        {"basisdatum", required_argument, NULL, 'b'},
        {"expect", required_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    sl_gen_opts o;
    sl_gen_truth truth;
    const char *expect = NULL;
    char err[600];
    long long v;
    int c;
    int peil_given = 0;

    sl_gen_opts_default(&o);
    optind = 0; /* full re-initialisation (glibc): main may have used getopt */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:s:n:x:i:p:b:e:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o.out_dir = optarg; break;
        case 's':
            if (!parse_count(optarg, (long long)INT64_MAX, &v))
                goto bad_value;
            o.seed = (uint64_t)v;
            break;
        case 'n':
        case 'x':
            if (!parse_count(optarg, SL_GEN_MAX_ADDRESSES, &v))
                goto bad_value;
            if (c == 'n')
                o.ncg = (long)v;
            else
                o.others = (long)v;
            break;
        case 'i':
            if (!parse_fraction(optarg, &o.invalid))
                goto bad_value;
            break;
        case 'p':
            if (!parse_date(optarg, &o.peil_year, &o.peil_month, &o.peil_day))
                goto bad_value;
            peil_given = 1;
            break;
        case 'b':
            if (!parse_date(optarg, &o.basis_year, &o.basis_month, &o.basis_day))
                goto bad_value;
            break;
        case 'e': expect = optarg; break;
        case 'h': usage(stdout); return 0;
        case ':':
            fprintf(stderr, "samenloop gen: option %s needs a value\n", argv[optind - 1]);
            return 2;
        default:
            fprintf(stderr, "samenloop gen: unknown option %s\n", argv[optind - 1]);
            usage(stderr);
            return 2;
        }
        continue;
bad_value:
        fprintf(stderr, "samenloop gen: invalid value '%s' for %s\n", optarg,
                argv[optind - 1]);
        return 2;
    }
    if (optind < argc) {
        fprintf(stderr, "samenloop gen: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (!peil_given) { /* the register as it stands on its base date */
        o.peil_year = o.basis_year;
        o.peil_month = o.basis_month;
        o.peil_day = o.basis_day;
    }
    if (sl_gen_opts_check(&o, err, sizeof err) != 0) {
        fprintf(stderr, "samenloop gen: %s\n", err);
        return 2;
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (sl_gen_run(&o, &truth, err, sizeof err) != 0) {
        fprintf(stderr, "samenloop gen: %s\n", err);
        return 1;
    }
    if (expect && sl_gen_expect_write(&truth, expect, err, sizeof err) != 0) {
        fprintf(stderr, "samenloop gen: %s\n", err);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr,
            "gen: bag_adressen.csv %ld rijen (%ld ongeldig), ncg_trajecten.csv %ld (%ld), "
            "img_schades.csv %ld (%ld) in %s, %.2f s\n",
            truth.bag.rows, truth.bag.rejected, truth.ncg.rows, truth.ncg.rejected,
            truth.img.rows, truth.img.rejected, o.out_dir, secs);
    return 0;
}
