/*
 * scenario.c - scenario files and `check` (see scenario.h).
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "change.h"
#include "diag.h"
#include "jconv.h"
#include "jsonpos.h"
#include "judy.h"
#include "load.h"
#include "mem.h"
#include "topo.h"
#include "trail.h"
#include "yaml.h"

/* Scenario and change files are small; refuse anything absurd. */
#define MAX_SCENARIO_FILE ((uint64_t)64 << 20)

struct centry {
	char *key;
	struct vs_topo *t; /* NULL: failed to load */
};

struct vs_scache {
	struct centry *v;
	size_t n, cap;
	struct vs_topo **clones; /* freed before the snapshots they share */
	size_t n_clones, cap_clones;
};

struct vs_scache *
vs_scache_new(void)
{
	return vs_xcalloc(1, sizeof(struct vs_scache));
}

void
vs_scache_free(struct vs_scache **cp)
{
	struct vs_scache *c;
	size_t i;

	if (cp == NULL || *cp == NULL)
		return;
	c = *cp;
	for (i = 0; i < c->n_clones; i++)
		vs_topo_free(&c->clones[i]);
	for (i = 0; i < c->n; i++) {
		vs_topo_free(&c->v[i].t);
		free(c->v[i].key);
	}
	free(c->clones);
	free(c->v);
	free(c);
	*cp = NULL;
}

/* The snapshot at path, loaded once per run. */
static struct vs_topo *
snapshot(struct vs_scache *c, const char *path, struct vs_diags *d,
    bool *reported)
{
	char real[PATH_MAX];
	const char *key = realpath(path, real) ? real : path;
	size_t i;
	struct vs_topo *t;

	*reported = false;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0) {
			*reported = c->v[i].t == NULL;
			return c->v[i].t;
		}
	t = vs_snapshot_load(path, d, NULL);
	c->v = vs_xgrow(c->v, sizeof(*c->v), &c->cap, c->n + 1);
	c->v[c->n].key = vs_xstrdup(key);
	c->v[c->n].t = t;
	c->n++;
	return t;
}

static void
keep_clone(struct vs_scache *c, struct vs_topo *t)
{
	c->clones = vs_xgrow(c->clones, sizeof(*c->clones), &c->cap_clones,
	    c->n_clones + 1);
	c->clones[c->n_clones++] = t;
}

/* dir of file + "/" + rel, unless rel is absolute. */
static char *
relative_to(struct vs_arena *a, const char *file, const char *rel)
{
	const char *slash = strrchr(file, '/');

	if (rel[0] == '/' || slash == NULL)
		return vs_arena_strdup(a, rel);
	return vs_arena_printf(a, "%.*s/%s", (int)(slash - file), file, rel);
}

/* A parsed YAML file with what locates its nodes. */
struct yfile {
	char *text;
	size_t len;
	cJSON *root;
	struct vs_lmap marks;
	struct vs_src src;
};

static int
yload(const char *path, struct vs_diags *d, struct yfile *y)
{
	char err[256];

	memset(y, 0, sizeof(*y));
	if (vs_read_file(path, MAX_SCENARIO_FILE, &y->text, &y->len, err,
		sizeof(err)) != 0) {
		vs_diag_add(d, VS_SEV_ERR, path, 0, 0, NULL, "%s", err);
		return -1;
	}
	y->root = vs_yaml_parse(y->text, y->len, path, &y->marks, d);
	if (y->root == NULL) {
		free(y->text);
		y->text = NULL;
		vs_lmap_free(&y->marks);
		return -1;
	}
	y->src.file = path;
	y->src.text = NULL;
	y->src.len = 0;
	y->src.marks = &y->marks;
	return 0;
}

static void
yfree(struct yfile *y)
{
	cJSON_Delete(y->root);
	vs_lmap_free(&y->marks);
	free(y->text);
	memset(y, 0, sizeof(*y));
}

static unsigned
line_of(const struct yfile *y, const cJSON *n)
{
	struct vs_jpos p;
	if (vs_src_locate(&y->src, n, NULL, &p) != 0)
		return 0;
	return p.line;
}

