/*
 * begrippen.c - the words for the register's codes, as tables. The names and
 * explanations were reviewed for plain language (issue 17); they moved here
 * from web/src/labels.js unchanged, so change a word here and every face
 * follows.
 */
#include "core/begrippen.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const sl_begrip rollen[] = {
    {"zaakbegeleider", "Zaakbegeleider (IMG)", NULL},
    {"bewonersbegeleider", "Bewonersbegeleider (NCG)", NULL},
    {"svip", "SVIP-medewerker", NULL},
    {"coordinator", "Coördinator", NULL},
    {"interventieteam", "Interventieteam", NULL},
    {"planner", "Planner", NULL},
    {"gemeente", "Gemeente", NULL},
    {"management", "Management", NULL},
    {"datasteward", "Datasteward", NULL},
    {"bewoner", "Bewoner", NULL},
    {"beheerder", "Beheerder", NULL},
};

static const sl_begrip potentieel[] = {
    {"geen_schademelding",
         "Geen schademelding",
         "Er is nooit schade gemeld bij IMG. Samenwerken is nu niet nodig; wel kan "
         "de bewoner worden gewezen op het melden van schade."},
    {"melding_afgehandeld",
         "Melding afgehandeld",
         "Alle schademeldingen zijn afgehandeld. Een uitgekeerd bedrag kan de "
         "bewoner meenemen in de versterking."},
    {"beide_lopend",
         "Beide lopend",
         "Er loopt een schademelding bij IMG én een versterkingstraject bij NCG. "
         "Hier kunnen beide organisaties samenwerken."},
    {"alleen_schade_lopend",
         "Alleen schade lopend",
         "Er loopt een schademelding, maar de versterking is klaar of niet nodig. "
         "IMG handelt de schade af."},
};

static const sl_begrip groepen[] = {
    {"A",
         "Groep A",
         "Samenwerken is onwaarschijnlijk: NCG kan nog niet plannen, terwijl IMG al "
         "bezig is."},
    {"B", "Groep B", "Samenwerken is mogelijk: eerst een gezamenlijke opname, daarna afstemmen."},
    {"C", "Groep C", "Samenwerken is onwaarschijnlijk: IMG is al verder dan NCG."},
    {"D", "Groep D", "Samenwerken is beperkt mogelijk: nog niet bekend of versterken nodig is."},
    {"E",
         "Groep E",
         "Samenwerken is mogelijk in de afhandeling. IMG kan de schade voorrang "
         "geven; een al betaald bedrag kan de bewoner inbrengen."},
    {"F",
         "Groep F",
         "Samenwerken is onwaarschijnlijk: de aannemersovereenkomst is getekend. "
         "Schade die de aannemer vindt, gaat naar IMG."},
};

static const sl_begrip fasen[] = {
    {"voorbereiding", "Voorbereiding", NULL},
    {"opname", "Opname", NULL},
    {"zienswijze", "Zienswijze", NULL},
    {"beschikking", "Beschikking", NULL},
    {"afgehandeld", "Afgehandeld", NULL},
};

static const sl_begrip stappen[] = {
    {"1.2", "Op de lijst, bewoner geïnformeerd", NULL},
    {"2.1", "Opname plannen", NULL},
    {"3.1", "Beoordeling", NULL},
    {"4.1", "Versterkingsadvies", NULL},
    {"4.2", "Plan voor de bouw", NULL},
    {"5.1", "Bouw voorbereiden", NULL},
    {"5.2", "Bouw", NULL},
    {"opgeleverd", "Opgeleverd", NULL},
    {"geen versterking", "Geen versterking nodig", NULL},
};

/* The regelingen of a claim (SPEC §3), by vocab.h's canonical spelling. */
static const sl_begrip regelingen[] = {
    {"fysieke schade", "Fysieke schade", NULL},
    {"AOS", "Acuut onveilige situatie (AOS)", NULL},
    {"HEA", "HEA", NULL},
    {"HIN", "HIN", NULL},
    {"duurzaam herstel", "Duurzaam herstel", NULL},
    {"waardedaling", "Waardedaling", NULL},
    {"immateriële schade", "Immateriële schade", NULL},
    {"mestkelder", "Mestkelder", NULL},
    {"overig", "Overige schade", NULL},
};

