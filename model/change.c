/*
 * change.c - EC2 API actions on a topology (see change.h).
 *
 * One handler per action.  Handlers find objects by a linear scan (a
 * change list is short, and objects created by earlier changes must be
 * found too), parse parameters with the loader's getters (model/jconv.h)
 * so an IpPermission or a network ACL entry means the same thing in a
 * change as in a snapshot, and refuse what AWS would refuse with the AWS
 * error code in the message.
 */
#include "change.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "jconv.h"
#include "jsonpos.h"
#include "topo.h"

struct chg {
	struct vs_jcx j;
	struct vs_topo *t;
	const char *action;
	const cJSON *node; /* the action's parameters */
	bool failed;
	unsigned serial; /* for generated ids */
};

static void refuse(struct chg *c, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* AWS would refuse this call: report it at the change. */
static void
refuse(struct chg *c, const char *code, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vs_j_err(&c->j, c->node, NULL, "AWS would refuse this change (%s): %s",
	    code, msg);
	c->failed = true;
}

/* ---- finding things ---- */

static vs_idx
find(const struct vs_topo *t, enum vs_kind k, const char *id)
{
	uint32_t i;

	if (id == NULL)
		return VS_NONE;
	switch (k) {
#define SCAN(K, F)                                                             \
	case K:                                                                \
		for (i = 0; i < t->n[K]; i++)                                  \
			if (t->F[i].id && strcmp(t->F[i].id, id) == 0)         \
				return i;                                      \
		return VS_NONE
		SCAN(VS_K_VPC, vpcs);
		SCAN(VS_K_SUBNET, subnets);
		SCAN(VS_K_ENI, enis);
		SCAN(VS_K_INSTANCE, instances);
		SCAN(VS_K_SG, sgs);
		SCAN(VS_K_NACL, nacls);
		SCAN(VS_K_RTB, rtbs);
		SCAN(VS_K_IGW, igws);
		SCAN(VS_K_EIGW, eigws);
		SCAN(VS_K_NATGW, natgws);
		SCAN(VS_K_PCX, pcxs);
		SCAN(VS_K_PL, pls);
		SCAN(VS_K_VPCE, vpces);
		SCAN(VS_K_TGW, tgws);
		SCAN(VS_K_TGW_ATTACH, tgw_attaches);
		SCAN(VS_K_TGW_RTB, tgw_rtbs);
#undef SCAN
	case VS_K__COUNT:
		break;
	}
	return VS_NONE;
}

/* A required id parameter naming an existing object; VS_NONE on error. */
static vs_idx
need(struct chg *c, const char *key, enum vs_kind k, const char *awscode)
{
	const char *id = NULL;
	vs_idx i;

	if (!vs_j_id(&c->j, c->node, key, &id, true)) {
		c->failed = true;
		return VS_NONE;
	}
	i = find(c->t, k, id);
	if (i == VS_NONE)
		refuse(c, awscode, "%s %s does not exist in the snapshot",
		    vs_kind_names[k], id);
	return i;
}

static const char *
new_id(struct chg *c, const char *prefix)
{
	return vs_arena_printf(c->t->arena, "%s-new%u", prefix, ++c->serial);
}

/*
 * A copy of n elements of size sz in the topology's arena with room for
 * extra more.  Arrays of a freshly created object are NULL with n == 0,
 * which memcpy may not be given.
 */
static void *
grow(struct chg *c, const void *old, size_t n, size_t sz, size_t extra)
{
	void *v = vs_arena_alloc(c->t->arena, sz * (n + extra));
	if (n > 0)
		memcpy(v, old, sz * n);
	return v;
}

/* ---- security groups ---- */

static bool
same_rule(const struct vs_sg_rule *a, const struct vs_sg_rule *b)
{
	if (a->egress != b->egress || a->proto != b->proto ||
	    a->kind != b->kind)
		return false;
	if (a->from != b->from || a->to != b->to)
		return false;
	if (a->kind == VS_PEER_CIDR)
		return vs_prefix_cmp(&a->cidr, &b->cidr) == 0;
	return a->ref && b->ref && strcmp(a->ref, b->ref) == 0;
}

static char *
rule_text(const struct vs_sg_rule *r, char *buf, size_t n)
{
	char pb[8], pf[VS_PFX_STRLEN];
	const char *peer =
	    r->kind == VS_PEER_CIDR ? vs_prefix_fmt(&r->cidr, pf) : r->ref;
	if (vs_proto_has_ports(r->proto) && r->from == r->to)
		snprintf(buf, n, "%s %d %s %s", vs_proto_name(r->proto, pb),
		    r->from, r->egress ? "to" : "from", peer);
	else if (vs_proto_has_ports(r->proto))
		snprintf(buf, n, "%s %d-%d %s %s", vs_proto_name(r->proto, pb),
		    r->from, r->to, r->egress ? "to" : "from", peer);
	else if (vs_proto_is_icmp(r->proto))
		snprintf(buf, n, "%s type %d code %d %s %s",
		    vs_proto_name(r->proto, pb), r->from, r->to,
		    r->egress ? "to" : "from", peer);
	else
		snprintf(buf, n, "%s %s %s", vs_proto_name(r->proto, pb),
		    r->egress ? "to" : "from", peer);
	return buf;
}

/* The group named by GroupId (or GroupName, default VPC style). */
static vs_idx
group_param(struct chg *c)
{
	const char *name = NULL;
	uint32_t i;
	vs_idx found = VS_NONE;

	if (vs_j_field(c->node, "GroupId") != NULL ||
	    vs_j_field(c->node, "GroupName") == NULL)
		return need(c, "GroupId", VS_K_SG, "InvalidGroup.NotFound");
	if (!vs_j_str(&c->j, c->node, "GroupName", &name, true)) {
		c->failed = true;
		return VS_NONE;
	}
	for (i = 0; i < c->t->n[VS_K_SG]; i++) {
		if (c->t->sgs[i].name && strcmp(c->t->sgs[i].name, name) == 0) {
			if (found != VS_NONE) {
				refuse(c, "InvalidGroup.NotFound",
				    "several groups are named %s; use GroupId",
				    name);
				return VS_NONE;
			}
			found = i;
		}
	}
	if (found == VS_NONE) {
		refuse(c, "InvalidGroup.NotFound", "no group is named %s",
		    name);
		return VS_NONE;
	}
	{
		vs_idx v = find(c->t, VS_K_VPC, c->t->sgs[found].vpc_id);
		if (v == VS_NONE || !c->t->vpcs[v].is_default) {
			refuse(c, "InvalidParameterValue",
			    "GroupName names groups of a default VPC only; "
			    "use GroupId (%s)",
			    c->t->sgs[found].id);
			return VS_NONE;
		}
	}
	return found;
}

/* Parse the permissions of an Authorize/Revoke call into tmp. */
static bool
perms_param(struct chg *c, bool egress, struct vs_sg *tmp)
{
	size_t cap = 0;
	size_t errs = vs_diags_errors(c->j.d);
	const cJSON *flat = vs_j_field(c->node, "IpProtocol");

	memset(tmp, 0, sizeof(*tmp));
	if (flat != NULL) {
		/* the legacy flat form: IpProtocol, FromPort, ToPort, CidrIp */
		struct vs_sg_rule r;
		bool has;
		memset(&r, 0, sizeof(r));
		r.egress = egress;
		r.kind = VS_PEER_CIDR;
		if (!vs_j_proto(&c->j, c->node, "IpProtocol", &r.proto) ||
		    !vs_j_rule_ports(&c->j, c->node, &r, "FromPort",
			"ToPort") ||
		    !vs_j_pfx(&c->j, c->node, "CidrIp", VS_AF4, &r.cidr, &has))
			return false;
		if (!has) {
			vs_j_err(&c->j, c->node, NULL,
			    "the flat form needs CidrIp");
			return false;
		}
		tmp->rules = vs_arena_alloc(c->t->arena, sizeof(r));
		tmp->rules[0] = r;
		tmp->n_rules = 1;
		return true;
	}
	vs_j_perms(&c->j, tmp, &cap, c->node, "IpPermissions", egress);
	if (vs_diags_errors(c->j.d) != errs)
		return false;
	if (tmp->n_rules == 0) {
		vs_j_err(&c->j, c->node, NULL,
		    "IpPermissions names no source or destination (IpRanges, "
		    "Ipv6Ranges, PrefixListIds or UserIdGroupPairs)");
		return false;
	}
	return true;
}

static void
set_rules(struct vs_topo *t, struct vs_sg *g, struct vs_sg_rule *r, uint32_t n)
{
	g->rules = vs_arena_memdup(t->arena, r, sizeof(*r) * (n ? n : 1));
	g->n_rules = n;
}

static void
authorize(struct chg *c, bool egress)
{
	vs_idx gi = group_param(c);
	struct vs_sg tmp, *g;
	struct vs_sg_rule *all;
	uint32_t i, j, n;
	char b[VS_PFX_STRLEN + 64];

	if (gi == VS_NONE || !perms_param(c, egress, &tmp)) {
		c->failed = true;
		return;
	}
	g = &c->t->sgs[gi];
	n = g->n_rules;
	all = grow(c, g->rules, g->n_rules, sizeof(*all), tmp.n_rules + 1u);
	for (i = 0; i < tmp.n_rules; i++) {
		for (j = 0; j < n; j++) {
			if (same_rule(&all[j], &tmp.rules[i])) {
				refuse(c, "InvalidPermission.Duplicate",
				    "%s already has the rule %s %s", g->id,
				    egress ? "egress" : "ingress",
				    rule_text(&tmp.rules[i], b, sizeof(b)));
				return;
			}
		}
		all[n] = tmp.rules[i];
		all[n].perm = g->n_rules + i;
		n++;
	}
	set_rules(c->t, g, all, n);
}

static void
revoke(struct chg *c, bool egress)
{
	vs_idx gi = group_param(c);
	struct vs_sg *g;
	struct vs_sg_rule *keep;
	bool *drop;
	uint32_t i, j, n = 0;
	const cJSON *ids;
	char b[VS_PFX_STRLEN + 64];
	bool default_vpc;

	if (gi == VS_NONE) {
		c->failed = true;
		return;
	}
	g = &c->t->sgs[gi];
	{
		vs_idx v = find(c->t, VS_K_VPC, g->vpc_id);
		default_vpc = v != VS_NONE && c->t->vpcs[v].is_default;
	}
	drop = vs_arena_zalloc(c->t->arena, sizeof(bool) * (g->n_rules + 1u));
	ids = vs_j_arr(&c->j, c->node, "SecurityGroupRuleIds");
	if (ids != NULL) {
		const cJSON *e;
		cJSON_ArrayForEach(e, ids)
		{
			bool hit = false;
			if (!cJSON_IsString(e)) {
				vs_j_err(&c->j, e, "SecurityGroupRuleIds",
				    "expected rule ids (sgr-...)");
				c->failed = true;
				return;
			}
			for (i = 0; i < g->n_rules; i++)
				if (g->rules[i].rule_id &&
				    strcmp(g->rules[i].rule_id,
					e->valuestring) == 0 &&
				    g->rules[i].egress == egress)
					drop[i] = hit = true;
			if (!hit) {
				refuse(c, "InvalidSecurityGroupRuleId.NotFound",
				    "%s has no %s rule %s", g->id,
				    egress ? "egress" : "ingress",
				    e->valuestring);
				return;
			}
		}
	} else {
		struct vs_sg tmp;
		if (!perms_param(c, egress, &tmp)) {
			c->failed = true;
			return;
		}
		for (j = 0; j < tmp.n_rules; j++) {
			bool hit = false;
			for (i = 0; i < g->n_rules; i++)
				if (same_rule(&g->rules[i], &tmp.rules[j])) {
					drop[i] = true;
					hit = true;
				}
			if (!hit && !default_vpc) {
				refuse(c, "InvalidPermission.NotFound",
				    "%s has no %s rule %s (a revoke must match "
				    "protocol, ports and source exactly)",
				    g->id, egress ? "egress" : "ingress",
				    rule_text(&tmp.rules[j], b, sizeof(b)));
				return;
			}
		}
	}
	keep = vs_arena_alloc(c->t->arena, sizeof(*keep) * (g->n_rules + 1u));
	for (i = 0; i < g->n_rules; i++)
		if (!drop[i])
			keep[n++] = g->rules[i];
	set_rules(c->t, g, keep, n);
}

static void
modify_sg_rules(struct chg *c)
{
	vs_idx gi = group_param(c);
	const cJSON *list, *e;
	struct vs_sg *g;
	struct vs_sg_rule *rules;
	long k = 0;

	if (gi == VS_NONE) {
		c->failed = true;
		return;
	}
	g = &c->t->sgs[gi];
	list = vs_j_arr(&c->j, c->node, "SecurityGroupRules");
	if (list == NULL) {
		vs_j_err(&c->j, c->node, NULL,
		    "missing required key \"SecurityGroupRules\"");
		c->failed = true;
		return;
	}
	/* a copy to edit (never empty: a group without rules has none to
	 * modify, but the refusal comes later) */
	rules = vs_arena_alloc(c->t->arena,
	    sizeof(*rules) * (g->n_rules > 0 ? g->n_rules : 1u));
	if (g->n_rules > 0)
		memcpy(rules, g->rules, sizeof(*rules) * g->n_rules);
	vs_j_push_key(&c->j, "SecurityGroupRules");
	cJSON_ArrayForEach(e, list)
	{
		const char *rid = NULL;
		const cJSON *spec;
		struct vs_sg_rule r;
		uint32_t i;
		vs_idx hit = VS_NONE;
		int peers = 0;
		bool has;

		vs_j_push_idx(&c->j, k++);
		if (!vs_j_need_obj(&c->j, e) ||
		    !vs_j_id(&c->j, e, "SecurityGroupRuleId", &rid, true)) {
			c->failed = true;
			return;
		}
		for (i = 0; i < g->n_rules; i++)
			if (rules[i].rule_id &&
			    strcmp(rules[i].rule_id, rid) == 0)
				hit = i;
		if (hit == VS_NONE) {
			refuse(c, "InvalidSecurityGroupRuleId.NotFound",
			    "%s has no rule %s (rule ids come from "
			    "describe-security-group-rules)",
			    g->id, rid);
			return;
		}
		spec = vs_j_obj(&c->j, e, "SecurityGroupRule");
		if (spec == NULL) {
			vs_j_err(&c->j, e, NULL,
			    "missing required key \"SecurityGroupRule\"");
			c->failed = true;
			return;
		}
		vs_j_push_key(&c->j, "SecurityGroupRule");
		r = rules[hit];
		r.ref = r.ref_user = r.ref_vpc = r.ref_pcx = NULL;
		if (!vs_j_proto(&c->j, spec, "IpProtocol", &r.proto) ||
		    !vs_j_rule_ports(&c->j, spec, &r, "FromPort", "ToPort")) {
			c->failed = true;
			return;
		}
		r.kind = VS_PEER_CIDR;
		if (vs_j_pfx(&c->j, spec, "CidrIpv4", VS_AF4, &r.cidr, &has) &&
		    has)
			peers++;
		if (vs_j_pfx(&c->j, spec, "CidrIpv6", VS_AF6, &r.cidr, &has) &&
		    has)
			peers++;
		if (vs_j_id(&c->j, spec, "PrefixListId", &r.ref, false) &&
		    r.ref) {
			r.kind = VS_PEER_PL;
			peers++;
		}
		{
			const char *gid = NULL;
			if (vs_j_id(&c->j, spec, "ReferencedGroupId", &gid,
				false) &&
			    gid) {
				r.kind = VS_PEER_SG;
				vs_j_split_group(&c->j, gid, &r);
				peers++;
			}
		}
		vs_j_str(&c->j, spec, "Description", &r.desc, false);
		if (peers != 1) {
			vs_j_err(&c->j, spec, NULL,
			    "a rule needs exactly one of CidrIpv4, CidrIpv6, "
			    "PrefixListId, ReferencedGroupId");
			c->failed = true;
			return;
		}
		rules[hit] = r;
		vs_j_pop(&c->j);
		vs_j_pop(&c->j);
	}
	vs_j_pop(&c->j);
	set_rules(c->t, g, rules, g->n_rules);
}

static void
create_sg(struct chg *c)
{
	const char *name = NULL, *vpc = NULL, *desc = NULL, *id = NULL;
	struct vs_sg *g;
	uint32_t i;
	vs_idx v;

	if (!vs_j_str(&c->j, c->node, "GroupName", &name, true) ||
	    !vs_j_str(&c->j, c->node, "Description", &desc, true) ||
	    !vs_j_id(&c->j, c->node, "VpcId", &vpc, true) ||
	    !vs_j_id(&c->j, c->node, "GroupId", &id, false)) {
		c->failed = true;
		return;
	}
	v = find(c->t, VS_K_VPC, vpc);
	if (v == VS_NONE) {
		refuse(c, "InvalidVpcID.NotFound", "vpc %s does not exist",
		    vpc);
		return;
	}
	for (i = 0; i < c->t->n[VS_K_SG]; i++)
		if (c->t->sgs[i].vpc_id &&
		    strcmp(c->t->sgs[i].vpc_id, vpc) == 0 &&
		    c->t->sgs[i].name && strcmp(c->t->sgs[i].name, name) == 0) {
			refuse(c, "InvalidGroup.Duplicate",
			    "%s already has a group named %s (%s)", vpc, name,
			    c->t->sgs[i].id);
			return;
		}
	if (id != NULL && find(c->t, VS_K_SG, id) != VS_NONE) {
		refuse(c, "InvalidGroup.Duplicate", "group %s already exists",
		    id);
		return;
	}
	g = vs_topo_add(c->t, VS_K_SG);
	g->id = id ? id : new_id(c, "sg");
	g->name = name;
	g->desc = desc;
	g->vpc_id = vpc;
	g->owner = c->t->vpcs[v].owner;
	g->at = vs_j_here(&c->j);
	/* a new group allows all outbound IPv4 traffic and nothing in */
	g->rules = vs_arena_zalloc(c->t->arena, sizeof(*g->rules));
	g->rules[0].egress = true;
	g->rules[0].proto = VS_PROTO_ALL;
	g->rules[0].from = g->rules[0].to = -1;
	g->rules[0].kind = VS_PEER_CIDR;
	vs_prefix_parse("0.0.0.0/0", 9, VS_AF4, &g->rules[0].cidr);
	g->n_rules = 1;
}

static void
delete_sg(struct chg *c)
{
	vs_idx gi = group_param(c);
	const char *id;
	uint32_t i, j;

	if (gi == VS_NONE) {
		c->failed = true;
		return;
	}
	id = c->t->sgs[gi].id;
	if (c->t->sgs[gi].name != NULL &&
	    strcmp(c->t->sgs[gi].name, "default") == 0) {
		refuse(c, "CannotDelete",
		    "%s is the default security group of %s and cannot be "
		    "deleted",
		    id,
		    c->t->sgs[gi].vpc_id ? c->t->sgs[gi].vpc_id : "its VPC");
		return;
	}
	for (i = 0; i < c->t->n[VS_K_ENI]; i++)
		for (j = 0; j < c->t->enis[i].n_groups; j++)
			if (strcmp(c->t->enis[i].group_ids[j], id) == 0) {
				refuse(c, "DependencyViolation",
				    "%s is still used by %s", id,
				    c->t->enis[i].id);
				return;
			}
	for (i = 0; i < c->t->n[VS_K_SG]; i++)
		for (j = 0; i != gi && j < c->t->sgs[i].n_rules; j++)
			if (c->t->sgs[i].rules[j].kind == VS_PEER_SG &&
			    strcmp(c->t->sgs[i].rules[j].ref, id) == 0) {
				refuse(c, "DependencyViolation",
				    "%s is referenced by a rule of %s", id,
				    c->t->sgs[i].id);
				return;
			}
	vs_topo_remove(c->t, VS_K_SG, gi);
}

/* ---- network ACLs ---- */

/*
 * RuleNumber of an entry change.  The API takes 1..32766 (32767 and up
 * are AWS's own rules); any other integer is a refusal that states the
 * range, anything else a parameter error.
 */
static bool
rule_param(struct chg *c, uint32_t *rule)
{
	long v;
	bool has;

	if (!vs_j_int(&c->j, c->node, "RuleNumber", LONG_MIN, LONG_MAX, &v,
		&has))
		return false;
	if (!has) {
		vs_j_err(&c->j, c->node, NULL, "RuleNumber is required");
		return false;
	}
	if (v < 1 || v > 32766) {
		refuse(c, "InvalidParameterValue",
		    "rule numbers are 1..32766, got %ld", v);
		return false;
	}
	*rule = (uint32_t)v;
	return true;
}

/* Parse the entry parameters into *e. */
static bool
entry_param(struct chg *c, struct vs_nacl_entry *e)
{
	struct vs_nacl tmp;
	size_t cap = 0;
	size_t errs = vs_diags_errors(c->j.d);
	uint32_t rule;

	if (!rule_param(c, &rule))
		return false;
	memset(&tmp, 0, sizeof(tmp));
	vs_j_nacl_entry(&c->j, c->node, &tmp, &cap);
	if (vs_diags_errors(c->j.d) != errs || tmp.n_entries != 1)
		return false;
	*e = tmp.entries[0];
	return true;
}

static int
entry_index(const struct vs_nacl *n, uint32_t rule, bool egress)
{
	uint32_t i;
	for (i = 0; i < n->n_entries; i++)
		if (n->entries[i].rule == rule &&
		    n->entries[i].egress == egress)
			return (int)i;
	return -1;
}

static void
nacl_entry(struct chg *c, int op /* 0 create, 1 replace, 2 delete */)
{
	vs_idx ni =
	    need(c, "NetworkAclId", VS_K_NACL, "InvalidNetworkAclID.NotFound");
	struct vs_nacl *n;
	struct vs_nacl_entry e;
	struct vs_nacl_entry *v;
	int at;

	if (ni == VS_NONE) {
		c->failed = true;
		return;
	}
	n = &c->t->nacls[ni];
	memset(&e, 0, sizeof(e));
	if (op == 2) {
		if (vs_j_field(c->node, "RuleNumber") == NULL ||
		    vs_j_field(c->node, "Egress") == NULL) {
			vs_j_err(&c->j, c->node, NULL,
			    "RuleNumber and Egress are required");
			c->failed = true;
			return;
		}
		if (!rule_param(c, &e.rule)) {
			c->failed = true;
			return;
		}
		if (!vs_j_bool(&c->j, c->node, "Egress", &e.egress)) {
			c->failed = true;
			return;
		}
	} else if (!entry_param(c, &e)) {
		c->failed = true;
		return;
	}
	at = entry_index(n, e.rule, e.egress);
	if (op == 0 && at >= 0) {
		refuse(c, "NetworkAclEntryAlreadyExists",
		    "%s already has %s rule %u", n->id,
		    e.egress ? "an egress" : "an ingress", e.rule);
		return;
	}
	if (op != 0 && at < 0) {
		refuse(c, "InvalidNetworkAclEntry.NotFound",
		    "%s has no %s rule %u", n->id,
		    e.egress ? "egress" : "ingress", e.rule);
		return;
	}
	v = grow(c, n->entries, n->n_entries, sizeof(*v), 1);
	if (op == 0) {
		v[n->n_entries] = e;
		n->n_entries++;
	} else if (op == 1) {
		v[at] = e;
	} else {
		memmove(&v[at], &v[at + 1],
		    sizeof(*v) * (n->n_entries - (uint32_t)at - 1u));
		n->n_entries--;
	}
	n->entries = v;
}

static void
create_nacl(struct chg *c)
{
	const char *vpc = NULL, *id = NULL;
	struct vs_nacl *n;

	if (!vs_j_id(&c->j, c->node, "VpcId", &vpc, true) ||
	    !vs_j_id(&c->j, c->node, "NetworkAclId", &id, false)) {
		c->failed = true;
		return;
	}
	if (find(c->t, VS_K_VPC, vpc) == VS_NONE) {
		refuse(c, "InvalidVpcID.NotFound", "vpc %s does not exist",
		    vpc);
		return;
	}
	if (id != NULL && find(c->t, VS_K_NACL, id) != VS_NONE) {
		refuse(c, "InvalidParameterValue", "%s already exists", id);
		return;
	}
	n = vs_topo_add(c->t, VS_K_NACL);
	n->id = id ? id : new_id(c, "acl");
	n->vpc_id = vpc;
	n->at = vs_j_here(&c->j);
	/* a new network ACL denies everything: only the implicit rules */
}

static void
replace_nacl_assoc(struct chg *c)
{
	const char *assoc = NULL;
	vs_idx ni;
	uint32_t i, j;
	struct vs_nacl *to;

	if (!vs_j_id(&c->j, c->node, "AssociationId", &assoc, true)) {
		c->failed = true;
		return;
	}
	ni = need(c, "NetworkAclId", VS_K_NACL, "InvalidNetworkAclID.NotFound");
	if (ni == VS_NONE) {
		c->failed = true;
		return;
	}
	to = &c->t->nacls[ni];
	for (i = 0; i < c->t->n[VS_K_NACL]; i++) {
		struct vs_nacl *n = &c->t->nacls[i];
		for (j = 0; j < n->n_assocs; j++) {
			struct vs_nacl_assoc a = n->assocs[j];
			vs_idx s;
			if (a.id == NULL || strcmp(a.id, assoc) != 0)
				continue;
			s = find(c->t, VS_K_SUBNET, a.subnet_id);
			if (s != VS_NONE && c->t->subnets[s].vpc_id &&
			    to->vpc_id &&
			    strcmp(c->t->subnets[s].vpc_id, to->vpc_id) != 0) {
				refuse(c, "InvalidParameterValue",
				    "%s is in %s, not %s", a.subnet_id,
				    c->t->subnets[s].vpc_id, to->vpc_id);
				return;
			}
			n->assocs = vs_arena_memdup(c->t->arena, n->assocs,
			    sizeof(a) * n->n_assocs);
			memmove(&n->assocs[j], &n->assocs[j + 1],
			    sizeof(a) * (n->n_assocs - j - 1u));
			n->n_assocs--;
			to = &c->t->nacls[ni];
			a.id = new_id(c, "aclassoc");
			{
				struct vs_nacl_assoc *v = grow(c, to->assocs,
				    to->n_assocs, sizeof(a), 1);
				v[to->n_assocs++] = a;
				to->assocs = v;
			}
			return;
		}
	}
	refuse(c, "InvalidAssociationID.NotFound",
	    "no network ACL association %s", assoc);
}

/* ---- routes ---- */

static bool
same_dest(const struct vs_route *a, const struct vs_route *b)
{
	if (a->to_pl != b->to_pl)
		return false;
	if (a->to_pl)
		return strcmp(a->pl_id, b->pl_id) == 0;
	return vs_prefix_cmp(&a->dst, &b->dst) == 0;
}

static const char *
dest_text(const struct vs_route *r, char *b)
{
	return r->to_pl ? r->pl_id : vs_prefix_fmt(&r->dst, b);
}

/* Does the route's target exist (for the kinds vpcsim describes)? */
static bool
target_exists(struct chg *c, const struct vs_route *r)
{
	enum vs_kind k;

	switch (r->target) {
	case VS_TGT_IGW:
		k = VS_K_IGW;
		break;
	case VS_TGT_EIGW:
		k = VS_K_EIGW;
		break;
	case VS_TGT_NATGW:
		k = VS_K_NATGW;
		break;
	case VS_TGT_PCX:
		k = VS_K_PCX;
		break;
	case VS_TGT_TGW:
		k = VS_K_TGW;
		break;
	case VS_TGT_VPCE:
		k = VS_K_VPCE;
		break;
	case VS_TGT_ENI:
		k = VS_K_ENI;
		break;
	case VS_TGT_INSTANCE:
		k = VS_K_INSTANCE;
		break;
	default:
		return true; /* not described by vpcsim: trust the change */
	}
	if (find(c->t, k, r->target_id) != VS_NONE)
		return true;
	refuse(c, "InvalidParameterValue",
	    "the route target %s does not exist in the snapshot", r->target_id);
	return false;
}

static void
route_change(struct chg *c, int op /* 0 create, 1 replace, 2 delete */)
{
	vs_idx ri =
	    need(c, "RouteTableId", VS_K_RTB, "InvalidRouteTableID.NotFound");
	struct vs_rtb *rt, tmp;
	struct vs_route r, *v;
	size_t cap = 0;
	size_t errs = vs_diags_errors(c->j.d);
	uint32_t i;
	int at = -1;
	char b[VS_PFX_STRLEN];
	bool local = false;

	if (ri == VS_NONE) {
		c->failed = true;
		return;
	}
	rt = &c->t->rtbs[ri];
	memset(&tmp, 0, sizeof(tmp));
	vs_j_bool(&c->j, c->node, "LocalTarget", &local);
	if (op == 2 || (op == 1 && local)) {
		/* only the destination matters: give the parser a target */
		cJSON *copy = cJSON_Duplicate(c->node, true);
		cJSON_DeleteItemFromObjectCaseSensitive(copy, "LocalTarget");
		if (cJSON_GetObjectItemCaseSensitive(copy, "GatewayId") == NULL)
			cJSON_AddStringToObject(copy, "GatewayId", "local");
		vs_j_route(&c->j, copy, &tmp, &cap);
		cJSON_Delete(copy);
	} else {
		vs_j_route(&c->j, c->node, &tmp, &cap);
	}
	if (vs_diags_errors(c->j.d) != errs || tmp.n_routes != 1) {
		c->failed = true;
		return;
	}
	r = tmp.routes[0];
	r.origin = VS_RO_ROUTE;
	r.state = VS_RS_ACTIVE;
	for (i = 0; i < rt->n_routes; i++)
		if (same_dest(&rt->routes[i], &r))
			at = (int)i;
	if (op == 0 && at >= 0) {
		refuse(c, "RouteAlreadyExists", "%s already has a route to %s",
		    rt->id, dest_text(&r, b));
		return;
	}
	if (op != 0 && at < 0) {
		refuse(c, "InvalidRoute.NotFound", "%s has no route to %s",
		    rt->id, dest_text(&r, b));
		return;
	}
	if (op == 2 && rt->routes[at].target == VS_TGT_LOCAL &&
	    rt->routes[at].origin == VS_RO_TABLE) {
		refuse(c, "InvalidParameterValue",
		    "the local route to %s cannot be deleted",
		    dest_text(&r, b));
		return;
	}
	if (op != 2 && !target_exists(c, &r))
		return;
	v = grow(c, rt->routes, rt->n_routes, sizeof(*v), 1);
	if (op == 0) {
		v[rt->n_routes++] = r;
	} else if (op == 1) {
		if (local) {
			r.target = VS_TGT_LOCAL;
			r.target_id = "local";
		}
		r.origin = v[at].origin;
		v[at] = r;
	} else {
		memmove(&v[at], &v[at + 1],
		    sizeof(*v) * (rt->n_routes - (uint32_t)at - 1u));
		rt->n_routes--;
	}
	rt->routes = v;
}

static void
add_rtb_assoc(struct chg *c, struct vs_rtb *rt, struct vs_rtb_assoc a)
{
	struct vs_rtb_assoc *v =
	    grow(c, rt->assocs, rt->n_assocs, sizeof(a), 1);
	v[rt->n_assocs++] = a;
	rt->assocs = v;
}

/* Find an association id: its table and index. */
static bool
find_rtb_assoc(struct chg *c, const char *id, vs_idx *ti, uint32_t *ai)
{
	uint32_t i, j;
	for (i = 0; i < c->t->n[VS_K_RTB]; i++)
		for (j = 0; j < c->t->rtbs[i].n_assocs; j++)
			if (c->t->rtbs[i].assocs[j].id &&
			    strcmp(c->t->rtbs[i].assocs[j].id, id) == 0) {
				*ti = i;
				*ai = j;
				return true;
			}
	return false;
}

static void
drop_rtb_assoc(struct chg *c, struct vs_rtb *rt, uint32_t j)
{
	/* a copy (the snapshot's array is shared with other clones) */
	rt->assocs = grow(c, rt->assocs, rt->n_assocs, sizeof(*rt->assocs), 0);
	memmove(&rt->assocs[j], &rt->assocs[j + 1],
	    sizeof(*rt->assocs) * (rt->n_assocs - j - 1u));
	rt->n_assocs--;
}

static void
associate_rtb(struct chg *c)
{
	vs_idx ri =
	    need(c, "RouteTableId", VS_K_RTB, "InvalidRouteTableID.NotFound");
	struct vs_rtb_assoc a;
	uint32_t i, j;

	if (ri == VS_NONE) {
		c->failed = true;
		return;
	}
	memset(&a, 0, sizeof(a));
	if (!vs_j_id(&c->j, c->node, "SubnetId", &a.subnet_id, false) ||
	    !vs_j_id(&c->j, c->node, "GatewayId", &a.gateway_id, false)) {
		c->failed = true;
		return;
	}
	if ((a.subnet_id == NULL) == (a.gateway_id == NULL)) {
		vs_j_err(&c->j, c->node, NULL,
		    "give exactly one of SubnetId and GatewayId");
		c->failed = true;
		return;
	}
	if (a.subnet_id) {
		vs_idx s = find(c->t, VS_K_SUBNET, a.subnet_id);
		if (s == VS_NONE) {
			refuse(c, "InvalidSubnetID.NotFound",
			    "subnet %s does not exist", a.subnet_id);
			return;
		}
		if (c->t->subnets[s].vpc_id && c->t->rtbs[ri].vpc_id &&
		    strcmp(c->t->subnets[s].vpc_id, c->t->rtbs[ri].vpc_id)) {
			refuse(c, "InvalidParameterValue",
			    "%s is in %s, route table %s in %s", a.subnet_id,
			    c->t->subnets[s].vpc_id, c->t->rtbs[ri].id,
			    c->t->rtbs[ri].vpc_id);
			return;
		}
	}
	for (i = 0; i < c->t->n[VS_K_RTB]; i++)
		for (j = 0; j < c->t->rtbs[i].n_assocs; j++) {
			const struct vs_rtb_assoc *o = &c->t->rtbs[i].assocs[j];
			if ((a.subnet_id && o->subnet_id &&
				strcmp(o->subnet_id, a.subnet_id) == 0) ||
			    (a.gateway_id && o->gateway_id &&
				strcmp(o->gateway_id, a.gateway_id) == 0)) {
				refuse(c, "Resource.AlreadyAssociated",
				    "%s is already associated with %s (%s)",
				    a.subnet_id ? a.subnet_id : a.gateway_id,
				    c->t->rtbs[i].id, o->id ? o->id : "?");
				return;
			}
		}
	a.id = new_id(c, "rtbassoc");
	add_rtb_assoc(c, &c->t->rtbs[ri], a);
}

static void
disassociate_rtb(struct chg *c)
{
	const char *id = NULL;
	vs_idx ti;
	uint32_t ai;

	if (!vs_j_id(&c->j, c->node, "AssociationId", &id, true)) {
		c->failed = true;
		return;
	}
	if (!find_rtb_assoc(c, id, &ti, &ai)) {
		refuse(c, "InvalidAssociationID.NotFound",
		    "no route table association %s", id);
		return;
	}
	if (c->t->rtbs[ti].assocs[ai].main) {
		refuse(c, "InvalidParameterValue",
		    "%s is the main route table association; replace it "
		    "instead",
		    id);
		return;
	}
	drop_rtb_assoc(c, &c->t->rtbs[ti], ai);
}

static void
replace_rtb_assoc(struct chg *c)
{
	const char *id = NULL;
	vs_idx ti, ri;
	uint32_t ai;
	struct vs_rtb_assoc a;

	if (!vs_j_id(&c->j, c->node, "AssociationId", &id, true)) {
		c->failed = true;
		return;
	}
	ri = need(c, "RouteTableId", VS_K_RTB, "InvalidRouteTableID.NotFound");
	if (ri == VS_NONE) {
		c->failed = true;
		return;
	}
	if (!find_rtb_assoc(c, id, &ti, &ai)) {
		refuse(c, "InvalidAssociationID.NotFound",
		    "no route table association %s", id);
		return;
	}
	a = c->t->rtbs[ti].assocs[ai];
	if (c->t->rtbs[ti].vpc_id && c->t->rtbs[ri].vpc_id &&
	    strcmp(c->t->rtbs[ti].vpc_id, c->t->rtbs[ri].vpc_id) != 0) {
		refuse(c, "InvalidParameterValue",
		    "%s belongs to %s, the association to %s",
		    c->t->rtbs[ri].id, c->t->rtbs[ri].vpc_id,
		    c->t->rtbs[ti].vpc_id);
		return;
	}
	drop_rtb_assoc(c, &c->t->rtbs[ti], ai);
	a.id = new_id(c, "rtbassoc");
	add_rtb_assoc(c, &c->t->rtbs[ri], a);
}

/* ---- interfaces and addresses ---- */

static void
modify_eni(struct chg *c)
{
	vs_idx ei = need(c, "NetworkInterfaceId", VS_K_ENI,
	    "InvalidNetworkInterfaceID.NotFound");
	struct vs_eni *e;
	const cJSON *sdc;

	if (ei == VS_NONE) {
		c->failed = true;
		return;
	}
	e = &c->t->enis[ei];
	if (vs_j_field(c->node, "Groups") != NULL) {
		uint32_t n, i;
		const char **g =
		    vs_j_strlist(&c->j, c->node, "Groups", NULL, &n);
		if (g == NULL || n == 0) {
			refuse(c, "InvalidParameterValue",
			    "Groups must name at least one security group");
			return;
		}
		for (i = 0; i < n; i++) {
			vs_idx gi = find(c->t, VS_K_SG, g[i]);
			if (gi == VS_NONE) {
				refuse(c, "InvalidGroup.NotFound",
				    "group %s does not exist", g[i]);
				return;
			}
			if (c->t->sgs[gi].vpc_id && e->vpc_id &&
			    strcmp(c->t->sgs[gi].vpc_id, e->vpc_id) != 0) {
				refuse(c, "InvalidGroup.NotFound",
				    "group %s belongs to %s, the interface to "
				    "%s",
				    g[i], c->t->sgs[gi].vpc_id, e->vpc_id);
				return;
			}
		}
		e->group_ids = g;
		e->n_groups = n;
	}
	sdc = vs_j_field(c->node, "SourceDestCheck");
	if (sdc != NULL) {
		if (cJSON_IsBool(sdc)) {
			e->src_dst_check = cJSON_IsTrue(sdc);
		} else if (cJSON_IsObject(sdc)) {
			bool v = e->src_dst_check;
			vs_j_push_key(&c->j, "SourceDestCheck");
			if (vs_j_field(sdc, "Value") == NULL ||
			    !vs_j_bool(&c->j, sdc, "Value", &v)) {
				if (vs_j_field(sdc, "Value") == NULL)
					vs_j_err(&c->j, sdc, NULL,
					    "missing required key \"Value\"");
				c->failed = true;
				return;
			}
			vs_j_pop(&c->j);
			e->src_dst_check = v;
		} else {
			vs_j_err(&c->j, sdc, "SourceDestCheck",
			    "expected {\"Value\": true|false}");
			c->failed = true;
		}
	}
}

/* The interface that holds a public address, and the index of its IP. */
static bool
find_public(struct vs_topo *t, const struct vs_addr *pub, vs_idx *ei,
    uint32_t *k)
{
	uint32_t i, j;
	for (i = 0; i < t->n[VS_K_ENI]; i++)
		for (j = 0; j < t->enis[i].n_v4; j++)
			if (t->enis[i].v4[j].has_public &&
			    vs_addr_eq(&t->enis[i].v4[j].pub, pub)) {
				*ei = i;
				*k = j;
				return true;
			}
	return false;
}

static void
associate_address(struct chg *c)
{
	struct vs_addr pub, priv;
	bool has_pub = false, has_priv = false, realloc_ok = false;
	vs_idx ei = VS_NONE, oi;
	uint32_t k, ok;
	struct vs_eni *e;

	if (!vs_j_addr(&c->j, c->node, "PublicIp", VS_AF4, &pub, &has_pub) ||
	    !vs_j_addr(&c->j, c->node, "PrivateIpAddress", VS_AF4, &priv,
		&has_priv) ||
	    !vs_j_bool(&c->j, c->node, "AllowReassociation", &realloc_ok)) {
		c->failed = true;
		return;
	}
	if (!has_pub) {
		vs_j_err(&c->j, c->node, NULL,
		    "give PublicIp (vpcsim does not read describe-addresses, "
		    "so an AllocationId alone names no address)");
		c->failed = true;
		return;
	}
	if (vs_j_field(c->node, "NetworkInterfaceId") != NULL)
		ei = need(c, "NetworkInterfaceId", VS_K_ENI,
		    "InvalidNetworkInterfaceID.NotFound");
	else if (vs_j_field(c->node, "InstanceId") != NULL) {
		vs_idx ii = need(c, "InstanceId", VS_K_INSTANCE,
		    "InvalidInstanceID.NotFound");
		uint32_t i;
		for (i = 0; ii != VS_NONE && i < c->t->n[VS_K_ENI]; i++)
			if (c->t->enis[i].instance_id &&
			    strcmp(c->t->enis[i].instance_id,
				c->t->instances[ii].id) == 0 &&
			    (ei == VS_NONE || c->t->enis[i].device_index <
						  c->t->enis[ei].device_index))
				ei = i;
		if (ii != VS_NONE && ei == VS_NONE)
			refuse(c, "InvalidInstanceID",
			    "instance has no network interface");
	} else {
		vs_j_err(&c->j, c->node, NULL,
		    "give NetworkInterfaceId or InstanceId");
	}
	if (ei == VS_NONE) {
		c->failed = true;
		return;
	}
	e = &c->t->enis[ei];
	for (k = 0; k < e->n_v4; k++)
		if (has_priv ? vs_addr_eq(&e->v4[k].priv, &priv)
			     : e->v4[k].primary)
			break;
	if (k == e->n_v4) {
		refuse(c, "InvalidParameterValue",
		    "%s has no such private address", e->id);
		return;
	}
	if (find_public(c->t, &pub, &oi, &ok)) {
		if (!realloc_ok && !(oi == ei && ok == k)) {
			refuse(c, "Resource.AlreadyAssociated",
			    "the address is associated with %s; set "
			    "AllowReassociation",
			    c->t->enis[oi].id);
			return;
		}
		c->t->enis[oi].v4 = vs_arena_memdup(c->t->arena,
		    c->t->enis[oi].v4, sizeof(*e->v4) * c->t->enis[oi].n_v4);
		c->t->enis[oi].v4[ok].has_public = false;
	}
	e = &c->t->enis[ei];
	e->v4 = vs_arena_memdup(c->t->arena, e->v4, sizeof(*e->v4) * e->n_v4);
	e->v4[k].has_public = true;
	e->v4[k].pub = pub;
	e->v4[k].pub_owner = "Elastic IP";
}

static void
disassociate_address(struct chg *c)
{
	struct vs_addr pub;
	bool has = false;
	vs_idx ei;
	uint32_t k;

	if (!vs_j_addr(&c->j, c->node, "PublicIp", VS_AF4, &pub, &has)) {
		c->failed = true;
		return;
	}
	if (!has) {
		vs_j_err(&c->j, c->node, NULL,
		    "give PublicIp (vpcsim does not read association ids)");
		c->failed = true;
		return;
	}
	if (!find_public(c->t, &pub, &ei, &k)) {
		refuse(c, "InvalidAssociationID.NotFound",
		    "no interface holds that public address");
		return;
	}
	c->t->enis[ei].v4 = vs_arena_memdup(c->t->arena, c->t->enis[ei].v4,
	    sizeof(*c->t->enis[ei].v4) * c->t->enis[ei].n_v4);
	c->t->enis[ei].v4[k].has_public = false;
}

/* ---- dispatch ---- */

static void
do_auth_in(struct chg *c)
{
	authorize(c, false);
}
static void
do_auth_out(struct chg *c)
{
	authorize(c, true);
}
static void
do_rev_in(struct chg *c)
{
	revoke(c, false);
}
static void
do_rev_out(struct chg *c)
{
	revoke(c, true);
}
static void
do_entry_create(struct chg *c)
{
	nacl_entry(c, 0);
}
static void
do_entry_replace(struct chg *c)
{
	nacl_entry(c, 1);
}
static void
do_entry_delete(struct chg *c)
{
	nacl_entry(c, 2);
}
static void
do_route_create(struct chg *c)
{
	route_change(c, 0);
}
static void
do_route_replace(struct chg *c)
{
	route_change(c, 1);
}
static void
do_route_delete(struct chg *c)
{
	route_change(c, 2);
}

/* Parameters each action accepts (the AWS CLI input shape; DryRun and
 * tags are accepted and ignored, a misspelt key is an error). */
#define K_COMMON "DryRun", "TagSpecifications", "ClientToken"
static const char *const k_sg_perm[] = {"GroupId", "GroupName", "IpPermissions",
    "CidrIp", "IpProtocol", "FromPort", "ToPort", K_COMMON, NULL};
static const char *const k_sg_revoke[] = {"GroupId", "GroupName",
    "IpPermissions", "SecurityGroupRuleIds", "CidrIp", "IpProtocol", "FromPort",
    "ToPort", K_COMMON, NULL};
static const char *const k_sg_modify[] = {"GroupId", "SecurityGroupRules",
    K_COMMON, NULL};
static const char *const k_sg_create[] = {"GroupName", "Description", "VpcId",
    "GroupId", K_COMMON, NULL};
static const char *const k_sg_delete[] = {"GroupId", "GroupName", K_COMMON,
    NULL};
static const char *const k_acl_create[] = {"VpcId", "NetworkAclId", K_COMMON,
    NULL};
static const char *const k_acl_entry[] = {"NetworkAclId", "RuleNumber",
    "Protocol", "RuleAction", "Egress", "CidrBlock", "Ipv6CidrBlock",
    "IcmpTypeCode", "PortRange", K_COMMON, NULL};
static const char *const k_acl_entry_del[] = {"NetworkAclId", "RuleNumber",
    "Egress", K_COMMON, NULL};
static const char *const k_acl_assoc[] = {"AssociationId", "NetworkAclId",
    K_COMMON, NULL};
static const char *const k_route[] = {"RouteTableId", "DestinationCidrBlock",
    "DestinationIpv6CidrBlock", "DestinationPrefixListId", "GatewayId",
    "NatGatewayId", "TransitGatewayId", "VpcPeeringConnectionId",
    "NetworkInterfaceId", "InstanceId", "EgressOnlyInternetGatewayId",
    "VpcEndpointId", "LocalGatewayId", "CarrierGatewayId", "CoreNetworkArn",
    "OdbNetworkArn", "LocalTarget", K_COMMON, NULL};
static const char *const k_rtb_assoc[] = {"RouteTableId", "SubnetId",
    "GatewayId", K_COMMON, NULL};
static const char *const k_rtb_disassoc[] = {"AssociationId", K_COMMON, NULL};
static const char *const k_rtb_replace[] = {"AssociationId", "RouteTableId",
    K_COMMON, NULL};
static const char *const k_eni[] = {"NetworkInterfaceId", "Groups",
    "SourceDestCheck", "Description", K_COMMON, NULL};
static const char *const k_addr[] = {"AllocationId", "PublicIp",
    "NetworkInterfaceId", "InstanceId", "PrivateIpAddress",
    "AllowReassociation", K_COMMON, NULL};
static const char *const k_addr_dis[] = {"AssociationId", "PublicIp", K_COMMON,
    NULL};

static const struct {
	const char *name;
	void (*fn)(struct chg *);
	const char *const *keys;
} actions[] = {
    {"AuthorizeSecurityGroupIngress", do_auth_in, k_sg_perm},
    {"AuthorizeSecurityGroupEgress", do_auth_out, k_sg_perm},
    {"RevokeSecurityGroupIngress", do_rev_in, k_sg_revoke},
    {"RevokeSecurityGroupEgress", do_rev_out, k_sg_revoke},
    {"ModifySecurityGroupRules", modify_sg_rules, k_sg_modify},
    {"CreateSecurityGroup", create_sg, k_sg_create},
    {"DeleteSecurityGroup", delete_sg, k_sg_delete},
    {"CreateNetworkAcl", create_nacl, k_acl_create},
    {"CreateNetworkAclEntry", do_entry_create, k_acl_entry},
    {"ReplaceNetworkAclEntry", do_entry_replace, k_acl_entry},
    {"DeleteNetworkAclEntry", do_entry_delete, k_acl_entry_del},
    {"ReplaceNetworkAclAssociation", replace_nacl_assoc, k_acl_assoc},
    {"CreateRoute", do_route_create, k_route},
    {"ReplaceRoute", do_route_replace, k_route},
    {"DeleteRoute", do_route_delete, k_route},
    {"AssociateRouteTable", associate_rtb, k_rtb_assoc},
    {"DisassociateRouteTable", disassociate_rtb, k_rtb_disassoc},
    {"ReplaceRouteTableAssociation", replace_rtb_assoc, k_rtb_replace},
    {"ModifyNetworkInterfaceAttribute", modify_eni, k_eni},
    {"AssociateAddress", associate_address, k_addr},
    {"DisassociateAddress", disassociate_address, k_addr_dis},
};

/* Every parameter key must be one the action takes. */
static bool
known_keys(struct chg *c, const char *const *keys)
{
	const cJSON *k;
	int i;

	cJSON_ArrayForEach(k, c->node)
	{
		bool ok = false;
		for (i = 0; keys[i]; i++)
			if (k->string && strcmp(k->string, keys[i]) == 0)
				ok = true;
		if (!ok) {
			char list[600];
			size_t at = 0;
			for (i = 0; keys[i] && at < sizeof(list) - 40; i++)
				if (strcmp(keys[i], "DryRun") &&
				    strcmp(keys[i], "TagSpecifications") &&
				    strcmp(keys[i], "ClientToken"))
					at += (size_t)snprintf(list + at,
					    sizeof(list) - at, "%s%s",
					    at ? ", " : "", keys[i]);
			vs_j_err(&c->j, k, k->string,
			    "%s does not take the parameter \"%s\" (it takes "
			    "%s)",
			    c->action, k->string ? k->string : "", list);
			return false;
		}
	}
	return true;
}

const char *const vs_change_actions[] = {"AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress", "ModifySecurityGroupRules",
    "CreateSecurityGroup", "DeleteSecurityGroup", "CreateNetworkAcl",
    "CreateNetworkAclEntry", "ReplaceNetworkAclEntry", "DeleteNetworkAclEntry",
    "ReplaceNetworkAclAssociation", "CreateRoute", "ReplaceRoute",
    "DeleteRoute", "AssociateRouteTable", "DisassociateRouteTable",
    "ReplaceRouteTableAssociation", "ModifyNetworkInterfaceAttribute",
    "AssociateAddress", "DisassociateAddress", NULL};

int
vs_change_apply(struct vs_topo *t, const cJSON *list, const char *path,
    const struct vs_src *src, struct vs_diags *d)
{
	struct chg c;
	const cJSON *item;
	long i = 0;
	int applied = 0;
	char b[128];
	const char *p;

	memset(&c, 0, sizeof(c));
	vs_jcx_init(&c.j, t, d, src);
	c.t = t;
	/* the list's own position */
	for (p = path; p && *p == '/';) {
		const char *e = strchr(p + 1, '/');
		size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);
		vs_j_push_key(&c.j, vs_arena_strndup(t->arena, p + 1, n));
		p = e;
	}
	if (!cJSON_IsArray(list)) {
		vs_j_err(&c.j, list, NULL, "expected a list of changes, got %s",
		    vs_j_desc(&c.j, list, NULL, b, sizeof(b)));
		return -1;
	}
	cJSON_ArrayForEach(item, list)
	{
		const cJSON *act;
		size_t k;
		bool known = false;

		vs_j_push_idx(&c.j, i++);
		if (!cJSON_IsObject(item) || cJSON_GetArraySize(item) != 1 ||
		    item->child->string == NULL) {
			vs_j_err(&c.j, item, NULL,
			    "each change is a map with one key, the EC2 action "
			    "(e.g. RevokeSecurityGroupIngress)");
			return -1;
		}
		act = item->child;
		for (k = 0; k < sizeof(actions) / sizeof(actions[0]); k++) {
			if (strcmp(actions[k].name, act->string) != 0)
				continue;
			known = true;
			vs_j_push_key(&c.j, act->string);
			if (!cJSON_IsObject(act)) {
				vs_j_err(&c.j, act, NULL,
				    "expected the action's parameters as a "
				    "map, "
				    "got %s",
				    vs_j_desc(&c.j, act, NULL, b, sizeof(b)));
				return -1;
			}
			c.action = act->string;
			c.node = act;
			c.failed = false;
			if (!known_keys(&c, actions[k].keys))
				return -1;
			{
				bool dry = false;
				size_t errs = vs_diags_errors(c.j.d);
				vs_j_bool(&c.j, act, "DryRun", &dry);
				if (!dry)
					actions[k].fn(&c);
				/* any error while reading the parameters
				 * fails the action, even one the action
				 * itself did not stop on */
				if (c.failed || vs_diags_errors(c.j.d) > errs)
					return -1;
				/* a dry run checks its parameters and
				 * applies nothing */
				if (!dry)
					applied++;
			}
			vs_j_pop(&c.j);
		}
		if (!known) {
			vs_j_err(&c.j, act, act->string,
			    "unknown or unsupported change action '%s' (see "
			    "docs/scenarios.md for the supported ones)",
			    act->string);
			return -1;
		}
		vs_j_pop(&c.j);
	}
	t->finished = false;
	return applied;
}
