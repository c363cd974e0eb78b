/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * nblpmd-advise options: one table gives getopt_long its options and
 * --help its text. Values are checked as nblpmd checks the same options,
 * and a bad one is named with what would be right. The rules are
 * nblpmd's: an option that takes one value is given once (--capture is
 * repeatable), and an option that cannot apply to the run (--nblpmd
 * without --verify) is refused, exit 2.
 */

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <rte_common.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "advise.h"
#include "app_opt.h"
#include "app_plot.h"
#include "nblpmd_build_config.h"

#define ADVISE_PROG "nblpmd-advise"

typedef int (*advise_set_t)(struct advise_opts *o, const char *v,
		const char *w);

/** What an option needs to mean something. */
enum advise_scope {
	ADVISE_ANY = 0,
	ADVISE_VERIFY,     /**< only with --verify */
	ADVISE_HOLD,       /**< only with a --hold-us other than 0 */
};

struct advise_opt {
	const char *name;
	int has_arg;
	const char *arg;
	const char *help;
	advise_set_t set;
	enum advise_scope scope;
	bool repeatable;
};

static int
set_capture(struct advise_opts *o, const char *v, const char *w)
{
	if (v[0] == '\0')
		return app_opt_bad(ADVISE_PROG, w, v, "is empty; give a capture file");
	if (o->nb_captures == ADVISE_MAX_CAPTURES)
		return app_opt_bad(ADVISE_PROG, w, v, "is one file too many; at most "
			RTE_STR(ADVISE_MAX_CAPTURES) " --capture files");
	o->captures[o->nb_captures++] = v;
	return 0;
}

/* The bounds of nblpmd's pacing options: lib/capture's. */
static int
set_loop(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u32(ADVISE_PROG, w, v, 1, ADVISE_MAX_LOOPS, &o->loop);
}

static int
set_pace(struct advise_opts *o, enum cap_pace_mode mode, const char *v,
		const char *w)
{
	double min = 0, max = 0;

	if (o->pace_set && o->pace != mode)
		return app_opt_bad(ADVISE_PROG, w, v, "conflicts with another pacing option; "
			"give one of --multiplier, --pps, --mbps");
	cap_pace_rate_bounds(mode, &min, &max);
	if (app_opt_double(ADVISE_PROG, w, v, min, max, false, &o->rate) != 0)
		return -EINVAL;
	o->pace = mode;
	o->pace_set = true;
	return 0;
}

static int
set_multiplier(struct advise_opts *o, const char *v, const char *w)
{
	return set_pace(o, CAP_PACE_MULTIPLIER, v, w);
}

static int
set_pps(struct advise_opts *o, const char *v, const char *w)
{
	return set_pace(o, CAP_PACE_PPS, v, w);
}

static int
set_mbps(struct advise_opts *o, const char *v, const char *w)
{
	return set_pace(o, CAP_PACE_MBPS, v, w);
}

static int
set_hold_us(struct advise_opts *o, const char *v, const char *w)
{
	char err[512];

	nbl_hold_free(&o->hold);
	if (nbl_hold_parse(v, &o->hold, err, sizeof(err)) != 0) {
		fprintf(stderr, ADVISE_PROG ": %s: %s\n", w, err);
		return -EINVAL;
	}
	o->hold_spec = v;
	return 0;
}

static int
set_hold_seed(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u64(ADVISE_PROG, w, v, 0, UINT64_MAX, &o->hold_seed);
}

static int
set_seeds(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u32(ADVISE_PROG, w, v, 1, NBL_ADVICE_SEEDS_MAX,
		&o->seeds);
}

/* A distribution of the host's timing, in the --hold-us grammar. */
static int
set_timing(struct nbl_hold_dist *d, const char **spec, const char *v,
		const char *w)
{
	char err[512];

	nbl_hold_free(d);
	if (nbl_hold_parse(v, d, err, sizeof(err)) != 0) {
		fprintf(stderr, ADVISE_PROG ": %s: %s\n", w, err);
		return -EINVAL;
	}
	*spec = v;
	return 0;
}

static int
set_poll_gap_us(struct advise_opts *o, const char *v, const char *w)
{
	return set_timing(&o->poll_gap, &o->poll_gap_spec, v, w);
}

