/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * lib/capture RSS (cap_rss_*): the Toeplitz hash against the values
 * Microsoft publishes to verify an implementation ("Verifying the RSS
 * Hash Calculation", windows-driver-docs, with the key that is also
 * cap_rss_default_key), what a frame is hashed over, and the indirection
 * table. Frames are built here byte by byte; no EAL.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "cap.h"
#include "nbl_test_assert.h"

#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_ICMPV6 58

/* The published IPv4 rows: destination, source, and the hashes. */
static const struct {
	const char *dst;
	uint16_t dport;
	const char *src;
	uint16_t sport;
	uint32_t l3;
	uint32_t l4;
} v4_rows[] = {
	{ "161.142.100.80", 1766, "66.9.149.187", 2794,
		0x323e8fc2, 0x51ccc178 },
	{ "65.69.140.83", 4739, "199.92.111.2", 14230,
		0xd718262a, 0xc626b0ea },
	{ "12.22.207.184", 38024, "24.19.198.95", 12898,
		0xd2d0a5de, 0x5c2b394a },
	{ "209.142.163.6", 2217, "38.27.205.30", 48228,
		0x82989176, 0xafc7327f },
	{ "202.188.127.2", 1303, "153.39.163.191", 44251,
		0x5d1809c5, 0x10e828a2 },
};

/* The published IPv6 rows. */
static const struct {
	const char *dst;
	uint16_t dport;
	const char *src;
	uint16_t sport;
	uint32_t l3;
	uint32_t l4;
} v6_rows[] = {
	{ "3ffe:2501:200:3::1", 1766, "3ffe:2501:200:1fff::7", 2794,
		0x2cc18cd5, 0x40207d3d },
	{ "ff02::1", 4739, "3ffe:501:8::260:97ff:fe40:efab", 14230,
		0x0f0c461c, 0xdde51bbf },
	{ "fe80::200:f8ff:fe21:67cf", 38024,
		"3ffe:1900:4545:3:200:f8ff:fe21:67cf", 44251,
		0x4b61e985, 0x02d1feef },
};

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Ethernet header with tags VLAN tags of the given TPIDs; returns the
 * offset of the L3 header. */
static uint32_t
eth(uint8_t *f, uint16_t type, const uint16_t *tpid, unsigned int tags)
{
	uint32_t off = 12;
	unsigned int i;

	memset(f, 0, 12);
	f[0] = 0x02;
	f[6] = 0x02;
	f[11] = 1;
	for (i = 0; i < tags; i++) {
		put16(&f[off], tpid[i]);
		put16(&f[off + 2], (uint16_t)(100 + i));
		off += 4;
	}
	put16(&f[off], type);
	return off + 2;
}

/* An IPv4 frame of row r with protocol proto (ports for TCP and UDP),
 * IPv4 flags/offset frag; returns its length. */
static uint32_t
frame_v4(uint8_t *f, unsigned int r, uint8_t proto, uint16_t frag,
		const uint16_t *tpid, unsigned int tags)
{
	uint32_t off = eth(f, 0x0800, tpid, tags);
	uint8_t *ip = f + off;

	memset(ip, 0, 28);
	ip[0] = 0x45;
	put16(&ip[2], 28);
	put16(&ip[6], frag);
	ip[8] = 64;
	ip[9] = proto;
	inet_pton(AF_INET, v4_rows[r].src, &ip[12]);
	inet_pton(AF_INET, v4_rows[r].dst, &ip[16]);
	put16(&ip[20], v4_rows[r].sport);
	put16(&ip[22], v4_rows[r].dport);
	return off + 28;
}

static uint32_t
frame_v6(uint8_t *f, unsigned int r, uint8_t nh)
{
	uint32_t off = eth(f, 0x86dd, NULL, 0);
	uint8_t *ip = f + off;

	memset(ip, 0, 48);
	ip[0] = 0x60;
	put16(&ip[4], 8);
	ip[6] = nh;
	ip[7] = 64;
	inet_pton(AF_INET6, v6_rows[r].src, &ip[8]);
	inet_pton(AF_INET6, v6_rows[r].dst, &ip[24]);
	put16(&ip[40], v6_rows[r].sport);
	put16(&ip[42], v6_rows[r].dport);
	return off + 48;
}

