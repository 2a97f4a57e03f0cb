/*
 * test_yaml.c - unit tests for the YAML front end (model/yaml.h).
 *
 * The expected values come from the rules in yaml.h and the task's
 * specification: scalar typing, positions counted from the text by hand
 * (1-based line and character column of a node's first character), and the
 * exact error messages and locations a user sees.
 */
/* cmocka.h needs these four headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "jsonpos.h"
#include "judy.h"
#include "yaml.h"

/* One parse: its result, diagnostics and positions. */
struct run {
	cJSON *j;
	struct vs_diags *d;
	struct vs_lmap m;
};

static cJSON *
parse_n(struct run *r, const char *s, size_t n)
{
	r->d = vs_diags_new();
	r->m.j = NULL;
	r->j = vs_yaml_parse(s, n, "t.yaml", &r->m, r->d);
	return r->j;
}

static cJSON *
parse(struct run *r, const char *s)
{
	return parse_n(r, s, strlen(s));
}

static void
done(struct run *r)
{
	cJSON_Delete(r->j);
	vs_lmap_free(&r->m);
	vs_diags_free(&r->d);
}

/* Positions a tree should have: one per node, one more per object
 * member (its key's). */
static size_t
count_marks(const cJSON *n)
{
	size_t k = 1;
	const cJSON *c;

	for (c = n->child; c != NULL; c = c->next)
		k += count_marks(c) + (cJSON_IsObject(n) ? 1 : 0);
	return k;
}

/* Successful parse: no diagnostics and a position for every node and for
 * every key. */
static cJSON *
ok(struct run *r, const char *s)
{
	cJSON *j = parse(r, s);

	if (j == NULL) {
		char buf[600];
		const struct vs_diag *dg = vs_diags_get(r->d, 0);
		fail_msg("unexpected error: %s",
		    dg ? vs_diag_str(dg, buf, sizeof(buf)) : "(none)");
	}
	assert_int_equal(vs_diags_count(r->d), 0);
	assert_int_equal(vs_lmap_count(&r->m), count_marks(j));
	return j;
}

/* A failing parse: NULL, exactly one error, here, saying this. */
static void
expect_err_n(const char *s, size_t n, unsigned line, unsigned col,
    const char *msg)
{
	struct run r;
	const struct vs_diag *dg;

	assert_null(parse_n(&r, s, n));
	assert_int_equal(vs_diags_errors(r.d), 1);
	assert_int_equal(vs_diags_warnings(r.d), 0);
	dg = vs_diags_get(r.d, 0);
	assert_non_null(dg);
	assert_int_equal(dg->sev, VS_SEV_ERR);
	assert_string_equal(dg->file, "t.yaml");
	assert_string_equal(dg->msg, msg);
	assert_int_equal(dg->line, line);
	assert_int_equal(dg->col, col);
	/* Nothing may point at freed nodes. */
	assert_int_equal(vs_lmap_count(&r.m), 0);
	done(&r);
}

static void
expect_err(const char *s, unsigned line, unsigned col, const char *msg)
{
	expect_err_n(s, strlen(s), line, col, msg);
}

static void
assert_mark(const struct run *r, const cJSON *n, unsigned line, unsigned col)
{
	uintptr_t v = 0;

	assert_non_null(n);
	assert_true(vs_lmap_get(&r->m, (uint64_t)(uintptr_t)n, &v));
	assert_int_equal((uint64_t)v >> 32, line);
	assert_int_equal((uint64_t)v & 0xffffffffu, col);
}

static cJSON *
item(const cJSON *o, const char *k)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	assert_non_null(v);
	return v;
}

static cJSON *
at(const cJSON *a, int i)
{
	cJSON *v = cJSON_GetArrayItem(a, i);
	assert_non_null(v);
	return v;
}

/* ---- scalar typing ---- */

enum want { W_NUM, W_STR, W_TRUE, W_FALSE, W_NULL };

struct typing {
	const char *yaml; /* value as written after "v: " */
	enum want want;
	double num;      /* for W_NUM */
	const char *str; /* for W_STR */
};

