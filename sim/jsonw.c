/*
 * jsonw.c - streaming JSON writer (see jsonw.h).
 */
#include "jsonw.h"

#include <inttypes.h>
#include <string.h>

void
vs_jw_init(struct vs_jw *w, FILE *f, bool pretty)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->pretty = pretty;
	w->first[0] = true;
}

static void
indent(struct vs_jw *w)
{
	int i;
	putc('\n', w->f);
	for (i = 0; i < w->depth; i++)
		fputs("  ", w->f);
}

/* Before any value: a comma and indentation unless it follows a key. */
static void
pre(struct vs_jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (!w->first[w->depth])
			fputs(w->flat && w->pretty ? ", " : ",", w->f);
		if (w->pretty && !w->flat)
			indent(w);
	}
	w->first[w->depth] = false;
}

static void
open_(struct vs_jw *w, char c)
{
	pre(w);
	putc(c, w->f);
	if (w->depth < VS_JW_MAXDEPTH - 1)
		w->depth++;
	w->first[w->depth] = true;
}

static void
close_(struct vs_jw *w, char c)
{
	bool empty = w->first[w->depth];
	bool ends_flat = w->flat > 0 && w->depth == w->flat;
	if (w->depth > 0)
		w->depth--;
	if (w->pretty && !empty && !w->flat)
		indent(w);
	putc(c, w->f);
	if (ends_flat)
		w->flat = 0;
}

void
vs_jw_obj(struct vs_jw *w)
{
	open_(w, '{');
}

void
vs_jw_obj_end(struct vs_jw *w)
{
	close_(w, '}');
}

void
vs_jw_arr(struct vs_jw *w)
{
	open_(w, '[');
}

void
vs_jw_arr_end(struct vs_jw *w)
{
	close_(w, ']');
}

void
vs_jw_arr_flat(struct vs_jw *w)
{
	open_(w, '[');
	if (w->flat == 0)
		w->flat = w->depth; /* the depth inside this array */
}

static size_t
utf8_ok(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (c == 0xe0 && s[1] < 0xa0)
		return 0;
	if (c == 0xed && s[1] > 0x9f)
		return 0;
	if (c == 0xf0 && s[1] < 0x90)
		return 0;
	if (c == 0xf4 && s[1] > 0x8f)
		return 0;
	return len;
}

static void
put_string(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	putc('"', f);
	while (i < n) {
		unsigned char c = p[i];
		size_t run = i;
		/* a run of characters that need no escape, in one write */
		while (run < n && p[run] >= 0x20 && p[run] < 0x7f &&
		       p[run] != '"' && p[run] != '\\')
			run++;
		if (run > i) {
			fwrite(p + i, 1, run - i, f);
			i = run;
			continue;
		}
		if (c == '"' || c == '\\') {
			putc('\\', f);
			putc(c, f);
		} else if (c == '\n') {
			fputs("\\n", f);
		} else if (c == '\t') {
			fputs("\\t", f);
		} else if (c == '\r') {
			fputs("\\r", f);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
		} else if (c >= 0x80) {
			size_t l = utf8_ok(p + i, n - i);
			if (l == 0) {
				fputs("\\ufffd", f);
			} else {
				fwrite(p + i, 1, l, f);
				i += l;
				continue;
			}
		} else {
			putc(c, f);
		}
		i++;
	}
	putc('"', f);
}

void
vs_jw_key(struct vs_jw *w, const char *k)
{
	pre(w);
	put_string(w->f, k, strlen(k));
	putc(':', w->f);
	if (w->pretty)
		putc(' ', w->f);
	w->after_key = true;
}

void
vs_jw_str(struct vs_jw *w, const char *s)
{
	if (s == NULL) {
		vs_jw_null(w);
		return;
	}
	pre(w);
	put_string(w->f, s, strlen(s));
}

void
vs_jw_strn(struct vs_jw *w, const char *s, size_t n)
{
	pre(w);
	put_string(w->f, s, n);
}

void
vs_jw_int(struct vs_jw *w, int64_t v)
{
	pre(w);
	fprintf(w->f, "%" PRId64, v);
}

void
vs_jw_uint(struct vs_jw *w, uint64_t v)
{
	pre(w);
	fprintf(w->f, "%" PRIu64, v);
}

void
vs_jw_bool(struct vs_jw *w, bool v)
{
	pre(w);
	fputs(v ? "true" : "false", w->f);
}

void
vs_jw_null(struct vs_jw *w)
{
	pre(w);
	fputs("null", w->f);
}

void
vs_jw_end(struct vs_jw *w)
{
	putc('\n', w->f);
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
}

void
vs_jw_kstr(struct vs_jw *w, const char *k, const char *s)
{
	vs_jw_key(w, k);
	vs_jw_str(w, s);
}

void
vs_jw_kint(struct vs_jw *w, const char *k, int64_t v)
{
	vs_jw_key(w, k);
	vs_jw_int(w, v);
}

void
vs_jw_kbool(struct vs_jw *w, const char *k, bool v)
{
	vs_jw_key(w, k);
	vs_jw_bool(w, v);
}
