/*
 * scenario.h - scenario files: a network, optional changes, and the
 * verdicts that must hold (`vpcsim check`).
 *
 * DOC: a scenario is one YAML (or JSON) file:
 *
 *   snapshot: shop/            # folder, relative to this file  (or)
 *   topology: {Vpcs: [...], Subnets: [...], ...}   # inline describe-* keys
 *   changes: [...]             # optional EC2 actions, or a change file path
 *   expect:
 *     - {name: ..., from: ..., to: ..., protocol: tcp, port: 443,
 *        verdict: reachable, blocked_at: {component: ..., id: ..., rule: ...}}
 *
 * Unknown keys are errors (a typo must not silently weaken a check).  The
 * inline topology goes through the same loader as JSON files, with YAML
 * line:column in its diagnostics.  A change file is a map whose `changes`
 * key holds the list (so one ticket file serves `check` and `diff`), or
 * the list itself; it may not point at another file.  Snapshots are loaded
 * once per run and shared by every scenario naming the same folder.
 */
#ifndef VS_SCENARIO_H
#define VS_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "eval.h"

struct vs_arena;
struct vs_diags;
struct vs_topo;

/* Snapshots and change files shared across scenario files of one run. */
struct vs_scache;
struct vs_scache *vs_scache_new(void);
void vs_scache_free(struct vs_scache **c);

/* What the expectation asked of blocked_at; NULL/-1 fields are not
 * checked. */
struct vs_expect_block {
	const char *component, *id, *reason, *direction, *route;
	long rule;
};

struct vs_expect {
	const char *name;
	unsigned line; /* of the expectation in the file */
	struct vs_query q;
	enum vs_verdict want;
	bool has_block;
	struct vs_expect_block block;
	/* results */
	bool ran; /* false: the query itself was invalid */
	bool pass;
	const char *why;    /* failure: what differed */
	struct vs_trace tr; /* valid when ran */
};

struct vs_scenario {
	const char *file;
	bool ok; /* the file loaded and every query could run */
	struct vs_expect *ex;
	unsigned n_ex;
	unsigned changes; /* number of changes applied */
};

/*
 * Load a scenario file, build its network (applying its changes), and run
 * every expectation.  Problems with the file itself (YAML errors, unknown
 * keys, a snapshot that fails to load, a change AWS would refuse, a query
 * naming an unknown endpoint) go to d and make sc->ok false.  Everything
 * in *sc is allocated from a.
 */
void vs_scenario_run(const char *file, struct vs_scache *cache,
    struct vs_arena *a, struct vs_diags *d, struct vs_scenario *sc);

/*
 * Load a snapshot folder and apply a change file to a copy of it (for
 * `diff`).  Returns 0 with *before and *after set (owned by the cache), or
 * -1 with errors in d.
 */
int vs_scenario_changed(struct vs_scache *cache, const char *snapshot,
    const char *change_file, struct vs_diags *d, const struct vs_topo **before,
    const struct vs_topo **after, unsigned *n_changes);

#endif
