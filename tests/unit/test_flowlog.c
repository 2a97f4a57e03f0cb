/*
 * test_flowlog.c - the VPC flow-log reader (sim/flowlog.c).
 *
 * The expected values come from the AWS documentation samples quoted in
 * the reference (aws-semantics.md section 3.5) and from the field table of
 * section 3.2; the sample files live in tests/data/flowlogs/.  Inputs that
 * are awkward to keep in git (gzip members, NUL bytes, CRLF, very long
 * lines) are written to a temporary directory while the tests run.
 *
 * Run from the top of the source tree, or set VS_SRCDIR to it.  The last
 * test replaces standard input.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* cmocka.h needs these before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
/* clang-format on */

#include "flowlog.h"
#include "ip.h"

#define BIT(f) ((uint64_t)1 << (f))
#define RAWMAX 160

/* One record as the tests keep it: the record's own strings die with the
 * next call, so the raw text of every field is copied. */
struct item {
	struct vs_flowrec r;
	char raw[VS_FL__COUNT][RAWMAX];
	bool rawnull[VS_FL__COUNT];
	char iface[64], account[64];
	char file[512];
};

struct run {
	struct item *items;
	size_t n, cap;
	uint64_t records; /* all records, also when items are not kept */
	uint64_t lastline;
	int rc;
	char err[256];
	struct vs_flowerrs errs;
	uint64_t offset, size;
};

static char tmpdir[256];
static char *tmpfiles[64];
static unsigned ntmpfiles;

static const char *
srcdir(void)
{
	const char *s = getenv("VS_SRCDIR");
	return s != NULL ? s : ".";
}

static char *
data_path(const char *name)
{
	static char buf[4][PATH_MAX];
	static unsigned i;
	char *p = buf[i++ % 4];

	snprintf(p, PATH_MAX, "%s/tests/data/flowlogs/%s", srcdir(), name);
	return p;
}

/* Write a temporary file; the path lives until the group teardown. */
static const char *
tmp_write(const char *name, const void *data, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	assert_true(ntmpfiles < 64);
	tmpfiles[ntmpfiles] = strdup(path);
	return tmpfiles[ntmpfiles++];
}

static const char *
tmp_text(const char *name, const char *text)
{
	return tmp_write(name, text, strlen(text));
}

/* Append one gzip member holding text to path (created if needed). */
static void
gz_member(const char *path, const char *text)
{
	gzFile g = gzopen(path, "ab9");

	assert_non_null(g);
	assert_int_equal(gzwrite(g, text, (unsigned)strlen(text)),
	    (int)strlen(text));
	assert_int_equal(gzclose(g), Z_OK);
}

static const char *
tmp_path(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	unlink(path);
	assert_true(ntmpfiles < 64);
	tmpfiles[ntmpfiles] = strdup(path);
	return tmpfiles[ntmpfiles++];
}

static void
keep(struct run *run, const struct vs_flowrec *rec)
{
	struct item *it;
	unsigned f;

	if (run->n == run->cap) {
		run->cap = run->cap ? 2 * run->cap : 8;
		run->items = realloc(run->items, run->cap * sizeof(*it));
		assert_non_null(run->items);
	}
	it = &run->items[run->n++];
	memset(it, 0, sizeof(*it));
	it->r = *rec;
	it->r.file = NULL; /* it dies with the reader */
	snprintf(it->file, sizeof(it->file), "%s", rec->file);
	for (f = 0; f < VS_FL__COUNT; f++) {
		size_t n =
		    rec->raw[f].n < RAWMAX - 1 ? rec->raw[f].n : RAWMAX - 1;
		it->rawnull[f] = rec->raw[f].p == NULL;
		if (n > 0)
			memcpy(it->raw[f], rec->raw[f].p, n);
	}
	if (rec->interface_id.n > 0)
		memcpy(it->iface, rec->interface_id.p,
		    rec->interface_id.n < 63 ? rec->interface_id.n : 63);
	if (rec->account_id.n > 0)
		memcpy(it->account, rec->account_id.p,
		    rec->account_id.n < 63 ? rec->account_id.n : 63);
}

/* Read a whole file; keep the records when keepall. */
static void
run_file(const char *path, const char *fmt, struct run *run, bool keepall)
{
	struct vs_flowreader *r;
	struct vs_flowrec rec;
	char err[256] = "";

	memset(run, 0, sizeof(*run));
	r = vs_flowreader_open(path, fmt, err, sizeof(err));
	if (r == NULL)
		fail_msg("open %s: %s", path, err);
	assert_non_null(r);
	vs_flowreader_set_errs(r, &run->errs);
	while ((run->rc = vs_flowreader_next(r, &rec)) == 1) {
		run->records++;
		run->lastline = rec.line;
		assert_non_null(rec.file);
		if (keepall)
			keep(run, &rec);
	}
	snprintf(run->err, sizeof(run->err), "%s", vs_flowreader_error(r));
	run->offset = vs_flowreader_offset(r);
	run->size = vs_flowreader_size(r);
	/* The end and the error are sticky. */
	assert_int_equal(vs_flowreader_next(r, &rec), run->rc);
	vs_flowreader_close(&r);
	assert_null(r);
}

static void
run_free(struct run *run)
{
	free(run->items);
	vs_flowerrs_free(&run->errs);
	memset(run, 0, sizeof(*run));
}

static uint64_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (uint64_t)st.st_size;
}

static struct vs_addr
A(const char *s) {
	struct vs_addr a;

	assert_int_equal(vs_addr_parse(s, strlen(s), &a), 0);
	return a;
}

static void
assert_addr(const struct vs_addr *got, const char *want)
{
	struct vs_addr w = A(want);
	char buf[VS_ADDR_STRLEN];

	if (!vs_addr_eq(got, &w))
		fail_msg("address %s, want %s", vs_addr_fmt(got, buf), want);
}

