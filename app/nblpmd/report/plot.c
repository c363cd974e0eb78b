/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * --plot FILE.png|FILE.svg: the timeline drawn by gnuplot (Debian
 * gnuplot-nox), last, once the text and JSON reports are written: a plot
 * that fails or runs out of time costs the picture, never the reports.
 * The app reduces the timeline to a few thousand points per queue, writes
 * them and a small script to temporary files and runs gnuplot on them
 * within a time bound (app_plot_run kills it when the bound is over);
 * gnuplot's messages are kept and shown only when it fails. A missing
 * gnuplot or an unusable file name is a configuration error found at
 * start (nblpmd_plot_check in cli/outputs.c, app_out_check), not at the
 * end of a long run.
 *
 * One panel per queue: outstanding and free descriptors and the packets
 * waiting in the PMD ring over time, D and the low watermark as lines,
 * and on a second axis the missed packets and the RESOURCES indications
 * of each interval as impulses.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>

#include "app_plot.h"
#include "report.h"

/* Panels in one picture at most (the first queues). */
#define PLOT_MAX_PANELS 16
#define PLOT_WIDTH 1500
#define PLOT_PANEL_HEIGHT 380
/*
 * Intervals a queue's samples are reduced to at most: gnuplot's time
 * grows with the points it draws (200 k rows took 22 s, 1 M over 9
 * minutes), and a picture 1500 pixels wide shows no more. Each interval
 * keeps the lowest and the highest value of every level, in the order
 * they came, so no spike is lost, and the sum of every count.
 */
#define PLOT_INTERVALS 1000

/* The series of a panel, one data block each, in this order. */
enum plot_series {
	PLOT_OUTSTANDING,
	PLOT_FREE,
	PLOT_PMD_RING,
	PLOT_LEVELS,                 /* the ones above are levels */
	PLOT_MISSED = PLOT_LEVELS,
	PLOT_RESOURCES,
	PLOT_SERIES,
};

/* The CSV columns each series reads (by name: readers use the header). */
static const char * const plot_columns[PLOT_SERIES] = {
	[PLOT_OUTSTANDING] = "outstanding",
	[PLOT_FREE] = "free",
	[PLOT_PMD_RING] = "pmd_ring",
	[PLOT_MISSED] = "missed",
	[PLOT_RESOURCES] = "resources_indications",
};

struct plot_points {
	unsigned int n;
	double t[2 * PLOT_INTERVALS + 2];
	double v[2 * PLOT_INTERVALS + 2];
};

/* One queue's interval being reduced, and what it gave. */
struct plot_acc {
	uint16_t port;
	uint16_t queue;
	uint64_t samples;
	double t_last;
	bool any[PLOT_LEVELS];
	double tmin[PLOT_LEVELS], vmin[PLOT_LEVELS];
	double tmax[PLOT_LEVELS], vmax[PLOT_LEVELS];
	double sum[PLOT_SERIES];
	struct plot_points pts[PLOT_SERIES];
};

struct plot_data {
	unsigned int nb_panels;
	uint64_t per_interval;       /* samples reduced to one interval */
	struct plot_acc acc[PLOT_MAX_PANELS];
};

static void
plot_point(struct plot_points *p, double t, double v)
{
	if (p->n < RTE_DIM(p->t)) {
		p->t[p->n] = t;
		p->v[p->n] = v;
		p->n++;
	}
}

/* The interval is over: its lowest and highest levels in the order they
 * came, its counts at its last sample. */
static void
plot_flush(struct plot_acc *a)
{
	unsigned int s;

	for (s = 0; s < PLOT_LEVELS; s++) {
		if (!a->any[s])
			continue;
		if (a->tmin[s] < a->tmax[s]) {
			plot_point(&a->pts[s], a->tmin[s], a->vmin[s]);
			plot_point(&a->pts[s], a->tmax[s], a->vmax[s]);
		} else if (a->tmin[s] > a->tmax[s]) {
			plot_point(&a->pts[s], a->tmax[s], a->vmax[s]);
			plot_point(&a->pts[s], a->tmin[s], a->vmin[s]);
		} else {
			plot_point(&a->pts[s], a->tmin[s], a->vmin[s]);
		}
		a->any[s] = false;
	}
	for (s = PLOT_LEVELS; s < PLOT_SERIES; s++) {
		plot_point(&a->pts[s], a->t_last, a->sum[s]);
		a->sum[s] = 0;
	}
}

