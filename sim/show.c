/*
 * show.c - `vpcsim show`: one object as vpcsim understood it.
 *
 * The text view is meant to answer "what did vpcsim make of my JSON?":
 * it shows derived facts (which NACL and route table a subnet uses and
 * why, which interfaces sit in a group) next to the raw ones.  The JSON
 * view carries the same facts with stable field names.
 */
#include "show.h"

#include <string.h>

#include "fmt.h"
#include "jsonw.h"
#include "topo.h"

static const char *
orq(const char *s)
{
	return s ? s : "-";
}

static void
text_origin(FILE *o, const struct vs_origin *at)
{
	if (at->file)
		fprintf(o, "  from: %s %s\n", at->file,
		    at->path ? at->path : "");
}

static void
list_prefixes(FILE *o, const struct vs_prefix *p, uint32_t n)
{
	uint32_t i;
	char b[VS_PFX_STRLEN];

	if (n == 0)
		fputs("-", o);
	for (i = 0; i < n; i++)
		fprintf(o, "%s%s", i ? ", " : "", vs_prefix_fmt(&p[i], b));
}

static const char *
sg_name(const struct vs_topo *t, vs_idx g)
{
	return g == VS_NONE ? "not in snapshot" : orq(t->sgs[g].name);
}

/* ---- text views ---- */

static void
t_vpc(FILE *o, const struct vs_topo *t, vs_idx i)
{
	const struct vs_vpc *v = &t->vpcs[i];
	uint32_t j;
	char b[VS_PFX_STRLEN];

	fprintf(o, "vpc %s%s (owner %s, %s)\n", v->id,
	    v->is_default ? " [default VPC]" : "", orq(v->owner),
	    orq(v->state));
	fputs("  CIDR blocks: ", o);
	list_prefixes(o, v->cidrs, v->n_cidrs);
	fprintf(o, "\n  main route table: %s\n",
	    v->main_rtb != VS_NONE ? t->rtbs[v->main_rtb].id : "-");
	fprintf(o, "  default network ACL: %s\n",
	    v->default_nacl != VS_NONE ? t->nacls[v->default_nacl].id : "-");
	fprintf(o, "  internet gateway: %s\n",
	    v->igw != VS_NONE ? t->igws[v->igw].id : "-");
	fprintf(o, "  egress-only internet gateway: %s\n",
	    v->eigw != VS_NONE ? t->eigws[v->eigw].id : "-");
	if (v->bpa)
		fprintf(o, "  block public access: %s\n",
		    v->bpa == 1 ? "block-bidirectional" : "block-ingress");
	fprintf(o, "  subnets (%u):\n", v->n_subnets);
	for (j = 0; j < v->n_subnets; j++) {
		const struct vs_subnet *s = &t->subnets[v->subnets[j]];
		fprintf(o, "    %s %s %s\n", s->id,
		    s->has_cidr4 ? vs_prefix_fmt(&s->cidr4, b) : "-",
		    orq(s->az));
	}
	text_origin(o, &v->at);
}

