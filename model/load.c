/*
 * load.c - the describe-* loader (see load.h).
 *
 * Conversion walks each top-level key's array with a small path stack, so
 * a diagnostic can name the exact JSON pointer without building path
 * strings for values that are fine.  Getters (g_str, g_int, g_pfx, ...)
 * check one field each, report a located error when its type or value is
 * wrong, and leave the output untouched when the field is absent, so
 * callers set AWS's default first and then read.
 */
#include "load.h"

#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "jconv.h"
#include "jsonpos.h"
#include "judy.h"
#include "mem.h"
#include "topo.h"

#define MAX_DIR_DEPTH 32

/* A loaded object: where it is and what it looked like (for duplicates). */
struct seen {
	enum vs_kind kind;
	vs_idx idx;
	uint64_t hash;
};

/* A rule from SecurityGroupRules, waiting for the end of the load. */
struct sgr {
	const char *group;
	const char *file, *path;
	struct vs_sg_rule rule;
};

struct unmodelled {
	const char *file;
	unsigned files;
};

/*
 * cJSON allocates every node and string with malloc.  While a file's tree
 * is parsed and converted, its allocations come from a bump arena instead
 * (cJSON's hooks are process-wide, so the arena is per thread and unset
 * outside the loader, where the hooks fall back to malloc and free); the
 * tree is then dropped in one step instead of node by node.
 */
static _Thread_local struct vs_arena *cj_arena;

static void *
cj_malloc(size_t n)
{
	return cj_arena != NULL ? vs_arena_alloc(cj_arena, n) : malloc(n);
}

static void
cj_free(void *p)
{
	if (cj_arena == NULL)
		free(p);
}

/* A folder, by device and inode: symbolic links can name it twice. */
struct dirid {
	dev_t dev;
	ino_t ino;
};

struct vs_loader {
	struct vs_topo *t;
	struct vs_diags *d;
	struct vs_arena *tmp;  /* load-time only */
	struct vs_arena *tree; /* the current file's cJSON tree */
	struct vs_smap seen;   /* id -> struct seen * */
	struct vs_smap unmod;  /* key -> struct unmodelled * */
	struct sgr *sgrs;
	size_t n_sgrs, cap_sgrs;
	struct vs_load_stats stats;
	struct vs_smap keys_this_file;
	size_t errors_at_start;
	struct dirid *dirs; /* folders read so far */
	size_t n_dirs, cap_dirs;
};

/* The loader behind a conversion context. */
#define LD(c) ((struct vs_loader *)(c)->owner)

/* ---- hashing (duplicate detection) ---- */

static uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t w;

	/* eight bytes at a time, then the tail */
	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
		s += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w ^ n) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 32);
}

/* Keys whose values say nothing about the network (tags, times, DNS
 * names): an object seen twice may differ there. */
static bool
ignored_key(const char *k)
{
	static const char *const keys[] = {"Tags", "TagSet", "CreationTime",
	    "CreateTime", "AttachTime", "LaunchTime", "CreationTimestamp",
	    "PrivateDnsName", "PublicDnsName", "MacAddress", "Description",
	    "Status", "StateReason", "StateTransitionReason", NULL};
	int i;

	if (strchr("TCALPMDS", k[0]) == NULL)
		return false;
	for (i = 0; keys[i]; i++)
		if (k[0] == keys[i][0] && strcmp(k, keys[i]) == 0)
			return true;
	return false;
}

/* Order-insensitive for object members, order-sensitive for arrays. */
static uint64_t
hash_json(const cJSON *n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)(n->type & 0xff);
	const cJSON *e;

	if (cJSON_IsString(n)) {
		h = hash_bytes(h, n->valuestring, strlen(n->valuestring));
	} else if (cJSON_IsNumber(n)) {
		h = hash_bytes(h, &n->valuedouble, sizeof(n->valuedouble));
	} else if (cJSON_IsArray(n)) {
		cJSON_ArrayForEach(e, n)
		{
			uint64_t x = hash_json(e);
			h = hash_bytes(h, &x, sizeof(x));
		}
	} else if (cJSON_IsObject(n)) {
		uint64_t sum = 0;
		cJSON_ArrayForEach(e, n)
		{
			uint64_t x;
			if (e->string == NULL || ignored_key(e->string))
				continue;
			x = hash_bytes(0xcbf29ce484222325ull, e->string,
			    strlen(e->string));
			x ^= hash_json(e) * 0x9e3779b97f4a7c15ull;
			sum += x * 0xff51afd7ed558ccdull;
		}
		h = hash_bytes(h, &sum, sizeof(sum));
	}
	return h;
}

static struct seen *
seen_get(struct vs_loader *l, const char *id)
{
	uintptr_t v;
	if (vs_smap_get(&l->seen, id, &v))
		return (struct seen *)v;
	return NULL;
}

static void
seen_put(struct vs_loader *l, const char *id, enum vs_kind k, vs_idx i,
    uint64_t h)
{
	struct seen *s = vs_arena_alloc(l->tmp, sizeof(*s));
	s->kind = k;
	s->idx = i;
	s->hash = h;
	*vs_smap_slot(&l->seen, id) = (uintptr_t)s;
}

/*
 * Before adding an object of kind k with this id: returns true when it is
 * new.  A repeat with the same content is dropped silently; a different
 * one is an error naming where the first came from.
 */
static bool
first_time(struct vs_jcx *c, const cJSON *o, const char *idkey, const char *id,
    enum vs_kind k,
    const struct vs_origin *first_of(const struct vs_topo *, vs_idx))
{
	struct seen *s = seen_get(LD(c), id);
	uint64_t h;

	if (s == NULL)
		return true;
	h = hash_json(o);
	if (s->kind == k && s->hash == h)
		return false;
	if (s->kind != k)
		vs_j_err(c, vs_j_field(o, idkey), idkey,
		    "id %s is already used by a %s", id,
		    vs_kind_names[s->kind]);
	else {
		const struct vs_origin *at = first_of(c->t, s->idx);
		vs_j_err(c, vs_j_field(o, idkey), idkey,
		    "duplicate %s %s with different contents (first at %s %s)",
		    vs_kind_names[k], id, at->file, at->path);
	}
	return false;
}

/* ---- converters ---- */

static uint8_t
bpa_mode(const char *s)
{
	if (s == NULL || strcmp(s, "off") == 0)
		return 0;
	if (strcmp(s, "block-bidirectional") == 0)
		return 1;
	if (strcmp(s, "block-ingress") == 0)
		return 2;
	return 0;
}

static uint8_t
g_bpa(struct vs_jcx *c, const cJSON *o)
{
	const cJSON *b = vs_j_obj(c, o, "BlockPublicAccessStates");
	const char *m = NULL;

	if (b == NULL)
		return 0;
	vs_j_push_key(c, "BlockPublicAccessStates");
	vs_j_str(c, b, "InternetGatewayBlockMode", &m, false);
	vs_j_pop(c);
	return bpa_mode(m);
}

static bool
cidr_state_ok(struct vs_jcx *c, const cJSON *e, const char *statekey)
{
	const cJSON *st = vs_j_obj(c, e, statekey);
	const char *s = NULL;

	if (st == NULL)
		return true;
	vs_j_push_key(c, statekey);
	vs_j_str(c, st, "State", &s, false);
	vs_j_pop(c);
	return s == NULL || strcmp(s, "associated") == 0 ||
	       strcmp(s, "associating") == 0;
}

static void
add_prefix(struct vs_jcx *c, struct vs_prefix **v, uint32_t *n, size_t *cap,
    const struct vs_prefix *p)
{
	uint32_t i;
	for (i = 0; i < *n; i++)
		if (vs_prefix_cmp(&(*v)[i], p) == 0)
			return;
	*v = vs_arena_grow(c->t->arena, *v, sizeof(**v), cap, *n + 1u);
	(*v)[(*n)++] = *p;
}

/* CIDR blocks from an association set: [{key: cidr, statekey: {State}}]. */
static void
cidr_set(struct vs_jcx *c, const cJSON *o, const char *setkey, const char *key,
    const char *statekey, int af, struct vs_prefix **v, uint32_t *n,
    size_t *cap)
{
	const cJSON *a = vs_j_arr(c, o, setkey), *e;
	long i = 0;

	if (a == NULL)
		return;
	vs_j_push_key(c, setkey);
	cJSON_ArrayForEach(e, a)
	{
		struct vs_prefix p;
		bool has;
		vs_j_push_idx(c, i++);
		if (vs_j_need_obj(c, e) && vs_j_pfx(c, e, key, af, &p, &has) &&
		    has && (statekey == NULL || cidr_state_ok(c, e, statekey)))
			add_prefix(c, v, n, cap, &p);
		vs_j_pop(c);
	}
	vs_j_pop(c);
}

static const struct vs_origin *
vpc_at(const struct vs_topo *t, vs_idx i)
{
	return &t->vpcs[i].at;
}

static void
conv_vpc(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_vpc *v;
	struct vs_prefix p;
	bool has;
	size_t cap = 0;

	if (!vs_j_id(c, o, "VpcId", &id, true))
		return;
	if (!first_time(c, o, "VpcId", id, VS_K_VPC, vpc_at))
		return;
	v = vs_topo_add(c->t, VS_K_VPC);
	v->id = id;
	v->at = vs_j_here(c);
	vs_j_str(c, o, "OwnerId", &v->owner, false);
	vs_j_str(c, o, "State", &v->state, false);
	vs_j_bool(c, o, "IsDefault", &v->is_default);
	if (vs_j_pfx(c, o, "CidrBlock", VS_AF4, &p, &has) && has)
		add_prefix(c, &v->cidrs, &v->n_cidrs, &cap, &p);
	cidr_set(c, o, "CidrBlockAssociationSet", "CidrBlock", "CidrBlockState",
	    VS_AF4, &v->cidrs, &v->n_cidrs, &cap);
	cidr_set(c, o, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock",
	    "Ipv6CidrBlockState", VS_AF6, &v->cidrs, &v->n_cidrs, &cap);
	v->bpa = g_bpa(c, o);
	seen_put(LD(c), id, VS_K_VPC, c->t->n[VS_K_VPC] - 1u, hash_json(o));
}

