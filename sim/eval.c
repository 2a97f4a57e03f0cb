/*
 * eval.c - the packet walk (see eval.h).
 *
 * The walk is a handful of functions, one per place a packet can be:
 * leaving an interface (from_eni), leaving a subnet by its route table
 * (from_subnet), arriving in a VPC through its local routing
 * (enter_local), arriving at an interface (arrive_eni), at the internet
 * gateway in either direction (igw_out, from_internet), at a NAT gateway
 * (nat_forward, nat_reverse), across a peering (via_pcx), through a
 * transit gateway (via_tgw), at a gateway endpoint (to_vpce), and through
 * an appliance interface a route points at (via_appliance).  Each appends
 * hops and either hands the packet on or stops the leg.  The same
 * functions walk the reply; in reply mode security groups pass tracked
 * traffic, gateways undo the translations the request went through, and
 * network ACLs are evaluated over a set of destination ports.
 *
 * Network ACL placement follows the AWS rules: a packet meets its source
 * subnet's outbound rules and its destination subnet's inbound rules when
 * it crosses a subnet boundary, never inside one subnet; a NAT gateway's
 * subnet applies both ways; for transit gateways, traffic towards the TGW
 * meets the attachment subnet's inbound rules and traffic from it the
 * attachment subnet's outbound rules only (docs: "Network ACLs for transit
 * gateways").
 */
#include "eval.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "nacl.h"
#include "route.h"
#include "sg.h"

const char *const vs_verdict_names[VS_VERDICT__COUNT] = {"reachable",
    "unreachable", "partial", "unknown"};

const char *const vs_comp_names[VS_C__COUNT] = {
    [VS_C_ENI] = "network-interface",
    [VS_C_SG] = "security-group",
    [VS_C_NACL] = "network-acl",
    [VS_C_RTB] = "route-table",
    [VS_C_IGW] = "internet-gateway",
    [VS_C_EIGW] = "egress-only-internet-gateway",
    [VS_C_NATGW] = "nat-gateway",
    [VS_C_PCX] = "vpc-peering",
    [VS_C_TGW] = "transit-gateway",
    [VS_C_VPCE] = "vpc-endpoint",
    [VS_C_INTERNET] = "internet",
    [VS_C_SERVICE] = "aws-service",
};

const char *const vs_act_names[VS_A__COUNT] = {"allow", "deny", "forward",
    "drop", "translate", "deliver", "unknown", "partial"};

const char *const vs_reason_names[VS_R__COUNT] = {
    [VS_R_NONE] = NULL,
    [VS_R_ENI_SG_RULES_MISMATCH] = "ENI_SG_RULES_MISMATCH",
    [VS_R_SG_HAS_NO_RULES] = "SG_HAS_NO_RULES",
    [VS_R_SUBNET_ACL_RESTRICTION] = "SUBNET_ACL_RESTRICTION",
    [VS_R_NO_ROUTE_TO_DESTINATION] = "NO_ROUTE_TO_DESTINATION",
    [VS_R_BAD_STATE_ROUTE] = "BAD_STATE_ROUTE",
    [VS_R_BAD_STATE] = "BAD_STATE",
    [VS_R_IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS] =
	"IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
    [VS_R_IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS] =
	"IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
    [VS_R_IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS] =
	"IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS",
    [VS_R_IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS] =
	"IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS",
    [VS_R_IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS] =
	"IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS",
    [VS_R_IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS] =
	"IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS",
    [VS_R_ENI_SOURCE_DEST_CHECK_RESTRICTION] =
	"ENI_SOURCE_DEST_CHECK_RESTRICTION",
    [VS_R_PCX_REQUIRES_ADDRESS_IN_VPC_CIDR] =
	"PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
    [VS_R_NGW_REQUIRES_SOURCE_IN_VPC] = "NGW_REQUIRES_SOURCE_IN_VPC",
    [VS_R_PROTOCOL_RESTRICTION] = "PROTOCOL_RESTRICTION",
    [VS_R_VPCE_GATEWAY_PROTOCOL_RESTRICTION] =
	"VPCE_GATEWAY_PROTOCOL_RESTRICTION",
    [VS_R_TGW_ROUTE_AZ_RESTRICTION] = "TGW_ROUTE_AZ_RESTRICTION",
    [VS_R_TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION] =
	"TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION",
    [VS_R_TGW_RTB_CANNOT_ROUTE] = "TGW_RTB_CANNOT_ROUTE",
    [VS_R_TGW_RTB_BAD_STATE_ROUTE] = "TGW_RTB_BAD_STATE_ROUTE",
    [VS_R_VPC_BLOCK_PUBLIC_ACCESS_ENABLED] = "VPC_BLOCK_PUBLIC_ACCESS_ENABLED",
    [VS_R_NO_POSSIBLE_DESTINATION] = "NO_POSSIBLE_DESTINATION",
    [VS_R_UNKNOWN_RESOURCE] = "UNKNOWN_RESOURCE",
    [VS_R_UNSUPPORTED_COMPONENT] = "UNSUPPORTED_COMPONENT",
    [VS_R_AMBIGUOUS_ROUTE] = "AMBIGUOUS_ROUTE",
    [VS_R_NGW_INBOUND_CONNECTION] = "NGW_INBOUND_CONNECTION",
    [VS_R_ASYMMETRIC_RETURN_PATH] = "ASYMMETRIC_RETURN_PATH",
    [VS_R_INSTANCE_NOT_RUNNING] = "INSTANCE_NOT_RUNNING",
    [VS_R_EIGW_INBOUND_CONNECTION] = "EIGW_INBOUND_CONNECTION",
    [VS_R_ROUTING_LOOP] = "ROUTING_LOOP",
};

_Static_assert(sizeof(vs_reason_names) / sizeof(vs_reason_names[0]) ==
		   VS_R__COUNT,
    "every reason has a name");

/* Route lookups one leg may make before we call it a loop. */
#define MAX_ROUTE_STEPS 24

/* What the request leg learned that the reply needs. */
struct fwdinfo {
	vs_idx nat;                /* NAT gateway the request crossed */
	struct vs_addr nat_client; /* the client address it translated */
	vs_idx client_eni;         /* where the reply must end */
};

enum wstate { W_GOING, W_DELIVERED, W_STOPPED, W_UNKNOWN };

struct walk {
	const struct vs_topo *t;
	struct vs_arena *a;
	struct vs_trace *tr;
	struct vs_leg *leg;
	bool reply;
	struct vs_pkt p;
	bool ports;            /* TCP/UDP: dports is meaningful */
	struct vs_pset dports; /* reply: destination ports still passing */
	struct vs_pset domain; /* reply: the port domain dports started as */
	vs_idx ident;          /* sender interface for referenced groups */
	bool via_pcx;
	int steps;
	enum wstate st;
	vs_idx arrived; /* interface the packet was delivered to */
	bool to_internet, to_service;
	struct fwdinfo *fi;
};

/* ---- hops ---- */

static const char *wtext(struct walk *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Text for people, left out of quiet traces. */
static const char *
wtext(struct walk *w, const char *fmt, ...)
{
	va_list ap;
	char buf[512];
	int n;

	if (w->tr->q.quiet)
		return NULL;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(buf))
		return vs_arena_memdup(w->a, buf, (size_t)n + 1u);
	va_start(ap, fmt);
	{
		char *big = vs_arena_alloc(w->a, (size_t)n + 1u);
		vsnprintf(big, (size_t)n + 1u, fmt, ap);
		va_end(ap);
		return big;
	}
}

static struct vs_hop *
hop(struct walk *w, enum vs_comp c, const char *id, enum vs_dir dir,
    enum vs_act act)
{
	struct vs_leg *l = w->leg;
	struct vs_hop *h;

	l->hops = vs_arena_grow(w->a, l->hops, sizeof(*l->hops), &l->cap_hops,
	    l->n_hops + 1u);
	h = &l->hops[l->n_hops++];
	memset(h, 0, sizeof(*h));
	h->obj = VS_NONE;
	h->comp = c;
	h->id = id;
	h->dir = dir;
	h->action = act;
	h->src = w->p.src;
	h->dst = w->p.dst;
	return h;
}

/* Stop the leg at the last hop. */
static void
stop(struct walk *w, enum vs_reason why)
{
	struct vs_hop *h = &w->leg->hops[w->leg->n_hops - 1];
	h->reason = why;
	if (h->action == VS_A_ALLOW || h->action == VS_A_FORWARD ||
	    h->action == VS_A_TRANSLATE)
		h->action = VS_A_DROP;
	w->leg->blocked = (int)w->leg->n_hops - 1;
	w->st = W_STOPPED;
}

static void
unknown(struct walk *w, const char *missing, enum vs_reason why)
{
	struct vs_hop *h = &w->leg->hops[w->leg->n_hops - 1];
	h->action = VS_A_UNKNOWN;
	h->missing = missing;
	h->reason = why;
	w->leg->blocked = (int)w->leg->n_hops - 1;
	w->leg->unknown = true;
	w->st = W_UNKNOWN;
}

static const char *
afmt(struct walk *w, const struct vs_addr *a)
{
	char b[VS_ADDR_STRLEN];
	return vs_arena_strdup(w->a, vs_addr_fmt(a, b));
}

/* ---- small facts ---- */

static bool
eni_running(const struct vs_topo *t, vs_idx e)
{
	vs_idx i = t->enis[e].instance;
	const char *s;

	if (i == VS_NONE)
		return true;
	s = t->instances[i].state;
	return s == NULL || strcmp(s, "running") == 0;
}

