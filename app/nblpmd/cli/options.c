/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The option table: one row per application option (cli.h says what a
 * row holds). The command line (getopt_long), a profile's [nblpmd]
 * section, the defaults, --help and the JSON report's "config" all read
 * it, so an option is added in one place: a row here, and the field it
 * sets in struct nblpmd_config. Most rows are parsed by their type, with
 * the bounds in the row; a row with a parser of its own (OTHER) says why.
 * The parsers, by type and of their own, are option_parsers.c; here are
 * the rows and what reads them whole: lookup, scopes, defaults, --help.
 *
 * The test-only options (--test-leak, --test-double-return,
 * --test-foreign-return: a consumer that breaks the NDIS rules on
 * purpose, consumers/misuse.c; --test-timing-limit-ns: a run that cannot
 * keep time on purpose) are hidden rows: the command line takes them,
 * --help, profiles and the JSON report do not know them.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "cli.h"

/* Where a field of the configuration is, for a row. */
#define CFG(f) .offset = offsetof(struct nblpmd_config, f), \
	.size = sizeof(((struct nblpmd_config *)0)->f)

/* Largest count a test option takes: more than any queue indicates in a
 * test, small enough that nothing overflows. */
#define OPT_TEST_MAX 1000000u

/* The width --help wraps at, and where the help column starts. */
#define OPT_HELP_WIDTH 79
#define OPT_HELP_COLUMN 31

/* ------------------------------------------------------------ table */

static const char *const opt_fwd_names[] = {
	[NBLPMD_FWD_RXONLY] = "rxonly",
	[NBLPMD_FWD_IO] = "io",
	[NBLPMD_FWD_MACSWAP] = "macswap",
	[NBLPMD_FWD_CAPTURE] = "capture",
	NULL,
};

static const char *const opt_recycle_names[] = {
	[NBL_RXQ_RECYCLE_INPLACE] = "inplace",
	[NBL_RXQ_RECYCLE_POOL] = "pool",
	NULL,
};

/* prealloc_nb: false, true */
static const char *const opt_net_buffer_names[] = {
	"separate", "prealloc", NULL,
};

static const char *const opt_replay_full_names[] = {
	[NBLPMD_REPLAY_FULL_WAIT] = "wait",
	[NBLPMD_REPLAY_FULL_DROP] = "drop",
	NULL,
};