static const sl_begrip samenwerking[] = {
    {"geen", "Nog geen samenwerking", NULL},
    {"gezamenlijke_opname_gepland", "Gezamenlijke opname gepland", NULL},
    {"integraal_plan", "Integraal plan", NULL},
    {"afgerond", "Afgerond", NULL},
    {"afgewezen_door_bewoner", "Afgewezen door bewoner", NULL},
};

static const sl_begrip grondslagen[] = {
    {"eigen_organisatie", "Eigen organisatie", NULL},
    {"wettelijke_taak_samenloop", "Wettelijke taak (samenloop-AMvB)", NULL},
    {"toestemming", "Toestemming van de bewoner", NULL},
    {"eigen_adres", "Uw eigen adres", NULL},
    {"geen", "Geen grondslag", NULL},
};

static const sl_begrip signaalstatussen[] = {
    {"open", "Open", NULL},
    {"bevestigd", "Bevestigd", NULL},
    {"afgerond", "Afgerond", NULL},
    {"afgewezen", "Afgewezen", NULL},
};

static const sl_begrip regels[] = {
    {"1", "Nieuwe samenloop", NULL},
    {"2", "Schade op adres in versterking", NULL},
    {"3", "Versterking op adres met schade", NULL},
    {"4", "Versterkingsadvies: schade meenemen?", NULL},
    {"5", "AOS gegrond: voordragen bij NCG", NULL},
    {"6", "Urgent combinatiedossier", NULL},
    {"7", "Schade gevonden tijdens bouw", NULL},
    {"8", "Vastgelopen dossier", NULL},
    {"9", "Toestemming ingetrokken", NULL},
    {"10", "Gezamenlijke opname gepland", NULL},
    {"11", "Termijn loopt bijna af", NULL},
    {"12", "Termijn verstreken", NULL},
    {"13", "Dwangsom loopt", NULL},
    {"14", "Escalatie bij het interventieteam", NULL},
};

static const sl_begrip gemeenten[] = {
    {"0014", "Groningen", NULL},
    {"1966", "Het Hogeland", NULL},
    {"1952", "Midden-Groningen", NULL},
    {"1979", "Eemsdelta", NULL},
    {"1895", "Oldambt", NULL},
    {"1969", "Westerkwartier", NULL},
    {"0047", "Veendam", NULL},
    {"0765", "Pekela", NULL},
    {"0037", "Stadskanaal", NULL},
    {"1950", "Westerwolde", NULL},
    {"1680", "Aa en Hunze", NULL},
    {"0106", "Assen", NULL},
    {"1730", "Tynaarlo", NULL},
    {"1699", "Noordenveld", NULL},
    {"1731", "Midden-Drenthe", NULL},
};

static const sl_begrip elementen[] = {
    {"bezoekadres", "Eén bezoekadres voor de bewoner", NULL},
    {"gecoordineerde_afhandeling", "Gecoördineerde afhandeling", NULL},
    {"coordinator", "Een vaste coördinator", NULL},
    {"informatiedocument", "Eén informatiedocument", NULL},
    {"totaalopname", "Eén totaalopname", NULL},
    {"herstel_met_versterking", "Herstel samen met versterking", NULL},
};

static const sl_begrip elementstatussen[] = {
    {"gevraagd", "Gevraagd", NULL},
    {"geregeld", "Geregeld", NULL},
    {"afgewezen", "Afgewezen", NULL},
};

static const sl_begrip termijnsoorten[] = {
    {"img_beslistermijn", "Beslistermijn IMG", NULL},
    {"bezwaartermijn", "Bezwaartermijn", NULL},
    {"beslistermijn_bezwaar", "Beslistermijn op bezwaar", NULL},
};

static const sl_begrip termijnstatussen[] = {
    {"lopend", "Loopt", NULL},
    {"verstreken", "Verstreken", NULL},
    {"gehaald", "Gehaald", NULL},
    {"opgeschort", "Opgeschort", NULL},
};

static const sl_begrip escalatiestatussen[] = {
    {"aangemeld", "Aangemeld", NULL},
    {"in_behandeling", "In behandeling", NULL},
    {"besloten", "Besloten", NULL},
    {"gesloten", "Gesloten", NULL},
};

static const sl_begrip escalatieaanleidingen[] = {
    {"vastgelopen", "Dossier zit vast", NULL},
    {"termijn_tweemaal_gemist", "Termijn twee keer gemist", NULL},
};

