/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_RXQ_H
#define NBL_RXQ_H

/**
 * @file
 * One ethdev RX queue modeled as a miniport's receive ring.
 *
 * A queue owns D receive descriptors, all allocated at setup (R3, R7) and
 * kept on the queue's own free list: each is an NBL with its NB, which
 * carries descriptor 0 (one object of the NBL pool, or an NBL and a
 * separate NB), and S-1 buffer descriptors from the queue's descriptor
 * pool, chained only for multi-segment packets. A poll fills free descriptors from
 * rte_eth_rx_burst and indicates them to the consumer as one NBL chain per
 * burst; the consumer gives them back with nbl_rxq_return(), which
 * recycles them in place or frees them to the NBL pool.
 *
 * The NB of a descriptor is either preallocated in its NBL (an NBL pool
 * created with allocate_nb, NDIS fAllocateNetBuffer) or taken from a
 * separate NB pool (conf.nb_pool) and queued on an NBL of a plain pool
 * (R2). In place, a separate NB stays queued on its NBL through
 * recycling, so both kinds fill and recycle alike. In pool mode a
 * returned descriptor's NB is dequeued and freed to the NB pool and its
 * NBL freed to the NBL pool, and the refill allocates and queues both.
 *
 * Threading contract:
 * - One lcore (the queue's owner, the one that calls nbl_rxq_poll()) does
 *   fills, recycling and writes every counter. Nothing takes a lock.
 * - The consumer runs either on the owner lcore (the indicate callback is
 *   called from nbl_rxq_poll()) or on one other lcore (remote placement:
 *   indications travel through an SPSC ring that the consumer lcore reads
 *   with nbl_rxq_consumer_poll(); returns made there travel back through a
 *   second SPSC ring that the owner drains at every poll, so NBLs never
 *   strand in a foreign lcore's mempool cache).
 * - nbl_rxq_return() may be called from the owner lcore or the consumer
 *   lcore; it picks the path by rte_lcore_id().
 * - Statistics may be read from any lcore (nbl_rxq_stats_get); values are
 *   64-bit aligned words, each with one writer.
 * - Hold time: every NBL the consumer returns adds its indicate-to-return
 *   time to a histogram (nbl_hist.h): a poll writes its TSC into the NBLs
 *   it indicates (one rdtsc per burst) and a return call reads one TSC,
 *   except inside the poll's indicate call, where the poll's TSC is the
 *   clock (so NBLs returned before the indicate call returns count as
 *   held 0, and a consumer that returns at once costs one rdtsc a burst).
 *   Each histogram has one writer: returns on the owner lcore go to the
 *   owner's, returns on the consumer lcore (remote placement) to one the
 *   consumer lcore keeps, timed when the consumer returns them rather
 *   than when the owner drains the ring. RESOURCES NBLs, which the queue
 *   takes back itself, are not timed. Read the sum from any lcore with
 *   nbl_rxq_hold_hist_get() or nbl_rxq_hold_summary_get().
 *
 * - Poll gaps: every poll reads the TSC once (the same reading serves the
 *   hold-time clock of its burst) and adds the time since the queue's
 *   previous poll to a histogram the owner writes (one index computation
 *   and three adds a poll, not a packet). A gap is how long the port went
 *   unpolled: the owner lcore descheduled, a long burst, a consumer on the
 *   same lcore that took its time. nbl_rxq_poll_gap_hist_get() copies it
 *   from any lcore; nbl_rxq_last_poll_tsc() tells any lcore when the
 *   owner last polled (so a producer that finds the port's ring full can
 *   tell a queue that is not polled from one that has no free descriptor).
 *   conf.poll_gap_off turns both off.
 *
 * - Forensics (nbl_rxq_pending_get, nbl_rxq_violations_get,
 *   nbl_rxq_burst_sizes_get) may be read from any lcore, as a moment's
 *   view while the queue runs. Burst sizes are written by the owner; the
 *   NBL history by whichever lcore owns the NBL (a return on the consumer
 *   lcore records it there).
 * - Telemetry (/nbl/rxqs, /nbl/pending) reads a queue only while it is in
 *   the registry of live queues, under the registry's lock:
 *   nbl_rxq_create() adds it last, nbl_rxq_free() and nbl_rxq_abandon()
 *   take it out before its memory can go. Bad parameters are answered
 *   with an error object (nbl_tel_error()), never null.
 *
 * RESOURCES indications (R5): when the free descriptors left after taking
 * a burst fall below the low watermark, the chain is indicated with
 * NBL_F_RESOURCES on each NBL and NBL_RXQ_IND_RESOURCES in the flags. The
 * consumer must copy what it keeps and must NOT return those NBLs: the
 * queue takes them back as soon as the indicate callback returns (on the
 * consumer lcore in remote placement, nbl_rxq_consumer_poll() hands them
 * back itself right after the callback).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "nbl.h"
#include "nbl_hist.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest burst a queue accepts. */
#define NBL_RXQ_MAX_BURST 512
/** Default largest frame accepted (jumbo frames pass). */
#define NBL_RXQ_DEFAULT_MAX_FRAME 9216

