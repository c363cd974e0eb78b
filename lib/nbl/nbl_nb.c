/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * NET_BUFFERs: NB pools, NB lists of an NBL, and the data start of an NB
 * over its descriptor chain (set, retreat, advance, copy out).
 */

#include <string.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mempool.h>

#include "nbl_pvt.h"

static struct nbl_nb_pool *nbl_nb_pool_table[NBL_MAX_POOLS];
static uint16_t nbl_nb_pool_gen[NBL_MAX_POOLS];

static struct nbl_nb_pool *
nbl_nb_pool_from_id(uint16_t id)
{
	struct nbl_nb_pool *p = nbl_nb_pool_table[id & NBL_POOL_SLOT_MASK];

	if (p == NULL || p->id != id)
		return NULL;
	return p;
}

static void
nbl_nb_obj_init(struct rte_mempool *mp, void *arg, void *obj,
		unsigned int idx)
{
	struct nbl_nb_pool *pool = arg;
	struct nb *nb = obj;

	RTE_SET_USED(mp);
	RTE_SET_USED(idx);
	memset(nb, 0, sizeof(*nb));
	nb->pool_id = pool->id;
	nb->state = NBL_STATE_FREE;
	nbl_mdl_in_nb_init(&nb->mdl0);
}

struct nbl_nb_pool *
nbl_nb_pool_create(const char *name, uint32_t count, uint32_t cache_size,
		int socket_id)
{
	char mp_name[RTE_MEMPOOL_NAMESIZE];
	struct nbl_nb_pool *pool;
	unsigned int slot;
	uint16_t gen;

	if (nbl_check_name("NB", name) != 0 ||
			nbl_check_cache("NB", name, count, cache_size) != 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	for (slot = 0; slot < NBL_MAX_POOLS; slot++)
		if (nbl_nb_pool_table[slot] == NULL)
			break;
	if (slot == NBL_MAX_POOLS) {
		NBL_LOG(ERR, "NB pool %s: %d NB pools exist already", name,
			NBL_MAX_POOLS);
		rte_errno = ENOSPC;
		return NULL;
	}
	pool = rte_zmalloc_socket("nbl_nb_pool", sizeof(*pool),
		RTE_CACHE_LINE_SIZE, socket_id);
	if (pool == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	gen = nbl_nb_pool_gen[slot] + 1;
	if (gen >= (1u << (16 - NBL_POOL_SLOT_BITS)))
		gen = 1;
	pool->id = (uint16_t)(slot | ((unsigned int)gen << NBL_POOL_SLOT_BITS));
	snprintf(pool->name, sizeof(pool->name), "%s", name);
	nbl_mp_name(mp_name, sizeof(mp_name), NBL_MP_PREFIX_NB, name);
	/* No channel spreading (see nbl_pool_create). */
	pool->mp = rte_mempool_create(mp_name, count, sizeof(struct nb),
		cache_size, 0, NULL, NULL, nbl_nb_obj_init, pool, socket_id,
		RTE_MEMPOOL_F_NO_SPREAD);
	if (pool->mp == NULL) {
		int err = rte_errno == EEXIST ? EEXIST : ENOMEM;

		NBL_LOG(ERR, "NB pool %s: mempool of %u NBs not created: %s",
			name, count, rte_strerror(rte_errno));
		rte_free(pool);
		rte_errno = err;
		return NULL;
	}
	nbl_nb_pool_gen[slot] = gen;
	nbl_nb_pool_table[slot] = pool;
	return pool;
}

static void
nbl_nb_count_out(struct rte_mempool *mp, void *arg, void *obj,
		unsigned int idx)
{
	const struct nb *nb = obj;
	uint32_t *out = arg;

	RTE_SET_USED(mp);
	RTE_SET_USED(idx);
	if (nb->state != NBL_STATE_FREE)
		(*out)++;
}

int
nbl_nb_pool_free(struct nbl_nb_pool *pool)
{
	uint32_t out = 0;

	if (pool == NULL)
		return 0;
	rte_mempool_obj_iter(pool->mp, nbl_nb_count_out, &out);
	if (out != 0) {
		NBL_LOG(ERR, "NB pool %s: not freed, %u NBs out", pool->name,
			out);
		return -EBUSY;
	}
	nbl_nb_pool_table[pool->id & NBL_POOL_SLOT_MASK] = NULL;
	rte_mempool_free(pool->mp);
	rte_free(pool);
	return 0;
}

uint32_t
nbl_nb_pool_in_use(const struct nbl_nb_pool *pool)
{
	uint64_t allocs = 0, frees = 0;
	unsigned int i;

	if (pool == NULL)
		return 0;
	for (i = 0; i <= RTE_MAX_LCORE; i++) {
		allocs += pool->stats[i].allocs;
		frees += pool->stats[i].frees;
	}
	return (uint32_t)(allocs - frees);
}

int
nbl_nb_pool_stats_get(const struct nbl_nb_pool *pool,
		struct nbl_pool_stats *stats)
{
	unsigned int i, v;

	if (pool == NULL || stats == NULL)
		return -EINVAL;
	memset(stats, 0, sizeof(*stats));
	for (i = 0; i <= RTE_MAX_LCORE; i++) {
		const struct nbl_nb_lcore_stats *st = &pool->stats[i];

		stats->allocs += st->allocs;
		stats->frees += st->frees;
		stats->alloc_failures += st->alloc_failures;
		for (v = 0; v < NBL_VIOL_MAX; v++)
			stats->violations[v] += st->violations[v];
	}
	stats->in_use = (int64_t)(stats->allocs - stats->frees);
	return 0;
}

struct nb *
nbl_nb_alloc(struct nbl_nb_pool *pool)
{
	unsigned int lcore = rte_lcore_id();
	struct nbl_nb_lcore_stats *st;
	struct nb *nb;

	if (pool == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	st = &pool->stats[lcore < RTE_MAX_LCORE ? lcore : RTE_MAX_LCORE];
	if (unlikely(rte_mempool_generic_get(pool->mp, (void **)&nb, 1,
			rte_mempool_default_cache(pool->mp, lcore)) != 0)) {
		st->alloc_failures++;
		rte_errno = ENOMEM;
		return NULL;
	}
	st->allocs++;
	__nbl_nb_reset(nb, NBL_STATE_HELD);
	return nb;
}

static void
nbl_nb_report(struct nbl_nb_pool *pool, const struct nb *nb,
		enum nbl_violation kind, const char *what)
{
	pool->stats[nbl_slot_index()].violations[kind]++;
	if (nbl_viol_should_log(pool->logged, pool->name, kind))
		NBL_LOG(ERR, "NB pool %s: %s: %s NB %p (state %s)", pool->name,
			nbl_violation_name(kind), what, nb,
			nbl_state_name(nb->state));
}

int
nbl_nb_free(struct nb *nb)
{
	unsigned int lcore = rte_lcore_id();
	struct nbl_nb_pool *pool;

	if (nb == NULL || nb->prealloc != 0)
		return -EINVAL;
	pool = nbl_nb_pool_from_id(nb->pool_id);
	if (pool == NULL) {
		NBL_LOG(ERR, "NB %p: free refused, pool id %#x names no NB pool",
			nb, nb->pool_id);
		return -EXDEV;
	}
	switch (nb->state) {
	case NBL_STATE_HELD:
		break;
	case NBL_STATE_FREE:
		nbl_nb_report(pool, nb, NBL_VIOL_DOUBLE_FREE, "free refused for");
		return -EALREADY;
	case NBL_NB_STATE_QUEUED:
		nbl_nb_report(pool, nb, NBL_VIOL_NB_QUEUED,
			"free refused for queued");
		return -EBUSY;
	default:
		nbl_nb_report(pool, nb, NBL_VIOL_FOREIGN, "free refused for");
		return -EXDEV;
	}
	nb->state = NBL_STATE_FREE;
	pool->stats[lcore < RTE_MAX_LCORE ? lcore : RTE_MAX_LCORE].frees++;
	rte_mempool_generic_put(pool->mp, (void **)&nb, 1,
		rte_mempool_default_cache(pool->mp, lcore));
	return 0;
}

int
nbl_queue_nb(struct nbl *nbl, struct nb *nb)
{
	struct nb **pp;

	if (nbl == NULL || nb == NULL || nb->state != NBL_STATE_HELD)
		return -EINVAL;
	/* A preallocated NB goes only on the NBL it lives in. */
	if (nb->prealloc != 0 && nb != (struct nb *)(nbl + 1))
		return -EINVAL;
	for (pp = &nbl->first_nb; *pp != NULL; pp = &(*pp)->next)
		;
	nb->next = NULL;
	nb->state = NBL_NB_STATE_QUEUED;
	*pp = nb;
	nbl->flags |= NBL_F_MODIFIED;
	return 0;
}

struct nb *
nbl_dequeue_nb(struct nbl *nbl)
{
	struct nb *nb;

	if (nbl == NULL || nbl->first_nb == NULL)
		return NULL;
	nb = nbl->first_nb;
	nbl->first_nb = nb->next;
	nb->next = NULL;
	nb->state = NBL_STATE_HELD;
	nbl->flags |= NBL_F_MODIFIED;
	return nb;
}

/* ----------------------------------------------------- data start */

static uint64_t
nbl_chain_len(const struct nbl_mdl *mdl)
{
	uint64_t len = 0;

	for (; mdl != NULL; mdl = mdl->next)
		len += mdl->len;
	return len;
}

/* Find the descriptor holding the data start (data_offset). Every call
 * that moves the data start or changes the chain ends here, so this is
 * where the NB is marked as changed for its owner. */
static void
nbl_nb_locate(struct nb *nb)
{
	struct nbl_mdl *mdl = nb->mdl_chain;
	uint32_t off = nb->data_offset;

	while (mdl != NULL && off >= mdl->len && mdl->next != NULL) {
		off -= mdl->len;
		mdl = mdl->next;
	}
	nb->cur_mdl = mdl;
	nb->cur_mdl_offset = mdl != NULL ? off : 0;
	nb->modified = 1;
}

int
nbl_nb_set_data(struct nb *nb, struct nbl_mdl *chain, uint32_t data_offset,
		uint32_t data_len)
{
	if (nb == NULL ||
			(uint64_t)data_offset + data_len > nbl_chain_len(chain))
		return -EINVAL;
	nb->mdl_chain = chain;
	nb->data_offset = data_offset;
	nb->data_len = data_len;
	nb->mbuf = chain != NULL ? chain->mbuf : NULL;
	nbl_nb_locate(nb);
	return 0;
}

void
nbl_nb_chain_front(struct nb *nb, struct nbl_mdl *mdl)
{
	if (nb == NULL || mdl == NULL)
		return;
	mdl->next = nb->mdl_chain;
	nb->mdl_chain = mdl;
	nb->data_offset += mdl->len;
	nbl_nb_locate(nb);
}

void
nbl_nb_chain_back(struct nb *nb, struct nbl_mdl *mdl)
{
	struct nbl_mdl **pp;

	if (nb == NULL || mdl == NULL)
		return;
	for (pp = &nb->mdl_chain; *pp != NULL; pp = &(*pp)->next)
		;
	mdl->next = NULL;
	*pp = mdl;
	nb->data_len += mdl->len;
	nb->modified = 1;
	if (nb->cur_mdl == NULL)
		nbl_nb_locate(nb);
}

/* A descriptor that describes its own buffer (taken by a retreat). */
static inline bool
nbl_mdl_own_buffer(const struct nbl_mdl *mdl)
{
	return mdl->buf != NULL && mdl->mbuf == NULL &&
		mdl->addr >= mdl->buf && mdl->addr < mdl->buf + mdl->buf_size;
}

int
nbl_nb_retreat(struct nb *nb, uint32_t bytes, struct nbl_mdl_pool *mdl_pool)
{
	struct nbl_mdl *mdl;
	uint32_t need;

	if (nb == NULL)
		return -EINVAL;
	if (bytes <= nb->data_offset) {
		/* Backfill: mbuf headroom or the unused front of the chain. */
		nb->data_offset -= bytes;
		nb->data_len += bytes;
		nbl_nb_locate(nb);
		return 0;
	}
	/*
	 * Not enough backfill: a new descriptor chained in front
	 * (NdisChainBufferAtFront) is room for the rest, then the data start
	 * moves back into it. Its data ends at the end of its buffer so the
	 * space in front of it is backfill for the next retreat.
	 */
	need = bytes - nb->data_offset;
	if (mdl_pool == NULL || mdl_pool->buf_size < need)
		return -EINVAL;
	mdl = nbl_mdl_alloc(mdl_pool, NULL, mdl_pool->buf_size);
	if (mdl == NULL)
		return -ENOBUFS;
	nbl_nb_chain_front(nb, mdl);
	nb->data_offset -= bytes;
	nb->data_len += bytes;
	nbl_nb_locate(nb);
	return 0;
}

int
nbl_nb_advance(struct nb *nb, uint32_t bytes, bool free_mdl)
{
	if (nb == NULL || bytes > nb->data_len)
		return -EINVAL;
	nb->data_offset += bytes;
	nb->data_len -= bytes;
	if (free_mdl) {
		struct nbl_mdl *head = nb->mdl_chain;

		/* Descriptors in front that hold no data and came from a pool. */
		while (head != NULL && head->len <= nb->data_offset &&
				nbl_mdl_own_buffer(head)) {
			nb->mdl_chain = head->next;
			nb->data_offset -= head->len;
			head->next = NULL;
			nbl_mdl_free(head);
			head = nb->mdl_chain;
		}
	}
	nbl_nb_locate(nb);
	return 0;
}

uint32_t
nbl_nb_copy_out(const struct nb *nb, void *dst, uint32_t len)
{
	const struct nbl_mdl *mdl;
	uint8_t *out = dst;
	uint32_t off, left, done = 0;

	if (nb == NULL || dst == NULL)
		return 0;
	left = RTE_MIN(len, nb->data_len);
	mdl = nb->cur_mdl;
	off = nb->cur_mdl_offset;
	while (mdl != NULL && left > 0) {
		if (off < mdl->len) {
			uint32_t n = RTE_MIN(left, mdl->len - off);

			memcpy(out + done, mdl->addr + off, n);
			done += n;
			left -= n;
		}
		off = 0;
		mdl = mdl->next;
	}
	return done;
}
