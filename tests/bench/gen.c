/*
 * gen.c - deterministic benchmark data for vpcsim.
 *
 * DOC: a standalone program (C11 + POSIX libc, it does not link libvs) that
 * writes three things into --out DIR:
 *
 *   DIR/region/        a describe-* snapshot in the AWS CLI's own layout
 *                      (4-space indentation, PascalCase keys, the extra
 *                      fields the CLI prints), split into pages of at most
 *                      1000 objects per file as paginated exports are;
 *   DIR/flows.log      VPC flow-log records in the default version 2 format
 *                      over the snapshot's network interfaces;
 *   DIR/flows.truth    one line per record: what a correct cross-checker
 *                      must answer for it, and for a denial the control.
 *
 * Everything comes from two splitmix64 streams seeded from --seed: one for
 * the snapshot, one for the flow log, so the snapshot does not change when
 * only --records does, and the same arguments give byte-identical files.
 *
 * The model is a set of flat arrays (VPCs, subnets, ENIs, instances,
 * security groups with their permissions and sources, NACLs with their
 * entries, route tables with their routes, ...) that refer to each other by
 * array index; JSON writers turn indexes back into IDs.  Invariants kept
 * while building: every reference is to an object that exists; private
 * addresses are unique in the region (VPC CIDRs do not overlap) and lie
 * inside their subnet, clear of the five reserved addresses; security-group
 * references stay inside the VPC; every subnet has exactly one NACL
 * association, and a route-table association unless it uses the main table;
 * NACL rule numbers are unique per direction, and the entries of one NACL
 * are stored sorted by (direction, rule number) for evaluation while the
 * JSON prints them in shuffled order.
 *
 * The truth comes from a small evaluator over these arrays that implements
 * the cross-check semantics given in tests/bench/README.md (NACL only when
 * the peer is outside the ENI's subnet, first match by rule number; security
 * groups as a union of allows, stateful for reply legs; ingress checks the
 * NACL first, egress the security groups first).  Every record's action is
 * the evaluator's verdict for that very record, so each record is by
 * construction consistent, explained, skipped or on an unknown interface.
 * ICMP records carry ports 0 0, which the port rule cannot classify, so an
 * ICMP record is written only when its verdict is the same whether it is
 * read as a request or a reply and as echo request or echo reply.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define IDLEN        40
#define NAZ          3
#define SUB_PER_VPC  20
#define ACL_PER_VPC  4
#define RTB_PER_VPC  10
#define MAXG         3
#define MAXPEER      16
#define MAXRR        96
#define ACL_ENTRIES  20 /* per direction, as AWS's default quota */
#define T_SNAPSHOT   INT64_C(1718000000) /* 2024-06-10, "now" for the JSON */
#define T_FLOWS      INT64_C(1718064000) /* 2024-06-11 00:00:00Z */
#define FLOW_SPAN_MS INT64_C(259200000)  /* three days of flow records */

/* ---- small utilities ---- */

static void
die(const char *what, const char *arg)
{
	if (arg != NULL)
		fprintf(stderr, "gen: %s: %s\n", what, arg);
	else
		fprintf(stderr, "gen: %s\n", what);
	exit(1);
}

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size);

	if (p == NULL)
		die("out of memory", NULL);
	return p;
}

/* splitmix64: one 64-bit state, no rand(). */
struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t z;

	r->s += UINT64_C(0x9e3779b97f4a7c15);
	z = r->s;
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A uniform integer in [0, n). */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A uniform integer in [lo, hi]. */
static int
rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (uint32_t)(hi - lo) + 1u);
}

static bool
rng_pm(struct rng *r, uint32_t permille)
{
	return rng_below(r, 1000) < permille;
}

/* Pick an index by integer weights. */
static int
rng_weighted(struct rng *r, const int *w, int n)
{
	int total = 0, i, x;

	for (i = 0; i < n; i++)
		total += w[i];
	x = (int)rng_below(r, (uint32_t)total);
	for (i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

static struct rng S; /* snapshot stream */
static struct rng F; /* flow-log stream */

/*
 * Every random ID part and every public address is registered here, so no
 * two objects share an ID and no two ENIs share a public IP.
 */
#define IDSET_BITS 20
static uint64_t *idset;

static bool
idset_add(uint64_t v)
{
	size_t mask = ((size_t)1 << IDSET_BITS) - 1;
	size_t i =
	    (size_t)((v * UINT64_C(0x9e3779b97f4a7c15)) >> (64 - IDSET_BITS));

	while (idset[i] != 0) {
		if (idset[i] == v)
			return false;
		i = (i + 1) & mask;
	}
	idset[i] = v;
	return true;
}

/* prefix + 17 lowercase hex digits, as current AWS IDs: "0" + 16 random. */
static void
mkid(char *out, const char *prefix, struct rng *r)
{
	uint64_t v;

	do
		v = rng_next(r);
	while (v == 0 || !idset_add(v));
	snprintf(out, IDLEN, "%s0%016" PRIx64, prefix, v);
}

static void
ipstr(uint32_t ip, char *buf)
{
	snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255u,
	    (ip >> 8) & 255u, ip & 255u);
}

static void
cidrstr(uint32_t net, int len, char *buf)
{
	char a[16];

	ipstr(net, a);
	snprintf(buf, 24, "%s/%d", a, len);
}

static uint32_t
mask_of(int len)
{
	return len == 0 ? 0u : ~0u << (32 - len);
}

static bool
in_cidr(uint32_t ip, uint32_t net, int len)
{
	return (ip & mask_of(len)) == (net & mask_of(len));
}

/* "ip-10-1-2-3.ec2.internal" */
static void
dnsname(uint32_t ip, char *buf)
{
	snprintf(buf, 64, "ip-%u-%u-%u-%u.ec2.internal", ip >> 24,
	    (ip >> 16) & 255u, (ip >> 8) & 255u, ip & 255u);
}

static void
pubdns(uint32_t ip, char *buf)
{
	snprintf(buf, 64, "ec2-%u-%u-%u-%u.compute-1.amazonaws.com", ip >> 24,
	    (ip >> 16) & 255u, (ip >> 8) & 255u, ip & 255u);
}

/* Unix seconds to ISO 8601 in UTC; zulu: ".000Z", else "+00:00". */
static void
isotime(int64_t t, bool zulu, char *buf)
{
	int64_t days = t / 86400, secs = t % 86400;
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int hh = (int)(secs / 3600), mm = (int)(secs / 60 % 60),
	    ss = (int)(secs % 60);

	if (m <= 2)
		y++;
	if (zulu)
		snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", (int)y,
		    m, d, hh, mm, ss);
	else
		snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", (int)y,
		    m, d, hh, mm, ss);
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- JSON writer in the layout of `aws ... --output json` ---- */

static const char spaces[] = "                                        "
			     "                                        ";

struct jw {
	FILE *f;
	int depth;
	bool has[32]; /* the container at this depth has a member */
};

static void
jw_key(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		fputs(w->has[w->depth] ? ",\n" : "\n", w->f);
		w->has[w->depth] = true;
		fwrite(spaces, 1, (size_t)w->depth * 4, w->f);
	}
	if (key != NULL) {
		putc('"', w->f);
		fputs(key, w->f);
		fputs("\": ", w->f);
	}
}

static void
jw_open(struct jw *w, const char *key, int c)
{
	jw_key(w, key);
	putc(c, w->f);
	w->depth++;
	w->has[w->depth] = false;
}

static void
jw_close(struct jw *w, int c)
{
	bool had = w->has[w->depth];

	w->depth--;
	if (had) {
		putc('\n', w->f);
		fwrite(spaces, 1, (size_t)w->depth * 4, w->f);
	}
	putc(c, w->f);
}

static void
jw_obj(struct jw *w, const char *key)
{
	jw_open(w, key, '{');
}

static void
jw_arr(struct jw *w, const char *key)
{
	jw_open(w, key, '[');
}

static void
jw_end_obj(struct jw *w)
{
	jw_close(w, '}');
}

static void
jw_end_arr(struct jw *w)
{
	jw_close(w, ']');
}

static void
jw_str(struct jw *w, const char *key, const char *v)
{
	jw_key(w, key);
	putc('"', w->f);
	for (; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			putc('\\', w->f);
		putc(*v, w->f);
	}
	putc('"', w->f);
}

static void
jw_int(struct jw *w, const char *key, long long v)
{
	jw_key(w, key);
	fprintf(w->f, "%lld", v);
}

static void
jw_bool(struct jw *w, const char *key, bool v)
{
	jw_key(w, key);
	fputs(v ? "true" : "false", w->f);
}

static void
jw_tag(struct jw *w, const char *k, const char *v)
{
	jw_obj(w, NULL);
	jw_str(w, "Key", k);
	jw_str(w, "Value", v);
	jw_end_obj(w);
}

/* Output files and their statistics. */
static char regiondir[4096];

struct stat_row {
	const char *what;
	long objects, files;
	long long bytes;
};

static struct stat_row stats[16];
static int nstats;

static void
stat_add(const char *what, long objects, long files, long long bytes)
{
	int i;

	for (i = 0; i < nstats; i++)
		if (strcmp(stats[i].what, what) == 0)
			break;
	if (i == nstats) {
		stats[nstats].what = what;
		nstats++;
	}
	stats[i].objects += objects;
	stats[i].files += files;
	stats[i].bytes += bytes;
}

/* A paginated export: stem-001.json, stem-002.json, ... */
struct pager {
	const char *stem, *key;
	int cap, n, page;
	long objects;
	long long bytes;
	FILE *f;
	struct jw w;
};

static void
pg_open(struct pager *p)
{
	char path[4200];

	p->page++;
	snprintf(path, sizeof path, "%s/%s-%03d.json", regiondir, p->stem,
	    p->page);
	p->f = fopen(path, "w");
	if (p->f == NULL)
		die("cannot create", path);
	memset(&p->w, 0, sizeof p->w);
	p->w.f = p->f;
	jw_obj(&p->w, NULL);
	jw_arr(&p->w, p->key);
	p->n = 0;
}

static void
pg_close(struct pager *p)
{
	jw_end_arr(&p->w);
	jw_end_obj(&p->w);
	putc('\n', p->f);
	p->bytes += ftell(p->f);
	if (ferror(p->f) || fclose(p->f) != 0)
		die("write error in", p->stem);
	p->f = NULL;
}

/* Start the next object (counting `weight` toward the page cap). */
static struct jw *
pg_next(struct pager *p, int weight)
{
	if (p->f != NULL && p->n > 0 && p->n + weight > p->cap)
		pg_close(p);
	if (p->f == NULL)
		pg_open(p);
	p->n += weight;
	p->objects++;
	return &p->w;
}

static void
pg_finish(struct pager *p)
{
	if (p->f == NULL && p->page == 0)
		pg_open(p);
	if (p->f != NULL)
		pg_close(p);
	stat_add(p->stem, p->objects, p->page, p->bytes);
}

/* ---- scale ---- */

struct scale {
	const char *name;
	int nvpc, sg_per_vpc, nat_per_vpc, neni, npcx, npl, nbusy;
	long nrec;
	int pg_subnet, pg_eni, pg_inst, pg_sg, pg_acl, pg_rtb;
};

static const struct scale scales[] = {
    {"region", 50, 50, 2, 5000, 100, 5, 3000, 2000000, 500, 1000, 1000, 1000,
	100, 200},
    {"small", 2, 25, 1, 100, 1, 2, 200, 20000, 25, 40, 40, 20, 5, 8},
};

static const struct scale *SC;

/* ---- the model ---- */

enum { SUB_PUBLIC, SUB_PRIVATE, SUB_DATA };
enum { ACL_DEFAULT, ACL_PUBLIC, ACL_STRICT, ACL_DATA };
enum { SRC_V4, SRC_V6, SRC_PL, SRC_SG };
enum {
	ROLE_DEFAULT,
	ROLE_WEB,
	ROLE_LB,
	ROLE_APP,
	ROLE_DB,
	ROLE_WIN,
	ROLE_BASTION,
	ROLE_CACHE,
	ROLE_SEARCH,
	ROLE_KAFKA,
	ROLE_DNS,
	ROLE_LDAP,
	ROLE_MON,
	ROLE_VPN,
	ROLE_MAIL,
	ROLE__COUNT
};
enum { PL_CORP, PL_VPCS, PL_PARTNER, PL_MON, PL_V6, PL__COUNT };
enum { T_LOCAL, T_IGW, T_NAT, T_PCX, T_INST };

static const char *const role_name[ROLE__COUNT] = {"default", "web", "lb",
    "app", "db", "win", "bastion", "cache", "search", "kafka", "dns", "ldap",
    "mon", "vpn", "mail"};
static const char *const az_name[NAZ] = {"us-east-1a", "us-east-1b",
    "us-east-1c"};
static const char *const az_id[NAZ] = {"use1-az1", "use1-az2", "use1-az4"};
static const char *const envs[] = {"prod", "staging", "dev", "shared", "data",
    "edge", "qa", "sandbox"};
static const char *const apps[] = {"payments", "orders", "search", "identity",
    "ledger", "catalog", "billing", "analytics", "gateway", "inventory",
    "notify", "reports", "media", "auth", "crm", "fraud", "pricing"};
static const char *const descs[] = {"office VPN", "HTTPS from anywhere",
    "HTTP from anywhere", "from app tier", "monitoring", "partner access",
    "peered VPC", "internal services", "admin access", "health checks",
    "legacy rule - do not remove", "ticket NET-1042", "temporary access",
    "from load balancers", "replication"};
#define NDESCS ((int)(sizeof descs / sizeof descs[0]))

/* Layout of the 20 subnets of every VPC: role, NACL kind, route table. */
static const struct {
	int role, acl, rtb;
} plan[SUB_PER_VPC] = {
    {SUB_PUBLIC, ACL_PUBLIC, 1},
    {SUB_PUBLIC, ACL_PUBLIC, 2},
    {SUB_PUBLIC, ACL_PUBLIC, 1},
    {SUB_PUBLIC, ACL_DEFAULT, 2},
    {SUB_PUBLIC, ACL_STRICT, 1},
    {SUB_PUBLIC, ACL_STRICT, 2},
    {SUB_PRIVATE, ACL_DEFAULT, 0},
    {SUB_PRIVATE, ACL_DEFAULT, 0},
    {SUB_PRIVATE, ACL_DEFAULT, 3},
    {SUB_PRIVATE, ACL_DEFAULT, 4},
    {SUB_PRIVATE, ACL_STRICT, 5},
    {SUB_PRIVATE, ACL_STRICT, 3},
    {SUB_DATA, ACL_DATA, 6},
    {SUB_DATA, ACL_DATA, 6},
    {SUB_DATA, ACL_DATA, 7},
    {SUB_DATA, ACL_DATA, 7},
    {SUB_DATA, ACL_DATA, 6},
    {SUB_DATA, ACL_STRICT, 7},
    {SUB_DATA, ACL_DEFAULT, 8},
    {SUB_DATA, ACL_DEFAULT, 9},
};

struct vpc {
	char id[IDLEN], assoc[IDLEN], v6assoc[IDLEN], dopt[IDLEN];
	char name[64], v6[48], v6pfx[40];
	uint32_t cidr; /* 10.v.0.0/16 */
	bool ipv6;
	int env, app;
	int sub0, sg0, nsg, acl0, rtb0, igw, nat0, nnat;
	int npeer, peer[MAXPEER], pcx[MAXPEER];
	int act0, nact; /* range of act[] */
};

struct subnet {
	char id[IDLEN], aclassoc[IDLEN], rtbassoc[IDLEN], v6assoc[IDLEN];
	char name[96], v6[48];
	uint32_t net;
	int len, vpc, idx, az, role, acl, rtb, used;
	bool igw_route, default_route;
};

struct sgsrc {
	int kind;
	uint32_t net;
	int len, ref, desc;
	char v6[48];
};

struct perm {
	int proto, from, to; /* proto -1, 1, 6, 17; ICMP: type, code */
	int s0, ns;
};

struct sg {
	char id[IDLEN], name[96], desc[96];
	int vpc, role, in0, nin, eg0, neg, nrules;
	bool open_egress; /* has "-1 to 0.0.0.0/0" */
};

struct acl_entry {
	int rule, proto, from, to, len;
	bool egress, allow, v6;
	uint32_t net;
};

struct acl {
	char id[IDLEN];
	int vpc, kind, e0, ne;
};

struct eni {
	char id[IDLEN], attach[IDLEN], alloc[IDLEN], eipassoc[IDLEN];
	char mac[20], v6[80];
	uint32_t ip, pub, sec[2];
	int nsec, subnet, vpc, inst, dev, nat, ng, g[MAXG];
	bool eip, sdcheck, restricted;
	int64_t attach_time;
};

struct inst {
	char id[IDLEN], ami[IDLEN], vol[IDLEN], name[96], token[40];
	int eni[2], neni, type, res;
	bool windows, running;
	int64_t launch;
};

struct rsv {
	char id[IDLEN];
	int i0, ni;
};

struct nat {
	char id[IDLEN], alloc[IDLEN], assoc[IDLEN];
	int vpc, subnet, eni;
	int64_t created;
};

struct pcx {
	char id[IDLEN];
	int a, b;
};

struct igw {
	char id[IDLEN];
	int vpc;
	int64_t created;
};

struct pl {
	char id[IDLEN], name[48];
	int kind, max, e0, ne;
	bool v6;
};

struct pl_entry {
	uint32_t net;
	int len;
	char v6[64], desc[80];
};

struct route {
	int dkind; /* 0: IPv4 CIDR, 1: IPv6 CIDR, 2: prefix list */
	uint32_t net;
	int len, v6vpc, pl; /* v6vpc: the VPC's block, or -1 for ::/0 */
	int tkind, target;
	bool blackhole;
};

struct rtb {
	char id[IDLEN], main_assoc[IDLEN];
	int vpc, k, r0, nr;
};

