/*
 * test_property.c - vs_trace_run() against the naive reference on random
 * small topologies.
 *
 * Each case is a random query (gen_query) on a random topology (gen_topo;
 * a new topology every CASES_PER_TOPO cases), answered by vpcsim and by
 * tests/unit/naive.c, which was written from docs/trace.md alone.  The two
 * must agree on whether the query is valid, on the verdict, and unless
 * the packet and its reply get through, on the blocking hop: its leg,
 * component, id and reason, the rule number for a network ACL, the
 * missing id for `unknown`, and for `partial` the exact blocked client
 * ports.  The seed is fixed and printed; VS_SEED overrides it, VS_CASES
 * sets the number of cases, VS_FIRST the first case number (a case is
 * replayed exactly from the seed and its number), VS_KEEP_GOING=1 reports
 * every disagreement instead of stopping at the first, VS_VERBOSE=1 shows
 * every case as a disagreement would be shown.  A disagreement
 * prints the seed, the case, the query, both answers, both walks and the
 * topology.
 */
/* cmocka.h needs these four headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "eval.h"
#include "gen_topo.h"
#include "ip.h"
#include "naive.h"
#include "render.h"
#include "topo.h"

#define DEFAULT_SEED   0x5eed0f7ac3ull
#define DEFAULT_CASES  20000u
#define CASES_PER_TOPO 10u

static uint64_t
env_u64(const char *name, uint64_t dflt)
{
	const char *s = getenv(name);
	char *end;
	unsigned long long v;

	if (s == NULL || *s == '\0')
		return dflt;
	v = strtoull(s, &end, 0);
	return *end == '\0' ? (uint64_t)v : dflt;
}

static const char *
nz(const char *s)
{
	return s ? s : "(none)";
}

static bool
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The hop that decided a trace that is not reachable, and its leg. */
static const struct vs_hop *
blocking_hop(const struct vs_trace *tr, bool *in_reply)
{
	const struct vs_leg *leg = tr->fwd.delivered ? &tr->ret : &tr->fwd;
	*in_reply = leg == &tr->ret;
	if (leg->blocked < 0 || (uint32_t)leg->blocked >= leg->n_hops)
		return NULL;
	return &leg->hops[leg->blocked];
}

/*
 * Compare; on a difference write a one-line reason into why and return
 * false.
 */
static bool
agree(int rc, const struct vs_trace *tr, const struct naive_result *nr,
    char *why, size_t n)
{
	const struct vs_hop *h;
	bool in_reply;
	uint32_t i;

	if ((rc == 0) != nr->valid) {
		snprintf(why, n, "validity: vpcsim %s, naive %s",
		    rc == 0 ? "valid" : "refused",
		    nr->valid ? "valid" : "refused");
		return false;
	}
	if (rc != 0)
		return true;
	if (tr->verdict != nr->verdict) {
		snprintf(why, n, "verdict: vpcsim %s, naive %s",
		    vs_verdict_names[tr->verdict],
		    vs_verdict_names[nr->verdict]);
		return false;
	}
	if (tr->verdict == VS_REACHABLE)
		return true;
	h = blocking_hop(tr, &in_reply);
	if (h == NULL) {
		snprintf(why, n, "vpcsim names no blocking hop");
		return false;
	}
	if (in_reply != nr->in_reply || h->comp != nr->comp ||
	    !same_str(h->id, nr->id) || h->reason != nr->reason) {
		snprintf(why, n,
		    "blocking hop: vpcsim %s %s %s %s, naive %s %s %s %s",
		    in_reply ? "reply" : "request", vs_comp_names[h->comp],
		    nz(h->id), vs_reason_names[h->reason],
		    nr->in_reply ? "reply" : "request", vs_comp_names[nr->comp],
		    nz(nr->id), vs_reason_names[nr->reason]);
		return false;
	}
	if (h->comp == VS_C_NACL && h->nacl_rule != nr->rule) {
		snprintf(why, n, "network ACL rule: vpcsim %u, naive %u",
		    h->nacl_rule, nr->rule);
		return false;
	}
	if (tr->verdict == VS_UNKNOWN && !same_str(h->missing, nr->missing)) {
		snprintf(why, n, "missing: vpcsim %s, naive %s", nz(h->missing),
		    nz(nr->missing));
		return false;
	}
	if (tr->verdict == VS_PARTIAL) {
		bool ok = tr->ret.n_blocked_ports == nr->n_blocked;
		for (i = 0; ok && i < nr->n_blocked; i++)
			ok = tr->ret.blocked_ports[i].lo == nr->blocked[i].lo &&
			     tr->ret.blocked_ports[i].hi == nr->blocked[i].hi;
		if (!ok) {
			snprintf(why, n, "blocked ports differ");
			return false;
		}
	}
	return true;
}

