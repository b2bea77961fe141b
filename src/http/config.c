/*
 * config.c - the typed settings table (see config.h). Adding a setting is
 * one row in `settings`: its key, kind, place in sl_config and bounds.
 */
#include "http/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum kind { K_STR, K_INT, K_LONG, K_BOOL, K_DATE, K_LEVEL } kind;

typedef struct setting {
    const char *key;
    kind kind;
    size_t offset, size; /* into sl_config */
    long min, max;       /* K_INT / K_LONG bounds */
    const char *help;
} setting;

#define FIELD(f) offsetof(sl_config, f), sizeof(((sl_config *)0)->f)

static const setting settings[] = {
    {"listen", K_STR, FIELD(listen), 0, 0, "ADDR:PORT to listen on"},
    {"db", K_STR, FIELD(db), 0, 0, "the register (SQLite file)"},
    {"web_root", K_STR, FIELD(web_root), 0, 0,
     "static files of the web UI (empty: the built UI beside the binary)"},
    {"threads", K_INT, FIELD(threads), 1, 64, "worker threads"},
    {"max_body_bytes", K_LONG, FIELD(max_body_bytes), 1024, 64L << 20, "largest JSON body"},
    {"max_upload_bytes", K_LONG, FIELD(max_upload_bytes), 1024, 4L << 30, "largest upload"},
    {"max_connections_per_ip", K_INT, FIELD(max_connections_per_ip), 0, 1000,
     "open connections per client address (0: no limit)"},
    {"request_head_seconds", K_INT, FIELD(request_head_seconds), 1, 300,
     "time for a request line and its headers"},
    {"hsts_seconds", K_LONG, FIELD(hsts_seconds), 0, 2L * 365 * 24 * 3600,
     "Strict-Transport-Security max-age behind TLS (0: not sent)"},
    {"session_idle_minutes", K_INT, FIELD(session_idle_minutes), 1, 24 * 60,
     "browser session idle expiry"},
    {"session_absolute_hours", K_INT, FIELD(session_absolute_hours), 1, 24 * 7,
     "browser session absolute expiry"},
    {"statutory_gemeenten", K_STR, FIELD(statutory_gemeenten), 0, 0,
     "municipalities where the coordination AMvB applies"},
    {"statutory_from", K_DATE, FIELD(statutory_from), 0, 0, "date from which it applies"},
    {"suppress_below", K_INT, FIELD(suppress_below), 1, 1000,
     "figures hide counts from 1 to this minus 1"},
    {"secure_cookies", K_BOOL, FIELD(secure_cookies), 0, 0, "Secure flag on cookies"},
    {"logboek_sleutel", K_STR, FIELD(logboek_sleutel), 0, 0,
     "file holding the processing log's anchor key (not the key itself)"},
    {"logboek_anker_interval", K_INT, FIELD(logboek_anker_interval), 1, 24 * 3600,
     "seconds between anchors of the processing log's heads"},
    {"leveringen_map", K_STR, FIELD(leveringen_map), 0, 0,
     "directory for held deliveries' files (default: beside a SQLite register)"},
    {"max_afwezig_procent", K_INT, FIELD(max_afwezig_procent), 0, 100,
     "hold a snapshot that would mark more than this percent of its kind's records absent"},
    {"log_level", K_LEVEL, FIELD(log_level), 0, 0,
     "least severe log messages written: error, warn or info"},
};

void sl_config_defaults(sl_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->listen, sizeof c->listen, "127.0.0.1:8080");
    snprintf(c->db, sizeof c->db, "samenloop.db");
    c->threads = 4;
    c->max_body_bytes = 1L << 20;
    c->max_upload_bytes = 512L << 20;
    c->max_connections_per_ip = 250; /* a quarter of the 1,000 slots (decision 85) */
    c->request_head_seconds = 20;
    c->session_idle_minutes = 30;
    c->session_absolute_hours = 12;
    snprintf(c->statutory_gemeenten, sizeof c->statutory_gemeenten, "1979,0014,1966,1952,1895");
    sl_date_from_ymd(2023, 7, 1, &c->statutory_from);
    c->suppress_below = 10;
    c->secure_cookies = false;
    c->logboek_anker_interval = 60;
    c->max_afwezig_procent = 5;
    c->log_level = SL_LOG_INFO;
}

static const setting *find(const char *key)
{
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
        if (strcmp(settings[i].key, key) == 0)
            return &settings[i];
    return NULL;
}

