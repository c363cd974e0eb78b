/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * NBL allocation and free: bulk calls, the slow paths of the inline fast
 * path in nbl.h, ownership violations and fault injection.
 */

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_mempool.h>

#include "nbl_pvt.h"

/* Violations of NBLs whose pool id names no live pool. */
static uint64_t nbl_orphans;
static uint32_t nbl_orphans_logged[NBL_VIOL_MAX];

uint64_t
nbl_orphan_violations(void)
{
	return __atomic_load_n(&nbl_orphans, __ATOMIC_RELAXED);
}

/*
 * Count a violation on the pool (or as an orphan) and log it with the
 * NBL's address and the state it was found in.
 */
static void
nbl_report(struct nbl_pool *pool, const struct nbl *nbl,
		enum nbl_violation kind, const char *what)
{
	if (pool != NULL) {
		pool->stats[nbl_slot_index()].violations[kind]++;
		if (nbl_viol_should_log(pool->logged, pool->name, kind))
			NBL_LOG(ERR, "pool %s: %s: %s NBL %p (state %s, pool id %#x)",
				pool->name, nbl_violation_name(kind), what,
				nbl, nbl_state_name(nbl->state),
				nbl->pool_id);
		return;
	}
	__atomic_fetch_add(&nbl_orphans, 1, __ATOMIC_RELAXED);
	if (nbl_viol_should_log(nbl_orphans_logged, "(none)", kind))
		NBL_LOG(ERR, "%s: %s NBL %p of no live pool (state %s, pool id %#x)",
			nbl_violation_name(kind), what, nbl,
			nbl_state_name(nbl->state), nbl->pool_id);
}

/* splitmix64: small, fast, and every seed gives a full-period sequence. */
static inline uint64_t
nbl_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

unsigned int
__nbl_inject(struct nbl_pool *pool, struct nbl_pool_lcore_stats *st,
		unsigned int n)
{
	uint32_t ppm = __atomic_load_n(&pool->fail_ppm, __ATOMIC_ACQUIRE);
	unsigned int i, fails = 0;

	for (i = 0; i < n; i++)
		if (nbl_splitmix64(&st->rng) % 1000000 < ppm)
			fails++;
	st->injected_failures += fails;
	return fails;
}

struct nbl *
__nbl_wrong_alloc(struct nbl_pool *pool)
{
	pool->stats[nbl_slot_index()].violations[NBL_VIOL_WRONG_ALLOC]++;
	if (nbl_viol_should_log(pool->logged, pool->name, NBL_VIOL_WRONG_ALLOC))
		NBL_LOG(ERR, "pool %s: %s refused: the pool was created %s allocate_nb, use %s (R2)",
			pool->name,
			pool->allocate_nb ? "nbl_alloc" : "nbl_alloc_with_nb",
			pool->allocate_nb ? "with" : "without",
			pool->allocate_nb ? "nbl_alloc_with_nb" : "nbl_alloc");
	rte_errno = EPERM;
	return NULL;
}

int
__nbl_free_slow(struct nbl *nbl)
{
	struct nbl_pool *pool = nbl_pool_from_id(nbl->pool_id);
	const struct nb *nb;

	if (pool == NULL) {
		nbl_report(NULL, nbl, NBL_VIOL_FOREIGN, "free refused for");
		return -EXDEV;
	}
	switch (nbl->state) {
	case NBL_STATE_HELD:
		break;
	case NBL_STATE_FREE:
		nbl_report(pool, nbl, NBL_VIOL_DOUBLE_FREE, "free refused for");
		return -EALREADY;
	case NBL_STATE_INDICATED:
		nbl_report(pool, nbl, NBL_VIOL_FREE_INDICATED,
			"free refused for");
		return -EBUSY;
	default:
		nbl_report(pool, nbl, NBL_VIOL_FOREIGN, "free refused for");
		return -EXDEV;
	}
	for (nb = nbl->first_nb; nb != NULL; nb = nb->next) {
		if (pool->allocate_nb == 0 || nb != (const struct nb *)(nbl + 1)) {
			nbl_report(pool, nbl, NBL_VIOL_NB_QUEUED,
				"free refused, a separate NB is still queued on");
			return -ENOTEMPTY;
		}
	}
	if (nbl->ctx_used != 0) {
		nbl_report(pool, nbl, NBL_VIOL_CONTEXT_LEAK,
			"free refused, a context is still allocated on");
		return -ENOTEMPTY;
	}
	__nbl_put(pool, nbl);
	return 0;
}

