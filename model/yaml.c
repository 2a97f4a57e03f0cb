/*
 * yaml.c - YAML front end (see yaml.h).
 *
 * DOC: the text is read with libyaml's event parser, which is iterative, and
 * the cJSON tree is built with an explicit stack of open collections, so no
 * input can make this module recurse deeper than VS_YAML_MAX_DEPTH.
 *
 * Building.  Every node is attached to its parent as soon as it is created,
 * so the root owns everything built so far and one cJSON_Delete() undoes
 * it.  A frame on the stack is an open sequence or mapping; a mapping frame
 * holds the key read last until its value arrives.  Keys are not nodes:
 * they are scalars whose raw text becomes the cJSON member name.
 *
 * Duplicate keys.  One JudyHS map for the whole document, keyed by the
 * mapping's serial number followed by the key bytes, gives the 1-based line
 * of the first occurrence.  It is freed when the parse ends.
 *
 * Anchors.  An anchor record holds the anchored node, its raw text when it
 * is a scalar (for an alias used as a key), the number of nodes it spans and
 * its height (collection levels: 0 for a scalar).  A JudySL map sends each
 * name to its newest record, in text order; a record is "open" while its
 * collection is being read, and an alias to an open record is a recursive
 * alias, which is an error.  An alias is expanded by copying the anchored
 * subtree after checking that the copies made for aliases stay within
 * VS_YAML_MAX_ALIAS_NODES nodes in all (so a small file cannot cost much
 * time or memory), and that the copy keeps the document within
 * VS_YAML_MAX_NODES nodes and VS_YAML_MAX_DEPTH levels, so the finished tree
 * obeys both limits whatever the aliases do; copying recurses at most
 * VS_YAML_MAX_DEPTH deep.  A key with an anchor gets a detached node, owned
 * by its record, so that a later alias to it can be copied.
 *
 * Positions.  When the caller passes a marks map, every node of the tree
 * is recorded with the libyaml start mark of the event that made it (the
 * anchor or tag when the node has one).  The root of an alias copy takes
 * the alias's position and the nodes below it the positions of the nodes
 * they copy, that is where their text is written.  A mapping member's key
 * position is kept beside it under VS_KEY_MARK(node), so that a message
 * about the key itself ("unknown key") points at the key even when the
 * value is on a later line.  The null returned for an
 * empty stream is at 1:1.  Columns count characters, as libyaml does.  A
 * position past the end of the text (libyaml's end of stream when the last
 * line has no line break, where an empty value may sit) becomes the
 * position just after the last character.  On failure every entry this call
 * added is deleted again before the nodes are freed.
 *
 * Numbers are converted with strtod() after putting the current locale's
 * decimal point in place of '.', so the result does not depend on
 * LC_NUMERIC.
 */
#include "yaml.h"

#include <cjson/cJSON.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h> /* libyaml; our own header is "yaml.h" (-iquote) */

#include "diag.h"
#include "jsonpos.h"
#include "judy.h"
#include "mem.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

/* What a scalar resolves to. */
enum kind { K_STRING, K_NUMBER, K_TRUE, K_FALSE, K_NULL };

struct anchor {
	cJSON *node;  /* the anchored node; NULL while open */
	cJSON *owned; /* detached node of an anchored key, freed at the end */
	char *raw;    /* raw text when the node is a scalar */
	size_t size;  /* nodes in the subtree */
	unsigned height;
	bool open;
};

struct frame {
	cJSON *node;
	size_t anchor;    /* record index + 1, or 0 */
	size_t nodes0;    /* node count before this collection */
	unsigned height;  /* greatest child height so far */
	uint64_t serial;  /* mapping serial, for duplicate keys */
	char *key;        /* pending key of a mapping, or NULL */
	uint64_t key_pos; /* where that key is written */
};

struct ctx {
	const char *text;
	size_t len;
	const char *file;
	struct vs_lmap *marks;
	struct vs_diags *d;

	cJSON *root;
	size_t nodes;
	size_t alias_nodes; /* of those, made by copying for aliases */

	struct frame *st;
	size_t depth, st_cap;

	struct anchor *an;
	size_t n_an, an_cap;
	struct vs_smap an_names;

