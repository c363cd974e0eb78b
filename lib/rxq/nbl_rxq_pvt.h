/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_RXQ_PVT_H
#define NBL_RXQ_PVT_H

/**
 * @file
 * Internals of lib/rxq: the queue structure, logging, and the per-NBL
 * take-back step shared by the return path, the return-ring drain, the
 * RESOURCES take-back and stop.
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
/** mbufs collected before one rte_pktmbuf_free_bulk() on the return path. */
#define RXQ_FREE_BATCH 64
/** Largest number of queues alive at once (telemetry registry). */
#define NBL_RXQ_MAX_QUEUES 256
/** Bytes of struct nbl reset from the template: pool_id .. timestamp_ns. */
#define RXQ_NBL_TMPL_OFF offsetof(struct nbl, pool_id)
#define RXQ_NBL_TMPL_LEN (offsetof(struct nbl, ctx) - RXQ_NBL_TMPL_OFF)
/** Bytes of struct nb reset from the template: next .. mbuf. */
#define RXQ_NB_TMPL_LEN offsetof(struct nb, data)
/** NBL template bytes as one object, so a loop can keep it in registers. */
struct rxq_nbl_tmpl {
	uint8_t b[RXQ_NBL_TMPL_LEN];
};

/**
 * A receive queue. Hot fields (read or written per packet by the owner)
 * come first; the consumer-side and configuration fields after.
 */
struct nbl_rxq {
	/* owner lcore, per packet */
	/** stack of HELD NBLs, D slots; free_list[-1] is a harmless
	 *  address so the fill can prefetch the next entry unconditionally */
	struct nbl **free_list;
	uint32_t nb_free;           /**< entries on free_list */
	uint32_t nb_desc;           /**< D */
	uint16_t port_id;
	uint16_t queue_id;
	uint16_t burst;
	uint16_t max_segs;          /**< S */
	uint16_t pool_id;           /**< conf.pool->id, for the return check */
	uint8_t copy;
	uint8_t remote;
	uint8_t check_mbufs;
	uint8_t pool_mode;          /**< recycle == NBL_RXQ_RECYCLE_POOL */
	uint8_t stopped;
	/** classify every mbuf: limits below an Ethernet header, which the
	 *  one-compare length check cannot express (check_mbufs has its own
	 *  inline test, rxq_mbuf_check_fast()) */
	uint8_t slow_check;
	uint32_t low_watermark;
	uint32_t max_frame;
	uint32_t data_size;         /**< copy mode: NB data area bytes */
	/** fast length check: a frame passes when
	 *  pkt_len - RTE_ETHER_HDR_LEN <= len_span (unsigned), i.e. it is
	 *  no runt and fits max_frame (and the data area in copy mode) */
	uint32_t len_span;
	int ts_offset;              /**< RX timestamp dynfield, -1 if none */
	uint64_t ts_flag;           /**< its ol_flags bit */
	unsigned int owner;         /**< lcore of the first poll */
	uint32_t nbl_out;           /**< pool mode: NBLs taken from the pool */
	struct nbl_pool *pool;
	struct rte_ring *ind_ring;  /**< remote: owner -> consumer */
	struct rte_ring *ret_ring;  /**< returns made on the consumer lcore */
	/** pool mode: descriptor slots of freed NBLs, reattached at refill */
	struct nbl_mdl ***slot_stack;
	uint32_t nb_slots;
	/** separate NBs (nb_pool set): here, on the line the refill reads,
	 *  so a preallocated queue's refill touches no other line */
	uint8_t separate_nb;
	uint8_t pad1[3];
	nbl_rxq_indicate_t indicate;
	void *indicate_arg;
	/** the descriptor slots (mdls) as an address range: an NBL whose
	 *  slot lies in it was indicated by this queue (rxq_return_ok) */
	uintptr_t slot_base;
	uintptr_t slot_span;
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
	/** templates for the in-place reset (one copy each) */
	struct nbl nbl_tmpl;
	struct nb nb_tmpl;

	struct nbl_rxq_stats stats __rte_cache_aligned; /**< owner writes */

	/* cold */
	/** separate NBs (R2): their pool, NULL when preallocated; read on
	 *  the pool-mode paths only (in place an NB stays on its NBL) */
	struct nbl_nb_pool *nb_pool;
	struct nbl_mdl_pool *mdl_pool;
	struct nbl_mdl **mdls;      /**< D x S descriptors, S per slot */
	struct nbl_rxq_conf conf;   /**< effective configuration */
	int registry_idx;
	char name[64];
};

/* Whether rte_mbuf_check() tests the IO address: only where the mbuf has
 * one (22.11: RTE_IOVA_AS_PA; 23.07 on: RTE_IOVA_IN_MBUF; always before). */