static const struct nblpmd_opt nblpmd_opts[] = {
	{ .name = "config", .arg = "FILE", CFG(config_file),
		.type = NBLPMD_OPT_PATH, .flags = NBLPMD_OPT_F_CMDLINE,
		.help = "INI profile ([eal] args, [nblpmd] options); the "
			"command line wins, its EAL options replacing the "
			"profile's of the same name" },
	{ .name = "fwd", .arg = "MODE", .def = "rxonly", CFG(fwd),
		.type = NBLPMD_OPT_CHOICE, .choices = opt_fwd_names,
		.noun = "a forwarding mode",
		.help = "consumer: rxonly, io, macswap or capture" },
	{ .name = "capture-out", .arg = "FILE", CFG(capture_out),
		.type = NBLPMD_OPT_PATH, .set = nblpmd_opt_set_capture_out,
		.scope = NBLPMD_SCOPE_CAPTURE,
		.help = "the capture consumer's output: pcapng for FILE.pcapng, "
			"else pcap (FILE.pcap, or a name without extension)" },
	{ .name = "recycle", .arg = "MODE", .def = "inplace", CFG(recycle),
		.type = NBLPMD_OPT_CHOICE, .choices = opt_recycle_names,
		.noun = "a recycling mode",
		.help = "returned NBLs: inplace (reset on the queue's free "
			"list) or pool (freed to the NBL pool)" },
	{ .name = "rxq", .arg = "N", .def = "1", CFG(rxq),
		.type = NBLPMD_OPT_OTHER, .set = nblpmd_opt_set_rxq,
		.min = 1, .max = NBLPMD_MAX_QUEUES_PER_PORT,
		.report = NBLPMD_REPORT_PORT_RXQ,
		.help = "RX queues per port (net_pcap without --rxq: one per "
			"rx_pcap file; --replay's internal port spreads records "
			"over them by RSS)" },
	{ .name = "rxd", .arg = "N", .def = "512", CFG(rxd),
		.type = NBLPMD_OPT_UINT, .min = 1, .max = 32768,
		.report = NBLPMD_REPORT_PORT_RXD,
		.help = "PMD RX ring size, nb_rxd" },
	{ .name = "txd", .arg = "N", .def = "512", CFG(txd),
		.type = NBLPMD_OPT_UINT, .min = 1, .max = 32768,
		.report = NBLPMD_REPORT_PORT_TXD,
		.help = "PMD TX ring size, nb_txd" },
	{ .name = "burst", .arg = "N", .def = "32", CFG(burst),
		.type = NBLPMD_OPT_UINT, .min = 1, .max = NBL_RXQ_MAX_BURST,
		.help = "packets per rte_eth_rx_burst, B" },
	{ .name = "descriptors", .arg = "N|auto", .def = "auto",
		CFG(descriptors), .type = NBLPMD_OPT_AUTO, .min = 1,
		.max = 1u << 24, .report = NBLPMD_REPORT_QUEUE_DESCRIPTORS,
		.help = "receive descriptors per queue, D (auto: nb_rxd + B "
			"+ H)" },
	{ .name = "pool-size", .arg = "N|auto", .def = "auto", CFG(pool_size),
		.type = NBLPMD_OPT_AUTO, .min = 1, .max = 1u << 28,
		.report = NBLPMD_REPORT_POOL_SIZE,
		.help = "NBL pool count, and NB pool count with --net-buffer "
			"separate (auto: by the sizing rule)" },
	{ .name = "pool-cache", .arg = "N", .def = "32", CFG(pool_cache),
		.type = NBLPMD_OPT_UINT, .min = 0,
		.max = RTE_MEMPOOL_CACHE_MAX_SIZE,
		.help = "NBL pool per-lcore cache" },
	{ .name = "mbufs", .arg = "N|auto", .def = "auto", CFG(mbuf_count),
		.type = NBLPMD_OPT_AUTO, .min = 1, .max = 1u << 28,
		.report = NBLPMD_REPORT_MBUFS,
		.help = "mbuf pool count (auto: by the sizing rule)" },
	{ .name = "mbuf-cache", .arg = "N", .def = "64", CFG(mbuf_cache),
		.type = NBLPMD_OPT_UINT, .min = 0,
		.max = RTE_MEMPOOL_CACHE_MAX_SIZE,
		.help = "mbuf pool per-lcore cache" },
	{ .name = "net-buffer", .arg = "prealloc|separate", .def = "prealloc",
		CFG(prealloc_nb), .type = NBLPMD_OPT_CHOICE,
		.choices = opt_net_buffer_names, .noun = "an NB allocation",
		.help = "NB allocation: in the NBL (prealloc) or from an NB "
			"pool (separate)" },
	{ .name = "rx-copy", CFG(rx_copy), .type = NBLPMD_OPT_FLAG,
		.help = "copy packets into the NB data area and free the mbuf "
			"at fill" },
	{ .name = "low-watermark", .arg = "N|auto|0", .def = "auto",
		CFG(low_watermark), .type = NBLPMD_OPT_OTHER,
		.set = nblpmd_opt_set_low_watermark, .min = 0, .max = 1u << 24,
		.report = NBLPMD_REPORT_QUEUE_LOW_WATERMARK,
		.help = "indicate with RESOURCES below N free descriptors "
			"(auto: D/8; 0: never)" },
	{ .name = "consumer-lcore", .arg = "N", CFG(consumer_lcore),
		.type = NBLPMD_OPT_OTHER, .set = nblpmd_opt_set_lcore, .min = 0,
		.max = RTE_MAX_LCORE - 1,
		.report = NBLPMD_REPORT_QUEUE_CONSUMER_LCORE,
		.help = "run the consumer on lcore N (without it: on the RX "
			"lcore)" },
	{ .name = "hold-us", .arg = "SPEC", .def = "0", CFG(hold_dist),
		.type = NBLPMD_OPT_OTHER, .set = nblpmd_opt_set_hold_us,
		.report = NBLPMD_REPORT_HOLD_US,
		.help = "the consumer keeps each NBL this long, us: N, "
			"exp:MEAN, uniform:MIN-MAX or file:PATH (0: returned at "
			"once)" },
	{ .name = "hold-seed", .arg = "N", .def = "1", CFG(hold_seed),
		.type = NBLPMD_OPT_UINT, .min = 0, .max = UINT64_MAX,
		.scope = NBLPMD_SCOPE_HOLD,
		.help = "seed of the --hold-us hold times" },
	{ .name = "hold", .arg = "N|auto", .def = "auto", CFG(hold),
		.type = NBLPMD_OPT_OTHER, .set = nblpmd_opt_set_hold, .min = 0,
		.max = 1u << 24, .report = NBLPMD_REPORT_HOLD,
		.help = "H, NBLs the consumer may hold per queue (auto: from "
			"the model with --replay and --hold-us)" },
	{ .name = "fail-alloc-pct", .arg = "P", .def = "0",
		CFG(fail_alloc_pct), .type = NBLPMD_OPT_REAL, .dmin = 0,
		.dmax = 100,
		.help = "fail P percent of NBL pool allocations on purpose" },
	{ .name = "fail-seed", .arg = "N", .def = "1", CFG(fail_seed),
		.type = NBLPMD_OPT_UINT, .min = 0, .max = UINT64_MAX,
		.scope = NBLPMD_SCOPE_FAIL,
		.help = "seed of --fail-alloc-pct" },
	{ .name = "max-frame", .arg = "N",
		.def = RTE_STR(NBL_RXQ_DEFAULT_MAX_FRAME), CFG(max_frame),
		.type = NBLPMD_OPT_UINT, .min = 64, .max = 65535,
		.help = "largest frame accepted, bytes" },
	{ .name = "max-segs", .arg = "N|auto", .def = "auto", CFG(max_segs),
		.type = NBLPMD_OPT_AUTO, .min = 1, .max = RTE_MBUF_MAX_NB_SEGS,
		.report = NBLPMD_REPORT_MAX_SEGS,
		.help = "S, buffer descriptors per packet (auto: from "
			"--max-frame)" },
	{ .name = "stats-period", .arg = "S", .def = "0", CFG(stats_period),
		.type = NBLPMD_OPT_REAL, .dmin = 0, .dmax = 86400,
		.help = "show port statistics every S seconds (0: never)" },
	{ .name = "stats-json", .arg = "FILE", CFG(stats_json),
		.type = NBLPMD_OPT_PATH,
		.help = "write the final report as JSON" },
	{ .name = "timeline", .arg = "FILE", CFG(timeline),
		.type = NBLPMD_OPT_PATH,
		.help = "write each queue's occupancy every --timeline-us (CSV)" },
	{ .name = "timeline-us", .arg = "N", .def = "1000", CFG(timeline_us),
		.type = NBLPMD_OPT_UINT, .min = 10, .max = 60000000,
		.scope = NBLPMD_SCOPE_TIMELINE,
		.help = "timeline sampling period, microseconds" },
	{ .name = "plot", .arg = "FILE", CFG(plot), .type = NBLPMD_OPT_PATH,
		.set = nblpmd_opt_set_plot,
		.help = "draw the timeline with gnuplot: FILE.svg, else PNG "
			"(FILE.png, or a name without extension)" },
	{ .name = "duration", .arg = "S", .def = "0", CFG(duration),
		.type = NBLPMD_OPT_REAL, .dmin = 0, .dmax = 1e7,
		.help = "stop after S seconds (0: no limit)" },
	{ .name = "max-packets", .arg = "N", .def = "0", CFG(max_packets),
		.type = NBLPMD_OPT_UINT, .min = 0, .max = UINT64_MAX,
		.help = "stop once N packets were indicated (0: no limit)" },
	{ .name = "no-mbuf-check", CFG(check_mbufs), .type = NBLPMD_OPT_FLAG,
		.flags = NBLPMD_OPT_F_NEGATE,
		.help = "do not run rte_mbuf_check() on received mbufs" },
	{ .name = "track-nbls", .arg = "N", .def = "0", CFG(track_nbls),
		.type = NBLPMD_OPT_UINT, .min = 0, .max = NBL_TRACK_MAX_DEPTH,
		.help = "each NBL keeps its last N transitions, shown in the "
			"leak report and /nbl/pending (0: off)" },
	{ .name = "record-burst-stats", CFG(record_burst_stats),
		.type = NBLPMD_OPT_FLAG,
		.help = "count rx_burst and indication sizes per queue" },
	{ .name = "record-core-cycles", CFG(record_core_cycles),
		.type = NBLPMD_OPT_FLAG,
		.help = "count each RX and consumer lcore's TSC cycles, busy "
			"(a pass that moved packets) and idle, and the packets it "
			"moved: CPU cycles per packet (two TSC reads per pass)" },
	{ .name = "replay", .arg = "FILE", CFG(replay),
		.type = NBLPMD_OPT_OTHER, .set = nblpmd_opt_set_replay,
		.report = NBLPMD_REPORT_REPLAY_FILES,
		.flags = NBLPMD_OPT_F_REPEAT,
		.help = "replay a capture (repeatable: played in order)" },
	{ .name = "replay-port", .arg = "P", CFG(replay_port),
		.type = NBLPMD_OPT_OTHER, .set = nblpmd_opt_set_lcore, .min = 0,
		.max = RTE_MAX_ETHPORTS - 1, .scope = NBLPMD_SCOPE_REPLAY,
		.report = NBLPMD_REPORT_REPLAY_PORT,
		.help = "send the replay out of port P (without it: into the "
			"engine, through an internal ring port)" },
	{ .name = "multiplier", .arg = "X", .def = "1", CFG(pace_rate),
		.type = NBLPMD_OPT_PACE, .pace = CAP_PACE_MULTIPLIER,
		.scope = NBLPMD_SCOPE_REPLAY,
		.help = "replay at the recorded timing x X" },
	{ .name = "pps", .arg = "N", CFG(pace_rate), .type = NBLPMD_OPT_PACE,
		.pace = CAP_PACE_PPS, .scope = NBLPMD_SCOPE_REPLAY,
		.help = "replay at N packets per second" },
	{ .name = "mbps", .arg = "N", CFG(pace_rate), .type = NBLPMD_OPT_PACE,
		.pace = CAP_PACE_MBPS, .scope = NBLPMD_SCOPE_REPLAY,
		.help = "replay at N megabits per second" },
	{ .name = "topspeed", CFG(pace_rate), .type = NBLPMD_OPT_PACE,
		.pace = CAP_PACE_TOPSPEED, .scope = NBLPMD_SCOPE_REPLAY,
		.help = "replay as fast as possible" },
	{ .name = "loop", .arg = "N", .def = "1", CFG(loop),
		.type = NBLPMD_OPT_UINT, .min = 0, .max = UINT32_MAX,
		.scope = NBLPMD_SCOPE_REPLAY,
		.help = "replay N times (0: until stopped)" },
	{ .name = "preload", .arg = "BYTES", .def = "0", CFG(preload_bytes),
		.type = NBLPMD_OPT_UINT, .min = 0, .max = UINT64_MAX,
		.scope = NBLPMD_SCOPE_REPLAY,
		.help = "keep each replay file in memory, whole or not at all: "
			"the files whose records fit in BYTES (0: none)" },
	{ .name = "replay-full", .arg = "wait|drop", .def = "wait",
		CFG(replay_full), .type = NBLPMD_OPT_CHOICE,
		.choices = opt_replay_full_names, .noun = "a full-ring policy",
		.scope = NBLPMD_SCOPE_REPLAY,
		.help = "internal port's ring full at a packet's deadline: wait, "
			"or drop it and count it missed (as a NIC's)" },
	{ .name = "rss-key", .arg = "HEX", CFG(rss_key),
		.type = NBLPMD_OPT_OTHER, .set = nblpmd_opt_set_rss_key,
		.scope = NBLPMD_SCOPE_REPLAY, .report = NBLPMD_REPORT_RSS_KEY,
		.help = "queue = table[hash % 128], entry i = i % N: the "
			"internal port's RSS over --rxq queues, the Toeplitz hash "
			"with this key of 80 hex digits (without it: Microsoft's "
			"verification key)" },
	{ .name = "test-leak", .arg = "N", .def = "0", CFG(test_leak),
		.type = NBLPMD_OPT_UINT, .min = 0, .max = OPT_TEST_MAX,
		.flags = NBLPMD_OPT_F_HIDDEN,
		.help = "each queue's consumer keeps its first N NBLs and never "
			"returns them (leaked)" },
	{ .name = "test-double-return", .arg = "N", .def = "0",
		CFG(test_double_return), .type = NBLPMD_OPT_UINT, .min = 0,
		.max = OPT_TEST_MAX, .flags = NBLPMD_OPT_F_HIDDEN,
		.help = "each queue's consumer returns N NBLs a second time "
			"right after returning them" },
	{ .name = "test-foreign-return", .arg = "N", .def = "0",
		CFG(test_foreign_return), .type = NBLPMD_OPT_UINT, .min = 0,
		.max = OPT_TEST_MAX, .flags = NBLPMD_OPT_F_HIDDEN,
		.help = "each queue's consumer returns N NBLs of another pool "
			"(foreign returns)" },
	{ .name = "test-timing-limit-ns", .arg = "N", .def = "0",
		CFG(test_timing_limit_ns), .type = NBLPMD_OPT_UINT, .min = 0,
		.max = OPT_TEST_MAX, .flags = NBLPMD_OPT_F_HIDDEN,
		.help = "the limits of the end-of-run timing verdict (replay "
			"lateness, poll gaps, return lag) are N ns instead of "
			"100 us, so that a run cannot keep time on purpose (0: "
			"100 us)" },
};

