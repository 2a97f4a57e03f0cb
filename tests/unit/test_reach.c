/*
 * test_reach.c - the exhaustive engine (sim/reach.h) against a naive
 * oracle: vs_trace_run, one packet at a time.
 *
 * DOC: reach and diff answer for every port and every source without
 * tracing them all: ports are split into intervals at the boundaries of the
 * rules a trace consults, internet sources into classes at the CIDRs the
 * destination's groups and network ACL name.  Each shortcut is checked
 * against brute force here (STYLE.md practice 14):
 *
 *  - vs_reach_pair's interval map must equal vs_trace_run for EVERY
 *    destination port 0..65535 (TCP, UDP) or ICMP type 0..255, for a
 *    handful of (source, destination, protocol) triples on two networks:
 *    tests/data/reach/lab.json (written to make the intervals and classes
 *    interesting: overlapping allow and deny ranges, a partial reply range,
 *    an appliance, routes to public CIDRs) and the bundled shop snapshot;
 *  - every internet row of vs_reach_run: random addresses inside each
 *    block give the row's verdict for its ports, and public addresses
 *    outside every block (random ones, and ones the network's own routes
 *    and rules single out) are unreachable on every port;
 *  - every row of vs_diff_run, for each bundled change file and for a few
 *    changes to the lab: tracing before and after gives the two verdicts
 *    the row states, and flows that no row lists (random ones and a grid
 *    over every interface, the probe addresses and common ports) have the
 *    same verdict before and after.
 *
 * Random choices come from splitmix64 with a fixed seed, printed on
 * failure; VS_SEED overrides it.
 */
/* cmocka.h needs these four headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "eval.h"
#include "gen_topo.h"
#include "ip.h"
#include "load.h"
#include "reach.h"
#include "scenario.h"
#include "topo.h"

/* ---- fixtures ---- */

static struct vs_topo *lab, *shop, *v6lab;
/* Trace between the interfaces' IPv6 addresses (a diff row's ipv6). */
static bool use_v6;
static struct vs_arena *scratch; /* traces */
static struct vs_arena *work;    /* reach and diff results */
static struct vs_arena_mark scratch0, work0;
static uint64_t seed = 20250117;

static const char *
srcdir(void)
{
	const char *s = getenv("VS_SRCDIR");
	return s != NULL ? s : ".";
}

static const char *
path_of(const char *rel)
{
	static char buf[8][PATH_MAX];
	static unsigned i;
	char *p = buf[i++ % 8];

	snprintf(p, PATH_MAX, "%s/%s", srcdir(), rel);
	return p;
}

static struct vs_topo *
load(const char *rel)
{
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *t = vs_snapshot_load(path_of(rel), d, NULL);

	if (t == NULL || vs_diags_errors(d) != 0) {
		size_t i;
		char b[1024];
		for (i = 0; i < vs_diags_count(d); i++)
			fprintf(stderr, "%s\n",
			    vs_diag_str(vs_diags_get(d, i), b, sizeof(b)));
		vs_topo_free(&t);
	}
	vs_diags_free(&d);
	return t;
}

static int
group_setup(void **state)
{
	const char *s = getenv("VS_SEED");

	(void)state;
	if (s != NULL)
		seed = strtoull(s, NULL, 0);
	lab = load("tests/data/reach/lab.json");
	shop = load("scenarios/snapshots/shop");
	v6lab = load("tests/data/reach/v6lab.json");
	if (lab == NULL || shop == NULL || v6lab == NULL)
		return -1;
	scratch = vs_arena_new();
	work = vs_arena_new();
	scratch0 = vs_arena_mark(scratch);
	work0 = vs_arena_mark(work);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	vs_topo_free(&lab);
	vs_topo_free(&shop);
	vs_topo_free(&v6lab);
	vs_arena_free(&scratch);
	vs_arena_free(&work);
	return 0;
}

static int
test_setup(void **state)
{
	(void)state;
	use_v6 = false; /* a failed test may leave it set */
	vs_arena_reset(work, work0);
	return 0;
}

/* ---- random numbers ---- */

struct rng {
	uint64_t s;
};

static uint64_t
rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t
below(struct rng *r, uint32_t n)
{
	return (uint32_t)(rnd(r) % n);
}

/* ---- the oracle ---- */

static const char *
pname(int proto)
{
	return proto == VS_PROTO_TCP      ? "tcp"
	       : proto == VS_PROTO_UDP    ? "udp"
	       : proto == VS_PROTO_ICMP   ? "icmp"
	       : proto == VS_PROTO_ICMPV6 ? "icmpv6"
					  : "?";
}

/*
 * One packet: port is the destination port (TCP, UDP) or the ICMP type
 * (code left to the default, as reach and diff do).  Fails the test when
 * the query is refused.
 */

static enum vs_verdict
verdict(const struct vs_topo *t, const char *from, const char *to, int proto,
    int port)
{
	struct vs_query q;
	struct vs_trace tr;
	char err[512];

	vs_arena_reset(scratch, scratch0);
	memset(&q, 0, sizeof(q));
	q.from = from;
	q.to = to;
	q.proto = proto;
	q.port = vs_proto_has_ports(proto) ? port : -1;
	q.src_port = -1;
	q.icmp_type = vs_proto_is_icmp(proto) ? port : -1;
	q.icmp_code = -1;
	q.ipv6 = use_v6;
	if (vs_trace_run(t, &q, scratch, &tr, err, sizeof(err)) != 0)
		fail_msg("trace %s -> %s %s %d refused: %s", from, to,
		    pname(proto), port, err);
	return tr.verdict;
}

static const char *
vname(enum vs_verdict v)
{
	return vs_verdict_names[v];
}

static uint32_t
domain(int proto)
{
	return vs_proto_has_ports(proto) ? 65536u : 256u;
}

/* The verdict a port map gives port p. */
static enum vs_verdict
pmap_at(const struct vs_pmap *m, uint32_t p)
{
	uint32_t i;

	for (i = 0; i < m->n; i++)
		if (m->iv[i].r.lo <= p && p <= m->iv[i].r.hi)
			return m->iv[i].v;
	fail_msg("the port map does not cover %u", p);
	return VS_UNKNOWN;
}

/*
 * vs_reach_pair's map for (from, to, proto) must be a partition of the
 * whole domain into maximal intervals, and must agree with a trace of
 * every single port.  Returns the number of distinct verdicts seen.
 */
