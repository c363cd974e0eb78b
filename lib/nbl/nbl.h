/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_H
#define NBL_H

/**
 * @file
 * NET_BUFFER_LIST pools modeled on NDIS 6, and buffer-descriptor (MDL)
 * pools modeled on NDIS 5, on top of rte_mempool.
 *
 * Objects:
 * - struct nbl: a NET_BUFFER_LIST. Carries its pool id and an ownership
 *   state byte (FREE, HELD, INDICATED) that every call checks.
 * - struct nb: a NET_BUFFER. Either preallocated inside its NBL (pools
 *   created with allocate_nb, NDIS fAllocateNetBuffer) or taken from a
 *   separate NB pool and queued on an NBL. Each NB carries its own buffer
 *   descriptor (mdl0), descriptor 0 of a receive descriptor: an NBL with
 *   its preallocated NB is then one object of the pool, and what a
 *   receive fill and return touch of it lies in two cache lines.
 * - struct nbl_mdl: a buffer descriptor (NDIS MDL) describing a range of
 *   memory: an mbuf segment, or a buffer owned by the descriptor pool.
 *
 * Threading contract:
 * - Pools are created and freed by one thread while no other thread uses
 *   them (NDIS: MiniportInitializeEx and MiniportHaltEx).
 * - Allocation and free may be called from any EAL lcore and from non-EAL
 *   threads; they go through the calling lcore's mempool cache. Statistics
 *   have one slot per lcore (one writer each) and one slot shared by all
 *   non-EAL threads, which must therefore not allocate concurrently.
 * - An NBL, its NBs and their descriptors are owned by one thread at a time:
 *   the driver side while HELD, the consumer side while INDICATED.
 *   Handing them between lcores is the caller's business (lib/rxq uses
 *   SPSC rings).
 * - Buffer-descriptor pools enforce NumberOfDescriptors with an atomic
 *   counter, so they are safe from any thread.
 *
 * Reuse in place (nbl_reuse_*): a consumer writes an indicated NBL's
 * flags and status directly and changes the rest through lib/nbl calls,
 * which mark the NBL (NBL_F_MODIFIED) or NB (struct nb::modified), so an
 * owner tests one word and one byte to know whether a returned NBL needs
 * more than its state word and link reset.
 *
 * NBL history (pools created with track_depth, NDIS NBL tracking): each
 * NBL's last transitions, in a side array indexed by the NBL's index (set
 * once, at pool creation). An NBL's history is written by the thread that
 * owns the NBL at the time (alloc and free here, fill, indicate, return
 * and recycle by its owner through nbl_track_note()); any thread may read
 * it. Off, the allocation and free paths test one pointer.
 *
 * Ownership violations (double free, double return, foreign NBL, free of
 * an indicated NBL, free with a separate NB still queued or a context
 * still allocated, free of a shortened descriptor) are refused, counted
 * per pool and kind, and logged with the object's address and last state
 * (the first few per pool and kind; later ones are only counted). A
 * refused call leaves the object as it was: it never touches a free list
 * or a cache. NDIS leaves a buffer freed that way leaked; here the caller
 * may repair it (free the context, dequeue the NB, restore the length)
 * and free it again. Each refusal has its own return code (the @return
 * of each call lists them), apart from a bad argument's -EINVAL.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_prefetch.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Ownership states. Distinct non-zero values so stray memory is no state. */
enum nbl_state {
	NBL_STATE_FREE = 0xf5,      /**< in the mempool or a cache */
	NBL_STATE_HELD = 0x4d,      /**< driver side (a queue's free list) */
	NBL_STATE_INDICATED = 0x1c, /**< consumer side, until returned */
};

/** NBL flags (struct nbl::flags). */
#define NBL_F_RESOURCES   RTE_BIT32(0) /**< NDIS_RECEIVE_FLAGS_RESOURCES */
#define NBL_F_COPIED      RTE_BIT32(1) /**< data lives in the NB's data area */
/** Set by the lib/nbl calls that change an NBL's NB list or context
 *  (nbl_queue_nb, nbl_dequeue_nb, nbl_context_alloc, nbl_context_free),
 *  so that its owner knows to reset it from scratch when it comes back;
 *  nbl_reuse_reset() clears it. Consumers leave it as they find it. */
#define NBL_F_MODIFIED    RTE_BIT32(7)

/** Kinds of counted rule violations. */
enum nbl_violation {
	NBL_VIOL_DOUBLE_FREE = 0,  /**< free of an NBL/NB already FREE */
	NBL_VIOL_DOUBLE_RETURN,    /**< return of an NBL that is not INDICATED */
	NBL_VIOL_FOREIGN,          /**< NBL/NB from another pool */
	NBL_VIOL_FREE_INDICATED,   /**< free of an NBL the consumer owns */
	NBL_VIOL_CONTEXT_LEAK,     /**< free with context still allocated */
	NBL_VIOL_NB_QUEUED,        /**< free with a separate NB still queued */
	NBL_VIOL_MDL_SHORTENED,    /**< free of a descriptor not restored */
	NBL_VIOL_MDL_OVERLONG,     /**< adjust beyond the original length */
	NBL_VIOL_WRONG_ALLOC,      /**< alloc call not allowed on this pool (R2) */
	NBL_VIOL_INDICATE_NOT_HELD, /**< indicate of an NBL that is not HELD */
	NBL_VIOL_MAX,
};

/** Alignment of NBL context sizes (MEMORY_ALLOCATION_ALIGNMENT on x64). */
#define NBL_CONTEXT_ALIGN 16
/** Largest number of NBL pools alive at once. */
#define NBL_MAX_POOLS 64
/** Make a four-character pool tag, as NDIS pool tags are written. */
#define NBL_TAG(a, b, c, d) \
	((uint32_t)(a) | ((uint32_t)(b) << 8) | ((uint32_t)(c) << 16) | \
	 ((uint32_t)(d) << 24))

struct nbl_mdl_pool;

/** Buffer descriptor (NDIS MDL): a range of one buffer. The first 32
 * bytes are what a receive fill writes (struct nb::mdl0). */
struct nbl_mdl {
	struct nbl_mdl *next;      /**< next descriptor of the chain */
	uint8_t *addr;             /**< start of the range */
	uint32_t len;              /**< current length (MmGetMdlByteCount) */
	uint32_t orig_len;         /**< length when set up; len never exceeds it */
	struct rte_mbuf *mbuf;     /**< segment mapped, NULL for pool memory */
	struct nbl_mdl_pool *pool; /**< owner; NULL for an NB's own descriptor */
	uint8_t *buf;              /**< buffer owned by the descriptor, or NULL */
	uint32_t buf_size;         /**< size of buf */
	uint8_t state;             /**< NBL_STATE_FREE, NBL_STATE_HELD or
				    *   NBL_MDL_STATE_IN_NB */
	uint8_t pad[3];
};

/**
 * NET_BUFFER. The first 64 bytes change only through lib/nbl calls; the
 * next 32 are what a receive fill writes per packet and, with the first
 * half of the NB's own descriptor @p mdl0 that follows, make one cache
 * line when the NB starts on a cache line (as in every pool object).
 */
