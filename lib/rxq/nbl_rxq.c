/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Queue setup, stop and free (slow paths): the D receive descriptors and
 * their D x S buffer descriptors are all allocated here (R3, R7) so that
 * the fill path never allocates in place mode.
 */

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ether.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf_dyn.h>

#include "nbl_rxq_pvt.h"

RTE_LOG_REGISTER_DEFAULT(nbl_rxq_logtype, INFO);

/* Sequence for ring and descriptor-pool names, which have short limits. */
static uint32_t rxq_seq;

static const char * const refusal_names[NBL_RXQ_REFUSE_MAX] = {
	[NBL_RXQ_REFUSE_MBUF_CHECK] = "mbuf_check",
	[NBL_RXQ_REFUSE_ZERO_LEN] = "zero_len",
	[NBL_RXQ_REFUSE_RUNT] = "runt",
	[NBL_RXQ_REFUSE_OVERSIZE] = "oversize",
	[NBL_RXQ_REFUSE_TOO_MANY_SEGS] = "too_many_segs",
	[NBL_RXQ_REFUSE_NO_DATA_ROOM] = "no_data_room",
};

const char *
nbl_rxq_refusal_name(enum nbl_rxq_refusal r)
{
	if ((unsigned int)r >= NBL_RXQ_REFUSE_MAX)
		return "unknown";
	return refusal_names[r];
}

static const char *
rxq_refusal_elem_name(unsigned int i)
{
	return nbl_rxq_refusal_name((enum nbl_rxq_refusal)i);
}

#define RXQ_COUNTER(f, m) \
	{ .name = #f, .offset = offsetof(struct nbl_rxq_stats, f), \
	  .type = NBL_COUNTER_U64, .meaning = m }

static const struct nbl_counter rxq_counter_table[] = {
	RXQ_COUNTER(polls, "nbl_rxq_poll() calls, idle ones included"),
	RXQ_COUNTER(rx_packets, "mbufs taken from the port"),
	RXQ_COUNTER(rx_bytes, "bytes of those mbufs"),
	RXQ_COUNTER(indicated, "NBLs indicated to the consumer"),
	RXQ_COUNTER(indications, "indicate calls (chains)"),
	RXQ_COUNTER(returned, "NBLs taken back, any path"),
	RXQ_COUNTER(recycled_inplace, "returned NBLs reset in place"),
	RXQ_COUNTER(freed_to_pool, "returned NBLs freed to the pool"),
	RXQ_COUNTER(resources_indications,
		"chains indicated with RESOURCES (returned at once)"),
	RXQ_COUNTER(resources_nbls, "NBLs in those chains"),
	RXQ_COUNTER(fill_stalls,
		"polls that left the port alone: no free descriptor"),
	RXQ_COUNTER(refill_shortfalls,
		"pool mode: refills that got fewer NBLs (or NBs) than asked, "
		"for any reason, injected failures included; retried at the "
		"next poll"),
	RXQ_COUNTER(outstanding_max, "most NBLs indicated and not yet returned "
		"at once"),
	RXQ_COUNTER(outstanding, "NBLs indicated and not yet returned now"),
	{ .name = "refused", .offset = offsetof(struct nbl_rxq_stats,
		refused_total), .type = NBL_COUNTER_U64,
	  .meaning = "mbufs refused before indication (all reasons)" },
	{ .name = "refused_by_reason", .offset = offsetof(struct nbl_rxq_stats,
		refused), .type = NBL_COUNTER_U64,
	  .nb_elems = NBL_RXQ_REFUSE_MAX, .elem_name = rxq_refusal_elem_name,
	  .meaning = "the refused mbufs, by reason" },
	RXQ_COUNTER(double_returns,
		"returns refused: the NBL was not indicated"),
	RXQ_COUNTER(foreign_returns,
		"returns refused: the NBL belongs to another pool"),
};

const struct nbl_counter *
nbl_rxq_counters(unsigned int *nb)
{
	/* A field added to struct nbl_rxq_stats needs its table line. */
	RTE_BUILD_BUG_ON(sizeof(struct nbl_rxq_stats) != sizeof(uint64_t) *
		(RTE_DIM(rxq_counter_table) - 1 + NBL_RXQ_REFUSE_MAX));
	*nb = RTE_DIM(rxq_counter_table);
	return rxq_counter_table;
}