static unsigned
check_pair(const struct vs_topo *t, const char *from, const char *to, int proto)
{
	struct vs_pmap m;
	char err[512];
	uint32_t i, p, end = domain(proto);
	unsigned seen = 0, kinds = 0;

	vs_arena_reset(work, work0);
	if (vs_reach_pair(t, from, to, proto, false, work, &m, err,
		sizeof(err)) != 0)
		fail_msg("vs_reach_pair %s -> %s %s: %s", from, to,
		    pname(proto), err);
	/* a partition of [0, end) into maximal intervals */
	assert_true(m.n >= 1);
	assert_int_equal(m.iv[0].r.lo, 0);
	assert_int_equal(m.iv[m.n - 1].r.hi, end - 1u);
	for (i = 0; i < m.n; i++) {
		assert_true(m.iv[i].r.lo <= m.iv[i].r.hi);
		if (i > 0) {
			assert_int_equal(m.iv[i].r.lo, m.iv[i - 1].r.hi + 1u);
			if (m.iv[i].v == m.iv[i - 1].v)
				fail_msg("%s -> %s %s: neighbouring intervals "
					 "%u-%u and %u-%u are both %s",
				    from, to, pname(proto), m.iv[i - 1].r.lo,
				    m.iv[i - 1].r.hi, m.iv[i].r.lo,
				    m.iv[i].r.hi, vname(m.iv[i].v));
		}
		seen |= 1u << m.iv[i].v;
	}
	/* brute force: every port */
	for (p = 0; p < end; p++) {
		enum vs_verdict want = verdict(t, from, to, proto, (int)p);
		enum vs_verdict got = pmap_at(&m, p);
		if (want != got)
			fail_msg("%s -> %s %s %u: vs_trace_run says %s, "
				 "vs_reach_pair says %s",
			    from, to, pname(proto), p, vname(want), vname(got));
	}
	for (i = 0; i < VS_VERDICT__COUNT; i++)
		kinds += (seen >> i) & 1u;
	return kinds;
}

/* ---- vs_reach_pair against every port ---- */

static void
test_pair_internet_to_web_tcp(void **state)
{
	(void)state;
	/* 198.51.100.200: web's group allows 80, 443 and 8000-8100 from
	 * 198.51.100.0/24, the subnet ACL denies 8050-8060 from its upper
	 * half, and replies to internet clients (1024-65535) get out for
	 * 32768-65535 only: partial, unreachable and partial again. */
	assert_true(
	    check_pair(lab, "198.51.100.200", "eni-0rweb", VS_PROTO_TCP) >= 2);
}

static void
test_pair_internet_to_web_udp_icmp(void **state)
{
	(void)state;
	check_pair(lab, "198.51.100.200", "eni-0rweb", VS_PROTO_UDP);
	/* 198.51.100.200 is inside the /26 whose ICMP type 8 the ACL
	 * denies; 203.0.113.77 may send types 8 and 13 */
	check_pair(lab, "198.51.100.200", "eni-0rweb", VS_PROTO_ICMP);
	assert_true(
	    check_pair(lab, "203.0.113.77", "eni-0rweb", VS_PROTO_ICMP) >= 2);
}

static void
test_pair_between_interfaces(void **state)
{
	(void)state;
	/* app's ACL lets out 443, 5000-5010 and 32768-60999 inside the VPC;
	 * web's group takes 80, 443, 5000-5010 from app's subnet */
	assert_true(
	    check_pair(lab, "eni-0rapp1", "eni-0rweb", VS_PROTO_TCP) >= 2);
	/* through an appliance whose source/destination check is on */
	check_pair(lab, "eni-0rapp2", "eni-0rsvc", VS_PROTO_TCP);
	check_pair(lab, "eni-0radmin", "eni-0rweb", VS_PROTO_ICMP);
}

static void
test_pair_shop(void **state)
{
	(void)state;
	assert_true(check_pair(shop, "internet", "i-0a1000000000web1",
			VS_PROTO_TCP) >= 2);
	assert_true(check_pair(shop, "i-0a2000000000app2",
			"i-0a300000000000db1", VS_PROTO_TCP) >= 2);
	check_pair(shop, "i-0a100000bastion1", "i-0a1000000000web1",
	    VS_PROTO_ICMP);
	check_pair(shop, "i-0a2000000000app1", "198.51.100.7", VS_PROTO_UDP);
}

/* ---- internet address classes ---- */

static const char *const not_internet[] = {"0.0.0.0/8", "10.0.0.0/8",
    "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.168.0.0/16", "224.0.0.0/3", NULL};

static struct vs_prefix
P(const char *s) {
	struct vs_prefix p;
	if (vs_prefix_parse(s, strlen(s), VS_AF4, &p) != VS_PFX_OK)
		fail_msg("bad test prefix %s", s);
	return p;
}

static bool
special(const struct vs_addr *a)
{
	int i;

	for (i = 0; not_internet[i]; i++) {
		struct vs_prefix p = P(not_internet[i]);
		if (vs_prefix_contains(&p, a))
			return true;
	}
	return false;
}

/* Is a an internet host for this network: public, and not an address an
 * interface of either topology holds? */
static bool
internet_host(const struct vs_topo *t, const struct vs_topo *t2,
    const struct vs_addr *a)
{
	return !special(a) && vs_topo_eni_by_public(t, a) == VS_NONE &&
	       (t2 == NULL || vs_topo_eni_by_public(t2, a) == VS_NONE);
}

static struct vs_addr
addr4(uint32_t v)
{
	struct vs_addr a = {0, v, VS_AF4};
	return a;
}

static uint32_t
v4(const struct vs_addr *a)
{
	return (uint32_t)a->lo;
}

/* A random address inside p. */
static struct vs_addr
inside(struct rng *r, const struct vs_prefix *p)
{
	uint32_t size = p->len == 0 ? 0 : (uint32_t)1 << (32 - p->len);
	uint32_t off = size == 0 ? (uint32_t)rnd(r) : below(r, size);
	return addr4(v4(&p->addr) + off);
}

/* A few ports of a range: both ends and one in between. */
static unsigned
ports_of(struct rng *r, struct vs_prange pr, int out[3])
{
	out[0] = pr.lo;
	out[1] = pr.hi;
	out[2] = pr.lo + (int)below(r, (uint32_t)(pr.hi - pr.lo) + 1u);
	return pr.lo == pr.hi ? 1 : 3;
}

static bool
in_blocks(const struct vs_prefix *c, uint32_t n, const struct vs_addr *a)
{
	uint32_t i;
	for (i = 0; i < n; i++)
		if (vs_prefix_contains(&c[i], a))
			return true;
	return false;
}

/* ---- IPv6 internet hosts ---- */

static bool
in_vpc6(const struct vs_topo *t, const struct vs_addr *a)
{
	uint32_t v, k;

	for (v = 0; t != NULL && v < t->n[VS_K_VPC]; v++)
		for (k = 0; k < t->vpcs[v].n_cidrs; k++)
			if (vs_prefix_contains(&t->vpcs[v].cidrs[k], a))
				return true;
	return false;
}

