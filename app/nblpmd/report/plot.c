/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * --plot FILE.png|FILE.svg: the timeline drawn by gnuplot (Debian
 * gnuplot-nox). The app writes a small script next to the data and runs
 * gnuplot on it once the run is over; gnuplot's messages are kept and
 * shown only when it fails. A missing gnuplot or an unusable file name is
 * a configuration error found at start (nblpmd_plot_check), not at the
 * end of a long run.
 *
 * One panel per queue: outstanding and free descriptors over time, D and
 * the low watermark as lines, and on a second axis the missed packets and
 * the RESOURCES indications of each sample as impulses.
 */

#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_cycles.h>

#include "app_plot.h"
#include "nblpmd_app.h"

/* Panels in one picture at most (the first queues). */
#define PLOT_MAX_PANELS 16
#define PLOT_WIDTH 1500
#define PLOT_PANEL_HEIGHT 380

int
nblpmd_plot_check(const char *path)
{
	char prog[NBLPMD_PATH_MAX];
	char dir[NBLPMD_PATH_MAX];

	if (app_plot_format(path) == APP_PLOT_NONE) {
		fprintf(stderr, "nblpmd: --plot %s: unknown picture format; give "
			"a file name ending in .png or .svg\n", path);
		return -EINVAL;
	}
	if (strchr(path, '\n') != NULL) {
		fprintf(stderr, "nblpmd: --plot: a file name with a newline "
			"cannot be given to gnuplot\n");
		return -EINVAL;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	if (access(dirname(dir), W_OK) != 0) {
		fprintf(stderr, "nblpmd: --plot %s: cannot write in %s: %s; "
			"give a path in a writable directory\n", path, dir,
			strerror(errno));
		return -EINVAL;
	}
	if (app_plot_find(prog, sizeof(prog)) != 0) {
		fprintf(stderr, "nblpmd: --plot %s: %s not found on PATH; "
			"install it (Debian: gnuplot-nox, see "
			"scripts/install-deps.sh) or drop --plot\n", path,
			APP_PLOT_PROGRAM);
		return -EINVAL;
	}
	return 0;
}

/* One panel: queue i of n in the data file. */
static void
plot_panel(FILE *f, const struct nblpmd_app *app, unsigned int i,
		unsigned int n, const char *csv, double xdiv)
{
	const struct nblpmd_queue *q = &app->queues[i];
	char every[48];

	snprintf(every, sizeof(every), "skip 1 every %u::%u", n, i);
	fprintf(f, "set title \"port %u queue %u: D = %u receive descriptors, "
		"low watermark %u%s\"\n", q->port_id, q->queue_id,
		q->descriptors, q->low_watermark, q->low_watermark == 0 ?
		" (never RESOURCES)" : "");
	fprintf(f, "set yrange [0:%g]\n", q->descriptors * 1.08 + 1);
	fprintf(f, "plot ");
	app_plot_quote(f, csv);
	fprintf(f, " %s using ($1/%g):4 with lines lw 2 lc rgb '#1f77b4' "
		"title 'outstanding (consumer has)', \\\n", every,
		xdiv);
	fprintf(f, "  '' %s using ($1/%g):5 with lines lw 1 lc rgb '#2ca02c' "
		"title 'free (free list)', \\\n", every, xdiv);
	fprintf(f, "  %u with lines dt 2 lw 1 lc rgb 'black' "
		"title 'D (receive descriptors)', \\\n", q->descriptors);
	if (q->low_watermark != 0)
		fprintf(f, "  %u with lines dt 3 lw 1 lc rgb '#d62728' "
			"title 'low watermark', \\\n",
			q->low_watermark);
	fprintf(f, "  '' %s using ($1/%g):8 axes x1y2 with impulses lw 2 "
		"lc rgb '#d62728' title 'missed packets (right axis)', \\\n", every, xdiv);
	fprintf(f, "  '' %s using ($1/%g):9 axes x1y2 with impulses lw 1 "
		"lc rgb '#ff7f0e' title 'RESOURCES indications (right "
		"axis)'\n", every, xdiv);
}

static int
plot_script(FILE *f, const struct nblpmd_app *app, const char *csv,
		const char *out)
{
	unsigned int n = app->nb_queues;
	unsigned int panels = RTE_MIN(n, (unsigned int)PLOT_MAX_PANELS);
	double elapsed = 0;
	double xdiv = 1000.0;
	const char *xunit = "ms";
	unsigned int i;

	if (app->end_tsc > app->start_tsc)
		elapsed = (double)(app->end_tsc - app->start_tsc) /
			(double)rte_get_tsc_hz();
	if (elapsed > 10.0) {
		xdiv = 1e6;
		xunit = "s";
	}
	if (app_plot_format(out) == APP_PLOT_PNG)
		fprintf(f, "set terminal pngcairo size %u,%u font 'sans,10'\n",
			PLOT_WIDTH, PLOT_PANEL_HEIGHT * panels);
	else
		fprintf(f, "set terminal svg size %u,%u font 'sans,10'\n",
			PLOT_WIDTH, PLOT_PANEL_HEIGHT * panels);
	fprintf(f, "set output ");
	app_plot_quote(f, out);
	fprintf(f, "\nset datafile separator ','\n"
		"set xlabel 'time since start (%s)'\n"
		"set ylabel 'receive descriptors (NBLs)'\n"
		"set y2label 'per sample of %u us (packets, indications)'\n"
		"set ytics nomirror\nset y2tics\nset y2range [0:*]\n"
		"set grid xtics ytics\n"
		"set autoscale xfix\n"
		"set key outside right top vertical box\n"
		"set multiplot layout %u,1 title 'nblpmd: receive "
		"descriptors over time%s'\n", xunit, app->cfg.timeline_us,
		panels, n > panels ? " (the first 16 queues)" : "");
	for (i = 0; i < panels; i++)
		plot_panel(f, app, i, n, csv, xdiv);
	fprintf(f, "unset multiplot\nset output\n");
	return ferror(f) ? -EIO : 0;
}

/* Show what gnuplot said. */
static void
plot_show(const char *errpath)
{
	char line[512];
	FILE *f = fopen(errpath, "r");
	unsigned int n = 0;

	if (f == NULL)
		return;
	while (n++ < 20 && fgets(line, sizeof(line), f) != NULL)
		fprintf(stderr, "  gnuplot: %s", line);
	fclose(f);
}

int
nblpmd_plot_write(const struct nblpmd_app *app, const char *csv,
		const char *out)
{
	char script[NBLPMD_PATH_MAX], errpath[NBLPMD_PATH_MAX + 8];
	struct stat st;
	FILE *f;
	int ret;

	f = app_plot_tmpfile("nblpmd_plot", ".gp", script, sizeof(script));
	if (f == NULL) {
		fprintf(stderr, "nblpmd: --plot %s: cannot write the gnuplot "
			"script in $TMPDIR or /tmp: %s\n", out,
			strerror(errno));
		return -EIO;
	}
	ret = plot_script(f, app, csv, out);
	if (fclose(f) != 0)
		ret = -EIO;
	snprintf(errpath, sizeof(errpath), "%s.log", script);
	if (ret == 0)
		ret = app_plot_run(script, errpath);
	if (ret == 0 && (stat(out, &st) != 0 || st.st_size == 0))
		ret = -ENODATA;
	if (ret != 0) {
		fprintf(stderr, "nblpmd: --plot %s: gnuplot failed (%s); the "
			"timeline is in %s\n", out, ret == -ECHILD ?
			"exit status not 0" : strerror(-ret), csv);
		plot_show(errpath);
	}
	unlink(script);
	unlink(errpath);
	return ret;
}
