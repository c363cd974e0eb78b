/* SPDX-License-Identifier: BSD-3-Clause */

#include "fwd.h"

/* macswap: swap source and destination MAC, then send as io does. */
static void
macswap_process(struct nblpmd_queue *q, struct nbl *chain, uint16_t count,
		uint32_t flags)
{
	nblpmd_fwd_tx_chain(q, chain, count, flags, true);
}

const struct nblpmd_fwd_engine nblpmd_fwd_macswap = {
	.name = "macswap",
	.init = NULL,
	.process = macswap_process,
	.fini = NULL,
};
