/*
 * render.c - trace renderers (see render.h).
 */
#include "render.h"

#include <string.h>

#include "eval.h"
#include "fmt.h"
#include "jsonw.h"
#include "topo.h"

static const char *
dir_name(enum vs_dir d)
{
	return d == VS_DIR_INGRESS  ? "ingress"
	       : d == VS_DIR_EGRESS ? "egress"
				    : NULL;
}

static char *
implicit_text(uint32_t rule, char *buf, size_t n)
{
	snprintf(buf, n, "rule %u deny all %s (implicit)", rule,
	    rule == 32768 ? "::/0" : "0.0.0.0/0");
	return buf;
}

char *
vs_render_hop_rule(const struct vs_hop *h, char *buf, size_t n)
{
	char r[VS_FMT_LEN];

	buf[0] = '\0';
	switch (h->rk) {
	case VS_RK_SG:
		if (h->sg_rule != NULL)
			snprintf(buf, n, "%s %s",
			    h->sg_group ? h->sg_group : "",
			    vs_fmt_sg_rule(h->sg_rule, r, sizeof(r)));
		else if (h->action == VS_A_DENY)
			snprintf(buf, n, "no rule allows it");
		break;
	case VS_RK_TRACKED:
		snprintf(buf, n, "tracked connection");
		break;
	case VS_RK_NACL:
		if (h->nacl_entry != NULL)
			vs_fmt_nacl_entry(h->nacl_entry, buf, n);
		else
			implicit_text(h->nacl_rule, buf, n);
		break;
	case VS_RK_ROUTE:
		if (h->route != NULL)
			vs_fmt_route(h->route, buf, n);
		break;
	case VS_RK_TGWROUTE:
		if (h->route_dst != NULL)
			snprintf(buf, n, "%s -> %s", h->route_dst,
			    h->target ? h->target : "blackhole");
		break;
	case VS_RK_NONE:
		break;
	}
	return buf;
}

char *
vs_render_blocked(const struct vs_trace *tr, char *buf, size_t n)
{
	const struct vs_leg *l =
	    tr->fwd.blocked >= 0 && !tr->fwd.delivered ? &tr->fwd : &tr->ret;
	const struct vs_hop *h;
	char r[VS_FMT_LEN];
	const char *d;

	buf[0] = '\0';
	if (!l->walked || l->blocked < 0)
		return buf;
	h = &l->hops[l->blocked];
	d = dir_name(h->dir);
	vs_render_hop_rule(h, r, sizeof(r));
	snprintf(buf, n, "%s%s%s%s%s%s%s%s%s%s", vs_comp_names[h->comp],
	    h->id ? " " : "", h->id ? h->id : "", d ? " " : "", d ? d : "",
	    r[0] && h->rk != VS_RK_TRACKED ? ", " : "",
	    h->rk != VS_RK_TRACKED ? r : "", h->reason ? " [" : "",
	    h->reason ? vs_reason_names[h->reason] : "", h->reason ? "]" : "");
	return buf;
}

/* ---- text ---- */

static void
text_ports(FILE *o, const struct vs_prange *p, uint32_t n)
{
	uint32_t i;
	for (i = 0; i < n; i++) {
		if (p[i].lo == p[i].hi)
			fprintf(o, "%s%u", i ? ", " : "", p[i].lo);
		else
			fprintf(o, "%s%u-%u", i ? ", " : "", p[i].lo, p[i].hi);
	}
}

static void
text_leg(FILE *o, const struct vs_leg *l)
{
	uint32_t i, j;
	char r[VS_FMT_LEN], a[VS_ADDR_STRLEN];

	for (i = 0; i < l->n_hops; i++) {
		const struct vs_hop *h = &l->hops[i];
		const char *d = dir_name(h->dir);
		const char *act = vs_act_names[h->action];
		fprintf(o, "  %2u  %-9s  %s%s%s%s%s", i + 1, act,
		    vs_comp_names[h->comp], h->id ? " " : "",
		    h->id ? h->id : "", d ? " " : "", d ? d : "");
		vs_render_hop_rule(h, r, sizeof(r));
		if (r[0] && h->rk != VS_RK_TRACKED)
			fprintf(o, ": %s", r);
		if (h->detail != NULL)
			fprintf(o, "%s%s",
			    r[0] && h->rk != VS_RK_TRACKED ? "; " : ": ",
			    h->detail);
		if (h->missing != NULL)
			fprintf(o, " (missing: %s)", h->missing);
		if (h->reason != VS_R_NONE)
			fprintf(o, " [%s]", vs_reason_names[h->reason]);
		fputc('\n', o);
		if (h->comp == VS_C_ENI && h->action == VS_A_DELIVER)
			(void)a;
		for (j = 0; h->n_ports > 1 && j < h->n_ports; j++) {
			const struct vs_hop_ports *p = &h->ports[j];
			fprintf(o, "%22s", "");
			text_ports(o, &p->ports, 1);
			fprintf(o, " %s by %s\n",
			    p->allow ? "allowed" : "denied",
			    p->entry ? vs_fmt_nacl_entry(p->entry, r, sizeof(r))
				     : implicit_text(p->rule, r, sizeof(r)));
		}
	}
}