static const struct typing typing_table[] = {
    /* Plain scalars in the JSON number grammar are numbers. */
    {"80", W_NUM, 80, NULL},
    {"0", W_NUM, 0, NULL},
    {"-2", W_NUM, -2, NULL},
    {"-0", W_NUM, 0, NULL},
    {"3.5", W_NUM, 3.5, NULL},
    {"-0.25", W_NUM, -0.25, NULL},
    {"1e3", W_NUM, 1000, NULL},
    {"1E+2", W_NUM, 100, NULL},
    {"25e-1", W_NUM, 2.5, NULL},
    {"-1.5E2", W_NUM, -150, NULL},
    {"5432", W_NUM, 5432, NULL},
    /* Near misses of the number grammar stay strings, exactly. */
    {"010", W_STR, 0, "010"},
    {"00", W_STR, 0, "00"},
    {"-01", W_STR, 0, "-01"},
    {".5", W_STR, 0, ".5"},
    {"1.", W_STR, 0, "1."},
    {"+1", W_STR, 0, "+1"},
    {"1e", W_STR, 0, "1e"},
    {"1e+", W_STR, 0, "1e+"},
    {"0x10", W_STR, 0, "0x10"},
    {"1_000", W_STR, 0, "1_000"},
    {"--1", W_STR, 0, "--1"},
    {".inf", W_STR, 0, ".inf"},
    {"NaN", W_STR, 0, "NaN"},
    {"0.0.0.0/0", W_STR, 0, "0.0.0.0/0"},
    {"10.0.2.5", W_STR, 0, "10.0.2.5"},
    {"1024-65535", W_STR, 0, "1024-65535"},
    {"sg-0123", W_STR, 0, "sg-0123"},
    {"-x", W_STR, 0, "-x"},
    /* Only true/false are booleans (any case); YAML 1.1 words are not. */
    {"true", W_TRUE, 0, NULL},
    {"True", W_TRUE, 0, NULL},
    {"TRUE", W_TRUE, 0, NULL},
    {"tRuE", W_TRUE, 0, NULL},
    {"false", W_FALSE, 0, NULL},
    {"FALSE", W_FALSE, 0, NULL},
    {"fAlSe", W_FALSE, 0, NULL},
    {"on", W_STR, 0, "on"},
    {"off", W_STR, 0, "off"},
    {"yes", W_STR, 0, "yes"},
    {"no", W_STR, 0, "no"},
    {"y", W_STR, 0, "y"},
    {"truex", W_STR, 0, "truex"},
    /* null, Null, NULL, ~ and the empty plain scalar are null. */
    {"null", W_NULL, 0, NULL},
    {"Null", W_NULL, 0, NULL},
    {"NULL", W_NULL, 0, NULL},
    {"~", W_NULL, 0, NULL},
    {"", W_NULL, 0, NULL},
    {"nuLL", W_STR, 0, "nuLL"},
    {"none", W_STR, 0, "none"},
    /* Quoted scalars are strings whatever they contain. */
    {"\"6\"", W_STR, 0, "6"},
    {"'80'", W_STR, 0, "80"},
    {"\"-1.5\"", W_STR, 0, "-1.5"},
    {"\"true\"", W_STR, 0, "true"},
    {"'FALSE'", W_STR, 0, "FALSE"},
    {"'null'", W_STR, 0, "null"},
    {"\"~\"", W_STR, 0, "~"},
    {"\"\"", W_STR, 0, ""},
    {"''", W_STR, 0, ""},
    {"'it''s'", W_STR, 0, "it's"},
    {"\"a\\tb\"", W_STR, 0, "a\tb"},
    /* Multi-word plain scalars keep their inner spaces. */
    {"db only from app", W_STR, 0, "db only from app"},
    /* Standard tags: !!str forces a string, !!int/!!float a number. */
    {"!!str 80", W_STR, 0, "80"},
    {"!!str true", W_STR, 0, "true"},
    {"!!str", W_STR, 0, ""},
    {"!!int \"80\"", W_NUM, 80, NULL},
    {"!!int -3", W_NUM, -3, NULL},
    {"!!float '1.5'", W_NUM, 1.5, NULL},
    {"!!float 2", W_NUM, 2, NULL},
    {"!!bool \"TRUE\"", W_TRUE, 0, NULL},
    {"!!null ''", W_NULL, 0, NULL},
    {"! 80", W_STR, 0, "80"},
};

static void
check_typing(const struct typing *t)
{
	struct run r;
	char doc[256];
	cJSON *v;

	snprintf(doc, sizeof(doc), "v: %s\n", t->yaml);
	ok(&r, doc);
	v = item(r.j, "v");
	switch (t->want) {
	case W_NUM:
		if (!cJSON_IsNumber(v))
			fail_msg("%s: not a number", t->yaml);
		assert_true(v->valuedouble == t->num);
		break;
	case W_STR:
		if (!cJSON_IsString(v))
			fail_msg("%s: not a string", t->yaml);
		assert_string_equal(v->valuestring, t->str);
		break;
	case W_TRUE:
		if (!cJSON_IsTrue(v))
			fail_msg("%s: not true", t->yaml);
		break;
	case W_FALSE:
		if (!cJSON_IsFalse(v))
			fail_msg("%s: not false", t->yaml);
		break;
	case W_NULL:
		if (!cJSON_IsNull(v))
			fail_msg("%s: not null", t->yaml);
		break;
	}
	done(&r);
}

static void
test_scalar_typing(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(typing_table) / sizeof(typing_table[0]); i++)
		check_typing(&typing_table[i]);
}

static void
test_dash_alone(void **state)
{
	struct run r;

	(void)state;
	/* A lone plain "-" (only writable in flow context) is a string. */
	ok(&r, "[-, 1]");
	assert_string_equal(at(r.j, 0)->valuestring, "-");
	assert_true(cJSON_IsNumber(at(r.j, 1)));
	done(&r);
}

static void
test_empty_values(void **state)
{
	struct run r;

	(void)state;
	ok(&r, "a:\nb: ~\nc:\n  -\n  - ''\n");
	assert_true(cJSON_IsNull(item(r.j, "a")));
	assert_true(cJSON_IsNull(item(r.j, "b")));
	assert_true(cJSON_IsNull(at(item(r.j, "c"), 0)));
	assert_string_equal(at(item(r.j, "c"), 1)->valuestring, "");
	done(&r);
}

static void
test_block_scalars(void **state)
{
	struct run r;

	(void)state;
	ok(&r, "lit: |\n  x\n  y\nfold: >\n  p\n  q\nnum: |-\n  80\n"
	       "t: >-\n  true\n");
	assert_string_equal(item(r.j, "lit")->valuestring, "x\ny\n");
	assert_string_equal(item(r.j, "fold")->valuestring, "p q\n");
	/* Block scalars are never typed. */
	assert_true(cJSON_IsString(item(r.j, "num")));
	assert_string_equal(item(r.j, "num")->valuestring, "80");
	assert_true(cJSON_IsString(item(r.j, "t")));
	assert_string_equal(item(r.j, "t")->valuestring, "true");
	done(&r);
}

