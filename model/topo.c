/*
 * topo.c - topology storage, derived links and indexes (see topo.h).
 *
 * vs_topo_finish() is the one place where ids become indexes.  It runs in
 * a fixed order (VPCs, subnets, ENIs, ...) so that each step can rely on
 * the links made before it, and it reports every dangling reference once
 * as a warning that names the object, the field and the missing id.
 */
#include "topo.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "mem.h"

const char *const vs_kind_names[VS_K__COUNT] = {
    [VS_K_VPC] = "vpc",
    [VS_K_SUBNET] = "subnet",
    [VS_K_ENI] = "network-interface",
    [VS_K_INSTANCE] = "instance",
    [VS_K_SG] = "security-group",
    [VS_K_NACL] = "network-acl",
    [VS_K_RTB] = "route-table",
    [VS_K_IGW] = "internet-gateway",
    [VS_K_EIGW] = "egress-only-internet-gateway",
    [VS_K_NATGW] = "nat-gateway",
    [VS_K_PCX] = "vpc-peering",
    [VS_K_PL] = "prefix-list",
    [VS_K_VPCE] = "vpc-endpoint",
    [VS_K_TGW] = "transit-gateway",
    [VS_K_TGW_ATTACH] = "transit-gateway-attachment",
    [VS_K_TGW_RTB] = "transit-gateway-route-table",
};

const char *const vs_target_names[VS_TGT__COUNT] = {
    [VS_TGT_LOCAL] = "local",
    [VS_TGT_IGW] = "internet-gateway",
    [VS_TGT_EIGW] = "egress-only-internet-gateway",
    [VS_TGT_NATGW] = "nat-gateway",
    [VS_TGT_PCX] = "vpc-peering",
    [VS_TGT_TGW] = "transit-gateway",
    [VS_TGT_VPCE] = "vpc-endpoint",
    [VS_TGT_ENI] = "network-interface",
    [VS_TGT_INSTANCE] = "instance",
    [VS_TGT_VGW] = "virtual-private-gateway",
    [VS_TGT_LGW] = "local-gateway",
    [VS_TGT_CGW] = "carrier-gateway",
    [VS_TGT_CORE] = "core-network",
    [VS_TGT_ODB] = "odb-network",
    [VS_TGT_IPADDR] = "route-server-address",
    [VS_TGT_OTHER] = "other",
};

struct vs_topo *
vs_topo_new(void)
{
	struct vs_topo *t = vs_xcalloc(1, sizeof(*t));
	t->arena = vs_arena_new();
	return t;
}

static void
clear_derived(struct vs_topo *t)
{
	uint32_t i;

	for (i = 0; i < t->n[VS_K_VPC]; i++) {
		vs_lmap_free(&t->vpcs[i].eni4);
		vs_hmap_free(&t->vpcs[i].eni6);
		vs_lmap_free(&t->vpcs[i].sub4);
	}
	vs_smap_free(&t->ids);
	vs_lmap_free(&t->pub4);
	vs_hmap_free(&t->eni6all);
	vs_lmap_free(&t->priv4all);
	t->n_eni_no_vpc = 0;
	t->finished = false;
}

void
vs_topo_free(struct vs_topo **tp)
{
	struct vs_topo *t;

	if (tp == NULL || *tp == NULL)
		return;
	t = *tp;
	clear_derived(t);
	vs_arena_free(&t->arena);
	free(t);
	*tp = NULL;
}

static void **
array_of(struct vs_topo *t, enum vs_kind k, size_t *elsz)
{
#define CASE(K, F)                                                             \
	case K:                                                                \
		*elsz = sizeof(*t->F);                                         \
		return (void **)&t->F
	switch (k) {
		CASE(VS_K_VPC, vpcs);
		CASE(VS_K_SUBNET, subnets);
		CASE(VS_K_ENI, enis);
		CASE(VS_K_INSTANCE, instances);
		CASE(VS_K_SG, sgs);
		CASE(VS_K_NACL, nacls);
		CASE(VS_K_RTB, rtbs);
		CASE(VS_K_IGW, igws);
		CASE(VS_K_EIGW, eigws);
		CASE(VS_K_NATGW, natgws);
		CASE(VS_K_PCX, pcxs);
		CASE(VS_K_PL, pls);
		CASE(VS_K_VPCE, vpces);
		CASE(VS_K_TGW, tgws);
		CASE(VS_K_TGW_ATTACH, tgw_attaches);
		CASE(VS_K_TGW_RTB, tgw_rtbs);
	case VS_K__COUNT:
		break;
	}
#undef CASE
	abort();
}

void *
vs_topo_add(struct vs_topo *t, enum vs_kind k)
{
	size_t elsz;
	void **arr = array_of(t, k, &elsz);
	unsigned char *p;

	*arr = vs_arena_grow(t->arena, *arr, elsz, &t->cap[k], t->n[k] + 1u);
	p = (unsigned char *)*arr + elsz * t->n[k];
	memset(p, 0, elsz);
	t->n[k]++;
	t->finished = false;
	return p;
}

void
vs_topo_remove(struct vs_topo *t, enum vs_kind k, vs_idx i)
{
	size_t elsz;
	void **arr = array_of(t, k, &elsz);
	unsigned char *p = *arr;

	if (i >= t->n[k])
		return;
	memmove(p + elsz * i, p + elsz * (i + 1u), elsz * (t->n[k] - i - 1u));
	t->n[k]--;
	t->finished = false;
}

uint32_t
vs_topo_count(const struct vs_topo *t, enum vs_kind k)
{
	return t->n[k];
}