struct nb {
	struct nbl_mdl *mdl_chain; /**< NET_BUFFER_FIRST_MDL */
	struct nbl_mdl *cur_mdl;   /**< NET_BUFFER_CURRENT_MDL: holds data start */
	uint8_t *data;             /**< preallocated data area, or NULL */
	uint32_t data_size;        /**< size of data */
	uint16_t pool_id;          /**< NBL pool (prealloc) or NB pool id */
	uint8_t state;             /**< ownership, as for NBLs */
	uint8_t prealloc;          /**< 1: lives inside its NBL */
	void *miniport_reserved[4]; /**< driver-side scratch */
	/* per packet, one cache line with the first half of mdl0 */
	struct nb *next;           /**< NET_BUFFER_NEXT_NB */
	uint32_t cur_mdl_offset;   /**< data start inside cur_mdl */
	uint32_t data_offset;      /**< NET_BUFFER_DATA_OFFSET from chain start */
	uint32_t data_len;         /**< NET_BUFFER_DATA_LENGTH */
	/** set by the lib/nbl calls that move the data start or change the
	 *  descriptor chain or a length of mdl0 (retreat, advance, chain,
	 *  set data, adjust length); cleared by nbl_reuse_reset() */
	uint8_t modified;
	uint8_t pad[3];
	struct rte_mbuf *mbuf;     /**< zero-copy: mbuf the chain maps */
	/** the NB's own descriptor, allocated with it: descriptor 0 of a
	 *  receive descriptor. Chained only when its owner maps data with
	 *  it; never freed alone (it goes with its NB). */
	struct nbl_mdl mdl0;
	/** the size a multiple of NBL_CONTEXT_ALIGN (a context follows) */
	uint64_t pad2;
};

/**
 * NET_BUFFER_LIST. The first cache line holds everything a receive fill
 * writes and a return reads (with the NB's per-packet line, two lines per
 * packet); MiniportReserved is the driver's, in that line.
 */
struct nbl {
	struct nbl *next;          /**< NET_BUFFER_LIST_NEXT_NBL: chain link */
	struct nb *first_nb;       /**< NET_BUFFER_LIST_FIRST_NB */
	uint16_t pool_id;          /**< owning pool */
	uint8_t state;             /**< enum nbl_state */
	uint8_t flags;             /**< NBL_F_* */
	int32_t status;            /**< NET_BUFFER_LIST_STATUS */
	uint16_t ctx_used;         /**< bytes of context allocated, stacked */
	uint16_t ctx_size;         /**< context area size (pool parameter) */
	uint16_t src_port;         /**< port the data came in on */
	uint16_t src_queue;        /**< queue the data came in on */
	uint64_t timestamp_ns;     /**< receive or capture time, 0 if unknown */
	void *miniport_reserved[2]; /**< driver-side scratch */
	uint8_t *ctx;              /**< context area, ctx_size bytes */
	/* second cache line */
	void *protocol_reserved[4]; /**< consumer-side scratch */
	void *user;                /**< free for the application */
	/** the NBL's index in its pool (0 .. count - 1): set when the pool
	 *  is created, never changed; names the NBL in reports and indexes
	 *  its history (nbl_track_get) */
	uint32_t index;
	uint32_t rsvd32;
	uint64_t rsvd[2];
};

/** NBL pool creation parameters (NET_BUFFER_LIST_POOL_PARAMETERS). */
struct nbl_pool_params {
	const char *name;       /**< unique, up to RTE_MEMPOOL_NAMESIZE - 5 */
	uint32_t count;         /**< NBLs in the pool, > 0 */
	uint32_t cache_size;    /**< per-lcore cache, <= RTE_MEMPOOL_CACHE_MAX_SIZE */
	bool allocate_nb;       /**< fAllocateNetBuffer: one NB inside each NBL */
	uint16_t context_size;  /**< multiple of NBL_CONTEXT_ALIGN */
	uint32_t data_size;     /**< NB data area bytes; needs allocate_nb */
	uint32_t tag;           /**< four-character tag, see NBL_TAG() */
	int socket_id;          /**< NUMA socket or SOCKET_ID_ANY */
	/** NBL history (NDIS NBL tracking): each NBL keeps its last
	 *  track_depth transitions (nbl_track_get); 0 (the default) keeps
	 *  none and costs nothing, at most NBL_TRACK_MAX_DEPTH */
	uint16_t track_depth;
};

/* ------------------------------------------------------- counter tables */

/** Type of the value a counter table entry points at. */
enum nbl_counter_type {
	NBL_COUNTER_U64 = 0,       /**< uint64_t, an event count */
	NBL_COUNTER_I64,           /**< int64_t, a level (may read negative
				    *   while lcores update it) */
};

/** Entry flag: the NB pools of nbl_nb_pool_create() do not keep it. */
#define NBL_COUNTER_NBL_POOL_ONLY 0x01

/**
 * One counter of a statistics struct, as rte_ethdev names its xstats:
 * the name every report uses (the text report, the JSON report and the
 * telemetry endpoints), where the value is in the struct, and what it
 * means. An entry with nb_elems > 0 is an array of that many values
 * (counts by kind or by reason), reported as one object keyed by
 * elem_name(i). Tables are constant; any thread may read them.
 */
struct nbl_counter {
	const char *name;          /**< report name, [a-z0-9_] */
	uint32_t offset;           /**< offsetof() in the statistics struct */
	uint8_t type;              /**< enum nbl_counter_type */
	uint8_t flags;             /**< NBL_COUNTER_* flags */
	uint16_t nb_elems;         /**< 0: one value; else an array of them */
	/** Name of element i of an array entry, [a-z0-9_] */
	const char *(*elem_name)(unsigned int i);
	const char *meaning;       /**< one line for people (docs/guide) */
};

/** Value of element i (0 for a scalar) of counter c in stats, unsigned. */
static inline uint64_t
nbl_counter_u64(const struct nbl_counter *c, const void *stats,
		unsigned int i)
{
	const uint64_t *v = (const uint64_t *)((uintptr_t)stats + c->offset);

	return v[i];
}

/** Value of element i (0 for a scalar) of counter c in stats, signed. */
static inline int64_t
nbl_counter_i64(const struct nbl_counter *c, const void *stats,
		unsigned int i)
{
	const int64_t *v = (const int64_t *)((uintptr_t)stats + c->offset);

	return v[i];
}

/**
 * Find a counter by its report name.
 *
 * @return
 *   The entry, or NULL when no entry of the table has that name.
 */
const struct nbl_counter *nbl_counter_find(const struct nbl_counter *table,
		unsigned int nb, const char *name);

struct rte_tel_data;

/**
 * Add every counter of a table to a telemetry dictionary (started by the
 * caller): a scalar as one value, an array as a dictionary keyed by
 * elem_name(i). For the telemetry callbacks of lib/nbl, lib/rxq and the
 * application, so they all name a counter the same way.
 *
 * @param d
 *   Dictionary to add to.
 * @param table
 *   The counter table, nb entries.
 * @param stats
 *   The statistics struct the table describes.
 * @param skip_flags
 *   Entries with any of these NBL_COUNTER_* flags are left out.
 * @return
 *   0; -ENOMEM when a nested dictionary could not be allocated, -ENOSPC
 *   when the dictionary is full.
 */
int nbl_counters_tel(struct rte_tel_data *d, const struct nbl_counter *table,
		unsigned int nb, const void *stats, uint8_t skip_flags);

/**
 * Answer a telemetry request that cannot be served (bad parameters, no
 * such object, nothing to read any more) with an error object instead of
 * null: {"error": what is wrong, "accepted": what the endpoint takes}.
 * For every telemetry callback of the project, which then returns 0.
 *
 * @param d
 *   The reply, not started yet.
 * @param accepted
 *   What the endpoint accepts, e.g. "PORT:QUEUE[,LIMIT]: ..."; NULL to
 *   leave it out. Under RTE_TEL_MAX_STRING_LEN characters.
 * @param fmt
 *   printf format of the error; cut at RTE_TEL_MAX_STRING_LEN - 1
 *   characters. Quote what a user sent with nbl_tel_quote().
 * @return
 *   0.
 */
