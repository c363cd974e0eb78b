/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * --stats-json: the final report as one JSON object, printed from the same
 * snapshot as the text report (app->final). Keys are documented in README.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "fwd.h"
#include "json.h"

static void
json_ports(const struct nblpmd_app *app, const struct nblpmd_snapshot *s,
		FILE *f)
{
	unsigned int i;

	fprintf(f, "  \"ports\": [");
	for (i = 0; i < s->nb_ports; i++) {
		const struct rte_eth_stats *st = &s->port[i];

		fprintf(f, "%s\n    {\"port\": %u, \"name\": ", i == 0 ? "" : ",",
			app->ports[i].port_id);
		nblpmd_json_str(f, app->ports[i].name);
		fprintf(f, ", \"driver\": ");
		nblpmd_json_str(f, app->ports[i].driver);
		fprintf(f, ", \"rx_packets\": %" PRIu64 ", \"rx_bytes\": %" PRIu64
			", \"rx_missed\": %" PRIu64 ", \"rx_errors\": %" PRIu64
			", \"rx_nombuf\": %" PRIu64 ", \"tx_packets\": %" PRIu64
			", \"tx_bytes\": %" PRIu64 ", \"tx_errors\": %" PRIu64
			", \"tx_dropped\": %" PRIu64 "}", st->ipackets,
			st->ibytes, st->imissed, st->ierrors, st->rx_nombuf,
			st->opackets, st->obytes, st->oerrors,
			s->port_tx_dropped[i]);
	}
	fprintf(f, "\n  ],\n");
}

static void
json_queues(const struct nblpmd_app *app, const struct nblpmd_snapshot *s,
		FILE *f)
{
	unsigned int i;
	unsigned int r;

	fprintf(f, "  \"rx_queues\": [");
	for (i = 0; i < s->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		const struct nbl_rxq_stats *st = &s->q[i];
		const struct nblpmd_fwd_stats *fs = &s->fs[i];

		fprintf(f, "%s\n    {\"port\": %u, \"queue\": %u, \"descriptors\": "
			"%u, \"indicated\": %" PRIu64 ", \"returned\": %" PRIu64
			", \"recycled_inplace\": %" PRIu64 ", \"freed_to_pool\": %"
			PRIu64 ", \"resources_indications\": %" PRIu64
			", \"fill_stalls\": %" PRIu64 ", \"outstanding_max\": %"
			PRIu64 ", \"refused\": %" PRIu64, i == 0 ? "" : ",",
			q->port_id, q->queue_id, q->descriptors, st->indicated,
			st->returned, st->recycled_inplace, st->freed_to_pool,
			st->resources_indications, st->fill_stalls,
			st->outstanding_max, st->refused_total);
		fprintf(f, ", \"polls\": %" PRIu64 ", \"rx_packets\": %" PRIu64
			", \"rx_bytes\": %" PRIu64 ", \"indications\": %" PRIu64
			", \"resources_nbls\": %" PRIu64 ", \"alloc_failures\": %"
			PRIu64 ", \"outstanding\": %" PRIu64
			", \"double_returns\": %" PRIu64 ", \"foreign_returns\": %"
			PRIu64, st->polls, st->rx_packets, st->rx_bytes,
			st->indications, st->resources_nbls, st->alloc_failures,
			st->outstanding, st->double_returns, st->foreign_returns);
		fprintf(f, ", \"refused_by_reason\": {");
		for (r = 0; r < NBL_RXQ_REFUSE_MAX; r++) {
			fprintf(f, "%s", r == 0 ? "" : ", ");
			nblpmd_json_str(f, nbl_rxq_refusal_name(r));
			fprintf(f, ": %" PRIu64, st->refused[r]);
		}
		fprintf(f, "}, \"rx_lcore\": %u, \"consumer_lcore\": %u, "
			"\"remote\": %s", q->rx_lcore, q->consumer_lcore,
			q->remote ? "true" : "false");
		fprintf(f, ", \"consumer\": {\"mode\": ");
		nblpmd_json_str(f, app->fwd->name);
		fprintf(f, ", \"consumed\": %" PRIu64 ", \"returned\": %" PRIu64
			", \"resources_seen\": %" PRIu64 ", \"tx_packets\": %"
			PRIu64 ", \"tx_dropped\": %" PRIu64 ", \"tx_copies\": %"
			PRIu64 ", \"captured\": %" PRIu64 ", \"capture_errors\": %"
			PRIu64 ", \"held_max\": %" PRIu64 ", \"hold_expired\": %"
			PRIu64 ", \"hold_evicted\": %" PRIu64 "}}", fs->consumed,
			fs->returned, fs->resources_seen, fs->tx_packets,
			fs->tx_dropped, fs->tx_copies, fs->captured,
			fs->capture_errors, fs->held_max, fs->hold_expired,
			fs->hold_evicted);
	}
	fprintf(f, "\n  ],\n");
}

