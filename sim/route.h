/*
 * route.h - route selection in VPC and transit gateway route tables.
 *
 * DOC: vs_rt_lookup() is the one longest-prefix match for subnet route
 * tables.  The longest matching prefix wins whatever the route's kind (a
 * prefix-list route counts with the length of the list entry that holds
 * the address); between equal lengths a static route beats a prefix-list
 * route, which beats a propagated one.  Two prefix-list routes of the same
 * length with different targets are ambiguous (AWS picks one at random and
 * sticks to it).  A route whose prefix list the snapshot lacks could be
 * the winner for any address outside the VPC, so such a lookup is
 * `unknown` unless a local route settles it (nothing can be more specific
 * than a VPC's local route except a whole-subnet route).  Blackhole routes
 * take part in the match and drop what they win.  Route tables are small
 * (50 routes by default, 1,000 at most), so a linear scan is as fast as
 * anything and explains itself.
 */
#ifndef VS_ROUTE_H
#define VS_ROUTE_H

#include "ip.h"
#include "topo.h"

enum vs_rt_status {
	VS_RT_FOUND,
	VS_RT_NONE,     /* no route matches */
	VS_RT_UNKNOWN,  /* an unresolvable prefix list could match */
	VS_RT_AMBIGUOUS /* equal prefix-list routes, different targets */
};

struct vs_rt_res {
	enum vs_rt_status status;
	const struct vs_route *route; /* the winner (FOUND) */
	unsigned len;                 /* its matched prefix length */
	const char *missing;          /* UNKNOWN: the prefix list id */
	const struct vs_route *other; /* AMBIGUOUS: the competitor */
};

struct vs_rt_res vs_rt_lookup(const struct vs_topo *t, const struct vs_rtb *rt,
    const struct vs_addr *dst);

struct vs_tgw_rt_res {
	enum vs_rt_status status;
	const struct vs_tgw_route *route; /* static or listed route, or NULL
					     for a derived propagated one */
	vs_idx attach;        /* target attachment (VS_NONE: blackhole) */
	struct vs_prefix dst; /* matched destination */
	bool propagated, blackhole;
	const char *missing;
};

/*
 * Look dst up in a transit gateway route table: its listed routes, plus
 * routes propagated from attachments (each attached VPC's CIDRs) when the
 * listing holds no propagated routes itself.
 */
struct vs_tgw_rt_res vs_tgw_rt_lookup(const struct vs_topo *t,
    const struct vs_tgw_rtb *r, const struct vs_addr *dst);

#endif
