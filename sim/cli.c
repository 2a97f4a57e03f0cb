/*
 * cli.c - command table, option parsing, and the commands' I/O.
 *
 * Each command is a row of `commands`: its name, its options, how many
 * positional arguments it takes, one line for the program's help and a
 * paragraph for its own.  The option parser is our own (getopt keeps global
 * state, and this function must be callable many times in one process by
 * tests and the fuzzer): it takes --name VALUE, --name=VALUE and the short
 * forms listed in the table, stops options at "--", and range-checks
 * numbers.  Anything wrong is a usage error: one line naming the problem
 * and a hint, exit 2.
 */
#include "cli.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "crosscheck.h"
#include "diag.h"
#include "eval.h"
#include "flowlog.h"
#include "fmt.h"
#include "ip.h"
#include "jsonw.h"
#include "load.h"
#include "mem.h"
#include "reach.h"
#include "render.h"
#include "scenario.h"
#include "show.h"
#include "topo.h"

#ifndef VS_VERSION
#define VS_VERSION "0.1.0"
#endif

#define MAX_OPTS 24
#define MAX_POS  256

struct optdef {
	const char *name;    /* long name without "--" */
	char sh;             /* short form or 0 */
	const char *metavar; /* NULL: a flag without a value */
	const char *help;
};

struct args {
	const char *val[MAX_OPTS];
	bool set[MAX_OPTS];
	const char *pos[MAX_POS];
	int npos;
};

struct ctx {
	FILE *out, *err;
	const struct cmd *cmd;
	struct args a;
};

struct cmd {
	const char *name;
	int (*fn)(struct ctx *);
	const char *synopsis; /* after "vpcsim NAME " */
	const char *summary;  /* one line */
	const char *desc;     /* a paragraph */
	const struct optdef *opts;
	int min_pos, max_pos;
};

/* ---- shared helpers ---- */

static int
opt_index(const struct cmd *c, const char *name)
{
	int i;
	for (i = 0; c->opts[i].name != NULL; i++)
		if (strcmp(c->opts[i].name, name) == 0)
			return i;
	return -1;
}

static const char *
opt(const struct ctx *x, const char *name)
{
	int i = opt_index(x->cmd, name);
	return i >= 0 && x->a.set[i] ? x->a.val[i] : NULL;
}

static bool
flag(const struct ctx *x, const char *name)
{
	int i = opt_index(x->cmd, name);
	return i >= 0 && x->a.set[i];
}

