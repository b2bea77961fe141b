/*
 * termijnregels.c - the term table's versions (decision 159) and the helpers
 * every file of service/termijnbeheer.h shares.
 */
#include <string.h>

#include "core/alloc.h"
#include "service/regels.h"
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

void sl_termijnregels_koppel(sl_termijnregels *r)
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

/* The shipped defaults when the register stored no version; then the definitions. */
static void finish_loaded(sl_termijnregels *out)
{
    if (out->versie == 0) {
        size_t n;
        const sl_termijn_def *d = sl_termijn_defaults(&n);
        out->versie = SL_TERMIJN_REGELVERSIE;
        out->n = 0;
        for (size_t i = 0; i < n && i < sizeof out->regel / sizeof out->regel[0]; i++)
            regel_from_def(&d[i], &out->regel[out->n++]);
    }
    sl_termijnregels_koppel(out);
}

bool sl_termijnregels_laden(sl_store *st, sl_termijnregels *out)
{
    memset(out, 0, sizeof *out);
    if (!sl_store_termijnregels_actief(st, &out->versie, collect_regel, out))
        return false;
    finish_loaded(out);
    return true;
}

void sl_termijnregels_uit(int32_t versie, const sl_termijn_regel *regels, size_t n,
                          sl_termijnregels *out)
{
    memset(out, 0, sizeof *out);
    out->versie = versie;
    for (size_t i = 0; i < n; i++)
        collect_regel(out, &regels[i]);
    finish_loaded(out);
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

/* The older route's shape: every fault in err as "veld: reden; ..." (decision 226). */
static void join_errors(const json_t *errors, char *err, size_t cap)
{
    size_t used = 0, i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        const char *veld = json_string_value(json_object_get(e, "veld"));
        if (veld && strcmp(veld, "reden") == 0)
            veld = "omschrijving";
        int n = snprintf(err + used, cap - used, "%s%s: %s", i ? "; " : "", veld ? veld : "",
                         json_string_value(json_object_get(e, "reden")));
        if (n < 0 || (size_t)n >= cap - used)
            return;
        used += (size_t)n;
    }
}

sl_outcome sl_termijnregels_publiceer(sl_store *st, const sl_actor *by, const char *omschrijving,
                                      const json_t *definities, int32_t *versie, char *err,
                                      size_t cap)
{
    json_t *concept = json_pack("{s:O?}", "definities", (json_t *)definities), *errors = NULL;
    if (!concept)
        return sl_tb_fail(err, cap, SL_ERROR, "onvoldoende geheugen");
    int64_t herberekend;
    sl_outcome rc = sl_regels_publiceer(st, by, SL_REGELS_TERMIJN, SL_REGELS_ELKE_VERSIE,
                                        omschrijving, concept, versie, &herberekend, &errors,
                                        err, cap);
    if (rc == SL_INVALID && err && cap && json_array_size(errors) > 0)
        join_errors(errors, err, cap);
    json_decref(errors);
    json_decref(concept);
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
