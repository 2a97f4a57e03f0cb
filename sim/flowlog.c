/*
 * flowlog.c - VPC flow-log reader (see flowlog.h).
 *
 * DOC: a reader is a byte source, a line splitter and a record parser.
 *
 * The source is a file descriptor read in FL_CHUNK pieces.  The first bytes
 * decide the kind of input: the gzip magic 1f 8b switches on a zlib inflate
 * stage (which restarts at the end of each member, so concatenated members
 * read as one stream), and then, on the decompressed bytes, a first
 * non-blank byte '{' means CloudWatch JSON.  A UTF-8 byte-order mark at the
 * start is skipped.
 *
 * Text input lives in buf[pos, end), a window of FL_BUFSZ bytes.  Lines are
 * found with memchr; a record's strings point into the window and stay
 * valid until the next call, which may move the unread tail of the window
 * to its start before reading more.  Because the window is FL_CHUNK +
 * FL_LINE_MAX + 1 bytes, a line of up to FL_LINE_MAX bytes always fits
 * after that move; a longer line is skipped in "skipping" mode, without
 * being stored, and reported as malformed once its end is seen.
 *
 * JSON input is read whole, parsed with cJSON one document at a time (so
 * pages printed one after another also work), and every element of its
 * "events" array is one record line: its "message".  Record strings then
 * point into the cJSON tree, which lives until the next document.
 *
 * A layout is the list of columns of a record line, one field per column;
 * the value VS_FL__COUNT (FL_IGNORE) marks a column that is read and
 * dropped.  Header lines may name fields vpcsim does not know (AWS adds
 * fields from time to time); those columns are ignored rather than making
 * every following record malformed.  A format string given by the caller,
 * on the other hand, must name only known fields.  The public
 * vs_flowlog_parse_line treats any out-of-range field value the same way.
 *
 * Parsing a record is two passes: the first finds where the columns start
 * and end (blanks are spaces and tabs, in runs), 64 bytes at a time; the
 * second, once the count is right, stores each column in rec->raw[field]
 * and converts it.  A column written "-" is absent: its have bit stays
 * clear and raw[field] keeps its pointer with length 0 (raw[field].p is
 * NULL only for fields that are not in the layout).  Integers are parsed
 * straight from (pointer, length), and IPv4 addresses take the
 * vs_addr_parse4 fast path, so a record line costs no allocation.
 */
#include "flowlog.h"

#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "mem.h"

/*
 * FL_PORTABLE (for testing) turns off the SSE2 and 8-bytes-at-a-time
 * paths.
 */
#if defined(__SSE2__) && !defined(FL_PORTABLE)
#define FL_SSE2 1
#include <emmintrin.h>
#endif

/* The longest line accepted, without its LF. */
#define FL_LINE_MAX 65536u
/* Bytes per read(2) and per inflate step. */
#define FL_CHUNK (1u << 20)
#define FL_BUFSZ (FL_CHUNK + FL_LINE_MAX + 1)
/* Most columns a header line may have (known fields or not). */
#define FL_MAXCOLS 128u
/* CloudWatch JSON is parsed whole: its size is bounded like a snapshot
 * file's (text and gzip logs are streamed, with no bound). */
#define FL_JSON_MAX ((uint64_t)1 << 30)
/* A column that is read and dropped. */
#define FL_IGNORE VS_FL__COUNT
/* Room for a reason; values are shown shortened (see show()). */
#define FL_WHYSZ 320

const char *const vs_fl_field_names[VS_FL__COUNT] = {
    [VS_FL_VERSION] = "version",
    [VS_FL_ACCOUNT_ID] = "account-id",
    [VS_FL_INTERFACE_ID] = "interface-id",
    [VS_FL_SRCADDR] = "srcaddr",
    [VS_FL_DSTADDR] = "dstaddr",
    [VS_FL_SRCPORT] = "srcport",
    [VS_FL_DSTPORT] = "dstport",
    [VS_FL_PROTOCOL] = "protocol",
    [VS_FL_PACKETS] = "packets",
    [VS_FL_BYTES] = "bytes",
    [VS_FL_START] = "start",
    [VS_FL_END] = "end",
    [VS_FL_ACTION] = "action",
    [VS_FL_LOG_STATUS] = "log-status",
    [VS_FL_VPC_ID] = "vpc-id",
    [VS_FL_SUBNET_ID] = "subnet-id",
    [VS_FL_INSTANCE_ID] = "instance-id",
    [VS_FL_TCP_FLAGS] = "tcp-flags",
    [VS_FL_TYPE] = "type",
    [VS_FL_PKT_SRCADDR] = "pkt-srcaddr",
    [VS_FL_PKT_DSTADDR] = "pkt-dstaddr",
    [VS_FL_REGION] = "region",
    [VS_FL_AZ_ID] = "az-id",
    [VS_FL_SUBLOCATION_TYPE] = "sublocation-type",
    [VS_FL_SUBLOCATION_ID] = "sublocation-id",
    [VS_FL_PKT_SRC_AWS_SERVICE] = "pkt-src-aws-service",
    [VS_FL_PKT_DST_AWS_SERVICE] = "pkt-dst-aws-service",
    [VS_FL_FLOW_DIRECTION] = "flow-direction",
    [VS_FL_TRAFFIC_PATH] = "traffic-path",
    [VS_FL_ECS_CLUSTER_ARN] = "ecs-cluster-arn",
    [VS_FL_ECS_CLUSTER_NAME] = "ecs-cluster-name",
    [VS_FL_ECS_CONTAINER_INSTANCE_ARN] = "ecs-container-instance-arn",
    [VS_FL_ECS_CONTAINER_INSTANCE_ID] = "ecs-container-instance-id",
    [VS_FL_ECS_CONTAINER_ID] = "ecs-container-id",
    [VS_FL_ECS_SECOND_CONTAINER_ID] = "ecs-second-container-id",
    [VS_FL_ECS_SERVICE_NAME] = "ecs-service-name",
    [VS_FL_ECS_TASK_DEFINITION_ARN] = "ecs-task-definition-arn",
    [VS_FL_ECS_TASK_ARN] = "ecs-task-arn",
    [VS_FL_ECS_TASK_ID] = "ecs-task-id",
    [VS_FL_REJECT_REASON] = "reject-reason",
    [VS_FL_RESOURCE_ID] = "resource-id",
    [VS_FL_ENCRYPTION_STATUS] = "encryption-status",
};

