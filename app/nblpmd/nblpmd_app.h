/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_APP_H
#define NBLPMD_APP_H

/**
 * @file
 * nblpmd application state shared by its source files: types, limits
 * and the state every room of app/nblpmd reads, and no function. Each
 * room declares what it offers in a header of its own (cli/cli.h,
 * run/run.h, report/report.h, stats/stats.h, consumers/fwd.h,
 * replay/replay.h, json/json.h); docs/design.md#modules says which room
 * may use which.
 *
 * Ownership: the main lcore builds everything before the launch and tears
 * it down after every lcore has returned. During the run each queue has
 * one RX lcore (it calls nbl_rxq_poll and owns the queue's counters) and
 * one consumer lcore (it owns the consumer counters and the hold heap of
 * that queue); both may be the same lcore. The main lcore only reads
 * counters (snapshots) and sets force_quit.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_spinlock.h>

#include "app_out.h"
#include "cap.h"
#include "nbl.h"
#include "nbl_rxq.h"
#include "nblpmd.h"

#define NBLPMD_MAX_QUEUES NBL_SIZING_MAX_QUEUES
#define NBLPMD_NBL_POOL_NAME "nblpmd_nbl"
#define NBLPMD_NB_POOL_NAME "nblpmd_nb"
/** Quiet time after which an unfinished capture is declared short (s). */
#define NBLPMD_CAPTURE_IDLE_S 2.0

/** Set by the signal handler and by the end-of-run checks. */
extern volatile bool nblpmd_force_quit;

/** Consumer-side counters of one queue; one writer (its consumer lcore). */
struct nblpmd_fwd_stats {
	uint64_t consumed;         /**< NBLs seen by the consumer */
	uint64_t returned;         /**< NBLs handed to nbl_rxq_return */
	uint64_t resources_seen;   /**< NBLs seen with RESOURCES (not kept) */
	uint64_t tx_packets;       /**< mbufs rte_eth_tx_burst took */
	uint64_t tx_dropped;       /**< mbufs TX did not take (freed) */
	uint64_t tx_copies;        /**< mbufs built by copying (RESOURCES, copy mode) */
	uint64_t tx_copy_failures; /**< copies that found no mbuf */
	uint64_t captured;         /**< records written by the capture consumer */
	uint64_t capture_errors;   /**< records that could not be written */
	uint64_t held;             /**< NBLs held now */
	uint64_t held_max;         /**< highest number held at once */
	uint64_t hold_expired;     /**< returned when their hold time ended */
	uint64_t hold_evicted;     /**< returned early: H (--hold) held already */
	uint64_t hold_flushed;     /**< still held at the end, returned then */
};

/**
 * One port's counters: rte_eth_stats under the names the reports use,
 * and what TX refused (counted by the consumers that send on the port).
 */
struct nblpmd_port_stats {
	uint64_t rx_packets;       /**< ipackets */
	uint64_t rx_bytes;         /**< ibytes */
	uint64_t rx_missed;        /**< imissed */
	uint64_t rx_errors;        /**< ierrors */
	uint64_t rx_nombuf;        /**< rx_nombuf */
	uint64_t tx_packets;       /**< opackets */
	uint64_t tx_bytes;         /**< obytes */
	uint64_t tx_errors;        /**< oerrors */
	uint64_t tx_dropped;       /**< consumer-counted: TX did not take */
	/* net_tap only (NBLPMD_COUNTER_TAP_ONLY): the kernel's counts for
	 * the interface since the port started (stats/port_counters.c) */
	uint64_t kernel_rx_dropped; /**< the interface's tx_dropped */
	uint64_t kernel_tx_dropped; /**< the interface's rx_dropped */
};

/** Port table entry flag: reported for net_tap ports only. */
#define NBLPMD_COUNTER_TAP_ONLY 0x80

