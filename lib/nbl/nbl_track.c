/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * NBL history (NDIS NBL tracking, pools created with track_depth > 0):
 * each NBL keeps its last transitions in a side array indexed by the
 * NBL's index, written by the thread that owns the NBL at the time. Off
 * (the default) the pool has no array and the fast paths test one
 * pointer on a line they read anyway.
 */

#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_malloc.h>

#include "nbl_pvt.h"

static const char * const nbl_call_names[NBL_CALL_MAX] = {
	[NBL_CALL_ALLOC] = "alloc",
	[NBL_CALL_FILL] = "fill",
	[NBL_CALL_INDICATE] = "indicate",
	[NBL_CALL_RETURN] = "return",
	[NBL_CALL_RECYCLE] = "recycle",
	[NBL_CALL_FREE] = "free",
};

const char *
nbl_call_name(enum nbl_call call)
{
	return (unsigned int)call < NBL_CALL_MAX ? nbl_call_names[call] :
		"unknown";
}

struct nbl_track *
nbl_track_create(const char *name, uint32_t count, uint32_t depth,
		int socket_id)
{
	struct nbl_track *t;

	t = rte_zmalloc_socket("nbl_track", sizeof(*t), 0, socket_id);
	if (t == NULL)
		return NULL;
	t->depth = depth;
	t->count = count;
	t->shift = rte_log2_u32(rte_align32pow2(depth));
	t->mask = (1u << t->shift) - 1;
	t->seq = rte_zmalloc_socket("nbl_track_seq",
		sizeof(*t->seq) * (size_t)count, RTE_CACHE_LINE_SIZE,
		socket_id);
	t->ev = rte_zmalloc_socket("nbl_track_ev",
		sizeof(*t->ev) * ((size_t)count << t->shift),
		RTE_CACHE_LINE_SIZE, socket_id);
	if (t->seq == NULL || t->ev == NULL) {
		NBL_LOG(ERR, "NBL pool %s: no memory for the history of %u NBLs x %u transitions",
			name, count, depth);
		nbl_track_free(t);
		return NULL;
	}
	return t;
}

void
nbl_track_free(struct nbl_track *t)
{
	if (t == NULL)
		return;
	rte_free(t->seq);
	rte_free(t->ev);
	rte_free(t);
}

static inline uint16_t
nbl_track_lcore(void)
{
	unsigned int lcore = rte_lcore_id();

	return lcore < RTE_MAX_LCORE ? (uint16_t)lcore : NBL_TRACK_NON_EAL;
}

/* The event's second word: seq, lcore, call and state, as they lie in
 * struct nbl_track_event (one store instead of four). */
static inline uint64_t
nbl_track_word(uint32_t seq, uint16_t lcore, uint8_t call, uint8_t state)
{
	struct nbl_track_event e = { .seq = seq, .lcore = lcore, .call = call,
		.state = state };
	uint64_t w;

	memcpy(&w, &e.seq, sizeof(w));
	return w;
}

/* A pool's history in locals, so that the loop of nbl_track_note() keeps
 * them in registers (its stores could alias the struct). */
struct nbl_track_regs {
	uint32_t *seq;
	struct nbl_track_event *ev;
	uint32_t count;
	uint32_t shift;
	uint32_t mask;
};

static __rte_always_inline struct nbl_track_regs
nbl_track_regs(const struct nbl_track *t)
{
	return (struct nbl_track_regs){ .seq = t->seq, .ev = t->ev,
		.count = t->count, .shift = t->shift, .mask = t->mask };
}

/* One event; an index outside the pool (memory that is no NBL of it) is
 * not recorded. state 0: the NBL's own. */
static __rte_always_inline void
nbl_track_put(const struct nbl_track_regs r, const struct nbl *nbl,
		uint8_t call, uint8_t state, uint16_t lcore, uint64_t tsc)
{
	const uint32_t i = nbl->index;
	struct nbl_track_event *e;
	uint64_t w;
	uint32_t k;

	if (unlikely(i >= r.count))
		return;
	k = ++r.seq[i];
	e = &r.ev[((size_t)i << r.shift) + ((k - 1) & r.mask)];
	w = nbl_track_word(k, lcore, call, state != 0 ? state : nbl->state);
	e->tsc = tsc;
	memcpy(&e->seq, &w, sizeof(w));
}

void
__nbl_track_one(struct nbl_pool *pool, struct nbl *nbl, enum nbl_call call)
{
	nbl_track_put(nbl_track_regs(pool->track), nbl, (uint8_t)call, 0,
		nbl_track_lcore(), rte_rdtsc());
}

void
nbl_track_note(struct nbl_pool *pool, struct nbl * const *nbls,
		unsigned int n, enum nbl_call call, uint8_t state, uint64_t tsc)
{
	struct nbl_track_regs t;
	uint16_t lcore;
	unsigned int i;

	if (pool == NULL || nbls == NULL || pool->track == NULL)
		return;
	t = nbl_track_regs(pool->track);
	lcore = nbl_track_lcore();
	for (i = 0; i < n; i++)
		nbl_track_put(t, nbls[i], (uint8_t)call, state, lcore, tsc);
}

void
nbl_track_note2(struct nbl_pool *pool, struct nbl * const *nbls,
		unsigned int n, enum nbl_call call1, uint8_t state1,
		enum nbl_call call2, uint8_t state2, uint64_t tsc)
{
	struct nbl_track_regs t;
	uint16_t lcore;
	unsigned int i;

	if (pool == NULL || nbls == NULL || pool->track == NULL ||
			state1 == 0 || state2 == 0)
		return;
	t = nbl_track_regs(pool->track);
	lcore = nbl_track_lcore();
	for (i = 0; i < n; i++) {
		nbl_track_put(t, nbls[i], (uint8_t)call1, state1, lcore, tsc);
		nbl_track_put(t, nbls[i], (uint8_t)call2, state2, lcore, tsc);
	}
}

unsigned int
nbl_track_depth(const struct nbl_pool *pool)
{
	return pool != NULL && pool->track != NULL ? pool->track->depth : 0;
}

int
nbl_track_get(const struct nbl_pool *pool, uint32_t index,
		struct nbl_track_event *ev, unsigned int max)
{
	const struct nbl_track *t;
	uint32_t seq, first, k;
	unsigned int n = 0;

	if (pool == NULL || ev == NULL)
		return -EINVAL;
	t = pool->track;
	if (t == NULL)
		return -ENOTSUP;
	if (index >= t->count)
		return -ERANGE;
	seq = __atomic_load_n(&t->seq[index], __ATOMIC_ACQUIRE);
	first = seq > t->depth ? seq - t->depth + 1 : 1;
	for (k = first; k <= seq && n < max; k++)
		ev[n++] = t->ev[((size_t)index << t->shift) +
			((k - 1) & t->mask)];
	return (int)n;
}