int nbl_tel_error(struct rte_tel_data *d, const char *accepted,
		const char *fmt, ...) __rte_format_printf(3, 4);

/**
 * A telemetry parameter as an error message may quote it: at most 32
 * characters of it (then "..."), each one that is not printable ASCII, a
 * quote or a backslash written as '?'.
 *
 * @param param
 *   What the request carried after the command; NULL reads as "".
 * @param out
 *   Receives the quotable text, NUL-terminated.
 * @param size
 *   Size of @p out; 40 bytes always hold the result.
 */
void nbl_tel_quote(const char *param, char *out, size_t size);

/** Statistics of one pool, summed over lcores. */
struct nbl_pool_stats {
	uint64_t allocs;            /**< successful allocations */
	uint64_t frees;             /**< successful frees */
	uint64_t cache_hits;        /**< gets served by the lcore's cache */
	uint64_t cache_misses;      /**< gets that went to the common pool */
	uint64_t alloc_failures;    /**< real failures (pool empty) */
	uint64_t injected_failures; /**< failures from nbl_pool_set_fail_pct() */
	uint64_t violations[NBL_VIOL_MAX]; /**< refused calls by kind */
	int64_t in_use;             /**< allocs - frees */
};

/**
 * The counter table of struct nbl_pool_stats (also of NB pools, without
 * the NBL_COUNTER_NBL_POOL_ONLY entries).
 *
 * @param nb
 *   Receives the number of entries.
 * @return
 *   The table, in report order.
 */
const struct nbl_counter *nbl_pool_counters(unsigned int *nb);

/** Where a pool's objects are, by state, counted by walking the pool. */
struct nbl_pool_audit {
	uint32_t count;     /**< objects in the pool */
	uint32_t free;      /**< in the mempool or a cache */
	uint32_t held;      /**< driver side */
	uint32_t indicated; /**< consumer side */
	uint32_t other;     /**< unknown state: memory corruption */
};

/** Per-lcore statistics slot; one writer each. */
struct nbl_pool_lcore_stats {
	uint64_t allocs;
	uint64_t frees;
	uint64_t cache_hits;
	uint64_t cache_misses;
	uint64_t alloc_failures;
	uint64_t injected_failures;
	uint64_t violations[NBL_VIOL_MAX];
	uint64_t rng;               /**< fault-injection generator state */
} __rte_cache_aligned;

/* ------------------------------------------------------- NBL history */

/** Most transitions an NBL's history keeps (nbl_pool_params::track_depth). */
#define NBL_TRACK_MAX_DEPTH 64
/** nbl_track_event::lcore of a call made on a non-EAL thread. */
#define NBL_TRACK_NON_EAL UINT16_MAX

/** The calls an NBL's history records (NDIS NBL tracking). */
enum nbl_call {
	NBL_CALL_ALLOC = 0, /**< taken from its pool (nbl_alloc*) */
	NBL_CALL_FILL,      /**< its receive descriptor filled with a packet */
	NBL_CALL_INDICATE,  /**< indicated to the consumer */
	NBL_CALL_RETURN,    /**< given back by the consumer, or taken back by
			     *   its queue after a RESOURCES indication */
	NBL_CALL_RECYCLE,   /**< reset in place for the next fill */
	NBL_CALL_FREE,      /**< freed to its pool (nbl_free*) */
	NBL_CALL_MAX,
};

/** One transition of an NBL. */
struct nbl_track_event {
	uint64_t tsc;       /**< rte_rdtsc() of the call */
	uint32_t seq;       /**< the NBL's transition number, from 1 */
	uint16_t lcore;     /**< lcore of the call, or NBL_TRACK_NON_EAL */
	uint8_t call;       /**< enum nbl_call */
	uint8_t state;      /**< enum nbl_state after the call */
};

struct nbl_track;

/** Per-lcore view of a pool's statistics (nbl_pool_lcore_figures_get). */
struct nbl_pool_lcore_figures {
	uint32_t lcore;         /**< EAL lcore id; RTE_MAX_LCORE for the slot
				 *   all non-EAL threads share */
	uint32_t cached;        /**< objects in this lcore's mempool cache now
				 *   (rte_mempool_cache len; 0 for non-EAL) */
	uint64_t allocs;        /**< successful allocations on this lcore */
	uint64_t frees;         /**< successful frees on this lcore */
	uint64_t cache_hits;    /**< objects its cache served */
	uint64_t cache_misses;  /**< objects asked of the common pool */
};

/** An NBL pool. Read-only after creation except the statistics. */
struct nbl_pool {
	struct rte_mempool *mp;
	uint16_t id;
	uint8_t allocate_nb;
	uint8_t pad0;
	uint16_t context_size;
	uint16_t pad1;
	uint32_t data_size;
	uint32_t count;
	uint32_t cache_size;
	uint32_t elt_size;
	uint32_t tag;
	uint32_t fail_ppm;          /**< injected failures per million, 0 = off */
	uint64_t fail_seed;
	/** NBL history, NULL when off: on the line the fast path reads */
	struct nbl_track *track;
	char name[RTE_MEMPOOL_NAMESIZE];
	uint32_t logged[NBL_VIOL_MAX]; /**< violations logged so far, by kind */
	struct nbl_pool_lcore_stats stats[RTE_MAX_LCORE + 1];
};

/* ---------------------------------------------------------------- pools */

/**
 * Create an NBL pool (NdisAllocateNetBufferListPool, R1).
 *
 * @param params
 *   Pool parameters, see struct nbl_pool_params.
 * @return
 *   The pool, or NULL with rte_errno set:
 *   - EINVAL: a parameter is invalid (zero count, context size not a
 *     multiple of NBL_CONTEXT_ALIGN, data size without allocate_nb, cache
 *     size above RTE_MEMPOOL_CACHE_MAX_SIZE or above what count allows,
 *     NULL or over-long name); the log says which and why.
 *   - EEXIST: a pool of that name exists.
 *   - ENOSPC: NBL_MAX_POOLS pools exist already.
 *   - ENOMEM: no memory for the pool.
 */
struct nbl_pool *nbl_pool_create(const struct nbl_pool_params *params);

/**
 * The most objects one lcore's cache of an rte_mempool created with
 * @p cache_size can hold: its flush threshold, 1.5 x cache_size
 * truncated, as rte_mempool computes it (a put that would go above it
 * flushes the cache first). No other lcore can take them, so a pool
 * sized for its users allows this many per lcore that uses it (the
 * sizing rule, descriptor pools), and rte_mempool refuses a cache whose
 * threshold is above the pool's count. The one place this rule is
 * written.
 */
static inline uint64_t
nbl_mempool_cache_max(uint32_t cache_size)
{
	return (uint64_t)cache_size * 3 / 2;
}

/**
 * Bytes of one object of an NBL pool, without the mempool's header: the
 * NBL, its preallocated NB (allocate_nb), the context area and the data
 * area, which starts on a cache line so that a copied frame touches as
 * few lines as its length needs.
 */
uint32_t nbl_pool_obj_size(bool allocate_nb, uint32_t context_size,
		uint32_t data_size);

