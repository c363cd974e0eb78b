/* SPDX-License-Identifier: BSD-3-Clause */

#include <string.h>

#include "capgen.h"

#define ETH_HLEN 14
#define VLAN_HLEN 4
#define IPV4_HLEN 20
#define IPV6_HLEN 40
#define UDP_HLEN 8
#define TCP_HLEN 20
#define ICMP_HLEN 8
#define ARP_LEN 28
#define MIN_FRAME 60

/* Ports with no well-known dissector, so payload stays plain data. */
#define UDP_DPORT 5000
#define TCP_DPORT 5001

uint64_t
capgen_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint32_t
csum_add(uint32_t sum, const uint8_t *p, uint32_t len)
{
	uint32_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	return sum;
}

static uint16_t
csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/*
 * Payload: a text marker, then a counting pattern. The marker keeps
 * Wireshark's heuristic dissectors from claiming the bytes.
 */
static void
fill_payload(uint8_t *p, uint32_t len, uint32_t seq)
{
	static const char marker[] = "nblpmd capgen ";
	uint32_t i;

	for (i = 0; i < len; i++)
		p[i] = i < sizeof(marker) - 1 ? (uint8_t)marker[i] :
			(uint8_t)(seq + i);
}

/* L4 header and payload at p, l4_len bytes; pseudo-header sum given. */
static void
build_l4(uint8_t *p, uint32_t l4_len, uint8_t proto, uint32_t seq,
	uint32_t pseudo)
{
	uint16_t sum;

	switch (proto) {
	case 17:
		put16(p, (uint16_t)(50000 + seq % 1000));
		put16(p + 2, UDP_DPORT);
		put16(p + 4, (uint16_t)l4_len);
		put16(p + 6, 0);
		fill_payload(p + UDP_HLEN, l4_len - UDP_HLEN, seq);
		sum = csum_fold(csum_add(pseudo, p, l4_len));
		put16(p + 6, sum == 0 ? 0xffff : sum);
		break;
	case 6:
		memset(p, 0, TCP_HLEN);
		put16(p, (uint16_t)(40000 + seq % 20000));
		put16(p + 2, TCP_DPORT);
		put16(p + 4, (uint16_t)(seq >> 16));
		put16(p + 6, (uint16_t)seq);
		p[12] = 5 << 4;
		p[13] = 0x18;
		put16(p + 14, 65535);
		fill_payload(p + TCP_HLEN, l4_len - TCP_HLEN, seq);
		put16(p + 16, csum_fold(csum_add(pseudo, p, l4_len)));
		break;
	default: /* ICMP echo request */
		p[0] = 8;
		p[1] = 0;
		put16(p + 2, 0);
		put16(p + 4, 0x4e42);
		put16(p + 6, (uint16_t)seq);
		fill_payload(p + ICMP_HLEN, l4_len - ICMP_HLEN, seq);
		put16(p + 2, csum_fold(csum_add(0, p, l4_len)));
		break;
	}
}