static int usage_error(struct ctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
usage_error(struct ctx *x, const char *fmt, ...)
{
	va_list ap;

	fprintf(x->err, "vpcsim %s: ", x->cmd->name);
	va_start(ap, fmt);
	vfprintf(x->err, fmt, ap);
	va_end(ap);
	fprintf(x->err, "\nTry 'vpcsim %s --help'.\n", x->cmd->name);
	return VS_EXIT_USAGE;
}

/* --format: one of the listed names (NULL-terminated); default first. */
static int
get_format(struct ctx *x, const char *const *allowed, int *out)
{
	const char *f = opt(x, "format");
	int i;

	*out = 0;
	if (f == NULL)
		return 0;
	for (i = 0; allowed[i] != NULL; i++) {
		if (strcmp(f, allowed[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	fprintf(x->err, "vpcsim %s: unknown format '%s' (choose from",
	    x->cmd->name, f);
	for (i = 0; allowed[i] != NULL; i++)
		fprintf(x->err, "%s %s", i ? "," : "", allowed[i]);
	fprintf(x->err, ")\nTry 'vpcsim %s --help'.\n", x->cmd->name);
	return -1;
}

static void
print_diags(FILE *err, const struct vs_diags *d, bool warnings)
{
	size_t i, n;
	char buf[2048];

	for (i = 0; i < vs_diags_count(d); i++) {
		const struct vs_diag *dg = vs_diags_get(d, i);
		if (dg->sev == VS_SEV_WARN && !warnings)
			continue;
		fprintf(err, "%s\n", vs_diag_str(dg, buf, sizeof(buf)));
	}
	n = vs_diags_dropped(d, VS_SEV_ERR);
	if (n > 0)
		fprintf(err, "vpcsim: %zu more error%s not shown\n", n,
		    n == 1 ? "" : "s");
	n = vs_diags_dropped(d, VS_SEV_WARN);
	if (warnings && n > 0)
		fprintf(err, "vpcsim: %zu more warning%s not shown\n", n,
		    n == 1 ? "" : "s");
}

/* Load --snapshot; on errors print them and return NULL. */
static struct vs_topo *
load_snapshot(struct ctx *x, struct vs_diags *d, struct vs_load_stats *st)
{
	const char *path = opt(x, "snapshot");
	struct vs_topo *t;

	if (path == NULL) {
		usage_error(x, "%s", "--snapshot DIR is required");
		return NULL;
	}
	t = vs_snapshot_load(path, d, st);
	if (t == NULL)
		print_diags(x->err, d, false);
	return t;
}

static void text_ranges(FILE *o, const struct vs_prange *p, uint32_t n);

/* ---- validate ---- */

static int
cmd_validate(struct ctx *x)
{
	static const char *const fmts[] = {"text", "json", NULL};
	struct vs_diags *d;
	struct vs_load_stats st;
	struct vs_topo *t;
	int fmt, k;
	size_t i;

	if (get_format(x, fmts, &fmt) != 0)
		return VS_EXIT_USAGE;
	if (opt(x, "snapshot") == NULL)
		return usage_error(x, "%s", "--snapshot DIR is required");
	d = vs_diags_new();
	memset(&st, 0, sizeof(st));
	t = vs_snapshot_load(opt(x, "snapshot"), d, &st);
	print_diags(x->err, d, fmt == 0);
	if (fmt == 1) {
		struct vs_jw w;
		char buf[2048];
		vs_jw_init(&w, x->out, true);
		vs_jw_obj(&w);
		vs_jw_kint(&w, "schema", 1);
		vs_jw_kstr(&w, "snapshot", opt(x, "snapshot"));
		vs_jw_kbool(&w, "ok", t != NULL);
		vs_jw_kint(&w, "files", st.files);
		vs_jw_kint(&w, "bytes", (int64_t)st.bytes);
		vs_jw_key(&w, "counts");
		vs_jw_obj(&w);
		for (k = 0; k < VS_K__COUNT; k++)
			vs_jw_kint(&w, vs_kind_names[k], t ? t->n[k] : 0);
		vs_jw_obj_end(&w);
		vs_jw_kint(&w, "errors", (int64_t)vs_diags_errors(d));
		vs_jw_kint(&w, "warnings", (int64_t)vs_diags_warnings(d));
		vs_jw_key(&w, "diagnostics");
		vs_jw_arr(&w);
		for (i = 0; i < vs_diags_count(d); i++) {
			const struct vs_diag *dg = vs_diags_get(d, i);
			vs_jw_obj(&w);
			vs_jw_kstr(&w, "severity",
			    dg->sev == VS_SEV_ERR ? "error" : "warning");
			vs_jw_kstr(&w, "file", dg->file);
			vs_jw_kint(&w, "line", dg->line);
			vs_jw_kint(&w, "column", dg->col);
			vs_jw_kstr(&w, "path", dg->path);
			vs_jw_kstr(&w, "message", dg->msg);
			vs_jw_kstr(&w, "text",
			    vs_diag_str(dg, buf, sizeof(buf)));
			vs_jw_obj_end(&w);
		}
		vs_jw_arr_end(&w);
		vs_jw_obj_end(&w);
		vs_jw_end(&w);
	} else {
		fprintf(x->out, "snapshot %s: %u file%s, %.1f KiB\n",
		    opt(x, "snapshot"), st.files, st.files == 1 ? "" : "s",
		    (double)st.bytes / 1024.0);
		if (t != NULL)
			for (k = 0; k < VS_K__COUNT; k++)
				fprintf(x->out, "  %-30s %6u\n",
				    vs_kind_names[k], t->n[k]);
		fprintf(x->out, "%s: %zu error%s, %zu warning%s\n",
		    t != NULL ? "ok" : "failed", vs_diags_errors(d),
		    vs_diags_errors(d) == 1 ? "" : "s", vs_diags_warnings(d),
		    vs_diags_warnings(d) == 1 ? "" : "s");
	}
	vs_topo_free(&t);
	k = vs_diags_errors(d) > 0 ? VS_EXIT_USAGE : VS_EXIT_OK;
	vs_diags_free(&d);
	return k;
}

/* ---- show ---- */

static int
cmd_show(struct ctx *x)
{
	static const char *const fmts[] = {"text", "json", NULL};
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *t;
	int fmt, rc = VS_EXIT_OK;
	char err[512];

	if (get_format(x, fmts, &fmt) != 0) {
		vs_diags_free(&d);
		return VS_EXIT_USAGE;
	}
	t = load_snapshot(x, d, NULL);
	if (t == NULL) {
		vs_diags_free(&d);
		return VS_EXIT_USAGE;
	}
	if (vs_show(x->out, t, x->a.npos > 0 ? x->a.pos[0] : NULL, fmt == 1,
		err, sizeof(err)) != 0) {
		fprintf(x->err, "vpcsim show: %s\n", err);
		rc = VS_EXIT_USAGE;
	}
	vs_topo_free(&t);
	vs_diags_free(&d);
	return rc;
}

/* ---- trace ---- */

/* An integer option in [lo, hi]; -1 when absent; -2 on error (reported). */
static long
int_opt(struct ctx *x, const char *name, long lo, long hi)
{
	const char *v = opt(x, name);
	long n;

	if (v == NULL)
		return -1;
	if (vs_parse_long(v, strlen(v), lo, hi, &n) != 0) {
		usage_error(x, "--%s: expected an integer %ld..%ld, got '%s'",
		    name, lo, hi, v);
		return -2;
	}
	return n;
}

/* Fill a query from --from/--to/--protocol/...; 0 or an exit status. */
static int
query_from_opts(struct ctx *x, struct vs_query *q)
{
	const char *p = opt(x, "protocol"), *cp = opt(x, "client-ports");
	long v;

	memset(q, 0, sizeof(*q));
	q->from = opt(x, "from");
	q->to = opt(x, "to");
	if (q->from == NULL || q->to == NULL || p == NULL)
		return usage_error(x, "%s",
		    "--from, --to and --protocol are required");
	q->proto = vs_proto_parse(p, strlen(p));
	if (q->proto < 0)
		return usage_error(x,
		    "--protocol: expected tcp, udp, icmp, icmpv6 or 0..255, "
		    "got '%s'",
		    p);
	if ((v = int_opt(x, "port", 0, 65535)) == -2)
		return VS_EXIT_USAGE;
	q->port = (int)v;
	if ((v = int_opt(x, "src-port", 0, 65535)) == -2)
		return VS_EXIT_USAGE;
	q->src_port = (int)v;
	if ((v = int_opt(x, "icmp-type", 0, 255)) == -2)
		return VS_EXIT_USAGE;
	q->icmp_type = (int)v;
	if ((v = int_opt(x, "icmp-code", 0, 255)) == -2)
		return VS_EXIT_USAGE;
	q->icmp_code = (int)v;
	if (cp != NULL) {
		if (vs_prange_parse(cp, strlen(cp), &q->client_ports) != 0)
			return usage_error(x,
			    "--client-ports: expected LO-HI within 0..65535, "
			    "got '%s'",
			    cp);
		q->has_client_ports = true;
	}
	if (q->src_port >= 0 && q->has_client_ports)
		return usage_error(x, "%s",
		    "--src-port and --client-ports exclude each other");
	if ((q->icmp_type >= 0 || q->icmp_code >= 0) &&
	    !vs_proto_is_icmp(q->proto))
		return usage_error(x, "%s",
		    "--icmp-type and --icmp-code need --protocol icmp or "
		    "icmpv6");
	if (q->port >= 0 && !vs_proto_has_ports(q->proto))
		return usage_error(x, "--port applies to tcp and udp, not '%s'",
		    p);
	q->ipv6 = flag(x, "ipv6");
	return 0;
}

static int
cmd_trace(struct ctx *x)
{
	static const char *const fmts[] = {"text", "json", "dot", NULL};
	struct vs_diags *d;
	struct vs_topo *t;
	struct vs_query q;
	struct vs_trace tr;
	struct vs_arena *a;
	char err[512];
	int fmt, rc;

	if (get_format(x, fmts, &fmt) != 0)
		return VS_EXIT_USAGE;
	if ((rc = query_from_opts(x, &q)) != 0)
		return rc;
	d = vs_diags_new();
	t = load_snapshot(x, d, NULL);
	if (t == NULL) {
		vs_diags_free(&d);
		return VS_EXIT_USAGE;
	}
	a = vs_arena_new();
	if (vs_trace_run(t, &q, a, &tr, err, sizeof(err)) != 0) {
		fprintf(x->err, "vpcsim trace: %s\n", err);
		rc = VS_EXIT_USAGE;
	} else {
		if (fmt == 1)
			vs_render_json(x->out, &tr, true);
		else if (fmt == 2)
			vs_render_dot(x->out, &tr);
		else
			vs_render_text(x->out, &tr);
		rc = VS_EXIT_OK;
	}
	vs_arena_free(&a);
	vs_topo_free(&t);
	vs_diags_free(&d);
	return rc;
}

/* ---- check ---- */

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Does a YAML file have a top-level `expect:` key (a scenario, not a
 * change file)? */
static bool
looks_like_scenario(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	bool yes = false;

	if (f == NULL)
		return false;
	while (!yes && fgets(line, sizeof(line), f) != NULL)
		yes = strncmp(line, "expect:", 7) == 0;
	fclose(f);
	return yes;
}

static bool
yaml_name(const char *n)
{
	size_t l = strlen(n);
	return (l > 5 && strcmp(n + l - 5, ".yaml") == 0) ||
	       (l > 4 && strcmp(n + l - 4, ".yml") == 0);
}

/* Files and folders already taken, by device and inode: symbolic links
 * can name one twice, or make a loop. */
struct seen {
	struct {
		dev_t dev;
		ino_t ino;
	} * v;
	size_t n, cap;
};

static bool
seen_before(struct seen *s, const struct stat *st)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (s->v[i].dev == st->st_dev && s->v[i].ino == st->st_ino)
			return true;
	s->v = vs_xgrow(s->v, sizeof(*s->v), &s->cap, s->n + 1);
	s->v[s->n].dev = st->st_dev;
	s->v[s->n].ino = st->st_ino;
	s->n++;
	return false;
}

/* Collect scenario files under a folder, sorted; each file and folder
 * once. */
static void
collect(const char *dir, char ***v, size_t *n, size_t *cap, int depth,
    struct seen *sn)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, nc = 0, i;
	struct stat ds;

	if (depth > 16 || stat(dir, &ds) != 0 || seen_before(sn, &ds))
		return;
	d = opendir(dir);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = vs_xgrow(names, sizeof(*names), &nc, nn + 1);
		names[nn++] = vs_xstrdup(de->d_name);
	}
	closedir(d);
	if (nn > 1)
		qsort(names, nn, sizeof(*names), cmp_cstr);
	for (i = 0; i < nn; i++) {
		struct stat st;
		size_t plen = strlen(dir) + strlen(names[i]) + 2;
		char *p = vs_xmalloc(plen);
		snprintf(p, plen, "%s/%s", dir, names[i]);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			collect(p, v, n, cap, depth + 1, sn);
			free(p);
		} else if (stat(p, &st) == 0 && yaml_name(names[i]) &&
			   !seen_before(sn, &st) && looks_like_scenario(p)) {
			*v = vs_xgrow(*v, sizeof(**v), cap, *n + 1);
			(*v)[(*n)++] = p;
		} else {
			free(p);
		}
		free(names[i]);
	}
	free(names);
}

static void
describe_query(FILE *o, const struct vs_query *q)
{
	char pn[8];
	fprintf(o, "%s -> %s %s", q->from, q->to, vs_proto_name(q->proto, pn));
	if (q->port >= 0)
		fprintf(o, " %d", q->port);
}

static void
json_expect(struct vs_jw *w, const struct vs_expect *e)
{
	char pn[8], b[512];

	vs_jw_obj(w);
	vs_jw_kint(w, "line", e->line);
	vs_jw_kstr(w, "name", e->name);
	vs_jw_key(w, "query");
	vs_jw_obj(w);
	vs_jw_kstr(w, "from", e->q.from);
	vs_jw_kstr(w, "to", e->q.to);
	vs_jw_kstr(w, "protocol", vs_proto_name(e->q.proto, pn));
	if (e->q.port >= 0)
		vs_jw_kint(w, "port", e->q.port);
	vs_jw_obj_end(w);
	vs_jw_kstr(w, "expected", vs_verdict_names[e->want]);
	vs_jw_kstr(w, "verdict",
	    e->ran ? vs_verdict_names[e->tr.verdict] : NULL);
	vs_jw_kbool(w, "pass", e->ran && e->pass);
	vs_jw_kstr(w, "why", e->why);
	vs_jw_kstr(w, "blocked_at",
	    e->ran && vs_render_blocked(&e->tr, b, sizeof(b))[0] ? b : NULL);
	vs_jw_obj_end(w);
}

static int
cmd_check(struct ctx *x)
{
	static const char *const fmts[] = {"text", "json", NULL};
	char **files = NULL;
	size_t nf = 0, cap = 0, i;
	unsigned j, passed = 0, failed = 0, errors = 0;
	struct vs_scache *cache;
	struct vs_arena *a;
	struct vs_diags *d;
	struct vs_jw w;
	int fmt, k;
	bool verbose = flag(x, "verbose");

	if (get_format(x, fmts, &fmt) != 0)
		return VS_EXIT_USAGE;
	if (x->a.npos == 0)
		return usage_error(x, "%s", "name at least one scenario file");
	for (k = 0; k < x->a.npos; k++) {
		struct stat st;
		if (stat(x->a.pos[k], &st) == 0 && S_ISDIR(st.st_mode)) {
			size_t before = nf;
			char *dir = vs_xstrdup(x->a.pos[k]);
			size_t l = strlen(dir);
			while (l > 1 && dir[l - 1] == '/')
				dir[--l] = '\0';
			{
				struct seen sn = {NULL, 0, 0};
				collect(dir, &files, &nf, &cap, 0, &sn);
				free(sn.v);
			}
			free(dir);
			if (nf == before)
				fprintf(x->err,
				    "vpcsim check: %s: no scenario files (YAML "
				    "with a top-level expect:)\n",
				    x->a.pos[k]);
		} else {
			files = vs_xgrow(files, sizeof(*files), &cap, nf + 1);
			files[nf++] = vs_xstrdup(x->a.pos[k]);
		}
	}
	cache = vs_scache_new();
	a = vs_arena_new();
	if (fmt == 1) {
		vs_jw_init(&w, x->out, true);
		vs_jw_obj(&w);
		vs_jw_kint(&w, "schema", 1);
		vs_jw_key(&w, "files");
		vs_jw_arr(&w);
	}
	for (i = 0; i < nf; i++) {
		struct vs_scenario sc;
		d = vs_diags_new();
		vs_scenario_run(files[i], cache, a, d, &sc);
		print_diags(x->err, d, false);
		if (!sc.ok)
			errors++;
		if (fmt == 1) {
			vs_jw_obj(&w);
			vs_jw_kstr(&w, "file", files[i]);
			vs_jw_kbool(&w, "ok", sc.ok);
			vs_jw_kint(&w, "changes", sc.changes);
			vs_jw_key(&w, "expectations");
			vs_jw_arr(&w);
		}
		for (j = 0; j < sc.n_ex; j++) {
			struct vs_expect *e = &sc.ex[j];
			char b[512];
			if (!e->ran)
				continue;
			if (e->pass)
				passed++;
			else
				failed++;
			if (fmt == 1) {
				json_expect(&w, e);
				continue;
			}
			fprintf(x->out, "%s:%u: %s ", files[i], e->line,
			    e->pass ? "PASS" : "FAIL");
			if (e->name == NULL || !e->pass) {
				if (e->name)
					fprintf(x->out, "%s (", e->name);
				describe_query(x->out, &e->q);
				if (e->name)
					fputc(')', x->out);
			} else {
				fputs(e->name, x->out);
			}
			if (e->pass)
				fprintf(x->out, ": %s",
				    vs_verdict_names[e->tr.verdict]);
			else
				fprintf(x->out, ": %s", e->why);
			fputc('\n', x->out);
			if (!e->pass || verbose) {
				const struct vs_leg *rl = &e->tr.ret;
				vs_render_blocked(&e->tr, b, sizeof(b));
				fprintf(x->out, "    %s %s\n",
				    !b[0] ? "path:"
				    : e->tr.verdict == VS_UNKNOWN
					? "undecided at:"
					: "blocked at:",
				    b[0] ? b : "nothing blocked it");
				if (rl->n_blocked_ports > 0 &&
				    (e->tr.verdict == VS_PARTIAL ||
					(rl->blocked >= 0 &&
					    rl->hops[rl->blocked].comp ==
						VS_C_NACL))) {
					fputs("    blocked ports: ", x->out);
					text_ranges(x->out, rl->blocked_ports,
					    rl->n_blocked_ports);
					fputc('\n', x->out);
				}
			}
		}
		if (fmt == 1) {
			vs_jw_arr_end(&w);
			vs_jw_obj_end(&w);
		}
		vs_diags_free(&d);
		free(files[i]);
	}
	free(files);
	if (fmt == 1) {
		vs_jw_arr_end(&w);
		vs_jw_key(&w, "summary");
		vs_jw_obj(&w);
		vs_jw_kint(&w, "passed", passed);
		vs_jw_kint(&w, "failed", failed);
		vs_jw_kint(&w, "errors", errors);
		vs_jw_obj_end(&w);
		vs_jw_obj_end(&w);
		vs_jw_end(&w);
	} else {
		fprintf(x->out,
		    "check: %u passed, %u failed, %u file%s with "
		    "errors (%zu file%s)\n",
		    passed, failed, errors, errors == 1 ? "" : "s", nf,
		    nf == 1 ? "" : "s");
	}
	vs_arena_free(&a);
	vs_scache_free(&cache);
	if (errors > 0 || nf == 0)
		return VS_EXIT_USAGE;
	return failed > 0 ? VS_EXIT_FAIL : VS_EXIT_OK;
}

/* ---- crosscheck ---- */

static const char *
utc(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t == INT64_MAX || t == INT64_MIN || gmtime_r(&tt, &tm) == NULL) {
		snprintf(buf, n, "-");
		return buf;
	}
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static void
json_block(struct vs_jw *w, const struct vs_xc_block *b)
{
	uint32_t i;

	vs_jw_obj(w);
	vs_jw_kstr(w, "component", vs_comp_names[b->comp]);
	vs_jw_kstr(w, "id", b->id);
	vs_jw_kstr(w, "direction",
	    b->dir == VS_DIR_INGRESS ? "ingress" : "egress");
	if (b->comp == VS_C_NACL)
		vs_jw_kint(w, "rule", b->rule);
	if (b->comp == VS_C_SG) {
		vs_jw_key(w, "groups");
		vs_jw_arr(w);
		for (i = 0; i < b->n_groups; i++)
			vs_jw_str(w, b->groups[i]);
		vs_jw_arr_end(w);
	}
	vs_jw_kstr(w, "reason", vs_reason_names[b->reason]);
	vs_jw_obj_end(w);
}

/* "network-acl acl-1 egress rule 32767 deny all 0.0.0.0/0 (implicit)" */
static char *
block_text(const struct vs_xc_block *b, char *buf, size_t n)
{
	char r[VS_FMT_LEN];
	const char *d = b->dir == VS_DIR_INGRESS ? "ingress" : "egress";

	if (b->comp == VS_C_NACL) {
		if (b->entry)
			vs_fmt_nacl_entry(b->entry, r, sizeof(r));
		else
			snprintf(r, sizeof(r), "rule %u deny all %s (implicit)",
			    b->rule, b->rule == 32768 ? "::/0" : "0.0.0.0/0");
		snprintf(buf, n, "network-acl %s %s %s", b->id ? b->id : "-", d,
		    r);
	} else if (b->comp == VS_C_SG) {
		size_t at = 0;
		uint32_t i;
		at += (size_t)snprintf(buf, n,
		    "security-group %s %s: no rule of", b->id ? b->id : "-", d);
		for (i = 0; i < b->n_groups && at < n; i++)
			at += (size_t)snprintf(buf + at, n - at, "%s %s",
			    i ? "," : "", b->groups[i]);
		if (b->n_groups == 0 && at < n)
			snprintf(buf + at, n - at, " (no groups)");
		else if (at < n)
			snprintf(buf + at, n - at, " allows it");
	} else if (b->reason == VS_R_VPC_BLOCK_PUBLIC_ACCESS_ENABLED) {
		snprintf(buf, n,
		    "VPC Block Public Access (reject-reason BPA; "
		    "%s %s)",
		    vs_comp_names[b->comp], b->id ? b->id : "-");
	} else {
		snprintf(buf, n, "%s %s %s", vs_comp_names[b->comp],
		    b->id ? b->id : "-", vs_reason_names[b->reason]);
	}
	return buf;
}

static void
ndjson_record(struct vs_jw *w, const struct vs_flowrec *r,
    const struct vs_xc_result *x)
{
	char a[VS_ADDR_STRLEN];

	vs_jw_obj(w);
	vs_jw_kstr(w, "file", r->file);
	vs_jw_kint(w, "line", (int64_t)r->line);
	vs_jw_key(w, "interface_id");
	if (r->interface_id.n)
		vs_jw_strn(w, r->interface_id.p, r->interface_id.n);
	else
		vs_jw_null(w);
	vs_jw_kstr(w, "action",
	    r->action == VS_FL_ACCEPT   ? "ACCEPT"
	    : r->action == VS_FL_REJECT ? "REJECT"
					: NULL);
	vs_jw_kstr(w, "direction",
	    x->dir == VS_DIR_INGRESS  ? "ingress"
	    : x->dir == VS_DIR_EGRESS ? "egress"
				      : NULL);
	vs_jw_kstr(w, "class", vs_xc_class_names[x->cls]);
	vs_jw_key(w, "blocked_at");
	if (x->has_block)
		json_block(w, &x->block);
	else
		vs_jw_null(w);
	if (x->basis) {
		/* "-any": both readings were tried */
		if (strstr(x->basis, "-any") != NULL) {
			vs_jw_key(w, "reading");
			vs_jw_null(w);
		} else {
			vs_jw_kstr(w, "reading",
			    x->reply ? "reply" : "request");
		}
		vs_jw_kstr(w, "reading_basis", x->basis);
	}
	if (x->dir_basis)
		vs_jw_kstr(w, "direction_basis", x->dir_basis);
	if (r->have & (1ull << VS_FL_PROTOCOL))
		vs_jw_kint(w, "protocol", r->proto);
	if (r->have & (1ull << VS_FL_SRCADDR))
		vs_jw_kstr(w, "srcaddr", vs_addr_fmt(&r->src, a));
	if (r->have & (1ull << VS_FL_DSTADDR))
		vs_jw_kstr(w, "dstaddr", vs_addr_fmt(&r->dst, a));
	/* the packet-level addresses, when given: the evaluation uses them */
	if ((r->have & (1ull << VS_FL_PKT_SRCADDR)) &&
	    !vs_addr_eq(&r->pkt_src, &r->src))
		vs_jw_kstr(w, "pkt_srcaddr", vs_addr_fmt(&r->pkt_src, a));
	if ((r->have & (1ull << VS_FL_PKT_DSTADDR)) &&
	    !vs_addr_eq(&r->pkt_dst, &r->dst))
		vs_jw_kstr(w, "pkt_dstaddr", vs_addr_fmt(&r->pkt_dst, a));
	if (r->have & (1ull << VS_FL_SRCPORT))
		vs_jw_kint(w, "srcport", r->sport);
	if (r->have & (1ull << VS_FL_DSTPORT))
		vs_jw_kint(w, "dstport", r->dport);
	if (x->missing)
		vs_jw_kstr(w, "missing", x->missing);
	if (x->note)
		vs_jw_kstr(w, "note", x->note);
	vs_jw_obj_end(w);
	vs_jw_end(w);
}

static void
progress(FILE *err, uint64_t records, uint64_t done, uint64_t total, double t0)
{
	struct timespec ts;
	double now, rate;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	rate = now > t0 ? (double)records / (now - t0) : 0.0;
	if (total > 0)
		fprintf(err,
		    "\rcrosscheck: %3.0f%%  %llu records  %.0f records/s ",
		    100.0 * (double)done / (double)total,
		    (unsigned long long)records, rate);
	else
		fprintf(err, "\rcrosscheck: %llu records  %.0f records/s ",
		    (unsigned long long)records, rate);
	fflush(err);
}

/*
 * The cross-check runs as a two-stage pipeline: a reader thread parses
 * records into batches (starting while the snapshot still loads), and
 * this thread classifies them in order.  A record's strings point into the
 * reader's line buffer, so the reader copies the two the classifier and
 * the output use (the interface id and reject-reason) into the batch.
 */
#define XC_BATCH   2048
#define XC_BATCHES 8

struct xc_slot {
	struct vs_flowrec rec;
	char iface[64];
	char reason[16];
	struct vs_xc_result res; /* the classifier's answer */
};

struct xc_batch {
	struct xc_slot *slot;
	unsigned n;
	bool full;
	int state; /* XC_FREE, XC_CLAIMED or XC_CLASSIFIED, under mu */
};

struct xc_pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct xc_batch b[XC_BATCHES];
	bool done, stop, quit;
	uint64_t claim_seq; /* batches claimed for classification */
	/* inputs and what the reader reports back */
	int nfiles;
	char **files;
	const char *format;
	struct vs_flowerrs errs;
	char **file_errors; /* one message per failed file, or NULL */
	_Atomic uint64_t offset, size;
};

