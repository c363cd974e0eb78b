/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * RSS as a NIC applies it (cap.h, the RSS section): parse the frame down
 * to the IP addresses and TCP/UDP ports, hash them with DPDK's Toeplitz
 * implementation (rte_softrss_be over a key converted once, at init), and
 * look the queue up in a round-robin indirection table.
 *
 * Fields are read a byte at a time, in network order: a capture's frames
 * are not aligned.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_thash.h>

#include "cap.h"

#define RSS_ETHER_TYPE_IPV4 0x0800u
#define RSS_ETHER_TYPE_IPV6 0x86ddu
#define RSS_ETHER_TYPE_VLAN 0x8100u
#define RSS_ETHER_TYPE_QINQ 0x88a8u
#define RSS_ETHER_HDR_LEN 14u
#define RSS_VLAN_TAG_LEN 4u
#define RSS_VLAN_TAGS_MAX 2u
#define RSS_IPV4_HDR_MIN 20u
#define RSS_IPV6_HDR_LEN 40u
#define RSS_IPPROTO_TCP 6u
#define RSS_IPPROTO_UDP 17u
/* IPv4 flags and fragment offset: MF (0x2000) and the offset (0x1fff) */
#define RSS_IPV4_FRAG_MASK 0x3fffu

const uint8_t cap_rss_default_key[CAP_RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static inline uint16_t
rss_be16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t
rss_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | p[3];
}

int
cap_rss_init(struct cap_rss *rss, const uint8_t *key, uint16_t nb_queues)
{
	unsigned int i;

	if (rss == NULL || nb_queues == 0 || nb_queues > CAP_RSS_RETA_SIZE)
		return -EINVAL;
	memset(rss, 0, sizeof(*rss));
	memcpy(rss->key, key != NULL ? key : cap_rss_default_key,
		CAP_RSS_KEY_LEN);
	/* what rte_convert_rss_key() gives, without reading the bytes as
	 * (possibly unaligned) 32-bit words */
	for (i = 0; i < RTE_DIM(rss->key_be); i++)
		rss->key_be[i] = rss_be32(&rss->key[4 * i]);
	rss->nb_queues = nb_queues;
	for (i = 0; i < CAP_RSS_RETA_SIZE; i++)
		rss->reta[i] = (uint16_t)(i % nb_queues);
	return 0;
}

/* IPv4 at l3 (len bytes from there on). */
static uint32_t
rss_hash_ipv4(const struct cap_rss *rss, const uint8_t *l3, uint32_t len,
		enum cap_rss_input *input)
{
	union rte_thash_tuple t;
	uint32_t ihl;
	uint8_t proto;

	if (len < RSS_IPV4_HDR_MIN || l3[0] >> 4 != 4)
		return 0;
	ihl = (uint32_t)(l3[0] & 0xf) * 4;
	if (ihl < RSS_IPV4_HDR_MIN)
		return 0;
	memset(&t, 0, sizeof(t));
	t.v4.src_addr = rss_be32(&l3[12]);
	t.v4.dst_addr = rss_be32(&l3[16]);
	proto = l3[9];
	if ((proto == RSS_IPPROTO_TCP || proto == RSS_IPPROTO_UDP) &&
			(rss_be16(&l3[6]) & RSS_IPV4_FRAG_MASK) == 0 &&
			len >= ihl + 4) {
		t.v4.sport = rss_be16(&l3[ihl]);
		t.v4.dport = rss_be16(&l3[ihl + 2]);
		*input = CAP_RSS_INPUT_L4;
		return rte_softrss_be((uint32_t *)&t, RTE_THASH_V4_L4_LEN,
			(const uint8_t *)rss->key_be);
	}
	*input = CAP_RSS_INPUT_L3;
	return rte_softrss_be((uint32_t *)&t, RTE_THASH_V4_L3_LEN,
		(const uint8_t *)rss->key_be);
}

/* IPv6 at l3 (len bytes from there on); extension headers are not
 * followed: a next header other than TCP or UDP hashes the addresses. */
static uint32_t
rss_hash_ipv6(const struct cap_rss *rss, const uint8_t *l3, uint32_t len,
		enum cap_rss_input *input)
{
	union rte_thash_tuple t;
	unsigned int i;
	uint8_t nh;