static int
group_setup(void **state)
{
	const char *t = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_flowlog.XXXXXX",
	    t != NULL ? t : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
group_teardown(void **state)
{
	unsigned i;

	(void)state;
	for (i = 0; i < ntmpfiles; i++) {
		unlink(tmpfiles[i]);
		free(tmpfiles[i]);
	}
	rmdir(tmpdir);
	return 0;
}

/* The six default-format records of the AWS examples (section 3.5). */
static void
check_v2_examples(const struct run *run, uint64_t first_line)
{
	const struct item *it = run->items;
	uint64_t all = (BIT(VS_FL_LOG_STATUS + 1) - 1);
	unsigned i;

	assert_int_equal(run->n, 6);
	for (i = 0; i < 6; i++) {
		assert_int_equal(it[i].r.line, first_line + i);
		assert_int_equal(it[i].r.version, 2);
		assert_string_equal(it[i].account, "123456789010");
		/* Default-format records have no v3+ fields. */
		assert_int_equal(it[i].r.have & ~all, 0);
		assert_int_equal(it[i].r.tcp_flags, -1);
		assert_int_equal(it[i].r.traffic_path, -1);
		assert_int_equal(it[i].r.dir, VS_FL_DIR_NONE);
		assert_true(it[i].rawnull[VS_FL_VPC_ID]);
	}
	/* Accepted SSH. */
	assert_int_equal(it[0].r.have, all);
	assert_string_equal(it[0].iface, "eni-1235b8ca123456789");
	assert_int_equal(it[0].r.src.af, VS_AF4);
	assert_int_equal(vs_addr4_value(&it[0].r.src), 0xac1f108bu);
	assert_int_equal(vs_addr4_value(&it[0].r.dst), 0xac1f1015u);
	assert_int_equal(it[0].r.sport, 20641);
	assert_int_equal(it[0].r.dport, 22);
	assert_int_equal(it[0].r.proto, 6);
	assert_int_equal(it[0].r.packets, 20);
	assert_int_equal(it[0].r.bytes, 4249);
	assert_int_equal(it[0].r.start, 1418530010);
	assert_int_equal(it[0].r.end, 1418530070);
	assert_int_equal(it[0].r.action, VS_FL_ACCEPT);
	assert_int_equal(it[0].r.status, VS_FL_OK);
	assert_string_equal(it[0].raw[VS_FL_ACTION], "ACCEPT");
	/* Rejected RDP. */
	assert_int_equal(it[1].r.have, all);
	assert_addr(&it[1].r.src, "172.31.9.69");
	assert_addr(&it[1].r.dst, "172.31.9.12");
	assert_int_equal(it[1].r.sport, 49761);
	assert_int_equal(it[1].r.dport, 3389);
	assert_int_equal(it[1].r.action, VS_FL_REJECT);
	/* NODATA and SKIPDATA: flow fields and action are "-". */
	for (i = 2; i < 4; i++) {
		uint64_t want = BIT(VS_FL_VERSION) | BIT(VS_FL_ACCOUNT_ID) |
				BIT(VS_FL_INTERFACE_ID) | BIT(VS_FL_START) |
				BIT(VS_FL_END) | BIT(VS_FL_LOG_STATUS);
		assert_int_equal(it[i].r.have, want);
		assert_int_equal(it[i].r.action, VS_FL_NOACTION);
		assert_string_equal(it[i].raw[VS_FL_SRCADDR], "");
		assert_false(it[i].rawnull[VS_FL_SRCADDR]);
		assert_int_equal(it[i].r.start, 1431280876);
		assert_int_equal(it[i].r.end, 1431280934);
	}
	assert_int_equal(it[2].r.status, VS_FL_NODATA);
	assert_int_equal(it[3].r.status, VS_FL_SKIPDATA);
	assert_string_equal(it[3].iface, "eni-11111111aaaaaaaaa");
	/* The ICMP request accepted, the reply rejected by the NACL. */
	assert_addr(&it[4].r.src, "203.0.113.12");
	assert_addr(&it[4].r.dst, "172.31.16.139");
	assert_int_equal(it[4].r.proto, 1);
	assert_int_equal(it[4].r.sport, 0);
	assert_int_equal(it[4].r.dport, 0);
	assert_true(it[4].r.have & BIT(VS_FL_SRCPORT));
	assert_int_equal(it[4].r.action, VS_FL_ACCEPT);
	assert_int_equal(it[4].r.start, 1432917027);
	assert_addr(&it[5].r.src, "172.31.16.139");
	assert_addr(&it[5].r.dst, "203.0.113.12");
	assert_int_equal(it[5].r.action, VS_FL_REJECT);
	assert_int_equal(it[5].r.start, 1432917094);
	assert_int_equal(it[5].r.packets, 4);
	assert_int_equal(it[5].r.bytes, 336);
}

static void
test_field_table(void **state)
{
	static const char *const want[VS_FL__COUNT] = {"version", "account-id",
	    "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
	    "protocol", "packets", "bytes", "start", "end", "action",
	    "log-status", "vpc-id", "subnet-id", "instance-id", "tcp-flags",
	    "type", "pkt-srcaddr", "pkt-dstaddr", "region", "az-id",
	    "sublocation-type", "sublocation-id", "pkt-src-aws-service",
	    "pkt-dst-aws-service", "flow-direction", "traffic-path",
	    "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn",
	    "ecs-container-instance-id", "ecs-container-id",
	    "ecs-second-container-id", "ecs-service-name",
	    "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id",
	    "reject-reason", "resource-id", "encryption-status"};
	unsigned f;

	(void)state;
	for (f = 0; f < VS_FL__COUNT; f++) {
		unsigned char v = vs_fl_field_version[f];
		assert_non_null(vs_fl_field_names[f]);
		assert_string_equal(vs_fl_field_names[f], want[f]);
		if (f <= VS_FL_LOG_STATUS)
			assert_int_equal(v, 2);
		else if (f <= VS_FL_PKT_DSTADDR)
			assert_int_equal(v, 3);
		else if (f <= VS_FL_SUBLOCATION_ID)
			assert_int_equal(v, 4);
		else if (f <= VS_FL_TRAFFIC_PATH)
			assert_int_equal(v, 5);
		else if (f <= VS_FL_ECS_TASK_ID)
			assert_int_equal(v, 7);
		else if (f == VS_FL_REJECT_REASON)
			assert_int_equal(v, 8);
		else
			assert_int_equal(v, 0);
	}
}

/* A value for every field, and what it must parse to. */
struct fcase {
	enum vs_fl_field f;
	const char *text;
};

static const struct fcase fcases[] = {
    {VS_FL_VERSION, "5"},
    {VS_FL_ACCOUNT_ID, "123456789010"},
    {VS_FL_INTERFACE_ID, "eni-1235b8ca123456789"},
    {VS_FL_SRCADDR, "172.31.16.139"},
    {VS_FL_DSTADDR, "2001:db8::5"},
    {VS_FL_SRCPORT, "65535"},
    {VS_FL_DSTPORT, "0"},
    {VS_FL_PROTOCOL, "17"},
    {VS_FL_PACKETS, "18446744073709551615"},
    {VS_FL_BYTES, "4249"},
    {VS_FL_START, "1418530010"},
    {VS_FL_END, "9223372036854775807"},
    {VS_FL_ACTION, "REJECT"},
    {VS_FL_LOG_STATUS, "SKIPDATA"},
    {VS_FL_VPC_ID, "vpc-abcdefab012345678"},
    {VS_FL_SUBNET_ID, "subnet-aaaaaaaa012345678"},
    {VS_FL_INSTANCE_ID, "i-01234567890123456"},
    {VS_FL_TCP_FLAGS, "19"},
    {VS_FL_TYPE, "IPv6"},
    {VS_FL_PKT_SRCADDR, "10.0.1.5"},
    {VS_FL_PKT_DSTADDR, "203.0.113.5"},
    {VS_FL_REGION, "ap-southeast-2"},
    {VS_FL_AZ_ID, "apse2-az3"},
    {VS_FL_SUBLOCATION_TYPE, "wavelength"},
    {VS_FL_SUBLOCATION_ID, "wlz-0123456789abcdef0"},
    {VS_FL_PKT_SRC_AWS_SERVICE, "S3"},
    {VS_FL_PKT_DST_AWS_SERVICE, "ROUTE53_RESOLVER"},
    {VS_FL_FLOW_DIRECTION, "egress"},
    {VS_FL_TRAFFIC_PATH, "8"},
    {VS_FL_ECS_CLUSTER_ARN, "arn:aws:ecs:us-east-1:123456789012:cluster/prod"},
    {VS_FL_ECS_CLUSTER_NAME, "prod"},
    {VS_FL_ECS_CONTAINER_INSTANCE_ARN,
	"arn:aws:ecs:us-east-1:123456789012:container-instance/prod/9f8e"},
    {VS_FL_ECS_CONTAINER_INSTANCE_ID, "9f8e"},
    {VS_FL_ECS_CONTAINER_ID, "3b2a1c0d9e8f"},
    {VS_FL_ECS_SECOND_CONTAINER_ID, "7a6b5c4d3e2f"},
    {VS_FL_ECS_SERVICE_NAME, "checkout"},
    {VS_FL_ECS_TASK_DEFINITION_ARN,
	"arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:3"},
    {VS_FL_ECS_TASK_ARN, "arn:aws:ecs:us-east-1:123456789012:task/prod/abcd"},
    {VS_FL_ECS_TASK_ID, "abcd"},
    {VS_FL_REJECT_REASON, "BPA"},
    {VS_FL_RESOURCE_ID, "i-0c50d5961bcb2d47b"},
    {VS_FL_ENCRYPTION_STATUS, "1"},
};

static void
check_value(const struct vs_flowrec *rec, enum vs_fl_field f)
{
	switch (f) {
	case VS_FL_VERSION:
		assert_int_equal(rec->version, 5);
		break;
	case VS_FL_ACCOUNT_ID:
		assert_int_equal(rec->account_id.n, 12);
		assert_memory_equal(rec->account_id.p, "123456789010", 12);
		break;
	case VS_FL_INTERFACE_ID:
		assert_int_equal(rec->interface_id.n, 21);
		assert_memory_equal(rec->interface_id.p,
		    "eni-1235b8ca123456789", 21);
		break;
	case VS_FL_SRCADDR:
		assert_int_equal(rec->src.af, VS_AF4);
		assert_int_equal(vs_addr4_value(&rec->src), 0xac1f108bu);
		break;
	case VS_FL_DSTADDR:
		assert_int_equal(rec->dst.af, VS_AF6);
		assert_int_equal(rec->dst.hi, 0x20010db800000000ULL);
		assert_int_equal(rec->dst.lo, 5);
		break;
	case VS_FL_SRCPORT:
		assert_int_equal(rec->sport, 65535);
		break;
	case VS_FL_DSTPORT:
		assert_int_equal(rec->dport, 0);
		break;
	case VS_FL_PROTOCOL:
		assert_int_equal(rec->proto, 17);
		break;
	case VS_FL_PACKETS:
		assert_true(rec->packets == UINT64_MAX);
		break;
	case VS_FL_BYTES:
		assert_int_equal(rec->bytes, 4249);
		break;
	case VS_FL_START:
		assert_int_equal(rec->start, 1418530010);
		break;
	case VS_FL_END:
		assert_true(rec->end == INT64_MAX);
		break;
	case VS_FL_ACTION:
		assert_int_equal(rec->action, VS_FL_REJECT);
		break;
	case VS_FL_LOG_STATUS:
		assert_int_equal(rec->status, VS_FL_SKIPDATA);
		break;
	case VS_FL_TCP_FLAGS:
		assert_int_equal(rec->tcp_flags, 19);
		break;
	case VS_FL_PKT_SRCADDR:
		assert_int_equal(vs_addr4_value(&rec->pkt_src), 0x0a000105u);
		assert_int_equal(rec->pkt_src.af, VS_AF4);
		break;
	case VS_FL_PKT_DSTADDR:
		assert_int_equal(vs_addr4_value(&rec->pkt_dst), 0xcb007105u);
		break;
	case VS_FL_FLOW_DIRECTION:
		assert_int_equal(rec->dir, VS_FL_EGRESS);
		break;
	case VS_FL_TRAFFIC_PATH:
		assert_int_equal(rec->traffic_path, 8);
		break;
	default:
		/* Text fields: the raw text is the value. */
		break;
	}
}

/* What an absent field must leave behind. */
static void
check_absent(const struct vs_flowrec *rec, enum vs_fl_field f)
{
	assert_int_equal(rec->have & BIT(f), 0);
	assert_int_equal(rec->raw[f].n, 0);
	switch (f) {
	case VS_FL_ACTION:
		assert_int_equal(rec->action, VS_FL_NOACTION);
		break;
	case VS_FL_LOG_STATUS:
		assert_int_equal(rec->status, VS_FL_NOSTATUS);
		break;
	case VS_FL_TCP_FLAGS:
		assert_int_equal(rec->tcp_flags, -1);
		break;
	case VS_FL_FLOW_DIRECTION:
		assert_int_equal(rec->dir, VS_FL_DIR_NONE);
		break;
	case VS_FL_TRAFFIC_PATH:
		assert_int_equal(rec->traffic_path, -1);
		break;
	case VS_FL_INTERFACE_ID:
		assert_int_equal(rec->interface_id.n, 0);
		break;
	case VS_FL_ACCOUNT_ID:
		assert_int_equal(rec->account_id.n, 0);
		break;
	default:
		break;
	}
}

/*
 * Every field, in a custom format next to interface-id (or account-id for
 * interface-id itself): its value, and "-" leaving its bit clear.
 */
static void
test_every_field(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(sizeof(fcases) / sizeof(fcases[0]), VS_FL__COUNT);
	for (i = 0; i < VS_FL__COUNT; i++) {
		const struct fcase *c = &fcases[i];
		enum vs_fl_field lay[2];
		enum vs_fl_field other = c->f == VS_FL_INTERFACE_ID
					     ? VS_FL_ACCOUNT_ID
					     : VS_FL_INTERFACE_ID;
		const char *otext = other == VS_FL_INTERFACE_ID
					? "eni-1235b8ca123456789"
					: "123456789010";
		char fmt[128], line[256], why[256] = "";
		struct vs_flowrec rec;
		unsigned g;

		assert_int_equal(c->f, (enum vs_fl_field)i);
		snprintf(fmt, sizeof(fmt), "${%s} ${%s}",
		    vs_fl_field_names[other], vs_fl_field_names[c->f]);
		assert_int_equal(vs_flowlog_parse_format(fmt, lay, 2, why,
				     sizeof(why)),
		    2);
		assert_int_equal(lay[0], other);
		assert_int_equal(lay[1], c->f);

		snprintf(line, sizeof(line), "%s %s", otext, c->text);
		if (vs_flowlog_parse_line(line, strlen(line), lay, 2, &rec, why,
			sizeof(why)) != 0)
			fail_msg("%s: %s", vs_fl_field_names[c->f], why);
		assert_int_equal(rec.have, BIT(other) | BIT(c->f));
		assert_int_equal(rec.raw[c->f].n, strlen(c->text));
		assert_memory_equal(rec.raw[c->f].p, c->text, strlen(c->text));
		assert_true(rec.raw[c->f].p == line + strlen(otext) + 1);
		check_value(&rec, c->f);
		for (g = 0; g < VS_FL__COUNT; g++) {
			if (g == c->f || g == other)
				continue;
			assert_null(rec.raw[g].p);
			check_absent(&rec, (enum vs_fl_field)g);
		}

		/* The same field written "-". */
		snprintf(line, sizeof(line), "%s -", otext);
		if (vs_flowlog_parse_line(line, strlen(line), lay, 2, &rec, why,
			sizeof(why)) != 0)
			fail_msg("%s -: %s", vs_fl_field_names[c->f], why);
		assert_int_equal(rec.have, BIT(other));
		check_absent(&rec, c->f);
		assert_true(rec.raw[c->f].p == line + strlen(otext) + 1);
	}
}

/* Bad values of the fields that are checked, and their exact reasons. */
static void
test_bad_values(void **state)
{
	static const struct {
		enum vs_fl_field f;
		const char *text, *why;
	} bad[] = {
	    {VS_FL_VERSION, "256", "version: expected 0..255, got 256"},
	    {VS_FL_VERSION, "v2", "version: expected 0..255, got v2"},
	    {VS_FL_SRCADDR, "10.0.0.300",
		"srcaddr: not an IP address: 10.0.0.300"},
	    {VS_FL_DSTADDR, "fe80::zz", "dstaddr: not an IP address: fe80::zz"},
	    {VS_FL_PKT_SRCADDR, "1.2.3",
		"pkt-srcaddr: not an IP address: 1.2.3"},
	    {VS_FL_PKT_DSTADDR, "eni-1",
		"pkt-dstaddr: not an IP address: "
		"eni-1"},
	    {VS_FL_SRCPORT, "65536", "srcport: expected 0..65535, got 65536"},
	    {VS_FL_DSTPORT, "70000", "dstport: expected 0..65535, got 70000"},
	    {VS_FL_DSTPORT, "+22", "dstport: expected 0..65535, got +22"},
	    {VS_FL_DSTPORT, "-1", "dstport: expected 0..65535, got -1"},
	    {VS_FL_PROTOCOL, "256", "protocol: expected 0..255, got 256"},
	    {VS_FL_PROTOCOL, "tcp", "protocol: expected 0..255, got tcp"},
	    {VS_FL_PACKETS, "18446744073709551616",
		"packets: expected 0..18446744073709551615, got "
		"18446744073709551616"},
	    {VS_FL_PACKETS, "99999999999999999999",
		"packets: expected 0..18446744073709551615, got "
		"99999999999999999999"},
	    {VS_FL_BYTES, "1.5",
		"bytes: expected 0..18446744073709551615, got 1.5"},
	    {VS_FL_BYTES, "12345678x",
		"bytes: expected 0..18446744073709551615, got 12345678x"},
	    {VS_FL_START, "9223372036854775808",
		"start: expected 0..9223372036854775807, got "
		"9223372036854775808"},
	    {VS_FL_END, "1418530O70",
		"end: expected 0..9223372036854775807, got 1418530O70"},
	    {VS_FL_ACTION, "DROP",
		"action: expected ACCEPT or REJECT, got DROP"},
	    {VS_FL_ACTION, "accept",
		"action: expected ACCEPT or REJECT, got accept"},
	    {VS_FL_LOG_STATUS, "ok",
		"log-status: expected OK, NODATA or SKIPDATA, got ok"},
	    {VS_FL_TCP_FLAGS, "256", "tcp-flags: expected 0..255, got 256"},
	    {VS_FL_TYPE, "ipv4",
		"type: expected IPv4, IPv6 or EFA, got "
		"ipv4"},
	    {VS_FL_FLOW_DIRECTION, "in",
		"flow-direction: expected ingress or egress, got in"},
	    {VS_FL_TRAFFIC_PATH, "0", "traffic-path: expected 1..8, got 0"},
	    {VS_FL_TRAFFIC_PATH, "9", "traffic-path: expected 1..8, got 9"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum vs_fl_field lay[2] = {VS_FL_INTERFACE_ID, bad[i].f};
		char line[256], why[256] = "";
		struct vs_flowrec rec;

		snprintf(line, sizeof(line), "eni-1 %s", bad[i].text);
		assert_int_equal(vs_flowlog_parse_line(line, strlen(line), lay,
				     2, &rec, why, sizeof(why)),
		    -1);
		assert_string_equal(why, bad[i].why);
	}
}

/* The reason shows at most 40 bytes of a value, and escapes the rest. */
static void
test_reason_value_shown(void **state)
{
	enum vs_fl_field lay[1] = {VS_FL_DSTPORT};
	char line[128], why[256], want[128];
	struct vs_flowrec rec;

	(void)state;
	memset(line, '9', 60);
	line[60] = '\0';
	assert_int_equal(vs_flowlog_parse_line(line, 60, lay, 1, &rec, why,
			     sizeof(why)),
	    -1);
	snprintf(want, sizeof(want), "dstport: expected 0..65535, got %.40s...",
	    line);
	assert_string_equal(why, want);
	assert_int_equal(vs_flowlog_parse_line("8\x01", 2, lay, 1, &rec, why,
			     sizeof(why)),
	    -1);
	assert_string_equal(why, "dstport: expected 0..65535, got 8\\x01");
	/* A NULL reason buffer is allowed. */
	assert_int_equal(vs_flowlog_parse_line("x", 1, lay, 1, &rec, NULL, 0),
	    -1);
}

/* The default layout, field counts, and the action of OK records. */
static void
test_parse_line_default(void **state)
{
	const char *ssh = "2 123456789010 eni-1235b8ca123456789 "
			  "172.31.16.139 172.31.16.21 20641 22 6 20 4249 "
			  "1418530010 1418530070 ACCEPT OK\r\n";
	char why[256];
	struct vs_flowrec rec;

	(void)state;
	assert_int_equal(vs_flowlog_parse_line(ssh, strlen(ssh), NULL, 0, &rec,
			     why, sizeof(why)),
	    0);
	assert_int_equal(rec.dport, 22);
	assert_int_equal(rec.status, VS_FL_OK);
	assert_null(rec.file);
	assert_int_equal(rec.line, 0);

	assert_int_equal(vs_flowlog_parse_line(ssh, 40, NULL, 0, &rec, why,
			     sizeof(why)),
	    -1);
	assert_string_equal(why, "expected 14 fields, got 4");
	assert_int_equal(vs_flowlog_parse_line("", 0, NULL, 0, &rec, why,
			     sizeof(why)),
	    -1);
	assert_string_equal(why, "expected 14 fields, got 0");

	/* "-" for the action only goes with NODATA and SKIPDATA. */
	{
		const char *l = "2 123456789010 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 "
				"1 1 2 - OK";
		assert_int_equal(vs_flowlog_parse_line(l, strlen(l), NULL, 0,
				     &rec, why, sizeof(why)),
		    -1);
		assert_string_equal(why,
		    "action: expected ACCEPT or REJECT, got -");
	}
	/* A field count error wins over the bad values it causes. */
	{
		const char *l = "2 123456789010 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 "
				"1 1 ACCEPT OK";
		assert_int_equal(vs_flowlog_parse_line(l, strlen(l), NULL, 0,
				     &rec, why, sizeof(why)),
		    -1);
		assert_string_equal(why, "expected 14 fields, got 13");
	}
	/* A NUL byte wins over everything. */
	assert_int_equal(vs_flowlog_parse_line("2 x\0y", 5, NULL, 0, &rec, why,
			     sizeof(why)),
	    -1);
	assert_string_equal(why, "NUL byte in line");
}

/* Columns found across 64-byte blocks, and lines of every short length. */
static void
test_columns_at_block_edges(void **state)
{
	enum vs_fl_field lay[3] = {VS_FL_VPC_ID, VS_FL_DSTPORT, VS_FL_REGION};
	char line[400], why[256];
	struct vs_flowrec rec;
	unsigned pad, vlen;

	(void)state;
	for (pad = 0; pad < 140; pad++) {
		for (vlen = 1; vlen < 80; vlen += 13) {
			size_t n = 0;
			memset(line, ' ', pad);
			n = pad;
			memset(line + n, 'v', vlen);
			n += vlen;
			memcpy(line + n, "\t 443 ", 6);
			n += 6;
			memset(line + n, 'r', vlen);
			n += vlen;
			if (vs_flowlog_parse_line(line, n, lay, 3, &rec, why,
				sizeof(why)) != 0)
				fail_msg("pad %u vlen %u: %s", pad, vlen, why);
			assert_int_equal(rec.raw[VS_FL_VPC_ID].n, vlen);
			assert_true(rec.raw[VS_FL_VPC_ID].p == line + pad);
			assert_int_equal(rec.dport, 443);
			assert_int_equal(rec.raw[VS_FL_REGION].n, vlen);
			assert_true(
			    rec.raw[VS_FL_REGION].p == line + pad + vlen + 6);
		}
	}
}

/* Numbers of every length, checked against a plain loop. */
static void
test_number_lengths(void **state)
{
	enum vs_fl_field lay[2] = {VS_FL_BYTES, VS_FL_PACKETS};
	char line[128], why[256];
	struct vs_flowrec rec;
	uint64_t v = 0;
	unsigned d, lead;

	(void)state;
	for (d = 1; d <= 20; d++) {
		v = v * 10 + (d % 10);
		for (lead = 0; lead < 3; lead++) {
			/* bytes: the number; packets: zeros and the number. */
			int n = snprintf(line, sizeof(line), "%llu %.*s%llu",
			    (unsigned long long)v, (int)lead, "000",
			    (unsigned long long)v);
			int rc = vs_flowlog_parse_line(line, (size_t)n, lay, 2,
			    &rec, why, sizeof(why));
			if (d + lead > 20)
				continue;
			if (rc != 0)
				fail_msg("%s: %s", line, why);
			assert_true(rec.bytes == v);
			assert_true(rec.packets == v);
		}
	}
}

static void
test_parse_format(void **state)
{
	enum vs_fl_field f[VS_FL__COUNT];
	char why[256];

	(void)state;
	assert_int_equal(vs_flowlog_parse_format("${version} ${srcaddr}", f,
			     VS_FL__COUNT, why, sizeof(why)),
	    2);
	assert_int_equal(f[0], VS_FL_VERSION);
	assert_int_equal(f[1], VS_FL_SRCADDR);
	assert_int_equal(vs_flowlog_parse_format("  version\taccount_id  "
						 "pkt-src-aws-service ",
			     f, VS_FL__COUNT, why, sizeof(why)),
	    3);
	assert_int_equal(f[1], VS_FL_ACCOUNT_ID);
	assert_int_equal(f[2], VS_FL_PKT_SRC_AWS_SERVICE);
	assert_int_equal(vs_flowlog_parse_format("${log-status}${tcp-flags}", f,
			     VS_FL__COUNT, why, sizeof(why)),
	    2);
	assert_int_equal(f[0], VS_FL_LOG_STATUS);
	assert_int_equal(f[1], VS_FL_TCP_FLAGS);

	assert_int_equal(vs_flowlog_parse_format("${version} ${bogus}", f,
			     VS_FL__COUNT, why, sizeof(why)),
	    -1);
	assert_string_equal(why, "unknown flow-log field \"bogus\"");
	assert_int_equal(vs_flowlog_parse_format("version srcadr", f,
			     VS_FL__COUNT, why, sizeof(why)),
	    -1);
	assert_string_equal(why, "unknown flow-log field \"srcadr\"");
	assert_int_equal(vs_flowlog_parse_format("  ", f, VS_FL__COUNT, why,
			     sizeof(why)),
	    -1);
	assert_string_equal(why, "empty format");
	assert_int_equal(vs_flowlog_parse_format("${version", f, VS_FL__COUNT,
			     why, sizeof(why)),
	    -1);
	assert_string_equal(why, "unterminated \"${\" in format");
	assert_int_equal(vs_flowlog_parse_format("${end} ${start} ${end}", f,
			     VS_FL__COUNT, why, sizeof(why)),
	    -1);
	assert_string_equal(why, "field \"end\" named twice");
	assert_int_equal(vs_flowlog_parse_format("version srcaddr dstaddr", f,
			     2, why, sizeof(why)),
	    -1);
	assert_string_equal(why, "more than 2 fields");
	/* Every name, as a format in table order. */
	{
		char fmt[2048] = "";
		unsigned i;
		for (i = 0; i < VS_FL__COUNT; i++) {
			strcat(fmt, "${");
			strcat(fmt, vs_fl_field_names[i]);
			strcat(fmt, "} ");
		}
		assert_int_equal(vs_flowlog_parse_format(fmt, f, VS_FL__COUNT,
				     why, sizeof(why)),
		    VS_FL__COUNT);
		for (i = 0; i < VS_FL__COUNT; i++)
			assert_int_equal(f[i], i);
	}
}

static void
test_open_errors(void **state)
{
	char err[256], path[PATH_MAX];
	struct vs_flowreader *r;

	(void)state;
	snprintf(path, sizeof(path), "%s/no-such-file.log", tmpdir);
	r = vs_flowreader_open(path, NULL, err, sizeof(err));
	assert_null(r);
	{
		char want[PATH_MAX + 64];
		snprintf(want, sizeof(want), "%s: No such file or directory",
		    path);
		assert_string_equal(err, want);
		r = vs_flowreader_open(tmpdir, NULL, err, sizeof(err));
		assert_null(r);
		snprintf(want, sizeof(want), "%s: Is a directory", tmpdir);
		assert_string_equal(err, want);
	}
	r = vs_flowreader_open(data_path("v2-default.log"),
	    "${version} ${srcaddr} ${nope}", err, sizeof(err));
	assert_null(r);
	assert_string_equal(err, "log format: unknown flow-log field \"nope\"");
	vs_flowreader_close(&r);
	vs_flowreader_close(NULL);
}

static void
test_v2_default(void **state)
{
	struct run run;
	const char *path = data_path("v2-default.log");

	(void)state;
	run_file(path, NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 0);
	check_v2_examples(&run, 1);
	assert_string_equal(run.items[0].file, path);
	assert_int_equal(run.size, file_size(path));
	assert_int_equal(run.offset, run.size);
	run_free(&run);

	/* The default format given as a format string reads the same. */
	run_file(path,
	    "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} "
	    "${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} "
	    "${end} ${action} ${log-status}",
	    &run, true);
	check_v2_examples(&run, 1);
	run_free(&run);
}

/* The v3 TCP-flags example: header line, double space before 10.0.0.62. */
static void
test_v3_tcp_flags(void **state)
{
	struct run run;
	const struct item *it;

	(void)state;
	run_file(data_path("v3-tcpflags.log"), NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 2);
	it = run.items;
	assert_int_equal(it[0].r.line, 2);
	assert_int_equal(it[1].r.line, 3);
	assert_int_equal(it[0].r.version, 3);
	assert_string_equal(it[0].raw[VS_FL_VPC_ID], "vpc-abcdefab012345678");
	assert_string_equal(it[0].raw[VS_FL_SUBNET_ID],
	    "subnet-aaaaaaaa012345678");
	assert_string_equal(it[0].raw[VS_FL_INSTANCE_ID],
	    "i-01234567890123456");
	assert_string_equal(it[0].iface, "eni-1235b8ca123456789");
	assert_string_equal(it[0].account, "123456789010");
	assert_string_equal(it[0].raw[VS_FL_TYPE], "IPv4");
	assert_addr(&it[0].r.src, "52.213.180.42");
	assert_addr(&it[0].r.dst, "10.0.0.62");
	assert_int_equal(it[0].r.sport, 43638);
	assert_int_equal(it[0].r.dport, 5001);
	assert_addr(&it[0].r.pkt_src, "52.213.180.42");
	assert_addr(&it[0].r.pkt_dst, "10.0.0.62");
	assert_int_equal(it[0].r.proto, 6);
	/* The format puts bytes before packets. */
	assert_int_equal(it[0].r.bytes, 1260);
	assert_int_equal(it[0].r.packets, 17);
	assert_int_equal(it[0].r.start, 1566933133);
	assert_int_equal(it[0].r.end, 1566933193);
	assert_int_equal(it[0].r.action, VS_FL_ACCEPT);
	assert_int_equal(it[0].r.tcp_flags, 3);
	assert_int_equal(it[0].r.status, VS_FL_OK);
	/* The record with the double space. */
	assert_addr(&it[1].r.src, "10.0.0.62");
	assert_int_equal(it[1].r.sport, 5001);
	assert_int_equal(it[1].r.dport, 43638);
	assert_addr(&it[1].r.pkt_src, "10.0.0.62");
	assert_addr(&it[1].r.pkt_dst, "52.213.180.42");
	assert_int_equal(it[1].r.bytes, 967);
	assert_int_equal(it[1].r.packets, 14);
	assert_int_equal(it[1].r.tcp_flags, 19);
	assert_int_equal(it[1].r.have,
	    (BIT(VS_FL_LOG_STATUS + 1) - 1) | BIT(VS_FL_VPC_ID) |
		BIT(VS_FL_SUBNET_ID) | BIT(VS_FL_INSTANCE_ID) |
		BIT(VS_FL_TCP_FLAGS) | BIT(VS_FL_TYPE) |
		BIT(VS_FL_PKT_SRCADDR) | BIT(VS_FL_PKT_DSTADDR));
	run_free(&run);
}

/* The v5 example: a reordered header, ingress and egress records. */
static void
test_v5_reordered(void **state)
{
	struct run run;
	const struct item *it;

	(void)state;
	run_file(data_path("v5-reordered.log"), NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 2);
	it = run.items;
	assert_int_equal(it[0].r.version, 5);
	assert_addr(&it[0].r.src, "52.95.128.179");
	assert_addr(&it[0].r.dst, "10.0.0.71");
	assert_int_equal(it[0].r.sport, 80);
	assert_int_equal(it[0].r.dport, 34210);
	assert_int_equal(it[0].r.start, 1616729292);
	assert_int_equal(it[0].r.end, 1616729349);
	assert_int_equal(it[0].r.packets, 14);
	assert_int_equal(it[0].r.bytes, 15044);
	assert_string_equal(it[0].account, "123456789012");
	assert_string_equal(it[0].raw[VS_FL_REGION], "ap-southeast-2");
	assert_string_equal(it[0].raw[VS_FL_AZ_ID], "apse2-az3");
	assert_int_equal(it[0].r.have & BIT(VS_FL_SUBLOCATION_TYPE), 0);
	assert_int_equal(it[0].r.have & BIT(VS_FL_SUBLOCATION_ID), 0);
	assert_int_equal(it[0].r.tcp_flags, 19);
	assert_string_equal(it[0].raw[VS_FL_PKT_SRC_AWS_SERVICE], "S3");
	assert_int_equal(it[0].r.have & BIT(VS_FL_PKT_DST_AWS_SERVICE), 0);
	/* Ingress records never carry a traffic path. */
	assert_int_equal(it[0].r.have & BIT(VS_FL_TRAFFIC_PATH), 0);
	assert_int_equal(it[0].r.traffic_path, -1);
	assert_int_equal(it[0].r.dir, VS_FL_INGRESS);
	assert_int_equal(it[0].r.status, VS_FL_OK);
	/* Egress through the internet gateway (8). */
	assert_addr(&it[1].r.src, "10.0.0.71");
	assert_int_equal(it[1].r.packets, 7);
	assert_int_equal(it[1].r.bytes, 471);
	assert_int_equal(it[1].r.tcp_flags, 3);
	assert_int_equal(it[1].r.have & BIT(VS_FL_PKT_SRC_AWS_SERVICE), 0);
	assert_string_equal(it[1].raw[VS_FL_PKT_DST_AWS_SERVICE], "S3");
	assert_int_equal(it[1].r.traffic_path, 8);
	assert_int_equal(it[1].r.dir, VS_FL_EGRESS);
	run_free(&run);
}

/* A header naming all 42 fields, reversed, some with underscores. */
static void
test_all_fields_header(void **state)
{
	struct run run;
	const struct item *it;
	unsigned f;

	(void)state;
	run_file(data_path("all-fields.log"), NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 2);
	it = run.items;
	/* Two of the 42 values are "-". */
	assert_int_equal(it[0].r.have, (BIT(VS_FL__COUNT) - 1) &
					   ~BIT(VS_FL_PKT_SRC_AWS_SERVICE) &
					   ~BIT(VS_FL_ECS_SECOND_CONTAINER_ID));
	assert_int_equal(it[0].r.version, 8);
	assert_string_equal(it[0].iface, "eni-0f1e2d3c4b5a69788");
	assert_addr(&it[0].r.src, "10.0.1.25");
	assert_addr(&it[0].r.dst, "10.0.2.40");
	assert_addr(&it[0].r.pkt_dst, "10.0.2.41");
	assert_int_equal(it[0].r.sport, 41234);
	assert_int_equal(it[0].r.dport, 8080);
	assert_int_equal(it[0].r.action, VS_FL_REJECT);
	assert_int_equal(it[0].r.tcp_flags, 2);
	assert_int_equal(it[0].r.traffic_path, 1);
	assert_int_equal(it[0].r.dir, VS_FL_EGRESS);
	assert_string_equal(it[0].raw[VS_FL_REJECT_REASON], "BPA");
	assert_string_equal(it[0].raw[VS_FL_ENCRYPTION_STATUS], "0");
	assert_string_equal(it[0].raw[VS_FL_ECS_TASK_DEFINITION_ARN],
	    "arn:aws:ecs:eu-west-1:123456789012:task-definition/frontend:7");
	assert_string_equal(it[0].raw[VS_FL_SUBLOCATION_TYPE], "outpost");
	/* All "-": a valid record with nothing in it (no log-status, so the
	 * "-" action is not an error). */
	assert_int_equal(it[1].r.have, 0);
	for (f = 0; f < VS_FL__COUNT; f++) {
		assert_string_equal(it[1].raw[f], "");
		assert_false(it[1].rawnull[f]);
	}
	assert_int_equal(it[1].r.status, VS_FL_NOSTATUS);
	run_free(&run);
}

static void
test_ipv6(void **state)
{
	struct run run;
	const struct item *it;

	(void)state;
	run_file(data_path("ipv6.log"), NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 3);
	it = run.items;
	assert_int_equal(it[0].r.src.af, VS_AF6);
	assert_int_equal(it[0].r.src.hi, 0x20010db812341a00ULL);
	assert_int_equal(it[0].r.src.lo, 0x10);
	assert_int_equal(it[0].r.dst.hi, 0x20010db812341a01ULL);
	assert_int_equal(it[0].r.dst.lo, 0x9f2e07c100aa0005ULL);
	assert_true(vs_addr_eq(&it[0].r.pkt_src, &it[0].r.src));
	assert_true(vs_addr_eq(&it[0].r.pkt_dst, &it[0].r.dst));
	assert_int_equal(it[0].r.dport, 443);
	assert_string_equal(it[0].raw[VS_FL_TYPE], "IPv6");
	/* ICMPv6, rejected, no packet-level addresses. */
	assert_addr(&it[1].r.src, "2001:db8:ffff::1");
	assert_int_equal(it[1].r.proto, 58);
	assert_int_equal(it[1].r.action, VS_FL_REJECT);
	assert_int_equal(it[1].r.have & BIT(VS_FL_PKT_SRCADDR), 0);
	/* IPv4 in the same file. */
	assert_int_equal(it[2].r.src.af, VS_AF4);
	assert_addr(&it[2].r.dst, "10.0.1.7");
	run_free(&run);
}

/* A header line switches the layout for the lines after it. */
static void
test_mid_file_header(void **state)
{
	struct run run;
	const struct item *it;

	(void)state;
	run_file(data_path("mixed-headers.log"), NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 4);
	it = run.items;
	assert_int_equal(it[0].r.line, 1);
	assert_int_equal(it[0].r.dport, 22);
	assert_string_equal(it[0].iface, "eni-1235b8ca123456789");
	assert_int_equal(it[1].r.line, 3);
	assert_int_equal(it[1].r.version, 5);
	assert_addr(&it[1].r.src, "10.0.0.71");
	assert_int_equal(it[1].r.dport, 80);
	assert_int_equal(it[1].r.dir, VS_FL_EGRESS);
	/* Fields of the first layout that the second lacks are gone. */
	assert_int_equal(it[1].r.have & BIT(VS_FL_INTERFACE_ID), 0);
	assert_true(it[1].rawnull[VS_FL_INTERFACE_ID]);
	assert_true(it[1].rawnull[VS_FL_START]);
	assert_int_equal(it[2].r.action, VS_FL_REJECT);
	assert_int_equal(it[2].r.dir, VS_FL_INGRESS);
	/* Back to the default fields, spelled with underscores. */
	assert_int_equal(it[3].r.line, 6);
	assert_int_equal(it[3].r.dport, 3389);
	assert_true(it[3].rawnull[VS_FL_FLOW_DIRECTION]);
	assert_int_equal(it[3].r.dir, VS_FL_DIR_NONE);
	run_free(&run);
}

/* A header wins over the format given to open. */
static void
test_header_beats_format(void **state)
{
	struct run run;

	(void)state;
	run_file(data_path("v3-tcpflags.log"), "${version} ${srcaddr}", &run,
	    true);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.items[1].r.tcp_flags, 19);
	run_free(&run);
}

/* A given format reads header-less custom records. */
static void
test_given_format(void **state)
{
	const char *path = tmp_text("nat.log",
	    "- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 "
	    "203.0.113.5\n"
	    "- eni-1235b8ca123456789 10.0.0.220 203.0.113.5 10.0.0.220 "
	    "203.0.113.5\n");
	struct run run;

	(void)state;
	run_file(path,
	    "${instance-id} ${interface-id} ${srcaddr} ${dstaddr} "
	    "${pkt-srcaddr} ${pkt-dstaddr}",
	    &run, true);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.items[0].r.have & BIT(VS_FL_INSTANCE_ID), 0);
	assert_addr(&run.items[0].r.dst, "10.0.0.220");
	assert_addr(&run.items[0].r.pkt_dst, "203.0.113.5");
	assert_addr(&run.items[1].r.pkt_src, "10.0.0.220");
	run_free(&run);

	/* Without the format the same lines are malformed. */
	run_file(path, NULL, &run, false);
	assert_int_equal(run.records, 0);
	assert_int_equal(run.errs.malformed, 2);
	run_free(&run);
}

