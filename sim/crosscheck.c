/*
 * crosscheck.c - flow-log records against the model (see crosscheck.h).
 *
 * Two small direct-mapped caches keep the per-record cost low: interface
 * id -> index (a topology lookup by string would dominate), and the
 * model's decision per flow key.  A slot is simply overwritten on a
 * collision: the caches trade a little recomputation for constant memory.
 */
#include "crosscheck.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "mem.h"
#include "nacl.h"
#include "sg.h"

const char *const vs_xc_class_names[VS_XC__COUNT] = {
    [VS_XC_EXPLAINED] = "explained",
    [VS_XC_UNEXPLAINED] = "unexplained",
    [VS_XC_CONSISTENT] = "consistent",
    [VS_XC_CONTRADICTED] = "contradicted",
    [VS_XC_SKIPPED] = "skipped",
    [VS_XC_UNKNOWN_INTERFACE] = "unknown-interface",
};

#define ID_SLOTS  4096 /* power of two */
#define DEC_SLOTS (1u << 17)

struct id_slot {
	uint64_t h;
	vs_idx eni;
	uint8_t len;
	char id[32];
};

enum decision { D_ALLOW, D_DENY, D_UNKNOWN };

struct dec_key {
	vs_idx eni;
	uint8_t dir, reply, af, pad;
	int32_t proto;
	uint32_t p1, p2; /* port classes, or ICMP type + 1 */
	uint32_t aclass; /* the peer's address interval */
	uint64_t ident;  /* for group references: which of the groups
			    named the interface behind the peer is in */
};

/* A cache slot: the key and the index of the answer (0: empty).  Answers
 * repeat (one per rule that decides), so they are kept once, apart,
 * and a slot stays small: more of the table fits in the CPU's caches. */
struct dec_slot {
	struct dec_key k;
	uint32_t res;
};

struct dec_res {
	enum decision d;
	struct vs_xc_block block;
	const char *missing;
	const char *note;
};

/*
 * What a decision at one interface can depend on, drawn from its groups'
 * rules, its subnet's ACL entries and its subnet's CIDRs: the address
 * boundaries of every prefix they name and, for TCP and UDP, the port
 * boundaries of every range.  Two peers between the same boundaries meet
 * the same rules, so the cache keys on the interval, not the address;
 * group references key on the interface behind the address as well.
 */
struct bound6 {
	uint64_t hi, lo;
};

#define MAX_REFS 62 /* referenced groups told apart in a signature */

struct prof {
	bool built;
	bool ref_in, ref_out; /* group-reference rules, by direction */
	/* the groups those rules name (resolved ones; more than MAX_REFS:
	 * the signature is the interface itself) */
	uint32_t n_ref[2];
	vs_idx ref[2][MAX_REFS];
	bool ref_many[2];
	uint32_t n4, n6, np[2];
	uint64_t *b4; /* IPv4 starts and ends (2^32 fits) */
	struct bound6 *b6;
	uint32_t *pb[2]; /* TCP, UDP */
};

struct vs_xc {
	const struct vs_topo *t;
	struct id_slot ids[ID_SLOTS];
	struct dec_slot *dec;
	struct dec_res *res; /* res[0] unused */
	uint32_t n_res, cap_res;
	uint32_t *res_tab; /* open addressing: index into res, 0 empty */
	uint32_t res_tab_cap;
	struct prof *prof;
	struct vs_arena *a;
	bool *peered; /* [vpc * n_vpc + vpc]: an active peering joins them */
	bool nocache;
	uint64_t hits, lookups;
};

struct vs_xc *
vs_xc_new(const struct vs_topo *t)
{
	struct vs_xc *x = vs_xcalloc(1, sizeof(*x));
	x->t = t;
	x->dec = vs_xcalloc(DEC_SLOTS, sizeof(*x->dec));
	x->prof = vs_xcalloc(t->n[VS_K_ENI] + 1u, sizeof(*x->prof));
	x->a = vs_arena_new();
	if (t->n[VS_K_VPC] > 0 && t->n[VS_K_VPC] <= 4096) {
		size_t nv = t->n[VS_K_VPC];
		uint32_t i;
		x->peered = vs_xcalloc(nv * nv, sizeof(bool));
		for (i = 0; i < t->n[VS_K_PCX]; i++) {
			const struct vs_pcx *p = &t->pcxs[i];
			if (p->status == NULL ||
			    strcmp(p->status, "active") != 0 ||
			    p->req.vpc == VS_NONE || p->acc.vpc == VS_NONE)
				continue;
			x->peered[(size_t)p->req.vpc * nv + p->acc.vpc] = true;
			x->peered[(size_t)p->acc.vpc * nv + p->req.vpc] = true;
		}
	}
	return x;
}

void
vs_xc_free(struct vs_xc **xp)
{
	if (xp == NULL || *xp == NULL)
		return;
	free((*xp)->dec);
	free((*xp)->res);
	free((*xp)->res_tab);
	free((*xp)->prof);
	free((*xp)->peered);
	vs_arena_free(&(*xp)->a);
	free(*xp);
	*xp = NULL;
}

void
vs_xc_set_cache(struct vs_xc *x, bool on)
{
	x->nocache = !on;
}

void
vs_xc_cache_stats(const struct vs_xc *x, uint64_t *hits, uint64_t *lookups)
{
	*hits = x->hits;
	*lookups = x->lookups;
}

