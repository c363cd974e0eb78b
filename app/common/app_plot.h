/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Pictures drawn by gnuplot (Debian gnuplot-nox): the picture format from
 * the file name, gnuplot looked up on PATH (so a missing plotter is found
 * at start), quoting for its scripts, a temporary script file, and the
 * run itself. Each program words its own messages.
 */

#ifndef APP_PLOT_H
#define APP_PLOT_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#define APP_PLOT_PROGRAM "gnuplot"

enum app_plot_format { APP_PLOT_PNG, APP_PLOT_SVG, APP_PLOT_NONE };

/** .png or .svg (any case) at the end of path, else APP_PLOT_NONE. */
enum app_plot_format app_plot_format(const char *path);

/**
 * Find gnuplot: the first executable APP_PLOT_PROGRAM in the directories
 * of PATH (/usr/bin:/bin when PATH is not set), its path in out.
 * @return 0, -ENOENT when there is none.
 */
int app_plot_find(char *out, size_t len);

/** Write s as a gnuplot single-quoted string (a quote is written twice). */
void app_plot_quote(FILE *f, const char *s);

/**
 * Create a temporary file in $TMPDIR (or /tmp) named STEM_XXXXXX then
 * suffix, open for writing; its name in path.
 * @return the stream, or NULL with errno set (path[0] is then '\0').
 */
FILE *app_plot_tmpfile(const char *stem, const char *suffix, char *path,
		size_t len);

/** How often a bounded gnuplot run looks at the clock and the signals. */
#define APP_PLOT_POLL_MS 20

/** A bound on one gnuplot run. */
struct app_plot_limit {
	double seconds;       /**< longest run; 0 or less: do not start */
	/** a count of signals received: a change while gnuplot runs stops
	 *  it (NULL: none) */
	const volatile sig_atomic_t *signals;
};

/**
 * Run gnuplot (found on PATH) on script and wait for it, in a process
 * group of its own. With log, its stdout and stderr go to that file;
 * without, they are the program's. With limit, gnuplot and whatever it
 * started are killed when the time is over or a signal came.
 * @return 0 when it exits 0; -ECHILD when it exits otherwise; -ETIMEDOUT
 * when the time was over (or none was left); -EINTR when a signal came;
 * -errno when it cannot be started.
 */
int app_plot_run(const char *script, const char *log,
		const struct app_plot_limit *limit);

/**
 * Kill the gnuplot app_plot_run() waits for, if any (async-signal-safe:
 * for a handler that is about to end the process).
 */
void app_plot_kill(void);

#endif /* APP_PLOT_H */
