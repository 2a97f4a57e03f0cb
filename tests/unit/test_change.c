/*
 * test_change.c - unit tests for the change engine (model/change.h).
 *
 * DOC: every test clones one small snapshot (tests/data/change/net.json:
 * a non-default VPC vpc-0c1 with a public, an app and a database subnet, a
 * NAT gateway and an internet gateway; a default VPC vpc-0c2; a third VPC
 * vpc-0c3 for cross-VPC refusals), applies a change list written in YAML
 * the way a scenario file writes it (vs_change_apply), finishes the copy
 * (vs_topo_finish) and checks two things: the model (rules, entries,
 * routes, associations, addresses) and, where the change matters to a
 * packet, the verdict of vs_trace_run before and after.  Refusals are
 * checked by their exact text (docs/scenarios.md lists the AWS error code
 * of each), by their location (the change's path and line), and by the
 * state of the copy: the changes before the refused one are applied,
 * nothing after it is.
 *
 * The expected values come from docs/scenarios.md and the EC2 API
 * reference, not from running the code: a new security group allows all
 * outbound IPv4 and nothing inbound; a revoke must match protocol, ports
 * and peer exactly, and is ignored in a default VPC when nothing matches;
 * replacing the main route table association moves every subnet without an
 * explicit association; and so on.
 */
/* cmocka.h needs these four headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "change.h"
#include "diag.h"
#include "eval.h"
#include "ip.h"
#include "jsonpos.h"
#include "judy.h"
#include "load.h"
#include "topo.h"
#include "yaml.h"

/* ---- the snapshot every test starts from ---- */

static struct vs_topo *base;
static struct vs_arena *scratch;
static struct vs_arena_mark scratch0;

static const char *
srcdir(void)
{
	const char *s = getenv("VS_SRCDIR");
	return s != NULL ? s : ".";
}

static int
group_setup(void **state)
{
	char path[PATH_MAX];
	struct vs_diags *d = vs_diags_new();

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data/change/net.json", srcdir());
	base = vs_snapshot_load(path, d, NULL);
	if (base == NULL || vs_diags_errors(d) != 0) {
		size_t i;
		char b[1024];
		for (i = 0; i < vs_diags_count(d); i++)
			fprintf(stderr, "%s\n",
			    vs_diag_str(vs_diags_get(d, i), b, sizeof(b)));
		vs_diags_free(&d);
		return -1;
	}
	vs_diags_free(&d);
	scratch = vs_arena_new();
	scratch0 = vs_arena_mark(scratch);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	vs_topo_free(&base);
	vs_arena_free(&scratch);
	return 0;
}

/* ---- applying a change list ---- */

struct run {
	struct vs_topo *t; /* the edited copy */
	struct vs_diags *d;
	int n;   /* what vs_change_apply returned */
	int fin; /* what vs_topo_finish returned (when n >= 0) */
};

static void
run_free(struct run *r)
{
	vs_topo_free(&r->t);
	vs_diags_free(&r->d);
}

static void
dump_diags(const struct vs_diags *d)
{
	size_t i;
	char b[1024];

	for (i = 0; i < vs_diags_count(d); i++)
		print_message("  %s\n",
		    vs_diag_str(vs_diags_get(d, i), b, sizeof(b)));
}

/* Apply the YAML change list `yaml` (a list of one-key maps) to a copy of
 * the base snapshot; finish the copy when the list applied. */
static void
apply(struct run *r, const char *yaml)
{
	struct vs_lmap marks = {NULL};
	struct vs_src src;
	cJSON *root;

	memset(r, 0, sizeof(*r));
	r->d = vs_diags_new();
	r->t = vs_topo_clone(base);
	root = vs_yaml_parse(yaml, strlen(yaml), "chg.yaml", &marks, r->d);
	if (root == NULL) {
		dump_diags(r->d);
		fail_msg("the test's YAML does not parse");
	}
	src.file = "chg.yaml";
	src.text = NULL;
	src.len = 0;
	src.marks = &marks;
	r->n = vs_change_apply(r->t, root, "/changes", &src, r->d);
	cJSON_Delete(root);
	vs_lmap_free(&marks);
	r->fin = r->n >= 0 ? vs_topo_finish(r->t, r->d) : -1;
}

/* Apply and require success: n changes applied, no error. */
static void
apply_ok(struct run *r, const char *yaml, int n)
{
	apply(r, yaml);
	if (r->n != n || r->fin != 0 || vs_diags_errors(r->d) != 0) {
		dump_diags(r->d);
		fail_msg("expected %d changes applied cleanly, got %d (finish "
			 "%d, %zu errors)",
		    n, r->n, r->fin, vs_diags_errors(r->d));
	}
}

/* The only error of a run. */
static const struct vs_diag *
the_error(const struct run *r)
{
	size_t i;
	const struct vs_diag *e = NULL;

	if (vs_diags_errors(r->d) != 1) {
		dump_diags(r->d);
		fail_msg("expected exactly one error, got %zu",
		    vs_diags_errors(r->d));
	}
	for (i = 0; i < vs_diags_count(r->d); i++)
		if (vs_diags_get(r->d, i)->sev == VS_SEV_ERR)
			e = vs_diags_get(r->d, i);
	assert_non_null(e);
	return e;
}

/* Apply and require an error at path with exactly this message. */
static void
apply_err(struct run *r, const char *yaml, const char *path, const char *msg)
{
	const struct vs_diag *e;

	apply(r, yaml);
	assert_int_equal(r->n, -1);
	e = the_error(r);
	assert_non_null(e->path);
	assert_string_equal(e->path, path);
	assert_string_equal(e->msg, msg);
	assert_non_null(e->file);
	assert_string_equal(e->file, "chg.yaml");
}

/* A refusal: "AWS would refuse this change (CODE): what". */
static void
apply_refused(struct run *r, const char *yaml, const char *path,
    const char *code, const char *what)
{
	char msg[1024];

	snprintf(msg, sizeof(msg), "AWS would refuse this change (%s): %s",
	    code, what);
	apply_err(r, yaml, path, msg);
}

/* ---- looking at a topology (finished or not) ---- */

static uint32_t
idx_of(const struct vs_topo *t, enum vs_kind k, const char *id)
{
	uint32_t i, n = vs_topo_count(t, k);

	for (i = 0; i < n; i++) {
		const char *x = NULL;
		switch (k) {
		case VS_K_SG:
			x = t->sgs[i].id;
			break;
		case VS_K_NACL:
			x = t->nacls[i].id;
			break;
		case VS_K_RTB:
			x = t->rtbs[i].id;
			break;
		case VS_K_ENI:
			x = t->enis[i].id;
			break;
		case VS_K_SUBNET:
			x = t->subnets[i].id;
			break;
		case VS_K_VPC:
			x = t->vpcs[i].id;
			break;
		default:
			fail_msg("idx_of: kind not handled");
		}
		if (x != NULL && strcmp(x, id) == 0)
			return i;
	}
	return VS_NONE;
}

static const struct vs_sg *
sg(const struct vs_topo *t, const char *id)
{
	uint32_t i = idx_of(t, VS_K_SG, id);
	if (i == VS_NONE)
		fail_msg("no group %s", id);
	return &t->sgs[i];
}

static const struct vs_nacl *
nacl(const struct vs_topo *t, const char *id)
{
	uint32_t i = idx_of(t, VS_K_NACL, id);
	if (i == VS_NONE)
		fail_msg("no network ACL %s", id);
	return &t->nacls[i];
}

static const struct vs_rtb *
rtb(const struct vs_topo *t, const char *id)
{
	uint32_t i = idx_of(t, VS_K_RTB, id);
	if (i == VS_NONE)
		fail_msg("no route table %s", id);
	return &t->rtbs[i];
}

static const struct vs_eni *
eni(const struct vs_topo *t, const char *id)
{
	uint32_t i = idx_of(t, VS_K_ENI, id);
	if (i == VS_NONE)
		fail_msg("no interface %s", id);
	return &t->enis[i];
}

static const struct vs_subnet *
subnet(const struct vs_topo *t, const char *id)
{
	uint32_t i = idx_of(t, VS_K_SUBNET, id);
	if (i == VS_NONE)
		fail_msg("no subnet %s", id);
	return &t->subnets[i];
}

static struct vs_prefix
P(const char *s) {
	struct vs_prefix p;
	if (vs_prefix_parse(s, strlen(s), 0, &p) != VS_PFX_OK)
		fail_msg("bad test prefix %s", s);
	return p;
}

static struct vs_addr
A(const char *s) {
	struct vs_addr a;
	if (vs_addr_parse(s, strlen(s), &a) != 0)
		fail_msg("bad test address %s", s);
	return a;
}

/* Rules of a group in one direction. */
static unsigned
n_rules(const struct vs_sg *g, bool egress)
{
	unsigned n = 0;
	uint32_t i;

	for (i = 0; i < g->n_rules; i++)
		n += g->rules[i].egress == egress;
	return n;
}

/* Does the group have the CIDR rule (proto, from, to, cidr)? */
static bool
has_cidr_rule(const struct vs_sg *g, bool egress, int proto, int from, int to,
    const char *cidr)
{
	struct vs_prefix p = P(cidr);
	uint32_t i;

	for (i = 0; i < g->n_rules; i++) {
		const struct vs_sg_rule *r = &g->rules[i];
		if (r->egress == egress && r->proto == proto &&
		    r->from == from && r->to == to && r->kind == VS_PEER_CIDR &&
		    vs_prefix_cmp(&r->cidr, &p) == 0)
			return true;
	}
	return false;
}

static bool
has_group_rule(const struct vs_sg *g, bool egress, int proto, int from, int to,
    const char *ref)
{
	uint32_t i;

	for (i = 0; i < g->n_rules; i++) {
		const struct vs_sg_rule *r = &g->rules[i];
		if (r->egress == egress && r->proto == proto &&
		    r->from == from && r->to == to && r->kind == VS_PEER_SG &&
		    r->ref != NULL && strcmp(r->ref, ref) == 0)
			return true;
	}
	return false;
}

static const struct vs_sg_rule *
rule_by_id(const struct vs_sg *g, const char *rid)
{
	uint32_t i;

	for (i = 0; i < g->n_rules; i++)
		if (g->rules[i].rule_id != NULL &&
		    strcmp(g->rules[i].rule_id, rid) == 0)
			return &g->rules[i];
	return NULL;
}

static const struct vs_nacl_entry *
entry(const struct vs_nacl *n, uint32_t rule, bool egress)
{
	uint32_t i;

	for (i = 0; i < n->n_entries; i++)
		if (n->entries[i].rule == rule &&
		    n->entries[i].egress == egress)
			return &n->entries[i];
	return NULL;
}

static const struct vs_route *
route_to(const struct vs_rtb *t, const char *dst)
{
	struct vs_prefix p = P(dst);
	uint32_t i;

	for (i = 0; i < t->n_routes; i++)
		if (!t->routes[i].to_pl &&
		    vs_prefix_cmp(&t->routes[i].dst, &p) == 0)
			return &t->routes[i];
	return NULL;
}

/* The association of a route table naming this subnet (or the main one
 * when sub is NULL). */
static const struct vs_rtb_assoc *
rtb_assoc(const struct vs_rtb *t, const char *sub)
{
	uint32_t i;

	for (i = 0; i < t->n_assocs; i++) {
		const struct vs_rtb_assoc *a = &t->assocs[i];
		if (sub == NULL
			? a->main
			: a->subnet_id && strcmp(a->subnet_id, sub) == 0)
			return a;
	}
	return NULL;
}

static const char *
subnet_rtb(const struct vs_topo *t, const char *sub)
{
	const struct vs_subnet *s = subnet(t, sub);
	return s->rtb == VS_NONE ? NULL : t->rtbs[s->rtb].id;
}

static const char *
subnet_nacl(const struct vs_topo *t, const char *sub)
{
	const struct vs_subnet *s = subnet(t, sub);
	return s->nacl == VS_NONE ? NULL : t->nacls[s->nacl].id;
}

/* The public address of the interface's address k, or NULL. */
static const char *
public_of(const struct vs_topo *t, const char *id, uint32_t k, char *buf)
{
	const struct vs_eni *e = eni(t, id);
	assert_true(k < e->n_v4);
	if (!e->v4[k].has_public)
		return NULL;
	return vs_addr_fmt(&e->v4[k].pub, buf);
}

/* ---- tracing ---- */

static struct vs_trace tr;

