/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * nblpmd-capgen: write small capture files, good and deliberately bad, for
 * the sample profile and the tests. Files are written byte by byte here,
 * not through libpcap, so byte order, timestamp precision and broken
 * records are fully under control.
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_out.h"
#include "capgen.h"
#include "nblpmd_build_config.h"

#define EXIT_USAGE 2
#define CAPGEN_SNAPLEN CAPGEN_MAX_RECORD
#define CAPGEN_BASE_S 1700000000ull
#define CAPGEN_NS_PER_MS 1000000ull
#define CAPGEN_NS_PER_S 1000000000ull
#define CAPGEN_JUMBO 9000u
#define CAPGEN_JUMBO_EVERY 400u
#define CAPGEN_OVERSIZE 10000u
#define CAPGEN_TRUNCATED_LEN 1000u

/* LINKTYPE_ values as they appear in file headers. */
#define LINKTYPE_NULL 0
#define LINKTYPE_ETHERNET 1
#define LINKTYPE_RAW 101
#define LINKTYPE_LINUX_SLL 113

enum capgen_kind {
	KIND_MIXED,
	KIND_FIXED,
	KIND_CAPLEN_OVER_LEN,
	KIND_RUNT,
	KIND_ZERO,
	KIND_OVERSIZE,
	KIND_TRUNCATED,
	KIND_EMPTY,
	KIND_GARBAGE,
	KIND_RAW_IP,
	KIND_SLL,
	KIND_NULL_LOOPBACK,
};

static const struct {
	const char *name;
	enum capgen_kind kind;
} capgen_kinds[] = {
	{ "mixed", KIND_MIXED },
	{ "caplen-over-len", KIND_CAPLEN_OVER_LEN },
	{ "runt", KIND_RUNT },
	{ "zero", KIND_ZERO },
	{ "oversize", KIND_OVERSIZE },
	{ "truncated", KIND_TRUNCATED },
	{ "empty", KIND_EMPTY },
	{ "garbage", KIND_GARBAGE },
	{ "raw-ip", KIND_RAW_IP },
	{ "sll", KIND_SLL },
	{ "null-loopback", KIND_NULL_LOOPBACK },
};

struct capgen_opts {
	const char *out;
	const char *kind_name;
	enum capgen_kind kind;
	uint32_t fixed_size;
	uint64_t count;
	uint64_t seed;
	uint64_t span_ms;
	enum capgen_format format;
	const char *format_name;
	bool swap;
	int64_t linktype;        /* -1: the kind's own */
};

static void
usage(FILE *out, const char *prog)
{
	fprintf(out,
		"Usage: %s --out FILE [--kind K] [--count N] [--seed S]\n"
		"          [--span-ms MS] [--format pcap|nsecpcap|pcapng] [--swap]\n"
		"          [--linktype N]\n"
		"Kinds:\n"
		"  mixed            60..1514-byte ARP, IPv4 UDP/TCP/ICMP, IPv6 UDP and\n"
		"                   VLAN frames, one 9000-byte frame every %u (default)\n"
		"  fixed:SIZE       IPv4 UDP frames of SIZE bytes (1..%u)\n"
		"  caplen-over-len, runt (10 bytes), zero (0 bytes), oversize (%u bytes):\n"
		"                   every record whose index i has i %% 4 == 1 is bad\n"
		"  truncated        the last record is cut in the middle\n"
		"  empty            a file header and no records\n"
		"  garbage          not a capture file\n"
		"  raw-ip, sll, null-loopback\n"
		"                   IPv4/IPv6 UDP in LINKTYPE_RAW, Linux cooked or BSD\n"
		"                   loopback framing, alternating\n"
		"Defaults: --count 2000 --seed 1 --span-ms 1000 --format pcap.\n"
		"--swap writes the other byte order; --linktype sets the header's\n"
		"link type whatever the records hold. --help prints this text and\n"
		"--version the version. Exit 2 on bad usage.\n",
		prog, CAPGEN_JUMBO_EVERY, CAPGEN_MAX_RECORD, CAPGEN_OVERSIZE);
}

static int
bad_usage(const char *prog, const char *opt, const char *value,
	const char *want)
{
	fprintf(stderr, "%s: %s '%s' is invalid: %s\n", prog, opt, value, want);
	fprintf(stderr, "Try %s --help\n", prog);
	return EXIT_USAGE;
}

static int
parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	errno = 0;
	if (s[0] == '-' || s[0] == '\0')
		return -1;
	*v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0' || *v > max)
		return -1;
	return 0;
}

