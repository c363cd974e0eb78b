/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef CAPGEN_H
#define CAPGEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/** Largest record capgen builds (libpcap's limit for Ethernet). */
#define CAPGEN_MAX_RECORD 262144u

enum capgen_format {
	CAPGEN_PCAP,
	CAPGEN_NSECPCAP,
	CAPGEN_PCAPNG,
};

/** A capture file being written, in a chosen format and byte order. */
struct capgen_file {
	FILE *fp;
	enum capgen_format format;
	bool swap;
	uint64_t records;
	uint64_t bytes;        /**< captured bytes written */
};

/** Start a capture on fp (opened for writing): the file header. */
int
capgen_file_open(struct capgen_file *f, FILE *fp,
	enum capgen_format format, bool swap, uint32_t linktype,
	uint32_t snaplen);

/**
 * Write one record whose header says caplen and len but whose data holds
 * only `written` bytes (less than caplen for a truncated record).
 */
int
capgen_file_record(struct capgen_file *f, const uint8_t *data,
	uint32_t written, uint32_t caplen, uint32_t len, uint64_t ts_ns);

/** Done writing: -EIO when a write failed. fp stays open (the caller's). */
int
capgen_file_close(struct capgen_file *f);

/** Deterministic pseudo-random numbers (xorshift64*). */
uint64_t
capgen_rand(uint64_t *state);

/** Protocols capgen builds frames of. */
enum capgen_proto {
	CAPGEN_ARP,
	CAPGEN_IPV4_UDP,
	CAPGEN_IPV4_TCP,
	CAPGEN_IPV4_ICMP,
	CAPGEN_IPV6_UDP,
	CAPGEN_VLAN_IPV4_UDP,
	CAPGEN_PROTO_MAX,
};

/** Smallest frame of a protocol, before padding to 60 bytes. */
uint32_t
capgen_proto_min(enum capgen_proto proto);

/**
 * Build an Ethernet frame of size bytes (at least capgen_proto_min) in buf.
 * seq varies addresses, ports and payload.
 */
void
capgen_frame(uint8_t *buf, uint32_t size, enum capgen_proto proto,
	uint32_t seq);

/**
 * Build an IP packet (no link header) of size bytes: IPv4 UDP when v6 is
 * false, IPv6 UDP otherwise. size is at least 28 (v4) or 48 (v6).
 */
void
capgen_ip_packet(uint8_t *buf, uint32_t size, bool v6, uint32_t seq);

#endif /* CAPGEN_H */