static void
build_ipv4(uint8_t *p, uint32_t ip_len, uint8_t proto, uint32_t seq)
{
	uint8_t pseudo[12];

	memset(p, 0, IPV4_HLEN);
	p[0] = 0x45;
	put16(p + 2, (uint16_t)ip_len);
	put16(p + 4, (uint16_t)seq);
	put16(p + 6, 0x4000);
	p[8] = 64;
	p[9] = proto;
	p[12] = 10;
	p[13] = 0;
	p[14] = 0;
	p[15] = 1;
	p[16] = 10;
	p[17] = 1;
	p[18] = (uint8_t)(seq >> 8);
	p[19] = (uint8_t)seq;
	put16(p + 10, csum_fold(csum_add(0, p, IPV4_HLEN)));
	memcpy(pseudo, p + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = proto;
	put16(pseudo + 10, (uint16_t)(ip_len - IPV4_HLEN));
	build_l4(p + IPV4_HLEN, ip_len - IPV4_HLEN, proto, seq,
		csum_add(0, pseudo, sizeof(pseudo)));
}

static void
build_ipv6(uint8_t *p, uint32_t ip_len, uint32_t seq)
{
	uint32_t l4_len = ip_len - IPV6_HLEN;
	uint8_t pseudo[40];

	memset(p, 0, IPV6_HLEN);
	p[0] = 0x60;
	put16(p + 4, (uint16_t)l4_len);
	p[6] = 17;
	p[7] = 64;
	p[8] = 0x20;
	p[9] = 0x01;
	p[10] = 0x0d;
	p[11] = 0xb8;
	p[23] = 1;
	memcpy(p + 24, p + 8, 16);
	p[38] = (uint8_t)(seq >> 8);
	p[39] = (uint8_t)(seq | 2);
	memset(pseudo, 0, sizeof(pseudo));
	memcpy(pseudo, p + 8, 32);
	pseudo[34] = (uint8_t)(l4_len >> 8);
	pseudo[35] = (uint8_t)l4_len;
	pseudo[39] = 17;
	build_l4(p + IPV6_HLEN, l4_len, 17, seq,
		csum_add(0, pseudo, sizeof(pseudo)));
}

static uint8_t *
build_eth(uint8_t *p, uint16_t ethertype, uint32_t seq)
{
	static const uint8_t src[6] = { 0x02, 0x20, 0, 0, 0, 0x01 };

	p[0] = 0x02;
	p[1] = 0x10;
	p[2] = 0;
	p[3] = 0;
	p[4] = (uint8_t)(seq >> 8);
	p[5] = (uint8_t)seq;
	memcpy(p + 6, src, sizeof(src));
	put16(p + 12, ethertype);
	return p + ETH_HLEN;
}

uint32_t
capgen_proto_min(enum capgen_proto proto)
{
	switch (proto) {
	case CAPGEN_ARP:
		return ETH_HLEN + ARP_LEN;
	case CAPGEN_IPV4_UDP:
		return ETH_HLEN + IPV4_HLEN + UDP_HLEN;
	case CAPGEN_IPV4_TCP:
		return ETH_HLEN + IPV4_HLEN + TCP_HLEN;
	case CAPGEN_IPV4_ICMP:
		return ETH_HLEN + IPV4_HLEN + ICMP_HLEN;
	case CAPGEN_IPV6_UDP:
		return ETH_HLEN + IPV6_HLEN + UDP_HLEN;
	case CAPGEN_VLAN_IPV4_UDP:
	default:
		return ETH_HLEN + VLAN_HLEN + IPV4_HLEN + UDP_HLEN;
	}
}

void
capgen_frame(uint8_t *buf, uint32_t size, enum capgen_proto proto,
	uint32_t seq)
{
	uint8_t *p;

	memset(buf, 0, size);
	switch (proto) {
	case CAPGEN_ARP:
		p = build_eth(buf, 0x0806, seq);
		put16(p, 1);
		put16(p + 2, 0x0800);
		p[4] = 6;
		p[5] = 4;
		put16(p + 6, 1);
		memcpy(p + 8, buf + 6, 6);
		p[14] = 10;
		p[17] = 1;
		p[24] = 10;
		p[26] = (uint8_t)(seq >> 8);
		p[27] = (uint8_t)(seq | 2);
		break;
	case CAPGEN_IPV4_UDP:
		build_ipv4(build_eth(buf, 0x0800, seq), size - ETH_HLEN, 17,
			seq);
		break;
	case CAPGEN_IPV4_TCP:
		build_ipv4(build_eth(buf, 0x0800, seq), size - ETH_HLEN, 6,
			seq);
		break;
	case CAPGEN_IPV4_ICMP:
		build_ipv4(build_eth(buf, 0x0800, seq), size - ETH_HLEN, 1,
			seq);
		break;
	case CAPGEN_IPV6_UDP:
		build_ipv6(build_eth(buf, 0x86dd, seq), size - ETH_HLEN, seq);
		break;
	case CAPGEN_VLAN_IPV4_UDP:
	default:
		p = build_eth(buf, 0x8100, seq);
		put16(p, 100);
		put16(p + 2, 0x0800);
		build_ipv4(p + VLAN_HLEN, size - ETH_HLEN - VLAN_HLEN, 17, seq);
		break;
	}
}

void
capgen_ip_packet(uint8_t *buf, uint32_t size, bool v6, uint32_t seq)
{
	if (v6)
		build_ipv6(buf, size, seq);
	else
		build_ipv4(buf, size, 17, seq);
}
