/*
 * main.c - vpcsim's entry point; everything else is in vs_cli_run().
 */
#include "cli.h"

int
main(int argc, char **argv)
{
	return vs_cli_run(argc, argv, stdout, stderr);
}
