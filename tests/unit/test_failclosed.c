/*
 * test_failclosed.c - "fail closed": what the snapshot lacks makes a
 * verdict `unknown` when, and only when, the verdict depends on it.
 *
 * DESIGN.md section 2 and docs/trace.md (Verdicts): a security group, a
 * prefix list, a NAT gateway, a peering connection or a transit gateway
 * route table (or its routes) that a rule or route names but the snapshot
 * does not describe makes the verdict `unknown`, with the missing id named
 * by the hop that could not decide; vpcsim never guesses allow or deny.  A
 * verdict the missing object cannot change stays definite.
 *
 * The network is tests/data/failclosed/ (its README.txt draws it): each
 * missing object sits on its own path, so every case has a query that
 * crosses it and one that does not.  The transit gateway cases add one
 * file of tests/data/failclosed/tgw/ to the base; tgw/complete.json is the
 * control that shows the path works once everything is described.
 * Every test calls vs_trace_run() directly.
 */
/* cmocka.h needs these four headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "eval.h"
#include "load.h"
#include "topo.h"

#define BASE "tests/data/failclosed/base"
#define TGW  "tests/data/failclosed/tgw/"

/* ---- harness ---- */

struct fx {
	struct vs_topo *t;
	struct vs_arena *a;
	struct vs_trace tr;
};

/* Load the base network, plus one extra file when extra is not NULL. */
static struct fx *
load(const char *extra)
{
	struct fx *x = test_calloc(1, sizeof(*x));
	struct vs_diags *d = vs_diags_new();
	struct vs_loader *l;

	x->t = vs_topo_new();
	l = vs_loader_new(x->t, d);
	vs_loader_path(l, BASE);
	if (extra != NULL)
		vs_loader_path(l, extra);
	if (vs_loader_done(&l, NULL) != 0) {
		char buf[1024];
		size_t i;
		for (i = 0; i < vs_diags_count(d); i++)
			print_error("%s\n",
			    vs_diag_str(vs_diags_get(d, i), buf, sizeof(buf)));
		fail_msg("the fixture does not load");
	}
	/* the dangling references are there on purpose: warnings only */
	assert_true(vs_diags_warnings(d) > 0);
	vs_diags_free(&d);
	x->a = vs_arena_new();
	return x;
}

static int
setup_base(void **state)
{
	*state = load(NULL);
	return 0;
}

static int
setup_rtb_missing(void **state)
{
	*state = load(TGW "rtb-missing.json");
	return 0;
}

static int
setup_routes_missing(void **state)
{
	*state = load(TGW "routes-missing.json");
	return 0;
}

static int
setup_complete(void **state)
{
	*state = load(TGW "complete.json");
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	vs_arena_free(&x->a);
	vs_topo_free(&x->t);
	test_free(x);
	return 0;
}

/* Trace from -> to, TCP to port; returns the verdict. */
static enum vs_verdict
tcp(struct fx *x, const char *from, const char *to, int port)
{
	struct vs_query q;
	char err[256] = "";

	memset(&q, 0, sizeof(q));
	q.from = from;
	q.to = to;
	q.proto = 6;
	q.port = port;
	q.src_port = q.icmp_type = q.icmp_code = -1;
	memset(&x->tr, 0, sizeof(x->tr));
	if (vs_trace_run(x->t, &q, x->a, &x->tr, err, sizeof(err)) != 0)
		fail_msg("%s -> %s tcp %d refused: %s", from, to, port, err);
	return x->tr.verdict;
}

/* The hop that decided a verdict other than reachable. */
static const struct vs_hop *
deciding_hop(const struct vs_trace *tr)
{
	const struct vs_leg *l = tr->fwd.delivered ? &tr->ret : &tr->fwd;

	assert_true(l->walked);
	assert_true(l->blocked >= 0 && (uint32_t)l->blocked < l->n_hops);
	return &l->hops[l->blocked];
}

/* The trace is unknown, undecided at a hop of component comp naming the
 * missing id. */
static void
assert_unknown(struct fx *x, enum vs_comp comp, const char *missing)
{
	const struct vs_hop *h;

	if (x->tr.verdict != VS_UNKNOWN)
		fail_msg("expected unknown (missing %s), got %s", missing,
		    vs_verdict_names[x->tr.verdict]);
	h = deciding_hop(&x->tr);
	assert_int_equal(h->action, VS_A_UNKNOWN);
	if (h->comp != comp)
		fail_msg("undecided at a %s, expected a %s",
		    vs_comp_names[h->comp], vs_comp_names[comp]);
	assert_non_null(h->missing);
	assert_string_equal(h->missing, missing);
}