/* Header columns vpcsim does not know are read and dropped. */
static void
test_header_unknown_column(void **state)
{
	const char *path = tmp_text("newer.log",
	    "version interface-type srcaddr dstaddr srcaddr action log-status\n"
	    "9 interface 10.0.0.1 10.0.0.2 10.9.9.9 ACCEPT OK\n");
	struct run run;

	(void)state;
	run_file(path, NULL, &run, true);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 1);
	assert_int_equal(run.items[0].r.version, 9);
	/* The second srcaddr column is ignored too. */
	assert_addr(&run.items[0].r.src, "10.0.0.1");
	assert_int_equal(run.items[0].r.action, VS_FL_ACCEPT);
	run_free(&run);
}

static void
test_gzip(void **state)
{
	const char *path = data_path("v2-s3.log.gz");
	struct run run;

	(void)state;
	run_file(path, NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 0);
	/* Line 1 is the S3 header. */
	check_v2_examples(&run, 2);
	assert_int_equal(run.size, file_size(path));
	assert_int_equal(run.offset, run.size);
	run_free(&run);
}

static void
test_gzip_members(void **state)
{
	const char *path = tmp_path("members.log.gz");
	struct run run;

	(void)state;
	gz_member(path, "version account-id interface-id srcaddr dstaddr "
			"srcport dstport protocol packets bytes start end "
			"action log-status\n"
			"2 123456789010 eni-1235b8ca123456789 172.31.16.139 "
			"172.31.16.21 20641 22 6 20 4249 1418530010 "
			"1418530070 ACCEPT OK\n");
	/* A member may end in the middle of a line. */
	gz_member(path, "2 123456789010 eni-1235b8ca123456789 172.31.9.69 "
			"172.31.9.12 49761 3389 6 20 4249 ");
	gz_member(path, "1418530010 1418530070 REJECT OK\n");
	gz_member(path, "");
	gz_member(path, "2 123456789010 eni-1235b8ca123456789 - - - - - - - "
			"1431280876 1431280934 - NODATA\n");
	run_file(path, NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 3);
	assert_int_equal(run.items[0].r.line, 2);
	assert_int_equal(run.items[1].r.line, 3);
	assert_int_equal(run.items[1].r.dport, 3389);
	assert_int_equal(run.items[1].r.action, VS_FL_REJECT);
	assert_int_equal(run.items[2].r.line, 4);
	assert_int_equal(run.items[2].r.status, VS_FL_NODATA);
	assert_int_equal(run.offset, file_size(path));
	run_free(&run);
}

