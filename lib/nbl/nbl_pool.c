/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * NBL pools (R1, R6): creation, lookup, audit, statistics, free.
 */

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mempool.h>

#include "nbl_pvt.h"

RTE_LOG_REGISTER_DEFAULT(nbl_logtype, INFO);

struct nbl_pool *nbl_pool_table[NBL_MAX_POOLS];
rte_spinlock_t nbl_pool_table_lock = RTE_SPINLOCK_INITIALIZER;

/* Generation of each slot, 1..(2^(16 - NBL_POOL_SLOT_BITS) - 1). */
static uint16_t nbl_pool_gen[NBL_MAX_POOLS];

static const char * const nbl_viol_names[NBL_VIOL_MAX] = {
	[NBL_VIOL_DOUBLE_FREE] = "double_free",
	[NBL_VIOL_DOUBLE_RETURN] = "double_return",
	[NBL_VIOL_FOREIGN] = "foreign",
	[NBL_VIOL_FREE_INDICATED] = "free_indicated",
	[NBL_VIOL_CONTEXT_LEAK] = "context_leak",
	[NBL_VIOL_NB_QUEUED] = "nb_queued",
	[NBL_VIOL_MDL_SHORTENED] = "mdl_shortened",
	[NBL_VIOL_MDL_OVERLONG] = "mdl_overlong",
	[NBL_VIOL_WRONG_ALLOC] = "wrong_alloc",
	[NBL_VIOL_INDICATE_NOT_HELD] = "indicate_not_held",
};

/*
 * Layouts other modules and the fast path rely on. A receive descriptor is
 * one object: [struct nbl][struct nb with its descriptor mdl0][context]
 * [data], the NBL on a cache line. What a fill writes and a return reads
 * is in two lines: the NBL's first (link, first NB, the state word, the
 * driver's scratch) and the line made of the NB's per-packet tail and the
 * first half of mdl0 (offsets, length, mbuf, modified; address, lengths,
 * mbuf). tests/unit/test_nbl.c checks the same on real objects.
 */
static void __rte_unused
nbl_layout_checks(void)
{
	RTE_BUILD_BUG_ON(sizeof(struct nbl) != 2 * RTE_CACHE_LINE_SIZE);
	RTE_BUILD_BUG_ON(offsetof(struct nbl, next) != 0);
	RTE_BUILD_BUG_ON(offsetof(struct nbl, first_nb) != 8);
	RTE_BUILD_BUG_ON(offsetof(struct nbl, pool_id) != 16);
	RTE_BUILD_BUG_ON(offsetof(struct nbl, state) != 18);
	RTE_BUILD_BUG_ON(offsetof(struct nbl, flags) != 19);
	RTE_BUILD_BUG_ON(offsetof(struct nbl, status) != 20);
	RTE_BUILD_BUG_ON(offsetof(struct nbl, miniport_reserved) +
		sizeof(((struct nbl *)0)->miniport_reserved) >
		RTE_CACHE_LINE_SIZE);
	RTE_BUILD_BUG_ON(offsetof(struct nbl, timestamp_ns) + sizeof(uint64_t) >
		RTE_CACHE_LINE_SIZE);
	RTE_BUILD_BUG_ON(offsetof(struct nbl, protocol_reserved) !=
		RTE_CACHE_LINE_SIZE);
	/* The NB's per-packet tail starts a cache line and mdl0's first
	 * half ends it. */
	RTE_BUILD_BUG_ON(offsetof(struct nb, next) != RTE_CACHE_LINE_SIZE);
	RTE_BUILD_BUG_ON(offsetof(struct nb, mbuf) + sizeof(void *) !=
		offsetof(struct nb, mdl0));
	RTE_BUILD_BUG_ON(offsetof(struct nb, mdl0) +
		offsetof(struct nbl_mdl, mbuf) + sizeof(void *) !=
		2 * RTE_CACHE_LINE_SIZE);
	RTE_BUILD_BUG_ON(offsetof(struct nbl_mdl, next) != 0);
	RTE_BUILD_BUG_ON(offsetof(struct nbl_mdl, addr) != 8);
	RTE_BUILD_BUG_ON(offsetof(struct nbl_mdl, orig_len) !=
		offsetof(struct nbl_mdl, len) + sizeof(uint32_t));
	RTE_BUILD_BUG_ON(offsetof(struct nb, data_offset) !=
		offsetof(struct nb, cur_mdl_offset) + sizeof(uint32_t));
	/* The preallocated NB follows its NBL: both start a cache line. */
	RTE_BUILD_BUG_ON(sizeof(struct nbl) % RTE_CACHE_LINE_SIZE != 0);
	RTE_BUILD_BUG_ON(sizeof(struct nb) % NBL_CONTEXT_ALIGN != 0);
	RTE_BUILD_BUG_ON(sizeof(struct nbl_mdl) > RTE_CACHE_LINE_SIZE);
	RTE_BUILD_BUG_ON(!RTE_IS_POWER_OF_2(NBL_MAX_POOLS));
	RTE_BUILD_BUG_ON((1 << NBL_POOL_SLOT_BITS) != NBL_MAX_POOLS);
	RTE_BUILD_BUG_ON(RTE_DIM(nbl_viol_names) != NBL_VIOL_MAX);
	/* the history records an event in two 8-byte stores */
	RTE_BUILD_BUG_ON(sizeof(struct nbl_track_event) != 16);
	RTE_BUILD_BUG_ON(offsetof(struct nbl_track_event, seq) != 8);
}

