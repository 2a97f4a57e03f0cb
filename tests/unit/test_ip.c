/*
 * test_ip.c - unit tests for the value types (model/ip.h).
 *
 * Expected values come from the address and prefix notations themselves
 * (RFC 791 dotted quads, RFC 4291 and RFC 5952 for IPv6 text), from the
 * AWS rules quoted in reference/aws-semantics.md (protocol names and
 * numbers, "-1" meaning all protocols, CIDRs stored with host bits cleared)
 * and from the contracts written in ip.h.  A randomised round-trip test uses
 * a fixed seed that it prints, so a failure can be replayed.
 */
/* cmocka.h needs these four headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip.h"

/* ---- helpers ---- */

static struct vs_addr
addr(const char *s)
{
	struct vs_addr a;

	memset(&a, 0, sizeof(a));
	if (vs_addr_parse(s, strlen(s), &a) != 0)
		fail_msg("test address %s does not parse", s);
	return a;
}

static struct vs_prefix
pfx(const char *s)
{
	struct vs_prefix p;
	enum vs_pfx_err e;

	memset(&p, 0, sizeof(p));
	e = vs_prefix_parse(s, strlen(s), 0, &p);
	if (e != VS_PFX_OK)
		fail_msg("test prefix %s does not parse cleanly (%d)", s,
		    (int)e);
	return p;
}

static int
parse(const char *s, struct vs_addr *out)
{
	return vs_addr_parse(s, strlen(s), out);
}

/* Parse then print must give exactly want. */
static void
check_addr_text(const char *in, const char *want, int af)
{
	struct vs_addr a;
	char buf[VS_ADDR_STRLEN];

	if (parse(in, &a) != 0)
		fail_msg("%s: rejected", in);
	assert_int_equal(a.af, af);
	assert_string_equal(vs_addr_fmt(&a, buf), want);
}

static void
check_addr_bad(const char *in)
{
	struct vs_addr a;

	if (parse(in, &a) == 0)
		fail_msg("%s: accepted, should be rejected", in);
}

static void
check_pfx(const char *in, int want_af, enum vs_pfx_err want_err,
    const char *want_text)
{
	struct vs_prefix p;
	enum vs_pfx_err e;
	char buf[VS_PFX_STRLEN];

	e = vs_prefix_parse(in, strlen(in), want_af, &p);
	if (e != want_err)
		fail_msg("%s: result %d (%s), want %d (%s)", in, (int)e,
		    vs_prefix_strerror(e), (int)want_err,
		    vs_prefix_strerror(want_err));
	if (want_text != NULL)
		assert_string_equal(vs_prefix_fmt(&p, buf), want_text);
}

/* ---- IPv4 ---- */

static void
test_ipv4_parse_print(void **state)
{
	struct vs_addr a;

	(void)state;
	check_addr_text("0.0.0.0", "0.0.0.0", VS_AF4);
	check_addr_text("255.255.255.255", "255.255.255.255", VS_AF4);
	check_addr_text("10.1.2.3", "10.1.2.3", VS_AF4);
	check_addr_text("192.168.0.1", "192.168.0.1", VS_AF4);

	a = addr("10.1.2.3");
	assert_int_equal(vs_addr4_value(&a), 0x0a010203u);
	assert_int_equal(a.hi, 0);
	a = addr("255.255.255.255");
	assert_int_equal(vs_addr4_value(&a), 0xffffffffu);
	a = addr("0.0.0.0");
	assert_int_equal(vs_addr4_value(&a), 0);

	/* vs_addr4 builds the same value the parser does */
	{
		struct vs_addr b = vs_addr4(0xc0a80001u);
		a = addr("192.168.0.1");
		assert_true(vs_addr_eq(&a, &b));
	}
}

