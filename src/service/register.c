/*
 * register.c - the register as a whole, for faces (see register.h).
 */
#include "service/register.h"

bool sl_register_answers(sl_store *st)
{
    return sl_store_ping(st);
}

const char *sl_register_error(sl_store *st)
{
    const char *m = sl_store_errmsg(st);
    return m ? m : "";
}
