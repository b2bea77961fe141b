/*
 * generate.c - the deterministic delivery-file generator (see generate.h).
 *
 * CALIBRATION (SPEC §6 and the seeds; all shares are expectations, the exact
 * counts come out of the PRNG and are reported in the truth struct)
 *
 * Addresses
 *   - Municipality weights (relative): Groningen 0014: 30, Eemsdelta 1979: 20,
 *     Het Hogeland 1966: 15, Midden-Groningen 1952: 15, Oldambt 1895: 6,
 *     Westerkwartier 1969: 3, Veendam 0047: 3, Pekela 0765 and Stadskanaal
 *     0037: 1.5, Westerwolde 1950, Aa en Hunze 1680, Assen 0106, Tynaarlo
 *     1730: 1, Noordenveld 1699 and Midden-Drenthe 1731: 0.5. The NCG work
 *     stock lies around the Groningen field, so the five core municipalities
 *     carry about 90%.
 *   - Each municipality has its real towns (woonplaatsen) with their real PC4
 *     ranges and an approximate RD centre; addresses scatter +-2 km around it
 *     (clamped to x 200000-280000, y 540000-620000).
 *   - Addresses come in street blocks of 8-40: one PC6 postcode (letters from
 *     the set PostNL uses, never SA, SD or SS), one fictional street name,
 *     house numbers rising by 1 or 2 from 1..100. 4% of numbers get letter
 *     variants (12, 12A, 12B), 3% apartment toevoegingen (12-1 .. 12-4); the
 *     match key (postcode, number, letter+toevoeging) is unique by
 *     construction. Variants share a pand; 15% of numbers share the pand of
 *     the previous number (semi-detached). Building year per pand around a
 *     block era (1850-2015, weighted to 1920-1980). kern = "ja" with a
 *     per-municipality chance (Eemsdelta 95%, Midden-Groningen 70%, Het
 *     Hogeland 60%, Groningen 35%, Oldambt 10%, others ~0).
 *   - Ids: nummeraanduiding = issuer + "20" + 10-digit serial, verblijfsobject
 *     type "01", pand type "10"; serials are a bijective scramble of a counter,
 *     so unique and not sequential. Eemsdelta towns formerly in Appingedam,
 *     Delfzijl and Loppersum keep issuer 0003 / 0010 / 0024 for 80% of their
 *     addresses (gemeentecode is 1979 regardless).
 *
 * NCG (one trajectory per NCG address)
 *   - Potential (SPEC §4.1, August 2021): 66% no claim ever, 29% all claims
 *     closed, 5% an open claim. Of those with an open claim, 90% have an open
 *     trajectory (beide lopend), 10% a delivered / not-needed one (alleen
 *     schade lopend).
 *   - Step distribution (%) on the base date:
 *                  1.2 2.1 3.1 4.1 4.2 5.1 5.2 opgel. geen
 *       2021-08     14  12  14   9   6   5   8   10    22   (68% still open)
 *     A later peildatum moves each trajectory on (see "over time" below);
 *     NCG end 2024 for comparison: 3 4 6 7 6 6 8 21 39 (60% safe of 27,713,
 *     10,719 needing no work).
 *   - Risk profile: P50 30, P90 25, HRA 8, onbekend 37; batches 1467, 1581,
 *     1588 (the early, high-risk batches: 90% P90/HRA) 5/6/6, 3260 12, 3538
 *     13, typologie 38, herbeoordeling 20. Programme: regulier 92.5,
 *     Bouwimpuls 3.7 (~1,000 of 26,800), VBS 3.5, Koploper 0.25 (60 houses).
 *     bijzondere situatie 3%.
 *   - keuze_bewoner filled by step: none before 3.1, 2% at 3.1, 20% at 4.1,
 *     60% at 4.2, 90%+ from 5.1; NCG 75%, eigen regie 17%, afzien 8%.
 *     bewonersbegeleider empty for 50% at 1.2 and 15% at 2.1.
 *     aannemersovereenkomst for 5.1, 5.2 and 90% of opgeleverd.
 *
 * IMG
 *   - Claims per address 1..5 with weights 47/27/14/7/5 (mean 1.96).
 *   - Regeling: fysieke schade 78, waardedaling 7, immateriële schade 5,
 *     HEA 3, AOS 2, HIN 2, duurzaam herstel 2, mestkelder 1.
 *   - Open phases: voorbereiding 35, opname 30, zienswijze 20, beschikking
 *     15. An NCG address with an open claim has 1 open claim (or 2, 25% when
 *     it has 2+ claims); the "others" have their latest claim open in 20% of
 *     cases (and the one before too in 20% of those): IMG had handled most.
 *   - Dates: closed claims received from 2018-03-19 (start of TCMG) to 30
 *     days before the base date, lead time 30 + exponential(mean 130) days
 *     (median ~ 120-165); open claims received 1-540 days before the
 *     base date, later phases older. ontvangen_op < fase_sinds < peildatum.
 *
 * Over time (decision 132): the state above is drawn on the base date
 * 2021-08-31 (or an earlier peildatum). Another base date (--basisdatum,
 * decision 232) draws the same state on that day: the model still runs on
 * the 2021 calendar and every date written is shifted by the distance between
 * the two base dates (the peildatum the other way), so the records, their
 * rates and the seeds' figures stay the same. A later peildatum ages that same
 * register: every record has its own PRNG stream keyed by its id, and its life
 * from the base date is simulated and cut at the peildatum. Claims move phase
 * by phase (mean days 35 / 45 / 45 / 40 to afgehandeld, about the 163-day
 * median of SPEC §6); trajectories step by step (mean 300 / 200 / 250 / 300 /
 * 250 / 300 / 400 days for 1.2 .. 5.2; 60% leave 3.1 as "geen versterking");
 * new claims arrive at 0.3 a year on an address with claims before and 0.04 on
 * an NCG address without; new addresses (a first claim) at 0.4% and leaving
 * addresses (with their records) at 0.3% of the addresses a year. A record's
 * spelling comes from its own stream too, so an unchanged record is delivered
 * unchanged.
 *   - urgent 2%; aos = ja exactly for AOS claims, aos_gegrond for decided
 *     ones (60% ja); besluit_bedrag only for beschikking / afgehandeld: 8%
 *     zero (rejected), else log-normal around EUR 5,400 (1.9 bn / 350,000),
 *     immaterial damage EUR 1,500-5,000.
 *   - Staff names: a pool of 24 bewonersbegeleiders and 40 zaakbegeleiders,
 *     built from an initial and fictional surnames (no real person).
 *
 * Messy but valid (own PRNG stream, so it never changes the data): postcodes
 * `9712 AB`/`9712ab`, letter suffix in the huisnummer column (`12-a`, `12 A`,
 * `12a`), Dutch dates, decimal comma amounts and coordinates, boolean
 * spellings, padding spaces, needless quotes, 7% of trajectory/claim rows
 * without nummeraanduiding_id (matched by postcode + number), rare empty
 * optional fields, and in ncg_trajecten.csv a BOM, ';', CRLF line ends and an
 * extra unknown column `opmerking`.
 *
 * Invalid rows (--invalid f): after each valid row an accumulator adds
 * f/(1-f) and emits an invalid row each time it passes 1, so invalid rows
 * make up f of each file. They are extra rows with fresh ids (own id ranges
 * above any valid id), so they never shadow a valid record, and invalid
 * address rows use postcodes in 9001-9099 (no valid address there), so no
 * valid row can point at them. Kinds cycle per file (see *_KINDS below).
 */
#include "gen/generate.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "core/alloc.h"
#include "core/values.h"
#include "gen/csvout.h"
#include "gen/prng.h"

/* ---- calendar (own arithmetic; core/date is not used by the oracle) ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

static bool valid_ymd(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return false;
    int lim = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        lim = 29;
    return d <= lim;
}

/* ---- static tables ----------------------------------------------------- */

typedef struct muni {
    const char *code; /* gemeentecode as delivered */
    int code_num;     /* the same as a number (issuer prefix) */
    double weight;    /* share of addresses */
    double kern;      /* chance that a block is in the core area */
} muni;

static const muni MUNIS[] = {
    {"0014", 14, 30, 0.35},   {"1966", 1966, 15, 0.60}, {"1952", 1952, 15, 0.70},
    {"1979", 1979, 20, 0.95}, {"1895", 1895, 6, 0.10},  {"1969", 1969, 3, 0.02},
    {"0047", 47, 3, 0.05},    {"0765", 765, 1.5, 0.0},  {"0037", 37, 1.5, 0.0},
    {"1950", 1950, 1, 0.0},   {"1680", 1680, 1, 0.0},   {"0106", 106, 1, 0.0},
    {"1730", 1730, 1, 0.0},   {"1699", 1699, 0.5, 0.0}, {"1731", 1731, 0.5, 0.0},
};
#define NMUNI (sizeof MUNIS / sizeof MUNIS[0])

typedef struct place {
    const char *name; /* woonplaats */
    int muni;         /* index in MUNIS */
    int issuer;       /* old issuing municipality after a merger, 0 = none */
    int pc4_lo, pc4_hi;
    int x, y;         /* approximate RD centre */
    double weight;    /* share within the municipality */
} place;

