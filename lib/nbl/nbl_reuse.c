/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Reuse of an NBL by its owner without a trip through the pool: the
 * description an owner builds once, and the reset from scratch. The
 * per-packet tests and the fast reset are inline in nbl.h.
 */

#include <string.h>

#include <rte_cycles.h>

#include "nbl_pvt.h"

/* The state word of an NBL with these fields. */
static uint64_t
nbl_word(uint16_t pool_id, uint8_t state, uint8_t flags, int32_t status)
{
	struct nbl img;

	memset(&img, 0, sizeof(img));
	img.pool_id = pool_id;
	img.state = state;
	img.flags = flags;
	img.status = status;
	return __nbl_state_word(&img);
}

void
nbl_reuse_init(struct nbl_reuse *r, const struct nbl_pool *pool,
		uint8_t flags, uint16_t src_port, uint16_t src_queue)
{
	/* The state word is pool_id, state, flags, status: 8 bytes. */
	RTE_BUILD_BUG_ON(offsetof(struct nbl, status) + sizeof(int32_t) -
		offsetof(struct nbl, pool_id) != sizeof(uint64_t));
	memset(r, 0, sizeof(*r));
	r->w_held = nbl_word(pool->id, NBL_STATE_HELD, flags, 0);
	r->w_indicated = nbl_word(pool->id, NBL_STATE_INDICATED, flags, 0);
	r->m_owned = nbl_word(UINT16_MAX, UINT8_MAX, 0, 0);
	r->m_clean = nbl_word(UINT16_MAX, UINT8_MAX,
		(uint8_t)~NBL_F_RESOURCES, 0);
	r->src_port = src_port;
	r->src_queue = src_queue;
}

void
nbl_reuse_reset(struct nbl *nbl, struct nb *nb, const struct nbl_reuse *r)
{
	struct nb *x, *next;

	/* NBs the consumer queued, or left after dequeuing ours, come off:
	 * dequeued, they are HELD and the consumer's to free. */
	for (x = nbl->first_nb; x != NULL; x = next) {
		next = x->next;
		if (x != nb) {
			x->next = NULL;
			x->state = NBL_STATE_HELD;
		}
	}
	__nbl_reuse_prepare(nbl, nb, r);
}

unsigned int
nbl_reuse_alloc_bulk(struct nbl_pool *pool, struct nbl **objs,
		unsigned int n, const struct nbl_reuse *r)
{
	unsigned int got, i;

	if (pool == NULL || objs == NULL || r == NULL) {
		rte_errno = EINVAL;
		return 0;
	}
	if (unlikely(pool->allocate_nb == 0)) {
		(void)__nbl_wrong_alloc(pool);
		return 0;
	}
	got = __nbl_get_bulk(pool, objs, n);
	for (i = 0; i < got; i++)
		__nbl_reuse_prepare(objs[i], (struct nb *)(objs[i] + 1), r);
	if (unlikely(pool->track != NULL))
		nbl_track_note(pool, objs, got, NBL_CALL_ALLOC, 0, rte_rdtsc());
	if (got < n)
		rte_errno = ENOMEM;
	return got;
}