static int
rxq_conf_check(const char *name, const struct nbl_rxq_conf *conf)
{
	if (name == NULL || name[0] == '\0' ||
			strlen(name) >= sizeof(((struct nbl_rxq *)0)->name)) {
		RXQ_LOG(ERR, "queue name missing or longer than 63 bytes");
		return -EINVAL;
	}
	if (conf == NULL) {
		RXQ_LOG(ERR, "%s: no configuration", name);
		return -EINVAL;
	}
	if (conf->descriptors == 0) {
		RXQ_LOG(ERR, "%s: zero receive descriptors", name);
		return -EINVAL;
	}
	if (conf->burst > NBL_RXQ_MAX_BURST) {
		RXQ_LOG(ERR, "%s: burst %u above %u", name, conf->burst,
			NBL_RXQ_MAX_BURST);
		return -EINVAL;
	}
	if (conf->pool == NULL) {
		RXQ_LOG(ERR, "%s: no NBL pool", name);
		return -EINVAL;
	}
	if (conf->nb_pool == NULL && !conf->pool->allocate_nb) {
		RXQ_LOG(ERR, "%s: NBL pool %s has no preallocated NBs: create it "
			"with allocate_nb, or give an NB pool (nb_pool) for "
			"separate NBs", name, conf->pool->name);
		return -EINVAL;
	}
	if (conf->nb_pool != NULL && conf->pool->allocate_nb) {
		RXQ_LOG(ERR, "%s: NBL pool %s preallocates NBs (allocate_nb): "
			"separate NBs (nb_pool) need a pool created without it",
			name, conf->pool->name);
		return -EINVAL;
	}
	if (conf->copy && conf->nb_pool != NULL) {
		RXQ_LOG(ERR, "%s: copy mode needs preallocated NBs with a data "
			"area (allocate_nb and data_size); separate NBs have none",
			name);
		return -EINVAL;
	}
	if (conf->copy && conf->pool->data_size == 0) {
		RXQ_LOG(ERR, "%s: copy mode needs a pool with a data area",
			name);
		return -EINVAL;
	}
	if (conf->indicate == NULL) {
		RXQ_LOG(ERR, "%s: no indicate callback", name);
		return -EINVAL;
	}
	if (conf->ring_size != 0 && !rte_is_power_of_2(conf->ring_size)) {
		RXQ_LOG(ERR, "%s: ring size %u is not a power of 2", name,
			conf->ring_size);
		return -EINVAL;
	}
	if (conf->recycle != NBL_RXQ_RECYCLE_INPLACE &&
			conf->recycle != NBL_RXQ_RECYCLE_POOL) {
		RXQ_LOG(ERR, "%s: unknown recycle mode %d", name,
			(int)conf->recycle);
		return -EINVAL;
	}
	return 0;
}

/*
 * Separate NBs (R2): queue one NB from the NB pool on each of n fresh
 * NBLs (NdisAllocateNetBuffer, then the NBL's NB list). When the NB pool
 * runs short, the NBLs left without an NB go back to the NBL pool, so no
 * NBL is kept half set up. Returns how many NBLs have their NB.
 */
unsigned int
rxq_queue_nbs(struct nbl_rxq *q, struct nbl **nbls, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct nb *nb = nbl_nb_alloc(q->nb_pool);

		if (unlikely(nb == NULL))
			break;
		/* A fresh NBL of a plain pool has no NB: this cannot fail. */
		(void)nbl_queue_nb(nbls[i], nb);
	}
	if (unlikely(i < n))
		nbl_free_bulk(nbls + i, n - i);
	return i;
}

/* Separate NBs: dequeue each NBL's NB and free it to the NB pool
 * (NdisFreeNetBuffer) before the NBL goes back. Returns the NBs freed. */
unsigned int
rxq_release_nbs(struct nbl **nbls, unsigned int n)
{
	unsigned int i, freed = 0;

	for (i = 0; i < n; i++) {
		struct nb *nb = nbl_dequeue_nb(nbls[i]);

		if (nb != NULL && nbl_nb_free(nb) == 0)
			freed++;
	}
	return freed;
}