static void
t_subnet(FILE *o, const struct vs_topo *t, vs_idx i)
{
	const struct vs_subnet *s = &t->subnets[i];
	const char *vpc = s->vpc != VS_NONE ? t->vpcs[s->vpc].id : s->vpc_id;
	char b[VS_PFX_STRLEN], ab[VS_ADDR_STRLEN];
	uint32_t j;

	fprintf(o, "subnet %s in %s (%s)\n", s->id, orq(vpc), orq(s->az));
	fprintf(o, "  CIDR blocks: %s",
	    s->has_cidr4 ? vs_prefix_fmt(&s->cidr4, b) : "");
	for (j = 0; j < s->n_cidr6; j++)
		fprintf(o, "%s%s", s->has_cidr4 || j ? ", " : "",
		    vs_prefix_fmt(&s->cidr6[j], b));
	fputc('\n', o);
	switch (s->nacl_how) {
	case VS_HOW_EXPLICIT:
		fprintf(o, "  network ACL: %s (associated by %s)\n",
		    t->nacls[s->nacl].id, orq(s->nacl_assoc));
		break;
	case VS_HOW_DEFAULT:
		fprintf(o,
		    "  network ACL: %s (the VPC's default network ACL: no "
		    "association names this subnet)\n",
		    t->nacls[s->nacl].id);
		break;
	default:
		fputs("  network ACL: none in the snapshot\n", o);
	}
	switch (s->rtb_how) {
	case VS_HOW_EXPLICIT:
		fprintf(o, "  route table: %s (associated by %s)\n",
		    t->rtbs[s->rtb].id, orq(s->rtb_assoc));
		break;
	case VS_HOW_MAIN:
		fprintf(o,
		    "  route table: %s (the VPC's main route table: no "
		    "explicit association)\n",
		    t->rtbs[s->rtb].id);
		break;
	default:
		fputs("  route table: none in the snapshot\n", o);
	}
	fputs("  interfaces:", o);
	for (j = 0; j < t->n[VS_K_ENI]; j++)
		if (t->enis[j].subnet == i)
			fprintf(o, " %s (%s)", t->enis[j].id,
			    t->enis[j].n_v4
				? vs_addr_fmt(&t->enis[j].v4[0].priv, ab)
				: "-");
	fputc('\n', o);
	text_origin(o, &s->at);
}

static void
t_eni(FILE *o, const struct vs_topo *t, vs_idx i)
{
	const struct vs_eni *e = &t->enis[i];
	char a[VS_ADDR_STRLEN], b[VS_PFX_STRLEN];
	uint32_t j;

	fprintf(o, "network interface %s (%s, %s)\n", e->id, orq(e->type),
	    orq(e->status));
	if (e->desc && e->desc[0])
		fprintf(o, "  description: %s\n", e->desc);
	fprintf(o, "  subnet: %s", orq(e->subnet_id));
	if (e->subnet != VS_NONE && t->subnets[e->subnet].has_cidr4)
		fprintf(o, " (%s)",
		    vs_prefix_fmt(&t->subnets[e->subnet].cidr4, b));
	fprintf(o, " in %s\n",
	    e->vpc != VS_NONE ? t->vpcs[e->vpc].id : orq(e->vpc_id));
	if (e->instance_id) {
		fprintf(o, "  instance: %s", e->instance_id);
		if (e->device_index >= 0)
			fprintf(o, " (device %d)", e->device_index);
		if (e->instance != VS_NONE && t->instances[e->instance].windows)
			fputs(" windows", o);
		fputc('\n', o);
	}
	fputs("  addresses:\n", o);
	for (j = 0; j < e->n_v4; j++) {
		fprintf(o, "    %s%s", vs_addr_fmt(&e->v4[j].priv, a),
		    e->v4[j].primary ? " (primary)" : "");
		if (e->v4[j].has_public)
			fprintf(o, " <-> public %s%s%s%s",
			    vs_addr_fmt(&e->v4[j].pub, a),
			    e->v4[j].pub_owner ? " (" : "",
			    e->v4[j].pub_owner &&
				    strcmp(e->v4[j].pub_owner, "amazon") == 0
				? "auto-assigned"
			    : e->v4[j].pub_owner ? "Elastic IP"
						 : "",
			    e->v4[j].pub_owner ? ")" : "");
		fputc('\n', o);
	}
	for (j = 0; j < e->n_v6; j++)
		fprintf(o, "    %s\n", vs_addr_fmt(&e->v6[j], a));
	for (j = 0; j < e->n_pfx; j++)
		fprintf(o, "    %s (delegated prefix)\n",
		    vs_prefix_fmt(&e->pfx[j], b));
	fputs("  security groups:", o);
	if (e->n_groups == 0)
		fputs(" none", o);
	for (j = 0; j < e->n_groups; j++)
		fprintf(o, " %s (%s)", e->group_ids[j],
		    sg_name(t, e->groups[j]));
	fprintf(o, "\n  source/destination check: %s\n",
	    e->src_dst_check ? "on" : "off");
	if (e->deny_igw)
		fputs("  DenyAllIgwTraffic: true\n", o);
	text_origin(o, &e->at);
}

