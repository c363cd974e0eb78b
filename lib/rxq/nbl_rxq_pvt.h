/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_RXQ_PVT_H
#define NBL_RXQ_PVT_H

/**
 * @file
 * Internals of lib/rxq: the queue structure, logging, the inline mbuf
 * check of the fill, and what the source files call of each other.
 *
 * The files: nbl_rxq.c (create, start, free, the counter table, the
 * getters), nbl_rxq_fill.c (the poll: fill and indicate),
 * nbl_rxq_return.c (every way an NBL comes back, on the owner lcore and
 * on the consumer lcore, and stop), nbl_rxq_remote.c (the consumer
 * lcore's poll), nbl_rxq_diag.c (forensics: burst sizes, NBL history,
 * the logs of refused returns), nbl_rxq_pending.c (the pending list and
 * /nbl/pending), nbl_rxq_telemetry.c (the registry of live queues and
 * /nbl/rxqs), nbl_hist.c (hold-time histograms), nbl_sizing.c (the
 * sizing rule and the memory estimate).
 *
 * Every function here runs on the owner lcore unless it says otherwise.
 */

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "nbl.h"
#include "nbl_hist.h"
#include "nbl_rxq.h"

extern int nbl_rxq_logtype;
#define RXQ_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, nbl_rxq_logtype, "rxq: " fmt "\n", \
		##__VA_ARGS__)

/** Default burst when conf->burst is 0. */
#define NBL_RXQ_DEFAULT_BURST 32
/** Largest number of queues alive at once (telemetry registry). */
#define NBL_RXQ_MAX_QUEUES 256
/**
 * What the queue keeps of one receive descriptor, apart from the NBL
 * object (the NBL, its NB and descriptor 0): the NB it gave the NBL (its
 * preallocated one, or a separate one from the NB pool) and the
 * descriptors for segments 1 .. S-1. An NBL points at its record while
 * it is the queue's (MiniportReserved[0]), and a pointer into the queue's
 * array of records is how a return is known to be this queue's.
 */
struct rxq_rec {
	struct nb *nb;
	struct nbl_mdl **extra;     /**< S-1 descriptors, NULL when S is 1 */
};

/**
 * The returns one lcore refused, the first NBL_RXQ_VIOLATION_LOG as they
 * were (one writer: the owner lcore's log, and in remote placement the
 * consumer lcore's; readers merge the two by time).
 */
struct rxq_viol_log {
	uint32_t n;                 /**< entries written (release/acquire) */
	struct nbl_rxq_violation e[NBL_RXQ_VIOLATION_LOG];
	/** with NBL history: each logged NBL's history when it was refused,
	 *  track depth events per entry (NULL without history) */
	struct nbl_track_event *hist;
	uint8_t nhist[NBL_RXQ_VIOLATION_LOG];
};

/**
 * Remote placement: what the consumer lcore refused at the return call.
 * It writes these; nbl_rxq_stats_get() adds the counts to the owner's.
 */
struct rxq_remote_refusals {
	uint64_t double_returns;
	uint64_t foreign_returns;
	struct rxq_viol_log log;
};

/**
 * A receive queue. Hot fields (read or written per packet by the owner)
 * come first; the consumer-side and configuration fields after.
 */
struct nbl_rxq {
	/* owner lcore, per packet: the fill */
	/** stack of HELD NBLs, D slots; free_list[-1] is a harmless
	 *  address so the fill can prefetch the next entry unconditionally */
	struct nbl **free_list;
	uint32_t nb_free;           /**< entries on free_list */
	uint32_t nb_desc;           /**< D */
	uint16_t port_id;
	uint16_t queue_id;
	uint16_t burst;
	uint16_t max_segs;          /**< S */
	uint8_t copy;
	uint8_t remote;
	uint8_t check_mbufs;
	uint8_t pool_mode;          /**< recycle == NBL_RXQ_RECYCLE_POOL */
	uint8_t stopped;
	/** RXQ_DIAG_* on: the poll runs its forensic variant */
	uint8_t diag;
	uint32_t low_watermark;
	int ts_offset;              /**< RX timestamp dynfield, -1 if none */
	/** the fill's length test: a frame passes when
	 *  pkt_len - len_lo <= len_span (64-bit unsigned), i.e. it is no
	 *  runt (len_lo is an Ethernet header) and fits max_frame (and the
	 *  data area in copy mode); a len_lo above any 32-bit length makes
	 *  every frame go to rxq_classify() (limits below a header) */
	uint64_t len_lo;
	uint64_t len_span;
	uint64_t ts_flag;           /**< RX timestamp ol_flags bit */
	uint32_t max_frame;
	uint32_t data_size;         /**< copy mode: NB data area bytes */

