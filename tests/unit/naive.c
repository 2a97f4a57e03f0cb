/*
 * naive.c - a deliberately simple reference evaluator (see naive.h).
 *
 * DOC: written from docs/trace.md without looking at sim/.  Every lookup
 * is a linear scan by id string over the topology arrays (the derived
 * vs_idx fields and the Judy indexes are never read); network ACL entries
 * are copied and insertion-sorted here; prefixes are compared with the
 * masks below.  A packet is a struct npkt; the walk is a handful of
 * mutually recursive functions, one per step of the spec: route_from()
 * (same subnet?, route, network ACL out, next hop), enter_igw() (a packet
 * from the internet to a public address), arrive() (whoever holds the
 * destination address).  The reply is walked by the same functions with
 * nx.reply set: security groups pass it as tracked, and for TCP and UDP it
 * carries the set of client ports still alive as a 65536-bit map, which
 * each network ACL cuts down.  A NAT gateway switches the port domain:
 * between the NAT gateway and the far side the reply's destination ports
 * are the NAT's 1024-65535, between the NAT gateway and the client they
 * are the client's.  Blocked ports are reported in the client's domain
 * when any client port is blocked, else in the NAT gateway's.
 *
 * Where docs/trace.md is silent this follows vpcsim's choice, and says so
 * beside the code: no internet gateway to come in through is
 * NO_ROUTE_TO_DESTINATION naming no gateway; from the internet an
 * interface without a public address is refused at the gateway before
 * the gateway itself is required; a routing loop names the route table
 * and no id; at a NAT gateway its own checks come before a reply's
 * ASYMMETRIC_RETURN_PATH; an outbound rule naming an undescribed group
 * counts whatever the destination.  Where DESIGN.md is more precise than
 * docs/trace.md it follows DESIGN.md: the source subnet's outbound ACL
 * applies only when the packet leaves the subnet (not on the way to a
 * NAT gateway in the same subnet).
 */
#include "naive.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ip.h"

/* ---- port bitmaps ---- */

#define NW 1024 /* 65536 bits */

struct pbits {
	uint64_t w[NW];
};

static void
pb_clear(struct pbits *b)
{
	memset(b, 0, sizeof(*b));
}

static void
pb_set_range(struct pbits *b, unsigned lo, unsigned hi)
{
	unsigned p;
	for (p = lo; p <= hi; p++)
		b->w[p / 64] |= 1ull << (p % 64);
}

static bool
pb_has(const struct pbits *b, unsigned p)
{
	return (b->w[p / 64] >> (p % 64)) & 1u;
}

static bool
pb_empty(const struct pbits *b)
{
	unsigned i;
	for (i = 0; i < NW; i++)
		if (b->w[i] != 0)
			return false;
	return true;
}

/* Lowest port in b, or -1. */
static int
pb_lowest(const struct pbits *b)
{
	unsigned p;
	for (p = 0; p < 65536; p++)
		if (pb_has(b, p))
			return (int)p;
	return -1;
}

/* ---- addresses, my own way ---- */

static bool
addr_same(const struct vs_addr *a, const struct vs_addr *b)
{
	return a->af == b->af && a->hi == b->hi && a->lo == b->lo;
}

static bool
in_prefix(const struct vs_prefix *p, const struct vs_addr *a)
{
	uint64_t mhi, mlo;
	unsigned len = p->len;

	if (p->addr.af != a->af)
		return false;
	if (a->af == VS_AF4) {
		uint32_t m = len == 0 ? 0 : 0xffffffffu << (32 - len);
		return ((uint32_t)a->lo & m) == ((uint32_t)p->addr.lo & m);
	}
	if (len == 0)
		return true;
	if (len <= 64) {
		mhi = len == 64 ? ~0ull : ~0ull << (64 - len);
		return (a->hi & mhi) == (p->addr.hi & mhi);
	}
	mlo = len == 128 ? ~0ull : ~0ull << (128 - len);
	return a->hi == p->addr.hi && (a->lo & mlo) == (p->addr.lo & mlo);
}

static bool
in4(const struct vs_addr *a, uint32_t net, unsigned len)
{
	struct vs_prefix p;
	memset(&p, 0, sizeof(p));
	p.addr.af = VS_AF4;
	p.addr.lo = net;
	p.len = (uint8_t)len;
	return in_prefix(&p, a);
}

static bool
is1918(const struct vs_addr *a)
{
	return a->af == VS_AF4 &&
	       (in4(a, 0x0a000000u, 8) || in4(a, 0xac100000u, 12) ||
		   in4(a, 0xc0a80000u, 16));
}

static bool
is6598(const struct vs_addr *a)
{
	return a->af == VS_AF4 && in4(a, 0x64400000u, 10);
}

static bool
is_private(const struct vs_addr *a)
{
	if (a->af == VS_AF4)
		return is1918(a) || is6598(a);
	return (a->hi >> 57) == (0xfcull >> 1); /* fc00::/7 */
}

static bool
starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static bool
eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* ---- lookups by id (linear) ---- */

static const struct vs_vpc *
find_vpc(const struct vs_topo *t, const char *id)
{
	uint32_t i;
	for (i = 0; i < t->n[VS_K_VPC]; i++)
		if (eq(t->vpcs[i].id, id))
			return &t->vpcs[i];
	return NULL;
}

static const struct vs_subnet *
find_subnet(const struct vs_topo *t, const char *id)
{
	uint32_t i;
	for (i = 0; i < t->n[VS_K_SUBNET]; i++)
		if (eq(t->subnets[i].id, id))
			return &t->subnets[i];
	return NULL;
}

static int
find_eni(const struct vs_topo *t, const char *id)
{
	uint32_t i;
	for (i = 0; i < t->n[VS_K_ENI]; i++)
		if (eq(t->enis[i].id, id))
			return (int)i;
	return -1;
}

static const struct vs_instance *
find_inst(const struct vs_topo *t, const char *id)
{
	uint32_t i;
	for (i = 0; i < t->n[VS_K_INSTANCE]; i++)
		if (eq(t->instances[i].id, id))
			return &t->instances[i];
	return NULL;
}

static const struct vs_sg *
find_sg(const struct vs_topo *t, const char *id)
{
	uint32_t i;
	for (i = 0; i < t->n[VS_K_SG]; i++)
		if (eq(t->sgs[i].id, id))
			return &t->sgs[i];
	return NULL;
}

