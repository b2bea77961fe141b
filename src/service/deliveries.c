/*
 * deliveries.c - deliveries per body, held ones confirmed by a second
 * steward (see deliveries.h).
 */
#include "service/deliveries.h"
#include "store/deliveries_store.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "service/delivery_hold.h"

static sl_steward steward_of(const sl_delivery_caller *c)
{
    sl_steward s = {.rol = c->actor->viewer.role, .org = c->actor->viewer.org,
                    .levert_adressen = c->levert_adressen};
    return s;
}

static sl_outcome store_error(sl_store *st, char *err, size_t errcap)
{
    snprintf(err, errcap, "%s", sl_store_errmsg(st));
    return SL_ERROR;
}

/* One processing-log record about a delivery, in its own transaction or the caller's. */
static bool log_delivery(sl_store *st, const sl_actor *by, const char *what)
{
    sl_log_entry e = {.actor = by, .doel = "levering", .grondslag = "bronhouder",
                      .categorieen = what, .address_id = 0, .actie = "wijziging"};
    return sl_logboek_append(st, &e, NULL);
}

/* The attempt to deliver another body's kind, in the log: nothing else was written. */
static bool log_refused(sl_store *st, const sl_actor *by, sl_kind kind)
{
    char what[96];
    snprintf(what, sizeof what, "levering=%s:geweigerd", sl_kind_name(kind));
    if (!sl_store_begin(st))
        return false;
    if (!log_delivery(st, by, what) || !sl_store_commit(st)) {
        sl_store_rollback(st);
        return false;
    }
    return true;
}

static bool keep_dir_of(const sl_delivery_settings *s, char out[4096])
{
    return sl_delivery_keep_dir(s->register_path, s->keep_dir, out, 4096);
}

sl_outcome sl_delivery_upload(sl_store *st, const sl_delivery_caller *c,
                                      const sl_delivery_settings *s, const char *path,
                                      sl_import_report *report, char *err, size_t errcap)
{
    sl_steward who = steward_of(c);
    char keep[4096];
    bool can_keep = keep_dir_of(s, keep);
    /* by: the delivery's processing-log record names the data steward (decision 87) */
    sl_import_hooks hooks = {.by = c->actor, .today = s->today,
                             .kinds_refused = sl_steward_refused_kinds(&who),
                             .door = c->actor->gebruiker, .hold_absent = true,
                             .max_absent_percent = s->max_absent_percent,
                             .keep_dir = can_keep ? keep : NULL};
    if (sl_import_file(st, path, &hooks, report))
        return SL_OK;
    if (!report->refused)
        return SL_UNPROCESSABLE;
    const char *why = NULL;
    sl_steward_may_deliver(&who, report->kind, &why);
    snprintf(err, errcap, "%s", why ? why : report->error);
    snprintf(report->error, sizeof report->error, "%s", err);
    if (!log_refused(st, c->actor, report->kind))
        return store_error(st, err, errcap);
    return SL_FORBIDDEN;
}

typedef struct visible_ctx {
    sl_steward who;
    sl_delivery_cb cb;
    void *ctx;
} visible_ctx;

static bool visible_only(void *p, const sl_delivery_row *d)
{
    visible_ctx *v = p;
    return !sl_steward_may_see(&v->who, d->kind) || v->cb(v->ctx, d);
}

bool sl_deliveries_visible(sl_store *st, const sl_delivery_caller *c, sl_delivery_cb cb,
                           void *ctx)
{
    visible_ctx v = {steward_of(c), cb, ctx};
    return sl_store_deliveries_scan(st, visible_only, &v);
}

sl_outcome sl_delivery_find(sl_store *st, const sl_delivery_caller *c, int64_t id,
                                    sl_delivery_row *out, char *err, size_t errcap)
{
    bool found = false;
    if (id <= 0)
        return SL_NOT_FOUND;
    if (!sl_store_delivery_get(st, id, out, &found))
        return store_error(st, err, errcap);
    sl_steward who = steward_of(c);
    /* another body's delivery is as unknown as one that does not exist */
    return found && sl_steward_may_see(&who, out->kind) ? SL_OK : SL_NOT_FOUND;
}

sl_outcome sl_delivery_rejects(sl_store *st, const sl_delivery_caller *c, int64_t id,
                                       sl_delivery_row *out, sl_reject_cb2 cb, void *ctx,
                                       char *err, size_t errcap)
{
    sl_outcome r = sl_delivery_find(st, c, id, out, err, errcap);
    if (r == SL_OK && !sl_store_rejects_of(st, id, cb, ctx))
        return store_error(st, err, errcap);
    return r;
}

sl_outcome sl_delivery_absent(sl_store *st, const sl_delivery_caller *c, int64_t id,
                                      sl_delivery_row *out, sl_key_cb cb, void *ctx, char *err,
                                      size_t errcap)
{
    sl_outcome r = sl_delivery_find(st, c, id, out, err, errcap);
    if (r == SL_OK && !sl_store_delivery_absent_of(st, id, cb, ctx))
        return store_error(st, err, errcap);
    return r;
}