static char owner[16], nat_requester[16];
static struct vpc *vpcs;
static struct subnet *subnets;
static struct sg *sgs;
static struct perm *perms;
static struct sgsrc *srcs;
static struct acl *acls;
static struct acl_entry *aents;
static struct eni *enis;
static struct inst *insts;
static struct rsv *rsvs;
static struct nat *nats;
static struct pcx *pcxs;
static struct igw *igws;
static struct pl *pls;
static struct pl_entry *plents;
static struct route *routes;
static struct rtb *rtbs;
static int nvpc, nsubnet, nsg, nperm, nsrc, nacl, naent, neni, ninst, nrsv;
static int nnat, npcx, npl, nplent, nroute, nrtb, nigw;
static int maxperm, maxsrc, maxroute;
static int pl_of[PL__COUNT]; /* prefix list index by kind, or -1 */
static uint32_t office[4], partner[8], bad[8];

/* Private address -> ENI (primary and secondary addresses). */
static uint32_t *ipkey;
static int *ipval;
static size_t ipmask;

static size_t
iphash(uint32_t ip)
{
	return (size_t)(ip * 2654435761u) & ipmask;
}

static int
eni_find(uint32_t ip)
{
	size_t i = iphash(ip);

	while (ipkey[i] != 0) {
		if (ipkey[i] == ip)
			return ipval[i];
		i = (i + 1) & ipmask;
	}
	return -1;
}

static void
eni_index(uint32_t ip, int e)
{
	size_t i = iphash(ip);

	while (ipkey[i] != 0)
		i = (i + 1) & ipmask;
	ipkey[i] = ip;
	ipval[i] = e;
}

static bool
eni_has_group(int e, int g)
{
	int i;

	for (i = 0; i < enis[e].ng; i++)
		if (enis[e].g[i] == g)
			return true;
	return false;
}

static bool
pl_contains(int p, uint32_t ip)
{
	int i;

	if (pls[p].v6)
		return false;
	for (i = 0; i < pls[p].ne; i++)
		if (in_cidr(ip, plents[pls[p].e0 + i].net,
			plents[pls[p].e0 + i].len))
			return true;
	return false;
}

/* ---- building the snapshot ---- */

/* A random public IPv4 address outside RFC 1918/6598 and special ranges. */
static uint32_t
random_public(struct rng *r, bool aws)
{
	static const int awsnet[] = {3, 18, 34, 35, 44, 52, 54};
	static const int other[] = {2, 5, 24, 31, 37, 41, 45, 46, 62, 64, 66,
	    71, 73, 77, 78, 81, 82, 85, 86, 88, 89, 90, 91, 92, 93, 94, 95, 98,
	    102, 103, 104, 105, 109, 113, 115, 117, 121, 122, 124, 138, 141,
	    145, 151, 154, 156, 160, 163, 171, 176, 177, 178, 179, 181, 185,
	    186, 187, 188, 189, 190, 193, 194, 195, 196, 197, 200, 201, 202,
	    212, 213, 217, 220, 221};
	uint32_t a;

	if (aws)
		a = (uint32_t)awsnet[rng_below(r, 7)];
	else
		a = (uint32_t)other[rng_below(r,
		    (uint32_t)(sizeof other / sizeof other[0]))];
	return a << 24 | (rng_below(r, 1u << 24) & 0xffffffu);
}

static uint32_t
alloc_public(void)
{
	uint32_t ip;

	do
		ip = random_public(&S, true);
	while ((ip & 255u) == 0 || (ip & 255u) == 255u ||
	       !idset_add(UINT64_C(1) << 63 | ip));
	return ip;
}

static uint32_t
alloc_private(struct subnet *sn)
{
	uint32_t size = 1u << (32 - sn->len), ip;

	do
		ip = sn->net + 4u + rng_below(&S, size - 5u);
	while (eni_find(ip) >= 0);
	sn->used++;
	return ip;
}

static void
make_globals(void)
{
	int i;

	snprintf(owner, sizeof owner, "%u%011" PRIu64, 1u + rng_below(&S, 9),
	    rng_next(&S) % UINT64_C(100000000000));
	snprintf(nat_requester, sizeof nat_requester, "%u%011" PRIu64,
	    1u + rng_below(&S, 9), rng_next(&S) % UINT64_C(100000000000));
	for (i = 0; i < 4; i++)
		office[i] = random_public(&S, false) & mask_of(28);
	for (i = 0; i < 8; i++)
		partner[i] = random_public(&S, false) & mask_of(24);
	for (i = 0; i < 8; i++)
		bad[i] = random_public(&S, false) & mask_of(24);
}

static void
make_prefix_lists(void)
{
	static const char *const names[PL__COUNT] = {"corp-offices",
	    "vpc-cidrs", "partner-networks", "monitoring-sources",
	    "vpc-ipv6-cidrs"};
	static const char *const sites[] = {"office nyc", "office london",
	    "office berlin", "office singapore"};
	int k, i;

	for (k = 0; k < PL__COUNT; k++)
		pl_of[k] = -1;
	for (k = 0; k < SC->npl; k++) {
		struct pl *p = &pls[npl];

		pl_of[k] = npl++;
		mkid(p->id, "pl-", &S);
		snprintf(p->name, sizeof p->name, "%s", names[k]);
		p->kind = k;
		p->v6 = k == PL_V6;
		p->e0 = nplent;
		switch (k) {
		case PL_CORP:
			for (i = 0; i < 4; i++) {
				plents[nplent].net = office[i];
				plents[nplent].len = 28;
				snprintf(plents[nplent].desc, 80, "%s",
				    sites[i]);
				nplent++;
			}
			p->max = 10;
			break;
		case PL_VPCS:
			for (i = 0; i < SC->nvpc; i++) {
				plents[nplent].net = 10u << 24 | (uint32_t)i
								     << 16;
				plents[nplent].len = 16;
				snprintf(plents[nplent].desc, 80, "vpc %d", i);
				nplent++;
			}
			p->max = SC->nvpc + 10;
			break;
		case PL_PARTNER:
			for (i = 0; i < 8; i++) {
				plents[nplent].net = partner[i];
				plents[nplent].len = 24;
				snprintf(plents[nplent].desc, 80, "partner %c",
				    'a' + i);
				nplent++;
			}
			p->max = 20;
			break;
		case PL_MON:
			for (i = 0; i < 3 && i < SC->nvpc; i++) {
				plents[nplent].net = 10u << 24 | (uint32_t)i
								     << 16;
				plents[nplent].len = 20;
				snprintf(plents[nplent].desc, 80,
				    "prometheus vpc %d", i);
				nplent++;
			}
			p->max = 10;
			break;
		default:
			/* Filled with the IPv6 VPC blocks in make_vpcs(). */
			p->max = 25;
			break;
		}
		p->ne = nplent - p->e0;
	}
}

static void
make_vpcs(void)
{
	int v, i;

	for (v = 0; v < SC->nvpc; v++) {
		struct vpc *vp = &vpcs[nvpc++];

		mkid(vp->id, "vpc-", &S);
		mkid(vp->assoc, "vpc-cidr-assoc-", &S);
		mkid(vp->dopt, "dopt-", &S);
		vp->cidr = 10u << 24 | (uint32_t)v << 16;
		vp->env = (int)rng_below(&S, 8);
		vp->app = (int)rng_below(&S,
		    (uint32_t)(sizeof apps / sizeof apps[0]));
		snprintf(vp->name, sizeof vp->name, "%s-%s-%02d", envs[vp->env],
		    apps[vp->app], v);
		vp->ipv6 = SC->nvpc < 10 ? v == 1 : v % 10 == 3;
		if (vp->ipv6) {
			unsigned hi = (unsigned)rng_below(&S, 0x10000);
			unsigned lo = (unsigned)rng_below(&S, 0x100);

			mkid(vp->v6assoc, "vpc-cidr-assoc-", &S);
			snprintf(vp->v6pfx, sizeof vp->v6pfx, "2600:1f18:%x:%x",
			    hi, lo);
			snprintf(vp->v6, sizeof vp->v6, "%s00::/56", vp->v6pfx);
			if (pl_of[PL_V6] >= 0) {
				struct pl *p = &pls[pl_of[PL_V6]];

				/* The IPv6 list is the last one built. */
				snprintf(plents[nplent].v6, 64, "%s", vp->v6);
				snprintf(plents[nplent].desc, 80, "%s",
				    vp->name);
				nplent++;
				p->ne++;
			}
		}
		vp->npeer = 0;
		for (i = 0; i < MAXPEER; i++)
			vp->peer[i] = vp->pcx[i] = -1;
	}
}

static void
make_subnets(void)
{
	int v, i;

	for (v = 0; v < nvpc; v++) {
		struct vpc *vp = &vpcs[v];

		vp->sub0 = nsubnet;
		for (i = 0; i < SUB_PER_VPC; i++) {
			struct subnet *sn = &subnets[nsubnet++];

			mkid(sn->id, "subnet-", &S);
			sn->vpc = v;
			sn->idx = i;
			sn->az = i % NAZ;
			sn->role = plan[i].role;
			sn->len = i < 12 ? 20 : 24;
			sn->net =
			    vp->cidr | (i < 12 ? (uint32_t)i * 16u << 8
					       : (uint32_t)(192 + i - 12) << 8);
			snprintf(sn->name, sizeof sn->name, "%s-%s-%s",
			    vp->name,
			    sn->role == SUB_PUBLIC    ? "public"
			    : sn->role == SUB_PRIVATE ? "private"
						      : "data",
			    az_name[sn->az] + 8);
			if (vp->ipv6) {
				mkid(sn->v6assoc, "subnet-cidr-assoc-", &S);
				snprintf(sn->v6, sizeof sn->v6, "%s%02x::/64",
				    vp->v6pfx, (unsigned)i);
			}
		}
	}
}

/* ---- security groups ---- */

struct rrule {
	bool egress;
	int proto, from, to;
	struct sgsrc src;
};

static struct rrule rr[MAXRR];
static int nrr;

static struct sgsrc
src_v4(uint32_t net, int len, int desc)
{
	struct sgsrc s;

	memset(&s, 0, sizeof s);
	s.kind = SRC_V4;
	s.net = net & mask_of(len);
	s.len = len;
	s.ref = -1;
	s.desc = desc;
	return s;
}

static struct sgsrc
src_v6(const char *cidr, int desc)
{
	struct sgsrc s;

	memset(&s, 0, sizeof s);
	s.kind = SRC_V6;
	s.ref = -1;
	s.desc = desc;
	snprintf(s.v6, sizeof s.v6, "%s", cidr);
	return s;
}

static struct sgsrc
src_pl(int p, int desc)
{
	struct sgsrc s;

	memset(&s, 0, sizeof s);
	s.kind = SRC_PL;
	s.ref = p;
	s.desc = desc;
	return s;
}

static struct sgsrc
src_sg(int g, int desc)
{
	struct sgsrc s;

	memset(&s, 0, sizeof s);
	s.kind = SRC_SG;
	s.ref = g;
	s.desc = desc;
	return s;
}

static bool
src_equal(const struct sgsrc *a, const struct sgsrc *b)
{
	return a->kind == b->kind && a->net == b->net && a->len == b->len &&
	       a->ref == b->ref && strcmp(a->v6, b->v6) == 0;
}

static void
rr_add(bool egress, int proto, int from, int to, struct sgsrc src)
{
	int i;

	if (proto == -1)
		from = to = 0;
	for (i = 0; i < nrr; i++)
		if (rr[i].egress == egress && rr[i].proto == proto &&
		    rr[i].from == from && rr[i].to == to &&
		    src_equal(&rr[i].src, &src))
			return;
	if (nrr == MAXRR)
		return;
	rr[nrr].egress = egress;
	rr[nrr].proto = proto;
	rr[nrr].from = from;
	rr[nrr].to = to;
	rr[nrr].src = src;
	nrr++;
}

static void
rr_tcp(int port, struct sgsrc src)
{
	rr_add(false, 6, port, port, src);
}

static int
desc_maybe(void)
{
	return rng_pm(&S, 400) ? (int)rng_below(&S, NDESCS) : -1;
}

/* A group of the given role in the VPC (every VPC has one of each). */
static int
group_of_role(int v, int role)
{
	const struct vpc *vp = &vpcs[v];
	int cand[64], n = 0, i;

	for (i = 0; i < vp->nsg && n < 64; i++)
		if (sgs[vp->sg0 + i].role == role)
			cand[n++] = vp->sg0 + i;
	if (n == 0)
		return vp->sg0;
	return cand[rng_below(&S, (uint32_t)n)];
}

static uint32_t
peer_cidr(int v)
{
	const struct vpc *vp = &vpcs[v];

	if (vp->npeer == 0)
		return vp->cidr;
	return vpcs[vp->peer[rng_below(&S, (uint32_t)vp->npeer)]].cidr;
}

static const int svc_tcp[] = {22, 80, 443, 1433, 2049, 2379, 3000, 3306, 3389,
    4000, 5000, 5432, 5439, 5672, 5984, 6379, 7000, 8000, 8080, 8081, 8443,
    8500, 8888, 9000, 9042, 9090, 9092, 9100, 9200, 9300, 9418, 11211, 15672,
    27017};
#define NSVC_TCP ((int)(sizeof svc_tcp / sizeof svc_tcp[0]))
static const int svc_udp[] = {53, 69, 123, 161, 500, 514, 1194, 1812, 4500,
    4789, 5353, 8125};
#define NSVC_UDP ((int)(sizeof svc_udp / sizeof svc_udp[0]))

/* An internal source for a filler rule. */
static struct sgsrc
src_internal(int v)
{
	const struct vpc *vp = &vpcs[v];
	uint32_t x = rng_below(&S, 100);

	if (x < 35)
		return src_v4(vp->cidr, 16, desc_maybe());
	if (x < 55)
		return src_v4(10u << 24, 8, desc_maybe());
	if (x < 80)
		return src_v4(peer_cidr(v), 16, 6);
	return src_v4(subnets[vp->sub0 + (int)rng_below(&S, SUB_PER_VPC)].net,
	    subnets[vp->sub0].len, desc_maybe());
}

static void
sg_core_rules(int g)
{
	struct sg *s = &sgs[g];
	const struct vpc *vp = &vpcs[s->vpc];
	int v = s->vpc;
	struct sgsrc any = src_v4(0, 0, -1), vpcsrc = src_v4(vp->cidr, 16, -1);
	struct sgsrc all10 = src_v4(10u << 24, 8, 7);
	struct sgsrc corp = pl_of[PL_CORP] >= 0 ? src_pl(pl_of[PL_CORP], 0)
						: src_v4(office[0], 28, 0);

	switch (s->role) {
	case ROLE_DEFAULT:
		rr_add(false, -1, 0, 0, src_sg(g, -1));
		break;
	case ROLE_WEB:
		rr_tcp(80, src_v4(0, 0, 2));
		rr_tcp(443, src_v4(0, 0, 1));
		if (vp->ipv6) {
			rr_tcp(80, src_v6("::/0", -1));
			rr_tcp(443, src_v6("::/0", -1));
		}
		rr_tcp(22, corp);
		break;
	case ROLE_LB:
		rr_tcp(443, any);
		rr_tcp(80, any);
		if (pl_of[PL_PARTNER] >= 0)
			rr_tcp(8443, src_pl(pl_of[PL_PARTNER], 5));
		break;
	case ROLE_APP:
		rr_add(false, 6, 8080, 8089,
		    src_sg(group_of_role(v, ROLE_WEB), 13));
		rr_add(false, 6, 8080, 8089,
		    src_sg(group_of_role(v, ROLE_LB), 13));
		rr_tcp(8443, vpcsrc);
		rr_tcp(22, src_sg(group_of_role(v, ROLE_BASTION), 8));
		break;
	case ROLE_DB:
		rr_tcp(5432, src_sg(group_of_role(v, ROLE_APP), 3));
		rr_tcp(3306, src_sg(group_of_role(v, ROLE_APP), 3));
		rr_tcp(5432, vpcsrc);
		rr_tcp(5432, src_v4(peer_cidr(v), 16, 14));
		break;
	case ROLE_WIN:
		rr_tcp(3389, src_v4(office[0], 28, 0));
		rr_tcp(3389, corp);
		rr_tcp(445, all10);
		rr_add(false, 6, 5985, 5986, vpcsrc);
		rr_add(false, 1, 8, -1, all10);
		break;
	case ROLE_BASTION:
		rr_tcp(22, src_v4(office[0], 28, 0));
		rr_tcp(22, src_v4(office[1], 28, 0));
		rr_tcp(22, corp);
		rr_add(false, 1, -1, -1, all10);
		break;
	case ROLE_CACHE:
		rr_tcp(6379, src_sg(group_of_role(v, ROLE_APP), 3));
		rr_tcp(6379, vpcsrc);
		rr_tcp(11211, vpcsrc);
		break;
	case ROLE_SEARCH:
		rr_add(false, 6, 9200, 9300, vpcsrc);
		rr_tcp(9200, src_sg(group_of_role(v, ROLE_APP), 3));
		rr_tcp(5601, src_v4(office[2], 28, 0));
		break;
	case ROLE_KAFKA:
		rr_add(false, 6, 9092, 9094, all10);
		rr_tcp(2181, vpcsrc);
		rr_tcp(9092, src_sg(group_of_role(v, ROLE_APP), 3));
		break;
	case ROLE_DNS:
		rr_add(false, 17, 53, 53, all10);
		rr_tcp(53, all10);
		break;
	case ROLE_LDAP:
		rr_tcp(389, all10);
		rr_tcp(636, all10);
		rr_add(false, 17, 389, 389, vpcsrc);
		break;
	case ROLE_MON:
		if (pl_of[PL_MON] >= 0)
			rr_tcp(9100, src_pl(pl_of[PL_MON], 4));
		else
			rr_tcp(9100, all10);
		rr_add(false, 1, -1, -1, all10);
		rr_add(false, 17, 161, 161, vpcsrc);
		rr_tcp(9090, src_v4(office[3], 28, 0));
		break;
	case ROLE_VPN:
		rr_add(false, 17, 500, 500, any);
		rr_add(false, 17, 4500, 4500, any);
		rr_add(false, 17, 1194, 1194, any);
		rr_tcp(443, any);
		break;
	default: /* ROLE_MAIL */
		rr_tcp(25, any);
		rr_tcp(587, any);
		rr_tcp(993, any);
		break;
	}
}

