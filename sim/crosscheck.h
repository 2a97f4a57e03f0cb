/*
 * crosscheck.h - replay VPC flow-log records through the model.
 *
 * DOC: a flow-log record says ACCEPT or REJECT for one flow at one
 * interface in one direction.  vs_xc_record() evaluates the controls at
 * that interface in that direction - its subnet's network ACL (when the
 * peer is outside the subnet) and its security groups - and classifies the
 * record:
 *   explained      REJECT, and the model denies it there (blocked_at says
 *                  which rule);
 *   unexplained    REJECT the model allows, or cannot decide: a stale
 *                  snapshot, a late packet after the connection closed, an
 *                  unmodelled component;
 *   consistent     ACCEPT the model allows;
 *   contradicted   ACCEPT the model denies: a stale snapshot, or a tracked
 *                  connection outliving a revoked rule;
 *   skipped        NODATA / SKIPDATA records, and records the model cannot
 *                  place (an ACCEPT it cannot decide, traffic an interface
 *                  forwards for others);
 *   unknown-interface  the interface is not in the snapshot.
 * Before evaluating, the record is read as a request or a reply leg:
 * tcp-flags when present (SYN without SYN-ACK marks the initiator), else
 * ports (the side whose port is ephemeral, 32768 or above, while the
 * other's is not is the client; otherwise the lower port is the
 * server's).  ICMP records carry no type, so every type the rules tell
 * apart and both readings are tried.  A reply
 * leg passes the security groups only as tracked traffic: if the request
 * it answers would have passed them.  Network ACLs always apply.
 *
 * Decisions are cached per (interface, direction, reading, protocol,
 * ports, peer address) in a fixed-size table, so a log of busy flows costs
 * parsing, not evaluation; memory does not grow with the number of
 * records.
 */
#ifndef VS_CROSSCHECK_H
#define VS_CROSSCHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "eval.h"
#include "flowlog.h"
#include "topo.h"

enum vs_xc_class {
	VS_XC_EXPLAINED,
	VS_XC_UNEXPLAINED,
	VS_XC_CONSISTENT,
	VS_XC_CONTRADICTED,
	VS_XC_SKIPPED,
	VS_XC_UNKNOWN_INTERFACE,
	VS_XC__COUNT
};
extern const char *const vs_xc_class_names[VS_XC__COUNT];

/* The control that denied a record (or would have). */
struct vs_xc_block {
	enum vs_comp comp; /* VS_C_NACL, VS_C_SG or VS_C_IGW (BPA) */
	const char *id;    /* NACL id, or the interface for SGs */
	enum vs_dir dir;
	uint32_t rule;                     /* NACL rule number */
	const struct vs_nacl_entry *entry; /* NULL: implicit */
	const char *const *groups;         /* SG: the interface's groups */
	uint32_t n_groups;
	enum vs_reason reason;
};

struct vs_xc_result {
	enum vs_xc_class cls;
	vs_idx eni;
	const char *eni_id;
	enum vs_dir dir;
	bool reply;            /* read as a reply leg */
	const char *basis;     /* "tcp-flags", "ports", "icmp" */
	const char *dir_basis; /* "flow-direction" or "addresses" */
	bool has_block;
	struct vs_xc_block block;
	const char *note;      /* why unexplained/skipped, or a caveat */
	const char *missing;   /* undecided: what the snapshot lacks */
	bool late;             /* a FIN/RST-only REJECT the model allows */
	uint16_t service_port; /* the server side's port (0 for ICMP) */
};

struct vs_xc;

struct vs_xc *vs_xc_new(const struct vs_topo *t);
void vs_xc_free(struct vs_xc **x);
/* Classify one record (pure apart from the cache). */
void vs_xc_record(struct vs_xc *x, const struct vs_flowrec *r,
    struct vs_xc_result *out);
/* Turn the decision cache off (on by default): for tests that compare
 * the cached answers with fresh evaluations. */
void vs_xc_set_cache(struct vs_xc *x, bool on);
/* Cache statistics: lookups that hit, total lookups. */
void vs_xc_cache_stats(const struct vs_xc *x, uint64_t *hits,
    uint64_t *lookups);

#endif

/* ---- REJECT groups and the "it worked until Tuesday" signal ---- */

struct vs_xc_group {
	vs_idx eni;
	const char *eni_id;
	enum vs_dir dir;
	int proto;
	uint16_t port;        /* the service port */
	enum vs_xc_class cls; /* explained or unexplained */
	bool reply;           /* the records are reply legs */
	bool late;            /* FIN/RST-only REJECTs the model allows */
	bool has_block;
	struct vs_xc_block block;
	const char *note;
	const char *missing; /* undecided: what the snapshot lacks */
	uint64_t count;
	int64_t first, last; /* `start` of the first and last record */
	bool flipped;        /* ACCEPTs on this interface, direction and
				port came before the first REJECT */
};

struct vs_xc_groups;

struct vs_xc_groups *vs_xc_groups_new(void);
void vs_xc_groups_free(struct vs_xc_groups **g);
/* Account one classified record. */
void vs_xc_groups_add(struct vs_xc_groups *g, const struct vs_flowrec *r,
    const struct vs_xc_result *res);
/* The REJECT groups, largest first (then by interface id, port,
 * direction, rule); valid until the next call or free. */
const struct vs_xc_group *vs_xc_groups_list(struct vs_xc_groups *g, size_t *n);