/** One NBL held by the hold model: when it is due back. */
struct nblpmd_hold_entry {
	uint64_t expire;           /**< TSC */
	struct nbl *nbl;
};

/** The hold model of one queue (consumer lcore): a min-heap of expiries. */
struct nblpmd_hold {
	uint32_t cap;              /**< entries, 0 = hold off */
	uint32_t count;
	uint32_t key;              /**< the generator's queue number */
	uint64_t k;                /**< NBLs this queue indicated so far */
	uint64_t seed;             /**< --hold-seed */
	double tsc_per_us;
	const struct nbl_hold_dist *dist;
	struct nblpmd_hold_entry *heap;
	/** how late each due NBL came back, TSC cycles (consumer lcore) */
	struct nbl_hist *lag;
};

/** Test only (consumers/misuse.c): what the consumer still does wrong. */
struct nblpmd_misuse {
	uint32_t leak_left;        /**< NBLs still to keep */
	uint32_t double_left;      /**< double returns still to make */
	uint32_t foreign_left;     /**< foreign returns still to make */
	struct nbl *foreign;       /**< foreign NBLs returned, to free */
};

struct nblpmd_app;
struct nblpmd_capfile;
struct nblpmd_records;
struct nblpmd_replay;

/** One RX queue of one port, with its consumer state. */
struct nblpmd_queue {
	struct nblpmd_app *app;
	struct nbl_rxq *rxq;
	char name[RTE_MEMPOOL_NAMESIZE]; /**< the rxq's (telemetry key) */
	uint16_t port_id;
	uint16_t queue_id;
	unsigned int port_index;   /**< index in app->ports */
	unsigned int rx_lcore;
	unsigned int consumer_lcore;
	bool remote;
	uint16_t tx_port;          /**< io, macswap: paired port */
	uint16_t tx_queue;
	uint32_t descriptors;      /**< D */
	uint32_t low_watermark;    /**< RESOURCES below this many free
	                            *   (resolved; 0: never RESOURCES) */
	const char *rx_pcap;       /**< file this queue reads, or NULL */
	uint64_t pcap_expected;    /**< records net_pcap delivers (finite) */
	uint64_t pcap_caplen_over_len; /**< of those, captured > original length */
	uint64_t pcap_over_65535;  /**< of those, over 65535 bytes */
	bool finite;               /**< reads a file once, count known */
	struct nblpmd_capfile *capfile; /**< rx_pcap: the file's pre-scan */
	/** --fwd capture: the records this queue's source delivers */
	const struct nblpmd_records *records;
	uint64_t rec_cursor;       /**< consumer lcore: next entry of records */
	uint64_t rec_unmatched;    /**< consumer lcore: packets not found there */
	uint8_t *copy_buf;         /**< consumer scratch, max_frame bytes */
	struct nblpmd_hold hold;
	struct nblpmd_fwd_stats fs;
	int stop_ret;              /**< nbl_rxq_stop result */
	bool stopped;
	struct nbl_rxq_stats final; /**< counters after stop, before free */
	/** --record-burst-stats: counts by size 0 .. burst, read after stop
	 *  (rx_burst results, then indication sizes); NULL otherwise */
	uint64_t *burst_sizes;
	uint64_t *indication_sizes;
	unsigned int nb_sizes;     /**< burst + 1 */
	struct nblpmd_misuse misuse;
	struct nbl_hist_summary hold_final; /**< hold times, idem */
	/** the host's timing, copied at teardown (stats/timing_keep.c): gaps
	 *  between polls, and how late holds came back; NULL: not measured */
	struct nbl_hist *poll_gap_final;
	struct nbl_hist *lag_final;
} __rte_cache_aligned;

/** Kernel counters of a tap port's interface (stats/port_counters.c). */
enum nblpmd_kstat {
	NBLPMD_KSTAT_RX_DROPPED = 0, /**< for the port, dropped: queue full */
	NBLPMD_KSTAT_TX_DROPPED,     /**< from the port, dropped on input */
	NBLPMD_KSTAT_MAX,
};
#define NBLPMD_IFNAME_LEN 16