static int
set_return_lag_us(struct advise_opts *o, const char *v, const char *w)
{
	return set_timing(&o->return_lag, &o->return_lag_spec, v, w);
}

static int
set_late_us(struct advise_opts *o, const char *v, const char *w)
{
	return set_timing(&o->late, &o->late_spec, v, w);
}

static int
set_host(struct advise_opts *o, const char *v, const char *w)
{
	if (v[0] == '\0')
		return app_opt_bad(ADVISE_PROG, w, v, "is empty; give an nblpmd "
			"--stats-json report");
	o->host = v;
	return 0;
}

static int
set_rxd(struct advise_opts *o, const char *v, const char *w)
{
	if (strcasecmp(v, "auto") == 0) {
		o->rxd = 0;
	o->txd = 512;
		return 0;
	}
	return app_opt_u32(ADVISE_PROG, w, v, 1, NBL_ADVICE_RXD_MAX, &o->rxd);
}

static int
set_txd(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u32(ADVISE_PROG, w, v, 1, 32768, &o->txd);
}

static int
set_verify_runs(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u32(ADVISE_PROG, w, v, 1, ADVISE_VERIFY_RUNS_MAX,
		&o->verify_runs);
}

static int
set_burst(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u32(ADVISE_PROG, w, v, 1, NBL_RXQ_MAX_BURST, &o->burst);
}

static int
set_low_watermark(struct advise_opts *o, const char *v, const char *w)
{
	char *end = NULL;
	unsigned long long n;

	if (strcasecmp(v, "auto") == 0) {
		o->wm = NBL_MODEL_WM_AUTO;
		return 0;
	}
	errno = 0;
	n = isdigit((unsigned char)v[0]) ? strtoull(v, &end, 10) : 0;
	if (end == NULL || *end != '\0' || errno != 0 || n > (1u << 24))
		return app_opt_bad(ADVISE_PROG, w, v, "is not valid; give auto (D/8), 0 "
			"(never RESOURCES) or a number of free descriptors up "
			"to 16777216");
	o->wm_fixed = (uint32_t)n;
	o->wm = n == 0 ? NBL_MODEL_WM_NEVER : NBL_MODEL_WM_FIXED;
	return 0;
}

static int
set_pool_cache(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u32(ADVISE_PROG, w, v, 0, RTE_MEMPOOL_CACHE_MAX_SIZE, &o->pool_cache);
}

static int
set_mbuf_cache(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u32(ADVISE_PROG, w, v, 0, RTE_MEMPOOL_CACHE_MAX_SIZE, &o->mbuf_cache);
}

static int
set_lcores(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u32(ADVISE_PROG, w, v, 1, RTE_MAX_LCORE, &o->lcores);
}

static int
set_max_frame(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u32(ADVISE_PROG, w, v, 64, 65535, &o->max_frame);
}

static int
set_max_segs(struct advise_opts *o, const char *v, const char *w)
{
	if (strcasecmp(v, "auto") == 0) {
		o->max_segs = 0;
		return 0;
	}
	return app_opt_u32(ADVISE_PROG, w, v, 1, RTE_MBUF_MAX_NB_SEGS, &o->max_segs);
}

static int
set_loss_target(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_double(ADVISE_PROG, w, v, 0, 1, false, &o->loss_target);
}

static int
set_resources_target(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_double(ADVISE_PROG, w, v, 0, 1, false, &o->resources_target);
}

static int
set_max_descriptors(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u32(ADVISE_PROG, w, v, 2, 1u << 24, &o->d_max);
}

static int
set_json(struct advise_opts *o, const char *v, const char *w)
{
	if (v[0] == '\0')
		return app_opt_bad(ADVISE_PROG, w, v, "is empty; give a file name");
	o->json = v;
	return 0;
}

static int
set_plot(struct advise_opts *o, const char *v, const char *w)
{
	if (app_plot_format(v) == APP_PLOT_NONE)
		return app_opt_bad(ADVISE_PROG, w, v,
			"is not a picture file name; give a name ending in .png "
			"or .svg (or no extension: png)");
	o->plot = v;
	return 0;
}

static int
set_verify(struct advise_opts *o, const char *v, const char *w)
{
	o->verify = true;
	return 0;
}

