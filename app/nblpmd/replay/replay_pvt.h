/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_REPLAY_PVT_H
#define NBLPMD_REPLAY_PVT_H

/**
 * @file
 * Capture replay (--replay), private to its files:
 * - replay_prepare.c: prepare (files, pacing, target port, mbuf pool);
 * - replay.c: the paced send loop, free;
 * - replay_preload.c: --preload, a file kept as raw records in memory;
 * - replay_report.c: the counters as the main lcore reads them (done,
 *   sent, the text summary, the JSON member);
 * - replay_rss.c: the internal port's RX rings, one per --rxq queue, and
 *   the queue RSS gives each record (cap_rss_*, as a NIC spreads flows).
 *
 * Threading: prepare, print, json and free run on the main lcore; run runs
 * on the replay thread, which is the only writer of every counter here.
 * Counters are 64-bit, written with relaxed atomic stores (CSTORE) and
 * read with relaxed atomic loads (CLOAD), so done() and sent() may be
 * called at any time.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "cap.h"
#include "replay.h"

/* Each ring between the replay and the internal port is an RX ring of the
 * NIC: exactly --rxd entries (RING_F_EXACT_SZ), one per --rxq queue, so
 * --replay-full drop misses packets when a NIC with those rings would. */
#define REPLAY_PORT_NAME "nbl_replay"
#define REPLAY_MAX_QUEUES NBLPMD_MAX_QUEUES_PER_PORT
#define REPLAY_BURST 32u
#define REPLAY_MBUFS_MIN 4096u
#define REPLAY_MBUFS_MAX 65536u
/* A packet sent more than this after its deadline is counted late. */
#define REPLAY_LATE_NS 10000u
/* NBLPMD_UNPOLLED_US in ns */
#define REPLAY_UNPOLLED_NS (NBLPMD_UNPOLLED_US * 1000u)
/* After the last record, the TX ring of the internal port is drained this
 * often until the run ends. */
#define REPLAY_LINGER_US 100u
/* The progress line appears after this long, and refreshes this often. */
#define REPLAY_PROGRESS_AFTER_S 2.0
#define REPLAY_PROGRESS_EVERY_S 0.5

struct replay_file {
	char path[NBLPMD_PATH_MAX];
	struct cap_reader *r;
	struct cap_info info;
	struct cap_scan_result scan;
	bool used;               /* read at least once: rewind before reading */
	/* preloaded records (replay_preload.c), or NULL */
	uint8_t *preload;
	size_t preload_len;
	/* this file's share of the counters (same single writer) */
	uint64_t records;
	uint64_t sent;
	uint64_t refused;
	uint64_t refused_by[CAP_REFUSAL_MAX];
	uint64_t missed;
};

/* Counters: single writer (the replay thread). */
struct replay_counts {
	uint64_t records;        /* sent + refused + missed */
	uint64_t sent;
	uint64_t sent_bytes;     /* their bytes (pkt_len) */
	uint64_t missed;         /* dropped: the ring was full (drop) */
	uint64_t missed_unpolled; /* of those, while the host stalled: the
	                          * queue unpolled, or the record late, for
	                          * over REPLAY_UNPOLLED_NS */
	uint64_t refused[CAP_REFUSAL_MAX];
	uint64_t converted;      /* converted records sent */
	uint64_t loops;          /* passes over every file completed */
	uint64_t first_tsc;
	uint64_t last_tsc;
	uint64_t abandoned;      /* built but unsent when stopped */
	uint64_t unsent_at_stop; /* sent, still in the internal port's RX
	                          * ring when the run ended: freed unread */
	uint64_t tx_sink;        /* what the engine sent to the internal
	                          * port, taken off its TX ring and freed */
	uint64_t tx_sink_bytes;  /* their bytes (net_ring counts none) */
	uint64_t waits;          /* times the target was full */
	uint64_t mbuf_waits;     /* times the pool was empty */
	uint64_t done;           /* 1 when every loop is complete */
	/* per RX queue of the internal port (RSS) */
	uint64_t q_sent[REPLAY_MAX_QUEUES];
	uint64_t q_missed[REPLAY_MAX_QUEUES];
	uint64_t q_unsent[REPLAY_MAX_QUEUES]; /* its unsent_at_stop */
	uint64_t rss_input[CAP_RSS_INPUT_MAX]; /* records by hash input */
};

