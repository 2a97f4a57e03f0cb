/*
 * test_load.c - unit tests for the describe-* loader (model/load.h).
 *
 * Each test feeds small hand-written JSON in the AWS CLI layout (shapes
 * from reference/aws-semantics.md section 1) through vs_loader_text() or a
 * temporary snapshot folder, then checks the finished topology.  The JSON
 * below is written with single quotes for readability; q() turns them into
 * double quotes (no fixture needs an apostrophe), which keeps every byte
 * offset, so the line:column expectations are counted on the text as shown.
 */
/* cmocka.h needs these four headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "ip.h"
#include "load.h"
#include "topo.h"

/* ---- harness ---- */

struct ld {
	struct vs_topo *t;
	struct vs_diags *d;
	struct vs_loader *l;
	struct vs_load_stats st;
	int rc;
};

static int
setup(void **state)
{
	struct ld *x = calloc(1, sizeof(*x));
	x->t = vs_topo_new();
	x->d = vs_diags_new();
	x->l = vs_loader_new(x->t, x->d);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct ld *x = *state;
	if (x->l != NULL)
		vs_loader_done(&x->l, NULL);
	vs_topo_free(&x->t);
	vs_diags_free(&x->d);
	free(x);
	return 0;
}

/* A malloc'd copy of s with ' turned into ". */
static char *
q(const char *s)
{
	char *r = strdup(s), *p;
	assert_non_null(r);
	for (p = r; *p; p++)
		if (*p == '\'')
			*p = '"';
	return r;
}

/* Feed one file's text (single-quoted JSON) under a made-up name. */
static int
feed(struct ld *x, const char *file, const char *json)
{
	char *t = q(json);
	int rc = vs_loader_text(x->l, t, strlen(t), file);
	free(t);
	return rc;
}

static void
dump(const struct vs_diags *d)
{
	size_t i;
	char buf[2048];
	for (i = 0; i < vs_diags_count(d); i++)
		printf("# %s\n",
		    vs_diag_str(vs_diags_get(d, i), buf, sizeof(buf)));
}

static int
done(struct ld *x)
{
	x->rc = vs_loader_done(&x->l, &x->st);
	dump(x->d);
	return x->rc;
}

/* Warnings that a snapshot of a few resource types always earns: its
 * subnets have no network ACL or route table in it. */
static size_t
uncovered(const struct vs_diags *d)
{
	size_t i, n = 0;
	for (i = 0; i < vs_diags_count(d); i++) {
		const struct vs_diag *g = vs_diags_get(d, i);
		if (g->sev == VS_SEV_WARN &&
		    (strstr(g->msg, "no network ACL in the snapshot") ||
			strstr(g->msg, "no route table in the snapshot")))
			n++;
	}
	return n;
}

/* Finish and expect a clean load: no errors, no warnings (beyond the
 * subnets' missing ACL and route table of a partial snapshot). */
static void
done_clean(struct ld *x)
{
	assert_int_equal(done(x), 0);
	assert_int_equal(vs_diags_errors(x->d), 0);
	assert_int_equal(vs_diags_warnings(x->d), uncovered(x->d));
}

static const struct vs_diag *
diag_with(const struct vs_diags *d, enum vs_sev sev, const char *needle)
{
	size_t i;
	for (i = 0; i < vs_diags_count(d); i++) {
		const struct vs_diag *dg = vs_diags_get(d, i);
		if (dg->sev == sev && strstr(dg->msg, needle) != NULL)
			return dg;
	}
	return NULL;
}

static vs_idx
find(const struct vs_topo *t, enum vs_kind k, const char *id)
{
	vs_idx i = vs_topo_find_kind(t, k, id);
	if (i == VS_NONE)
		fail_msg("%s %s is not in the topology", vs_kind_names[k], id);
	return i;
}

static const char *
pfx_str(const struct vs_prefix *p)
{
	static char buf[4][VS_PFX_STRLEN];
	static int n;
	n = (n + 1) % 4;
	return vs_prefix_fmt(p, buf[n]);
}

static const char *
addr_str(const struct vs_addr *a)
{
	static char buf[4][VS_ADDR_STRLEN];
	static int n;
	n = (n + 1) % 4;
	return vs_addr_fmt(a, buf[n]);
}

static struct vs_addr
A(const char *s) {
	struct vs_addr a;
	if (vs_addr_parse(s, strlen(s), &a) != 0)
		fail_msg("bad test address %s", s);
	return a;
}

/* Enough of a VPC and subnet for ENIs and tables to attach to. */
static const char base_net[] =
    "{'Vpcs': [{'VpcId': 'vpc-1', 'CidrBlock': '10.0.0.0/16',"
    "  'Ipv6CidrBlockAssociationSet': [{'Ipv6CidrBlock': "
    "'2600:1f18:1:100::/56', 'Ipv6CidrBlockState': {'State': "
    "'associated'}}]}],"
    " 'Subnets': [{'SubnetId': 'subnet-1', 'VpcId': 'vpc-1',"
    "  'CidrBlock': '10.0.1.0/24', 'Ipv6CidrBlockAssociationSet': "
    "[{'Ipv6CidrBlock': '2600:1f18:1:101::/64', 'Ipv6CidrBlockState': "
    "{'State': 'associated'}}]}],"
    " 'SecurityGroups': [{'GroupId': 'sg-1', 'VpcId': 'vpc-1'},"
    "  {'GroupId': 'sg-2', 'VpcId': 'vpc-1'}]}";

/* ---- VPCs and subnets ---- */

static void
test_vpc(void **state)
{
	struct ld *x = *state;
	const struct vs_vpc *v;
	struct vs_addr a;

	feed(x, "t/vpcs.json",
	    "{'Vpcs': [{'VpcId': 'vpc-1', 'OwnerId': '111122223333',"
	    " 'State': 'available', 'IsDefault': true,"
	    " 'CidrBlock': '10.0.0.0/16',"
	    " 'CidrBlockAssociationSet': ["
	    "  {'CidrBlock': '10.0.0.0/16', 'CidrBlockState': {'State': "
	    "'associated'}},"
	    "  {'CidrBlock': '10.1.0.0/16', 'CidrBlockState': {'State': "
	    "'associated'}},"
	    "  {'CidrBlock': '10.2.0.0/16', 'CidrBlockState': {'State': "
	    "'disassociated'}},"
	    "  {'CidrBlock': '10.3.0.0/16', 'CidrBlockState': {'State': "
	    "'failed'}}],"
	    " 'Ipv6CidrBlockAssociationSet': ["
	    "  {'Ipv6CidrBlock': '2600:1f18:1:100::/56', "
	    "'Ipv6CidrBlockState': {'State': 'associated'}},"
	    "  {'Ipv6CidrBlock': '2600:1f18:9:900::/56', "
	    "'Ipv6CidrBlockState': {'State': 'disassociated'}}],"
	    " 'BlockPublicAccessStates': {'InternetGatewayBlockMode': "
	    "'block-ingress'},"
	    " 'Tags': [{'Key': 'Name', 'Value': 'prod'}]},"
	    " {'VpcId': 'vpc-2', 'CidrBlock': '172.31.0.0/16'}]}");
	done_clean(x);
	assert_int_equal(vs_topo_count(x->t, VS_K_VPC), 2);
	v = &x->t->vpcs[find(x->t, VS_K_VPC, "vpc-1")];
	assert_string_equal(v->owner, "111122223333");
	assert_string_equal(v->state, "available");
	assert_true(v->is_default);
	assert_int_equal(v->bpa, 2);
	/* the primary block once, the secondary, the IPv6 block; nothing
	 * that is disassociated or failed */
	assert_int_equal(v->n_cidrs, 3);
	assert_string_equal(pfx_str(&v->cidrs[0]), "10.0.0.0/16");
	assert_string_equal(pfx_str(&v->cidrs[1]), "10.1.0.0/16");
	assert_string_equal(pfx_str(&v->cidrs[2]), "2600:1f18:1:100::/56");
	a = A("10.1.200.1");
	assert_true(vs_topo_vpc_contains(x->t, 0, &a));
	a = A("10.2.0.1");
	assert_false(vs_topo_vpc_contains(x->t, 0, &a));
	a = A("2600:1f18:9:900::1");
	assert_false(vs_topo_vpc_contains(x->t, 0, &a));
	assert_string_equal(v->at.file, "t/vpcs.json");
	assert_string_equal(v->at.path, "/Vpcs/0");
	v = &x->t->vpcs[find(x->t, VS_K_VPC, "vpc-2")];
	assert_false(v->is_default);
	assert_int_equal(v->bpa, 0);
	assert_int_equal(v->n_cidrs, 1);
}

static void
test_subnet(void **state)
{
	struct ld *x = *state;
	const struct vs_subnet *s;
	struct vs_addr a;

	feed(x, "t/s.json",
	    "{'Vpcs': [{'VpcId': 'vpc-1', 'CidrBlock': '10.0.0.0/16'}],"
	    " 'Subnets': [{'SubnetId': 'subnet-1', 'VpcId': 'vpc-1',"
	    "  'OwnerId': '111', 'AvailabilityZone': 'us-east-1a',"
	    "  'AvailabilityZoneId': 'use1-az1', 'State': 'available',"
	    "  'CidrBlock': '10.0.1.0/24', 'MapPublicIpOnLaunch': true,"
	    "  'Ipv6CidrBlockAssociationSet': ["
	    "   {'Ipv6CidrBlock': '2600:1f18:1:101::/64', "
	    "'Ipv6CidrBlockState': {'State': 'associated'}},"
	    "   {'Ipv6CidrBlock': '2600:1f18:1:1ff::/64', "
	    "'Ipv6CidrBlockState': {'State': 'disassociated'}}]},"
	    "  {'SubnetId': 'subnet-2', 'VpcId': 'vpc-1', "
	    "'CidrBlock': '10.0.2.0/24'}]}");
	done_clean(x);
	s = &x->t->subnets[find(x->t, VS_K_SUBNET, "subnet-1")];
	assert_string_equal(s->az, "us-east-1a");
	assert_string_equal(s->az_id, "use1-az1");
	assert_string_equal(s->state, "available");
	assert_true(s->has_cidr4);
	assert_string_equal(pfx_str(&s->cidr4), "10.0.1.0/24");
	assert_int_equal(s->n_cidr6, 1);
	assert_string_equal(pfx_str(&s->cidr6[0]), "2600:1f18:1:101::/64");
	assert_int_equal(s->vpc, find(x->t, VS_K_VPC, "vpc-1"));
	a = A("10.0.2.77");
	assert_int_equal(vs_topo_subnet_by_addr(x->t, 0, &a),
	    find(x->t, VS_K_SUBNET, "subnet-2"));
	a = A("2600:1f18:1:101::99");
	assert_int_equal(vs_topo_subnet_by_addr(x->t, 0, &a),
	    find(x->t, VS_K_SUBNET, "subnet-1"));
	a = A("2600:1f18:1:1ff::1");
	assert_int_equal(vs_topo_subnet_by_addr(x->t, 0, &a), VS_NONE);
}

/* ---- network interfaces and instances ---- */

