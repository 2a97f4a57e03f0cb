/*
 * sg.c - security group evaluation (see sg.h).
 *
 * The rules are tried in a fixed order (the interface's groups in their
 * listed order, each group's rules in snapshot order) so that the rule
 * reported as "the one that allowed it" is stable.
 */
#include "sg.h"

#include <string.h>

bool
vs_sg_rule_matches_proto(const struct vs_sg_rule *r, const struct vs_pkt *p)
{
	if (r->proto == VS_PROTO_ALL)
		return true;
	if (r->proto != p->proto)
		return false;
	if (vs_proto_has_ports(p->proto))
		return p->dport >= r->from && p->dport <= r->to;
	if (vs_proto_is_icmp(p->proto)) {
		/* icmp rules apply to IPv4 ICMP only, icmpv6 to IPv6 */
		if (r->from >= 0 && r->from != p->icmp_type)
			return false;
		if (r->to >= 0 && r->to != p->icmp_code)
			return false;
		return true;
	}
	return true;
}

enum peer_match { PM_NO, PM_YES, PM_UNKNOWN };

static enum peer_match
peer_matches(const struct vs_topo *t, const struct vs_sg_rule *r,
    const struct vs_addr *peer, bool egress, vs_idx sender,
    const char **missing)
{
	uint32_t i;

	switch (r->kind) {
	case VS_PEER_CIDR:
		return vs_prefix_contains(&r->cidr, peer) ? PM_YES : PM_NO;
	case VS_PEER_PL: {
		const struct vs_pl *pl;
		if (r->ref_idx == VS_NONE) {
			*missing = r->ref;
			return PM_UNKNOWN;
		}
		pl = &t->pls[r->ref_idx];
		if (!pl->entries_known) {
			*missing = r->ref;
			return PM_UNKNOWN;
		}
		for (i = 0; i < pl->n_entries; i++)
			if (vs_prefix_contains(&pl->entries[i], peer))
				return PM_YES;
		return PM_NO;
	}
	case VS_PEER_SG: {
		vs_idx g = r->ref_idx, e;
		/* a group reference matches the private addresses of its
		 * members, and only while the sender's identity is intact:
		 * whatever the group holds, it cannot match a packet that lost
		 * it (after a NAT gateway, an internet gateway, ...) */
		if (!egress && sender == VS_NONE)
			return PM_NO;
		if (g == VS_NONE) {
			*missing = r->ref;
			return PM_UNKNOWN;
		}
		if (!egress) {
			/* the sender's private address, identity intact */
			if (sender == VS_NONE)
				return PM_NO;
			return vs_topo_eni_in_group(t, sender, g) ? PM_YES
								  : PM_NO;
		}
		/* egress: the destination is a private address of a member;
		 * members live in the group's VPC */
		e = vs_topo_eni_by_private(t, t->sgs[g].vpc, peer);
		if (e == VS_NONE)
			return PM_NO;
		return vs_topo_eni_in_group(t, e, g) ? PM_YES : PM_NO;
	}
	}
	return PM_NO;
}

struct vs_sg_res
vs_sg_eval(const struct vs_topo *t, vs_idx eni, bool egress,
    const struct vs_pkt *p, vs_idx sender)
{
	const struct vs_eni *e = &t->enis[eni];
	const struct vs_addr *peer = egress ? &p->dst : &p->src;
	struct vs_sg_res res;
	bool any_rule = false;
	uint32_t gi, ri;

	memset(&res, 0, sizeof(res));
	res.group = VS_NONE;
	res.result = VS_SG_DENY;
	for (gi = 0; gi < e->n_groups; gi++) {
		vs_idx g = e->groups[gi];
		const struct vs_sg *sg;
		if (g == VS_NONE) {
			/* a group the snapshot lacks could allow anything */
			if (res.result != VS_SG_UNKNOWN) {
				res.result = VS_SG_UNKNOWN;
				res.missing = e->group_ids[gi];
				res.group = VS_NONE;
				res.rule = NULL;
			}
			continue;
		}
		sg = &t->sgs[g];
		for (ri = 0; ri < sg->n_rules; ri++) {
			const struct vs_sg_rule *r = &sg->rules[ri];
			const char *missing = NULL;
			enum peer_match m;
			if (r->egress != egress)
				continue;
			any_rule = true;
			if (!vs_sg_rule_matches_proto(r, p))
				continue;
			if (r->cidr.addr.af != peer->af &&
			    r->kind == VS_PEER_CIDR)
				continue;
			m = peer_matches(t, r, peer, egress, sender, &missing);
			if (m == PM_YES) {
				res.result = VS_SG_ALLOW;
				res.group = g;
				res.rule = r;
				res.missing = NULL;
				return res;
			}
			if (m == PM_UNKNOWN && res.result != VS_SG_UNKNOWN) {
				res.result = VS_SG_UNKNOWN;
				res.group = g;
				res.rule = r;
				res.missing = missing;
			}
		}
	}
	res.no_rules = !any_rule && res.result == VS_SG_DENY;
	return res;
}