/* The one-compare length test of the fill: pkt_len - len_lo <= len_span. */
static void
rxq_len_check_setup(struct nbl_rxq *q)
{
	uint32_t max = q->max_frame;

	if (q->copy && q->data_size < max)
		max = q->data_size;
	if (max < RTE_ETHER_HDR_LEN) {
		/* Nothing passes; let rxq_classify() give each reason. */
		q->len_lo = UINT64_C(1) << 33;
		q->len_span = 0;
	} else {
		q->len_lo = RTE_ETHER_HDR_LEN;
		q->len_span = max - RTE_ETHER_HDR_LEN;
	}
}

void
rxq_timestamp_lookup(struct nbl_rxq *q)
{
	int off, bit;

	off = rte_mbuf_dynfield_lookup(RTE_MBUF_DYNFIELD_TIMESTAMP_NAME, NULL);
	bit = rte_mbuf_dynflag_lookup(RTE_MBUF_DYNFLAG_RX_TIMESTAMP_NAME, NULL);
	if (off >= 0 && bit >= 0) {
		q->ts_offset = off;
		q->ts_flag = RTE_BIT64(bit);
	} else {
		q->ts_offset = -1;
		q->ts_flag = 0;
	}
}

/* Step 1: the queue structure, with the effective configuration. */
static struct nbl_rxq *
rxq_alloc(const char *name, const struct nbl_rxq_conf *conf)
{
	struct nbl_rxq *q;
	uint32_t d = conf->descriptors;
	uint16_t s = conf->max_segs != 0 ? conf->max_segs : 1;

	q = rte_zmalloc_socket("nbl_rxq", sizeof(*q), RTE_CACHE_LINE_SIZE,
		conf->socket_id);
	if (q == NULL)
		return NULL;
	snprintf(q->name, sizeof(q->name), "%s", name);
	q->conf = *conf;
	q->conf.max_segs = s;
	if (q->conf.burst == 0)
		q->conf.burst = NBL_RXQ_DEFAULT_BURST;
	if (q->conf.low_watermark == 0)
		q->conf.low_watermark = d / 8;
	if (q->conf.max_frame == 0)
		q->conf.max_frame = NBL_RXQ_DEFAULT_MAX_FRAME;
	q->nb_desc = d;
	q->port_id = conf->port_id;
	q->queue_id = conf->queue_id;
	q->burst = q->conf.burst;
	q->max_segs = s;
	q->pool = conf->pool;
	q->nb_pool = conf->nb_pool;
	q->separate_nb = conf->nb_pool != NULL;
	q->copy = conf->copy;
	q->remote = conf->remote;
	q->check_mbufs = conf->check_mbufs;
	q->pool_mode = conf->recycle == NBL_RXQ_RECYCLE_POOL;
	q->low_watermark = conf->resources_off ? 0 : q->conf.low_watermark;
	q->max_frame = q->conf.max_frame;
	q->data_size = conf->pool->data_size;
	rxq_len_check_setup(q);
	q->owner = LCORE_ID_ANY;
	q->consumer = LCORE_ID_ANY;
	q->indicate = conf->indicate;
	q->indicate_arg = conf->indicate_arg;
	q->registry_idx = -1;
	/* The data mode's flag comes with every reset, so the fill does not
	 * store it (and a RESOURCES flag is gone once the NBL is back). */
	nbl_reuse_init(&q->reuse, q->pool, q->copy ? NBL_F_COPIED : 0,
		q->port_id, q->queue_id);
	rxq_timestamp_lookup(q);
	return q;
}

/* Step 2: the free list, the records, the stack of records of freed
 * NBLs (pool mode), the table of descriptors for further segments, the
 * hold-time histograms, and what the forensics need. */
