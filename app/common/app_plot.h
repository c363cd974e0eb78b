/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Pictures drawn by gnuplot (Debian gnuplot-nox): the picture format from
 * the file name, gnuplot looked up on PATH (so a missing plotter is found
 * at start), quoting for its scripts, a temporary script file, and the
 * run itself. Each program words its own messages.
 */

#ifndef APP_PLOT_H
#define APP_PLOT_H

#include <stddef.h>
#include <stdio.h>

#define APP_PLOT_PROGRAM "gnuplot"

enum app_plot_format { APP_PLOT_PNG, APP_PLOT_SVG, APP_PLOT_NONE };

/** The picture format a name asks for (app_opt_out_format()): .svg,
 * .png or no extension (PNG); APP_PLOT_NONE for another extension. */
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

/**
 * Run gnuplot (found on PATH) on script and wait for it. With log, its
 * stdout and stderr go to that file; without, they are the program's.
 * @return 0 when it exits 0; -ECHILD when it exits otherwise; -errno when
 * it cannot be started.
 */
int app_plot_run(const char *script, const char *log);

#endif /* APP_PLOT_H */