static void
json_pools(const struct nblpmd_app *app, const struct nblpmd_snapshot *s,
		FILE *f)
{
	const struct nbl_pool_stats *ps = &s->pool;
	unsigned int n = 0;

	fprintf(f, "  \"pools\": [");
	if (s->pool_valid) {
		fprintf(f, "\n    {\"name\": \"nblpmd_nbl\", \"count\": %u, "
			"\"cache_size\": %u, \"in_use\": %" PRId64 ", \"allocs\": %"
			PRIu64 ", \"frees\": %" PRIu64 ", \"alloc_failures\": %"
			PRIu64 ", \"injected_failures\": %" PRIu64
			", \"cache_hits\": %" PRIu64 ", \"cache_misses\": %" PRIu64
			"}",
			app->nbl_pool_count, app->cfg.pool_cache, ps->in_use,
			ps->allocs, ps->frees,
			ps->alloc_failures,
			ps->injected_failures, ps->cache_hits, ps->cache_misses);
		n++;
	}
	if (s->nb_pool_valid) {
		/* --net-buffer separate: NB pools count no cache use and
		 * inject no failures, so those keys are left out. */
		ps = &s->nb_pool;
		fprintf(f, "%s\n    {\"name\": \"nblpmd_nb\", \"count\": %u, "
			"\"cache_size\": %u, \"in_use\": %" PRId64
			", \"allocs\": %" PRIu64 ", \"frees\": %" PRIu64
			", \"alloc_failures\": %" PRIu64 "}", n > 0 ? "," : "",
			app->nb_pool_count, app->cfg.pool_cache, ps->in_use,
			ps->allocs, ps->frees, ps->alloc_failures);
		n++;
	}
	fprintf(f, "%s],\n", n > 0 ? "\n  " : "");
}

static void
json_capture(const struct nblpmd_app *app, const struct nblpmd_snapshot *s,
		FILE *f)
{
	unsigned int n = 0;
	unsigned int i;

	fprintf(f, "  \"capture\": [");
	for (i = 0; i < s->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		uint64_t lost, unread;

		if (q->rx_pcap == NULL)
			continue;
		nblpmd_capture_untaken(app, s, i, &lost, &unread);
		fprintf(f, "%s\n    {\"file\": ", n++ == 0 ? "" : ",");
		nblpmd_json_str(f, q->rx_pcap);
		fprintf(f, ", \"port\": %u, \"queue\": %u, \"records\": %" PRIu64
			", \"delivered\": %" PRIu64 ", \"refused\": %" PRIu64
			", \"lost\": %" PRIu64 ", \"unread\": %" PRIu64
			", \"caplen_over_len\": %" PRIu64
			", \"over_65535\": %" PRIu64 ", \"finite\": %s}", q->port_id,
			q->queue_id, q->pcap_expected, s->q[i].indicated,
			s->q[i].refused_total, lost, unread,
			q->pcap_caplen_over_len, q->pcap_over_65535,
			q->finite ? "true" : "false");
	}
	fprintf(f, "%s],\n", n > 0 ? "\n  " : "");
}

int
nblpmd_report_json(struct nblpmd_app *app, FILE *f)
{
	const struct nblpmd_snapshot *s = &app->final;
	double pps = s->elapsed_s > 0 ? (double)s->indicated / s->elapsed_s : 0;

	fprintf(f, "{\n  \"elapsed_s\": %.6f,\n  \"rx_pps\": %.3f,\n"
		"  \"indicated\": %" PRIu64 ",\n  \"end_reason\": ",
		s->elapsed_s, pps, s->indicated);
	nblpmd_json_str(f, app->end_reason != NULL ? app->end_reason : "");
	fprintf(f, ",\n  \"fwd\": ");
	nblpmd_json_str(f, app->fwd->name);
	fprintf(f, ",\n");
	json_ports(app, s, f);
	json_queues(app, s, f);
	json_pools(app, s, f);
	json_capture(app, s, f);
	if (app->replay != NULL) {
		fprintf(f, "  ");
		nblpmd_replay_json(app->replay, f);
		fprintf(f, ",\n");
	}
	fprintf(f, "  \"lost\": %" PRIu64 ",\n", app->lost);
	fprintf(f, "  \"audit\": {\"leaked\": %" PRIu64 ", \"double_returns\": %"
		PRIu64 ", \"foreign_returns\": %" PRIu64 "}\n}\n",
		app->audit.leaked, app->audit.double_returns,
		app->audit.foreign_returns);
	return ferror(f) ? -EIO : 0;
}
