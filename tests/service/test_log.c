/*
 * test_log.c - the server's log (service/log.h): one line per message on
 * stderr in the documented form, nothing under the threshold, no message
 * spread over two lines, and lines of concurrent threads never mixed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "service/log.h"

/* stderr goes into a pipe while a test logs; capture_end gives what was written */
typedef struct capture {
    int saved, rd;
} capture;

static capture capture_begin(void)
{
    capture c;
    int p[2];
    assert_int_equal(pipe(p), 0);
    c.saved = dup(STDERR_FILENO);
    assert_true(c.saved >= 0);
    assert_true(dup2(p[1], STDERR_FILENO) >= 0);
    close(p[1]);
    c.rd = p[0];
    return c;
}

/* restores stderr and reads everything logged meanwhile (at most cap - 1 bytes) */
static size_t capture_end(capture c, char *buf, size_t cap)
{
    assert_true(dup2(c.saved, STDERR_FILENO) >= 0); /* closes the pipe's last writer */
    close(c.saved);
    size_t n = 0;
    ssize_t r;
    while (n + 1 < cap && (r = read(c.rd, buf + n, cap - 1 - n)) > 0)
        n += (size_t)r;
    buf[n] = '\0';
    close(c.rd);
    return n;
}

static void test_line_format(void **state)
{
    (void)state;
    sl_log_set_level(SL_LOG_INFO);
    time_t before = time(NULL);
    capture c = capture_begin();
    sl_log(SL_LOG_WARN, "server", "cannot listen on %s (%d)", "127.0.0.1:8080", 98);
    char out[512];
    capture_end(c, out, sizeof out);

    regex_t re;
    assert_int_equal(regcomp(&re,
                             "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z "
                             "samenloop warn server: cannot listen on 127\\.0\\.0\\.1:8080 \\(98\\)\n$",
                             REG_EXTENDED),
                     0);
    int match = regexec(&re, out, 0, NULL, 0);
    regfree(&re);
    if (match != 0)
        fail_msg("not in the documented form: %s", out);

    /* the timestamp is UTC now, not local time */
    struct tm tm = {0};
    assert_non_null(strptime(out, "%Y-%m-%dT%H:%M:%S", &tm));
    time_t at = timegm(&tm);
    assert_true(at >= before - 1 && at <= time(NULL) + 1);
}

static void test_under_threshold_not_written(void **state)
{
    (void)state;
    sl_log_set_level(SL_LOG_WARN);
    capture c = capture_begin();
    sl_log(SL_LOG_INFO, "server", "listening on http://%s", "127.0.0.1:8080");
    sl_log(SL_LOG_ERROR, "logboek", "batch not committed: %s", "disk I/O error");
    char out[512];
    capture_end(c, out, sizeof out);
    assert_null(strstr(out, "listening"));
    assert_non_null(strstr(out, " samenloop error logboek: batch not committed: disk I/O error\n"));
    assert_int_equal(strchr(out, '\n') - out + 1, (long)strlen(out)); /* that line only */

    sl_log_set_level(SL_LOG_ERROR);
    c = capture_begin();
    sl_log(SL_LOG_WARN, "auth", "last-used time not updated: %s", "busy");
    capture_end(c, out, sizeof out);
    assert_string_equal(out, "");
    sl_log_set_level(SL_LOG_INFO);
}

/* an error text holding a line break (or a forged log line) stays within its own line */
static void test_one_line_per_message(void **state)
{
    (void)state;
    sl_log_set_level(SL_LOG_INFO);
    capture c = capture_begin();
    sl_log(SL_LOG_ERROR, "register", "%s", "no such table\n2026-01-01T00:00:00.000Z samenloop info x: forged\r");
    char out[512];
    capture_end(c, out, sizeof out);
    assert_int_equal(strchr(out, '\n') - out + 1, (long)strlen(out));
    assert_non_null(strstr(out, "no such table 2026-01-01"));
}

static void test_long_message_cut_to_one_line(void **state)
{
    (void)state;
    static char big[10000];
    memset(big, 'x', sizeof big - 1);
    capture c = capture_begin();
    sl_log(SL_LOG_ERROR, "server", "%s", big);
    static char out[20000];
    size_t n = capture_end(c, out, sizeof out);
    assert_true(n > 1000 && n <= 2048);
    assert_int_equal(out[n - 1], '\n');
    assert_ptr_equal(strchr(out, '\n'), out + n - 1);
}

static void test_level_names(void **state)
{
    (void)state;
    const sl_log_level all[] = {SL_LOG_ERROR, SL_LOG_WARN, SL_LOG_INFO};
    for (size_t i = 0; i < 3; i++) {
        sl_log_level back;
        assert_true(sl_log_level_parse(sl_log_level_name(all[i]), &back));
        assert_int_equal(back, all[i]);
    }
    sl_log_level l;
    assert_false(sl_log_level_parse("debug", &l));
    assert_false(sl_log_level_parse("INFO", &l));
    assert_false(sl_log_level_parse("", &l));
}

#define THREADS 4
#define LINES 300

static void *log_lines(void *arg)
{
    char tag = (char)(intptr_t)arg;
    char body[1500];
    memset(body, tag, sizeof body - 1);
    body[sizeof body - 1] = '\0';
    for (int i = 0; i < LINES; i++)
        sl_log(SL_LOG_INFO, "test", "%s", body);
    return NULL;
}

typedef struct drained {
    int fd;
    char *buf;
    size_t n, cap;
} drained;

static void *drain(void *arg)
{
    drained *d = arg;
    ssize_t r;
    while (d->n < d->cap && (r = read(d->fd, d->buf + d->n, d->cap - d->n)) > 0)
        d->n += (size_t)r;
    return NULL;
}

static void test_threads_do_not_interleave(void **state)
{
    (void)state;
    sl_log_set_level(SL_LOG_INFO);
    int p[2];
    assert_int_equal(pipe(p), 0);
    int saved = dup(STDERR_FILENO);
    assert_true(dup2(p[1], STDERR_FILENO) >= 0);
    close(p[1]);
    drained d = {p[0], malloc(THREADS * LINES * 1600), 0, THREADS * LINES * 1600};
    assert_non_null(d.buf);
    pthread_t reader, writers[THREADS];
    assert_int_equal(pthread_create(&reader, NULL, drain, &d), 0);
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(pthread_create(&writers[t], NULL, log_lines, (void *)(intptr_t)('a' + t)), 0);
    for (int t = 0; t < THREADS; t++)
        pthread_join(writers[t], NULL);
    dup2(saved, STDERR_FILENO);
    close(saved);
    pthread_join(reader, NULL);
    close(p[0]);

    /* every line: the header, then 1499 times one thread's letter */
    int lines = 0;
    for (char *line = d.buf; line < d.buf + d.n; lines++) {
        char *end = memchr(line, '\n', (size_t)(d.buf + d.n - line));
        assert_non_null(end);
        char *colon = strstr(line, " test: ");
        assert_true(colon && colon < end);
        char *body = colon + 7;
        assert_int_equal(end - body, 1499);
        for (char *q = body; q < end; q++)
            if (*q != *body)
                fail_msg("line %d mixes the lines of two threads", lines);
        line = end + 1;
    }
    assert_int_equal(lines, THREADS * LINES);
    free(d.buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_format),
        cmocka_unit_test(test_under_threshold_not_written),
        cmocka_unit_test(test_one_line_per_message),
        cmocka_unit_test(test_long_message_cut_to_one_line),
        cmocka_unit_test(test_level_names),
        cmocka_unit_test(test_threads_do_not_interleave),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
