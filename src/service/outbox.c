/*
 * outbox.c - handing the outbox's events to workers (service/outbox.h). The
 * claim's guarantees are the store's (sl_store_outbox_claim); this checks
 * what a worker asks for and writes an event as JSON.
 */
#include "service/outbox.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "service/jsonw.h"

void sl_outbox_worker_name(char *buf, size_t cap)
{
    char host[128];
    if (gethostname(host, sizeof host) != 0)
        snprintf(host, sizeof host, "onbekend");
    host[sizeof host - 1] = '\0';
    snprintf(buf, cap, "%s:%ld", host, (long)getpid());
}

static bool name_ok(const char *bezorger, char *err, size_t errcap)
{
    if (!bezorger || !*bezorger || strlen(bezorger) > SL_OUTBOX_NAME_MAX) {
        snprintf(err, errcap, "de naam van de bezorger is leeg of langer dan %d tekens",
                 SL_OUTBOX_NAME_MAX);
        return false;
    }
    return true;
}

static bool store_ok(sl_store *st, bool ok, char *err, size_t errcap)
{
    if (!ok)
        snprintf(err, errcap, "%s", sl_store_errmsg(st));
    return ok;
}

bool sl_outbox_take(sl_store *st, const char *bezorger, int max, int lease_s,
                    sl_outbox_batch *out, char *err, size_t errcap)
{
    out->items = NULL;
    out->n = 0;
    if (!name_ok(bezorger, err, errcap))
        return false;
    if (max < 1 || max > SL_OUTBOX_MAX_BATCH) {
        snprintf(err, errcap, "het aantal gebeurtenissen moet tussen 1 en %d liggen",
                 SL_OUTBOX_MAX_BATCH);
        return false;
    }
    if (lease_s < 1 || lease_s > SL_OUTBOX_MAX_LEASE_S) {
        snprintf(err, errcap, "de claimduur moet tussen 1 en %d seconden liggen",
                 SL_OUTBOX_MAX_LEASE_S);
        return false;
    }
    return store_ok(st, sl_store_outbox_claim(st, bezorger, max, (int64_t)lease_s * 1000, out),
                    err, errcap);
}

bool sl_outbox_done(sl_store *st, int64_t id, const char *bezorger, bool *held, char *err,
                    size_t errcap)
{
    *held = false;
    return name_ok(bezorger, err, errcap) &&
           store_ok(st, sl_store_outbox_delivered(st, id, bezorger, held), err, errcap);
}

bool sl_outbox_give_back(sl_store *st, int64_t id, const char *bezorger, int retry_s,
                         const char *reden, bool *held, char *err, size_t errcap)
{
    *held = false;
    if (!name_ok(bezorger, err, errcap))
        return false;
    if (retry_s < 0 || retry_s > SL_OUTBOX_MAX_RETRY_S) {
        snprintf(err, errcap, "opnieuw proberen moet binnen 0 en %d seconden",
                 SL_OUTBOX_MAX_RETRY_S);
        return false;
    }
    if (!reden || !*reden || strlen(reden) > SL_OUTBOX_REASON_MAX) {
        snprintf(err, errcap, "de reden is leeg of langer dan %d tekens", SL_OUTBOX_REASON_MAX);
        return false;
    }
    return store_ok(st,
                    sl_store_outbox_failed(st, id, bezorger, (int64_t)retry_s * 1000, reden,
                                           held),
                    err, errcap);
}

char *sl_outbox_message_json(const sl_outbox_message *m)
{
    json_t *gegevens = json_loads(m->gegevens, JSON_DECODE_ANY, NULL);
    if (!gegevens)
        return NULL;
    sl_jw w;
    sl_jw_init(&w);
    sl_jw_object(&w);
    sl_jw_key(&w, "id");
    sl_jw_int(&w, m->id);
    sl_jw_key(&w, "soort");
    sl_jw_string(&w, m->soort);
    sl_jw_key(&w, "onderwerp");
    sl_jw_string(&w, m->onderwerp);
    sl_jw_key(&w, "sleutel");
    sl_jw_string(&w, m->sleutel);
    sl_jw_key(&w, "aangemaakt_op");
    sl_jw_string(&w, m->aangemaakt_op);
    sl_jw_key(&w, "pogingen");
    sl_jw_int(&w, m->pogingen);
    sl_jw_key(&w, "gegevens");
    sl_jw_json(&w, gegevens);
    sl_jw_object_end(&w);
    json_decref(gegevens);
    size_t len;
    return sl_jw_finish(&w, &len);
}
