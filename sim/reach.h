/*
 * reach.h - exhaustive questions: who can reach X, on what (`reach`), and
 * which flows a change alters (`diff`).
 *
 * DOC: the walk decides one packet; these questions need every port and
 * every source.  Ports are not tried one by one: along one path only the
 * security groups and network ACLs look at the port, so the port range
 * splits into intervals at their rules' boundaries, and one trace per
 * interval decides the whole interval.  vs_reach_pair() starts from the
 * whole range, traces one port per interval, collects the rules the
 * traces consulted, splits at their boundaries, and repeats until no trace
 * reveals a rule not seen yet.  The reply does not depend on the request's
 * destination port (network ACLs match the reply's destination port, the
 * client's; groups pass it as tracked), except through ICMP's reply types,
 * which get intervals of their own.
 *
 * Internet sources are not one host but classes of addresses: the address
 * space splits at the boundaries of every CIDR the destination's groups
 * and subnet network ACL name (private, shared and special-use ranges are
 * left out: they never cross an internet gateway), and one representative
 * of each class is traced.  Classes with the same answer are merged and
 * printed as CIDR blocks.
 */
#ifndef VS_REACH_H
#define VS_REACH_H

#include <stdbool.h>
#include <stdint.h>

#include "eval.h"
#include "topo.h"

struct vs_arena;

/* Verdicts over a port (or ICMP type) range, in order, adjacent pieces
 * with different verdicts. */
struct vs_pmap_iv {
	struct vs_prange r;
	enum vs_verdict v;
};
struct vs_pmap {
	uint32_t n;
	struct vs_pmap_iv *iv;
	uint32_t traces; /* traces it took */
};

/*
 * Verdict of every destination port (ICMP: type, code 0) from `from` to
 * `to` over protocol proto.  Returns 0, or -1 with a message when the
 * endpoints are not valid (as vs_trace_run).  Allocates from a.
 */
int vs_reach_pair(const struct vs_topo *t, const char *from, const char *to,
    int proto, bool ipv6, struct vs_arena *a, struct vs_pmap *out, char *err,
    size_t errlen);

/* One answer row: a source, a protocol, a verdict and its ports. */
struct vs_reach_row {
	const char *from; /* interface id, or "internet" */
	const char *from_desc;
	bool ipv6;               /* over the interfaces' IPv6 addresses */
	struct vs_prefix *cidrs; /* internet: the source classes */
	uint32_t n_cidrs;
	/* the internet's other classes, not in this row; none: the row is
	 * every internet host of its family (IPv6: outside the snapshot's
	 * VPCs) */
	struct vs_prefix *except;
	uint32_t n_except;
	bool all_internet;
	int proto;
	enum vs_verdict verdict;
	struct vs_prange *ports;
	uint32_t n_ports;
};

struct vs_reach {
	const char *to, *to_desc;
	struct vs_reach_row *rows;
	uint32_t n_rows;
	uint64_t traces;
};

/*
 * Everything that reaches `to`: every interface of the snapshot (or only
 * `from` when not NULL) and every internet address class, for TCP, UDP and
 * ICMP over IPv4 (the internet: when `to` has a public address), and for
 * TCP, UDP and ICMPv6 over IPv6 when `to` (and, for an interface, the
 * source) has an IPv6 address.  Rows are reachable, partial or unknown
 * (unreachable ports are not listed).  Returns 0, or -1 with a message.
 */
int vs_reach_run(const struct vs_topo *t, const char *to, const char *from,
    struct vs_arena *a, struct vs_reach *out, char *err, size_t errlen);

/* Do these blocks cover exactly every public IPv4 address (the whole
 * space minus the ranges that never cross an internet gateway)? */
bool vs_reach_all_internet(const struct vs_prefix *c, uint32_t n);

/* One flow class whose verdict a change alters. */
struct vs_diff_row {
	const char *from, *to;   /* interface ids, "internet", or the public
				    address of an interface */
	const char *to_eni;      /* to is a public address: its interface */
	bool ipv6;               /* between the interfaces' IPv6 addresses,
				    or with IPv6 internet hosts */
	struct vs_prefix *cidrs; /* the internet side's classes */
	uint32_t n_cidrs;
	struct vs_prefix *except; /* as in struct vs_reach_row */
	uint32_t n_except;
	bool all_internet;
	int proto;
	struct vs_prange ports;
	enum vs_verdict before, after;
};

struct vs_diff {
	struct vs_diff_row *rows;
	uint32_t n_rows;
	uint32_t affected; /* interfaces whose flows were compared */
	uint64_t traces;
};

/*
 * Compare two finished topologies (before and after a change; after must
 * be a clone of before, so indexes line up) and list every flow class
 * whose verdict differs.  Only interfaces the change can affect are
 * examined, with every partner and the internet, both ways.
 */
int vs_diff_run(const struct vs_topo *before, const struct vs_topo *after,
    struct vs_arena *ar, struct vs_diff *out, char *err, size_t errlen);

#endif
