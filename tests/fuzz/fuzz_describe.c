/*
 * fuzz_describe.c - libFuzzer target for the describe-* JSON loader.
 *
 * One input is one snapshot file: its bytes go through vs_loader_text() on
 * a fresh topology and vs_loader_done(), as `vpcsim validate` does with
 * each file of a folder.  Besides the sanitizers, each input checks the
 * loader's promises (DESIGN.md section 5): a load fails exactly when an
 * error was reported, every error names the file, a line:column is inside
 * the text, and a failed load leaves nothing behind.  When the file loads,
 * the topology is used as a user would: `show` of everything and of a few
 * objects, and traces between its interfaces, instances and the internet,
 * rendered as text, JSON and dot; the JSON must parse, carry "schema": 1,
 * and a verdict must be consistent with its legs (an `unknown` names a
 * hop that could not decide, an `unreachable` a hop that stopped it).
 */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "eval.h"
#include "judy.h"
#include "load.h"
#include "render.h"
#include "show.h"
#include "topo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_NAME "fuzz.json"

static FILE *devnull;

/* Lines in the text, counting every byte that may end one. */
static unsigned
count_lines(const uint8_t *data, size_t size)
{
	unsigned lines = 1;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' || data[i] == '\r')
			lines++;
	return lines;
}

static void
check_diags(const struct vs_diags *d, unsigned lines)
{
	size_t i, n = vs_diags_count(d);

	for (i = 0; i < n; i++) {
		const struct vs_diag *g = vs_diags_get(d, i);
		CHECK(g->msg != NULL && g->msg[0] != '\0');
		if (g->sev != VS_SEV_ERR)
			continue;
		CHECK(g->file != NULL && strcmp(g->file, FILE_NAME) == 0);
		CHECK(g->line <= lines);
		if (g->line > 0)
			CHECK(g->col >= 1);
	}
}

/* A trace's verdict agrees with its legs. */
static void
check_trace(const struct vs_trace *tr)
{
	const struct vs_leg *leg;

	CHECK((unsigned)tr->verdict < VS_VERDICT__COUNT);
	CHECK(tr->fwd.walked);
	leg = tr->fwd.delivered ? &tr->ret : &tr->fwd;
	switch (tr->verdict) {
	case VS_REACHABLE:
		CHECK(tr->fwd.delivered);
		CHECK(!tr->ret.walked || tr->ret.delivered);
		break;
	case VS_UNKNOWN:
		CHECK(leg->walked && leg->blocked >= 0 &&
		      (uint32_t)leg->blocked < leg->n_hops);
		CHECK(leg->hops[leg->blocked].action == VS_A_UNKNOWN);
		break;
	case VS_UNREACHABLE:
		CHECK(leg->walked && leg->blocked >= 0 &&
		      (uint32_t)leg->blocked < leg->n_hops);
		CHECK(leg->hops[leg->blocked].reason != VS_R_NONE);
		break;
	case VS_PARTIAL:
		CHECK(tr->fwd.delivered && tr->ret.walked);
		CHECK(tr->ret.n_blocked_ports > 0);
		break;
	default:
		CHECK(0);
	}
}

/* The JSON rendering parses and carries "schema": 1. */
static void
check_json(const struct vs_trace *tr)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cJSON *j, *s;

	CHECK(f != NULL);
	vs_render_json(f, tr, false);
	CHECK(fclose(f) == 0);
	j = cJSON_ParseWithLength(buf, len);
	CHECK(j != NULL);
	s = cJSON_GetObjectItemCaseSensitive(j, "schema");
	CHECK(cJSON_IsNumber(s) && s->valuedouble == 1);
	CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "verdict")));
	cJSON_Delete(j);
	free(buf);
}

static void
trace(const struct vs_topo *t, struct vs_arena *a, const char *from,
    const char *to, int proto, int port)
{
	struct vs_arena_mark m = vs_arena_mark(a);
	struct vs_query q;
	struct vs_trace tr;
	char err[512];

	memset(&q, 0, sizeof(q));
	q.from = from;
	q.to = to;
	q.proto = proto;
	q.port = port;
	q.src_port = -1;
	q.icmp_type = q.icmp_code = -1;
	err[0] = '\0';
	if (vs_trace_run(t, &q, a, &tr, err, sizeof(err)) != 0) {
		CHECK(err[0] != '\0');
	} else {
		check_trace(&tr);
		vs_render_text(devnull, &tr);
		vs_render_dot(devnull, &tr);
		check_json(&tr);
	}
	vs_arena_reset(a, m);
}

/* Use a loaded topology as a user would. */
static void
exercise(const struct vs_topo *t)
{
	struct vs_arena *a = vs_arena_new();
	const char *ep[8];
	unsigned n = 0, i, j;
	uint32_t k;
	char err[256];

	CHECK(vs_show(devnull, t, NULL, false, err, sizeof(err)) == 0);
	CHECK(vs_show(devnull, t, NULL, true, err, sizeof(err)) == 0);
	for (k = 0; k < t->n[VS_K_SUBNET] && k < 2; k++)
		(void)vs_show(devnull, t, t->subnets[k].id, false, err,
		    sizeof(err));
	for (k = 0; k < t->n[VS_K_ENI] && n < 4; k++)
		if (t->enis[k].id != NULL)
			ep[n++] = t->enis[k].id;
	for (k = 0; k < t->n[VS_K_INSTANCE] && n < 5; k++)
		if (t->instances[k].id != NULL)
			ep[n++] = t->instances[k].id;
	ep[n++] = "internet";
	ep[n++] = "203.0.113.9";
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			if (i == j)
				continue;
			trace(t, a, ep[i], ep[j], 6, 443);
			if ((i + j) % 2 == 0)
				trace(t, a, ep[i], ep[j], 1, -1);
			if ((i + j) % 3 == 0)
				trace(t, a, ep[i], ep[j], 17, 53);
		}
	}
	vs_arena_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vs_topo *t;
	struct vs_loader *l;
	struct vs_diags *d;
	struct vs_load_stats st;
	char *text;
	int rc, rc2;

	if (size > (1u << 20))
		return 0;
	if (devnull == NULL) {
		devnull = fopen("/dev/null", "w");
		CHECK(devnull != NULL);
	}
	/* The loader reads a malloc'd buffer with a NUL after it, as
	 * vs_read_file gives it; the sanitizer sees reads past the end. */
	text = malloc(size + 1);
	CHECK(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';

	d = vs_diags_new();
	t = vs_topo_new();
	l = vs_loader_new(t, d);
	rc = vs_loader_text(l, text, size, FILE_NAME);
	CHECK(rc == 0 || rc == -1);
	CHECK((rc == -1) == (vs_diags_errors(d) > 0));
	rc2 = vs_loader_done(&l, &st);
	CHECK(l == NULL);
	CHECK(rc2 == 0 || rc2 == -1);
	CHECK((rc2 == -1) == (vs_diags_errors(d) > 0));
	CHECK(rc == 0 || rc2 == -1);
	CHECK(st.files == 1 && st.bytes == size);
	check_diags(d, count_lines(data, size));
	if (rc2 == 0)
		exercise(t);
	vs_topo_free(&t);
	CHECK(t == NULL);
	vs_diags_free(&d);
	free(text);
	return 0;
}