static const place PLACES[] = {
    {"Groningen", 0, 0, 9711, 9747, 233500, 582000, 70},
    {"Haren", 0, 0, 9750, 9752, 235500, 576500, 10},
    {"Ten Boer", 0, 0, 9791, 9791, 243500, 588500, 8},
    {"Ten Post", 0, 0, 9792, 9792, 245500, 590000, 3},
    {"Thesinge", 0, 0, 9797, 9797, 239000, 588000, 3},
    {"Garmerwolde", 0, 0, 9798, 9798, 240000, 585000, 3},
    {"Glimmen", 0, 0, 9756, 9756, 236000, 574000, 3},
    {"Bedum", 1, 0, 9781, 9781, 236000, 591500, 18},
    {"Winsum", 1, 0, 9951, 9951, 224500, 595500, 15},
    {"Uithuizen", 1, 0, 9981, 9981, 240500, 606000, 15},
    {"Uithuizermeeden", 1, 0, 9982, 9982, 244000, 605500, 10},
    {"Warffum", 1, 0, 9989, 9989, 230000, 603500, 8},
    {"Leens", 1, 0, 9965, 9965, 218000, 598000, 6},
    {"Baflo", 1, 0, 9953, 9953, 227500, 598500, 5},
    {"Usquert", 1, 0, 9988, 9988, 234500, 604500, 5},
    {"Zoutkamp", 1, 0, 9974, 9974, 212500, 597000, 4},
    {"Kloosterburen", 1, 0, 9977, 9977, 219000, 603000, 3},
    {"Roodeschool", 1, 0, 9983, 9983, 246500, 607500, 3},
    {"Eenrum", 1, 0, 9967, 9967, 221500, 600000, 3},
    {"Hoogezand", 2, 0, 9601, 9603, 245000, 577000, 30},
    {"Sappemeer", 2, 0, 9611, 9613, 248000, 577500, 15},
    {"Slochteren", 2, 0, 9621, 9621, 249500, 584000, 8},
    {"Siddeburen", 2, 0, 9628, 9628, 255500, 583000, 8},
    {"Zuidbroek", 2, 0, 9636, 9636, 252500, 572500, 6},
    {"Muntendam", 2, 0, 9649, 9649, 253000, 569500, 6},
    {"Harkstede", 2, 0, 9617, 9617, 242500, 582000, 5},
    {"Noordbroek", 2, 0, 9635, 9635, 254500, 575000, 4},
    {"Schildwolde", 2, 0, 9629, 9629, 251500, 581000, 4},
    {"Kolham", 2, 0, 9615, 9615, 245000, 579500, 3},
    {"Delfzijl", 3, 10, 9930, 9934, 258000, 594500, 35},
    {"Appingedam", 3, 3, 9901, 9903, 253500, 594000, 25},
    {"Loppersum", 3, 24, 9919, 9919, 246000, 596000, 10},
    {"Farmsum", 3, 10, 9936, 9936, 259000, 592500, 6},
    {"Middelstum", 3, 24, 9991, 9991, 238500, 599500, 6},
    {"Stedum", 3, 24, 9921, 9921, 243000, 593000, 5},
    {"Zeerijp", 3, 24, 9914, 9914, 248500, 598000, 3},
    {"Bierum", 3, 10, 9906, 9906, 253000, 601500, 3},
    {"Termunterzijl", 3, 10, 9948, 9948, 265000, 590000, 3},
    {"Winschoten", 4, 0, 9671, 9675, 268500, 572000, 50},
    {"Scheemda", 4, 0, 9679, 9679, 261000, 577000, 15},
    {"Midwolda", 4, 0, 9681, 9681, 265500, 574500, 10},
    {"Finsterwolde", 4, 0, 9684, 9684, 272500, 577500, 5},
    {"Bad Nieuweschans", 4, 0, 9693, 9693, 278000, 573000, 4},
    {"Nieuw-Beerta", 4, 0, 9686, 9686, 272500, 572500, 3},
    {"Leek", 5, 0, 9351, 9351, 214500, 578500, 30},
    {"Zuidhorn", 5, 0, 9801, 9801, 220500, 586000, 25},
    {"Grootegast", 5, 0, 9861, 9861, 207500, 584500, 15},
    {"Marum", 5, 0, 9363, 9363, 207000, 574000, 15},
    {"Aduard", 5, 0, 9831, 9831, 226000, 586500, 15},
    {"Veendam", 6, 0, 9641, 9645, 254500, 566000, 75},
    {"Wildervank", 6, 0, 9648, 9648, 257000, 564000, 25},
    {"Oude Pekela", 7, 0, 9665, 9665, 262500, 565000, 60},
    {"Nieuwe Pekela", 7, 0, 9663, 9663, 259500, 562000, 40},
    {"Stadskanaal", 8, 0, 9501, 9503, 259000, 556000, 70},
    {"Musselkanaal", 8, 0, 9581, 9581, 264500, 548500, 30},
    {"Ter Apel", 9, 0, 9561, 9561, 268500, 543500, 40},
    {"Bellingwolde", 9, 0, 9695, 9695, 276500, 567000, 25},
    {"Vlagtwedde", 9, 0, 9541, 9541, 270000, 557500, 20},
    {"Sellingen", 9, 0, 9551, 9551, 272500, 550000, 15},
    {"Gieten", 10, 0, 9461, 9461, 245000, 557500, 30},
    {"Annen", 10, 0, 9468, 9468, 243000, 565000, 30},
    {"Rolde", 10, 0, 9451, 9451, 240000, 556000, 25},
    {"Gasselte", 10, 0, 9462, 9462, 249500, 553000, 15},
    {"Assen", 11, 0, 9401, 9408, 233500, 557500, 100},
    {"Zuidlaren", 12, 0, 9471, 9471, 241500, 570500, 40},
    {"Eelde", 12, 0, 9761, 9761, 234500, 573000, 35},
    {"Vries", 12, 0, 9481, 9481, 233500, 566500, 25},
    {"Roden", 13, 0, 9301, 9301, 218000, 571500, 60},
    {"Peize", 13, 0, 9321, 9321, 224500, 574000, 25},
    {"Norg", 13, 0, 9331, 9331, 222000, 561500, 15},
    {"Beilen", 14, 0, 9411, 9411, 231500, 542000, 50},
    {"Westerbork", 14, 0, 9431, 9431, 238000, 545500, 25},
    {"Smilde", 14, 0, 9422, 9422, 219500, 549500, 25},
};
#define NPLACE (sizeof PLACES / sizeof PLACES[0])