static int
rxq_arrays_alloc(struct nbl_rxq *q)
{
	const int socket = q->conf.socket_id;
	const size_t d = q->nb_desc;
	const size_t extra = d * (q->max_segs - 1u);

	/* One slot more in front: free_list[-1] points at the queue itself,
	 * which the fill may prefetch when the list runs empty. */
	q->free_list = rte_zmalloc_socket("nbl_rxq_free",
		sizeof(void *) * (d + 1), RTE_CACHE_LINE_SIZE, socket);
	if (q->free_list != NULL) {
		q->free_list[0] = (struct nbl *)(void *)q;
		q->free_list++;
	}
	q->recs = rte_zmalloc_socket("nbl_rxq_recs",
		sizeof(*q->recs) * d, RTE_CACHE_LINE_SIZE, socket);
	q->recs_span = sizeof(*q->recs) * d;
	q->rec_stack = rte_zmalloc_socket("nbl_rxq_rec_stack",
		sizeof(void *) * d, RTE_CACHE_LINE_SIZE, socket);
	if (extra > 0)
		q->mdls = rte_zmalloc_socket("nbl_rxq_mdls",
			sizeof(void *) * extra, RTE_CACHE_LINE_SIZE, socket);
	if (q->remote)
		q->delivered = rte_zmalloc_socket("nbl_rxq_delivered", d,
			RTE_CACHE_LINE_SIZE, socket);
	if (!q->conf.hold_time_off) {
		q->hold_hist = rte_zmalloc_socket("nbl_rxq_hold",
			sizeof(*q->hold_hist), RTE_CACHE_LINE_SIZE, socket);
		if (q->remote)
			q->hold_hist_remote = rte_zmalloc_socket(
				"nbl_rxq_hold_remote",
				sizeof(*q->hold_hist_remote),
				RTE_CACHE_LINE_SIZE, socket);
	}
	if (!q->conf.poll_gap_off)
		q->poll_gap_hist = rte_zmalloc_socket("nbl_rxq_poll_gap",
			sizeof(*q->poll_gap_hist), RTE_CACHE_LINE_SIZE, socket);
	if (q->free_list == NULL || q->recs == NULL || q->rec_stack == NULL ||
			(extra > 0 && q->mdls == NULL) ||
			(q->remote && q->delivered == NULL) ||
			(!q->conf.poll_gap_off && q->poll_gap_hist == NULL) ||
			(!q->conf.hold_time_off && (q->hold_hist == NULL ||
			(q->remote && q->hold_hist_remote == NULL))))
		return -ENOMEM;
	return rxq_diag_setup(q);
}

static void
rxq_arrays_free(struct nbl_rxq *q)
{
	if (q->free_list != NULL)
		rte_free(q->free_list - 1);
	q->free_list = NULL;
	rte_free(q->recs);
	q->recs = NULL;
	rte_free(q->rec_stack);
	q->rec_stack = NULL;
	rte_free(q->mdls);
	q->mdls = NULL;
	rte_free(q->delivered);
	q->delivered = NULL;
	rte_free(q->hold_hist);
	q->hold_hist = NULL;
	rte_free(q->hold_hist_remote);
	q->hold_hist_remote = NULL;
	rte_free(q->poll_gap_hist);
	q->poll_gap_hist = NULL;
	rxq_diag_free(q);
}

static void
rxq_mdls_free(struct nbl_rxq *q, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		struct nbl_mdl *mdl = q->mdls[i];

		/* The fill path maps descriptors by writing them; give them
		 * back as they were allocated. */
		mdl->next = NULL;
		mdl->mbuf = NULL;
		mdl->len = mdl->orig_len;
		nbl_mdl_free(mdl);
	}
}

/*
 * Step 3: the buffer-descriptor pool of exactly D x S (R7). Descriptor 0
 * of each receive descriptor is its NB's own (struct nb::mdl0), allocated
 * with the NBL: the pool counts those D as out from the start and holds
 * the D x (S-1) for further segments, which are all taken here and handed
 * out S-1 to a record.
 */
