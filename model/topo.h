/*
 * topo.h - the in-memory topology: every resource vpcsim models.
 *
 * DOC: a topology is a set of arrays, one per resource type, all allocated
 * from one arena that the topology owns.  Objects refer to each other twice:
 * by the AWS id as written in the snapshot (the *_id strings; what changes
 * edit) and by array index (the vs_idx fields, VS_NONE when the id names
 * nothing in the snapshot), which vs_topo_finish() derives from the ids and
 * which evaluation uses.  Indexes (Judy) map id -> object, address -> ENI
 * (per VPC, and public addresses globally), address -> subnet (per VPC) and
 * instance -> ENIs.
 *
 * Life cycle: vs_topo_new(), fill (model/load.c, model/change.c), then
 * vs_topo_finish().  After that the topology is read-only; everything it
 * returns is borrowed and lives as long as the topology.  To edit again,
 * vs_topo_clone() a copy, edit the copy's id fields, and finish it again.
 */
#ifndef VS_TOPO_H
#define VS_TOPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ip.h"
#include "judy.h"

struct vs_arena;
struct vs_diags;

typedef uint32_t vs_idx;
#define VS_NONE ((vs_idx)0xffffffffu)

/* Marks a value of the id index as set (kind 0, index 0 would be 0). */
#define VS_ID_PRESENT ((uintptr_t)1 << 62)
/* The kind recorded in a value of the id index. */
#define VS_ID_KIND(v) ((unsigned)(((v) & ~VS_ID_PRESENT) >> 32))

/* Resource types.  The order is the order of `validate` counts. */
enum vs_kind {
	VS_K_VPC,
	VS_K_SUBNET,
	VS_K_ENI,
	VS_K_INSTANCE,
	VS_K_SG,
	VS_K_NACL,
	VS_K_RTB,
	VS_K_IGW,
	VS_K_EIGW,
	VS_K_NATGW,
	VS_K_PCX,
	VS_K_PL,
	VS_K_VPCE,
	VS_K_TGW,
	VS_K_TGW_ATTACH,
	VS_K_TGW_RTB,
	VS_K__COUNT
};
/* "vpc", "subnet", "network-interface", ... (stable; used in JSON). */
extern const char *const vs_kind_names[VS_K__COUNT];

/* Where an object was read from: file and JSON pointer. */
struct vs_origin {
	const char *file;
	const char *path;
};

/* ---- VPC ---- */
struct vs_vpc {
	const char *id, *owner, *state;
	bool is_default;
	struct vs_prefix *cidrs; /* associated IPv4 and IPv6 blocks */
	uint32_t n_cidrs;
	/* VPC Block Public Access as seen on the VPC (0 off, 1
	 * block-bidirectional, 2 block-ingress). */
	uint8_t bpa;
	struct vs_origin at;
	/* derived */
	vs_idx main_rtb, default_nacl;
	vs_idx igw, eigw;    /* attached gateways, VS_NONE when none */
	struct vs_lmap eni4; /* private IPv4 -> ENI index + 1 */
	struct vs_hmap eni6; /* IPv6 (16 bytes) -> ENI index + 1 */
	struct vs_lmap sub4; /* subnet IPv4 start -> subnet index + 1 */
	vs_idx *subnets;     /* subnets of this VPC */
	uint32_t n_subnets;
};

/* ---- subnet ---- */
enum vs_how {
	VS_HOW_NONE,     /* nothing applies */
	VS_HOW_EXPLICIT, /* an association names the subnet */
	VS_HOW_MAIN,     /* route table: the VPC's main table */
	VS_HOW_DEFAULT   /* NACL: the VPC's default NACL (no association) */
};