static const sl_begrip planredenen[] = {
    {"geen_capaciteit",
         "Geen ruimte: IMG of NCG heeft in deze periode, vanaf de vroegste datum, "
         "geen dag voor opnames in deze gemeente.",
         NULL},
    {"geen_overlap",
         "Geen passende dagen: de dagen van IMG en NCG liggen steeds meer dan twee "
         "dagen uit elkaar.",
         NULL},
    {"niet_beschikbaar",
         "De bewoner kan niet: op elke mogelijke combinatie van dagen is de bewoner "
         "niet thuis.",
         NULL},
    {"capaciteit_vol",
         "Vol: er waren passende dagen, maar die gingen naar verzoeken die eerder "
         "binnenkwamen.",
         NULL},
};

static const sl_begrip termen[] = {
    {"P50",
         "P50",
         "Risicoprofiel P50: een gemiddelde kans dat het huis niet aan de "
         "veiligheidsnorm voldoet."},
    {"P90",
         "P90",
         "Risicoprofiel P90: een hogere kans dat het huis niet aan de "
         "veiligheidsnorm voldoet."},
    {"HRA",
         "HRA",
         "HRA: hoog-risicoadres, een huis met de grootste kans op onveiligheid; het "
         "gaat voor."},
    {"VBS",
         "VBS",
         "VBS: versterking in een bijzondere situatie, zoals een huis dat tegelijk "
         "verbouwd wordt."},
    {"typologie", "typologie", "Typologie-batch: huizen van hetzelfde bouwtype, samen beoordeeld."},
    {"herbeoordeling",
         "herbeoordeling",
         "Herbeoordeling: huizen die na een nieuwe rekenmethode opnieuw worden "
         "beoordeeld."},
    {"Bouwimpuls",
         "Bouwimpuls",
         "Bouwimpuls: een regeling voor sloop en nieuwbouw in plaats van versterken."},
    {"Koploper",
         "Koploper",
         "Koploper: een van de eerste huizen in een gebied, als voorbeeld voor de "
         "rest."},
    {"AOS",
         "AOS",
         "AOS: acuut onveilige situatie, een huis waar het nu al onveilig is door "
         "schade."},
    {"AMvB",
         "AMvB",
         "AMvB: de Algemene Maatregel van Bestuur over samenloop (9 juni 2023). Die "
         "zegt wat IMG en NCG samen regelen en wat de bewoner kan vragen."},
};

/* The requests the SVIP desk registers (SPEC §6), each with the line the desk
 * reads under the choice. */
static const sl_begrip verzoektypen[] = {
    {"statusuitwisseling", "Status uitwisselen", "Hoe ver is de schademelding of het versterkingsadvies?"},
    {"medewerkers_koppelen",
         "Medewerkers koppelen",
         "De zaakbegeleider en de bewonersbegeleider met elkaar in contact brengen."},
    {"versnelling", "Versnellen of voorrang", "Vragen om een dossier sneller af te handelen, soms met voorrang."},
    {"anders", "Anders", "Een andere vraag over dit adres."},
};

static const sl_begrip verzoekstatussen[] = {
    {"open", "Open", NULL},
    {"beantwoord", "Beantwoord", NULL},
};

/* The purposes a person works for (core/sharing.c, role_doelen). */
static const sl_begrip doelen[] = {
    {"svip_verzoek", "Informatieverzoek beantwoorden (SVIP)", NULL},
    {"statusuitwisseling", "Status uitwisselen", NULL},
    {"samenloop", "Schade en versterking afstemmen (samenloop)", NULL},
    {"integraal_plan", "Eén plan voor herstel en versterking maken", NULL},
    {"eigen_inzage", "Uw eigen gegevens inzien", NULL},
};

/* The collaboration states as the resident reads them in Mijn woning: one sentence
 * addressed to "u", where staff read the short name of `samenwerking` (decision 253).
 * "geen" has none: there is nothing to tell the resident yet. */
static const sl_begrip samenwerking_bewoner[] = {
    {"gezamenlijke_opname_gepland", "IMG en NCG komen samen bij u langs voor een opname.", NULL},
    {"integraal_plan",
         "IMG en NCG maken samen één plan voor het herstel van de schade en de versterking.",
         NULL},
    {"afgerond", "IMG en NCG hebben hun samenwerking voor uw huis afgerond.", NULL},
    {"afgewezen_door_bewoner", "U hebt gekozen om schade en versterking apart te laten behandelen.", NULL},
};

/* Why someone looked at the resident's data, and on what basis, as Mijn woning's
 * processing log tells the resident (decision 253): every purpose and basis a log
 * record carries, the register's own (the sweep's, a signal's) as well. */
