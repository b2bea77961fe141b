/*
 * roles.h - who uses samenloop (SPEC §2): roles, organisations, and what an
 * account of a role must carry (an org, a municipality, addresses).
 */
#ifndef SL_CORE_ROLES_H
#define SL_CORE_ROLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sl_role {
    SL_ROLE_ZAAKBEGELEIDER,     /* IMG case manager */
    SL_ROLE_BEWONERSBEGELEIDER, /* NCG resident guide */
    SL_ROLE_SVIP,               /* SVIP desk, IMG or NCG */
    SL_ROLE_COORDINATOR,
    SL_ROLE_INTERVENTIETEAM,
    SL_ROLE_PLANNER,
    SL_ROLE_GEMEENTE,           /* a municipality: aggregates of its own area */
    SL_ROLE_MANAGEMENT,         /* aggregates only */
    SL_ROLE_DATASTEWARD,
    SL_ROLE_BEWONER,            /* resident/owner: own address(es) only */
    SL_ROLE_BEHEERDER,          /* administrator / privacy officer */
    SL_ROLE_COUNT
} sl_role;

/* The organisation an account works for; NONE for roles outside IMG and NCG. */
typedef enum sl_account_org { SL_ACCOUNT_ORG_NONE, SL_ACCOUNT_ORG_IMG, SL_ACCOUNT_ORG_NCG } sl_account_org;

const char *sl_role_name(sl_role r);       /* "zaakbegeleider", ... ; "" out of range */
bool sl_role_parse(const char *s, size_t len, sl_role *out);
const char *sl_account_org_name(sl_account_org o); /* "", "IMG", "NCG" */
bool sl_account_org_parse(const char *s, size_t len, sl_account_org *out);

/*
 * Checks that an account of `role` carries what the role needs: zaakbegeleider
 * works for IMG, bewonersbegeleider for NCG, svip and datasteward for IMG or
 * NCG (a data steward delivers for one body: core/delivery_scope.h); gemeente
 * needs a 4-digit municipality code; bewoner needs at least one address; the
 * other roles take no org unless given (coordinator, interventieteam, planner
 * may belong to either). On failure a Dutch reason.
 */
bool sl_account_valid(sl_role role, sl_account_org org, const char *gemeentecode,
                      size_t n_addresses, char *reason, size_t cap);

#endif
