/* test_signal_rules.c - the signal rules of SPEC §4.3: names, defaults, validation,
 * which rules fire on a change (edge by edge and exhaustively), and rule 8's "still". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <string.h>

#include "core/signal_rules.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers written from the header's words, not from the implementation ---- */

/* Strict UTF-8 check (no overlongs, surrogates or code points past U+10FFFF). */
static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, need, min;
        uint32_t cp;
        if (c < 0x80) {
            p++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            need = 1, min = 0x80, cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            need = 2, min = 0x800, cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            need = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return false;
        }
        for (unsigned i = 1; i <= need; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        p += need + 1;
    }
    return true;
}

static bool has_claim(const sl_dossier_view *v)
{
    return v->claims_total > 0 || v->claims_open > 0;
}

/* Whether trigger t fires on ch, straight from the comment on sl_signals_fire. */
static bool oracle_trigger(sl_trigger t, const sl_dossier_change *ch)
{
    const sl_dossier_view *b = &ch->before, *a = &ch->after;
    switch (t) {
    case SL_TRIGGER_COMBINATIEDOSSIER:
        return (a->has_trajectory && has_claim(a)) && !(b->has_trajectory && has_claim(b));
    case SL_TRIGGER_SCHADE_NIEUW:
        return ch->new_claims > 0 && a->has_trajectory && a->stap <= SL_STAP_5_2;
    case SL_TRIGGER_GROEP_B:
        return a->groep == SL_GROEP_B && b->groep != SL_GROEP_B;
    case SL_TRIGGER_STAP_4_1:
        return a->has_trajectory && a->stap == SL_STAP_4_1 &&
               (!b->has_trajectory || b->stap != SL_STAP_4_1);
    case SL_TRIGGER_AOS_GEGROND:
        return a->claims_aos_gegrond > b->claims_aos_gegrond;
    case SL_TRIGGER_URGENT_BIJZONDER: {
        bool aa = a->has_trajectory && a->claims_open_urgent > 0 &&
                  a->bijzondere_situatie == SL_FLAG_JA;
        bool bb = b->has_trajectory && b->claims_open_urgent > 0 &&
                  b->bijzondere_situatie == SL_FLAG_JA;
        return aa && !bb;
    }
    case SL_TRIGGER_TOESTEMMING_INGETROKKEN:
        return ch->consent_withdrawn;
    case SL_TRIGGER_AANNEMER_SCHADE:
        return ch->contractor_damage && a->has_trajectory && a->stap == SL_STAP_5_2;
    default:
        return false;
    }
}

static bool oracle_condition(sl_condition c, const sl_dossier_view *a)
{
    switch (c) {
    case SL_COND_GEEN: return true;
    case SL_COND_MET_SCHADES: return has_claim(a);
    case SL_COND_ZONDER_SCHADES: return !has_claim(a);
    case SL_COND_NIET_GEWEIGERD: return !a->opname_geweigerd;
    default: return false;
    }
}

/* A rule set with one rule per trigger (regel = trigger + 1), no conditions. */
static void one_rule_per_trigger(sl_ruleset *rs)
{
    memset(rs, 0, sizeof *rs);
    rs->version = 1;
    for (int t = 0; t < SL_TRIGGER_COUNT; t++) {
        sl_signal_rule *r = &rs->rules[rs->n++];
        r->regel = t + 1;
        r->trigger = (sl_trigger)t;
        r->conditie = SL_COND_GEEN;
        r->aan = SL_AAN_SVIP_IMG;
        r->termijn_dagen = 1;
        r->parameter_dagen = t == SL_TRIGGER_STIL ? 1 : 0;
        memcpy(r->tekst, "x", 2);
    }
}

/* Bit t set when the rule of trigger t (one_rule_per_trigger) fired. */
static unsigned fired_triggers(const sl_ruleset *rs, const sl_dossier_change *ch)
{
    const sl_signal_rule *fired[SL_RULES_MAX];
    size_t n = sl_signals_fire(rs, ch, fired, N(fired));
    assert_true(n <= N(fired));
    unsigned mask = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned bit = 1u << fired[i]->trigger;
        if (mask & bit)
            fail_msg("trigger %s fired twice", sl_trigger_name(fired[i]->trigger));
        mask |= bit;
    }
    return mask;
}

/* ---- names --------------------------------------------------------------- */

static void trigger_names(void **state)
{
    (void)state;
    static const char *const want[SL_TRIGGER_COUNT] = {
        "combinatiedossier", "schade_nieuw", "groep_b", "stap_4_1", "aos_gegrond",
        "urgent_bijzonder", "toestemming_ingetrokken", "aannemer_schade", "stil",
        "opname_gepland", "termijn_nadert", "termijn_verstreken", "dwangsom_loopt",
        "escalatie",
    };
    for (int t = 0; t < SL_TRIGGER_COUNT; t++) {
        const char *name = sl_trigger_name((sl_trigger)t);
        assert_non_null(name);
        assert_string_equal(name, want[t]);
        sl_trigger got = SL_TRIGGER_COUNT;
        assert_true(sl_trigger_parse(name, strlen(name), &got));
        assert_int_equal(got, t);
        /* any case, surrounding spaces */
        char buf[64];
        size_t n = strlen(name);
        buf[0] = ' ';
        for (size_t i = 0; i < n; i++)
            buf[i + 1] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
        buf[n + 1] = '\t';
        got = SL_TRIGGER_COUNT;
        assert_true(sl_trigger_parse(buf, n + 2, &got));
        assert_int_equal(got, t);
    }
    assert_null(sl_trigger_name(SL_TRIGGER_COUNT));
    assert_null(sl_trigger_name((sl_trigger)-1));
    /* only len bytes are read */
    sl_trigger got;
    assert_true(sl_trigger_parse("stilte", 4, &got));
    assert_int_equal(got, SL_TRIGGER_STIL);
    assert_true(sl_trigger_parse("stil", 4, NULL));

    static const char *const bad[] = {
        "", "   ", "groep", "groep_bb", "stap 4.1", "stap_4_2", "combinatie", "stil,",
        "schade-nieuw",
    };
    for (size_t i = 0; i < N(bad); i++)
        if (sl_trigger_parse(bad[i], strlen(bad[i]), &got))
            fail_msg("'%s' accepted as a trigger", bad[i]);
    assert_false(sl_trigger_parse(NULL, 0, &got));
    assert_false(sl_trigger_parse("stilte", 6, &got));
}

static void condition_names(void **state)
{
    (void)state;
    static const char *const want[SL_COND_COUNT] = {
        "", "met_schades", "zonder_schades", "niet_geweigerd",
    };
    for (int c = 0; c < SL_COND_COUNT; c++) {
        const char *name = sl_condition_name((sl_condition)c);
        assert_non_null(name);
        assert_string_equal(name, want[c]);
        sl_condition got = SL_COND_COUNT;
        assert_true(sl_condition_parse(name, strlen(name), &got));
        assert_int_equal(got, c);
    }
    assert_null(sl_condition_name(SL_COND_COUNT));
    static const struct { const char *in; sl_condition c; } ok[] = {
        {"  ", SL_COND_GEEN},           {"geen", SL_COND_GEEN},
        {" Met_Schades ", SL_COND_MET_SCHADES}, {"ZONDER_SCHADES", SL_COND_ZONDER_SCHADES},
        {"niet_geweigerd\t", SL_COND_NIET_GEWEIGERD},
    };
    for (size_t i = 0; i < N(ok); i++) {
        sl_condition got = SL_COND_COUNT;
        if (!sl_condition_parse(ok[i].in, strlen(ok[i].in), &got) || got != ok[i].c)
            fail_msg("'%s' not parsed as %s", ok[i].in, sl_condition_name(ok[i].c));
    }
    sl_condition none = SL_COND_COUNT; /* a NULL column is the empty cell */
    assert_true(sl_condition_parse(NULL, 0, &none));
    assert_int_equal(none, SL_COND_GEEN);
    static const char *const bad[] = {"met", "schades", "onbekend", "met_schades,", "x"};
    for (size_t i = 0; i < N(bad); i++) {
        sl_condition got;
        if (sl_condition_parse(bad[i], strlen(bad[i]), &got))
            fail_msg("'%s' accepted as a condition", bad[i]);
    }
}

