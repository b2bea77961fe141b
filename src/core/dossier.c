/*
 * dossier.c - names of the coordination elements and their states (see dossier.h).
 */
#include "core/dossier.h"

#include <string.h>

static const char *const element_names[SL_ELEMENT_COUNT] = {
    "bezoekadres", "gecoordineerde_afhandeling", "coordinator",
    "informatiedocument", "totaalopname", "herstel_met_versterking",
};

static const char *const status_names[SL_ELEMENT_STATUS_COUNT] = {"gevraagd", "geregeld",
                                                                  "afgewezen"};

static int find(const char *const *names, int n, const char *s, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return i;
    return -1;
}

const char *sl_element_name(sl_element e)
{
    return (unsigned)e < SL_ELEMENT_COUNT ? element_names[e] : "";
}

bool sl_element_parse(const char *s, size_t len, sl_element *out)
{
    int i = find(element_names, SL_ELEMENT_COUNT, s, len);
    if (i < 0)
        return false;
    *out = (sl_element)i;
    return true;
}

const char *sl_element_status_name(sl_element_status s)
{
    return (unsigned)s < SL_ELEMENT_STATUS_COUNT ? status_names[s] : "";
}

bool sl_element_status_parse(const char *s, size_t len, sl_element_status *out)
{
    int i = find(status_names, SL_ELEMENT_STATUS_COUNT, s, len);
    if (i < 0)
        return false;
    *out = (sl_element_status)i;
    return true;
}
