/*
 * eval.h - the packet walk: a hypothetical packet and its reply, hop by
 * hop, with the rule behind every decision.
 *
 * DOC: vs_trace_run() resolves the two endpoints, walks the request from
 * the source (security group egress, route, network ACL out, next hop,
 * network ACL in, security group ingress), then, if the request is
 * delivered, walks the reply back from the destination: routes are looked
 * up again from the replying side, security groups let the reply through
 * because they track the connection, and both network ACLs are evaluated
 * again over the client's whole ephemeral port range.  The verdict is
 * reachable, unreachable, partial (the reply passes for part of the client
 * range only: connections fail at random), or unknown (the snapshot lacks
 * something a decision needs; the hop names it).
 *
 * Evaluation is a pure function of the topology and the query; it
 * allocates only from the caller's scratch arena, so a caller can run
 * millions of traces with one arena and a mark.
 */
#ifndef VS_EVAL_H
#define VS_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ip.h"
#include "pkt.h"
#include "topo.h"

struct vs_arena;
struct vs_sg_rule;
struct vs_nacl_entry;
struct vs_route;

enum vs_verdict {
	VS_REACHABLE,
	VS_UNREACHABLE,
	VS_PARTIAL,
	VS_UNKNOWN,
	VS_VERDICT__COUNT
};
extern const char *const vs_verdict_names[VS_VERDICT__COUNT];

/* Components a hop can name (DESIGN.md section 4). */
enum vs_comp {
	VS_C_ENI,      /* network-interface */
	VS_C_SG,       /* security-group */
	VS_C_NACL,     /* network-acl */
	VS_C_RTB,      /* route-table */
	VS_C_IGW,      /* internet-gateway */
	VS_C_EIGW,     /* egress-only-internet-gateway */
	VS_C_NATGW,    /* nat-gateway */
	VS_C_PCX,      /* vpc-peering */
	VS_C_TGW,      /* transit-gateway */
	VS_C_VPCE,     /* vpc-endpoint */
	VS_C_INTERNET, /* an internet host */
	VS_C_SERVICE,  /* an AWS service behind an endpoint or link-local */
	VS_C__COUNT
};
extern const char *const vs_comp_names[VS_C__COUNT];

enum vs_act {
	VS_A_ALLOW,
	VS_A_DENY,
	VS_A_FORWARD,
	VS_A_DROP,
	VS_A_TRANSLATE,
	VS_A_DELIVER,
	VS_A_UNKNOWN,
	VS_A_PARTIAL, /* a NACL that passes part of a reply's port range */
	VS_A__COUNT
};
extern const char *const vs_act_names[VS_A__COUNT];

/* Why a hop stopped the packet: Reachability Analyzer codes where one
 * fits, vpcsim's own otherwise (docs/reasons.md lists them all). */
enum vs_reason {
	VS_R_NONE,
	VS_R_ENI_SG_RULES_MISMATCH,
	VS_R_SG_HAS_NO_RULES,
	VS_R_SUBNET_ACL_RESTRICTION,
	VS_R_NO_ROUTE_TO_DESTINATION,
	VS_R_BAD_STATE_ROUTE,
	VS_R_BAD_STATE,
	VS_R_IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS,
	VS_R_IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS,
	VS_R_IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS,
	VS_R_IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS,
	VS_R_IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS,
	VS_R_IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS,
	VS_R_ENI_SOURCE_DEST_CHECK_RESTRICTION,
	VS_R_PCX_REQUIRES_ADDRESS_IN_VPC_CIDR,
	VS_R_NGW_REQUIRES_SOURCE_IN_VPC,
	VS_R_PROTOCOL_RESTRICTION,
	VS_R_VPCE_GATEWAY_PROTOCOL_RESTRICTION,
	VS_R_TGW_ROUTE_AZ_RESTRICTION,
	VS_R_TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION,
	VS_R_TGW_RTB_CANNOT_ROUTE,
	VS_R_TGW_RTB_BAD_STATE_ROUTE,
	VS_R_VPC_BLOCK_PUBLIC_ACCESS_ENABLED,
	VS_R_NO_POSSIBLE_DESTINATION,
	VS_R_UNKNOWN_RESOURCE,
	VS_R_UNSUPPORTED_COMPONENT,
	VS_R_AMBIGUOUS_ROUTE,         /* vpcsim */
	VS_R_NGW_INBOUND_CONNECTION,  /* vpcsim */
	VS_R_ASYMMETRIC_RETURN_PATH,  /* vpcsim */
	VS_R_INSTANCE_NOT_RUNNING,    /* vpcsim */
	VS_R_EIGW_INBOUND_CONNECTION, /* vpcsim */
	VS_R_ROUTING_LOOP,            /* vpcsim */
	VS_R__COUNT
};
extern const char *const vs_reason_names[VS_R__COUNT];

