/* SPDX-License-Identifier: BSD-3-Clause */

#include "fwd.h"

/*
 * macswap: io's hand-off (nblpmd_fwd_tx_process in fwd_io.c), with the
 * source and destination MAC addresses swapped before TX.
 */
const struct nblpmd_fwd_engine nblpmd_fwd_macswap = {
	.name = "macswap",
	.init = NULL,
	.process = nblpmd_fwd_tx_process,
	.fini = NULL,
	.swap_macs = true,
};
