/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Periodic port statistics in testpmd's layout and names (nic_stats_display
 * of app/test-pmd/config.c), with one NBL line per port after each block.
 * The screen is cleared only when stdout is a terminal.
 */

#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include <rte_cycles.h>

#include "nblpmd_app.h"

static const char nic_stats_border[] = "########################";

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
	const struct rte_eth_stats *st = &cur->port[pi];
	const struct rte_eth_stats *ps = &prev->port[pi];
	uint64_t dtsc = cur->tsc - prev->tsc;
	uint64_t ind = 0, ret = 0, out = 0, res = 0, stalls = 0;
	unsigned int i;

	printf("\n  %s NIC statistics for port %-2d %s\n", nic_stats_border,
		app->ports[pi].port_id, nic_stats_border);
	printf("  RX-packets: %-10" PRIu64 " RX-missed: %-10" PRIu64
		" RX-bytes:  %-" PRIu64 "\n", st->ipackets, st->imissed,
		st->ibytes);
	printf("  RX-errors: %-" PRIu64 "\n", st->ierrors);
	printf("  RX-nombuf:  %-10" PRIu64 "\n", st->rx_nombuf);
	printf("  TX-packets: %-10" PRIu64 " TX-errors: %-10" PRIu64
		" TX-bytes:  %-" PRIu64 "\n", st->opackets, st->oerrors,
		st->obytes);
	printf("\n  Throughput (since last show)\n");
	printf("  Rx-pps: %12" PRIu64 "          Rx-bps: %12" PRIu64 "\n"
		"  Tx-pps: %12" PRIu64 "          Tx-bps: %12" PRIu64 "\n",
		rate(st->ipackets, ps->ipackets, dtsc),
		rate(st->ibytes, ps->ibytes, dtsc) * 8,
		rate(st->opackets, ps->opackets, dtsc),
		rate(st->obytes, ps->obytes, dtsc) * 8);
	for (i = 0; i < cur->nb_queues; i++) {
		if (app->queues[i].port_index != pi)
			continue;
		ind += cur->q[i].indicated;
		ret += cur->q[i].returned;
		out += cur->q[i].outstanding;
		res += cur->q[i].resources_indications;
		stalls += cur->q[i].fill_stalls;
	}
	printf("  NBL-indicated: %-10" PRIu64 " NBL-returned: %-10" PRIu64
		" NBL-outstanding: %-" PRIu64 "\n", ind, ret, out);
	printf("  RESOURCES-indications: %-10" PRIu64 " Fill-stalls: %-" PRIu64
		"\n", res, stalls);
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