static void
t_instance(FILE *o, const struct vs_topo *t, vs_idx i)
{
	const struct vs_instance *in = &t->instances[i];
	char a[VS_ADDR_STRLEN];
	uint32_t j;

	fprintf(o, "instance %s (%s, %s)\n", in->id, orq(in->state),
	    in->windows ? "windows: client ports 49152-65535"
			: "linux: client ports 32768-60999");
	fputs("  interfaces:\n", o);
	for (j = 0; j < in->n_enis; j++) {
		const struct vs_eni *e = &t->enis[in->enis[j]];
		fprintf(o, "    %s device %d %s%s\n", e->id, e->device_index,
		    e->n_v4 ? vs_addr_fmt(&e->v4[0].priv, a) : "-",
		    j == 0 ? " (primary)" : "");
	}
	text_origin(o, &in->at);
}

static void
t_sg(FILE *o, const struct vs_topo *t, vs_idx i)
{
	const struct vs_sg *g = &t->sgs[i];
	char r[VS_FMT_LEN];
	uint32_t j, n = 0;
	int pass;

	fprintf(o, "security group %s (%s) in %s\n", g->id, orq(g->name),
	    orq(g->vpc_id));
	for (pass = 0; pass < 2; pass++) {
		bool any = false;
		fprintf(o, "  %s:\n", pass ? "egress" : "ingress");
		for (j = 0; j < g->n_rules; j++) {
			const struct vs_sg_rule *ru = &g->rules[j];
			if (ru->egress != (pass == 1))
				continue;
			any = true;
			vs_fmt_sg_rule(ru, r, sizeof(r));
			fprintf(o, "    %s", r + (pass ? 7 : 8));
			if (ru->kind != VS_PEER_CIDR && ru->ref_idx == VS_NONE)
				fputs("  [not in snapshot]", o);
			if (ru->rule_id)
				fprintf(o, "  (%s)", ru->rule_id);
			if (ru->desc && ru->desc[0])
				fprintf(o, "  \"%s\"", ru->desc);
			fputc('\n', o);
		}
		if (!any)
			fprintf(o,
			    "    (none: %s traffic is denied unless it "
			    "answers a tracked connection)\n",
			    pass ? "outbound" : "inbound");
	}
	fputs("  members:", o);
	for (j = 0; j < t->n[VS_K_ENI]; j++)
		if (vs_topo_eni_in_group(t, j, i)) {
			fprintf(o, " %s", t->enis[j].id);
			n++;
		}
	fprintf(o, "%s\n", n ? "" : " none");
	text_origin(o, &g->at);
}

static void
t_nacl(FILE *o, const struct vs_topo *t, vs_idx i)
{
	const struct vs_nacl *n = &t->nacls[i];
	char r[VS_FMT_LEN];
	uint32_t j;
	int pass;

	fprintf(o, "network ACL %s in %s%s\n", n->id, orq(n->vpc_id),
	    n->is_default ? " (default)" : "");
	for (pass = 0; pass < 2; pass++) {
		bool have32767 = false, have32768 = false;
		fprintf(o, "  %s (first match by rule number):\n",
		    pass ? "egress" : "ingress");
		for (j = 0; j < n->n_entries; j++) {
			const struct vs_nacl_entry *e = &n->entries[j];
			if (e->egress != (pass == 1))
				continue;
			if (e->rule == 32767)
				have32767 = true;
			if (e->rule == 32768)
				have32768 = true;
			fprintf(o, "    %s\n",
			    vs_fmt_nacl_entry(e, r, sizeof(r)));
		}
		if (!have32767)
			fputs("    rule 32767 deny all 0.0.0.0/0 (implicit)\n",
			    o);
		if (!have32768)
			fputs("    rule 32768 deny all ::/0 (implicit)\n", o);
	}
	fputs("  subnets:", o);
	for (j = 0; j < n->n_assocs; j++)
		fprintf(o, " %s", n->assocs[j].subnet_id);
	for (j = 0; j < t->n[VS_K_SUBNET]; j++)
		if (t->subnets[j].nacl == i &&
		    t->subnets[j].nacl_how == VS_HOW_DEFAULT)
			fprintf(o, " %s (by default)", t->subnets[j].id);
	fputc('\n', o);
	text_origin(o, &n->at);
}

