/*
 * import_session.c - an import session and the address index it carries from
 * one file to the next (import_session.h).
 */
#include "service/import_session.h"

#include "core/alloc.h"

struct sl_import_session {
    sl_store *st;
    sl_intmap *addr_ids;   /* every address id in the register (values unused); NULL: none */
    sl_strmap *addr_keys;  /* match key -> address id; the highest id wins a shared key */
    int64_t delivery_id;   /* the delivery after which the index is current */
};

sl_import_session *sl_import_session_new(sl_store *st)
{
    sl_import_session *ses = sl_calloc(1, sizeof *ses);
    if (ses)
        ses->st = st;
    return ses;
}

void sl_import_session_free(sl_import_session *ses)
{
    if (!ses)
        return;
    sl_import_session_drop_index(ses);
    sl_free(ses);
}

sl_store *sl_import_session_store(const sl_import_session *ses) { return ses->st; }

void sl_import_session_drop_index(sl_import_session *ses)
{
    sl_intmap_free(ses->addr_ids);
    sl_strmap_free(ses->addr_keys);
    ses->addr_ids = NULL;
    ses->addr_keys = NULL;
}

bool sl_import_session_index(sl_import_session *ses, int64_t delivery_id, sl_intmap **ids,
                             sl_strmap **keys)
{
    /* Delivery ids count up by one: any other id means another delivery (of
     * another process) came in between and may have changed the addresses. */
    if (ses->addr_ids && ses->delivery_id + 1 == delivery_id) {
        *ids = ses->addr_ids;
        *keys = ses->addr_keys;
        return true;
    }
    sl_import_session_drop_index(ses);
    return false;
}

void sl_import_session_advance(sl_import_session *ses, int64_t delivery_id)
{
    ses->delivery_id = delivery_id;
}

void sl_import_session_keep(sl_import_session *ses, int64_t delivery_id, sl_intmap *ids,
                            sl_strmap *keys)
{
    sl_import_session_drop_index(ses);
    ses->addr_ids = ids;
    ses->addr_keys = keys;
    ses->delivery_id = delivery_id;
}