static void
sg_egress_rules(int g)
{
	struct sg *s = &sgs[g];
	const struct vpc *vp = &vpcs[s->vpc];

	if (s->role == ROLE_DEFAULT || !rng_pm(&S, 350)) {
		rr_add(true, -1, 0, 0, src_v4(0, 0, -1));
		if (vp->ipv6)
			rr_add(true, -1, 0, 0, src_v6("::/0", -1));
		s->open_egress = true;
		return;
	}
	rr_add(true, 6, 443, 443, src_v4(0, 0, -1));
	rr_add(true, 6, 80, 80, src_v4(0, 0, -1));
	rr_add(true, 17, 53, 53, src_v4(vp->cidr, 16, -1));
	rr_add(true, 17, 123, 123, src_v4(0, 0, -1));
	rr_add(true, 6, 5432, 5432, src_sg(group_of_role(s->vpc, ROLE_DB), -1));
	rr_add(true, 6, 3306, 3306, src_v4(10u << 24, 8, -1));
	rr_add(true, 6, 8080, 8089, src_v4(10u << 24, 8, -1));
	if (rng_pm(&S, 500))
		rr_add(true, 1, -1, -1, src_v4(10u << 24, 8, -1));
	if (rng_pm(&S, 300) && pl_of[PL_PARTNER] >= 0)
		rr_add(true, 6, 443, 443, src_pl(pl_of[PL_PARTNER], 5));
	if (rng_pm(&S, 300))
		rr_add(true, 6, 6379, 6379, src_v4(vp->cidr, 16, -1));
}

static void
sg_filler_rule(int g)
{
	struct sg *s = &sgs[g];
	const struct vpc *vp = &vpcs[s->vpc];
	int v = s->vpc;
	uint32_t x = rng_below(&S, 100);
	int port = svc_tcp[rng_below(&S, NSVC_TCP)];

	if (x < 39) {
		rr_tcp(port, src_internal(v));
	} else if (x < 48) {
		static const int ranges[][2] = {{8000, 8099}, {30000, 32767},
		    {10000, 10100}, {7000, 7001}, {2049, 2050}, {6000, 6010}};
		int k = (int)rng_below(&S, 6);

		rr_add(false, 6, ranges[k][0], ranges[k][1], src_internal(v));
	} else if (x < 60) {
		int up = svc_udp[rng_below(&S, NSVC_UDP)];

		rr_add(false, 17, up, up, src_internal(v));
	} else if (x < 68) {
		static const int icmp[][2] = {{8, -1}, {0, -1}, {3, 4},
		    {-1, -1}, {11, 0}};
		int k = (int)rng_below(&S, 5);

		rr_add(false, 1, icmp[k][0], icmp[k][1], src_internal(v));
	} else if (x < 73) {
		int other = vp->sg0 + (int)rng_below(&S, (uint32_t)vp->nsg);

		if (rng_pm(&S, 150))
			rr_add(false, -1, 0, 0, src_sg(other, desc_maybe()));
		else
			rr_tcp(port, src_sg(other, desc_maybe()));
	} else if (x < 82) {
		int k = (int)rng_below(&S, (uint32_t)npl);

		if (pls[k].v6 && !vp->ipv6)
			k = 0;
		rr_tcp(port, src_pl(k, desc_maybe()));
	} else if (x < 91) {
		static const int adm[] = {22, 443, 8443, 3389};
		uint32_t net = rng_pm(&S, 500) ? office[rng_below(&S, 4)]
					       : partner[rng_below(&S, 8)];

		rr_tcp(adm[rng_below(&S, 4)],
		    src_v4(net, rng_pm(&S, 500) ? 28 : 32, desc_maybe()));
	} else if (x < 96) {
		if (vp->ipv6)
			rr_tcp(443, src_v6(rng_pm(&S, 500) ? "::/0" : vp->v6,
					desc_maybe()));
		else
			rr_tcp(443, src_v4(partner[rng_below(&S, 8)], 24, 5));
	} else {
		rr_add(false, -1, 0, 0, src_v4(peer_cidr(v), 16, 6));
	}
}

/* Group the flat rule list into IpPermissions and store them. */
static void
sg_commit(int g)
{
	struct sg *s = &sgs[g];
	bool used[MAXRR];
	int dir, i, j, k;

	memset(used, 0, sizeof used);
	for (dir = 0; dir < 2; dir++) {
		int p0 = nperm;

		for (i = 0; i < nrr; i++) {
			struct perm *p;

			if (used[i] || rr[i].egress != (dir == 1))
				continue;
			if (nperm == maxperm)
				die("too many permissions", NULL);
			p = &perms[nperm++];
			p->proto = rr[i].proto;
			p->from = rr[i].from;
			p->to = rr[i].to;
			p->s0 = nsrc;
			for (k = SRC_V4; k <= SRC_SG; k++)
				for (j = i; j < nrr; j++) {
					if (used[j] ||
					    rr[j].egress != rr[i].egress ||
					    rr[j].proto != rr[i].proto ||
					    rr[j].from != rr[i].from ||
					    rr[j].to != rr[i].to ||
					    rr[j].src.kind != k)
						continue;
					if (nsrc == maxsrc)
						die("too many sources", NULL);
					srcs[nsrc++] = rr[j].src;
					used[j] = true;
				}
			p->ns = nsrc - p->s0;
		}
		if (dir == 0) {
			s->in0 = p0;
			s->nin = nperm - p0;
		} else {
			s->eg0 = p0;
			s->neg = nperm - p0;
		}
	}
	s->nrules = nrr;
}

static void
make_sgs(void)
{
	static const int extra_roles[] = {ROLE_APP, ROLE_APP, ROLE_APP,
	    ROLE_WEB, ROLE_WEB, ROLE_DB, ROLE_DB, ROLE_CACHE, ROLE_WIN,
	    ROLE_MON, ROLE_SEARCH, ROLE_LB, ROLE_KAFKA, ROLE_BASTION};
	int v, k;

	for (v = 0; v < nvpc; v++) {
		struct vpc *vp = &vpcs[v];

		vp->sg0 = nsg;
		vp->nsg = SC->sg_per_vpc;
		for (k = 0; k < vp->nsg; k++) {
			struct sg *s = &sgs[nsg++];

			mkid(s->id, "sg-", &S);
			s->vpc = v;
			s->role = k < ROLE__COUNT
				      ? k
				      : extra_roles[rng_below(&S,
					    (uint32_t)(sizeof extra_roles /
						       sizeof extra_roles[0]))];
			if (s->role == ROLE_DEFAULT) {
				snprintf(s->name, sizeof s->name, "default");
				snprintf(s->desc, sizeof s->desc,
				    "default VPC security group");
			} else {
				snprintf(s->name, sizeof s->name,
				    "%s-%s-%s-%02d", envs[vp->env],
				    apps[vp->app], role_name[s->role], k);
				snprintf(s->desc, sizeof s->desc,
				    "%s tier of %s (%s), managed by terraform",
				    role_name[s->role], apps[vp->app],
				    envs[vp->env]);
			}
		}
		for (k = 0; k < vp->nsg; k++) {
			int g = vp->sg0 + k, target;

			nrr = 0;
			sg_core_rules(g);
			sg_egress_rules(g);
			if (sgs[g].role != ROLE_DEFAULT) {
				target = rng_range(&S, 12, 30);
				while (nrr < target && nrr < MAXRR)
					sg_filler_rule(g);
			}
			sg_commit(g);
		}
	}
}

/* ---- network ACLs ---- */

static void
ae(int a, bool egress, int rule, bool allow, int proto, uint32_t net, int len,
    int from, int to)
{
	struct acl *n = &acls[a];
	struct acl_entry *e;
	int i;

	for (i = 0; i < n->ne; i++)
		if (aents[n->e0 + i].egress == egress &&
		    aents[n->e0 + i].rule == rule)
			die("duplicate NACL rule number", n->id);
	e = &aents[naent++];
	n->ne++;
	memset(e, 0, sizeof *e);
	e->rule = rule;
	e->egress = egress;
	e->allow = allow;
	e->proto = proto;
	e->net = net & mask_of(len);
	e->len = len;
	e->from = from;
	e->to = to;
}

static void
ae6(int a, bool egress, int rule, bool allow)
{
	ae(a, egress, rule, allow, -1, 0, 0, 0, 0);
	aents[naent - 1].v6 = true;
}

/* Entries in one direction, the reserved 32767/32768 ones included. */
static int
acl_count(int a, bool egress)
{
	int i, n = 0;

	for (i = 0; i < acls[a].ne; i++)
		if (aents[acls[a].e0 + i].egress == egress)
			n++;
	return n;
}

static bool
acl_has(int a, bool egress, int rule)
{
	int i;

	for (i = 0; i < acls[a].ne; i++)
		if (aents[acls[a].e0 + i].egress == egress &&
		    aents[acls[a].e0 + i].rule == rule)
			return true;
	return false;
}

/*
 * Specific rules after the designed ones, up to `want` entries in the
 * direction (the reserved entries, added later, counted in `reserved`).
 */
static void
acl_fill(int a, bool egress, int want, int reserved)
{
	int v = acls[a].vpc, rule = 300;

	if (acl_count(a, egress) + reserved > want)
		die("too many designed NACL rules in", acls[a].id);
	while (acl_count(a, egress) + reserved < want) {
		uint32_t x = rng_below(&S, 100);

		rule += 10;
		if (acl_has(a, egress, rule) || rule == 500)
			continue;
		if (x < 40) {
			int port = svc_tcp[rng_below(&S, NSVC_TCP)];

			ae(a, egress, rule, true, 6, peer_cidr(v), 16, port,
			    port);
		} else if (x < 65)
			ae(a, egress, rule, true, 6,
			    rng_pm(&S, 500) ? office[rng_below(&S, 4)]
					    : partner[rng_below(&S, 8)],
			    rng_pm(&S, 500) ? 28 : 24, 443, 443);
		else if (x < 85)
			ae(a, egress, rule, true, 17, vpcs[v].cidr, 16, 514,
			    514);
		else
			ae(a, egress, rule, false, 6, bad[rng_below(&S, 8)], 24,
			    0, 65535);
	}
}

static int
cmp_aent(const void *a, const void *b)
{
	const struct acl_entry *x = a, *y = b;

	if (x->egress != y->egress)
		return x->egress ? 1 : -1;
	return (x->rule > y->rule) - (x->rule < y->rule);
}

static void
make_acl(int v, int kind)
{
	const struct vpc *vp = &vpcs[v];
	int a = nacl++, i;
	uint32_t all10 = 10u << 24, any = 0;
	int reserved = vp->ipv6 ? 2 : 1;

	mkid(acls[a].id, "acl-", &S);
	acls[a].vpc = v;
	acls[a].kind = kind;
	acls[a].e0 = naent;
	switch (kind) {
	case ACL_DEFAULT:
		for (i = 0; i < 4; i++)
			ae(a, false, 10 + i, false, -1, bad[i], 24, 0, 0);
		ae(a, false, 85, true, 6, all10, 8, 445, 445);
		ae(a, false, 90, false, 6, any, 0, 23, 23);
		ae(a, false, 91, false, 6, any, 0, 445, 445);
		ae(a, false, 100, true, -1, any, 0, 0, 0);
		for (i = 0; i < 2; i++)
			ae(a, true, 10 + i, false, -1, bad[i], 24, 0, 0);
		ae(a, true, 100, true, -1, any, 0, 0, 0);
		if (vp->ipv6) {
			ae6(a, false, 101, true);
			ae6(a, true, 101, true);
		}
		break;
	case ACL_PUBLIC:
		for (i = 0; i < 4; i++)
			ae(a, false, 10 + i, false, -1, bad[i], 24, 0, 0);
		ae(a, false, 80, true, 6, office[0], 28, 3389, 3389);
		ae(a, false, 81, true, 6, office[1], 28, 3389, 3389);
		ae(a, false, 85, true, 6, all10, 8, 445, 445);
		ae(a, false, 90, false, 6, any, 0, 23, 23);
		ae(a, false, 91, false, 6, any, 0, 445, 445);
		ae(a, false, 92, false, 6, any, 0, 1433, 1433);
		ae(a, false, 93, false, 6, any, 0, 3389, 3389);
		ae(a, false, 100, true, 6, any, 0, 80, 80);
		ae(a, false, 110, true, 6, any, 0, 443, 443);
		ae(a, false, 120, true, 6, any, 0, 22, 22);
		ae(a, false, 140, true, -1, all10, 8, 0, 0);
		ae(a, false, 150, true, 6, any, 0, 1024, 65535);
		ae(a, false, 160, true, 17, any, 0, 1024, 65535);
		ae(a, false, 170, true, 1, any, 0, -1, -1);
		if (!vp->ipv6)
			ae(a, false, 180, true, 6, any, 0, 25, 25);
		for (i = 0; i < 4; i++)
			ae(a, true, 10 + i, false, -1, bad[i], 24, 0, 0);
		ae(a, true, 100, true, -1, all10, 8, 0, 0);
		ae(a, true, 110, true, 6, any, 0, 80, 80);
		ae(a, true, 120, true, 6, any, 0, 443, 443);
		ae(a, true, 130, true, 6, any, 0, 1024, 65535);
		ae(a, true, 140, true, 17, any, 0, 1024, 65535);
		ae(a, true, 150, true, 17, any, 0, 53, 53);
		ae(a, true, 160, true, 17, any, 0, 123, 123);
		ae(a, true, 170, true, 1, any, 0, -1, -1);
		ae(a, true, 180, true, 6, any, 0, 22, 22);
		ae(a, true, 190, true, 6, any, 0, 25, 25);
		ae(a, true, 200, true, 6, any, 0, 587, 587);
		break;
	case ACL_STRICT:
		for (i = 0; i < 4; i++)
			ae(a, false, 10 + i, false, -1, bad[i], 24, 0, 0);
		ae(a, false, 90, false, 6, any, 0, 23, 23);
		ae(a, false, 100, true, 6, any, 0, 80, 80);
		ae(a, false, 110, true, 6, any, 0, 443, 443);
		ae(a, false, 120, true, 6, office[0], 28, 22, 22);
		ae(a, false, 121, true, 6, office[1], 28, 22, 22);
		ae(a, false, 125, true, 6, office[0], 28, 3389, 3389);
		ae(a, false, 126, true, 6, office[1], 28, 3389, 3389);
		ae(a, false, 130, true, -1, all10, 8, 0, 0);
		ae(a, false, 140, true, 6, any, 0, 1024, 65535);
		ae(a, false, 150, true, 17, any, 0, 1024, 65535);
		ae(a, false, 160, true, 1, any, 0, 3, 4);
		/* Outbound: return traffic only to Linux ephemeral ports. */
		for (i = 0; i < 8; i++)
			ae(a, true, 10 + i, false, -1, bad[i], 24, 0, 0);
		ae(a, true, 100, true, 6, any, 0, 32768, 60999);
		ae(a, true, 110, true, 17, any, 0, 32768, 60999);
		ae(a, true, 120, true, 6, any, 0, 443, 443);
		ae(a, true, 130, true, 6, any, 0, 80, 80);
		ae(a, true, 140, true, 17, all10, 8, 53, 53);
		ae(a, true, 150, true, 17, any, 0, 123, 123);
		ae(a, true, 160, true, 6, all10, 8, 5432, 5432);
		ae(a, true, 170, true, 6, all10, 8, 3306, 3306);
		ae(a, true, 180, true, 1, all10, 8, -1, -1);
		ae(a, true, 190, true, 6, all10, 8, 8080, 8089);
		if (!vp->ipv6)
			ae(a, true, 200, true, 6, all10, 8, 6379, 6379);
		break;
	default: /* ACL_DATA */
		for (i = 0; i < 2; i++)
			ae(a, false, 10 + i, false, -1, bad[i], 24, 0, 0);
		ae(a, false, 90, false, 6, any, 0, 23, 23);
		ae(a, false, 100, true, 6, vp->cidr, 16, 5432, 5432);
		ae(a, false, 110, true, 6, vp->cidr, 16, 3306, 3306);
		ae(a, false, 120, true, 6, all10, 8, 6379, 6379);
		ae(a, false, 130, true, 6, all10, 8, 9200, 9300);
		ae(a, false, 140, true, 6, all10, 8, 1024, 65535);
		ae(a, false, 150, true, 17, all10, 8, 1024, 65535);
		ae(a, false, 160, true, 1, all10, 8, -1, -1);
		ae(a, false, 170, true, 6, vp->cidr, 16, 22, 22);
		ae(a, false, 180, true, 6, peer_cidr(v), 16, 5432, 5432);
		ae(a, false, 190, true, 6, vp->cidr, 16, 27017, 27017);
		ae(a, false, 200, true, 17, vp->cidr, 16, 53, 53);
		ae(a, false, 210, true, 6, all10, 8, 11211, 11211);
		ae(a, false, 500, false, -1, any, 0, 0, 0);
		ae(a, true, 100, true, -1, all10, 8, 0, 0);
		ae(a, true, 110, true, 6, any, 0, 443, 443);
		ae(a, true, 120, true, 6, any, 0, 80, 80);
		ae(a, true, 130, true, 17, any, 0, 123, 123);
		break;
	}
	acl_fill(a, false, ACL_ENTRIES, reserved);
	acl_fill(a, true, ACL_ENTRIES, reserved);
	ae(a, false, 32767, false, -1, any, 0, 0, 0);
	ae(a, true, 32767, false, -1, any, 0, 0, 0);
	if (vp->ipv6) {
		ae6(a, false, 32768, false);
		ae6(a, true, 32768, false);
	}
	qsort(&aents[acls[a].e0], (size_t)acls[a].ne, sizeof aents[0],
	    cmp_aent);
}

