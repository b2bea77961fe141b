/*
 * termijnregels.c - the term table's versions (decision 159) and the helpers
 * every file of service/termijnbeheer.h shares.
 */
#include <string.h>

#include "core/alloc.h"
#include "service/termijnbeheer_int.h"

sl_outcome sl_tb_fail(char *err, size_t cap, sl_outcome rc, const char *fmt, ...)
{
    if (err && cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, cap, fmt, ap);
        va_end(ap);
    }
    return rc;
}

sl_outcome sl_tb_store_fail(sl_store *st, char *err, size_t cap)
{
    sl_tb_fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
    sl_store_rollback(st);
    return SL_ERROR;
}

bool sl_tb_log(sl_store *st, const sl_actor *by, int64_t address_id, const char *categorieen,
               const char *gegevens)
{
    /* the sweep acts as the system does elsewhere (service/signals.c): a record
     * without a role would read as a zaakbegeleider of IMG in Mijn woning */
    static const sl_actor sweep = {.gebruiker = "samenloop sweep",
                                   .viewer = {.role = SL_ROLE_BEHEERDER}};
    sl_log_entry e = {.actor = by ? by : &sweep, .doel = "termijnbewaking",
                      .grondslag = "wettelijke_taak", .categorieen = categorieen,
                      .address_id = address_id, .actie = "wijziging", .gegevens = gegevens};
    return sl_logboek_append(st, &e, NULL);
}

const char *sl_tb_text_problem(const char *s, size_t max)
{
    if (!s || !*s)
        return "leeg";
    if (strlen(s) > max)
        return "te lang";
    return NULL;
}

sl_outcome sl_tb_case(sl_store *st, const char *img_id, const char *ncg_id, int64_t *address_id,
                      sl_date *start_hint, char *err, size_t cap)
{
    bool has_img = img_id && *img_id, has_ncg = ncg_id && *ncg_id;
    if (has_img == has_ncg)
        return sl_tb_fail(err, cap, SL_INVALID,
                          "noem precies één zaak: een img_id of een ncg_id");
    bool found;
    if (has_img) {
        sl_claim_record rec;
        if (!sl_store_claim_get(st, img_id, &rec, &found))
            return sl_tb_fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
        if (!found || rec.absent)
            return sl_tb_fail(err, cap, SL_NOT_FOUND, "schade %s bestaat niet", img_id);
        *address_id = rec.address_id;
        if (start_hint)
            *start_hint = rec.claim.ontvangen_op;
        return SL_OK;
    }
    sl_trajectory_record rec;
    if (!sl_store_trajectory_get(st, ncg_id, &rec, &found))
        return sl_tb_fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
    if (!found || rec.absent)
        return sl_tb_fail(err, cap, SL_NOT_FOUND, "traject %s bestaat niet", ncg_id);
    *address_id = rec.address_id;
    if (start_hint)
        *start_hint = rec.traject.stap_sinds;
    return SL_OK;
}

bool sl_tb_acts_for(const sl_actor *by, const char *org)
{
    const sl_viewer *vw = &by->viewer;
    const char *own = sl_account_org_name(vw->org);
    if (!org || strcmp(own, org) != 0)
        return false;
    return vw->role == SL_ROLE_SVIP ||
           (vw->role == SL_ROLE_ZAAKBEGELEIDER && vw->org == SL_ACCOUNT_ORG_IMG) ||
           (vw->role == SL_ROLE_BEWONERSBEGELEIDER && vw->org == SL_ACCOUNT_ORG_NCG);
}

json_t *sl_tb_date_json(sl_date d)
{
    if (d == SL_DATE_NONE)
        return json_null();
    char buf[11];
    sl_date_format(d, buf);
    return json_string(buf);
}

/* ---- the term table ------------------------------------------------------------- */