static const struct vs_igw *
find_igw(const struct vs_topo *t, const char *id)
{
	uint32_t i;
	for (i = 0; i < t->n[VS_K_IGW]; i++)
		if (eq(t->igws[i].id, id))
			return &t->igws[i];
	return NULL;
}

static int
find_nat(const struct vs_topo *t, const char *id)
{
	uint32_t i;
	for (i = 0; i < t->n[VS_K_NATGW]; i++)
		if (eq(t->natgws[i].id, id))
			return (int)i;
	return -1;
}

static const struct vs_pcx *
find_pcx(const struct vs_topo *t, const char *id)
{
	uint32_t i;
	for (i = 0; i < t->n[VS_K_PCX]; i++)
		if (eq(t->pcxs[i].id, id))
			return &t->pcxs[i];
	return NULL;
}

static bool
igw_attached_to(const struct vs_igw *g, const char *vpc)
{
	uint32_t i;
	for (i = 0; i < g->n_att; i++)
		if (eq(g->att[i].vpc_id, vpc) &&
		    (g->att[i].state == NULL ||
			strcmp(g->att[i].state, "attached") == 0 ||
			strcmp(g->att[i].state, "available") == 0))
			return true;
	return false;
}

static const struct vs_igw *
igw_of_vpc(const struct vs_topo *t, const char *vpc)
{
	uint32_t i;
	for (i = 0; i < t->n[VS_K_IGW]; i++)
		if (igw_attached_to(&t->igws[i], vpc))
			return &t->igws[i];
	return NULL;
}

static bool
subnet_has(const struct vs_subnet *s, const struct vs_addr *a)
{
	uint32_t i;
	if (s->has_cidr4 && in_prefix(&s->cidr4, a))
		return true;
	for (i = 0; i < s->n_cidr6; i++)
		if (in_prefix(&s->cidr6[i], a))
			return true;
	return false;
}

static const struct vs_subnet *
subnet_in_vpc(const struct vs_topo *t, const char *vpc, const struct vs_addr *a)
{
	uint32_t i;
	for (i = 0; i < t->n[VS_K_SUBNET]; i++)
		if (eq(t->subnets[i].vpc_id, vpc) &&
		    subnet_has(&t->subnets[i], a))
			return &t->subnets[i];
	return NULL;
}

static bool
vpc_has(const struct vs_vpc *v, const struct vs_addr *a)
{
	uint32_t i;
	for (i = 0; i < v->n_cidrs; i++)
		if (in_prefix(&v->cidrs[i], a))
			return true;
	return false;
}

/* The subnet's network ACL: an association naming it, else the default. */
static const struct vs_nacl *
subnet_nacl(const struct vs_topo *t, const struct vs_subnet *s)
{
	uint32_t i, j;
	for (i = 0; i < t->n[VS_K_NACL]; i++)
		for (j = 0; j < t->nacls[i].n_assocs; j++)
			if (eq(t->nacls[i].assocs[j].subnet_id, s->id))
				return &t->nacls[i];
	for (i = 0; i < t->n[VS_K_NACL]; i++)
		if (t->nacls[i].is_default && eq(t->nacls[i].vpc_id, s->vpc_id))
			return &t->nacls[i];
	return NULL;
}

/* The subnet's route table: its explicit association, else the main. */
static const struct vs_rtb *
subnet_rtb(const struct vs_topo *t, const struct vs_subnet *s)
{
	uint32_t i, j;
	for (i = 0; i < t->n[VS_K_RTB]; i++)
		for (j = 0; j < t->rtbs[i].n_assocs; j++)
			if (!t->rtbs[i].assocs[j].main &&
			    eq(t->rtbs[i].assocs[j].subnet_id, s->id))
				return &t->rtbs[i];
	for (i = 0; i < t->n[VS_K_RTB]; i++)
		for (j = 0; j < t->rtbs[i].n_assocs; j++)
			if (t->rtbs[i].assocs[j].main &&
			    eq(t->rtbs[i].vpc_id, s->vpc_id))
				return &t->rtbs[i];
	return NULL;
}

/* Interfaces and NAT gateways by address. */
static int
eni_by_private(const struct vs_topo *t, const struct vs_addr *a)
{
	uint32_t i, j;
	for (i = 0; i < t->n[VS_K_ENI]; i++) {
		const struct vs_eni *e = &t->enis[i];
		for (j = 0; j < e->n_v4; j++)
			if (addr_same(&e->v4[j].priv, a))
				return (int)i;
		for (j = 0; j < e->n_v6; j++)
			if (addr_same(&e->v6[j], a))
				return (int)i;
	}
	return -1;
}

static int
eni_by_public(const struct vs_topo *t, const struct vs_addr *a)
{
	uint32_t i, j;
	for (i = 0; i < t->n[VS_K_ENI]; i++) {
		const struct vs_eni *e = &t->enis[i];
		for (j = 0; j < e->n_v4; j++)
			if (e->v4[j].has_public && addr_same(&e->v4[j].pub, a))
				return (int)i;
	}
	return -1;
}

static int
nat_by_private(const struct vs_topo *t, const struct vs_addr *a)
{
	uint32_t i, j;
	for (i = 0; i < t->n[VS_K_NATGW]; i++)
		for (j = 0; j < t->natgws[i].n_addrs; j++)
			if (addr_same(&t->natgws[i].addrs[j].priv, a))
				return (int)i;
	return -1;
}

static int
nat_by_public(const struct vs_topo *t, const struct vs_addr *a)
{
	uint32_t i, j;
	for (i = 0; i < t->n[VS_K_NATGW]; i++)
		for (j = 0; j < t->natgws[i].n_addrs; j++)
			if (t->natgws[i].addrs[j].has_public &&
			    addr_same(&t->natgws[i].addrs[j].pub, a))
				return (int)i;
	return -1;
}

/* ---- the walk ---- */

struct npkt {
	struct vs_addr src, dst;
	int dport;          /* request, TCP/UDP */
	struct pbits *live; /* reply, TCP/UDP: destination ports alive */
	int type, code;     /* ICMP */
	bool priv;          /* still carries the sender's private address */
	bool via_pcx;
};

struct nx {
	const struct vs_topo *t;
	const struct vs_query *q;
	struct naive_result *out;
	int af, proto;
	bool reply;
	int depth;
	/* the request, for the reply */
	int client;                 /* interface index, -1: internet */
	struct vs_addr client_addr; /* its address before any translation */
	int nat_used;               /* NAT gateway that translated, or -1 */
	bool to_internet;           /* request delivered to an internet host */
	int server;                 /* interface the request reached */
	struct vs_addr srv_addr, seen_src;
	/* the reply's port domains */
	struct pbits client_full, client_live, nat_full, nat_live;
	bool partial_seen;
	enum vs_comp p_comp;
	const char *p_id;
	uint32_t p_rule;
	size_t tlen;
};

