/*
 * roles.c - role and organisation names and what each role's account needs.
 */
#include "core/roles.h"

#include <stdio.h>
#include <string.h>

static const char *const role_names[SL_ROLE_COUNT] = {
    "zaakbegeleider", "bewonersbegeleider", "svip", "coordinator", "interventieteam", "planner",
    "gemeente", "management", "datasteward", "bewoner", "beheerder",
};

const char *sl_role_name(sl_role r)
{
    return (unsigned)r < SL_ROLE_COUNT ? role_names[r] : "";
}

bool sl_role_parse(const char *s, size_t len, sl_role *out)
{
    for (int i = 0; i < SL_ROLE_COUNT; i++)
        if (strlen(role_names[i]) == len && memcmp(role_names[i], s, len) == 0) {
            *out = (sl_role)i;
            return true;
        }
    return false;
}

const char *sl_account_org_name(sl_account_org o)
{
    return o == SL_ACCOUNT_ORG_IMG ? "IMG" : o == SL_ACCOUNT_ORG_NCG ? "NCG" : "";
}

bool sl_account_org_parse(const char *s, size_t len, sl_account_org *out)
{
    if (len == 0) {
        *out = SL_ACCOUNT_ORG_NONE;
        return true;
    }
    if (len == 3 && (memcmp(s, "IMG", 3) == 0 || memcmp(s, "img", 3) == 0)) {
        *out = SL_ACCOUNT_ORG_IMG;
        return true;
    }
    if (len == 3 && (memcmp(s, "NCG", 3) == 0 || memcmp(s, "ncg", 3) == 0)) {
        *out = SL_ACCOUNT_ORG_NCG;
        return true;
    }
    return false;
}

static bool four_digits(const char *s)
{
    if (!s || strlen(s) != 4)
        return false;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool sl_account_valid(sl_role role, sl_account_org org, const char *gemeentecode,
                      size_t n_addresses, char *reason, size_t cap)
{
    const char *why = NULL;
    if ((unsigned)role >= SL_ROLE_COUNT)
        why = "onbekende rol";
    else if (role == SL_ROLE_ZAAKBEGELEIDER && org != SL_ACCOUNT_ORG_IMG)
        why = "een zaakbegeleider werkt bij IMG: kies organisatie IMG";
    else if (role == SL_ROLE_BEWONERSBEGELEIDER && org != SL_ACCOUNT_ORG_NCG)
        why = "een bewonersbegeleider werkt bij NCG: kies organisatie NCG";
    else if (role == SL_ROLE_SVIP && org == SL_ACCOUNT_ORG_NONE)
        why = "een SVIP-medewerker werkt bij IMG of NCG: kies een organisatie";
    else if (role == SL_ROLE_DATASTEWARD && org == SL_ACCOUNT_ORG_NONE)
        why = "een datasteward levert voor IMG of NCG: kies een organisatie";
    else if (role == SL_ROLE_GEMEENTE && !four_digits(gemeentecode))
        why = "een gemeente-account heeft een gemeentecode van 4 cijfers";
    else if (role != SL_ROLE_GEMEENTE && gemeentecode && *gemeentecode)
        why = "alleen een gemeente-account heeft een gemeentecode";
    else if (role == SL_ROLE_BEWONER && n_addresses == 0)
        why = "een bewoner-account hoort bij minstens één adres";
    else if (role != SL_ROLE_BEWONER && n_addresses > 0)
        why = "alleen een bewoner-account hoort bij adressen";
    else if ((role == SL_ROLE_BEWONER || role == SL_ROLE_GEMEENTE ||
              role == SL_ROLE_MANAGEMENT || role == SL_ROLE_BEHEERDER) &&
             org != SL_ACCOUNT_ORG_NONE)
        why = "deze rol hoort niet bij IMG of NCG";
    if (why) {
        snprintf(reason, cap, "%s", why);
        return false;
    }
    return true;
}