static void addressees_round_trip(void **state)
{
    (void)state;
    char buf[96];
    sl_addressees_format(SL_AAN_ALL, buf, sizeof buf);
    assert_string_equal(buf, "svip_img,svip_ncg,zaakbegeleider,bewonersbegeleider,"
                             "coordinator,interventieteam");
    /* every non-empty subset survives format -> parse */
    for (unsigned aan = 1; aan <= SL_AAN_ALL; aan++) {
        memset(buf, 'z', sizeof buf);
        sl_addressees_format(aan, buf, sizeof buf);
        assert_non_null(memchr(buf, '\0', sizeof buf));
        unsigned got = 0;
        if (!sl_addressees_parse(buf, strlen(buf), &got) || got != aan)
            fail_msg("subset %#x: '%s' gave %#x", aan, buf, got);
    }
    sl_addressees_format(0, buf, sizeof buf);
    assert_string_equal(buf, "");
    sl_addressees_format(SL_AAN_COORDINATOR | (1u << 9), buf, sizeof buf);
    assert_string_equal(buf, "coordinator");
    /* a short buffer truncates but stays terminated; cap 0 writes nothing */
    sl_addressees_format(SL_AAN_ALL, buf, 5);
    assert_string_equal(buf, "svip");
    sl_addressees_format(SL_AAN_ALL, buf, 1);
    assert_string_equal(buf, "");
    buf[0] = 'q';
    sl_addressees_format(SL_AAN_ALL, buf, 0);
    assert_int_equal(buf[0], 'q');
}

static void addressees_parse(void **state)
{
    (void)state;
    static const struct { const char *in; unsigned aan; } ok[] = {
        {"svip_img", SL_AAN_SVIP_IMG},
        {" svip_img , Coordinator ", SL_AAN_SVIP_IMG | SL_AAN_COORDINATOR},
        {"interventieteam,svip_ncg", SL_AAN_INTERVENTIETEAM | SL_AAN_SVIP_NCG},
        {"svip_img,svip_img", SL_AAN_SVIP_IMG},
        {"svip_img, svip_ncg, zaakbegeleider, bewonersbegeleider",
         SL_AAN_SVIP_IMG | SL_AAN_SVIP_NCG | SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER},
    };
    for (size_t i = 0; i < N(ok); i++) {
        unsigned got = 0;
        if (!sl_addressees_parse(ok[i].in, strlen(ok[i].in), &got) || got != ok[i].aan)
            fail_msg("'%s' gave %#x, want %#x", ok[i].in, got, ok[i].aan);
    }
    static const char *const bad[] = {
        "", "  ", ",", "svip_img,", ",svip_img", "svip_img,,svip_ncg", "svip", "svip_img;svip_ncg",
        "svip_img svip_ncg", "iedereen", "svip_img,onbekend", "svip-img",
    };
    for (size_t i = 0; i < N(bad); i++) {
        unsigned got = 0xdead;
        if (sl_addressees_parse(bad[i], strlen(bad[i]), &got))
            fail_msg("'%s' accepted as addressees", bad[i]);
        assert_int_equal(got, 0xdead);
    }
    unsigned got;
    assert_false(sl_addressees_parse(NULL, 0, &got));
    assert_true(sl_addressees_parse("svip_ncg,xyz", 8, &got));
    assert_int_equal(got, SL_AAN_SVIP_NCG);
}

/* ---- defaults ------------------------------------------------------------ */

#define VIER (SL_AAN_SVIP_IMG | SL_AAN_SVIP_NCG | SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER)

static void defaults(void **state)
{
    (void)state;
    /* SPEC §4.3 and the header's due periods, written out independently. */
    static const struct {
        int regel;
        const char *variant;
        sl_trigger t;
        sl_condition c;
        unsigned aan;
        int termijn, parameter;
        const char *must_mention;
    } want[] = {
        {1, "", SL_TRIGGER_COMBINATIEDOSSIER, SL_COND_GEEN, VIER, 10, 0, "buddy"},
        {2, "", SL_TRIGGER_SCHADE_NIEUW, SL_COND_GEEN, SL_AAN_BEWONERSBEGELEIDER, 10, 0,
         "schademelding"},
        /* the coordinator also on 3, 8 and 9 (decision 164) */
        {3, "", SL_TRIGGER_GROEP_B, SL_COND_NIET_GEWEIGERD, VIER | SL_AAN_COORDINATOR, 14, 0,
         "gezamenlijke opname"},
        {4, "met_schades", SL_TRIGGER_STAP_4_1, SL_COND_MET_SCHADES, SL_AAN_BEWONERSBEGELEIDER,
         10, 0, "herstel"},
        {4, "zonder_schades", SL_TRIGGER_STAP_4_1, SL_COND_ZONDER_SCHADES,
         SL_AAN_BEWONERSBEGELEIDER, 10, 0, "schade nu te melden"},
        {5, "", SL_TRIGGER_AOS_GEGROND, SL_COND_GEEN, SL_AAN_SVIP_NCG, 10, 0, "toestemming"},
        {6, "", SL_TRIGGER_URGENT_BIJZONDER, SL_COND_GEEN,
         SL_AAN_SVIP_IMG | SL_AAN_SVIP_NCG | SL_AAN_COORDINATOR, 2, 0, "Urgent"},
        {7, "", SL_TRIGGER_AANNEMER_SCHADE, SL_COND_GEEN, SL_AAN_SVIP_IMG | SL_AAN_ZAAKBEGELEIDER,
         5, 0, "aannemer"},
        {8, "", SL_TRIGGER_STIL, SL_COND_GEEN, SL_AAN_INTERVENTIETEAM | SL_AAN_COORDINATOR, 20,
         365,
         "interventieteam"},
        {9, "", SL_TRIGGER_TOESTEMMING_INGETROKKEN, SL_COND_GEEN,
         SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER | SL_AAN_COORDINATOR, 2, 0,
         "toestemming"},
        {10, "", SL_TRIGGER_OPNAME_GEPLAND, SL_COND_GEEN,
         SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER, 5, 0, "gezamenlijke opname"},
        /* the term signals go to the staff of the body whose term it is (decision 186) */
        {11, "", SL_TRIGGER_TERMIJN_NADERT, SL_COND_GEEN,
         SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER, 7, 0, "loopt binnenkort af"},
        {12, "", SL_TRIGGER_TERMIJN_VERSTREKEN, SL_COND_GEEN,
         SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER, 7, 0, "verstreken"},
        {13, "", SL_TRIGGER_DWANGSOM_LOOPT, SL_COND_GEEN,
         SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER, 7, 0, "dwangsom"},
        {14, "", SL_TRIGGER_ESCALATIE, SL_COND_GEEN, SL_AAN_INTERVENTIETEAM | SL_AAN_COORDINATOR,
         10, 0, "interventieteam"},
    };
    sl_ruleset rs;
    memset(&rs, 0x7f, sizeof rs);
    sl_signal_rules_default(&rs);
    assert_int_equal(rs.version, 1);
    assert_int_equal(rs.n, N(want));
    for (size_t w = 0; w < N(want); w++) {
        const sl_signal_rule *r = NULL;
        for (size_t i = 0; i < rs.n; i++)
            if (rs.rules[i].regel == want[w].regel &&
                strcmp(rs.rules[i].variant, want[w].variant) == 0)
                r = &rs.rules[i];
        if (!r)
            fail_msg("rule %d/%s missing", want[w].regel, want[w].variant);
        assert_int_equal(r->trigger, want[w].t);
        assert_int_equal(r->conditie, want[w].c);
        assert_int_equal(r->aan, want[w].aan);
        assert_int_equal(r->termijn_dagen, want[w].termijn);
        assert_int_equal(r->parameter_dagen, want[w].parameter);
        assert_non_null(memchr(r->tekst, '\0', sizeof r->tekst));
        assert_true(strlen(r->tekst) > 20);
        assert_true(valid_utf8(r->tekst));
        if (!strstr(r->tekst, want[w].must_mention))
            fail_msg("rule %d/%s does not mention '%s'", want[w].regel, want[w].variant,
                     want[w].must_mention);
    }
    char reason[160] = "unchanged";
    assert_true(sl_ruleset_valid(&rs, reason, sizeof reason));
    assert_string_equal(reason, "");
    assert_true(sl_ruleset_valid(&rs, NULL, 0));
}

