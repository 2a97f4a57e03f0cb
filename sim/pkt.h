/*
 * pkt.h - the packet a walk carries, and sets of port ranges.
 *
 * DOC: a packet is addresses, protocol, and either ports (TCP/UDP) or an
 * ICMP type and code.  A reply checked over a whole client ephemeral range
 * carries a vs_pset of destination ports instead of one: each NACL splits
 * it into the pieces it allows and denies.  A set is a small sorted array
 * of disjoint, non-adjacent ranges (NACLs have tens of entries, so a set
 * never has many pieces).
 */
#ifndef VS_PKT_H
#define VS_PKT_H

#include <stdbool.h>
#include <stdint.h>

#include "ip.h"

struct vs_pkt {
	struct vs_addr src, dst;
	int proto;
	uint16_t sport, dport;    /* TCP/UDP */
	int icmp_type, icmp_code; /* ICMP; -1 when not set */
};

#define VS_PSET_MAX 64

struct vs_pset {
	uint32_t n;
	struct vs_prange r[VS_PSET_MAX];
};

void vs_pset_init(struct vs_pset *s, struct vs_prange r);
void vs_pset_clear(struct vs_pset *s);
bool vs_pset_empty(const struct vs_pset *s);
uint32_t vs_pset_count(const struct vs_pset *s); /* number of ports */
/* Add a range (merging); if the set is full the range is merged into the
 * last piece, keeping the set a superset (never happens with NACL sizes). */
void vs_pset_add(struct vs_pset *s, struct vs_prange r);
/* out = a \ b */
void vs_pset_minus(const struct vs_pset *a, const struct vs_pset *b,
    struct vs_pset *out);
/* out = a & b */
void vs_pset_and(const struct vs_pset *a, const struct vs_pset *b,
    struct vs_pset *out);
bool vs_pset_has(const struct vs_pset *s, uint16_t port);

#endif