/** Indication flags (the flags argument of the indicate callback). */
#define NBL_RXQ_IND_RESOURCES RTE_BIT32(0) /**< NDIS_RECEIVE_FLAGS_RESOURCES */

/** What happens to a returned NBL. */
enum nbl_rxq_recycle {
	NBL_RXQ_RECYCLE_INPLACE = 0, /**< reset and push on the free list */
	NBL_RXQ_RECYCLE_POOL,        /**< free to the NBL pool (lcore cache) */
};

/** Why a received mbuf was refused before reaching the consumer. */
enum nbl_rxq_refusal {
	NBL_RXQ_REFUSE_MBUF_CHECK = 0, /**< rte_mbuf_check() failed */
	NBL_RXQ_REFUSE_ZERO_LEN,       /**< pkt_len 0 */
	NBL_RXQ_REFUSE_RUNT,           /**< shorter than an Ethernet header */
	NBL_RXQ_REFUSE_OVERSIZE,       /**< longer than the maximum frame */
	NBL_RXQ_REFUSE_TOO_MANY_SEGS,  /**< more segments than S */
	NBL_RXQ_REFUSE_NO_DATA_ROOM,   /**< copy mode: data area too small */
	NBL_RXQ_REFUSE_MAX,
};

struct nbl_rxq;

/**
 * Indicate callback (ProtocolReceiveNetBufferLists). Called once per burst
 * with a chain of @p count NBLs linked by nbl->next, all INDICATED.
 *
 * @param q
 *   The queue, to pass to nbl_rxq_return().
 * @param chain
 *   First NBL of the chain.
 * @param count
 *   NBLs in the chain.
 * @param flags
 *   NBL_RXQ_IND_* flags.
 * @param arg
 *   The indicate_arg given at setup.
 */
typedef void (*nbl_rxq_indicate_t)(struct nbl_rxq *q, struct nbl *chain,
		uint16_t count, uint32_t flags, void *arg);

/** Queue configuration. */
struct nbl_rxq_conf {
	uint16_t port_id;         /**< ethdev port */
	uint16_t queue_id;        /**< ethdev RX queue */
	uint16_t nb_rxd;          /**< PMD ring size, for the sizing rule */
	uint16_t burst;           /**< mbufs per rte_eth_rx_burst, <= MAX_BURST; 0 = 32 */
	uint32_t descriptors;     /**< D, receive descriptors */
	uint16_t max_segs;        /**< S, descriptors per packet at most; 0 = 1 */
	uint32_t low_watermark;   /**< RESOURCES below this many free; 0 = D/8 */
	uint32_t max_frame;       /**< 0 = NBL_RXQ_DEFAULT_MAX_FRAME */
	enum nbl_rxq_recycle recycle;
	bool copy;                /**< copy into the NB data area, free mbuf */
	bool check_mbufs;         /**< run rte_mbuf_check() on every mbuf */
	bool remote;              /**< consumer on another lcore */
	uint32_t ring_size;       /**< remote: SPSC ring size (power of 2); 0 or less than D = D rounded up to a power of 2 */
	/** NBL pool: created with allocate_nb when nb_pool is NULL, without
	 *  it when nb_pool is given */
	struct nbl_pool *pool;
	int socket_id;            /**< for the queue's own memory */
	nbl_rxq_indicate_t indicate; /**< consumer callback */
	void *indicate_arg;       /**< its argument */
	/** Never indicate with RESOURCES (low_watermark ignored): a consumer
	 *  that holds NBLs then makes the queue stall (backpressure). */
	bool resources_off;
	/** Separate NBs (R2): NB pool the queue takes one NB per descriptor
	 *  from, queued on an NBL of @p pool (a pool created without
	 *  allocate_nb). NULL: @p pool has allocate_nb (preallocated NBs).
	 *  Not with copy (a separate NB has no data area). */
	struct nbl_nb_pool *nb_pool;
	/** Do not measure hold times (no TSC read per burst or return, no
	 *  histogram): for measuring what the measurement costs. */
	bool hold_time_off;
	/** Do not measure the gaps between polls (no histogram, no TSC read
	 *  for it; nbl_rxq_last_poll_tsc() gives 0): for measuring what the
	 *  measurement costs. */
	bool poll_gap_off;
	/** Count how many mbufs each rte_eth_rx_burst gave and how many NBLs
	 *  each indication carried (nbl_rxq_burst_sizes_get); off, the poll
	 *  pays one predictable branch and nothing else. */
	bool record_burst_sizes;
};