static void
test_number_overflow(void **state)
{
	struct run r;

	(void)state;
	ok(&r, "[1e999, -1e999, 0e-999]");
	assert_true(cJSON_IsNumber(at(r.j, 0)));
	assert_true(isinf(at(r.j, 0)->valuedouble));
	assert_true(at(r.j, 0)->valuedouble > 0);
	assert_true(cJSON_IsNumber(at(r.j, 1)));
	assert_true(isinf(at(r.j, 1)->valuedouble));
	assert_true(at(r.j, 1)->valuedouble < 0);
	assert_true(cJSON_IsNumber(at(r.j, 2)));
	assert_true(at(r.j, 2)->valuedouble == 0);
	done(&r);
	/* too small to be anything but 0, which it is not: refused, as in
	 * JSON (infinities are refused later, where a number is read) */
	expect_err("[1, 1e-999]", 1, 5,
	    "number 1e-999 is too small to represent (it would read as 0)");
}

static void
test_keys_are_raw_text(void **state)
{
	struct run r;

	(void)state;
	/* Keys are strings spelled as written, never typed. */
	ok(&r, "80: a\ntrue: b\nnull: c\n'q': d\n~: e\n1.50: f\n");
	assert_string_equal(item(r.j, "80")->valuestring, "a");
	assert_string_equal(item(r.j, "true")->valuestring, "b");
	assert_string_equal(item(r.j, "null")->valuestring, "c");
	assert_string_equal(item(r.j, "q")->valuestring, "d");
	assert_string_equal(item(r.j, "~")->valuestring, "e");
	assert_string_equal(item(r.j, "1.50")->valuestring, "f");
	done(&r);
}

/* ---- structure ---- */

static const char scenario[] =
    "# the web server that stopped answering\n"
    "snapshot: web-snapshot\n"
    "changes:\n"
    "  - RevokeSecurityGroupIngress:\n"
    "      GroupId: sg-0123\n"
    "      IpPermissions:\n"
    "        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, IpRanges: "
    "[{CidrIp: 0.0.0.0/0}]}\n"
    "expect:\n"
    "  - {from: internet, to: i-0abc, protocol: tcp, port: 80, verdict: "
    "reachable}\n"
    "  - name: \"db only from app\"\n"
    "    from: eni-1\n"
    "    to: 10.0.2.5\n"
    "    protocol: tcp\n"
    "    port: 5432\n"
    "    verdict: unreachable\n"
    "    blocked_at: {component: security-group, id: eni-2}\n"
    "topology:\n"
    "  Vpcs:\n"
    "    - VpcId: vpc-1\n"
    "      CidrBlock: 10.0.0.0/16\n"
    "      IsDefault: false\n";

static void
test_scenario_tree(void **state)
{
	struct run r;
	cJSON *rev, *perm, *e0, *e1, *vpc, *c;
	const char *const order[] = {"snapshot", "changes", "expect",
	    "topology"};
	int i = 0;

	(void)state;
	ok(&r, scenario);
	assert_true(cJSON_IsObject(r.j));
	/* Members keep the file's order. */
	cJSON_ArrayForEach(c, r.j)
	{
		assert_true(i < 4);
		assert_string_equal(c->string, order[i]);
		i++;
	}
	assert_int_equal(i, 4);
	assert_string_equal(item(r.j, "snapshot")->valuestring, "web-snapshot");
	assert_int_equal(cJSON_GetArraySize(item(r.j, "changes")), 1);
	rev = item(at(item(r.j, "changes"), 0), "RevokeSecurityGroupIngress");
	assert_string_equal(item(rev, "GroupId")->valuestring, "sg-0123");
	perm = at(item(rev, "IpPermissions"), 0);
	assert_string_equal(item(perm, "IpProtocol")->valuestring, "tcp");
	assert_true(cJSON_IsNumber(item(perm, "FromPort")));
	assert_true(item(perm, "FromPort")->valuedouble == 80);
	assert_true(item(perm, "ToPort")->valuedouble == 80);
	assert_string_equal(item(at(item(perm, "IpRanges"), 0), "CidrIp")
				->valuestring,
	    "0.0.0.0/0");
	e0 = at(item(r.j, "expect"), 0);
	assert_string_equal(item(e0, "to")->valuestring, "i-0abc");
	assert_true(item(e0, "port")->valuedouble == 80);
	assert_string_equal(item(e0, "verdict")->valuestring, "reachable");
	e1 = at(item(r.j, "expect"), 1);
	assert_string_equal(item(e1, "name")->valuestring, "db only from app");
	assert_string_equal(item(e1, "to")->valuestring, "10.0.2.5");
	assert_true(item(e1, "port")->valuedouble == 5432);
	assert_string_equal(item(item(e1, "blocked_at"), "component")
				->valuestring,
	    "security-group");
	vpc = at(item(item(r.j, "topology"), "Vpcs"), 0);
	assert_string_equal(item(vpc, "CidrBlock")->valuestring, "10.0.0.0/16");
	assert_true(cJSON_IsFalse(item(vpc, "IsDefault")));
	done(&r);
}

static void
test_flow_and_block_agree(void **state)
{
	struct run a, b;

	(void)state;
	ok(&a, "{a: [1, {b: x, c: [true, ~]}], d: {}}");
	ok(&b, "a:\n  - 1\n  - b: x\n    c:\n      - true\n      - ~\nd: {}\n");
	assert_true(cJSON_Compare(a.j, b.j, 1));
	assert_int_equal(cJSON_GetArraySize(item(a.j, "d")), 0);
	assert_true(cJSON_IsObject(item(a.j, "d")));
	done(&a);
	done(&b);
}

static void
test_root_kinds(void **state)
{
	struct run r;

	(void)state;
	ok(&r, "42\n");
	assert_true(cJSON_IsNumber(r.j) && r.j->valuedouble == 42);
	done(&r);
	ok(&r, "- a\n- b\n");
	assert_int_equal(cJSON_GetArraySize(r.j), 2);
	done(&r);
	ok(&r, "--- hello\n...\n");
	assert_string_equal(r.j->valuestring, "hello");
	done(&r);
}

/* ---- positions ---- */