#define NBLPMD_NB_OPTS RTE_DIM(nblpmd_opts)

/* ------------------------------------------------------------ scopes */

static const struct nblpmd_scope_words opt_scope_words[NBLPMD_SCOPE_MAX] = {
	[NBLPMD_SCOPE_REPLAY] = { "--replay", "there is nothing to replay",
		"add --replay FILE", "replay" },
	[NBLPMD_SCOPE_CAPTURE] = { "--fwd capture", "another consumer runs",
		"add --fwd capture", "fwd" },
	[NBLPMD_SCOPE_TIMELINE] = { "--timeline or --plot", "neither is given",
		"add --timeline FILE.csv or --plot FILE.png", "timeline" },
	[NBLPMD_SCOPE_HOLD] = { "--hold-us", "the consumer holds nothing",
		"add --hold-us SPEC", "hold-us" },
	[NBLPMD_SCOPE_FAIL] = { "--fail-alloc-pct", "no allocation fails on "
		"purpose", "add --fail-alloc-pct P", "fail-alloc-pct" },
};

bool
nblpmd_scope_met(const struct nblpmd_config *cfg, enum nblpmd_opt_scope scope)
{
	switch (scope) {
	case NBLPMD_SCOPE_REPLAY:
		return cfg->nb_replay > 0;
	case NBLPMD_SCOPE_CAPTURE:
		return cfg->fwd == NBLPMD_FWD_CAPTURE;
	case NBLPMD_SCOPE_TIMELINE:
		return cfg->timeline[0] != '\0' || cfg->plot[0] != '\0';
	case NBLPMD_SCOPE_HOLD:
		return nblpmd_hold_on(cfg);
	case NBLPMD_SCOPE_FAIL:
		return cfg->fail_alloc_pct > 0;
	default:
		return true;
	}
}

