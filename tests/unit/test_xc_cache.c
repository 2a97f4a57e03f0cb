/*
 * test_xc_cache.c - the cross-check's decision cache against fresh
 * evaluations.
 *
 * The cache keys a decision on the interval of the peer's address between
 * the prefixes an interface's rules name, the interval of each port
 * between the ranges they name, and the groups a referenced sender
 * belongs to, not on the address and ports themselves.  That is only
 * right if every packet in one key gets the same answer.  This test
 * draws random topologies (tests/unit/gen_topo.c) and, on each, random
 * flow-log records aimed at the boundaries the rules draw (a prefix's
 * first and last address and their neighbours, a range's ends and their
 * neighbours) and elsewhere, and requires the cached classification of
 * every record to equal the uncached one field by field.  Records are
 * classified twice in a shuffled order so that most of the cached
 * answers come from the cache.
 *
 * VS_SEED=N replays one seed; VS_CASES=N sets the number of topologies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crosscheck.h"
#include "flowlog.h"
#include "gen_topo.h"
#include "ip.h"
#include "topo.h"

#define RECS 400

/* An address near the boundaries the topology's rules draw. */
static struct vs_addr
pick_peer(struct gen_rng *r, const struct vs_topo *t, int af)
{
	struct vs_addr a;
	uint32_t k, i;

	memset(&a, 0, sizeof(a));
	a.af = (uint8_t)af;
	switch (gen_below(r, 5)) {
	case 0: {
		/* an interface's private address */
		const struct vs_eni *e;
		if (t->n[VS_K_ENI] == 0)
			break;
		e = &t->enis[gen_below(r, t->n[VS_K_ENI])];
		if (af == VS_AF4 && e->n_v4 > 0)
			return e->v4[gen_below(r, e->n_v4)].priv;
		if (af == VS_AF6 && e->n_v6 > 0)
			return e->v6[gen_below(r, e->n_v6)];
		break;
	}
	case 1:
	case 2: {
		/* the edge of a security-group rule's prefix */
		const struct vs_sg *g;
		const struct vs_sg_rule *ru;
		if (t->n[VS_K_SG] == 0)
			break;
		g = &t->sgs[gen_below(r, t->n[VS_K_SG])];
		if (g->n_rules == 0)
			break;
		ru = &g->rules[gen_below(r, g->n_rules)];
		if (ru->kind != VS_PEER_CIDR || ru->cidr.addr.af != af)
			break;
		a = gen_pct(r, 50) ? ru->cidr.addr : vs_prefix_last(&ru->cidr);
		goto nudge;
	}
	case 3: {
		/* the edge of a network ACL entry's or a subnet's prefix */
		const struct vs_nacl *n;
		if (t->n[VS_K_NACL] > 0 && gen_pct(r, 60)) {
			n = &t->nacls[gen_below(r, t->n[VS_K_NACL])];
			if (n->n_entries == 0)
				break;
			i = gen_below(r, n->n_entries);
			if (n->entries[i].cidr.addr.af != af)
				break;
			a = gen_pct(r, 50)
				? n->entries[i].cidr.addr
				: vs_prefix_last(&n->entries[i].cidr);
		} else if (t->n[VS_K_SUBNET] > 0 && af == VS_AF4) {
			const struct vs_subnet *s =
			    &t->subnets[gen_below(r, t->n[VS_K_SUBNET])];
			if (!s->has_cidr4)
				break;
			a = gen_pct(r, 50) ? s->cidr4.addr
					   : vs_prefix_last(&s->cidr4);
		} else {
			break;
		}
		goto nudge;
	}
	default:
		break;
	}
	/* anywhere */
	a.af = (uint8_t)af;
	if (af == VS_AF4) {
		a.hi = 0;
		a.lo = gen_u64(r) & 0xffffffffu;
	} else {
		a.hi = 0x2000000000000000ull | (gen_u64(r) >> 3);
		a.lo = gen_u64(r);
	}
	return a;
nudge:
	k = gen_below(r, 3);
	if (k == 1 &&
	    !(a.af == VS_AF4 ? a.lo == 0xffffffffu : a.lo == UINT64_MAX))
		a.lo++;
	else if (k == 2 && a.lo > 0)
		a.lo--;
	return a;
}