static const struct vs_origin *
subnet_at(const struct vs_topo *t, vs_idx i)
{
	return &t->subnets[i].at;
}

static void
conv_subnet(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_subnet *s;
	size_t cap = 0;

	if (!vs_j_id(c, o, "SubnetId", &id, true))
		return;
	if (!first_time(c, o, "SubnetId", id, VS_K_SUBNET, subnet_at))
		return;
	s = vs_topo_add(c->t, VS_K_SUBNET);
	s->id = id;
	s->at = vs_j_here(c);
	vs_j_id(c, o, "VpcId", &s->vpc_id, true);
	vs_j_str(c, o, "OwnerId", &s->owner, false);
	vs_j_str(c, o, "AvailabilityZone", &s->az, false);
	vs_j_str(c, o, "AvailabilityZoneId", &s->az_id, false);
	vs_j_str(c, o, "State", &s->state, false);
	vs_j_pfx(c, o, "CidrBlock", VS_AF4, &s->cidr4, &s->has_cidr4);
	cidr_set(c, o, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock",
	    "Ipv6CidrBlockState", VS_AF6, &s->cidr6, &s->n_cidr6, &cap);
	s->bpa = g_bpa(c, o);
	seen_put(LD(c), id, VS_K_SUBNET, c->t->n[VS_K_SUBNET] - 1u,
	    hash_json(o));
}

/* Public address association {PublicIp, IpOwnerId}. */
static void
g_assoc(struct vs_jcx *c, const cJSON *o, struct vs_eni_ip *ip)
{
	const cJSON *a = vs_j_obj(c, o, "Association");
	bool has = false;

	if (a == NULL)
		return;
	vs_j_push_key(c, "Association");
	if (vs_j_addr(c, a, "PublicIp", VS_AF4, &ip->pub, &has) && has)
		ip->has_public = true;
	vs_j_str(c, a, "IpOwnerId", &ip->pub_owner, false);
	vs_j_pop(c);
}

static void
add_eni_ip(struct vs_jcx *c, struct vs_eni *e, size_t *cap,
    const struct vs_eni_ip *ip)
{
	uint32_t i;
	for (i = 0; i < e->n_v4; i++) {
		if (vs_addr_eq(&e->v4[i].priv, &ip->priv)) {
			if (ip->has_public && !e->v4[i].has_public) {
				e->v4[i].has_public = true;
				e->v4[i].pub = ip->pub;
				e->v4[i].pub_owner = ip->pub_owner;
			}
			if (ip->primary)
				e->v4[i].primary = true;
			return;
		}
	}
	e->v4 = vs_arena_grow(c->t->arena, e->v4, sizeof(*e->v4), cap,
	    e->n_v4 + 1u);
	e->v4[e->n_v4++] = *ip;
}

/* Fill an ENI from a NetworkInterface (or InstanceNetworkInterface). */
static void
fill_eni(struct vs_jcx *c, const cJSON *o, struct vs_eni *e)
{
	const cJSON *a, *x;
	struct vs_eni_ip ip;
	struct vs_addr primary;
	bool has_primary = false, has;
	size_t cap4 = 0, cap6 = 0, capp = 0;
	long i;

	e->src_dst_check = true;
	e->device_index = -1;
	vs_j_id(c, o, "SubnetId", &e->subnet_id, false);
	vs_j_id(c, o, "VpcId", &e->vpc_id, false);
	vs_j_str(c, o, "OwnerId", &e->owner, false);
	vs_j_str(c, o, "InterfaceType", &e->type, false);
	vs_j_str(c, o, "Status", &e->status, false);
	vs_j_str(c, o, "Description", &e->desc, false);
	vs_j_bool(c, o, "RequesterManaged", &e->requester_managed);
	vs_j_bool(c, o, "SourceDestCheck", &e->src_dst_check);
	vs_j_bool(c, o, "DenyAllIgwTraffic", &e->deny_igw);
	if (e->type == NULL)
		e->type = "interface";
	e->group_ids = vs_j_strlist(c, o, "Groups", "GroupId", &e->n_groups);
	vs_j_addr(c, o, "PrivateIpAddress", VS_AF4, &primary, &has_primary);
	a = vs_j_arr(c, o, "PrivateIpAddresses");
	if (a != NULL) {
		vs_j_push_key(c, "PrivateIpAddresses");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			vs_j_push_idx(c, i++);
			memset(&ip, 0, sizeof(ip));
			if (vs_j_need_obj(c, x) &&
			    vs_j_addr(c, x, "PrivateIpAddress", VS_AF4,
				&ip.priv, &has) &&
			    has) {
				vs_j_bool(c, x, "Primary", &ip.primary);
				g_assoc(c, x, &ip);
				add_eni_ip(c, e, &cap4, &ip);
			}
			vs_j_pop(c);
		}
		vs_j_pop(c);
	}
	if (has_primary) {
		memset(&ip, 0, sizeof(ip));
		ip.priv = primary;
		ip.primary = true;
		g_assoc(c, o, &ip);
		add_eni_ip(c, e, &cap4, &ip);
	} else if (e->n_v4 > 0) {
		/* ENI-level Association belongs to the primary address */
		memset(&ip, 0, sizeof(ip));
		for (i = 0; i < (long)e->n_v4; i++)
			if (e->v4[i].primary)
				ip.priv = e->v4[i].priv;
		g_assoc(c, o, &ip);
		if (ip.has_public && ip.priv.af == VS_AF4)
			add_eni_ip(c, e, &cap4, &ip);
	}
	/* the primary address first */
	for (i = 1; i < (long)e->n_v4; i++) {
		if (e->v4[i].primary && !e->v4[0].primary) {
			struct vs_eni_ip t = e->v4[0];
			e->v4[0] = e->v4[i];
			e->v4[i] = t;
		}
	}
	if (e->n_v4 > 0)
		e->v4[0].primary = true;
	a = vs_j_arr(c, o, "Ipv6Addresses");
	if (a != NULL) {
		vs_j_push_key(c, "Ipv6Addresses");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			struct vs_addr v6;
			vs_j_push_idx(c, i++);
			if (vs_j_need_obj(c, x) &&
			    vs_j_addr(c, x, "Ipv6Address", VS_AF6, &v6, &has) &&
			    has) {
				e->v6 = vs_arena_grow(c->t->arena, e->v6,
				    sizeof(*e->v6), &cap6, e->n_v6 + 1u);
				e->v6[e->n_v6++] = v6;
			}
			vs_j_pop(c);
		}
		vs_j_pop(c);
	}
	cidr_set(c, o, "Ipv4Prefixes", "Ipv4Prefix", NULL, VS_AF4, &e->pfx,
	    &e->n_pfx, &capp);
	cidr_set(c, o, "Ipv6Prefixes", "Ipv6Prefix", NULL, VS_AF6, &e->pfx,
	    &e->n_pfx, &capp);
	x = vs_j_obj(c, o, "Attachment");
	if (x != NULL) {
		long dev;
		vs_j_push_key(c, "Attachment");
		vs_j_id(c, x, "InstanceId", &e->instance_id, false);
		if (vs_j_int(c, x, "DeviceIndex", 0, 1000, &dev, &has) && has)
			e->device_index = (int)dev;
		vs_j_pop(c);
	}
}

static const struct vs_origin *
eni_at(const struct vs_topo *t, vs_idx i)
{
	return &t->enis[i].at;
}

static void
conv_eni(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct seen *s;
	struct vs_eni *e;

	if (!vs_j_id(c, o, "NetworkInterfaceId", &id, true))
		return;
	s = seen_get(LD(c), id);
	if (s != NULL && s->kind == VS_K_ENI &&
	    c->t->enis[s->idx].from_instance) {
		/* described inside an instance first: this view wins, but
		 * keep the instance link the instance record gave */
		e = &c->t->enis[s->idx];
		const char *inst = e->instance_id;
		int dev = e->device_index;
		memset(e, 0, sizeof(*e));
		e->id = id;
		e->at = vs_j_here(c);
		fill_eni(c, o, e);
		if (e->instance_id == NULL)
			e->instance_id = inst;
		if (e->device_index < 0)
			e->device_index = dev;
		s->hash = hash_json(o);
		return;
	}
	if (!first_time(c, o, "NetworkInterfaceId", id, VS_K_ENI, eni_at))
		return;
	e = vs_topo_add(c->t, VS_K_ENI);
	e->id = id;
	e->at = vs_j_here(c);
	fill_eni(c, o, e);
	seen_put(LD(c), id, VS_K_ENI, c->t->n[VS_K_ENI] - 1u, hash_json(o));
}

static const struct vs_origin *
inst_at(const struct vs_topo *t, vs_idx i)
{
	return &t->instances[i].at;
}

