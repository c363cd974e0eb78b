/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * lib/capture: reading, checking, converting, copying into mbufs and
 * writing captures. The captures are made by nblpmd-capgen, whose path
 * comes in the CAPGEN environment variable (set by meson); without it
 * every case is skipped.
 */

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <rte_cycles.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "cap.h"
#include "nbl_test.h"

#define BASE_NS (1700000000ull * 1000000000ull)
#define NS_PER_MS 1000000ull
#define BAD_OF_20 5         /* capgen: records with i % 4 == 1 */

static char tmpdir[64];

static void
remove_tmpdir(void)
{
	char cmd[128];

	if (tmpdir[0] == '\0')
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("could not remove %s\n", tmpdir);
}

/* Run capgen into tmpdir/name; returns the path or NULL. */
static const char *
gen(const char *name, const char *args)
{
	static char path[4][256];
	static unsigned int slot;
	const char *capgen = getenv("CAPGEN");
	char cmd[1024];
	char *p;

	if (capgen == NULL)
		return NULL;
	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_capture.XXXXXX");
		if (mkdtemp(tmpdir) == NULL) {
			tmpdir[0] = '\0';
			return NULL;
		}
		atexit(remove_tmpdir);
	}
	p = path[slot++ % 4];
	snprintf(p, 256, "%s/%s", tmpdir, name);
	snprintf(cmd, sizeof(cmd), "'%s' --out '%s' %s >/dev/null", capgen, p,
		args);
	if (system(cmd) != 0) {
		printf("capgen failed: %s\n", cmd);
		return NULL;
	}
	return p;
}

#define GEN(var, name, args) do { \
	if (getenv("CAPGEN") == NULL) { \
		printf("CAPGEN not set\n"); \
		return NBL_TEST_SKIP; \
	} \
	(var) = gen((name), (args)); \
	TEST_ASSERT((var) != NULL, "capgen could not write %s", (name)); \
} while (0)

static int
check_invariant(const struct cap_counts *c)
{
	uint64_t refused = 0;
	int i;

	for (i = 0; i < CAP_REFUSAL_MAX; i++)
		refused += c->refused[i];
	TEST_ASSERT_EQUAL(c->refused[CAP_REFUSAL_NONE], 0,
		"nothing is refused for reason none");
	TEST_ASSERT_EQUAL(c->records, c->delivered + refused,
		"records = delivered + refused");
	return 0;
}

/* Read a whole file; counts out, -1 on any failure. */
static int
read_all(const char *path, const struct cap_open_params *p,
	struct cap_counts *counts)
{
	char err[CAP_ERR_LEN] = "";
	struct cap_record rec;
	struct cap_reader *r;
	int rc;

	r = cap_open(path, p, err, sizeof(err));
	TEST_ASSERT(r != NULL, "cap_open %s: %s", path, err);
	while ((rc = cap_next(r, &rec)) == 1)
		;
	TEST_ASSERT_EQUAL(rc, 0, "reading %s ends at end of file", path);
	TEST_ASSERT_EQUAL(cap_reader_counts(r, counts), 0, "counts");
	cap_close(r);
	return check_invariant(counts);
}

/* Timestamps of an n-record capgen file spanning span_ms. */
static uint64_t
expected_ts(uint64_t i, uint64_t n, uint64_t span_ms, bool usec)
{
	uint64_t ts = BASE_NS + span_ms * NS_PER_MS * i / (n - 1);

	return usec ? ts - ts % 1000 : ts;
}

static int
check_read(const char *path, enum cap_format format, bool swapped,
	uint64_t n, uint64_t span_ms)
{
	char err[CAP_ERR_LEN] = "";
	struct cap_counts counts;
	struct cap_record rec;
	struct cap_reader *r;
	struct cap_info info;
	uint64_t i = 0;

	r = cap_open(path, NULL, err, sizeof(err));
	TEST_ASSERT(r != NULL, "cap_open %s: %s", path, err);
	TEST_ASSERT_EQUAL(cap_reader_info(r, &info), 0, "info");
	TEST_ASSERT_EQUAL(info.format, format, "format of %s is %s", path,
		cap_format_name(info.format));
	TEST_ASSERT_EQUAL(info.swapped, swapped, "byte order of %s", path);
	TEST_ASSERT_EQUAL(info.linktype, 1, "Ethernet link type");
	while (cap_next(r, &rec) == 1) {
		TEST_ASSERT_EQUAL(rec.index, i, "index counts records");
		TEST_ASSERT_EQUAL(rec.refusal, CAP_REFUSAL_NONE,
			"record %" PRIu64 " delivered", i);
		TEST_ASSERT_EQUAL(rec.ts_ns, expected_ts(i, n, span_ms,
			format == CAP_FORMAT_PCAP),
			"record %" PRIu64 " timestamp in ns", i);
		TEST_ASSERT(rec.caplen >= 60 && rec.caplen == rec.len,
			"record %" PRIu64 " lengths %u/%u", i, rec.caplen,
			rec.len);
		i++;
	}
	TEST_ASSERT_EQUAL(i, n, "all records read");
	cap_reader_counts(r, &counts);
	TEST_ASSERT_EQUAL(counts.delivered, n, "all delivered");
	cap_close(r);
	return check_invariant(&counts);
}

/* Two files hold the same records (data, lengths, timestamps). */
static int
check_same_records(const char *a, const char *b, bool ts_too)
{
	struct cap_reader *ra, *rb;
	struct cap_record x, y;
	char err[CAP_ERR_LEN] = "";
	uint64_t n = 0;
	int ca, cb;

	ra = cap_open(a, NULL, err, sizeof(err));
	TEST_ASSERT(ra != NULL, "cap_open %s: %s", a, err);
	rb = cap_open(b, NULL, err, sizeof(err));
	TEST_ASSERT(rb != NULL, "cap_open %s: %s", b, err);
	for (;;) {
		ca = cap_next(ra, &x);
		cb = cap_next(rb, &y);
		TEST_ASSERT_EQUAL(ca, cb, "both files end together (record %"
			PRIu64 ")", n);
		if (ca != 1)
			break;
		TEST_ASSERT_EQUAL(x.caplen, y.caplen, "caplen of %" PRIu64, n);
		TEST_ASSERT_EQUAL(x.len, y.len, "len of %" PRIu64, n);
		if (ts_too)
			TEST_ASSERT_EQUAL(x.ts_ns, y.ts_ns, "ts of %" PRIu64, n);
		TEST_ASSERT(memcmp(x.data, y.data, x.caplen) == 0,
			"bytes of record %" PRIu64 " equal", n);
		n++;
	}
	cap_close(ra);
	cap_close(rb);
	TEST_ASSERT(n > 0, "files hold records");
	return 0;
}

