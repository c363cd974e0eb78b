/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The return path: every way an NBL comes back to its queue.
 *
 * - nbl_rxq_return() (MiniportReturnNetBufferLists, R4) on the owner
 *   lcore, and on the consumer lcore, where the NBL pointers go back
 *   through the return ring;
 * - the return-ring drain, at every poll (so pool frees happen on the
 *   owner lcore and nothing strands in the consumer lcore's mempool cache);
 * - the RESOURCES take-back (R5), right after the indicate callback;
 * - stop, which takes back what is still in the indication ring.
 *
 * All of them take each NBL back with rxq_take_back(): one ownership
 * check, then recycle in place or free to the pool, counted in a
 * struct rxq_ret_acc and added to the queue once per call by
 * rxq_ret_flush(). The hold time of what the consumer returns is recorded
 * here too, and only here: by rxq_take_back() on the owner lcore, by
 * rxq_return_remote() on the consumer lcore.
 */

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_pause.h>
#include <rte_prefetch.h>

#include "nbl_rxq_pvt.h"

/** mbufs (and pool-mode NBLs) collected before one bulk free. */
#define RXQ_FREE_BATCH 64

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

static __rte_noinline void
rxq_ret_free_mbufs(struct rxq_ret_acc *acc)
{
	rte_pktmbuf_free_bulk(acc->mbufs, acc->nb_mbufs);
	acc->nb_mbufs = 0;
}

/* Pool mode: put the NBLs collected in acc back in the pool at once. */
static __rte_noinline void
rxq_ret_put(struct rxq_ret_acc *acc)
{
	unsigned int n = acc->nb_put;

	acc->nb_put = 0;
	/* Each passed nbl_free_ok(), so none is refused. */
	nbl_free_bulk(acc->put, n);
}

/**
 * The ownership check of a return (R4), all expected to pass: INDICATED
 * (one byte compare), of our pool, indicated by this queue (a second
 * queue may share the pool: its slot is in our range). On failure
 * rxq_ret_refused() finds out which. The only place the queue checks a
 * returned NBL.
 */
static __rte_always_inline bool
rxq_return_ok(const struct nbl_rxq *q, const struct nbl *nbl)
{
	return nbl->state == NBL_STATE_INDICATED &&
		nbl->pool_id == q->pool_id &&
		rxq_slot_ours(q->slot_base, q->slot_span, nbl);
}

/* A refused return: find out why with nbl_check_return(), which counts
 * and logs double and foreign returns in the pool; if it accepts, the NBL
 * is of our pool but another queue indicated it, which lib/nbl cannot
 * tell apart. Never touches the free list. */
static __rte_noinline void
rxq_ret_refused(struct nbl_rxq *q, struct nbl *nbl, struct rxq_ret_acc *acc)
{
	int rc = nbl_check_return(q->pool, nbl);

	if (rc == 0) {
		/* Give it back its state: it stays with its own queue. */
		nbl->state = NBL_STATE_INDICATED;
		if (acc->foreign == 0)
			RXQ_LOG(WARNING, "%s: return of NBL %p indicated by another queue refused",
				q->name, (void *)nbl);
		acc->foreign++;
	} else if (rc == -EXDEV) {
		acc->foreign++;
	} else {
		acc->dbl++;
	}
}

/** Separate NBs: is this NB list exactly one NB the queue queued (of
 * its NB pool, queued, alone)? Then it is the queue's to free. */
static __rte_always_inline bool
rxq_nb_ours(const struct nbl_rxq *q, const struct nb *nb)
{
	return nb != NULL && nb->next == NULL && nb->prealloc == 0 &&
		nb->state == NBL_NB_STATE_QUEUED &&
		nb->pool_id == q->nb_pool_id;
}

/* Pool mode, an NBL that nbl_free() may refuse (another NB queued,
 * context left allocated): the checked free counts and logs it. A
 * separate NB of ours comes off first so that the free sees the NBL
 * alone, and goes to its pool only once the NBL is gone: nothing is kept
 * half set up. */
static __rte_noinline void
rxq_ret_to_pool_slow(struct nbl_rxq *q, struct nbl *nbl,
		struct rxq_ret_acc *acc)
{
	struct nb *nb = NULL;

	if (q->nb_pool != NULL && rxq_nb_ours(q, nbl->first_nb))
		nb = nbl_dequeue_nb(nbl);
	if (nbl_free(nbl) != 0) {
		/* Still HELD here: keep it rather than lose it. */
		if (nb != NULL)
			(void)nbl_queue_nb(nbl, nb);
		rxq_attach(q, nbl, q->slot_stack[--q->nb_slots]);
		q->free_list[q->nb_free++] = nbl;
		acc->recycled++;
		return;
	}
	if (nb != NULL)
		(void)nbl_nb_free(nb);
	q->nbl_out--;
	acc->freed++;
}

/*
 * Pool mode, an NBL nbl_free_ok() did not pass. With separate NBs (R2)
 * that is every NBL: its NB is dequeued and freed to the NB pool through
 * this lcore's cache (NdisFreeNetBuffer), then the NBL joins the bulk free
 * like a preallocated one. Anything else the consumer left goes to the
 * slow path.
 */
static __rte_noinline void
rxq_ret_to_pool_nb(struct nbl_rxq *q, struct nbl *nbl,
		struct rxq_ret_acc *acc)
{
	if (q->nb_pool == NULL || nbl->ctx_used != 0 ||
			!rxq_nb_ours(q, nbl->first_nb)) {
		rxq_ret_to_pool_slow(q, nbl, acc);
		return;
	}
	/* HELD and of our NB pool once dequeued: the free cannot fail. */
	(void)nbl_nb_free(nbl_dequeue_nb(nbl));
	acc->put[acc->nb_put++] = nbl;
	if (unlikely(acc->nb_put == RXQ_FREE_BATCH))
		rxq_ret_put(acc);
	q->nbl_out--;
	acc->freed++;
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
	if (unlikely(!nbl_free_ok(nbl))) {
		rxq_ret_to_pool_nb(q, nbl, acc);
		return;
	}
	acc->put[acc->nb_put++] = nbl;
	if (unlikely(acc->nb_put == RXQ_FREE_BATCH))
		rxq_ret_put(acc);
	q->nbl_out--;
	acc->freed++;
}

/* In place: lib/nbl's fast reset, and back on the free list. */
static __rte_always_inline void
rxq_recycle(struct nbl_rxq *q, struct nbl *nbl, struct nb *nb)
{
	nbl_reuse_fast(nbl, nb, &q->reuse);
	q->free_list[q->nb_free++] = nbl;
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

/**
 * Count an NBL the consumer gave back in the hold-time histogram. NBLs of
 * one indication carry one TSC and usually come back together, so a run of
 * equal TSCs is recorded once, when it ends (rxq_hold_end): per NBL this is
 * one compare and one add. RESOURCES NBLs are not timed: the consumer did
 * not hold them (R5). With hold_time_off every TSC is 0 and no run ends.
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
 * Take one NBL back on the owner lcore: the ownership check, the mbuf
 * collected for one bulk free, then recycle in place or free to the pool
 * (pool_mode, a constant where the caller knows it). Every return, drain,
 * RESOURCES take-back and stop goes through here. timed (a constant): the
 * consumer returned it on this lcore just now, so its hold time counts
 * (the caller started the call with rxq_hold_start); returns from the
 * consumer lcore were timed there, not at the drain. The caller has read
 * nbl->next already.
 */
static __rte_always_inline void
rxq_take_back(struct nbl_rxq *q, struct nbl *nbl, struct rxq_ret_acc *acc,
		const bool pool_mode, const bool timed)
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
	/* Zero-copy NBLs carry an mbuf, copy-mode and detached ones none:
	 * store it anyway, count it only when there is one. */
	m = nb->mbuf;
	acc->mbufs[acc->nb_mbufs] = m;
	acc->nb_mbufs += m != NULL;
	if (unlikely(acc->nb_mbufs == RXQ_FREE_BATCH))
		rxq_ret_free_mbufs(acc);
	if (pool_mode) {
		rxq_ret_to_pool(q, nbl, acc);
		return;
	}
	rxq_recycle(q, nbl, nb);
	acc->recycled++;
}

/* The end of every return call: free what was collected, count once. */
static void
rxq_ret_flush(struct nbl_rxq *q, struct rxq_ret_acc *acc)
{
	rxq_hold_end(q, acc);
	if (acc->nb_mbufs > 0)
		rxq_ret_free_mbufs(acc);
	if (acc->nb_put > 0)
		rxq_ret_put(acc);
	q->stats.returned += acc->returned;
	q->stats.outstanding -= acc->returned;
	q->stats.recycled_inplace += acc->recycled;
	q->stats.freed_to_pool += acc->freed;
	if (unlikely(acc->dbl != 0 || acc->foreign != 0)) {
		q->stats.double_returns += acc->dbl;
		q->stats.foreign_returns += acc->foreign;
	}
}

/* An array of NBLs, whatever their links say: not timed (RESOURCES
 * NBLs, what the consumer lcore timed already, what never reached the
 * consumer). */
static __rte_always_inline void
rxq_take_back_n(struct nbl_rxq *q, struct nbl **arr, unsigned int n,
		struct rxq_ret_acc *acc)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (i + 1 < n)
			rte_prefetch0(arr[i + 1]);
		if (q->pool_mode)
			rxq_take_back(q, arr[i], acc, true, false);
		else
			rxq_take_back(q, arr[i], acc, false, false);
	}
}