static enum vs_verdict
trace6(const struct vs_topo *t, const char *from, const char *to,
    const char *proto, int port, bool ipv6)
{
	struct vs_query q;
	char err[512];

	vs_arena_reset(scratch, scratch0);
	memset(&q, 0, sizeof(q));
	q.from = from;
	q.to = to;
	q.proto = vs_proto_parse(proto, strlen(proto));
	assert_true(q.proto >= 0);
	q.port = port;
	q.src_port = -1;
	q.icmp_type = -1;
	q.icmp_code = -1;
	q.ipv6 = ipv6;
	memset(&tr, 0, sizeof(tr));
	if (vs_trace_run(t, &q, scratch, &tr, err, sizeof(err)) != 0)
		fail_msg("trace %s -> %s refused: %s", from, to, err);
	return tr.verdict;
}

static enum vs_verdict
trace(const struct vs_topo *t, const char *from, const char *to,
    const char *proto, int port)
{
	return trace6(t, from, to, proto, port, false);
}

/* The hop that decided the last trace (as `check` finds it). */
static const struct vs_hop *
decided(void)
{
	const struct vs_leg *l = !tr.fwd.delivered ? &tr.fwd : &tr.ret;
	if (!l->walked || l->blocked < 0)
		fail_msg("nothing blocked the last trace (%s)",
		    vs_verdict_names[tr.verdict]);
	return &l->hops[l->blocked];
}

/* The last trace must be unreachable, stopped at comp/id for reason. */
static void
expect_blocked(enum vs_comp comp, const char *id, enum vs_reason reason)
{
	const struct vs_hop *h;

	assert_string_equal(vs_verdict_names[tr.verdict], "unreachable");
	h = decided();
	assert_string_equal(vs_comp_names[h->comp], vs_comp_names[comp]);
	if (id != NULL) {
		assert_non_null(h->id);
		assert_string_equal(h->id, id);
	}
	assert_string_equal(vs_reason_names[h->reason],
	    vs_reason_names[reason]);
}

#define REACHABLE(t, f, to, p, port)                                           \
	assert_string_equal(vs_verdict_names[trace((t), (f), (to), (p),        \
				(port))],                                      \
	    "reachable")

/* ---- security groups: authorize ---- */

static void
test_base_flows(void **state)
{
	/* What the other tests change, as it is before any change. */
	(void)state;
	REACHABLE(base, "internet", "eni-0c1web", "tcp", 80);
	REACHABLE(base, "internet", "eni-0c1web", "tcp", 443);
	REACHABLE(base, "eni-0c1web", "eni-0c1app", "tcp", 8080);
	REACHABLE(base, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	REACHABLE(base, "eni-0c1app", "198.51.100.7", "tcp", 443);
	REACHABLE(base, "eni-0c1db", "eni-0c1web", "tcp", 80);
	assert_string_equal(vs_verdict_names[trace6(base, "2001:db8::77",
				"2600:1f18:aaaa:101::10", "tcp", 80, true)],
	    "reachable");
	trace(base, "eni-0c1app", "eni-0c1web", "tcp", 8443);
	expect_blocked(VS_C_SG, "eni-0c1web", VS_R_ENI_SG_RULES_MISMATCH);
	trace(base, "eni-0c1db", "198.51.100.7", "tcp", 443);
	expect_blocked(VS_C_RTB, "rtb-0c1main", VS_R_NO_ROUTE_TO_DESTINATION);
}

static void
test_authorize_ingress(void **state)
{
	struct run r;

	(void)state;
	apply_ok(&r,
	    "- AuthorizeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: tcp, FromPort: 8443, ToPort: 8443,\n"
	    "         IpRanges: [{CidrIp: 10.30.2.0/24, Description: app}],\n"
	    "         Ipv6Ranges: [{CidrIpv6: \"2600:1f18:aaaa:100::/56\"}]}\n"
	    "      - {IpProtocol: udp, FromPort: 5000, ToPort: 5010,\n"
	    "         UserIdGroupPairs: [{GroupId: sg-0c1app}]}\n",
	    1);
	/* one rule per peer: two for the first permission, one for the
	 * second, after the four ingress rules the group had (80 twice,
	 * 443 three times, 22, icmp: 7) */
	assert_int_equal(n_rules(sg(base, "sg-0c1web"), false), 7);
	assert_int_equal(n_rules(sg(r.t, "sg-0c1web"), false), 10);
	assert_int_equal(n_rules(sg(r.t, "sg-0c1web"), true), 2);
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    8443, 8443, "10.30.2.0/24"));
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    8443, 8443, "2600:1f18:aaaa:100::/56"));
	assert_true(has_group_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_UDP,
	    5000, 5010, "sg-0c1app"));
	/* the flow the rule opens, and only that one */
	REACHABLE(r.t, "eni-0c1app", "eni-0c1web", "tcp", 8443);
	trace(r.t, "eni-0c1db", "eni-0c1web", "tcp", 8443);
	expect_blocked(VS_C_SG, "eni-0c1web", VS_R_ENI_SG_RULES_MISMATCH);
	/* the snapshot itself is untouched */
	assert_false(has_cidr_rule(sg(base, "sg-0c1web"), false, VS_PROTO_TCP,
	    8443, 8443, "10.30.2.0/24"));
	trace(base, "eni-0c1app", "eni-0c1web", "tcp", 8443);
	expect_blocked(VS_C_SG, "eni-0c1web", VS_R_ENI_SG_RULES_MISMATCH);
	run_free(&r);
}

static void
test_authorize_flat_form(void **state)
{
	struct run r;

	(void)state;
	apply_ok(&r,
	    "- AuthorizeSecurityGroupIngress: {GroupId: sg-0c1web, "
	    "IpProtocol: tcp, FromPort: 8443, ToPort: 8443, "
	    "CidrIp: 10.30.2.0/24}\n",
	    1);
	assert_int_equal(n_rules(sg(r.t, "sg-0c1web"), false), 8);
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    8443, 8443, "10.30.2.0/24"));
	REACHABLE(r.t, "eni-0c1app", "eni-0c1web", "tcp", 8443);
	run_free(&r);
}

static void
test_authorize_egress(void **state)
{
	struct run r;

	(void)state;
	/* Take the database's only egress rule away (by rule id), then
	 * allow HTTP to the public subnet only. */
	apply_ok(&r,
	    "- RevokeSecurityGroupEgress: {GroupId: sg-0c1db, "
	    "SecurityGroupRuleIds: [sgr-0db03]}\n"
	    "- AuthorizeSecurityGroupEgress:\n"
	    "    GroupId: sg-0c1db\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: tcp, FromPort: 80, ToPort: 80, IpRanges: "
	    "[{CidrIp: 10.30.1.0/24}]}\n",
	    2);
	assert_int_equal(n_rules(sg(r.t, "sg-0c1db"), true), 1);
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1db"), true, VS_PROTO_TCP, 80,
	    80, "10.30.1.0/24"));
	/* the ingress rules stay */
	assert_int_equal(n_rules(sg(r.t, "sg-0c1db"), false), 2);
	REACHABLE(r.t, "eni-0c1db", "eni-0c1web", "tcp", 80);
	trace(r.t, "eni-0c1db", "eni-0c1web", "tcp", 443);
	expect_blocked(VS_C_SG, "eni-0c1db", VS_R_ENI_SG_RULES_MISMATCH);
	assert_int_equal(decided()->dir, VS_DIR_EGRESS);
	/* ingress is stateful: app -> db still answers */
	REACHABLE(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	run_free(&r);
}

static void
test_authorize_duplicate(void **state)
{
	struct run r;

	(void)state;
	apply_refused(&r,
	    "- AuthorizeSecurityGroupIngress: {GroupId: sg-0c1web, "
	    "IpProtocol: tcp, FromPort: 8443, ToPort: 8443, "
	    "CidrIp: 10.30.2.0/24}\n"
	    "- AuthorizeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: tcp, FromPort: 80, ToPort: 80, IpRanges: "
	    "[{CidrIp: 0.0.0.0/0}]}\n"
	    "- AuthorizeSecurityGroupIngress: {GroupId: sg-0c1web, "
	    "IpProtocol: tcp, FromPort: 9443, ToPort: 9443, "
	    "CidrIp: 10.30.2.0/24}\n",
	    "/changes/1/AuthorizeSecurityGroupIngress",
	    "InvalidPermission.Duplicate",
	    "sg-0c1web already has the rule ingress tcp 80 from 0.0.0.0/0");
	/* the change before the refused one is applied, the one after not */
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    8443, 8443, "10.30.2.0/24"));
	assert_false(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    9443, 9443, "10.30.2.0/24"));
	/* located at the refused call's parameters */
	assert_int_equal(the_error(&r)->line, 3);
	run_free(&r);

	/* the same rule twice in one call */
	apply_refused(&r,
	    "- AuthorizeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: tcp, FromPort: 8443, ToPort: 8443, IpRanges: "
	    "[{CidrIp: 10.30.2.0/24}, {CidrIp: 10.30.2.0/24}]}\n",
	    "/changes/0/AuthorizeSecurityGroupIngress",
	    "InvalidPermission.Duplicate",
	    "sg-0c1web already has the rule ingress tcp 8443 from "
	    "10.30.2.0/24");
	/* a refused call adds none of its rules */
	assert_false(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    8443, 8443, "10.30.2.0/24"));
	run_free(&r);
}

static void
test_authorize_group_without_rules(void **state)
{
	struct run r;

	(void)state;
	/* sg-0c1empty has no rule at all in the snapshot */
	assert_int_equal(sg(base, "sg-0c1empty")->n_rules, 0);
	apply_ok(&r,
	    "- AuthorizeSecurityGroupIngress: {GroupId: sg-0c1empty, "
	    "IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: "
	    "10.30.2.0/24}\n"
	    "- AuthorizeSecurityGroupEgress: {GroupId: sg-0c1empty, "
	    "IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: "
	    "10.30.1.0/24}\n"
	    "- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0c1db, Groups: [sg-0c1empty]}\n",
	    3);
	assert_int_equal(sg(r.t, "sg-0c1empty")->n_rules, 2);
	REACHABLE(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	REACHABLE(r.t, "eni-0c1db", "eni-0c1web", "tcp", 80);
	run_free(&r);
}

static void
test_authorize_unknown_group(void **state)
{
	struct run r;

	(void)state;
	apply_refused(&r,
	    "- AuthorizeSecurityGroupEgress: {GroupId: sg-0nope, "
	    "IpProtocol: tcp, FromPort: 1, ToPort: 2, CidrIp: 10.0.0.0/8}\n",
	    "/changes/0/AuthorizeSecurityGroupEgress", "InvalidGroup.NotFound",
	    "security-group sg-0nope does not exist in the snapshot");
	run_free(&r);
}

/* ---- security groups: revoke ---- */

static void
test_revoke_ingress(void **state)
{
	struct run r;

	(void)state;
	/* 80 from 0.0.0.0/0 goes; 80 from ::/0 (same permission in the
	 * snapshot) stays */
	apply_ok(&r,
	    "- RevokeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: tcp, FromPort: 80, ToPort: 80, IpRanges: "
	    "[{CidrIp: 0.0.0.0/0}]}\n",
	    1);
	assert_int_equal(n_rules(sg(r.t, "sg-0c1web"), false), 6);
	assert_false(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    80, 80, "0.0.0.0/0"));
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP, 80,
	    80, "::/0"));
	trace(r.t, "internet", "eni-0c1web", "tcp", 80);
	expect_blocked(VS_C_SG, "eni-0c1web", VS_R_ENI_SG_RULES_MISMATCH);
	assert_int_equal(decided()->dir, VS_DIR_INGRESS);
	assert_string_equal(vs_verdict_names[trace6(r.t, "2001:db8::77",
				"2600:1f18:aaaa:101::10", "tcp", 80, true)],
	    "reachable");
	REACHABLE(r.t, "internet", "eni-0c1web", "tcp", 443);
	run_free(&r);
}

static void
test_revoke_part_of_permission(void **state)
{
	struct run r;

	(void)state;
	/* The 443 permission has IpRanges 0.0.0.0/0 and 198.51.100.0/24
	 * and Ipv6Ranges ::/0; revoking one range leaves the other two. */
	apply_ok(&r,
	    "- RevokeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermissions:\n"
	    "      - IpProtocol: tcp\n"
	    "        FromPort: 443\n"
	    "        ToPort: 443\n"
	    "        IpRanges: [{CidrIp: 0.0.0.0/0}]\n",
	    1);
	assert_false(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    443, 443, "0.0.0.0/0"));
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    443, 443, "198.51.100.0/24"));
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    443, 443, "::/0"));
	/* the representative internet host is 198.51.100.10: still in */
	REACHABLE(r.t, "internet", "eni-0c1web", "tcp", 443);
	REACHABLE(r.t, "198.51.100.200", "eni-0c1web", "tcp", 443);
	trace(r.t, "192.0.2.77", "eni-0c1web", "tcp", 443);
	expect_blocked(VS_C_SG, "eni-0c1web", VS_R_ENI_SG_RULES_MISMATCH);
	assert_string_equal(vs_verdict_names[trace6(r.t, "2001:db8::77",
				"2600:1f18:aaaa:101::10", "tcp", 443, true)],
	    "reachable");
	run_free(&r);
}