/* A fast hash of n bytes, eight at a time. */
static uint64_t
fnv(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ull ^ n, w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 31;
		s += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

static vs_idx
find_eni(struct vs_xc *x, const struct vs_sv *id)
{
	uint64_t h;
	struct id_slot *s;
	char buf[VS_SMAP_KEYMAX];

	if (id->n == 0 || id->n >= sizeof(buf))
		return VS_NONE;
	h = fnv(id->p, id->n);
	s = &x->ids[h & (ID_SLOTS - 1)];
	if (s->h == h && s->len == id->n && id->n <= sizeof(s->id) &&
	    memcmp(s->id, id->p, id->n) == 0)
		return s->eni;
	memcpy(buf, id->p, id->n);
	buf[id->n] = '\0';
	if (id->n <= sizeof(s->id)) {
		s->h = h;
		s->len = (uint8_t)id->n;
		memcpy(s->id, id->p, id->n);
		s->eni = vs_topo_find_kind(x->t, VS_K_ENI, buf);
		return s->eni;
	}
	return vs_topo_find_kind(x->t, VS_K_ENI, buf);
}

/* Client operating systems pick ephemeral ports from 32768 up (Linux
 * 32768-60999, Windows 49152-65535). */
static bool
ephemeral_port(unsigned p)
{
	return p >= 32768;
}

/* The interface holding a private address, in vpc or a VPC peered with
 * it by an active peering (for referenced-group rules). */
static vs_idx
sender_of_slow(const struct vs_topo *t, vs_idx vpc, const struct vs_addr *a)
{
	vs_idx e = vs_topo_eni_by_private(t, vpc, a);
	uint32_t i;

	if (e != VS_NONE || vpc == VS_NONE)
		return e;
	for (i = 0; i < t->n[VS_K_PCX]; i++) {
		const struct vs_pcx *p = &t->pcxs[i];
		vs_idx other;
		if (p->status == NULL || strcmp(p->status, "active") != 0)
			continue;
		if (p->req.vpc == vpc)
			other = p->acc.vpc;
		else if (p->acc.vpc == vpc)
			other = p->req.vpc;
		else
			continue;
		e = vs_topo_eni_by_private(t, other, a);
		if (e != VS_NONE)
			return e;
	}
	return VS_NONE;
}

/* The same through the any-VPC index and a table of peered VPCs: an
 * address no interface holds (the internet) costs one lookup. */
static vs_idx
sender_of(const struct vs_xc *x, vs_idx vpc, const struct vs_addr *a)
{
	const struct vs_topo *t = x->t;
	bool many;
	vs_idx e, ev;

	if (a->af != VS_AF4 || x->peered == NULL || vpc == VS_NONE)
		return sender_of_slow(t, vpc, a);
	e = vs_topo_eni_by_private_any(t, a, &many);
	if (many)
		return sender_of_slow(t, vpc, a);
	if (e == VS_NONE)
		return VS_NONE;
	ev = t->enis[e].vpc;
	if (ev == vpc)
		return e;
	if (ev != VS_NONE && x->peered[(size_t)vpc * t->n[VS_K_VPC] + ev])
		return e;
	return VS_NONE;
}

struct eval {
	enum decision d;
	struct vs_xc_block b;
	const char *missing;
	const char *note;
};

static void
sg_block(const struct vs_topo *t, vs_idx eni, bool egress,
    const struct vs_sg_res *r, struct eval *ev)
{
	const struct vs_eni *e = &t->enis[eni];

	if (r->result == VS_SG_UNKNOWN) {
		ev->d = D_UNKNOWN;
		ev->missing = r->missing;
		return;
	}
	ev->d = D_DENY;
	ev->b.comp = VS_C_SG;
	ev->b.id = e->id;
	ev->b.dir = egress ? VS_DIR_EGRESS : VS_DIR_INGRESS;
	ev->b.groups = e->group_ids;
	ev->b.n_groups = e->n_groups;
	ev->b.reason =
	    r->no_rules ? VS_R_SG_HAS_NO_RULES : VS_R_ENI_SG_RULES_MISMATCH;
}

/* Network ACL of the subnet, when the peer is outside it; true = pass. */
static bool
nacl_step(const struct vs_topo *t, const struct vs_eni *e, bool egress,
    const struct vs_pkt *p, const struct vs_addr *peer, struct eval *ev)
{
	const struct vs_subnet *s = &t->subnets[e->subnet];
	struct vs_nacl_res r;

	if (vs_subnet_contains(s, peer))
		return true;
	if (s->nacl == VS_NONE) {
		ev->d = D_UNKNOWN;
		ev->missing = s->id;
		ev->note = "the model cannot decide: the subnet's network ACL "
			   "is not in the snapshot";
		return false;
	}
	r = vs_nacl_eval(&t->nacls[s->nacl], egress, p, peer);
	if (r.allow)
		return true;
	ev->d = D_DENY;
	ev->b.comp = VS_C_NACL;
	ev->b.id = t->nacls[s->nacl].id;
	ev->b.dir = egress ? VS_DIR_EGRESS : VS_DIR_INGRESS;
	ev->b.rule = r.rule;
	ev->b.entry = r.entry;
	ev->b.reason = VS_R_SUBNET_ACL_RESTRICTION;
	return false;
}

/* Interfaces AWS manages without security groups. */
static bool
no_groups(const struct vs_eni *e)
{
	static const char *const types[] = {"nat_gateway", "natGateway",
	    "transit_gateway", "gateway_load_balancer",
	    "gateway_load_balancer_endpoint", NULL};
	unsigned i;

	if (e->type == NULL || e->n_groups > 0)
		return false;
	for (i = 0; types[i]; i++)
		if (strcmp(e->type, types[i]) == 0)
			return true;
	return false;
}

/* The model's decision for packet p at interface eni. */
static void
decide(const struct vs_xc *x, vs_idx eni, bool egress, bool reply,
    const struct vs_pkt *p, struct eval *ev)
{
	const struct vs_topo *t = x->t;
	const struct vs_eni *e = &t->enis[eni];
	const struct vs_addr *peer = egress ? &p->dst : &p->src;
	struct vs_sg_res r;
	struct vs_pkt req;

	memset(ev, 0, sizeof(*ev));
	ev->d = D_ALLOW;
	if (e->subnet == VS_NONE) {
		ev->d = D_UNKNOWN;
		ev->missing = e->subnet_id;
		ev->note = "the interface's subnet is not in the snapshot";
		return;
	}
	if (no_groups(e)) {
		/* a NAT or transit gateway's interface: only the ACL */
		nacl_step(t, e, egress, p, peer, ev);
		return;
	}
	/* the request this record answers, when it is a reply */
	req = *p;
	req.src = p->dst;
	req.dst = p->src;
	req.sport = p->dport;
	req.dport = p->sport;
	if (!egress) {
		/* in: the ACL first, then the groups */
		if (!nacl_step(t, e, false, p, peer, ev))
			return;
		if (reply) {
			/* tracked if the request was allowed out */
			r = vs_sg_eval(t, eni, true, &req, VS_NONE);
			if (r.result != VS_SG_ALLOW) {
				sg_block(t, eni, true, &r, ev);
				ev->note = "the request this reply answers is "
					   "not allowed out by the groups";
			}
			return;
		}
		r = vs_sg_eval(t, eni, false, p, sender_of(x, e->vpc, &p->src));
		if (r.result != VS_SG_ALLOW)
			sg_block(t, eni, false, &r, ev);
		return;
	}
	/* out: the groups first, then the ACL */
	if (reply) {
		r = vs_sg_eval(t, eni, false, &req,
		    sender_of(x, e->vpc, &req.src));
		if (r.result != VS_SG_ALLOW) {
			sg_block(t, eni, false, &r, ev);
			ev->note = "the request this reply answers is not "
				   "allowed in by the groups";
			return;
		}
	} else {
		r = vs_sg_eval(t, eni, true, p, VS_NONE);
		if (r.result != VS_SG_ALLOW) {
			sg_block(t, eni, true, &r, ev);
			return;
		}
	}
	nacl_step(t, e, true, p, peer, ev);
}

/* ---- interface profiles ---- */

struct bvec {
	void *v;
	size_t n, cap;
};

static void
b4_add(struct bvec *b, uint64_t x)
{
	uint64_t *v;
	b->v = vs_xgrow(b->v, sizeof(uint64_t), &b->cap, b->n + 1);
	v = b->v;
	v[b->n++] = x;
}

static void
b6_add(struct bvec *b, uint64_t hi, uint64_t lo)
{
	struct bound6 *v;
	b->v = vs_xgrow(b->v, sizeof(struct bound6), &b->cap, b->n + 1);
	v = b->v;
	v[b->n].hi = hi;
	v[b->n].lo = lo;
	b->n++;
}

static void
pfx_bounds(const struct vs_prefix *p, struct bvec *b4, struct bvec *b6)
{
	struct vs_addr last = vs_prefix_last(p);

	if (p->addr.af == VS_AF4) {
		b4_add(b4, p->addr.lo);
		b4_add(b4, last.lo + 1u);
		return;
	}
	b6_add(b6, p->addr.hi, p->addr.lo);
	if (last.lo != UINT64_MAX)
		b6_add(b6, last.hi, last.lo + 1u);
	else if (last.hi != UINT64_MAX)
		b6_add(b6, last.hi + 1u, 0);
}

static void
port_bounds(struct bvec *pb, uint32_t lo, uint32_t hi)
{
	uint32_t *v;
	pb->v = vs_xgrow(pb->v, sizeof(uint32_t), &pb->cap, pb->n + 2);
	v = pb->v;
	v[pb->n++] = lo;
	v[pb->n++] = hi + 1u;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int
cmp_b6(const void *a, const void *b)
{
	const struct bound6 *x = a, *y = b;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Sort, drop duplicates, copy into the arena. */
static void *
settle(struct vs_xc *x, struct bvec *b, size_t sz,
    int (*cmp)(const void *, const void *), uint32_t *n)
{
	size_t i, k = 0;
	char *v = b->v;
	void *out;

	if (b->n > 1)
		qsort(v, b->n, sz, cmp);
	for (i = 0; i < b->n; i++)
		if (k == 0 || cmp(v + (k - 1) * sz, v + i * sz) != 0)
			memmove(v + k++ * sz, v + i * sz, sz);
	*n = (uint32_t)k;
	out = k ? vs_arena_memdup(x->a, v, k * sz) : NULL;
	free(b->v);
	return out;
}

static const struct prof *
profile(struct vs_xc *x, vs_idx eni)
{
	const struct vs_topo *t = x->t;
	const struct vs_eni *e = &t->enis[eni];
	struct prof *pr = &x->prof[eni];
	struct bvec b4 = {NULL, 0, 0}, b6 = {NULL, 0, 0};
	struct bvec pb[2] = {{NULL, 0, 0}, {NULL, 0, 0}};
	uint32_t i, j, k;

	if (pr->built)
		return pr;
	for (i = 0; i < e->n_groups; i++) {
		const struct vs_sg *g;
		if (e->groups[i] == VS_NONE)
			continue;
		g = &t->sgs[e->groups[i]];
		for (j = 0; j < g->n_rules; j++) {
			const struct vs_sg_rule *r = &g->rules[j];
			if (r->kind == VS_PEER_CIDR)
				pfx_bounds(&r->cidr, &b4, &b6);
			else if (r->kind == VS_PEER_PL && r->ref_idx != VS_NONE)
				for (k = 0; k < t->pls[r->ref_idx].n_entries;
				     k++)
					pfx_bounds(&t->pls[r->ref_idx]
							.entries[k],
					    &b4, &b6);
			else if (r->kind == VS_PEER_SG) {
				int d = r->egress ? 1 : 0;
				if (r->egress)
					pr->ref_out = true;
				else
					pr->ref_in = true;
				if (r->ref_idx != VS_NONE) {
					for (k = 0; k < pr->n_ref[d] &&
						    pr->ref[d][k] != r->ref_idx;
					     k++)
						;
					if (k == pr->n_ref[d] && k < MAX_REFS)
						pr->ref[d][pr->n_ref[d]++] =
						    r->ref_idx;
					else if (k == MAX_REFS)
						pr->ref_many[d] = true;
				}
			}
			if ((r->proto == VS_PROTO_TCP ||
				r->proto == VS_PROTO_UDP) &&
			    r->from >= 0 && r->to >= 0)
				port_bounds(&pb[r->proto == VS_PROTO_UDP],
				    (uint32_t)r->from, (uint32_t)r->to);
		}
	}
	if (e->subnet != VS_NONE) {
		const struct vs_subnet *s = &t->subnets[e->subnet];
		if (s->has_cidr4)
			pfx_bounds(&s->cidr4, &b4, &b6);
		for (i = 0; i < s->n_cidr6; i++)
			pfx_bounds(&s->cidr6[i], &b4, &b6);
		if (s->nacl != VS_NONE) {
			const struct vs_nacl *n = &t->nacls[s->nacl];
			for (i = 0; i < n->n_entries; i++) {
				const struct vs_nacl_entry *en = &n->entries[i];
				pfx_bounds(&en->cidr, &b4, &b6);
				if ((en->proto == VS_PROTO_TCP ||
					en->proto == VS_PROTO_UDP) &&
				    en->has_ports)
					port_bounds(&pb[en->proto ==
							VS_PROTO_UDP],
					    en->ports.lo, en->ports.hi);
			}
		}
	}
	pr->b4 = settle(x, &b4, sizeof(uint64_t), cmp_u64, &pr->n4);
	pr->b6 = settle(x, &b6, sizeof(struct bound6), cmp_b6, &pr->n6);
	pr->pb[0] = settle(x, &pb[0], sizeof(uint32_t), cmp_u32, &pr->np[0]);
	pr->pb[1] = settle(x, &pb[1], sizeof(uint32_t), cmp_u32, &pr->np[1]);
	pr->built = true;
	return pr;
}

/* How many boundaries are at or below the value: its interval. */
static uint32_t
addr_class(const struct prof *pr, const struct vs_addr *a)
{
	uint32_t lo = 0, hi;

	if (a->af == VS_AF4) {
		hi = pr->n4;
		while (lo < hi) {
			uint32_t mid = (lo + hi) / 2;
			if (pr->b4[mid] <= a->lo)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo;
	}
	hi = pr->n6;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		const struct bound6 *b = &pr->b6[mid];
		if (b->hi < a->hi || (b->hi == a->hi && b->lo <= a->lo))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static uint32_t
port_class(const struct prof *pr, int proto, uint32_t port)
{
	const uint32_t *v = pr->pb[proto == VS_PROTO_UDP];
	uint32_t lo = 0, hi = pr->np[proto == VS_PROTO_UDP];

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (v[mid] <= port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The signature of the interface behind a peer for the group-reference
 * rules of one direction: bit 63 says there is one, the others which of
 * the named groups it belongs to (outbound: members in the group's own
 * VPC only, as peer_matches() looks them up).
 */
static uint64_t
ref_sig(const struct vs_topo *t, const struct prof *pr, int d, vs_idx who)
{
	uint64_t sig;
	uint32_t k;

	if (who == VS_NONE)
		return 0;
	if (pr->ref_many[d])
		return ((uint64_t)1 << 63) | (uint64_t)who;
	sig = (uint64_t)1 << 63;
	for (k = 0; k < pr->n_ref[d]; k++) {
		vs_idx g = pr->ref[d][k];
		if (d == 1 && t->enis[who].vpc != t->sgs[g].vpc)
			continue;
		if (vs_topo_eni_in_group(t, who, g))
			sig |= (uint64_t)1 << k;
	}
	return sig;
}

static bool
same_res(const struct dec_res *a, const struct eval *e)
{
	return a->d == e->d && a->missing == e->missing && a->note == e->note &&
	       a->block.comp == e->b.comp && a->block.id == e->b.id &&
	       a->block.dir == e->b.dir && a->block.rule == e->b.rule &&
	       a->block.entry == e->b.entry && a->block.groups == e->b.groups &&
	       a->block.n_groups == e->b.n_groups &&
	       a->block.reason == e->b.reason;
}

static uint64_t
res_hash(const struct eval *e)
{
	uint64_t h = (uint64_t)e->d * 0x9e3779b97f4a7c15ull;
	h ^= (uint64_t)(uintptr_t)e->b.id + 31u * (uint64_t)e->b.rule;
	h = (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9ull;
	h ^= (uint64_t)(uintptr_t)e->b.entry + (uint64_t)e->b.comp +
	     ((uint64_t)e->b.dir << 8) + ((uint64_t)e->b.reason << 16);
	h ^= (uint64_t)(uintptr_t)e->note ^ (uint64_t)(uintptr_t)e->missing;
	h = (h ^ (h >> 31)) * 0x94d049bb133111ebull;
	return h ^ (h >> 32);
}

/* The index of answer e, added when new. */
static uint32_t
intern_res(struct vs_xc *x, const struct eval *e)
{
	uint64_t h = res_hash(e);
	uint32_t i;

	if ((x->n_res + 1u) * 2u > x->res_tab_cap) {
		uint32_t cap = x->res_tab_cap ? x->res_tab_cap * 2u : 256u, k;
		free(x->res_tab);
		x->res_tab = vs_xcalloc(cap, sizeof(uint32_t));
		x->res_tab_cap = cap;
		for (k = 1; k < x->n_res; k++) {
			struct eval ek;
			ek.d = x->res[k].d;
			ek.b = x->res[k].block;
			ek.missing = x->res[k].missing;
			ek.note = x->res[k].note;
			for (i = (uint32_t)res_hash(&ek) & (cap - 1u);
			     x->res_tab[i] != 0; i = (i + 1u) & (cap - 1u))
				;
			x->res_tab[i] = k;
		}
	}
	if (x->n_res == 0)
		x->n_res = 1; /* 0 means empty */
	for (i = (uint32_t)h & (x->res_tab_cap - 1u); x->res_tab[i] != 0;
	     i = (i + 1u) & (x->res_tab_cap - 1u))
		if (same_res(&x->res[x->res_tab[i]], e))
			return x->res_tab[i];
	{
		size_t cap = x->cap_res;
		x->res = vs_xgrow(x->res, sizeof(*x->res), &cap, x->n_res + 1u);
		x->cap_res = (uint32_t)cap;
	}
	x->res[x->n_res].d = e->d;
	x->res[x->n_res].block = e->b;
	x->res[x->n_res].missing = e->missing;
	x->res[x->n_res].note = e->note;
	x->res_tab[i] = x->n_res;
	return x->n_res++;
}

static void
decide_cached(struct vs_xc *x, vs_idx eni, bool egress, bool reply,
    const struct vs_pkt *p, struct eval *ev)
{
	struct dec_key k;
	const struct vs_addr *peer = egress ? &p->dst : &p->src;
	struct dec_slot *s;

	const struct prof *pr;
	bool sg_egress = egress != reply; /* the groups' direction */

	if (x->nocache) {
		decide(x, eni, egress, reply, p, ev);
		return;
	}
	pr = profile(x, eni);
	memset(&k, 0, sizeof(k));
	k.eni = eni;
	k.dir = egress;
	k.reply = reply;
	k.proto = p->proto;
	k.af = peer->af;
	k.aclass = addr_class(pr, peer);
	k.ident = 0;
	if (!sg_egress && pr->ref_in) {
		/* who sent it, for rules naming a group */
		k.ident = ref_sig(x->t, pr, 0,
		    sender_of(x, x->t->enis[eni].vpc, peer));
	} else if (sg_egress && pr->ref_out) {
		bool many;
		vs_idx who = vs_topo_eni_by_private_any(x->t, peer, &many);
		k.ident = ref_sig(x->t, pr, 1, who);
		if (many) {
			/* an address in several VPCs: no key is exact */
			x->lookups++;
			decide(x, eni, egress, reply, p, ev);
			return;
		}
	}
	if (vs_proto_has_ports(p->proto)) {
		/* a request depends on its destination port; a reply also on
		 * the server port its request went to */
		k.p1 = port_class(pr, p->proto, p->dport);
		k.p2 = reply ? port_class(pr, p->proto, p->sport) : 0;
	} else if (vs_proto_is_icmp(p->proto)) {
		k.p1 = (uint32_t)(p->icmp_type + 1);
	}
	s = &x->dec[fnv(&k, sizeof(k)) & (DEC_SLOTS - 1)];
	x->lookups++;
	if (s->res != 0 && memcmp(&s->k, &k, sizeof(k)) == 0) {
		const struct dec_res *r = &x->res[s->res];
		x->hits++;
		memset(ev, 0, sizeof(*ev));
		ev->d = r->d;
		ev->b = r->block;
		ev->missing = r->missing;
		ev->note = r->note;
		return;
	}
	decide(x, eni, egress, reply, p, ev);
	s->k = k;
	s->res = intern_res(x, ev);
}

/* The ICMP types worth trying at an interface: one in each interval its
 * rules and its subnet's entries distinguish (flow logs do not record the
 * type). */
static unsigned
icmp_types(const struct vs_topo *t, vs_idx eni, int proto, int *out,
    unsigned max)
{
	const struct vs_eni *e = &t->enis[eni];
	unsigned n = 0, i, j;
	int cand[2];

#define ADD(v)                                                                 \
	do {                                                                   \
		unsigned q;                                                    \
		for (q = 0; q < n && out[q] != (v); q++)                       \
			;                                                      \
		if (q == n && n < max && (v) >= 0 && (v) <= 255)               \
			out[n++] = (v);                                        \
	} while (0)
	ADD(proto == VS_PROTO_ICMP ? 8 : 128);
	ADD(proto == VS_PROTO_ICMP ? 0 : 129);
	for (i = 0; i < e->n_groups; i++) {
		const struct vs_sg *g;
		if (e->groups[i] == VS_NONE)
			continue;
		g = &t->sgs[e->groups[i]];
		for (j = 0; j < g->n_rules; j++)
			if (g->rules[j].proto == proto &&
			    g->rules[j].from >= 0) {
				cand[0] = g->rules[j].from;
				cand[1] = g->rules[j].from + 1;
				ADD(cand[0]);
				ADD(cand[1]);
			}
	}
	if (e->subnet != VS_NONE && t->subnets[e->subnet].nacl != VS_NONE) {
		const struct vs_nacl *nl =
		    &t->nacls[t->subnets[e->subnet].nacl];
		for (j = 0; j < nl->n_entries; j++)
			if (nl->entries[j].proto == proto &&
			    nl->entries[j].has_icmp &&
			    nl->entries[j].icmp_type >= 0) {
				cand[0] = nl->entries[j].icmp_type;
				cand[1] = nl->entries[j].icmp_type + 1;
				ADD(cand[0]);
				ADD(cand[1]);
			}
	}
#undef ADD
	return n;
}

/*
 * ICMP: the type is not recorded, nor which side asked.  Every reading
 * and every type that the rules tell apart is tried: the model allows the
 * record if some reading allows it, and denies it if some reading denies
 * it (the first denial found is reported).  Protocols without ports
 * (GRE, ESP, ...) give no hint of which side asked either: both readings
 * are tried the same way.
 */
static void
decide_icmp(struct vs_xc *x, vs_idx eni, bool egress, struct vs_pkt *p,
    bool *any_allow, bool *any_deny, bool *any_unknown, struct eval *deny)
{
	int types[64];
	bool icmp = vs_proto_is_icmp(p->proto);
	unsigned n = icmp ? icmp_types(x->t, eni, p->proto, types, 64) : 1, i;
	int reading;

	*any_allow = *any_deny = *any_unknown = false;
	for (reading = 0; reading < 2; reading++) {
		for (i = 0; i < n; i++) {
			struct eval ev;
			if (icmp) {
				p->icmp_type = types[i];
				p->icmp_code = 0;
			}
			decide_cached(x, eni, egress, reading == 1, p, &ev);
			if (ev.d == D_ALLOW)
				*any_allow = true;
			else if (ev.d == D_UNKNOWN)
				*any_unknown = true;
			else if (!*any_deny) {
				*any_deny = true;
				*deny = ev;
			}
		}
	}
}

void
vs_xc_record(struct vs_xc *x, const struct vs_flowrec *r,
    struct vs_xc_result *out)
{
	const struct vs_topo *t = x->t;
	struct vs_pkt p;
	struct eval ev;
	bool egress, reply = false;
	const struct vs_addr *src, *dst;
	uint64_t need = (1ull << VS_FL_SRCADDR) | (1ull << VS_FL_DSTADDR) |
			(1ull << VS_FL_PROTOCOL) | (1ull << VS_FL_ACTION);

	memset(out, 0, sizeof(*out));
	out->eni = VS_NONE;
	if (r->status == VS_FL_NODATA || r->status == VS_FL_SKIPDATA) {
		out->cls = VS_XC_SKIPPED;
		out->note =
		    r->status == VS_FL_NODATA
			? "NODATA: no traffic in the window"
			: "SKIPDATA: records were skipped in the window";
		return;
	}
	out->eni = find_eni(x, &r->interface_id);
	if (out->eni == VS_NONE) {
		out->cls = VS_XC_UNKNOWN_INTERFACE;
		out->note = "the interface is not in the snapshot";
		return;
	}
	out->eni_id = t->enis[out->eni].id;
	if ((r->have & need) != need) {
		out->cls = VS_XC_SKIPPED;
		out->note = "the record lacks addresses, protocol or action";
		return;
	}
	src = (r->have & (1ull << VS_FL_PKT_SRCADDR)) ? &r->pkt_src : &r->src;
	dst = (r->have & (1ull << VS_FL_PKT_DSTADDR)) ? &r->pkt_dst : &r->dst;
	/* direction: the record's own field, else whose address is whose */
	{
		bool owns_dst = vs_topo_eni_owns(t, out->eni, dst) ||
				vs_topo_eni_owns(t, out->eni, &r->dst);
		bool owns_src =
		    !owns_dst && (vs_topo_eni_owns(t, out->eni, src) ||
				     vs_topo_eni_owns(t, out->eni, &r->src));
		if (!owns_dst && !owns_src) {
			out->cls = VS_XC_SKIPPED;
			out->note = "neither address belongs to the "
				    "interface: it forwards this traffic for "
				    "others (NAT gateway, appliance)";
			return;
		}
		if ((r->have & (1ull << VS_FL_FLOW_DIRECTION)) &&
		    r->dir != VS_FL_DIR_NONE) {
			egress = r->dir == VS_FL_EGRESS;
			out->dir_basis = "flow-direction";
		} else {
			egress = owns_src;
			out->dir_basis = "addresses";
		}
	}
	out->dir = egress ? VS_DIR_EGRESS : VS_DIR_INGRESS;
	memset(&p, 0, sizeof(p));
	p.src = *src;
	p.dst = *dst;
	p.proto = r->proto;
	p.icmp_type = p.icmp_code = -1;
	if (vs_proto_has_ports(p.proto)) {
		p.sport = r->sport;
		p.dport = r->dport;
		if (p.proto == VS_PROTO_TCP && r->tcp_flags >= 0 &&
		    (r->tcp_flags & 2)) {
			reply = (r->tcp_flags & 18) == 18;
			out->basis = "tcp-flags";
		} else {
			/* the side on an ephemeral port is the client when
			 * the other is not; otherwise the lower port is the
			 * server's */
			bool se = ephemeral_port(p.sport),
			     de = ephemeral_port(p.dport);
			out->basis = "ports";
			if (se != de)
				reply = de;
			else
				reply = p.sport < p.dport;
		}
		out->service_port = reply ? p.sport : p.dport;
	} else {
		bool aa, ad, au;
		struct eval deny;
		out->basis =
		    vs_proto_is_icmp(p.proto) ? "icmp-any" : "protocol-any";
		decide_icmp(x, out->eni, egress, &p, &aa, &ad, &au, &deny);
		if (r->action == VS_FL_REJECT && ad) {
			ev = deny;
		} else if (r->action == VS_FL_ACCEPT && aa) {
			memset(&ev, 0, sizeof(ev));
			ev.d = D_ALLOW;
		} else if (r->action == VS_FL_REJECT && !au) {
			memset(&ev, 0, sizeof(ev));
			ev.d = D_ALLOW;
		} else if (r->action == VS_FL_ACCEPT && !au) {
			ev = deny;
		} else {
			memset(&ev, 0, sizeof(ev));
			ev.d = D_UNKNOWN;
		}
		goto classify;
	}
	out->reply = reply;
	decide_cached(x, out->eni, egress, reply, &p, &ev);
classify:
	out->missing = ev.missing;
	out->note = ev.note;
	if (r->action == VS_FL_REJECT) {
		if (r->raw[VS_FL_REJECT_REASON].n == 3 &&
		    memcmp(r->raw[VS_FL_REJECT_REASON].p, "BPA", 3) == 0) {
			const struct vs_eni *e = &t->enis[out->eni];
			vs_idx igw =
			    e->vpc != VS_NONE ? t->vpcs[e->vpc].igw : VS_NONE;
			out->cls = VS_XC_EXPLAINED;
			out->has_block = true;
			out->block.comp = VS_C_IGW;
			out->block.id = igw != VS_NONE ? t->igws[igw].id : NULL;
			out->block.dir = out->dir;
			out->block.reason =
			    VS_R_VPC_BLOCK_PUBLIC_ACCESS_ENABLED;
			out->note =
			    "reject-reason BPA: VPC Block Public Access";
			return;
		}
		if (ev.d == D_DENY) {
			out->cls = VS_XC_EXPLAINED;
			out->has_block = true;
			out->block = ev.b;
			return;
		}
		out->cls = VS_XC_UNEXPLAINED;
		if (ev.d == D_UNKNOWN && ev.note == NULL)
			out->note = "the model cannot decide: the snapshot "
				    "lacks what the rules need";
		else if (ev.d == D_UNKNOWN)
			out->note = ev.note;
		else if (p.proto == VS_PROTO_TCP && r->tcp_flags > 0 &&
			 (r->tcp_flags & 5) && !(r->tcp_flags & 2)) {
			out->late = true;
			out->note = "the model allows it; FIN/RST only: a late "
				    "packet after the connection closed is "
				    "logged as REJECT";
		} else
			out->note = "the model allows it: the snapshot may be "
				    "stale, or something vpcsim does not model "
				    "rejected it";
		return;
	}
	if (r->action == VS_FL_ACCEPT) {
		if (ev.d == D_ALLOW) {
			out->cls = VS_XC_CONSISTENT;
			return;
		}
		if (ev.d == D_UNKNOWN) {
			out->cls = VS_XC_SKIPPED;
			out->note = "accepted; the model cannot decide: the "
				    "snapshot lacks what the rules need";
			return;
		}
		out->cls = VS_XC_CONTRADICTED;
		out->has_block = true;
		out->block = ev.b;
		out->note = "accepted, but the model denies it: a stale "
			    "snapshot, or a tracked connection that outlived "
			    "a revoked rule";
		return;
	}
	out->cls = VS_XC_SKIPPED;
	out->note = "the record has no action";
}

/* ---- groups ---- */

struct gnode {
	uint64_t h;
	struct vs_xc_group g;
};

struct anode {
	vs_idx eni;
	enum vs_dir dir;
	int proto;
	uint16_t port;
	int64_t first_consistent;   /* ACCEPTs the model allows */
	int64_t first_contradicted; /* ACCEPTs the model denies */
};

/* An open-addressing table of pointers keyed by a 64-bit hash; equal
 * hashes are told apart by the caller's own comparison. */
struct ptab {
	uint64_t *h;
	void **v;
	size_t cap, n;
};

static void ptab_put(struct ptab *t, uint64_t h, void *v);

static void
ptab_grow(struct ptab *t)
{
	struct ptab old = *t;
	size_t i;

	t->cap = old.cap ? old.cap * 2 : 1024;
	t->h = vs_xcalloc(t->cap, sizeof(*t->h));
	t->v = vs_xcalloc(t->cap, sizeof(*t->v));
	t->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.v[i] != NULL)
			ptab_put(t, old.h[i], old.v[i]);
	free(old.h);
	free(old.v);
}

static void
ptab_put(struct ptab *t, uint64_t h, void *v)
{
	size_t i;

	if ((t->n + 1) * 2 > t->cap)
		ptab_grow(t);
	for (i = h & (t->cap - 1); t->v[i] != NULL; i = (i + 1) & (t->cap - 1))
		;
	t->h[i] = h;
	t->v[i] = v;
	t->n++;
}

/* Iterate the entries with hash h: start with *pos = SIZE_MAX. */
static void *
ptab_next(const struct ptab *t, uint64_t h, size_t *pos)
{
	size_t i;

	if (t->cap == 0)
		return NULL;
	i = *pos == SIZE_MAX ? h & (t->cap - 1) : (*pos + 1) & (t->cap - 1);
	for (; t->v[i] != NULL; i = (i + 1) & (t->cap - 1))
		if (t->h[i] == h) {
			*pos = i;
			return t->v[i];
		}
	return NULL;
}

static void
ptab_free(struct ptab *t)
{
	size_t i;
	for (i = 0; i < t->cap; i++)
		free(t->v[i]);
	free(t->h);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

struct vs_xc_groups {
	struct ptab g; /* struct gnode */
	struct ptab a; /* struct anode */
	size_t n;
	struct vs_xc_group *list;
};

struct vs_xc_groups *
vs_xc_groups_new(void)
{
	return vs_xcalloc(1, sizeof(struct vs_xc_groups));
}

void
vs_xc_groups_free(struct vs_xc_groups **gp)
{
	struct vs_xc_groups *g;

	if (gp == NULL || *gp == NULL)
		return;
	g = *gp;
	ptab_free(&g->g);
	ptab_free(&g->a);
	free(g->list);
	free(g);
	*gp = NULL;
}

static uint64_t
mix(uint64_t h, uint64_t v)
{
	/* combine, then spread every input bit over the whole word (the
	 * table is indexed by the low bits) */
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static struct anode *
accept_node(struct vs_xc_groups *g, vs_idx eni, enum vs_dir dir, int proto,
    uint16_t port, bool create)
{
	uint64_t h =
	    mix(mix(mix(mix(0, eni), dir), (uint64_t)(uint32_t)proto), port);
	size_t pos = SIZE_MAX;
	struct anode *a;

	while ((a = ptab_next(&g->a, h, &pos)) != NULL)
		if (a->eni == eni && a->dir == dir && a->proto == proto &&
		    a->port == port)
			return a;
	if (!create)
		return NULL;
	a = vs_xcalloc(1, sizeof(*a));
	a->eni = eni;
	a->dir = dir;
	a->proto = proto;
	a->port = port;
	a->first_consistent = INT64_MAX;
	a->first_contradicted = INT64_MAX;
	ptab_put(&g->a, h, a);
	return a;
}

static bool
same_block(const struct vs_xc_group *x, const struct vs_xc_result *r)
{
	if (x->has_block != r->has_block)
		return false;
	if (!r->has_block)
		return true;
	return x->block.comp == r->block.comp && x->block.dir == r->block.dir &&
	       x->block.rule == r->block.rule &&
	       (x->block.id == r->block.id ||
		   (x->block.id && r->block.id &&
		       strcmp(x->block.id, r->block.id) == 0));
}

void
vs_xc_groups_add(struct vs_xc_groups *g, const struct vs_flowrec *r,
    const struct vs_xc_result *res)
{
	bool timed = (r->have & (1ull << VS_FL_START)) != 0;
	int64_t start = timed ? r->start : 0;
	uint64_t h;
	struct gnode *n;
	size_t pos = SIZE_MAX;

	if (res->eni == VS_NONE)
		return;
	if (res->cls == VS_XC_CONSISTENT || res->cls == VS_XC_CONTRADICTED) {
		struct anode *a;
		if (!timed)
			return;
		a = accept_node(g, res->eni, res->dir, r->proto,
		    res->service_port, true);
		if (res->cls == VS_XC_CONSISTENT && start < a->first_consistent)
			a->first_consistent = start;
		if (res->cls == VS_XC_CONTRADICTED &&
		    start < a->first_contradicted)
			a->first_contradicted = start;
		return;
	}
	if (res->cls != VS_XC_EXPLAINED && res->cls != VS_XC_UNEXPLAINED)
		return;
	h = mix(mix(mix(mix(mix(0, res->eni), res->dir),
			(uint64_t)(uint32_t)r->proto),
		    res->service_port),
	    (uint64_t)res->cls * 31u + (res->reply ? 7u : 0u) +
		(res->has_block ? res->block.rule : 0));
	while ((n = ptab_next(&g->g, h, &pos)) != NULL) {
		struct vs_xc_group *x = &n->g;
		if (x->eni == res->eni && x->dir == res->dir &&
		    x->proto == r->proto && x->port == res->service_port &&
		    x->cls == res->cls && x->reply == res->reply &&
		    x->note == res->note && x->missing == res->missing &&
		    same_block(x, res))
			break;
	}
	if (n == NULL) {
		n = vs_xcalloc(1, sizeof(*n));
		n->h = h;
		n->g.eni = res->eni;
		n->g.eni_id = res->eni_id;
		n->g.dir = res->dir;
		n->g.proto = r->proto;
		n->g.port = res->service_port;
		n->g.cls = res->cls;
		n->g.reply = res->reply;
		n->g.late = res->late;
		n->g.has_block = res->has_block;
		n->g.block = res->block;
		n->g.note = res->note;
		n->g.missing = res->missing;
		n->g.first = INT64_MAX;
		n->g.last = INT64_MIN;
		ptab_put(&g->g, h, n);
		g->n++;
	}
	n->g.count++;
	if (!timed)
		return;
	if (start < n->g.first)
		n->g.first = start;
	if (start > n->g.last)
		n->g.last = start;
}

static int
cmp_group(const void *pa, const void *pb)
{
	const struct vs_xc_group *a = pa, *b = pb;
	int c;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->eni != b->eni) {
		c = strcmp(a->eni_id, b->eni_id);
		if (c != 0)
			return c;
	}
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	if (a->dir != b->dir)
		return a->dir < b->dir ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	if (a->reply != b->reply)
		return a->reply ? 1 : -1;
	if (a->late != b->late)
		return a->late ? 1 : -1;
	if (a->block.rule != b->block.rule)
		return a->block.rule < b->block.rule ? -1 : 1;
	return 0;
}

const struct vs_xc_group *
vs_xc_groups_list(struct vs_xc_groups *g, size_t *n)
{
	size_t i, k = 0;

	free(g->list);
	g->list = vs_xcalloc(g->n + 1, sizeof(*g->list));
	for (i = 0; i < g->g.cap; i++) {
		struct gnode *x = g->g.v[i];
		struct anode *a;
		if (x == NULL)
			continue;
		a = accept_node(g, x->g.eni, x->g.dir, x->g.proto, x->g.port,
		    false);
		g->list[k] = x->g;
		/*
		 * "It worked until it did not": ACCEPTs came first that the
		 * model cannot square with the REJECTs.  For REJECTs the model
		 * allows (and Block Public Access, which it learns from the
		 * record), any earlier ACCEPT.  For REJECTs the model
		 * explains, only earlier ACCEPTs it denies too: ACCEPTs it
		 * allows differ in something the rules tell apart (another
		 * client port, another peer), not in time.  Late packets
		 * after a close follow ACCEPTs by nature.
		 */
		if (a != NULL && !x->g.late && x->g.first != INT64_MAX) {
			bool any =
			    x->g.cls == VS_XC_UNEXPLAINED ||
			    (x->g.has_block &&
				x->g.block.reason ==
				    VS_R_VPC_BLOCK_PUBLIC_ACCESS_ENABLED);
			int64_t before = a->first_contradicted;
			if (any && a->first_consistent < before)
				before = a->first_consistent;
			g->list[k].flipped = before < x->g.first;
		} else {
			g->list[k].flipped = false;
		}
		k++;
	}
	qsort(g->list, k, sizeof(*g->list), cmp_group);
	*n = k;
	return g->list;
}
