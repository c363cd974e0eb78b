/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Occupancy over time (--timeline FILE.csv, --timeline-us N): every period
 * the main lcore writes one CSV row per queue. It reads the counters the
 * RX and consumer lcores write (one writer each, 64-bit words) without a
 * lock, as the periodic display does; a row is one instant's reading, not
 * a transaction. Counts of events (indicated, missed, RESOURCES
 * indications, fill stalls) are those of the period; levels (outstanding,
 * free, pool in use, the PMD ring) are the value at the row's time.
 *
 * The last row is the run as it ended: the lcores take it together when
 * they leave their loops (lcores.c), before consumers give back what they
 * hold and queues stop, which would draw a cliff at the end of every
 * picture (outstanding 0, every descriptor free, the PMD ring drained).
 *
 * --plot FILE draws the rows with gnuplot (plot.c) once the reports are
 * written; without --timeline the rows go to a temporary file removed
 * afterwards.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "app_plot.h"
#include "replay/replay.h"
#include "report.h"
#include "stats/stats.h"

/* The columns, in order (docs/guide/reports.md documents each). */
#define TIMELINE_HEADER "t_us,port,queue,outstanding,free,pool_in_use," \
	"indicated,missed,resources_indications,pmd_ring,fill_stalls," \
	"hold_p99_us,poll_gap_max_us"
/* A large stdio buffer: rows are written every period, flushed rarely. */
#define TIMELINE_BUF (1u << 20)

/* A histogram of the queue at the last row and now: a period's figures
 * are their difference. */
struct timeline_hist {
	int (*get)(const struct nbl_rxq *q, struct nbl_hist *h);
	struct nbl_hist *prev;
	struct nbl_hist *cur;
};

struct timeline_queue {
	struct nbl_rxq_stats prev;
	struct timeline_hist hold;    /* hold times: the period's p99 */
	struct timeline_hist gap;     /* poll gaps: the period's longest */
};

struct nblpmd_timeline {
	FILE *f;
	char path[NBLPMD_PATH_MAX];
	bool temp;                    /* made for --plot alone */
	bool started;
	bool stop_row;                /* the row of the stop is written */
	bool closed_ok;               /* the CSV is complete */
	char *buf;
	uint64_t period_tsc;
	uint64_t next;
	uint64_t rows;
	uint64_t port_missed[NBLPMD_MAX_PORTS];
	struct timeline_queue q[NBLPMD_MAX_QUEUES];
};

int
nblpmd_timeline_open(struct nblpmd_app *app)
{
	const struct nblpmd_config *cfg = &app->cfg;
	struct nblpmd_timeline *t;
	int ret, fd;

	if (cfg->timeline[0] == '\0' && cfg->plot[0] == '\0')
		return 0;
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return -ENOMEM;
	if (cfg->timeline[0] != '\0') {
		/* the rule of every output (app_out.h): a file through a
		 * temporary file renamed over it at the end, a FIFO or a
		 * device in place (opening a FIFO waits for its reader) */
		snprintf(t->path, sizeof(t->path), "%s", cfg->timeline);
		fd = app_out_open(&app->out_timeline);
		if (fd < 0) {
			free(t);
			return fd == -EINTR ? fd : -EINVAL;
		}
		t->f = fdopen(fd, "w");
		if (t->f == NULL) {
			ret = -errno;
			close(fd);
			app_out_abort(&app->out_timeline);
			fprintf(stderr, "nblpmd: --timeline %s: %s\n", t->path,
				strerror(-ret));
			free(t);
			return ret;
		}
	} else {
		t->f = app_plot_tmpfile("nblpmd_timeline", ".csv", t->path,
			sizeof(t->path));
		t->temp = true;
		if (t->f == NULL) {
			ret = errno;
			fprintf(stderr, "nblpmd: --plot: cannot create the "
				"timeline file in $TMPDIR or /tmp: %s; give a "
				"writable TMPDIR\n", strerror(ret));
			free(t);
			return -EINVAL;
		}
	}
	t->buf = malloc(TIMELINE_BUF);
	if (t->buf != NULL)
		setvbuf(t->f, t->buf, _IOFBF, TIMELINE_BUF);
	app->timeline = t;
	return 0;
}

static void
timeline_hist_free(struct timeline_hist *th)
{
	free(th->prev);
	free(th->cur);
	th->prev = NULL;
	th->cur = NULL;
}