/* Many records, so that the stream spans several read chunks. */
static char *
many_records(unsigned n, size_t *len)
{
	size_t cap = (size_t)n * 120 + 1, off = 0;
	char *s = malloc(cap);
	unsigned i;

	assert_non_null(s);
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(s + off, cap - off,
		    "2 123456789010 eni-%017u 10.%u.%u.%u 172.31.16.21 %u 443 "
		    "6 %u %u 1418530010 1418530070 %s OK\n",
		    i, (i >> 16) & 255, (i >> 8) & 255, i & 255,
		    1024 + i % 60000, 1 + i % 97, 40 + i,
		    i % 3 ? "ACCEPT" : "REJECT");
	*len = off;
	return s;
}

static void
test_gzip_truncated(void **state)
{
	const char *path = tmp_path("trunc.log.gz");
	size_t len;
	char *text = many_records(40000, &len);
	struct run run;
	gzFile g;

	(void)state;
	g = gzopen(path, "wb6");
	assert_non_null(g);
	assert_int_equal(gzwrite(g, text, (unsigned)len), (int)len);
	assert_int_equal(gzclose(g), Z_OK);
	free(text);
	assert_int_equal(truncate(path, (off_t)(file_size(path) / 2)), 0);
	run_file(path, NULL, &run, false);
	assert_int_equal(run.rc, -1);
	assert_string_equal(run.err, "gzip: unexpected end of file");
	/* What came before the cut was read. */
	assert_true(run.records > 1000);
	assert_true(run.records < 40000);
	assert_int_equal(run.errs.malformed, 0);
	run_free(&run);

	/* Cut inside the 10-byte header of a second member. */
	{
		const char *p2 = tmp_path("trunc2.log.gz");
		FILE *f;
		gz_member(p2, "2 123456789010 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 1 "
			      "1 2 ACCEPT OK\n");
		f = fopen(p2, "ab");
		assert_non_null(f);
		fputs("\x1f\x8b\x08", f);
		fclose(f);
		run_file(p2, NULL, &run, false);
		assert_int_equal(run.records, 1);
		assert_int_equal(run.rc, -1);
		assert_string_equal(run.err, "gzip: unexpected end of file");
		run_free(&run);
	}
}

