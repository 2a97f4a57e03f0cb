/*
 * test_jsonpos.c - unit tests for the strict JSON validator and the value
 * locator (model/jsonpos.h).
 *
 * What is valid comes from RFC 8259 (and RFC 3629 for UTF-8); positions
 * are 1-based line and byte column, counted by hand from the inputs below;
 * the messages are the ones a user sees after "file:line:col: error:", so
 * they are pinned exactly.  JSON pointers follow RFC 6901 (~0 is '~', ~1 is
 * '/', array indexes are decimal without leading zeros).
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
#include <time.h>

#include "jsonpos.h"
#include "judy.h"

/* ---- helpers ---- */

/* Validate n bytes; expect success. */
static void
ok_n(const char *s, size_t n)
{
	struct vs_jpos at;
	char msg[256];

	msg[0] = '\0';
	if (vs_json_validate(s, n, &at, msg, sizeof(msg)) != 0)
		fail_msg("valid JSON refused at %u:%u: %s (input %.60s)",
		    at.line, at.col, msg, s);
}

#define OK(lit) ok_n(lit, sizeof(lit) - 1)

/* Validate n bytes; expect this message at this line:col. */
static void
bad_n(const char *s, size_t n, unsigned line, unsigned col, const char *want)
{
	struct vs_jpos at;
	char msg[256];

	memset(&at, 0, sizeof(at));
	msg[0] = '\0';
	if (vs_json_validate(s, n, &at, msg, sizeof(msg)) == 0)
		fail_msg("invalid JSON accepted: %.60s", s);
	if (strcmp(msg, want) != 0 || at.line != line || at.col != col)
		fail_msg("input %.40s: got %u:%u \"%s\", want %u:%u \"%s\"", s,
		    at.line, at.col, msg, line, col, want);
}

#define BAD(lit, line, col, msg) bad_n(lit, sizeof(lit) - 1, line, col, msg)

/* n opening brackets then n closing ones (or none). */
static char *
nest(size_t n, bool close, size_t *len)
{
	char *b = malloc(2 * n + 1);
	assert_non_null(b);
	memset(b, '[', n);
	if (close)
		memset(b + n, ']', n);
	*len = close ? 2 * n : n;
	b[*len] = '\0';
	return b;
}

/* ---- valid documents ---- */