const char *
nbl_violation_name(enum nbl_violation kind)
{
	if ((unsigned int)kind >= NBL_VIOL_MAX)
		return "unknown";
	return nbl_viol_names[kind];
}

const char *
nbl_state_name(uint8_t state)
{
	switch (state) {
	case NBL_STATE_FREE:
		return "free";
	case NBL_STATE_HELD:
		return "held";
	case NBL_STATE_INDICATED:
		return "indicated";
	case NBL_NB_STATE_QUEUED:
		return "queued";
	case NBL_MDL_STATE_IN_NB:
		return "in_nb";
	default:
		return "invalid";
	}
}

bool
nbl_viol_should_log(uint32_t *logged, const char *pool_name,
		enum nbl_violation kind)
{
	uint32_t n = __atomic_fetch_add(&logged[kind], 1, __ATOMIC_RELAXED);

	if (n < NBL_VIOL_LOG_MAX)
		return true;
	if (n == NBL_VIOL_LOG_MAX)
		NBL_LOG(WARNING, "pool %s: further %s violations are counted, not logged",
			pool_name, nbl_violation_name(kind));
	return false;
}

int
nbl_check_name(const char *what, const char *name)
{
	if (name == NULL) {
		NBL_LOG(ERR, "%s pool: name is NULL", what);
		return -EINVAL;
	}
	if (name[0] == '\0' || strnlen(name, NBL_NAME_MAX + 1) > (size_t)NBL_NAME_MAX) {
		NBL_LOG(ERR, "%s pool '%.*s': name must be 1 to %d characters",
			what, NBL_NAME_MAX + 8, name, NBL_NAME_MAX);
		return -EINVAL;
	}
	return 0;
}

int
nbl_check_cache(const char *what, const char *name, uint32_t count,
		uint32_t cache_size)
{
	if (count == 0) {
		NBL_LOG(ERR, "%s pool %s: count is 0, a pool needs at least one object",
			what, name);
		return -EINVAL;
	}
	if (cache_size > RTE_MEMPOOL_CACHE_MAX_SIZE) {
		NBL_LOG(ERR, "%s pool %s: cache_size %u above RTE_MEMPOOL_CACHE_MAX_SIZE %u",
			what, name, cache_size, RTE_MEMPOOL_CACHE_MAX_SIZE);
		return -EINVAL;
	}
	/* rte_mempool refuses a cache whose flush threshold exceeds the
	 * object count. */
	if (nbl_mempool_cache_max(cache_size) > count) {
		NBL_LOG(ERR, "%s pool %s: cache_size %u too big for count %u (1.5 x cache_size must not exceed count, at most %u)",
			what, name, cache_size, count,
			(uint32_t)((uint64_t)count * 2 / 3));
		return -EINVAL;
	}
	return 0;
}