	struct vs_hmap keys;
	uint64_t serial;
	unsigned char *kbuf;
	size_t kbuf_cap;

	unsigned end_line, end_col; /* just past the text; 0 until needed */
	bool failed;
};

static void fail(struct ctx *c, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static unsigned
clamp_u32(size_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (unsigned)v;
}

static void
failat(struct ctx *c, unsigned line, unsigned col, const char *msg)
{
	if (c->failed)
		return;
	c->failed = true;
	if (c->d != NULL)
		vs_diag_add(c->d, VS_SEV_ERR, c->file, line, col, NULL, "%s",
		    msg);
}

/*
 * Line and column of byte offset off, counted as libyaml counts: lines end
 * at LF, CR LF, CR, NEL, LS and PS; columns count characters; a leading
 * byte order mark takes no column.
 */
static void
offset_pos(const struct ctx *c, size_t off, unsigned *line, unsigned *col)
{
	size_t i = 0, l = 1, k = 1;
	const unsigned char *s = (const unsigned char *)c->text;

	if (off > c->len)
		off = c->len;
	if (off >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < off; i++) {
		bool brk =
		    s[i] == '\n' ||
		    (s[i] == '\r' && (i + 1 >= c->len || s[i + 1] != '\n')) ||
		    (s[i] == 0x85 && i > 0 && s[i - 1] == 0xc2) ||
		    ((s[i] == 0xa8 || s[i] == 0xa9) && i > 1 &&
			s[i - 1] == 0x80 && s[i - 2] == 0xe2);
		if (brk) {
			l++;
			k = 1;
		} else if ((s[i] & 0xc0) != 0x80) {
			k++;
		}
	}
	*line = clamp_u32(l);
	*col = clamp_u32(k);
}

/*
 * A libyaml mark as 1-based line and column.  When the text does not end
 * with a line break libyaml puts the end of the stream at the start of a
 * line that does not exist; such positions become the end of the text.
 */
static void
mark_pos(struct ctx *c, yaml_mark_t m, unsigned *line, unsigned *col)
{
	*line = clamp_u32(m.line + 1);
	*col = clamp_u32(m.column + 1);
	if (c->end_line == 0)
		offset_pos(c, c->len, &c->end_line, &c->end_col);
	if (*line > c->end_line ||
	    (*line == c->end_line && *col > c->end_col)) {
		*line = c->end_line;
		*col = c->end_col;
	}
}

static void
fail(struct ctx *c, yaml_mark_t m, const char *fmt, ...)
{
	char buf[512];
	unsigned line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	mark_pos(c, m, &line, &col);
	failat(c, line, col, buf);
}

/*
 * Quote arbitrary bytes for a message: at most about 60 bytes, with '"',
 * '\' and control bytes escaped and "..." when cut.  Returns out.
 */
static const char *
printable(const char *s, char *out, size_t outsz)
{
	size_t i, o = 0;
	const size_t limit = 60;

	for (i = 0; s[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (o + 8 >= outsz || i >= limit) {
			/* Do not split a UTF-8 sequence. */
			while (
			    o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0x80)
				o--;
			if (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0xc0)
				o--;
			memcpy(out + o, "...", 4);
			return out;
		}
		if (ch == '"' || ch == '\\') {
			out[o++] = '\\';
			out[o++] = (char)ch;
		} else if (ch < 0x20 || ch == 0x7f) {
			o +=
			    (size_t)snprintf(out + o, outsz - o, "\\x%02x", ch);
		} else {
			out[o++] = (char)ch;
		}
	}
	out[o] = '\0';
	return out;
}

/* A tag as the user wrote it, shortened for the standard ones. */
static const char *
tag_text(const char *tag, char *out, size_t outsz)
{
	char tmp[200];

	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) == 0)
		snprintf(out, outsz, "!!%s",
		    printable(tag + strlen(TAG_PREFIX), tmp, sizeof(tmp)));
	else if (tag[0] == '!')
		snprintf(out, outsz, "%s", printable(tag, tmp, sizeof(tmp)));
	else
		snprintf(out, outsz, "!<%s>", printable(tag, tmp, sizeof(tmp)));
	return out;
}

