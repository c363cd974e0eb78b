/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_REPORT_H
#define NBLPMD_REPORT_H

/**
 * @file
 * What a person sees of a run: the sizing table, the periodic display,
 * the final text report with the leak report and the timing verdict, the
 * JSON report (--stats-json), telemetry (/nblpmd/...), and the timeline
 * (--timeline) with its gnuplot picture (--plot). They read the counters
 * through stats/ (one snapshot, one set of tables) and the replay's
 * figures through replay/; report_pvt.h is what the JSON report's files
 * share.
 *
 * Threading: main lcore, but for the telemetry callbacks (their own
 * thread) and nblpmd_leaks_collect (main lcore, at teardown).
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "app_plot.h"
#include "nblpmd_app.h"

/* --------------------------------------------------- sizing_print.c */

/** Print the sizing table (run/sizing.c computes it). */
void nblpmd_sizing_print(const struct nbl_sizing *sz, FILE *f);
/** A line's verdict as the table prints it: "ok" or "TOO LOW". */
const char *nblpmd_sizing_verdict(const struct nbl_sizing_line *l);

/* -------------------------------------------------- stats_display.c */

/** --stats-period: the counters of cur, and the rates since prev. */
void nblpmd_stats_display(struct nblpmd_app *app,
		const struct nblpmd_snapshot *cur,
		const struct nblpmd_snapshot *prev);

/* --------------------------------------------------------- report.c */

/** The final report, from app->final. */
void nblpmd_report_print(struct nblpmd_app *app, FILE *f);

/* ---------------------------------------------------------- leaks.c */

/* the leak report */
/**
 * At teardown, after the queue stopped and before it is freed: add its
 * refused returns and the NBLs still out to the leak report, with their
 * history when the pool keeps one.
 */
void nblpmd_leaks_collect(struct nblpmd_app *app, struct nblpmd_queue *q);
/** Name of a leak report line's kind: leaked, double_return, ... */
const char *nblpmd_leak_kind_name(enum nblpmd_leak_kind k);
/** Seconds into the run of a TSC (negative before the run started). */
double nblpmd_run_seconds(const struct nblpmd_app *app, uint64_t tsc);
/** Print the leak report (when the audit is not clean). */
void nblpmd_leaks_print(const struct nblpmd_app *app, FILE *f);
/** Free the leak report and the queues' burst sizes. */
void nblpmd_forensics_release(struct nblpmd_app *app);

/* --------------------------------------------------------- timing.c */

/** After teardown: judge the run's timing. */
void nblpmd_timing_judge(const struct nblpmd_app *app,
		struct nblpmd_timing *t);
/** The final report's timing line, and the warning on stderr when the
 *  run did not keep time. */
void nblpmd_timing_print(const struct nblpmd_app *app,
		const struct nblpmd_timing *t, FILE *f);

/* ---------------------------------------------------- report_json.c */

/**
 * Before EAL starts: keep the EAL arguments the report lists (the file
 * itself is checked by nblpmd_outputs_prepare).
 *
 * @return
 *   0; -ENOMEM.
 */
int nblpmd_report_json_prepare(struct nblpmd_app *app, int eal_argc,
		char **eal_argv);
/**
 * Write the JSON report to --stats-json by app_out's rule (a file: to a
 * temporary file beside it renamed over it, so the file is either as it
 * was or complete). Nothing to do without --stats-json.
 *
 * @return
 *   0; -errno with a message on stderr naming the file.
 */
int nblpmd_report_json_write(struct nblpmd_app *app);
/** Free what prepare kept. */
void nblpmd_report_json_release(struct nblpmd_app *app);

/* ----------------------------------------------- report_telemetry.c */

/** Register /nblpmd/ports and /nblpmd/consumers (walks the app's tables). */
void nblpmd_telemetry_register(struct nblpmd_app *app);
/** First thing at the end of a run, before the teardown frees what they
 *  read: /nblpmd/ports and /nblpmd/consumers answer "the run has ended"
 *  from now on (waits for a reader under way). */
void nblpmd_telemetry_close(void);

/* ------------------------------------------------------- timeline.c */

/** At start: create the CSV (by app_out's rule), or a temporary one for
 * --plot alone. 0, -EINTR (a signal while a FIFO waits for its reader),
 * or -errno with a message. */
int nblpmd_timeline_open(struct nblpmd_app *app);
/** Main lcore, every loop: one row per queue when a period is due. */
void nblpmd_timeline_tick(struct nblpmd_app *app, uint64_t now);
/** Longest sleep of an idle main lcore that keeps the period. */
uint32_t nblpmd_timeline_sleep_us(const struct nblpmd_app *app);
/**
 * Main lcore, once every lcore has left its loop and before any consumer
 * gives back what it holds: the last row, the run as it ended.
 */
void nblpmd_timeline_stop_row(struct nblpmd_app *app, uint64_t now);
/**
 * After the run (ran) or a failed setup: close the CSV; a file is kept
 * (renamed over --timeline) only when the run ran. Says "Timeline: ...".
 * 0 or -errno (a message was printed).
 */
int nblpmd_timeline_close(struct nblpmd_app *app, bool ran);
/**
 * Last of all, after the reports: close the CSV if still open, draw
 * --plot within limit, remove a temporary timeline, free.
 * 0 or -errno (a message was printed).
 */
int nblpmd_timeline_finish(struct nblpmd_app *app, bool ran,
		const struct app_plot_limit *limit);

/* ----------------------------------------------------------- plot.c */

/**
 * Draw the timeline csv (temp: a temporary one) of rows samples per
 * queue into --plot with gnuplot within limit, reduced to a few thousand
 * points per queue.
 * 0 or -errno after a message (-ETIMEDOUT, -EINTR: skipped).
 */
int nblpmd_plot_write(struct nblpmd_app *app, const char *csv, bool temp,
		uint64_t rows, const struct app_plot_limit *limit);

#endif /* NBLPMD_REPORT_H */
