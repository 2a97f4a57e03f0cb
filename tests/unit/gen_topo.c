/*
 * gen_topo.c - random small topologies and queries (see gen_topo.h).
 *
 * DOC: the generator fills the topology's id fields directly (no loader)
 * and lets vs_topo_finish() derive the rest.  Addresses follow a fixed
 * plan so that nothing collides by accident: VPC v is 10.v.0.0/16 (the
 * third is 172.16.0.0/16), sometimes with a secondary block
 * 100.64.v.0/24 (RFC 6598) holding one more subnet; subnet j is the /24
 * with third octet j; the k-th interface of a subnet is host 10+k (a
 * secondary private address host 110+k), a NAT gateway host 5.  Public
 * addresses of interfaces are 54.x.y.z, NAT Elastic IPs 52.x.0.1,
 * internet hosts 203.0.113.0/24, 198.51.100.0/24 and 2001:db8::/32.  IPv6
 * VPCs hold 2600:1f00:0:v00::/56 and their subnets the /64s inside.
 * Every VPC has a main route table and a default network ACL; the rest is
 * drawn.  Deliberate oddities, each with a small probability: a security
 * group id that is not in the topology (sg-0missing, on an interface or
 * in a rule), routes to a NAT gateway or peering that is not described,
 * blackhole routes, routes more specific than local, a detached internet
 * gateway, a NAT gateway that is not available or is private, an
 * inactive peering, instances that are stopped or pending, interfaces
 * without groups, network ACL entries in random order with the implicit
 * denies sometimes written out.  Each draw is independent of the number
 * of bytes a fuzz input holds: past its end every draw is zero, and no
 * loop waits for a particular value.
 */
#include "gen_topo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "ip.h"

/* ---- random numbers ---- */

void
gen_rng_seed(struct gen_rng *r, uint64_t seed)
{
	memset(r, 0, sizeof(*r));
	r->s = seed;
}

void
gen_rng_bytes(struct gen_rng *r, const uint8_t *data, size_t n)
{
	memset(r, 0, sizeof(*r));
	r->data = data;
	r->n = n;
}