static void
test_revoke_ipv6_range(void **state)
{
	struct run r;

	(void)state;
	apply_ok(&r,
	    "- RevokeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: tcp, FromPort: 80, ToPort: 80, Ipv6Ranges: "
	    "[{CidrIpv6: \"::/0\"}]}\n"
	    "- RevokeSecurityGroupEgress:\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: \"-1\", Ipv6Ranges: [{CidrIpv6: "
	    "\"::/0\"}]}\n",
	    2);
	assert_false(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    80, 80, "::/0"));
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP, 80,
	    80, "0.0.0.0/0"));
	assert_int_equal(n_rules(sg(r.t, "sg-0c1web"), true), 1);
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), true, VS_PROTO_ALL, -1,
	    -1, "0.0.0.0/0"));
	trace6(r.t, "2001:db8::77", "2600:1f18:aaaa:101::10", "tcp", 80, true);
	expect_blocked(VS_C_SG, "eni-0c1web", VS_R_ENI_SG_RULES_MISMATCH);
	REACHABLE(r.t, "internet", "eni-0c1web", "tcp", 80);
	run_free(&r);
}

static void
test_revoke_by_rule_ids(void **state)
{
	struct run r;
	const struct vs_sg *g;

	(void)state;
	apply_ok(&r,
	    "- RevokeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1db\n"
	    "    SecurityGroupRuleIds: [sgr-0db01]\n",
	    1);
	g = sg(r.t, "sg-0c1db");
	assert_null(rule_by_id(g, "sgr-0db01"));
	assert_non_null(rule_by_id(g, "sgr-0db02"));
	assert_non_null(rule_by_id(g, "sgr-0db03"));
	trace(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	expect_blocked(VS_C_SG, "eni-0c1db", VS_R_ENI_SG_RULES_MISMATCH);
	run_free(&r);

	apply_refused(&r,
	    "- RevokeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1db\n"
	    "    SecurityGroupRuleIds: [sgr-0db02, sgr-0db99]\n",
	    "/changes/0/RevokeSecurityGroupIngress",
	    "InvalidSecurityGroupRuleId.NotFound",
	    "sg-0c1db has no ingress rule sgr-0db99");
	/* nothing of the refused call is applied */
	assert_non_null(rule_by_id(sg(r.t, "sg-0c1db"), "sgr-0db02"));
	run_free(&r);

	/* an egress rule's id in an ingress revoke */
	apply_refused(&r,
	    "- RevokeSecurityGroupIngress: {GroupId: sg-0c1db, "
	    "SecurityGroupRuleIds: [sgr-0db03]}\n",
	    "/changes/0/RevokeSecurityGroupIngress",
	    "InvalidSecurityGroupRuleId.NotFound",
	    "sg-0c1db has no ingress rule sgr-0db03");
	run_free(&r);
}

static void
test_revoke_egress(void **state)
{
	struct run r;

	(void)state;
	apply_ok(&r,
	    "- RevokeSecurityGroupEgress:\n"
	    "    GroupId: sg-0c1app\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: \"-1\", IpRanges: [{CidrIp: 0.0.0.0/0}]}\n",
	    1);
	assert_int_equal(n_rules(sg(r.t, "sg-0c1app"), true), 0);
	assert_int_equal(n_rules(sg(r.t, "sg-0c1app"), false), 1);
	trace(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	expect_blocked(VS_C_SG, "eni-0c1app", VS_R_SG_HAS_NO_RULES);
	assert_int_equal(decided()->dir, VS_DIR_EGRESS);
	/* replies to connections into app are tracked, not egress rules */
	REACHABLE(r.t, "eni-0c1web", "eni-0c1app", "tcp", 8080);
	run_free(&r);
}

static void
test_revoke_missing_refused(void **state)
{
	struct run r;

	(void)state;
	apply_refused(&r,
	    "- RevokeSecurityGroupIngress: {GroupId: sg-0c1web, "
	    "IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8}\n"
	    "- RevokeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: tcp, FromPort: 8443, ToPort: 8443, IpRanges: "
	    "[{CidrIp: 0.0.0.0/0}]}\n",
	    "/changes/0/RevokeSecurityGroupIngress",
	    "InvalidPermission.NotFound",
	    "sg-0c1web has no ingress rule tcp 22 from 10.0.0.0/8 (a revoke "
	    "must match protocol, ports and source exactly)");
	run_free(&r);

	/* a wider port range does not match the rule inside it */
	apply_refused(&r,
	    "- RevokeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: tcp, FromPort: 0, ToPort: 65535, IpRanges: "
	    "[{CidrIp: 0.0.0.0/0}]}\n",
	    "/changes/0/RevokeSecurityGroupIngress",
	    "InvalidPermission.NotFound",
	    "sg-0c1web has no ingress rule tcp 0-65535 from 0.0.0.0/0 (a "
	    "revoke must match protocol, ports and source exactly)");
	run_free(&r);

	/* one matching range and one missing: the whole call is refused */
	apply_refused(&r,
	    "- RevokeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: tcp, FromPort: 443, ToPort: 443, IpRanges: "
	    "[{CidrIp: 0.0.0.0/0}, {CidrIp: 192.0.2.0/24}]}\n",
	    "/changes/0/RevokeSecurityGroupIngress",
	    "InvalidPermission.NotFound",
	    "sg-0c1web has no ingress rule tcp 443 from 192.0.2.0/24 (a revoke "
	    "must match protocol, ports and source exactly)");
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    443, 443, "0.0.0.0/0"));
	run_free(&r);
}

static void
test_revoke_missing_default_vpc(void **state)
{
	struct run r;

	(void)state;
	/* In a default VPC AWS ignores a permission that matches nothing. */
	apply_ok(&r,
	    "- RevokeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c2web\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: tcp, FromPort: 8443, ToPort: 8443, IpRanges: "
	    "[{CidrIp: 0.0.0.0/0}]}\n",
	    1);
	assert_int_equal(sg(r.t, "sg-0c2web")->n_rules,
	    sg(base, "sg-0c2web")->n_rules);
	assert_true(has_cidr_rule(sg(r.t, "sg-0c2web"), false, VS_PROTO_TCP, 80,
	    80, "0.0.0.0/0"));
	REACHABLE(r.t, "internet", "eni-0c2web", "tcp", 80);
	run_free(&r);
}

static void
test_group_name(void **state)
{
	struct run r;

	(void)state;
	/* GroupName names a group of a default VPC */
	apply_ok(&r,
	    "- RevokeSecurityGroupIngress: {GroupName: web2, IpProtocol: tcp, "
	    "FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}\n",
	    1);
	assert_int_equal(n_rules(sg(r.t, "sg-0c2web"), false), 0);
	trace(r.t, "internet", "eni-0c2web", "tcp", 80);
	expect_blocked(VS_C_SG, "eni-0c2web", VS_R_SG_HAS_NO_RULES);
	run_free(&r);

	/* in a non-default VPC it must be GroupId */
	apply_refused(&r,
	    "- AuthorizeSecurityGroupIngress: {GroupName: web, IpProtocol: "
	    "tcp, FromPort: 81, ToPort: 81, CidrIp: 0.0.0.0/0}\n",
	    "/changes/0/AuthorizeSecurityGroupIngress", "InvalidParameterValue",
	    "GroupName names groups of a default VPC only; use GroupId "
	    "(sg-0c1web)");
	run_free(&r);

	apply_refused(&r, "- DeleteSecurityGroup: {GroupName: nosuch}\n",
	    "/changes/0/DeleteSecurityGroup", "InvalidGroup.NotFound",
	    "no group is named nosuch");
	run_free(&r);
}

/* ---- security groups: modify, create, delete ---- */

