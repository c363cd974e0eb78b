/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_APP_H
#define NBLPMD_APP_H

/**
 * @file
 * nblpmd application state shared by its source files.
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
#include "app_plot.h"
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
 * The counter table of struct nblpmd_fwd_stats (report/counters.c): the
 * names the text report, the JSON report and telemetry give them.
 */
const struct nbl_counter *nblpmd_fwd_counters(unsigned int *nb);

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
	 * the interface since the port started (port_counters.c) */
	uint64_t kernel_rx_dropped; /**< the interface's tx_dropped */
	uint64_t kernel_tx_dropped; /**< the interface's rx_dropped */
};

/** Port table entry flag: reported for net_tap ports only. */
#define NBLPMD_COUNTER_TAP_ONLY 0x80

/** The counter table of struct nblpmd_port_stats (report/counters.c). */
const struct nbl_counter *nblpmd_port_counters(unsigned int *nb);

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
	/** the host's timing, copied at teardown (report/timing.c): gaps
	 *  between polls, and how late holds came back; NULL: not measured */
	struct nbl_hist *poll_gap_final;
	struct nbl_hist *lag_final;
} __rte_cache_aligned;

/** Kernel counters of a tap port's interface (port_counters.c). */
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

/** The counter table of struct nblpmd_lcore_stats (report/counters.c). */
const struct nbl_counter *nblpmd_lcore_counters(unsigned int *nb);

/** testpmd's "CPU cycles/packet": busy cycles per packet moved (0: none). */
static inline double
nblpmd_lcore_cycles_per_packet(const struct nblpmd_lcore_stats *s)
{
	return s->packets > 0 ? (double)s->busy_cycles / (double)s->packets : 0;
}

/** The busy share of the loop's cycles, from 0 to 1. */
static inline double
nblpmd_lcore_busy_share(const struct nblpmd_lcore_stats *s)
{
	uint64_t all = s->busy_cycles + s->idle_cycles;

	return all > 0 ? (double)s->busy_cycles / (double)all : 0;
}

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

/* timing.c: whether the run kept time */
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
	uint64_t missed_unpolled;  /**< of those, while the queue went unpolled */
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

/* cli/profile.c */
int nblpmd_default_ini(char *path, size_t len);
int nblpmd_profile_eal_args(const char *path, char ***eal_argv, int *eal_argc);

/* cli/args.c */
/**
 * Before rte_eal_init: refuse an nblpmd option among the EAL arguments
 * (those before "--", or all of them without "--"), which EAL would answer
 * with its whole usage text.
 *
 * @return
 *   0; -EINVAL with a one-line message naming the option.
 */
int nblpmd_args_misplaced(int argc, char **argv);

/* misuse.c: the test-only consumer that breaks the rules */
bool nblpmd_misuse_on(const struct nblpmd_config *cfg);
int nblpmd_misuse_init(struct nblpmd_app *app);
void nblpmd_misuse_fini(struct nblpmd_app *app);
void nblpmd_misuse_indicate(struct nbl_rxq *rxq, struct nbl *chain,
		uint16_t count, uint32_t flags, void *arg);

/* leaks.c: the leak report */
/**
 * At teardown, after the queue stopped and before it is freed: add its
 * refused returns and the NBLs still out to the leak report, with their
 * history when the pool keeps one.
 */
void nblpmd_leaks_collect(struct nblpmd_app *app, struct nblpmd_queue *q);
/** Name of a leak report line's kind: leaked, double_return, ... */
const char *nblpmd_leak_kind_name(enum nblpmd_leak_kind k);
/** Seconds into the run of a TSC (negative before the run started). */
double nblpmd_run_seconds(const struct nblpmd_app *app, uint64_t tsc);
/** Print the leak report (when the audit is not clean). */
void nblpmd_leaks_print(const struct nblpmd_app *app, FILE *f);
/** Free the leak report and the queues' burst sizes. */
void nblpmd_forensics_release(struct nblpmd_app *app);

/* eal_args.c */
int nblpmd_eal_precheck(int argc, char **argv);

/* eal_merge.c */
/**
 * A profile's EAL arguments and the command line's, as one list in out
 * (at most max words; argv[0] of neither): the profile's, but for those
 * the command line gives again (the same option; for --vdev, -a, -b the
 * same device, for -d the same library, for --log-level the same type;
 * -l, -c and --lcores count as one, as -m and --socket-mem do), then the
 * command line's. Words are not copied.
 *
 * @return
 *   0; -E2BIG when more than max; -ENOMEM.
 */
int nblpmd_eal_merge(int prof_argc, char **prof_argv, int cmd_argc,
		char **cmd_argv, char **out, int *out_argc, int max);
/** Whether EAL arguments (argv[0] the program) give the long option
 *  long_name, under any of EAL's spellings. */
bool nblpmd_eal_has(int argc, char **argv, const char *long_name);