static bool
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* The JSON number grammar over s[0..n); integral requires no '.' or 'e'. */
static bool
json_number(const char *s, size_t n, bool integral)
{
	size_t i = 0;

	if (i < n && s[i] == '-')
		i++;
	if (i >= n || !is_digit(s[i]))
		return false;
	if (s[i] == '0')
		i++;
	else
		while (i < n && is_digit(s[i]))
			i++;
	if (i < n && s[i] == '.') {
		if (integral)
			return false;
		i++;
		if (i >= n || !is_digit(s[i]))
			return false;
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		if (integral)
			return false;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || !is_digit(s[i]))
			return false;
		while (i < n && is_digit(s[i]))
			i++;
	}
	return i == n;
}

/* strtod of a string already known to match the JSON number grammar. */
static double
to_double(const char *s, size_t n)
{
	const struct lconv *lc = localeconv();
	char dp = lc->decimal_point != NULL && lc->decimal_point[0] != '\0'
		      ? lc->decimal_point[0]
		      : '.';
	char small[64], *buf = n < sizeof(small) ? small : vs_xmalloc(n + 1);
	double v;
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = s[i] == '.' ? dp : s[i];
	buf[n] = '\0';
	v = strtod(buf, NULL);
	if (buf != small)
		free(buf);
	return v;
}

/* ASCII case-insensitive comparison with a lower-case word. */
static bool
word_ci(const char *s, size_t n, const char *lower)
{
	size_t i;

	if (n != strlen(lower))
		return false;
	for (i = 0; i < n; i++) {
		char ch = s[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (ch != lower[i])
			return false;
	}
	return true;
}

static bool
null_word(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '~') ||
	       (n == 4 &&
		   (memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
		       memcmp(s, "NULL", 4) == 0));
}

/*
 * Decide what a scalar event means.  Returns false (after reporting) when
 * its tag is unsupported or contradicts its value.
 */
static bool
classify(struct ctx *c, const yaml_event_t *ev, enum kind *k, double *num)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	const char *t;
	char tt[256], sv[200];

	if (memchr(s, '\0', n) != NULL) {
		fail(c, ev->start_mark,
		    "scalar contains a NUL character, which is not supported");
		return false;
	}
	*k = K_STRING;
	if (tag == NULL) {
		if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			return true;
		if (json_number(s, n, false)) {
			if (vs_num_underflows(s, n))
				goto tiny;
			*k = K_NUMBER;
			*num = to_double(s, n);
		} else if (word_ci(s, n, "true")) {
			*k = K_TRUE;
		} else if (word_ci(s, n, "false")) {
			*k = K_FALSE;
		} else if (null_word(s, n)) {
			*k = K_NULL;
		}
		return true;
	}
	if (strcmp(tag, "!") == 0)
		return true;
	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) != 0) {
		fail(c, ev->start_mark, "unsupported tag %s",
		    tag_text(tag, tt, sizeof(tt)));
		return false;
	}
	t = tag + strlen(TAG_PREFIX);
	if (strcmp(t, "str") == 0 || strcmp(t, "binary") == 0 ||
	    strcmp(t, "timestamp") == 0)
		return true;
	if (strcmp(t, "int") == 0 || strcmp(t, "float") == 0) {
		if (!json_number(s, n, t[0] == 'i')) {
			fail(c, ev->start_mark, "\"%s\" is not a valid !!%s",
			    printable(s, sv, sizeof(sv)), t);
			return false;
		}
		if (vs_num_underflows(s, n))
			goto tiny;
		*k = K_NUMBER;
		*num = to_double(s, n);
		return true;
	}
	if (strcmp(t, "bool") == 0) {
		if (word_ci(s, n, "true"))
			*k = K_TRUE;
		else if (word_ci(s, n, "false"))
			*k = K_FALSE;
		else {
			fail(c, ev->start_mark, "\"%s\" is not a valid !!bool",
			    printable(s, sv, sizeof(sv)));
			return false;
		}
		return true;
	}
	if (strcmp(t, "null") == 0) {
		if (!null_word(s, n)) {
			fail(c, ev->start_mark, "\"%s\" is not a valid !!null",
			    printable(s, sv, sizeof(sv)));
			return false;
		}
		*k = K_NULL;
		return true;
	}
	if (strcmp(t, "map") == 0 || strcmp(t, "seq") == 0) {
		fail(c, ev->start_mark, "tag %s does not apply to a scalar",
		    tag_text(tag, tt, sizeof(tt)));
		return false;
	}
	fail(c, ev->start_mark, "unsupported tag %s",
	    tag_text(tag, tt, sizeof(tt)));
	return false;