static void
plot_sample(struct plot_data *d, struct plot_acc *a, double t,
		const char * const *field)
{
	unsigned int s;

	for (s = 0; s < PLOT_SERIES; s++) {
		char *end;
		double v;

		if (field[s] == NULL || field[s][0] == '\0')
			continue;     /* empty: the PMD cannot tell */
		v = strtod(field[s], &end);
		if (end == field[s])
			continue;
		if (s >= PLOT_LEVELS) {
			a->sum[s] += v;
			continue;
		}
		if (!a->any[s] || v < a->vmin[s]) {
			a->vmin[s] = v;
			a->tmin[s] = t;
		}
		if (!a->any[s] || v > a->vmax[s]) {
			a->vmax[s] = v;
			a->tmax[s] = t;
		}
		a->any[s] = true;
	}
	a->t_last = t;
	if (++a->samples % d->per_interval == 0)
		plot_flush(a);
}

/* Where a plot stands against its bound: the end on the monotonic
 * clock and the signal count when it began. */
struct plot_clock {
	const struct app_plot_limit *limit;
	double end;
	sig_atomic_t signals;
};

static double
plot_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* -ETIMEDOUT when the time is over, -EINTR when a signal came, else 0. */
static int
plot_bound(const struct plot_clock *c)
{
	if (c->limit->signals != NULL && *c->limit->signals != c->signals)
		return -EINTR;
	return plot_now() >= c->end ? -ETIMEDOUT : 0;
}