static void
t_rtb(FILE *o, const struct vs_topo *t, vs_idx i)
{
	const struct vs_rtb *rt = &t->rtbs[i];
	char r[VS_FMT_LEN];
	uint32_t j;

	fprintf(o, "route table %s in %s\n", rt->id, orq(rt->vpc_id));
	fputs("  routes:\n", o);
	for (j = 0; j < rt->n_routes; j++) {
		const struct vs_route *ro = &rt->routes[j];
		fprintf(o, "    %s", vs_fmt_route(ro, r, sizeof(r)));
		if (ro->origin == VS_RO_PROPAGATED)
			fputs(" [propagated]", o);
		fputc('\n', o);
	}
	fputs("  associations:\n", o);
	for (j = 0; j < rt->n_assocs; j++) {
		const struct vs_rtb_assoc *a = &rt->assocs[j];
		if (a->main)
			fprintf(o, "    main route table of %s (%s)\n",
			    orq(rt->vpc_id), orq(a->id));
		else if (a->subnet_id)
			fprintf(o, "    subnet %s (%s)\n", a->subnet_id,
			    orq(a->id));
		else if (a->gateway_id)
			fprintf(o, "    gateway %s (edge association, %s)\n",
			    a->gateway_id, orq(a->id));
	}
	for (j = 0; j < t->n[VS_K_SUBNET]; j++)
		if (t->subnets[j].rtb == i &&
		    t->subnets[j].rtb_how == VS_HOW_MAIN)
			fprintf(o,
			    "    subnet %s (implicitly, as main table)\n",
			    t->subnets[j].id);
	text_origin(o, &rt->at);
}

