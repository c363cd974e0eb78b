/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Remote placement, consumer lcore: chains arrive on the indication ring
 * as NBL pointers, are linked again and indicated here. RESOURCES chains
 * are kept apart (the flag is in each NBL) and handed back through the
 * return ring as soon as the callback returns (R5).
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
	for (i = 0; i < n; i = j) {
		const uint8_t res = arr[i]->flags & NBL_F_RESOURCES;

		for (j = i + 1; j < n &&
				(arr[j]->flags & NBL_F_RESOURCES) == res; j++)
			arr[j - 1]->next = arr[j];
		arr[j - 1]->next = NULL;
		q->indicate(q, arr[i], (uint16_t)(j - i),
			res != 0 ? NBL_RXQ_IND_RESOURCES : 0, q->indicate_arg);
		if (res != 0) {
			if (unlikely(q->diag & RXQ_DIAG_TRACK))
				rxq_track_back(q, arr + i, j - i,
					RXQ_TRACK_RETURN);
			rxq_send_returns(q, arr + i, j - i);
		}
	}
	return n;
}
