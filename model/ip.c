/*
 * ip.c - address, prefix, port and protocol value types (see ip.h).
 */
#include "ip.h"

#include <sys/socket.h>

#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
vs_parse_long(const char *s, size_t n, long lo, long hi, long *out)
{
	size_t i = 0;
	bool neg = false;
	long v = 0;

	if (n == 0)
		return -1;
	if (s[0] == '-') {
		neg = true;
		i = 1;
		if (n == 1 || s[1] == '0')
			return -1;
	}
	for (; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		if (v > 100000000000L)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (neg)
		v = -v;
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
vs_addr_parse4(const char *s, size_t n, struct vs_addr *out)
{
	uint32_t v = 0;
	unsigned octet = 0, digits = 0, dots = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];
		if (is_digit(c)) {
			/* no leading zeros: "010" could be read as octal */
			if (++digits > 3 || (digits == 2 && octet == 0))
				return -1;
			octet = octet * 10 + (unsigned)(c - '0');
			if (octet > 255)
				return -1;
		} else if (c == '.') {
			if (digits == 0 || ++dots > 3)
				return -1;
			v = (v << 8) | octet;
			octet = 0;
			digits = 0;
		} else {
			return -1;
		}
	}
	if (dots != 3 || digits == 0)
		return -1;
	v = (v << 8) | octet;
	*out = vs_addr4(v);
	return 0;
}

int
vs_addr_parse6(const char *s, size_t n, struct vs_addr *out)
{
	char buf[64];
	unsigned char b[16];
	int i;

	if (n == 0 || n >= sizeof(buf) || memchr(s, ':', n) == NULL ||
	    memchr(s, '\0', n) != NULL)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, b) != 1)
		return -1;
	out->hi = out->lo = 0;
	for (i = 0; i < 8; i++) {
		out->hi = (out->hi << 8) | b[i];
		out->lo = (out->lo << 8) | b[i + 8];
	}
	out->af = VS_AF6;
	return 0;
}

int
vs_addr_parse(const char *s, size_t n, struct vs_addr *out)
{
	if (n > 0 && memchr(s, ':', n) != NULL)
		return vs_addr_parse6(s, n, out);
	return vs_addr_parse4(s, n, out);
}

char *
vs_addr_fmt(const struct vs_addr *a, char *buf)
{
	if (a->af == VS_AF4) {
		uint32_t v = (uint32_t)a->lo;
		snprintf(buf, VS_ADDR_STRLEN, "%u.%u.%u.%u", (v >> 24) & 255,
		    (v >> 16) & 255, (v >> 8) & 255, v & 255);
	} else {
		unsigned char b[16];
		int i;
		for (i = 0; i < 8; i++) {
			b[i] = (unsigned char)(a->hi >> (56 - 8 * i));
			b[i + 8] = (unsigned char)(a->lo >> (56 - 8 * i));
		}
		if (inet_ntop(AF_INET6, b, buf, VS_ADDR_STRLEN) == NULL)
			snprintf(buf, VS_ADDR_STRLEN, "?");
	}
	return buf;
}

int
vs_addr_cmp(const struct vs_addr *a, const struct vs_addr *b)
{
	if (a->af != b->af)
		return a->af < b->af ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return 0;
}

static unsigned
af_bits(int af)
{
	return af == VS_AF4 ? 32u : 128u;
}

/* Masks that keep the first len bits of a 128-bit value (IPv4 sits in the
 * low 32 bits of lo). */
static void
mask_for(int af, unsigned len, uint64_t *mhi, uint64_t *mlo)
{
	if (af == VS_AF4) {
		*mhi = 0;
		*mlo = len == 0 ? 0 : (0xffffffffu << (32 - len)) & 0xffffffffu;
		return;
	}
	if (len == 0) {
		*mhi = *mlo = 0;
	} else if (len < 64) {
		*mhi = ~(uint64_t)0 << (64 - len);
		*mlo = 0;
	} else if (len == 64) {
		*mhi = ~(uint64_t)0;
		*mlo = 0;
	} else if (len < 128) {
		*mhi = ~(uint64_t)0;
		*mlo = ~(uint64_t)0 << (128 - len);
	} else {
		*mhi = *mlo = ~(uint64_t)0;
	}
}

struct vs_prefix
vs_prefix_make(const struct vs_addr *a, unsigned len)
{
	struct vs_prefix p;
	uint64_t mhi, mlo;

	if (len > af_bits(a->af))
		len = af_bits(a->af);
	mask_for(a->af, len, &mhi, &mlo);
	p.addr.af = a->af;
	p.addr.hi = a->hi & mhi;
	p.addr.lo = a->lo & mlo;
	p.len = (uint8_t)len;
	return p;
}

struct vs_prefix
vs_prefix_host(const struct vs_addr *a)
{
	return vs_prefix_make(a, af_bits(a->af));
}

enum vs_pfx_err
vs_prefix_parse(const char *s, size_t n, int want_af, struct vs_prefix *out)
{
	const char *slash = memchr(s, '/', n);
	struct vs_addr a;
	long len;
	size_t alen;

	if (slash == NULL)
		return VS_PFX_NOSLASH;
	alen = (size_t)(slash - s);
	if (want_af == VS_AF4) {
		if (vs_addr_parse4(s, alen, &a) != 0)
			return VS_PFX_BADADDR;
	} else if (want_af == VS_AF6) {
		if (vs_addr_parse6(s, alen, &a) != 0)
			return VS_PFX_BADADDR;
	} else if (vs_addr_parse(s, alen, &a) != 0) {
		return VS_PFX_BADADDR;
	}
	if (n - alen - 1 > 3 ||
	    vs_parse_long(slash + 1, n - alen - 1, 0, af_bits(a.af), &len) !=
		0 ||
	    slash[1] == '-')
		return VS_PFX_BADLEN;
	*out = vs_prefix_make(&a, (unsigned)len);
	if (!vs_addr_eq(&out->addr, &a))
		return VS_PFX_HOSTBITS;
	return VS_PFX_OK;
}

