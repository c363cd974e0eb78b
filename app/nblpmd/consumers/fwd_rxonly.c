/* SPDX-License-Identifier: BSD-3-Clause */

#include "fwd.h"

/* rxonly: the common callback counts; nothing else to do before return. */
static void
rxonly_process(struct nblpmd_queue *q, struct nbl *chain, uint16_t count,
		uint32_t flags)
{
	RTE_SET_USED(q);
	RTE_SET_USED(chain);
	RTE_SET_USED(count);
	RTE_SET_USED(flags);
}

const struct nblpmd_fwd_engine nblpmd_fwd_rxonly = {
	.name = "rxonly",
	.init = NULL,
	.process = rxonly_process,
	.fini = NULL,
};