/* ---- validation ---------------------------------------------------------- */

static void set_text(sl_signal_rule *r, const char *t)
{
    memset(r->tekst, 0, sizeof r->tekst);
    memcpy(r->tekst, t, strlen(t) + 1);
}

/* Index of the default rule with this number (the first variant). */
static size_t rule_index(const sl_ruleset *rs, int regel)
{
    for (size_t i = 0; i < rs->n; i++)
        if (rs->rules[i].regel == regel)
            return i;
    fail_msg("no rule %d", regel);
    return 0;
}

enum mutation {
    M_DUP_RULE, M_DUP_VARIANT, M_TERMIJN_0, M_TERMIJN_NEG, M_TERMIJN_BIG, M_STIL_PARAM_0,
    M_STIL_PARAM_NEG, M_STIL_PARAM_BIG, M_PARAM_ON_EVENT, M_TEXT_EMPTY, M_TEXT_BLANK,
    M_TEXT_BAD_BYTE, M_TEXT_OVERLONG, M_TEXT_SURROGATE, M_TEXT_TRUNCATED, M_TEXT_NEWLINE,
    M_TEXT_UNTERMINATED, M_AAN_EMPTY, M_AAN_UNKNOWN, M_N_TOO_BIG, M_N_ZERO, M_VERSION_0,
    M_REGEL_0, M_TRIGGER_BAD, M_COND_BAD, M_VARIANT_UPPER, M_VARIANT_UNTERMINATED,
};

static void mutate(sl_ruleset *rs, enum mutation m)
{
    sl_signal_rule *r1 = &rs->rules[rule_index(rs, 1)];
    sl_signal_rule *r8 = &rs->rules[rule_index(rs, 8)];
    switch (m) {
    case M_DUP_RULE: rs->rules[rule_index(rs, 2)] = *r1; break;
    case M_DUP_VARIANT: {
        size_t i = rule_index(rs, 4);
        memcpy(rs->rules[i + 1].variant, rs->rules[i].variant, sizeof rs->rules[i].variant);
        break;
    }
    case M_TERMIJN_0: r1->termijn_dagen = 0; break;
    case M_TERMIJN_NEG: r1->termijn_dagen = -10; break;
    case M_TERMIJN_BIG: r1->termijn_dagen = 366; break;
    case M_STIL_PARAM_0: r8->parameter_dagen = 0; break;
    case M_STIL_PARAM_NEG: r8->parameter_dagen = -365; break;
    case M_STIL_PARAM_BIG: r8->parameter_dagen = 3651; break;
    case M_PARAM_ON_EVENT: r1->parameter_dagen = 30; break;
    case M_TEXT_EMPTY: set_text(r1, ""); break;
    case M_TEXT_BLANK: set_text(r1, "   "); break;
    case M_TEXT_BAD_BYTE: set_text(r1, "Let op \xff."); break;
    case M_TEXT_OVERLONG: set_text(r1, "Let op \xc0\xaf."); break;
    case M_TEXT_SURROGATE: set_text(r1, "Let op \xed\xa0\x80."); break;
    case M_TEXT_TRUNCATED: set_text(r1, "Let op \xc3"); break;
    case M_TEXT_NEWLINE: set_text(r1, "Let op.\nNu."); break;
    case M_TEXT_UNTERMINATED: memset(r1->tekst, 'a', sizeof r1->tekst); break;
    case M_AAN_EMPTY: r1->aan = 0; break;
    case M_AAN_UNKNOWN: r1->aan |= 1u << 6; break;
    case M_N_TOO_BIG: rs->n = SL_RULES_MAX + 1; break;
    case M_N_ZERO: rs->n = 0; break;
    case M_VERSION_0: rs->version = 0; break;
    case M_REGEL_0: r1->regel = 0; break;
    case M_TRIGGER_BAD: r1->trigger = SL_TRIGGER_COUNT; break;
    case M_COND_BAD: r1->conditie = SL_COND_COUNT; break;
    case M_VARIANT_UPPER: memcpy(r1->variant, "Met", 4); break;
    case M_VARIANT_UNTERMINATED: memset(r1->variant, 'a', sizeof r1->variant); break;
    }
}