/* Fictional street names: a Groninger-sounding stem and a street kind. */
static const char *const STREET_STEM[] = {
    "Wierde", "Maar", "Kolk", "Esch", "Molenwierf", "Zwaluw", "Reiger", "Kievit",
    "Meeden", "Wadden", "Klei", "Tjalk", "Hooiland", "Gaast", "Hornster", "Rijpe",
    "Zijlvest", "Dollard", "Eemsmond", "Terpen", "Woldzoom", "Rietkraag", "Veenhof",
    "Borgwal", "Kwelder", "Slenk", "Pomp", "Kerkpad", "Schuttel", "Dijkgraaf",
};
static const char *const STREET_KIND[] = {
    "straat", "weg", "laan", "pad", "dijk", "hof", "kade", "wijk", "singel", "dreef",
    "plein", "akker",
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Fictional surnames for staff (stems + endings that name nobody in particular). */
static const char *const NAME_STEM[] = {
    "Wierd", "Kolk", "Eems", "Borg", "Terp", "Maar", "Klei", "Riet", "Gaast", "Tjalk",
    "Hooi", "Meed", "Slenk", "Kwel", "Zijl", "Wold",
};
static const char *const NAME_END[] = {"sma", "stra", "inga", "ema", "huis", "ker", "ens", "ring"};
static const char *const NAME_TUSSEN[] = {"de ", "van ", "van der ", "ter "};
static const char NAME_INITIALS[] = "ABCDEFGHIJKLMNPRSTWY";

/* Postcode letters: the set PostNL uses (no F, I, O, Q, U, Y); SA, SD, SS are
 * never issued. 20*20 - 3 = 397 pairs, a prime, so k*151 mod 397 permutes. */
static const char PC_LETTERS[] = "ABCDEGHJKLMNPRSTVWXZ";
#define NPAIRS 397

/* Steps, phases and their canonical spellings. */
enum { STAP_1_2, STAP_2_1, STAP_3_1, STAP_4_1, STAP_4_2, STAP_5_1, STAP_5_2,
       STAP_OPGELEVERD, STAP_GEEN, NSTAP };
static const char *const STAP_NAME[NSTAP] = {"1.2", "2.1", "3.1", "4.1", "4.2", "5.1",
                                             "5.2", "opgeleverd", "geen versterking"};
static const double STAP_W2021[NSTAP] = {14, 12, 14, 9, 6, 5, 8, 10, 22};

enum { FASE_VOORB, FASE_OPNAME, FASE_ZIENSWIJZE, FASE_BESCHIKKING, FASE_AFGEHANDELD, NFASE };
static const char *const FASE_NAME[NFASE] = {"voorbereiding", "opname", "zienswijze",
                                             "beschikking", "afgehandeld"};
static const double OPEN_FASE_W[4] = {35, 30, 20, 15};

enum { REG_FYSIEK, REG_WAARDE, REG_IMMAT, REG_HEA, REG_AOS, REG_HIN, REG_DUURZAAM,
       REG_MEST, NREG };
static const char *const REG_NAME[NREG] = {"fysieke schade", "waardedaling",
                                           "immateriële schade", "HEA", "AOS", "HIN",
                                           "duurzaam herstel", "mestkelder"};
static const double REG_W[NREG] = {78, 7, 5, 3, 2, 2, 2, 1};

static const char *const RISICO_NAME[] = {"P50", "P90", "HRA", "onbekend"};
static const double RISICO_W[] = {30, 25, 8, 37};
static const double RISICO_EARLY_W[] = {10, 60, 30, 0};
static const char *const BATCH_NAME[] = {"1467", "1581", "1588", "3260", "3538",
                                         "typologie", "herbeoordeling"};
static const double BATCH_W[] = {5, 6, 6, 12, 13, 38, 20};
static const char *const PROG_NAME[] = {"regulier", "Bouwimpuls", "VBS", "Koploper"};
static const double PROG_W[] = {92.55, 3.7, 3.5, 0.25};
static const double KEUZE_FILL[NSTAP] = {0, 0, 0.02, 0.20, 0.60, 0.90, 0.95, 0.95, 0};
static const double KEUZE_W[] = {75, 17, 8};
static const char *const KEUZE_SPELL[3][2] = {
    {"ncg voert uit", "NCG"},
    {"eigen regie", "eigen_regie"},
    {"afzien met duurzaamheidsmaatregelen", "afzien"},
};
static const double NCLAIM_W[5] = {47, 27, 14, 7, 5};

/* Invalid row kinds per file, cycled in this order. */
enum { BAD_DATE, BAD_WORD, BAD_POSTCODE_SA, BAD_ID15, BAD_ID_TYPE, BAD_HUISNR0,
       BAD_EMPTY_ID, BAD_UNKNOWN_ADDR, BAD_NFIELDS, BAD_BOUWJAAR, BAD_BOOL, BAD_AMOUNT };
static const int BAG_KINDS[] = {BAD_POSTCODE_SA, BAD_ID15, BAD_ID_TYPE, BAD_HUISNR0,
                                BAD_EMPTY_ID, BAD_NFIELDS, BAD_BOUWJAAR, BAD_BOOL};
static const int NCG_KINDS[] = {BAD_DATE, BAD_WORD, BAD_POSTCODE_SA, BAD_ID15, BAD_ID_TYPE,
                                BAD_HUISNR0, BAD_EMPTY_ID, BAD_UNKNOWN_ADDR, BAD_NFIELDS,
                                BAD_BOOL};
static const int IMG_KINDS[] = {BAD_DATE, BAD_WORD, BAD_POSTCODE_SA, BAD_ID15, BAD_ID_TYPE,
                                BAD_HUISNR0, BAD_EMPTY_ID, BAD_UNKNOWN_ADDR, BAD_NFIELDS,
                                BAD_BOOL, BAD_AMOUNT};

/* Id spaces: valid records count up from 0, invalid rows from these bases, so
 * an invalid row never reuses a valid id. */
#define ID_BAD_BASE_ADDR UINT64_C(1000000000) /* of 9e9 BAG serials */
#define ID_BAD_BASE_NCG UINT64_C(50000000)    /* of 1e8 NCG ids */
#define ID_BAD_BASE_IMG UINT64_C(500000000)   /* of 1e9 IMG ids */

/* ---- records ------------------------------------------------------------ */

typedef struct gen_addr {
    int place;
    char postcode[7];
    char street[40];
    int nr;
    char letter;      /* 0 or 'A'.. */
    char toev[5];     /* "" or "1".."4" */
    int issuer;       /* issuing municipality code of the ids */
    uint64_t id;      /* serial index of nummeraanduiding and verblijfsobject */
    uint64_t pand;    /* serial index of the pand */
    int x, y;
    int bouwjaar;
    bool kern;
} gen_addr;

typedef struct gen_traj {
    uint64_t id;
    int stap;
    int32_t stap_sinds;
    int risico, batch, programma;
    bool bijzonder;
    int keuze;        /* -1 none, else index in KEUZE_W */
    int begeleider;   /* -1 none */
    int32_t aannemer; /* 0 = none */
} gen_traj;

typedef struct gen_claim {
    uint64_t id;
    int regeling, fase;
    int32_t fase_sinds, ontvangen;
    bool urgent;
    int gegrond;      /* -1 not (yet) judged, 0 nee, 1 ja */
    int zaakbeg;
    bool has_bedrag;
    int64_t cents;
} gen_claim;

/* The current street block that addresses are drawn from. */
typedef struct block {
    int left;         /* addresses still to give out */
    int place;
    char postcode[7];
    char street[40];
    int next_nr;
    int nr_offset;    /* +300 per exhausted round of a PC4's letter pairs */
    int era;          /* building era of the block */
    int cx, cy;       /* block centre */
    bool kern;
    int cur_nr;       /* number of the variant series in progress */
    int var_left;     /* variants still to give out for cur_nr */
    int var_kind;     /* 1 letters, 2 toevoegingen */
    int var_idx;
    uint64_t pand;
    int pand_year;
} block;

typedef struct gen {
    const sl_gen_opts *o;
    sl_gen_truth *t;
    sl_rng truth;     /* the data */
    sl_rng mess;      /* spelling of valid rows */
    sl_rng bad;       /* invalid rows */
    int32_t peil;     /* peildatum as a day number, on the 2021-08-31 calendar */
    int32_t shift;    /* days from 2021-08-31 to the chosen base date: added to every date written */
    int32_t base;     /* the register's base date: its state there is drawn, later ones aged */
    int32_t claims_from; /* earliest receipt date of a claim */
    double stap_w[NSTAP];
    double muni_w[NMUNI];
    double place_w[NPLACE]; /* zero outside the chosen municipality */
    char beg[24][40];
    char zb[40][40];
    block blk;
    uint64_t next_addr, next_pand, next_traj, next_claim;
    uint64_t bad_addr, bad_traj, bad_claim, bad_pc;
    double acc_bag, acc_ncg, acc_img; /* invalid-row accumulators */
    double bad_step;                  /* f / (1 - f) */
    long kind_bag, kind_ncg, kind_img;
    sl_csvout *w_bag, *w_ncg, *w_img;
    uint32_t pc4_used[10000]; /* PC6 codes handed out per PC4 */
} gen;

/* ---- small formatters (no printf on the hot path) ---------------------- */

/* A 16-digit BAG id: issuer, type, 10-digit serial from a scrambled index. */
static size_t fmt_bag(char *dst, int issuer, int type, uint64_t index, uint64_t salt)
{
    uint64_t scrambled = index * UINT64_C(2654435761) + salt * UINT64_C(1000003) +
                         UINT64_C(4711471147);
    uint64_t serial = UINT64_C(100000000) + scrambled % UINT64_C(9000000000);
    size_t n = sl_format_uint(dst, (uint64_t)issuer, 4);
    n += sl_format_uint(dst + n, (uint64_t)type, 2);
    n += sl_format_uint(dst + n, serial, 10);
    return n;
}

static size_t fmt_srcid(char *dst, const char *prefix, uint64_t index, uint64_t mod, int width)
{
    size_t n = strlen(prefix);
    memcpy(dst, prefix, n);
    return n + sl_format_uint(dst + n, (index * UINT64_C(2654435761) + UINT64_C(31415926)) % mod, width);
}

/* ISO 2021-08-31, Dutch 31-08-2021 or 31/08/2021. */
static size_t fmt_date(char *dst, int32_t day, int style)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    char sep = style == 2 ? '/' : '-';
    size_t n = 0;
    if (style == 0) {
        n += sl_format_uint(dst + n, (uint64_t)y, 4);
        dst[n++] = '-';
        n += sl_format_uint(dst + n, (uint64_t)m, 2);
        dst[n++] = '-';
        n += sl_format_uint(dst + n, (uint64_t)d, 2);
    } else {
        n += sl_format_uint(dst + n, (uint64_t)d, 2);
        dst[n++] = sep;
        n += sl_format_uint(dst + n, (uint64_t)m, 2);
        dst[n++] = sep;
        n += sl_format_uint(dst + n, (uint64_t)y, 4);
    }
    dst[n] = '\0';
    return n;
}

/* Amount in cents: style 0 `1234.56`, 1 `1234,56`, 2 `1.234,56`, 3 whole `1234`
 * (only used when the cents are zero). */
static size_t fmt_amount(char *dst, int64_t cents, int style)
{
    uint64_t euros = (uint64_t)(cents / 100), c = (uint64_t)(cents % 100);
    size_t n = 0;
    if (style == 2 && euros >= 1000) {
        n += sl_format_uint(dst, euros / 1000, 1);
        dst[n++] = '.';
        n += sl_format_uint(dst + n, euros % 1000, 3);
    } else {
        n += sl_format_uint(dst, euros, 1);
    }
    if (style == 3 && c == 0)
        return n;
    dst[n++] = style == 0 ? '.' : ',';
    n += sl_format_uint(dst + n, c, 2);
    return n;
}

/* ---- a row under construction ------------------------------------------ */

#define ROW_MAXF 20
typedef struct row {
    int n;
    const char *s[ROW_MAXF];
    size_t len[ROW_MAXF];
    unsigned deco[ROW_MAXF];
    char arena[1024];
    size_t used;
} row;

static void row_reset(row *r)
{
    r->n = 0;
    r->used = 0;
}

/* Adds a field that lives elsewhere (a static string). */
static void row_ref(row *r, const char *s, unsigned deco)
{
    r->s[r->n] = s;
    r->len[r->n] = strlen(s);
    r->deco[r->n] = deco;
    r->n++;
}

/* Space for a field to format into; finish with row_done(). */
static char *row_space(row *r)
{
    return r->arena + r->used;
}

static void row_done(row *r, size_t len, unsigned deco)
{
    r->s[r->n] = r->arena + r->used;
    r->len[r->n] = len;
    r->deco[r->n] = deco;
    r->n++;
    r->used += len + 1;
}

static void row_copy(row *r, const char *s, unsigned deco)
{
    size_t len = strlen(s);
    memcpy(row_space(r), s, len + 1);
    row_done(r, len, deco);
}

static void row_emit(sl_csvout *w, const row *r, int nfields)
{
    for (int i = 0; i < nfields; i++)
        sl_csvout_field(w, r->s[i], r->len[i], r->deco[i]);
    sl_csvout_end(w);
}

/* ---- messy spellings ---------------------------------------------------- */

/* Decoration for a text-like field: mostly plain, sometimes padded or quoted. */
static unsigned mess_deco(sl_rng *m)
{
    double u = sl_rng_unit(m);
    if (u < 0.03)
        return SL_CSV_PAD;
    if (u < 0.07)
        return SL_CSV_QUOTE;
    if (u < 0.08)
        return SL_CSV_QUOTE | SL_CSV_PAD;
    return SL_CSV_PLAIN;
}

static void put_bool(row *r, sl_rng *m, bool v)
{
    static const char *const SPELL[][2] = {
        {"nee", "ja"}, {"false", "true"}, {"0", "1"}, {"NEE", "JA"}, {"Nee", "Ja"},
    };
    static const double W[] = {60, 10, 15, 10, 5};
    size_t k = sl_rng_pick(m, W, NELEM(W));
    row_ref(r, SPELL[k][v ? 1 : 0], sl_rng_chance(m, 0.03) ? SL_CSV_PAD : SL_CSV_PLAIN);
}

/* A date of the model, on the chosen base date's calendar. */
static void put_date(const gen *g, row *r, sl_rng *m, int32_t d, double dutch)
{
    double u = sl_rng_unit(m);
    int style = u < dutch ? (sl_rng_chance(m, 0.1) ? 2 : 1) : 0;
    size_t n = fmt_date(row_space(r), d + g->shift, style);
    row_done(r, n, sl_rng_chance(m, 0.02) ? SL_CSV_PAD : SL_CSV_PLAIN);
}

static void put_postcode(row *r, sl_rng *m, const char *pc)
{
    char *p = row_space(r);
    double u = sl_rng_unit(m);
    bool space = u >= 0.85 && u < 0.92 ? true : u >= 0.96;
    bool lower = u >= 0.92;
    size_t n = 0;
    for (int i = 0; i < 4; i++)
        p[n++] = pc[i];
    if (space)
        p[n++] = ' ';
    for (int i = 4; i < 6; i++)
        p[n++] = lower ? (char)(pc[i] - 'A' + 'a') : pc[i];
    p[n] = '\0';
    row_done(r, n, sl_rng_chance(m, 0.03) ? SL_CSV_PAD : SL_CSV_PLAIN);
}

