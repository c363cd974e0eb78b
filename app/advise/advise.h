/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_ADVISE_H
#define NBL_ADVISE_H

/**
 * @file
 * nblpmd-advise: how many receive descriptors a traffic needs.
 *
 * advise.c runs the job (read the captures, split them over the RX queues
 * by RSS with --rxq, sweep D per queue in lib/model, advise the largest,
 * print);
 * advise_args.c parses the options; advise_print.c writes the sweep table,
 * the sizing advice with NDIS names, the nblpmd command line and the JSON
 * file; advise_plot.c draws missed and RESOURCES against D with gnuplot;
 * advise_verify.c runs nblpmd at the advice and at 0.9 x D.
 *
 * Exit codes: 0 advice given (and, with --verify, confirmed); 1 no D meets
 * the targets, a run failed, or nblpmd measured misses or RESOURCES above
 * the targets at the advised D; 2 a bad option or capture.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "app_out.h"
#include "cap.h"
#include "cap_arrivals.h"
#include "nbl_advice.h"
#include "nbl_hold.h"
#include "nbl_model.h"
#include "nbl_rxq.h"

#define ADVISE_EXIT_OK 0
#define ADVISE_EXIT_RUNTIME 1
#define ADVISE_EXIT_USAGE 2

#define ADVISE_MAX_CAPTURES 16     /* as nblpmd's --replay */
#define ADVISE_MAX_LOOPS 100000    /* --loop */
#define ADVISE_MAX_QUEUES 8        /* as nblpmd's --rxq */
#define ADVISE_LCORES_DEFAULT 2    /* main and RX lcore, nblpmd -l 0-1 */
#define ADVISE_EAL_DEFAULT "--no-huge -m 1024 --no-pci --no-shconf -l 0-1"

/** Everything the options set. */
struct advise_opts {
	const char *captures[ADVISE_MAX_CAPTURES];
	unsigned int nb_captures;
	uint32_t loop;               /**< passes over the captures, as --loop */
	enum cap_pace_mode pace;
	double rate;
	bool pace_set;
	const char *hold_spec;       /**< as given; "0" when none */
	struct nbl_hold_dist hold;
	uint64_t hold_seed;          /**< the first seed of the sweep */
	uint32_t seeds;              /**< --seeds K */
	/** the host's timing: --poll-gap-us and --return-lag-us, or what
	 *  --host's report measured (NBL_HOLD_NONE: none) */
	struct nbl_hold_dist poll_gap;
	struct nbl_hold_dist return_lag;
	struct nbl_hold_dist late;   /**< how late packets reach the ring */
	const char *poll_gap_spec;   /**< as given, NULL: none or --host */
	const char *return_lag_spec;
	const char *late_spec;
	const char *host;            /**< --host REPORT.json, or NULL */
	struct advise_host_info {
		uint64_t poll_gaps;      /**< gaps in the report */
		uint64_t lags;           /**< return lags in the report */
		uint64_t lates;          /**< replay latenesses in the report */
		double gap_p99_us, gap_max_us;
		double lag_p99_us, lag_max_us;
		double late_p99_us, late_max_us;
		double unpolled_share;   /**< the report's timing.unpolled_share */
		bool kept_time;          /**< the report's run kept time */
		char reasons[512];       /**< else why not */
	} host_info;
	uint32_t rxd;                /**< 0: auto (advised) */
	uint32_t txd;                /**< --txd, as nblpmd's */
	uint32_t burst;
	enum nbl_model_wm wm;
	uint32_t wm_fixed;
	uint32_t pool_cache;
	uint32_t mbuf_cache;
	uint32_t lcores;
	uint32_t max_frame;
	uint32_t max_segs;           /**< 0: from max_frame, as nblpmd */
	double loss_target;
	double resources_target;
	uint32_t d_max;              /**< 0: the model's largest */
	const char *json;
	const char *plot;
	struct app_out out_json;     /**< --json, by app_out's rule */
	struct app_out out_plot;     /**< --plot, by app_out's rule */
	bool verify;
	uint32_t verify_runs;        /**< --verify-runs N: runs at D and at 0.9 D */
	const char *nblpmd;          /**< --nblpmd PATH, or NULL: found */
	const char *eal;             /**< EAL options for --verify */
	uint32_t rxq;                /**< RX queues, spread by RSS (1) */
	uint8_t rss_key[CAP_RSS_KEY_LEN]; /**< --rss-key, or the default */
	bool rss_key_set;
};

