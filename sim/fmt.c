/*
 * fmt.c - human renderings of rules and routes (see fmt.h).
 */
#include "fmt.h"

#include <stdio.h>

#include "ip.h"
#include "topo.h"

char *
vs_fmt_match(int proto, int32_t from, int32_t to, char *buf, size_t n)
{
	char pb[8];
	const char *p = vs_proto_name(proto, pb);

	if (vs_proto_has_ports(proto)) {
		if (from == 0 && to == 65535)
			snprintf(buf, n, "%s all ports", p);
		else if (from == to)
			snprintf(buf, n, "%s %d", p, from);
		else
			snprintf(buf, n, "%s %d-%d", p, from, to);
	} else if (vs_proto_is_icmp(proto)) {
		if (from < 0)
			snprintf(buf, n, "%s all types", p);
		else if (to < 0)
			snprintf(buf, n, "%s type %d", p, from);
		else
			snprintf(buf, n, "%s type %d code %d", p, from, to);
	} else {
		snprintf(buf, n, "%s", p);
	}
	return buf;
}

char *
vs_fmt_sg_rule(const struct vs_sg_rule *r, char *buf, size_t n)
{
	char m[64], peer[VS_PFX_STRLEN + 64];

	vs_fmt_match(r->proto, r->from, r->to, m, sizeof(m));
	switch (r->kind) {
	case VS_PEER_CIDR:
		vs_prefix_fmt(&r->cidr, peer);
		break;
	case VS_PEER_PL:
		snprintf(peer, sizeof(peer), "%s", r->ref);
		break;
	case VS_PEER_SG:
		snprintf(peer, sizeof(peer), "%s", r->ref);
		break;
	}
	snprintf(buf, n, "%s %s %s %s", r->egress ? "egress" : "ingress", m,
	    r->egress ? "to" : "from", peer);
	return buf;
}

char *
vs_fmt_nacl_entry(const struct vs_nacl_entry *e, char *buf, size_t n)
{
	char m[64], c[VS_PFX_STRLEN];
	int32_t from = -1, to = -1;

	if (e->has_ports) {
		from = e->ports.lo;
		to = e->ports.hi;
	} else if (vs_proto_has_ports(e->proto)) {
		from = 0;
		to = 65535;
	} else if (e->has_icmp) {
		from = e->icmp_type;
		to = e->icmp_code;
	}
	vs_fmt_match(e->proto, from, to, m, sizeof(m));
	/* the entries AWS lists last are its own catch-all denies */
	snprintf(buf, n, "rule %u %s %s %s%s", e->rule,
	    e->allow ? "allow" : "deny", m, vs_prefix_fmt(&e->cidr, c),
	    e->rule >= 32767 ? " (implicit)" : "");
	return buf;
}

char *
vs_fmt_route(const struct vs_route *r, char *buf, size_t n)
{
	char d[VS_PFX_STRLEN];
	const char *dst = r->to_pl ? r->pl_id : vs_prefix_fmt(&r->dst, d);
	const char *st = r->state == VS_RS_ACTIVE      ? ""
			 : r->state == VS_RS_BLACKHOLE ? " (blackhole)"
			 : r->state == VS_RS_FILTERED  ? " (filtered)"
						       : " (not active)";
	snprintf(buf, n, "%s -> %s%s", dst,
	    r->target_id ? r->target_id : "(no target)", st);
	return buf;
}