	if (len < RSS_IPV6_HDR_LEN || l3[0] >> 4 != 6)
		return 0;
	memset(&t, 0, sizeof(t));
	/* rte_thash_load_v6_addrs() with byte loads: addresses as 32-bit
	 * words in CPU order */
	for (i = 0; i < 4; i++) {
		uint32_t s = rss_be32(&l3[8 + 4 * i]);
		uint32_t d = rss_be32(&l3[24 + 4 * i]);

		memcpy(&t.v6.src_addr[4 * i], &s, sizeof(s));
		memcpy(&t.v6.dst_addr[4 * i], &d, sizeof(d));
	}
	nh = l3[6];
	if ((nh == RSS_IPPROTO_TCP || nh == RSS_IPPROTO_UDP) &&
			len >= RSS_IPV6_HDR_LEN + 4) {
		t.v6.sport = rss_be16(&l3[RSS_IPV6_HDR_LEN]);
		t.v6.dport = rss_be16(&l3[RSS_IPV6_HDR_LEN + 2]);
		*input = CAP_RSS_INPUT_L4;
		return rte_softrss_be((uint32_t *)&t, RTE_THASH_V6_L4_LEN,
			(const uint8_t *)rss->key_be);
	}
	*input = CAP_RSS_INPUT_L3;
	return rte_softrss_be((uint32_t *)&t, RTE_THASH_V6_L3_LEN,
		(const uint8_t *)rss->key_be);
}

uint32_t
cap_rss_hash(const struct cap_rss *rss, const uint8_t *frame, uint32_t len,
		enum cap_rss_input *input)
{
	enum cap_rss_input in = CAP_RSS_INPUT_NONE;
	uint32_t off = RSS_ETHER_HDR_LEN - 2;
	uint32_t hash = 0;
	uint16_t type;
	unsigned int tags;

	if (rss == NULL || frame == NULL || len < RSS_ETHER_HDR_LEN)
		goto out;
	type = rss_be16(&frame[off]);
	for (tags = 0; tags < RSS_VLAN_TAGS_MAX &&
			(type == RSS_ETHER_TYPE_VLAN ||
			type == RSS_ETHER_TYPE_QINQ); tags++) {
		off += RSS_VLAN_TAG_LEN;
		if (len < off + 2)
			goto out;
		type = rss_be16(&frame[off]);
	}
	off += 2;
	if (type == RSS_ETHER_TYPE_IPV4)
		hash = rss_hash_ipv4(rss, frame + off, len - off, &in);
	else if (type == RSS_ETHER_TYPE_IPV6)
		hash = rss_hash_ipv6(rss, frame + off, len - off, &in);
out:
	if (input != NULL)
		*input = in;
	return hash;
}

uint16_t
cap_rss_queue(const struct cap_rss *rss, const uint8_t *frame, uint32_t len,
		enum cap_rss_input *input)
{
	enum cap_rss_input in;
	uint32_t hash = cap_rss_hash(rss, frame, len, &in);

	if (input != NULL)
		*input = in;
	return rss == NULL ? 0 : cap_rss_queue_of(rss, hash, in);
}

static int
rss_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
cap_rss_key_parse(const char *hex, uint8_t *key, char *err, size_t errlen)
{
	uint8_t out[CAP_RSS_KEY_LEN];
	unsigned int digits = 0;
	const char *p;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (hex == NULL || key == NULL) {
		snprintf(err, errlen, "no key");
		return -EINVAL;
	}
	p = hex;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	for (; *p != '\0'; p++) {
		int v = rss_hex_digit(*p);

		if (*p == ':' && digits % 2 == 0 && digits > 0 && p[1] != '\0')
			continue;
		if (v < 0) {
			snprintf(err, errlen, "'%c' at position %u is not a "
				"hexadecimal digit", isprint((unsigned char)*p) ?
				*p : '?', (unsigned int)(p - hex) + 1);
			return -EINVAL;
		}
		if (digits < 2 * CAP_RSS_KEY_LEN) {
			if (digits % 2 == 0)
				out[digits / 2] = (uint8_t)(v << 4);
			else
				out[digits / 2] |= (uint8_t)v;
		}
		digits++;
	}
	if (digits != 2 * CAP_RSS_KEY_LEN) {
		snprintf(err, errlen, "%u hexadecimal digits where a key has "
			"%u (%u bytes)", digits, 2 * CAP_RSS_KEY_LEN,
			CAP_RSS_KEY_LEN);
		return -EINVAL;
	}
	memcpy(key, out, sizeof(out));
	return 0;
}

void
cap_rss_key_format(const uint8_t *key, char *buf, size_t len)
{
	size_t i, n = 0;

	if (buf == NULL || len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; key != NULL && i < CAP_RSS_KEY_LEN && n + 3 <= len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%02x", key[i]);
}

const char *
cap_rss_input_name(enum cap_rss_input input)
{
	switch (input) {
	case CAP_RSS_INPUT_NONE:
		return "none";
	case CAP_RSS_INPUT_L3:
		return "l3";
	case CAP_RSS_INPUT_L4:
		return "l4";
	default:
		return "unknown";
	}
}