/** Per-queue statistics; one writer (the owner lcore), but for the
 *  returns the consumer lcore refuses in remote placement, which it
 *  counts itself and nbl_rxq_stats_get() adds to double_returns and
 *  foreign_returns. */
struct nbl_rxq_stats {
	uint64_t polls;              /**< nbl_rxq_poll() calls */
	uint64_t rx_packets;         /**< mbufs taken from the port */
	uint64_t rx_bytes;           /**< their bytes */
	uint64_t indicated;          /**< NBLs indicated */
	uint64_t indications;        /**< indicate calls (chains) */
	uint64_t returned;           /**< NBLs taken back, any path */
	uint64_t recycled_inplace;   /**< returned and reset in place */
	uint64_t freed_to_pool;      /**< returned and freed to the pool */
	uint64_t resources_indications; /**< chains indicated with RESOURCES */
	uint64_t resources_nbls;     /**< NBLs indicated with RESOURCES */
	uint64_t fill_stalls;        /**< polls skipped: free list empty */
	uint64_t refill_shortfalls;  /**< pool mode: refills that got fewer NBLs (or NBs) than asked, injected failures included */
	uint64_t outstanding_max;    /**< highest number indicated at once */
	uint64_t outstanding;        /**< indicated now */
	uint64_t refused[NBL_RXQ_REFUSE_MAX]; /**< mbufs refused, by reason */
	uint64_t refused_total;      /**< sum of refused */
	/** returns refused: the consumer does not hold the NBL (not
	 *  INDICATED, or in remote placement given back already) */
	uint64_t double_returns;
	/** returns refused: of another pool, or indicated by another queue */
	uint64_t foreign_returns;
};

/**
 * The counter table of struct nbl_rxq_stats: the names and meanings that
 * the /nbl/rxqs telemetry endpoint and the application's reports use.
 * refused[] is the array entry "refused_by_reason", keyed by
 * nbl_rxq_refusal_name().
 *
 * @param nb
 *   Receives the number of entries.
 * @return
 *   The table, in report order.
 */
const struct nbl_counter *nbl_rxq_counters(unsigned int *nb);

/**
 * Set up a queue: allocate all D receive descriptors from conf->pool
 * (which must have allocate_nb, or, with conf->nb_pool, must not: then
 * each descriptor is an nbl_alloc() NBL with an nbl_nb_alloc() NB queued
 * on it) and their D x S buffer descriptors from a buffer-descriptor pool
 * of exactly that NumberOfDescriptors; create the SPSC rings in remote
 * placement. The ethdev queue must be set up and the port may already be
 * started.
 *
 * @param name
 *   Unique name (used for the rings, descriptor pool and telemetry).
 * @param conf
 *   Configuration; copied.
 * @return
 *   The queue, or NULL with rte_errno set:
 *   - EINVAL: a bad parameter (zero D, burst above NBL_RXQ_MAX_BURST,
 *     pool without allocate_nb and no nb_pool, pool with allocate_nb and
 *     an nb_pool, copy without a data area, copy with nb_pool: separate
 *     NBs have no data area, no callback);
 *   - ENOMEM: the pool could not give D NBLs (or the NB pool D NBs), or
 *     no memory.
 *   - EEXIST: a queue of that name exists.
 *   - ENOSPC: too many queues exist already (256).
 */
struct nbl_rxq *nbl_rxq_create(const char *name,
		const struct nbl_rxq_conf *conf);

/**
 * Poll once (owner lcore): drain the return ring, then, if free
 * descriptors are left, take up to min(burst, free) mbufs from the port,
 * refuse invalid ones, fill descriptors and indicate them as one chain.
 * With no free descriptor the port is not polled and a fill stall is
 * counted (backpressure).
 *
 * @return
 *   Number of NBLs indicated by this call.
 */
uint16_t nbl_rxq_poll(struct nbl_rxq *q);

/**
 * Poll once (owner lcore) as nbl_rxq_poll() does, taking at most max
 * mbufs from the port: the burst is min(max, burst, free descriptors).
 * For a caller that must not take more than a budget from the port (a
 * packet limit): what the port keeps stays there for a later poll. With
 * max 0 the return ring is still drained and the poll counted, but the
 * port is not polled and no fill stall is counted.
 *
 * @param q
 *   The queue; called on its owner lcore only.
 * @param max
 *   Most mbufs to take from the port in this call; values above the
 *   queue's burst size act as the burst size.
 * @return
 *   Number of NBLs indicated by this call, at most max. Refused mbufs are
 *   taken from the port but not indicated, so this may be less than what
 *   the port gave.
 */
