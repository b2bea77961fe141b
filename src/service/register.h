/*
 * register.h - what a face needs of the register as a whole: whether it
 * answers (readiness), and the message of the last failure on a handle (for
 * the operator's log, never for the client). Faces call the services only;
 * these keep them off the store interface.
 */
#ifndef SL_SERVICE_REGISTER_H
#define SL_SERVICE_REGISTER_H

#include <stdbool.h>

#include "store/store.h"

/* Whether the register answers a read now (sl_store_ping): readiness. */
bool sl_register_answers(sl_store *st);

/* The last failure's message on this handle ("" when none). */
const char *sl_register_error(sl_store *st);

#endif