static void
t_other(FILE *o, const struct vs_topo *t, enum vs_kind k, vs_idx i)
{
	char a[VS_ADDR_STRLEN];
	uint32_t j;

	switch (k) {
	case VS_K_IGW:
	case VS_K_EIGW: {
		const struct vs_igw *g =
		    k == VS_K_IGW ? &t->igws[i] : &t->eigws[i];
		fprintf(o, "%s %s\n", vs_kind_names[k], g->id);
		for (j = 0; j < g->n_att; j++)
			fprintf(o, "  attached to %s (%s)\n", g->att[j].vpc_id,
			    orq(g->att[j].state));
		if (g->edge_rtb != VS_NONE)
			fprintf(o, "  gateway route table: %s\n",
			    t->rtbs[g->edge_rtb].id);
		text_origin(o, &g->at);
		break;
	}
	case VS_K_NATGW: {
		const struct vs_natgw *n = &t->natgws[i];
		fprintf(o, "nat gateway %s (%s, %s) in %s\n", n->id,
		    n->private_nat ? "private" : "public", orq(n->state),
		    orq(n->subnet_id));
		for (j = 0; j < n->n_addrs; j++) {
			fprintf(o, "  %s", vs_addr_fmt(&n->addrs[j].priv, a));
			if (n->addrs[j].has_public)
				fprintf(o, " <-> %s",
				    vs_addr_fmt(&n->addrs[j].pub, a));
			fprintf(o, " %s\n", orq(n->addrs[j].eni_id));
		}
		text_origin(o, &n->at);
		break;
	}
	case VS_K_PCX: {
		const struct vs_pcx *p = &t->pcxs[i];
		fprintf(o, "vpc peering %s (%s)\n", p->id, orq(p->status));
		fprintf(o, "  requester: %s (owner %s, %s) ",
		    orq(p->req.vpc_id), orq(p->req.owner), orq(p->req.region));
		list_prefixes(o, p->req.cidrs, p->req.n_cidrs);
		fprintf(o, "\n  accepter:  %s (owner %s, %s) ",
		    orq(p->acc.vpc_id), orq(p->acc.owner), orq(p->acc.region));
		list_prefixes(o, p->acc.cidrs, p->acc.n_cidrs);
		fputc('\n', o);
		text_origin(o, &p->at);
		break;
	}
	case VS_K_PL: {
		const struct vs_pl *p = &t->pls[i];
		fprintf(o, "prefix list %s (%s)\n  entries: ", p->id,
		    orq(p->name));
		if (p->entries_known)
			list_prefixes(o, p->entries, p->n_entries);
		else
			fputs("not in the snapshot", o);
		fputc('\n', o);
		text_origin(o, &p->at);
		break;
	}
	case VS_K_VPCE: {
		const struct vs_vpce *e = &t->vpces[i];
		fprintf(o, "vpc endpoint %s (%s, %s) in %s\n  service: %s\n",
		    e->id, orq(e->type), orq(e->state), orq(e->vpc_id),
		    orq(e->service));
		for (j = 0; j < e->n_rtb_ids; j++)
			fprintf(o, "  route table: %s\n", e->rtb_ids[j]);
		for (j = 0; j < e->n_eni_ids; j++)
			fprintf(o, "  interface: %s\n", e->eni_ids[j]);
		text_origin(o, &e->at);
		break;
	}
	case VS_K_TGW: {
		const struct vs_tgw *g = &t->tgws[i];
		fprintf(o, "transit gateway %s (%s)\n", g->id, orq(g->state));
		fprintf(o, "  default association table: %s\n",
		    orq(g->assoc_rtb_id));
		fprintf(o, "  default propagation table: %s\n",
		    orq(g->prop_rtb_id));
		text_origin(o, &g->at);
		break;
	}
	case VS_K_TGW_ATTACH: {
		const struct vs_tgw_attach *at = &t->tgw_attaches[i];
		fprintf(o, "transit gateway attachment %s (%s %s, %s)\n",
		    at->id, orq(at->type), orq(at->resource_id),
		    orq(at->state));
		fprintf(o, "  transit gateway: %s\n  route table: %s\n",
		    orq(at->tgw_id), orq(at->rtb_id));
		for (j = 0; j < at->n_subnet_ids; j++)
			fprintf(o, "  subnet: %s\n", at->subnet_ids[j]);
		text_origin(o, &at->at);
		break;
	}
	case VS_K_TGW_RTB: {
		const struct vs_tgw_rtb *r = &t->tgw_rtbs[i];
		char b[VS_PFX_STRLEN];
		fprintf(o, "transit gateway route table %s (%s)\n", r->id,
		    orq(r->tgw_id));
		for (j = 0; j < r->n_routes; j++) {
			const struct vs_tgw_route *ro = &r->routes[j];
			uint32_t k2;
			fprintf(o, "  %s ->",
			    ro->to_pl ? ro->pl_id : vs_prefix_fmt(&ro->dst, b));
			for (k2 = 0; k2 < ro->n_attach; k2++)
				fprintf(o, " %s", ro->attach_ids[k2]);
			fprintf(o, "%s%s\n",
			    ro->propagated ? " [propagated]" : "",
			    ro->blackhole ? " (blackhole)" : "");
		}
		for (j = 0; j < r->n_props; j++)
			fprintf(o, "  propagation from %s (%s)\n",
			    r->props[j].attach_id, orq(r->props[j].state));
		text_origin(o, &r->at);
		break;
	}
	default:
		break;
	}
}

/* ---- JSON views ---- */

static void
j_prefixes(struct vs_jw *w, const char *k, const struct vs_prefix *p,
    uint32_t n)
{
	char b[VS_PFX_STRLEN];
	uint32_t i;

	vs_jw_key(w, k);
	vs_jw_arr(w);
	for (i = 0; i < n; i++)
		vs_jw_str(w, vs_prefix_fmt(&p[i], b));
	vs_jw_arr_end(w);
}