static void
conv_instance(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_instance *in;
	const cJSON *a, *x, *st;
	long i = 0;
	uint32_t n = 0;

	if (!vs_j_id(c, o, "InstanceId", &id, true))
		return;
	if (!first_time(c, o, "InstanceId", id, VS_K_INSTANCE, inst_at))
		return;
	in = vs_topo_add(c->t, VS_K_INSTANCE);
	in->id = id;
	in->at = vs_j_here(c);
	vs_j_id(c, o, "SubnetId", &in->subnet_id, false);
	vs_j_id(c, o, "VpcId", &in->vpc_id, false);
	vs_j_str(c, o, "Platform", &in->platform, false);
	in->windows =
	    in->platform != NULL && (strcmp(in->platform, "windows") == 0 ||
					strcmp(in->platform, "Windows") == 0);
	st = vs_j_obj(c, o, "State");
	if (st != NULL) {
		vs_j_push_key(c, "State");
		vs_j_str(c, st, "Name", &in->state, false);
		vs_j_pop(c);
	}
	seen_put(LD(c), id, VS_K_INSTANCE, c->t->n[VS_K_INSTANCE] - 1u,
	    hash_json(o));
	a = vs_j_arr(c, o, "NetworkInterfaces");
	if (a == NULL)
		return;
	in->eni_ids = vs_arena_alloc(c->t->arena,
	    sizeof(char *) * ((size_t)cJSON_GetArraySize(a) + 1u));
	vs_j_push_key(c, "NetworkInterfaces");
	cJSON_ArrayForEach(x, a)
	{
		const char *eid = NULL;
		struct seen *s;
		struct vs_eni *e;
		vs_j_push_idx(c, i++);
		if (!vs_j_need_obj(c, x) ||
		    !vs_j_id(c, x, "NetworkInterfaceId", &eid, true)) {
			vs_j_pop(c);
			continue;
		}
		in->eni_ids[n++] = eid;
		s = seen_get(LD(c), eid);
		if (s != NULL) {
			/* already described by describe-network-interfaces */
			if (s->kind == VS_K_ENI) {
				e = &c->t->enis[s->idx];
				if (e->instance_id == NULL)
					e->instance_id = id;
			}
			vs_j_pop(c);
			continue;
		}
		e = vs_topo_add(c->t, VS_K_ENI);
		e->id = eid;
		e->at = vs_j_here(c);
		fill_eni(c, x, e);
		e->from_instance = true;
		e->instance_id = id;
		if (e->subnet_id == NULL)
			e->subnet_id = in->subnet_id;
		if (e->vpc_id == NULL)
			e->vpc_id = in->vpc_id;
		/* instance-level fields describe the primary interface */
		seen_put(LD(c), eid, VS_K_ENI, c->t->n[VS_K_ENI] - 1u,
		    hash_json(x));
		vs_j_pop(c);
	}
	vs_j_pop(c);
	in = &c->t->instances[c->t->n[VS_K_INSTANCE] - 1u];
	in->n_eni_ids = n;
}

static void
conv_reservation(struct vs_jcx *c, const cJSON *o)
{
	const cJSON *a = vs_j_arr(c, o, "Instances"), *x;
	long i = 0;

	if (a == NULL)
		return;
	vs_j_push_key(c, "Instances");
	cJSON_ArrayForEach(x, a)
	{
		vs_j_push_idx(c, i++);
		if (vs_j_need_obj(c, x))
			conv_instance(c, x);
		vs_j_pop(c);
	}
	vs_j_pop(c);
}

/* ---- security groups ---- */

static const struct vs_origin *
sg_at(const struct vs_topo *t, vs_idx i)
{
	return &t->sgs[i].at;
}

static void
conv_sg(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_sg *g;
	size_t cap = 0;

	if (!vs_j_id(c, o, "GroupId", &id, true))
		return;
	if (!first_time(c, o, "GroupId", id, VS_K_SG, sg_at))
		return;
	g = vs_topo_add(c->t, VS_K_SG);
	g->id = id;
	g->at = vs_j_here(c);
	vs_j_str(c, o, "GroupName", &g->name, false);
	vs_j_str(c, o, "Description", &g->desc, false);
	vs_j_id(c, o, "VpcId", &g->vpc_id, false);
	vs_j_str(c, o, "OwnerId", &g->owner, false);
	vs_j_perms(c, g, &cap, o, "IpPermissions", false);
	vs_j_perms(c, g, &cap, o, "IpPermissionsEgress", true);
	seen_put(LD(c), id, VS_K_SG, c->t->n[VS_K_SG] - 1u, hash_json(o));
}

static void
conv_sgr(struct vs_jcx *c, const cJSON *o)
{
	struct sgr s;
	struct vs_sg_rule *r = &s.rule;
	const cJSON *ref;
	bool has;
	int peers = 0;
	char path[1024];

	memset(&s, 0, sizeof(s));
	if (!vs_j_id(c, o, "GroupId", &s.group, true) ||
	    !vs_j_proto(c, o, "IpProtocol", &r->proto) ||
	    !vs_j_rule_ports(c, o, r, "FromPort", "ToPort"))
		return;
	if (vs_j_field(o, "IsEgress") == NULL) {
		vs_j_err(c, o, NULL, "missing required key \"IsEgress\"");
		return;
	}
	vs_j_bool(c, o, "IsEgress", &r->egress);
	vs_j_id(c, o, "SecurityGroupRuleId", &r->rule_id, false);
	vs_j_str(c, o, "Description", &r->desc, false);
	r->kind = VS_PEER_CIDR;
	if (vs_j_pfx(c, o, "CidrIpv4", VS_AF4, &r->cidr, &has) && has)
		peers++;
	if (vs_j_pfx(c, o, "CidrIpv6", VS_AF6, &r->cidr, &has) && has)
		peers++;
	if (vs_j_id(c, o, "PrefixListId", &r->ref, false) && r->ref != NULL) {
		r->kind = VS_PEER_PL;
		peers++;
	}
	ref = vs_j_obj(c, o, "ReferencedGroupInfo");
	if (ref != NULL) {
		const char *gid = NULL;
		vs_j_push_key(c, "ReferencedGroupInfo");
		if (vs_j_id(c, ref, "GroupId", &gid, true) && gid != NULL) {
			r->kind = VS_PEER_SG;
			vs_j_split_group(c, gid, r);
			vs_j_id(c, ref, "UserId", &r->ref_user, false);
			vs_j_id(c, ref, "VpcId", &r->ref_vpc, false);
			vs_j_id(c, ref, "VpcPeeringConnectionId", &r->ref_pcx,
			    false);
			peers++;
		}
		vs_j_pop(c);
	}
	if (peers != 1) {
		vs_j_err(c, o, NULL,
		    "a security group rule needs exactly one of CidrIpv4, "
		    "CidrIpv6, PrefixListId, ReferencedGroupInfo (got %d)",
		    peers);
		return;
	}
	s.file = c->file;
	s.path = vs_j_intern(c, vs_j_path(c, NULL, path, sizeof(path)));
	r->perm = c->depth > 0 ? (uint32_t)c->path[c->depth - 1].idx : 0;
	LD(c)->sgrs = vs_xgrow(LD(c)->sgrs, sizeof(*LD(c)->sgrs),
	    &LD(c)->cap_sgrs, LD(c)->n_sgrs + 1);
	LD(c)->sgrs[LD(c)->n_sgrs++] = s;
}

/* ---- network ACLs ---- */

static const struct vs_origin *
nacl_at(const struct vs_topo *t, vs_idx i)
{
	return &t->nacls[i].at;
}

static void
conv_nacl(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_nacl *n;
	const cJSON *a, *x;
	size_t cap = 0, capa = 0;
	long i;
	uint32_t j, k;

	if (!vs_j_id(c, o, "NetworkAclId", &id, true))
		return;
	if (!first_time(c, o, "NetworkAclId", id, VS_K_NACL, nacl_at))
		return;
	n = vs_topo_add(c->t, VS_K_NACL);
	n->id = id;
	n->at = vs_j_here(c);
	vs_j_id(c, o, "VpcId", &n->vpc_id, false);
	vs_j_str(c, o, "OwnerId", &n->owner, false);
	vs_j_bool(c, o, "IsDefault", &n->is_default);
	if ((a = vs_j_arr(c, o, "Entries")) != NULL) {
		vs_j_push_key(c, "Entries");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			vs_j_push_idx(c, i++);
			if (vs_j_need_obj(c, x))
				vs_j_nacl_entry(c, x, n, &cap);
			vs_j_pop(c);
		}
		vs_j_pop(c);
	}
	/* two entries with one number in one direction: AWS refuses that */
	for (j = 0; j < n->n_entries; j++)
		for (k = j + 1; k < n->n_entries; k++)
			if (n->entries[j].rule == n->entries[k].rule &&
			    n->entries[j].egress == n->entries[k].egress)
				vs_j_err(c, o, "Entries",
				    "rule number %u appears twice in the %s "
				    "entries",
				    n->entries[j].rule,
				    n->entries[j].egress ? "egress"
							 : "ingress");
	if ((a = vs_j_arr(c, o, "Associations")) != NULL) {
		vs_j_push_key(c, "Associations");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			struct vs_nacl_assoc as;
			vs_j_push_idx(c, i++);
			memset(&as, 0, sizeof(as));
			if (vs_j_need_obj(c, x) &&
			    vs_j_id(c, x, "SubnetId", &as.subnet_id, true)) {
				vs_j_id(c, x, "NetworkAclAssociationId", &as.id,
				    false);
				n->assocs = vs_arena_grow(c->t->arena,
				    n->assocs, sizeof(*n->assocs), &capa,
				    n->n_assocs + 1u);
				n->assocs[n->n_assocs++] = as;
			}
			vs_j_pop(c);
		}
		vs_j_pop(c);
	}
	seen_put(LD(c), id, VS_K_NACL, c->t->n[VS_K_NACL] - 1u, hash_json(o));
}

/* ---- route tables ---- */

static const struct vs_origin *
rtb_at(const struct vs_topo *t, vs_idx i)
{
	return &t->rtbs[i].at;
}

