/*
 * trace_bench.c - how fast vs_trace_run() answers, in one process.
 *
 * DOC: the harness loads a snapshot once (vs_snapshot_load), draws a fixed
 * set of queries from a seeded splitmix64 stream, and runs vs_trace_run()
 * over the whole set several times with one scratch arena that is reset to
 * a mark after every query, as a long-running caller would.  One trace is
 * one vs_trace_run() call: the request and, when it is delivered, the
 * reply.
 *
 * The query mix imitates what people ask (qkind_share has the shares,
 * docs/performance.md explains them): interface to interface in one VPC,
 * across a peering connection, to another VPC that may have no route, the
 * internet to an interface (mostly one with a public address) and an
 * interface to the internet; TCP (3/4), UDP and ICMP echo.  For half of the
 * queries to an interface the service is one its groups open (the first
 * port of one of its ingress rules), for the rest a common port from a
 * list, as people ask both about services that exist and about ones that
 * should not answer.  Endpoints are written every way a user writes them:
 * eni-..., i-..., a private address, 'internet' or a public address.
 *
 * Each drawn query is run once before timing; one the library refuses as a
 * usage error (the same interface on both sides, say) is drawn again, and
 * the number of redraws is printed.  That first pass also counts the
 * verdicts and where blocked packets stopped, so a reader can see the work
 * is real.
 *
 * Timing: CLOCK_MONOTONIC around each query gives the latency of every
 * trace; the time of the whole round gives traces per second.  Each figure
 * is the median over the rounds.  Output is "key value" lines for the run
 * script (tests/bench/run), which turns them into its table.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "eval.h"
#include "ip.h"
#include "load.h"
#include "mem.h"
#include "topo.h"

#define MAX_ROUNDS 15

/* The kinds of query drawn, in the order of the mix table. */
enum qkind {
	QK_SAME_VPC,
	QK_PEERED,
	QK_OTHER_VPC,
	QK_FROM_INTERNET,
	QK_TO_INTERNET,
	QK__COUNT
};

static const char *const qkind_names[QK__COUNT] = {
    "eni-to-eni-same-vpc",
    "eni-to-eni-peered-vpc",
    "eni-to-eni-other-vpc",
    "internet-to-eni",
    "eni-to-internet",
};

/* Shares of each kind, in percent; they add up to 100. */
static const unsigned qkind_share[QK__COUNT] = {50, 10, 5, 20, 15};

static const int tcp_internal[] = {22, 80, 443, 3306, 5432, 6379, 8080, 8443,
    9200, 27017, 1433, 3389, 445, 2049, 11211, 9092, 23, 25};
static const int udp_internal[] = {53, 123, 161, 514, 8125, 1812};
static const int tcp_inbound[] = {80, 443, 443, 22, 3389, 8080, 25, 23};
static const int udp_inbound[] = {53, 123, 500, 1194};
static const int tcp_outbound[] = {443, 443, 80, 22, 25};
static const int udp_outbound[] = {53, 123};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A number in [0, n); n > 0. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Interfaces a query may name, grouped by VPC. */
struct pool {
	vs_idx *enis; /* attached to an instance, not a NAT gateway's */
	uint32_t n_enis;
	vs_idx *pub; /* the same with a public IPv4 address */
	uint32_t n_pub;
	vs_idx **by_vpc; /* per VPC: its entries of enis */
	uint32_t *n_by_vpc;
	uint32_t *peered; /* peering connections with both sides known */
	uint32_t n_peered;
};