static void
test_eni(void **state)
{
	struct ld *x = *state;
	const struct vs_eni *e;
	vs_idx ei;
	struct vs_addr a;

	feed(x, "t/base.json", base_net);
	feed(x, "t/enis.json",
	    "{'NetworkInterfaces': [\n"
	    " {'NetworkInterfaceId': 'eni-1', 'SubnetId': 'subnet-1',"
	    "  'VpcId': 'vpc-1', 'InterfaceType': 'interface',"
	    "  'Status': 'in-use', 'Description': 'web',"
	    "  'Association': {'PublicIp': '54.0.0.1', 'IpOwnerId': "
	    "'amazon'},"
	    "  'PrivateIpAddress': '10.0.1.10',"
	    "  'PrivateIpAddresses': ["
	    "   {'PrivateIpAddress': '10.0.1.11', 'Primary': false,"
	    "    'Association': {'PublicIp': '3.3.3.3', 'IpOwnerId': "
	    "'123456789012'}},"
	    "   {'PrivateIpAddress': '10.0.1.10', 'Primary': true,"
	    "    'Association': {'PublicIp': '54.0.0.1', 'IpOwnerId': "
	    "'amazon'}},"
	    "   {'PrivateIpAddress': '10.0.1.12', 'Primary': false}],"
	    "  'Ipv6Addresses': [{'Ipv6Address': '2600:1f18:1:101::a'},"
	    "   {'Ipv6Address': '2600:1f18:1:101::b', 'IsPrimaryIpv6': true}],"
	    "  'Ipv4Prefixes': [{'Ipv4Prefix': '10.0.1.32/28'}],"
	    "  'Ipv6Prefixes': [{'Ipv6Prefix': '2600:1f18:1:101:1::/80'}],"
	    "  'Groups': [{'GroupId': 'sg-1', 'GroupName': 'a'},"
	    "   {'GroupId': 'sg-2', 'GroupName': 'b'}],"
	    "  'Attachment': {'InstanceId': 'i-1', 'DeviceIndex': 0,"
	    "   'Status': 'attached'},"
	    "  'RequesterManaged': false, 'DenyAllIgwTraffic': true},\n"
	    " {'NetworkInterfaceId': 'eni-2', 'SubnetId': 'subnet-1',"
	    "  'PrivateIpAddress': '10.0.1.20', 'SourceDestCheck': false,"
	    "  'PrivateIpAddresses': [{'PrivateIpAddress': '10.0.1.20',"
	    "   'Primary': true}], 'Groups': []},\n"
	    " {'NetworkInterfaceId': 'eni-3', 'SubnetId': 'subnet-1',"
	    "  'InterfaceType': 'nat_gateway', 'RequesterManaged': true,"
	    "  'PrivateIpAddresses': [{'PrivateIpAddress': '10.0.1.30',"
	    "   'Primary': true, 'Association': {'PublicIp': '52.0.0.30',"
	    "   'IpOwnerId': '123456789012'}}]}]}");
	done(x);
	/* i-1 is not described: nothing else to complain about */
	assert_int_equal(vs_diags_errors(x->d), 0);
	assert_int_equal(vs_diags_warnings(x->d), uncovered(x->d));
	assert_int_equal(vs_topo_count(x->t, VS_K_ENI), 3);

	ei = find(x->t, VS_K_ENI, "eni-1");
	e = &x->t->enis[ei];
	assert_string_equal(e->type, "interface");
	assert_string_equal(e->status, "in-use");
	assert_string_equal(e->desc, "web");
	/* the primary address first, each private address once, each with
	 * its own public address */
	assert_int_equal(e->n_v4, 3);
	assert_string_equal(addr_str(&e->v4[0].priv), "10.0.1.10");
	assert_true(e->v4[0].primary);
	assert_true(e->v4[0].has_public);
	assert_string_equal(addr_str(&e->v4[0].pub), "54.0.0.1");
	assert_string_equal(e->v4[0].pub_owner, "amazon");
	{
		uint32_t j, seen11 = 0, seen12 = 0;
		for (j = 1; j < e->n_v4; j++) {
			assert_false(e->v4[j].primary);
			if (strcmp(addr_str(&e->v4[j].priv), "10.0.1.11") ==
			    0) {
				seen11++;
				assert_true(e->v4[j].has_public);
				assert_string_equal(addr_str(&e->v4[j].pub),
				    "3.3.3.3");
				assert_string_equal(e->v4[j].pub_owner,
				    "123456789012");
			} else if (strcmp(addr_str(&e->v4[j].priv),
				       "10.0.1.12") == 0) {
				seen12++;
				assert_false(e->v4[j].has_public);
			}
		}
		assert_int_equal(seen11, 1);
		assert_int_equal(seen12, 1);
	}
	assert_int_equal(e->n_v6, 2);
	assert_string_equal(addr_str(&e->v6[0]), "2600:1f18:1:101::a");
	assert_string_equal(addr_str(&e->v6[1]), "2600:1f18:1:101::b");
	assert_int_equal(e->n_pfx, 2);
	assert_string_equal(pfx_str(&e->pfx[0]), "10.0.1.32/28");
	assert_string_equal(pfx_str(&e->pfx[1]), "2600:1f18:1:101:1::/80");
	assert_int_equal(e->n_groups, 2);
	assert_string_equal(e->group_ids[0], "sg-1");
	assert_string_equal(e->group_ids[1], "sg-2");
	assert_int_equal(e->groups[0], find(x->t, VS_K_SG, "sg-1"));
	assert_int_equal(e->groups[1], find(x->t, VS_K_SG, "sg-2"));
	assert_true(e->src_dst_check); /* absent: AWS's default, on */
	assert_true(e->deny_igw);
	assert_false(e->requester_managed);
	assert_string_equal(e->instance_id, "i-1");
	assert_int_equal(e->device_index, 0);
	assert_int_equal(e->subnet, find(x->t, VS_K_SUBNET, "subnet-1"));
	assert_false(e->from_instance);

	e = &x->t->enis[find(x->t, VS_K_ENI, "eni-2")];
	assert_false(e->src_dst_check);
	assert_string_equal(e->type, "interface");
	assert_int_equal(e->n_groups, 0);
	assert_int_equal(e->device_index, -1);
	assert_null(e->instance_id);
	/* no VpcId: the subnet's VPC */
	assert_int_equal(e->vpc, find(x->t, VS_K_VPC, "vpc-1"));

	e = &x->t->enis[find(x->t, VS_K_ENI, "eni-3")];
	assert_string_equal(e->type, "nat_gateway");
	assert_true(e->requester_managed);
	assert_int_equal(e->n_v4, 1);
	assert_true(e->v4[0].has_public);

	/* the indexes see every address */
	a = A("3.3.3.3");
	assert_int_equal(vs_topo_eni_by_public(x->t, &a), ei);
	a = A("54.0.0.1");
	assert_int_equal(vs_topo_eni_by_public(x->t, &a), ei);
	a = A("10.0.1.12");
	assert_int_equal(vs_topo_eni_by_private(x->t, 0, &a), ei);
	a = A("2600:1f18:1:101::b");
	assert_int_equal(vs_topo_eni_by_private(x->t, 0, &a), ei);
	a = A("10.0.1.40"); /* in the delegated /28 */
	assert_true(vs_topo_eni_owns(x->t, ei, &a));
}

static void
test_reservations(void **state)
{
	struct ld *x = *state;
	const struct vs_instance *in;
	const struct vs_eni *e;
	vs_idx i1, ea, eb;

	feed(x, "t/base.json", base_net);
	feed(x, "t/instances.json",
	    "{'Reservations': [{'ReservationId': 'r-1', 'OwnerId': '111',"
	    " 'Groups': [], 'Instances': [\n"
	    "  {'InstanceId': 'i-1', 'Platform': 'windows',"
	    "   'State': {'Code': 16, 'Name': 'running'},"
	    "   'SubnetId': 'subnet-1', 'VpcId': 'vpc-1',"
	    "   'PrivateIpAddress': '10.0.1.20',"
	    "   'SecurityGroups': [{'GroupId': 'sg-1'}],"
	    "   'NetworkInterfaces': [\n"
	    "    {'NetworkInterfaceId': 'eni-b',"
	    "     'PrivateIpAddress': '10.0.1.21',"
	    "     'PrivateIpAddresses': [{'PrivateIpAddress': '10.0.1.21',"
	    "      'Primary': true}],"
	    "     'Attachment': {'DeviceIndex': 1, 'Status': 'attached'},"
	    "     'Groups': [{'GroupId': 'sg-2'}]},\n"
	    "    {'NetworkInterfaceId': 'eni-a', 'SubnetId': 'subnet-1',"
	    "     'VpcId': 'vpc-1', 'PrivateIpAddress': '10.0.1.20',"
	    "     'Association': {'PublicIp': '54.0.0.9', 'IpOwnerId': "
	    "'amazon'},"
	    "     'Attachment': {'DeviceIndex': 0, 'Status': 'attached'},"
	    "     'SourceDestCheck': false,"
	    "     'Groups': [{'GroupId': 'sg-1'}]}]},\n"
	    "  {'InstanceId': 'i-2', 'State': {'Code': 80, 'Name': "
	    "'stopped'},"
	    "   'SubnetId': 'subnet-1', 'VpcId': 'vpc-1',"
	    "   'NetworkInterfaces': []}]},\n"
	    " {'ReservationId': 'r-2', 'Instances': [{'InstanceId': 'i-3',"
	    "   'Platform': 'Windows', 'SubnetId': 'subnet-1'}]}]}");
	done_clean(x);
	assert_int_equal(vs_topo_count(x->t, VS_K_INSTANCE), 3);
	assert_int_equal(vs_topo_count(x->t, VS_K_ENI), 2);

	i1 = find(x->t, VS_K_INSTANCE, "i-1");
	ea = find(x->t, VS_K_ENI, "eni-a");
	eb = find(x->t, VS_K_ENI, "eni-b");
	in = &x->t->instances[i1];
	assert_true(in->windows);
	assert_string_equal(in->platform, "windows");
	assert_string_equal(in->state, "running");
	assert_string_equal(in->subnet_id, "subnet-1");
	/* both interfaces, primary (device 0) first */
	assert_int_equal(in->n_enis, 2);
	assert_int_equal(in->enis[0], ea);
	assert_int_equal(in->enis[1], eb);
	assert_int_equal(vs_topo_instance_primary(x->t, i1), ea);

	e = &x->t->enis[ea];
	assert_true(e->from_instance);
	assert_string_equal(e->instance_id, "i-1");
	assert_int_equal(e->instance, i1);
	assert_int_equal(e->device_index, 0);
	assert_false(e->src_dst_check);
	assert_true(e->v4[0].has_public);
	assert_string_equal(addr_str(&e->v4[0].pub), "54.0.0.9");
	assert_int_equal(e->groups[0], find(x->t, VS_K_SG, "sg-1"));
	/* an interface record without SubnetId/VpcId is in its instance's */
	e = &x->t->enis[eb];
	assert_string_equal(e->subnet_id, "subnet-1");
	assert_int_equal(e->vpc, find(x->t, VS_K_VPC, "vpc-1"));
	assert_int_equal(e->device_index, 1);
	assert_true(e->src_dst_check);
	/* instance-level SecurityGroups describe the primary ENI only */
	assert_int_equal(e->n_groups, 1);
	assert_string_equal(e->group_ids[0], "sg-2");

	in = &x->t->instances[find(x->t, VS_K_INSTANCE, "i-2")];
	assert_false(in->windows);
	assert_string_equal(in->state, "stopped");
	assert_int_equal(in->n_enis, 0);
	assert_int_equal(vs_topo_instance_primary(x->t,
			     find(x->t, VS_K_INSTANCE, "i-2")),
	    VS_NONE);
	in = &x->t->instances[find(x->t, VS_K_INSTANCE, "i-3")];
	assert_true(in->windows);
}

static const char both_res[] =
    "{'Reservations': [{'Instances': [{'InstanceId': 'i-1',"
    " 'SubnetId': 'subnet-1', 'VpcId': 'vpc-1',"
    " 'NetworkInterfaces': [{'NetworkInterfaceId': 'eni-x',"
    "  'SubnetId': 'subnet-1', 'VpcId': 'vpc-1',"
    "  'PrivateIpAddress': '10.0.1.30', 'SourceDestCheck': true,"
    "  'Attachment': {'DeviceIndex': 0, 'Status': 'attached'},"
    "  'Groups': [{'GroupId': 'sg-1'}]}]}]}]}";

/* The describe-network-interfaces record carries no Attachment here, so
 * the instance link can only come from the Reservations view. */
static const char both_eni[] =
    "{'NetworkInterfaces': [{'NetworkInterfaceId': 'eni-x',"
    " 'SubnetId': 'subnet-1', 'VpcId': 'vpc-1',"
    " 'PrivateIpAddress': '10.0.1.30',"
    " 'PrivateIpAddresses': [{'PrivateIpAddress': '10.0.1.30', "
    "'Primary': true},"
    "  {'PrivateIpAddress': '10.0.1.31', 'Primary': false}],"
    " 'SourceDestCheck': false, 'Groups': [{'GroupId': 'sg-2'}]}]}";