/* outputs.c */
/**
 * Before EAL starts and before anything is written: refuse an output
 * that is the same file as an input or as another output (exit 2, both
 * options named), check --plot, decide how each output is written
 * (app_out.h), give standard output to the one output named "-", and
 * check that each output can be written.
 *
 * @return
 *   0; -EINVAL (or the errno of the failed check) with a message; -ENOMEM.
 */
int nblpmd_outputs_prepare(struct nblpmd_app *app, int eal_argc,
		char **eal_argv);

/* ports.c */
int nblpmd_ports_discover(struct nblpmd_app *app);
int nblpmd_ports_configure(struct nblpmd_app *app);
int nblpmd_ports_start(struct nblpmd_app *app);
void nblpmd_ports_close(struct nblpmd_app *app);

/* port_counters.c */
/** After the ports start: open the tap counters, register /nbl/ports. */
int nblpmd_port_counters_start(struct nblpmd_app *app);
/**
 * Fill in port index pi's counters what its driver does not count: the
 * internal replay port's bytes, a tap port's kernel drops. Any thread
 * (nblpmd_port_stats_read: snapshots and telemetry).
 */
void nblpmd_port_counters_fill(const struct nblpmd_app *app, unsigned int pi,
		struct nblpmd_port_stats *ps);
/** The skip_flags for port p's counter table walk. */
uint8_t nblpmd_port_counter_skip(const struct nblpmd_port *p);
/** Before the ports close. */
void nblpmd_port_counters_stop(struct nblpmd_app *app);

/* capture_end.c */
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

/* sizing_print.c */
int nblpmd_sizing_apply(struct nblpmd_app *app);
void nblpmd_sizing_print(const struct nbl_sizing *sz, FILE *f);
/** A line's verdict as the table prints it: "ok" or "TOO LOW". */
const char *nblpmd_sizing_verdict(const struct nbl_sizing_line *l);

/* setup.c */
int nblpmd_queues_plan(struct nblpmd_app *app);
/**
 * After the lcore plan: with io or macswap, refuse (-EINVAL) a plan in
 * which two consumer lcores would send on the same TX queue of a port.
 */
int nblpmd_queues_tx_check(struct nblpmd_app *app);
int nblpmd_pools_create(struct nblpmd_app *app);
int nblpmd_queues_create(struct nblpmd_app *app);
int nblpmd_teardown_queues(struct nblpmd_app *app);
/** At the very end, for EAL's cleanup: the queues and pools that could
 *  not be freed (NBLs leaked) leave the libraries' registries, so that
 *  no telemetry reader reaches memory rte_eal_cleanup() releases. */
void nblpmd_abandon_leaked(struct nblpmd_app *app);

/* lcores.c */
int nblpmd_lcores_plan(struct nblpmd_app *app);
int nblpmd_lcore_main(void *arg);

/* hold.c */
/** Set up q's hold model: at most cap NBLs held, hold times from dist
 * keyed by (seed, q's RX queue number, k). 0 or -ENOMEM. */
int nblpmd_hold_init(struct nblpmd_queue *q, uint32_t cap,
		const struct nbl_hold_dist *dist, uint64_t seed);
void nblpmd_hold_fini(struct nblpmd_queue *q);
/** Hold every NBL of a chain (consumer lcore); now is the TSC. */
void nblpmd_hold_push(struct nblpmd_queue *q, struct nbl *chain,
		uint64_t now);
/** A RESOURCES chain of count NBLs went by: advance k past it. */
void nblpmd_hold_skip(struct nblpmd_queue *q, uint16_t count);
void nblpmd_hold_expire(struct nblpmd_queue *q, uint64_t now);
void nblpmd_hold_flush(struct nblpmd_queue *q);

/* snapshot.c */
void nblpmd_snapshot_take(struct nblpmd_app *app, struct nblpmd_snapshot *s);
/** Read port index pi's counters now (rte_eth_stats_get, consumers). */
int nblpmd_port_stats_read(const struct nblpmd_app *app, unsigned int pi,
		struct nblpmd_port_stats *ps);
/** Port index pi's rx_missed from the PMD's imissed: the internal replay
 *  port adds what the replay dropped at its full ring (--replay-full
 *  drop), which net_ring cannot count. The reports and the timeline. */
uint64_t nblpmd_port_rx_missed(const struct nblpmd_app *app, unsigned int pi,
		uint64_t imissed);

/* stats_display.c */
void nblpmd_stats_display(struct nblpmd_app *app,
		const struct nblpmd_snapshot *cur,
		const struct nblpmd_snapshot *prev);

/* counters.c: every report walks the counter tables the same way */
/**
 * Print a table's counters as "name: value" pairs, wrapped, each line
 * starting with indent; an array entry as "name: elem value, ...".
 */
void nblpmd_counters_print(FILE *f, const char *indent,
		const struct nbl_counter *table, unsigned int nb,
		const void *stats, uint8_t skip_flags);

