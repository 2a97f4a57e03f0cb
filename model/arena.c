/*
 * arena.c - bump allocator (see arena.h).
 *
 * Blocks form a singly linked list, newest first.  A request larger than a
 * quarter of the block size gets a block of its own on a second list, so
 * the current block keeps serving small requests and a mark can tell which
 * large blocks came after it.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define BLOCK_SIZE ((size_t)64 * 1024)
#define ALIGN      ((size_t)16)

struct block {
	struct block *next;
	size_t size; /* usable bytes in data */
	size_t off;  /* bytes used */
	_Alignas(16) unsigned char data[];
};

struct vs_arena {
	struct block *cur; /* normal blocks, newest first */
	struct block *big; /* dedicated blocks for large requests */
	size_t used;
};

static struct block *
block_new(size_t size)
{
	struct block *b = vs_xmalloc(sizeof(*b) + size);
	b->next = NULL;
	b->size = size;
	b->off = 0;
	return b;
}

struct vs_arena *
vs_arena_new(void)
{
	struct vs_arena *a = vs_xmalloc(sizeof(*a));
	a->cur = block_new(BLOCK_SIZE);
	a->big = NULL;
	a->used = 0;
	return a;
}

void
vs_arena_free(struct vs_arena **ap)
{
	struct vs_arena *a;
	struct block *b, *n;

	if (ap == NULL || *ap == NULL)
		return;
	a = *ap;
	for (b = a->cur; b != NULL; b = n) {
		n = b->next;
		free(b);
	}
	for (b = a->big; b != NULL; b = n) {
		n = b->next;
		free(b);
	}
	free(a);
	*ap = NULL;
}

void *
vs_arena_alloc(struct vs_arena *a, size_t n)
{
	struct block *b = a->cur;
	size_t off = (b->off + ALIGN - 1) & ~(ALIGN - 1);
	void *p;

	if (n == 0)
		n = 1;
	if (n > BLOCK_SIZE / 4) {
		struct block *big = block_new(n);
		big->off = n;
		big->next = a->big;
		a->big = big;
		a->used += n;
		return big->data;
	}
	if (off + n > b->size) {
		struct block *nb = block_new(BLOCK_SIZE);
		nb->next = b;
		a->cur = nb;
		b = nb;
		off = 0;
	}
	p = b->data + off;
	b->off = off + n;
	a->used += n;
	return p;
}

void *
vs_arena_zalloc(struct vs_arena *a, size_t n)
{
	void *p = vs_arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

void *
vs_arena_memdup(struct vs_arena *a, const void *p, size_t n)
{
	void *q = vs_arena_alloc(a, n);
	if (n)
		memcpy(q, p, n);
	return q;
}

char *
vs_arena_strndup(struct vs_arena *a, const char *s, size_t n)
{
	char *p = vs_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
vs_arena_strdup(struct vs_arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	return vs_arena_strndup(a, s, strlen(s));
}

char *
vs_arena_printf(struct vs_arena *a, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	p = vs_arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small)) {
		memcpy(p, small, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return p;
}

void *
vs_arena_grow(struct vs_arena *a, void *p, size_t elsz, size_t *cap,
    size_t need)
{
	size_t c = *cap;
	void *q;

	if (need <= c)
		return p;
	if (c < 4)
		c = 4;
	while (c < need) {
		if (c > SIZE_MAX / 2 / elsz)
			vs_oom(need * elsz);
		c *= 2;
	}
	q = vs_arena_alloc(a, c * elsz);
	if (p != NULL && *cap)
		memcpy(q, p, *cap * elsz);
	*cap = c;
	return q;
}

size_t
vs_arena_used(const struct vs_arena *a)
{
	return a->used;
}

struct vs_arena_mark
vs_arena_mark(const struct vs_arena *a)
{
	struct vs_arena_mark m;
	m.blk = a->cur;
	m.big = a->big;
	m.off = a->cur->off;
	m.used = a->used;
	return m;
}

void
vs_arena_reset(struct vs_arena *a, struct vs_arena_mark m)
{
	struct block *b, *n;

	for (b = a->cur; b != NULL && b != (struct block *)m.blk; b = n) {
		n = b->next;
		free(b);
	}
	for (n = a->big; n != NULL && n != (struct block *)m.big; n = b) {
		b = n->next;
		free(n);
	}
	a->big = m.big;
	a->cur = m.blk;
	a->cur->off = m.off;
	a->used = m.used;
}
