/*
 * routes.c - every route of the API in one table: method, path pattern,
 * handler, and whether an account is needed before the handler runs. The
 * handlers deny by default beyond that. docs/api/openapi.json describes the
 * same routes; tests/integration/test_api.py checks that the two agree.
 */
#include "http/handlers.h"

const sl_route sl_routes[] = {
    {"GET", "/healthz", h_healthz, SL_ACCESS_PUBLIC},
    {"GET", "/readyz", h_readyz, SL_ACCESS_PUBLIC},
    {"GET", "/metrics", h_metrics, SL_ACCESS_PUBLIC},
    {"GET", "/api/v1/openapi.json", h_openapi, SL_ACCESS_PUBLIC},
    {"GET", "/api/v1/openapi.yaml", h_openapi_yaml, SL_ACCESS_PUBLIC},
    {"POST", "/api/v1/sessies", h_sessie_nieuw, SL_ACCESS_PUBLIC},
    {"GET", "/api/v1/sessies/huidig", h_sessie_huidig, SL_ACCESS_AUTHENTICATED},
    {"DELETE", "/api/v1/sessies/huidig", h_sessie_einde, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/adressen", h_adressen_zoek, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/adressen/{nummeraanduiding_id}", h_adres_get, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/statistieken", h_statistieken, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/statistieken/signalen", h_statistieken_signalen, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/signalen", h_signalen_list, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/signalen/{id}", h_signaal_get, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/signalen/{id}/bevestiging", h_signaal_bevestiging, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/signalen/{id}/afronding", h_signaal_afronding, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/signalen/{id}/afwijzing", h_signaal_afwijzing, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/combinatiedossiers/{nummeraanduiding_id}", h_combinatiedossier_get,
     SL_ACCESS_AUTHENTICATED},
    {"PATCH", "/api/v1/combinatiedossiers/{nummeraanduiding_id}", h_combinatiedossier_patch,
     SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/toestemmingen", h_toestemmingen_list, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/toestemmingen", h_toestemming_nieuw, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/toestemmingen/{id}/intrekking", h_toestemming_intrekking,
     SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/toestemmingen/{id}/bevestiging", h_toestemming_bevestiging,
     SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/logboek", h_logboek, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/leveringen", h_leveringen_list, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/leveringen", h_levering_nieuw, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/leveringen/{id}/afwijzingen", h_levering_afwijzingen,
     SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/leveringen/{id}/afwezig", h_levering_afwezig, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/leveringen/{id}/bevestiging", h_levering_bevestiging,
     SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/leveringen/{id}/intrekking", h_levering_intrekking,
     SL_ACCESS_AUTHENTICATED},
    /* verzoeken: tellingen before {id}, which would match it */
    {"GET", "/api/v1/verzoeken", h_verzoeken_list, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/verzoeken", h_verzoek_nieuw, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/verzoeken/tellingen", h_verzoeken_tellingen, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/verzoeken/{id}", h_verzoek_get, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/verzoeken/{id}/antwoord", h_verzoek_antwoord, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/schades/{img_id}", h_schade_get, SL_ACCESS_AUTHENTICATED},
    {"PATCH", "/api/v1/schades/{img_id}", h_schade_patch, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/trajecten/{ncg_id}", h_traject_get, SL_ACCESS_AUTHENTICATED},
    {"PATCH", "/api/v1/trajecten/{ncg_id}", h_traject_patch, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/trajecten/{ncg_id}/schademeldingen", h_traject_schademelding,
     SL_ACCESS_AUTHENTICATED},
    /* beheer: accounts and API tokens */
    {"GET", "/api/v1/gebruikers", h_gebruikers_list, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/gebruikers", h_gebruiker_nieuw, SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/gebruikers/{naam}", h_gebruiker_get, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/gebruikers/{naam}/deactivering", h_gebruiker_deactivering,
     SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/gebruikers/{naam}/activering", h_gebruiker_activering,
     SL_ACCESS_AUTHENTICATED},
    {"PUT", "/api/v1/gebruikers/{naam}/wachtwoord", h_gebruiker_wachtwoord,
     SL_ACCESS_AUTHENTICATED},
    {"PUT", "/api/v1/gebruikers/{naam}/weergavenaam", h_gebruiker_weergavenaam,
     SL_ACCESS_AUTHENTICATED},
    {"PUT", "/api/v1/gebruikers/{naam}/adreslevering", h_gebruiker_adreslevering,
     SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/gebruikers/{naam}/tokens", h_gebruiker_tokens, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/gebruikers/{naam}/tokens", h_gebruiker_token_nieuw,
     SL_ACCESS_AUTHENTICATED},
    {"GET", "/api/v1/tokens/{id}", h_token_get, SL_ACCESS_AUTHENTICATED},
    {"POST", "/api/v1/tokens/{id}/intrekking", h_token_intrekking, SL_ACCESS_AUTHENTICATED},
    {NULL, NULL, NULL, SL_ACCESS_PUBLIC},
};

bool sl_route_takes_file(const sl_route *r)
{
    /* exactly the upload route: not every path that starts like it */
    return r->handler == h_levering_nieuw;
}

const char *sl_route_also_answers(const sl_route *r)
{
    if (r->handler == h_levering_afwijzingen || r->handler == h_levering_afwezig)
        return "text/csv";
    if (r->handler == h_metrics)
        return "text/plain";
    if (r->handler == h_openapi_yaml)
        return "application/yaml";
    return NULL;
}
