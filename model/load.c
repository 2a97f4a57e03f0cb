/*
 * load.c - the describe-* loader (see load.h).
 *
 * Conversion walks each top-level key's array with a small path stack, so
 * a diagnostic can name the exact JSON pointer without building path
 * strings for values that are fine.  Getters (g_str, g_int, g_pfx, ...)
 * check one field each, report a located error when its type or value is
 * wrong, and leave the output untouched when the field is absent, so
 * callers set AWS's default first and then read.
 */
#include "load.h"

#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "jsonpos.h"
#include "judy.h"
#include "mem.h"
#include "topo.h"

#define MAX_PATH_DEPTH 32
#define MAX_DIR_DEPTH  32
#define MAX_ID_LEN     200

struct pathel {
	const char *key; /* NULL: array index */
	long idx;
};

/* A loaded object: where it is and what it looked like (for duplicates). */
struct seen {
	enum vs_kind kind;
	vs_idx idx;
	uint64_t hash;
};

/* A rule from SecurityGroupRules, waiting for the end of the load. */
struct sgr {
	const char *group;
	const char *file, *path;
	struct vs_sg_rule rule;
};

struct unmodelled {
	const char *file;
	unsigned files;
};

struct vs_loader {
	struct vs_topo *t;
	struct vs_diags *d;
	struct vs_arena *tmp; /* load-time only */
	struct vs_smap seen;  /* id -> struct seen * */
	struct vs_smap unmod; /* key -> struct unmodelled * */
	struct sgr *sgrs;
	size_t n_sgrs, cap_sgrs;
	struct vs_load_stats stats;
	size_t errors_at_start;
};

/* Per-tree conversion context. */
struct cx {
	struct vs_loader *l;
	struct vs_topo *t;
	struct vs_diags *d;
	const struct vs_src *src;
	const char *file; /* in the topology arena */
	const char *fname;
	struct pathel path[MAX_PATH_DEPTH];
	int depth;
	struct vs_smap keys_this_file;
};

/* ---- paths and diagnostics ---- */

static void
push_key(struct cx *c, const char *k)
{
	if (c->depth < MAX_PATH_DEPTH) {
		c->path[c->depth].key = k;
		c->path[c->depth].idx = 0;
	}
	c->depth++;
}

static void
push_idx(struct cx *c, long i)
{
	if (c->depth < MAX_PATH_DEPTH) {
		c->path[c->depth].key = NULL;
		c->path[c->depth].idx = i;
	}
	c->depth++;
}

static void
pop(struct cx *c)
{
	c->depth--;
}

static void
append_token(char *buf, size_t n, size_t *at, const char *k)
{
	if (*at + 1 >= n)
		return;
	buf[(*at)++] = '/';
	for (; *k && *at + 2 < n; k++) {
		if (*k == '~' || *k == '/') {
			buf[(*at)++] = '~';
			buf[(*at)++] = *k == '~' ? '0' : '1';
		} else {
			buf[(*at)++] = *k;
		}
	}
	buf[*at] = '\0';
}

/* Render the current path plus an optional last key. */
static const char *
path_str(const struct cx *c, const char *last, char *buf, size_t n)
{
	size_t at = 0;
	int i;
	char num[24];

	buf[0] = '\0';
	for (i = 0; i < c->depth && i < MAX_PATH_DEPTH; i++) {
		if (c->path[i].key) {
			append_token(buf, n, &at, c->path[i].key);
		} else {
			snprintf(num, sizeof(num), "%ld", c->path[i].idx);
			append_token(buf, n, &at, num);
		}
	}
	if (last)
		append_token(buf, n, &at, last);
	return buf;
}

static void
diag_at(struct cx *c, enum vs_sev sev, const cJSON *node, const char *last,
    const char *msg)
{
	char path[1024];
	struct vs_jpos pos;

	if (!vs_diags_room(c->d, sev)) {
		vs_diag_add(c->d, sev, NULL, 0, 0, NULL, "-");
		return;
	}
	path_str(c, last, path, sizeof(path));
	vs_src_locate(c->src, node, path, &pos);
	vs_diag_add(c->d, sev, c->fname, pos.line, pos.col, path, "%s", msg);
}

static void cerr(struct cx *c, const cJSON *node, const char *last,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void cwarn(struct cx *c, const cJSON *node, const char *last,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
cerr(struct cx *c, const cJSON *node, const char *last, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_at(c, VS_SEV_ERR, node, last, msg);
}

static void
cwarn(struct cx *c, const cJSON *node, const char *last, const char *fmt,
    ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_at(c, VS_SEV_WARN, node, last, msg);
}

/* A short rendering of a JSON value for "got ..." in messages. */
static const char *
desc(const struct cx *c, const cJSON *n, const char *last, char *buf,
    size_t len)
{
	if (n == NULL)
		return "nothing";
	if (cJSON_IsString(n)) {
		size_t i, o = 0;
		const char *s = n->valuestring;
		buf[o++] = '"';
		for (i = 0; s[i] && o + 6 < len; i++) {
			unsigned char ch = (unsigned char)s[i];
			if (i >= 60) {
				memcpy(buf + o, "...", 3);
				o += 3;
				break;
			}
			if (ch < 0x20 || ch == 0x7f) {
				o += (size_t)snprintf(buf + o, len - o,
				    "\\x%02x", ch);
			} else {
				if (ch == '"' || ch == '\\')
					buf[o++] = '\\';
				buf[o++] = (char)ch;
			}
		}
		buf[o++] = '"';
		buf[o] = '\0';
		return buf;
	}
	if (cJSON_IsNumber(n)) {
		struct vs_jpos pos;
		char path[1024];
		if (c->src && c->src->text) {
			path_str(c, last, path, sizeof(path));
			if (vs_json_locate(c->src->text, c->src->len, path,
				&pos) == 0 &&
			    pos.len > 0 && pos.len < len) {
				memcpy(buf, c->src->text + pos.off, pos.len);
				buf[pos.len] = '\0';
				return buf;
			}
		}
		snprintf(buf, len, "%.17g", n->valuedouble);
		return buf;
	}
	if (cJSON_IsTrue(n))
		return "true";
	if (cJSON_IsFalse(n))
		return "false";
	if (cJSON_IsNull(n))
		return "null";
	if (cJSON_IsArray(n))
		return "an array";
	if (cJSON_IsObject(n))
		return "an object";
	return "an unknown value";
}

/* ---- getters ---- */

static const cJSON *
field(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static bool
absent(const cJSON *n)
{
	return n == NULL || cJSON_IsNull(n);
}

static const char *
intern(struct cx *c, const char *s)
{
	return vs_arena_strdup(c->t->arena, s);
}

/* String field; *out untouched when absent.  Returns false on error. */
static bool
g_str(struct cx *c, const cJSON *o, const char *k, const char **out,
    bool required)
{
	const cJSON *n = field(o, k);
	char b[128];

	if (absent(n)) {
		if (required) {
			cerr(c, o, NULL, "missing required key \"%s\"", k);
			return false;
		}
		return true;
	}
	if (!cJSON_IsString(n)) {
		cerr(c, n, k, "expected a string, got %s",
		    desc(c, n, k, b, sizeof(b)));
		return false;
	}
	*out = intern(c, n->valuestring);
	return true;
}

/* An AWS id: a non-empty string without blanks, at most MAX_ID_LEN. */
static bool
g_id(struct cx *c, const cJSON *o, const char *k, const char **out,
    bool required)
{
	const char *s = NULL;
	const cJSON *n = field(o, k);
	size_t i, len;

	if (!g_str(c, o, k, &s, required))
		return false;
	if (s == NULL)
		return true;
	len = strlen(s);
	if (len == 0 || len > MAX_ID_LEN) {
		cerr(c, n, k, "expected an id, got a string of %zu bytes",
		    len);
		return false;
	}
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch <= 0x20 || ch == 0x7f) {
			cerr(c, n, k, "expected an id, got \"%s\"", s);
			return false;
		}
	}
	*out = s;
	return true;
}

static bool
g_bool(struct cx *c, const cJSON *o, const char *k, bool *out)
{
	const cJSON *n = field(o, k);
	char b[128];

	if (absent(n))
		return true;
	if (!cJSON_IsBool(n)) {
		cerr(c, n, k, "expected true or false, got %s",
		    desc(c, n, k, b, sizeof(b)));
		return false;
	}
	*out = cJSON_IsTrue(n);
	return true;
}

/* Integer in [lo, hi]; *has tells whether it was present. */
static bool
g_int(struct cx *c, const cJSON *o, const char *k, long lo, long hi,
    long *out, bool *has)
{
	const cJSON *n = field(o, k);
	char b[128];
	double v;

	if (has)
		*has = false;
	if (absent(n))
		return true;
	if (!cJSON_IsNumber(n)) {
		cerr(c, n, k, "expected an integer %ld..%ld, got %s", lo, hi,
		    desc(c, n, k, b, sizeof(b)));
		return false;
	}
	v = n->valuedouble;
	if (!isfinite(v) || v != floor(v) || v < (double)lo ||
	    v > (double)hi) {
		cerr(c, n, k, "expected an integer %ld..%ld, got %s", lo, hi,
		    desc(c, n, k, b, sizeof(b)));
		return false;
	}
	*out = (long)v;
	if (has)
		*has = true;
	return true;
}

/* A protocol: "tcp", "6", "-1", or a number (YAML may give one). */
static bool
g_proto(struct cx *c, const cJSON *o, const char *k, int *out)
{
	const cJSON *n = field(o, k);
	char b[128];
	int p = -2;

	if (absent(n)) {
		cerr(c, o, NULL, "missing required key \"%s\"", k);
		return false;
	}
	if (cJSON_IsString(n))
		p = vs_proto_parse(n->valuestring, strlen(n->valuestring));
	else if (cJSON_IsNumber(n) && n->valuedouble == floor(n->valuedouble) &&
	    n->valuedouble >= -1 && n->valuedouble <= 255)
		p = (int)n->valuedouble;
	if (p == -2) {
		cerr(c, n, k,
		    "expected a protocol (tcp, udp, icmp, icmpv6, -1 or "
		    "0..255), got %s",
		    desc(c, n, k, b, sizeof(b)));
		return false;
	}
	*out = p;
	return true;
}

static bool
parse_pfx(struct cx *c, const cJSON *n, const char *k, int af,
    struct vs_prefix *out)
{
	char b[128];
	enum vs_pfx_err e;

	if (!cJSON_IsString(n)) {
		cerr(c, n, k, "expected an %s CIDR block, got %s",
		    af == VS_AF6 ? "IPv6" : "IPv4",
		    desc(c, n, k, b, sizeof(b)));
		return false;
	}
	e = vs_prefix_parse(n->valuestring, strlen(n->valuestring), af, out);
	if (e == VS_PFX_HOSTBITS) {
		char p[VS_PFX_STRLEN];
		cwarn(c, n, k, "CIDR %s has host bits set; read as %s",
		    n->valuestring, vs_prefix_fmt(out, p));
		return true;
	}
	if (e != VS_PFX_OK) {
		cerr(c, n, k, "expected an %s CIDR block, got %s (%s)",
		    af == VS_AF6 ? "IPv6" : "IPv4",
		    desc(c, n, k, b, sizeof(b)), vs_prefix_strerror(e));
		return false;
	}
	return true;
}

static bool
g_pfx(struct cx *c, const cJSON *o, const char *k, int af,
    struct vs_prefix *out, bool *has)
{
	const cJSON *n = field(o, k);

	if (has)
		*has = false;
	if (absent(n))
		return true;
	if (!parse_pfx(c, n, k, af, out))
		return false;
	if (has)
		*has = true;
	return true;
}

static bool
g_addr(struct cx *c, const cJSON *o, const char *k, int af,
    struct vs_addr *out, bool *has)
{
	const cJSON *n = field(o, k);
	char b[128];
	int rc;

	if (has)
		*has = false;
	if (absent(n))
		return true;
	if (!cJSON_IsString(n)) {
		cerr(c, n, k, "expected an %s address, got %s",
		    af == VS_AF6 ? "IPv6" : "IPv4",
		    desc(c, n, k, b, sizeof(b)));
		return false;
	}
	rc = af == VS_AF6 ? vs_addr_parse6(n->valuestring,
				strlen(n->valuestring), out)
			  : vs_addr_parse4(n->valuestring,
				strlen(n->valuestring), out);
	if (rc != 0) {
		cerr(c, n, k, "expected an %s address, got %s",
		    af == VS_AF6 ? "IPv6" : "IPv4",
		    desc(c, n, k, b, sizeof(b)));
		return false;
	}
	if (has)
		*has = true;
	return true;
}

/* Array field: NULL when absent (or on a type error, reported). */
static const cJSON *
g_arr(struct cx *c, const cJSON *o, const char *k)
{
	const cJSON *n = field(o, k);
	char b[128];

	if (absent(n))
		return NULL;
	if (!cJSON_IsArray(n)) {
		cerr(c, n, k, "expected an array, got %s",
		    desc(c, n, k, b, sizeof(b)));
		return NULL;
	}
	return n;
}

static const cJSON *
g_obj(struct cx *c, const cJSON *o, const char *k)
{
	const cJSON *n = field(o, k);
	char b[128];

	if (absent(n))
		return NULL;
	if (!cJSON_IsObject(n)) {
		cerr(c, n, k, "expected an object, got %s",
		    desc(c, n, k, b, sizeof(b)));
		return NULL;
	}
	return n;
}

/* Is element e (at the current path) an object?  Reports if not. */
static bool
need_obj(struct cx *c, const cJSON *e)
{
	char b[128];

	if (cJSON_IsObject(e))
		return true;
	cerr(c, e, NULL, "expected an object, got %s",
	    desc(c, e, NULL, b, sizeof(b)));
	return false;
}

static struct vs_origin
here(struct cx *c)
{
	char path[1024];
	struct vs_origin o;

	o.file = c->file;
	o.path = intern(c, path_str(c, NULL, path, sizeof(path)));
	return o;
}

/* Array of strings (e.g. SubnetIds) or of objects holding key k. */
static const char **
g_strlist(struct cx *c, const cJSON *o, const char *k, const char *inner,
    uint32_t *count)
{
	const cJSON *a = g_arr(c, o, k), *e;
	const char **v;
	uint32_t n = 0;
	long i = 0;

	*count = 0;
	if (a == NULL)
		return NULL;
	v = vs_arena_alloc(c->t->arena,
	    sizeof(*v) * ((size_t)cJSON_GetArraySize(a) + 1u));
	push_key(c, k);
	cJSON_ArrayForEach(e, a)
	{
		const char *s = NULL;
		push_idx(c, i++);
		if (inner == NULL) {
			char b[128];
			if (cJSON_IsString(e))
				s = intern(c, e->valuestring);
			else
				cerr(c, e, NULL, "expected a string, got %s",
				    desc(c, e, NULL, b, sizeof(b)));
		} else if (need_obj(c, e)) {
			g_id(c, e, inner, &s, false);
		}
		if (s != NULL)
			v[n++] = s;
		pop(c);
	}
	pop(c);
	*count = n;
	return v;
}

/* ---- hashing (duplicate detection) ---- */

static uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static bool
ignored_key(const char *k)
{
	static const char *const keys[] = {"Tags", "TagSet", "CreationTime",
	    "CreateTime", "AttachTime", "LaunchTime", "CreationTimestamp",
	    "PrivateDnsName", "PublicDnsName", "MacAddress", "Description",
	    "Status", "StateReason", "StateTransitionReason", NULL};
	int i;
	for (i = 0; keys[i]; i++)
		if (strcmp(k, keys[i]) == 0)
			return true;
	return false;
}

/* Order-insensitive for object members, order-sensitive for arrays. */
static uint64_t
hash_json(const cJSON *n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)(n->type & 0xff);
	const cJSON *e;

	if (cJSON_IsString(n)) {
		h = hash_bytes(h, n->valuestring, strlen(n->valuestring));
	} else if (cJSON_IsNumber(n)) {
		h = hash_bytes(h, &n->valuedouble, sizeof(n->valuedouble));
	} else if (cJSON_IsArray(n)) {
		cJSON_ArrayForEach(e, n)
		{
			uint64_t x = hash_json(e);
			h = hash_bytes(h, &x, sizeof(x));
		}
	} else if (cJSON_IsObject(n)) {
		uint64_t sum = 0;
		cJSON_ArrayForEach(e, n)
		{
			uint64_t x;
			if (e->string == NULL || ignored_key(e->string))
				continue;
			x = hash_bytes(0xcbf29ce484222325ull, e->string,
			    strlen(e->string));
			x ^= hash_json(e) * 0x9e3779b97f4a7c15ull;
			sum += x * 0xff51afd7ed558ccdull;
		}
		h = hash_bytes(h, &sum, sizeof(sum));
	}
	return h;
}