static bool
same_az(const struct vs_subnet *a, const struct vs_subnet *b)
{
	if (a->az_id != NULL && b->az_id != NULL)
		return strcmp(a->az_id, b->az_id) == 0;
	if (a->az != NULL && b->az != NULL)
		return strcmp(a->az, b->az) == 0;
	return false;
}

/* ---- rule families as hops ---- */

/* Security groups of an interface; false when the packet stops. */
static bool
sg_hop(struct walk *w, vs_idx eni, bool egress)
{
	const struct vs_topo *t = w->t;
	const struct vs_eni *e = &t->enis[eni];
	struct vs_hop *h = hop(w, VS_C_SG, e->id,
	    egress ? VS_DIR_EGRESS : VS_DIR_INGRESS, VS_A_ALLOW);
	struct vs_sg_res r;

	h->obj = eni;
	h->groups = e->group_ids;
	h->n_groups = e->n_groups;
	if (w->reply) {
		h->rk = VS_RK_TRACKED;
		h->detail = "reply to a tracked connection: security groups "
			    "are stateful";
		return true;
	}
	r = vs_sg_eval(t, eni, egress, &w->p, egress ? VS_NONE : w->ident);
	h->rk = VS_RK_SG;
	h->sg_rule = r.rule;
	h->sg_group = r.group != VS_NONE ? t->sgs[r.group].id : NULL;
	switch (r.result) {
	case VS_SG_ALLOW:
		return true;
	case VS_SG_DENY:
		h->action = VS_A_DENY;
		h->sg_rule = NULL;
		stop(w, r.no_rules ? VS_R_SG_HAS_NO_RULES
				   : VS_R_ENI_SG_RULES_MISMATCH);
		return false;
	case VS_SG_UNKNOWN:
		h->detail =
		    r.rule != NULL
			? "a rule refers to something the snapshot does not "
			  "describe"
			: "a security group on the interface is not in the "
			  "snapshot";
		unknown(w, r.missing, VS_R_UNKNOWN_RESOURCE);
		return false;
	}
	return false;
}

/* Record the blocked part of the reply's current port domain. */
static void
note_blocked_ports(struct walk *w, const char *domain)
{
	struct vs_pset lost;
	uint32_t i;

	/* the client's own ports matter most: they replace ports of the NAT
	 * gateway's domain noted earlier in the reply */
	if (w->leg->n_blocked_ports > 0 && strcmp(domain, "client ports") != 0)
		return;
	vs_pset_minus(&w->domain, &w->dports, &lost);
	if (vs_pset_empty(&lost))
		return;
	w->leg->blocked_ports =
	    vs_arena_alloc(w->a, sizeof(struct vs_prange) * lost.n);
	for (i = 0; i < lost.n; i++)
		w->leg->blocked_ports[i] = lost.r[i];
	w->leg->n_blocked_ports = lost.n;
	w->leg->ports_note = domain;
}

/* A subnet's network ACL in one direction; false when the packet stops. */
static bool
nacl_hop(struct walk *w, vs_idx subnet, bool egress)
{
	const struct vs_topo *t = w->t;
	const struct vs_subnet *s = &t->subnets[subnet];
	const struct vs_addr *peer = egress ? &w->p.dst : &w->p.src;
	const struct vs_nacl *n;
	struct vs_hop *h;

	if (s->nacl == VS_NONE) {
		h = hop(w, VS_C_NACL, NULL,
		    egress ? VS_DIR_EGRESS : VS_DIR_INGRESS, VS_A_UNKNOWN);
		h->detail = "the subnet's network ACL is not in the snapshot";
		unknown(w, s->id, VS_R_UNKNOWN_RESOURCE);
		return false;
	}
	n = &t->nacls[s->nacl];
	h = hop(w, VS_C_NACL, n->id, egress ? VS_DIR_EGRESS : VS_DIR_INGRESS,
	    VS_A_ALLOW);
	h->obj = s->nacl;
	h->rk = VS_RK_NACL;
	if (w->reply && w->ports) {
		struct vs_nacl_piece pc[VS_PSET_MAX * 2];
		struct vs_pset allowed, now;
		unsigned k, i, first_deny = ~0u;
		k = vs_nacl_eval_ports(n, egress, w->p.proto, peer, &w->dports,
		    pc, sizeof(pc) / sizeof(pc[0]));
		h->ports = vs_arena_alloc(w->a, sizeof(*h->ports) * (k + 1u));
		vs_pset_clear(&allowed);
		for (i = 0; i < k; i++) {
			h->ports[i].ports = pc[i].ports;
			h->ports[i].allow = pc[i].res.allow;
			h->ports[i].entry = pc[i].res.entry;
			h->ports[i].rule = pc[i].res.rule;
			if (pc[i].res.allow)
				vs_pset_add(&allowed, pc[i].ports);
			else if (first_deny == ~0u)
				first_deny = i;
		}
		h->n_ports = k;
		vs_pset_and(&w->dports, &allowed, &now);
		w->dports = now;
		/* the hop shows the rule for the first denied piece if any,
		 * else the rule for the first piece */
		i = first_deny != ~0u ? first_deny : 0;
		if (k > 0) {
			h->nacl_entry = pc[i].res.entry;
			h->nacl_rule = pc[i].res.rule;
		}
		if (vs_pset_empty(&w->dports)) {
			h->action = VS_A_DENY;
			stop(w, VS_R_SUBNET_ACL_RESTRICTION);
			return false;
		}
		if (first_deny != ~0u) {
			h->action = VS_A_PARTIAL;
			h->detail = "allows part of the client port range";
			if (w->leg->blocked < 0)
				w->leg->blocked = (int)w->leg->n_hops - 1;
			h->reason = VS_R_SUBNET_ACL_RESTRICTION;
			w->leg->partial = true;
		}
		return true;
	}
	{
		struct vs_nacl_res r = vs_nacl_eval(n, egress, &w->p, peer);
		h->nacl_entry = r.entry;
		h->nacl_rule = r.rule;
		if (!r.allow) {
			h->action = VS_A_DENY;
			stop(w, VS_R_SUBNET_ACL_RESTRICTION);
			return false;
		}
	}
	return true;
}

/* ---- where packets go ---- */

static void from_subnet(struct walk *w, vs_idx subnet);
static void enter_local(struct walk *w, vs_idx vpc, vs_idx from_subnet);
static void from_internet(struct walk *w);

static void
deliver(struct walk *w)
{
	w->st = W_DELIVERED;
	w->leg->delivered = true;
}

static void
arrive_eni(struct walk *w, vs_idx eni)
{
	const struct vs_topo *t = w->t;
	const struct vs_eni *e = &t->enis[eni];
	struct vs_hop *h;

	if (!sg_hop(w, eni, false))
		return;
	if (!eni_running(t, eni)) {
		h = hop(w, VS_C_ENI, e->id, VS_DIR_INGRESS, VS_A_DROP);
		h->detail = wtext(w, "instance %s is %s: nothing answers on it",
		    t->instances[e->instance].id,
		    t->instances[e->instance].state);
		stop(w, VS_R_INSTANCE_NOT_RUNNING);
		return;
	}
	h = hop(w, VS_C_ENI, e->id, VS_DIR_INGRESS, VS_A_DELIVER);
	h->detail = w->reply ? "the reply reaches the client"
			     : "delivered to the destination";
	w->arrived = eni;
	deliver(w);
}

