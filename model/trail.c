/*
 * trail.c - CloudTrail events replayed as a change list (see trail.h).
 *
 * DOC: the conversion is generic with a few named exceptions, following
 * docs reference §4.2.  A key's first letter is upper-cased; an object
 * whose only member is "items" (a list) becomes that list; an empty
 * object is an absent value; the keys CloudTrail spells otherwise than
 * the CLI are renamed (aclProtocol -> Protocol, groups -> UserIdGroupPairs
 * inside a permission, groupDescription -> Description, groupSet ->
 * Groups as a list of ids, tagSpecificationSet -> TagSpecifications).  A
 * newer call's {"<Operation>Request": {...}} is taken as it is, except
 * that ModifySecurityGroupRules' SecurityGroupRule becomes the CLI's
 * SecurityGroupRules list.  What this leaves unconverted reaches
 * vs_change_apply(), which refuses keys it does not know: a replay never
 * drops a parameter silently.
 */
#include "trail.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "diag.h"
#include "mem.h"

struct ev {
	cJSON *owned; /* parsed from a CloudTrailEvent string, or NULL */
	const cJSON *e;
	const char *name, *time;
	size_t index; /* 1-based position in the file */
};

static const struct {
	const char *from, *to;
} renames[] = {
    {"aclProtocol", "Protocol"},
    {"groupDescription", "Description"},
    {"groupSet", "Groups"},
    {"securityGroupRuleIdSet", "SecurityGroupRuleIds"},
    {"tagSpecificationSet", "TagSpecifications"},
    {NULL, NULL},
};

static bool
is_action(const char *name)
{
	int i;

	for (i = 0; vs_change_actions[i] != NULL; i++)
		if (strcmp(vs_change_actions[i], name) == 0)
			return true;
	return false;
}

static bool
read_only_name(const char *name)
{
	return strncmp(name, "Describe", 8) == 0 ||
	       strncmp(name, "Get", 3) == 0 || strncmp(name, "List", 4) == 0;
}

static cJSON *
check(cJSON *n)
{
	if (n == NULL)
		vs_oom(0);
	return n;
}

/* The CLI's name for a CloudTrail key; in_perm: inside a permission. */
static char *
cli_key(const char *k, bool in_perm)
{
	int i;
	char *s;

	if (in_perm && strcmp(k, "groups") == 0)
		return vs_xstrdup("UserIdGroupPairs");
	for (i = 0; renames[i].from != NULL; i++)
		if (strcmp(renames[i].from, k) == 0)
			return vs_xstrdup(renames[i].to);
	s = vs_xstrdup(k);
	s[0] = (char)toupper((unsigned char)s[0]);
	return s;
}

static cJSON *conv(const cJSON *v, const char *key, bool in_perm);

/* Is key a list the CLI writes as plain ids ("Groups": ["sg-1"]) that
 * CloudTrail writes as one-member maps ({"groupId": "sg-1"})? */
static bool
id_list(const char *key)
{
	return key != NULL && (strcmp(key, "groupSet") == 0 ||
				  strcmp(key, "securityGroupRuleIds") == 0 ||
				  strcmp(key, "securityGroupRuleIdSet") == 0);
}

/* The elements of a CloudTrail list; the one-member maps of an id list
 * become the ids. */
static cJSON *
conv_list(const cJSON *a, const char *key)
{
	cJSON *out = check(cJSON_CreateArray());
	const cJSON *e;
	bool perms = key != NULL && (strcmp(key, "ipPermissions") == 0);

	cJSON_ArrayForEach(e, a)
	{
		cJSON *x;
		const cJSON *id = NULL;
		if (id_list(key) && cJSON_IsObject(e)) {
			/* the member named ...Id (groupId beside groupName) */
			for (id = e->child; id != NULL; id = id->next)
				if (id->string != NULL &&
				    strlen(id->string) > 2 &&
				    strcmp(id->string + strlen(id->string) - 2,
					"Id") == 0 &&
				    cJSON_IsString(id))
					break;
		}
		if (id != NULL) {
			x = check(cJSON_CreateString(id->valuestring));
		} else {
			x = conv(e, NULL, perms);
			if (x == NULL)
				continue;
		}
		cJSON_AddItemToArray(out, x);
	}
	return out;
}

