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

/* A refused return: lib/nbl has counted and logged a double or foreign
 * return (rc); rc 0 means an NBL of our pool that another queue
 * indicated, which lib/nbl cannot tell apart. Never touches the free list. */
void
rxq_ret_refused(struct nbl_rxq *q, struct nbl *nbl, int rc,
		struct rxq_ret_acc *acc)
{
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

/* Pool mode: the NBL goes back to the pool through this lcore's cache;
 * its descriptor slot stays with the queue for the next refill. */
void
rxq_ret_to_pool(struct nbl_rxq *q, struct nbl *nbl, struct rxq_ret_acc *acc)
{
	q->slot_stack[q->nb_slots++] = rxq_slot(nbl);
	rxq_detach(nbl);
	if (unlikely(nbl_free(nbl) != 0)) {
		/* Still HELD here: keep it rather than lose it. */
		rxq_attach(q, nbl, q->slot_stack[--q->nb_slots]);
		q->free_list[q->nb_free++] = nbl;
		acc->recycled++;
		return;
	}
	q->nbl_out--;
	acc->freed++;
}

void
rxq_ret_flush(struct nbl_rxq *q, struct rxq_ret_acc *acc)
{
	if (acc->nb_mbufs > 0)
		rxq_ret_free_mbufs(acc);
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

	memset(&acc, 0, offsetof(struct rxq_ret_acc, mbufs));
	do {
		n = rte_ring_sc_dequeue_burst(q->ret_ring, (void **)arr,
			RTE_DIM(arr), NULL);
		for (i = 0; i < n; i++) {
			if (i + 1 < n)
				rte_prefetch0(arr[i + 1]);
			rxq_take_back(q, arr[i], &acc);
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

static __rte_noinline unsigned int
rxq_return_remote(struct nbl_rxq *q, struct nbl *chain)
{
	struct nbl *arr[RXQ_FREE_BATCH];
	unsigned int n = 0, total = 0;

	while (chain != NULL) {
		/* Read the link before the owner can see (and reuse) it. */
		arr[n++] = chain;
		chain = chain->next;
		if (n == RTE_DIM(arr)) {
			total += rxq_send_returns(q, arr, n);
			n = 0;
		}
	}
	if (n > 0)
		total += rxq_send_returns(q, arr, n);
	return total;
}

unsigned int
nbl_rxq_return(struct nbl_rxq *q, struct nbl *chain)
{
	struct rxq_ret_acc acc;
	unsigned int lcore = rte_lcore_id();

	if (unlikely(q == NULL))
		return 0;
	if (unlikely(lcore != q->owner && q->owner != LCORE_ID_ANY))
		return rxq_return_remote(q, chain);
	memset(&acc, 0, offsetof(struct rxq_ret_acc, mbufs));
	while (chain != NULL) {
		/* A refused NBL's link is followed all the same, so it is
		 * read before the NBL is touched. */
		struct nbl *next = chain->next;

		if (next != NULL)
			rte_prefetch0(next);
		rxq_take_back(q, chain, &acc);
		chain = next;
	}
	rxq_ret_flush(q, &acc);
	return acc.returned;
}