void
nbl_mp_name(char *buf, size_t size, const char *prefix, const char *name)
{
	snprintf(buf, size, "%s%s", prefix, name);
}

static int
nbl_pool_check_params(const struct nbl_pool_params *p)
{
	int ret;

	if (p == NULL) {
		NBL_LOG(ERR, "pool create: params is NULL");
		return -EINVAL;
	}
	ret = nbl_check_name("NBL", p->name);
	if (ret != 0)
		return ret;
	ret = nbl_check_cache("NBL", p->name, p->count, p->cache_size);
	if (ret != 0)
		return ret;
	if (p->context_size % NBL_CONTEXT_ALIGN != 0) {
		NBL_LOG(ERR, "NBL pool %s: context_size %u is not a multiple of NBL_CONTEXT_ALIGN (%d)",
			p->name, p->context_size, NBL_CONTEXT_ALIGN);
		return -EINVAL;
	}
	if (p->track_depth > NBL_TRACK_MAX_DEPTH) {
		NBL_LOG(ERR, "NBL pool %s: track_depth %u is above %d transitions per NBL",
			p->name, p->track_depth, NBL_TRACK_MAX_DEPTH);
		return -EINVAL;
	}
	if (p->data_size != 0 && !p->allocate_nb) {
		NBL_LOG(ERR, "NBL pool %s: data_size %u needs allocate_nb (the data area belongs to the preallocated NB)",
			p->name, p->data_size);
		return -EINVAL;
	}
	return 0;
}

/* Set up one element: [struct nbl][struct nb with its descriptor mdl0]
 * [context][data]. */
static void
nbl_obj_init(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	struct nbl_pool *pool = arg;
	struct nbl *nbl = obj;
	uint8_t *p = (uint8_t *)(nbl + 1);
	struct nb *nb = NULL;

	RTE_SET_USED(mp);
	memset(obj, 0, pool->elt_size);
	/* rte_mempool_obj_iter() numbers the objects 0 .. count - 1 */
	nbl->index = idx;
	nbl->pool_id = pool->id;
	nbl->state = NBL_STATE_FREE;
	nbl->ctx_size = pool->context_size;
	if (pool->allocate_nb) {
		nb = (struct nb *)p;
		p += sizeof(*nb);
		nb->pool_id = pool->id;
		nb->prealloc = 1;
		nb->state = NBL_STATE_FREE;
		nbl_mdl_in_nb_init(&nb->mdl0);
	}
	nbl->ctx = pool->context_size != 0 ? p : NULL;
	p += pool->context_size;
	if (nb != NULL && pool->data_size != 0) {
		nb->data = RTE_PTR_ALIGN_CEIL(p, RTE_CACHE_LINE_SIZE);
		nb->data_size = pool->data_size;
	}
}

uint32_t
nbl_pool_obj_size(bool allocate_nb, uint32_t context_size, uint32_t data_size)
{
	uint32_t sz = sizeof(struct nbl) +
		(allocate_nb ? sizeof(struct nb) : 0) + context_size;

	/* Pool objects start on a cache line (the mempool's default). */
	if (data_size != 0)
		sz = RTE_ALIGN_CEIL(sz, RTE_CACHE_LINE_SIZE) + data_size;
	return sz;
}

