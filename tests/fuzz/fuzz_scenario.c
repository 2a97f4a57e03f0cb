/*
 * fuzz_scenario.c - libFuzzer target for scenario files and change lists.
 *
 * One input is one scenario file.  It is written to in.yaml inside a
 * private folder that also holds two symbolic links, snapshots/ and
 * changes/, to the bundled scenarios/snapshots and scenarios/changes, so
 * the bundled scenario files work as seeds unchanged and a mutated
 * `snapshot:` or `changes:` path can reach real files (or nothing, or the
 * scenario itself).  vs_scenario_run() then loads it, builds its network,
 * applies its changes and runs its expectations.  A path that leaves the
 * folder (absolute, or with "..") is not run: the fuzzer must not read the
 * whole file system.
 *
 * The same bytes, parsed as YAML, are also applied as a change list (the
 * document itself when it is a list, else its `changes:` value) with
 * vs_change_apply() to a copy of the bundled shop snapshot, which is then
 * finished and traced, as `vpcsim diff` does.
 *
 * Besides the sanitizers, each input checks the runner's promises: a run
 * is ok exactly when it reported no error; when it is ok every expectation
 * ran and passes only if its verdict is the expected one; a change list
 * that fails reported an error, and one that applies leaves a topology
 * that either finishes or reports why not.
 *
 * The repository root comes from VS_FUZZ_ROOT (set by tests/fuzz/run at
 * compile time, or in the environment).
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, symlink */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "change.h"
#include "check.h"
#include "diag.h"
#include "eval.h"
#include "jsonpos.h"
#include "judy.h"
#include "load.h"
#include "scenario.h"
#include "topo.h"
#include "yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#ifndef VS_FUZZ_ROOT
#define VS_FUZZ_ROOT "."
#endif

static char dir[64];
static char input[128], link_snap[128], link_chg[128];
static struct vs_topo *shop;