static void
test_gzip_corrupt(void **state)
{
	const char *path = tmp_path("corrupt.log.gz");
	const char *p2;
	char buf[4096];
	size_t n;
	FILE *f;
	struct run run;

	(void)state;
	gz_member(path, "2 123456789010 eni-1235b8ca123456789 172.31.16.139 "
			"172.31.16.21 20641 22 6 20 4249 1418530010 "
			"1418530070 ACCEPT OK\n");
	/* Trailing bytes that are not another member. */
	f = fopen(path, "ab");
	assert_non_null(f);
	fputs("garbage\n", f);
	fclose(f);
	run_file(path, NULL, &run, false);
	assert_int_equal(run.records, 1);
	assert_int_equal(run.rc, -1);
	assert_string_equal(run.err,
	    "gzip: trailing garbage after compressed data");
	run_free(&run);

	/* A damaged CRC. */
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	n -= 8; /* without the garbage */
	buf[n - 8] ^= 0x55;
	p2 = tmp_write("badcrc.log.gz", buf, n);
	run_file(p2, NULL, &run, false);
	assert_int_equal(run.rc, -1);
	assert_string_equal(run.err, "gzip: incorrect data check");
	run_free(&run);
}

static void
test_cloudwatch_filter(void **state)
{
	const char *path = data_path("cloudwatch-filter.json");
	struct run run;

	(void)state;
	run_file(path, NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 3);
	/* line is the 1-based event index. */
	assert_int_equal(run.items[0].r.line, 1);
	assert_int_equal(run.items[0].r.dport, 22);
	assert_int_equal(run.items[1].r.line, 2);
	assert_int_equal(run.items[1].r.action, VS_FL_REJECT);
	assert_addr(&run.items[1].r.src, "172.31.9.69");
	assert_int_equal(run.items[2].r.line, 3);
	assert_int_equal(run.items[2].r.status, VS_FL_NODATA);
	assert_string_equal(run.items[2].file, path);
	assert_int_equal(run.offset, file_size(path));
	run_free(&run);
}

