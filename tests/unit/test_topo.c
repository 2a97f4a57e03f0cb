/*
 * test_topo.c - unit tests for the topology store (model/topo.h).
 *
 * Topologies are built directly with vs_topo_add() and finished with
 * vs_topo_finish(), without the loader, so each test states exactly what
 * the snapshot holds.  The association rules come from
 * reference/aws-semantics.md section 2.13: a subnet without an explicit
 * route-table association uses the VPC's Main:true table, and a subnet no
 * NACL association names uses the VPC's IsDefault NACL.  Dangling
 * references are warnings, duplicates errors (topo.h).  The indexes are
 * checked against a naive linear scan on a random topology whose seed is
 * fixed and printed (STYLE.md practice 14).
 */
/* cmocka.h needs these four headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "ip.h"
#include "topo.h"

/* ---- building blocks ---- */

struct fx {
	struct vs_topo *t;
	struct vs_diags *d;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->t = vs_topo_new();
	f->d = vs_diags_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	vs_topo_free(&f->t);
	assert_null(f->t);
	vs_diags_free(&f->d);
	free(f);
	return 0;
}

static const char *
S(struct vs_topo *t, const char *s)
{
	return vs_arena_strdup(t->arena, s);
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

static struct vs_origin
at(struct vs_topo *t, const char *path)
{
	struct vs_origin o;
	o.file = S(t, "snap/x.json");
	o.path = S(t, path);
	return o;
}

static void
vpc(struct vs_topo *t, const char *id, const char *cidr)
{
	struct vs_vpc *v = vs_topo_add(t, VS_K_VPC);
	v->id = S(t, id);
	v->cidrs = vs_arena_alloc(t->arena, sizeof(*v->cidrs));
	v->cidrs[0] = P(cidr);
	v->n_cidrs = 1;
	v->at = at(t, "/Vpcs/0");
}

static void
subnet(struct vs_topo *t, const char *id, const char *vpc_id, const char *cidr)
{
	struct vs_subnet *s = vs_topo_add(t, VS_K_SUBNET);
	s->id = S(t, id);
	s->vpc_id = S(t, vpc_id);
	if (cidr != NULL) {
		s->cidr4 = P(cidr);
		s->has_cidr4 = true;
	}
	s->at = at(t, "/Subnets/0");
}

static struct vs_rtb *
rtb(struct vs_topo *t, const char *id, const char *vpc_id)
{
	struct vs_rtb *r = vs_topo_add(t, VS_K_RTB);
	r->id = S(t, id);
	r->vpc_id = S(t, vpc_id);
	r->at = at(t, "/RouteTables/4");
	r->assocs = vs_arena_zalloc(t->arena, 8 * sizeof(*r->assocs));
	r->routes = vs_arena_zalloc(t->arena, 8 * sizeof(*r->routes));
	return r;
}

static void
rtb_assoc(struct vs_topo *t, struct vs_rtb *r, const char *id, bool main,
    const char *subnet_id, const char *state)
{
	struct vs_rtb_assoc *a = &r->assocs[r->n_assocs++];
	a->id = S(t, id);
	a->main = main;
	a->subnet_id = subnet_id ? S(t, subnet_id) : NULL;
	a->state = state ? S(t, state) : NULL;
}

static void
route(struct vs_topo *t, struct vs_rtb *r, const char *dst, enum vs_target k,
    const char *target, enum vs_route_state st)
{
	struct vs_route *ro = &r->routes[r->n_routes++];
	ro->dst = P(dst);
	ro->target = k;
	ro->target_id = S(t, target);
	ro->state = st;
}

static struct vs_nacl *
nacl(struct vs_topo *t, const char *id, const char *vpc_id, bool is_default)
{
	struct vs_nacl *n = vs_topo_add(t, VS_K_NACL);
	n->id = S(t, id);
	n->vpc_id = S(t, vpc_id);
	n->is_default = is_default;
	n->at = at(t, "/NetworkAcls/0");
	n->assocs = vs_arena_zalloc(t->arena, 8 * sizeof(*n->assocs));
	return n;
}

static void
nacl_assoc(struct vs_topo *t, struct vs_nacl *n, const char *id,
    const char *subnet_id)
{
	n->assocs[n->n_assocs].id = S(t, id);
	n->assocs[n->n_assocs].subnet_id = S(t, subnet_id);
	n->n_assocs++;
}

/* The two implicit deny entries AWS lists in every NACL. */
static void
nacl_default_entries(struct vs_topo *t, struct vs_nacl *n)
{
	int k;
	n->entries = vs_arena_zalloc(t->arena, 2 * sizeof(*n->entries));
	for (k = 0; k < 2; k++) {
		n->entries[k].rule = 32767;
		n->entries[k].egress = k == 1;
		n->entries[k].proto = VS_PROTO_ALL;
		n->entries[k].cidr = P("0.0.0.0/0");
	}
	n->n_entries = 2;
}

static struct vs_eni *
eni(struct vs_topo *t, const char *id, const char *subnet_id,
    const char *vpc_id, const char *ip)
{
	struct vs_eni *e = vs_topo_add(t, VS_K_ENI);
	e->id = S(t, id);
	e->subnet_id = subnet_id ? S(t, subnet_id) : NULL;
	e->vpc_id = vpc_id ? S(t, vpc_id) : NULL;
	e->src_dst_check = true;
	e->device_index = -1;
	e->at = at(t, "/NetworkInterfaces/2");
	if (ip != NULL) {
		e->v4 = vs_arena_zalloc(t->arena, 4 * sizeof(*e->v4));
		e->v4[0].priv = A(ip);
		e->v4[0].primary = true;
		e->n_v4 = 1;
	}
	return e;
}

static struct vs_sg *
sg(struct vs_topo *t, const char *id, const char *vpc_id)
{
	struct vs_sg *g = vs_topo_add(t, VS_K_SG);
	g->id = S(t, id);
	g->vpc_id = S(t, vpc_id);
	g->at = at(t, "/SecurityGroups/1");
	return g;
}

/* The first diagnostic whose message contains needle, or NULL. */
static const struct vs_diag *
find_diag(const struct vs_diags *d, enum vs_sev sev, const char *needle)
{
	size_t i;
	for (i = 0; i < vs_diags_count(d); i++) {
		const struct vs_diag *dg = vs_diags_get(d, i);
		if (dg->sev == sev && strstr(dg->msg, needle) != NULL)
			return dg;
	}
	return NULL;
}

static void
dump_diags(const struct vs_diags *d)
{
	size_t i;
	char buf[1024];
	for (i = 0; i < vs_diags_count(d); i++)
		printf("# %s\n",
		    vs_diag_str(vs_diags_get(d, i), buf, sizeof(buf)));
}

static vs_idx
idx(const struct vs_topo *t, enum vs_kind k, const char *id)
{
	vs_idx i = vs_topo_find_kind(t, k, id);
	if (i == VS_NONE)
		fail_msg("%s %s not found", vs_kind_names[k], id);
	return i;
}

/* ---- association rules ---- */

static void
test_main_route_table_fallback(void **state)
{
	struct fx *f = *state;
	struct vs_topo *t = f->t;
	struct vs_rtb *r;
	const struct vs_subnet *s;
	vs_idx v1, main1, a, main2;

	(void)state;
	vpc(t, "vpc-1", "10.0.0.0/16");
	vpc(t, "vpc-2", "10.1.0.0/16");
	vpc(t, "vpc-3", "10.2.0.0/16");
	subnet(t, "subnet-explicit", "vpc-1", "10.0.1.0/24");
	subnet(t, "subnet-implicit", "vpc-1", "10.0.2.0/24");
	subnet(t, "subnet-main-explicit", "vpc-1", "10.0.3.0/24");
	subnet(t, "subnet-gone-assoc", "vpc-1", "10.0.4.0/24");
	subnet(t, "subnet-other-vpc", "vpc-2", "10.1.1.0/24");
	subnet(t, "subnet-no-main", "vpc-3", "10.2.1.0/24");
	/* the main table, also explicitly associated with one subnet */
	r = rtb(t, "rtb-main1", "vpc-1");
	rtb_assoc(t, r, "rtbassoc-main1", true, NULL, NULL);
	rtb_assoc(t, r, "rtbassoc-me", false, "subnet-main-explicit",
	    "associated");
	r = rtb(t, "rtb-a", "vpc-1");
	rtb_assoc(t, r, "rtbassoc-a", false, "subnet-explicit", "associated");
	/* a disassociated association does not count */
	rtb_assoc(t, r, "rtbassoc-old", false, "subnet-gone-assoc",
	    "disassociated");
	r = rtb(t, "rtb-main2", "vpc-2");
	rtb_assoc(t, r, "rtbassoc-main2", true, NULL, "associated");
	assert_int_equal(vs_topo_finish(t, f->d), 0);
	dump_diags(f->d);

	v1 = idx(t, VS_K_VPC, "vpc-1");
	main1 = idx(t, VS_K_RTB, "rtb-main1");
	main2 = idx(t, VS_K_RTB, "rtb-main2");
	a = idx(t, VS_K_RTB, "rtb-a");
	assert_int_equal(t->vpcs[v1].main_rtb, main1);
	assert_int_equal(t->vpcs[idx(t, VS_K_VPC, "vpc-3")].main_rtb, VS_NONE);

	s = &t->subnets[idx(t, VS_K_SUBNET, "subnet-explicit")];
	assert_int_equal(s->rtb, a);
	assert_int_equal(s->rtb_how, VS_HOW_EXPLICIT);
	assert_string_equal(s->rtb_assoc, "rtbassoc-a");

	s = &t->subnets[idx(t, VS_K_SUBNET, "subnet-implicit")];
	assert_int_equal(s->rtb, main1);
	assert_int_equal(s->rtb_how, VS_HOW_MAIN);

	/* explicitly associated with the main table: explicit wins */
	s = &t->subnets[idx(t, VS_K_SUBNET, "subnet-main-explicit")];
	assert_int_equal(s->rtb, main1);
	assert_int_equal(s->rtb_how, VS_HOW_EXPLICIT);
	assert_string_equal(s->rtb_assoc, "rtbassoc-me");

	s = &t->subnets[idx(t, VS_K_SUBNET, "subnet-gone-assoc")];
	assert_int_equal(s->rtb, main1);
	assert_int_equal(s->rtb_how, VS_HOW_MAIN);

	/* each VPC has its own main table */
	s = &t->subnets[idx(t, VS_K_SUBNET, "subnet-other-vpc")];
	assert_int_equal(s->rtb, main2);
	assert_int_equal(s->rtb_how, VS_HOW_MAIN);

	s = &t->subnets[idx(t, VS_K_SUBNET, "subnet-no-main")];
	assert_int_equal(s->rtb, VS_NONE);
	assert_int_equal(s->rtb_how, VS_HOW_NONE);
	assert_int_equal(vs_diags_errors(f->d), 0);
}

static void
test_default_nacl_fallback(void **state)
{
	struct fx *f = *state;
	struct vs_topo *t = f->t;
	struct vs_nacl *n;
	const struct vs_subnet *s;
	vs_idx def1, def2, b;

	vpc(t, "vpc-1", "10.0.0.0/16");
	vpc(t, "vpc-2", "10.0.0.0/16"); /* overlapping on purpose */
	subnet(t, "subnet-a", "vpc-1", "10.0.1.0/24");
	subnet(t, "subnet-b", "vpc-1", "10.0.2.0/24");
	subnet(t, "subnet-c", "vpc-1", "10.0.3.0/24");
	subnet(t, "subnet-d", "vpc-2", "10.0.3.0/24");
	n = nacl(t, "acl-def1", "vpc-1", true);
	nacl_default_entries(t, n);
	nacl_assoc(t, n, "aclassoc-a", "subnet-a");
	n = nacl(t, "acl-b", "vpc-1", false);
	nacl_default_entries(t, n);
	nacl_assoc(t, n, "aclassoc-b", "subnet-b");
	/* an association naming a subnet outside the snapshot is ignored */
	nacl_assoc(t, n, "aclassoc-x", "subnet-elsewhere");
	n = nacl(t, "acl-def2", "vpc-2", true);
	nacl_default_entries(t, n);
	assert_int_equal(vs_topo_finish(t, f->d), 0);

	def1 = idx(t, VS_K_NACL, "acl-def1");
	def2 = idx(t, VS_K_NACL, "acl-def2");
	b = idx(t, VS_K_NACL, "acl-b");
	assert_int_equal(t->vpcs[idx(t, VS_K_VPC, "vpc-1")].default_nacl, def1);
	assert_int_equal(t->vpcs[idx(t, VS_K_VPC, "vpc-2")].default_nacl, def2);

	s = &t->subnets[idx(t, VS_K_SUBNET, "subnet-a")];
	assert_int_equal(s->nacl, def1);
	assert_int_equal(s->nacl_how, VS_HOW_EXPLICIT);
	assert_string_equal(s->nacl_assoc, "aclassoc-a");
	s = &t->subnets[idx(t, VS_K_SUBNET, "subnet-b")];
	assert_int_equal(s->nacl, b);
	assert_int_equal(s->nacl_how, VS_HOW_EXPLICIT);
	/* no association names subnet-c: its VPC's default NACL */
	s = &t->subnets[idx(t, VS_K_SUBNET, "subnet-c")];
	assert_int_equal(s->nacl, def1);
	assert_int_equal(s->nacl_how, VS_HOW_DEFAULT);
	assert_null(s->nacl_assoc);
	/* and never another VPC's default */
	s = &t->subnets[idx(t, VS_K_SUBNET, "subnet-d")];
	assert_int_equal(s->nacl, def2);
	assert_int_equal(s->nacl_how, VS_HOW_DEFAULT);
	assert_int_equal(vs_diags_errors(f->d), 0);
}

/* ---- dangling references are warnings ---- */

static void
test_dangling_references(void **state)
{
	struct fx *f = *state;
	struct vs_topo *t = f->t;
	struct vs_rtb *r;
	struct vs_eni *e;
	struct vs_sg *g;
	const struct vs_diag *dg;
	char buf[1024];
	vs_idx ei;

	vpc(t, "vpc-1", "10.0.0.0/16");
	subnet(t, "subnet-1", "vpc-1", "10.0.1.0/24");
	subnet(t, "subnet-orphan", "vpc-gone", "10.9.1.0/24");
	r = rtb(t, "rtb-1", "vpc-1");
	rtb_assoc(t, r, "rtbassoc-1", true, NULL, NULL);
	route(t, r, "10.0.0.0/16", VS_TGT_LOCAL, "local", VS_RS_ACTIVE);
	route(t, r, "0.0.0.0/0", VS_TGT_NATGW, "nat-missing", VS_RS_ACTIVE);
	/* a blackhole route to a deleted gateway is what AWS shows: no
	 * warning for that one */
	route(t, r, "192.168.0.0/16", VS_TGT_NATGW, "nat-deleted",
	    VS_RS_BLACKHOLE);
	e = eni(t, "eni-lost", "subnet-missing", NULL, "10.0.9.9");
	e = eni(t, "eni-1", "subnet-1", "vpc-1", "10.0.1.10");
	e->group_ids = vs_arena_alloc(t->arena, 2 * sizeof(char *));
	e->group_ids[0] = S(t, "sg-web");
	e->group_ids[1] = S(t, "sg-missing");
	e->n_groups = 2;
	g = sg(t, "sg-web", "vpc-1");
	g->rules = vs_arena_zalloc(t->arena, 2 * sizeof(*g->rules));
	g->rules[0].kind = VS_PEER_SG;
	g->rules[0].proto = VS_PROTO_TCP;
	g->rules[0].from = g->rules[0].to = 443;
	g->rules[0].ref = S(t, "sg-gone");
	g->rules[0].perm = 3;
	g->rules[1].kind = VS_PEER_CIDR;
	g->rules[1].proto = VS_PROTO_ALL;
	g->rules[1].cidr = P("0.0.0.0/0");
	g->n_rules = 2;

	/* warnings only: the snapshot still loads */
	assert_int_equal(vs_topo_finish(t, f->d), 0);
	dump_diags(f->d);
	assert_int_equal(vs_diags_errors(f->d), 0);

	dg = find_diag(f->d, VS_SEV_WARN, "nat-missing");
	assert_non_null(dg);
	assert_string_equal(vs_diag_str(dg, buf, sizeof(buf)),
	    "snap/x.json: warning: /RouteTables/4/Routes/1: route table "
	    "rtb-1: route target nat-missing is not in the snapshot");
	assert_null(find_diag(f->d, VS_SEV_WARN, "nat-deleted"));
	assert_int_equal(t->rtbs[0].routes[1].target_idx, VS_NONE);

	dg = find_diag(f->d, VS_SEV_WARN, "subnet-missing");
	assert_non_null(dg);
	assert_string_equal(dg->msg, "network interface eni-lost: subnet "
				     "subnet-missing is not in the snapshot");
	assert_string_equal(dg->path, "/NetworkInterfaces/2/SubnetId");

	dg = find_diag(f->d, VS_SEV_WARN, "sg-missing");
	assert_non_null(dg);
	assert_string_equal(dg->msg, "network interface eni-1: security group "
				     "sg-missing is not in the snapshot");
	ei = idx(t, VS_K_ENI, "eni-1");
	assert_int_equal(t->enis[ei].groups[0], idx(t, VS_K_SG, "sg-web"));
	assert_int_equal(t->enis[ei].groups[1], VS_NONE);
	assert_true(vs_topo_eni_in_group(t, ei, idx(t, VS_K_SG, "sg-web")));

	dg = find_diag(f->d, VS_SEV_WARN, "sg-gone");
	assert_non_null(dg);
	assert_string_equal(dg->msg, "security group sg-web: referenced group "
				     "sg-gone is not in the snapshot");
	assert_string_equal(dg->path, "/SecurityGroups/1/IpPermissions/3");
	assert_int_equal(t->sgs[0].rules[0].ref_idx, VS_NONE);

	dg = find_diag(f->d, VS_SEV_WARN, "vpc-gone");
	assert_non_null(dg);
	assert_int_equal(t->subnets[idx(t, VS_K_SUBNET, "subnet-orphan")].vpc,
	    VS_NONE);
}

static void
test_duplicates_and_two_main_tables(void **state)
{
	struct fx *f = *state;
	struct vs_topo *t = f->t;
	struct vs_rtb *r;

	vpc(t, "vpc-1", "10.0.0.0/16");
	vpc(t, "vpc-1", "10.5.0.0/16");
	r = rtb(t, "rtb-1", "vpc-1");
	rtb_assoc(t, r, "rtbassoc-1", true, NULL, NULL);
	r = rtb(t, "rtb-2", "vpc-1");
	rtb_assoc(t, r, "rtbassoc-2", true, NULL, NULL);
	assert_int_equal(vs_topo_finish(t, f->d), -1);
	dump_diags(f->d);
	assert_int_equal(vs_diags_errors(f->d), 2);
	assert_non_null(
	    find_diag(f->d, VS_SEV_ERR, "duplicate id vpc-1 (vpc)"));
	assert_non_null(find_diag(f->d, VS_SEV_ERR,
	    "VPC vpc-1 has two main route tables: rtb-1 and rtb-2"));
	/* the first object keeps the id */
	assert_int_equal(vs_topo_find_kind(t, VS_K_VPC, "vpc-1"), 0);
}

/* ---- derived order and links ---- */

static void
test_nacl_entries_sorted(void **state)
{
	struct fx *f = *state;
	struct vs_topo *t = f->t;
	struct vs_nacl *n;
	static const struct {
		uint32_t rule;
		bool egress;
		const char *cidr;
	} in[] = {
	    {32767, true, "0.0.0.0/0"},
	    {200, false, "10.0.0.0/8"},
	    {100, true, "0.0.0.0/0"},
	    {32768, false, "::/0"},
	    {100, false, "0.0.0.0/0"},
	    {32767, false, "0.0.0.0/0"},
	    {101, false, "::/0"},
	    {5, true, "10.0.0.0/8"},
	    {100, false, "::/0"},
	    {32768, true, "::/0"},
	};
	static const struct {
		uint32_t rule;
		bool egress;
		int af;
	} want[] = {
	    {100, false, VS_AF4},
	    {100, false, VS_AF6},
	    {101, false, VS_AF6},
	    {200, false, VS_AF4},
	    {32767, false, VS_AF4},
	    {32768, false, VS_AF6},
	    {5, true, VS_AF4},
	    {100, true, VS_AF4},
	    {32767, true, VS_AF4},
	    {32768, true, VS_AF6},
	};
	size_t i;
	const struct vs_nacl *m;

	vpc(t, "vpc-1", "10.0.0.0/16");
	n = nacl(t, "acl-1", "vpc-1", true);
	n->entries = vs_arena_zalloc(t->arena,
	    sizeof(in) / sizeof(in[0]) * sizeof(*n->entries));
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct vs_nacl_entry *e = &n->entries[n->n_entries++];
		e->rule = in[i].rule;
		e->egress = in[i].egress;
		e->proto = VS_PROTO_ALL;
		e->cidr = P(in[i].cidr);
	}
	assert_int_equal(vs_topo_finish(t, f->d), 0);
	m = &t->nacls[0];
	assert_int_equal(m->n_entries, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < m->n_entries; i++)
		if (m->entries[i].rule != want[i].rule ||
		    m->entries[i].egress != want[i].egress ||
		    m->entries[i].cidr.addr.af != want[i].af)
			fail_msg("entry %zu: rule %u %s af %d, want %u %s af "
				 "%d",
			    i, m->entries[i].rule,
			    m->entries[i].egress ? "egress" : "ingress",
			    m->entries[i].cidr.addr.af, want[i].rule,
			    want[i].egress ? "egress" : "ingress", want[i].af);
	assert_int_equal(m->first_egress, 6);
}