static void
test_marks_scenario(void **state)
{
	struct run r;
	cJSON *rev, *perm, *e1, *vpc;

	(void)state;
	ok(&r, scenario);
	assert_mark(&r, r.j, 2, 1);
	assert_mark(&r, item(r.j, "snapshot"), 2, 11);
	assert_mark(&r, item(r.j, "changes"), 4, 3);
	assert_mark(&r, at(item(r.j, "changes"), 0), 4, 5);
	rev = item(at(item(r.j, "changes"), 0), "RevokeSecurityGroupIngress");
	assert_mark(&r, rev, 5, 7);
	assert_mark(&r, item(rev, "GroupId"), 5, 16);
	assert_mark(&r, item(rev, "IpPermissions"), 7, 9);
	perm = at(item(rev, "IpPermissions"), 0);
	assert_mark(&r, perm, 7, 11);
	assert_mark(&r, item(perm, "IpProtocol"), 7, 24);
	assert_mark(&r, item(perm, "FromPort"), 7, 39);
	assert_mark(&r, item(perm, "ToPort"), 7, 51);
	assert_mark(&r, item(perm, "IpRanges"), 7, 65);
	assert_mark(&r, at(item(perm, "IpRanges"), 0), 7, 66);
	assert_mark(&r, item(at(item(perm, "IpRanges"), 0), "CidrIp"), 7, 75);
	e1 = at(item(r.j, "expect"), 1);
	assert_mark(&r, e1, 10, 5);
	assert_mark(&r, item(e1, "name"), 10, 11);
	assert_mark(&r, item(e1, "port"), 14, 11);
	assert_mark(&r, item(e1, "blocked_at"), 16, 17);
	assert_mark(&r, item(item(e1, "blocked_at"), "id"), 16, 49);
	assert_mark(&r, item(r.j, "topology"), 18, 3);
	vpc = at(item(item(r.j, "topology"), "Vpcs"), 0);
	assert_mark(&r, item(item(r.j, "topology"), "Vpcs"), 19, 5);
	assert_mark(&r, vpc, 19, 7);
	assert_mark(&r, item(vpc, "VpcId"), 19, 14);
	assert_mark(&r, item(vpc, "IsDefault"), 21, 18);
	done(&r);
}

static void
test_marks_value_on_next_line(void **state)
{
	struct run r;

	(void)state;
	/* A member's position is its value's, wherever the key is. */
	ok(&r, "key:\n    deep: 1\nlist:\n- x\n");
	assert_mark(&r, item(r.j, "key"), 2, 5);
	assert_mark(&r, item(item(r.j, "key"), "deep"), 2, 11);
	assert_mark(&r, item(r.j, "list"), 4, 1);
	assert_mark(&r, at(item(r.j, "list"), 0), 4, 3);
	done(&r);
}

static void
assert_key_mark(const struct run *r, const cJSON *n, unsigned line,
    unsigned col)
{
	uintptr_t v = 0;

	assert_non_null(n);
	assert_true(vs_lmap_get(&r->m, VS_KEY_MARK(n), &v));
	assert_int_equal((uint64_t)v >> 32, line);
	assert_int_equal((uint64_t)v & 0xffffffffu, col);
}

static void
test_key_marks(void **state)
{
	struct run r;
	uintptr_t v;
	cJSON *b;

	(void)state;
	/* "unknown key" errors point at the key, so each member keeps where
	 * its key is written, apart from where its value is. */
	ok(&r, "key:\n    deep: 1\nlist:\n- x\n");
	assert_key_mark(&r, item(r.j, "key"), 1, 1);
	assert_mark(&r, item(r.j, "key"), 2, 5);
	assert_key_mark(&r, item(item(r.j, "key"), "deep"), 2, 5);
	assert_key_mark(&r, item(r.j, "list"), 3, 1);
	/* array elements have no key */
	assert_false(
	    vs_lmap_get(&r.m, VS_KEY_MARK(at(item(r.j, "list"), 0)), &v));
	done(&r);
	/* an alias copy keeps the key positions of what it copies, and its
	 * own member's key is where the alias's key is */
	ok(&r, "a: &x\n  p: 1\n  q:\n    2\nb:\n  *x\n");
	b = item(r.j, "b");
	assert_key_mark(&r, b, 5, 1);
	assert_mark(&r, b, 6, 3);
	assert_key_mark(&r, item(b, "q"), 3, 3);
	assert_mark(&r, item(b, "q"), 4, 5);
	done(&r);
}

static void
test_marks_count_characters(void **state)
{
	struct run r;

	(void)state;
	/* Columns count characters, not bytes: "ü" is two bytes. */
	ok(&r, "{b: \xc3\xbc, c: 1}\n");
	assert_mark(&r, item(r.j, "c"), 1, 11);
	done(&r);
}

static void
test_marks_properties(void **state)
{
	struct run r;

	(void)state;
	/* A node with an anchor or tag starts at its first property. */
	ok(&r, "a: &x 5\nb: !!str 6\n");
	assert_mark(&r, item(r.j, "a"), 1, 4);
	assert_mark(&r, item(r.j, "b"), 2, 4);
	done(&r);
}

static void
test_marks_end_without_newline(void **state)
{
	struct run r;

	(void)state;
	/*
	 * With no line break at the end, an empty value has no character of
	 * its own; its position is just after the last one, not on a line
	 * that does not exist.  The same holds for errors at the end.
	 */
	ok(&r, "? c");
	assert_true(cJSON_IsNull(item(r.j, "c")));
	assert_mark(&r, item(r.j, "c"), 1, 4);
	done(&r);
	/* A fuzzer finding: this value was put on line 2 of a 1-line file. */
	ok(&r, "? c[[[om[[");
	assert_mark(&r, item(r.j, "c[[[om[["), 1, 11);
	done(&r);
	ok(&r, "x: 1\n? long key");
	assert_mark(&r, item(r.j, "long key"), 2, 11);
	done(&r);
	expect_err("a: \"open", 1, 9,
	    "found unexpected end of stream while scanning a quoted scalar "
	    "at line 1, column 4");
	expect_err("{a: 1", 1, 6,
	    "did not find expected ',' or '}' while parsing a flow mapping at "
	    "line 1, column 1");
}

