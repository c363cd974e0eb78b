/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_PVT_H
#define NBL_PVT_H

/**
 * @file
 * Private definitions of lib/nbl: log type, NB and descriptor pool
 * structures, violation reporting shared by the source files.
 */

#include <stdint.h>
#include <string.h>

#include <rte_log.h>
#include <rte_mempool.h>
#include <rte_spinlock.h>

#include "nbl.h"

extern int nbl_logtype;

#define NBL_LOG(level, ...) \
	rte_log(RTE_LOG_ ## level, nbl_logtype, \
		RTE_FMT("nbl: " RTE_FMT_HEAD(__VA_ARGS__,) "\n", \
			RTE_FMT_TAIL(__VA_ARGS__,)))

/** Violations logged per pool and kind before only counting them. */
#define NBL_VIOL_LOG_MAX 8

/** Mempool name prefixes; each is four characters (see params name). */
#define NBL_MP_PREFIX_NBL "nbl_"
#define NBL_MP_PREFIX_NB  "nbb_"
#define NBL_MP_PREFIX_MDL "nbm_"
/** Longest pool name: the mempool name also holds a prefix. */
#define NBL_NAME_MAX ((int)RTE_MEMPOOL_NAMESIZE - 5)

/** Bits of a pool id that select the table slot. */
#define NBL_POOL_SLOT_BITS 6

/** Per-lcore statistics of an NB pool; one writer each. */
struct nbl_nb_lcore_stats {
	uint64_t allocs;
	uint64_t frees;
	uint64_t alloc_failures;
	uint64_t violations[NBL_VIOL_MAX];
} __rte_cache_aligned;

/** A pool of separately allocated NBs. */
struct nbl_nb_pool {
	struct rte_mempool *mp;
	uint16_t id;
	char name[RTE_MEMPOOL_NAMESIZE];
	uint32_t logged[NBL_VIOL_MAX];
	struct nbl_nb_lcore_stats stats[RTE_MAX_LCORE + 1];
};

/** Cache of a descriptor pool, per lcore. */
#define NBL_MDL_CACHE_SIZE 32u

/** A buffer-descriptor pool (NDIS 5 buffer pool). */
struct nbl_mdl_pool {
	struct rte_mempool *mp;
	uint32_t limit;            /**< NumberOfDescriptors */
	uint32_t buf_size;
	uint32_t outstanding;      /**< atomic: descriptors out */
	uint64_t limit_failures;   /**< atomic */
	uint64_t violations[NBL_VIOL_MAX]; /**< atomic */
	uint32_t logged[NBL_VIOL_MAX];     /**< atomic */
	/** Lcores whose mempool cache may be used (EAL lcores at creation). */
	uint8_t use_cache[RTE_MAX_LCORE];
	char name[RTE_MEMPOOL_NAMESIZE];
};

/** Set up an NB's own descriptor (struct nb::mdl0) in a new object. */
static inline void
nbl_mdl_in_nb_init(struct nbl_mdl *mdl)
{
	memset(mdl, 0, sizeof(*mdl));
	mdl->state = NBL_MDL_STATE_IN_NB;
}

/** Take n NBLs from the pool (injected failures, cache and statistics
 *  counted), not reset; returns how many. */
unsigned int __nbl_get_bulk(struct nbl_pool *pool, struct nbl **objs,
		unsigned int n);
/**
 * NBL history of a pool (track_depth > 0): for the NBL of index i, seq[i]
 * transitions recorded so far, the last ones in a ring of 2^shift >= depth
 * events at ev[i << shift], transition k (from 1) at (k - 1) & mask; a
 * reader is given the last depth. A power of two, so that recording is a
 * mask, not a division. Written by whoever owns the NBL at the time.
 */
struct nbl_track {
	uint32_t depth;
	uint32_t count;            /**< NBLs */
	uint32_t shift;            /**< log2 of the ring of each NBL */
	uint32_t mask;             /**< (1 << shift) - 1 */
	uint32_t *seq;
	struct nbl_track_event *ev;
};

/** Allocate a pool's history (count NBLs, depth each); NULL on no memory. */
struct nbl_track *nbl_track_create(const char *name, uint32_t count,
		uint32_t depth, int socket_id);
/** Free a pool's history (NULL is a no-op). */
void nbl_track_free(struct nbl_track *t);

/** Serialises pool table changes against readers (telemetry). */
extern rte_spinlock_t nbl_pool_table_lock;

/** Statistics slot of the calling thread. */
static inline unsigned int
nbl_slot_index(void)
{
	unsigned int lcore = rte_lcore_id();

	return lcore < RTE_MAX_LCORE ? lcore : RTE_MAX_LCORE;
}

/**
 * Whether a violation should still be logged: true for the first
 * NBL_VIOL_LOG_MAX of a kind; the next one logs a notice that further
 * ones are only counted.
 */
bool nbl_viol_should_log(uint32_t *logged, const char *pool_name,
		enum nbl_violation kind);

/** Check pool creation parameters common to NBL and NB pools. */
int nbl_check_name(const char *what, const char *name);
int nbl_check_cache(const char *what, const char *name, uint32_t count,
		uint32_t cache_size);

/** Compose a mempool name from a prefix and a pool name. */
void nbl_mp_name(char *buf, size_t size, const char *prefix,
		const char *name);

#endif /* NBL_PVT_H */
