/*
 * handlers.h - the API's handlers, one file per resource group
 * (http/h_*.c). What they read and write goes through http/request.h.
 */
#ifndef SL_HTTP_HANDLERS_H
#define SL_HTTP_HANDLERS_H

#include "http/api.h"

/* operations: health, readiness, metrics, the OpenAPI document */
void h_healthz(sl_request *req, sl_response *resp);
void h_readyz(sl_request *req, sl_response *resp);
void h_metrics(sl_request *req, sl_response *resp);
void h_openapi(sl_request *req, sl_response *resp);
void h_openapi_yaml(sl_request *req, sl_response *resp);
/* sessies (http/h_sessie.c): login, who am I, logout */
void h_sessie_nieuw(sl_request *req, sl_response *resp);
void h_sessie_huidig(sl_request *req, sl_response *resp);
void h_sessie_einde(sl_request *req, sl_response *resp);
/* adressen */
void h_adressen_zoek(sl_request *req, sl_response *resp);
void h_adres_get(sl_request *req, sl_response *resp);
/* statistieken */
void h_statistieken(sl_request *req, sl_response *resp);
void h_statistieken_signalen(sl_request *req, sl_response *resp);
void h_statistieken_termijnen(sl_request *req, sl_response *resp);
void h_statistieken_doorlooptijden(sl_request *req, sl_response *resp);
void h_statistieken_opnames(sl_request *req, sl_response *resp);
/*
 * The area whose figures are asked for (a gemeente account's own when it does
 * not say), if the caller may see them; else answers 403 and returns false.
 * Every aggregate route asks it.
 */
bool sl_aggregate_scope(const sl_request *req, sl_response *resp, const char **gemeente);
/* signalen */
void h_signalen_list(sl_request *req, sl_response *resp);
void h_signaal_get(sl_request *req, sl_response *resp);
void h_signaal_bevestiging(sl_request *req, sl_response *resp);
void h_signaal_afronding(sl_request *req, sl_response *resp);
void h_signaal_afwijzing(sl_request *req, sl_response *resp);
/* several signals at once (a work list's selection): per-item results */
void h_signalen_bevestigingen(sl_request *req, sl_response *resp);
void h_signalen_afrondingen(sl_request *req, sl_response *resp);
void h_signalen_afwijzingen(sl_request *req, sl_response *resp);

/* leveringen */
void h_levering_nieuw(sl_request *req, sl_response *resp);
void h_leveringen_list(sl_request *req, sl_response *resp);
void h_levering_afwijzingen(sl_request *req, sl_response *resp);
void h_levering_afwezig(sl_request *req, sl_response *resp);
void h_levering_bevestiging(sl_request *req, sl_response *resp);
void h_levering_intrekking(sl_request *req, sl_response *resp);
/* combinatiedossiers */
void h_combinatiedossier_get(sl_request *req, sl_response *resp);
void h_combinatiedossier_patch(sl_request *req, sl_response *resp);
/* toestemmingen */
void h_toestemmingen_list(sl_request *req, sl_response *resp);
void h_toestemming_nieuw(sl_request *req, sl_response *resp);
void h_toestemming_intrekking(sl_request *req, sl_response *resp);
void h_toestemming_bevestiging(sl_request *req, sl_response *resp);
/* logboek */
void h_logboek(sl_request *req, sl_response *resp);
/* joint inspection planning (h_opnames.c, h_capaciteit.c, h_planningen.c) */
void h_opnameverzoeken_list(sl_request *req, sl_response *resp);
void h_opnameverzoek_nieuw(sl_request *req, sl_response *resp);
void h_opnameverzoek_get(sl_request *req, sl_response *resp);
void h_opnameverzoek_intrekking(sl_request *req, sl_response *resp);
void h_capaciteit_list(sl_request *req, sl_response *resp);
void h_capaciteit_put(sl_request *req, sl_response *resp);
void h_planningen_list(sl_request *req, sl_response *resp);
void h_planning_nieuw(sl_request *req, sl_response *resp);
void h_planning_get(sl_request *req, sl_response *resp);
void h_planning_put(sl_request *req, sl_response *resp);
void h_planning_bevestiging(sl_request *req, sl_response *resp);

/* verzoeken (SVIP information requests) */
void h_verzoeken_list(sl_request *req, sl_response *resp);
void h_verzoek_nieuw(sl_request *req, sl_response *resp);
void h_verzoeken_tellingen(sl_request *req, sl_response *resp);
void h_verzoek_get(sl_request *req, sl_response *resp);
void h_verzoek_antwoord(sl_request *req, sl_response *resp);
/* termijnen, ingebrekestellingen, grootboek, escalaties (h_termijnen.c) */
void h_termijnen_list(sl_request *req, sl_response *resp);
void h_termijn_opschorting(sl_request *req, sl_response *resp);
void h_termijn_verlenging(sl_request *req, sl_response *resp);
void h_termijndefinities_get(sl_request *req, sl_response *resp);
void h_termijndefinities_nieuw(sl_request *req, sl_response *resp);
/* h_regels.c: the beheerder's rule tables (issue 17) */
void h_regelset_versies(sl_request *req, sl_response *resp);
void h_regelset_versie(sl_request *req, sl_response *resp);
void h_regelset_voorvertoning(sl_request *req, sl_response *resp);
void h_regelset_publiceer(sl_request *req, sl_response *resp);
void h_ingebrekestellingen_list(sl_request *req, sl_response *resp);
void h_ingebrekestelling_nieuw(sl_request *req, sl_response *resp);
void h_ingebrekestelling_get(sl_request *req, sl_response *resp);
void h_ingebrekestelling_beslissing(sl_request *req, sl_response *resp);
void h_grootboek_get(sl_request *req, sl_response *resp);
void h_grootboek_boeking(sl_request *req, sl_response *resp);
void h_escalaties_list(sl_request *req, sl_response *resp);
void h_escalatie_nieuw(sl_request *req, sl_response *resp);
void h_escalatie_get(sl_request *req, sl_response *resp);
void h_escalatie_put(sl_request *req, sl_response *resp);
void h_escalatie_besluit(sl_request *req, sl_response *resp);

/* schades and trajecten: one record (ETag/If-Match), the contractor's damage report (rule 7) */
void h_schade_get(sl_request *req, sl_response *resp);
void h_schade_patch(sl_request *req, sl_response *resp);
void h_traject_get(sl_request *req, sl_response *resp);
void h_traject_patch(sl_request *req, sl_response *resp);
void h_traject_schademelding(sl_request *req, sl_response *resp);

/* beheer: accounts and their API tokens (beheerder only) */
void h_gebruikers_list(sl_request *req, sl_response *resp);
void h_gebruiker_nieuw(sl_request *req, sl_response *resp);
void h_gebruiker_get(sl_request *req, sl_response *resp);
void h_gebruiker_deactivering(sl_request *req, sl_response *resp);
void h_gebruiker_activering(sl_request *req, sl_response *resp);
void h_gebruiker_wachtwoord(sl_request *req, sl_response *resp);
void h_gebruiker_weergavenaam(sl_request *req, sl_response *resp);
void h_gebruiker_adreslevering(sl_request *req, sl_response *resp);
void h_gebruiker_tokens(sl_request *req, sl_response *resp);
void h_gebruiker_token_nieuw(sl_request *req, sl_response *resp);
void h_token_get(sl_request *req, sl_response *resp);
void h_token_intrekking(sl_request *req, sl_response *resp);

/* begrippen (http/h_begrippen.c): the vocabulary of the register's codes */
void h_begrippen(sl_request *req, sl_response *resp);

#endif
