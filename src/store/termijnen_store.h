/*
 * termijnen_store.h - terms as data, suspensions and extensions, notices of
 * default, the ledger per body and the escalations in the store (issue 13,
 * migration 0016). The rules (who may, what is valid, the evaluation) live
 * in service/termijnen*.c and core/termijn.h. Same conventions as store.h:
 * false on failure with the message on the handle (sl_store_errmsg); writes
 * inside the caller's transaction (sl_store_begin/commit); rows are history
 * and are not changed except where a function says so.
 */
#ifndef SL_STORE_TERMIJNEN_STORE_H
#define SL_STORE_TERMIJNEN_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/records.h"
#include "core/termijn.h"
#include "store/classification_store.h"
#include "store/store.h"

#define SL_TERMIJN_SOORT_CAP 41   /* a term kind: up to 40 bytes */
#define SL_TERMIJN_TEKST_CAP 501  /* an omschrijving or reason: up to 500 bytes */
#define SL_TERMIJN_TIJD_CAP 25    /* "2026-12-06T23:10:00.123Z" */
#define SL_ORG_CAP 4              /* "IMG", "NCG" */

/* One term definition as stored (core/termijn.h sl_termijn_def, owning its text). */
typedef struct sl_termijn_regel {
    char soort[SL_TERMIJN_SOORT_CAP];
    char omschrijving[SL_TERMIJN_TEKST_CAP];
    char organisatie[SL_ORG_CAP];
    char start_gebeurtenis[SL_TERMIJN_SOORT_CAP];
    char eind_gebeurtenis[SL_TERMIJN_SOORT_CAP];
    int32_t lengte;
    sl_term_unit eenheid;
    bool wettelijk, fataal, opschortbaar, aanname;
    sl_partij verantwoordelijke;
    int32_t waarschuwing_dagen;
    int64_t compensatie_per_dag; /* cents per day after a missed fatal term; 0: none */
    int64_t compensatie_max;     /* cents */
} sl_termijn_regel;

typedef bool (*sl_termijn_regel_cb)(void *ctx, const sl_termijn_regel *r);

/* The version in force (*versie 0 when none) and its definitions, by soort. */
bool sl_store_termijnregels_actief(sl_store *st, int32_t *versie, sl_termijn_regel_cb cb,
                                   void *ctx);
/* The highest version stored (0 when none). */
bool sl_store_termijnregels_max(sl_store *st, int32_t *versie);
/*
 * Stores version `versie` (higher than every stored one) with these
 * definitions and puts it in force in place of the one before.
 */
bool sl_store_termijnregels_publiceer(sl_store *st, int32_t versie, const char *omschrijving,
                                      const char *door, const char *tijdstip,
                                      const sl_termijn_regel *r, size_t n);
/* Every version of the term table, newest first: its reason (omschrijving),
 * who published it and when (store/classification_store.h sl_regelset_versie). */
bool sl_store_termijnregels_versies(sl_store *st, sl_regelset_versie_cb cb, void *ctx);
/* The definitions of version `versie`, by soort; *found false when there is none. */
bool sl_store_termijnregels_versie(sl_store *st, int32_t versie, sl_termijn_regel_cb cb,
                                   void *ctx, bool *found);

/* One term instance: a claim's (img_id) or a step's (ncg_id) term of a kind. */
typedef struct sl_termijn_zaak {
    char soort[SL_TERMIJN_SOORT_CAP];
    char img_id[SL_ID_CAP]; /* "" for a step's term */
    char ncg_id[SL_ID_CAP]; /* "" for a claim's term */
} sl_termijn_zaak;

typedef struct sl_termijn_opschorting_rij {
    int64_t id;
    sl_termijn_zaak zaak;
    sl_date van, tot;       /* tot SL_DATE_NONE while it lasts */
    char reden[SL_TERMIJN_TEKST_CAP];
    char door[SL_NAME_CAP];
    char vastgelegd_op[SL_TERMIJN_TIJD_CAP];
    int64_t vervangt;       /* the running suspension this row ends; 0 when none */
} sl_termijn_opschorting_rij;

