/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The fill path (owner lcore): rte_eth_rx_burst into free receive
 * descriptors, refuse invalid mbufs, indicate one chain per burst.
 * Per packet: no logging, no allocation, no lock, no indirect call;
 * counters live in locals and reach the queue once per burst.
 */

#include <rte_cycles.h>
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
 * lcore's cache), with separate NBs one NB from the NB pool queued on
 * each, and reattach the records of the freed ones. A shortfall of
 * either pool (empty, or a failure injected on purpose) is one refill
 * shortfall; what is short is tried again at the next poll (or stop). */
__rte_noinline void
rxq_refill(struct nbl_rxq *q)
{
	uint32_t want = q->nb_desc - q->nbl_out;
	struct nbl **dst = &q->free_list[q->nb_free];
	unsigned int got, i;

	if (!q->separate_nb) {
		/* Prepared by lib/nbl as they come out of the pool. */
		got = nbl_reuse_alloc_bulk(q->pool, dst, want, &q->reuse);
		for (i = 0; i < got; i++)
			rxq_attach_prepared(dst[i],
				q->rec_stack[--q->nb_recs]);
	} else {
		got = nbl_alloc_bulk(q->pool, dst, want);
		if (got > 0)
			got = rxq_queue_nbs(q, dst, got);
		for (i = 0; i < got; i++)
			rxq_attach(q, dst[i], q->rec_stack[--q->nb_recs]);
	}
	q->nb_free += got;
	q->nbl_out += got;
	if (got < want)
		q->stats.refill_shortfalls++;
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

/* Segments after the first: one descriptor each (the record's), data
 * only, chained after descriptor 0. The NB no longer looks as its reset
 * left it, so the return resets it from scratch. */
static void
rxq_map_segs(struct nb *nb, struct nbl_mdl **extra, struct rte_mbuf *m)
{
	struct nbl_mdl *prev = &nb->mdl0;
	struct rte_mbuf *seg;
	unsigned int i = 0;

	for (seg = m->next; seg != NULL; seg = seg->next, i++) {
		struct nbl_mdl *mdl = extra[i];

		mdl->addr = rte_pktmbuf_mtod(seg, uint8_t *);
		mdl->len = seg->data_len;
		mdl->orig_len = seg->data_len;
		mdl->mbuf = seg;
		mdl->next = NULL;
		prev->next = mdl;
		prev = mdl;
	}
	nb->modified = 1;
	/* NET_BUFFER_CURRENT_MDL holds the first data byte. */
	if (m->data_len == 0 && nb->mdl0.next != NULL) {
		struct nbl_mdl *cur = nb->mdl0.next;

		while (cur->len == 0 && cur->next != NULL)
			cur = cur->next;
		nb->cur_mdl = cur;
		nb->cur_mdl_offset = 0;
	}
}

/*
 * Copy mode: the data lands in the NB's own area (a non-contiguous mbuf
 * is gathered by rte_pktmbuf_read, a contiguous one copied here), mapped
 * by descriptor 0. The chain (descriptor 0 alone, current) is as the
 * reset left it.
 */
static __rte_always_inline void
rxq_fill_copy(struct nb *nb, struct rte_mbuf *m, uint32_t len)
{
	struct nbl_mdl *mdl = &nb->mdl0;
	const void *p = rte_pktmbuf_read(m, 0, len, nb->data);

	if (p != nb->data)
		rte_memcpy(nb->data, p, len);
	mdl->addr = nb->data;
	mdl->len = len;
	mdl->orig_len = len;
	mdl->mbuf = NULL;
	nb->cur_mdl_offset = 0;
	nb->data_offset = 0;
	nb->data_len = len;
	nb->mbuf = NULL;
}

/*
 * Zero-copy, the first segment: descriptor 0 maps it from buf_addr, so
 * the headroom is the NB's data offset (backfill for a retreat). What the
 * reset set up (descriptor 0 chained and current, unlinked) is not
 * written again: per packet, the NB's line and descriptor 0's first half
 * only.
 */
static __rte_always_inline void
rxq_fill_zc(struct nb *nb, struct rte_mbuf *m, uint32_t len)
{
	struct nbl_mdl *mdl = &nb->mdl0;
	uint32_t off = m->data_off;

	mdl->addr = m->buf_addr;
	mdl->len = off + m->data_len;
	mdl->orig_len = off + m->data_len;
	mdl->mbuf = m;
	nb->cur_mdl_offset = off;
	nb->data_offset = off;
	nb->data_len = len;
	nb->mbuf = m;
}

/* An mbuf the fast test left to rxq_classify() and that passed it: any
 * number of segments up to S. */
static __rte_noinline void
rxq_fill_slow(struct nbl *nbl, struct rte_mbuf *m, bool copy)
{
	struct nb *nb = nbl->first_nb;

	if (copy) {
		rxq_fill_copy(nb, m, m->pkt_len);
		return;
	}
	rxq_fill_zc(nb, m, m->pkt_len);
	if (m->nb_segs > 1)
		rxq_map_segs(nb, rxq_rec(nbl)->extra, m);
}

/* RESOURCES (R5): the flag on each NBL of the indication. */
static __rte_noinline void
rxq_set_resources(struct nbl **nbls, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		nbls[i]->flags |= NBL_F_RESOURCES;
}

/* Remote placement: the chain travels to the consumer lcore, in packet
 * order (the popped free-list slots hold it last packet first). The ring
 * holds D entries and at most D NBLs are out, so it cannot be full; if it
 * ever were, what did not fit is taken back rather than lost. */
static __rte_noinline void
rxq_send_remote(struct nbl_rxq *q, struct nbl **popped, unsigned int n)
{
	struct nbl *arr[NBL_RXQ_MAX_BURST];
	unsigned int sent, i;

	for (i = 0; i < n; i++)
		arr[i] = popped[n - 1 - i];
	sent = rte_ring_sp_enqueue_burst(q->ind_ring, (void **)arr, n, NULL);
	if (unlikely(sent < n)) {
		if (q->diag & RXQ_DIAG_TRACK)
			rxq_track_back(q, arr + sent, n - sent,
				RXQ_TRACK_RETURN | RXQ_TRACK_RECYCLE);
		rxq_take_back_array(q, arr + sent, n - sent);
	}
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

/* What one fill loop leaves for the rest of the poll. */
struct rxq_fill_out {
	struct nbl *head;           /**< first NBL of the chain, or NULL */
	uint64_t bytes;
	uint32_t nfree;
	uint16_t nf;
	uint16_t nref;
	uint16_t refused[NBL_RXQ_REFUSE_MAX];
};

/*
 * Fill free descriptors from n mbufs and link the NBLs into one chain.
 * Instantiated once per data mode (copy), mbuf check (check) and RX
 * timestamp field (ts: registered or not), all constants, so the loop has
 * no mode test. The NBLs are popped from the free list in order, so the
 * popped slots are the indication, last packet first: no array of them is
 * built here.
 *
 * Per packet, the fast test: the length compare and, with check,
 * rxq_mbuf_check_fast() (one segment and every test of rte_mbuf_check()),
 * else one segment; its loads are those the fill needs anyway (lengths,
 * data offset, buffer address) plus the few rte_mbuf_check() adds. An
 * mbuf that fails it goes to rxq_classify(), which finds the reason
 * (calling rte_mbuf_check() itself), and one that passes that after all
 * (a chained mbuf) is filled out of line. Then the stores that map the
 * packet, on the NBL's first line and the NB's per-packet line; counters
 * stay in locals. None is made that the reset already made (chain,
 * flags).
 */
static __rte_always_inline void
rxq_fill(struct nbl_rxq *q, struct rte_mbuf **mbufs, uint16_t n,
		uint64_t tsc, struct rte_mbuf **to_free, struct rxq_fill_out *o,
		const bool copy, const bool check, const bool ts)
{
	struct nbl **free_list = q->free_list;
	struct nbl *head = NULL;
	struct nbl **tail = &head;
	const uint64_t ts_flag = q->ts_flag;
	const uint64_t len_lo = q->len_lo;
	const uint64_t span = q->len_span;
	uint32_t nfree = q->nb_free;
	uint64_t bytes = 0;
	/* Full-width counters: no zero extension per packet. */
	unsigned int i, nf = 0, nref = 0;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = mbufs[i];
		uint32_t len = m->pkt_len;
		struct nbl *nbl;

		bytes += len;
		/* The caller asked the port for at most nfree mbufs, so the
		 * top of the free list is there; free_list[-1] is a valid
		 * address to prefetch when it is the last one. */
		nbl = (free_list + nfree)[-1];
		nbl_prefetch((free_list + nfree)[-2]);
		/* Unsigned: a runt wraps around and fails the compare. */
		if (likely((uint64_t)len - len_lo <= span &&
				(check ? rxq_mbuf_check_fast(m) :
					m->nb_segs == 1))) {
			if (copy)
				rxq_fill_copy(nbl->first_nb, m, len);
			else
				rxq_fill_zc(nbl->first_nb, m, len);
		} else {
			enum nbl_rxq_refusal r = rxq_classify(q, m);

			if (r != NBL_RXQ_REFUSE_MAX) {
				if (nref == 0)
					memset(o->refused, 0,
						sizeof(o->refused));
				o->refused[r]++;
				nref++;
				to_free[nf++] = m;
				continue;
			}
			rxq_fill_slow(nbl, m, copy);
		}
		nfree--;
		if (copy)
			to_free[nf++] = m;
		/* Only when the field is registered (ts); then only mbufs
		 * with the flag carry a timestamp, and the others none. */
		if (ts)
			nbl->timestamp_ns = (m->ol_flags & ts_flag) != 0 ?
				*RTE_MBUF_DYNFIELD(m, q->ts_offset,
					rte_mbuf_timestamp_t *) : 0;
		/* HELD -> INDICATED, a one-byte check. Every NBL on the free
		 * list is HELD by construction, so this cannot fail. The
		 * flags (NBL_F_COPIED or none) came with the reset. */
		/* The burst's TSC, for the hold time measured at return. */
		rxq_set_ind_tsc(nbl, tsc);
		(void)nbl_mark_indicated(nbl);
		*tail = nbl;
		tail = &nbl->next;
	}
	*tail = NULL;
	o->head = head;
	o->bytes = bytes;
	o->nfree = nfree;
	o->nf = (uint16_t)nf;
	o->nref = (uint16_t)nref;
}

/* One instantiation of the fill loop per (copy, check, ts): one switch per
 * burst instead of a test per packet. ts_flag may change at the first poll
 * (rxq_set_owner), so it is read here each time. Not inlined: one call per
 * burst keeps the eight loops out of both polls. */
static __rte_noinline void
rxq_fill_any(struct nbl_rxq *q, struct rte_mbuf **mbufs, uint16_t n,
		uint64_t tsc, struct rte_mbuf **to_free, struct rxq_fill_out *o)
{
	const unsigned int v = (q->copy != 0) << 2 |
		(q->check_mbufs != 0) << 1 | (q->ts_flag != 0);

	switch (v) {
	case 0:
		rxq_fill(q, mbufs, n, tsc, to_free, o, false, false, false);
		break;
	case 1:
		rxq_fill(q, mbufs, n, tsc, to_free, o, false, false, true);
		break;
	case 2:
		rxq_fill(q, mbufs, n, tsc, to_free, o, false, true, false);
		break;
	case 3:
		rxq_fill(q, mbufs, n, tsc, to_free, o, false, true, true);
		break;
	case 4:
		rxq_fill(q, mbufs, n, tsc, to_free, o, true, false, false);
		break;
	case 5:
		rxq_fill(q, mbufs, n, tsc, to_free, o, true, false, true);
		break;
	case 6:
		rxq_fill(q, mbufs, n, tsc, to_free, o, true, true, false);
		break;
	default:
		rxq_fill(q, mbufs, n, tsc, to_free, o, true, true, true);
		break;
	}
}

/* RESOURCES with the consumer on this lcore: the NBLs of the indication
 * are copied before the callback (whose returns of other NBLs reuse the
 * free-list slots) and taken back after it. */
static __rte_noinline void
rxq_indicate_resources(struct nbl_rxq *q, struct nbl *head, uint32_t cnt,
		struct nbl **popped)
{
	struct nbl *nbls[NBL_RXQ_MAX_BURST];

	memcpy(nbls, popped, sizeof(nbls[0]) * cnt);
	q->in_indicate = 1;
	q->indicate(q, head, (uint16_t)cnt, NBL_RXQ_IND_RESOURCES,
		q->indicate_arg);
	q->in_indicate = 0;
	/* RESOURCES (R5): ours again as soon as the callback returns. */
	if (unlikely(q->diag & RXQ_DIAG_TRACK))
		rxq_track_back(q, nbls, cnt, RXQ_TRACK_RETURN |
			RXQ_TRACK_RECYCLE);
	rxq_take_back_array(q, nbls, cnt);
}

/* The time since the previous poll into the histogram (owner lcore);
 * returns this poll's TSC. The first poll has no gap to record. */
static __rte_always_inline uint64_t
rxq_poll_gap(struct nbl_rxq *q)
{
	const uint64_t now = rte_rdtsc();
	const uint64_t last = q->last_poll_tsc;

	if (likely(last != 0))
		nbl_hist_record_n(q->poll_gap_hist, now - last, 1);
	__atomic_store_n(&q->last_poll_tsc, now, __ATOMIC_RELAXED);
	return now;
}

/*
 * One poll. Both public polls are this body, instantiated with limited
 * constant: nbl_rxq_poll() (limited false) compiles to the unlimited poll
 * with no trace of max; nbl_rxq_poll_max() adds one min on the burst size
 * and leaves the port alone when max is 0.
 */
static __rte_always_inline uint16_t
rxq_poll(struct nbl_rxq *q, uint16_t max, const bool limited, const bool diag)
{
	struct rte_mbuf *mbufs[NBL_RXQ_MAX_BURST];
	struct rte_mbuf *to_free[NBL_RXQ_MAX_BURST];
	struct rxq_fill_out o;
	struct nbl **popped;
	uint32_t nfree, burst, cnt;
	uint64_t tsc;
	uint16_t n;

	if (unlikely(q->owner == LCORE_ID_ANY))
		rxq_set_owner(q);
	/* One TSC a poll: the poll gap, and the burst's clock below. */
	tsc = 0;
	if (likely(q->poll_gap_hist != NULL))
		tsc = rxq_poll_gap(q);
	if (!rte_ring_empty(q->ret_ring))
		rxq_drain_returns(q);
	q->stats.polls++;
	if (unlikely(q->stopped))
		return 0;
	if (unlikely(q->pool_mode) && q->nbl_out < q->nb_desc)
		rxq_refill(q);
	if (limited && unlikely(max == 0))
		return 0;
	nfree = q->nb_free;
	if (unlikely(nfree == 0)) {
		/* Backpressure: no posted descriptor, leave the port alone. */
		q->stats.fill_stalls++;
		return 0;
	}
	burst = q->burst;
	if (limited)
		burst = RTE_MIN(burst, (uint32_t)max);
	n = rte_eth_rx_burst(q->port_id, q->queue_id, mbufs,
		(uint16_t)RTE_MIN(burst, nfree));
	if (diag)
		rxq_diag_rx(q, n);
	if (n == 0)
		return 0;

	nbl_prefetch(q->free_list[nfree - 1]);
	/* The poll's TSC for the hold-time histogram (0: not measured);
	 * returns made inside the indicate call below use it too. Read here
	 * only when the poll gap did not read it. */
	if (tsc == 0 && (diag || q->hold_hist != NULL))
		tsc = rte_rdtsc();
	else if (!diag && q->hold_hist == NULL)
		tsc = 0;
	q->poll_tsc = tsc;
	rxq_fill_any(q, mbufs, n, tsc, to_free, &o);
	if (o.nf > 0)
		rxq_mbuf_free_bulk(to_free, o.nf);
	cnt = nfree - o.nfree;
	nfree = o.nfree;
	q->nb_free = nfree;
	popped = &q->free_list[nfree];

	/* One add per counter per burst, before the consumer runs (it may
	 * return the chain from inside the callback). */
	q->stats.rx_packets += n;
	q->stats.rx_bytes += o.bytes;
	if (unlikely(o.nref > 0))
		rxq_add_refused(q, o.refused);
	if (cnt == 0)
		return 0;
	q->stats.indicated += cnt;
	q->stats.indications++;
	q->stats.outstanding += cnt;
	if (q->stats.outstanding > q->stats.outstanding_max)
		q->stats.outstanding_max = q->stats.outstanding;
	if (diag)
		rxq_diag_indicate(q, popped, (uint16_t)cnt, tsc);

	if (unlikely(nfree < q->low_watermark)) {
		rxq_set_resources(popped, cnt);
		q->stats.resources_indications++;
		q->stats.resources_nbls += cnt;
		if (!q->remote) {
			rxq_indicate_resources(q, o.head, cnt, popped);
			return (uint16_t)cnt;
		}
	}
	if (q->remote) {
		rxq_send_remote(q, popped, cnt);
		return (uint16_t)cnt;
	}
	q->in_indicate = 1;
	q->indicate(q, o.head, (uint16_t)cnt, 0, q->indicate_arg);
	q->in_indicate = 0;
	return (uint16_t)cnt;
}

/* The forensic poll (burst sizes, NBL history): the same body with the
 * recording compiled in, so the default poll has none of it. max is
 * UINT16_MAX for nbl_rxq_poll(). */
static __rte_noinline uint16_t
rxq_poll_diag(struct nbl_rxq *q, uint16_t max)
{
	return rxq_poll(q, max, true, true);
}

uint16_t
nbl_rxq_poll(struct nbl_rxq *q)
{
	if (unlikely(q->diag != 0))
		return rxq_poll_diag(q, UINT16_MAX);
	return rxq_poll(q, 0, false, false);
}

uint16_t
nbl_rxq_poll_max(struct nbl_rxq *q, uint16_t max)
{
	if (unlikely(q->diag != 0))
		return rxq_poll_diag(q, max);
	return rxq_poll(q, max, true, false);
}
