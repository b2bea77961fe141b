/*
 * hashmap.h - open-addressing hash maps for the import's in-memory indexes
 * (address ids, match keys, source record ids -> their state in the store).
 *
 * Two flavours: sl_intmap (int64 key) and sl_strmap (byte-string key, copied
 * into the map's own arena). Values are int64 (typically an index into a
 * caller's array). Keys cannot be removed: the import builds a map, reads it
 * and frees it. Ownership: the map owns its memory; *_free releases it all.
 * Every function that can allocate returns false when memory runs out and
 * leaves the map usable.
 */
#ifndef SL_CORE_HASHMAP_H
#define SL_CORE_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 64-bit FNV-1a, continued from `h` (start with SL_HASH_INIT). */
#define SL_HASH_INIT UINT64_C(0xcbf29ce484222325)
uint64_t sl_hash_bytes(uint64_t h, const void *data, size_t len);

typedef struct sl_intmap sl_intmap;
sl_intmap *sl_intmap_new(size_t expected);
void sl_intmap_free(sl_intmap *m);
/* Inserts or overwrites. */
bool sl_intmap_put(sl_intmap *m, int64_t key, int64_t value);
/* Returns true and sets *value when key is present. */
bool sl_intmap_get(const sl_intmap *m, int64_t key, int64_t *value);
size_t sl_intmap_size(const sl_intmap *m);
/* Starts loading the slot where key's lookup begins into the CPU cache, so that
 * a get or put of it some rows later does not wait for memory. m may be NULL. */
void sl_intmap_prefetch(const sl_intmap *m, int64_t key);

typedef struct sl_strmap sl_strmap;
sl_strmap *sl_strmap_new(size_t expected);
void sl_strmap_free(sl_strmap *m);
bool sl_strmap_put(sl_strmap *m, const char *key, size_t len, int64_t value);
/* Like sl_strmap_put, and sets *stored to the map's own NUL-terminated copy of
 * the key, which stays valid until the map is freed. */
bool sl_strmap_put_key(sl_strmap *m, const char *key, size_t len, int64_t value,
                       const char **stored);
bool sl_strmap_get(const sl_strmap *m, const char *key, size_t len, int64_t *value);
size_t sl_strmap_size(const sl_strmap *m);
/* As sl_intmap_prefetch. */
void sl_strmap_prefetch(const sl_strmap *m, const char *key, size_t len);

#endif