struct vs_subnet {
	const char *id, *vpc_id, *owner, *az, *az_id, *state;
	bool has_cidr4;
	struct vs_prefix cidr4;
	struct vs_prefix *cidr6;
	uint32_t n_cidr6;
	uint8_t bpa;
	struct vs_origin at;
	/* derived */
	vs_idx vpc, nacl, rtb;
	enum vs_how nacl_how, rtb_how;
	const char *nacl_assoc, *rtb_assoc; /* association ids */
};

/* ---- network interface ---- */
struct vs_eni_ip {
	struct vs_addr priv;
	bool primary;
	bool has_public;
	struct vs_addr pub;
	const char *pub_owner; /* "amazon" or an account (Elastic IP) */
};

struct vs_eni {
	const char *id, *subnet_id, *vpc_id, *owner, *type, *status, *desc;
	bool requester_managed;
	bool src_dst_check;
	bool deny_igw; /* DenyAllIgwTraffic */
	struct vs_eni_ip *v4;
	uint32_t n_v4;
	struct vs_addr *v6;
	uint32_t n_v6;
	struct vs_prefix *pfx; /* delegated Ipv4Prefixes / Ipv6Prefixes */
	uint32_t n_pfx;
	const char **group_ids;
	uint32_t n_groups;
	const char *instance_id; /* Attachment.InstanceId */
	int device_index;        /* -1 when unknown */
	bool from_instance;      /* only described inside Reservations */
	struct vs_origin at;
	/* derived */
	vs_idx subnet, vpc, instance;
	vs_idx *groups; /* n_groups entries, VS_NONE when not described */
};

/* ---- instance ---- */
struct vs_instance {
	const char *id, *state, *platform, *subnet_id, *vpc_id;
	bool windows;
	const char **eni_ids;
	uint32_t n_eni_ids;
	struct vs_origin at;
	/* derived */
	vs_idx *enis; /* sorted by device index; [0] is the primary */
	uint32_t n_enis;
};

/* ---- security group ---- */
enum vs_peer_kind {
	VS_PEER_CIDR, /* IPv4 or IPv6 prefix */
	VS_PEER_PL,   /* managed prefix list */
	VS_PEER_SG    /* referenced security group */
};

struct vs_sg_rule {
	bool egress;
	int proto; /* VS_PROTO_ALL or 0..255 */
	/* Ports (tcp/udp) or ICMP type (from) and code (to); -1 = all. */
	int32_t from, to;
	bool has_ports; /* FromPort/ToPort were given */
	enum vs_peer_kind kind;
	struct vs_prefix cidr;
	const char *ref;      /* pl-... or sg-... */
	const char *ref_user; /* account of a referenced group */
	const char *ref_vpc, *ref_pcx;
	const char *rule_id; /* sgr-... when known */
	const char *desc;
	/* position in the snapshot: IpPermissions index and index of the
	 * peer inside it (or the SecurityGroupRules index) */
	uint32_t perm, peer;
	/* where a rule from SecurityGroupRules was read (NULL for rules of
	 * IpPermissions, located through their group) */
	const struct vs_origin *at;
	/* derived: index of the prefix list or group, VS_NONE if unknown */
	vs_idx ref_idx;
};

struct vs_sg {
	const char *id, *name, *desc, *vpc_id, *owner;
	struct vs_sg_rule *rules;
	uint32_t n_rules;
	bool rules_from_sgr; /* rules came from SecurityGroupRules */
	struct vs_origin at;
	/* derived */
	vs_idx vpc;
};

/* ---- network ACL ---- */
struct vs_nacl_entry {
	uint32_t rule; /* RuleNumber */
	bool egress;
	bool allow;
	int proto;
	struct vs_prefix cidr;
	bool has_ports;
	struct vs_prange ports;
	bool has_icmp;
	int icmp_type, icmp_code; /* -1 = all */
};

struct vs_nacl_assoc {
	const char *id, *subnet_id;
};