static const sl_begrip doelen_bewoner[] = {
    {"samenloop", "Om uw schade en de versterking op elkaar af te stemmen", NULL},
    {"statusuitwisseling", "Om te weten hoe ver uw zaak is", NULL},
    {"svip_verzoek", "Om een vraag van een collega van de andere organisatie te beantwoorden", NULL},
    {"integraal_plan", "Om één plan te maken voor herstel en versterking", NULL},
    {"eigen_inzage", "U bekeek uw eigen gegevens", NULL},
    {"signaal", "Om een taak over uw huis af te handelen", NULL},
    {"termijnbewaking", "Om te bewaken dat IMG en NCG op tijd beslissen", NULL},
};

static const sl_begrip grondslagen_bewoner[] = {
    {"wettelijke_taak_samenloop", "De wet: de regels voor huizen met schade én versterking", NULL},
    {"toestemming", "Uw toestemming", NULL},
    {"eigen_organisatie", "Het is hun eigen zaak over uw huis", NULL},
    {"eigen_adres", "Het is uw eigen huis", NULL},
    {"combinatiedossier", "Het dossier dat IMG en NCG samen over uw huis bijhouden", NULL},
    {"signaal_geadresseerde", "De taak was voor deze medewerker", NULL},
    {"wettelijke_taak", "De wet: de taak van IMG en NCG", NULL},
};

/* The resident's choice for the strengthening (vocab.h's keuze). */
static const sl_begrip keuzes[] = {
    {"ncg", "NCG voert de versterking uit", NULL},
    {"eigen regie", "De bewoner versterkt in eigen regie", NULL},
    {"afzien", "De bewoner ziet af van versterking (met duurzaamheidsmaatregelen)", NULL},
    {"onbekend", "Onbekend", NULL},
};

#define LIJST(key, tab) {key, tab, N(tab)}

static const sl_begrippenlijst lijsten[] = {
    LIJST("rollen", rollen),
    LIJST("potentieel", potentieel),
    LIJST("groepen", groepen),
    LIJST("fasen", fasen),
    LIJST("stappen", stappen),
    LIJST("regelingen", regelingen),
    LIJST("samenwerking", samenwerking),
    LIJST("grondslagen", grondslagen),
    LIJST("signaalstatussen", signaalstatussen),
    LIJST("regels", regels),
    LIJST("gemeenten", gemeenten),
    LIJST("elementen", elementen),
    LIJST("elementstatussen", elementstatussen),
    LIJST("termijnsoorten", termijnsoorten),
    LIJST("termijnstatussen", termijnstatussen),
    LIJST("escalatiestatussen", escalatiestatussen),
    LIJST("escalatieaanleidingen", escalatieaanleidingen),
    LIJST("planredenen", planredenen),
    LIJST("termen", termen),
    LIJST("verzoektypen", verzoektypen),
    LIJST("verzoekstatussen", verzoekstatussen),
    LIJST("doelen", doelen),
    LIJST("samenwerking_bewoner", samenwerking_bewoner),
    LIJST("doelen_bewoner", doelen_bewoner),
    LIJST("grondslagen_bewoner", grondslagen_bewoner),
    LIJST("keuzes", keuzes),
};

const sl_begrippenlijst *sl_begrippen(size_t *n)
{
    *n = N(lijsten);
    return lijsten;
}

const sl_begrippenlijst *sl_begrippenlijst_get(const char *lijst)
{
    for (size_t i = 0; lijst && i < N(lijsten); i++)
        if (strcmp(lijsten[i].lijst, lijst) == 0)
            return &lijsten[i];
    return NULL;
}

const sl_begrip *sl_begrip_get(const char *lijst, const char *code)
{
    const sl_begrippenlijst *l = sl_begrippenlijst_get(lijst);
    for (size_t i = 0; l && code && i < l->n; i++)
        if (strcmp(l->begrippen[i].code, code) == 0)
            return &l->begrippen[i];
    return NULL;
}

const char *sl_begrip_naam(const char *lijst, const char *code)
{
    const sl_begrip *b = sl_begrip_get(lijst, code);
    return b ? b->naam : code ? code : "";
}

const char *sl_fase_naam(sl_fase f)
{
    return sl_begrip_naam("fasen", sl_fase_name(f));
}

const char *sl_stap_naam(sl_stap s)
{
    return sl_begrip_naam("stappen", sl_stap_name(s));
}
