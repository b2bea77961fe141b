/*
 * import_json.c - import reports as JSON (see import_json.h).
 */
#include "service/import_json.h"
#include "store/deliveries_store.h"

#include <string.h>

json_t *sl_import_report_json(const sl_import_report *r)
{
    const sl_delivery_counts *c = &r->counts;
    json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b}", "file",
                          r->file, "kind", sl_kind_name(r->kind), "rows", (json_int_t)c->rows,
                          "imported", (json_int_t)c->imported, "rejected",
                          (json_int_t)c->rejected, "absent", (json_int_t)c->absent, "nieuw",
                          (json_int_t)c->nieuw, "gewijzigd", (json_int_t)c->gewijzigd,
                          "ongewijzigd", (json_int_t)c->ongewijzigd, "signalen",
                          (json_int_t)r->signals, "nulmeting", r->baseline);
    if (!o)
        return NULL;
    json_t *unknown = json_array();
    if (unknown) {
        char buf[sizeof r->unknown_columns];
        memcpy(buf, r->unknown_columns, sizeof buf);
        for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save))
            json_array_append_new(unknown, json_string(tok));
        json_object_set_new(o, "onbekende_kolommen", unknown);
    }
    if (!r->processed)
        json_object_set_new(o, "error", json_string(r->error));
    if (r->absent_skipped)
        json_object_set_new(o, "afwezig_overgeslagen", json_true());
    if (r->delivery_id)
        json_object_set_new(o, "levering_id", json_integer(r->delivery_id));
    if (r->held) {
        json_object_set_new(o, "aangehouden", json_true());
        json_object_set_new(o, "wordt_afwezig", json_integer(r->would_absent));
        json_object_set_new(o, "huidig", json_integer(r->current));
    }
    return o;
}