static void
test_instance_enis_and_gateways(void **state)
{
	struct fx *f = *state;
	struct vs_topo *t = f->t;
	struct vs_eni *e;
	struct vs_instance *in;
	struct vs_igw *g;
	vs_idx i1, v1, v2, v3;

	vpc(t, "vpc-1", "10.0.0.0/16");
	vpc(t, "vpc-2", "10.1.0.0/16");
	vpc(t, "vpc-3", "10.2.0.0/16");
	subnet(t, "subnet-1", "vpc-1", "10.0.1.0/24");
	in = vs_topo_add(t, VS_K_INSTANCE);
	in->id = S(t, "i-1");
	e = eni(t, "eni-c", "subnet-1", NULL, "10.0.1.12");
	e->instance_id = S(t, "i-1");
	e->device_index = 2;
	e = eni(t, "eni-a", "subnet-1", NULL, "10.0.1.10");
	e->instance_id = S(t, "i-1");
	e->device_index = 0;
	e = eni(t, "eni-b", "subnet-1", NULL, "10.0.1.11");
	e->instance_id = S(t, "i-1");
	e->device_index = 1;
	/* gateways: "available" (what the CLI sample shows) and "attached"
	 * both mean attached; "detached" does not */
	g = vs_topo_add(t, VS_K_IGW);
	g->id = S(t, "igw-1");
	g->att = vs_arena_zalloc(t->arena, sizeof(*g->att));
	g->att[0].vpc_id = S(t, "vpc-1");
	g->att[0].state = S(t, "available");
	g->n_att = 1;
	g = vs_topo_add(t, VS_K_IGW);
	g->id = S(t, "igw-2");
	g->att = vs_arena_zalloc(t->arena, sizeof(*g->att));
	g->att[0].vpc_id = S(t, "vpc-2");
	g->att[0].state = S(t, "attached");
	g->n_att = 1;
	g = vs_topo_add(t, VS_K_IGW);
	g->id = S(t, "igw-3");
	g->att = vs_arena_zalloc(t->arena, sizeof(*g->att));
	g->att[0].vpc_id = S(t, "vpc-3");
	g->att[0].state = S(t, "detached");
	g->n_att = 1;
	g = vs_topo_add(t, VS_K_EIGW);
	g->id = S(t, "eigw-1");
	g->egress_only = true;
	g->att = vs_arena_zalloc(t->arena, sizeof(*g->att));
	g->att[0].vpc_id = S(t, "vpc-1");
	g->att[0].state = S(t, "attached");
	g->n_att = 1;
	assert_int_equal(vs_topo_finish(t, f->d), 0);

	i1 = idx(t, VS_K_INSTANCE, "i-1");
	assert_int_equal(t->instances[i1].n_enis, 3);
	assert_string_equal(t->enis[t->instances[i1].enis[0]].id, "eni-a");
	assert_string_equal(t->enis[t->instances[i1].enis[1]].id, "eni-b");
	assert_string_equal(t->enis[t->instances[i1].enis[2]].id, "eni-c");
	assert_int_equal(vs_topo_instance_primary(t, i1),
	    idx(t, VS_K_ENI, "eni-a"));
	assert_int_equal(vs_topo_instance_primary(t, VS_NONE), VS_NONE);
	/* an ENI without VpcId gets its subnet's VPC */
	v1 = idx(t, VS_K_VPC, "vpc-1");
	assert_int_equal(t->enis[idx(t, VS_K_ENI, "eni-a")].vpc, v1);
	assert_int_equal(t->enis[idx(t, VS_K_ENI, "eni-a")].instance, i1);

	v2 = idx(t, VS_K_VPC, "vpc-2");
	v3 = idx(t, VS_K_VPC, "vpc-3");
	assert_int_equal(t->vpcs[v1].igw, idx(t, VS_K_IGW, "igw-1"));
	assert_int_equal(t->vpcs[v2].igw, idx(t, VS_K_IGW, "igw-2"));
	assert_int_equal(t->vpcs[v3].igw, VS_NONE);
	assert_int_equal(t->vpcs[v1].eigw, idx(t, VS_K_EIGW, "eigw-1"));
	assert_int_equal(t->vpcs[v2].eigw, VS_NONE);
}

