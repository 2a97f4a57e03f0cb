/*
 * fmt.h - rules, routes and ports as a person reads them.
 *
 * DOC: one rendering of each rule kind, shared by `show`, the trace
 * renderers and the scenario reports, so a rule looks the same wherever it
 * is named.  The text follows the console's vocabulary: "tcp 443",
 * "all", "icmp type 8 code 0", "from 0.0.0.0/0", "to sg-0a1".
 */
#ifndef VS_FMT_H
#define VS_FMT_H

#include <stddef.h>
#include <stdint.h>

struct vs_sg_rule;
struct vs_nacl_entry;
struct vs_route;
struct vs_topo;

/* Room that is always enough for one rendered rule. */
#define VS_FMT_LEN 256

/* "tcp 443", "udp 1024-65535", "all", "icmp type 8 code any". */
char *vs_fmt_match(int proto, int32_t from, int32_t to, char *buf, size_t n);
/* "ingress tcp 443 from 0.0.0.0/0" */
char *vs_fmt_sg_rule(const struct vs_sg_rule *r, char *buf, size_t n);
/* "rule 110 allow tcp 32768-60999 0.0.0.0/0" */
char *vs_fmt_nacl_entry(const struct vs_nacl_entry *e, char *buf, size_t n);
/* "0.0.0.0/0 -> igw-0a1" plus " (blackhole)" when not active */
char *vs_fmt_route(const struct vs_route *r, char *buf, size_t n);

#endif