const unsigned char vs_fl_field_version[VS_FL__COUNT] = {
    [VS_FL_VERSION] = 2,
    [VS_FL_ACCOUNT_ID] = 2,
    [VS_FL_INTERFACE_ID] = 2,
    [VS_FL_SRCADDR] = 2,
    [VS_FL_DSTADDR] = 2,
    [VS_FL_SRCPORT] = 2,
    [VS_FL_DSTPORT] = 2,
    [VS_FL_PROTOCOL] = 2,
    [VS_FL_PACKETS] = 2,
    [VS_FL_BYTES] = 2,
    [VS_FL_START] = 2,
    [VS_FL_END] = 2,
    [VS_FL_ACTION] = 2,
    [VS_FL_LOG_STATUS] = 2,
    [VS_FL_VPC_ID] = 3,
    [VS_FL_SUBNET_ID] = 3,
    [VS_FL_INSTANCE_ID] = 3,
    [VS_FL_TCP_FLAGS] = 3,
    [VS_FL_TYPE] = 3,
    [VS_FL_PKT_SRCADDR] = 3,
    [VS_FL_PKT_DSTADDR] = 3,
    [VS_FL_REGION] = 4,
    [VS_FL_AZ_ID] = 4,
    [VS_FL_SUBLOCATION_TYPE] = 4,
    [VS_FL_SUBLOCATION_ID] = 4,
    [VS_FL_PKT_SRC_AWS_SERVICE] = 5,
    [VS_FL_PKT_DST_AWS_SERVICE] = 5,
    [VS_FL_FLOW_DIRECTION] = 5,
    [VS_FL_TRAFFIC_PATH] = 5,
    [VS_FL_ECS_CLUSTER_ARN] = 7,
    [VS_FL_ECS_CLUSTER_NAME] = 7,
    [VS_FL_ECS_CONTAINER_INSTANCE_ARN] = 7,
    [VS_FL_ECS_CONTAINER_INSTANCE_ID] = 7,
    [VS_FL_ECS_CONTAINER_ID] = 7,
    [VS_FL_ECS_SECOND_CONTAINER_ID] = 7,
    [VS_FL_ECS_SERVICE_NAME] = 7,
    [VS_FL_ECS_TASK_DEFINITION_ARN] = 7,
    [VS_FL_ECS_TASK_ARN] = 7,
    [VS_FL_ECS_TASK_ID] = 7,
    [VS_FL_REJECT_REASON] = 8,
    [VS_FL_RESOURCE_ID] = 0,
    [VS_FL_ENCRYPTION_STATUS] = 0,
};

_Static_assert(VS_FL__COUNT <= 64, "have is a 64-bit mask");

/* The default (version 2) format. */
static const enum vs_fl_field fl_default[] = {
    VS_FL_VERSION,
    VS_FL_ACCOUNT_ID,
    VS_FL_INTERFACE_ID,
    VS_FL_SRCADDR,
    VS_FL_DSTADDR,
    VS_FL_SRCPORT,
    VS_FL_DSTPORT,
    VS_FL_PROTOCOL,
    VS_FL_PACKETS,
    VS_FL_BYTES,
    VS_FL_START,
    VS_FL_END,
    VS_FL_ACTION,
    VS_FL_LOG_STATUS,
};
#define FL_NDEFAULT ((unsigned)(sizeof(fl_default) / sizeof(fl_default[0])))

enum fl_kind { FL_UNKNOWN, FL_TEXT, FL_JSON };

/* The columns of record lines, and the fields they leave out. */
struct fl_layout {
	enum vs_fl_field cols[FL_MAXCOLS];
	unsigned ncols;
	unsigned char absent[VS_FL__COUNT];
	unsigned nabsent;
};

struct vs_flowreader {
	int fd;
	bool own_fd;
	char *path; /* the name used in records and reasons */
	uint64_t size;
	uint64_t nread; /* bytes read from fd */
	bool raw_eof;   /* fd has no more bytes */
	bool src_eof;   /* the (decompressed) byte source is exhausted */
	enum fl_kind kind;
	int state; /* 0 reading, 1 at the end, -1 after an error */
	char err[256];
	struct vs_flowerrs *errs;

	/* gzip */
	bool gz;
	bool zinit;
	bool zmember_end;  /* the last inflate finished a member */
	unsigned zmembers; /* members finished so far */
	z_stream z;
	unsigned char *zin;

	/* text window */
	char *buf;
	size_t pos, end;
	bool skipping; /* inside a line longer than FL_LINE_MAX */
	uint64_t line;

	struct fl_layout lay;