static struct seen *
seen_get(struct vs_loader *l, const char *id)
{
	uintptr_t v;
	if (vs_smap_get(&l->seen, id, &v))
		return (struct seen *)v;
	return NULL;
}

static void
seen_put(struct vs_loader *l, const char *id, enum vs_kind k, vs_idx i,
    uint64_t h)
{
	struct seen *s = vs_arena_alloc(l->tmp, sizeof(*s));
	s->kind = k;
	s->idx = i;
	s->hash = h;
	*vs_smap_slot(&l->seen, id) = (uintptr_t)s;
}

/*
 * Before adding an object of kind k with this id: returns true when it is
 * new.  A repeat with the same content is dropped silently; a different
 * one is an error naming where the first came from.
 */
static bool
first_time(struct cx *c, const cJSON *o, const char *idkey, const char *id,
    enum vs_kind k, const struct vs_origin *first_of(const struct vs_topo *,
			vs_idx))
{
	struct seen *s = seen_get(c->l, id);
	uint64_t h;

	if (s == NULL)
		return true;
	h = hash_json(o);
	if (s->kind == k && s->hash == h)
		return false;
	if (s->kind != k)
		cerr(c, field(o, idkey), idkey,
		    "id %s is already used by a %s", id, vs_kind_names[s->kind]);
	else {
		const struct vs_origin *at = first_of(c->t, s->idx);
		cerr(c, field(o, idkey), idkey,
		    "duplicate %s %s with different contents (first at %s %s)",
		    vs_kind_names[k], id, at->file, at->path);
	}
	return false;
}

/* ---- converters ---- */

static uint8_t
bpa_mode(const char *s)
{
	if (s == NULL || strcmp(s, "off") == 0)
		return 0;
	if (strcmp(s, "block-bidirectional") == 0)
		return 1;
	if (strcmp(s, "block-ingress") == 0)
		return 2;
	return 0;
}

static uint8_t
g_bpa(struct cx *c, const cJSON *o)
{
	const cJSON *b = g_obj(c, o, "BlockPublicAccessStates");
	const char *m = NULL;

	if (b == NULL)
		return 0;
	push_key(c, "BlockPublicAccessStates");
	g_str(c, b, "InternetGatewayBlockMode", &m, false);
	pop(c);
	return bpa_mode(m);
}

static bool
cidr_state_ok(struct cx *c, const cJSON *e, const char *statekey)
{
	const cJSON *st = g_obj(c, e, statekey);
	const char *s = NULL;

	if (st == NULL)
		return true;
	push_key(c, statekey);
	g_str(c, st, "State", &s, false);
	pop(c);
	return s == NULL || strcmp(s, "associated") == 0 ||
	    strcmp(s, "associating") == 0;
}

static void
add_prefix(struct cx *c, struct vs_prefix **v, uint32_t *n, size_t *cap,
    const struct vs_prefix *p)
{
	uint32_t i;
	for (i = 0; i < *n; i++)
		if (vs_prefix_cmp(&(*v)[i], p) == 0)
			return;
	*v = vs_arena_grow(c->t->arena, *v, sizeof(**v), cap, *n + 1u);
	(*v)[(*n)++] = *p;
}

/* CIDR blocks from an association set: [{key: cidr, statekey: {State}}]. */
static void
cidr_set(struct cx *c, const cJSON *o, const char *setkey, const char *key,
    const char *statekey, int af, struct vs_prefix **v, uint32_t *n,
    size_t *cap)
{
	const cJSON *a = g_arr(c, o, setkey), *e;
	long i = 0;

	if (a == NULL)
		return;
	push_key(c, setkey);
	cJSON_ArrayForEach(e, a)
	{
		struct vs_prefix p;
		bool has;
		push_idx(c, i++);
		if (need_obj(c, e) && g_pfx(c, e, key, af, &p, &has) && has &&
		    (statekey == NULL || cidr_state_ok(c, e, statekey)))
			add_prefix(c, v, n, cap, &p);
		pop(c);
	}
	pop(c);
}

static const struct vs_origin *
vpc_at(const struct vs_topo *t, vs_idx i)
{
	return &t->vpcs[i].at;
}

static void
conv_vpc(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_vpc *v;
	struct vs_prefix p;
	bool has;
	size_t cap = 0;

	if (!g_id(c, o, "VpcId", &id, true))
		return;
	if (!first_time(c, o, "VpcId", id, VS_K_VPC, vpc_at))
		return;
	v = vs_topo_add(c->t, VS_K_VPC);
	v->id = id;
	v->at = here(c);
	g_str(c, o, "OwnerId", &v->owner, false);
	g_str(c, o, "State", &v->state, false);
	g_bool(c, o, "IsDefault", &v->is_default);
	if (g_pfx(c, o, "CidrBlock", VS_AF4, &p, &has) && has)
		add_prefix(c, &v->cidrs, &v->n_cidrs, &cap, &p);
	cidr_set(c, o, "CidrBlockAssociationSet", "CidrBlock", "CidrBlockState",
	    VS_AF4, &v->cidrs, &v->n_cidrs, &cap);
	cidr_set(c, o, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock",
	    "Ipv6CidrBlockState", VS_AF6, &v->cidrs, &v->n_cidrs, &cap);
	v->bpa = g_bpa(c, o);
	seen_put(c->l, id, VS_K_VPC, c->t->n[VS_K_VPC] - 1u, hash_json(o));
}

static const struct vs_origin *
subnet_at(const struct vs_topo *t, vs_idx i)
{
	return &t->subnets[i].at;
}

static void
conv_subnet(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_subnet *s;
	size_t cap = 0;

	if (!g_id(c, o, "SubnetId", &id, true))
		return;
	if (!first_time(c, o, "SubnetId", id, VS_K_SUBNET, subnet_at))
		return;
	s = vs_topo_add(c->t, VS_K_SUBNET);
	s->id = id;
	s->at = here(c);
	g_id(c, o, "VpcId", &s->vpc_id, true);
	g_str(c, o, "OwnerId", &s->owner, false);
	g_str(c, o, "AvailabilityZone", &s->az, false);
	g_str(c, o, "AvailabilityZoneId", &s->az_id, false);
	g_str(c, o, "State", &s->state, false);
	g_pfx(c, o, "CidrBlock", VS_AF4, &s->cidr4, &s->has_cidr4);
	cidr_set(c, o, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock",
	    "Ipv6CidrBlockState", VS_AF6, &s->cidr6, &s->n_cidr6, &cap);
	s->bpa = g_bpa(c, o);
	seen_put(c->l, id, VS_K_SUBNET, c->t->n[VS_K_SUBNET] - 1u,
	    hash_json(o));
}

/* Public address association {PublicIp, IpOwnerId}. */
static void
g_assoc(struct cx *c, const cJSON *o, struct vs_eni_ip *ip)
{
	const cJSON *a = g_obj(c, o, "Association");
	bool has = false;

	if (a == NULL)
		return;
	push_key(c, "Association");
	if (g_addr(c, a, "PublicIp", VS_AF4, &ip->pub, &has) && has)
		ip->has_public = true;
	g_str(c, a, "IpOwnerId", &ip->pub_owner, false);
	pop(c);
}

