/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The final report: testpmd's forward statistics per port and accumulated,
 * then the NBL section (per queue, per pool, per capture), then the audit
 * line. Everything comes from app->final, the snapshot the JSON report
 * prints too.
 */

#include <inttypes.h>
#include <stdio.h>

#include "fwd.h"

static const char fwd_stats_border[] = "----------------------";
static const char acc_stats_border[] = "+++++++++++++++";

static const char *
report_recycle_name(enum nbl_rxq_recycle r)
{
	return r == NBL_RXQ_RECYCLE_POOL ? "pool" : "inplace";
}

static void
report_ports(const struct nblpmd_app *app, const struct nblpmd_snapshot *s,
		FILE *f)
{
	uint64_t rx = 0, rx_drop = 0, tx = 0, tx_drop = 0;
	unsigned int i;

	for (i = 0; i < s->nb_ports; i++) {
		const struct rte_eth_stats *st = &s->port[i];
		uint64_t txd = s->port_tx_dropped[i];

		fprintf(f, "\n  %s Forward statistics for port %-2d %s\n",
			fwd_stats_border, app->ports[i].port_id,
			fwd_stats_border);
		fprintf(f, "  RX-packets: %-14" PRIu64 " RX-dropped: %-14" PRIu64
			"RX-total: %-" PRIu64 "\n", st->ipackets, st->imissed,
			st->ipackets + st->imissed);
		if (st->ierrors + st->rx_nombuf > 0) {
			fprintf(f, "  RX-error: %-" PRIu64 "\n", st->ierrors);
			fprintf(f, "  RX-nombufs: %-14" PRIu64 "\n", st->rx_nombuf);
		}
		fprintf(f, "  TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64
			"TX-total: %-" PRIu64 "\n", st->opackets, txd,
			st->opackets + txd);
		fprintf(f, "  RX-bytes:   %-14" PRIu64 " TX-bytes:   %-14" PRIu64
			"TX-errors: %-" PRIu64 "\n", st->ibytes, st->obytes,
			st->oerrors);
		fprintf(f, "  %s--------------------------------%s\n",
			fwd_stats_border, fwd_stats_border);
		rx += st->ipackets;
		rx_drop += st->imissed;
		tx += st->opackets;
		tx_drop += txd;
	}
	fprintf(f, "\n  %s Accumulated forward statistics for all ports%s\n",
		acc_stats_border, acc_stats_border);
	fprintf(f, "  RX-packets: %-14" PRIu64 " RX-dropped: %-14" PRIu64
		"RX-total: %-" PRIu64 "\n"
		"  TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64
		"TX-total: %-" PRIu64 "\n", rx, rx_drop, rx + rx_drop,
		tx, tx_drop, tx + tx_drop);
	fprintf(f, "  %s++++++++++++++++++++++++++++++++++++++++++++++%s\n",
		acc_stats_border, acc_stats_border);
}

static void
report_queue(const struct nblpmd_app *app, unsigned int i,
		const struct nbl_rxq_stats *st, const struct nblpmd_fwd_stats *fs,
		FILE *f)
{
	const struct nblpmd_queue *q = &app->queues[i];
	unsigned int r;

	fprintf(f, "  Queue port %u queue %u: descriptors %u, recycle %s, "
		"RX lcore %u, consumer lcore %u%s\n", q->port_id, q->queue_id,
		q->descriptors, report_recycle_name(app->cfg.recycle),
		q->rx_lcore, q->consumer_lcore, q->remote ? " (remote)" : "");
	fprintf(f, "    polls: %" PRIu64 "  rx_packets: %" PRIu64
		"  rx_bytes: %" PRIu64 "\n", st->polls, st->rx_packets,
		st->rx_bytes);
	fprintf(f, "    indicated: %" PRIu64 "  indications: %" PRIu64
		"  returned: %" PRIu64 "\n", st->indicated, st->indications,
		st->returned);
	fprintf(f, "    recycled_inplace: %" PRIu64 "  freed_to_pool: %" PRIu64
		"  alloc_failures: %" PRIu64 "\n", st->recycled_inplace,
		st->freed_to_pool, st->alloc_failures);
	fprintf(f, "    resources_indications: %" PRIu64 "  resources_nbls: %"
		PRIu64 "  fill_stalls: %" PRIu64 "\n",
		st->resources_indications, st->resources_nbls,
		st->fill_stalls);
	fprintf(f, "    outstanding_max: %" PRIu64 "  outstanding: %" PRIu64
		"  double_returns: %" PRIu64 "  foreign_returns: %" PRIu64 "\n",
		st->outstanding_max, st->outstanding, st->double_returns,
		st->foreign_returns);
	fprintf(f, "    refused: %" PRIu64, st->refused_total);
	for (r = 0; r < NBL_RXQ_REFUSE_MAX; r++)
		fprintf(f, "%s%s %" PRIu64, r == 0 ? " (" : ", ",
			nbl_rxq_refusal_name(r), st->refused[r]);
	fprintf(f, ")\n");
	fprintf(f, "    consumer %s: consumed %" PRIu64 ", returned %" PRIu64
		", resources_seen %" PRIu64, app->fwd->name, fs->consumed,
		fs->returned, fs->resources_seen);
	if (app->cfg.fwd == NBLPMD_FWD_IO || app->cfg.fwd == NBLPMD_FWD_MACSWAP)
		fprintf(f, ", tx_packets %" PRIu64 ", tx_dropped %" PRIu64
			", tx_copies %" PRIu64 ", tx_copy_failures %" PRIu64,
			fs->tx_packets, fs->tx_dropped, fs->tx_copies,
			fs->tx_copy_failures);
	if (app->cfg.fwd == NBLPMD_FWD_CAPTURE)
		fprintf(f, ", captured %" PRIu64 ", capture_errors %" PRIu64,
			fs->captured, fs->capture_errors);
	if (app->cfg.hold_us != 0)
		fprintf(f, ", held_max %" PRIu64 ", hold_expired %" PRIu64
			", hold_evicted %" PRIu64, fs->held_max,
			fs->hold_expired, fs->hold_evicted);
	fprintf(f, "\n");
}

