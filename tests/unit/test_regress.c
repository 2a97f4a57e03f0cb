/*
 * test_regress.c - one regression test per bug the reliability suite found
 * (fuzzing, hostile inputs), each named after its finding and citing how
 * it was found.  docs/reliability.md lists them.
 *
 * A finding that crashed (a sanitizer report, an endless loop) is run in a
 * child process, so that a relapse fails this one test with a message
 * instead of killing the whole program: the child does the work, checks
 * the result with want(), and exits 0 when all is well.  A child that
 * dies of a signal, or does not finish within its alarm, fails the test.
 *
 * JSON and YAML below are written with single quotes for readability; j()
 * turns them into double quotes (no fixture needs an apostrophe).
 */
/* cmocka.h needs these four headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <sys/stat.h>
#include <sys/wait.h>

#include <cjson/cJSON.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "change.h"
#include "cli.h"
#include "diag.h"
#include "jsonpos.h"
#include "load.h"
#include "scenario.h"
#include "topo.h"

/* ---- harness ---- */

/* A copy of s with every ' turned into " (caller frees). */
static char *
j(const char *s)
{
	char *c = strdup(s), *p;

	assert_non_null(c);
	for (p = c; *p; p++)
		if (*p == '\'')
			*p = '"';
	return c;
}

/* In a child: report a failed expectation and leave. */
#define want(c)                                                                \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "%s:%d: expected %s\n", __FILE__,      \
			    __LINE__, #c);                                     \
			fflush(stderr);                                        \
			_exit(1);                                              \
		}                                                              \
	} while (0)

/*
 * Run fn in a child with an alarm.  Returns NULL when it exits 0, else
 * why not (a static buffer), so the caller can clean up and then fail.
 */
static const char *
child(void (*fn)(void), unsigned seconds, const char *what)
{
	static char why[256];
	pid_t pid;
	int status;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(seconds);
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		snprintf(why, sizeof(why), "%s: did not finish within %u s",
		    what, seconds);
	else if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "%s: killed by signal %d", what,
		    WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		snprintf(why, sizeof(why),
		    "%s: failed (exit status %d; a sanitizer report or the "
		    "expectation above)",
		    what, WEXITSTATUS(status));
	else
		return NULL;
	return why;
}

/* Run fn in a child; fail the test unless it exits 0. */
static void
in_child(void (*fn)(void), unsigned seconds, const char *what)
{
	const char *why = child(fn, seconds, what);

	if (why != NULL)
		fail_msg("%s", why);
}

/* Load one JSON text as a whole snapshot; returns the loader's status. */
static int
load_text(const char *json, struct vs_topo **t, struct vs_diags *d)
{
	char *text = j(json);
	struct vs_loader *l;
	int rc;

	*t = vs_topo_new();
	l = vs_loader_new(*t, d);
	vs_loader_text(l, text, strlen(text), "regress.json");
	rc = vs_loader_done(&l, NULL);
	free(text);
	return rc;
}

static bool
any_diag(const struct vs_diags *d, enum vs_sev sev, const char *needle)
{
	size_t i;

	for (i = 0; i < vs_diags_count(d); i++) {
		const struct vs_diag *g = vs_diags_get(d, i);
		if (g->sev == sev && strstr(g->msg, needle) != NULL)
			return true;
	}
	return false;
}