/**
 * Free a pool (NdisFreeNetBufferListPool, R6). Refused while any NBL is
 * out (HELD or INDICATED); the log gives the figures by state.
 *
 * @param pool
 *   Pool to free; NULL is a no-op.
 * @return
 *   0 on success; -EBUSY while NBLs are out (nothing is freed).
 */
int nbl_pool_free(struct nbl_pool *pool);

/**
 * Give up a pool that nbl_pool_free() refused (NBLs still out, which stay
 * leaked): it leaves the table of live pools, so no telemetry reader
 * (/nbl/pools, /nbl/pool,NAME), lookup or id resolution reaches it any
 * more (a later free or return of one of its NBLs is refused as an NBL of
 * no live pool), and its memory is left to EAL, whose cleanup
 * (rte_eal_cleanup()) releases it. Call it, from the thread that created
 * the pool, before EAL's cleanup for a pool that could not be freed, once
 * nothing uses the pool or its NBLs any more (its queues freed or
 * abandoned first).
 *
 * @param pool
 *   The pool; NULL is a no-op.
 */
void nbl_pool_abandon(struct nbl_pool *pool);

/**
 * Count the pool's NBLs by state without freeing anything.
 *
 * @param pool
 *   The pool.
 * @param audit
 *   Filled with the figures.
 * @return
 *   0 on success; -EINVAL if an argument is NULL.
 */
int nbl_pool_audit(const struct nbl_pool *pool, struct nbl_pool_audit *audit);

/**
 * Find a pool by name.
 *
 * @return
 *   The pool, or NULL with rte_errno = ENOENT.
 */
struct nbl_pool *nbl_pool_lookup(const char *name);

/**
 * Find a pool by id (struct nbl::pool_id).
 *
 * @return
 *   The pool, or NULL if no pool has that id.
 */
struct nbl_pool *nbl_pool_from_id(uint16_t id);

/**
 * Sum the per-lcore statistics of a pool.
 *
 * @return
 *   0 on success; -EINVAL if an argument is NULL.
 */
int nbl_pool_stats_get(const struct nbl_pool *pool,
		struct nbl_pool_stats *stats);

/**
 * Low-resources simulation: fail a share of allocations on purpose,
 * deterministically from a seed, counted as injected failures (apart
 * from real ones).
 *
 * @param pool
 *   The pool.
 * @param pct
 *   Percentage of allocations to fail, 0 (off) to 100.
 * @param seed
 *   Generator seed; the same seed gives the same sequence per lcore.
 * @return
 *   0 on success; -EINVAL if pct is outside 0..100.
 */
int nbl_pool_set_fail_pct(struct nbl_pool *pool, double pct, uint64_t seed);

/** Name of a violation kind, for logs and reports. */
const char *nbl_violation_name(enum nbl_violation kind);

/** Name of a state byte ("free", "held", "indicated", "invalid"). */
const char *nbl_state_name(uint8_t state);

/**
 * Ownership violations that could not be charged to a live pool (an NBL
 * whose pool id names no pool, e.g. one of a pool already freed).
 *
 * @return
 *   The number counted since start, all threads.
 */
uint64_t nbl_orphan_violations(void);

/**
 * Per-lcore statistics of a pool: what each lcore allocated and freed,
 * its cache hits and misses, and how many objects its mempool cache holds
 * now (the 1.5 x cache_size term of the sizing rule, lcore by lcore).
 * Any thread may call it; the figures are one-writer words read as they
 * are, the cache lengths a moment's view.
 *
 * @param pool
 *   The pool.
 * @param out
 *   Receives one entry per enabled EAL lcore, in lcore id order, then one
 *   for the non-EAL threads' slot when it counted anything.
 * @param max
 *   Entries @p out has room for (RTE_MAX_LCORE + 1 is always enough).
 * @return
 *   The number of entries written; -EINVAL if an argument is NULL.
 */
int nbl_pool_lcore_figures_get(const struct nbl_pool *pool,
		struct nbl_pool_lcore_figures *out, unsigned int max);

/** Name of a call an NBL's history records ("alloc", "fill", ...). */
const char *nbl_call_name(enum nbl_call call);

/**
 * How many transitions each NBL of the pool keeps (its track_depth).
 *
 * @return
 *   The depth; 0 when the pool keeps no history (or @p pool is NULL).
 */
unsigned int nbl_track_depth(const struct nbl_pool *pool);

/**
 * Record one call for each of n NBLs of a pool with history on (for
 * owners such as lib/rxq, which record fill, indicate, return and
 * recycle; lib/nbl records alloc and free itself). Nothing happens when
 * the pool keeps no history. The caller owns the NBLs: an NBL's history
 * is written only by the thread that owns the NBL at the time.
 *
 * @param pool
 *   The pool of the NBLs.
 * @param nbls
 *   The NBLs.
 * @param n
 *   How many.
 * @param call
 *   The call made.
 * @param state
 *   The state to record, or 0 to record each NBL's state byte.
 * @param tsc
 *   The TSC of the call.
 */
void nbl_track_note(struct nbl_pool *pool, struct nbl * const *nbls,
		unsigned int n, enum nbl_call call, uint8_t state, uint64_t tsc);

/**
 * nbl_track_note() of two calls made one after the other at the same
 * instant (a fill and its indication, a return and its recycle), in one
 * pass over the NBLs. Both states must be given (not 0).
 */
void nbl_track_note2(struct nbl_pool *pool, struct nbl * const *nbls,
		unsigned int n, enum nbl_call call1, uint8_t state1,
		enum nbl_call call2, uint8_t state2, uint64_t tsc);

/**
 * An NBL's history, oldest first: its last transitions, at most the
 * pool's track depth. Any thread may read it; an event the owner is
 * writing at that instant may come out torn.
 *
 * @param pool
 *   The pool.
 * @param index
 *   The NBL's index (struct nbl::index).
 * @param ev
 *   Receives the events.
 * @param max
 *   Room in @p ev.
 * @return
 *   The number of events written (0: the NBL made no call yet);
 *   -EINVAL on NULL; -ENOTSUP when the pool keeps no history; -ERANGE
 *   when index is not below the pool's count.
 */
int nbl_track_get(const struct nbl_pool *pool, uint32_t index,
		struct nbl_track_event *ev, unsigned int max);

/** State of a separately allocated or preallocated NB queued on an NBL. */
#define NBL_NB_STATE_QUEUED 0x51
/** State of an NB's own descriptor (struct nb::mdl0): it is neither in a
 *  pool nor taken from one; it lives and goes with its NB. */
#define NBL_MDL_STATE_IN_NB 0x3b

/*
 * Internals of the inline fast path below; not for direct use.
 *
 * A pool id is a table slot (low bits) and a generation (high bits), so an
 * NBL of a freed pool does not name a pool created later in the same slot.
 */
#define NBL_POOL_SLOT_MASK (NBL_MAX_POOLS - 1)

/** Live pools by slot (nbl_pool::id & NBL_POOL_SLOT_MASK); NULL if none. */
extern struct nbl_pool *nbl_pool_table[NBL_MAX_POOLS];

/** @internal Draw n fault-injection decisions; returns how many fail. */
__rte_cold unsigned int __nbl_inject(struct nbl_pool *pool,
		struct nbl_pool_lcore_stats *st, unsigned int n);