struct vs_nacl {
	const char *id, *vpc_id, *owner;
	bool is_default;
	/* sorted by (egress, rule number) by vs_topo_finish() */
	struct vs_nacl_entry *entries;
	uint32_t n_entries;
	struct vs_nacl_assoc *assocs;
	uint32_t n_assocs;
	struct vs_origin at;
	/* derived: first egress entry (entries before it are ingress) */
	uint32_t first_egress;
	vs_idx vpc;
};

/* ---- route table ---- */
enum vs_target {
	VS_TGT_LOCAL,
	VS_TGT_IGW,
	VS_TGT_EIGW,
	VS_TGT_NATGW,
	VS_TGT_PCX,
	VS_TGT_TGW,
	VS_TGT_VPCE,
	VS_TGT_ENI,
	VS_TGT_INSTANCE,
	VS_TGT_VGW,
	VS_TGT_LGW,
	VS_TGT_CGW,
	VS_TGT_CORE,   /* Cloud WAN core network */
	VS_TGT_ODB,    /* Oracle Database@AWS network */
	VS_TGT_IPADDR, /* VPC Route Server next-hop address */
	VS_TGT_OTHER,
	VS_TGT__COUNT
};
extern const char *const vs_target_names[VS_TGT__COUNT];

enum vs_route_state {
	VS_RS_ACTIVE,
	VS_RS_BLACKHOLE,
	VS_RS_FILTERED,
	VS_RS_OTHER
};
enum vs_route_origin {
	VS_RO_TABLE, /* CreateRouteTable */
	VS_RO_ROUTE, /* CreateRoute */
	VS_RO_PROPAGATED,
	VS_RO_ADVERTISED,
	VS_RO_OTHER
};

struct vs_route {
	bool to_pl;           /* DestinationPrefixListId */
	struct vs_prefix dst; /* when !to_pl */
	const char *pl_id;    /* when to_pl */
	enum vs_target target;
	const char *target_id;   /* igw-..., nat-..., "local", ... */
	const char *instance_id; /* InstanceId when given too */
	enum vs_route_state state;
	enum vs_route_origin origin;
	/* derived: target and prefix-list indexes (VS_NONE: not described) */
	vs_idx target_idx, pl_idx;
};

struct vs_rtb_assoc {
	const char *id;
	bool main;
	const char *subnet_id, *gateway_id;
	const char *state; /* AssociationState.State or NULL */
};

struct vs_rtb {
	const char *id, *vpc_id, *owner;
	struct vs_route *routes;
	uint32_t n_routes;
	struct vs_rtb_assoc *assocs;
	uint32_t n_assocs;
	struct vs_origin at;
	vs_idx vpc;
};

/* ---- internet and egress-only internet gateways ---- */
struct vs_gw_attach {
	const char *vpc_id, *state;
};

struct vs_igw {
	const char *id, *owner;
	bool egress_only;
	struct vs_gw_attach *att;
	uint32_t n_att;
	struct vs_origin at;
	/* derived: route table edge-associated with this gateway */
	vs_idx edge_rtb;
};

/* ---- NAT gateway ---- */
struct vs_nat_addr {
	struct vs_addr priv;
	bool has_public;
	struct vs_addr pub;
	const char *eni_id;
	bool primary;
};

struct vs_natgw {
	const char *id, *subnet_id, *vpc_id, *state;
	bool private_nat; /* ConnectivityType private */
	bool regional;    /* AvailabilityMode regional */
	struct vs_nat_addr *addrs;
	uint32_t n_addrs;
	struct vs_origin at;
	vs_idx subnet, vpc, eni;
};

/* ---- VPC peering ---- */
struct vs_pcx_side {
	const char *vpc_id, *owner, *region;
	struct vs_prefix *cidrs; /* IPv4 and IPv6 */
	uint32_t n_cidrs;
	vs_idx vpc;
};

struct vs_pcx {
	const char *id, *status;
	struct vs_pcx_side req, acc;
	struct vs_origin at;
};