void
vs_render_text(FILE *o, const struct vs_trace *tr)
{
	char b[512], pn[8];
	const struct vs_query *q = &tr->q;

	fprintf(o, "%s -> %s, %s", tr->src_desc, tr->dst_desc,
	    vs_proto_name(q->proto, pn));
	if (tr->has_ports)
		fprintf(o, " port %d", q->port);
	else if (vs_proto_is_icmp(q->proto) && tr->fwd.n_hops > 0)
		fprintf(o, " type %d code %d",
		    q->icmp_type >= 0 ? q->icmp_type
				      : (q->proto == VS_PROTO_ICMP ? 8 : 128),
		    q->icmp_code >= 0 ? q->icmp_code : 0);
	fputc('\n', o);
	fprintf(o, "verdict: %s", vs_verdict_names[tr->verdict]);
	switch (tr->verdict) {
	case VS_REACHABLE:
		fputs(tr->ret.walked ? " (the request and its reply both get "
				       "through)"
				     : " (the request gets through)",
		    o);
		break;
	case VS_UNREACHABLE:
		fputs(tr->fwd.delivered ? " (the request is delivered; the "
					  "reply is dropped)"
					: " (the request is dropped)",
		    o);
		break;
	case VS_PARTIAL:
		fputs(" (the reply gets through for part of the client port "
		      "range only: connections fail at random)",
		    o);
		break;
	case VS_UNKNOWN:
		fputs(" (the snapshot lacks something a decision needs)", o);
		break;
	case VS_VERDICT__COUNT:
		break;
	}
	fputc('\n', o);
	vs_render_blocked(tr, b, sizeof(b));
	if (b[0])
		fprintf(o, "%s %s\n",
		    tr->verdict == VS_UNKNOWN ? "undecided at:" : "blocked at:",
		    b);
	if (tr->ret.n_blocked_ports > 0 &&
	    (tr->verdict == VS_PARTIAL ||
		(tr->ret.blocked >= 0 &&
		    tr->ret.hops[tr->ret.blocked].comp == VS_C_NACL))) {
		fprintf(o, "blocked ports: ");
		text_ports(o, tr->ret.blocked_ports, tr->ret.n_blocked_ports);
		if (tr->ret.ports_note)
			fprintf(o, " (%s)", tr->ret.ports_note);
		fputc('\n', o);
	}
	if (tr->has_ports && tr->client.lo == tr->client.hi)
		fprintf(o, "client port: %u (%s)\n", tr->client.lo,
		    tr->client_why);
	else if (tr->has_ports)
		fprintf(o, "client ports: %u-%u (%s)\n", tr->client.lo,
		    tr->client.hi, tr->client_why);
	if (tr->note)
		fprintf(o, "note: %s\n", tr->note);
	fputs("\nrequest:\n", o);
	text_leg(o, &tr->fwd);
	if (tr->ret.walked) {
		fputs("reply:\n", o);
		text_leg(o, &tr->ret);
	}
}

/* ---- JSON ---- */

static void
json_ports(struct vs_jw *w, const struct vs_prange *p, uint32_t n)
{
	uint32_t i;
	vs_jw_arr_flat(w);
	for (i = 0; i < n; i++) {
		vs_jw_arr(w);
		vs_jw_int(w, p[i].lo);
		vs_jw_int(w, p[i].hi);
		vs_jw_arr_end(w);
	}
	vs_jw_arr_end(w);
}

static void
json_blocked(struct vs_jw *w, const struct vs_leg *l)
{
	const struct vs_hop *h;
	uint32_t i;

	if (l->blocked < 0 || (l->delivered && !l->partial)) {
		vs_jw_null(w);
		return;
	}
	h = &l->hops[l->blocked];
	vs_jw_obj(w);
	vs_jw_kstr(w, "component", vs_comp_names[h->comp]);
	vs_jw_kstr(w, "id", h->id);
	vs_jw_kstr(w, "direction", dir_name(h->dir));
	switch (h->comp) {
	case VS_C_NACL:
		vs_jw_kint(w, "rule", h->nacl_rule);
		break;
	case VS_C_SG:
		vs_jw_key(w, "groups");
		vs_jw_arr(w);
		for (i = 0; i < h->n_groups; i++)
			vs_jw_str(w, h->groups[i]);
		vs_jw_arr_end(w);
		break;
	case VS_C_RTB:
		vs_jw_kstr(w, "route", h->route_dst);
		break;
	default:
		break;
	}
	vs_jw_kstr(w, "reason", h->reason ? vs_reason_names[h->reason] : NULL);
	if (h->missing != NULL)
		vs_jw_kstr(w, "missing", h->missing);
	vs_jw_kstr(w, "detail", h->detail);
	vs_jw_obj_end(w);
}