tiny:
	fail(c, ev->start_mark,
	    "number %s is too small to represent (it would read as 0)",
	    printable(s, sv, sizeof(sv)));
	return false;
}

static cJSON *
check_node(cJSON *n)
{
	if (n == NULL)
		vs_oom(0);
	return n;
}

static cJSON *
make_scalar(enum kind k, double num, const char *s)
{
	switch (k) {
	case K_NUMBER:
		return check_node(cJSON_CreateNumber(num));
	case K_TRUE:
		return check_node(cJSON_CreateTrue());
	case K_FALSE:
		return check_node(cJSON_CreateFalse());
	case K_NULL:
		return check_node(cJSON_CreateNull());
	case K_STRING:
		break;
	}
	return check_node(cJSON_CreateString(s));
}

static uint64_t
pos_of(struct ctx *c, yaml_mark_t m)
{
	unsigned line, col;

	mark_pos(c, m, &line, &col);
	return (uint64_t)line << 32 | col;
}

static void
set_mark(struct ctx *c, const cJSON *n, uint64_t pos)
{
	if (c->marks != NULL)
		*vs_lmap_slot(c->marks, (uint64_t)(uintptr_t)n) =
		    (uintptr_t)pos;
}

/* The position of the key of mapping member n (see VS_KEY_MARK). */
static void
set_key_mark(struct ctx *c, const cJSON *n, uint64_t pos)
{
	if (c->marks != NULL)
		*vs_lmap_slot(c->marks, VS_KEY_MARK(n)) = (uintptr_t)pos;
}

/* Attach a new node to the open collection (or make it the root). */
static void
attach(struct ctx *c, cJSON *n)
{
	struct frame *f;

	if (c->depth == 0) {
		c->root = n;
		return;
	}
	f = &c->st[c->depth - 1];
	if (cJSON_IsArray(f->node)) {
		if (!cJSON_AddItemToArray(f->node, n))
			vs_oom(0);
		return;
	}
	if (!cJSON_AddItemToObject(f->node, f->key, n))
		vs_oom(0);
	set_key_mark(c, n, f->key_pos);
	free(f->key);
	f->key = NULL;
}

/* The open mapping whose key comes next, or NULL. */
static struct frame *
key_wanted(struct ctx *c)
{
	struct frame *f;

	if (c->depth == 0)
		return NULL;
	f = &c->st[c->depth - 1];
	return cJSON_IsObject(f->node) && f->key == NULL ? f : NULL;
}

static void
note_height(struct ctx *c, unsigned h)
{
	if (c->depth > 0 && c->st[c->depth - 1].height < h)
		c->st[c->depth - 1].height = h;
}

/* Start a record for a new anchor; returns its index + 1. */
static size_t
new_anchor(struct ctx *c, const char *name)
{
	struct anchor *a;

	c->an = vs_xgrow(c->an, sizeof(*c->an), &c->an_cap, c->n_an + 1);
	a = &c->an[c->n_an++];
	memset(a, 0, sizeof(*a));
	a->open = true;
	*vs_smap_slot(&c->an_names, name) = c->n_an;
	return c->n_an;
}

static bool
count_node(struct ctx *c, yaml_mark_t m)
{
	if (c->nodes >= VS_YAML_MAX_NODES) {
		fail(c, m, "document has more than %d nodes",
		    VS_YAML_MAX_NODES);
		return false;
	}
	c->nodes++;
	return true;
}

/*
 * Record key as the pending key of mapping f, refusing a duplicate.
 * Takes ownership of nothing; copies key.
 */