/* ---- managed prefix list ---- */
struct vs_pl {
	const char *id, *name, *owner;
	int af;             /* VS_AF4, VS_AF6, or 0 when unknown */
	bool entries_known; /* entries were in the snapshot */
	struct vs_prefix *entries;
	uint32_t n_entries;
	struct vs_origin at;
};

/* ---- VPC endpoint ---- */
struct vs_vpce {
	const char *id, *type, *vpc_id, *service, *state;
	const char **rtb_ids, **subnet_ids, **eni_ids, **group_ids;
	uint32_t n_rtb_ids, n_subnet_ids, n_eni_ids, n_group_ids;
	struct vs_origin at;
	vs_idx vpc;
};

/* ---- transit gateway ---- */
struct vs_tgw {
	const char *id, *owner, *state;
	const char *assoc_rtb_id, *prop_rtb_id; /* default tables */
	bool default_assoc, default_prop;
	bool sg_ref; /* SecurityGroupReferencingSupport enable */
	struct vs_origin at;
};

struct vs_tgw_attach {
	const char *id, *tgw_id, *type, *resource_id, *resource_owner, *state;
	const char *rtb_id; /* associated TGW route table */
	const char *assoc_state;
	const char **subnet_ids;
	uint32_t n_subnet_ids;
	bool appliance_mode, sg_ref, ipv6;
	bool has_vpc_details; /* seen in TransitGatewayVpcAttachments */
	struct vs_origin at;
	vs_idx tgw, rtb, vpc;
	vs_idx *subnets;
};

struct vs_tgw_route {
	bool to_pl;
	struct vs_prefix dst;
	const char *pl_id;
	const char **attach_ids;
	uint32_t n_attach;
	bool propagated;
	bool blackhole;
	const char *state;
	vs_idx pl_idx;
	vs_idx *attach; /* derived */
};

struct vs_tgw_prop {
	const char *attach_id, *state;
};

struct vs_tgw_rtb {
	const char *id, *tgw_id, *state;
	bool default_assoc, default_prop;
	struct vs_tgw_route *routes;
	uint32_t n_routes;
	bool routes_known;     /* any route listing was in the snapshot */
	bool routes_truncated; /* AdditionalRoutesAvailable was true */
	struct vs_tgw_prop *props;
	uint32_t n_props;
	struct vs_origin at;
	vs_idx tgw;
};

/* ---- account-level settings ---- */
struct vs_bpa_excl {
	const char *id, *mode, *resource; /* resource: ARN of VPC or subnet */
	const char *state;
};

/* ---- the topology ---- */
struct vs_topo {
	struct vs_arena *arena;
	struct vs_vpc *vpcs;
	struct vs_subnet *subnets;
	struct vs_eni *enis;
	struct vs_instance *instances;
	struct vs_sg *sgs;
	struct vs_nacl *nacls;
	struct vs_rtb *rtbs;
	struct vs_igw *igws;
	struct vs_igw *eigws;
	struct vs_natgw *natgws;
	struct vs_pcx *pcxs;
	struct vs_pl *pls;
	struct vs_vpce *vpces;
	struct vs_tgw *tgws;
	struct vs_tgw_attach *tgw_attaches;
	struct vs_tgw_rtb *tgw_rtbs;
	uint32_t n[VS_K__COUNT]; /* element counts */
	size_t cap[VS_K__COUNT]; /* capacities while building */
	uint8_t bpa_mode; /* account: 0 off, 1 bidirectional, 2 ingress */
	bool bpa_known;
	struct vs_bpa_excl *bpa_excl;
	uint32_t n_bpa_excl;
	size_t cap_bpa_excl;
	bool finished;
	/* indexes, built by vs_topo_finish() */
	struct vs_smap ids;      /* id -> VS_ID_PRESENT | kind << 32 | index */
	struct vs_lmap pub4;     /* public IPv4 -> ENI index + 1 */
	struct vs_hmap eni6all;  /* IPv6 -> ENI index + 1 (global) */
	struct vs_lmap priv4all; /* private IPv4 -> ENI index + 1, or
				    VS_PRIV_MANY when in several VPCs */
	uint32_t n_eni_no_vpc;   /* interfaces outside any described VPC */
};
#define VS_PRIV_MANY UINTPTR_MAX

