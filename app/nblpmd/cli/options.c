/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The option table: one entry per application option, with its parser and
 * help text. It serves the command line (getopt_long) and the [nblpmd]
 * section of a profile (args.c applies both), so both accept the same
 * names and give the same messages.
 */

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "app_opt.h"
#include "cli.h"
#include "nblpmd_app.h"

/*
 * Pacing rates: what cap_pace_init() can represent (cap.h: multiplier
 * kept in 1e-9, pps and bit rates in 1e-3, none above 1e9), so a rate the
 * parser takes is never refused when the replay starts.
 */
#define NBLPMD_MULTIPLIER_MIN 1e-9
#define NBLPMD_MULTIPLIER_MAX 1e6
#define NBLPMD_PPS_MIN 1e-3
#define NBLPMD_PPS_MAX 1e9
#define NBLPMD_MBPS_MIN 1e-9
#define NBLPMD_MBPS_MAX 1e7

/* ------------------------------------------------------ value parsers */

#define OPT_PROG "nblpmd"

static int
parse_u16(const char *where, const char *val, uint16_t min, uint16_t max,
		uint16_t *out)
{
	uint64_t v;
	int ret = app_opt_u64(OPT_PROG, where, val, min, max, &v);

	if (ret == 0)
		*out = (uint16_t)v;
	return ret;
}