/** @internal Refuse an alloc call not allowed on the pool (EPERM). */
__rte_cold struct nbl *__nbl_wrong_alloc(struct nbl_pool *pool);
/** @internal Checked free for everything the fast path does not take. */
__rte_cold int __nbl_free_slow(struct nbl *nbl);
/** @internal Count and log a refused nbl_mark_indicated(). */
__rte_cold int __nbl_indicate_violation(struct nbl *nbl);
/** @internal Record one call of one NBL in its history (history on). */
__rte_cold void __nbl_track_one(struct nbl_pool *pool, struct nbl *nbl,
		enum nbl_call call);
/** @internal Count and log a refused nbl_check_return(). */
__rte_cold int __nbl_return_violation(struct nbl_pool *pool,
		struct nbl *nbl);

/** @internal Statistics slot of the calling thread. */
static __rte_always_inline struct nbl_pool_lcore_stats *
__nbl_stats_slot(struct nbl_pool *pool, unsigned int lcore)
{
	return &pool->stats[lcore < RTE_MAX_LCORE ? lcore : RTE_MAX_LCORE];
}

/** @internal Get n objects, counting hits, misses and failures. */
static __rte_always_inline int
__nbl_get(struct nbl_pool *pool, void **objs, unsigned int n)
{
	unsigned int lcore = rte_lcore_id();
	struct nbl_pool_lcore_stats *st = __nbl_stats_slot(pool, lcore);
	struct rte_mempool_cache *cache =
		rte_mempool_default_cache(pool->mp, lcore);

	if (unlikely(pool->fail_ppm != 0) && __nbl_inject(pool, st, n) != 0) {
		rte_errno = ENOMEM;
		return -ENOMEM;
	}
	if (cache != NULL && cache->len >= n)
		st->cache_hits += n;
	else
		st->cache_misses += n;
	if (unlikely(rte_mempool_generic_get(pool->mp, objs, n, cache) != 0)) {
		st->alloc_failures += n;
		rte_errno = ENOMEM;
		return -ENOMEM;
	}
	st->allocs += n;
	return 0;
}

/** @internal Reset an NB for a new owner. */
static __rte_always_inline void
__nbl_nb_reset(struct nb *nb, uint8_t state)
{
	nb->next = NULL;
	nb->mdl_chain = NULL;
	nb->cur_mdl = NULL;
	nb->cur_mdl_offset = 0;
	nb->data_offset = 0;
	nb->data_len = 0;
	nb->state = state;
	nb->modified = 0;
	nb->mbuf = NULL;
}

/** @internal Reset a freshly allocated NBL; nb is its embedded NB or NULL. */
static __rte_always_inline void
__nbl_reset(struct nbl *nbl, struct nb *nb)
{
	nbl->next = NULL;
	nbl->first_nb = nb;
	nbl->state = NBL_STATE_HELD;
	nbl->flags = 0;
	nbl->src_port = 0;
	nbl->src_queue = 0;
	nbl->status = 0;
	nbl->ctx_used = 0;
	nbl->timestamp_ns = 0;
	if (nb != NULL)
		__nbl_nb_reset(nb, NBL_NB_STATE_QUEUED);
}

/**
 * @internal The free fast path's checks: HELD, of a live pool, no context
 * allocated, no NB queued but the embedded one. Returns the pool, or NULL
 * when the slow path must look.
 */
static __rte_always_inline struct nbl_pool *
__nbl_free_check(const struct nbl *nbl)
{
	struct nbl_pool *pool = nbl_pool_table[nbl->pool_id & NBL_POOL_SLOT_MASK];
	const struct nb *nb = nbl->first_nb;

	if (unlikely(nbl->state != NBL_STATE_HELD || pool == NULL ||
			pool->id != nbl->pool_id || nbl->ctx_used != 0))
		return NULL;
	if (unlikely(nb != NULL && (pool->allocate_nb == 0 ||
			nb != (const struct nb *)(nbl + 1) || nb->next != NULL)))
		return NULL;
	return pool;
}

/** @internal Put a checked NBL back in its pool. */
static __rte_always_inline void
__nbl_put(struct nbl_pool *pool, struct nbl *nbl)
{
	unsigned int lcore = rte_lcore_id();

	nbl->state = NBL_STATE_FREE;
	if (unlikely(pool->track != NULL))
		__nbl_track_one(pool, nbl, NBL_CALL_FREE);
	__nbl_stats_slot(pool, lcore)->frees++;
	rte_mempool_generic_put(pool->mp, (void **)&nbl, 1,
		rte_mempool_default_cache(pool->mp, lcore));
}

/* ------------------------------------------------------ NBL allocation */

/**
 * Allocate an NBL without NBs (NdisAllocateNetBufferList). Refused on pools
 * created with allocate_nb, which must go through nbl_alloc_with_nb() (R2).
 *
 * @return
 *   An NBL in state HELD, or NULL with rte_errno set:
 *   - ENOMEM: pool empty, or an injected failure.
 *   - EPERM: the pool was created with allocate_nb (counted as
 *     NBL_VIOL_WRONG_ALLOC).
 */
static inline struct nbl *
nbl_alloc(struct nbl_pool *pool)
{
	struct nbl *nbl;

	if (unlikely(pool->allocate_nb != 0))
		return __nbl_wrong_alloc(pool);
	if (unlikely(__nbl_get(pool, (void **)&nbl, 1) != 0))
		return NULL;
	__nbl_reset(nbl, NULL);
	if (unlikely(pool->track != NULL))
		__nbl_track_one(pool, nbl, NBL_CALL_ALLOC);
	return nbl;
}

/**
 * Allocate an NBL with its preallocated NB
 * (NdisAllocateNetBufferAndNetBufferList). The NB has no descriptors and
 * zero length; its data area (data_size bytes) is attached if the pool has one.
 *
 * @return
 *   An NBL in state HELD with first_nb set, or NULL with rte_errno set:
 *   - ENOMEM: pool empty, or an injected failure.
 *   - EPERM: the pool was created without allocate_nb (counted).
 */
static inline struct nbl *
nbl_alloc_with_nb(struct nbl_pool *pool)
{
	struct nbl *nbl;

	if (unlikely(pool->allocate_nb == 0))
		return __nbl_wrong_alloc(pool);
	if (unlikely(__nbl_get(pool, (void **)&nbl, 1) != 0))
		return NULL;
	__nbl_reset(nbl, (struct nb *)(nbl + 1));
	if (unlikely(pool->track != NULL))
		__nbl_track_one(pool, nbl, NBL_CALL_ALLOC);
	return nbl;
}

/**
 * Bulk nbl_alloc() / nbl_alloc_with_nb(), chosen by the pool's
 * allocate_nb.
 *
 * @return
 *   Number of NBLs stored in objs, 0..n (fewer when the pool runs low or
 *   injected failures hit); rte_errno is set when fewer than n.
 */
unsigned int nbl_alloc_bulk(struct nbl_pool *pool, struct nbl **objs,
		unsigned int n);

/**
 * Free an NBL to its pool (NdisFreeNetBufferList). The NBL must be HELD,
 * carry no context (NdisFreeNetBufferListContext first) and no NB but its
 * preallocated one, which goes with it: separately allocated NBs must
 * have been dequeued and freed first. A refused free is counted and
 * leaves the NBL as it was.
 *
 * @return
 *   0 on success;
 *   -EALREADY: the NBL is already free (double free; counted, refused);
 *   -EBUSY: the NBL is INDICATED, the consumer's (counted, refused);
 *   -ENOTEMPTY: it still carries what must be released first, a
 *     separate NB queued (NBL_VIOL_NB_QUEUED) or a context allocated
 *     (NBL_VIOL_CONTEXT_LEAK) (counted, refused);
 *   -EXDEV: the NBL does not belong to a live pool (counted on its pool
 *     when its id names one, else as an orphan; refused);
 *   -EINVAL: NULL.
 */