static void
j_idx(struct vs_jw *w, const char *k, const char *id)
{
	vs_jw_kstr(w, k, id);
}

static const char *
how_name(enum vs_how h)
{
	switch (h) {
	case VS_HOW_EXPLICIT:
		return "explicit";
	case VS_HOW_MAIN:
		return "main";
	case VS_HOW_DEFAULT:
		return "default";
	case VS_HOW_NONE:
		break;
	}
	return "none";
}

static void
j_object(struct vs_jw *w, const struct vs_topo *t, enum vs_kind k, vs_idx i)
{
	char a[VS_ADDR_STRLEN], r[VS_FMT_LEN];
	uint32_t j;

	vs_jw_obj(w);
	vs_jw_kint(w, "schema", 1);
	vs_jw_kstr(w, "kind", vs_kind_names[k]);
	switch (k) {
	case VS_K_VPC: {
		const struct vs_vpc *v = &t->vpcs[i];
		vs_jw_kstr(w, "id", v->id);
		vs_jw_kstr(w, "owner", v->owner);
		vs_jw_kbool(w, "is_default", v->is_default);
		j_prefixes(w, "cidrs", v->cidrs, v->n_cidrs);
		j_idx(w, "main_route_table",
		    v->main_rtb != VS_NONE ? t->rtbs[v->main_rtb].id : NULL);
		j_idx(w, "default_network_acl",
		    v->default_nacl != VS_NONE ? t->nacls[v->default_nacl].id
					       : NULL);
		j_idx(w, "internet_gateway",
		    v->igw != VS_NONE ? t->igws[v->igw].id : NULL);
		vs_jw_key(w, "subnets");
		vs_jw_arr(w);
		for (j = 0; j < v->n_subnets; j++)
			vs_jw_str(w, t->subnets[v->subnets[j]].id);
		vs_jw_arr_end(w);
		break;
	}
	case VS_K_SUBNET: {
		const struct vs_subnet *s = &t->subnets[i];
		vs_jw_kstr(w, "id", s->id);
		vs_jw_kstr(w, "vpc", s->vpc_id);
		vs_jw_kstr(w, "availability_zone", s->az);
		vs_jw_key(w, "cidrs");
		vs_jw_arr(w);
		if (s->has_cidr4)
			vs_jw_str(w, vs_prefix_fmt(&s->cidr4, r));
		for (j = 0; j < s->n_cidr6; j++)
			vs_jw_str(w, vs_prefix_fmt(&s->cidr6[j], r));
		vs_jw_arr_end(w);
		vs_jw_key(w, "network_acl");
		vs_jw_obj(w);
		vs_jw_kstr(w, "id",
		    s->nacl != VS_NONE ? t->nacls[s->nacl].id : NULL);
		vs_jw_kstr(w, "how", how_name(s->nacl_how));
		vs_jw_kstr(w, "association", s->nacl_assoc);
		vs_jw_obj_end(w);
		vs_jw_key(w, "route_table");
		vs_jw_obj(w);
		vs_jw_kstr(w, "id",
		    s->rtb != VS_NONE ? t->rtbs[s->rtb].id : NULL);
		vs_jw_kstr(w, "how", how_name(s->rtb_how));
		vs_jw_kstr(w, "association", s->rtb_assoc);
		vs_jw_obj_end(w);
		break;
	}
	case VS_K_ENI: {
		const struct vs_eni *e = &t->enis[i];
		vs_jw_kstr(w, "id", e->id);
		vs_jw_kstr(w, "type", e->type);
		vs_jw_kstr(w, "subnet", e->subnet_id);
		vs_jw_kstr(w, "vpc",
		    e->vpc != VS_NONE ? t->vpcs[e->vpc].id : e->vpc_id);
		vs_jw_kstr(w, "instance", e->instance_id);
		vs_jw_key(w, "private_ipv4");
		vs_jw_arr(w);
		for (j = 0; j < e->n_v4; j++) {
			vs_jw_obj(w);
			vs_jw_kstr(w, "address",
			    vs_addr_fmt(&e->v4[j].priv, a));
			vs_jw_kbool(w, "primary", e->v4[j].primary);
			vs_jw_kstr(w, "public",
			    e->v4[j].has_public ? vs_addr_fmt(&e->v4[j].pub, a)
						: NULL);
			vs_jw_obj_end(w);
		}
		vs_jw_arr_end(w);
		vs_jw_key(w, "ipv6");
		vs_jw_arr(w);
		for (j = 0; j < e->n_v6; j++)
			vs_jw_str(w, vs_addr_fmt(&e->v6[j], a));
		vs_jw_arr_end(w);
		vs_jw_key(w, "security_groups");
		vs_jw_arr(w);
		for (j = 0; j < e->n_groups; j++)
			vs_jw_str(w, e->group_ids[j]);
		vs_jw_arr_end(w);
		vs_jw_kbool(w, "source_dest_check", e->src_dst_check);
		break;
	}
	case VS_K_INSTANCE: {
		const struct vs_instance *in = &t->instances[i];
		vs_jw_kstr(w, "id", in->id);
		vs_jw_kstr(w, "state", in->state);
		vs_jw_kstr(w, "platform", in->windows ? "windows" : "linux");
		vs_jw_key(w, "network_interfaces");
		vs_jw_arr(w);
		for (j = 0; j < in->n_enis; j++)
			vs_jw_str(w, t->enis[in->enis[j]].id);
		vs_jw_arr_end(w);
		break;
	}
	case VS_K_SG: {
		const struct vs_sg *g = &t->sgs[i];
		vs_jw_kstr(w, "id", g->id);
		vs_jw_kstr(w, "name", g->name);
		vs_jw_kstr(w, "vpc", g->vpc_id);
		vs_jw_key(w, "rules");
		vs_jw_arr(w);
		for (j = 0; j < g->n_rules; j++) {
			vs_jw_obj(w);
			vs_jw_kstr(w, "direction",
			    g->rules[j].egress ? "egress" : "ingress");
			vs_jw_kstr(w, "rule",
			    vs_fmt_sg_rule(&g->rules[j], r, sizeof(r)));
			vs_jw_kstr(w, "rule_id", g->rules[j].rule_id);
			vs_jw_obj_end(w);
		}
		vs_jw_arr_end(w);
		break;
	}
	case VS_K_NACL: {
		const struct vs_nacl *n = &t->nacls[i];
		vs_jw_kstr(w, "id", n->id);
		vs_jw_kstr(w, "vpc", n->vpc_id);
		vs_jw_kbool(w, "is_default", n->is_default);
		vs_jw_key(w, "entries");
		vs_jw_arr(w);
		for (j = 0; j < n->n_entries; j++) {
			vs_jw_obj(w);
			vs_jw_kstr(w, "direction",
			    n->entries[j].egress ? "egress" : "ingress");
			vs_jw_kint(w, "rule", n->entries[j].rule);
			vs_jw_kstr(w, "text",
			    vs_fmt_nacl_entry(&n->entries[j], r, sizeof(r)));
			vs_jw_obj_end(w);
		}
		vs_jw_arr_end(w);
		vs_jw_key(w, "subnets");
		vs_jw_arr(w);
		for (j = 0; j < n->n_assocs; j++)
			vs_jw_str(w, n->assocs[j].subnet_id);
		vs_jw_arr_end(w);
		break;
	}
	case VS_K_RTB: {
		const struct vs_rtb *rt = &t->rtbs[i];
		vs_jw_kstr(w, "id", rt->id);
		vs_jw_kstr(w, "vpc", rt->vpc_id);
		vs_jw_key(w, "routes");
		vs_jw_arr(w);
		for (j = 0; j < rt->n_routes; j++)
			vs_jw_str(w,
			    vs_fmt_route(&rt->routes[j], r, sizeof(r)));
		vs_jw_arr_end(w);
		vs_jw_key(w, "subnets");
		vs_jw_arr(w);
		for (j = 0; j < t->n[VS_K_SUBNET]; j++)
			if (t->subnets[j].rtb == i)
				vs_jw_str(w, t->subnets[j].id);
		vs_jw_arr_end(w);
		break;
	}
	default: {
		/* every struct starts with its id */
		const char *id = NULL;
		switch (k) {
		case VS_K_IGW:
			id = t->igws[i].id;
			break;
		case VS_K_EIGW:
			id = t->eigws[i].id;
			break;
		case VS_K_NATGW:
			id = t->natgws[i].id;
			break;
		case VS_K_PCX:
			id = t->pcxs[i].id;
			break;
		case VS_K_PL:
			id = t->pls[i].id;
			break;
		case VS_K_VPCE:
			id = t->vpces[i].id;
			break;
		case VS_K_TGW:
			id = t->tgws[i].id;
			break;
		case VS_K_TGW_ATTACH:
			id = t->tgw_attaches[i].id;
			break;
		case VS_K_TGW_RTB:
			id = t->tgw_rtbs[i].id;
			break;
		default:
			break;
		}
		vs_jw_kstr(w, "id", id);
	}
	}
	vs_jw_obj_end(w);
	vs_jw_end(w);
}