static int
rxq_mdls_setup(struct nbl_rxq *q, uint32_t seq)
{
	const uint32_t d = q->nb_desc, per = q->max_segs - 1u;
	const uint32_t n = d * per;
	char pname[32];
	uint32_t i;

	snprintf(pname, sizeof(pname), "nrxm%u", seq);
	/* NumberOfDescriptors = D x S: enough to map the full ring (R7). */
	q->mdl_pool = nbl_mdl_pool_create_ext(pname, d * q->max_segs, d, 0,
		q->conf.socket_id);
	if (q->mdl_pool == NULL) {
		RXQ_LOG(ERR, "%s: descriptor pool of %u: %s", q->name,
			d * q->max_segs, rte_strerror(rte_errno));
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		/* A placeholder range; every fill maps the real one. */
		q->mdls[i] = nbl_mdl_alloc(q->mdl_pool, q->name, 1);
		if (q->mdls[i] == NULL) {
			RXQ_LOG(ERR, "%s: buffer descriptor %u of %u: %s",
				q->name, i, n, rte_strerror(rte_errno));
			rxq_mdls_free(q, i);
			nbl_mdl_pool_free(q->mdl_pool);
			q->mdl_pool = NULL;
			return -ENOMEM;
		}
	}
	for (i = 0; i < d; i++)
		q->recs[i].extra = per > 0 ? &q->mdls[(size_t)i * per] : NULL;
	return 0;
}

static void
rxq_mdls_teardown(struct nbl_rxq *q)
{
	int rc;

	rxq_mdls_free(q, q->nb_desc * (q->max_segs - 1u));
	rc = nbl_mdl_pool_free(q->mdl_pool);
	if (rc != 0)
		RXQ_LOG(ERR, "%s: descriptor pool free: %s", q->name,
			rte_strerror(-rc));
	q->mdl_pool = NULL;
}

/* Give every NBL on the free list back: separate NBs to their pool first,
 * then the NBLs. */
static void
rxq_nbls_give_back(struct nbl_rxq *q)
{
	uint32_t i, n = q->nb_free;

	for (i = 0; i < n; i++)
		rxq_detach(q->free_list[i]);
	if (q->nb_pool != NULL) {
		i = rxq_release_nbs(q->free_list, n);
		if (i != n)
			RXQ_LOG(ERR, "%s: NB pool refused %u of %u NBs",
				q->name, n - i, n);
	}
	i = nbl_free_bulk(q->free_list, n);
	if (i != n)
		RXQ_LOG(ERR, "%s: pool refused %u of %u NBLs", q->name, n - i,
			n);
	q->nb_free = 0;
	q->nbl_out = 0;
}

/* Step 4: all D receive descriptors from the pool (R3): preallocated
 * NBs with nbl_alloc_with_nb() each, or separate NBs with nbl_alloc()
 * each and an NB queued on it; each attached to its record. */
static int
rxq_nbls_take(struct nbl_rxq *q)
{
	const uint32_t d = q->nb_desc;
	uint32_t i;

	i = nbl_alloc_bulk(q->pool, q->free_list, d);
	if (i != d) {
		RXQ_LOG(ERR, "%s: pool %s gave %u of %u NBLs", q->name,
			q->pool->name, i, d);
		nbl_free_bulk(q->free_list, i);
		return -ENOMEM;
	}
	if (q->nb_pool != NULL) {
		i = rxq_queue_nbs(q, q->free_list, d);
		if (i != d) {
			RXQ_LOG(ERR, "%s: NB pool gave %u of %u NBs", q->name,
				i, d);
			rxq_release_nbs(q->free_list, i);
			nbl_free_bulk(q->free_list, i);
			return -ENOMEM;
		}
		q->nb_pool_id = q->free_list[0]->first_nb->pool_id;
	}
	for (i = 0; i < d; i++)
		rxq_attach(q, q->free_list[i], &q->recs[i]);
	q->nb_free = d;
	q->nbl_out = d;
	return 0;
}

/* Step 5: the return ring and, in remote placement, the indication
 * ring. */