static int
test_read_pcap_usec(void)
{
	const char *f;

	GEN(f, "usec.pcap", "--count 50 --span-ms 49");
	return check_read(f, CAP_FORMAT_PCAP, false, 50, 49);
}

static int
test_read_pcap_nsec(void)
{
	const char *f;

	/* 1 ms over 6 gaps: timestamps only nanoseconds can hold. */
	GEN(f, "nsec.pcap", "--count 7 --span-ms 1 --format nsecpcap");
	return check_read(f, CAP_FORMAT_PCAP_NSEC, false, 7, 1);
}

static int
test_read_swapped_byte_order(void)
{
	const char *f, *g;

	GEN(f, "usec.pcap", "--count 30 --span-ms 29");
	GEN(g, "usec_swap.pcap", "--count 30 --span-ms 29 --swap");
	if (check_read(g, CAP_FORMAT_PCAP, true, 30, 29) != 0 ||
			check_same_records(f, g, true) != 0)
		return -1;
	GEN(f, "nsec.pcap", "--count 7 --span-ms 1 --format nsecpcap");
	GEN(g, "nsec_swap.pcap",
		"--count 7 --span-ms 1 --format nsecpcap --swap");
	if (check_read(g, CAP_FORMAT_PCAP_NSEC, true, 7, 1) != 0)
		return -1;
	return check_same_records(f, g, true);
}

static int
test_read_pcapng(void)
{
	const char *f, *g;

	GEN(f, "a.pcapng", "--count 7 --span-ms 1 --format pcapng");
	if (check_read(f, CAP_FORMAT_PCAPNG, false, 7, 1) != 0)
		return -1;
	GEN(g, "a_swap.pcapng", "--count 7 --span-ms 1 --format pcapng --swap");
	if (check_read(g, CAP_FORMAT_PCAPNG, true, 7, 1) != 0)
		return -1;
	return check_same_records(f, g, true);
}

static int
check_refused(const char *kind, enum cap_refusal reason)
{
	struct cap_counts c;
	char args[64];
	const char *f;

	snprintf(args, sizeof(args), "--count 20 --kind %s", kind);
	GEN(f, kind, args);
	if (read_all(f, NULL, &c) != 0)
		return -1;
	TEST_ASSERT_EQUAL(c.records, 20, "%s: every record read", kind);
	TEST_ASSERT_EQUAL(c.refused[reason], BAD_OF_20,
		"%s: bad records refused as %s", kind, cap_refusal_name(reason));
	TEST_ASSERT_EQUAL(c.delivered, 20 - BAD_OF_20,
		"%s: good records delivered", kind);
	return 0;
}

static int
test_refuse_caplen_over_len(void)
{
	return check_refused("caplen-over-len", CAP_REFUSAL_CAPLEN_OVER_LEN);
}

static int
test_refuse_runt(void)
{
	return check_refused("runt", CAP_REFUSAL_RUNT);
}

static int
test_refuse_zero_length_as_runt(void)
{
	return check_refused("zero", CAP_REFUSAL_RUNT);
}

static int
test_refuse_oversize(void)
{
	struct cap_open_params p = { .max_frame = 10000 };
	struct cap_counts c;
	const char *f;

	if (check_refused("oversize", CAP_REFUSAL_OVERSIZE) != 0)
		return -1;
	/* A larger maximum frame takes the same records. */
	GEN(f, "oversize", "--count 20 --kind oversize");
	if (read_all(f, &p, &c) != 0)
		return -1;
	TEST_ASSERT_EQUAL(c.delivered, 20, "max_frame 10000 takes them all");
	return 0;
}

static int
test_truncated_tail_counted(void)
{
	struct cap_record rec;
	struct cap_reader *r;
	struct cap_counts c;
	char err[CAP_ERR_LEN] = "";
	const char *f;
	int rc, n = 0;

	GEN(f, "trunc.pcap", "--count 20 --kind truncated");
	r = cap_open(f, NULL, err, sizeof(err));
	TEST_ASSERT(r != NULL, "cap_open: %s", err);
	while ((rc = cap_next(r, &rec)) == 1) {
		n++;
		if (rec.refusal == CAP_REFUSAL_TRUNCATED) {
			TEST_ASSERT_EQUAL(rec.index, 19, "tail is record 19");
			TEST_ASSERT(rec.data == NULL, "no data for the tail");
		}
	}
	TEST_ASSERT_EQUAL(rc, 0, "end of file after the truncated record");
	TEST_ASSERT_EQUAL(cap_next(r, &rec), 0, "stays at end of file");
	cap_reader_counts(r, &c);
	cap_close(r);
	TEST_ASSERT_EQUAL(n, 20, "20 records returned");
	TEST_ASSERT_EQUAL(c.refused[CAP_REFUSAL_TRUNCATED], 1,
		"one truncated record");
	TEST_ASSERT_EQUAL(c.delivered, 19, "the rest delivered");
	if (check_invariant(&c) != 0)
		return -1;
	GEN(f, "trunc.pcapng", "--count 20 --kind truncated --format pcapng");
	if (read_all(f, NULL, &c) != 0)
		return -1;
	TEST_ASSERT_EQUAL(c.refused[CAP_REFUSAL_TRUNCATED], 1,
		"pcapng: one truncated record");
	TEST_ASSERT_EQUAL(c.delivered, 19, "pcapng: the rest delivered");
	return 0;
}

static int
check_open_fails(const char *path, int err_no, const char *words)
{
	char err[CAP_ERR_LEN] = "";
	struct cap_reader *r;

	r = cap_open(path, NULL, err, sizeof(err));
	TEST_ASSERT(r == NULL, "%s is refused", path);
	TEST_ASSERT_EQUAL(rte_errno, err_no, "errno for %s (%s)", path, err);
	TEST_ASSERT(strstr(err, path) != NULL, "message names the file: %s",
		err);
	TEST_ASSERT(strstr(err, words) != NULL, "message says '%s': %s", words,
		err);
	printf("  %s\n", err);
	return 0;
}

static int
check_header_only(const char *f)
{
	char err[CAP_ERR_LEN] = "";
	struct cap_scan_result res;
	struct cap_record rec;
	struct cap_reader *r;
	struct cap_counts c;

	r = cap_open(f, NULL, err, sizeof(err));
	TEST_ASSERT(r != NULL, "%s: a header without records opens: %s", f,
		err);
	TEST_ASSERT_EQUAL(cap_next(r, &rec), 0, "%s: at once at the end", f);
	TEST_ASSERT_EQUAL(cap_rewind(r), 0, "%s: rewinds", f);
	TEST_ASSERT_EQUAL(cap_next(r, &rec), 0, "%s: still nothing", f);
	cap_reader_counts(r, &c);
	cap_close(r);
	TEST_ASSERT_EQUAL(c.records, 0, "%s: no record", f);
	TEST_ASSERT_EQUAL(cap_scan(f, NULL, &res, err, sizeof(err)), 0,
		"%s: scans: %s", f, err);
	TEST_ASSERT_EQUAL(res.counts.records, 0, "%s: scan counts none", f);
	TEST_ASSERT_EQUAL(res.netpcap_records, 0, "%s: none for net_pcap", f);
	return 0;
}

