/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The application's telemetry endpoints, beside lib/rxq's /nbl/rxqs and
 * lib/nbl's /nbl/pools and /nbl/pool,NAME:
 *   /nblpmd/ports      each port's counters (the port counter table)
 *   /nblpmd/consumers  each queue's consumer counters (the consumer
 *                      table), keyed by queue name as in /nbl/rxqs
 *   /nblpmd/lcores     each RX or consumer lcore's cycles (the lcore
 *                      table, --record-core-cycles), keyed by lcore id
 * The telemetry thread reads counters that lcores write; each is a 64-bit
 * word with one writer, so a plain read is enough. What they read goes
 * away at the end (the hold model's histograms, the ports, the replay),
 * so every reader holds tel_lock and finds tel_app NULL once
 * nblpmd_telemetry_close() ran, first thing at the end of a run.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_spinlock.h>
#include <rte_telemetry.h>

#include "consumers/fwd.h"
#include "json/json.h"
#include "report.h"
#include "stats/stats.h"

static rte_spinlock_t tel_lock = RTE_SPINLOCK_INITIALIZER;
static const struct nblpmd_app *tel_app;

/* A request the endpoint cannot serve: parameters, or the run is over.
 * Under tel_lock. */
static int
tel_refuse(const char *cmd, const char *params, struct rte_tel_data *d)
{
	if (params != NULL && params[0] != '\0')
		return nbl_tel_error(d, "no parameters",
			"%s takes no parameters", cmd);
	if (tel_app == NULL)
		return nbl_tel_error(d, NULL,
			"the run has ended: nothing more to read");
	return 1;
}

static int
tel_ports_fill(const struct nblpmd_app *app, struct rte_tel_data *d)
{
	const struct nbl_counter *table;
	unsigned int nb, i;
	char key[16];

	table = nblpmd_port_counters(&nb);
	rte_tel_data_start_dict(d);
	for (i = 0; i < app->nb_ports; i++) {
		const struct nblpmd_port *p = &app->ports[i];
		struct nblpmd_port_stats ps;
		struct rte_tel_data *c;

		if (nblpmd_port_stats_read(app, i, &ps) != 0)
			continue;
		c = rte_tel_data_alloc();
		if (c == NULL)
			return -ENOMEM;
		rte_tel_data_start_dict(c);
		rte_tel_data_add_dict_u64(c, "port", p->port_id);
		rte_tel_data_add_dict_string(c, "name", p->name);
		rte_tel_data_add_dict_string(c, "driver", p->driver);
		if (nblpmd_port_counter_skip(p) == 0)
			rte_tel_data_add_dict_string(c, "ifname", p->ifname);
		snprintf(key, sizeof(key), "%u", p->port_id);
		if (nbl_counters_tel(c, table, nb, &ps,
				nblpmd_port_counter_skip(p)) != 0 ||
				rte_tel_data_add_dict_container(d, key, c, 0) != 0)
			rte_tel_data_free(c);
	}
	return 0;
}

/* return_lag_ns{count, p50, ...}: how late held NBLs came back (the
 * consumer lcore writes it; a copy is summarised). Nothing without holds. */
static int
tel_return_lag(struct rte_tel_data *c, const struct nblpmd_queue *q)
{
	struct nbl_hist_summary s;
	struct nbl_hist *h;

	if (q->hold.lag == NULL)
		return 0;
	h = malloc(sizeof(*h));
	if (h == NULL)
		return -ENOMEM;
	nbl_hist_copy(h, q->hold.lag);
	nblpmd_hist_summary(h, &s);
	free(h);
	return nbl_hist_summary_tel(c, "return_lag_ns", &s);
}

static int
tel_ports(const char *cmd, const char *params, struct rte_tel_data *d)
{
	int rc;

	rte_spinlock_lock(&tel_lock);
	rc = tel_refuse(cmd, params, d);
	if (rc > 0)
		rc = tel_ports_fill(tel_app, d);
	rte_spinlock_unlock(&tel_lock);
	return rc;
}

static int
tel_consumers_fill(const struct nblpmd_app *app, struct rte_tel_data *d)
{
	const struct nbl_counter *table;
	unsigned int nb, i;
	char key[64];

	table = nblpmd_fwd_counters(&nb);
	rte_tel_data_start_dict(d);
	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		struct rte_tel_data *c;

		if (q->name[0] == '\0')
			continue;      /* not created yet */
		c = rte_tel_data_alloc();
		if (c == NULL)
			return -ENOMEM;
		rte_tel_data_start_dict(c);
		rte_tel_data_add_dict_string(c, "name", q->name);
		rte_tel_data_add_dict_string(c, "mode", app->fwd->name);
		nbl_rxq_telemetry_key(q->name, key, sizeof(key));
		if (nbl_counters_tel(c, table, nb, &q->fs, 0) != 0 ||
				tel_return_lag(c, q) != 0 ||
				rte_tel_data_add_dict_container(d, key, c, 0) != 0)
			rte_tel_data_free(c);
	}
	return 0;
}