typedef struct sl_termijn_verlenging_rij {
    int64_t id;
    sl_termijn_zaak zaak;
    sl_date nieuw_einde;
    char reden[SL_TERMIJN_TEKST_CAP];
    char door[SL_NAME_CAP];
    char vastgelegd_op[SL_TERMIJN_TIJD_CAP];
} sl_termijn_verlenging_rij;

typedef bool (*sl_opschorting_cb)(void *ctx, const sl_termijn_opschorting_rij *rij);
typedef bool (*sl_verlenging_cb)(void *ctx, const sl_termijn_verlenging_rij *rij);

/* Inserts a row; sets rij->id. */
bool sl_store_opschorting_add(sl_store *st, sl_termijn_opschorting_rij *rij);
bool sl_store_verlenging_add(sl_store *st, sl_termijn_verlenging_rij *rij);
/* The rows of one instance (zaak) or, zaak NULL, of every instance; oldest first. */
bool sl_store_opschortingen_scan(sl_store *st, const sl_termijn_zaak *zaak, sl_opschorting_cb cb,
                                 void *ctx);
bool sl_store_verlengingen_scan(sl_store *st, const sl_termijn_zaak *zaak, sl_verlenging_cb cb,
                                void *ctx);

/* What a claim's terms need, and nothing else: the 1M-claim evaluation's scan. */
typedef struct sl_termijn_claim_rij {
    const char *img_id;     /* valid during the callback */
    int64_t address_id;
    sl_fase fase;
    sl_date fase_sinds, ontvangen_op;
} sl_termijn_claim_rij;
typedef bool (*sl_termijn_claim_cb)(void *ctx, const sl_termijn_claim_rij *c);
/* Every current (not absent) claim, in the order they were stored (id): a
 * table scan, no index lookups. */
bool sl_store_termijn_claims_scan(sl_store *st, sl_termijn_claim_cb cb, void *ctx);

/* What a trajectory's step terms need (decision 188): its current step and since when. */
typedef struct sl_termijn_traject_rij {
    const char *ncg_id;     /* valid during the callback */
    int64_t address_id;
    sl_stap stap;
    sl_date stap_sinds;
} sl_termijn_traject_rij;
typedef bool (*sl_termijn_traject_cb)(void *ctx, const sl_termijn_traject_rij *t);
/* Every current (not absent) trajectory, in the order they were stored (id). */
bool sl_store_termijn_trajecten_scan(sl_store *st, sl_termijn_traject_cb cb, void *ctx);

/* A notice of default (ingebrekestelling). */
typedef struct sl_ingebrekestelling {
    int64_t id;
    int64_t address_id;
    char organisatie[SL_ORG_CAP];
    char img_id[SL_ID_CAP]; /* the claim, or "" */
    char ncg_id[SL_ID_CAP]; /* the trajectory (step), or "" */
    sl_date ontvangen_op;
    sl_date beslist_op;     /* SL_DATE_NONE while undecided */
    char door[SL_NAME_CAP];
    char vastgelegd_op[SL_TERMIJN_TIJD_CAP];
    int64_t versie;
} sl_ingebrekestelling;
typedef bool (*sl_ingebrekestelling_cb)(void *ctx, const sl_ingebrekestelling *n);

/* Inserts an undecided notice; sets n->id and n->versie. */
bool sl_store_ingebrekestelling_add(sl_store *st, sl_ingebrekestelling *n);
bool sl_store_ingebrekestelling_get(sl_store *st, int64_t id, sl_ingebrekestelling *out,
                                    bool *found);
/*
 * Records the decision day of notice n->id if it is still undecided at
 * expect_versie: sets n->beslist_op, bumps n->versie, *stale false; else
 * changes nothing and sets *stale true.
 */
bool sl_store_ingebrekestelling_beslis(sl_store *st, sl_ingebrekestelling *n, sl_date beslist_op,
                                       int64_t expect_versie, bool *stale);
/* The notices of one address (0: all), oldest first. */
bool sl_store_ingebrekestellingen_scan(sl_store *st, int64_t address_id,
                                       sl_ingebrekestelling_cb cb, void *ctx);