static inline int
nbl_free(struct nbl *nbl)
{
	struct nbl_pool *pool;

	if (unlikely(nbl == NULL))
		return -EINVAL;
	pool = __nbl_free_check(nbl);
	if (unlikely(pool == NULL))
		return __nbl_free_slow(nbl);
	__nbl_put(pool, nbl);
	return 0;
}

/**
 * Free n NBLs. Each is checked as by nbl_free(); refused ones are skipped.
 *
 * @return
 *   Number of NBLs freed.
 */
unsigned int nbl_free_bulk(struct nbl **objs, unsigned int n);

/* ---------------------------------------------------- ownership checks */

/**
 * Hand an NBL to the consumer: HELD -> INDICATED.
 *
 * @return
 *   0 on success; -EBUSY if the NBL was not HELD (counted as a violation).
 */
static inline int
nbl_mark_indicated(struct nbl *nbl)
{
	if (likely(nbl->state == NBL_STATE_HELD)) {
		nbl->state = NBL_STATE_INDICATED;
		return 0;
	}
	return __nbl_indicate_violation(nbl);
}

/**
 * Take an NBL back from the consumer (MiniportReturnNetBufferLists):
 * INDICATED -> HELD, after checking it belongs to @p pool.
 *
 * @return
 *   0 on success;
 *   -EALREADY: not INDICATED (double return, counted, state unchanged);
 *   -EXDEV: belongs to another pool (foreign return, counted on @p pool).
 */
static inline int
nbl_check_return(struct nbl_pool *pool, struct nbl *nbl)
{
	if (likely(nbl->state == NBL_STATE_INDICATED &&
			nbl->pool_id == pool->id)) {
		nbl->state = NBL_STATE_HELD;
		return 0;
	}
	return __nbl_return_violation(pool, nbl);
}

/**
 * Count and log, on @p pool, a return its owner refused without asking
 * nbl_check_return(), which it must not call: an owner that checks
 * returns on another lcore than its own (lib/rxq's remote placement)
 * decides from what it knows and leaves the NBL unwritten, since the
 * lcore that owns it may be filling it. Counted as nbl_check_return()
 * counts a refusal, on the calling lcore's slot.
 *
 * @param pool
 *   The owner's pool.
 * @param nbl
 *   The NBL given back; read (for the log), never written.
 * @param kind
 *   NBL_VIOL_DOUBLE_RETURN or NBL_VIOL_FOREIGN.
 */
void nbl_return_refused(struct nbl_pool *pool, const struct nbl *nbl,
		enum nbl_violation kind);

/* -------------------------------------------------- reuse by the owner */

/**
 * How an owner wants its NBLs each time it prepares them for the next
 * use (a receive queue recycling returned NBLs in place, R4): state HELD,
 * these flags and source, status 0, no context, unlinked, the owner's NB
 * queued alone and chaining its own descriptor (struct nb::mdl0). Built
 * once with nbl_reuse_init(); the fields are lib/nbl's.
 *
 * A consumer may write an indicated NBL's flags and status directly; it
 * changes its NB list, context, descriptor chain, data start and
 * descriptor lengths only through lib/nbl calls, which mark the NBL
 * (NBL_F_MODIFIED) or its NB (struct nb::modified). So a return needs no
 * copy: nbl_reuse_clean() reads one word of the NBL and one byte of
 * the NB, nbl_reuse_fast() writes one word and the
 * link, and only a marked NBL needs nbl_reuse_reset().
 */
struct nbl_reuse {
	uint64_t w_held;      /**< the state word of a prepared NBL */
	uint64_t w_indicated; /**< the same, once indicated */
	uint64_t m_owned;     /**< bits of the word: pool id and state */
	uint64_t m_clean;     /**< those and the flags an owner sets up */
	uint16_t src_port;
	uint16_t src_queue;
};

/** @internal The NBL's state word: pool_id, state, flags, status. */
static __rte_always_inline uint64_t
__nbl_state_word(const struct nbl *nbl)
{
	uint64_t w;

	memcpy(&w, &nbl->pool_id, sizeof(w));
	return w;
}

/**
 * Build the reuse description of an owner's NBLs.
 *
 * @param r
 *   Filled in.
 * @param pool
 *   The pool the NBLs come from.
 * @param flags
 *   NBL_F_* every prepared NBL carries (NBL_F_COPIED for copy mode);
 *   NBL_F_RESOURCES is the owner's to set on an indication and is not
 *   a change by the consumer.
 * @param src_port
 *   Port the NBLs' data comes from.
 * @param src_queue
 *   Queue the NBLs' data comes from.
 */
void nbl_reuse_init(struct nbl_reuse *r, const struct nbl_pool *pool,
		uint8_t flags, uint16_t src_port, uint16_t src_queue);

/**
 * Is this NBL INDICATED and of the owner's pool? The lib/nbl half of an
 * owner's ownership check of a return (R4); the owner adds whether it
 * indicated it.
 */
static __rte_always_inline bool
nbl_reuse_owned(const struct nbl *nbl, const struct nbl_reuse *r)
{
	return ((__nbl_state_word(nbl) ^ r->w_indicated) & r->m_owned) == 0;
}

/**
 * The common case of a return, in one test of one word and one byte: is
 * this NBL owned (nbl_reuse_owned()) and did the consumer leave it as the
 * owner prepared it, as far as a reuse in place cares: flags as set up
 * (but RESOURCES), no lib/nbl call changed its NB list or context
 * (NBL_F_MODIFIED clear), and @p nb, its first NB, not marked modified.
 * Status needs no test: the fast reset rewrites it. @p nb is read only
 * when the word passes (a dequeued first NB sets NBL_F_MODIFIED).
 */
static __rte_always_inline bool
nbl_reuse_clean(const struct nbl *nbl, const struct nb *nb,
		const struct nbl_reuse *r)
{
	return ((__nbl_state_word(nbl) ^ r->w_indicated) & r->m_clean) == 0 &&
		nb->modified == 0;
}

/**
 * Prepare an owned, clean NBL for the next use in place: HELD again
 * with the prepared flags and status 0 (one word), and unlinked (a second
 * return of the same NBL must not walk into NBLs already back). The NB's
 * offsets, length and mbuf are the next user's to set.
 */
static __rte_always_inline void
nbl_reuse_fast(struct nbl *nbl, const struct nbl_reuse *r)
{
	nbl->next = NULL;
	memcpy(&nbl->pool_id, &r->w_held, sizeof(r->w_held));
}

/** @internal Prepare an NBL whose NB list is @p nb alone already. */
static __rte_always_inline void
__nbl_reuse_prepare(struct nbl *nbl, struct nb *nb, const struct nbl_reuse *r)
{
	struct nbl_mdl *mdl = &nb->mdl0;

	nbl_reuse_fast(nbl, r);
	nbl->first_nb = nb;
	nbl->ctx_used = 0;
	nbl->src_port = r->src_port;
	nbl->src_queue = r->src_queue;
	nbl->timestamp_ns = 0;
	__nbl_nb_reset(nb, NBL_NB_STATE_QUEUED);
	mdl->next = NULL;
	mdl->addr = NULL;
	mdl->len = 0;
	mdl->orig_len = 0;
	mdl->mbuf = NULL;
	nb->mdl_chain = mdl;
	nb->cur_mdl = mdl;
}