/* ---- lookups ---- */

vs_idx
vs_topo_find(const struct vs_topo *t, const char *id, enum vs_kind *kind)
{
	uintptr_t v;

	if (id == NULL || strlen(id) >= VS_SMAP_KEYMAX ||
	    !vs_smap_get(&t->ids, id, &v))
		return VS_NONE;
	if (kind)
		*kind = (enum vs_kind)((v & ~VS_ID_PRESENT) >> 32);
	return (vs_idx)(v & 0xffffffffu);
}

vs_idx
vs_topo_find_kind(const struct vs_topo *t, enum vs_kind k, const char *id)
{
	enum vs_kind got;
	vs_idx i = vs_topo_find(t, id, &got);
	return i != VS_NONE && got == k ? i : VS_NONE;
}

static void
addr_key6(const struct vs_addr *a, unsigned char key[16])
{
	int i;
	for (i = 0; i < 8; i++) {
		key[i] = (unsigned char)(a->hi >> (56 - 8 * i));
		key[i + 8] = (unsigned char)(a->lo >> (56 - 8 * i));
	}
}

vs_idx
vs_topo_eni_by_private(const struct vs_topo *t, vs_idx vpc,
    const struct vs_addr *a)
{
	uintptr_t v;
	unsigned char key[16];

	if (vpc == VS_NONE || vpc >= t->n[VS_K_VPC])
		return VS_NONE;
	if (a->af == VS_AF4) {
		if (vs_lmap_get(&t->vpcs[vpc].eni4, a->lo, &v))
			return (vs_idx)(v - 1);
		return VS_NONE;
	}
	addr_key6(a, key);
	if (vs_hmap_get(&t->vpcs[vpc].eni6, key, 16, &v))
		return (vs_idx)(v - 1);
	return VS_NONE;
}

vs_idx
vs_topo_eni_by_private_any(const struct vs_topo *t, const struct vs_addr *a,
    bool *many)
{
	uintptr_t v;

	*many = false;
	if (a->af != VS_AF4 || !vs_lmap_get(&t->priv4all, a->lo, &v))
		return VS_NONE;
	if (v == VS_PRIV_MANY) {
		*many = true;
		return VS_NONE;
	}
	return (vs_idx)(v - 1);
}

vs_idx
vs_topo_eni_by_public(const struct vs_topo *t, const struct vs_addr *a)
{
	uintptr_t v;
	unsigned char key[16];

	if (a->af == VS_AF4) {
		if (vs_lmap_get(&t->pub4, a->lo, &v))
			return (vs_idx)(v - 1);
		return VS_NONE;
	}
	addr_key6(a, key);
	if (vs_hmap_get(&t->eni6all, key, 16, &v))
		return (vs_idx)(v - 1);
	return VS_NONE;
}

vs_idx
vs_topo_subnet_by_addr(const struct vs_topo *t, vs_idx vpc,
    const struct vs_addr *a)
{
	const struct vs_vpc *v;
	uint32_t i;

	if (vpc == VS_NONE || vpc >= t->n[VS_K_VPC])
		return VS_NONE;
	v = &t->vpcs[vpc];
	if (a->af == VS_AF4) {
		uint64_t key = a->lo;
		uintptr_t s;
		if (vs_lmap_last_le(&v->sub4, &key, &s)) {
			const struct vs_subnet *sn = &t->subnets[s - 1];
			if (vs_prefix_contains(&sn->cidr4, a))
				return (vs_idx)(s - 1);
		}
		return VS_NONE;
	}
	for (i = 0; i < v->n_subnets; i++) {
		const struct vs_subnet *sn = &t->subnets[v->subnets[i]];
		uint32_t j;
		for (j = 0; j < sn->n_cidr6; j++)
			if (vs_prefix_contains(&sn->cidr6[j], a))
				return v->subnets[i];
	}
	return VS_NONE;
}

bool
vs_topo_vpc_contains(const struct vs_topo *t, vs_idx vpc,
    const struct vs_addr *a)
{
	const struct vs_vpc *v;
	uint32_t i;

	if (vpc == VS_NONE || vpc >= t->n[VS_K_VPC])
		return false;
	v = &t->vpcs[vpc];
	for (i = 0; i < v->n_cidrs; i++)
		if (vs_prefix_contains(&v->cidrs[i], a))
			return true;
	return false;
}

vs_idx
vs_topo_instance_primary(const struct vs_topo *t, vs_idx inst)
{
	if (inst == VS_NONE || inst >= t->n[VS_K_INSTANCE] ||
	    t->instances[inst].n_enis == 0)
		return VS_NONE;
	return t->instances[inst].enis[0];
}

bool
vs_topo_eni_owns(const struct vs_topo *t, vs_idx eni, const struct vs_addr *a)
{
	const struct vs_eni *e = &t->enis[eni];
	uint32_t i;

	if (a->af == VS_AF4) {
		for (i = 0; i < e->n_v4; i++)
			if (vs_addr_eq(&e->v4[i].priv, a) ||
			    (e->v4[i].has_public &&
				vs_addr_eq(&e->v4[i].pub, a)))
				return true;
	} else {
		for (i = 0; i < e->n_v6; i++)
			if (vs_addr_eq(&e->v6[i], a))
				return true;
	}
	for (i = 0; i < e->n_pfx; i++)
		if (vs_prefix_contains(&e->pfx[i], a))
			return true;
	return false;
}

