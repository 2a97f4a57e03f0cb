/*
 * ip.h - value types: addresses, prefixes, port ranges, protocols.
 *
 * DOC: an address is a 128-bit value plus its family.  IPv4 addresses sit in
 * the low 32 bits of lo with hi zero, so one set of compare and mask
 * operations serves both families; addresses of different families never
 * compare equal and a prefix never contains an address of the other family.
 * These are plain structs passed by value or const pointer.  Parsing takes
 * a pointer and length (inputs are often fields inside a larger line) and
 * never allocates.
 */
#ifndef VS_IP_H
#define VS_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { VS_AF4 = 4, VS_AF6 = 6 };

struct vs_addr {
	uint64_t hi, lo;
	uint8_t af; /* VS_AF4 or VS_AF6 */
};

struct vs_prefix {
	struct vs_addr addr; /* host bits are always clear */
	uint8_t len;         /* 0..32 or 0..128 */
};

/* Longest text form of an address or prefix, with the NUL. */
#define VS_ADDR_STRLEN 46
#define VS_PFX_STRLEN  50

static inline struct vs_addr
vs_addr4(uint32_t v)
{
	struct vs_addr a = {0, v, VS_AF4};
	return a;
}

static inline uint32_t
vs_addr4_value(const struct vs_addr *a)
{
	return (uint32_t)a->lo;
}

/* Parse an address in its usual text form; 0 on success, -1 otherwise. */
int vs_addr_parse(const char *s, size_t n, struct vs_addr *out);
int vs_addr_parse4(const char *s, size_t n, struct vs_addr *out);
int vs_addr_parse6(const char *s, size_t n, struct vs_addr *out);
/* Print into buf (at least VS_ADDR_STRLEN bytes); returns buf. */
char *vs_addr_fmt(const struct vs_addr *a, char *buf);
int vs_addr_cmp(const struct vs_addr *a, const struct vs_addr *b);
static inline bool
vs_addr_eq(const struct vs_addr *a, const struct vs_addr *b)
{
	return a->af == b->af && a->hi == b->hi && a->lo == b->lo;
}

/* Result of vs_prefix_parse; see vs_prefix_strerror(). */
enum vs_pfx_err {
	VS_PFX_OK = 0,
	VS_PFX_HOSTBITS, /* parsed; host bits were set and have been cleared */
	VS_PFX_NOSLASH,  /* no "/len" */
	VS_PFX_BADADDR,  /* address part is not an address */
	VS_PFX_BADLEN    /* length is not a number or too large */
};

/*
 * Parse "addr/len".  VS_PFX_HOSTBITS is a warning: *out holds the prefix
 * with the host bits cleared, as AWS stores it.  Any other non-zero result
 * is an error and *out is unspecified.  want_af 0 accepts either family.
 */
enum vs_pfx_err vs_prefix_parse(const char *s, size_t n, int want_af,
    struct vs_prefix *out);
const char *vs_prefix_strerror(enum vs_pfx_err e);
char *vs_prefix_fmt(const struct vs_prefix *p, char *buf);
/* A prefix of one address (/32 or /128). */
struct vs_prefix vs_prefix_host(const struct vs_addr *a);
/* The prefix of the given length that contains a. */
struct vs_prefix vs_prefix_make(const struct vs_addr *a, unsigned len);
bool vs_prefix_contains(const struct vs_prefix *p, const struct vs_addr *a);
/* Does p contain all of q? */
bool vs_prefix_covers(const struct vs_prefix *p, const struct vs_prefix *q);
bool vs_prefix_overlaps(const struct vs_prefix *p, const struct vs_prefix *q);
int vs_prefix_cmp(const struct vs_prefix *a, const struct vs_prefix *b);
/* Highest address inside p. */
struct vs_addr vs_prefix_last(const struct vs_prefix *p);
/* Add an unsigned offset to an address (wraps within the family). */
struct vs_addr vs_addr_add(const struct vs_addr *a, uint64_t off);

/* RFC 1918 private, RFC 6598 shared, link-local, and friends. */
bool vs_addr_is_rfc1918(const struct vs_addr *a);
bool vs_addr_is_rfc6598(const struct vs_addr *a);
bool vs_addr_is_private(const struct vs_addr *a); /* 1918, 6598, fc00::/7 */

/* An inclusive range of ports (or of ICMP types). */
struct vs_prange {
	uint16_t lo, hi;
};

static inline struct vs_prange
vs_prange(unsigned lo, unsigned hi)
{
	struct vs_prange r = {(uint16_t)lo, (uint16_t)hi};
	return r;
}

/* "80", "1024-65535"; 0 on success. */
int vs_prange_parse(const char *s, size_t n, struct vs_prange *out);

/* IP protocol numbers we name. */
enum {
	VS_PROTO_ALL = -1,
	VS_PROTO_ICMP = 1,
	VS_PROTO_TCP = 6,
	VS_PROTO_UDP = 17,
	VS_PROTO_ICMPV6 = 58
};

/*
 * Parse a protocol as AWS writes it: a name (tcp, udp, icmp, icmpv6, all),
 * a number 0..255, or -1 for all.  Returns the number, VS_PROTO_ALL, or -2
 * when the text is not a protocol.
 */
int vs_proto_parse(const char *s, size_t n);
/* "tcp", "udp", "icmp", "icmpv6", "all", or the number; buf >= 8 bytes. */
const char *vs_proto_name(int proto, char *buf);
/* Do TCP/UDP port ranges apply to this protocol? */
static inline bool
vs_proto_has_ports(int proto)
{
	return proto == VS_PROTO_TCP || proto == VS_PROTO_UDP;
}
static inline bool
vs_proto_is_icmp(int proto)
{
	return proto == VS_PROTO_ICMP || proto == VS_PROTO_ICMPV6;
}

/* Decimal integer in [lo, hi] with no sign surprises; 0 on success. */
int vs_parse_long(const char *s, size_t n, long lo, long hi, long *out);

#endif
