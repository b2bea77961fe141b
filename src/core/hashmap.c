/*
 * hashmap.c - linear-probing hash maps (see hashmap.h).
 *
 * Load factor is kept under 1/2 so probes stay short; the string map keeps
 * its keys in chunked arenas so that a million source ids cost a few large
 * allocations instead of a million small ones.
 */
#include "core/hashmap.h"

#include <string.h>
#include <sys/mman.h>

#include "core/alloc.h"

/*
 * A map of a million entries is tens of megabytes probed at random: nearly
 * every probe misses the TLB, and under virtualisation a TLB miss is a
 * two-level page walk. Asking for transparent huge pages for the slot array
 * cuts those walks; it is a hint, and a kernel that ignores it loses nothing.
 */
#define HUGE_HINT_MIN ((size_t)4 << 20)

static void huge_hint(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    if (bytes < HUGE_HINT_MIN)
        return;
    uintptr_t start = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
    uintptr_t end = ((uintptr_t)p + bytes) & ~(uintptr_t)4095;
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

uint64_t sl_hash_bytes(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static uint64_t mix64(uint64_t x)
{
    /* splitmix64 finaliser: integer keys (BAG ids) are far from random */
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

static size_t capacity_for(size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2 + 1 && cap < ((size_t)1 << 40))
        cap <<= 1;
    return cap;
}

/* ---- int64 keys ------------------------------------------------------ */

typedef struct int_slot {
    int64_t key;
    int64_t value;
    bool used;
} int_slot;

struct sl_intmap {
    int_slot *slots;
    size_t cap, size;
};

sl_intmap *sl_intmap_new(size_t expected)
{
    sl_intmap *m = sl_calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = capacity_for(expected);
    m->slots = sl_calloc(m->cap, sizeof *m->slots);
    if (!m->slots) {
        sl_free(m);
        return NULL;
    }
    huge_hint(m->slots, m->cap * sizeof *m->slots);
    return m;
}

void sl_intmap_free(sl_intmap *m)
{
    if (!m)
        return;
    sl_free(m->slots);
    sl_free(m);
}

static int_slot *int_find(int_slot *slots, size_t cap, int64_t key)
{
    size_t i = mix64((uint64_t)key) & (cap - 1);
    while (slots[i].used && slots[i].key != key)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

void sl_intmap_prefetch(const sl_intmap *m, int64_t key)
{
    if (m)
        __builtin_prefetch(&m->slots[mix64((uint64_t)key) & (m->cap - 1)]);
}

static bool int_grow(sl_intmap *m)
{
    size_t ncap = m->cap * 2;
    int_slot *ns = sl_calloc(ncap, sizeof *ns);
    if (!ns)
        return false;
    huge_hint(ns, ncap * sizeof *ns);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].used)
            *int_find(ns, ncap, m->slots[i].key) = m->slots[i];
    sl_free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return true;
}

bool sl_intmap_put(sl_intmap *m, int64_t key, int64_t value)
{
    if ((m->size + 1) * 2 > m->cap && !int_grow(m))
        return false;
    int_slot *s = int_find(m->slots, m->cap, key);
    if (!s->used) {
        s->used = true;
        s->key = key;
        m->size++;
    }
    s->value = value;
    return true;
}

bool sl_intmap_get(const sl_intmap *m, int64_t key, int64_t *value)
{
    const int_slot *s = int_find(m->slots, m->cap, key);
    if (!s->used)
        return false;
    *value = s->value;
    return true;
}

size_t sl_intmap_size(const sl_intmap *m)
{
    return m->size;
}

/* ---- string keys ----------------------------------------------------- */

#define ARENA_CHUNK ((size_t)1 << 20)

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used, cap;
    char data[];
} arena_chunk;

typedef struct str_slot {
    const char *key; /* NULL = empty */
    uint32_t len;
    uint32_t hash32;
    int64_t value;
} str_slot;

struct sl_strmap {
    str_slot *slots;
    size_t cap, size;
    arena_chunk *arena;
};

sl_strmap *sl_strmap_new(size_t expected)
{
    sl_strmap *m = sl_calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = capacity_for(expected);
    m->slots = sl_calloc(m->cap, sizeof *m->slots);
    if (!m->slots) {
        sl_free(m);
        return NULL;
    }
    huge_hint(m->slots, m->cap * sizeof *m->slots);
    return m;
}

void sl_strmap_free(sl_strmap *m)
{
    if (!m)
        return;
    arena_chunk *c = m->arena;
    while (c) {
        arena_chunk *next = c->next;
        sl_free(c);
        c = next;
    }
    sl_free(m->slots);
    sl_free(m);
}

static const char *arena_copy(sl_strmap *m, const char *key, size_t len)
{
    arena_chunk *c = m->arena;
    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > ARENA_CHUNK ? len + 1 : ARENA_CHUNK;
        c = sl_malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = m->arena;
        c->used = 0;
        c->cap = cap;
        m->arena = c;
    }
    char *dst = c->data + c->used;
    memcpy(dst, key, len);
    dst[len] = '\0';
    c->used += len + 1;
    return dst;
}

static str_slot *str_find(str_slot *slots, size_t cap, const char *key, size_t len, uint64_t h)
{
    size_t i = h & (cap - 1);
    while (slots[i].key &&
           !(slots[i].hash32 == (uint32_t)(h >> 32) && slots[i].len == len &&
             memcmp(slots[i].key, key, len) == 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static uint64_t str_hash(const char *key, size_t len)
{
    return mix64(sl_hash_bytes(SL_HASH_INIT, key, len));
}

static bool str_grow(sl_strmap *m)
{
    size_t ncap = m->cap * 2;
    str_slot *ns = sl_calloc(ncap, sizeof *ns);
    if (!ns)
        return false;
    huge_hint(ns, ncap * sizeof *ns);
    for (size_t i = 0; i < m->cap; i++) {
        str_slot *o = &m->slots[i];
        if (o->key)
            *str_find(ns, ncap, o->key, o->len, str_hash(o->key, o->len)) = *o;
    }
    sl_free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return true;
}

bool sl_strmap_put(sl_strmap *m, const char *key, size_t len, int64_t value)
{
    const char *stored;
    return sl_strmap_put_key(m, key, len, value, &stored);
}

bool sl_strmap_put_key(sl_strmap *m, const char *key, size_t len, int64_t value,
                       const char **stored)
{
    if (len > UINT32_MAX)
        return false;
    if ((m->size + 1) * 2 > m->cap && !str_grow(m))
        return false;
    uint64_t h = str_hash(key, len);
    str_slot *s = str_find(m->slots, m->cap, key, len, h);
    if (!s->key) {
        const char *copy = arena_copy(m, key, len);
        if (!copy)
            return false;
        s->key = copy;
        s->len = (uint32_t)len;
        s->hash32 = (uint32_t)(h >> 32);
        m->size++;
    }
    s->value = value;
    *stored = s->key;
    return true;
}

bool sl_strmap_get(const sl_strmap *m, const char *key, size_t len, int64_t *value)
{
    const str_slot *s = str_find(m->slots, m->cap, key, len, str_hash(key, len));
    if (!s->key)
        return false;
    *value = s->value;
    return true;
}

void sl_strmap_prefetch(const sl_strmap *m, const char *key, size_t len)
{
    if (m)
        __builtin_prefetch(&m->slots[str_hash(key, len) & (m->cap - 1)]);
}

size_t sl_strmap_size(const sl_strmap *m)
{
    return m->size;
}
