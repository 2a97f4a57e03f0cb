/*
 * test_bounds.c - resource bounds: a big security group on many
 * interfaces loads and traces in memory linear in the snapshot, and a
 * trace's scratch memory does not grow with the number of interfaces.
 *
 * The snapshot is generated: one VPC, one /16 subnet, N_ENI interfaces
 * that all carry sg-0big, and sg-0big with N_RULES ingress rules (one port
 * each, from one /32 each) plus one rule that references sg-0big itself,
 * so a trace between two members must resolve group membership among
 * N_ENI interfaces.  Memory is measured with vs_arena_used() and asserted
 * against generous linear bounds; times are measured and printed, never
 * asserted (the machine may be busy).
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
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "eval.h"
#include "load.h"
#include "topo.h"

#define N_RULES 1000u
#define N_ENI   5000u
#define N_TRACE 2000u

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The address of interface i: 10.1.x.y, never .0-.3 or .255. */
static void
eni_addr(unsigned i, char *buf, size_t n)
{
	snprintf(buf, n, "10.1.%u.%u", i / 250u, i % 250u + 4u);
}

static char *
snapshot_json(size_t *len)
{
	char *buf = NULL, a[32];
	FILE *f = open_memstream(&buf, len);
	unsigned i;

	assert_non_null(f);
	fprintf(f,
	    "{\"Vpcs\": [{\"VpcId\": \"vpc-0big\", \"CidrBlock\": "
	    "\"10.1.0.0/16\"}],\n"
	    "\"Subnets\": [{\"SubnetId\": \"subnet-0big\", \"VpcId\": "
	    "\"vpc-0big\", \"CidrBlock\": \"10.1.0.0/16\", "
	    "\"AvailabilityZone\": \"us-east-1a\"}],\n"
	    "\"SecurityGroups\": [{\"GroupId\": \"sg-0big\", "
	    "\"VpcId\": \"vpc-0big\", \"IpPermissions\": [\n"
	    "{\"IpProtocol\": \"tcp\", \"FromPort\": 443, \"ToPort\": 443, "
	    "\"UserIdGroupPairs\": [{\"GroupId\": \"sg-0big\"}]}");
	for (i = 0; i < N_RULES; i++)
		fprintf(f,
		    ",\n{\"IpProtocol\": \"tcp\", \"FromPort\": %u, "
		    "\"ToPort\": "
		    "%u, \"IpRanges\": [{\"CidrIp\": \"10.2.%u.%u/32\"}]}",
		    1000u + i, 1000u + i, i / 250u, i % 250u);
	fprintf(f, "],\n\"IpPermissionsEgress\": [{\"IpProtocol\": \"-1\", "
		   "\"IpRanges\": [{\"CidrIp\": \"0.0.0.0/0\"}]}]}],\n"
		   "\"NetworkInterfaces\": [");
	for (i = 0; i < N_ENI; i++) {
		eni_addr(i, a, sizeof(a));
		fprintf(f,
		    "%s\n{\"NetworkInterfaceId\": \"eni-%05u\", \"SubnetId\": "
		    "\"subnet-0big\", \"VpcId\": \"vpc-0big\", "
		    "\"PrivateIpAddress\": \"%s\", \"Groups\": [{\"GroupId\": "
		    "\"sg-0big\"}]}",
		    i ? "," : "", i, a);
	}
	fprintf(f, "],\n\"RouteTables\": [{\"RouteTableId\": \"rtb-0big\", "
		   "\"VpcId\": \"vpc-0big\", \"Associations\": [{\"Main\": "
		   "true}], \"Routes\": [{\"DestinationCidrBlock\": "
		   "\"10.1.0.0/16\", \"GatewayId\": \"local\"}]}]}\n");
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void
test_big_group_many_interfaces(void **state)
{
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *t = vs_topo_new();
	struct vs_loader *l = vs_loader_new(t, d);
	struct vs_arena *scratch = vs_arena_new();
	struct vs_arena_mark mark = vs_arena_mark(scratch);
	size_t len, topo_used, peak = 0, bound;
	uint32_t g;
	char *json = snapshot_json(&len);
	double t0, t_load, t_trace;
	unsigned i, counts[VS_VERDICT__COUNT] = {0};

	(void)state;
	t0 = now();
	assert_int_equal(vs_loader_text(l, json, len, "big.json"), 0);
	assert_int_equal(vs_loader_done(&l, NULL), 0);
	t_load = now() - t0;
	free(json);
	assert_int_equal(vs_topo_count(t, VS_K_ENI), N_ENI);
	g = (uint32_t)vs_topo_find_kind(t, VS_K_SG, "sg-0big");
	assert_true(g != VS_NONE);
	assert_int_equal(t->sgs[g].n_rules, N_RULES + 2u);

	/* The topology: well under 2 KiB per interface and 1 KiB per rule
	 * (what one interface and one rule take is a few hundred bytes). */
	topo_used = vs_arena_used(t->arena);
	bound = (size_t)N_ENI * 2048u + (size_t)N_RULES * 1024u + (1u << 20);
	printf("# %u rules, %u interfaces: %zu bytes of JSON loaded in "
	       "%.3f s; topology arena %zu bytes (%.0f per interface), bound "
	       "%zu\n",
	    N_RULES, N_ENI, len, t_load, topo_used, (double)topo_used / N_ENI,
	    bound);
	assert_true(topo_used < bound);

	/* Traces between members: 443 is allowed by the self-reference,
	 * the ports of the CIDR rules are not (the sources are not those
	 * /32s), so every rule is looked at. */
	t0 = now();
	for (i = 0; i < N_TRACE; i++) {
		struct vs_query q;
		struct vs_trace tr;
		char from[16], to[16], err[256];
		size_t used;

		snprintf(from, sizeof(from), "eni-%05u", (i * 7919u) % N_ENI);
		snprintf(to, sizeof(to), "eni-%05u",
		    (i * 7919u + 1u + i % 97u) % N_ENI);
		memset(&q, 0, sizeof(q));
		q.from = from;
		q.to = to;
		q.proto = 6;
		q.port = i % 2 ? 443 : (int)(1000u + i % N_RULES);
		q.src_port = q.icmp_type = q.icmp_code = -1;
		if (vs_trace_run(t, &q, scratch, &tr, err, sizeof(err)) != 0)
			fail_msg("%s -> %s: %s", from, to, err);
		counts[tr.verdict]++;
		if (i % 2)
			assert_int_equal(tr.verdict, VS_REACHABLE);
		else
			assert_int_equal(tr.verdict, VS_UNREACHABLE);
		used = vs_arena_used(scratch);
		if (used > peak)
			peak = used;
		vs_arena_reset(scratch, mark);
	}
	t_trace = now() - t0;
	printf("# %u traces in %.3f s (%.1f us each): reachable %u, "
	       "unreachable %u; scratch peak %zu bytes\n",
	    N_TRACE, t_trace, t_trace * 1e6 / N_TRACE, counts[VS_REACHABLE],
	    counts[VS_UNREACHABLE], peak);
	/* A trace's scratch holds its hops, not the group's members or
	 * rules: far below one byte per interface and rule each. */
	assert_true(peak < 256u * 1024u);

	vs_arena_free(&scratch);
	vs_topo_free(&t);
	vs_diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_big_group_many_interfaces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
