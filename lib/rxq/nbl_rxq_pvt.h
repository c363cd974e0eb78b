/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_RXQ_PVT_H
#define NBL_RXQ_PVT_H

/**
 * @file
 * Internals of lib/rxq: the queue structure, logging, and the per-NBL
 * take-back step shared by the return path, the return-ring drain, the
 * RESOURCES take-back and stop.
 *
 * Every function here runs on the owner lcore unless it says otherwise.
 */

#include <stddef.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "nbl.h"
#include "nbl_rxq.h"

extern int nbl_rxq_logtype;
#define RXQ_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, nbl_rxq_logtype, "rxq: " fmt "\n", \
		##__VA_ARGS__)

/** Default burst when conf->burst is 0. */
#define NBL_RXQ_DEFAULT_BURST 32
/** mbufs collected before one rte_pktmbuf_free_bulk() on the return path. */
#define RXQ_FREE_BATCH 64
/** Largest number of queues alive at once (telemetry registry). */
#define NBL_RXQ_MAX_QUEUES 256
/** Bytes of struct nbl reset from the template: pool_id .. timestamp_ns. */
#define RXQ_NBL_TMPL_OFF offsetof(struct nbl, pool_id)
#define RXQ_NBL_TMPL_LEN (offsetof(struct nbl, ctx) - RXQ_NBL_TMPL_OFF)
/** Bytes of struct nb reset from the template: next .. mbuf. */
#define RXQ_NB_TMPL_LEN offsetof(struct nb, data)

/**
 * A receive queue. Hot fields (read or written per packet by the owner)
 * come first; the consumer-side and configuration fields after.
 */
struct nbl_rxq {
	/* owner lcore, per packet */
	struct nbl **free_list;     /**< stack of HELD NBLs, D slots */
	uint32_t nb_free;           /**< entries on free_list */
	uint32_t nb_desc;           /**< D */
	uint16_t port_id;
	uint16_t queue_id;
	uint16_t burst;
	uint16_t max_segs;          /**< S */
	uint16_t pool_id;           /**< conf.pool->id, for the return check */
	uint8_t copy;
	uint8_t remote;
	uint8_t check_mbufs;
	uint8_t pool_mode;          /**< recycle == NBL_RXQ_RECYCLE_POOL */
	uint8_t stopped;
	uint8_t pad0;
	uint32_t low_watermark;
	uint32_t max_frame;
	uint32_t data_size;         /**< copy mode: NB data area bytes */
	int ts_offset;              /**< RX timestamp dynfield, -1 if none */
	uint64_t ts_flag;           /**< its ol_flags bit */
	unsigned int owner;         /**< lcore of the first poll */
	uint32_t nbl_out;           /**< pool mode: NBLs taken from the pool */
	struct nbl_pool *pool;
	struct rte_ring *ind_ring;  /**< remote: owner -> consumer */
	struct rte_ring *ret_ring;  /**< returns made on the consumer lcore */
	/** pool mode: descriptor slots of freed NBLs, reattached at refill */
	struct nbl_mdl ***slot_stack;
	uint32_t nb_slots;
	uint32_t pad1;
	nbl_rxq_indicate_t indicate;
	void *indicate_arg;
	/** templates for the in-place reset (one copy each) */
	struct nbl nbl_tmpl;
	struct nb nb_tmpl;

	struct nbl_rxq_stats stats __rte_cache_aligned; /**< owner writes */

	/* cold */
	struct nbl_mdl_pool *mdl_pool;
	struct nbl_mdl **mdls;      /**< D x S descriptors, S per slot */
	struct nbl_rxq_conf conf;   /**< effective configuration */
	int registry_idx;
	char name[64];
};

/** Return counts kept in locals during a call, added once at the end. */
struct rxq_ret_acc {
	uint64_t returned;
	uint64_t recycled;
	uint64_t freed;
	uint64_t dbl;
	uint64_t foreign;
	unsigned int nb_mbufs;
	struct rte_mbuf *mbufs[RXQ_FREE_BATCH];
};

/*
 * NBL scratch used by the queue (driver side, NDIS MiniportReserved):
 * [0] the descriptor slot, [1] the queue the NBL belongs to.
 */

/** Descriptor slot (array of S descriptors) an NBL carries while HELD. */
static inline struct nbl_mdl **
rxq_slot(const struct nbl *nbl)
{
	return (struct nbl_mdl **)nbl->miniport_reserved[0];
}

void rxq_ret_refused(struct nbl_rxq *q, struct nbl *nbl, int rc,
		struct rxq_ret_acc *acc);
void rxq_ret_free_mbufs(struct rxq_ret_acc *acc);
void rxq_ret_to_pool(struct nbl_rxq *q, struct nbl *nbl,
		struct rxq_ret_acc *acc);
void rxq_ret_flush(struct nbl_rxq *q, struct rxq_ret_acc *acc);
unsigned int rxq_drain_returns(struct nbl_rxq *q);
unsigned int rxq_send_returns(struct nbl_rxq *q, struct nbl **arr,
		unsigned int n);
void rxq_attach(struct nbl_rxq *q, struct nbl *nbl, struct nbl_mdl **slot);
void rxq_detach(struct nbl *nbl);
void rxq_timestamp_lookup(struct nbl_rxq *q);
int rxq_registry_add(struct nbl_rxq *q);
void rxq_registry_del(struct nbl_rxq *q);
struct nbl_rxq *rxq_registry_find(const char *name);

/**
 * Take one NBL back on the owner lcore: ownership check, then recycle in
 * place (template reset, push on the free list) or free to the pool.
 * The caller has read nbl->next already.
 */
static __rte_always_inline void
rxq_take_back(struct nbl_rxq *q, struct nbl *nbl, struct rxq_ret_acc *acc)
{
	struct nb *nb;
	struct rte_mbuf *m;

	int rc;

	/* Ownership (R4): INDICATED, of our pool (nbl_check_return, which
	 * counts and logs refusals in the pool), and indicated by this queue
	 * (a second queue may share the pool). */
	rc = nbl_check_return(q->pool, nbl);
	if (unlikely(rc != 0 || nbl->miniport_reserved[1] != q)) {
		rxq_ret_refused(q, nbl, rc, acc);
		return;
	}
	acc->returned++;
	nb = nbl->first_nb;
	m = nb->mbuf;
	if (m != NULL) {
		acc->mbufs[acc->nb_mbufs++] = m;
		if (unlikely(acc->nb_mbufs == RXQ_FREE_BATCH))
			rxq_ret_free_mbufs(acc);
	}
	if (unlikely(q->pool_mode)) {
		rxq_ret_to_pool(q, nbl, acc);
		return;
	}
	/* One template copy per object, as VPP resets buffer metadata. */
	nbl->next = NULL;
	memcpy((uint8_t *)nbl + RXQ_NBL_TMPL_OFF,
		(const uint8_t *)&q->nbl_tmpl + RXQ_NBL_TMPL_OFF,
		RXQ_NBL_TMPL_LEN);
	memcpy(nb, &q->nb_tmpl, RXQ_NB_TMPL_LEN);
	q->free_list[q->nb_free++] = nbl;
	acc->recycled++;
}

#endif /* NBL_RXQ_PVT_H */