static void
print_ports(const struct vs_prange *r, uint32_t n)
{
	uint32_t i;
	for (i = 0; i < n; i++)
		printf("%s%u-%u", i ? "," : "", r[i].lo, r[i].hi);
}

static void
report(uint64_t seed, uint64_t i, const struct gen_world *w,
    const struct vs_query *q, int rc, const char *err,
    const struct vs_trace *tr, const struct naive_result *nr, const char *why)
{
	char qs[512];
	const struct vs_hop *h;
	bool in_reply;

	printf("\n=== %s seed %#" PRIx64 " case %" PRIu64
	       " (replay: VS_SEED=%#" PRIx64 " VS_FIRST=%" PRIu64
	       " VS_CASES=1)\n",
	    why[0] == '(' ? "CASE" : "DISAGREEMENT", seed, i, seed, i);
	printf("query: %s\n", gen_query_str(q, qs, sizeof(qs)));
	printf("why:   %s\n", why);
	printf("naive: %s",
	    nr->valid ? vs_verdict_names[nr->verdict] : "refused");
	if (nr->valid && nr->verdict != VS_REACHABLE) {
		printf(" at %s %s %s %s rule %u missing %s",
		    nr->in_reply ? "reply" : "request", vs_comp_names[nr->comp],
		    nz(nr->id), vs_reason_names[nr->reason], nr->rule,
		    nz(nr->missing));
		if (nr->verdict == VS_PARTIAL) {
			printf(" ports ");
			print_ports(nr->blocked, nr->n_blocked);
			if (nr->n_nat_blocked > 0 && nr->n_client_blocked > 0) {
				printf(" (NAT gateway ports ");
				print_ports(nr->nat_blocked, nr->n_nat_blocked);
				printf(")");
			}
		}
	}
	printf("\n");
	if (rc != 0) {
		printf("vpcsim: refused: %s\n", err);
	} else {
		printf("vpcsim: %s", vs_verdict_names[tr->verdict]);
		h = tr->verdict == VS_REACHABLE ? NULL
						: blocking_hop(tr, &in_reply);
		if (h != NULL) {
			printf(" at %s %s %s %s rule %u missing %s",
			    in_reply ? "reply" : "request",
			    vs_comp_names[h->comp], nz(h->id),
			    vs_reason_names[h->reason], h->nacl_rule,
			    nz(h->missing));
			if (tr->verdict == VS_PARTIAL) {
				printf(" ports ");
				print_ports(tr->ret.blocked_ports,
				    tr->ret.n_blocked_ports);
			}
		}
		printf("\n");
	}
	printf("--- naive walk\n%s", nr->trail);
	if (rc == 0) {
		printf("--- vpcsim walk\n");
		fflush(stdout);
		vs_render_text(stdout, tr);
		printf("\n");
	}
	printf("--- topology\n");
	gen_dump(stdout, w->t);
	printf("=== end\n");
	fflush(stdout);
}