const char *
vs_prefix_strerror(enum vs_pfx_err e)
{
	switch (e) {
	case VS_PFX_OK:
		return "ok";
	case VS_PFX_HOSTBITS:
		return "host bits set";
	case VS_PFX_NOSLASH:
		return "missing /length";
	case VS_PFX_BADADDR:
		return "bad address";
	case VS_PFX_BADLEN:
		return "bad prefix length";
	}
	return "?";
}

char *
vs_prefix_fmt(const struct vs_prefix *p, char *buf)
{
	char a[VS_ADDR_STRLEN];
	snprintf(buf, VS_PFX_STRLEN, "%s/%u", vs_addr_fmt(&p->addr, a),
	    (unsigned)p->len);
	return buf;
}

bool
vs_prefix_contains(const struct vs_prefix *p, const struct vs_addr *a)
{
	uint64_t mhi, mlo;

	if (p->addr.af != a->af)
		return false;
	mask_for(a->af, p->len, &mhi, &mlo);
	return (a->hi & mhi) == p->addr.hi && (a->lo & mlo) == p->addr.lo;
}

bool
vs_prefix_covers(const struct vs_prefix *p, const struct vs_prefix *q)
{
	return p->addr.af == q->addr.af && p->len <= q->len &&
	       vs_prefix_contains(p, &q->addr);
}

bool
vs_prefix_overlaps(const struct vs_prefix *p, const struct vs_prefix *q)
{
	return vs_prefix_covers(p, q) || vs_prefix_covers(q, p);
}

int
vs_prefix_cmp(const struct vs_prefix *a, const struct vs_prefix *b)
{
	int c = vs_addr_cmp(&a->addr, &b->addr);
	if (c != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

struct vs_addr
vs_prefix_last(const struct vs_prefix *p)
{
	struct vs_addr a = p->addr;
	uint64_t mhi, mlo;

	mask_for(a.af, p->len, &mhi, &mlo);
	if (a.af == VS_AF4) {
		a.lo |= ~mlo & 0xffffffffu;
	} else {
		a.hi |= ~mhi;
		a.lo |= ~mlo;
	}
	return a;
}

struct vs_addr
vs_addr_add(const struct vs_addr *a, uint64_t off)
{
	struct vs_addr r = *a;

	if (r.af == VS_AF4) {
		r.lo = (r.lo + off) & 0xffffffffu;
	} else {
		uint64_t lo = r.lo + off;
		if (lo < r.lo)
			r.hi++;
		r.lo = lo;
	}
	return r;
}

static bool
in4(const struct vs_addr *a, uint32_t net, unsigned len)
{
	struct vs_prefix p;
	p.addr = vs_addr4(net);
	p.len = (uint8_t)len;
	return vs_prefix_contains(&p, a);
}

bool
vs_addr_is_rfc1918(const struct vs_addr *a)
{
	return a->af == VS_AF4 &&
	       (in4(a, 0x0a000000u, 8) || in4(a, 0xac100000u, 12) ||
		   in4(a, 0xc0a80000u, 16));
}

bool
vs_addr_is_rfc6598(const struct vs_addr *a)
{
	return in4(a, 0x64400000u, 10);
}

bool
vs_addr_is_private(const struct vs_addr *a)
{
	if (a->af == VS_AF6)
		return (a->hi >> 57) == (0xfc00000000000000ull >> 57);
	return vs_addr_is_rfc1918(a) || vs_addr_is_rfc6598(a);
}

int
vs_prange_parse(const char *s, size_t n, struct vs_prange *out)
{
	const char *dash = memchr(s, '-', n);
	long lo, hi;

	if (dash == NULL) {
		if (vs_parse_long(s, n, 0, 65535, &lo) != 0)
			return -1;
		hi = lo;
	} else {
		size_t l = (size_t)(dash - s);
		if (vs_parse_long(s, l, 0, 65535, &lo) != 0 ||
		    vs_parse_long(dash + 1, n - l - 1, 0, 65535, &hi) != 0 ||
		    dash[1] == '-' || hi < lo)
			return -1;
	}
	*out = vs_prange((unsigned)lo, (unsigned)hi);
	return 0;
}

static bool
eq_nocase(const char *s, size_t n, const char *lit)
{
	size_t i;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (lit[i] == '\0' || c != lit[i])
			return false;
	}
	return lit[n] == '\0';
}

int
vs_proto_parse(const char *s, size_t n)
{
	long v;

	if (eq_nocase(s, n, "tcp"))
		return VS_PROTO_TCP;
	if (eq_nocase(s, n, "udp"))
		return VS_PROTO_UDP;
	if (eq_nocase(s, n, "icmp"))
		return VS_PROTO_ICMP;
	if (eq_nocase(s, n, "icmpv6"))
		return VS_PROTO_ICMPV6;
	if (eq_nocase(s, n, "all"))
		return VS_PROTO_ALL;
	if (vs_parse_long(s, n, -1, 255, &v) == 0)
		return (int)v;
	return -2;
}

const char *
vs_proto_name(int proto, char *buf)
{
	switch (proto) {
	case VS_PROTO_ALL:
		return "all";
	case VS_PROTO_TCP:
		return "tcp";
	case VS_PROTO_UDP:
		return "udp";
	case VS_PROTO_ICMP:
		return "icmp";
	case VS_PROTO_ICMPV6:
		return "icmpv6";
	default:
		snprintf(buf, 8, "%d", proto);
		return buf;
	}
}