static void
conv_rtb(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_rtb *rt;
	const cJSON *a, *x;
	size_t cap = 0, capa = 0;
	long i;

	if (!vs_j_id(c, o, "RouteTableId", &id, true))
		return;
	if (!first_time(c, o, "RouteTableId", id, VS_K_RTB, rtb_at))
		return;
	rt = vs_topo_add(c->t, VS_K_RTB);
	rt->id = id;
	rt->at = vs_j_here(c);
	vs_j_id(c, o, "VpcId", &rt->vpc_id, false);
	vs_j_str(c, o, "OwnerId", &rt->owner, false);
	if ((a = vs_j_arr(c, o, "Routes")) != NULL) {
		vs_j_push_key(c, "Routes");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			vs_j_push_idx(c, i++);
			if (vs_j_need_obj(c, x))
				vs_j_route(c, x, rt, &cap);
			vs_j_pop(c);
		}
		vs_j_pop(c);
	}
	if ((a = vs_j_arr(c, o, "Associations")) != NULL) {
		vs_j_push_key(c, "Associations");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			struct vs_rtb_assoc as;
			const cJSON *st;
			vs_j_push_idx(c, i++);
			memset(&as, 0, sizeof(as));
			if (vs_j_need_obj(c, x)) {
				vs_j_id(c, x, "RouteTableAssociationId", &as.id,
				    false);
				vs_j_bool(c, x, "Main", &as.main);
				vs_j_id(c, x, "SubnetId", &as.subnet_id, false);
				vs_j_id(c, x, "GatewayId", &as.gateway_id,
				    false);
				st = vs_j_obj(c, x, "AssociationState");
				if (st != NULL) {
					vs_j_push_key(c, "AssociationState");
					vs_j_str(c, st, "State", &as.state,
					    false);
					vs_j_pop(c);
				}
				rt->assocs = vs_arena_grow(c->t->arena,
				    rt->assocs, sizeof(*rt->assocs), &capa,
				    rt->n_assocs + 1u);
				rt->assocs[rt->n_assocs++] = as;
			}
			vs_j_pop(c);
		}
		vs_j_pop(c);
	}
	seen_put(LD(c), id, VS_K_RTB, c->t->n[VS_K_RTB] - 1u, hash_json(o));
}

/* ---- gateways ---- */

static const struct vs_origin *
igw_at(const struct vs_topo *t, vs_idx i)
{
	return &t->igws[i].at;
}

static const struct vs_origin *
eigw_at(const struct vs_topo *t, vs_idx i)
{
	return &t->eigws[i].at;
}

static void
conv_igw(struct vs_jcx *c, const cJSON *o, bool egress_only)
{
	const char *idkey =
	    egress_only ? "EgressOnlyInternetGatewayId" : "InternetGatewayId";
	enum vs_kind k = egress_only ? VS_K_EIGW : VS_K_IGW;
	const char *id = NULL;
	struct vs_igw *g;
	const cJSON *a, *x;
	size_t cap = 0;
	long i = 0;

	if (!vs_j_id(c, o, idkey, &id, true))
		return;
	if (!first_time(c, o, idkey, id, k, egress_only ? eigw_at : igw_at))
		return;
	g = vs_topo_add(c->t, k);
	g->id = id;
	g->egress_only = egress_only;
	g->at = vs_j_here(c);
	vs_j_str(c, o, "OwnerId", &g->owner, false);
	if ((a = vs_j_arr(c, o, "Attachments")) != NULL) {
		vs_j_push_key(c, "Attachments");
		cJSON_ArrayForEach(x, a)
		{
			struct vs_gw_attach at;
			vs_j_push_idx(c, i++);
			memset(&at, 0, sizeof(at));
			if (vs_j_need_obj(c, x) &&
			    vs_j_id(c, x, "VpcId", &at.vpc_id, true)) {
				vs_j_str(c, x, "State", &at.state, false);
				g->att = vs_arena_grow(c->t->arena, g->att,
				    sizeof(*g->att), &cap, g->n_att + 1u);
				g->att[g->n_att++] = at;
			}
			vs_j_pop(c);
		}
		vs_j_pop(c);
	}
	seen_put(LD(c), id, k, c->t->n[k] - 1u, hash_json(o));
}

static const struct vs_origin *
nat_at(const struct vs_topo *t, vs_idx i)
{
	return &t->natgws[i].at;
}

static void
conv_nat(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL, *ct = NULL, *mode = NULL;
	struct vs_natgw *n;
	const cJSON *a, *x;
	size_t cap = 0;
	long i = 0;

	if (!vs_j_id(c, o, "NatGatewayId", &id, true))
		return;
	if (!first_time(c, o, "NatGatewayId", id, VS_K_NATGW, nat_at))
		return;
	n = vs_topo_add(c->t, VS_K_NATGW);
	n->id = id;
	n->at = vs_j_here(c);
	vs_j_id(c, o, "SubnetId", &n->subnet_id, false);
	vs_j_id(c, o, "VpcId", &n->vpc_id, false);
	vs_j_str(c, o, "State", &n->state, false);
	vs_j_str(c, o, "ConnectivityType", &ct, false);
	n->private_nat = ct != NULL && strcmp(ct, "private") == 0;
	vs_j_str(c, o, "AvailabilityMode", &mode, false);
	n->regional = mode != NULL && strcmp(mode, "regional") == 0;
	if ((a = vs_j_arr(c, o, "NatGatewayAddresses")) != NULL) {
		vs_j_push_key(c, "NatGatewayAddresses");
		cJSON_ArrayForEach(x, a)
		{
			struct vs_nat_addr na;
			bool has;
			vs_j_push_idx(c, i++);
			memset(&na, 0, sizeof(na));
			if (vs_j_need_obj(c, x) &&
			    vs_j_addr(c, x, "PrivateIp", VS_AF4, &na.priv,
				&has)) {
				vs_j_addr(c, x, "PublicIp", VS_AF4, &na.pub,
				    &na.has_public);
				vs_j_id(c, x, "NetworkInterfaceId", &na.eni_id,
				    false);
				vs_j_bool(c, x, "IsPrimary", &na.primary);
				if (has) {
					n->addrs = vs_arena_grow(c->t->arena,
					    n->addrs, sizeof(*n->addrs), &cap,
					    n->n_addrs + 1u);
					n->addrs[n->n_addrs++] = na;
				}
			}
			vs_j_pop(c);
		}
		vs_j_pop(c);
	}
	seen_put(LD(c), id, VS_K_NATGW, c->t->n[VS_K_NATGW] - 1u, hash_json(o));
}

/* ---- peering ---- */

static void
conv_pcx_side(struct vs_jcx *c, const cJSON *o, const char *key,
    struct vs_pcx_side *s)
{
	const cJSON *x = vs_j_obj(c, o, key);
	struct vs_prefix p;
	bool has;
	size_t cap = s->n_cidrs;

	if (x == NULL)
		return;
	vs_j_push_key(c, key);
	if (s->vpc_id == NULL)
		vs_j_id(c, x, "VpcId", &s->vpc_id, false);
	if (s->owner == NULL)
		vs_j_str(c, x, "OwnerId", &s->owner, false);
	if (s->region == NULL)
		vs_j_str(c, x, "Region", &s->region, false);
	if (vs_j_pfx(c, x, "CidrBlock", VS_AF4, &p, &has) && has)
		add_prefix(c, &s->cidrs, &s->n_cidrs, &cap, &p);
	cidr_set(c, x, "CidrBlockSet", "CidrBlock", NULL, VS_AF4, &s->cidrs,
	    &s->n_cidrs, &cap);
	cidr_set(c, x, "Ipv6CidrBlockSet", "Ipv6CidrBlock", NULL, VS_AF6,
	    &s->cidrs, &s->n_cidrs, &cap);
	vs_j_pop(c);
}

static void
conv_pcx(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct seen *s;
	struct vs_pcx *p;
	const cJSON *st;

	if (!vs_j_id(c, o, "VpcPeeringConnectionId", &id, true))
		return;
	s = seen_get(LD(c), id);
	if (s != NULL && s->kind == VS_K_PCX) {
		/* the same peering seen from the other account: merge */
		p = &c->t->pcxs[s->idx];
	} else if (s != NULL) {
		vs_j_err(c, vs_j_field(o, "VpcPeeringConnectionId"),
		    "VpcPeeringConnectionId", "id %s is already used by a %s",
		    id, vs_kind_names[s->kind]);
		return;
	} else {
		p = vs_topo_add(c->t, VS_K_PCX);
		p->id = id;
		p->at = vs_j_here(c);
		seen_put(LD(c), id, VS_K_PCX, c->t->n[VS_K_PCX] - 1u, 0);
	}
	st = vs_j_obj(c, o, "Status");
	if (st != NULL && p->status == NULL) {
		vs_j_push_key(c, "Status");
		vs_j_str(c, st, "Code", &p->status, false);
		vs_j_pop(c);
	}
	conv_pcx_side(c, o, "RequesterVpcInfo", &p->req);
	conv_pcx_side(c, o, "AccepterVpcInfo", &p->acc);
}

/* ---- prefix lists ---- */

static struct vs_pl *
pl_get(struct vs_jcx *c, const char *id, const cJSON *at_node, const char *key)
{
	struct seen *s = seen_get(LD(c), id);
	struct vs_pl *p;

	if (s != NULL && s->kind == VS_K_PL)
		return &c->t->pls[s->idx];
	if (s != NULL) {
		vs_j_err(c, at_node, key, "id %s is already used by a %s", id,
		    vs_kind_names[s->kind]);
		return NULL;
	}
	p = vs_topo_add(c->t, VS_K_PL);
	p->id = id;
	p->at = vs_j_here(c);
	seen_put(LD(c), id, VS_K_PL, c->t->n[VS_K_PL] - 1u, 0);
	return p;
}

static void
pl_add_entry(struct vs_jcx *c, struct vs_pl *p, const struct vs_prefix *e)
{
	size_t cap = p->n_entries;
	uint32_t i;

	for (i = 0; i < p->n_entries; i++)
		if (vs_prefix_cmp(&p->entries[i], e) == 0)
			return;
	p->entries = vs_arena_grow(c->t->arena, p->entries, sizeof(*p->entries),
	    &cap, p->n_entries + 1u);
	p->entries[p->n_entries++] = *e;
	if (p->af == 0)
		p->af = e->addr.af;
}

