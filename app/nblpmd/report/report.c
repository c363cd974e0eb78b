/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The final report: testpmd's forward statistics per port and accumulated,
 * then the NBL section (per port, per queue, per pool, per capture), then
 * the audit line. Everything comes from app->final, the snapshot the JSON
 * report prints too, and every counter is printed by walking its table
 * (stats/counters.c), under the name JSON and telemetry give it.
 */

#include <inttypes.h>
#include <stdio.h>

#include <rte_cycles.h>

#include "consumers/fwd.h"
#include "json/json.h"
#include "replay/replay.h"
#include "report.h"
#include "stats/stats.h"

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
		const struct nblpmd_port_stats *st = &s->port[i];

		fprintf(f, "\n  %s Forward statistics for port %-2d %s\n",
			fwd_stats_border, app->ports[i].port_id,
			fwd_stats_border);
		fprintf(f, "  RX-packets: %-14" PRIu64 " RX-dropped: %-14" PRIu64
			"RX-total: %-" PRIu64 "\n", st->rx_packets, st->rx_missed,
			st->rx_packets + st->rx_missed);
		if (st->rx_errors + st->rx_nombuf > 0) {
			fprintf(f, "  RX-error: %-" PRIu64 "\n", st->rx_errors);
			fprintf(f, "  RX-nombufs: %-14" PRIu64 "\n", st->rx_nombuf);
		}
		fprintf(f, "  TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64
			"TX-total: %-" PRIu64 "\n", st->tx_packets, st->tx_dropped,
			st->tx_packets + st->tx_dropped);
		fprintf(f, "  RX-bytes:   %-14" PRIu64 " TX-bytes:   %-14" PRIu64
			"TX-errors: %-" PRIu64 "\n", st->rx_bytes, st->tx_bytes,
			st->tx_errors);
		fprintf(f, "  %s--------------------------------%s\n",
			fwd_stats_border, fwd_stats_border);
		rx += st->rx_packets;
		rx_drop += st->rx_missed;
		tx += st->tx_packets;
		tx_drop += st->tx_dropped;
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

/* The port counters again, by their table names, in the NBL section. */
static void
report_port_counters(const struct nblpmd_app *app,
		const struct nblpmd_snapshot *s, FILE *f)
{
	const struct nbl_counter *table;
	unsigned int nb, i;

	table = nblpmd_port_counters(&nb);
	for (i = 0; i < s->nb_ports; i++) {
		fprintf(f, "  Port %u (%s, %s):\n", app->ports[i].port_id,
			app->ports[i].name, app->ports[i].driver);
		nblpmd_counters_print(f, "    ", table, nb, &s->port[i],
			nblpmd_port_counter_skip(&app->ports[i]));
	}
}

/* "size x count" for every size that occurred. */
static void
report_sizes(FILE *f, const char *what, const uint64_t *v, unsigned int n)
{
	const char *sep = "";
	unsigned int i;

	fprintf(f, "    %s:", what);
	for (i = 0; i < n; i++) {
		if (v[i] == 0)
			continue;
		fprintf(f, "%s %u x %" PRIu64, sep, i, v[i]);
		sep = ",";
	}
	fprintf(f, "%s\n", sep[0] == '\0' ? " none" : "");
}

/* --record-burst-stats: what each rx_burst gave, what each indication
 * carried (JSON burst_sizes and indication_sizes). */
static void
report_burst_sizes(const struct nblpmd_queue *q, FILE *f)
{
	if (q->burst_sizes == NULL)
		return;
	report_sizes(f, "rx_burst sizes (size x calls)", q->burst_sizes,
		q->nb_sizes);
	report_sizes(f, "indication sizes (size x indications)",
		q->indication_sizes, q->nb_sizes);
}

