/* SPDX-License-Identifier: BSD-3-Clause */

#include <rte_cycles.h>

#include "fwd.h"

const struct nblpmd_fwd_engine *
nblpmd_fwd_engine_get(enum nblpmd_fwd fwd)
{
	switch (fwd) {
	case NBLPMD_FWD_RXONLY:
		return &nblpmd_fwd_rxonly;
	case NBLPMD_FWD_IO:
		return &nblpmd_fwd_io;
	case NBLPMD_FWD_MACSWAP:
		return &nblpmd_fwd_macswap;
	case NBLPMD_FWD_CAPTURE:
		return &nblpmd_fwd_capture;
	}
	return NULL;
}

/*
 * ProtocolReceiveNetBufferLists of every mode: count, let the engine work,
 * then give the chain back (R4), hold it (--hold-us), or leave it to the
 * queue when it came with RESOURCES (R5: the queue takes those back as soon
 * as this call returns, so returning them would be a double return).
 *
 * Bytes are not added up here: the queue counts rx_bytes per burst
 * already (nbl_rxq_stats), and walking every NB of the chain for them cost
 * a dependent load per NBL. A consumer that needs the bytes of what it
 * saw and reads the data anyway (capture) counts them itself.
 */
void
nblpmd_indicate(struct nbl_rxq *rxq, struct nbl *chain, uint16_t count,
		uint32_t flags, void *arg)
{
	struct nblpmd_queue *q = arg;
	const struct nblpmd_fwd_engine *fwd = q->app->fwd;
	struct nblpmd_fwd_stats *fs = &q->fs;

	RTE_SET_USED(rxq);
	fwd->process(q, chain, count, flags);

	if ((flags & NBL_RXQ_IND_RESOURCES) != 0) {
		fs->resources_seen += count;
		/* their hold times are drawn and not used: k moves on */
		if (q->hold.cap != 0)
			nblpmd_hold_skip(q, count);
	} else if (q->hold.cap != 0) {
		nblpmd_hold_push(q, chain, rte_rdtsc());
	} else {
		nbl_rxq_return(q->rxq, chain);
		fs->returned += count;
	}
	/* Last, with release order: the main lcore's end-of-capture check
	 * reads it to know the consumer is done with what was indicated. */
	__atomic_store_n(&fs->consumed, fs->consumed + count, __ATOMIC_RELEASE);
}