struct vs_topo *vs_topo_new(void);
/*
 * Free a topology and everything in it; *t becomes NULL.  A clone borrows
 * the strings of the topology it was cloned from: free clones first.
 */
void vs_topo_free(struct vs_topo **t);

/*
 * Append a zeroed object of the given kind and return it (building only).
 * The pointer is valid until the next vs_topo_add of the same kind.
 */
void *vs_topo_add(struct vs_topo *t, enum vs_kind k);
/* Remove object i of kind k (building only; later objects move down). */
void vs_topo_remove(struct vs_topo *t, enum vs_kind k, vs_idx i);
/* Number of objects of a kind, and a pointer to the array. */
uint32_t vs_topo_count(const struct vs_topo *t, enum vs_kind k);

/*
 * Resolve ids into indexes, sort NACL entries, pick each subnet's NACL and
 * route table, build the address and id indexes.  Problems that make the
 * snapshot inconsistent (duplicate ids, two main route tables) are errors;
 * dangling references (a route to a NAT gateway not in the snapshot) are
 * warnings, and evaluation answers `unknown` where they matter.  Returns
 * 0, or -1 when errors were added.  May be called again after edits.
 */
int vs_topo_finish(struct vs_topo *t, struct vs_diags *d);

/*
 * A copy whose arrays can be edited freely, unfinished (call
 * vs_topo_finish on it).  Strings are shared with t, which must outlive the
 * copy.
 */
struct vs_topo *vs_topo_clone(const struct vs_topo *t);

/* Find an object by id: returns its index and sets *kind, or VS_NONE. */
vs_idx vs_topo_find(const struct vs_topo *t, const char *id,
    enum vs_kind *kind);
/* Find an object of a given kind by id; VS_NONE if absent or another kind. */
vs_idx vs_topo_find_kind(const struct vs_topo *t, enum vs_kind k,
    const char *id);

/* The ENI holding a private address inside a VPC, or VS_NONE. */
vs_idx vs_topo_eni_by_private(const struct vs_topo *t, vs_idx vpc,
    const struct vs_addr *a);
/*
 * The ENI holding private IPv4 a in any VPC: its index, VS_NONE, or
 * *many set when interfaces of several VPCs hold it.
 */
vs_idx vs_topo_eni_by_private_any(const struct vs_topo *t,
    const struct vs_addr *a, bool *many);
/* The ENI whose public IPv4 (or any-VPC IPv6) is a, or VS_NONE. */
vs_idx vs_topo_eni_by_public(const struct vs_topo *t, const struct vs_addr *a);
/* The subnet of a VPC whose CIDR contains a, or VS_NONE. */
vs_idx vs_topo_subnet_by_addr(const struct vs_topo *t, vs_idx vpc,
    const struct vs_addr *a);
/* Does any associated CIDR of the VPC contain a? */
bool vs_topo_vpc_contains(const struct vs_topo *t, vs_idx vpc,
    const struct vs_addr *a);
/* The primary ENI of an instance, or VS_NONE. */
vs_idx vs_topo_instance_primary(const struct vs_topo *t, vs_idx inst);
/* Is address a one of the ENI's own (private, public, IPv6, prefixes)? */
bool vs_topo_eni_owns(const struct vs_topo *t, vs_idx eni,
    const struct vs_addr *a);
/* Is address a inside one of the subnet's CIDR blocks (of its family)? */
bool vs_subnet_contains(const struct vs_subnet *s, const struct vs_addr *a);
/* Is the ENI a member of group sg (by index)? */
bool vs_topo_eni_in_group(const struct vs_topo *t, vs_idx eni, vs_idx sg);

#endif
