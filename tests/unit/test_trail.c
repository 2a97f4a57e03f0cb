/*
 * test_trail.c - unit tests for CloudTrail replay (model/trail.h).
 *
 * DOC: each conversion test gives vs_trail_changes() CloudTrail records
 * written the way the reference (shared/reference/aws-semantics.md §4)
 * quotes them - lowerCamel keys, lists as {"items": [...]}, {} for an
 * absent value, aclProtocol, groupSet, the legacy flat security-group
 * form, the <Operation>Request wrapper - and compares the change list with
 * the AWS CLI input shape written out by hand.  The replay tests apply the
 * list to tests/data/change/net.json and check the model: ids AWS gave
 * created objects are kept, so later events that name them apply.
 */
/* cmocka.h needs these four headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "diag.h"
#include "load.h"
#include "topo.h"
#include "trail.h"

static const char *
path_of(const char *rel)
{
	static char buf[PATH_MAX];
	const char *s = getenv("VS_SRCDIR");

	snprintf(buf, sizeof(buf), "%s/%s", s != NULL ? s : ".", rel);
	return buf;
}

/* The change list for JSON text doc, as compact JSON (NULL: refused, and
 * *msg is the first error). */
static char *
convert(const char *doc, struct vs_trail_stats *st, char *msg, size_t n)
{
	cJSON *root = cJSON_Parse(doc), *l;
	struct vs_diags *d = vs_diags_new();
	char *out = NULL;

	if (root == NULL)
		fail_msg("test document is not JSON: %s", doc);
	assert_true(vs_trail_is(root));
	l = vs_trail_changes(root, "t.json", d, st);
	if (l != NULL) {
		assert_int_equal(vs_diags_errors(d), 0);
		out = cJSON_PrintUnformatted(l);
	} else if (msg != NULL) {
		assert_true(vs_diags_errors(d) > 0);
		vs_diag_str(vs_diags_get(d, 0), msg, n);
	}
	cJSON_Delete(l);
	cJSON_Delete(root);
	vs_diags_free(&d);
	return out;
}

