/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_REPLAY_H
#define NBLPMD_REPLAY_H

/**
 * @file
 * Captures as a source of packets: the replay (--replay, replay.c and
 * replay_*.c; replay_pvt.h is what they share), net_pcap rx_pcap files
 * (capture_file.c) and the end of a run that reads them
 * (capture_end.c), and capture records as their source had them, for the
 * capture consumer.
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
#include "nblpmd_app.h"

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

/* ------------------------------------------------- replay_prepare.c */

/**
 * --fwd capture with the internal port: the records the replay sends
 * into the engine, in order (one pass over every file; wraps when
 * looping), or NULL.
 */
const struct nblpmd_records *
nblpmd_replay_records(const struct nblpmd_replay *rp);

/* --------------------------------------------------- capture_file.c */

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

/* ---------------------------------------------------- capture_end.c */

/**
 * Before rte_eal_init: check an rx_pcap file of a net_pcap vdev as
 * net_pcap will read it. A file libpcap cannot open, or of a link type
 * other than Ethernet, is refused with a message naming the file and
 * libpcap's reason or the link type.
 *
 * @return
 *   0, or -errno (exit 2).
 */
int nblpmd_capture_precheck(const char *vdev, const char *file);
int nblpmd_capture_scan(struct nblpmd_app *app);
/** Free the pre-scan of every rx_pcap file (ports stopped). */
void nblpmd_capture_release(struct nblpmd_app *app);

/**
 * What became of the records of the rx_pcap file queue i reads: for a
 * file read once, records = delivered + refused + lost + unread.
 */
struct nblpmd_capture_figures {
	uint64_t records;          /**< in the file (a cut-off rest counts one) */
	uint64_t delivered;        /**< indicated */
	uint64_t refused;          /**< refused_by[] + refused_queue */
	uint64_t lost;             /**< waited for, never came */
	uint64_t unread;           /**< the run ended before they were read */
	uint64_t refused_by[CAP_REFUSAL_MAX]; /**< lib/capture's reasons */
	uint64_t refused_queue;    /**< refused by the receive queue itself */
	uint64_t past_end;         /**< net_pcap packets past an unreadable point */
};
void nblpmd_capture_figures(const struct nblpmd_app *app,
		const struct nblpmd_snapshot *s, unsigned int i,
		struct nblpmd_capture_figures *f);
bool nblpmd_capture_done(struct nblpmd_app *app,
		const struct nblpmd_snapshot *s);
/**
 * Split what a capture queue did not take into lost (the run waited for it
 * and it never came: net_pcap dropped it) and unread (the run was ended
 * early by --duration, --max-packets or a signal, so it was never read).
 */
void nblpmd_capture_untaken(const struct nblpmd_app *app,
		const struct nblpmd_snapshot *s, unsigned int i, uint64_t *lost,
		uint64_t *unread);

uint64_t nblpmd_capture_shortfall(const struct nblpmd_app *app,
		const struct nblpmd_snapshot *s);

/* ------------------------ replay_prepare.c, replay.c, replay_report.c */

/**
 * Prepare the replays named by --replay: check each file (a bad file is a
 * configuration error, exit 2) and, without --replay-port, create the
 * internal ring-backed port (rte_eth_from_rings) that the engine polls.
 * Called after rte_eal_init, before ports are configured.
 *
 * @param internal_port
 *   Receives the internal port id, or RTE_MAX_ETHPORTS when none.
 * @return
 *   0 (and *rp NULL when there is nothing to replay); -errno with a
 *   message on stderr naming the file.
 */
int nblpmd_replay_prepare(const struct nblpmd_config *cfg,
		struct nblpmd_replay **rp, uint16_t *internal_port);

/**
 * Mbufs of the replay's pool when the largest receive ring has d
 * descriptors: what the engine may pin (d, the ring, a burst, in packets
 * of the largest frame), within REPLAY_MBUFS_MIN..MAX.
 */
unsigned int nblpmd_replay_pool_size(const struct nblpmd_config *cfg,
		uint64_t d);

/**
 * Create the replay's mbuf pool for receive rings of at most d
 * descriptors. Called once the sizing is known and the memory estimate,
 * which counts it, passed; before the run.
 *
 * @return
 *   0; -ENOMEM with a message on stderr.
 */
int nblpmd_replay_pool_create(struct nblpmd_replay *rp, uint64_t d);

/**
 * Run the replay to its end (or until *stop becomes true), pacing as
 * configured. Runs on its own thread or lcore, started after the ports.
 *
 * @return
 *   0; -errno on a runtime failure.
 */
int nblpmd_replay_run(struct nblpmd_replay *rp, volatile bool *stop);

/** True once every record of every loop has been sent or refused. */
bool nblpmd_replay_done(const struct nblpmd_replay *rp);

/** Packets handed to the target port so far. */
uint64_t nblpmd_replay_sent(const struct nblpmd_replay *rp);

/** Bytes the engine sent to the internal port, taken off its TX ring. */
uint64_t nblpmd_replay_tx_sink_bytes(const struct nblpmd_replay *rp);
/**
 * Packets dropped because the internal port's ring was full at their
 * deadline (--replay-full drop): the port's rx_missed.
 */
uint64_t nblpmd_replay_missed(const struct nblpmd_replay *rp);

/**
 * Packets --replay-full drop missed while the engine's queue on the
 * internal port had not been polled for a while (nblpmd_replay_watch):
 * the host's misses, not the pool's.
 */
uint64_t nblpmd_replay_missed_unpolled(const struct nblpmd_replay *rp);

/**
 * The engine's queue that polls queue queue of the internal port: its
 * last poll tells a
 * miss of an unpolled queue from one of a queue with no free descriptor.
 * Called once the queues exist, before the run.
 */
void nblpmd_replay_watch(struct nblpmd_replay *rp, uint16_t queue,
		const struct nbl_rxq *rxq);

/**
 * Each timed record's lateness against its deadline, in TSC cycles: read
 * after the run (NULL without a replay).
 */
const struct nbl_hist *nblpmd_replay_late_hist(const struct nblpmd_replay *rp);

/** Print the replay summary of the final report. */
void nblpmd_replay_print(const struct nblpmd_replay *rp, FILE *f);

/** Packets waiting in the internal port's rings now (0 without it). */
unsigned int nblpmd_replay_ring_count(const struct nblpmd_replay *rp);

/** Packets waiting in the ring of one RX queue of the internal port. */
unsigned int nblpmd_replay_queue_ring_count(const struct nblpmd_replay *rp,
		uint16_t queue);

struct json_t;

/**
 * The "replay" member of the JSON report: a new jansson object (null
 * when rp is NULL) the caller owns.
 *
 * @return
 *   The value; NULL when out of memory.
 */
struct json_t *nblpmd_replay_json(const struct nblpmd_replay *rp);

/** Free what prepare made (the internal port is closed by the app). */
void nblpmd_replay_free(struct nblpmd_replay *rp);

#endif /* NBLPMD_REPLAY_H */