static void
make_acls(void)
{
	int v, k, i;

	for (v = 0; v < nvpc; v++) {
		vpcs[v].acl0 = nacl;
		for (k = 0; k < ACL_PER_VPC; k++)
			make_acl(v, k);
		for (i = 0; i < SUB_PER_VPC; i++) {
			struct subnet *sn = &subnets[vpcs[v].sub0 + i];

			sn->acl = vpcs[v].acl0 + plan[i].acl;
			mkid(sn->aclassoc, "aclassoc-", &S);
		}
	}
}

/* ---- instances and network interfaces ---- */

static const struct {
	const char *name;
	int cores, threads;
} itypes[] = {
    {"t3.micro", 1, 2},
    {"t3.medium", 1, 2},
    {"m5.large", 1, 2},
    {"m5.xlarge", 2, 2},
    {"c5.2xlarge", 4, 2},
    {"r5.large", 1, 2},
    {"m6i.large", 1, 2},
    {"t3a.small", 1, 2},
};
#define NITYPES ((int)(sizeof itypes / sizeof itypes[0]))

static int
pick_subnet(int v)
{
	static const int w[SUB_PER_VPC] = {6, 6, 6, 6, 6, 6, 10, 10, 10, 10, 10,
	    10, 3, 3, 3, 3, 3, 3, 3, 3};

	return vpcs[v].sub0 + rng_weighted(&S, w, SUB_PER_VPC);
}

static void
add_group(struct eni *e, int g)
{
	int i;

	for (i = 0; i < e->ng; i++)
		if (e->g[i] == g)
			return;
	if (e->ng < MAXG)
		e->g[e->ng++] = g;
}

static int
primary_role(const struct subnet *sn, bool windows)
{
	static const int pub[] = {ROLE_WEB, ROLE_WEB, ROLE_WEB, ROLE_WEB,
	    ROLE_LB, ROLE_LB, ROLE_BASTION, ROLE_VPN, ROLE_MAIL, ROLE_APP};
	static const int priv[] = {ROLE_APP, ROLE_APP, ROLE_APP, ROLE_APP,
	    ROLE_CACHE, ROLE_SEARCH, ROLE_KAFKA, ROLE_DNS, ROLE_LDAP, ROLE_MON,
	    ROLE_WEB};
	static const int data[] = {ROLE_DB, ROLE_DB, ROLE_DB, ROLE_CACHE,
	    ROLE_SEARCH};

	if (windows && rng_pm(&S, 700))
		return ROLE_WIN;
	if (sn->role == SUB_PUBLIC)
		return pub[rng_below(&S, 10)];
	if (sn->role == SUB_PRIVATE)
		return priv[rng_below(&S, 11)];
	return data[rng_below(&S, 5)];
}

static void
mac_addr(char *buf)
{
	static const unsigned first[] = {0x02, 0x06, 0x0a, 0x0e, 0x12, 0x16};
	uint64_t r = rng_next(&S);

	snprintf(buf, 20, "%02x:%02x:%02x:%02x:%02x:%02x",
	    first[rng_below(&S, 6)], (unsigned)(r & 255),
	    (unsigned)(r >> 8 & 255), (unsigned)(r >> 16 & 255),
	    (unsigned)(r >> 24 & 255), (unsigned)(r >> 32 & 255));
}

static int
new_eni(int subnet, int inst, int dev, bool windows)
{
	struct eni *e = &enis[neni];
	struct subnet *sn = &subnets[subnet];
	const struct vpc *vp = &vpcs[sn->vpc];
	int i, id = neni++;

	if (neni > SC->neni)
		die("ENI budget exceeded", NULL);
	mkid(e->id, "eni-", &S);
	mkid(e->attach, inst >= 0 ? "eni-attach-" : "ela-attach-", &S);
	mac_addr(e->mac);
	e->subnet = subnet;
	e->vpc = sn->vpc;
	e->inst = inst;
	e->dev = dev;
	e->nat = -1;
	e->sdcheck = true;
	e->ip = alloc_private(sn);
	eni_index(e->ip, id);
	if (inst >= 0 && rng_pm(&S, 100)) {
		e->nsec = 1 + (int)rng_below(&S, 2);
		for (i = 0; i < e->nsec; i++) {
			e->sec[i] = alloc_private(sn);
			eni_index(e->sec[i], id);
		}
	}
	if (vp->ipv6 && inst >= 0 && rng_pm(&S, 500))
		snprintf(e->v6, sizeof e->v6, "%s%02x:%x:%x:%x:%x", vp->v6pfx,
		    (unsigned)sn->idx, (unsigned)rng_below(&S, 0x10000),
		    (unsigned)rng_below(&S, 0x10000),
		    (unsigned)rng_below(&S, 0x10000),
		    (unsigned)rng_below(&S, 0x10000));
	if (inst >= 0) {
		add_group(e, group_of_role(sn->vpc, primary_role(sn, windows)));
		if (rng_pm(&S, 350))
			add_group(e, group_of_role(sn->vpc, ROLE_MON));
		if (rng_pm(&S, 200))
			add_group(e, vp->sg0);
		if (rng_pm(&S, 150))
			add_group(e,
			    vp->sg0 + (int)rng_below(&S, (uint32_t)vp->nsg));
		e->restricted = true;
		for (i = 0; i < e->ng; i++)
			if (sgs[e->g[i]].open_egress)
				e->restricted = false;
	}
	return id;
}

static void
make_instances(void)
{
	int v, nat_total = SC->nvpc * SC->nat_per_vpc;
	int budget = SC->neni - nat_total;

	for (v = 0; v < nvpc; v++) {
		int quota = budget / nvpc + (v < budget % nvpc ? 1 : 0);
		int count = 0;

		while (quota > 0) {
			struct inst *in = &insts[ninst];
			int id = ninst++, sub = pick_subnet(v), e;
			struct subnet *sn = &subnets[sub];

			mkid(in->id, "i-", &S);
			mkid(in->ami, "ami-", &S);
			mkid(in->vol, "vol-", &S);
			snprintf(in->token, sizeof in->token,
			    "terraform-%016" PRIx64, rng_next(&S));
			in->windows = rng_pm(&S, 200);
			in->running = !(count == 2 || rng_pm(&S, 10));
			in->type = (int)rng_below(&S, NITYPES);
			in->launch = T_SNAPSHOT - 86400 -
				     (int64_t)rng_below(&S, 600u * 86400u);
			e = new_eni(sub, id, 0, in->windows);
			in->eni[0] = e;
			in->neni = 1;
			quota--;
			snprintf(in->name, sizeof in->name, "%s-%s-%s-%03d",
			    envs[vpcs[v].env], apps[vpcs[v].app],
			    role_name[sgs[enis[e].g[0]].role], count);
			if (count == 2) {
				/* A stopped NAT instance: blackhole routes. */
				enis[e].sdcheck = false;
			}
			if (sn->role == SUB_PUBLIC && in->running &&
			    rng_pm(&S, 850)) {
				enis[e].pub = alloc_public();
				if (rng_pm(&S, 200)) {
					enis[e].eip = true;
					mkid(enis[e].alloc, "eipalloc-", &S);
					mkid(enis[e].eipassoc, "eipassoc-", &S);
				}
			}
			enis[e].attach_time = in->launch;
			if (quota > 0 && rng_pm(&S, 100)) {
				int cand[SUB_PER_VPC], n = 0, i, e2;

				for (i = 0; i < SUB_PER_VPC; i++)
					if (subnets[vpcs[v].sub0 + i].az ==
					    sn->az)
						cand[n++] = vpcs[v].sub0 + i;
				e2 = new_eni(cand[rng_below(&S, (uint32_t)n)],
				    id, 1, in->windows);
				enis[e2].attach_time =
				    in->launch + rng_range(&S, 60, 86400);
				in->eni[1] = e2;
				in->neni = 2;
				quota--;
			}
			count++;
		}
	}
	/* Reservations: one to three instances launched together. */
	{
		int i = 0;

		while (i < ninst) {
			struct rsv *r = &rsvs[nrsv++];
			int n = 1, vpc = enis[insts[i].eni[0]].vpc;

			mkid(r->id, "r-", &S);
			r->i0 = i;
			if (rng_pm(&S, 300))
				n += 1 + (int)rng_below(&S, 2);
			while (n > 1 &&
			       (i + n > ninst ||
				   enis[insts[i + n - 1].eni[0]].vpc != vpc))
				n--;
			r->ni = n;
			for (int k = 0; k < n; k++)
				insts[i + k].res = nrsv - 1;
			i += n;
		}
	}
}

static void
make_gateways(void)
{
	int v, k;

	for (v = 0; v < nvpc; v++) {
		struct vpc *vp = &vpcs[v];

		vp->igw = nigw;
		mkid(igws[nigw].id, "igw-", &S);
		igws[nigw].vpc = v;
		igws[nigw].created =
		    T_SNAPSHOT - 86400 - (int64_t)rng_below(&S, 900u * 86400u);
		nigw++;
		vp->nat0 = nnat;
		vp->nnat = SC->nat_per_vpc;
		for (k = 0; k < vp->nnat; k++) {
			struct nat *n = &nats[nnat];
			int e;

			mkid(n->id, "nat-", &S);
			mkid(n->alloc, "eipalloc-", &S);
			mkid(n->assoc, "eipassoc-", &S);
			n->vpc = v;
			n->subnet = vp->sub0 + k; /* subnets 0, 1: public */
			n->created = T_SNAPSHOT - 86400 -
				     (int64_t)rng_below(&S, 700u * 86400u);
			e = new_eni(n->subnet, -1, 1, false);
			enis[e].nat = nnat;
			enis[e].sdcheck = false;
			enis[e].pub = alloc_public();
			enis[e].eip = true;
			snprintf(enis[e].alloc, IDLEN, "%s", n->alloc);
			snprintf(enis[e].eipassoc, IDLEN, "%s", n->assoc);
			enis[e].attach_time = n->created;
			n->eni = e;
			nnat++;
		}
	}
}

static void
make_peerings(void)
{
	static const int steps[] = {1, 5, 12, 17, 23};
	int s, v;

	for (s = 0; s < 5 && npcx < SC->npcx; s++)
		for (v = 0; v < nvpc && npcx < SC->npcx; v++) {
			int w = (v + steps[s]) % nvpc, i;
			bool dup = w == v;

			for (i = 0; i < vpcs[v].npeer; i++)
				if (vpcs[v].peer[i] == w)
					dup = true;
			if (dup || vpcs[v].npeer >= MAXPEER ||
			    vpcs[w].npeer >= MAXPEER)
				continue;
			mkid(pcxs[npcx].id, "pcx-", &S);
			pcxs[npcx].a = v;
			pcxs[npcx].b = w;
			vpcs[v].peer[vpcs[v].npeer] = w;
			vpcs[v].pcx[vpcs[v].npeer++] = npcx;
			vpcs[w].peer[vpcs[w].npeer] = v;
			vpcs[w].pcx[vpcs[w].npeer++] = npcx;
			npcx++;
		}
}

/* ---- route tables ---- */

static void
rt_add(int dkind, uint32_t net, int len, int v6vpc, int tkind, int target)
{
	struct route *r;

	if (nroute == maxroute)
		die("too many routes", NULL);
	r = &routes[nroute++];
	memset(r, 0, sizeof *r);
	r->dkind = dkind;
	r->net = net;
	r->len = len;
	r->v6vpc = v6vpc;
	r->pl = -1;
	r->tkind = tkind;
	r->target = target;
}

static void
make_route_tables(void)
{
	int v, k, i;

	for (v = 0; v < nvpc; v++) {
		struct vpc *vp = &vpcs[v];
		int stopped = -1;

		for (i = 0; i < neni; i++)
			if (enis[i].vpc == v && enis[i].inst >= 0 &&
			    !insts[enis[i].inst].running) {
				stopped = i;
				break;
			}
		vp->rtb0 = nrtb;
		for (k = 0; k < RTB_PER_VPC; k++) {
			struct rtb *t = &rtbs[nrtb++];
			int nat = vp->nat0 + (k % vp->nnat);

			mkid(t->id, "rtb-", &S);
			t->vpc = v;
			t->k = k;
			t->r0 = nroute;
			if (k == 0)
				mkid(t->main_assoc, "rtbassoc-", &S);
			rt_add(0, vp->cidr, 16, -1, T_LOCAL, -1);
			if (vp->ipv6)
				rt_add(1, 0, 0, v, T_LOCAL, -1);
			if (k == 1 || k == 2) {
				rt_add(0, 0, 0, -1, T_IGW, vp->igw);
				if (vp->ipv6)
					rt_add(1, 0, 0, -1, T_IGW, vp->igw);
			} else if (k != 6 && k != 7) {
				rt_add(0, 0, 0, -1, T_NAT, nat);
			}
			for (i = 0; i < vp->npeer; i++)
				rt_add(0, vpcs[vp->peer[i]].cidr, 16, -1, T_PCX,
				    vp->pcx[i]);
			if (k == 3 && pl_of[PL_PARTNER] >= 0) {
				rt_add(0, 0, 0, -1, T_NAT, nat);
				routes[nroute - 1].dkind = 2;
				routes[nroute - 1].pl = pl_of[PL_PARTNER];
			}
			if (k == 8 && stopped >= 0) {
				rt_add(0,
				    192u << 24 | 168u << 16 |
					(uint32_t)(v % 256) << 8,
				    24, -1, T_INST, stopped);
				routes[nroute - 1].blackhole = true;
				rt_add(0,
				    172u << 24 | 16u << 16 |
					(uint32_t)(v % 256) << 8,
				    24, -1, T_INST, stopped);
				routes[nroute - 1].blackhole = true;
			}
			if (k == 9) {
				/* Subnet-specific routes into peered VPCs. */
				int want = 50 - (nroute - t->r0);

				for (i = 0;
				     i < vp->npeer * SUB_PER_VPC && want > 0;
				     i++) {
					int p = i % vp->npeer;
					const struct subnet *ps =
					    &subnets[vpcs[vp->peer[p]].sub0 +
						     i / vp->npeer];

					if (rng_pm(&S, 400))
						continue;
					rt_add(0, ps->net, ps->len, -1, T_PCX,
					    vp->pcx[p]);
					want--;
				}
			}
			t->nr = nroute - t->r0;
		}
		for (i = 0; i < SUB_PER_VPC; i++) {
			struct subnet *sn = &subnets[vp->sub0 + i];
			int k2 = plan[i].rtb;
			const struct rtb *t = &rtbs[vp->rtb0 + k2];
			int j;

			sn->rtb = vp->rtb0 + k2;
			if (k2 != 0)
				mkid(sn->rtbassoc, "rtbassoc-", &S);
			for (j = 0; j < t->nr; j++) {
				const struct route *r = &routes[t->r0 + j];

				if (r->dkind == 0 && r->len == 0) {
					sn->default_route = true;
					sn->igw_route = r->tkind == T_IGW;
				}
			}
		}
	}
}

/* ---- writing the snapshot ---- */

static void
write_vpcs(void)
{
	struct pager p = {"vpcs", "Vpcs", 1000, 0, 0, 0, 0, NULL, {0}};
	char buf[64];
	int v;

	for (v = 0; v < nvpc; v++) {
		const struct vpc *vp = &vpcs[v];
		struct jw *w = pg_next(&p, 1);

		jw_obj(w, NULL);
		cidrstr(vp->cidr, 16, buf);
		jw_str(w, "CidrBlock", buf);
		jw_str(w, "DhcpOptionsId", vp->dopt);
		jw_str(w, "State", "available");
		jw_str(w, "VpcId", vp->id);
		jw_str(w, "OwnerId", owner);
		jw_str(w, "InstanceTenancy", "default");
		if (vp->ipv6) {
			jw_arr(w, "Ipv6CidrBlockAssociationSet");
			jw_obj(w, NULL);
			jw_str(w, "AssociationId", vp->v6assoc);
			jw_str(w, "Ipv6CidrBlock", vp->v6);
			jw_obj(w, "Ipv6CidrBlockState");
			jw_str(w, "State", "associated");
			jw_end_obj(w);
			jw_str(w, "NetworkBorderGroup", "us-east-1");
			jw_str(w, "Ipv6Pool", "Amazon");
			jw_str(w, "Ipv6AddressAttribute", "public");
			jw_str(w, "IpSource", "amazon");
			jw_end_obj(w);
			jw_end_arr(w);
		}
		jw_arr(w, "CidrBlockAssociationSet");
		jw_obj(w, NULL);
		jw_str(w, "AssociationId", vp->assoc);
		jw_str(w, "CidrBlock", buf);
		jw_obj(w, "CidrBlockState");
		jw_str(w, "State", "associated");
		jw_end_obj(w);
		jw_end_obj(w);
		jw_end_arr(w);
		jw_bool(w, "IsDefault", false);
		jw_obj(w, "BlockPublicAccessStates");
		jw_str(w, "InternetGatewayBlockMode", "off");
		jw_end_obj(w);
		jw_arr(w, "Tags");
		jw_tag(w, "Name", vp->name);
		jw_tag(w, "Environment", envs[vp->env]);
		jw_tag(w, "CostCenter", apps[vp->app]);
		jw_end_arr(w);
		jw_end_obj(w);
	}
	pg_finish(&p);
}