static void
report_violations(const struct nbl_pool_stats *ps, FILE *f)
{
	unsigned int v;
	bool any = false;

	fprintf(f, "    violations:");
	for (v = 0; v < NBL_VIOL_MAX; v++) {
		if (ps->violations[v] == 0)
			continue;
		fprintf(f, " %s %" PRIu64, nbl_violation_name(v),
			ps->violations[v]);
		any = true;
	}
	fprintf(f, "%s\n", any ? "" : " none");
}

static void
report_pool(const struct nblpmd_app *app, const struct nbl_pool_stats *ps,
		FILE *f)
{
	fprintf(f, "  Pool nblpmd_nbl: count %u, cache_size %u, in_use %" PRId64
		"%s\n", app->nbl_pool_count, app->cfg.pool_cache, ps->in_use,
		app->cfg.prealloc_nb ? "" : ", NBLs without NBs");
	fprintf(f, "    allocs: %" PRIu64 "  frees: %" PRIu64 "  cache_hits: %"
		PRIu64 "  cache_misses: %" PRIu64 "\n", ps->allocs, ps->frees,
		ps->cache_hits, ps->cache_misses);
	fprintf(f, "    alloc_failures: %" PRIu64 "  injected_failures: %"
		PRIu64 "\n", ps->alloc_failures, ps->injected_failures);
	report_violations(ps, f);
}

/* --net-buffer separate: NB pools count no cache use and inject nothing. */
static void
report_nb_pool(const struct nblpmd_app *app, const struct nbl_pool_stats *ps,
		FILE *f)
{
	fprintf(f, "  Pool nblpmd_nb (NBs, --net-buffer separate): count %u, "
		"cache_size %u, in_use %" PRId64 "\n", app->nb_pool_count,
		app->cfg.pool_cache, ps->in_use);
	fprintf(f, "    allocs: %" PRIu64 "  frees: %" PRIu64
		"  alloc_failures: %" PRIu64 "\n", ps->allocs, ps->frees,
		ps->alloc_failures);
	report_violations(ps, f);
}

void
nblpmd_report_print(struct nblpmd_app *app, FILE *f)
{
	const struct nblpmd_snapshot *s = &app->final;
	unsigned int i;

	report_ports(app, s, f);
	fprintf(f, "\n  ======================== NBL statistics "
		"========================\n");
	for (i = 0; i < s->nb_queues; i++)
		report_queue(app, i, &s->q[i], &s->fs[i], f);
	if (s->pool_valid)
		report_pool(app, &s->pool, f);
	if (s->nb_pool_valid)
		report_nb_pool(app, &s->nb_pool, f);
	for (i = 0; i < s->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		uint64_t lost, unread;

		if (q->rx_pcap == NULL)
			continue;
		nblpmd_capture_untaken(app, s, i, &lost, &unread);
		fprintf(f, "  Capture %s (port %u queue %u): records %" PRIu64
			", delivered %" PRIu64 ", refused %" PRIu64 ", lost %"
			PRIu64 ", unread %" PRIu64 "%s\n", q->rx_pcap,
			q->port_id, q->queue_id, q->pcap_expected,
			s->q[i].indicated, s->q[i].refused_total, lost, unread,
			q->finite ? "" : " (looped or count unknown)");
	}
	if (app->replay != NULL)
		nblpmd_replay_print(app->replay, f);
	fprintf(f, "  Run: elapsed %.3f s, indicated %" PRIu64 ", %.0f NBLs/s, "
		"ended by %s\n", s->elapsed_s, s->indicated,
		s->elapsed_s > 0 ? (double)s->indicated / s->elapsed_s : 0.0,
		app->end_reason != NULL ? app->end_reason : "?");
	fprintf(f, "  %s================================%s\n\n",
		"========================", "========================");
	fprintf(f, "audit: leaked %" PRIu64 ", double returns %" PRIu64
		", foreign returns %" PRIu64 "\n", app->audit.leaked,
		app->audit.double_returns, app->audit.foreign_returns);
}