static void
add_eni_ip(struct cx *c, struct vs_eni *e, size_t *cap,
    const struct vs_eni_ip *ip)
{
	uint32_t i;
	for (i = 0; i < e->n_v4; i++) {
		if (vs_addr_eq(&e->v4[i].priv, &ip->priv)) {
			if (ip->has_public && !e->v4[i].has_public) {
				e->v4[i].has_public = true;
				e->v4[i].pub = ip->pub;
				e->v4[i].pub_owner = ip->pub_owner;
			}
			if (ip->primary)
				e->v4[i].primary = true;
			return;
		}
	}
	e->v4 = vs_arena_grow(c->t->arena, e->v4, sizeof(*e->v4), cap,
	    e->n_v4 + 1u);
	e->v4[e->n_v4++] = *ip;
}

/* Fill an ENI from a NetworkInterface (or InstanceNetworkInterface). */
static void
fill_eni(struct cx *c, const cJSON *o, struct vs_eni *e)
{
	const cJSON *a, *x;
	struct vs_eni_ip ip;
	struct vs_addr primary;
	bool has_primary = false, has;
	size_t cap4 = 0, cap6 = 0, capp = 0;
	long i;

	e->src_dst_check = true;
	e->device_index = -1;
	g_id(c, o, "SubnetId", &e->subnet_id, false);
	g_id(c, o, "VpcId", &e->vpc_id, false);
	g_str(c, o, "OwnerId", &e->owner, false);
	g_str(c, o, "InterfaceType", &e->type, false);
	g_str(c, o, "Status", &e->status, false);
	g_str(c, o, "Description", &e->desc, false);
	g_bool(c, o, "RequesterManaged", &e->requester_managed);
	g_bool(c, o, "SourceDestCheck", &e->src_dst_check);
	g_bool(c, o, "DenyAllIgwTraffic", &e->deny_igw);
	if (e->type == NULL)
		e->type = "interface";
	e->group_ids = g_strlist(c, o, "Groups", "GroupId", &e->n_groups);
	g_addr(c, o, "PrivateIpAddress", VS_AF4, &primary, &has_primary);
	a = g_arr(c, o, "PrivateIpAddresses");
	if (a != NULL) {
		push_key(c, "PrivateIpAddresses");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			push_idx(c, i++);
			memset(&ip, 0, sizeof(ip));
			if (need_obj(c, x) &&
			    g_addr(c, x, "PrivateIpAddress", VS_AF4, &ip.priv,
				&has) &&
			    has) {
				g_bool(c, x, "Primary", &ip.primary);
				g_assoc(c, x, &ip);
				add_eni_ip(c, e, &cap4, &ip);
			}
			pop(c);
		}
		pop(c);
	}
	if (has_primary) {
		memset(&ip, 0, sizeof(ip));
		ip.priv = primary;
		ip.primary = true;
		g_assoc(c, o, &ip);
		add_eni_ip(c, e, &cap4, &ip);
	} else if (e->n_v4 > 0) {
		/* ENI-level Association belongs to the primary address */
		memset(&ip, 0, sizeof(ip));
		for (i = 0; i < (long)e->n_v4; i++)
			if (e->v4[i].primary)
				ip.priv = e->v4[i].priv;
		g_assoc(c, o, &ip);
		if (ip.has_public && ip.priv.af == VS_AF4)
			add_eni_ip(c, e, &cap4, &ip);
	}
	/* the primary address first */
	for (i = 1; i < (long)e->n_v4; i++) {
		if (e->v4[i].primary && !e->v4[0].primary) {
			struct vs_eni_ip t = e->v4[0];
			e->v4[0] = e->v4[i];
			e->v4[i] = t;
		}
	}
	if (e->n_v4 > 0)
		e->v4[0].primary = true;
	a = g_arr(c, o, "Ipv6Addresses");
	if (a != NULL) {
		push_key(c, "Ipv6Addresses");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			struct vs_addr v6;
			push_idx(c, i++);
			if (need_obj(c, x) &&
			    g_addr(c, x, "Ipv6Address", VS_AF6, &v6, &has) &&
			    has) {
				e->v6 = vs_arena_grow(c->t->arena, e->v6,
				    sizeof(*e->v6), &cap6, e->n_v6 + 1u);
				e->v6[e->n_v6++] = v6;
			}
			pop(c);
		}
		pop(c);
	}
	cidr_set(c, o, "Ipv4Prefixes", "Ipv4Prefix", NULL, VS_AF4, &e->pfx,
	    &e->n_pfx, &capp);
	cidr_set(c, o, "Ipv6Prefixes", "Ipv6Prefix", NULL, VS_AF6, &e->pfx,
	    &e->n_pfx, &capp);
	x = g_obj(c, o, "Attachment");
	if (x != NULL) {
		long dev;
		push_key(c, "Attachment");
		g_id(c, x, "InstanceId", &e->instance_id, false);
		if (g_int(c, x, "DeviceIndex", 0, 1000, &dev, &has) && has)
			e->device_index = (int)dev;
		pop(c);
	}
}

static const struct vs_origin *
eni_at(const struct vs_topo *t, vs_idx i)
{
	return &t->enis[i].at;
}

static void
conv_eni(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct seen *s;
	struct vs_eni *e;

	if (!g_id(c, o, "NetworkInterfaceId", &id, true))
		return;
	s = seen_get(c->l, id);
	if (s != NULL && s->kind == VS_K_ENI &&
	    c->t->enis[s->idx].from_instance) {
		/* described inside an instance first: this view wins, but
		 * keep the instance link the instance record gave */
		e = &c->t->enis[s->idx];
		const char *inst = e->instance_id;
		int dev = e->device_index;
		memset(e, 0, sizeof(*e));
		e->id = id;
		e->at = here(c);
		fill_eni(c, o, e);
		if (e->instance_id == NULL)
			e->instance_id = inst;
		if (e->device_index < 0)
			e->device_index = dev;
		s->hash = hash_json(o);
		return;
	}
	if (!first_time(c, o, "NetworkInterfaceId", id, VS_K_ENI, eni_at))
		return;
	e = vs_topo_add(c->t, VS_K_ENI);
	e->id = id;
	e->at = here(c);
	fill_eni(c, o, e);
	seen_put(c->l, id, VS_K_ENI, c->t->n[VS_K_ENI] - 1u, hash_json(o));
}

static const struct vs_origin *
inst_at(const struct vs_topo *t, vs_idx i)
{
	return &t->instances[i].at;
}

static void
conv_instance(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_instance *in;
	const cJSON *a, *x, *st;
	long i = 0;
	uint32_t n = 0;

	if (!g_id(c, o, "InstanceId", &id, true))
		return;
	if (!first_time(c, o, "InstanceId", id, VS_K_INSTANCE, inst_at))
		return;
	in = vs_topo_add(c->t, VS_K_INSTANCE);
	in->id = id;
	in->at = here(c);
	g_id(c, o, "SubnetId", &in->subnet_id, false);
	g_id(c, o, "VpcId", &in->vpc_id, false);
	g_str(c, o, "Platform", &in->platform, false);
	in->windows = in->platform != NULL &&
	    (strcmp(in->platform, "windows") == 0 ||
		strcmp(in->platform, "Windows") == 0);
	st = g_obj(c, o, "State");
	if (st != NULL) {
		push_key(c, "State");
		g_str(c, st, "Name", &in->state, false);
		pop(c);
	}
	seen_put(c->l, id, VS_K_INSTANCE, c->t->n[VS_K_INSTANCE] - 1u,
	    hash_json(o));
	a = g_arr(c, o, "NetworkInterfaces");
	if (a == NULL)
		return;
	in->eni_ids = vs_arena_alloc(c->t->arena,
	    sizeof(char *) * ((size_t)cJSON_GetArraySize(a) + 1u));
	push_key(c, "NetworkInterfaces");
	cJSON_ArrayForEach(x, a)
	{
		const char *eid = NULL;
		struct seen *s;
		struct vs_eni *e;
		push_idx(c, i++);
		if (!need_obj(c, x) ||
		    !g_id(c, x, "NetworkInterfaceId", &eid, true)) {
			pop(c);
			continue;
		}
		in->eni_ids[n++] = eid;
		s = seen_get(c->l, eid);
		if (s != NULL) {
			/* already described by describe-network-interfaces */
			if (s->kind == VS_K_ENI) {
				e = &c->t->enis[s->idx];
				if (e->instance_id == NULL)
					e->instance_id = id;
			}
			pop(c);
			continue;
		}
		e = vs_topo_add(c->t, VS_K_ENI);
		e->id = eid;
		e->at = here(c);
		fill_eni(c, x, e);
		e->from_instance = true;
		e->instance_id = id;
		if (e->subnet_id == NULL)
			e->subnet_id = in->subnet_id;
		if (e->vpc_id == NULL)
			e->vpc_id = in->vpc_id;
		/* instance-level fields describe the primary interface */
		seen_put(c->l, eid, VS_K_ENI, c->t->n[VS_K_ENI] - 1u,
		    hash_json(x));
		pop(c);
	}
	pop(c);
	in = &c->t->instances[c->t->n[VS_K_INSTANCE] - 1u];
	in->n_eni_ids = n;
}

static void
conv_reservation(struct cx *c, const cJSON *o)
{
	const cJSON *a = g_arr(c, o, "Instances"), *x;
	long i = 0;

	if (a == NULL)
		return;
	push_key(c, "Instances");
	cJSON_ArrayForEach(x, a)
	{
		push_idx(c, i++);
		if (need_obj(c, x))
			conv_instance(c, x);
		pop(c);
	}
	pop(c);
}

/* ---- security groups ---- */

/* Check and normalise a rule's protocol and ports; false on error. */
static bool
rule_ports(struct cx *c, const cJSON *o, struct vs_sg_rule *r,
    const char *fromkey, const char *tokey)
{
	long from = -1, to = -1;
	bool hf = false, ht = false;

	if (!g_int(c, o, fromkey, -1, 65535, &from, &hf) ||
	    !g_int(c, o, tokey, -1, 65535, &to, &ht))
		return false;
	r->has_ports = hf || ht;
	if (vs_proto_has_ports(r->proto)) {
		if (!hf || !ht) {
			cerr(c, o, NULL,
			    "a %s rule needs %s and %s",
			    r->proto == VS_PROTO_TCP ? "tcp" : "udp", fromkey,
			    tokey);
			return false;
		}
		if (from == -1 && to == -1) {
			from = 0;
			to = 65535;
		}
		if (from < 0 || to < 0 || from > to) {
			cerr(c, field(o, fromkey), fromkey,
			    "port range %ld-%ld is not valid", from, to);
			return false;
		}
	} else if (vs_proto_is_icmp(r->proto)) {
		if (!hf)
			from = -1;
		if (!ht)
			to = -1;
		if (from > 255 || to > 255) {
			cerr(c, field(o, from > 255 ? fromkey : tokey),
			    from > 255 ? fromkey : tokey,
			    "ICMP type and code must be -1..255");
			return false;
		}
	} else {
		from = -1;
		to = -1; /* every port */
	}
	r->from = (int32_t)from;
	r->to = (int32_t)to;
	return true;
}

/* "account/sg-..." or "sg-..." */
static void
split_group(struct cx *c, const char *g, struct vs_sg_rule *r)
{
	const char *slash = strchr(g, '/');
	if (slash != NULL) {
		r->ref_user = vs_arena_strndup(c->t->arena, g,
		    (size_t)(slash - g));
		r->ref = intern(c, slash + 1);
	} else {
		r->ref = g;
	}
}

static void
add_rule(struct cx *c, struct vs_sg *g, size_t *cap,
    const struct vs_sg_rule *r)
{
	g->rules = vs_arena_grow(c->t->arena, g->rules, sizeof(*g->rules), cap,
	    g->n_rules + 1u);
	g->rules[g->n_rules++] = *r;
}