static void
write_subnets(void)
{
	struct pager p = {"subnets", "Subnets", SC->pg_subnet, 0, 0, 0, 0, NULL,
	    {0}};
	char buf[64], arn[160];
	int s;

	for (s = 0; s < nsubnet; s++) {
		const struct subnet *sn = &subnets[s];
		const struct vpc *vp = &vpcs[sn->vpc];
		struct jw *w = pg_next(&p, 1);

		jw_obj(w, NULL);
		jw_str(w, "AvailabilityZone", az_name[sn->az]);
		jw_str(w, "AvailabilityZoneId", az_id[sn->az]);
		jw_int(w, "AvailableIpAddressCount",
		    (1 << (32 - sn->len)) - 5 - sn->used);
		cidrstr(sn->net, sn->len, buf);
		jw_str(w, "CidrBlock", buf);
		jw_bool(w, "DefaultForAz", false);
		jw_bool(w, "MapPublicIpOnLaunch", sn->role == SUB_PUBLIC);
		jw_bool(w, "MapCustomerOwnedIpOnLaunch", false);
		jw_str(w, "State", "available");
		jw_str(w, "SubnetId", sn->id);
		jw_str(w, "VpcId", vp->id);
		jw_str(w, "OwnerId", owner);
		jw_bool(w, "AssignIpv6AddressOnCreation", false);
		jw_arr(w, "Ipv6CidrBlockAssociationSet");
		if (vp->ipv6) {
			jw_obj(w, NULL);
			jw_str(w, "AssociationId", sn->v6assoc);
			jw_str(w, "Ipv6CidrBlock", sn->v6);
			jw_obj(w, "Ipv6CidrBlockState");
			jw_str(w, "State", "associated");
			jw_end_obj(w);
			jw_str(w, "Ipv6AddressAttribute", "public");
			jw_str(w, "IpSource", "amazon");
			jw_end_obj(w);
		}
		jw_end_arr(w);
		jw_arr(w, "Tags");
		jw_tag(w, "Name", sn->name);
		jw_tag(w, "Tier",
		    sn->role == SUB_PUBLIC    ? "public"
		    : sn->role == SUB_PRIVATE ? "private"
					      : "data");
		jw_end_arr(w);
		snprintf(arn, sizeof arn, "arn:aws:ec2:us-east-1:%s:subnet/%s",
		    owner, sn->id);
		jw_str(w, "SubnetArn", arn);
		jw_bool(w, "EnableDns64", false);
		jw_bool(w, "Ipv6Native", false);
		jw_obj(w, "PrivateDnsNameOptionsOnLaunch");
		jw_str(w, "HostnameType", "ip-name");
		jw_bool(w, "EnableResourceNameDnsARecord", false);
		jw_bool(w, "EnableResourceNameDnsAAAARecord", false);
		jw_end_obj(w);
		jw_obj(w, "BlockPublicAccessStates");
		jw_str(w, "InternetGatewayBlockMode", "off");
		jw_end_obj(w);
		jw_end_obj(w);
	}
	pg_finish(&p);
}

static void
write_association(struct jw *w, const struct eni *e)
{
	char buf[64];

	jw_obj(w, "Association");
	if (e->eip) {
		jw_str(w, "AllocationId", e->alloc);
		jw_str(w, "AssociationId", e->eipassoc);
	}
	jw_str(w, "IpOwnerId", e->eip ? owner : "amazon");
	pubdns(e->pub, buf);
	jw_str(w, "PublicDnsName", buf);
	ipstr(e->pub, buf);
	jw_str(w, "PublicIp", buf);
	jw_end_obj(w);
}