static int
test_header_only_is_an_empty_capture(void)
{
	const char *f;

	GEN(f, "empty.pcap", "--kind empty");
	if (check_header_only(f) != 0)
		return -1;
	GEN(f, "empty.pcapng", "--kind empty --format pcapng");
	return check_header_only(f);
}

static int
test_empty_file_error_names_file(void)
{
	char path[300];
	const char *f;
	FILE *fp;

	/* capgen makes the directory; a file of 0 bytes has no header */
	GEN(f, "one.pcap", "--count 1");
	snprintf(path, sizeof(path), "%s/zero_bytes.pcap", tmpdir);
	fp = fopen(path, "wb");
	TEST_ASSERT(fp != NULL, "create %s", path);
	fclose(fp);
	return check_open_fails(path, ENODATA, "empty");
}

/* Set record k's captured length to one libpcap refuses (pcap, LE). */
static int
corrupt_record(const char *path, unsigned int k)
{
	uint32_t hdr[4];
	long off = 24;
	unsigned int i;
	FILE *fp = fopen(path, "r+b");

	TEST_ASSERT(fp != NULL, "open %s", path);
	for (i = 0; i < k; i++) {
		TEST_ASSERT(fseek(fp, off, SEEK_SET) == 0 &&
			fread(hdr, sizeof(hdr), 1, fp) == 1, "record %u", i);
		off += (long)sizeof(hdr) + hdr[2];
	}
	hdr[2] = 0x7fffffff;
	TEST_ASSERT(fseek(fp, off + 8, SEEK_SET) == 0 &&
		fwrite(&hdr[2], sizeof(hdr[2]), 1, fp) == 1, "patch %s", path);
	fclose(fp);
	return 0;
}

static int
test_unreadable_rest_refused_and_counted(void)
{
	char err[CAP_ERR_LEN] = "";
	struct cap_scan_result res;
	struct cap_record rec;
	struct cap_reader *r;
	struct cap_counts c;
	const char *f;
	uint64_t n = 0;
	int rc;

	GEN(f, "mid.pcap", "--count 20");
	if (corrupt_record(f, 12) != 0)
		return -1;
	r = cap_open(f, NULL, err, sizeof(err));
	TEST_ASSERT(r != NULL, "cap_open: %s", err);
	TEST_ASSERT(cap_reader_error(r)[0] == '\0', "no error before reading");
	while ((rc = cap_next(r, &rec)) == 1) {
		if (rec.index < 12)
			TEST_ASSERT_EQUAL(rec.refusal, CAP_REFUSAL_NONE,
				"record %" PRIu64 " before the bad one delivered",
				rec.index);
		else
			TEST_ASSERT_EQUAL(rec.refusal, CAP_REFUSAL_UNREADABLE,
				"record %" PRIu64 " stands for the rest",
				rec.index);
		n++;
	}
	TEST_ASSERT_EQUAL(rc, 0, "ends without an error code");
	TEST_ASSERT_EQUAL(n, 13, "12 records and the unreadable rest");
	TEST_ASSERT_EQUAL(cap_next(r, &rec), 0, "stays at end of file");
	TEST_ASSERT(strstr(cap_reader_error(r), f) != NULL &&
		strstr(cap_reader_error(r), "record 12") != NULL &&
		strstr(cap_reader_error(r), "capture length") != NULL,
		"the reason names the file, the record and libpcap's words: %s",
		cap_reader_error(r));
	cap_reader_counts(r, &c);
	cap_close(r);
	TEST_ASSERT_EQUAL(c.refused[CAP_REFUSAL_UNREADABLE], 1, "counted once");
	TEST_ASSERT_EQUAL(c.delivered, 12, "what was read is delivered");
	if (check_invariant(&c) != 0)
		return -1;
	TEST_ASSERT_EQUAL(cap_scan(f, NULL, &res, err, sizeof(err)), 0,
		"the scan reads what it can: %s", err);
	TEST_ASSERT_EQUAL(res.counts.records, 13, "scan: 13 records");
	TEST_ASSERT_EQUAL(res.netpcap_records, 12,
		"net_pcap returns the 12 before the bad one");
	TEST_ASSERT(strstr(res.read_error, "record 12") != NULL,
		"scan keeps the reason: %s", res.read_error);
	TEST_ASSERT(strcmp(cap_refusal_name(CAP_REFUSAL_UNREADABLE),
		"unreadable") == 0, "reason name");
	return 0;
}

struct scan_seen {
	uint64_t n;
	uint64_t bad;
	uint64_t stop_at;
	int order_ok;
};

static int
scan_seen_record(const struct cap_record *rec, void *arg)
{
	struct scan_seen *s = arg;

	if (rec->index != s->n)
		s->order_ok = 0;
	if (rec->refusal == CAP_REFUSAL_CAPLEN_OVER_LEN &&
			rec->file_caplen > rec->file_len)
		s->bad++;
	s->n++;
	return s->n == s->stop_at ? -ECANCELED : 0;
}

static int
test_scan_records_calls_back_every_record(void)
{
	struct scan_seen seen = { .order_ok = 1 };
	char err[CAP_ERR_LEN] = "";
	struct cap_scan_result res;
	const char *f;

	GEN(f, "col.pcap", "--count 20 --kind caplen-over-len");
	TEST_ASSERT_EQUAL(cap_scan_records(f, NULL, &res, scan_seen_record,
		&seen, err, sizeof(err)), 0, "scan: %s", err);
	TEST_ASSERT_EQUAL(seen.n, 20, "called for every record");
	TEST_ASSERT(seen.order_ok, "in file order");
	TEST_ASSERT_EQUAL(seen.bad, BAD_OF_20,
		"refused ones too, with the file's lengths");
	seen = (struct scan_seen){ .order_ok = 1, .stop_at = 7 };
	TEST_ASSERT_EQUAL(cap_scan_records(f, NULL, &res, scan_seen_record,
		&seen, err, sizeof(err)), -ECANCELED,
		"the callback's error stops the scan");
	TEST_ASSERT_EQUAL(seen.n, 7, "no call after the error");
	TEST_ASSERT(strstr(err, f) != NULL, "message names the file: %s", err);
	return 0;
}