/** nblpmd's own limits of a run that keeps time (its timing verdict):
 *  a run over them is still judged when the model took the host's
 *  timing and the run's was no worse than twice it (advise_verify.c). */
#define NBLPMD_ADVISE_LATE_US 100.0
#define NBLPMD_ADVISE_UNPOLLED_SHARE 0.01

/** Most --verify-runs. */
#define ADVISE_VERIFY_RUNS_MAX 16

/** One nblpmd run of --verify, beside the model's figures. */
struct advise_check {
	uint32_t descriptors;
	uint64_t seed;               /**< --hold-seed of the run */
	bool at_advice;              /**< D, else 0.9 x D */
	struct nbl_model_result predicted;
	uint64_t missed;             /**< replay.missed */
	uint64_t resources_nbls;
	uint64_t resources_indications;
	uint64_t indicated;
	uint64_t held_max;           /**< the hold consumer's most held */
	bool ran;
	/** the run's own verdict on its timing (its report's "timing") */
	bool kept_time;
	double late_p99_us;          /**< the replay's p99 lateness */
	double unpolled_share;
	double lag_p99_us;
	uint64_t missed_unpolled;
	char reasons[512];
};

/** One RX queue (--rxq): its advice over the seeds, the model at the
 *  advised D. */
struct advise_queue {
	/** its seeds, its ring, its first seed's sweep; its own D */
	struct nbl_advice advice;
	struct nbl_model_result at_advice; /**< the model at the advised D,
	                                    *   first seed */
	bool meets_at_advice;
};

/** What the run found, for the printers. */
struct advise_result {
	struct nbl_arrivals arr;
	struct cap_rss rss;          /**< --rxq and --rss-key */
	struct advise_queue queue[ADVISE_MAX_QUEUES];
	unsigned int nb_queues;
	/** the queue that needs the largest D (the advice is its D) */
	unsigned int advice_queue;
	uint32_t descriptors;        /**< the advice: every queue's D; 0 none */
	uint32_t rxd;                /**< the ring of every queue */
	uint32_t rxd_needed;         /**< what the poll gaps need, the largest
	                              *   queue's; 0: no ring up to the max */
	struct nbl_sizing sizing;    /**< at the advice; valid when advice */
	uint32_t segs;               /**< S used */
	uint32_t hold_allowance;     /**< H = D - nb_rxd - B */
	struct advise_check check[2 * ADVISE_VERIFY_RUNS_MAX];
	unsigned int nb_checks;
	double model_s;              /**< time the sweeps took */
	double model_cpu_s;          /**< CPU time they took */
};

/** The advice D (0: none). */
static inline uint32_t
advise_d(const struct advise_result *res)
{
	return res->descriptors;
}

/** The advice of the queue behind it (the largest D). */
static inline const struct nbl_advice *
advise_main(const struct advise_result *res)
{
	return &res->queue[res->advice_queue].advice;
}

/* advise.c */

/** The model parameters of queue q as the options give them, for a seed
 *  and D (the ring: the advice's, or the given one). */
void advise_model_params(const struct advise_opts *o,
		const struct advise_result *res, unsigned int q, uint64_t seed,
		uint32_t d, struct nbl_model_params *p);

/**
 * The model at descriptors d and a seed over every queue, as nblpmd's
 * report sums them: counts added, held_max the largest. 0 or -errno.
 */
int advise_model_all(const struct advise_opts *o,
		const struct advise_result *res, uint64_t seed, uint32_t d,
		struct nbl_model_result *r);