static void
test_marks_failure_leaves_map_clean(void **state)
{
	struct vs_diags *d = vs_diags_new();
	struct vs_lmap m = {NULL};
	const char *bad = "a: [1, 2, {b: 3}]\nc: *nope\n";
	uintptr_t v = 0;

	(void)state;
	/* Entries that were there before survive; none are added. */
	*vs_lmap_slot(&m, 12345) = 777;
	assert_null(vs_yaml_parse(bad, strlen(bad), "t.yaml", &m, d));
	assert_int_equal(vs_lmap_count(&m), 1);
	assert_true(vs_lmap_get(&m, 12345, &v));
	assert_int_equal(v, 777);
	vs_lmap_free(&m);
	vs_diags_free(&d);
}

static void
test_null_marks_and_diags(void **state)
{
	cJSON *j;

	(void)state;
	j = vs_yaml_parse("a: 1\n", 5, NULL, NULL, NULL);
	assert_non_null(j);
	assert_true(item(j, "a")->valuedouble == 1);
	cJSON_Delete(j);
	assert_null(vs_yaml_parse("a: *x\n", 6, NULL, NULL, NULL));
}

/* ---- errors ---- */

static void
test_err_syntax(void **state)
{
	(void)state;
	expect_err("a: 1\n b: 2\n", 2, 3,
	    "mapping values are not allowed in this context");
	expect_err("a:\n  b: 1\n c: 2\n", 3, 2,
	    "did not find expected key while parsing a block mapping at "
	    "line 1, column 1");
	expect_err("a: \"open\n", 2, 1,
	    "found unexpected end of stream while scanning a quoted scalar "
	    "at line 1, column 4");
	expect_err("{a: 1\n", 2, 1,
	    "did not find expected ',' or '}' while parsing a flow mapping at "
	    "line 1, column 1");
	expect_err("a: - x\n", 1, 4,
	    "block sequence entries are not allowed in this context");
}

static void
test_err_key_not_scalar(void **state)
{
	(void)state;
	expect_err("[a]: 1\n", 1, 1, "mapping keys must be scalars");
	expect_err("x: {{a: 1}: 2}\n", 1, 5, "mapping keys must be scalars");
	expect_err("? - a\n: b\n", 1, 3, "mapping keys must be scalars");
	/* An alias key is fine when it names a scalar, not otherwise. */
	expect_err("a: &s [1]\nb: {*s : 1}\n", 2, 5,
	    "mapping keys must be scalars");
}

static void
test_err_duplicate_key(void **state)
{
	struct run r;

	(void)state;
	expect_err("changes:\n"
		   "  - RevokeSecurityGroupIngress:\n"
		   "      GroupId: sg-0123\n"
		   "      GroupId: sg-9999\n",
	    4, 7, "duplicate key \"GroupId\" (first at line 3)");
	expect_err("{a: 1, b: 2, a: 3}", 1, 14,
	    "duplicate key \"a\" (first at line 1)");
	/* The same text is the same key whatever its quoting. */
	expect_err("1: a\n\"1\": b\n", 2, 1,
	    "duplicate key \"1\" (first at line 1)");
	/* Special characters in the key are escaped in the message. */
	expect_err("\"q\\\"\\n\": 1\n\"q\\x22\\x0a\": 2\n", 2, 1,
	    "duplicate key \"q\\\"\\x0a\" (first at line 1)");
	/* Equal keys in different mappings are not duplicates. */
	ok(&r, "a: {x: 1}\nb: {x: 2}\nc: [{x: 1}, {x: 2}]\n");
	done(&r);
}

static void
test_err_unknown_and_recursive_alias(void **state)
{
	(void)state;
	expect_err("a: 1\nb: *nope\n", 2, 4,
	    "alias *nope refers to an unknown anchor");
	/* An alias cannot refer to an anchor defined after it. */
	expect_err("a: *later\nb: &later 1\n", 1, 4,
	    "alias *later refers to an unknown anchor");
	expect_err("a: &r [1, *r]\n", 1, 11,
	    "alias *r refers to the node that contains it");
	expect_err("a: &r {b: {c: *r}}\n", 1, 15,
	    "alias *r refers to the node that contains it");
}

static void
test_err_tags(void **state)
{
	(void)state;
	expect_err("!foo x\n", 1, 1, "unsupported tag !foo");
	expect_err("a: !foo {b: 1}\n", 1, 4, "unsupported tag !foo");
	expect_err("a: [1, !thing 2]\n", 1, 8, "unsupported tag !thing");
	expect_err("!foo k: v\n", 1, 1, "unsupported tag !foo");
	expect_err("- !!set {a}\n", 1, 3, "unsupported tag !!set");
	expect_err("- !<tag:example.com,2024:x> 1\n", 1, 3,
	    "unsupported tag !<tag:example.com,2024:x>");
	expect_err("a: !!int 08\n", 1, 4, "\"08\" is not a valid !!int");
	expect_err("a: !!int 1.5\n", 1, 4, "\"1.5\" is not a valid !!int");
	expect_err("a: !!float abc\n", 1, 4, "\"abc\" is not a valid !!float");
	expect_err("a: !!bool yes\n", 1, 4, "\"yes\" is not a valid !!bool");
	expect_err("a: !!str [1]\n", 1, 4,
	    "tag !!str does not apply to a sequence");
	expect_err("a: !!seq x\n", 1, 4,
	    "tag !!seq does not apply to a scalar");
}