static void
test_find_and_ownership(void **state)
{
	struct fx *f = *state;
	struct vs_topo *t = f->t;
	struct vs_eni *e;
	enum vs_kind k = VS_K__COUNT;
	struct vs_addr a;
	vs_idx ei;

	vpc(t, "vpc-1", "10.0.0.0/16");
	subnet(t, "subnet-1", "vpc-1", "10.0.1.0/24");
	e = eni(t, "eni-1", "subnet-1", "vpc-1", "10.0.1.10");
	e->v4[1].priv = A("10.0.1.11");
	e->v4[1].has_public = true;
	e->v4[1].pub = A("54.1.2.3");
	e->n_v4 = 2;
	e->v6 = vs_arena_alloc(t->arena, sizeof(*e->v6));
	e->v6[0] = A("2600:1f18::10");
	e->n_v6 = 1;
	e->pfx = vs_arena_alloc(t->arena, sizeof(*e->pfx));
	e->pfx[0] = P("10.0.1.128/28");
	e->n_pfx = 1;
	assert_int_equal(vs_topo_finish(t, f->d), 0);

	ei = vs_topo_find(t, "eni-1", &k);
	assert_int_equal(ei, 0);
	assert_int_equal(k, VS_K_ENI);
	assert_int_equal(vs_topo_find(t, "subnet-1", &k), 0);
	assert_int_equal(k, VS_K_SUBNET);
	assert_int_equal(vs_topo_find(t, "eni-2", NULL), VS_NONE);
	assert_int_equal(vs_topo_find(t, "", NULL), VS_NONE);
	assert_int_equal(vs_topo_find(t, NULL, NULL), VS_NONE);
	assert_int_equal(vs_topo_find_kind(t, VS_K_ENI, "eni-1"), 0);
	assert_int_equal(vs_topo_find_kind(t, VS_K_SUBNET, "eni-1"), VS_NONE);
	assert_int_equal(vs_topo_count(t, VS_K_ENI), 1);
	assert_int_equal(vs_topo_count(t, VS_K_NATGW), 0);

	a = A("10.0.1.11");
	assert_true(vs_topo_eni_owns(t, ei, &a));
	a = A("54.1.2.3");
	assert_true(vs_topo_eni_owns(t, ei, &a));
	a = A("2600:1f18::10");
	assert_true(vs_topo_eni_owns(t, ei, &a));
	a = A("10.0.1.140"); /* inside the delegated prefix */
	assert_true(vs_topo_eni_owns(t, ei, &a));
	a = A("10.0.1.12");
	assert_false(vs_topo_eni_owns(t, ei, &a));

	/* public lookups find the secondary address's public IP */
	a = A("54.1.2.3");
	assert_int_equal(vs_topo_eni_by_public(t, &a), ei);
	a = A("10.0.1.11");
	assert_int_equal(vs_topo_eni_by_public(t, &a), VS_NONE);
	assert_int_equal(vs_topo_eni_by_private(t, 0, &a), ei);
	a = A("2600:1f18::10");
	assert_int_equal(vs_topo_eni_by_private(t, 0, &a), ei);
	assert_int_equal(vs_topo_eni_by_public(t, &a), ei);
	assert_int_equal(vs_topo_eni_by_private(t, VS_NONE, &a), VS_NONE);
	a = A("10.0.200.1");
	assert_true(vs_topo_vpc_contains(t, 0, &a));
	assert_int_equal(vs_topo_subnet_by_addr(t, 0, &a), VS_NONE);
	a = A("10.1.0.1");
	assert_false(vs_topo_vpc_contains(t, 0, &a));
}