static int
rxq_rings_create(struct nbl_rxq *q, uint32_t seq)
{
	char rname[RTE_RING_NAMESIZE];
	uint32_t size;
	const unsigned int flags = RING_F_SP_ENQ | RING_F_SC_DEQ |
		RING_F_EXACT_SZ;

	/* Returns from another lcore: at most D NBLs are out, so a ring of
	 * D never fills unless the consumer returns some twice. */
	size = rte_align32pow2(q->nb_desc);
	snprintf(rname, sizeof(rname), "nrxr%u", seq);
	q->ret_ring = rte_ring_create(rname, size, q->conf.socket_id, flags);
	if (q->ret_ring == NULL) {
		RXQ_LOG(ERR, "%s: return ring: %s", q->name,
			rte_strerror(rte_errno));
		return -ENOMEM;
	}
	if (!q->remote)
		return 0;
	size = RTE_MAX(q->conf.ring_size, rte_align32pow2(q->nb_desc));
	q->conf.ring_size = size;
	snprintf(rname, sizeof(rname), "nrxi%u", seq);
	q->ind_ring = rte_ring_create(rname, size, q->conf.socket_id, flags);
	if (q->ind_ring == NULL) {
		RXQ_LOG(ERR, "%s: indication ring: %s", q->name,
			rte_strerror(rte_errno));
		rte_ring_free(q->ret_ring);
		q->ret_ring = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void
rxq_rings_free(struct nbl_rxq *q)
{
	rte_ring_free(q->ind_ring);
	rte_ring_free(q->ret_ring);
	q->ind_ring = NULL;
	q->ret_ring = NULL;
}

struct nbl_rxq *
nbl_rxq_create(const char *name, const struct nbl_rxq_conf *conf)
{
	struct nbl_rxq *q;
	uint32_t seq;
	int rc;

	/* Everything the fill reads per packet from the queue (free list,
	 * limits, timestamp flag) is in its first cache line, and what the
	 * return reads (reuse words, records) in its second; a field added
	 * in front must not push them out. */
	RTE_BUILD_BUG_ON(offsetof(struct nbl_rxq, ts_flag) +
		sizeof(((struct nbl_rxq *)0)->ts_flag) > RTE_CACHE_LINE_SIZE);
	/* The indicate TSC lives in MiniportReserved[1]: a whole 64-bit
	 * TSC in a pointer, in the NBL's first cache line (which the fill
	 * writes anyway). */
	RTE_BUILD_BUG_ON(sizeof(void *) < sizeof(uint64_t));
	RTE_BUILD_BUG_ON(offsetof(struct nbl, miniport_reserved) +
		sizeof(((struct nbl *)0)->miniport_reserved) >
		RTE_CACHE_LINE_SIZE);
	RTE_BUILD_BUG_ON(offsetof(struct nbl_rxq, recs_span) +
		sizeof(uintptr_t) > 2 * RTE_CACHE_LINE_SIZE);

	rc = rxq_conf_check(name, conf);
	if (rc != 0) {
		rte_errno = -rc;
		return NULL;
	}
	if (rxq_registry_find(name) != NULL) {
		RXQ_LOG(ERR, "%s: a queue of that name exists", name);
		rte_errno = EEXIST;
		return NULL;
	}
	q = rxq_alloc(name, conf);
	if (q == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	/* Ring and descriptor-pool names have short limits: a sequence. */
	seq = __atomic_fetch_add(&rxq_seq, 1, __ATOMIC_RELAXED);
	rc = rxq_arrays_alloc(q);
	if (rc != 0)
		goto free_arrays;
	rc = rxq_mdls_setup(q, seq);
	if (rc != 0)
		goto free_arrays;
	rc = rxq_nbls_take(q);
	if (rc != 0)
		goto free_mdls;
	rc = rxq_rings_create(q, seq);
	if (rc != 0)
		goto give_back_nbls;
	rc = rxq_registry_add(q);
	if (rc != 0) {
		RXQ_LOG(ERR, "%s: %u queues exist already", name,
			NBL_RXQ_MAX_QUEUES);
		goto free_rings;
	}
	RXQ_LOG(DEBUG, "%s: port %u queue %u, %u descriptors x %u segments, %s%s%s%s",
		name, q->port_id, q->queue_id, q->nb_desc, q->max_segs,
		q->pool_mode ? "pool" : "in place", q->copy ? ", copy" : "",
		q->remote ? ", remote" : "",
		q->nb_pool != NULL ? ", separate NBs" : "");
	return q;

free_rings:
	rxq_rings_free(q);
give_back_nbls:
	rxq_nbls_give_back(q);
free_mdls:
	rxq_mdls_teardown(q);
free_arrays:
	rxq_arrays_free(q);
	rte_free(q);
	rte_errno = -rc;
	return NULL;
}

int
nbl_rxq_start(struct nbl_rxq *q)
{
	if (q == NULL)
		return -EINVAL;
	q->stopped = 0;
	return 0;
}

int
nbl_rxq_free(struct nbl_rxq *q)
{
	if (q == NULL)
		return -EINVAL;
	rxq_drain_returns(q);
	if (q->stats.outstanding != 0 ||
			(q->ind_ring != NULL && rte_ring_count(q->ind_ring) != 0)) {
		RXQ_LOG(ERR, "%s: free with %" PRIu64 " NBLs still out",
			q->name, q->stats.outstanding);
		return -EBUSY;
	}
	/* Creation's steps undone in reverse. */
	rxq_registry_del(q);
	rxq_rings_free(q);
	rxq_nbls_give_back(q);
	rxq_mdls_teardown(q);
	rxq_arrays_free(q);
	rte_free(q);
	return 0;
}

int
nbl_rxq_stats_get(const struct nbl_rxq *q, struct nbl_rxq_stats *stats)
{
	if (q == NULL || stats == NULL)
		return -EINVAL;
	/* Each word has one writer; a copy of aligned words is enough. */
	memcpy(stats, &q->stats, sizeof(*stats));
	/* remote placement: and what the consumer lcore refused */
	stats->double_returns += __atomic_load_n(&q->rref.double_returns,
		__ATOMIC_RELAXED);
	stats->foreign_returns += __atomic_load_n(&q->rref.foreign_returns,
		__ATOMIC_RELAXED);
	return 0;
}

int
nbl_rxq_hold_hist_get(const struct nbl_rxq *q, struct nbl_hist *h)
{
	if (q == NULL || h == NULL)
		return -EINVAL;
	if (q->hold_hist == NULL)
		return -ENOTSUP;
	nbl_hist_copy(h, q->hold_hist);
	/* remote placement: add what the consumer lcore timed */
	if (q->hold_hist_remote != NULL)
		nbl_hist_add(h, q->hold_hist_remote);
	return 0;
}

int
nbl_rxq_hold_summary_get(const struct nbl_rxq *q,
		struct nbl_hist_summary *s)
{
	struct nbl_hist *h;
	int rc;

	if (q == NULL || s == NULL)
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	if (q->hold_hist == NULL)
		return -ENOTSUP;
	/* A copy: the owner may be recording; 35 KB is too much stack. */
	h = rte_malloc("nbl_rxq_hold_copy", sizeof(*h), 0);
	if (h == NULL)
		return -ENOMEM;
	rc = nbl_rxq_hold_hist_get(q, h);
	if (rc == 0)
		nbl_hist_summarize(h, rte_get_tsc_hz(), s);
	rte_free(h);
	return rc;
}

int
nbl_rxq_poll_gap_hist_get(const struct nbl_rxq *q, struct nbl_hist *h)
{
	if (q == NULL || h == NULL)
		return -EINVAL;
	if (q->poll_gap_hist == NULL)
		return -ENOTSUP;
	nbl_hist_copy(h, q->poll_gap_hist);
	return 0;
}

uint64_t
nbl_rxq_last_poll_tsc(const struct nbl_rxq *q)
{
	if (q == NULL)
		return 0;
	return __atomic_load_n(&q->last_poll_tsc, __ATOMIC_RELAXED);
}

const struct nbl_rxq_conf *
nbl_rxq_get_conf(const struct nbl_rxq *q)
{
	return q != NULL ? &q->conf : NULL;
}

const char *
nbl_rxq_name(const struct nbl_rxq *q)
{
	return q != NULL ? q->name : NULL;
}

uint32_t
nbl_rxq_free_count(const struct nbl_rxq *q)
{
	return q != NULL ? q->nb_free : 0;
}

struct nbl_mdl_pool *
nbl_rxq_mdl_pool(const struct nbl_rxq *q)
{
	return q != NULL ? q->mdl_pool : NULL;
}
