/*
 * handlers.h - the API's handlers, one file per resource group
 * (http/h_*.c), and the small helpers they share.
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
/* sessies (http/auth.c): login, who am I, logout */
void h_sessie_nieuw(sl_request *req, sl_response *resp);
void h_sessie_huidig(sl_request *req, sl_response *resp);
void h_sessie_einde(sl_request *req, sl_response *resp);
/* adressen */
void h_adressen_zoek(sl_request *req, sl_response *resp);
void h_adres_get(sl_request *req, sl_response *resp);
/* statistieken */
void h_statistieken(sl_request *req, sl_response *resp);
void h_statistieken_signalen(sl_request *req, sl_response *resp);
/* signalen */
void h_signalen_list(sl_request *req, sl_response *resp);
void h_signaal_get(sl_request *req, sl_response *resp);
void h_signaal_bevestiging(sl_request *req, sl_response *resp);
void h_signaal_afronding(sl_request *req, sl_response *resp);
void h_signaal_afwijzing(sl_request *req, sl_response *resp);

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

/* verzoeken (SVIP information requests) */
void h_verzoeken_list(sl_request *req, sl_response *resp);
void h_verzoek_nieuw(sl_request *req, sl_response *resp);
void h_verzoeken_tellingen(sl_request *req, sl_response *resp);
void h_verzoek_get(sl_request *req, sl_response *resp);
void h_verzoek_antwoord(sl_request *req, sl_response *resp);

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

/* ---- shared helpers ---- */

/* The caller as the sharing rules see them (arrays borrowed from req). */
#include "core/sharing.h"
sl_viewer sl_req_viewer(const sl_request *req);
/* The caller as the processing log names them: account, trace id, viewer. */
sl_actor sl_req_actor(const sl_request *req);
/* Today (UTC) as a day number. */
sl_date sl_req_today(const sl_request *req);
/*
 * Field errors: a handler collects every field error of a request in one
 * "errors" array ({"veld", "reden"}) and answers them together, so a client
 * learns all that is wrong at once (decision 107).
 */
void sl_field_error(json_t *errors, const char *field, const char *reason);
/* 400 with every error in errors and true when there is one; false otherwise.
 * Takes the reference either way. */
bool sl_resp_invalid(sl_response *resp, json_t *errors);
/* Parses a 16-digit nummeraanduiding id; a field error naming `field` when it is not one. */
bool sl_address_id_check(json_t *errors, const char *s, const char *field, int64_t *id);
/* The same for a path parameter: answers 400 itself and returns false. */
bool sl_req_address_id(sl_response *resp, const char *s, const char *field, int64_t *id);

/* The versie in If-Match ("3" or 3; 0 when the header is absent). Answers 400
 * and returns false when the header holds no versie. */
bool sl_req_if_match_versie(const sl_request *req, sl_response *resp, int64_t *versie);
/* The versie If-Match demands for a change to `what` ("het record"): SL_VERSIE_ANY for
 * "*" (any current version, RFC 9110 §13.1.1). Answers 428 and returns false when
 * there is none. */
bool sl_req_if_match_needed(const sl_request *req, sl_response *resp, const char *what,
                            int64_t *versie);

/* The store failed: 500 with a neutral text (the message goes to the log, not the client). */
void sl_resp_store_error(sl_response *resp, sl_store *st);
/* 403 with a plain reason. */
void sl_resp_forbidden(sl_response *resp, const char *detail);
/*
 * Parses the body as a JSON object; when it is not JSON or not an object,
 * answers 415 or 400 and returns NULL. `allowed` lists the accepted keys
 * (NULL-terminated): any other key is a field error appended to `errors`, and
 * the object is returned still, so that the handler adds its own field errors
 * (a missing required field) before it answers.
 */
json_t *sl_req_json_object(const sl_request *req, sl_response *resp, const char *const *allowed,
                           json_t *errors);
/*
 * Pagination of a list: ?pagina=N (from 1) and ?perPagina=M (1..500, default
 * 100); a bad value is a field error appended to `errors`.
 */
void sl_req_page(const sl_request *req, json_t *errors, long *page, long *per_page);
/* For a list whose only checked query is its page: answers 400 itself and returns false. */
bool sl_req_page_only(const sl_request *req, sl_response *resp, long *page, long *per_page);
/* Wraps items (taken) in {"items":[…], "pagina":…, "per_pagina":…, "totaal":…}. */
json_t *sl_page_json(json_t *all_items, long page, long per_page);
/* The same shape for a page a service cut already (items taken), with the total. */
json_t *sl_page_json_total(json_t *items, long page, long per_page, size_t total);

#endif