static void
test_ipv4_reject(void **state)
{
	static const char *const bad[] = {
	    "256.0.0.1",  /* octet over 255 */
	    "1.2.3.256",  /* last octet over 255 */
	    "1.2.300.4",  /* middle octet over 255 */
	    "999.1.1.1",  /* three digits, still over */
	    "1234.1.1.1", /* four digits */
	    "1.2.3",      /* too few octets */
	    "1.2.3.4.5",  /* too many */
	    "1..2.3",     /* empty octet */
	    ".1.2.3",     /* leading dot */
	    "1.2.3.",     /* trailing dot */
	    " 1.2.3.4",   /* leading blank */
	    "1.2.3.4 ",   /* trailing blank */
	    "1.2.3.4x",   /* trailing junk */
	    "x1.2.3.4",   /* leading junk */
	    "1.2.3.-4",   /* sign */
	    "1.2.3.+4",   /* sign */
	    "",           /* empty */
	    "1.2.3.4/32", /* a prefix is not an address */
	    "0x0a.0.0.1", /* hex */
	    "10-0-0-157", /* the broken AWS sample */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_addr_bad(bad[i]);
}

static void
test_addr_parse_uses_length(void **state)
{
	struct vs_addr a;
	char buf[VS_ADDR_STRLEN];
	const char *line = "10.0.0.1 10.0.0.2";

	(void)state;
	/* the parser reads exactly n bytes of a larger buffer */
	assert_int_equal(vs_addr_parse(line, 8, &a), 0);
	assert_string_equal(vs_addr_fmt(&a, buf), "10.0.0.1");
	assert_int_equal(vs_addr_parse(line + 9, 8, &a), 0);
	assert_string_equal(vs_addr_fmt(&a, buf), "10.0.0.2");
	/* ... and one byte short ("10.0.0.") is no address */
	assert_int_not_equal(vs_addr_parse(line, 7, &a), 0);
	assert_int_equal(vs_addr_parse("2001:db8::1 junk", 11, &a), 0);
	assert_string_equal(vs_addr_fmt(&a, buf), "2001:db8::1");
	assert_int_not_equal(vs_addr_parse("x", 0, &a), 0);
}

/* ---- IPv6 ---- */

static void
test_ipv6_parse_print(void **state)
{
	struct vs_addr a;

	(void)state;
	check_addr_text("::", "::", VS_AF6);
	check_addr_text("::1", "::1", VS_AF6);
	check_addr_text("2001:db8::1", "2001:db8::1", VS_AF6);
	/* RFC 5952 canonical form: lower case, longest zero run
	 * compressed, no leading zeros */
	check_addr_text("2001:DB8:0:0:0:0:0:1", "2001:db8::1", VS_AF6);
	check_addr_text("2001:0db8:0000:0000:0001:0000:0000:0001",
	    "2001:db8::1:0:0:1", VS_AF6);
	check_addr_text("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", VS_AF6);
	check_addr_text("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", VS_AF6);
	check_addr_text("::ffff:1.2.3.4", "::ffff:1.2.3.4", VS_AF6);

	a = addr("::");
	assert_int_equal(a.hi, 0);
	assert_int_equal(a.lo, 0);
	a = addr("::1");
	assert_int_equal(a.hi, 0);
	assert_int_equal(a.lo, 1);
	a = addr("2001:db8::1");
	assert_int_equal(a.hi, 0x20010db800000000ull);
	assert_int_equal(a.lo, 1);
	a = addr("1:2:3:4:5:6:7:8");
	assert_int_equal(a.hi, 0x0001000200030004ull);
	assert_int_equal(a.lo, 0x0005000600070008ull);
	/* an IPv4-mapped address is an IPv6 address, not IPv4 */
	a = addr("::ffff:1.2.3.4");
	assert_int_equal(a.af, VS_AF6);
	assert_int_equal(a.hi, 0);
	assert_int_equal(a.lo, 0x0000ffff01020304ull);
}

static void
test_ipv6_reject(void **state)
{
	static const char *const bad[] = {
	    "1:2:3:4:5:6:7:8:9", /* too many groups */
	    "1:2:3:4:5:6:7",     /* too few, no :: */
	    "1::2::3",           /* two :: */
	    ":::",               /* three colons */
	    "12345::",           /* group of five digits */
	    "::g",               /* not hex */
	    " ::1",              /* leading blank */
	    "::1 ",              /* trailing blank */
	    "::1x",              /* trailing junk */
	    "fe80::1%eth0",      /* zone ids are not addresses here */
	    "::ffff:1.2.3.256",  /* embedded IPv4 octet over 255 */
	    "::1/128",           /* a prefix is not an address */
	    ":",                 /* lone colon */
	};
	struct vs_addr a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_addr_bad(bad[i]);
	/* family-specific parsers refuse the other family */
	assert_int_not_equal(vs_addr_parse4("::1", 3, &a), 0);
	assert_int_not_equal(vs_addr_parse6("1.2.3.4", 7, &a), 0);
	assert_int_equal(vs_addr_parse6("::1", 3, &a), 0);
	assert_int_equal(vs_addr_parse4("1.2.3.4", 7, &a), 0);
	/* a very long input must not overflow anything */
	{
		char big[200];
		memset(big, '1', sizeof(big));
		big[4] = ':';
		assert_int_not_equal(vs_addr_parse(big, sizeof(big), &a), 0);
	}
}

/*
 * Parsing takes (pointer, length): bytes after an embedded NUL inside the
 * length are part of the input and must make it invalid, as they do for
 * IPv4.  (Flow-log fields and other slices of a larger buffer are parsed
 * this way.)
 */
static void
test_addr_embedded_nul(void **state)
{
	struct vs_addr a;

	(void)state;
	assert_int_not_equal(vs_addr_parse("1.2.3.4\0x", 9, &a), 0);
	assert_int_not_equal(vs_addr_parse("::1\0x", 5, &a), 0);
}

/* ---- comparison ---- */

static void
test_addr_cmp(void **state)
{
	struct vs_addr a = addr("10.0.0.1"), b = addr("10.0.0.2");
	struct vs_addr z4 = addr("0.0.0.0"), z6 = addr("::");
	struct vs_addr m = addr("::ffff:10.0.0.1");
	struct vs_addr hi6 = addr("8000::"),
		       lo6 = addr("::ffff:ffff:ffff:ffff");

	(void)state;
	assert_true(vs_addr_cmp(&a, &b) < 0);
	assert_true(vs_addr_cmp(&b, &a) > 0);
	assert_int_equal(vs_addr_cmp(&a, &a), 0);
	assert_true(vs_addr_eq(&a, &a));
	assert_false(vs_addr_eq(&a, &b));
	/* the high 64 bits decide before the low ones */
	assert_true(vs_addr_cmp(&lo6, &hi6) < 0);
	/* different families never compare equal, in either order */
	assert_false(vs_addr_eq(&z4, &z6));
	assert_int_not_equal(vs_addr_cmp(&z4, &z6), 0);
	assert_true((vs_addr_cmp(&z4, &z6) < 0) == (vs_addr_cmp(&z6, &z4) > 0));
	/* nor does an IPv4-mapped address equal its IPv4 address */
	assert_false(vs_addr_eq(&a, &m));
	assert_int_not_equal(vs_addr_cmp(&a, &m), 0);
}

/* ---- prefixes ---- */

static void
test_prefix_parse(void **state)
{
	(void)state;
	check_pfx("10.0.0.0/16", 0, VS_PFX_OK, "10.0.0.0/16");
	check_pfx("0.0.0.0/0", 0, VS_PFX_OK, "0.0.0.0/0");
	check_pfx("255.255.255.255/32", 0, VS_PFX_OK, "255.255.255.255/32");
	check_pfx("10.1.2.3/32", 0, VS_PFX_OK, "10.1.2.3/32");
	check_pfx("::/0", 0, VS_PFX_OK, "::/0");
	check_pfx("::/128", 0, VS_PFX_OK, "::/128");
	check_pfx("::1/128", 0, VS_PFX_OK, "::1/128");
	check_pfx("2001:db8::/32", 0, VS_PFX_OK, "2001:db8::/32");
	check_pfx("2001:db8:1234::/56", 0, VS_PFX_OK, "2001:db8:1234::/56");
	/* RFC 5952: the longest run of zero groups is the one compressed */
	check_pfx("2001:db8:0:0:8000:0:0:0/65", 0, VS_PFX_OK,
	    "2001:db8:0:0:8000::/65");
	check_pfx("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", 0, VS_PFX_OK,
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	check_pfx("10.0.0.0/16", VS_AF4, VS_PFX_OK, "10.0.0.0/16");
	check_pfx("::/0", VS_AF6, VS_PFX_OK, "::/0");
}

static void
test_prefix_hostbits(void **state)
{
	(void)state;
	/* VS_PFX_HOSTBITS is a warning: the result is the cleared prefix,
	 * as AWS stores 100.68.0.18/18 as 100.68.0.0/18 */
	check_pfx("100.68.0.18/18", 0, VS_PFX_HOSTBITS, "100.68.0.0/18");
	check_pfx("10.0.0.5/24", 0, VS_PFX_HOSTBITS, "10.0.0.0/24");
	check_pfx("10.0.0.3/31", 0, VS_PFX_HOSTBITS, "10.0.0.2/31");
	check_pfx("200.0.0.0/1", 0, VS_PFX_HOSTBITS, "128.0.0.0/1");
	check_pfx("1.2.3.4/0", 0, VS_PFX_HOSTBITS, "0.0.0.0/0");
	check_pfx("255.255.255.255/0", 0, VS_PFX_HOSTBITS, "0.0.0.0/0");
	check_pfx("::1/0", 0, VS_PFX_HOSTBITS, "::/0");
	check_pfx("::3/127", 0, VS_PFX_HOSTBITS, "::2/127");
	check_pfx("2001:db8::1/64", 0, VS_PFX_HOSTBITS, "2001:db8::/64");
	/* boundaries on both sides of the 64-bit halves */
	check_pfx("1:2:3:5:6::/63", 0, VS_PFX_HOSTBITS, "1:2:3:4::/63");
	check_pfx("1:2:3:4:5:6:7:8/64", 0, VS_PFX_HOSTBITS, "1:2:3:4::/64");
	check_pfx("1:2:3:4:ffff:6:7:8/65", 0, VS_PFX_HOSTBITS,
	    "1:2:3:4:8000::/65");
	check_pfx("ffff::/1", 0, VS_PFX_HOSTBITS, "8000::/1");
}

static void
test_prefix_errors(void **state)
{
	struct vs_prefix p;

	(void)state;
	check_pfx("10.0.0.0/33", 0, VS_PFX_BADLEN, NULL);
	check_pfx("::/129", 0, VS_PFX_BADLEN, NULL);
	check_pfx("10.0.0.0/", 0, VS_PFX_BADLEN, NULL);
	check_pfx("10.0.0.0/-1", 0, VS_PFX_BADLEN, NULL);
	check_pfx("10.0.0.0/+8", 0, VS_PFX_BADLEN, NULL);
	check_pfx("10.0.0.0/8x", 0, VS_PFX_BADLEN, NULL);
	check_pfx("10.0.0.0/ 8", 0, VS_PFX_BADLEN, NULL);
	check_pfx("10.0.0.0/8 ", 0, VS_PFX_BADLEN, NULL);
	check_pfx("10.0.0.0/1000", 0, VS_PFX_BADLEN, NULL);
	check_pfx("10.0.0.0/99999999999999999999", 0, VS_PFX_BADLEN, NULL);
	check_pfx("10.0.0.0/8/8", 0, VS_PFX_BADLEN, NULL);
	check_pfx("10.0.0.0", 0, VS_PFX_NOSLASH, NULL);
	check_pfx("", 0, VS_PFX_NOSLASH, NULL);
	check_pfx("10.0.0/8", 0, VS_PFX_BADADDR, NULL);
	check_pfx("256.0.0.0/8", 0, VS_PFX_BADADDR, NULL);
	check_pfx("/8", 0, VS_PFX_BADADDR, NULL);
	check_pfx("1::2::3/64", 0, VS_PFX_BADADDR, NULL);
	check_pfx(" 10.0.0.0/8", 0, VS_PFX_BADADDR, NULL);
	/* a family was asked for and the other one was given */
	check_pfx("::/0", VS_AF4, VS_PFX_BADADDR, NULL);
	check_pfx("10.0.0.0/8", VS_AF6, VS_PFX_BADADDR, NULL);
	/* every result has a distinct message */
	assert_string_not_equal(vs_prefix_strerror(VS_PFX_BADLEN),
	    vs_prefix_strerror(VS_PFX_BADADDR));
	assert_string_not_equal(vs_prefix_strerror(VS_PFX_NOSLASH),
	    vs_prefix_strerror(VS_PFX_BADADDR));
	assert_string_not_equal(vs_prefix_strerror(VS_PFX_HOSTBITS),
	    vs_prefix_strerror(VS_PFX_OK));
	/* the length argument bounds what is read */
	assert_int_equal(vs_prefix_parse("10.0.0.0/16,junk", 11, 0, &p),
	    VS_PFX_OK);
	assert_int_equal(p.len, 16);
}

static void
test_prefix_make_host(void **state)
{
	struct vs_addr a = addr("10.1.2.3"), b = addr("2001:db8::5");
	struct vs_prefix p;
	char buf[VS_PFX_STRLEN];

	(void)state;
	p = vs_prefix_make(&a, 8);
	assert_string_equal(vs_prefix_fmt(&p, buf), "10.0.0.0/8");
	p = vs_prefix_make(&a, 0);
	assert_string_equal(vs_prefix_fmt(&p, buf), "0.0.0.0/0");
	p = vs_prefix_host(&a);
	assert_string_equal(vs_prefix_fmt(&p, buf), "10.1.2.3/32");
	p = vs_prefix_host(&b);
	assert_string_equal(vs_prefix_fmt(&p, buf), "2001:db8::5/128");
	p = vs_prefix_make(&b, 32);
	assert_string_equal(vs_prefix_fmt(&p, buf), "2001:db8::/32");
	/* a length past the family's width is clamped to it */
	p = vs_prefix_make(&a, 40);
	assert_string_equal(vs_prefix_fmt(&p, buf), "10.1.2.3/32");
}

static void
test_prefix_contains(void **state)
{
	struct vs_prefix p8 = pfx("10.0.0.0/8"), all4 = pfx("0.0.0.0/0");
	struct vs_prefix all6 = pfx("::/0"), h = pfx("10.1.2.3/32");
	struct vs_prefix h6 = pfx("2001:db8::1/128"), n6 = pfx("2001:db8::/64");
	struct vs_prefix mapped = pfx("::ffff:0.0.0.0/96");
	struct vs_addr x;

	(void)state;
	x = addr("10.0.0.0");
	assert_true(vs_prefix_contains(&p8, &x));
	x = addr("10.255.255.255");
	assert_true(vs_prefix_contains(&p8, &x));
	x = addr("11.0.0.0");
	assert_false(vs_prefix_contains(&p8, &x));
	x = addr("9.255.255.255");
	assert_false(vs_prefix_contains(&p8, &x));
	x = addr("255.255.255.255");
	assert_true(vs_prefix_contains(&all4, &x));
	x = addr("0.0.0.0");
	assert_true(vs_prefix_contains(&all4, &x));
	x = addr("10.1.2.3");
	assert_true(vs_prefix_contains(&h, &x));
	x = addr("10.1.2.4");
	assert_false(vs_prefix_contains(&h, &x));
	x = addr("2001:db8::1");
	assert_true(vs_prefix_contains(&h6, &x));
	assert_true(vs_prefix_contains(&n6, &x));
	assert_true(vs_prefix_contains(&all6, &x));
	x = addr("2001:db8::2");
	assert_false(vs_prefix_contains(&h6, &x));
	x = addr("2001:db8:0:1::");
	assert_false(vs_prefix_contains(&n6, &x));
	/* never across families, even for the all-addresses prefixes */
	x = addr("::");
	assert_false(vs_prefix_contains(&all4, &x));
	x = addr("0.0.0.0");
	assert_false(vs_prefix_contains(&all6, &x));
	x = addr("1.2.3.4");
	assert_false(vs_prefix_contains(&mapped, &x));
	x = addr("::ffff:1.2.3.4");
	assert_true(vs_prefix_contains(&mapped, &x));
	assert_false(vs_prefix_contains(&all4, &x));
}

static void
test_prefix_covers_overlaps(void **state)
{
	struct vs_prefix a = pfx("10.0.0.0/8"), b = pfx("10.1.0.0/16");
	struct vs_prefix c = pfx("10.0.0.0/16"), lo = pfx("10.0.0.0/17");
	struct vs_prefix hi = pfx("10.0.128.0/17"), all4 = pfx("0.0.0.0/0");
	struct vs_prefix all6 = pfx("::/0"), v6 = pfx("2001:db8::/32");
	struct vs_prefix v6b = pfx("2001:db8:ff00::/40");

	(void)state;
	assert_true(vs_prefix_covers(&a, &b));
	assert_false(vs_prefix_covers(&b, &a));
	assert_true(vs_prefix_covers(&a, &a));
	assert_false(vs_prefix_covers(&c, &b));
	assert_true(vs_prefix_covers(&c, &lo));
	assert_true(vs_prefix_covers(&all4, &a));
	assert_true(vs_prefix_covers(&all6, &v6));
	assert_true(vs_prefix_covers(&v6, &v6b));
	assert_false(vs_prefix_covers(&v6b, &v6));
	assert_false(vs_prefix_covers(&all4, &all6));
	assert_false(vs_prefix_covers(&all6, &all4));
	assert_false(vs_prefix_covers(&all6, &a));

	assert_true(vs_prefix_overlaps(&a, &b));
	assert_true(vs_prefix_overlaps(&b, &a));
	assert_true(vs_prefix_overlaps(&c, &hi));
	assert_true(vs_prefix_overlaps(&hi, &c));
	assert_false(vs_prefix_overlaps(&lo, &hi));
	assert_false(vs_prefix_overlaps(&hi, &lo));
	assert_false(vs_prefix_overlaps(&b, &c));
	assert_false(vs_prefix_overlaps(&all4, &all6));
	assert_false(vs_prefix_overlaps(&all6, &all4));
	assert_true(vs_prefix_overlaps(&v6b, &all6));
}

static void
test_prefix_cmp(void **state)
{
	struct vs_prefix a8 = pfx("10.0.0.0/8"), a16 = pfx("10.0.0.0/16");
	struct vs_prefix b16 = pfx("10.1.0.0/16"), z4 = pfx("0.0.0.0/0");
	struct vs_prefix z6 = pfx("::/0"), c = pfx("10.0.0.0/8");

	(void)state;
	assert_int_equal(vs_prefix_cmp(&a8, &c), 0);
	assert_true(vs_prefix_cmp(&a8, &a16) < 0);
	assert_true(vs_prefix_cmp(&a16, &a8) > 0);
	assert_true(vs_prefix_cmp(&a16, &b16) < 0);
	assert_true(vs_prefix_cmp(&b16, &a16) > 0);
	/* the address decides before the length */
	assert_true(
	    vs_prefix_cmp(&a16, &b16) < 0 && vs_prefix_cmp(&a8, &b16) < 0);
	/* families: never equal, antisymmetric */
	assert_int_not_equal(vs_prefix_cmp(&z4, &z6), 0);
	assert_true(
	    (vs_prefix_cmp(&z4, &z6) < 0) == (vs_prefix_cmp(&z6, &z4) > 0));
}

static void
test_prefix_last(void **state)
{
	static const struct {
		const char *p, *last;
	} cases[] = {
	    {"10.0.0.0/8", "10.255.255.255"},
	    {"0.0.0.0/0", "255.255.255.255"},
	    {"10.1.2.3/32", "10.1.2.3"},
	    {"192.168.1.0/31", "192.168.1.1"},
	    {"::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
	    {"::/1", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
	    {"2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff"},
	    {"2001:db8::/65", "2001:db8::7fff:ffff:ffff:ffff"},
	    {"2001:db8::/63", "2001:db8:0:1:ffff:ffff:ffff:ffff"},
	    {"2001:db8::1/128", "2001:db8::1"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vs_prefix p = pfx(cases[i].p);
		struct vs_addr l = vs_prefix_last(&p);
		char buf[VS_ADDR_STRLEN];
		assert_int_equal(l.af, p.addr.af);
		if (strcmp(vs_addr_fmt(&l, buf), cases[i].last) != 0)
			fail_msg("last of %s: got %s, want %s", cases[i].p, buf,
			    cases[i].last);
		assert_true(vs_prefix_contains(&p, &l));
	}
}

static void
test_addr_add(void **state)
{
	struct vs_addr a;
	char buf[VS_ADDR_STRLEN];

	(void)state;
	a = addr("10.0.0.255");
	a = vs_addr_add(&a, 1);
	assert_string_equal(vs_addr_fmt(&a, buf), "10.0.1.0");
	a = addr("255.255.255.255");
	a = vs_addr_add(&a, 1);
	assert_int_equal(a.af, VS_AF4);
	assert_string_equal(vs_addr_fmt(&a, buf), "0.0.0.0");
	a = addr("::ffff:ffff:ffff:ffff");
	a = vs_addr_add(&a, 1);
	assert_string_equal(vs_addr_fmt(&a, buf), "0:0:0:1::");
	a = addr("2001:db8::");
	a = vs_addr_add(&a, 0x10000);
	assert_string_equal(vs_addr_fmt(&a, buf), "2001:db8::1:0");
}

static void
test_addr_classes(void **state)
{
	static const struct {
		const char *a;
		bool r1918, r6598, priv;
	} cases[] = {
	    {"10.0.0.0", true, false, true},
	    {"10.255.255.255", true, false, true},
	    {"11.0.0.0", false, false, false},
	    {"172.16.0.0", true, false, true},
	    {"172.31.255.255", true, false, true},
	    {"172.32.0.0", false, false, false},
	    {"172.15.255.255", false, false, false},
	    {"192.168.0.1", true, false, true},
	    {"192.169.0.1", false, false, false},
	    {"100.64.0.0", false, true, true},
	    {"100.127.255.255", false, true, true},
	    {"100.128.0.0", false, false, false},
	    {"100.63.255.255", false, false, false},
	    {"8.8.8.8", false, false, false},
	    {"fc00::1", false, false, true},
	    {"fd12:3456::1", false, false, true},
	    {"fe80::1", false, false, false},
	    {"2001:db8::1", false, false, false},
	    {"::ffff:10.0.0.1", false, false, false},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vs_addr a = addr(cases[i].a);
		if (vs_addr_is_rfc1918(&a) != cases[i].r1918 ||
		    vs_addr_is_rfc6598(&a) != cases[i].r6598 ||
		    vs_addr_is_private(&a) != cases[i].priv)
			fail_msg("%s: rfc1918 %d rfc6598 %d private %d",
			    cases[i].a, vs_addr_is_rfc1918(&a),
			    vs_addr_is_rfc6598(&a), vs_addr_is_private(&a));
	}
}

/* ---- ports and protocols ---- */

static void
test_prange_parse(void **state)
{
	static const struct {
		const char *s;
		int rc;
		unsigned lo, hi;
	} cases[] = {
	    {"80", 0, 80, 80},
	    {"0", 0, 0, 0},
	    {"65535", 0, 65535, 65535},
	    {"0-65535", 0, 0, 65535},
	    {"1024-65535", 0, 1024, 65535},
	    {"32768-60999", 0, 32768, 60999},
	    {"443-443", 0, 443, 443},
	    {"65536", -1, 0, 0},
	    {"0-65536", -1, 0, 0},
	    {"80-79", -1, 0, 0},
	    {"-1", -1, 0, 0},
	    {"-80", -1, 0, 0},
	    {"80-", -1, 0, 0},
	    {"80--90", -1, 0, 0},
	    {"1-2-3", -1, 0, 0},
	    {"", -1, 0, 0},
	    {"http", -1, 0, 0},
	    {" 80", -1, 0, 0},
	    {"80 ", -1, 0, 0},
	    {"80-90x", -1, 0, 0},
	    {"+80", -1, 0, 0},
	    {"99999999999999999999", -1, 0, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vs_prange r = {7, 7};
		int rc = vs_prange_parse(cases[i].s, strlen(cases[i].s), &r);
		if ((rc == 0) != (cases[i].rc == 0))
			fail_msg("'%s': rc %d, want %d", cases[i].s, rc,
			    cases[i].rc);
		if (rc == 0 && (r.lo != cases[i].lo || r.hi != cases[i].hi))
			fail_msg("'%s': %u-%u, want %u-%u", cases[i].s, r.lo,
			    r.hi, cases[i].lo, cases[i].hi);
	}
}

static void
test_proto_parse(void **state)
{
	static const struct {
		const char *s;
		int want;
	} cases[] = {
	    {"tcp", VS_PROTO_TCP},
	    {"6", VS_PROTO_TCP},
	    {"udp", VS_PROTO_UDP},
	    {"17", VS_PROTO_UDP},
	    {"icmp", VS_PROTO_ICMP},
	    {"1", VS_PROTO_ICMP},
	    {"icmpv6", VS_PROTO_ICMPV6},
	    {"58", VS_PROTO_ICMPV6},
	    {"-1", VS_PROTO_ALL},
	    {"all", VS_PROTO_ALL},
	    {"0", 0},
	    {"50", 50},
	    {"255", 255},
	    /* not protocols */
	    {"256", -2},
	    {"-2", -2},
	    {"1000", -2},
	    {"", -2},
	    {"tc", -2},
	    {"tcpx", -2},
	    {"icmpv", -2},
	    {"icmpv66", -2},
	    {" 6", -2},
	    {"6 ", -2},
	    {"+6", -2},
	    {"6.0", -2},
	    {"1e1", -2},
	    {"-", -2},
	    {"99999999999999999999", -2},
	};
	size_t i;

	(void)state;
	assert_int_equal(VS_PROTO_TCP, 6);
	assert_int_equal(VS_PROTO_UDP, 17);
	assert_int_equal(VS_PROTO_ICMP, 1);
	assert_int_equal(VS_PROTO_ICMPV6, 58);
	assert_int_equal(VS_PROTO_ALL, -1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = vs_proto_parse(cases[i].s, strlen(cases[i].s));
		if (got != cases[i].want)
			fail_msg("'%s': %d, want %d", cases[i].s, got,
			    cases[i].want);
	}
	/* the length bounds the name: "tcp" inside "tcpdump" */
	assert_int_equal(vs_proto_parse("tcpdump", 3), VS_PROTO_TCP);
	assert_int_equal(vs_proto_parse("170", 2), VS_PROTO_UDP);
}

static void
test_proto_name(void **state)
{
	char buf[8];
	int p;

	(void)state;
	assert_string_equal(vs_proto_name(VS_PROTO_TCP, buf), "tcp");
	assert_string_equal(vs_proto_name(VS_PROTO_UDP, buf), "udp");
	assert_string_equal(vs_proto_name(VS_PROTO_ICMP, buf), "icmp");
	assert_string_equal(vs_proto_name(VS_PROTO_ICMPV6, buf), "icmpv6");
	assert_string_equal(vs_proto_name(VS_PROTO_ALL, buf), "all");
	assert_string_equal(vs_proto_name(50, buf), "50");
	assert_string_equal(vs_proto_name(0, buf), "0");
	assert_string_equal(vs_proto_name(255, buf), "255");
	/* every protocol's name reads back as that protocol */
	for (p = -1; p <= 255; p++) {
		const char *n = vs_proto_name(p, buf);
		if (vs_proto_parse(n, strlen(n)) != p)
			fail_msg("protocol %d: name %s reads back as %d", p, n,
			    vs_proto_parse(n, strlen(n)));
	}
	assert_true(vs_proto_has_ports(VS_PROTO_TCP));
	assert_true(vs_proto_has_ports(VS_PROTO_UDP));
	assert_false(vs_proto_has_ports(VS_PROTO_ICMP));
	assert_false(vs_proto_has_ports(VS_PROTO_ALL));
	assert_false(vs_proto_has_ports(132)); /* SCTP: all ports */
	assert_true(vs_proto_is_icmp(VS_PROTO_ICMP));
	assert_true(vs_proto_is_icmp(VS_PROTO_ICMPV6));
	assert_false(vs_proto_is_icmp(VS_PROTO_TCP));
	assert_false(vs_proto_is_icmp(VS_PROTO_ALL));
}

static void
test_parse_long(void **state)
{
	long v = 12345;

	(void)state;
	assert_int_equal(vs_parse_long("0", 1, 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(vs_parse_long("-5", 2, -10, 10, &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(vs_parse_long("65535", 5, 0, 65535, &v), 0);
	assert_int_equal(v, 65535);
	v = 7;
	assert_int_not_equal(vs_parse_long("65536", 5, 0, 65535, &v), 0);
	assert_int_not_equal(vs_parse_long("-11", 3, -10, 10, &v), 0);
	assert_int_not_equal(vs_parse_long("", 0, 0, 10, &v), 0);
	assert_int_not_equal(vs_parse_long("-", 1, -10, 10, &v), 0);
	assert_int_not_equal(vs_parse_long("+1", 2, 0, 10, &v), 0);
	assert_int_not_equal(vs_parse_long("1 ", 2, 0, 10, &v), 0);
	assert_int_not_equal(vs_parse_long("0x1", 3, 0, 10, &v), 0);
	/* huge numbers are refused without overflowing */
	assert_int_not_equal(vs_parse_long("999999999999999999999999999", 27, 0,
				 10, &v),
	    0);
	assert_int_not_equal(vs_parse_long("-999999999999999999999999999", 28,
				 -10, 10, &v),
	    0);
	assert_int_equal(v, 7); /* untouched on failure */
}

/* ---- randomised round trips ---- */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void
test_random_roundtrip(void **state)
{
	const uint64_t seed = 0x5eed1234abcdULL;
	int i;

	(void)state;
	rng_state = seed;
	printf("# test_random_roundtrip seed 0x%llx\n",
	    (unsigned long long)seed);
	for (i = 0; i < 20000; i++) {
		struct vs_addr a, b;
		struct vs_prefix p, q;
		char buf[VS_ADDR_STRLEN], pb[VS_PFX_STRLEN];
		unsigned len;
		uint64_t r = rnd();

		if (i % 2 == 0) {
			a = vs_addr4((uint32_t)r);
			len = (unsigned)(rnd() % 33);
		} else {
			a.af = VS_AF6;
			a.hi = r;
			a.lo = rnd();
			/* sometimes long zero runs, to exercise "::" */
			if (rnd() % 4 == 0)
				a.hi &= 0xffff00000000ffffull;
			if (rnd() % 4 == 0)
				a.lo &= 0x00000000ffffffffull;
			len = (unsigned)(rnd() % 129);
		}
		vs_addr_fmt(&a, buf);
		if (vs_addr_parse(buf, strlen(buf), &b) != 0 ||
		    !vs_addr_eq(&a, &b))
			fail_msg("iteration %d: %s does not read back", i, buf);
		p = vs_prefix_make(&a, len);
		vs_prefix_fmt(&p, pb);
		if (vs_prefix_parse(pb, strlen(pb), 0, &q) != VS_PFX_OK ||
		    vs_prefix_cmp(&p, &q) != 0)
			fail_msg("iteration %d: %s does not read back", i, pb);
		/* the prefix holds the address, its own first and last
		 * addresses, and nothing just past the last */
		assert_true(vs_prefix_contains(&p, &a));
		assert_true(vs_prefix_contains(&p, &p.addr));
		b = vs_prefix_last(&p);
		assert_true(vs_prefix_contains(&p, &b));
		assert_true(vs_addr_cmp(&p.addr, &b) <= 0);
		assert_true(vs_addr_cmp(&a, &b) <= 0);
		b = vs_addr_add(&b, 1);
		if (len > 0)
			assert_false(vs_prefix_contains(&p, &b));
		/* the host prefix of a covers nothing wider */
		q = vs_prefix_host(&a);
		assert_true(vs_prefix_covers(&p, &q));
		assert_true(len == q.len || !vs_prefix_covers(&q, &p));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ipv4_parse_print),
	    cmocka_unit_test(test_ipv4_reject),
	    cmocka_unit_test(test_addr_parse_uses_length),
	    cmocka_unit_test(test_ipv6_parse_print),
	    cmocka_unit_test(test_ipv6_reject),
	    cmocka_unit_test(test_addr_embedded_nul),
	    cmocka_unit_test(test_addr_cmp),
	    cmocka_unit_test(test_prefix_parse),
	    cmocka_unit_test(test_prefix_hostbits),
	    cmocka_unit_test(test_prefix_errors),
	    cmocka_unit_test(test_prefix_make_host),
	    cmocka_unit_test(test_prefix_contains),
	    cmocka_unit_test(test_prefix_covers_overlaps),
	    cmocka_unit_test(test_prefix_cmp),
	    cmocka_unit_test(test_prefix_last),
	    cmocka_unit_test(test_addr_add),
	    cmocka_unit_test(test_addr_classes),
	    cmocka_unit_test(test_prange_parse),
	    cmocka_unit_test(test_proto_parse),
	    cmocka_unit_test(test_proto_name),
	    cmocka_unit_test(test_parse_long),
	    cmocka_unit_test(test_random_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
