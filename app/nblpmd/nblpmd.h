/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_H
#define NBLPMD_H

/**
 * @file
 * nblpmd application: shared types (the configuration, limits and
 * modes), and no function: nblpmd_app.h says where each room declares
 * what it offers.
 *
 * Life cycle (as examples/l2fwd): parse options and profile (2 on error),
 * create ports and pools from the sizing rule, launch one RX lcore per
 * queue set and optionally a consumer lcore, run until duration, packet
 * count, end of capture or a signal, then stop, drain, return all, audit,
 * free pools, close ports, rte_eal_cleanup. Exit 0 ok, 1 runtime failure
 * or failed audit, 2 usage or configuration error.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_mempool.h>

#include "cap.h"
#include "nbl.h"
#include "nbl_hold.h"
#include "nbl_rxq.h"

#define NBLPMD_EXIT_OK 0
#define NBLPMD_EXIT_RUNTIME 1
#define NBLPMD_EXIT_USAGE 2

#define NBLPMD_MAX_PORTS 16
#define NBLPMD_MAX_QUEUES_PER_PORT 8
#define NBLPMD_MAX_REPLAY 16
#define NBLPMD_PATH_MAX 1024

/** Forwarding (consumer) modes, one small file each. */
enum nblpmd_fwd {
	NBLPMD_FWD_RXONLY = 0,
	NBLPMD_FWD_IO,
	NBLPMD_FWD_MACSWAP,
	NBLPMD_FWD_CAPTURE,
};

/**
 * A packet the replay's full ring drops while the engine's queue has not
 * been polled for this many us is missed because the RX lcore did not
 * run, not because the queue had no free descriptor (a stalled queue is
 * still polled, every pass of its lcore's loop).
 */
#define NBLPMD_UNPOLLED_US 100u

/** What the replay does when the internal port's ring is full. */
enum nblpmd_replay_full {
	NBLPMD_REPLAY_FULL_WAIT = 0, /**< wait (lateness), lose nothing */
	NBLPMD_REPLAY_FULL_DROP,     /**< drop and count missed, as a NIC */
};

/** Everything the command line and the profile can set. */
struct nblpmd_config {
	char config_file[NBLPMD_PATH_MAX]; /**< --config, "" if none */
	enum nblpmd_fwd fwd;
	char capture_out[NBLPMD_PATH_MAX];
	enum nbl_rxq_recycle recycle;
	uint16_t rxq;               /**< RX queues per port */
	uint16_t rxd;               /**< PMD RX ring size */
	uint16_t txd;               /**< PMD TX ring size */
	uint16_t burst;
	uint32_t descriptors;       /**< D per queue, 0 = auto */
	uint32_t pool_size;         /**< NBL pool count, 0 = auto */
	uint32_t pool_cache;
	uint32_t mbuf_count;        /**< 0 = auto */
	uint32_t mbuf_cache;
	bool prealloc_nb;           /**< --net-buffer prealloc|separate */
	bool rx_copy;
	uint32_t low_watermark;     /**< 0 = D/8 (auto) */
	bool low_watermark_off;     /**< --low-watermark 0: never RESOURCES */
	int consumer_lcore;         /**< -1 = same lcore as RX */
	/** --hold-us: how long the consumer keeps each NBL (NBL_HOLD_NONE:
	 *  returned at once); owns what nbl_hold_parse() allocated */
	struct nbl_hold_dist hold_dist;
	uint64_t hold_seed;         /**< --hold-seed: the generator's seed */
	uint32_t hold;              /**< H, 0 = auto */
	double fail_alloc_pct;
	uint64_t fail_seed;
	uint32_t max_frame;
	uint16_t max_segs;
	double stats_period;        /**< seconds, 0 = off */
	char timeline[NBLPMD_PATH_MAX]; /**< --timeline CSV file, "" = none */
	uint32_t timeline_us;       /**< --timeline-us: sampling period */
	char plot[NBLPMD_PATH_MAX]; /**< --plot PNG or SVG file, "" = none */
	char stats_json[NBLPMD_PATH_MAX];
	double duration;            /**< seconds, 0 = until done or signal */
	uint64_t max_packets;       /**< 0 = no limit */
	bool check_mbufs;
	uint16_t track_nbls;        /**< --track-nbls: history depth, 0 = off */
	bool record_burst_stats;    /**< --record-burst-stats */
	bool record_core_cycles;    /**< --record-core-cycles */
	/* test-only options (hidden rows of the option table, not in
	 * --help): a consumer that breaks the rules on purpose, per queue */
	uint32_t test_leak;         /**< NBLs kept, never returned */
	uint32_t test_double_return; /**< NBLs returned a second time */
	uint32_t test_foreign_return; /**< NBLs of another pool returned */
	uint32_t test_timing_limit_ns; /**< timing verdict limits; 0: 100 us */
	/* replay (capture issue) */
	unsigned int nb_replay;
	char replay[NBLPMD_MAX_REPLAY][NBLPMD_PATH_MAX];
	int replay_port;            /**< -1 = internal ring port */
	/** pacing (--multiplier, --pps, --mbps, --topspeed), as lib/capture
	 *  keeps it: the mode and its rate (none at top speed) */
	enum cap_pace_mode pace;
	double pace_rate;
	uint32_t loop;              /**< 1 = once, 0 = until stopped */
	uint64_t preload_bytes;
	enum nblpmd_replay_full replay_full; /**< --replay-full wait|drop */
	/** --rss-key: the Toeplitz key the internal port spreads records
	 *  over its --rxq queues with (default cap_rss_default_key) */
	uint8_t rss_key[CAP_RSS_KEY_LEN];
	/* set by the parser */
	bool hold_set;              /**< --hold given (else H is auto) */
	bool pace_set;              /**< a pacing option given */
	bool rxq_set;               /**< --rxq given (else 1, or one per rx_pcap file) */
	bool rss_key_set;           /**< --rss-key given */
	/* set at setup (ports.c), read by the replay */
	uint16_t replay_tx_queue;   /**< TX queue of --replay-port only the replay uses */
};

#endif /* NBLPMD_H */