static void ruleset_rejects(void **state)
{
    (void)state;
    static const struct { enum mutation m; const char *reason_has; } cases[] = {
        {M_DUP_RULE, "regel 1: komt twee keer voor"},
        {M_DUP_VARIANT, "regel 4/met_schades: komt twee keer voor"},
        {M_TERMIJN_0, "termijn_dagen"},      {M_TERMIJN_NEG, "termijn_dagen"},
        {M_TERMIJN_BIG, "termijn_dagen"},    {M_STIL_PARAM_0, "regel 8: parameter_dagen"},
        {M_STIL_PARAM_NEG, "parameter_dagen"}, {M_STIL_PARAM_BIG, "parameter_dagen"},
        {M_PARAM_ON_EVENT, "parameter_dagen"}, {M_TEXT_EMPTY, "regel 1: tekst is leeg"},
        {M_TEXT_BLANK, "tekst is leeg"},     {M_TEXT_BAD_BYTE, "UTF-8"},
        {M_TEXT_OVERLONG, "UTF-8"},          {M_TEXT_SURROGATE, "UTF-8"},
        {M_TEXT_TRUNCATED, "UTF-8"},         {M_TEXT_NEWLINE, "stuurteken"},
        {M_TEXT_UNTERMINATED, "te lang"},    {M_AAN_EMPTY, "geen geadresseerden"},
        {M_AAN_UNKNOWN, "onbekende geadresseerde"}, {M_N_TOO_BIG, "te veel regels"},
        {M_N_ZERO, "geen regels"},           {M_VERSION_0, "versie"},
        {M_REGEL_0, "regelnummer"},          {M_TRIGGER_BAD, "trigger"},
        {M_COND_BAD, "conditie"},            {M_VARIANT_UPPER, "variant"},
        {M_VARIANT_UNTERMINATED, "variant is te lang"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        sl_ruleset rs;
        sl_signal_rules_default(&rs);
        mutate(&rs, cases[i].m);
        char reason[160] = "";
        if (sl_ruleset_valid(&rs, reason, sizeof reason))
            fail_msg("case %zu accepted", i);
        if (!strstr(reason, cases[i].reason_has))
            fail_msg("case %zu: reason '%s' lacks '%s'", i, reason, cases[i].reason_has);
        assert_true(valid_utf8(reason));
        assert_false(sl_ruleset_valid(&rs, NULL, 0));
        /* a short reason buffer is truncated, not overrun */
        char tiny[6];
        assert_false(sl_ruleset_valid(&rs, tiny, sizeof tiny));
        assert_true(strlen(tiny) < sizeof tiny);
    }
    assert_false(sl_ruleset_valid(NULL, NULL, 0));
}

static void ruleset_accepts(void **state)
{
    (void)state;
    sl_ruleset rs;
    char reason[160];
    /* the same number with distinct variants, and a variant beside "" */
    sl_signal_rules_default(&rs);
    memcpy(rs.rules[rule_index(&rs, 5)].variant, "b", 2);
    rs.rules[rule_index(&rs, 5)].regel = 1;
    assert_true(sl_ruleset_valid(&rs, reason, sizeof reason));
    /* bounds that are still fine */
    sl_signal_rules_default(&rs);
    rs.rules[rule_index(&rs, 1)].termijn_dagen = 1;
    rs.rules[rule_index(&rs, 2)].termijn_dagen = 365;
    rs.rules[rule_index(&rs, 8)].parameter_dagen = 1;
    set_text(&rs.rules[rule_index(&rs, 3)], "é");
    char longest[SL_RULE_TEXT_CAP];
    memset(longest, 'a', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    set_text(&rs.rules[rule_index(&rs, 6)], longest);
    assert_true(sl_ruleset_valid(&rs, reason, sizeof reason));
    /* exactly SL_RULES_MAX rules */
    sl_signal_rules_default(&rs);
    for (size_t i = rs.n; i < SL_RULES_MAX; i++) {
        rs.rules[i] = rs.rules[0];
        rs.rules[i].regel = (int32_t)(100 + i);
    }
    rs.n = SL_RULES_MAX;
    assert_true(sl_ruleset_valid(&rs, reason, sizeof reason));
}

/* ---- firing: each trigger on its edge ------------------------------------ */

#define TRAJ(s) .has_trajectory = true, .stap = (s)

typedef struct edge_case {
    const char *what;
    sl_trigger t;
    sl_dossier_view before, after;
    int32_t new_claims;
    bool fires;
} edge_case;

static const edge_case edges[] = {
    {"combi: nothing -> trajectory + claim", SL_TRIGGER_COMBINATIEDOSSIER, {0},
     {TRAJ(SL_STAP_1_2), .claims_total = 1, .claims_open = 1}, 1, true},
    {"combi: trajectory -> + claim", SL_TRIGGER_COMBINATIEDOSSIER, {TRAJ(SL_STAP_2_1)},
     {TRAJ(SL_STAP_2_1), .claims_total = 1, .claims_open = 1}, 1, true},
    {"combi: claim -> + trajectory", SL_TRIGGER_COMBINATIEDOSSIER,
     {.claims_total = 1, .claims_open = 1},
     {TRAJ(SL_STAP_1_2), .claims_total = 1, .claims_open = 1}, 0, true},
    {"combi: closed claim counts", SL_TRIGGER_COMBINATIEDOSSIER, {TRAJ(SL_STAP_3_1)},
     {TRAJ(SL_STAP_3_1), .claims_total = 1}, 1, true},
    {"combi: delivered trajectory counts", SL_TRIGGER_COMBINATIEDOSSIER, {.claims_total = 2},
     {TRAJ(SL_STAP_OPGELEVERD), .claims_total = 2}, 0, true},
    {"combi: already one", SL_TRIGGER_COMBINATIEDOSSIER,
     {TRAJ(SL_STAP_2_1), .claims_total = 1},
     {TRAJ(SL_STAP_2_1), .claims_total = 2, .claims_open = 1}, 1, false},
    {"combi: claim only", SL_TRIGGER_COMBINATIEDOSSIER, {0}, {.claims_total = 1}, 1, false},
    {"combi: trajectory only", SL_TRIGGER_COMBINATIEDOSSIER, {0}, {TRAJ(SL_STAP_1_2)}, 0,
     false},
    {"combi: trajectory gone", SL_TRIGGER_COMBINATIEDOSSIER,
     {TRAJ(SL_STAP_1_2), .claims_total = 1}, {.claims_total = 1}, 0, false},

    {"schade_nieuw: 2.1", SL_TRIGGER_SCHADE_NIEUW, {TRAJ(SL_STAP_2_1)},
     {TRAJ(SL_STAP_2_1), .claims_total = 1, .claims_open = 1}, 1, true},
    {"schade_nieuw: 5.2, second claim", SL_TRIGGER_SCHADE_NIEUW,
     {TRAJ(SL_STAP_5_2), .claims_total = 1},
     {TRAJ(SL_STAP_5_2), .claims_total = 2, .claims_open = 1}, 1, true},
    {"schade_nieuw: opgeleverd", SL_TRIGGER_SCHADE_NIEUW, {TRAJ(SL_STAP_OPGELEVERD)},
     {TRAJ(SL_STAP_OPGELEVERD), .claims_total = 1, .claims_open = 1}, 1, false},
    {"schade_nieuw: geen versterking", SL_TRIGGER_SCHADE_NIEUW,
     {TRAJ(SL_STAP_GEEN_VERSTERKING)},
     {TRAJ(SL_STAP_GEEN_VERSTERKING), .claims_total = 1, .claims_open = 1}, 1, false},
    {"schade_nieuw: no trajectory", SL_TRIGGER_SCHADE_NIEUW, {0},
     {.claims_total = 1, .claims_open = 1}, 1, false},
    {"schade_nieuw: no new claim", SL_TRIGGER_SCHADE_NIEUW,
     {TRAJ(SL_STAP_2_1), .claims_total = 1, .claims_open = 1},
     {TRAJ(SL_STAP_2_1), .claims_total = 1, .claims_open = 1}, 0, false},
    {"schade_nieuw: negative count", SL_TRIGGER_SCHADE_NIEUW, {TRAJ(SL_STAP_2_1)},
     {TRAJ(SL_STAP_2_1)}, -1, false},

    {"groep_b: none -> B", SL_TRIGGER_GROEP_B, {TRAJ(SL_STAP_2_1)},
     {TRAJ(SL_STAP_2_1), .claims_total = 1, .claims_open = 1, .groep = SL_GROEP_B}, 1, true},
    {"groep_b: A -> B", SL_TRIGGER_GROEP_B, {TRAJ(SL_STAP_1_2), .groep = SL_GROEP_A},
     {TRAJ(SL_STAP_2_1), .groep = SL_GROEP_B}, 0, true},
    {"groep_b: C -> B", SL_TRIGGER_GROEP_B, {TRAJ(SL_STAP_2_1), .groep = SL_GROEP_C},
     {TRAJ(SL_STAP_2_1), .groep = SL_GROEP_B}, 0, true},
    {"groep_b: B -> B", SL_TRIGGER_GROEP_B, {TRAJ(SL_STAP_2_1), .groep = SL_GROEP_B},
     {TRAJ(SL_STAP_2_1), .groep = SL_GROEP_B}, 1, false},
    {"groep_b: B -> C", SL_TRIGGER_GROEP_B, {TRAJ(SL_STAP_2_1), .groep = SL_GROEP_B},
     {TRAJ(SL_STAP_2_1), .groep = SL_GROEP_C}, 0, false},
    {"groep_b: none -> D", SL_TRIGGER_GROEP_B, {TRAJ(SL_STAP_2_1)},
     {TRAJ(SL_STAP_3_1), .groep = SL_GROEP_D}, 0, false},

    {"stap_4_1: no trajectory -> 4.1", SL_TRIGGER_STAP_4_1, {0}, {TRAJ(SL_STAP_4_1)}, 0, true},
    {"stap_4_1: 3.1 -> 4.1", SL_TRIGGER_STAP_4_1, {TRAJ(SL_STAP_3_1)}, {TRAJ(SL_STAP_4_1)}, 0,
     true},
    {"stap_4_1: 4.2 -> 4.1 (back)", SL_TRIGGER_STAP_4_1, {TRAJ(SL_STAP_4_2)},
     {TRAJ(SL_STAP_4_1)}, 0, true},
    {"stap_4_1: stale 4.1 without trajectory", SL_TRIGGER_STAP_4_1,
     {.has_trajectory = false, .stap = SL_STAP_4_1}, {TRAJ(SL_STAP_4_1)}, 0, true},
    {"stap_4_1: 4.1 -> 4.1", SL_TRIGGER_STAP_4_1, {TRAJ(SL_STAP_4_1)}, {TRAJ(SL_STAP_4_1)}, 1,
     false},
    {"stap_4_1: 4.1 -> 4.2", SL_TRIGGER_STAP_4_1, {TRAJ(SL_STAP_4_1)}, {TRAJ(SL_STAP_4_2)}, 0,
     false},
    {"stap_4_1: 3.1 -> 4.2", SL_TRIGGER_STAP_4_1, {TRAJ(SL_STAP_3_1)}, {TRAJ(SL_STAP_4_2)}, 0,
     false},
    {"stap_4_1: trajectory gone", SL_TRIGGER_STAP_4_1, {TRAJ(SL_STAP_3_1)},
     {.has_trajectory = false, .stap = SL_STAP_4_1}, 0, false},

    {"aos: 0 -> 1", SL_TRIGGER_AOS_GEGROND, {.claims_total = 1},
     {.claims_total = 1, .claims_aos_gegrond = 1}, 0, true},
    {"aos: 1 -> 2", SL_TRIGGER_AOS_GEGROND, {.claims_aos_gegrond = 1},
     {.claims_aos_gegrond = 2}, 1, true},
    {"aos: 1 -> 1", SL_TRIGGER_AOS_GEGROND, {.claims_aos_gegrond = 1},
     {.claims_aos_gegrond = 1}, 1, false},
    {"aos: 2 -> 1", SL_TRIGGER_AOS_GEGROND, {.claims_aos_gegrond = 2},
     {.claims_aos_gegrond = 1}, 0, false},
    {"aos: 0 -> 0", SL_TRIGGER_AOS_GEGROND, {0}, {0}, 1, false},

    {"urgent: neither -> both", SL_TRIGGER_URGENT_BIJZONDER, {TRAJ(SL_STAP_2_1)},
     {TRAJ(SL_STAP_2_1), .claims_open = 1, .claims_open_urgent = 1,
      .bijzondere_situatie = SL_FLAG_JA}, 1, true},
    {"urgent: urgent -> + bijzonder", SL_TRIGGER_URGENT_BIJZONDER,
     {TRAJ(SL_STAP_2_1), .claims_open = 1, .claims_open_urgent = 1},
     {TRAJ(SL_STAP_2_1), .claims_open = 1, .claims_open_urgent = 1,
      .bijzondere_situatie = SL_FLAG_JA}, 0, true},
    {"urgent: bijzonder -> + urgent", SL_TRIGGER_URGENT_BIJZONDER,
     {TRAJ(SL_STAP_2_1), .claims_open = 1, .bijzondere_situatie = SL_FLAG_JA},
     {TRAJ(SL_STAP_2_1), .claims_open = 1, .claims_open_urgent = 1,
      .bijzondere_situatie = SL_FLAG_JA}, 0, true},
    {"urgent: unknown flag before", SL_TRIGGER_URGENT_BIJZONDER,
     {TRAJ(SL_STAP_2_1), .claims_open = 1, .claims_open_urgent = 1,
      .bijzondere_situatie = SL_FLAG_UNKNOWN},
     {TRAJ(SL_STAP_2_1), .claims_open = 1, .claims_open_urgent = 1,
      .bijzondere_situatie = SL_FLAG_JA}, 0, true},
    {"urgent: both -> both", SL_TRIGGER_URGENT_BIJZONDER,
     {TRAJ(SL_STAP_2_1), .claims_open = 1, .claims_open_urgent = 1,
      .bijzondere_situatie = SL_FLAG_JA},
     {TRAJ(SL_STAP_2_1), .claims_open = 2, .claims_open_urgent = 2,
      .bijzondere_situatie = SL_FLAG_JA}, 1, false},
    {"urgent: flag unknown after", SL_TRIGGER_URGENT_BIJZONDER, {TRAJ(SL_STAP_2_1)},
     {TRAJ(SL_STAP_2_1), .claims_open = 1, .claims_open_urgent = 1,
      .bijzondere_situatie = SL_FLAG_UNKNOWN}, 1, false},
    {"urgent: flag nee after", SL_TRIGGER_URGENT_BIJZONDER, {TRAJ(SL_STAP_2_1)},
     {TRAJ(SL_STAP_2_1), .claims_open = 1, .claims_open_urgent = 1,
      .bijzondere_situatie = SL_FLAG_NEE}, 1, false},
    {"urgent: bijzonder only", SL_TRIGGER_URGENT_BIJZONDER, {TRAJ(SL_STAP_2_1)},
     {TRAJ(SL_STAP_2_1), .claims_open = 1, .bijzondere_situatie = SL_FLAG_JA}, 1, false},
    {"urgent: flag without trajectory", SL_TRIGGER_URGENT_BIJZONDER, {0},
     {.claims_open = 1, .claims_open_urgent = 1, .bijzondere_situatie = SL_FLAG_JA}, 1,
     false},

    {"stil: never an event", SL_TRIGGER_STIL, {0},
     {TRAJ(SL_STAP_2_1), .claims_total = 1, .claims_open = 1, .claims_open_urgent = 1,
      .claims_aos_gegrond = 1, .bijzondere_situatie = SL_FLAG_JA, .groep = SL_GROEP_B}, 1,
     false},
};

static void trigger_edges(void **state)
{
    (void)state;
    sl_ruleset rs;
    one_rule_per_trigger(&rs);
    int per_trigger[SL_TRIGGER_COUNT][2] = {{0}};
    for (size_t i = 0; i < N(edges); i++) {
        sl_dossier_change ch = {edges[i].before, edges[i].after, edges[i].new_claims, false, false, false};
        bool fired = (fired_triggers(&rs, &ch) >> edges[i].t) & 1u;
        if (fired != edges[i].fires)
            fail_msg("%s: fired %d, want %d", edges[i].what, fired, edges[i].fires);
        /* the table itself agrees with the header's words */
        assert_int_equal(oracle_trigger(edges[i].t, &ch), edges[i].fires);
        per_trigger[edges[i].t][edges[i].fires]++;
    }
    /* every event trigger has cases on both sides of its edge (rule 9's event:
     * consent_edges) */
    for (int t = 0; t < SL_TRIGGER_STIL; t++) {
        if (t == SL_TRIGGER_TOESTEMMING_INGETROKKEN || t == SL_TRIGGER_AANNEMER_SCHADE)
            continue;
        assert_true(per_trigger[t][0] > 0);
        assert_true(per_trigger[t][1] > 0);
    }
}

/* stap_4_1 from every other step and from no trajectory; never 4.1 -> 4.1. */
static void stap_4_1_from_every_step(void **state)
{
    (void)state;
    sl_ruleset rs;
    one_rule_per_trigger(&rs);
    for (int from = -1; from < SL_STAP_COUNT; from++)
        for (int to = 0; to < SL_STAP_COUNT; to++) {
            sl_dossier_change ch = {0};
            ch.before.has_trajectory = from >= 0;
            ch.before.stap = from >= 0 ? (sl_stap)from : SL_STAP_1_2;
            ch.after.has_trajectory = true;
            ch.after.stap = (sl_stap)to;
            bool want = to == SL_STAP_4_1 && from != SL_STAP_4_1;
            bool got = (fired_triggers(&rs, &ch) >> SL_TRIGGER_STAP_4_1) & 1u;
            if (got != want)
                fail_msg("%s -> %s: fired %d", from < 0 ? "none" : sl_stap_name((sl_stap)from),
                         sl_stap_name((sl_stap)to), got);
        }
}

/* ---- firing: exhaustive cross-check against the header's words ------------ */

/* The states of one address that the exhaustive checks walk through. */
static size_t all_views(sl_dossier_view *out, size_t cap)
{
    static const struct { int32_t total, open, urgent; } claims[] = {
        {0, 0, 0}, {1, 0, 0}, {2, 1, 0}, {2, 1, 1},
    };
    static const sl_flag flags[] = {SL_FLAG_NEE, SL_FLAG_JA};
    static const sl_groep groepen[] = {SL_GROEP_NONE, SL_GROEP_B};
    size_t n = 0;
    for (int s = -1; s < SL_STAP_COUNT; s++)
        for (size_t c = 0; c < N(claims); c++)
            for (int aos = 0; aos < 2; aos++)
                for (size_t f = 0; f < N(flags); f++)
                    for (size_t g = 0; g < N(groepen); g++)
                        for (int w = 0; w < 2; w++) {
                            assert_true(n < cap);
                            sl_dossier_view v = {0};
                            v.has_trajectory = s >= 0;
                            v.stap = s >= 0 ? (sl_stap)s : SL_STAP_1_2;
                            v.claims_total = claims[c].total;
                            v.claims_open = claims[c].open;
                            v.claims_open_urgent = claims[c].urgent;
                            v.claims_aos_gegrond = aos;
                            v.bijzondere_situatie = flags[f];
                            v.groep = groepen[g];
                            v.opname_geweigerd = w;
                            out[n++] = v;
                        }
    return n;
}

#define VIEWS_CAP 1024

static void every_trigger_every_pair(void **state)
{
    (void)state;
    static sl_dossier_view views[VIEWS_CAP];
    size_t nv = all_views(views, VIEWS_CAP);
    sl_ruleset rs;
    one_rule_per_trigger(&rs);
    size_t fired_count[SL_TRIGGER_COUNT] = {0};
    for (size_t b = 0; b < nv; b++)
        for (size_t a = 0; a < nv; a++)
            for (int32_t nc = 0; nc < 8; nc++) {
                sl_dossier_change ch = {views[b], views[a], nc & 1, (nc & 2) != 0,
                                        (nc & 4) != 0, false};
                unsigned want = 0;
                for (int t = 0; t < SL_TRIGGER_COUNT; t++)
                    if (oracle_trigger((sl_trigger)t, &ch))
                        want |= 1u << t;
                unsigned got = fired_triggers(&rs, &ch);
                if (got != want)
                    fail_msg("pair %zu -> %zu, new %d: fired %#x, want %#x", b, a, (int)nc,
                             got, want);
                for (int t = 0; t < SL_TRIGGER_COUNT; t++)
                    fired_count[t] += (got >> t) & 1u;
            }
    for (int t = 0; t < SL_TRIGGER_STIL; t++)
        assert_true(fired_count[t] > 0);
    assert_int_equal(fired_count[SL_TRIGGER_STIL], 0);
}

/* The defaults over every pair: triggers and conditions together; rule 3 is
 * held back by a refusal, and on reaching 4.1 exactly one rule 4 variant fires. */
static void defaults_every_pair(void **state)
{
    (void)state;
    static sl_dossier_view views[VIEWS_CAP];
    size_t nv = all_views(views, VIEWS_CAP);
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    size_t rule3_suppressed = 0, reached_4_1 = 0;
    for (size_t b = 0; b < nv; b++)
        for (size_t a = 0; a < nv; a++)
            for (int32_t nc = 0; nc < 8; nc++) {
                sl_dossier_change ch = {views[b], views[a], nc & 1, (nc & 2) != 0,
                                        (nc & 4) != 0, false};
                const sl_signal_rule *fired[SL_RULES_MAX];
                size_t n = sl_signals_fire(&rs, &ch, fired, N(fired));
                /* fired is rs's rules in order, exactly those the oracle names */
                size_t k = 0;
                int rule4 = 0;
                for (size_t i = 0; i < rs.n; i++) {
                    const sl_signal_rule *r = &rs.rules[i];
                    bool want = oracle_trigger(r->trigger, &ch) &&
                                oracle_condition(r->conditie, &ch.after);
                    if (want) {
                        if (k >= n || fired[k] != r)
                            fail_msg("pair %zu -> %zu, new %d: rule %d/%s missing", b, a,
                                     (int)nc, (int)r->regel, r->variant);
                        k++;
                        rule4 += r->regel == 4;
                    }
                    if (r->regel == 3 && oracle_trigger(r->trigger, &ch) &&
                        ch.after.opname_geweigerd) {
                        assert_false(want);
                        rule3_suppressed++;
                    }
                }
                assert_int_equal(k, n);
                if (oracle_trigger(SL_TRIGGER_STAP_4_1, &ch)) {
                    assert_int_equal(rule4, 1);
                    reached_4_1++;
                } else {
                    assert_int_equal(rule4, 0);
                }
            }
    assert_true(rule3_suppressed > 0);
    assert_true(reached_4_1 > 0);
}

static void rule_4_variants(void **state)
{
    (void)state;
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    static const struct { int32_t total, open; const char *variant; } cases[] = {
        {0, 0, "zonder_schades"}, {1, 0, "met_schades"}, {3, 2, "met_schades"},
        {0, 1, "met_schades"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        sl_dossier_change ch = {{TRAJ(SL_STAP_3_1)}, {TRAJ(SL_STAP_4_1)}, 0, false, false, false};
        ch.after.claims_total = cases[i].total;
        ch.after.claims_open = cases[i].open;
        const sl_signal_rule *fired[SL_RULES_MAX];
        size_t n = sl_signals_fire(&rs, &ch, fired, N(fired));
        size_t found = 0;
        for (size_t k = 0; k < n; k++)
            if (fired[k]->regel == 4) {
                assert_string_equal(fired[k]->variant, cases[i].variant);
                found++;
            }
        assert_int_equal(found, 1);
    }
}

static void rule_3_refused(void **state)
{
    (void)state;
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    sl_dossier_change ch = {{TRAJ(SL_STAP_2_1), .claims_total = 1, .groep = SL_GROEP_NONE},
                            {TRAJ(SL_STAP_2_1), .claims_total = 2, .claims_open = 1,
                             .groep = SL_GROEP_B}, 1, false, false, false};
    const sl_signal_rule *fired[SL_RULES_MAX];
    size_t n = sl_signals_fire(&rs, &ch, fired, N(fired));
    assert_int_equal(n, 2); /* 2 and 3 */
    assert_int_equal(fired[1]->regel, 3);
    ch.after.opname_geweigerd = true;
    n = sl_signals_fire(&rs, &ch, fired, N(fired));
    assert_int_equal(n, 1);
    assert_int_equal(fired[0]->regel, 2);
    /* refusal before but not after: the edge is the group, so it fires */
    ch.before.opname_geweigerd = true;
    ch.after.opname_geweigerd = false;
    assert_int_equal(sl_signals_fire(&rs, &ch, fired, N(fired)), 2);
}

/* A signal stands while its rule's condition holds on the address as it now
 * is; every view and every default rule against the oracle, and the reason. */
static void rule_holds(void **state)
{
    (void)state;
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    sl_dossier_view views[4096];
    size_t nv = all_views(views, N(views));
    for (size_t i = 0; i < rs.n; i++)
        for (size_t v = 0; v < nv; v++)
            for (int refused = 0; refused < 2; refused++) {
                sl_dossier_view now = views[v];
                now.opname_geweigerd = refused;
                const char *why = NULL;
                bool holds = sl_signal_rule_holds(&rs.rules[i], &now, &why);
                assert_int_equal(holds, oracle_condition(rs.rules[i].conditie, &now));
                if (!holds)
                    assert_non_null(strstr(why, "Vervallen: "));
                else
                    assert_null(why);
            }
    const sl_signal_rule *r4 = NULL, *r3 = NULL;
    for (size_t i = 0; i < rs.n; i++) {
        if (rs.rules[i].regel == 4 && strcmp(rs.rules[i].variant, "zonder_schades") == 0)
            r4 = &rs.rules[i];
        if (rs.rules[i].regel == 3)
            r3 = &rs.rules[i];
    }
    const char *why = NULL;
    sl_dossier_view claimed = {.has_trajectory = true, .claims_total = 1, .claims_open = 1};
    assert_false(sl_signal_rule_holds(r4, &claimed, &why));
    assert_string_equal(why, "Vervallen: er is nu een schademelding bekend op dit adres.");
    sl_dossier_view declined = {.has_trajectory = true, .opname_geweigerd = true};
    assert_false(sl_signal_rule_holds(r3, &declined, &why));
    assert_string_equal(why, "Vervallen: de bewoner heeft de gezamenlijke opname afgewezen.");
}

/* ---- rule 9: the consent event -------------------------------------------- */

/* toestemming_ingetrokken fires on the event alone, whatever the address's
 * state before and after; without the event it never fires. */
static void consent_edges(void **state)
{
    (void)state;
    sl_ruleset rs;
    one_rule_per_trigger(&rs);
    static const sl_dossier_view views[] = {
        {0},
        {TRAJ(SL_STAP_2_1)},
        {TRAJ(SL_STAP_2_1), .claims_total = 1, .claims_open = 1},
        {.claims_total = 2},
        {TRAJ(SL_STAP_5_2), .claims_total = 1, .groep = SL_GROEP_F},
    };
    for (size_t b = 0; b < N(views); b++)
        for (size_t a = 0; a < N(views); a++)
            for (int32_t nc = 0; nc < 2; nc++)
                for (int ev = 0; ev < 2; ev++) {
                    sl_dossier_change ch = {views[b], views[a], nc, ev == 1, false, false};
                    bool got = (fired_triggers(&rs, &ch) >> SL_TRIGGER_TOESTEMMING_INGETROKKEN) &
                               1u;
                    if (got != (ev == 1))
                        fail_msg("views %zu -> %zu, new %d, event %d: fired %d", b, a, (int)nc,
                                 ev, got);
                }
    /* the default rule 9: to both buddies and the coordinator, due in 2 days, and only rule 9 on a
     * bare withdrawal */
    sl_signal_rules_default(&rs);
    const sl_dossier_view combi = {TRAJ(SL_STAP_2_1), .claims_total = 1, .claims_open = 1};
    sl_dossier_change ch = {combi, combi, 0, true, false, false};
    const sl_signal_rule *fired[SL_RULES_MAX];
    assert_int_equal(sl_signals_fire(&rs, &ch, fired, N(fired)), 1);
    assert_int_equal(fired[0]->regel, 9);
    assert_int_equal(fired[0]->aan, SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER | SL_AAN_COORDINATOR);
    assert_int_equal(fired[0]->termijn_dagen, 2);
    ch.consent_withdrawn = false;
    assert_int_equal(sl_signals_fire(&rs, &ch, fired, N(fired)), 0);
}

/* ---- rule 7: the contractor's damage report ------------------------------- */

/* aannemer_schade fires on the event, and only when the trajectory is in 5.2
 * after the change; without the event it never fires, whatever the state. */
/* Rule 10 fires on the confirmed joint inspection alone, to both buddies, whatever
 * the address looks like; without the event nothing fires for it. */
static void joint_inspection_event(void **state)
{
    (void)state;
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    const sl_dossier_view combi = {TRAJ(SL_STAP_2_1), .claims_total = 1, .claims_open = 1};
    sl_dossier_change ch = {combi, combi, 0, false, false, true};
    const sl_signal_rule *fired[SL_RULES_MAX];
    assert_int_equal(sl_signals_fire(&rs, &ch, fired, N(fired)), 1);
    assert_int_equal(fired[0]->regel, 10);
    assert_int_equal(fired[0]->aan, SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER);
    ch.joint_inspection = false;
    assert_int_equal(sl_signals_fire(&rs, &ch, fired, N(fired)), 0);
}

static void contractor_damage_edges(void **state)
{
    (void)state;
    sl_ruleset rs;
    one_rule_per_trigger(&rs);
    for (int from = -1; from < SL_STAP_COUNT; from++)
        for (int to = -1; to < SL_STAP_COUNT; to++)
            for (int ev = 0; ev < 2; ev++)
                for (int32_t claims = 0; claims < 2; claims++) {
                    sl_dossier_change ch = {0};
                    ch.before.has_trajectory = from >= 0;
                    ch.before.stap = from >= 0 ? (sl_stap)from : SL_STAP_1_2;
                    ch.after.has_trajectory = to >= 0;
                    ch.after.stap = to >= 0 ? (sl_stap)to : SL_STAP_5_2;
                    ch.before.claims_total = ch.after.claims_total = claims;
                    ch.contractor_damage = ev == 1;
                    bool want = ev == 1 && to == SL_STAP_5_2;
                    bool got = (fired_triggers(&rs, &ch) >> SL_TRIGGER_AANNEMER_SCHADE) & 1u;
                    if (got != want)
                        fail_msg("from %d to %d, event %d, claims %d: fired %d", from, to, ev,
                                 (int)claims, got);
                }
    /* the default rule 7: IMG's SVIP desk and the zaakbegeleider, due in 5
     * days, and on a bare report in 5.2 only rule 7 */
    sl_signal_rules_default(&rs);
    const sl_dossier_view bouw = {TRAJ(SL_STAP_5_2), .claims_total = 1, .claims_open = 1};
    sl_dossier_change ch = {bouw, bouw, 0, false, true, false};
    const sl_signal_rule *fired[SL_RULES_MAX];
    assert_int_equal(sl_signals_fire(&rs, &ch, fired, N(fired)), 1);
    assert_int_equal(fired[0]->regel, 7);
    assert_string_equal(fired[0]->variant, "");
    assert_int_equal(fired[0]->aan, SL_AAN_SVIP_IMG | SL_AAN_ZAAKBEGELEIDER);
    assert_int_equal(fired[0]->termijn_dagen, 5);
    assert_non_null(strstr(fired[0]->tekst, "IMG"));
    /* no claim yet: still rule 7 (the report is what IMG needs) */
    const sl_dossier_view zonder = {TRAJ(SL_STAP_5_2)};
    sl_dossier_change ch2 = {zonder, zonder, 0, false, true, false};
    assert_int_equal(sl_signals_fire(&rs, &ch2, fired, N(fired)), 1);
    assert_int_equal(fired[0]->regel, 7);
    /* outside construction, or without the event: nothing */
    ch2.after.stap = ch2.before.stap = SL_STAP_5_1;
    assert_int_equal(sl_signals_fire(&rs, &ch2, fired, N(fired)), 0);
    ch.contractor_damage = false;
    assert_int_equal(sl_signals_fire(&rs, &ch, fired, N(fired)), 0);
    /* the trigger's name round-trips (the rule table stores it by name) */
    sl_trigger t;
    assert_true(sl_trigger_parse("aannemer_schade", 15, &t));
    assert_int_equal(t, SL_TRIGGER_AANNEMER_SCHADE);
}

/* ---- firing: several at once, and the cap --------------------------------- */

static void several_rules_and_cap(void **state)
{
    (void)state;
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    /* a new claim in voorbereiding on an address in 2.1: rules 1, 2 and 3 */
    sl_dossier_change ch = {{TRAJ(SL_STAP_2_1)},
                            {TRAJ(SL_STAP_2_1), .claims_total = 1, .claims_open = 1,
                             .groep = SL_GROEP_B}, 1, false, false, false};
    const sl_signal_rule *fired[SL_RULES_MAX];
    size_t n = sl_signals_fire(&rs, &ch, fired, N(fired));
    assert_int_equal(n, 3);
    assert_int_equal(fired[0]->regel, 1);
    assert_int_equal(fired[1]->regel, 2);
    assert_int_equal(fired[2]->regel, 3);
    for (size_t i = 0; i < n; i++)
        assert_true(fired[i] >= rs.rules && fired[i] < rs.rules + rs.n);

    /* cap 2: the count is still 3, only two pointers are written */
    const sl_signal_rule *sentinel = (const sl_signal_rule *)&rs;
    const sl_signal_rule *small[3] = {NULL, NULL, sentinel};
    assert_int_equal(sl_signals_fire(&rs, &ch, small, 2), 3);
    assert_ptr_equal(small[0], fired[0]);
    assert_ptr_equal(small[1], fired[1]);
    assert_ptr_equal(small[2], sentinel);
    /* cap 0, no array: counting only */
    assert_int_equal(sl_signals_fire(&rs, &ch, NULL, 0), 3);
    assert_int_equal(sl_signals_fire(&rs, &ch, NULL, 5), 3);
    assert_int_equal(sl_signals_fire(NULL, &ch, fired, N(fired)), 0);
    assert_int_equal(sl_signals_fire(&rs, NULL, fired, N(fired)), 0);

    /* everything at once: a new urgent AOS claim on an address that enters 4.1
     * as a special situation: rules 1, 2, 4/met_schades, 5 and 6 */
    sl_dossier_change all = {{0},
                             {TRAJ(SL_STAP_4_1), .claims_total = 1, .claims_open = 1,
                              .claims_open_urgent = 1, .claims_aos_gegrond = 1,
                              .bijzondere_situatie = SL_FLAG_JA, .groep = SL_GROEP_E}, 1, false,
                             false, false};
    n = sl_signals_fire(&rs, &all, fired, N(fired));
    static const int want[] = {1, 2, 4, 5, 6};
    assert_int_equal(n, N(want));
    for (size_t i = 0; i < n; i++)
        assert_int_equal(fired[i]->regel, want[i]);
    assert_string_equal(fired[2]->variant, "met_schades");

    /* nothing changed: nothing fires */
    sl_dossier_change same = {all.after, all.after, 0, false, false, false};
    assert_int_equal(sl_signals_fire(&rs, &same, fired, N(fired)), 0);

    /* an n past SL_RULES_MAX is clamped, never read past the array */
    sl_ruleset big;
    one_rule_per_trigger(&big);
    for (size_t i = 0; i < SL_RULES_MAX; i++)
        big.rules[i] = big.rules[SL_TRIGGER_COMBINATIEDOSSIER];
    big.n = SL_RULES_MAX + 5;
    assert_int_equal(sl_signals_fire(&big, &ch, fired, N(fired)), SL_RULES_MAX);
}

/* Unknown trigger or condition values in a rule never fire. */
static void out_of_range_rules(void **state)
{
    (void)state;
    sl_ruleset rs;
    one_rule_per_trigger(&rs);
    rs.rules[0].conditie = SL_COND_COUNT;
    rs.rules[1].trigger = SL_TRIGGER_COUNT;
    sl_dossier_change ch = {{0},
                            {TRAJ(SL_STAP_2_1), .claims_total = 1, .claims_open = 1}, 1,
                            false, false, false};
    const sl_signal_rule *fired[SL_RULES_MAX];
    assert_int_equal(sl_signals_fire(&rs, &ch, fired, N(fired)), 0);
}

/* ---- rule 8: still ------------------------------------------------------- */

static void still(void **state)
{
    (void)state;
    sl_date today;
    assert_true(sl_date_from_ymd(2024, 6, 1, &today));
    const sl_dossier_view both = {TRAJ(SL_STAP_3_1), .claims_total = 1, .claims_open = 1};
    static const struct { int32_t days_ago, period; bool still; } cases[] = {
        {365, 365, false}, {366, 365, true}, {364, 365, false}, {3000, 365, true},
        {0, 365, false},   {-5, 365, false}, {0, 0, false},     {1, 0, true},
        {31, 30, true},    {30, 30, false},
    };
    for (size_t i = 0; i < N(cases); i++)
        if (sl_dossier_still(&both, today - cases[i].days_ago, today, cases[i].period) !=
            cases[i].still)
            fail_msg("case %zu: %d days ago, period %d", i, (int)cases[i].days_ago,
                     (int)cases[i].period);

    sl_date long_ago = today - 1000;
    for (int s = 0; s < SL_STAP_COUNT; s++) {
        sl_dossier_view v = both;
        v.stap = (sl_stap)s;
        assert_int_equal(sl_dossier_still(&v, long_ago, today, 365), s <= SL_STAP_5_2);
    }
    sl_dossier_view v = both;
    v.has_trajectory = false;
    assert_false(sl_dossier_still(&v, long_ago, today, 365));
    v = both;
    v.claims_open = 0;
    v.claims_total = 4; /* claims, all closed */
    assert_false(sl_dossier_still(&v, long_ago, today, 365));
    assert_false(sl_dossier_still(&both, SL_DATE_NONE, today, 365));
    assert_false(sl_dossier_still(&both, SL_DATE_NONE, today, 0));
    assert_false(sl_dossier_still(&both, long_ago, SL_DATE_NONE, 365));
    assert_false(sl_dossier_still(NULL, long_ago, today, 365));
    /* far-apart day numbers do not overflow */
    assert_true(sl_dossier_still(&both, INT32_MIN + 1, INT32_MAX, INT32_MAX));
    assert_false(sl_dossier_still(&both, INT32_MAX, INT32_MIN + 1, 0));
}

/* A sweep's signal (rule 12 keyed by its term kind) answers to rule 12 without a
 * variant; a rule with the signal's own variant wins; an unknown rule has none. */
static void rule_of_a_keyed_signal(void **state)
{
    (void)state;
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    const sl_signal_rule *r = sl_ruleset_rule_of(&rs, 12, "img_beslistermijn");
    assert_non_null(r);
    assert_int_equal(r->regel, 12);
    assert_string_equal(r->variant, "");
    assert_null(sl_ruleset_rule_of(&rs, 99, ""));
    assert_true(rs.n < SL_RULES_MAX);
    sl_signal_rule own = *r;
    snprintf(own.variant, sizeof own.variant, "%s", "img_beslistermijn");
    own.termijn_dagen = r->termijn_dagen + 1;
    rs.rules[rs.n++] = own;
    const sl_signal_rule *o = sl_ruleset_rule_of(&rs, 12, "img_beslistermijn");
    assert_string_equal(o->variant, "img_beslistermijn");
    assert_int_equal(o->termijn_dagen, r->termijn_dagen + 1);
    assert_string_equal(sl_ruleset_rule_of(&rs, 12, "ncg_stap_2_1")->variant, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trigger_names),
        cmocka_unit_test(condition_names),
        cmocka_unit_test(addressees_round_trip),
        cmocka_unit_test(addressees_parse),
        cmocka_unit_test(defaults),
        cmocka_unit_test(ruleset_rejects),
        cmocka_unit_test(ruleset_accepts),
        cmocka_unit_test(trigger_edges),
        cmocka_unit_test(stap_4_1_from_every_step),
        cmocka_unit_test(every_trigger_every_pair),
        cmocka_unit_test(defaults_every_pair),
        cmocka_unit_test(rule_4_variants),
        cmocka_unit_test(rule_3_refused),
        cmocka_unit_test(rule_holds),
        cmocka_unit_test(consent_edges),
        cmocka_unit_test(contractor_damage_edges),
        cmocka_unit_test(joint_inspection_event),
        cmocka_unit_test(several_rules_and_cap),
        cmocka_unit_test(out_of_range_rules),
        cmocka_unit_test(still),
        cmocka_unit_test(rule_of_a_keyed_signal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