/** Add every counter of src to dst (both structs of the table). */
void nblpmd_counters_add(const struct nbl_counter *table, unsigned int nb,
		void *dst, const void *src);
/**
 * Copy the entries named in names (in that order) to out, which has room
 * for nb_names; a name the table lacks is left out.
 *
 * @return
 *   The number of entries copied.
 */
unsigned int nblpmd_counters_select(const struct nbl_counter *table,
		unsigned int nb, const char * const *names, unsigned int nb_names,
		struct nbl_counter *out);

/* report.c */
void nblpmd_report_print(struct nblpmd_app *app, FILE *f);

/* report_json.c */
/**
 * Before EAL starts: keep the EAL arguments the report lists (the file
 * itself is checked by nblpmd_outputs_prepare).
 *
 * @return
 *   0; -ENOMEM.
 */
int nblpmd_report_json_prepare(struct nblpmd_app *app, int eal_argc,
		char **eal_argv);
/**
 * Write the JSON report to --stats-json by app_out's rule (a file: to a
 * temporary file beside it renamed over it, so the file is either as it
 * was or complete). Nothing to do without --stats-json.
 *
 * @return
 *   0; -errno with a message on stderr naming the file.
 */
int nblpmd_report_json_write(struct nblpmd_app *app);
/** Free what prepare kept. */
void nblpmd_report_json_release(struct nblpmd_app *app);

/* report_telemetry.c */
/** Register /nblpmd/ports and /nblpmd/consumers (walks the app's tables). */
void nblpmd_telemetry_register(struct nblpmd_app *app);
/** First thing at the end of a run, before the teardown frees what they
 *  read: /nblpmd/ports and /nblpmd/consumers answer "the run has ended"
 *  from now on (waits for a reader under way). */
void nblpmd_telemetry_close(void);

/* timeline.c */
/** At start: create the CSV (by app_out's rule), or a temporary one for
 * --plot alone. 0, -EINTR (a signal while a FIFO waits for its reader),
 * or -errno with a message. */
int nblpmd_timeline_open(struct nblpmd_app *app);
/** Main lcore, every loop: one row per queue when a period is due. */
void nblpmd_timeline_tick(struct nblpmd_app *app, uint64_t now);
/** Longest sleep of an idle main lcore that keeps the period. */
uint32_t nblpmd_timeline_sleep_us(const struct nblpmd_app *app);
/**
 * Main lcore, once every lcore has left its loop and before any consumer
 * gives back what it holds: the last row, the run as it ended.
 */
void nblpmd_timeline_stop_row(struct nblpmd_app *app, uint64_t now);
/**
 * After the run (ran) or a failed setup: close the CSV; a file is kept
 * (renamed over --timeline) only when the run ran. Says "Timeline: ...".
 * 0 or -errno (a message was printed).
 */
int nblpmd_timeline_close(struct nblpmd_app *app, bool ran);
/**
 * Last of all, after the reports: close the CSV if still open, draw
 * --plot within limit, remove a temporary timeline, free.
 * 0 or -errno (a message was printed).
 */
int nblpmd_timeline_finish(struct nblpmd_app *app, bool ran,
		const struct app_plot_limit *limit);

/* plot.c */
/** --plot FILE: a .png or .svg name, gnuplot on PATH (the file itself is
 * checked by app_out_check). 0, or -EINVAL with a message. */
int nblpmd_plot_check(const char *path);
/**
 * Draw the timeline csv (temp: a temporary one) of rows samples per
 * queue into --plot with gnuplot within limit, reduced to a few thousand
 * points per queue.
 * 0 or -errno after a message (-ETIMEDOUT, -EINTR: skipped).
 */
int nblpmd_plot_write(struct nblpmd_app *app, const char *csv, bool temp,
		uint64_t rows, const struct app_plot_limit *limit);

/** At teardown, before the queue and its hold model are freed: keep
 *  copies of its poll-gap and return-lag histograms. */
void nblpmd_timing_keep(struct nblpmd_queue *q);
/** Free what nblpmd_timing_keep() kept. */
void nblpmd_timing_release(struct nblpmd_app *app);
/** After teardown: judge the run's timing. */
void nblpmd_timing_judge(const struct nblpmd_app *app,
		struct nblpmd_timing *t);
/** The final report's timing line, and the warning on stderr when the
 *  run did not keep time. */
void nblpmd_timing_print(const struct nblpmd_app *app,
		const struct nblpmd_timing *t, FILE *f);
/** A histogram of TSC cycles summarised in us (zero for NULL). */
void nblpmd_hist_summary(const struct nbl_hist *h,
		struct nbl_hist_summary *s);
/** "name: count N, p50 .., p90 .., p99 .., p999 .., max .." in us. */
void nblpmd_hist_print(FILE *f, const char *indent, const char *name,
		const struct nbl_hist *h);

/* main_loop.c */
void nblpmd_main_tick(struct nblpmd_app *app, uint64_t now);

#endif /* NBLPMD_APP_H */
