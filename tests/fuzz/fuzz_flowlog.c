/*
 * fuzz_flowlog.c - libFuzzer target for the flow-log reader.
 *
 * One input is a whole small file.  It is written to an in-memory file and
 * read with a reader, so kind detection (gzip, JSON, text), header lines,
 * gzip streams and CloudWatch JSON are all reached.  The same bytes are
 * then wrapped in a gzip member (here, with zlib) and read again with a
 * custom format, so that arbitrary text also goes through the inflate path,
 * and they are handed to vs_flowlog_parse_line and vs_flowlog_parse_format
 * directly.  Besides the sanitizers, the target checks the reader's
 * promises: have bits only for fields with text, line numbers from 1, at
 * most VS_FL_MAX_REASONS reasons kept, progress within the file size, and
 * an error message with every -1.
 *
 * Build (see the brief): clang -g -O1 -fsanitize=fuzzer,address,undefined
 * ... tests/fuzz/fuzz_flowlog.c sim/flowlog.c model/ip.c model/mem.c
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "flowlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile unsigned sink;

static void
check_record(const struct vs_flowrec *rec)
{
	unsigned f, sum = 0;

	CHECK(rec->line >= 1);
	CHECK(rec->file != NULL);
	for (f = 0; f < VS_FL__COUNT; f++) {
		const struct vs_sv *v = &rec->raw[f];
		uint32_t i;
		if (rec->have & ((uint64_t)1 << f))
			CHECK(v->n > 0);
		if (v->n > 0)
			CHECK(v->p != NULL);
		/* Touch every byte, so the sanitizer sees stale pointers. */
		for (i = 0; i < v->n; i++) {
			CHECK(v->p[i] != ' ' && v->p[i] != '\t' &&
			      v->p[i] != '\0');
			sum += (unsigned char)v->p[i];
		}
	}
	if (rec->have & ((uint64_t)1 << VS_FL_TCP_FLAGS))
		CHECK(rec->tcp_flags >= 0 && rec->tcp_flags <= 255);
	else
		CHECK(rec->tcp_flags == -1);
	if (rec->have & ((uint64_t)1 << VS_FL_TRAFFIC_PATH))
		CHECK(rec->traffic_path >= 1 && rec->traffic_path <= 8);
	else
		CHECK(rec->traffic_path == -1);
	if (rec->have & ((uint64_t)1 << VS_FL_START))
		CHECK(rec->start >= 0);
	if (rec->status == VS_FL_OK)
		CHECK(rec->action != VS_FL_NOACTION ||
		      rec->raw[VS_FL_ACTION].p == NULL);
	sink += sum;
}

static void
read_file(const char *path, const char *format)
{
	struct vs_flowerrs errs = {0};
	struct vs_flowreader *r;
	struct vs_flowrec rec;
	char err[256];
	uint64_t last = 0;
	unsigned i;
	int rc;

	r = vs_flowreader_open(path, format, err, sizeof(err));
	CHECK(r != NULL);
	vs_flowreader_set_errs(r, &errs);
	while ((rc = vs_flowreader_next(r, &rec)) == 1) {
		check_record(&rec);
		CHECK(rec.line > last);
		last = rec.line;
		CHECK(vs_flowreader_offset(r) <= vs_flowreader_size(r));
	}
	CHECK(rc == 0 || rc == -1);
	if (rc == -1)
		CHECK(vs_flowreader_error(r)[0] != '\0');
	CHECK(vs_flowreader_next(r, &rec) == rc);
	if (rc == 0)
		CHECK(vs_flowreader_offset(r) == vs_flowreader_size(r));
	CHECK(errs.n <= VS_FL_MAX_REASONS && errs.n <= errs.malformed);
	for (i = 0; i < errs.n; i++)
		CHECK(strstr(errs.reasons[i], ": ") != NULL);
	vs_flowreader_close(&r);
	CHECK(r == NULL);
	vs_flowerrs_free(&errs);
}