static void
conv_perms(struct cx *c, struct vs_sg *g, size_t *cap, const cJSON *o,
    const char *key, bool egress)
{
	const cJSON *a = g_arr(c, o, key), *p;
	long pi = 0;

	if (a == NULL)
		return;
	push_key(c, key);
	cJSON_ArrayForEach(p, a)
	{
		struct vs_sg_rule base;
		const cJSON *l, *e;
		long i;

		push_idx(c, pi);
		memset(&base, 0, sizeof(base));
		base.egress = egress;
		base.perm = (uint32_t)pi++;
		if (!need_obj(c, p) || !g_proto(c, p, "IpProtocol", &base.proto) ||
		    !rule_ports(c, p, &base, "FromPort", "ToPort")) {
			pop(c);
			continue;
		}
		base.peer = 0;
		/* IpRanges */
		if ((l = g_arr(c, p, "IpRanges")) != NULL) {
			push_key(c, "IpRanges");
			i = 0;
			cJSON_ArrayForEach(e, l)
			{
				struct vs_sg_rule r = base;
				bool has;
				push_idx(c, i++);
				r.kind = VS_PEER_CIDR;
				if (need_obj(c, e) &&
				    g_pfx(c, e, "CidrIp", VS_AF4, &r.cidr,
					&has)) {
					if (!has)
						cerr(c, e, NULL,
						    "missing required key "
						    "\"CidrIp\"");
					else {
						g_str(c, e, "Description",
						    &r.desc, false);
						add_rule(c, g, cap, &r);
						base.peer++;
					}
				}
				pop(c);
			}
			pop(c);
		}
		if ((l = g_arr(c, p, "Ipv6Ranges")) != NULL) {
			push_key(c, "Ipv6Ranges");
			i = 0;
			cJSON_ArrayForEach(e, l)
			{
				struct vs_sg_rule r = base;
				bool has;
				push_idx(c, i++);
				r.kind = VS_PEER_CIDR;
				if (need_obj(c, e) &&
				    g_pfx(c, e, "CidrIpv6", VS_AF6, &r.cidr,
					&has)) {
					if (!has)
						cerr(c, e, NULL,
						    "missing required key "
						    "\"CidrIpv6\"");
					else {
						g_str(c, e, "Description",
						    &r.desc, false);
						add_rule(c, g, cap, &r);
						base.peer++;
					}
				}
				pop(c);
			}
			pop(c);
		}
		if ((l = g_arr(c, p, "PrefixListIds")) != NULL) {
			push_key(c, "PrefixListIds");
			i = 0;
			cJSON_ArrayForEach(e, l)
			{
				struct vs_sg_rule r = base;
				push_idx(c, i++);
				r.kind = VS_PEER_PL;
				if (need_obj(c, e) &&
				    g_id(c, e, "PrefixListId", &r.ref, true)) {
					g_str(c, e, "Description", &r.desc,
					    false);
					add_rule(c, g, cap, &r);
					base.peer++;
				}
				pop(c);
			}
			pop(c);
		}
		if ((l = g_arr(c, p, "UserIdGroupPairs")) != NULL) {
			push_key(c, "UserIdGroupPairs");
			i = 0;
			cJSON_ArrayForEach(e, l)
			{
				struct vs_sg_rule r = base;
				const char *gid = NULL, *gname = NULL;
				push_idx(c, i++);
				r.kind = VS_PEER_SG;
				if (need_obj(c, e) &&
				    g_id(c, e, "GroupId", &gid, false) &&
				    g_str(c, e, "GroupName", &gname, false)) {
					if (gid != NULL)
						split_group(c, gid, &r);
					else if (gname != NULL)
						r.ref = vs_arena_printf(
						    c->t->arena, "name:%s",
						    gname);
					else
						cerr(c, e, NULL,
						    "missing required key "
						    "\"GroupId\"");
					g_id(c, e, "UserId", &r.ref_user,
					    false);
					g_id(c, e, "VpcId", &r.ref_vpc, false);
					g_id(c, e, "VpcPeeringConnectionId",
					    &r.ref_pcx, false);
					g_str(c, e, "Description", &r.desc,
					    false);
					if (r.ref != NULL) {
						add_rule(c, g, cap, &r);
						base.peer++;
					}
				}
				pop(c);
			}
			pop(c);
		}
		pop(c);
	}
	pop(c);
}

static const struct vs_origin *
sg_at(const struct vs_topo *t, vs_idx i)
{
	return &t->sgs[i].at;
}

static void
conv_sg(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_sg *g;
	size_t cap = 0;

	if (!g_id(c, o, "GroupId", &id, true))
		return;
	if (!first_time(c, o, "GroupId", id, VS_K_SG, sg_at))
		return;
	g = vs_topo_add(c->t, VS_K_SG);
	g->id = id;
	g->at = here(c);
	g_str(c, o, "GroupName", &g->name, false);
	g_str(c, o, "Description", &g->desc, false);
	g_id(c, o, "VpcId", &g->vpc_id, false);
	g_str(c, o, "OwnerId", &g->owner, false);
	conv_perms(c, g, &cap, o, "IpPermissions", false);
	conv_perms(c, g, &cap, o, "IpPermissionsEgress", true);
	seen_put(c->l, id, VS_K_SG, c->t->n[VS_K_SG] - 1u, hash_json(o));
}

static void
conv_sgr(struct cx *c, const cJSON *o)
{
	struct sgr s;
	struct vs_sg_rule *r = &s.rule;
	const cJSON *ref;
	bool has;
	int peers = 0;
	char path[1024];

	memset(&s, 0, sizeof(s));
	if (!g_id(c, o, "GroupId", &s.group, true) ||
	    !g_proto(c, o, "IpProtocol", &r->proto) ||
	    !rule_ports(c, o, r, "FromPort", "ToPort"))
		return;
	if (field(o, "IsEgress") == NULL) {
		cerr(c, o, NULL, "missing required key \"IsEgress\"");
		return;
	}
	g_bool(c, o, "IsEgress", &r->egress);
	g_id(c, o, "SecurityGroupRuleId", &r->rule_id, false);
	g_str(c, o, "Description", &r->desc, false);
	r->kind = VS_PEER_CIDR;
	if (g_pfx(c, o, "CidrIpv4", VS_AF4, &r->cidr, &has) && has)
		peers++;
	if (g_pfx(c, o, "CidrIpv6", VS_AF6, &r->cidr, &has) && has)
		peers++;
	if (g_id(c, o, "PrefixListId", &r->ref, false) && r->ref != NULL) {
		r->kind = VS_PEER_PL;
		peers++;
	}
	ref = g_obj(c, o, "ReferencedGroupInfo");
	if (ref != NULL) {
		const char *gid = NULL;
		push_key(c, "ReferencedGroupInfo");
		if (g_id(c, ref, "GroupId", &gid, true) && gid != NULL) {
			r->kind = VS_PEER_SG;
			split_group(c, gid, r);
			g_id(c, ref, "UserId", &r->ref_user, false);
			g_id(c, ref, "VpcId", &r->ref_vpc, false);
			g_id(c, ref, "VpcPeeringConnectionId", &r->ref_pcx,
			    false);
			peers++;
		}
		pop(c);
	}
	if (peers != 1) {
		cerr(c, o, NULL,
		    "a security group rule needs exactly one of CidrIpv4, "
		    "CidrIpv6, PrefixListId, ReferencedGroupInfo (got %d)",
		    peers);
		return;
	}
	s.file = c->file;
	s.path = intern(c, path_str(c, NULL, path, sizeof(path)));
	r->perm = c->depth > 0 ? (uint32_t)c->path[c->depth - 1].idx : 0;
	c->l->sgrs = vs_xgrow(c->l->sgrs, sizeof(*c->l->sgrs), &c->l->cap_sgrs,
	    c->l->n_sgrs + 1);
	c->l->sgrs[c->l->n_sgrs++] = s;
}

/* ---- network ACLs ---- */

static void
conv_nacl_entry(struct cx *c, const cJSON *o, struct vs_nacl *n, size_t *cap)
{
	struct vs_nacl_entry e;
	const char *action = NULL;
	long rule = 0, v;
	bool has4, has6, has;
	const cJSON *pr, *ic;

	memset(&e, 0, sizeof(e));
	if (!g_int(c, o, "RuleNumber", 1, 32768, &rule, &has))
		return;
	if (!has) {
		cerr(c, o, NULL, "missing required key \"RuleNumber\"");
		return;
	}
	e.rule = (uint32_t)rule;
	if (field(o, "Egress") == NULL) {
		cerr(c, o, NULL, "missing required key \"Egress\"");
		return;
	}
	if (!g_bool(c, o, "Egress", &e.egress) ||
	    !g_str(c, o, "RuleAction", &action, true) ||
	    !g_proto(c, o, "Protocol", &e.proto))
		return;
	if (strcmp(action, "allow") == 0)
		e.allow = true;
	else if (strcmp(action, "deny") != 0) {
		cerr(c, field(o, "RuleAction"), "RuleAction",
		    "expected \"allow\" or \"deny\", got \"%s\"", action);
		return;
	}
	if (!g_pfx(c, o, "CidrBlock", VS_AF4, &e.cidr, &has4) ||
	    !g_pfx(c, o, "Ipv6CidrBlock", VS_AF6, &e.cidr, &has6))
		return;
	if (has4 == has6) {
		cerr(c, o, NULL,
		    "a network ACL entry needs exactly one of CidrBlock and "
		    "Ipv6CidrBlock");
		return;
	}
	pr = g_obj(c, o, "PortRange");
	if (pr != NULL && vs_proto_has_ports(e.proto)) {
		long from = 0, to = 0;
		bool hf, ht;
		push_key(c, "PortRange");
		if (g_int(c, pr, "From", 0, 65535, &from, &hf) &&
		    g_int(c, pr, "To", 0, 65535, &to, &ht)) {
			if (!hf || !ht || from > to)
				cerr(c, pr, NULL,
				    "port range needs From <= To, both "
				    "0..65535");
			else {
				e.has_ports = true;
				e.ports = vs_prange((unsigned)from,
				    (unsigned)to);
			}
		}
		pop(c);
	} else if (vs_proto_has_ports(e.proto) && e.rule < 32767) {
		cerr(c, o, NULL, "a %s entry needs a PortRange",
		    e.proto == VS_PROTO_TCP ? "tcp (6)" : "udp (17)");
		return;
	}
	e.icmp_type = e.icmp_code = -1;
	ic = g_obj(c, o, "IcmpTypeCode");
	if (ic != NULL && vs_proto_is_icmp(e.proto)) {
		push_key(c, "IcmpTypeCode");
		v = -1;
		if (g_int(c, ic, "Type", -1, 255, &v, &has) && has)
			e.icmp_type = (int)v;
		v = -1;
		if (g_int(c, ic, "Code", -1, 255, &v, &has) && has)
			e.icmp_code = (int)v;
		e.has_icmp = true;
		pop(c);
	}
	n->entries = vs_arena_grow(c->t->arena, n->entries,
	    sizeof(*n->entries), cap, n->n_entries + 1u);
	n->entries[n->n_entries++] = e;
}

static const struct vs_origin *
nacl_at(const struct vs_topo *t, vs_idx i)
{
	return &t->nacls[i].at;
}