static void
test_standard_collection_tags(void **state)
{
	struct run r;

	(void)state;
	ok(&r, "--- !!map\na: !!seq [1]\nb: !!map {c: 2}\n");
	assert_true(cJSON_IsArray(item(r.j, "a")));
	assert_true(item(item(r.j, "b"), "c")->valuedouble == 2);
	done(&r);
}

static void
test_err_multi_document(void **state)
{
	struct run r;

	(void)state;
	expect_err("a: 1\n---\nb: 2\n", 2, 1,
	    "only one YAML document is allowed per file");
	expect_err("--- a\n--- b\n", 2, 1,
	    "only one YAML document is allowed per file");
	/* Even an empty second document counts. */
	expect_err("a: 1\n---\n", 2, 1,
	    "only one YAML document is allowed per file");
	/* A document end marker followed by comments is one document. */
	ok(&r, "a: 1\n...\n# trailing comment\n");
	assert_true(item(r.j, "a")->valuedouble == 1);
	done(&r);
}

static void
test_err_invalid_utf8(void **state)
{
	(void)state;
	expect_err("a: \xff\n", 1, 4, "invalid leading UTF-8 octet 0xFF");
	/* The column counts characters before the bad byte. */
	expect_err("\xc3\xa9: 1\nb: \xc3(\n", 2, 5,
	    "invalid trailing UTF-8 octet 0x28");
	expect_err("a: 1\nb: x\xc3", 2, 5, "incomplete UTF-8 octet sequence");
	expect_err("a: \xed\xa0\x80\n", 1, 4,
	    "invalid Unicode character (U+D800)");
	expect_err("- \x1b\n", 1, 3,
	    "control characters are not allowed (U+001B)");
}

/* ---- input handling ---- */

static void
test_nul_bytes(void **state)
{
	static const char raw[] = "a: 1\n\0b: 2\n";
	struct run r;
	char *exact;

	(void)state;
	/* A NUL byte is not the end of the input: it is an error there. */
	expect_err_n(raw, sizeof(raw) - 1, 2, 1,
	    "control characters are not allowed (U+0000)");
	expect_err_n("a: 1\0", 5, 1, 5,
	    "control characters are not allowed (U+0000)");
	/* An escaped NUL cannot be carried by a C string: refused. */
	expect_err("a: \"x\\0y\"\n", 1, 4,
	    "scalar contains a NUL character, which is not supported");
	expect_err("\"k\\0\": 1\n", 1, 1,
	    "scalar contains a NUL character, which is not supported");
	/* Only len bytes are read; the text need not be NUL-terminated. */
	exact = malloc(4);
	assert_non_null(exact);
	memcpy(exact, "a: 1", 4);
	parse_n(&r, exact, 4);
	assert_non_null(r.j);
	assert_true(item(r.j, "a")->valuedouble == 1);
	done(&r);
	parse_n(&r, "a: 1\nb: 2\n", 4);
	assert_int_equal(cJSON_GetArraySize(r.j), 1);
	done(&r);
	free(exact);
}

static void
test_crlf(void **state)
{
	struct run r;

	(void)state;
	ok(&r, "a: 1\r\nb:\r\n  c: x\r\ns: |\r\n  l1\r\n  l2\r\n");
	assert_true(item(r.j, "a")->valuedouble == 1);
	assert_string_equal(item(item(r.j, "b"), "c")->valuestring, "x");
	assert_string_equal(item(r.j, "s")->valuestring, "l1\nl2\n");
	assert_mark(&r, item(item(r.j, "b"), "c"), 3, 6);
	assert_mark(&r, item(r.j, "s"), 4, 4);
	done(&r);
	/* Errors after CRLF lines are on the right line too. */
	expect_err("a: 1\r\nb: *x\r\n", 2, 4,
	    "alias *x refers to an unknown anchor");
	expect_err("a: 1\r\nb: \xff\r\n", 2, 4,
	    "invalid leading UTF-8 octet 0xFF");
	/* A lone CR ends a line as well, for libyaml and for this module. */
	expect_err("a: 1\rb: *x\r", 2, 4,
	    "alias *x refers to an unknown anchor");
	expect_err("a: 1\rb: \xff\r", 2, 4, "invalid leading UTF-8 octet 0xFF");
	/* So do NEL (U+0085) and LS (U+2028), which YAML 1.1 counts. */
	expect_err("a: 1\xc2\x85"
		   "b: *x\n",
	    2, 4, "alias *x refers to an unknown anchor");
	expect_err("a: 1\xc2\x85"
		   "b: \xff\n",
	    2, 4, "invalid leading UTF-8 octet 0xFF");
	expect_err("a: 1\xe2\x80\xa8"
		   "b: \xff\n",
	    2, 4, "invalid leading UTF-8 octet 0xFF");
}

static void
test_bom(void **state)
{
	struct run r;

	(void)state;
	ok(&r, "\xef\xbb\xbf"
	       "a: 1\n");
	assert_true(item(r.j, "a")->valuedouble == 1);
	assert_mark(&r, item(r.j, "a"), 1, 4);
	done(&r);
	/* The byte order mark takes no column in error positions either. */
	expect_err("\xef\xbb\xbf"
		   "a: \xff\n",
	    1, 4, "invalid leading UTF-8 octet 0xFF");
}

static void
test_empty_input(void **state)
{
	static const char *const empties[] = {"", "# only\n# comments\n",
	    "\n\n   \n", "---\n", "--- \n...\n"};
	struct run r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		ok(&r, empties[i]);
		assert_true(cJSON_IsNull(r.j));
		done(&r);
	}
	/* NULL text with length 0 is the empty file. */
	parse_n(&r, NULL, 0);
	assert_non_null(r.j);
	assert_true(cJSON_IsNull(r.j));
	assert_int_equal(vs_diags_count(r.d), 0);
	done(&r);
}