static int
test_garbage_is_not_a_capture(void)
{
	char path[300];
	const char *f;

	GEN(f, "garbage.pcap", "--kind garbage");
	if (check_open_fails(f, EBADMSG, "not a capture") != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/no_such_file.pcap", tmpdir);
	if (check_open_fails(path, ENOENT, "cannot open") != 0)
		return -1;
	return check_open_fails(tmpdir, EISDIR, "directory");
}

static int
test_non_ethernet_link_type_refused(void)
{
	const char *f;

	GEN(f, "wifi.pcap", "--count 5 --linktype 105");
	if (check_open_fails(f, ENOTSUP, "IEEE802_11") != 0)
		return -1;
	GEN(f, "raw.pcap", "--count 5 --kind raw-ip");
	return check_open_fails(f, ENOTSUP, "RAW");
}

static int
check_converted(const char *kind, const char *extra, uint32_t hdrlen)
{
	struct cap_open_params p = { .convert = true };
	char err[CAP_ERR_LEN] = "", args[96];
	struct cap_record rec;
	struct cap_reader *r;
	struct cap_counts c;
	struct cap_info info;
	const char *f;
	uint16_t et;

	snprintf(args, sizeof(args), "--count 20 --kind %s %s", kind, extra);
	GEN(f, kind, args);
	r = cap_open(f, &p, err, sizeof(err));
	TEST_ASSERT(r != NULL, "%s opens with convert: %s", kind, err);
	cap_reader_info(r, &info);
	TEST_ASSERT(info.converting, "%s is converted", kind);
	while (cap_next(r, &rec) == 1) {
		bool v6 = rec.index % 2 == 1;

		TEST_ASSERT_EQUAL(rec.refusal, CAP_REFUSAL_NONE,
			"%s record %" PRIu64 " delivered", kind, rec.index);
		TEST_ASSERT(rec.converted, "record %" PRIu64 " converted",
			rec.index);
		et = (uint16_t)(rec.data[12] << 8 | rec.data[13]);
		TEST_ASSERT_EQUAL(et, v6 ? 0x86dd : 0x0800,
			"%s record %" PRIu64 " ethertype", kind, rec.index);
		TEST_ASSERT_EQUAL(rec.data[14] >> 4, v6 ? 6 : 4,
			"IP header follows the Ethernet header");
		TEST_ASSERT_EQUAL(rec.caplen, rec.len, "lengths agree");
		TEST_ASSERT(rec.caplen >= 100 - hdrlen + 14,
			"caplen %u covers the IP packet", rec.caplen);
	}
	cap_reader_counts(r, &c);
	cap_close(r);
	TEST_ASSERT_EQUAL(c.converted, 20, "%s: 20 converted", kind);
	TEST_ASSERT_EQUAL(c.delivered, 20, "%s: 20 delivered", kind);
	return check_invariant(&c);
}

static int
test_convert_raw_ip(void)
{
	return check_converted("raw-ip", "", 0);
}

static int
test_convert_linux_sll(void)
{
	return check_converted("sll", "--format pcapng", 16);
}

static int
test_convert_null_loopback(void)
{
	if (check_converted("null-loopback", "", 4) != 0)
		return -1;
	return check_converted("null-loopback", "--swap --format nsecpcap", 4);
}

static struct rte_mempool *
test_pool(const char *name, unsigned int n)
{
	return rte_pktmbuf_pool_create(name, n, 0, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
}

static int
test_jumbo_record_to_multiseg_mbuf(void)
{
	char err[CAP_ERR_LEN] = "";
	struct rte_mempool *mp;
	struct cap_record rec;
	struct cap_reader *r;
	struct rte_mbuf *m;
	const char *reason = NULL;
	uint8_t *copy;
	const void *d;
	const char *f;

	GEN(f, "jumbo.pcap", "--count 2 --kind fixed:9000");
	mp = test_pool("cap_jumbo", 64);
	TEST_ASSERT(mp != NULL, "pool: %s", rte_strerror(rte_errno));
	r = cap_open(f, NULL, err, sizeof(err));
	TEST_ASSERT(r != NULL, "cap_open: %s", err);
	TEST_ASSERT_EQUAL(cap_next(r, &rec), 1, "a record");
	TEST_ASSERT_EQUAL(rec.refusal, CAP_REFUSAL_NONE, "9000 is deliverable");
	m = cap_record_to_mbuf(mp, &rec);
	TEST_ASSERT(m != NULL, "mbuf: %s", rte_strerror(rte_errno));
	TEST_ASSERT_EQUAL(rte_mbuf_check(m, 1, &reason), 0, "mbuf check: %s",
		reason != NULL ? reason : "");
	TEST_ASSERT_EQUAL(m->pkt_len, 9000, "pkt_len is the caplen");
	TEST_ASSERT_EQUAL(m->nb_segs, 5,
		"2048 + 4 x 2176 bytes: five segments");
	copy = malloc(9000);
	TEST_ASSERT(copy != NULL, "malloc");
	d = rte_pktmbuf_read(m, 0, 9000, copy);
	TEST_ASSERT(d != NULL && memcmp(d, rec.data, 9000) == 0,
		"chain holds the record's bytes");
	free(copy);
	rte_pktmbuf_free(m);
	cap_close(r);
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(mp), 64, "all mbufs back");
	rte_mempool_free(mp);
	return 0;
}

static int
test_mbuf_exhaustion_frees_partial_chain(void)
{
	char err[CAP_ERR_LEN] = "";
	struct rte_mempool *mp;
	struct cap_record rec;
	struct cap_reader *r;
	struct rte_mbuf *m;
	const char *f;

	GEN(f, "jumbo.pcap", "--count 2 --kind fixed:9000");
	mp = test_pool("cap_small", 4);
	TEST_ASSERT(mp != NULL, "pool: %s", rte_strerror(rte_errno));
	r = cap_open(f, NULL, err, sizeof(err));
	TEST_ASSERT(r != NULL, "cap_open: %s", err);
	TEST_ASSERT_EQUAL(cap_next(r, &rec), 1, "a record");
	m = cap_record_to_mbuf(mp, &rec);
	TEST_ASSERT(m == NULL, "five segments do not fit four mbufs");
	TEST_ASSERT_EQUAL(rte_errno, ENOMEM, "ENOMEM");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(mp), 4,
		"the partial chain went back to the pool");
	rec.caplen = 0;
	TEST_ASSERT(cap_record_to_mbuf(mp, &rec) == NULL && rte_errno == EINVAL,
		"an empty record is EINVAL");
	cap_close(r);
	rte_mempool_free(mp);
	return 0;
}

