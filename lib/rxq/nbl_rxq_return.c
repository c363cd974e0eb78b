/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The return path: every way an NBL comes back to its queue.
 *
 * - nbl_rxq_return() (MiniportReturnNetBufferLists, R4) on the owner
 *   lcore, and on the consumer lcore, where each NBL is checked at the
 *   call and the pointers of those that pass go back through the return
 *   ring (the RESOURCES give-back there too);
 * - the return-ring drain, at every poll (so pool frees happen on the
 *   owner lcore and nothing strands in the consumer lcore's mempool cache);
 * - the RESOURCES take-back (R5), right after the indicate callback;
 * - stop, which takes back what is still in the indication ring.
 *
 * On the owner lcore all of them take each NBL back with
 * rxq_take_back(): one ownership check, then recycle in place or free to
 * the pool, counted in a struct rxq_ret_acc and added to the queue once
 * per call by rxq_ret_flush(). The hold time of what the consumer returns
 * is recorded here too, and only here: by rxq_take_back() on the owner
 * lcore, by rxq_remote_send() on the consumer lcore. The accumulator is a
 * local of the calling function whose address no out-of-line function
 * sees, so its counters, the free list's top and the reuse words stay in
 * registers; the rare paths take their arguments by value and say what
 * happened in their result.
 */

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_pause.h>
#include <rte_prefetch.h>

#include "nbl_rxq_pvt.h"

/** mbufs (and pool-mode NBLs) collected before one bulk free. */
#define RXQ_FREE_BATCH 64
/** The run of a return call before its first timed NBL: no TSC is this. */
#define RXQ_NO_RUN UINT64_MAX

/** One return call's state, added to the queue once at the end. */
struct rxq_ret_acc {
	struct nbl **free_list;     /**< q->free_list */
	uint64_t returned;          /**< pool mode: taken back */
	uint64_t freed;             /**< pool mode: freed to the pool */
	uint64_t dbl;
	uint64_t foreign;
	/* hold times (rxq_hold_note): the TSC of this call, and the run of
	 * NBLs just taken back that were indicated by the same poll, which
	 * is not timed when that poll indicated with RESOURCES */
	uint64_t now;
	uint64_t run_tsc;           /**< RXQ_NO_RUN before the first */
	uint64_t run_start;         /**< NBLs taken when the run began */
	bool run_res;
	uint32_t nb_free;           /**< in place: the free list's top, so
				     *   taken back = nb_free - nb_free0 */
	uint32_t nb_free0;
	unsigned int nb_mbufs;
	unsigned int nb_put;        /**< pool mode: NBLs waiting in put */
	struct rte_mbuf **mbufs;    /**< RXQ_FREE_BATCH, the caller's */
	struct nbl **put;           /**< RXQ_FREE_BATCH, the caller's */
};

/* What the caller's arrays look like; on its stack. */
struct rxq_ret_bufs {
	struct rte_mbuf *mbufs[RXQ_FREE_BATCH];
	struct nbl *put[RXQ_FREE_BATCH]; /**< pool mode: checked, to free */
};

static __rte_always_inline void
rxq_ret_begin(const struct nbl_rxq *q, struct rxq_ret_acc *acc,
		struct rxq_ret_bufs *bufs)
{
	acc->free_list = q->free_list;
	acc->returned = 0;
	acc->freed = 0;
	acc->dbl = 0;
	acc->foreign = 0;
	acc->now = 0;
	acc->run_tsc = RXQ_NO_RUN;
	acc->run_start = 0;
	acc->run_res = false;
	acc->nb_free = q->nb_free;
	acc->nb_free0 = q->nb_free;
	acc->nb_mbufs = 0;
	acc->nb_put = 0;
	acc->mbufs = bufs->mbufs;
	acc->put = bufs->put;
}

/* What rxq_take_back_slow() found (returned in two registers). */
struct rxq_slow {
	struct rte_mbuf *m;         /**< TAKEN: the mbuf to free, or NULL */
	enum {
		RXQ_SLOW_TAKEN,     /**< ours: taken back */
		RXQ_SLOW_DOUBLE,    /**< refused: not INDICATED */
		RXQ_SLOW_FOREIGN,   /**< refused: another pool or queue */
	} what;
};

/*
 * An NBL that did not pass the fast test. Refused when it is not ours:
 * nbl_check_return() finds out why, counting and logging double and
 * foreign returns in the pool; if it accepts, the NBL is of our pool but
 * another queue indicated it, which lib/nbl cannot tell apart (logged for
 * the first of a call): it stays with its own queue, untouched. Otherwise
 * the consumer changed it through lib/nbl (its NB list, context, data
 * start, descriptor chain or lengths) or the fill mapped a multi-segment
 * mbuf: taken, with the mbuf of the queue's NB (wherever the consumer
 * left that NB) and, in place, the NBL reset from scratch with that NB;
 * in pool mode the checked free sees what the consumer left.
 */
static __rte_noinline struct rxq_slow
rxq_take_back_slow(struct nbl_rxq *q, struct nbl *nbl, bool pool_mode,
		bool first_foreign)
{
	struct rxq_slow r = { .m = NULL, .what = RXQ_SLOW_TAKEN };
	const uint8_t state = nbl->state;
	struct nb *nb;
	int rc;

	if (rxq_return_ok(q, nbl)) {
		nb = rxq_rec(nbl)->nb;
		r.m = nb->mbuf;
		if (!pool_mode)
			nbl_reuse_reset(nbl, nb, &q->reuse);
		return r;
	}
	rc = nbl_check_return(q->pool, nbl);
	r.what = rc == -EXDEV ? RXQ_SLOW_FOREIGN : RXQ_SLOW_DOUBLE;
	if (rc == 0) {
		/* Give it back its state: it stays with its own queue. */
		nbl->state = NBL_STATE_INDICATED;
		if (first_foreign)
			RXQ_LOG(WARNING, "%s: return of NBL %p indicated by another queue refused",
				q->name, (void *)nbl);
		r.what = RXQ_SLOW_FOREIGN;
	}
	rxq_log_violation(q, &q->viol, nbl, r.what == RXQ_SLOW_FOREIGN ?
		NBL_VIOL_FOREIGN : NBL_VIOL_DOUBLE_RETURN, state);
	return r;
}

/*
 * Free mbufs (none NULL) as rte_pktmbuf_free_bulk() does, in fewer
 * instructions for what a receive queue gives back. A direct, unshared,
 * single-segment mbuf (refcnt 1, nb_segs 1, no next, no attached or
 * external buffer) is one rte_pktmbuf_prefree_seg() returns unchanged, so
 * it goes back to its pool as it is: a run of them from one pool is one
 * rte_mempool_put_bulk(). Any other mbuf goes through rte_pktmbuf_free().
 * The array is reused for the runs.
 */
void
rxq_mbuf_free_bulk(struct rte_mbuf **mbufs, unsigned int n)
{
	struct rte_mempool *mp = NULL;
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = mbufs[i];
		uint32_t ref_segs;

		ref_segs = rxq_mbuf_ref_segs(m);
		if (unlikely(ref_segs != RXQ_MBUF_ONE_REF_ONE_SEG ||
				!RTE_MBUF_DIRECT(m) || m->next != NULL)) {
			rte_pktmbuf_free(m);
			continue;
		}
		if (unlikely(m->pool != mp)) {
			if (k > 0)
				rte_mempool_put_bulk(mp, (void **)mbufs, k);
			mp = m->pool;
			k = 0;
		}
		mbufs[k++] = m;
	}
	if (k > 0)
		rte_mempool_put_bulk(mp, (void **)mbufs, k);
}