/* A held delivery the caller may settle: found, held, of a kind the caller delivers. */
static sl_outcome settleable(sl_store *st, const sl_delivery_caller *c, int64_t id,
                                     sl_delivery_row *d, char *err, size_t errcap)
{
    sl_outcome r = sl_delivery_find(st, c, id, d, err, errcap);
    if (r != SL_OK)
        return r;
    sl_steward who = steward_of(c);
    const char *why = NULL;
    if (!sl_steward_may_deliver(&who, d->kind, &why)) {
        snprintf(err, errcap, "%s", why);
        return SL_FORBIDDEN;
    }
    if (d->status != SL_DELIVERY_AANGEHOUDEN) {
        snprintf(err, errcap, "deze levering wordt niet (meer) aangehouden: %s",
                 sl_delivery_state_name(d->status));
        return SL_CONFLICT;
    }
    return SL_OK;
}

typedef struct confirm_ctx {
    const sl_delivery_caller *c;
    int64_t held_id;
    bool settled;
    bool raced; /* someone else settled it first */
} confirm_ctx;

/* In the transaction of the confirming import: the held delivery is settled and logged. */
static bool settle_confirmed(void *p, sl_store *st, const sl_import_report *rep)
{
    confirm_ctx *k = p;
    char what[96];
    snprintf(what, sizeof what, "levering=%lld:bevestigd", (long long)k->held_id);
    if (!sl_store_delivery_settle(st, k->held_id, SL_DELIVERY_BEVESTIGD, k->c->actor->gebruiker,
                                  rep->delivery_id, &k->settled))
        return false;
    if (!k->settled) {
        k->raced = true;
        return sl_store_fail(st, "de levering is intussen al afgehandeld");
    }
    return log_delivery(st, k->c->actor, what);
}

sl_outcome sl_delivery_confirm(sl_store *st, const sl_delivery_caller *c,
                                       const sl_delivery_settings *s, int64_t id,
                                       sl_import_report *report, char *err, size_t errcap)
{
    memset(report, 0, sizeof *report);
    sl_delivery_row d;
    sl_outcome r = settleable(st, c, id, &d, err, errcap);
    if (r != SL_OK)
        return r;
    if (d.geleverd_door[0] && strcasecmp(d.geleverd_door, c->actor->gebruiker) == 0) {
        snprintf(err, errcap, "vier ogen: een andere datasteward van %s bevestigt deze levering, "
                 "niet wie haar leverde", sl_account_org_name(c->actor->viewer.org));
        return SL_FORBIDDEN;
    }
    char keep[4096], path[4096];
    if (!keep_dir_of(s, keep) || !sl_delivery_kept_path(keep, id, d.bestand, path, sizeof path)) {
        snprintf(err, errcap, "het bewaarde bestand is niet te vinden");
        return SL_ERROR;
    }
    if (access(path, R_OK) != 0) { /* e.g. a register restored without its -leveringen */
        snprintf(err, errcap, "het bewaarde bestand van deze levering ontbreekt: trek haar in "
                 "en lever het bestand opnieuw");
        return SL_CONFLICT;
    }
    confirm_ctx k = {.c = c, .held_id = id};
    /* the confirming steward applies it, and the processing log names them */
    sl_import_hooks hooks = {.by = c->actor, .today = s->today,
                             .door = d.geleverd_door[0] ? d.geleverd_door : NULL,
                             .before_commit = settle_confirmed, .commit_ctx = &k};
    if (!sl_import_file(st, path, &hooks, report)) {
        snprintf(err, errcap, "%s", report->error);
        return k.raced ? SL_CONFLICT : SL_ERROR;
    }
    sl_delivery_kept_remove(keep, id, d.bestand);
    return SL_OK;
}

sl_outcome sl_delivery_withdraw(sl_store *st, const sl_delivery_caller *c,
                                        const sl_delivery_settings *s, int64_t id,
                                        sl_delivery_row *out, char *err, size_t errcap)
{
    sl_outcome r = settleable(st, c, id, out, err, errcap);
    if (r != SL_OK)
        return r;
    char what[96];
    snprintf(what, sizeof what, "levering=%lld:ingetrokken", (long long)id);
    bool settled = false;
    if (!sl_store_begin(st))
        return store_error(st, err, errcap);
    if (!sl_store_delivery_settle(st, id, SL_DELIVERY_INGETROKKEN, c->actor->gebruiker, 0,
                                  &settled) ||
        (settled && !log_delivery(st, c->actor, what)) || !sl_store_commit(st)) {
        sl_store_rollback(st);
        return store_error(st, err, errcap);
    }
    if (!settled) {
        snprintf(err, errcap, "de levering is intussen al afgehandeld");
        return SL_CONFLICT;
    }
    char keep[4096];
    if (keep_dir_of(s, keep))
        sl_delivery_kept_remove(keep, id, out->bestand);
    out->status = SL_DELIVERY_INGETROKKEN;
    snprintf(out->afgehandeld_door, sizeof out->afgehandeld_door, "%s", c->actor->gebruiker);
    return SL_OK;
}
