/*
 * test_roles.c - what an account of each role must carry, and reasons that
 * the CLI and the API (the Beheer screen) can both show.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/roles.h"

static void accepted(sl_role role, sl_account_org org, const char *gemeente, size_t n_addresses)
{
    char reason[256] = "";
    if (!sl_account_valid(role, org, gemeente, n_addresses, reason, sizeof reason))
        fail_msg("role %d refused: %s", (int)role, reason);
}

/* Refused, with a reason that contains `says` and names no command-line flag. */
static void refused(sl_role role, sl_account_org org, const char *gemeente, size_t n_addresses,
                    const char *says)
{
    char reason[256] = "";
    assert_false(sl_account_valid(role, org, gemeente, n_addresses, reason, sizeof reason));
    if (!strstr(reason, says))
        fail_msg("reason '%s' lacks '%s'", reason, says);
    if (strstr(reason, "--"))
        fail_msg("reason '%s' names a command-line flag", reason);
}

static void each_role_carries_what_it_needs(void **state)
{
    (void)state;
    accepted(SL_ROLE_ZAAKBEGELEIDER, SL_ACCOUNT_ORG_IMG, NULL, 0);
    accepted(SL_ROLE_BEWONERSBEGELEIDER, SL_ACCOUNT_ORG_NCG, NULL, 0);
    accepted(SL_ROLE_SVIP, SL_ACCOUNT_ORG_NCG, NULL, 0);
    accepted(SL_ROLE_GEMEENTE, SL_ACCOUNT_ORG_NONE, "0014", 0);
    accepted(SL_ROLE_BEWONER, SL_ACCOUNT_ORG_NONE, NULL, 1);
    accepted(SL_ROLE_PLANNER, SL_ACCOUNT_ORG_IMG, NULL, 0);
    accepted(SL_ROLE_BEHEERDER, SL_ACCOUNT_ORG_NONE, "", 0);
    accepted(SL_ROLE_DATASTEWARD, SL_ACCOUNT_ORG_NCG, NULL, 0);

    refused(SL_ROLE_ZAAKBEGELEIDER, SL_ACCOUNT_ORG_NCG, NULL, 0, "kies organisatie IMG");
    refused(SL_ROLE_BEWONERSBEGELEIDER, SL_ACCOUNT_ORG_NONE, NULL, 0, "kies organisatie NCG");
    refused(SL_ROLE_SVIP, SL_ACCOUNT_ORG_NONE, NULL, 0, "kies een organisatie");
    refused(SL_ROLE_DATASTEWARD, SL_ACCOUNT_ORG_NONE, NULL, 0, "kies een organisatie");
    refused(SL_ROLE_GEMEENTE, SL_ACCOUNT_ORG_NONE, "14", 0, "gemeentecode van 4 cijfers");
    refused(SL_ROLE_GEMEENTE, SL_ACCOUNT_ORG_NONE, NULL, 0, "gemeentecode van 4 cijfers");
    refused(SL_ROLE_PLANNER, SL_ACCOUNT_ORG_NONE, "0014", 0, "alleen een gemeente-account");
    refused(SL_ROLE_BEWONER, SL_ACCOUNT_ORG_NONE, NULL, 0, "minstens één adres");
    refused(SL_ROLE_COORDINATOR, SL_ACCOUNT_ORG_NONE, NULL, 2, "alleen een bewoner-account");
    refused(SL_ROLE_MANAGEMENT, SL_ACCOUNT_ORG_IMG, NULL, 0, "niet bij IMG of NCG");
    refused(SL_ROLE_COUNT, SL_ACCOUNT_ORG_NONE, NULL, 0, "onbekende rol");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_role_carries_what_it_needs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