static void
test_modify_sg_rules(void **state)
{
	struct run r;
	const struct vs_sg_rule *x;
	struct vs_prefix want;

	(void)state;
	apply_ok(&r,
	    "- ModifySecurityGroupRules:\n"
	    "    GroupId: sg-0c1db\n"
	    "    SecurityGroupRules:\n"
	    "      - SecurityGroupRuleId: sgr-0db01\n"
	    "        SecurityGroupRule: {IpProtocol: tcp, FromPort: 5432, "
	    "ToPort: 5433, CidrIpv4: 10.30.9.0/24, Description: moved}\n",
	    1);
	x = rule_by_id(sg(r.t, "sg-0c1db"), "sgr-0db01");
	assert_non_null(x);
	assert_false(x->egress);
	assert_int_equal(x->kind, VS_PEER_CIDR);
	assert_int_equal(x->proto, VS_PROTO_TCP);
	assert_int_equal(x->from, 5432);
	assert_int_equal(x->to, 5433);
	want = P("10.30.9.0/24");
	assert_int_equal(vs_prefix_cmp(&x->cidr, &want), 0);
	assert_int_equal(sg(r.t, "sg-0c1db")->n_rules, 3);
	/* app was allowed by the group reference only */
	trace(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	expect_blocked(VS_C_SG, "eni-0c1db", VS_R_ENI_SG_RULES_MISMATCH);
	run_free(&r);

	/* an egress rule stays an egress rule */
	apply_ok(&r,
	    "- ModifySecurityGroupRules:\n"
	    "    GroupId: sg-0c1db\n"
	    "    SecurityGroupRules:\n"
	    "      - SecurityGroupRuleId: sgr-0db03\n"
	    "        SecurityGroupRule: {IpProtocol: tcp, FromPort: 443, "
	    "ToPort: 443, ReferencedGroupId: sg-0c1web}\n",
	    1);
	x = rule_by_id(sg(r.t, "sg-0c1db"), "sgr-0db03");
	assert_non_null(x);
	assert_true(x->egress);
	assert_int_equal(x->kind, VS_PEER_SG);
	assert_string_equal(x->ref, "sg-0c1web");
	trace(r.t, "eni-0c1db", "eni-0c1web", "tcp", 80);
	expect_blocked(VS_C_SG, "eni-0c1db", VS_R_ENI_SG_RULES_MISMATCH);
	run_free(&r);

	apply_refused(&r,
	    "- ModifySecurityGroupRules:\n"
	    "    GroupId: sg-0c1db\n"
	    "    SecurityGroupRules:\n"
	    "      - SecurityGroupRuleId: sgr-0db77\n"
	    "        SecurityGroupRule: {IpProtocol: tcp, FromPort: 1, ToPort: "
	    "1, CidrIpv4: 10.0.0.0/8}\n",
	    "/changes/0/ModifySecurityGroupRules/SecurityGroupRules/0",
	    "InvalidSecurityGroupRuleId.NotFound",
	    "sg-0c1db has no rule sgr-0db77 (rule ids come from "
	    "describe-security-group-rules)");
	run_free(&r);

	apply_err(&r,
	    "- ModifySecurityGroupRules:\n"
	    "    GroupId: sg-0c1db\n"
	    "    SecurityGroupRules:\n"
	    "      - SecurityGroupRuleId: sgr-0db01\n"
	    "        SecurityGroupRule: {IpProtocol: tcp, FromPort: 1, ToPort: "
	    "1, CidrIpv4: 10.0.0.0/8, ReferencedGroupId: sg-0c1web}\n",
	    "/changes/0/ModifySecurityGroupRules/SecurityGroupRules/0/"
	    "SecurityGroupRule",
	    "a rule needs exactly one of CidrIpv4, CidrIpv6, PrefixListId, "
	    "ReferencedGroupId");
	run_free(&r);
}

static void
test_create_security_group(void **state)
{
	struct run r;
	const struct vs_sg *g;

	(void)state;
	apply_ok(&r,
	    "- CreateSecurityGroup: {GroupName: reports, Description: "
	    "reporting, VpcId: vpc-0c1, GroupId: sg-0c1new}\n"
	    "- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0c1db, Groups: [sg-0c1new]}\n",
	    2);
	g = sg(r.t, "sg-0c1new");
	assert_string_equal(g->name, "reports");
	assert_string_equal(g->vpc_id, "vpc-0c1");
	/* one egress rule, all protocols to 0.0.0.0/0, and no ingress */
	assert_int_equal(g->n_rules, 1);
	assert_int_equal(n_rules(g, false), 0);
	assert_true(has_cidr_rule(g, true, VS_PROTO_ALL, -1, -1, "0.0.0.0/0"));
	assert_int_equal(vs_topo_find_kind(r.t, VS_K_SG, "sg-0c1new"),
	    idx_of(r.t, VS_K_SG, "sg-0c1new"));
	trace(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	expect_blocked(VS_C_SG, "eni-0c1db", VS_R_SG_HAS_NO_RULES);
	REACHABLE(r.t, "eni-0c1db", "eni-0c1web", "tcp", 80);
	/* IPv4 only: no IPv6 egress rule */
	assert_false(has_cidr_rule(g, true, VS_PROTO_ALL, -1, -1, "::/0"));
	run_free(&r);

	/* a later change finds the group by its generated id */
	apply_ok(&r,
	    "- CreateSecurityGroup: {GroupName: scratch, Description: x, "
	    "VpcId: vpc-0c1}\n"
	    "- AuthorizeSecurityGroupIngress: {GroupId: sg-new1, IpProtocol: "
	    "tcp, FromPort: 1, ToPort: 2, CidrIp: 10.0.0.0/8}\n",
	    2);
	assert_int_equal(n_rules(sg(r.t, "sg-new1"), false), 1);
	run_free(&r);

	/* the same name is fine in another VPC */
	apply_ok(&r,
	    "- CreateSecurityGroup: {GroupName: web, Description: x, VpcId: "
	    "vpc-0c3}\n",
	    1);
	run_free(&r);
}

static void
test_create_security_group_refused(void **state)
{
	struct run r;

	(void)state;
	apply_refused(&r,
	    "- CreateSecurityGroup: {GroupName: web, Description: again, "
	    "VpcId: vpc-0c1}\n",
	    "/changes/0/CreateSecurityGroup", "InvalidGroup.Duplicate",
	    "vpc-0c1 already has a group named web (sg-0c1web)");
	run_free(&r);
	apply_refused(&r,
	    "- CreateSecurityGroup: {GroupName: fresh, Description: x, VpcId: "
	    "vpc-0c1, GroupId: sg-0c1app}\n",
	    "/changes/0/CreateSecurityGroup", "InvalidGroup.Duplicate",
	    "group sg-0c1app already exists");
	run_free(&r);
	apply_refused(&r,
	    "- CreateSecurityGroup: {GroupName: fresh, Description: x, VpcId: "
	    "vpc-0nope}\n",
	    "/changes/0/CreateSecurityGroup", "InvalidVpcID.NotFound",
	    "vpc vpc-0nope does not exist");
	run_free(&r);
	/* a group created earlier in the list counts too */
	apply_refused(&r,
	    "- CreateSecurityGroup: {GroupName: twice, Description: x, VpcId: "
	    "vpc-0c1}\n"
	    "- CreateSecurityGroup: {GroupName: twice, Description: x, VpcId: "
	    "vpc-0c1}\n",
	    "/changes/1/CreateSecurityGroup", "InvalidGroup.Duplicate",
	    "vpc-0c1 already has a group named twice (sg-new1)");
	run_free(&r);
	apply_err(&r,
	    "- CreateSecurityGroup: {GroupName: fresh, VpcId: vpc-0c1}\n",
	    "/changes/0/CreateSecurityGroup",
	    "missing required key \"Description\"");
	run_free(&r);
}

static void
test_delete_security_group(void **state)
{
	struct run r;

	(void)state;
	apply_ok(&r, "- DeleteSecurityGroup: {GroupId: sg-0c1spare}\n", 1);
	assert_int_equal(idx_of(r.t, VS_K_SG, "sg-0c1spare"), VS_NONE);
	assert_int_equal(vs_topo_count(r.t, VS_K_SG),
	    vs_topo_count(base, VS_K_SG) - 1);
	/* the others are intact and still resolve */
	REACHABLE(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	REACHABLE(r.t, "eni-0c1web", "eni-0c1app", "tcp", 8080);
	run_free(&r);

	/* create and delete in one list */
	apply_ok(&r,
	    "- CreateSecurityGroup: {GroupName: tmp, Description: x, VpcId: "
	    "vpc-0c1, GroupId: sg-0tmp}\n"
	    "- DeleteSecurityGroup: {GroupId: sg-0tmp}\n",
	    2);
	assert_int_equal(idx_of(r.t, VS_K_SG, "sg-0tmp"), VS_NONE);
	run_free(&r);
}

static void
test_delete_security_group_refused(void **state)
{
	struct run r;

	(void)state;
	apply_refused(&r, "- DeleteSecurityGroup: {GroupId: sg-0c1web}\n",
	    "/changes/0/DeleteSecurityGroup", "DependencyViolation",
	    "sg-0c1web is still used by eni-0c1web");
	run_free(&r);
	/* admin is on no interface, but web's SSH rule references it */
	apply_refused(&r, "- DeleteSecurityGroup: {GroupId: sg-0c1admin}\n",
	    "/changes/0/DeleteSecurityGroup", "DependencyViolation",
	    "sg-0c1admin is referenced by a rule of sg-0c1web");
	run_free(&r);
	apply_refused(&r, "- DeleteSecurityGroup: {GroupId: sg-0gone}\n",
	    "/changes/0/DeleteSecurityGroup", "InvalidGroup.NotFound",
	    "security-group sg-0gone does not exist in the snapshot");
	run_free(&r);
	/* once nothing uses it, it can go */
	apply_ok(&r,
	    "- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0c1web, Groups: [sg-0c1spare]}\n"
	    "- RevokeSecurityGroupIngress: {GroupId: sg-0c1app, "
	    "IpPermissions: [{IpProtocol: tcp, FromPort: 8080, ToPort: 8080, "
	    "UserIdGroupPairs: [{GroupId: sg-0c1web}]}]}\n"
	    "- DeleteSecurityGroup: {GroupId: sg-0c1web}\n",
	    3);
	assert_int_equal(idx_of(r.t, VS_K_SG, "sg-0c1web"), VS_NONE);
	run_free(&r);
}

static void
test_delete_default_group_refused(void **state)
{
	struct run r;

	(void)state;
	/*
	 * AWS: "You can't delete a default security group" (error
	 * CannotDelete).  sg-0c2def is the default VPC's group named
	 * "default"; it is on no interface and only its own rule names it.
	 */
	apply(&r, "- DeleteSecurityGroup: {GroupId: sg-0c2def}\n");
	assert_int_equal(r.n, -1);
	assert_non_null(
	    strstr(the_error(&r)->msg, "AWS would refuse this change "
				       "(CannotDelete)"));
	run_free(&r);
}

/* ---- network ACLs ---- */

static void
test_create_network_acl(void **state)
{
	struct run r;
	const struct vs_nacl *n;

	(void)state;
	apply_ok(&r,
	    "- CreateNetworkAcl: {VpcId: vpc-0c1, NetworkAclId: acl-0c1new}\n",
	    1);
	n = nacl(r.t, "acl-0c1new");
	assert_string_equal(n->vpc_id, "vpc-0c1");
	assert_int_equal(n->n_entries, 0);
	assert_int_equal(n->n_assocs, 0);
	assert_false(n->is_default);
	/* it applies to no subnet yet */
	assert_string_equal(subnet_nacl(r.t, "subnet-0c1db"), "acl-0c1def");
	run_free(&r);

	/* moved onto the database subnet, it denies everything */
	apply_ok(&r,
	    "- CreateNetworkAcl: {VpcId: vpc-0c1, NetworkAclId: acl-0c1new}\n"
	    "- ReplaceNetworkAclAssociation: {AssociationId: aclassoc-0c1db, "
	    "NetworkAclId: acl-0c1new}\n",
	    2);
	assert_string_equal(subnet_nacl(r.t, "subnet-0c1db"), "acl-0c1new");
	trace(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	expect_blocked(VS_C_NACL, "acl-0c1new", VS_R_SUBNET_ACL_RESTRICTION);
	assert_int_equal(decided()->nacl_rule, 32767);
	assert_int_equal(decided()->dir, VS_DIR_INGRESS);
	trace(r.t, "eni-0c1db", "eni-0c1web", "tcp", 80);
	expect_blocked(VS_C_NACL, "acl-0c1new", VS_R_SUBNET_ACL_RESTRICTION);
	assert_int_equal(decided()->dir, VS_DIR_EGRESS);
	run_free(&r);

	/* the quarantine example of docs/scenarios.md: entries on the new
	 * ACL let exactly the flow they name through */
	apply_ok(&r,
	    "- CreateNetworkAcl: {VpcId: vpc-0c1, NetworkAclId: acl-0c1new}\n"
	    "- CreateNetworkAclEntry: {NetworkAclId: acl-0c1new, RuleNumber: "
	    "100, Protocol: \"6\", RuleAction: allow, Egress: false, "
	    "CidrBlock: 10.30.2.0/24, PortRange: {From: 5432, To: 5432}}\n"
	    "- CreateNetworkAclEntry: {NetworkAclId: acl-0c1new, RuleNumber: "
	    "100, Protocol: \"6\", RuleAction: allow, Egress: true, "
	    "CidrBlock: 10.30.2.0/24, PortRange: {From: 1024, To: 65535}}\n"
	    "- ReplaceNetworkAclAssociation: {AssociationId: aclassoc-0c1db, "
	    "NetworkAclId: acl-0c1new}\n",
	    4);
	assert_int_equal(nacl(r.t, "acl-0c1new")->n_entries, 2);
	REACHABLE(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	trace(r.t, "eni-0c1web", "eni-0c1db", "tcp", 5432);
	expect_blocked(VS_C_NACL, "acl-0c1new", VS_R_SUBNET_ACL_RESTRICTION);
	assert_int_equal(decided()->dir, VS_DIR_INGRESS);
	trace(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5433);
	expect_blocked(VS_C_NACL, "acl-0c1new", VS_R_SUBNET_ACL_RESTRICTION);
	assert_int_equal(decided()->nacl_rule, 32767);
	run_free(&r);

	/* generated ids, numbered in the order the list creates them */
	apply_ok(&r,
	    "- CreateNetworkAcl: {VpcId: vpc-0c1}\n"
	    "- CreateSecurityGroup: {GroupName: g, Description: x, VpcId: "
	    "vpc-0c1}\n"
	    "- ReplaceNetworkAclAssociation: {AssociationId: aclassoc-0c1db, "
	    "NetworkAclId: acl-new1}\n",
	    3);
	(void)nacl(r.t, "acl-new1");
	(void)sg(r.t, "sg-new2");
	assert_string_equal(subnet_nacl(r.t, "subnet-0c1db"), "acl-new1");
	assert_string_equal(subnet(r.t, "subnet-0c1db")->nacl_assoc,
	    "aclassoc-new3");
	run_free(&r);

	apply_refused(&r,
	    "- CreateNetworkAcl: {VpcId: vpc-0c1, NetworkAclId: acl-0c1app}\n",
	    "/changes/0/CreateNetworkAcl", "InvalidParameterValue",
	    "acl-0c1app already exists");
	run_free(&r);
	apply_refused(&r, "- CreateNetworkAcl: {VpcId: vpc-0nope}\n",
	    "/changes/0/CreateNetworkAcl", "InvalidVpcID.NotFound",
	    "vpc vpc-0nope does not exist");
	run_free(&r);
}

/*
 * A rule number outside 1..32766 (docs/scenarios.md: refused with
 * InvalidParameterValue): one error, which states the range AWS accepts.
 */
static void
rule_number_refused(const char *action, long rule)
{
	struct run r;
	char yaml[512];

	snprintf(yaml, sizeof(yaml),
	    "- %s: {NetworkAclId: acl-0c1app, RuleNumber: %ld, Protocol: "
	    "\"-1\", RuleAction: allow, Egress: false, CidrBlock: "
	    "0.0.0.0/0}\n",
	    action, rule);
	apply(&r, yaml);
	assert_int_equal(r.n, -1);
	if (strstr(the_error(&r)->msg, "1..32766") == NULL)
		fail_msg("%s rule %ld: \"%s\" does not state the range "
			 "1..32766",
		    action, rule, the_error(&r)->msg);
	assert_non_null(strstr(the_error(&r)->msg,
	    "AWS would refuse this change (InvalidParameterValue)"));
	run_free(&r);
}

static void
test_create_network_acl_entry(void **state)
{
	struct run r;
	const struct vs_nacl_entry *e;

	(void)state;
	apply_ok(&r,
	    "- CreateNetworkAclEntry:\n"
	    "    NetworkAclId: acl-0c1app\n"
	    "    RuleNumber: 90\n"
	    "    Protocol: \"6\"\n"
	    "    RuleAction: deny\n"
	    "    Egress: false\n"
	    "    CidrBlock: 10.30.1.10/32\n"
	    "    PortRange: {From: 8080, To: 8080}\n"
	    "- CreateNetworkAclEntry: {NetworkAclId: acl-0c1app, RuleNumber: "
	    "90, Protocol: \"1\", RuleAction: allow, Egress: true, CidrBlock: "
	    "10.30.0.0/16, IcmpTypeCode: {Type: 0, Code: -1}}\n",
	    2);
	e = entry(nacl(r.t, "acl-0c1app"), 90, false);
	assert_non_null(e);
	assert_false(e->allow);
	assert_int_equal(e->proto, VS_PROTO_TCP);
	assert_true(e->has_ports);
	assert_int_equal(e->ports.lo, 8080);
	assert_int_equal(e->ports.hi, 8080);
	e = entry(nacl(r.t, "acl-0c1app"), 90, true);
	assert_non_null(e);
	assert_true(e->allow);
	assert_int_equal(e->proto, VS_PROTO_ICMP);
	assert_int_equal(e->icmp_type, 0);
	assert_int_equal(nacl(r.t, "acl-0c1app")->n_entries,
	    nacl(base, "acl-0c1app")->n_entries + 2);
	/* rule 90 comes before rule 100, which allowed 8080 */
	trace(r.t, "eni-0c1web", "eni-0c1app", "tcp", 8080);
	expect_blocked(VS_C_NACL, "acl-0c1app", VS_R_SUBNET_ACL_RESTRICTION);
	assert_int_equal(decided()->nacl_rule, 90);
	run_free(&r);
}

static void
test_create_network_acl_entry_refused(void **state)
{
	struct run r;

	(void)state;
	apply_refused(&r,
	    "- CreateNetworkAclEntry: {NetworkAclId: acl-0c1app, RuleNumber: "
	    "105, Protocol: \"-1\", RuleAction: deny, Egress: false, "
	    "CidrBlock: 0.0.0.0/0}\n"
	    "- CreateNetworkAclEntry: {NetworkAclId: acl-0c1app, RuleNumber: "
	    "100, Protocol: \"-1\", RuleAction: deny, Egress: false, "
	    "CidrBlock: 0.0.0.0/0}\n"
	    "- CreateNetworkAclEntry: {NetworkAclId: acl-0c1app, RuleNumber: "
	    "106, Protocol: \"-1\", RuleAction: deny, Egress: false, "
	    "CidrBlock: 0.0.0.0/0}\n",
	    "/changes/1/CreateNetworkAclEntry", "NetworkAclEntryAlreadyExists",
	    "acl-0c1app already has an ingress rule 100");
	assert_non_null(entry(nacl(r.t, "acl-0c1app"), 105, false));
	assert_null(entry(nacl(r.t, "acl-0c1app"), 106, false));
	run_free(&r);

	/* the same number in the other direction is another rule */
	apply_ok(&r,
	    "- CreateNetworkAclEntry: {NetworkAclId: acl-0c1def, RuleNumber: "
	    "120, Protocol: \"-1\", RuleAction: deny, Egress: true, "
	    "CidrBlock: 0.0.0.0/0}\n"
	    "- CreateNetworkAclEntry: {NetworkAclId: acl-0c1def, RuleNumber: "
	    "120, Protocol: \"-1\", RuleAction: deny, Egress: false, "
	    "CidrBlock: 0.0.0.0/0}\n",
	    2);
	run_free(&r);

	apply_refused(&r,
	    "- CreateNetworkAclEntry: {NetworkAclId: acl-0c1app, RuleNumber: "
	    "32767, Protocol: \"-1\", RuleAction: allow, Egress: false, "
	    "CidrBlock: 0.0.0.0/0}\n",
	    "/changes/0/CreateNetworkAclEntry", "InvalidParameterValue",
	    "rule numbers are 1..32766, got 32767");
	run_free(&r);

	apply_refused(&r,
	    "- CreateNetworkAclEntry: {NetworkAclId: acl-0nope, RuleNumber: "
	    "1, Protocol: \"-1\", RuleAction: allow, Egress: false, "
	    "CidrBlock: 0.0.0.0/0}\n",
	    "/changes/0/CreateNetworkAclEntry", "InvalidNetworkAclID.NotFound",
	    "network-acl acl-0nope does not exist in the snapshot");
	run_free(&r);
}

static void
test_replace_network_acl_entry(void **state)
{
	struct run r;
	const struct vs_nacl_entry *e;
	struct vs_prefix want;

	(void)state;
	/* the tighten-app-nacl ticket: HTTPS out only inside the VPC */
	apply_ok(&r,
	    "- ReplaceNetworkAclEntry: {NetworkAclId: acl-0c1app, RuleNumber: "
	    "110, Protocol: \"6\", RuleAction: allow, Egress: true, CidrBlock: "
	    "10.30.0.0/16, PortRange: {From: 443, To: 443}}\n",
	    1);
	e = entry(nacl(r.t, "acl-0c1app"), 110, true);
	assert_non_null(e);
	want = P("10.30.0.0/16");
	assert_int_equal(vs_prefix_cmp(&e->cidr, &want), 0);
	assert_int_equal(nacl(r.t, "acl-0c1app")->n_entries,
	    nacl(base, "acl-0c1app")->n_entries);
	/* the ingress rule 110 is another rule, untouched */
	e = entry(nacl(r.t, "acl-0c1app"), 110, false);
	assert_non_null(e);
	assert_int_equal(e->ports.lo, 1024);
	trace(r.t, "eni-0c1app", "198.51.100.7", "tcp", 443);
	expect_blocked(VS_C_NACL, "acl-0c1app", VS_R_SUBNET_ACL_RESTRICTION);
	assert_int_equal(decided()->nacl_rule, 32767);
	run_free(&r);

	apply_refused(&r,
	    "- ReplaceNetworkAclEntry: {NetworkAclId: acl-0c1app, RuleNumber: "
	    "120, Protocol: \"6\", RuleAction: allow, Egress: true, CidrBlock: "
	    "10.30.0.0/16, PortRange: {From: 443, To: 443}}\n",
	    "/changes/0/ReplaceNetworkAclEntry",
	    "InvalidNetworkAclEntry.NotFound",
	    "acl-0c1app has no egress rule 120");
	run_free(&r);
}

static void
test_delete_network_acl_entry(void **state)
{
	struct run r;

	(void)state;
	/* egress rule 100 let app's replies back to the VPC */
	apply_ok(&r,
	    "- DeleteNetworkAclEntry: {NetworkAclId: acl-0c1app, RuleNumber: "
	    "100, Egress: true}\n",
	    1);
	assert_null(entry(nacl(r.t, "acl-0c1app"), 100, true));
	assert_non_null(entry(nacl(r.t, "acl-0c1app"), 100, false));
	assert_int_equal(nacl(r.t, "acl-0c1app")->n_entries,
	    nacl(base, "acl-0c1app")->n_entries - 1);
	trace(r.t, "eni-0c1web", "eni-0c1app", "tcp", 8080);
	expect_blocked(VS_C_NACL, "acl-0c1app", VS_R_SUBNET_ACL_RESTRICTION);
	assert_true(tr.fwd.delivered);
	assert_int_equal(decided()->dir, VS_DIR_EGRESS);
	assert_int_equal(decided()->nacl_rule, 32767);
	/* HTTPS out (egress rule 110) is untouched */
	REACHABLE(r.t, "eni-0c1app", "198.51.100.7", "tcp", 443);
	run_free(&r);

	apply_refused(&r,
	    "- DeleteNetworkAclEntry: {NetworkAclId: acl-0c1app, RuleNumber: "
	    "90, Egress: false}\n",
	    "/changes/0/DeleteNetworkAclEntry",
	    "InvalidNetworkAclEntry.NotFound",
	    "acl-0c1app has no ingress rule 90");
	run_free(&r);

	apply_err(&r,
	    "- DeleteNetworkAclEntry: {NetworkAclId: acl-0c1app, RuleNumber: "
	    "100}\n",
	    "/changes/0/DeleteNetworkAclEntry",
	    "RuleNumber and Egress are required");
	run_free(&r);
}

static void
test_rule_number_range(void **state)
{
	(void)state;
	/* every number outside 1..32766 is refused the same way */
	rule_number_refused("CreateNetworkAclEntry", 0);
	rule_number_refused("CreateNetworkAclEntry", 32768);
	rule_number_refused("CreateNetworkAclEntry", 40000);
	rule_number_refused("ReplaceNetworkAclEntry", 0);
	rule_number_refused("ReplaceNetworkAclEntry", 32767);
	rule_number_refused("ReplaceNetworkAclEntry", 40000);
}

static void
test_delete_implicit_entry(void **state)
{
	struct run r;

	(void)state;
	/* the implicit deny cannot be deleted: one error, about the rule
	 * number (RuleNumber and Egress are both given) */
	apply(&r,
	    "- DeleteNetworkAclEntry: {NetworkAclId: acl-0c1app, RuleNumber: "
	    "32767, Egress: false}\n");
	assert_int_equal(r.n, -1);
	assert_non_null(strstr(the_error(&r)->msg, "32767"));
	run_free(&r);
}

static void
test_replace_network_acl_association(void **state)
{
	struct run r;
	const struct vs_subnet *s;

	(void)state;
	apply_ok(&r,
	    "- ReplaceNetworkAclAssociation: {AssociationId: aclassoc-0c1db, "
	    "NetworkAclId: acl-0c1app}\n",
	    1);
	s = subnet(r.t, "subnet-0c1db");
	assert_string_equal(subnet_nacl(r.t, "subnet-0c1db"), "acl-0c1app");
	assert_int_equal(s->nacl_how, VS_HOW_EXPLICIT);
	assert_non_null(s->nacl_assoc);
	assert_string_not_equal(s->nacl_assoc, "aclassoc-0c1db");
	assert_int_equal(nacl(r.t, "acl-0c1def")->n_assocs, 1);
	assert_int_equal(nacl(r.t, "acl-0c1app")->n_assocs, 2);
	/* acl-0c1app lets out only ephemeral ports to the VPC and HTTPS */
	trace(r.t, "eni-0c1db", "eni-0c1web", "tcp", 80);
	expect_blocked(VS_C_NACL, "acl-0c1app", VS_R_SUBNET_ACL_RESTRICTION);
	assert_int_equal(decided()->dir, VS_DIR_EGRESS);
	assert_int_equal(decided()->nacl_rule, 32767);
	REACHABLE(r.t, "eni-0c1db", "eni-0c1web", "tcp", 443);
	run_free(&r);

	/* the old id is gone: moving it again is refused */

	apply_refused(&r,
	    "- ReplaceNetworkAclAssociation: {AssociationId: aclassoc-0c1db, "
	    "NetworkAclId: acl-0c1app}\n"
	    "- ReplaceNetworkAclAssociation: {AssociationId: aclassoc-0c1db, "
	    "NetworkAclId: acl-0c1def}\n",
	    "/changes/1/ReplaceNetworkAclAssociation",
	    "InvalidAssociationID.NotFound",
	    "no network ACL association aclassoc-0c1db");
	run_free(&r);
	apply_refused(&r,
	    "- ReplaceNetworkAclAssociation: {AssociationId: aclassoc-0c3x, "
	    "NetworkAclId: acl-0c1app}\n",
	    "/changes/0/ReplaceNetworkAclAssociation", "InvalidParameterValue",
	    "subnet-0c3x is in vpc-0c3, not vpc-0c1");
	run_free(&r);
	apply_refused(&r,
	    "- ReplaceNetworkAclAssociation: {AssociationId: aclassoc-0c1db, "
	    "NetworkAclId: acl-0nope}\n",
	    "/changes/0/ReplaceNetworkAclAssociation",
	    "InvalidNetworkAclID.NotFound",
	    "network-acl acl-0nope does not exist in the snapshot");
	run_free(&r);
}

/* ---- routes ---- */

static void
test_create_route(void **state)
{
	struct run r;
	const struct vs_route *x;

	(void)state;
	apply_ok(&r,
	    "- CreateRoute: {RouteTableId: rtb-0c1main, DestinationCidrBlock: "
	    "0.0.0.0/0, NatGatewayId: nat-0c1}\n",
	    1);
	x = route_to(rtb(r.t, "rtb-0c1main"), "0.0.0.0/0");
	assert_non_null(x);
	assert_int_equal(x->target, VS_TGT_NATGW);
	assert_string_equal(x->target_id, "nat-0c1");
	assert_int_equal(x->state, VS_RS_ACTIVE);
	REACHABLE(r.t, "eni-0c1db", "198.51.100.7", "tcp", 443);
	run_free(&r);

	/* a target vpcsim does not model is taken as given: unknown */
	apply_ok(&r,
	    "- CreateRoute: {RouteTableId: rtb-0c1main, DestinationCidrBlock: "
	    "52.0.0.0/8, GatewayId: vgw-0c1}\n",
	    1);
	assert_int_equal(route_to(rtb(r.t, "rtb-0c1main"), "52.0.0.0/8")
			     ->target,
	    VS_TGT_VGW);
	assert_string_equal(vs_verdict_names[trace(r.t, "eni-0c1db", "52.1.2.3",
				"tcp", 443)],
	    "unknown");
	assert_string_equal(vs_reason_names[decided()->reason],
	    "UNSUPPORTED_COMPONENT");
	run_free(&r);
}

static void
test_create_route_refused(void **state)
{
	struct run r;

	(void)state;
	apply_refused(&r,
	    "- CreateRoute: {RouteTableId: rtb-0c1main, DestinationCidrBlock: "
	    "198.51.100.0/24, NatGatewayId: nat-0c1}\n"
	    "- CreateRoute: {RouteTableId: rtb-0c1pub, DestinationCidrBlock: "
	    "0.0.0.0/0, GatewayId: igw-0c1}\n"
	    "- CreateRoute: {RouteTableId: rtb-0c1main, DestinationCidrBlock: "
	    "0.0.0.0/0, NatGatewayId: nat-0c1}\n",
	    "/changes/1/CreateRoute", "RouteAlreadyExists",
	    "rtb-0c1pub already has a route to 0.0.0.0/0");
	assert_non_null(route_to(rtb(r.t, "rtb-0c1main"), "198.51.100.0/24"));
	assert_null(route_to(rtb(r.t, "rtb-0c1main"), "0.0.0.0/0"));
	run_free(&r);

	/* the local route exists too */
	apply_refused(&r,
	    "- CreateRoute: {RouteTableId: rtb-0c1main, DestinationCidrBlock: "
	    "10.30.0.0/16, NatGatewayId: nat-0c1}\n",
	    "/changes/0/CreateRoute", "RouteAlreadyExists",
	    "rtb-0c1main already has a route to 10.30.0.0/16");
	run_free(&r);
	apply_refused(&r,
	    "- CreateRoute: {RouteTableId: rtb-0c1main, DestinationCidrBlock: "
	    "0.0.0.0/0, NatGatewayId: nat-0nope}\n",
	    "/changes/0/CreateRoute", "InvalidParameterValue",
	    "the route target nat-0nope does not exist in the snapshot");
	run_free(&r);
	apply_refused(&r,
	    "- CreateRoute: {RouteTableId: rtb-0c1main, DestinationCidrBlock: "
	    "0.0.0.0/0, NetworkInterfaceId: eni-0nope}\n",
	    "/changes/0/CreateRoute", "InvalidParameterValue",
	    "the route target eni-0nope does not exist in the snapshot");
	run_free(&r);
	apply_refused(&r,
	    "- CreateRoute: {RouteTableId: rtb-0nope, DestinationCidrBlock: "
	    "0.0.0.0/0, GatewayId: igw-0c1}\n",
	    "/changes/0/CreateRoute", "InvalidRouteTableID.NotFound",
	    "route-table rtb-0nope does not exist in the snapshot");
	run_free(&r);
}

static void
test_replace_route(void **state)
{
	struct run r;
	const struct vs_route *x;

	(void)state;
	apply_ok(&r,
	    "- ReplaceRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "0.0.0.0/0, GatewayId: igw-0c1}\n",
	    1);
	x = route_to(rtb(r.t, "rtb-0c1app"), "0.0.0.0/0");
	assert_non_null(x);
	assert_int_equal(x->target, VS_TGT_IGW);
	assert_int_equal(rtb(r.t, "rtb-0c1app")->n_routes,
	    rtb(base, "rtb-0c1app")->n_routes);
	/* app has no public address to leave by the internet gateway */
	trace(r.t, "eni-0c1app", "198.51.100.7", "tcp", 443);
	expect_blocked(VS_C_IGW, "igw-0c1",
	    VS_R_IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS);
	run_free(&r);

	/* the local route: pointed at an appliance, then restored */
	apply_ok(&r,
	    "- ReplaceRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "10.30.0.0/16, NetworkInterfaceId: eni-0c1web}\n",
	    1);
	x = route_to(rtb(r.t, "rtb-0c1app"), "10.30.0.0/16");
	assert_int_equal(x->target, VS_TGT_ENI);
	assert_string_equal(x->target_id, "eni-0c1web");
	assert_int_equal(x->origin, VS_RO_TABLE);
	run_free(&r);
	apply_ok(&r,
	    "- ReplaceRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "10.30.0.0/16, NetworkInterfaceId: eni-0c1web}\n"
	    "- ReplaceRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "10.30.0.0/16, LocalTarget: true}\n",
	    2);
	x = route_to(rtb(r.t, "rtb-0c1app"), "10.30.0.0/16");
	assert_int_equal(x->target, VS_TGT_LOCAL);
	assert_int_equal(x->origin, VS_RO_TABLE);
	REACHABLE(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	run_free(&r);
	/* a restored local route is still the local route */
	apply_refused(&r,
	    "- ReplaceRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "10.30.0.0/16, NetworkInterfaceId: eni-0c1web}\n"
	    "- ReplaceRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "10.30.0.0/16, LocalTarget: true}\n"
	    "- DeleteRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "10.30.0.0/16}\n",
	    "/changes/2/DeleteRoute", "InvalidParameterValue",
	    "the local route to 10.30.0.0/16 cannot be deleted");
	run_free(&r);

	apply_refused(&r,
	    "- ReplaceRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "192.0.2.0/24, GatewayId: igw-0c1}\n",
	    "/changes/0/ReplaceRoute", "InvalidRoute.NotFound",
	    "rtb-0c1app has no route to 192.0.2.0/24");
	run_free(&r);
	apply_refused(&r,
	    "- ReplaceRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "0.0.0.0/0, NatGatewayId: nat-0gone}\n",
	    "/changes/0/ReplaceRoute", "InvalidParameterValue",
	    "the route target nat-0gone does not exist in the snapshot");
	assert_string_equal(route_to(rtb(r.t, "rtb-0c1app"), "0.0.0.0/0")
				->target_id,
	    "nat-0c1");
	run_free(&r);
}

