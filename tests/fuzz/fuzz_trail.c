/*
 * fuzz_trail.c - libFuzzer target for CloudTrail replay (model/trail.h).
 *
 * One input is one change file holding CloudTrail records ({"Records":
 * [...]} or lookup-events' {"Events": [{"CloudTrailEvent": "..."}]}).  It
 * is parsed as JSON; when it looks like CloudTrail, vs_trail_changes()
 * turns it into a change list, which vs_change_apply() applies to a copy
 * of the bundled shop snapshot, finished as `vpcsim diff` finishes it.
 *
 * Besides the sanitizers, each input checks the replay's promises: the
 * list is refused exactly when an error was reported; the counts add up
 * (every record is replayed, skipped for one reason, or refused); every
 * change is a one-key map naming a supported action; and applying the
 * list fails exactly when it reported an error.
 *
 * The repository root comes from VS_FUZZ_ROOT (set by tests/fuzz/run at
 * compile time, or in the environment).
 */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "check.h"
#include "diag.h"
#include "load.h"
#include "topo.h"
#include "trail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#ifndef VS_FUZZ_ROOT
#define VS_FUZZ_ROOT "."
#endif

static struct vs_topo *shop;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *root = getenv("VS_FUZZ_ROOT");
	char target[4096];
	struct vs_diags *d = vs_diags_new();

	(void)argc;
	(void)argv;
	if (root == NULL || root[0] == '\0')
		root = VS_FUZZ_ROOT;
	snprintf(target, sizeof(target), "%s/scenarios/snapshots/shop", root);
	shop = vs_snapshot_load(target, d, NULL);
	if (shop == NULL) {
		fprintf(stderr,
		    "fuzz_trail: cannot load %s (set VS_FUZZ_ROOT to the "
		    "repository)\n",
		    target);
		abort();
	}
	vs_diags_free(&d);
	return 0;
}

static bool
is_action(const char *s)
{
	int i;

	for (i = 0; vs_change_actions[i] != NULL; i++)
		if (strcmp(vs_change_actions[i], s) == 0)
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *root = cJSON_ParseWithLength((const char *)data, size), *list;
	const cJSON *all, *c;
	struct vs_trail_stats st;
	struct vs_diags *d;
	struct vs_topo *t;
	size_t errs;
	int n, records;

	if (root == NULL)
		return 0;
	if (!vs_trail_is(root)) {
		cJSON_Delete(root);
		return 0;
	}
	all = cJSON_GetObjectItemCaseSensitive(root, "Records");
	if (!cJSON_IsArray(all))
		all = cJSON_GetObjectItemCaseSensitive(root, "Events");
	records = cJSON_GetArraySize(all);
	d = vs_diags_new();
	list = vs_trail_changes(root, "fuzz.json", d, &st);
	errs = vs_diags_errors(d);
	CHECK((list == NULL) == (errs > 0));
	CHECK(st.events == (unsigned)records);
	if (list != NULL) {
		CHECK(st.replayed + st.failed + st.read_only + st.other ==
		      st.events);
		CHECK(cJSON_GetArraySize(list) == (int)st.replayed);
		cJSON_ArrayForEach(c, list)
		{
			CHECK(cJSON_IsObject(c) && c->child != NULL &&
			      c->child->next == NULL &&
			      is_action(c->child->string) &&
			      cJSON_IsObject(c->child));
		}
		t = vs_topo_clone(shop);
		n = vs_change_apply(t, list, "/replayed", NULL, d);
		CHECK((n == -1) == (vs_diags_errors(d) > 0));
		if (n >= 0)
			(void)vs_topo_finish(t, d);
		vs_topo_free(&t);
	} else {
		CHECK(st.replayed == 0);
	}
	cJSON_Delete(list);
	cJSON_Delete(root);
	vs_diags_free(&d);
	return 0;
}