static void
check_both_views(struct ld *x)
{
	const struct vs_eni *e;
	vs_idx i1, ex;

	done_clean(x);
	assert_int_equal(vs_topo_count(x->t, VS_K_ENI), 1);
	ex = find(x->t, VS_K_ENI, "eni-x");
	i1 = find(x->t, VS_K_INSTANCE, "i-1");
	e = &x->t->enis[ex];
	/* the describe-network-interfaces view wins ... */
	assert_false(e->src_dst_check);
	assert_int_equal(e->n_groups, 1);
	assert_string_equal(e->group_ids[0], "sg-2");
	assert_int_equal(e->n_v4, 2);
	assert_false(e->from_instance);
	/* ... and the instance link is kept */
	assert_string_equal(e->instance_id, "i-1");
	assert_int_equal(e->instance, i1);
	assert_int_equal(x->t->instances[i1].n_enis, 1);
	assert_int_equal(vs_topo_instance_primary(x->t, i1), ex);
}

static void
test_eni_both_views_instances_first(void **state)
{
	struct ld *x = *state;

	feed(x, "t/base.json", base_net);
	feed(x, "t/a-instances.json", both_res);
	feed(x, "t/b-enis.json", both_eni);
	check_both_views(x);
	assert_int_equal(x->t->enis[0].device_index, 0);
}

static void
test_eni_both_views_enis_first(void **state)
{
	struct ld *x = *state;

	feed(x, "t/base.json", base_net);
	feed(x, "t/a-enis.json", both_eni);
	feed(x, "t/b-instances.json", both_res);
	check_both_views(x);
}

/* ---- security groups ---- */

static void
test_sg_peers(void **state)
{
	struct ld *x = *state;
	const struct vs_sg *g;
	const struct vs_sg_rule *r;
	const struct vs_diag *dg;
	vs_idx gi;

	feed(x, "t/sg.json",
	    "{'SecurityGroups': [{'GroupId': 'sg-1', 'GroupName': 'web',"
	    " 'Description': 'web tier', 'VpcId': 'vpc-1', 'OwnerId': '111',"
	    " 'IpPermissions': [\n"
	    "  {'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22,"
	    "   'IpRanges': [{'CidrIp': '203.0.113.0/24', 'Description': "
	    "'office'}],"
	    "   'Ipv6Ranges': [{'CidrIpv6': '2001:db8::/32'}],"
	    "   'PrefixListIds': [], 'UserIdGroupPairs': []},\n"
	    "  {'IpProtocol': '-1', 'IpRanges': [], 'Ipv6Ranges': [],"
	    "   'PrefixListIds': [],"
	    "   'UserIdGroupPairs': [{'UserId': '111', 'GroupId': 'sg-1'}]},\n"
	    "  {'IpProtocol': '17', 'FromPort': 53, 'ToPort': 53,"
	    "   'PrefixListIds': [{'PrefixListId': 'pl-1', 'Description': "
	    "'dns'}]},\n"
	    "  {'IpProtocol': 'icmp', 'FromPort': 3, 'ToPort': 4,"
	    "   'IpRanges': [{'CidrIp': '0.0.0.0/0'}]},\n"
	    "  {'IpProtocol': 'icmpv6', 'FromPort': -1, 'ToPort': -1,"
	    "   'Ipv6Ranges': [{'CidrIpv6': '::/0'}]},\n"
	    "  {'IpProtocol': '6', 'FromPort': 8000, 'ToPort': 8080,"
	    "   'UserIdGroupPairs': [{'GroupId': '222233334444/sg-2',"
	    "    'VpcId': 'vpc-2', 'VpcPeeringConnectionId': 'pcx-1',"
	    "    'PeeringStatus': 'active'}]},\n"
	    "  {'IpProtocol': '50', 'IpRanges': [{'CidrIp': '10.0.0.0/8'}]},\n"
	    "  {'IpProtocol': '1', 'FromPort': 8, 'ToPort': -1,"
	    "   'IpRanges': [{'CidrIp': '10.0.0.0/8'}]}],\n"
	    " 'IpPermissionsEgress': [{'IpProtocol': '-1',"
	    "  'IpRanges': [{'CidrIp': '0.0.0.0/0'}],"
	    "  'Ipv6Ranges': [{'CidrIpv6': '::/0'}]}]}],\n"
	    " 'PrefixLists': [{'PrefixListId': 'pl-1', 'PrefixListName': "
	    "'x', 'AddressFamily': 'IPv4'}]}");
	assert_int_equal(done(x), 0);
	/* only the group from another account is missing */
	assert_int_equal(vs_diags_errors(x->d), 0);
	assert_int_equal(vs_diags_warnings(x->d), 1);
	dg = diag_with(x->d, VS_SEV_WARN, "sg-2");
	assert_non_null(dg);
	assert_string_equal(dg->path, "/SecurityGroups/0/IpPermissions/5");

	gi = find(x->t, VS_K_SG, "sg-1");
	g = &x->t->sgs[gi];
	assert_string_equal(g->name, "web");
	assert_string_equal(g->desc, "web tier");
	assert_string_equal(g->vpc_id, "vpc-1");
	assert_false(g->rules_from_sgr);
	assert_int_equal(g->n_rules, 11);

	/* one rule per peer, in the order of the JSON */
	r = &g->rules[0];
	assert_false(r->egress);
	assert_int_equal(r->proto, VS_PROTO_TCP);
	assert_int_equal(r->from, 22);
	assert_int_equal(r->to, 22);
	assert_true(r->has_ports);
	assert_int_equal(r->kind, VS_PEER_CIDR);
	assert_string_equal(pfx_str(&r->cidr), "203.0.113.0/24");
	assert_string_equal(r->desc, "office");
	assert_int_equal(r->perm, 0);
	assert_int_equal(r->peer, 0);
	r = &g->rules[1];
	assert_int_equal(r->kind, VS_PEER_CIDR);
	assert_string_equal(pfx_str(&r->cidr), "2001:db8::/32");
	assert_int_equal(r->from, 22);
	assert_int_equal(r->perm, 0);
	assert_int_equal(r->peer, 1);
	/* "-1": every protocol, no ports */
	r = &g->rules[2];
	assert_int_equal(r->proto, VS_PROTO_ALL);
	assert_false(r->has_ports);
	assert_int_equal(r->from, -1);
	assert_int_equal(r->to, -1);
	assert_int_equal(r->kind, VS_PEER_SG);
	assert_string_equal(r->ref, "sg-1");
	assert_string_equal(r->ref_user, "111");
	assert_int_equal(r->ref_idx, gi);
	assert_int_equal(r->perm, 1);
	/* protocol by number */
	r = &g->rules[3];
	assert_int_equal(r->proto, VS_PROTO_UDP);
	assert_int_equal(r->from, 53);
	assert_int_equal(r->kind, VS_PEER_PL);
	assert_string_equal(r->ref, "pl-1");
	assert_string_equal(r->desc, "dns");
	assert_int_equal(r->ref_idx, find(x->t, VS_K_PL, "pl-1"));
	/* ICMP: FromPort is the type, ToPort the code */
	r = &g->rules[4];
	assert_int_equal(r->proto, VS_PROTO_ICMP);
	assert_int_equal(r->from, 3);
	assert_int_equal(r->to, 4);
	r = &g->rules[5];
	assert_int_equal(r->proto, VS_PROTO_ICMPV6);
	assert_int_equal(r->from, -1);
	assert_int_equal(r->to, -1);
	assert_string_equal(pfx_str(&r->cidr), "::/0");
	/* "account/sg-..." names the account and the group */
	r = &g->rules[6];
	assert_int_equal(r->proto, VS_PROTO_TCP);
	assert_int_equal(r->from, 8000);
	assert_int_equal(r->to, 8080);
	assert_int_equal(r->kind, VS_PEER_SG);
	assert_string_equal(r->ref, "sg-2");
	assert_string_equal(r->ref_user, "222233334444");
	assert_string_equal(r->ref_vpc, "vpc-2");
	assert_string_equal(r->ref_pcx, "pcx-1");
	assert_int_equal(r->ref_idx, VS_NONE);
	/* a protocol other than tcp/udp/icmp/icmpv6 covers every port */
	r = &g->rules[7];
	assert_int_equal(r->proto, 50);
	assert_int_equal(r->from, -1);
	assert_int_equal(r->to, -1);
	/* ICMP type 8, every code */
	r = &g->rules[8];
	assert_int_equal(r->proto, VS_PROTO_ICMP);
	assert_int_equal(r->from, 8);
	assert_int_equal(r->to, -1);
	/* egress */
	r = &g->rules[9];
	assert_true(r->egress);
	assert_int_equal(r->proto, VS_PROTO_ALL);
	assert_string_equal(pfx_str(&r->cidr), "0.0.0.0/0");
	assert_true(g->rules[10].egress);
	assert_string_equal(pfx_str(&g->rules[10].cidr), "::/0");
}

static const char sg_view[] =
    "{'SecurityGroups': [{'GroupId': 'sg-1', 'VpcId': 'vpc-1',"
    " 'IpPermissions': [{'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22,"
    "  'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}],"
    " 'IpPermissionsEgress': [{'IpProtocol': '-1',"
    "  'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}]},"
    " {'GroupId': 'sg-2', 'VpcId': 'vpc-1',"
    " 'IpPermissions': [{'IpProtocol': 'udp', 'FromPort': 123, "
    "'ToPort': 123,"
    "  'IpRanges': [{'CidrIp': '10.0.0.0/8'}]}]}],"
    " 'PrefixLists': [{'PrefixListId': 'pl-1', 'AddressFamily': 'IPv4'}]}";

static const char sgr_view[] =
    "{'SecurityGroupRules': [\n"
    " {'SecurityGroupRuleId': 'sgr-1', 'GroupId': 'sg-1', "
    "'GroupOwnerId': '111',"
    "  'IsEgress': false, 'IpProtocol': 'tcp', 'FromPort': 443, "
    "'ToPort': 443,"
    "  'CidrIpv4': '10.0.0.0/8', 'Description': 'https'},\n"
    " {'SecurityGroupRuleId': 'sgr-2', 'GroupId': 'sg-1', 'IsEgress': "
    "true,"
    "  'IpProtocol': '-1', 'FromPort': -1, 'ToPort': -1, 'CidrIpv6': "
    "'::/0'},\n"
    " {'SecurityGroupRuleId': 'sgr-3', 'GroupId': 'sg-1', 'IsEgress': "
    "false,"
    "  'IpProtocol': '-1', 'FromPort': -1, 'ToPort': -1,"
    "  'ReferencedGroupInfo': {'GroupId': 'sg-2', 'UserId': '111'}},\n"
    " {'SecurityGroupRuleId': 'sgr-4', 'GroupId': 'sg-1', 'IsEgress': "
    "false,"
    "  'IpProtocol': 'udp', 'FromPort': 53, 'ToPort': 53, "
    "'PrefixListId': 'pl-1'}]}";

static void
check_sgr(struct ld *x)
{
	const struct vs_sg *g;
	const struct vs_sg_rule *r;

	done_clean(x);
	g = &x->t->sgs[find(x->t, VS_K_SG, "sg-1")];
	/* the SecurityGroupRules view replaces IpPermissions: tcp 22 and
	 * the IpPermissions egress rule are gone */
	assert_true(g->rules_from_sgr);
	assert_int_equal(g->n_rules, 4);
	r = &g->rules[0];
	assert_string_equal(r->rule_id, "sgr-1");
	assert_false(r->egress);
	assert_int_equal(r->proto, VS_PROTO_TCP);
	assert_int_equal(r->from, 443);
	assert_int_equal(r->to, 443);
	assert_int_equal(r->kind, VS_PEER_CIDR);
	assert_string_equal(pfx_str(&r->cidr), "10.0.0.0/8");
	assert_string_equal(r->desc, "https");
	r = &g->rules[1];
	assert_string_equal(r->rule_id, "sgr-2");
	assert_true(r->egress);
	assert_int_equal(r->proto, VS_PROTO_ALL);
	assert_string_equal(pfx_str(&r->cidr), "::/0");
	r = &g->rules[2];
	assert_string_equal(r->rule_id, "sgr-3");
	assert_int_equal(r->kind, VS_PEER_SG);
	assert_string_equal(r->ref, "sg-2");
	assert_string_equal(r->ref_user, "111");
	assert_int_equal(r->ref_idx, find(x->t, VS_K_SG, "sg-2"));
	r = &g->rules[3];
	assert_string_equal(r->rule_id, "sgr-4");
	assert_int_equal(r->kind, VS_PEER_PL);
	assert_string_equal(r->ref, "pl-1");
	assert_int_equal(r->ref_idx, find(x->t, VS_K_PL, "pl-1"));
	/* a group with no SecurityGroupRules keeps its IpPermissions */
	g = &x->t->sgs[find(x->t, VS_K_SG, "sg-2")];
	assert_false(g->rules_from_sgr);
	assert_int_equal(g->n_rules, 1);
	assert_int_equal(g->rules[0].from, 123);
}