static void
test_delete_route(void **state)
{
	struct run r;

	(void)state;
	apply_ok(&r,
	    "- DeleteRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "0.0.0.0/0}\n",
	    1);
	assert_null(route_to(rtb(r.t, "rtb-0c1app"), "0.0.0.0/0"));
	assert_int_equal(rtb(r.t, "rtb-0c1app")->n_routes, 1);
	trace(r.t, "eni-0c1app", "198.51.100.7", "tcp", 443);
	expect_blocked(VS_C_RTB, "rtb-0c1app", VS_R_NO_ROUTE_TO_DESTINATION);
	run_free(&r);

	apply_ok(&r,
	    "- DeleteRoute: {RouteTableId: rtb-0c1pub, "
	    "DestinationIpv6CidrBlock: \"::/0\"}\n",
	    1);
	assert_null(route_to(rtb(r.t, "rtb-0c1pub"), "::/0"));
	assert_non_null(route_to(rtb(r.t, "rtb-0c1pub"), "0.0.0.0/0"));
	run_free(&r);

	apply_refused(&r,
	    "- DeleteRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "10.30.0.0/16}\n",
	    "/changes/0/DeleteRoute", "InvalidParameterValue",
	    "the local route to 10.30.0.0/16 cannot be deleted");
	run_free(&r);
	apply_refused(&r,
	    "- DeleteRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "10.99.0.0/16}\n",
	    "/changes/0/DeleteRoute", "InvalidRoute.NotFound",
	    "rtb-0c1app has no route to 10.99.0.0/16");
	run_free(&r);
}