static bool
take_key(struct ctx *c, struct frame *f, const char *key, size_t n,
    yaml_mark_t m)
{
	uintptr_t *slot;
	size_t need = sizeof(f->serial) + n;
	unsigned line, col;
	char kt[200];

	if (need > c->kbuf_cap) {
		c->kbuf_cap = need * 2;
		free(c->kbuf);
		c->kbuf = vs_xmalloc(c->kbuf_cap);
	}
	memcpy(c->kbuf, &f->serial, sizeof(f->serial));
	memcpy(c->kbuf + sizeof(f->serial), key, n);
	slot = vs_hmap_slot(&c->keys, c->kbuf, need);
	if (*slot != 0) {
		fail(c, m, "duplicate key \"%s\" (first at line %u)",
		    printable(key, kt, sizeof(kt)), (unsigned)*slot);
		return false;
	}
	mark_pos(c, m, &line, &col);
	*slot = line;
	f->key = vs_xstrndup(key, n);
	f->key_pos = (uint64_t)line << 32 | col;
	return true;
}

static bool
on_scalar(struct ctx *c, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	const char *anchor = (const char *)ev->data.scalar.anchor;
	struct frame *kf = key_wanted(c);
	struct anchor *a;
	enum kind k;
	double num = 0;
	cJSON *n;

	if (!classify(c, ev, &k, &num))
		return false;
	if (kf != NULL) {
		if (!take_key(c, kf, s, ev->data.scalar.length, ev->start_mark))
			return false;
		if (anchor != NULL) {
			size_t i = new_anchor(c, anchor) - 1;
			a = &c->an[i];
			a->owned = a->node = make_scalar(k, num, s);
			a->raw = vs_xstrdup(s);
			a->size = 1;
			a->open = false;
		}
		return true;
	}
	if (!count_node(c, ev->start_mark))
		return false;
	n = make_scalar(k, num, s);
	attach(c, n);
	set_mark(c, n, pos_of(c, ev->start_mark));
	if (anchor != NULL) {
		size_t i = new_anchor(c, anchor) - 1;
		a = &c->an[i];
		a->node = n;
		a->raw = vs_xstrdup(s);
		a->size = 1;
		a->open = false;
	}
	return true;
}

