/*
 * check.h - the fuzz targets' CHECK(): a promise the code under test
 * broke is a finding, so it aborts with the failed condition, which
 * libFuzzer reports with the input that broke it.
 */
#ifndef VS_FUZZ_CHECK_H
#define VS_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			    __LINE__, #c);                                     \
			abort();                                               \
		}                                                              \
	} while (0)

#endif