uint16_t nbl_rxq_poll_max(struct nbl_rxq *q, uint16_t max);

/**
 * Return a chain of NBLs (MiniportReturnNetBufferLists, R4). The chain
 * may mix NBLs from several indications of this queue. Each NBL is checked
 * (nbl_check_return): double and foreign returns are refused and counted,
 * never put on the free list. On the owner lcore the NBLs are recycled at
 * once; on another lcore they are sent through the return ring.
 *
 * @param q
 *   The queue the NBLs were indicated by.
 * @param chain
 *   First NBL, linked by nbl->next, NULL-terminated.
 * @return
 *   Number of NBLs accepted (owner lcore) or enqueued (other lcore).
 */
unsigned int nbl_rxq_return(struct nbl_rxq *q, struct nbl *chain);

/**
 * Remote placement, consumer lcore: take indicated chains from the
 * indication ring and call the indicate callback on this lcore. Chains
 * indicated with RESOURCES are handed back right after the callback.
 *
 * @param max
 *   Most NBLs to take in this call.
 * @return
 *   Number of NBLs passed to the callback.
 */
unsigned int nbl_rxq_consumer_poll(struct nbl_rxq *q, unsigned int max);

/**
 * Take the mbuf out of an indicated NBL so that its return does not free
 * it (io forwarding hands the mbuf to TX). Zero-copy queues only. Inline:
 * io forwarding calls it once per packet.
 *
 * @return
 *   The mbuf, or NULL if the NBL has none (copy mode).
 */
static inline struct rte_mbuf *
nbl_rxq_detach_mbuf(struct nbl *nbl)
{
	struct nb *nb;
	struct rte_mbuf *m;

	if (nbl == NULL || nbl->first_nb == NULL)
		return NULL;
	nb = nbl->first_nb;
	m = nb->mbuf;
	nb->mbuf = NULL;
	return m;
}

/**
 * Stop (owner lcore, after the consumer has stopped and returned what it
 * held): stop polling, drain both rings, take back chains still in the
 * indication ring and, in pool mode, take from the pool again what the
 * returns gave it, so that the free list is as full as after setup.
 *
 * What a successful stop guarantees: all D descriptors are on the free
 * list (nbl_rxq_free_count() is D) in either recycle mode, nothing is
 * indicated, and nbl_rxq_free() may follow.
 *
 * @return
 *   0 when all D descriptors are on the free list;
 *   -EBUSY when the consumer still holds some (the number is logged; the
 *   others are on the free list);
 *   -ENOMEM in pool mode when the NBL (or NB) pool could not give back
 *   what the queue returned to it (nbl_rxq_free_count() says how many
 *   are on the free list; a later poll or stop tries again);
 *   -EINVAL on NULL.
 */
int nbl_rxq_stop(struct nbl_rxq *q);

/**
 * Free the queue: all D NBLs back to the pool (separate NBs dequeued and
 * back to the NB pool first), the descriptor pool freed, rings freed. Call
 * on the owner lcore (the NBLs and NBs go through its caches).
 *
 * @return
 *   0; -EBUSY if NBLs are still out (nothing freed); -EINVAL on NULL.
 */
int nbl_rxq_free(struct nbl_rxq *q);

/**
 * Copy the queue's counters.
 *
 * @return
 *   0; -EINVAL on NULL.
 */
int nbl_rxq_stats_get(const struct nbl_rxq *q, struct nbl_rxq_stats *stats);

/**
 * Copy the queue's hold-time histogram: the indicate-to-return time of
 * every NBL the consumer returned, in TSC cycles (any lcore; see the
 * threading contract above).
 *
 * @param q
 *   The queue.
 * @param h
 *   Receives the copy.
 * @return
 *   0; -EINVAL on NULL; -ENOTSUP when the queue was created with
 *   hold_time_off.
 */
int nbl_rxq_hold_hist_get(const struct nbl_rxq *q, struct nbl_hist *h);

/**
 * The queue's hold times summarised in microseconds: count, p50, p90,
 * p99, p99.9, max and mean (any lcore).
 *
 * @param q
 *   The queue.
 * @param s
 *   Receives the summary (all zero on failure).
 * @return
 *   0; -EINVAL on NULL; -ENOTSUP with hold_time_off; -ENOMEM when no
 *   memory for the copy it summarises.
 */
int nbl_rxq_hold_summary_get(const struct nbl_rxq *q,
		struct nbl_hist_summary *s);