const struct nblpmd_scope_words *
nblpmd_scope_words(enum nblpmd_opt_scope scope)
{
	if (scope <= NBLPMD_SCOPE_ANY || scope >= NBLPMD_SCOPE_MAX)
		return NULL;
	return &opt_scope_words[scope];
}

/* ------------------------------------------------------------ access */

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

void
nblpmd_config_defaults(struct nblpmd_config *cfg)
{
	unsigned int i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < NBLPMD_NB_OPTS; i++) {
		const struct nblpmd_opt *o = &nblpmd_opts[i];

		if (o->def != NULL &&
				nblpmd_option_set(cfg, i, o->def, "default") != 0)
			fprintf(stderr, "nblpmd: --%s: the option table's default "
				"'%s' is refused by its own parser\n", o->name,
				o->def);
	}
	/* what no option value says: no flag is set by a default */
	cfg->check_mbufs = true;
	cfg->consumer_lcore = -1;
	cfg->replay_port = -1;
	memcpy(cfg->rss_key, cap_rss_default_key, sizeof(cfg->rss_key));
	cfg->rxq_set = false;
	cfg->hold_set = false;
	cfg->pace_set = false;
}

void
nblpmd_option_reset(struct nblpmd_config *cfg, unsigned int i)
{
	const struct nblpmd_opt *o = nblpmd_option_at(i);
	struct nblpmd_config *d;

	if (o == NULL)
		return;
	d = malloc(sizeof(*d));
	if (d == NULL)
		return;
	nblpmd_config_defaults(d);
	if (o->type == NBLPMD_OPT_PACE) {
		/* the pacing is one mode: back to the default one */
		if (cfg->pace == o->pace) {
			cfg->pace = d->pace;
			cfg->pace_rate = d->pace_rate;
		}
	} else if (o->set == nblpmd_opt_set_hold_us) {
		nbl_hold_free(&cfg->hold_dist);
	} else {
		memcpy((uint8_t *)cfg + o->offset, (uint8_t *)d + o->offset,
			o->size);
	}
	nbl_hold_free(&d->hold_dist);
	free(d);
}