static void
test_sgr_replaces_permissions(void **state)
{
	struct ld *x = *state;
	feed(x, "t/a-sg.json", sg_view);
	feed(x, "t/b-sgr.json", sgr_view);
	check_sgr(x);
}

static void
test_sgr_before_groups(void **state)
{
	struct ld *x = *state;
	feed(x, "t/a-sgr.json", sgr_view);
	feed(x, "t/b-sg.json", sg_view);
	check_sgr(x);
}

/*
 * A warning about a SecurityGroupRules rule points at that rule: the file
 * that holds it and its own index, not the group's place in another file.
 */
static void
test_sgr_warning_location(void **state)
{
	struct ld *x = *state;
	const struct vs_diag *dg;

	feed(x, "t/a-sg.json", sg_view);
	feed(x, "t/b-sgr.json",
	    "{'SecurityGroupRules': [\n"
	    " {'GroupId': 'sg-1', 'IsEgress': false, 'IpProtocol': 'tcp',"
	    "  'FromPort': 443, 'ToPort': 443, 'CidrIpv4': '10.0.0.0/8'},\n"
	    " {'GroupId': 'sg-1', 'IsEgress': false, 'IpProtocol': 'tcp',"
	    "  'FromPort': 80, 'ToPort': 80,"
	    "  'ReferencedGroupInfo': {'GroupId': 'sg-gone'}}]}");
	assert_int_equal(done(x), 0);
	dg = diag_with(x->d, VS_SEV_WARN, "sg-gone");
	assert_non_null(dg);
	assert_string_equal(dg->file, "t/b-sgr.json");
	assert_string_equal(dg->path, "/SecurityGroupRules/1");
}

/* ---- network ACLs ---- */

static void
test_nacl(void **state)
{
	struct ld *x = *state;
	const struct vs_nacl *n;
	const struct vs_nacl_entry *e;
	const struct vs_subnet *s;
	vs_idx ni;

	feed(x, "t/base.json", base_net);
	feed(x, "t/subnet2.json",
	    "{'Subnets': [{'SubnetId': 'subnet-2', 'VpcId': 'vpc-1',"
	    " 'CidrBlock': '10.0.2.0/24'}]}");
	feed(x, "t/acls.json",
	    "{'NetworkAcls': [\n"
	    " {'NetworkAclId': 'acl-1', 'VpcId': 'vpc-1', 'IsDefault': false,"
	    "  'Associations': [{'NetworkAclAssociationId': 'aclassoc-1',"
	    "   'NetworkAclId': 'acl-1', 'SubnetId': 'subnet-1'}],"
	    "  'Entries': [\n"
	    "   {'RuleNumber': 32767, 'Egress': true, 'Protocol': '-1',"
	    "    'RuleAction': 'deny', 'CidrBlock': '0.0.0.0/0'},\n"
	    "   {'RuleNumber': 200, 'Egress': false, 'Protocol': '6',"
	    "    'RuleAction': 'allow', 'CidrBlock': '0.0.0.0/0',"
	    "    'PortRange': {'From': 1024, 'To': 65535}},\n"
	    "   {'RuleNumber': 100, 'Egress': false, 'Protocol': '6',"
	    "    'RuleAction': 'allow', 'CidrBlock': '10.0.0.0/8',"
	    "    'PortRange': {'From': 22, 'To': 22}},\n"
	    "   {'RuleNumber': 110, 'Egress': false, 'Protocol': '58',"
	    "    'RuleAction': 'allow', 'Ipv6CidrBlock': '::/0',"
	    "    'IcmpTypeCode': {'Type': 128, 'Code': 0}},\n"
	    "   {'RuleNumber': 90, 'Egress': false, 'Protocol': '1',"
	    "    'RuleAction': 'deny', 'CidrBlock': '192.0.2.0/24',"
	    "    'IcmpTypeCode': {'Type': -1, 'Code': -1}},\n"
	    "   {'RuleNumber': 100, 'Egress': true, 'Protocol': '17',"
	    "    'RuleAction': 'allow', 'Ipv6CidrBlock': '::/0',"
	    "    'PortRange': {'From': 53, 'To': 53}},\n"
	    "   {'RuleNumber': 32768, 'Egress': false, 'Protocol': '-1',"
	    "    'RuleAction': 'deny', 'Ipv6CidrBlock': '::/0'},\n"
	    "   {'RuleNumber': 32767, 'Egress': false, 'Protocol': '-1',"
	    "    'RuleAction': 'deny', 'CidrBlock': '0.0.0.0/0'}]},\n"
	    " {'NetworkAclId': 'acl-def', 'VpcId': 'vpc-1', 'IsDefault': true,"
	    "  'Associations': [], 'Entries': [\n"
	    "   {'RuleNumber': 100, 'Egress': false, 'Protocol': '-1',"
	    "    'RuleAction': 'allow', 'CidrBlock': '0.0.0.0/0'},\n"
	    "   {'RuleNumber': 100, 'Egress': true, 'Protocol': '-1',"
	    "    'RuleAction': 'allow', 'CidrBlock': '0.0.0.0/0'}]}]}");
	done_clean(x);
	ni = find(x->t, VS_K_NACL, "acl-1");
	n = &x->t->nacls[ni];
	assert_false(n->is_default);
	assert_int_equal(n->n_entries, 8);
	/* ingress by rule number, then egress by rule number */
	assert_int_equal(n->first_egress, 6);
	e = n->entries;
	assert_int_equal(e[0].rule, 90);
	assert_false(e[0].allow);
	assert_int_equal(e[0].proto, VS_PROTO_ICMP);
	assert_true(e[0].has_icmp);
	assert_int_equal(e[0].icmp_type, -1);
	assert_int_equal(e[0].icmp_code, -1);
	assert_string_equal(pfx_str(&e[0].cidr), "192.0.2.0/24");
	assert_int_equal(e[1].rule, 100);
	assert_true(e[1].allow);
	assert_int_equal(e[1].proto, VS_PROTO_TCP);
	assert_true(e[1].has_ports);
	assert_int_equal(e[1].ports.lo, 22);
	assert_int_equal(e[1].ports.hi, 22);
	assert_int_equal(e[2].rule, 110);
	assert_int_equal(e[2].proto, VS_PROTO_ICMPV6);
	assert_int_equal(e[2].cidr.addr.af, VS_AF6);
	assert_int_equal(e[2].icmp_type, 128);
	assert_int_equal(e[2].icmp_code, 0);
	assert_int_equal(e[3].rule, 200);
	assert_int_equal(e[3].ports.lo, 1024);
	assert_int_equal(e[3].ports.hi, 65535);
	assert_int_equal(e[4].rule, 32767);
	assert_int_equal(e[4].cidr.addr.af, VS_AF4);
	assert_int_equal(e[5].rule, 32768);
	assert_int_equal(e[5].cidr.addr.af, VS_AF6);
	assert_true(e[6].egress);
	assert_int_equal(e[6].rule, 100);
	assert_int_equal(e[6].proto, VS_PROTO_UDP);
	assert_int_equal(e[6].ports.lo, 53);
	assert_int_equal(e[7].rule, 32767);
	assert_true(e[7].egress);
	assert_false(e[7].allow);
	assert_int_equal(n->n_assocs, 1);
	assert_string_equal(n->assocs[0].id, "aclassoc-1");

	s = &x->t->subnets[find(x->t, VS_K_SUBNET, "subnet-1")];
	assert_int_equal(s->nacl, ni);
	assert_int_equal(s->nacl_how, VS_HOW_EXPLICIT);
	assert_string_equal(s->nacl_assoc, "aclassoc-1");
	s = &x->t->subnets[find(x->t, VS_K_SUBNET, "subnet-2")];
	assert_int_equal(s->nacl, find(x->t, VS_K_NACL, "acl-def"));
	assert_int_equal(s->nacl_how, VS_HOW_DEFAULT);
}

/* ---- route tables ---- */