/* ---- route table associations ---- */

static void
test_associate_route_table(void **state)
{
	struct run r;
	const struct vs_rtb_assoc *a;

	(void)state;
	apply_ok(&r,
	    "- AssociateRouteTable: {RouteTableId: rtb-0c1spare, SubnetId: "
	    "subnet-0c1db}\n",
	    1);
	assert_string_equal(subnet_rtb(r.t, "subnet-0c1db"), "rtb-0c1spare");
	assert_int_equal(subnet(r.t, "subnet-0c1db")->rtb_how, VS_HOW_EXPLICIT);
	a = rtb_assoc(rtb(r.t, "rtb-0c1spare"), "subnet-0c1db");
	assert_non_null(a);
	assert_false(a->main);
	assert_non_null(a->id);
	/* the table routes 0.0.0.0/0 to the internet gateway */
	trace(r.t, "eni-0c1db", "198.51.100.7", "tcp", 443);
	expect_blocked(VS_C_IGW, "igw-0c1",
	    VS_R_IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS);
	run_free(&r);

	apply_refused(&r,
	    "- AssociateRouteTable: {RouteTableId: rtb-0c1spare, SubnetId: "
	    "subnet-0c1app}\n",
	    "/changes/0/AssociateRouteTable", "Resource.AlreadyAssociated",
	    "subnet-0c1app is already associated with rtb-0c1app "
	    "(rtbassoc-0c1app)");
	run_free(&r);
	apply_refused(&r,
	    "- AssociateRouteTable: {RouteTableId: rtb-0c1spare, SubnetId: "
	    "subnet-0nope}\n",
	    "/changes/0/AssociateRouteTable", "InvalidSubnetID.NotFound",
	    "subnet subnet-0nope does not exist");
	run_free(&r);
	apply_refused(&r,
	    "- AssociateRouteTable: {RouteTableId: rtb-0c3main, SubnetId: "
	    "subnet-0c1db}\n",
	    "/changes/0/AssociateRouteTable", "InvalidParameterValue",
	    "subnet-0c1db is in vpc-0c1, route table rtb-0c3main in vpc-0c3");
	run_free(&r);
}

static void
test_disassociate_route_table(void **state)
{
	struct run r;

	(void)state;
	apply_ok(&r,
	    "- DisassociateRouteTable: {AssociationId: rtbassoc-0c1app}\n", 1);
	/* back to the main table, which has only the local route */
	assert_string_equal(subnet_rtb(r.t, "subnet-0c1app"), "rtb-0c1main");
	assert_int_equal(subnet(r.t, "subnet-0c1app")->rtb_how, VS_HOW_MAIN);
	assert_int_equal(rtb(r.t, "rtb-0c1app")->n_assocs, 0);
	trace(r.t, "eni-0c1app", "198.51.100.7", "tcp", 443);
	expect_blocked(VS_C_RTB, "rtb-0c1main", VS_R_NO_ROUTE_TO_DESTINATION);
	run_free(&r);

	apply_refused(&r,
	    "- DisassociateRouteTable: {AssociationId: rtbassoc-0c1main}\n",
	    "/changes/0/DisassociateRouteTable", "InvalidParameterValue",
	    "rtbassoc-0c1main is the main route table association; replace it "
	    "instead");
	run_free(&r);
	apply_refused(&r,
	    "- DisassociateRouteTable: {AssociationId: rtbassoc-0nope}\n",
	    "/changes/0/DisassociateRouteTable",
	    "InvalidAssociationID.NotFound",
	    "no route table association rtbassoc-0nope");
	run_free(&r);
}

static void
test_replace_route_table_association(void **state)
{
	struct run r;
	const struct vs_rtb_assoc *a;

	(void)state;
	apply_ok(&r,
	    "- ReplaceRouteTableAssociation: {AssociationId: rtbassoc-0c1app, "
	    "RouteTableId: rtb-0c1spare}\n",
	    1);
	assert_string_equal(subnet_rtb(r.t, "subnet-0c1app"), "rtb-0c1spare");
	assert_int_equal(subnet(r.t, "subnet-0c1app")->rtb_how,
	    VS_HOW_EXPLICIT);
	a = rtb_assoc(rtb(r.t, "rtb-0c1spare"), "subnet-0c1app");
	assert_non_null(a);
	assert_string_not_equal(a->id, "rtbassoc-0c1app");
	assert_null(rtb_assoc(rtb(r.t, "rtb-0c1app"), "subnet-0c1app"));
	trace(r.t, "eni-0c1app", "198.51.100.7", "tcp", 443);
	expect_blocked(VS_C_IGW, "igw-0c1",
	    VS_R_IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS);
	run_free(&r);

	apply_refused(&r,
	    "- ReplaceRouteTableAssociation: {AssociationId: rtbassoc-0c1app, "
	    "RouteTableId: rtb-0c3main}\n",
	    "/changes/0/ReplaceRouteTableAssociation", "InvalidParameterValue",
	    "rtb-0c3main belongs to vpc-0c3, the association to vpc-0c1");
	run_free(&r);
	apply_refused(&r,
	    "- ReplaceRouteTableAssociation: {AssociationId: rtbassoc-0nope, "
	    "RouteTableId: rtb-0c1spare}\n",
	    "/changes/0/ReplaceRouteTableAssociation",
	    "InvalidAssociationID.NotFound",
	    "no route table association rtbassoc-0nope");
	run_free(&r);
	apply_refused(&r,
	    "- ReplaceRouteTableAssociation: {AssociationId: rtbassoc-0c1app, "
	    "RouteTableId: rtb-0nope}\n",
	    "/changes/0/ReplaceRouteTableAssociation",
	    "InvalidRouteTableID.NotFound",
	    "route-table rtb-0nope does not exist in the snapshot");
	run_free(&r);
}