struct nbl_pool *
nbl_pool_create(const struct nbl_pool_params *params)
{
	char mp_name[RTE_MEMPOOL_NAMESIZE];
	struct nbl_pool *pool;
	unsigned int slot, i;
	uint16_t gen;
	int ret;

	ret = nbl_pool_check_params(params);
	if (ret != 0) {
		rte_errno = -ret;
		return NULL;
	}
	if (nbl_pool_lookup(params->name) != NULL) {
		NBL_LOG(ERR, "NBL pool %s: a pool of that name exists",
			params->name);
		rte_errno = EEXIST;
		return NULL;
	}
	for (slot = 0; slot < NBL_MAX_POOLS; slot++)
		if (nbl_pool_table[slot] == NULL)
			break;
	if (slot == NBL_MAX_POOLS) {
		NBL_LOG(ERR, "NBL pool %s: %d pools exist already",
			params->name, NBL_MAX_POOLS);
		rte_errno = ENOSPC;
		return NULL;
	}
	pool = rte_zmalloc_socket("nbl_pool", sizeof(*pool),
		RTE_CACHE_LINE_SIZE, params->socket_id);
	if (pool == NULL) {
		NBL_LOG(ERR, "NBL pool %s: no memory for the pool structure",
			params->name);
		rte_errno = ENOMEM;
		return NULL;
	}
	gen = nbl_pool_gen[slot] + 1;
	if (gen >= (1u << (16 - NBL_POOL_SLOT_BITS)))
		gen = 1;
	pool->id = (uint16_t)(slot | ((unsigned int)gen << NBL_POOL_SLOT_BITS));
	pool->allocate_nb = params->allocate_nb ? 1 : 0;
	pool->context_size = params->context_size;
	pool->data_size = params->data_size;
	pool->count = params->count;
	pool->cache_size = params->cache_size;
	pool->elt_size = nbl_pool_obj_size(pool->allocate_nb != 0,
		pool->context_size, pool->data_size);
	pool->tag = params->tag;
	snprintf(pool->name, sizeof(pool->name), "%s", params->name);
	for (i = 0; i <= RTE_MAX_LCORE; i++)
		pool->stats[i].rng = i;
	if (params->track_depth != 0) {
		pool->track = nbl_track_create(params->name, params->count,
			params->track_depth, params->socket_id);
		if (pool->track == NULL) {
			rte_free(pool);
			rte_errno = ENOMEM;
			return NULL;
		}
	}

	nbl_mp_name(mp_name, sizeof(mp_name), NBL_MP_PREFIX_NBL, params->name);
	/* No spreading over memory channels: rte_mempool would pad each
	 * object (header + NBL + NB, 384 bytes) so that objects start on
	 * different channels, which pays off for buffers streamed by a NIC,
	 * not for descriptors the CPU touches two lines of. */
	pool->mp = rte_mempool_create(mp_name, params->count, pool->elt_size,
		params->cache_size, 0, NULL, NULL, nbl_obj_init, pool,
		params->socket_id, RTE_MEMPOOL_F_NO_SPREAD);
	if (pool->mp == NULL) {
		ret = rte_errno == EEXIST ? EEXIST : ENOMEM;
		NBL_LOG(ERR, "NBL pool %s: mempool of %u x %u bytes not created: %s",
			params->name, params->count, pool->elt_size,
			rte_strerror(rte_errno));
		nbl_track_free(pool->track);
		rte_free(pool);
		rte_errno = ret;
		return NULL;
	}
	rte_spinlock_lock(&nbl_pool_table_lock);
	nbl_pool_gen[slot] = gen;
	nbl_pool_table[slot] = pool;
	rte_spinlock_unlock(&nbl_pool_table_lock);
	NBL_LOG(DEBUG, "NBL pool %s: id %#x, %u NBLs of %u bytes, cache %u",
		pool->name, pool->id, pool->count, pool->elt_size,
		pool->cache_size);
	return pool;
}