static void regel_from_def(const sl_termijn_def *d, sl_termijn_regel *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->soort, sizeof r->soort, "%s", d->soort);
    snprintf(r->omschrijving, sizeof r->omschrijving, "%s", d->omschrijving);
    snprintf(r->organisatie, sizeof r->organisatie, "%s", d->organisatie);
    snprintf(r->start_gebeurtenis, sizeof r->start_gebeurtenis, "%s", d->start_gebeurtenis);
    snprintf(r->eind_gebeurtenis, sizeof r->eind_gebeurtenis, "%s", d->eind_gebeurtenis);
    r->lengte = d->lengte;
    r->eenheid = d->eenheid;
    r->wettelijk = d->wettelijk;
    r->fataal = d->fataal;
    r->opschortbaar = d->opschortbaar;
    r->aanname = d->aanname;
    r->verantwoordelijke = d->verantwoordelijke;
    r->waarschuwing_dagen = d->waarschuwing_dagen;
}

/* def[i] borrows regel[i]'s text: call again after copying the struct. */
static void link_defs(sl_termijnregels *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const sl_termijn_regel *g = &r->regel[i];
        r->def[i] = (sl_termijn_def){
            .soort = g->soort, .omschrijving = g->omschrijving, .organisatie = g->organisatie,
            .start_gebeurtenis = g->start_gebeurtenis, .eind_gebeurtenis = g->eind_gebeurtenis,
            .lengte = g->lengte, .eenheid = g->eenheid, .wettelijk = g->wettelijk,
            .fataal = g->fataal, .verantwoordelijke = g->verantwoordelijke,
            .opschortbaar = g->opschortbaar, .waarschuwing_dagen = g->waarschuwing_dagen,
            .regelversie = r->versie, .aanname = g->aanname};
    }
}

static bool collect_regel(void *ctx, const sl_termijn_regel *g)
{
    sl_termijnregels *r = ctx;
    if (r->n == sizeof r->regel / sizeof r->regel[0])
        return true; /* publishing refuses more; an older register cannot hold more */
    r->regel[r->n++] = *g;
    return true;
}

bool sl_termijnregels_laden(sl_store *st, sl_termijnregels *out)
{
    memset(out, 0, sizeof *out);
    if (!sl_store_termijnregels_actief(st, &out->versie, collect_regel, out))
        return false;
    if (out->versie == 0) {
        size_t n;
        const sl_termijn_def *d = sl_termijn_defaults(&n);
        out->versie = SL_TERMIJN_REGELVERSIE;
        out->n = 0;
        for (size_t i = 0; i < n && i < sizeof out->regel / sizeof out->regel[0]; i++)
            regel_from_def(&d[i], &out->regel[out->n++]);
    }
    link_defs(out);
    return true;
}

const sl_termijn_def *sl_termijnregels_def(const sl_termijnregels *r, const char *soort)
{
    for (size_t i = 0; soort && i < r->n; i++)
        if (strcmp(r->regel[i].soort, soort) == 0)
            return &r->def[i];
    return NULL;
}

const sl_termijn_regel *sl_termijnregels_regel(const sl_termijnregels *r, const char *soort)
{
    for (size_t i = 0; soort && i < r->n; i++)
        if (strcmp(r->regel[i].soort, soort) == 0)
            return &r->regel[i];
    return NULL;
}

/* Copies a JSON string member into dst (1..cap-1 bytes); false when missing or too long. */
static bool text_member(const json_t *o, const char *key, char *dst, size_t cap)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s || !*s || strlen(s) >= cap)
        return false;
    memcpy(dst, s, strlen(s) + 1);
    return true;
}

static bool bool_member(const json_t *o, const char *key, bool dflt, bool *out)
{
    const json_t *v = json_object_get(o, key);
    if (!v) {
        *out = dflt;
        return true;
    }
    if (!json_is_boolean(v))
        return false;
    *out = json_is_true(v);
    return true;
}

static bool int_member(const json_t *o, const char *key, json_int_t lo, json_int_t hi,
                       json_int_t dflt, json_int_t *out)
{
    const json_t *v = json_object_get(o, key);
    if (!v) {
        *out = dflt;
        return dflt >= lo;
    }
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return false;
    *out = json_integer_value(v);
    return true;
}