static void
conv_nacl(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_nacl *n;
	const cJSON *a, *x;
	size_t cap = 0, capa = 0;
	long i;
	uint32_t j, k;

	if (!g_id(c, o, "NetworkAclId", &id, true))
		return;
	if (!first_time(c, o, "NetworkAclId", id, VS_K_NACL, nacl_at))
		return;
	n = vs_topo_add(c->t, VS_K_NACL);
	n->id = id;
	n->at = here(c);
	g_id(c, o, "VpcId", &n->vpc_id, false);
	g_str(c, o, "OwnerId", &n->owner, false);
	g_bool(c, o, "IsDefault", &n->is_default);
	if ((a = g_arr(c, o, "Entries")) != NULL) {
		push_key(c, "Entries");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			push_idx(c, i++);
			if (need_obj(c, x))
				conv_nacl_entry(c, x, n, &cap);
			pop(c);
		}
		pop(c);
	}
	/* two entries with one number in one direction: AWS refuses that */
	for (j = 0; j < n->n_entries; j++)
		for (k = j + 1; k < n->n_entries; k++)
			if (n->entries[j].rule == n->entries[k].rule &&
			    n->entries[j].egress == n->entries[k].egress &&
			    n->entries[j].cidr.addr.af ==
				n->entries[k].cidr.addr.af)
				cerr(c, o, "Entries",
				    "rule number %u appears twice in the %s "
				    "entries",
				    n->entries[j].rule,
				    n->entries[j].egress ? "egress" : "ingress");
	if ((a = g_arr(c, o, "Associations")) != NULL) {
		push_key(c, "Associations");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			struct vs_nacl_assoc as;
			push_idx(c, i++);
			memset(&as, 0, sizeof(as));
			if (need_obj(c, x) &&
			    g_id(c, x, "SubnetId", &as.subnet_id, true)) {
				g_id(c, x, "NetworkAclAssociationId", &as.id,
				    false);
				n->assocs = vs_arena_grow(c->t->arena,
				    n->assocs, sizeof(*n->assocs), &capa,
				    n->n_assocs + 1u);
				n->assocs[n->n_assocs++] = as;
			}
			pop(c);
		}
		pop(c);
	}
	seen_put(c->l, id, VS_K_NACL, c->t->n[VS_K_NACL] - 1u, hash_json(o));
}

/* ---- route tables ---- */

static enum vs_route_state
route_state(const char *s)
{
	if (s == NULL || strcmp(s, "active") == 0)
		return VS_RS_ACTIVE;
	if (strcmp(s, "blackhole") == 0)
		return VS_RS_BLACKHOLE;
	if (strcmp(s, "filtered") == 0)
		return VS_RS_FILTERED;
	return VS_RS_OTHER;
}

static enum vs_route_origin
route_origin(const char *s)
{
	if (s == NULL || strcmp(s, "CreateRoute") == 0)
		return VS_RO_ROUTE;
	if (strcmp(s, "CreateRouteTable") == 0)
		return VS_RO_TABLE;
	if (strcmp(s, "EnableVgwRoutePropagation") == 0)
		return VS_RO_PROPAGATED;
	if (strcmp(s, "Advertisement") == 0)
		return VS_RO_ADVERTISED;
	return VS_RO_OTHER;
}

static enum vs_target
gateway_kind(const char *g)
{
	if (strcmp(g, "local") == 0)
		return VS_TGT_LOCAL;
	if (strncmp(g, "igw-", 4) == 0)
		return VS_TGT_IGW;
	if (strncmp(g, "vgw-", 4) == 0)
		return VS_TGT_VGW;
	if (strncmp(g, "vpce-", 5) == 0)
		return VS_TGT_VPCE;
	if (strncmp(g, "eigw-", 5) == 0)
		return VS_TGT_EIGW;
	if (strncmp(g, "nat-", 4) == 0)
		return VS_TGT_NATGW;
	if (strncmp(g, "tgw-", 4) == 0)
		return VS_TGT_TGW;
	return VS_TGT_OTHER;
}

static void
conv_route(struct cx *c, const cJSON *o, struct vs_rtb *rt, size_t *cap)
{
	struct vs_route r;
	bool h4, h6;
	const char *s = NULL, *t = NULL;
	int dests = 0;
	static const struct {
		const char *key;
		enum vs_target kind;
	} targets[] = {
	    {"NetworkInterfaceId", VS_TGT_ENI},
	    {"NatGatewayId", VS_TGT_NATGW},
	    {"TransitGatewayId", VS_TGT_TGW},
	    {"VpcPeeringConnectionId", VS_TGT_PCX},
	    {"EgressOnlyInternetGatewayId", VS_TGT_EIGW},
	    {"LocalGatewayId", VS_TGT_LGW},
	    {"CarrierGatewayId", VS_TGT_CGW},
	    {"CoreNetworkArn", VS_TGT_CORE},
	    {"OdbNetworkArn", VS_TGT_ODB},
	    {"InstanceId", VS_TGT_INSTANCE},
	    {"GatewayId", VS_TGT_OTHER},
	    {"IpAddress", VS_TGT_IPADDR},
	};
	size_t k;

	memset(&r, 0, sizeof(r));
	if (!g_pfx(c, o, "DestinationCidrBlock", VS_AF4, &r.dst, &h4) ||
	    !g_pfx(c, o, "DestinationIpv6CidrBlock", VS_AF6, &r.dst, &h6) ||
	    !g_id(c, o, "DestinationPrefixListId", &r.pl_id, false))
		return;
	dests = (h4 ? 1 : 0) + (h6 ? 1 : 0) + (r.pl_id ? 1 : 0);
	if (dests != 1) {
		cerr(c, o, NULL,
		    "a route needs exactly one of DestinationCidrBlock, "
		    "DestinationIpv6CidrBlock, DestinationPrefixListId");
		return;
	}
	r.to_pl = r.pl_id != NULL;
	r.target = VS_TGT_OTHER;
	for (k = 0; k < sizeof(targets) / sizeof(targets[0]); k++) {
		if (!g_str(c, o, targets[k].key, &t, false))
			return;
		if (t == NULL)
			continue;
		if (targets[k].kind == VS_TGT_INSTANCE &&
		    r.target == VS_TGT_ENI) {
			r.instance_id = t;
			t = NULL;
			continue;
		}
		if (r.target_id == NULL) {
			r.target_id = t;
			r.target = targets[k].kind == VS_TGT_OTHER
			    ? gateway_kind(t)
			    : targets[k].kind;
			if (targets[k].kind == VS_TGT_INSTANCE)
				r.instance_id = t;
		}
		t = NULL;
	}
	g_str(c, o, "State", &s, false);
	r.state = route_state(s);
	s = NULL;
	g_str(c, o, "Origin", &s, false);
	r.origin = route_origin(s);
	if (r.target_id == NULL && r.state == VS_RS_ACTIVE) {
		cerr(c, o, NULL, "an active route needs a target (GatewayId, "
				 "NatGatewayId, ...)");
		return;
	}
	rt->routes = vs_arena_grow(c->t->arena, rt->routes,
	    sizeof(*rt->routes), cap, rt->n_routes + 1u);
	rt->routes[rt->n_routes++] = r;
}

static const struct vs_origin *
rtb_at(const struct vs_topo *t, vs_idx i)
{
	return &t->rtbs[i].at;
}

static void
conv_rtb(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_rtb *rt;
	const cJSON *a, *x;
	size_t cap = 0, capa = 0;
	long i;

	if (!g_id(c, o, "RouteTableId", &id, true))
		return;
	if (!first_time(c, o, "RouteTableId", id, VS_K_RTB, rtb_at))
		return;
	rt = vs_topo_add(c->t, VS_K_RTB);
	rt->id = id;
	rt->at = here(c);
	g_id(c, o, "VpcId", &rt->vpc_id, false);
	g_str(c, o, "OwnerId", &rt->owner, false);
	if ((a = g_arr(c, o, "Routes")) != NULL) {
		push_key(c, "Routes");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			push_idx(c, i++);
			if (need_obj(c, x))
				conv_route(c, x, rt, &cap);
			pop(c);
		}
		pop(c);
	}
	if ((a = g_arr(c, o, "Associations")) != NULL) {
		push_key(c, "Associations");
		i = 0;
		cJSON_ArrayForEach(x, a)
		{
			struct vs_rtb_assoc as;
			const cJSON *st;
			push_idx(c, i++);
			memset(&as, 0, sizeof(as));
			if (need_obj(c, x)) {
				g_id(c, x, "RouteTableAssociationId", &as.id,
				    false);
				g_bool(c, x, "Main", &as.main);
				g_id(c, x, "SubnetId", &as.subnet_id, false);
				g_id(c, x, "GatewayId", &as.gateway_id, false);
				st = g_obj(c, x, "AssociationState");
				if (st != NULL) {
					push_key(c, "AssociationState");
					g_str(c, st, "State", &as.state, false);
					pop(c);
				}
				rt->assocs = vs_arena_grow(c->t->arena,
				    rt->assocs, sizeof(*rt->assocs), &capa,
				    rt->n_assocs + 1u);
				rt->assocs[rt->n_assocs++] = as;
			}
			pop(c);
		}
		pop(c);
	}
	seen_put(c->l, id, VS_K_RTB, c->t->n[VS_K_RTB] - 1u, hash_json(o));
}

/* ---- gateways ---- */

static const struct vs_origin *
igw_at(const struct vs_topo *t, vs_idx i)
{
	return &t->igws[i].at;
}

static const struct vs_origin *
eigw_at(const struct vs_topo *t, vs_idx i)
{
	return &t->eigws[i].at;
}

static void
conv_igw(struct cx *c, const cJSON *o, bool egress_only)
{
	const char *idkey = egress_only ? "EgressOnlyInternetGatewayId"
					: "InternetGatewayId";
	enum vs_kind k = egress_only ? VS_K_EIGW : VS_K_IGW;
	const char *id = NULL;
	struct vs_igw *g;
	const cJSON *a, *x;
	size_t cap = 0;
	long i = 0;

	if (!g_id(c, o, idkey, &id, true))
		return;
	if (!first_time(c, o, idkey, id, k, egress_only ? eigw_at : igw_at))
		return;
	g = vs_topo_add(c->t, k);
	g->id = id;
	g->egress_only = egress_only;
	g->at = here(c);
	g_str(c, o, "OwnerId", &g->owner, false);
	if ((a = g_arr(c, o, "Attachments")) != NULL) {
		push_key(c, "Attachments");
		cJSON_ArrayForEach(x, a)
		{
			struct vs_gw_attach at;
			push_idx(c, i++);
			memset(&at, 0, sizeof(at));
			if (need_obj(c, x) &&
			    g_id(c, x, "VpcId", &at.vpc_id, true)) {
				g_str(c, x, "State", &at.state, false);
				g->att = vs_arena_grow(c->t->arena, g->att,
				    sizeof(*g->att), &cap, g->n_att + 1u);
				g->att[g->n_att++] = at;
			}
			pop(c);
		}
		pop(c);
	}
	seen_put(c->l, id, k, c->t->n[k] - 1u, hash_json(o));
}

static const struct vs_origin *
nat_at(const struct vs_topo *t, vs_idx i)
{
	return &t->natgws[i].at;
}

static void
conv_nat(struct cx *c, const cJSON *o)
{
	const char *id = NULL, *ct = NULL, *mode = NULL;
	struct vs_natgw *n;
	const cJSON *a, *x;
	size_t cap = 0;
	long i = 0;

	if (!g_id(c, o, "NatGatewayId", &id, true))
		return;
	if (!first_time(c, o, "NatGatewayId", id, VS_K_NATGW, nat_at))
		return;
	n = vs_topo_add(c->t, VS_K_NATGW);
	n->id = id;
	n->at = here(c);
	g_id(c, o, "SubnetId", &n->subnet_id, false);
	g_id(c, o, "VpcId", &n->vpc_id, false);
	g_str(c, o, "State", &n->state, false);
	g_str(c, o, "ConnectivityType", &ct, false);
	n->private_nat = ct != NULL && strcmp(ct, "private") == 0;
	g_str(c, o, "AvailabilityMode", &mode, false);
	n->regional = mode != NULL && strcmp(mode, "regional") == 0;
	if ((a = g_arr(c, o, "NatGatewayAddresses")) != NULL) {
		push_key(c, "NatGatewayAddresses");
		cJSON_ArrayForEach(x, a)
		{
			struct vs_nat_addr na;
			bool has;
			push_idx(c, i++);
			memset(&na, 0, sizeof(na));
			if (need_obj(c, x) &&
			    g_addr(c, x, "PrivateIp", VS_AF4, &na.priv,
				&has)) {
				g_addr(c, x, "PublicIp", VS_AF4, &na.pub,
				    &na.has_public);
				g_id(c, x, "NetworkInterfaceId", &na.eni_id,
				    false);
				g_bool(c, x, "IsPrimary", &na.primary);
				if (has) {
					n->addrs = vs_arena_grow(c->t->arena,
					    n->addrs, sizeof(*n->addrs), &cap,
					    n->n_addrs + 1u);
					n->addrs[n->n_addrs++] = na;
				}
			}
			pop(c);
		}
		pop(c);
	}
	seen_put(c->l, id, VS_K_NATGW, c->t->n[VS_K_NATGW] - 1u,
	    hash_json(o));
}

