/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_RECORDS_H
#define NBLPMD_RECORDS_H

/**
 * @file
 * Capture records as their source had them, and net_pcap rx_pcap files.
 *
 * A packet the engine indicates carries its captured bytes and, from
 * net_pcap or the replay, its timestamp; it has lost the record's
 * original length, and net_pcap's timestamp has microseconds only. The
 * capture consumer gets both back from a record table: the records its
 * source delivers, in order (nblpmd_records). Its cursor walks the table
 * as the queue indicates, and each packet is checked against the entry
 * (timestamp and captured length): a packet the queue refused or net_pcap
 * lost moves the cursor past its entry, so the two stay in step.
 *
 * A net_pcap rx_pcap file (nblpmd_capfile) is read once at start: the
 * records the pre-scan refuses (caplen_over_len, runt, oversize) are taken
 * off the queue by an ethdev RX callback before the engine sees them, so
 * net_pcap and --replay refuse the same records for the same reasons; the
 * callback also drops what net_pcap makes of bytes past an unreadable
 * point (libpcap reads on after an error).
 *
 * Threading: tables are built on the main lcore before the run and only
 * read during it. A capfile's callback counters have one writer, the RX
 * lcore of its queue; the main lcore reads them with relaxed loads.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_ethdev.h>

#include "cap.h"

/** One record as the capture consumer writes it back. */
struct nblpmd_record {
	uint64_t ts_ns;
	uint32_t caplen;
	uint32_t len;
};

/** The records one source delivers, in order. */
struct nblpmd_records {
	struct nblpmd_record *r;
	uint64_t n;
	uint64_t size;             /**< entries allocated */
	/** Indicated timestamps are ts_ns / ts_div (net_pcap: 1000). */
	uint32_t ts_div;
	bool wraps;                /**< the source starts again (loops) */
};

/** One net_pcap rx_pcap file and its queue's RX callback. */
struct nblpmd_capfile {
	/* pre-scan, read-only during the run */
	uint64_t readable;         /**< records net_pcap returns per pass */
	uint64_t nb_refuse;
	uint64_t *refuse_at;       /**< record indexes, ascending */
	uint8_t *refuse_why;       /**< enum cap_refusal of each */
	uint64_t refuse_size;
	bool infinite;             /**< infinite_rx: net_pcap loops */
	struct nblpmd_records records; /**< --fwd capture: delivered ones */
	/* RX callback: one writer, the queue's RX lcore */
	uint64_t pos;              /**< packets net_pcap returned */
	uint64_t next;             /**< next entry of refuse_at */
	uint64_t refused[CAP_REFUSAL_MAX];
	uint64_t refused_total;
	uint64_t past_end;         /**< packets past the readable records */
	uint16_t port_id;
	uint16_t queue_id;
	const struct rte_eth_rxtx_callback *cb;
};

/** Append a record; 0 or -ENOMEM. */
int nblpmd_records_add(struct nblpmd_records *t, uint64_t ts_ns,
		uint32_t caplen, uint32_t len);

/** Free a table's entries (the struct itself is the caller's). */
void nblpmd_records_free(struct nblpmd_records *t);

/**
 * The record of an indicated packet: the entry at *cursor, or the first
 * after it, whose timestamp and captured length match (wrapping to the
 * start once when the table wraps). On a match *cursor moves past it.
 *
 * @return
 *   The entry, or NULL when none matches (the cursor stays).
 */
const struct nblpmd_record *
nblpmd_records_match(const struct nblpmd_records *t, uint64_t *cursor,
		uint64_t ts, uint32_t caplen);

/* replay.c */
struct nblpmd_replay;

/**
 * --fwd capture with the internal port: the records the replay sends
 * into the engine, in order (one pass over every file; wraps when
 * looping), or NULL.
 */
const struct nblpmd_records *
nblpmd_replay_records(const struct nblpmd_replay *rp);

/* capture_file.c */

/**
 * Read a net_pcap rx_pcap file once (main lcore, before the ports
 * start): fill res and a new capfile (records table only when
 * keep_records). Returns 0, or the negative errno of cap_scan_records()
 * with a message in err naming the file.
 */
int nblpmd_capfile_scan(const char *file, uint32_t max_frame,
		bool infinite, bool keep_records, struct cap_scan_result *res,
		struct nblpmd_capfile **cfp, char *err, size_t errlen);

/** Put the capfile's RX callback on its queue (after the queue setup). */
int nblpmd_capfile_attach(struct nblpmd_capfile *cf, uint16_t port_id,
		uint16_t queue_id);

/** Take the callback off (port stopped) and free everything. NULL is ok. */
void nblpmd_capfile_free(struct nblpmd_capfile *cf);

/** Refused by the callback so far, by reason and in all (relaxed loads). */
uint64_t nblpmd_capfile_refused(const struct nblpmd_capfile *cf,
		enum cap_refusal why);
uint64_t nblpmd_capfile_refused_total(const struct nblpmd_capfile *cf);
uint64_t nblpmd_capfile_past_end(const struct nblpmd_capfile *cf);

#endif /* NBLPMD_RECORDS_H */