bool sl_config_set(sl_config *c, const char *key, const char *value, char *err, size_t errcap)
{
    const setting *s = find(key);
    if (!s) {
        snprintf(err, errcap, "unknown setting '%s'", key);
        return false;
    }
    char *field = (char *)c + s->offset;
    switch (s->kind) {
    case K_STR:
        if (strlen(value) >= s->size) {
            snprintf(err, errcap, "%s: value too long", key);
            return false;
        }
        memcpy(field, value, strlen(value) + 1);
        return true;
    case K_INT:
    case K_LONG: {
        char *end;
        errno = 0;
        long v = strtol(value, &end, 10);
        if (errno || end == value || *end || v < s->min || v > s->max) {
            snprintf(err, errcap, "%s: expected a whole number from %ld to %ld", key, s->min,
                     s->max);
            return false;
        }
        if (s->kind == K_INT)
            *(int *)(void *)field = (int)v;
        else
            *(long *)(void *)field = v;
        return true;
    }
    case K_BOOL:
        if (strcmp(value, "true") == 0 || strcmp(value, "yes") == 0 || strcmp(value, "1") == 0)
            *(bool *)(void *)field = true;
        else if (strcmp(value, "false") == 0 || strcmp(value, "no") == 0 ||
                 strcmp(value, "0") == 0)
            *(bool *)(void *)field = false;
        else {
            snprintf(err, errcap, "%s: expected true or false", key);
            return false;
        }
        return true;
    case K_DATE: {
        const char *why;
        if (!sl_date_parse(value, strlen(value), (sl_date *)(void *)field, &why)) {
            snprintf(err, errcap, "%s: %s", key, why);
            return false;
        }
        return true;
    }
    case K_LEVEL:
        if (!sl_log_level_parse(value, (sl_log_level *)(void *)field)) {
            snprintf(err, errcap, "%s: expected error, warn or info", key);
            return false;
        }
        return true;
    }
    return false;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

bool sl_config_load_file(sl_config *c, const char *path, char *err, size_t errcap)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        return false;
    }
    char line[1024];
    int n = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        n++;
        char *p = trim(line);
        if (!*p || *p == '#')
            continue;
        char *eq = strchr(p, '=');
        if (!eq) {
            snprintf(err, errcap, "%s:%d: expected key = value", path, n);
            ok = false;
            break;
        }
        *eq = '\0';
        char inner[256];
        if (!sl_config_set(c, trim(p), trim(eq + 1), inner, sizeof inner)) {
            snprintf(err, errcap, "%s:%d: %s", path, n, inner);
            ok = false;
        }
    }
    fclose(f);
    return ok;
}

bool sl_config_load_env(sl_config *c, char *err, size_t errcap)
{
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        char name[64] = "SAMENLOOP_";
        size_t k = strlen(name);
        for (const char *p = settings[i].key; *p && k + 1 < sizeof name; p++)
            name[k++] = (char)toupper((unsigned char)*p);
        name[k] = '\0';
        const char *v = getenv(name);
        char inner[256];
        if (v && !sl_config_set(c, settings[i].key, v, inner, sizeof inner)) {
            snprintf(err, errcap, "%s: %s", name, inner);
            return false;
        }
    }
    return true;
}

void sl_config_print(const sl_config *c, void (*emit)(void *ctx, const char *line), void *ctx)
{
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        const setting *s = &settings[i];
        const char *field = (const char *)c + s->offset;
        char line[700];
        char date[11];
        switch (s->kind) {
        case K_STR: snprintf(line, sizeof line, "%s = %s", s->key, field); break;
        case K_INT: snprintf(line, sizeof line, "%s = %d", s->key, *(const int *)(const void *)field); break;
        case K_LONG: snprintf(line, sizeof line, "%s = %ld", s->key, *(const long *)(const void *)field); break;
        case K_BOOL:
            snprintf(line, sizeof line, "%s = %s", s->key,
                     *(const bool *)(const void *)field ? "true" : "false");
            break;
        case K_DATE:
            sl_date_format(*(const sl_date *)(const void *)field, date);
            snprintf(line, sizeof line, "%s = %s", s->key, date);
            break;
        case K_LEVEL:
            snprintf(line, sizeof line, "%s = %s", s->key,
                     sl_log_level_name(*(const sl_log_level *)(const void *)field));
            break;
        }
        emit(ctx, line);
    }
}

/* ---- the lawful-sharing part --------------------------------------------------- */

#include "http/sharing_config.h"

void sl_http_sharing_config(const sl_config *cfg, sl_sharing_config *out)
{
    sl_sharing_config_default(out);
    out->amvb_vanaf = cfg->statutory_from;
    if (cfg->suppress_below > 0)
        out->min_aantal = cfg->suppress_below;
    out->n_gemeenten = 0;
    const char *p = cfg->statutory_gemeenten;
    while (*p && out->n_gemeenten < SL_SHARING_GEMEENTEN_MAX) {
        while (*p == ',' || *p == ' ')
            p++;
        size_t n = strcspn(p, ", ");
        if (n == 4) {
            memcpy(out->gemeenten[out->n_gemeenten], p, 4);
            out->gemeenten[out->n_gemeenten++][4] = '\0';
        }
        p += n;
    }
}
