/*
 * nacl.h - network ACL evaluation: first match by rule number.
 *
 * DOC: a NACL is stateless and ordered.  The entries of one direction are
 * walked in ascending RuleNumber (vs_topo_finish sorts them; file order
 * never matters) and the first entry that matches the packet decides,
 * allow or deny.  An entry matches when its address family is the
 * packet's, its CIDR holds the peer address (the source for inbound
 * rules, the destination for outbound ones), its protocol is -1 or the
 * packet's, and, for TCP/UDP, its port range holds the packet's
 * destination port, or for ICMP its type and code match (-1 = any).
 * Nothing matching means the implicit deny, shown as rule 32767 (IPv4) or
 * 32768 (IPv6), whether or not the JSON lists that entry.
 */
#ifndef VS_NACL_H
#define VS_NACL_H

#include <stdbool.h>

#include "pkt.h"

struct vs_nacl;
struct vs_nacl_entry;

struct vs_nacl_res {
	bool allow;
	const struct vs_nacl_entry *entry; /* NULL: the implicit deny */
	uint32_t rule;                     /* deciding rule number */
};

/* Decide one packet; peer is the source (ingress) or destination (egress). */
struct vs_nacl_res vs_nacl_eval(const struct vs_nacl *n, bool egress,
    const struct vs_pkt *p, const struct vs_addr *peer);

/* One piece of a port range and the rule that decided it. */
struct vs_nacl_piece {
	struct vs_prange ports;
	struct vs_nacl_res res;
};

/*
 * Decide a TCP/UDP packet for every destination port in `ports` at once:
 * fills up to max pieces, in port order, that together cover the set.
 * Returns the number of pieces.
 */
unsigned vs_nacl_eval_ports(const struct vs_nacl *n, bool egress, int proto,
    const struct vs_addr *peer, const struct vs_pset *ports,
    struct vs_nacl_piece *out, unsigned max);

/* The implicit deny's rule number for an address family. */
static inline uint32_t
vs_nacl_implicit_rule(int af)
{
	return af == VS_AF6 ? 32768u : 32767u;
}

#endif