static void
conv_pl(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL, *af = NULL;
	struct vs_pl *p;
	const cJSON *a, *x;
	long i = 0;

	if (!vs_j_id(c, o, "PrefixListId", &id, true))
		return;
	p = pl_get(c, id, vs_j_field(o, "PrefixListId"), "PrefixListId");
	if (p == NULL)
		return;
	if (p->name == NULL)
		vs_j_str(c, o, "PrefixListName", &p->name, false);
	if (p->owner == NULL)
		vs_j_str(c, o, "OwnerId", &p->owner, false);
	vs_j_str(c, o, "AddressFamily", &af, false);
	if (af != NULL)
		p->af = strcmp(af, "IPv6") == 0 ? VS_AF6 : VS_AF4;
	/* describe-prefix-lists (AWS service lists) carries the CIDRs */
	if ((a = vs_j_arr(c, o, "Cidrs")) != NULL) {
		vs_j_push_key(c, "Cidrs");
		p->entries_known = true;
		cJSON_ArrayForEach(x, a)
		{
			struct vs_prefix e;
			vs_j_push_idx(c, i++);
			if (vs_j_parse_pfx(c, x, NULL, 0, &e))
				pl_add_entry(c, p, &e);
			vs_j_pop(c);
		}
		vs_j_pop(c);
	}
}

/* `get-managed-prefix-list-entries` output: which list it belongs to. */
static const char *
entries_owner(struct vs_jcx *c, const cJSON *root)
{
	const cJSON *id = vs_j_field(root, "PrefixListId");
	const char *base, *p;
	size_t n;

	if (id != NULL && cJSON_IsString(id))
		return vs_j_intern(c, id->valuestring);
	base = strrchr(c->fname, '/');
	base = base ? base + 1 : c->fname;
	p = strstr(base, "pl-");
	if (p == NULL)
		return NULL;
	for (n = 3;
	     (p[n] >= '0' && p[n] <= '9') || (p[n] >= 'a' && p[n] <= 'z'); n++)
		;
	return n > 3 ? vs_arena_strndup(c->t->arena, p, n) : NULL;
}

static void
conv_entries(struct vs_jcx *c, const cJSON *root, const cJSON *a)
{
	const char *id = entries_owner(c, root);
	struct vs_pl *p;
	const cJSON *x;
	long i = 0;

	if (id == NULL) {
		vs_j_err(c, a, NULL,
		    "prefix-list entries without a list: add a top-level "
		    "\"PrefixListId\" key or put the pl- id in the file name");
		return;
	}
	p = pl_get(c, id, a, NULL);
	if (p == NULL)
		return;
	p->entries_known = true;
	cJSON_ArrayForEach(x, a)
	{
		struct vs_prefix e;
		bool has;
		vs_j_push_idx(c, i++);
		if (vs_j_need_obj(c, x) &&
		    vs_j_pfx(c, x, "Cidr", 0, &e, &has)) {
			if (has)
				pl_add_entry(c, p, &e);
			else
				vs_j_err(c, x, NULL,
				    "missing required key \"Cidr\"");
		}
		vs_j_pop(c);
	}
}

/* ---- endpoints ---- */

static const struct vs_origin *
vpce_at(const struct vs_topo *t, vs_idx i)
{
	return &t->vpces[i].at;
}

static void
conv_vpce(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_vpce *e;

	if (!vs_j_id(c, o, "VpcEndpointId", &id, true))
		return;
	if (!first_time(c, o, "VpcEndpointId", id, VS_K_VPCE, vpce_at))
		return;
	e = vs_topo_add(c->t, VS_K_VPCE);
	e->id = id;
	e->at = vs_j_here(c);
	vs_j_str(c, o, "VpcEndpointType", &e->type, false);
	vs_j_id(c, o, "VpcId", &e->vpc_id, false);
	vs_j_str(c, o, "ServiceName", &e->service, false);
	vs_j_str(c, o, "State", &e->state, false);
	e->rtb_ids = vs_j_strlist(c, o, "RouteTableIds", NULL, &e->n_rtb_ids);
	e->subnet_ids = vs_j_strlist(c, o, "SubnetIds", NULL, &e->n_subnet_ids);
	e->eni_ids =
	    vs_j_strlist(c, o, "NetworkInterfaceIds", NULL, &e->n_eni_ids);
	e->group_ids = vs_j_strlist(c, o, "Groups", "GroupId", &e->n_group_ids);
	seen_put(LD(c), id, VS_K_VPCE, c->t->n[VS_K_VPCE] - 1u, hash_json(o));
}

/* ---- transit gateways ---- */

static void *
merge_get(struct vs_jcx *c, enum vs_kind k, const char *id, const cJSON *o,
    const char *idkey)
{
	struct seen *s = seen_get(LD(c), id);
	size_t elsz = 0;
	unsigned char *arr = NULL;

	switch (k) {
	case VS_K_TGW:
		arr = (unsigned char *)c->t->tgws;
		elsz = sizeof(*c->t->tgws);
		break;
	case VS_K_TGW_ATTACH:
		arr = (unsigned char *)c->t->tgw_attaches;
		elsz = sizeof(*c->t->tgw_attaches);
		break;
	case VS_K_TGW_RTB:
		arr = (unsigned char *)c->t->tgw_rtbs;
		elsz = sizeof(*c->t->tgw_rtbs);
		break;
	default:
		abort();
	}
	if (s != NULL && s->kind == k)
		return arr + elsz * s->idx;
	if (s != NULL) {
		vs_j_err(c, o ? vs_j_field(o, idkey) : NULL, idkey,
		    "id %s is already used by a %s", id,
		    vs_kind_names[s->kind]);
		return NULL;
	}
	arr = vs_topo_add(c->t, k);
	/* every struct starts with id; its origin is set by the caller */
	*(const char **)(void *)arr = id;
	seen_put(LD(c), id, k, c->t->n[k] - 1u, 0);
	return arr;
}

static bool
enabled(const char *s)
{
	return s != NULL && strcmp(s, "enable") == 0;
}

static void
conv_tgw(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL, *s;
	struct vs_tgw *g;
	const cJSON *op;

	if (!vs_j_id(c, o, "TransitGatewayId", &id, true))
		return;
	g = merge_get(c, VS_K_TGW, id, o, "TransitGatewayId");
	if (g == NULL)
		return;
	if (g->at.file == NULL)
		g->at = vs_j_here(c);
	if (g->owner == NULL)
		vs_j_str(c, o, "OwnerId", &g->owner, false);
	if (g->state == NULL)
		vs_j_str(c, o, "State", &g->state, false);
	op = vs_j_obj(c, o, "Options");
	if (op == NULL)
		return;
	vs_j_push_key(c, "Options");
	vs_j_id(c, op, "AssociationDefaultRouteTableId", &g->assoc_rtb_id,
	    false);
	vs_j_id(c, op, "PropagationDefaultRouteTableId", &g->prop_rtb_id,
	    false);
	s = NULL;
	vs_j_str(c, op, "DefaultRouteTableAssociation", &s, false);
	if (s != NULL)
		g->default_assoc = enabled(s);
	s = NULL;
	vs_j_str(c, op, "DefaultRouteTablePropagation", &s, false);
	if (s != NULL)
		g->default_prop = enabled(s);
	s = NULL;
	vs_j_str(c, op, "SecurityGroupReferencingSupport", &s, false);
	if (s != NULL)
		g->sg_ref = enabled(s);
	vs_j_pop(c);
}

static void
conv_tgw_attach(struct vs_jcx *c, const cJSON *o, bool vpc_view)
{
	const char *id = NULL, *s;
	struct vs_tgw_attach *a;
	const cJSON *x;

	if (!vs_j_id(c, o, "TransitGatewayAttachmentId", &id, true))
		return;
	a = merge_get(c, VS_K_TGW_ATTACH, id, o, "TransitGatewayAttachmentId");
	if (a == NULL)
		return;
	if (a->at.file == NULL)
		a->at = vs_j_here(c);
	if (a->tgw_id == NULL)
		vs_j_id(c, o, "TransitGatewayId", &a->tgw_id, false);
	if (a->state == NULL)
		vs_j_str(c, o, "State", &a->state, false);
	if (vpc_view) {
		a->has_vpc_details = true;
		if (a->type == NULL)
			a->type = "vpc";
		if (a->resource_id == NULL)
			vs_j_id(c, o, "VpcId", &a->resource_id, false);
		if (a->resource_owner == NULL)
			vs_j_str(c, o, "VpcOwnerId", &a->resource_owner, false);
		if (a->subnet_ids == NULL)
			a->subnet_ids = vs_j_strlist(c, o, "SubnetIds", NULL,
			    &a->n_subnet_ids);
		x = vs_j_obj(c, o, "Options");
		if (x != NULL) {
			vs_j_push_key(c, "Options");
			s = NULL;
			vs_j_str(c, x, "ApplianceModeSupport", &s, false);
			a->appliance_mode = enabled(s);
			s = NULL;
			vs_j_str(c, x, "SecurityGroupReferencingSupport", &s,
			    false);
			a->sg_ref = enabled(s);
			s = NULL;
			vs_j_str(c, x, "Ipv6Support", &s, false);
			a->ipv6 = enabled(s);
			vs_j_pop(c);
		}
		return;
	}
	if (a->type == NULL)
		vs_j_str(c, o, "ResourceType", &a->type, false);
	if (a->resource_id == NULL)
		vs_j_id(c, o, "ResourceId", &a->resource_id, false);
	if (a->resource_owner == NULL)
		vs_j_str(c, o, "ResourceOwnerId", &a->resource_owner, false);
	x = vs_j_obj(c, o, "Association");
	if (x != NULL && a->rtb_id == NULL) {
		vs_j_push_key(c, "Association");
		vs_j_id(c, x, "TransitGatewayRouteTableId", &a->rtb_id, false);
		vs_j_str(c, x, "State", &a->assoc_state, false);
		vs_j_pop(c);
	}
}