static void
test_replace_main_route_table_association(void **state)
{
	struct run r;
	const struct vs_rtb_assoc *a;
	const struct vs_vpc *v;

	(void)state;
	apply_ok(&r,
	    "- ReplaceRouteTableAssociation: {AssociationId: "
	    "rtbassoc-0c1main, RouteTableId: rtb-0c1spare}\n",
	    1);
	/* spare is now the main table of vpc-0c1 */
	a = rtb_assoc(rtb(r.t, "rtb-0c1spare"), NULL);
	assert_non_null(a);
	assert_true(a->main);
	assert_null(a->subnet_id);
	assert_string_not_equal(a->id, "rtbassoc-0c1main");
	assert_null(rtb_assoc(rtb(r.t, "rtb-0c1main"), NULL));
	v = &r.t->vpcs[idx_of(r.t, VS_K_VPC, "vpc-0c1")];
	assert_int_not_equal(v->main_rtb, VS_NONE);
	assert_string_equal(r.t->rtbs[v->main_rtb].id, "rtb-0c1spare");
	/* the subnet without an explicit association follows the main
	 * table; the ones with one keep theirs */
	assert_string_equal(subnet_rtb(r.t, "subnet-0c1db"), "rtb-0c1spare");
	assert_int_equal(subnet(r.t, "subnet-0c1db")->rtb_how, VS_HOW_MAIN);
	assert_string_equal(subnet_rtb(r.t, "subnet-0c1app"), "rtb-0c1app");
	assert_string_equal(subnet_rtb(r.t, "subnet-0c1pub"), "rtb-0c1pub");
	/* and its traffic with it: no more "no route", the internet
	 * gateway is reached (and refuses an address with no public IP) */
	trace(r.t, "eni-0c1db", "198.51.100.7", "tcp", 443);
	expect_blocked(VS_C_IGW, "igw-0c1",
	    VS_R_IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS);
	/* the other VPCs keep their main tables */
	assert_string_equal(subnet_rtb(r.t, "subnet-0c3x"), "rtb-0c3main");
	run_free(&r);

	/* the new main association is still the main one */
	apply_refused(&r,
	    "- ReplaceRouteTableAssociation: {AssociationId: "
	    "rtbassoc-0c1main, RouteTableId: rtb-0c1spare}\n"
	    "- DisassociateRouteTable: {AssociationId: rtbassoc-new1}\n",
	    "/changes/1/DisassociateRouteTable", "InvalidParameterValue",
	    "rtbassoc-new1 is the main route table association; replace it "
	    "instead");
	run_free(&r);

	/* and can be moved back */
	apply_ok(&r,
	    "- ReplaceRouteTableAssociation: {AssociationId: "
	    "rtbassoc-0c1main, RouteTableId: rtb-0c1spare}\n"
	    "- ReplaceRouteTableAssociation: {AssociationId: rtbassoc-new1, "
	    "RouteTableId: rtb-0c1main}\n",
	    2);
	assert_string_equal(subnet_rtb(r.t, "subnet-0c1db"), "rtb-0c1main");
	trace(r.t, "eni-0c1db", "198.51.100.7", "tcp", 443);
	expect_blocked(VS_C_RTB, "rtb-0c1main", VS_R_NO_ROUTE_TO_DESTINATION);
	run_free(&r);
}

/* ---- interfaces and addresses ---- */