/* Collect an mbuf for the bulk free at the end of the call. Zero-copy
 * NBLs carry one, copy-mode and detached ones none: store it anyway,
 * count it only when there is one. */
static __rte_always_inline void
rxq_ret_mbuf(struct rxq_ret_acc *acc, struct rte_mbuf *m)
{
	acc->mbufs[acc->nb_mbufs] = m;
	acc->nb_mbufs += m != NULL;
	if (unlikely(acc->nb_mbufs == RXQ_FREE_BATCH)) {
		rxq_mbuf_free_bulk(acc->mbufs, RXQ_FREE_BATCH);
		acc->nb_mbufs = 0;
	}
}

/* Separate NBs: is this NB list exactly one NB the queue queued (of its
 * NB pool, queued, alone)? Then it is the queue's to free. */
static __rte_always_inline bool
rxq_nb_ours(const struct nbl_rxq *q, const struct nb *nb)
{
	return nb != NULL && nb->next == NULL && nb->prealloc == 0 &&
		nb->state == NBL_NB_STATE_QUEUED &&
		nb->pool_id == q->nb_pool_id;
}

/* What became of a pool-mode NBL nbl_free_ok() did not pass. */
enum rxq_pool_fate {
	RXQ_POOL_PUT,    /**< ready for the bulk free */
	RXQ_POOL_FREED,  /**< freed by the checked free */
	RXQ_POOL_KEPT,   /**< refused by the free, back on the free list */
};