static struct vs_tgw_rtb *
tgw_rtb_get(struct vs_jcx *c, const char *id, const cJSON *o, const char *key)
{
	struct vs_tgw_rtb *r = merge_get(c, VS_K_TGW_RTB, id, o, key);
	if (r != NULL && r->at.file == NULL)
		r->at = vs_j_here(c);
	return r;
}

static void
conv_tgw_rtb(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_tgw_rtb *r;

	if (!vs_j_id(c, o, "TransitGatewayRouteTableId", &id, true))
		return;
	r = tgw_rtb_get(c, id, o, "TransitGatewayRouteTableId");
	if (r == NULL)
		return;
	if (r->tgw_id == NULL)
		vs_j_id(c, o, "TransitGatewayId", &r->tgw_id, false);
	if (r->state == NULL)
		vs_j_str(c, o, "State", &r->state, false);
	vs_j_bool(c, o, "DefaultAssociationRouteTable", &r->default_assoc);
	vs_j_bool(c, o, "DefaultPropagationRouteTable", &r->default_prop);
}

static void
conv_tgw_routes(struct vs_jcx *c, struct vs_tgw_rtb *r, const cJSON *a)
{
	const cJSON *x;
	long i = 0;
	size_t cap = r->n_routes;

	r->routes_known = true;
	cJSON_ArrayForEach(x, a)
	{
		struct vs_tgw_route rt;
		const char *type = NULL;
		bool has;
		const cJSON *att, *y;
		long j = 0;
		vs_j_push_idx(c, i++);
		memset(&rt, 0, sizeof(rt));
		if (!vs_j_need_obj(c, x) ||
		    !vs_j_pfx(c, x, "DestinationCidrBlock", 0, &rt.dst, &has) ||
		    !vs_j_id(c, x, "PrefixListId", &rt.pl_id, false)) {
			vs_j_pop(c);
			continue;
		}
		if (has == (rt.pl_id != NULL)) {
			vs_j_err(c, x, NULL,
			    "a transit gateway route needs exactly one of "
			    "DestinationCidrBlock and PrefixListId");
			vs_j_pop(c);
			continue;
		}
		rt.to_pl = rt.pl_id != NULL;
		vs_j_str(c, x, "Type", &type, false);
		rt.propagated = type != NULL && strcmp(type, "propagated") == 0;
		vs_j_str(c, x, "State", &rt.state, false);
		rt.blackhole =
		    rt.state != NULL && strcmp(rt.state, "blackhole") == 0;
		att = vs_j_arr(c, x, "TransitGatewayAttachments");
		if (att != NULL) {
			rt.attach_ids = vs_arena_alloc(c->t->arena,
			    sizeof(char *) *
				((size_t)cJSON_GetArraySize(att) + 1u));
			vs_j_push_key(c, "TransitGatewayAttachments");
			cJSON_ArrayForEach(y, att)
			{
				const char *aid = NULL;
				vs_j_push_idx(c, j++);
				if (vs_j_need_obj(c, y) &&
				    vs_j_id(c, y, "TransitGatewayAttachmentId",
					&aid, false) &&
				    aid != NULL)
					rt.attach_ids[rt.n_attach++] = aid;
				vs_j_pop(c);
			}
			vs_j_pop(c);
		}
		r->routes = vs_arena_grow(c->t->arena, r->routes,
		    sizeof(*r->routes), &cap, r->n_routes + 1u);
		r->routes[r->n_routes++] = rt;
		vs_j_pop(c);
	}
}

/* Batfish layout: [{TransitGatewayRouteTableId, Routes: [...]}] */
static void
conv_tgw_static(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_tgw_rtb *r;
	const cJSON *a;

	if (!vs_j_id(c, o, "TransitGatewayRouteTableId", &id, true))
		return;
	r = tgw_rtb_get(c, id, o, "TransitGatewayRouteTableId");
	if (r == NULL)
		return;
	{
		bool more = false;
		vs_j_bool(c, o, "AdditionalRoutesAvailable", &more);
		if (more) {
			r->routes_truncated = true;
			vs_j_warn(c, o, "AdditionalRoutesAvailable",
			    "transit gateway route table %s: the route listing "
			    "is truncated; verdicts through it will be unknown",
			    id);
		}
	}
	a = vs_j_arr(c, o, "Routes");
	if (a == NULL) {
		r->routes_known = true;
		return;
	}
	vs_j_push_key(c, "Routes");
	conv_tgw_routes(c, r, a);
	vs_j_pop(c);
}

static void
conv_tgw_props(struct vs_jcx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_tgw_rtb *r;
	const cJSON *a, *x;
	size_t cap;
	long i = 0;

	if (!vs_j_id(c, o, "TransitGatewayRouteTableId", &id, true))
		return;
	r = tgw_rtb_get(c, id, o, "TransitGatewayRouteTableId");
	if (r == NULL)
		return;
	cap = r->n_props;
	a = vs_j_arr(c, o, "TransitGatewayRouteTablePropagations");
	if (a == NULL)
		return;
	vs_j_push_key(c, "TransitGatewayRouteTablePropagations");
	cJSON_ArrayForEach(x, a)
	{
		struct vs_tgw_prop p;
		vs_j_push_idx(c, i++);
		memset(&p, 0, sizeof(p));
		if (vs_j_need_obj(c, x) &&
		    vs_j_id(c, x, "TransitGatewayAttachmentId", &p.attach_id,
			true)) {
			vs_j_str(c, x, "State", &p.state, false);
			r->props = vs_arena_grow(c->t->arena, r->props,
			    sizeof(*r->props), &cap, r->n_props + 1u);
			r->props[r->n_props++] = p;
		}
		vs_j_pop(c);
	}
	vs_j_pop(c);
}

/* search-transit-gateway-routes output: {Routes, AdditionalRoutesAvailable}
 * plus a TransitGatewayRouteTableId key (or a tgw-rtb- id in the name). */
static void
conv_tgw_search(struct vs_jcx *c, const cJSON *root, const cJSON *a)
{
	const cJSON *idn = vs_j_field(root, "TransitGatewayRouteTableId");
	const char *id = NULL, *base, *p;
	struct vs_tgw_rtb *r;
	size_t n;

	if (idn != NULL && cJSON_IsString(idn)) {
		id = vs_j_intern(c, idn->valuestring);
	} else {
		base = strrchr(c->fname, '/');
		base = base ? base + 1 : c->fname;
		p = strstr(base, "tgw-rtb-");
		if (p != NULL) {
			for (n = 8; (p[n] >= '0' && p[n] <= '9') ||
				    (p[n] >= 'a' && p[n] <= 'z');
			     n++)
				;
			if (n > 8)
				id = vs_arena_strndup(c->t->arena, p, n);
		}
	}
	if (id == NULL) {
		vs_j_warn(c, a, NULL,
		    "transit gateway routes without a route table: add a "
		    "top-level \"TransitGatewayRouteTableId\" key or put the "
		    "tgw-rtb- id in the file name; ignored");
		return;
	}
	r = tgw_rtb_get(c, id, NULL, NULL);
	if (r != NULL) {
		const cJSON *more =
		    vs_j_field(root, "AdditionalRoutesAvailable");
		if (more != NULL && cJSON_IsTrue(more)) {
			r->routes_truncated = true;
			vs_j_warn(c, more, NULL,
			    "transit gateway route table %s: the route listing "
			    "is truncated; verdicts through it will be unknown",
			    id);
		}
		conv_tgw_routes(c, r, a);
	}
}

static void
conv_bpa_options(struct vs_jcx *c, const cJSON *o)
{
	const char *m = NULL;

	if (!vs_j_need_obj(c, o))
		return;
	vs_j_str(c, o, "InternetGatewayBlockMode", &m, false);
	c->t->bpa_mode = bpa_mode(m);
	c->t->bpa_known = true;
}

static void
conv_bpa_excl(struct vs_jcx *c, const cJSON *o)
{
	struct vs_bpa_excl e;

	memset(&e, 0, sizeof(e));
	vs_j_id(c, o, "ExclusionId", &e.id, false);
	vs_j_str(c, o, "InternetGatewayExclusionMode", &e.mode, false);
	vs_j_str(c, o, "ResourceArn", &e.resource, false);
	vs_j_str(c, o, "State", &e.state, false);
	c->t->bpa_excl =
	    vs_arena_grow(c->t->arena, c->t->bpa_excl, sizeof(*c->t->bpa_excl),
		&c->t->cap_bpa_excl, c->t->n_bpa_excl + 1u);
	c->t->bpa_excl[c->t->n_bpa_excl++] = e;
}

/* ---- dispatch ---- */

typedef void (*conv_fn)(struct vs_jcx *, const cJSON *);

static void
conv_igw4(struct vs_jcx *c, const cJSON *o)
{
	conv_igw(c, o, false);
}

static void
conv_eigw(struct vs_jcx *c, const cJSON *o)
{
	conv_igw(c, o, true);
}

static void
conv_tgw_attach_any(struct vs_jcx *c, const cJSON *o)
{
	conv_tgw_attach(c, o, false);
}

static void
conv_tgw_attach_vpc(struct vs_jcx *c, const cJSON *o)
{
	conv_tgw_attach(c, o, true);
}