struct bench {
	const struct vs_topo *t;
	struct vs_arena *strs; /* query strings */
	struct pool p;
	struct rng rng;
};

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
pool_build(const struct vs_topo *t, struct pool *p)
{
	uint32_t i, nv = t->n[VS_K_VPC];

	memset(p, 0, sizeof(*p));
	p->enis = vs_xcalloc(t->n[VS_K_ENI] + 1, sizeof(vs_idx));
	p->pub = vs_xcalloc(t->n[VS_K_ENI] + 1, sizeof(vs_idx));
	p->by_vpc = vs_xcalloc(nv + 1, sizeof(vs_idx *));
	p->n_by_vpc = vs_xcalloc(nv + 1, sizeof(uint32_t));
	for (i = 0; i < t->n[VS_K_ENI]; i++) {
		const struct vs_eni *e = &t->enis[i];
		if (e->instance == VS_NONE || e->vpc == VS_NONE ||
		    e->n_v4 == 0 || strcmp(e->type, "nat_gateway") == 0)
			continue;
		p->enis[p->n_enis++] = i;
		if (e->v4[0].has_public)
			p->pub[p->n_pub++] = i;
		p->n_by_vpc[e->vpc]++;
	}
	for (i = 0; i < nv; i++) {
		p->by_vpc[i] = vs_xcalloc(p->n_by_vpc[i] + 1, sizeof(vs_idx));
		p->n_by_vpc[i] = 0;
	}
	for (i = 0; i < p->n_enis; i++) {
		vs_idx v = t->enis[p->enis[i]].vpc;
		p->by_vpc[v][p->n_by_vpc[v]++] = p->enis[i];
	}
	p->peered = vs_xcalloc(t->n[VS_K_PCX] + 1, sizeof(uint32_t));
	for (i = 0; i < t->n[VS_K_PCX]; i++) {
		const struct vs_pcx *x = &t->pcxs[i];
		if (x->req.vpc != VS_NONE && x->acc.vpc != VS_NONE &&
		    p->n_by_vpc[x->req.vpc] > 0 && p->n_by_vpc[x->acc.vpc] > 0)
			p->peered[p->n_peered++] = i;
	}
}

static void
pool_free(const struct vs_topo *t, struct pool *p)
{
	uint32_t i;
	for (i = 0; i < t->n[VS_K_VPC]; i++)
		free(p->by_vpc[i]);
	free(p->by_vpc);
	free(p->n_by_vpc);
	free(p->enis);
	free(p->pub);
	free(p->peered);
}

/*
 * Name an interface the way a user might: its id (half the time), its
 * instance's id when it is the instance's primary interface, or its
 * private address.
 */
static const char *
name_eni(struct bench *b, vs_idx i)
{
	const struct vs_eni *e = &b->t->enis[i];
	uint32_t r = rng_below(&b->rng, 100);
	char buf[VS_ADDR_STRLEN];

	if (r < 35 && vs_topo_instance_primary(b->t, e->instance) == i)
		return b->t->instances[e->instance].id;
	if (r >= 85) {
		vs_addr_fmt(&e->v4[0].priv, buf);
		return vs_arena_strdup(b->strs, buf);
	}
	return e->id;
}

/* An internet host: 'internet', or a public address outside the VPCs. */
static const char *
name_internet(struct bench *b)
{
	uint32_t a, c, d, e;

	if (rng_below(&b->rng, 2) == 0)
		return "internet";
	/* 11.0.0.0 to 99.255.255.255 holds no private or shared range. */
	a = 11 + rng_below(&b->rng, 89);
	c = rng_below(&b->rng, 256);
	d = rng_below(&b->rng, 256);
	e = 1 + rng_below(&b->rng, 254);
	return vs_arena_printf(b->strs, "%u.%u.%u.%u", a, c, d, e);
}

static vs_idx
pick(struct bench *b, const vs_idx *from, uint32_t n)
{
	return from[rng_below(&b->rng, n)];
}

/* Protocol and port for a query; ports from the list for its kind. */
static void
draw_service(struct bench *b, struct vs_query *q, const int *tcp, size_t ntcp,
    const int *udp, size_t nudp)
{
	uint32_t r = rng_below(&b->rng, 100);

	if (r < 75) {
		q->proto = VS_PROTO_TCP;
		q->port = tcp[rng_below(&b->rng, (uint32_t)ntcp)];
	} else if (r < 90) {
		q->proto = VS_PROTO_UDP;
		q->port = udp[rng_below(&b->rng, (uint32_t)nudp)];
	} else {
		q->proto = VS_PROTO_ICMP;
	}
	/* One TCP or UDP query in ten names the client's source port. */
	if (q->port >= 0 && rng_below(&b->rng, 10) == 0)
		q->src_port = 32768 + (int)rng_below(&b->rng, 28232);
}