int
__nbl_indicate_violation(struct nbl *nbl)
{
	struct nbl_pool *pool = nbl_pool_from_id(nbl->pool_id);

	nbl_report(pool, nbl, pool != NULL ? NBL_VIOL_INDICATE_NOT_HELD :
		NBL_VIOL_FOREIGN, "indicate refused for");
	return -EBUSY;
}

int
__nbl_return_violation(struct nbl_pool *pool, struct nbl *nbl)
{
	if (nbl->pool_id != pool->id) {
		nbl_report(pool, nbl, NBL_VIOL_FOREIGN, "return refused for");
		return -EXDEV;
	}
	nbl_report(pool, nbl, NBL_VIOL_DOUBLE_RETURN, "return refused for");
	return -EALREADY;
}

void
nbl_return_refused(struct nbl_pool *pool, const struct nbl *nbl,
		enum nbl_violation kind)
{
	nbl_report(pool, nbl, kind, "return refused for");
}

unsigned int
__nbl_get_bulk(struct nbl_pool *pool, struct nbl **objs, unsigned int n)
{
	unsigned int lcore = rte_lcore_id();
	struct nbl_pool_lcore_stats *st;
	struct rte_mempool_cache *cache;
	unsigned int want = n, got = 0, chunk;

	if (n == 0)
		return 0;
	st = __nbl_stats_slot(pool, lcore);
	cache = rte_mempool_default_cache(pool->mp, lcore);
	if (unlikely(pool->fail_ppm != 0))
		want -= __nbl_inject(pool, st, n);

	/* All at once, else halve the request until the pool gives nothing. */
	chunk = want;
	while (got < want && chunk > 0) {
		bool hit;

		chunk = RTE_MIN(chunk, want - got);
		hit = cache != NULL && cache->len >= chunk;
		if (rte_mempool_generic_get(pool->mp, (void **)&objs[got],
				chunk, cache) == 0) {
			if (hit)
				st->cache_hits += chunk;
			else
				st->cache_misses += chunk;
			got += chunk;
		} else {
			chunk /= 2;
		}
	}
	st->cache_misses += want - got;
	st->alloc_failures += want - got;
	st->allocs += got;
	return got;
}

unsigned int
nbl_alloc_bulk(struct nbl_pool *pool, struct nbl **objs, unsigned int n)
{
	unsigned int got, i;

	if (pool == NULL || objs == NULL) {
		rte_errno = EINVAL;
		return 0;
	}
	got = __nbl_get_bulk(pool, objs, n);
	for (i = 0; i < got; i++)
		__nbl_reset(objs[i], pool->allocate_nb != 0 ?
			(struct nb *)(objs[i] + 1) : NULL);
	if (unlikely(pool->track != NULL))
		nbl_track_note(pool, objs, got, NBL_CALL_ALLOC, 0, rte_rdtsc());
	if (got < n)
		rte_errno = ENOMEM;
	return got;
}

#define NBL_FREE_BATCH 64

static inline void
nbl_put_batch(struct nbl_pool *pool, void **batch, unsigned int cnt)
{
	unsigned int lcore = rte_lcore_id();

	if (cnt == 0)
		return;
	if (unlikely(pool->track != NULL))
		nbl_track_note(pool, (struct nbl * const *)batch, cnt,
			NBL_CALL_FREE, 0, rte_rdtsc());
	__nbl_stats_slot(pool, lcore)->frees += cnt;
	rte_mempool_generic_put(pool->mp, batch, cnt,
		rte_mempool_default_cache(pool->mp, lcore));
}

unsigned int
nbl_free_bulk(struct nbl **objs, unsigned int n)
{
	void *batch[NBL_FREE_BATCH];
	struct nbl_pool *batch_pool = NULL;
	unsigned int i, cnt = 0, freed = 0;

	if (objs == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		struct nbl *nbl = objs[i];
		struct nbl_pool *pool;

		if (nbl == NULL)
			continue;
		pool = __nbl_free_check(nbl);
		if (pool == NULL) {
			if (__nbl_free_slow(nbl) == 0)
				freed++;
			continue;
		}
		if (pool != batch_pool || cnt == NBL_FREE_BATCH) {
			if (batch_pool != NULL)
				nbl_put_batch(batch_pool, batch, cnt);
			batch_pool = pool;
			cnt = 0;
		}
		nbl->state = NBL_STATE_FREE;
		batch[cnt++] = nbl;
		freed++;
	}
	if (batch_pool != NULL)
		nbl_put_batch(batch_pool, batch, cnt);
	return freed;
}
