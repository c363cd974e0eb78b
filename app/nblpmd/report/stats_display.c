/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Periodic port statistics in testpmd's layout and names (nic_stats_display
 * of app/test-pmd/config.c), with one NBL line per port after each block:
 * a few queue counters summed over the port's queues, taken from the
 * queue counter table by name. The screen is cleared only when stdout is
 * a terminal.
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>

#include "report.h"
#include "stats/stats.h"

static const char nic_stats_border[] = "########################";
/* Characters of the occupancy bar: the whole bar is D. */
#define OCCUPANCY_BAR_WIDTH 50

/*
 * One line per queue: outstanding NBLs against D as a bar, '#' for what
 * the consumer has, '.' for what is free, and '|' where the low watermark
 * starts (RESOURCES when fewer than W are free).
 */
static void
display_occupancy(const struct nblpmd_queue *q, const struct nbl_rxq_stats *st)
{
	char bar[OCCUPANCY_BAR_WIDTH + 1];
	uint64_t d = q->descriptors != 0 ? q->descriptors : 1;
	uint64_t out = RTE_MIN(st->outstanding, d);
	unsigned int n = (unsigned int)((out * OCCUPANCY_BAR_WIDTH + d / 2) / d);
	unsigned int i;

	for (i = 0; i < OCCUPANCY_BAR_WIDTH; i++)
		bar[i] = i < n ? '#' : '.';
	if (q->low_watermark != 0 && q->low_watermark < d) {
		i = (unsigned int)((d - q->low_watermark) *
			OCCUPANCY_BAR_WIDTH / d);
		if (i < OCCUPANCY_BAR_WIDTH)
			bar[i] = '|';
	}
	bar[OCCUPANCY_BAR_WIDTH] = '\0';
	printf("  Queue %-2u [%s] %" PRIu64 "/%u outstanding (max %" PRIu64
		")\n", q->queue_id, bar, st->outstanding, q->descriptors,
		st->outstanding_max);
}

/* A tap port's kernel counters, shown after its own. */
static const char * const display_kernel_counters[] = {
	"kernel_rx_dropped", "kernel_tx_dropped",
};

/* The queue counters the display shows, summed per port. */
static const char * const display_queue_counters[] = {
	"indicated", "returned", "outstanding", "resources_indications",
	"fill_stalls", "refill_shortfalls", "refused",
};

static uint64_t
rate(uint64_t cur, uint64_t prev, uint64_t dtsc)
{
	if (dtsc == 0 || cur < prev)
		return 0;
	return (uint64_t)((double)(cur - prev) * (double)rte_get_tsc_hz() /
		(double)dtsc);
}

static void
display_port(struct nblpmd_app *app, unsigned int pi,
		const struct nblpmd_snapshot *cur,
		const struct nblpmd_snapshot *prev)
{
	const struct nblpmd_port_stats *st = &cur->port[pi];
	const struct nblpmd_port_stats *ps = &prev->port[pi];
	struct nbl_counter sel[RTE_DIM(display_queue_counters)];
	const struct nbl_counter *table;
	uint64_t dtsc = cur->tsc - prev->tsc;
	struct nbl_rxq_stats sum;
	unsigned int nb, nsel, i;

	printf("\n  %s NIC statistics for port %-2d %s\n", nic_stats_border,
		app->ports[pi].port_id, nic_stats_border);
	printf("  RX-packets: %-10" PRIu64 " RX-missed: %-10" PRIu64
		" RX-bytes:  %-" PRIu64 "\n", st->rx_packets, st->rx_missed,
		st->rx_bytes);
	printf("  RX-errors: %-" PRIu64 "\n", st->rx_errors);
	printf("  RX-nombuf:  %-10" PRIu64 "\n", st->rx_nombuf);
	printf("  TX-packets: %-10" PRIu64 " TX-errors: %-10" PRIu64
		" TX-bytes:  %-" PRIu64 "\n", st->tx_packets, st->tx_errors,
		st->tx_bytes);
	if (nblpmd_port_counter_skip(&app->ports[pi]) == 0) {
		struct nbl_counter k[RTE_DIM(display_kernel_counters)];

		table = nblpmd_port_counters(&nb);
		nsel = nblpmd_counters_select(table, nb,
			display_kernel_counters,
			RTE_DIM(display_kernel_counters), k);
		printf("  Kernel %s (the interface's counts, not the PMD's):\n",
			app->ports[pi].ifname);
		nblpmd_counters_print(stdout, "  ", k, nsel, st, 0);
	}
	printf("\n  Throughput (since last show)\n");
	printf("  Rx-pps: %12" PRIu64 "          Rx-bps: %12" PRIu64 "\n"
		"  Tx-pps: %12" PRIu64 "          Tx-bps: %12" PRIu64 "\n",
		rate(st->rx_packets, ps->rx_packets, dtsc),
		rate(st->rx_bytes, ps->rx_bytes, dtsc) * 8,
		rate(st->tx_packets, ps->tx_packets, dtsc),
		rate(st->tx_bytes, ps->tx_bytes, dtsc) * 8);
	table = nbl_rxq_counters(&nb);
	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < cur->nb_queues; i++)
		if (app->queues[i].port_index == pi)
			nblpmd_counters_add(table, nb, &sum, &cur->q[i]);
	nsel = nblpmd_counters_select(table, nb, display_queue_counters,
		RTE_DIM(display_queue_counters), sel);
	printf("  NBL (sum of the port's queues):\n");
	nblpmd_counters_print(stdout, "  ", sel, nsel, &sum, 0);
	for (i = 0; i < cur->nb_queues; i++)
		if (app->queues[i].port_index == pi)
			display_occupancy(&app->queues[i], &cur->q[i]);
	printf("  %s############################%s\n", nic_stats_border,
		nic_stats_border);
}

void
nblpmd_stats_display(struct nblpmd_app *app,
		const struct nblpmd_snapshot *cur,
		const struct nblpmd_snapshot *prev)
{
	static const char clr[] = { 27, '[', '2', 'J', '\0' };
	static const char top_left[] = { 27, '[', '1', ';', '1', 'H', '\0' };
	unsigned int i;

	if (isatty(STDOUT_FILENO))
		printf("%s%s", clr, top_left);
	printf("\nPort statistics ====================================");
	for (i = 0; i < cur->nb_ports; i++)
		display_port(app, i, cur, prev);
	fflush(stdout);
}