/* huisnummer, huisletter, toevoeging: a lone letter is sometimes written into
 * the number column (`12-a`, `12 A`, `12a`, `12A`) with the letter column empty. */
static void put_housenr(row *r, sl_rng *m, const gen_addr *a, int nr)
{
    char *p = row_space(r);
    size_t n = sl_format_uint(p, (uint64_t)nr, 1);
    bool in_nr = a->letter && !a->toev[0] && sl_rng_chance(m, 0.4);
    if (in_nr) {
        static const char *const SEP[] = {"-", " ", "", ""};
        int k = (int)sl_rng_below(m, 4);
        const char *sep = SEP[k];
        size_t sl = strlen(sep);
        memcpy(p + n, sep, sl);
        n += sl;
        p[n++] = (k == 1 || k == 3) ? a->letter : (char)(a->letter - 'A' + 'a');
        p[n] = '\0';
    }
    row_done(r, n, SL_CSV_PLAIN);
    if (a->letter && !in_nr) {
        char *q = row_space(r);
        q[0] = sl_rng_chance(m, 0.1) ? (char)(a->letter - 'A' + 'a') : a->letter;
        q[1] = '\0';
        row_done(r, 1, SL_CSV_PLAIN);
    } else {
        row_ref(r, "", SL_CSV_PLAIN);
    }
    row_copy(r, a->toev, SL_CSV_PLAIN);
}

static void put_name(row *r, sl_rng *m, const char *name)
{
    row_copy(r, name, name[0] ? mess_deco(m) : SL_CSV_PLAIN);
}

/* ---- address generation -------------------------------------------------- */

static void make_name(sl_rng *rng, char *dst, size_t cap)
{
    char ini = NAME_INITIALS[sl_rng_below(rng, sizeof NAME_INITIALS - 1)];
    const char *tus = "";
    if (sl_rng_chance(rng, 0.3))
        tus = NAME_TUSSEN[sl_rng_below(rng, NELEM(NAME_TUSSEN))];
    const char *stem = NAME_STEM[sl_rng_below(rng, NELEM(NAME_STEM))];
    const char *end = NAME_END[sl_rng_below(rng, NELEM(NAME_END))];
    snprintf(dst, cap, "%c. %s%s%s", ini, tus, stem, end);
}