/* ------------------------------------------------------------- help */

/* Print text from column col, wrapped at OPT_HELP_WIDTH, continuation
 * lines starting at OPT_HELP_COLUMN. */
static void
opt_help_wrapped(FILE *f, unsigned int col, const char *text)
{
	const char *p = text;

	while (*p != '\0') {
		size_t room = OPT_HELP_WIDTH - col;
		size_t len = strlen(p);
		size_t cut = len;

		if (len > room) {
			cut = room;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = strcspn(p, " ");
		}
		fprintf(f, "%.*s\n", (int)cut, p);
		p += cut;
		while (*p == ' ')
			p++;
		if (*p != '\0') {
			fprintf(f, "%*s", OPT_HELP_COLUMN, "");
			col = OPT_HELP_COLUMN;
		}
	}
}

static void
opt_help_line(FILE *f, const char *lhs, const char *help, const char *def)
{
	char text[512];
	int n;

	snprintf(text, sizeof(text), "%s%s%s%s", help,
		def != NULL ? " (default: " : "", def != NULL ? def : "",
		def != NULL ? ")" : "");
	if (strlen(lhs) > OPT_HELP_COLUMN - 3) {
		fprintf(f, "  %s\n%*s", lhs, OPT_HELP_COLUMN, "");
		n = OPT_HELP_COLUMN;
	} else {
		n = fprintf(f, "  %-28s ", lhs);
	}
	opt_help_wrapped(f, (unsigned int)n, text);
}