static void
report_queue(const struct nblpmd_app *app, unsigned int i,
		const struct nbl_rxq_stats *st, const struct nblpmd_fwd_stats *fs,
		const struct nbl_hist_summary *hs, FILE *f)
{
	const struct nblpmd_queue *q = &app->queues[i];
	const struct nbl_counter *table;
	unsigned int nb;

	fprintf(f, "  Queue port %u queue %u (%s): descriptors %u, low "
		"watermark %u%s, recycle %s, RX lcore %u, consumer lcore %u%s\n",
		q->port_id, q->queue_id, q->name, q->descriptors,
		q->low_watermark, q->low_watermark == 0 ?
		" (never RESOURCES)" : "", report_recycle_name(app->cfg.recycle),
		q->rx_lcore, q->consumer_lcore, q->remote ? " (remote)" : "");
	table = nbl_rxq_counters(&nb);
	nblpmd_counters_print(f, "    ", table, nb, st, 0);
	/* percentiles, not counters: one line of their own, in us */
	fprintf(f, "    hold_us: count %" PRIu64 ", p50 %.3f, p90 %.3f, "
		"p99 %.3f, p999 %.3f, max %.3f\n", hs->count, hs->p50_us,
		hs->p90_us, hs->p99_us, hs->p999_us, hs->max_us);
	if (q->poll_gap_final != NULL)
		nblpmd_hist_print(f, "    ", "poll_gap_us", q->poll_gap_final);
	if (q->lag_final != NULL)
		nblpmd_hist_print(f, "    ", "return_lag_us", q->lag_final);
	report_burst_sizes(q, f);
	fprintf(f, "    Consumer %s:\n", app->fwd->name);
	table = nblpmd_fwd_counters(&nb);
	nblpmd_counters_print(f, "      ", table, nb, fs, 0);
}

/* A pool's counters; the NB pool of --net-buffer separate keeps fewer. */
static void
report_pool(const char *what, const struct nbl_pool_params *pp,
		const struct nbl_pool_stats *ps, uint8_t skip, FILE *f)
{
	const struct nbl_counter *table;
	unsigned int nb;

	fprintf(f, "  Pool %s%s: count %u, cache_size %u\n", pp->name, what,
		pp->count, pp->cache_size);
	table = nbl_pool_counters(&nb);
	nblpmd_counters_print(f, "    ", table, nb, ps, skip);
}

/* A duration in a unit that shows its figures: s, ms below 1 s, us below 1 ms. */
static const char *
report_duration(double s, char *buf, size_t len)
{
	if (s >= 1.0 || s <= 0.0)
		snprintf(buf, len, "%.3f s", s);
	else if (s >= 1e-3)
		snprintf(buf, len, "%.3f ms", s * 1e3);
	else
		snprintf(buf, len, "%.3f us", s * 1e6);
	return buf;
}

/* The NBL pool lcore by lcore (JSON pools[].per_lcore[]): what each
 * lcore took and gave back, and what its cache holds at the end. */
static void
report_pool_lcores(const struct nblpmd_snapshot *s, FILE *f)
{
	unsigned int i;

	fprintf(f, "    per lcore (lcore, allocs, frees, cache_hits, "
		"cache_misses, cached):\n");
	for (i = 0; i < s->nb_pool_lcores; i++) {
		const struct nbl_pool_lcore_figures *l = &s->pool_lcores[i];

		fprintf(f, "      %6d %14" PRIu64 " %14" PRIu64 " %14" PRIu64
			" %14" PRIu64 " %8u\n", l->lcore < RTE_MAX_LCORE ?
			(int)l->lcore : -1, l->allocs, l->frees,
			l->cache_hits, l->cache_misses, l->cached);
	}
}

/*
 * --record-core-cycles: per RX or consumer lcore, where its cycles went
 * (the lcore counter table) and testpmd's line, "CPU cycles/packet=C
 * (busy cycles=B / packets=P) at F MHz clock".
 */
