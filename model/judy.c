/*
 * judy.c - Judy wrapper (see judy.h).  Word_t is unsigned long and equals
 * the pointer size on the LP64 systems vpcsim supports; a static assert
 * keeps it honest.
 */
#include "judy.h"

#include <Judy.h>
#include <string.h>

#include "mem.h"

_Static_assert(sizeof(Word_t) == sizeof(uintptr_t), "Word_t is a pointer");
_Static_assert(sizeof(Word_t) >= sizeof(uint64_t), "Word_t holds 64 bits");

static void *
check(void *p)
{
	if (p == PJERR)
		vs_oom(0);
	return p;
}

uintptr_t *
vs_smap_slot(struct vs_smap *m, const char *key)
{
	return check(JudySLIns(&m->j, (const uint8_t *)key, PJE0));
}

bool
vs_smap_get(const struct vs_smap *m, const char *key, uintptr_t *val)
{
	Word_t *p = (Word_t *)JudySLGet(m->j, (const uint8_t *)key, PJE0);
	if (p == NULL)
		return false;
	if (val)
		*val = *p;
	return true;
}

void
vs_smap_free(struct vs_smap *m)
{
	JudySLFreeArray(&m->j, PJE0);
	m->j = NULL;
}

uintptr_t *
vs_smap_first(const struct vs_smap *m, char *key)
{
	return (uintptr_t *)JudySLFirst(m->j, (uint8_t *)key, PJE0);
}

uintptr_t *
vs_smap_next(const struct vs_smap *m, char *key)
{
	return (uintptr_t *)JudySLNext(m->j, (uint8_t *)key, PJE0);
}

uintptr_t *
vs_lmap_slot(struct vs_lmap *m, uint64_t key)
{
	return check(JudyLIns(&m->j, (Word_t)key, PJE0));
}

bool
vs_lmap_get(const struct vs_lmap *m, uint64_t key, uintptr_t *val)
{
	Word_t *p = (Word_t *)JudyLGet(m->j, (Word_t)key, PJE0);
	if (p == NULL)
		return false;
	if (val)
		*val = *p;
	return true;
}

bool
vs_lmap_last_le(const struct vs_lmap *m, uint64_t *key, uintptr_t *val)
{
	Word_t k = (Word_t)*key;
	Word_t *p = (Word_t *)JudyLLast(m->j, &k, PJE0);
	if (p == NULL)
		return false;
	*key = k;
	if (val)
		*val = *p;
	return true;
}

bool
vs_lmap_first_ge(const struct vs_lmap *m, uint64_t *key, uintptr_t *val)
{
	Word_t k = (Word_t)*key;
	Word_t *p = (Word_t *)JudyLFirst(m->j, &k, PJE0);
	if (p == NULL)
		return false;
	*key = k;
	if (val)
		*val = *p;
	return true;
}

bool
vs_lmap_del(struct vs_lmap *m, uint64_t key)
{
	return JudyLDel(&m->j, (Word_t)key, PJE0) == 1;
}

size_t
vs_lmap_count(const struct vs_lmap *m)
{
	return (size_t)JudyLCount(m->j, 0, (Word_t)-1, PJE0);
}

void
vs_lmap_free(struct vs_lmap *m)
{
	JudyLFreeArray(&m->j, PJE0);
	m->j = NULL;
}

size_t
vs_lmap_memory(const struct vs_lmap *m)
{
	return (size_t)JudyLMemUsed(m->j);
}

uintptr_t *
vs_hmap_slot(struct vs_hmap *m, const void *key, size_t n)
{
	return check(JudyHSIns(&m->j, (void *)(uintptr_t)key, (Word_t)n, PJE0));
}

bool
vs_hmap_get(const struct vs_hmap *m, const void *key, size_t n, uintptr_t *val)
{
	Word_t *p =
	    (Word_t *)JudyHSGet(m->j, (void *)(uintptr_t)key, (Word_t)n);
	if (p == NULL)
		return false;
	if (val)
		*val = *p;
	return true;
}

void
vs_hmap_free(struct vs_hmap *m)
{
	JudyHSFreeArray(&m->j, PJE0);
	m->j = NULL;
}
