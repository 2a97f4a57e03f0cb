/*
 * jsonpos.c - strict JSON validation and value location (see jsonpos.h).
 *
 * The validator is a loop over a small explicit stack of open containers
 * (one byte each: '{' or '['), with a state saying what may come next.
 * It never recurses, so a file nested 100,000 deep costs one pass and a
 * clear message, not a stack overflow.
 */
#include "jsonpos.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judy.h"

void
vs_json_linecol(const char *text, size_t len, size_t off, struct vs_jpos *out)
{
	unsigned line = 1, col = 1;
	size_t i;

	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	out->line = line;
	out->col = col;
	out->off = off;
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of a valid UTF-8 sequence at s (n bytes available), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		if (n >= 2 && (s[1] & 0xc0) == 0x80)
			return 2;
		return 0;
	}
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0; /* overlong */
		if (c == 0xed && s[1] > 0x9f)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;
		if (c == 0xf4 && s[1] > 0x8f)
			return 0;
		return 4;
	}
	return 0;
}

struct vstate {
	const char *s;
	size_t n, i;
	char *msg;
	size_t msglen;
	size_t err_off;
};

static int fail(struct vstate *v, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct vstate *v, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->msg, v->msglen, fmt, ap);
	va_end(ap);
	v->err_off = off;
	return -1;
}

static void
describe(const struct vstate *v, char *buf, size_t n)
{
	unsigned char c;

	if (v->i >= v->n) {
		snprintf(buf, n, "end of input");
		return;
	}
	c = (unsigned char)v->s[v->i];
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, n, "'%c'", c);
	else
		snprintf(buf, n, "byte 0x%02x", c);
}

/* Four hex digits at s[at], or -1. */
static long
hex4(const struct vstate *v, size_t at)
{
	long x = 0;
	size_t k;

	for (k = 0; k < 4; k++) {
		char h = at + k < v->n ? v->s[at + k] : '\0';
		x <<= 4;
		if (h >= '0' && h <= '9')
			x |= h - '0';
		else if (h >= 'a' && h <= 'f')
			x |= h - 'a' + 10;
		else if (h >= 'A' && h <= 'F')
			x |= h - 'A' + 10;
		else
			return -1;
	}
	return x;
}

/* Does any byte of w equal b? (SWAR: zero-byte test of w ^ b*0x01..) */
#define ONES  0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
static inline uint64_t
has_byte(uint64_t w, unsigned char b)
{
	uint64_t x = w ^ (ONES * b);
	return (x - ONES) & ~x & HIGHS;
}

/* Skip plain string bytes (printable ASCII other than " and \) eight at
 * a time; stops at the first byte that needs a closer look. */
static size_t
skip_plain(const char *s, size_t i, size_t n)
{
	while (i + 8 <= n) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		/* a byte >= 0x80, < 0x20, a quote or a backslash */
		if ((w & HIGHS) || ((w - ONES * 0x20) & ~w & HIGHS) ||
		    has_byte(w, '"') || has_byte(w, '\\'))
			break;
		i += 8;
	}
	return i;
}