static void
test_route_targets(void **state)
{
	struct ld *x = *state;
	const struct vs_rtb *rt;
	const struct vs_route *r;
	const struct vs_subnet *s;
	vs_idx ri;
	static const struct {
		enum vs_target kind;
		const char *target;
		enum vs_kind k; /* VS_K__COUNT: not a modelled object */
	} want[] = {
	    {VS_TGT_LOCAL, "local", VS_K__COUNT},
	    {VS_TGT_IGW, "igw-1", VS_K_IGW},
	    {VS_TGT_VGW, "vgw-1", VS_K__COUNT},
	    {VS_TGT_VPCE, "vpce-1", VS_K_VPCE},
	    {VS_TGT_NATGW, "nat-1", VS_K_NATGW},
	    {VS_TGT_TGW, "tgw-1", VS_K_TGW},
	    {VS_TGT_PCX, "pcx-1", VS_K_PCX},
	    {VS_TGT_ENI, "eni-1", VS_K_ENI},
	    {VS_TGT_INSTANCE, "i-1", VS_K_INSTANCE},
	    {VS_TGT_EIGW, "eigw-1", VS_K_EIGW},
	    {VS_TGT_LGW, "lgw-1", VS_K__COUNT},
	    {VS_TGT_CGW, "cagw-1", VS_K__COUNT},
	    {VS_TGT_CORE,
		"arn:aws:networkmanager::111:core-network/core-network-1",
		VS_K__COUNT},
	    {VS_TGT_NATGW, "nat-gone", VS_K__COUNT},
	};
	size_t i;

	feed(x, "t/base.json", base_net);
	feed(x, "t/things.json",
	    "{'InternetGateways': [{'InternetGatewayId': 'igw-1',"
	    "  'Attachments': [{'VpcId': 'vpc-1', 'State': 'available'}]}],"
	    " 'EgressOnlyInternetGateways': [{'EgressOnlyInternetGatewayId': "
	    "'eigw-1',"
	    "  'Attachments': [{'VpcId': 'vpc-1', 'State': 'attached'}]}],"
	    " 'NatGateways': [{'NatGatewayId': 'nat-1', 'SubnetId': "
	    "'subnet-1',"
	    "  'VpcId': 'vpc-1', 'State': 'available'}],"
	    " 'TransitGateways': [{'TransitGatewayId': 'tgw-1'}],"
	    " 'VpcPeeringConnections': [{'VpcPeeringConnectionId': 'pcx-1',"
	    "  'Status': {'Code': 'active'}}],"
	    " 'VpcEndpoints': [{'VpcEndpointId': 'vpce-1', "
	    "'VpcEndpointType': 'Gateway', 'VpcId': 'vpc-1'}],"
	    " 'PrefixLists': [{'PrefixListId': 'pl-s3', 'Cidrs': "
	    "['52.216.0.0/15']}],"
	    " 'NetworkInterfaces': [{'NetworkInterfaceId': 'eni-1', "
	    "'SubnetId': 'subnet-1',"
	    "  'PrivateIpAddress': '10.0.1.5', 'SourceDestCheck': false}],"
	    " 'Reservations': [{'Instances': [{'InstanceId': 'i-1', "
	    "'SubnetId': 'subnet-1'}]}]}");
	feed(x, "t/rtb.json",
	    "{'RouteTables': [{'RouteTableId': 'rtb-1', 'VpcId': 'vpc-1',"
	    " 'OwnerId': '111', 'PropagatingVgws': [{'GatewayId': 'vgw-1'}],"
	    " 'Routes': [\n"
	    "  {'DestinationCidrBlock': '10.0.0.0/16', 'GatewayId': 'local',"
	    "   'Origin': 'CreateRouteTable', 'State': 'active'},\n"
	    "  {'DestinationCidrBlock': '0.0.0.0/0', 'GatewayId': 'igw-1',"
	    "   'Origin': 'CreateRoute', 'State': 'active'},\n"
	    "  {'DestinationCidrBlock': '172.16.0.0/16', 'GatewayId': 'vgw-1',"
	    "   'Origin': 'EnableVgwRoutePropagation', 'State': 'active'},\n"
	    "  {'DestinationPrefixListId': 'pl-s3', 'GatewayId': 'vpce-1',"
	    "   'Origin': 'CreateRoute', 'State': 'active'},\n"
	    "  {'DestinationCidrBlock': '10.10.0.0/16', 'NatGatewayId': "
	    "'nat-1'},\n"
	    "  {'DestinationCidrBlock': '10.20.0.0/16', 'TransitGatewayId': "
	    "'tgw-1'},\n"
	    "  {'DestinationCidrBlock': '10.30.0.0/16',"
	    "   'VpcPeeringConnectionId': 'pcx-1'},\n"
	    "  {'DestinationCidrBlock': '10.40.0.0/16', 'NetworkInterfaceId': "
	    "'eni-1',"
	    "   'InstanceId': 'i-1', 'InstanceOwnerId': '111'},\n"
	    "  {'DestinationCidrBlock': '10.50.0.0/16', 'InstanceId': 'i-1'},\n"
	    "  {'DestinationIpv6CidrBlock': '::/0',"
	    "   'EgressOnlyInternetGatewayId': 'eigw-1'},\n"
	    "  {'DestinationCidrBlock': '10.60.0.0/16', 'LocalGatewayId': "
	    "'lgw-1'},\n"
	    "  {'DestinationCidrBlock': '10.70.0.0/16', 'CarrierGatewayId': "
	    "'cagw-1'},\n"
	    "  {'DestinationCidrBlock': '10.80.0.0/16', 'CoreNetworkArn':"
	    "   'arn:aws:networkmanager::111:core-network/core-network-1'},\n"
	    "  {'DestinationCidrBlock': '10.90.0.0/16', 'NatGatewayId': "
	    "'nat-gone',"
	    "   'Origin': 'CreateRoute', 'State': 'blackhole'}],\n"
	    " 'Associations': [\n"
	    "  {'Main': true, 'RouteTableAssociationId': 'rtbassoc-main',"
	    "   'RouteTableId': 'rtb-1', 'AssociationState': {'State': "
	    "'associated'}},\n"
	    "  {'Main': false, 'RouteTableAssociationId': 'rtbassoc-edge',"
	    "   'RouteTableId': 'rtb-1', 'GatewayId': 'igw-1'}]},\n"
	    " {'RouteTableId': 'rtb-2', 'VpcId': 'vpc-1', 'Routes': [],"
	    "  'Associations': [{'Main': false, 'RouteTableAssociationId': "
	    "'rtbassoc-s1',"
	    "   'RouteTableId': 'rtb-2', 'SubnetId': 'subnet-1'}]}]}");
	feed(x, "t/subnet2.json",
	    "{'Subnets': [{'SubnetId': 'subnet-2', 'VpcId': 'vpc-1',"
	    " 'CidrBlock': '10.0.2.0/24'}]}");
	/* the blackhole route to a deleted NAT gateway is not a warning */
	done_clean(x);

	ri = find(x->t, VS_K_RTB, "rtb-1");
	rt = &x->t->rtbs[ri];
	assert_int_equal(rt->n_routes, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < rt->n_routes; i++) {
		r = &rt->routes[i];
		if (r->target != want[i].kind ||
		    strcmp(r->target_id, want[i].target) != 0)
			fail_msg("route %zu: target %s %s, want %s %s", i,
			    vs_target_names[r->target], r->target_id,
			    vs_target_names[want[i].kind], want[i].target);
		if (want[i].k != VS_K__COUNT)
			assert_int_equal(r->target_idx,
			    find(x->t, want[i].k, want[i].target));
		else
			assert_int_equal(r->target_idx, VS_NONE);
	}
	r = rt->routes;
	assert_int_equal(r[0].origin, VS_RO_TABLE);
	assert_int_equal(r[0].state, VS_RS_ACTIVE);
	assert_string_equal(pfx_str(&r[0].dst), "10.0.0.0/16");
	assert_int_equal(r[2].origin, VS_RO_PROPAGATED);
	assert_true(r[3].to_pl);
	assert_string_equal(r[3].pl_id, "pl-s3");
	assert_int_equal(r[3].pl_idx, find(x->t, VS_K_PL, "pl-s3"));
	assert_false(r[4].to_pl);
	/* state and origin default to active and CreateRoute */
	assert_int_equal(r[4].state, VS_RS_ACTIVE);
	assert_int_equal(r[4].origin, VS_RO_ROUTE);
	/* NetworkInterfaceId + InstanceId: the interface, instance noted */
	assert_string_equal(r[7].instance_id, "i-1");
	assert_string_equal(r[8].instance_id, "i-1");
	assert_string_equal(pfx_str(&r[9].dst), "::/0");
	assert_int_equal(r[13].state, VS_RS_BLACKHOLE);

	/* associations: main, edge, subnet */
	assert_int_equal(x->t->vpcs[0].main_rtb, ri);
	assert_int_equal(x->t->igws[find(x->t, VS_K_IGW, "igw-1")].edge_rtb,
	    ri);
	assert_int_equal(x->t->vpcs[0].igw, find(x->t, VS_K_IGW, "igw-1"));
	assert_int_equal(x->t->vpcs[0].eigw, find(x->t, VS_K_EIGW, "eigw-1"));
	s = &x->t->subnets[find(x->t, VS_K_SUBNET, "subnet-1")];
	assert_int_equal(s->rtb, find(x->t, VS_K_RTB, "rtb-2"));
	assert_int_equal(s->rtb_how, VS_HOW_EXPLICIT);
	assert_string_equal(s->rtb_assoc, "rtbassoc-s1");
	s = &x->t->subnets[find(x->t, VS_K_SUBNET, "subnet-2")];
	assert_int_equal(s->rtb, ri);
	assert_int_equal(s->rtb_how, VS_HOW_MAIN);
}

static void
test_dangling_route_and_eni(void **state)
{
	struct ld *x = *state;
	const struct vs_diag *dg;

	feed(x, "t/base.json", base_net);
	feed(x, "t/rtb.json",
	    "{'RouteTables': [{'RouteTableId': 'rtb-1', 'VpcId': 'vpc-1',"
	    " 'Routes': [{'DestinationCidrBlock': '0.0.0.0/0', "
	    "'NatGatewayId': 'nat-missing', 'State': 'active'}],"
	    " 'Associations': [{'Main': true}]}],"
	    " 'NetworkInterfaces': [{'NetworkInterfaceId': 'eni-1',"
	    "  'SubnetId': 'subnet-missing', 'PrivateIpAddress': '10.9.9.9',"
	    "  'Groups': [{'GroupId': 'sg-missing'}]}]}");
	/* warnings, not errors: the snapshot loads */
	assert_int_equal(done(x), 0);
	assert_int_equal(vs_diags_errors(x->d), 0);
	assert_int_equal(vs_diags_warnings(x->d) - uncovered(x->d), 3);
	dg = diag_with(x->d, VS_SEV_WARN, "nat-missing");
	assert_non_null(dg);
	assert_string_equal(dg->file, "t/rtb.json");
	assert_string_equal(dg->path, "/RouteTables/0/Routes/0");
	dg = diag_with(x->d, VS_SEV_WARN, "subnet-missing");
	assert_non_null(dg);
	assert_string_equal(dg->path, "/NetworkInterfaces/0/SubnetId");
	dg = diag_with(x->d, VS_SEV_WARN, "sg-missing");
	assert_non_null(dg);
	assert_string_equal(dg->path, "/NetworkInterfaces/0/Groups");
}

/* ---- gateways ---- */

static void
test_gateways(void **state)
{
	struct ld *x = *state;
	const struct vs_natgw *n;

	feed(x, "t/gw.json",
	    "{'Vpcs': [{'VpcId': 'vpc-a', 'CidrBlock': '10.1.0.0/16'},"
	    "  {'VpcId': 'vpc-b', 'CidrBlock': '10.2.0.0/16'},"
	    "  {'VpcId': 'vpc-c', 'CidrBlock': '10.3.0.0/16'}],"
	    " 'Subnets': [{'SubnetId': 'subnet-a', 'VpcId': 'vpc-a', "
	    "'CidrBlock': '10.1.0.0/24'}],"
	    " 'InternetGateways': [\n"
	    "  {'InternetGatewayId': 'igw-a', 'OwnerId': '111',"
	    "   'Attachments': [{'State': 'available', 'VpcId': 'vpc-a'}]},\n"
	    "  {'InternetGatewayId': 'igw-b',"
	    "   'Attachments': [{'State': 'attached', 'VpcId': 'vpc-b'}]},\n"
	    "  {'InternetGatewayId': 'igw-c',"
	    "   'Attachments': [{'State': 'detached', 'VpcId': 'vpc-c'}]},\n"
	    "  {'InternetGatewayId': 'igw-d', 'Attachments': []}],\n"
	    " 'EgressOnlyInternetGateways': [\n"
	    "  {'EgressOnlyInternetGatewayId': 'eigw-b',"
	    "   'Attachments': [{'State': 'attached', 'VpcId': 'vpc-b'}]}],\n"
	    " 'NatGateways': [\n"
	    "  {'NatGatewayId': 'nat-pub', 'SubnetId': 'subnet-a', 'VpcId': "
	    "'vpc-a',"
	    "   'State': 'available', 'ConnectivityType': 'public',"
	    "   'NatGatewayAddresses': [{'AllocationId': 'eipalloc-1',"
	    "    'NetworkInterfaceId': 'eni-n', 'PrivateIp': '10.1.0.9',"
	    "    'PublicIp': '54.9.9.9', 'IsPrimary': true, 'Status': "
	    "'succeeded'}]},\n"
	    "  {'NatGatewayId': 'nat-priv', 'SubnetId': 'subnet-a',"
	    "   'State': 'available', 'ConnectivityType': 'private',"
	    "   'NatGatewayAddresses': [{'PrivateIp': '10.1.0.10', "
	    "'IsPrimary': true}]},\n"
	    "  {'NatGatewayId': 'nat-old', 'SubnetId': 'subnet-a', 'VpcId': "
	    "'vpc-a',"
	    "   'State': 'deleted'}],\n"
	    " 'NetworkInterfaces': [{'NetworkInterfaceId': 'eni-n', "
	    "'SubnetId': 'subnet-a',"
	    "  'InterfaceType': 'nat_gateway', 'PrivateIpAddress': "
	    "'10.1.0.9'}]}");
	done_clean(x);
	/* "available" (as the CLI sample shows) and "attached" both attach */
	assert_int_equal(x->t->vpcs[find(x->t, VS_K_VPC, "vpc-a")].igw,
	    find(x->t, VS_K_IGW, "igw-a"));
	assert_int_equal(x->t->vpcs[find(x->t, VS_K_VPC, "vpc-b")].igw,
	    find(x->t, VS_K_IGW, "igw-b"));
	assert_int_equal(x->t->vpcs[find(x->t, VS_K_VPC, "vpc-c")].igw,
	    VS_NONE);
	assert_int_equal(x->t->vpcs[find(x->t, VS_K_VPC, "vpc-b")].eigw,
	    find(x->t, VS_K_EIGW, "eigw-b"));
	assert_int_equal(x->t->vpcs[find(x->t, VS_K_VPC, "vpc-a")].eigw,
	    VS_NONE);
	assert_true(x->t->eigws[0].egress_only);
	assert_false(x->t->igws[0].egress_only);
	assert_string_equal(x->t->igws[0].owner, "111");

	n = &x->t->natgws[find(x->t, VS_K_NATGW, "nat-pub")];
	assert_false(n->private_nat);
	assert_string_equal(n->state, "available");
	assert_int_equal(n->n_addrs, 1);
	assert_string_equal(addr_str(&n->addrs[0].priv), "10.1.0.9");
	assert_true(n->addrs[0].has_public);
	assert_string_equal(addr_str(&n->addrs[0].pub), "54.9.9.9");
	assert_true(n->addrs[0].primary);
	assert_string_equal(n->addrs[0].eni_id, "eni-n");
	assert_int_equal(n->eni, find(x->t, VS_K_ENI, "eni-n"));
	assert_int_equal(n->subnet, find(x->t, VS_K_SUBNET, "subnet-a"));
	n = &x->t->natgws[find(x->t, VS_K_NATGW, "nat-priv")];
	assert_true(n->private_nat);
	assert_false(n->addrs[0].has_public);
	/* VpcId absent: the subnet's VPC */
	assert_int_equal(n->vpc, find(x->t, VS_K_VPC, "vpc-a"));
	n = &x->t->natgws[find(x->t, VS_K_NATGW, "nat-old")];
	assert_false(n->private_nat); /* ConnectivityType defaults to public */
	assert_string_equal(n->state, "deleted");
}