static bool
on_start(struct ctx *c, const yaml_event_t *ev, bool map)
{
	const char *tag, *anchor;
	char tt[256];
	struct frame *f;
	cJSON *n;

	if (map) {
		tag = (const char *)ev->data.mapping_start.tag;
		anchor = (const char *)ev->data.mapping_start.anchor;
	} else {
		tag = (const char *)ev->data.sequence_start.tag;
		anchor = (const char *)ev->data.sequence_start.anchor;
	}
	if (tag != NULL && strcmp(tag, "!") != 0 &&
	    strcmp(tag, map ? TAG_PREFIX "map" : TAG_PREFIX "seq") != 0) {
		if (strcmp(tag, TAG_PREFIX "map") == 0 ||
		    strcmp(tag, TAG_PREFIX "seq") == 0 ||
		    strcmp(tag, TAG_PREFIX "str") == 0 ||
		    strcmp(tag, TAG_PREFIX "int") == 0 ||
		    strcmp(tag, TAG_PREFIX "float") == 0 ||
		    strcmp(tag, TAG_PREFIX "bool") == 0 ||
		    strcmp(tag, TAG_PREFIX "null") == 0)
			fail(c, ev->start_mark, "tag %s does not apply to a %s",
			    tag_text(tag, tt, sizeof(tt)),
			    map ? "mapping" : "sequence");
		else
			fail(c, ev->start_mark, "unsupported tag %s",
			    tag_text(tag, tt, sizeof(tt)));
		return false;
	}
	if (key_wanted(c) != NULL) {
		fail(c, ev->start_mark, "mapping keys must be scalars");
		return false;
	}
	if (c->depth >= VS_YAML_MAX_DEPTH) {
		fail(c, ev->start_mark, "nesting deeper than %d levels",
		    VS_YAML_MAX_DEPTH);
		return false;
	}
	if (!count_node(c, ev->start_mark))
		return false;
	n = check_node(map ? cJSON_CreateObject() : cJSON_CreateArray());
	attach(c, n);
	set_mark(c, n, pos_of(c, ev->start_mark));
	c->st = vs_xgrow(c->st, sizeof(*c->st), &c->st_cap, c->depth + 1);
	f = &c->st[c->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->nodes0 = c->nodes - 1;
	f->serial = map ? ++c->serial : 0;
	if (anchor != NULL)
		f->anchor = new_anchor(c, anchor);
	return true;
}

static void
on_end(struct ctx *c)
{
	struct frame *f;
	unsigned h;

	/* libyaml balances start and end events; this guards the stack. */
	if (c->depth == 0 || c->st == NULL)
		return;
	f = &c->st[--c->depth];
	h = f->height + 1;

	free(f->key);
	f->key = NULL;
	if (f->anchor != 0) {
		struct anchor *a = &c->an[f->anchor - 1];
		a->node = f->node;
		a->size = c->nodes - f->nodes0;
		a->height = h;
		a->open = false;
	}
	note_height(c, h);
}

/* Deep copy of a finished subtree; positions follow the originals. */
static cJSON *
copy_tree(struct ctx *c, const cJSON *src)
{
	const cJSON *ch;
	cJSON *n, *cn;
	cJSON_bool added;
	uintptr_t pos;

	if (cJSON_IsArray(src) || cJSON_IsObject(src)) {
		n = check_node(cJSON_IsArray(src) ? cJSON_CreateArray()
						  : cJSON_CreateObject());
		for (ch = src->child; ch != NULL; ch = ch->next) {
			cn = copy_tree(c, ch);
			if (cJSON_IsArray(src))
				added = cJSON_AddItemToArray(n, cn);
			else
				added =
				    cJSON_AddItemToObject(n, ch->string, cn);
			if (!added)
				vs_oom(0);
			if (c->marks != NULL && cJSON_IsObject(src) &&
			    vs_lmap_get(c->marks, VS_KEY_MARK(ch), &pos))
				set_key_mark(c, cn, pos);
		}
	} else if (cJSON_IsNumber(src)) {
		n = check_node(cJSON_CreateNumber(src->valuedouble));
	} else if (cJSON_IsTrue(src)) {
		n = check_node(cJSON_CreateTrue());
	} else if (cJSON_IsFalse(src)) {
		n = check_node(cJSON_CreateFalse());
	} else if (cJSON_IsNull(src)) {
		n = check_node(cJSON_CreateNull());
	} else {
		n = check_node(cJSON_CreateString(src->valuestring));
	}
	if (c->marks != NULL &&
	    vs_lmap_get(c->marks, (uint64_t)(uintptr_t)src, &pos))
		set_mark(c, n, pos);
	return n;
}

static bool
on_alias(struct ctx *c, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct frame *kf = key_wanted(c);
	const struct anchor *a;
	uintptr_t idx;
	char at[200];
	cJSON *n;

	if (!vs_smap_get(&c->an_names, name, &idx) || c->an == NULL ||
	    idx == 0 || idx > c->n_an) {
		fail(c, ev->start_mark, "alias *%s refers to an unknown anchor",
		    printable(name, at, sizeof(at)));
		return false;
	}
	a = &c->an[idx - 1];
	if (a->open) {
		fail(c, ev->start_mark,
		    "alias *%s refers to the node that contains it",
		    printable(name, at, sizeof(at)));
		return false;
	}
	if (kf != NULL) {
		if (a->raw == NULL) {
			fail(c, ev->start_mark, "mapping keys must be scalars");
			return false;
		}
		return take_key(c, kf, a->raw, strlen(a->raw), ev->start_mark);
	}
	if (a->size > VS_YAML_MAX_ALIAS_NODES - c->alias_nodes) {
		fail(c, ev->start_mark, "aliases expand to more than %d nodes",
		    VS_YAML_MAX_ALIAS_NODES);
		return false;
	}
	if (a->size > VS_YAML_MAX_NODES - c->nodes) {
		fail(c, ev->start_mark,
		    "document too large after alias expansion");
		return false;
	}
	c->alias_nodes += a->size;
	if (a->height > VS_YAML_MAX_DEPTH - c->depth) {
		fail(c, ev->start_mark, "nesting deeper than %d levels",
		    VS_YAML_MAX_DEPTH);
		return false;
	}
	c->nodes += a->size;
	n = copy_tree(c, a->node);
	attach(c, n);
	set_mark(c, n, pos_of(c, ev->start_mark));
	note_height(c, a->height);
	return true;
}

static void
parser_error(struct ctx *c, const yaml_parser_t *p)
{
	char buf[512];
	unsigned line, col;
	const char *problem = p->problem != NULL ? p->problem : "syntax error";

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		vs_oom(0);
	case YAML_READER_ERROR:
		offset_pos(c, p->problem_offset, &line, &col);
		if (strstr(problem, "octet") != NULL && p->problem_value >= 0)
			snprintf(buf, sizeof(buf), "%s 0x%02X", problem,
			    (unsigned)p->problem_value);
		else if (p->problem_value >= 0)
			snprintf(buf, sizeof(buf), "%s (U+%04X)", problem,
			    (unsigned)p->problem_value);
		else
			snprintf(buf, sizeof(buf), "%s", problem);
		failat(c, line, col, buf);
		return;
	default:
		break;
	}
	if (p->context != NULL) {
		mark_pos(c, p->context_mark, &line, &col);
		snprintf(buf, sizeof(buf), "%s %s at line %u, column %u",
		    problem, p->context, line, col);
	} else {
		snprintf(buf, sizeof(buf), "%s", problem);
	}
	mark_pos(c, p->problem_mark, &line, &col);
	failat(c, line, col, buf);
}