/* ---- aliases ---- */

static void
test_alias_expansion(void **state)
{
	struct run r;
	cJSON *base, *use;

	(void)state;
	ok(&r, "base: &b {x: 1, y: [a, true]}\nuse: *b\nagain: *b\n");
	base = item(r.j, "base");
	use = item(r.j, "use");
	assert_true(cJSON_Compare(base, use, 1));
	assert_true(cJSON_Compare(base, item(r.j, "again"), 1));
	/* A deep copy: distinct nodes, each with a position. */
	assert_ptr_not_equal(base->child, use->child);
	assert_mark(&r, use, 2, 6);
	assert_mark(&r, item(r.j, "again"), 3, 8);
	/* Nodes inside a copy point at the text they copy. */
	assert_mark(&r, item(use, "x"), 1, 14);
	assert_mark(&r, item(use, "y"), 1, 20);
	done(&r);
	/* A scalar alias copies the resolved scalar. */
	ok(&r, "p: &p 80\nq: *p\ns: &s '80'\nt: *s\n");
	assert_true(item(r.j, "q")->valuedouble == 80);
	assert_string_equal(item(r.j, "t")->valuestring, "80");
	done(&r);
}

static void
test_alias_keys_and_redefinition(void **state)
{
	struct run r;

	(void)state;
	/* A scalar alias may be a key: its text is the key. */
	ok(&r, "- &k name\n- {*k : 1}\n- &n 80\n- {*n : 2}\n");
	assert_true(item(at(r.j, 1), "name")->valuedouble == 1);
	assert_true(item(at(r.j, 3), "80")->valuedouble == 2);
	done(&r);
	/* An anchored key can be used as a value. */
	ok(&r, "&k a: 1\nb: *k\n");
	assert_string_equal(item(r.j, "b")->valuestring, "a");
	done(&r);
	/* An alias refers to the latest definition before it. */
	ok(&r, "a: &x 1\nb: *x\nc: &x 2\nd: *x\n");
	assert_true(item(r.j, "b")->valuedouble == 1);
	assert_true(item(r.j, "d")->valuedouble == 2);
	done(&r);
}

static void
test_merge_key_is_ordinary(void **state)
{
	struct run r;
	cJSON *b;

	(void)state;
	ok(&r, "a: &a {x: 1}\nb: {<<: *a, y: 2}\n");
	b = item(r.j, "b");
	assert_true(cJSON_IsObject(item(b, "<<")));
	assert_true(item(item(b, "<<"), "x")->valuedouble == 1);
	assert_null(cJSON_GetObjectItemCaseSensitive(b, "x"));
	done(&r);
}