/* A CloudTrail value in the CLI's shape; NULL for an absent one ({}). */
static cJSON *
conv(const cJSON *v, const char *key, bool in_perm)
{
	const cJSON *ch;
	cJSON *out;

	if (cJSON_IsArray(v))
		return conv_list(v, key);
	if (!cJSON_IsObject(v))
		return check(cJSON_Duplicate(v, true));
	if (v->child == NULL)
		return NULL;
	if (v->child->next == NULL && v->child->string != NULL &&
	    strcmp(v->child->string, "items") == 0 && cJSON_IsArray(v->child))
		return conv_list(v->child, key);
	out = check(cJSON_CreateObject());
	for (ch = v->child; ch != NULL; ch = ch->next) {
		cJSON *x;
		char *k;
		if (ch->string == NULL)
			continue;
		x = conv(ch, ch->string, false);
		if (x == NULL)
			continue;
		k = cli_key(ch->string, in_perm);
		cJSON_AddItemToObject(out, k, x);
		free(k);
	}
	return out;
}

/* The parameters of one event in the CLI's shape, or NULL when its
 * requestParameters are not a map of parameters. */
static cJSON *
params_of(const struct ev *ev)
{
	const cJSON *rp =
	    cJSON_GetObjectItemCaseSensitive(ev->e, "requestParameters");
	const cJSON *re =
	    cJSON_GetObjectItemCaseSensitive(ev->e, "responseElements");
	cJSON *p;

	if (cJSON_IsObject(rp) && rp->child != NULL &&
	    rp->child->next == NULL && rp->child->string != NULL &&
	    strlen(rp->child->string) > 7 &&
	    strcmp(rp->child->string + strlen(rp->child->string) - 7,
		"Request") == 0 &&
	    cJSON_IsObject(rp->child)) {
		/* a newer call: PascalCase already */
		cJSON *r;
		p = check(cJSON_Duplicate(rp->child, true));
		r = cJSON_DetachItemFromObjectCaseSensitive(p,
		    "SecurityGroupRule");
		if (r != NULL &&
		    strcmp(ev->name, "ModifySecurityGroupRules") == 0) {
			if (cJSON_IsObject(r)) {
				cJSON *l = check(cJSON_CreateArray());
				cJSON_AddItemToArray(l, r);
				r = l;
			}
			cJSON_AddItemToObject(p, "SecurityGroupRules", r);
		} else if (r != NULL) {
			cJSON_AddItemToObject(p, "SecurityGroupRule", r);
		}
	} else if (cJSON_IsObject(rp)) {
		p = conv(rp, NULL, false);
		if (p == NULL)
			p = check(cJSON_CreateObject());
		if (!cJSON_IsObject(p)) {
			/* {"items": [...]} at the top: not parameters */
			cJSON_Delete(p);
			return NULL;
		}
	} else {
		p = check(cJSON_CreateObject());
	}
	/* ids AWS gave what the event created, for later events */
	if (strcmp(ev->name, "CreateSecurityGroup") == 0 && re != NULL &&
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(re, "groupId")) &&
	    cJSON_GetObjectItemCaseSensitive(p, "GroupId") == NULL)
		cJSON_AddItemToObject(p, "GroupId",
		    check(cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(re,
					      "groupId"),
			true)));
	if (strcmp(ev->name, "CreateNetworkAcl") == 0 && re != NULL) {
		const cJSON *acl =
		    cJSON_GetObjectItemCaseSensitive(re, "networkAcl");
		const cJSON *id =
		    cJSON_GetObjectItemCaseSensitive(acl, "networkAclId");
		if (cJSON_IsString(id) &&
		    cJSON_GetObjectItemCaseSensitive(p, "NetworkAclId") == NULL)
			cJSON_AddItemToObject(p, "NetworkAclId",
			    check(cJSON_Duplicate(id, true)));
	}
	return p;
}