/**
 * Copy the queue's poll-gap histogram: the time between two consecutive
 * polls of the queue by its owner, in TSC cycles (any lcore).
 *
 * @param q
 *   The queue.
 * @param h
 *   Receives the copy.
 * @return
 *   0; -EINVAL on NULL; -ENOTSUP when the queue was created with
 *   poll_gap_off.
 */
int nbl_rxq_poll_gap_hist_get(const struct nbl_rxq *q, struct nbl_hist *h);

/**
 * The TSC at which the owner last polled the queue (any lcore; a relaxed
 * read of a word the owner writes once a poll).
 *
 * @return
 *   The TSC; 0 before the first poll, with poll_gap_off, or on NULL.
 */
uint64_t nbl_rxq_last_poll_tsc(const struct nbl_rxq *q);

/** The queue's configuration (D, recycle mode, port, queue...). */
const struct nbl_rxq_conf *nbl_rxq_get_conf(const struct nbl_rxq *q);

/** The queue's name. */
const char *nbl_rxq_name(const struct nbl_rxq *q);

/** Free descriptors on the queue's free list now. */
uint32_t nbl_rxq_free_count(const struct nbl_rxq *q);

/** Name of a refusal reason, for reports. */
const char *nbl_rxq_refusal_name(enum nbl_rxq_refusal r);

/**
 * Resume polling after nbl_rxq_stop() (owner lcore).
 *
 * @param q
 *   The queue.
 * @return
 *   0; -EINVAL on NULL.
 */
int nbl_rxq_start(struct nbl_rxq *q);

/**
 * Give up a queue that nbl_rxq_free() refused (its consumer still holds
 * NBLs, which stay leaked): the queue leaves the registry of live queues,
 * so no telemetry reader (/nbl/rxqs, /nbl/pending) reaches it any more,
 * and its memory is left to EAL, whose cleanup (rte_eal_cleanup())
 * releases it. Call it, on any thread, before EAL's cleanup for every
 * queue that could not be freed; nothing may use the queue afterwards.
 *
 * @param q
 *   The queue; NULL is a no-op.
 */
void nbl_rxq_abandon(struct nbl_rxq *q);

/**
 * The queue's buffer-descriptor pool (NumberOfDescriptors = D x S), for
 * audits and for NdisRetreat-style descriptor allocations by the owner.
 *
 * @param q
 *   The queue.
 * @return
 *   The pool, or NULL if @p q is NULL.
 */
struct nbl_mdl_pool *nbl_rxq_mdl_pool(const struct nbl_rxq *q);

/**
 * The key a queue has in the /nbl/rxqs telemetry dict: its name with
 * every character telemetry refuses in names (anything but letters,
 * digits, '_' and '/') replaced by '_'. The entry also holds the name
 * itself under "name".
 *
 * @param name
 *   Queue name.
 * @param key
 *   Receives the key, NUL-terminated, truncated to @p size.
 * @param size
 *   Size of @p key.
 */
void nbl_rxq_telemetry_key(const char *name, char *key, size_t size);

/* ----------------------------------------------------------- forensics */

/*
 * Where every NBL is (NDIS !ndiskd.pendingnbls), the returns the queue
 * refused, and burst sizes. None of it adds work per packet: the pending
 * list walks the pool when asked, the refused returns are logged on the
 * path that refuses them, and burst sizes and the NBL history
 * (nbl_pool_params::track_depth) run in a poll and return variant the
 * queue picks per call when they are on.
 */

/** Refused returns a queue logs one by one; later ones are only counted. */
#define NBL_RXQ_VIOLATION_LOG 16

/** An NBL of the queue that the consumer holds now. */
struct nbl_rxq_pending {
	const struct nbl *nbl;     /**< its address */
	/** TSC of the poll that indicated it; 0 when unknown (hold_time_off) */
	uint64_t ind_tsc;
	uint32_t index;            /**< struct nbl::index, in its pool */
	/** its receive descriptor: the slot in the queue's ring of D */
	uint32_t descriptor;
	uint8_t state;             /**< enum nbl_state (INDICATED) */
	uint8_t resources;         /**< 1: indicated with RESOURCES */
	uint16_t pad;
};

/** What nbl_rxq_pending_get() found, all of it, listed or not. */
struct nbl_rxq_pending_summary {
	uint32_t total;            /**< NBLs of the queue the consumer holds */
	uint32_t listed;           /**< of those, written to the list */
	uint32_t timed;            /**< of those, with a known ind_tsc */
	uint32_t pad;
	/** ages (now - ind_tsc) of the timed ones in TSC cycles:
	 *  nearest-rank percentiles and the largest; 0 when none is timed */
	uint64_t age_p50;
	uint64_t age_p90;
	uint64_t age_p99;
	uint64_t age_max;
};