static int
check_writer_round_trip(const char *out_name)
{
	char err[CAP_ERR_LEN] = "", out[300];
	struct rte_mempool *mp;
	struct cap_writer *w;
	struct cap_record rec;
	struct cap_reader *r;
	struct rte_mbuf *m;
	const char *f;
	int rc;

	GEN(f, "src.pcap", "--count 1000 --span-ms 3 --format nsecpcap");
	snprintf(out, sizeof(out), "%s/%s", tmpdir, out_name);
	mp = test_pool("cap_writer", 64);
	TEST_ASSERT(mp != NULL, "pool: %s", rte_strerror(rte_errno));
	r = cap_open(f, NULL, err, sizeof(err));
	TEST_ASSERT(r != NULL, "cap_open: %s", err);
	w = cap_writer_open(out, 1, 0, err, sizeof(err));
	TEST_ASSERT(w != NULL, "cap_writer_open: %s", err);
	while (cap_next(r, &rec) == 1) {
		/* Odd records go through an mbuf chain, even ones directly. */
		if (rec.index % 2 == 1) {
			m = cap_record_to_mbuf(mp, &rec);
			TEST_ASSERT(m != NULL, "mbuf");
			rc = cap_writer_write_mbuf(w, m, rec.ts_ns);
			rte_pktmbuf_free(m);
		} else {
			rc = cap_writer_write(w, rec.data, rec.caplen, rec.len,
				rec.ts_ns);
		}
		TEST_ASSERT_EQUAL(rc, 0, "write record %" PRIu64, rec.index);
	}
	TEST_ASSERT_EQUAL(cap_writer_records(w), 1000, "1000 written");
	TEST_ASSERT_EQUAL(cap_writer_close(w), 0, "close");
	cap_close(r);
	rte_mempool_free(mp);
	return check_same_records(f, out, true);
}

static int
test_writer_round_trip_pcap(void)
{
	char err[CAP_ERR_LEN] = "";
	struct cap_reader *r;
	struct cap_info info;
	char out[300];

	if (check_writer_round_trip("out.pcap") != 0)
		return -1;
	snprintf(out, sizeof(out), "%s/out.pcap", tmpdir);
	r = cap_open(out, NULL, err, sizeof(err));
	TEST_ASSERT(r != NULL, "reopen: %s", err);
	cap_reader_info(r, &info);
	cap_close(r);
	TEST_ASSERT_EQUAL(info.format, CAP_FORMAT_PCAP_NSEC,
		"written with nanosecond timestamps");
	return 0;
}

static int
test_writer_round_trip_pcapng(void)
{
	char err[CAP_ERR_LEN] = "";
	struct cap_reader *r;
	struct cap_info info;
	char out[300];

	if (check_writer_round_trip("out.pcapng") != 0)
		return -1;
	snprintf(out, sizeof(out), "%s/out.pcapng", tmpdir);
	r = cap_open(out, NULL, err, sizeof(err));
	TEST_ASSERT(r != NULL, "reopen: %s", err);
	cap_reader_info(r, &info);
	cap_close(r);
	TEST_ASSERT_EQUAL(info.format, CAP_FORMAT_PCAPNG, "pcapng by extension");
	return 0;
}

static int
test_writer_refuses_bad_path(void)
{
	char err[CAP_ERR_LEN] = "", path[300];

	snprintf(path, sizeof(path), "%s/no/such/dir/x.pcap", tmpdir[0] != '\0' ?
		tmpdir : "/nonexistent");
	TEST_ASSERT(cap_writer_open(path, 1, 0, err, sizeof(err)) == NULL,
		"cannot create in a missing directory");
	TEST_ASSERT_EQUAL(rte_errno, ENOENT, "ENOENT (%s)", err);
	TEST_ASSERT(strstr(err, path) != NULL, "message names the file: %s",
		err);
	return 0;
}

static int
test_scan_counts_and_netpcap_figures(void)
{
	char err[CAP_ERR_LEN] = "";
	struct cap_scan_result res;
	const char *f;

	GEN(f, "col.pcap", "--count 20 --kind caplen-over-len --span-ms 19");
	TEST_ASSERT_EQUAL(cap_scan(f, NULL, &res, err, sizeof(err)), 0,
		"scan: %s", err);
	TEST_ASSERT_EQUAL(res.counts.records, 20, "records");
	TEST_ASSERT_EQUAL(res.counts.refused[CAP_REFUSAL_CAPLEN_OVER_LEN],
		BAD_OF_20, "caplen > len refused");
	TEST_ASSERT_EQUAL(res.netpcap_records, 20,
		"net_pcap delivers every record");
	TEST_ASSERT_EQUAL(res.netpcap_caplen_over_len, BAD_OF_20,
		"net_pcap passes caplen > len records on");
	TEST_ASSERT_EQUAL(res.first_ts_ns, BASE_NS, "first timestamp");
	TEST_ASSERT_EQUAL(res.last_ts_ns, BASE_NS + 19 * NS_PER_MS,
		"last timestamp");
	TEST_ASSERT_EQUAL(res.info.format, CAP_FORMAT_PCAP, "format");
	TEST_ASSERT_EQUAL(res.info.snaplen, 262144, "snaplen");

	GEN(f, "huge.pcap", "--count 3 --kind fixed:70000");
	TEST_ASSERT_EQUAL(cap_scan(f, NULL, &res, err, sizeof(err)), 0,
		"scan: %s", err);
	TEST_ASSERT_EQUAL(res.counts.refused[CAP_REFUSAL_OVERSIZE], 3,
		"70000-byte records are oversize");
	TEST_ASSERT_EQUAL(res.netpcap_over_65535, 3,
		"net_pcap mangles records over 65535");
	TEST_ASSERT_EQUAL(res.max_caplen, 70000, "largest record");

	GEN(f, "trunc.pcap", "--count 20 --kind truncated");
	TEST_ASSERT_EQUAL(cap_scan(f, NULL, &res, err, sizeof(err)), 0,
		"scan: %s", err);
	TEST_ASSERT_EQUAL(res.counts.records, 20, "truncated tail counted");
	TEST_ASSERT_EQUAL(res.netpcap_records, 19,
		"net_pcap never sees the truncated tail");
	return check_invariant(&res.counts);
}

static int
test_rewind_reads_again(void)
{
	char err[CAP_ERR_LEN] = "";
	struct cap_record rec;
	struct cap_reader *r;
	struct cap_counts c;
	const char *f;
	int loop, n;

	GEN(f, "loop.pcap", "--count 10");
	r = cap_open(f, NULL, err, sizeof(err));
	TEST_ASSERT(r != NULL, "cap_open: %s", err);
	for (loop = 0; loop < 3; loop++) {
		if (loop > 0)
			TEST_ASSERT_EQUAL(cap_rewind(r), 0, "rewind");
		n = 0;
		while (cap_next(r, &rec) == 1) {
			TEST_ASSERT_EQUAL(rec.index, n, "index restarts");
			n++;
		}
		TEST_ASSERT_EQUAL(n, 10, "loop %d reads 10", loop);
	}
	cap_reader_counts(r, &c);
	cap_close(r);
	TEST_ASSERT_EQUAL(c.records, 30, "counts accumulate over loops");
	return check_invariant(&c);
}