/* "auto" gives 0; otherwise an integer from min to max. */
static int
parse_auto_u32(const char *where, const char *val, uint32_t min,
		uint32_t max, uint32_t *out)
{
	char why[160];
	char *end = NULL;
	unsigned long long v;

	if (val != NULL && strcasecmp(val, "auto") == 0) {
		*out = 0;
		return 0;
	}
	snprintf(why, sizeof(why), "is not valid; give auto or an integer from "
		"%u to %u", min, max);
	if (val == NULL || !isdigit((unsigned char)val[0]))
		return app_opt_bad(OPT_PROG, where, val == NULL ? "" : val, why);
	errno = 0;
	v = strtoull(val, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return app_opt_bad(OPT_PROG, where, val, why);
	*out = (uint32_t)v;
	return 0;
}

static int
parse_path(const char *where, const char *val, char *dst)
{
	if (val == NULL || val[0] == '\0')
		return app_opt_bad(OPT_PROG, where, "", "is empty; give a file name");
	if (strlen(val) >= NBLPMD_PATH_MAX)
		return app_opt_bad(OPT_PROG, where, val, "is too long; give a path under "
			RTE_STR(NBLPMD_PATH_MAX) " characters");
	strcpy(dst, val);
	return 0;
}

/* Flags: the command line passes "1"; a profile may say yes/no. */
static int
parse_flag(const char *where, const char *val, bool *out)
{
	if (val == NULL || strcmp(val, "1") == 0 ||
			strcasecmp(val, "yes") == 0 ||
			strcasecmp(val, "true") == 0 ||
			strcasecmp(val, "on") == 0) {
		*out = true;
		return 0;
	}
	if (strcmp(val, "0") == 0 || strcasecmp(val, "no") == 0 ||
			strcasecmp(val, "false") == 0 ||
			strcasecmp(val, "off") == 0) {
		*out = false;
		return 0;
	}
	return app_opt_bad(OPT_PROG, where, val, "is not a yes/no value; give yes or no");
}

/* --------------------------------------------------------- setters */

static int
set_fwd(struct nblpmd_config *cfg, const char *v, const char *w)
{
	if (strcmp(v, "rxonly") == 0)
		cfg->fwd = NBLPMD_FWD_RXONLY;
	else if (strcmp(v, "io") == 0)
		cfg->fwd = NBLPMD_FWD_IO;
	else if (strcmp(v, "macswap") == 0)
		cfg->fwd = NBLPMD_FWD_MACSWAP;
	else if (strcmp(v, "capture") == 0)
		cfg->fwd = NBLPMD_FWD_CAPTURE;
	else
		return app_opt_bad(OPT_PROG, w, v, "is not a forwarding mode; give rxonly, "
			"io, macswap or capture");
	return 0;
}

static int
set_capture_out(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_path(w, v, cfg->capture_out);
}

static int
set_recycle(struct nblpmd_config *cfg, const char *v, const char *w)
{
	if (strcmp(v, "inplace") == 0)
		cfg->recycle = NBL_RXQ_RECYCLE_INPLACE;
	else if (strcmp(v, "pool") == 0)
		cfg->recycle = NBL_RXQ_RECYCLE_POOL;
	else
		return app_opt_bad(OPT_PROG, w, v, "is not a recycling mode; give inplace "
			"or pool");
	return 0;
}

static int
set_rxq(struct nblpmd_config *cfg, const char *v, const char *w)
{
	if (parse_u16(w, v, 1, NBLPMD_MAX_QUEUES_PER_PORT, &cfg->rxq) != 0)
		return -EINVAL;
	cfg->rxq_set = true;
	return 0;
}

static int
set_rxd(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_u16(w, v, 1, 32768, &cfg->rxd);
}

static int
set_txd(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_u16(w, v, 1, 32768, &cfg->txd);
}

static int
set_burst(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_u16(w, v, 1, NBL_RXQ_MAX_BURST, &cfg->burst);
}

static int
set_descriptors(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_auto_u32(w, v, 1, 1u << 24, &cfg->descriptors);
}

static int
set_pool_size(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_auto_u32(w, v, 1, 1u << 28, &cfg->pool_size);
}

static int
set_pool_cache(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_u32(OPT_PROG, w, v, 0, RTE_MEMPOOL_CACHE_MAX_SIZE, &cfg->pool_cache);
}

static int
set_mbufs(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_auto_u32(w, v, 1, 1u << 28, &cfg->mbuf_count);
}

static int
set_mbuf_cache(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_u32(OPT_PROG, w, v, 0, RTE_MEMPOOL_CACHE_MAX_SIZE, &cfg->mbuf_cache);
}

static int
set_net_buffer(struct nblpmd_config *cfg, const char *v, const char *w)
{
	if (strcmp(v, "prealloc") == 0)
		cfg->prealloc_nb = true;
	else if (strcmp(v, "separate") == 0)
		cfg->prealloc_nb = false;
	else
		return app_opt_bad(OPT_PROG, w, v, "is not an NB allocation; give prealloc "
			"or separate");
	return 0;
}

static int
set_rx_copy(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_flag(w, v, &cfg->rx_copy);
}

static int
set_low_watermark(struct nblpmd_config *cfg, const char *v, const char *w)
{
	if (parse_auto_u32(w, v, 0, 1u << 24, &cfg->low_watermark) != 0)
		return -EINVAL;
	cfg->low_watermark_off = strcasecmp(v, "auto") != 0 &&
		cfg->low_watermark == 0;
	return 0;
}

static int
set_consumer_lcore(struct nblpmd_config *cfg, const char *v, const char *w)
{
	uint32_t lc;

	if (app_opt_u32(OPT_PROG, w, v, 0, RTE_MAX_LCORE - 1, &lc) != 0)
		return -EINVAL;
	cfg->consumer_lcore = (int)lc;
	return 0;
}

static int
set_hold_us(struct nblpmd_config *cfg, const char *v, const char *w)
{
	struct nbl_hold_dist d;
	char err[512];

	if (nbl_hold_parse(v, &d, err, sizeof(err)) != 0) {
		/* the message names the value or the file, once */
		fprintf(stderr, "nblpmd: %s: %s\n", w, err);
		return -EINVAL;
	}
	nbl_hold_free(&cfg->hold_dist);
	cfg->hold_dist = d;
	return 0;
}

static int
set_hold_seed(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_u64(OPT_PROG, w, v, 0, UINT64_MAX, &cfg->hold_seed);
}

static int
set_hold(struct nblpmd_config *cfg, const char *v, const char *w)
{
	if (strcasecmp(v, "auto") == 0) {
		cfg->hold = 0;
		cfg->hold_set = false;
		return 0;
	}
	if (app_opt_u32(OPT_PROG, w, v, 0, 1u << 24, &cfg->hold) != 0)
		return -EINVAL;
	cfg->hold_set = true;
	return 0;
}

static int
set_fail_alloc_pct(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_double(OPT_PROG, w, v, 0, 100, false, &cfg->fail_alloc_pct);
}

static int
set_fail_seed(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_u64(OPT_PROG, w, v, 0, UINT64_MAX, &cfg->fail_seed);
}

static int
set_max_frame(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_u32(OPT_PROG, w, v, 64, 65535, &cfg->max_frame);
}

static int
set_max_segs(struct nblpmd_config *cfg, const char *v, const char *w)
{
	uint32_t s;

	if (parse_auto_u32(w, v, 1, RTE_MBUF_MAX_NB_SEGS, &s) != 0)
		return -EINVAL;
	cfg->max_segs = (uint16_t)s;
	return 0;
}

static int
set_stats_period(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_double(OPT_PROG, w, v, 0, 86400, false, &cfg->stats_period);
}

static int
set_timeline(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_path(w, v, cfg->timeline);
}

static int
set_timeline_us(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_u32(OPT_PROG, w, v, 10, 60000000, &cfg->timeline_us);
}

static int
set_plot(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_path(w, v, cfg->plot);
}

static int
set_stats_json(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_path(w, v, cfg->stats_json);
}

static int
set_duration(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_double(OPT_PROG, w, v, 0, 1e7, false, &cfg->duration);
}

static int
set_max_packets(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_u64(OPT_PROG, w, v, 0, UINT64_MAX, &cfg->max_packets);
}

static int
set_no_mbuf_check(struct nblpmd_config *cfg, const char *v, const char *w)
{
	bool off;

	if (parse_flag(w, v, &off) != 0)
		return -EINVAL;
	cfg->check_mbufs = !off;
	return 0;
}

static int
set_track_nbls(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_u16(w, v, 0, NBL_TRACK_MAX_DEPTH, &cfg->track_nbls);
}

static int
set_record_burst_stats(struct nblpmd_config *cfg, const char *v,
		const char *w)
{
	return parse_flag(w, v, &cfg->record_burst_stats);
}

static int
set_replay(struct nblpmd_config *cfg, const char *v, const char *w)
{
	if (cfg->nb_replay >= NBLPMD_MAX_REPLAY)
		return app_opt_bad(OPT_PROG, w, v, "is one file too many; at most "
			RTE_STR(NBLPMD_MAX_REPLAY) " --replay files");
	if (parse_path(w, v, cfg->replay[cfg->nb_replay]) != 0)
		return -EINVAL;
	cfg->nb_replay++;
	return 0;
}

static int
set_replay_port(struct nblpmd_config *cfg, const char *v, const char *w)
{
	uint32_t p;

	if (app_opt_u32(OPT_PROG, w, v, 0, RTE_MAX_ETHPORTS - 1, &p) != 0)
		return -EINVAL;
	cfg->replay_port = (int)p;
	return 0;
}

static int
set_pace(struct nblpmd_config *cfg, enum nblpmd_pace pace, const char *v,
		const char *w)
{
	if (cfg->pace_set && cfg->pace != pace)
		return app_opt_bad(OPT_PROG, w, v, "conflicts with another pacing option; "
			"give one of --multiplier, --pps, --mbps, --topspeed");
	cfg->pace = pace;
	cfg->pace_set = true;
	return 0;
}

static int
set_multiplier(struct nblpmd_config *cfg, const char *v, const char *w)
{
	if (app_opt_double(OPT_PROG, w, v, NBLPMD_MULTIPLIER_MIN, NBLPMD_MULTIPLIER_MAX,
			false, &cfg->multiplier) != 0)
		return -EINVAL;
	return set_pace(cfg, NBLPMD_PACE_MULTIPLIER, v, w);
}

static int
set_pps(struct nblpmd_config *cfg, const char *v, const char *w)
{
	if (app_opt_double(OPT_PROG, w, v, NBLPMD_PPS_MIN, NBLPMD_PPS_MAX, false,
			&cfg->pps) != 0)
		return -EINVAL;
	return set_pace(cfg, NBLPMD_PACE_PPS, v, w);
}

static int
set_mbps(struct nblpmd_config *cfg, const char *v, const char *w)
{
	if (app_opt_double(OPT_PROG, w, v, NBLPMD_MBPS_MIN, NBLPMD_MBPS_MAX, false,
			&cfg->mbps) != 0)
		return -EINVAL;
	return set_pace(cfg, NBLPMD_PACE_MBPS, v, w);
}

static int
set_topspeed(struct nblpmd_config *cfg, const char *v, const char *w)
{
	bool on;

	if (parse_flag(w, v, &on) != 0)
		return -EINVAL;
	if (!on)
		return 0;
	return set_pace(cfg, NBLPMD_PACE_TOPSPEED, "yes", w);
}

static int
set_loop(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_u32(OPT_PROG, w, v, 0, UINT32_MAX, &cfg->loop);
}

static int
set_replay_full(struct nblpmd_config *cfg, const char *v, const char *w)
{
	if (strcmp(v, "wait") == 0)
		cfg->replay_full = NBLPMD_REPLAY_FULL_WAIT;
	else if (strcmp(v, "drop") == 0)
		cfg->replay_full = NBLPMD_REPLAY_FULL_DROP;
	else
		return app_opt_bad(OPT_PROG, w, v, "is not a full-ring policy; give wait "
			"(the replay waits) or drop (packets are missed, as a "
			"NIC's)");
	return 0;
}

static int
set_preload(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return app_opt_u64(OPT_PROG, w, v, 0, UINT64_MAX, &cfg->preload_bytes);
}

static int
set_rss_key(struct nblpmd_config *cfg, const char *v, const char *w)
{
	char err[128], why[256];

	if (cap_rss_key_parse(v, cfg->rss_key, err, sizeof(err)) != 0) {
		snprintf(why, sizeof(why), "is not an RSS key: %s; give %u "
			"hexadecimal digits (a ':' may separate bytes)", err,
			2 * CAP_RSS_KEY_LEN);
		return app_opt_bad(OPT_PROG, w, v, why);
	}
	cfg->rss_key_set = true;
	return 0;
}

static int
set_config(struct nblpmd_config *cfg, const char *v, const char *w)
{
	return parse_path(w, v, cfg->config_file);
}

static const struct nblpmd_opt nblpmd_opts[] = {
	{ "config", required_argument, "FILE",
		"INI profile ([eal] args, [nblpmd] options); the command line wins",
		set_config },
	{ "fwd", required_argument, "MODE",
		"consumer: rxonly (default), io, macswap, capture", set_fwd },
	{ "capture-out", required_argument, "FILE",
		"capture consumer output, pcap or pcapng by extension",
		set_capture_out },
	{ "recycle", required_argument, "MODE",
		"returned NBLs: inplace (default) or pool", set_recycle },
	{ "rxq", required_argument, "N",
		"RX queues per port (1; net_pcap: one per rx_pcap file; "
		"--replay's internal port spreads records over them by RSS)",
		set_rxq },
	{ "rxd", required_argument, "N", "PMD RX ring size (512)", set_rxd },
	{ "txd", required_argument, "N", "PMD TX ring size (512)", set_txd },
	{ "burst", required_argument, "N",
		"packets per rte_eth_rx_burst, B (32)", set_burst },
	{ "descriptors", required_argument, "N|auto",
		"receive descriptors per queue, D (auto: nb_rxd + B + H)",
		set_descriptors },
	{ "pool-size", required_argument, "N|auto",
		"NBL pool count, and NB pool count with --net-buffer separate "
		"(auto: by the sizing rule)", set_pool_size },
	{ "pool-cache", required_argument, "N", "NBL pool per-lcore cache (32)",
		set_pool_cache },
	{ "mbufs", required_argument, "N|auto",
		"mbuf pool count (auto: by the sizing rule)", set_mbufs },
	{ "mbuf-cache", required_argument, "N", "mbuf pool per-lcore cache (64)",
		set_mbuf_cache },
	{ "net-buffer", required_argument, "prealloc|separate",
		"NB allocation: in the NBL (prealloc) or from an NB pool (separate)",
		set_net_buffer },
	{ "rx-copy", no_argument, NULL,
		"copy packets into the NB data area and free the mbuf at fill",
		set_rx_copy },
	{ "low-watermark", required_argument, "N|auto|0",
		"indicate with RESOURCES below N free descriptors (auto: D/8; "
		"0: never)", set_low_watermark },
	{ "consumer-lcore", required_argument, "N",
		"run the consumer on lcore N (default: on the RX lcore)",
		set_consumer_lcore },
	{ "hold-us", required_argument, "SPEC",
		"consumer keeps each NBL this long, us: N, exp:MEAN, "
		"uniform:MIN-MAX or file:PATH", set_hold_us },
	{ "hold-seed", required_argument, "N",
		"seed of the --hold-us hold times (1)", set_hold_seed },
	{ "hold", required_argument, "N|auto",
		"H, NBLs the consumer may hold per queue (auto)", set_hold },
	{ "fail-alloc-pct", required_argument, "P",
		"fail P percent of NBL pool allocations on purpose", set_fail_alloc_pct },
	{ "fail-seed", required_argument, "N", "seed of --fail-alloc-pct (1)",
		set_fail_seed },
	{ "max-frame", required_argument, "N",
		"largest frame accepted, bytes (9216)", set_max_frame },
	{ "max-segs", required_argument, "N|auto",
		"S, buffer descriptors per packet (auto: from --max-frame)",
		set_max_segs },
	{ "stats-period", required_argument, "S",
		"show port statistics every S seconds (0: off)", set_stats_period },
	{ "stats-json", required_argument, "FILE",
		"write the final report as JSON", set_stats_json },
	{ "timeline", required_argument, "FILE",
		"write each queue's occupancy every --timeline-us (CSV)",
		set_timeline },
	{ "timeline-us", required_argument, "N",
		"timeline sampling period, microseconds (1000)",
		set_timeline_us },
	{ "plot", required_argument, "FILE",
		"draw the timeline with gnuplot into FILE.png or FILE.svg",
		set_plot },
	{ "duration", required_argument, "S", "stop after S seconds",
		set_duration },
	{ "max-packets", required_argument, "N",
		"stop once N packets were indicated", set_max_packets },
	{ "no-mbuf-check", no_argument, NULL,
		"do not run rte_mbuf_check() on received mbufs", set_no_mbuf_check },
	{ "track-nbls", required_argument, "N",
		"each NBL keeps its last N transitions, shown in the leak "
		"report and /nbl/pending (0: off)", set_track_nbls },
	{ "record-burst-stats", no_argument, NULL,
		"count rx_burst and indication sizes per queue",
		set_record_burst_stats },
	{ "replay", required_argument, "FILE",
		"replay a capture (repeatable)", set_replay },
	{ "replay-port", required_argument, "P",
		"send the replay out of port P (default: internal ring port)",
		set_replay_port, NBLPMD_OPT_REPLAY },
	{ "multiplier", required_argument, "X",
		"replay at recorded timing x X (1)", set_multiplier,
		NBLPMD_OPT_REPLAY },
	{ "pps", required_argument, "N", "replay at N packets per second",
		set_pps, NBLPMD_OPT_REPLAY },
	{ "mbps", required_argument, "N", "replay at N megabits per second",
		set_mbps, NBLPMD_OPT_REPLAY },
	{ "topspeed", no_argument, NULL, "replay as fast as possible",
		set_topspeed, NBLPMD_OPT_REPLAY },
	{ "loop", required_argument, "N", "replay N times (0: until stopped)",
		set_loop, NBLPMD_OPT_REPLAY },
	{ "preload", required_argument, "BYTES",
		"keep each replay file in memory whose records fit in BYTES "
		"(a file is preloaded whole or not at all)", set_preload,
		NBLPMD_OPT_REPLAY },
	{ "replay-full", required_argument, "wait|drop",
		"internal port's ring full at a packet's deadline: wait "
		"(default) or drop it and count it missed", set_replay_full,
		NBLPMD_OPT_REPLAY },
	{ "rss-key", required_argument, "HEX",
		"Toeplitz key of the internal port's RSS over --rxq queues, "
		"80 hex digits (Microsoft's verification key); queue = "
		"table[hash % 128], entry i = i % N", set_rss_key,
		NBLPMD_OPT_REPLAY },
};

#define NBLPMD_NB_OPTS RTE_DIM(nblpmd_opts)

void
nblpmd_config_defaults(struct nblpmd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->fwd = NBLPMD_FWD_RXONLY;
	cfg->recycle = NBL_RXQ_RECYCLE_INPLACE;
	cfg->rxq = 1;
	cfg->rxd = 512;
	cfg->txd = 512;
	cfg->burst = 32;
	cfg->pool_cache = 32;
	cfg->mbuf_cache = 64;
	cfg->prealloc_nb = true;
	cfg->consumer_lcore = -1;
	cfg->fail_seed = 1;
	cfg->hold_seed = 1;
	cfg->timeline_us = 1000;
	cfg->max_frame = NBL_RXQ_DEFAULT_MAX_FRAME;
	cfg->check_mbufs = true;
	cfg->replay_port = -1;
	cfg->pace = NBLPMD_PACE_MULTIPLIER;
	cfg->multiplier = 1.0;
	cfg->loop = 1;
	memcpy(cfg->rss_key, cap_rss_default_key, sizeof(cfg->rss_key));
}

unsigned int
nblpmd_option_count(void)
{
	return NBLPMD_NB_OPTS;
}

const struct nblpmd_opt *
nblpmd_option_at(unsigned int i)
{
	return i < NBLPMD_NB_OPTS ? &nblpmd_opts[i] : NULL;
}

const char *
nblpmd_option_name(unsigned int i)
{
	return i < NBLPMD_NB_OPTS ? nblpmd_opts[i].name : NULL;
}

int
nblpmd_option_find(const char *name)
{
	char norm[64];
	size_t i;

	if (strlen(name) >= sizeof(norm))
		return -1;
	for (i = 0; name[i] != '\0'; i++)
		norm[i] = name[i] == '_' ? '-' : (char)tolower(
			(unsigned char)name[i]);
	norm[i] = '\0';
	for (i = 0; i < NBLPMD_NB_OPTS; i++)
		if (strcmp(nblpmd_opts[i].name, norm) == 0)
			return (int)i;
	return -1;
}

int
nblpmd_option_set(struct nblpmd_config *cfg, unsigned int i,
		const char *value, const char *where)
{
	const struct nblpmd_opt *o = nblpmd_option_at(i);

	if (o == NULL)
		return -EINVAL;
	if (o->has_arg == no_argument && (value == NULL || value[0] == '\0'))
		value = "1";
	return o->set(cfg, value == NULL ? "" : value, where);
}

void
nblpmd_usage(const char *prog, FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [EAL options] -- [options]\n"
		"       %s            (no arguments: runs config/default.ini)\n\n"
		"A user-space packet engine that models how an NDIS miniport "
		"manages receive buffers.\n\nOptions:\n", prog, prog);
	for (i = 0; i < NBLPMD_NB_OPTS; i++) {
		const struct nblpmd_opt *o = &nblpmd_opts[i];
		char lhs[64];

		snprintf(lhs, sizeof(lhs), "--%s%s%s", o->name,
			o->arg != NULL ? " " : "", o->arg != NULL ? o->arg : "");
		fprintf(f, "  %-28s %s\n", lhs, o->help);
	}
	fprintf(f, "  %-28s %s\n  %-28s %s\n", "--version",
		"print the version and exit", "--help", "print this text and exit");
	fprintf(f, "\nExit codes: 0 success, 1 runtime failure or failed audit, "
		"2 usage or configuration error.\n");
}
