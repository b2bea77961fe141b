/*
 * bag.c - BAG object ids: parse, check the type digits, format.
 *
 * Ids are compared as numbers everywhere else, so leading zeros (municipality
 * codes below 1000, e.g. 0014 Groningen) must survive a round trip; that is
 * why formatting always pads to 16 digits.
 */
#include "core/bag.h"

#include "core/values.h"

#define BAG_DIGITS 16

bool sl_bag_parse(const char *s, size_t len, sl_bag_type expect, int64_t *out,
                  const char **reason)
{
    const char *dummy;
    if (!reason)
        reason = &dummy;
    sl_trim(&s, &len);
    if (len == 0) {
        *reason = "id is leeg";
        return false;
    }
    int64_t v = 0;
    int nd = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ')
            continue; /* ids are often written in groups of four */
        if (c < '0' || c > '9') {
            *reason = "mag alleen cijfers bevatten";
            return false;
        }
        if (++nd > BAG_DIGITS) {
            *reason = "moet 16 cijfers hebben";
            return false;
        }
        v = v * 10 + (c - '0');
    }
    if (nd != BAG_DIGITS) {
        *reason = "moet 16 cijfers hebben";
        return false;
    }
    int type = (int)((v / 10000000000LL) % 100);
    if (type != (int)expect) {
        switch (expect) {
        case SL_BAG_VERBLIJFSOBJECT:
            *reason = "is geen verblijfsobject-id (cijfers 5-6 moeten 01 zijn)";
            break;
        case SL_BAG_PAND:
            *reason = "is geen pand-id (cijfers 5-6 moeten 10 zijn)";
            break;
        case SL_BAG_NUMMERAANDUIDING:
            *reason = "is geen nummeraanduiding-id (cijfers 5-6 moeten 20 zijn)";
            break;
        default:
            *reason = "heeft een onbekend objecttype";
            break;
        }
        return false;
    }
    if (sl_bag_issuer(v) == 0) {
        *reason = "heeft gemeentecode 0000";
        return false;
    }
    if (v % 10000000000LL == 0) {
        *reason = "heeft volgnummer 0";
        return false;
    }
    if (out)
        *out = v;
    return true;
}

void sl_bag_format(int64_t id, char buf[17])
{
    if (id < 0 || id > 9999999999999999LL) {
        buf[0] = '\0';
        return;
    }
    /* Digit by digit: exactly 16 characters whatever the value. */
    for (int i = BAG_DIGITS - 1; i >= 0; i--) {
        buf[i] = (char)('0' + id % 10);
        id /= 10;
    }
    buf[BAG_DIGITS] = '\0';
}

int sl_bag_issuer(int64_t id)
{
    if (id < 0)
        return 0;
    return (int)((id / 1000000000000LL) % 10000);
}