/*
 * Pool mode, an NBL nbl_free_ok() did not pass. With separate NBs (R2)
 * that is every NBL: its NB is dequeued and freed to the NB pool through
 * this lcore's cache (NdisFreeNetBuffer), then the NBL joins the bulk free
 * like a preallocated one. Anything else the consumer left (another NB
 * queued, context allocated) goes through the checked free, which counts
 * and logs it; a separate NB of ours comes off first so that the free
 * sees the NBL alone, and goes to its pool only once the NBL is gone:
 * nothing is kept half set up. An NBL the free refuses is kept.
 */
static __rte_noinline enum rxq_pool_fate
rxq_ret_to_pool_slow(struct nbl_rxq *q, struct nbl *nbl)
{
	struct nb *nb = NULL;
	bool ours = q->nb_pool != NULL && rxq_nb_ours(q, nbl->first_nb);

	if (ours && nbl->ctx_used == 0) {
		/* HELD and of our NB pool once dequeued: cannot fail. */
		(void)nbl_nb_free(nbl_dequeue_nb(nbl));
		return RXQ_POOL_PUT;
	}
	if (ours)
		nb = nbl_dequeue_nb(nbl);
	if (nbl_free(nbl) != 0) {
		/* Still HELD here: keep it rather than lose it. */
		if (nb != NULL)
			(void)nbl_queue_nb(nbl, nb);
		rxq_attach(q, nbl, q->rec_stack[--q->nb_recs]);
		q->free_list[q->nb_free++] = nbl;
		nbl_track_note(q->pool, &nbl, 1, NBL_CALL_RECYCLE, 0,
			rte_rdtsc());
		return RXQ_POOL_KEPT;
	}
	if (nb != NULL)
		(void)nbl_nb_free(nb);
	return RXQ_POOL_FREED;
}

/**
 * Pool mode: the NBL (HELD again) goes back to the pool through this
 * lcore's cache, in bulk when the call ends (nbl_free_bulk() checks each
 * as nbl_free() does); its record stays with the queue for the next
 * refill. An NBL that was clean and carries its preallocated NB is one
 * nbl_free() takes at once (HELD, of our pool, and no lib/nbl call
 * queued, dequeued or gave it a context), so only the others are looked
 * at first (nbl_free_ok()).
 */
static __rte_always_inline void
rxq_ret_to_pool(struct nbl_rxq *q, struct nbl *nbl, struct rxq_ret_acc *acc,
		bool clean)
{
	q->rec_stack[q->nb_recs++] = rxq_rec(nbl);
	/* It leaves the queue: no record, no indication time (the link was
	 * cleared by the reset). */
	nbl->miniport_reserved[0] = NULL;
	nbl->miniport_reserved[1] = NULL;
	if (q->separate_nb || (unlikely(!clean) && !nbl_free_ok(nbl))) {
		switch (rxq_ret_to_pool_slow(q, nbl)) {
		case RXQ_POOL_KEPT:
			return;
		case RXQ_POOL_FREED:
			acc->freed++;
			return;
		case RXQ_POOL_PUT:
			break;
		}
	}
	acc->put[acc->nb_put++] = nbl;
	if (unlikely(acc->nb_put == RXQ_FREE_BATCH)) {
		nbl_free_bulk(acc->put, RXQ_FREE_BATCH);
		acc->nb_put = 0;
	}
	acc->freed++;
}

