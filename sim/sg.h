/*
 * sg.h - security group evaluation: a union of allows.
 *
 * DOC: security groups have no order and no deny.  A packet leaving
 * (egress) or entering (ingress) an interface is allowed when any rule of
 * any group on the interface allows it: protocol (-1 = all, and a protocol
 * other than TCP/UDP/ICMP ignores ports), destination port range for
 * TCP/UDP, ICMP type and code (-1 = any), and the peer: an IPv4/IPv6 CIDR,
 * a prefix list's current entries, or a referenced group, which matches
 * the *private* addresses of interfaces in that group and only when the
 * packet still carries its sender's identity (not after a NAT gateway, an
 * internet gateway, or a middlebox).
 *
 * A rule whose peer the snapshot cannot resolve (a group or prefix list it
 * does not describe), or a group on the interface that is missing, can
 * neither be counted as an allow nor ignored: if no resolvable rule
 * allows the packet, the answer is `unknown`, naming the missing id.
 */
#ifndef VS_SG_H
#define VS_SG_H

#include <stdbool.h>

#include "pkt.h"
#include "topo.h"

enum vs_sg_result { VS_SG_ALLOW, VS_SG_DENY, VS_SG_UNKNOWN };

struct vs_sg_res {
	enum vs_sg_result result;
	vs_idx group;                  /* group holding the deciding rule */
	const struct vs_sg_rule *rule; /* allowing (or unresolvable) rule */
	const char *missing;           /* id the snapshot lacks (unknown) */
	bool no_rules; /* deny, and the groups have no rule in that direction */
};

/*
 * Evaluate the groups of interface eni for packet p.  sender: for
 * ingress, the interface that sent the packet when referenced-group rules
 * may match it (identity preserved), else VS_NONE.
 */
struct vs_sg_res vs_sg_eval(const struct vs_topo *t, vs_idx eni, bool egress,
    const struct vs_pkt *p, vs_idx sender);

/* Does one rule match protocol and port/type (ignoring the peer)? */
bool vs_sg_rule_matches_proto(const struct vs_sg_rule *r,
    const struct vs_pkt *p);

#endif