/* Check that every key of o is in the allowed list. */
static bool
only_keys(struct vs_jcx *c, const cJSON *o, const char *const *allowed)
{
	const cJSON *k;
	bool ok = true;

	cJSON_ArrayForEach(k, o)
	{
		int i;
		bool found = false;
		for (i = 0; allowed[i]; i++)
			if (k->string && strcmp(k->string, allowed[i]) == 0)
				found = true;
		if (!found) {
			char list[512];
			size_t at = 0;
			for (i = 0; allowed[i] && at < sizeof(list) - 40; i++)
				at += (size_t)snprintf(list + at,
				    sizeof(list) - at, "%s%s", i ? ", " : "",
				    allowed[i]);
			vs_j_err_key(c, k, k->string,
			    "unknown key \"%s\" (expected one of: %s)",
			    k->string ? k->string : "", list);
			ok = false;
		}
	}
	return ok;
}

/* A string or a plain number (YAML may type `to: 8080`) as text. */
static bool
str_or_num(struct vs_jcx *c, const cJSON *o, const char *k, const char **out,
    bool required)
{
	const cJSON *n = vs_j_field(o, k);
	char b[64];

	if (n != NULL && cJSON_IsNumber(n)) {
		snprintf(b, sizeof(b), "%.17g", n->valuedouble);
		*out = vs_j_intern(c, b);
		return true;
	}
	return vs_j_str(c, o, k, out, required);
}

static bool
parse_verdict(const char *s, enum vs_verdict *v)
{
	int i;
	for (i = 0; i < VS_VERDICT__COUNT; i++)
		if (strcmp(s, vs_verdict_names[i]) == 0) {
			*v = (enum vs_verdict)i;
			return true;
		}
	return false;
}

static bool
parse_expect(struct vs_jcx *c, const struct yfile *y, const cJSON *o,
    struct vs_expect *e)
{
	static const char *const keys[] = {"name", "from", "to", "protocol",
	    "port", "src_port", "client_ports", "icmp_type", "icmp_code",
	    "ipv6", "verdict", "blocked_at", NULL};
	static const char *const bkeys[] = {"component", "id", "rule", "reason",
	    "direction", "route", NULL};
	const char *proto = NULL, *verdict = NULL, *cp = NULL;
	long v;
	bool has, ok = true;
	const cJSON *b;
	size_t errs = vs_diags_errors(c->d);

	memset(e, 0, sizeof(*e));
	e->line = line_of(y, o);
	e->q.port = e->q.src_port = e->q.icmp_type = e->q.icmp_code = -1;
	if (!vs_j_need_obj(c, o) || !only_keys(c, o, keys))
		return false;
	vs_j_str(c, o, "name", &e->name, false);
	str_or_num(c, o, "from", &e->q.from, true);
	str_or_num(c, o, "to", &e->q.to, true);
	str_or_num(c, o, "protocol", &proto, true);
	vs_j_str(c, o, "verdict", &verdict, true);
	if (vs_j_int(c, o, "port", 0, 65535, &v, &has) && has)
		e->q.port = (int)v;
	if (vs_j_int(c, o, "src_port", 0, 65535, &v, &has) && has)
		e->q.src_port = (int)v;
	if (vs_j_int(c, o, "icmp_type", 0, 255, &v, &has) && has)
		e->q.icmp_type = (int)v;
	if (vs_j_int(c, o, "icmp_code", 0, 255, &v, &has) && has)
		e->q.icmp_code = (int)v;
	vs_j_bool(c, o, "ipv6", &e->q.ipv6);
	if (str_or_num(c, o, "client_ports", &cp, false) && cp != NULL) {
		if (vs_prange_parse(cp, strlen(cp), &e->q.client_ports) != 0) {
			vs_j_err(c, vs_j_field(o, "client_ports"),
			    "client_ports",
			    "expected a port range LO-HI, got \"%s\"", cp);
			ok = false;
		} else {
			e->q.has_client_ports = true;
		}
	}
	if (proto != NULL) {
		e->q.proto = vs_proto_parse(proto, strlen(proto));
		if (e->q.proto < 0) {
			vs_j_err(c, vs_j_field(o, "protocol"), "protocol",
			    "expected tcp, udp, icmp, icmpv6 or 0..255, got "
			    "\"%s\"",
			    proto);
			ok = false;
		}
	}
	if (verdict != NULL && !parse_verdict(verdict, &e->want)) {
		vs_j_err(c, vs_j_field(o, "verdict"), "verdict",
		    "expected reachable, unreachable, partial or unknown, got "
		    "\"%s\"",
		    verdict);
		ok = false;
	}
	e->block.rule = -1;
	b = vs_j_obj(c, o, "blocked_at");
	if (b != NULL) {
		vs_j_push_key(c, "blocked_at");
		e->has_block = true;
		if (only_keys(c, b, bkeys)) {
			vs_j_str(c, b, "component", &e->block.component, false);
			vs_j_str(c, b, "id", &e->block.id, false);
			vs_j_str(c, b, "reason", &e->block.reason, false);
			vs_j_str(c, b, "direction", &e->block.direction, false);
			vs_j_str(c, b, "route", &e->block.route, false);
			if (vs_j_int(c, b, "rule", 0, 65535, &v, &has) && has)
				e->block.rule = v;
		}
		vs_j_pop(c);
	}
	return ok && vs_diags_errors(c->d) == errs;
}

