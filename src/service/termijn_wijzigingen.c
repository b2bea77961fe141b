/*
 * termijn_wijzigingen.c - suspensions and extensions of one term instance
 * (decision 160): rows are only added; ending a running suspension is a new
 * row naming the one it ends.
 */
#include <string.h>

#include "service/termijnbeheer_int.h"

/* The definition, the case's address and body check shared by both changes. */
static sl_outcome check_zaak(sl_store *st, const sl_actor *by, const sl_termijn_zaak *zaak,
                             const sl_termijnregels *regels, const sl_termijn_def **def,
                             int64_t *address_id, sl_date *start, char *err, size_t cap)
{
    *def = sl_termijnregels_def(regels, zaak->soort);
    if (!*def)
        return sl_tb_fail(err, cap, SL_INVALID, "soort: onbekende termijn '%s'", zaak->soort);
    if ((strcmp((*def)->organisatie, "IMG") == 0) != (zaak->img_id[0] != '\0'))
        return sl_tb_fail(err, cap, SL_INVALID, "deze termijn hoort bij een %s",
                          strcmp((*def)->organisatie, "IMG") == 0 ? "schade (img_id)"
                                                                  : "traject (ncg_id)");
    if (!sl_tb_acts_for(by, (*def)->organisatie))
        return sl_tb_fail(err, cap, SL_FORBIDDEN,
                          "alleen medewerkers van %s leggen dit vast voor hun eigen zaken",
                          (*def)->organisatie);
    return sl_tb_case(st, zaak->img_id, zaak->ncg_id, address_id, start, err, cap);
}

typedef struct find_ops {
    int64_t id;
    bool found, ended;
    sl_termijn_opschorting_rij rij;
} find_ops;

static bool find_ops_cb(void *ctx, const sl_termijn_opschorting_rij *o)
{
    find_ops *f = ctx;
    if (o->id == f->id) {
        f->found = true;
        f->rij = *o;
    }
    if (o->vervangt == f->id)
        f->ended = true;
    return true;
}

sl_outcome sl_termijn_opschorten(sl_store *st, const sl_actor *by, const sl_termijn_zaak *zaak,
                                 sl_date van, sl_date tot, int64_t vervangt, const char *reden,
                                 int64_t *id, char *err, size_t cap)
{
    sl_termijnregels regels;
    const sl_termijn_def *def;
    int64_t address_id;
    sl_date start = SL_DATE_NONE;
    if (!sl_termijnregels_laden(st, &regels))
        return sl_tb_fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
    sl_outcome rc = check_zaak(st, by, zaak, &regels, &def, &address_id, &start, err, cap);
    if (rc != SL_OK)
        return rc;
    if (!def->opschortbaar)
        return sl_tb_fail(err, cap, SL_INVALID, "de termijn %s kan niet worden opgeschort",
                          def->soort);
    const char *why = sl_tb_text_problem(reden, SL_TERMIJN_TEKST_CAP - 1);
    if (why)
        return sl_tb_fail(err, cap, SL_INVALID, "reden: %s", why);
    if (!sl_store_begin(st))
        return sl_tb_store_fail(st, err, cap);
    if (vervangt) {
        find_ops f = {.id = vervangt};
        if (!sl_store_opschortingen_scan(st, zaak, find_ops_cb, &f))
            return sl_tb_store_fail(st, err, cap);
        rc = !f.found ? sl_tb_fail(err, cap, SL_NOT_FOUND, "opschorting %lld van deze termijn"
                                   " bestaat niet", (long long)vervangt)
             : f.rij.tot != SL_DATE_NONE || f.ended
                 ? sl_tb_fail(err, cap, SL_CONFLICT, "opschorting %lld is al beëindigd",
                              (long long)vervangt)
                 : SL_OK;
        van = f.rij.van;
        if (rc == SL_OK && tot == SL_DATE_NONE)
            rc = sl_tb_fail(err, cap, SL_INVALID, "tot: de dag waarop de opschorting eindigt");
    }
    if (rc == SL_OK && van == SL_DATE_NONE)
        rc = sl_tb_fail(err, cap, SL_INVALID, "van: ontbreekt");
    if (rc == SL_OK && tot != SL_DATE_NONE && tot <= van)
        rc = sl_tb_fail(err, cap, SL_INVALID, "tot: ligt niet na van");
    if (rc != SL_OK) {
        sl_store_rollback(st);
        return rc;
    }
    sl_termijn_opschorting_rij o = {.zaak = *zaak, .van = van, .tot = tot, .vervangt = vervangt};
    snprintf(o.reden, sizeof o.reden, "%s", reden);
    snprintf(o.door, sizeof o.door, "%s", by->gebruiker);
    char gegevens[128];
    if (!sl_logboek_now(st, o.vastgelegd_op) || !sl_store_opschorting_add(st, &o))
        return sl_tb_store_fail(st, err, cap);
    snprintf(gegevens, sizeof gegevens, "{\"soort\":\"%s\",\"opschorting\":%lld}", zaak->soort,
             (long long)o.id);
    if (!sl_tb_log(st, by, address_id, "termijn:opschorting", gegevens) || !sl_store_commit(st))
        return sl_tb_store_fail(st, err, cap);
    if (id)
        *id = o.id;
    return SL_OK;
}

sl_outcome sl_termijn_verlengen(sl_store *st, const sl_actor *by, const sl_termijn_zaak *zaak,
                                sl_date nieuw_einde, const char *reden, int64_t *id, char *err,
                                size_t cap)
{
    sl_termijnregels regels;
    const sl_termijn_def *def;
    int64_t address_id;
    sl_date start = SL_DATE_NONE;
    if (!sl_termijnregels_laden(st, &regels))
        return sl_tb_fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
    sl_outcome rc = check_zaak(st, by, zaak, &regels, &def, &address_id, &start, err, cap);
    if (rc != SL_OK)
        return rc;
    const char *why = sl_tb_text_problem(reden, SL_TERMIJN_TEKST_CAP - 1);
    if (why)
        return sl_tb_fail(err, cap, SL_INVALID, "reden: %s", why);
    if (nieuw_einde == SL_DATE_NONE)
        return sl_tb_fail(err, cap, SL_INVALID, "nieuw_einde: ontbreekt");
    /* the claim's start is known here; other starts are checked by the evaluation */
    if (strcmp(def->start_gebeurtenis, "ontvangen_op") == 0 && start != SL_DATE_NONE &&
        nieuw_einde <= start)
        return sl_tb_fail(err, cap, SL_INVALID,
                          "nieuw_einde: ligt niet na de start van de termijn");
    sl_termijn_verlenging_rij v = {.zaak = *zaak, .nieuw_einde = nieuw_einde};
    snprintf(v.reden, sizeof v.reden, "%s", reden);
    snprintf(v.door, sizeof v.door, "%s", by->gebruiker);
    char gegevens[128];
    if (!sl_store_begin(st) || !sl_logboek_now(st, v.vastgelegd_op) ||
        !sl_store_verlenging_add(st, &v))
        return sl_tb_store_fail(st, err, cap);
    snprintf(gegevens, sizeof gegevens, "{\"soort\":\"%s\",\"verlenging\":%lld}", zaak->soort,
             (long long)v.id);
    if (!sl_tb_log(st, by, address_id, "termijn:verlenging", gegevens) || !sl_store_commit(st))
        return sl_tb_store_fail(st, err, cap);
    if (id)
        *id = v.id;
    return SL_OK;
}
