/*
 * delivery_log.c - one processing-log record per delivery (delivery_log.h).
 */
#include "service/delivery_log.h"
#include "store/deliveries_store.h"
#include "store/log_store.h"

#include <stdio.h>

static sl_account_org org_of_kind(sl_kind k)
{
    return k == SL_KIND_IMG ? SL_ACCOUNT_ORG_IMG
           : k == SL_KIND_NCG ? SL_ACCOUNT_ORG_NCG
                              : SL_ACCOUNT_ORG_NONE;
}

bool sl_delivery_log_details(const sl_import_report *rep, const char *sha256_hex, char *out,
                             size_t cap)
{
    const sl_delivery_counts *c = &rep->counts;
    int n = snprintf(out, cap,
                     "{\"levering\":%lld,\"soort\":\"%s\",\"sha256\":\"%s\",\"rijen\":%lld,"
                     "\"nieuw\":%lld,\"gewijzigd\":%lld,\"ongewijzigd\":%lld,\"afwezig\":%lld,"
                     "\"afgewezen\":%lld",
                     (long long)rep->delivery_id, sl_kind_name(rep->kind), sha256_hex,
                     (long long)c->rows, (long long)c->nieuw, (long long)c->gewijzigd,
                     (long long)c->ongewijzigd, (long long)c->absent, (long long)c->rejected);
    if (n <= 0 || (size_t)n >= cap)
        return false;
    /* a held delivery changed nothing yet: it says what it would mark absent */
    int m = rep->held ? snprintf(out + n, cap - (size_t)n,
                                 ",\"aangehouden\":true,\"wordt_afwezig\":%lld}",
                                 (long long)rep->would_absent)
                      : snprintf(out + n, cap - (size_t)n, "}");
    return m > 0 && (size_t)m < cap - (size_t)n;
}

bool sl_delivery_finish_logged(sl_store *st, const sl_import_report *rep, const char *sha256_hex,
                               const sl_actor *by)
{
    char details[SL_LOG_DETAIL_CAP], cats[SL_LOG_CATS_CAP];
    if (!sl_delivery_log_details(rep, sha256_hex, details, sizeof details))
        return sl_store_fail(st, "logboek: de gegevens van levering %lld passen niet",
                             (long long)rep->delivery_id);
    /* the kind's records as the categories: what a delivery may change */
    snprintf(cats, sizeof cats, "%s:levering", sl_kind_name(rep->kind));
    sl_actor cli = {.gebruiker = "samenloop import",
                    .viewer = {.role = SL_ROLE_DATASTEWARD, .org = org_of_kind(rep->kind)}};
    sl_log_entry e = {.actor = by ? by : &cli, .doel = "levering",
                      .grondslag = sl_grondslag_name(SL_GRONDSLAG_EIGEN_ORGANISATIE),
                      .categorieen = cats, .actie = "wijziging",
                      .levering_id = rep->delivery_id, .gegevens = details};
    return sl_store_delivery_finish(st, rep->delivery_id, &rep->counts, sha256_hex) &&
           sl_logboek_append(st, &e, NULL);
}
