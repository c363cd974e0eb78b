/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The fill path (owner lcore): rte_eth_rx_burst into free receive
 * descriptors, refuse invalid mbufs, indicate one chain per burst.
 * Per packet: no logging, no allocation, no lock, no indirect call;
 * counters live in locals and reach the queue once per burst.
 */

#include <rte_ether.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf_dyn.h>
#include <rte_memcpy.h>
#include <rte_prefetch.h>

#include "nbl_rxq_pvt.h"

/* First poll: this lcore owns the queue from now on. */
static __rte_noinline void
rxq_set_owner(struct nbl_rxq *q)
{
	q->owner = rte_lcore_id();
	/* The app registers the RX timestamp field before starting ports;
	 * look again in case it did so after the queue was created. */
	rxq_timestamp_lookup(q);
}

/* Pool mode: bring the queue back to D NBLs from the pool (through this
 * lcore's cache) and reattach the descriptor slots of the freed ones. */
static __rte_noinline void
rxq_refill(struct nbl_rxq *q)
{
	uint32_t want = q->nb_desc - q->nbl_out;
	struct nbl **dst = &q->free_list[q->nb_free];
	unsigned int got, i;

	got = nbl_alloc_bulk(q->pool, dst, want);
	for (i = 0; i < got; i++)
		rxq_attach(q, dst[i], q->slot_stack[--q->nb_slots]);
	q->nb_free += got;
	q->nbl_out += got;
	if (got < want)
		q->stats.alloc_failures++;
}

/* Why an mbuf is refused, or NBL_RXQ_REFUSE_MAX when it is fine. */
static __rte_noinline enum nbl_rxq_refusal
rxq_classify(const struct nbl_rxq *q, const struct rte_mbuf *m)
{
	const char *reason;
	uint32_t len = m->pkt_len;

	if (q->check_mbufs && rte_mbuf_check(m, 1, &reason) != 0)
		return NBL_RXQ_REFUSE_MBUF_CHECK;
	if (len == 0)
		return NBL_RXQ_REFUSE_ZERO_LEN;
	if (len < RTE_ETHER_HDR_LEN)
		return NBL_RXQ_REFUSE_RUNT;
	if (len > q->max_frame)
		return NBL_RXQ_REFUSE_OVERSIZE;
	if (m->nb_segs > q->max_segs)
		return NBL_RXQ_REFUSE_TOO_MANY_SEGS;
	if (q->copy && len > q->data_size)
		return NBL_RXQ_REFUSE_NO_DATA_ROOM;
	return NBL_RXQ_REFUSE_MAX;
}

/* Segments after the first: one descriptor each, data only. */
static __rte_noinline void
rxq_map_segs(struct nb *nb, struct nbl_mdl **slot, struct rte_mbuf *m)
{
	struct nbl_mdl *prev = slot[0];
	struct rte_mbuf *seg;
	unsigned int i = 1;

	for (seg = m->next; seg != NULL; seg = seg->next, i++) {
		struct nbl_mdl *mdl = slot[i];

		mdl->addr = rte_pktmbuf_mtod(seg, uint8_t *);
		mdl->len = seg->data_len;
		mdl->orig_len = seg->data_len;
		mdl->mbuf = seg;
		mdl->next = NULL;
		prev->next = mdl;
		prev = mdl;
	}
	/* NET_BUFFER_CURRENT_MDL holds the first data byte. */
	if (m->data_len == 0 && slot[0]->next != NULL) {
		struct nbl_mdl *cur = slot[0]->next;

		while (cur->len == 0 && cur->next != NULL)
			cur = cur->next;
		nb->cur_mdl = cur;
		nb->cur_mdl_offset = 0;
	}
}

/* Copy mode: the data lands in the NB's own area (a non-contiguous mbuf
 * is gathered by rte_pktmbuf_read, a contiguous one copied here). */
static __rte_always_inline void
rxq_fill_copy(struct nb *nb, struct nbl_mdl *mdl, struct rte_mbuf *m,
		uint32_t len)
{
	const void *p = rte_pktmbuf_read(m, 0, len, nb->data);

	if (p != nb->data)
		rte_memcpy(nb->data, p, len);
	mdl->addr = nb->data;
	mdl->len = len;
	mdl->orig_len = len;
	mdl->mbuf = NULL;
	mdl->next = NULL;
	nb->mdl_chain = mdl;
	nb->cur_mdl = mdl;
	nb->cur_mdl_offset = 0;
	nb->data_offset = 0;
	nb->data_len = len;
	nb->mbuf = NULL;
}

/* Zero-copy: descriptor 0 maps the first segment from buf_addr, so the
 * headroom is the NB's data offset (backfill for a retreat). */
static __rte_always_inline void
rxq_fill_zc(struct nb *nb, struct nbl_mdl **slot, struct rte_mbuf *m,
		uint32_t len)
{
	struct nbl_mdl *mdl = slot[0];
	uint32_t off = m->data_off;

	mdl->addr = m->buf_addr;
	mdl->len = off + m->data_len;
	mdl->orig_len = off + m->data_len;
	mdl->mbuf = m;
	mdl->next = NULL;
	nb->mdl_chain = mdl;
	nb->cur_mdl = mdl;
	nb->cur_mdl_offset = off;
	nb->data_offset = off;
	nb->data_len = len;
	nb->mbuf = m;
	if (unlikely(m->nb_segs > 1))
		rxq_map_segs(nb, slot, m);
}

/* RESOURCES (R5), owner placement: the NBLs are ours again as soon as
 * the callback returns, whatever the consumer did with the chain links. */