static void
write_groups(struct jw *w, const char *key, const struct eni *e)
{
	int i;

	jw_arr(w, key);
	for (i = 0; i < e->ng; i++) {
		jw_obj(w, NULL);
		jw_str(w, "GroupId", sgs[e->g[i]].id);
		jw_str(w, "GroupName", sgs[e->g[i]].name);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

static void
write_private_ips(struct jw *w, const struct eni *e)
{
	char buf[64];
	int i;

	jw_arr(w, "PrivateIpAddresses");
	for (i = 0; i <= e->nsec; i++) {
		uint32_t ip = i == 0 ? e->ip : e->sec[i - 1];

		jw_obj(w, NULL);
		if (i == 0 && e->pub != 0)
			write_association(w, e);
		jw_bool(w, "Primary", i == 0);
		dnsname(ip, buf);
		jw_str(w, "PrivateDnsName", buf);
		ipstr(ip, buf);
		jw_str(w, "PrivateIpAddress", buf);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

static const char *
eni_description(const struct eni *e, char *buf)
{
	if (e->nat >= 0)
		snprintf(buf, 128, "Interface for NAT Gateway %s",
		    nats[e->nat].id);
	else if (e->dev == 0)
		buf[0] = '\0';
	else
		snprintf(buf, 128, "secondary interface of %s",
		    insts[e->inst].name);
	return buf;
}

/* The NetworkInterface shape of describe-network-interfaces. */
static void
write_eni(struct jw *w, const struct eni *e)
{
	const struct subnet *sn = &subnets[e->subnet];
	char buf[128];

	jw_obj(w, NULL);
	if (e->pub != 0)
		write_association(w, e);
	jw_obj(w, "Attachment");
	isotime(e->attach_time, true, buf);
	jw_str(w, "AttachTime", buf);
	jw_str(w, "AttachmentId", e->attach);
	jw_bool(w, "DeleteOnTermination", e->inst >= 0 && e->dev == 0);
	jw_int(w, "DeviceIndex", e->dev);
	jw_int(w, "NetworkCardIndex", 0);
	if (e->inst >= 0) {
		jw_str(w, "InstanceId", insts[e->inst].id);
		jw_str(w, "InstanceOwnerId", owner);
	} else {
		jw_str(w, "InstanceOwnerId", "amazon-aws");
	}
	jw_str(w, "Status", "attached");
	jw_end_obj(w);
	jw_str(w, "AvailabilityZone", az_name[sn->az]);
	jw_str(w, "AvailabilityZoneId", az_id[sn->az]);
	jw_str(w, "Description", eni_description(e, buf));
	write_groups(w, "Groups", e);
	jw_str(w, "InterfaceType", e->nat >= 0 ? "nat_gateway" : "interface");
	jw_arr(w, "Ipv6Addresses");
	if (e->v6[0] != '\0') {
		jw_obj(w, NULL);
		jw_str(w, "Ipv6Address", e->v6);
		jw_bool(w, "IsPrimaryIpv6", false);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_str(w, "MacAddress", e->mac);
	jw_str(w, "NetworkInterfaceId", e->id);
	jw_str(w, "OwnerId", owner);
	dnsname(e->ip, buf);
	jw_str(w, "PrivateDnsName", buf);
	ipstr(e->ip, buf);
	jw_str(w, "PrivateIpAddress", buf);
	write_private_ips(w, e);
	jw_arr(w, "Ipv4Prefixes");
	jw_end_arr(w);
	jw_arr(w, "Ipv6Prefixes");
	jw_end_arr(w);
	if (e->nat >= 0)
		jw_str(w, "RequesterId", nat_requester);
	jw_bool(w, "RequesterManaged", e->nat >= 0);
	jw_bool(w, "SourceDestCheck", e->sdcheck);
	jw_str(w, "Status", "in-use");
	jw_str(w, "SubnetId", sn->id);
	jw_arr(w, "TagSet");
	jw_end_arr(w);
	jw_str(w, "VpcId", vpcs[e->vpc].id);
	jw_obj(w, "Operator");
	jw_bool(w, "Managed", false);
	jw_end_obj(w);
	jw_end_obj(w);
}

static void
write_enis(void)
{
	struct pager p = {"network-interfaces", "NetworkInterfaces", SC->pg_eni,
	    0, 0, 0, 0, NULL, {0}};
	int e;

	for (e = 0; e < neni; e++)
		write_eni(pg_next(&p, 1), &enis[e]);
	pg_finish(&p);
}

/* The InstanceNetworkInterface shape inside describe-instances. */
static void
write_inst_eni(struct jw *w, const struct eni *e)
{
	char buf[128];

	jw_obj(w, NULL);
	if (e->pub != 0)
		write_association(w, e);
	jw_obj(w, "Attachment");
	isotime(e->attach_time, false, buf);
	jw_str(w, "AttachTime", buf);
	jw_str(w, "AttachmentId", e->attach);
	jw_bool(w, "DeleteOnTermination", e->dev == 0);
	jw_int(w, "DeviceIndex", e->dev);
	jw_str(w, "Status", "attached");
	jw_int(w, "NetworkCardIndex", 0);
	jw_end_obj(w);
	jw_str(w, "Description", eni_description(e, buf));
	write_groups(w, "Groups", e);
	jw_arr(w, "Ipv6Addresses");
	if (e->v6[0] != '\0') {
		jw_obj(w, NULL);
		jw_str(w, "Ipv6Address", e->v6);
		jw_bool(w, "IsPrimaryIpv6", false);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_str(w, "MacAddress", e->mac);
	jw_str(w, "NetworkInterfaceId", e->id);
	jw_str(w, "OwnerId", owner);
	dnsname(e->ip, buf);
	jw_str(w, "PrivateDnsName", buf);
	ipstr(e->ip, buf);
	jw_str(w, "PrivateIpAddress", buf);
	write_private_ips(w, e);
	jw_bool(w, "SourceDestCheck", e->sdcheck);
	jw_str(w, "Status", "in-use");
	jw_str(w, "SubnetId", subnets[e->subnet].id);
	jw_str(w, "VpcId", vpcs[e->vpc].id);
	jw_str(w, "InterfaceType", "interface");
	jw_end_obj(w);
}

static void
write_instance(struct jw *w, const struct inst *in)
{
	const struct eni *e0 = &enis[in->eni[0]];
	const struct subnet *sn = &subnets[e0->subnet];
	char buf[128];
	int i;

	jw_obj(w, NULL);
	jw_int(w, "AmiLaunchIndex", 0);
	jw_str(w, "ImageId", in->ami);
	jw_str(w, "InstanceId", in->id);
	jw_str(w, "InstanceType", itypes[in->type].name);
	snprintf(buf, sizeof buf, "%s-%s", envs[vpcs[e0->vpc].env],
	    in->windows ? "windows" : "ops");
	jw_str(w, "KeyName", buf);
	isotime(in->launch, false, buf);
	jw_str(w, "LaunchTime", buf);
	jw_obj(w, "Monitoring");
	jw_str(w, "State", "disabled");
	jw_end_obj(w);
	jw_obj(w, "Placement");
	jw_str(w, "AvailabilityZone", az_name[sn->az]);
	jw_str(w, "GroupName", "");
	jw_str(w, "Tenancy", "default");
	jw_end_obj(w);
	if (in->windows)
		jw_str(w, "Platform", "windows");
	dnsname(e0->ip, buf);
	jw_str(w, "PrivateDnsName", buf);
	ipstr(e0->ip, buf);
	jw_str(w, "PrivateIpAddress", buf);
	jw_arr(w, "ProductCodes");
	jw_end_arr(w);
	if (e0->pub != 0) {
		pubdns(e0->pub, buf);
		jw_str(w, "PublicDnsName", buf);
		ipstr(e0->pub, buf);
		jw_str(w, "PublicIpAddress", buf);
	} else {
		jw_str(w, "PublicDnsName", "");
	}
	jw_obj(w, "State");
	jw_int(w, "Code", in->running ? 16 : 80);
	jw_str(w, "Name", in->running ? "running" : "stopped");
	jw_end_obj(w);
	if (in->running) {
		jw_str(w, "StateTransitionReason", "");
	} else {
		char t[32];

		isotime(T_SNAPSHOT - 7200, false, t);
		snprintf(buf, sizeof buf, "User initiated (%.10s %.8s GMT)", t,
		    t + 11);
		jw_str(w, "StateTransitionReason", buf);
	}
	jw_str(w, "SubnetId", sn->id);
	jw_str(w, "VpcId", vpcs[e0->vpc].id);
	jw_str(w, "Architecture", "x86_64");
	jw_arr(w, "BlockDeviceMappings");
	jw_obj(w, NULL);
	jw_str(w, "DeviceName", in->windows ? "/dev/sda1" : "/dev/xvda");
	jw_obj(w, "Ebs");
	isotime(in->launch + 1, false, buf);
	jw_str(w, "AttachTime", buf);
	jw_bool(w, "DeleteOnTermination", true);
	jw_str(w, "Status", "attached");
	jw_str(w, "VolumeId", in->vol);
	jw_end_obj(w);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_str(w, "ClientToken", in->token);
	jw_bool(w, "EbsOptimized", in->type >= 2);
	jw_bool(w, "EnaSupport", true);
	jw_str(w, "Hypervisor", "xen");
	jw_arr(w, "NetworkInterfaces");
	for (i = 0; i < in->neni; i++)
		write_inst_eni(w, &enis[in->eni[i]]);
	jw_end_arr(w);
	jw_str(w, "RootDeviceName", in->windows ? "/dev/sda1" : "/dev/xvda");
	jw_str(w, "RootDeviceType", "ebs");
	write_groups(w, "SecurityGroups", e0);
	jw_bool(w, "SourceDestCheck", e0->sdcheck);
	jw_arr(w, "Tags");
	jw_tag(w, "Name", in->name);
	jw_tag(w, "Environment", envs[vpcs[e0->vpc].env]);
	jw_tag(w, "Role", role_name[sgs[e0->g[0]].role]);
	jw_end_arr(w);
	jw_str(w, "VirtualizationType", "hvm");
	jw_obj(w, "CpuOptions");
	jw_int(w, "CoreCount", itypes[in->type].cores);
	jw_int(w, "ThreadsPerCore", itypes[in->type].threads);
	jw_end_obj(w);
	jw_obj(w, "CapacityReservationSpecification");
	jw_str(w, "CapacityReservationPreference", "open");
	jw_end_obj(w);
	jw_obj(w, "HibernationOptions");
	jw_bool(w, "Configured", false);
	jw_end_obj(w);
	jw_obj(w, "MetadataOptions");
	jw_str(w, "State", "applied");
	jw_str(w, "HttpTokens", "required");
	jw_int(w, "HttpPutResponseHopLimit", 2);
	jw_str(w, "HttpEndpoint", "enabled");
	jw_str(w, "HttpProtocolIpv6", "disabled");
	jw_str(w, "InstanceMetadataTags", "disabled");
	jw_end_obj(w);
	jw_obj(w, "EnclaveOptions");
	jw_bool(w, "Enabled", false);
	jw_end_obj(w);
	jw_str(w, "PlatformDetails", in->windows ? "Windows" : "Linux/UNIX");
	jw_str(w, "UsageOperation",
	    in->windows ? "RunInstances:0002" : "RunInstances");
	isotime(in->launch, false, buf);
	jw_str(w, "UsageOperationUpdateTime", buf);
	jw_obj(w, "PrivateDnsNameOptions");
	jw_str(w, "HostnameType", "ip-name");
	jw_bool(w, "EnableResourceNameDnsARecord", false);
	jw_bool(w, "EnableResourceNameDnsAAAARecord", false);
	jw_end_obj(w);
	jw_obj(w, "MaintenanceOptions");
	jw_str(w, "AutoRecovery", "default");
	jw_end_obj(w);
	jw_str(w, "CurrentInstanceBootMode", "legacy-bios");
	jw_end_obj(w);
}

static void
write_reservations(void)
{
	struct pager p = {"reservations", "Reservations", SC->pg_inst, 0, 0, 0,
	    0, NULL, {0}};
	int r, i;

	for (r = 0; r < nrsv; r++) {
		struct jw *w = pg_next(&p, rsvs[r].ni);

		jw_obj(w, NULL);
		jw_str(w, "ReservationId", rsvs[r].id);
		jw_str(w, "OwnerId", owner);
		jw_arr(w, "Groups");
		jw_end_arr(w);
		jw_arr(w, "Instances");
		for (i = 0; i < rsvs[r].ni; i++)
			write_instance(w, &insts[rsvs[r].i0 + i]);
		jw_end_arr(w);
		jw_end_obj(w);
	}
	pg_finish(&p);
	stat_add("instances", ninst, 0, 0);
}

static const char *
proto_name(int proto, char *buf)
{
	switch (proto) {
	case -1:
		return "-1";
	case 1:
		return "icmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	default:
		snprintf(buf, 8, "%d", proto);
		return buf;
	}
}

static void
write_perms(struct jw *w, const char *key, int p0, int np)
{
	static const char *const lists[] = {"IpRanges", "Ipv6Ranges",
	    "PrefixListIds", "UserIdGroupPairs"};
	char buf[64];
	int i, j, k;

	jw_arr(w, key);
	for (i = 0; i < np; i++) {
		const struct perm *p = &perms[p0 + i];

		jw_obj(w, NULL);
		if (p->proto != -1)
			jw_int(w, "FromPort", p->from);
		jw_str(w, "IpProtocol", proto_name(p->proto, buf));
		for (k = SRC_V4; k <= SRC_SG; k++) {
			jw_arr(w, lists[k]);
			for (j = 0; j < p->ns; j++) {
				const struct sgsrc *s = &srcs[p->s0 + j];

				if (s->kind != k)
					continue;
				jw_obj(w, NULL);
				if (k == SRC_V4) {
					cidrstr(s->net, s->len, buf);
					jw_str(w, "CidrIp", buf);
				} else if (k == SRC_V6) {
					jw_str(w, "CidrIpv6", s->v6);
				}
				if (s->desc >= 0)
					jw_str(w, "Description",
					    descs[s->desc]);
				if (k == SRC_PL)
					jw_str(w, "PrefixListId",
					    pls[s->ref].id);
				if (k == SRC_SG) {
					jw_str(w, "GroupId", sgs[s->ref].id);
					jw_str(w, "UserId", owner);
				}
				jw_end_obj(w);
			}
			jw_end_arr(w);
			if (k == SRC_V6 && p->proto != -1)
				jw_int(w, "ToPort", p->to);
		}
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

static void
write_sgs(void)
{
	struct pager p = {"security-groups", "SecurityGroups", SC->pg_sg, 0, 0,
	    0, 0, NULL, {0}};
	char arn[160];
	int g;
	long rules = 0, refs = 0;

	for (g = 0; g < nsg; g++) {
		const struct sg *s = &sgs[g];
		struct jw *w = pg_next(&p, 1);

		jw_obj(w, NULL);
		jw_str(w, "Description", s->desc);
		jw_str(w, "GroupName", s->name);
		write_perms(w, "IpPermissions", s->in0, s->nin);
		jw_str(w, "OwnerId", owner);
		jw_str(w, "GroupId", s->id);
		write_perms(w, "IpPermissionsEgress", s->eg0, s->neg);
		jw_arr(w, "Tags");
		if (s->role != ROLE_DEFAULT) {
			jw_tag(w, "Name", s->name);
			jw_tag(w, "ManagedBy", "terraform");
		}
		jw_end_arr(w);
		jw_str(w, "VpcId", vpcs[s->vpc].id);
		snprintf(arn, sizeof arn,
		    "arn:aws:ec2:us-east-1:%s:security-group/%s", owner, s->id);
		jw_str(w, "SecurityGroupArn", arn);
		jw_end_obj(w);
		rules += s->nrules;
	}
	pg_finish(&p);
	for (g = 0; g < nsrc; g++)
		refs += srcs[g].kind == SRC_SG;
	stat_add("security-group rules", rules, 0, 0);
	stat_add("rules referencing a group", refs, 0, 0);
}

static void
write_acls(void)
{
	struct pager p = {"network-acls", "NetworkAcls", SC->pg_acl, 0, 0, 0, 0,
	    NULL, {0}};
	char buf[64], name[160];
	int a, i;

	for (a = 0; a < nacl; a++) {
		const struct acl *n = &acls[a];
		const struct vpc *vp = &vpcs[n->vpc];
		struct jw *w = pg_next(&p, 1);
		int order[64];

		jw_obj(w, NULL);
		jw_arr(w, "Associations");
		for (i = 0; i < SUB_PER_VPC; i++) {
			const struct subnet *sn = &subnets[vp->sub0 + i];

			if (sn->acl != a)
				continue;
			jw_obj(w, NULL);
			jw_str(w, "NetworkAclAssociationId", sn->aclassoc);
			jw_str(w, "NetworkAclId", n->id);
			jw_str(w, "SubnetId", sn->id);
			jw_end_obj(w);
		}
		jw_end_arr(w);
		/* Entries in shuffled order: readers must sort them. */
		for (i = 0; i < n->ne; i++)
			order[i] = i;
		for (i = n->ne - 1; i > 0; i--) {
			int j = (int)rng_below(&S, (uint32_t)i + 1),
			    t = order[i];

			order[i] = order[j];
			order[j] = t;
		}
		jw_arr(w, "Entries");
		for (i = 0; i < n->ne; i++) {
			const struct acl_entry *e = &aents[n->e0 + order[i]];

			jw_obj(w, NULL);
			if (e->v6) {
				jw_bool(w, "Egress", e->egress);
				jw_str(w, "Ipv6CidrBlock", "::/0");
			} else {
				cidrstr(e->net, e->len, buf);
				jw_str(w, "CidrBlock", buf);
				jw_bool(w, "Egress", e->egress);
			}
			if (e->proto == 1) {
				jw_obj(w, "IcmpTypeCode");
				jw_int(w, "Code", e->to);
				jw_int(w, "Type", e->from);
				jw_end_obj(w);
			}
			if (e->proto == 6 || e->proto == 17) {
				jw_obj(w, "PortRange");
				jw_int(w, "From", e->from);
				jw_int(w, "To", e->to);
				jw_end_obj(w);
			}
			snprintf(buf, sizeof buf, "%d", e->proto);
			jw_str(w, "Protocol", buf);
			jw_str(w, "RuleAction", e->allow ? "allow" : "deny");
			jw_int(w, "RuleNumber", e->rule);
			jw_end_obj(w);
		}
		jw_end_arr(w);
		jw_bool(w, "IsDefault", n->kind == ACL_DEFAULT);
		jw_str(w, "NetworkAclId", n->id);
		jw_arr(w, "Tags");
		if (n->kind != ACL_DEFAULT) {
			static const char *const kn[] = {"default", "public",
			    "strict", "data"};

			snprintf(name, sizeof name, "%s-%s", vp->name,
			    kn[n->kind]);
			jw_tag(w, "Name", name);
		}
		jw_end_arr(w);
		jw_str(w, "VpcId", vp->id);
		jw_str(w, "OwnerId", owner);
		jw_end_obj(w);
	}
	pg_finish(&p);
}

static void
write_route(struct jw *w, const struct route *r)
{
	char buf[64];

	jw_obj(w, NULL);
	if (r->dkind == 0) {
		cidrstr(r->net, r->len, buf);
		jw_str(w, "DestinationCidrBlock", buf);
	} else if (r->dkind == 1) {
		jw_str(w, "DestinationIpv6CidrBlock",
		    r->v6vpc >= 0 ? vpcs[r->v6vpc].v6 : "::/0");
	} else {
		jw_str(w, "DestinationPrefixListId", pls[r->pl].id);
	}
	switch (r->tkind) {
	case T_LOCAL:
		jw_str(w, "GatewayId", "local");
		jw_str(w, "Origin", "CreateRouteTable");
		break;
	case T_IGW:
		jw_str(w, "GatewayId", igws[r->target].id);
		jw_str(w, "Origin", "CreateRoute");
		break;
	case T_NAT:
		jw_str(w, "NatGatewayId", nats[r->target].id);
		jw_str(w, "Origin", "CreateRoute");
		break;
	case T_PCX:
		jw_str(w, "Origin", "CreateRoute");
		break;
	default:
		jw_str(w, "InstanceId", insts[enis[r->target].inst].id);
		jw_str(w, "InstanceOwnerId", owner);
		jw_str(w, "NetworkInterfaceId", enis[r->target].id);
		jw_str(w, "Origin", "CreateRoute");
		break;
	}
	jw_str(w, "State", r->blackhole ? "blackhole" : "active");
	if (r->tkind == T_PCX)
		jw_str(w, "VpcPeeringConnectionId", pcxs[r->target].id);
	jw_end_obj(w);
}

static void
write_rtbs(void)
{
	struct pager p = {"route-tables", "RouteTables", SC->pg_rtb, 0, 0, 0, 0,
	    NULL, {0}};
	static const char *const kn[RTB_PER_VPC] = {"main", "public-a",
	    "public-b", "private-a", "private-b", "private-c", "isolated-a",
	    "isolated-b", "legacy", "transit"};
	char buf[128];
	int t, i;

	for (t = 0; t < nrtb; t++) {
		const struct rtb *r = &rtbs[t];
		const struct vpc *vp = &vpcs[r->vpc];
		struct jw *w = pg_next(&p, 1);

		jw_obj(w, NULL);
		jw_arr(w, "Associations");
		if (r->k == 0) {
			jw_obj(w, NULL);
			jw_bool(w, "Main", true);
			jw_str(w, "RouteTableAssociationId", r->main_assoc);
			jw_str(w, "RouteTableId", r->id);
			jw_obj(w, "AssociationState");
			jw_str(w, "State", "associated");
			jw_end_obj(w);
			jw_end_obj(w);
		}
		for (i = 0; i < SUB_PER_VPC; i++) {
			const struct subnet *sn = &subnets[vp->sub0 + i];

			if (sn->rtb != t || plan[i].rtb == 0)
				continue;
			jw_obj(w, NULL);
			jw_bool(w, "Main", false);
			jw_str(w, "RouteTableAssociationId", sn->rtbassoc);
			jw_str(w, "RouteTableId", r->id);
			jw_str(w, "SubnetId", sn->id);
			jw_obj(w, "AssociationState");
			jw_str(w, "State", "associated");
			jw_end_obj(w);
			jw_end_obj(w);
		}
		jw_end_arr(w);
		jw_arr(w, "PropagatingVgws");
		jw_end_arr(w);
		jw_str(w, "RouteTableId", r->id);
		jw_arr(w, "Routes");
		for (i = 0; i < r->nr; i++)
			write_route(w, &routes[r->r0 + i]);
		jw_end_arr(w);
		jw_arr(w, "Tags");
		snprintf(buf, sizeof buf, "%s-%s", vp->name, kn[r->k]);
		jw_tag(w, "Name", buf);
		jw_end_arr(w);
		jw_str(w, "VpcId", vp->id);
		jw_str(w, "OwnerId", owner);
		jw_end_obj(w);
	}
	pg_finish(&p);
	stat_add("routes", nroute, 0, 0);
}

static void
write_igws(void)
{
	struct pager p = {"internet-gateways", "InternetGateways", 1000, 0, 0,
	    0, 0, NULL, {0}};
	char buf[128];
	int i;

	for (i = 0; i < nigw; i++) {
		struct jw *w = pg_next(&p, 1);

		jw_obj(w, NULL);
		jw_arr(w, "Attachments");
		jw_obj(w, NULL);
		jw_str(w, "State", "available");
		jw_str(w, "VpcId", vpcs[igws[i].vpc].id);
		jw_end_obj(w);
		jw_end_arr(w);
		jw_str(w, "InternetGatewayId", igws[i].id);
		jw_str(w, "OwnerId", owner);
		jw_arr(w, "Tags");
		snprintf(buf, sizeof buf, "%s-igw", vpcs[igws[i].vpc].name);
		jw_tag(w, "Name", buf);
		jw_end_arr(w);
		jw_end_obj(w);
	}
	pg_finish(&p);
}

static void
write_nats(void)
{
	struct pager p = {"nat-gateways", "NatGateways", 1000, 0, 0, 0, 0, NULL,
	    {0}};
	char buf[128];
	int i;

	for (i = 0; i < nnat; i++) {
		const struct nat *n = &nats[i];
		const struct eni *e = &enis[n->eni];
		struct jw *w = pg_next(&p, 1);

		jw_obj(w, NULL);
		isotime(n->created, true, buf);
		jw_str(w, "CreateTime", buf);
		jw_arr(w, "NatGatewayAddresses");
		jw_obj(w, NULL);
		jw_str(w, "AllocationId", n->alloc);
		jw_str(w, "NetworkInterfaceId", e->id);
		ipstr(e->ip, buf);
		jw_str(w, "PrivateIp", buf);
		ipstr(e->pub, buf);
		jw_str(w, "PublicIp", buf);
		jw_str(w, "AssociationId", n->assoc);
		jw_bool(w, "IsPrimary", true);
		jw_str(w, "Status", "succeeded");
		jw_end_obj(w);
		jw_end_arr(w);
		jw_str(w, "NatGatewayId", n->id);
		jw_str(w, "State", "available");
		jw_str(w, "SubnetId", subnets[n->subnet].id);
		jw_str(w, "VpcId", vpcs[n->vpc].id);
		jw_arr(w, "Tags");
		snprintf(buf, sizeof buf, "%s-nat-%s", vpcs[n->vpc].name,
		    az_name[subnets[n->subnet].az] + 9);
		jw_tag(w, "Name", buf);
		jw_end_arr(w);
		jw_str(w, "ConnectivityType", "public");
		jw_str(w, "AvailabilityMode", "zonal");
		jw_end_obj(w);
	}
	pg_finish(&p);
}

static void
write_vpc_info(struct jw *w, const char *key, int v)
{
	const struct vpc *vp = &vpcs[v];
	char buf[64];

	jw_obj(w, key);
	cidrstr(vp->cidr, 16, buf);
	jw_str(w, "CidrBlock", buf);
	jw_arr(w, "CidrBlockSet");
	jw_obj(w, NULL);
	jw_str(w, "CidrBlock", buf);
	jw_end_obj(w);
	jw_end_arr(w);
	if (vp->ipv6) {
		jw_arr(w, "Ipv6CidrBlockSet");
		jw_obj(w, NULL);
		jw_str(w, "Ipv6CidrBlock", vp->v6);
		jw_end_obj(w);
		jw_end_arr(w);
	}
	jw_str(w, "OwnerId", owner);
	jw_obj(w, "PeeringOptions");
	jw_bool(w, "AllowDnsResolutionFromRemoteVpc", false);
	jw_bool(w, "AllowEgressFromLocalClassicLinkToRemoteVpc", false);
	jw_bool(w, "AllowEgressFromLocalVpcToRemoteClassicLink", false);
	jw_end_obj(w);
	jw_str(w, "VpcId", vp->id);
	jw_str(w, "Region", "us-east-1");
	jw_end_obj(w);
}

static void
write_pcxs(void)
{
	struct pager p = {"vpc-peering-connections", "VpcPeeringConnections",
	    1000, 0, 0, 0, 0, NULL, {0}};
	char buf[160];
	int i;

	for (i = 0; i < npcx; i++) {
		struct jw *w = pg_next(&p, 1);

		jw_obj(w, NULL);
		write_vpc_info(w, "AccepterVpcInfo", pcxs[i].b);
		write_vpc_info(w, "RequesterVpcInfo", pcxs[i].a);
		jw_obj(w, "Status");
		jw_str(w, "Code", "active");
		jw_str(w, "Message", "Active");
		jw_end_obj(w);
		jw_arr(w, "Tags");
		snprintf(buf, sizeof buf, "%s-to-%s", vpcs[pcxs[i].a].name,
		    vpcs[pcxs[i].b].name);
		jw_tag(w, "Name", buf);
		jw_end_arr(w);
		jw_str(w, "VpcPeeringConnectionId", pcxs[i].id);
		jw_end_obj(w);
	}
	pg_finish(&p);
}

static void
write_pls(void)
{
	struct pager p = {"managed-prefix-lists", "PrefixLists", 1000, 0, 0, 0,
	    0, NULL, {0}};
	char buf[160];
	int i, j;
	long long bytes = 0;

	for (i = 0; i < npl; i++) {
		const struct pl *l = &pls[i];
		struct jw *w = pg_next(&p, 1);

		jw_obj(w, NULL);
		jw_str(w, "PrefixListId", l->id);
		jw_str(w, "AddressFamily", l->v6 ? "IPv6" : "IPv4");
		jw_str(w, "State", "create-complete");
		snprintf(buf, sizeof buf,
		    "arn:aws:ec2:us-east-1:%s:prefix-list/%s", owner, l->id);
		jw_str(w, "PrefixListArn", buf);
		jw_str(w, "PrefixListName", l->name);
		jw_int(w, "MaxEntries", l->max);
		jw_int(w, "Version", 1 + (long long)(l->ne % 7));
		jw_arr(w, "Tags");
		jw_end_arr(w);
		jw_str(w, "OwnerId", owner);
		jw_end_obj(w);
	}
	pg_finish(&p);
	for (i = 0; i < npl; i++) {
		const struct pl *l = &pls[i];
		char path[4200];
		struct jw w;
		FILE *f;

		snprintf(path, sizeof path, "%s/prefix-list-entries-%s.json",
		    regiondir, l->id);
		f = fopen(path, "w");
		if (f == NULL)
			die("cannot create", path);
		memset(&w, 0, sizeof w);
		w.f = f;
		jw_obj(&w, NULL);
		jw_str(&w, "PrefixListId", l->id);
		jw_arr(&w, "Entries");
		for (j = 0; j < l->ne; j++) {
			const struct pl_entry *e = &plents[l->e0 + j];

			jw_obj(&w, NULL);
			if (l->v6) {
				jw_str(&w, "Cidr", e->v6);
			} else {
				cidrstr(e->net, e->len, buf);
				jw_str(&w, "Cidr", buf);
			}
			jw_str(&w, "Description", e->desc);
			jw_end_obj(&w);
		}
		jw_end_arr(&w);
		jw_end_obj(&w);
		putc('\n', f);
		bytes += ftell(f);
		if (ferror(f) || fclose(f) != 0)
			die("write error in", path);
	}
	stat_add("prefix-list-entries", nplent, npl, bytes);
}

/* ---- the evaluator: the cross-check semantics, exactly ---- */

enum { COMP_NONE, COMP_ACL, COMP_SG };

struct verdict {
	bool allow;
	int comp, acl, rule;
};

static bool
perm_match(const struct perm *p, int proto, int port, int itype, int icode)
{
	if (p->proto == -1)
		return true;
	if (p->proto != proto)
		return false;
	if (proto == 6 || proto == 17)
		return port >= p->from && port <= p->to;
	if (proto == 1)
		return p->from == -1 ||
		       (p->from == itype && (p->to == -1 || p->to == icode));
	return true;
}

static bool
src_match(const struct sgsrc *s, uint32_t peer, int vpc)
{
	int e;

	switch (s->kind) {
	case SRC_V4:
		return in_cidr(peer, s->net, s->len);
	case SRC_PL:
		return pl_contains(s->ref, peer);
	case SRC_SG:
		e = eni_find(peer);
		return e >= 0 && enis[e].vpc == vpc && eni_has_group(e, s->ref);
	default:
		return false;
	}
}

/* The union of the allows of every group on ENI e, in one direction. */
static bool
sg_allows(int e, bool egress, uint32_t peer, int proto, int port, int itype,
    int icode)
{
	const struct eni *en = &enis[e];
	int i, j, k;

	for (i = 0; i < en->ng; i++) {
		const struct sg *s = &sgs[en->g[i]];
		int p0 = egress ? s->eg0 : s->in0,
		    np = egress ? s->neg : s->nin;

		for (j = 0; j < np; j++) {
			const struct perm *p = &perms[p0 + j];

			if (!perm_match(p, proto, port, itype, icode))
				continue;
			for (k = 0; k < p->ns; k++)
				if (src_match(&srcs[p->s0 + k], peer, en->vpc))
					return true;
		}
	}
	return false;
}

/* First match by ascending rule number; returns the deciding rule. */
static int
acl_decide(int a, bool egress, uint32_t peer, int proto, int port, int itype,
    int icode, bool *allow)
{
	const struct acl *n = &acls[a];
	int i;

	for (i = 0; i < n->ne; i++) {
		const struct acl_entry *e = &aents[n->e0 + i];

		if (e->egress != egress || e->v6)
			continue;
		if (e->proto != -1) {
			if (e->proto != proto)
				continue;
			if ((proto == 6 || proto == 17) &&
			    (port < e->from || port > e->to))
				continue;
			if (proto == 1 && e->from != -1 &&
			    (e->from != itype ||
				(e->to != -1 && e->to != icode)))
				continue;
		}
		if (!in_cidr(peer, e->net, e->len))
			continue;
		*allow = e->allow;
		return e->rule;
	}
	*allow = false;
	return 32767;
}

/*
 * The verdict for one record on ENI e.  reply_mode -1 classifies the leg
 * from the ports (the server port is the one below 1024 when exactly one
 * is, else the lower one; a record from the server port is a reply); 0 or
 * 1 force request or reply (used for ICMP, whose ports are both 0).
 */
static struct verdict
evaluate(int e, uint32_t src, uint32_t dst, int proto, int sport, int dport,
    int itype, int icode, int reply_mode)
{
	const struct eni *en = &enis[e];
	const struct subnet *sn = &subnets[en->subnet];
	bool ingress = dst == en->ip, reply, allow;
	uint32_t peer = ingress ? src : dst;
	bool use_acl = !in_cidr(peer, sn->net, sn->len);
	struct verdict v = {true, COMP_NONE, -1, 0};
	bool sg_egress;
	int sg_port;

	if (reply_mode >= 0)
		reply = reply_mode == 1;
	else if ((sport < 1024) != (dport < 1024))
		reply = sport < 1024;
	else
		reply = sport <= dport;
	/*
	 * A request meets the rules of its own direction on its destination
	 * port; a reply passes iff the request it answers would have, i.e.
	 * the opposite direction's rules for the reversed packet, whose
	 * destination port is this record's source port.
	 */
	sg_egress = reply ? ingress : !ingress;
	sg_port = reply ? sport : dport;
	if (ingress && use_acl) {
		v.rule = acl_decide(sn->acl, false, peer, proto, dport, itype,
		    icode, &allow);
		if (!allow) {
			v.allow = false;
			v.comp = COMP_ACL;
			v.acl = sn->acl;
			return v;
		}
	}
	if (!sg_allows(e, sg_egress, peer, proto, sg_port, itype, icode)) {
		v.allow = false;
		v.comp = COMP_SG;
		return v;
	}
	if (!ingress && use_acl) {
		v.rule = acl_decide(sn->acl, true, peer, proto, dport, itype,
		    icode, &allow);
		if (!allow) {
			v.allow = false;
			v.comp = COMP_ACL;
			v.acl = sn->acl;
			return v;
		}
	}
	v.comp = COMP_NONE;
	v.rule = 0;
	return v;
}

static bool
verdict_equal(const struct verdict *a, const struct verdict *b)
{
	if (a->allow != b->allow)
		return false;
	if (a->allow)
		return true;
	return a->comp == b->comp && a->acl == b->acl && a->rule == b->rule;
}

/*
 * ICMP records show ports 0 0: accept one only if every reading (request
 * or reply; echo request or echo reply) gives the same verdict.
 */
static bool
evaluate_icmp(int e, uint32_t src, uint32_t dst, struct verdict *out)
{
	static const int tc[][2] = {{8, 0}, {0, 0}};
	struct verdict v;
	int mode, k;

	*out = evaluate(e, src, dst, 1, 0, 0, 8, 0, 0);
	for (mode = 0; mode < 2; mode++)
		for (k = 0; k < 2; k++) {
			v = evaluate(e, src, dst, 1, 0, 0, tc[k][0], tc[k][1],
			    mode);
			if (!verdict_equal(&v, out))
				return false;
		}
	return true;
}

/* ---- flow generation ---- */

/*
 * A connection: a client (an ENI, or outside when cli < 0) talking to a
 * server (an ENI, or outside).  Its legs, in the order packets meet them:
 * 0 request leaving the client, 1 request reaching the server, 2 reply
 * leaving the server, 3 reply reaching the client.  A leg on an outside
 * end is not logged.  Packets stop at the first denying leg.
 */
struct conn {
	int cli, srv, proto, cport, sport, kind;
	uint32_t cip, sip, scale;
	struct verdict v[4];
};

enum {
	K_INT,
	K_PEER,
	K_IN,
	K_OUT,
	K_WIN_STRICT,
	K_IN_STRICT,
	R_PROBE,
	R_SCAN,
	R_EGRESS,
	R_TELNET,
	R_BAD,
	K__COUNT
};

static const char *const kind_name[K__COUNT] = {"internal", "peered",
    "internet-in", "internet-out", "windows-to-strict", "internet-to-strict",
    "internal-probe", "internet-scan", "egress-blocked", "nacl-port-deny",
    "blocklisted-peer"};

static int *act, nact;         /* ENIs of running instances */
static int *pub, npub;         /* ...with a public IP and an IGW route */
static int *inet, ninet;       /* ...with a default route */
static int *win, nwin;         /* ...of Windows instances */
static int *strict, nstrict;   /* ...in subnets with the strict NACL */
static int *pstrict, npstrict; /* ...both public and strict */
static int *restr, nrestr;     /* ...whose groups restrict egress */
static uint32_t popular[256];  /* internet services many ENIs talk to */

static void
make_pools(void)
{
	int e, v, i;

	act = xcalloc((size_t)neni, sizeof *act);
	pub = xcalloc((size_t)neni, sizeof *pub);
	inet = xcalloc((size_t)neni, sizeof *inet);
	win = xcalloc((size_t)neni, sizeof *win);
	strict = xcalloc((size_t)neni, sizeof *strict);
	pstrict = xcalloc((size_t)neni, sizeof *pstrict);
	restr = xcalloc((size_t)neni, sizeof *restr);
	for (v = 0; v < nvpc; v++) {
		vpcs[v].act0 = nact;
		for (e = 0; e < neni; e++) {
			const struct eni *en = &enis[e];
			const struct subnet *sn = &subnets[en->subnet];

			if (en->vpc != v || en->inst < 0 ||
			    !insts[en->inst].running)
				continue;
			act[nact++] = e;
			if (en->pub != 0 && sn->igw_route)
				pub[npub++] = e;
			if (sn->default_route)
				inet[ninet++] = e;
			if (insts[en->inst].windows)
				win[nwin++] = e;
			if (acls[sn->acl].kind == ACL_STRICT) {
				strict[nstrict++] = e;
				if (en->pub != 0 && sn->igw_route)
					pstrict[npstrict++] = e;
			}
			if (en->restricted)
				restr[nrestr++] = e;
		}
		vpcs[v].nact = nact - vpcs[v].act0;
	}
	for (i = 0; i < 256; i++)
		popular[i] = random_public(&F, i % 3 == 0);
}

static int
pick(const int *pool, int n)
{
	return n == 0 ? -1 : pool[rng_below(&F, (uint32_t)n)];
}

/* A running ENI in the server's VPC or, for peered, in a peered VPC. */
static int
pick_client(int srv, bool peered)
{
	int v = enis[srv].vpc, tries;

	if (peered) {
		if (vpcs[v].npeer == 0)
			return -1;
		v = vpcs[v].peer[rng_below(&F, (uint32_t)vpcs[v].npeer)];
	}
	for (tries = 0; tries < 8; tries++) {
		int c;

		if (vpcs[v].nact == 0)
			return -1;
		c = act[vpcs[v].act0 +
			(int)rng_below(&F, (uint32_t)vpcs[v].nact)];
		if (c != srv && enis[c].inst != enis[srv].inst)
			return c;
	}
	return -1;
}

static const int common_svc[] = {22, 443, 8080, 5432, 9100, 80};

/* A concrete (protocol, port) allowed by permission p. */
static void
port_in_perm(const struct perm *p, int *proto, int *port)
{
	int i, cand[NSVC_TCP], n = 0;

	if (p->proto == -1) {
		*proto = 6;
		*port = common_svc[rng_below(&F, 6)];
		return;
	}
	*proto = p->proto;
	if (p->proto == 1) {
		*port = 0;
		return;
	}
	if (p->from == p->to) {
		*port = p->from;
		return;
	}
	for (i = 0; i < NSVC_TCP; i++)
		if (svc_tcp[i] >= p->from && svc_tcp[i] <= p->to)
			cand[n++] = svc_tcp[i];
	if (n > 0 && rng_pm(&F, 700))
		*port = cand[rng_below(&F, (uint32_t)n)];
	else
		*port = rng_range(&F, p->from,
		    p->to - p->from > 300 ? p->from + 300 : p->to);
	if (*port > 32000)
		*port = 32000;
}

/* Choose an ingress permission of srv that has a source matching peer. */
static bool
allowed_port(int srv, uint32_t peer, int *proto, int *port)
{
	const struct eni *en = &enis[srv];
	const struct perm *cand[128];
	int n = 0, i, j, k;

	for (i = 0; i < en->ng; i++) {
		const struct sg *s = &sgs[en->g[i]];

		for (j = 0; j < s->nin && n < 128; j++) {
			const struct perm *p = &perms[s->in0 + j];

			for (k = 0; k < p->ns; k++)
				if (src_match(&srcs[p->s0 + k], peer,
					en->vpc)) {
					cand[n++] = p;
					break;
				}
		}
	}
	if (n == 0)
		return false;
	port_in_perm(cand[rng_below(&F, (uint32_t)n)], proto, port);
	return true;
}

/* A public client address that some ingress rule of srv admits. */
static bool
internet_client(int srv, uint32_t *ip)
{
	const struct eni *en = &enis[srv];
	const struct sgsrc *cand[128];
	int n = 0, i, j, k;

	for (i = 0; i < en->ng; i++) {
		const struct sg *s = &sgs[en->g[i]];

		for (j = 0; j < s->nin; j++) {
			const struct perm *p = &perms[s->in0 + j];

			for (k = 0; k < p->ns && n < 128; k++) {
				const struct sgsrc *x = &srcs[p->s0 + k];

				if ((x->kind == SRC_V4 &&
					!in_cidr(x->net, 10u << 24, 8)) ||
				    (x->kind == SRC_PL && !pls[x->ref].v6 &&
					pls[x->ref].kind != PL_VPCS &&
					pls[x->ref].kind != PL_MON))
					cand[n++] = x;
			}
		}
	}
	if (n == 0)
		return false;
	{
		const struct sgsrc *x = cand[rng_below(&F, (uint32_t)n)];
		uint32_t net;
		int len;

		if (x->kind == SRC_PL) {
			const struct pl *l = &pls[x->ref];
			const struct pl_entry *pe =
			    &plents[l->e0 +
				    (int)rng_below(&F, (uint32_t)l->ne)];

			net = pe->net;
			len = pe->len;
		} else {
			net = x->net;
			len = x->len;
		}
		if (len == 0)
			*ip = rng_pm(&F, 150) ? popular[rng_below(&F, 256)]
					      : random_public(&F, false);
		else
			*ip =
			    net | (rng_below(&F, 0xffffffffu) & ~mask_of(len));
	}
	return true;
}

/* An ephemeral port above the server port: by client kind. */
static int
client_port(int cli, int sport)
{
	int lo = 1024, hi = 65535, p;

	if (cli >= 0) {
		if (insts[enis[cli].inst].windows)
			lo = 49152;
		else {
			lo = 32768;
			hi = 60999;
		}
	}
	do
		p = rng_range(&F, lo, hi);
	while (p <= sport);
	return p;
}

/* Evaluate every logged leg; false if an ICMP leg is ambiguous. */
static bool
conn_eval(struct conn *c)
{
	int leg;

	for (leg = 0; leg < 4; leg++) {
		int e = leg == 0 || leg == 3 ? c->cli : c->srv;
		bool rep = leg >= 2;
		uint32_t src = rep ? c->sip : c->cip,
			 dst = rep ? c->cip : c->sip;
		int sp = rep ? c->sport : c->cport,
		    dp = rep ? c->cport : c->sport;

		c->v[leg].allow = true;
		c->v[leg].comp = COMP_NONE;
		if (e < 0)
			continue;
		if (c->proto == 1) {
			if (!evaluate_icmp(e, src, dst, &c->v[leg]))
				return false;
		} else {
			c->v[leg] =
			    evaluate(e, src, dst, c->proto, sp, dp, 0, 0, -1);
		}
	}
	return true;
}

/* The first logged leg that denies, or -1. */
static int
conn_outcome(const struct conn *c)
{
	int leg;

	for (leg = 0; leg < 4; leg++) {
		int e = leg == 0 || leg == 3 ? c->cli : c->srv;

		if (e >= 0 && !c->v[leg].allow)
			return leg;
	}
	return -1;
}

static const int probe_ports[] = {21, 23, 25, 110, 135, 139, 445, 1433, 1521,
    2049, 2375, 3306, 3389, 5432, 5900, 6379, 8080, 8443, 9000, 9200, 11211,
    27017, 4444, 7001, 8888};
#define NPROBE ((int)(sizeof probe_ports / sizeof probe_ports[0]))

static bool
set_ports(struct conn *c, int proto, int port)
{
	c->proto = proto;
	if (proto == 1) {
		c->sport = c->cport = 0;
		return true;
	}
	c->sport = port;
	c->cport = client_port(c->cli, port);
	return true;
}

/* One attempt at building a connection of the given kind. */
static bool
conn_try(struct conn *c, int kind)
{
	int proto = 6, port = 443;

	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->cli = c->srv = -1;
	switch (kind) {
	case K_INT:
	case K_PEER:
	case K_WIN_STRICT:
		if (kind == K_WIN_STRICT) {
			c->srv = pick(strict, nstrict);
			c->cli = pick(win, nwin);
			if (c->srv < 0 || c->cli < 0 || c->srv == c->cli ||
			    enis[c->cli].subnet == enis[c->srv].subnet)
				return false;
			if (enis[c->cli].vpc != enis[c->srv].vpc) {
				int i, ok = 0, v = enis[c->srv].vpc;

				for (i = 0; i < vpcs[v].npeer; i++)
					ok |=
					    vpcs[v].peer[i] == enis[c->cli].vpc;
				if (!ok)
					return false;
			}
		} else {
			c->srv = pick(act, nact);
			c->cli = pick_client(c->srv, kind == K_PEER);
			if (c->cli < 0)
				return false;
		}
		if (!allowed_port(c->srv, enis[c->cli].ip, &proto, &port))
			return false;
		break;
	case K_IN:
	case K_IN_STRICT:
	case R_BAD:
		c->srv = kind == K_IN_STRICT ? pick(pstrict, npstrict)
					     : pick(pub, npub);
		if (c->srv < 0 || !internet_client(c->srv, &c->cip))
			return false;
		if (kind == R_BAD)
			c->cip =
			    bad[rng_below(&F, 8)] | (1u + rng_below(&F, 254));
		if (!allowed_port(c->srv, c->cip, &proto, &port) &&
		    !allowed_port(c->srv, 0x08080808u, &proto, &port))
			return false;
		break;
	case K_OUT:
		c->cli = pick(inet, ninet);
		if (c->cli < 0)
			return false;
		c->sip = rng_pm(&F, 800) ? popular[rng_below(&F, 256)]
					 : random_public(&F, false);
		if (rng_pm(&F, 15))
			c->sip =
			    bad[rng_below(&F, 8)] | (1u + rng_below(&F, 254));
		{
			static const int w[] = {55, 15, 8, 5, 4, 3, 5, 5};
			static const int pp[][2] = {{6, 443}, {6, 80},
			    {17, 123}, {17, 53}, {6, 22}, {6, 25}, {6, 8443},
			    {6, 5432}};
			int k = rng_weighted(&F, w, 8);

			proto = pp[k][0];
			port = pp[k][1];
		}
		break;
	case R_PROBE:
		c->srv = pick(act, nact);
		c->cli = pick_client(c->srv, rng_pm(&F, 250));
		if (c->cli < 0)
			return false;
		port = probe_ports[rng_below(&F, NPROBE)];
		break;
	case R_SCAN:
	case R_TELNET:
		c->srv = pick(pub, npub);
		if (c->srv < 0)
			return false;
		c->cip = random_public(&F, false);
		if (kind == R_TELNET) {
			static const int deny[] = {23, 23, 445, 1433, 3389};

			port = deny[rng_below(&F, 5)];
		} else {
			port = rng_pm(&F, 600)
				   ? probe_ports[rng_below(&F, NPROBE)]
				   : rng_range(&F, 1, 32767);
		}
		break;
	default: /* R_EGRESS */
		c->cli = pick(restr, nrestr);
		if (c->cli < 0)
			return false;
		if (rng_pm(&F, 500)) {
			c->srv = pick_client(c->cli, false);
			if (c->srv < 0)
				return false;
		} else {
			c->sip = random_public(&F, false);
		}
		port = probe_ports[rng_below(&F, NPROBE)];
		if (rng_pm(&F, 200)) {
			proto = 17;
			port = svc_udp[rng_below(&F, NSVC_UDP)];
		}
		break;
	}
	if (c->cli >= 0)
		c->cip = enis[c->cli].ip;
	if (c->srv >= 0)
		c->sip = enis[c->srv].ip;
	set_ports(c, proto, port);
	return conn_eval(c);
}

/*
 * Build a connection: normal kinds want every leg to pass, the designed
 * denials want some leg to deny (the reply leg for the strict kinds), and
 * "as is" takes the first that evaluates.
 */
enum { WANT_ASIS, WANT_PASS, WANT_DENY };

static bool
conn_make(struct conn *c, int kind, int want)
{
	int tries;

	for (tries = 0; tries < 60; tries++) {
		int out;

		if (!conn_try(c, kind))
			continue;
		out = conn_outcome(c);
		if (want == WANT_ASIS || (want == WANT_PASS && out < 0))
			return true;
		if (want == WANT_DENY && out >= 0 &&
		    (out == 2 || (kind != K_IN_STRICT && kind != K_WIN_STRICT)))
			return true;
	}
	return false;
}

/* Output state. */
static FILE *flog, *ftruth;
static long nrec, nreject, class_count[4], cause[6], kind_rej[K__COUNT];
static long long flog_bytes, ftruth_bytes;
static int64_t clock_ms;
static int64_t step_ms;
static int fake_eni_n;
static char fake_id[32][IDLEN];
static uint32_t fake_ip[32];

enum { CL_CONSISTENT, CL_EXPLAINED, CL_SKIPPED, CL_UNKNOWN };
static const char *const class_name[4] = {"consistent", "explained", "skipped",
    "unknown-interface"};

static char *
put_u(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

static char *
put_s(char *p, const char *s)
{
	while (*s != '\0')
		*p++ = *s++;
	return p;
}

static char *
put_ip(char *p, uint32_t ip)
{
	p = put_u(p, ip >> 24);
	*p++ = '.';
	p = put_u(p, ip >> 16 & 255u);
	*p++ = '.';
	p = put_u(p, ip >> 8 & 255u);
	*p++ = '.';
	return put_u(p, ip & 255u);
}

static void
write_line(FILE *f, const char *buf, char *end, long long *bytes)
{
	*end++ = '\n';
	fwrite(buf, 1, (size_t)(end - buf), f);
	*bytes += end - buf;
}

/* One record and its truth line. */
static void
emit(const char *eni_id, uint32_t src, uint32_t dst, int sport, int dport,
    int proto, uint64_t pk, uint64_t by, int64_t st, int64_t en,
    const struct verdict *v, int cls, int kind)
{
	char line[256], *p = line;

	nrec++;
	p = put_s(p, "2 ");
	p = put_s(p, owner);
	*p++ = ' ';
	p = put_s(p, eni_id);
	*p++ = ' ';
	if (v == NULL) {
		p = put_s(p, "- - - - - - - ");
	} else {
		p = put_ip(p, src);
		*p++ = ' ';
		p = put_ip(p, dst);
		*p++ = ' ';
		p = put_u(p, (uint64_t)sport);
		*p++ = ' ';
		p = put_u(p, (uint64_t)dport);
		*p++ = ' ';
		p = put_u(p, (uint64_t)proto);
		*p++ = ' ';
		p = put_u(p, pk);
		*p++ = ' ';
		p = put_u(p, by);
		*p++ = ' ';
	}
	p = put_u(p, (uint64_t)st);
	*p++ = ' ';
	p = put_u(p, (uint64_t)en);
	*p++ = ' ';
	if (v == NULL)
		p = put_s(p,
		    cls == CL_SKIPPED && kind == 1 ? "- SKIPDATA" : "- NODATA");
	else
		p = put_s(p, v->allow ? "ACCEPT OK" : "REJECT OK");
	write_line(flog, line, p, &flog_bytes);

	p = put_u(line, (uint64_t)nrec);
	*p++ = ' ';
	if (cls == CL_CONSISTENT && v != NULL && !v->allow)
		cls = CL_EXPLAINED;
	p = put_s(p, class_name[cls]);
	class_count[cls]++;
	if (v != NULL && !v->allow) {
		nreject++;
		if (cls == CL_EXPLAINED && kind >= 0)
			kind_rej[kind]++;
	}
	if (cls == CL_EXPLAINED) {
		bool ingress = false;

		if (v->comp == COMP_ACL) {
			p = put_s(p, " network-acl ");
			p = put_s(p, acls[v->acl].id);
			*p++ = ' ';
			p = put_u(p, (uint64_t)v->rule);
		} else {
			p = put_s(p, " security-group ");
			p = put_s(p, eni_id);
			p = put_s(p, " -");
		}
		/* The record is ingress when the ENI is its destination. */
		ingress = eni_find(dst) >= 0 &&
			  strcmp(enis[eni_find(dst)].id, eni_id) == 0;
		p = put_s(p, ingress ? " ingress" : " egress");
		cause[(v->comp == COMP_ACL ? 2 : 0) + (ingress ? 0 : 1) +
		      (v->comp == COMP_ACL && v->rule == 32767 ? 2 : 0)]++;
	}
	write_line(ftruth, line, p, &ftruth_bytes);
}

static void
tick(void)
{
	clock_ms += (int64_t)rng_below(&F, (uint32_t)(2 * step_ms + 1));
}

static int64_t
now_s(void)
{
	return T_FLOWS + clock_ms / 1000;
}

/* Packets and bytes of a denied leg: a few retransmitted packets. */
static void
denied_counts(const struct conn *c, uint64_t *pk, uint64_t *by)
{
	*pk = 1 + rng_below(&F, 4);
	if (c->proto == 6)
		*by = *pk * (uint64_t)(40 + 4 * rng_below(&F, 6));
	else if (c->proto == 1)
		*by = *pk * 84;
	else
		*by = *pk * (uint64_t)(60 + rng_below(&F, 400));
}

/*
 * One aggregation window of a connection: its logged legs.  Both ends of
 * a direction see the same packets, so the counts are drawn per direction.
 */
static void
emit_conn(const struct conn *c, long limit)
{
	int64_t st = now_s(), en = st + rng_range(&F, 0, 59);
	uint64_t pk[2], by[2];
	int leg;

	pk[0] = 1 + rng_below(&F, c->scale);
	pk[1] = pk[0] / 2 + 1 + rng_below(&F, (uint32_t)pk[0] + 1u);
	if (c->proto == 1) {
		pk[1] = pk[0];
		by[0] = pk[0] * 84;
		by[1] = pk[1] * 84;
	} else {
		by[0] = pk[0] * (uint64_t)(52 + rng_below(&F, 300));
		by[1] = pk[1] * (uint64_t)(52 + rng_below(&F, 1397));
	}
	for (leg = 0; leg < 4 && nrec < limit; leg++) {
		int e = leg == 0 || leg == 3 ? c->cli : c->srv;
		int r = leg >= 2;
		const struct verdict *v = &c->v[leg];
		uint64_t p = pk[r], b = by[r];

		if (e < 0)
			continue;
		if (!v->allow)
			denied_counts(c, &p, &b);
		if (r)
			emit(enis[e].id, c->sip, c->cip, c->sport, c->cport,
			    c->proto, p, b, st, v->allow ? en : st + 1, v,
			    CL_CONSISTENT, c->kind);
		else
			emit(enis[e].id, c->cip, c->sip, c->cport, c->sport,
			    c->proto, p, b, st, v->allow ? en : st + 1, v,
			    CL_CONSISTENT, c->kind);
		tick();
		if (!v->allow)
			break;
	}
}

static void
emit_special(int what)
{
	int64_t st = now_s();

	if (what < 2) {
		/* NODATA (0) or SKIPDATA (1) on a known interface. */
		int e = pick(act, nact);

		emit(enis[e].id, 0, 0, 0, 0, 0, 0, 0, st, st + 60, NULL,
		    CL_SKIPPED, what);
	} else {
		/* A record on an interface the snapshot does not have. */
		int k = (int)rng_below(&F, (uint32_t)fake_eni_n);
		uint32_t peer = random_public(&F, false);
		int sp = rng_range(&F, 1024, 65535);
		struct verdict v = {!rng_pm(&F, 100), COMP_NONE, -1, 0};
		uint64_t pk = 1 + rng_below(&F, 40);

		if (rng_pm(&F, 500))
			emit(fake_id[k], peer, fake_ip[k], sp, 443, 6, pk,
			    pk * 120, st, st + 30, &v, CL_UNKNOWN, -1);
		else
			emit(fake_id[k], fake_ip[k], peer, sp, 443, 6, pk,
			    pk * 120, st, st + 30, &v, CL_UNKNOWN, -1);
	}
	tick();
}

static int64_t
file_size(FILE *f)
{
	return (int64_t)ftell(f);
}

static void
make_flows(const char *dir, long target)
{
	static const int busy_w[K__COUNT] = {38, 10, 18, 24, 3, 2, 2, 1, 2, 0,
	    0};
	static const int tail_w[K__COUNT] = {35, 10, 25, 30, 0, 0, 0, 0, 0, 0,
	    0};
	static const int rej_w[K__COUNT] = {0, 0, 0, 0, 6, 12, 30, 25, 12, 8,
	    7};
	char path[4200];
	struct conn *busy;
	uint32_t *cum;
	int nb = 0, i;
	uint64_t total = 0;

	snprintf(path, sizeof path, "%s/flows.log", dir);
	flog = fopen(path, "w");
	snprintf(path, sizeof path, "%s/flows.truth", dir);
	ftruth = fopen(path, "w");
	if (flog == NULL || ftruth == NULL)
		die("cannot create flow output in", dir);
	setvbuf(flog, NULL, _IOFBF, 1 << 20);
	setvbuf(ftruth, NULL, _IOFBF, 1 << 20);
	make_pools();
	fake_eni_n = 25;
	for (i = 0; i < fake_eni_n; i++) {
		mkid(fake_id[i], "eni-", &F);
		fake_ip[i] = 10u << 24 | (uint32_t)(200 + i % 50) << 16 |
			     rng_below(&F, 65536);
	}
	step_ms = FLOW_SPAN_MS / (target > 0 ? target : 1);

	/* The busy flows, with Zipf-like weights. */
	busy = xcalloc((size_t)SC->nbusy, sizeof *busy);
	cum = xcalloc((size_t)SC->nbusy, sizeof *cum);
	while (nb < SC->nbusy) {
		int kind = rng_weighted(&F, busy_w, K__COUNT);
		int want = kind >= R_PROBE ? WANT_DENY
			   : kind == K_WIN_STRICT || kind == K_IN_STRICT
			       ? WANT_ASIS
			       : WANT_PASS;

		if (!conn_make(&busy[nb], kind, want))
			continue;
		nb++;
	}
	for (i = 0; i < nb; i++) {
		uint32_t w = 2000000u / (uint32_t)(i + 20);

		busy[i].scale = 20 + 40000u / (uint32_t)(i + 10);
		total += w;
		cum[i] = (uint32_t)total;
	}

	while (nrec < target) {
		uint32_t x = rng_below(&F, 100000);

		if (x < 120) {
			emit_special(x < 20 ? 1 : 0);
		} else if (x < 420) {
			emit_special(2);
		} else if (x < 62000) {
			uint32_t r = rng_below(&F, (uint32_t)total);
			int lo = 0, hi = nb - 1;

			while (lo < hi) {
				int mid = (lo + hi) / 2;

				if (cum[mid] > r)
					hi = mid;
				else
					lo = mid + 1;
			}
			emit_conn(&busy[lo], target);
		} else {
			struct conn c;
			bool deny = nreject * 10 < nrec ? rng_pm(&F, 600)
							: rng_pm(&F, 40);
			int kind =
			    rng_weighted(&F, deny ? rej_w : tail_w, K__COUNT);

			if (!conn_make(&c, kind, deny ? WANT_DENY : WANT_PASS))
				continue;
			c.scale = 1 + rng_below(&F, 30);
			emit_conn(&c, target);
		}
	}
	flog_bytes = file_size(flog);
	ftruth_bytes = file_size(ftruth);
	if (ferror(flog) || fclose(flog) != 0 || ferror(ftruth) ||
	    fclose(ftruth) != 0)
		die("write error in", dir);
	free(busy);
	free(cum);
}

/* ---- main ---- */

static void
mkdir_p(const char *path)
{
	char tmp[4096];
	size_t i, n = strlen(path);

	if (n >= sizeof tmp)
		die("path too long", path);
	memcpy(tmp, path, n + 1);
	for (i = 1; i <= n; i++)
		if (tmp[i] == '/' || tmp[i] == '\0') {
			char c = tmp[i];

			tmp[i] = '\0';
			if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
				die("cannot create directory", tmp);
			tmp[i] = c;
		}
}

/* Remove the JSON pages of an earlier run so no stale page survives. */
static void
clean_region(void)
{
	DIR *d = opendir(regiondir);
	struct dirent *de;
	char path[4400];

	if (d == NULL)
		die("cannot open", regiondir);
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n > 5 && strcmp(de->d_name + n - 5, ".json") == 0) {
			snprintf(path, sizeof path, "%s/%s", regiondir,
			    de->d_name);
			if (unlink(path) != 0)
				die("cannot remove", path);
		}
	}
	closedir(d);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: gen --out DIR [--seed N] [--scale region|small] "
	    "[--records N]\n");
	exit(2);
}

static void
alloc_model(void)
{
	size_t nv = (size_t)SC->nvpc, ns = nv * SUB_PER_VPC;
	size_t ng = nv * (size_t)SC->sg_per_vpc;
	size_t i;

	idset = xcalloc((size_t)1 << IDSET_BITS, sizeof *idset);
	vpcs = xcalloc(nv, sizeof *vpcs);
	subnets = xcalloc(ns, sizeof *subnets);
	sgs = xcalloc(ng, sizeof *sgs);
	maxperm = (int)ng * MAXRR;
	maxsrc = (int)ng * MAXRR;
	perms = xcalloc((size_t)maxperm, sizeof *perms);
	srcs = xcalloc((size_t)maxsrc, sizeof *srcs);
	acls = xcalloc(nv * ACL_PER_VPC, sizeof *acls);
	aents = xcalloc(nv * ACL_PER_VPC * 64, sizeof *aents);
	enis = xcalloc((size_t)SC->neni, sizeof *enis);
	insts = xcalloc((size_t)SC->neni, sizeof *insts);
	rsvs = xcalloc((size_t)SC->neni, sizeof *rsvs);
	nats = xcalloc(nv * (size_t)SC->nat_per_vpc, sizeof *nats);
	igws = xcalloc(nv, sizeof *igws);
	pcxs = xcalloc((size_t)SC->npcx + 1, sizeof *pcxs);
	pls = xcalloc(PL__COUNT, sizeof *pls);
	plents = xcalloc(nv + 64, sizeof *plents);
	maxroute = (int)nv * RTB_PER_VPC * 64;
	routes = xcalloc((size_t)maxroute, sizeof *routes);
	rtbs = xcalloc(nv * RTB_PER_VPC, sizeof *rtbs);
	for (i = 1; i < ((size_t)SC->neni * 8 + 64); i <<= 1)
		;
	ipmask = i - 1;
	ipkey = xcalloc(i, sizeof *ipkey);
	ipval = xcalloc(i, sizeof *ipval);
}

int
main(int argc, char **argv)
{
	const char *out = NULL;
	uint64_t seed = 1;
	long records = -1;
	double t0 = now_seconds(), t1, t2;
	long long total = 0;
	int i;

	SC = &scales[0];
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		char *end;

		if (i + 1 >= argc)
			usage();
		if (strcmp(a, "--out") == 0) {
			out = argv[++i];
		} else if (strcmp(a, "--seed") == 0) {
			errno = 0;
			seed = strtoull(argv[++i], &end, 10);
			if (errno != 0 || *end != '\0' || end == argv[i])
				usage();
		} else if (strcmp(a, "--records") == 0) {
			errno = 0;
			records = strtol(argv[++i], &end, 10);
			if (errno != 0 || *end != '\0' || records < 0)
				usage();
		} else if (strcmp(a, "--scale") == 0) {
			i++;
			if (strcmp(argv[i], "region") == 0)
				SC = &scales[0];
			else if (strcmp(argv[i], "small") == 0)
				SC = &scales[1];
			else
				usage();
		} else {
			usage();
		}
	}
	if (out == NULL)
		usage();
	if (records < 0)
		records = SC->nrec;
	S.s = seed * UINT64_C(0x2545f4914f6cdd1d) ^ UINT64_C(0x5eed5eed);
	F.s = seed * UINT64_C(0x9e3779b97f4a7c15) ^ UINT64_C(0xf10f10f1);
	snprintf(regiondir, sizeof regiondir, "%s/region", out);
	mkdir_p(regiondir);
	clean_region();

	alloc_model();
	make_globals();
	make_prefix_lists();
	make_vpcs();
	make_subnets();
	make_peerings();
	make_sgs();
	make_acls();
	make_instances();
	make_gateways();
	make_route_tables();

	write_vpcs();
	write_subnets();
	write_enis();
	write_reservations();
	write_sgs();
	write_acls();
	write_rtbs();
	write_igws();
	write_nats();
	write_pcxs();
	write_pls();
	t1 = now_seconds();

	make_flows(out, records);
	t2 = now_seconds();

	printf("gen: seed %" PRIu64 ", scale %s, out %s\n", seed, SC->name,
	    out);
	printf("%-28s %9s %6s %12s\n", "snapshot", "objects", "files", "bytes");
	for (i = 0; i < nstats; i++) {
		printf("%-28s %9ld %6ld %12lld\n", stats[i].what,
		    stats[i].objects, stats[i].files, stats[i].bytes);
		total += stats[i].bytes;
	}
	printf("%-28s %9s %6s %12lld (%.1f MB)\n", "region total", "", "",
	    total, (double)total / 1e6);
	printf("NACL entries %d, subnets with the strict NACL: ENIs %d "
	       "(public %d), Windows ENIs %d, egress-restricted ENIs %d\n",
	    naent, nstrict, npstrict, nwin, nrestr);
	printf("flow records %ld: REJECT %ld (%.2f%%)\n", nrec, nreject,
	    nrec > 0 ? 100.0 * (double)nreject / (double)nrec : 0.0);
	for (i = 0; i < 4; i++)
		printf("  %-18s %9ld\n", class_name[i], class_count[i]);
	printf("denials: security-group ingress %ld, egress %ld; NACL rule "
	       "ingress %ld, egress %ld; NACL implicit 32767 ingress %ld, "
	       "egress %ld\n",
	    cause[0], cause[1], cause[2], cause[3], cause[4], cause[5]);
	printf("REJECT by connection kind:");
	for (i = 0; i < K__COUNT; i++)
		if (kind_rej[i] > 0)
			printf(" %s %ld", kind_name[i], kind_rej[i]);
	printf("\n");
	printf("flows.log %lld bytes, flows.truth %lld bytes\n", flog_bytes,
	    ftruth_bytes);
	printf("time: snapshot %.2f s, flows %.2f s, total %.2f s\n", t1 - t0,
	    t2 - t1, t2 - t0);
	return 0;
}