static int
test_rss_ipv4_verification_values(void)
{
	struct cap_rss rss;
	enum cap_rss_input in;
	uint8_t f[128];
	unsigned int r;
	uint32_t n;

	TEST_ASSERT_EQUAL(cap_rss_init(&rss, NULL, 1), 0, "init");
	for (r = 0; r < RTE_DIM(v4_rows); r++) {
		n = frame_v4(f, r, PROTO_TCP, 0, NULL, 0);
		TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), v4_rows[r].l4,
			"row %u: IPv4 with TCP", r + 1);
		TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_L4, "row %u: TCP hashes "
			"the 4-tuple", r + 1);
		n = frame_v4(f, r, PROTO_UDP, 0, NULL, 0);
		TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), v4_rows[r].l4,
			"row %u: UDP hashes its ports as TCP does", r + 1);
		n = frame_v4(f, r, PROTO_ICMP, 0, NULL, 0);
		TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), v4_rows[r].l3,
			"row %u: IPv4 only", r + 1);
		TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_L3, "row %u: ICMP hashes "
			"the addresses", r + 1);
	}
	return 0;
}

static int
test_rss_ipv6_verification_values(void)
{
	struct cap_rss rss;
	enum cap_rss_input in;
	uint8_t f[128];
	unsigned int r;
	uint32_t n;

	TEST_ASSERT_EQUAL(cap_rss_init(&rss, NULL, 1), 0, "init");
	for (r = 0; r < RTE_DIM(v6_rows); r++) {
		n = frame_v6(f, r, PROTO_TCP);
		TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), v6_rows[r].l4,
			"row %u: IPv6 with TCP", r + 1);
		TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_L4, "row %u: 4-tuple",
			r + 1);
		n = frame_v6(f, r, PROTO_UDP);
		TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), v6_rows[r].l4,
			"row %u: IPv6 with UDP", r + 1);
		n = frame_v6(f, r, PROTO_ICMPV6);
		TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), v6_rows[r].l3,
			"row %u: IPv6 only (next header not TCP/UDP)", r + 1);
		TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_L3, "row %u: 2-tuple",
			r + 1);
	}
	return 0;
}

static int
test_rss_vlan_tags_skipped(void)
{
	static const uint16_t one[] = { 0x8100 };
	static const uint16_t two[] = { 0x88a8, 0x8100 };
	static const uint16_t three[] = { 0x88a8, 0x8100, 0x8100 };
	struct cap_rss rss;
	enum cap_rss_input in;
	uint8_t f[128];
	uint32_t n;

	TEST_ASSERT_EQUAL(cap_rss_init(&rss, NULL, 4), 0, "init");
	n = frame_v4(f, 0, PROTO_TCP, 0, one, 1);
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), v4_rows[0].l4,
		"one 802.1Q tag");
	n = frame_v4(f, 0, PROTO_TCP, 0, two, 2);
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), v4_rows[0].l4,
		"802.1ad and 802.1Q tags (QinQ)");
	n = frame_v4(f, 0, PROTO_TCP, 0, three, 3);
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), 0,
		"a third tag is not skipped: not hashed");
	TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_NONE, "three tags: none");
	TEST_ASSERT_EQUAL(cap_rss_queue(&rss, f, n, NULL), 0,
		"three tags: queue 0");
	/* a tag whose inner type is cut off */
	n = frame_v4(f, 0, PROTO_TCP, 0, one, 1);
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, 16, &in), 0, "tag cut short");
	TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_NONE, "tag cut short: none");
	return 0;
}

static int
test_rss_ipv4_fragments_hash_addresses(void)
{
	struct cap_rss rss;
	enum cap_rss_input in;
	uint8_t f[128];
	uint32_t n;

	TEST_ASSERT_EQUAL(cap_rss_init(&rss, NULL, 1), 0, "init");
	/* first fragment: MF set, offset 0 (ports present, not used) */
	n = frame_v4(f, 1, PROTO_TCP, 0x2000, NULL, 0);
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), v4_rows[1].l3,
		"MF set: the addresses only");
	TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_L3, "MF set: 2-tuple");
	/* a later fragment: offset 185 (1480 bytes) */
	n = frame_v4(f, 1, PROTO_UDP, 185, NULL, 0);
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), v4_rows[1].l3,
		"fragment offset: the addresses only");
	/* DF (0x4000) is not a fragment */
	n = frame_v4(f, 1, PROTO_TCP, 0x4000, NULL, 0);
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, &in), v4_rows[1].l4,
		"DF alone: ports hashed");
	return 0;
}

static int
test_rss_ports_cut_short_hash_addresses(void)
{
	struct cap_rss rss;
	enum cap_rss_input in;
	uint8_t f[128];
	uint32_t n;

	TEST_ASSERT_EQUAL(cap_rss_init(&rss, NULL, 1), 0, "init");
	n = frame_v4(f, 2, PROTO_TCP, 0, NULL, 0);
	/* the snapshot ends inside the destination port */
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n - 5, &in), v4_rows[2].l3,
		"IPv4 TCP without its ports: the addresses");
	TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_L3, "2-tuple");
	n = frame_v6(f, 2, PROTO_UDP);
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, 14 + 40, &in), v6_rows[2].l3,
		"IPv6 UDP without its ports: the addresses");
	/* IPv4 options move the ports */
	n = frame_v4(f, 3, PROTO_TCP, 0, NULL, 0);
	memmove(&f[14 + 24], &f[14 + 20], 8);
	memset(&f[14 + 20], 1, 4);   /* four NOP options */
	f[14] = 0x46;
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n + 4, &in), v4_rows[3].l4,
		"IHL 6: the ports follow the options");
	return 0;
}