/* Finishing twice, and finishing a clone, give the same links. */
static void
test_refinish_and_clone(void **state)
{
	struct fx *f = *state;
	struct vs_topo *t = f->t, *c;
	struct vs_rtb *r;
	struct vs_addr a = A("10.0.2.7");
	vs_idx s2;

	vpc(t, "vpc-1", "10.0.0.0/16");
	subnet(t, "subnet-1", "vpc-1", "10.0.1.0/24");
	subnet(t, "subnet-2", "vpc-1", "10.0.2.0/24");
	r = rtb(t, "rtb-1", "vpc-1");
	rtb_assoc(t, r, "rtbassoc-1", true, NULL, NULL);
	eni(t, "eni-2", "subnet-2", "vpc-1", "10.0.2.7");
	assert_int_equal(vs_topo_finish(t, f->d), 0);
	assert_int_equal(vs_topo_finish(t, f->d), 0);
	s2 = idx(t, VS_K_SUBNET, "subnet-2");
	assert_int_equal(vs_topo_subnet_by_addr(t, 0, &a), s2);
	assert_int_equal(vs_topo_eni_by_private(t, 0, &a), 0);
	assert_int_equal(t->vpcs[0].n_subnets, 2);
	assert_int_equal(t->subnets[s2].rtb_how, VS_HOW_MAIN);

	c = vs_topo_clone(t);
	assert_int_equal(vs_topo_finish(c, f->d), 0);
	assert_int_equal(vs_topo_subnet_by_addr(c, 0, &a), s2);
	assert_int_equal(vs_topo_eni_by_private(c, 0, &a), 0);
	assert_int_equal(c->subnets[s2].rtb, 0);
	/* editing the clone leaves the original alone */
	c->subnets[s2].id = "subnet-renamed";
	assert_int_equal(vs_topo_finish(c, f->d), 0);
	assert_int_equal(vs_topo_find(c, "subnet-2", NULL), VS_NONE);
	assert_int_equal(vs_topo_find(t, "subnet-2", NULL), s2);
	vs_topo_free(&c);
	assert_null(c);
	assert_int_equal(vs_diags_errors(f->d), 0);
}