static void
test_random_traces(void **state)
{
	uint64_t seed = env_u64("VS_SEED", DEFAULT_SEED);
	uint64_t cases = env_u64("VS_CASES", DEFAULT_CASES);
	uint64_t first = env_u64("VS_FIRST", 0);
	bool keep = env_u64("VS_KEEP_GOING", 0) != 0;
	bool verbose = env_u64("VS_VERBOSE", 0) != 0;
	struct vs_arena *scratch = vs_arena_new();
	struct vs_arena_mark mark = vs_arena_mark(scratch);
	static struct naive_result nr;
	struct gen_world w;
	uint64_t i, topo = UINT64_MAX, bad = 0, refused = 0;
	uint64_t verdicts[VS_VERDICT__COUNT] = {0};
	uint64_t reasons[VS_R__COUNT] = {0};
	uint64_t in_reply = 0;
	clock_t t0 = clock();
	double secs;

	(void)state;
	memset(&w, 0, sizeof(w));
	printf("# seed %#" PRIx64 ", cases %" PRIu64 "-%" PRIu64
	       " (VS_SEED, VS_FIRST, VS_CASES override)\n",
	    seed, first, first + cases - 1u);
	for (i = first; i < first + cases; i++) {
		struct gen_rng r;
		struct vs_query q;
		struct vs_trace tr;
		char err[256] = "", why[256] = "";
		int rc;

		if (i / CASES_PER_TOPO != topo) {
			topo = i / CASES_PER_TOPO;
			gen_world_free(&w);
			gen_rng_seed(&r, gen_mix(seed, topo));
			if (gen_topo(&r, &w) != 0) {
				gen_dump(stdout, w.t);
				fail_msg("topology %" PRIu64
					 " of seed %#" PRIx64
					 ": vs_topo_finish reported errors",
				    topo, seed);
			}
		}
		gen_rng_seed(&r, gen_mix(seed ^ 0x71c3ull, i));
		gen_query(&r, &w, &q);
		naive_trace(w.t, &q, &nr);
		memset(&tr, 0, sizeof(tr));
		rc = vs_trace_run(w.t, &q, scratch, &tr, err, sizeof(err));
		if (rc != 0)
			refused++;
		else {
			bool rep;
			const struct vs_hop *h;
			verdicts[tr.verdict]++;
			if (tr.verdict != VS_REACHABLE &&
			    (h = blocking_hop(&tr, &rep)) != NULL) {
				reasons[h->reason]++;
				in_reply += rep;
			}
		}
		if (verbose)
			report(seed, i, &w, &q, rc, err, &tr, &nr,
			    "(VS_VERBOSE: every case is shown)");
		if (!agree(rc, &tr, &nr, why, sizeof(why))) {
			bad++;
			if (keep && bad > 50)
				printf("=== case %" PRIu64 ": %s\n", i, why);
			else
				report(seed, i, &w, &q, rc, err, &tr, &nr, why);
			if (!keep)
				break;
		}
		vs_arena_reset(scratch, mark);
	}
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	printf("# %" PRIu64 " cases in %.2f s: refused %" PRIu64, cases, secs,
	    refused);
	for (i = 0; i < VS_VERDICT__COUNT; i++)
		printf(", %s %" PRIu64, vs_verdict_names[i], verdicts[i]);
	printf("; stopped on the reply %" PRIu64 "\n# blocking reasons:",
	    in_reply);
	for (i = 0; i < VS_R__COUNT; i++)
		if (reasons[i])
			printf(" %s %" PRIu64, vs_reason_names[i], reasons[i]);
	printf("\n# disagreements %" PRIu64 "\n", bad);
	gen_world_free(&w);
	vs_arena_free(&scratch);
	if (bad > 0)
		fail_msg("%" PRIu64 " disagreement(s) between vpcsim and the "
			 "naive reference (seed %#" PRIx64 ")",
		    bad, seed);
	/* the generator reached every verdict (a full default run) */
	if (cases >= DEFAULT_CASES) {
		for (i = 0; i < VS_VERDICT__COUNT; i++)
			assert_true(verdicts[i] > 0);
		assert_true(in_reply > 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_traces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