static void
assert_verdict(struct fx *x, enum vs_verdict want)
{
	if (x->tr.verdict != want)
		fail_msg("expected %s, got %s", vs_verdict_names[want],
		    vs_verdict_names[x->tr.verdict]);
}

/* ---- a security group on an interface ---- */

/* eni-0b is in sg-0web (443 from anywhere) and sg-0gone (not described).
 * Port 8080: only sg-0gone could allow it. */
static void
fc_sg_on_eni_depends(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0a", "eni-0b", 8080);
	assert_unknown(x, VS_C_SG, "sg-0gone");
	assert_string_equal(deciding_hop(&x->tr)->id, "eni-0b");
	assert_int_equal(deciding_hop(&x->tr)->dir, VS_DIR_INGRESS);
}

/* Port 443: sg-0web allows it, and group rules are a union of allows, so
 * whatever sg-0gone holds cannot take it away. */
static void
fc_sg_on_eni_definite(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0a", "eni-0b", 443);
	assert_verdict(x, VS_REACHABLE);
	/* and its egress is decided by sg-0web's allow-all */
	tcp(x, "eni-0b", "eni-0a", 22);
	assert_verdict(x, VS_REACHABLE);
}

/* ---- a security group referenced by a rule ---- */

/* sg-0db: 5432 from sg-0gone2 (not described) or from 10.60.1.10/32.
 * eni-0d (10.60.3.10) is matched only by the reference. */
static void
fc_sg_ref_depends(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0d", "eni-0c", 5432);
	assert_unknown(x, VS_C_SG, "sg-0gone2");
	assert_string_equal(deciding_hop(&x->tr)->id, "eni-0c");
}

/* eni-0a (10.60.1.10) is allowed by the CIDR rule; port 80 is allowed by
 * no rule of any kind: both definite. */
static void
fc_sg_ref_definite(void **state)
{
	struct fx *x = *state;
	const struct vs_hop *h;

	tcp(x, "eni-0a", "eni-0c", 5432);
	assert_verdict(x, VS_REACHABLE);
	tcp(x, "eni-0a", "eni-0c", 80);
	assert_verdict(x, VS_UNREACHABLE);
	h = deciding_hop(&x->tr);
	assert_int_equal(h->comp, VS_C_SG);
	assert_int_equal(h->reason, VS_R_ENI_SG_RULES_MISMATCH);
	assert_null(h->missing);
}

/* ---- a prefix list in a security group rule ---- */

/* sg-0db: 22 from pl-0gone (not described) or from 10.60.3.10/32. */
static void
fc_pl_in_sg_depends(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0a", "eni-0c", 22);
	assert_unknown(x, VS_C_SG, "pl-0gone");
}

static void
fc_pl_in_sg_definite(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0d", "eni-0c", 22);
	assert_verdict(x, VS_REACHABLE);
}

/* ---- a prefix list in a route ---- */

/* rtb-0c: 0.0.0.0/0 -> igw-0fc, pl-0gone3 (not described) blackhole,
 * 203.0.113.7/32 -> igw-0fc.  198.51.100.10 may be in the list, whose
 * entry would be longer than /0: blackhole or internet, unknown. */
static void
fc_pl_route_depends(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0d", "198.51.100.10", 443);
	assert_unknown(x, VS_C_RTB, "pl-0gone3");
	assert_string_equal(deciding_hop(&x->tr)->id, "rtb-0c");
}

/* 10.60.1.10 is inside the VPC: the local route wins (a route more
 * specific than local may only name a whole subnet with a NAT gateway,
 * interface or endpoint target, never a prefix list). */
static void
fc_pl_route_local_definite(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0d", "eni-0a", 443);
	assert_verdict(x, VS_REACHABLE);
}

/* 203.0.113.7 has a /32 static route: no list entry is longer, and at
 * equal length a static route beats a prefix-list route (docs/trace.md
 * step 4), so whatever pl-0gone3 holds, the /32 decides. */
static void
fc_pl_route_static_32_definite(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0d", "203.0.113.7", 443);
	assert_verdict(x, VS_REACHABLE);
}

/* ---- a NAT gateway ---- */

/* rtb-0a: 0.0.0.0/0 -> nat-0gone (not described). */
static void
fc_nat_depends(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0a", "198.51.100.10", 443);
	assert_unknown(x, VS_C_NATGW, "nat-0gone");
}

/* The same table's local route: the NAT gateway is not on the path. */
static void
fc_nat_definite(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0a", "eni-0b", 443);
	assert_verdict(x, VS_REACHABLE);
}

