/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Multi-queue receive on the internal port: --rxq N gives it N RX rings
 * of exactly --rxd entries, and each record goes to the ring of the queue
 * a NIC's RSS would give it (lib/capture's cap_rss_*: the Toeplitz hash
 * of the addresses and ports with --rss-key, a 128-entry indirection
 * table whose entry i is i % N). With one queue nothing is hashed.
 *
 * The replay thread is the only caller once the run started, and the
 * only writer of the counters (CSTORE, replay_pvt.h).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ring.h>

#include "replay_pvt.h"

int
replay_rss_setup(struct nblpmd_replay *rp, int socket)
{
	const struct nblpmd_config *cfg = rp->cfg;
	unsigned int nq = RTE_MAX(cfg->rxq, (uint16_t)1), q;
	char name[RTE_RING_NAMESIZE];

	if (nq > REPLAY_MAX_QUEUES || cap_rss_init(&rp->rss, cfg->rss_key,
			(uint16_t)nq) != 0) {
		fprintf(stderr, "nblpmd: --rxq %u: the internal port has at most "
			"%d RX queues\n", nq, REPLAY_MAX_QUEUES);
		return -EINVAL;
	}
	for (q = 0; q < nq; q++) {
		/* the first keeps the name one queue always had */
		if (q == 0)
			snprintf(name, sizeof(name), "nbl_replay_rx");
		else
			snprintf(name, sizeof(name), "nbl_replay_rx%u", q);
		rp->rx_rings[q] = rte_ring_create(name, cfg->rxd, socket,
			RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
		if (rp->rx_rings[q] == NULL) {
			fprintf(stderr, "nblpmd: --replay: cannot create the "
				"internal port's RX ring %u of %u: %s\n", q, nq,
				rte_strerror(rte_errno));
			return -ENOMEM;
		}
		rp->nb_rx_rings = q + 1;
	}
	return 0;
}

uint16_t
replay_rss_queue(struct nblpmd_replay *rp, const struct cap_record *rec)
{
	enum cap_rss_input in;
	uint16_t q;

	if (rp->nb_rx_rings <= 1)
		return 0;
	q = cap_rss_queue(&rp->rss, rec->data, rec->caplen, &in);
	CSTORE(rp, rss_input[in], rp->c.rss_input[in] + 1);
	return q;
}

void
replay_rss_group(const struct nblpmd_replay *rp, struct rte_mbuf *const *m,
		const bool *conv, const uint16_t *queue, uint16_t n,
		struct rte_mbuf **out, bool *out_conv, uint16_t *start)
{
	uint16_t next[REPLAY_MAX_QUEUES];
	unsigned int q;
	uint16_t i;

	/* a counting sort: sizes, then where each group starts */
	memset(start, 0, sizeof(*start) * (rp->nb_rx_rings + 1));
	for (i = 0; i < n; i++)
		start[queue[i] + 1]++;
	for (q = 0; q < rp->nb_rx_rings; q++) {
		start[q + 1] += start[q];
		next[q] = start[q];
	}
	for (i = 0; i < n; i++) {
		uint16_t at = next[queue[i]]++;

		out[at] = m[i];
		out_conv[at] = conv[i];
	}
}
