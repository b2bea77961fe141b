/*
 * jsonw.h - writing JSON text straight into a growing buffer.
 *
 * For hot responses (one address's dossier) building a jansson tree only to
 * serialise it at once costs several allocations per field and a pointer
 * hash per container while dumping; writing the text directly costs neither.
 * The output is what json_dumps(v, JSON_COMPACT) writes for the same values
 * (reals as "%.17g" with ".0" added to whole numbers), so clients see no
 * difference. Commas are the writer's business: callers only say key, value.
 *
 * Memory comes from core/alloc.h; an allocation failure sticks (every later
 * call does nothing) and sl_jw_finish reports it by returning NULL.
 */
#ifndef SL_SERVICE_JSONW_H
#define SL_SERVICE_JSONW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SL_JW_DEPTH 32

typedef struct sl_jw {
    char *buf;
    size_t len, cap;
    bool oom;
    bool after_key;             /* the next value completes a "key": pair */
    int depth;
    bool first[SL_JW_DEPTH];    /* nothing written yet in the container at this depth */
} sl_jw;

void sl_jw_init(sl_jw *w);
/* The text (NUL-terminated, *len bytes, sl_free it), or NULL after an allocation
 * failure or unbalanced containers. The writer is empty afterwards. */
char *sl_jw_finish(sl_jw *w, size_t *len);
/* Drops whatever was written. */
void sl_jw_discard(sl_jw *w);

void sl_jw_object(sl_jw *w);
void sl_jw_object_end(sl_jw *w);
void sl_jw_array(sl_jw *w);
void sl_jw_array_end(sl_jw *w);
void sl_jw_key(sl_jw *w, const char *key);

void sl_jw_string(sl_jw *w, const char *s);         /* NULL writes null */
void sl_jw_string_or_null(sl_jw *w, const char *s); /* NULL and "" write null */
void sl_jw_int(sl_jw *w, int64_t v);
void sl_jw_real(sl_jw *w, double v);
void sl_jw_bool(sl_jw *w, bool v);
/*
 * An amount in cents as the API carries it: a string with exactly two
 * decimals, "6051.60" (decision 111). A string, not a number: every JSON
 * parser on the way (jansson here, JSON.parse in the browser, Python's json)
 * reads a number with a fraction as binary floating point.
 */
void sl_jw_amount(sl_jw *w, int64_t cents);
json_t *sl_amount_json(int64_t cents);
void sl_jw_null(sl_jw *w);
/* A jansson value, as json_dumps would write it (NULL writes null). */
void sl_jw_json(sl_jw *w, const json_t *v);

#endif