/* RESOURCES (R5), owner placement: the NBLs are ours again as soon as
 * the callback returns, whatever the consumer did with the chain links.
 * Also what an indication ring could not take. */
void
rxq_take_back_array(struct nbl_rxq *q, struct nbl **nbls, unsigned int n)
{
	struct rxq_ret_acc acc;

	rxq_ret_acc_init(&acc);
	rxq_take_back_n(q, nbls, n, &acc);
	rxq_ret_flush(q, &acc);
}

unsigned int
rxq_drain_returns(struct nbl_rxq *q)
{
	struct nbl *arr[RXQ_FREE_BATCH];
	struct rxq_ret_acc acc;
	unsigned int n, total = 0;

	rxq_ret_acc_init(&acc);
	do {
		n = rte_ring_sc_dequeue_burst(q->ret_ring, (void **)arr,
			RTE_DIM(arr), NULL);
		rxq_take_back_n(q, arr, n, &acc);
		total += n;
	} while (n == RTE_DIM(arr));
	rxq_ret_flush(q, &acc);
	return total;
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

/* Consumer lcore: time what it returns (its own histogram, one writer),
 * then send the pointers to the owner. Only NBLs still INDICATED and
 * without RESOURCES are timed: the owner refuses the others. */
static __rte_noinline unsigned int
rxq_return_remote(struct nbl_rxq *q, struct nbl *chain)
{
	struct nbl *arr[RXQ_FREE_BATCH];
	struct nbl_hist *h = q->hold_hist_remote;
	unsigned int n = 0, total = 0;
	uint64_t now = 0, run_tsc = 0, run_n = 0;

	if (h != NULL)
		now = rte_rdtsc();
	while (chain != NULL) {
		/* Read the link before the owner can see (and reuse) it. */
		arr[n++] = chain;
		if (h != NULL && chain->state == NBL_STATE_INDICATED &&
				(chain->flags & NBL_F_RESOURCES) == 0) {
			uint64_t t = rxq_ind_tsc(chain);

			if (t != run_tsc) {
				if (run_n != 0)
					rxq_hold_record(h, now, run_tsc,
						run_n);
				run_tsc = t;
				run_n = 0;
			}
			run_n++;
		}
		chain = chain->next;
		if (n == RTE_DIM(arr)) {
			total += rxq_send_returns(q, arr, n);
			n = 0;
		}
	}
	if (run_n != 0)
		rxq_hold_record(h, now, run_tsc, run_n);
	if (n > 0)
		total += rxq_send_returns(q, arr, n);
	return total;
}

/* A chain on the owner lcore, one recycle mode, timed. */
static __rte_always_inline unsigned int
rxq_return_chain(struct nbl_rxq *q, struct nbl *chain, const bool pool_mode)
{
	struct rxq_ret_acc acc;

	rxq_ret_acc_init(&acc);
	rxq_hold_start(q, &acc);
	while (chain != NULL) {
		/* A refused NBL's link is followed all the same, so it is
		 * read before the NBL is touched. */
		struct nbl *next = chain->next;

		rte_prefetch0(next); /* prefetching NULL does not fault */
		rxq_take_back(q, chain, &acc, pool_mode, true);
		chain = next;
	}
	rxq_ret_flush(q, &acc);
	return acc.returned;
}

static __rte_noinline unsigned int
rxq_return_pool(struct nbl_rxq *q, struct nbl *chain)
{
	return rxq_return_chain(q, chain, true);
}

unsigned int
nbl_rxq_return(struct nbl_rxq *q, struct nbl *chain)
{
	if (unlikely(q == NULL))
		return 0;
	if (unlikely(rte_lcore_id() != q->owner && q->owner != LCORE_ID_ANY))
		return rxq_return_remote(q, chain);
	if (unlikely(q->pool_mode))
		return rxq_return_pool(q, chain);
	return rxq_return_chain(q, chain, false);
}

int
nbl_rxq_stop(struct nbl_rxq *q)
{
	struct nbl *arr[RXQ_FREE_BATCH];
	unsigned int n;

	if (q == NULL)
		return -EINVAL;
	q->stopped = 1;
	rxq_drain_returns(q);
	/* Chains still in the indication ring never reached the consumer:
	 * the consumer has stopped, so this lcore may read that ring. */
	if (q->ind_ring != NULL) {
		while ((n = rte_ring_sc_dequeue_burst(q->ind_ring,
				(void **)arr, RTE_DIM(arr), NULL)) > 0)
			rxq_take_back_array(q, arr, n);
	}
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