/*
 * A network ACL with no entries at all (a trimmed or hand-written
 * snapshot) must finish cleanly: nothing to sort, every direction starts
 * with the implicit deny.  Kept last in main(): under UBSan a failure here
 * aborts the program.
 */
static void
test_nacl_without_entries(void **state)
{
	struct fx *f = *state;
	struct vs_topo *t = f->t;

	vpc(t, "vpc-1", "10.0.0.0/16");
	subnet(t, "subnet-1", "vpc-1", "10.0.1.0/24");
	nacl(t, "acl-empty", "vpc-1", true);
	assert_int_equal(vs_topo_finish(t, f->d), 0);
	assert_int_equal(t->nacls[0].n_entries, 0);
	assert_int_equal(t->nacls[0].first_egress, 0);
	assert_int_equal(t->subnets[0].nacl, 0);
	assert_int_equal(t->subnets[0].nacl_how, VS_HOW_DEFAULT);
}

/* ---- the indexes against a naive scan ---- */

static uint64_t rng;

static uint64_t
rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t
rndn(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

#define R_VPCS    5
#define R_SUBNETS 200
#define R_ENIS    3000

/*
 * The oracle: every address and CIDR the generator hands out, in flat
 * lists (private addresses per VPC, public ones, subnet CIDRs) searched
 * front to back.  It knows nothing of Judy or of how vs_topo_finish()
 * builds its indexes.
 */
struct owned {
	struct vs_addr a;
	uint32_t eni;
};

struct olist {
	struct owned *v;
	size_t n;
};

static struct olist priv_of[R_VPCS], pub_all;

struct owned_net {
	struct vs_prefix p;
	uint32_t vpc, subnet;
};

static struct owned_net nets[2 * R_SUBNETS];
static size_t n_nets;

/* Same address (the library's vs_addr_eq, written out for speed). */
static inline bool
same(const struct vs_addr *x, const struct vs_addr *y)
{
	return x->lo == y->lo && x->hi == y->hi && x->af == y->af;
}

static void
own_add(struct olist *l, struct vs_addr a, uint32_t eni)
{
	l->v[l->n].a = a;
	l->v[l->n].eni = eni;
	l->n++;
}

static vs_idx
scan(const struct olist *l, const struct vs_addr *a)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		if (same(&l->v[i].a, a))
			return l->v[i].eni;
	return VS_NONE;
}

