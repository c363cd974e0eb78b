/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Remote placement, consumer lcore: chains arrive on the indication ring
 * as NBL pointers, are marked delivered (the consumer holds them from now
 * on, which is what a return made on this lcore is checked against),
 * linked again and indicated here. RESOURCES chains are kept apart (the
 * flag is in each NBL) and handed back through the return ring as soon
 * as the callback returns (R5), checked as a return is.
 */

#include <rte_lcore.h>

#include "nbl_rxq_pvt.h"

unsigned int
nbl_rxq_consumer_poll(struct nbl_rxq *q, unsigned int max)
{
	struct nbl *arr[NBL_RXQ_MAX_BURST];
	unsigned int n, i, j;

	if (unlikely(q == NULL || q->ind_ring == NULL))
		return 0;
	if (unlikely(q->consumer == LCORE_ID_ANY))
		q->consumer = rte_lcore_id();
	if (max > NBL_RXQ_MAX_BURST)
		max = NBL_RXQ_MAX_BURST;
	n = rte_ring_sc_dequeue_burst(q->ind_ring, (void **)arr, max, NULL);
	/* Every NBL on the ring is one of this queue's descriptors. */
	for (i = 0; i < n; i++)
		q->delivered[rxq_desc_index(q, arr[i])] = 1;
	for (i = 0; i < n; i = j) {
		const uint8_t res = arr[i]->flags & NBL_F_RESOURCES;

		for (j = i + 1; j < n &&
				(arr[j]->flags & NBL_F_RESOURCES) == res; j++)
			arr[j - 1]->next = arr[j];
		arr[j - 1]->next = NULL;
		q->indicate(q, arr[i], (uint16_t)(j - i),
			res != 0 ? NBL_RXQ_IND_RESOURCES : 0, q->indicate_arg);
		if (res != 0)
			rxq_give_back_remote(q, arr + i, j - i);
	}
	return n;
}