static int
parse_kind(const char *s, struct capgen_opts *o)
{
	uint64_t size;
	size_t i;

	if (strncmp(s, "fixed:", 6) == 0) {
		if (parse_u64(s + 6, CAPGEN_MAX_RECORD, &size) != 0 || size == 0)
			return -1;
		o->kind = KIND_FIXED;
		o->fixed_size = (uint32_t)size;
		return 0;
	}
	for (i = 0; i < sizeof(capgen_kinds) / sizeof(capgen_kinds[0]); i++) {
		if (strcmp(s, capgen_kinds[i].name) == 0) {
			o->kind = capgen_kinds[i].kind;
			return 0;
		}
	}
	return -1;
}

static int
parse_args(int argc, char **argv, struct capgen_opts *o)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "kind", required_argument, NULL, 'k' },
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "span-ms", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "swap", no_argument, NULL, 'w' },
		{ "linktype", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *prog = argv[0];
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->kind_name = "mixed";
	o->count = 2000;
	o->seed = 1;
	o->span_ms = 1000;
	o->format_name = "pcap";
	o->linktype = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case 'k':
			o->kind_name = optarg;
			if (parse_kind(optarg, o) != 0)
				return bad_usage(prog, "--kind", optarg,
					"expected mixed, fixed:SIZE (1..262144), caplen-over-len, runt, zero, oversize, truncated, empty, garbage, raw-ip, sll or null-loopback");
			break;
		case 'n':
			if (parse_u64(optarg, 10000000, &v) != 0 || v == 0)
				return bad_usage(prog, "--count", optarg,
					"expected a record count from 1 to 10000000");
			o->count = v;
			break;
		case 's':
			if (parse_u64(optarg, UINT64_MAX, &v) != 0)
				return bad_usage(prog, "--seed", optarg,
					"expected an unsigned integer");
			o->seed = v;
			break;
		case 'm':
			if (parse_u64(optarg, 86400000, &v) != 0)
				return bad_usage(prog, "--span-ms", optarg,
					"expected milliseconds from 0 to 86400000");
			o->span_ms = v;
			break;
		case 'f':
			o->format_name = optarg;
			if (strcmp(optarg, "pcap") == 0)
				o->format = CAPGEN_PCAP;
			else if (strcmp(optarg, "nsecpcap") == 0)
				o->format = CAPGEN_NSECPCAP;
			else if (strcmp(optarg, "pcapng") == 0)
				o->format = CAPGEN_PCAPNG;
			else
				return bad_usage(prog, "--format", optarg,
					"expected pcap, nsecpcap or pcapng");
			break;
		case 'w':
			o->swap = true;
			break;
		case 'l':
			if (parse_u64(optarg, 65535, &v) != 0)
				return bad_usage(prog, "--linktype", optarg,
					"expected a LINKTYPE value from 0 to 65535");
			o->linktype = (int64_t)v;
			break;
		case 'h':
			usage(stdout, prog);
			exit(0);
		case 'V':
			printf("nblpmd-capgen " NBLPMD_VERSION "\n");
			exit(0);
		default:
			fprintf(stderr, "%s: unknown option or missing value: %s\n",
				prog, argv[optind - 1]);
			usage(stderr, prog);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog,
			argv[optind]);
		return EXIT_USAGE;
	}
	if (o->out == NULL) {
		fprintf(stderr, "%s: --out FILE is required\n", prog);
		usage(stderr, prog);
		return EXIT_USAGE;
	}
	return 0;
}

static uint32_t
rand_range(uint64_t *state, uint32_t lo, uint32_t hi)
{
	return lo + (uint32_t)(capgen_rand(state) % (hi - lo + 1));
}