/**
 * nbl_alloc_bulk() for an owner that reuses its NBLs: they come HELD and
 * prepared as nbl_reuse_reset() leaves them, each with its preallocated
 * NB, in one pass. Pools created with allocate_nb only.
 *
 * @return
 *   Number of NBLs stored in objs, 0..n; rte_errno is set when fewer
 *   than n (ENOMEM; EPERM on a pool without allocate_nb, counted as
 *   NBL_VIOL_WRONG_ALLOC).
 */
unsigned int nbl_reuse_alloc_bulk(struct nbl_pool *pool, struct nbl **objs,
		unsigned int n, const struct nbl_reuse *r);

/**
 * Prepare an NBL for the next use from scratch: what nbl_reuse_fast()
 * sets; source and timestamp as described, no context; @p nb its only
 * NB (any other NB the consumer left queued is taken off and left HELD,
 * the consumer's to free), emptied, queued and chaining its own
 * descriptor (mdl0, restored to its full length and unchained). For an
 * NBL the owner takes from its pool, and an owned one nbl_reuse_clean()
 * did not pass.
 */
void nbl_reuse_reset(struct nbl *nbl, struct nb *nb,
		const struct nbl_reuse *r);

/**
 * Prefetch the lines an indication and a return touch of an NBL with a
 * preallocated NB: the NBL's first line and its NB's per-packet line.
 */
static __rte_always_inline void
nbl_prefetch(const struct nbl *nbl)
{
	rte_prefetch0(nbl);
	rte_prefetch0((const uint8_t *)(nbl + 1) + offsetof(struct nb, next));
}

/**
 * Would nbl_free() free this NBL? True when it is HELD, of a live pool,
 * with no context allocated and no NB queued but its preallocated one;
 * false when nbl_free() would refuse it (and count why). The check
 * nbl_free() itself makes first, for an owner that wants to know before
 * it lets go.
 */
static __rte_always_inline bool
nbl_free_ok(const struct nbl *nbl)
{
	return __nbl_free_check(nbl) != NULL;
}

/* ------------------------------------------------------------- context */

/**
 * Allocate context space in front of what is already allocated
 * (NdisAllocateNetBufferListContext). Contexts stack: the last allocated
 * is the first freed.
 *
 * @param size
 *   Bytes, a multiple of NBL_CONTEXT_ALIGN.
 * @return
 *   Pointer to the new context bytes, or NULL with rte_errno set:
 *   EINVAL (size not aligned), ENOSPC (no room left in the area).
 */
void *nbl_context_alloc(struct nbl *nbl, uint16_t size);

/**
 * Free the most recently allocated context space
 * (NdisFreeNetBufferListContext).
 *
 * @return
 *   0 on success; -EINVAL if size exceeds what is allocated.
 */
int nbl_context_free(struct nbl *nbl, uint16_t size);

/* ------------------------------------------------------------ NB pools */

struct nbl_nb_pool;

/**
 * Create a pool of separately allocated NBs (NdisAllocateNetBufferPool).
 *
 * @param name
 *   Unique name.
 * @param count
 *   NBs in the pool, > 0.
 * @param cache_size
 *   Per-lcore cache, as for NBL pools.
 * @param socket_id
 *   NUMA socket or SOCKET_ID_ANY.
 * @return
 *   The pool, or NULL with rte_errno set (EINVAL, EEXIST, ENOSPC, ENOMEM).
 */
struct nbl_nb_pool *nbl_nb_pool_create(const char *name, uint32_t count,
		uint32_t cache_size, int socket_id);

/**
 * Free an NB pool.
 *
 * @return
 *   0 on success; -EBUSY while NBs are out.
 */
int nbl_nb_pool_free(struct nbl_nb_pool *pool);

/**
 * Number of NBs currently allocated from an NB pool.
 */
uint32_t nbl_nb_pool_in_use(const struct nbl_nb_pool *pool);

/**
 * Sum the per-lcore statistics of an NB pool into the NBL pool statistics
 * structure. NB pools count allocations, frees, real failures and
 * violations; cache_hits, cache_misses and injected_failures stay 0 (NB
 * pools count no cache use and have no fault injection).
 *
 * @param pool
 *   The NB pool.
 * @param stats
 *   Filled with the sums; in_use is allocs - frees.
 * @return
 *   0 on success; -EINVAL if an argument is NULL.
 */
int nbl_nb_pool_stats_get(const struct nbl_nb_pool *pool,
		struct nbl_pool_stats *stats);

/**
 * Allocate an NB (NdisAllocateNetBuffer), empty.
 *
 * @return
 *   The NB, or NULL with rte_errno = ENOMEM.
 */
struct nb *nbl_nb_alloc(struct nbl_nb_pool *pool);

/**
 * Free a separately allocated NB (NdisFreeNetBuffer). A refused free is
 * counted and leaves the NB as it was.
 *
 * @return
 *   0 on success;
 *   -EALREADY: already free (double free; counted, refused);
 *   -EBUSY: still queued on an NBL (dequeue it first; counted, refused);
 *   -EXDEV: not an NB of a live NB pool (its pool id names none, or its
 *     state byte is no NB state; counted on its pool when known,
 *     refused);
 *   -EINVAL: NULL, or a preallocated NB (it goes with its NBL).
 */
int nbl_nb_free(struct nb *nb);

/**
 * Queue an NB at the end of an NBL's NB list (several NBs per NBL).
 *
 * @return
 *   0; -EINVAL on NULL or an NB that is already queued elsewhere.
 */
int nbl_queue_nb(struct nbl *nbl, struct nb *nb);

/**
 * Take the first NB off an NBL's list.
 *
 * @return
 *   The NB, or NULL if the list is empty.
 */
struct nb *nbl_dequeue_nb(struct nbl *nbl);

/* ----------------------------------------- buffer descriptors (NDIS 5) */

/**
 * Create a buffer-descriptor pool (NdisAllocateBufferPool, R7).
 * NumberOfDescriptors is an exact limit on descriptors outstanding at once,
 * whatever the mempool caches hold.
 *
 * @param name
 *   Unique name.
 * @param number_of_descriptors
 *   The limit, > 0.
 * @param buf_size
 *   If non-zero, each descriptor owns a buffer of this many bytes (used
 *   for retreat without backfill); 0 for descriptors that only map memory.
 * @param socket_id
 *   NUMA socket or SOCKET_ID_ANY.
 * @return
 *   The pool, or NULL with rte_errno set (EINVAL, EEXIST, ENOMEM).
 */
struct nbl_mdl_pool *nbl_mdl_pool_create(const char *name,
		uint32_t number_of_descriptors, uint32_t buf_size, int socket_id);

/**
 * Create a buffer-descriptor pool part of whose NumberOfDescriptors are
 * NBs' own descriptors (struct nb::mdl0, descriptor 0 of each receive
 * descriptor): those count as outstanding from creation on and are never
 * taken from or given back to the pool, which holds only the others. The
 * limit stays exact over both: nbl_mdl_pool_outstanding() counts them.
 *
 * @param name
 *   Unique name.
 * @param number_of_descriptors
 *   The limit, > 0, every descriptor counted.
 * @param in_nbs
 *   How many of them are NBs' own descriptors, <= the limit.
 * @param buf_size
 *   As for nbl_mdl_pool_create().
 * @param socket_id
 *   NUMA socket or SOCKET_ID_ANY.
 * @return
 *   The pool, or NULL with rte_errno set (EINVAL, EEXIST, ENOMEM).
 */