/* A port near the boundaries of the ranges the rules name. */
static uint16_t
pick_port(struct gen_rng *r, const struct vs_topo *t)
{
	int32_t v = -1;

	if (gen_pct(r, 60) && t->n[VS_K_SG] > 0) {
		const struct vs_sg *g = &t->sgs[gen_below(r, t->n[VS_K_SG])];
		if (g->n_rules > 0) {
			const struct vs_sg_rule *ru =
			    &g->rules[gen_below(r, g->n_rules)];
			if (ru->from >= 0)
				v = gen_pct(r, 50) ? ru->from : ru->to;
		}
	} else if (gen_pct(r, 60) && t->n[VS_K_NACL] > 0) {
		const struct vs_nacl *n =
		    &t->nacls[gen_below(r, t->n[VS_K_NACL])];
		if (n->n_entries > 0) {
			const struct vs_nacl_entry *e =
			    &n->entries[gen_below(r, n->n_entries)];
			if (e->has_ports)
				v = gen_pct(r, 50) ? e->ports.lo : e->ports.hi;
		}
	}
	if (v < 0) {
		static const uint16_t common[] = {22, 53, 80, 443, 1024, 3389,
		    5432, 32767, 32768, 49151, 49152, 60999, 61000, 65535};
		return gen_pct(r, 50) ? common[gen_below(r, 14)]
				      : (uint16_t)gen_below(r, 65536);
	}
	v += (int32_t)gen_below(r, 3) - 1;
	if (v < 0)
		v = 0;
	if (v > 65535)
		v = 65535;
	return (uint16_t)v;
}

/* A record logged at one of w's interfaces. */
static bool
make_record(struct gen_rng *r, const struct vs_topo *t, struct vs_flowrec *rec)
{
	static const int protos[] = {6, 6, 6, 17, 17, 1, 58, 47};
	const struct vs_eni *e;
	struct vs_addr own, peer;
	vs_idx ei;
	bool v6, out;

	if (t->n[VS_K_ENI] == 0)
		return false;
	ei = gen_below(r, t->n[VS_K_ENI]);
	e = &t->enis[ei];
	v6 = e->n_v6 > 0 && gen_pct(r, 25);
	if (!v6 && e->n_v4 == 0)
		return false;
	own = v6 ? e->v6[gen_below(r, e->n_v6)]
		 : e->v4[gen_below(r, e->n_v4)].priv;
	peer = pick_peer(r, t, v6 ? VS_AF6 : VS_AF4);
	if (vs_addr_eq(&peer, &own))
		return false;
	memset(rec, 0, sizeof(*rec));
	rec->interface_id.p = e->id;
	rec->interface_id.n = (uint32_t)strlen(e->id);
	rec->proto = protos[gen_below(r, 8)];
	if (v6 && rec->proto == 1)
		rec->proto = 58;
	if (!v6 && rec->proto == 58)
		rec->proto = 1;
	out = gen_pct(r, 50);
	rec->src = out ? own : peer;
	rec->dst = out ? peer : own;
	if (rec->proto == 6 || rec->proto == 17) {
		rec->sport = pick_port(r, t);
		rec->dport = pick_port(r, t);
	}
	rec->action = gen_pct(r, 50) ? VS_FL_ACCEPT : VS_FL_REJECT;
	rec->status = VS_FL_OK;
	rec->tcp_flags = -1;
	rec->traffic_path = -1;
	rec->have = (1ull << VS_FL_SRCADDR) | (1ull << VS_FL_DSTADDR) |
		    (1ull << VS_FL_PROTOCOL) | (1ull << VS_FL_ACTION) |
		    (1ull << VS_FL_INTERFACE_ID) | (1ull << VS_FL_SRCPORT) |
		    (1ull << VS_FL_DSTPORT);
	if (rec->proto == 6 && gen_pct(r, 40)) {
		static const int flags[] = {2, 18, 1, 4, 3, 16};
		rec->tcp_flags = flags[gen_below(r, 6)];
		rec->have |= 1ull << VS_FL_TCP_FLAGS;
	}
	if (gen_pct(r, 30)) {
		rec->dir = out ? VS_FL_EGRESS : VS_FL_INGRESS;
		rec->have |= 1ull << VS_FL_FLOW_DIRECTION;
	}
	return true;
}