static int
test_refusal_and_format_names(void)
{
	TEST_ASSERT(strcmp(cap_refusal_name(CAP_REFUSAL_CAPLEN_OVER_LEN),
		"caplen_over_len") == 0, "caplen_over_len");
	TEST_ASSERT(strcmp(cap_refusal_name(CAP_REFUSAL_TRUNCATED),
		"truncated") == 0, "truncated");
	TEST_ASSERT(strcmp(cap_refusal_name(CAP_REFUSAL_MAX), "unknown") == 0,
		"out of range");
	TEST_ASSERT(strcmp(cap_format_name(CAP_FORMAT_PCAPNG), "pcapng") == 0,
		"pcapng");
	TEST_ASSERT(cap_open(NULL, NULL, NULL, 0) == NULL && rte_errno == EINVAL,
		"NULL path is EINVAL");
	TEST_ASSERT_EQUAL(cap_next(NULL, NULL), -EINVAL, "NULL reader");
	return 0;
}

/* ------------------------------------------------------------ pacing */

/* A TSC frequency that divides nothing evenly, so rounding would show. */
#define PACE_HZ 2399999999ull
#define PACE_START 1000000ull
#define PACE_N 1000000ull

typedef unsigned __int128 u128;

/* Record i's timestamp: irregular gaps of 1234..1236 ns. */
static uint64_t
pace_ts(uint64_t i)
{
	return BASE_NS + i * 1234 + (i % 3);
}

/* The closed form, written out independently of the library. */
static uint64_t
closed_form(u128 num, u128 den)
{
	return PACE_START + (uint64_t)(num / den);
}

static int
check_multiplier(unsigned int mult)
{
	struct cap_pace p;
	uint64_t i, d = 0, prev = 0;

	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_MULTIPLIER, mult, PACE_HZ,
		0), 0, "init multiplier %u", mult);
	cap_pace_start(&p, PACE_START);
	for (i = 0; i <= PACE_N; i++) {
		d = cap_pace_next(&p, pace_ts(i), 60);
		TEST_ASSERT(d >= prev, "multiplier %u: deadline %" PRIu64
			" went back at record %" PRIu64, mult, d, i);
		prev = d;
		if (i == 0)
			TEST_ASSERT_EQUAL(d, PACE_START,
				"multiplier %u: first record due at the start", mult);
		if (i == 1000)
			TEST_ASSERT_EQUAL(d, closed_form((u128)(pace_ts(i) -
				pace_ts(0)) * PACE_HZ, (u128)mult * 1000000000u),
				"multiplier %u: record 1000", mult);
	}
	TEST_ASSERT_EQUAL(d, closed_form((u128)(pace_ts(PACE_N) - pace_ts(0)) *
		PACE_HZ, (u128)mult * 1000000000u),
		"multiplier %u: record 1e6 due at (ts - ts0) * hz / (%u * 1e9)",
		mult, mult);
	return 0;
}

static int
test_pace_multiplier_scales_recorded_timing(void)
{
	static const unsigned int mults[] = { 1, 2, 10 };
	unsigned int k;

	for (k = 0; k < RTE_DIM(mults); k++)
		if (check_multiplier(mults[k]) != 0)
			return -1;
	return 0;
}

static int
test_pace_pps_deadline_is_closed_form(void)
{
	struct cap_pace p;
	uint64_t i, d = 0, naive = PACE_START;
	const uint64_t pps = 7;
	const uint64_t step = PACE_HZ / pps;

	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_PPS, (double)pps, PACE_HZ,
		0), 0, "init pps");
	cap_pace_start(&p, PACE_START);
	for (i = 0; i <= PACE_N; i++) {
		d = cap_pace_next(&p, pace_ts(i), 1514);
		if (i > 0)
			naive += step;
	}
	TEST_ASSERT_EQUAL(d, closed_form((u128)PACE_N * PACE_HZ, pps),
		"record 1e6 due at 1e6 * hz / pps");
	/* an accumulating pacer (add the rounded interval each time) would
	 * be late by the rounding times 1e6: the test can tell them apart */
	TEST_ASSERT(naive != d, "test parameters must make rounding visible");
	TEST_ASSERT_EQUAL(cap_pace_cycles_for_count(&p, 3),
		(uint64_t)((u128)3 * PACE_HZ / pps), "closed form for record 3");
	return 0;
}

static int
test_pace_mbps_deadline_from_cumulative_bits(void)
{
	struct cap_pace p;
	uint64_t i, d = 0, bits = 0;
	const uint64_t mbps = 3;

	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_MBPS, (double)mbps,
		PACE_HZ, 0), 0, "init mbps");
	cap_pace_start(&p, PACE_START);
	for (i = 0; i <= PACE_N; i++) {
		uint32_t size = 60 + (uint32_t)(i % 1455);

		d = cap_pace_next(&p, pace_ts(i), size);
		if (i == 0)
			TEST_ASSERT_EQUAL(d, PACE_START, "first record at start");
		if (i < PACE_N)
			bits += (uint64_t)size * 8;
	}
	/* record 1e6 is due once the bits of records 0..1e6-1 went out */
	TEST_ASSERT_EQUAL(d, closed_form((u128)bits * PACE_HZ,
		(u128)mbps * 1000000u), "record 1e6 due at bits * hz / (mbps * 1e6)");
	return 0;
}

static int
test_pace_fractional_rates(void)
{
	struct cap_pace p;

	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_MULTIPLIER, 0.5, PACE_HZ,
		0), 0, "multiplier 0.5");
	TEST_ASSERT_EQUAL(cap_pace_cycles_for_time(&p, 1000000000ull),
		2 * PACE_HZ, "half speed: 1 s of recording takes 2 s");
	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_PPS, 2.5, PACE_HZ, 0), 0,
		"pps 2.5");
	TEST_ASSERT_EQUAL(cap_pace_cycles_for_count(&p, 5), 2 * PACE_HZ,
		"5 packets at 2.5 pps take 2 s");
	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_MBPS, 0.5, PACE_HZ, 0), 0,
		"mbps 0.5");
	TEST_ASSERT_EQUAL(cap_pace_cycles_for_bits(&p, 1000000), 2 * PACE_HZ,
		"1e6 bits at 0.5 Mb/s take 2 s");
	return 0;
}

static int
test_pace_topspeed_never_waits_nor_late(void)
{
	struct cap_pace p;

	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_TOPSPEED, 0, PACE_HZ, 0),
		0, "init topspeed");
	cap_pace_start(&p, PACE_START);
	TEST_ASSERT_EQUAL(cap_pace_next(&p, pace_ts(5), 100), 0, "due at once");
	TEST_ASSERT_EQUAL(cap_pace_account(&p, 0, PACE_START * 1000), 0,
		"never late");
	TEST_ASSERT_EQUAL(p.late, 0, "late count stays 0");
	return 0;
}