void
nblpmd_usage(const char *prog, FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [EAL options] -- [options]\n"
		"       %s            (no arguments: runs config/default.ini)\n\n"
		"A user-space packet engine that models how an NDIS miniport "
		"manages receive\nbuffers.\n\nOptions (each at most once, "
		"--replay excepted; one that cannot apply,\nsuch as --loop "
		"without --replay, is refused):\n", prog, prog);
	for (i = 0; i < NBLPMD_NB_OPTS; i++) {
		const struct nblpmd_opt *o = &nblpmd_opts[i];
		const char *def = o->def;
		char lhs[64];

		if ((o->flags & NBLPMD_OPT_F_HIDDEN) != 0)
			continue;
		/* a pacing option's default is the pacing's */
		if (o->type == NBLPMD_OPT_PACE && o->pace != CAP_PACE_MULTIPLIER)
			def = NULL;
		snprintf(lhs, sizeof(lhs), "--%s%s%s", o->name,
			o->arg != NULL ? " " : "", o->arg != NULL ? o->arg : "");
		opt_help_line(f, lhs, o->help, def);
	}
	opt_help_line(f, "--version", "print the version and exit", NULL);
	opt_help_line(f, "--help", "print this text and exit", NULL);
	fprintf(f, "\nExit codes: 0 success, 1 runtime failure or failed audit, "
		"2 usage or\nconfiguration error.\n");
}
