/*
 * judy.h - typed wrapper over Judy arrays, the project's only Judy user.
 *
 * DOC: three map shapes, each a struct holding one Judy array (NULL when
 * empty, so a zeroed struct is an empty map):
 *   vs_smap  NUL-terminated string -> word, iterated in sorted key order
 *            (JudySL); used for id -> object so listings come out sorted;
 *   vs_lmap  word -> word, with ordered neighbour search (JudyL); used for
 *            IPv4 address -> ENI and "greatest start <= address" lookups;
 *   vs_hmap  byte string -> word (JudyHS); used for IPv6 addresses.
 * Judy's functions are called directly (never its macros, whose default
 * error handler exits the process); an allocation failure goes to vs_oom().
 * Pointers returned by the _slot functions are invalidated by the next
 * insert or delete on the same map.  Maps are single-writer: build, then
 * read.
 */
#ifndef VS_JUDY_H
#define VS_JUDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vs_smap {
	void *j;
};
struct vs_lmap {
	void *j;
};
struct vs_hmap {
	void *j;
};

/* Longest key vs_smap iteration supports. */
#define VS_SMAP_KEYMAX 256

/* Insert or find; returns the value slot (zero when newly inserted). */
uintptr_t *vs_smap_slot(struct vs_smap *m, const char *key);
bool vs_smap_get(const struct vs_smap *m, const char *key, uintptr_t *val);
void vs_smap_free(struct vs_smap *m);
/*
 * Ordered iteration: key must be a buffer of VS_SMAP_KEYMAX bytes.  first
 * starts at key (use "" for the beginning) and returns the first key >= it;
 * next returns the key after it.  NULL at the end.
 */
uintptr_t *vs_smap_first(const struct vs_smap *m, char *key);
uintptr_t *vs_smap_next(const struct vs_smap *m, char *key);

uintptr_t *vs_lmap_slot(struct vs_lmap *m, uint64_t key);
bool vs_lmap_get(const struct vs_lmap *m, uint64_t key, uintptr_t *val);
/* Greatest key <= *key; updates *key.  false when there is none. */
bool vs_lmap_last_le(const struct vs_lmap *m, uint64_t *key, uintptr_t *val);
/* Smallest key >= *key; updates *key. */
bool vs_lmap_first_ge(const struct vs_lmap *m, uint64_t *key, uintptr_t *val);
bool vs_lmap_del(struct vs_lmap *m, uint64_t key);
size_t vs_lmap_count(const struct vs_lmap *m);
void vs_lmap_free(struct vs_lmap *m);

uintptr_t *vs_hmap_slot(struct vs_hmap *m, const void *key, size_t n);
bool vs_hmap_get(const struct vs_hmap *m, const void *key, size_t n,
    uintptr_t *val);
void vs_hmap_free(struct vs_hmap *m);

/* Bytes of memory the map uses (JudyL only; 0 for others). */
size_t vs_lmap_memory(const struct vs_lmap *m);

#endif