	/* owner lcore, per packet: the return */
	/** what an NBL looks like between uses (lib/nbl's reuse) */
	struct nbl_reuse reuse;
	/** the records, D of them: an NBL whose record lies in
	 *  [recs, recs + D) was attached by this queue */
	struct rxq_rec *recs;
	uintptr_t recs_span;        /**< D x sizeof(struct rxq_rec) */
	unsigned int owner;         /**< lcore of the first poll */
	uint32_t nbl_out;           /**< pool mode: NBLs taken from the pool */
	struct nbl_pool *pool;
	struct rte_ring *ind_ring;  /**< remote: owner -> consumer */
	struct rte_ring *ret_ring;  /**< returns made on the consumer lcore */
	/** pool mode: records of freed NBLs, reattached at refill */
	struct rxq_rec **rec_stack;
	uint32_t nb_recs;
	/** separate NBs (nb_pool set): here, on the line the refill reads,
	 *  so a preallocated queue's refill touches no other line */
	uint8_t separate_nb;
	/** returns go the generic way: pool mode, or NBL history on */
	uint8_t ret_generic;
	/** separate NBs: the NB pool's id, to tell the queue's NBs */
	uint16_t nb_pool_id;
	nbl_rxq_indicate_t indicate;
	void *indicate_arg;
	/** indicate-to-return times of the NBLs the consumer returned on
	 *  the owner lcore (the owner writes); NULL with hold_time_off */
	struct nbl_hist *hold_hist;
	/** remote placement: those of the NBLs returned on the consumer
	 *  lcore, timed at the return call (the consumer lcore writes) */
	struct nbl_hist *hold_hist_remote;
	/** the TSC of the poll under way, and whether its indicate call is
	 *  running: a return made inside that call takes it as its clock
	 *  instead of reading the TSC again (one rdtsc per burst) */
	uint64_t poll_tsc;
	uint8_t in_indicate;
	/** the gaps between polls (owner writes); NULL with poll_gap_off */
	struct nbl_hist *poll_gap_hist;
	/** TSC of the last poll (owner writes, relaxed; others read) */
	uint64_t last_poll_tsc;
	/** the consumer's lcore, once known (nbl_rxq_consumer_lcore) */
	unsigned int consumer;

	struct nbl_rxq_stats stats __rte_cache_aligned; /**< owner writes */

	/* cold */
	/** separate NBs (R2): their pool, NULL when preallocated; read on
	 *  the pool-mode paths only (in place an NB stays on its NBL) */
	struct nbl_nb_pool *nb_pool;
	struct nbl_mdl_pool *mdl_pool;
	struct nbl_mdl **mdls;      /**< D x (S-1) descriptors, S-1 a record */
	struct nbl_rxq_conf conf;   /**< effective configuration */
	int registry_idx;
	char name[64];
	/** record_burst_sizes: counts by size, 0 .. burst (owner writes) */
	uint64_t *burst_rx;
	uint64_t *burst_ind;
	/** returns the owner lcore refused (it writes) */
	struct rxq_viol_log viol;
	/** remote placement: one byte per receive descriptor, set when the
	 *  consumer lcore takes its NBL off the indication ring and cleared
	 *  when the consumer gives it back (the consumer lcore writes; NULL
	 *  in owner placement) */
	uint8_t *delivered;
	/** remote placement: the returns the consumer lcore refused */
	struct rxq_remote_refusals rref __rte_cache_aligned;
};

/** nbl_rxq::diag bits. */
#define RXQ_DIAG_BURSTS 0x01  /**< burst sizes counted */
#define RXQ_DIAG_TRACK  0x02  /**< the pool keeps NBL history */

/* Whether rte_mbuf_check() tests the IO address: only where the mbuf has
 * one (22.11: RTE_IOVA_AS_PA; 23.07 on: RTE_IOVA_IN_MBUF; always before). */
#if defined(RTE_IOVA_IN_MBUF)
#define RXQ_MBUF_CHECK_IOVA RTE_IOVA_IN_MBUF
#elif defined(RTE_IOVA_AS_PA)
#define RXQ_MBUF_CHECK_IOVA RTE_IOVA_AS_PA
#else
#define RXQ_MBUF_CHECK_IOVA 1
#endif

/** refcnt 1 and nb_segs 1, as rxq_mbuf_ref_segs() reads them (the value
 *  is the same in either byte order). */