/*
 * Half the time, ask for a service the destination's groups open: the
 * protocol and first port of one of its ingress rules, as someone checking
 * a service that exists would.  Otherwise draw from the lists.
 */
static void
draw_service_to(struct bench *b, struct vs_query *q, vs_idx dst, const int *tcp,
    size_t ntcp, const int *udp, size_t nudp)
{
	const struct vs_eni *e = &b->t->enis[dst];
	const struct vs_sg *g;
	const struct vs_sg_rule *ru = NULL;
	uint32_t i, n_in = 0, k;
	vs_idx gi;

	if (e->n_groups == 0 || rng_below(&b->rng, 2) == 0)
		goto lists;
	gi = e->groups[rng_below(&b->rng, e->n_groups)];
	if (gi == VS_NONE)
		goto lists;
	g = &b->t->sgs[gi];
	for (i = 0; i < g->n_rules; i++)
		n_in += !g->rules[i].egress;
	if (n_in == 0)
		goto lists;
	k = rng_below(&b->rng, n_in);
	for (i = 0; i < g->n_rules; i++)
		if (!g->rules[i].egress && k-- == 0) {
			ru = &g->rules[i];
			break;
		}
	if (ru == NULL)
		goto lists;
	if (ru->proto == VS_PROTO_TCP || ru->proto == VS_PROTO_UDP) {
		q->proto = ru->proto;
		if (ru->has_ports && ru->from > 0)
			q->port = (int)ru->from;
		else
			q->port = ru->proto == VS_PROTO_TCP ? 443 : 53;
	} else if (ru->proto == VS_PROTO_ICMP) {
		q->proto = VS_PROTO_ICMP;
	} else if (ru->proto == VS_PROTO_ALL) {
		q->proto = VS_PROTO_TCP;
		q->port = tcp[rng_below(&b->rng, (uint32_t)ntcp)];
	} else {
		goto lists;
	}
	return;
lists:
	draw_service(b, q, tcp, ntcp, udp, nudp);
}

static enum qkind
draw_kind(struct bench *b)
{
	uint32_t r = rng_below(&b->rng, 100), acc = 0;
	int k;

	for (k = 0; k < QK__COUNT; k++) {
		acc += qkind_share[k];
		if (r < acc)
			return (enum qkind)k;
	}
	return QK_SAME_VPC;
}