enum vs_dir { VS_DIR_NONE, VS_DIR_INGRESS, VS_DIR_EGRESS };

/* How a hop decided, for renderers. */
enum vs_rulekind {
	VS_RK_NONE,
	VS_RK_SG,    /* sg_rule (allow) or none matched */
	VS_RK_NACL,  /* nacl_entry, NULL = implicit deny */
	VS_RK_ROUTE, /* route, NULL = no route */
	VS_RK_TGWROUTE,
	VS_RK_TRACKED /* stateful reply: no rule consulted */
};

/* One decided piece of a reply's port range at a network ACL. */
struct vs_hop_ports {
	struct vs_prange ports;
	bool allow;
	const struct vs_nacl_entry *entry; /* NULL = implicit */
	uint32_t rule;
};

struct vs_hop {
	enum vs_comp comp;
	const char *id; /* the component's id (for SGs: the interface) */
	vs_idx obj;     /* SG hop: the interface; NACL hop: the ACL */
	enum vs_dir dir;
	enum vs_act action;
	enum vs_reason reason; /* VS_R_NONE unless it stopped the packet */
	enum vs_rulekind rk;
	const struct vs_sg_rule *sg_rule;
	const char *sg_group;      /* group holding sg_rule */
	const char *const *groups; /* SG hop: every group evaluated */
	uint32_t n_groups;
	const struct vs_nacl_entry *nacl_entry;
	uint32_t nacl_rule; /* deciding rule number (implicit: 32767/8) */
	const struct vs_route *route;
	const char *route_dst;   /* matched destination text, NULL if none */
	const char *target;      /* route target id */
	const char *missing;     /* unknown: the id the snapshot lacks */
	const char *detail;      /* one line for people */
	struct vs_addr src, dst; /* the packet's addresses here */
	/* a NACL hop on a reply: how the client range was decided */
	struct vs_hop_ports *ports;
	uint32_t n_ports;
};

struct vs_leg {
	bool walked; /* false: not evaluated (the return of a blocked
			request) */
	bool delivered;
	bool unknown;
	bool partial; /* delivered for part of the port range only */
	struct vs_hop *hops;
	uint32_t n_hops;
	size_t cap_hops;
	int blocked; /* index of the hop that stopped it, or -1 */
	/* reply: the client ports that do not get through */
	struct vs_prange *blocked_ports;
	uint32_t n_blocked_ports;
	const char *ports_note; /* which port domain blocked_ports is in */
};

struct vs_query {
	const char *from, *to; /* endpoints as given */
	int proto;             /* 0..255 (not -1) */
	int port;              /* destination port, -1 when not given */
	int src_port;          /* --src-port, -1 when not given */
	bool has_client_ports;
	struct vs_prange client_ports;
	int icmp_type, icmp_code; /* -1 when not given */
	bool ipv6;                /* use IPv6 addresses of interfaces */
	bool quiet; /* bulk callers (reach, diff, benchmarks): leave the
		       text for people (hop details, endpoint descriptions)
		       NULL; verdicts, hops and reasons are the same */
};

struct vs_trace {
	struct vs_query q;
	enum vs_verdict verdict;
	struct vs_leg fwd, ret;
	const char *note; /* e.g. "ICMP type 3 has no reply" */
	/* resolved endpoints */
	struct vs_addr src, dst;
	vs_idx src_eni, dst_eni; /* VS_NONE for internet hosts */
	const char *src_desc, *dst_desc;
	struct vs_prange client; /* the client ports assumed */
	const char *client_why;  /* "Linux instance i-...", ... */
	bool has_ports;          /* TCP/UDP */
	bool unfiltered;         /* DNS/IMDS/Time Sync: nothing filters */
};

/*
 * Run one trace.  Returns 0 with *out filled (allocated from scratch), or
 * -1 with a message in err when the query is not valid (an endpoint the
 * snapshot does not know, a missing port): a usage error, not a verdict.
 */
int vs_trace_run(const struct vs_topo *t, const struct vs_query *q,
    struct vs_arena *scratch, struct vs_trace *out, char *err, size_t errlen);

/* The reply's ICMP type for a request type, or -1 when there is none. */
int vs_icmp_reply_type(int proto, int type);

#endif