/** One ethdev port. */
struct nblpmd_port {
	uint16_t port_id;
	char name[RTE_ETH_NAME_MAX_LEN];
	char driver[64];
	bool is_pcap;
	bool is_tap;
	bool infinite_rx;
	bool rx_live;              /**< net_pcap reads an interface */
	bool internal;             /**< the replay's ring port */
	bool configured;
	bool started;
	unsigned int nb_rx_pcap;
	unsigned int nb_rx_pcap_over; /**< rx_pcap files past NBLPMD_MAX_QUEUES_PER_PORT */
	char rx_pcap[NBLPMD_MAX_QUEUES_PER_PORT][NBLPMD_PATH_MAX];
	struct cap_scan_result scan[NBLPMD_MAX_QUEUES_PER_PORT];
	bool scan_ok[NBLPMD_MAX_QUEUES_PER_PORT]; /**< record count known */
	struct nblpmd_capfile *capfile[NBLPMD_MAX_QUEUES_PER_PORT];
	uint16_t nb_rxq;
	uint16_t nb_txq;           /**< TX queues configured */
	uint16_t nb_txq_fwd;       /**< of those, the ones io/macswap send on */
	uint16_t nb_rxd;
	uint16_t nb_txd;
	uint16_t peer;
	/* tap: the kernel interface and its drop counters at the start */
	char ifname[NBLPMD_IFNAME_LEN];
	int kstat_fd[NBLPMD_KSTAT_MAX];
	uint64_t kstat_base[NBLPMD_KSTAT_MAX];
	/* the internal replay port: bytes its RX queues returned (RX lcore) */
	uint64_t rx_bytes_counted;
	const struct rte_eth_rxtx_callback *bytes_cb[NBLPMD_MAX_QUEUES_PER_PORT];
};

/**
 * --record-core-cycles: where one lcore's TSC cycles went in the run loop
 * (testpmd's --record-core-cycles), counted once per pass of the loop,
 * never per packet. A pass is busy when it moved packets (its RX queues
 * indicated NBLs, or its remote consumers took some), idle otherwise;
 * busy + idle is the loop's whole time. One writer: the lcore; read after
 * the run, and by telemetry (64-bit words).
 */
struct nblpmd_lcore_stats {
	uint64_t packets;          /**< NBLs indicated or taken by the lcore */
	uint64_t busy_cycles;      /**< TSC cycles of busy passes */
	uint64_t idle_cycles;      /**< TSC cycles of idle passes */
	uint64_t busy_passes;      /**< loop passes that moved packets */
	uint64_t idle_passes;      /**< loop passes that moved none */
};

/** One lcore's cycle counters, alone on their cache line. */
struct nblpmd_lcore_cycles {
	struct nblpmd_lcore_stats s;
} __rte_cache_aligned;

/** What each lcore does in the run loop. */
struct nblpmd_lcore {
	bool used;
	bool is_main;
	uint16_t nb_rx;
	uint16_t rx[NBLPMD_MAX_QUEUES];      /**< queue indexes it polls */
	uint16_t nb_cons;
	uint16_t cons[NBLPMD_MAX_QUEUES];    /**< queue indexes it consumes */
};

struct nblpmd_fwd_engine;
struct nblpmd_timeline;