/* Compare a trace with what the expectation asked. */
static void
judge(struct vs_arena *a, struct vs_expect *e)
{
	const struct vs_trace *tr = &e->tr;
	const struct vs_leg *l;
	const struct vs_hop *h = NULL;
	const char *dir;

	if (tr->verdict != e->want) {
		e->pass = false;
		e->why = vs_arena_printf(a, "expected %s, got %s",
		    vs_verdict_names[e->want], vs_verdict_names[tr->verdict]);
		return;
	}
	e->pass = true;
	if (!e->has_block)
		return;
	l = !tr->fwd.delivered ? &tr->fwd : &tr->ret;
	if (l->walked && l->blocked >= 0)
		h = &l->hops[l->blocked];
	if (h == NULL) {
		e->pass = false;
		e->why =
		    "expected a blocking hop, but nothing blocked the path";
		return;
	}
	dir = h->dir == VS_DIR_INGRESS  ? "ingress"
	      : h->dir == VS_DIR_EGRESS ? "egress"
					: "";
	if (e->block.component &&
	    strcmp(e->block.component, vs_comp_names[h->comp]) != 0)
		e->why =
		    vs_arena_printf(a, "expected it blocked at a %s, got a %s",
			e->block.component, vs_comp_names[h->comp]);
	else if (e->block.id && (h->id == NULL || strcmp(e->block.id, h->id)))
		e->why = vs_arena_printf(a, "expected it blocked at %s, got %s",
		    e->block.id, h->id ? h->id : "(no id)");
	else if (e->block.rule >= 0 &&
		 (h->comp != VS_C_NACL || (long)h->nacl_rule != e->block.rule))
		e->why = h->comp == VS_C_NACL
			     ? vs_arena_printf(a,
				   "expected network ACL rule %ld to decide, "
				   "got rule "
				   "%u",
				   e->block.rule, h->nacl_rule)
			     : vs_arena_printf(a,
				   "expected network ACL rule %ld to decide, "
				   "but a %s "
				   "decided (it has no rule numbers)",
				   e->block.rule, vs_comp_names[h->comp]);
	else if (e->block.reason &&
		 (h->reason == VS_R_NONE ||
		     strcmp(e->block.reason, vs_reason_names[h->reason]) != 0))
		e->why = vs_arena_printf(a, "expected reason %s, got %s",
		    e->block.reason,
		    h->reason ? vs_reason_names[h->reason] : "none");
	else if (e->block.direction && strcmp(e->block.direction, dir) != 0)
		e->why = vs_arena_printf(a, "expected direction %s, got %s",
		    e->block.direction, dir[0] ? dir : "none");
	else if (e->block.route &&
		 (h->route_dst == NULL || strcmp(e->block.route, h->route_dst)))
		e->why = vs_arena_printf(a, "expected route %s, got %s",
		    e->block.route, h->route_dst ? h->route_dst : "none");
	if (e->why != NULL)
		e->pass = false;
}

/* Load the change list named by `changes` (inline or a file path).  On
 * success *list points into *holder (the included file) or into y. */
static const cJSON *
change_list(struct vs_jcx *c, const struct yfile *y, const cJSON *node,
    struct vs_arena *a, struct vs_diags *d, struct yfile *holder,
    const struct vs_src **src, const char **path)
{
	const cJSON *l;

	*src = &y->src;
	*path = "/changes";
	if (cJSON_IsArray(node))
		return node;
	if (!cJSON_IsString(node)) {
		vs_j_err(c, node, "changes",
		    "expected a list of changes or the path of a change file");
		return NULL;
	}
	{
		const char *p = relative_to(a, y->src.file, node->valuestring);
		if (yload(p, d, holder) != 0)
			return NULL;
		*src = &holder->src;
		if (vs_trail_is(holder->root)) {
			/* CloudTrail records: the changes they made, by time;
			 * the list is kept in the file's tree, and has no
			 * positions in its text */
			cJSON *l2 = vs_trail_changes(holder->root, p, d, NULL);
			if (l2 == NULL)
				return NULL;
			cJSON_AddItemToObject(holder->root, "vpcsim-replayed",
			    l2);
			holder->src.text = NULL;
			holder->src.marks = NULL;
			*path = "/replayed";
			return l2;
		}
		if (cJSON_IsArray(holder->root)) {
			*path = "";
			return holder->root;
		}
		l = cJSON_IsObject(holder->root)
			? cJSON_GetObjectItemCaseSensitive(holder->root,
			      "changes")
			: NULL;
		if (l == NULL || !cJSON_IsArray(l)) {
			vs_diag_add(d, VS_SEV_ERR, p, 1, 1, NULL,
			    "a change file holds a list of changes, or a map "
			    "whose \"changes\" key holds that list (it may not "
			    "name another file)");
			return NULL;
		}
		return l;
	}
}

