/*
 * jsonw.h - a small streaming JSON writer with a fixed key order.
 *
 * DOC: output JSON is written in the order the caller emits keys, so field
 * order is part of the code and stable across runs.  The writer tracks
 * nesting and commas; `pretty` indents by two spaces per level, otherwise
 * the output is one line (NDJSON).  Strings are escaped per RFC 8259;
 * bytes that are not valid UTF-8 are written as U+FFFD so output is always
 * valid JSON whatever the input held.
 */
#ifndef VS_JSONW_H
#define VS_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VS_JW_MAXDEPTH 64

struct vs_jw {
	FILE *f;
	bool pretty;
	int depth;
	bool first[VS_JW_MAXDEPTH];
	bool after_key;
	int flat; /* depth of the one-line array being written, or 0 */
};

void vs_jw_init(struct vs_jw *w, FILE *f, bool pretty);
void vs_jw_obj(struct vs_jw *w);
void vs_jw_obj_end(struct vs_jw *w);
void vs_jw_arr(struct vs_jw *w);
void vs_jw_arr_end(struct vs_jw *w);
/* An array written on one line even in pretty mode (e.g. [80, 443]);
 * close it with vs_jw_arr_end. */
void vs_jw_arr_flat(struct vs_jw *w);
void vs_jw_key(struct vs_jw *w, const char *k);
void vs_jw_str(struct vs_jw *w, const char *s); /* NULL writes null */
void vs_jw_strn(struct vs_jw *w, const char *s, size_t n);
void vs_jw_int(struct vs_jw *w, int64_t v);
void vs_jw_uint(struct vs_jw *w, uint64_t v);
void vs_jw_bool(struct vs_jw *w, bool v);
void vs_jw_null(struct vs_jw *w);
/* End a top-level value with a newline. */
void vs_jw_end(struct vs_jw *w);

/* key + value shorthands */
void vs_jw_kstr(struct vs_jw *w, const char *k, const char *s);
void vs_jw_kint(struct vs_jw *w, const char *k, int64_t v);
void vs_jw_kbool(struct vs_jw *w, const char *k, bool v);

#endif