static int
set_nblpmd(struct advise_opts *o, const char *v, const char *w)
{
	if (v[0] == '\0')
		return app_opt_bad(ADVISE_PROG, w, v, "is empty; give the nblpmd binary");
	o->nblpmd = v;
	return 0;
}

static int
set_eal(struct advise_opts *o, const char *v, const char *w)
{
	if (strstr(v, "--file-prefix") != NULL)
		return app_opt_bad(ADVISE_PROG, w, v, "names a file prefix; leave it out, "
			"each run gets its own");
	o->eal = v;
	return 0;
}

static int
set_rxq(struct advise_opts *o, const char *v, const char *w)
{
	return app_opt_u32(ADVISE_PROG, w, v, 1, ADVISE_MAX_QUEUES, &o->rxq);
}

static int
set_rss_key(struct advise_opts *o, const char *v, const char *w)
{
	char err[128], why[256];

	if (cap_rss_key_parse(v, o->rss_key, err, sizeof(err)) != 0) {
		snprintf(why, sizeof(why), "is not an RSS key: %s; give %u "
			"hexadecimal digits (a ':' may separate bytes)", err,
			2 * CAP_RSS_KEY_LEN);
		return app_opt_bad(ADVISE_PROG, w, v, why);
	}
	o->rss_key_set = true;
	return 0;
}

static const struct advise_opt advise_opts_table[] = {
	{ "capture", required_argument, "FILE",
		"capture to model (repeatable; played in order, as --replay)",
		set_capture, ADVISE_ANY, true },
	{ "loop", required_argument, "N",
		"play the captures N times in a row, as nblpmd's --loop (1)",
		set_loop },
	{ "multiplier", required_argument, "X",
		"recorded timing x X (1)", set_multiplier },
	{ "pps", required_argument, "N", "N packets per second", set_pps },
	{ "mbps", required_argument, "N", "N megabits per second", set_mbps },
	{ "hold-us", required_argument, "SPEC",
		"consumer hold time: " NBL_HOLD_GRAMMAR " (0: none)",
		set_hold_us },
	{ "hold-seed", required_argument, "N",
		"first seed of the hold times (1); nblpmd's --hold-seed; with "
		"--hold-us only", set_hold_seed, ADVISE_HOLD },
	{ "seeds", required_argument, "K",
		"sweep K seeds (--hold-seed .. + K - 1) and advise their "
		"largest D plus its spread above the median (16); with "
		"--hold-us only", set_seeds, ADVISE_HOLD },
	{ "host", required_argument, "REPORT.json",
		"the host's poll gaps and return lags (and its replay lateness, "
		"for --verify), as an nblpmd --stats-json report of a run on "
		"it measured them",
		set_host },
	{ "poll-gap-us", required_argument, "SPEC",
		"gaps between polls, the --hold-us grammar (a fixed T: one "
		"poll every T us; default: --host's, else continuous polling)",
		set_poll_gap_us },
	{ "return-lag-us", required_argument, "SPEC",
		"how late a held NBL comes back after its hold time, the "
		"--hold-us grammar (default: --host's, else 0)",
		set_return_lag_us },
	{ "late-us", required_argument, "SPEC",
		"how late each packet reaches the ring after its deadline, "
		"drawn packet by packet, the --hold-us grammar (0)",
		set_late_us },
	{ "rxd", required_argument, "N|auto",
		"PMD RX ring size (auto: the smallest power of two, from 2 x "
		"burst, whose misses meet --loss-target under the poll gaps)",
		set_rxd },
	{ "txd", required_argument, "N",
		"PMD TX ring size, as nblpmd's --txd, for the mbuf pool (512)",
		set_txd },
	{ "burst", required_argument, "N", "packets per poll, B (32)",
		set_burst },
	{ "rxq", required_argument, "N",
		"RX queues the records are spread over by RSS, as nblpmd's "
		"--replay --rxq N (1); one D for all, the largest", set_rxq },
	{ "rss-key", required_argument, "HEX",
		"Toeplitz key of that RSS, 80 hex digits (Microsoft's "
		"verification key); queue = table[hash % 128], entry i = i % N",
		set_rss_key },
	{ "low-watermark", required_argument, "N|auto|0",
		"RESOURCES below N free descriptors (auto: D/8; 0: never)",
		set_low_watermark },
	{ "pool-cache", required_argument, "N", "NBL pool per-lcore cache (32)",
		set_pool_cache },
	{ "mbuf-cache", required_argument, "N",
		"mbuf pool per-lcore cache (64)", set_mbuf_cache },
	{ "lcores", required_argument, "N",
		"lcores that touch the pools (2: main and RX)", set_lcores },
	{ "max-frame", required_argument, "N",
		"largest frame, bytes (9216)", set_max_frame },
	{ "max-segs", required_argument, "N|auto",
		"S, buffer descriptors per packet (auto: from --max-frame)",
		set_max_segs },
	{ "loss-target", required_argument, "F",
		"missed packets allowed, a fraction of packets (0)",
		set_loss_target },
	{ "resources-target", required_argument, "F",
		"RESOURCES NBLs allowed, a fraction of packets (0)",
		set_resources_target },
	{ "max-descriptors", required_argument, "N",
		"largest D tried (16777216)", set_max_descriptors },
	{ "json", required_argument, "FILE", "write the advice as JSON",
		set_json },
	{ "plot", required_argument, "FILE",
		"draw missed and RESOURCES against D with gnuplot: FILE.svg, "
		"else PNG",
		set_plot },
	{ "verify", no_argument, NULL,
		"run nblpmd at D and 0.9 x D with seeds the sweep did not use "
		"and compare with the model", set_verify },
	{ "verify-runs", required_argument, "N",
		"--verify runs at D, and as many at 0.9 x D (3)",
		set_verify_runs },
	{ "nblpmd", required_argument, "PATH",
		"nblpmd for --verify (default: beside this program)", set_nblpmd,
		ADVISE_VERIFY },
	{ "eal", required_argument, "ARGS",
		"EAL options for --verify (\"" ADVISE_EAL_DEFAULT "\")", set_eal,
		ADVISE_VERIFY },
};

