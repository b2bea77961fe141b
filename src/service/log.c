/*
 * log.c - one line per message on stderr (see log.h).
 */
#include "service/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE_CAP 2048

static _Atomic int threshold = SL_LOG_INFO;

static const char *const names[] = {"error", "warn", "info"};

const char *sl_log_level_name(sl_log_level level)
{
    return (unsigned)level < sizeof names / sizeof names[0] ? names[level] : "info";
}

bool sl_log_level_parse(const char *name, sl_log_level *out)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (sl_log_level)i;
            return true;
        }
    return false;
}

void sl_log_set_level(sl_log_level level)
{
    atomic_store(&threshold, (int)level);
}

/* "2026-12-06T21:16:00.123Z" into buf (at least 25 bytes) */
static size_t timestamp(char *buf, size_t cap)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    int m = snprintf(buf + n, cap - n, ".%03ldZ", ts.tv_nsec / 1000000);
    return n + (m > 0 ? (size_t)m : 0);
}

void sl_log_emit(sl_log_level level, const char *component, const char *fmt, ...)
{
    if ((int)level > atomic_load(&threshold))
        return;
    char line[LINE_CAP];
    size_t n = timestamp(line, sizeof line);
    int head = snprintf(line + n, sizeof line - n, " samenloop %s %s: ", sl_log_level_name(level),
                        component);
    n += head > 0 ? (size_t)head : 0;
    if (n > sizeof line - 2) /* a component name no caller has: still one line */
        n = sizeof line - 2;
    size_t body = n;
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - n - 1, fmt, ap); /* room for the '\n' */
    va_end(ap);
    if (m > 0)
        n += (size_t)m < sizeof line - n - 1 ? (size_t)m : sizeof line - n - 2;
    for (size_t i = body; i < n; i++)
        if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
            line[i] = ' ';
    line[n++] = '\n';
    /* one write per line: stdio would split a long line over several */
    ssize_t w = write(STDERR_FILENO, line, n);
    (void)w; /* nowhere left to report a failing stderr */
}
