/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Buffer-descriptor pools (NDIS 5, R7 and R8).
 *
 * NumberOfDescriptors is an exact limit: an atomic count of descriptors
 * out is raised before a descriptor is taken and lowered after it is put
 * back. Descriptors sitting in a lcore's mempool cache are not out, so the
 * mempool holds the limit plus what the caches of the lcores allowed to
 * use one can keep (nbl_mdl_mempool_size()); a get never fails while the
 * count is below the limit.
 */

#include <inttypes.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mempool.h>

#include "nbl_pvt.h"

static void
nbl_mdl_obj_init(struct rte_mempool *mp, void *arg, void *obj,
		unsigned int idx)
{
	struct nbl_mdl_pool *pool = arg;
	struct nbl_mdl *mdl = obj;

	RTE_SET_USED(mp);
	RTE_SET_USED(idx);
	memset(mdl, 0, sizeof(*mdl));
	mdl->pool = pool;
	mdl->state = NBL_STATE_FREE;
	if (pool->buf_size != 0) {
		mdl->buf = (uint8_t *)(mdl + 1);
		mdl->buf_size = pool->buf_size;
	}
}

uint64_t
nbl_mdl_mempool_size(uint32_t own, uint32_t lcores, uint32_t *cache_size)
{
	const uint32_t cache = RTE_MIN(NBL_MDL_CACHE_SIZE, own / 2);

	if (cache_size != NULL)
		*cache_size = cache;
	if (own == 0)
		return 0;
	return own + lcores * nbl_mempool_cache_max(cache);
}

struct nbl_mdl_pool *
nbl_mdl_pool_create(const char *name, uint32_t number_of_descriptors,
		uint32_t buf_size, int socket_id)
{
	return nbl_mdl_pool_create_ext(name, number_of_descriptors, 0,
		buf_size, socket_id);
}