static int
test_rss_not_ip_goes_to_queue_0(void)
{
	struct cap_rss rss;
	enum cap_rss_input in;
	uint8_t f[128];
	uint32_t n;
	uint16_t q;

	TEST_ASSERT_EQUAL(cap_rss_init(&rss, NULL, 8), 0, "init");
	/* pick a row whose 4-tuple lands off queue 0 */
	n = frame_v4(f, 3, PROTO_TCP, 0, NULL, 0);
	q = cap_rss_queue(&rss, f, n, &in);
	TEST_ASSERT(q != 0, "row 4 hashes to queue %u", q);
	/* ARP */
	n = frame_v4(f, 3, PROTO_TCP, 0, NULL, 0);
	put16(&f[12], 0x0806);
	TEST_ASSERT_EQUAL(cap_rss_queue(&rss, f, n, &in), 0, "ARP: queue 0");
	TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_NONE, "ARP: not hashed");
	/* IPv4 ethertype, version 6 in the header */
	n = frame_v4(f, 3, PROTO_TCP, 0, NULL, 0);
	f[14] = 0x65;
	TEST_ASSERT_EQUAL(cap_rss_queue(&rss, f, n, &in), 0,
		"version disagrees: queue 0");
	TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_NONE, "version disagrees");
	/* IHL below 5 */
	f[14] = 0x44;
	TEST_ASSERT_EQUAL(cap_rss_queue(&rss, f, n, &in), 0, "IHL 4: queue 0");
	/* the IPv4 header cut short */
	n = frame_v4(f, 3, PROTO_TCP, 0, NULL, 0);
	TEST_ASSERT_EQUAL(cap_rss_queue(&rss, f, 14 + 19, &in), 0,
		"19 bytes of IPv4 header: queue 0");
	TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_NONE, "header cut short");
	n = frame_v6(f, 2, PROTO_TCP);
	TEST_ASSERT_EQUAL(cap_rss_queue(&rss, f, 14 + 39, &in), 0,
		"39 bytes of IPv6 header: queue 0");
	/* shorter than an Ethernet header, and no frame at all */
	TEST_ASSERT_EQUAL(cap_rss_queue(&rss, f, 13, &in), 0, "13 bytes");
	TEST_ASSERT_EQUAL(cap_rss_queue(&rss, NULL, 0, &in), 0, "no frame");
	TEST_ASSERT_EQUAL(in, CAP_RSS_INPUT_NONE, "no frame: none");
	return 0;
}

static int
test_rss_reta_is_round_robin(void)
{
	struct cap_rss rss;
	enum cap_rss_input in;
	uint8_t f[128];
	unsigned int r, i;
	uint16_t nq;
	uint32_t n;

	for (nq = 1; nq <= 8; nq++) {
		TEST_ASSERT_EQUAL(cap_rss_init(&rss, NULL, nq), 0, "init %u",
			nq);
		for (i = 0; i < CAP_RSS_RETA_SIZE; i++)
			TEST_ASSERT_EQUAL(rss.reta[i], i % nq, "%u queues: "
				"entry %u", nq, i);
		for (r = 0; r < RTE_DIM(v4_rows); r++) {
			n = frame_v4(f, r, PROTO_TCP, 0, NULL, 0);
			TEST_ASSERT_EQUAL(cap_rss_queue(&rss, f, n, &in),
				(v4_rows[r].l4 % 128) % nq,
				"%u queues, row %u: queue = (hash %% 128) %% N",
				nq, r + 1);
		}
	}
	TEST_ASSERT_EQUAL(cap_rss_init(&rss, NULL, 128), 0, "128 queues");
	TEST_ASSERT_EQUAL(cap_rss_init(&rss, NULL, 0), -EINVAL, "0 queues");
	TEST_ASSERT_EQUAL(cap_rss_init(&rss, NULL, 129), -EINVAL,
		"more queues than table entries");
	TEST_ASSERT_EQUAL(cap_rss_init(NULL, NULL, 1), -EINVAL, "NULL");
	TEST_ASSERT_EQUAL(strcmp(cap_rss_input_name(CAP_RSS_INPUT_L4), "l4"),
		0, "name of l4");
	TEST_ASSERT_EQUAL(strcmp(cap_rss_input_name(CAP_RSS_INPUT_L3), "l3"),
		0, "name of l3");
	TEST_ASSERT_EQUAL(strcmp(cap_rss_input_name(CAP_RSS_INPUT_NONE),
		"none"), 0, "name of none");
	return 0;
}

