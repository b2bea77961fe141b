/*
 * dossier_peildatum.c - today's dossier wound back to the end of a day (see
 * dossier_peildatum.h). Timestamps compare as text: the store writes them all
 * as YYYY-MM-DDTHH:MM:SSZ (UTC), so "before the next midnight" is a string
 * comparison with that midnight.
 */
#include "service/dossier_peildatum.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "store/records_store.h"

/* The fields the history holds, and those shown as they are today. */
static const char UIT_HISTORIE[] = "fase en fase_sinds, stap en stap_sinds, afwezig, "
                                   "classificatie, combinatiedossier, signalen en historie";
static const char UITLEG[] =
    "Dit is het dossier zoals het register het kende aan het eind van deze dag. Fase, stap, "
    "classificatie, combinatiedossier en signalen komen uit de historie; andere gegevens "
    "(zoals namen, data en bedragen) bewaart het register niet per dag en staan zoals ze nu zijn.";

typedef struct first_known {
    const char *cutoff;
    bool address_known;
    char address_since[32];
    json_t *later; /* {"schade:IMG-1": true, …}: records not known yet */
} first_known;

static bool first_known_cb(void *ctx, const char *onderwerp, const char *sleutel,
                           const char *sinds)
{
    first_known *f = ctx;
    bool known = !sinds[0] || strcmp(sinds, f->cutoff) < 0; /* nothing proves it later */
    if (strcmp(onderwerp, "adres") == 0) {
        f->address_known = known;
        snprintf(f->address_since, sizeof f->address_since, "%s", sinds);
        return true;
    }
    if (known)
        return true;
    char key[64];
    snprintf(key, sizeof key, "%s:%s", onderwerp, sleutel);
    return json_object_set_new(f->later, key, json_true()) == 0;
}

static bool later(const first_known *f, const char *onderwerp, const char *sleutel)
{
    char key[64];
    snprintf(key, sizeof key, "%s:%s", onderwerp, sleutel ? sleutel : "");
    return json_object_get(f->later, key) != NULL;
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* A history value as the dossier writes it: "" (none) is null. */
static json_t *value(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* The claim in "schades" with this img_id, or NULL. */
static json_t *claim_of(json_t *o, const char *img_id)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(o, "schades"), i, c)
        if (strcmp(str(c, "img_id"), img_id) == 0)
            return c;
    return NULL;
}

static json_t *trajectory_of(json_t *o, const char *ncg_id)
{
    json_t *t = json_object_get(o, "traject");
    return json_is_object(t) && strcmp(str(t, "ncg_id"), ncg_id) == 0 ? t : NULL;
}

/* Sets key of obj to v only where obj shows that key (the viewer's cut stays). */
static void set_shown(json_t *obj, const char *key, json_t *v)
{
    if (json_is_object(obj) && json_object_get(obj, key))
        json_object_set(obj, key, v);
    json_decref(v);
}

/* Undoes one history row recorded after the day. */
static void undo(json_t *o, const json_t *h)
{
    const char *onderwerp = str(h, "onderwerp"), *sleutel = str(h, "sleutel"),
               *veld = str(h, "veld"), *van = str(h, "van");
    if (strcmp(onderwerp, "schade") == 0 && strcmp(veld, "fase") == 0)
        set_shown(claim_of(o, sleutel), "fase", value(van));
    else if (strcmp(onderwerp, "traject") == 0 && strcmp(veld, "stap") == 0)
        set_shown(trajectory_of(o, sleutel), "stap", value(van));
    else if (strcmp(onderwerp, "adres") == 0 && strcmp(veld, "afwezig") == 0)
        set_shown(json_object_get(o, "adres"), "afwezig", json_boolean(strcmp(van, "ja") == 0));
    else if (strcmp(onderwerp, "combinatiedossier") == 0 &&
             (strcmp(veld, "potentieel") == 0 || strcmp(veld, "groep") == 0))
        set_shown(json_object_get(o, "classificatie"), veld, value(van));
    else if (strcmp(onderwerp, "combinatiedossier") == 0)
        set_shown(json_object_get(o, "combinatiedossier"), veld, value(van));
}

/*
 * The since-date of a rewound status: the day of the last change to it the
 * register had recorded by then; null when that was the first delivery's
 * status (the history does not hold when it began).
 */
static void since_from(json_t *rec, const char *key, const json_t *kept, const char *onderwerp,
                       const char *sleutel, const char *veld)
{
    json_t *d = json_null();
    size_t i;
    const json_t *h;
    json_array_foreach(kept, i, h)
        if (strcmp(str(h, "onderwerp"), onderwerp) == 0 && strcmp(str(h, "sleutel"), sleutel) == 0 &&
            strcmp(str(h, "veld"), veld) == 0)
            d = json_object_get(h, "datum");
    set_shown(rec, key, json_incref(d));
}