bool
vs_subnet_contains(const struct vs_subnet *s, const struct vs_addr *a)
{
	uint32_t i;

	if (a->af == VS_AF4)
		return s->has_cidr4 && vs_prefix_contains(&s->cidr4, a);
	for (i = 0; i < s->n_cidr6; i++)
		if (vs_prefix_contains(&s->cidr6[i], a))
			return true;
	return false;
}

bool
vs_topo_eni_in_group(const struct vs_topo *t, vs_idx eni, vs_idx sg)
{
	const struct vs_eni *e = &t->enis[eni];
	uint32_t i;

	for (i = 0; i < e->n_groups; i++)
		if (e->groups[i] == sg)
			return true;
	return false;
}

/* ---- finish: ids to indexes ---- */

struct fin {
	struct vs_topo *t;
	struct vs_diags *d;
};

static void warn(struct fin *f, const struct vs_origin *at, const char *sub,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
warn(struct fin *f, const struct vs_origin *at, const char *sub,
    const char *fmt, ...)
{
	char path[512], msg[512];
	va_list ap;

	if (!vs_diags_room(f->d, VS_SEV_WARN)) {
		vs_diag_add(f->d, VS_SEV_WARN, NULL, 0, 0, NULL, "-");
		return;
	}
	snprintf(path, sizeof(path), "%s%s", at->path ? at->path : "",
	    sub ? sub : "");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vs_diag_add(f->d, VS_SEV_WARN, at->file, 0, 0, path, "%s", msg);
}

static vs_idx
ref(struct fin *f, enum vs_kind k, const char *id)
{
	if (id == NULL)
		return VS_NONE;
	return vs_topo_find_kind(f->t, k, id);
}

static const struct vs_origin *
origin_of(const struct vs_topo *t, enum vs_kind k, uint32_t i)
{
	switch (k) {
	case VS_K_VPC:
		return &t->vpcs[i].at;
	case VS_K_SUBNET:
		return &t->subnets[i].at;
	case VS_K_ENI:
		return &t->enis[i].at;
	case VS_K_INSTANCE:
		return &t->instances[i].at;
	case VS_K_SG:
		return &t->sgs[i].at;
	case VS_K_NACL:
		return &t->nacls[i].at;
	case VS_K_RTB:
		return &t->rtbs[i].at;
	case VS_K_IGW:
		return &t->igws[i].at;
	case VS_K_EIGW:
		return &t->eigws[i].at;
	case VS_K_NATGW:
		return &t->natgws[i].at;
	case VS_K_PCX:
		return &t->pcxs[i].at;
	case VS_K_PL:
		return &t->pls[i].at;
	case VS_K_VPCE:
		return &t->vpces[i].at;
	case VS_K_TGW:
		return &t->tgws[i].at;
	case VS_K_TGW_ATTACH:
		return &t->tgw_attaches[i].at;
	case VS_K_TGW_RTB:
		return &t->tgw_rtbs[i].at;
	case VS_K__COUNT:
		break;
	}
	abort();
}

static void
index_ids(struct fin *f)
{
	struct vs_topo *t = f->t;
	unsigned k;
	uint32_t i;

	for (k = 0; k < VS_K__COUNT; k++) {
		size_t elsz;
		unsigned char *arr = *array_of(t, (enum vs_kind)k, &elsz);
		for (i = 0; i < t->n[k]; i++) {
			/* every struct starts with its id */
			const char *id =
			    *(const char **)(void *)(arr + elsz * i);
			const struct vs_origin *at;
			uintptr_t *slot;
			if (id == NULL || strlen(id) >= VS_SMAP_KEYMAX)
				continue;
			slot = vs_smap_slot(&t->ids, id);
			if (*slot != 0) {
				/* the loader merges identical duplicates; a
				 * second object here is a real conflict */
				at = origin_of(t, (enum vs_kind)k, i);
				vs_diag_add(f->d, VS_SEV_ERR, at->file, 0, 0,
				    at->path, "duplicate id %s (%s)", id,
				    vs_kind_names[k]);
				continue;
			}
			*slot = VS_ID_PRESENT | ((uintptr_t)k << 32) | i;
		}
	}
}

static void
finish_vpcs(struct fin *f)
{
	struct vs_topo *t = f->t;
	uint32_t i;

	for (i = 0; i < t->n[VS_K_VPC]; i++) {
		struct vs_vpc *v = &t->vpcs[i];
		v->main_rtb = v->default_nacl = VS_NONE;
		v->igw = v->eigw = VS_NONE;
		v->subnets = NULL;
		v->n_subnets = 0;
	}
}

static void
finish_subnets(struct fin *f)
{
	struct vs_topo *t = f->t;
	uint32_t i, *cnt;

	cnt = vs_xcalloc(t->n[VS_K_VPC] + 1u, sizeof(*cnt));
	for (i = 0; i < t->n[VS_K_SUBNET]; i++) {
		struct vs_subnet *s = &t->subnets[i];
		s->vpc = ref(f, VS_K_VPC, s->vpc_id);
		s->nacl = s->rtb = VS_NONE;
		s->nacl_how = s->rtb_how = VS_HOW_NONE;
		s->nacl_assoc = s->rtb_assoc = NULL;
		if (s->vpc == VS_NONE)
			warn(f, &s->at, "/VpcId",
			    "subnet %s: VPC %s is not in the snapshot", s->id,
			    s->vpc_id);
		else
			cnt[s->vpc]++;
	}
	for (i = 0; i < t->n[VS_K_VPC]; i++) {
		t->vpcs[i].subnets =
		    vs_arena_alloc(t->arena, sizeof(vs_idx) * (cnt[i] + 1u));
		t->vpcs[i].n_subnets = 0;
	}
	for (i = 0; i < t->n[VS_K_SUBNET]; i++) {
		struct vs_subnet *s = &t->subnets[i];
		struct vs_vpc *v;
		uintptr_t *slot;
		if (s->vpc == VS_NONE)
			continue;
		v = &t->vpcs[s->vpc];
		v->subnets[v->n_subnets++] = i;
		if (!s->has_cidr4)
			continue;
		slot = vs_lmap_slot(&v->sub4, s->cidr4.addr.lo);
		if (*slot != 0) {
			warn(f, &s->at, "/CidrBlock",
			    "subnet %s: CIDR overlaps subnet %s", s->id,
			    t->subnets[*slot - 1].id);
			continue;
		}
		*slot = i + 1u;
	}
	free(cnt);
}

static void
index_addr(struct fin *f, struct vs_eni *e, uint32_t i)
{
	struct vs_topo *t = f->t;
	uint32_t j;
	uintptr_t *slot;
	unsigned char key[16];
	char buf[VS_ADDR_STRLEN];

	if (e->vpc == VS_NONE)
		t->n_eni_no_vpc++;
	for (j = 0; j < e->n_v4; j++) {
		if (e->vpc != VS_NONE) {
			slot = vs_lmap_slot(&t->priv4all, e->v4[j].priv.lo);
			if (*slot == 0)
				*slot = i + 1u;
			else if (*slot != VS_PRIV_MANY && *slot != i + 1u &&
				 t->enis[*slot - 1].vpc != e->vpc)
				*slot = VS_PRIV_MANY;
			slot = vs_lmap_slot(&t->vpcs[e->vpc].eni4,
			    e->v4[j].priv.lo);
			if (*slot != 0 && *slot != i + 1u)
				warn(f, &e->at, "/PrivateIpAddresses",
				    "address %s is also on %s",
				    vs_addr_fmt(&e->v4[j].priv, buf),
				    t->enis[*slot - 1].id);
			else
				*slot = i + 1u;
		}
		if (e->v4[j].has_public) {
			slot = vs_lmap_slot(&t->pub4, e->v4[j].pub.lo);
			if (*slot != 0 && *slot != i + 1u)
				warn(f, &e->at, "/Association",
				    "public address %s is also on %s",
				    vs_addr_fmt(&e->v4[j].pub, buf),
				    t->enis[*slot - 1].id);
			else
				*slot = i + 1u;
		}
	}
	for (j = 0; j < e->n_v6; j++) {
		addr_key6(&e->v6[j], key);
		if (e->vpc != VS_NONE) {
			slot = vs_hmap_slot(&t->vpcs[e->vpc].eni6, key, 16);
			if (*slot == 0)
				*slot = i + 1u;
		}
		slot = vs_hmap_slot(&t->eni6all, key, 16);
		if (*slot == 0)
			*slot = i + 1u;
	}
}

static void
finish_enis(struct fin *f)
{
	struct vs_topo *t = f->t;
	uint32_t i, j;

	for (i = 0; i < t->n[VS_K_ENI]; i++) {
		struct vs_eni *e = &t->enis[i];
		e->subnet = ref(f, VS_K_SUBNET, e->subnet_id);
		e->vpc = ref(f, VS_K_VPC, e->vpc_id);
		if (e->vpc == VS_NONE && e->subnet != VS_NONE)
			e->vpc = t->subnets[e->subnet].vpc;
		e->instance = ref(f, VS_K_INSTANCE, e->instance_id);
		if (e->subnet == VS_NONE && e->subnet_id != NULL)
			warn(f, &e->at, "/SubnetId",
			    "network interface %s: subnet %s is not in the "
			    "snapshot",
			    e->id, e->subnet_id);
		e->groups = vs_arena_alloc(t->arena,
		    sizeof(vs_idx) * (e->n_groups + 1u));
		for (j = 0; j < e->n_groups; j++) {
			e->groups[j] = ref(f, VS_K_SG, e->group_ids[j]);
			if (e->groups[j] == VS_NONE)
				warn(f, &e->at, "/Groups",
				    "network interface %s: security group %s "
				    "is not in the snapshot",
				    e->id, e->group_ids[j]);
		}
		index_addr(f, e, i);
	}
}

static int
cmp_eni_dev(const void *a, const void *b, void *ctx)
{
	const struct vs_topo *t = ctx;
	const struct vs_eni *x = &t->enis[*(const vs_idx *)a];
	const struct vs_eni *y = &t->enis[*(const vs_idx *)b];
	int dx = x->device_index < 0 ? 1 << 20 : x->device_index;
	int dy = y->device_index < 0 ? 1 << 20 : y->device_index;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* A small insertion sort with a context (qsort_r is not C11). */
static void
sort_ctx(void *base, size_t n, size_t sz,
    int (*cmp)(const void *, const void *, void *), void *ctx)
{
	unsigned char *b = base, tmp[256];
	size_t i, j;

	if (sz > sizeof(tmp))
		abort();
	for (i = 1; i < n; i++) {
		memcpy(tmp, b + i * sz, sz);
		for (j = i; j > 0 && cmp(b + (j - 1) * sz, tmp, ctx) > 0; j--)
			memcpy(b + j * sz, b + (j - 1) * sz, sz);
		memcpy(b + j * sz, tmp, sz);
	}
}

static void
finish_instances(struct fin *f)
{
	struct vs_topo *t = f->t;
	uint32_t i;

	for (i = 0; i < t->n[VS_K_INSTANCE]; i++) {
		t->instances[i].n_enis = 0;
		t->instances[i].enis = NULL;
	}
	/* count, allocate, fill */
	for (i = 0; i < t->n[VS_K_ENI]; i++)
		if (t->enis[i].instance != VS_NONE)
			t->instances[t->enis[i].instance].n_enis++;
	for (i = 0; i < t->n[VS_K_INSTANCE]; i++) {
		struct vs_instance *in = &t->instances[i];
		in->enis = vs_arena_alloc(t->arena,
		    sizeof(vs_idx) * (in->n_enis + 1u));
		in->n_enis = 0;
	}
	for (i = 0; i < t->n[VS_K_ENI]; i++) {
		vs_idx k = t->enis[i].instance;
		if (k != VS_NONE)
			t->instances[k].enis[t->instances[k].n_enis++] = i;
	}
	for (i = 0; i < t->n[VS_K_INSTANCE]; i++) {
		struct vs_instance *in = &t->instances[i];
		sort_ctx(in->enis, in->n_enis, sizeof(vs_idx), cmp_eni_dev, t);
	}
}

static void
finish_sgs(struct fin *f)
{
	struct vs_topo *t = f->t;
	uint32_t i, j;
	char sub[64];

	for (i = 0; i < t->n[VS_K_SG]; i++) {
		struct vs_sg *g = &t->sgs[i];
		g->vpc = ref(f, VS_K_VPC, g->vpc_id);
		for (j = 0; j < g->n_rules; j++) {
			struct vs_sg_rule *r = &g->rules[j];
			r->ref_idx = VS_NONE;
			if (r->kind == VS_PEER_PL)
				r->ref_idx = ref(f, VS_K_PL, r->ref);
			else if (r->kind == VS_PEER_SG)
				r->ref_idx = ref(f, VS_K_SG, r->ref);
			if (r->kind != VS_PEER_CIDR && r->ref_idx == VS_NONE) {
				snprintf(sub, sizeof(sub), "/%s/%u",
				    r->egress ? "IpPermissionsEgress"
					      : "IpPermissions",
				    r->perm);
				warn(f, r->at ? r->at : &g->at,
				    r->at ? NULL : sub,
				    r->kind == VS_PEER_PL
					? "security group %s: prefix list %s "
					  "is not in the snapshot"
					: "security group %s: referenced "
					  "group %s is not in the snapshot",
				    g->id, r->ref);
			}
		}
	}
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct vs_nacl_entry *x = a, *y = b;
	if (x->egress != y->egress)
		return x->egress ? 1 : -1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	/* same number in both families: IPv4 first, stable enough */
	return (int)x->cidr.addr.af - (int)y->cidr.addr.af;
}

static void
finish_nacls(struct fin *f)
{
	struct vs_topo *t = f->t;
	uint32_t i, j;

	for (i = 0; i < t->n[VS_K_NACL]; i++) {
		struct vs_nacl *n = &t->nacls[i];
		n->vpc = ref(f, VS_K_VPC, n->vpc_id);
		if (n->n_entries > 1)
			qsort(n->entries, n->n_entries, sizeof(*n->entries),
			    cmp_entry);
		for (j = 0; j < n->n_entries && !n->entries[j].egress; j++)
			;
		n->first_egress = j;
		if (n->is_default && n->vpc != VS_NONE) {
			struct vs_vpc *v = &t->vpcs[n->vpc];
			if (v->default_nacl != VS_NONE)
				warn(f, &n->at, "/IsDefault",
				    "network ACL %s: VPC already has default "
				    "network ACL %s",
				    n->id, t->nacls[v->default_nacl].id);
			else
				v->default_nacl = i;
		}
	}
	for (i = 0; i < t->n[VS_K_NACL]; i++) {
		struct vs_nacl *n = &t->nacls[i];
		for (j = 0; j < n->n_assocs; j++) {
			vs_idx s = ref(f, VS_K_SUBNET, n->assocs[j].subnet_id);
			struct vs_subnet *sn;
			if (s == VS_NONE)
				continue; /* a subnet outside the snapshot */
			sn = &t->subnets[s];
			if (sn->nacl_how == VS_HOW_EXPLICIT && sn->nacl != i) {
				warn(f, &n->at, "/Associations",
				    "subnet %s is associated with two network "
				    "ACLs; keeping %s",
				    sn->id, t->nacls[sn->nacl].id);
				continue;
			}
			sn->nacl = i;
			sn->nacl_how = VS_HOW_EXPLICIT;
			sn->nacl_assoc = n->assocs[j].id;
		}
	}
	for (i = 0; i < t->n[VS_K_SUBNET]; i++) {
		struct vs_subnet *sn = &t->subnets[i];
		if (sn->nacl_how != VS_HOW_NONE || sn->vpc == VS_NONE)
			continue;
		if (t->vpcs[sn->vpc].default_nacl != VS_NONE) {
			sn->nacl = t->vpcs[sn->vpc].default_nacl;
			sn->nacl_how = VS_HOW_DEFAULT;
		}
	}
}

static bool
assoc_active(const struct vs_rtb_assoc *a)
{
	return a->state == NULL || strcmp(a->state, "associated") == 0 ||
	       strcmp(a->state, "associating") == 0;
}

static vs_idx
route_target(struct fin *f, const struct vs_route *r)
{
	switch (r->target) {
	case VS_TGT_IGW:
		return ref(f, VS_K_IGW, r->target_id);
	case VS_TGT_EIGW:
		return ref(f, VS_K_EIGW, r->target_id);
	case VS_TGT_NATGW:
		return ref(f, VS_K_NATGW, r->target_id);
	case VS_TGT_PCX:
		return ref(f, VS_K_PCX, r->target_id);
	case VS_TGT_TGW:
		return ref(f, VS_K_TGW, r->target_id);
	case VS_TGT_VPCE:
		return ref(f, VS_K_VPCE, r->target_id);
	case VS_TGT_ENI:
		return ref(f, VS_K_ENI, r->target_id);
	case VS_TGT_INSTANCE:
		return ref(f, VS_K_INSTANCE, r->target_id);
	default:
		return VS_NONE;
	}
}

static bool
target_is_modelled(enum vs_target k)
{
	return k == VS_TGT_IGW || k == VS_TGT_EIGW || k == VS_TGT_NATGW ||
	       k == VS_TGT_PCX || k == VS_TGT_TGW || k == VS_TGT_VPCE ||
	       k == VS_TGT_ENI || k == VS_TGT_INSTANCE;
}

static void
finish_rtbs(struct fin *f)
{
	struct vs_topo *t = f->t;
	uint32_t i, j;
	char sub[64];

	for (i = 0; i < t->n[VS_K_IGW]; i++)
		t->igws[i].edge_rtb = VS_NONE;
	for (i = 0; i < t->n[VS_K_EIGW]; i++)
		t->eigws[i].edge_rtb = VS_NONE;
	for (i = 0; i < t->n[VS_K_RTB]; i++) {
		struct vs_rtb *rt = &t->rtbs[i];
		rt->vpc = ref(f, VS_K_VPC, rt->vpc_id);
		for (j = 0; j < rt->n_routes; j++) {
			struct vs_route *r = &rt->routes[j];
			r->target_idx = route_target(f, r);
			r->pl_idx =
			    r->to_pl ? ref(f, VS_K_PL, r->pl_id) : VS_NONE;
			snprintf(sub, sizeof(sub), "/Routes/%u", j);
			if (r->state == VS_RS_ACTIVE &&
			    target_is_modelled(r->target) &&
			    r->target_idx == VS_NONE)
				warn(f, &rt->at, sub,
				    "route table %s: route target %s is not "
				    "in the snapshot",
				    rt->id, r->target_id);
			if (r->to_pl && r->pl_idx == VS_NONE)
				warn(f, &rt->at, sub,
				    "route table %s: destination prefix list "
				    "%s is not in the snapshot",
				    rt->id, r->pl_id);
		}
		for (j = 0; j < rt->n_assocs; j++) {
			struct vs_rtb_assoc *a = &rt->assocs[j];
			vs_idx s;
			if (!assoc_active(a))
				continue;
			if (a->main) {
				struct vs_vpc *v;
				if (rt->vpc == VS_NONE)
					continue;
				v = &t->vpcs[rt->vpc];
				if (v->main_rtb != VS_NONE && v->main_rtb != i)
					vs_diag_add(f->d, VS_SEV_ERR,
					    rt->at.file, 0, 0, rt->at.path,
					    "VPC %s has two main route "
					    "tables: %s and %s",
					    v->id, t->rtbs[v->main_rtb].id,
					    rt->id);
				else
					v->main_rtb = i;
			} else if (a->subnet_id != NULL) {
				s = ref(f, VS_K_SUBNET, a->subnet_id);
				if (s == VS_NONE)
					continue;
				if (t->subnets[s].rtb_how == VS_HOW_EXPLICIT &&
				    t->subnets[s].rtb != i) {
					warn(f, &rt->at, "/Associations",
					    "subnet %s is associated with two "
					    "route tables; keeping %s",
					    t->subnets[s].id,
					    t->rtbs[t->subnets[s].rtb].id);
					continue;
				}
				t->subnets[s].rtb = i;
				t->subnets[s].rtb_how = VS_HOW_EXPLICIT;
				t->subnets[s].rtb_assoc = a->id;
			} else if (a->gateway_id != NULL) {
				s = ref(f, VS_K_IGW, a->gateway_id);
				if (s != VS_NONE)
					t->igws[s].edge_rtb = i;
			}
		}
	}
	for (i = 0; i < t->n[VS_K_SUBNET]; i++) {
		struct vs_subnet *sn = &t->subnets[i];
		if (sn->rtb_how != VS_HOW_NONE || sn->vpc == VS_NONE)
			continue;
		if (t->vpcs[sn->vpc].main_rtb != VS_NONE) {
			sn->rtb = t->vpcs[sn->vpc].main_rtb;
			sn->rtb_how = VS_HOW_MAIN;
		}
	}
}

static bool
attached(const struct vs_gw_attach *a)
{
	return a->state == NULL || strcmp(a->state, "attached") == 0 ||
	       strcmp(a->state, "available") == 0;
}

static void
finish_gateways(struct fin *f)
{
	struct vs_topo *t = f->t;
	uint32_t i, j;

	for (i = 0; i < t->n[VS_K_IGW]; i++) {
		struct vs_igw *g = &t->igws[i];
		for (j = 0; j < g->n_att; j++) {
			vs_idx v = ref(f, VS_K_VPC, g->att[j].vpc_id);
			if (v != VS_NONE && attached(&g->att[j]))
				t->vpcs[v].igw = i;
		}
	}
	for (i = 0; i < t->n[VS_K_EIGW]; i++) {
		struct vs_igw *g = &t->eigws[i];
		for (j = 0; j < g->n_att; j++) {
			vs_idx v = ref(f, VS_K_VPC, g->att[j].vpc_id);
			if (v != VS_NONE && attached(&g->att[j]))
				t->vpcs[v].eigw = i;
		}
	}
	for (i = 0; i < t->n[VS_K_NATGW]; i++) {
		struct vs_natgw *n = &t->natgws[i];
		n->subnet = ref(f, VS_K_SUBNET, n->subnet_id);
		n->vpc = ref(f, VS_K_VPC, n->vpc_id);
		if (n->vpc == VS_NONE && n->subnet != VS_NONE)
			n->vpc = t->subnets[n->subnet].vpc;
		n->eni = VS_NONE;
		for (j = 0; j < n->n_addrs && n->eni == VS_NONE; j++)
			n->eni = ref(f, VS_K_ENI, n->addrs[j].eni_id);
	}
	for (i = 0; i < t->n[VS_K_PCX]; i++) {
		struct vs_pcx *p = &t->pcxs[i];
		p->req.vpc = ref(f, VS_K_VPC, p->req.vpc_id);
		p->acc.vpc = ref(f, VS_K_VPC, p->acc.vpc_id);
	}
	for (i = 0; i < t->n[VS_K_VPCE]; i++)
		t->vpces[i].vpc = ref(f, VS_K_VPC, t->vpces[i].vpc_id);
}

static void
finish_tgw(struct fin *f)
{
	struct vs_topo *t = f->t;
	uint32_t i, j, k;

	for (i = 0; i < t->n[VS_K_TGW_ATTACH]; i++) {
		struct vs_tgw_attach *a = &t->tgw_attaches[i];
		a->tgw = ref(f, VS_K_TGW, a->tgw_id);
		a->rtb = ref(f, VS_K_TGW_RTB, a->rtb_id);
		a->vpc = a->type != NULL && strcmp(a->type, "vpc") == 0
			     ? ref(f, VS_K_VPC, a->resource_id)
			     : VS_NONE;
		a->subnets = vs_arena_alloc(t->arena,
		    sizeof(vs_idx) * (a->n_subnet_ids + 1u));
		for (j = 0; j < a->n_subnet_ids; j++)
			a->subnets[j] = ref(f, VS_K_SUBNET, a->subnet_ids[j]);
	}
	for (i = 0; i < t->n[VS_K_TGW_RTB]; i++) {
		struct vs_tgw_rtb *r = &t->tgw_rtbs[i];
		r->tgw = ref(f, VS_K_TGW, r->tgw_id);
		for (j = 0; j < r->n_routes; j++) {
			struct vs_tgw_route *rt = &r->routes[j];
			rt->pl_idx =
			    rt->to_pl ? ref(f, VS_K_PL, rt->pl_id) : VS_NONE;
			rt->attach = vs_arena_alloc(t->arena,
			    sizeof(vs_idx) * (rt->n_attach + 1u));
			for (k = 0; k < rt->n_attach; k++)
				rt->attach[k] =
				    ref(f, VS_K_TGW_ATTACH, rt->attach_ids[k]);
		}
	}
}

/*
 * Every subnet has a network ACL and a route table in AWS.  Subnets the
 * snapshot gives neither (the describe-network-acls or describe-route-
 * tables export is missing, or partial) get one warning each kind: the
 * verdicts that depend on them will be unknown.
 */
static void
warn_uncovered(struct fin *f)
{
	struct vs_topo *t = f->t;
	uint32_t i, no_acl = 0, no_rtb = 0;
	vs_idx first_acl = VS_NONE, first_rtb = VS_NONE;

	for (i = 0; i < t->n[VS_K_SUBNET]; i++) {
		const struct vs_subnet *s = &t->subnets[i];
		if (s->vpc == VS_NONE)
			continue;
		if (s->nacl == VS_NONE && no_acl++ == 0)
			first_acl = i;
		if (s->rtb == VS_NONE && no_rtb++ == 0)
			first_rtb = i;
	}
	if (no_acl > 0)
		warn(f, &t->subnets[first_acl].at, NULL,
		    "%u subnet%s (%s%s) ha%s no network ACL in the snapshot "
		    "(is describe-network-acls missing?): verdicts that "
		    "depend on it are unknown",
		    no_acl, no_acl == 1 ? "" : "s", t->subnets[first_acl].id,
		    no_acl == 1 ? "" : ", ...", no_acl == 1 ? "s" : "ve");
	if (no_rtb > 0)
		warn(f, &t->subnets[first_rtb].at, NULL,
		    "%u subnet%s (%s%s) ha%s no route table in the snapshot "
		    "(is describe-route-tables missing?): verdicts that "
		    "depend on it are unknown",
		    no_rtb, no_rtb == 1 ? "" : "s", t->subnets[first_rtb].id,
		    no_rtb == 1 ? "" : ", ...", no_rtb == 1 ? "s" : "ve");
}

int
vs_topo_finish(struct vs_topo *t, struct vs_diags *d)
{
	struct fin f;
	size_t errs = vs_diags_errors(d);

	f.t = t;
	f.d = d;
	clear_derived(t);
	index_ids(&f);
	finish_vpcs(&f);
	finish_subnets(&f);
	finish_enis(&f);
	finish_instances(&f);
	finish_sgs(&f);
	finish_nacls(&f);
	finish_rtbs(&f);
	finish_gateways(&f);
	finish_tgw(&f);
	if (vs_diags_errors(d) == 0) /* no noise on a failed load */
		warn_uncovered(&f);
	t->finished = true;
	return vs_diags_errors(d) > errs ? -1 : 0;
}

/* ---- clone ---- */

#define DUP(arena, p, n)                                                       \
	((p) == NULL ? NULL : vs_arena_memdup((arena), (p), sizeof(*(p)) * (n)))

struct vs_topo *
vs_topo_clone(const struct vs_topo *src)
{
	struct vs_topo *t = vs_topo_new();
	struct vs_arena *a = t->arena;
	unsigned k;
	uint32_t i, j;

	for (k = 0; k < VS_K__COUNT; k++) {
		size_t elsz;
		void **from = array_of((struct vs_topo *)(uintptr_t)src,
		    (enum vs_kind)k, &elsz);
		void **to = array_of(t, (enum vs_kind)k, &elsz);
		t->n[k] = src->n[k];
		t->cap[k] = src->n[k];
		*to =
		    *from ? vs_arena_memdup(a, *from, elsz * src->n[k]) : NULL;
	}
	t->bpa_mode = src->bpa_mode;
	t->bpa_known = src->bpa_known;
	t->bpa_excl = DUP(a, src->bpa_excl, src->n_bpa_excl);
	t->n_bpa_excl = src->n_bpa_excl;
	t->cap_bpa_excl = src->n_bpa_excl;
	for (i = 0; i < t->n[VS_K_VPC]; i++) {
		struct vs_vpc *v = &t->vpcs[i];
		v->cidrs = DUP(a, v->cidrs, v->n_cidrs);
		memset(&v->eni4, 0, sizeof(v->eni4));
		memset(&v->eni6, 0, sizeof(v->eni6));
		memset(&v->sub4, 0, sizeof(v->sub4));
	}
	for (i = 0; i < t->n[VS_K_SUBNET]; i++)
		t->subnets[i].cidr6 =
		    DUP(a, t->subnets[i].cidr6, t->subnets[i].n_cidr6);
	for (i = 0; i < t->n[VS_K_ENI]; i++) {
		struct vs_eni *e = &t->enis[i];
		e->v4 = DUP(a, e->v4, e->n_v4);
		e->v6 = DUP(a, e->v6, e->n_v6);
		e->pfx = DUP(a, e->pfx, e->n_pfx);
		e->group_ids = DUP(a, e->group_ids, e->n_groups);
	}
	for (i = 0; i < t->n[VS_K_INSTANCE]; i++)
		t->instances[i].eni_ids =
		    DUP(a, t->instances[i].eni_ids, t->instances[i].n_eni_ids);
	for (i = 0; i < t->n[VS_K_SG]; i++)
		t->sgs[i].rules = DUP(a, t->sgs[i].rules, t->sgs[i].n_rules);
	for (i = 0; i < t->n[VS_K_NACL]; i++) {
		struct vs_nacl *n = &t->nacls[i];
		n->entries = DUP(a, n->entries, n->n_entries);
		n->assocs = DUP(a, n->assocs, n->n_assocs);
	}
	for (i = 0; i < t->n[VS_K_RTB]; i++) {
		struct vs_rtb *r = &t->rtbs[i];
		r->routes = DUP(a, r->routes, r->n_routes);
		r->assocs = DUP(a, r->assocs, r->n_assocs);
	}
	for (i = 0; i < t->n[VS_K_IGW]; i++)
		t->igws[i].att = DUP(a, t->igws[i].att, t->igws[i].n_att);
	for (i = 0; i < t->n[VS_K_EIGW]; i++)
		t->eigws[i].att = DUP(a, t->eigws[i].att, t->eigws[i].n_att);
	for (i = 0; i < t->n[VS_K_NATGW]; i++)
		t->natgws[i].addrs =
		    DUP(a, t->natgws[i].addrs, t->natgws[i].n_addrs);
	for (i = 0; i < t->n[VS_K_PCX]; i++) {
		struct vs_pcx *p = &t->pcxs[i];
		p->req.cidrs = DUP(a, p->req.cidrs, p->req.n_cidrs);
		p->acc.cidrs = DUP(a, p->acc.cidrs, p->acc.n_cidrs);
	}
	for (i = 0; i < t->n[VS_K_PL]; i++)
		t->pls[i].entries =
		    DUP(a, t->pls[i].entries, t->pls[i].n_entries);
	for (i = 0; i < t->n[VS_K_VPCE]; i++) {
		struct vs_vpce *e = &t->vpces[i];
		e->rtb_ids = DUP(a, e->rtb_ids, e->n_rtb_ids);
		e->subnet_ids = DUP(a, e->subnet_ids, e->n_subnet_ids);
		e->eni_ids = DUP(a, e->eni_ids, e->n_eni_ids);
		e->group_ids = DUP(a, e->group_ids, e->n_group_ids);
	}
	for (i = 0; i < t->n[VS_K_TGW_ATTACH]; i++)
		t->tgw_attaches[i].subnet_ids =
		    DUP(a, t->tgw_attaches[i].subnet_ids,
			t->tgw_attaches[i].n_subnet_ids);
	for (i = 0; i < t->n[VS_K_TGW_RTB]; i++) {
		struct vs_tgw_rtb *r = &t->tgw_rtbs[i];
		r->routes = DUP(a, r->routes, r->n_routes);
		for (j = 0; j < r->n_routes; j++)
			r->routes[j].attach_ids = DUP(a,
			    r->routes[j].attach_ids, r->routes[j].n_attach);
		r->props = DUP(a, r->props, r->n_props);
	}
	return t;
}