static void new_block(gen *g)
{
    block *b = &g->blk;
    sl_rng *r = &g->truth;
    size_t mi = sl_rng_pick(r, g->muni_w, NMUNI);
    for (size_t i = 0; i < NPLACE; i++)
        g->place_w[i] = (size_t)PLACES[i].muni == mi ? PLACES[i].weight : 0;
    size_t pi = sl_rng_pick(r, g->place_w, NPLACE);
    const place *pl = &PLACES[pi];
    int pc4 = (int)sl_rng_range(r, pl->pc4_lo, pl->pc4_hi);
    unsigned k = g->pc4_used[pc4]++;
    unsigned pair = (k % NPAIRS) * 151 % NPAIRS;
    /* pair -> two letters, skipping SA, SD, SS */
    unsigned idx = 0;
    char l1 = 'A', l2 = 'A';
    for (unsigned i = 0; i < 400; i++) {
        l1 = PC_LETTERS[i / 20];
        l2 = PC_LETTERS[i % 20];
        if (l1 == 'S' && (l2 == 'A' || l2 == 'D' || l2 == 'S'))
            continue;
        if (idx++ == pair)
            break;
    }
    snprintf(b->postcode, sizeof b->postcode, "%04d%c%c", pc4, l1, l2);
    b->nr_offset = 300 * (int)(k / NPAIRS);
    snprintf(b->street, sizeof b->street, "%s%s",
             STREET_STEM[sl_rng_below(r, NELEM(STREET_STEM))],
             STREET_KIND[sl_rng_below(r, NELEM(STREET_KIND))]);
    b->place = (int)pi;
    b->left = (int)sl_rng_range(r, 8, 40);
    b->next_nr = (int)sl_rng_range(r, 1, 100);
    static const double ERA_W[] = {8, 12, 20, 25, 20, 15};
    static const int ERA_LO[] = {1850, 1900, 1920, 1945, 1965, 1985};
    static const int ERA_HI[] = {1899, 1919, 1944, 1964, 1984, 2015};
    size_t e = sl_rng_pick(r, ERA_W, NELEM(ERA_W));
    b->era = (int)sl_rng_range(r, ERA_LO[e], ERA_HI[e]);
    b->cx = pl->x + (int)sl_rng_range(r, -2000, 2000);
    b->cy = pl->y + (int)sl_rng_range(r, -2000, 2000);
    b->kern = sl_rng_chance(r, MUNIS[pl->muni].kern);
    b->var_left = 0;
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void next_address(gen *g, gen_addr *a)
{
    block *b = &g->blk;
    sl_rng *r = &g->truth;
    if (b->left <= 0)
        new_block(g);
    b->left--;
    a->letter = 0;
    a->toev[0] = '\0';
    if (b->var_left > 0) {
        b->var_left--;
        b->var_idx++;
        if (b->var_kind == 1)
            a->letter = (char)('A' + b->var_idx - 1);
        else
            sl_format_uint(a->toev, (uint64_t)b->var_idx, 1); /* 2..4 */
    } else {
        b->cur_nr = b->next_nr;
        b->next_nr += sl_rng_chance(r, 0.6) ? 1 : 2;
        double u = sl_rng_unit(r);
        if (u < 0.04) { /* 12, 12A, 12B(, 12C) */
            b->var_kind = 1;
            b->var_idx = 0;
            b->var_left = (int)sl_rng_range(r, 1, 3);
        } else if (u < 0.07) { /* 12-1 .. 12-k */
            b->var_kind = 2;
            b->var_idx = 1;
            b->var_left = (int)sl_rng_range(r, 1, 3);
            memcpy(a->toev, "1", 2);
        }
        if (b->pand == 0 || sl_rng_chance(r, 0.85)) {
            b->pand = ++g->next_pand;
            b->pand_year = clampi(b->era + (int)sl_rng_range(r, -8, 8), 1850, 2015);
        }
    }
    const place *pl = &PLACES[b->place];
    a->place = b->place;
    memcpy(a->postcode, b->postcode, sizeof a->postcode);
    memcpy(a->street, b->street, sizeof a->street);
    a->nr = b->cur_nr + b->nr_offset;
    a->id = g->next_addr++;
    a->pand = b->pand;
    a->issuer = MUNIS[pl->muni].code_num;
    if (pl->issuer && sl_rng_chance(r, 0.8))
        a->issuer = pl->issuer;
    a->x = clampi(b->cx + (int)sl_rng_range(r, -80, 80), 200000, 280000);
    a->y = clampi(b->cy + (int)sl_rng_range(r, -80, 80), 540000, 620000);
    a->bouwjaar = b->pand_year;
    a->kern = b->kern;
}

/* ---- trajectory and claim generation ------------------------------------ */

/* Kinds of NCG address by claim history (SPEC §4.1 shares). */
enum { CAT_GEEN, CAT_AFGEHANDELD, CAT_OPEN };

static void gen_traj_fields(gen *g, sl_rng *r, gen_traj *t, int cat)
{
    double w[NSTAP];
    memcpy(w, g->stap_w, sizeof w);
    if (cat == CAT_OPEN) {
        /* 90% of addresses with an open claim have an open trajectory */
        bool open = sl_rng_chance(r, 0.9);
        for (int i = 0; i < NSTAP; i++)
            if ((i <= STAP_5_2) != open)
                w[i] = 0;
    }
    t->stap = (int)sl_rng_pick(r, w, NSTAP);
    int back = t->stap <= STAP_5_2 ? (int)sl_rng_range(r, 1, 900) : (int)sl_rng_range(r, 1, 1500);
    t->stap_sinds = g->base - back;
    size_t bi = sl_rng_pick(r, BATCH_W, NELEM(BATCH_W));
    t->batch = (int)bi;
    t->risico = bi <= 2 ? (int)sl_rng_pick(r, RISICO_EARLY_W, 4) : (int)sl_rng_pick(r, RISICO_W, 4);
    t->programma = (int)sl_rng_pick(r, PROG_W, NELEM(PROG_W));
    t->bijzonder = sl_rng_chance(r, 0.03);
    t->keuze = sl_rng_chance(r, KEUZE_FILL[t->stap]) ? (int)sl_rng_pick(r, KEUZE_W, 3) : -1;
    double empty_beg = t->stap == STAP_1_2 ? 0.5 : t->stap == STAP_2_1 ? 0.15
                     : t->stap >= STAP_OPGELEVERD ? 0.3 : 0.0;
    t->begeleider = sl_rng_chance(r, empty_beg) ? -1 : (int)sl_rng_below(r, 24);
    t->aannemer = 0;
    if (t->stap == STAP_5_1)
        t->aannemer = t->stap_sinds + (int32_t)sl_rng_range(r, 0, back - 1);
    else if (t->stap == STAP_5_2 || (t->stap == STAP_OPGELEVERD && sl_rng_chance(r, 0.9)))
        t->aannemer = t->stap_sinds - (int32_t)sl_rng_range(r, 14, 400);
}

static int64_t draw_amount(sl_rng *r, int regeling)
{
    if (sl_rng_chance(r, 0.08))
        return 0;
    if (regeling == REG_IMMAT) {
        static const int64_t TIER[] = {150000, 250000, 350000, 500000};
        return TIER[sl_rng_below(r, 4)];
    }
    /* log-normal: median m, sigma s, via Box-Muller */
    double m = regeling == REG_WAARDE ? 7000 : regeling == REG_AOS ? 2500 : 4000;
    double u1 = 1.0 - sl_rng_unit(r), u2 = sl_rng_unit(r);
    double z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
    double e = m * exp(0.9 * z);
    if (e < 50)
        e = 50;
    if (e > 250000)
        e = 250000;
    return (int64_t)(e * 100.0) / 5 * 5; /* whole 5 cents */
}

/* One claim; `open` says whether it is still running. */
static void gen_claim_fields(gen *g, sl_rng *r, gen_claim *c, bool open)
{
    c->regeling = (int)sl_rng_pick(r, REG_W, NREG);
    if (open) {
        c->fase = (int)sl_rng_pick(r, OPEN_FASE_W, 4);
        static const int LO[] = {2, 20, 60, 90}, HI[] = {120, 240, 400, 540};
        int age = (int)sl_rng_range(r, LO[c->fase], HI[c->fase]);
        c->ontvangen = g->base - age;
        /* the phase began somewhere in the part of the claim's life that fits it */
        int lo = 1 + (age - 1) * c->fase / 5, hi = 1 + (age - 1) * (c->fase + 1) / 4;
        if (hi > age - 1)
            hi = age - 1;
        if (lo > hi)
            lo = hi;
        c->fase_sinds = c->ontvangen + (int32_t)sl_rng_range(r, lo, hi);
    } else {
        c->fase = FASE_AFGEHANDELD;
        int32_t last = g->base - 30;
        c->ontvangen = (int32_t)sl_rng_range(r, g->claims_from, last);
        double u = 1.0 - sl_rng_unit(r);
        int lead = 30 + (int)(-130.0 * log(u));
        if (lead > 900)
            lead = 900;
        c->fase_sinds = c->ontvangen + lead;
        if (c->fase_sinds > g->base - 1)
            c->fase_sinds = g->base - 1;
    }
    c->urgent = sl_rng_chance(r, 0.02);
    bool decided = c->fase >= FASE_BESCHIKKING;
    c->gegrond = c->regeling == REG_AOS && decided ? (sl_rng_chance(r, 0.6) ? 1 : 0) : -1;
    c->zaakbeg = (int)sl_rng_below(r, 40);
    c->has_bedrag = decided;
    c->cents = decided ? draw_amount(r, c->regeling) : 0;
}

/* ---- the register over time ------------------------------------------------ */

/*
 * The register is one model over time: each address's state on the base date
 * (2021-08-31, or the peildatum when that is earlier) is drawn as above, and a
 * later peildatum ages that same state. Every record has its own PRNG stream,
 * keyed by its id, and its life is simulated event by event from the base date
 * and cut at the peildatum, so two later peildatums share the prefix of each
 * life: a later delivery holds the same addresses, claims and trajectories,
 * moved on, never back.
 */
#define SL_GEN_BASE_Y 2021
#define SL_GEN_BASE_M 8
#define SL_GEN_BASE_D 31

/* Stream kinds (stream = kind << 40 | record id); 1-4 are the file-wide streams. */
enum { LIFE_ADDRESS = 1, LIFE_EVENTS, LIFE_TRAJ, LIFE_CLAIM, MESS_ADDRESS, MESS_TRAJ,
       MESS_CLAIM };
#define STREAM_GROWTH 4 /* arrival times of new addresses */

static void life_seed(const gen *g, sl_rng *r, int kind, uint64_t id)
{
    sl_rng_seed(r, g->o->seed, ((uint64_t)kind << 40) | id);
}

/* Mean days in each open claim phase: 35 + 45 + 45 + 40 = 165 days from
 * melding to afgehandeld, the "about 6 months, median 163 days" of SPEC §6. */
static const double FASE_MEAN_DAYS[4] = {35, 45, 45, 40};
/* Mean days in each open NCG step: strengthening is multi-year (SPEC §6). */
static const double STAP_MEAN_DAYS[STAP_OPGELEVERD] = {300, 200, 250, 300, 250, 300, 400};
/* Of the trajectories leaving 3.1 (the assessment), the share found safe: NCG's
 * 10,719 needing no work against 5,877 strengthened of 16,596 safe (end 2024). */
#define GEEN_VERSTERKING_SHARE 0.6
/* New claims per address and year: 0.3 where claims were made before, 0.04 on
 * an NCG address without any (SPEC §6: 268,400 physical-damage reports from
 * 2018 to March 2025, about 38,000 a year on a stock that was about 130,000
 * in 2021, 2,000 a week by 2024). */
#define RATE_REPEAT 0.3
#define RATE_FIRST_NCG 0.04
/* New addresses (a first claim on a house not yet in the register) and
 * addresses leaving (demolished or merged) per address and year: rare, and
 * well under the 5% absent hold of decision 91. */
#define RATE_NEW_ADDRESS 0.004
#define RATE_LEAVE 0.003
/* New claims per address; also the width of its block of ids. Their ids start
 * at 600M: base claims (about 2 per address, 100M at the 50M-address maximum)
 * and invalid rows (from 500M) stay below, 7 * 50M above stays within 1e9. */
#define MAX_NEW_CLAIMS 7
#define ID_NEW_BASE_IMG UINT64_C(600000000)

/* Days until the next event of a Poisson process with the given mean. */
static int32_t wait_days(sl_rng *r, double mean)
{
    double u = 1.0 - sl_rng_unit(r);
    double d = 1.0 - mean * log(u);
    return d > 36500 ? 36500 : (int32_t)d;
}

/* A claim moves into phase `fase` on day t. */
static void claim_enter(sl_rng *r, gen_claim *c, int fase, int32_t t)
{
    c->fase = fase;
    c->fase_sinds = t;
    if (fase >= FASE_BESCHIKKING && !c->has_bedrag) {
        c->has_bedrag = true;
        c->cents = draw_amount(r, c->regeling);
        if (c->regeling == REG_AOS)
            c->gegrond = sl_rng_chance(r, 0.6) ? 1 : 0;
    }
}

/* Ages one claim from day `from` to the peildatum, phase by phase. */
static void age_claim(const gen *g, gen_claim *c, int32_t from)
{
    sl_rng r;
    life_seed(g, &r, LIFE_CLAIM, c->id);
    int32_t t = from > c->fase_sinds ? from : c->fase_sinds;
    while (c->fase != FASE_AFGEHANDELD) {
        t += wait_days(&r, FASE_MEAN_DAYS[c->fase]);
        if (t >= g->peil)
            return;
        claim_enter(&r, c, c->fase + 1, t);
    }
}

/* A trajectory moves into step `stap` on day t. */
static void traj_enter(sl_rng *r, gen_traj *t, int stap, int32_t day)
{
    int prev = t->stap;
    t->stap = stap;
    t->stap_sinds = day;
    if (t->keuze < 0 && KEUZE_FILL[stap] > KEUZE_FILL[prev] &&
        sl_rng_chance(r, (KEUZE_FILL[stap] - KEUZE_FILL[prev]) / (1.0 - KEUZE_FILL[prev])))
        t->keuze = (int)sl_rng_pick(r, KEUZE_W, 3);
    if (t->begeleider < 0 && stap >= STAP_3_1 && stap <= STAP_5_2)
        t->begeleider = (int)sl_rng_below(r, 24);
    if (stap == STAP_5_2 && t->aannemer == 0) /* building starts on a signed contract */
        t->aannemer = day;
}

static void age_traj(const gen *g, gen_traj *t)
{
    sl_rng r;
    life_seed(g, &r, LIFE_TRAJ, t->id);
    int32_t day = g->base > t->stap_sinds ? g->base : t->stap_sinds;
    while (t->stap < STAP_OPGELEVERD) {
        day += wait_days(&r, STAP_MEAN_DAYS[t->stap]);
        if (day >= g->peil)
            return;
        int next = t->stap + 1;
        if (t->stap == STAP_3_1 && sl_rng_chance(&r, GEEN_VERSTERKING_SHARE))
            next = STAP_GEEN;
        traj_enter(&r, t, next, day);
    }
}

/* A claim received on day t, aged to the peildatum. Events on the peildatum
 * itself fall after the delivery's cut: every date in it is before the peildatum. */
static void new_claim(const gen *g, gen_claim *c, uint64_t addr_id, int k, int32_t t)
{
    sl_rng r;
    c->id = ID_NEW_BASE_IMG + addr_id * MAX_NEW_CLAIMS + (uint64_t)k;
    life_seed(g, &r, LIFE_CLAIM, c->id);
    c->regeling = (int)sl_rng_pick(&r, REG_W, NREG);
    c->fase = FASE_VOORB;
    c->ontvangen = t;
    c->fase_sinds = t + 1; /* registered the next day */
    c->urgent = sl_rng_chance(&r, 0.02);
    c->gegrond = -1;
    c->zaakbeg = (int)sl_rng_below(&r, 40);
    c->has_bedrag = false;
    c->cents = 0;
    age_claim(g, c, t);
}

#define MAX_CLAIMS (5 + MAX_NEW_CLAIMS)

/* One address's records as they stand on the peildatum. */
typedef struct gen_life {
    bool is_ncg, left;
    gen_traj tr;
    gen_claim cl[MAX_CLAIMS];
    int n; /* claims */
} gen_life;

/* Ages an address's records: it may leave, its records move on, and new
 * claims arrive (the first one on day `first` when that is not 0). */
static void age_address(const gen *g, gen_life *l, uint64_t addr_id, int32_t first)
{
    sl_rng r;
    life_seed(g, &r, LIFE_EVENTS, addr_id);
    int32_t leave = g->base + wait_days(&r, 365.0 / RATE_LEAVE);
    if (!first && leave < g->peil) {
        l->left = true;
        return;
    }
    if (l->is_ncg)
        age_traj(g, &l->tr);
    for (int i = 0; i < l->n; i++)
        age_claim(g, &l->cl[i], g->base);
    int32_t t = first ? first : g->base;
    for (int k = 0; k < MAX_NEW_CLAIMS; k++) {
        if (!(first && k == 0)) {
            double rate = l->n > 0 ? RATE_REPEAT : RATE_FIRST_NCG;
            t += wait_days(&r, 365.0 / rate);
        }
        if (t + 1 >= g->peil)
            break;
        new_claim(g, &l->cl[l->n++], addr_id, k, t);
    }
}

/* The state of a register address on the base date, from its own stream. */
static void base_address(gen *g, gen_life *l, uint64_t addr_id)
{
    sl_rng r;
    life_seed(g, &r, LIFE_ADDRESS, addr_id);
    l->left = false;
    l->n = 0;
    int cat = -1;
    if (l->is_ncg) {
        double u = sl_rng_unit(&r);
        cat = u < 0.66 ? CAT_GEEN : u < 0.95 ? CAT_AFGEHANDELD : CAT_OPEN;
        gen_traj_fields(g, &r, &l->tr, cat);
        l->tr.id = g->next_traj++;
    }
    int n_open = 0;
    if (cat != CAT_GEEN) {
        l->n = 1 + (int)sl_rng_pick(&r, NCLAIM_W, 5);
        if (cat == CAT_OPEN)
            n_open = l->n >= 2 && sl_rng_chance(&r, 0.25) ? 2 : 1;
        else if (cat < 0 && sl_rng_chance(&r, 0.2))
            n_open = l->n >= 2 && sl_rng_chance(&r, 0.2) ? 2 : 1;
    }
    for (int i = 0; i < l->n; i++) {
        gen_claim_fields(g, &r, &l->cl[i], i >= l->n - n_open);
        l->cl[i].id = g->next_claim++;
    }
}

/* ---- rendering of rows ---------------------------------------------------- */

static void addr_row(gen *g, row *r, sl_rng *m, const gen_addr *a)
{
    const place *pl = &PLACES[a->place];
    char *p = row_space(r);
    size_t n = fmt_bag(p, a->issuer, 20, a->id, 7);
    if (sl_rng_chance(m, 0.01)) { /* `0014 2000 0012 3456` */
        char tmp[24];
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (i && i % 4 == 0)
                tmp[k++] = ' ';
            tmp[k++] = p[i];
        }
        memcpy(p, tmp, k);
        p[k] = '\0';
        n = k;
    }
    row_done(r, n, sl_rng_chance(m, 0.02) ? SL_CSV_QUOTE : SL_CSV_PLAIN);
    if (sl_rng_chance(m, 0.01)) {
        row_ref(r, "", SL_CSV_PLAIN);
    } else {
        n = fmt_bag(row_space(r), a->issuer, 1, a->id, 11);
        row_done(r, n, SL_CSV_PLAIN);
    }
    if (sl_rng_chance(m, 0.01)) {
        row_ref(r, "", SL_CSV_PLAIN);
    } else {
        n = fmt_bag(row_space(r), a->issuer, 10, a->pand, 13);
        row_done(r, n, SL_CSV_PLAIN);
    }
    put_name(r, m, a->street);
    put_housenr(r, m, a, a->nr);
    put_postcode(r, m, a->postcode);
    put_name(r, m, pl->name);
    row_ref(r, MUNIS[pl->muni].code, SL_CSV_PLAIN);
    if (sl_rng_chance(m, 0.01)) { /* no coordinates */
        row_ref(r, "", SL_CSV_PLAIN);
        row_ref(r, "", SL_CSV_PLAIN);
    } else {
        int style = (int)sl_rng_below(m, 10); /* 0-6 whole, 7-8 `.5`, 9 `,5` */
        for (int i = 0; i < 2; i++) {
            int v = i == 0 ? a->x : a->y;
            p = row_space(r);
            n = sl_format_uint(p, (uint64_t)v, 1);
            if (style >= 7) {
                p[n++] = style == 9 ? ',' : '.';
                n += sl_format_uint(p + n, (uint64_t)((v * 7 + i) % 1000), 3);
            }
            row_done(r, n, SL_CSV_PLAIN);
        }
    }
    if (sl_rng_chance(m, 0.01)) {
        row_ref(r, "", SL_CSV_PLAIN);
    } else {
        n = sl_format_uint(row_space(r), (uint64_t)a->bouwjaar, 1);
        row_done(r, n, SL_CSV_PLAIN);
    }
    put_bool(r, m, a->kern);
    (void)g;
}

