/*
 * register.c - the register as a whole, for faces (see register.h).
 */
#include "service/register.h"
#include "store/records_store.h"

bool sl_register_answers(sl_store *st)
{
    sl_register_counts c;
    return sl_store_counts(st, &c);
}

const char *sl_register_error(sl_store *st)
{
    const char *m = sl_store_errmsg(st);
    return m ? m : "";
}
