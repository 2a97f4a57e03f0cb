/*
 * gen_topo.h - random small topologies and trace queries, for property
 * tests and fuzz targets.
 *
 * DOC: gen_topo() builds a finished topology of 1-3 VPCs (1-4 subnets
 * each, plus one in a secondary block at times; 2-8 interfaces in all)
 * with instances (Linux or Windows, now and then not running), security
 * groups, network ACLs, route tables, internet gateways, NAT gateways and
 * at most one peering, every field drawn from a struct gen_rng.  The
 * generator is deterministic: the same seed (or the same input bytes)
 * gives the same topology, so a failing case replays from the seed
 * alone.  Left out: transit gateways, VPC endpoints, egress-only internet
 * gateways, prefix lists, appliances (routes to interfaces), Block Public
 * Access.  gen_query() draws a query over the endpoints the topology
 * offers (interface and instance ids, private and public addresses,
 * `internet`, other internet hosts, the DNS, metadata and Time Sync
 * addresses) with TCP, UDP, ICMP or a protocol without ports; the strings
 * live in the topology's arena.
 */
#ifndef GEN_TOPO_H
#define GEN_TOPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "eval.h"
#include "topo.h"

/* A random source: splitmix64 from a seed, or bytes (then zeros). */
struct gen_rng {
	uint64_t s;
	const uint8_t *data;
	size_t n, off;
};

void gen_rng_seed(struct gen_rng *r, uint64_t seed);
void gen_rng_bytes(struct gen_rng *r, const uint8_t *data, size_t n);
uint64_t gen_u64(struct gen_rng *r);
/* Uniform-ish in [0, n); n > 0. */
uint32_t gen_below(struct gen_rng *r, uint32_t n);
/* True with probability pct percent. */
bool gen_pct(struct gen_rng *r, unsigned pct);
/* Mix two numbers into a seed (for per-case seeds). */
uint64_t gen_mix(uint64_t a, uint64_t b);

#define GEN_MAX_EP 96

/* A query endpoint: the text, and the interface it names (or -1). */
struct gen_ep {
	const char *text;
	int eni;
	bool v6;      /* an IPv6 address (only in IPv6 queries) */
	bool addr;    /* an address rather than an id or `internet` */
	bool priv;    /* a private address */
	bool service; /* DNS, metadata, Time Sync: only a destination */
};

struct gen_world {
	struct vs_topo *t;
	struct gen_ep ep[GEN_MAX_EP];
	uint32_t n_ep;
	/* warnings from vs_topo_finish (dangling references are expected) */
	size_t warnings;
};

/*
 * Build a random topology into w (w->t is new and finished).  Returns 0,
 * or -1 when vs_topo_finish reported an error (a generator bug).
 */
int gen_topo(struct gen_rng *r, struct gen_world *w);
void gen_world_free(struct gen_world *w);

/* A random query over w's endpoints (strings borrowed from w). */
void gen_query(struct gen_rng *r, const struct gen_world *w,
    struct vs_query *q);

/* One line describing a query, as the command line would give it. */
char *gen_query_str(const struct vs_query *q, char *buf, size_t n);

/* A compact text dump of a topology (what the generator fills). */
void gen_dump(FILE *f, const struct vs_topo *t);

#endif
