/*
 * test_hostile.c - hostile inputs that golden tests cannot hold: files too
 * large to commit, and limits too large to reach with a small file.
 *
 * DESIGN.md section 5: an input vpcsim cannot take is refused with a
 * message naming the file and exit status 2, never a crash or an attempt
 * to read it all.  Oversized files are sparse (ftruncate), so a 1.1 GiB
 * snapshot file costs no disk and, refused by its size, no memory.  The
 * other hostile inputs are golden cases, tests/golden/hostile-* (see
 * docs/reliability.md).
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

#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "load.h"
#include "topo.h"

#define MIB ((uint64_t)1 << 20)

struct tmp {
	char dir[64];
	char file[PATH_MAX];
};

/* A temporary folder holding one sparse file of size bytes whose first
 * bytes are head. */
static void
sparse(struct tmp *t, const char *name, const char *head, uint64_t size)
{
	int fd;

	snprintf(t->dir, sizeof(t->dir), "/tmp/vs-hostile.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->file, sizeof(t->file), "%s/%s", t->dir, name);
	fd = open(t->file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	if (head != NULL)
		assert_int_equal(write(fd, head, strlen(head)),
		    (ssize_t)strlen(head));
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	assert_int_equal(close(fd), 0);
}

static void
tmp_free(struct tmp *t)
{
	unlink(t->file);
	rmdir(t->dir);
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

/* A 1.1 GiB snapshot file is refused by its size, before any read, with
 * both sizes in the message. */
static void
test_read_file_over_limit(void **state)
{
	struct tmp t;
	char *buf = NULL, err[256] = "";
	size_t len = 12345;

	(void)state;
	sparse(&t, "vpcs.json", "{\"Vpcs\": [", VS_LOAD_MAX_FILE + 100 * MIB);
	assert_int_equal(vs_read_file(t.file, VS_LOAD_MAX_FILE, &buf, &len, err,
			     sizeof(err)),
	    -1);
	assert_null(buf);
	assert_int_equal(len, 12345);
	assert_string_equal(err,
	    "file is 1124.0 MiB; vpcsim reads files up to 1024 MiB");
	tmp_free(&t);
}

/* The limit is inclusive: a file of exactly max bytes is read whole, one
 * byte more is refused (a lowered limit stands in for 1 GiB). */
static void
test_read_file_limit_boundary(void **state)
{
	struct tmp t;
	char *buf = NULL, err[256] = "", err2[256] = "";
	size_t len = 0;
	int rc_exact, rc_over;
	bool whole = false, refused;

	(void)state;
	sparse(&t, "exact.json", "{}", 4096);
	rc_exact = vs_read_file(t.file, 4096, &buf, &len, err, sizeof(err));
	if (rc_exact == 0)
		whole = len == 4096 && buf != NULL && buf[0] == '{' &&
			buf[4096] == '\0';
	free(buf);
	buf = NULL;
	rc_over = vs_read_file(t.file, 4095, &buf, &len, err2, sizeof(err2));
	refused = rc_over == -1 && buf == NULL &&
		  strstr(err2, "vpcsim reads files up to") != NULL;
	free(buf);
	tmp_free(&t);
	if (rc_exact != 0)
		fail_msg("a file of exactly the limit was refused: %s", err);
	assert_true(whole);
	assert_true(refused);
}

/* A stream with no size (a character device, a pipe) is read until the
 * limit and then refused: /dev/zero never ends, yet the read does. */
static void
test_read_endless_stream(void **state)
{
	char *buf = NULL, err[256] = "";
	size_t len = 0;

	(void)state;
	assert_int_equal(vs_read_file("/dev/zero", MIB, &buf, &len, err,
			     sizeof(err)),
	    -1);
	assert_null(buf);
	assert_string_equal(err, "input exceeds 1 MiB; refused");
}

/* A folder is not a file. */
static void
test_read_folder(void **state)
{
	char *buf = NULL, err[256] = "";
	size_t len = 0;

	(void)state;
	assert_int_equal(vs_read_file("tests", MIB, &buf, &len, err,
			     sizeof(err)),
	    -1);
	assert_null(buf);
	assert_string_equal(err, "is a directory");
}

/* Loading a snapshot folder holding the 1.1 GiB file: one error naming
 * the file, no topology. */
static void
test_snapshot_over_limit(void **state)
{
	struct tmp t;
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *topo;
	const struct vs_diag *g;

	(void)state;
	sparse(&t, "huge.json", "{\"Vpcs\": [", VS_LOAD_MAX_FILE + 100 * MIB);
	topo = vs_snapshot_load(t.dir, d, NULL);
	assert_null(topo);
	assert_int_equal(vs_diags_errors(d), 1);
	g = vs_diags_get(d, 0);
	assert_string_equal(g->file, t.file);
	assert_string_equal(g->msg,
	    "file is 1124.0 MiB; vpcsim reads files up to 1024 MiB");
	vs_diags_free(&d);
	tmp_free(&t);
}

/* `vpcsim validate` on it: exit 2, the message on stderr, a summary. */
static void
test_cli_validate_over_limit(void **state)
{
	struct tmp t;
	char *out = NULL, *err = NULL, want[PATH_MAX + 128];
	const char *argv[] = {"vpcsim", "validate", "--snapshot", NULL};
	int rc;

	(void)state;
	sparse(&t, "huge.json", "{\"Vpcs\": [", VS_LOAD_MAX_FILE + 100 * MIB);
	argv[3] = t.dir;
	rc = cli(&out, &err, 4, argv);
	assert_int_equal(rc, 2);
	snprintf(want, sizeof(want),
	    "%s: error: file is 1124.0 MiB; vpcsim reads files up to 1024 "
	    "MiB\n",
	    t.file);
	assert_string_equal(err, want);
	assert_non_null(strstr(out, "failed: 1 error"));
	free(out);
	free(err);
	tmp_free(&t);
}

/* A 65 MiB scenario file is over the 64 MiB limit for scenarios and
 * change files: `check` refuses it, exit 2. */
static void
test_cli_check_scenario_over_limit(void **state)
{
	struct tmp t;
	char *out = NULL, *err = NULL;
	const char *argv[] = {"vpcsim", "check", NULL};
	int rc;

	(void)state;
	sparse(&t, "big.yaml", "expect:\n", 65 * MIB);
	argv[2] = t.file;
	rc = cli(&out, &err, 3, argv);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(err, t.file));
	assert_non_null(
	    strstr(err, "file is 65.0 MiB; vpcsim reads files up to 64 MiB"));
	free(out);
	free(err);
	tmp_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read_file_over_limit),
	    cmocka_unit_test(test_read_file_limit_boundary),
	    cmocka_unit_test(test_read_endless_stream),
	    cmocka_unit_test(test_read_folder),
	    cmocka_unit_test(test_snapshot_over_limit),
	    cmocka_unit_test(test_cli_validate_over_limit),
	    cmocka_unit_test(test_cli_check_scenario_over_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