/* ---- a peering connection ---- */

/* rtb-0a: 192.168.0.0/16 -> pcx-0gone (not described); so does the peer
 * VPC's table, for the other direction. */
static void
fc_pcx_depends(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0a", "eni-0p", 443);
	assert_unknown(x, VS_C_PCX, "pcx-0gone");
	tcp(x, "eni-0p", "eni-0a", 443);
	assert_unknown(x, VS_C_PCX, "pcx-0gone");
}

/* subnet-0b's table has no route to the peer VPC: a definite no-route,
 * whatever the peering would have done. */
static void
fc_pcx_definite(void **state)
{
	struct fx *x = *state;
	const struct vs_hop *h;

	tcp(x, "eni-0b", "eni-0p", 443);
	assert_verdict(x, VS_UNREACHABLE);
	h = deciding_hop(&x->tr);
	assert_int_equal(h->comp, VS_C_RTB);
	assert_int_equal(h->reason, VS_R_NO_ROUTE_TO_DESTINATION);
	assert_null(h->missing);
}

/* ---- a transit gateway route table, and its routes ---- */

/* Both attachments are associated with tgw-rtb-0gone, not described. */
static void
fc_tgw_rtb_missing_depends(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0a", "eni-0t", 443);
	assert_unknown(x, VS_C_TGW, "tgw-rtb-0gone");
	tcp(x, "eni-0t", "eni-0a", 443);
	assert_unknown(x, VS_C_TGW, "tgw-rtb-0gone");
}

static void
fc_tgw_rtb_missing_definite(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0a", "eni-0b", 443);
	assert_verdict(x, VS_REACHABLE);
}

/* tgw-rtb-0bare is described, but no route listing for it is. */
static void
fc_tgw_routes_missing_depends(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0a", "eni-0t", 443);
	assert_unknown(x, VS_C_TGW, "tgw-rtb-0bare");
}

static void
fc_tgw_routes_missing_definite(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0a", "eni-0b", 443);
	assert_verdict(x, VS_REACHABLE);
}

/* The control: with the table and its routes described, the same path
 * is reachable both ways, so the unknowns above come from what is missing
 * and nothing else. */
static void
fc_tgw_complete_control(void **state)
{
	struct fx *x = *state;

	tcp(x, "eni-0a", "eni-0t", 443);
	assert_verdict(x, VS_REACHABLE);
	tcp(x, "eni-0t", "eni-0a", 443);
	assert_verdict(x, VS_REACHABLE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(fc_sg_on_eni_depends, setup_base,
		teardown),
	    cmocka_unit_test_setup_teardown(fc_sg_on_eni_definite, setup_base,
		teardown),
	    cmocka_unit_test_setup_teardown(fc_sg_ref_depends, setup_base,
		teardown),
	    cmocka_unit_test_setup_teardown(fc_sg_ref_definite, setup_base,
		teardown),
	    cmocka_unit_test_setup_teardown(fc_pl_in_sg_depends, setup_base,
		teardown),
	    cmocka_unit_test_setup_teardown(fc_pl_in_sg_definite, setup_base,
		teardown),
	    cmocka_unit_test_setup_teardown(fc_pl_route_depends, setup_base,
		teardown),
	    cmocka_unit_test_setup_teardown(fc_pl_route_local_definite,
		setup_base, teardown),
	    cmocka_unit_test_setup_teardown(fc_pl_route_static_32_definite,
		setup_base, teardown),
	    cmocka_unit_test_setup_teardown(fc_nat_depends, setup_base,
		teardown),
	    cmocka_unit_test_setup_teardown(fc_nat_definite, setup_base,
		teardown),
	    cmocka_unit_test_setup_teardown(fc_pcx_depends, setup_base,
		teardown),
	    cmocka_unit_test_setup_teardown(fc_pcx_definite, setup_base,
		teardown),
	    cmocka_unit_test_setup_teardown(fc_tgw_rtb_missing_depends,
		setup_rtb_missing, teardown),
	    cmocka_unit_test_setup_teardown(fc_tgw_rtb_missing_definite,
		setup_rtb_missing, teardown),
	    cmocka_unit_test_setup_teardown(fc_tgw_routes_missing_depends,
		setup_routes_missing, teardown),
	    cmocka_unit_test_setup_teardown(fc_tgw_routes_missing_definite,
		setup_routes_missing, teardown),
	    cmocka_unit_test_setup_teardown(fc_tgw_complete_control,
		setup_complete, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