#define ADVISE_NB_OPTS RTE_DIM(advise_opts_table)
#define ADVISE_OPT_HELP 1000
#define ADVISE_OPT_VERSION 1001

static void
advise_usage(FILE *f)
{
	char left[64];
	size_t i;

	fprintf(f, "Usage: " ADVISE_PROG " --capture FILE [--capture FILE ...] "
		"[options]\n\n"
		"Sweeps the receive descriptors D of one queue over the captures "
		"in the queue\nmodel, for several hold-time seeds and the host's "
		"timing, and advises a D with\nno more misses and RESOURCES than "
		"the targets for any of them, with headroom,\nand the PMD ring "
		"the host's poll gaps need. With --rxq N the records are\nspread "
		"over N queues by RSS, as nblpmd's internal port does, each queue "
		"is swept,\nand the largest D is advised for all.\n\nOptions:\n");
	for (i = 0; i < ADVISE_NB_OPTS; i++) {
		const struct advise_opt *op = &advise_opts_table[i];

		snprintf(left, sizeof(left), "--%s%s%s", op->name,
			op->arg != NULL ? " " : "", op->arg != NULL ? op->arg : "");
		fprintf(f, "  %-28s %s\n", left, op->help);
	}
	fprintf(f, "  %-28s %s\n", "--version", "print the version and exit");
	fprintf(f, "  %-28s %s\n", "--help", "this text");
	fprintf(f, "\nExit: 0 advice given (and confirmed by --verify), 1 no D "
		"meets the targets or\n--verify measured more, 2 bad option or "
		"capture.\n");
}

static void
advise_defaults(struct advise_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->loop = 1;
	o->pace = CAP_PACE_MULTIPLIER;
	o->rate = 1.0;
	o->hold_spec = "0";
	o->hold_seed = 1;
	o->seeds = NBL_ADVICE_SEEDS_DEFAULT;
	o->verify_runs = 3;
	o->rxd = 0;
	o->txd = 512;
	o->burst = 32;
	o->wm = NBL_MODEL_WM_AUTO;
	o->pool_cache = 32;
	o->mbuf_cache = 64;
	o->lcores = ADVISE_LCORES_DEFAULT;
	o->max_frame = NBL_RXQ_DEFAULT_MAX_FRAME;
	o->eal = ADVISE_EAL_DEFAULT;
	o->rxq = 1;
	memcpy(o->rss_key, cap_rss_default_key, sizeof(o->rss_key));
}