static int
scan_string(struct vstate *v)
{
	size_t start = v->i;

	v->i++; /* opening quote */
	while (v->i < v->n) {
		v->i = skip_plain(v->s, v->i, v->n);
		if (v->i >= v->n)
			break;
		unsigned char c = (unsigned char)v->s[v->i];
		if (c == '"') {
			v->i++;
			return 0;
		}
		if (c == '\\') {
			char e;
			if (v->i + 1 >= v->n)
				break;
			e = v->s[v->i + 1];
			if (e == 'u') {
				long cp = hex4(v, v->i + 2);
				if (cp < 0)
					return fail(v, v->i,
					    "bad \\u escape in a string");
				if (cp >= 0xdc00 && cp <= 0xdfff)
					return fail(v, v->i,
					    "unpaired UTF-16 surrogate "
					    "\\u%04lx "
					    "in a string",
					    cp);
				if (cp >= 0xd800 && cp <= 0xdbff) {
					long lo =
					    v->i + 7 < v->n &&
						    v->s[v->i + 6] == '\\' &&
						    v->s[v->i + 7] == 'u'
						? hex4(v, v->i + 8)
						: -1;
					if (lo < 0xdc00 || lo > 0xdfff)
						return fail(v, v->i,
						    "unpaired UTF-16 surrogate "
						    "\\u%04lx in a string",
						    cp);
					v->i += 6;
				}
				v->i += 6;
				continue;
			}
			if (strchr("\"\\/bfnrt", e) == NULL || e == '\0')
				return fail(v, v->i,
				    "bad escape '\\%c' in a string",
				    e >= 0x20 && e < 0x7f ? e : '?');
			v->i += 2;
			continue;
		}
		if (c == '\n')
			return fail(v, start,
			    "unterminated string (a string cannot span lines)");
		if (c < 0x20)
			return fail(v, v->i,
			    "control character 0x%02x in a string (must be "
			    "escaped)",
			    c);
		if (c >= 0x80) {
			size_t l = utf8_len((const unsigned char *)v->s + v->i,
			    v->n - v->i);
			if (l == 0)
				return fail(v, v->i,
				    "invalid UTF-8 byte 0x%02x in a string", c);
			v->i += l;
			continue;
		}
		v->i++;
	}
	return fail(v, start, "unterminated string");
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
vs_num_underflows(const char *s, size_t n)
{
	size_t i = 0, k, istart, iend;
	long p = 0, place = 0, e = 0;
	bool found = false, neg = false;

	/*
	 * p: the power of ten of the first non-zero mantissa digit, so the
	 * number lies in [10^(p+e), 10^(p+e+1)).  Below 10^-324 no double
	 * is left (the smallest subnormal is about 4.9e-324): the number
	 * would read as 0.  The one decade in between is left to strtod.
	 */
	if (i < n && s[i] == '-')
		i++;
	istart = i;
	while (i < n && is_digit(s[i]))
		i++;
	iend = i;
	for (k = istart; k < iend && !found; k++)
		if (s[k] != '0') {
			p = (long)(iend - k) - 1;
			found = true;
		}
	if (i < n && s[i] == '.')
		for (i++; i < n && is_digit(s[i]); i++) {
			place--;
			if (!found && s[i] != '0') {
				p = place;
				found = true;
			}
		}
	if (!found)
		return false; /* zero, written as zero */
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			neg = s[i++] == '-';
		for (; i < n && is_digit(s[i]); i++)
			if (e < 100000)
				e = e * 10 + (s[i] - '0');
		if (neg)
			e = -e;
	}
	if (p + e < -324)
		return true;
	if (p + e > -324)
		return false;
	{
		/* no setlocale() anywhere: strtod reads '.' */
		char buf[512];
		if (n >= sizeof(buf))
			return false;
		memcpy(buf, s, n);
		buf[n] = '\0';
		return strtod(buf, NULL) == 0.0;
	}
}

static int
scan_number(struct vstate *v)
{
	size_t start = v->i;
	bool fancy = false; /* a fraction or an exponent */

	if (v->s[v->i] == '-')
		v->i++;
	if (v->i >= v->n || !is_digit(v->s[v->i]))
		return fail(v, start, "bad number");
	if (v->s[v->i] == '0') {
		v->i++;
		if (v->i < v->n && is_digit(v->s[v->i]))
			return fail(v, start,
			    "bad number (leading zeros are not allowed)");
	} else {
		while (v->i < v->n && is_digit(v->s[v->i]))
			v->i++;
	}
	if (v->i < v->n && v->s[v->i] == '.') {
		fancy = true;
		v->i++;
		if (v->i >= v->n || !is_digit(v->s[v->i]))
			return fail(v, start, "bad number");
		while (v->i < v->n && is_digit(v->s[v->i]))
			v->i++;
	}
	if (v->i < v->n && (v->s[v->i] == 'e' || v->s[v->i] == 'E')) {
		fancy = true;
		v->i++;
		if (v->i < v->n && (v->s[v->i] == '+' || v->s[v->i] == '-'))
			v->i++;
		if (v->i >= v->n || !is_digit(v->s[v->i]))
			return fail(v, start, "bad number");
		while (v->i < v->n && is_digit(v->s[v->i]))
			v->i++;
	}
	/*
	 * RFC 8259 lets a parser limit the range of numbers.  One so small
	 * that it reads as 0 (1e-999) would pass for the integer 0 later,
	 * so it is refused here.  Plain integers need no check.
	 */
	if (fancy && vs_num_underflows(v->s + start, v->i - start))
		return fail(v, start,
		    "number %.*s is too small to represent (it would read as "
		    "0)",
		    (int)(v->i - start > 40 ? 40 : v->i - start), v->s + start);
	return 0;
}

static int
scan_literal(struct vstate *v)
{
	static const char *const lits[] = {"true", "false", "null"};
	size_t k;

	for (k = 0; k < 3; k++) {
		size_t l = strlen(lits[k]);
		if (v->n - v->i >= l && memcmp(v->s + v->i, lits[k], l) == 0) {
			v->i += l;
			return 0;
		}
	}
	return -1;
}