static void
json_hop(struct vs_jw *w, const struct vs_hop *h)
{
	char r[VS_FMT_LEN], a[VS_ADDR_STRLEN];
	uint32_t i;

	vs_jw_obj(w);
	vs_jw_kstr(w, "component", vs_comp_names[h->comp]);
	vs_jw_kstr(w, "id", h->id);
	vs_jw_kstr(w, "direction", dir_name(h->dir));
	vs_jw_kstr(w, "action", vs_act_names[h->action]);
	vs_render_hop_rule(h, r, sizeof(r));
	vs_jw_key(w, "rule");
	if (h->rk == VS_RK_NACL && h->nacl_entry == NULL)
		vs_jw_str(w, "implicit");
	else if (r[0])
		vs_jw_str(w, r);
	else
		vs_jw_null(w);
	if (h->rk == VS_RK_NACL)
		vs_jw_kint(w, "rule_number", h->nacl_rule);
	if (h->rk == VS_RK_SG) {
		vs_jw_kstr(w, "group", h->sg_group);
		if (h->sg_rule && h->sg_rule->rule_id)
			vs_jw_kstr(w, "rule_id", h->sg_rule->rule_id);
	}
	if (h->comp == VS_C_SG) {
		vs_jw_key(w, "groups");
		vs_jw_arr(w);
		for (i = 0; i < h->n_groups; i++)
			vs_jw_str(w, h->groups[i]);
		vs_jw_arr_end(w);
	}
	if (h->rk == VS_RK_ROUTE || h->rk == VS_RK_TGWROUTE) {
		vs_jw_kstr(w, "route", h->route_dst);
		vs_jw_kstr(w, "target", h->target);
	}
	vs_jw_kstr(w, "reason", h->reason ? vs_reason_names[h->reason] : NULL);
	if (h->missing)
		vs_jw_kstr(w, "missing", h->missing);
	vs_jw_kstr(w, "detail", h->detail);
	vs_jw_kstr(w, "src", vs_addr_fmt(&h->src, a));
	vs_jw_kstr(w, "dst", vs_addr_fmt(&h->dst, a));
	if (h->n_ports > 0) {
		vs_jw_key(w, "ports");
		vs_jw_arr(w);
		for (i = 0; i < h->n_ports; i++) {
			vs_jw_obj(w);
			vs_jw_key(w, "ports");
			vs_jw_arr_flat(w);
			vs_jw_int(w, h->ports[i].ports.lo);
			vs_jw_int(w, h->ports[i].ports.hi);
			vs_jw_arr_end(w);
			vs_jw_kstr(w, "action",
			    h->ports[i].allow ? "allow" : "deny");
			vs_jw_kint(w, "rule_number", h->ports[i].rule);
			vs_jw_kstr(w, "rule",
			    h->ports[i].entry
				? vs_fmt_nacl_entry(h->ports[i].entry, r,
				      sizeof(r))
				: "implicit");
			vs_jw_obj_end(w);
		}
		vs_jw_arr_end(w);
	}
	vs_jw_obj_end(w);
}

static void
json_leg(struct vs_jw *w, const struct vs_leg *l, bool is_return)
{
	uint32_t i;

	if (!l->walked) {
		vs_jw_null(w);
		return;
	}
	vs_jw_obj(w);
	vs_jw_kbool(w, "delivered", l->delivered);
	vs_jw_key(w, "hops");
	vs_jw_arr(w);
	for (i = 0; i < l->n_hops; i++)
		json_hop(w, &l->hops[i]);
	vs_jw_arr_end(w);
	vs_jw_key(w, "blocked_at");
	json_blocked(w, l);
	if (is_return) {
		vs_jw_key(w, "blocked_ports");
		json_ports(w, l->blocked_ports, l->n_blocked_ports);
	}
	vs_jw_obj_end(w);
}