static void
test_cloudwatch_get(void **state)
{
	struct run run;

	(void)state;
	run_file(data_path("cloudwatch-get.json"), NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 2);
	assert_addr(&run.items[0].r.src, "203.0.113.12");
	assert_int_equal(run.items[0].r.action, VS_FL_ACCEPT);
	assert_int_equal(run.items[1].r.action, VS_FL_REJECT);
	assert_int_equal(run.items[1].r.line, 2);
	run_free(&run);
}

/* Events without a string message, header-like messages, two pages. */
static void
test_cloudwatch_odd(void **state)
{
	const char *path = tmp_text("odd.json",
	    "\n  {\"events\": [\n"
	    "  {\"message\": \"2 123456789010 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 "
	    "1 1 2 ACCEPT OK\\r\\n\"},\n"
	    "  {\"timestamp\": 1},\n"
	    "  {\"message\": 42},\n"
	    "  [\"message\"],\n"
	    "  {\"message\": \"version account-id\"},\n"
	    "  {\"message\": \"\"},\n"
	    "  {\"message\": \"# note\"}\n"
	    "]}\n"
	    "{\"events\": [{\"message\": \"2 123456789010 eni-2 1.1.1.1 "
	    "2.2.2.2 1 2 6 1 1 1 2 REJECT OK\"}], \"nextToken\": \"x\"}\n");
	struct run run;

	(void)state;
	run_file(path, NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.items[0].r.line, 1);
	assert_int_equal(run.items[0].r.status, VS_FL_OK);
	assert_string_equal(run.items[1].iface, "eni-2");
	assert_int_equal(run.items[1].r.line, 8);
	assert_int_equal(run.errs.malformed, 4);
	assert_int_equal(run.errs.n, 4);
	{
		char want[PATH_MAX + 64];
		snprintf(want, sizeof(want),
		    "%s:2: event has no string \"message\"", path);
		assert_string_equal(run.errs.reasons[0], want);
		snprintf(want, sizeof(want),
		    "%s:3: event has no string \"message\"", path);
		assert_string_equal(run.errs.reasons[1], want);
		snprintf(want, sizeof(want),
		    "%s:4: event has no string \"message\"", path);
		assert_string_equal(run.errs.reasons[2], want);
		/* CloudWatch messages are never headers. */
		snprintf(want, sizeof(want), "%s:5: expected 14 fields, got 2",
		    path);
		assert_string_equal(run.errs.reasons[3], want);
	}
	run_free(&run);
}

