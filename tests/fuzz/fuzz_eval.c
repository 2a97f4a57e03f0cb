/*
 * fuzz_eval.c - libFuzzer target: the packet walk against the naive
 * reference.
 *
 * fuzz-link: tests/unit/gen_topo.c tests/unit/naive.c
 *
 * The input bytes are the random choices of the topology generator
 * (tests/unit/gen_topo.h: two bytes per draw, zeros once they run out): a
 * small network of VPCs, subnets, interfaces, instances, security groups,
 * network ACLs, route tables, internet and NAT gateways and peering, then
 * up to MAX_QUERIES trace queries over its endpoints.  Each query is
 * answered by vs_trace_run() and by naive_trace() (tests/unit/naive.h,
 * written from docs/trace.md alone, with linear scans and no index).  The
 * two must agree on whether the query is valid and on the verdict; a
 * disagreement prints the query, both answers, both walks and the
 * topology, and aborts, so libFuzzer keeps the input as a reproducer.
 *
 * Every disagreement aborts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "eval.h"
#include "gen_topo.h"
#include "ip.h"
#include "naive.h"
#include "render.h"
#include "topo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_QUERIES 6

static bool
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static const char *
nz(const char *s)
{
	return s ? s : "(none)";
}

/* The hop that stopped a trace that is not reachable, and its leg. */
static const struct vs_hop *
blocking_hop(const struct vs_trace *tr, bool *in_reply)
{
	const struct vs_leg *leg = tr->fwd.delivered ? &tr->ret : &tr->fwd;

	*in_reply = leg == &tr->ret;
	if (!leg->walked || leg->blocked < 0 ||
	    (uint32_t)leg->blocked >= leg->n_hops)
		return NULL;
	return &leg->hops[leg->blocked];
}

/* The endpoint of w with this text, or NULL. */
static const struct gen_ep *
ep_of(const struct gen_world *w, const char *text)
{
	uint32_t i;

	for (i = 0; i < w->n_ep; i++)
		if (same_str(w->ep[i].text, text))
			return &w->ep[i];
	return NULL;
}

/*
 * Does gen_query avoid this pair?  It retries (50 times) to keep away
 * from a query from an interface to itself (vpcsim refuses those) and
 * from an internet host to a private address (which the internet cannot
 * address; docs/trace.md: "From the internet, an interface is reached at
 * its public address").  With the input used up, its retries all draw
 * the same endpoint, so such a pair can come through here.
 */
static bool
avoided(const struct gen_world *w, const struct vs_query *q)
{
	const struct gen_ep *f = ep_of(w, q->from), *t = ep_of(w, q->to);

	if (f == NULL || t == NULL)
		return false;
	if (f->eni >= 0 && f->eni == t->eni)
		return true;
	return f->eni < 0 && t->priv;
}

static void
report(const struct gen_world *w, const struct vs_query *q, int rc,
    const char *err, const struct vs_trace *tr, const struct naive_result *nr)
{
	char qs[512];
	const struct vs_hop *h;
	bool in_reply;

	fprintf(stderr, "\n=== DISAGREEMENT\nquery:  %s\n",
	    gen_query_str(q, qs, sizeof(qs)));
	fprintf(stderr, "naive:  %s",
	    nr->valid ? vs_verdict_names[nr->verdict] : "refused");
	if (nr->valid && nr->verdict != VS_REACHABLE)
		fprintf(stderr, " at %s %s %s %s missing %s",
		    nr->in_reply ? "reply" : "request", vs_comp_names[nr->comp],
		    nz(nr->id), vs_reason_names[nr->reason], nz(nr->missing));
	fprintf(stderr, "\nvpcsim: ");
	if (rc != 0) {
		fprintf(stderr, "refused: %s\n", err);
	} else {
		fprintf(stderr, "%s", vs_verdict_names[tr->verdict]);
		h = tr->verdict == VS_REACHABLE ? NULL
						: blocking_hop(tr, &in_reply);
		if (h != NULL)
			fprintf(stderr, " at %s %s %s %s missing %s",
			    in_reply ? "reply" : "request",
			    vs_comp_names[h->comp], nz(h->id),
			    vs_reason_names[h->reason], nz(h->missing));
		fprintf(stderr, "\n");
	}
	fprintf(stderr, "--- naive walk\n%s", nr->trail);
	if (rc == 0) {
		fprintf(stderr, "--- vpcsim walk\n");
		vs_render_text(stderr, tr);
	}
	fprintf(stderr, "--- topology\n");
	gen_dump(stderr, w->t);
	fprintf(stderr, "=== end\n");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct naive_result nr;
	struct vs_arena *scratch;
	struct vs_arena_mark mark;
	struct gen_world w;
	struct gen_rng r;
	unsigned i;

	if (size > 4096)
		return 0;
	memset(&w, 0, sizeof(w));
	gen_rng_bytes(&r, data, size);
	if (gen_topo(&r, &w) != 0) {
		/* A generator bug, not vpcsim's; not worth keeping. */
		gen_world_free(&w);
		return -1;
	}
	scratch = vs_arena_new();
	mark = vs_arena_mark(scratch);
	for (i = 0; i < MAX_QUERIES; i++) {
		struct vs_query q;
		struct vs_trace tr;
		char err[256] = "";
		bool agree;
		int rc;

		gen_query(&r, &w, &q);
		if (avoided(&w, &q))
			break;
		memset(&nr, 0, sizeof(nr));
		naive_trace(w.t, &q, &nr);
		memset(&tr, 0, sizeof(tr));
		rc = vs_trace_run(w.t, &q, scratch, &tr, err, sizeof(err));
		if (rc != 0 && err[0] == '\0') {
			fprintf(stderr, "vs_trace_run refused a query without "
					"a message\n");
			abort();
		}
		agree = (rc == 0) == nr.valid &&
			(rc != 0 || tr.verdict == nr.verdict);
		if (!agree) {
			report(&w, &q, rc, err, &tr, &nr);
			abort();
		}
		vs_arena_reset(scratch, mark);
		/* Once the input is used up, every further draw is zero. */
		if (r.off >= r.n)
			break;
	}
	vs_arena_free(&scratch);
	gen_world_free(&w);
	return 0;
}
