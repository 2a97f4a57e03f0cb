/*
 * jconv.h - checked conversion of JSON/YAML trees into topology values.
 *
 * DOC: the loader (describe-* files) and the change applier (EC2 API
 * actions) read the same shapes: IpPermissions, network ACL entries,
 * routes.  This module holds what they share: a conversion context with a
 * JSON-pointer path stack, located diagnostics, and one getter per field
 * kind.  Every getter checks its field and reports a located error naming
 * the path and what it got when the type or value is wrong; an absent
 * optional field leaves the output untouched, so callers set AWS's default
 * first and then read.  Strings are copied into the topology's arena.
 */
#ifndef VS_JCONV_H
#define VS_JCONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "ip.h"
#include "topo.h"

struct cJSON;
struct vs_src;

#define VS_JCX_MAX_DEPTH 32
/* Longest id accepted (AWS ids are far shorter). */
#define VS_JCX_MAX_ID 200

struct vs_jcx {
	struct vs_topo *t; /* arena for strings and arrays */
	struct vs_diags *d;
	const struct vs_src *src;
	const char *file;  /* in the topology arena */
	const char *fname; /* as given */
	struct {
		const char *key; /* NULL: array index */
		long idx;
	} path[VS_JCX_MAX_DEPTH];
	int depth;
	void *owner; /* the caller's own state */
};

void vs_jcx_init(struct vs_jcx *c, struct vs_topo *t, struct vs_diags *d,
    const struct vs_src *src);

void vs_j_push_key(struct vs_jcx *c, const char *k);
void vs_j_push_idx(struct vs_jcx *c, long i);
void vs_j_pop(struct vs_jcx *c);
/* The current path plus an optional last key, as a JSON pointer. */
const char *vs_j_path(const struct vs_jcx *c, const char *last, char *buf,
    size_t n);
void vs_j_err(struct vs_jcx *c, const struct cJSON *node, const char *last,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* An error about member node's key itself, located at the key. */
void vs_j_err_key(struct vs_jcx *c, const struct cJSON *node, const char *last,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void vs_j_warn(struct vs_jcx *c, const struct cJSON *node, const char *last,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A short rendering of a value for "got ..." in messages. */
const char *vs_j_desc(const struct vs_jcx *c, const struct cJSON *n,
    const char *last, char *buf, size_t len);

const struct cJSON *vs_j_field(const struct cJSON *o, const char *k);
bool vs_j_absent(const struct cJSON *n);
const char *vs_j_intern(struct vs_jcx *c, const char *s);

bool vs_j_str(struct vs_jcx *c, const struct cJSON *o, const char *k,
    const char **out, bool required);
bool vs_j_id(struct vs_jcx *c, const struct cJSON *o, const char *k,
    const char **out, bool required);
bool vs_j_bool(struct vs_jcx *c, const struct cJSON *o, const char *k,
    bool *out);
bool vs_j_int(struct vs_jcx *c, const struct cJSON *o, const char *k, long lo,
    long hi, long *out, bool *has);
bool vs_j_proto(struct vs_jcx *c, const struct cJSON *o, const char *k,
    int *out);
bool vs_j_parse_pfx(struct vs_jcx *c, const struct cJSON *n, const char *k,
    int af, struct vs_prefix *out);
bool vs_j_pfx(struct vs_jcx *c, const struct cJSON *o, const char *k, int af,
    struct vs_prefix *out, bool *has);
bool vs_j_addr(struct vs_jcx *c, const struct cJSON *o, const char *k, int af,
    struct vs_addr *out, bool *has);
const struct cJSON *vs_j_arr(struct vs_jcx *c, const struct cJSON *o,
    const char *k);
const struct cJSON *vs_j_obj(struct vs_jcx *c, const struct cJSON *o,
    const char *k);
bool vs_j_need_obj(struct vs_jcx *c, const struct cJSON *e);
/* The origin (file and path) of the value at the current path. */
struct vs_origin vs_j_here(struct vs_jcx *c);
/* An array of strings, or of objects whose key `inner` holds one. */
const char **vs_j_strlist(struct vs_jcx *c, const struct cJSON *o,
    const char *k, const char *inner, uint32_t *count);

/* Check a rule's protocol and FromPort/ToPort (or ICMP type/code). */
bool vs_j_rule_ports(struct vs_jcx *c, const struct cJSON *o,
    struct vs_sg_rule *r, const char *fromkey, const char *tokey);
/* "account/sg-..." or "sg-..." into ref/ref_user. */
void vs_j_split_group(struct vs_jcx *c, const char *g, struct vs_sg_rule *r);
/* An IpPermissions array (key) of o: one rule per peer, appended to g. */
void vs_j_perms(struct vs_jcx *c, struct vs_sg *g, size_t *cap,
    const struct cJSON *o, const char *key, bool egress);
/* One network ACL entry (describe or CreateNetworkAclEntry shape). */
void vs_j_nacl_entry(struct vs_jcx *c, const struct cJSON *o, struct vs_nacl *n,
    size_t *cap);
/* One route (describe or CreateRoute shape), appended to rt. */
void vs_j_route(struct vs_jcx *c, const struct cJSON *o, struct vs_rtb *rt,
    size_t *cap);

#endif
