/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * --plot: missed packets and RESOURCES NBLs against D, one point per D
 * tried, the advice as a vertical line, the most NBLs held on the right
 * axis. The data and a small script go to temporary files, gnuplot
 * (Debian gnuplot-nox: pngcairo and svg terminals) draws them, and its
 * exit status decides. gnuplot is looked up on PATH when the options are
 * read, so a missing plotter stops the program before any work.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "advise.h"
#include "app_plot.h"

/* Longest gnuplot may take on the sweep (a few hundred points). */
#define ADVISE_PLOT_LIMIT_S 60

int
advise_plot_check(const struct advise_opts *o)
{
	char gnuplot[1024];

	if (o->plot == NULL || app_plot_find(gnuplot, sizeof(gnuplot)) == 0)
		return 0;
	fprintf(stderr, "nblpmd-advise: --plot %s: gnuplot is not on PATH; "
		"install it (Debian: apt-get install gnuplot-nox) or leave out "
		"--plot\n", o->plot);
	return -ENOENT;
}

static int
plot_write_data(const struct advise_result *res, char *path, size_t len)
{
	const struct nbl_model_sweep *s = &advise_main(res)->sweep;
	FILE *f;
	size_t i;

	f = app_plot_tmpfile("nblpmd-advise", "", path, len);
	if (f == NULL)
		return -errno;
	fprintf(f, "# D missed resources_nbls held_max held_p999\n");
	for (i = 0; i < s->nb_rows; i++) {
		const struct nbl_model_sweep_row *row = &s->rows[i];

		fprintf(f, "%u %" PRIu64 " %" PRIu64 " %u %u\n",
			row->descriptors, row->r.missed, row->r.resources_nbls,
			row->r.held_max, row->r.held_p999);
	}
	return fclose(f) == 0 ? 0 : -EIO;
}

static int
plot_write_script(const struct advise_opts *o,
		const struct advise_result *res, const char *data,
		const char *out, char *path, size_t len)
{
	char title[512];
	FILE *f;

	f = app_plot_tmpfile("nblpmd-advise", "", path, len);
	if (f == NULL)
		return -errno;
	if (app_plot_format(o->plot) == APP_PLOT_SVG)
		fprintf(f, "set terminal svg size 960,560 font 'sans,11' "
			"background '#ffffff'\n");
	else
		fprintf(f, "set terminal pngcairo size 960,560 font 'sans,10'\n");
	fprintf(f, "set output ");
	app_plot_quote(f, out);
	snprintf(title, sizeof(title), "Missed packets and RESOURCES NBLs "
		"against receive descriptors D\\n%s%s, --%s %g, hold %s, "
		"nb_rxd %u, burst %u, seed %" PRIu64 " of %u", o->captures[0],
		o->nb_captures > 1 ? " and more" : "",
		cap_pace_mode_name(o->pace), o->rate, o->hold_spec,
		res->rxd, o->burst, o->hold_seed, advise_main(res)->seeds);
	/* --rxq N: the queue behind the advice */
	if (res->nb_queues > 1)
		snprintf(title + strlen(title), sizeof(title) - strlen(title),
			", queue %u of %u (RSS; it needs the largest D)",
			res->advice_queue, res->nb_queues);
	fprintf(f, "\nset title \"%s\" noenhanced\n", title);
	fprintf(f, "set xlabel 'receive descriptors D (*ReceiveBuffers)'\n"
		"set ylabel 'packets missed / NBLs indicated with RESOURCES'\n"
		"set y2label 'NBLs held (most at once)'\n"
		"set ytics nomirror\nset y2tics\nset grid\n"
		"set key top right box opaque noenhanced\n"
		"set yrange [0:1<*]\nset y2range [0:1<*]\n");
	if (advise_main(res)->sweep.advice != 0)
		fprintf(f, "set arrow from %u, graph 0 to %u, graph 1 nohead "
			"dashtype 3 linewidth 1 linecolor rgb '#7f7f7f'\n"
			"set label 'this seed: %u' at %u, graph 0.3 offset 1,0 "
			"textcolor rgb '#7f7f7f'\n", advise_main(res)->sweep.advice,
			advise_main(res)->sweep.advice, advise_main(res)->sweep.advice,
			advise_main(res)->sweep.advice);
	if (advise_d(res) != 0)
		fprintf(f, "set arrow from %u, graph 0 to %u, graph 1 nohead "
			"dashtype 2 linewidth 2 linecolor rgb '#2a9d3a'\n"
			"set label 'advice D = %u (%u seeds, headroom %u)' at %u, "
			"graph 0.5 offset 1,0 textcolor rgb '#2a9d3a'\n",
			advise_d(res), advise_d(res), advise_d(res),
			advise_main(res)->seeds, advise_main(res)->headroom, advise_d(res));
	fprintf(f, "plot ");
	app_plot_quote(f, data);
	fprintf(f, " using 1:2 with linespoints pointtype 7 linewidth 2 "
		"linecolor rgb '#d62728' title 'missed (ring full)', \\\n"
		"  '' using 1:3 with linespoints pointtype 5 linewidth 2 "
		"linecolor rgb '#1f77b4' title 'RESOURCES NBLs', \\\n"
		"  '' using 1:4 axes x1y2 with linespoints pointtype 1 "
		"dashtype 3 linecolor rgb '#7f7f7f' title 'held max (right)'\n");
	return fclose(f) == 0 ? 0 : -EIO;
}

