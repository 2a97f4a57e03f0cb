/*
 * pkt.c - port-range sets (see pkt.h).
 */
#include "pkt.h"

#include <string.h>

void
vs_pset_init(struct vs_pset *s, struct vs_prange r)
{
	s->n = 1;
	s->r[0] = r;
}

void
vs_pset_clear(struct vs_pset *s)
{
	s->n = 0;
}

bool
vs_pset_empty(const struct vs_pset *s)
{
	return s->n == 0;
}

uint32_t
vs_pset_count(const struct vs_pset *s)
{
	uint32_t i, c = 0;
	for (i = 0; i < s->n; i++)
		c += (uint32_t)s->r[i].hi - s->r[i].lo + 1u;
	return c;
}

void
vs_pset_add(struct vs_pset *s, struct vs_prange r)
{
	uint32_t i, j;
	struct vs_prange m = r;

	/* find the insertion point, merging overlapping or adjacent pieces */
	i = 0;
	while (i < s->n && (uint32_t)s->r[i].hi + 1u < m.lo)
		i++;
	j = i;
	while (j < s->n && s->r[j].lo <= (uint32_t)m.hi + 1u) {
		if (s->r[j].lo < m.lo)
			m.lo = s->r[j].lo;
		if (s->r[j].hi > m.hi)
			m.hi = s->r[j].hi;
		j++;
	}
	if (j == i && s->n >= VS_PSET_MAX) {
		/* full: widen the nearest piece (keeps a superset) */
		uint32_t k = i < s->n ? i : s->n - 1;
		if (m.lo < s->r[k].lo)
			s->r[k].lo = m.lo;
		if (m.hi > s->r[k].hi)
			s->r[k].hi = m.hi;
		return;
	}
	/* replace pieces [i, j) by m */
	memmove(&s->r[i + 1], &s->r[j], sizeof(s->r[0]) * (s->n - j));
	s->r[i] = m;
	s->n = s->n - (j - i) + 1;
}

bool
vs_pset_has(const struct vs_pset *s, uint16_t port)
{
	uint32_t i;
	for (i = 0; i < s->n; i++)
		if (port >= s->r[i].lo && port <= s->r[i].hi)
			return true;
	return false;
}

void
vs_pset_and(const struct vs_pset *a, const struct vs_pset *b,
    struct vs_pset *out)
{
	uint32_t i = 0, j = 0;
	struct vs_pset o;

	o.n = 0;
	while (i < a->n && j < b->n) {
		uint16_t lo = a->r[i].lo > b->r[j].lo ? a->r[i].lo : b->r[j].lo;
		uint16_t hi = a->r[i].hi < b->r[j].hi ? a->r[i].hi : b->r[j].hi;
		if (lo <= hi)
			vs_pset_add(&o, vs_prange(lo, hi));
		if (a->r[i].hi < b->r[j].hi)
			i++;
		else
			j++;
	}
	*out = o;
}

void
vs_pset_minus(const struct vs_pset *a, const struct vs_pset *b,
    struct vs_pset *out)
{
	struct vs_pset o;
	uint32_t i, j;

	o.n = 0;
	for (i = 0; i < a->n; i++) {
		uint32_t lo = a->r[i].lo, hi = a->r[i].hi;
		for (j = 0; j < b->n && lo <= hi; j++) {
			if (b->r[j].hi < lo || b->r[j].lo > hi)
				continue;
			if (b->r[j].lo > lo)
				vs_pset_add(&o, vs_prange(lo, b->r[j].lo - 1u));
			lo = (uint32_t)b->r[j].hi + 1u;
		}
		if (lo <= hi)
			vs_pset_add(&o, vs_prange(lo, hi));
	}
	*out = o;
}