/* An option given for nothing: its scope is not met. */
static int
advise_check_scopes(const struct advise_opts *o, const bool *given)
{
	size_t i;

	for (i = 0; i < ADVISE_NB_OPTS; i++) {
		const struct advise_opt *op = &advise_opts_table[i];

		if (!given[i])
			continue;
		if (op->scope == ADVISE_VERIFY && !o->verify) {
			fprintf(stderr, ADVISE_PROG ": --%s: applies with --verify "
				"only, and there is nothing to verify; add --verify, "
				"or drop --%s\n", op->name, op->name);
			return -EINVAL;
		}
		if (op->scope == ADVISE_HOLD && o->hold.kind == NBL_HOLD_NONE) {
			fprintf(stderr, ADVISE_PROG ": --%s: the seed of the hold "
				"times, and the consumer holds nothing (--hold-us "
				"%s); add --hold-us SPEC, or drop --%s\n", op->name,
				o->hold_spec, op->name);
			return -EINVAL;
		}
	}
	return 0;
}

int
advise_args_parse(struct advise_opts *o, int argc, char **argv)
{
	struct option lo[ADVISE_NB_OPTS + 3];
	bool repeatable[ADVISE_NB_OPTS + 2];
	bool given[ADVISE_NB_OPTS];
	char where[64];
	size_t i;
	int c, idx;

	advise_defaults(o);
	memset(given, 0, sizeof(given));
	for (i = 0; i < ADVISE_NB_OPTS; i++) {
		lo[i].name = advise_opts_table[i].name;
		lo[i].has_arg = advise_opts_table[i].has_arg;
		lo[i].flag = NULL;
		lo[i].val = (int)i;
		repeatable[i] = advise_opts_table[i].repeatable;
	}
	lo[i] = (struct option){ "help", no_argument, NULL, ADVISE_OPT_HELP };
	repeatable[i] = true;
	lo[i + 1] = (struct option){ "version", no_argument, NULL,
		ADVISE_OPT_VERSION };
	repeatable[i + 1] = true;
	lo[i + 2] = (struct option){ NULL, 0, NULL, 0 };
	if (app_opt_once(ADVISE_PROG, argc, argv, ":", lo, repeatable) != 0)
		return -EINVAL;
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":", lo, &idx)) != -1) {
		if (c == ADVISE_OPT_HELP) {
			advise_usage(stdout);
			return 1;
		}
		if (c == ADVISE_OPT_VERSION) {
			printf(ADVISE_PROG " " NBLPMD_VERSION "\n");
			return 1;
		}
		if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];

			fprintf(stderr, ADVISE_PROG ": %s: %s; see --help\n", bad,
				c == ':' ? "needs a value" : "unknown option");
			return -EINVAL;
		}
		snprintf(where, sizeof(where), "--%s", advise_opts_table[c].name);
		if (advise_opts_table[c].set(o, optarg != NULL ? optarg : "1",
				where) != 0)
			return -EINVAL;
		given[c] = true;
	}
	if (optind < argc) {
		fprintf(stderr, ADVISE_PROG ": '%s': unexpected argument; give "
			"captures with --capture FILE\n", argv[optind]);
		return -EINVAL;
	}
	if (o->nb_captures == 0) {
		fprintf(stderr, ADVISE_PROG ": no capture; give --capture FILE "
			"(see --help)\n");
		return -EINVAL;
	}
	if (advise_check_scopes(o, given) != 0)
		return -EINVAL;
	if (o->rss_key_set && o->rxq < 2) {
		fprintf(stderr, ADVISE_PROG ": --rss-key: RSS spreads the "
			"records over --rxq queues, and there is one; add "
			"--rxq N (N from 2 to %d), or drop --rss-key\n",
			ADVISE_MAX_QUEUES);
		return -EINVAL;
	}
	if (o->rxd != 0 && o->d_max != 0 && o->d_max < o->rxd + o->burst) {
		fprintf(stderr, ADVISE_PROG ": --max-descriptors %u: below "
			"nb_rxd %u + burst %u, the smallest D that maps the ring; "
			"give %u or more\n", o->d_max, o->rxd, o->burst,
			o->rxd + o->burst);
		return -EINVAL;
	}
	if (o->wm == NBL_MODEL_WM_FIXED && o->d_max != 0 &&
			o->wm_fixed > o->d_max) {
		fprintf(stderr, ADVISE_PROG ": --low-watermark %u: above "
			"--max-descriptors %u; every indication would carry "
			"RESOURCES\n", o->wm_fixed, o->d_max);
		return -EINVAL;
	}
	return 0;
}