static void
test_billion_laughs(void **state)
{
	char doc[1024];
	size_t o = 0;
	const char *names = "abcdefghi";
	clock_t t0 = clock();
	double secs;
	int i, k;

	(void)state;
	/* Nine levels of ten aliases each: 10^9 strings if expanded. */
	o += (size_t)snprintf(doc + o, sizeof(doc) - o,
	    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (i = 1; i < 9; i++) {
		o += (size_t)snprintf(doc + o, sizeof(doc) - o, "%c: &%c [",
		    names[i], names[i]);
		for (k = 0; k < 10; k++)
			o += (size_t)snprintf(doc + o, sizeof(doc) - o, "%s*%c",
			    k ? ", " : "", names[i - 1]);
		o += (size_t)snprintf(doc + o, sizeof(doc) - o, "]\n");
	}
	/*
	 * The copies made for b, c and d are 110 + 1110 + 11110 = 12330
	 * nodes; seven *d in e add 77777 more, and the eighth (line 5,
	 * column 8 + 7 * 4) would pass the 100000 alias budget.
	 */
	expect_err(doc, 5, 36, "aliases expand to more than 100000 nodes");
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	/* An expansion would take hours; the budget stops it in seconds. */
	assert_true(secs < 30.0);
}

static void
test_doubling_laughs(void **state)
{
	char *doc = malloc(4096);
	size_t o = 0;
	int i;

	(void)state;
	assert_non_null(doc);
	/* Sixty doubling levels: 2^60 nodes if expanded. */
	o += (size_t)snprintf(doc + o, 4096 - o, "l0: &l0 [x, x]\n");
	for (i = 1; i < 60; i++)
		o += (size_t)snprintf(doc + o, 4096 - o,
		    "l%d: &l%d [*l%d, *l%d]\n", i, i, i - 1, i - 1);
	{
		struct run r;
		const struct vs_diag *dg;

		assert_null(parse(&r, doc));
		assert_int_equal(vs_diags_errors(r.d), 1);
		dg = vs_diags_get(r.d, 0);
		assert_string_equal(dg->msg,
		    "aliases expand to more than 100000 nodes");
		done(&r);
	}
	free(doc);
}

static void
test_alias_past_node_budget(void **state)
{
	/* Within the alias budget, an alias can still carry a large document
	 * past the node budget: 1 + 50001 + 1930001 written nodes, and the
	 * 50001 of *a would make 2030004. */
	size_t na = 50000, nb = 1930000, i, o = 0;
	char *doc = malloc(2 * (na + nb) + 64);

	(void)state;
	assert_non_null(doc);
	o += (size_t)sprintf(doc + o, "a: &a [");
	for (i = 0; i < na; i++)
		o += (size_t)sprintf(doc + o, i ? ",1" : "1");
	o += (size_t)sprintf(doc + o, "]\nb: [");
	for (i = 0; i < nb; i++)
		o += (size_t)sprintf(doc + o, i ? ",1" : "1");
	o += (size_t)sprintf(doc + o, "]\nc: *a\n");
	expect_err(doc, 3, 4, "document too large after alias expansion");
	free(doc);
}

/* ---- limits ---- */

static char *
repeat(const char *open, const char *mid, const char *close, size_t n)
{
	size_t lo = strlen(open), lm = strlen(mid), lc = strlen(close);
	char *s = malloc(n * (lo + lc) + lm + 1), *p = s;
	size_t i;

	assert_non_null(s);
	for (i = 0; i < n; i++, p += lo)
		memcpy(p, open, lo);
	memcpy(p, mid, lm);
	p += lm;
	for (i = 0; i < n; i++, p += lc)
		memcpy(p, close, lc);
	*p = '\0';
	return s;
}

static void
test_depth_limit(void **state)
{
	struct run r;
	char *s;
	const cJSON *n;
	int depth = 0;

	(void)state;
	/* 512 levels are accepted. */
	s = repeat("[", "1", "]", 512);
	ok(&r, s);
	for (n = r.j; cJSON_IsArray(n); n = n->child)
		depth++;
	assert_int_equal(depth, 512);
	done(&r);
	free(s);
	/* The 513th opening bracket is refused where it stands. */
	s = repeat("[", "", "]", 513);
	expect_err(s, 1, 513, "nesting deeper than 512 levels");
	free(s);
	/* 100000 levels: refused, without recursion or a long wait. */
	s = repeat("[", "", "]", 100000);
	expect_err(s, 1, 513, "nesting deeper than 512 levels");
	free(s);
	s = repeat("{a: ", "1", "}", 100000);
	expect_err(s, 1, 513 * 4 - 3, "nesting deeper than 512 levels");
	free(s);
	/* Block style: "- - - ... x", each level two columns further. */
	s = repeat("- ", "x\n", "", 100000);
	expect_err(s, 1, 1025, "nesting deeper than 512 levels");
	free(s);
}

static void
test_depth_limit_through_alias(void **state)
{
	char *inner = repeat("[", "", "]", 500);
	char *outer_ok = repeat("[", "*a", "]", 11);
	char *outer_bad = repeat("[", "*a", "]", 12);
	char *doc = malloc(4096);
	struct run r;

	(void)state;
	assert_non_null(doc);
	/* Root map (1) + 11 + 500 = 512 levels: accepted. */
	snprintf(doc, 4096, "a: &a %s\nb: %s\n", inner, outer_ok);
	ok(&r, doc);
	done(&r);
	/* One more level around the alias makes 513. */
	snprintf(doc, 4096, "a: &a %s\nb: %s\n", inner, outer_bad);
	expect_err(doc, 2, 16, "nesting deeper than 512 levels");
	free(doc);
	free(inner);
	free(outer_ok);
	free(outer_bad);
}

static void
test_node_limit(void **state)
{
	/* "[0,0,...,0]" with 2000000 zeros: 2000001 nodes with the list. */
	size_t n = 2000000, i;
	char *s = malloc(2 * n + 2);
	struct vs_diags *d = vs_diags_new();
	const struct vs_diag *dg;

	(void)state;
	assert_non_null(s);
	s[0] = '[';
	for (i = 0; i < n; i++) {
		s[1 + 2 * i] = '0';
		s[2 + 2 * i] = ',';
	}
	s[2 * n] = ']';
	s[2 * n + 1] = '\0';
	assert_null(vs_yaml_parse(s, 2 * n + 1, "t.yaml", NULL, d));
	assert_int_equal(vs_diags_errors(d), 1);
	dg = vs_diags_get(d, 0);
	assert_string_equal(dg->msg, "document has more than 2000000 nodes");
	/* The last zero is the one too many. */
	assert_int_equal(dg->line, 1);
	assert_int_equal(dg->col, 2 * n);
	vs_diags_free(&d);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scalar_typing),
	    cmocka_unit_test(test_dash_alone),
	    cmocka_unit_test(test_empty_values),
	    cmocka_unit_test(test_block_scalars),
	    cmocka_unit_test(test_number_overflow),
	    cmocka_unit_test(test_keys_are_raw_text),
	    cmocka_unit_test(test_scenario_tree),
	    cmocka_unit_test(test_flow_and_block_agree),
	    cmocka_unit_test(test_root_kinds),
	    cmocka_unit_test(test_marks_scenario),
	    cmocka_unit_test(test_marks_value_on_next_line),
	    cmocka_unit_test(test_key_marks),
	    cmocka_unit_test(test_marks_count_characters),
	    cmocka_unit_test(test_marks_properties),
	    cmocka_unit_test(test_marks_end_without_newline),
	    cmocka_unit_test(test_marks_failure_leaves_map_clean),
	    cmocka_unit_test(test_null_marks_and_diags),
	    cmocka_unit_test(test_err_syntax),
	    cmocka_unit_test(test_err_key_not_scalar),
	    cmocka_unit_test(test_err_duplicate_key),
	    cmocka_unit_test(test_err_unknown_and_recursive_alias),
	    cmocka_unit_test(test_err_tags),
	    cmocka_unit_test(test_standard_collection_tags),
	    cmocka_unit_test(test_err_multi_document),
	    cmocka_unit_test(test_err_invalid_utf8),
	    cmocka_unit_test(test_nul_bytes),
	    cmocka_unit_test(test_crlf),
	    cmocka_unit_test(test_bom),
	    cmocka_unit_test(test_empty_input),
	    cmocka_unit_test(test_alias_expansion),
	    cmocka_unit_test(test_alias_keys_and_redefinition),
	    cmocka_unit_test(test_merge_key_is_ordinary),
	    cmocka_unit_test(test_billion_laughs),
	    cmocka_unit_test(test_doubling_laughs),
	    cmocka_unit_test(test_alias_past_node_budget),
	    cmocka_unit_test(test_depth_limit),
	    cmocka_unit_test(test_depth_limit_through_alias),
	    cmocka_unit_test(test_node_limit),
	};

	return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