static const struct {
	const char *key;
	conv_fn fn;
} handlers[] = {
    {"Vpcs", conv_vpc},
    {"Subnets", conv_subnet},
    {"NetworkInterfaces", conv_eni},
    {"Reservations", conv_reservation},
    {"SecurityGroups", conv_sg},
    {"SecurityGroupRules", conv_sgr},
    {"NetworkAcls", conv_nacl},
    {"RouteTables", conv_rtb},
    {"InternetGateways", conv_igw4},
    {"EgressOnlyInternetGateways", conv_eigw},
    {"NatGateways", conv_nat},
    {"VpcPeeringConnections", conv_pcx},
    {"PrefixLists", conv_pl},
    {"VpcEndpoints", conv_vpce},
    {"TransitGateways", conv_tgw},
    {"TransitGatewayAttachments", conv_tgw_attach_any},
    {"TransitGatewayVpcAttachments", conv_tgw_attach_vpc},
    {"TransitGatewayRouteTables", conv_tgw_rtb},
    {"TransitGatewayStaticRoutes", conv_tgw_static},
    {"TransitGatewayPropagations", conv_tgw_props},
    {"VpcBlockPublicAccessExclusions", conv_bpa_excl},
};

/* Keys that carry no resources: pagination and companions of others. */
static bool
quiet_key(const char *k, const cJSON *root)
{
	if (strcmp(k, "NextToken") == 0 || strcmp(k, "ResponseMetadata") == 0)
		return true;
	if ((strcmp(k, "PrefixListId") == 0) && vs_j_field(root, "Entries"))
		return true;
	if ((strcmp(k, "TransitGatewayRouteTableId") == 0 ||
		strcmp(k, "AdditionalRoutesAvailable") == 0) &&
	    vs_j_field(root, "Routes"))
		return true;
	return false;
}

static void
note_unmodelled(struct vs_jcx *c, const char *key)
{
	uintptr_t *slot;
	struct unmodelled *u;
	char cut[VS_SMAP_KEYMAX];
	const char *k = key;

	/* the map is walked in order later, through a buffer of
	 * VS_SMAP_KEYMAX bytes: a longer key is cut short for the warning */
	if (strlen(key) >= VS_SMAP_KEYMAX - 8) {
		snprintf(cut, sizeof(cut), "%.*s...", VS_SMAP_KEYMAX - 12, key);
		k = cut;
	}
	if (vs_smap_get(&LD(c)->keys_this_file, k, NULL))
		return;
	*vs_smap_slot(&LD(c)->keys_this_file, k) = 1;
	slot = vs_smap_slot(&LD(c)->unmod, k);
	if (*slot == 0) {
		u = vs_arena_alloc(LD(c)->tmp, sizeof(*u));
		u->file = vs_arena_strdup(LD(c)->tmp, c->fname);
		u->files = 0;
		*slot = (uintptr_t)u;
	}
	u = (struct unmodelled *)*slot;
	u->files++;
}

static void
convert_root(struct vs_jcx *c, const cJSON *root)
{
	const cJSON *item;
	char b[128];
	size_t h;

	if (!cJSON_IsObject(root)) {
		vs_j_err(c, root, NULL,
		    "expected a JSON object with describe-* keys (Vpcs, "
		    "Subnets, ...) at the top level, got %s",
		    vs_j_desc(c, root, NULL, b, sizeof(b)));
		return;
	}
	cJSON_ArrayForEach(item, root)
	{
		const char *k = item->string;
		bool done = false;

		if (k == NULL)
			continue;
		for (h = 0; h < sizeof(handlers) / sizeof(handlers[0]); h++) {
			const cJSON *e;
			long i = 0;
			if (strcmp(k, handlers[h].key) != 0)
				continue;
			done = true;
			if (!cJSON_IsArray(item)) {
				vs_j_err(c, item, k,
				    "expected an array, got %s",
				    vs_j_desc(c, item, k, b, sizeof(b)));
				break;
			}
			vs_j_push_key(c, k);
			cJSON_ArrayForEach(e, item)
			{
				vs_j_push_idx(c, i++);
				if (vs_j_need_obj(c, e))
					handlers[h].fn(c, e);
				vs_j_pop(c);
			}
			vs_j_pop(c);
			break;
		}
		if (done)
			continue;
		if (strcmp(k, "Entries") == 0 || strcmp(k, "Routes") == 0) {
			if (!cJSON_IsArray(item)) {
				vs_j_err(c, item, k,
				    "expected an array, got %s",
				    vs_j_desc(c, item, k, b, sizeof(b)));
				continue;
			}
			vs_j_push_key(c, k);
			if (k[0] == 'E')
				conv_entries(c, root, item);
			else
				conv_tgw_search(c, root, item);
			vs_j_pop(c);
		} else if (strcmp(k, "VpcBlockPublicAccessOptions") == 0) {
			vs_j_push_key(c, k);
			conv_bpa_options(c, item);
			vs_j_pop(c);
		} else if (!quiet_key(k, root)) {
			note_unmodelled(c, k);
		}
	}
}

/* ---- public entry points ---- */

struct vs_loader *
vs_loader_new(struct vs_topo *t, struct vs_diags *d)
{
	struct vs_loader *l = vs_xcalloc(1, sizeof(*l));
	cJSON_Hooks hooks = {cj_malloc, cj_free};

	cJSON_InitHooks(&hooks);
	l->t = t;
	l->d = d;
	l->tmp = vs_arena_new();
	l->tree = vs_arena_new();
	l->errors_at_start = vs_diags_errors(d);
	return l;
}

static int
run(struct vs_loader *l, const cJSON *root, const struct vs_src *src)
{
	struct vs_jcx c;

	vs_jcx_init(&c, l->t, l->d, src);
	c.owner = l;
	convert_root(&c, root);
	vs_smap_free(&l->keys_this_file);
	return vs_diags_errors(l->d) > l->errors_at_start ? -1 : 0;
}

int
vs_loader_tree(struct vs_loader *l, const cJSON *root, const struct vs_src *src)
{
	return run(l, root, src);
}

/* Append "/key" to a JSON pointer of n bytes (escaping ~ and /). */
static size_t
ptr_push(char *path, size_t n, size_t cap, const char *key)
{
	if (n + 2 < cap)
		path[n++] = '/';
	for (; *key && n + 3 < cap; key++) {
		if (*key == '~' || *key == '/') {
			path[n++] = '~';
			path[n++] = *key == '~' ? '0' : '1';
		} else {
			path[n++] = *key;
		}
	}
	path[n] = '\0';
	return n;
}

/*
 * The first object member, in document order, whose key an earlier member
 * of the same object already has: JSON allows it, and the parser would
 * keep only one of the two silently.  *path gets the object's pointer;
 * the key is returned.
 */
static const char *
dup_key(const cJSON *n, char *path, size_t len, size_t cap, struct vs_arena *a)
{
	const cJSON *c, *d;
	size_t i, k;

	if (cJSON_IsObject(n)) {
		size_t cnt = 0;
		for (c = n->child; c; c = c->next)
			cnt++;
		if (cnt <= 16) {
			for (c = n->child; c; c = c->next)
				for (d = n->child; d != c; d = d->next)
					if (strcmp(c->string, d->string) == 0)
						return c->string;
		} else {
			/* a hash set of the keys seen, in the arena */
			size_t sz = 32;
			const char **tab;
			while (sz < cnt * 2)
				sz *= 2;
			tab = vs_arena_zalloc(a, sz * sizeof(*tab));
			for (c = n->child; c; c = c->next) {
				uint64_t h = 0xcbf29ce484222325ull;
				const char *q;
				for (q = c->string; *q; q++)
					h = (h ^ (unsigned char)*q) *
					    0x100000001b3ull;
				for (k = h & (sz - 1); tab[k] != NULL;
				     k = (k + 1) & (sz - 1))
					if (strcmp(tab[k], c->string) == 0)
						return c->string;
				tab[k] = c->string;
			}
		}
		for (c = n->child; c; c = c->next) {
			size_t m = ptr_push(path, len, cap, c->string);
			const char *r = dup_key(c, path, m, cap, a);
			if (r != NULL)
				return r;
			path[len] = '\0';
		}
		return NULL;
	}
	if (cJSON_IsArray(n)) {
		for (c = n->child, i = 0; c; c = c->next, i++) {
			char idx[24];
			size_t m;
			snprintf(idx, sizeof(idx), "%zu", i);
			m = ptr_push(path, len, cap, idx);
			{
				const char *r = dup_key(c, path, m, cap, a);
				if (r != NULL)
					return r;
			}
			path[len] = '\0';
		}
	}
	return NULL;
}

int
vs_loader_text(struct vs_loader *l, const char *text, size_t len,
    const char *file)
{
	struct vs_jpos at;
	char msg[256];
	cJSON *root;
	struct vs_src src;
	int rc;

	l->stats.files++;
	l->stats.bytes += len;
	if (vs_json_validate(text, len, &at, msg, sizeof(msg)) != 0) {
		vs_diag_add(l->d, VS_SEV_ERR, file, at.line, at.col, NULL, "%s",
		    msg);
		return -1;
	}
	{
		struct vs_arena_mark m = vs_arena_mark(l->tree);
		cj_arena = l->tree;
		root = cJSON_ParseWithLength(text, len);
		cj_arena = NULL;
		if (root == NULL) {
			vs_arena_reset(l->tree, m);
			vs_diag_add(l->d, VS_SEV_ERR, file, 0, 0, NULL,
			    "the JSON parser could not read this file");
			return -1;
		}
		{
			char path[1024];
			const char *dk;
			path[0] = '\0';
			dk = dup_key(root, path, 0, sizeof(path), l->tree);
			if (dk != NULL) {
				struct vs_jpos pos;
				char full[1100];
				vs_json_locate(text, len, path, &pos);
				snprintf(full, sizeof(full), "%s/%s", path, dk);
				vs_diag_add(l->d, VS_SEV_ERR, file, pos.line,
				    pos.col, full,
				    "the key \"%s\" appears twice in this "
				    "object (which one counts is not defined)",
				    dk);
				vs_arena_reset(l->tree, m);
				return -1;
			}
		}
		src.file = file;
		src.text = text;
		src.len = len;
		src.marks = NULL;
		rc = run(l, root, &src);
		/* the whole tree lives in l->tree after the mark */
		vs_arena_reset(l->tree, m);
	}
	return rc;
}

