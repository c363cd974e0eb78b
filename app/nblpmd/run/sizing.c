/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The sizing rule (docs/design.md#the-sizing-rule-numberofdescriptors)
 * applied at set-up: the inputs come from the ports and options (H from
 * the queue model with --hold auto), lib/rxq computes the table,
 * report/sizing_print.c prints it, and a configuration that breaks it is
 * refused.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <libgen.h>
#include <time.h>

#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "cap_arrivals.h"
#include "cli/cli.h"
#include "nbl_advice.h"
#include "report/report.h"
#include "run.h"

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
 * fixed allowance (or the model's, see sizing_model_hold); otherwise 0
 * (the consumer returns at once).
 */
static uint32_t
sizing_hold(const struct nblpmd_config *cfg, uint16_t nb_rxd,
		const uint32_t *model_hold)
{
	uint64_t base = (uint64_t)nb_rxd + cfg->burst;

	if (cfg->hold_set)
		return cfg->hold;
	if (!nblpmd_hold_on(cfg))
		return 0;
	if (cfg->descriptors == 0)
		return model_hold != NULL ? *model_hold : NBLPMD_HOLD_AUTO;
	return cfg->descriptors > base ? (uint32_t)(cfg->descriptors - base) : 0;
}

/*
 * --hold auto with --replay (timed, into the internal port) and --hold-us:
 * H from the queue model (lib/model), as nblpmd-advise gives it: the
 * smallest D with no miss and no RESOURCES over one pass of the captures
 * with this pacing, hold times, seed, ring, burst and watermark, less the
 * ring and a burst, in *hold. With --rxq N the records are spread over
 * the queues by the replay's RSS and each queue is swept on its share:
 * the largest D any queue needs sizes them all. False when the model
 * does not apply; why says where H comes from either way.
 */
static bool
sizing_model_hold(const struct nblpmd_config *cfg, uint32_t *hold,
		char *why, size_t len)
{
	const char *paths[NBLPMD_MAX_REPLAY];
	struct nbl_advice_params ap;
	struct nbl_advice adv;
	struct nbl_arrivals arr;
	struct cap_rss rss;
	const uint64_t *ns;
	uint32_t d = 0, d_max = 0, headroom = 0;
	unsigned int q, worst = 0;
	size_t n, n_worst = 0;
	uint64_t tried = 0;
	char per_queue[32];
	enum cap_pace_mode mode = cfg->pace;
	double rate = cfg->pace_rate;
	char err[512], name[NBLPMD_PATH_MAX];
	uint32_t base = (uint32_t)cfg->rxd + cfg->burst;
	unsigned int i, bad;
	bool found = false;
	struct timespec t0, t1;

	if (cfg->hold_set) {
		snprintf(why, len, "--hold %u", cfg->hold);
		return false;
	}
	if (!nblpmd_hold_on(cfg)) {
		snprintf(why, len, "no --hold-us: the consumer returns at once");
		return false;
	}
	if (cfg->descriptors != 0) {
		snprintf(why, len, "--descriptors %u less nb_rxd and burst",
			cfg->descriptors);
		return false;
	}
	if (cfg->nb_replay == 0 || cfg->replay_port >= 0 ||
			cfg->pace == CAP_PACE_TOPSPEED) {
		snprintf(why, len, "default, not measured: --hold auto takes H "
			"from the model with --replay (timed, internal port) and "
			"--hold-us");
		return false;
	}
	for (i = 0; i < cfg->nb_replay; i++)
		paths[i] = cfg->replay[i];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (cap_rss_init(&rss, cfg->rss_key, RTE_MAX(cfg->rxq, 1)) != 0 ||
			nbl_arrivals_load_rss(paths, cfg->nb_replay,
			cfg->max_frame, mode, rate, &rss, &arr, &bad, err,
			sizeof(err)) != 0) {
		snprintf(why, len, "default, the model could not read %.400s",
			err);
		return false;
	}
	/* the advice nblpmd-advise gives with the same options (its
	 * defaults: NBL_ADVICE_SEEDS_DEFAULT seeds from --hold-seed, no host
	 * timing), for this ring */
	memset(&ap, 0, sizeof(ap));
	ap.sweep.queue.nb_rxd = cfg->rxd;
	ap.sweep.queue.burst = cfg->burst;
	ap.sweep.queue.hold = &cfg->hold_dist;
	ap.sweep.queue.seed = cfg->hold_seed;
	ap.sweep.wm = cfg->low_watermark_off ? NBL_MODEL_WM_NEVER :
		cfg->low_watermark == 0 ? NBL_MODEL_WM_AUTO : NBL_MODEL_WM_FIXED;
	ap.sweep.wm_fixed = cfg->low_watermark;
	ap.sweep.d_max = 1u << 24;
	ap.seeds = NBL_ADVICE_SEEDS_DEFAULT;
	/* each queue on its own arrivals, hold times keyed by the queue as
	 * the engine's consumer keys them; the largest D sizes them all */
	memset(&adv, 0, sizeof(adv));
	for (q = 0; q < arr.nb_queues; q++) {
		ns = nbl_arrivals_of_queue(&arr, q, &n);
		ap.sweep.queue.queue = q;
		if (nbl_model_advise(&ap, ns, n, &adv) != 0 ||
				adv.descriptors == 0) {
			d = 0;
			nbl_model_advice_free(&adv);
			break;
		}
		if (adv.descriptors > d) {
			d = adv.descriptors;
			worst = q;
			n_worst = n;
			d_max = adv.d_max;
			headroom = adv.headroom;
		}
		tried += adv.runs;
		nbl_model_advice_free(&adv);
	}
	if (d == 0) {
		per_queue[0] = '\0';
		if (arr.nb_queues > 1)
			snprintf(per_queue, sizeof(per_queue), " on queue %u",
				q);
		snprintf(why, len, "default: the model found no D up to %u "
			"without miss or RESOURCES%s", ap.sweep.d_max, per_queue);
	} else {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		*hold = d - base;
		found = true;
		snprintf(name, sizeof(name), "%s", cfg->replay[0]);
		per_queue[0] = '\0';
		if (arr.nb_queues > 1)
			snprintf(per_queue, sizeof(per_queue), " on queue %u of "
				"%u (RSS)", worst, arr.nb_queues);
		snprintf(why, len, "model: %.200s%s + %.200s, seeds %" PRIu64
			"..%" PRIu64 ", --%s %g: D %u (the largest seed's %u + "
			"headroom %u) has no miss and no RESOURCES over %zu "
			"packets%s, %" PRIu64 " runs in %.2f s", basename(name),
			cfg->nb_replay > 1 ? " and more" : "",
			cfg->hold_dist.spec, cfg->hold_seed,
			cfg->hold_seed + ap.seeds - 1,
			cap_pace_mode_name(mode), rate, d, d_max, headroom,
			n_worst, per_queue, tried,
			(double)(t1.tv_sec - t0.tv_sec) +
			(double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
	}
	nbl_arrivals_free(&arr);
	return found;
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

int
nblpmd_sizing_apply(struct nblpmd_app *app)
{
	const struct nblpmd_config *cfg = &app->cfg;
	struct nbl_sizing_input in;
	uint32_t model_hold = 0;
	bool model;
	char hold_why[1024];
	unsigned int i;
	int ret;

	memset(&in, 0, sizeof(in));
	model = sizing_model_hold(cfg, &model_hold, hold_why,
		sizeof(hold_why));
	app->mbuf_buf_size = sizing_buf_size(app);
	app->max_segs = sizing_max_segs(cfg, app->mbuf_buf_size);
	in.nb_queues = (uint16_t)app->nb_queues;
	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		const struct nblpmd_port *p = &app->ports[q->port_index];
		uint32_t pinned = 0;

		if (p->is_tap)
			pinned = NBLPMD_TAP_PINNED_MBUFS;
		else if (p->is_pcap && p->infinite_rx && q->rx_pcap != NULL)
			pinned = (uint32_t)RTE_MIN(UINT32_MAX,
				p->scan[q->queue_id].netpcap_records);
		/* Each TX queue (one per sending RX queue, one for the
		 * replay) pins up to nb_txd mbufs. */
		nbl_sizing_queue_set(&in.q[i], q->port_id, q->queue_id,
			p->nb_rxd, p->nb_txd, p->nb_txq, sizing_hold(cfg,
			p->nb_rxd, model ? &model_hold : NULL),
			cfg->descriptors, pinned);
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
	printf("  hold %u (%s)\n", app->hold, hold_why);
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