/*
 * Every RX or consumer lcore, keyed by its id: the queues it serves and,
 * with --record-core-cycles (recorded 1), the lcore counters and the
 * cycles per packet rounded (telemetry has no fractions; the counters
 * give the exact ratio).
 */
static int
tel_lcores_fill(const struct nblpmd_app *app, struct rte_tel_data *d)
{
	const struct nbl_counter *table;
	unsigned int nb, lc;
	char key[16];

	table = nblpmd_lcore_counters(&nb);
	rte_tel_data_start_dict(d);
	for (lc = 0; lc < RTE_MAX_LCORE; lc++) {
		const struct nblpmd_lcore *l = &app->lcores[lc];
		const struct nblpmd_lcore_stats *cs = &app->lcore_cycles[lc].s;
		struct rte_tel_data *c;

		if (l->nb_rx == 0 && l->nb_cons == 0)
			continue;
		c = rte_tel_data_alloc();
		if (c == NULL)
			return -ENOMEM;
		rte_tel_data_start_dict(c);
		rte_tel_data_add_dict_u64(c, "lcore", lc);
		rte_tel_data_add_dict_u64(c, "rx_queues", l->nb_rx);
		rte_tel_data_add_dict_u64(c, "consumer_queues", l->nb_cons);
		rte_tel_data_add_dict_u64(c, "recorded",
			app->cfg.record_core_cycles ? 1 : 0);
		rte_tel_data_add_dict_u64(c, "cycles_per_packet", (uint64_t)
			(nblpmd_lcore_cycles_per_packet(cs) + 0.5));
		snprintf(key, sizeof(key), "%u", lc);
		if (nbl_counters_tel(c, table, nb, cs, 0) != 0 ||
				rte_tel_data_add_dict_container(d, key, c, 0) != 0)
			rte_tel_data_free(c);
	}
	return 0;
}

static int
tel_consumers(const char *cmd, const char *params, struct rte_tel_data *d)
{
	int rc;

	rte_spinlock_lock(&tel_lock);
	rc = tel_refuse(cmd, params, d);
	if (rc > 0)
		rc = tel_consumers_fill(tel_app, d);
	rte_spinlock_unlock(&tel_lock);
	return rc;
}

static int
tel_lcores(const char *cmd, const char *params, struct rte_tel_data *d)
{
	int rc;

	rte_spinlock_lock(&tel_lock);
	rc = tel_refuse(cmd, params, d);
	if (rc > 0)
		rc = tel_lcores_fill(tel_app, d);
	rte_spinlock_unlock(&tel_lock);
	return rc;
}

void
nblpmd_telemetry_close(void)
{
	rte_spinlock_lock(&tel_lock);
	tel_app = NULL;
	rte_spinlock_unlock(&tel_lock);
}

void
nblpmd_telemetry_register(struct nblpmd_app *app)
{
	rte_spinlock_lock(&tel_lock);
	tel_app = app;
	rte_spinlock_unlock(&tel_lock);
	rte_telemetry_register_cmd("/nblpmd/ports", tel_ports,
		"Ports and their counters. No parameters");
	rte_telemetry_register_cmd("/nblpmd/consumers", tel_consumers,
		"Consumer counters per receive queue, and how late held NBLs came back (return_lag_ns). No parameters");
	rte_telemetry_register_cmd("/nblpmd/lcores", tel_lcores,
		"RX and consumer lcores: queues and, with --record-core-cycles, "
		"busy and idle cycles and cycles per packet. No parameters");
}