/* The packet reaches a NAT gateway from inside its VPC (request). */
static void
nat_forward(struct walk *w, vs_idx nat, vs_idx from)
{
	const struct vs_topo *t = w->t;
	const struct vs_natgw *n = &t->natgws[nat];
	struct vs_hop *h;
	uint32_t i;
	const struct vs_nat_addr *na = NULL;

	h = hop(w, VS_C_NATGW, n->id, VS_DIR_NONE, VS_A_FORWARD);
	if (n->state != NULL && strcmp(n->state, "available") != 0) {
		h->detail = wtext(w, "the NAT gateway is %s", n->state);
		stop(w, VS_R_BAD_STATE);
		return;
	}
	if (w->p.proto != VS_PROTO_TCP && w->p.proto != VS_PROTO_UDP &&
	    w->p.proto != VS_PROTO_ICMP) {
		h->detail = "a NAT gateway forwards only TCP, UDP and ICMP";
		stop(w, VS_R_PROTOCOL_RESTRICTION);
		return;
	}
	if (w->p.src.af != VS_AF4) {
		h->detail = "IPv6 through a NAT gateway needs NAT64, which "
			    "vpcsim does not model";
		unknown(w, n->id, VS_R_UNSUPPORTED_COMPONENT);
		return;
	}
	if (w->via_pcx) {
		h->detail = "a NAT gateway does not forward traffic that came "
			    "over a VPC peering connection";
		stop(w, VS_R_NGW_REQUIRES_SOURCE_IN_VPC);
		return;
	}
	if (w->reply) {
		h->detail = "the reply was routed to a NAT gateway that holds "
			    "no connection for it";
		stop(w, VS_R_ASYMMETRIC_RETURN_PATH);
		return;
	}
	if (n->subnet == VS_NONE) {
		h->detail = "the NAT gateway's subnet is not in the snapshot";
		unknown(w, n->subnet_id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	for (i = 0; i < n->n_addrs; i++)
		if (na == NULL || n->addrs[i].primary)
			na = &n->addrs[i];
	if (na == NULL) {
		h->detail = "the NAT gateway has no address in the snapshot";
		unknown(w, n->id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	/* entering the NAT gateway's subnet from another subnet */
	if (from != n->subnet) {
		w->leg->n_hops--; /* put the NACL before the NAT hop */
		if (!nacl_hop(w, n->subnet, false))
			return;
		h = hop(w, VS_C_NATGW, n->id, VS_DIR_NONE, VS_A_TRANSLATE);
	}
	h->action = VS_A_TRANSLATE;
	w->fi->nat = nat;
	w->fi->nat_client = w->p.src;
	w->p.src = na->priv;
	h->src = w->p.src;
	h->detail = wtext(w, "source becomes %s, source port one of 1024-65535",
	    afmt(w, &na->priv));
	w->ident = VS_NONE;
	from_subnet(w, n->subnet);
}

/* A reply reaches the NAT gateway's own address: undo the translation. */
static void
nat_reverse(struct walk *w, vs_idx nat)
{
	const struct vs_topo *t = w->t;
	const struct vs_natgw *n = &t->natgws[nat];
	struct vs_hop *h =
	    hop(w, VS_C_NATGW, n->id, VS_DIR_NONE, VS_A_TRANSLATE);

	if (!w->reply) {
		h->detail = "a NAT gateway does not accept connections started "
			    "towards it";
		stop(w, VS_R_NGW_INBOUND_CONNECTION);
		return;
	}
	if (w->fi->nat != nat) {
		h->detail = "this NAT gateway did not carry the request";
		stop(w, VS_R_ASYMMETRIC_RETURN_PATH);
		return;
	}
	note_blocked_ports(w, "NAT gateway ports 1024-65535");
	w->p.dst = w->fi->nat_client;
	h->dst = w->p.dst;
	h->detail = wtext(w, "destination becomes the client %s again",
	    afmt(w, &w->p.dst));
	if (w->ports) {
		vs_pset_init(&w->domain, w->tr->client);
		vs_pset_init(&w->dports, w->tr->client);
	}
	from_subnet(w, n->subnet);
}

static vs_idx
nat_by_private(const struct vs_topo *t, vs_idx vpc, const struct vs_addr *a)
{
	uint32_t i, j;

	for (i = 0; i < t->n[VS_K_NATGW]; i++) {
		if (t->natgws[i].vpc != vpc)
			continue;
		for (j = 0; j < t->natgws[i].n_addrs; j++)
			if (vs_addr_eq(&t->natgws[i].addrs[j].priv, a))
				return i;
	}
	return VS_NONE;
}

static vs_idx
nat_by_public(const struct vs_topo *t, const struct vs_addr *a)
{
	uint32_t i, j;

	for (i = 0; i < t->n[VS_K_NATGW]; i++)
		for (j = 0; j < t->natgws[i].n_addrs; j++)
			if (t->natgws[i].addrs[j].has_public &&
			    vs_addr_eq(&t->natgws[i].addrs[j].pub, a))
				return i;
	return VS_NONE;
}

/*
 * Delivery inside a VPC by its local routing: the destination subnet's
 * inbound rules (unless the packet never left that subnet), then the
 * interface that holds the address.
 */
static void
enter_local(struct walk *w, vs_idx vpc, vs_idx from)
{
	const struct vs_topo *t = w->t;
	vs_idx d = vs_topo_subnet_by_addr(t, vpc, &w->p.dst), e, nat;
	struct vs_hop *h;

	if (d == VS_NONE) {
		h = hop(w, VS_C_ENI, NULL, VS_DIR_INGRESS, VS_A_UNKNOWN);
		h->detail = wtext(w, "no subnet of %s in the snapshot holds %s",
		    t->vpcs[vpc].id, afmt(w, &w->p.dst));
		unknown(w, afmt(w, &w->p.dst), VS_R_NO_POSSIBLE_DESTINATION);
		return;
	}
	if (d != from && !nacl_hop(w, d, false))
		return;
	e = vs_topo_eni_by_private(t, vpc, &w->p.dst);
	if (e == VS_NONE && w->p.dst.af == VS_AF6) {
		e = vs_topo_eni_by_public(t, &w->p.dst);
		if (e != VS_NONE && t->enis[e].vpc != vpc)
			e = VS_NONE;
	}
	if (e != VS_NONE) {
		const struct vs_eni *en = &t->enis[e];
		if (en->type != NULL &&
		    (strcmp(en->type, "nat_gateway") == 0 ||
			strcmp(en->type, "natGateway") == 0) &&
		    (nat = nat_by_private(t, vpc, &w->p.dst)) != VS_NONE) {
			nat_reverse(w, nat);
			return;
		}
		arrive_eni(w, e);
		return;
	}
	nat = nat_by_private(t, vpc, &w->p.dst);
	if (nat != VS_NONE) {
		nat_reverse(w, nat);
		return;
	}
	h = hop(w, VS_C_ENI, NULL, VS_DIR_INGRESS, VS_A_UNKNOWN);
	h->detail = wtext(w, "no interface in the snapshot holds %s",
	    afmt(w, &w->p.dst));
	unknown(w, afmt(w, &w->p.dst), VS_R_NO_POSSIBLE_DESTINATION);
}

/* ---- internet gateways ---- */

/* The mode an exclusion grants the VPC or subnet: 0 none, 1
 * allow-bidirectional, 2 allow-egress. */
static int
bpa_exclusion(const struct vs_topo *t, const struct vs_vpc *v,
    const struct vs_subnet *s)
{
	uint32_t i;
	int best = 0;

	for (i = 0; i < t->n_bpa_excl; i++) {
		const struct vs_bpa_excl *x = &t->bpa_excl[i];
		const char *slash;
		if (x->resource == NULL ||
		    (x->state != NULL && strcmp(x->state, "create-complete") &&
			strcmp(x->state, "update-complete")))
			continue;
		slash = strrchr(x->resource, '/');
		slash = slash ? slash + 1 : x->resource;
		if (strcmp(slash, v->id) != 0 &&
		    (s == NULL || strcmp(slash, s->id) != 0))
			continue;
		if (x->mode != NULL && strcmp(x->mode, "allow-egress") == 0) {
			if (best == 0)
				best = 2;
		} else {
			best = 1;
		}
	}
	return best;
}

/* Block Public Access mode in force for traffic of this VPC/subnet:
 * 0 off, 1 block-bidirectional, 2 block-ingress. */
static int
bpa_mode(const struct vs_topo *t, vs_idx vpc, vs_idx subnet)
{
	const struct vs_vpc *v = &t->vpcs[vpc];
	const struct vs_subnet *s =
	    subnet != VS_NONE ? &t->subnets[subnet] : NULL;
	int m = t->bpa_known ? t->bpa_mode : 0;

	int x;

	if (m == 0)
		m = v->bpa ? v->bpa : (s ? s->bpa : 0);
	if (m == 0)
		return 0;
	x = bpa_exclusion(t, v, s);
	if (x == 1)
		return 0;
	if (x == 2)
		return 2; /* outbound allowed, inbound blocked */
	return m;
}

/* Is a the public address of something in the snapshot? Continue
 * inbound; otherwise the packet is out on the internet. */
static void
on_internet(struct walk *w)
{
	const struct vs_topo *t = w->t;
	struct vs_hop *h;

	if (vs_topo_eni_by_public(w->t, &w->p.dst) != VS_NONE ||
	    (w->p.dst.af == VS_AF4 && nat_by_public(t, &w->p.dst) != VS_NONE)) {
		h = hop(w, VS_C_INTERNET, NULL, VS_DIR_NONE, VS_A_FORWARD);
		h->detail = "the destination is a public address of this "
			    "snapshot: the packet comes back in from the "
			    "internet";
		from_internet(w);
		return;
	}
	h = hop(w, VS_C_INTERNET, NULL, VS_DIR_NONE, VS_A_DELIVER);
	h->detail = w->reply ? "the reply reaches the internet client"
			     : "delivered to the internet host";
	w->to_internet = true;
	deliver(w);
}

static void
igw_out(struct walk *w, vs_idx vpc, vs_idx subnet, const char *gw_id,
    bool egress_only)
{
	const struct vs_topo *t = w->t;
	const struct vs_vpc *v = &t->vpcs[vpc];
	vs_idx g = egress_only ? vs_topo_find_kind(t, VS_K_EIGW, gw_id)
			       : vs_topo_find_kind(t, VS_K_IGW, gw_id);
	struct vs_hop *h = hop(w, egress_only ? VS_C_EIGW : VS_C_IGW, gw_id,
	    VS_DIR_EGRESS, VS_A_FORWARD);
	int bpa;

	if (g == VS_NONE) {
		h->detail = "the gateway is not in the snapshot";
		unknown(w, gw_id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	if ((egress_only ? v->eigw : v->igw) != g) {
		h->detail =
		    wtext(w, "the gateway is not attached to %s", v->id);
		stop(w, VS_R_BAD_STATE);
		return;
	}
	bpa = bpa_mode(t, vpc, subnet);
	if (bpa == 1) {
		h->detail = bpa == 1 ? "VPC Block Public Access blocks "
				       "internet traffic both ways"
				     : "VPC Block Public Access blocks "
				       "connections from the internet";
		stop(w, VS_R_VPC_BLOCK_PUBLIC_ACCESS_ENABLED);
		return;
	}
	if (egress_only && w->p.dst.af != VS_AF6) {
		h->detail = "an egress-only internet gateway carries IPv6 only";
		stop(w, VS_R_NO_ROUTE_TO_DESTINATION);
		return;
	}
	if (w->p.dst.af == VS_AF4) {
		vs_idx e = vs_topo_eni_by_private(t, vpc, &w->p.src);
		const struct vs_addr *pub = NULL;
		uint32_t i;
		if (vs_addr_is_rfc1918(&w->p.dst)) {
			h->detail = "an internet gateway drops packets to "
				    "private (RFC 1918) addresses";
			stop(w,
			    VS_R_IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS);
			return;
		}
		if (vs_addr_is_rfc6598(&w->p.dst)) {
			h->detail = "an internet gateway drops packets to "
				    "shared (RFC 6598) addresses";
			stop(w,
			    VS_R_IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS);
			return;
		}
		if (e != VS_NONE) {
			for (i = 0; i < t->enis[e].n_v4; i++)
				if (vs_addr_eq(&t->enis[e].v4[i].priv,
					&w->p.src) &&
				    t->enis[e].v4[i].has_public)
					pub = &t->enis[e].v4[i].pub;
		}
		if (pub == NULL) {
			vs_idx n = nat_by_private(t, vpc, &w->p.src);
			if (n != VS_NONE && !t->natgws[n].private_nat) {
				for (i = 0; i < t->natgws[n].n_addrs; i++)
					if (vs_addr_eq(&t->natgws[n]
							    .addrs[i]
							    .priv,
						&w->p.src) &&
					    t->natgws[n].addrs[i].has_public)
						pub =
						    &t->natgws[n].addrs[i].pub;
			} else if (n != VS_NONE) {
				h->detail = "a private NAT gateway cannot send "
					    "to an internet gateway";
				stop(w,
				    VS_R_IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS);
				return;
			}
		}
		if (pub == NULL) {
			h->detail = wtext(w,
			    "%s has no public IPv4 address for the internet "
			    "gateway to map it to",
			    afmt(w, &w->p.src));
			stop(w, VS_R_IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS);
			return;
		}
		h->action = VS_A_TRANSLATE;
		h->detail = wtext(w, "source %s becomes %s", afmt(w, &w->p.src),
		    afmt(w, pub));
		w->p.src = *pub;
		h->src = w->p.src;
	} else {
		h->detail = "IPv6: no translation";
	}
	w->ident = VS_NONE;
	on_internet(w);
}

/* A packet from the internet arrives at the internet gateway of the VPC
 * that owns its destination address. */
static void
from_internet(struct walk *w)
{
	const struct vs_topo *t = w->t;
	struct vs_hop *h;
	vs_idx e = VS_NONE, nat = VS_NONE, vpc, subnet = VS_NONE;
	const struct vs_addr *priv = NULL;
	uint32_t i;
	int bpa;
	bool eigw_path = false;

	w->ident = VS_NONE;
	if (w->p.dst.af == VS_AF4) {
		e = vs_topo_eni_by_public(t, &w->p.dst);
		if (e == VS_NONE)
			nat = nat_by_public(t, &w->p.dst);
	} else {
		e = vs_topo_eni_by_public(t, &w->p.dst);
	}
	if (e != VS_NONE) {
		vpc = t->enis[e].vpc;
		subnet = t->enis[e].subnet;
	} else if (nat != VS_NONE) {
		vpc = t->natgws[nat].vpc;
		subnet = t->natgws[nat].subnet;
	} else {
		/* a private address: name the gateway of the VPC it is in */
		const char *gw = NULL;
		uint32_t v;
		for (v = 0; v < t->n[VS_K_VPC] && gw == NULL; v++)
			if (vs_topo_eni_by_private(t, v, &w->p.dst) !=
				VS_NONE &&
			    t->vpcs[v].igw != VS_NONE)
				gw = t->igws[t->vpcs[v].igw].id;
		h = hop(w, VS_C_IGW, gw, VS_DIR_INGRESS, VS_A_DROP);
		h->detail = wtext(w,
		    "%s is not a public address of any interface in the "
		    "snapshot",
		    afmt(w, &w->p.dst));
		stop(w, VS_R_IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS);
		return;
	}
	if (vpc == VS_NONE) {
		h = hop(w, VS_C_IGW, NULL, VS_DIR_INGRESS, VS_A_UNKNOWN);
		h->detail = "the destination's VPC is not in the snapshot";
		unknown(w,
		    e != VS_NONE ? t->enis[e].vpc_id : t->natgws[nat].vpc_id,
		    VS_R_UNKNOWN_RESOURCE);
		return;
	}
	if (t->vpcs[vpc].igw == VS_NONE) {
		if (w->p.dst.af == VS_AF6 && t->vpcs[vpc].eigw != VS_NONE) {
			eigw_path = true;
			h = hop(w, VS_C_EIGW, t->eigws[t->vpcs[vpc].eigw].id,
			    VS_DIR_INGRESS, VS_A_FORWARD);
			if (!w->reply) {
				h->detail = "an egress-only internet gateway "
					    "refuses connections from the "
					    "internet";
				stop(w, VS_R_EIGW_INBOUND_CONNECTION);
				return;
			}
		} else {
			h = hop(w, VS_C_IGW, NULL, VS_DIR_INGRESS, VS_A_DROP);
			h->detail =
			    wtext(w, "%s has no internet gateway attached",
				t->vpcs[vpc].id);
			stop(w, VS_R_NO_ROUTE_TO_DESTINATION);
			return;
		}
	} else {
		h = hop(w, VS_C_IGW, t->igws[t->vpcs[vpc].igw].id,
		    VS_DIR_INGRESS, VS_A_FORWARD);
	}
	if (vs_addr_is_rfc1918(&w->p.src)) {
		h->detail = "an internet gateway drops packets from private "
			    "(RFC 1918) addresses";
		stop(w, VS_R_IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS);
		return;
	}
	if (vs_addr_is_rfc6598(&w->p.src)) {
		h->detail = "an internet gateway drops packets from shared "
			    "(RFC 6598) addresses";
		stop(w, VS_R_IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS);
		return;
	}
	bpa = bpa_mode(t, vpc, subnet);
	/* block-ingress lets only replies to NAT gateway and egress-only
	 * gateway connections in */
	if (bpa == 1 ||
	    (bpa == 2 && !(w->reply && (nat != VS_NONE || eigw_path)))) {
		h->detail = bpa == 1 ? "VPC Block Public Access blocks "
				       "internet traffic both ways"
				     : "VPC Block Public Access blocks "
				       "connections from the internet";
		stop(w, VS_R_VPC_BLOCK_PUBLIC_ACCESS_ENABLED);
		return;
	}
	if (w->p.dst.af == VS_AF4) {
		if (e != VS_NONE) {
			for (i = 0; i < t->enis[e].n_v4; i++)
				if (t->enis[e].v4[i].has_public &&
				    vs_addr_eq(&t->enis[e].v4[i].pub,
					&w->p.dst))
					priv = &t->enis[e].v4[i].priv;
		} else {
			for (i = 0; i < t->natgws[nat].n_addrs; i++)
				if (t->natgws[nat].addrs[i].has_public &&
				    vs_addr_eq(&t->natgws[nat].addrs[i].pub,
					&w->p.dst))
					priv = &t->natgws[nat].addrs[i].priv;
		}
		if (priv != NULL) {
			h->action = VS_A_TRANSLATE;
			h->detail = wtext(w, "destination %s becomes %s",
			    afmt(w, &w->p.dst), afmt(w, priv));
			w->p.dst = *priv;
			h->dst = w->p.dst;
		}
	} else if (e != VS_NONE && t->enis[e].deny_igw && !eigw_path) {
		h->detail = "the interface sets DenyAllIgwTraffic";
		stop(w, VS_R_IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS);
		return;
	} else if (h->detail == NULL) {
		h->detail = "IPv6: no translation";
	}
	/* a gateway route table may send it elsewhere first */
	if (!eigw_path && t->igws[t->vpcs[vpc].igw].edge_rtb != VS_NONE) {
		const struct vs_rtb *rt =
		    &t->rtbs[t->igws[t->vpcs[vpc].igw].edge_rtb];
		struct vs_rt_res r = vs_rt_lookup(t, rt, &w->p.dst);
		if (r.status == VS_RT_FOUND &&
		    (r.route->target == VS_TGT_ENI ||
			r.route->target == VS_TGT_INSTANCE)) {
			h = hop(w, VS_C_RTB, rt->id, VS_DIR_INGRESS,
			    VS_A_FORWARD);
			h->rk = VS_RK_ROUTE;
			h->route = r.route;
			h->target = r.route->target_id;
			h->detail = "gateway route table (edge association) "
				    "sends inbound traffic to an appliance";
			h = hop(w, VS_C_ENI, r.route->target_id, VS_DIR_NONE,
			    VS_A_UNKNOWN);
			h->detail = "inspection appliances behind a gateway "
				    "route table are not modelled yet";
			unknown(w, r.route->target_id,
			    VS_R_UNSUPPORTED_COMPONENT);
			return;
		}
	}
	enter_local(w, vpc, VS_NONE);
}

/* ---- peering, transit gateway, endpoints, appliances ---- */

static const struct vs_pcx_side *
pcx_other(const struct vs_pcx *p, const char *vpc_id)
{
	if (p->req.vpc_id && strcmp(p->req.vpc_id, vpc_id) == 0)
		return &p->acc;
	if (p->acc.vpc_id && strcmp(p->acc.vpc_id, vpc_id) == 0)
		return &p->req;
	return NULL;
}

static void
via_pcx(struct walk *w, vs_idx vpc, const char *pcx_id)
{
	const struct vs_topo *t = w->t;
	vs_idx pi = vs_topo_find_kind(t, VS_K_PCX, pcx_id);
	const struct vs_pcx *p;
	const struct vs_pcx_side *o, *mine;
	struct vs_hop *h = hop(w, VS_C_PCX, pcx_id, VS_DIR_NONE, VS_A_FORWARD);
	bool inside = false;
	uint32_t i;

	if (pi == VS_NONE) {
		h->detail = "the peering connection is not in the snapshot";
		unknown(w, pcx_id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	p = &t->pcxs[pi];
	if (p->status == NULL || strcmp(p->status, "active") != 0) {
		h->detail = wtext(w, "the peering connection is %s, not active",
		    p->status ? p->status : "in an unknown state");
		stop(w, VS_R_BAD_STATE);
		return;
	}
	o = pcx_other(p, t->vpcs[vpc].id);
	if (o == NULL) {
		h->detail =
		    wtext(w, "the peering connection does not involve %s",
			t->vpcs[vpc].id);
		stop(w, VS_R_BAD_STATE);
		return;
	}
	mine = o == &p->acc ? &p->req : &p->acc;
	for (i = 0; i < o->n_cidrs; i++)
		if (vs_prefix_contains(&o->cidrs[i], &w->p.dst))
			inside = true;
	if (!inside && o->vpc != VS_NONE &&
	    vs_topo_vpc_contains(t, o->vpc, &w->p.dst))
		inside = true;
	if (!inside) {
		h->detail = wtext(w,
		    "%s is not inside the peer VPC %s: peering is not "
		    "transitive",
		    afmt(w, &w->p.dst), o->vpc_id ? o->vpc_id : "?");
		stop(w, VS_R_PCX_REQUIRES_ADDRESS_IN_VPC_CIDR);
		return;
	}
	if (o->vpc == VS_NONE) {
		h->detail = "the peer VPC is not in the snapshot (another "
			    "account? export it too)";
		unknown(w, o->vpc_id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	h->detail = wtext(w, "into %s", o->vpc_id);
	/* groups can be referenced across a same-region peering only */
	if (o->region != NULL && mine->region != NULL &&
	    strcmp(o->region, mine->region) != 0)
		w->ident = VS_NONE;
	w->via_pcx = true;
	enter_local(w, o->vpc, VS_NONE);
}

static vs_idx
tgw_attachment_of(const struct vs_topo *t, vs_idx tgw, vs_idx vpc)
{
	uint32_t i;

	for (i = 0; i < t->n[VS_K_TGW_ATTACH]; i++) {
		const struct vs_tgw_attach *a = &t->tgw_attaches[i];
		if (a->tgw == tgw && a->vpc == vpc &&
		    (a->state == NULL || strcmp(a->state, "available") == 0))
			return i;
	}
	return VS_NONE;
}

/* The attachment's subnet in the same AZ as s, or VS_NONE. */
static vs_idx
attach_subnet_in_az(const struct vs_topo *t, const struct vs_tgw_attach *a,
    vs_idx s)
{
	uint32_t i;

	for (i = 0; i < a->n_subnet_ids; i++)
		if (a->subnets[i] != VS_NONE &&
		    same_az(&t->subnets[a->subnets[i]], &t->subnets[s]))
			return a->subnets[i];
	return VS_NONE;
}

static void
via_tgw(struct walk *w, vs_idx from, const char *tgw_id)
{
	const struct vs_topo *t = w->t;
	const struct vs_subnet *s = &t->subnets[from];
	vs_idx g = vs_topo_find_kind(t, VS_K_TGW, tgw_id), ai, tsub, ri, xi;
	const struct vs_tgw_attach *a, *x;
	const struct vs_tgw_rtb *rtb;
	struct vs_tgw_rt_res r;
	struct vs_hop *h = hop(w, VS_C_TGW, tgw_id, VS_DIR_NONE, VS_A_FORWARD);
	char b[VS_PFX_STRLEN];
	vs_idx exit_sub = VS_NONE;
	uint32_t i;

	if (g == VS_NONE) {
		h->detail = "the transit gateway is not in the snapshot";
		unknown(w, tgw_id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	ai = tgw_attachment_of(t, g, s->vpc);
	if (ai == VS_NONE) {
		h->detail = wtext(w,
		    "%s has no available attachment to this transit gateway",
		    t->vpcs[s->vpc].id);
		stop(w, VS_R_BAD_STATE);
		return;
	}
	a = &t->tgw_attaches[ai];
	if (!a->has_vpc_details) {
		h->detail = "the attachment's subnets are not in the snapshot "
			    "(describe-transit-gateway-vpc-attachments)";
		unknown(w, a->id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	tsub = attach_subnet_in_az(t, a, from);
	if (tsub == VS_NONE) {
		h->detail = wtext(w,
		    "attachment %s has no subnet in %s, the source's "
		    "availability zone",
		    a->id, s->az ? s->az : "the same zone");
		stop(w, VS_R_TGW_ROUTE_AZ_RESTRICTION);
		return;
	}
	/* towards the TGW: the attachment subnet's inbound rules */
	w->leg->n_hops--;
	if (!nacl_hop(w, tsub, false))
		return;
	h = hop(w, VS_C_TGW, tgw_id, VS_DIR_NONE, VS_A_FORWARD);
	if (a->rtb_id == NULL) {
		h->detail = wtext(w,
		    "attachment %s is not associated with a route table",
		    a->id);
		stop(w, VS_R_TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION);
		return;
	}
	ri = a->rtb;
	if (ri == VS_NONE) {
		h->detail = "the attachment's transit gateway route table is "
			    "not in the snapshot";
		unknown(w, a->rtb_id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	rtb = &t->tgw_rtbs[ri];
	if (rtb->routes_truncated) {
		h->detail =
		    "the transit gateway route table's route listing is "
		    "truncated (AdditionalRoutesAvailable)";
		unknown(w, rtb->id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	if (!rtb->routes_known && rtb->n_props == 0) {
		h->detail = "the transit gateway route table's routes are not "
			    "in the snapshot (search-transit-gateway-routes)";
		unknown(w, rtb->id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	r = vs_tgw_rt_lookup(t, rtb, &w->p.dst);
	h->rk = VS_RK_TGWROUTE;
	h->id = rtb->id;
	if (r.status == VS_RT_UNKNOWN) {
		h->detail = "a route of this table depends on something the "
			    "snapshot lacks";
		unknown(w, r.missing, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	if (r.status == VS_RT_NONE) {
		h->detail = wtext(w,
		    "transit gateway route table %s has no route to %s",
		    rtb->id, afmt(w, &w->p.dst));
		stop(w, VS_R_TGW_RTB_CANNOT_ROUTE);
		return;
	}
	h->route_dst = r.route && r.route->to_pl
			   ? r.route->pl_id
			   : vs_arena_strdup(w->a, vs_prefix_fmt(&r.dst, b));
	if (r.blackhole) {
		h->detail = "blackhole route";
		stop(w, VS_R_TGW_RTB_BAD_STATE_ROUTE);
		return;
	}
	xi = r.attach;
	if (xi == VS_NONE) {
		h->detail = "the route's attachment is not in the snapshot";
		unknown(w,
		    r.route && r.route->n_attach ? r.route->attach_ids[0]
						 : NULL,
		    VS_R_UNKNOWN_RESOURCE);
		return;
	}
	x = &t->tgw_attaches[xi];
	h->target = x->id;
	h->detail = wtext(w, "%s route to %s (%s %s)",
	    r.propagated ? "propagated" : "static", x->id,
	    x->type ? x->type : "?", x->resource_id ? x->resource_id : "?");
	if (x->type == NULL || strcmp(x->type, "vpc") != 0) {
		h = hop(w, VS_C_TGW, x->id, VS_DIR_NONE, VS_A_UNKNOWN);
		h->detail =
		    wtext(w, "a %s attachment leads outside what vpcsim models",
			x->type ? x->type : "non-VPC");
		unknown(w, x->id, VS_R_UNSUPPORTED_COMPONENT);
		return;
	}
	if (x->vpc == VS_NONE) {
		h = hop(w, VS_C_TGW, x->id, VS_DIR_NONE, VS_A_UNKNOWN);
		h->detail = "the attached VPC is not in the snapshot";
		unknown(w, x->resource_id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	if (!x->has_vpc_details) {
		h = hop(w, VS_C_TGW, x->id, VS_DIR_NONE, VS_A_UNKNOWN);
		h->detail = "the attachment's subnets are not in the snapshot";
		unknown(w, x->id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	/* leave through the attachment's subnet in the source's zone if it
	 * has one, else the first it lists */
	exit_sub = attach_subnet_in_az(t, x, from);
	for (i = 0; exit_sub == VS_NONE && i < x->n_subnet_ids; i++)
		exit_sub = x->subnets[i];
	if (exit_sub == VS_NONE) {
		h = hop(w, VS_C_TGW, x->id, VS_DIR_NONE, VS_A_UNKNOWN);
		h->detail = "the attachment's subnets are not in the snapshot";
		unknown(w, x->id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	if (!(t->tgws[g].sg_ref && a->sg_ref && x->sg_ref))
		w->ident = VS_NONE;
	from_subnet(w, exit_sub);
}

static void
to_vpce(struct walk *w, const char *id)
{
	const struct vs_topo *t = w->t;
	vs_idx v = vs_topo_find_kind(t, VS_K_VPCE, id);
	struct vs_hop *h = hop(w, VS_C_VPCE, id, VS_DIR_NONE, VS_A_FORWARD);
	const struct vs_vpce *e;

	if (v == VS_NONE) {
		h->detail = "the endpoint is not in the snapshot";
		unknown(w, id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	e = &t->vpces[v];
	if (e->type != NULL && strcmp(e->type, "Gateway") != 0) {
		h->detail = wtext(w,
		    "a %s endpoint as a route target is not modelled", e->type);
		unknown(w, id, VS_R_UNSUPPORTED_COMPONENT);
		return;
	}
	if (!(w->p.proto == VS_PROTO_TCP ||
		(w->p.proto == VS_PROTO_ICMP &&
		    (w->p.icmp_type == 8 || w->p.icmp_type == 0)))) {
		h->detail = "a gateway endpoint carries only TCP and ICMP echo";
		stop(w, VS_R_VPCE_GATEWAY_PROTOCOL_RESTRICTION);
		return;
	}
	if (w->via_pcx) {
		h->detail = "a peer VPC cannot use this VPC's gateway endpoint";
		stop(w, VS_R_BAD_STATE);
		return;
	}
	h = hop(w, VS_C_SERVICE, e->service, VS_DIR_NONE, VS_A_DELIVER);
	h->detail = wtext(w, "delivered to %s",
	    e->service ? e->service : "the AWS service");
	w->to_service = true;
	deliver(w);
}

static void
via_appliance(struct walk *w, vs_idx from, vs_idx x)
{
	const struct vs_topo *t = w->t;
	const struct vs_eni *e = &t->enis[x];
	struct vs_hop *h;

	if (e->subnet == VS_NONE) {
		h = hop(w, VS_C_ENI, e->id, VS_DIR_NONE, VS_A_UNKNOWN);
		h->detail = "the appliance's subnet is not in the snapshot";
		unknown(w, e->subnet_id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	if (e->subnet != from && !nacl_hop(w, e->subnet, false))
		return;
	if (!sg_hop(w, x, false))
		return;
	h = hop(w, VS_C_ENI, e->id, VS_DIR_NONE, VS_A_FORWARD);
	if (e->src_dst_check) {
		h->detail = "the route points at an interface whose "
			    "source/destination check is on: it drops "
			    "packets not addressed to it";
		stop(w, VS_R_ENI_SOURCE_DEST_CHECK_RESTRICTION);
		return;
	}
	if (!eni_running(t, x)) {
		h->detail = "the appliance's instance is not running";
		stop(w, VS_R_INSTANCE_NOT_RUNNING);
		return;
	}
	h->detail = "an appliance: assumed to forward the packet unchanged";
	w->ident = VS_NONE;
	if (!sg_hop(w, x, true))
		return;
	from_subnet(w, e->subnet);
}

/* ---- leaving a subnet ---- */

static void
from_subnet(struct walk *w, vs_idx si)
{
	const struct vs_topo *t = w->t;
	const struct vs_subnet *s = &t->subnets[si];
	const struct vs_rtb *rt;
	struct vs_rt_res r;
	struct vs_hop *h;
	char b[VS_PFX_STRLEN];
	const struct vs_route *ro;
	vs_idx x;

	if (++w->steps > MAX_ROUTE_STEPS) {
		h = hop(w, VS_C_RTB, NULL, VS_DIR_NONE, VS_A_DROP);
		h->detail = "the packet went through too many route tables: "
			    "a routing loop";
		stop(w, VS_R_ROUTING_LOOP);
		return;
	}
	if (s->vpc == VS_NONE) {
		h = hop(w, VS_C_RTB, NULL, VS_DIR_NONE, VS_A_UNKNOWN);
		h->detail = "the subnet's VPC is not in the snapshot";
		unknown(w, s->vpc_id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	/* two interfaces in one subnet talk directly: no route, no NACL */
	if (vs_subnet_contains(s, &w->p.dst)) {
		enter_local(w, s->vpc, si);
		return;
	}
	if (s->rtb == VS_NONE) {
		h = hop(w, VS_C_RTB, NULL, VS_DIR_NONE, VS_A_UNKNOWN);
		h->detail = "the subnet's route table is not in the snapshot";
		unknown(w, s->id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	rt = &t->rtbs[s->rtb];
	r = vs_rt_lookup(t, rt, &w->p.dst);
	h = hop(w, VS_C_RTB, rt->id, VS_DIR_NONE, VS_A_FORWARD);
	h->rk = VS_RK_ROUTE;
	h->route = r.route;
	if (r.status == VS_RT_NONE) {
		h->action = VS_A_DROP;
		h->detail = wtext(w, "no route to %s", afmt(w, &w->p.dst));
		stop(w, VS_R_NO_ROUTE_TO_DESTINATION);
		return;
	}
	if (r.status == VS_RT_UNKNOWN) {
		h->detail = "a prefix-list route could match, but the list's "
			    "entries are not in the snapshot";
		unknown(w, r.missing, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	ro = r.route;
	h->route_dst = ro->to_pl
			   ? ro->pl_id
			   : vs_arena_strdup(w->a, vs_prefix_fmt(&ro->dst, b));
	h->target = ro->target_id;
	if (r.status == VS_RT_AMBIGUOUS) {
		h->detail = wtext(w,
		    "prefix-list routes %s and %s match equally with different "
		    "targets; AWS picks one at random",
		    ro->pl_id, r.other->pl_id);
		unknown(w, NULL, VS_R_AMBIGUOUS_ROUTE);
		return;
	}
	if (ro->state != VS_RS_ACTIVE) {
		h->action = VS_A_DROP;
		h->detail = ro->state == VS_RS_BLACKHOLE
				? "blackhole route: its target no longer exists"
				: "the route is not active";
		stop(w, VS_R_BAD_STATE_ROUTE);
		return;
	}
	switch (ro->target) {
	case VS_TGT_LOCAL:
		if (!vs_topo_vpc_contains(t, s->vpc, &w->p.dst) &&
		    !(ro->dst.len > 0 &&
			vs_prefix_contains(&ro->dst, &w->p.dst))) {
			h->action = VS_A_DROP;
			stop(w, VS_R_NO_ROUTE_TO_DESTINATION);
			return;
		}
		if (!nacl_hop(w, si, true))
			return;
		enter_local(w, s->vpc, si);
		return;
	case VS_TGT_IGW:
	case VS_TGT_EIGW:
		if (!nacl_hop(w, si, true))
			return;
		igw_out(w, s->vpc, si, ro->target_id,
		    ro->target == VS_TGT_EIGW);
		return;
	case VS_TGT_NATGW:
		x = vs_topo_find_kind(t, VS_K_NATGW, ro->target_id);
		if (x == VS_NONE) {
			/* it lives in another subnet (a NAT gateway in the
			 * subnet it serves would route to itself) */
			if (!nacl_hop(w, si, true))
				return;
			h = hop(w, VS_C_NATGW, ro->target_id, VS_DIR_NONE,
			    VS_A_UNKNOWN);
			h->detail = "the NAT gateway is not in the snapshot";
			unknown(w, ro->target_id, VS_R_UNKNOWN_RESOURCE);
			return;
		}
		if (t->natgws[x].subnet != si && !nacl_hop(w, si, true))
			return;
		nat_forward(w, x, si);
		return;
	case VS_TGT_PCX:
		if (!nacl_hop(w, si, true))
			return;
		via_pcx(w, s->vpc, ro->target_id);
		return;
	case VS_TGT_TGW:
		if (!nacl_hop(w, si, true))
			return;
		via_tgw(w, si, ro->target_id);
		return;
	case VS_TGT_VPCE:
		if (!nacl_hop(w, si, true))
			return;
		to_vpce(w, ro->target_id);
		return;
	case VS_TGT_ENI:
	case VS_TGT_INSTANCE:
		x = ro->target == VS_TGT_ENI
			? vs_topo_find_kind(t, VS_K_ENI, ro->target_id)
			: vs_topo_instance_primary(t,
			      vs_topo_find_kind(t, VS_K_INSTANCE,
				  ro->target_id));
		if (x == VS_NONE) {
			if (!nacl_hop(w, si, true))
				return;
			h = hop(w, VS_C_ENI, ro->target_id, VS_DIR_NONE,
			    VS_A_UNKNOWN);
			h->detail = "the route's target is not in the "
				    "snapshot";
			unknown(w, ro->target_id, VS_R_UNKNOWN_RESOURCE);
			return;
		}
		if (t->enis[x].subnet != si && !nacl_hop(w, si, true))
			return;
		via_appliance(w, si, x);
		return;
	default:
		h->detail = wtext(w,
		    "the route leaves through a %s, which vpcsim does not "
		    "model",
		    vs_target_names[ro->target]);
		unknown(w, ro->target_id, VS_R_UNSUPPORTED_COMPONENT);
		return;
	}
}

/* The request or reply leaving interface eni. */
static void
from_eni(struct walk *w, vs_idx eni)
{
	const struct vs_topo *t = w->t;
	const struct vs_eni *e = &t->enis[eni];
	struct vs_hop *h;

	if (!w->reply && !eni_running(t, eni)) {
		h = hop(w, VS_C_ENI, e->id, VS_DIR_EGRESS, VS_A_DROP);
		h->detail = wtext(w, "instance %s is %s: it sends nothing",
		    t->instances[e->instance].id,
		    t->instances[e->instance].state);
		stop(w, VS_R_INSTANCE_NOT_RUNNING);
		return;
	}
	if (!sg_hop(w, eni, true))
		return;
	if (e->subnet == VS_NONE) {
		h = hop(w, VS_C_RTB, NULL, VS_DIR_NONE, VS_A_UNKNOWN);
		h->detail = "the interface's subnet is not in the snapshot";
		unknown(w, e->subnet_id, VS_R_UNKNOWN_RESOURCE);
		return;
	}
	from_subnet(w, e->subnet);
}

/* Addresses nothing filters: the Amazon DNS resolver, instance metadata,
 * Time Sync (and the VPC base + 2 resolver). */
static const char *
unfiltered_service(const struct vs_topo *t, vs_idx vpc, const struct vs_addr *a)
{
	struct vs_addr x;

	if (a->af == VS_AF4) {
		uint32_t v = vs_addr4_value(a);
		if (v == 0xa9fea9fdu)
			return "Amazon DNS resolver";
		if (v == 0xa9fea9feu)
			return "instance metadata service";
		if (v == 0xa9fea97bu)
			return "Amazon Time Sync Service";
		if (vpc != VS_NONE && t->vpcs[vpc].n_cidrs > 0 &&
		    t->vpcs[vpc].cidrs[0].addr.af == VS_AF4) {
			x = vs_addr_add(&t->vpcs[vpc].cidrs[0].addr, 2);
			if (vs_addr_eq(&x, a))
				return "Amazon DNS resolver (VPC base + 2)";
		}
		return NULL;
	}
	/* fd00:ec2::253, ::254, ::123 */
	if (a->hi == 0xfd000ec200000000ull && a->lo == 0x253)
		return "Amazon DNS resolver";
	if (a->hi == 0xfd000ec200000000ull && a->lo == 0x254)
		return "instance metadata service";
	if (a->hi == 0xfd000ec200000000ull && a->lo == 0x123)
		return "Amazon Time Sync Service";
	return NULL;
}

/* ---- endpoints ---- */

/* A representative internet host for the `internet` endpoint. */
static struct vs_addr
internet_addr(bool v6)
{
	struct vs_addr a;
	if (v6) {
		vs_addr_parse6("2001:db8::10", 12, &a);
	} else {
		vs_addr_parse4("198.51.100.10", 13, &a);
	}
	return a;
}

struct ep {
	bool private_nobody; /* a private address no interface holds */
	vs_idx eni;          /* VS_NONE: internet host */
	const char *service; /* an address nothing filters (DNS, IMDS) */
	struct vs_addr addr;
	bool has_addr; /* an explicit address was given */
	bool internet;
	bool public_of_eni; /* addr is the interface's public address */
};

static int
resolve(const struct vs_topo *t, const char *s, bool v6, struct ep *ep,
    char *err, size_t errlen)
{
	vs_idx i;
	enum vs_kind k;
	struct vs_addr a;
	uint32_t v, found = 0;

	memset(ep, 0, sizeof(*ep));
	ep->eni = VS_NONE;
	if (strcmp(s, "internet") == 0) {
		ep->internet = true;
		ep->addr = internet_addr(v6);
		return 0;
	}
	if (vs_addr_parse(s, strlen(s), &a) == 0) {
		bool many = false;
		ep->addr = a;
		ep->has_addr = true;
		if (a.af == VS_AF4)
			ep->eni = vs_topo_eni_by_private_any(t, &a, &many);
		for (v = 0; (a.af != VS_AF4 || many) && v < t->n[VS_K_VPC];
		     v++) {
			vs_idx e = vs_topo_eni_by_private(t, v, &a);
			if (e != VS_NONE) {
				if (found++ > 0 && e != ep->eni) {
					snprintf(err, errlen,
					    "%s is a private address in more "
					    "than one VPC (%s and %s); name "
					    "the interface instead",
					    s, t->enis[ep->eni].id,
					    t->enis[e].id);
					return -1;
				}
				ep->eni = e;
			}
		}
		if (ep->eni == VS_NONE && t->n_eni_no_vpc > 0) {
			/* an interface outside any described VPC */
			for (i = 0; i < t->n[VS_K_ENI]; i++)
				if (t->enis[i].vpc == VS_NONE &&
				    vs_topo_eni_owns(t, i, &a)) {
					ep->eni = i;
					break;
				}
		}
		if (ep->eni != VS_NONE)
			return 0;
		ep->service = unfiltered_service(t, VS_NONE, &a);
		if (ep->service != NULL)
			return 0;
		i = vs_topo_eni_by_public(t, &a);
		if (i != VS_NONE) {
			ep->eni = i;
			ep->public_of_eni = true;
			return 0;
		}
		if (vs_addr_is_private(&a)) {
			/* perhaps the resolver at the source VPC's base + 2;
			 * vs_trace_run decides once it knows the source */
			ep->private_nobody = true;
			snprintf(err, errlen,
			    "no interface in the snapshot holds %s, and a "
			    "private address cannot be an internet host",
			    s);
			return 0;
		}
		ep->internet = true;
		return 0;
	}
	i = vs_topo_find(t, s, &k);
	if (i == VS_NONE) {
		snprintf(err, errlen,
		    "'%s' is neither an address, 'internet', nor an id in the "
		    "snapshot",
		    s);
		return -1;
	}
	if (k == VS_K_INSTANCE) {
		vs_idx e = vs_topo_instance_primary(t, i);
		if (e == VS_NONE) {
			snprintf(err, errlen,
			    "instance %s has no network interface in the "
			    "snapshot",
			    s);
			return -1;
		}
		i = e;
	} else if (k != VS_K_ENI) {
		snprintf(err, errlen,
		    "%s is a %s; an endpoint is an interface (eni-), an "
		    "instance (i-), an address or 'internet'",
		    s, vs_kind_names[k]);
		return -1;
	}
	ep->eni = i;
	return 0;
}

/* The address an interface endpoint uses. */
static int
eni_address(const struct vs_topo *t, vs_idx e, bool v6, struct vs_addr *out,
    char *err, size_t errlen)
{
	const struct vs_eni *en = &t->enis[e];

	if (v6) {
		if (en->n_v6 == 0) {
			snprintf(err, errlen, "%s has no IPv6 address", en->id);
			return -1;
		}
		*out = en->v6[0];
		return 0;
	}
	if (en->n_v4 == 0) {
		snprintf(err, errlen, "%s has no private IPv4 address", en->id);
		return -1;
	}
	*out = en->v4[0].priv;
	return 0;
}

static const char *
describe_ep(struct vs_arena *a, const struct vs_topo *t, const struct ep *ep,
    const struct vs_addr *addr)
{
	char b[VS_ADDR_STRLEN];

	vs_addr_fmt(addr, b);
	if (ep->service != NULL)
		return vs_arena_printf(a, "%s %s", ep->service, b);
	if (ep->eni == VS_NONE)
		return vs_arena_printf(a, "internet host %s", b);
	if (t->enis[ep->eni].instance != VS_NONE)
		return vs_arena_printf(a, "%s (%s, %s)", t->enis[ep->eni].id,
		    t->instances[t->enis[ep->eni].instance].id, b);
	return vs_arena_printf(a, "%s (%s)", t->enis[ep->eni].id, b);
}

int
vs_icmp_reply_type(int proto, int type)
{
	if (proto == VS_PROTO_ICMP) {
		switch (type) {
		case 8:
			return 0;
		case 13:
			return 14;
		case 15:
			return 16;
		case 17:
			return 18;
		default:
			return -1;
		}
	}
	if (proto == VS_PROTO_ICMPV6 && type == 128)
		return 129;
	return -1;
}

static void
client_range(const struct vs_topo *t, struct vs_trace *tr, const struct ep *src,
    struct vs_arena *a)
{
	const struct vs_query *q = &tr->q;

	if (q->src_port >= 0) {
		tr->client =
		    vs_prange((unsigned)q->src_port, (unsigned)q->src_port);
		tr->client_why = "--src-port";
		return;
	}
	if (q->has_client_ports) {
		tr->client = q->client_ports;
		tr->client_why = "--client-ports";
		return;
	}
	if (src->eni != VS_NONE && t->enis[src->eni].instance != VS_NONE) {
		const struct vs_instance *in =
		    &t->instances[t->enis[src->eni].instance];
		if (in->windows) {
			tr->client = vs_prange(49152, 65535);
			tr->client_why =
			    tr->q.quiet ? NULL
					: vs_arena_printf(a,
					      "Windows instance %s", in->id);
		} else {
			tr->client = vs_prange(32768, 60999);
			tr->client_why = tr->q.quiet
					     ? NULL
					     : vs_arena_printf(a,
						   "Linux instance %s", in->id);
		}
		return;
	}
	tr->client = vs_prange(1024, 65535);
	tr->client_why = src->eni == VS_NONE ? "internet client"
					     : "interface without an instance";
}

static void
walk_init(struct walk *w, const struct vs_topo *t, struct vs_arena *a,
    struct vs_trace *tr, struct vs_leg *leg, struct fwdinfo *fi)
{
	memset(w, 0, sizeof(*w));
	w->t = t;
	w->a = a;
	w->tr = tr;
	w->leg = leg;
	w->fi = fi;
	w->arrived = VS_NONE;
	w->ident = VS_NONE;
	leg->walked = true;
	leg->blocked = -1;
}

int
vs_trace_run(const struct vs_topo *t, const struct vs_query *q,
    struct vs_arena *a, struct vs_trace *tr, char *err, size_t errlen)
{
	struct ep src, dst;
	struct walk w;
	struct fwdinfo fi;
	bool v6 = q->ipv6;
	const char *svc;
	struct vs_hop *h;
	int rtype = -1;

	memset(tr, 0, sizeof(*tr));
	tr->q = *q;
	tr->fwd.blocked = tr->ret.blocked = -1;
	if (q->proto < 0 || q->proto > 255) {
		snprintf(err, errlen,
		    "choose one protocol (tcp, udp, icmp, "
		    "icmpv6 or a number 0..255)");
		return -1;
	}
	tr->has_ports = vs_proto_has_ports(q->proto);
	if (tr->has_ports && q->port < 0) {
		snprintf(err, errlen,
		    "a port is required for %s (--port, or "
		    "port: in a scenario)",
		    q->proto == VS_PROTO_TCP ? "tcp" : "udp");
		return -1;
	}
	/* an explicit IPv6 address makes the whole trace IPv6 */
	if (strchr(q->from, ':') != NULL || strchr(q->to, ':') != NULL)
		v6 = true;
	if (q->proto == VS_PROTO_ICMPV6)
		v6 = true;
	if (resolve(t, q->from, v6, &src, err, errlen) != 0 ||
	    resolve(t, q->to, v6, &dst, err, errlen) != 0)
		return -1;
	if (src.private_nobody) {
		snprintf(err, errlen,
		    "no interface in the snapshot holds %s, and a private "
		    "address cannot be an internet host",
		    q->from);
		return -1;
	}
	if (dst.private_nobody) {
		if (src.eni != VS_NONE &&
		    unfiltered_service(t, t->enis[src.eni].vpc, &dst.addr)) {
			dst.private_nobody = false;
			dst.service = unfiltered_service(t,
			    t->enis[src.eni].vpc, &dst.addr);
		} else {
			snprintf(err, errlen,
			    "no interface in the snapshot holds %s, and a "
			    "private address cannot be an internet host",
			    q->to);
			return -1;
		}
	}
	if (src.service != NULL) {
		snprintf(err, errlen,
		    "%s is %s: it answers, it does not start connections",
		    q->from, src.service);
		return -1;
	}
	if (dst.service != NULL && src.eni == VS_NONE) {
		snprintf(err, errlen,
		    "%s (%s) is reachable only from inside a VPC", q->to,
		    dst.service);
		return -1;
	}
	if (src.eni == VS_NONE && dst.eni == VS_NONE && dst.service == NULL) {
		snprintf(err, errlen,
		    "both endpoints are outside the snapshot; at least one "
		    "must be an interface, instance or address in it");
		return -1;
	}
	if (src.eni != VS_NONE && src.eni == dst.eni) {
		snprintf(err, errlen,
		    "source and destination are the same interface");
		return -1;
	}
	/* source address: the interface's own private address */
	if (src.eni != VS_NONE) {
		const struct vs_eni *se = &t->enis[src.eni];
		uint32_t k;
		if (src.has_addr && !src.public_of_eni) {
			tr->src = src.addr;
		} else if (src.public_of_eni && src.addr.af == VS_AF4) {
			tr->src = se->v4[0].priv;
			for (k = 0; k < se->n_v4; k++)
				if (se->v4[k].has_public &&
				    vs_addr_eq(&se->v4[k].pub, &src.addr))
					tr->src = se->v4[k].priv;
		} else if (eni_address(t, src.eni, v6, &tr->src, err, errlen)) {
			return -1;
		}
	} else {
		tr->src = src.addr;
	}
	/* destination: from the internet an interface is reached at its
	 * public address; otherwise at its private one unless an address
	 * was given */
	if (dst.eni != VS_NONE) {
		if (dst.has_addr) {
			tr->dst = dst.addr;
		} else if (src.eni == VS_NONE && !v6) {
			const struct vs_eni *e = &t->enis[dst.eni];
			if (e->n_v4 > 0 && e->v4[0].has_public)
				tr->dst = e->v4[0].pub;
			else if (eni_address(t, dst.eni, false, &tr->dst, err,
				     errlen))
				return -1;
		} else if (eni_address(t, dst.eni, v6, &tr->dst, err, errlen)) {
			return -1;
		}
	} else {
		tr->dst = dst.addr;
	}
	if (tr->src.af != tr->dst.af) {
		snprintf(err, errlen,
		    "the endpoints are of different address families");
		return -1;
	}
	tr->src_eni = src.eni;
	tr->dst_eni = dst.eni;
	if (!q->quiet) {
		tr->src_desc = describe_ep(a, t, &src, &tr->src);
		tr->dst_desc = describe_ep(a, t, &dst, &tr->dst);
	}
	client_range(t, tr, &src, a);

	memset(&fi, 0, sizeof(fi));
	fi.nat = VS_NONE;
	fi.client_eni = src.eni;

	/* ---- the request ---- */
	walk_init(&w, t, a, tr, &tr->fwd, &fi);
	w.p.src = tr->src;
	w.p.dst = tr->dst;
	w.p.proto = q->proto;
	w.p.icmp_type = w.p.icmp_code = -1;
	if (tr->has_ports) {
		w.p.sport = tr->client.lo;
		w.p.dport = (uint16_t)q->port;
		w.ports = true;
		vs_pset_init(&w.dports,
		    vs_prange((unsigned)q->port, (unsigned)q->port));
	} else if (vs_proto_is_icmp(q->proto)) {
		w.p.icmp_type = q->icmp_type >= 0           ? q->icmp_type
				: q->proto == VS_PROTO_ICMP ? 8
							    : 128;
		w.p.icmp_code = q->icmp_code >= 0 ? q->icmp_code : 0;
		rtype = vs_icmp_reply_type(q->proto, w.p.icmp_type);
	}
	w.ident = src.eni;
	svc = dst.service;
	if (svc == NULL && src.eni != VS_NONE)
		svc = unfiltered_service(t, t->enis[src.eni].vpc, &tr->dst);
	if (svc != NULL && src.eni != VS_NONE && !eni_running(t, src.eni)) {
		h = hop(&w, VS_C_ENI, t->enis[src.eni].id, VS_DIR_EGRESS,
		    VS_A_DROP);
		h->detail = vs_arena_printf(a,
		    "instance %s is %s: it sends "
		    "nothing",
		    t->instances[t->enis[src.eni].instance].id,
		    t->instances[t->enis[src.eni].instance].state);
		stop(&w, VS_R_INSTANCE_NOT_RUNNING);
		tr->verdict = VS_UNREACHABLE;
		return 0;
	}
	if (svc != NULL) {
		tr->unfiltered = true;
		h = hop(&w, VS_C_SERVICE, NULL, VS_DIR_NONE, VS_A_DELIVER);
		h->detail = vs_arena_printf(a,
		    "the %s: security groups and network ACLs do not filter "
		    "this traffic, and flow logs do not record it",
		    svc);
		deliver(&w);
	} else if (src.eni != VS_NONE) {
		from_eni(&w, src.eni);
	} else {
		from_internet(&w);
	}
	if (w.st != W_DELIVERED) {
		tr->verdict = w.st == W_UNKNOWN ? VS_UNKNOWN : VS_UNREACHABLE;
		return 0;
	}
	if (vs_proto_is_icmp(q->proto) && rtype < 0) {
		tr->note = vs_arena_printf(a,
		    "ICMP type %d has no reply; only the request is traced",
		    w.p.icmp_type);
		tr->verdict = VS_REACHABLE;
		return 0;
	}
	if (tr->unfiltered) {
		struct walk r;
		walk_init(&r, t, a, tr, &tr->ret, &fi);
		r.p.src = tr->dst;
		r.p.dst = tr->src;
		h = hop(&r, VS_C_SERVICE, NULL, VS_DIR_NONE, VS_A_DELIVER);
		h->detail = "the answer is not filtered either";
		deliver(&r);
		tr->verdict = VS_REACHABLE;
		return 0;
	}

	/* ---- the reply ---- */
	{
		struct walk r;
		struct vs_pkt req = w.p; /* the request as delivered */
		walk_init(&r, t, a, tr, &tr->ret, &fi);
		r.reply = true;
		r.p.proto = q->proto;
		r.p.src = req.dst;
		r.p.dst = req.src;
		r.p.icmp_type = rtype;
		r.p.icmp_code = 0;
		r.ports = tr->has_ports;
		if (tr->has_ports) {
			r.p.sport = (uint16_t)q->port;
			r.p.dport = tr->client.lo;
			if (fi.nat != VS_NONE)
				vs_pset_init(&r.domain, vs_prange(1024, 65535));
			else
				vs_pset_init(&r.domain, tr->client);
			r.dports = r.domain;
		}
		if (w.arrived != VS_NONE)
			from_eni(&r, w.arrived);
		else if (w.to_internet)
			from_internet(&r);
		else if (w.to_service) {
			/* the service answers through the endpoint into the
			 * client's subnet */
			h = hop(&r, VS_C_SERVICE, NULL, VS_DIR_NONE,
			    VS_A_FORWARD);
			h->detail = "the service answers through the gateway "
				    "endpoint";
			enter_local(&r, t->enis[src.eni].vpc, VS_NONE);
		}
		if (r.st == W_DELIVERED && r.ports)
			note_blocked_ports(&r, "client ports");
		if (r.st == W_UNKNOWN)
			tr->verdict = VS_UNKNOWN;
		else if (r.st != W_DELIVERED) {
			tr->verdict = VS_UNREACHABLE;
			if (r.ports && tr->ret.n_blocked_ports == 0) {
				tr->ret.blocked_ports = vs_arena_alloc(a,
				    sizeof(struct vs_prange) * r.domain.n);
				memcpy(tr->ret.blocked_ports, r.domain.r,
				    sizeof(struct vs_prange) * r.domain.n);
				tr->ret.n_blocked_ports = r.domain.n;
			}
		} else if (tr->ret.n_blocked_ports > 0)
			tr->verdict = VS_PARTIAL;
		else
			tr->verdict = VS_REACHABLE;
	}
	return 0;
}