static void
skip_ws(struct vstate *v)
{
	while (v->i < v->n && is_ws(v->s[v->i]))
		v->i++;
}

/* Scan one scalar at v->i, or report what was found instead. */
static int
scan_scalar(struct vstate *v, const char *what)
{
	char c = v->s[v->i], d[32];

	if (c == '"')
		return scan_string(v);
	if (c == '-' || is_digit(c))
		return scan_number(v);
	if (scan_literal(v) == 0)
		return 0;
	describe(v, d, sizeof(d));
	if ((unsigned char)c >= 0x80 &&
	    utf8_len((const unsigned char *)v->s + v->i, v->n - v->i) == 0)
		return fail(v, v->i, "invalid UTF-8 byte 0x%02x",
		    (unsigned char)c);
	return fail(v, v->i, "expected %s, got %s", what, d);
}

int
vs_json_validate(const char *text, size_t len, struct vs_jpos *at, char *msg,
    size_t msglen)
{
	struct vstate v;
	char stack[VS_JSON_MAX_DEPTH + 1];
	unsigned depth = 0;
	char d[32];
	/* what the parser expects next */
	enum { VALUE, AFTER_VALUE, KEY_OR_END, KEY, COLON, VALUE_OR_END } st;

	v.s = text;
	v.n = len;
	v.i = 0;
	v.msg = msg;
	v.msglen = msglen;
	v.err_off = 0;
	/* a UTF-8 byte order mark is not JSON, but say so plainly */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		fail(&v, 0, "file starts with a UTF-8 byte order mark");
		goto out;
	}
	skip_ws(&v);
	if (v.i >= v.n) {
		fail(&v, v.i,
		    len == 0 ? "empty file" : "no JSON value (blank file)");
		goto out;
	}
	st = VALUE;
	for (;;) {
		skip_ws(&v);
		if (st == AFTER_VALUE) {
			if (depth == 0) {
				if (v.i < v.n) {
					describe(&v, d, sizeof(d));
					fail(&v, v.i,
					    "unexpected %s after the JSON "
					    "value",
					    d);
					goto out;
				}
				return 0;
			}
			if (v.i >= v.n) {
				unsigned k, no = 0, na = 0;
				for (k = 0; k < depth; k++) {
					if (stack[k] == '{')
						no++;
					else
						na++;
				}
				if (no && na)
					fail(&v, v.i,
					    "unexpected end of input (%u "
					    "object%s and %u array%s not "
					    "closed)",
					    no, no == 1 ? "" : "s", na,
					    na == 1 ? "" : "s");
				else
					fail(&v, v.i,
					    "unexpected end of input (%u "
					    "%s%s not closed)",
					    depth, no ? "object" : "array",
					    depth == 1 ? "" : "s");
				goto out;
			}
			if (v.s[v.i] == ',') {
				v.i++;
				st = stack[depth - 1] == '{' ? KEY : VALUE;
				continue;
			}
			if ((v.s[v.i] == '}' && stack[depth - 1] == '{') ||
			    (v.s[v.i] == ']' && stack[depth - 1] == '[')) {
				v.i++;
				depth--;
				st = AFTER_VALUE;
				continue;
			}
			describe(&v, d, sizeof(d));
			if (stack[depth - 1] == '{')
				fail(&v, v.i,
				    "expected ',' or '}' after an object "
				    "member, got %s",
				    d);
			else
				fail(&v, v.i,
				    "expected ',' or ']' after an array "
				    "element, got %s",
				    d);
			goto out;
		}
		if (v.i >= v.n) {
			fail(&v, v.i, "unexpected end of input");
			goto out;
		}
		if (st == KEY_OR_END || st == KEY) {
			if (st == KEY_OR_END && v.s[v.i] == '}') {
				v.i++;
				depth--;
				st = AFTER_VALUE;
				continue;
			}
			if (v.s[v.i] != '"') {
				describe(&v, d, sizeof(d));
				fail(&v, v.i, "expected a string key%s, got %s",
				    st == KEY_OR_END ? " or '}'" : "", d);
				goto out;
			}
			if (scan_string(&v) != 0)
				goto out;
			st = COLON;
			continue;
		}
		if (st == COLON) {
			if (v.s[v.i] != ':') {
				describe(&v, d, sizeof(d));
				fail(&v, v.i,
				    "expected ':' after a key, got %s", d);
				goto out;
			}
			v.i++;
			st = VALUE;
			continue;
		}
		/* VALUE or VALUE_OR_END */
		if (st == VALUE_OR_END && v.s[v.i] == ']') {
			v.i++;
			depth--;
			st = AFTER_VALUE;
			continue;
		}
		if (v.s[v.i] == '{' || v.s[v.i] == '[') {
			if (depth >= VS_JSON_MAX_DEPTH) {
				fail(&v, v.i, "nesting deeper than %d levels",
				    VS_JSON_MAX_DEPTH);
				goto out;
			}
			stack[depth++] = v.s[v.i];
			st = v.s[v.i] == '{' ? KEY_OR_END : VALUE_OR_END;
			v.i++;
			continue;
		}
		if (scan_scalar(&v,
			st == VALUE_OR_END ? "a value or ']'" : "a value") != 0)
			goto out;
		st = AFTER_VALUE;
	}
