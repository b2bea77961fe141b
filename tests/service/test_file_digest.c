/*
 * test_file_digest.c - the SHA-256 hashed beside the reader equals the SHA-256
 * of the whole input, whatever the chunking, and a stopped digest lets go.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "service/file_digest.h"

static void whole_sha256(const unsigned char *data, size_t n, char hex[65])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, data, n);
    sodium_bin2hex(hex, 65, d, sizeof d);
}

/* Feeds data in pieces of up to `chunk` bytes, as the reader does with fread. */
static void digest_in_chunks(const unsigned char *data, size_t n, size_t chunk, char hex[65])
{
    char err[128];
    sl_digest *d = sl_digest_start(chunk, err, sizeof err);
    assert_non_null(d);
    for (size_t off = 0; off < n;) {
        char *buf = sl_digest_buffer(d);
        assert_non_null(buf);
        size_t take = n - off < chunk ? n - off : chunk;
        memcpy(buf, data + off, take);
        sl_digest_add(d, take);
        /* what the reader does meanwhile: read its chunk again */
        assert_memory_equal(buf, data + off, take);
        off += take;
    }
    sl_digest_finish(d, hex);
    sl_digest_free(d);
}

static void chunked_digest_equals_the_whole(void **state)
{
    (void)state;
    assert_true(sodium_init() >= 0);
    enum { N = 100000 };
    static unsigned char data[N];
    uint32_t x = 12345;
    for (size_t i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (unsigned char)(x >> 24);
    }
    char want[65], got[65];
    const size_t chunks[] = {1, 7, 4096, N - 1, N, 2 * N};
    const size_t lengths[] = {0, 1, 6, 7, 8, 4097, N};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
            if (chunks[c] == 1 && lengths[l] > 8192)
                continue; /* a hundred thousand one-byte hand-overs prove nothing more */
            whole_sha256(data, lengths[l], want);
            digest_in_chunks(data, lengths[l], chunks[c], got);
            assert_string_equal(got, want);
        }
    }
}

/* A reader that gives up frees the digest with chunks still queued. */
static void freeing_a_busy_digest_stops_it(void **state)
{
    (void)state;
    char err[128];
    sl_digest *d = sl_digest_start(1 << 16, err, sizeof err);
    assert_non_null(d);
    for (int i = 0; i < 3; i++) {
        char *buf = sl_digest_buffer(d);
        assert_non_null(buf);
        memset(buf, i, 1 << 16);
        sl_digest_add(d, 1 << 16);
    }
    sl_digest_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chunked_digest_equals_the_whole),
        cmocka_unit_test(freeing_a_busy_digest_stops_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
