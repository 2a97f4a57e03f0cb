/*
 * flowlog.h - VPC flow-log reader.
 *
 * DOC: reads flow-log records from plain text, gzip (detected by its magic
 * bytes, decompressed as a stream with zlib), or the JSON printed by
 * `aws logs filter-log-events` / `get-log-events` (each event's "message"
 * is one record).  The field order is the default version 2 format unless
 * a header line names the fields (as in S3 objects: a line whose first
 * token is a field name such as "version" or "account-id"), or the caller
 * passes a format ("${version} ${srcaddr} ..." or plain names).  A header
 * line may appear again later in the same input and then applies to the
 * lines after it.  Fields are split on runs of blanks (spaces and tabs);
 * CR before LF is ignored; "-" means absent.  A record that cannot be read
 * is malformed: it is counted, its reason kept (the first
 * VS_FL_MAX_REASONS of them), and reading goes on.  Memory is constant in
 * the number of records: the reader holds one line at a time.
 */
#ifndef VS_FLOWLOG_H
#define VS_FLOWLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ip.h"

/* Every field of every flow-log version vpcsim knows. */
enum vs_fl_field {
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
	/* v3 */
	VS_FL_VPC_ID,
	VS_FL_SUBNET_ID,
	VS_FL_INSTANCE_ID,
	VS_FL_TCP_FLAGS,
	VS_FL_TYPE,
	VS_FL_PKT_SRCADDR,
	VS_FL_PKT_DSTADDR,
	/* v4 */
	VS_FL_REGION,
	VS_FL_AZ_ID,
	VS_FL_SUBLOCATION_TYPE,
	VS_FL_SUBLOCATION_ID,
	/* v5 */
	VS_FL_PKT_SRC_AWS_SERVICE,
	VS_FL_PKT_DST_AWS_SERVICE,
	VS_FL_FLOW_DIRECTION,
	VS_FL_TRAFFIC_PATH,
	/* v7 */
	VS_FL_ECS_CLUSTER_ARN,
	VS_FL_ECS_CLUSTER_NAME,
	VS_FL_ECS_CONTAINER_INSTANCE_ARN,
	VS_FL_ECS_CONTAINER_INSTANCE_ID,
	VS_FL_ECS_CONTAINER_ID,
	VS_FL_ECS_SECOND_CONTAINER_ID,
	VS_FL_ECS_SERVICE_NAME,
	VS_FL_ECS_TASK_DEFINITION_ARN,
	VS_FL_ECS_TASK_ARN,
	VS_FL_ECS_TASK_ID,
	/* v8 */
	VS_FL_REJECT_REASON,
	/* later versions (numbers unverified) */
	VS_FL_RESOURCE_ID,
	VS_FL_ENCRYPTION_STATUS,
	VS_FL__COUNT
};

/* "version", "account-id", ... as AWS spells them in formats. */
extern const char *const vs_fl_field_names[VS_FL__COUNT];
/* The flow-log version that introduced each field (2, 3, 4, 5, 7, 8, 0 =
 * not documented). */
extern const unsigned char vs_fl_field_version[VS_FL__COUNT];

enum vs_fl_action { VS_FL_NOACTION, VS_FL_ACCEPT, VS_FL_REJECT };
enum vs_fl_status { VS_FL_OK, VS_FL_NODATA, VS_FL_SKIPDATA, VS_FL_NOSTATUS };
enum vs_fl_dir { VS_FL_DIR_NONE, VS_FL_INGRESS, VS_FL_EGRESS };

/* A piece of the current line (not NUL-terminated). */
struct vs_sv {
	const char *p;
	uint32_t n;
};

struct vs_flowrec {
	/* bit (1 << field) set when the field is in the format and not "-" */
	uint64_t have;
	/* raw text of every field in the format (n == 0 when absent) */
	struct vs_sv raw[VS_FL__COUNT];
	/* parsed values, valid when the corresponding bit of have is set */
	int version;
	struct vs_sv interface_id, account_id;
	struct vs_addr src, dst, pkt_src, pkt_dst;
	uint16_t sport, dport;
	int proto;
	uint64_t packets, bytes;
	int64_t start, end;
	enum vs_fl_action action;
	enum vs_fl_status status;
	int tcp_flags;      /* -1 when absent */
	enum vs_fl_dir dir; /* from flow-direction */
	int traffic_path;   /* -1 when absent */
	/* where the record was read */
	const char *file;
	uint64_t line; /* 1-based line in that file (for JSON: the event index,
			  1-based) */
};

#define VS_FL_MAX_REASONS 20

struct vs_flowreader;

/*
 * Open path ("-" = standard input).  format: NULL for the default format
 * (a header line in the input still wins), else a format string.  Returns
 * NULL with a message in err (errlen bytes) when the file cannot be opened
 * or the format is not valid (unknown field names are an error).
 */
struct vs_flowreader *vs_flowreader_open(const char *path, const char *format,
    char *err, size_t errlen);
/*
 * The next record: 1 and *rec filled (its strings point into the reader's
 * line buffer, valid until the next call); 0 at the end of input; -1 on a
 * read error (gzip corruption, I/O error), with the reason in
 * vs_flowreader_error().  Malformed records are skipped and counted, never
 * returned.  Header lines, blank lines and comment lines are not records.
 */
int vs_flowreader_next(struct vs_flowreader *r, struct vs_flowrec *rec);
const char *vs_flowreader_error(const struct vs_flowreader *r);
/* Bytes consumed from the underlying file so far (compressed bytes for
 * gzip), and its size when known (0 otherwise): for progress reports. */
uint64_t vs_flowreader_offset(const struct vs_flowreader *r);
uint64_t vs_flowreader_size(const struct vs_flowreader *r);
void vs_flowreader_close(struct vs_flowreader **r);

/* Malformed-record accounting, shared across files. */
struct vs_flowerrs {
	uint64_t malformed;               /* total */
	unsigned n;                       /* reasons kept */
	char *reasons[VS_FL_MAX_REASONS]; /* "file:line: reason" (malloc) */
};
/* The reader adds to errs (if set) for every malformed record. */
void vs_flowreader_set_errs(struct vs_flowreader *r, struct vs_flowerrs *errs);
void vs_flowerrs_free(struct vs_flowerrs *errs);

/*
 * Parse one record line with a given field layout, without a reader: for
 * tests and fuzzing.  fields/nfields: the layout (NULL = default v2).
 * Returns 0, or -1 with a reason in why.
 */
int vs_flowlog_parse_line(const char *line, size_t len,
    const enum vs_fl_field *fields, unsigned nfields, struct vs_flowrec *rec,
    char *why, size_t whylen);
/* Parse a format string into a field list; returns the count or -1. */
int vs_flowlog_parse_format(const char *fmt, enum vs_fl_field *fields,
    unsigned max, char *why, size_t whylen);

#endif