struct nbl_mdl_pool *
nbl_mdl_pool_create_ext(const char *name, uint32_t number_of_descriptors,
		uint32_t in_nbs, uint32_t buf_size, int socket_id)
{
	char mp_name[RTE_MEMPOOL_NAMESIZE];
	struct nbl_mdl_pool *pool;
	uint32_t cache_size, lcores = 0, own;
	uint64_t size;
	unsigned int i;

	if (nbl_check_name("descriptor", name) != 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (number_of_descriptors == 0) {
		NBL_LOG(ERR, "descriptor pool %s: NumberOfDescriptors is 0",
			name);
		rte_errno = EINVAL;
		return NULL;
	}
	if (in_nbs > number_of_descriptors) {
		NBL_LOG(ERR, "descriptor pool %s: %u descriptors in NBs, more than NumberOfDescriptors %u",
			name, in_nbs, number_of_descriptors);
		rte_errno = EINVAL;
		return NULL;
	}
	pool = rte_zmalloc_socket("nbl_mdl_pool", sizeof(*pool),
		RTE_CACHE_LINE_SIZE, socket_id);
	if (pool == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	pool->limit = number_of_descriptors;
	/* The NBs' own descriptors are out from the start, for good. */
	pool->outstanding = in_nbs;
	pool->buf_size = buf_size;
	snprintf(pool->name, sizeof(pool->name), "%s", name);
	/* Only the others live in the mempool. */
	own = number_of_descriptors - in_nbs;
	if (own == 0)
		return pool;

	/* Only EAL lcores use a cache; other threads go to the ring. */
	for (i = 0; i < RTE_MAX_LCORE; i++) {
		if (rte_eal_lcore_role(i) == ROLE_RTE) {
			pool->use_cache[i] = 1;
			lcores++;
		}
	}
	size = nbl_mdl_mempool_size(own, lcores, &cache_size);
	if (size > UINT32_MAX) {
		NBL_LOG(ERR, "descriptor pool %s: %" PRIu64 " descriptors with the caches: too many",
			name, size);
		rte_free(pool);
		rte_errno = EINVAL;
		return NULL;
	}

	nbl_mp_name(mp_name, sizeof(mp_name), NBL_MP_PREFIX_MDL, name);
	/* No channel spreading: a 128-byte object (header + descriptor)
	 * would be padded to 192 bytes (see nbl_pool_create). */
	pool->mp = rte_mempool_create(mp_name, (unsigned int)size,
		sizeof(struct nbl_mdl) + buf_size, cache_size, 0, NULL, NULL,
		nbl_mdl_obj_init, pool, socket_id, RTE_MEMPOOL_F_NO_SPREAD);
	if (pool->mp == NULL) {
		int err = rte_errno == EEXIST ? EEXIST : ENOMEM;

		NBL_LOG(ERR, "descriptor pool %s: mempool of %" PRIu64 " descriptors not created: %s",
			name, size, rte_strerror(rte_errno));
		rte_free(pool);
		rte_errno = err;
		return NULL;
	}
	return pool;
}

static void
nbl_mdl_count_out(struct rte_mempool *mp, void *arg, void *obj,
		unsigned int idx)
{
	const struct nbl_mdl *mdl = obj;
	uint32_t *out = arg;

	RTE_SET_USED(mp);
	RTE_SET_USED(idx);
	if (mdl->state != NBL_STATE_FREE)
		(*out)++;
}

int
nbl_mdl_pool_free(struct nbl_mdl_pool *pool)
{
	uint32_t out = 0;

	if (pool == NULL)
		return 0;
	if (pool->mp != NULL)
		rte_mempool_obj_iter(pool->mp, nbl_mdl_count_out, &out);
	if (out != 0) {
		NBL_LOG(ERR, "descriptor pool %s: not freed, %u of %u descriptors out",
			pool->name, out, pool->limit);
		return -EBUSY;
	}
	rte_mempool_free(pool->mp);
	rte_free(pool);
	return 0;
}

uint32_t
nbl_mdl_pool_outstanding(const struct nbl_mdl_pool *pool)
{
	return __atomic_load_n(&pool->outstanding, __ATOMIC_RELAXED);
}

uint64_t
nbl_mdl_pool_limit_failures(const struct nbl_mdl_pool *pool)
{
	return __atomic_load_n(&pool->limit_failures, __ATOMIC_RELAXED);
}

uint64_t
nbl_mdl_pool_violations(const struct nbl_mdl_pool *pool,
		enum nbl_violation kind)
{
	if (pool == NULL || (unsigned int)kind >= NBL_VIOL_MAX)
		return 0;
	return __atomic_load_n(&pool->violations[kind], __ATOMIC_RELAXED);
}

static void
nbl_mdl_report(struct nbl_mdl_pool *pool, const struct nbl_mdl *mdl,
		enum nbl_violation kind, const char *what)
{
	__atomic_fetch_add(&pool->violations[kind], 1, __ATOMIC_RELAXED);
	if (nbl_viol_should_log(pool->logged, pool->name, kind))
		NBL_LOG(ERR, "descriptor pool %s: %s: %s descriptor %p (state %s, len %u, orig_len %u)",
			pool->name, nbl_violation_name(kind), what, mdl,
			nbl_state_name(mdl->state), mdl->len, mdl->orig_len);
}

static inline struct rte_mempool_cache *
nbl_mdl_cache(const struct nbl_mdl_pool *pool)
{
	unsigned int lcore = rte_lcore_id();

	if (lcore >= RTE_MAX_LCORE || pool->use_cache[lcore] == 0)
		return NULL;
	return rte_mempool_default_cache(pool->mp, lcore);
}

/* Take a slot under the limit; never goes above it, even transiently. */
static inline bool
nbl_mdl_reserve(struct nbl_mdl_pool *pool)
{
	uint32_t cur = __atomic_load_n(&pool->outstanding, __ATOMIC_RELAXED);

	do {
		if (cur >= pool->limit)
			return false;
	} while (!__atomic_compare_exchange_n(&pool->outstanding, &cur,
			cur + 1, true, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
	return true;
}

static struct nbl_mdl *
nbl_mdl_get(struct nbl_mdl_pool *pool, uint8_t *addr, uint32_t len)
{
	struct nbl_mdl *mdl;

	if (!nbl_mdl_reserve(pool)) {
		__atomic_fetch_add(&pool->limit_failures, 1, __ATOMIC_RELAXED);
		rte_errno = ENOBUFS;
		return NULL;
	}
	if (unlikely(rte_mempool_generic_get(pool->mp, (void **)&mdl, 1,
			nbl_mdl_cache(pool)) != 0)) {
		/* Cannot happen with the sizing above; stay exact anyway. */
		__atomic_fetch_sub(&pool->outstanding, 1, __ATOMIC_RELEASE);
		rte_errno = ENOBUFS;
		return NULL;
	}
	mdl->next = NULL;
	mdl->addr = addr;
	mdl->len = len;
	mdl->orig_len = len;
	mdl->mbuf = NULL;
	mdl->state = NBL_STATE_HELD;
	return mdl;
}

struct nbl_mdl *
nbl_mdl_alloc(struct nbl_mdl_pool *pool, void *addr, uint32_t len)
{
	struct nbl_mdl *mdl;

	if (pool == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (addr == NULL) {
		if (len > pool->buf_size || pool->buf_size == 0) {
			rte_errno = EINVAL;
			return NULL;
		}
		mdl = nbl_mdl_get(pool, NULL, len);
		if (mdl != NULL)
			mdl->addr = mdl->buf;
		return mdl;
	}
	return nbl_mdl_get(pool, addr, len);
}

int
nbl_mdl_free(struct nbl_mdl *mdl)
{
	struct nbl_mdl_pool *pool;

	/* An NB's own descriptor has no pool: it goes with its NB. */
	if (mdl == NULL || mdl->pool == NULL)
		return -EINVAL;
	pool = mdl->pool;
	if (mdl->state == NBL_STATE_FREE) {
		nbl_mdl_report(pool, mdl, NBL_VIOL_DOUBLE_FREE,
			"free refused for");
		return -EALREADY;
	}
	if (mdl->state != NBL_STATE_HELD) {
		nbl_mdl_report(pool, mdl, NBL_VIOL_FOREIGN, "free refused for");
		return -EXDEV;
	}
	if (mdl->len != mdl->orig_len) {
		nbl_mdl_report(pool, mdl, NBL_VIOL_MDL_SHORTENED,
			"free refused for shortened");
		return -ERANGE;
	}
	mdl->state = NBL_STATE_FREE;
	mdl->next = NULL;
	mdl->mbuf = NULL;
	rte_mempool_generic_put(pool->mp, (void **)&mdl, 1, nbl_mdl_cache(pool));
	__atomic_fetch_sub(&pool->outstanding, 1, __ATOMIC_RELEASE);
	return 0;
}

unsigned int
nbl_mdl_free_chain(struct nbl_mdl *chain)
{
	unsigned int n = 0;

	while (chain != NULL) {
		struct nbl_mdl *next = chain->next;

		if (nbl_mdl_free(chain) == 0)
			n++;
		else if (chain->state == NBL_STATE_HELD)
			chain->next = NULL; /* refused: left out, as it is */
		chain = next;
	}
	return n;
}

int
nbl_mdl_adjust_len(struct nbl_mdl *mdl, uint32_t len)
{
	if (mdl == NULL)
		return -EINVAL;
	if (len > mdl->orig_len) {
		if (mdl->pool != NULL)
			nbl_mdl_report(mdl->pool, mdl, NBL_VIOL_MDL_OVERLONG,
				"adjust beyond the original length refused for");
		return -EINVAL;
	}
	mdl->len = len;
	/* The NB it belongs to is no longer as its owner prepared it. */
	if (mdl->state == NBL_MDL_STATE_IN_NB)
		container_of(mdl, struct nb, mdl0)->modified = 1;
	return 0;
}

struct nbl_mdl *
nbl_mdl_copy_range(struct nbl_mdl_pool *pool, const struct nbl_mdl *src,
		uint32_t offset, uint32_t len)
{
	if (pool == NULL || src == NULL || offset > src->len ||
			len > src->len - offset) {
		rte_errno = EINVAL;
		return NULL;
	}
	return nbl_mdl_get(pool, src->addr + offset, len);
}

struct nbl_mdl *
nbl_mdl_map_mbuf(struct nbl_mdl_pool *pool, struct rte_mbuf *m,
		uint32_t *data_offset)
{
	struct nbl_mdl *head = NULL, *tail = NULL;
	struct rte_mbuf *seg;

	if (pool == NULL || m == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	for (seg = m; seg != NULL; seg = seg->next) {
		struct nbl_mdl *mdl;

		if (seg == m)
			mdl = nbl_mdl_get(pool, seg->buf_addr,
				(uint32_t)seg->data_off + seg->data_len);
		else
			mdl = nbl_mdl_get(pool, rte_pktmbuf_mtod(seg, uint8_t *),
				seg->data_len);
		if (mdl == NULL) {
			nbl_mdl_free_chain(head);
			rte_errno = ENOBUFS;
			return NULL;
		}
		mdl->mbuf = seg;
		if (tail == NULL)
			head = mdl;
		else
			tail->next = mdl;
		tail = mdl;
	}
	if (data_offset != NULL)
		*data_offset = m->data_off;
	return head;
}