/* A fresh temporary folder (path in buf). */
static void
tmp_dir(char *buf, size_t n, const char *tag)
{
	snprintf(buf, n, "/tmp/vs-regress-%s.XXXXXX", tag);
	assert_non_null(mkdtemp(buf));
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void
rm_rf(const char *dir)
{
	char cmd[PATH_MAX + 16];

	if (strncmp(dir, "/tmp/vs-regress-", 16) != 0)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Run the CLI in-process; stdout and stderr into malloc'd strings. */
static int
cli(char **out, char **err, int argc, const char **argv)
{
	size_t no = 0, ne = 0;
	FILE *fo = open_memstream(out, &no), *fe = open_memstream(err, &ne);
	int rc;

	assert_non_null(fo);
	assert_non_null(fe);
	rc = vs_cli_run(argc, (char **)(uintptr_t)argv, fo, fe);
	assert_int_equal(fclose(fo), 0);
	assert_int_equal(fclose(fe), 0);
	return rc;
}

/* ---- regress_long_unmodelled_key ----
 * Found by fuzz_describe in its first seconds.  A top-level key that
 * vpcsim does not model is reported once as a warning (DESIGN.md section
 * 3); report_unmodelled() (model/load.c) iterates those keys with
 * vs_smap_first/next into a VS_SMAP_KEYMAX (256) byte stack buffer, and
 * JudySLFirst copies the whole key there: a key of 256 bytes or more
 * overflows the stack (ASan: stack-buffer-overflow; the release build of
 * `vpcsim validate` loops for ever).  Expected: the load succeeds with one
 * "not modelled" warning. */
static void
long_key_child(void)
{
	char json[600];
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *t;
	int rc;

	memset(json, 0, sizeof(json));
	strcpy(json, "{'");
	memset(json + 2, 'K', 300);
	strcat(json, "': [], 'Vpcs': []}");
	rc = load_text(json, &t, d);
	want(rc == 0);
	want(vs_diags_warnings(d) == 1);
	want(any_diag(d, VS_SEV_WARN, "not modelled"));
	vs_topo_free(&t);
	vs_diags_free(&d);
}

static void
regress_long_unmodelled_key(void **state)
{
	(void)state;
	in_child(long_key_child, 10, "a 300-byte unmodelled top-level key");
}

/* ---- regress_create_nacl_entry_empty ----
 * Found by fuzz_scenario on its seed doc-04 (the CreateNetworkAcl example
 * of docs/scenarios.md).  nacl_entry() (model/change.c) copies the old
 * entries with memcpy(v, n->entries, 0) when the ACL has none: a NULL
 * source, undefined behaviour that UBSan stops.  Expected: the two
 * changes apply, and the new ACL holds the one entry. */
static void
nacl_entry_child(void)
{
	static const char *const base =
	    "{'Vpcs': [{'VpcId': 'vpc-0r', 'CidrBlock': '10.0.0.0/16'}]}";
	static const char *const list =
	    "[{'CreateNetworkAcl': {'VpcId': 'vpc-0r', 'NetworkAclId': "
	    "'acl-0new'}},"
	    " {'CreateNetworkAclEntry': {'NetworkAclId': 'acl-0new', "
	    "'RuleNumber': 100, 'Protocol': '6', 'RuleAction': 'allow', "
	    "'Egress': false, 'CidrBlock': '192.0.2.0/24', 'PortRange': "
	    "{'From': 22, 'To': 22}}}]";
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *t, *c;
	struct vs_src src;
	char *text = j(list);
	cJSON *l = cJSON_Parse(text);
	vs_idx i;

	want(l != NULL);
	want(load_text(base, &t, d) == 0);
	c = vs_topo_clone(t);
	memset(&src, 0, sizeof(src));
	src.file = "changes.json";
	src.text = text;
	src.len = strlen(text);
	want(vs_change_apply(c, l, "", &src, d) == 2);
	want(vs_topo_finish(c, d) == 0);
	i = vs_topo_find_kind(c, VS_K_NACL, "acl-0new");
	want(i != VS_NONE);
	want(c->nacls[i].n_entries == 1);
	want(c->nacls[i].entries[0].rule == 100);
	vs_topo_free(&c);
	vs_topo_free(&t);
	cJSON_Delete(l);
	free(text);
	vs_diags_free(&d);
}

static void
regress_create_nacl_entry_empty(void **state)
{
	(void)state;
	in_child(nacl_entry_child, 10,
	    "CreateNetworkAclEntry on a network ACL without entries");
}

/* ---- regress_json_duplicate_key ----
 * Found by the hostile-input suite.  The YAML front end refuses a mapping
 * with a repeated key (model/yaml.h: keys are "unique within their
 * mapping"), but the same object written as JSON loads silently: cJSON
 * keeps both members and the loader reads the first, so the answer
 * depends on which copy it happens to pick (DESIGN.md section 2: never
 * guess).  Expected: an error naming the repeated key. */
static void
regress_json_duplicate_key(void **state)
{
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *t;
	bool named;
	int rc;

	(void)state;
	rc = load_text("{'Vpcs': [{'VpcId': 'vpc-0a', 'CidrBlock': "
		       "'10.0.0.0/16', 'VpcId': 'vpc-0b'}]}",
	    &t, d);
	named = any_diag(d, VS_SEV_ERR, "VpcId");
	vs_topo_free(&t);
	vs_diags_free(&d);
	if (rc != -1 || !named)
		fail_msg("an object with two VpcId members loaded (status "
			 "%d) without an error naming the key",
		    rc);
}

/* ---- regress_snapshot_symlink_loops ----
 * Found by the hostile-input suite.  load_dir() (model/load.c) stops at
 * 32 nested folders, which catches one symbolic link loop, but a folder
 * holding two links to itself makes 2^33 paths below that depth: `vpcsim
 * validate` runs for ever.  Expected: the load ends promptly with an
 * error naming the loop (or reads each folder once). */
static char loop_dir[64];

static void
loops_child(void)
{
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *t = vs_snapshot_load(loop_dir, d, NULL);

	want(t == NULL || vs_topo_count(t, VS_K_VPC) == 1);
	if (t == NULL)
		want(any_diag(d, VS_SEV_ERR, "loop"));
	vs_topo_free(&t);
	vs_diags_free(&d);
}

static void
regress_snapshot_symlink_loops(void **state)
{
	char p[PATH_MAX];
	const char *why;

	(void)state;
	tmp_dir(loop_dir, sizeof(loop_dir), "loops");
	snprintf(p, sizeof(p), "%s/vpcs.json", loop_dir);
	write_file(p, "{\"Vpcs\": [{\"VpcId\": \"vpc-0a\", \"CidrBlock\": "
		      "\"10.0.0.0/16\"}]}\n");
	snprintf(p, sizeof(p), "%s/a", loop_dir);
	assert_int_equal(symlink(".", p), 0);
	snprintf(p, sizeof(p), "%s/b", loop_dir);
	assert_int_equal(symlink(".", p), 0);
	why =
	    child(loops_child, 5, "a snapshot folder with two links to itself");
	rm_rf(loop_dir);
	if (why != NULL)
		fail_msg("%s", why);
}

/* ---- regress_check_symlink_loop ----
 * Found by the hostile-input suite.  `vpcsim check DIR` collects scenario
 * files with collect() (sim/cli.c), which follows symbolic links to 16
 * levels: a folder with one link to itself runs each scenario 17 times
 * (as a/x.yaml, a/a/x.yaml, ...), and with two links 2^17 times.
 * Expected: each scenario file is checked once. */
static void
regress_check_symlink_loop(void **state)
{
	char dir[64], p[PATH_MAX], cwd[PATH_MAX], text[PATH_MAX + 256];
	const char *argv[] = {"vpcsim", "check", dir};
	char *out = NULL, *err = NULL;
	static char msg[4096];
	bool once;
	int rc;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	tmp_dir(dir, sizeof(dir), "check");
	snprintf(p, sizeof(p), "%s/x.yaml", dir);
	snprintf(text, sizeof(text),
	    "snapshot: %s/scenarios/snapshots/shop\n"
	    "expect:\n"
	    "  - {from: internet, to: i-0a1000000000web1, protocol: tcp, "
	    "port: 443, verdict: reachable}\n",
	    cwd);
	write_file(p, text);
	snprintf(p, sizeof(p), "%s/a", dir);
	assert_int_equal(symlink(".", p), 0);
	rc = cli(&out, &err, 3, argv);
	once = strstr(out, "(1 file)") != NULL;
	snprintf(msg, sizeof(msg), "%s", out);
	free(out);
	free(err);
	rm_rf(dir);
	if (!once)
		fail_msg("check ran the scenario more than once:\n%s", msg);
	assert_true(rc == 0 || rc == 2);
}

/* ---- regress_crosscheck_missing_start ----
 * Found by the hostile-input suite (a flow log mixing the default format
 * with a custom one that has no `start` field).  vs_xc_groups_add()
 * (sim/crosscheck.c) counts a record without `start` as starting at 0, so
 * a REJECT group reads "first 1970-01-01T00:00:00Z" and a missing time
 * can make a group look "flipped".  Expected: a record without a start
 * time does not move a group's first and last times. */
static void
regress_crosscheck_missing_start(void **state)
{
	char dir[64], p[PATH_MAX];
	const char *argv[] = {"vpcsim", "crosscheck", "--snapshot",
	    "scenarios/snapshots/shop", p};
	char *out = NULL, *err = NULL;
	static char msg[4096];
	bool counted, times;
	int rc;

	(void)state;
	tmp_dir(dir, sizeof(dir), "xc");
	snprintf(p, sizeof(p), "%s/flows.log", dir);
	write_file(p,
	    "2 111122223333 eni-0a10000000000web1 198.51.100.7 10.0.1.10 "
	    "49154 22 6 10 840 1763020800 1763020860 REJECT OK\n"
	    "version srcaddr dstaddr srcport dstport protocol action "
	    "log-status interface-id\n"
	    "5 198.51.100.7 10.0.1.10 49157 22 6 REJECT OK "
	    "eni-0a10000000000web1\n");
	rc = cli(&out, &err, 5, argv);
	counted = strstr(out, "2 records from 1 file, 0 malformed") != NULL;
	times = strstr(out, "1970-01-01") == NULL &&
		strstr(out, "first 2025-11-13T08:00:00Z, last "
			    "2025-11-13T08:00:00Z") != NULL;
	snprintf(msg, sizeof(msg), "%s", out);
	free(out);
	free(err);
	rm_rf(dir);
	assert_int_equal(rc, 0);
	assert_true(counted);
	if (!times)
		fail_msg("a record without `start` moved the group's "
			 "times:\n%s",
		    msg);
}

/* ---- regress_scenario_error_column ----
 * Found by the hostile-input suite.  An expectation that names an
 * endpoint the snapshot lacks was reported as "FILE:LINE:0: error: ..."
 * (sim/scenario.c passes column 0, which diag.h defines as "no column",
 * and vs_diag_str printed it).  Fixed in model/diag.c while this suite
 * was written; the test keeps it fixed.  Expected: a real column, or none
 * ("FILE:LINE: error: ..."), never column 0. */
static void
regress_scenario_error_column(void **state)
{
	char dir[64], p[PATH_MAX], cwd[PATH_MAX], text[PATH_MAX + 256];
	char buf[1024];
	struct vs_scache *cache = vs_scache_new();
	struct vs_arena *a = vs_arena_new();
	struct vs_diags *d = vs_diags_new();
	struct vs_scenario sc;
	size_t i;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	tmp_dir(dir, sizeof(dir), "col");
	snprintf(p, sizeof(p), "%s/s.yaml", dir);
	snprintf(text, sizeof(text),
	    "snapshot: %s/scenarios/snapshots/shop\n"
	    "expect:\n"
	    "  - {from: internet, to: eni-0nothere, protocol: tcp, port: "
	    "443, verdict: reachable}\n",
	    cwd);
	write_file(p, text);
	vs_scenario_run(p, cache, a, d, &sc);
	assert_false(sc.ok);
	assert_true(vs_diags_errors(d) >= 1);
	for (i = 0; i < vs_diags_count(d); i++) {
		vs_diag_str(vs_diags_get(d, i), buf, sizeof(buf));
		if (strstr(buf, ":0: ") != NULL)
			fail_msg("diagnostic with column 0: %s", buf);
	}
	vs_diags_free(&d);
	vs_arena_free(&a);
	vs_scache_free(&cache);
	rm_rf(dir);
}

/* ---- regress_change_error_applied ----
 * Found by fuzz_scenario after 319 s (a YAML flow sequence turned a
 * Groups entry into a one-key map).  Inside an action, a parameter error
 * found by a shared getter (vs_j_strlist: "expected a string, got an
 * object") is added to the diagnostics, but the action does not fail:
 * vs_change_apply() applies the change without the bad entry and counts
 * it, breaking change.h ("the number of changes applied, or -1 after
 * adding an error").  `vpcsim diff` then prints "1 changes applied" and
 * exits 0 without showing the error; `check` shows it but still runs the
 * expectations on the half-applied change.  Expected: -1, and `diff`
 * exits 2 with the error on stderr. */
static void
regress_change_error_applied(void **state)
{
	static const char *const list =
	    "[{'ModifyNetworkInterfaceAttribute': {'NetworkInterfaceId': "
	    "'eni-0a300000000000db1', 'Groups': ['sg-0a300000000000db', "
	    "{'sg-0x': 'reporting'}]}}]";
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *t, *c;
	struct vs_src src;
	char *text = j(list), dir[64], p[PATH_MAX];
	cJSON *l = cJSON_Parse(text);
	const char *argv[] = {"vpcsim", "diff", "--snapshot",
	    "scenarios/snapshots/shop", "--change", p};
	char *out = NULL, *err = NULL;
	bool shown;
	int n, rc;

	(void)state;
	assert_non_null(l);
	t = vs_snapshot_load("scenarios/snapshots/shop", d, NULL);
	assert_non_null(t);
	vs_diags_clear(d);
	c = vs_topo_clone(t);
	memset(&src, 0, sizeof(src));
	src.file = "changes.json";
	src.text = text;
	src.len = strlen(text);
	n = vs_change_apply(c, l, "", &src, d);
	assert_true(vs_diags_errors(d) > 0);
	vs_topo_free(&c);
	vs_topo_free(&t);
	vs_diags_free(&d);

	tmp_dir(dir, sizeof(dir), "chg");
	snprintf(p, sizeof(p), "%s/change.json", dir);
	write_file(p, text);
	rc = cli(&out, &err, 6, argv);
	shown = strstr(err, "expected a string, got an object") != NULL;
	free(out);
	free(err);
	rm_rf(dir);
	cJSON_Delete(l);
	free(text);
	if (n != -1)
		fail_msg("vs_change_apply reported an error but returned %d",
		    n);
	assert_int_equal(rc, 2);
	assert_true(shown);
}

/* ---- regress_modify_rules_reads_past ----
 * Found by fuzz_trail after 167 s (a replayed authorize, then a modify of
 * the same group).  ModifySecurityGroupRules copied the group's rules with
 * one element more than the group has: it read past the array, and when
 * the array was the arena's last allocation (just set by the authorize)
 * the copy overlapped its own destination (ASan: memcpy-param-overlap).
 * DisassociateRouteTable copied associations the same way.  Expected: the
 * modify is refused (no rule has that id) and nothing is read out of
 * bounds; the disassociate applies. */
static void
regress_modify_rules_reads_past(void **state)
{
	static const char *const list =
	    "[{'AuthorizeSecurityGroupIngress': {'GroupId': "
	    "'sg-0a10000000000web', 'IpPermissions': [{'IpProtocol': 'tcp', "
	    "'FromPort': 9000, 'ToPort': 9000, 'IpRanges': [{'CidrIp': "
	    "'10.9.0.0/16'}]}]}},"
	    " {'ModifySecurityGroupRules': {'GroupId': 'sg-0a10000000000web', "
	    "'SecurityGroupRules': [{'SecurityGroupRuleId': 'sgr-0nope', "
	    "'SecurityGroupRule': {'IpProtocol': 'tcp', 'FromPort': 1, "
	    "'ToPort': 1, 'CidrIpv4': '10.0.0.0/8'}}]}}]";
	static const char *const list2 =
	    "[{'AssociateRouteTable': {'RouteTableId': "
	    "'rtb-0a1000000000public', 'SubnetId': 'subnet-0a20000000app'}},"
	    " {'DisassociateRouteTable': {'AssociationId': "
	    "'rtbassoc-new1'}}]";
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *t, *c;
	struct vs_src src;
	char *text = j(list), *text2 = j(list2), msg[512];
	cJSON *l = cJSON_Parse(text), *l2 = cJSON_Parse(text2);

	(void)state;
	assert_non_null(l);
	assert_non_null(l2);
	t = vs_snapshot_load("scenarios/snapshots/shop", d, NULL);
	assert_non_null(t);
	vs_diags_clear(d);
	c = vs_topo_clone(t);
	memset(&src, 0, sizeof(src));
	src.file = "changes.json";
	src.text = text;
	src.len = strlen(text);
	assert_int_equal(vs_change_apply(c, l, "", &src, d), -1);
	assert_int_equal(vs_diags_errors(d), 1);
	vs_diag_str(vs_diags_get(d, 0), msg, sizeof(msg));
	assert_non_null(strstr(msg, "InvalidSecurityGroupRuleId.NotFound"));
	vs_topo_free(&c);
	vs_diags_clear(d);
	c = vs_topo_clone(t);
	src.text = text2;
	src.len = strlen(text2);
	assert_int_equal(vs_change_apply(c, l2, "", &src, d), 2);
	assert_int_equal(vs_diags_errors(d), 0);
	vs_topo_free(&c);
	vs_topo_free(&t);
	vs_diags_free(&d);
	cJSON_Delete(l);
	cJSON_Delete(l2);
	free(text);
	free(text2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(regress_long_unmodelled_key),
	    cmocka_unit_test(regress_create_nacl_entry_empty),
	    cmocka_unit_test(regress_json_duplicate_key),
	    cmocka_unit_test(regress_snapshot_symlink_loops),
	    cmocka_unit_test(regress_check_symlink_loop),
	    cmocka_unit_test(regress_crosscheck_missing_start),
	    cmocka_unit_test(regress_scenario_error_column),
	    cmocka_unit_test(regress_change_error_applied),
	    cmocka_unit_test(regress_modify_rules_reads_past),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
