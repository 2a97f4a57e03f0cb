/*
 * reach.c - port intervals, internet address classes, reach and diff (see
 * reach.h).
 */
#include "reach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "mem.h"

/* ---- sets of boundaries ---- */

/* Sorted distinct uint32 values (port or ICMP type boundaries). */
struct bset {
	uint32_t *v;
	size_t n, cap;
	uint32_t min, max; /* the domain: boundaries outside are dropped */
};

static bool
bset_add(struct bset *b, uint32_t x)
{
	size_t lo = 0, hi = b->n;

	if (x < b->min || x > b->max)
		return false;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (b->v[mid] == x)
			return false;
		if (b->v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	b->v = vs_xgrow(b->v, sizeof(*b->v), &b->cap, b->n + 1);
	memmove(&b->v[lo + 1], &b->v[lo], (b->n - lo) * sizeof(*b->v));
	b->v[lo] = x;
	b->n++;
	return true;
}

/* Components whose rules a trace consulted: (kind, index, egress). */
struct comp {
	uint8_t kind; /* 0 SG of an interface, 1 network ACL */
	bool egress;
	vs_idx idx;
};

struct cset {
	struct comp *v;
	size_t n, cap;
};

static bool
cset_add(struct cset *c, struct comp x)
{
	size_t i;
	for (i = 0; i < c->n; i++)
		if (c->v[i].kind == x.kind && c->v[i].egress == x.egress &&
		    c->v[i].idx == x.idx)
			return false;
	c->v = vs_xgrow(c->v, sizeof(*c->v), &c->cap, c->n + 1);
	c->v[c->n++] = x;
	return true;
}

static bool
proto_applies(int rule_proto, int proto)
{
	return rule_proto == proto || rule_proto == VS_PROTO_ALL;
}

/* Add the port/type boundaries the rules of one component draw. */
static bool
bounds_of(const struct vs_topo *t, const struct comp *c, int proto,
    struct bset *b)
{
	bool grew = false;
	uint32_t i, j;

	if (c->kind == 0) {
		const struct vs_eni *e = &t->enis[c->idx];
		for (i = 0; i < e->n_groups; i++) {
			const struct vs_sg *g;
			if (e->groups[i] == VS_NONE)
				continue;
			g = &t->sgs[e->groups[i]];
			for (j = 0; j < g->n_rules; j++) {
				const struct vs_sg_rule *r = &g->rules[j];
				if (r->egress != c->egress || r->proto != proto)
					continue;
				if (vs_proto_has_ports(proto)) {
					grew |= bset_add(b, (uint32_t)r->from);
					grew |=
					    bset_add(b, (uint32_t)r->to + 1u);
				} else if (vs_proto_is_icmp(proto) &&
					   r->from >= 0) {
					grew |= bset_add(b, (uint32_t)r->from);
					grew |=
					    bset_add(b, (uint32_t)r->from + 1u);
				}
			}
		}
		return grew;
	}
	{
		const struct vs_nacl *n = &t->nacls[c->idx];
		for (i = 0; i < n->n_entries; i++) {
			const struct vs_nacl_entry *e = &n->entries[i];
			if (e->egress != c->egress ||
			    !proto_applies(e->proto, proto) ||
			    e->proto == VS_PROTO_ALL)
				continue;
			if (vs_proto_has_ports(proto) && e->has_ports) {
				grew |= bset_add(b, e->ports.lo);
				grew |= bset_add(b, (uint32_t)e->ports.hi + 1u);
			} else if (vs_proto_is_icmp(proto) && e->has_icmp &&
				   e->icmp_type >= 0) {
				grew |= bset_add(b, (uint32_t)e->icmp_type);
				grew |=
				    bset_add(b, (uint32_t)e->icmp_type + 1u);
			}
		}
	}
	return grew;
}

static uint32_t
domain_end(int proto)
{
	if (vs_proto_has_ports(proto))
		return 65536;
	if (vs_proto_is_icmp(proto))
		return 256;
	return 1;
}

/* vs_reach_pair over the ports (or ICMP types) lo..hi only. */
static int
reach_pair_in(const struct vs_topo *t, const char *from, const char *to,
    int proto, bool ipv6, uint32_t lo, uint32_t hi, struct vs_arena *a,
    struct vs_pmap *out, char *err, size_t errlen)
{
	struct bset b = {NULL, 0, 0, lo, hi + 1u};
	struct cset cs = {NULL, 0, 0};
	struct vs_query q;
	enum vs_verdict *v = NULL;
	uint32_t round, i, traces = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	bset_add(&b, lo);
	bset_add(&b, hi + 1u);
	if (vs_proto_is_icmp(proto)) {
		/* requests with replies each get an interval of their own */
		static const uint32_t with_reply[] = {8, 13, 15, 17, 128};
		for (i = 0; i < 5; i++) {
			bset_add(&b, with_reply[i]);
			bset_add(&b, with_reply[i] + 1);
		}
	}
	memset(&q, 0, sizeof(q));
	q.from = from;
	q.to = to;
	q.proto = proto;
	q.ipv6 = ipv6;
	q.src_port = -1;
	q.icmp_code = -1;
	q.quiet = true; /* verdicts and hops only */
	/*
	 * Each round traces one port per interval of the current boundaries
	 * (a copy: rules found on the way add boundaries for the next
	 * round).  A round that finds no new rule settles the answer; every
	 * other round adds at least one rule of a finite set, so the loop
	 * ends.
	 */
	for (round = 0;; round++) {
		bool grew = false;
		uint32_t *pts;
		size_t np = b.n;
		if (round > 100000) {
			snprintf(err, errlen, "port intervals did not settle");
			rc = -1;
			goto done;
		}
		pts = vs_arena_memdup(a, b.v, sizeof(*b.v) * np);
		v = vs_arena_alloc(a, sizeof(*v) * np);
		for (i = 0; i + 1 < np; i++) {
			struct vs_arena_mark m = vs_arena_mark(a);
			struct vs_trace tr;
			uint32_t h;
			q.port = vs_proto_has_ports(proto) ? (int)pts[i] : -1;
			q.icmp_type =
			    vs_proto_is_icmp(proto) ? (int)pts[i] : -1;
			if (vs_trace_run(t, &q, a, &tr, err, errlen) != 0) {
				vs_arena_reset(a, m);
				rc = -1;
				goto done;
			}
			traces++;
			v[i] = tr.verdict;
			for (h = 0; h < tr.fwd.n_hops; h++) {
				const struct vs_hop *hp = &tr.fwd.hops[h];
				struct comp c;
				if (hp->obj == VS_NONE)
					continue;
				if (hp->comp == VS_C_SG && hp->rk == VS_RK_SG)
					c.kind = 0;
				else if (hp->comp == VS_C_NACL)
					c.kind = 1;
				else
					continue;
				c.egress = hp->dir == VS_DIR_EGRESS;
				c.idx = hp->obj;
				if (cset_add(&cs, c))
					grew |= bounds_of(t, &c, proto, &b);
			}
			vs_arena_reset(a, m);
		}
		if (!grew)
			break;
	}
	/* merge neighbours with the same verdict */
	out->iv = vs_arena_alloc(a, sizeof(*out->iv) * b.n);
	for (i = 0; i + 1 < b.n; i++) {
		if (out->n > 0 && out->iv[out->n - 1].v == v[i]) {
			out->iv[out->n - 1].r.hi = (uint16_t)(b.v[i + 1] - 1u);
			continue;
		}
		out->iv[out->n].r = vs_prange(b.v[i], b.v[i + 1] - 1u);
		out->iv[out->n].v = v[i];
		out->n++;
	}
	out->traces = traces;
done:
	free(b.v);
	free(cs.v);
	return rc;
}

int
vs_reach_pair(const struct vs_topo *t, const char *from, const char *to,
    int proto, bool ipv6, struct vs_arena *a, struct vs_pmap *out, char *err,
    size_t errlen)
{
	return reach_pair_in(t, from, to, proto, ipv6, 0,
	    domain_end(proto) - 1u, a, out, err, errlen);
}

/* ---- 128-bit address intervals (IPv4 in the low 32 bits) ---- */

struct u128 {
	uint64_t hi, lo;
};

static int
u_cmp(struct u128 a, struct u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

static struct u128
u_add1(struct u128 a)
{
	a.lo++;
	if (a.lo == 0)
		a.hi++;
	return a;
}

static struct u128
u_sub1(struct u128 a)
{
	if (a.lo == 0)
		a.hi--;
	a.lo--;
	return a;
}

struct aset {
	struct u128 *v;
	size_t n, cap;
};

static void
aset_add(struct aset *s, struct u128 x)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = u_cmp(s->v[mid], x);
		if (c == 0)
			return;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	s->v = vs_xgrow(s->v, sizeof(*s->v), &s->cap, s->n + 1);
	memmove(&s->v[lo + 1], &s->v[lo], (s->n - lo) * sizeof(*s->v));
	s->v[lo] = x;
	s->n++;
}

static struct u128
pfx_start(const struct vs_prefix *p)
{
	struct u128 u = {p->addr.hi, p->addr.lo};
	return u;
}

static struct u128
pfx_after(const struct vs_prefix *p)
{
	struct vs_addr l = vs_prefix_last(p);
	struct u128 u = {l.hi, l.lo};
	return u_add1(u);
}

static void
aset_prefix(struct aset *s, const struct vs_prefix *p, int af)
{
	if (p->addr.af != af)
		return;
	aset_add(s, pfx_start(p));
	aset_add(s, pfx_after(p));
}

/* Ranges that never cross an internet gateway, per family. */
static const char *const not_internet4[] = {"0.0.0.0/8", "10.0.0.0/8",
    "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.168.0.0/16", "224.0.0.0/3", NULL};
static const char *const not_internet6[] = {"::/3", "4000::/2", "8000::/1",
    NULL}; /* everything but 2000::/3, the global unicast range */

static bool
excluded(struct u128 x, int af)
{
	const char *const *list = af == VS_AF4 ? not_internet4 : not_internet6;
	struct vs_addr a = {x.hi, x.lo, (uint8_t)af};
	struct vs_prefix p;
	int i;

	for (i = 0; list[i]; i++) {
		vs_prefix_parse(list[i], strlen(list[i]), af, &p);
		if (vs_prefix_contains(&p, &a))
			return true;
	}
	return false;
}

/* Address boundaries drawn by the rules of an interface and its subnet. */
static void
pl_bounds(const struct vs_topo *t, vs_idx pl, int af, struct aset *s)
{
	uint32_t k;
	for (k = 0; k < t->pls[pl].n_entries; k++)
		aset_prefix(s, &t->pls[pl].entries[k], af);
}

/* The destinations of every route of every route table of a VPC. */
static void
route_bounds_vpc(const struct vs_topo *t, vs_idx vpc, int af, struct aset *s)
{
	uint32_t i, j;

	for (i = 0; i < t->n[VS_K_RTB]; i++) {
		const struct vs_rtb *r = &t->rtbs[i];
		if (r->vpc != vpc)
			continue;
		for (j = 0; j < r->n_routes; j++) {
			if (!r->routes[j].to_pl)
				aset_prefix(s, &r->routes[j].dst, af);
			else if (r->routes[j].pl_idx != VS_NONE)
				pl_bounds(t, r->routes[j].pl_idx, af, s);
		}
	}
}

static void
address_bounds(const struct vs_topo *t, vs_idx eni, int af, struct aset *s)
{
	const struct vs_eni *e = &t->enis[eni];
	uint32_t i, j, k;

	for (i = 0; i < e->n_groups; i++) {
		const struct vs_sg *g;
		if (e->groups[i] == VS_NONE)
			continue;
		g = &t->sgs[e->groups[i]];
		for (j = 0; j < g->n_rules; j++) {
			const struct vs_sg_rule *r = &g->rules[j];
			if (r->kind == VS_PEER_CIDR)
				aset_prefix(s, &r->cidr, af);
			else if (r->kind == VS_PEER_PL && r->ref_idx != VS_NONE)
				for (k = 0; k < t->pls[r->ref_idx].n_entries;
				     k++)
					aset_prefix(s,
					    &t->pls[r->ref_idx].entries[k], af);
		}
	}
	if (e->subnet != VS_NONE && t->subnets[e->subnet].nacl != VS_NONE) {
		const struct vs_nacl *n = &t->nacls[t->subnets[e->subnet].nacl];
		for (i = 0; i < n->n_entries; i++)
			aset_prefix(s, &n->entries[i].cidr, af);
	}
	/*
	 * Routes decide where replies to an internet host go: every route
	 * table of the interface's VPC, and with a transit gateway every
	 * table of the VPCs it reaches and of the gateway itself.
	 */
	if (e->vpc == VS_NONE)
		return;
	route_bounds_vpc(t, e->vpc, af, s);
	for (i = 0; i < t->n[VS_K_TGW_ATTACH]; i++) {
		vs_idx gw = t->tgw_attaches[i].tgw;
		if (t->tgw_attaches[i].vpc != e->vpc || gw == VS_NONE)
			continue;
		for (j = 0; j < t->n[VS_K_TGW_ATTACH]; j++)
			if (t->tgw_attaches[j].tgw == gw &&
			    t->tgw_attaches[j].vpc != VS_NONE &&
			    t->tgw_attaches[j].vpc != e->vpc)
				route_bounds_vpc(t, t->tgw_attaches[j].vpc, af,
				    s);
		for (j = 0; j < t->n[VS_K_TGW_RTB]; j++) {
			const struct vs_tgw_rtb *r = &t->tgw_rtbs[j];
			if (r->tgw != gw)
				continue;
			for (k = 0; k < r->n_routes; k++) {
				if (!r->routes[k].to_pl)
					aset_prefix(s, &r->routes[k].dst, af);
				else if (r->routes[k].pl_idx != VS_NONE)
					pl_bounds(t, r->routes[k].pl_idx, af,
					    s);
			}
		}
	}
}

/* The internet classes: intervals [v[i], v[i+1]) not excluded. */
static void
internet_classes(struct aset *s, int af)
{
	const char *const *list = af == VS_AF4 ? not_internet4 : not_internet6;
	struct vs_prefix p;
	struct u128 zero = {0, 0}, top;
	int i;

	for (i = 0; list[i]; i++) {
		vs_prefix_parse(list[i], strlen(list[i]), af, &p);
		aset_prefix(s, &p, af);
	}
	aset_add(s, zero);
	if (af == VS_AF4) {
		top.hi = 0;
		top.lo = (uint64_t)1 << 32;
	} else {
		/* 2^128 does not fit: the last class ends at the top */
		top.hi = top.lo = ~(uint64_t)0;
	}
	aset_add(s, top);
}

/* Append the CIDR blocks covering [a, b] (inclusive). */
static void
cidrs_of(struct vs_arena *ar, struct u128 a, struct u128 b, int af,
    struct vs_prefix **v, uint32_t *n, size_t *cap)
{
	unsigned bits = af == VS_AF4 ? 32 : 128;

	while (u_cmp(a, b) <= 0) {
		unsigned len = bits;
		struct vs_addr ad = {a.hi, a.lo, (uint8_t)af};
		/* the largest aligned block starting at a inside [a, b] */
		while (len > 0) {
			struct vs_prefix p = vs_prefix_make(&ad, len - 1);
			struct vs_addr last;
			struct u128 lu;
			if (!vs_addr_eq(&p.addr, &ad))
				break;
			last = vs_prefix_last(&p);
			lu.hi = last.hi;
			lu.lo = last.lo;
			if (u_cmp(lu, b) > 0)
				break;
			len--;
		}
		*v = vs_arena_grow(ar, *v, sizeof(**v), cap, *n + 1u);
		(*v)[*n] = vs_prefix_make(&ad, len);
		(*n)++;
		{
			struct vs_addr last = vs_prefix_last(&(*v)[*n - 1]);
			struct u128 lu = {last.hi, last.lo};
			if (af == VS_AF6 && lu.hi == ~(uint64_t)0 &&
			    lu.lo == ~(uint64_t)0)
				break;
			a = u_add1(lu);
		}
	}
}

/* A representative address of [lo, hi) that the snapshot does not use
 * as a public address (so it stays an internet host). */
static bool
representative(const struct vs_topo *t, struct u128 lo, struct u128 hi, int af,
    char *buf)
{
	int k;

	for (k = 0; k < 64 && u_cmp(lo, hi) < 0; k++, lo = u_add1(lo)) {
		struct vs_addr a = {lo.hi, lo.lo, (uint8_t)af};
		if (vs_topo_eni_by_public(t, &a) != VS_NONE)
			continue;
		vs_addr_fmt(&a, buf);
		return true;
	}
	return false;
}

bool
vs_reach_all_internet(const struct vs_prefix *c, uint32_t n)
{
	uint64_t total = 0, excl = 0;
	uint32_t i;
	struct vs_prefix p;

	for (i = 0; i < n; i++) {
		if (c[i].addr.af != VS_AF4)
			return false;
		total += (uint64_t)1 << (32 - c[i].len);
	}
	for (i = 0; not_internet4[i]; i++) {
		vs_prefix_parse(not_internet4[i], strlen(not_internet4[i]),
		    VS_AF4, &p);
		excl += (uint64_t)1 << (32 - p.len);
	}
	/* the blocks never overlap and never touch an excluded range */
	return total == ((uint64_t)1 << 32) - excl;
}

/* ---- reach ---- */

static const int reach_protos[] = {VS_PROTO_TCP, VS_PROTO_UDP, VS_PROTO_ICMP,
    VS_PROTO_ICMPV6};
#define N_PROTOS 4

/* Whether reach_protos[p] is asked over a family: ICMP over IPv4 only,
 * ICMPv6 over IPv6 only. */
static bool
proto_in_family(int p, bool ipv6)
{
	if (reach_protos[p] == VS_PROTO_ICMP)
		return !ipv6;
	if (reach_protos[p] == VS_PROTO_ICMPV6)
		return ipv6;
	return true;
}

/*
 * The IPv6 blocks of the snapshot's VPCs: no internet host has an address
 * in them.  With s, their edges are added as class boundaries; with x,
 * says whether x is in one.
 */
static bool
in_vpc_block6(const struct vs_topo *t, struct aset *s, const struct u128 *x)
{
	uint32_t v, k;

	for (v = 0; v < t->n[VS_K_VPC]; v++)
		for (k = 0; k < t->vpcs[v].n_cidrs; k++) {
			const struct vs_prefix *c = &t->vpcs[v].cidrs[k];
			struct vs_addr a;
			if (c->addr.af != VS_AF6)
				continue;
			if (s != NULL) {
				aset_prefix(s, c, VS_AF6);
				continue;
			}
			a.hi = x->hi;
			a.lo = x->lo;
			a.af = VS_AF6;
			if (vs_prefix_contains(c, &a))
				return true;
		}
	return false;
}

/* Is the class starting at x one whose hosts are on the internet? */
static bool
internet_class(const struct vs_topo *t, struct u128 x, int af)
{
	if (excluded(x, af))
		return false;
	return af == VS_AF4 || !in_vpc_block6(t, NULL, &x);
}

static void
add_row(struct vs_arena *a, struct vs_reach *out, size_t *cap,
    const struct vs_reach_row *r)
{
	out->rows = vs_arena_grow(a, out->rows, sizeof(*out->rows), cap,
	    out->n_rows + 1u);
	out->rows[out->n_rows++] = *r;
}

/* Rows (one per verdict other than unreachable) from a port map. */
static void
rows_from_pmap(struct vs_arena *a, struct vs_reach *out, size_t *cap,
    const struct vs_reach_row *base, const struct vs_pmap *m)
{
	static const enum vs_verdict order[] = {VS_REACHABLE, VS_PARTIAL,
	    VS_UNKNOWN};
	int k;
	uint32_t i;

	for (k = 0; k < 3; k++) {
		struct vs_reach_row r = *base;
		size_t pc = 0;
		r.verdict = order[k];
		r.ports = NULL;
		r.n_ports = 0;
		for (i = 0; i < m->n; i++) {
			if (m->iv[i].v != order[k])
				continue;
			r.ports = vs_arena_grow(a, r.ports, sizeof(*r.ports),
			    &pc, r.n_ports + 1u);
			r.ports[r.n_ports++] = m->iv[i].r;
		}
		if (r.n_ports > 0)
			add_row(a, out, cap, &r);
	}
}

static bool
same_pmap(const struct vs_pmap *x, const struct vs_pmap *y)
{
	uint32_t i;
	if (x->n != y->n)
		return false;
	for (i = 0; i < x->n; i++)
		if (x->iv[i].v != y->iv[i].v ||
		    x->iv[i].r.lo != y->iv[i].r.lo ||
		    x->iv[i].r.hi != y->iv[i].r.hi)
			return false;
	return true;
}

static bool
pmap_all(const struct vs_pmap *m, enum vs_verdict v)
{
	return m->n == 1 && m->iv[0].v == v;
}

/* Resolve an endpoint to an interface for reach; VS_NONE if it is not. */
static vs_idx
target_eni(const struct vs_topo *t, const char *s)
{
	enum vs_kind k;
	vs_idx i = vs_topo_find(t, s, &k);
	struct vs_addr a;
	uint32_t v;

	if (i != VS_NONE && k == VS_K_INSTANCE)
		return vs_topo_instance_primary(t, i);
	if (i != VS_NONE && k == VS_K_ENI)
		return i;
	if (vs_addr_parse(s, strlen(s), &a) != 0)
		return VS_NONE;
	for (v = 0; v < t->n[VS_K_VPC]; v++) {
		i = vs_topo_eni_by_private(t, v, &a);
		if (i != VS_NONE)
			return i;
	}
	return vs_topo_eni_by_public(t, &a);
}

/*
 * The blocks of the internet classes (host[j]) outside a row (in_row[j]):
 * runs of neighbouring classes as one range.
 */
static void
except_of(struct vs_arena *ar, const struct aset *s, const bool *host,
    const bool *in_row, int af, struct vs_prefix **v, uint32_t *n)
{
	size_t j = 0, k, cc = 0;

	while (j + 1 < s->n) {
		if (!host[j] || in_row[j]) {
			j++;
			continue;
		}
		for (k = j; k + 1 < s->n && host[k] && !in_row[k]; k++)
			;
		cidrs_of(ar, s->v[j], u_sub1(s->v[k]), af, v, n, &cc);
		j = k;
	}
}

/*
 * The internet classes of s that hold an internet host (of t, and of t2
 * when not NULL): host[i] says whether class i does, rep[i] names one.
 * Done once for all protocols.
 */
static void
class_hosts(const struct vs_topo *t, const struct vs_topo *t2,
    const struct aset *s, int af, struct vs_arena *a, bool **host, char ***rep)
{
	char buf[VS_ADDR_STRLEN];
	size_t i;

	*host = vs_arena_zalloc(a, sizeof(bool) * s->n);
	*rep = vs_arena_zalloc(a, sizeof(char *) * s->n);
	for (i = 0; i + 1 < s->n; i++)
		if (internet_class(t, s->v[i], af) &&
		    (t2 == NULL || internet_class(t2, s->v[i], af)) &&
		    representative(t, s->v[i], s->v[i + 1], af, buf)) {
			(*host)[i] = true;
			(*rep)[i] = vs_arena_strdup(a, buf);
		}
}

/* Rows for the internet hosts of family af that reach interface tgt:
 * address classes with the same answers share a row. */
static int
reach_internet(const struct vs_topo *t, vs_idx tgt, int af, struct vs_arena *a,
    struct vs_reach *out, size_t *cap, char *err, size_t errlen)
{
	struct aset s = {NULL, 0, 0};
	bool v6 = af == VS_AF6, *host;
	char **rep;
	size_t i, j;
	int p;

	address_bounds(t, tgt, af, &s);
	if (v6)
		in_vpc_block6(t, &s, NULL);
	internet_classes(&s, af);
	class_hosts(t, NULL, &s, af, a, &host, &rep);
	for (p = 0; p < N_PROTOS; p++) {
		struct vs_pmap *maps;
		bool *done, *in_row;
		if (!proto_in_family(p, v6))
			continue;
		maps = vs_arena_zalloc(a, sizeof(*maps) * s.n);
		done = vs_arena_zalloc(a, sizeof(bool) * s.n);
		in_row = vs_arena_zalloc(a, sizeof(bool) * s.n);
		for (i = 0; i + 1 < s.n; i++) {
			if (!host[i]) {
				done[i] = true;
				continue;
			}
			if (vs_reach_pair(t, rep[i], t->enis[tgt].id,
				reach_protos[p], v6, a, &maps[i], err,
				errlen) != 0) {
				free(s.v);
				return -1;
			}
			out->traces += maps[i].traces;
		}
		/* merge classes with the same answer */
		for (i = 0; i + 1 < s.n; i++) {
			struct vs_reach_row base;
			size_t cc = 0;
			if (done[i] || pmap_all(&maps[i], VS_UNREACHABLE))
				continue;
			memset(&base, 0, sizeof(base));
			memset(in_row, 0, sizeof(bool) * s.n);
			base.from = "internet";
			base.proto = reach_protos[p];
			base.ipv6 = v6;
			for (j = i; j + 1 < s.n; j++) {
				if (done[j] || !same_pmap(&maps[i], &maps[j]))
					continue;
				done[j] = in_row[j] = true;
				cidrs_of(a, s.v[j], u_sub1(s.v[j + 1]), af,
				    &base.cidrs, &base.n_cidrs, &cc);
			}
			except_of(a, &s, host, in_row, af, &base.except,
			    &base.n_except);
			base.all_internet = base.n_except == 0;
			rows_from_pmap(a, out, cap, &base, &maps[i]);
		}
	}
	free(s.v);
	return 0;
}

int
vs_reach_run(const struct vs_topo *t, const char *to, const char *from,
    struct vs_arena *a, struct vs_reach *out, char *err, size_t errlen)
{
	vs_idx tgt = target_eni(t, to), src = VS_NONE;
	size_t cap = 0;
	uint32_t e;
	int p;

	memset(out, 0, sizeof(*out));
	out->to = to;
	if (tgt == VS_NONE) {
		snprintf(err, errlen,
		    "--to must name an interface, an instance or an address an "
		    "interface holds; '%s' does not",
		    to);
		return -1;
	}
	out->to_desc = t->enis[tgt].id;
	if (from != NULL && strcmp(from, "internet") != 0) {
		src = target_eni(t, from);
		if (src == VS_NONE) {
			snprintf(err, errlen,
			    "--from must name an interface, an instance, an "
			    "address an interface holds, or 'internet'; '%s' "
			    "is none of these",
			    from);
			return -1;
		}
	}
	/* interfaces: over IPv4, then over IPv6 when both ends have it */
	for (e = 0; e < t->n[VS_K_ENI] && (from == NULL || src != VS_NONE);
	     e++) {
		int fam;
		if (e == tgt || (src != VS_NONE && e != src))
			continue;
		for (fam = 0; fam < 2; fam++) {
			bool v6 = fam == 1;
			if (v6 ? t->enis[e].n_v6 == 0 || t->enis[tgt].n_v6 == 0
			       : t->enis[e].n_v4 == 0 || t->enis[tgt].n_v4 == 0)
				continue;
			for (p = 0; p < N_PROTOS; p++) {
				struct vs_pmap m;
				struct vs_reach_row base;
				if (!proto_in_family(p, v6))
					continue;
				if (vs_reach_pair(t, t->enis[e].id,
					t->enis[tgt].id, reach_protos[p], v6, a,
					&m, err, errlen) != 0)
					return -1;
				out->traces += m.traces;
				if (pmap_all(&m, VS_UNREACHABLE))
					continue;
				memset(&base, 0, sizeof(base));
				base.from = t->enis[e].id;
				base.proto = reach_protos[p];
				base.ipv6 = v6;
				rows_from_pmap(a, out, &cap, &base, &m);
			}
		}
	}
	/* the internet, by address class: IPv4 to a public address, IPv6
	 * to the interface's own addresses */
	if (from == NULL || strcmp(from, "internet") == 0) {
		if (t->enis[tgt].n_v4 > 0 && t->enis[tgt].v4[0].has_public &&
		    reach_internet(t, tgt, VS_AF4, a, out, &cap, err, errlen) !=
			0)
			return -1;
		if (t->enis[tgt].n_v6 > 0 && reach_internet(t, tgt, VS_AF6, a,
						 out, &cap, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* ---- diff ---- */

static bool sg_rule_same(const struct vs_sg_rule *x,
    const struct vs_sg_rule *y);

/* Field by field: structs built by changes carry uninitialised padding. */
static bool
rules_equal(const struct vs_sg *x, const struct vs_sg *y)
{
	uint32_t i;

	if (x->n_rules != y->n_rules)
		return false;
	for (i = 0; i < x->n_rules; i++)
		if (!sg_rule_same(&x->rules[i], &y->rules[i]))
			return false;
	return true;
}

static bool
entry_same(const struct vs_nacl_entry *x, const struct vs_nacl_entry *y)
{
	return x->rule == y->rule && x->egress == y->egress &&
	       x->allow == y->allow && x->proto == y->proto &&
	       vs_prefix_cmp(&x->cidr, &y->cidr) == 0 &&
	       x->has_ports == y->has_ports &&
	       (!x->has_ports || (x->ports.lo == y->ports.lo &&
				     x->ports.hi == y->ports.hi)) &&
	       x->has_icmp == y->has_icmp &&
	       (!x->has_icmp || (x->icmp_type == y->icmp_type &&
				    x->icmp_code == y->icmp_code));
}

static bool
nacl_equal(const struct vs_nacl *x, const struct vs_nacl *y)
{
	uint32_t i;

	if (x->n_entries != y->n_entries)
		return false;
	for (i = 0; i < x->n_entries; i++)
		if (!entry_same(&x->entries[i], &y->entries[i]))
			return false;
	return true;
}

static bool
rtb_equal(const struct vs_rtb *x, const struct vs_rtb *y)
{
	uint32_t i;
	if (x->n_routes != y->n_routes)
		return false;
	for (i = 0; i < x->n_routes; i++) {
		const struct vs_route *a = &x->routes[i], *b = &y->routes[i];
		if (a->to_pl != b->to_pl || vs_prefix_cmp(&a->dst, &b->dst) ||
		    a->target != b->target || a->state != b->state ||
		    (a->target_id == NULL) != (b->target_id == NULL) ||
		    (a->target_id && strcmp(a->target_id, b->target_id)))
			return false;
	}
	return true;
}

static const char *
nacl_id(const struct vs_topo *t, vs_idx s)
{
	return t->subnets[s].nacl != VS_NONE ? t->nacls[t->subnets[s].nacl].id
					     : NULL;
}

static const char *
rtb_id(const struct vs_topo *t, vs_idx s)
{
	return t->subnets[s].rtb != VS_NONE ? t->rtbs[t->subnets[s].rtb].id
					    : NULL;
}

static bool
str_differ(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/*
 * Which flows a change can alter, by protocol and port: a change that only
 * edits security-group rules alters flows of those rules' protocols and
 * ports alone (a group's verdict for a port is the union of the rules
 * that match it; replies pass as tracked traffic).  A network ACL edit
 * alters its protocols at every port, since replies are checked against
 * the client's port.  Anything else (routes, associations, addresses,
 * group membership) may alter everything.
 */
struct footprint {
	bool on[N_PROTOS];
	uint32_t lo[N_PROTOS], hi[N_PROTOS]; /* inclusive hull */
};

static void
fp_full(struct footprint *fp, int pi)
{
	fp->on[pi] = true;
	fp->lo[pi] = 0;
	fp->hi[pi] = domain_end(reach_protos[pi]) - 1u;
}

static void
fp_all(struct footprint *fp)
{
	int pi;
	for (pi = 0; pi < N_PROTOS; pi++)
		fp_full(fp, pi);
}

/* A rule or entry of protocol proto, over ports lo..hi (ports: false
 * for every port) was added or removed. */
static void
fp_add(struct footprint *fp, int proto, bool ports, uint32_t lo, uint32_t hi)
{
	int pi;

	for (pi = 0; pi < N_PROTOS; pi++) {
		if (proto != VS_PROTO_ALL && proto != reach_protos[pi])
			continue;
		if (!ports || !vs_proto_has_ports(reach_protos[pi])) {
			fp_full(fp, pi);
			continue;
		}
		if (!fp->on[pi]) {
			fp->on[pi] = true;
			fp->lo[pi] = lo;
			fp->hi[pi] = hi;
		}
		if (lo < fp->lo[pi])
			fp->lo[pi] = lo;
		if (hi > fp->hi[pi])
			fp->hi[pi] = hi;
	}
}

static bool
sg_rule_same(const struct vs_sg_rule *x, const struct vs_sg_rule *y)
{
	return x->egress == y->egress && x->proto == y->proto &&
	       x->from == y->from && x->to == y->to &&
	       x->has_ports == y->has_ports && x->kind == y->kind &&
	       vs_prefix_cmp(&x->cidr, &y->cidr) == 0 &&
	       !str_differ(x->ref, y->ref) &&
	       !str_differ(x->ref_user, y->ref_user) &&
	       !str_differ(x->ref_vpc, y->ref_vpc) &&
	       !str_differ(x->ref_pcx, y->ref_pcx);
}

/* Rules of x that y lacks. */
static void
fp_sg_rules(struct footprint *fp, const struct vs_sg *x, const struct vs_sg *y)
{
	uint32_t i, j;

	for (i = 0; i < x->n_rules; i++) {
		const struct vs_sg_rule *r = &x->rules[i];
		bool found = false;
		for (j = 0; y != NULL && j < y->n_rules && !found; j++)
			found = sg_rule_same(r, &y->rules[j]);
		if (found)
			continue;
		if (vs_proto_has_ports(r->proto) && r->from >= 0 && r->to >= 0)
			fp_add(fp, r->proto, true, (uint32_t)r->from,
			    (uint32_t)r->to);
		else
			fp_add(fp, r->proto, false, 0, 0);
	}
}

/* Entries of x that y lacks: their protocol, at every port. */
static void
fp_nacl(struct footprint *fp, const struct vs_nacl *x, const struct vs_nacl *y)
{
	uint32_t i, j;

	for (i = 0; i < x->n_entries; i++) {
		bool found = false;
		for (j = 0; j < y->n_entries && !found; j++)
			found = entry_same(&x->entries[i], &y->entries[j]);
		if (!found)
			fp_add(fp, x->entries[i].proto, false, 0, 0);
	}
	/* the same entries in another order decide differently */
	if (x->n_entries == y->n_entries && !nacl_equal(x, y))
		for (i = 0; i < x->n_entries; i++)
			fp_add(fp, x->entries[i].proto, false, 0, 0);
}

/* Which interfaces (indexes of `after`) can a change have affected? */
static bool *
affected_enis(const struct vs_topo *b, const struct vs_topo *a,
    struct vs_arena *ar, bool *internet_wide, struct footprint *fp)
{
	bool *hit = vs_arena_zalloc(ar, sizeof(bool) * (a->n[VS_K_ENI] + 1u));
	bool *vpc_wide =
	    vs_arena_zalloc(ar, sizeof(bool) * (a->n[VS_K_VPC] + 1u));
	bool *sub_hit =
	    vs_arena_zalloc(ar, sizeof(bool) * (a->n[VS_K_SUBNET] + 1u));
	uint32_t i, j;

	*internet_wide = false;
	/* subnets whose ACL or route table changed (in choice or content) */
	for (i = 0; i < a->n[VS_K_SUBNET]; i++) {
		vs_idx bs = vs_topo_find_kind(b, VS_K_SUBNET, a->subnets[i].id);
		const struct vs_subnet *s = &a->subnets[i];
		if (bs == VS_NONE) {
			sub_hit[i] = true;
			fp_all(fp);
			continue;
		}
		if (str_differ(nacl_id(b, bs), nacl_id(a, i)) ||
		    str_differ(rtb_id(b, bs), rtb_id(a, i))) {
			sub_hit[i] = true;
			fp_all(fp);
			continue;
		}
		if (s->nacl != VS_NONE && b->subnets[bs].nacl != VS_NONE &&
		    !nacl_equal(&a->nacls[s->nacl],
			&b->nacls[b->subnets[bs].nacl])) {
			sub_hit[i] = true;
			fp_nacl(fp, &a->nacls[s->nacl],
			    &b->nacls[b->subnets[bs].nacl]);
			fp_nacl(fp, &b->nacls[b->subnets[bs].nacl],
			    &a->nacls[s->nacl]);
		}
		if (s->rtb != VS_NONE && b->subnets[bs].rtb != VS_NONE &&
		    !rtb_equal(&a->rtbs[s->rtb],
			&b->rtbs[b->subnets[bs].rtb])) {
			sub_hit[i] = true;
			fp_all(fp);
		}
	}
	/* route tables of gateways (edge associations) that changed: the
	 * whole VPC behind the gateway */
	for (i = 0; i < a->n[VS_K_RTB]; i++) {
		const struct vs_rtb *r = &a->rtbs[i];
		vs_idx br = vs_topo_find_kind(b, VS_K_RTB, r->id);
		bool edge = false;
		for (j = 0; j < r->n_assocs; j++)
			edge |= r->assocs[j].gateway_id != NULL;
		for (j = 0; br != VS_NONE && j < b->rtbs[br].n_assocs; j++)
			edge |= b->rtbs[br].assocs[j].gateway_id != NULL;
		if (edge && r->vpc != VS_NONE &&
		    (br == VS_NONE || !rtb_equal(r, &b->rtbs[br]) ||
			r->n_assocs != b->rtbs[br].n_assocs)) {
			vpc_wide[r->vpc] = true;
			fp_all(fp);
		}
	}
	/* the rules every group gained or lost */
	for (i = 0; i < a->n[VS_K_SG]; i++) {
		vs_idx bg = vs_topo_find_kind(b, VS_K_SG, a->sgs[i].id);
		if (bg == VS_NONE) {
			fp_sg_rules(fp, &a->sgs[i], NULL);
		} else if (!rules_equal(&a->sgs[i], &b->sgs[bg])) {
			fp_sg_rules(fp, &a->sgs[i], &b->sgs[bg]);
			fp_sg_rules(fp, &b->sgs[bg], &a->sgs[i]);
		}
	}
	for (i = 0; i < b->n[VS_K_SG]; i++)
		if (vs_topo_find_kind(a, VS_K_SG, b->sgs[i].id) == VS_NONE)
			fp_sg_rules(fp, &b->sgs[i], NULL);
	/* a changed subnet that forwards for others (a NAT gateway, a
	 * transit gateway attachment, an appliance) affects its whole VPC */
	for (i = 0; i < a->n[VS_K_NATGW]; i++)
		if (a->natgws[i].subnet != VS_NONE &&
		    sub_hit[a->natgws[i].subnet] && a->natgws[i].vpc != VS_NONE)
			vpc_wide[a->natgws[i].vpc] = true;
	for (i = 0; i < a->n[VS_K_TGW_ATTACH]; i++)
		for (j = 0; j < a->tgw_attaches[i].n_subnet_ids; j++) {
			vs_idx s = a->tgw_attaches[i].subnets[j];
			if (s != VS_NONE && sub_hit[s] &&
			    a->subnets[s].vpc != VS_NONE)
				vpc_wide[a->subnets[s].vpc] = true;
		}
	for (i = 0; i < a->n[VS_K_ENI]; i++) {
		const struct vs_eni *e = &a->enis[i];
		vs_idx be = vs_topo_find_kind(b, VS_K_ENI, e->id);
		if (!e->src_dst_check && e->subnet != VS_NONE &&
		    sub_hit[e->subnet] && e->vpc != VS_NONE)
			vpc_wide[e->vpc] = true;
		if (be == VS_NONE) {
			hit[i] = true;
			fp_all(fp);
			continue;
		}
		if (e->subnet != VS_NONE && sub_hit[e->subnet])
			hit[i] = true;
		if (e->src_dst_check != b->enis[be].src_dst_check ||
		    e->n_groups != b->enis[be].n_groups ||
		    e->n_v4 != b->enis[be].n_v4) {
			hit[i] = true;
			fp_all(fp);
		}
		for (j = 0; !hit[i] && j < e->n_groups; j++)
			if (strcmp(e->group_ids[j], b->enis[be].group_ids[j])) {
				hit[i] = true;
				fp_all(fp);
			}
		for (j = 0; !hit[i] && j < e->n_v4; j++)
			if (e->v4[j].has_public !=
				b->enis[be].v4[j].has_public ||
			    (e->v4[j].has_public &&
				!vs_addr_eq(&e->v4[j].pub,
				    &b->enis[be].v4[j].pub))) {
				hit[i] = true;
				fp_all(fp);
			}
		/* members of groups whose rules changed */
		for (j = 0; !hit[i] && j < e->n_groups; j++) {
			vs_idx g = e->groups[j], bg;
			if (g == VS_NONE)
				continue;
			bg = vs_topo_find_kind(b, VS_K_SG, a->sgs[g].id);
			if (bg == VS_NONE ||
			    !rules_equal(&a->sgs[g], &b->sgs[bg]))
				hit[i] = true;
		}
		/* members before the change too */
		for (j = 0; !hit[i] && j < b->enis[be].n_groups; j++) {
			vs_idx bg = b->enis[be].groups[j], g;
			if (bg == VS_NONE)
				continue;
			g = vs_topo_find_kind(a, VS_K_SG, b->sgs[bg].id);
			if (g == VS_NONE ||
			    !rules_equal(&a->sgs[g], &b->sgs[bg]))
				hit[i] = true;
		}
		/* an interface that forwards for others (source/destination
		 * check off, before or after) carries flows of its whole VPC */
		if (hit[i] && e->vpc != VS_NONE &&
		    (!e->src_dst_check || !b->enis[be].src_dst_check))
			vpc_wide[e->vpc] = true;
	}
	for (i = 0; i < a->n[VS_K_ENI]; i++) {
		if (a->enis[i].vpc != VS_NONE && vpc_wide[a->enis[i].vpc]) {
			hit[i] = true;
			*internet_wide = true;
			fp_all(fp);
		}
	}
	return hit;
}

/* Can interfaces of VPCs x and y talk over private addresses at all? */
static bool
vpcs_connected(const struct vs_topo *t, vs_idx x, vs_idx y)
{
	uint32_t i, j;

	if (x == y)
		return true;
	if (x == VS_NONE || y == VS_NONE)
		return false;
	for (i = 0; i < t->n[VS_K_PCX]; i++) {
		const struct vs_pcx *p = &t->pcxs[i];
		if ((p->req.vpc == x && p->acc.vpc == y) ||
		    (p->req.vpc == y && p->acc.vpc == x))
			return true;
	}
	for (i = 0; i < t->n[VS_K_TGW_ATTACH]; i++) {
		if (t->tgw_attaches[i].vpc != x)
			continue;
		for (j = 0; j < t->n[VS_K_TGW_ATTACH]; j++)
			if (t->tgw_attaches[j].vpc == y &&
			    t->tgw_attaches[j].tgw == t->tgw_attaches[i].tgw)
				return true;
	}
	return false;
}

static void
add_diff(struct vs_arena *ar, struct vs_diff *out, size_t *cap,
    const struct vs_diff_row *r)
{
	out->rows = vs_arena_grow(ar, out->rows, sizeof(*out->rows), cap,
	    out->n_rows + 1u);
	out->rows[out->n_rows++] = *r;
}

/* Rows for every port range where the two maps differ. */
static void
diff_maps(struct vs_arena *ar, struct vs_diff *out, size_t *cap,
    const struct vs_diff_row *base, const struct vs_pmap *x,
    const struct vs_pmap *y)
{
	uint32_t i = 0, j = 0;
	uint32_t at = x->n > 0 ? x->iv[0].r.lo : 0;

	while (i < x->n && j < y->n) {
		uint32_t end = x->iv[i].r.hi < y->iv[j].r.hi ? x->iv[i].r.hi
							     : y->iv[j].r.hi;
		if (x->iv[i].v != y->iv[j].v) {
			struct vs_diff_row r = *base;
			if (out->n_rows > 0 &&
			    out->rows[out->n_rows - 1].ports.hi + 1u == at &&
			    out->rows[out->n_rows - 1].before == x->iv[i].v &&
			    out->rows[out->n_rows - 1].after == y->iv[j].v &&
			    out->rows[out->n_rows - 1].from == base->from &&
			    out->rows[out->n_rows - 1].to == base->to &&
			    out->rows[out->n_rows - 1].proto == base->proto &&
			    out->rows[out->n_rows - 1].cidrs == base->cidrs) {
				out->rows[out->n_rows - 1].ports.hi =
				    (uint16_t)end;
			} else {
				r.ports = vs_prange(at, end);
				r.before = x->iv[i].v;
				r.after = y->iv[j].v;
				add_diff(ar, out, cap, &r);
			}
		}
		at = end + 1u;
		if (x->iv[i].r.hi == end)
			i++;
		if (y->iv[j].r.hi == end)
			j++;
	}
}

static int
diff_pair(const struct vs_topo *b, const struct vs_topo *a,
    const struct footprint *fp, const char *from, const char *to,
    struct vs_arena *ar, struct vs_diff *out, size_t *cap,
    const struct vs_diff_row *proto_base, char *err, size_t errlen)
{
	bool ipv6 = proto_base->ipv6;
	int p;

	for (p = 0; p < N_PROTOS; p++) {
		struct vs_pmap x, y;
		struct vs_diff_row base = *proto_base;
		struct vs_arena_mark m = vs_arena_mark(ar);
		size_t before_rows = out->n_rows;
		if (!fp->on[p])
			continue;
		if (!proto_in_family(p, ipv6))
			continue;
		if (reach_pair_in(b, from, to, reach_protos[p], ipv6, fp->lo[p],
			fp->hi[p], ar, &x, err, errlen) != 0 ||
		    reach_pair_in(a, from, to, reach_protos[p], ipv6, fp->lo[p],
			fp->hi[p], ar, &y, err, errlen) != 0)
			return -1;
		out->traces += x.traces + y.traces;
		base.proto = reach_protos[p];
		if (same_pmap(&x, &y)) {
			vs_arena_reset(ar, m);
			continue;
		}
		diff_maps(ar, out, cap, &base, &x, &y);
		(void)before_rows;
	}
	return 0;
}

/* diff_internet() for one address family (be: e in b, or VS_NONE). */
static int
diff_internet_af(const struct vs_topo *b, const struct vs_topo *a,
    const struct footprint *fp, vs_idx e, vs_idx be, bool inbound, int af,
    struct vs_arena *ar, struct vs_diff *out, size_t *cap, char *err,
    size_t errlen)
{
	struct aset s = {NULL, 0, 0};
	bool v6 = af == VS_AF6, *host;
	char **rep;
	size_t i, k;
	int p, rc = 0;

	address_bounds(a, e, af, &s);
	if (be != VS_NONE)
		address_bounds(b, be, af, &s);
	if (v6) {
		in_vpc_block6(a, &s, NULL);
		in_vpc_block6(b, &s, NULL);
	}
	internet_classes(&s, af);
	class_hosts(a, b, &s, af, ar, &host, &rep);
	for (p = 0; p < N_PROTOS && rc == 0; p++) {
		struct vs_pmap *x, *y;
		bool *skip, *in_row;
		if (!fp->on[p] || !proto_in_family(p, v6))
			continue;
		x = vs_arena_zalloc(ar, sizeof(*x) * s.n);
		y = vs_arena_zalloc(ar, sizeof(*y) * s.n);
		skip = vs_arena_zalloc(ar, sizeof(bool) * s.n);
		in_row = vs_arena_zalloc(ar, sizeof(bool) * s.n);
		for (i = 0; i + 1 < s.n; i++) {
			const char *f, *to;
			if (!host[i]) {
				skip[i] = true;
				continue;
			}
			f = inbound ? rep[i] : a->enis[e].id;
			to = inbound ? a->enis[e].id : rep[i];
			if (reach_pair_in(b, f, to, reach_protos[p], v6,
				fp->lo[p], fp->hi[p], ar, &x[i], err,
				errlen) != 0 ||
			    reach_pair_in(a, f, to, reach_protos[p], v6,
				fp->lo[p], fp->hi[p], ar, &y[i], err,
				errlen) != 0) {
				rc = -1;
				break;
			}
			out->traces += x[i].traces + y[i].traces;
			if (same_pmap(&x[i], &y[i]))
				skip[i] = true;
		}
		for (i = 0; rc == 0 && i + 1 < s.n; i++) {
			struct vs_diff_row base;
			size_t cc = 0;
			if (skip[i])
				continue;
			memset(&base, 0, sizeof(base));
			memset(in_row, 0, sizeof(bool) * s.n);
			base.from = inbound ? "internet" : a->enis[e].id;
			base.to = inbound ? a->enis[e].id : "internet";
			base.proto = reach_protos[p];
			base.ipv6 = v6;
			for (k = i; k + 1 < s.n; k++) {
				if (skip[k] || !same_pmap(&x[i], &x[k]) ||
				    !same_pmap(&y[i], &y[k]))
					continue;
				skip[k] = in_row[k] = true;
				cidrs_of(ar, s.v[k], u_sub1(s.v[k + 1]), af,
				    &base.cidrs, &base.n_cidrs, &cc);
			}
			except_of(ar, &s, host, in_row, af, &base.except,
			    &base.n_except);
			base.all_internet = base.n_except == 0;
			diff_maps(ar, out, cap, &base, &x[i], &y[i]);
		}
	}
	free(s.v);
	return rc;
}

/* Internet classes on the far side of interface e, in both topologies:
 * classes with the same before and after answers share rows.  IPv4
 * classes, and IPv6 ones when the interface has an IPv6 address. */
static int
diff_internet(const struct vs_topo *b, const struct vs_topo *a,
    const struct footprint *fp, vs_idx e, bool inbound, struct vs_arena *ar,
    struct vs_diff *out, size_t *cap, char *err, size_t errlen)
{
	vs_idx be = vs_topo_find_kind(b, VS_K_ENI, a->enis[e].id);
	int fam;

	for (fam = 0; fam < 2; fam++) {
		int af = fam ? VS_AF6 : VS_AF4;
		bool v6 = fam == 1;
		if (v6 && a->enis[e].n_v6 == 0)
			continue; /* (no change adds or removes addresses) */
		if (diff_internet_af(b, a, fp, e, be, inbound, af, ar, out, cap,
			err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* The public IPv4 address of an interface, as text in ar, or NULL. */
static const char *
public_of(const struct vs_topo *t, const struct vs_eni *e, struct vs_arena *ar)
{
	char buf[VS_ADDR_STRLEN];
	uint32_t k;

	for (k = 0; k < e->n_v4; k++)
		if (e->v4[k].has_public &&
		    vs_topo_eni_by_public(t, &e->v4[k].pub) ==
			(vs_idx)(e - t->enis))
			return vs_arena_printf(ar, "%s",
			    vs_addr_fmt(&e->v4[k].pub, buf));
	return NULL;
}

/*
 * Every flow between interfaces e and o, both ways: over private IPv4
 * addresses when their VPCs are connected, to each one's public IPv4
 * address from anywhere (out through a gateway and back in), and
 * between their IPv6 addresses.
 */
static int
diff_enis(const struct vs_topo *b, const struct vs_topo *a,
    const struct footprint *fp, vs_idx ei, vs_idx oi, struct vs_arena *ar,
    struct vs_diff *out, size_t *cap, char *err, size_t errlen)
{
	const struct vs_eni *e = &a->enis[ei], *o = &a->enis[oi];
	vs_idx be = vs_topo_find_kind(b, VS_K_ENI, e->id);
	vs_idx bo = vs_topo_find_kind(b, VS_K_ENI, o->id);
	const struct vs_eni *ends[2] = {e, o};
	vs_idx bends[2] = {be, bo};
	struct vs_diff_row base;
	int k;

	for (k = 0; k < 2; k++) {
		const struct vs_eni *from = ends[k], *to = ends[1 - k];
		const char *pub;
		memset(&base, 0, sizeof(base));
		base.from = from->id;
		base.to = to->id;
		if (from->n_v4 > 0 && to->n_v4 > 0 &&
		    vpcs_connected(a, from->vpc, to->vpc) &&
		    diff_pair(b, a, fp, from->id, to->id, ar, out, cap, &base,
			err, errlen) != 0)
			return -1;
		/* the public address, when it is the same before and after
		 * (a moved address changes the interfaces' own rows) */
		pub = public_of(a, to, ar);
		if (from->n_v4 > 0 && pub != NULL && bends[1 - k] != VS_NONE) {
			const char *bpub =
			    public_of(b, &b->enis[bends[1 - k]], ar);
			if (bpub != NULL && strcmp(pub, bpub) == 0) {
				base.to = pub;
				base.to_eni = to->id;
				if (diff_pair(b, a, fp, from->id, pub, ar, out,
					cap, &base, err, errlen) != 0)
					return -1;
			}
		}
		if (from->n_v6 > 0 && to->n_v6 > 0) {
			memset(&base, 0, sizeof(base));
			base.from = from->id;
			base.to = to->id;
			base.ipv6 = true;
			if (diff_pair(b, a, fp, from->id, to->id, ar, out, cap,
				&base, err, errlen) != 0)
				return -1;
		}
	}
	return 0;
}

int
vs_diff_run(const struct vs_topo *b, const struct vs_topo *a,
    struct vs_arena *ar, struct vs_diff *out, char *err, size_t errlen)
{
	bool internet_wide;
	struct footprint fp;
	bool *hit;
	size_t cap = 0;
	uint32_t i, j;

	memset(out, 0, sizeof(*out));
	memset(&fp, 0, sizeof(fp));
	hit = affected_enis(b, a, ar, &internet_wide, &fp);
	for (i = 0; i < a->n[VS_K_ENI]; i++) {
		const struct vs_eni *e = &a->enis[i];
		if (!hit[i] || (e->n_v4 == 0 && e->n_v6 == 0) ||
		    vs_topo_find_kind(b, VS_K_ENI, e->id) == VS_NONE)
			continue;
		out->affected++;
		for (j = 0; j < a->n[VS_K_ENI]; j++) {
			const struct vs_eni *o = &a->enis[j];
			if (j == i ||
			    vs_topo_find_kind(b, VS_K_ENI, o->id) == VS_NONE)
				continue;
			/* a pair both of whose ends are affected is done from
			 * the first one's side */
			if (j < i && hit[j])
				continue;
			if (diff_enis(b, a, &fp, i, j, ar, out, &cap, err,
				errlen) != 0)
				return -1;
		}
		if (diff_internet(b, a, &fp, i, true, ar, out, &cap, err,
			errlen) ||
		    diff_internet(b, a, &fp, i, false, ar, out, &cap, err,
			errlen))
			return -1;
	}
	(void)internet_wide;
	return 0;
}