/* One frame of the mixed kind: size and protocol from the generator. */
static uint32_t
mixed_frame(uint8_t *buf, uint64_t i, uint64_t *rng)
{
	enum capgen_proto proto;
	uint32_t size, r, min;

	if (i % CAPGEN_JUMBO_EVERY == CAPGEN_JUMBO_EVERY / 2) {
		capgen_frame(buf, CAPGEN_JUMBO, CAPGEN_IPV4_UDP, (uint32_t)i);
		return CAPGEN_JUMBO;
	}
	r = (uint32_t)(capgen_rand(rng) % 100);
	if (r < 5)
		proto = CAPGEN_ARP;
	else if (r < 45)
		proto = CAPGEN_IPV4_UDP;
	else if (r < 70)
		proto = CAPGEN_IPV4_TCP;
	else if (r < 78)
		proto = CAPGEN_IPV4_ICMP;
	else if (r < 90)
		proto = CAPGEN_IPV6_UDP;
	else
		proto = CAPGEN_VLAN_IPV4_UDP;
	/* Half small, a third medium, the rest near the MTU. */
	r = (uint32_t)(capgen_rand(rng) % 100);
	if (proto == CAPGEN_ARP)
		size = 60;
	else if (r < 50)
		size = rand_range(rng, 60, 128);
	else if (r < 80)
		size = rand_range(rng, 129, 576);
	else if (r < 90)
		size = 1514;
	else
		size = rand_range(rng, 1000, 1514);
	/* Room for the payload marker, so every payload reads as data. */
	min = capgen_proto_min(proto) + (proto == CAPGEN_ARP ? 0 : 14);
	if (size < min)
		size = min;
	capgen_frame(buf, size, proto, (uint32_t)i);
	return size;
}

static uint32_t
good_frame(uint8_t *buf, uint64_t i, uint64_t *rng)
{
	uint32_t size = rand_range(rng, 60, 1514);

	capgen_frame(buf, size, CAPGEN_IPV4_UDP, (uint32_t)i);
	return size;
}

/* Link header for the converted kinds, in front of an IP packet. */
static uint32_t
link_header(enum capgen_kind kind, uint8_t *buf, bool v6, bool swap)
{
	uint32_t af;

	switch (kind) {
	case KIND_SLL:
		memset(buf, 0, 16);
		buf[3] = 1;         /* ARPHRD_ETHER */
		buf[5] = 6;         /* address length */
		buf[6] = 0x02;
		buf[11] = 0x01;
		buf[14] = v6 ? 0x86 : 0x08;
		buf[15] = v6 ? 0xdd : 0x00;
		return 16;
	case KIND_NULL_LOOPBACK:
		/* Address family in the writer's byte order (AF_INET6 of
		 * NetBSD and OpenBSD is 24). */
		af = v6 ? 24 : 2;
		if (swap)
			af = __builtin_bswap32(af);
		memcpy(buf, &af, 4);
		return 4;
	default:
		return 0;
	}
}

static int
write_garbage(FILE *fp, uint64_t *written)
{
	static const char text[] = "This is not a capture file. ";
	int i;

	for (i = 0; i < 20; i++)
		fwrite(text, sizeof(text) - 1, 1, fp);
	*written = 20 * (sizeof(text) - 1);
	return ferror(fp) != 0 ? -EIO : 0;
}

static uint32_t
kind_linktype(enum capgen_kind kind)
{
	switch (kind) {
	case KIND_RAW_IP:
		return LINKTYPE_RAW;
	case KIND_SLL:
		return LINKTYPE_LINUX_SLL;
	case KIND_NULL_LOOPBACK:
		return LINKTYPE_NULL;
	default:
		return LINKTYPE_ETHERNET;
	}
}

static int
generate(const struct capgen_opts *o, struct capgen_file *f, uint8_t *buf)
{
	uint64_t rng = o->seed * 0x9e3779b97f4a7c15ull + 1;
	uint64_t span_ns = o->span_ms * CAPGEN_NS_PER_MS;
	uint64_t i, ts;
	uint32_t size, caplen, len, written, hdr;
	int rc = 0;

	if (o->kind == KIND_EMPTY)
		return 0;
	for (i = 0; i < o->count && rc == 0; i++) {
		bool bad = i % 4 == 1;
		bool v6 = i % 2 == 1;

		ts = CAPGEN_BASE_S * CAPGEN_NS_PER_S +
			(o->count > 1 ? span_ns * i / (o->count - 1) : 0);
		switch (o->kind) {
		case KIND_MIXED:
			size = mixed_frame(buf, i, &rng);
			break;
		case KIND_FIXED:
			size = o->fixed_size;
			if (size >= capgen_proto_min(CAPGEN_IPV4_UDP)) {
				capgen_frame(buf, size, CAPGEN_IPV4_UDP,
					(uint32_t)i);
			} else {
				capgen_frame(buf, 60, CAPGEN_IPV4_UDP,
					(uint32_t)i);
			}
			break;
		case KIND_RAW_IP:
		case KIND_SLL:
		case KIND_NULL_LOOPBACK:
			hdr = link_header(o->kind, buf, v6, o->swap);
			size = rand_range(&rng, 100, 500);
			capgen_ip_packet(buf + hdr, size, v6, (uint32_t)i);
			size += hdr;
			break;
		case KIND_OVERSIZE:
			if (bad) {
				size = CAPGEN_OVERSIZE;
				capgen_frame(buf, size, CAPGEN_IPV4_UDP,
					(uint32_t)i);
				break;
			}
			size = good_frame(buf, i, &rng);
			break;
		default:
			size = good_frame(buf, i, &rng);
			break;
		}
		caplen = size;
		len = size;
		written = size;
		if (bad && o->kind == KIND_CAPLEN_OVER_LEN) {
			len = size - 10;
		} else if (bad && o->kind == KIND_RUNT) {
			caplen = len = written = 10;
		} else if (bad && o->kind == KIND_ZERO) {
			caplen = len = written = 0;
		} else if (o->kind == KIND_TRUNCATED && i == o->count - 1) {
			capgen_frame(buf, CAPGEN_TRUNCATED_LEN, CAPGEN_IPV4_UDP,
				(uint32_t)i);
			caplen = len = CAPGEN_TRUNCATED_LEN;
			written = CAPGEN_TRUNCATED_LEN / 2;
		}
		rc = capgen_file_record(f, buf, written, caplen, len, ts);
	}
	return rc;
}