static void
listing(FILE *o, const struct vs_topo *t, bool json)
{
	char key[VS_SMAP_KEYMAX];
	uintptr_t *v;
	unsigned k;
	struct vs_jw w;

	if (json) {
		vs_jw_init(&w, o, true);
		vs_jw_obj(&w);
		vs_jw_kint(&w, "schema", 1);
		vs_jw_key(&w, "objects");
		vs_jw_obj(&w);
	}
	for (k = 0; k < VS_K__COUNT; k++) {
		if (t->n[k] == 0)
			continue;
		if (json) {
			vs_jw_key(&w, vs_kind_names[k]);
			vs_jw_arr(&w);
		} else {
			fprintf(o, "%s (%u):\n", vs_kind_names[k], t->n[k]);
		}
		key[0] = '\0';
		for (v = vs_smap_first(&t->ids, key); v != NULL;
		     v = vs_smap_next(&t->ids, key)) {
			if (VS_ID_KIND(*v) != k)
				continue;
			if (json)
				vs_jw_str(&w, key);
			else
				fprintf(o, "  %s\n", key);
		}
		if (json)
			vs_jw_arr_end(&w);
	}
	if (json) {
		vs_jw_obj_end(&w);
		vs_jw_obj_end(&w);
		vs_jw_end(&w);
	}
}

int
vs_show(FILE *out, const struct vs_topo *t, const char *id, bool json,
    char *err, size_t errlen)
{
	enum vs_kind k;
	vs_idx i;
	struct vs_jw w;

	if (id == NULL) {
		listing(out, t, json);
		return 0;
	}
	i = vs_topo_find(t, id, &k);
	if (i == VS_NONE) {
		snprintf(err, errlen, "no object with id '%s' in the snapshot",
		    id);
		return -1;
	}
	if (json) {
		vs_jw_init(&w, out, true);
		j_object(&w, t, k, i);
		return 0;
	}
	switch (k) {
	case VS_K_VPC:
		t_vpc(out, t, i);
		break;
	case VS_K_SUBNET:
		t_subnet(out, t, i);
		break;
	case VS_K_ENI:
		t_eni(out, t, i);
		break;
	case VS_K_INSTANCE:
		t_instance(out, t, i);
		break;
	case VS_K_SG:
		t_sg(out, t, i);
		break;
	case VS_K_NACL:
		t_nacl(out, t, i);
		break;
	case VS_K_RTB:
		t_rtb(out, t, i);
		break;
	default:
		t_other(out, t, k, i);
	}
	return 0;
}