/** Counters read at one instant, used by display, report and JSON. */
struct nblpmd_snapshot {
	uint64_t tsc;
	double elapsed_s;
	unsigned int nb_ports;
	struct nblpmd_port_stats port[NBLPMD_MAX_PORTS];
	unsigned int nb_queues;
	struct nbl_rxq_stats q[NBLPMD_MAX_QUEUES];
	struct nblpmd_fwd_stats fs[NBLPMD_MAX_QUEUES];
	/** hold-time summaries: in the final snapshot only (a histogram is
	 *  too big to copy every tick), zero during the run */
	struct nbl_hist_summary hold[NBLPMD_MAX_QUEUES];
	struct nbl_pool_stats pool;
	bool pool_valid;
	struct nbl_pool_params pool_params; /**< what pool was created with */
	struct nbl_pool_stats nb_pool; /**< --net-buffer separate: the NB pool */
	bool nb_pool_valid;
	/** the NBL pool lcore by lcore (nbl_pool_lcore_figures_get) */
	unsigned int nb_pool_lcores;
	struct nbl_pool_lcore_figures pool_lcores[RTE_MAX_LCORE + 1];
	uint64_t indicated;        /**< sum over queues */
	uint64_t refused;          /**< sum over queues */
};

/** Kinds of lines of the leak report. */
enum nblpmd_leak_kind {
	NBLPMD_LEAK_LEAKED = 0,    /**< still out at the end (the consumer kept it) */
	NBLPMD_LEAK_DOUBLE_RETURN, /**< a return refused: not INDICATED */
	NBLPMD_LEAK_FOREIGN_RETURN, /**< a return refused: not the queue's */
};

/** Lines the leak report lists at most; the rest are counted. */
#define NBLPMD_LEAK_REPORT_MAX 64

/** One line of the leak report (report/leaks.c). */
struct nblpmd_leak {
	enum nblpmd_leak_kind kind;
	uint16_t port_id;
	uint16_t queue_id;
	uint32_t index;            /**< struct nbl::index */
	uint32_t descriptor;       /**< in the queue's ring; UINT32_MAX: none */
	uint8_t state;             /**< as found */
	const void *address;
	uint64_t ind_tsc;          /**< indicated at; 0 unknown */
	/** when it was seen: the audit (leaked) or the refusal */
	uint64_t seen_tsc;
	unsigned int nb_history;   /**< --track-nbls: transitions kept */
	struct nbl_track_event history[NBL_TRACK_MAX_DEPTH];
};

/** Audit figures (docs/design.md#the-audit). */
struct nblpmd_audit {
	/** NBLs not back (the consumer kept them, or lost), plus NBs not
	 *  back; NBLs on the free list of a queue that could not be freed
	 *  are not leaked */
	uint64_t leaked;
	uint64_t double_returns;
	uint64_t foreign_returns;
	bool pool_freed;
	bool nb_pool_freed;
	/** the leak report: up to NBLPMD_LEAK_REPORT_MAX lines */
	unsigned int nb_details;
	struct nblpmd_leak *details;
	uint64_t details_omitted;  /**< found and not listed */
};

/* report/timing.c: whether the run kept time */
/** A p99 replay lateness above this many us: the replay could not keep
 *  its deadlines. */
#define NBLPMD_TIMING_LATE_US 100u
/** A poll gap longer than this many us is the RX lcore off its CPU (a
 *  pass of its loop takes well under a microsecond); also the age of the
 *  last poll above which a packet the full ring drops is the host's (the
 *  replay's REPLAY_UNPOLLED_NS). A p99 return lag above it: the consumer
 *  lcore did not run when holds fell due. */
#define NBLPMD_TIMING_GAP_US 100u
/** Share of the run a queue may spend in such gaps. */
#define NBLPMD_TIMING_UNPOLLED_SHARE 0.01
#define NBLPMD_TIMING_LATE     0x1 /**< replay p99 lateness over the limit */
#define NBLPMD_TIMING_GAPS     0x2 /**< too long in long poll gaps */
#define NBLPMD_TIMING_UNPOLLED 0x4 /**< misses while a queue went unpolled */
#define NBLPMD_TIMING_LAG      0x8 /**< p99 return lag over the limit */