#define RXQ_MBUF_ONE_REF_ONE_SEG (UINT32_C(1) << 16 | 1)

/** An mbuf's refcnt and nb_segs, adjacent, as one 32-bit word. */
static __rte_always_inline uint32_t
rxq_mbuf_ref_segs(const struct rte_mbuf *m)
{
	uint32_t w;

	RTE_BUILD_BUG_ON(offsetof(struct rte_mbuf, nb_segs) !=
		offsetof(struct rte_mbuf, refcnt) + sizeof(uint16_t));
	memcpy(&w, &m->refcnt, sizeof(w));
	return w;
}

/**
 * The verdict of rte_mbuf_check(m, 1, &reason) for a single-segment mbuf,
 * inline: true when m has one segment (nb_segs 1, no next) and passes
 * every test DPDK 22.11's rte_mbuf_check() makes of such an mbuf: pool
 * set, buf_iova set (IOVA-as-PA builds, as Debian's is), buf_addr set,
 * refcnt neither 0 nor UINT16_MAX, data_len <= pkt_len, data_off <=
 * buf_len, data_off + data_len <= buf_len, and the segment sums (nb_segs
 * - 1 == 0, pkt_len - data_len == 0). With one segment, data_len ==
 * pkt_len covers the first and the last, and data_off + data_len <=
 * buf_len the other two on buf_len.
 *
 * Each test is a compare and a jump that is never taken: fewer
 * instructions than folding them into one branch; the usual refcnt 1 and
 * one segment are one compare. All but next lie in the mbuf's first
 * cache line, which the fill reads anyway (next is in the second, which
 * the free reads anyway).
 *
 * False means "not shown good here": a chained mbuf, or one that fails.
 * The caller then asks rte_mbuf_check() itself for the verdict and the
 * reason (out of line), so nothing it refuses passes, and nothing it
 * accepts is refused. tests/unit/test_rxq.c checks the equivalence on
 * mbufs with each condition broken in turn.
 */
static __rte_always_inline bool
rxq_mbuf_check_fast(const struct rte_mbuf *m)
{
	return (rxq_mbuf_ref_segs(m) == RXQ_MBUF_ONE_REF_ONE_SEG ||
			(m->nb_segs == 1 &&
			 (uint16_t)(rte_mbuf_refcnt_read(m) - 1) <
				UINT16_MAX - 1)) &&
		m->pkt_len == m->data_len &&
		(uint32_t)m->data_off + m->data_len <= m->buf_len &&
		m->buf_addr != NULL &&
#if RXQ_MBUF_CHECK_IOVA
		rte_mbuf_iova_get(m) != 0 &&
#endif
		m->pool != NULL && m->next == NULL;
}

/*
 * NBL scratch used by the queue (driver side, NDIS MiniportReserved):
 * [0] its record in the queue (struct rxq_rec), which also tells the
 * queue the NBL belongs to; [1] the TSC of the poll that indicated it (0
 * with hold_time_off), for the hold-time histogram. Both are in the NBL's
 * first cache line, which the fill and the return touch anyway.
 */

/** The record of an NBL the queue attached. */
static inline struct rxq_rec *
rxq_rec(const struct nbl *nbl)
{
	return (struct rxq_rec *)nbl->miniport_reserved[0];
}

/** Store the TSC of the indicating poll in an NBL. */
static __rte_always_inline void
rxq_set_ind_tsc(struct nbl *nbl, uint64_t tsc)
{
	nbl->miniport_reserved[1] = (void *)(uintptr_t)tsc;
}

/** The TSC of the poll that indicated an NBL. */
static __rte_always_inline uint64_t
rxq_ind_tsc(const struct nbl *nbl)
{
	return (uint64_t)(uintptr_t)nbl->miniport_reserved[1];
}

/** Was this NBL attached by q (its record lies in q's array)? */
static __rte_always_inline bool
rxq_rec_ours(const struct nbl_rxq *q, const struct nbl *nbl)
{
	/* Unsigned: a record below the array (or NULL) wraps and fails. */
	return (uintptr_t)nbl->miniport_reserved[0] - (uintptr_t)q->recs <
		q->recs_span;
}

/**
 * The ownership check of a return (R4): INDICATED and of our pool (lib/nbl
 * reads both in one word), indicated by this queue (its record lies in
 * this queue's array: a second queue may share the pool). The fast path
 * of the return makes it in the same compare as the test for an untouched
 * NBL (nbl_reuse_clean()); an NBL that fails that comes here, and so do
 * the forensics, which record what a return will take.
 */
