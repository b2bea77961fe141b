/*
 * signal_json.c - JSON shapes of signals and dossiers (see signal_json.h).
 */
#include "service/signal_json.h"

#include "core/bag.h"
#include "store/dossiers_store.h"

/* Returns s, or JSON null for an empty string: "unknown" is null in the API. */
static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *sl_signal_json(const sl_signal *s)
{
    char id[17], due[11];
    sl_bag_format(s->address_id, id);
    sl_date_format(s->vervalt_op, due);
    json_t *aan = json_array();
    for (size_t i = 0; aan && i < s->n_aan; i++)
        json_array_append_new(aan, json_pack("{s:s, s:s, s:o}", "org", sl_org_name(s->aan[i].org),
                                             "rol", s->aan[i].rol, "persoon",
                                             str_or_null(s->aan[i].persoon)));
    json_t *o = json_pack("{s:I, s:i, s:s, s:i, s:s, s:s, s:o, s:s, s:s, s:s}", "id",
                          (json_int_t)s->id, "regel", (int)s->regel, "variant", s->variant,
                          "regelversie", (int)s->regelversie, "nummeraanduiding_id", id,
                          "status", sl_signal_status_name(s->status), "aan", aan,
                          "aangemaakt", s->aangemaakt_op, "vervalt_op", due, "tekst", s->tekst);
    if (o && s->gewijzigd_door[0]) {
        json_object_set_new(o, "gewijzigd_door", json_string(s->gewijzigd_door));
        json_object_set_new(o, "gewijzigd_op", json_string(s->gewijzigd_op));
    }
    if (o && s->reden[0])
        json_object_set_new(o, "reden", json_string(s->reden));
    return o;
}

json_t *sl_dossier_row_json(const sl_dossier_row *row, const sl_dossier_view *view)
{
    char id[17];
    sl_bag_format(row->address_id, id);
    return json_pack("{s:s, s:o, s:o, s:o, s:s, s:b, s:I, s:s, s:o}", "nummeraanduiding_id", id,
                     "zaakbegeleider", str_or_null(row->zaakbegeleider), "bewonersbegeleider",
                     str_or_null(row->bewonersbegeleider), "coordinator",
                     str_or_null(row->coordinator), "samenwerking", row->samenwerking,
                     "actueel", row->actueel, "versie", (json_int_t)row->versie, "potentieel",
                     view->has_trajectory ? sl_potentieel_name(view->potentieel) : "",
                     "groep", str_or_null(sl_groep_name(view->groep)));
}
