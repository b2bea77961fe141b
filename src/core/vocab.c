/*
 * vocab.c - names and tolerant parsers for the status vocabularies.
 *
 * Every parser normalises the word first (trim, ASCII lower case, '_' and '-'
 * as a space, runs of spaces as one) and then looks it up in a table of
 * accepted spellings, so adding a spelling a source system uses is a one-line
 * change to a table, not new code.
 */
#include "core/vocab.h"

#include <string.h>

#include "core/values.h"

#define WORD_CAP 48 /* longer than any accepted spelling */

typedef struct alias {
    const char *word; /* normalised spelling */
    int value;
} alias;

/* Normalises (s, len) into buf; false when it cannot be an accepted word. */
static bool normalise(const char *s, size_t len, char buf[WORD_CAP])
{
    if (!s)
        len = 0;
    sl_trim(&s, &len);
    size_t n = 0;
    bool pending_space = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '_' || c == '-' || c == '\t') {
            pending_space = n > 0;
            continue;
        }
        if (pending_space) {
            if (n >= WORD_CAP - 1)
                return false;
            buf[n++] = ' ';
            pending_space = false;
        }
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (n >= WORD_CAP - 1)
            return false;
        buf[n++] = c;
    }
    buf[n] = '\0';
    return n > 0;
}

static bool lookup(const alias *tab, size_t ntab, const char *s, size_t len, int *out)
{
    char w[WORD_CAP];
    if (!normalise(s, len, w))
        return false;
    for (size_t i = 0; i < ntab; i++)
        if (strcmp(tab[i].word, w) == 0) {
            *out = tab[i].value;
            return true;
        }
    return false;
}

#define LOOKUP(tab, s, len, out, type)                                                   \
    do {                                                                                 \
        int v_;                                                                          \
        if (!lookup(tab, sizeof(tab) / sizeof(tab[0]), s, len, &v_))                     \
            return false;                                                                \
        if (out)                                                                         \
            *(out) = (type)v_;                                                           \
        return true;                                                                     \
    } while (0)

/* ---- fase ---------------------------------------------------------------- */

static const char *const fase_names[SL_FASE_COUNT] = {
    "voorbereiding", "opname", "zienswijze", "beschikking", "afgehandeld",
};

static const alias fase_alias[] = {
    {"voorbereiding", SL_FASE_VOORBEREIDING}, {"opname", SL_FASE_OPNAME},
    {"zienswijze", SL_FASE_ZIENSWIJZE},       {"beschikking", SL_FASE_BESCHIKKING},
    {"afgehandeld", SL_FASE_AFGEHANDELD},
};

const char *sl_fase_name(sl_fase f)
{
    return (unsigned)f < SL_FASE_COUNT ? fase_names[f] : "";
}

bool sl_fase_parse(const char *s, size_t len, sl_fase *out)
{
    LOOKUP(fase_alias, s, len, out, sl_fase);
}

/* ---- stap ---------------------------------------------------------------- */

static const char *const stap_names[SL_STAP_COUNT] = {
    "1.2", "2.1", "3.1", "4.1", "4.2", "5.1", "5.2", "opgeleverd", "geen versterking",
};

static const alias stap_alias[] = {
    {"1.2", SL_STAP_1_2},       {"1,2", SL_STAP_1_2},
    {"2.1", SL_STAP_2_1},       {"2,1", SL_STAP_2_1},
    {"3.1", SL_STAP_3_1},       {"3,1", SL_STAP_3_1},
    {"4.1", SL_STAP_4_1},       {"4,1", SL_STAP_4_1},
    {"4.2", SL_STAP_4_2},       {"4,2", SL_STAP_4_2},
    {"5.1", SL_STAP_5_1},       {"5,1", SL_STAP_5_1},
    {"5.2", SL_STAP_5_2},       {"5,2", SL_STAP_5_2},
    {"opgeleverd", SL_STAP_OPGELEVERD},
    {"geen versterking", SL_STAP_GEEN_VERSTERKING},
};

const char *sl_stap_name(sl_stap s)
{
    return (unsigned)s < SL_STAP_COUNT ? stap_names[s] : "";
}

bool sl_stap_parse(const char *s, size_t len, sl_stap *out)
{
    LOOKUP(stap_alias, s, len, out, sl_stap);
}

/* ---- risicoprofiel ------------------------------------------------------- */

static const char *const risico_names[SL_RISICO_COUNT] = {"onbekend", "P50", "P90", "HRA"};