static void
test_modify_interface_groups(void **state)
{
	struct run r;
	const struct vs_eni *e;

	(void)state;
	apply_ok(&r,
	    "- ModifyNetworkInterfaceAttribute:\n"
	    "    NetworkInterfaceId: eni-0c1db\n"
	    "    Groups: [sg-0c1web, sg-0c1app]\n",
	    1);
	e = eni(r.t, "eni-0c1db");
	assert_int_equal(e->n_groups, 2);
	assert_string_equal(e->group_ids[0], "sg-0c1web");
	assert_string_equal(e->group_ids[1], "sg-0c1app");
	/* sg-0c1db no longer applies: app is not let in on 5432 ... */
	trace(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	expect_blocked(VS_C_SG, "eni-0c1db", VS_R_ENI_SG_RULES_MISMATCH);
	/* ... and db, now a member of sg-0c1web, may call app on 8080 */
	REACHABLE(r.t, "eni-0c1db", "eni-0c1app", "tcp", 8080);
	/* the snapshot is untouched */
	assert_int_equal(eni(base, "eni-0c1db")->n_groups, 1);
	run_free(&r);

	apply_refused(&r,
	    "- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0c1db, Groups: []}\n",
	    "/changes/0/ModifyNetworkInterfaceAttribute",
	    "InvalidParameterValue",
	    "Groups must name at least one security group");
	run_free(&r);
	apply_refused(&r,
	    "- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0c1db, Groups: [sg-0c1db, sg-0nope]}\n",
	    "/changes/0/ModifyNetworkInterfaceAttribute",
	    "InvalidGroup.NotFound", "group sg-0nope does not exist");
	assert_int_equal(eni(r.t, "eni-0c1db")->n_groups, 1);
	run_free(&r);
	apply_refused(&r,
	    "- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0c1db, Groups: [sg-0c3x]}\n",
	    "/changes/0/ModifyNetworkInterfaceAttribute",
	    "InvalidGroup.NotFound",
	    "group sg-0c3x belongs to vpc-0c3, the interface to vpc-0c1");
	run_free(&r);
	apply_refused(&r,
	    "- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0nope, Groups: [sg-0c1db]}\n",
	    "/changes/0/ModifyNetworkInterfaceAttribute",
	    "InvalidNetworkInterfaceID.NotFound",
	    "network-interface eni-0nope does not exist in the snapshot");
	run_free(&r);
}

static void
test_modify_interface_source_dest_check(void **state)
{
	struct run r;
	static const char *const via_web =
	    /* route app -> db through web, and let web and db take it */
	    "- CreateRoute: {RouteTableId: rtb-0c1app, DestinationCidrBlock: "
	    "10.30.3.0/24, NetworkInterfaceId: eni-0c1web}\n"
	    "- AuthorizeSecurityGroupIngress: {GroupId: sg-0c1web, "
	    "IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: "
	    "10.30.2.0/24}\n"
	    "- AuthorizeSecurityGroupIngress: {GroupId: sg-0c1db, "
	    "IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: "
	    "10.30.2.0/24}\n";
	char yaml[2048];

	(void)state;
	apply_ok(&r, via_web, 3);
	assert_true(eni(r.t, "eni-0c1web")->src_dst_check);
	trace(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	expect_blocked(VS_C_ENI, "eni-0c1web",
	    VS_R_ENI_SOURCE_DEST_CHECK_RESTRICTION);
	run_free(&r);

	/* the API's shape {Value: false} */
	snprintf(yaml, sizeof(yaml),
	    "%s- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0c1web, SourceDestCheck: {Value: false}}\n",
	    via_web);
	apply_ok(&r, yaml, 4);
	assert_false(eni(r.t, "eni-0c1web")->src_dst_check);
	REACHABLE(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	run_free(&r);

	/* a plain boolean, and back on */
	snprintf(yaml, sizeof(yaml),
	    "%s- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0c1web, SourceDestCheck: false}\n"
	    "- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0c1web, SourceDestCheck: {Value: true}}\n",
	    via_web);
	apply_ok(&r, yaml, 5);
	assert_true(eni(r.t, "eni-0c1web")->src_dst_check);
	trace(r.t, "eni-0c1app", "eni-0c1db", "tcp", 5432);
	expect_blocked(VS_C_ENI, "eni-0c1web",
	    VS_R_ENI_SOURCE_DEST_CHECK_RESTRICTION);
	run_free(&r);

	apply_err(&r,
	    "- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0c1web, SourceDestCheck: {}}\n",
	    "/changes/0/ModifyNetworkInterfaceAttribute/SourceDestCheck",
	    "missing required key \"Value\"");
	run_free(&r);
	apply_err(&r,
	    "- ModifyNetworkInterfaceAttribute: {NetworkInterfaceId: "
	    "eni-0c1web, SourceDestCheck: \"no\"}\n",
	    "/changes/0/ModifyNetworkInterfaceAttribute/SourceDestCheck",
	    "expected {\"Value\": true|false}");
	run_free(&r);
}

static void
test_associate_address(void **state)
{
	struct run r;
	char b[VS_ADDR_STRLEN];
	struct vs_addr pub;

	(void)state;
	/* give the database a way out and an Elastic IP, by instance */
	apply_ok(&r,
	    "- CreateRoute: {RouteTableId: rtb-0c1main, DestinationCidrBlock: "
	    "0.0.0.0/0, GatewayId: igw-0c1}\n"
	    "- AssociateAddress: {PublicIp: 203.0.113.50, InstanceId: "
	    "i-0c1db}\n",
	    2);
	assert_string_equal(public_of(r.t, "eni-0c1db", 0, b), "203.0.113.50");
	REACHABLE(r.t, "eni-0c1db", "198.51.100.7", "tcp", 443);
	/* the address now names the interface */
	pub = A("203.0.113.50");
	assert_int_equal(vs_topo_eni_by_public(r.t, &pub),
	    idx_of(r.t, VS_K_ENI, "eni-0c1db"));
	run_free(&r);

	/* a secondary private address, by interface */
	apply_ok(&r,
	    "- AssociateAddress: {PublicIp: 203.0.113.51, NetworkInterfaceId: "
	    "eni-0c1web, PrivateIpAddress: 10.30.1.11}\n",
	    1);
	assert_string_equal(public_of(r.t, "eni-0c1web", 1, b), "203.0.113.51");
	assert_string_equal(public_of(r.t, "eni-0c1web", 0, b), "203.0.113.10");
	run_free(&r);

	/* replacing the primary's public address */
	apply_ok(&r,
	    "- AssociateAddress: {PublicIp: 203.0.113.60, NetworkInterfaceId: "
	    "eni-0c1web}\n",
	    1);
	assert_string_equal(public_of(r.t, "eni-0c1web", 0, b), "203.0.113.60");
	REACHABLE(r.t, "internet", "203.0.113.60", "tcp", 80);
	pub = A("203.0.113.10");
	assert_int_equal(vs_topo_eni_by_public(r.t, &pub), VS_NONE);
	run_free(&r);

	/* taking an address from another interface needs the flag */
	apply_refused(&r,
	    "- AssociateAddress: {PublicIp: 203.0.113.10, NetworkInterfaceId: "
	    "eni-0c1app}\n",
	    "/changes/0/AssociateAddress", "Resource.AlreadyAssociated",
	    "the address is associated with eni-0c1web; set "
	    "AllowReassociation");
	run_free(&r);
	apply_ok(&r,
	    "- AssociateAddress: {PublicIp: 203.0.113.10, NetworkInterfaceId: "
	    "eni-0c1app, AllowReassociation: true}\n",
	    1);
	assert_null(public_of(r.t, "eni-0c1web", 0, b));
	assert_string_equal(public_of(r.t, "eni-0c1app", 0, b), "203.0.113.10");
	trace(r.t, "internet", "eni-0c1web", "tcp", 80);
	expect_blocked(VS_C_IGW, "igw-0c1",
	    VS_R_IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS);
	run_free(&r);
}

static void
test_associate_address_refused(void **state)
{
	struct run r;

	(void)state;
	apply_refused(&r,
	    "- AssociateAddress: {PublicIp: 203.0.113.51, NetworkInterfaceId: "
	    "eni-0c1web, PrivateIpAddress: 10.30.1.99}\n",
	    "/changes/0/AssociateAddress", "InvalidParameterValue",
	    "eni-0c1web has no such private address");
	run_free(&r);
	apply_refused(&r,
	    "- AssociateAddress: {PublicIp: 203.0.113.51, InstanceId: "
	    "i-0nope}\n",
	    "/changes/0/AssociateAddress", "InvalidInstanceID.NotFound",
	    "instance i-0nope does not exist in the snapshot");
	run_free(&r);
	apply_refused(&r,
	    "- AssociateAddress: {PublicIp: 203.0.113.51, NetworkInterfaceId: "
	    "eni-0nope}\n",
	    "/changes/0/AssociateAddress", "InvalidNetworkInterfaceID.NotFound",
	    "network-interface eni-0nope does not exist in the snapshot");
	run_free(&r);
	apply_err(&r,
	    "- AssociateAddress: {AllocationId: eipalloc-0c1, "
	    "NetworkInterfaceId: eni-0c1web}\n",
	    "/changes/0/AssociateAddress",
	    "give PublicIp (vpcsim does not read describe-addresses, so an "
	    "AllocationId alone names no address)");
	run_free(&r);
}

static void
test_disassociate_address(void **state)
{
	struct run r;
	char b[VS_ADDR_STRLEN];

	(void)state;
	apply_ok(&r, "- DisassociateAddress: {PublicIp: 203.0.113.10}\n", 1);
	assert_null(public_of(r.t, "eni-0c1web", 0, b));
	trace(r.t, "internet", "eni-0c1web", "tcp", 80);
	expect_blocked(VS_C_IGW, "igw-0c1",
	    VS_R_IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS);
	trace(r.t, "eni-0c1web", "198.51.100.7", "tcp", 443);
	expect_blocked(VS_C_IGW, "igw-0c1",
	    VS_R_IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS);
	run_free(&r);

	apply_refused(&r, "- DisassociateAddress: {PublicIp: 203.0.113.99}\n",
	    "/changes/0/DisassociateAddress", "InvalidAssociationID.NotFound",
	    "no interface holds that public address");
	run_free(&r);
	/* once disassociated, it is gone */
	apply_refused(&r,
	    "- DisassociateAddress: {PublicIp: 203.0.113.10}\n"
	    "- DisassociateAddress: {PublicIp: 203.0.113.10}\n",
	    "/changes/1/DisassociateAddress", "InvalidAssociationID.NotFound",
	    "no interface holds that public address");
	run_free(&r);
}

/* ---- the list itself ---- */

static void
test_unknown_action(void **state)
{
	struct run r;

	(void)state;
	apply_err(&r,
	    "- AuthorizeSecurityGroupIngress: {GroupId: sg-0c1web, "
	    "IpProtocol: tcp, FromPort: 8443, ToPort: 8443, "
	    "CidrIp: 10.30.2.0/24}\n"
	    "- CreateVpc: {CidrBlock: 10.9.0.0/16}\n"
	    "- DeleteSecurityGroup: {GroupId: sg-0c1spare}\n",
	    "/changes/1/CreateVpc",
	    "unknown or unsupported change action 'CreateVpc' (see "
	    "docs/scenarios.md for the supported ones)");
	assert_int_equal(the_error(&r)->line, 2);
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP,
	    8443, 8443, "10.30.2.0/24"));
	assert_int_not_equal(idx_of(r.t, VS_K_SG, "sg-0c1spare"), VS_NONE);
	run_free(&r);

	/* action names are case-sensitive, as in the API */
	apply_err(&r, "- revokeSecurityGroupIngress: {GroupId: sg-0c1web}\n",
	    "/changes/0/revokeSecurityGroupIngress",
	    "unknown or unsupported change action 'revokeSecurityGroupIngress' "
	    "(see docs/scenarios.md for the supported ones)");
	run_free(&r);
}

static void
test_misspelt_parameter(void **state)
{
	struct run r;

	(void)state;
	/* A misspelt IpPermissions must not silently revoke nothing. */
	apply_err(&r,
	    "- RevokeSecurityGroupIngress:\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermisions:\n"
	    "      - {IpProtocol: tcp, FromPort: 80, ToPort: 80, IpRanges: "
	    "[{CidrIp: 0.0.0.0/0}]}\n",
	    "/changes/0/RevokeSecurityGroupIngress/IpPermisions",
	    "RevokeSecurityGroupIngress does not take the parameter "
	    "\"IpPermisions\" (it takes GroupId, GroupName, IpPermissions, "
	    "SecurityGroupRuleIds, CidrIp, IpProtocol, FromPort, ToPort)");
	run_free(&r);

	apply_err(&r,
	    "- CreateRoute: {RouteTableId: rtb-0c1main, DestinationCidr: "
	    "0.0.0.0/0, NatGatewayId: nat-0c1}\n",
	    "/changes/0/CreateRoute/DestinationCidr",
	    "CreateRoute does not take the parameter \"DestinationCidr\" (it "
	    "takes RouteTableId, DestinationCidrBlock, "
	    "DestinationIpv6CidrBlock, DestinationPrefixListId, GatewayId, "
	    "NatGatewayId, TransitGatewayId, VpcPeeringConnectionId, "
	    "NetworkInterfaceId, InstanceId, EgressOnlyInternetGatewayId, "
	    "VpcEndpointId, LocalGatewayId, CarrierGatewayId, CoreNetworkArn, "
	    "OdbNetworkArn, LocalTarget)");
	run_free(&r);
}

static void
test_dry_run(void **state)
{
	struct run r;

	(void)state;
	apply(&r,
	    "- RevokeSecurityGroupIngress:\n"
	    "    DryRun: true\n"
	    "    GroupId: sg-0c1web\n"
	    "    IpPermissions:\n"
	    "      - {IpProtocol: tcp, FromPort: 80, ToPort: 80, IpRanges: "
	    "[{CidrIp: 0.0.0.0/0}]}\n"
	    "- DeleteNetworkAclEntry: {DryRun: true, NetworkAclId: acl-0c1app, "
	    "RuleNumber: 100, Egress: false}\n"
	    "- AuthorizeSecurityGroupIngress: {DryRun: false, GroupId: "
	    "sg-0c1web, IpProtocol: tcp, FromPort: 8443, ToPort: 8443, "
	    "CidrIp: 10.30.2.0/24}\n");
	assert_int_equal(vs_diags_errors(r.d), 0);
	assert_int_equal(r.fin, 0);
	/* the dry runs changed nothing */
	assert_true(has_cidr_rule(sg(r.t, "sg-0c1web"), false, VS_PROTO_TCP, 80,
	    80, "0.0.0.0/0"));
	assert_non_null(entry(nacl(r.t, "acl-0c1app"), 100, false));
	REACHABLE(r.t, "internet", "eni-0c1web", "tcp", 80);
	REACHABLE(r.t, "eni-0c1web", "eni-0c1app", "tcp", 8080);
	/* DryRun: false is a real call */
	REACHABLE(r.t, "eni-0c1app", "eni-0c1web", "tcp", 8443);
	run_free(&r);
}

static void
test_dry_run_not_counted(void **state)
{
	struct run r;

	(void)state;
	/* vs_change_apply returns "the number of changes applied"; a dry
	 * run applies nothing (and `check --format json` reports this
	 * number as "changes"). */
	apply(&r,
	    "- DisassociateAddress: {DryRun: true, PublicIp: 203.0.113.10}\n"
	    "- DisassociateAddress: {PublicIp: 203.0.113.20}\n");
	assert_int_equal(vs_diags_errors(r.d), 0);
	assert_int_equal(r.n, 1);
	run_free(&r);
}

static void
test_list_shape_errors(void **state)
{
	struct run r;

	(void)state;
	apply_err(&r,
	    "- {AuthorizeSecurityGroupIngress: {GroupId: sg-0c1web}, "
	    "DeleteSecurityGroup: {GroupId: sg-0c1spare}}\n",
	    "/changes/0",
	    "each change is a map with one key, the EC2 action (e.g. "
	    "RevokeSecurityGroupIngress)");
	run_free(&r);
	apply_err(&r, "- DeleteSecurityGroup\n", "/changes/0",
	    "each change is a map with one key, the EC2 action (e.g. "
	    "RevokeSecurityGroupIngress)");
	run_free(&r);
	apply_err(&r, "- DeleteSecurityGroup: [sg-0c1spare]\n",
	    "/changes/0/DeleteSecurityGroup",
	    "expected the action's parameters as a map, got an array");
	run_free(&r);
	apply_err(&r, "DeleteSecurityGroup: {GroupId: sg-0c1spare}\n",
	    "/changes", "expected a list of changes, got an object");
	run_free(&r);
	/* an empty list is no change */
	apply_ok(&r, "[]\n", 0);
	run_free(&r);
}

static void
test_actions_table(void **state)
{
	static const char *const documented[] =
	    {"AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
		"RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress",
		"ModifySecurityGroupRules", "CreateSecurityGroup",
		"DeleteSecurityGroup", "CreateNetworkAcl",
		"CreateNetworkAclEntry", "ReplaceNetworkAclEntry",
		"DeleteNetworkAclEntry", "ReplaceNetworkAclAssociation",
		"CreateRoute", "ReplaceRoute", "DeleteRoute",
		"AssociateRouteTable", "DisassociateRouteTable",
		"ReplaceRouteTableAssociation",
		"ModifyNetworkInterfaceAttribute", "AssociateAddress",
		"DisassociateAddress"};
	size_t i, n = 0;

	(void)state;
	while (vs_change_actions[n] != NULL)
		n++;
	assert_int_equal(n, sizeof(documented) / sizeof(documented[0]));
	for (i = 0; i < n; i++) {
		size_t j;
		bool found = false;
		for (j = 0; j < n; j++)
			found |=
			    strcmp(vs_change_actions[j], documented[i]) == 0;
		if (!found)
			fail_msg("%s is documented but not supported",
			    documented[i]);
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_base_flows),
	    cmocka_unit_test(test_authorize_ingress),
	    cmocka_unit_test(test_authorize_flat_form),
	    cmocka_unit_test(test_authorize_egress),
	    cmocka_unit_test(test_authorize_duplicate),
	    cmocka_unit_test(test_authorize_unknown_group),
	    cmocka_unit_test(test_revoke_ingress),
	    cmocka_unit_test(test_revoke_part_of_permission),
	    cmocka_unit_test(test_revoke_ipv6_range),
	    cmocka_unit_test(test_revoke_by_rule_ids),
	    cmocka_unit_test(test_revoke_egress),
	    cmocka_unit_test(test_revoke_missing_refused),
	    cmocka_unit_test(test_revoke_missing_default_vpc),
	    cmocka_unit_test(test_group_name),
	    cmocka_unit_test(test_modify_sg_rules),
	    cmocka_unit_test(test_create_security_group),
	    cmocka_unit_test(test_create_security_group_refused),
	    cmocka_unit_test(test_delete_security_group),
	    cmocka_unit_test(test_delete_security_group_refused),
	    cmocka_unit_test(test_delete_default_group_refused),
	    cmocka_unit_test(test_create_network_acl_entry),
	    cmocka_unit_test(test_create_network_acl_entry_refused),
	    cmocka_unit_test(test_replace_network_acl_entry),
	    cmocka_unit_test(test_delete_network_acl_entry),
	    cmocka_unit_test(test_rule_number_range),
	    cmocka_unit_test(test_delete_implicit_entry),
	    cmocka_unit_test(test_replace_network_acl_association),
	    cmocka_unit_test(test_create_route),
	    cmocka_unit_test(test_create_route_refused),
	    cmocka_unit_test(test_replace_route),
	    cmocka_unit_test(test_delete_route),
	    cmocka_unit_test(test_disassociate_route_table),
	    cmocka_unit_test(test_modify_interface_groups),
	    cmocka_unit_test(test_modify_interface_source_dest_check),
	    cmocka_unit_test(test_associate_address),
	    cmocka_unit_test(test_associate_address_refused),
	    cmocka_unit_test(test_disassociate_address),
	    cmocka_unit_test(test_unknown_action),
	    cmocka_unit_test(test_misspelt_parameter),
	    cmocka_unit_test(test_dry_run),
	    cmocka_unit_test(test_dry_run_not_counted),
	    cmocka_unit_test(test_list_shape_errors),
	    cmocka_unit_test(test_actions_table),
	    /* last: a route table or network ACL with no association yet
	     * and a group with no rule have NULL arrays, and a memcpy from
	     * NULL aborts under UBSan; an abort here hides no other result */
	    cmocka_unit_test(test_create_network_acl),
	    cmocka_unit_test(test_associate_route_table),
	    cmocka_unit_test(test_replace_route_table_association),
	    cmocka_unit_test(test_replace_main_route_table_association),
	    cmocka_unit_test(test_authorize_group_without_rules),
	};

	/* test_change [PATTERN]: run only the tests matching PATTERN */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