static void
check_pcx(struct ld *x)
{
	const struct vs_pcx *p;

	done_clean(x);
	assert_int_equal(vs_topo_count(x->t, VS_K_PCX), 1);
	p = &x->t->pcxs[0];
	assert_string_equal(p->id, "pcx-1");
	assert_string_equal(p->status, "active");
	assert_string_equal(p->req.vpc_id, "vpc-a");
	assert_string_equal(p->req.owner, "111111111111");
	assert_string_equal(p->req.region, "us-east-1");
	assert_int_equal(p->req.vpc, find(x->t, VS_K_VPC, "vpc-a"));
	assert_int_equal(p->req.n_cidrs, 1);
	assert_string_equal(pfx_str(&p->req.cidrs[0]), "10.0.0.0/16");
	assert_string_equal(p->acc.vpc_id, "vpc-b");
	assert_string_equal(p->acc.owner, "222222222222");
	assert_int_equal(p->acc.vpc, find(x->t, VS_K_VPC, "vpc-b"));
	/* the union of both views, each block once */
	assert_int_equal(p->acc.n_cidrs, 3);
	assert_string_equal(pfx_str(&p->acc.cidrs[0]), "10.1.0.0/16");
	assert_string_equal(pfx_str(&p->acc.cidrs[1]), "10.2.0.0/16");
	assert_string_equal(pfx_str(&p->acc.cidrs[2]), "2600:1f14::/56");
}

static const char pcx_vpcs[] =
    "{'Vpcs': [{'VpcId': 'vpc-a', 'CidrBlock': '10.0.0.0/16'},"
    " {'VpcId': 'vpc-b', 'CidrBlock': '10.1.0.0/16'}]}";
/* What the requester's account sees: the peer's primary block only. */
static const char pcx_req_view[] =
    "{'VpcPeeringConnections': [{'VpcPeeringConnectionId': 'pcx-1',"
    " 'Status': {'Code': 'active', 'Message': 'Active'},"
    " 'RequesterVpcInfo': {'VpcId': 'vpc-a', 'OwnerId': '111111111111',"
    "  'Region': 'us-east-1', 'CidrBlock': '10.0.0.0/16',"
    "  'CidrBlockSet': [{'CidrBlock': '10.0.0.0/16'}]},"
    " 'AccepterVpcInfo': {'VpcId': 'vpc-b', 'OwnerId': '222222222222',"
    "  'CidrBlock': '10.1.0.0/16'}}]}";
/* What the accepter's account sees: all of its own blocks. */
static const char pcx_acc_view[] =
    "{'VpcPeeringConnections': [{'VpcPeeringConnectionId': 'pcx-1',"
    " 'Status': {'Code': 'active', 'Message': 'Active'},"
    " 'RequesterVpcInfo': {'VpcId': 'vpc-a', 'OwnerId': '111111111111'},"
    " 'AccepterVpcInfo': {'VpcId': 'vpc-b', 'OwnerId': '222222222222',"
    "  'Region': 'us-west-2', 'CidrBlock': '10.1.0.0/16',"
    "  'CidrBlockSet': [{'CidrBlock': '10.1.0.0/16'}, {'CidrBlock': "
    "'10.2.0.0/16'}],"
    "  'Ipv6CidrBlockSet': [{'Ipv6CidrBlock': '2600:1f14::/56'}]}}]}";

static void
test_pcx_two_views(void **state)
{
	struct ld *x = *state;
	feed(x, "t/vpcs.json", pcx_vpcs);
	feed(x, "t/acct1/pcx.json", pcx_req_view);
	feed(x, "t/acct2/pcx.json", pcx_acc_view);
	check_pcx(x);
}

static void
test_pcx_two_views_reversed(void **state)
{
	struct ld *x = *state;
	feed(x, "t/vpcs.json", pcx_vpcs);
	feed(x, "t/acct2/pcx.json", pcx_acc_view);
	feed(x, "t/acct1/pcx.json", pcx_req_view);
	check_pcx(x);
}

/* ---- prefix lists ---- */

static void
test_prefix_lists(void **state)
{
	struct ld *x = *state;
	const struct vs_pl *p;

	feed(x, "t/pl.json",
	    "{'PrefixLists': ["
	    " {'PrefixListId': 'pl-m', 'PrefixListName': 'office',"
	    "  'AddressFamily': 'IPv4', 'State': 'create-complete',"
	    "  'MaxEntries': 10, 'Version': 2, 'OwnerId': '111'},"
	    " {'PrefixListId': 'pl-6', 'AddressFamily': 'IPv6',"
	    "  'MaxEntries': 5, 'OwnerId': '111'},"
	    " {'PrefixListId': 'pl-svc', 'PrefixListName': "
	    "'com.amazonaws.us-east-1.s3',"
	    "  'Cidrs': ['52.216.0.0/15', '3.5.0.0/19']}]}");
	/* get-managed-prefix-list-entries output, named by a top-level key */
	feed(x, "t/entries-office.json",
	    "{'PrefixListId': 'pl-m', 'Entries': ["
	    " {'Cidr': '10.0.0.0/8', 'Description': 'a'},"
	    " {'Cidr': '192.168.0.0/16'}]}");
	/* ... or by the pl- id in the file name */
	feed(x, "t/acct/get-managed-prefix-list-entries-pl-0abc123.json",
	    "{'Entries': [{'Cidr': '2001:db8::/32'}]}");
	done_clean(x);
	assert_int_equal(vs_topo_count(x->t, VS_K_PL), 4);

	p = &x->t->pls[find(x->t, VS_K_PL, "pl-m")];
	assert_string_equal(p->name, "office");
	assert_string_equal(p->owner, "111");
	assert_int_equal(p->af, VS_AF4);
	assert_true(p->entries_known);
	assert_int_equal(p->n_entries, 2);
	assert_string_equal(pfx_str(&p->entries[0]), "10.0.0.0/8");
	assert_string_equal(pfx_str(&p->entries[1]), "192.168.0.0/16");

	p = &x->t->pls[find(x->t, VS_K_PL, "pl-6")];
	assert_int_equal(p->af, VS_AF6);
	assert_false(p->entries_known);
	assert_int_equal(p->n_entries, 0);

	p = &x->t->pls[find(x->t, VS_K_PL, "pl-svc")];
	assert_true(p->entries_known);
	assert_int_equal(p->n_entries, 2);
	assert_string_equal(pfx_str(&p->entries[1]), "3.5.0.0/19");

	p = &x->t->pls[find(x->t, VS_K_PL, "pl-0abc123")];
	assert_true(p->entries_known);
	assert_int_equal(p->n_entries, 1);
	assert_string_equal(pfx_str(&p->entries[0]), "2001:db8::/32");
	assert_int_equal(p->af, VS_AF6);
}

static void
test_entries_without_list(void **state)
{
	struct ld *x = *state;
	const struct vs_diag *dg;

	feed(x, "t/entries.json", "{'Entries': [{'Cidr': '10.0.0.0/8'}]}");
	assert_int_equal(done(x), -1);
	assert_int_equal(vs_diags_errors(x->d), 1);
	dg = vs_diags_get(x->d, 0);
	assert_string_equal(dg->msg,
	    "prefix-list entries without a list: add a top-level "
	    "\"PrefixListId\" key or put the pl- id in the file name");
	assert_string_equal(dg->path, "/Entries");
	assert_int_equal(dg->line, 1);
	assert_int_equal(dg->col, 13);
}

/* ---- endpoints and transit gateways ---- */

static void
test_vpc_endpoints(void **state)
{
	struct ld *x = *state;
	const struct vs_vpce *e;

	feed(x, "t/base.json", base_net);
	feed(x, "t/vpce.json",
	    "{'VpcEndpoints': ["
	    " {'VpcEndpointId': 'vpce-gw', 'VpcEndpointType': 'Gateway',"
	    "  'VpcId': 'vpc-1', 'ServiceName': "
	    "'com.amazonaws.us-east-1.s3',"
	    "  'State': 'available', 'RouteTableIds': ['rtb-1', 'rtb-2'],"
	    "  'SubnetIds': [], 'NetworkInterfaceIds': [], 'Groups': []},"
	    " {'VpcEndpointId': 'vpce-if', 'VpcEndpointType': 'Interface',"
	    "  'VpcId': 'vpc-1', 'ServiceName': "
	    "'com.amazonaws.us-east-1.ssm',"
	    "  'State': 'Available', 'SubnetIds': ['subnet-1'],"
	    "  'NetworkInterfaceIds': ['eni-e1'],"
	    "  'Groups': [{'GroupId': 'sg-1', 'GroupName': 'a'}]}]}");
	done_clean(x);
	e = &x->t->vpces[find(x->t, VS_K_VPCE, "vpce-gw")];
	assert_string_equal(e->type, "Gateway");
	assert_string_equal(e->service, "com.amazonaws.us-east-1.s3");
	assert_string_equal(e->state, "available");
	assert_int_equal(e->vpc, find(x->t, VS_K_VPC, "vpc-1"));
	assert_int_equal(e->n_rtb_ids, 2);
	assert_string_equal(e->rtb_ids[1], "rtb-2");
	assert_int_equal(e->n_subnet_ids, 0);
	e = &x->t->vpces[find(x->t, VS_K_VPCE, "vpce-if")];
	assert_string_equal(e->type, "Interface");
	assert_int_equal(e->n_subnet_ids, 1);
	assert_string_equal(e->subnet_ids[0], "subnet-1");
	assert_int_equal(e->n_eni_ids, 1);
	assert_string_equal(e->eni_ids[0], "eni-e1");
	assert_int_equal(e->n_group_ids, 1);
	assert_string_equal(e->group_ids[0], "sg-1");
}

static const char tgw_main[] =
    "{'TransitGateways': [{'TransitGatewayId': 'tgw-1', 'State': "
    "'available',"
    "  'OwnerId': '111', 'Options': {"
    "   'DefaultRouteTableAssociation': 'enable',"
    "   'AssociationDefaultRouteTableId': 'tgw-rtb-1',"
    "   'DefaultRouteTablePropagation': 'disable',"
    "   'PropagationDefaultRouteTableId': 'tgw-rtb-1',"
    "   'SecurityGroupReferencingSupport': 'enable'}}],"
    " 'TransitGatewayAttachments': [{'TransitGatewayAttachmentId': "
    "'tgw-attach-1',"
    "  'TransitGatewayId': 'tgw-1', 'ResourceType': 'vpc', 'ResourceId': "
    "'vpc-1',"
    "  'ResourceOwnerId': '111', 'State': 'available',"
    "  'Association': {'TransitGatewayRouteTableId': 'tgw-rtb-1',"
    "   'State': 'associated'}},"
    "  {'TransitGatewayAttachmentId': 'tgw-attach-vpn', "
    "'TransitGatewayId': 'tgw-1',"
    "   'ResourceType': 'vpn', 'ResourceId': 'vpn-1', 'State': "
    "'available'}],"
    " 'TransitGatewayRouteTables': [{'TransitGatewayRouteTableId': "
    "'tgw-rtb-1',"
    "  'TransitGatewayId': 'tgw-1', 'State': 'available',"
    "  'DefaultAssociationRouteTable': true,"
    "  'DefaultPropagationRouteTable': false}]}";