static const alias risico_alias[] = {
    {"onbekend", SL_RISICO_ONBEKEND}, {"p50", SL_RISICO_P50},
    {"p90", SL_RISICO_P90},           {"hra", SL_RISICO_HRA},
};

const char *sl_risico_name(sl_risico r)
{
    return (unsigned)r < SL_RISICO_COUNT ? risico_names[r] : "";
}

bool sl_risico_parse(const char *s, size_t len, sl_risico *out)
{
    LOOKUP(risico_alias, s, len, out, sl_risico);
}

/* ---- regeling ------------------------------------------------------------ */

static const char *const regeling_names[SL_REGELING_COUNT] = {
    "fysieke schade", "AOS", "HEA", "HIN", "duurzaam herstel", "waardedaling",
    "immateriële schade", "mestkelder", "overig",
};

static const alias regeling_alias[] = {
    {"fysieke schade", SL_REGELING_FYSIEKE_SCHADE},
    {"aos", SL_REGELING_AOS},
    {"hea", SL_REGELING_HEA},
    {"hin", SL_REGELING_HIN},
    {"duurzaam herstel", SL_REGELING_DUURZAAM_HERSTEL},
    {"waardedaling", SL_REGELING_WAARDEDALING},
    {"immateriële schade", SL_REGELING_IMMATERIELE_SCHADE},
    {"immateriele schade", SL_REGELING_IMMATERIELE_SCHADE},
    {"mestkelder", SL_REGELING_MESTKELDER},
    {"overig", SL_REGELING_OVERIG},
    {"anders", SL_REGELING_OVERIG},
};

const char *sl_regeling_name(sl_regeling r)
{
    return (unsigned)r < SL_REGELING_COUNT ? regeling_names[r] : "";
}

bool sl_regeling_parse(const char *s, size_t len, sl_regeling *out)
{
    LOOKUP(regeling_alias, s, len, out, sl_regeling);
}

/* ---- programma ----------------------------------------------------------- */

static const char *const programma_names[SL_PROGRAMMA_COUNT] = {
    "onbekend", "regulier", "Bouwimpuls", "Koploper", "VBS",
};

static const alias programma_alias[] = {
    {"onbekend", SL_PROGRAMMA_ONBEKEND}, {"regulier", SL_PROGRAMMA_REGULIER},
    {"bouwimpuls", SL_PROGRAMMA_BOUWIMPULS}, {"koploper", SL_PROGRAMMA_KOPLOPER},
    {"vbs", SL_PROGRAMMA_VBS},
};

const char *sl_programma_name(sl_programma p)
{
    return (unsigned)p < SL_PROGRAMMA_COUNT ? programma_names[p] : "";
}

bool sl_programma_parse(const char *s, size_t len, sl_programma *out)
{
    LOOKUP(programma_alias, s, len, out, sl_programma);
}

/* ---- keuze bewoner ------------------------------------------------------- */

static const char *const keuze_names[SL_KEUZE_COUNT] = {
    "onbekend", "ncg", "eigen regie", "afzien",
};

static const alias keuze_alias[] = {
    {"onbekend", SL_KEUZE_ONBEKEND},
    {"ncg", SL_KEUZE_NCG},
    {"ncg voert uit", SL_KEUZE_NCG},
    {"eigen regie", SL_KEUZE_EIGEN_REGIE},
    {"afzien", SL_KEUZE_AFZIEN},
    {"afzien met duurzaamheidsmaatregelen", SL_KEUZE_AFZIEN},
};

const char *sl_keuze_name(sl_keuze k)
{
    return (unsigned)k < SL_KEUZE_COUNT ? keuze_names[k] : "";
}

bool sl_keuze_parse(const char *s, size_t len, sl_keuze *out)
{
    LOOKUP(keuze_alias, s, len, out, sl_keuze);
}

/* ---- derived ------------------------------------------------------------- */

const char *sl_potentieel_name(sl_potentieel p)
{
    static const char *const names[SL_POT_COUNT] = {
        "geen_schademelding", "melding_afgehandeld", "beide_lopend", "alleen_schade_lopend",
    };
    return (unsigned)p < SL_POT_COUNT ? names[p] : "";
}

const char *sl_groep_name(sl_groep g)
{
    static const char *const names[SL_GROEP_COUNT] = {"", "A", "B", "C", "D", "E", "F"};
    return (unsigned)g < SL_GROEP_COUNT ? names[g] : "";
}