/** What the host's timing did to the run. */
struct nblpmd_timing {
	bool measured;             /**< poll gaps or lateness recorded */
	bool kept;                 /**< no NBLPMD_TIMING_* reason */
	unsigned int why;          /**< NBLPMD_TIMING_* bits */
	double late_p99_us;        /**< the replay's, 0 without one */
	double late_max_us;
	double unpolled_share;     /**< most of the run a queue spent in
	                            *   gaps over NBLPMD_TIMING_GAP_US */
	double gap_max_us;         /**< longest over the queues */
	double lag_p99_us;         /**< largest p99 return lag of the queues */
	uint32_t gap_queue;        /**< queue index of the longest gap */
	uint64_t missed;           /**< the replay's misses */
	uint64_t missed_unpolled;  /**< of those, while the host stalled */
	double late_limit_us;      /**< the limits judged by */
	double gap_limit_us;
};

/** The whole application. */
struct nblpmd_app {
	struct nblpmd_config cfg;
	const struct nblpmd_fwd_engine *fwd;
	unsigned int nb_ports;
	struct nblpmd_port ports[NBLPMD_MAX_PORTS];
	unsigned int nb_queues;
	struct nblpmd_queue queues[NBLPMD_MAX_QUEUES];
	struct nblpmd_lcore lcores[RTE_MAX_LCORE];
	/** --record-core-cycles, by lcore id (lcores.c writes, reports read) */
	struct nblpmd_lcore_cycles lcore_cycles[RTE_MAX_LCORE];
	unsigned int nb_consumer_lcores;
	uint32_t consumers_done;   /**< atomic: consumer lcores finished */
	uint32_t nb_used_lcores;   /**< lcores with a role in the run */
	uint32_t lcores_out;       /**< atomic: lcores out of their loop */
	uint32_t stop_row_done;    /**< atomic: the timeline's last row is in */
	struct rte_mempool *mbuf_pool;
	struct nbl_pool *nbl_pool;
	uint32_t nbl_pool_count;
	struct nbl_nb_pool *nb_pool; /**< --net-buffer separate, else NULL */
	struct nbl_pool *misuse_pool; /**< --test-foreign-return only */
	uint32_t nb_pool_count;
	struct nbl_sizing sizing;
	uint32_t hold;             /**< H used by the sizing rule */
	uint16_t max_segs;         /**< S */
	uint16_t mbuf_buf_size;    /**< mbuf data room including headroom */
	struct cap_writer *capture;
	rte_spinlock_t capture_lock;
	int nb_eal_args;           /**< EAL arguments used, program name excluded */
	char **eal_args;
	struct nblpmd_timeline *timeline; /**< --timeline, --plot, or NULL */
	/* the files the run writes, by app_out's rule (cli/outputs.c) */
	struct app_out out_json;       /**< --stats-json */
	struct app_out out_timeline;   /**< --timeline */
	struct app_out out_plot;       /**< --plot */
	struct app_out out_capture;    /**< --capture-out */
	uint64_t start_tsc;
	uint64_t end_tsc;
	const char *end_reason;
	/* end of capture */
	bool finite_run;           /**< every RX source ends by itself */
	uint64_t lost;             /**< records expected but never taken */
	bool source_idle;          /**< the run ended because a source went idle */
	/* replay */
	struct nblpmd_replay *replay;
	uint16_t replay_port;      /**< internal port or RTE_MAX_ETHPORTS */
	volatile bool replay_stop;
	int replay_ret;
	bool replay_thread_started;
	/* results */
	struct nblpmd_snapshot final;
	struct nblpmd_timing timing; /**< judged after teardown */
	struct nblpmd_audit audit;
	bool runtime_error;
	/**
	 * --max-packets: what the RX lcores may still indicate, shared by
	 * them (atomic, one fetch-sub per burst; lcores.c). Last and cache
	 * aligned, so alone on its line: RX lcores write it every burst.
	 */
	int64_t rx_budget __rte_cache_aligned;
};

#endif /* NBLPMD_APP_H */
