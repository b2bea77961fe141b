/*
 * prng.h - the generator's own pseudo-random numbers: xoshiro256** seeded
 * through splitmix64 (Blackman & Vigna, public domain reference algorithms).
 *
 * Why not rand(): its sequence differs between C libraries, so files would
 * not be byte-identical across machines. These functions use only 64-bit
 * integer arithmetic and IEEE doubles built from 53 bits, so the same seed
 * gives the same numbers everywhere.
 *
 * A generator run uses several independent streams (one for the ground
 * truth, one for the "messy" spelling of rows, one for invalid rows), so that
 * changing --invalid does not change which valid records are produced.
 *
 * Header-only; all state lives in the caller's sl_rng.
 */
#ifndef SL_GEN_PRNG_H
#define SL_GEN_PRNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sl_rng {
    uint64_t s[4]; /* xoshiro256** state; never all zero */
} sl_rng;

/* One step of splitmix64: advances *x and returns a well-mixed value. */
static inline uint64_t sl_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Seeds stream number `stream` of seed `seed`; distinct streams do not overlap
 * in practice (splitmix64 of distinct inputs). */
static inline void sl_rng_seed(sl_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * UINT64_C(0xD1B54A32D192ED03));
    for (int i = 0; i < 4; i++)
        r->s[i] = sl_splitmix64(&x);
    if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
        r->s[0] = 1;
}

static inline uint64_t sl_rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* The next 64 random bits (xoshiro256**). */
static inline uint64_t sl_rng_next(sl_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = sl_rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = sl_rotl64(s[3], 45);
    return result;
}

/* Uniform double in [0, 1). */
static inline double sl_rng_unit(sl_rng *r)
{
    return (double)(sl_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n) for n >= 1 (bias below 2^-53 * n: negligible). */
static inline uint64_t sl_rng_below(sl_rng *r, uint64_t n)
{
    return (uint64_t)(sl_rng_unit(r) * (double)n);
}

/* Uniform integer in [lo, hi], lo <= hi. */
static inline int64_t sl_rng_range(sl_rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)sl_rng_below(r, (uint64_t)(hi - lo) + 1);
}

/* True with probability p. */
static inline bool sl_rng_chance(sl_rng *r, double p)
{
    return sl_rng_unit(r) < p;
}

/* Index i in [0, n) chosen with probability w[i] / sum(w). */
static inline size_t sl_rng_pick(sl_rng *r, const double *w, size_t n)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    double u = sl_rng_unit(r) * total;
    for (size_t i = 0; i < n; i++) {
        if (u < w[i])
            return i;
        u -= w[i];
    }
    return n - 1;
}

#endif