/** A return the queue refused, as it was when refused. */
struct nbl_rxq_violation {
	const struct nbl *nbl;     /**< the NBL's address */
	uint64_t tsc;              /**< TSC when the return was refused */
	/** TSC of the poll that last indicated it, as the NBL carried it;
	 *  0 when unknown (never indicated here, hold_time_off) */
	uint64_t ind_tsc;
	uint32_t index;            /**< struct nbl::index, in its own pool */
	/** its receive descriptor in this queue's ring, or UINT32_MAX when
	 *  it holds none of this queue's */
	uint32_t descriptor;
	/** NBL_VIOL_DOUBLE_RETURN (not INDICATED) or NBL_VIOL_FOREIGN (of
	 *  another pool, or indicated by another queue) */
	uint8_t kind;
	uint8_t state;             /**< the state byte it was found in */
	uint16_t pool_id;          /**< the pool id it carried */
};

/**
 * The NBLs of this queue the consumer holds now, oldest indication
 * first (NDIS !ndiskd.pendingnbls): found by walking the NBL pool's
 * objects for INDICATED ones whose descriptor is the queue's, so it costs
 * nothing until asked. Any lcore; while the queue runs, the list is a
 * moment's view (an NBL may come back while the walk goes on).
 *
 * @param q
 *   The queue.
 * @param now
 *   The TSC ages are measured against (rte_rdtsc(), or the end of a run);
 *   an NBL indicated after it counts as 0 old.
 * @param out
 *   Receives up to @p max entries, oldest first (by indicate TSC, then
 *   index); may be NULL when @p max is 0.
 * @param max
 *   Room in @p out.
 * @param sum
 *   Receives the totals and age percentiles over every NBL found; may be
 *   NULL.
 * @return
 *   The number of entries written; -EINVAL on a NULL queue; -ENOMEM when
 *   no memory for the walk.
 */
int nbl_rxq_pending_get(const struct nbl_rxq *q, uint64_t now,
		struct nbl_rxq_pending *out, unsigned int max,
		struct nbl_rxq_pending_summary *sum);

/**
 * The returns this queue refused (double and foreign returns), the first
 * NBL_RXQ_VIOLATION_LOG of them as they were when refused; the rest are
 * only counted (nbl_rxq_stats: double_returns + foreign_returns). Read it
 * when the owner is not returning (after nbl_rxq_stop), or accept a
 * moment's view.
 *
 * @param q
 *   The queue.
 * @param out
 *   Receives up to @p max entries, in the order they were refused.
 * @param max
 *   Room in @p out.
 * @return
 *   The number written; -EINVAL on NULL.
 */
int nbl_rxq_violations_get(const struct nbl_rxq *q,
		struct nbl_rxq_violation *out, unsigned int max);

/**
 * The history an NBL of the queue's pool had when its return was refused
 * (pools with NBL history, nbl_pool_params::track_depth): the transitions
 * that led to the refusal, oldest first, as nbl_track_get() gave them
 * then. Entry i of nbl_rxq_violations_get().
 *
 * @param q
 *   The queue.
 * @param i
 *   The entry of the log.
 * @param ev
 *   Receives up to @p max events.
 * @param max
 *   Room in @p ev.
 * @return
 *   The number written (0 for an NBL of another pool); -EINVAL on NULL;
 *   -ENOTSUP when the pool keeps no history; -ERANGE when entry i is not
 *   logged.
 */
int nbl_rxq_violation_history(const struct nbl_rxq *q, unsigned int i,
		struct nbl_track_event *ev, unsigned int max);

/**
 * Burst sizes (conf.record_burst_sizes): rx_burst[n] counts the
 * rte_eth_rx_burst calls of the poll that gave n mbufs, indication[n] the
 * indications that carried n NBLs (indication[0] stays 0), for n from 0
 * to the queue's burst B.
 *
 * @param q
 *   The queue.
 * @param rx_burst
 *   Receives min(n, B + 1) counts; may be NULL.
 * @param indication
 *   Receives min(n, B + 1) counts; may be NULL.
 * @param n
 *   Room in each array.
 * @return
 *   B + 1, the number of sizes; -EINVAL on NULL; -ENOTSUP when the queue
 *   does not record them.
 */
int nbl_rxq_burst_sizes_get(const struct nbl_rxq *q, uint64_t *rx_burst,
		uint64_t *indication, unsigned int n);

