/*
 * suppression.c - the threshold and the JSON shape of hidden counts (see
 * suppression.h).
 */
#include "service/suppression.h"

#include <string.h>

int32_t sl_suppression_threshold(const sl_sharing_config *cfg)
{
    return cfg && cfg->min_aantal > 0 ? cfg->min_aantal : 1;
}

json_t *sl_suppressed_count_json(const sl_suppression *s, size_t cell, int64_t n)
{
    if (s && sl_suppression_hidden(s, cell))
        return json_pack("{s:b, s:i}", "onderdrukt", 1, "onder",
                         (json_int_t)sl_suppression_onder(s));
    return json_integer((json_int_t)n);
}

bool sl_suppressed_is_hidden(const json_t *v)
{
    return json_is_object(v) && json_is_true(json_object_get(v, "onderdrukt")) &&
           json_object_size(v) == 2;
}

static size_t count_hidden(const json_t *v)
{
    if (sl_suppressed_is_hidden(v))
        return 1;
    size_t n = 0;
    if (json_is_object(v)) {
        const char *key;
        json_t *child;
        json_object_foreach((json_t *)v, key, child) n += count_hidden(child);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *child;
        json_array_foreach(v, i, child) n += count_hidden(child);
    }
    return n;
}

bool sl_suppressed_summary(json_t *o, int32_t onder)
{
    size_t n = count_hidden(o);
    return json_object_set_new(o, "onderdrukkingsgrens", json_integer(onder)) == 0 &&
           json_object_set_new(o, "aantal_onderdrukt", json_integer((json_int_t)n)) == 0;
}