/* The network a scenario describes, with its changes applied. */
static const struct vs_topo *
build(struct vs_jcx *c, const struct yfile *y, struct vs_scache *cache,
    struct vs_arena *a, struct vs_diags *d, unsigned *n_changes)
{
	const cJSON *snap = vs_j_field(y->root, "snapshot");
	const cJSON *topo = vs_j_field(y->root, "topology");
	const cJSON *chg = vs_j_field(y->root, "changes");
	struct vs_topo *base = NULL, *t;
	bool reported = false;
	size_t errs = vs_diags_errors(d);

	*n_changes = 0;
	if ((snap == NULL) == (topo == NULL)) {
		vs_j_err(c, y->root, NULL,
		    "a scenario needs exactly one of \"snapshot\" (a folder) "
		    "and \"topology\" (inline describe-* keys)");
		return NULL;
	}
	if (snap != NULL) {
		const char *rel = NULL;
		if (!vs_j_str(c, y->root, "snapshot", &rel, true))
			return NULL;
		base = snapshot(cache, relative_to(a, y->src.file, rel), d,
		    &reported);
		if (base == NULL) {
			if (reported)
				vs_j_err(c, snap, "snapshot",
				    "the snapshot failed to load (see above)");
			return NULL;
		}
	} else {
		struct vs_loader *l;
		base = vs_topo_new();
		l = vs_loader_new(base, d);
		vs_j_push_key(c, "topology");
		if (!cJSON_IsObject(topo))
			vs_j_err(c, topo, NULL,
			    "expected describe-* keys (Vpcs, Subnets, ...)");
		else
			vs_loader_tree(l, topo, &y->src);
		vs_j_pop(c);
		if (vs_loader_done(&l, NULL) != 0 ||
		    vs_diags_errors(d) > errs) {
			vs_topo_free(&base);
			return NULL;
		}
		keep_clone(cache, base);
	}
	if (chg == NULL)
		return base;
	{
		struct yfile holder;
		const struct vs_src *src;
		const char *path;
		const cJSON *list;
		int n;
		struct vs_diags *fin = vs_diags_new();

		memset(&holder, 0, sizeof(holder));
		list = change_list(c, y, chg, a, d, &holder, &src, &path);
		if (list == NULL) {
			yfree(&holder);
			vs_diags_free(&fin);
			return NULL;
		}
		t = vs_topo_clone(base);
		keep_clone(cache, t);
		n = vs_change_apply(t, list, path, src, d);
		yfree(&holder);
		if (n < 0) {
			vs_diags_free(&fin);
			return NULL;
		}
		*n_changes = (unsigned)n;
		/* warnings about the snapshot were reported when it loaded;
		 * only errors the changes introduced matter here */
		if (vs_topo_finish(t, fin) != 0) {
			size_t i;
			char buf[1024];
			for (i = 0; i < vs_diags_count(fin); i++) {
				const struct vs_diag *g = vs_diags_get(fin, i);
				if (g->sev == VS_SEV_ERR)
					vs_diag_add(d, VS_SEV_ERR, y->src.file,
					    0, 0, "/changes",
					    "after the changes: %s",
					    vs_diag_str(g, buf, sizeof(buf)));
			}
			vs_diags_free(&fin);
			return NULL;
		}
		vs_diags_free(&fin);
		return t;
	}
}

void
vs_scenario_run(const char *file, struct vs_scache *cache, struct vs_arena *a,
    struct vs_diags *d, struct vs_scenario *sc)
{
	static const char *const keys[] = {"snapshot", "topology", "changes",
	    "expect", "description", "title", NULL};
	struct yfile y;
	struct vs_jcx c;
	struct vs_topo dummy;
	const struct vs_topo *t;
	const cJSON *ex, *e;
	unsigned i = 0;
	size_t errs = vs_diags_errors(d);