static void
expect(const char *doc, const char *want)
{
	char *got = convert(doc, NULL, NULL, 0);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

#define EV(name, time, params)                                                 \
	"{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"" name         \
	"\",\"eventTime\":\"" time "\",\"requestParameters\":" params          \
	",\"responseElements\":{\"_return\":true}}"

static void
test_permissions_items(void **state)
{
	(void)state;
	/* the PANTHER sample's shape, with a group pair and IPv6 */
	expect("{\"Records\":[" EV("AuthorizeSecurityGroupIngress",
		   "2025-01-01T00:00:00Z",
		   "{\"groupId\":\"sg-1\",\"ipPermissions\":{\"items\":[{"
		   "\"ipProtocol\":\"tcp\",\"fromPort\":22,\"toPort\":22,"
		   "\"groups\":{\"items\":[{\"groupId\":\"sg-2\",\"userId\":"
		   "\"111\"}]},\"ipRanges\":{\"items\":[{\"cidrIp\":\"127.0.0."
		   "1/32\",\"description\":\"SSH for me\"}]},\"ipv6Ranges\":{"
		   "\"items\":[{\"cidrIpv6\":\"::/0\"}]},\"prefixListIds\":{}}]"
		   "}}") "]}",
	    "[{\"AuthorizeSecurityGroupIngress\":{\"GroupId\":\"sg-1\","
	    "\"IpPermissions\":[{\"IpProtocol\":\"tcp\",\"FromPort\":22,"
	    "\"ToPort\":22,\"UserIdGroupPairs\":[{\"GroupId\":\"sg-2\","
	    "\"UserId\":\"111\"}],\"IpRanges\":[{\"CidrIp\":\"127.0.0.1/32\","
	    "\"Description\":\"SSH for me\"}],\"Ipv6Ranges\":[{\"CidrIpv6\":"
	    "\"::/0\"}]}]}}]");
}

static void
test_permissions_flat(void **state)
{
	(void)state;
	/* the legacy form: the rule at the top, "ipPermissions": {} */
	expect("{\"Records\":[" EV("AuthorizeSecurityGroupIngress",
		   "2025-01-01T00:00:00Z",
		   "{\"cidrIp\":\"0.0.0.0/0\",\"fromPort\":22,\"groupId\":"
		   "\"sg-1\",\"ipPermissions\":{},\"ipProtocol\":\"tcp\","
		   "\"toPort\":22}") "]}",
	    "[{\"AuthorizeSecurityGroupIngress\":{\"CidrIp\":\"0.0.0.0/0\","
	    "\"FromPort\":22,\"GroupId\":\"sg-1\",\"IpProtocol\":\"tcp\","
	    "\"ToPort\":22}}]");
}

static void
test_nacl_entry_and_route(void **state)
{
	(void)state;
	/* aclProtocol; empty portRange and icmpTypeCode are absent */
	expect("{\"Records\":[" EV("CreateNetworkAclEntry",
		   "2025-01-01T00:00:00Z",
		   "{\"networkAclId\":\"acl-1\",\"ruleNumber\":500,\"egress\":"
		   "true,\"ruleAction\":\"allow\",\"icmpTypeCode\":{},"
		   "\"portRange\":{},\"aclProtocol\":\"-1\",\"cidrBlock\":"
		   "\"0.0.0.0/0\"}") "," EV("ReplaceNetworkAclEntry",
		   "2025-01-01T00:00:01Z",
		   "{\"networkAclId\":\"acl-1\",\"ruleNumber\":100,\"egress\":"
		   "false,\"ruleAction\":\"deny\",\"aclProtocol\":\"6\","
		   "\"portRange\":{\"from\":700,\"to\":702},\"cidrBlock\":"
		   "\"10.0.0.0/8\"}") "," EV("CreateRoute",
		   "2025-01-01T00:00:02Z",
		   "{\"routeTableId\":\"rtb-1\",\"destinationCidrBlock\":"
		   "\"0.0.0.0/0\",\"gatewayId\":\"igw-1\"}") "]}",
	    "[{\"CreateNetworkAclEntry\":{\"NetworkAclId\":\"acl-1\","
	    "\"RuleNumber\":500,\"Egress\":true,\"RuleAction\":\"allow\","
	    "\"Protocol\":\"-1\",\"CidrBlock\":\"0.0.0.0/0\"}},"
	    "{\"ReplaceNetworkAclEntry\":{\"NetworkAclId\":\"acl-1\","
	    "\"RuleNumber\":100,\"Egress\":false,\"RuleAction\":\"deny\","
	    "\"Protocol\":\"6\",\"PortRange\":{\"From\":700,\"To\":702},"
	    "\"CidrBlock\":\"10.0.0.0/8\"}},{\"CreateRoute\":{\"RouteTableId\":"
	    "\"rtb-1\",\"DestinationCidrBlock\":\"0.0.0.0/0\",\"GatewayId\":"
	    "\"igw-1\"}}]");
}

static void
test_interface_attributes(void **state)
{
	static const char groups[] =
	    EV("ModifyNetworkInterfaceAttribute", "2025-01-01T00:00:00Z",
		"{\"networkInterfaceId\":\"eni-1\",\"groupSet\":{\"items\":[{"
		"\"groupId\":\"sg-1\"},{\"groupName\":\"b\",\"groupId\":"
		"\"sg-2\"}]}}");
	static const char check[] =
	    EV("ModifyNetworkInterfaceAttribute", "2025-01-01T00:00:01Z",
		"{\"networkInterfaceId\":\"eni-1\",\"sourceDestCheck\":{"
		"\"value\":false}}");
	char doc[1024];

	(void)state;
	/* groupSet is the new list of group ids; sourceDestCheck {value} */
	snprintf(doc, sizeof(doc), "{\"Records\":[%s,%s]}", groups, check);
	expect(doc,
	    "[{\"ModifyNetworkInterfaceAttribute\":{\"NetworkInterfaceId\":"
	    "\"eni-1\",\"Groups\":[\"sg-1\",\"sg-2\"]}},"
	    "{\"ModifyNetworkInterfaceAttribute\":{\"NetworkInterfaceId\":"
	    "\"eni-1\",\"SourceDestCheck\":{\"Value\":false}}}]");
}

static void
test_rule_ids(void **state)
{
	(void)state;
	/* a revoke by rule id: ids as one-member maps or plain strings */
	expect("{\"Records\":[" EV("RevokeSecurityGroupEgress",
		   "2025-01-01T00:00:00Z",
		   "{\"groupId\":\"sg-1\",\"securityGroupRuleIds\":{"
		   "\"items\":[{\"securityGroupRuleId\":\"sgr-1\"},\"sgr-2\"]}"
		   "}") "]}",
	    "[{\"RevokeSecurityGroupEgress\":{\"GroupId\":\"sg-1\","
	    "\"SecurityGroupRuleIds\":[\"sgr-1\",\"sgr-2\"]}}]");
}

static void
test_request_wrapper(void **state)
{
	(void)state;
	/* a newer call: PascalCase inside <Operation>Request; one rule is an
	 * object, the CLI takes a list */
	expect("{\"Records\":[" EV("ModifySecurityGroupRules",
		   "2025-01-01T00:00:00Z",
		   "{\"ModifySecurityGroupRulesRequest\":{\"GroupId\":\"sg-1\","
		   "\"SecurityGroupRule\":{\"SecurityGroupRuleId\":\"sgr-1\","
		   "\"SecurityGroupRule\":{\"IpProtocol\":\"tcp\",\"FromPort\":"
		   "443,\"ToPort\":443,\"CidrIpv4\":\"10.0.0.0/8\"}}}}") "]}",
	    "[{\"ModifySecurityGroupRules\":{\"GroupId\":\"sg-1\","
	    "\"SecurityGroupRules\":[{\"SecurityGroupRuleId\":\"sgr-1\","
	    "\"SecurityGroupRule\":{\"IpProtocol\":\"tcp\",\"FromPort\":443,"
	    "\"ToPort\":443,\"CidrIpv4\":\"10.0.0.0/8\"}}]}}]");
}

static void
test_created_ids_and_order(void **state)
{
	(void)state;
	/* out of order in the file; ids from responseElements; a tie in
	 * time keeps the file's order; tags are the CLI's key */
	expect("{\"Records\":["
	       "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
	       "\"CreateNetworkAcl\",\"eventTime\":\"2025-01-01T00:00:05Z\","
	       "\"requestParameters\":{\"vpcId\":\"vpc-1\"},"
	       "\"responseElements\":{\"networkAcl\":{\"networkAclId\":"
	       "\"acl-9\"}}},"
	       "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
	       "\"CreateSecurityGroup\",\"eventTime\":\"2025-01-01T00:00:01Z\","
	       "\"requestParameters\":{\"groupName\":\"g\","
	       "\"groupDescription\":"
	       "\"d\",\"vpcId\":\"vpc-1\",\"tagSpecificationSet\":{\"items\":[{"
	       "\"resourceType\":\"security-group\"}]}},"
	       "\"responseElements\":{\"_return\":true,\"groupId\":\"sg-9\"}},"
	       "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
	       "\"DeleteRoute\",\"eventTime\":\"2025-01-01T00:00:01Z\","
	       "\"requestParameters\":{\"routeTableId\":\"rtb-1\","
	       "\"destinationCidrBlock\":\"10.9.0.0/16\"}}"
	       "]}",
	    "[{\"CreateSecurityGroup\":{\"GroupName\":\"g\",\"Description\":"
	    "\"d\",\"VpcId\":\"vpc-1\",\"TagSpecifications\":[{"
	    "\"ResourceType\":\"security-group\"}],\"GroupId\":\"sg-9\"}},"
	    "{\"DeleteRoute\":{\"RouteTableId\":\"rtb-1\","
	    "\"DestinationCidrBlock\":\"10.9.0.0/16\"}},"
	    "{\"CreateNetworkAcl\":{\"VpcId\":\"vpc-1\",\"NetworkAclId\":"
	    "\"acl-9\"}}]");
}

static void
test_skipped(void **state)
{
	struct vs_trail_stats st;
	char *got;

	(void)state;
	/* failed calls, read-only calls and other services are left out */
	got =
	    convert("{\"Records\":["
		    "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
		    "\"CreateRoute\",\"eventTime\":\"2025-01-01T00:00:00Z\","
		    "\"errorCode\":\"Blocked\",\"requestParameters\":{}},"
		    "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
		    "\"DescribeVpcs\",\"eventTime\":\"2025-01-01T00:00:00Z\"},"
		    "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
		    "\"DeleteRoute\",\"eventTime\":\"2025-01-01T00:00:00Z\","
		    "\"readOnly\":true},"
		    "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":"
		    "\"PutObject\",\"eventTime\":\"2025-01-01T00:00:00Z\"}"
		    "]}",
		&st, NULL, 0);
	assert_non_null(got);
	assert_string_equal(got, "[]");
	free(got);
	assert_int_equal(st.events, 4);
	assert_int_equal(st.failed, 1);
	assert_int_equal(st.read_only, 2);
	assert_int_equal(st.other, 1);
	assert_int_equal(st.replayed, 0);
}

static void
test_refused(void **state)
{
	char msg[512], *got;

	(void)state;
	/* an EC2 call that changes the network but is not replayed */
	got = convert("{\"Records\":[" EV("AttachInternetGateway",
			  "2025-01-01T00:00:00Z",
			  "{\"internetGatewayId\":\"igw-1\",\"vpcId\":"
			  "\"vpc-1\"}") "]}",
	    NULL, msg, sizeof(msg));
	assert_null(got);
	assert_string_equal(msg,
	    "t.json: error: /Records/0: AttachInternetGateway at "
	    "2025-01-01T00:00:00Z: an EC2 call vpcsim does not replay; it "
	    "may change the network, so the replay stops (remove the record "
	    "to replay the rest)");
	/* lookup-events: each record is a string */
	got = convert("{\"Events\":[{\"EventId\":\"1\",\"CloudTrailEvent\":"
		      "\"{oops\"}]}",
	    NULL, msg, sizeof(msg));
	assert_null(got);
	assert_string_equal(msg,
	    "t.json: error: /Events/0: CloudTrailEvent is not a JSON object");
	/* a fuzzer finding: parameters that are only a list */
	got = convert("{\"Records\":[" EV("CreateRoute", "2025-01-01T00:00:00Z",
			  "{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}") "]}",
	    NULL, msg, sizeof(msg));
	assert_null(got);
	assert_string_equal(msg,
	    "t.json: error: /Records/0: CreateRoute at 2025-01-01T00:00:00Z: "
	    "requestParameters is not a map of parameters");
	got = convert("{\"Records\":[{\"eventSource\":\"ec2.amazonaws.com\"}]}",
	    NULL, msg, sizeof(msg));
	assert_null(got);
	assert_string_equal(msg,
	    "t.json: error: /Records/0: a CloudTrail record has \"eventName\" "
	    "and \"eventTime\" strings");
}

static void
test_lookup_events(void **state)
{
	(void)state;
	expect("{\"Events\":[{\"EventId\":\"1\",\"EventName\":\"CreateRoute\","
	       "\"CloudTrailEvent\":\"{\\\"eventSource\\\":\\\"ec2.amazonaws."
	       "com\\\",\\\"eventName\\\":\\\"CreateRoute\\\","
	       "\\\"eventTime\\\":"
	       "\\\"2025-01-01T00:00:00Z\\\",\\\"requestParameters\\\":{\\\""
	       "routeTableId\\\":\\\"rtb-1\\\",\\\"destinationCidrBlock\\\":"
	       "\\\"0.0.0.0/0\\\",\\\"gatewayId\\\":\\\"igw-1\\\"}}\"}]}",
	    "[{\"CreateRoute\":{\"RouteTableId\":\"rtb-1\","
	    "\"DestinationCidrBlock\":\"0.0.0.0/"
	    "0\",\"GatewayId\":\"igw-1\"}}]");
}

/* Replayed onto a snapshot: a group made by the trail, given a rule and
 * put on an interface by later events, by the id AWS gave it. */
static void
test_replay_created_group(void **state)
{
	static const char doc[] =
	    "{\"Records\":["
	    "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
	    "\"ModifyNetworkInterfaceAttribute\",\"eventTime\":"
	    "\"2025-01-01T00:00:03Z\",\"requestParameters\":{"
	    "\"networkInterfaceId\":\"eni-0c1app\",\"groupSet\":{\"items\":[{"
	    "\"groupId\":\"sg-0trail\"}]}}},"
	    "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
	    "\"CreateSecurityGroup\",\"eventTime\":\"2025-01-01T00:00:01Z\","
	    "\"requestParameters\":{\"groupName\":\"from-trail\","
	    "\"groupDescription\":\"made by a replayed event\",\"vpcId\":"
	    "\"vpc-0c1\"},\"responseElements\":{\"_return\":true,\"groupId\":"
	    "\"sg-0trail\"}},"
	    "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
	    "\"AuthorizeSecurityGroupIngress\",\"eventTime\":"
	    "\"2025-01-01T00:00:02Z\",\"requestParameters\":{\"groupId\":"
	    "\"sg-0trail\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":"
	    "\"tcp\",\"fromPort\":9443,\"toPort\":9443,\"ipRanges\":{\"items\":"
	    "[{\"cidrIp\":\"10.30.1.0/24\"}]}}]}}}"
	    "]}";
	struct vs_diags *d = vs_diags_new();
	struct vs_topo *base =
	    vs_snapshot_load(path_of("tests/data/change/net.json"), d, NULL);
	struct vs_topo *t;
	cJSON *root = cJSON_Parse(doc), *l;
	vs_idx e, g;

	(void)state;
	assert_non_null(base);
	assert_non_null(root);
	l = vs_trail_changes(root, "t.json", d, NULL);
	assert_non_null(l);
	t = vs_topo_clone(base);
	assert_int_equal(vs_change_apply(t, l, "/replayed", NULL, d), 3);
	assert_int_equal(vs_topo_finish(t, d), 0);
	assert_int_equal(vs_diags_errors(d), 0);
	g = vs_topo_find_kind(t, VS_K_SG, "sg-0trail");
	assert_true(g != VS_NONE);
	e = vs_topo_find_kind(t, VS_K_ENI, "eni-0c1app");
	assert_true(e != VS_NONE);
	assert_int_equal(t->enis[e].n_groups, 1);
	assert_int_equal(t->enis[e].groups[0], g);
	/* the new group: the rule the trail gave it, and AWS's default
	 * allow-all egress */
	assert_int_equal(t->sgs[g].n_rules, 2);
	vs_topo_free(&t);
	vs_topo_free(&base);
	cJSON_Delete(l);
	cJSON_Delete(root);
	vs_diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_permissions_items),
	    cmocka_unit_test(test_permissions_flat),
	    cmocka_unit_test(test_nacl_entry_and_route),
	    cmocka_unit_test(test_interface_attributes),
	    cmocka_unit_test(test_rule_ids),
	    cmocka_unit_test(test_request_wrapper),
	    cmocka_unit_test(test_created_ids_and_order),
	    cmocka_unit_test(test_skipped),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_lookup_events),
	    cmocka_unit_test(test_replay_created_group),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