/* ---- peering ---- */

static void
conv_pcx_side(struct cx *c, const cJSON *o, const char *key,
    struct vs_pcx_side *s)
{
	const cJSON *x = g_obj(c, o, key);
	struct vs_prefix p;
	bool has;
	size_t cap = s->n_cidrs;

	if (x == NULL)
		return;
	push_key(c, key);
	if (s->vpc_id == NULL)
		g_id(c, x, "VpcId", &s->vpc_id, false);
	if (s->owner == NULL)
		g_str(c, x, "OwnerId", &s->owner, false);
	if (s->region == NULL)
		g_str(c, x, "Region", &s->region, false);
	if (g_pfx(c, x, "CidrBlock", VS_AF4, &p, &has) && has)
		add_prefix(c, &s->cidrs, &s->n_cidrs, &cap, &p);
	cidr_set(c, x, "CidrBlockSet", "CidrBlock", NULL, VS_AF4, &s->cidrs,
	    &s->n_cidrs, &cap);
	cidr_set(c, x, "Ipv6CidrBlockSet", "Ipv6CidrBlock", NULL, VS_AF6,
	    &s->cidrs, &s->n_cidrs, &cap);
	pop(c);
}

static void
conv_pcx(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct seen *s;
	struct vs_pcx *p;
	const cJSON *st;

	if (!g_id(c, o, "VpcPeeringConnectionId", &id, true))
		return;
	s = seen_get(c->l, id);
	if (s != NULL && s->kind == VS_K_PCX) {
		/* the same peering seen from the other account: merge */
		p = &c->t->pcxs[s->idx];
	} else if (s != NULL) {
		cerr(c, field(o, "VpcPeeringConnectionId"),
		    "VpcPeeringConnectionId", "id %s is already used by a %s",
		    id, vs_kind_names[s->kind]);
		return;
	} else {
		p = vs_topo_add(c->t, VS_K_PCX);
		p->id = id;
		p->at = here(c);
		seen_put(c->l, id, VS_K_PCX, c->t->n[VS_K_PCX] - 1u, 0);
	}
	st = g_obj(c, o, "Status");
	if (st != NULL && p->status == NULL) {
		push_key(c, "Status");
		g_str(c, st, "Code", &p->status, false);
		pop(c);
	}
	conv_pcx_side(c, o, "RequesterVpcInfo", &p->req);
	conv_pcx_side(c, o, "AccepterVpcInfo", &p->acc);
}

/* ---- prefix lists ---- */

static struct vs_pl *
pl_get(struct cx *c, const char *id, const cJSON *at_node, const char *key)
{
	struct seen *s = seen_get(c->l, id);
	struct vs_pl *p;

	if (s != NULL && s->kind == VS_K_PL)
		return &c->t->pls[s->idx];
	if (s != NULL) {
		cerr(c, at_node, key, "id %s is already used by a %s", id,
		    vs_kind_names[s->kind]);
		return NULL;
	}
	p = vs_topo_add(c->t, VS_K_PL);
	p->id = id;
	p->at = here(c);
	seen_put(c->l, id, VS_K_PL, c->t->n[VS_K_PL] - 1u, 0);
	return p;
}

static void
pl_add_entry(struct cx *c, struct vs_pl *p, const struct vs_prefix *e)
{
	size_t cap = p->n_entries;
	uint32_t i;

	for (i = 0; i < p->n_entries; i++)
		if (vs_prefix_cmp(&p->entries[i], e) == 0)
			return;
	p->entries = vs_arena_grow(c->t->arena, p->entries,
	    sizeof(*p->entries), &cap, p->n_entries + 1u);
	p->entries[p->n_entries++] = *e;
	if (p->af == 0)
		p->af = e->addr.af;
}

static void
conv_pl(struct cx *c, const cJSON *o)
{
	const char *id = NULL, *af = NULL;
	struct vs_pl *p;
	const cJSON *a, *x;
	long i = 0;

	if (!g_id(c, o, "PrefixListId", &id, true))
		return;
	p = pl_get(c, id, field(o, "PrefixListId"), "PrefixListId");
	if (p == NULL)
		return;
	if (p->name == NULL)
		g_str(c, o, "PrefixListName", &p->name, false);
	if (p->owner == NULL)
		g_str(c, o, "OwnerId", &p->owner, false);
	g_str(c, o, "AddressFamily", &af, false);
	if (af != NULL)
		p->af = strcmp(af, "IPv6") == 0 ? VS_AF6 : VS_AF4;
	/* describe-prefix-lists (AWS service lists) carries the CIDRs */
	if ((a = g_arr(c, o, "Cidrs")) != NULL) {
		push_key(c, "Cidrs");
		p->entries_known = true;
		cJSON_ArrayForEach(x, a)
		{
			struct vs_prefix e;
			push_idx(c, i++);
			if (parse_pfx(c, x, NULL, 0, &e))
				pl_add_entry(c, p, &e);
			pop(c);
		}
		pop(c);
	}
}

/* `get-managed-prefix-list-entries` output: which list it belongs to. */
static const char *
entries_owner(struct cx *c, const cJSON *root)
{
	const cJSON *id = field(root, "PrefixListId");
	const char *base, *p;
	size_t n;

	if (id != NULL && cJSON_IsString(id))
		return intern(c, id->valuestring);
	base = strrchr(c->fname, '/');
	base = base ? base + 1 : c->fname;
	p = strstr(base, "pl-");
	if (p == NULL)
		return NULL;
	for (n = 3; (p[n] >= '0' && p[n] <= '9') || (p[n] >= 'a' && p[n] <= 'z');
	     n++)
		;
	return n > 3 ? vs_arena_strndup(c->t->arena, p, n) : NULL;
}

static void
conv_entries(struct cx *c, const cJSON *root, const cJSON *a)
{
	const char *id = entries_owner(c, root);
	struct vs_pl *p;
	const cJSON *x;
	long i = 0;

	if (id == NULL) {
		cerr(c, a, NULL,
		    "prefix-list entries without a list: add a top-level "
		    "\"PrefixListId\" key or put the pl- id in the file name");
		return;
	}
	p = pl_get(c, id, a, NULL);
	if (p == NULL)
		return;
	p->entries_known = true;
	cJSON_ArrayForEach(x, a)
	{
		struct vs_prefix e;
		bool has;
		push_idx(c, i++);
		if (need_obj(c, x) && g_pfx(c, x, "Cidr", 0, &e, &has)) {
			if (has)
				pl_add_entry(c, p, &e);
			else
				cerr(c, x, NULL, "missing required key \"Cidr\"");
		}
		pop(c);
	}
}

/* ---- endpoints ---- */

static const struct vs_origin *
vpce_at(const struct vs_topo *t, vs_idx i)
{
	return &t->vpces[i].at;
}

static void
conv_vpce(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_vpce *e;

	if (!g_id(c, o, "VpcEndpointId", &id, true))
		return;
	if (!first_time(c, o, "VpcEndpointId", id, VS_K_VPCE, vpce_at))
		return;
	e = vs_topo_add(c->t, VS_K_VPCE);
	e->id = id;
	e->at = here(c);
	g_str(c, o, "VpcEndpointType", &e->type, false);
	g_id(c, o, "VpcId", &e->vpc_id, false);
	g_str(c, o, "ServiceName", &e->service, false);
	g_str(c, o, "State", &e->state, false);
	e->rtb_ids = g_strlist(c, o, "RouteTableIds", NULL, &e->n_rtb_ids);
	e->subnet_ids = g_strlist(c, o, "SubnetIds", NULL, &e->n_subnet_ids);
	e->eni_ids = g_strlist(c, o, "NetworkInterfaceIds", NULL,
	    &e->n_eni_ids);
	e->group_ids = g_strlist(c, o, "Groups", "GroupId", &e->n_group_ids);
	seen_put(c->l, id, VS_K_VPCE, c->t->n[VS_K_VPCE] - 1u, hash_json(o));
}

/* ---- transit gateways ---- */

static void *
merge_get(struct cx *c, enum vs_kind k, const char *id, const cJSON *o,
    const char *idkey)
{
	struct seen *s = seen_get(c->l, id);
	size_t elsz = 0;
	unsigned char *arr = NULL;

	switch (k) {
	case VS_K_TGW:
		arr = (unsigned char *)c->t->tgws;
		elsz = sizeof(*c->t->tgws);
		break;
	case VS_K_TGW_ATTACH:
		arr = (unsigned char *)c->t->tgw_attaches;
		elsz = sizeof(*c->t->tgw_attaches);
		break;
	case VS_K_TGW_RTB:
		arr = (unsigned char *)c->t->tgw_rtbs;
		elsz = sizeof(*c->t->tgw_rtbs);
		break;
	default:
		abort();
	}
	if (s != NULL && s->kind == k)
		return arr + elsz * s->idx;
	if (s != NULL) {
		cerr(c, o ? field(o, idkey) : NULL, idkey,
		    "id %s is already used by a %s", id, vs_kind_names[s->kind]);
		return NULL;
	}
	arr = vs_topo_add(c->t, k);
	/* every struct starts with id; its origin is set by the caller */
	*(const char **)(void *)arr = id;
	seen_put(c->l, id, k, c->t->n[k] - 1u, 0);
	return arr;
}

static bool
enabled(const char *s)
{
	return s != NULL && strcmp(s, "enable") == 0;
}

static void
conv_tgw(struct cx *c, const cJSON *o)
{
	const char *id = NULL, *s;
	struct vs_tgw *g;
	const cJSON *op;

	if (!g_id(c, o, "TransitGatewayId", &id, true))
		return;
	g = merge_get(c, VS_K_TGW, id, o, "TransitGatewayId");
	if (g == NULL)
		return;
	if (g->at.file == NULL)
		g->at = here(c);
	if (g->owner == NULL)
		g_str(c, o, "OwnerId", &g->owner, false);
	if (g->state == NULL)
		g_str(c, o, "State", &g->state, false);
	op = g_obj(c, o, "Options");
	if (op == NULL)
		return;
	push_key(c, "Options");
	g_id(c, op, "AssociationDefaultRouteTableId", &g->assoc_rtb_id, false);
	g_id(c, op, "PropagationDefaultRouteTableId", &g->prop_rtb_id, false);
	s = NULL;
	g_str(c, op, "DefaultRouteTableAssociation", &s, false);
	if (s != NULL)
		g->default_assoc = enabled(s);
	s = NULL;
	g_str(c, op, "DefaultRouteTablePropagation", &s, false);
	if (s != NULL)
		g->default_prop = enabled(s);
	s = NULL;
	g_str(c, op, "SecurityGroupReferencingSupport", &s, false);
	if (s != NULL)
		g->sg_ref = enabled(s);
	pop(c);
}

