/*
 * fuzz_cli.c - libFuzzer target for the command line, through vs_cli_run().
 *
 * One input is one command line: the bytes are split on NUL and newline
 * into arguments (empty ones included, at most MAX_ARGS), "vpcsim" is put
 * in front, and vs_cli_run() runs them with standard output going to
 * /dev/null and standard error to a memory buffer.  The process works in
 * the repository root (VS_FUZZ_ROOT, set by tests/fuzz/run), so seeds can
 * name the bundled scenarios, snapshots and flow logs.  Standard input is
 * /dev/null, so '-' reads nothing.
 *
 * An argument that names an existing file or folder (alone or after
 * "--option=") must lie inside scenarios/ or tests/data/: the fuzzer must
 * not load the whole file system or the build folder.  Such inputs are not
 * run.
 *
 * Besides the sanitizers, each input checks the command-line contract
 * (DESIGN.md section 4): the exit status is 0, 1 or 2 (3 is an internal
 * error, which no input may cause), 1 only from `check`, and a status of
 * 2 comes with a message on standard error.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <sys/stat.h>

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#ifndef VS_FUZZ_ROOT
#define VS_FUZZ_ROOT "."
#endif

#define MAX_ARGS 64

static FILE *devnull;
static char allowed[2][PATH_MAX];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *root = getenv("VS_FUZZ_ROOT");
	(void)argc;
	(void)argv;
	if (root == NULL || root[0] == '\0')
		root = VS_FUZZ_ROOT;
	if (chdir(root) != 0 || realpath("scenarios", allowed[0]) == NULL ||
	    realpath("tests/data", allowed[1]) == NULL) {
		fprintf(stderr,
		    "fuzz_cli: %s is not the repository (set "
		    "VS_FUZZ_ROOT)\n",
		    root);
		abort();
	}
	CHECK(freopen("/dev/null", "r", stdin) != NULL);
	devnull = fopen("/dev/null", "w");
	CHECK(devnull != NULL);
	return 0;
}

/* Is p (when it names something) inside one of the allowed folders? */
static bool
safe_path(const char *p)
{
	char real[PATH_MAX];
	struct stat st;
	size_t i, n;

	if (p[0] == '\0' || strcmp(p, "-") == 0)
		return true;
	if (stat(p, &st) != 0)
		return true; /* names nothing: the command reports it */
	if (realpath(p, real) == NULL)
		return false;
	for (i = 0; i < 2; i++) {
		n = strlen(allowed[i]);
		if (strncmp(real, allowed[i], n) == 0 &&
		    (real[n] == '/' || real[n] == '\0'))
			return true;
	}
	return false;
}

static bool
safe_arg(const char *a)
{
	const char *eq;

	if (!safe_path(a))
		return false;
	if (a[0] == '-' && a[1] == '-' && (eq = strchr(a, '=')) != NULL)
		return safe_path(eq + 1);
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char prog[] = "vpcsim";
	char *copy, *argv[MAX_ARGS + 2];
	char *ebuf = NULL;
	size_t elen = 0, i, start = 0;
	int argc = 1, rc;
	bool is_check;
	FILE *err;

	if (size > 4096)
		return 0;
	copy = malloc(size + 1);
	CHECK(copy != NULL);
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = prog;
	for (i = 0; i <= size; i++) {
		if (i < size && copy[i] != '\0' && copy[i] != '\n')
			continue;
		/* A trailing separator ends the last argument; it does not
		 * start an empty one. */
		if (i == size && start == size && size > 0)
			break;
		if (argc > MAX_ARGS) {
			free(copy);
			return -1;
		}
		copy[i] = '\0';
		argv[argc++] = copy + start;
		start = i + 1;
	}
	argv[argc] = NULL;
	for (i = 1; i < (size_t)argc; i++) {
		if (!safe_arg(argv[i])) {
			free(copy);
			return -1;
		}
	}
	is_check = argc > 1 && strcmp(argv[1], "check") == 0;
	err = open_memstream(&ebuf, &elen);
	CHECK(err != NULL);
	rc = vs_cli_run(argc, argv, devnull, err);
	CHECK(fclose(err) == 0);
	CHECK(rc == 0 || rc == 1 || rc == 2);
	if (rc == 1)
		CHECK(is_check);
	if (rc == 2)
		CHECK(elen > 0);
	free(ebuf);
	clearerr(devnull);
	free(copy);
	return 0;
}