	/* JSON */
	char *jbuf;
	size_t jlen, joff;
	cJSON *jdoc;
	const cJSON *jev;
	uint64_t jindex;
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void setmsg(char *dst, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
setmsg(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (dst == NULL || size == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(dst, size, fmt, ap);
	va_end(ap);
}

/*
 * A value as shown in a reason: at most 40 bytes of it, with bytes that are
 * not printable ASCII written \xHH, and "..." when it was cut.
 */
static const char *
show(const char *p, size_t n, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0, lim = n > 40 ? 40 : n;

	for (i = 0; i < lim && o + 5 < size; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c > 0x20 && c < 0x7f) {
			buf[o++] = (char)c;
		} else {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		}
	}
	if (i < n && o + 4 <= size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* The field named s[0, n), accepting '_' for '-'; -1 when unknown. */
static int
lookup_field(const char *s, size_t n)
{
	int f;

	for (f = 0; f < VS_FL__COUNT; f++) {
		const char *name = vs_fl_field_names[f];
		size_t i;
		for (i = 0; i < n && name[i] != '\0'; i++) {
			char c = s[i] == '_' ? '-' : s[i];
			if (c != name[i])
				break;
		}
		if (i == n && name[i] == '\0')
			return f;
	}
	return -1;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ &&    \
    !defined(FL_PORTABLE)
#define FL_SWAR 1

#define FL_ONES(b) (0x0101010101010101ULL * (b))

/*
 * The k (1..8) bytes at p as the high bytes of a little-endian word whose
 * low bytes are '0': the text of an 8-digit number with leading zeros.
 * before and after say how many bytes may be read before p and from p on
 * (after >= k), so that one unaligned load can serve.
 */
static inline uint64_t
load_digits(const char *p, unsigned k, size_t before, size_t after)
{
	unsigned pad = 8 - k, i;
	uint64_t v;

	if (before >= pad) {
		memcpy(&v, p - pad, 8);
		v &= ~0ULL << (8 * pad);
	} else if (after >= 8) {
		memcpy(&v, p, 8);
		v <<= 8 * pad;
	} else {
		v = 0;
		for (i = 0; i < k; i++)
			v |= (uint64_t)(unsigned char)p[i] << (8 * (pad + i));
	}
	/* pad is 0..7: k is at least 1. */
	return pad == 0 ? v : v | FL_ONES(0x30) >> (8 * (8 - pad));
}

static inline bool
swar_digits(uint64_t v)
{
	return (v & FL_ONES(0xf0)) == FL_ONES(0x30) &&
	       (((v & FL_ONES(0x0f)) + FL_ONES(0x06)) & FL_ONES(0xf0)) == 0;
}

/* The value of 8 digits (first digit in the low byte). */
static inline uint64_t
swar_value(uint64_t v)
{
	const uint64_t mask = 0x000000ff000000ffULL;

	v -= FL_ONES(0x30);
	v = v * 10 + (v >> 8);
	return ((v & mask) * (100 + (1000000ULL << 32)) +
		   ((v >> 16) & mask) * (1 + (10000ULL << 32))) >>
	       32;
}
#endif

/*
 * Decimal digits only, no sign; at most max.  before and after bound the
 * bytes around s[0, n) that may be read (see load_digits).  Numbers of up
 * to 16 digits go 8 digits at a time; longer ones byte by byte, where up to
 * 19 digits cannot overflow 64 bits and only a 20th needs checking.
 */
static inline int
parse_u64(const char *s, size_t n, size_t before, size_t after, uint64_t max,
    uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

#ifdef FL_SWAR
	if (n >= 1 && n <= 16) {
		uint64_t lo, hi;
		if (n <= 8) {
			lo = load_digits(s, (unsigned)n, before, after);
			if (!swar_digits(lo))
				return -1;
			v = swar_value(lo);
		} else {
			unsigned k = (unsigned)n - 8;
			hi = load_digits(s, k, before, after);
			lo = load_digits(s + k, 8, before + k, after - k);
			if (!swar_digits(hi) || !swar_digits(lo))
				return -1;
			v = swar_value(hi) * 100000000u + swar_value(lo);
		}
		if (v > max)
			return -1;
		*out = v;
		return 0;
	}
#else
	(void)before;
	(void)after;
#endif
	if (n == 0 || n > 20)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)(unsigned char)s[i] - '0';
		if (d > 9)
			return -1;
		if (i == 19 && v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static inline bool
sv_is(const struct vs_sv *v, const char *lit, size_t litlen)
{
	return v->n == litlen && memcmp(v->p, lit, litlen) == 0;
}

#define SV_IS(v, lit) sv_is((v), (lit), sizeof(lit) - 1)

/* Convert the column of field f; 0, or -1 with a reason in why. */
static inline int
parse_field(enum vs_fl_field f, struct vs_flowrec *rec, const char *line,
    size_t len, char *why, size_t whylen)
{
	const struct vs_sv *v = &rec->raw[f];
	size_t before = (size_t)(v->p - line), after = len - before;
	const char *name = vs_fl_field_names[f];
	struct vs_addr *a = NULL;
	uint64_t min = 0, max = 0, u;
	char shown[192];

	switch (f) {
	case VS_FL_VERSION:
	case VS_FL_PROTOCOL:
	case VS_FL_TCP_FLAGS:
		max = 255;
		break;
	case VS_FL_SRCPORT:
	case VS_FL_DSTPORT:
		max = 65535;
		break;
	case VS_FL_PACKETS:
	case VS_FL_BYTES:
		max = UINT64_MAX;
		break;
	case VS_FL_START:
	case VS_FL_END:
		max = INT64_MAX;
		break;
	case VS_FL_SRCADDR:
		a = &rec->src;
		break;
	case VS_FL_DSTADDR:
		a = &rec->dst;
		break;
	case VS_FL_PKT_SRCADDR:
		a = &rec->pkt_src;
		break;
	case VS_FL_PKT_DSTADDR:
		a = &rec->pkt_dst;
		break;
	case VS_FL_ACCOUNT_ID:
		rec->account_id = *v;
		return 0;
	case VS_FL_INTERFACE_ID:
		rec->interface_id = *v;
		return 0;
	case VS_FL_ACTION:
		if (SV_IS(v, "ACCEPT"))
			rec->action = VS_FL_ACCEPT;
		else if (SV_IS(v, "REJECT"))
			rec->action = VS_FL_REJECT;
		else
			goto bad_action;
		return 0;
	case VS_FL_LOG_STATUS:
		if (SV_IS(v, "OK"))
			rec->status = VS_FL_OK;
		else if (SV_IS(v, "NODATA"))
			rec->status = VS_FL_NODATA;
		else if (SV_IS(v, "SKIPDATA"))
			rec->status = VS_FL_SKIPDATA;
		else {
			setmsg(why, whylen,
			    "%s: expected OK, NODATA or SKIPDATA, got %s", name,
			    show(v->p, v->n, shown, sizeof(shown)));
			return -1;
		}
		return 0;
	case VS_FL_TYPE:
		if (SV_IS(v, "IPv4") || SV_IS(v, "IPv6") || SV_IS(v, "EFA"))
			return 0;
		setmsg(why, whylen, "%s: expected IPv4, IPv6 or EFA, got %s",
		    name, show(v->p, v->n, shown, sizeof(shown)));
		return -1;
	case VS_FL_FLOW_DIRECTION:
		if (SV_IS(v, "ingress"))
			rec->dir = VS_FL_INGRESS;
		else if (SV_IS(v, "egress"))
			rec->dir = VS_FL_EGRESS;
		else {
			setmsg(why, whylen,
			    "%s: expected ingress or egress, got %s", name,
			    show(v->p, v->n, shown, sizeof(shown)));
			return -1;
		}
		return 0;
	case VS_FL_TRAFFIC_PATH:
		min = 1;
		max = 8;
		break;
	default:
		/* Kept as text only. */
		return 0;
	}

	if (a != NULL) {
		if (vs_addr_parse4(v->p, v->n, a) == 0 ||
		    (memchr(v->p, ':', v->n) != NULL &&
			vs_addr_parse6(v->p, v->n, a) == 0))
			return 0;
		setmsg(why, whylen, "%s: not an IP address: %s", name,
		    show(v->p, v->n, shown, sizeof(shown)));
		return -1;
	}
	if (parse_u64(v->p, v->n, before, after, max, &u) != 0 || u < min) {
		setmsg(why, whylen,
		    "%s: expected %" PRIu64 "..%" PRIu64 ", got %s", name, min,
		    max, show(v->p, v->n, shown, sizeof(shown)));
		return -1;
	}
	switch (f) {
	case VS_FL_VERSION:
		rec->version = (int)u;
		break;
	case VS_FL_PROTOCOL:
		rec->proto = (int)u;
		break;
	case VS_FL_TCP_FLAGS:
		rec->tcp_flags = (int)u;
		break;
	case VS_FL_SRCPORT:
		rec->sport = (uint16_t)u;
		break;
	case VS_FL_DSTPORT:
		rec->dport = (uint16_t)u;
		break;
	case VS_FL_PACKETS:
		rec->packets = u;
		break;
	case VS_FL_BYTES:
		rec->bytes = u;
		break;
	case VS_FL_START:
		rec->start = (int64_t)u;
		break;
	case VS_FL_END:
		rec->end = (int64_t)u;
		break;
	case VS_FL_TRAFFIC_PATH:
		rec->traffic_path = (int)u;
		break;
	default:
		break;
	}
	return 0;

bad_action:
	setmsg(why, whylen, "%s: expected ACCEPT or REJECT, got %s", name,
	    show(v->p, v->n, shown, sizeof(shown)));
	return -1;
}

/*
 * Bit i set when s[i] is a blank, for the 64 bytes at s; the NUL bytes
 * among them are added to *nul the same way.
 */
static inline uint64_t
blank_bits64(const char *s, uint64_t *nul)
{
#ifdef FL_SSE2
	const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
	const __m128i zero = _mm_setzero_si128();
	uint64_t m = 0, z = 0;
	int i;

	for (i = 0; i < 4; i++) {
		__m128i v = _mm_loadu_si128(
		    (const __m128i *)(const void *)(s + 16 * i));
		__m128i b =
		    _mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, tab));
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(b) << (16 * i);
		z |= (uint64_t)(unsigned)_mm_movemask_epi8(
			 _mm_cmpeq_epi8(v, zero))
		     << (16 * i);
	}
	*nul |= z;
	return m;
#else
	uint64_t m = 0;
	unsigned i;

	for (i = 0; i < 64; i++) {
		m |= (uint64_t)is_blank(s[i]) << i;
		*nul |= (uint64_t)(s[i] == '\0') << i;
	}
	return m;
#endif
}

/*
 * Parse a record line (without its LF and CR) with the given layout.
 * Out-of-range field values in cols are ignored columns.  absent lists the
 * fields that are not in cols, whose raw entries must be cleared; with
 * absent NULL the caller has cleared the whole record.
 *
 * Columns are found 64 bytes at a time: b has a bit per blank byte, and
 * b ^ (b << 1 | blank-before) has a bit wherever a column starts or ends,
 * so the loop runs once per edge rather than once per byte.  The last,
 * partial block of a line of 64 bytes or more is read as the line's last
 * 64 bytes, shifted; only shorter lines are copied.  NUL bytes are found
 * on the way.  The columns are converted once the count is known to be
 * right, so that a line with a column missing reports the count and not
 * whatever the shifted columns happen to hold.
 */
static int
parse_record(const char *s, size_t len, const enum vs_fl_field *cols,
    unsigned ncols, const unsigned char *absent, unsigned nabsent,
    struct vs_flowrec *rec, char *why, size_t whylen)
{
	static const struct vs_addr noaddr;
	uint32_t pos[2 * FL_MAXCOLS + 1];
	size_t base, ne = 0, count, cap = 2 * (size_t)ncols;
	unsigned k;
	bool dash_action = false;
	uint64_t prev = 1; /* the line starts after a blank */
	uint64_t nul = 0;
	char tail[64];

	rec->have = 0;
	rec->version = 0;
	rec->interface_id.p = rec->account_id.p = NULL;
	rec->interface_id.n = rec->account_id.n = 0;
	rec->src = rec->dst = rec->pkt_src = rec->pkt_dst = noaddr;
	rec->sport = rec->dport = 0;
	rec->proto = 0;
	rec->packets = rec->bytes = 0;
	rec->start = rec->end = 0;
	rec->action = VS_FL_NOACTION;
	rec->status = VS_FL_NOSTATUS;
	rec->tcp_flags = -1;
	rec->dir = VS_FL_DIR_NONE;
	rec->traffic_path = -1;
	rec->file = NULL;
	rec->line = 0;
	/*
	 * One store per field left out: a contiguous clear would become a
	 * slow "rep stos" here.
	 */
	for (k = 0; k < nabsent; k++) {
		rec->raw[absent[k]].p = NULL;
		rec->raw[absent[k]].n = 0;
	}

	for (base = 0; base < len; base += 64) {
		size_t left = len - base;
		uint64_t b, edges;

		if (left >= 64) {
			b = blank_bits64(s + base, &nul);
		} else if (len >= 64) {
			b = blank_bits64(s + len - 64, &nul) >> (64 - left);
			b |= ~0ULL << left;
		} else {
			memset(tail, ' ', sizeof(tail));
			memcpy(tail, s + base, left);
			b = blank_bits64(tail, &nul);
		}
		edges = b ^ ((b << 1) | prev);
		prev = b >> 63;
		while (edges != 0) {
			pos[ne < cap ? ne : cap] =
			    (uint32_t)(base + (size_t)__builtin_ctzll(edges));
			ne++;
			edges &= edges - 1;
		}
	}
	if (ne % 2 == 1) {
		/* The last column runs to the end of the line. */
		pos[ne < cap ? ne : cap] = (uint32_t)len;
		ne++;
	}
	count = ne / 2;
	if (nul != 0 || count != ncols) {
		if (absent != NULL)
			memset(rec->raw, 0, sizeof(rec->raw));
		if (nul != 0)
			setmsg(why, whylen, "NUL byte in line");
		else
			setmsg(why, whylen, "expected %u fields, got %zu",
			    ncols, count);
		return -1;
	}
	for (k = 0; k < ncols; k++) {
		unsigned f = (unsigned)cols[k];
		struct vs_sv *v;
		if (f >= VS_FL__COUNT)
			continue;
		v = &rec->raw[f];
		v->p = s + pos[2 * k];
		v->n = pos[2 * k + 1] - pos[2 * k];
		if (v->n == 1 && v->p[0] == '-') {
			v->n = 0;
			rec->have &= ~((uint64_t)1 << f);
			if (f == VS_FL_ACTION)
				dash_action = true;
			continue;
		}
		if (parse_field((enum vs_fl_field)f, rec, s, len, why,
			whylen) != 0)
			return -1;
		rec->have |= (uint64_t)1 << f;
	}
	/* One packet has one address family on both ends. */
	if ((rec->have & ((uint64_t)1 << VS_FL_SRCADDR)) &&
	    (rec->have & ((uint64_t)1 << VS_FL_DSTADDR)) &&
	    rec->src.af != rec->dst.af) {
		setmsg(why, whylen,
		    "srcaddr and dstaddr are of different "
		    "address families");
		return -1;
	}
	if ((rec->have & ((uint64_t)1 << VS_FL_PKT_SRCADDR)) &&
	    (rec->have & ((uint64_t)1 << VS_FL_PKT_DSTADDR)) &&
	    rec->pkt_src.af != rec->pkt_dst.af) {
		setmsg(why, whylen,
		    "pkt-srcaddr and pkt-dstaddr are of "
		    "different address families");
		return -1;
	}
	/* Only NODATA and SKIPDATA records may leave the action out. */
	if (dash_action && rec->status == VS_FL_OK) {
		setmsg(why, whylen, "%s: expected ACCEPT or REJECT, got -",
		    vs_fl_field_names[VS_FL_ACTION]);
		return -1;
	}
	return 0;
}

/* Make cols[0, n) the layout, and list the fields it leaves out. */
static void
set_layout(struct fl_layout *l, const enum vs_fl_field *cols, unsigned n)
{
	uint64_t in = 0;
	unsigned k;

	memcpy(l->cols, cols, n * sizeof(cols[0]));
	l->ncols = n;
	for (k = 0; k < n; k++)
		if ((unsigned)cols[k] < VS_FL__COUNT)
			in |= (uint64_t)1 << cols[k];
	l->nabsent = 0;
	for (k = 0; k < VS_FL__COUNT; k++)
		if (!(in & ((uint64_t)1 << k)))
			l->absent[l->nabsent++] = (unsigned char)k;
}

int
vs_flowlog_parse_line(const char *line, size_t len,
    const enum vs_fl_field *fields, unsigned nfields, struct vs_flowrec *rec,
    char *why, size_t whylen)
{
	int rc;

	if (fields == NULL) {
		fields = fl_default;
		nfields = FL_NDEFAULT;
	}
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len > FL_LINE_MAX) {
		memset(rec, 0, sizeof(*rec));
		setmsg(why, whylen, "line longer than %u bytes", FL_LINE_MAX);
		return -1;
	}
	if (nfields > FL_MAXCOLS) {
		memset(rec, 0, sizeof(*rec));
		setmsg(why, whylen, "more than %u fields in the layout",
		    FL_MAXCOLS);
		return -1;
	}
	memset(rec, 0, sizeof(*rec));
	rc =
	    parse_record(line, len, fields, nfields, NULL, 0, rec, why, whylen);
	rec->file = NULL;
	rec->line = 0;
	return rc;
}

int
vs_flowlog_parse_format(const char *fmt, enum vs_fl_field *fields, unsigned max,
    char *why, size_t whylen)
{
	const char *s = fmt;
	uint64_t seen = 0;
	unsigned n = 0;
	char shown[192];

	if (s == NULL)
		s = "";
	for (;;) {
		const char *name;
		size_t len;
		int f;

		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (*s == '\0')
			break;
		if (s[0] == '$' && s[1] == '{') {
			const char *close;
			name = s + 2;
			close = strchr(name, '}');
			if (close == NULL) {
				setmsg(why, whylen,
				    "unterminated \"${\" in format");
				return -1;
			}
			len = (size_t)(close - name);
			s = close + 1;
		} else {
			name = s;
			while (*s != '\0' && !is_blank(*s) && *s != '\n' &&
			       *s != '\r' && !(s[0] == '$' && s[1] == '{'))
				s++;
			len = (size_t)(s - name);
		}
		f = lookup_field(name, len);
		if (f < 0) {
			setmsg(why, whylen, "unknown flow-log field \"%s\"",
			    show(name, len, shown, sizeof(shown)));
			return -1;
		}
		if (seen & ((uint64_t)1 << f)) {
			setmsg(why, whylen, "field \"%s\" named twice",
			    vs_fl_field_names[f]);
			return -1;
		}
		if (n >= max) {
			setmsg(why, whylen, "more than %u fields", max);
			return -1;
		}
		seen |= (uint64_t)1 << f;
		fields[n++] = (enum vs_fl_field)f;
	}
	if (n == 0) {
		setmsg(why, whylen, "empty format");
		return -1;
	}
	return (int)n;
}

/* ---- errors ---- */

static int fail(struct vs_flowreader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct vs_flowreader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	r->state = -1;
	return -1;
}

static void
malformed(struct vs_flowreader *r, const char *why)
{
	struct vs_flowerrs *e = r->errs;
	char *s;
	int n;

	if (e == NULL)
		return;
	e->malformed++;
	if (e->n >= VS_FL_MAX_REASONS)
		return;
	n = snprintf(NULL, 0, "%s:%" PRIu64 ": %s", r->path, r->line, why);
	if (n < 0)
		return;
	s = vs_xmalloc((size_t)n + 1);
	snprintf(s, (size_t)n + 1, "%s:%" PRIu64 ": %s", r->path, r->line, why);
	e->reasons[e->n++] = s;
}

void
vs_flowreader_set_errs(struct vs_flowreader *r, struct vs_flowerrs *errs)
{
	r->errs = errs;
}

void
vs_flowerrs_free(struct vs_flowerrs *errs)
{
	unsigned i;

	if (errs == NULL)
		return;
	for (i = 0; i < errs->n && i < VS_FL_MAX_REASONS; i++)
		free(errs->reasons[i]);
	memset(errs, 0, sizeof(*errs));
}

/* ---- byte source ---- */

static voidpf
fl_zalloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return vs_xcalloc(items, size);
}

static void
fl_zfree(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

/* read(2) up to n bytes; the count, 0 at the end, -1 on error. */
static ssize_t
raw_read(struct vs_flowreader *r, void *dst, size_t n)
{
	ssize_t k;

	do
		k = read(r->fd, dst, n);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return fail(r, "read error: %s", strerror(errno));
	if (k == 0)
		r->raw_eof = true;
	r->nread += (uint64_t)k;
	return k;
}

/* Inflate into buf[end, FL_BUFSZ); 1 when bytes came, 0 at the end. */
static int
gz_fill(struct vs_flowreader *r)
{
	z_stream *z = &r->z;

	for (;;) {
		size_t room = FL_BUFSZ - r->end;
		uInt got;
		int rc;

		if (z->avail_in == 0 && !r->raw_eof) {
			ssize_t k = raw_read(r, r->zin, FL_CHUNK);
			if (k < 0)
				return -1;
			z->next_in = r->zin;
			z->avail_in = (uInt)k;
		}
		if (z->avail_in == 0) {
			if (r->zmember_end)
				return 0;
			return fail(r, "gzip: unexpected end of file");
		}
		if (r->zmember_end) {
			/* More bytes after a member: the next member. */
			if (inflateReset(z) != Z_OK)
				return fail(r, "gzip: cannot reset the stream");
			r->zmember_end = false;
		}
		z->next_out = (Bytef *)(r->buf + r->end);
		z->avail_out = (uInt)room;
		rc = inflate(z, Z_NO_FLUSH);
		got = (uInt)room - z->avail_out;
		r->end += got;
		switch (rc) {
		case Z_STREAM_END:
			r->zmember_end = true;
			r->zmembers++;
			break;
		case Z_OK:
		case Z_BUF_ERROR:
			break;
		case Z_DATA_ERROR:
			if (r->zmembers > 0 && z->total_out == 0)
				return fail(r, "gzip: trailing garbage after "
					       "compressed data");
			return fail(r, "gzip: %s",
			    z->msg != NULL ? z->msg : "corrupt data");
		default:
			return fail(r, "gzip: %s",
			    z->msg != NULL ? z->msg : zError(rc));
		}
		if (got > 0)
			return 1;
	}
}

/* Append to buf[end, FL_BUFSZ); 1 when bytes came, 0 at the end. */
static int
src_fill(struct vs_flowreader *r)
{
	size_t room = FL_BUFSZ - r->end;
	ssize_t k;

	if (r->gz)
		return gz_fill(r);
	if (r->raw_eof)
		return 0;
	k = raw_read(r, r->buf + r->end, room < FL_CHUNK ? room : FL_CHUNK);
	if (k < 0)
		return -1;
	r->end += (size_t)k;
	return k > 0;
}

/* ---- kind detection and JSON ---- */

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
slurp_json(struct vs_flowreader *r)
{
	size_t cap = FL_CHUNK, n = r->end - r->pos;
	int k;

	if (cap < 2 * n)
		cap = 2 * n;
	r->jbuf = vs_xmalloc(cap);
	memcpy(r->jbuf, r->buf + r->pos, n);
	r->jlen = n;
	for (;;) {
		r->pos = r->end = 0;
		k = src_fill(r);
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		if ((uint64_t)r->jlen + r->end > FL_JSON_MAX)
			return fail(r,
			    "json: the input is over %llu MiB; vpcsim reads "
			    "CloudWatch JSON up to that size (export larger "
			    "logs as text, or split them)",
			    (unsigned long long)(FL_JSON_MAX >> 20));
		if (r->jlen + r->end > cap) {
			while (r->jlen + r->end > cap)
				cap *= 2;
			r->jbuf = vs_xrealloc(r->jbuf, cap);
		}
		memcpy(r->jbuf + r->jlen, r->buf, r->end);
		r->jlen += r->end;
	}
	r->pos = r->end = 0;
	r->src_eof = true;
	/* The text window is no longer needed. */
	free(r->buf);
	r->buf = NULL;
	return 0;
}

static int
detect(struct vs_flowreader *r)
{
	size_t i;
	int k;

	/* Two bytes, or the whole input if shorter, for the gzip magic. */
	while (r->end < 2 && !r->raw_eof) {
		ssize_t n = raw_read(r, r->buf + r->end, FL_CHUNK - r->end);
		if (n < 0)
			return -1;
		r->end += (size_t)n;
	}
	if (r->end >= 2 && (unsigned char)r->buf[0] == 0x1f &&
	    (unsigned char)r->buf[1] == 0x8b) {
		r->gz = true;
		r->zin = vs_xmalloc(FL_CHUNK);
		memcpy(r->zin, r->buf, r->end);
		r->z.zalloc = fl_zalloc;
		r->z.zfree = fl_zfree;
		r->z.opaque = NULL;
		r->z.next_in = r->zin;
		r->z.avail_in = (uInt)r->end;
		r->end = 0;
		if (inflateInit2(&r->z, 16 + MAX_WBITS) != Z_OK)
			return fail(r, "gzip: cannot initialise zlib");
		r->zinit = true;
	}

	/* Enough bytes to see a byte-order mark and the first non-blank. */
	for (;;) {
		for (i = r->pos; i < r->end && is_space(r->buf[i]); i++)
			;
		if ((i < r->end && r->end >= 3) || r->src_eof ||
		    r->end >= FL_CHUNK)
			break;
		k = src_fill(r);
		if (k < 0)
			return -1;
		if (k == 0)
			r->src_eof = true;
	}
	if (r->end >= 3 && memcmp(r->buf, "\xef\xbb\xbf", 3) == 0) {
		r->pos = 3;
		for (i = r->pos; i < r->end && is_space(r->buf[i]); i++)
			;
	}
	if (i < r->end && r->buf[i] == '{') {
		r->kind = FL_JSON;
		return slurp_json(r);
	}
	r->kind = FL_TEXT;
	return 0;
}

/* 1-based line and column of byte off of the JSON text. */
static void
json_where(const struct vs_flowreader *r, size_t off, unsigned *line,
    unsigned *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < r->jlen; i++) {
		if (r->jbuf[i] == '\n') {
			++*line;
			*col = 1;
		} else {
			++*col;
		}
	}
}

/* Parse the next JSON document; 1 when there is one, 0 at the end. */
static int
json_next_doc(struct vs_flowreader *r)
{
	const char *endp = NULL;
	const cJSON *events;
	unsigned line, col;

	while (r->joff < r->jlen && is_space(r->jbuf[r->joff]))
		r->joff++;
	if (r->joff == r->jlen)
		return 0;
	r->jdoc = cJSON_ParseWithLengthOpts(r->jbuf + r->joff,
	    r->jlen - r->joff, &endp, 0);
	if (r->jdoc == NULL) {
		size_t off = r->joff;
		if (endp != NULL && endp >= r->jbuf + r->joff &&
		    endp <= r->jbuf + r->jlen)
			off = (size_t)(endp - r->jbuf);
		json_where(r, off, &line, &col);
		return fail(r, "json: syntax error at line %u, column %u", line,
		    col);
	}
	events = cJSON_GetObjectItemCaseSensitive(r->jdoc, "events");
	if (!cJSON_IsObject(r->jdoc) || !cJSON_IsArray(events)) {
		json_where(r, r->joff, &line, &col);
		return fail(r,
		    "json: expected an object with an \"events\" array at "
		    "line %u, column %u",
		    line, col);
	}
	r->jev = events->child;
	r->joff = (endp != NULL && endp > r->jbuf + r->joff &&
		      endp <= r->jbuf + r->jlen)
		      ? (size_t)(endp - r->jbuf)
		      : r->jlen;
	return 1;
}

/* ---- reading records ---- */

/*
 * The next line of text: 1 with *lp and *ln (without the LF) and *toolong set
 * when the line was longer than FL_LINE_MAX (and then not stored); 0 at the
 * end; -1 on error.
 */
static int
next_line(struct vs_flowreader *r, char **lp, size_t *ln, bool *toolong)
{
	for (;;) {
		char *s = r->buf + r->pos;
		size_t avail = r->end - r->pos;
		char *nl = avail > 0 ? memchr(s, '\n', avail) : NULL;
		int k;

		if (nl != NULL) {
			size_t n = (size_t)(nl - s);
			r->pos += n + 1;
			r->line++;
			*lp = s;
			*ln = n;
			*toolong = r->skipping || n > FL_LINE_MAX;
			r->skipping = false;
			return 1;
		}
		if (r->src_eof) {
			if (avail == 0 && !r->skipping)
				return 0;
			r->pos = r->end;
			r->line++;
			*lp = s;
			*ln = avail;
			*toolong = r->skipping || avail > FL_LINE_MAX;
			r->skipping = false;
			return 1;
		}
		if (r->skipping || avail > FL_LINE_MAX) {
			r->skipping = true;
			r->pos = r->end = 0;
		} else if (r->pos > 0) {
			memmove(r->buf, s, avail);
			r->pos = 0;
			r->end = avail;
		}
		k = src_fill(r);
		if (k < 0)
			return -1;
		if (k == 0)
			r->src_eof = true;
	}
}

/* A header line: take its columns as the layout. */
static void
set_header(struct vs_flowreader *r, const char *s, size_t len)
{
	enum vs_fl_field cols[FL_MAXCOLS];
	uint64_t seen = 0;
	unsigned n = 0;
	size_t i = 0;
	char why[64];

	for (;;) {
		size_t start;
		int f;
		while (i < len && is_blank(s[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !is_blank(s[i]))
			i++;
		if (n == FL_MAXCOLS) {
			setmsg(why, sizeof(why), "header: more than %u fields",
			    FL_MAXCOLS);
			malformed(r, why);
			return;
		}
		f = lookup_field(s + start, i - start);
		if (f < 0 || (seen & ((uint64_t)1 << f))) {
			cols[n++] = FL_IGNORE;
		} else {
			seen |= (uint64_t)1 << f;
			cols[n++] = (enum vs_fl_field)f;
		}
	}
	set_layout(&r->lay, cols, n);
}

/*
 * One line from the input; 1 when it is a record (rec filled), 0 when it is
 * something else (blank, comment, header, malformed).
 */
static int
take_line(struct vs_flowreader *r, const char *p, size_t n, bool toolong,
    bool headers, struct vs_flowrec *rec)
{
	char why[FL_WHYSZ];
	size_t i = 0;

	if (toolong) {
		setmsg(why, sizeof(why), "line longer than %u bytes",
		    FL_LINE_MAX);
		malformed(r, why);
		return 0;
	}
	if (n > 0 && p[n - 1] == '\r')
		n--;
	while (i < n && is_blank(p[i]))
		i++;
	if (i == n || p[i] == '#')
		return 0;
	if (headers && p[i] >= 'a' && p[i] <= 'z') {
		size_t j = i;
		while (j < n && !is_blank(p[j]))
			j++;
		if (lookup_field(p + i, j - i) >= 0) {
			if (memchr(p, '\0', n) != NULL) {
				malformed(r, "NUL byte in line");
				return 0;
			}
			set_header(r, p + i, n - i);
			return 0;
		}
	}
	if (parse_record(p + i, n - i, r->lay.cols, r->lay.ncols, r->lay.absent,
		r->lay.nabsent, rec, why, sizeof(why)) != 0) {
		malformed(r, why);
		return 0;
	}
	rec->file = r->path;
	rec->line = r->line;
	return 1;
}

static int
json_next(struct vs_flowreader *r, struct vs_flowrec *rec)
{
	for (;;) {
		const cJSON *ev, *msg;
		size_t n;

		if (r->jdoc == NULL) {
			int k = json_next_doc(r);
			if (k <= 0) {
				if (k == 0)
					r->state = 1;
				return k;
			}
		}
		ev = r->jev;
		if (ev == NULL) {
			cJSON_Delete(r->jdoc);
			r->jdoc = NULL;
			continue;
		}
		r->jev = ev->next;
		r->line = ++r->jindex;
		msg = cJSON_IsObject(ev)
			  ? cJSON_GetObjectItemCaseSensitive(ev, "message")
			  : NULL;
		if (msg == NULL || !cJSON_IsString(msg) ||
		    msg->valuestring == NULL) {
			malformed(r, "event has no string \"message\"");
			continue;
		}
		n = strlen(msg->valuestring);
		while (n > 0 && msg->valuestring[n - 1] == '\n')
			n--;
		if (take_line(r, msg->valuestring, n, n > FL_LINE_MAX, false,
			rec))
			return 1;
	}
}

int
vs_flowreader_next(struct vs_flowreader *r, struct vs_flowrec *rec)
{
	if (r->state != 0)
		return r->state < 0 ? -1 : 0;
	if (r->kind == FL_UNKNOWN && detect(r) != 0)
		return -1;
	if (r->kind == FL_JSON)
		return json_next(r, rec);
	for (;;) {
		char *p;
		size_t n;
		bool toolong;
		int k = next_line(r, &p, &n, &toolong);

		if (k <= 0) {
			if (k == 0)
				r->state = 1;
			return k;
		}
		if (take_line(r, p, n, toolong, true, rec))
			return 1;
	}
}

const char *
vs_flowreader_error(const struct vs_flowreader *r)
{
	return r->err;
}

uint64_t
vs_flowreader_offset(const struct vs_flowreader *r)
{
	uint64_t pending;

	if (r->gz)
		pending = r->z.avail_in;
	else if (r->kind == FL_JSON)
		pending = 0;
	else
		pending = r->end - r->pos;
	return pending <= r->nread ? r->nread - pending : 0;
}

uint64_t
vs_flowreader_size(const struct vs_flowreader *r)
{
	return r->size;
}

struct vs_flowreader *
vs_flowreader_open(const char *path, const char *format, char *err,
    size_t errlen)
{
	enum vs_fl_field cols[VS_FL__COUNT];
	struct vs_flowreader *r;
	struct stat st;
	char why[FL_WHYSZ];
	int n = (int)FL_NDEFAULT, fd;
	bool is_stdin = path != NULL && strcmp(path, "-") == 0;

	if (path == NULL) {
		setmsg(err, errlen, "no file name");
		return NULL;
	}
	if (format != NULL) {
		n = vs_flowlog_parse_format(format, cols, VS_FL__COUNT, why,
		    sizeof(why));
		if (n < 0) {
			setmsg(err, errlen, "log format: %s", why);
			return NULL;
		}
	} else {
		memcpy(cols, fl_default, sizeof(fl_default));
	}
	if (is_stdin) {
		fd = STDIN_FILENO;
	} else {
		do
			fd = open(path, O_RDONLY | O_CLOEXEC);
		while (fd < 0 && errno == EINTR);
		if (fd < 0) {
			setmsg(err, errlen, "%s: %s", path, strerror(errno));
			return NULL;
		}
	}
	if (fstat(fd, &st) != 0) {
		setmsg(err, errlen, "%s: %s", path, strerror(errno));
		if (!is_stdin)
			close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		setmsg(err, errlen, "%s: %s", path, strerror(EISDIR));
		if (!is_stdin)
			close(fd);
		return NULL;
	}
	r = vs_xcalloc(1, sizeof(*r));
	r->fd = fd;
	r->own_fd = !is_stdin;
	r->path = vs_xstrdup(is_stdin ? "<stdin>" : path);
	r->size =
	    S_ISREG(st.st_mode) && st.st_size > 0 ? (uint64_t)st.st_size : 0;
	r->buf = vs_xmalloc(FL_BUFSZ);
	set_layout(&r->lay, cols, (unsigned)n);
	return r;
}

void
vs_flowreader_close(struct vs_flowreader **rp)
{
	struct vs_flowreader *r;

	if (rp == NULL || *rp == NULL)
		return;
	r = *rp;
	if (r->own_fd)
		close(r->fd);
	if (r->zinit)
		inflateEnd(&r->z);
	cJSON_Delete(r->jdoc);
	free(r->zin);
	free(r->buf);
	free(r->jbuf);
	free(r->path);
	free(r);
	*rp = NULL;
}