struct nblpmd_replay {
	const struct nblpmd_config *cfg;
	unsigned int nb_files;
	struct replay_file files[NBLPMD_MAX_REPLAY];
	uint64_t pass_records;   /* records in one pass over every file */
	uint64_t pass_span_ns;   /* recorded time of one pass */
	uint64_t pass_bytes;     /* delivered bytes of one pass */
	/* --fwd capture into the engine: what one pass sends, in order */
	struct nblpmd_records records;
	bool keep_records;
	/* target */
	bool internal;
	bool drop;                  /* --replay-full drop (internal port) */
	uint16_t port;
	struct rte_ring *rx_rings[REPLAY_MAX_QUEUES]; /* replay -> engine */
	unsigned int nb_rx_rings;   /* the internal port's RX queues */
	struct cap_rss rss;         /* spreads records over them */
	struct rte_ring *tx_ring;   /* whatever the engine sends to the port */
	struct rte_mempool *mp;
	int ts_off;                 /* mbuf timestamp dynfield, or -1 */
	uint64_t ts_flag;
	/* --replay-port: largest frame the port's TX takes (UINT32_MAX: any) */
	uint32_t tx_max_frame;
	/* the engine's queues on the internal port (nblpmd_replay_watch):
	 * their last poll tells why a packet was missed; NULL: not known */
	const struct nbl_rxq *watch[NBLPMD_MAX_QUEUES_PER_PORT];
	uint64_t unpolled_tsc;      /* REPLAY_UNPOLLED_NS in TSC cycles */
	/* run state */
	struct cap_pace pace;
	/* each timed packet's lateness against its deadline, TSC cycles
	 * (replay thread writes; read after the run) */
	struct nbl_hist *late_hist;
	struct replay_counts c;
	struct replay_file *cur;    /* file being read: what is sent is its */
	bool progress_shown;
	uint64_t progress_next;
	/* pending burst (top speed) */
	struct rte_mbuf *pend[REPLAY_BURST];
	unsigned int nb_pend;
	bool pend_converted[REPLAY_BURST];
	uint16_t pend_queue[REPLAY_BURST];
};

#define CSTORE(rp, field, v) \
	__atomic_store_n(&(rp)->c.field, (v), __ATOMIC_RELAXED)
#define CLOAD(rp, field) __atomic_load_n(&(rp)->c.field, __ATOMIC_RELAXED)

/* replay_preload.c */

/*
 * Read a whole file into one buffer of raw records, unless it needs more
 * than limit bytes; on success the file's reader is closed. Returns 0
 * (preloaded), 1 (does not fit: the reader is left at the start), -errno.
 */
int replay_preload(struct replay_file *f, uint64_t limit);

/*
 * The record at *off of a preloaded file, numbered index; *off moves to
 * the next one. Returns true, or false past the last record.
 */
bool replay_preload_next(const struct replay_file *f, size_t *off,
		uint64_t index, struct cap_record *rec);

/* replay_rss.c */

/*
 * The internal port's RX rings: --rxq of them, --rxd entries each, and
 * the RSS configuration that spreads records over them (--rss-key).
 * 0, or -ENOMEM after a message.
 */
int replay_rss_setup(struct nblpmd_replay *rp, int socket);

/* The RX queue of a deliverable record (0 with one queue); counts what
 * its hash was computed over. Replay thread. */
uint16_t replay_rss_queue(struct nblpmd_replay *rp,
		const struct cap_record *rec);

/*
 * A burst grouped by queue, each group in its order in the burst: group q
 * is out[start[q]] up to out[start[q + 1]] (start has nb_rx_rings + 1
 * entries), with out_conv[] beside it.
 */
void replay_rss_group(const struct nblpmd_replay *rp,
		struct rte_mbuf *const *m, const bool *conv,
		const uint16_t *queue, uint16_t n, struct rte_mbuf **out,
		bool *out_conv, uint16_t *start);

#endif /* NBLPMD_REPLAY_PVT_H */
