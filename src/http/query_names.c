/*
 * query_names.c - the renamed query keys, in one table.
 */
#include "http/query_names.h"

#include <string.h>

static const struct {
    const char *name, *old;
} renamed[] = {
    {"perPagina", "per_pagina"},
    {"nummeraanduidingId", "nummeraanduiding_id"},
    {"vervaltVoor", "vervalt_voor"},
    {"imgId", "img_id"},
    {"ncgId", "ncg_id"},
};

const char *sl_query_old_name(const char *name)
{
    for (size_t i = 0; i < sizeof renamed / sizeof renamed[0]; i++)
        if (strcmp(renamed[i].name, name) == 0)
            return renamed[i].old;
    return NULL;
}

const char *sl_query_old_name_at(size_t i)
{
    return i < sizeof renamed / sizeof renamed[0] ? renamed[i].old : NULL;
}
