/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * One reading of every counter. The periodic display, the final report and
 * the JSON report all print a snapshot, and the counters come from the
 * same getters the telemetry endpoints use (nbl_rxq_stats_get,
 * nbl_pool_stats_get, rte_eth_stats_get), so the four agree; the NB pool
 * of --net-buffer separate (nbl_nb_pool_stats_get) has no endpoint.
 */

#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "nblpmd_app.h"

void
nblpmd_snapshot_take(struct nblpmd_app *app, struct nblpmd_snapshot *s)
{
	uint64_t hz = rte_get_tsc_hz();
	uint64_t end;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->tsc = rte_rdtsc();
	end = app->end_tsc != 0 ? app->end_tsc : s->tsc;
	if (app->start_tsc != 0 && end > app->start_tsc)
		s->elapsed_s = (double)(end - app->start_tsc) / (double)hz;

	s->nb_ports = app->nb_ports;
	for (i = 0; i < app->nb_ports; i++)
		rte_eth_stats_get(app->ports[i].port_id, &s->port[i]);

	s->nb_queues = app->nb_queues;
	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		unsigned int p;

		if (q->rxq != NULL)
			nbl_rxq_stats_get(q->rxq, &s->q[i]);
		else
			s->q[i] = q->final;
		s->fs[i] = q->fs;
		s->indicated += s->q[i].indicated;
		s->refused += s->q[i].refused_total;
		for (p = 0; p < app->nb_ports; p++)
			if (app->ports[p].port_id == q->tx_port)
				s->port_tx_dropped[p] += q->fs.tx_dropped;
	}
	if (app->nbl_pool != NULL) {
		s->pool_valid = nbl_pool_stats_get(app->nbl_pool, &s->pool) == 0;
	} else if (app->final.pool_valid) {
		s->pool = app->final.pool;
		s->pool_valid = true;
	}
	if (app->nb_pool != NULL) {
		s->nb_pool_valid =
			nbl_nb_pool_stats_get(app->nb_pool, &s->nb_pool) == 0;
	} else if (app->final.nb_pool_valid) {
		s->nb_pool = app->final.nb_pool;
		s->nb_pool_valid = true;
	}
}