/* The address reference columns of a trajectory or claim row. */
static void ref_cols(row *r, sl_rng *m, const gen_addr *a, bool with_id)
{
    if (with_id) {
        size_t n = fmt_bag(row_space(r), a->issuer, 20, a->id, 7);
        row_done(r, n, SL_CSV_PLAIN);
    } else {
        row_ref(r, "", SL_CSV_PLAIN);
    }
    put_postcode(r, m, a->postcode);
    put_housenr(r, m, a, a->nr);
}

static const char *const OPMERKING[] = {
    "bewoner wil gezamenlijke opname", "zie brief; bewoner belt terug",
    "contact via SVIP", "schade gemeld bij IMG", "eigenaar woont elders",
};

static void traj_row(gen *g, row *r, sl_rng *m, const gen_addr *a, const gen_traj *t,
                     bool with_id)
{
    size_t n = fmt_srcid(row_space(r), "NCG-", t->id, UINT64_C(100000000), 8);
    row_done(r, n, SL_CSV_PLAIN);
    ref_cols(r, m, a, with_id);
    const char *stap = STAP_NAME[t->stap];
    if (t->stap == STAP_GEEN && sl_rng_chance(m, 0.2))
        stap = "geen_versterking";
    if (t->stap <= STAP_5_2 && sl_rng_chance(m, 0.1)) { /* `1,2` */
        char *p = row_space(r);
        p[0] = stap[0];
        p[1] = ',';
        p[2] = stap[2];
        p[3] = '\0';
        row_done(r, 3, SL_CSV_PLAIN);
    } else {
        row_ref(r, stap, SL_CSV_PLAIN);
    }
    put_date(g, r, m, t->stap_sinds, 0.6);
    row_ref(r, RISICO_NAME[t->risico], SL_CSV_PLAIN);
    row_ref(r, BATCH_NAME[t->batch], SL_CSV_PLAIN);
    row_ref(r, PROG_NAME[t->programma], SL_CSV_PLAIN);
    put_bool(r, m, t->bijzonder);
    if (t->keuze < 0)
        row_ref(r, "", SL_CSV_PLAIN);
    else
        row_ref(r, KEUZE_SPELL[t->keuze][sl_rng_chance(m, 0.2) ? 1 : 0], SL_CSV_PLAIN);
    put_name(r, m, t->begeleider < 0 ? "" : g->beg[t->begeleider]);
    if (t->aannemer)
        put_date(g, r, m, t->aannemer, 0.6);
    else
        row_ref(r, "", SL_CSV_PLAIN);
    /* unknown extra column */
    if (sl_rng_chance(m, 0.05))
        row_ref(r, OPMERKING[sl_rng_below(m, NELEM(OPMERKING))], SL_CSV_PLAIN);
    else
        row_ref(r, "", SL_CSV_PLAIN);
}

static void claim_row(gen *g, row *r, sl_rng *m, const gen_addr *a, const gen_claim *c,
                      bool with_id)
{
    size_t n = fmt_srcid(row_space(r), "IMG-", c->id, UINT64_C(1000000000), 9);
    row_done(r, n, SL_CSV_PLAIN);
    ref_cols(r, m, a, with_id);
    row_ref(r, REG_NAME[c->regeling], SL_CSV_PLAIN);
    const char *fase = FASE_NAME[c->fase];
    if (sl_rng_chance(m, 0.1)) { /* `Opname` */
        size_t len = strlen(fase);
        char *p = row_space(r);
        memcpy(p, fase, len + 1);
        p[0] = (char)(p[0] - 'a' + 'A');
        row_done(r, len, sl_rng_chance(m, 0.2) ? SL_CSV_PAD : SL_CSV_PLAIN);
    } else {
        row_ref(r, fase, SL_CSV_PLAIN);
    }
    put_date(g, r, m, c->fase_sinds, 0.2);
    put_date(g, r, m, c->ontvangen, 0.2);
    if (sl_rng_chance(m, 0.1))
        row_ref(r, "", SL_CSV_PLAIN);
    else
        put_bool(r, m, c->urgent);
    if (c->regeling != REG_AOS && sl_rng_chance(m, 0.2))
        row_ref(r, "", SL_CSV_PLAIN);
    else
        put_bool(r, m, c->regeling == REG_AOS);
    if (c->gegrond < 0)
        row_ref(r, "", SL_CSV_PLAIN);
    else
        put_bool(r, m, c->gegrond == 1);
    put_name(r, m, g->zb[c->zaakbeg]);
    if (!c->has_bedrag) {
        row_ref(r, "", SL_CSV_PLAIN);
    } else {
        static const double W[] = {60, 28, 5, 7};
        int style = (int)sl_rng_pick(m, W, 4);
        n = fmt_amount(row_space(r), c->cents, style);
        row_done(r, n, SL_CSV_PLAIN); /* csvout quotes a decimal comma */
    }
}

/* ---- invalid rows --------------------------------------------------------- */

/* A fresh address in the 9001-9099 range, which no valid address uses. */
static void fresh_address(gen *g, gen_addr *a, const gen_addr *like)
{
    *a = *like;
    uint64_t c = g->bad_pc++;
    unsigned pair = (unsigned)(c / 300 % NPAIRS);
    unsigned idx = 0;
    char l1 = 'A', l2 = 'A';
    for (unsigned i = 0; i < 400; i++) {
        l1 = PC_LETTERS[i / 20];
        l2 = PC_LETTERS[i % 20];
        if (l1 == 'S' && (l2 == 'A' || l2 == 'D' || l2 == 'S'))
            continue;
        if (idx++ == pair)
            break;
    }
    snprintf(a->postcode, sizeof a->postcode, "%04d%c%c",
             9001 + (int)(c / (300u * NPAIRS) % 99), l1, l2);
    a->nr = 1 + (int)(c % 300);
    a->letter = 0;
    a->toev[0] = '\0';
    a->id = ID_BAD_BASE_ADDR + g->bad_addr++;
    a->pand = ID_BAD_BASE_ADDR + g->bad_addr;
}

/* Replaces field i of r. */
static void row_set(row *r, int i, const char *s, unsigned deco)
{
    size_t len = strlen(s);
    char *p = row_space(r);
    memcpy(p, s, len + 1);
    r->s[i] = p;
    r->len[i] = len;
    r->deco[i] = deco;
    r->used += len + 1;
}

/* Field positions in the three layouts (SPEC §5 order). */
enum { B_NUM, B_VBO, B_PAND, B_STRAAT, B_NR, B_LETTER, B_TOEV, B_PC, B_WPL, B_GEM, B_X,
       B_Y, B_BOUWJAAR, B_KERN, B_NF };
enum { T_ID, T_NUM, T_PC, T_NR, T_LETTER, T_TOEV, T_STAP, T_SINDS, T_RISICO, T_BATCH,
       T_PROG, T_BIJZ, T_KEUZE, T_BEG, T_AANN, T_OPM, T_NF };
enum { C_ID, C_NUM, C_PC, C_NR, C_LETTER, C_TOEV, C_REG, C_FASE, C_SINDS, C_ONTV, C_URG,
       C_AOS, C_GEGROND, C_ZB, C_BEDRAG, C_NF };

/* Makes the postcode in field i end in SA. */
static void spoil_postcode(row *r, int i, const char *pc)
{
    char buf[8];
    memcpy(buf, pc, 4);
    memcpy(buf + 4, "SA", 3);
    row_set(r, i, buf, SL_CSV_PLAIN);
}

