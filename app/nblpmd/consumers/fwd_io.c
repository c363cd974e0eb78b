/* SPDX-License-Identifier: BSD-3-Clause */

#include <string.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

#include "fwd.h"

/*
 * An mbuf with a copy of an NBL's data, for NBLs the consumer may not keep
 * (RESOURCES, R5) and for copy-mode queues whose NBLs carry no mbuf.
 */
static struct rte_mbuf *
io_copy_to_mbuf(struct nblpmd_queue *q, const struct nbl *nbl)
{
	struct rte_mempool *mp = q->app->mbuf_pool;
	struct rte_mbuf *head;
	struct rte_mbuf *last;
	uint32_t len;
	uint32_t off = 0;

	if (nbl->first_nb == NULL)
		return NULL;
	len = nbl_nb_copy_out(nbl->first_nb, q->copy_buf, q->app->cfg.max_frame);
	head = rte_pktmbuf_alloc(mp);
	if (head == NULL)
		return NULL;
	last = head;
	while (off < len) {
		uint32_t room = rte_pktmbuf_tailroom(last);
		uint32_t chunk = RTE_MIN(room, len - off);
		char *p;

		if (chunk == 0) {
			struct rte_mbuf *seg = rte_pktmbuf_alloc(mp);

			if (seg == NULL || rte_pktmbuf_chain(head, seg) != 0) {
				rte_pktmbuf_free(seg);
				rte_pktmbuf_free(head);
				return NULL;
			}
			last = seg;
			continue;
		}
		p = rte_pktmbuf_append(head, chunk);
		if (p == NULL) {
			rte_pktmbuf_free(head);
			return NULL;
		}
		memcpy(p, q->copy_buf + off, chunk);
		off += chunk;
	}
	return head;
}

static void
io_swap_macs(struct rte_mbuf *m)
{
	struct rte_ether_hdr *eth;
	struct rte_ether_addr tmp;

	if (rte_pktmbuf_data_len(m) < sizeof(*eth))
		return;
	eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	rte_ether_addr_copy(&eth->src_addr, &tmp);
	rte_ether_addr_copy(&eth->dst_addr, &eth->src_addr);
	rte_ether_addr_copy(&tmp, &eth->dst_addr);
}

/*
 * io's process(), which macswap shares: hand every packet of the chain to
 * TX on the paired port, swapping the MAC addresses first when the
 * engine says so (swap_macs). A zero-copy NBL gives its mbuf away
 * (nbl_rxq_detach_mbuf) so the return does not free it; what TX does not
 * take is freed here and counted as dropped. The NBLs themselves go back
 * after the hand-off (the caller returns them).
 */
void
nblpmd_fwd_tx_process(struct nblpmd_queue *q, struct nbl *chain,
		uint16_t count, uint32_t flags)
{
	struct rte_mbuf *pkts[NBL_RXQ_MAX_BURST];
	struct nblpmd_fwd_stats *fs = &q->fs;
	bool keep_none = (flags & NBL_RXQ_IND_RESOURCES) != 0;
	bool macswap = q->app->fwd->swap_macs;
	uint16_t n = 0;
	uint16_t sent;
	struct nbl *nbl;

	RTE_SET_USED(count);
	for (nbl = chain; nbl != NULL && n < NBL_RXQ_MAX_BURST;
			nbl = nbl->next) {
		struct rte_mbuf *m = NULL;

		if (!keep_none)
			m = nbl_rxq_detach_mbuf(nbl);
		if (m == NULL) {
			m = io_copy_to_mbuf(q, nbl);
			if (m == NULL) {
				fs->tx_copy_failures++;
				fs->tx_dropped++;
				continue;
			}
			fs->tx_copies++;
		}
		if (macswap)
			io_swap_macs(m);
		pkts[n++] = m;
	}
	if (n == 0)
		return;
	sent = rte_eth_tx_burst(q->tx_port, q->tx_queue, pkts, n);
	if (sent < n)
		rte_pktmbuf_free_bulk(&pkts[sent], n - sent);
	fs->tx_packets += sent;
	fs->tx_dropped += n - sent;
}

const struct nblpmd_fwd_engine nblpmd_fwd_io = {
	.name = "io",
	.init = NULL,
	.process = nblpmd_fwd_tx_process,
	.fini = NULL,
};