/* Remove the marks of a subtree (depth is bounded by the limits). */
static void
unmark(struct ctx *c, const cJSON *n)
{
	const cJSON *ch;

	vs_lmap_del(c->marks, (uint64_t)(uintptr_t)n);
	vs_lmap_del(c->marks, VS_KEY_MARK(n));
	for (ch = n->child; ch != NULL; ch = ch->next)
		unmark(c, ch);
}

static void
cleanup(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->depth; i++)
		free(c->st[i].key);
	free(c->st);
	for (i = 0; i < c->n_an; i++) {
		cJSON_Delete(c->an[i].owned);
		free(c->an[i].raw);
	}
	free(c->an);
	vs_smap_free(&c->an_names);
	vs_hmap_free(&c->keys);
	free(c->kbuf);
}

/* Handle one event; false when the parse must stop with an error. */
static bool
on_event(struct ctx *c, const yaml_event_t *ev, int *docs, bool *done)
{
	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_NO_EVENT:
		return true;
	case YAML_STREAM_END_EVENT:
		*done = true;
		return true;
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1) {
			fail(c, ev->start_mark,
			    "only one YAML document is allowed per file");
			return false;
		}
		return true;
	case YAML_DOCUMENT_END_EVENT:
		return true;
	case YAML_SCALAR_EVENT:
		return on_scalar(c, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(c, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(c, ev, false);
	case YAML_MAPPING_START_EVENT:
		return on_start(c, ev, true);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		on_end(c);
		return true;
	}
	return true;
}

struct cJSON *
vs_yaml_parse(const char *text, size_t len, const char *file,
    struct vs_lmap *marks, struct vs_diags *d)
{
	struct ctx c;
	yaml_parser_t p;
	yaml_event_t ev;
	int docs = 0;
	bool done = false, ok = true;

	memset(&c, 0, sizeof(c));
	c.text = text != NULL ? text : "";
	c.len = text != NULL ? len : 0;
	c.file = file;
	c.marks = marks;
	c.d = d;
	if (!yaml_parser_initialize(&p))
		vs_oom(sizeof(p));
	yaml_parser_set_input_string(&p, (const unsigned char *)c.text, c.len);
	while (ok && !done) {
		if (!yaml_parser_parse(&p, &ev)) {
			parser_error(&c, &p);
			ok = false;
			break;
		}
		ok = on_event(&c, &ev, &docs, &done);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	cleanup(&c);
	if (!ok) {
		if (c.root != NULL) {
			if (marks != NULL)
				unmark(&c, c.root);
			cJSON_Delete(c.root);
		}
		return NULL;
	}
	if (c.root == NULL) {
		c.root = check_node(cJSON_CreateNull());
		if (marks != NULL)
			*vs_lmap_slot(marks, (uint64_t)(uintptr_t)c.root) =
			    (uintptr_t)((uint64_t)1 << 32 | 1);
	}
	return c.root;
}
