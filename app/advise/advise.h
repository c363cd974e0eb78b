/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_ADVISE_H
#define NBL_ADVISE_H

/**
 * @file
 * nblpmd-advise: how many receive descriptors a traffic needs.
 *
 * advise.c runs the job (read the captures, sweep D in lib/model, print);
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

#include "advise_core.h"
#include "app_out.h"
#include "cap.h"
#include "nbl_hold.h"
#include "nbl_model.h"
#include "nbl_rxq.h"

#define ADVISE_EXIT_OK 0
#define ADVISE_EXIT_RUNTIME 1
#define ADVISE_EXIT_USAGE 2

#define ADVISE_MAX_CAPTURES 16     /* as nblpmd's --replay */
#define ADVISE_LCORES_DEFAULT 2    /* main and RX lcore, nblpmd -l 0-1 */
#define ADVISE_EAL_DEFAULT "--no-huge -m 1024 --no-pci --no-shconf -l 0-1"

/** Everything the options set. */
struct advise_opts {
	const char *captures[ADVISE_MAX_CAPTURES];
	unsigned int nb_captures;
	enum cap_pace_mode pace;
	double rate;
	bool pace_set;
	const char *hold_spec;       /**< as given; "0" when none */
	struct nbl_hold_dist hold;
	uint64_t hold_seed;
	uint32_t rxd;
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
	double poll_us;              /**< model poll interval; 0 continuous */
	uint32_t d_max;              /**< 0: the model's largest */
	const char *json;
	const char *plot;
	struct app_out out_json;     /**< --json, by app_out's rule */
	struct app_out out_plot;     /**< --plot, by app_out's rule */
	bool verify;
	const char *nblpmd;          /**< --nblpmd PATH, or NULL: found */
	const char *eal;             /**< EAL options for --verify */
};

/** One nblpmd run of --verify, beside the model's figures. */
struct advise_check {
	uint32_t descriptors;
	struct nbl_model_result predicted;
	uint64_t missed;             /**< replay.missed */
	uint64_t resources_nbls;
	uint64_t resources_indications;
	uint64_t indicated;
	uint64_t held_max;           /**< the hold consumer's most held */
	bool ran;
};

/** What the run found, for the printers. */
struct advise_result {
	struct nbl_arrivals arr;
	struct nbl_model_sweep sweep;
	struct nbl_sizing sizing;    /**< at the advice; valid when advice */
	uint32_t segs;               /**< S used */
	uint32_t hold_allowance;     /**< H = D - nb_rxd - B */
	struct advise_check check[2]; /**< D and 0.9 x D */
	unsigned int nb_checks;
	double model_s;              /**< time the sweep took */
	double model_cpu_s;          /**< CPU time it took */
};

/* advise_args.c */

/**
 * Parse the options. Returns 0; 1 after --help; -EINVAL after a message
 * on stderr naming the option (exit 2).
 */
int advise_args_parse(struct advise_opts *o, int argc, char **argv);

/**
 * Before any work: refuse --json or --plot naming an input (--capture, a
 * file: hold specification) or each other, decide how each is written
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
 * The nblpmd command line that replays with descriptors d, as argv
 * strings appended to argv[*argc] (at most max): the EAL options of
 * --eal, then "--", then the application options. Strings are static or
 * belong to o, except the numbers, written into num (at least 16 x 32).
 */
int advise_command(const struct advise_opts *o, uint32_t d,
		const char *prefix, const char *stats_json, char **argv,
		int *argc, int max, char num[][32]);

/** Print argv as one shell command line, quoting where needed. */
void advise_print_words(char **argv, int argc, FILE *f);

/** Print the command line that replays with the advice. */
void advise_print_command(const struct advise_opts *o,
		const struct advise_result *res, FILE *f);

/** Write the JSON file (--json). 0, or -errno after a message. */
int advise_json_write(struct advise_opts *o,
		const struct advise_result *res);

/* advise_plot.c */

/** Find gnuplot on PATH for --plot; -ENOENT after a message (exit 2). */
int advise_plot_check(const struct advise_opts *o);

/** Draw missed and RESOURCES NBLs against D. 0, or -errno after a message. */
int advise_plot(struct advise_opts *o, const struct advise_result *res);

/* advise_verify.c */

/** Find nblpmd for --verify; -ENOENT after a message (exit 2). */
int advise_verify_find(struct advise_opts *o, const char *argv0);

/**
 * Run nblpmd at the advice and at 0.9 x D, fill res->check[] and print
 * them beside the model's figures. 0; 1 when nblpmd measured more misses
 * or RESOURCES than the targets at the advice; -errno after a message
 * when a run fails.
 */
int advise_verify(const struct advise_opts *o, struct advise_result *res,
		FILE *f);

#endif /* NBL_ADVISE_H */