static void
test_cloudwatch_bad_json(void **state)
{
	struct run run;

	(void)state;
	run_file(tmp_text("bad.json", "{\"events\": [\n  {\"message\": }\n]}"),
	    NULL, &run, false);
	assert_int_equal(run.rc, -1);
	assert_string_equal(run.err, "json: syntax error at line 2, column 15");
	run_free(&run);

	run_file(tmp_text("noevents.json", "{\"logGroups\": []}"), NULL, &run,
	    false);
	assert_int_equal(run.rc, -1);
	assert_string_equal(run.err,
	    "json: expected an object with an \"events\" array at line 1, "
	    "column 1");
	run_free(&run);

	/* gzip-compressed JSON. */
	{
		const char *p = tmp_path("page.json.gz");
		gz_member(p, "{\"events\":[{\"message\":\"2 123456789010 eni-3 "
			     "1.1.1.1 2.2.2.2 1 2 6 1 1 1 2 ACCEPT OK\"}]}");
		run_file(p, NULL, &run, true);
		assert_int_equal(run.rc, 0);
		assert_int_equal(run.n, 1);
		assert_string_equal(run.items[0].iface, "eni-3");
		run_free(&run);
	}
}

static void
test_malformed_file(void **state)
{
	static const char *const want[] = {
	    "3: expected 14 fields, got 9",
	    "4: dstport: expected 0..65535, got 70000",
	    "5: srcaddr: not an IP address: 10.0.0.300",
	    "6: action: expected ACCEPT or REJECT, got DROP",
	    "7: action: expected ACCEPT or REJECT, got -",
	    "8: log-status: expected OK, NODATA or SKIPDATA, got FINE",
	    "9: protocol: expected 0..255, got 256",
	    "10: packets: expected 0..18446744073709551615, got -5",
	    "11: start: expected 0..9223372036854775807, got 1418530010x",
	    "12: version: expected 0..255, got v2",
	    "15: dstaddr: not an IP address: fe80::zz",
	    "16: expected 14 fields, got 15",
	    "17: bytes: expected 0..18446744073709551615, got "
	    "18446744073709551616",
	};
	const char *path = data_path("malformed.log");
	struct run run;
	unsigned i;

	(void)state;
	run_file(path, NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.n, 3);
	assert_int_equal(run.items[0].r.line, 2);
	assert_int_equal(run.items[1].r.line, 14);
	assert_int_equal(run.items[2].r.line, 18);
	assert_int_equal(run.errs.malformed, 13);
	assert_int_equal(run.errs.n, 13);
	for (i = 0; i < 13; i++) {
		char w[PATH_MAX + 128];
		snprintf(w, sizeof(w), "%s:%s", path, want[i]);
		assert_string_equal(run.errs.reasons[i], w);
	}
	run_free(&run);
}

/* The first 20 reasons are kept, all are counted, across two files. */
static void
test_reason_cap(void **state)
{
	char text[64 * 30];
	const char *path;
	struct vs_flowerrs errs = {0};
	struct vs_flowrec rec;
	struct vs_flowreader *r;
	size_t off = 0;
	unsigned i, pass;
	char err[256];

	(void)state;
	for (i = 0; i < 25; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
		    "bad line %u\n", i + 1);
	path = tmp_text("bad25.log", text);
	for (pass = 0; pass < 2; pass++) {
		r = vs_flowreader_open(path, NULL, err, sizeof(err));
		assert_non_null(r);
		vs_flowreader_set_errs(r, &errs);
		assert_int_equal(vs_flowreader_next(r, &rec), 0);
		vs_flowreader_close(&r);
	}
	assert_int_equal(errs.malformed, 50);
	assert_int_equal(errs.n, VS_FL_MAX_REASONS);
	{
		char w[PATH_MAX + 64];
		snprintf(w, sizeof(w), "%s:20: expected 14 fields, got 3",
		    path);
		assert_string_equal(errs.reasons[19], w);
	}
	vs_flowerrs_free(&errs);
	assert_int_equal(errs.n, 0);
	assert_int_equal(errs.malformed, 0);
	/* Without errs set, malformed lines are still skipped. */
	r = vs_flowreader_open(path, NULL, err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(vs_flowreader_next(r, &rec), 0);
	vs_flowreader_close(&r);
}

static void
test_crlf_tabs_comments(void **state)
{
	const char *path = tmp_text("crlf.log",
	    "# exported by hand\r\n"
	    "\r\n"
	    "   \t \r\n"
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\r\n"
	    "\t2\t123456789010\teni-1235b8ca123456789 \t172.31.9.69\t\t"
	    "172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT "
	    "OK \t\r\n"
	    "  # indented comment\n"
	    "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 "
	    "1431280934 - NODATA");
	struct run run;

	(void)state;
	run_file(path, NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 3);
	assert_int_equal(run.items[0].r.line, 4);
	assert_int_equal(run.items[0].r.status, VS_FL_OK);
	assert_string_equal(run.items[0].raw[VS_FL_LOG_STATUS], "OK");
	assert_int_equal(run.items[1].r.line, 5);
	assert_string_equal(run.items[1].iface, "eni-1235b8ca123456789");
	assert_addr(&run.items[1].r.src, "172.31.9.69");
	assert_int_equal(run.items[1].r.status, VS_FL_OK);
	/* The last line has no LF. */
	assert_int_equal(run.items[2].r.line, 7);
	assert_int_equal(run.items[2].r.status, VS_FL_NODATA);
	run_free(&run);
}

static void
test_nul_byte(void **state)
{
	static const char text[] =
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n"
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 20 4249 1418530010 1418530070 ACC\0PT OK\n"
	    "\0\n"
	    "version srcaddr\0 dstaddr\n"
	    "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 "
	    "49761 3389 6 20 4249 1418530010 1418530070 REJECT OK\n"
	    /* A field name followed by NULs in one token (a fuzzer find:
	     * the name lookup read past the end of "version"). */
	    "version\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0 account-id\n";
	const char *path = tmp_write("nul.log", text, sizeof(text) - 1);
	struct run run;
	char w[PATH_MAX + 64];

	(void)state;
	run_file(path, NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.items[1].r.line, 5);
	assert_int_equal(run.items[1].r.dport, 3389);
	assert_int_equal(run.errs.malformed, 4);
	snprintf(w, sizeof(w), "%s:2: NUL byte in line", path);
	assert_string_equal(run.errs.reasons[0], w);
	snprintf(w, sizeof(w), "%s:3: NUL byte in line", path);
	assert_string_equal(run.errs.reasons[1], w);
	/* A header with a NUL is no header: the layout stays. */
	snprintf(w, sizeof(w), "%s:4: NUL byte in line", path);
	assert_string_equal(run.errs.reasons[2], w);
	snprintf(w, sizeof(w), "%s:6: NUL byte in line", path);
	assert_string_equal(run.errs.reasons[3], w);
	run_free(&run);
}

/* A line of exactly 64 KiB is read; longer ones are skipped. */
static void
test_long_lines(void **state)
{
	static const char rec1[] =
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
	size_t cap = 400 * 1024, off = 0, n;
	char *text = malloc(cap);
	const char *path;
	struct run run;
	char w[PATH_MAX + 64];

	(void)state;
	assert_non_null(text);
	/* 1: a record padded with blanks to exactly 65536 bytes. */
	n = sizeof(rec1) - 1;
	memcpy(text + off, rec1, n);
	memset(text + off + n, ' ', 65536 - n);
	off += 65536;
	text[off++] = '\n';
	/* 2: 65537 bytes. */
	memcpy(text + off, rec1, n);
	memset(text + off + n, ' ', 65537 - n);
	off += 65537;
	text[off++] = '\n';
	/* 3: 100 KiB of one token. */
	memset(text + off, 'x', 100 * 1024);
	off += 100 * 1024;
	text[off++] = '\n';
	/* 4: a good record. */
	memcpy(text + off, rec1, n);
	off += n;
	text[off++] = '\n';
	/* 5: 100 KiB again, at the end, without LF. */
	memset(text + off, '7', 100 * 1024);
	off += 100 * 1024;
	path = tmp_write("long.log", text, off);
	free(text);

	run_file(path, NULL, &run, true);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.items[0].r.line, 1);
	assert_int_equal(run.items[0].r.dport, 22);
	assert_int_equal(run.items[1].r.line, 4);
	assert_int_equal(run.errs.malformed, 3);
	snprintf(w, sizeof(w), "%s:2: line longer than 65536 bytes", path);
	assert_string_equal(run.errs.reasons[0], w);
	snprintf(w, sizeof(w), "%s:3: line longer than 65536 bytes", path);
	assert_string_equal(run.errs.reasons[1], w);
	snprintf(w, sizeof(w), "%s:5: line longer than 65536 bytes", path);
	assert_string_equal(run.errs.reasons[2], w);
	run_free(&run);

	/* The public parser has the same limit. */
	{
		char *l = malloc(65537);
		char why[128];
		struct vs_flowrec rec;
		assert_non_null(l);
		memset(l, ' ', 65537);
		memcpy(l, rec1, n);
		assert_int_equal(vs_flowlog_parse_line(l, 65536, NULL, 0, &rec,
				     why, sizeof(why)),
		    0);
		assert_int_equal(vs_flowlog_parse_line(l, 65537, NULL, 0, &rec,
				     why, sizeof(why)),
		    -1);
		assert_string_equal(why, "line longer than 65536 bytes");
		free(l);
	}
}