/**
 * The lcore the consumer runs on: the owner in owner placement; in remote
 * placement the one that first called nbl_rxq_consumer_poll().
 *
 * @return
 *   The lcore id, or LCORE_ID_ANY while unknown or if @p q is NULL.
 */
unsigned int nbl_rxq_consumer_lcore(const struct nbl_rxq *q);

/* --------------------------------------------------- the sizing rule */

/** Largest number of queues in one sizing computation. */
#define NBL_SIZING_MAX_QUEUES 64
/** Largest number of lines a sizing table has. */
#define NBL_SIZING_MAX_LINES (2 * NBL_SIZING_MAX_QUEUES + 3)

/** One RX queue's inputs to the sizing rule. */
struct nbl_sizing_queue {
	uint16_t port_id;
	uint16_t queue_id;
	uint16_t nb_rxd;       /**< PMD ring size */
	/** TX descriptors of the port in all: nb_txd x nb_txq (each TX queue
	 *  may pin up to its ring size of mbufs), e.g. 1024 for nb_txd 512 x
	 *  2 queues; counted once per port (the largest any of its queues
	 *  gives) */
	uint32_t nb_txd;
	uint32_t hold;         /**< H: NBLs the consumer may keep at once */
	uint32_t pinned_mbufs; /**< mbufs the device keeps on its own (tap, pcap infinite_rx) */
	uint32_t descriptors;  /**< D given; 0 = auto */
};

/**
 * One queue's line of the sizing input, as nblpmd and nblpmd-advise both
 * fill it: the queue, its ring, its port's TX descriptors (nb_txq TX
 * queues of nb_txd each), H, D given (0: auto) and what the device pins.
 */
static inline void
nbl_sizing_queue_set(struct nbl_sizing_queue *sq, uint16_t port_id,
		uint16_t queue_id, uint16_t nb_rxd, uint16_t nb_txd,
		uint16_t nb_txq, uint32_t hold, uint32_t descriptors,
		uint32_t pinned_mbufs)
{
	sq->port_id = port_id;
	sq->queue_id = queue_id;
	sq->nb_rxd = nb_rxd;
	sq->nb_txd = (uint32_t)nb_txd * nb_txq;
	sq->hold = hold;
	sq->descriptors = descriptors;
	sq->pinned_mbufs = pinned_mbufs;
}

/** Inputs to the sizing rule
 * (docs/design.md#the-sizing-rule-numberofdescriptors). */
struct nbl_sizing_input {
	uint16_t nb_queues;
	struct nbl_sizing_queue q[NBL_SIZING_MAX_QUEUES];
	uint16_t burst;        /**< B */
	uint16_t max_segs;     /**< S */
	uint32_t lcores;       /**< lcores that touch the pools */
	uint32_t nbl_cache;    /**< NBL pool cache size */
	uint32_t mbuf_cache;   /**< mbuf pool cache size */
	bool copy;             /**< copy mode: mbufs freed at fill time */
	uint32_t pool_count;   /**< NBL pool count given; 0 = auto */
	uint32_t mbuf_count;   /**< mbuf pool count given; 0 = auto */
	bool separate_nb;      /**< NBs from a separate NB pool (R2): one more line */
	uint32_t nb_pool_count; /**< NB pool count given; 0 = auto */
};

/** One line of the sizing table. */
struct nbl_sizing_line {
	char what[64];         /**< e.g. "rx descriptors port 0 queue 0" */
	char rule[96];         /**< the formula with its numbers */
	uint64_t given;        /**< configured (or computed, when auto) */
	uint64_t needed;       /**< minimum by the rule */
	bool is_auto;          /**< given was computed */
	bool ok;               /**< given >= needed */
};

/** The sizing table and the values to use. */
struct nbl_sizing {
	unsigned int nb_lines;
	struct nbl_sizing_line line[NBL_SIZING_MAX_LINES];
	uint32_t descriptors[NBL_SIZING_MAX_QUEUES]; /**< D to use per queue */
	uint32_t mdl_per_queue[NBL_SIZING_MAX_QUEUES]; /**< D x S */
	uint32_t pool_count;   /**< NBL pool count to use */
	uint32_t mbuf_count;   /**< mbuf pool count to use */
	bool ok;               /**< every line's verdict is ok */
	uint32_t nb_pool_count; /**< NB pool count to use (separate_nb), else 0 */
	struct nbl_sizing_input in; /**< the inputs it was computed from */
};

/**
 * Apply the sizing rule: compute what each quantity needs, fill auto
 * values with exactly that, and give a verdict per line.
 *
 * @return
 *   0 when every line is ok; -ENOSPC when a given value is below its
 *   minimum (out says which, with the minimum); -EINVAL on bad input.
 */