out:
	vs_json_linecol(text, len, v.err_off, at);
	at->len = 0;
	return -1;
}

/* ---- locating values ---- */

/* Skip one (valid) value starting at *i (after whitespace). */
static void
skip_value(const char *s, size_t n, size_t *i)
{
	size_t depth = 0;

	do {
		char c;
		while (*i < n && is_ws(s[*i]))
			(*i)++;
		if (*i >= n)
			return;
		c = s[*i];
		if (c == '"') {
			(*i)++;
			while (*i < n && s[*i] != '"') {
				if (s[*i] == '\\')
					(*i)++;
				(*i)++;
			}
			(*i)++;
		} else if (c == '{' || c == '[') {
			depth++;
			(*i)++;
		} else if (c == '}' || c == ']') {
			depth--;
			(*i)++;
		} else if (c == ',' || c == ':') {
			(*i)++;
		} else {
			while (*i < n && !is_ws(s[*i]) && s[*i] != ',' &&
			       s[*i] != '}' && s[*i] != ']')
				(*i)++;
		}
	} while (depth > 0 && *i < n);
}

/* Compare the JSON string at s[*i] (quote included) with a pointer token
 * (~0 ~1 decoded, \-escapes of the JSON string decoded for ASCII). */
static bool
key_eq(const char *s, size_t n, size_t i, const char *tok, size_t toklen)
{
	size_t t = 0;

	i++;
	while (i < n && s[i] != '"') {
		char c = s[i], want;
		if (c == '\\') {
			i++;
			if (i >= n)
				return false;
			switch (s[i]) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'u': {
				/* decode to UTF-8 and compare those bytes */
				struct vstate vv = {s, n, 0, NULL, 0, 0};
				long cp = hex4(&vv, i + 1);
				unsigned char u[4];
				size_t ul, q;
				if (cp < 0)
					return false;
				i += 4;
				if (cp >= 0xd800 && cp <= 0xdbff && i + 6 < n &&
				    s[i + 1] == '\\' && s[i + 2] == 'u') {
					long lo = hex4(&vv, i + 3);
					if (lo >= 0xdc00 && lo <= 0xdfff) {
						cp = 0x10000 +
						     ((cp - 0xd800) << 10) +
						     (lo - 0xdc00);
						i += 6;
					}
				}
				if (cp < 0x80) {
					u[0] = (unsigned char)cp;
					ul = 1;
				} else if (cp < 0x800) {
					u[0] =
					    (unsigned char)(0xc0 | (cp >> 6));
					u[1] =
					    (unsigned char)(0x80 | (cp & 63));
					ul = 2;
				} else if (cp < 0x10000) {
					u[0] =
					    (unsigned char)(0xe0 | (cp >> 12));
					u[1] =
					    (unsigned char)(0x80 |
							    ((cp >> 6) & 63));
					u[2] =
					    (unsigned char)(0x80 | (cp & 63));
					ul = 3;
				} else {
					u[0] =
					    (unsigned char)(0xf0 | (cp >> 18));
					u[1] =
					    (unsigned char)(0x80 |
							    ((cp >> 12) & 63));
					u[2] =
					    (unsigned char)(0x80 |
							    ((cp >> 6) & 63));
					u[3] =
					    (unsigned char)(0x80 | (cp & 63));
					ul = 4;
				}
				for (q = 0; q < ul; q++) {
					if (t >= toklen ||
					    (unsigned char)tok[t] != u[q])
						return false;
					t++;
				}
				i++;
				continue;
			}
			default:
				c = s[i];
			}
		}
		if (t >= toklen)
			return false;
		want = tok[t];
		if (want == '~' && t + 1 < toklen) {
			want = tok[t + 1] == '1' ? '/' : '~';
			t++;
		}
		if (c != want)
			return false;
		t++;
		i++;
	}
	return t == toklen;
}

