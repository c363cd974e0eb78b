/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Reuse of an NBL by its owner without a trip through the pool: the
 * description an owner builds once, and the reset from scratch. The fast
 * reset is inline in nbl.h.
 */

#include <string.h>

#include "nbl_pvt.h"

void
nbl_reuse_init(struct nbl_reuse *r, const struct nbl_pool *pool,
		uint8_t flags, uint16_t src_port, uint16_t src_queue)
{
	struct nbl img;

	/* The words copied by nbl_reuse_fast(): pool_id .. timestamp_ns. */
	RTE_BUILD_BUG_ON(offsetof(struct nbl, timestamp_ns) +
		sizeof(img.timestamp_ns) - offsetof(struct nbl, pool_id) !=
		sizeof(r->words));
	RTE_BUILD_BUG_ON(offsetof(struct nbl, state) <
		offsetof(struct nbl, pool_id));
	memset(&img, 0, sizeof(img));
	img.pool_id = pool->id;
	img.state = NBL_STATE_HELD;
	img.flags = flags;
	img.src_port = src_port;
	img.src_queue = src_queue;
	img.status = 0;
	img.ctx_size = pool->context_size;
	img.ctx_used = 0;
	img.timestamp_ns = 0;
	memset(r, 0, sizeof(*r));
	memcpy(r->words, &img.pool_id, sizeof(r->words));
	r->flags = flags;
	r->src_port = src_port;
	r->src_queue = src_queue;
}

void
nbl_reuse_reset(struct nbl *nbl, struct nb *nb, const struct nbl_reuse *r)
{
	nbl_reuse_fast(nbl, nb, r);
	__nbl_nb_reset(nb, NBL_NB_STATE_QUEUED);
}
