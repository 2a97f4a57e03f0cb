/*
 * nacl.c - network ACL evaluation (see nacl.h).
 */
#include "nacl.h"

#include <string.h>

#include "topo.h"

static bool
entry_matches_addr(const struct vs_nacl_entry *e, int proto,
    const struct vs_addr *peer)
{
	if (e->cidr.addr.af != peer->af)
		return false;
	if (e->proto != VS_PROTO_ALL && e->proto != proto)
		return false;
	return vs_prefix_contains(&e->cidr, peer);
}

static bool
entry_matches_icmp(const struct vs_nacl_entry *e, const struct vs_pkt *p)
{
	if (!vs_proto_is_icmp(p->proto) || e->proto == VS_PROTO_ALL ||
	    !e->has_icmp)
		return true;
	/* protocol 58 on an IPv4 entry matches every ICMPv6 type */
	if (e->proto == VS_PROTO_ICMPV6 && e->cidr.addr.af == VS_AF4)
		return true;
	if (e->icmp_type >= 0 && e->icmp_type != p->icmp_type)
		return false;
	if (e->icmp_code >= 0 && e->icmp_code != p->icmp_code)
		return false;
	return true;
}

/* Entries of one direction: [first, end). */
static void
span(const struct vs_nacl *n, bool egress, uint32_t *first, uint32_t *end)
{
	*first = egress ? n->first_egress : 0;
	*end = egress ? n->n_entries : n->first_egress;
}

struct vs_nacl_res
vs_nacl_eval(const struct vs_nacl *n, bool egress, const struct vs_pkt *p,
    const struct vs_addr *peer)
{
	struct vs_nacl_res r;
	uint32_t i, end;

	span(n, egress, &i, &end);
	for (; i < end; i++) {
		const struct vs_nacl_entry *e = &n->entries[i];
		if (!entry_matches_addr(e, p->proto, peer))
			continue;
		if (vs_proto_has_ports(p->proto) && e->proto != VS_PROTO_ALL &&
		    e->has_ports &&
		    (p->dport < e->ports.lo || p->dport > e->ports.hi))
			continue;
		if (!entry_matches_icmp(e, p))
			continue;
		r.allow = e->allow;
		/* the 32767/32768 entries AWS lists are the implicit deny */
		r.entry = e->rule >= 32767 ? NULL : e;
		r.rule = e->rule;
		return r;
	}
	r.allow = false;
	r.entry = NULL;
	r.rule = vs_nacl_implicit_rule(peer->af);
	return r;
}

unsigned
vs_nacl_eval_ports(const struct vs_nacl *n, bool egress, int proto,
    const struct vs_addr *peer, const struct vs_pset *ports,
    struct vs_nacl_piece *out, unsigned max)
{
	struct vs_pset left = *ports, take, cover, rest;
	unsigned k = 0, j;
	uint32_t i, end;

	span(n, egress, &i, &end);
	for (; i < end && !vs_pset_empty(&left); i++) {
		const struct vs_nacl_entry *e = &n->entries[i];
		if (!entry_matches_addr(e, proto, peer))
			continue;
		if (e->proto != VS_PROTO_ALL && e->has_ports)
			vs_pset_init(&cover, e->ports);
		else
			vs_pset_init(&cover, vs_prange(0, 65535));
		vs_pset_and(&left, &cover, &take);
		if (vs_pset_empty(&take))
			continue;
		for (j = 0; j < take.n && k < max; j++) {
			out[k].ports = take.r[j];
			out[k].res.allow = e->allow;
			out[k].res.entry = e->rule >= 32767 ? NULL : e;
			out[k].res.rule = e->rule;
			k++;
		}
		vs_pset_minus(&left, &take, &rest);
		left = rest;
	}
	for (j = 0; j < left.n && k < max; j++) {
		out[k].ports = left.r[j];
		out[k].res.allow = false;
		out[k].res.entry = NULL;
		out[k].res.rule = vs_nacl_implicit_rule(peer->af);
		k++;
	}
	/* port order */
	for (i = 1; i < k; i++) {
		struct vs_nacl_piece t = out[i];
		for (j = (unsigned)i; j > 0 && out[j - 1].ports.lo > t.ports.lo;
		     j--)
			out[j] = out[j - 1];
		out[j] = t;
	}
	return k;
}