static void
conv_tgw_attach(struct cx *c, const cJSON *o, bool vpc_view)
{
	const char *id = NULL, *s;
	struct vs_tgw_attach *a;
	const cJSON *x;

	if (!g_id(c, o, "TransitGatewayAttachmentId", &id, true))
		return;
	a = merge_get(c, VS_K_TGW_ATTACH, id, o, "TransitGatewayAttachmentId");
	if (a == NULL)
		return;
	if (a->at.file == NULL)
		a->at = here(c);
	if (a->tgw_id == NULL)
		g_id(c, o, "TransitGatewayId", &a->tgw_id, false);
	if (a->state == NULL)
		g_str(c, o, "State", &a->state, false);
	if (vpc_view) {
		a->has_vpc_details = true;
		if (a->type == NULL)
			a->type = "vpc";
		if (a->resource_id == NULL)
			g_id(c, o, "VpcId", &a->resource_id, false);
		if (a->resource_owner == NULL)
			g_str(c, o, "VpcOwnerId", &a->resource_owner, false);
		if (a->subnet_ids == NULL)
			a->subnet_ids = g_strlist(c, o, "SubnetIds", NULL,
			    &a->n_subnet_ids);
		x = g_obj(c, o, "Options");
		if (x != NULL) {
			push_key(c, "Options");
			s = NULL;
			g_str(c, x, "ApplianceModeSupport", &s, false);
			a->appliance_mode = enabled(s);
			s = NULL;
			g_str(c, x, "SecurityGroupReferencingSupport", &s,
			    false);
			a->sg_ref = enabled(s);
			s = NULL;
			g_str(c, x, "Ipv6Support", &s, false);
			a->ipv6 = enabled(s);
			pop(c);
		}
		return;
	}
	if (a->type == NULL)
		g_str(c, o, "ResourceType", &a->type, false);
	if (a->resource_id == NULL)
		g_id(c, o, "ResourceId", &a->resource_id, false);
	if (a->resource_owner == NULL)
		g_str(c, o, "ResourceOwnerId", &a->resource_owner, false);
	x = g_obj(c, o, "Association");
	if (x != NULL && a->rtb_id == NULL) {
		push_key(c, "Association");
		g_id(c, x, "TransitGatewayRouteTableId", &a->rtb_id, false);
		g_str(c, x, "State", &a->assoc_state, false);
		pop(c);
	}
}

static struct vs_tgw_rtb *
tgw_rtb_get(struct cx *c, const char *id, const cJSON *o, const char *key)
{
	struct vs_tgw_rtb *r = merge_get(c, VS_K_TGW_RTB, id, o, key);
	if (r != NULL && r->at.file == NULL)
		r->at = here(c);
	return r;
}

static void
conv_tgw_rtb(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_tgw_rtb *r;

	if (!g_id(c, o, "TransitGatewayRouteTableId", &id, true))
		return;
	r = tgw_rtb_get(c, id, o, "TransitGatewayRouteTableId");
	if (r == NULL)
		return;
	if (r->tgw_id == NULL)
		g_id(c, o, "TransitGatewayId", &r->tgw_id, false);
	if (r->state == NULL)
		g_str(c, o, "State", &r->state, false);
	g_bool(c, o, "DefaultAssociationRouteTable", &r->default_assoc);
	g_bool(c, o, "DefaultPropagationRouteTable", &r->default_prop);
}

static void
conv_tgw_routes(struct cx *c, struct vs_tgw_rtb *r, const cJSON *a)
{
	const cJSON *x;
	long i = 0;
	size_t cap = r->n_routes;

	r->routes_known = true;
	cJSON_ArrayForEach(x, a)
	{
		struct vs_tgw_route rt;
		const char *type = NULL;
		bool has;
		const cJSON *att, *y;
		long j = 0;
		push_idx(c, i++);
		memset(&rt, 0, sizeof(rt));
		if (!need_obj(c, x) ||
		    !g_pfx(c, x, "DestinationCidrBlock", 0, &rt.dst, &has) ||
		    !g_id(c, x, "PrefixListId", &rt.pl_id, false)) {
			pop(c);
			continue;
		}
		if (has == (rt.pl_id != NULL)) {
			cerr(c, x, NULL,
			    "a transit gateway route needs exactly one of "
			    "DestinationCidrBlock and PrefixListId");
			pop(c);
			continue;
		}
		rt.to_pl = rt.pl_id != NULL;
		g_str(c, x, "Type", &type, false);
		rt.propagated = type != NULL && strcmp(type, "propagated") == 0;
		g_str(c, x, "State", &rt.state, false);
		rt.blackhole = rt.state != NULL &&
		    strcmp(rt.state, "blackhole") == 0;
		att = g_arr(c, x, "TransitGatewayAttachments");
		if (att != NULL) {
			rt.attach_ids = vs_arena_alloc(c->t->arena,
			    sizeof(char *) *
				((size_t)cJSON_GetArraySize(att) + 1u));
			push_key(c, "TransitGatewayAttachments");
			cJSON_ArrayForEach(y, att)
			{
				const char *aid = NULL;
				push_idx(c, j++);
				if (need_obj(c, y) &&
				    g_id(c, y, "TransitGatewayAttachmentId",
					&aid, false) &&
				    aid != NULL)
					rt.attach_ids[rt.n_attach++] = aid;
				pop(c);
			}
			pop(c);
		}
		r->routes = vs_arena_grow(c->t->arena, r->routes,
		    sizeof(*r->routes), &cap, r->n_routes + 1u);
		r->routes[r->n_routes++] = rt;
		pop(c);
	}
}

/* Batfish layout: [{TransitGatewayRouteTableId, Routes: [...]}] */
static void
conv_tgw_static(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_tgw_rtb *r;
	const cJSON *a;

	if (!g_id(c, o, "TransitGatewayRouteTableId", &id, true))
		return;
	r = tgw_rtb_get(c, id, o, "TransitGatewayRouteTableId");
	if (r == NULL)
		return;
	a = g_arr(c, o, "Routes");
	if (a == NULL) {
		r->routes_known = true;
		return;
	}
	push_key(c, "Routes");
	conv_tgw_routes(c, r, a);
	pop(c);
}

static void
conv_tgw_props(struct cx *c, const cJSON *o)
{
	const char *id = NULL;
	struct vs_tgw_rtb *r;
	const cJSON *a, *x;
	size_t cap;
	long i = 0;

	if (!g_id(c, o, "TransitGatewayRouteTableId", &id, true))
		return;
	r = tgw_rtb_get(c, id, o, "TransitGatewayRouteTableId");
	if (r == NULL)
		return;
	cap = r->n_props;
	a = g_arr(c, o, "TransitGatewayRouteTablePropagations");
	if (a == NULL)
		return;
	push_key(c, "TransitGatewayRouteTablePropagations");
	cJSON_ArrayForEach(x, a)
	{
		struct vs_tgw_prop p;
		push_idx(c, i++);
		memset(&p, 0, sizeof(p));
		if (need_obj(c, x) &&
		    g_id(c, x, "TransitGatewayAttachmentId", &p.attach_id,
			true)) {
			g_str(c, x, "State", &p.state, false);
			r->props = vs_arena_grow(c->t->arena, r->props,
			    sizeof(*r->props), &cap, r->n_props + 1u);
			r->props[r->n_props++] = p;
		}
		pop(c);
	}
	pop(c);
}

/* search-transit-gateway-routes output: {Routes, AdditionalRoutesAvailable}
 * plus a TransitGatewayRouteTableId key (or a tgw-rtb- id in the name). */
static void
conv_tgw_search(struct cx *c, const cJSON *root, const cJSON *a)
{
	const cJSON *idn = field(root, "TransitGatewayRouteTableId");
	const char *id = NULL, *base, *p;
	struct vs_tgw_rtb *r;
	size_t n;

	if (idn != NULL && cJSON_IsString(idn)) {
		id = intern(c, idn->valuestring);
	} else {
		base = strrchr(c->fname, '/');
		base = base ? base + 1 : c->fname;
		p = strstr(base, "tgw-rtb-");
		if (p != NULL) {
			for (n = 8; (p[n] >= '0' && p[n] <= '9') ||
			     (p[n] >= 'a' && p[n] <= 'z');
			     n++)
				;
			if (n > 8)
				id = vs_arena_strndup(c->t->arena, p, n);
		}
	}
	if (id == NULL) {
		cwarn(c, a, NULL,
		    "transit gateway routes without a route table: add a "
		    "top-level \"TransitGatewayRouteTableId\" key or put the "
		    "tgw-rtb- id in the file name; ignored");
		return;
	}
	r = tgw_rtb_get(c, id, NULL, NULL);
	if (r != NULL)
		conv_tgw_routes(c, r, a);
}

static void
conv_bpa_options(struct cx *c, const cJSON *o)
{
	const char *m = NULL;

	if (!need_obj(c, o))
		return;
	g_str(c, o, "InternetGatewayBlockMode", &m, false);
	c->t->bpa_mode = bpa_mode(m);
	c->t->bpa_known = true;
}

static void
conv_bpa_excl(struct cx *c, const cJSON *o)
{
	struct vs_bpa_excl e;

	memset(&e, 0, sizeof(e));
	g_id(c, o, "ExclusionId", &e.id, false);
	g_str(c, o, "InternetGatewayExclusionMode", &e.mode, false);
	g_str(c, o, "ResourceArn", &e.resource, false);
	c->t->bpa_excl = vs_arena_grow(c->t->arena, c->t->bpa_excl,
	    sizeof(*c->t->bpa_excl), &c->t->cap_bpa_excl,
	    c->t->n_bpa_excl + 1u);
	c->t->bpa_excl[c->t->n_bpa_excl++] = e;
}

/* ---- dispatch ---- */

typedef void (*conv_fn)(struct cx *, const cJSON *);

static void
conv_igw4(struct cx *c, const cJSON *o)
{
	conv_igw(c, o, false);
}

static void
conv_eigw(struct cx *c, const cJSON *o)
{
	conv_igw(c, o, true);
}

static void
conv_tgw_attach_any(struct cx *c, const cJSON *o)
{
	conv_tgw_attach(c, o, false);
}

static void
conv_tgw_attach_vpc(struct cx *c, const cJSON *o)
{
	conv_tgw_attach(c, o, true);
}

static const struct {
	const char *key;
	conv_fn fn;
} handlers[] = {
    {"Vpcs", conv_vpc},
    {"Subnets", conv_subnet},
    {"NetworkInterfaces", conv_eni},
    {"Reservations", conv_reservation},
    {"SecurityGroups", conv_sg},
    {"SecurityGroupRules", conv_sgr},
    {"NetworkAcls", conv_nacl},
    {"RouteTables", conv_rtb},
    {"InternetGateways", conv_igw4},
    {"EgressOnlyInternetGateways", conv_eigw},
    {"NatGateways", conv_nat},
    {"VpcPeeringConnections", conv_pcx},
    {"PrefixLists", conv_pl},
    {"VpcEndpoints", conv_vpce},
    {"TransitGateways", conv_tgw},
    {"TransitGatewayAttachments", conv_tgw_attach_any},
    {"TransitGatewayVpcAttachments", conv_tgw_attach_vpc},
    {"TransitGatewayRouteTables", conv_tgw_rtb},
    {"TransitGatewayStaticRoutes", conv_tgw_static},
    {"TransitGatewayPropagations", conv_tgw_props},
    {"VpcBlockPublicAccessExclusions", conv_bpa_excl},
};

/* Keys that carry no resources: pagination and companions of others. */
static bool
quiet_key(const char *k, const cJSON *root)
{
	if (strcmp(k, "NextToken") == 0 || strcmp(k, "ResponseMetadata") == 0)
		return true;
	if ((strcmp(k, "PrefixListId") == 0) && field(root, "Entries"))
		return true;
	if ((strcmp(k, "TransitGatewayRouteTableId") == 0 ||
		strcmp(k, "AdditionalRoutesAvailable") == 0) &&
	    field(root, "Routes"))
		return true;
	return false;
}

static void
note_unmodelled(struct cx *c, const char *k)
{
	uintptr_t *slot;
	struct unmodelled *u;

	if (vs_smap_get(&c->keys_this_file, k, NULL))
		return;
	*vs_smap_slot(&c->keys_this_file, k) = 1;
	slot = vs_smap_slot(&c->l->unmod, k);
	if (*slot == 0) {
		u = vs_arena_alloc(c->l->tmp, sizeof(*u));
		u->file = vs_arena_strdup(c->l->tmp, c->fname);
		u->files = 0;
		*slot = (uintptr_t)u;
	}
	u = (struct unmodelled *)*slot;
	u->files++;
}