static void
report_lcores(const struct nblpmd_app *app, FILE *f)
{
	const struct nbl_counter *table;
	uint64_t mhz = rte_get_tsc_hz() / 1000000;
	unsigned int nb, lc;

	if (!app->cfg.record_core_cycles)
		return;
	table = nblpmd_lcore_counters(&nb);
	for (lc = 0; lc < RTE_MAX_LCORE; lc++) {
		const struct nblpmd_lcore *l = &app->lcores[lc];
		const struct nblpmd_lcore_stats *cs = &app->lcore_cycles[lc].s;

		if (l->nb_rx == 0 && l->nb_cons == 0)
			continue;
		fprintf(f, "  Lcore %u: RX of %u queue(s), consumer of %u "
			"queue(s)%s\n", lc, l->nb_rx, l->nb_cons,
			l->is_main ? ", main" : "");
		nblpmd_counters_print(f, "    ", table, nb, cs, 0);
		fprintf(f, "    CPU cycles/packet=%.2f (busy cycles=%" PRIu64
			" / packets=%" PRIu64 ") at %" PRIu64 " MHz clock; busy "
			"%.1f %% of the loop's cycles\n",
			nblpmd_lcore_cycles_per_packet(cs), cs->busy_cycles,
			cs->packets, mhz, 100.0 * nblpmd_lcore_busy_share(cs));
	}
}

void
nblpmd_report_print(struct nblpmd_app *app, FILE *f)
{
	const struct nblpmd_snapshot *s = &app->final;
	char elapsed[32];
	unsigned int i;

	report_ports(app, s, f);
	fprintf(f, "\n  ======================== NBL statistics "
		"========================\n");
	report_port_counters(app, s, f);
	for (i = 0; i < s->nb_queues; i++)
		report_queue(app, i, &s->q[i], &s->fs[i], &s->hold[i], f);
	if (s->pool_valid) {
		report_pool(app->cfg.prealloc_nb ? "" : " (NBLs without NBs)",
			&s->pool_params, &s->pool, 0, f);
		report_pool_lcores(s, f);
	}
	if (s->nb_pool_valid) {
		struct nbl_pool_params pp = {
			.name = NBLPMD_NB_POOL_NAME,
			.count = app->nb_pool_count,
			.cache_size = app->cfg.pool_cache,
		};

		report_pool(" (NBs, --net-buffer separate)", &pp, &s->nb_pool,
			NBL_COUNTER_NBL_POOL_ONLY, f);
	}
	for (i = 0; i < s->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		struct nblpmd_capture_figures cf;
		const char *sep;
		unsigned int r;

		if (q->rx_pcap == NULL)
			continue;
		nblpmd_capture_figures(app, s, i, &cf);
		fprintf(f, "  Capture %s (port %u queue %u): records %" PRIu64
			", delivered %" PRIu64 ", refused %" PRIu64, q->rx_pcap,
			q->port_id, q->queue_id, cf.records, cf.delivered,
			cf.refused);
		for (r = 1, sep = " ("; r < CAP_REFUSAL_MAX; r++)
			if (cf.refused_by[r] != 0) {
				fprintf(f, "%s%s %" PRIu64, sep,
					cap_refusal_name((enum cap_refusal)r),
					cf.refused_by[r]);
				sep = ", ";
			}
		if (cf.refused_queue != 0)
			fprintf(f, "%sby the queue %" PRIu64, sep,
				cf.refused_queue);
		if (cf.refused != 0)
			fprintf(f, ")");
		fprintf(f, ", lost %" PRIu64 ", unread %" PRIu64 "%s\n",
			cf.lost, cf.unread,
			q->finite ? "" : " (looped: infinite_rx)");
		if (cf.past_end != 0)
			fprintf(f, "    net_pcap read %" PRIu64 " packets past "
				"the unreadable point: no records of the file, "
				"dropped\n", cf.past_end);
	}
	if (app->replay != NULL)
		nblpmd_replay_print(app->replay, f);
	report_lcores(app, f);
	fprintf(f, "  Run: elapsed %s, indicated %" PRIu64 ", %.0f NBLs/s, "
		"ended by %s\n", report_duration(s->elapsed_s, elapsed,
		sizeof(elapsed)), s->indicated,
		s->elapsed_s > 0 ? (double)s->indicated / s->elapsed_s : 0.0,
		app->end_reason != NULL ? app->end_reason : "?");
	nblpmd_timing_print(app, &app->timing, f);
	fprintf(f, "  %s================================%s\n\n",
		"========================", "========================");
	nblpmd_leaks_print(app, f);
	fprintf(f, "audit: leaked %" PRIu64 ", double returns %" PRIu64
		", foreign returns %" PRIu64 "\n", app->audit.leaked,
		app->audit.double_returns, app->audit.foreign_returns);
}