/* advise_args.c */

/**
 * Parse the options. Returns 0; 1 after --help; -EINVAL after a message
 * on stderr naming the option (exit 2).
 */
int advise_args_parse(struct advise_opts *o, int argc, char **argv);

/**
 * Before any work: refuse --json or --plot naming an input (--capture,
 * --host, a file: specification of --hold-us, --poll-gap-us or
 * --return-lag-us) or each other, decide how each is written
 * (app_out.h; --json - gives standard output to the JSON and the text to
 * standard error), and check that each can be written. -errno after a
 * message (exit 2).
 */
int advise_outputs_prepare(struct advise_opts *o);

/** The low watermark as an nblpmd option value: auto, 0 or N. */
const char *advise_wm_option(const struct advise_opts *o, char *buf,
		size_t len);

/* advise_print.c */

void advise_print_inputs(const struct advise_opts *o,
		const struct advise_result *res, FILE *f);
void advise_print_sweep(const struct advise_result *res, FILE *f);
void advise_print_sizing(const struct advise_opts *o,
		const struct advise_result *res, FILE *f);

/**
 * The nblpmd command line that replays with descriptors d, ring rxd and
 * hold seed seed, as argv
 * strings appended to argv[*argc] (at most max): the EAL options of
 * --eal, then "--", then the application options. Strings are static or
 * belong to o, except the numbers, written into num (at least 16 x 32).
 */
int advise_command(const struct advise_opts *o, uint32_t d, uint32_t rxd,
		uint64_t seed, const char *prefix, const char *stats_json,
		char **argv, int *argc, int max, char num[][32]);

/** Print argv as one shell command line, quoting where needed. */
void advise_print_words(char **argv, int argc, FILE *f);

/** Print the command line that replays with the advice. */
void advise_print_command(const struct advise_opts *o,
		const struct advise_result *res, FILE *f);

/** Write the JSON file (--json). 0, or -errno after a message. */
int advise_json_write(struct advise_opts *o,
		const struct advise_result *res);

/* advise_host.c */

/**
 * --host REPORT.json: the poll gaps and return lags an nblpmd run
 * measured (its JSON report's rx_queues[].poll_gap_us and return_lag_us
 * buckets, every queue's together) as o->poll_gap and o->return_lag,
 * unless --poll-gap-us or --return-lag-us gave one. 0, or -errno after a
 * message naming --host (exit 2).
 */
int advise_host_load(struct advise_opts *o);

/** Print the host's timing the model uses. */
void advise_host_print(const struct advise_opts *o, FILE *f);

/* advise_plot.c */

/** Find gnuplot on PATH for --plot; -ENOENT after a message (exit 2). */
int advise_plot_check(const struct advise_opts *o);

/** Draw missed and RESOURCES NBLs against D. 0, or -errno after a message. */
int advise_plot(struct advise_opts *o, const struct advise_result *res);

/* advise_verify.c */

/** "meets", "does not meet", or "host too slow to judge": a run's verdict. */
const char *advise_check_verdict(const struct advise_opts *o,
		const struct advise_result *res, const struct advise_check *c);

/** Does the run judge the advice (ran, and not "host too slow to judge")? */
bool advise_check_judged(const struct advise_opts *o,
		const struct advise_result *res, const struct advise_check *c);

/** Find nblpmd for --verify; -ENOENT after a message (exit 2). */
int advise_verify_find(struct advise_opts *o, const char *argv0);

/**
 * Run nblpmd --verify-runs times at the advice and as many at 0.9 x D,
 * each with a hold seed the sweep did not use, fill res->check[] and print
 * them beside the model's figures. A run whose report says it could not
 * keep time is "host too slow to judge", not counted against the model.
 * 0; 1 when a judged run at the advice measured more misses or RESOURCES
 * than the targets; -errno after a message when a run fails.
 */
int advise_verify(const struct advise_opts *o, struct advise_result *res,
		FILE *f);

#endif /* NBL_ADVISE_H */