static vs_idx
naive_eni_private(uint32_t vpc, const struct vs_addr *a)
{
	return scan(&priv_of[vpc], a);
}

/* Public: a public IPv4, or an IPv6 address of any VPC. */
static vs_idx
naive_eni_public(const struct vs_addr *a)
{
	return scan(&pub_all, a);
}

static vs_idx
naive_subnet(uint32_t vpc, const struct vs_addr *a)
{
	size_t i;
	for (i = 0; i < n_nets; i++)
		if (nets[i].vpc == vpc && vs_prefix_contains(&nets[i].p, a))
			return nets[i].subnet;
	return VS_NONE;
}

/* Is a already handed out (private in this VPC, or public anywhere)? */
static bool
taken(uint32_t vpc, const struct vs_addr *a)
{
	return scan(&priv_of[vpc], a) != VS_NONE ||
	       scan(&pub_all, a) != VS_NONE;
}

static struct vs_addr
addr6(uint64_t hi, uint64_t lo)
{
	struct vs_addr a;
	a.af = VS_AF6;
	a.hi = hi;
	a.lo = lo;
	return a;
}

/* A random address near the snapshot's ranges, so lookups hit and miss. */
static struct vs_addr
probe_addr(const struct vs_topo *t)
{
	uint32_t k = rndn(10);
	const struct vs_eni *e = &t->enis[rndn(t->n[VS_K_ENI])];

	switch (k) {
	case 0:
	case 1:
		return e->v4[rndn(e->n_v4)].priv;
	case 2:
		if (e->v4[0].has_public)
			return e->v4[0].pub;
		break;
	case 3:
		if (e->n_v6 > 0)
			return e->v6[0];
		break;
	case 4:
		/* an IPv6 address in some VPC's range */
		return addr6(0x2600000000000000ull |
				 ((uint64_t)rndn(R_VPCS) << 8) | rndn(256),
		    rnd() % 512);
	case 5:
		return vs_addr4(0x36000000u | rndn(1u << 16)); /* 54.0/16 */
	default:
		break;
	}
	return vs_addr4(0x0a000000u | rndn(1u << 16)); /* 10.0/16 */
}