static const char tgw_vpc_att[] =
    "{'TransitGatewayVpcAttachments': [{'TransitGatewayAttachmentId': "
    "'tgw-attach-1',"
    "  'TransitGatewayId': 'tgw-1', 'VpcId': 'vpc-1', 'VpcOwnerId': '111',"
    "  'State': 'available', 'SubnetIds': ['subnet-1', 'subnet-x'],"
    "  'Options': {'DnsSupport': 'enable', 'Ipv6Support': 'enable',"
    "   'ApplianceModeSupport': 'enable',"
    "   'SecurityGroupReferencingSupport': 'disable'}}]}";

static const char tgw_routes[] =
    "{'TransitGatewayStaticRoutes': [{'TransitGatewayRouteTableId': "
    "'tgw-rtb-1',"
    "  'Routes': [{'DestinationCidrBlock': '10.0.0.0/16',"
    "   'TransitGatewayAttachments': [{'ResourceId': 'vpc-1',"
    "    'TransitGatewayAttachmentId': 'tgw-attach-1', 'ResourceType': "
    "'vpc'}],"
    "   'Type': 'propagated', 'State': 'active'},"
    "   {'DestinationCidrBlock': '192.168.0.0/16',"
    "    'TransitGatewayAttachments': [{'TransitGatewayAttachmentId': "
    "'tgw-attach-vpn'}],"
    "    'Type': 'static', 'State': 'active'},"
    "   {'PrefixListId': 'pl-x', 'TransitGatewayAttachments': [],"
    "    'Type': 'static', 'State': 'blackhole'}]}],"
    " 'TransitGatewayPropagations': [{'TransitGatewayRouteTableId': "
    "'tgw-rtb-1',"
    "  'TransitGatewayRouteTablePropagations': ["
    "   {'TransitGatewayAttachmentId': 'tgw-attach-1', 'ResourceId': "
    "'vpc-1',"
    "    'ResourceType': 'vpc', 'State': 'enabled'}]}],"
    " 'PrefixLists': [{'PrefixListId': 'pl-x', 'Cidrs': "
    "['172.16.0.0/12']}]}";

static void
check_tgw(struct ld *x)
{
	const struct vs_tgw *g;
	const struct vs_tgw_attach *a;
	const struct vs_tgw_rtb *r;
	vs_idx gi, ri, ai, av;

	done_clean(x);
	assert_int_equal(vs_topo_count(x->t, VS_K_TGW), 1);
	assert_int_equal(vs_topo_count(x->t, VS_K_TGW_ATTACH), 2);
	assert_int_equal(vs_topo_count(x->t, VS_K_TGW_RTB), 1);
	gi = find(x->t, VS_K_TGW, "tgw-1");
	ri = find(x->t, VS_K_TGW_RTB, "tgw-rtb-1");
	ai = find(x->t, VS_K_TGW_ATTACH, "tgw-attach-1");
	av = find(x->t, VS_K_TGW_ATTACH, "tgw-attach-vpn");
	g = &x->t->tgws[gi];
	assert_string_equal(g->state, "available");
	assert_string_equal(g->owner, "111");
	assert_string_equal(g->assoc_rtb_id, "tgw-rtb-1");
	assert_string_equal(g->prop_rtb_id, "tgw-rtb-1");
	assert_true(g->default_assoc);
	assert_false(g->default_prop);
	assert_true(g->sg_ref);

	/* one attachment from two calls: both halves are there */
	a = &x->t->tgw_attaches[ai];
	assert_string_equal(a->type, "vpc");
	assert_string_equal(a->resource_id, "vpc-1");
	assert_string_equal(a->rtb_id, "tgw-rtb-1");
	assert_string_equal(a->assoc_state, "associated");
	assert_true(a->has_vpc_details);
	assert_int_equal(a->n_subnet_ids, 2);
	assert_string_equal(a->subnet_ids[0], "subnet-1");
	assert_true(a->appliance_mode);
	assert_true(a->ipv6);
	assert_false(a->sg_ref);
	assert_int_equal(a->tgw, gi);
	assert_int_equal(a->rtb, ri);
	assert_int_equal(a->vpc, find(x->t, VS_K_VPC, "vpc-1"));
	assert_int_equal(a->subnets[0], find(x->t, VS_K_SUBNET, "subnet-1"));
	assert_int_equal(a->subnets[1], VS_NONE);
	a = &x->t->tgw_attaches[av];
	assert_string_equal(a->type, "vpn");
	assert_false(a->has_vpc_details);
	assert_int_equal(a->vpc, VS_NONE);

	r = &x->t->tgw_rtbs[ri];
	assert_string_equal(r->tgw_id, "tgw-1");
	assert_int_equal(r->tgw, gi);
	assert_true(r->default_assoc);
	assert_false(r->default_prop);
	assert_true(r->routes_known);
	assert_int_equal(r->n_routes, 3);
	assert_string_equal(pfx_str(&r->routes[0].dst), "10.0.0.0/16");
	assert_true(r->routes[0].propagated);
	assert_false(r->routes[0].blackhole);
	assert_int_equal(r->routes[0].n_attach, 1);
	assert_int_equal(r->routes[0].attach[0], ai);
	assert_false(r->routes[1].propagated);
	assert_int_equal(r->routes[1].attach[0], av);
	assert_true(r->routes[2].to_pl);
	assert_string_equal(r->routes[2].pl_id, "pl-x");
	assert_int_equal(r->routes[2].pl_idx, find(x->t, VS_K_PL, "pl-x"));
	assert_true(r->routes[2].blackhole);
	assert_int_equal(r->routes[2].n_attach, 0);
	assert_int_equal(r->n_props, 1);
	assert_string_equal(r->props[0].attach_id, "tgw-attach-1");
	assert_string_equal(r->props[0].state, "enabled");
}

static void
test_transit_gateway(void **state)
{
	struct ld *x = *state;
	feed(x, "t/base.json", base_net);
	feed(x, "t/a-tgw.json", tgw_main);
	feed(x, "t/b-vpc-att.json", tgw_vpc_att);
	feed(x, "t/c-routes.json", tgw_routes);
	check_tgw(x);
}

static void
test_transit_gateway_other_order(void **state)
{
	struct ld *x = *state;
	feed(x, "t/base.json", base_net);
	feed(x, "t/a-routes.json", tgw_routes);
	feed(x, "t/b-vpc-att.json", tgw_vpc_att);
	feed(x, "t/c-tgw.json", tgw_main);
	check_tgw(x);
}

/* ---- several files ---- */

static void
test_pages_merge(void **state)
{
	struct ld *x = *state;

	feed(x, "t/vpcs-1.json",
	    "{'Vpcs': [{'VpcId': 'vpc-1', 'CidrBlock': '10.0.0.0/16'}],"
	    " 'NextToken': 'abc'}");
	feed(x, "t/vpcs-2.json",
	    "{'Vpcs': [{'VpcId': 'vpc-2', 'CidrBlock': '10.1.0.0/16'}],"
	    " 'Subnets': [{'SubnetId': 'subnet-1', 'VpcId': 'vpc-1',"
	    " 'CidrBlock': '10.0.1.0/24'}]}");
	feed(x, "t/subnets-2.json",
	    "{'Subnets': [{'SubnetId': 'subnet-2', 'VpcId': 'vpc-2',"
	    " 'CidrBlock': '10.1.1.0/24'}], 'ResponseMetadata': {}}");
	done_clean(x);
	assert_int_equal(x->st.files, 3);
	assert_int_equal(vs_topo_count(x->t, VS_K_VPC), 2);
	assert_int_equal(vs_topo_count(x->t, VS_K_SUBNET), 2);
	assert_int_equal(x->t->subnets[find(x->t, VS_K_SUBNET, "subnet-2")].vpc,
	    find(x->t, VS_K_VPC, "vpc-2"));
}

static void
test_identical_duplicates(void **state)
{
	struct ld *x = *state;

	/* the same objects again, keys in another order, tags changed:
	 * accepted silently, kept once */
	feed(x, "t/a.json",
	    "{'Vpcs': [{'VpcId': 'vpc-1', 'CidrBlock': '10.0.0.0/16',"
	    " 'State': 'available', 'Tags': [{'Key': 'Name', 'Value': "
	    "'a'}]}],"
	    " 'SecurityGroups': [{'GroupId': 'sg-1', 'VpcId': 'vpc-1',"
	    "  'IpPermissions': [{'IpProtocol': 'tcp', 'FromPort': 22,"
	    "  'ToPort': 22, 'IpRanges': [{'CidrIp': '10.0.0.0/8'}]}]}]}");
	feed(x, "t/b.json",
	    "{'SecurityGroups': [{'VpcId': 'vpc-1', 'GroupId': 'sg-1',"
	    "  'IpPermissions': [{'ToPort': 22, 'FromPort': 22,"
	    "  'IpProtocol': 'tcp', 'IpRanges': [{'CidrIp': "
	    "'10.0.0.0/8'}]}]}],"
	    " 'Vpcs': [{'State': 'available', 'CidrBlock': '10.0.0.0/16',"
	    " 'VpcId': 'vpc-1'}]}");
	done_clean(x);
	assert_int_equal(vs_topo_count(x->t, VS_K_VPC), 1);
	assert_int_equal(vs_topo_count(x->t, VS_K_SG), 1);
	assert_int_equal(x->t->sgs[0].n_rules, 1);
}

static void
test_conflicting_duplicate(void **state)
{
	struct ld *x = *state;
	const struct vs_diag *dg;
	char buf[1024];

	feed(x, "t/a.json",
	    "{'Vpcs': [{'VpcId': 'vpc-1', 'CidrBlock': '10.0.0.0/16'}]}");
	feed(x, "t/b.json",
	    "{'Vpcs': [\n"
	    "  {'VpcId': 'vpc-1', 'CidrBlock': '10.9.0.0/16'}]}");
	assert_int_equal(done(x), -1);
	assert_int_equal(vs_diags_errors(x->d), 1);
	dg = diag_with(x->d, VS_SEV_ERR, "vpc-1");
	assert_non_null(dg);
	/* where the second one is, and where the first one was */
	assert_string_equal(vs_diag_str(dg, buf, sizeof(buf)),
	    "t/b.json:2:13: error: /Vpcs/0/VpcId: duplicate vpc vpc-1 with "
	    "different contents (first at t/a.json /Vpcs/0)");
}

/* The same id for two kinds of object is a conflict too. */
static void
test_id_used_by_two_kinds(void **state)
{
	struct ld *x = *state;
	const struct vs_diag *dg;

	feed(x, "t/a.json",
	    "{'Vpcs': [{'VpcId': 'x-1', 'CidrBlock': '10.0.0.0/16'}],"
	    " 'Subnets': [{'SubnetId': 'x-1', 'VpcId': 'x-1', 'CidrBlock': "
	    "'10.0.1.0/24'}]}");
	assert_int_equal(done(x), -1);
	dg = diag_with(x->d, VS_SEV_ERR, "x-1");
	assert_non_null(dg);
	assert_string_equal(dg->msg, "id x-1 is already used by a vpc");
	assert_string_equal(dg->path, "/Subnets/0/SubnetId");
}

static void
test_unmodelled_keys(void **state)
{
	struct ld *x = *state;
	const struct vs_diag *dg;

	feed(x, "t/a.json",
	    "{'Vpcs': [], 'DhcpOptions': [{'DhcpOptionsId': 'dopt-1'}],"
	    " 'NextToken': null}");
	feed(x, "t/b.json",
	    "{'DhcpOptions': [{'DhcpOptionsId': 'dopt-2'}],"
	    " 'KeyPairs': [{'KeyName': 'k'}], 'ResponseMetadata': {}}");
	feed(x, "t/c.json",
	    "{'KeyPairs': [{'KeyName': 'j'}], 'DhcpOptions': [],"
	    " 'Volumes': []}");
	assert_int_equal(done(x), 0);
	assert_int_equal(vs_diags_errors(x->d), 0);
	/* one warning per key, for the whole load */
	assert_int_equal(vs_diags_warnings(x->d) - uncovered(x->d), 3);
	assert_int_equal(x->st.unmodelled, 3);
	dg = diag_with(x->d, VS_SEV_WARN, "(in 3 files)");
	assert_non_null(dg);
	assert_string_equal(dg->path, "/DhcpOptions");
	assert_string_equal(dg->file, "t/a.json");
	dg = diag_with(x->d, VS_SEV_WARN, "(in 2 files)");
	assert_non_null(dg);
	assert_string_equal(dg->path, "/KeyPairs");
	dg = vs_diags_get(x->d, 2);
	assert_string_equal(dg->path, "/Volumes");
	assert_string_equal(dg->msg,
	    "resource type not modelled by vpcsim; ignored");
}

