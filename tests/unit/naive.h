/*
 * naive.h - a deliberately simple reference for vpcsim's packet walk.
 *
 * DOC: naive_trace() answers the same question as vs_trace_run(), written
 * from docs/trace.md alone: linear scans by id over the topology's arrays
 * (it ignores every derived index), network ACL entries sorted by its own
 * insertion sort, security group rules tried one by one, longest prefix by
 * scanning every route, and a reply's client port range held as a
 * 65536-bit map.  It covers what gen_topo.c generates: interfaces,
 * instances, security groups, network ACLs, route tables, internet
 * gateways, NAT gateways and peering; anything else (transit gateways,
 * endpoints, prefix lists, appliances) answers `unknown` with
 * UNSUPPORTED_COMPONENT so that a comparison flags it.
 */
#ifndef NAIVE_H
#define NAIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "eval.h"
#include "topo.h"

#define NAIVE_MAX_RANGES 64

struct naive_result {
	bool valid; /* false: the query is refused (usage error) */
	enum vs_verdict verdict;
	/* the blocking hop (unreachable, unknown, partial) */
	bool in_reply;
	enum vs_comp comp;
	const char *id;
	enum vs_reason reason;
	uint32_t rule; /* network ACL rule number, else 0 */
	const char *missing;
	/* partial: the client ports that do not get through */
	struct vs_prange blocked[NAIVE_MAX_RANGES];
	uint32_t n_blocked;
	/* through a NAT gateway: the blocked NAT gateway ports (1024-65535
	 * between the NAT gateway and the far side) and the blocked client
	 * ports; blocked[] holds the client's when any, else the NAT's */
	struct vs_prange nat_blocked[NAIVE_MAX_RANGES];
	uint32_t n_nat_blocked, n_client_blocked;
	/* an inbound rule naming a group the snapshot lacks was passed over
	 * because the packet no longer carried its sender's private address */
	bool sg_ref_ignored;
	char trail[4096]; /* the walk, one hop per line, for reports */
};

/* Returns 0 (out->valid true) or -1 for a refused query. */
int naive_trace(const struct vs_topo *t, const struct vs_query *q,
    struct naive_result *out);

#endif