static void
test_valid(void **state)
{
	(void)state;
	OK("{}");
	OK("[]");
	OK("0");
	OK("-0");
	OK("10");
	OK("0.5");
	OK("-1.5e+10");
	OK("2E-3");
	OK("1e999"); /* syntactically a number; ranges are the loader's job */
	OK("true");
	OK("false");
	OK("null");
	OK("\"\"");
	OK(" \t\r\n{ \"a\" : [ 1 , 2 ] }\r\n ");
	OK("{\"a\":{\"b\":[null,true,false,\"x\",{}]}}");
	OK("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"");
	OK("\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""); /* 2, 3, 4 bytes */
	OK("\"\xf4\x8f\xbf\xbf\"");                          /* U+10FFFF */
	OK("\"\x7f\""); /* DEL is no control */
	OK("{\"Vpcs\": [{\"VpcId\": \"vpc-1\"}], \"NextToken\": null}");
}

/* ---- errors: structure ---- */

static void
test_truncated(void **state)
{
	(void)state;
	BAD("[[1", 1, 4, "unexpected end of input (2 arrays not closed)");
	BAD("{\"a\": 1", 1, 8, "unexpected end of input (1 object not closed)");
	BAD("{\"a\":", 1, 6, "unexpected end of input");
	BAD("{\"a\"", 1, 5, "unexpected end of input");
	BAD("{", 1, 2, "unexpected end of input");
	BAD("[", 1, 2, "unexpected end of input");
	BAD("{\"a\": \"abc", 1, 7, "unterminated string");
	BAD("\"abc\\", 1, 1, "unterminated string");
	BAD("tru", 1, 1, "expected a value, got 't'");
	BAD("-", 1, 1, "bad number");
	/* a file cut off on a later line points at its very end */
	BAD("[\n  [\n    1", 3, 6,
	    "unexpected end of input (2 arrays not closed)");
}

/*
 * A cut-off file with an object and an array open is not "2 unclosed
 * arrays": the message must not misstate what is open.
 */
static void
test_truncated_mixed_message(void **state)
{
	struct vs_jpos at;
	char msg[256];
	const char *s = "{\"a\": [1, 2";

	(void)state;
	assert_int_equal(vs_json_validate(s, strlen(s), &at, msg, sizeof(msg)),
	    -1);
	assert_int_equal(at.line, 1);
	assert_int_equal(at.col, 12);
	assert_non_null(strstr(msg, "unexpected end of input"));
	if (strstr(msg, "1 object and 1 array not closed") == NULL)
		fail_msg("one object and one array are open, message says: %s",
		    msg);
}

static void
test_commas_and_colons(void **state)
{
	(void)state;
	BAD("{\"a\": 1,}", 1, 9, "expected a string key, got '}'");
	BAD("[1,2,]", 1, 6, "expected a value, got ']'");
	BAD("{\n  \"a\": [\n    1,\n    2,\n  ]\n}", 5, 3,
	    "expected a value, got ']'");
	BAD("{,}", 1, 2, "expected a string key or '}', got ','");
	BAD("[,1]", 1, 2, "expected a value or ']', got ','");
	BAD("{\"a\" 1}", 1, 6, "expected ':' after a key, got '1'");
	BAD("{\"a\":}", 1, 6, "expected a value, got '}'");
	BAD("{a: 1}", 1, 2, "expected a string key or '}', got 'a'");
	BAD("[1 2]", 1, 4,
	    "expected ',' or ']' after an array element, got '2'");
	BAD("{\"a\":1 \"b\":2}", 1, 8,
	    "expected ',' or '}' after an object member, got '\"'");
	BAD("{\"a\":1]", 1, 7,
	    "expected ',' or '}' after an object member, got ']'");
	BAD("[1}", 1, 3, "expected ',' or ']' after an array element, got '}'");
	BAD("{\"a\":\n\n  x}", 3, 3, "expected a value, got 'x'");
	BAD("[tru]", 1, 2, "expected a value or ']', got 't'");
	BAD("nul", 1, 1, "expected a value, got 'n'");
}

static void
test_strings(void **state)
{
	(void)state;
	BAD("{\"a\": \"\\x\"}", 1, 8, "bad escape '\\x' in a string");
	BAD("{\"a\": \"\\u12g4\"}", 1, 8, "bad \\u escape in a string");
	BAD("\"\\u12\"", 1, 2, "bad \\u escape in a string");
	BAD("\"\\'\"", 1, 2, "bad escape '\\'' in a string");
	/* raw control characters must be escaped */
	BAD("{\"a\": \"x\ty\"}", 1, 9,
	    "control character 0x09 in a string (must be escaped)");
	/* a raw newline: the string was most likely cut off */
	BAD("\"line\nbreak\"", 1, 1,
	    "unterminated string (a string cannot span lines)");
	BAD("\"\x01\"", 1, 2,
	    "control character 0x01 in a string (must be escaped)");
	BAD("\"\x1f\"", 1, 2,
	    "control character 0x1f in a string (must be escaped)");
	/* a key is a string too */
	BAD("{\"k\x02\": 1}", 1, 4,
	    "control character 0x02 in a string (must be escaped)");
}

static void
test_utf8(void **state)
{
	(void)state;
	BAD("{\"a\": \"\xff\"}", 1, 8, "invalid UTF-8 byte 0xff in a string");
	BAD("{\"a\": \"\xc3\"}", 1, 8, "invalid UTF-8 byte 0xc3 in a string");
	/* a UTF-16 surrogate encoded in UTF-8 */
	BAD("{\"a\": \"\xed\xa0\x80\"}", 1, 8,
	    "invalid UTF-8 byte 0xed in a string");
	/* overlong encodings of '/' */
	BAD("\"\xc0\xaf\"", 1, 2, "invalid UTF-8 byte 0xc0 in a string");
	BAD("\"\xe0\x80\xaf\"", 1, 2, "invalid UTF-8 byte 0xe0 in a string");
	BAD("\"\xf0\x80\x80\xaf\"", 1, 2,
	    "invalid UTF-8 byte 0xf0 in a string");
	/* past U+10FFFF */
	BAD("\"\xf4\x90\x80\x80\"", 1, 2,
	    "invalid UTF-8 byte 0xf4 in a string");
	BAD("\"\xf5\x80\x80\x80\"", 1, 2,
	    "invalid UTF-8 byte 0xf5 in a string");
	/* a lone continuation byte */
	BAD("\"ab\x80\"", 1, 4, "invalid UTF-8 byte 0x80 in a string");
	/* a sequence cut short by the end of the string or of the input */
	BAD("\"\xe2\x82\"", 1, 2, "invalid UTF-8 byte 0xe2 in a string");
	BAD("\"\xf0\x9f\x98", 1, 2, "invalid UTF-8 byte 0xf0 in a string");
	/* outside a string */
	BAD("[\xff]", 1, 2, "invalid UTF-8 byte 0xff");
	/* the column counts bytes: two 2-byte characters come first */
	BAD("\"\xc3\xa9\xc3\xa9\xff\"", 1, 6,
	    "invalid UTF-8 byte 0xff in a string");
}

static void
test_numbers(void **state)
{
	(void)state;
	BAD("{\"a\": 01}", 1, 7, "bad number (leading zeros are not allowed)");
	BAD("{\"a\": -01}", 1, 7, "bad number (leading zeros are not allowed)");
	BAD("[00]", 1, 2, "bad number (leading zeros are not allowed)");
	BAD("{\"a\": 1.}", 1, 7, "bad number");
	BAD("{\"a\": .5}", 1, 7, "expected a value, got '.'");
	BAD("{\"a\": 1e}", 1, 7, "bad number");
	BAD("{\"a\": 1e+}", 1, 7, "bad number");
	BAD("[-]", 1, 2, "bad number");
	BAD("[+1]", 1, 2, "expected a value or ']', got '+'");
	BAD("[0x10]", 1, 3,
	    "expected ',' or ']' after an array element, "
	    "got 'x'");
	BAD("[NaN]", 1, 2, "expected a value or ']', got 'N'");
	BAD("[Infinity]", 1, 2, "expected a value or ']', got 'I'");
}

static void
test_whole_file(void **state)
{
	(void)state;
	BAD("\xef\xbb\xbf{}", 1, 1, "file starts with a UTF-8 byte order mark");
	BAD("", 1, 1, "empty file");
	BAD("  \n ", 2, 2, "no JSON value (blank file)");
	BAD("{} x", 1, 4, "unexpected 'x' after the JSON value");
	BAD("{}{}", 1, 3, "unexpected '{' after the JSON value");
	BAD("[] ]", 1, 4, "unexpected ']' after the JSON value");
	BAD("{\"a\":1}\n\n,", 3, 1, "unexpected ',' after the JSON value");
	BAD("{\"a\":1}\0", 1, 8, "unexpected byte 0x00 after the JSON value");
	OK("{\"a\":1}\n");
}

static void
test_nesting(void **state)
{
	size_t len;
	char *b;
	clock_t t0;

	(void)state;
	/* exactly the limit is fine */
	b = nest(VS_JSON_MAX_DEPTH, true, &len);
	ok_n(b, len);
	free(b);
	/* one more is refused at the bracket that goes too deep */
	b = nest(VS_JSON_MAX_DEPTH + 1, true, &len);
	bad_n(b, len, 1, 1001, "nesting deeper than 1000 levels");
	free(b);
	/* 100,000 deep, closed or not, arrays or objects: one clear error,
	 * no recursion, and quickly */
	t0 = clock();
	b = nest(100000, true, &len);
	bad_n(b, len, 1, 1001, "nesting deeper than 1000 levels");
	free(b);
	b = nest(100000, false, &len);
	bad_n(b, len, 1, 1001, "nesting deeper than 1000 levels");
	free(b);
	{
		size_t n = 100000, o = 0, i;
		char *s = malloc(n * 5 + 1);
		assert_non_null(s);
		for (i = 0; i < n; i++) {
			memcpy(s + o, "{\"a\":", 5);
			o += 5;
		}
		s[o] = '\0';
		bad_n(s, o, 1, 5001, "nesting deeper than 1000 levels");
		free(s);
	}
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
}

static void
test_small_message_buffer(void **state)
{
	struct vs_jpos at;
	char msg[8];

	(void)state;
	memset(msg, 'x', sizeof(msg));
	assert_int_equal(vs_json_validate("[1 2]", 5, &at, msg, sizeof(msg)),
	    -1);
	assert_int_equal(msg[sizeof(msg) - 1], '\0');
	assert_memory_equal(msg, "expecte", 8);
}

/* ---- line and column ---- */

static void
test_linecol(void **state)
{
	const char *s = "ab\ncd\n\nx\ty\r\nz";
	struct vs_jpos p;

	(void)state;
	vs_json_linecol(s, strlen(s), 0, &p);
	assert_int_equal(p.line, 1);
	assert_int_equal(p.col, 1);
	vs_json_linecol(s, strlen(s), 2, &p); /* the first newline */
	assert_int_equal(p.line, 1);
	assert_int_equal(p.col, 3);
	vs_json_linecol(s, strlen(s), 3, &p); /* 'c' */
	assert_int_equal(p.line, 2);
	assert_int_equal(p.col, 1);
	vs_json_linecol(s, strlen(s), 6, &p); /* the empty line */
	assert_int_equal(p.line, 3);
	assert_int_equal(p.col, 1);
	vs_json_linecol(s, strlen(s), 9, &p); /* 'y': a tab is one column */
	assert_int_equal(p.line, 4);
	assert_int_equal(p.col, 3);
	vs_json_linecol(s, strlen(s), 12, &p); /* 'z' after CRLF */
	assert_int_equal(p.line, 5);
	assert_int_equal(p.col, 1);
	assert_int_equal(p.off, 12);
	/* offsets past the end are clamped to it */
	vs_json_linecol(s, strlen(s), 1000, &p);
	assert_int_equal(p.line, 5);
	assert_int_equal(p.col, 2);
	assert_int_equal(p.off, strlen(s));
}

/* ---- locating values ---- */

static const char doc[] =
    "{\n"                                                              /* 1 */
    "  \"Vpcs\": [\n"                                                  /* 2 */
    "    {\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"},\n"    /* 3 */
    "    {\"VpcId\": \"vpc-2\",\n"                                     /* 4 */
    "     \"Tags\": [{\"Key\": \"a\"}, {\"Key\": \"b\"}]}\n"           /* 5 */
    "  ],\n"                                                           /* 6 */
    "  \"a/b\": 1, \"m~n\": 2, \"q\\\"x\": 3, \"back\\\\slash\": 4,\n" /* 7 */
    "  \"\\/s\": 6, \"n\\nl\": 7, \"\\u0041BC\": 5,\n"                 /* 8 */
    "  \"e\": {}, \"arr\": [[], [1, {\"z\": null}], \"s,]}\"],\n"      /* 9 */
    "  \"num\": -12.5e3\n"                                             /* 10 */
    "}\n";

/* Locate path; expect found, at line:col, with this raw text. */
static void
loc_ok(const char *path, unsigned line, unsigned col, const char *raw)
{
	struct vs_jpos p;
	size_t n = strlen(raw);

	memset(&p, 0, sizeof(p));
	if (vs_json_locate(doc, sizeof(doc) - 1, path, &p) != 0)
		fail_msg("%s: not found (stopped at %u:%u)", path, p.line,
		    p.col);
	if (p.line != line || p.col != col || p.len != n ||
	    memcmp(doc + p.off, raw, n) != 0)
		fail_msg("%s: got %u:%u \"%.*s\", want %u:%u \"%s\"", path,
		    p.line, p.col, (int)p.len, doc + p.off, line, col, raw);
}

/* Locate path; expect "not found", *out at the deepest value found. */
static void
loc_missing(const char *path, unsigned line, unsigned col)
{
	struct vs_jpos p;

	memset(&p, 0, sizeof(p));
	if (vs_json_locate(doc, sizeof(doc) - 1, path, &p) == 0)
		fail_msg("%s: found at %u:%u, but the path does not exist",
		    path, p.line, p.col);
	if (p.line != line || p.col != col)
		fail_msg("%s: deepest value at %u:%u, want %u:%u", path, p.line,
		    p.col, line, col);
}

static void
test_validate_fixture(void **state)
{
	(void)state;
	ok_n(doc, sizeof(doc) - 1);
}

static void
test_locate_nested(void **state)
{
	(void)state;
	/* the root: the whole document but its final newline */
	{
		struct vs_jpos p;
		assert_int_equal(vs_json_locate(doc, sizeof(doc) - 1, "", &p),
		    0);
		assert_int_equal(p.line, 1);
		assert_int_equal(p.col, 1);
		assert_int_equal(p.off, 0);
		assert_int_equal(p.len, sizeof(doc) - 2);
	}
	loc_ok("/Vpcs/0", 3, 5,
	    "{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"}");
	loc_ok("/Vpcs/0/CidrBlock", 3, 37, "\"10.0.0.0/16\"");
	loc_ok("/Vpcs/1/VpcId", 4, 15, "\"vpc-2\"");
	loc_ok("/Vpcs/1/Tags/0/Key", 5, 23, "\"a\"");
	loc_ok("/Vpcs/1/Tags/1/Key", 5, 37, "\"b\"");
	loc_ok("/e", 9, 8, "{}");
	loc_ok("/arr/0", 9, 20, "[]");
	loc_ok("/arr/1/0", 9, 25, "1");
	loc_ok("/arr/1/1/z", 9, 34, "null");
	/* a string holding brackets and commas is skipped as a whole */
	loc_ok("/arr/2", 9, 42, "\"s,]}\"");
	loc_ok("/num", 10, 10, "-12.5e3");
}

static void
test_locate_escaped_keys(void **state)
{
	(void)state;
	loc_ok("/a~1b", 7, 10, "1");        /* key "a/b" */
	loc_ok("/m~0n", 7, 20, "2");        /* key "m~n" */
	loc_ok("/q\"x", 7, 31, "3");        /* key written "q\"x" */
	loc_ok("/back\\slash", 7, 49, "4"); /* key written "back\\slash" */
	loc_ok("/~1s", 8, 10, "6");         /* key written "\/s" is "/s" */
	loc_ok("/n\nl", 8, 21, "7");        /* key written "n\nl" */
}

/* A key spelled with a \u escape is the same key as its plain spelling. */
static void
test_locate_unicode_escaped_key(void **state)
{
	(void)state;
	loc_ok("/ABC", 8, 36, "5"); /* key written "\u0041BC" */
}

static void
test_locate_missing(void **state)
{
	(void)state;
	loc_missing("/Vpcs/2", 2, 11);     /* past the end: the array */
	loc_missing("/Vpcs/1/Nope", 4, 5); /* no such key: the object */
	loc_missing("/e/x", 9, 8);         /* in an empty object */
	loc_missing("/arr/0/0", 9, 20);    /* in an empty array */
	loc_missing("/num/0", 10, 10);     /* into a scalar */
	loc_missing("/Nope", 1, 1);
	loc_missing("/a", 1, 1); /* a prefix of "a/b" is not "a/b" */
}

/* An array index is decimal digits; anything else names no element. */
static void
test_locate_bad_index(void **state)
{
	(void)state;
	loc_missing("/Vpcs/x", 2, 11);
	loc_missing("/Vpcs/-", 2, 11);
	loc_missing("/Vpcs/1x", 2, 11);
}

static void
test_src_locate(void **state)
{
	struct vs_src src;
	struct vs_jpos p;
	struct vs_lmap marks = {NULL};
	int node1, node2; /* stand-ins for cJSON nodes: only addresses */

	(void)state;
	/* JSON text: by path */
	memset(&src, 0, sizeof(src));
	src.file = "f.json";
	src.text = doc;
	src.len = sizeof(doc) - 1;
	assert_int_equal(vs_src_locate(&src, NULL, "/Vpcs/1/VpcId", &p), 0);
	assert_int_equal(p.line, 4);
	assert_int_equal(p.col, 15);
	/* a missing path still gives the deepest place found */
	assert_int_equal(vs_src_locate(&src, NULL, "/Vpcs/1/Nope", &p), 0);
	assert_int_equal(p.line, 4);
	assert_int_equal(p.col, 5);
	/* the key of a member: where its name is, not its value */
	assert_int_equal(vs_src_locate_key(&src, NULL, "/Vpcs/1/Tags", &p), 0);
	assert_int_equal(p.line, 5);
	assert_int_equal(p.col, 6);
	assert_int_equal(p.len, 6);
	assert_int_equal(vs_src_locate_key(&src, NULL, "/num", &p), 0);
	assert_int_equal(p.line, 10);
	assert_int_equal(p.col, 3);
	/* an array element has no key: its value's place */
	assert_int_equal(vs_src_locate_key(&src, NULL, "/Vpcs/1", &p), 0);
	assert_int_equal(p.line, 4);
	assert_int_equal(p.col, 5);
	/* YAML: by node, from the marks table */
	*vs_lmap_slot(&marks, (uint64_t)(uintptr_t)&node1) =
	    ((uintptr_t)7 << 32) | 3;
	memset(&src, 0, sizeof(src));
	src.file = "s.yaml";
	src.marks = &marks;
	assert_int_equal(vs_src_locate(&src,
			     (const struct cJSON *)(void *)&node1, "/x", &p),
	    0);
	assert_int_equal(p.line, 7);
	assert_int_equal(p.col, 3);
	/* a key mark, and the value's mark when there is none */
	*vs_lmap_slot(&marks, VS_KEY_MARK(&node1)) = ((uintptr_t)6 << 32) | 9;
	assert_int_equal(vs_src_locate_key(&src,
			     (const struct cJSON *)(void *)&node1, "/x", &p),
	    0);
	assert_int_equal(p.line, 6);
	assert_int_equal(p.col, 9);
	assert_int_equal(vs_src_locate(&src,
			     (const struct cJSON *)(void *)&node1, "/x", &p),
	    0);
	assert_int_equal(p.line, 7);
	vs_lmap_del(&marks, VS_KEY_MARK(&node1));
	assert_int_equal(vs_src_locate_key(&src,
			     (const struct cJSON *)(void *)&node1, "/x", &p),
	    0);
	assert_int_equal(p.line, 7);
	assert_int_equal(p.col, 3);
	assert_int_equal(vs_src_locate(&src,
			     (const struct cJSON *)(void *)&node2, "/x", &p),
	    -1);
	assert_int_equal(p.line, 0);
	/* nothing known */
	assert_int_equal(vs_src_locate(NULL, NULL, "/x", &p), -1);
	assert_int_equal(p.line, 0);
	vs_lmap_free(&marks);
}

/*
 * A number so small it reads as 0.0 would pass for the integer 0 (port 0,
 * ICMP type 0): the validator refuses it; zeros written as zeros and
 * the smallest representable numbers pass.  The decade around 1e-324 is
 * where binary64 runs out: 2e-324 rounds to 0, 3e-324 to the smallest
 * subnormal.
 */
static void
test_number_underflow(void **state)
{
	static const char *const tiny[] = {"1e-999", "-1e-999", "1e-324",
	    "2e-324", "100e-326", "0.1e-323", NULL};
	static const char *const fine[] = {"0", "-0", "0.0", "0e-999",
	    "0.000e5", "3e-324", "5e-324", "1e-323", "1e308", "443", "1.5",
	    NULL};
	char text[64], msg[256];
	struct vs_jpos at;
	size_t i;

	(void)state;
	for (i = 0; tiny[i]; i++) {
		assert_true(vs_num_underflows(tiny[i], strlen(tiny[i])));
		snprintf(text, sizeof(text), "{\"FromPort\": %s}", tiny[i]);
		assert_int_not_equal(vs_json_validate(text, strlen(text), &at,
					 msg, sizeof(msg)),
		    0);
		assert_non_null(strstr(msg, "too small"));
		assert_int_equal(at.line, 1);
		assert_int_equal(at.col, 14);
	}
	for (i = 0; fine[i]; i++) {
		assert_false(vs_num_underflows(fine[i], strlen(fine[i])));
		snprintf(text, sizeof(text), "{\"FromPort\": %s}", fine[i]);
		assert_int_equal(vs_json_validate(text, strlen(text), &at, msg,
				     sizeof(msg)),
		    0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_number_underflow),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_truncated_mixed_message),
	    cmocka_unit_test(test_commas_and_colons),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_whole_file),
	    cmocka_unit_test(test_nesting),
	    cmocka_unit_test(test_small_message_buffer),
	    cmocka_unit_test(test_linecol),
	    cmocka_unit_test(test_validate_fixture),
	    cmocka_unit_test(test_locate_nested),
	    cmocka_unit_test(test_locate_escaped_keys),
	    cmocka_unit_test(test_locate_unicode_escaped_key),
	    cmocka_unit_test(test_locate_missing),
	    cmocka_unit_test(test_locate_bad_index),
	    cmocka_unit_test(test_src_locate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