/* An IPv6 internet host: a global unicast address (2000::/3) outside
 * every VPC block of either topology. */
static bool
internet_host6(const struct vs_topo *t, const struct vs_topo *t2,
    const struct vs_addr *a)
{
	return a->af == VS_AF6 && (a->hi >> 61) == 1 && !in_vpc6(t, a) &&
	       !in_vpc6(t2, a);
}

/* A random address inside IPv6 prefix p. */
static struct vs_addr
inside6(struct rng *r, const struct vs_prefix *p)
{
	struct vs_addr a = p->addr, last = vs_prefix_last(p);

	a.hi |= rnd(r) & (a.hi ^ last.hi);
	a.lo |= rnd(r) & (a.lo ^ last.lo);
	return a;
}

static struct vs_addr
random6(struct rng *r)
{
	struct vs_addr a = {(rnd(r) >> 3) | ((uint64_t)1 << 61), rnd(r),
	    VS_AF6};
	return a;
}

/*
 * Addresses the network singles out: inside every public CIDR of family af
 * that a route, a network ACL entry or a security group rule names (its
 * first address, the next one, its last, a random one, and just outside
 * it).  Classes must split wherever the answer can change, so these are
 * where a missed split shows.  For IPv6, a few random global addresses
 * too.
 */
static void
probe_one(struct rng *r, const struct vs_topo *t, const struct vs_topo *t2,
    const struct vs_prefix *p, int af, struct vs_addr *out, uint32_t *n,
    uint32_t cap)
{
	uint64_t top = af == VS_AF4 ? 0xffffffffu : ~(uint64_t)0;
	struct vs_addr c[6], last;
	unsigned q, m = 0;

	if (p->addr.af != af || p->len == 0)
		return;
	last = vs_prefix_last(p);
	c[m++] = p->addr;
	c[m++] = last;
	c[m++] = af == VS_AF4 ? inside(r, p) : inside6(r, p);
	if (!vs_addr_eq(&p->addr, &last)) {
		c[m] = p->addr; /* the second address (no carry: lo is even) */
		c[m++].lo++;
	}
	if (last.lo != top || (af == VS_AF6 && last.hi != top)) {
		c[m] = last; /* just after */
		if (++c[m].lo == 0)
			c[m].hi++;
		m++;
	}
	if (p->addr.lo != 0 || p->addr.hi != 0) {
		c[m] = p->addr; /* just before */
		if (c[m].lo-- == 0)
			c[m].hi--;
		m++;
	}
	for (q = 0; q < m && *n < cap; q++)
		if (af == VS_AF4 ? internet_host(t, t2, &c[q])
				 : internet_host6(t, t2, &c[q]))
			out[(*n)++] = c[q];
}

static uint32_t
probes_af(struct rng *r, const struct vs_topo *t, const struct vs_topo *t2,
    int af, struct vs_addr *out, uint32_t cap)
{
	const struct vs_topo *ts[2] = {t, t2};
	uint32_t n = 0, k, i, j;

	for (k = 0; k < 2; k++) {
		const struct vs_topo *x = ts[k];
		if (x == NULL)
			continue;
		for (i = 0; i < x->n[VS_K_RTB]; i++)
			for (j = 0; j < x->rtbs[i].n_routes; j++)
				if (!x->rtbs[i].routes[j].to_pl)
					probe_one(r, t, t2,
					    &x->rtbs[i].routes[j].dst, af, out,
					    &n, cap);
		for (i = 0; i < x->n[VS_K_NACL]; i++)
			for (j = 0; j < x->nacls[i].n_entries; j++)
				probe_one(r, t, t2,
				    &x->nacls[i].entries[j].cidr, af, out, &n,
				    cap);
		for (i = 0; i < x->n[VS_K_SG]; i++)
			for (j = 0; j < x->sgs[i].n_rules; j++)
				if (x->sgs[i].rules[j].kind == VS_PEER_CIDR)
					probe_one(r, t, t2,
					    &x->sgs[i].rules[j].cidr, af, out,
					    &n, cap);
	}
	for (k = 0; af == VS_AF6 && k < 16 && n < cap; k++) {
		struct vs_addr a = random6(r);
		if (internet_host6(t, t2, &a))
			out[n++] = a;
	}
	return n;
}

static uint32_t
probes(struct rng *r, const struct vs_topo *t, const struct vs_topo *t2,
    struct vs_addr *out, uint32_t cap)
{
	return probes_af(r, t, t2, VS_AF4, out, cap);
}

static uint32_t
probes6(struct rng *r, const struct vs_topo *t, const struct vs_topo *t2,
    struct vs_addr *out, uint32_t cap)
{
	return probes_af(r, t, t2, VS_AF6, out, cap);
}

/*
 * What the rows of a reach answer say about (internet address a, proto,
 * port): the verdict of the one row whose blocks hold a and whose ports
 * hold port, or unreachable when no row does.  Two rows claiming the same
 * address and port is an error.
 */
static enum vs_verdict
claimed(const struct vs_reach *out, int proto, const struct vs_addr *a,
    int port)
{
	enum vs_verdict v = VS_UNREACHABLE;
	uint32_t i, j;
	unsigned n = 0;
	char as[VS_ADDR_STRLEN];

	for (i = 0; i < out->n_rows; i++) {
		const struct vs_reach_row *row = &out->rows[i];
		if (row->proto != proto || strcmp(row->from, "internet") != 0 ||
		    !in_blocks(row->cidrs, row->n_cidrs, a))
			continue;
		for (j = 0; j < row->n_ports; j++)
			if (row->ports[j].lo <= port &&
			    port <= row->ports[j].hi) {
				v = row->verdict;
				n++;
			}
	}
	if (n > 1)
		fail_msg("%u rows list %s %s %d", n, vs_addr_fmt(a, as),
		    pname(proto), port);
	return v;
}

/* Is a an internet host of its family (for either topology)? */
static bool
any_host(const struct vs_topo *t, const struct vs_topo *t2,
    const struct vs_addr *a)
{
	return a->af == VS_AF4 ? internet_host(t, t2, a)
			       : internet_host6(t, t2, a);
}

/*
 * Check every internet row of reach(to) of one family (IPv6: the rows that
 * say ipv6).  Its blocks, and its exceptions, hold only internet hosts: for
 * IPv4 public addresses, for IPv6 global unicast ones clear of every VPC
 * block; the exceptions are clear of the row's blocks, and a row has none
 * exactly when it covers the whole internet.  Then for addresses inside
 * the blocks and exceptions (both ends and random ones), the probe
 * addresses the network's own routes and rules single out, and random
 * internet addresses, the trace of every sampled port (the ends and a
 * middle of every row's ranges, and random ports) gives what the rows
 * claim: the row's verdict, or unreachable where no row claims it.
 */