static void
nbl_audit_obj(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	struct nbl_pool_audit *a = arg;
	const struct nbl *nbl = obj;

	RTE_SET_USED(mp);
	RTE_SET_USED(idx);
	a->count++;
	switch (nbl->state) {
	case NBL_STATE_FREE:
		a->free++;
		break;
	case NBL_STATE_HELD:
		a->held++;
		break;
	case NBL_STATE_INDICATED:
		a->indicated++;
		break;
	default:
		a->other++;
		break;
	}
}

int
nbl_pool_audit(const struct nbl_pool *pool, struct nbl_pool_audit *audit)
{
	if (pool == NULL || audit == NULL)
		return -EINVAL;
	memset(audit, 0, sizeof(*audit));
	rte_mempool_obj_iter(pool->mp, nbl_audit_obj, audit);
	return 0;
}

int
nbl_pool_free(struct nbl_pool *pool)
{
	struct nbl_pool_audit a;

	if (pool == NULL)
		return 0;
	nbl_pool_audit(pool, &a);
	if (a.held != 0 || a.indicated != 0 || a.other != 0) {
		NBL_LOG(ERR, "NBL pool %s: not freed, %u of %u NBLs out (held %u, indicated %u, unknown state %u)",
			pool->name, a.held + a.indicated + a.other, a.count,
			a.held, a.indicated, a.other);
		return -EBUSY;
	}
	nbl_pool_abandon(pool);
	rte_mempool_free(pool->mp);
	nbl_track_free(pool->track);
	rte_free(pool);
	return 0;
}

void
nbl_pool_abandon(struct nbl_pool *pool)
{
	unsigned int slot;

	if (pool == NULL)
		return;
	/* Under the table lock, which every telemetry reader holds while
	 * it reads a pool: none reads this one after the unlock. */
	slot = pool->id & NBL_POOL_SLOT_MASK;
	rte_spinlock_lock(&nbl_pool_table_lock);
	if (nbl_pool_table[slot] == pool)
		nbl_pool_table[slot] = NULL;
	rte_spinlock_unlock(&nbl_pool_table_lock);
}

struct nbl_pool *
nbl_pool_lookup(const char *name)
{
	unsigned int i;

	if (name == NULL) {
		rte_errno = ENOENT;
		return NULL;
	}
	for (i = 0; i < NBL_MAX_POOLS; i++) {
		struct nbl_pool *p = nbl_pool_table[i];

		if (p != NULL && strcmp(p->name, name) == 0)
			return p;
	}
	rte_errno = ENOENT;
	return NULL;
}

struct nbl_pool *
nbl_pool_from_id(uint16_t id)
{
	struct nbl_pool *p = nbl_pool_table[id & NBL_POOL_SLOT_MASK];

	if (p == NULL || p->id != id)
		return NULL;
	return p;
}

int
nbl_pool_stats_get(const struct nbl_pool *pool, struct nbl_pool_stats *stats)
{
	unsigned int i, k;

	if (pool == NULL || stats == NULL)
		return -EINVAL;
	memset(stats, 0, sizeof(*stats));
	for (i = 0; i <= RTE_MAX_LCORE; i++) {
		const struct nbl_pool_lcore_stats *s = &pool->stats[i];

		stats->allocs += s->allocs;
		stats->frees += s->frees;
		stats->cache_hits += s->cache_hits;
		stats->cache_misses += s->cache_misses;
		stats->alloc_failures += s->alloc_failures;
		stats->injected_failures += s->injected_failures;
		for (k = 0; k < NBL_VIOL_MAX; k++)
			stats->violations[k] += s->violations[k];
	}
	stats->in_use = (int64_t)(stats->allocs - stats->frees);
	return 0;
}

int
nbl_pool_lcore_figures_get(const struct nbl_pool *pool,
		struct nbl_pool_lcore_figures *out, unsigned int max)
{
	unsigned int i, n = 0;