int nbl_sizing_compute(const struct nbl_sizing_input *in,
		struct nbl_sizing *out);

/**
 * What the memory estimate needs beyond the sizing rule's counts: the
 * sizes of the objects the pools hold, and what the application keeps per
 * queue.
 */
struct nbl_sizing_objects {
	uint32_t mbuf_data_room;   /**< mbuf data room, headroom included */
	uint32_t nbl_data_size;    /**< NB data area of each NBL (copy mode) */
	uint16_t nbl_context_size; /**< NBL context area */
	/** Page size mempool objects must not cross (rte_mempool: the
	 *  smallest hugepage size, or the system page size with --no-huge);
	 *  0 when they may */
	uint64_t page_size;
	bool remote;               /**< queues have a consumer ring (another lcore) */
	uint32_t app_per_desc;     /**< bytes the application keeps per descriptor */
	uint32_t app_per_queue;    /**< bytes the application keeps per queue */
	/**
	 * EAL memory the application takes beside the rule's pools and
	 * queues that grows with D (nblpmd's replay mbuf pool): bytes for
	 * the largest D of the queues; NULL: none. Counted in
	 * nbl_sizing_memory() (app), so nbl_sizing_fit() leaves room for it.
	 */
	uint64_t (*app_for_d)(uint64_t d_max, const void *arg);
	const void *app_arg;       /**< passed to app_for_d */
};

/** Estimated bytes of EAL memory a sizing takes, by part. */
struct nbl_sizing_memory {
	uint64_t nbl_pool;         /**< NBL pool: objects, ring, caches */
	uint64_t nb_pool;          /**< NB pool (separate NBs), else 0 */
	uint64_t mdl;              /**< every queue's buffer descriptors: pool and array */
	uint64_t mbuf_pool;        /**< mbuf pool, data rooms included */
	uint64_t queues;           /**< every queue's lists, rings and application data */
	uint64_t app;              /**< what objects' app_for_d() gave */
	uint64_t total;
};

/**
 * Estimate the EAL memory (rte_malloc heap) that the pools and queues of a
 * computed sizing take: rte_mempool's object sizes with their headers
 * (rte_mempool_calc_obj_size), rings rounded up to powers of 2, per-lcore
 * cache headers, objects kept within pages as rte_mempool lays them out
 * (rte_mempool_op_calc_mem_size_helper), plus a fixed allowance per
 * allocation for what this estimate does not see (allocator headers,
 * private structs). A pool split over several memory chunks wastes a
 * little more per chunk: callers keep a margin.
 *
 * @param sz
 *   A sizing from nbl_sizing_compute() (its @c in is used).
 * @return
 *   0; -EINVAL on bad input.
 */
int nbl_sizing_memory(const struct nbl_sizing *sz,
		const struct nbl_sizing_objects *obj, struct nbl_sizing_memory *m);

/**
 * Estimated EAL memory of one rte_mempool, as nbl_sizing_memory()
 * estimates the pools of the rule: count objects of elt_size bytes with
 * their headers, laid out within pages of page_size (0: anywhere), its
 * ring, and its per-lcore caches when cache_size is not 0. For the pools
 * an application makes beside the rule's (app_for_d).
 *
 * @param priv_size
 *   The pool's private area (rte_pktmbuf_pool_private for mbufs).
 * @return
 *   Bytes; a huge value (beyond any memory) when count cannot be made.
 */
uint64_t nbl_sizing_mempool_memory(uint64_t count, uint32_t elt_size,
		uint32_t cache_size, uint32_t priv_size, uint64_t page_size);

/** An input a fit search varies. */
enum nbl_sizing_knob {
	NBL_SIZING_KNOB_DESCRIPTORS, /**< D of every queue (all given) */
	NBL_SIZING_KNOB_MAX_SEGS,    /**< S */
	NBL_SIZING_KNOB_POOL_COUNT,  /**< NBL (and NB) pool count */
	NBL_SIZING_KNOB_MBUF_COUNT,  /**< mbuf pool count */
};

/**
 * The largest value of one input, from @p lo to @p hi, with which the
 * sizing rule holds and the memory estimate is at most @p avail bytes;
 * the other inputs stay as in @p in (auto ones follow the rule).
 *
 * @return
 *   0 with *best set; -ENOSPC when no value from lo to hi fits;
 *   -EINVAL on bad input.
 */
int nbl_sizing_fit(const struct nbl_sizing_input *in,
		const struct nbl_sizing_objects *obj, enum nbl_sizing_knob knob,
		uint64_t lo, uint64_t hi, uint64_t avail, uint64_t *best);

#ifdef __cplusplus
}
#endif

#endif /* NBL_RXQ_H */