/* One definition from JSON; the field at fault in *veld when it is not valid. */
static bool parse_regel(const json_t *o, sl_termijn_regel *r, const char **veld)
{
    memset(r, 0, sizeof *r);
    json_int_t lengte, lead, per_dag, max;
    const char *eenheid = json_string_value(json_object_get(o, "eenheid"));
    const char *partij = json_string_value(json_object_get(o, "verantwoordelijke"));
    bool ok_unit = false;
    for (int u = SL_UNIT_DAYS; eenheid && u <= SL_UNIT_MONTHS; u++)
        if (strcmp(eenheid, sl_term_unit_name((sl_term_unit)u)) == 0) {
            r->eenheid = (sl_term_unit)u;
            ok_unit = true;
        }
    const char *org = json_string_value(json_object_get(o, "organisatie"));
    *veld = !json_is_object(o)                                                  ? "definities"
            : !text_member(o, "soort", r->soort, sizeof r->soort)             ? "soort"
            : !text_member(o, "omschrijving", r->omschrijving, sizeof r->omschrijving)
                ? "omschrijving"
            : !org || (strcmp(org, "IMG") != 0 && strcmp(org, "NCG") != 0)     ? "organisatie"
            : !text_member(o, "start_gebeurtenis", r->start_gebeurtenis,
                           sizeof r->start_gebeurtenis)                       ? "start_gebeurtenis"
            : !text_member(o, "eind_gebeurtenis", r->eind_gebeurtenis,
                           sizeof r->eind_gebeurtenis)                        ? "eind_gebeurtenis"
            : !int_member(o, "lengte", 1, 3650, 0, &lengte)                    ? "lengte"
            : !ok_unit                                                         ? "eenheid"
            : !bool_member(o, "wettelijk", false, &r->wettelijk)               ? "wettelijk"
            : !bool_member(o, "fataal", false, &r->fataal)                     ? "fataal"
            : !partij || (strcmp(partij, "overheid") != 0 && strcmp(partij, "bewoner") != 0)
                ? "verantwoordelijke"
            : !bool_member(o, "opschortbaar", false, &r->opschortbaar)         ? "opschortbaar"
            : !int_member(o, "waarschuwing_dagen", 0, 365, 0, &lead)
                ? "waarschuwing_dagen"
            : !bool_member(o, "aanname", false, &r->aanname)                   ? "aanname"
            : !int_member(o, "compensatie_per_dag", 0, 100000000, 0, &per_dag)
                ? "compensatie_per_dag"
            : !int_member(o, "compensatie_max", 0, 10000000000, 0, &max)      ? "compensatie_max"
                                                                               : NULL;
    if (*veld)
        return false;
    snprintf(r->organisatie, sizeof r->organisatie, "%s", org);
    r->lengte = (int32_t)lengte;
    r->verantwoordelijke = strcmp(partij, "bewoner") == 0 ? SL_PARTIJ_BEWONER : SL_PARTIJ_OVERHEID;
    r->waarschuwing_dagen = (int32_t)lead;
    r->compensatie_per_dag = per_dag;
    r->compensatie_max = max;
    return true;
}

/* Stores the shipped defaults as version 1 when the register has no version yet,
 * so that the history of the table starts where the evaluations did. */
static bool ensure_first_version(sl_store *st, const char *tijd, int32_t *max)
{
    if (!sl_store_termijnregels_max(st, max))
        return false;
    if (*max > 0)
        return true;
    sl_termijnregels d;
    memset(&d, 0, sizeof d);
    size_t n;
    const sl_termijn_def *defs = sl_termijn_defaults(&n);
    for (size_t i = 0; i < n && i < sizeof d.regel / sizeof d.regel[0]; i++)
        regel_from_def(&defs[i], &d.regel[d.n++]);
    *max = SL_TERMIJN_REGELVERSIE;
    return sl_store_termijnregels_publiceer(st, SL_TERMIJN_REGELVERSIE,
                                            "Termijnen, standaard uit de specificatie",
                                            "samenloop", tijd, d.regel, d.n);
}