static void
check_internet_rows_af(const struct vs_topo *t, const char *to, int af)
{
	static const int protos4[] = {VS_PROTO_TCP, VS_PROTO_UDP,
	    VS_PROTO_ICMP};
	static const int protos6[] = {VS_PROTO_TCP, VS_PROTO_UDP,
	    VS_PROTO_ICMPV6};
	static struct vs_addr addrs[8192];
	bool v6 = af == VS_AF6;
	const int *protos = v6 ? protos6 : protos4;
	struct vs_reach out;
	struct rng r = {v6 ? seed ^ 0x66 : seed};
	char err[512], as[VS_ADDR_STRLEN], pb[VS_PFX_STRLEN];
	struct vs_addr probe[512];
	uint32_t np, i, j, k, pi, na, v;

	vs_arena_reset(work, work0);
	if (vs_reach_run(t, to, "internet", work, &out, err, sizeof(err)) != 0)
		fail_msg("vs_reach_run --to %s: %s", to, err);
	np = probes_af(&r, t, NULL, af, probe, 400);
	for (pi = 0; pi < 3; pi++) {
		int proto = protos[pi];
		int ports[96];
		unsigned nports = 0;

		na = 0;
		for (i = 0; i < out.n_rows; i++) {
			const struct vs_reach_row *row = &out.rows[i];
			if (row->proto != proto || row->ipv6 != v6)
				continue;
			assert_string_equal(row->from, "internet");
			assert_true(row->n_cidrs > 0);
			assert_true(row->n_ports > 0);
			assert_true(row->verdict != VS_UNREACHABLE);
			assert_true(row->all_internet == (row->n_except == 0));
			for (j = 0; j < row->n_cidrs + row->n_except; j++) {
				bool ex = j >= row->n_cidrs;
				const struct vs_prefix *c =
				    ex ? &row->except[j - row->n_cidrs]
				       : &row->cidrs[j];
				struct vs_addr last = vs_prefix_last(c);
				assert_int_equal(c->addr.af, af);
				if (!any_host(t, NULL, &c->addr) ||
				    !any_host(t, NULL, &last))
					fail_msg("--to %s: block %s is not "
						 "an internet block",
					    to, vs_prefix_fmt(c, pb));
				for (v = 0; v6 && v < t->n[VS_K_VPC]; v++)
					for (k = 0; k < t->vpcs[v].n_cidrs; k++)
						if (vs_prefix_contains(c,
							&t->vpcs[v]
							     .cidrs[k]
							     .addr))
							fail_msg("--to %s: "
								 "block %s "
								 "holds a "
								 "VPC",
							    to,
							    vs_prefix_fmt(c,
								pb));
				if (ex && (in_blocks(row->cidrs, row->n_cidrs,
					       &c->addr) ||
					      in_blocks(row->cidrs,
						  row->n_cidrs, &last)))
					fail_msg("--to %s: exception %s is "
						 "in the row",
					    to, vs_prefix_fmt(c, pb));
				for (k = 0; k < 4 && na < 8192; k++)
					addrs[na++] = k == 0   ? c->addr
						      : k == 1 ? last
						      : v6     ? inside6(&r, c)
							       : inside(&r, c);
			}
			for (j = 0; j < row->n_ports && nports < 90; j++) {
				int pp[3];
				unsigned q, m = ports_of(&r, row->ports[j], pp);
				for (q = 0; q < m; q++)
					ports[nports++] = pp[q];
			}
		}
		for (k = 0; k < 6; k++)
			ports[nports++] = (int)below(&r, domain(proto));
		for (k = 0; k < np && na < 8192; k++)
			addrs[na++] = probe[k];
		for (k = 0; k < 200 && na < 8192; k++)
			addrs[na++] =
			    v6 ? random6(&r) : addr4((uint32_t)rnd(&r));
		use_v6 = v6;
		for (k = 0; k < na; k++) {
			unsigned q;
			if (!any_host(t, NULL, &addrs[k]))
				continue;
			vs_addr_fmt(&addrs[k], as);
			for (q = 0; q < nports; q++) {
				enum vs_verdict want =
				    claimed(&out, proto, &addrs[k], ports[q]);
				enum vs_verdict got =
				    verdict(t, as, to, proto, ports[q]);
				if (got != want)
					fail_msg("reach --to %s: the rows say "
						 "%s %d from %s is %s, a trace "
						 "says %s (seed %llu)",
					    to, pname(proto), ports[q], as,
					    vname(want), vname(got),
					    (unsigned long long)seed);
			}
		}
		use_v6 = false;
	}
}

static void
check_internet_rows(const struct vs_topo *t, const char *to)
{
	check_internet_rows_af(t, to, VS_AF4);
}

static void
check_internet_rows6(const struct vs_topo *t, const char *to)
{
	check_internet_rows_af(t, to, VS_AF6);
}

static void
test_internet_classes_shop(void **state)
{
	(void)state;
	check_internet_rows(shop, "i-0a1000000000web1");
	check_internet_rows(shop, "i-0a100000bastion1");
	check_internet_rows6(shop, "i-0a1000000000web1");
}

