/*
 * vocab.h - the status vocabularies of both tracks, with their order.
 *
 * Each enum's order is the order of the process, so "more advanced" is a
 * plain comparison. The Dutch names are the canonical spelling in
 * deliveries, the store and the API; parsing is case-insensitive and
 * tolerant of the spellings that deliveries actually use (listed per parser).
 */
#ifndef SL_CORE_VOCAB_H
#define SL_CORE_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

/* IMG claim phase. A claim is open until AFGEHANDELD. */
typedef enum sl_fase {
    SL_FASE_VOORBEREIDING,
    SL_FASE_OPNAME,
    SL_FASE_ZIENSWIJZE,
    SL_FASE_BESCHIKKING,
    SL_FASE_AFGEHANDELD,
    SL_FASE_COUNT
} sl_fase;

/* NCG trajectory step. Open from 1.2 to 5.2 inclusive. */
typedef enum sl_stap {
    SL_STAP_1_2,
    SL_STAP_2_1,
    SL_STAP_3_1,
    SL_STAP_4_1,
    SL_STAP_4_2,
    SL_STAP_5_1,
    SL_STAP_5_2,
    SL_STAP_OPGELEVERD,
    SL_STAP_GEEN_VERSTERKING,
    SL_STAP_COUNT
} sl_stap;

typedef enum sl_risico {
    SL_RISICO_ONBEKEND, SL_RISICO_P50, SL_RISICO_P90, SL_RISICO_HRA, SL_RISICO_COUNT
} sl_risico;

typedef enum sl_regeling {
    SL_REGELING_FYSIEKE_SCHADE, SL_REGELING_AOS, SL_REGELING_HEA, SL_REGELING_HIN,
    SL_REGELING_DUURZAAM_HERSTEL, SL_REGELING_WAARDEDALING, SL_REGELING_IMMATERIELE_SCHADE,
    SL_REGELING_MESTKELDER, SL_REGELING_OVERIG, SL_REGELING_COUNT
} sl_regeling;

typedef enum sl_programma {
    SL_PROGRAMMA_ONBEKEND, SL_PROGRAMMA_REGULIER, SL_PROGRAMMA_BOUWIMPULS,
    SL_PROGRAMMA_KOPLOPER, SL_PROGRAMMA_VBS, SL_PROGRAMMA_COUNT
} sl_programma;

/* The resident's choice; ONBEKEND while not yet made. */
typedef enum sl_keuze {
    SL_KEUZE_ONBEKEND, SL_KEUZE_NCG, SL_KEUZE_EIGEN_REGIE, SL_KEUZE_AFZIEN, SL_KEUZE_COUNT
} sl_keuze;

/* Collaboration potential of an NCG address (SPEC §4.1). */
typedef enum sl_potentieel {
    SL_POT_GEEN_SCHADEMELDING, SL_POT_MELDING_AFGEHANDELD, SL_POT_BEIDE_LOPEND,
    SL_POT_ALLEEN_SCHADE_LOPEND, SL_POT_COUNT
} sl_potentieel;

/* Matrix group (SPEC §4.2); NONE for addresses that are not "beide lopend". */
typedef enum sl_groep {
    SL_GROEP_NONE, SL_GROEP_A, SL_GROEP_B, SL_GROEP_C, SL_GROEP_D, SL_GROEP_E, SL_GROEP_F,
    SL_GROEP_COUNT
} sl_groep;

/*
 * name -> canonical Dutch spelling (static string); parse -> false on an
 * unknown word. Accepted spellings beyond the canonical one:
 *  fase: any case, surrounding spaces.
 *  stap: "1.2" or "1,2"; "opgeleverd"; "geen versterking", "geen_versterking",
 *        "geen-versterking".
 *  risico: P50/P90/HRA/onbekend, empty is not accepted here (callers decide).
 *  regeling: canonical names, also "immateriele schade", "fysieke_schade", "overig"/"anders".
 *  programma: regulier, bouwimpuls, koploper, vbs.
 *  keuze: "ncg", "ncg voert uit"; "eigen regie"/"eigen_regie"; "afzien",
 *        "afzien met duurzaamheidsmaatregelen".
 */
const char *sl_fase_name(sl_fase f);
bool sl_fase_parse(const char *s, size_t len, sl_fase *out);
const char *sl_stap_name(sl_stap s);
bool sl_stap_parse(const char *s, size_t len, sl_stap *out);
const char *sl_risico_name(sl_risico r);
bool sl_risico_parse(const char *s, size_t len, sl_risico *out);
const char *sl_regeling_name(sl_regeling r);
bool sl_regeling_parse(const char *s, size_t len, sl_regeling *out);
const char *sl_programma_name(sl_programma p);
bool sl_programma_parse(const char *s, size_t len, sl_programma *out);
const char *sl_keuze_name(sl_keuze k);
bool sl_keuze_parse(const char *s, size_t len, sl_keuze *out);
const char *sl_potentieel_name(sl_potentieel p); /* "geen_schademelding", ... */
const char *sl_groep_name(sl_groep g);           /* "A".."F", "" for NONE */

static inline bool sl_fase_open(sl_fase f) { return f < SL_FASE_AFGEHANDELD; }
static inline bool sl_stap_open(sl_stap s) { return s <= SL_STAP_5_2; }

#endif