static __rte_always_inline bool
rxq_return_ok(const struct nbl_rxq *q, const struct nbl *nbl)
{
	return nbl_reuse_owned(nbl, &q->reuse) && rxq_rec_ours(q, nbl);
}

/** The receive descriptor (its record's place in the ring of D) of an
 * NBL of q. */
static inline uint32_t
rxq_desc_index(const struct nbl_rxq *q, const struct nbl *nbl)
{
	return (uint32_t)(rxq_rec(nbl) - q->recs);
}

/* nbl_rxq.c: setup, stop, free, separate NBs */
unsigned int rxq_queue_nbs(struct nbl_rxq *q, struct nbl **nbls,
		unsigned int n);
unsigned int rxq_release_nbs(struct nbl **nbls, unsigned int n);
void rxq_timestamp_lookup(struct nbl_rxq *q);

/* nbl_rxq_telemetry.c: the registry of live queues (any thread) */
int rxq_registry_add(struct nbl_rxq *q);
void rxq_registry_del(struct nbl_rxq *q);
struct nbl_rxq *rxq_registry_find(const char *name);
/** Call cb on the queue of a port and queue id while nobody can free it
 *  (the registry lock held): the telemetry readers. -ENOENT: none. */
int rxq_registry_call(uint16_t port_id, uint16_t queue_id,
		int (*cb)(const struct nbl_rxq *q, void *arg), void *arg);

/* nbl_rxq_fill.c */
void rxq_refill(struct nbl_rxq *q);

/* nbl_rxq_diag.c: forensics, none of it on the default path */
void rxq_log_violation(const struct nbl_rxq *q, struct rxq_viol_log *log,
		const struct nbl *nbl, enum nbl_violation kind, uint8_t state);
void rxq_diag_rx(struct nbl_rxq *q, uint16_t n);
void rxq_diag_indicate(struct nbl_rxq *q, struct nbl **nbls, uint16_t cnt,
		uint64_t tsc);
/** rxq_track_back() calls: given back, and (in place) reset for reuse */
#define RXQ_TRACK_RETURN  0x01
#define RXQ_TRACK_RECYCLE 0x02
void rxq_track_back(struct nbl_rxq *q, struct nbl **nbls, unsigned int n,
		unsigned int calls);
void rxq_track_chain(struct nbl_rxq *q, struct nbl *chain,
		unsigned int calls);
int rxq_diag_setup(struct nbl_rxq *q);
void rxq_diag_free(struct nbl_rxq *q);

/* nbl_rxq_return.c: every way an NBL comes back to the queue */
void rxq_mbuf_free_bulk(struct rte_mbuf **mbufs, unsigned int n);
void rxq_take_back_array(struct nbl_rxq *q, struct nbl **nbls,
		unsigned int n);
unsigned int rxq_drain_returns(struct nbl_rxq *q);
/** Consumer lcore: give back n NBLs of a RESOURCES indication after its
 *  callback (checked as a return is). Returns how many were sent. */
unsigned int rxq_give_back_remote(struct nbl_rxq *q, struct nbl **arr,
		unsigned int n);

/** Prepare an NBL for the queue with the NB it carries now (lib/nbl's
 * reset) and attach it to a record (setup and pool-mode refill). */
static __rte_always_inline void
rxq_attach(struct nbl_rxq *q, struct nbl *nbl, struct rxq_rec *rec)
{
	rec->nb = nbl->first_nb;
	nbl_reuse_reset(nbl, rec->nb, &q->reuse);
	nbl->miniport_reserved[0] = rec;
	nbl->miniport_reserved[1] = NULL;
}

/** Attach an NBL lib/nbl prepared for the queue already
 * (nbl_reuse_alloc_bulk) to a record. */
static __rte_always_inline void
rxq_attach_prepared(struct nbl *nbl, struct rxq_rec *rec)
{
	rec->nb = nbl->first_nb;
	nbl->miniport_reserved[0] = rec;
	nbl->miniport_reserved[1] = NULL;
}

/** Detach an NBL from the queue before it goes back to the pool (or the
 * queue is freed): no record, no link. Its NB is the next allocation's
 * to reset; its link is left alone, so a separate NB the consumer queued
 * is refused by the free. */
static __rte_always_inline void
rxq_detach(struct nbl *nbl)
{
	nbl->next = NULL;
	nbl->miniport_reserved[0] = NULL;
	nbl->miniport_reserved[1] = NULL;
}

#endif /* NBL_RXQ_PVT_H */