struct nbl_mdl_pool *nbl_mdl_pool_create_ext(const char *name,
		uint32_t number_of_descriptors, uint32_t in_nbs,
		uint32_t buf_size, int socket_id);

/**
 * The mempool behind a descriptor pool (nbl_mdl_pool_create_ext()): it
 * holds the descriptors that are not NBs' own, plus what the caches of
 * the lcores that use it can keep (nbl_mempool_cache_max() each), so
 * that a get never fails below NumberOfDescriptors. For estimates that
 * must match what a pool takes (lib/rxq's memory estimate).
 *
 * @param own
 *   NumberOfDescriptors less the NBs' own descriptors.
 * @param lcores
 *   Lcores with a cache of it (the pool gives one to every EAL lcore).
 * @param cache_size
 *   Receives the mempool's cache size; may be NULL.
 * @return
 *   The mempool's object count (0 when @p own is 0: no mempool).
 */
uint64_t nbl_mdl_mempool_size(uint32_t own, uint32_t lcores,
		uint32_t *cache_size);

/**
 * Free a descriptor pool.
 *
 * @return
 *   0; -EBUSY while descriptors are out (the log gives how many).
 */
int nbl_mdl_pool_free(struct nbl_mdl_pool *pool);

/** Descriptors currently outstanding. */
uint32_t nbl_mdl_pool_outstanding(const struct nbl_mdl_pool *pool);

/** Descriptor allocations refused by the NumberOfDescriptors limit. */
uint64_t nbl_mdl_pool_limit_failures(const struct nbl_mdl_pool *pool);

/** Violations counted by a descriptor pool, by kind. */
uint64_t nbl_mdl_pool_violations(const struct nbl_mdl_pool *pool,
		enum nbl_violation kind);

/**
 * Allocate a descriptor over [addr, addr + len) (NdisAllocateBuffer).
 * With addr NULL the descriptor describes its own buffer (pool created
 * with buf_size >= len).
 *
 * @return
 *   The descriptor, or NULL with rte_errno set:
 *   - ENOBUFS: NumberOfDescriptors are out already (counted);
 *   - EINVAL: addr NULL and len larger than the pool's buf_size.
 */
struct nbl_mdl *nbl_mdl_alloc(struct nbl_mdl_pool *pool, void *addr,
		uint32_t len);

/**
 * Free a descriptor (NdisFreeBuffer). Its length must be the original
 * one (R8: restored before free). A refused free is counted and leaves
 * the descriptor as it was.
 *
 * @return
 *   0 on success;
 *   -EALREADY: already free (double free; counted, refused);
 *   -ERANGE: shortened and not restored (NBL_VIOL_MDL_SHORTENED; restore
 *     it with nbl_mdl_adjust_len() and free it again; counted, refused);
 *   -EXDEV: its state byte is no descriptor state (not a descriptor of
 *     this pool, or corrupted; counted, refused);
 *   -EINVAL: NULL, or an NB's own descriptor (struct nb::mdl0, which goes
 *     with its NB).
 */
int nbl_mdl_free(struct nbl_mdl *mdl);

/**
 * Free a whole chain (next links), as nbl_mdl_free() each: a descriptor
 * the free refuses (shortened, say) is unlinked and left as it is,
 * counted.
 *
 * @return
 *   Number of descriptors freed.
 */
unsigned int nbl_mdl_free_chain(struct nbl_mdl *chain);

/**
 * Query a descriptor (NdisQueryBuffer).
 *
 * @param addr
 *   Receives the start address (may be NULL).
 * @param len
 *   Receives the current length (may be NULL).
 */
static inline void
nbl_mdl_query(const struct nbl_mdl *mdl, void **addr, uint32_t *len)
{
	if (addr != NULL)
		*addr = mdl->addr;
	if (len != NULL)
		*len = mdl->len;
}

/**
 * Shorten or restore a descriptor (NdisAdjustBufferLength). Never longer
 * than the original length.
 *
 * @return
 *   0; -EINVAL if len exceeds the original length (counted, unchanged).
 */
int nbl_mdl_adjust_len(struct nbl_mdl *mdl, uint32_t len);

/**
 * Describe a sub-range of a descriptor with a new descriptor
 * (NdisCopyBuffer): no byte is copied, both describe the same memory.
 *
 * @return
 *   The new descriptor, or NULL with rte_errno set:
 *   EINVAL (range outside the source), ENOBUFS (limit reached).
 */
struct nbl_mdl *nbl_mdl_copy_range(struct nbl_mdl_pool *pool,
		const struct nbl_mdl *src, uint32_t offset, uint32_t len);

/**
 * Map every segment of an mbuf with one descriptor each, chained in
 * segment order. The first descriptor starts at the segment's buffer so
 * the headroom is backfill; @p data_offset receives the headroom.
 *
 * @return
 *   The chain, or NULL with rte_errno = ENOBUFS (nothing left allocated).
 */
struct nbl_mdl *nbl_mdl_map_mbuf(struct nbl_mdl_pool *pool,
		struct rte_mbuf *m, uint32_t *data_offset);

/**
 * Chain a descriptor in front of an NB's chain (NdisChainBufferAtFront,
 * R8): it is room in front of the data, which does not change (the data
 * offset grows by its length); a retreat moves the data start back into
 * it (nbl_nb_retreat() chains one so). Marks the NB changed. NULL
 * arguments do nothing.
 */
void nbl_nb_chain_front(struct nb *nb, struct nbl_mdl *mdl);

/**
 * Chain a descriptor at the back of an NB's chain (NdisChainBufferAtBack,
 * R8): its bytes are data after the NB's (the data length grows by its
 * length). Marks the NB changed. NULL arguments do nothing.
 */
void nbl_nb_chain_back(struct nb *nb, struct nbl_mdl *mdl);

/**
 * Set an NB's descriptor chain, data offset and data length, and compute
 * its current descriptor.
 *
 * @return
 *   0; -EINVAL if offset + length exceed what the chain describes.
 */
int nbl_nb_set_data(struct nb *nb, struct nbl_mdl *chain,
		uint32_t data_offset, uint32_t data_len);

/**
 * NdisRetreatNetBufferDataStart: move the data start back by @p bytes.
 * Uses backfill (data offset: mbuf headroom or unused front of the first
 * descriptor) when there is enough; otherwise takes a descriptor with its
 * own buffer from @p mdl_pool and chains it in front.
 *
 * @return
 *   0; -ENOBUFS if a descriptor was needed and none could be had;
 *   -EINVAL if one was needed and @p mdl_pool is NULL or its buffers
 *   are too small.
 */
int nbl_nb_retreat(struct nb *nb, uint32_t bytes,
		struct nbl_mdl_pool *mdl_pool);

/**
 * NdisAdvanceNetBufferDataStart: move the data start forward by @p bytes.
 * With @p free_mdl, descriptors from the pool that no longer hold data are
 * unchained and freed.
 *
 * @return
 *   0; -EINVAL if bytes exceed the data length.
 */
int nbl_nb_advance(struct nb *nb, uint32_t bytes, bool free_mdl);

/**
 * Copy an NB's data out, following its descriptor chain.
 *
 * @return
 *   Bytes copied (at most @p len).
 */
uint32_t nbl_nb_copy_out(const struct nb *nb, void *dst, uint32_t len);

#ifdef __cplusplus
}
#endif

#endif /* NBL_H */
