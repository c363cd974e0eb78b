/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef CAP_PVT_H
#define CAP_PVT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <pcap/pcap.h>
#include <rte_log.h>

#include "cap.h"

extern int cap_logtype;

#define CAP_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, cap_logtype, "capture: " fmt "\n", \
		##__VA_ARGS__)

/** Link header a converted record loses, and the ethertype it gets. */
struct cap_conversion {
	uint32_t hdrlen;
	uint16_t ethertype;
};

struct cap_reader {
	pcap_t *pcap;
	char *path;
	struct cap_open_params params;
	struct cap_info info;
	struct cap_counts counts;
	uint64_t next_index;
	bool eof;
	/* A record read ahead at open, to tell an empty capture. */
	bool pending;
	int pending_rc;
	struct pcap_pkthdr *pending_hdr;
	const u_char *pending_data;
	/* libpcap's reason for an unreadable rest of the file, or "". */
	char read_error[CAP_ERR_LEN];
	/* Converted records are built here. */
	uint8_t *conv_buf;
	size_t conv_size;
};

/** Format into err (if not NULL) and log at debug level. */
void
cap_set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** True when records of this DLT can be converted to Ethernet. */
bool
cap_convert_supported(int dlt);

/**
 * Work out how a record of link type dlt becomes an Ethernet frame.
 *
 * @return
 *   0 with conv filled, or -1 when the record cannot be converted.
 */
int
cap_convert_classify(int dlt, const uint8_t *data, uint32_t caplen,
	struct cap_conversion *conv);

/**
 * Write the synthesized Ethernet header and the payload into out, which
 * holds at least caplen - conv->hdrlen + CAP_ETHER_HDR_LEN bytes.
 */
void
cap_convert_build(const struct cap_conversion *conv, const uint8_t *data,
	uint32_t caplen, uint8_t *out);

#endif /* CAP_PVT_H */