static int
test_rss_key_parse_and_format(void)
{
	static const char def[] = "6d5a56da255b0ec24167253d43a38fb0d0ca2bcb"
		"ae7b30b477cb2da38030f20c6a42b73bbeac01fa";
	uint8_t key[CAP_RSS_KEY_LEN], zero[CAP_RSS_KEY_LEN];
	char text[2 * CAP_RSS_KEY_LEN + 1], err[128], colons[160];
	struct cap_rss rss;
	uint8_t f[128];
	unsigned int i;
	uint32_t n;

	TEST_ASSERT_EQUAL(cap_rss_key_parse(def, key, err, sizeof(err)), 0,
		"the default key's text: %s", err);
	TEST_ASSERT(memcmp(key, cap_rss_default_key, sizeof(key)) == 0,
		"parses to cap_rss_default_key");
	cap_rss_key_format(key, text, sizeof(text));
	TEST_ASSERT(strcmp(text, def) == 0, "formats back: %s", text);
	snprintf(colons, sizeof(colons), "0x");
	for (i = 0; i < CAP_RSS_KEY_LEN; i++)
		snprintf(colons + strlen(colons), sizeof(colons) -
			strlen(colons), "%s%02X", i > 0 ? ":" : "",
			cap_rss_default_key[i]);
	TEST_ASSERT_EQUAL(cap_rss_key_parse(colons, key, err, sizeof(err)), 0,
		"0x, upper case and colons: %s", err);
	TEST_ASSERT(memcmp(key, cap_rss_default_key, sizeof(key)) == 0,
		"0x, upper case and colons parse to the same key");
	TEST_ASSERT_EQUAL(cap_rss_key_parse("6d5a", key, err, sizeof(err)),
		-EINVAL, "4 digits refused");
	TEST_ASSERT(strstr(err, "4 hexadecimal digits where a key has 80") !=
		NULL,
		"the count is named: %s", err);
	snprintf(colons, sizeof(colons), "%sff", def);
	TEST_ASSERT_EQUAL(cap_rss_key_parse(colons, key, err, sizeof(err)),
		-EINVAL, "82 digits refused");
	snprintf(colons, sizeof(colons), "%s", def);
	colons[10] = 'g';
	TEST_ASSERT_EQUAL(cap_rss_key_parse(colons, key, err, sizeof(err)),
		-EINVAL, "a g refused");
	TEST_ASSERT(strstr(err, "'g' at position 11") != NULL,
		"the character and its position are named: %s", err);
	TEST_ASSERT_EQUAL(cap_rss_key_parse(":6d", key, err, sizeof(err)),
		-EINVAL, "a leading colon refused");
	/* another key, another hash: all zeros hash everything to 0 */
	memset(zero, 0, sizeof(zero));
	TEST_ASSERT_EQUAL(cap_rss_init(&rss, zero, 4), 0, "init, zero key");
	n = frame_v4(f, 0, PROTO_TCP, 0, NULL, 0);
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, NULL), 0, "zero key");
	/* the key's first bit alone: each set input bit b (from the left)
	 * XORs in the key's 32 bits from bit b on, which hold that bit
	 * only for b = 0: the hash is the input's first bit, at the top */
	zero[0] = 0x80;
	TEST_ASSERT_EQUAL(cap_rss_init(&rss, zero, 4), 0, "init, one bit");
	n = frame_v4(f, 1, PROTO_TCP, 0, NULL, 0);
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, NULL), 0x80000000u,
		"source 199.x starts with a 1 bit");
	n = frame_v4(f, 0, PROTO_TCP, 0, NULL, 0);
	TEST_ASSERT_EQUAL(cap_rss_hash(&rss, f, n, NULL), 0,
		"source 66.x starts with a 0 bit");
	return 0;
}

static const struct nbl_test_case cases[] = {
	{ "test_rss_ipv4_verification_values",
		test_rss_ipv4_verification_values },
	{ "test_rss_ipv6_verification_values",
		test_rss_ipv6_verification_values },
	{ "test_rss_vlan_tags_skipped", test_rss_vlan_tags_skipped },
	{ "test_rss_ipv4_fragments_hash_addresses",
		test_rss_ipv4_fragments_hash_addresses },
	{ "test_rss_ports_cut_short_hash_addresses",
		test_rss_ports_cut_short_hash_addresses },
	{ "test_rss_not_ip_goes_to_queue_0", test_rss_not_ip_goes_to_queue_0 },
	{ "test_rss_reta_is_round_robin", test_rss_reta_is_round_robin },
	{ "test_rss_key_parse_and_format", test_rss_key_parse_and_format },
};

int
main(int argc, char **argv)
{
	return nbl_test_run(argc, argv, cases, RTE_DIM(cases));
}
