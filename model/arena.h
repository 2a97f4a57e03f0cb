/*
 * arena.h - linear (bump) allocator.
 *
 * DOC: an arena hands out memory from large blocks and frees it all at
 * once.  Every object of a loaded topology lives in one arena, so dropping a
 * topology is one call; evaluation uses a second, per-query scratch arena
 * that is reset with a mark after each query.  Allocations are aligned to
 * 16 bytes.  Memory is never returned to the system before
 * vs_arena_free() or vs_arena_reset(), so growing arrays inside an arena
 * (vs_arena_grow) wastes the old copies: fine for load-time building, not
 * for hot loops.
 */
#ifndef VS_ARENA_H
#define VS_ARENA_H

#include <stddef.h>

struct vs_arena;

/* A point in an arena's history, for vs_arena_reset(). */
struct vs_arena_mark {
	void *blk;
	void *big;
	size_t off;
	size_t used;
};

struct vs_arena *vs_arena_new(void);
/* Free every block and the arena; *a becomes NULL.  NULL is a no-op. */
void vs_arena_free(struct vs_arena **a);

/* Uninitialised and zeroed allocation; never NULL (aborts on OOM). */
void *vs_arena_alloc(struct vs_arena *a, size_t n);
void *vs_arena_zalloc(struct vs_arena *a, size_t n);
void *vs_arena_memdup(struct vs_arena *a, const void *p, size_t n);
char *vs_arena_strdup(struct vs_arena *a, const char *s);
char *vs_arena_strndup(struct vs_arena *a, const char *s, size_t n);
/* printf into the arena. */
char *vs_arena_printf(struct vs_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Make room for need elements of size elsz in *p (capacity *cap); the old
 * array is copied and abandoned in the arena.
 */
void *vs_arena_grow(struct vs_arena *a, void *p, size_t elsz, size_t *cap,
    size_t need);

/* Bytes handed out so far (for memory reports). */
size_t vs_arena_used(const struct vs_arena *a);

/* Scratch use: remember a point and free everything allocated after it. */
struct vs_arena_mark vs_arena_mark(const struct vs_arena *a);
void vs_arena_reset(struct vs_arena *a, struct vs_arena_mark m);

#endif