static void
cleanup(void)
{
	unlink(input);
	unlink(link_snap);
	unlink(link_chg);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *root = getenv("VS_FUZZ_ROOT");
	char target[4096];
	struct vs_diags *d = vs_diags_new();

	(void)argc;
	(void)argv;
	if (root == NULL || root[0] == '\0')
		root = VS_FUZZ_ROOT;
	snprintf(dir, sizeof(dir), "/tmp/vs-fuzz-scenario.XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(input, sizeof(input), "%s/in.yaml", dir);
	snprintf(link_snap, sizeof(link_snap), "%s/snapshots", dir);
	snprintf(link_chg, sizeof(link_chg), "%s/changes", dir);
	snprintf(target, sizeof(target), "%s/scenarios/snapshots", root);
	CHECK(symlink(target, link_snap) == 0);
	snprintf(target, sizeof(target), "%s/scenarios/changes", root);
	CHECK(symlink(target, link_chg) == 0);
	atexit(cleanup);
	snprintf(target, sizeof(target), "%s/scenarios/snapshots/shop", root);
	shop = vs_snapshot_load(target, d, NULL);
	if (shop == NULL) {
		fprintf(stderr,
		    "fuzz_scenario: cannot load %s (set "
		    "VS_FUZZ_ROOT to the repository)\n",
		    target);
		abort();
	}
	vs_diags_free(&d);
	return 0;
}

/* A path the scenario may name: inside the private folder. */
static bool
safe_path(const cJSON *n)
{
	const char *s;

	if (!cJSON_IsString(n))
		return true;
	s = n->valuestring;
	return s[0] != '/' && strstr(s, "..") == NULL;
}

/* Every snapshot: and changes: path of the document stays inside. */
static bool
safe(const cJSON *root)
{
	const cJSON *k;

	if (!cJSON_IsObject(root))
		return true;
	for (k = root->child; k != NULL; k = k->next)
		if (k->string != NULL && (strcmp(k->string, "snapshot") == 0 ||
					     strcmp(k->string, "changes") == 0))
			if (!safe_path(k))
				return false;
	return true;
}

static void
check_trace(const struct vs_trace *tr)
{
	const struct vs_leg *leg = tr->fwd.delivered ? &tr->ret : &tr->fwd;

	CHECK((unsigned)tr->verdict < VS_VERDICT__COUNT);
	if (tr->verdict == VS_UNKNOWN || tr->verdict == VS_UNREACHABLE) {
		CHECK(leg->walked && leg->blocked >= 0 &&
		      (uint32_t)leg->blocked < leg->n_hops);
		if (tr->verdict == VS_UNKNOWN)
			CHECK(leg->hops[leg->blocked].action == VS_A_UNKNOWN);
	}
	if (tr->verdict == VS_REACHABLE)
		CHECK(tr->fwd.delivered);
}

static void
run_scenario(void)
{
	struct vs_scache *cache = vs_scache_new();
	struct vs_arena *a = vs_arena_new();
	struct vs_diags *d = vs_diags_new();
	struct vs_scenario sc;
	unsigned i;

	vs_scenario_run(input, cache, a, d, &sc);
	CHECK(sc.ok == (vs_diags_errors(d) == 0));
	if (sc.ok) {
		CHECK(sc.n_ex > 0);
		for (i = 0; i < sc.n_ex; i++) {
			const struct vs_expect *e = &sc.ex[i];
			CHECK(e->ran);
			check_trace(&e->tr);
			if (e->pass)
				CHECK(e->tr.verdict == e->want);
			else
				CHECK(e->why != NULL);
		}
	}
	vs_diags_free(&d);
	vs_arena_free(&a);
	vs_scache_free(&cache);
}

/* Apply the document as a change list to a copy of the shop network. */
static void
run_changes(const cJSON *root, const struct vs_lmap *marks)
{
	static const char *const ep[] = {"internet", "i-0a1000000000web1",
	    "i-0a2000000000app1", "i-0a300000000000db1",
	    "eni-0b10000000partner", "198.51.100.7"};
	const cJSON *list = root;
	struct vs_src src;
	struct vs_diags *d;
	struct vs_topo *t;
	struct vs_arena *a;
	int n;
	size_t i;

	if (cJSON_IsObject(root))
		list = cJSON_GetObjectItemCaseSensitive(root, "changes");
	if (list == NULL || !cJSON_IsArray(list))
		return;
	memset(&src, 0, sizeof(src));
	src.file = input;
	src.marks = marks;
	d = vs_diags_new();
	t = vs_topo_clone(shop);
	n = vs_change_apply(t, list, list == root ? "" : "/changes", &src, d);
	CHECK(n >= -1);
	/* a change list fails exactly when it reported an error (before
	 * the fix of regress_change_error_applied, an error inside an
	 * action could leave the action applied) */
	CHECK((n == -1) == (vs_diags_errors(d) > 0));
	if (n >= 0 && vs_diags_errors(d) == 0 && vs_topo_finish(t, d) == 0) {
		a = vs_arena_new();
		for (i = 0; i + 1 < sizeof(ep) / sizeof(ep[0]); i++) {
			struct vs_query q;
			struct vs_trace tr;
			char err[256];

			memset(&q, 0, sizeof(q));
			q.from = ep[i];
			q.to = ep[i + 1];
			q.proto = 6;
			q.port = i % 2 ? 443 : 5432;
			q.src_port = q.icmp_type = q.icmp_code = -1;
			if (vs_trace_run(t, &q, a, &tr, err, sizeof(err)) == 0)
				check_trace(&tr);
			else
				CHECK(err[0] != '\0');
			q.from = ep[i + 1];
			q.to = ep[i];
			if (vs_trace_run(t, &q, a, &tr, err, sizeof(err)) == 0)
				check_trace(&tr);
		}
		vs_arena_free(&a);
	} else if (n >= 0) {
		CHECK(vs_diags_errors(d) > 0);
	}
	vs_topo_free(&t);
	vs_diags_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vs_diags *d;
	struct vs_lmap marks = {NULL};
	cJSON *root;
	FILE *f;

	if (size > (256u << 10))
		return 0;
	d = vs_diags_new();
	root = vs_yaml_parse((const char *)data, size, input, &marks, d);
	if (root != NULL && !safe(root)) {
		cJSON_Delete(root);
		vs_lmap_free(&marks);
		vs_diags_free(&d);
		return -1;
	}
	f = fopen(input, "wb");
	CHECK(f != NULL);
	CHECK(fwrite(data, 1, size, f) == size);
	CHECK(fclose(f) == 0);
	run_scenario();
	if (root != NULL)
		run_changes(root, &marks);
	cJSON_Delete(root);
	vs_lmap_free(&marks);
	vs_diags_free(&d);
	return 0;
}