/* The histogram at the first row; without it (or when the queue does not
 * keep it) the column stays empty for this queue. */
static void
timeline_hist_start(struct timeline_hist *th, const struct nbl_rxq *q,
		int (*get)(const struct nbl_rxq *q, struct nbl_hist *h))
{
	th->get = get;
	th->prev = calloc(1, sizeof(*th->prev));
	th->cur = calloc(1, sizeof(*th->cur));
	if (th->prev == NULL || th->cur == NULL || get(q, th->prev) != 0)
		timeline_hist_free(th);
}

/* First row: the histograms each queue's period figures are the
 * difference of. */
static void
timeline_start(struct nblpmd_app *app, struct nblpmd_timeline *t)
{
	unsigned int i;

	/* the header with the first row: a run that never starts writes
	 * nothing, not even to a FIFO or a device */
	fprintf(t->f, "%s\n", TIMELINE_HEADER);
	t->period_tsc = (uint64_t)app->cfg.timeline_us * rte_get_tsc_hz() /
		1000000;
	if (t->period_tsc == 0)
		t->period_tsc = 1;
	for (i = 0; i < app->nb_queues; i++) {
		struct timeline_queue *tq = &t->q[i];

		timeline_hist_start(&tq->hold, app->queues[i].rxq,
			nbl_rxq_hold_hist_get);
		timeline_hist_start(&tq->gap, app->queues[i].rxq,
			nbl_rxq_poll_gap_hist_get);
	}
	t->started = true;
}

/* What the internal replay port's ring holds, or the PMD's count; -1
 * when the PMD cannot tell. */
static int
timeline_pmd_ring(const struct nblpmd_app *app, const struct nblpmd_queue *q)
{
	if (app->ports[q->port_index].internal)
		return (int)nblpmd_replay_queue_ring_count(app->replay,
			q->queue_id);
	return rte_eth_rx_queue_count(q->port_id, q->queue_id);
}

/* The value at quantile p of what the histogram recorded in the period,
 * in us (hold times: p 0.99; poll gaps: 1, the longest, to the
 * histogram's precision, under 1 % above), or -1 when it recorded
 * nothing in it. */
static double
timeline_hist_period(const struct nblpmd_queue *q, struct timeline_hist *th,
		double p)
{
	struct nbl_hist *swap;
	double us = -1;

	if (th->cur == NULL || th->get(q->rxq, th->cur) != 0)
		return -1;
	/* the difference goes where the older copy was */
	nbl_hist_diff(th->prev, th->cur, th->prev);
	if (th->prev->count != 0)
		us = (double)nbl_hist_value_at(th->prev, p) * 1e6 /
			(double)rte_get_tsc_hz();
	swap = th->prev;
	th->prev = th->cur;
	th->cur = swap;
	return us;
}

static void
timeline_row(struct nblpmd_app *app, struct nblpmd_timeline *t, uint64_t now)
{
	uint64_t missed[NBLPMD_MAX_PORTS];
	double t_us = (double)(now - app->start_tsc) * 1e6 /
		(double)rte_get_tsc_hz();
	int64_t in_use = 0;
	unsigned int i;

	if (app->nbl_pool != NULL) {
		struct nbl_pool_stats ps;

		if (nbl_pool_stats_get(app->nbl_pool, &ps) == 0)
			in_use = ps.in_use;
	}
	for (i = 0; i < app->nb_ports; i++) {
		struct rte_eth_stats st;
		uint64_t m;

		m = nblpmd_port_rx_missed(app, i,
			rte_eth_stats_get(app->ports[i].port_id, &st) == 0 ?
			st.imissed : 0);
		missed[i] = m >= t->port_missed[i] ? m - t->port_missed[i] : 0;
		t->port_missed[i] = m;
	}
	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		struct timeline_queue *tq = &t->q[i];
		struct nbl_rxq_stats st;
		double p99, gap;
		int ring;

		if (q->rxq == NULL || nbl_rxq_stats_get(q->rxq, &st) != 0)
			continue;
		ring = timeline_pmd_ring(app, q);
		p99 = timeline_hist_period(q, &tq->hold, 0.99);
		gap = timeline_hist_period(q, &tq->gap, 1.0);
		fprintf(t->f, "%.1f,%u,%u,%" PRIu64 ",%u,%" PRId64 ",%" PRIu64
			",%" PRIu64 ",%" PRIu64 ",", t_us, q->port_id,
			q->queue_id, st.outstanding, nbl_rxq_free_count(q->rxq),
			in_use, st.indicated - tq->prev.indicated,
			missed[q->port_index], st.resources_indications -
			tq->prev.resources_indications);
		if (ring >= 0)
			fprintf(t->f, "%d", ring);
		fprintf(t->f, ",%" PRIu64 ",", st.fill_stalls -
			tq->prev.fill_stalls);
		if (p99 >= 0)
			fprintf(t->f, "%.3f", p99);
		fputc(',', t->f);
		if (gap >= 0)
			fprintf(t->f, "%.3f", gap);
		fputc('\n', t->f);
		tq->prev = st;
	}
	t->rows++;
}

