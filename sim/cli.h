/*
 * cli.h - the command line: the only code that prints or picks exit codes.
 *
 * DOC: vs_cli_run() is the whole program minus main(): it parses argv,
 * runs one command, writes results to out and diagnostics to err, and
 * returns the exit status.  Golden tests, the CLI fuzzer and in-process
 * tests call it directly.  Commands are rows of one table; `--help` for
 * the program and for each command is generated from that table.
 */
#ifndef VS_CLI_H
#define VS_CLI_H

#include <stdio.h>

/* Exit statuses (DESIGN.md section 4). */
enum vs_exit {
	VS_EXIT_OK = 0,      /* done; for check: every expectation held */
	VS_EXIT_FAIL = 1,    /* check: an expectation failed */
	VS_EXIT_USAGE = 2,   /* usage or input error */
	VS_EXIT_INTERNAL = 3 /* internal error */
};

int vs_cli_run(int argc, char **argv, FILE *out, FILE *err);

#endif