static int
cmp_ev(const void *pa, const void *pb)
{
	const struct ev *a = pa, *b = pb;
	int c = strcmp(a->time, b->time);

	if (c != 0)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

bool
vs_trail_is(const cJSON *root)
{
	return cJSON_IsObject(root) &&
	       (cJSON_IsArray(
		    cJSON_GetObjectItemCaseSensitive(root, "Records")) ||
		   cJSON_IsArray(
		       cJSON_GetObjectItemCaseSensitive(root, "Events")));
}

static const char *
str_field(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

cJSON *
vs_trail_changes(const cJSON *root, const char *file, struct vs_diags *d,
    struct vs_trail_stats *st)
{
	const cJSON *recs = cJSON_GetObjectItemCaseSensitive(root, "Records");
	const cJSON *lookup = cJSON_GetObjectItemCaseSensitive(root, "Events");
	const char *list = cJSON_IsArray(recs) ? "Records" : "Events";
	const cJSON *all = cJSON_IsArray(recs) ? recs : lookup, *x;
	struct vs_trail_stats s;
	struct ev *evs = NULL;
	size_t n = 0, cap = 0, i, idx = 0;
	size_t errs = vs_diags_errors(d);
	cJSON *out = NULL;
	char at[64];

	memset(&s, 0, sizeof(s));
	cJSON_ArrayForEach(x, all)
	{
		struct ev ev;
		const cJSON *ro;
		memset(&ev, 0, sizeof(ev));
		ev.index = ++idx;
		snprintf(at, sizeof(at), "/%s/%zu", list, idx - 1);
		s.events++;
		ev.e = x;
		if (!cJSON_IsArray(recs)) {
			/* lookup-events: the record is a JSON string */
			const char *txt = str_field(x, "CloudTrailEvent");
			if (txt == NULL) {
				vs_diag_add(d, VS_SEV_ERR, file, 0, 0, at,
				    "expected an object with a "
				    "\"CloudTrailEvent\" string");
				continue;
			}
			ev.owned = cJSON_Parse(txt);
			if (ev.owned == NULL) {
				vs_diag_add(d, VS_SEV_ERR, file, 0, 0, at,
				    "CloudTrailEvent is not a JSON object");
				continue;
			}
			ev.e = ev.owned;
		}
		if (!cJSON_IsObject(ev.e)) {
			vs_diag_add(d, VS_SEV_ERR, file, 0, 0, at,
			    "expected a CloudTrail record (an object)");
			cJSON_Delete(ev.owned);
			continue;
		}
		ev.name = str_field(ev.e, "eventName");
		ev.time = str_field(ev.e, "eventTime");
		if (ev.name == NULL || ev.time == NULL) {
			vs_diag_add(d, VS_SEV_ERR, file, 0, 0, at,
			    "a CloudTrail record has \"eventName\" and "
			    "\"eventTime\" strings");
			cJSON_Delete(ev.owned);
			continue;
		}
		ro = cJSON_GetObjectItemCaseSensitive(ev.e, "readOnly");
		if (str_field(ev.e, "eventSource") == NULL ||
		    strcmp(str_field(ev.e, "eventSource"),
			"ec2.amazonaws.com") != 0) {
			s.other++;
		} else if (cJSON_GetObjectItemCaseSensitive(ev.e,
			       "errorCode") != NULL) {
			s.failed++;
		} else if (cJSON_IsTrue(ro) || read_only_name(ev.name)) {
			s.read_only++;
		} else if (!is_action(ev.name)) {
			vs_diag_add(d, VS_SEV_ERR, file, 0, 0, at,
			    "%s at %s: an EC2 call vpcsim does not replay; it "
			    "may change the network, so the replay stops "
			    "(remove the record to replay the rest)",
			    ev.name, ev.time);
		} else {
			evs = vs_xgrow(evs, sizeof(*evs), &cap, n + 1);
			evs[n++] = ev;
			continue;
		}
		cJSON_Delete(ev.owned);
	}
	if (vs_diags_errors(d) == errs) {
		if (n > 1)
			qsort(evs, n, sizeof(*evs), cmp_ev);
		out = check(cJSON_CreateArray());
		for (i = 0; i < n; i++) {
			cJSON *one, *p = params_of(&evs[i]);
			if (p == NULL) {
				snprintf(at, sizeof(at), "/%s/%zu", list,
				    evs[i].index - 1);
				vs_diag_add(d, VS_SEV_ERR, file, 0, 0, at,
				    "%s at %s: requestParameters is not a map "
				    "of parameters",
				    evs[i].name, evs[i].time);
				continue;
			}
			one = check(cJSON_CreateObject());
			cJSON_AddItemToObject(one, evs[i].name, p);
			cJSON_AddItemToArray(out, one);
		}
		s.replayed = (unsigned)n;
		if (vs_diags_errors(d) != errs) {
			cJSON_Delete(out);
			out = NULL;
			s.replayed = 0;
		}
	}
	for (i = 0; i < n; i++)
		cJSON_Delete(evs[i].owned);
	free(evs);
	if (st != NULL)
		*st = s;
	return out;
}