static void
test_index_oracle(void **state)
{
	struct fx *f = *state;
	struct vs_topo *t = f->t;
	const uint64_t seed = 20240611;
	char id[64];
	uint32_t i, j, v;
	static uint32_t used[R_VPCS][256];
	unsigned long hits[4] = {0, 0, 0, 0};
	static const char *const vpc_ids[R_VPCS] = {"vpc-0", "vpc-1", "vpc-2",
	    "vpc-3", "vpc-4"};

	rng = seed;
	printf("# test_index_oracle seed %llu\n", (unsigned long long)seed);
	memset(used, 0, sizeof(used));
	for (v = 0; v < R_VPCS; v++) {
		priv_of[v].v = calloc(R_ENIS * 4, sizeof(struct owned));
		priv_of[v].n = 0;
	}
	pub_all.v = calloc(R_ENIS * 2, sizeof(struct owned));
	pub_all.n = 0;
	n_nets = 0;
	/* five VPCs with the same IPv4 CIDR; IPv6 blocks differ */
	for (v = 0; v < R_VPCS; v++) {
		struct vs_vpc *x;
		struct vs_addr base6 =
		    addr6(0x2600000000000000ull | ((uint64_t)v << 8), 0);
		vpc(t, vpc_ids[v], "10.0.0.0/16");
		x = &t->vpcs[v];
		x->cidrs = vs_arena_alloc(t->arena, 2 * sizeof(*x->cidrs));
		x->cidrs[0] = P("10.0.0.0/16");
		x->cidrs[1] = vs_prefix_make(&base6, 56);
		x->n_cidrs = 2;
	}
	/* 200 subnets: /24s picked at random without overlap inside a VPC,
	 * the same /24 often reused in another VPC; most with an IPv6 /64 */
	for (i = 0; i < R_SUBNETS; i++) {
		uint32_t third;
		struct vs_subnet *s;
		struct vs_addr base;
		v = i % R_VPCS;
		do
			third = rndn(256);
		while (used[v][third] != 0);
		used[v][third] = i + 1;
		snprintf(id, sizeof(id), "subnet-%04u", i);
		subnet(t, id, vpc_ids[v], NULL);
		s = &t->subnets[i];
		base = vs_addr4(0x0a000000u | (third << 8));
		s->cidr4 = vs_prefix_make(&base, 24);
		s->has_cidr4 = true;
		nets[n_nets].p = s->cidr4;
		nets[n_nets].vpc = v;
		nets[n_nets++].subnet = i;
		if (rndn(4) != 0) {
			base = addr6(0x2600000000000000ull |
					 ((uint64_t)v << 8) | third,
			    0);
			s->cidr6 = vs_arena_alloc(t->arena, sizeof(*s->cidr6));
			s->cidr6[0] = vs_prefix_make(&base, 64);
			s->n_cidr6 = 1;
			nets[n_nets].p = s->cidr6[0];
			nets[n_nets].vpc = v;
			nets[n_nets++].subnet = i;
		}
	}
	/* 3000 ENIs with 1-3 private IPv4 addresses each, unique per VPC,
	 * public IPv4 on some, IPv6 on some */
	for (i = 0; i < R_ENIS; i++) {
		uint32_t si = rndn(R_SUBNETS), n4 = 1 + rndn(3);
		const struct vs_subnet *s = &t->subnets[si];
		struct vs_eni *e;
		v = si % R_VPCS;
		snprintf(id, sizeof(id), "eni-%05u", i);
		e = eni(t, id, s->id, s->vpc_id, NULL);
		e->v4 = vs_arena_zalloc(t->arena, n4 * sizeof(*e->v4));
		for (j = 0; j < n4; j++) {
			struct vs_addr a;
			do
				a = vs_addr4((uint32_t)s->cidr4.addr.lo |
					     (4 + rndn(250)));
			while (taken(v, &a));
			e->v4[j].priv = a;
			e->v4[j].primary = j == 0;
			own_add(&priv_of[v], a, i);
		}
		e->n_v4 = n4;
		if (rndn(3) == 0) {
			struct vs_addr p;
			do
				p = vs_addr4(0x36000000u | rndn(1u << 16));
			while (taken(v, &p));
			e->v4[0].has_public = true;
			e->v4[0].pub = p;
			own_add(&pub_all, p, i);
		}
		if (s->n_cidr6 > 0 && rndn(2) == 0) {
			struct vs_addr a6;
			do
				a6 = addr6(s->cidr6[0].addr.hi, rnd() % 512);
			while (taken(v, &a6));
			e->v6 = vs_arena_alloc(t->arena, sizeof(*e->v6));
			e->v6[0] = a6;
			e->n_v6 = 1;
			own_add(&priv_of[v], a6, i);
			own_add(&pub_all, a6, i);
		}
	}
	assert_int_equal(vs_topo_finish(t, f->d), 0);
	dump_diags(f->d);
	/* no ACLs or route tables in this topology: one warning each, and
	 * nothing else */
	assert_int_equal(vs_diags_count(f->d), 2);
	assert_non_null(find_diag(f->d, VS_SEV_WARN,
	    "have no network ACL in the snapshot"));
	assert_non_null(find_diag(f->d, VS_SEV_WARN,
	    "have no route table in the snapshot"));
	for (v = 0; v < R_VPCS; v++)
		assert_int_equal(t->vpcs[v].n_subnets, R_SUBNETS / R_VPCS);

	for (i = 0; i < 100000; i++) {
		struct vs_addr a = probe_addr(t);
		char buf[VS_ADDR_STRLEN];
		vs_idx got, want;
		v = rndn(R_VPCS);

		got = vs_topo_eni_by_private(t, v, &a);
		want = naive_eni_private(v, &a);
		if (got != want)
			fail_msg("probe %u: eni_by_private(%s, %s) = %d, naive "
				 "%d",
			    i, vpc_ids[v], vs_addr_fmt(&a, buf), (int)got,
			    (int)want);
		hits[0] += want != VS_NONE;

		got = vs_topo_eni_by_public(t, &a);
		want = naive_eni_public(&a);
		if (got != want)
			fail_msg("probe %u: eni_by_public(%s) = %d, naive %d",
			    i, vs_addr_fmt(&a, buf), (int)got, (int)want);
		hits[1] += want != VS_NONE;

		got = vs_topo_subnet_by_addr(t, v, &a);
		want = naive_subnet(v, &a);
		if (got != want)
			fail_msg("probe %u: subnet_by_addr(%s, %s) = %d, naive "
				 "%d",
			    i, vpc_ids[v], vs_addr_fmt(&a, buf), (int)got,
			    (int)want);
		hits[2] += want != VS_NONE;

		/* ids: existing ones and near misses */
		{
			enum vs_kind k = VS_K__COUNT;
			uint32_t n = rndn(R_ENIS + 400);
			want = VS_NONE;
			if (n < R_ENIS) {
				snprintf(id, sizeof(id), "eni-%05u", n);
				want = n;
			} else if (n < R_ENIS + R_SUBNETS) {
				snprintf(id, sizeof(id), "subnet-%04u",
				    n - R_ENIS);
				want = n - R_ENIS;
			} else {
				snprintf(id, sizeof(id), "subnet-%04u",
				    n - R_ENIS + 9000);
			}
			got = vs_topo_find(t, id, &k);
			if (got != want)
				fail_msg("probe %u: find(%s) = %d, want %d", i,
				    id, (int)got, (int)want);
			if (want != VS_NONE)
				assert_int_equal(k,
				    n < R_ENIS ? VS_K_ENI : VS_K_SUBNET);
			hits[3] += want != VS_NONE;
		}
	}
	printf("# hits: private %lu, public %lu, subnet %lu, id %lu of "
	       "100000\n",
	    hits[0], hits[1], hits[2], hits[3]);
	/* the probes exercised both outcomes of every lookup */
	for (i = 0; i < 4; i++) {
		assert_true(hits[i] > 1000);
		assert_true(hits[i] < 99000);
	}
	for (v = 0; v < R_VPCS; v++)
		free(priv_of[v].v);
	free(pub_all.v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_main_route_table_fallback,
		setup, teardown),
	    cmocka_unit_test_setup_teardown(test_default_nacl_fallback, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_dangling_references, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_duplicates_and_two_main_tables,
		setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nacl_entries_sorted, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_instance_enis_and_gateways,
		setup, teardown),
	    cmocka_unit_test_setup_teardown(test_find_and_ownership, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_refinish_and_clone, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_index_oracle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nacl_without_entries, setup,
		teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
