/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * One reading of every counter. The periodic display, the final report and
 * the JSON report all print a snapshot, and the counters come from the
 * same getters the telemetry endpoints use (nbl_rxq_stats_get,
 * nbl_pool_stats_get, nblpmd_port_stats_read, the consumers' counters),
 * so the four agree; the NB pool of --net-buffer separate
 * (nbl_nb_pool_stats_get) has no endpoint.
 */

#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "replay/replay.h"
#include "stats.h"

uint64_t
nblpmd_port_rx_missed(const struct nblpmd_app *app, unsigned int pi,
		uint64_t imissed)
{
	if (app->ports[pi].internal)
		return imissed + nblpmd_replay_missed(app->replay);
	return imissed;
}

int
nblpmd_port_stats_read(const struct nblpmd_app *app, unsigned int pi,
		struct nblpmd_port_stats *ps)
{
	const struct nblpmd_port *p = &app->ports[pi];
	struct rte_eth_stats st;
	unsigned int i;
	int ret;

	memset(ps, 0, sizeof(*ps));
	ret = rte_eth_stats_get(p->port_id, &st);
	if (ret == 0) {
		ps->rx_packets = st.ipackets;
		ps->rx_bytes = st.ibytes;
		ps->rx_missed = st.imissed;
		ps->rx_errors = st.ierrors;
		ps->rx_nombuf = st.rx_nombuf;
		ps->tx_packets = st.opackets;
		ps->tx_bytes = st.obytes;
		ps->tx_errors = st.oerrors;
	}
	ps->rx_missed = nblpmd_port_rx_missed(app, pi, ps->rx_missed);
	for (i = 0; i < app->nb_queues; i++)
		if (app->queues[i].tx_port == p->port_id)
			ps->tx_dropped += app->queues[i].fs.tx_dropped;
	nblpmd_port_counters_fill(app, pi, ps);
	return ret;
}

void
nblpmd_snapshot_take(struct nblpmd_app *app, struct nblpmd_snapshot *s)
{
	uint64_t hz = rte_get_tsc_hz();
	uint64_t end;
	unsigned int i;
	int n;

	memset(s, 0, sizeof(*s));
	s->tsc = rte_rdtsc();
	end = app->end_tsc != 0 ? app->end_tsc : s->tsc;
	if (app->start_tsc != 0 && end > app->start_tsc)
		s->elapsed_s = (double)(end - app->start_tsc) / (double)hz;

	s->nb_ports = app->nb_ports;
	for (i = 0; i < app->nb_ports; i++)
		nblpmd_port_stats_read(app, i, &s->port[i]);

	s->nb_queues = app->nb_queues;
	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];

		if (q->rxq != NULL)
			nbl_rxq_stats_get(q->rxq, &s->q[i]);
		else
			s->q[i] = q->final;
		/* taken at teardown (zero before), whether or not the queue
		 * could be freed then */
		s->hold[i] = q->hold_final;
		s->fs[i] = q->fs;
		s->indicated += s->q[i].indicated;
		s->refused += s->q[i].refused_total;
	}
	if (app->nbl_pool != NULL) {
		const struct nbl_pool *p = app->nbl_pool;

		s->pool_valid = nbl_pool_stats_get(p, &s->pool) == 0;
		s->pool_params.name = NBLPMD_NBL_POOL_NAME;
		s->pool_params.count = p->count;
		s->pool_params.cache_size = p->cache_size;
		s->pool_params.allocate_nb = p->allocate_nb != 0;
		s->pool_params.context_size = p->context_size;
		s->pool_params.data_size = p->data_size;
		s->pool_params.tag = p->tag;
		n = nbl_pool_lcore_figures_get(p, s->pool_lcores,
			RTE_DIM(s->pool_lcores));
		s->nb_pool_lcores = n > 0 ? (unsigned int)n : 0;
	} else if (app->final.pool_valid) {
		s->pool = app->final.pool;
		s->pool_params = app->final.pool_params;
		s->pool_valid = true;
		s->nb_pool_lcores = app->final.nb_pool_lcores;
		memcpy(s->pool_lcores, app->final.pool_lcores,
			sizeof(s->pool_lcores));
	}
	if (app->nb_pool != NULL) {
		s->nb_pool_valid =
			nbl_nb_pool_stats_get(app->nb_pool, &s->nb_pool) == 0;
	} else if (app->final.nb_pool_valid) {
		s->nb_pool = app->final.nb_pool;
		s->nb_pool_valid = true;
	}
}