static void rewind_history(json_t *o, const char *cutoff)
{
    json_t *hist = json_object_get(o, "historie"), *kept = json_array(), *undone = json_object();
    size_t n = json_array_size(hist);
    for (size_t i = n; i-- > 0;) {
        json_t *h = json_array_get(hist, i);
        if (strcmp(str(h, "vastgelegd_op"), cutoff) < 0)
            continue;
        undo(o, h);
        const char *veld = str(h, "veld");
        if (strcmp(veld, "fase") != 0 && strcmp(veld, "stap") != 0)
            continue; /* only a status wound back changes its since-date */
        char key[64];
        snprintf(key, sizeof key, "%s:%s", str(h, "onderwerp"), str(h, "sleutel"));
        json_object_set_new(undone, key, json_true());
    }
    for (size_t i = 0; i < n; i++) {
        json_t *h = json_array_get(hist, i);
        if (strcmp(str(h, "vastgelegd_op"), cutoff) < 0)
            json_array_append(kept, h);
    }
    /* a status wound back takes its since-date from the history kept */
    const char *key;
    json_t *v;
    json_object_foreach(undone, key, v) {
        const char *colon = strchr(key, ':');
        const char *sleutel = colon ? colon + 1 : "";
        if (strncmp(key, "schade:", 7) == 0)
            since_from(claim_of(o, sleutel), "fase_sinds", kept, "schade", sleutel, "fase");
        else if (strncmp(key, "traject:", 8) == 0)
            since_from(trajectory_of(o, sleutel), "stap_sinds", kept, "traject", sleutel, "stap");
    }
    json_decref(undone);
    json_object_set_new(o, "historie", kept);
}

/* Drops the records the register did not know yet. */
static void drop_later(json_t *o, const first_known *f)
{
    json_t *claims = json_object_get(o, "schades");
    for (size_t i = json_array_size(claims); i-- > 0;)
        if (later(f, "schade", str(json_array_get(claims, i), "img_id")))
            json_array_remove(claims, i);
    json_t *t = json_object_get(o, "traject");
    if (json_is_object(t) && later(f, "traject", str(t, "ncg_id")))
        json_object_set_new(o, "traject", json_null());
}

/* Signals raised after the day are left out; one handled after it was still unfinished. */
static void rewind_signals(json_t *o, const char *cutoff)
{
    json_t *sig = json_object_get(o, "signalen");
    for (size_t i = json_array_size(sig); i-- > 0;) {
        json_t *s = json_array_get(sig, i);
        if (strcmp(str(s, "aangemaakt"), cutoff) >= 0) {
            json_array_remove(sig, i);
        } else if (json_object_get(s, "gewijzigd_op") &&
                   strcmp(str(s, "gewijzigd_op"), cutoff) >= 0) {
            json_object_set_new(s, "status", json_string("open"));
            json_object_del(s, "gewijzigd_op");
            json_object_del(s, "gewijzigd_door");
            json_object_del(s, "reden");
        }
    }
}

static json_t *peildatum_json(sl_date d)
{
    char buf[11];
    sl_date_format(d, buf);
    return json_pack("{s:s, s:s, s:s}", "datum", buf, "uit_historie", UIT_HISTORIE, "uitleg",
                     UITLEG);
}

bool sl_dossier_rewind(sl_store *st, int64_t address_id, sl_date peildatum, char **body,
                       size_t *len, bool *known, sl_date *bekend_sinds)
{
    *known = true;
    *bekend_sinds = SL_DATE_NONE;
    char day[11], cutoff[24];
    sl_date_format(peildatum + 1, day);
    snprintf(cutoff, sizeof cutoff, "%sT00:00:00Z", day);
    first_known f = {.cutoff = cutoff, .address_known = true, .later = json_object()};
    json_t *o = json_loadb(*body, *len, 0, NULL);
    bool ok = f.later && o && json_is_object(o);
    if (!ok) {
        json_decref(o);
        json_decref(f.later);
        return sl_store_fail(st, "onvoldoende geheugen");
    }
    if (!sl_store_first_known(st, address_id, first_known_cb, &f)) {
        json_decref(o);
        json_decref(f.later);
        return false;
    }
    if (!f.address_known) {
        const char *why;
        *known = false;
        if (!sl_date_parse(f.address_since, 10, bekend_sinds, &why))
            *bekend_sinds = SL_DATE_NONE;
        json_decref(o);
        json_decref(f.later);
        return true;
    }
    drop_later(o, &f);
    rewind_history(o, cutoff);
    rewind_signals(o, cutoff);
    json_object_set_new(o, "peildatum", peildatum_json(peildatum));
    json_decref(f.later);
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!text)
        return sl_store_fail(st, "onvoldoende geheugen");
    sl_free(*body);
    *body = text;
    *len = strlen(text);
    return true;
}