static bool
same_result(const struct vs_xc_result *a, const struct vs_xc_result *b)
{
	if (a->cls != b->cls || a->eni != b->eni || a->dir != b->dir ||
	    a->reply != b->reply || a->has_block != b->has_block ||
	    a->note != b->note || a->late != b->late ||
	    a->service_port != b->service_port)
		return false;
	if ((a->missing == NULL) != (b->missing == NULL) ||
	    (a->missing && strcmp(a->missing, b->missing) != 0))
		return false;
	if (!a->has_block)
		return true;
	return a->block.comp == b->block.comp && a->block.dir == b->block.dir &&
	       a->block.rule == b->block.rule &&
	       a->block.entry == b->block.entry &&
	       a->block.reason == b->block.reason &&
	       a->block.groups == b->block.groups &&
	       ((a->block.id == NULL && b->block.id == NULL) ||
		   (a->block.id && b->block.id &&
		       strcmp(a->block.id, b->block.id) == 0));
}

static const char *
fmt_rec(const struct vs_flowrec *r, char *buf, size_t n)
{
	char s[VS_ADDR_STRLEN], d[VS_ADDR_STRLEN];
	snprintf(buf, n,
	    "%.*s %s -> %s proto %d ports %u -> %u %s flags %d dir %d",
	    (int)r->interface_id.n, r->interface_id.p, vs_addr_fmt(&r->src, s),
	    vs_addr_fmt(&r->dst, d), r->proto, r->sport, r->dport,
	    r->action == VS_FL_ACCEPT ? "ACCEPT" : "REJECT", r->tcp_flags,
	    (int)r->dir);
	return buf;
}

static void
test_cache_matches_fresh(void **state)
{
	const char *env = getenv("VS_SEED");
	const char *envn = getenv("VS_CASES");
	uint64_t first = env ? strtoull(env, NULL, 10) : 20261126u;
	unsigned cases = env ? 1u : envn ? (unsigned)atoi(envn) : 300u;
	unsigned c, i, hits_total = 0;
	uint64_t hits, lookups, all_lookups = 0;
	static struct vs_flowrec recs[RECS];

	(void)state;
	for (c = 0; c < cases; c++) {
		uint64_t seed = gen_mix(first, c);
		struct gen_rng r;
		struct gen_world w;
		struct vs_xc *fresh, *cached;
		unsigned n = 0, pass;

		gen_rng_seed(&r, seed);
		memset(&w, 0, sizeof(w));
		if (gen_topo(&r, &w) != 0)
			fail_msg("seed %llu: the generator's topology does not "
				 "finish",
			    (unsigned long long)seed);
		for (i = 0; i < RECS * 2 && n < RECS; i++)
			if (make_record(&r, w.t, &recs[n]))
				n++;
		fresh = vs_xc_new(w.t);
		vs_xc_set_cache(fresh, false);
		cached = vs_xc_new(w.t);
		for (pass = 0; pass < 2; pass++) {
			for (i = 0; i < n; i++) {
				/* the second pass in another order */
				unsigned j = pass ? (i * 7919u + 13u) % n : i;
				struct vs_xc_result a, b;
				char buf[256];
				vs_xc_record(fresh, &recs[j], &a);
				vs_xc_record(cached, &recs[j], &b);
				if (!same_result(&a, &b)) {
					gen_dump(stderr, w.t);
					fail_msg("seed %llu (VS_SEED=%llu), "
						 "record "
						 "%u: %s: fresh %s, cached %s "
						 "(blocked at %s rule %u vs %s "
						 "rule %u)",
					    (unsigned long long)first,
					    (unsigned long long)first, j,
					    fmt_rec(&recs[j], buf, sizeof(buf)),
					    vs_xc_class_names[a.cls],
					    vs_xc_class_names[b.cls],
					    a.has_block
						? vs_comp_names[a.block.comp]
						: "-",
					    a.block.rule,
					    b.has_block
						? vs_comp_names[b.block.comp]
						: "-",
					    b.block.rule);
				}
			}
		}
		vs_xc_cache_stats(cached, &hits, &lookups);
		hits_total += (unsigned)hits;
		all_lookups += lookups;
		vs_xc_free(&fresh);
		vs_xc_free(&cached);
		gen_world_free(&w);
	}
	/* the comparison means little unless the cache answered often */
	print_message("xc cache: %u topologies, %llu lookups, %u from the "
		      "cache\n",
	    cases, (unsigned long long)all_lookups, hits_total);
	if (all_lookups > 0)
		assert_true(hits_total * 3u > all_lookups);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cache_matches_fresh),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