/*
 * Long lines where one read (1 MiB) ends: a line longer than a read, a
 * long line after it, and one at the end of the file.  Plain and gzip.
 */
static void
test_long_lines_across_reads(void **state)
{
	size_t recs, tail = 0, len, off, n, i, cap = 4u << 20;
	char *many = many_records(9500, &len);
	char *text = malloc(cap);
	unsigned pass;

	(void)state;
	assert_non_null(text);
	assert_true(len > (1u << 20));
	/* Whole records up to about 30 KiB before the 1 MiB mark. */
	for (off = 0, recs = 0; off < (1u << 20) - 30 * 1024; recs++)
		off = (size_t)(strchr(many + off, '\n') - many) + 1;
	memcpy(text, many, off);
	/* A 1300 KiB line across the mark, then a 70 KiB one. */
	memset(text + off, 'y', 1300 * 1024);
	off += 1300 * 1024;
	text[off++] = '\n';
	memset(text + off, 'z', 70 * 1024);
	off += 70 * 1024;
	text[off++] = '\n';
	/* The rest of the records, then a 100 KiB line that ends the file
	 * without a LF. */
	n = len - (size_t)(strchr(many + (1u << 20), '\n') - many) - 1;
	memcpy(text + off, many + len - n, n);
	for (i = 0; i < n; i++)
		tail += text[off + i] == '\n';
	off += n;
	memset(text + off, 'q', 100 * 1024);
	off += 100 * 1024;
	free(many);

	for (pass = 0; pass < 2; pass++) {
		const char *path;
		struct run run;
		char w[512];

		if (pass == 0) {
			path = tmp_write("across.log", text, off);
		} else {
			gzFile g;
			path = tmp_path("across.log.gz");
			g = gzopen(path, "wb1");
			assert_non_null(g);
			assert_int_equal(gzwrite(g, text, (unsigned)off),
			    (int)off);
			assert_int_equal(gzclose(g), Z_OK);
		}
		run_file(path, NULL, &run, false);
		assert_int_equal(run.rc, 0);
		assert_int_equal(run.records, recs + tail);
		assert_int_equal(run.lastline, recs + 2 + tail);
		assert_int_equal(run.errs.malformed, 3);
		snprintf(w, sizeof(w), "%s:%zu: line longer than 65536 bytes",
		    path, recs + 1);
		assert_string_equal(run.errs.reasons[0], w);
		snprintf(w, sizeof(w), "%s:%zu: line longer than 65536 bytes",
		    path, recs + 2);
		assert_string_equal(run.errs.reasons[1], w);
		snprintf(w, sizeof(w), "%s:%llu: line longer than 65536 bytes",
		    path, (unsigned long long)run.lastline + 1);
		assert_string_equal(run.errs.reasons[2], w);
		run_free(&run);
	}
	free(text);
}

/* Plain and gzip streams longer than the read chunk: nothing lost. */
static void
test_many_lines(void **state)
{
	size_t len;
	char *text = many_records(30000, &len);
	const char *plain = tmp_write("many.log", text, len);
	const char *gz = tmp_path("many.log.gz");
	struct vs_flowreader *r;
	struct vs_flowrec rec;
	char err[256];
	unsigned pass;
	gzFile g;

	(void)state;
	assert_true(len > (2u << 20));
	g = gzopen(gz, "wb1");
	assert_non_null(g);
	assert_int_equal(gzwrite(g, text, (unsigned)len), (int)len);
	assert_int_equal(gzclose(g), Z_OK);
	free(text);
	for (pass = 0; pass < 2; pass++) {
		const char *path = pass == 0 ? plain : gz;
		uint64_t i = 0, last_off = 0;
		int rc;

		r = vs_flowreader_open(path, NULL, err, sizeof(err));
		assert_non_null(r);
		assert_int_equal(vs_flowreader_size(r), file_size(path));
		while ((rc = vs_flowreader_next(r, &rec)) == 1) {
			char want[32];
			int n = snprintf(want, sizeof(want), "eni-%017u",
			    (unsigned)i);
			assert_int_equal(rec.line, i + 1);
			assert_int_equal(rec.interface_id.n, n);
			assert_memory_equal(rec.interface_id.p, want,
			    (size_t)n);
			assert_int_equal(vs_addr4_value(&rec.src),
			    0x0a000000u | (unsigned)i);
			assert_int_equal(rec.sport, 1024 + i % 60000);
			assert_int_equal(rec.bytes, 40 + i);
			assert_int_equal(rec.action,
			    i % 3 ? VS_FL_ACCEPT : VS_FL_REJECT);
			/* Progress never goes back. */
			assert_true(vs_flowreader_offset(r) >= last_off);
			last_off = vs_flowreader_offset(r);
			i++;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(i, 30000);
		assert_int_equal(vs_flowreader_offset(r), file_size(path));
		vs_flowreader_close(&r);
	}
}

static void
test_empty_inputs(void **state)
{
	struct run run;

	(void)state;
	run_file(tmp_text("empty.log", ""), NULL, &run, false);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.records, 0);
	assert_int_equal(run.offset, 0);
	run_free(&run);
	run_file(tmp_text("blank.log", "\n\n  \n"), NULL, &run, false);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.records, 0);
	assert_int_equal(run.errs.malformed, 0);
	run_free(&run);
	/* A header alone. */
	run_file(tmp_text("hdr.log", "version srcaddr"), NULL, &run, false);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.records, 0);
	assert_int_equal(run.errs.malformed, 0);
	run_free(&run);
	/* One byte: too short to be gzip. */
	run_file(tmp_text("one.log", "\x1f"), NULL, &run, false);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.errs.malformed, 1);
	run_free(&run);
	/* A UTF-8 byte-order mark before a header. */
	run_file(tmp_text("bom.log", "\xef\xbb\xbfversion dstport\n2 443\n"),
	    NULL, &run, true);
	assert_int_equal(run.errs.malformed, 0);
	assert_int_equal(run.n, 1);
	assert_int_equal(run.items[0].r.dport, 443);
	run_free(&run);
}

/* "-" reads standard input (here a file put there with freopen). */
static void
test_stdin(void **state)
{
	struct run run;

	(void)state;
	assert_non_null(freopen(data_path("v2-s3.log.gz"), "rb", stdin));
	run_file("-", NULL, &run, true);
	assert_int_equal(run.rc, 0);
	check_v2_examples(&run, 2);
	assert_string_equal(run.items[0].file, "<stdin>");
	/* Standard input stays open. */
	assert_int_equal(fcntl(STDIN_FILENO, F_GETFD) >= 0, 1);
	run_free(&run);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_field_table),
	    cmocka_unit_test(test_every_field),
	    cmocka_unit_test(test_bad_values),
	    cmocka_unit_test(test_reason_value_shown),
	    cmocka_unit_test(test_parse_line_default),
	    cmocka_unit_test(test_columns_at_block_edges),
	    cmocka_unit_test(test_number_lengths),
	    cmocka_unit_test(test_parse_format),
	    cmocka_unit_test(test_open_errors),
	    cmocka_unit_test(test_v2_default),
	    cmocka_unit_test(test_v3_tcp_flags),
	    cmocka_unit_test(test_v5_reordered),
	    cmocka_unit_test(test_all_fields_header),
	    cmocka_unit_test(test_ipv6),
	    cmocka_unit_test(test_mid_file_header),
	    cmocka_unit_test(test_header_beats_format),
	    cmocka_unit_test(test_given_format),
	    cmocka_unit_test(test_header_unknown_column),
	    cmocka_unit_test(test_gzip),
	    cmocka_unit_test(test_gzip_members),
	    cmocka_unit_test(test_gzip_truncated),
	    cmocka_unit_test(test_gzip_corrupt),
	    cmocka_unit_test(test_cloudwatch_filter),
	    cmocka_unit_test(test_cloudwatch_get),
	    cmocka_unit_test(test_cloudwatch_odd),
	    cmocka_unit_test(test_cloudwatch_bad_json),
	    cmocka_unit_test(test_malformed_file),
	    cmocka_unit_test(test_reason_cap),
	    cmocka_unit_test(test_crlf_tabs_comments),
	    cmocka_unit_test(test_nul_byte),
	    cmocka_unit_test(test_long_lines),
	    cmocka_unit_test(test_long_lines_across_reads),
	    cmocka_unit_test(test_many_lines),
	    cmocka_unit_test(test_empty_inputs),
	    cmocka_unit_test(test_stdin),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
