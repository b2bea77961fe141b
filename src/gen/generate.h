/*
 * generate.h - the deterministic generator of delivery files (`samenloop gen`).
 *
 * It writes the three periodic delivery files of SPEC §5 (bag_adressen.csv,
 * ncg_trajecten.csv, img_schades.csv) with realistic content calibrated on
 * SPEC §6, including "messy but valid" spellings and, on request, a share of
 * rows that are invalid in exactly one way. Alongside it computes the ground
 * truth: what a correct importer followed by `samenloop stats` must report.
 * That truth is computed here with its own plain code from the generated
 * records, deliberately not through src/core/classify.h, so that it is an
 * independent oracle for the importer and the classifier.
 *
 * Same options => byte-identical files, on any machine (own PRNG, no clock,
 * no locale). Memory use is constant: rows are streamed to disk.
 *
 * The register is one model over time: with the same seed and sizes, a later
 * peildatum delivers the same addresses, trajectories and claims (same ids,
 * same address) moved on, with new claims and a few records gone. The sizes
 * (ncg, others) are those on the base date, 2021-08-31 unless chosen: a
 * register drawn on another base date is the same register, every date in it
 * shifted by the distance between the two base dates (the demo dates it on
 * today, decision 232).
 *
 * Ownership: the caller owns the options struct and the truth struct; the
 * generator allocates nothing that outlives a call.
 */
#ifndef SL_GEN_GENERATE_H
#define SL_GEN_GENERATE_H

#include <stddef.h>
#include <stdint.h>

/* Upper bounds on the options (each file stays well below 2^31 rows). */
#define SL_GEN_MAX_ADDRESSES 50000000L
#define SL_GEN_MAX_INVALID 0.5

typedef struct sl_gen_opts {
    const char *out_dir; /* directory for the three files; created if missing */
    uint64_t seed;       /* default 1 */
    long ncg;            /* NCG addresses, each with one trajectory; default 2000 */
    long others;         /* non-NCG addresses with 1..5 claims; default 3000 */
    double invalid;      /* share of invalid rows per file, 0..0.5; default 0 */
    int peil_year;       /* peildatum (reference date); default 2021-08-31; a later
                            one ages the register of the base date */
    int peil_month;
    int peil_day;
    int basis_year;      /* the base date (default 2021-08-31): the calibrated state is
                            drawn on it, every date shifted by its distance from
                            2021-08-31, the records and rates the same */
    int basis_month;
    int basis_day;
} sl_gen_opts;

/* Row counts of one delivery file. rows = imported + rejected. */
typedef struct sl_gen_file_counts {
    long rows;     /* data rows, header excluded */
    long imported; /* valid rows a correct importer accepts */
    long rejected; /* invalid rows it must reject */
} sl_gen_file_counts;

/* Order of the steps in sl_gen_truth.matrix (the open NCG steps). */
enum { SL_GEN_STAP_1_2, SL_GEN_STAP_2_1, SL_GEN_STAP_3_1, SL_GEN_STAP_4_1,
       SL_GEN_STAP_4_2, SL_GEN_STAP_5_1, SL_GEN_STAP_5_2, SL_GEN_OPEN_STAPS };
/* Order of the open claim phases in sl_gen_truth.matrix. */
enum { SL_GEN_FASE_VOORBEREIDING, SL_GEN_FASE_OPNAME, SL_GEN_FASE_ZIENSWIJZE,
       SL_GEN_FASE_BESCHIKKING, SL_GEN_OPEN_FASES };
/* Order of sl_gen_truth.potentieel. */
enum { SL_GEN_POT_GEEN_SCHADEMELDING, SL_GEN_POT_MELDING_AFGEHANDELD,
       SL_GEN_POT_BEIDE_LOPEND, SL_GEN_POT_ALLEEN_SCHADE_LOPEND, SL_GEN_POTS };
/* Groups A..F in sl_gen_truth.groepen. */
#define SL_GEN_GROEPEN 6

/* The expected import report and statistics (what --expect writes). */
typedef struct sl_gen_truth {
    sl_gen_file_counts bag, ncg, img;
    long adressen;           /* imported addresses */
    long trajecten;          /* imported trajectories */
    long schades;            /* imported claims */
    long combinatiedossiers; /* NCG addresses with at least one claim */
    long potentieel[SL_GEN_POTS];                     /* over all NCG addresses */
    long matrix[SL_GEN_OPEN_STAPS][SL_GEN_OPEN_FASES]; /* beide_lopend only */
    long groepen[SL_GEN_GROEPEN];                     /* beide_lopend only */
} sl_gen_truth;

/* Fills *o with the defaults (seed 1, 2000 NCG, 3000 others, 0 invalid,
 * peildatum and base date 2021-08-31, out_dir NULL). */
void sl_gen_opts_default(sl_gen_opts *o);

/*
 * Checks the options; on a problem returns -1 with a message in err.
 * The peildatum and the base date must be real dates in 2000..2100.
 */
int sl_gen_opts_check(const sl_gen_opts *o, char *err, size_t errcap);

/*
 * Generates the three files into o->out_dir (creating it, and its parents,
 * when missing) and fills *truth. Each file is written to a temporary name
 * and renamed into place, so no half-written delivery survives a failure.
 * Returns 0, or -1 with a message naming the file and the reason in err.
 */
int sl_gen_run(const sl_gen_opts *o, sl_gen_truth *truth, char *err, size_t errcap);

/*
 * Writes *truth as the --expect JSON (keys sorted, indented by 2) to path,
 * via a temporary file and a rename. Returns 0, or -1 with a message in err.
 */
int sl_gen_expect_write(const sl_gen_truth *truth, const char *path, char *err,
                        size_t errcap);

#endif
