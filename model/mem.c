/*
 * mem.c - allocation wrappers (see mem.h).  This is the only library file
 * allowed to write to stderr, and only just before abort().
 */
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void
vs_oom(size_t n)
{
	/* not a crash: the machine ran out; exit 3 as any internal failure
	 * does, with no core dump */
	fprintf(stderr, "vpcsim: out of memory (allocating %zu bytes)\n", n);
	fflush(stderr);
	_Exit(3);
}

void *
vs_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		vs_oom(n);
	return p;
}

void *
vs_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (p == NULL)
		vs_oom(count * size);
	return p;
}

void *
vs_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		vs_oom(n);
	return q;
}

char *
vs_xstrdup(const char *s)
{
	return vs_xstrndup(s, strlen(s));
}

char *
vs_xstrndup(const char *s, size_t n)
{
	char *p = vs_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *
vs_xgrow(void *p, size_t elsz, size_t *cap, size_t need)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > ((size_t)-1) / 2 / elsz)
			vs_oom(need * elsz);
		c *= 2;
	}
	*cap = c;
	return vs_xrealloc(p, c * elsz);
}
