/*
 * fuzz_yaml.c - libFuzzer target for the YAML front end (model/yaml.h).
 *
 * Besides the sanitizers, each input checks the contract of vs_yaml_parse():
 * a NULL result comes with exactly one error and leaves no positions behind;
 * a tree comes with no diagnostic, a position for each of its nodes and for
 * the key of each mapping member (and no other), no position past the
 * input's last line, at most VS_YAML_MAX_DEPTH levels and
 * VS_YAML_MAX_NODES nodes; and parsing again without a marks map gives the
 * same tree.
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "jsonpos.h"
#include "judy.h"
#include "yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct walk {
	const struct vs_lmap *m;
	uint64_t max_line;
	size_t nodes, marks;
	int max_depth;
};

static void
walk(struct walk *w, const cJSON *n, int depth)
{
	const cJSON *c;
	uintptr_t pos;
	uint64_t line, col;

	w->nodes++;
	if (depth > w->max_depth)
		w->max_depth = depth;
	if (!vs_lmap_get(w->m, (uint64_t)(uintptr_t)n, &pos))
		abort();
	line = (uint64_t)pos >> 32;
	col = (uint64_t)pos & 0xffffffffu;
	if (line < 1 || col < 1 || line > w->max_line)
		abort();
	w->marks++;
	if (cJSON_IsObject(n) || cJSON_IsArray(n)) {
		for (c = n->child; c != NULL; c = c->next) {
			if (cJSON_IsObject(n)) {
				uintptr_t kp, vp;
				if (c->string == NULL ||
				    !vs_lmap_get(w->m, VS_KEY_MARK(c), &kp) ||
				    !vs_lmap_get(w->m, (uint64_t)(uintptr_t)c,
					&vp))
					abort();
				/* a key is written before its value (alias
				 * copies keep both of the original's) */
				if ((uint64_t)kp >> 32 < 1 ||
				    (kp & 0xffffffffu) < 1 || kp > vp)
					abort();
				w->marks++;
			}
			walk(w, c, depth + 1);
		}
	}
}

/* Structural equality; unlike cJSON_Compare, infinities compare equal. */
static int
same(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;

	if ((a->type & 0xff) != (b->type & 0xff))
		return 0;
	if (cJSON_IsNumber(a))
		return a->valuedouble == b->valuedouble ||
		       (a->valuedouble != a->valuedouble &&
			   b->valuedouble != b->valuedouble);
	if (cJSON_IsString(a))
		return strcmp(a->valuestring, b->valuestring) == 0;
	for (x = a->child, y = b->child; x != NULL && y != NULL;
	     x = x->next, y = y->next) {
		if ((x->string == NULL) != (y->string == NULL))
			return 0;
		if (x->string != NULL && strcmp(x->string, y->string) != 0)
			return 0;
		if (!same(x, y))
			return 0;
	}
	return x == NULL && y == NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vs_diags *d = vs_diags_new();
	struct vs_lmap m = {NULL};
	struct walk w;
	cJSON *j, *again;
	size_t i;

	j = vs_yaml_parse((const char *)data, size, "fuzz.yaml", &m, d);
	if (j == NULL) {
		if (vs_diags_errors(d) != 1 || vs_diags_count(d) != 1 ||
		    vs_lmap_count(&m) != 0)
			abort();
		vs_diags_free(&d);
		return 0;
	}
	if (vs_diags_count(d) != 0)
		abort();
	/* Every byte that may end a line counts, so this bounds libyaml's. */
	memset(&w, 0, sizeof(w));
	w.m = &m;
	w.max_line = 1;
	for (i = 0; i < size; i++)
		if (data[i] == '\n' || data[i] == '\r' || data[i] == 0x85 ||
		    data[i] == 0xa8 || data[i] == 0xa9)
			w.max_line++;
	walk(&w, j, 0);
	if (w.marks != vs_lmap_count(&m) || w.nodes > VS_YAML_MAX_NODES ||
	    w.max_depth > VS_YAML_MAX_DEPTH)
		abort();
	again = vs_yaml_parse((const char *)data, size, NULL, NULL, d);
	if (again == NULL || !same(j, again) || vs_diags_count(d) != 0)
		abort();
	cJSON_Delete(again);
	cJSON_Delete(j);
	vs_lmap_free(&m);
	vs_diags_free(&d);
	return 0;
}
