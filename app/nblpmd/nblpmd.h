/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_H
#define NBLPMD_H

/**
 * @file
 * nblpmd application: shared types.
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

/** Replay pacing (tcpreplay's option names). */
enum nblpmd_pace {
	NBLPMD_PACE_MULTIPLIER = 0, /**< recorded timing x multiplier */
	NBLPMD_PACE_PPS,
	NBLPMD_PACE_MBPS,
	NBLPMD_PACE_TOPSPEED,
};

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
	/* test-only options (cli/test_options.c, not in --help): a consumer
	 * that breaks the rules on purpose, per queue */
	uint32_t test_leak;         /**< NBLs kept, never returned */
	uint32_t test_double_return; /**< NBLs returned a second time */
	uint32_t test_foreign_return; /**< NBLs of another pool returned */
	uint32_t test_timing_limit_ns; /**< timing verdict limits; 0: 100 us */
	/* replay (capture issue) */
	unsigned int nb_replay;
	char replay[NBLPMD_MAX_REPLAY][NBLPMD_PATH_MAX];
	int replay_port;            /**< -1 = internal ring port */
	enum nblpmd_pace pace;
	double multiplier;
	double pps;
	double mbps;
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

/** Fill a configuration with the defaults. */
void nblpmd_config_defaults(struct nblpmd_config *cfg);

/** Whether the consumer holds NBLs (--hold-us other than 0). */
static inline bool
nblpmd_hold_on(const struct nblpmd_config *cfg)
{
	return cfg->hold_dist.kind != NBL_HOLD_NONE;
}

/**
 * Parse application options (after "--"), reading --config FILE first so
 * the command line wins (a profile option that only served a mode the
 * command line replaced is dropped, with a note on stderr).
 *
 * @return
 *   0; 1 when --help or --version was printed (exit 0);
 *   -EINVAL with a message on stderr naming the option (exit 2).
 */
int nblpmd_args_parse(struct nblpmd_config *cfg, int argc, char **argv);

/* ------------- replay (replay.c and replay_*.c; replay_stub.c without) */

struct nblpmd_replay;

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

#endif /* NBLPMD_H */