int
vs_read_file(const char *path, uint64_t max, char **buf, size_t *len, char *err,
    size_t errlen)
{
	FILE *f;
	struct stat st;
	size_t cap, n = 0, r;
	char *b;

	f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		snprintf(err, errlen, "is a directory");
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size > max) {
		fclose(f);
		snprintf(err, errlen,
		    "file is %.1f MiB; vpcsim reads files up to %.0f MiB",
		    (double)st.st_size / 1048576.0, (double)max / 1048576.0);
		return -1;
	}
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
	b = vs_xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			/* full: more than max bytes is too much; else room
			 * for up to max + 1 bytes (and the NUL), enough to
			 * see whether the input goes past max */
			if ((uint64_t)n > max) {
				free(b);
				fclose(f);
				snprintf(err, errlen,
				    "input exceeds %.0f MiB; refused",
				    (double)max / 1048576.0);
				return -1;
			}
			cap = (uint64_t)cap * 2 > max + 2 ? (size_t)(max + 2)
							  : cap * 2;
			b = vs_xrealloc(b, cap);
		}
		r = fread(b + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "read error: %s", strerror(errno));
		free(b);
		fclose(f);
		return -1;
	}
	fclose(f);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

static int
load_file(struct vs_loader *l, const char *path)
{
	char *buf;
	size_t len;
	char err[256];
	int rc;

	if (vs_read_file(path, VS_LOAD_MAX_FILE, &buf, &len, err,
		sizeof(err)) != 0) {
		vs_diag_add(l->d, VS_SEV_ERR, path, 0, 0, NULL, "%s", err);
		return -1;
	}
	rc = vs_loader_text(l, buf, len, path);
	free(buf);
	return rc;
}

static bool
is_json_name(const char *n)
{
	size_t len = strlen(n);
	return len > 5 && (strcmp(n + len - 5, ".json") == 0 ||
			      strcmp(n + len - 5, ".JSON") == 0);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
load_dir(struct vs_loader *l, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (depth > MAX_DIR_DEPTH) {
		vs_diag_add(l->d, VS_SEV_ERR, dir, 0, 0, NULL,
		    "folders nested deeper than %d levels (a symbolic link "
		    "loop?)",
		    MAX_DIR_DEPTH);
		return;
	}
	{
		/* each folder once: links to a folder already read (one
		 * above it makes a loop) are passed over */
		struct stat ds;
		size_t k;
		if (stat(dir, &ds) == 0) {
			for (k = 0; k < l->n_dirs; k++)
				if (l->dirs[k].dev == ds.st_dev &&
				    l->dirs[k].ino == ds.st_ino) {
					vs_diag_add(l->d, VS_SEV_WARN, dir, 0,
					    0, NULL,
					    "the same folder as one already "
					    "read (a symbolic link, perhaps "
					    "a loop); read once");
					return;
				}
			l->dirs = vs_xgrow(l->dirs, sizeof(*l->dirs),
			    &l->cap_dirs, l->n_dirs + 1);
			l->dirs[l->n_dirs].dev = ds.st_dev;
			l->dirs[l->n_dirs].ino = ds.st_ino;
			l->n_dirs++;
		}
	}
	d = opendir(dir);
	if (d == NULL) {
		vs_diag_add(l->d, VS_SEV_ERR, dir, 0, 0, NULL,
		    "cannot open folder: %s", strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = vs_xgrow(names, sizeof(*names), &cap, n + 1);
		names[n++] = vs_xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		struct stat st;
		size_t plen = strlen(dir) + strlen(names[i]) + 2;
		char *p = vs_xmalloc(plen);
		snprintf(p, plen, "%s/%s", dir, names[i]);
		if (stat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				load_dir(l, p, depth + 1);
			else if (S_ISREG(st.st_mode) && is_json_name(names[i]))
				load_file(l, p);
		}
		free(p);
		free(names[i]);
	}
	free(names);
}

int
vs_loader_path(struct vs_loader *l, const char *path)
{
	struct stat st;
	char *p;
	size_t n;

	if (stat(path, &st) != 0) {
		vs_diag_add(l->d, VS_SEV_ERR, path, 0, 0, NULL, "%s",
		    strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		p = vs_xstrdup(path);
		n = strlen(p);
		while (n > 1 && p[n - 1] == '/')
			p[--n] = '\0';
		load_dir(l, p, 0);
		free(p);
	} else {
		load_file(l, path);
	}
	return vs_diags_errors(l->d) > l->errors_at_start ? -1 : 0;
}

/* Apply SecurityGroupRules: they replace the group's IpPermissions view. */
static void
apply_sgrs(struct vs_loader *l)
{
	struct vs_topo *t = l->t;
	struct vs_smap done = {NULL};
	size_t i;

	for (i = 0; i < l->n_sgrs; i++) {
		struct sgr *s = &l->sgrs[i];
		struct seen *sn = seen_get(l, s->group);
		struct vs_sg *g;
		uintptr_t *slot;
		size_t cap;

		if (sn != NULL && sn->kind != VS_K_SG) {
			vs_diag_add(l->d, VS_SEV_ERR, s->file, 0, 0, s->path,
			    "GroupId %s is not a security group", s->group);
			continue;
		}
		if (sn == NULL) {
			g = vs_topo_add(t, VS_K_SG);
			g->id = s->group;
			g->at.file = s->file;
			g->at.path = s->path;
			seen_put(l, s->group, VS_K_SG, t->n[VS_K_SG] - 1u, 0);
			vs_diag_add(l->d, VS_SEV_WARN, s->file, 0, 0, s->path,
			    "security group %s appears only in "
			    "SecurityGroupRules; its VPC is unknown",
			    s->group);
			sn = seen_get(l, s->group);
		}
		g = &t->sgs[sn->idx];
		{
			struct vs_origin *o =
			    vs_arena_alloc(t->arena, sizeof(*o));
			o->file = s->file;
			o->path = s->path;
			s->rule.at = o;
		}
		slot = vs_smap_slot(&done, s->group);
		if (*slot == 0) {
			/* first rule of this group: drop the other view */
			*slot = 1;
			g->n_rules = 0;
			g->rules = NULL;
			g->rules_from_sgr = true;
			g->at.file = s->file;
		}
		cap = g->n_rules;
		g->rules = vs_arena_grow(t->arena, g->rules, sizeof(*g->rules),
		    &cap, g->n_rules + 1u);
		g->rules[g->n_rules++] = s->rule;
	}
	vs_smap_free(&done);
}

static void
report_unmodelled(struct vs_loader *l)
{
	char key[VS_SMAP_KEYMAX];
	uintptr_t *v;

	key[0] = '\0';
	for (v = vs_smap_first(&l->unmod, key); v != NULL;
	     v = vs_smap_next(&l->unmod, key)) {
		struct unmodelled *u = (struct unmodelled *)*v;
		char path[VS_SMAP_KEYMAX + 2];
		l->stats.unmodelled++;
		snprintf(path, sizeof(path), "/%s", key);
		if (u->files > 1)
			vs_diag_add(l->d, VS_SEV_WARN, u->file, 0, 0, path,
			    "resource type not modelled by vpcsim; ignored "
			    "(in %u files)",
			    u->files);
		else
			vs_diag_add(l->d, VS_SEV_WARN, u->file, 0, 0, path,
			    "resource type not modelled by vpcsim; ignored");
	}
}

/* Give line:col to diagnostics that have a file and a JSON pointer only,
 * by reading the file again (few: diagnostics are capped). */
static void
locate_late(struct vs_diags *d)
{
	size_t i;
	char *buf = NULL;
	size_t len = 0;
	const char *loaded = NULL;

	for (i = 0; i < vs_diags_count(d); i++) {
		struct vs_diag *dg =
		    (struct vs_diag *)(uintptr_t)vs_diags_get(d, i);
		struct vs_jpos pos;
		char err[64];
		if (dg->line != 0 || dg->file == NULL || dg->path == NULL ||
		    !is_json_name(dg->file))
			continue;
		if (loaded == NULL || strcmp(loaded, dg->file) != 0) {
			free(buf);
			buf = NULL;
			loaded = NULL;
			if (vs_read_file(dg->file, VS_LOAD_MAX_FILE, &buf, &len,
				err, sizeof(err)) != 0)
				continue;
			loaded = dg->file;
		}
		if (vs_json_locate(buf, len, dg->path, &pos) == 0 ||
		    pos.line > 0) {
			dg->line = pos.line;
			dg->col = pos.col;
		}
	}
	free(buf);
}

int
vs_loader_done(struct vs_loader **lp, struct vs_load_stats *stats)
{
	struct vs_loader *l = *lp;
	int rc;

	apply_sgrs(l);
	report_unmodelled(l);
	vs_topo_finish(l->t, l->d);
	locate_late(l->d);
	rc = vs_diags_errors(l->d) > l->errors_at_start ? -1 : 0;
	if (stats)
		*stats = l->stats;
	vs_smap_free(&l->seen);
	vs_smap_free(&l->unmod);
	free(l->sgrs);
	free(l->dirs);
	vs_arena_free(&l->tmp);
	vs_arena_free(&l->tree);
	free(l);
	*lp = NULL;
	return rc;
}

struct vs_topo *
vs_snapshot_load(const char *path, struct vs_diags *d,
    struct vs_load_stats *stats)
{
	struct vs_topo *t = vs_topo_new();
	struct vs_loader *l = vs_loader_new(t, d);

	vs_loader_path(l, path);
	if (vs_loader_done(&l, stats) != 0) {
		vs_topo_free(&t);
		return NULL;
	}
	return t;
}
