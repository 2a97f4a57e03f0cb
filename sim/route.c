/*
 * route.c - route selection (see route.h).
 */
#include "route.h"

#include <string.h>

/* 2 static, 1 prefix list, 0 propagated: higher wins a tie in length. */
static int
route_rank(const struct vs_route *r)
{
	if (r->origin == VS_RO_PROPAGATED)
		return 0;
	return r->to_pl ? 1 : 2;
}

static bool
same_target(const struct vs_route *a, const struct vs_route *b)
{
	if (a->target_id == NULL || b->target_id == NULL)
		return a->target_id == b->target_id;
	return strcmp(a->target_id, b->target_id) == 0;
}

struct vs_rt_res
vs_rt_lookup(const struct vs_topo *t, const struct vs_rtb *rt,
    const struct vs_addr *dst)
{
	struct vs_rt_res res;
	uint32_t i, j;
	int best_rank = -1;
	const char *unresolved = NULL;
	unsigned local_len = 0;
	bool have = false;

	memset(&res, 0, sizeof(res));
	res.status = VS_RT_NONE;
	for (i = 0; i < rt->n_routes; i++) {
		const struct vs_route *r = &rt->routes[i];
		unsigned len = 0;
		bool match = false;
		int rank;

		if (r->to_pl) {
			const struct vs_pl *pl =
			    r->pl_idx != VS_NONE ? &t->pls[r->pl_idx] : NULL;
			if (pl == NULL || !pl->entries_known) {
				if (unresolved == NULL)
					unresolved = r->pl_id;
				continue;
			}
			for (j = 0; j < pl->n_entries; j++) {
				if (vs_prefix_contains(&pl->entries[j], dst) &&
				    (!match || pl->entries[j].len > len)) {
					match = true;
					len = pl->entries[j].len;
				}
			}
		} else if (vs_prefix_contains(&r->dst, dst)) {
			match = true;
			len = r->dst.len;
		}
		if (!match)
			continue;
		if (r->target == VS_TGT_LOCAL && len > local_len)
			local_len = len;
		rank = route_rank(r);
		if (!have || len > res.len ||
		    (len == res.len && rank > best_rank)) {
			have = true;
			res.route = r;
			res.len = len;
			best_rank = rank;
			res.other = NULL;
		} else if (len == res.len && rank == best_rank && rank == 1 &&
			   !same_target(r, res.route)) {
			res.other = r;
		}
	}
	if (have) {
		res.status = res.other ? VS_RT_AMBIGUOUS : VS_RT_FOUND;
		unsigned maxlen = dst->af == VS_AF4 ? 32u : 128u;
		if (res.status == VS_RT_FOUND && unresolved != NULL &&
		    local_len == 0 && !(res.len == maxlen && best_rank == 2)) {
			/* an unresolved prefix list might hold dst with a
			 * longer prefix, or an equal one that beats a
			 * propagated route; safe are a local route and a
			 * static host route (nothing is longer, and a static
			 * route wins a tie) */
			res.status = VS_RT_UNKNOWN;
			res.missing = unresolved;
		}
		return res;
	}
	if (unresolved != NULL) {
		res.status = VS_RT_UNKNOWN;
		res.missing = unresolved;
	}
	return res;
}

struct vs_tgw_rt_res
vs_tgw_rt_lookup(const struct vs_topo *t, const struct vs_tgw_rtb *r,
    const struct vs_addr *dst)
{
	struct vs_tgw_rt_res res;
	uint32_t i, j;
	bool have = false, listed_prop = false;
	int best_rank = -1;
	const char *unresolved = NULL;

	memset(&res, 0, sizeof(res));
	res.status = VS_RT_NONE;
	res.attach = VS_NONE;
	for (i = 0; i < r->n_routes; i++) {
		const struct vs_tgw_route *ro = &r->routes[i];
		struct vs_prefix m;
		bool match = false;
		int rank;

		if (ro->propagated)
			listed_prop = true;
		if (ro->to_pl) {
			const struct vs_pl *pl =
			    ro->pl_idx != VS_NONE ? &t->pls[ro->pl_idx] : NULL;
			if (pl == NULL || !pl->entries_known) {
				if (unresolved == NULL)
					unresolved = ro->pl_id;
				continue;
			}
			for (j = 0; j < pl->n_entries; j++)
				if (vs_prefix_contains(&pl->entries[j], dst) &&
				    (!match || pl->entries[j].len > m.len)) {
					match = true;
					m = pl->entries[j];
				}
		} else if (vs_prefix_contains(&ro->dst, dst)) {
			match = true;
			m = ro->dst;
		}
		if (!match)
			continue;
		rank = ro->propagated ? 0 : ro->to_pl ? 1 : 2;
		if (!have || m.len > res.dst.len ||
		    (m.len == res.dst.len && rank > best_rank)) {
			have = true;
			best_rank = rank;
			res.route = ro;
			res.dst = m;
			res.propagated = ro->propagated;
			res.blackhole = ro->blackhole || ro->n_attach == 0;
			res.attach = ro->n_attach > 0 ? ro->attach[0] : VS_NONE;
		}
	}
	/* routes propagated from attachments, when not listed already */
	if (!listed_prop) {
		for (i = 0; i < r->n_props; i++) {
			vs_idx a;
			const struct vs_tgw_attach *at;
			if (r->props[i].state != NULL &&
			    strcmp(r->props[i].state, "enabled") != 0)
				continue;
			a = vs_topo_find_kind(t, VS_K_TGW_ATTACH,
			    r->props[i].attach_id);
			if (a == VS_NONE) {
				if (unresolved == NULL)
					unresolved = r->props[i].attach_id;
				continue;
			}
			at = &t->tgw_attaches[a];
			if (at->vpc == VS_NONE) {
				if (at->type != NULL &&
				    strcmp(at->type, "vpc") == 0 &&
				    unresolved == NULL)
					unresolved = at->resource_id;
				continue;
			}
			for (j = 0; j < t->vpcs[at->vpc].n_cidrs; j++) {
				const struct vs_prefix *c =
				    &t->vpcs[at->vpc].cidrs[j];
				if (!vs_prefix_contains(c, dst))
					continue;
				/* equal length: a listed route wins */
				if (!have || c->len > res.dst.len) {
					have = true;
					res.route = NULL;
					res.dst = *c;
					res.propagated = true;
					res.blackhole = false;
					res.attach = a;
				}
			}
		}
	}
	if (have) {
		res.status = VS_RT_FOUND;
		if (unresolved != NULL) {
			res.status = VS_RT_UNKNOWN;
			res.missing = unresolved;
		}
		return res;
	}
	if (unresolved != NULL) {
		res.status = VS_RT_UNKNOWN;
		res.missing = unresolved;
	}
	return res;
}