/* Split a CSV line in place (no quoting: the timeline has none). */
static unsigned int
plot_split(char *line, char **field, unsigned int max)
{
	unsigned int n = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		field[n++] = p;
		p = strchr(p, ',');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

#define PLOT_CSV_FIELDS 64

/* Rows read between two looks at the bound. */
#define PLOT_ROWS_PER_LOOK 65536

/* Read the timeline and reduce each queue of the first panels, within
 * the plot's bound (a long timeline takes a second or more to read). */
static int
plot_reduce(const struct nblpmd_app *app, const char *csv, uint64_t rows,
		const struct plot_clock *clock, struct plot_data *d)
{
	uint64_t read = 0;
	enum { COL_T, COL_PORT, COL_QUEUE, COL_KEYS };
	static const char * const keys[COL_KEYS] = { "t_us", "port", "queue" };
	int key_col[COL_KEYS], col[PLOT_SERIES];
	char *field[PLOT_CSV_FIELDS];
	char *line = NULL;
	size_t cap = 0;
	unsigned int i, n, s;
	FILE *f;
	int ret = 0;

	d->nb_panels = RTE_MIN(app->nb_queues, (unsigned int)PLOT_MAX_PANELS);
	for (i = 0; i < d->nb_panels; i++) {
		d->acc[i].port = app->queues[i].port_id;
		d->acc[i].queue = app->queues[i].queue_id;
	}
	d->per_interval = RTE_MAX((rows + PLOT_INTERVALS - 1) / PLOT_INTERVALS,
		(uint64_t)1);
	f = fopen(csv, "r");
	if (f == NULL)
		return -errno;
	if (getline(&line, &cap, f) < 0) {
		ret = -ENODATA;
		goto out;
	}
	n = plot_split(line, field, PLOT_CSV_FIELDS);
	for (s = 0; s < COL_KEYS; s++)
		key_col[s] = -1;
	for (s = 0; s < PLOT_SERIES; s++)
		col[s] = -1;
	for (i = 0; i < n; i++) {
		for (s = 0; s < COL_KEYS; s++)
			if (strcmp(field[i], keys[s]) == 0)
				key_col[s] = (int)i;
		for (s = 0; s < PLOT_SERIES; s++)
			if (strcmp(field[i], plot_columns[s]) == 0)
				col[s] = (int)i;
	}
	for (s = 0; s < COL_KEYS; s++)
		if (key_col[s] < 0) {
			ret = -EBADMSG;
			goto out;
		}
	while (getline(&line, &cap, f) >= 0) {
		const char *val[PLOT_SERIES];
		unsigned long port, queue;

		if (++read % PLOT_ROWS_PER_LOOK == 0) {
			ret = plot_bound(clock);
			if (ret != 0)
				goto out;
		}
		n = plot_split(line, field, PLOT_CSV_FIELDS);
		if ((int)n <= key_col[COL_T] || (int)n <= key_col[COL_PORT] ||
				(int)n <= key_col[COL_QUEUE])
			continue;
		port = strtoul(field[key_col[COL_PORT]], NULL, 10);
		queue = strtoul(field[key_col[COL_QUEUE]], NULL, 10);
		for (i = 0; i < d->nb_panels; i++)
			if (d->acc[i].port == port && d->acc[i].queue == queue)
				break;
		if (i == d->nb_panels)
			continue;
		for (s = 0; s < PLOT_SERIES; s++)
			val[s] = col[s] >= 0 && col[s] < (int)n ?
				field[col[s]] : NULL;
		plot_sample(d, &d->acc[i], strtod(field[key_col[COL_T]], NULL),
			val);
	}
	for (i = 0; i < d->nb_panels; i++)
		if (d->acc[i].samples % d->per_interval != 0)
			plot_flush(&d->acc[i]);
	if (ferror(f))
		ret = -EIO;
out:
	free(line);
	fclose(f);
	return ret;
}

/* The reduced series: one block per panel and series, in that order
 * (gnuplot's "index"); an empty series is one undefined point. */
static int
plot_data_write(const struct plot_data *d, char *path, size_t len)
{
	unsigned int i, s, k;
	FILE *f;

	f = app_plot_tmpfile("nblpmd_plot", ".dat", path, len);
	if (f == NULL)
		return -errno;
	for (i = 0; i < d->nb_panels; i++) {
		for (s = 0; s < PLOT_SERIES; s++) {
			const struct plot_points *p = &d->acc[i].pts[s];

			fprintf(f, "# port %u queue %u %s\n", d->acc[i].port,
				d->acc[i].queue, plot_columns[s]);
			if (p->n == 0)
				fprintf(f, "NaN NaN\n");
			for (k = 0; k < p->n; k++)
				fprintf(f, "%.1f %.17g\n", p->t[k], p->v[k]);
			fprintf(f, "\n\n");
		}
	}
	if (fclose(f) != 0) {
		unlink(path);
		return -EIO;
	}
	return 0;
}

/* One panel: queue i in the data file. */
static void
plot_panel(FILE *f, const struct nblpmd_app *app, const struct plot_data *d,
		unsigned int i, const char *data, double xdiv)
{
	const struct nblpmd_queue *q = &app->queues[i];
	unsigned int b = i * PLOT_SERIES;

	fprintf(f, "set title \"port %u queue %u: D = %u receive descriptors, "
		"low watermark %u%s\"\n", q->port_id, q->queue_id,
		q->descriptors, q->low_watermark, q->low_watermark == 0 ?
		" (never RESOURCES)" : "");
	fprintf(f, "set yrange [0:%g]\n", q->descriptors * 1.08 + 1);
	fprintf(f, "plot ");
	app_plot_quote(f, data);
	fprintf(f, " index %u using ($1/%g):2 with lines lw 2 "
		"lc rgb '#1f77b4' title 'outstanding (consumer has)', \\\n",
		b + PLOT_OUTSTANDING, xdiv);
	fprintf(f, "  '' index %u using ($1/%g):2 with lines lw 1 "
		"lc rgb '#2ca02c' title 'free (free list)', \\\n",
		b + PLOT_FREE, xdiv);
	if (d->acc[i].pts[PLOT_PMD_RING].n > 0)
		fprintf(f, "  '' index %u using ($1/%g):2 with lines lw 1 "
			"lc rgb '#9467bd' title 'PMD ring (packets waiting, "
			"nb\\_rxd %u)', \\\n", b + PLOT_PMD_RING, xdiv,
			app->ports[q->port_index].nb_rxd);
	fprintf(f, "  %u with lines dt 2 lw 1 lc rgb 'black' "
		"title 'D (receive descriptors)', \\\n", q->descriptors);
	if (q->low_watermark != 0)
		fprintf(f, "  %u with lines dt 3 lw 1 lc rgb '#d62728' "
			"title 'low watermark', \\\n", q->low_watermark);
	fprintf(f, "  '' index %u using ($1/%g):2 axes x1y2 with impulses "
		"lw 2 lc rgb '#d62728' title 'missed packets (right axis)', "
		"\\\n", b + PLOT_MISSED, xdiv);
	fprintf(f, "  '' index %u using ($1/%g):2 axes x1y2 with impulses "
		"lw 1 lc rgb '#ff7f0e' title 'RESOURCES indications (right "
		"axis)'\n", b + PLOT_RESOURCES, xdiv);
}

static int
plot_script(FILE *f, const struct nblpmd_app *app, const struct plot_data *d,
		const char *data, const char *out)
{
	unsigned int n = app->nb_queues;
	uint64_t interval_us = d->per_interval * app->cfg.timeline_us;
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
	if (app_plot_format(app->cfg.plot) == APP_PLOT_PNG)
		fprintf(f, "set terminal pngcairo size %u,%u font 'sans,10'\n",
			PLOT_WIDTH, PLOT_PANEL_HEIGHT * d->nb_panels);
	else
		fprintf(f, "set terminal svg size %u,%u font 'sans,10'\n",
			PLOT_WIDTH, PLOT_PANEL_HEIGHT * d->nb_panels);
	fprintf(f, "set output ");
	app_plot_quote(f, out);
	fprintf(f, "\nset xlabel 'time since start (%s)'\n"
		"set ylabel 'receive descriptors (NBLs), PMD ring (packets)'\n"
		"set y2label '%s %" PRIu64 " us (packets, indications)'\n"
		"set ytics nomirror\nset y2tics\nset y2range [0:*]\n"
		"set grid xtics ytics\n"
		"set autoscale xfix\n"
		"set key outside right top vertical box\n"
		"set multiplot layout %u,1 title 'nblpmd: receive "
		"descriptors over time%s%s'\n", xunit,
		d->per_interval > 1 ? "per interval of" : "per sample of",
		interval_us, d->nb_panels, n > d->nb_panels ?
		" (the first 16 queues)" : "", d->per_interval > 1 ?
		" (each interval: its lowest and highest level)" : "");
	for (i = 0; i < d->nb_panels; i++)
		plot_panel(f, app, d, i, data, xdiv);
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

/* Why the picture is not there, in one line. A temporary timeline is
 * kept only when gnuplot failed on it (to run it again by hand). */
static void
plot_failed(const struct nblpmd_app *app, const char *csv, bool temp,
		int ret, const struct app_plot_limit *limit, const char *errpath)
{
	const char *plot = app->cfg.plot;
	char where[NBLPMD_PATH_MAX + 64];

	if (temp && (ret == -ETIMEDOUT || ret == -EINTR))
		snprintf(where, sizeof(where), "add --timeline FILE to keep "
			"the samples");
	else
		snprintf(where, sizeof(where), "the timeline is in %s", csv);
	if (ret == -ETIMEDOUT && limit->seconds <= 0)
		fprintf(stderr, "nblpmd: --plot %s: skipped: no time was left "
			"within the stop bound of the signal; %s\n", plot, where);
	else if (ret == -ETIMEDOUT)
		fprintf(stderr, "nblpmd: --plot %s: skipped: gnuplot did not "
			"finish within %.0f s and was stopped; %s\n", plot,
			limit->seconds, where);
	else if (ret == -EINTR)
		fprintf(stderr, "nblpmd: --plot %s: skipped: a signal came "
			"while gnuplot was drawing, and gnuplot was stopped; %s\n",
			plot, where);
	else {
		fprintf(stderr, "nblpmd: --plot %s: gnuplot failed (%s); %s\n",
			plot, ret == -ECHILD ? "exit status not 0" :
			strerror(-ret), where);
		if (errpath != NULL)
			plot_show(errpath);
	}
}

int
nblpmd_plot_write(struct nblpmd_app *app, const char *csv, bool temp,
		uint64_t rows, const struct app_plot_limit *limit)
{
	char script[NBLPMD_PATH_MAX], errpath[NBLPMD_PATH_MAX + 8];
	char data[NBLPMD_PATH_MAX], pic[APP_OUT_PATH_MAX];
	struct app_out *o = &app->out_plot;
	struct app_plot_limit rest;
	struct plot_clock clock;
	struct plot_data *d;
	struct stat st;
	FILE *f = NULL;
	int ret;

	script[0] = data[0] = errpath[0] = '\0';
	clock.limit = limit;
	clock.end = plot_now() + limit->seconds;
	clock.signals = limit->signals != NULL ? *limit->signals : 0;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return -ENOMEM;
	ret = limit->seconds > 0 ? 0 : -ETIMEDOUT;
	if (ret == 0)
		ret = plot_reduce(app, csv, rows, &clock, d);
	if (ret == 0)
		ret = plot_bound(&clock);
	if (ret == -ETIMEDOUT || ret == -EINTR) {
		plot_failed(app, csv, temp, ret, limit, NULL);
		goto out;
	}
	if (ret != 0) {
		fprintf(stderr, "nblpmd: --plot %s: cannot read the timeline "
			"%s: %s\n", app->cfg.plot, csv, strerror(-ret));
		goto out;
	}
	ret = plot_data_write(d, data, sizeof(data));
	if (ret == 0) {
		f = app_plot_tmpfile("nblpmd_plot", ".gp", script,
			sizeof(script));
		ret = f == NULL ? -errno : 0;
	}
	if (ret != 0) {
		fprintf(stderr, "nblpmd: --plot %s: cannot write gnuplot's "
			"files in $TMPDIR or /tmp: %s\n", app->cfg.plot,
			strerror(-ret));
		goto out;
	}
	/* gnuplot writes the picture where the output rule says: a file's
	 * temporary file, else one of ours copied into the output whole */
	ret = app_out_path_begin(o, pic, sizeof(pic));
	if (ret != 0) {
		fclose(f);
		goto out;
	}
	ret = plot_script(f, app, d, data, pic);
	if (fclose(f) != 0)
		ret = -EIO;
	snprintf(errpath, sizeof(errpath), "%s.log", script);
	/* gnuplot gets what is left of the bound */
	rest.seconds = clock.end - plot_now();
	rest.signals = limit->signals;
	if (ret == 0 && limit->signals != NULL &&
			*limit->signals != clock.signals)
		ret = -EINTR;
	if (ret == 0)
		ret = app_plot_run(script, errpath, &rest);
	if (ret == 0 && (stat(pic, &st) != 0 || st.st_size == 0))
		ret = -ENODATA;
	if (ret != 0) {
		plot_failed(app, csv, temp, ret, limit, errpath);
		app_out_path_end(o, pic, false);
	} else {
		ret = app_out_path_end(o, pic, true);
	}
out:
	if (script[0] != '\0')
		unlink(script);
	if (errpath[0] != '\0')
		unlink(errpath);
	if (data[0] != '\0')
		unlink(data);
	free(d);
	return ret;
}