/* ---- snapshot folders ---- */

static void
write_file(const char *dir, const char *name, const char *json)
{
	char path[1024];
	char *t = q(json);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(t, f);
	fclose(f);
	free(t);
}

static void
mkdirs(const char *root, const char *sub)
{
	char path[1024], *p;

	snprintf(path, sizeof(path), "%s/%s", root, sub);
	for (p = path + strlen(root) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	}
	mkdir(path, 0700);
}

static void
rm_rf(const char *dir)
{
	char cmd[1200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_snapshot_folder(void **state)
{
	char root[] = "/tmp/vs-test-load-XXXXXX", dir[1100], path[1200];
	struct vs_diags *d = vs_diags_new();
	struct vs_load_stats st;
	struct vs_topo *t;

	(void)state;
	assert_non_null(mkdtemp(root));
	mkdirs(root, "accounts/111111111111/us-east-1");
	mkdirs(root, "accounts/222222222222/eu-west-1/extra");
	mkdirs(root, ".git/objects");
	snprintf(dir, sizeof(dir), "%s/accounts/111111111111/us-east-1", root);
	write_file(dir, "vpcs.json",
	    "{'Vpcs': [{'VpcId': 'vpc-1', 'CidrBlock': '10.0.0.0/16'}]}");
	write_file(dir, "subnets.json",
	    "{'Subnets': [{'SubnetId': 'subnet-1', 'VpcId': 'vpc-1',"
	    " 'CidrBlock': '10.0.1.0/24'}]}");
	snprintf(dir, sizeof(dir), "%s/accounts/222222222222/eu-west-1/extra",
	    root);
	write_file(dir, "vpcs.json",
	    "{'Vpcs': [{'VpcId': 'vpc-2', 'CidrBlock': '10.0.0.0/16'}],"
	    " 'Subnets': [{'SubnetId': 'subnet-2', 'VpcId': 'vpc-2',"
	    " 'CidrBlock': '10.0.1.0/24'}]}");
	/* none of these may be read: they are not JSON, or hidden */
	write_file(root, "README.md", "# not JSON {");
	write_file(root, "notes.txt", "{'Vpcs': [{'VpcId': 'vpc-9'}]}");
	write_file(root, "vpcs.json.bak", "{'Vpcs': [");
	write_file(root, ".hidden.json", "{'Vpcs': [");
	snprintf(dir, sizeof(dir), "%s/.git/objects", root);
	write_file(dir, "pack.json", "garbage");

	memset(&st, 0, sizeof(st));
	t = vs_snapshot_load(root, d, &st);
	dump(d);
	assert_non_null(t);
	assert_int_equal(vs_diags_errors(d), 0);
	assert_int_equal(vs_diags_warnings(d), uncovered(d));
	assert_int_equal(st.files, 3);
	assert_int_equal(vs_topo_count(t, VS_K_VPC), 2);
	assert_int_equal(vs_topo_count(t, VS_K_SUBNET), 2);
	assert_int_equal(t->subnets[vs_topo_find(t, "subnet-2", NULL)].vpc,
	    vs_topo_find(t, "vpc-2", NULL));
	vs_topo_free(&t);

	/* one file on its own is a snapshot too */
	snprintf(path, sizeof(path),
	    "%s/accounts/111111111111/us-east-1/vpcs.json", root);
	t = vs_snapshot_load(path, d, &st);
	assert_non_null(t);
	assert_int_equal(vs_topo_count(t, VS_K_VPC), 1);
	assert_int_equal(st.files, 1);
	vs_topo_free(&t);

	/* a folder that does not exist is an error naming it */
	snprintf(path, sizeof(path), "%s/nope", root);
	t = vs_snapshot_load(path, d, &st);
	assert_null(t);
	assert_int_equal(vs_diags_errors(d), 1);
	{
		size_t i;
		const struct vs_diag *e = NULL;
		for (i = 0; i < vs_diags_count(d) && e == NULL; i++)
			if (vs_diags_get(d, i)->sev == VS_SEV_ERR)
				e = vs_diags_get(d, i);
		assert_non_null(e);
		assert_string_equal(e->file, path);
	}

	rm_rf(root);
	vs_diags_free(&d);
}

/* Warnings found after conversion (finish) get their line:col from the
 * file on disk. */
static void
test_late_location(void **state)
{
	char root[] = "/tmp/vs-test-load-XXXXXX";
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *t;
	const struct vs_diag *dg;

	(void)state;
	assert_non_null(mkdtemp(root));
	write_file(root, "rt.json",
	    "{\n"
	    "  'RouteTables': [\n"
	    "    {'RouteTableId': 'rtb-1', 'VpcId': 'vpc-1',\n"
	    "     'Routes': [\n"
	    "       {'DestinationCidrBlock': '10.0.0.0/16', 'GatewayId': "
	    "'local'},\n"
	    "       {'DestinationCidrBlock': '0.0.0.0/0', 'NatGatewayId': "
	    "'nat-x'}]}],\n"
	    "  'Vpcs': [{'VpcId': 'vpc-1', 'CidrBlock': '10.0.0.0/16'}]\n"
	    "}\n");
	t = vs_snapshot_load(root, d, NULL);
	dump(d);
	assert_non_null(t);
	dg = diag_with(d, VS_SEV_WARN, "nat-x");
	assert_non_null(dg);
	assert_string_equal(dg->path, "/RouteTables/0/Routes/1");
	assert_int_equal(dg->line, 6);
	assert_int_equal(dg->col, 8);
	vs_topo_free(&t);
	rm_rf(root);
	vs_diags_free(&d);
}

/* ---- errors carry a location ---- */

struct bad {
	const char *json;
	unsigned line, col;
	const char *path, *msg;
};

static void
check_bad(const struct bad *b)
{
	struct vs_topo *t = vs_topo_new();
	struct vs_diags *d = vs_diags_new();
	struct vs_loader *l = vs_loader_new(t, d);
	char *txt = q(b->json);
	const struct vs_diag *dg;
	char buf[1024];

	vs_loader_text(l, txt, strlen(txt), "t/bad.json");
	free(txt);
	assert_int_equal(vs_loader_done(&l, NULL), -1);
	dg = vs_diags_get(d, 0);
	assert_non_null(dg);
	if (dg->sev != VS_SEV_ERR || dg->line != b->line || dg->col != b->col ||
	    strcmp(dg->msg, b->msg) != 0 ||
	    strcmp(dg->path ? dg->path : "", b->path ? b->path : "") != 0)
		fail_msg("input %s\n got: %s\nwant: t/bad.json:%u:%u: error: "
			 "%s: %s",
		    b->json, vs_diag_str(dg, buf, sizeof(buf)), b->line, b->col,
		    b->path ? b->path : "(no path)", b->msg);
	vs_topo_free(&t);
	vs_diags_free(&d);
}

static void
test_located_errors(void **state)
{
	static const struct bad cases[] = {
	    {"{'SecurityGroups': [{'GroupId': 'sg-1', 'IpPermissions': [\n"
	     "  {'IpProtocol': 'tcp', 'FromPort': '80', 'ToPort': 80}]}]}",
		2, 37, "/SecurityGroups/0/IpPermissions/0/FromPort",
		"expected an integer -1..65535, got \"80\""},
	    {"{'Vpcs': [{'VpcId': 'vpc-1',\n  'CidrBlock': '10.0.0.0/33'}]}", 2,
		16, "/Vpcs/0/CidrBlock",
		"expected an IPv4 CIDR block, got \"10.0.0.0/33\" (bad prefix "
		"length)"},
	    {"{'NetworkInterfaces': [{'NetworkInterfaceId': 'eni-1',"
	     " 'PrivateIpAddress': '10.0.256.1'}]}",
		1, 76, "/NetworkInterfaces/0/PrivateIpAddress",
		"expected an IPv4 address, got \"10.0.256.1\""},
	    {"{'SecurityGroups': [{'GroupId': 'sg-1', 'IpPermissions': [\n"
	     "  {'IpProtocol': 'tpc', 'FromPort': 80, 'ToPort': 80}]}]}",
		2, 18, "/SecurityGroups/0/IpPermissions/0/IpProtocol",
		"expected a protocol (tcp, udp, icmp, icmpv6, -1 or 0..255), "
		"got \"tpc\""},
	    {"{'Subnets': 'subnet-1'}", 1, 13, "/Subnets",
		"expected an array, got \"subnet-1\""},
	    {"{'SecurityGroups': [{'GroupId': 'sg-1', 'IpPermissions': [\n"
	     "  {'IpProtocol': 'tcp', 'FromPort': 1e999, 'ToPort': 80}]}]}",
		2, 37, "/SecurityGroups/0/IpPermissions/0/FromPort",
		"expected an integer -1..65535, got 1e999"},
	    {"{'Vpcs': [{'CidrBlock': '10.0.0.0/16'}]}", 1, 11, "/Vpcs/0",
		"missing required key \"VpcId\""},
	    {"[{'Vpcs': []}]", 1, 1, NULL,
		"expected a JSON object with describe-* keys (Vpcs, Subnets, "
		"...) at the top level, got an array"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_bad(&cases[i]);
}

/*
 * A \u escape of a lone UTF-16 surrogate is valid JSON syntax (RFC 8259
 * section 8.2) that cJSON cannot decode.  The user must still be told where
 * it is.
 */
static void
test_lone_surrogate_located(void **state)
{
	struct ld *x = *state;
	const struct vs_diag *dg;

	feed(x, "t/u.json",
	    "{'Vpcs': [\n  {'VpcId': 'vpc-\\ud800', 'CidrBlock': "
	    "'10.0.0.0/16'}]}");
	assert_int_equal(done(x), -1);
	dg = vs_diags_get(x->d, 0);
	assert_non_null(dg);
	assert_int_equal(dg->sev, VS_SEV_ERR);
	assert_int_equal(dg->line, 2);
}

/*
 * An empty folder (a region with nothing in it, or an empty snapshot) is
 * no error: it just adds nothing.  Kept last in main(): under UBSan a
 * failure here aborts the program.
 */
static void
test_empty_folders(void **state)
{
	char root[] = "/tmp/vs-test-load-XXXXXX";
	struct vs_diags *d = vs_diags_new();
	struct vs_load_stats st;
	struct vs_topo *t;

	(void)state;
	assert_non_null(mkdtemp(root));
	mkdirs(root, "accounts/111111111111/us-east-1");
	mkdirs(root, "accounts/111111111111/eu-west-1");
	write_file(root, "vpcs.json",
	    "{'Vpcs': [{'VpcId': 'vpc-1', 'CidrBlock': '10.0.0.0/16'}]}");
	t = vs_snapshot_load(root, d, &st);
	assert_non_null(t);
	assert_int_equal(st.files, 1);
	assert_int_equal(vs_diags_count(d), 0);
	vs_topo_free(&t);
	rm_rf(root);
	vs_diags_free(&d);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_vpc),
	    T(test_subnet),
	    T(test_eni),
	    T(test_reservations),
	    T(test_eni_both_views_instances_first),
	    T(test_eni_both_views_enis_first),
	    T(test_sg_peers),
	    T(test_sgr_replaces_permissions),
	    T(test_sgr_before_groups),
	    T(test_sgr_warning_location),
	    T(test_nacl),
	    T(test_route_targets),
	    T(test_dangling_route_and_eni),
	    T(test_gateways),
	    T(test_pcx_two_views),
	    T(test_pcx_two_views_reversed),
	    T(test_prefix_lists),
	    T(test_entries_without_list),
	    T(test_vpc_endpoints),
	    T(test_transit_gateway),
	    T(test_transit_gateway_other_order),
	    T(test_pages_merge),
	    T(test_identical_duplicates),
	    T(test_conflicting_duplicate),
	    T(test_id_used_by_two_kinds),
	    T(test_unmodelled_keys),
	    T(test_snapshot_folder),
	    T(test_late_location),
	    T(test_located_errors),
	    T(test_lone_surrogate_located),
	    T(test_empty_folders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