static __rte_noinline void
rxq_take_back_resources(struct nbl_rxq *q, struct nbl **nbls,
		unsigned int n)
{
	struct rxq_ret_acc acc;
	unsigned int i;

	memset(&acc, 0, offsetof(struct rxq_ret_acc, mbufs));
	for (i = 0; i < n; i++)
		rxq_take_back(q, nbls[i], &acc);
	rxq_ret_flush(q, &acc);
}

static __rte_noinline void
rxq_set_resources(struct nbl **nbls, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		nbls[i]->flags |= NBL_F_RESOURCES;
}

/* Remote placement: the chain travels to the consumer lcore. The ring
 * holds D entries and at most D NBLs are out, so it cannot be full; if it
 * ever were, what did not fit is taken back rather than lost. */
static __rte_noinline void
rxq_send_remote(struct nbl_rxq *q, struct nbl **nbls, unsigned int n)
{
	unsigned int sent;

	sent = rte_ring_sp_enqueue_burst(q->ind_ring, (void **)nbls, n, NULL);
	if (unlikely(sent < n))
		rxq_take_back_resources(q, nbls + sent, n - sent);
}

static __rte_noinline void
rxq_add_refused(struct nbl_rxq *q, const uint16_t *refused)
{
	unsigned int r;

	for (r = 0; r < NBL_RXQ_REFUSE_MAX; r++) {
		q->stats.refused[r] += refused[r];
		q->stats.refused_total += refused[r];
	}
}

uint16_t
nbl_rxq_poll(struct nbl_rxq *q)
{
	struct rte_mbuf *mbufs[NBL_RXQ_MAX_BURST];
	struct rte_mbuf *to_free[NBL_RXQ_MAX_BURST];
	struct nbl *nbls[NBL_RXQ_MAX_BURST];
	uint16_t refused[NBL_RXQ_REFUSE_MAX];
	struct nbl **free_list = q->free_list;
	uint32_t nfree, flags, len;
	uint64_t bytes = 0;
	uint16_t n, i, cnt = 0, nf = 0, nref = 0;
	const bool copy = q->copy;
	const uint8_t nbl_flags = copy ? NBL_F_COPIED : 0;
	const int ts_off = q->ts_offset;

	if (unlikely(q->owner == LCORE_ID_ANY))
		rxq_set_owner(q);
	if (!rte_ring_empty(q->ret_ring))
		rxq_drain_returns(q);
	q->stats.polls++;
	if (unlikely(q->stopped))
		return 0;
	if (unlikely(q->pool_mode) && q->nbl_out < q->nb_desc)
		rxq_refill(q);
	nfree = q->nb_free;
	if (unlikely(nfree == 0)) {
		/* Backpressure: no posted descriptor, leave the port alone. */
		q->stats.fill_stalls++;
		return 0;
	}
	n = rte_eth_rx_burst(q->port_id, q->queue_id, mbufs,
		(uint16_t)RTE_MIN((uint32_t)q->burst, nfree));
	if (n == 0)
		return 0;

	rte_prefetch0(free_list[nfree - 1]);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = mbufs[i];
		struct nbl *nbl;
		struct nb *nb;

		len = m->pkt_len;
		bytes += len;
		if (unlikely(q->check_mbufs || len < RTE_ETHER_HDR_LEN ||
				len > q->max_frame || m->nb_segs > q->max_segs ||
				(copy && len > q->data_size))) {
			enum nbl_rxq_refusal r = rxq_classify(q, m);

			if (r != NBL_RXQ_REFUSE_MAX) {
				if (nref == 0)
					memset(refused, 0, sizeof(refused));
				refused[r]++;
				nref++;
				to_free[nf++] = m;
				continue;
			}
		}
		nbl = free_list[--nfree];
		if (likely(nfree > 0))
			rte_prefetch0(free_list[nfree - 1]);
		nb = nbl->first_nb;
		if (copy) {
			rxq_fill_copy(nb, rxq_slot(nbl)[0], m, len);
			to_free[nf++] = m;
		} else {
			rxq_fill_zc(nb, rxq_slot(nbl), m, len);
		}
		if (ts_off >= 0 && (m->ol_flags & q->ts_flag) != 0)
			nbl->timestamp_ns = *RTE_MBUF_DYNFIELD(m, ts_off,
				rte_mbuf_timestamp_t *);
		nbl->flags = nbl_flags;
		/* HELD -> INDICATED. Every NBL on the free list is HELD by
		 * construction, so this cannot fail. */
		(void)nbl_mark_indicated(nbl);
		nbl->next = NULL;
		if (cnt > 0)
			nbls[cnt - 1]->next = nbl;
		nbls[cnt++] = nbl;
	}
	if (nf > 0)
		rte_pktmbuf_free_bulk(to_free, nf);
	q->nb_free = nfree;

	flags = 0;
	if (unlikely(nfree < q->low_watermark) && cnt > 0) {
		flags = NBL_RXQ_IND_RESOURCES;
		rxq_set_resources(nbls, cnt);
		q->stats.resources_indications++;
		q->stats.resources_nbls += cnt;
	}
	/* One add per counter per burst, before the consumer runs (it may
	 * return the chain from inside the callback). */
	q->stats.rx_packets += n;
	q->stats.rx_bytes += bytes;
	if (unlikely(nref > 0))
		rxq_add_refused(q, refused);
	if (cnt == 0)
		return 0;
	q->stats.indicated += cnt;
	q->stats.indications++;
	q->stats.outstanding += cnt;
	if (q->stats.outstanding > q->stats.outstanding_max)
		q->stats.outstanding_max = q->stats.outstanding;

	if (q->remote) {
		rxq_send_remote(q, nbls, cnt);
		return cnt;
	}
	q->indicate(q, nbls[0], cnt, flags, q->indicate_arg);
	if (unlikely(flags & NBL_RXQ_IND_RESOURCES))
		rxq_take_back_resources(q, nbls, cnt);
	return cnt;
}