uint64_t
gen_mix(uint64_t a, uint64_t b)
{
	uint64_t z = a + 0x9e3779b97f4a7c15ull * (b + 1u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t
gen_u64(struct gen_rng *r)
{
	uint64_t z;
	unsigned i;

	if (r->data != NULL) {
		/* fuzz input: two bytes per draw, then zeros */
		z = 0;
		for (i = 0; i < 2; i++) {
			z <<= 8;
			if (r->off < r->n)
				z |= r->data[r->off++];
		}
		return z;
	}
	r->s += 0x9e3779b97f4a7c15ull;
	z = r->s;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint32_t
gen_below(struct gen_rng *r, uint32_t n)
{
	return n == 0 ? 0 : (uint32_t)(gen_u64(r) % n);
}

bool
gen_pct(struct gen_rng *r, unsigned pct)
{
	return gen_below(r, 100) < pct;
}

/* ---- building helpers ---- */

#define OWNER    "123456789012"
#define MAX_VPC  3
#define MAX_SUB  5
#define MAX_ENI  8
#define MAX_SG   3
#define MAX_NACL 3
#define MAX_RTB  4

struct gvpc {
	uint32_t base4; /* network address of the /16 */
	bool has2;      /* a secondary block 100.64.v.0/24 (RFC 6598) */
	uint32_t sbase[MAX_SUB]; /* network address of each subnet */
	bool has6;
	uint64_t hi6; /* upper 64 bits of the /56 */
	uint32_t n_sub;
	vs_idx sub[MAX_SUB];
	bool sub6[MAX_SUB];
	const char *igw; /* id or NULL */
	bool igw_attached;
	const char *nat; /* id or NULL */
	uint32_t nat_sub;
	const char *sg[MAX_SG];
	uint32_t n_sg;
	const char *nacl[MAX_NACL];
	uint32_t n_nacl;
	const char *rtb[MAX_RTB];
	uint32_t n_rtb;
	int peer; /* the other VPC of the peering, or -1 */
	uint32_t hosts[MAX_SUB];
};

struct gen {
	struct gen_rng *r;
	struct vs_topo *t;
	uint32_t n_vpc;
	struct gvpc v[MAX_VPC];
	const char *pcx; /* id or NULL */
	uint32_t n_eni;
	vs_idx eni[MAX_ENI];
	int eni_vpc[MAX_ENI];
};

static const char *
S(struct gen *g, const char *s)
{
	return vs_arena_strdup(g->t->arena, s);
}

static struct vs_prefix
p4(uint32_t a, unsigned len)
{
	struct vs_prefix p;
	uint32_t mask = len == 0 ? 0 : 0xffffffffu << (32 - len);
	memset(&p, 0, sizeof(p));
	p.addr.af = VS_AF4;
	p.addr.lo = a & mask;
	p.len = (uint8_t)len;
	return p;
}

static struct vs_prefix
p6(uint64_t hi, uint64_t lo, unsigned len)
{
	struct vs_prefix p;
	memset(&p, 0, sizeof(p));
	p.addr.af = VS_AF6;
	if (len <= 64) {
		p.addr.hi = len == 0 ? 0 : hi & (~0ull << (64 - len));
		p.addr.lo = 0;
	} else {
		p.addr.hi = hi;
		p.addr.lo = len == 128 ? lo : lo & (~0ull << (128 - len));
	}
	p.len = (uint8_t)len;
	return p;
}

static struct vs_addr
a4(uint32_t v)
{
	struct vs_addr a;
	memset(&a, 0, sizeof(a));
	a.af = VS_AF4;
	a.lo = v;
	return a;
}

static struct vs_addr
a6(uint64_t hi, uint64_t lo)
{
	struct vs_addr a;
	memset(&a, 0, sizeof(a));
	a.af = VS_AF6;
	a.hi = hi;
	a.lo = lo;
	return a;
}

static uint32_t
ip4(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return (uint32_t)a << 24 | (uint32_t)b << 16 | (uint32_t)c << 8 | d;
}

static struct vs_subnet *
sub_at(struct gen *g, vs_idx i)
{
	return &g->t->subnets[i];
}

/* ---- VPCs, subnets, gateways ---- */

static void
make_vpcs(struct gen *g)
{
	uint32_t v, j;
	char id[64];

	g->n_vpc = 1u + gen_below(g->r, MAX_VPC);
	for (v = 0; v < g->n_vpc; v++) {
		struct gvpc *gv = &g->v[v];
		struct vs_vpc *x;
		uint32_t nc = 1;

		gv->base4 = v < 2 ? ip4(10, v, 0, 0) : ip4(172, 16, 0, 0);
		gv->has6 = gen_pct(g->r, 35);
		gv->has2 = gen_pct(g->r, 15);
		gv->hi6 = 0x26001f0000000000ull | (uint64_t)(v << 8);
		gv->peer = -1;
		x = vs_topo_add(g->t, VS_K_VPC);
		snprintf(id, sizeof(id), "vpc-0%u", v + 1);
		x->id = S(g, id);
		x->owner = OWNER;
		x->state = "available";
		x->cidrs = vs_arena_zalloc(g->t->arena, sizeof(*x->cidrs) * 3);
		x->cidrs[0] = p4(gv->base4, 16);
		if (gv->has2)
			x->cidrs[nc++] = p4(ip4(100, 64, v, 0), 24);
		if (gv->has6)
			x->cidrs[nc++] = p6(gv->hi6, 0, 56);
		x->n_cidrs = nc;
		gv->n_sub = 1u + gen_below(g->r, MAX_SUB - 1);
		for (j = 0; j < gv->n_sub; j++)
			gv->sbase[j] = gv->base4 | j << 8;
		if (gv->has2)
			gv->sbase[gv->n_sub++] = ip4(100, 64, v, 0);
		for (j = 0; j < gv->n_sub; j++) {
			struct vs_subnet *s = vs_topo_add(g->t, VS_K_SUBNET);
			gv->sub[j] = g->t->n[VS_K_SUBNET] - 1u;
			snprintf(id, sizeof(id), "subnet-0%u%u", v + 1, j + 1);
			s->id = S(g, id);
			snprintf(id, sizeof(id), "vpc-0%u", v + 1);
			s->vpc_id = S(g, id);
			s->owner = OWNER;
			s->az = j % 2 ? "us-east-1b" : "us-east-1a";
			s->state = "available";
			s->has_cidr4 = true;
			s->cidr4 = p4(gv->sbase[j], 24);
			gv->sub6[j] = gv->has6 && gen_pct(g->r, 75);
			if (gv->sub6[j]) {
				s->n_cidr6 = 1;
				s->cidr6 = vs_arena_zalloc(g->t->arena,
				    sizeof(*s->cidr6));
				s->cidr6[0] = p6(gv->hi6 | j, 0, 64);
			}
		}
	}
}

static void
make_igws(struct gen *g)
{
	uint32_t v;
	char id[64];

	for (v = 0; v < g->n_vpc; v++) {
		struct gvpc *gv = &g->v[v];
		struct vs_igw *w;
		if (!gen_pct(g->r, 80))
			continue;
		w = vs_topo_add(g->t, VS_K_IGW);
		snprintf(id, sizeof(id), "igw-0%u", v + 1);
		w->id = gv->igw = S(g, id);
		w->owner = OWNER;
		gv->igw_attached = gen_pct(g->r, 85);
		if (gv->igw_attached || gen_pct(g->r, 50)) {
			w->n_att = 1;
			w->att = vs_arena_zalloc(g->t->arena, sizeof(*w->att));
			snprintf(id, sizeof(id), "vpc-0%u", v + 1);
			w->att[0].vpc_id = S(g, id);
			w->att[0].state =
			    gv->igw_attached ? "available" : "detached";
		}
	}
}

static void
make_nats(struct gen *g)
{
	static const char *const bad[] = {"pending", "failed", "deleted"};
	uint32_t v;
	char id[64];

	for (v = 0; v < g->n_vpc; v++) {
		struct gvpc *gv = &g->v[v];
		struct vs_natgw *n;
		struct vs_eni *e;
		const struct vs_subnet *s;
		uint32_t j = gen_below(g->r, gv->n_sub);
		bool priv;

		if (!gen_pct(g->r, 55))
			continue;
		priv = gen_pct(g->r, 8);
		gv->nat_sub = j;
		s = sub_at(g, gv->sub[j]);
		n = vs_topo_add(g->t, VS_K_NATGW);
		snprintf(id, sizeof(id), "nat-0%u", v + 1);
		n->id = gv->nat = S(g, id);
		n->subnet_id = s->id;
		n->vpc_id = s->vpc_id;
		n->state =
		    gen_pct(g->r, 90) ? "available" : bad[gen_below(g->r, 3)];
		n->private_nat = priv;
		n->n_addrs = 1;
		n->addrs = vs_arena_zalloc(g->t->arena, sizeof(*n->addrs));
		n->addrs[0].priv = a4(gv->sbase[j] | 5);
		n->addrs[0].has_public = !priv;
		n->addrs[0].pub = a4(ip4(52, v + 1, 0, 1));
		snprintf(id, sizeof(id), "eni-0n%u", v + 1);
		n->addrs[0].eni_id = S(g, id);
		n->addrs[0].primary = true;
		/* the NAT gateway's own interface, as describe shows it */
		e = vs_topo_add(g->t, VS_K_ENI);
		e->id = S(g, id);
		e->subnet_id = s->id;
		e->vpc_id = s->vpc_id;
		e->owner = OWNER;
		e->type = "natGateway";
		e->status = "in-use";
		e->requester_managed = true;
		e->src_dst_check = false;
		e->device_index = -1;
		e->n_v4 = 1;
		e->v4 = vs_arena_zalloc(g->t->arena, sizeof(*e->v4));
		e->v4[0].priv = a4(gv->sbase[j] | 5);
		e->v4[0].primary = true;
		e->v4[0].has_public = !priv;
		e->v4[0].pub = a4(ip4(52, v + 1, 0, 1));
		e->v4[0].pub_owner = OWNER;
	}
}

static void
make_pcx(struct gen *g)
{
	static const char *const bad[] = {"pending-acceptance", "deleted",
	    "rejected", "failed"};
	struct vs_pcx *p;
	uint32_t a, b, k;
	struct vs_pcx_side *side[2];

	if (g->n_vpc < 2 || !gen_pct(g->r, 70))
		return;
	a = gen_below(g->r, g->n_vpc);
	b = (a + 1u + gen_below(g->r, g->n_vpc - 1u)) % g->n_vpc;
	p = vs_topo_add(g->t, VS_K_PCX);
	p->id = g->pcx = "pcx-01";
	p->status = gen_pct(g->r, 80) ? "active" : bad[gen_below(g->r, 4)];
	side[0] = &p->req;
	side[1] = &p->acc;
	for (k = 0; k < 2; k++) {
		uint32_t v = k == 0 ? a : b;
		const struct vs_vpc *x = &g->t->vpcs[v];
		side[k]->vpc_id = x->id;
		side[k]->owner = OWNER;
		side[k]->region = "us-east-1";
		side[k]->n_cidrs = x->n_cidrs;
		side[k]->cidrs = x->cidrs;
	}
	g->v[a].peer = (int)b;
	g->v[b].peer = (int)a;
}

/* ---- interfaces and instances ---- */

static void
make_enis(struct gen *g)
{
	uint32_t i, n = 2u + gen_below(g->r, MAX_ENI - 1u);
	uint32_t n_inst = 0;
	vs_idx inst_of[MAX_ENI];
	int inst_vpc[MAX_ENI];
	char id[64];

	for (i = 0; i < n; i++) {
		uint32_t v = gen_below(g->r, g->n_vpc);
		struct gvpc *gv = &g->v[v];
		uint32_t j = gen_below(g->r, gv->n_sub);
		const struct vs_subnet *s = sub_at(g, gv->sub[j]);
		uint32_t host = 10u + gv->hosts[j]++;
		struct vs_eni *e;
		uint32_t ng, k;

		e = vs_topo_add(g->t, VS_K_ENI);
		g->eni[g->n_eni] = g->t->n[VS_K_ENI] - 1u;
		g->eni_vpc[g->n_eni++] = (int)v;
		snprintf(id, sizeof(id), "eni-0%u", i + 1);
		e->id = S(g, id);
		e->subnet_id = s->id;
		e->vpc_id = s->vpc_id;
		e->owner = OWNER;
		e->type = "interface";
		e->status = "in-use";
		e->src_dst_check = true;
		e->device_index = -1;
		e->n_v4 = 1;
		e->v4 = vs_arena_zalloc(g->t->arena, sizeof(*e->v4) * 2);
		e->v4[0].priv = a4(gv->sbase[j] | host);
		e->v4[0].primary = true;
		if (gen_pct(g->r, 55)) {
			e->v4[0].has_public = true;
			e->v4[0].pub = a4(ip4(54, v + 1, j, host));
			e->v4[0].pub_owner = "amazon";
		}
		if (gen_pct(g->r, 20)) {
			/* a secondary private address, maybe with an
			 * Elastic IP of its own */
			e->v4[1].priv = a4(gv->sbase[j] | (host + 100u));
			if (gen_pct(g->r, 50)) {
				e->v4[1].has_public = true;
				e->v4[1].pub =
				    a4(ip4(54, v + 1, j, host + 100u));
				e->v4[1].pub_owner = OWNER;
			}
			e->n_v4 = 2;
		}
		if (gv->sub6[j] && gen_pct(g->r, 75)) {
			e->n_v6 = 1;
			e->v6 = vs_arena_zalloc(g->t->arena, sizeof(*e->v6));
			e->v6[0] = a6(gv->hi6 | j, host);
		}
		/* one or two of the VPC's groups, sometimes a missing one */
		ng = gen_pct(g->r, 3) ? 0u : 1u + gen_below(g->r, 2);
		e->group_ids = vs_arena_zalloc(g->t->arena, sizeof(char *) * 3);
		for (k = 0; k < ng; k++) {
			const char *sg = gv->sg[gen_below(g->r, gv->n_sg)];
			uint32_t m;
			bool dup = false;
			for (m = 0; m < e->n_groups; m++)
				dup = dup || strcmp(e->group_ids[m], sg) == 0;
			if (!dup)
				e->group_ids[e->n_groups++] = sg;
		}
		if (gen_pct(g->r, 4))
			e->group_ids[e->n_groups++] = "sg-0missing";
		/* an instance: a new one, or a second interface of one */
		if (!gen_pct(g->r, 82))
			continue;
		for (k = 0; k < n_inst; k++)
			if (inst_vpc[k] == (int)v &&
			    g->t->instances[inst_of[k]].n_eni_ids == 1 &&
			    gen_pct(g->r, 25))
				break;
		if (k < n_inst) {
			struct vs_instance *in = &g->t->instances[inst_of[k]];
			in->eni_ids[in->n_eni_ids++] = e->id;
			e->instance_id = in->id;
			e->device_index = 1;
		} else {
			struct vs_instance *in =
			    vs_topo_add(g->t, VS_K_INSTANCE);
			inst_of[n_inst] = g->t->n[VS_K_INSTANCE] - 1u;
			inst_vpc[n_inst++] = (int)v;
			snprintf(id, sizeof(id), "i-0%u", i + 1);
			in->id = S(g, id);
			static const char *const other[] = {"stopped",
			    "stopping", "pending", "stopped"};
			in->state = gen_pct(g->r, 94)
					? "running"
					: other[gen_below(g->r, 4)];
			if (gen_pct(g->r, 30)) {
				in->platform = "windows";
				in->windows = true;
			}
			in->subnet_id = s->id;
			in->vpc_id = s->vpc_id;
			in->eni_ids =
			    vs_arena_zalloc(g->t->arena, sizeof(char *) * 2);
			in->eni_ids[in->n_eni_ids++] = e->id;
			e->instance_id = in->id;
			e->device_index = 0;
		}
	}
}

/* ---- security groups ---- */

static const struct vs_eni *
rand_eni(struct gen *g)
{
	return &g->t->enis[g->eni[gen_below(g->r, g->n_eni)]];
}

static struct vs_prefix
peer4(struct gen *g, uint32_t v)
{
	const struct gvpc *gv = &g->v[v];
	const struct gvpc *ov = &g->v[gen_below(g->r, g->n_vpc)];
	const struct vs_eni *e;
	uint32_t j;

	switch (gen_below(g->r, 16)) {
	case 0:
	case 1:
	case 2:
	case 3:
	case 4:
		return p4(0, 0);
	case 5:
		return p4(gv->base4, 16);
	case 6:
		return p4(ov->base4, 16);
	case 7:
		j = gen_below(g->r, ov->n_sub);
		return p4(ov->sbase[j], 24);
	case 8:
		e = rand_eni(g);
		j = gen_below(g->r, e->n_v4);
		return p4((uint32_t)e->v4[j].priv.lo, 32);
	case 9:
		e = rand_eni(g);
		j = gen_below(g->r, e->n_v4);
		if (e->v4[j].has_public)
			return p4((uint32_t)e->v4[j].pub.lo, 32);
		return p4(ip4(54, 0, 0, 0), 8);
	case 10:
		return p4(ip4(10, 0, 0, 0), 8);
	case 11:
		j = gen_below(g->r, gv->n_sub);
		return p4(gv->sbase[j] | 16 * gen_below(g->r, 2), 28);
	case 12:
		return p4(ip4(203, 0, 113, 0), gen_pct(g->r, 50) ? 24 : 28);
	case 13:
		return p4(ip4(198, 51, 100, 10), 32);
	case 14:
		return p4(gen_pct(g->r, 50) ? ip4(52, 0, 0, 0)
					    : ip4(54, 0, 0, 0),
		    8);
	default:
		return p4(gen_pct(g->r, 50) ? 0 : ip4(128, 0, 0, 0), 1);
	}
}

static struct vs_prefix
peer6(struct gen *g, uint32_t v)
{
	const struct gvpc *gv = &g->v[v];
	const struct vs_eni *e;

	switch (gen_below(g->r, 7)) {
	case 0:
	case 1:
	case 2:
		return p6(0, 0, 0);
	case 3:
		return p6(gv->hi6, 0, 56);
	case 4:
		e = rand_eni(g);
		if (e->n_v6 > 0)
			return p6(e->v6[0].hi, e->v6[0].lo, 128);
		return p6(gv->hi6 | gen_below(g->r, 4), 0, 64);
	case 5:
		return p6(0x20010db800000000ull, 0, 32);
	default:
		return p6(0x2600000000000000ull, 0, 16);
	}
}

static const int query_ports[] = {22, 80, 443, 53, 8080, 3306, 1024, 32768,
    49152, 65535, 8000, 8050, 61000, 5000};

static void
sg_ports(struct gen *g, struct vs_sg_rule *r)
{
	static const int32_t rng[][2] = {{22, 22}, {80, 80}, {443, 443},
	    {0, 65535}, {1024, 65535}, {80, 443}, {8000, 8100}, {53, 53},
	    {32768, 60999}, {3306, 3306}};
	uint32_t k = gen_below(g->r, 12);

	r->has_ports = true;
	if (k < 10) {
		r->from = rng[k][0];
		r->to = rng[k][1];
	} else {
		r->from = r->to = query_ports[gen_below(g->r,
		    sizeof(query_ports) / sizeof(query_ports[0]))];
	}
}

static void
sg_rule(struct gen *g, uint32_t v, struct vs_sg_rule *r, bool egress)
{
	static const int32_t types[] = {-1, 8, 0, 3, 13};
	const struct gvpc *gv = &g->v[v];
	bool six = gv->has6 && gen_pct(g->r, 20);
	uint32_t k = gen_below(g->r, 100);

	memset(r, 0, sizeof(*r));
	r->egress = egress;
	r->ref_idx = VS_NONE;
	if (k < 40)
		r->proto = VS_PROTO_TCP;
	else if (k < 55)
		r->proto = VS_PROTO_UDP;
	else if (k < 70)
		r->proto = six ? VS_PROTO_ICMPV6 : VS_PROTO_ICMP;
	else if (k < 95)
		r->proto = VS_PROTO_ALL;
	else
		r->proto = gen_pct(g->r, 50) ? 47 : 50; /* no ports */
	if (vs_proto_has_ports(r->proto)) {
		sg_ports(g, r);
	} else if (vs_proto_is_icmp(r->proto)) {
		r->has_ports = true;
		r->from = types[gen_below(g->r, 5)];
		r->to = r->from == -1 || gen_pct(g->r, 50) ? -1 : 0;
	} else {
		r->from = r->to = -1;
	}
	k = gen_below(g->r, 100);
	if (k < 20) {
		/* a referenced group, usually of this VPC */
		uint32_t ov =
		    gen_pct(g->r, 75) || gv->peer < 0 ? v : (uint32_t)gv->peer;
		r->kind = VS_PEER_SG;
		r->ref = g->v[ov].sg[gen_below(g->r, g->v[ov].n_sg)];
		if (ov != v)
			r->ref_pcx = g->pcx;
	} else if (k < 23) {
		r->kind = VS_PEER_SG;
		r->ref = "sg-0missing";
	} else {
		r->kind = VS_PEER_CIDR;
		r->cidr = six ? peer6(g, v) : peer4(g, v);
	}
}

static void
make_sgs(struct gen *g)
{
	uint32_t v, k;
	char id[64];

	/* ids first: interfaces and references name them */
	for (v = 0; v < g->n_vpc; v++) {
		g->v[v].n_sg = 1u + gen_below(g->r, MAX_SG);
		for (k = 0; k < g->v[v].n_sg; k++) {
			snprintf(id, sizeof(id), "sg-0%u%u", v + 1, k + 1);
			g->v[v].sg[k] = S(g, id);
		}
	}
}

static void
fill_sgs(struct gen *g)
{
	uint32_t v, k, i;
	char id[64];

	for (v = 0; v < g->n_vpc; v++) {
		for (k = 0; k < g->v[v].n_sg; k++) {
			struct vs_sg *s = vs_topo_add(g->t, VS_K_SG);
			uint32_t nin = gen_below(g->r, 4) + gen_pct(g->r, 70),
				 nout;
			bool dflt = gen_pct(g->r, 70);
			bool open = gen_pct(g->r, 45);
			uint32_t cap, n = 0;

			s->id = g->v[v].sg[k];
			snprintf(id, sizeof(id), "group%u%u", v + 1, k + 1);
			s->name = S(g, id);
			s->vpc_id = g->t->vpcs[v].id;
			s->owner = OWNER;
			nout = dflt ? gen_below(g->r, 2) : gen_below(g->r, 4);
			cap = nin + nout + 4u;
			s->rules = vs_arena_zalloc(g->t->arena,
			    sizeof(*s->rules) * cap);
			if (open) {
				/* inbound from anywhere, the usual shortcut */
				struct vs_sg_rule *r = &s->rules[n];
				r->proto = VS_PROTO_ALL;
				r->from = r->to = -1;
				r->kind = VS_PEER_CIDR;
				r->cidr = p4(0, 0);
				r->ref_idx = VS_NONE;
				r->perm = n++;
				if (g->v[v].has6) {
					r = &s->rules[n];
					*r = s->rules[n - 1u];
					r->cidr = p6(0, 0, 0);
					r->perm = n++;
				}
			}
			for (i = 0; i < nin; i++) {
				sg_rule(g, v, &s->rules[n], false);
				s->rules[n].perm = n;
				n++;
			}
			if (dflt) {
				struct vs_sg_rule *r = &s->rules[n];
				r->egress = true;
				r->proto = VS_PROTO_ALL;
				r->from = r->to = -1;
				r->kind = VS_PEER_CIDR;
				r->cidr = p4(0, 0);
				r->ref_idx = VS_NONE;
				r->perm = n++;
				if (g->v[v].has6) {
					r = &s->rules[n];
					*r = s->rules[n - 1u];
					r->cidr = p6(0, 0, 0);
					r->perm = n++;
				}
			}
			for (i = 0; i < nout; i++) {
				sg_rule(g, v, &s->rules[n], true);
				s->rules[n].perm = n;
				n++;
			}
			s->n_rules = n;
		}
	}
}

/* ---- network ACLs ---- */

static void
nacl_ports(struct gen *g, struct vs_nacl_entry *e)
{
	static const unsigned rng[][2] = {{80, 80}, {443, 443}, {22, 22},
	    {0, 65535}, {1024, 65535}, {32768, 60999}, {49152, 65535},
	    {1024, 32767}, {61000, 65535}, {32768, 65535}, {1024, 49151},
	    {53, 53}, {40000, 50000}, {0, 1023}};
	uint32_t k = gen_below(g->r, 16);

	e->has_ports = true;
	if (k < 14) {
		e->ports = vs_prange(rng[k][0], rng[k][1]);
	} else {
		unsigned a = gen_below(g->r, 65536), b = gen_below(g->r, 65536);
		e->ports = a < b ? vs_prange(a, b) : vs_prange(b, a);
	}
}

static void
nacl_entry(struct gen *g, uint32_t v, struct vs_nacl_entry *e, bool egress,
    uint32_t rule)
{
	static const int types[] = {-1, 8, 0, 3, 13, 14};
	bool six = g->v[v].has6 && gen_pct(g->r, 25);
	uint32_t k = gen_below(g->r, 100);

	memset(e, 0, sizeof(*e));
	e->rule = rule;
	e->egress = egress;
	e->allow = gen_pct(g->r, 65);
	e->icmp_type = e->icmp_code = -1;
	if (k < 40)
		e->proto = VS_PROTO_TCP;
	else if (k < 55)
		e->proto = VS_PROTO_UDP;
	else if (k < 67)
		e->proto = six ? VS_PROTO_ICMPV6 : VS_PROTO_ICMP;
	else if (k < 72)
		e->proto = 50; /* ESP: no ports */
	else
		e->proto = VS_PROTO_ALL;
	if (vs_proto_has_ports(e->proto))
		nacl_ports(g, e);
	else if (vs_proto_is_icmp(e->proto) && gen_pct(g->r, 80)) {
		e->has_icmp = true;
		e->icmp_type = types[gen_below(g->r, 6)];
		e->icmp_code = gen_pct(g->r, 60) ? -1 : 0;
	}
	if (gen_pct(g->r, 50))
		e->cidr = six ? p6(0, 0, 0) : p4(0, 0);
	else
		e->cidr = six ? peer6(g, v) : peer4(g, v);
}

static void
shuffle_entries(struct gen *g, struct vs_nacl_entry *e, uint32_t n)
{
	uint32_t i;
	for (i = n; i > 1; i--) {
		uint32_t j = gen_below(g->r, i);
		struct vs_nacl_entry x = e[i - 1u];
		e[i - 1u] = e[j];
		e[j] = x;
	}
}

static void
deny_all(struct vs_nacl_entry *e, bool egress, bool six)
{
	memset(e, 0, sizeof(*e));
	e->rule = six ? 32768u : 32767u;
	e->egress = egress;
	e->allow = false;
	e->proto = VS_PROTO_ALL;
	e->icmp_type = e->icmp_code = -1;
	e->cidr = six ? p6(0, 0, 0) : p4(0, 0);
}

enum nacl_style {
	NS_DEFAULT,   /* AWS's default: allow all */
	NS_EPHEMERAL, /* a few rules, part of the ephemeral range denied,
			 then allow all: where replies go partial */
	NS_RANDOM
};

/* The entries of one direction into out (room for 16); returns the count. */
static uint32_t
nacl_dir(struct gen *g, uint32_t v, struct vs_nacl_entry *out, bool eg,
    enum nacl_style style)
{
	static const unsigned eph[][2] = {{32768, 40000}, {61000, 65535},
	    {49152, 65535}, {1024, 32767}, {40000, 50000}, {50000, 60999}};
	const struct gvpc *gv = &g->v[v];
	uint32_t m = 0, i, j, cnt, used[8];
	struct vs_nacl_entry *e;

	if (style == NS_DEFAULT) {
		e = &out[m++];
		deny_all(e, eg, false);
		e->rule = 100;
		e->allow = true;
		if (gv->has6) {
			e = &out[m++];
			deny_all(e, eg, true);
			e->rule = 101;
			e->allow = true;
		}
	} else {
		/* rule numbers 1-200, all different */
		cnt = gen_below(g->r, style == NS_EPHEMERAL ? 4 : 7);
		for (i = 0; i < cnt; i++) {
			bool dup = true;
			/* step past a taken number (a byte source may keep
			 * giving the same one) */
			used[i] = 1u + gen_below(g->r, 200);
			while (dup) {
				dup = false;
				for (j = 0; j < i; j++)
					dup = dup || used[j] == used[i];
				if (dup)
					used[i] = used[i] % 200u + 1u;
			}
			nacl_entry(g, v, &out[m++], eg, used[i]);
		}
		if (gen_pct(g->r, style == NS_EPHEMERAL ? 80 : 40)) {
			/* deny part of the ephemeral ports (201-299) */
			uint32_t q = gen_below(g->r, 6);
			e = &out[m++];
			deny_all(e, eg, false);
			e->rule = 201u + gen_below(g->r, 99);
			e->proto =
			    gen_pct(g->r, 70) ? VS_PROTO_TCP : VS_PROTO_UDP;
			e->has_ports = true;
			e->ports = vs_prange(eph[q][0], eph[q][1]);
		}
		if (style == NS_EPHEMERAL || gen_pct(g->r, 60)) {
			/* allow the rest (300 or 1000, 301 or 1001) */
			e = &out[m++];
			deny_all(e, eg, false);
			e->rule = 300u + gen_below(g->r, 2) * 700u;
			e->allow = true;
			if (gv->has6) {
				e = &out[m++];
				deny_all(e, eg, true);
				e->rule = 301u + gen_below(g->r, 2) * 700u;
				e->allow = true;
			}
		}
	}
	/* the implicit denies, sometimes written out as describe shows them */
	if (gen_pct(g->r, 55))
		deny_all(&out[m++], eg, false);
	if (gv->has6 && gen_pct(g->r, 40))
		deny_all(&out[m++], eg, true);
	return m;
}

/* Some subnets get an explicit association, the others the default. */
static void
nacl_assocs(struct gen *g, uint32_t v)
{
	const struct gvpc *gv = &g->v[v];
	char id[64];
	uint32_t j;
	vs_idx ni;

	for (j = 0; j < gv->n_sub; j++) {
		const struct vs_subnet *s = sub_at(g, gv->sub[j]);
		const char *want;
		struct vs_nacl *n = NULL;
		size_t cap;

		if (!gen_pct(g->r, 55))
			continue;
		want = gv->nacl[gen_below(g->r, gv->n_nacl)];
		for (ni = 0; ni < g->t->n[VS_K_NACL]; ni++)
			if (strcmp(g->t->nacls[ni].id, want) == 0)
				n = &g->t->nacls[ni];
		if (n == NULL)
			continue;
		cap = n->n_assocs;
		n->assocs = vs_arena_grow(g->t->arena, n->assocs,
		    sizeof(*n->assocs), &cap, n->n_assocs + 1u);
		snprintf(id, sizeof(id), "aclassoc-%s", s->id + 7);
		n->assocs[n->n_assocs].id = S(g, id);
		n->assocs[n->n_assocs].subnet_id = s->id;
		n->n_assocs++;
	}
}

static void
make_nacls(struct gen *g)
{
	uint32_t v, k, m, style;
	char id[64];

	for (v = 0; v < g->n_vpc; v++) {
		struct gvpc *gv = &g->v[v];
		gv->n_nacl = 1u + gen_below(g->r, MAX_NACL);
		for (k = 0; k < gv->n_nacl; k++) {
			struct vs_nacl *n = vs_topo_add(g->t, VS_K_NACL);

			style = gen_below(g->r, 100);
			snprintf(id, sizeof(id), "acl-0%u%u", v + 1, k);
			n->id = gv->nacl[k] = S(g, id);
			n->vpc_id = g->t->vpcs[v].id;
			n->owner = OWNER;
			n->is_default = k == 0;
			n->entries = vs_arena_zalloc(g->t->arena,
			    sizeof(*n->entries) * 32);
			m = nacl_dir(g, v, n->entries, false,
			    style < 35   ? NS_DEFAULT
			    : style < 75 ? NS_EPHEMERAL
					 : NS_RANDOM);
			m += nacl_dir(g, v, n->entries + m, true,
			    style < 35   ? NS_DEFAULT
			    : style < 75 ? NS_EPHEMERAL
					 : NS_RANDOM);
			/* in random order, as a snapshot may list them */
			shuffle_entries(g, n->entries, m);
			n->n_entries = m;
		}
		nacl_assocs(g, v);
	}
}

/* ---- route tables ---- */

static bool
add_route(struct gen *g, struct vs_rtb *rt, size_t *cap, struct vs_prefix dst,
    enum vs_target k, const char *target, bool blackhole)
{
	struct vs_route *r;
	uint32_t i;

	for (i = 0; i < rt->n_routes; i++)
		if (!rt->routes[i].to_pl &&
		    vs_prefix_cmp(&rt->routes[i].dst, &dst) == 0)
			return false;
	rt->routes = vs_arena_grow(g->t->arena, rt->routes, sizeof(*rt->routes),
	    cap, rt->n_routes + 1u);
	r = &rt->routes[rt->n_routes++];
	memset(r, 0, sizeof(*r));
	r->dst = dst;
	r->target = k;
	r->target_id = target;
	r->state = blackhole ? VS_RS_BLACKHOLE : VS_RS_ACTIVE;
	r->origin = k == VS_TGT_LOCAL ? VS_RO_TABLE : VS_RO_ROUTE;
	r->target_idx = r->pl_idx = VS_NONE;
	return true;
}

/* A random target for a route in VPC v; false when none fits. */
static bool
rand_target(struct gen *g, uint32_t v, enum vs_target *k, const char **id,
    bool *bh)
{
	const struct gvpc *gv = &g->v[v];
	uint32_t c = gen_below(g->r, 100);

	*bh = false;
	if (c < 35 && gv->igw) {
		*k = VS_TGT_IGW;
		*id = gv->igw;
	} else if (c < 60 && gv->nat) {
		*k = VS_TGT_NATGW;
		*id = gv->nat;
	} else if (c < 75 && gv->peer >= 0) {
		*k = VS_TGT_PCX;
		*id = g->pcx;
	} else if (c < 78) {
		*k = VS_TGT_NATGW;
		*id = "nat-0missing";
	} else if (c < 80) {
		*k = VS_TGT_PCX;
		*id = "pcx-0missing";
	} else if (c < 92) {
		*k = gen_pct(g->r, 50) ? VS_TGT_IGW : VS_TGT_NATGW;
		*id = *k == VS_TGT_IGW ? "igw-0dead" : "nat-0dead";
		*bh = true;
	} else {
		return false;
	}
	return true;
}

/* The default routes of table k; public: the NAT gateway's subnet's. */
static void
rtb_defaults(struct gen *g, uint32_t v, struct vs_rtb *rt, size_t *cap,
    uint32_t k, bool public, bool has_public)
{
	const struct gvpc *gv = &g->v[v];
	enum vs_target tk;
	const char *tid;
	bool bh;

	if (public) {
		add_route(g, rt, cap, p4(0, 0), VS_TGT_IGW, gv->igw, false);
		if (gv->has6)
			add_route(g, rt, cap, p6(0, 0, 0), VS_TGT_IGW, gv->igw,
			    false);
		return;
	}
	if (has_public && gen_pct(g->r, 45))
		add_route(g, rt, cap, p4(0, 0), VS_TGT_NATGW, gv->nat, false);
	else if (k == 0 && gv->igw && gen_pct(g->r, 55))
		add_route(g, rt, cap, p4(0, 0), VS_TGT_IGW, gv->igw, false);
	else if (gen_pct(g->r, 70) && rand_target(g, v, &tk, &tid, &bh))
		add_route(g, rt, cap, p4(0, 0), tk, tid, bh);
	if (gv->has6 && gv->igw && gen_pct(g->r, 60))
		add_route(g, rt, cap, p6(0, 0, 0), VS_TGT_IGW, gv->igw, false);
}

/* Routes to the peer VPC: its block, a subnet, or wider (10.0.0.0/8). */
static void
rtb_peer(struct gen *g, uint32_t v, struct vs_rtb *rt, size_t *cap)
{
	const struct gvpc *gv = &g->v[v], *pv;
	const char *pid;
	uint32_t c;
	struct vs_prefix d;

	if (gv->peer < 0 || !gen_pct(g->r, 80))
		return;
	pv = &g->v[gv->peer];
	pid = gen_pct(g->r, 95) ? g->pcx : "pcx-0missing";
	c = gen_below(g->r, 10);
	if (c < 6)
		d = p4(pv->base4, 16);
	else if (c < 8)
		d = p4(ip4(10, 0, 0, 0), 8);
	else
		d = p4(pv->sbase[gen_below(g->r, pv->n_sub)], 24);
	add_route(g, rt, cap, d, VS_TGT_PCX, pid, false);
	if (gv->has6 && pv->has6 && gen_pct(g->r, 60))
		add_route(g, rt, cap, p6(pv->hi6, 0, 56), VS_TGT_PCX, pid,
		    false);
	if (pv->has2 && gen_pct(g->r, 60))
		add_route(g, rt, cap,
		    p4(ip4(100, 64, (unsigned)gv->peer, 0), 24), VS_TGT_PCX,
		    pid, false);
}

/* A few more routes, some of them odd (more specific than local, to a
 * single public address, to half the internet). */
static void
rtb_extra(struct gen *g, uint32_t v, struct vs_rtb *rt, size_t *cap)
{
	const struct gvpc *gv = &g->v[v];
	uint32_t i, extra = gen_below(g->r, 3);

	for (i = 0; i < extra; i++) {
		const struct gvpc *ov = &g->v[gen_below(g->r, g->n_vpc)];
		const struct vs_eni *e;
		struct vs_prefix d;
		enum vs_target tk;
		const char *tid;
		bool bh;

		switch (gen_below(g->r, 7)) {
		case 0:
			d = p4(gv->sbase[gen_below(g->r, gv->n_sub)], 24);
			break;
		case 1:
			d = p4(ip4(203, 0, 113, 0), 24);
			break;
		case 2:
			d = p4(ip4(198, 51, 100, 0), 24);
			break;
		case 3:
			d = p4(ip4(54, 0, 0, 0), 8);
			break;
		case 4:
			e = rand_eni(g);
			d = e->v4[0].has_public
				? p4((uint32_t)e->v4[0].pub.lo, 32)
				: p4(ip4(52, 0, 0, 0), 8);
			break;
		case 5:
			d = p4(ov->base4, 16);
			break;
		default:
			d = p4(ip4(128, 0, 0, 0), 1);
			break;
		}
		if (rand_target(g, v, &tk, &tid, &bh))
			add_route(g, rt, cap, d, tk, tid, bh);
	}
}

/* Does any table already name subnet id explicitly? */
static bool
rtb_has_assoc(const struct vs_topo *t, const char *subnet)
{
	uint32_t i, m;
	for (i = 0; i < t->n[VS_K_RTB]; i++)
		for (m = 0; m < t->rtbs[i].n_assocs; m++)
			if (t->rtbs[i].assocs[m].subnet_id != NULL &&
			    strcmp(t->rtbs[i].assocs[m].subnet_id, subnet) == 0)
				return true;
	return false;
}

static void
rtb_assoc(struct gen *g, struct vs_rtb *rt, const char *id, bool main,
    const char *subnet)
{
	size_t cap = rt->n_assocs;
	struct vs_rtb_assoc *a;

	rt->assocs = vs_arena_grow(g->t->arena, rt->assocs, sizeof(*rt->assocs),
	    &cap, rt->n_assocs + 1u);
	a = &rt->assocs[rt->n_assocs++];
	memset(a, 0, sizeof(*a));
	a->id = S(g, id);
	a->main = main;
	a->subnet_id = subnet;
}

/* The main table (first), then explicit associations for some subnets;
 * the NAT gateway's subnet gets the public table when there is one. */
static void
rtb_assocs(struct gen *g, uint32_t v, int public_rtb)
{
	const struct gvpc *gv = &g->v[v];
	uint32_t k, j, i;
	char id[64];

	for (k = 0; k < gv->n_rtb; k++) {
		struct vs_rtb *rt = NULL;
		for (i = 0; i < g->t->n[VS_K_RTB]; i++)
			if (strcmp(g->t->rtbs[i].id, gv->rtb[k]) == 0)
				rt = &g->t->rtbs[i];
		if (rt == NULL)
			continue;
		if (k == 0) {
			snprintf(id, sizeof(id), "rtbassoc-main%u", v + 1);
			rtb_assoc(g, rt, id, true, NULL);
		}
		for (j = 0; j < gv->n_sub; j++) {
			const char *sid = sub_at(g, gv->sub[j])->id;
			bool want;
			if ((int)k == public_rtb)
				want = j == gv->nat_sub;
			else if (public_rtb >= 0 && j == gv->nat_sub)
				want = false;
			else
				want = gen_pct(g->r,
				    k == 0 ? 10 : 100 / (gv->n_rtb + 1));
			if (!want || rtb_has_assoc(g->t, sid))
				continue;
			snprintf(id, sizeof(id), "rtbassoc-%u%u%u", v + 1, k,
			    j + 1);
			rtb_assoc(g, rt, id, false, sid);
		}
	}
}

static void
make_rtbs(struct gen *g)
{
	uint32_t v, k, i;
	char id[64];

	for (v = 0; v < g->n_vpc; v++) {
		struct gvpc *gv = &g->v[v];
		const struct vs_vpc *x = &g->t->vpcs[v];
		int public_rtb = -1;

		gv->n_rtb = 1u + gen_below(g->r, MAX_RTB - 1);
		if (gv->nat && gv->igw && gen_pct(g->r, 85))
			public_rtb = (int)gv->n_rtb++;
		for (k = 0; k < gv->n_rtb; k++) {
			struct vs_rtb *rt = vs_topo_add(g->t, VS_K_RTB);
			size_t cap = 0;

			snprintf(id, sizeof(id), "rtb-0%u%u", v + 1, k);
			rt->id = gv->rtb[k] = S(g, id);
			rt->vpc_id = x->id;
			rt->owner = OWNER;
			for (i = 0; i < x->n_cidrs; i++)
				add_route(g, rt, &cap, x->cidrs[i],
				    VS_TGT_LOCAL, "local", false);
			rtb_defaults(g, v, rt, &cap, k, (int)k == public_rtb,
			    public_rtb >= 0);
			rtb_peer(g, v, rt, &cap);
			rtb_extra(g, v, rt, &cap);
		}
		rtb_assocs(g, v, public_rtb);
	}
}

/* ---- endpoints for queries ---- */

static void
add_ep(struct gen_world *w, const char *text, int eni, bool v6, bool addr,
    bool priv)
{
	struct gen_ep *e;
	if (w->n_ep >= GEN_MAX_EP)
		return;
	e = &w->ep[w->n_ep++];
	memset(e, 0, sizeof(*e));
	e->text = text;
	e->eni = eni;
	e->v6 = v6;
	e->addr = addr;
	e->priv = priv;
}

static void
make_endpoints(struct gen *g, struct gen_world *w)
{
	char buf[VS_ADDR_STRLEN];
	uint32_t i, k;

	for (i = 0; i < g->n_eni; i++) {
		const struct vs_eni *e = &g->t->enis[g->eni[i]];
		int ix = (int)g->eni[i];
		add_ep(w, e->id, ix, false, false, false);
		for (k = 0; k < e->n_v4; k++) {
			add_ep(w, S(g, vs_addr_fmt(&e->v4[k].priv, buf)), ix,
			    false, true, true);
			if (e->v4[k].has_public)
				add_ep(w, S(g, vs_addr_fmt(&e->v4[k].pub, buf)),
				    ix, false, true, false);
		}
		if (e->n_v6 > 0)
			add_ep(w, S(g, vs_addr_fmt(&e->v6[0], buf)), ix, true,
			    true, false);
	}
	for (i = 0; i < g->t->n[VS_K_INSTANCE]; i++) {
		const struct vs_instance *in = &g->t->instances[i];
		int prim = -1;
		for (k = 0; k < g->n_eni; k++) {
			const struct vs_eni *e = &g->t->enis[g->eni[k]];
			if (e->instance_id &&
			    strcmp(e->instance_id, in->id) == 0 &&
			    e->device_index == 0)
				prim = (int)g->eni[k];
		}
		add_ep(w, in->id, prim, false, false, false);
	}
	/* the services nobody filters: DNS (also VPC base + 2), metadata,
	 * Time Sync */
	k = w->n_ep;
	add_ep(w, "169.254.169.253", -1, false, true, true);
	add_ep(w, "169.254.169.254", -1, false, true, true);
	add_ep(w, "169.254.169.123", -1, false, true, true);
	add_ep(w, "fd00:ec2::253", -1, true, true, true);
	add_ep(w, "fd00:ec2::254", -1, true, true, true);
	add_ep(w, "fd00:ec2::123", -1, true, true, true);
	for (i = 0; i < g->n_vpc; i++) {
		struct vs_addr a = a4(g->v[i].base4 + 2u);
		add_ep(w, S(g, vs_addr_fmt(&a, buf)), -1, false, true, true);
	}
	for (; k < w->n_ep; k++)
		w->ep[k].service = true;
	add_ep(w, "internet", -1, false, false, false);
	add_ep(w, "internet", -1, false, false, false);
	add_ep(w, "203.0.113.7", -1, false, true, false);
	add_ep(w, "198.51.100.77", -1, false, true, false);
	add_ep(w, "2001:db8::77", -1, true, true, false);
	add_ep(w, "2001:db8:1::1", -1, true, true, false);
}

/* ---- the whole topology ---- */

int
gen_topo(struct gen_rng *r, struct gen_world *w)
{
	struct gen g;
	struct vs_diags *d;
	int rc;

	memset(w, 0, sizeof(*w));
	memset(&g, 0, sizeof(g));
	g.r = r;
	g.t = w->t = vs_topo_new();
	make_vpcs(&g);
	make_igws(&g);
	make_nats(&g);
	make_pcx(&g);
	make_sgs(&g);
	make_enis(&g);
	fill_sgs(&g);
	make_nacls(&g);
	make_rtbs(&g);
	make_endpoints(&g, w);
	d = vs_diags_new();
	rc = vs_topo_finish(g.t, d);
	w->warnings = vs_diags_warnings(d);
	vs_diags_free(&d);
	return rc;
}

void
gen_world_free(struct gen_world *w)
{
	vs_topo_free(&w->t);
	w->n_ep = 0;
}

/* ---- queries ---- */

static const struct gen_ep *
pick_ep(struct gen_rng *r, const struct gen_world *w, bool six, bool from)
{
	uint32_t tries;
	for (tries = 0; tries < 100; tries++) {
		const struct gen_ep *e = &w->ep[gen_below(r, w->n_ep)];
		if (e->addr && e->v6 != six)
			continue;
		if (e->service && (from || !gen_pct(r, 30)))
			continue;
		return e;
	}
	return &w->ep[w->n_ep - 6u]; /* internet */
}

void
gen_query(struct gen_rng *r, const struct gen_world *w, struct vs_query *q)
{
	static const unsigned bounds[] = {0, 1024, 1025, 5000, 32767, 32768,
	    40000, 49151, 49152, 50000, 60999, 61000, 65535};
	const size_t nb = sizeof(bounds) / sizeof(bounds[0]);
	const struct gen_ep *from, *to = NULL;
	uint32_t k, tries;
	bool six = gen_pct(r, 15);

	memset(q, 0, sizeof(*q));
	q->port = q->src_port = q->icmp_type = q->icmp_code = -1;
	q->ipv6 = six;
	from = pick_ep(r, w, six, true);
	for (tries = 0; tries < 50; tries++) {
		to = pick_ep(r, w, six, false);
		if (to->eni >= 0 && to->eni == from->eni)
			continue;
		if (from->eni < 0 && to->priv)
			continue;
		if (from->eni < 0 && to->eni < 0 && !gen_pct(r, 3))
			continue;
		break;
	}
	q->from = from->text;
	q->to = to->text;
	k = gen_below(r, 100);
	if (k < 45)
		q->proto = VS_PROTO_TCP;
	else if (k < 66)
		q->proto = VS_PROTO_UDP;
	else if (k < 96)
		q->proto = six ? VS_PROTO_ICMPV6 : VS_PROTO_ICMP;
	else
		q->proto = gen_pct(r, 50) ? 47 : 50; /* GRE, ESP */
	if (vs_proto_has_ports(q->proto)) {
		if (gen_pct(r, 85))
			q->port = query_ports[gen_below(r,
			    sizeof(query_ports) / sizeof(query_ports[0]))];
		else
			q->port = (int)(1u + gen_below(r, 65535));
		if (gen_pct(r, 15)) {
			unsigned a = bounds[gen_below(r, (uint32_t)nb)];
			unsigned b = bounds[gen_below(r, (uint32_t)nb)];
			if (a == 0)
				a = 1;
			if (b == 0)
				b = 1;
			q->has_client_ports = true;
			q->client_ports =
			    a < b ? vs_prange(a, b) : vs_prange(b, a);
		} else if (gen_pct(r, 5)) {
			q->src_port =
			    (int)bounds[1u + gen_below(r, (uint32_t)nb - 1u)];
		}
	} else if (gen_pct(r, 30)) {
		static const int types4[] = {8, 13, 3, 11, 0};
		static const int types6[] = {128, 1, 129};
		q->icmp_type =
		    six ? types6[gen_below(r, 3)] : types4[gen_below(r, 5)];
		q->icmp_code = 0;
	}
}

char *
gen_query_str(const struct vs_query *q, char *buf, size_t n)
{
	char proto[8], extra[96] = "";
	size_t used = 0;

	if (q->port >= 0)
		used += (size_t)snprintf(extra + used, sizeof(extra) - used,
		    " --port %d", q->port);
	if (q->src_port >= 0)
		used += (size_t)snprintf(extra + used, sizeof(extra) - used,
		    " --src-port %d", q->src_port);
	if (q->has_client_ports)
		used += (size_t)snprintf(extra + used, sizeof(extra) - used,
		    " --client-ports %u-%u", q->client_ports.lo,
		    q->client_ports.hi);
	if (q->icmp_type >= 0)
		used += (size_t)snprintf(extra + used, sizeof(extra) - used,
		    " --icmp-type %d --icmp-code %d", q->icmp_type,
		    q->icmp_code);
	if (q->ipv6)
		snprintf(extra + used, sizeof(extra) - used, " --ipv6");
	snprintf(buf, n, "--from %s --to %s --protocol %s%s", q->from, q->to,
	    vs_proto_name(q->proto, proto), extra);
	return buf;
}

/* ---- dump ---- */

static const char *
pfx(const struct vs_prefix *p, char *buf)
{
	return vs_prefix_fmt(p, buf);
}

static void
dump_sg_rule(FILE *f, const struct vs_sg_rule *r)
{
	char b[VS_PFX_STRLEN], pr[8];
	fprintf(f, "    %s %s %d..%d %s\n", r->egress ? "out" : "in ",
	    vs_proto_name(r->proto, pr), r->from, r->to,
	    r->kind == VS_PEER_CIDR ? pfx(&r->cidr, b) : r->ref);
}

static void
dump_entry(FILE *f, const struct vs_nacl_entry *e)
{
	char b[VS_PFX_STRLEN], pr[8];
	fprintf(f, "    %s %5u %-5s %-6s", e->egress ? "out" : "in ", e->rule,
	    e->allow ? "allow" : "deny", vs_proto_name(e->proto, pr));
	if (e->has_ports)
		fprintf(f, " %u-%u", e->ports.lo, e->ports.hi);
	if (e->has_icmp)
		fprintf(f, " type %d code %d", e->icmp_type, e->icmp_code);
	fprintf(f, " %s\n", pfx(&e->cidr, b));
}

void
gen_dump(FILE *f, const struct vs_topo *t)
{
	char b[VS_PFX_STRLEN], c[VS_ADDR_STRLEN];
	uint32_t i, j;

	for (i = 0; i < t->n[VS_K_VPC]; i++) {
		const struct vs_vpc *v = &t->vpcs[i];
		fprintf(f, "vpc %s", v->id);
		for (j = 0; j < v->n_cidrs; j++)
			fprintf(f, " %s", pfx(&v->cidrs[j], b));
		fprintf(f, "\n");
	}
	for (i = 0; i < t->n[VS_K_SUBNET]; i++) {
		const struct vs_subnet *s = &t->subnets[i];
		fprintf(f, "subnet %s %s %s", s->id, s->vpc_id,
		    pfx(&s->cidr4, b));
		for (j = 0; j < s->n_cidr6; j++)
			fprintf(f, " %s", pfx(&s->cidr6[j], b));
		fprintf(f, "\n");
	}
	for (i = 0; i < t->n[VS_K_IGW]; i++) {
		const struct vs_igw *w = &t->igws[i];
		fprintf(f, "igw %s", w->id);
		for (j = 0; j < w->n_att; j++)
			fprintf(f, " %s(%s)", w->att[j].vpc_id,
			    w->att[j].state ? w->att[j].state : "-");
		fprintf(f, "\n");
	}
	for (i = 0; i < t->n[VS_K_NATGW]; i++) {
		const struct vs_natgw *n = &t->natgws[i];
		fprintf(f, "nat %s %s %s %s %s", n->id, n->subnet_id, n->state,
		    n->private_nat ? "private" : "public",
		    vs_addr_fmt(&n->addrs[0].priv, c));
		if (n->addrs[0].has_public)
			fprintf(f, " eip %s", vs_addr_fmt(&n->addrs[0].pub, c));
		fprintf(f, "\n");
	}
	for (i = 0; i < t->n[VS_K_PCX]; i++) {
		const struct vs_pcx *p = &t->pcxs[i];
		fprintf(f, "pcx %s %s %s <-> %s\n", p->id, p->status,
		    p->req.vpc_id, p->acc.vpc_id);
	}
	for (i = 0; i < t->n[VS_K_ENI]; i++) {
		const struct vs_eni *e = &t->enis[i];
		fprintf(f, "eni %s %s", e->id, e->subnet_id);
		for (j = 0; j < e->n_v4; j++) {
			fprintf(f, " %s", vs_addr_fmt(&e->v4[j].priv, c));
			if (e->v4[j].has_public)
				fprintf(f, " pub %s",
				    vs_addr_fmt(&e->v4[j].pub, c));
		}
		for (j = 0; j < e->n_v6; j++)
			fprintf(f, " %s", vs_addr_fmt(&e->v6[j], c));
		fprintf(f, " groups");
		for (j = 0; j < e->n_groups; j++)
			fprintf(f, " %s", e->group_ids[j]);
		if (e->instance_id)
			fprintf(f, " inst %s/%d", e->instance_id,
			    e->device_index);
		fprintf(f, "\n");
	}
	for (i = 0; i < t->n[VS_K_INSTANCE]; i++) {
		const struct vs_instance *in = &t->instances[i];
		fprintf(f, "instance %s %s %s\n", in->id, in->state,
		    in->windows ? "windows" : "linux");
	}
	for (i = 0; i < t->n[VS_K_SG]; i++) {
		const struct vs_sg *s = &t->sgs[i];
		fprintf(f, "sg %s %s\n", s->id, s->vpc_id);
		for (j = 0; j < s->n_rules; j++)
			dump_sg_rule(f, &s->rules[j]);
	}
	for (i = 0; i < t->n[VS_K_NACL]; i++) {
		const struct vs_nacl *n = &t->nacls[i];
		fprintf(f, "nacl %s %s%s assoc", n->id, n->vpc_id,
		    n->is_default ? " default" : "");
		for (j = 0; j < n->n_assocs; j++)
			fprintf(f, " %s", n->assocs[j].subnet_id);
		fprintf(f, "\n");
		for (j = 0; j < n->n_entries; j++)
			dump_entry(f, &n->entries[j]);
	}
	for (i = 0; i < t->n[VS_K_RTB]; i++) {
		const struct vs_rtb *rt = &t->rtbs[i];
		fprintf(f, "rtb %s %s assoc", rt->id, rt->vpc_id);
		for (j = 0; j < rt->n_assocs; j++)
			fprintf(f, " %s",
			    rt->assocs[j].main ? "main"
					       : rt->assocs[j].subnet_id);
		fprintf(f, "\n");
		for (j = 0; j < rt->n_routes; j++) {
			const struct vs_route *r = &rt->routes[j];
			fprintf(f, "    %s -> %s%s\n", pfx(&r->dst, b),
			    r->target_id,
			    r->state == VS_RS_BLACKHOLE ? " (blackhole)" : "");
		}
	}
}