	memset(sc, 0, sizeof(*sc));
	sc->file = vs_arena_strdup(a, file);
	if (yload(file, d, &y) != 0)
		return;
	memset(&dummy, 0, sizeof(dummy));
	dummy.arena = a;
	vs_jcx_init(&c, &dummy, d, &y.src);
	if (!cJSON_IsObject(y.root)) {
		vs_diag_add(d, VS_SEV_ERR, file, 1, 1, NULL,
		    "a scenario is a map with snapshot or topology, and "
		    "expect");
		yfree(&y);
		return;
	}
	if (!only_keys(&c, y.root, keys)) {
		yfree(&y);
		return;
	}
	ex = vs_j_arr(&c, y.root, "expect");
	if (ex == NULL || cJSON_GetArraySize(ex) == 0) {
		if (vs_diags_errors(d) == errs)
			vs_j_err(&c, y.root, NULL,
			    "a scenario needs an \"expect\" list with at least "
			    "one expectation");
		yfree(&y);
		return;
	}
	sc->n_ex = (unsigned)cJSON_GetArraySize(ex);
	sc->ex = vs_arena_zalloc(a, sizeof(*sc->ex) * sc->n_ex);
	vs_j_push_key(&c, "expect");
	cJSON_ArrayForEach(e, ex)
	{
		vs_j_push_idx(&c, i);
		parse_expect(&c, &y, e, &sc->ex[i]);
		vs_j_pop(&c);
		i++;
	}
	vs_j_pop(&c);
	if (vs_diags_errors(d) > errs) {
		yfree(&y);
		return;
	}
	t = build(&c, &y, cache, a, d, &sc->changes);
	if (t == NULL) {
		yfree(&y);
		return;
	}
	for (i = 0; i < sc->n_ex; i++) {
		struct vs_expect *x = &sc->ex[i];
		char err[512];
		if (vs_trace_run(t, &x->q, a, &x->tr, err, sizeof(err)) != 0) {
			vs_diag_add(d, VS_SEV_ERR, file, x->line, 0, NULL,
			    "expectation %u%s%s: %s", i + 1, x->name ? " " : "",
			    x->name ? x->name : "", err);
			continue;
		}
		x->ran = true;
		judge(a, x);
	}
	sc->ok = vs_diags_errors(d) == errs;
	yfree(&y);
}

int
vs_scenario_changed(struct vs_scache *cache, const char *snap,
    const char *change_file, struct vs_diags *d, const struct vs_topo **before,
    const struct vs_topo **after, unsigned *n_changes)
{
	struct vs_topo *base, *t;
	struct yfile y;
	const cJSON *list;
	const char *path = "/changes";
	bool reported;
	int n;
	struct vs_diags *fin;
	cJSON *trail = NULL;
	struct vs_src trail_src = {change_file, NULL, 0, NULL};
	const struct vs_src *src;

	base = snapshot(cache, snap, d, &reported);
	if (base == NULL)
		return -1;
	if (yload(change_file, d, &y) != 0)
		return -1;
	src = &y.src;
	if (vs_trail_is(y.root)) {
		/* CloudTrail records: the changes they made, by time */
		trail = vs_trail_changes(y.root, change_file, d, NULL);
		if (trail == NULL) {
			yfree(&y);
			return -1;
		}
		list = trail;
		path = "/replayed";
		src = &trail_src;
	} else if (cJSON_IsArray(y.root)) {
		list = y.root;
		path = "";
	} else {
		list = cJSON_IsObject(y.root)
			   ? cJSON_GetObjectItemCaseSensitive(y.root, "changes")
			   : NULL;
	}
	if (list == NULL) {
		vs_diag_add(d, VS_SEV_ERR, change_file, 1, 1, NULL,
		    "a change file holds a list of changes, or a map whose "
		    "\"changes\" key holds that list");
		yfree(&y);
		return -1;
	}
	t = vs_topo_clone(base);
	keep_clone(cache, t);
	n = vs_change_apply(t, list, path, src, d);
	cJSON_Delete(trail);
	yfree(&y);
	if (n < 0)
		return -1;
	fin = vs_diags_new();
	if (vs_topo_finish(t, fin) != 0) {
		vs_diag_add(d, VS_SEV_ERR, change_file, 0, 0, NULL,
		    "the changes leave the network inconsistent");
		vs_diags_free(&fin);
		return -1;
	}
	vs_diags_free(&fin);
	*before = base;
	*after = t;
	*n_changes = (unsigned)n;
	return 0;
}