int
advise_plot(struct advise_opts *o, const struct advise_result *res)
{
	const struct app_plot_limit limit = { ADVISE_PLOT_LIMIT_S, NULL };
	char data[128], script[128], log[160], pic[APP_OUT_PATH_MAX];
	struct app_out *out = &o->out_plot;
	struct stat st;
	int ret;

	data[0] = script[0] = log[0] = '\0';
	/* gnuplot writes the picture where the output rule says: a file's
	 * temporary file, else one of ours copied into the output whole */
	ret = app_out_path_begin(out, pic, sizeof(pic));
	if (ret != 0)
		return ret;
	ret = plot_write_data(res, data, sizeof(data));
	if (ret == 0)
		ret = plot_write_script(o, res, data, pic, script,
			sizeof(script));
	if (ret != 0) {
		fprintf(stderr, "nblpmd-advise: --plot %s: cannot write the "
			"plot's data in $TMPDIR or /tmp: %s\n", o->plot,
			strerror(-ret));
		app_out_path_end(out, pic, false);
		goto out;
	}
	/* gnuplot's warnings (an empty range) are its own: in a log, shown
	 * only when it fails */
	snprintf(log, sizeof(log), "%s.log", script);
	ret = app_plot_run(script, log, &limit);
	if (ret == 0 && (stat(pic, &st) != 0 || st.st_size == 0))
		ret = -EIO;
	if (ret == -ETIMEDOUT) {
		fprintf(stderr, "nblpmd-advise: --plot %s: skipped: gnuplot did "
			"not finish within %u s and was stopped\n", o->plot,
			ADVISE_PLOT_LIMIT_S);
		app_out_path_end(out, pic, false);
		goto out;
	}
	if (ret != 0) {
		/* both kept, to run it again by hand */
		app_out_path_end(out, pic, false);
		fprintf(stderr, "nblpmd-advise: --plot %s: gnuplot failed "
			"(script kept in %s, data in %s, its messages in %s)\n",
			o->plot, script, data, log);
		return ret;
	}
	ret = app_out_path_end(out, pic, true);
	if (ret == 0)
		printf("\nPlot: %s\n", o->plot);
out:
	if (data[0] != '\0')
		unlink(data);
	if (script[0] != '\0') {
		unlink(script);
		unlink(log);
	}
	return ret;
}