static void
xc_fixup(struct xc_slot *s)
{
	struct vs_flowrec *r = &s->rec;
	struct vs_sv *rr = &r->raw[VS_FL_REJECT_REASON];
	size_t n = r->interface_id.n < sizeof(s->iface) ? r->interface_id.n
							: sizeof(s->iface) - 1;

	memcpy(s->iface, r->interface_id.p ? r->interface_id.p : "", n);
	s->iface[n] = '\0';
	r->interface_id.p = s->iface;
	r->interface_id.n = (uint32_t)n;
	n = rr->n < sizeof(s->reason) ? rr->n : sizeof(s->reason) - 1;
	memcpy(s->reason, rr->p ? rr->p : "", n);
	s->reason[n] = '\0';
	rr->p = s->reason;
	rr->n = (uint32_t)n;
	/* nothing downstream reads the other raw fields */
}

static void *
xc_reader(void *arg)
{
	struct xc_pipe *p = arg;
	unsigned cur = 0;
	int f;

	for (f = 0; f < p->nfiles; f++) {
		char err[512];
		struct vs_flowreader *r = vs_flowreader_open(p->files[f],
		    p->format, err, sizeof(err));
		int n = 1;

		if (r == NULL) {
			p->file_errors[f] = vs_xstrdup(err);
			continue;
		}
		vs_flowreader_set_errs(r, &p->errs);
		atomic_store(&p->size, vs_flowreader_size(r));
		while (n == 1) {
			struct xc_batch *b = &p->b[cur];
			pthread_mutex_lock(&p->mu);
			while (b->full && !p->stop)
				pthread_cond_wait(&p->cv, &p->mu);
			pthread_mutex_unlock(&p->mu);
			if (p->stop)
				break;
			b->n = 0;
			while (
			    b->n < XC_BATCH && (n = vs_flowreader_next(r,
						    &b->slot[b->n].rec)) == 1) {
				/* the file name must outlive the reader */
				b->slot[b->n].rec.file = p->files[f];
				xc_fixup(&b->slot[b->n]);
				b->n++;
			}
			atomic_store(&p->offset, vs_flowreader_offset(r));
			if (b->n > 0) {
				pthread_mutex_lock(&p->mu);
				b->full = true;
				pthread_cond_broadcast(&p->cv);
				pthread_mutex_unlock(&p->mu);
				cur = (cur + 1) % XC_BATCHES;
			}
		}
		if (n < 0) {
			char m[768];
			snprintf(m, sizeof(m), "%s: %s", p->files[f],
			    vs_flowreader_error(r));
			p->file_errors[f] = vs_xstrdup(m);
		}
		vs_flowreader_close(&r);
		if (p->stop)
			break;
	}
	pthread_mutex_lock(&p->mu);
	p->done = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/*
 * Classification is shared by this thread and --jobs - 1 helpers, each
 * with its own classifier (and decision cache) over the same read-only
 * topology.  Whole batches are claimed in order (claim_seq); a helper
 * classifies the batch it claimed into the batch's slots, and this thread
 * takes the batches in order, classifying one itself when no helper has
 * claimed it yet, waiting for it otherwise, then counts, groups and prints
 * it.  A record's answer does not depend on which classifier gave it (the
 * cache only remembers what a fresh evaluation says), so the output is
 * the same for any --jobs.
 */
enum { XC_FREE, XC_CLAIMED, XC_CLASSIFIED };

struct xc_helper {
	pthread_t th;
	struct vs_xc *xc;
	struct xc_pipe *p;
};

static void
xc_classify(struct vs_xc *xc, struct xc_batch *b)
{
	unsigned j;

	for (j = 0; j < b->n; j++)
		vs_xc_record(xc, &b->slot[j].rec, &b->slot[j].res);
}

static void *
xc_helper_main(void *arg)
{
	struct xc_helper *h = arg;
	struct xc_pipe *p = h->p;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct xc_batch *b = &p->b[p->claim_seq % XC_BATCHES];
		if (b->full && b->state == XC_FREE) {
			b->state = XC_CLAIMED;
			p->claim_seq++;
			pthread_mutex_unlock(&p->mu);
			xc_classify(h->xc, b);
			pthread_mutex_lock(&p->mu);
			b->state = XC_CLASSIFIED;
			pthread_cond_broadcast(&p->cv);
			continue;
		}
		if (p->quit || (p->done && !b->full))
			break;
		pthread_cond_wait(&p->cv, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Start up to n helpers (fewer if threads cannot be made); returns how
 * many run. */
static int
xc_helpers_start(struct xc_pipe *p, const struct vs_topo *t,
    struct xc_helper *h, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		h[i].xc = vs_xc_new(t);
		h[i].p = p;
		if (pthread_create(&h[i].th, NULL, xc_helper_main, &h[i]) !=
		    0) {
			vs_xc_free(&h[i].xc);
			break;
		}
	}
	return i;
}

static void
xc_helpers_stop(struct xc_pipe *p, struct xc_helper *h, int n, uint64_t *hits,
    uint64_t *lookups)
{
	int i;

	pthread_mutex_lock(&p->mu);
	p->quit = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < n; i++) {
		uint64_t a, b;
		pthread_join(h[i].th, NULL);
		vs_xc_cache_stats(h[i].xc, &a, &b);
		*hits += a;
		*lookups += b;
		vs_xc_free(&h[i].xc);
	}
}

/* The default --jobs: every core, up to 4. */
static int
xc_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/* The next batch in order, classified (by a helper, or here with own),
 * or NULL when the reader is done. */
static struct xc_batch *
xc_take(struct xc_pipe *p, unsigned cur, struct vs_xc *own)
{
	struct xc_batch *b = &p->b[cur];

	pthread_mutex_lock(&p->mu);
	while (!b->full && !p->done)
		pthread_cond_wait(&p->cv, &p->mu);
	if (!b->full) {
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
	if (b->state == XC_FREE) {
		/* every earlier batch is claimed, so this one is next */
		b->state = XC_CLAIMED;
		p->claim_seq++;
		pthread_mutex_unlock(&p->mu);
		xc_classify(own, b);
		pthread_mutex_lock(&p->mu);
		b->state = XC_CLASSIFIED;
	}
	while (b->state != XC_CLASSIFIED)
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	return b;
}

static void
xc_release(struct xc_pipe *p, struct xc_batch *b)
{
	pthread_mutex_lock(&p->mu);
	b->full = false;
	b->state = XC_FREE;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static int
cmd_crosscheck(struct ctx *x)
{
	static const char *const fmts[] = {"text", "json", "ndjson", NULL};
	struct vs_diags *d;
	struct vs_topo *t = NULL;
	const struct vs_topo *use = NULL;
	struct vs_scache *cache = NULL;
	unsigned n_changes = 0;
	struct vs_xc *xc;
	struct vs_xc_groups *g;
	struct vs_jw w;
	struct xc_pipe *p;
	pthread_t th;
	uint64_t counts[VS_XC__COUNT], records = 0;
	int fmt, i, rc = VS_EXIT_OK;
	unsigned cur = 0;
	long top = 10;
	bool tty = isatty(fileno(x->err)) != 0, shown = false;
	struct timespec ts;
	double t0;
	const struct vs_xc_group *list;
	size_t ng, k;
	char buf[1024], t1[32], t2[32], pn[8];
	struct xc_batch *b;
	struct xc_helper helpers[64];
	int n_helpers = 0;
	uint64_t hits = 0, lookups = 0;
	long jobs = xc_default_jobs();

	if (get_format(x, fmts, &fmt) != 0)
		return VS_EXIT_USAGE;
	if (opt(x, "top") != NULL && (top = int_opt(x, "top", 1, 100000)) < 0)
		return VS_EXIT_USAGE;
	if (opt(x, "jobs") != NULL && (jobs = int_opt(x, "jobs", 1, 64)) < 0)
		return VS_EXIT_USAGE;
	if (x->a.npos == 0)
		return usage_error(x, "%s",
		    "name at least one flow-log file ('-' for standard input)");
	if (opt(x, "snapshot") == NULL)
		return usage_error(x, "%s", "--snapshot DIR is required");
	if (opt(x, "log-format") != NULL) {
		enum vs_fl_field f[128]; /* the reader's column limit */
		char why[256];
		if (vs_flowlog_parse_format(opt(x, "log-format"), f,
			sizeof(f) / sizeof(f[0]), why, sizeof(why)) < 0)
			return usage_error(x, "--log-format: %s", why);
	}
	p = vs_xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	for (i = 0; i < XC_BATCHES; i++)
		p->b[i].slot = vs_xmalloc(sizeof(struct xc_slot) * XC_BATCH);
	p->nfiles = x->a.npos;
	p->files = vs_xcalloc((size_t)x->a.npos, sizeof(char *));
	p->file_errors = vs_xcalloc((size_t)x->a.npos, sizeof(char *));
	for (i = 0; i < x->a.npos; i++)
		p->files[i] = vs_xstrdup(x->a.pos[i]);
	p->format = opt(x, "log-format");
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (pthread_create(&th, NULL, xc_reader, p) != 0) {
		fprintf(x->err, "vpcsim crosscheck: cannot start a thread\n");
		return VS_EXIT_INTERNAL;
	}
	d = vs_diags_new();
	if (opt(x, "change") != NULL) {
		const struct vs_topo *before;
		cache = vs_scache_new();
		if (vs_scenario_changed(cache, opt(x, "snapshot"),
			opt(x, "change"), d, &before, &use, &n_changes) != 0) {
			print_diags(x->err, d, false);
			use = NULL;
		}
	} else {
		use = t = load_snapshot(x, d, NULL);
	}
	if (use == NULL) {
		pthread_mutex_lock(&p->mu);
		p->stop = true;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		rc = VS_EXIT_USAGE;
		goto out;
	}
	memset(counts, 0, sizeof(counts));
	xc = vs_xc_new(use);
	n_helpers = xc_helpers_start(p, use, helpers, (int)jobs - 1);
	g = vs_xc_groups_new();
	vs_jw_init(&w, x->out, false);
	while ((b = xc_take(p, cur, xc)) != NULL) {
		unsigned j;
		for (j = 0; j < b->n; j++) {
			const struct vs_flowrec *rec = &b->slot[j].rec;
			const struct vs_xc_result *res = &b->slot[j].res;
			counts[res->cls]++;
			records++;
			vs_xc_groups_add(g, rec, res);
			if (fmt == 2)
				ndjson_record(&w, rec, res);
		}
		xc_release(p, b);
		cur = (cur + 1) % XC_BATCHES;
		if (tty && (records & 0x3ffff) < XC_BATCH &&
		    (atomic_load(&p->size) > (64u << 20) ||
			records >= 1000000)) {
			progress(x->err, records, atomic_load(&p->offset),
			    atomic_load(&p->size), t0);
			shown = true;
		}
	}
	pthread_join(th, NULL);
	th = 0;
	xc_helpers_stop(p, helpers, n_helpers, &hits, &lookups);
	if (shown)
		fputs("\r\033[K", x->err);
	for (i = 0; i < p->nfiles; i++)
		if (p->file_errors[i] != NULL) {
			fprintf(x->err, "vpcsim crosscheck: %s\n",
			    p->file_errors[i]);
			rc = VS_EXIT_USAGE;
		}
	for (k = 0; k < p->errs.n; k++)
		fprintf(x->err, "%s\n", p->errs.reasons[k]);
	if (p->errs.malformed > p->errs.n)
		fprintf(x->err,
		    "vpcsim crosscheck: %llu more malformed "
		    "records not shown\n",
		    (unsigned long long)(p->errs.malformed - p->errs.n));
	list = vs_xc_groups_list(g, &ng);
	if (fmt == 1) {
		vs_jw_init(&w, x->out, true);
		vs_jw_obj(&w);
		vs_jw_kint(&w, "schema", 1);
		vs_jw_key(&w, "summary");
		vs_jw_obj(&w);
		vs_jw_kint(&w, "records", (int64_t)records);
		for (k = 0; k < VS_XC__COUNT; k++)
			vs_jw_kint(&w, vs_xc_class_names[k],
			    (int64_t)counts[k]);
		vs_jw_kint(&w, "malformed", (int64_t)p->errs.malformed);
		vs_jw_obj_end(&w);
		if (opt(x, "change") != NULL) {
			vs_jw_kstr(&w, "change", opt(x, "change"));
			vs_jw_kint(&w, "changes_applied", n_changes);
		}
		vs_jw_key(&w, "groups");
		vs_jw_arr(&w);
		for (k = 0; k < ng; k++) {
			const struct vs_xc_group *gr = &list[k];
			vs_jw_obj(&w);
			vs_jw_kstr(&w, "interface_id", gr->eni_id);
			vs_jw_kstr(&w, "direction",
			    gr->dir == VS_DIR_INGRESS ? "ingress" : "egress");
			vs_jw_kstr(&w, "protocol",
			    vs_proto_name(gr->proto, pn));
			/* the number too, as ndjson gives it */
			vs_jw_kint(&w, "protocol_number", gr->proto);
			if (gr->proto == 6 || gr->proto == 17)
				vs_jw_kint(&w, "port", gr->port);
			else {
				vs_jw_key(&w, "port");
				vs_jw_null(&w);
			}
			vs_jw_kstr(&w, "leg", gr->reply ? "reply" : "request");
			vs_jw_kstr(&w, "class", vs_xc_class_names[gr->cls]);
			vs_jw_key(&w, "blocked_at");
			if (gr->has_block)
				json_block(&w, &gr->block);
			else
				vs_jw_null(&w);
			vs_jw_kstr(&w, "rule",
			    gr->has_block
				? block_text(&gr->block, buf, sizeof(buf))
				: NULL);
			vs_jw_kint(&w, "count", (int64_t)gr->count);
			if (gr->first != INT64_MAX) {
				vs_jw_kint(&w, "first_start", gr->first);
				vs_jw_kint(&w, "last_start", gr->last);
			} else {
				/* the log format has no start field */
				vs_jw_key(&w, "first_start");
				vs_jw_null(&w);
				vs_jw_key(&w, "last_start");
				vs_jw_null(&w);
			}
			vs_jw_kbool(&w, "flipped", gr->flipped);
			if (gr->cls == VS_XC_UNEXPLAINED)
				vs_jw_kstr(&w, "note", gr->note);
			if (gr->missing != NULL)
				vs_jw_kstr(&w, "missing", gr->missing);
			vs_jw_obj_end(&w);
		}
		vs_jw_arr_end(&w);
		vs_jw_obj_end(&w);
		vs_jw_end(&w);
	} else if (fmt == 0) {
		int pass;
		fprintf(x->out,
		    "crosscheck: %llu record%s from %d file%s, %llu "
		    "malformed\n",
		    (unsigned long long)records, records == 1 ? "" : "s",
		    x->a.npos, x->a.npos == 1 ? "" : "s",
		    (unsigned long long)p->errs.malformed);
		if (opt(x, "change") != NULL)
			fprintf(x->out, "model: %s with %u change%s from %s\n",
			    opt(x, "snapshot"), n_changes,
			    n_changes == 1 ? "" : "s", opt(x, "change"));
		for (k = 0; k < VS_XC__COUNT; k++)
			fprintf(x->out, "  %-18s %10llu\n",
			    vs_xc_class_names[k],
			    (unsigned long long)counts[k]);
		for (pass = 0; pass < 2; pass++) {
			enum vs_xc_class want =
			    pass == 0 ? VS_XC_UNEXPLAINED : VS_XC_EXPLAINED;
			size_t shown_n = 0, total = 0;
			for (k = 0; k < ng; k++)
				total += list[k].cls == want;
			if (total == 0)
				continue;
			fprintf(x->out, "\n%s REJECTs: %s (%zu group%s)\n",
			    vs_xc_class_names[want],
			    pass == 0 ? "the model allows these or cannot "
					"decide them; look here first"
				      : "the rule that explains each",
			    total, total == 1 ? "" : "s");
			for (k = 0; k < ng && (long)shown_n < top; k++) {
				const struct vs_xc_group *gr = &list[k];
				if (gr->cls != want)
					continue;
				shown_n++;
				fprintf(x->out, "  %8llu  %s %s %s",
				    (unsigned long long)gr->count, gr->eni_id,
				    gr->dir == VS_DIR_INGRESS ? "ingress"
							      : "egress",
				    vs_proto_name(gr->proto, pn));
				if (gr->proto == 6 || gr->proto == 17)
					fprintf(x->out, " %u", gr->port);
				if (gr->reply)
					fprintf(x->out, " (reply leg)");
				if (gr->has_block) {
					fprintf(x->out, "\n            %s",
					    block_text(&gr->block, buf,
						sizeof(buf)));
					if (gr->reply &&
					    gr->block.comp == VS_C_NACL)
						fprintf(x->out,
						    "\n            a network "
						    "ACL is stateless: it must "
						    "allow the reply to the "
						    "client's port too");
				} else if (gr->note) {
					fprintf(x->out, "\n            %s",
					    gr->note);
				}
				if (gr->missing != NULL)
					fprintf(x->out,
					    "\n            missing: %s",
					    gr->missing);
				if (gr->first == INT64_MAX) {
					fprintf(x->out, "\n");
					continue;
				}
				fprintf(x->out,
				    "\n            first %s, last %s%s\n",
				    utc(gr->first, t1, sizeof(t1)),
				    utc(gr->last, t2, sizeof(t2)),
				    gr->flipped
					? "; ACCEPTed before: it worked "
					  "until it did not"
					: "");
			}
			if (total > shown_n)
				fprintf(x->out,
				    "  ... %zu more (--top N, or "
				    "--format json)\n",
				    total - shown_n);
		}
	}
	if (getenv("VPCSIM_XC_STATS") != NULL) {
		/* for docs/performance.md: how often the caches answered */
		uint64_t h, l;
		vs_xc_cache_stats(xc, &h, &l);
		fprintf(x->err,
		    "crosscheck: decision cache %llu hits of %llu "
		    "lookups (%d classifier%s)\n",
		    (unsigned long long)(hits + h),
		    (unsigned long long)(lookups + l), n_helpers + 1,
		    n_helpers == 0 ? "" : "s");
	}
	vs_xc_groups_free(&g);
	vs_xc_free(&xc);
out:
	if (th != 0)
		pthread_join(th, NULL);
	vs_topo_free(&t);
	vs_scache_free(&cache);
	vs_diags_free(&d);
	vs_flowerrs_free(&p->errs);
	for (i = 0; i < p->nfiles; i++) {
		free(p->files[i]);
		free(p->file_errors[i]);
	}
	free(p->files);
	free(p->file_errors);
	for (i = 0; i < XC_BATCHES; i++)
		free(p->b[i].slot);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
	return rc;
}

/* ---- reach and diff ---- */

static void
text_ranges(FILE *o, const struct vs_prange *p, uint32_t n)
{
	uint32_t i;
	for (i = 0; i < n; i++) {
		if (p[i].lo == p[i].hi)
			fprintf(o, "%s%u", i ? ", " : "", p[i].lo);
		else if (p[i].lo == 0 && p[i].hi == 65535)
			fprintf(o, "%sall", i ? ", " : "");
		else
			fprintf(o, "%s%u-%u", i ? ", " : "", p[i].lo, p[i].hi);
	}
}

static void
json_ranges(struct vs_jw *w, const struct vs_prange *p, uint32_t n)
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
json_cidrs(struct vs_jw *w, const struct vs_prefix *c, uint32_t n)
{
	char b[VS_PFX_STRLEN];
	uint32_t i;
	vs_jw_arr(w);
	for (i = 0; i < n; i++)
		vs_jw_str(w, vs_prefix_fmt(&c[i], b));
	vs_jw_arr_end(w);
}

/*
 * The internet side of a reach or diff row: "any public address" (IPv6:
 * any global address outside the snapshot's VPCs), that with a few
 * exceptions when the rest of the internet is only a few blocks, or the
 * blocks themselves.
 */
static void
text_cidrs(FILE *o, const struct vs_prefix *c, uint32_t n, bool ipv6, bool all,
    const struct vs_prefix *except, uint32_t n_except)
{
	const char *any = ipv6 ? "any global IPv6 address outside the "
				 "snapshot's VPCs"
			       : "any public address";
	char b[VS_PFX_STRLEN];
	uint32_t i, show = n > 4 ? 3 : n;
	if ((!ipv6 && vs_reach_all_internet(c, n)) || (ipv6 && all)) {
		fputs(any, o);
		return;
	}
	if (n_except > 0 && n_except <= 5 && n_except < n) {
		fprintf(o, "%s except ", any);
		for (i = 0; i < n_except; i++)
			fprintf(o, "%s%s", i ? ", " : "",
			    vs_prefix_fmt(&except[i], b));
		return;
	}
	for (i = 0; i < show; i++)
		fprintf(o, "%s%s", i ? ", " : "", vs_prefix_fmt(&c[i], b));
	if (n > show)
		fprintf(o, " and %u more block%s", n - show,
		    n - show == 1 ? "" : "s");
}

/* open_memstream(), which only fails when memory runs out. */
static FILE *
memstream(char **buf, size_t *len)
{
	FILE *m = open_memstream(buf, len);

	if (m == NULL)
		vs_oom(0);
	return m;
}

/* s as the inside of a Graphviz string: a line break becomes \n. */
static void
dot_str(FILE *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n') {
			fputs("\\n", o);
			continue;
		}
		if (*s == '"' || *s == '\\')
			fputc('\\', o);
		fputc(*s, o);
	}
}

/*
 * reach as a Graphviz graph: one node per source (an interface, over IPv4
 * or IPv6, or a set of internet blocks), one edge per row into the target,
 * labelled with the protocol and ports, green when reachable, orange when
 * partial, grey and dashed when unknown.
 */
static void
reach_dot(FILE *o, const struct vs_reach *r)
{
	char **label = vs_xcalloc(r->n_rows + 1u, sizeof(char *));
	uint32_t *node = vs_xcalloc(r->n_rows + 1u, sizeof(uint32_t));
	uint32_t i, j, n = 0;
	char pn[8];

	fputs("digraph reach {\n  rankdir=LR;\n  node [shape=box, "
	      "fontname=\"Helvetica\", fontsize=10];\n  edge [fontname="
	      "\"Helvetica\", fontsize=9];\n  target [shape=ellipse, "
	      "style=bold, label=\"",
	    o);
	dot_str(o, r->to_desc);
	fputs("\"];\n", o);
	for (i = 0; i < r->n_rows; i++) {
		const struct vs_reach_row *row = &r->rows[i];
		size_t len = 0;
		FILE *m = memstream(&label[i], &len);
		fputs(row->from, m);
		if (row->ipv6)
			fputs(" over IPv6", m);
		if (row->n_cidrs > 0) {
			fputs("\n(", m);
			text_cidrs(m, row->cidrs, row->n_cidrs, row->ipv6,
			    row->all_internet, row->except, row->n_except);
			fputc(')', m);
		}
		fclose(m);
		for (j = 0; j < i && strcmp(label[j], label[i]) != 0; j++)
			;
		if (j < i) {
			node[i] = node[j];
			continue;
		}
		node[i] = n++;
		fprintf(o, "  s%u [label=\"", node[i]);
		dot_str(o, label[i]);
		fputs("\"];\n", o);
	}
	for (i = 0; i < r->n_rows; i++) {
		const struct vs_reach_row *row = &r->rows[i];
		size_t len = 0;
		char *ports = NULL;
		FILE *m = memstream(&ports, &len);
		fprintf(m, "%s %s", vs_proto_name(row->proto, pn),
		    vs_proto_is_icmp(row->proto) ? "type " : "");
		text_ranges(m, row->ports, row->n_ports);
		fclose(m);
		fprintf(o, "  s%u -> target [label=\"", node[i]);
		dot_str(o, ports);
		fprintf(o, "\"%s];\n",
		    row->verdict == VS_REACHABLE ? ", color=darkgreen"
		    : row->verdict == VS_PARTIAL
			? ", color=orange, fontcolor=darkorange3"
			: ", color=gray50, style=dashed");
		free(ports);
	}
	fputs("}\n", o);
	for (i = 0; i < r->n_rows; i++)
		free(label[i]);
	free(label);
	free(node);
}

static int
cmd_reach(struct ctx *x)
{
	static const char *const fmts[] = {"text", "json", "dot", NULL};
	struct vs_diags *d;
	struct vs_topo *t;
	struct vs_arena *a;
	struct vs_reach r;
	char err[512], pn[8];
	int fmt, rc = VS_EXIT_OK;
	uint32_t i;

	if (get_format(x, fmts, &fmt) != 0)
		return VS_EXIT_USAGE;
	if (opt(x, "to") == NULL)
		return usage_error(x, "%s", "--to is required");
	d = vs_diags_new();
	t = load_snapshot(x, d, NULL);
	if (t == NULL) {
		vs_diags_free(&d);
		return VS_EXIT_USAGE;
	}
	a = vs_arena_new();
	if (vs_reach_run(t, opt(x, "to"), opt(x, "from"), a, &r, err,
		sizeof(err)) != 0) {
		fprintf(x->err, "vpcsim reach: %s\n", err);
		rc = VS_EXIT_USAGE;
	} else if (fmt == 1) {
		struct vs_jw w;
		vs_jw_init(&w, x->out, true);
		vs_jw_obj(&w);
		vs_jw_kint(&w, "schema", 1);
		vs_jw_kstr(&w, "to", r.to);
		vs_jw_key(&w, "results");
		vs_jw_arr(&w);
		for (i = 0; i < r.n_rows; i++) {
			const struct vs_reach_row *row = &r.rows[i];
			vs_jw_obj(&w);
			vs_jw_kstr(&w, "from", row->from);
			if (row->ipv6)
				vs_jw_kbool(&w, "ipv6", true);
			if (row->n_cidrs > 0) {
				vs_jw_key(&w, "from_cidrs");
				json_cidrs(&w, row->cidrs, row->n_cidrs);
			}
			vs_jw_kstr(&w, "protocol",
			    vs_proto_name(row->proto, pn));
			vs_jw_key(&w,
			    vs_proto_is_icmp(row->proto) ? "types" : "ports");
			json_ranges(&w, row->ports, row->n_ports);
			vs_jw_kstr(&w, "verdict",
			    vs_verdict_names[row->verdict]);
			vs_jw_obj_end(&w);
		}
		vs_jw_arr_end(&w);
		vs_jw_kint(&w, "traces", (int64_t)r.traces);
		vs_jw_obj_end(&w);
		vs_jw_end(&w);
	} else if (fmt == 2) {
		reach_dot(x->out, &r);
	} else {
		fprintf(x->out,
		    "who reaches %s, and on what (%u answer%s, %llu "
		    "traces)\n",
		    r.to_desc, r.n_rows, r.n_rows == 1 ? "" : "s",
		    (unsigned long long)r.traces);
		/* the ports as one column: as wide as the widest, up to a
		 * point */
		char **pt = vs_xcalloc(r.n_rows + 1u, sizeof(char *));
		int width = 0;
		for (i = 0; i < r.n_rows; i++) {
			const struct vs_reach_row *row = &r.rows[i];
			size_t len = 0;
			FILE *m = memstream(&pt[i], &len);
			if (vs_proto_is_icmp(row->proto))
				fputs("type ", m);
			text_ranges(m, row->ports, row->n_ports);
			fclose(m);
			if ((int)len > width && len <= 24)
				width = (int)len;
		}
		for (i = 0; i < r.n_rows; i++) {
			const struct vs_reach_row *row = &r.rows[i];
			fprintf(x->out, "  %-11s %-6s %-*s  from %s%s",
			    vs_verdict_names[row->verdict],
			    vs_proto_name(row->proto, pn), width, pt[i],
			    row->from, row->ipv6 ? " over IPv6" : "");
			if (row->n_cidrs > 0) {
				fputs(" (", x->out);
				text_cidrs(x->out, row->cidrs, row->n_cidrs,
				    row->ipv6, row->all_internet, row->except,
				    row->n_except);
				fputs(")", x->out);
			}
			fputc('\n', x->out);
			free(pt[i]);
		}
		free(pt);
	}
	vs_arena_free(&a);
	vs_topo_free(&t);
	vs_diags_free(&d);
	return rc;
}

static int
cmd_diff(struct ctx *x)
{
	static const char *const fmts[] = {"text", "json", NULL};
	struct vs_diags *d;
	struct vs_scache *cache;
	const struct vs_topo *before, *after;
	struct vs_arena *a;
	struct vs_diff df;
	unsigned n_changes;
	char err[512], pn[8];
	int fmt, rc = VS_EXIT_OK;
	uint32_t i;

	if (get_format(x, fmts, &fmt) != 0)
		return VS_EXIT_USAGE;
	if (opt(x, "snapshot") == NULL || opt(x, "change") == NULL)
		return usage_error(x, "%s",
		    "--snapshot DIR and --change FILE are required");
	d = vs_diags_new();
	cache = vs_scache_new();
	if (vs_scenario_changed(cache, opt(x, "snapshot"), opt(x, "change"), d,
		&before, &after, &n_changes) != 0) {
		print_diags(x->err, d, false);
		vs_scache_free(&cache);
		vs_diags_free(&d);
		return VS_EXIT_USAGE;
	}
	a = vs_arena_new();
	if (vs_diff_run(before, after, a, &df, err, sizeof(err)) != 0) {
		fprintf(x->err, "vpcsim diff: %s\n", err);
		rc = VS_EXIT_USAGE;
	} else if (fmt == 1) {
		struct vs_jw w;
		vs_jw_init(&w, x->out, true);
		vs_jw_obj(&w);
		vs_jw_kint(&w, "schema", 1);
		vs_jw_key(&w, "changes");
		vs_jw_arr(&w);
		for (i = 0; i < df.n_rows; i++) {
			const struct vs_diff_row *row = &df.rows[i];
			vs_jw_obj(&w);
			vs_jw_kstr(&w, "from", row->from);
			vs_jw_kstr(&w, "to", row->to);
			if (row->to_eni != NULL)
				vs_jw_kstr(&w, "to_interface", row->to_eni);
			if (row->ipv6)
				vs_jw_kbool(&w, "ipv6", true);
			if (row->n_cidrs > 0) {
				vs_jw_key(&w, strcmp(row->from, "internet") == 0
						  ? "from_cidrs"
						  : "to_cidrs");
				json_cidrs(&w, row->cidrs, row->n_cidrs);
			}
			vs_jw_kstr(&w, "protocol",
			    vs_proto_name(row->proto, pn));
			vs_jw_key(&w,
			    vs_proto_is_icmp(row->proto) ? "types" : "ports");
			json_ranges(&w, &row->ports, 1);
			vs_jw_kstr(&w, "before", vs_verdict_names[row->before]);
			vs_jw_kstr(&w, "after", vs_verdict_names[row->after]);
			vs_jw_obj_end(&w);
		}
		vs_jw_arr_end(&w);
		vs_jw_kint(&w, "changes_applied", n_changes);
		vs_jw_kint(&w, "interfaces_examined", df.affected);
		vs_jw_kint(&w, "traces", (int64_t)df.traces);
		vs_jw_obj_end(&w);
		vs_jw_end(&w);
	} else {
		fprintf(x->out,
		    "%u change%s applied; %u interface%s examined; "
		    "%u flow class%s change verdict\n",
		    n_changes, n_changes == 1 ? "" : "s", df.affected,
		    df.affected == 1 ? "" : "s", df.n_rows,
		    df.n_rows == 1 ? "" : "es");
		for (i = 0; i < df.n_rows; i++) {
			const struct vs_diff_row *row = &df.rows[i];
			fprintf(x->out, "  %s", row->from);
			if (strcmp(row->from, "internet") == 0 &&
			    row->n_cidrs) {
				fputs(" (", x->out);
				text_cidrs(x->out, row->cidrs, row->n_cidrs,
				    row->ipv6, row->all_internet, row->except,
				    row->n_except);
				fputc(')', x->out);
			}
			fprintf(x->out, " -> %s", row->to);
			if (row->to_eni != NULL)
				fprintf(x->out, " (public address of %s)",
				    row->to_eni);
			if (row->ipv6)
				fputs(" over IPv6", x->out);
			if (strcmp(row->to, "internet") == 0 && row->n_cidrs) {
				fputs(" (", x->out);
				text_cidrs(x->out, row->cidrs, row->n_cidrs,
				    row->ipv6, row->all_internet, row->except,
				    row->n_except);
				fputc(')', x->out);
			}
			fprintf(x->out, " %s %s", vs_proto_name(row->proto, pn),
			    vs_proto_is_icmp(row->proto) ? "type " : "");
			text_ranges(x->out, &row->ports, 1);
			fprintf(x->out, ": %s -> %s\n",
			    vs_verdict_names[row->before],
			    vs_verdict_names[row->after]);
		}
	}
	vs_arena_free(&a);
	vs_scache_free(&cache);
	vs_diags_free(&d);
	return rc;
}

/* ---- the table ---- */

static const struct optdef opts_validate[] = {
    {"snapshot", 's', "DIR",
	"folder of describe-* JSON files (searched recursively), or one "
	"file"},
    {"format", 'f', "FMT", "text (default) or json"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

static const struct optdef opts_show[] = {
    {"snapshot", 's', "DIR", "folder of describe-* JSON files, or one file"},
    {"format", 'f', "FMT", "text (default) or json"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

static const struct optdef opts_trace[] = {
    {"snapshot", 's', "DIR", "folder of describe-* JSON files, or one file"},
    {"from", 0, "EP", "source: eni-..., i-..., an address, or 'internet'"},
    {"to", 0, "EP", "destination: eni-..., i-..., an address, or 'internet'"},
    {"protocol", 'p', "P", "tcp, udp, icmp, icmpv6, or a number 0..255"},
    {"port", 0, "N", "destination port (tcp, udp)"},
    {"src-port", 0, "N",
	"the client's source port (default: its whole "
	"ephemeral range)"},
    {"client-ports", 0, "LO-HI",
	"the client's ephemeral range (default: by its OS)"},
    {"icmp-type", 0, "N", "ICMP type (default 8, echo request)"},
    {"icmp-code", 0, "N", "ICMP code (default 0)"},
    {"ipv6", '6', NULL, "use the interfaces' IPv6 addresses"},
    {"format", 'f', "FMT", "text (default), json or dot"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

static const struct optdef opts_check[] = {
    {"format", 'f', "FMT", "text (default) or json"},
    {"verbose", 'v', NULL, "show the deciding hop of passing checks too"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

static const struct optdef opts_crosscheck[] = {
    {"snapshot", 's', "DIR", "folder of describe-* JSON files, or one file"},
    {"change", 'c', "FILE",
	"replay against the snapshot with this change file applied (or "
	"these CloudTrail records)"},
    {"log-format", 0, "FMT",
	"the flow log's format ('${version} ${srcaddr} ...'); default: v2, "
	"or the file's header line"},
    {"format", 'f', "FMT", "text (default), json or ndjson"},
    {"top", 0, "N", "text: how many groups to list (default 10)"},
    {"jobs", 'j', "N",
	"classify on N threads (default: one per core, up to 4); the "
	"output is the same"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

static const struct optdef opts_reach[] = {
    {"snapshot", 's', "DIR", "folder of describe-* JSON files, or one file"},
    {"to", 0, "EP", "the destination: eni-..., i-..., or an address it holds"},
    {"from", 0, "EP",
	"only this source (an interface, instance, or "
	"'internet')"},
    {"format", 'f', "FMT", "text (default), json, or dot (Graphviz)"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

static const struct optdef opts_diff[] = {
    {"snapshot", 's', "DIR", "folder of describe-* JSON files, or one file"},
    {"change", 'c', "FILE",
	"a change file (YAML or JSON: changes: [...]), or CloudTrail "
	"records"},
    {"format", 'f', "FMT", "text (default) or json"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

static const struct cmd commands[] = {
    {"validate", cmd_validate, "--snapshot DIR [--format text|json]",
	"load a snapshot; count what it holds, report every problem",
	"Loads every describe-* JSON file under DIR, prints how many objects "
	"of each kind it holds, and every warning and error with its file, "
	"line:column and JSON path.  Exits 0 when the snapshot loads (warnings "
	"allowed), 2 when it has errors.",
	opts_validate, 0, 0},
    {"show", cmd_show, "--snapshot DIR [--format text|json] [ID]",
	"show a VPC, subnet, interface, instance, group, ACL or route table",
	"Without ID, lists every object by kind.  With ID, shows that object "
	"as vpcsim understood it: for a subnet its network ACL and route "
	"table and how each was chosen, for an interface its addresses, "
	"groups and subnet, for a security group or network ACL its rules, "
	"for a route table its routes and associations.",
	opts_show, 0, 1},
    {"trace", cmd_trace,
	"--snapshot DIR --from EP --to EP --protocol P [--port N]\n"
	"                    [--src-port N | --client-ports LO-HI] "
	"[--icmp-type N [--icmp-code N]]\n"
	"                    [--ipv6] [--format text|json|dot]",
	"walk a packet and its reply; name the rule behind each hop",
	"Walks the request from the source through security groups, route "
	"tables,\nnetwork ACLs and gateways to the destination, then walks "
	"the reply back,\nre-checking both network ACLs over the client's "
	"whole ephemeral port\nrange.  The verdict is reachable, "
	"unreachable, partial (the reply passes\nfor part of the client "
	"range only) or unknown (the snapshot lacks\nsomething a decision "
	"needs).  Endpoints: eni-..., i-... (its primary\ninterface), an "
	"address (an interface's private or public address, else\na host "
	"on the internet), or 'internet'.",
	opts_trace, 0, 0},
    {"check", cmd_check, "[--format text|json] [--verbose] SCENARIO...",
	"check scenario expectations (post-maintenance verification)",
	"Runs every expectation of each scenario file (or every scenario "
	"file under a\nfolder: YAML files with a top-level expect: key) and "
	"prints one line per\nexpectation, PASS or FAIL, and for a FAIL what "
	"was expected, what happened\nand the rule that blocked it.  Exits 0 "
	"when every expectation holds, 1 when\none fails, 2 when a file has "
	"errors (YAML, unknown keys, a change AWS\nwould refuse, a snapshot "
	"that does not load).",
	opts_check, 1, 256},
    {"crosscheck", cmd_crosscheck,
	"--snapshot DIR [--change FILE] [--log-format FMT]\n"
	"                    [--format text|json|ndjson] [--top N] "
	"FLOWLOG...",
	"explain VPC flow-log REJECTs with the rule that caused them",
	"Replays every flow-log record (plain text, gzip, or the JSON of aws "
	"logs\nfilter-log-events; '-' reads standard input) through the model "
	"at the\ninterface that logged it, and classifies it: explained, "
	"unexplained,\nconsistent, contradicted, skipped, unknown-interface.  "
	"Malformed records\nare counted and reported, never fatal.  text "
	"ranks the REJECT groups,\njson summarises them, ndjson writes one "
	"object per record.",
	opts_crosscheck, 0, 256},
    {"reach", cmd_reach,
	"--snapshot DIR --to EP [--from EP] [--format text|json|dot]",
	"who can reach an interface, on which ports (TCP, UDP, ICMP)",
	"Lists every interface of the snapshot and every class of internet "
	"addresses\nthat can reach --to, per protocol, with the exact "
	"destination ports (ICMP:\ntypes) and whether the reply gets back "
	"for all client ports (reachable)\nor part of them (partial).  "
	"Interfaces are tried at their private\naddresses, the internet at "
	"the destination's public address; when --to has\nan IPv6 address, "
	"interfaces with one and every global IPv6 address outside\nthe "
	"snapshot's VPCs are tried over IPv6 too (TCP, UDP, ICMPv6).",
	opts_reach, 0, 0},
    {"diff", cmd_diff, "--snapshot DIR --change FILE [--format text|json]",
	"list every flow whose verdict a change would alter",
	"Applies the change file to a copy of the snapshot (refusing what "
	"AWS would refuse) and compares every flow the change can affect, "
	"before and after: the interfaces the change touches, with every "
	"partner they can talk to (private, public and IPv6 addresses) and "
	"with the internet, both ways, on the protocols and ports the change "
	"can alter.  Lists each flow class whose verdict changes, and nothing "
	"else.",
	opts_diff, 0, 0},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/*
 * Print text with its own line breaks kept and lines longer than width
 * broken at spaces (descriptions are written as paragraphs).
 */
static void
wrap(FILE *f, const char *text, int width)
{
	const char *p = text;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		while ((int)len > width) {
			size_t cut = (size_t)width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				break;
			fprintf(f, "%.*s\n", (int)cut, p);
			p += cut + 1;
			len -= cut + 1;
		}
		fprintf(f, "%.*s", (int)len, p);
		p += len;
		if (*p == '\n') {
			fputc('\n', f);
			p++;
		}
	}
}

static void
print_cmd_help(FILE *f, const struct cmd *c)
{
	int i;

	fprintf(f, "usage: vpcsim %s %s\n\n", c->name, c->synopsis);
	wrap(f, c->desc, 76);
	fputs("\n\noptions:\n", f);
	for (i = 0; c->opts[i].name != NULL; i++) {
		char left[64];
		const struct optdef *o = &c->opts[i];
		if (o->sh)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->sh,
			    o->name, o->metavar ? " " : "",
			    o->metavar ? o->metavar : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
			    o->metavar ? " " : "",
			    o->metavar ? o->metavar : "");
		fprintf(f, "  %-26s %s\n", left, o->help);
	}
	fprintf(f,
	    "\nExit status: 0 done, %s2 usage or input error, 3 "
	    "internal error.\n",
	    strcmp(c->name, "check") == 0 ? "1 an expectation failed, " : "");
}

static void
print_main_help(FILE *f)
{
	size_t i;

	fprintf(f, "usage: vpcsim COMMAND [OPTIONS]\n\n"
		   "Simulate whether a packet and its reply get through an AWS "
		   "network, from\nthe JSON that `aws ec2 describe-*` prints, "
		   "and name the rule behind\nevery decision.\n\ncommands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f, "\n'vpcsim COMMAND --help' describes a command.  The manual "
		   "is docs/vpcsim.1:\n'man -l docs/vpcsim.1', or 'man vpcsim' "
		   "after 'make install'.\n");
}

static int
parse_args(struct ctx *x, int argc, char **argv)
{
	const struct cmd *c = x->cmd;
	bool only_pos = false;
	int i;

	memset(&x->a, 0, sizeof(x->a));
	for (i = 0; i < argc; i++) {
		const char *s = argv[i];
		const char *val = NULL;
		int k = -1;

		if (only_pos || s[0] != '-' || strcmp(s, "-") == 0) {
			if (x->a.npos >= MAX_POS || x->a.npos >= c->max_pos)
				return usage_error(x,
				    "unexpected argument '%s'", s);
			x->a.pos[x->a.npos++] = s;
			continue;
		}
		if (strcmp(s, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (s[1] == '-') {
			const char *eq = strchr(s + 2, '=');
			size_t n = eq ? (size_t)(eq - s - 2) : strlen(s + 2);
			int j;
			for (j = 0; c->opts[j].name != NULL; j++)
				if (strlen(c->opts[j].name) == n &&
				    strncmp(c->opts[j].name, s + 2, n) == 0)
					k = j;
			if (k < 0)
				return usage_error(x, "unknown option '%s'", s);
			if (eq != NULL) {
				if (c->opts[k].metavar == NULL)
					return usage_error(x,
					    "option '--%s' takes no value",
					    c->opts[k].name);
				val = eq + 1;
			}
		} else {
			int j;
			if (s[2] != '\0')
				return usage_error(x, "unknown option '%s'", s);
			for (j = 0; c->opts[j].name != NULL; j++)
				if (c->opts[j].sh == s[1])
					k = j;
			if (k < 0)
				return usage_error(x, "unknown option '%s'", s);
		}
		if (c->opts[k].metavar != NULL && val == NULL) {
			if (i + 1 >= argc)
				return usage_error(x,
				    "option '--%s' needs a value",
				    c->opts[k].name);
			val = argv[++i];
		}
		if (x->a.set[k] && c->opts[k].metavar != NULL)
			return usage_error(x, "option '--%s' given twice",
			    c->opts[k].name);
		x->a.set[k] = true;
		x->a.val[k] = val;
	}
	return 0;
}

int
vs_cli_run(int argc, char **argv, FILE *out, FILE *err)
{
	struct ctx x;
	size_t i;
	int rc;

	memset(&x, 0, sizeof(x));
	x.out = out;
	x.err = err;
	if (argc < 2) {
		print_main_help(err);
		return VS_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			for (i = 0; i < N_COMMANDS; i++)
				if (strcmp(commands[i].name, argv[2]) == 0) {
					print_cmd_help(out, &commands[i]);
					return VS_EXIT_OK;
				}
		}
		print_main_help(out);
		return VS_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		fprintf(out, "vpcsim %s\n", VS_VERSION);
		return VS_EXIT_OK;
	}
	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, argv[1]) == 0)
			x.cmd = &commands[i];
	if (x.cmd == NULL) {
		fprintf(err,
		    "vpcsim: unknown command '%s'\nTry 'vpcsim --help'.\n",
		    argv[1]);
		return VS_EXIT_USAGE;
	}
	rc = parse_args(&x, argc - 2, argv + 2);
	if (rc != 0)
		return rc;
	if (flag(&x, "help")) {
		print_cmd_help(out, x.cmd);
		return VS_EXIT_OK;
	}
	if (x.a.npos < x.cmd->min_pos)
		return usage_error(&x, "%s", "missing argument");
	rc = x.cmd->fn(&x);
	if (fflush(out) != 0 || ferror(out)) {
		fprintf(err, "vpcsim: error writing output: %s\n",
		    strerror(errno));
		return VS_EXIT_INTERNAL;
	}
	return rc;
}