#if defined(RTE_IOVA_IN_MBUF)
#define RXQ_MBUF_CHECK_IOVA RTE_IOVA_IN_MBUF
#elif defined(RTE_IOVA_AS_PA)
#define RXQ_MBUF_CHECK_IOVA RTE_IOVA_AS_PA
#else
#define RXQ_MBUF_CHECK_IOVA 1
#endif

/**
 * The verdict of rte_mbuf_check(m, 1, &reason) for a single-segment mbuf,
 * inline and with one branch: true when m has one segment (nb_segs 1, no
 * next) and passes every test DPDK 22.11's rte_mbuf_check() makes of such
 * an mbuf: pool set, buf_iova set (IOVA-as-PA builds, as Debian's is),
 * buf_addr set, refcnt neither 0 nor UINT16_MAX, data_len <= pkt_len,
 * data_off <= buf_len, data_off + data_len <= buf_len, and the segment
 * sums (nb_segs - 1 == 0, pkt_len - data_len == 0). With one segment,
 * data_len == pkt_len covers the first and the last, and data_off +
 * data_len <= buf_len the other two on buf_len.
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
	/* One segment and lengths that add up: zero when all hold. */
	const uint64_t shape = (uintptr_t)m->next |
		(uint32_t)(m->nb_segs ^ 1) | (m->pkt_len ^ m->data_len);
	const uint16_t cnt = rte_mbuf_refcnt_read(m);
	bool ok;

	/* Bitwise & keeps this one branch: the fields share the mbuf's
	 * first cache line (next is in the second, which the free reads
	 * anyway). */
	ok = (shape == 0) & (m->pool != NULL) & (m->buf_addr != NULL) &
		((uint16_t)(cnt - 1) < UINT16_MAX - 1) &
		((uint32_t)m->data_off + m->data_len <= m->buf_len);
#if RXQ_MBUF_CHECK_IOVA
	ok &= rte_mbuf_iova_get(m) != 0;
#endif
	return ok;
}

/** Return counts kept in locals during a call, added once at the end. */
struct rxq_ret_acc {
	uint64_t returned;
	uint64_t recycled;
	uint64_t freed;
	uint64_t dbl;
	uint64_t foreign;
	/* hold times (rxq_hold_note): the TSC of this call, and the run of
	 * NBLs just taken back that were indicated by the same poll */
	uint64_t now;
	uint64_t run_tsc;
	uint64_t run_n;
	unsigned int nb_mbufs;
	unsigned int nb_put;        /**< pool mode: NBLs waiting in put */
	struct rte_mbuf *mbufs[RXQ_FREE_BATCH];
	struct nbl *put[RXQ_FREE_BATCH]; /**< pool mode: checked, to free */
};

/** Zero the counters of an accumulator (the arrays need no init). */
static inline void
rxq_ret_acc_init(struct rxq_ret_acc *acc)
{
	memset(acc, 0, offsetof(struct rxq_ret_acc, mbufs));
}

/*
 * NBL scratch used by the queue (driver side, NDIS MiniportReserved):
 * [0] the descriptor slot, which also tells the queue the NBL belongs to
 * (a slot lies in that queue's mdls array); [1] the TSC of the poll that
 * indicated it (0 with hold_time_off), for the hold-time histogram. Both
 * are in the NBL's first cache line, which the fill and the return write
 * anyway.
 */

/** Descriptor slot (array of S descriptors) an NBL carries while HELD. */
static inline struct nbl_mdl **
rxq_slot(const struct nbl *nbl)
{
	return (struct nbl_mdl **)nbl->miniport_reserved[0];
}

