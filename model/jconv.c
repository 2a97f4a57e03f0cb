/*
 * jconv.c - shared JSON-tree conversion helpers (see jconv.h).
 */
#include "jconv.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "jsonpos.h"

void
vs_jcx_init(struct vs_jcx *c, struct vs_topo *t, struct vs_diags *d,
    const struct vs_src *src)
{
	memset(c, 0, sizeof(*c));
	c->t = t;
	c->d = d;
	c->src = src;
	c->fname = src && src->file ? src->file : "<input>";
	c->file = vs_arena_strdup(t->arena, c->fname);
}

/* ---- paths and diagnostics ---- */

void
vs_j_push_key(struct vs_jcx *c, const char *k)
{
	if (c->depth < VS_JCX_MAX_DEPTH) {
		c->path[c->depth].key = k;
		c->path[c->depth].idx = 0;
	}
	c->depth++;
}

void
vs_j_push_idx(struct vs_jcx *c, long i)
{
	if (c->depth < VS_JCX_MAX_DEPTH) {
		c->path[c->depth].key = NULL;
		c->path[c->depth].idx = i;
	}
	c->depth++;
}

void
vs_j_pop(struct vs_jcx *c)
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
const char *
vs_j_path(const struct vs_jcx *c, const char *last, char *buf, size_t n)
{
	size_t at = 0;
	int i;
	char num[24];

	buf[0] = '\0';
	for (i = 0; i < c->depth && i < VS_JCX_MAX_DEPTH; i++) {
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

/* One located diagnostic: at the node's value, or (at_key) at the key
 * naming it. */
static void vs_j_vdiag(struct vs_jcx *c, enum vs_sev sev, const cJSON *node,
    const char *last, bool at_key, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

static void
vs_j_vdiag(struct vs_jcx *c, enum vs_sev sev, const cJSON *node,
    const char *last, bool at_key, const char *fmt, va_list ap)
{
	char path[1024], msg[1024];
	struct vs_jpos pos;

	if (!vs_diags_room(c->d, sev)) {
		vs_diag_add(c->d, sev, NULL, 0, 0, NULL, "-");
		return;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	vs_j_path(c, last, path, sizeof(path));
	if (at_key)
		vs_src_locate_key(c->src, node, path, &pos);
	else
		vs_src_locate(c->src, node, path, &pos);
	vs_diag_add(c->d, sev, c->fname, pos.line, pos.col, path, "%s", msg);
}

void
vs_j_err(struct vs_jcx *c, const cJSON *node, const char *last, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	vs_j_vdiag(c, VS_SEV_ERR, node, last, false, fmt, ap);
	va_end(ap);
}

void
vs_j_err_key(struct vs_jcx *c, const cJSON *node, const char *last,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vs_j_vdiag(c, VS_SEV_ERR, node, last, true, fmt, ap);
	va_end(ap);
}

void
vs_j_warn(struct vs_jcx *c, const cJSON *node, const char *last,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vs_j_vdiag(c, VS_SEV_WARN, node, last, false, fmt, ap);
	va_end(ap);
}

/* A short rendering of a JSON value for "got ..." in messages. */
const char *
vs_j_desc(const struct vs_jcx *c, const cJSON *n, const char *last, char *buf,
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
			vs_j_path(c, last, path, sizeof(path));
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

const cJSON *
vs_j_field(const cJSON *o, const char *k)
{
	const cJSON *c;

	/* cJSON's own lookup calls strcmp for every member; comparing the
	 * first byte first makes the usual miss cheap */
	if (o == NULL || !cJSON_IsObject(o))
		return NULL;
	for (c = o->child; c != NULL; c = c->next)
		if (c->string != NULL && c->string[0] == k[0] &&
		    strcmp(c->string, k) == 0)
			return c;
	return NULL;
}

bool
vs_j_absent(const cJSON *n)
{
	return n == NULL || cJSON_IsNull(n);
}

const char *
vs_j_intern(struct vs_jcx *c, const char *s)
{
	return vs_arena_strdup(c->t->arena, s);
}

/* String field; *out untouched when absent.  Returns false on error. */
bool
vs_j_str(struct vs_jcx *c, const cJSON *o, const char *k, const char **out,
    bool required)
{
	const cJSON *n = vs_j_field(o, k);
	char b[128];

	if (vs_j_absent(n)) {
		if (required) {
			vs_j_err(c, o, NULL, "missing required key \"%s\"", k);
			return false;
		}
		return true;
	}
	if (!cJSON_IsString(n)) {
		vs_j_err(c, n, k, "expected a string, got %s",
		    vs_j_desc(c, n, k, b, sizeof(b)));
		return false;
	}
	*out = vs_j_intern(c, n->valuestring);
	return true;
}

/* An AWS id: a non-empty string without blanks, at most VS_JCX_MAX_ID. */
bool
vs_j_id(struct vs_jcx *c, const cJSON *o, const char *k, const char **out,
    bool required)
{
	const char *s = NULL;
	const cJSON *n = vs_j_field(o, k);
	size_t i, len;

	if (!vs_j_str(c, o, k, &s, required))
		return false;
	if (s == NULL)
		return true;
	len = strlen(s);
	if (len == 0 || len > VS_JCX_MAX_ID) {
		vs_j_err(c, n, k, "expected an id, got a string of %zu bytes",
		    len);
		return false;
	}
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch <= 0x20 || ch == 0x7f) {
			vs_j_err(c, n, k, "expected an id, got \"%s\"", s);
			return false;
		}
	}
	*out = s;
	return true;
}

bool
vs_j_bool(struct vs_jcx *c, const cJSON *o, const char *k, bool *out)
{
	const cJSON *n = vs_j_field(o, k);
	char b[128];

	if (vs_j_absent(n))
		return true;
	if (!cJSON_IsBool(n)) {
		vs_j_err(c, n, k, "expected true or false, got %s",
		    vs_j_desc(c, n, k, b, sizeof(b)));
		return false;
	}
	*out = cJSON_IsTrue(n);
	return true;
}

/* Integer in [lo, hi]; *has tells whether it was present. */
bool
vs_j_int(struct vs_jcx *c, const cJSON *o, const char *k, long lo, long hi,
    long *out, bool *has)
{
	const cJSON *n = vs_j_field(o, k);
	char b[128];
	double v;

	if (has)
		*has = false;
	if (vs_j_absent(n))
		return true;
	if (!cJSON_IsNumber(n)) {
		vs_j_err(c, n, k, "expected an integer %ld..%ld, got %s", lo,
		    hi, vs_j_desc(c, n, k, b, sizeof(b)));
		return false;
	}
	v = n->valuedouble;
	if (!isfinite(v) || v != floor(v) || v < (double)lo || v > (double)hi) {
		vs_j_err(c, n, k, "expected an integer %ld..%ld, got %s", lo,
		    hi, vs_j_desc(c, n, k, b, sizeof(b)));
		return false;
	}
	*out = (long)v;
	if (has)
		*has = true;
	return true;
}

/* A protocol: "tcp", "6", "-1", or a number (YAML may give one). */
bool
vs_j_proto(struct vs_jcx *c, const cJSON *o, const char *k, int *out)
{
	const cJSON *n = vs_j_field(o, k);
	char b[128];
	int p = -2;

	if (vs_j_absent(n)) {
		vs_j_err(c, o, NULL, "missing required key \"%s\"", k);
		return false;
	}
	if (cJSON_IsString(n))
		p = vs_proto_parse(n->valuestring, strlen(n->valuestring));
	else if (cJSON_IsNumber(n) && n->valuedouble == floor(n->valuedouble) &&
		 n->valuedouble >= -1 && n->valuedouble <= 255)
		p = (int)n->valuedouble;
	if (p == -2) {
		vs_j_err(c, n, k,
		    "expected a protocol (tcp, udp, icmp, icmpv6, -1 or "
		    "0..255), got %s",
		    vs_j_desc(c, n, k, b, sizeof(b)));
		return false;
	}
	*out = p;
	return true;
}

bool
vs_j_parse_pfx(struct vs_jcx *c, const cJSON *n, const char *k, int af,
    struct vs_prefix *out)
{
	char b[128];
	enum vs_pfx_err e;

	if (!cJSON_IsString(n)) {
		vs_j_err(c, n, k, "expected an %s CIDR block, got %s",
		    af == VS_AF6 ? "IPv6" : "IPv4",
		    vs_j_desc(c, n, k, b, sizeof(b)));
		return false;
	}
	e = vs_prefix_parse(n->valuestring, strlen(n->valuestring), af, out);
	if (e == VS_PFX_HOSTBITS) {
		char p[VS_PFX_STRLEN];
		vs_j_warn(c, n, k, "CIDR %s has host bits set; read as %s",
		    n->valuestring, vs_prefix_fmt(out, p));
		return true;
	}
	if (e != VS_PFX_OK) {
		vs_j_err(c, n, k, "expected an %s CIDR block, got %s (%s)",
		    af == VS_AF6 ? "IPv6" : "IPv4",
		    vs_j_desc(c, n, k, b, sizeof(b)), vs_prefix_strerror(e));
		return false;
	}
	return true;
}

bool
vs_j_pfx(struct vs_jcx *c, const cJSON *o, const char *k, int af,
    struct vs_prefix *out, bool *has)
{
	const cJSON *n = vs_j_field(o, k);

	if (has)
		*has = false;
	if (vs_j_absent(n))
		return true;
	if (!vs_j_parse_pfx(c, n, k, af, out))
		return false;
	if (has)
		*has = true;
	return true;
}

bool
vs_j_addr(struct vs_jcx *c, const cJSON *o, const char *k, int af,
    struct vs_addr *out, bool *has)
{
	const cJSON *n = vs_j_field(o, k);
	char b[128];
	int rc;

	if (has)
		*has = false;
	if (vs_j_absent(n))
		return true;
	if (!cJSON_IsString(n)) {
		vs_j_err(c, n, k, "expected an %s address, got %s",
		    af == VS_AF6 ? "IPv6" : "IPv4",
		    vs_j_desc(c, n, k, b, sizeof(b)));
		return false;
	}
	rc = af == VS_AF6
		 ? vs_addr_parse6(n->valuestring, strlen(n->valuestring), out)
		 : vs_addr_parse4(n->valuestring, strlen(n->valuestring), out);
	if (rc != 0) {
		vs_j_err(c, n, k, "expected an %s address, got %s",
		    af == VS_AF6 ? "IPv6" : "IPv4",
		    vs_j_desc(c, n, k, b, sizeof(b)));
		return false;
	}
	if (has)
		*has = true;
	return true;
}

/* Array field: NULL when absent (or on a type error, reported). */
const cJSON *
vs_j_arr(struct vs_jcx *c, const cJSON *o, const char *k)
{
	const cJSON *n = vs_j_field(o, k);
	char b[128];

	if (vs_j_absent(n))
		return NULL;
	if (!cJSON_IsArray(n)) {
		vs_j_err(c, n, k, "expected an array, got %s",
		    vs_j_desc(c, n, k, b, sizeof(b)));
		return NULL;
	}
	return n;
}

const cJSON *
vs_j_obj(struct vs_jcx *c, const cJSON *o, const char *k)
{
	const cJSON *n = vs_j_field(o, k);
	char b[128];

	if (vs_j_absent(n))
		return NULL;
	if (!cJSON_IsObject(n)) {
		vs_j_err(c, n, k, "expected an object, got %s",
		    vs_j_desc(c, n, k, b, sizeof(b)));
		return NULL;
	}
	return n;
}

/* Is element e (at the current path) an object?  Reports if not. */
bool
vs_j_need_obj(struct vs_jcx *c, const cJSON *e)
{
	char b[128];

	if (cJSON_IsObject(e))
		return true;
	vs_j_err(c, e, NULL, "expected an object, got %s",
	    vs_j_desc(c, e, NULL, b, sizeof(b)));
	return false;
}

struct vs_origin
vs_j_here(struct vs_jcx *c)
{
	char path[1024];
	struct vs_origin o;

	o.file = c->file;
	o.path = vs_j_intern(c, vs_j_path(c, NULL, path, sizeof(path)));
	return o;
}

/* Array of strings (e.g. SubnetIds) or of objects holding key k. */
const char **
vs_j_strlist(struct vs_jcx *c, const cJSON *o, const char *k, const char *inner,
    uint32_t *count)
{
	const cJSON *a = vs_j_arr(c, o, k), *e;
	const char **v;
	uint32_t n = 0;
	long i = 0;

	*count = 0;
	if (a == NULL)
		return NULL;
	v = vs_arena_alloc(c->t->arena,
	    sizeof(*v) * ((size_t)cJSON_GetArraySize(a) + 1u));
	vs_j_push_key(c, k);
	cJSON_ArrayForEach(e, a)
	{
		const char *s = NULL;
		vs_j_push_idx(c, i++);
		if (inner == NULL) {
			char b[128];
			if (cJSON_IsString(e))
				s = vs_j_intern(c, e->valuestring);
			else
				vs_j_err(c, e, NULL,
				    "expected a string, got %s",
				    vs_j_desc(c, e, NULL, b, sizeof(b)));
		} else if (vs_j_need_obj(c, e)) {
			vs_j_id(c, e, inner, &s, false);
		}
		if (s != NULL)
			v[n++] = s;
		vs_j_pop(c);
	}
	vs_j_pop(c);
	*count = n;
	return v;
}

/* ---- security group rules ---- */

/* Check and normalise a rule's protocol and ports; false on error. */
bool
vs_j_rule_ports(struct vs_jcx *c, const cJSON *o, struct vs_sg_rule *r,
    const char *fromkey, const char *tokey)
{
	long from = -1, to = -1;
	bool hf = false, ht = false;

	if (!vs_j_int(c, o, fromkey, -1, 65535, &from, &hf) ||
	    !vs_j_int(c, o, tokey, -1, 65535, &to, &ht))
		return false;
	r->has_ports = hf || ht;
	if (vs_proto_has_ports(r->proto)) {
		if (!hf || !ht) {
			vs_j_err(c, o, NULL, "a %s rule needs %s and %s",
			    r->proto == VS_PROTO_TCP ? "tcp" : "udp", fromkey,
			    tokey);
			return false;
		}
		if (from == -1 && to == -1) {
			from = 0;
			to = 65535;
		}
		if (from < 0 || to < 0 || from > to) {
			vs_j_err(c, vs_j_field(o, fromkey), fromkey,
			    "port range %ld-%ld is not valid", from, to);
			return false;
		}
	} else if (vs_proto_is_icmp(r->proto)) {
		if (!hf)
			from = -1;
		if (!ht)
			to = -1;
		if (from > 255 || to > 255) {
			vs_j_err(c, vs_j_field(o, from > 255 ? fromkey : tokey),
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
void
vs_j_split_group(struct vs_jcx *c, const char *g, struct vs_sg_rule *r)
{
	const char *slash = strchr(g, '/');
	if (slash != NULL) {
		r->ref_user =
		    vs_arena_strndup(c->t->arena, g, (size_t)(slash - g));
		r->ref = vs_j_intern(c, slash + 1);
	} else {
		r->ref = g;
	}
}

static void
add_rule(struct vs_jcx *c, struct vs_sg *g, size_t *cap,
    const struct vs_sg_rule *r)
{
	g->rules = vs_arena_grow(c->t->arena, g->rules, sizeof(*g->rules), cap,
	    g->n_rules + 1u);
	g->rules[g->n_rules++] = *r;
}

/* The CIDR peers of one permission (IpRanges or Ipv6Ranges): a rule each,
 * counted in base->peer. */
static void
cidr_ranges(struct vs_jcx *c, struct vs_sg *g, size_t *cap, const cJSON *p,
    const char *list, const char *field, int af, struct vs_sg_rule *base)
{
	const cJSON *l = vs_j_arr(c, p, list), *e;
	long i = 0;

	if (l == NULL)
		return;
	vs_j_push_key(c, list);
	cJSON_ArrayForEach(e, l)
	{
		struct vs_sg_rule r = *base;
		bool has;
		vs_j_push_idx(c, i++);
		r.kind = VS_PEER_CIDR;
		if (vs_j_need_obj(c, e) &&
		    vs_j_pfx(c, e, field, af, &r.cidr, &has)) {
			if (!has)
				vs_j_err(c, e, NULL,
				    "missing required key \"%s\"", field);
			else {
				vs_j_str(c, e, "Description", &r.desc, false);
				add_rule(c, g, cap, &r);
				base->peer++;
			}
		}
		vs_j_pop(c);
	}
	vs_j_pop(c);
}

void
vs_j_perms(struct vs_jcx *c, struct vs_sg *g, size_t *cap, const cJSON *o,
    const char *key, bool egress)
{
	const cJSON *a = vs_j_arr(c, o, key), *p;
	long pi = 0;

	if (a == NULL)
		return;
	vs_j_push_key(c, key);
	cJSON_ArrayForEach(p, a)
	{
		struct vs_sg_rule base;
		const cJSON *l, *e;
		long i;

		vs_j_push_idx(c, pi);
		memset(&base, 0, sizeof(base));
		base.egress = egress;
		base.perm = (uint32_t)pi++;
		if (!vs_j_need_obj(c, p) ||
		    !vs_j_proto(c, p, "IpProtocol", &base.proto) ||
		    !vs_j_rule_ports(c, p, &base, "FromPort", "ToPort")) {
			vs_j_pop(c);
			continue;
		}
		base.peer = 0;
		cidr_ranges(c, g, cap, p, "IpRanges", "CidrIp", VS_AF4, &base);
		cidr_ranges(c, g, cap, p, "Ipv6Ranges", "CidrIpv6", VS_AF6,
		    &base);
		if ((l = vs_j_arr(c, p, "PrefixListIds")) != NULL) {
			vs_j_push_key(c, "PrefixListIds");
			i = 0;
			cJSON_ArrayForEach(e, l)
			{
				struct vs_sg_rule r = base;
				vs_j_push_idx(c, i++);
				r.kind = VS_PEER_PL;
				if (vs_j_need_obj(c, e) &&
				    vs_j_id(c, e, "PrefixListId", &r.ref,
					true)) {
					vs_j_str(c, e, "Description", &r.desc,
					    false);
					add_rule(c, g, cap, &r);
					base.peer++;
				}
				vs_j_pop(c);
			}
			vs_j_pop(c);
		}
		if ((l = vs_j_arr(c, p, "UserIdGroupPairs")) != NULL) {
			vs_j_push_key(c, "UserIdGroupPairs");
			i = 0;
			cJSON_ArrayForEach(e, l)
			{
				struct vs_sg_rule r = base;
				const char *gid = NULL, *gname = NULL;
				vs_j_push_idx(c, i++);
				r.kind = VS_PEER_SG;
				if (vs_j_need_obj(c, e) &&
				    vs_j_id(c, e, "GroupId", &gid, false) &&
				    vs_j_str(c, e, "GroupName", &gname,
					false)) {
					if (gid != NULL)
						vs_j_split_group(c, gid, &r);
					else if (gname != NULL)
						r.ref =
						    vs_arena_printf(c->t->arena,
							"name:%s", gname);
					else
						vs_j_err(c, e, NULL,
						    "missing required key "
						    "\"GroupId\"");
					vs_j_id(c, e, "UserId", &r.ref_user,
					    false);
					vs_j_id(c, e, "VpcId", &r.ref_vpc,
					    false);
					vs_j_id(c, e, "VpcPeeringConnectionId",
					    &r.ref_pcx, false);
					vs_j_str(c, e, "Description", &r.desc,
					    false);
					if (r.ref != NULL) {
						add_rule(c, g, cap, &r);
						base.peer++;
					}
				}
				vs_j_pop(c);
			}
			vs_j_pop(c);
		}
		vs_j_pop(c);
	}
	vs_j_pop(c);
}

/* ---- network ACL entries ---- */

void
vs_j_nacl_entry(struct vs_jcx *c, const cJSON *o, struct vs_nacl *n,
    size_t *cap)
{
	struct vs_nacl_entry e;
	const char *action = NULL;
	long rule = 0, v;
	bool has4, has6, has;
	const cJSON *pr, *ic;

	memset(&e, 0, sizeof(e));
	if (!vs_j_int(c, o, "RuleNumber", 1, 32768, &rule, &has))
		return;
	if (!has) {
		vs_j_err(c, o, NULL, "missing required key \"RuleNumber\"");
		return;
	}
	e.rule = (uint32_t)rule;
	if (vs_j_field(o, "Egress") == NULL) {
		vs_j_err(c, o, NULL, "missing required key \"Egress\"");
		return;
	}
	if (!vs_j_bool(c, o, "Egress", &e.egress) ||
	    !vs_j_str(c, o, "RuleAction", &action, true) ||
	    !vs_j_proto(c, o, "Protocol", &e.proto))
		return;
	if (strcmp(action, "allow") == 0)
		e.allow = true;
	else if (strcmp(action, "deny") != 0) {
		vs_j_err(c, vs_j_field(o, "RuleAction"), "RuleAction",
		    "expected \"allow\" or \"deny\", got \"%s\"", action);
		return;
	}
	if (!vs_j_pfx(c, o, "CidrBlock", VS_AF4, &e.cidr, &has4) ||
	    !vs_j_pfx(c, o, "Ipv6CidrBlock", VS_AF6, &e.cidr, &has6))
		return;
	if (has4 == has6) {
		vs_j_err(c, o, NULL,
		    "a network ACL entry needs exactly one of CidrBlock and "
		    "Ipv6CidrBlock");
		return;
	}
	pr = vs_j_obj(c, o, "PortRange");
	if (pr != NULL && vs_proto_has_ports(e.proto)) {
		long from = 0, to = 0;
		bool hf, ht;
		vs_j_push_key(c, "PortRange");
		if (vs_j_int(c, pr, "From", 0, 65535, &from, &hf) &&
		    vs_j_int(c, pr, "To", 0, 65535, &to, &ht)) {
			if (!hf || !ht || from > to)
				vs_j_err(c, pr, NULL,
				    "port range needs From <= To, both "
				    "0..65535");
			else {
				e.has_ports = true;
				e.ports =
				    vs_prange((unsigned)from, (unsigned)to);
			}
		}
		vs_j_pop(c);
	} else if (vs_proto_has_ports(e.proto) && e.rule < 32767) {
		vs_j_err(c, o, NULL, "a %s entry needs a PortRange",
		    e.proto == VS_PROTO_TCP ? "tcp (6)" : "udp (17)");
		return;
	}
	e.icmp_type = e.icmp_code = -1;
	ic = vs_j_obj(c, o, "IcmpTypeCode");
	if (ic != NULL && vs_proto_is_icmp(e.proto)) {
		vs_j_push_key(c, "IcmpTypeCode");
		v = -1;
		if (vs_j_int(c, ic, "Type", -1, 255, &v, &has) && has)
			e.icmp_type = (int)v;
		v = -1;
		if (vs_j_int(c, ic, "Code", -1, 255, &v, &has) && has)
			e.icmp_code = (int)v;
		e.has_icmp = true;
		vs_j_pop(c);
	}
	n->entries = vs_arena_grow(c->t->arena, n->entries, sizeof(*n->entries),
	    cap, n->n_entries + 1u);
	n->entries[n->n_entries++] = e;
}

/* ---- routes ---- */

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

void
vs_j_route(struct vs_jcx *c, const cJSON *o, struct vs_rtb *rt, size_t *cap)
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
	    {"VpcEndpointId", VS_TGT_VPCE},
	    {"GatewayId", VS_TGT_OTHER},
	    {"IpAddress", VS_TGT_IPADDR},
	};
	size_t k;

	memset(&r, 0, sizeof(r));
	if (!vs_j_pfx(c, o, "DestinationCidrBlock", VS_AF4, &r.dst, &h4) ||
	    !vs_j_pfx(c, o, "DestinationIpv6CidrBlock", VS_AF6, &r.dst, &h6) ||
	    !vs_j_id(c, o, "DestinationPrefixListId", &r.pl_id, false))
		return;
	dests = (h4 ? 1 : 0) + (h6 ? 1 : 0) + (r.pl_id ? 1 : 0);
	if (dests != 1) {
		vs_j_err(c, o, NULL,
		    "a route needs exactly one of DestinationCidrBlock, "
		    "DestinationIpv6CidrBlock, DestinationPrefixListId");
		return;
	}
	r.to_pl = r.pl_id != NULL;
	r.target = VS_TGT_OTHER;
	for (k = 0; k < sizeof(targets) / sizeof(targets[0]); k++) {
		if (!vs_j_str(c, o, targets[k].key, &t, false))
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
	vs_j_str(c, o, "State", &s, false);
	r.state = route_state(s);
	s = NULL;
	vs_j_str(c, o, "Origin", &s, false);
	r.origin = route_origin(s);
	if (r.target_id == NULL && r.state == VS_RS_ACTIVE) {
		vs_j_err(c, o, NULL,
		    "an active route needs a target (GatewayId, "
		    "NatGatewayId, ...)");
		return;
	}
	rt->routes = vs_arena_grow(c->t->arena, rt->routes, sizeof(*rt->routes),
	    cap, rt->n_routes + 1u);
	rt->routes[rt->n_routes++] = r;
}
