/*
 * delivery_scope.h - which deliveries a data steward may make, see and
 * settle (docs/decisions.md 90). A steward belongs to one body (IMG or NCG)
 * and delivers that body's kind only: IMG its claims, NCG its trajectories.
 * BAG addresses are no body's data: a steward the beheerder appointed for
 * them (levert_adressen) delivers them, every steward sees those deliveries.
 */
#ifndef SL_CORE_DELIVERY_SCOPE_H
#define SL_CORE_DELIVERY_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/delivery.h"
#include "core/roles.h"

/* Who asks, as far as deliveries are concerned. */
typedef struct sl_steward {
    sl_role rol;
    sl_account_org org;
    bool levert_adressen; /* appointed by the beheerder to deliver BAG addresses */
} sl_steward;

/* The body whose data a kind is: IMG for claims, NCG for trajectories, NONE for addresses. */
sl_account_org sl_kind_body(sl_kind kind);

/*
 * Whether s may deliver (and so confirm or withdraw a held delivery of) kind.
 * On false *why (may be NULL) is a Dutch reason for the person.
 */
bool sl_steward_may_deliver(const sl_steward *s, sl_kind kind, const char **why);

/* Whether s may see deliveries of kind (their counts, rejects, absent records). */
bool sl_steward_may_see(const sl_steward *s, sl_kind kind);

/* A bit per kind (1u << kind) that s may not deliver: every kind for anyone but a steward. */
unsigned sl_steward_refused_kinds(const sl_steward *s);

/*
 * Whether marking `absent` of `current` records absent is more than
 * max_percent percent of them (a delivery to hold). max_percent 100 or more
 * never holds, and nothing to mark never holds.
 */
bool sl_absent_share_exceeds(int64_t absent, int64_t current, int max_percent);

#endif