static void trail(struct nx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
trail(struct nx *x, const char *fmt, ...)
{
	va_list ap;
	size_t cap = sizeof(x->out->trail);
	int n;

	if (x->tlen + 2 >= cap)
		return;
	n = snprintf(x->out->trail + x->tlen, cap - x->tlen, "  %s ",
	    x->reply ? "rep" : "req");
	if (n > 0)
		x->tlen += (size_t)n;
	if (x->tlen + 2 >= cap) {
		x->tlen = cap - 1;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(x->out->trail + x->tlen, cap - x->tlen, fmt, ap);
	va_end(ap);
	if (n > 0)
		x->tlen += (size_t)n;
	if (x->tlen + 2 < cap) {
		x->out->trail[x->tlen++] = '\n';
		x->out->trail[x->tlen] = '\0';
	} else {
		x->tlen = cap - 1;
	}
}

/* Stop the walk: 1 is "stopped" for every walking function. */
static int
stop(struct nx *x, enum vs_comp comp, const char *id, enum vs_reason why,
    uint32_t rule)
{
	struct naive_result *o = x->out;
	o->verdict = VS_UNREACHABLE;
	o->in_reply = x->reply;
	o->comp = comp;
	o->id = id;
	o->reason = why;
	o->rule = rule;
	trail(x, "STOP %s %s %s rule %u", vs_comp_names[comp],
	    id ? id : "(none)", vs_reason_names[why], rule);
	return 1;
}

static int
stop_unknown(struct nx *x, enum vs_comp comp, const char *id,
    enum vs_reason why, const char *missing)
{
	struct naive_result *o = x->out;
	o->verdict = VS_UNKNOWN;
	o->in_reply = x->reply;
	o->comp = comp;
	o->id = id;
	o->reason = why;
	o->rule = 0;
	o->missing = missing;
	trail(x, "UNKNOWN %s %s missing %s", vs_comp_names[comp],
	    id ? id : "(none)", missing ? missing : "-");
	return 1;
}

static char *
fa(const struct vs_addr *a, char *b)
{
	return vs_addr_fmt(a, b);
}

/* ---- security groups ---- */

enum { SG_ALLOW, SG_DENY, SG_UNKNOWN };

static bool
sg_proto_port(const struct vs_sg_rule *r, const struct nx *x,
    const struct npkt *p)
{
	if (r->proto == VS_PROTO_ALL)
		return true;
	if (r->proto != x->proto)
		return false;
	if (x->proto == VS_PROTO_TCP || x->proto == VS_PROTO_UDP)
		return r->from <= p->dport && p->dport <= r->to;
	if (x->proto == VS_PROTO_ICMP || x->proto == VS_PROTO_ICMPV6)
		return (r->from == -1 || r->from == p->type) &&
		       (r->to == -1 || r->to == p->code);
	return true;
}

/* Is a one of the interface's private addresses (IPv4 or IPv6)? */
static bool
eni_private_is(const struct vs_eni *e, const struct vs_addr *a)
{
	uint32_t j;
	for (j = 0; j < e->n_v4; j++)
		if (addr_same(&e->v4[j].priv, a))
			return true;
	for (j = 0; j < e->n_v6; j++)
		if (addr_same(&e->v6[j], a))
			return true;
	return false;
}

/* Does group id g hold an interface whose private address is a? */
static bool
group_member_addr(const struct vs_topo *t, const char *g,
    const struct vs_addr *a)
{
	uint32_t i, j;
	for (i = 0; i < t->n[VS_K_ENI]; i++) {
		const struct vs_eni *e = &t->enis[i];
		for (j = 0; j < e->n_groups; j++)
			if (eq(e->group_ids[j], g) && eni_private_is(e, a))
				return true;
	}
	return false;
}

static int
sg_eval(struct nx *x, int eni, bool egress, const struct npkt *p,
    const char **missing, bool *no_rules)
{
	const struct vs_topo *t = x->t;
	const struct vs_eni *e = &t->enis[eni];
	const struct vs_addr *peer = egress ? &p->dst : &p->src;
	const char *miss_group = NULL, *miss_ref = NULL;
	bool any = false, could_ref;
	uint32_t gi, ri;
	char b[VS_PFX_STRLEN];

	/*
	 * Inbound, a reference can only match if the packet still carries
	 * its sender's private address (docs/trace.md step 7).  Outbound,
	 * any destination might be a private address of a member of a group
	 * the snapshot does not describe, so such a rule always counts.
	 */
	could_ref = egress || p->priv;
	for (gi = 0; gi < e->n_groups; gi++) {
		const struct vs_sg *g = find_sg(t, e->group_ids[gi]);
		if (g == NULL) {
			if (miss_group == NULL)
				miss_group = e->group_ids[gi];
			continue;
		}
		for (ri = 0; ri < g->n_rules; ri++) {
			const struct vs_sg_rule *r = &g->rules[ri];
			if (r->egress != egress)
				continue;
			any = true;
			if (!sg_proto_port(r, x, p))
				continue;
			if (r->kind == VS_PEER_CIDR) {
				if (in_prefix(&r->cidr, peer)) {
					trail(x,
					    "sg %s %s allow by %s rule %u "
					    "(%s)",
					    e->id,
					    egress ? "egress" : "ingress",
					    g->id, ri,
					    vs_prefix_fmt(&r->cidr, b));
					return SG_ALLOW;
				}
			} else if (r->kind == VS_PEER_SG) {
				if (!could_ref) {
					if (find_sg(t, r->ref) == NULL)
						x->out->sg_ref_ignored = true;
					continue;
				}
				if (find_sg(t, r->ref) == NULL) {
					if (miss_ref == NULL)
						miss_ref = r->ref;
					continue;
				}
				if (group_member_addr(t, r->ref, peer)) {
					trail(x,
					    "sg %s %s allow by %s rule %u "
					    "(group %s)",
					    e->id,
					    egress ? "egress" : "ingress",
					    g->id, ri, r->ref);
					return SG_ALLOW;
				}
			} else {
				/* prefix lists are not generated */
				if (miss_ref == NULL)
					miss_ref = r->ref;
			}
		}
	}
	*no_rules = !any && miss_group == NULL;
	if (miss_group != NULL) {
		*missing = miss_group;
		return SG_UNKNOWN;
	}
	if (miss_ref != NULL) {
		*missing = miss_ref;
		return SG_UNKNOWN;
	}
	return SG_DENY;
}

static int
sg_check(struct nx *x, int eni, bool egress, const struct npkt *p)
{
	const char *missing = NULL;
	bool no_rules = false;
	const char *id = x->t->enis[eni].id;
	int r = sg_eval(x, eni, egress, p, &missing, &no_rules);

	if (r == SG_ALLOW)
		return 0;
	if (r == SG_UNKNOWN)
		return stop_unknown(x, VS_C_SG, id, VS_R_UNKNOWN_RESOURCE,
		    missing);
	return stop(x, VS_C_SG, id,
	    no_rules ? VS_R_SG_HAS_NO_RULES : VS_R_ENI_SG_RULES_MISMATCH, 0);
}

/* ---- network ACLs ---- */

/* Address family, protocol, CIDR and ICMP; not the TCP/UDP port. */
static bool
nacl_match_noport(const struct vs_nacl_entry *e, const struct nx *x,
    const struct npkt *p, const struct vs_addr *peer)
{
	if (e->cidr.addr.af != peer->af || !in_prefix(&e->cidr, peer))
		return false;
	if (e->proto == VS_PROTO_ALL)
		return true;
	if (e->proto != x->proto)
		return false;
	if ((e->proto == VS_PROTO_ICMP || e->proto == VS_PROTO_ICMPV6) &&
	    e->has_icmp)
		return (e->icmp_type == -1 || e->icmp_type == p->type) &&
		       (e->icmp_code == -1 || e->icmp_code == p->code);
	return true;
}

static bool
entry_has_ports(const struct vs_nacl_entry *e)
{
	return (e->proto == VS_PROTO_TCP || e->proto == VS_PROTO_UDP) &&
	       e->has_ports;
}

static int
nacl_check(struct nx *x, struct npkt *p, const struct vs_subnet *s, bool egress)
{
	const struct vs_nacl *n = subnet_nacl(x->t, s);
	const struct vs_nacl_entry *ent[128], *tmp;
	const struct vs_addr *peer = egress ? &p->dst : &p->src;
	const char *dir = egress ? "egress" : "ingress";
	uint32_t m = 0, i, j, implicit;
	char b[VS_ADDR_STRLEN];

	implicit = peer->af == VS_AF4 ? 32767u : 32768u;
	if (n == NULL)
		return stop_unknown(x, VS_C_NACL, NULL, VS_R_UNKNOWN_RESOURCE,
		    s->id);
	for (i = 0; i < n->n_entries && m < 128; i++)
		if (n->entries[i].egress == egress)
			ent[m++] = &n->entries[i];
	/* insertion sort by rule number */
	for (i = 1; i < m; i++) {
		tmp = ent[i];
		for (j = i; j > 0 && ent[j - 1]->rule > tmp->rule; j--)
			ent[j] = ent[j - 1];
		ent[j] = tmp;
	}
	if (p->live == NULL) {
		for (i = 0; i < m; i++) {
			const struct vs_nacl_entry *e = ent[i];
			if (!nacl_match_noport(e, x, p, peer))
				continue;
			if (entry_has_ports(e) &&
			    (p->dport < e->ports.lo || p->dport > e->ports.hi))
				continue;
			if (e->allow) {
				trail(x, "nacl %s %s (%s) %s allow rule %u",
				    n->id, dir, s->id, fa(peer, b), e->rule);
				return 0;
			}
			return stop(x, VS_C_NACL, n->id,
			    VS_R_SUBNET_ACL_RESTRICTION, e->rule);
		}
		return stop(x, VS_C_NACL, n->id, VS_R_SUBNET_ACL_RESTRICTION,
		    implicit);
	} else {
		/* every live port at once, entry by entry */
		static struct pbits undecided, denied, range;
		int low = 65536, pl;
		uint32_t low_rule = 0, w;

		undecided = *p->live;
		pb_clear(&denied);
		for (i = 0; i < m; i++) {
			const struct vs_nacl_entry *e = ent[i];
			if (!nacl_match_noport(e, x, p, peer))
				continue;
			pb_clear(&range);
			if (entry_has_ports(e))
				pb_set_range(&range, e->ports.lo, e->ports.hi);
			else
				pb_set_range(&range, 0, 65535);
			for (w = 0; w < NW; w++)
				range.w[w] &= undecided.w[w];
			if (!e->allow) {
				pl = pb_lowest(&range);
				if (pl >= 0 && pl < low) {
					low = pl;
					low_rule = e->rule;
				}
				for (w = 0; w < NW; w++)
					denied.w[w] |= range.w[w];
			}
			for (w = 0; w < NW; w++)
				undecided.w[w] &= ~range.w[w];
		}
		pl = pb_lowest(&undecided);
		if (pl >= 0 && pl < low) {
			low = pl;
			low_rule = implicit;
		}
		for (w = 0; w < NW; w++)
			denied.w[w] |= undecided.w[w];
		if (pb_empty(&denied)) {
			trail(x, "nacl %s %s (%s) %s allow every live port",
			    n->id, dir, s->id, fa(peer, b));
			return 0;
		}
		for (w = 0; w < NW; w++)
			p->live->w[w] &= ~denied.w[w];
		if (pb_empty(p->live))
			return stop(x, VS_C_NACL, n->id,
			    VS_R_SUBNET_ACL_RESTRICTION, low_rule);
		trail(x,
		    "nacl %s %s (%s) %s partial, lowest denied %d by "
		    "rule %u",
		    n->id, dir, s->id, fa(peer, b), low, low_rule);
		if (!x->partial_seen) {
			x->partial_seen = true;
			x->p_comp = VS_C_NACL;
			x->p_id = n->id;
			x->p_rule = low_rule;
		}
		return 0;
	}
}

/* ---- hops ---- */

static int route_from(struct nx *x, struct npkt *p, const struct vs_subnet *s,
    bool after_nat);

static bool
running(const struct nx *x, int eni)
{
	const struct vs_eni *e = &x->t->enis[eni];
	const struct vs_instance *in;
	if (e->instance_id == NULL)
		return true;
	in = find_inst(x->t, e->instance_id);
	return in == NULL || eq(in->state, "running");
}

/* The packet is inside subnet d, addressed to whoever holds p->dst. */
static int
arrive(struct nx *x, struct npkt *p, const struct vs_subnet *d)
{
	const struct vs_topo *t = x->t;
	int nat = nat_by_private(t, &p->dst);
	int eni;
	char b[VS_ADDR_STRLEN];

	if (nat >= 0) {
		const struct vs_natgw *n = &t->natgws[nat];
		const struct vs_subnet *ns = find_subnet(t, n->subnet_id);
		if (!x->reply || nat != x->nat_used || ns == NULL)
			return stop_unknown(x, VS_C_NATGW, n->id,
			    VS_R_UNSUPPORTED_COMPONENT, NULL);
		/* the NAT gateway undoes its translation */
		p->dst = x->client_addr;
		if (p->live != NULL)
			p->live = &x->client_live;
		trail(x, "natgw %s untranslate to %s", n->id, fa(&p->dst, b));
		return route_from(x, p, ns, true);
	}
	eni = eni_by_private(t, &p->dst);
	if (eni < 0)
		return stop_unknown(x, VS_C_ENI, NULL, VS_R_UNKNOWN_RESOURCE,
		    d->id);
	if (x->reply) {
		if (eni != x->client)
			return stop_unknown(x, VS_C_ENI, t->enis[eni].id,
			    VS_R_UNSUPPORTED_COMPONENT, NULL);
		trail(x, "sg %s ingress tracked; deliver", t->enis[eni].id);
		return 0;
	}
	if (sg_check(x, eni, false, p))
		return 1;
	if (!running(x, eni))
		return stop(x, VS_C_ENI, t->enis[eni].id,
		    VS_R_INSTANCE_NOT_RUNNING, 0);
	trail(x, "deliver to %s at %s", t->enis[eni].id, fa(&p->dst, b));
	x->server = eni;
	x->srv_addr = p->dst;
	x->seen_src = p->src;
	return 0;
}

/*
 * A packet from the internet to a public address of the snapshot (an
 * interface's public IPv4 or IPv6 address, a NAT gateway's Elastic IP):
 * in through that VPC's internet gateway, translated, then the
 * destination subnet's network ACL inbound.
 */
static int
enter_igw(struct nx *x, struct npkt *p)
{
	const struct vs_topo *t = x->t;
	const struct vs_subnet *d = NULL;
	const struct vs_igw *g;
	const char *vpc = NULL;
	int eni = -1, nat = -1;
	uint32_t j;
	char b[VS_ADDR_STRLEN];

	if (p->dst.af == VS_AF4) {
		eni = eni_by_public(t, &p->dst);
		if (eni < 0)
			nat = nat_by_public(t, &p->dst);
	} else {
		eni = eni_by_private(t, &p->dst);
	}
	if (eni >= 0) {
		d = find_subnet(t, t->enis[eni].subnet_id);
		vpc = t->enis[eni].vpc_id;
	} else if (nat >= 0) {
		d = find_subnet(t, t->natgws[nat].subnet_id);
		vpc = t->natgws[nat].vpc_id;
	}
	if (d == NULL || vpc == NULL)
		return stop_unknown(x, VS_C_IGW, NULL, VS_R_UNKNOWN_RESOURCE,
		    NULL);
	/* vpcsim's choice where the spec is silent: no gateway to come in
	 * through is NO_ROUTE_TO_DESTINATION, naming no gateway */
	g = igw_of_vpc(t, vpc);
	if (g == NULL)
		return stop(x, VS_C_IGW, NULL, VS_R_NO_ROUTE_TO_DESTINATION, 0);
	if (p->dst.af == VS_AF4) {
		if (eni >= 0) {
			const struct vs_eni *e = &t->enis[eni];
			for (j = 0; j < e->n_v4; j++)
				if (e->v4[j].has_public &&
				    addr_same(&e->v4[j].pub, &p->dst))
					p->dst = e->v4[j].priv;
		} else {
			const struct vs_natgw *n = &t->natgws[nat];
			for (j = 0; j < n->n_addrs; j++)
				if (n->addrs[j].has_public &&
				    addr_same(&n->addrs[j].pub, &p->dst))
					p->dst = n->addrs[j].priv;
		}
	}
	p->priv = false;
	trail(x, "igw %s in, to %s", g->id, fa(&p->dst, b));
	if (nacl_check(x, p, d, false))
		return 1;
	return arrive(x, p, d);
}

/* Out through internet gateway id from VPC vpc. */
static int
via_igw(struct nx *x, struct npkt *p, const struct vs_rtb *rt, const char *id,
    const char *vpc)
{
	const struct vs_topo *t = x->t;
	const struct vs_igw *g = find_igw(t, id);
	char b[VS_ADDR_STRLEN];
	bool mapped = false;
	uint32_t j;
	int eni, nat;

	if (g == NULL)
		return stop_unknown(x, VS_C_RTB, rt->id, VS_R_UNKNOWN_RESOURCE,
		    id);
	if (!igw_attached_to(g, vpc))
		return stop(x, VS_C_IGW, g->id, VS_R_BAD_STATE, 0);
	if (is1918(&p->dst))
		return stop(x, VS_C_IGW, g->id,
		    VS_R_IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS, 0);
	if (is6598(&p->dst))
		return stop(x, VS_C_IGW, g->id,
		    VS_R_IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS, 0);
	if (p->src.af == VS_AF4) {
		eni = eni_by_private(t, &p->src);
		nat = nat_by_private(t, &p->src);
		if (nat >= 0) {
			const struct vs_natgw *n = &t->natgws[nat];
			for (j = 0; j < n->n_addrs && !mapped; j++)
				if (addr_same(&n->addrs[j].priv, &p->src) &&
				    n->addrs[j].has_public) {
					p->src = n->addrs[j].pub;
					mapped = true;
				}
		} else if (eni >= 0) {
			const struct vs_eni *e = &t->enis[eni];
			for (j = 0; j < e->n_v4 && !mapped; j++)
				if (addr_same(&e->v4[j].priv, &p->src) &&
				    e->v4[j].has_public) {
					p->src = e->v4[j].pub;
					mapped = true;
				}
		}
		if (!mapped)
			return stop(x, VS_C_IGW, g->id,
			    VS_R_IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS, 0);
	}
	p->priv = false;
	trail(x, "igw %s out, source %s", g->id, fa(&p->src, b));
	/* a public address of the snapshot: back in (hairpin) */
	if (p->dst.af == VS_AF4 ? eni_by_public(t, &p->dst) >= 0 ||
				      nat_by_public(t, &p->dst) >= 0
				: eni_by_private(t, &p->dst) >= 0)
		return enter_igw(x, p);
	if (x->reply) {
		if (!addr_same(&p->dst, &x->client_addr))
			return stop_unknown(x, VS_C_INTERNET, NULL,
			    VS_R_UNSUPPORTED_COMPONENT, NULL);
		trail(x, "deliver to internet host %s", fa(&p->dst, b));
		return 0;
	}
	trail(x, "deliver to internet host %s", fa(&p->dst, b));
	x->to_internet = true;
	x->srv_addr = p->dst;
	x->seen_src = p->src;
	return 0;
}

static int
via_nat(struct nx *x, struct npkt *p, const char *id,
    const struct vs_subnet *from, bool after_nat)
{
	const struct vs_topo *t = x->t;
	int ni = find_nat(t, id);
	const struct vs_natgw *n;
	const struct vs_subnet *ns;
	char b[VS_ADDR_STRLEN];

	if (ni < 0)
		return stop_unknown(x, VS_C_NATGW, id, VS_R_UNKNOWN_RESOURCE,
		    id);
	n = &t->natgws[ni];
	/* vpcsim's naming: a loop names the route table, no id */
	if (after_nat && !x->reply)
		return stop(x, VS_C_RTB, NULL, VS_R_ROUTING_LOOP, 0);
	if (!eq(n->state, "available"))
		return stop(x, VS_C_NATGW, n->id, VS_R_BAD_STATE, 0);
	if (x->proto != VS_PROTO_TCP && x->proto != VS_PROTO_UDP &&
	    x->proto != VS_PROTO_ICMP)
		return stop(x, VS_C_NATGW, n->id, VS_R_PROTOCOL_RESTRICTION, 0);
	if (p->via_pcx)
		return stop(x, VS_C_NATGW, n->id,
		    VS_R_NGW_REQUIRES_SOURCE_IN_VPC, 0);
	/* a reply is routed here only when this NAT gateway did not carry
	 * the request; the spec gives no order, the gateway's own checks
	 * come first as in vpcsim */
	if (x->reply)
		return stop(x, VS_C_NATGW, n->id, VS_R_ASYMMETRIC_RETURN_PATH,
		    0);
	ns = find_subnet(t, n->subnet_id);
	if (ns == NULL || n->n_addrs == 0)
		return stop_unknown(x, VS_C_NATGW, n->id, VS_R_UNKNOWN_RESOURCE,
		    n->subnet_id);
	if (ns != from && nacl_check(x, p, ns, false))
		return 1;
	x->nat_used = ni;
	p->src = n->addrs[0].priv;
	p->priv = false;
	trail(x, "natgw %s translate source to %s", n->id, fa(&p->src, b));
	return route_from(x, p, ns, true);
}

static int
via_pcx(struct nx *x, struct npkt *p, const char *id, const char *vpc)
{
	const struct vs_topo *t = x->t;
	const struct vs_pcx *c = find_pcx(t, id);
	const struct vs_pcx_side *side;
	const struct vs_vpc *peer;
	const struct vs_subnet *d;

	if (c == NULL)
		return stop_unknown(x, VS_C_PCX, id, VS_R_UNKNOWN_RESOURCE, id);
	if (!eq(c->status, "active"))
		return stop(x, VS_C_PCX, c->id, VS_R_BAD_STATE, 0);
	if (eq(c->req.vpc_id, vpc))
		side = &c->acc;
	else if (eq(c->acc.vpc_id, vpc))
		side = &c->req;
	else
		return stop_unknown(x, VS_C_PCX, c->id,
		    VS_R_UNSUPPORTED_COMPONENT, NULL);
	peer = find_vpc(t, side->vpc_id);
	if (peer == NULL)
		return stop_unknown(x, VS_C_PCX, c->id, VS_R_UNKNOWN_RESOURCE,
		    side->vpc_id);
	if (!vpc_has(peer, &p->dst))
		return stop(x, VS_C_PCX, c->id,
		    VS_R_PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, 0);
	d = subnet_in_vpc(t, peer->id, &p->dst);
	if (d == NULL)
		return stop_unknown(x, VS_C_PCX, c->id, VS_R_UNKNOWN_RESOURCE,
		    NULL);
	p->via_pcx = true;
	trail(x, "pcx %s to %s", c->id, peer->id);
	if (nacl_check(x, p, d, false))
		return 1;
	return arrive(x, p, d);
}

static bool
nat_in_subnet(const struct vs_topo *t, const char *id,
    const struct vs_subnet *s)
{
	int n = find_nat(t, id);
	return n >= 0 && eq(t->natgws[n].subnet_id, s->id);
}

/* Steps 3-6: from a subnet, to wherever the route table sends it. */
static int
route_from(struct nx *x, struct npkt *p, const struct vs_subnet *s,
    bool after_nat)
{
	const struct vs_topo *t = x->t;
	const struct vs_rtb *rt;
	const struct vs_route *best = NULL;
	const struct vs_subnet *d;
	uint32_t i;
	char b[VS_PFX_STRLEN];

	if (++x->depth > 12)
		return stop(x, VS_C_RTB, NULL, VS_R_ROUTING_LOOP, 0);
	if (subnet_has(s, &p->dst)) {
		trail(x, "same subnet %s: no route, no network ACL", s->id);
		return arrive(x, p, s);
	}
	rt = subnet_rtb(t, s);
	if (rt == NULL)
		return stop(x, VS_C_RTB, NULL, VS_R_NO_ROUTE_TO_DESTINATION, 0);
	for (i = 0; i < rt->n_routes; i++) {
		const struct vs_route *r = &rt->routes[i];
		if (r->to_pl)
			return stop_unknown(x, VS_C_RTB, rt->id,
			    VS_R_UNSUPPORTED_COMPONENT, r->pl_id);
		if (r->dst.addr.af != p->dst.af || !in_prefix(&r->dst, &p->dst))
			continue;
		if (best == NULL || r->dst.len > best->dst.len)
			best = r;
	}
	if (best == NULL)
		return stop(x, VS_C_RTB, rt->id, VS_R_NO_ROUTE_TO_DESTINATION,
		    0);
	trail(x, "route %s %s -> %s%s", rt->id, vs_prefix_fmt(&best->dst, b),
	    best->target_id ? best->target_id : "-",
	    best->state == VS_RS_BLACKHOLE ? " blackhole" : "");
	if (best->state == VS_RS_BLACKHOLE)
		return stop(x, VS_C_RTB, rt->id, VS_R_BAD_STATE_ROUTE, 0);
	if (best->state != VS_RS_ACTIVE)
		return stop_unknown(x, VS_C_RTB, rt->id,
		    VS_R_UNSUPPORTED_COMPONENT, NULL);
	/* the packet leaves the subnet unless the next hop is in it */
	if (!(best->target == VS_TGT_NATGW &&
		nat_in_subnet(t, best->target_id, s)) &&
	    nacl_check(x, p, s, true))
		return 1;
	switch (best->target) {
	case VS_TGT_LOCAL:
		d = subnet_in_vpc(t, s->vpc_id, &p->dst);
		if (d == NULL)
			return stop_unknown(x, VS_C_RTB, rt->id,
			    VS_R_UNKNOWN_RESOURCE, NULL);
		if (nacl_check(x, p, d, false))
			return 1;
		return arrive(x, p, d);
	case VS_TGT_IGW:
		return via_igw(x, p, rt, best->target_id, s->vpc_id);
	case VS_TGT_NATGW:
		return via_nat(x, p, best->target_id, s, after_nat);
	case VS_TGT_PCX:
		return via_pcx(x, p, best->target_id, s->vpc_id);
	default:
		return stop_unknown(x, VS_C_RTB, rt->id,
		    VS_R_UNSUPPORTED_COMPONENT, best->target_id);
	}
}

/* ---- endpoints ---- */

struct nep {
	bool inet;
	int eni;
	struct vs_addr addr;
	bool pub; /* given as the interface's public address */
};

static int
primary_eni_of(const struct vs_topo *t, const char *inst)
{
	uint32_t i;
	int best = -1, bestdev = 1 << 20;
	for (i = 0; i < t->n[VS_K_ENI]; i++) {
		const struct vs_eni *e = &t->enis[i];
		int dev = e->device_index < 0 ? (1 << 19) : e->device_index;
		if (eq(e->instance_id, inst) && dev < bestdev) {
			best = (int)i;
			bestdev = dev;
		}
	}
	return best;
}

static bool
parse_addr(const char *s, struct vs_addr *a)
{
	return vs_addr_parse(s, strlen(s), a) == 0;
}

static int
resolve(struct nx *x, const char *s, struct nep *ep)
{
	const struct vs_topo *t = x->t;
	struct vs_addr a;
	const struct vs_eni *e;
	uint32_t j;

	memset(ep, 0, sizeof(*ep));
	ep->eni = -1;
	if (s == NULL)
		return -1;
	if (strcmp(s, "internet") == 0) {
		ep->inet = true;
		parse_addr(x->af == VS_AF4 ? "198.51.100.10" : "2001:db8::10",
		    &ep->addr);
		return 0;
	}
	if (starts(s, "eni-") || starts(s, "i-")) {
		ep->eni =
		    starts(s, "eni-") ? find_eni(t, s) : primary_eni_of(t, s);
		if (ep->eni < 0)
			return -1;
		e = &t->enis[ep->eni];
		if (x->af == VS_AF4) {
			if (e->n_v4 == 0)
				return -1;
			ep->addr = e->v4[0].priv;
			for (j = 0; j < e->n_v4; j++)
				if (e->v4[j].primary) {
					ep->addr = e->v4[j].priv;
					break;
				}
		} else {
			if (e->n_v6 == 0)
				return -1;
			ep->addr = e->v6[0];
		}
		return 0;
	}
	if (!parse_addr(s, &a) || a.af != x->af)
		return -1;
	ep->addr = a;
	if ((ep->eni = eni_by_private(t, &a)) >= 0)
		return 0;
	if ((ep->eni = eni_by_public(t, &a)) >= 0) {
		ep->pub = true;
		return 0;
	}
	if (is_private(&a))
		return -1;
	ep->inet = true;
	return 0;
}

/*
 * The Amazon DNS resolver, instance metadata and Time Sync, and the base
 * + 2 of the source's VPC's primary CIDR (docs/trace.md, "Traffic nobody
 * filters").
 */
static bool
service_addr(const struct nx *x, const char *s, const struct vs_eni *src)
{
	static const char *const fixed[] = {"169.254.169.253",
	    "169.254.169.254", "169.254.169.123", "fd00:ec2::253",
	    "fd00:ec2::254", "fd00:ec2::123"};
	const struct vs_vpc *v;
	struct vs_addr a, b;
	size_t i;

	if (s == NULL || !parse_addr(s, &a) || a.af != x->af)
		return false;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (parse_addr(fixed[i], &b) && addr_same(&a, &b))
			return true;
	v = find_vpc(x->t, src->vpc_id);
	if (v == NULL || v->n_cidrs == 0 || a.af != VS_AF4 ||
	    v->cidrs[0].addr.af != VS_AF4)
		return false;
	b = v->cidrs[0].addr;
	b.lo += 2;
	return addr_same(&a, &b);
}

static int
reply_type(int proto, int type)
{
	if (proto == VS_PROTO_ICMP) {
		switch (type) {
		case 8:
			return 0;
		case 13:
			return 14;
		case 15:
			return 16;
		case 17:
			return 18;
		default:
			return -1;
		}
	}
	if (proto == VS_PROTO_ICMPV6 && type == 128)
		return 129;
	return -1;
}

static uint32_t
ranges_of(const struct pbits *b, struct vs_prange *out)
{
	unsigned p = 0;
	uint32_t n = 0;
	while (p < 65536) {
		unsigned lo;
		if (!pb_has(b, p)) {
			p++;
			continue;
		}
		lo = p;
		while (p < 65536 && pb_has(b, p))
			p++;
		if (n < NAIVE_MAX_RANGES)
			out[n++] = vs_prange(lo, p - 1u);
	}
	return n;
}

int
naive_trace(const struct vs_topo *t, const struct vs_query *q,
    struct naive_result *out)
{
	static struct nx x; /* large (port maps): not on the stack */
	struct nep from, to;
	struct npkt p;
	struct vs_addr a;
	struct pbits blocked;
	int rtype, w;
	bool ports;
	char b1[VS_ADDR_STRLEN], b2[VS_ADDR_STRLEN];

	memset(out, 0, sizeof(*out));
	memset(&x, 0, sizeof(x));
	x.t = t;
	x.q = q;
	x.out = out;
	x.proto = q->proto;
	x.nat_used = -1;
	x.client = x.server = -1;
	x.af = q->ipv6 || q->proto == VS_PROTO_ICMPV6 ? VS_AF6 : VS_AF4;
	if ((q->from && parse_addr(q->from, &a) && a.af == VS_AF6) ||
	    (q->to && parse_addr(q->to, &a) && a.af == VS_AF6))
		x.af = VS_AF6;
	ports = q->proto == VS_PROTO_TCP || q->proto == VS_PROTO_UDP;
	if (ports && (q->port < 0 || q->port > 65535))
		return -1;
	if (resolve(&x, q->from, &from))
		return -1;
	if (!from.inet && service_addr(&x, q->to, &t->enis[from.eni])) {
		/* DNS, metadata, Time Sync: nothing filters it, but a
		 * stopped instance sends nothing */
		out->valid = true;
		trail(&x, "to %s: a service nobody filters", q->to);
		if (!running(&x, from.eni))
			stop(&x, VS_C_ENI, t->enis[from.eni].id,
			    VS_R_INSTANCE_NOT_RUNNING, 0);
		else
			out->verdict = VS_REACHABLE;
		return 0;
	}
	if (resolve(&x, q->to, &to))
		return -1;
	if (from.inet && to.inet)
		return -1;
	out->valid = true;

	/* the request packet */
	memset(&p, 0, sizeof(p));
	p.dport = ports ? q->port : 0;
	p.type = p.code = 0;
	if (vs_proto_is_icmp(q->proto)) {
		p.type = q->icmp_type >= 0           ? q->icmp_type
			 : q->proto == VS_PROTO_ICMP ? 8
						     : 128;
		p.code = q->icmp_code >= 0 ? q->icmp_code : 0;
	}
	p.priv = !from.inet;
	x.client = from.inet ? -1 : from.eni;
	if (from.inet) {
		p.src = from.addr;
	} else if (from.pub) {
		const struct vs_eni *e = &t->enis[from.eni];
		uint32_t j;
		p.src = e->v4[0].priv;
		for (j = 0; j < e->n_v4; j++)
			if (e->v4[j].has_public &&
			    addr_same(&e->v4[j].pub, &from.addr))
				p.src = e->v4[j].priv;
	} else {
		p.src = from.addr;
	}
	x.client_addr = p.src;
	p.dst = to.addr;

	/* client ports */
	if (q->src_port >= 0) {
		pb_set_range(&x.client_full, (unsigned)q->src_port,
		    (unsigned)q->src_port);
	} else if (q->has_client_ports) {
		pb_set_range(&x.client_full, q->client_ports.lo,
		    q->client_ports.hi);
	} else if (!from.inet && t->enis[from.eni].instance_id != NULL &&
		   find_inst(t, t->enis[from.eni].instance_id) != NULL) {
		const struct vs_instance *in =
		    find_inst(t, t->enis[from.eni].instance_id);
		if (in->windows)
			pb_set_range(&x.client_full, 49152, 65535);
		else
			pb_set_range(&x.client_full, 32768, 60999);
	} else {
		pb_set_range(&x.client_full, 1024, 65535);
	}
	x.client_live = x.client_full;
	pb_set_range(&x.nat_full, 1024, 65535);
	x.nat_live = x.nat_full;

	trail(&x, "%s -> %s", fa(&p.src, b1), fa(&p.dst, b2));
	if (from.inet) {
		if (x.af == VS_AF4 && !to.pub) {
			/* an interface named by id: its public address */
			const struct vs_eni *e = &t->enis[to.eni];
			const struct vs_igw *g = igw_of_vpc(t, e->vpc_id);
			/* vpcsim's choice: this is checked before the
			 * gateway is required */
			if (e->n_v4 == 0 || !e->v4[0].has_public) {
				stop(&x, VS_C_IGW, g ? g->id : NULL,
				    VS_R_IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS,
				    0);
				return 0;
			}
			p.dst = e->v4[0].pub;
		}
		if (enter_igw(&x, &p))
			return 0;
	} else {
		const struct vs_eni *e = &t->enis[from.eni];
		const struct vs_subnet *s = find_subnet(t, e->subnet_id);
		if (!running(&x, from.eni)) {
			stop(&x, VS_C_ENI, e->id, VS_R_INSTANCE_NOT_RUNNING, 0);
			return 0;
		}
		if (sg_check(&x, from.eni, true, &p))
			return 0;
		if (s == NULL) {
			stop_unknown(&x, VS_C_ENI, e->id, VS_R_UNKNOWN_RESOURCE,
			    e->subnet_id);
			return 0;
		}
		if (route_from(&x, &p, s, false))
			return 0;
	}

	/* the reply */
	rtype = vs_proto_is_icmp(q->proto) ? reply_type(q->proto, p.type) : 0;
	if (rtype < 0) {
		trail(&x, "no reply for this ICMP type");
		out->verdict = VS_REACHABLE;
		return 0;
	}
	x.reply = true;
	x.depth = 0;
	memset(&p, 0, sizeof(p));
	p.src = x.srv_addr;
	p.dst = x.seen_src;
	p.type = rtype;
	p.code = 0;
	if (ports)
		p.live = x.nat_used >= 0 ? &x.nat_live : &x.client_live;
	trail(&x, "%s -> %s", fa(&p.src, b1), fa(&p.dst, b2));
	if (x.to_internet) {
		if (enter_igw(&x, &p))
			return 0;
	} else {
		const struct vs_eni *e = &t->enis[x.server];
		const struct vs_subnet *s = find_subnet(t, e->subnet_id);
		trail(&x, "sg %s egress tracked", e->id);
		if (route_from(&x, &p, s, false))
			return 0;
	}
	if (!ports || !x.partial_seen) {
		out->verdict = VS_REACHABLE;
		return 0;
	}
	for (w = 0; w < NW; w++)
		blocked.w[w] = x.nat_full.w[w] & ~x.nat_live.w[w];
	out->n_nat_blocked = ranges_of(&blocked, out->nat_blocked);
	for (w = 0; w < NW; w++)
		blocked.w[w] = x.client_full.w[w] & ~x.client_live.w[w];
	out->n_client_blocked = ranges_of(&blocked, out->blocked);
	/* the client's ports when any is blocked, else the NAT's */
	if (out->n_client_blocked == 0) {
		memcpy(out->blocked, out->nat_blocked, sizeof(out->blocked));
		out->n_blocked = out->n_nat_blocked;
	} else {
		out->n_blocked = out->n_client_blocked;
	}
	out->verdict = VS_PARTIAL;
	out->in_reply = true;
	out->comp = x.p_comp;
	out->id = x.p_id;
	out->rule = x.p_rule;
	out->reason = VS_R_SUBNET_ACL_RESTRICTION;
	return 0;
}