sl_outcome sl_termijnregels_publiceer(sl_store *st, const sl_actor *by, const char *omschrijving,
                                      const json_t *definities, int32_t *versie, char *err,
                                      size_t cap)
{
    if (by->viewer.role != SL_ROLE_BEHEERDER)
        return sl_tb_fail(err, cap, SL_FORBIDDEN, "alleen een beheerder stelt termijnen vast");
    const char *why = sl_tb_text_problem(omschrijving, SL_TERMIJN_TEKST_CAP - 1);
    if (why)
        return sl_tb_fail(err, cap, SL_INVALID, "omschrijving: %s", why);
    size_t n = json_array_size(definities);
    sl_termijnregels *r = sl_calloc(1, sizeof *r);
    if (!r)
        return sl_tb_fail(err, cap, SL_ERROR, "onvoldoende geheugen");
    sl_outcome rc = SL_OK;
    if (!json_is_array(definities) || n == 0 || n > sizeof r->regel / sizeof r->regel[0])
        rc = sl_tb_fail(err, cap, SL_INVALID, "definities: een lijst van 1 tot %zu termijnen",
                        sizeof r->regel / sizeof r->regel[0]);
    for (size_t i = 0; rc == SL_OK && i < n; i++) {
        const char *veld;
        if (!parse_regel(json_array_get(definities, i), &r->regel[i], &veld))
            rc = sl_tb_fail(err, cap, SL_INVALID, "definities[%zu].%s: ontbreekt of ongeldig", i,
                            veld);
        for (size_t j = 0; rc == SL_OK && j < i; j++)
            if (strcmp(r->regel[i].soort, r->regel[j].soort) == 0)
                rc = sl_tb_fail(err, cap, SL_INVALID,
                                "definities[%zu].soort: %s staat er twee keer in", i,
                                r->regel[i].soort);
    }
    char tijd[SL_LOG_TIME_CAP], gegevens[64];
    int32_t max = 0;
    if (rc == SL_OK) {
        if (!sl_store_begin(st) || !sl_logboek_now(st, tijd) ||
            !ensure_first_version(st, tijd, &max) ||
            !sl_store_termijnregels_publiceer(st, max + 1, omschrijving, by->gebruiker, tijd,
                                              r->regel, n))
            rc = sl_tb_store_fail(st, err, cap);
    }
    if (rc == SL_OK) {
        snprintf(gegevens, sizeof gegevens, "{\"versie\":%d}", (int)(max + 1));
        if (!sl_tb_log(st, by, 0, "termijn:definitie", gegevens) || !sl_store_commit(st))
            rc = sl_tb_store_fail(st, err, cap);
        else
            *versie = max + 1;
    }
    sl_free(r);
    return rc;
}

json_t *sl_termijnregels_json(const sl_termijnregels *r)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < r->n; i++) {
        const sl_termijn_regel *g = &r->regel[i];
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:b, s:b, s:s, s:b, s:i, s:b, s:I, s:I}",
            "soort", g->soort, "omschrijving", g->omschrijving, "organisatie", g->organisatie,
            "start_gebeurtenis", g->start_gebeurtenis, "eind_gebeurtenis", g->eind_gebeurtenis,
            "lengte", (int)g->lengte, "eenheid", sl_term_unit_name(g->eenheid), "wettelijk",
            g->wettelijk, "fataal", g->fataal, "verantwoordelijke",
            sl_partij_name(g->verantwoordelijke), "opschortbaar", g->opschortbaar,
            "waarschuwing_dagen", (int)g->waarschuwing_dagen, "aanname", g->aanname,
            "compensatie_per_dag", (json_int_t)g->compensatie_per_dag, "compensatie_max",
            (json_int_t)g->compensatie_max);
        if (!o || json_array_append_new(list, o) != 0) {
            json_decref(list);
            return NULL;
        }
    }
    return list ? json_pack("{s:i, s:o}", "versie", (int)r->versie, "definities", list) : NULL;
}

int64_t sl_termijn_compensatie(const sl_termijn_regel *regel, const sl_termijn_def *def,
                               sl_date einde, sl_date eind_gebeurtenis, sl_date vandaag)
{
    if (!def->fataal || def->verantwoordelijke != SL_PARTIJ_OVERHEID ||
        regel->compensatie_per_dag <= 0 || einde == SL_DATE_NONE)
        return 0;
    sl_date until = eind_gebeurtenis != SL_DATE_NONE ? eind_gebeurtenis : vandaag;
    if (until == SL_DATE_NONE || until <= einde)
        return 0;
    int64_t total = (int64_t)(until - einde) * regel->compensatie_per_dag;
    return regel->compensatie_max > 0 && total > regel->compensatie_max ? regel->compensatie_max
                                                                         : total;
}
