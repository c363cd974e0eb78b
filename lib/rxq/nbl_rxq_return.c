/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The return path (MiniportReturnNetBufferLists, R4): on the owner lcore
 * each NBL is checked and recycled in place or freed to the pool; on the
 * consumer lcore the NBL pointers go back through the return ring, which
 * the owner drains at every poll (so pool frees happen on the owner lcore
 * and nothing strands in the consumer lcore's mempool cache).
 */

#include <rte_lcore.h>
#include <rte_pause.h>
#include <rte_prefetch.h>

#include "nbl_rxq_pvt.h"

void
rxq_ret_free_mbufs(struct rxq_ret_acc *acc)
{
	rte_pktmbuf_free_bulk(acc->mbufs, acc->nb_mbufs);
	acc->nb_mbufs = 0;
}

/* A refused return: find out why with nbl_check_return(), which counts
 * and logs double and foreign returns in the pool; if it accepts, the NBL
 * is of our pool but another queue indicated it, which lib/nbl cannot
 * tell apart. Never touches the free list. */
void
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

/* Pool mode: put the NBLs collected in acc back in the pool at once. */
void
rxq_ret_put(struct rxq_ret_acc *acc)
{
	unsigned int n = acc->nb_put;

	acc->nb_put = 0;
	/* Each passed rxq_free_ok(), so none is refused. */
	nbl_free_bulk(acc->put, n);
}

/*
 * Pool mode, an NBL rxq_free_ok() did not pass. With separate NBs (R2)
 * that is every NBL: its NB is dequeued and freed to the NB pool through
 * this lcore's cache (NdisFreeNetBuffer), then the NBL joins the bulk free
 * like a preallocated one. Anything else the consumer left goes to the
 * slow path.
 */
void
rxq_ret_to_pool_nb(struct nbl_rxq *q, struct nbl *nbl,
		struct rxq_ret_acc *acc)
{
	if (q->nb_pool == NULL || !rxq_nb_free_ok(q, nbl)) {
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

/* Pool mode, an NBL that nbl_free() may refuse (another NB queued,
 * context left allocated): the checked free counts and logs it. A
 * separate NB of ours comes off first so that the free sees the NBL
 * alone, and goes to its pool only once the NBL is gone: nothing is kept
 * half set up. */
void
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

/* A run of n NBLs indicated at TSC tsc and given back at now. */
void
rxq_hold_record(struct nbl_hist *h, uint64_t now, uint64_t tsc, uint64_t n)
{
	if (h == NULL)
		return;
	nbl_hist_record_n(h, now > tsc ? now - tsc : 0, n);
}

void
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

unsigned int
rxq_drain_returns(struct nbl_rxq *q)
{
	struct nbl *arr[RXQ_FREE_BATCH];
	struct rxq_ret_acc acc;
	unsigned int n, i, total = 0;

	rxq_ret_acc_init(&acc);
	/* Not timed here: the consumer lcore timed them when it returned
	 * them (a drain may come much later when the owner is busy). */
	do {
		n = rte_ring_sc_dequeue_burst(q->ret_ring, (void **)arr,
			RTE_DIM(arr), NULL);
		for (i = 0; i < n; i++) {
			if (i + 1 < n)
				rte_prefetch0(arr[i + 1]);
			rxq_take_back(q, arr[i], &acc, false);
		}
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

/* Owner lcore, pool mode and the rare cases: one NBL at a time. */
static __rte_noinline unsigned int
rxq_return_generic(struct nbl_rxq *q, struct nbl *chain)
{
	struct rxq_ret_acc acc;

	rxq_ret_acc_init(&acc);
	rxq_hold_start(q, &acc);
	while (chain != NULL) {
		/* A refused NBL's link is followed all the same, so it is
		 * read before the NBL is touched. */
		struct nbl *next = chain->next;

		rte_prefetch0(next); /* prefetching NULL does not fault */
		rxq_take_back(q, chain, &acc, true);
		chain = next;
	}
	rxq_ret_flush(q, &acc);
	return acc.returned;
}

/* A refused NBL in the in-place loop: counted in locals of the caller. */
static __rte_noinline void
rxq_return_refused(struct nbl_rxq *q, struct nbl *nbl, uint64_t *dbl,
		uint64_t *foreign)
{
	struct rxq_ret_acc acc;

	acc.dbl = 0;
	acc.foreign = *foreign;
	rxq_ret_refused(q, nbl, &acc);
	*dbl += acc.dbl;
	*foreign = acc.foreign;
}

unsigned int
nbl_rxq_return(struct nbl_rxq *q, struct nbl *chain)
{
	struct rte_mbuf *mbufs[RXQ_FREE_BATCH];
	struct rxq_nbl_tmpl tmpl;
	struct nbl **free_list;
	uintptr_t slot_base, slot_span;
	uint32_t nb_free;
	uint16_t pool_id;
	uint64_t returned = 0, dbl = 0, foreign = 0;
	uint64_t now = 0, run_tsc = 0, run_start = 0;
	unsigned int k = 0;

	if (unlikely(q == NULL))
		return 0;
	if (unlikely(rte_lcore_id() != q->owner && q->owner != LCORE_ID_ANY))
		return rxq_return_remote(q, chain);
	if (unlikely(q->pool_mode))
		return rxq_return_generic(q, chain);

	/* In place, the common case: the steps of rxq_take_back() with the
	 * counters, the free-list top and the template in registers. */
	memcpy(&tmpl, (const uint8_t *)&q->nbl_tmpl + RXQ_NBL_TMPL_OFF,
		sizeof(tmpl));
	free_list = q->free_list;
	nb_free = q->nb_free;
	pool_id = q->pool_id;
	slot_base = q->slot_base;
	slot_span = q->slot_span;
	/* One clock per call (the poll's inside its indicate call); the NBLs
	 * of one indication share their TSC, so a run of equal TSCs goes to
	 * the histogram once (rxq_hold_note() with the counts in registers).
	 * With hold_time_off every TSC is 0 and no run ends in the loop. */
	if (q->hold_hist != NULL)
		now = rxq_return_clock(q);
	while (chain != NULL) {
		struct nbl *nbl = chain;
		struct rte_mbuf *m;
		struct nb *nb;
		uint64_t t;

		/* Read the link first: a refused NBL's is followed too. */
		chain = nbl->next;
		rte_prefetch0(chain); /* prefetching NULL does not fault */
		if (unlikely(nbl->state != NBL_STATE_INDICATED ||
				nbl->pool_id != pool_id ||
				!rxq_slot_ours(slot_base, slot_span, nbl))) {
			/* The checks of rxq_return_ok(), in registers. */
			rxq_return_refused(q, nbl, &dbl, &foreign);
			continue;
		}
		t = rxq_ind_tsc(nbl);
		if (unlikely(t != run_tsc)) {
			if (returned != run_start)
				rxq_hold_record(q->hold_hist, now, run_tsc,
					returned - run_start);
			run_tsc = t;
			run_start = returned;
		}
		/* INDICATED -> HELD comes with the template copy below. */
		nb = nbl->first_nb;
		/* Zero-copy NBLs carry an mbuf, copy-mode and detached ones
		 * none: store it anyway, count it only when there is one. */
		m = nb->mbuf;
		mbufs[k] = m;
		k += m != NULL;
		if (unlikely(k == RXQ_FREE_BATCH)) {
			rte_pktmbuf_free_bulk(mbufs, k);
			k = 0;
		}
		rxq_recycle(free_list, &nb_free, nbl, nb, &tmpl);
		returned++;
	}
	q->nb_free = nb_free;
	if (returned != run_start)
		rxq_hold_record(q->hold_hist, now, run_tsc,
			returned - run_start);
	if (k > 0)
		rte_pktmbuf_free_bulk(mbufs, k);
	q->stats.returned += returned;
	q->stats.outstanding -= returned;
	q->stats.recycled_inplace += returned;
	if (unlikely(dbl != 0 || foreign != 0)) {
		q->stats.double_returns += dbl;
		q->stats.foreign_returns += foreign;
	}
	return returned;
}