static void
test_internet_classes_v6lab(void **state)
{
	struct vs_reach out;
	struct vs_addr a;
	char err[512];
	uint32_t i;
	bool ssh = false;

	(void)state;
	check_internet_rows6(v6lab, "eni-06web");
	check_internet_rows6(v6lab, "eni-06app");
	check_internet_rows(v6lab, "eni-06web");
	/* hand-derived: SSH over IPv6 only from 2a01:db8::/32 (web's
	 * group); HTTPS from anywhere but 2a02:1000::/24 (the subnet's
	 * ACL, rule 90) and 2a03:4000::/24 (replies blackholed) */
	vs_arena_reset(work, work0);
	if (vs_reach_run(v6lab, "eni-06web", "internet", work, &out, err,
		sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(vs_addr_parse("2a01:db8::7", 11, &a), 0);
	for (i = 0; i < out.n_rows; i++) {
		const struct vs_reach_row *row = &out.rows[i];
		if (row->ipv6 && row->proto == VS_PROTO_TCP &&
		    in_blocks(row->cidrs, row->n_cidrs, &a)) {
			assert_int_equal(row->n_cidrs, 1);
			assert_int_equal(row->n_ports, 2);
			assert_int_equal(row->ports[0].lo, 22);
			assert_int_equal(row->ports[1].lo, 443);
			ssh = true;
		}
	}
	assert_true(ssh);
	assert_int_equal(vs_addr_parse("2a02:1000::1", 12, &a), 0);
	assert_int_equal(claimed(&out, VS_PROTO_TCP, &a, 443), VS_UNREACHABLE);
	assert_int_equal(vs_addr_parse("2a03:4000::1", 12, &a), 0);
	assert_int_equal(claimed(&out, VS_PROTO_TCP, &a, 443), VS_UNREACHABLE);
	assert_int_equal(claimed(&out, VS_PROTO_ICMPV6, &a, 128),
	    VS_UNREACHABLE);
	assert_int_equal(vs_addr_parse("2a02:1000::1", 12, &a), 0);
	assert_int_equal(claimed(&out, VS_PROTO_ICMPV6, &a, 128), VS_REACHABLE);
	/* the VPC's own block is no internet */
	assert_int_equal(vs_addr_parse("2600:1f18:6666:66ff::1", 22, &a), 0);
	assert_int_equal(claimed(&out, VS_PROTO_TCP, &a, 443), VS_UNREACHABLE);
}

static void
test_internet_classes_lab_admin(void **state)
{
	(void)state;
	check_internet_rows(lab, "eni-0radmin");
}

static void
test_internet_classes_lab_web(void **state)
{
	(void)state;
	/* web's subnet routes 52.0.0.0/8 to a virtual private gateway and
	 * 45.0.0.0/16 to a deleted NAT gateway (blackhole): replies to
	 * those internet hosts never make it back */
	assert_string_equal(vname(verdict(lab, "52.1.2.3", "eni-0rweb",
				VS_PROTO_TCP, 80)),
	    "unknown");
	assert_string_equal(vname(verdict(lab, "45.0.1.2", "eni-0rweb",
				VS_PROTO_TCP, 80)),
	    "unreachable");
	check_internet_rows(lab, "eni-0rweb");
}

/*
 * The internet rows of reach on random topologies (tests/unit/gen_topo.c:
 * peering, transit gateways, prefix lists, NAT, appliances, dangling
 * references), for an interface with a public address (IPv4) and one with
 * an IPv6 address (IPv6) in each, until six of each are checked.
 */
static void
test_internet_classes_random(void **state)
{
	unsigned k, done4 = 0, done6 = 0;

	(void)state;
	for (k = 0; k < 60 && (done4 < 6 || done6 < 6); k++) {
		struct gen_rng g;
		struct gen_world w;
		uint32_t e;
		bool did4 = false, did6 = false;

		memset(&w, 0, sizeof(w));
		gen_rng_seed(&g, gen_mix(seed ^ 0x7ea4ull, k));
		if (gen_topo(&g, &w) != 0)
			fail_msg("gen_topo %u of seed %llu failed", k,
			    (unsigned long long)seed);
		for (e = 0; e < w.t->n[VS_K_ENI]; e++) {
			const struct vs_eni *x = &w.t->enis[e];
			if (x->vpc == VS_NONE || x->subnet == VS_NONE)
				continue;
			if (!did4 && done4 < 6 && x->n_v4 > 0 &&
			    x->v4[0].has_public) {
				check_internet_rows_af(w.t, x->id, VS_AF4);
				did4 = true;
				done4++;
			}
			if (!did6 && done6 < 6 && x->n_v6 > 0) {
				check_internet_rows_af(w.t, x->id, VS_AF6);
				did6 = true;
				done6++;
			}
		}
		gen_world_free(&w);
	}
	/* the generator still makes both kinds */
	assert_true(done4 == 6);
	assert_true(done6 == 6);
}

static void
test_reach_rows_interfaces(void **state)
{
	struct vs_reach out;
	char err[512];
	uint32_t i, j;
	struct rng r = {seed};
	bool app1_tcp = false;

	(void)state;
	/* rows from interfaces answer their verdict on their ports */
	if (vs_reach_run(lab, "eni-0rweb", NULL, work, &out, err,
		sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_string_equal(out.to_desc, "eni-0rweb");
	for (i = 0; i < out.n_rows; i++) {
		const struct vs_reach_row *row = &out.rows[i];
		if (strcmp(row->from, "internet") == 0)
			continue;
		assert_int_equal(row->n_cidrs, 0);
		for (j = 0; j < row->n_ports; j++) {
			int pp[3];
			unsigned q, m = ports_of(&r, row->ports[j], pp);
			for (q = 0; q < m; q++)
				assert_string_equal(vname(verdict(lab,
							row->from, "eni-0rweb",
							row->proto, pp[q])),
				    vname(row->verdict));
		}
		if (strcmp(row->from, "eni-0rapp1") == 0 &&
		    row->proto == VS_PROTO_TCP) {
			/* 443 (app's ACL lets it out to anywhere) and
			 * 5000-5010 (web's group, from app's subnet) */
			app1_tcp = true;
			assert_string_equal(vname(row->verdict), "reachable");
			assert_int_equal(row->n_ports, 2);
			assert_int_equal(row->ports[0].lo, 443);
			assert_int_equal(row->ports[0].hi, 443);
			assert_int_equal(row->ports[1].lo, 5000);
			assert_int_equal(row->ports[1].hi, 5010);
		}
		/* the destination itself is not a source */
		assert_string_not_equal(row->from, "eni-0rweb");
	}
	assert_true(app1_tcp);

	/* --from narrows the answer to one source */
	vs_arena_reset(work, work0);
	if (vs_reach_run(lab, "eni-0rweb", "i-0rapp1", work, &out, err,
		sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_true(out.n_rows >= 1);
	for (i = 0; i < out.n_rows; i++)
		assert_string_equal(out.rows[i].from, "eni-0rapp1");

	/* the target by instance and by address */
	vs_arena_reset(work, work0);
	assert_int_equal(vs_reach_run(lab, "i-0rweb", NULL, work, &out, err,
			     sizeof(err)),
	    0);
	assert_string_equal(out.to_desc, "eni-0rweb");
	vs_arena_reset(work, work0);
	assert_int_equal(vs_reach_run(lab, "203.0.113.10", NULL, work, &out,
			     err, sizeof(err)),
	    0);
	assert_string_equal(out.to_desc, "eni-0rweb");

	/* errors */
	vs_arena_reset(work, work0);
	assert_int_equal(vs_reach_run(lab, "i-0nope", NULL, work, &out, err,
			     sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "i-0nope"));
	assert_int_equal(vs_reach_run(lab, "eni-0rweb", "eni-0nope", work, &out,
			     err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "eni-0nope"));
}

/* ---- diff ---- */

struct diffrun {
	struct vs_scache *cache;
	const struct vs_topo *before, *after;
	struct vs_diff df;
};

static void
diff_of(struct diffrun *x, const char *snapshot, const char *change)
{
	struct vs_diags *d = vs_diags_new();
	unsigned n = 0;
	char err[512];

	memset(x, 0, sizeof(*x));
	x->cache = vs_scache_new();
	if (vs_scenario_changed(x->cache, path_of(snapshot), path_of(change), d,
		&x->before, &x->after, &n) != 0) {
		size_t i;
		char b[1024];
		for (i = 0; i < vs_diags_count(d); i++)
			print_message("%s\n",
			    vs_diag_str(vs_diags_get(d, i), b, sizeof(b)));
		fail_msg("%s does not apply to %s", change, snapshot);
	}
	vs_diags_free(&d);
	vs_arena_reset(work, work0);
	if (vs_diff_run(x->before, x->after, work, &x->df, err, sizeof(err)) !=
	    0)
		fail_msg("vs_diff_run: %s", err);
}

static void
diff_free(struct diffrun *x)
{
	vs_scache_free(&x->cache);
}

/* Is the flow (from, to, proto, port), with inet its internet side when
 * one of from/to is "internet", in a row of the diff? */
static const struct vs_diff_row *
listed(const struct vs_diff *df, const char *from, const char *to,
    const struct vs_addr *inet, int proto, int port)
{
	uint32_t i;

	for (i = 0; i < df->n_rows; i++) {
		const struct vs_diff_row *r = &df->rows[i];
		if (r->ipv6 != use_v6 || r->proto != proto ||
		    strcmp(r->from, from) != 0 || strcmp(r->to, to) != 0 ||
		    port < r->ports.lo || port > r->ports.hi)
			continue;
		if (inet != NULL && !in_blocks(r->cidrs, r->n_cidrs, inet))
			continue;
		return r;
	}
	return NULL;
}

/* One flow of a row: the two traces must give the row's two verdicts. */
static void
check_row_flow(const struct diffrun *x, const char *what,
    const struct vs_diff_row *row, const char *f, const char *t, const int *pp,
    unsigned m)
{
	unsigned q;

	use_v6 = row->ipv6;
	for (q = 0; q < m; q++) {
		enum vs_verdict b = verdict(x->before, f, t, row->proto, pp[q]);
		enum vs_verdict a = verdict(x->after, f, t, row->proto, pp[q]);
		if (b != row->before || a != row->after)
			fail_msg("%s: the row %s -> %s %s %u-%u %s -> %s: %s "
				 "-> "
				 "%s port %d traces %s -> %s (seed %llu)",
			    what, row->from, row->to, pname(row->proto),
			    row->ports.lo, row->ports.hi, vname(row->before),
			    vname(row->after), f, t, pp[q], vname(b), vname(a),
			    (unsigned long long)seed);
	}
	use_v6 = false;
}

/*
 * Every row: both verdicts, traced, on sampled ports (both ends and one in
 * between) and, for the internet side, on addresses of its blocks (both
 * ends and a random one of each) and every probe address inside them.
 */
static void
check_rows(const struct diffrun *x, const char *what)
{
	struct rng r = {seed};
	char as[VS_ADDR_STRLEN];
	struct vs_addr probe[1024];
	uint32_t np = probes(&r, x->before, x->after, probe, 400);
	uint32_t i, j, k;

	np += probes6(&r, x->before, x->after, probe + np, 400);
	for (i = 0; i < x->df.n_rows; i++) {
		const struct vs_diff_row *row = &x->df.rows[i];
		bool in = strcmp(row->from, "internet") == 0;
		bool out = strcmp(row->to, "internet") == 0;
		int pp[3];
		unsigned m = ports_of(&r, row->ports, pp);

		assert_true(row->before != row->after);
		assert_false(in && out);
		assert_true((in || out) == (row->n_cidrs > 0));
		if (!in && !out) {
			check_row_flow(x, what, row, row->from, row->to, pp, m);
			continue;
		}
		for (j = 0; j < row->n_cidrs + np; j++) {
			for (k = 0; k < (j < row->n_cidrs ? 3u : 1u); k++) {
				struct vs_addr a;
				if (j >= row->n_cidrs) {
					a = probe[j - row->n_cidrs];
					if (!in_blocks(row->cidrs, row->n_cidrs,
						&a))
						continue;
				} else if (row->ipv6) {
					a = k == 0 ? row->cidrs[j].addr
					    : k == 1
						? vs_prefix_last(&row->cidrs[j])
						: inside6(&r, &row->cidrs[j]);
				} else {
					a = k == 0 ? row->cidrs[j].addr
					    : k == 1
						? vs_prefix_last(&row->cidrs[j])
						: inside(&r, &row->cidrs[j]);
				}
				if (row->ipv6 ? !internet_host6(x->before,
						    x->after, &a)
					      : !internet_host(x->before,
						    x->after, &a))
					continue;
				vs_addr_fmt(&a, as);
				check_row_flow(x, what, row,
				    in ? as : row->from, in ? row->to : as, pp,
				    m);
			}
		}
	}
}

/* A flow no row lists must keep its verdict. */
static void
check_unlisted(const struct diffrun *x, const char *what, const char *from,
    const char *to, const struct vs_addr *inet, int proto, int port)
{
	const char *rf = from, *rt = to;
	enum vs_verdict b, a;

	if (inet != NULL) {
		/* the internet side is named "internet" in rows */
		if (strchr(from, '.') != NULL || strchr(from, ':') != NULL)
			rf = "internet";
		else
			rt = "internet";
	}
	if (listed(&x->df, rf, rt, inet, proto, port) != NULL)
		return;
	b = verdict(x->before, from, to, proto, port);
	a = verdict(x->after, from, to, proto, port);
	if (a != b)
		fail_msg("%s: %s -> %s %s %d goes from %s to %s, but no row "
			 "of the diff lists it (seed %llu)",
		    what, from, to, pname(proto), port, vname(b), vname(a),
		    (unsigned long long)seed);
}

/* Interfaces with an address of family af (IPv4: private), in both
 * topologies. */
static uint32_t
interfaces(const struct diffrun *x, int af, const char **ids, uint32_t cap)
{
	uint32_t i, n = 0;

	for (i = 0; i < x->after->n[VS_K_ENI] && n < cap; i++)
		if ((af == VS_AF4 ? x->after->enis[i].n_v4
				  : x->after->enis[i].n_v6) > 0 &&
		    vs_topo_find_kind(x->before, VS_K_ENI,
			x->after->enis[i].id) != VS_NONE)
			ids[n++] = x->after->enis[i].id;
	return n;
}

/*
 * Flows no row lists keep their verdict: a grid over every pair of
 * interfaces, every interface and every probe address (both ways), the
 * three protocols of family af (IPv4: TCP, UDP, ICMP; IPv6: TCP, UDP,
 * ICMPv6) and a set of ports; then random flows.
 */
static void
check_diff_unlisted_af(const struct diffrun *x, const char *what, int af)
{
	static const int ports[] = {0, 22, 53, 80, 123, 443, 1023, 1024, 3389,
	    5005, 5432, 8055, 8080, 9000, 9100, 9101, 33000, 50000, 62000,
	    65535};
	static const int types4[] = {0, 3, 8, 13, 17};
	static const int types6[] = {0, 1, 128, 129, 135};
	bool v6 = af == VS_AF6;
	const int protos[] = {VS_PROTO_TCP, VS_PROTO_UDP,
	    v6 ? VS_PROTO_ICMPV6 : VS_PROTO_ICMP};
	const char *ids[64];
	struct vs_addr probe[512];
	char as[VS_ADDR_STRLEN];
	struct rng r = {seed ^ (v6 ? 0x6eed : 0x5eed)};
	uint32_t ne = interfaces(x, af, ids, 64), np, i, j, k, pi;

	if (ne == 0)
		return;
	np = probes_af(&r, x->before, x->after, af, probe, 200);
	/* a few plain internet hosts too */
	for (i = 0; i < 8 && np < 512; i++) {
		struct vs_addr a = v6 ? random6(&r) : addr4((uint32_t)rnd(&r));
		if (any_host(x->before, x->after, &a))
			probe[np++] = a;
	}
	use_v6 = v6;
	for (pi = 0; pi < 3; pi++) {
		int proto = protos[pi];
		bool icmp = vs_proto_is_icmp(proto);
		const int *pl = !icmp ? ports : v6 ? types6 : types4;
		uint32_t npl =
		    !icmp ? (uint32_t)(sizeof(ports) / sizeof(ports[0])) : 5u;
		for (k = 0; k < npl; k++) {
			for (i = 0; i < ne; i++) {
				for (j = 0; j < ne; j++)
					if (i != j)
						check_unlisted(x, what, ids[i],
						    ids[j], NULL, proto, pl[k]);
				for (j = 0; j < np; j++) {
					vs_addr_fmt(&probe[j], as);
					check_unlisted(x, what, as, ids[i],
					    &probe[j], proto, pl[k]);
					check_unlisted(x, what, ids[i], as,
					    &probe[j], proto, pl[k]);
				}
			}
		}
	}
	/* random flows */
	for (i = 0; i < 300; i++) {
		int proto = protos[below(&r, 3)];
		int port = (int)below(&r, domain(proto));
		const char *a = ids[below(&r, ne)];
		uint32_t w = below(&r, 3);
		struct vs_addr h;
		if (w == 0) {
			const char *b = ids[below(&r, ne)];
			if (a != b)
				check_unlisted(x, what, a, b, NULL, proto,
				    port);
			continue;
		}
		h = v6 ? random6(&r) : addr4((uint32_t)rnd(&r));
		if (!any_host(x->before, x->after, &h))
			continue;
		vs_addr_fmt(&h, as);
		if (w == 1)
			check_unlisted(x, what, as, a, &h, proto, port);
		else
			check_unlisted(x, what, a, as, &h, proto, port);
	}
	use_v6 = false;
}

static void
check_diff_unlisted(const struct diffrun *x, const char *what)
{
	check_diff_unlisted_af(x, what, VS_AF4);
}

static void
check_diff_unlisted6(const struct diffrun *x, const char *what)
{
	check_diff_unlisted_af(x, what, VS_AF6);
}

static void
test_diff_v6lab(void **state)
{
	struct diffrun x;
	struct vs_addr h;
	const struct vs_diff_row *row;

	(void)state;
	/* the app tier stops taking 9000-9100 from ::/0: over IPv6 from the
	 * internet and from web; 8080 from web's subnet stays */
	diff_of(&x, "tests/data/reach/v6lab.json",
	    "tests/data/change/v6lab-revoke-9000.yaml");
	assert_int_equal(vs_addr_parse("2a05::9", 7, &h), 0);
	use_v6 = true;
	row = listed(&x.df, "internet", "eni-06app", &h, VS_PROTO_TCP, 9050);
	assert_non_null(row);
	assert_true(row->all_internet);
	assert_string_equal(vname(row->before), "reachable");
	assert_string_equal(vname(row->after), "unreachable");
	row = listed(&x.df, "eni-06web", "eni-06app", NULL, VS_PROTO_TCP, 9000);
	assert_non_null(row);
	assert_null(
	    listed(&x.df, "eni-06web", "eni-06app", NULL, VS_PROTO_TCP, 8080));
	use_v6 = false;
	assert_int_equal(x.df.n_rows, 2);
	check_rows(&x, "v6lab-revoke-9000");
	check_diff_unlisted(&x, "v6lab-revoke-9000");
	check_diff_unlisted6(&x, "v6lab-revoke-9000");
	diff_free(&x);

	/* an outbound ACL entry on app's subnet against 2a04::/16: app's
	 * replies to those hosts, and its own connections to them */
	diff_of(&x, "tests/data/reach/v6lab.json",
	    "tests/data/change/v6lab-deny-2a04.yaml");
	assert_int_equal(vs_addr_parse("2a04:1::1", 9, &h), 0);
	use_v6 = true;
	row = listed(&x.df, "internet", "eni-06app", &h, VS_PROTO_TCP, 9000);
	assert_non_null(row);
	assert_int_equal(row->n_cidrs, 1);
	assert_false(row->all_internet);
	row = listed(&x.df, "eni-06app", "internet", &h, VS_PROTO_TCP, 2000);
	assert_non_null(row);
	assert_null(
	    listed(&x.df, "eni-06app", "internet", &h, VS_PROTO_TCP, 443));
	use_v6 = false;
	check_rows(&x, "v6lab-deny-2a04");
	check_diff_unlisted(&x, "v6lab-deny-2a04");
	check_diff_unlisted6(&x, "v6lab-deny-2a04");
	diff_free(&x);
}

static void
test_diff_revoke_https(void **state)
{
	struct diffrun x;
	struct vs_addr rep;
	const struct vs_diff_row *row;

	(void)state;
	diff_of(&x, "scenarios/snapshots/shop",
	    "scenarios/changes/revoke-https.yaml");
	/* the ticket's effect (docs/scenarios.md): IPv4 HTTPS from the
	 * internet to web stops at web's group */
	assert_int_equal(vs_addr_parse("198.51.100.10", 13, &rep), 0);
	row = listed(&x.df, "internet", "eni-0a10000000000web1", &rep,
	    VS_PROTO_TCP, 443);
	assert_non_null(row);
	assert_string_equal(vname(row->before), "reachable");
	assert_string_equal(vname(row->after), "unreachable");
	row = listed(&x.df, "eni-0a20000000000app1", "eni-0a10000000000web1",
	    NULL, VS_PROTO_TCP, 443);
	assert_non_null(row);
	/* and not port 80 */
	assert_null(listed(&x.df, "internet", "eni-0a10000000000web1", &rep,
	    VS_PROTO_TCP, 80));
	check_rows(&x, "revoke-https");
	check_diff_unlisted(&x, "revoke-https");
	diff_free(&x);
}

static void
test_diff_tighten_app_nacl(void **state)
{
	struct diffrun x;
	struct vs_addr api;
	const struct vs_diff_row *row;

	(void)state;
	diff_of(&x, "scenarios/snapshots/shop",
	    "scenarios/changes/tighten-app-nacl.yaml");
	/* 13-whatif-cuts-live-flow.yaml: the payment API call is cut */
	assert_int_equal(vs_addr_parse("198.51.100.7", 12, &api), 0);
	row = listed(&x.df, "eni-0a20000000000app1", "internet", &api,
	    VS_PROTO_TCP, 443);
	assert_non_null(row);
	assert_string_equal(vname(row->before), "reachable");
	assert_string_equal(vname(row->after), "unreachable");
	check_rows(&x, "tighten-app-nacl");
	check_diff_unlisted(&x, "tighten-app-nacl");
	diff_free(&x);
}

static void
test_diff_partner_return_route(void **state)
{
	struct diffrun x;
	const struct vs_diff_row *row;

	(void)state;
	diff_of(&x, "scenarios/snapshots/shop",
	    "scenarios/changes/partner-return-route.yaml");
	/* 11-peering-fixed.yaml: app to partner works both ways */
	row = listed(&x.df, "eni-0a20000000000app1", "eni-0b10000000partner",
	    NULL, VS_PROTO_TCP, 443);
	assert_non_null(row);
	assert_string_equal(vname(row->before), "unreachable");
	assert_string_equal(vname(row->after), "reachable");
	check_rows(&x, "partner-return-route");
	check_diff_unlisted(&x, "partner-return-route");
	diff_free(&x);
}

static void
test_diff_fix_https(void **state)
{
	struct diffrun x;

	(void)state;
	/* revoke and re-authorize the same rule: no flow changes */
	diff_of(&x, "scenarios/snapshots/shop",
	    "scenarios/changes/fix-https.yaml");
	assert_int_equal(x.df.n_rows, 0);
	check_diff_unlisted(&x, "fix-https");
	diff_free(&x);
}

static void
test_diff_lab_no_effect(void **state)
{
	struct diffrun x;

	(void)state;
	diff_of(&x, "tests/data/reach/lab.json",
	    "tests/data/reach/changes/no-effect.yaml");
	assert_int_equal(x.df.n_rows, 0);
	check_diff_unlisted(&x, "no-effect");
	diff_free(&x);
}

static void
test_diff_lab_nacl(void **state)
{
	struct diffrun x;

	(void)state;
	diff_of(&x, "tests/data/reach/lab.json",
	    "tests/data/reach/changes/web-nacl.yaml");
	assert_true(x.df.n_rows > 0);
	check_rows(&x, "web-nacl");
	check_diff_unlisted(&x, "web-nacl");
	diff_free(&x);
}

static void
test_diff_lab_appliance(void **state)
{
	struct diffrun x;

	(void)state;
	/* Turning the firewall's source/destination check off opens the
	 * routed path app -> svc (tcp 9000): the firewall's own flows do
	 * not change, the flows through it do. */
	diff_of(&x, "tests/data/reach/lab.json",
	    "tests/data/reach/changes/fw-check-off.yaml");
	assert_string_equal(vname(verdict(x.before, "eni-0rapp1", "eni-0rsvc",
				VS_PROTO_TCP, 9000)),
	    "unreachable");
	assert_string_equal(vname(verdict(x.after, "eni-0rapp1", "eni-0rsvc",
				VS_PROTO_TCP, 9000)),
	    "reachable");
	check_rows(&x, "fw-check-off");
	check_diff_unlisted(&x, "fw-check-off");
	diff_free(&x);
}

static void
test_diff_lab_public_route(void **state)
{
	struct diffrun x;

	(void)state;
	/* A route for one public block (11.22.0.0/16) through the NAT
	 * gateway in web's subnet: replies from web to those hosts take
	 * the NAT gateway, which did not carry the request. */
	diff_of(&x, "tests/data/reach/lab.json",
	    "tests/data/reach/changes/public-route.yaml");
	assert_string_not_equal(vname(verdict(x.before, "11.22.33.44",
				    "eni-0rweb", VS_PROTO_TCP, 80)),
	    vname(verdict(x.after, "11.22.33.44", "eni-0rweb", VS_PROTO_TCP,
		80)));
	check_rows(&x, "public-route");
	check_diff_unlisted(&x, "public-route");
	diff_free(&x);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_pair_internet_to_web_tcp, test_setup),
	    cmocka_unit_test_setup(test_pair_internet_to_web_udp_icmp,
		test_setup),
	    cmocka_unit_test_setup(test_pair_between_interfaces, test_setup),
	    cmocka_unit_test_setup(test_pair_shop, test_setup),
	    cmocka_unit_test_setup(test_internet_classes_shop, test_setup),
	    cmocka_unit_test_setup(test_internet_classes_lab_admin, test_setup),
	    cmocka_unit_test_setup(test_internet_classes_lab_web, test_setup),
	    cmocka_unit_test_setup(test_internet_classes_v6lab, test_setup),
	    cmocka_unit_test_setup(test_internet_classes_random, test_setup),
	    cmocka_unit_test_setup(test_reach_rows_interfaces, test_setup),
	    cmocka_unit_test_setup(test_diff_revoke_https, test_setup),
	    cmocka_unit_test_setup(test_diff_tighten_app_nacl, test_setup),
	    cmocka_unit_test_setup(test_diff_partner_return_route, test_setup),
	    cmocka_unit_test_setup(test_diff_fix_https, test_setup),
	    cmocka_unit_test_setup(test_diff_lab_no_effect, test_setup),
	    cmocka_unit_test_setup(test_diff_lab_nacl, test_setup),
	    cmocka_unit_test_setup(test_diff_lab_appliance, test_setup),
	    cmocka_unit_test_setup(test_diff_lab_public_route, test_setup),
	    cmocka_unit_test_setup(test_diff_v6lab, test_setup),
	};

	/* test_reach [PATTERN]: run only the tests matching PATTERN */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
