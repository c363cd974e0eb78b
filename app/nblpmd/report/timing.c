/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The host's timing, as the run measured it: per queue the gaps between
 * polls (lib/rxq) and how late each hold came back (the hold model), and
 * the replay's lateness against its deadlines; then whether the run kept
 * time. A run that did not keep time measured the host more than the pool,
 * and says so: one warning line on stderr at the end, and the JSON
 * report's "timing" member, which nblpmd-advise --verify reads.
 *
 * The histograms are copied at teardown (nblpmd_timing_keep), before the
 * queue and its hold model are freed, and live until the app's end.
 */

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>

#include "report_pvt.h"

/* A copy of a histogram on the heap, or NULL when there is none. */
static struct nbl_hist *
timing_copy(const struct nbl_hist *src)
{
	struct nbl_hist *h;

	if (src == NULL)
		return NULL;
	h = malloc(sizeof(*h));
	if (h != NULL)
		nbl_hist_copy(h, src);
	return h;
}

void
nblpmd_timing_keep(struct nblpmd_queue *q)
{
	struct nbl_hist *h;

	if (q->poll_gap_final == NULL && q->rxq != NULL) {
		h = malloc(sizeof(*h));
		if (h != NULL && nbl_rxq_poll_gap_hist_get(q->rxq, h) != 0) {
			free(h);
			h = NULL;
		}
		q->poll_gap_final = h;
	}
	if (q->lag_final == NULL)
		q->lag_final = timing_copy(q->hold.lag);
}

void
nblpmd_timing_release(struct nblpmd_app *app)
{
	unsigned int i;

	for (i = 0; i < app->nb_queues; i++) {
		free(app->queues[i].poll_gap_final);
		app->queues[i].poll_gap_final = NULL;
		free(app->queues[i].lag_final);
		app->queues[i].lag_final = NULL;
	}
}

void
nblpmd_hist_summary(const struct nbl_hist *h, struct nbl_hist_summary *s)
{
	memset(s, 0, sizeof(*s));
	if (h != NULL)
		nbl_hist_summarize(h, rte_get_tsc_hz(), s);
}

void
nblpmd_hist_print(FILE *f, const char *indent, const char *name,
		const struct nbl_hist *h)
{
	struct nbl_hist_summary s;

	nblpmd_hist_summary(h, &s);
	fprintf(f, "%s%s: count %" PRIu64 ", p50 %.3f, p90 %.3f, p99 %.3f, "
		"p999 %.3f, max %.3f\n", indent, name, s.count, s.p50_us,
		s.p90_us, s.p99_us, s.p999_us, s.max_us);
}

/* A time in us to the ns: what the text report prints (%.3f). */
static double
timing_round3(double us)
{
	return round(us * 1000.0) / 1000.0;
}

/*
 * The non-empty buckets, [low_us, high_us, count] each, lowest first: the
 * whole distribution at the histogram's resolution (0.8 %), so a reader
 * (nblpmd-advise --host) can draw from it. The last bucket's high end is
 * the histogram's maximum.
 */