static int
advise_output(struct app_out *o, const char *opt, const char *path)
{
	int ret = app_out_init(o, ADVISE_PROG, opt, path);

	if (ret == -EISDIR)
		fprintf(stderr, ADVISE_PROG ": %s %s: is a directory; give a "
			"file name\n", opt, path);
	else if (ret != 0)
		fprintf(stderr, ADVISE_PROG ": %s %s: %s; give a path to a "
			"file\n", opt, path, strerror(-ret));
	return ret;
}

int
advise_outputs_prepare(struct advise_opts *o)
{
	struct app_file_ref refs[ADVISE_MAX_CAPTURES + 7];
	unsigned int n = 0, i;
	int ret;

	if (o->json != NULL)
		refs[n++] = (struct app_file_ref){ "--json", o->json, true };
	if (o->plot != NULL)
		refs[n++] = (struct app_file_ref){ "--plot", o->plot, true };
	if (n == 0)
		return 0;
	for (i = 0; i < o->nb_captures; i++)
		refs[n++] = (struct app_file_ref){ "--capture", o->captures[i],
			false };
	if (strncmp(o->hold_spec, "file:", 5) == 0)
		refs[n++] = (struct app_file_ref){ "--hold-us file:",
			o->hold_spec + 5, false };
	if (o->poll_gap_spec != NULL &&
			strncmp(o->poll_gap_spec, "file:", 5) == 0)
		refs[n++] = (struct app_file_ref){ "--poll-gap-us file:",
			o->poll_gap_spec + 5, false };
	if (o->return_lag_spec != NULL &&
			strncmp(o->return_lag_spec, "file:", 5) == 0)
		refs[n++] = (struct app_file_ref){ "--return-lag-us file:",
			o->return_lag_spec + 5, false };
	if (o->late_spec != NULL && strncmp(o->late_spec, "file:", 5) == 0)
		refs[n++] = (struct app_file_ref){ "--late-us file:",
			o->late_spec + 5, false };
	if (o->host != NULL)
		refs[n++] = (struct app_file_ref){ "--host", o->host, false };
	ret = app_out_conflicts(ADVISE_PROG, refs, n);
	if (ret == 0 && o->json != NULL)
		ret = advise_output(&o->out_json, "--json", o->json);
	if (ret == 0 && o->plot != NULL)
		ret = advise_output(&o->out_plot, "--plot", o->plot);
	/* one output may be "-" (app_out_conflicts refuses two); it takes
	 * standard output, the text goes to stderr */
	if (ret == 0 && ((o->json != NULL &&
			o->out_json.kind == APP_OUT_STDOUT) ||
			(o->plot != NULL && o->out_plot.kind == APP_OUT_STDOUT))) {
		ret = app_out_stdout_claim();
		if (ret != 0)
			fprintf(stderr, ADVISE_PROG ": %s -: standard output "
				"cannot be taken for it: %s\n",
				o->out_json.kind == APP_OUT_STDOUT && o->json !=
				NULL ? "--json" : "--plot", strerror(-ret));
	}
	if (ret == 0 && o->json != NULL)
		ret = app_out_check(&o->out_json);
	if (ret == 0 && o->plot != NULL)
		ret = app_out_check(&o->out_plot);
	return ret;
}

const char *
advise_wm_option(const struct advise_opts *o, char *buf, size_t len)
{
	switch (o->wm) {
	case NBL_MODEL_WM_AUTO:
		return "auto";
	case NBL_MODEL_WM_NEVER:
		return "0";
	default:
		snprintf(buf, len, "%u", o->wm_fixed);
		return buf;
	}
}