/** Was this NBL attached by q (its slot lies in q's slot range)? */
static __rte_always_inline bool
rxq_slot_ours(uintptr_t base, uintptr_t span, const struct nbl *nbl)
{
	/* unsigned: a slot below base (or NULL) wraps and fails too */
	return (uintptr_t)nbl->miniport_reserved[0] - base < span;
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

void rxq_ret_refused(struct nbl_rxq *q, struct nbl *nbl,
		struct rxq_ret_acc *acc);
void rxq_hold_record(struct nbl_hist *h, uint64_t now, uint64_t tsc,
		uint64_t n);
void rxq_ret_free_mbufs(struct rxq_ret_acc *acc);
void rxq_ret_put(struct rxq_ret_acc *acc);
void rxq_ret_to_pool_nb(struct nbl_rxq *q, struct nbl *nbl,
		struct rxq_ret_acc *acc);
__rte_cold void rxq_ret_to_pool_slow(struct nbl_rxq *q, struct nbl *nbl,
		struct rxq_ret_acc *acc);
unsigned int rxq_queue_nbs(struct nbl_rxq *q, struct nbl **nbls,
		unsigned int n);
unsigned int rxq_release_nbs(struct nbl **nbls, unsigned int n);
void rxq_ret_flush(struct nbl_rxq *q, struct rxq_ret_acc *acc);
unsigned int rxq_drain_returns(struct nbl_rxq *q);
unsigned int rxq_send_returns(struct nbl_rxq *q, struct nbl **arr,
		unsigned int n);
void rxq_timestamp_lookup(struct nbl_rxq *q);
int rxq_registry_add(struct nbl_rxq *q);
void rxq_registry_del(struct nbl_rxq *q);
struct nbl_rxq *rxq_registry_find(const char *name);

/** Reset an NBL and its NB from the templates and attach it to the queue
 * (setup and pool-mode refill). */
static __rte_always_inline void
rxq_attach(struct nbl_rxq *q, struct nbl *nbl, struct nbl_mdl **slot)
{
	nbl->next = NULL;
	memcpy((uint8_t *)nbl + RXQ_NBL_TMPL_OFF,
		(const uint8_t *)&q->nbl_tmpl + RXQ_NBL_TMPL_OFF,
		RXQ_NBL_TMPL_LEN);
	memcpy(nbl->first_nb, &q->nb_tmpl, RXQ_NB_TMPL_LEN);
	nbl->miniport_reserved[0] = slot;
	nbl->miniport_reserved[1] = NULL;
}

/** Detach an NBL from the queue before it goes back to the pool (or the
 * queue is freed): no queue, no slot, an empty NB. The NB's link is left
 * alone, so a separate NB the consumer queued is refused by the free. */
static __rte_always_inline void
rxq_detach(struct nbl *nbl)
{
	struct nb *nb = nbl->first_nb;

	nbl->next = NULL;
	nbl->miniport_reserved[0] = NULL;
	nbl->miniport_reserved[1] = NULL;
	nb->mdl_chain = NULL;
	nb->cur_mdl = NULL;
	nb->cur_mdl_offset = 0;
	nb->data_offset = 0;
	nb->data_len = 0;
	nb->mbuf = NULL;
}

/**
 * Pool mode: would nbl_free() take this detached NBL at once? The return
 * checks have shown it HELD and of our pool (alive while the queue is);
 * what is left of __nbl_free_check() is what the consumer may have left
 * behind: context allocated, its NB swapped or another NB queued. An NBL
 * with a separate NB fails it too (its NB must go first), so the
 * preallocated case pays nothing for separate NBs.
 */
static __rte_always_inline bool
rxq_free_ok(const struct nbl *nbl)
{
	const struct nb *nb = nbl->first_nb;

	return nbl->ctx_used == 0 && nb == (const struct nb *)(nbl + 1) &&
		nb->next == NULL;
}

/** Separate NBs: is this NB list exactly one NB the queue queued (of
 * its NB pool, queued, alone)? Then it is the queue's to free. */
static __rte_always_inline bool
rxq_nb_ours(const struct nbl_rxq *q, const struct nb *nb)
{
	return nb != NULL && nb->next == NULL && nb->prealloc == 0 &&
		nb->state == NBL_NB_STATE_QUEUED &&
		nb->pool_id == q->nb_tmpl.pool_id;
}

/** Pool mode with separate NBs: the NBL carries only the queue's NB and
 * no context, so once that NB is dequeued nbl_free() takes it at once. */
static __rte_always_inline bool
rxq_nb_free_ok(const struct nbl_rxq *q, const struct nbl *nbl)
{
	return nbl->ctx_used == 0 && rxq_nb_ours(q, nbl->first_nb);
}

/**
 * Pool mode: the NBL goes back to the pool through this lcore's cache, in
 * bulk when the call ends; its descriptor slot stays with the queue for
 * the next refill. A separate NB is dequeued and freed to its NB pool
 * first (rxq_ret_to_pool_nb).
 */
static __rte_always_inline void
rxq_ret_to_pool(struct nbl_rxq *q, struct nbl *nbl, struct rxq_ret_acc *acc)
{
	q->slot_stack[q->nb_slots++] = rxq_slot(nbl);
	rxq_detach(nbl);
	if (unlikely(!rxq_free_ok(nbl))) {
		rxq_ret_to_pool_nb(q, nbl, acc);
		return;
	}
	acc->put[acc->nb_put++] = nbl;
	if (unlikely(acc->nb_put == RXQ_FREE_BATCH))
		rxq_ret_put(acc);
	q->nbl_out--;
	acc->freed++;
}

/**
 * In-place reset of a taken-back NBL: one template copy of the NBL fields
 * the consumer may have changed (state back to HELD, flags, status,
 * context, timestamp, source), its link cleared (a second return of the
 * same NBL must not walk into NBLs already back), and the NBL goes back on
 * the free list. The NB's descriptor chain, offsets, length and mbuf are
 * written by every fill before anyone sees them again, so they are not
 * reset; the NB's link is cleared only if the consumer left another NB
 * queued (a load is cheaper than a store).
 */
static __rte_always_inline void
rxq_recycle(struct nbl **free_list, uint32_t *nb_free, struct nbl *nbl,
		struct nb *nb, const struct rxq_nbl_tmpl *tmpl)
{
	nbl->next = NULL;
	memcpy((uint8_t *)nbl + RXQ_NBL_TMPL_OFF, tmpl, sizeof(*tmpl));
	if (unlikely(nb->next != NULL))
		nb->next = NULL;
	free_list[(*nb_free)++] = nbl;
}

/** The ownership checks of a return (R4), all expected to pass: INDICATED
 * (one byte compare), of our pool, indicated by this queue (a second queue
 * may share the pool: its slot is in our range). On failure
 * rxq_ret_refused() finds out which. */
static __rte_always_inline bool
rxq_return_ok(const struct nbl_rxq *q, const struct nbl *nbl)
{
	return nbl->state == NBL_STATE_INDICATED &&
		nbl->pool_id == q->pool_id &&
		rxq_slot_ours(q->slot_base, q->slot_span, nbl);
}

/**
 * The clock of a return call on the owner lcore: inside the indicate call
 * of a poll, that poll's TSC (the clock is per burst: NBLs given back
 * before the indicate call returns count as held 0 and the rxonly path
 * reads the TSC once per burst); elsewhere the TSC now.
 */
static __rte_always_inline uint64_t
rxq_return_clock(const struct nbl_rxq *q)
{
	return q->in_indicate ? q->poll_tsc : rte_rdtsc();
}

/** Start timing the returns of one call on the owner lcore. */
static __rte_always_inline void
rxq_hold_start(const struct nbl_rxq *q, struct rxq_ret_acc *acc)
{
	if (q->hold_hist != NULL)
		acc->now = rxq_return_clock(q);
}

/**
 * Count an NBL the consumer gave back in the hold-time histogram. NBLs of
 * one indication carry one TSC and usually come back together, so a run of
 * equal TSCs is recorded once, when it ends (rxq_hold_end): per NBL this is
 * one compare and one add. RESOURCES NBLs are not timed: the consumer did
 * not hold them (R5).
 */
static __rte_always_inline void
rxq_hold_note(struct nbl_rxq *q, struct rxq_ret_acc *acc,
		const struct nbl *nbl)
{
	const uint64_t t = rxq_ind_tsc(nbl);

	if (unlikely((nbl->flags & NBL_F_RESOURCES) != 0))
		return;
	if (unlikely(t != acc->run_tsc)) {
		if (acc->run_n != 0)
			rxq_hold_record(q->hold_hist, acc->now, acc->run_tsc,
				acc->run_n);
		acc->run_tsc = t;
		acc->run_n = 0;
	}
	acc->run_n++;
}

/** Record the last run of rxq_hold_note(). */
static __rte_always_inline void
rxq_hold_end(struct nbl_rxq *q, struct rxq_ret_acc *acc)
{
	if (acc->run_n != 0)
		rxq_hold_record(q->hold_hist, acc->now, acc->run_tsc,
			acc->run_n);
	acc->run_n = 0;
}

/**
 * Take one NBL back on the owner lcore: ownership check, then recycle in
 * place or free to the pool. Used by the return-ring drain, the pool-mode
 * return, the RESOURCES take-back and stop; nbl_rxq_return() has its own
 * loop with the same steps. The caller has read nbl->next already. timed
 * (a constant): the consumer returned it on this lcore just now, so its
 * hold time counts (rxq_hold_note; the caller ends with rxq_hold_end).
 * Returns from the consumer lcore were timed there, not at the drain.
 */
static __rte_always_inline void
rxq_take_back(struct nbl_rxq *q, struct nbl *nbl, struct rxq_ret_acc *acc,
		const bool timed)
{
	struct nb *nb;
	struct rte_mbuf *m;

	if (unlikely(!rxq_return_ok(q, nbl))) {
		rxq_ret_refused(q, nbl, acc);
		return;
	}
	if (timed)
		rxq_hold_note(q, acc, nbl);
	nbl->state = NBL_STATE_HELD;
	acc->returned++;
	nb = nbl->first_nb;
	m = nb->mbuf;
	if (m != NULL) {
		acc->mbufs[acc->nb_mbufs++] = m;
		if (unlikely(acc->nb_mbufs == RXQ_FREE_BATCH))
			rxq_ret_free_mbufs(acc);
	}
	if (unlikely(q->pool_mode)) {
		rxq_ret_to_pool(q, nbl, acc);
		return;
	}
	rxq_recycle(q->free_list, &q->nb_free, nbl, nb,
		(const struct rxq_nbl_tmpl *)((const uint8_t *)&q->nbl_tmpl +
			RXQ_NBL_TMPL_OFF));
	acc->recycled++;
}

#endif /* NBL_RXQ_PVT_H */