static json_t *
timing_buckets(const struct nbl_hist *h, double us_per_cycle)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; a != NULL && i < NBL_HIST_BUCKETS; i++) {
		uint64_t lo, hi;
		json_t *b;

		if (h->bucket[i] == 0)
			continue;
		lo = nbl_hist_bucket_low(i);
		hi = RTE_MIN(nbl_hist_bucket_high(i), h->max);
		if (hi < lo)
			hi = lo;
		b = json_pack("[f, f, o]", (double)lo * us_per_cycle,
			(double)hi * us_per_cycle, nblpmd_json_u64(h->bucket[i]));
		if (b == NULL || json_array_append_new(a, b) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *
nblpmd_hist_json(const struct nbl_hist *h, bool buckets)
{
	struct nbl_hist_summary s;
	json_t *o;

	nblpmd_hist_summary(h, &s);
	o = json_pack("{s:o, s:f, s:f, s:f, s:f, s:f, s:f}",
		"count", nblpmd_json_u64(s.count),
		"p50", timing_round3(s.p50_us), "p90", timing_round3(s.p90_us),
		"p99", timing_round3(s.p99_us),
		"p999", timing_round3(s.p999_us),
		"max", timing_round3(s.max_us),
		"mean", timing_round3(s.mean_us));
	if (o != NULL && buckets) {
		json_t *b = h != NULL ? timing_buckets(h,
			1e6 / (double)rte_get_tsc_hz()) : json_array();

		if (b == NULL || json_object_set_new(o, "buckets", b) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* Time spent in values of at least min cycles: each bucket's count
 * times its middle, in cycles. */
static double
timing_time_above(const struct nbl_hist *h, uint64_t min)
{
	double t = 0;
	unsigned int i;

	for (i = nbl_hist_index(min); i < NBL_HIST_BUCKETS; i++) {
		uint64_t hi;

		if (h->bucket[i] == 0)
			continue;
		hi = RTE_MIN(nbl_hist_bucket_high(i), h->max);
		t += (double)h->bucket[i] *
			((double)nbl_hist_bucket_low(i) + (double)hi) / 2.0;
	}
	return t;
}

void
nblpmd_timing_judge(const struct nblpmd_app *app, struct nblpmd_timing *t)
{
	const struct nbl_hist *late = nblpmd_replay_late_hist(app->replay);
	const double hz = (double)rte_get_tsc_hz();
	double elapsed = app->final.elapsed_s;
	uint64_t gap_min;
	struct nbl_hist_summary s;
	unsigned int i;

	memset(t, 0, sizeof(*t));
	t->gap_queue = UINT32_MAX;
	t->late_limit_us = NBLPMD_TIMING_LATE_US;
	t->gap_limit_us = NBLPMD_TIMING_GAP_US;
	if (app->cfg.test_timing_limit_ns != 0) {
		t->late_limit_us = app->cfg.test_timing_limit_ns / 1000.0;
		t->gap_limit_us = t->late_limit_us;
	}
	gap_min = (uint64_t)(t->gap_limit_us * hz / 1e6);
	if (gap_min == 0)
		gap_min = 1;
	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		double off;

		if (q->poll_gap_final != NULL) {
			nblpmd_hist_summary(q->poll_gap_final, &s);
			if (s.count > 0)
				t->measured = true;
			if (s.count > 0 && (t->gap_queue == UINT32_MAX ||
					s.max_us > t->gap_max_us)) {
				t->gap_max_us = s.max_us;
				t->gap_queue = i;
			}
			off = timing_time_above(q->poll_gap_final, gap_min) /
				hz;
			if (elapsed > 0)
				t->unpolled_share = RTE_MAX(t->unpolled_share,
					off / elapsed);
		}
		if (q->lag_final != NULL) {
			nblpmd_hist_summary(q->lag_final, &s);
			t->lag_p99_us = RTE_MAX(t->lag_p99_us, s.p99_us);
		}
	}
	nblpmd_hist_summary(late, &s);
	if (s.count > 0) {
		t->measured = true;
		t->late_p99_us = s.p99_us;
		t->late_max_us = s.max_us;
	}
	t->missed = nblpmd_replay_missed(app->replay);
	t->missed_unpolled = nblpmd_replay_missed_unpolled(app->replay);

	if (t->late_p99_us > t->late_limit_us)
		t->why |= NBLPMD_TIMING_LATE;
	if (t->unpolled_share > NBLPMD_TIMING_UNPOLLED_SHARE)
		t->why |= NBLPMD_TIMING_GAPS;
	if (t->missed_unpolled > 0)
		t->why |= NBLPMD_TIMING_UNPOLLED;
	if (t->lag_p99_us > t->late_limit_us)
		t->why |= NBLPMD_TIMING_LAG;
	t->kept = t->why == 0;
}

/* What went wrong, in words, into buf. */
static void
timing_reasons(const struct nblpmd_app *app, const struct nblpmd_timing *t,
		char *buf, size_t len)
{
	size_t off = 0;
	int n;

	buf[0] = '\0';
	if (t->why & NBLPMD_TIMING_LATE) {
		n = snprintf(buf + off, len - off, "%sthe replay's p99 lateness "
			"was %.1f us (over %g us)", off > 0 ? "; " : "",
			t->late_p99_us, t->late_limit_us);
		off += n > 0 ? RTE_MIN((size_t)n, len - off - 1) : 0;
	}
	if (t->why & NBLPMD_TIMING_GAPS) {
		const struct nblpmd_queue *q = &app->queues[t->gap_queue];

		n = snprintf(buf + off, len - off, "%san RX lcore went unpolled "
			"in gaps of over %g us for %.1f %% of the run (over "
			"%.0f %%; longest gap %.0f us, port %u queue %u)",
			off > 0 ? "; " : "", t->gap_limit_us,
			100.0 * t->unpolled_share,
			100.0 * NBLPMD_TIMING_UNPOLLED_SHARE, t->gap_max_us,
			q->port_id, q->queue_id);
		off += n > 0 ? RTE_MIN((size_t)n, len - off - 1) : 0;
	}
	if (t->why & NBLPMD_TIMING_LAG) {
		n = snprintf(buf + off, len - off, "%sheld NBLs came back late: "
			"p99 return lag %.1f us (over %g us)", off > 0 ? "; " : "",
			t->lag_p99_us, t->late_limit_us);
		off += n > 0 ? RTE_MIN((size_t)n, len - off - 1) : 0;
	}
	if (t->why & NBLPMD_TIMING_UNPOLLED) {
		n = snprintf(buf + off, len - off, "%s%" PRIu64 " of %" PRIu64
			" missed packets found the ring full while the RX lcore "
			"had not polled for over %u us", off > 0 ? "; " : "",
			t->missed_unpolled, t->missed, NBLPMD_UNPOLLED_US);
		off += n > 0 ? RTE_MIN((size_t)n, len - off - 1) : 0;
	}
	RTE_SET_USED(off);
}

void
nblpmd_timing_print(const struct nblpmd_app *app,
		const struct nblpmd_timing *t, FILE *f)
{
	char why[512];

	if (!t->measured)
		return;
	fprintf(f, "  Timing: %s (replay p99 late %.1f us, unpolled %.2f %% "
		"of the run in gaps over %g us, longest poll gap %.1f us, "
		"return lag p99 %.1f us, missed while unpolled %" PRIu64 ")\n",
		t->kept ? "kept time" : "could NOT keep time", t->late_p99_us,
		100.0 * t->unpolled_share, t->gap_limit_us, t->gap_max_us,
		t->lag_p99_us, t->missed_unpolled);
	if (t->kept)
		return;
	timing_reasons(app, t, why, sizeof(why));
	fprintf(stderr, "nblpmd: warning: this host could not keep time: %s; "
		"the loss and RESOURCES measured reflect the host more than "
		"the pool: run on other lcores (-l), with the consumer on an "
		"lcore of its own (--consumer-lcore), or on an idle machine\n",
		why);
}

json_t *
nblpmd_timing_json(const struct nblpmd_app *app,
		const struct nblpmd_timing *t)
{
	char why[512];
	json_t *o;

	timing_reasons(app, t, why, sizeof(why));
	o = json_pack("{s:b, s:b, s:o, s:f, s:f, s:f, s:f, s:f, s:I, s:I, "
		"s:f, s:f, s:f}",
		"measured", t->measured, "kept_time", t->kept,
		"reasons", nblpmd_json_text(why),
		"replay_late_p99_us", timing_round3(t->late_p99_us),
		"replay_late_max_us", timing_round3(t->late_max_us),
		"unpolled_share", round(t->unpolled_share * 1e6) / 1e6,
		"poll_gap_max_us", timing_round3(t->gap_max_us),
		"return_lag_p99_us", timing_round3(t->lag_p99_us),
		"missed", (json_int_t)t->missed,
		"missed_unpolled", (json_int_t)t->missed_unpolled,
		"late_limit_us", t->late_limit_us,
		"gap_limit_us", t->gap_limit_us,
		"unpolled_share_limit", NBLPMD_TIMING_UNPOLLED_SHARE);
	return o;
}