/* Spoils the nummeraanduiding id in field i: 15 digits, or type "01". */
static void spoil_id(row *r, int i, const gen_addr *a, int kind)
{
    char buf[24];
    fmt_bag(buf, a->issuer, kind == BAD_ID15 ? 20 : 1, a->id, 7);
    if (kind == BAD_ID15)
        buf[15] = '\0';
    row_set(r, i, buf, SL_CSV_PLAIN);
}

static void emit_bad_bag(gen *g, row *r, const gen_addr *like)
{
    sl_rng *m = &g->bad;
    gen_addr a;
    fresh_address(g, &a, like);
    int kind = BAG_KINDS[g->kind_bag++ % (long)NELEM(BAG_KINDS)];
    row_reset(r);
    addr_row(g, r, m, &a);
    int nf = B_NF;
    switch (kind) {
    case BAD_POSTCODE_SA: spoil_postcode(r, B_PC, a.postcode); break;
    case BAD_ID15:
    case BAD_ID_TYPE: spoil_id(r, B_NUM, &a, kind); break;
    case BAD_HUISNR0:
        row_set(r, B_NR, "0", SL_CSV_PLAIN);
        row_set(r, B_LETTER, "", SL_CSV_PLAIN);
        row_set(r, B_TOEV, "", SL_CSV_PLAIN);
        break;
    case BAD_EMPTY_ID: row_set(r, B_NUM, "", SL_CSV_PLAIN); break;
    case BAD_NFIELDS: nf = B_NF - 1; break;
    case BAD_BOUWJAAR: row_set(r, B_BOUWJAAR, "99999", SL_CSV_PLAIN); break;
    default: row_set(r, B_KERN, "misschien", SL_CSV_PLAIN); break;
    }
    row_emit(g->w_bag, r, nf);
    g->t->bag.rows++;
    g->t->bag.rejected++;
}

/* Applies the kinds shared by trajectory and claim rows; returns the field count. */
static int spoil_ref(gen *g, row *r, int kind, const gen_addr *a, int f_id, int f_num,
                     int f_pc, int f_nr, int nf)
{
    switch (kind) {
    case BAD_POSTCODE_SA: /* only the postcode can match, and it is wrong */
        row_set(r, f_num, "", SL_CSV_PLAIN);
        spoil_postcode(r, f_pc, a->postcode);
        break;
    case BAD_ID15:
    case BAD_ID_TYPE: spoil_id(r, f_num, a, kind); break;
    case BAD_HUISNR0:
        row_set(r, f_num, "", SL_CSV_PLAIN);
        row_set(r, f_nr, "0", SL_CSV_PLAIN);
        row_set(r, f_nr + 1, "", SL_CSV_PLAIN);
        row_set(r, f_nr + 2, "", SL_CSV_PLAIN);
        break;
    case BAD_EMPTY_ID: row_set(r, f_id, "", SL_CSV_PLAIN); break;
    case BAD_UNKNOWN_ADDR: { /* id and postcode both in no delivery */
        gen_addr u;
        fresh_address(g, &u, a);
        char buf[24];
        fmt_bag(buf, u.issuer, 20, u.id, 7);
        row_set(r, f_num, buf, SL_CSV_PLAIN);
        row_set(r, f_pc, u.postcode, SL_CSV_PLAIN);
        sl_format_uint(buf, (uint64_t)u.nr, 1);
        row_set(r, f_nr, buf, SL_CSV_PLAIN);
        row_set(r, f_nr + 1, "", SL_CSV_PLAIN);
        row_set(r, f_nr + 2, "", SL_CSV_PLAIN);
        break;
    }
    case BAD_NFIELDS: return nf + 1; /* one field too many */
    default: break;
    }
    return nf;
}

static void emit_bad_traj(gen *g, row *r, const gen_addr *a)
{
    sl_rng *m = &g->bad;
    gen_traj t;
    gen_traj_fields(g, m, &t, CAT_GEEN);
    t.id = ID_BAD_BASE_NCG + g->bad_traj++;
    int kind = NCG_KINDS[g->kind_ncg++ % (long)NELEM(NCG_KINDS)];
    row_reset(r);
    traj_row(g, r, m, a, &t, true);
    r->s[T_OPM] = ""; /* keep the extra column of this row empty */
    r->len[T_OPM] = 0;
    r->deco[T_OPM] = SL_CSV_PLAIN;
    if (kind == BAD_NFIELDS)
        row_ref(r, "", SL_CSV_PLAIN);
    int nf = spoil_ref(g, r, kind, a, T_ID, T_NUM, T_PC, T_NR, T_NF);
    if (kind == BAD_DATE) {
        char buf[16];
        int y, mo, d;
        civil_from_days(g->peil + g->shift, &y, &mo, &d);
        snprintf(buf, sizeof buf, "31-02-%04d", y);
        row_set(r, T_SINDS, buf, SL_CSV_PLAIN);
    } else if (kind == BAD_WORD) {
        row_set(r, T_STAP, "in afwachting", SL_CSV_PLAIN);
    } else if (kind == BAD_BOOL) {
        row_set(r, T_BIJZ, "misschien", SL_CSV_PLAIN);
    }
    row_emit(g->w_ncg, r, nf);
    g->t->ncg.rows++;
    g->t->ncg.rejected++;
}

static void emit_bad_claim(gen *g, row *r, const gen_addr *a)
{
    sl_rng *m = &g->bad;
    gen_claim c;
    int kind = IMG_KINDS[g->kind_img++ % (long)NELEM(IMG_KINDS)];
    gen_claim_fields(g, m, &c, kind != BAD_AMOUNT && sl_rng_chance(m, 0.3));
    c.id = ID_BAD_BASE_IMG + g->bad_claim++;
    if (kind == BAD_AMOUNT && !c.has_bedrag) {
        c.has_bedrag = true;
        c.cents = 100;
    }
    row_reset(r);
    claim_row(g, r, m, a, &c, true);
    if (kind == BAD_NFIELDS)
        row_ref(r, "", SL_CSV_PLAIN);
    int nf = spoil_ref(g, r, kind, a, C_ID, C_NUM, C_PC, C_NR, C_NF);
    if (kind == BAD_DATE) {
        char buf[16];
        int y, mo, d;
        civil_from_days(c.fase_sinds + g->shift, &y, &mo, &d);
        snprintf(buf, sizeof buf, "31-02-%04d", y);
        row_set(r, C_SINDS, buf, SL_CSV_PLAIN);
    } else if (kind == BAD_WORD) {
        row_set(r, C_FASE, "in behandeling", SL_CSV_PLAIN);
    } else if (kind == BAD_BOOL) {
        row_set(r, C_URG, "misschien", SL_CSV_PLAIN);
    } else if (kind == BAD_AMOUNT) {
        row_set(r, C_BEDRAG, "12,3,4", SL_CSV_PLAIN);
    }
    row_emit(g->w_img, r, nf);
    g->t->img.rows++;
    g->t->img.rejected++;
}

/* After each valid row: emit invalid rows so that they make up f of the file. */
static void maybe_bad(gen *g, double *acc, void (*emit)(gen *, row *, const gen_addr *),
                      row *r, const gen_addr *a)
{
    *acc += g->bad_step;
    while (*acc >= 1.0) {
        *acc -= 1.0;
        emit(g, r, a);
    }
}

/* ---- the oracle: expected potential, matrix and group -------------------- */

static int group_of(int stap, int fase)
{
    switch (stap) {
    case STAP_1_2: return 0;                        /* A */
    case STAP_2_1: return fase <= FASE_OPNAME ? 1 : 2; /* B or C */
    case STAP_3_1: return 3;                        /* D */
    case STAP_4_1:
    case STAP_4_2: return 4;                        /* E */
    default: return 5;                              /* F: 5.1, 5.2 */
    }
}

static void count_ncg_address(sl_gen_truth *t, const gen_traj *tr, const gen_claim *cl, int n)
{
    int max_open = -1;
    for (int i = 0; i < n; i++)
        if (cl[i].fase != FASE_AFGEHANDELD && cl[i].fase > max_open)
            max_open = cl[i].fase;
    bool traj_open = tr->stap <= STAP_5_2;
    if (n > 0)
        t->combinatiedossiers++;
    if (n == 0) {
        t->potentieel[SL_GEN_POT_GEEN_SCHADEMELDING]++;
    } else if (max_open < 0) {
        t->potentieel[SL_GEN_POT_MELDING_AFGEHANDELD]++;
    } else if (traj_open) {
        t->potentieel[SL_GEN_POT_BEIDE_LOPEND]++;
        t->matrix[tr->stap][max_open]++;
        t->groepen[group_of(tr->stap, max_open)]++;
    } else {
        t->potentieel[SL_GEN_POT_ALLEEN_SCHADE_LOPEND]++;
    }
}

/* Writes one address with its trajectory and claims, each valid row followed
 * by the invalid rows that keep their share, and counts it in the truth. */
static void emit_address(gen *g, const gen_addr *a, const gen_life *l)
{
    sl_gen_truth *truth = g->t;
    row r;
    /* a record's spelling is its source system's: the same in every delivery
     * until the record itself changes, so a later delivery shows no false change */
    life_seed(g, &g->mess, MESS_ADDRESS, a->id);
    row_reset(&r);
    addr_row(g, &r, &g->mess, a);
    row_emit(g->w_bag, &r, B_NF);
    truth->bag.rows++;
    truth->bag.imported++;
    truth->adressen++;
    maybe_bad(g, &g->acc_bag, emit_bad_bag, &r, a);
    if (l->is_ncg) {
        life_seed(g, &g->mess, MESS_TRAJ, l->tr.id);
        row_reset(&r);
        traj_row(g, &r, &g->mess, a, &l->tr, !sl_rng_chance(&g->mess, 0.07));
        row_emit(g->w_ncg, &r, T_NF);
        truth->ncg.rows++;
        truth->ncg.imported++;
        truth->trajecten++;
        maybe_bad(g, &g->acc_ncg, emit_bad_traj, &r, a);
    }
    for (int i = 0; i < l->n; i++) {
        life_seed(g, &g->mess, MESS_CLAIM, l->cl[i].id);
        row_reset(&r);
        claim_row(g, &r, &g->mess, a, &l->cl[i], !sl_rng_chance(&g->mess, 0.07));
        row_emit(g->w_img, &r, C_NF);
        truth->img.rows++;
        truth->img.imported++;
        truth->schades++;
        maybe_bad(g, &g->acc_img, emit_bad_claim, &r, a);
    }
    if (l->is_ncg)
        count_ncg_address(truth, &l->tr, l->cl, l->n);
}