/* A run of n NBLs indicated at TSC tsc and given back at now. */
static __rte_noinline void
rxq_hold_record(struct nbl_hist *h, uint64_t now, uint64_t tsc, uint64_t n)
{
	if (h == NULL)
		return;
	nbl_hist_record_n(h, now > tsc ? now - tsc : 0, n);
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

/* NBLs taken back so far in the call: in place the free list's growth,
 * in pool mode the count (both made anyway). */
static __rte_always_inline uint64_t
rxq_taken(const struct rxq_ret_acc *acc, const bool pool_mode)
{
	return pool_mode ? acc->returned : acc->nb_free - acc->nb_free0;
}

/* Record the run that ends here (unless its indication carried
 * RESOURCES: the consumer did not hold those, R5). */
static __rte_always_inline void
rxq_hold_run_end(struct nbl_rxq *q, struct rxq_ret_acc *acc, uint64_t taken)
{
	if (acc->run_tsc != RXQ_NO_RUN && !acc->run_res &&
			taken != acc->run_start)
		rxq_hold_record(q->hold_hist, acc->now, acc->run_tsc,
			taken - acc->run_start);
}

/* A new run begins with this NBL (inline: the accumulator's address
 * must not leave the call, only values go to rxq_hold_record()). */
static __rte_always_inline void
rxq_hold_new_run(struct nbl_rxq *q, struct rxq_ret_acc *acc,
		const struct nbl *nbl, uint64_t t, uint64_t taken)
{
	rxq_hold_run_end(q, acc, taken);
	acc->run_tsc = t;
	acc->run_res = (nbl->flags & NBL_F_RESOURCES) != 0;
	acc->run_start = taken;
}

/**
 * Count an NBL the consumer gave back in the hold-time histogram. NBLs of
 * one indication carry one TSC and usually come back together, so a run of
 * equal TSCs is recorded once, when it ends (rxq_hold_end), with the
 * number the call took back meanwhile: per NBL this is one load and one
 * compare. An indication is RESOURCES for all its NBLs or none, so that
 * is looked at once a run; RESOURCES NBLs are not timed.
 */
static __rte_always_inline void
rxq_hold_note(struct nbl_rxq *q, struct rxq_ret_acc *acc,
		const struct nbl *nbl, const bool pool_mode)
{
	const uint64_t t = rxq_ind_tsc(nbl);

	if (unlikely(t != acc->run_tsc))
		rxq_hold_new_run(q, acc, nbl, t, rxq_taken(acc, pool_mode));
}

/** Record the last run of rxq_hold_note(). */
static __rte_always_inline void
rxq_hold_end(struct nbl_rxq *q, struct rxq_ret_acc *acc,
		const bool pool_mode)
{
	rxq_hold_run_end(q, acc, rxq_taken(acc, pool_mode));
	acc->run_tsc = RXQ_NO_RUN;
}

/**
 * Take one NBL back on the owner lcore. The fast test: ours and as the
 * fill left it (one word of the NBL, one byte of the NB, on the two lines
 * the fill wrote, and the record's address); anything else goes to
 * rxq_take_back_slow(). Then the mbuf collected for one bulk free, HELD
 * again and unlinked (lib/nbl's fast reset: one word and the link) and,
 * in place, back on the free list, or freed to the pool (pool_mode, a
 * constant where the caller knows it). Every return, drain, RESOURCES
 * take-back and stop goes through here. timed (a constant): the consumer
 * returned it on this lcore just now, so its hold time counts (the
 * caller started the call with rxq_hold_start); returns from the consumer
 * lcore were timed there, not at the drain. The caller has read nbl->next
 * already.
 */
static __rte_always_inline void
rxq_take_back(struct nbl_rxq *q, struct nbl *nbl, struct rxq_ret_acc *acc,
		const bool pool_mode, const bool timed)
{
	struct nb *nb = nbl->first_nb;
	struct rte_mbuf *m;
	bool clean;

	clean = nbl_reuse_clean(nbl, nb, &q->reuse) && rxq_rec_ours(q, nbl);
	if (likely(clean)) {
		m = nb->mbuf;
	} else {
		struct rxq_slow r = rxq_take_back_slow(q, nbl, pool_mode,
			acc->foreign == 0);

		switch (r.what) {
		case RXQ_SLOW_DOUBLE:
			acc->dbl++;
			return;
		case RXQ_SLOW_FOREIGN:
			acc->foreign++;
			return;
		case RXQ_SLOW_TAKEN:
			break;
		}
		m = r.m;
	}
	if (timed)
		rxq_hold_note(q, acc, nbl, pool_mode);
	rxq_ret_mbuf(acc, m);
	nbl_reuse_fast(nbl, &q->reuse);
	if (pool_mode) {
		acc->returned++;
		rxq_ret_to_pool(q, nbl, acc, clean);
	} else {
		acc->free_list[acc->nb_free++] = nbl;
	}
}

/* The end of every return call: free what was collected, count once. */
static __rte_always_inline void
rxq_ret_flush(struct nbl_rxq *q, struct rxq_ret_acc *acc,
		const bool pool_mode)
{
	uint64_t returned = acc->returned;

	rxq_hold_end(q, acc, pool_mode);
	if (!pool_mode) {
		q->nb_free = acc->nb_free;
		returned = acc->nb_free - acc->nb_free0;
	}
	if (acc->nb_mbufs > 0)
		rxq_mbuf_free_bulk(acc->mbufs, acc->nb_mbufs);
	if (acc->nb_put > 0)
		nbl_free_bulk(acc->put, acc->nb_put);
	q->stats.returned += returned;
	q->stats.outstanding -= returned;
	q->stats.recycled_inplace += returned - acc->freed;
	q->stats.freed_to_pool += acc->freed;
	if (pool_mode)
		q->nbl_out -= acc->freed;
	if (unlikely(acc->dbl != 0 || acc->foreign != 0)) {
		q->stats.double_returns += acc->dbl;
		q->stats.foreign_returns += acc->foreign;
	}
	acc->returned = returned;
}

/* An array of NBLs, whatever their links say, one recycle mode: not
 * timed (RESOURCES NBLs, what the consumer lcore timed already, what
 * never reached the consumer). */
static __rte_always_inline unsigned int
rxq_take_back_n(struct nbl_rxq *q, struct nbl **arr, unsigned int n,
		const bool pool_mode)
{
	struct rxq_ret_bufs bufs;
	struct rxq_ret_acc acc;
	unsigned int i;

	rxq_ret_begin(q, &acc, &bufs);
	for (i = 0; i < n; i++) {
		if (i + 1 < n)
			nbl_prefetch(arr[i + 1]);
		rxq_take_back(q, arr[i], &acc, pool_mode, false);
	}
	rxq_ret_flush(q, &acc, pool_mode);
	return (unsigned int)acc.returned;
}

/* RESOURCES (R5), owner placement: the NBLs are ours again as soon as
 * the callback returns, whatever the consumer did with the chain links.
 * Also what an indication ring could not take, the drain and stop. */
void
rxq_take_back_array(struct nbl_rxq *q, struct nbl **nbls, unsigned int n)
{
	if (q->pool_mode)
		rxq_take_back_n(q, nbls, n, true);
	else
		rxq_take_back_n(q, nbls, n, false);
}

/* Take back all a ring holds: the return ring at every poll, the
 * indication ring at stop. */
static unsigned int
rxq_drain_ring(struct nbl_rxq *q, struct rte_ring *r)
{
	struct nbl *arr[RXQ_FREE_BATCH];
	unsigned int n, total = 0;

	do {
		n = rte_ring_sc_dequeue_burst(r, (void **)arr,
			RTE_DIM(arr), NULL);
		if (unlikely(q->diag & RXQ_DIAG_TRACK))
			rxq_track_back(q, arr, n, RXQ_TRACK_RECYCLE);
		if (n > 0)
			rxq_take_back_array(q, arr, n);
		total += n;
	} while (n == RTE_DIM(arr));
	return total;
}

unsigned int
rxq_drain_returns(struct nbl_rxq *q)
{
	return rxq_drain_ring(q, q->ret_ring);
}

/* Consumer lcore: send NBL pointers to the owner. The ring holds every
 * descriptor, so the spin only waits when the consumer returns some NBLs
 * more than once; the owner drains the ring at every poll. */
unsigned int
rxq_send_returns(struct nbl_rxq *q, struct nbl **arr, unsigned int n)
{
	unsigned int done = 0;

	while (done < n) {
		unsigned int k = rte_ring_sp_enqueue_burst(q->ret_ring,
			(void **)arr + done, n - done, NULL);

		if (k == 0)
			rte_pause();
		done += k;
	}
	return n;
}

/*
 * The consumer lcore (remote placement). The ownership check of a return
 * made there is made there, at the call, as the owner makes it for a
 * return on its own lcore: the NBL must be INDICATED, of this queue, and
 * held by the consumer, i.e. taken off the indication ring by this lcore
 * (nbl_rxq_consumer_poll() marks its descriptor delivered) and not given
 * back since. The owner takes the NBL back only when it drains the
 * return ring, and may fill and indicate it again before this lcore
 * takes it off the indication ring; its state byte alone cannot tell a
 * second return from a good one then, the delivered mark can, and only
 * this lcore writes it. What passes is unmarked, unlinked, timed in
 * this lcore's histogram, recorded in its history and sent to the owner;
 * what does not is counted and logged here and never sent.
 */

/* Consumer lcore: is this NBL one the consumer holds? */
static __rte_always_inline bool
rxq_remote_ok(const struct nbl_rxq *q, const struct nbl *nbl)
{
	return rxq_return_ok(q, nbl) &&
		q->delivered[rxq_desc_index(q, nbl)] != 0;
}

/*
 * Consumer lcore: a return rxq_remote_ok() refused. Why is decided from
 * what the NBL says now, without writing it (its owner may be filling
 * it): one of this queue's descriptors is a double return, whatever its
 * state byte reads (INDICATED: given back already and not yet taken back
 * by the owner, or indicated again and on its way here; it is the
 * driver's since its return, and logged HELD); one of our pool indicated
 * by another queue, or of another pool, is foreign; one of our pool that
 * no queue holds (back in the pool) is a double return. Counted in the
 * pool as lib/nbl counts a refused nbl_check_return(), except the NBL of
 * another queue, which lib/nbl's check would pass (as on the owner).
 *
 * Returns the link to follow: none after a double return, whose link is
 * the driver's since the consumer gave the NBL back (cleared by the
 * take-back or the free, or linking a new indication: following it would
 * walk into NBLs the consumer never held); the consumer's own after a
 * foreign NBL.
 */
static __rte_noinline struct nbl *
rxq_remote_refuse(struct nbl_rxq *q, const struct nbl *nbl)
{
	struct rxq_remote_refusals *r = &q->rref;
	uint8_t state = __atomic_load_n(&nbl->state, __ATOMIC_RELAXED);
	enum nbl_violation kind = NBL_VIOL_DOUBLE_RETURN;

	if (rxq_rec_ours(q, nbl)) {
		if (state == NBL_STATE_INDICATED)
			state = NBL_STATE_HELD;
		nbl_return_refused(q->pool, nbl, kind);
	} else if (nbl->pool_id != q->pool->id) {
		kind = NBL_VIOL_FOREIGN;
		nbl_return_refused(q->pool, nbl, kind);
	} else if (state == NBL_STATE_INDICATED) {
		kind = NBL_VIOL_FOREIGN;
		if (r->foreign_returns == 0)
			RXQ_LOG(WARNING, "%s: return of NBL %p indicated by another queue refused",
				q->name, (const void *)nbl);
	} else {
		nbl_return_refused(q->pool, nbl, kind);
	}
	if (kind == NBL_VIOL_DOUBLE_RETURN)
		__atomic_store_n(&r->double_returns, r->double_returns + 1,
			__ATOMIC_RELAXED);
	else
		__atomic_store_n(&r->foreign_returns, r->foreign_returns + 1,
			__ATOMIC_RELAXED);
	rxq_log_violation(q, &r->log, nbl, kind, state);
	return kind == NBL_VIOL_FOREIGN ? nbl->next : NULL;
}

/* Consumer lcore: k NBLs that passed the check go to the owner; timed
 * (what the consumer held: not RESOURCES) when the queue measures hold
 * times, at the TSC now. */
static void
rxq_remote_send(struct nbl_rxq *q, struct nbl **ok, unsigned int k,
		uint64_t now, bool timed)
{
	struct nbl_hist *h = q->hold_hist_remote;
	uint64_t run_tsc = 0, run_n = 0;
	unsigned int i;

	if (k == 0)
		return;
	if (timed && h != NULL) {
		for (i = 0; i < k; i++) {
			uint64_t t;

			if (ok[i]->flags & NBL_F_RESOURCES)
				continue;
			t = rxq_ind_tsc(ok[i]);
			if (t != run_tsc) {
				if (run_n != 0)
					rxq_hold_record(h, now, run_tsc, run_n);
				run_tsc = t;
				run_n = 0;
			}
			run_n++;
		}
		if (run_n != 0)
			rxq_hold_record(h, now, run_tsc, run_n);
	}
	/* The return is this lcore's transition: recorded before the owner
	 * can see the NBL (and record its recycle). */
	if (unlikely(q->diag & RXQ_DIAG_TRACK))
		nbl_track_note(q->pool, ok, k, NBL_CALL_RETURN, NBL_STATE_HELD,
			rte_rdtsc());
	rxq_send_returns(q, ok, k);
}

/* Consumer lcore: check one NBL given back; what passes is unmarked,
 * unlinked and added to ok. Returns the link to follow. */
static __rte_always_inline struct nbl *
rxq_remote_check(struct nbl_rxq *q, struct nbl *nbl, struct nbl **ok,
		unsigned int *k)
{
	struct nbl *next;

	if (unlikely(!rxq_remote_ok(q, nbl)))
		return rxq_remote_refuse(q, nbl);
	next = nbl->next;
	q->delivered[rxq_desc_index(q, nbl)] = 0;
	/* unlinked, as a take-back on the owner leaves it: a second return
	 * of it must not walk into NBLs already back */
	nbl->next = NULL;
	ok[(*k)++] = nbl;
	return next;
}

/* Consumer lcore: nbl_rxq_return(). */
static __rte_noinline unsigned int
rxq_return_remote(struct nbl_rxq *q, struct nbl *chain)
{
	struct nbl *ok[RXQ_FREE_BATCH];
	const uint64_t now = q->hold_hist_remote != NULL ? rte_rdtsc() : 0;
	unsigned int k = 0, total = 0;

	while (chain != NULL) {
		struct nbl *next = rxq_remote_check(q, chain, ok, &k);

		if (k == RTE_DIM(ok)) {
			rxq_remote_send(q, ok, k, now, true);
			total += k;
			k = 0;
		}
		chain = next;
	}
	rxq_remote_send(q, ok, k, now, true);
	return total + k;
}

unsigned int
rxq_give_back_remote(struct nbl_rxq *q, struct nbl **arr, unsigned int n)
{
	struct nbl *ok[RXQ_FREE_BATCH];
	unsigned int i, k = 0, total = 0;

	for (i = 0; i < n; i++) {
		rxq_remote_check(q, arr[i], ok, &k);
		if (k == RTE_DIM(ok)) {
			rxq_remote_send(q, ok, k, 0, false);
			total += k;
			k = 0;
		}
	}
	rxq_remote_send(q, ok, k, 0, false);
	return total + k;
}

/* A chain on the owner lcore, one recycle mode, timed when the queue
 * measures hold times (both constants where instantiated). */
static __rte_always_inline unsigned int
rxq_return_chain(struct nbl_rxq *q, struct nbl *chain, const bool pool_mode,
		const bool timed)
{
	struct rxq_ret_bufs bufs;
	struct rxq_ret_acc acc;

	rxq_ret_begin(q, &acc, &bufs);
	if (timed)
		rxq_hold_start(q, &acc);
	while (chain != NULL) {
		/* A refused NBL's link is followed all the same, so it is
		 * read before the NBL is touched. */
		struct nbl *next = chain->next;

		nbl_prefetch(next); /* prefetching NULL does not fault */
		rxq_take_back(q, chain, &acc, pool_mode, timed);
		chain = next;
	}
	rxq_ret_flush(q, &acc, pool_mode);
	return (unsigned int)acc.returned;
}

static __rte_noinline unsigned int
rxq_return_pool(struct nbl_rxq *q, struct nbl *chain)
{
	if (q->hold_hist != NULL)
		return rxq_return_chain(q, chain, true, true);
	return rxq_return_chain(q, chain, true, false);
}

/* In place without hold times (hold_time_off): no note per NBL. */
static __rte_noinline unsigned int
rxq_return_untimed(struct nbl_rxq *q, struct nbl *chain)
{
	return rxq_return_chain(q, chain, false, false);
}

/* Pool mode, or NBL history on (in place, its note per NBL is here, not
 * in the in-place loop): what the call will take is recorded first, while
 * the links are as the consumer left them. */
static __rte_noinline unsigned int
rxq_return_generic(struct nbl_rxq *q, struct nbl *chain)
{
	if (q->diag & RXQ_DIAG_TRACK)
		rxq_track_chain(q, chain, RXQ_TRACK_RETURN | RXQ_TRACK_RECYCLE);
	if (q->pool_mode)
		return rxq_return_pool(q, chain);
	if (q->hold_hist == NULL)
		return rxq_return_untimed(q, chain);
	return rxq_return_chain(q, chain, false, true);
}

unsigned int
nbl_rxq_return(struct nbl_rxq *q, struct nbl *chain)
{
	if (unlikely(q == NULL))
		return 0;
	if (unlikely(rte_lcore_id() != q->owner && q->owner != LCORE_ID_ANY))
		return rxq_return_remote(q, chain);
	if (unlikely(q->ret_generic))
		return rxq_return_generic(q, chain);
	if (unlikely(q->hold_hist == NULL))
		return rxq_return_untimed(q, chain);
	return rxq_return_chain(q, chain, false, true);
}

int
nbl_rxq_stop(struct nbl_rxq *q)
{
	if (q == NULL)
		return -EINVAL;
	q->stopped = 1;
	rxq_drain_returns(q);
	/* Chains still in the indication ring never reached the consumer:
	 * the consumer has stopped, so this lcore may read that ring. */
	if (q->ind_ring != NULL)
		rxq_drain_ring(q, q->ind_ring);
	/* Pool mode: what came back went to the pool; take it again now
	 * rather than at a poll that may never come. */
	if (q->pool_mode && q->nbl_out < q->nb_desc)
		rxq_refill(q);
	if (q->stats.outstanding != 0) {
		RXQ_LOG(WARNING, "%s: stopped with %" PRIu64 " NBLs still out",
			q->name, q->stats.outstanding);
		return -EBUSY;
	}
	if (q->nb_free != q->nb_desc) {
		RXQ_LOG(WARNING, "%s: stopped with %u of %u descriptors: the pool could not give back the rest",
			q->name, q->nb_free, q->nb_desc);
		return -ENOMEM;
	}
	return 0;
}