void
nblpmd_timeline_tick(struct nblpmd_app *app, uint64_t now)
{
	struct nblpmd_timeline *t = app->timeline;

	if (t == NULL || (t->started && now < t->next))
		return;
	if (!t->started) {
		timeline_start(app, t);
		t->next = now;
	}
	timeline_row(app, t, now);
	/* the next period on the grid from the first row: a late row does
	 * not shift the ones after it, and missed periods are skipped */
	t->next += t->period_tsc;
	if (t->next <= now)
		t->next += ((now - t->next) / t->period_tsc + 1) * t->period_tsc;
}

uint32_t
nblpmd_timeline_sleep_us(const struct nblpmd_app *app)
{
	/* half a period: a sleep overshoots by tens of microseconds */
	if (app->timeline == NULL || app->cfg.timeline_us >= 2000)
		return 1000;
	return RTE_MAX(app->cfg.timeline_us / 2, 1u);
}

void
nblpmd_timeline_stop_row(struct nblpmd_app *app, uint64_t now)
{
	struct nblpmd_timeline *t = app->timeline;

	if (t == NULL || t->stop_row)
		return;
	/* a run stopped before its first period still gets its row */
	if (!t->started)
		timeline_start(app, t);
	timeline_row(app, t, now);
	t->stop_row = true;
}

static void
timeline_free(struct nblpmd_timeline *t)
{
	unsigned int i;

	for (i = 0; i < NBLPMD_MAX_QUEUES; i++) {
		timeline_hist_free(&t->q[i].hold);
		timeline_hist_free(&t->q[i].gap);
	}
	free(t->buf);
	free(t);
}

int
nblpmd_timeline_close(struct nblpmd_app *app, bool ran)
{
	struct nblpmd_timeline *t = app->timeline;
	int ret = 0;

	if (t == NULL || t->f == NULL)
		return 0;
	if (t->temp) {
		if (fclose(t->f) != 0) {
			fprintf(stderr, "nblpmd: --plot: writing the timeline "
				"%s failed: %s\n", t->path, strerror(errno));
			ret = -EIO;
		}
	} else {
		/* a run that never started leaves what was there as it was */
		ret = app_out_fclose(&app->out_timeline, t->f,
			ran && t->started);
	}
	t->f = NULL;
	t->closed_ok = ret == 0 && t->started;
	if (t->closed_ok && ran && !t->temp)
		printf("Timeline: %s, %" PRIu64 " samples of %u queue(s), every "
			"%u us\n", t->path, t->rows, app->nb_queues,
			app->cfg.timeline_us);
	return ret;
}

int
nblpmd_timeline_finish(struct nblpmd_app *app, bool ran,
		const struct app_plot_limit *limit)
{
	struct nblpmd_timeline *t = app->timeline;
	int ret = 0;

	if (t == NULL)
		return 0;
	if (t->f != NULL)
		ret = nblpmd_timeline_close(app, ran);
	app->timeline = NULL;
	if (ret == 0 && ran && t->closed_ok && app->cfg.plot[0] != '\0') {
		ret = nblpmd_plot_write(app, t->path, t->temp, t->rows, limit);
		if (ret == 0)
			printf("Plot: %s (%" PRIu64 " samples from %s)\n",
				app->cfg.plot, t->rows, t->temp ?
				"a temporary timeline" : t->path);
	}
	/* a temporary timeline stays when gnuplot failed on it (the
	 * message names it), not when the plot was skipped; a user's file
	 * is never removed here */
	if (t->temp && ret != -ECHILD && ret != -ENODATA)
		unlink(t->path);
	timeline_free(t);
	return ret;
}