/* vs_json_locate(); *key_at (when not NULL) gets the offset of the key
 * naming the last member found in an object, or SIZE_MAX. */
static int
locate(const char *text, size_t len, const char *path, struct vs_jpos *out,
    size_t *key_at)
{
	size_t i = 0, vstart;
	const char *p = path;

	while (i < len && is_ws(text[i]))
		i++;
	vstart = i;
	while (*p == '/') {
		const char *tok = p + 1;
		const char *end = strchr(tok, '/');
		size_t toklen = end ? (size_t)(end - tok) : strlen(tok);
		bool found = false;

		p = tok + toklen;
		if (i >= len)
			break;
		if (text[i] == '{') {
			i++;
			for (;;) {
				size_t kstart;
				while (i < len &&
				       (is_ws(text[i]) || text[i] == ','))
					i++;
				if (i >= len || text[i] != '"')
					break;
				kstart = i;
				skip_value(text, len, &i); /* the key */
				while (i < len &&
				       (is_ws(text[i]) || text[i] == ':'))
					i++;
				if (key_eq(text, len, kstart, tok, toklen)) {
					found = true;
					if (key_at != NULL)
						*key_at = kstart;
					break;
				}
				skip_value(text, len, &i);
			}
		} else if (text[i] == '[') {
			long want = 0, k;
			size_t t;
			bool num = toklen > 0 && !(toklen > 1 && tok[0] == '0');
			for (t = 0; t < toklen && num; t++) {
				if (tok[t] < '0' || tok[t] > '9' ||
				    want > 100000000)
					num = false;
				else
					want = want * 10 + (tok[t] - '0');
			}
			if (!num) {
				vs_json_linecol(text, len, vstart, out);
				out->len = 0;
				return -1;
			}
			i++;
			for (k = 0;; k++) {
				while (i < len &&
				       (is_ws(text[i]) || text[i] == ','))
					i++;
				if (i >= len || text[i] == ']')
					break;
				if (k == want) {
					found = true;
					if (key_at != NULL)
						*key_at = SIZE_MAX;
					break;
				}
				skip_value(text, len, &i);
			}
		}
		if (!found) {
			vs_json_linecol(text, len, vstart, out);
			out->len = 0;
			return -1;
		}
		vstart = i;
	}
	vs_json_linecol(text, len, vstart, out);
	i = vstart;
	skip_value(text, len, &i);
	out->len = i > vstart ? i - vstart : 0;
	return 0;
}

int
vs_json_locate(const char *text, size_t len, const char *path,
    struct vs_jpos *out)
{
	return locate(text, len, path, out, NULL);
}

int
vs_src_locate(const struct vs_src *src, const struct cJSON *node,
    const char *path, struct vs_jpos *out)
{
	uintptr_t v;

	memset(out, 0, sizeof(*out));
	if (src == NULL)
		return -1;
	if (src->text != NULL)
		return vs_json_locate(src->text, src->len, path ? path : "",
			   out) == 0
			   ? 0
			   : (out->line ? 0 : -1);
	if (src->marks != NULL && node != NULL &&
	    vs_lmap_get(src->marks, (uint64_t)(uintptr_t)node, &v)) {
		out->line = (unsigned)(v >> 32);
		out->col = (unsigned)(v & 0xffffffffu);
		return 0;
	}
	return -1;
}

int
vs_src_locate_key(const struct vs_src *src, const struct cJSON *node,
    const char *path, struct vs_jpos *out)
{
	uintptr_t v;
	size_t key_at = SIZE_MAX;

	memset(out, 0, sizeof(*out));
	if (src == NULL)
		return -1;
	if (src->text != NULL) {
		if (locate(src->text, src->len, path ? path : "", out,
			&key_at) != 0)
			return out->line ? 0 : -1;
		if (key_at != SIZE_MAX) {
			size_t i = key_at;
			vs_json_linecol(src->text, src->len, key_at, out);
			skip_value(src->text, src->len, &i);
			out->len = i - key_at;
		}
		return 0;
	}
	if (src->marks != NULL && node != NULL &&
	    vs_lmap_get(src->marks, VS_KEY_MARK(node), &v)) {
		out->line = (unsigned)(v >> 32);
		out->col = (unsigned)(v & 0xffffffffu);
		return 0;
	}
	return vs_src_locate(src, node, path, out);
}