static int
test_pace_segments_join_loops(void)
{
	struct cap_pace p;
	uint64_t d;

	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_MULTIPLIER, 1, 1000000000ull,
		0), 0, "init at 1 GHz (1 cycle = 1 ns)");
	cap_pace_start(&p, PACE_START);
	cap_pace_next(&p, BASE_NS, 60);
	d = cap_pace_next(&p, BASE_NS + 5000, 60);
	TEST_ASSERT_EQUAL(d, PACE_START + 5000, "second record 5 us in");
	/* loop 2: the first record is due with the last one of loop 1 */
	cap_pace_segment(&p);
	d = cap_pace_next(&p, BASE_NS, 60);
	TEST_ASSERT_EQUAL(d, PACE_START + 5000, "loop 2 starts where 1 ended");
	d = cap_pace_next(&p, BASE_NS + 5000, 60);
	TEST_ASSERT_EQUAL(d, PACE_START + 10000, "loop 2 second record");
	/* a file recorded at another time: only its own offsets count */
	cap_pace_segment(&p);
	d = cap_pace_next(&p, 7 * BASE_NS, 60);
	TEST_ASSERT_EQUAL(d, PACE_START + 10000, "file 2 starts at once");
	/* a timestamp going back is due with the previous record */
	d = cap_pace_next(&p, 7 * BASE_NS - 100, 60);
	TEST_ASSERT_EQUAL(d, PACE_START + 10000, "never earlier than before");
	return 0;
}

static int
test_pace_late_counted_above_threshold(void)
{
	struct cap_pace p;

	/* 1 GHz, threshold 10 us = 10000 cycles */
	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_PPS, 1000, 1000000000ull,
		0), 0, "init");
	TEST_ASSERT_EQUAL(p.late_tsc, CAP_PACE_LATE_NS_DEFAULT,
		"default threshold is 10 us");
	TEST_ASSERT_EQUAL(cap_pace_account(&p, 5000, 4000), 0, "early: 0");
	TEST_ASSERT_EQUAL(cap_pace_account(&p, 5000, 15000), 10000,
		"exactly at the threshold");
	TEST_ASSERT_EQUAL(p.late, 0, "at the threshold is not late");
	TEST_ASSERT_EQUAL(cap_pace_account(&p, 5000, 25001), 20001, "late");
	TEST_ASSERT_EQUAL(cap_pace_account(&p, 5000, 16000), 11000, "late");
	TEST_ASSERT_EQUAL(p.late, 2, "two packets late");
	TEST_ASSERT_EQUAL(p.max_late_tsc, 20001, "largest lateness kept");
	return 0;
}

static int
test_pace_init_refuses_bad_rates(void)
{
	struct cap_pace p;

	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_MULTIPLIER, 0, PACE_HZ, 0),
		-EINVAL, "multiplier 0");
	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_PPS, -1, PACE_HZ, 0),
		-EINVAL, "negative pps");
	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_MBPS, 0.0 / 0.0, PACE_HZ,
		0), -EINVAL, "NaN mbps");
	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_PPS, 1e-6, PACE_HZ, 0),
		-EINVAL, "pps below the 1e-3 unit");
	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_PPS, 100, 0, 0), -EINVAL,
		"hz 0");
	TEST_ASSERT_EQUAL(cap_pace_init(NULL, CAP_PACE_PPS, 100, PACE_HZ, 0),
		-EINVAL, "NULL schedule");
	return 0;
}

/* The pacing options' bounds are lib/capture's, and each is a rate
 * cap_pace_init() keeps. */
static int
test_pace_rate_bounds_are_what_init_keeps(void)
{
	static const enum cap_pace_mode modes[] = {
		CAP_PACE_MULTIPLIER, CAP_PACE_PPS, CAP_PACE_MBPS,
	};
	struct cap_pace p;
	double min, max;
	unsigned int i;

	for (i = 0; i < RTE_DIM(modes); i++) {
		TEST_ASSERT_EQUAL(cap_pace_rate_bounds(modes[i], &min, &max), 0,
			"bounds of %s", cap_pace_mode_name(modes[i]));
		TEST_ASSERT(min > 0 && min < max, "%s: min %g max %g",
			cap_pace_mode_name(modes[i]), min, max);
		TEST_ASSERT_EQUAL(cap_pace_init(&p, modes[i], min, PACE_HZ, 0),
			0, "%s: init takes the minimum %g",
			cap_pace_mode_name(modes[i]), min);
		TEST_ASSERT(p.rate >= 1, "%s: the minimum is kept (rate %" PRIu64
			")", cap_pace_mode_name(modes[i]), p.rate);
		TEST_ASSERT_EQUAL(cap_pace_init(&p, modes[i], max, PACE_HZ, 0),
			0, "%s: init takes the maximum %g",
			cap_pace_mode_name(modes[i]), max);
	}
	TEST_ASSERT_EQUAL(cap_pace_rate_bounds(CAP_PACE_MULTIPLIER, &min, &max),
		0, "multiplier");
	TEST_ASSERT(min == CAP_PACE_MULTIPLIER_MIN &&
		max == CAP_PACE_MULTIPLIER_MAX, "multiplier bounds");
	TEST_ASSERT_EQUAL(cap_pace_rate_bounds(CAP_PACE_TOPSPEED, &min, &max),
		-EINVAL, "top speed has no rate");
	TEST_ASSERT(strcmp(cap_pace_mode_name(CAP_PACE_PPS), "pps") == 0 &&
		strcmp(cap_pace_mode_name(CAP_PACE_MBPS), "mbps") == 0 &&
		strcmp(cap_pace_mode_name(CAP_PACE_MULTIPLIER),
			"multiplier") == 0 &&
		strcmp(cap_pace_mode_name(CAP_PACE_TOPSPEED), "topspeed") == 0,
		"mode names are the option names");
	return 0;
}

/*
 * Deadlines that do not fit are refused with the rate that fits: a
 * 26 s capture at --multiplier 1e-9 would run 2.6e10 s, past the 1e9 s a
 * schedule holds; the smallest multiplier that fits is 2.6e-8, and it
 * fits while anything slower does not.
 */