/* Draw one query of kind k into q. */
static void
draw_query(struct bench *b, enum qkind k, struct vs_query *q)
{
	const struct pool *p = &b->p;
	const struct vs_topo *t = b->t;
	vs_idx s, d, v;

	memset(q, 0, sizeof(*q));
	q->port = q->src_port = q->icmp_type = q->icmp_code = -1;
	switch (k) {
	case QK_SAME_VPC:
		s = pick(b, p->enis, p->n_enis);
		v = t->enis[s].vpc;
		do
			d = pick(b, p->by_vpc[v], p->n_by_vpc[v]);
		while (d == s && p->n_by_vpc[v] > 1);
		q->from = name_eni(b, s);
		q->to = name_eni(b, d);
		draw_service_to(b, q, d, tcp_internal, NELEM(tcp_internal),
		    udp_internal, NELEM(udp_internal));
		break;
	case QK_PEERED:
	case QK_OTHER_VPC:
		if (k == QK_PEERED && p->n_peered > 0) {
			const struct vs_pcx *x =
			    &t->pcxs[p->peered[rng_below(&b->rng,
				p->n_peered)]];
			vs_idx a = x->req.vpc, c = x->acc.vpc;
			if (rng_below(&b->rng, 2) == 0) {
				vs_idx tmp = a;
				a = c;
				c = tmp;
			}
			s = pick(b, p->by_vpc[a], p->n_by_vpc[a]);
			d = pick(b, p->by_vpc[c], p->n_by_vpc[c]);
		} else {
			s = pick(b, p->enis, p->n_enis);
			d = pick(b, p->enis, p->n_enis);
		}
		q->from = name_eni(b, s);
		q->to = name_eni(b, d);
		draw_service_to(b, q, d, tcp_internal, NELEM(tcp_internal),
		    udp_internal, NELEM(udp_internal));
		break;
	case QK_FROM_INTERNET:
		if (p->n_pub > 0 && rng_below(&b->rng, 4) != 0)
			d = pick(b, p->pub, p->n_pub);
		else
			d = pick(b, p->enis, p->n_enis);
		q->from = name_internet(b);
		q->to = name_eni(b, d);
		draw_service_to(b, q, d, tcp_inbound, NELEM(tcp_inbound),
		    udp_inbound, NELEM(udp_inbound));
		break;
	case QK_TO_INTERNET:
	default:
		s = pick(b, p->enis, p->n_enis);
		q->from = name_eni(b, s);
		q->to = name_internet(b);
		draw_service(b, q, tcp_outbound, NELEM(tcp_outbound),
		    udp_outbound, NELEM(udp_outbound));
		break;
	}
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double
median_of(double *v, unsigned n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* Where a trace that did not get through stopped: "request sg", ... */
static void
count_block(const struct vs_trace *tr, unsigned long (*at)[VS_C__COUNT])
{
	const struct vs_leg *l = NULL;
	int leg = 0;

	if (tr->fwd.blocked >= 0) {
		l = &tr->fwd;
	} else if (tr->ret.blocked >= 0) {
		l = &tr->ret;
		leg = 1;
	}
	if (l != NULL && (uint32_t)l->blocked < l->n_hops)
		at[leg][l->hops[l->blocked].comp]++;
}

static void
usage(void)
{
	fprintf(stderr, "usage: trace_bench --snapshot DIR [--queries N] "
			"[--rounds N] [--seed N]\n");
	exit(2);
}

/*
 * Threads share the loaded topology (immutable, so safe to read from
 * several threads) and each runs a slice of the queries with a scratch
 * arena of its own; any verdict that differs from the single-threaded
 * one is counted.
 */
struct slice {
	const struct vs_topo *t;
	const struct vs_query *qs;
	const unsigned char *want;
	unsigned long lo, hi, mismatch;
};

static void *
run_slice(void *arg)
{
	struct slice *sl = arg;
	struct vs_arena *a = vs_arena_new();
	struct vs_arena_mark m = vs_arena_mark(a);
	struct vs_trace tr;
	char err[256];
	unsigned long i;

	for (i = sl->lo; i < sl->hi; i++) {
		vs_trace_run(sl->t, &sl->qs[i], a, &tr, err, sizeof(err));
		sl->mismatch += tr.verdict != (enum vs_verdict)sl->want[i];
		vs_arena_reset(a, m);
	}
	vs_arena_free(&a);
	return NULL;
}

/* One round over every query with n threads: traces per second, or a
 * negative number when a verdict differed. */
static double
threaded_round(const struct vs_topo *t, const struct vs_query *qs,
    const unsigned char *want, unsigned long nq, unsigned n)
{
	pthread_t th[64];
	struct slice sl[64];
	unsigned k;
	unsigned long bad = 0;
	double start = now_s(), secs;

	for (k = 0; k < n; k++) {
		sl[k].t = t;
		sl[k].qs = qs;
		sl[k].want = want;
		sl[k].lo = nq * k / n;
		sl[k].hi = nq * (k + 1) / n;
		sl[k].mismatch = 0;
		if (pthread_create(&th[k], NULL, run_slice, &sl[k]) != 0) {
			fprintf(stderr, "trace_bench: cannot start a thread\n");
			exit(1);
		}
	}
	for (k = 0; k < n; k++) {
		pthread_join(th[k], NULL);
		bad += sl[k].mismatch;
	}
	secs = now_s() - start;
	return bad > 0 ? -1.0 : (double)nq / secs;
}

int
main(int argc, char **argv)
{
	const char *snap = NULL;
	unsigned long nq = 200000, rounds = 3, seed = 1;
	struct vs_diags *dg = vs_diags_new();
	struct vs_load_stats st;
	struct vs_topo *t;
	struct vs_arena *scratch;
	struct vs_arena_mark m;
	struct bench b;
	struct vs_query *qs;
	struct vs_trace tr;
	uint64_t *lat;
	unsigned char *want; /* each query's verdict, for the quiet rounds */
	double qrate[MAX_ROUNDS], trate[MAX_ROUNDS];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned nthreads = ncpu < 1 ? 1u : ncpu > 64 ? 64u : (unsigned)ncpu;
	unsigned long mismatch = 0;
	unsigned long verdicts[VS_VERDICT__COUNT] = {0};
	unsigned long blocked[2][VS_C__COUNT] = {{0}};
	unsigned long kinds[QK__COUNT] = {0}, protos[3] = {0};
	unsigned long redraws = 0, hops = 0, i;
	double rate[MAX_ROUNDS], med[MAX_ROUNDS], p99[MAX_ROUNDS], t0;
	char err[256];
	int a, k;
	unsigned r;

	for (a = 1; a < argc; a++) {
		if (a + 1 >= argc)
			usage();
		if (strcmp(argv[a], "--snapshot") == 0)
			snap = argv[++a];
		else if (strcmp(argv[a], "--queries") == 0)
			nq = strtoul(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "--rounds") == 0)
			rounds = strtoul(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "--seed") == 0)
			seed = strtoul(argv[++a], NULL, 10);
		else
			usage();
	}
	if (snap == NULL || nq == 0 || rounds == 0 || rounds > MAX_ROUNDS)
		usage();

	t0 = now_s();
	t = vs_snapshot_load(snap, dg, &st);
	if (t == NULL) {
		fprintf(stderr, "trace_bench: %s does not load (%zu errors)\n",
		    snap, vs_diags_errors(dg));
		return 1;
	}
	printf("load_seconds %.3f\n", now_s() - t0);

	memset(&b, 0, sizeof(b));
	b.t = t;
	b.strs = vs_arena_new();
	b.rng.s = seed;
	pool_build(t, &b.p);
	if (b.p.n_enis < 2) {
		fprintf(stderr, "trace_bench: too few interfaces to trace\n");
		return 1;
	}
	printf("pool_enis %" PRIu32 "\npool_public %" PRIu32
	       "\npool_peerings %" PRIu32 "\n",
	    b.p.n_enis, b.p.n_pub, b.p.n_peered);

	/* Draw the queries; run each once, which also warms the caches. */
	qs = vs_xcalloc(nq, sizeof(*qs));
	lat = vs_xcalloc(nq, sizeof(*lat));
	want = vs_xcalloc(nq, 1);
	scratch = vs_arena_new();
	m = vs_arena_mark(scratch);
	for (i = 0; i < nq; i++) {
		enum qkind qk = draw_kind(&b);
		for (;;) {
			draw_query(&b, qk, &qs[i]);
			if (vs_trace_run(t, &qs[i], scratch, &tr, err,
				sizeof(err)) == 0)
				break;
			vs_arena_reset(scratch, m);
			if (++redraws > nq) {
				fprintf(stderr,
				    "trace_bench: most queries "
				    "are refused; last: %s\n",
				    err);
				return 1;
			}
		}
		kinds[qk]++;
		if (qs[i].proto == VS_PROTO_TCP)
			protos[0]++;
		else if (qs[i].proto == VS_PROTO_UDP)
			protos[1]++;
		else
			protos[2]++;
		verdicts[tr.verdict]++;
		want[i] = (unsigned char)tr.verdict;
		hops += tr.fwd.n_hops + tr.ret.n_hops;
		if (tr.verdict != VS_REACHABLE)
			count_block(&tr, blocked);
		vs_arena_reset(scratch, m);
	}

	for (r = 0; r < rounds; r++) {
		uint64_t start = now_ns(), prev = start, cur;
		for (i = 0; i < nq; i++) {
			vs_trace_run(t, &qs[i], scratch, &tr, err, sizeof(err));
			vs_arena_reset(scratch, m);
			cur = now_ns();
			lat[i] = cur - prev;
			prev = cur;
		}
		rate[r] = (double)nq / ((double)(prev - start) * 1e-9);
		qsort(lat, nq, sizeof(*lat), cmp_u64);
		med[r] = (double)lat[nq / 2];
		p99[r] = (double)lat[nq * 99 / 100];
		printf("round %u traces_per_s %.0f median_ns %.0f p99_ns "
		       "%.0f\n",
		    r + 1, rate[r], med[r], p99[r]);
	}

	/* every core of the machine, one process */
	for (r = 0; r < rounds; r++) {
		trate[r] = threaded_round(t, qs, want, nq, nthreads);
		if (trate[r] < 0) {
			fprintf(stderr, "trace_bench: a threaded trace gave "
					"another verdict\n");
			return 1;
		}
		printf("round %u threads %u traces_per_s %.0f\n", r + 1,
		    nthreads, trate[r]);
	}

	/*
	 * The same queries without the text for people (vs_query.quiet, as
	 * reach and diff run them): the verdicts must not change.
	 */
	for (i = 0; i < nq; i++)
		qs[i].quiet = true;
	for (r = 0; r < rounds; r++) {
		uint64_t start = now_ns();
		for (i = 0; i < nq; i++) {
			vs_trace_run(t, &qs[i], scratch, &tr, err, sizeof(err));
			mismatch += tr.verdict != (enum vs_verdict)want[i];
			vs_arena_reset(scratch, m);
		}
		qrate[r] = (double)nq / ((double)(now_ns() - start) * 1e-9);
		printf("round %u quiet traces_per_s %.0f\n", r + 1, qrate[r]);
	}
	if (mismatch > 0) {
		fprintf(stderr,
		    "trace_bench: %lu quiet traces gave another "
		    "verdict\n",
		    mismatch);
		return 1;
	}

	printf("queries %lu\nrounds %lu\nseed %lu\nredraws %lu\n", nq, rounds,
	    seed, redraws);
	printf("traces_per_s %.0f\n", median_of(rate, (unsigned)rounds));
	printf("quiet_traces_per_s %.0f\n", median_of(qrate, (unsigned)rounds));
	printf("threads %u\nthreaded_traces_per_s %.0f\n", nthreads,
	    median_of(trate, (unsigned)rounds));
	printf("median_ns %.0f\n", median_of(med, (unsigned)rounds));
	printf("p99_ns %.0f\n", median_of(p99, (unsigned)rounds));
	printf("hops_per_trace %.2f\n", (double)hops / (double)nq);
	for (k = 0; k < VS_VERDICT__COUNT; k++)
		printf("verdict %s %lu\n", vs_verdict_names[k], verdicts[k]);
	for (k = 0; k < QK__COUNT; k++)
		printf("kind %s %lu\n", qkind_names[k], kinds[k]);
	printf("proto tcp %lu\nproto udp %lu\nproto icmp %lu\n", protos[0],
	    protos[1], protos[2]);
	for (a = 0; a < 2; a++)
		for (k = 0; k < VS_C__COUNT; k++)
			if (blocked[a][k] > 0)
				printf("blocked %s %s %lu\n",
				    a == 0 ? "request" : "reply",
				    vs_comp_names[k], blocked[a][k]);

	free(qs);
	free(lat);
	free(want);
	pool_free(t, &b.p);
	vs_arena_free(&scratch);
	vs_arena_free(&b.strs);
	vs_topo_free(&t);
	vs_diags_free(&dg);
	return 0;
}