/* ---- files ----------------------------------------------------------------- */

static const char *const BAG_HEADER[] = {
    "nummeraanduiding_id", "verblijfsobject_id", "pand_id", "straat", "huisnummer",
    "huisletter", "toevoeging", "postcode", "woonplaats", "gemeentecode", "x", "y",
    "bouwjaar", "kern"};
static const char *const NCG_HEADER[] = {
    "ncg_id", "nummeraanduiding_id", "postcode", "huisnummer", "huisletter", "toevoeging",
    "stap", "stap_sinds", "risicoprofiel", "batch", "programma", "bijzondere_situatie",
    "keuze_bewoner", "bewonersbegeleider", "aannemersovereenkomst", "opmerking"};
static const char *const IMG_HEADER[] = {
    "img_id", "nummeraanduiding_id", "postcode", "huisnummer", "huisletter", "toevoeging",
    "regeling", "fase", "fase_sinds", "ontvangen_op", "urgent", "aos", "aos_gegrond",
    "zaakbegeleider", "besluit_bedrag"};

static void header(sl_csvout *w, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sl_csvout_field(w, names[i], strlen(names[i]), SL_CSV_PLAIN);
    sl_csvout_end(w);
}

/* mkdir -p; returns 0 or -1 with errno set. */
static int make_dirs(const char *path)
{
    char buf[4096];
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return -1;
            buf[i] = c;
        }
    }
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

typedef struct outfile {
    const char *name; /* file name inside the directory */
    char path[4096];
    char tmp[4096];
    FILE *f;
} outfile;

static int open_out(outfile *of, const char *dir, const char *name, char *err, size_t errcap)
{
    of->name = name;
    int a = snprintf(of->path, sizeof of->path, "%s/%s", dir, name);
    int b = snprintf(of->tmp, sizeof of->tmp, "%s/.%s.tmp", dir, name);
    if (a < 0 || b < 0 || (size_t)b >= sizeof of->tmp) {
        snprintf(err, errcap, "%s: pad te lang", dir);
        return -1;
    }
    of->f = fopen(of->tmp, "wb");
    if (!of->f) {
        snprintf(err, errcap, "%s: kan niet schrijven: %s", of->tmp, strerror(errno));
        return -1;
    }
    return 0;
}

/* Flushes (when keep) and closes; the temporary file stays for the caller to
 * rename or remove. */
static int close_out(outfile *of, sl_csvout *w, bool keep, char *err, size_t errcap)
{
    int rc = 0;
    if (!of->f)
        return 0;
    if (keep && sl_csvout_flush(w) != 0) {
        snprintf(err, errcap, "%s: schrijven mislukt: %s", of->tmp, strerror(errno));
        rc = -1;
    }
    if (fclose(of->f) != 0 && rc == 0 && keep) {
        snprintf(err, errcap, "%s: schrijven mislukt: %s", of->tmp, strerror(errno));
        rc = -1;
    }
    of->f = NULL;
    return rc;
}

/* ---- public --------------------------------------------------------------- */

void sl_gen_opts_default(sl_gen_opts *o)
{
    o->out_dir = NULL;
    o->seed = 1;
    o->ncg = 2000;
    o->others = 3000;
    o->invalid = 0;
    o->peil_year = 2021;
    o->peil_month = 8;
    o->peil_day = 31;
    o->basis_year = SL_GEN_BASE_Y;
    o->basis_month = SL_GEN_BASE_M;
    o->basis_day = SL_GEN_BASE_D;
}

int sl_gen_opts_check(const sl_gen_opts *o, char *err, size_t errcap)
{
    if (!o->out_dir || !o->out_dir[0]) {
        snprintf(err, errcap, "geen uitvoermap opgegeven (--out)");
        return -1;
    }
    if (o->ncg < 0 || o->others < 0 || o->ncg > SL_GEN_MAX_ADDRESSES ||
        o->others > SL_GEN_MAX_ADDRESSES - o->ncg) {
        snprintf(err, errcap, "--ncg + --others moet tussen 0 en %ld liggen",
                 SL_GEN_MAX_ADDRESSES);
        return -1;
    }
    if (!(o->invalid >= 0 && o->invalid <= SL_GEN_MAX_INVALID)) {
        snprintf(err, errcap, "--invalid moet tussen 0 en %.1f liggen", SL_GEN_MAX_INVALID);
        return -1;
    }
    if (o->peil_year < 2000 || o->peil_year > 2100 ||
        !valid_ymd(o->peil_year, o->peil_month, o->peil_day)) {
        snprintf(err, errcap, "--peildatum is geen geldige datum tussen 2000 en 2100");
        return -1;
    }
    if (o->basis_year < 2000 || o->basis_year > 2100 ||
        !valid_ymd(o->basis_year, o->basis_month, o->basis_day)) {
        snprintf(err, errcap, "--basisdatum is geen geldige datum tussen 2000 en 2100");
        return -1;
    }
    return 0;
}

int sl_gen_run(const sl_gen_opts *o, sl_gen_truth *truth, char *err, size_t errcap)
{
    int rc = -1;
    gen *g = NULL;
    sl_csvout *w = NULL;
    outfile of[3];
    memset(of, 0, sizeof of);
    memset(truth, 0, sizeof *truth);

    if (sl_gen_opts_check(o, err, errcap) != 0)
        return -1;
    if (make_dirs(o->out_dir) != 0) {
        snprintf(err, errcap, "%s: kan map niet maken: %s", o->out_dir, strerror(errno));
        return -1;
    }
    g = sl_calloc(1, sizeof *g);
    w = sl_calloc(3, sizeof *w);
    if (!g || !w) {
        snprintf(err, errcap, "onvoldoende geheugen");
        goto out;
    }
    g->o = o;
    g->t = truth;
    sl_rng_seed(&g->truth, o->seed, 1);
    sl_rng_seed(&g->mess, o->seed, 2);
    sl_rng_seed(&g->bad, o->seed, 3);
    /* the model runs on the calendar of 2021-08-31, its calibration; the chosen base
     * date only moves every date written, so the same seed gives the same records */
    g->base = days_from_civil(SL_GEN_BASE_Y, SL_GEN_BASE_M, SL_GEN_BASE_D);
    g->shift = days_from_civil(o->basis_year, o->basis_month, o->basis_day) - g->base;
    g->peil = days_from_civil(o->peil_year, o->peil_month, o->peil_day) - g->shift;
    if (g->base > g->peil)
        g->base = g->peil;
    g->claims_from = days_from_civil(2018, 3, 19);
    if (g->claims_from > g->base - 400)
        g->claims_from = g->base - 3 * 365;
    memcpy(g->stap_w, STAP_W2021, sizeof g->stap_w);
    for (size_t i = 0; i < NMUNI; i++)
        g->muni_w[i] = MUNIS[i].weight;
    for (int i = 0; i < 24; i++)
        make_name(&g->truth, g->beg[i], sizeof g->beg[i]);
    for (int i = 0; i < 40; i++)
        make_name(&g->truth, g->zb[i], sizeof g->zb[i]);
    g->bad_step = o->invalid > 0 ? o->invalid / (1.0 - o->invalid) : 0;

    if (open_out(&of[0], o->out_dir, "bag_adressen.csv", err, errcap) != 0 ||
        open_out(&of[1], o->out_dir, "ncg_trajecten.csv", err, errcap) != 0 ||
        open_out(&of[2], o->out_dir, "img_schades.csv", err, errcap) != 0)
        goto out;
    g->w_bag = &w[0];
    g->w_ncg = &w[1];
    g->w_img = &w[2];
    sl_csvout_init(g->w_bag, of[0].f, ',', "\n");
    sl_csvout_init(g->w_ncg, of[1].f, ';', "\r\n");
    sl_csvout_init(g->w_img, of[2].f, ',', "\n");
    sl_csvout_raw(g->w_ncg, "\xEF\xBB\xBF", 3);
    header(g->w_bag, BAG_HEADER, NELEM(BAG_HEADER));
    header(g->w_ncg, NCG_HEADER, NELEM(NCG_HEADER));
    header(g->w_img, IMG_HEADER, NELEM(IMG_HEADER));

    long ncg_left = o->ncg, total_left = o->ncg + o->others;
    while (total_left > 0) {
        gen_addr a;
        gen_life l;
        next_address(g, &a);
        /* exact counts: pick NCG with probability ncg_left / total_left */
        l.is_ncg = (long)sl_rng_below(&g->truth, (uint64_t)total_left) < ncg_left;
        ncg_left -= l.is_ncg;
        total_left--;
        base_address(g, &l, a.id);
        age_address(g, &l, a.id, 0);
        if (!l.left)
            emit_address(g, &a, &l);
    }
    /* houses with a first claim after the base date, in order of arrival */
    sl_rng growth;
    sl_rng_seed(&growth, o->seed, STREAM_GROWTH);
    double per_day = RATE_NEW_ADDRESS * (double)(o->ncg + o->others) / 365.0;
    for (int32_t t = g->base; per_day > 0;) {
        t += wait_days(&growth, 1.0 / per_day);
        if (t + 1 >= g->peil)
            break;
        gen_addr a;
        gen_life l = {.is_ncg = false};
        next_address(g, &a);
        age_address(g, &l, a.id, t);
        emit_address(g, &a, &l);
    }

    rc = 0;
out:
    /* flush and close all three first; rename only when all are complete, so
     * a failure leaves the previous delivery set (if any) untouched */
    for (int i = 0; i < 3; i++) {
        char e2[512];
        if (close_out(&of[i], w ? &w[i] : NULL, rc == 0, e2, sizeof e2) != 0 && rc == 0) {
            snprintf(err, errcap, "%s", e2);
            rc = -1;
        }
    }
    for (int i = 0; i < 3; i++) {
        if (!of[i].name)
            continue;
        if (rc == 0 && rename(of[i].tmp, of[i].path) != 0) {
            snprintf(err, errcap, "%s: hernoemen mislukt: %s", of[i].path, strerror(errno));
            rc = -1;
        }
        if (rc != 0)
            remove(of[i].tmp);
    }
    sl_free(w);
    sl_free(g);
    return rc;
}