/* One ledger entry: owed (dwangsom, compensatie) or paid (betaling). */
typedef struct sl_grootboekpost {
    int64_t id;
    char organisatie[SL_ORG_CAP];
    int64_t address_id;
    int64_t ingebrekestelling_id; /* 0 when none */
    char soort[12];               /* "dwangsom", "compensatie", "betaling" */
    int64_t bedrag_centen;        /* > 0 */
    sl_date datum;
    char reden[SL_TERMIJN_TEKST_CAP];
    char door[SL_NAME_CAP];
    char vastgelegd_op[SL_TERMIJN_TIJD_CAP];
} sl_grootboekpost;
typedef bool (*sl_grootboekpost_cb)(void *ctx, const sl_grootboekpost *p);

bool sl_store_grootboekpost_add(sl_store *st, sl_grootboekpost *p);
/* The entries of one body ("" all) and address (0 all), oldest first. */
bool sl_store_grootboek_scan(sl_store *st, const char *organisatie, int64_t address_id,
                             sl_grootboekpost_cb cb, void *ctx);

/* An escalation case of the interventieteam. */
typedef struct sl_escalatie {
    int64_t id;
    int64_t address_id;
    char aanleiding[32];      /* "vastgelopen", "termijn_tweemaal_gemist" */
    char eigenaar[SL_NAME_CAP];
    char status[16];          /* "aangemeld", "in_behandeling", "besloten", "gesloten" */
    char aangemeld_op[SL_TERMIJN_TIJD_CAP];
    int64_t versie;
} sl_escalatie;
typedef bool (*sl_escalatie_cb)(void *ctx, const sl_escalatie *e);

/* One change of a case or one decision (mandaat, reden). */
typedef struct sl_escalatiegebeurtenis {
    int64_t id;
    int64_t escalatie_id;
    char soort[12];           /* "aangemeld", "status", "eigenaar", "besluit" */
    char status[16];          /* the case's state after it */
    char eigenaar[SL_NAME_CAP];
    char mandaat[SL_TERMIJN_TEKST_CAP];
    char reden[SL_TERMIJN_TEKST_CAP];
    char door[SL_NAME_CAP];
    char tijdstip[SL_TERMIJN_TIJD_CAP];
} sl_escalatiegebeurtenis;
typedef bool (*sl_escalatiegebeurtenis_cb)(void *ctx, const sl_escalatiegebeurtenis *g);

/*
 * Inserts a case unless one of the same address and cause is open (not
 * gesloten): then *bestaat is true, *e that case, and nothing is written.
 */
bool sl_store_escalatie_add(sl_store *st, sl_escalatie *e, bool *bestaat);
bool sl_store_escalatie_get(sl_store *st, int64_t id, sl_escalatie *out, bool *found);
/*
 * Sets status and eigenaar of case e->id if its versie is expect_versie:
 * bumps e->versie, *stale false; else changes nothing, *stale true.
 */
bool sl_store_escalatie_update(sl_store *st, sl_escalatie *e, int64_t expect_versie, bool *stale);
/* The cases in a state ("" all), oldest first. */
bool sl_store_escalaties_scan(sl_store *st, const char *status, sl_escalatie_cb cb, void *ctx);
/* A selection of cases for the interventieteam's list; NULL or "": any. */
typedef struct sl_escalatie_filter {
    const char *status;
    const char *aanleiding;
    const char *gemeente; /* 4 digits: the municipality the register has for the address */
} sl_escalatie_filter;
/* One case of the list with its address's municipality ("" when unknown). */
typedef bool (*sl_escalatie_lijst_cb)(void *ctx, const sl_escalatie *e, const char *gemeentecode);
/* The cases f selects, oldest first (the filtering is the database's). */
bool sl_store_escalaties_lijst(sl_store *st, const sl_escalatie_filter *f,
                               sl_escalatie_lijst_cb cb, void *ctx);
bool sl_store_escalatiegebeurtenis_add(sl_store *st, sl_escalatiegebeurtenis *g);
/* The events of one case, oldest first. */
bool sl_store_escalatiegebeurtenissen(sl_store *st, int64_t escalatie_id,
                                      sl_escalatiegebeurtenis_cb cb, void *ctx);

#endif