static void
convert_root(struct cx *c, const cJSON *root)
{
	const cJSON *item;
	char b[128];
	size_t h;

	if (!cJSON_IsObject(root)) {
		cerr(c, root, NULL,
		    "expected a JSON object with describe-* keys (Vpcs, "
		    "Subnets, ...) at the top level, got %s",
		    desc(c, root, NULL, b, sizeof(b)));
		return;
	}
	cJSON_ArrayForEach(item, root)
	{
		const char *k = item->string;
		bool done = false;

		if (k == NULL)
			continue;
		for (h = 0; h < sizeof(handlers) / sizeof(handlers[0]); h++) {
			const cJSON *e;
			long i = 0;
			if (strcmp(k, handlers[h].key) != 0)
				continue;
			done = true;
			if (!cJSON_IsArray(item)) {
				cerr(c, item, k, "expected an array, got %s",
				    desc(c, item, k, b, sizeof(b)));
				break;
			}
			push_key(c, k);
			cJSON_ArrayForEach(e, item)
			{
				push_idx(c, i++);
				if (need_obj(c, e))
					handlers[h].fn(c, e);
				pop(c);
			}
			pop(c);
			break;
		}
		if (done)
			continue;
		if (strcmp(k, "Entries") == 0 || strcmp(k, "Routes") == 0) {
			if (!cJSON_IsArray(item)) {
				cerr(c, item, k, "expected an array, got %s",
				    desc(c, item, k, b, sizeof(b)));
				continue;
			}
			push_key(c, k);
			if (k[0] == 'E')
				conv_entries(c, root, item);
			else
				conv_tgw_search(c, root, item);
			pop(c);
		} else if (strcmp(k, "VpcBlockPublicAccessOptions") == 0) {
			push_key(c, k);
			conv_bpa_options(c, item);
			pop(c);
		} else if (!quiet_key(k, root)) {
			note_unmodelled(c, k);
		}
	}
}

/* ---- public entry points ---- */

struct vs_loader *
vs_loader_new(struct vs_topo *t, struct vs_diags *d)
{
	struct vs_loader *l = vs_xcalloc(1, sizeof(*l));
	l->t = t;
	l->d = d;
	l->tmp = vs_arena_new();
	l->errors_at_start = vs_diags_errors(d);
	return l;
}

static int
run(struct vs_loader *l, const cJSON *root, const struct vs_src *src)
{
	struct cx c;

	memset(&c, 0, sizeof(c));
	c.l = l;
	c.t = l->t;
	c.d = l->d;
	c.src = src;
	c.fname = src->file ? src->file : "<input>";
	c.file = vs_arena_strdup(l->t->arena, c.fname);
	convert_root(&c, root);
	vs_smap_free(&c.keys_this_file);
	return vs_diags_errors(l->d) > l->errors_at_start ? -1 : 0;
}

int
vs_loader_tree(struct vs_loader *l, const cJSON *root,
    const struct vs_src *src)
{
	return run(l, root, src);
}

int
vs_loader_text(struct vs_loader *l, const char *text, size_t len,
    const char *file)
{
	struct vs_jpos at;
	char msg[256];
	cJSON *root;
	struct vs_src src;
	int rc;

	l->stats.files++;
	l->stats.bytes += len;
	if (vs_json_validate(text, len, &at, msg, sizeof(msg)) != 0) {
		vs_diag_add(l->d, VS_SEV_ERR, file, at.line, at.col, NULL,
		    "%s", msg);
		return -1;
	}
	root = cJSON_ParseWithLength(text, len);
	if (root == NULL) {
		vs_diag_add(l->d, VS_SEV_ERR, file, 0, 0, NULL,
		    "the JSON parser could not read this file");
		return -1;
	}
	src.file = file;
	src.text = text;
	src.len = len;
	src.marks = NULL;
	rc = run(l, root, &src);
	cJSON_Delete(root);
	return rc;
}

int
vs_read_file(const char *path, uint64_t max, char **buf, size_t *len,
    char *err, size_t errlen)
{
	FILE *f;
	struct stat st;
	size_t cap, n = 0, r;
	char *b;

	f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		snprintf(err, errlen, "is a directory");
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size > max) {
		fclose(f);
		snprintf(err, errlen,
		    "file is %.1f MiB; vpcsim reads files up to %.0f MiB",
		    (double)st.st_size / 1048576.0, (double)max / 1048576.0);
		return -1;
	}
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
	b = vs_xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if ((uint64_t)cap > max) {
				free(b);
				fclose(f);
				snprintf(err, errlen,
				    "input exceeds %.0f MiB; refused",
				    (double)max / 1048576.0);
				return -1;
			}
			cap *= 2;
			b = vs_xrealloc(b, cap);
		}
		r = fread(b + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "read error: %s", strerror(errno));
		free(b);
		fclose(f);
		return -1;
	}
	fclose(f);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

static int
load_file(struct vs_loader *l, const char *path)
{
	char *buf;
	size_t len;
	char err[256];
	int rc;

	if (vs_read_file(path, VS_LOAD_MAX_FILE, &buf, &len, err,
		sizeof(err)) != 0) {
		vs_diag_add(l->d, VS_SEV_ERR, path, 0, 0, NULL, "%s", err);
		return -1;
	}
	rc = vs_loader_text(l, buf, len, path);
	free(buf);
	return rc;
}

static bool
is_json_name(const char *n)
{
	size_t len = strlen(n);
	return len > 5 && (strcmp(n + len - 5, ".json") == 0 ||
			      strcmp(n + len - 5, ".JSON") == 0);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
load_dir(struct vs_loader *l, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (depth > MAX_DIR_DEPTH) {
		vs_diag_add(l->d, VS_SEV_ERR, dir, 0, 0, NULL,
		    "folders nested deeper than %d levels (a symbolic link "
		    "loop?)",
		    MAX_DIR_DEPTH);
		return;
	}
	d = opendir(dir);
	if (d == NULL) {
		vs_diag_add(l->d, VS_SEV_ERR, dir, 0, 0, NULL,
		    "cannot open folder: %s", strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = vs_xgrow(names, sizeof(*names), &cap, n + 1);
		names[n++] = vs_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		struct stat st;
		size_t plen = strlen(dir) + strlen(names[i]) + 2;
		char *p = vs_xmalloc(plen);
		snprintf(p, plen, "%s/%s", dir, names[i]);
		if (stat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				load_dir(l, p, depth + 1);
			else if (S_ISREG(st.st_mode) && is_json_name(names[i]))
				load_file(l, p);
		}
		free(p);
		free(names[i]);
	}
	free(names);
}

int
vs_loader_path(struct vs_loader *l, const char *path)
{
	struct stat st;
	char *p;
	size_t n;

	if (stat(path, &st) != 0) {
		vs_diag_add(l->d, VS_SEV_ERR, path, 0, 0, NULL, "%s",
		    strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		p = vs_xstrdup(path);
		n = strlen(p);
		while (n > 1 && p[n - 1] == '/')
			p[--n] = '\0';
		load_dir(l, p, 0);
		free(p);
	} else {
		load_file(l, path);
	}
	return vs_diags_errors(l->d) > l->errors_at_start ? -1 : 0;
}

/* Apply SecurityGroupRules: they replace the group's IpPermissions view. */
static void
apply_sgrs(struct vs_loader *l)
{
	struct vs_topo *t = l->t;
	struct vs_smap done = {NULL};
	size_t i;

	for (i = 0; i < l->n_sgrs; i++) {
		struct sgr *s = &l->sgrs[i];
		struct seen *sn = seen_get(l, s->group);
		struct vs_sg *g;
		uintptr_t *slot;
		size_t cap;

		if (sn != NULL && sn->kind != VS_K_SG) {
			vs_diag_add(l->d, VS_SEV_ERR, s->file, 0, 0, s->path,
			    "GroupId %s is not a security group", s->group);
			continue;
		}
		if (sn == NULL) {
			g = vs_topo_add(t, VS_K_SG);
			g->id = s->group;
			g->at.file = s->file;
			g->at.path = s->path;
			seen_put(l, s->group, VS_K_SG, t->n[VS_K_SG] - 1u, 0);
			vs_diag_add(l->d, VS_SEV_WARN, s->file, 0, 0, s->path,
			    "security group %s appears only in "
			    "SecurityGroupRules; its VPC is unknown",
			    s->group);
			sn = seen_get(l, s->group);
		}
		g = &t->sgs[sn->idx];
		slot = vs_smap_slot(&done, s->group);
		if (*slot == 0) {
			/* first rule of this group: drop the other view */
			*slot = 1;
			g->n_rules = 0;
			g->rules = NULL;
			g->rules_from_sgr = true;
			g->at.file = s->file;
		}
		cap = g->n_rules;
		g->rules = vs_arena_grow(t->arena, g->rules, sizeof(*g->rules),
		    &cap, g->n_rules + 1u);
		g->rules[g->n_rules++] = s->rule;
	}
	vs_smap_free(&done);
}

static void
report_unmodelled(struct vs_loader *l)
{
	char key[VS_SMAP_KEYMAX];
	uintptr_t *v;

	key[0] = '\0';
	for (v = vs_smap_first(&l->unmod, key); v != NULL;
	     v = vs_smap_next(&l->unmod, key)) {
		struct unmodelled *u = (struct unmodelled *)*v;
		char path[VS_SMAP_KEYMAX + 2];
		l->stats.unmodelled++;
		snprintf(path, sizeof(path), "/%s", key);
		if (u->files > 1)
			vs_diag_add(l->d, VS_SEV_WARN, u->file, 0, 0, path,
			    "resource type not modelled by vpcsim; ignored "
			    "(in %u files)",
			    u->files);
		else
			vs_diag_add(l->d, VS_SEV_WARN, u->file, 0, 0, path,
			    "resource type not modelled by vpcsim; ignored");
	}
}

/* Give line:col to diagnostics that have a file and a JSON pointer only,
 * by reading the file again (few: diagnostics are capped). */
static void
locate_late(struct vs_diags *d)
{
	size_t i;
	char *buf = NULL;
	size_t len = 0;
	const char *loaded = NULL;

	for (i = 0; i < vs_diags_count(d); i++) {
		struct vs_diag *dg = (struct vs_diag *)(uintptr_t)vs_diags_get(d,
		    i);
		struct vs_jpos pos;
		char err[64];
		if (dg->line != 0 || dg->file == NULL || dg->path == NULL ||
		    !is_json_name(dg->file))
			continue;
		if (loaded == NULL || strcmp(loaded, dg->file) != 0) {
			free(buf);
			buf = NULL;
			loaded = NULL;
			if (vs_read_file(dg->file, VS_LOAD_MAX_FILE, &buf, &len,
				err, sizeof(err)) != 0)
				continue;
			loaded = dg->file;
		}
		if (vs_json_locate(buf, len, dg->path, &pos) == 0 ||
		    pos.line > 0) {
			dg->line = pos.line;
			dg->col = pos.col;
		}
	}
	free(buf);
}

int
vs_loader_done(struct vs_loader **lp, struct vs_load_stats *stats)
{
	struct vs_loader *l = *lp;
	int rc;

	apply_sgrs(l);
	report_unmodelled(l);
	vs_topo_finish(l->t, l->d);
	locate_late(l->d);
	rc = vs_diags_errors(l->d) > l->errors_at_start ? -1 : 0;
	if (stats)
		*stats = l->stats;
	vs_smap_free(&l->seen);
	vs_smap_free(&l->unmod);
	free(l->sgrs);
	vs_arena_free(&l->tmp);
	free(l);
	*lp = NULL;
	return rc;
}

struct vs_topo *
vs_snapshot_load(const char *path, struct vs_diags *d,
    struct vs_load_stats *stats)
{
	struct vs_topo *t = vs_topo_new();
	struct vs_loader *l = vs_loader_new(t, d);

	vs_loader_path(l, path);
	if (vs_loader_done(&l, stats) != 0) {
		vs_topo_free(&t);
		return NULL;
	}
	return t;
}