void
vs_render_json_value(struct vs_jw *w, const struct vs_trace *tr)
{
	const struct vs_query *q = &tr->q;
	char pn[8], a[VS_ADDR_STRLEN];

	vs_jw_obj(w);
	vs_jw_kint(w, "schema", 1);
	vs_jw_key(w, "query");
	vs_jw_obj(w);
	vs_jw_kstr(w, "from", q->from);
	vs_jw_kstr(w, "to", q->to);
	vs_jw_kstr(w, "protocol", vs_proto_name(q->proto, pn));
	if (q->port >= 0)
		vs_jw_kint(w, "port", q->port);
	if (q->src_port >= 0)
		vs_jw_kint(w, "src_port", q->src_port);
	if (q->has_client_ports) {
		vs_jw_key(w, "client_ports");
		json_ports(w, &q->client_ports, 1);
	}
	if (q->icmp_type >= 0)
		vs_jw_kint(w, "icmp_type", q->icmp_type);
	if (q->icmp_code >= 0)
		vs_jw_kint(w, "icmp_code", q->icmp_code);
	vs_jw_obj_end(w);
	vs_jw_kstr(w, "verdict", vs_verdict_names[tr->verdict]);
	vs_jw_key(w, "source");
	vs_jw_obj(w);
	vs_jw_kstr(w, "address", vs_addr_fmt(&tr->src, a));
	vs_jw_kstr(w, "description", tr->src_desc);
	vs_jw_obj_end(w);
	vs_jw_key(w, "destination");
	vs_jw_obj(w);
	vs_jw_kstr(w, "address", vs_addr_fmt(&tr->dst, a));
	vs_jw_kstr(w, "description", tr->dst_desc);
	vs_jw_obj_end(w);
	if (tr->has_ports) {
		vs_jw_key(w, "client_ports");
		vs_jw_obj(w);
		vs_jw_key(w, "range");
		vs_jw_arr_flat(w);
		vs_jw_int(w, tr->client.lo);
		vs_jw_int(w, tr->client.hi);
		vs_jw_arr_end(w);
		vs_jw_kstr(w, "reason", tr->client_why);
		vs_jw_obj_end(w);
	}
	if (tr->note)
		vs_jw_kstr(w, "note", tr->note);
	vs_jw_key(w, "forward");
	json_leg(w, &tr->fwd, false);
	vs_jw_key(w, "return");
	json_leg(w, &tr->ret, true);
	vs_jw_obj_end(w);
}

void
vs_render_json(FILE *out, const struct vs_trace *tr, bool pretty)
{
	struct vs_jw w;
	vs_jw_init(&w, out, pretty);
	vs_render_json_value(&w, tr);
	vs_jw_end(&w);
}

/* ---- dot ---- */

static void
dot_escape(FILE *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', o);
		fputc(*s, o);
	}
}

static void
dot_leg(FILE *o, const struct vs_leg *l, const char *name, const char *prev)
{
	uint32_t i;
	char r[VS_FMT_LEN];

	fprintf(o, "  subgraph cluster_%s {\n    label=\"%s\";\n", name, name);
	for (i = 0; i < l->n_hops; i++) {
		const struct vs_hop *h = &l->hops[i];
		bool bad = (int)i == l->blocked;
		fprintf(o, "    %s%u [label=\"", name, i + 1);
		fprintf(o, "%s", vs_comp_names[h->comp]);
		if (h->id) {
			fputs("\\n", o);
			dot_escape(o, h->id);
		}
		if (h->dir != VS_DIR_NONE)
			fprintf(o, " %s", dir_name(h->dir));
		vs_render_hop_rule(h, r, sizeof(r));
		if (r[0]) {
			fputs("\\n", o);
			dot_escape(o, r);
		}
		fprintf(o, "\\n%s\"", vs_act_names[h->action]);
		if (bad)
			fprintf(o, ", color=red, fontcolor=red, penwidth=2");
		else if (h->action == VS_A_DELIVER)
			fprintf(o, ", color=darkgreen");
		fputs("];\n", o);
	}
	fputs("  }\n", o);
	if (l->n_hops > 0)
		fprintf(o, "  %s -> %s1;\n", prev, name);
	for (i = 1; i < l->n_hops; i++)
		fprintf(o, "  %s%u -> %s%u;\n", name, i, name, i + 1);
}

void
vs_render_dot(FILE *o, const struct vs_trace *tr)
{
	fputs("digraph trace {\n  rankdir=LR;\n  node [shape=box, "
	      "fontname=\"Helvetica\", fontsize=10];\n",
	    o);
	fputs("  src [shape=ellipse, label=\"", o);
	dot_escape(o, tr->src_desc);
	fputs("\"];\n  dst [shape=ellipse, label=\"", o);
	dot_escape(o, tr->dst_desc);
	fprintf(o, "\"];\n  label=\"verdict: %s\";\n",
	    vs_verdict_names[tr->verdict]);
	dot_leg(o, &tr->fwd, "request", "src");
	if (tr->fwd.delivered && tr->fwd.n_hops > 0)
		fprintf(o, "  request%u -> dst;\n", tr->fwd.n_hops);
	if (tr->ret.walked) {
		dot_leg(o, &tr->ret, "reply", "dst");
		if (tr->ret.delivered && tr->ret.n_hops > 0)
			fprintf(o, "  reply%u -> src;\n", tr->ret.n_hops);
	}
	fputs("}\n", o);
}