static int
test_pace_fit_refuses_deadlines_that_overflow(void)
{
	struct cap_pace_span span = {
		.records = 1000, .bits = 8000000, .time_ns = 26000000000ull,
	};
	struct cap_pace p;
	double bound = 0;

	TEST_ASSERT_EQUAL(cap_pace_fit(CAP_PACE_MULTIPLIER, 1.0, &span, &bound),
		0, "26 s at x1 fits");
	TEST_ASSERT_EQUAL(cap_pace_fit(CAP_PACE_MULTIPLIER, 1e-9, &span,
		&bound), -ERANGE, "26 s at x1e-9 does not fit");
	TEST_ASSERT(fabs(bound - 2.6e-8) < 1e-15, "smallest multiplier 2.6e-8, "
		"seen %g", bound);
	TEST_ASSERT_EQUAL(cap_pace_fit(CAP_PACE_MULTIPLIER, bound, &span, NULL),
		0, "the bound fits");
	TEST_ASSERT_EQUAL(cap_pace_fit(CAP_PACE_MULTIPLIER, bound * 0.99, &span,
		NULL), -ERANGE, "below the bound does not");
	/* pps and mbps: the slowest rate that fits */
	span.records = 2000000;
	TEST_ASSERT_EQUAL(cap_pace_fit(CAP_PACE_PPS, 1e-3, &span, &bound),
		-ERANGE, "2e6 records at 1e-3 pps: 2e9 s");
	TEST_ASSERT(bound > 1e-3 && cap_pace_fit(CAP_PACE_PPS, bound, &span,
		NULL) == 0, "pps bound %g fits", bound);
	TEST_ASSERT_EQUAL(cap_pace_fit(CAP_PACE_MBPS, 1e-9, &span, &bound),
		-ERANGE, "8e6 bits at 1e-9 Mbps");
	TEST_ASSERT(cap_pace_fit(CAP_PACE_MBPS, bound, &span, NULL) == 0,
		"mbps bound %g fits", bound);
	TEST_ASSERT_EQUAL(cap_pace_fit(CAP_PACE_TOPSPEED, 0, &span, &bound), 0,
		"top speed always fits");
	/* what a schedule counted is the span it checks */
	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_MULTIPLIER, 1, PACE_HZ, 0),
		0, "init");
	cap_pace_start(&p, 0);
	cap_pace_segment(&p);
	cap_pace_next(&p, 5000, 100);
	cap_pace_next(&p, 9000, 60);
	cap_pace_segment(&p);
	cap_pace_next(&p, 100, 40);
	cap_pace_next(&p, 2100, 40);
	cap_pace_span_get(&p, &span);
	TEST_ASSERT(span.records == 4 && span.bits == 8 * 240 &&
		span.time_ns == 4000 + 2000, "span of the schedule: %" PRIu64
		" records, %" PRIu64 " bits, %" PRIu64 " ns", span.records,
		span.bits, span.time_ns);
	return 0;
}

static int
test_pace_wait_reaches_deadline(void)
{
	struct cap_pace p;
	uint64_t hz = rte_get_tsc_hz(), start, deadline;
	volatile bool stop = false;

	TEST_ASSERT_EQUAL(cap_pace_init(&p, CAP_PACE_PPS, 500, hz, 0), 0,
		"init");
	start = rte_get_tsc_cycles();
	cap_pace_start(&p, start);
	cap_pace_next(&p, 0, 60);
	deadline = cap_pace_next(&p, 0, 60);  /* 2 ms after the start */
	TEST_ASSERT_EQUAL(deadline - start, hz / 500, "record 1 at 1/500 s");
	TEST_ASSERT_EQUAL(cap_pace_wait(&p, deadline, &stop), 0, "waited");
	TEST_ASSERT(rte_get_tsc_cycles() >= deadline, "not before the deadline");
	stop = true;
	TEST_ASSERT_EQUAL(cap_pace_wait(&p, rte_get_tsc_cycles() + hz * 100,
		&stop), -EINTR, "a stop request ends the wait");
	return 0;
}

static const struct nbl_test_case cases[] = {
	{ "test_read_pcap_usec", test_read_pcap_usec },
	{ "test_read_pcap_nsec", test_read_pcap_nsec },
	{ "test_read_swapped_byte_order", test_read_swapped_byte_order },
	{ "test_read_pcapng", test_read_pcapng },
	{ "test_refuse_caplen_over_len", test_refuse_caplen_over_len },
	{ "test_refuse_runt", test_refuse_runt },
	{ "test_refuse_zero_length_as_runt", test_refuse_zero_length_as_runt },
	{ "test_refuse_oversize", test_refuse_oversize },
	{ "test_truncated_tail_counted", test_truncated_tail_counted },
	{ "test_empty_file_error_names_file", test_empty_file_error_names_file },
	{ "test_header_only_is_an_empty_capture",
		test_header_only_is_an_empty_capture },
	{ "test_unreadable_rest_refused_and_counted",
		test_unreadable_rest_refused_and_counted },
	{ "test_scan_records_calls_back_every_record",
		test_scan_records_calls_back_every_record },
	{ "test_garbage_is_not_a_capture", test_garbage_is_not_a_capture },
	{ "test_non_ethernet_link_type_refused",
		test_non_ethernet_link_type_refused },
	{ "test_convert_raw_ip", test_convert_raw_ip },
	{ "test_convert_linux_sll", test_convert_linux_sll },
	{ "test_convert_null_loopback", test_convert_null_loopback },
	{ "test_jumbo_record_to_multiseg_mbuf",
		test_jumbo_record_to_multiseg_mbuf },
	{ "test_mbuf_exhaustion_frees_partial_chain",
		test_mbuf_exhaustion_frees_partial_chain },
	{ "test_writer_round_trip_pcap", test_writer_round_trip_pcap },
	{ "test_writer_round_trip_pcapng", test_writer_round_trip_pcapng },
	{ "test_writer_refuses_bad_path", test_writer_refuses_bad_path },
	{ "test_scan_counts_and_netpcap_figures",
		test_scan_counts_and_netpcap_figures },
	{ "test_rewind_reads_again", test_rewind_reads_again },
	{ "test_refusal_and_format_names", test_refusal_and_format_names },
	{ "test_pace_multiplier_scales_recorded_timing",
		test_pace_multiplier_scales_recorded_timing },
	{ "test_pace_pps_deadline_is_closed_form",
		test_pace_pps_deadline_is_closed_form },
	{ "test_pace_mbps_deadline_from_cumulative_bits",
		test_pace_mbps_deadline_from_cumulative_bits },
	{ "test_pace_fractional_rates",
		test_pace_fractional_rates },
	{ "test_pace_topspeed_never_waits_nor_late",
		test_pace_topspeed_never_waits_nor_late },
	{ "test_pace_segments_join_loops",
		test_pace_segments_join_loops },
	{ "test_pace_late_counted_above_threshold",
		test_pace_late_counted_above_threshold },
	{ "test_pace_init_refuses_bad_rates",
		test_pace_init_refuses_bad_rates },
	{ "test_pace_wait_reaches_deadline",
		test_pace_wait_reaches_deadline },
	{ "test_pace_rate_bounds_are_what_init_keeps",
		test_pace_rate_bounds_are_what_init_keeps },
	{ "test_pace_fit_refuses_deadlines_that_overflow",
		test_pace_fit_refuses_deadlines_that_overflow },
};

int
main(int argc, char **argv)
{
	return nbl_test_main(argc, argv, cases, RTE_DIM(cases), "0", NULL);
}