/* --out by the rule of every output (app_out.h): at start, a path that
 * cannot be written is a usage error naming --out. */
static int
out_prepare(const char *prog, const char *path, struct app_out *out)
{
	int rc = app_out_init(out, prog, "--out", path);

	if (rc == -EISDIR) {
		fprintf(stderr, "%s: --out %s: is a directory; give a file "
			"name\n", prog, path);
		return rc;
	}
	if (rc != 0) {
		fprintf(stderr, "%s: --out %s: %s; give a path to a file\n",
			prog, path, strerror(-rc));
		return rc;
	}
	if (out->kind == APP_OUT_STDOUT) {
		rc = app_out_stdout_claim();
		if (rc != 0) {
			fprintf(stderr, "%s: --out -: %s\n", prog,
				strerror(-rc));
			return rc;
		}
	}
	return app_out_check(out);
}

static int
generate_file(const struct capgen_opts *o, FILE *fp, uint64_t *records,
	uint64_t *bytes, uint32_t *linktype)
{
	struct capgen_file f;
	uint8_t *buf;
	int rc;

	if (o->kind == KIND_GARBAGE) {
		*records = 0;
		return write_garbage(fp, bytes);
	}
	buf = calloc(1, CAPGEN_MAX_RECORD + 64);
	if (buf == NULL)
		return -ENOMEM;
	*linktype = o->linktype >= 0 ? (uint32_t)o->linktype :
		kind_linktype(o->kind);
	rc = capgen_file_open(&f, fp, o->format, o->swap, *linktype,
		CAPGEN_SNAPLEN);
	if (rc == 0)
		rc = generate(o, &f, buf);
	if (capgen_file_close(&f) != 0 && rc == 0)
		rc = -EIO;
	free(buf);
	*records = f.records;
	*bytes = f.bytes;
	return rc;
}

int
main(int argc, char **argv)
{
	struct capgen_opts o;
	struct app_out out;
	uint64_t records = 0, bytes = 0;
	uint32_t linktype = 0;
	FILE *fp;
	int rc, fd;

	rc = parse_args(argc, argv, &o);
	if (rc != 0)
		return rc;
	if (out_prepare(argv[0], o.out, &out) != 0)
		return EXIT_USAGE;
	fd = app_out_open(&out);
	if (fd < 0)
		return 1;
	fp = fdopen(fd, "wb");
	if (fp == NULL) {
		rc = -errno;
		close(fd);
		app_out_abort(&out);
		fprintf(stderr, "%s: --out %s: %s\n", argv[0], o.out,
			strerror(-rc));
		return 1;
	}
	rc = generate_file(&o, fp, &records, &bytes, &linktype);
	if (rc != 0) {
		fprintf(stderr, "%s: --out %s: cannot write: %s; nothing "
			"written\n", argv[0], o.out, strerror(-rc));
		app_out_fclose(&out, fp, false);
		return 1;
	}
	if (app_out_fclose(&out, fp, true) != 0)
		return 1;
	if (o.kind == KIND_GARBAGE)
		printf("%s: kind garbage, 0 records, %" PRIu64 " bytes\n",
			o.out, bytes);
	else
		printf("%s: kind %s, format %s%s, linktype %u, %" PRIu64
			" records, %" PRIu64 " bytes captured\n", o.out,
			o.kind_name, o.format_name, o.swap ? " swapped" : "",
			linktype, records, bytes);
	return 0;
}