	if (pool == NULL || out == NULL)
		return -EINVAL;
	for (i = 0; i <= RTE_MAX_LCORE && n < max; i++) {
		const struct nbl_pool_lcore_stats *s = &pool->stats[i];
		const struct rte_mempool_cache *c = NULL;
		struct nbl_pool_lcore_figures *f = &out[n];

		if (i < RTE_MAX_LCORE) {
			if (!rte_lcore_is_enabled(i))
				continue;
			c = rte_mempool_default_cache(pool->mp, i);
		} else if ((s->allocs | s->frees | s->cache_hits |
				s->cache_misses) == 0) {
			continue;
		}
		f->lcore = i;
		f->cached = c != NULL ? __atomic_load_n(&c->len,
			__ATOMIC_RELAXED) : 0;
		f->allocs = s->allocs;
		f->frees = s->frees;
		f->cache_hits = s->cache_hits;
		f->cache_misses = s->cache_misses;
		n++;
	}
	return (int)n;
}

static const char *
nbl_violation_elem_name(unsigned int i)
{
	return nbl_violation_name((enum nbl_violation)i);
}

#define NBL_POOL_U64(n, f, m) \
	{ .name = n, .offset = offsetof(struct nbl_pool_stats, f), \
	  .type = NBL_COUNTER_U64, .meaning = m }

static const struct nbl_counter nbl_pool_counter_table[] = {
	NBL_POOL_U64("allocs", allocs,
		"objects allocated (NBLs; NBs for an NB pool)"),
	NBL_POOL_U64("frees", frees, "objects freed back to the pool"),
	{ .name = "cache_hits", .offset = offsetof(struct nbl_pool_stats,
		cache_hits), .flags = NBL_COUNTER_NBL_POOL_ONLY,
	  .meaning = "objects the allocating lcore's cache served" },
	{ .name = "cache_misses", .offset = offsetof(struct nbl_pool_stats,
		cache_misses), .flags = NBL_COUNTER_NBL_POOL_ONLY,
	  .meaning = "objects asked of the common pool (the cache had too "
		"few), failures included" },
	NBL_POOL_U64("alloc_failures", alloc_failures,
		"objects asked for and not given because the pool was empty "
		"(real failures only)"),
	{ .name = "injected_failures", .offset = offsetof(struct nbl_pool_stats,
		injected_failures), .flags = NBL_COUNTER_NBL_POOL_ONLY,
	  .meaning = "objects refused on purpose by --fail-alloc-pct "
		"(nbl_pool_set_fail_pct); not in alloc_failures" },
	{ .name = "violations", .offset = offsetof(struct nbl_pool_stats,
		violations), .nb_elems = NBL_VIOL_MAX,
	  .elem_name = nbl_violation_elem_name,
	  .meaning = "calls the ownership checks refused, by kind" },
	{ .name = "in_use", .offset = offsetof(struct nbl_pool_stats, in_use),
	  .type = NBL_COUNTER_I64,
	  .meaning = "allocs - frees: objects out of the pool now" },
};

const struct nbl_counter *
nbl_pool_counters(unsigned int *nb)
{
	/* A field added to struct nbl_pool_stats needs its table line. */
	RTE_BUILD_BUG_ON(sizeof(struct nbl_pool_stats) != sizeof(uint64_t) *
		(RTE_DIM(nbl_pool_counter_table) - 1 + NBL_VIOL_MAX));
	*nb = RTE_DIM(nbl_pool_counter_table);
	return nbl_pool_counter_table;
}

int
nbl_pool_set_fail_pct(struct nbl_pool *pool, double pct, uint64_t seed)
{
	unsigned int i;

	if (pool == NULL || !(pct >= 0.0 && pct <= 100.0))
		return -EINVAL;
	/* Seed every slot before the rate is visible to allocators. */
	pool->fail_seed = seed;
	for (i = 0; i <= RTE_MAX_LCORE; i++)
		pool->stats[i].rng = seed ^ i;
	__atomic_store_n(&pool->fail_ppm, (uint32_t)(pct * 10000.0 + 0.5),
		__ATOMIC_RELEASE);
	return 0;
}