/* data as one gzip member, in a malloc'd buffer. */
static unsigned char *
gzip_bytes(const uint8_t *data, size_t size, size_t *outlen)
{
	z_stream z;
	size_t cap;
	unsigned char *out;

	memset(&z, 0, sizeof(z));
	/* A small window and little memory: the input is small. */
	CHECK(deflateInit2(&z, 1, Z_DEFLATED, 16 + 9, 1, Z_DEFAULT_STRATEGY) ==
	      Z_OK);
	cap = deflateBound(&z, (uLong)size);
	out = malloc(cap);
	CHECK(out != NULL);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)size;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
	*outlen = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static int
memfile(char *path, size_t pathlen)
{
	int fd;

#ifdef MFD_CLOEXEC
	fd = memfd_create("fuzz_flowlog", MFD_CLOEXEC);
#else
	fd = -1;
#endif
	if (fd < 0) {
		char tmpl[] = "/tmp/fuzz_flowlog.XXXXXX";
		fd = mkstemp(tmpl);
		CHECK(fd >= 0);
		unlink(tmpl);
	}
	snprintf(path, pathlen, "/proc/self/fd/%d", fd);
	return fd;
}

static void
put(int fd, const void *p, size_t n)
{
	CHECK(ftruncate(fd, 0) == 0);
	CHECK(pwrite(fd, p, n, 0) == (ssize_t)n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char v5[] =
	    "${version} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
	    "${protocol} ${start} ${end} ${type} ${packets} ${bytes} "
	    "${account-id} ${vpc-id} ${subnet-id} ${instance-id} "
	    "${interface-id} ${region} ${az-id} ${sublocation-type} "
	    "${sublocation-id} ${action} ${tcp-flags} ${pkt-srcaddr} "
	    "${pkt-dstaddr} ${pkt-src-aws-service} ${pkt-dst-aws-service} "
	    "${traffic-path} ${flow-direction} ${log-status}";
	static int fd = -1;
	static char path[64];
	enum vs_fl_field all[VS_FL__COUNT], lay[VS_FL__COUNT];
	struct vs_flowrec rec;
	char why[512];
	unsigned char *gz;
	size_t gzlen;
	char *copy;
	unsigned f;
	int n;

	if (size > (1u << 20))
		return 0;
	if (fd < 0)
		fd = memfile(path, sizeof(path));

	/* The bytes as a file. */
	put(fd, data, size);
	read_file(path, NULL);

	/* The bytes in a gzip member, with a v5 format. */
	gz = gzip_bytes(data, size, &gzlen);
	put(fd, gz, gzlen);
	free(gz);
	read_file(path, v5);

	/* One line, default layout and every field in table order. */
	for (f = 0; f < VS_FL__COUNT; f++)
		all[f] = (enum vs_fl_field)f;
	if (vs_flowlog_parse_line((const char *)data, size, NULL, 0, &rec, why,
		sizeof(why)) == 0) {
		rec.line = 1;
		rec.file = "-";
		check_record(&rec);
	} else {
		CHECK(why[0] != '\0');
	}
	if (vs_flowlog_parse_line((const char *)data, size, all, VS_FL__COUNT,
		&rec, why, sizeof(why)) == 0) {
		rec.line = 1;
		rec.file = "-";
		check_record(&rec);
	}

	/* The bytes as a format string, and then as a line in that format. */
	copy = malloc(size + 1);
	CHECK(copy != NULL);
	memcpy(copy, data, size);
	copy[size] = '\0';
	n = vs_flowlog_parse_format(copy, lay, VS_FL__COUNT, why, sizeof(why));
	CHECK(n == -1 || (n >= 1 && n <= VS_FL__COUNT));
	if (n > 0) {
		for (f = 0; f < (unsigned)n; f++)
			CHECK((unsigned)lay[f] < VS_FL__COUNT);
		(void)vs_flowlog_parse_line(copy, size, lay, (unsigned)n, &rec,
		    why, sizeof(why));
	} else {
		CHECK(why[0] != '\0');
	}
	free(copy);
	return 0;
}
