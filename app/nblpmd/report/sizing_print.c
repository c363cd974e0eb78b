/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The sizing rule (DESIGN.md section 4) as the user sees it: the inputs
 * come from the ports and options, lib/rxq computes the table, the app
 * prints it and refuses a configuration that breaks it.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "nblpmd_app.h"

/* Mbufs net_tap keeps per queue on its own. */
#define NBLPMD_TAP_PINNED_MBUFS 1023
/* H when the hold model runs and nothing else says how much it keeps. */
#define NBLPMD_HOLD_AUTO 1024

/*
 * Mbuf buffer size: the default, or big enough for the largest record of
 * an infinite_rx capture (net_pcap keeps those files in single-segment
 * mbufs and refuses the queue otherwise).
 */
static uint16_t
sizing_buf_size(const struct nblpmd_app *app)
{
	uint32_t need = RTE_MBUF_DEFAULT_BUF_SIZE;
	unsigned int i;
	unsigned int f;

	for (i = 0; i < app->nb_ports; i++) {
		const struct nblpmd_port *p = &app->ports[i];

		if (!p->is_pcap || !p->infinite_rx)
			continue;
		for (f = 0; f < p->nb_rx_pcap; f++)
			if (p->scan_ok[f])
				need = RTE_MAX(need, p->scan[f].max_caplen +
					(uint32_t)RTE_PKTMBUF_HEADROOM);
	}
	return (uint16_t)RTE_MIN(need, (uint32_t)UINT16_MAX);
}

/* S: segments a frame of max_frame bytes needs in the pool's mbufs. */
static uint16_t
sizing_max_segs(const struct nblpmd_config *cfg, uint16_t buf_size)
{
	uint32_t room = buf_size - RTE_PKTMBUF_HEADROOM;

	if (cfg->max_segs != 0)
		return cfg->max_segs;
	return (uint16_t)((cfg->max_frame + room - 1) / room);
}

/*
 * H per queue: --hold when given; with --hold-us and --descriptors given,
 * whatever D leaves after the ring and a burst; with --hold-us alone a
 * fixed allowance; otherwise 0 (the consumer returns at once).
 */
static uint32_t
sizing_hold(const struct nblpmd_config *cfg, uint16_t nb_rxd)
{
	uint64_t base = (uint64_t)nb_rxd + cfg->burst;

	if (cfg->hold_set)
		return cfg->hold;
	if (!nblpmd_hold_on(cfg))
		return 0;
	if (cfg->descriptors == 0)
		return NBLPMD_HOLD_AUTO;
	return cfg->descriptors > base ? (uint32_t)(cfg->descriptors - base) : 0;
}

static const char *
sizing_option(const struct nbl_sizing_line *l)
{
	if (strncmp(l->what, "rx descriptors", 14) == 0)
		return "--descriptors";
	if (strncmp(l->what, "NBL pool", 8) == 0 ||
			strncmp(l->what, "NB pool", 7) == 0)
		return "--pool-size";
	if (strncmp(l->what, "mbuf pool", 9) == 0)
		return "--mbufs";
	return NULL;
}

const char *
nblpmd_sizing_verdict(const struct nbl_sizing_line *l)
{
	return l->ok ? "ok" : "TOO LOW";
}

void
nblpmd_sizing_print(const struct nbl_sizing *sz, FILE *f)
{
	unsigned int i;

	fprintf(f, "\nSizing rule (receive descriptors, buffer descriptors, "
		"pools):\n");
	fprintf(f, "  %-36s %10s %10s  %-9s %s\n", "quantity", "given",
		"needed", "verdict", "rule");
	for (i = 0; i < sz->nb_lines; i++) {
		const struct nbl_sizing_line *l = &sz->line[i];
		char verdict[16];

		snprintf(verdict, sizeof(verdict), "%s%s",
			nblpmd_sizing_verdict(l), l->is_auto ? " auto" : "");
		fprintf(f, "  %-36s %10" PRIu64 " %10" PRIu64 "  %-9s %s\n",
			l->what, l->given, l->needed, verdict, l->rule);
	}
	fprintf(f, "\n");
}

int
nblpmd_sizing_apply(struct nblpmd_app *app)
{
	const struct nblpmd_config *cfg = &app->cfg;
	struct nbl_sizing_input in;
	unsigned int i;
	int ret;

	memset(&in, 0, sizeof(in));
	app->mbuf_buf_size = sizing_buf_size(app);
	app->max_segs = sizing_max_segs(cfg, app->mbuf_buf_size);
	in.nb_queues = (uint16_t)app->nb_queues;
	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		const struct nblpmd_port *p = &app->ports[q->port_index];
		struct nbl_sizing_queue *sq = &in.q[i];

		sq->port_id = q->port_id;
		sq->queue_id = q->queue_id;
		sq->nb_rxd = p->nb_rxd;
		/* Each TX queue (one per sending RX queue, one for the
		 * replay) pins up to nb_txd mbufs. */
		sq->nb_txd = (uint32_t)p->nb_txd * p->nb_txq;
		sq->hold = sizing_hold(cfg, p->nb_rxd);
		sq->descriptors = cfg->descriptors;
		if (p->is_tap)
			sq->pinned_mbufs = NBLPMD_TAP_PINNED_MBUFS;
		else if (p->is_pcap && p->infinite_rx && q->rx_pcap != NULL)
			sq->pinned_mbufs = (uint32_t)RTE_MIN(UINT32_MAX,
				p->scan[q->queue_id].netpcap_records);
	}
	app->hold = in.nb_queues > 0 ? in.q[0].hold : 0;
	in.burst = cfg->burst;
	in.max_segs = app->max_segs;
	in.lcores = rte_lcore_count();
	in.nbl_cache = cfg->pool_cache;
	in.mbuf_cache = cfg->mbuf_cache;
	in.copy = cfg->rx_copy;
	in.pool_count = cfg->pool_size;
	in.mbuf_count = cfg->mbuf_count;
	/* --pool-size gives both pools of --net-buffer separate. */
	in.separate_nb = !cfg->prealloc_nb;
	in.nb_pool_count = cfg->pool_size;

	ret = nbl_sizing_compute(&in, &app->sizing);
	if (ret == -EINVAL) {
		fprintf(stderr, "nblpmd: sizing: the inputs are out of range "
			"(%u queues, burst %u); lower --rxd, --descriptors or "
			"--hold\n", in.nb_queues, in.burst);
		return -EINVAL;
	}
	nblpmd_sizing_print(&app->sizing, stdout);
	if (ret == 0)
		return 0;
	for (i = 0; i < app->sizing.nb_lines; i++) {
		const struct nbl_sizing_line *l = &app->sizing.line[i];
		const char *opt = sizing_option(l);

		if (l->ok)
			continue;
		fprintf(stderr, "nblpmd: sizing rule broken: %s: given %" PRIu64
			", needs at least %" PRIu64 " (%s)", l->what, l->given,
			l->needed, l->rule);
		if (opt != NULL)
			fprintf(stderr, "; give %s %" PRIu64 " or more, or %s "
				"auto\n", opt, l->needed, opt);
		else
			fprintf(stderr, "\n");
	}
	return -ENOSPC;
}
