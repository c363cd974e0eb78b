/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The host's timing, as the run measured it: per queue the gaps between
 * polls (lib/rxq) and how late each hold came back (the hold model), and
 * the replay's lateness against its deadlines; then whether the run kept
 * time. A run that did not keep time measured the host more than the pool,
 * and says so: one warning line on stderr at the end, and the JSON
 * report's "timing" member, which nblpmd-advise --verify reads.
 *
 * It reads the copies of the histograms stats/timing_keep.c made at
 * teardown (nblpmd_timing_keep).
 */

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>

#include "json/json.h"
#include "replay/replay.h"
#include "report_pvt.h"

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
			"had not polled, or were sent late, for over %u us",
			off > 0 ? "; " : "",
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
		"return lag p99 %.1f us, missed in host stalls %" PRIu64 ")\n",
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
		"replay_late_p99_us", nblpmd_json_round_us(t->late_p99_us),
		"replay_late_max_us", nblpmd_json_round_us(t->late_max_us),
		"unpolled_share", round(t->unpolled_share * 1e6) / 1e6,
		"poll_gap_max_us", nblpmd_json_round_us(t->gap_max_us),
		"return_lag_p99_us", nblpmd_json_round_us(t->lag_p99_us),
		"missed", (json_int_t)t->missed,
		"missed_unpolled", (json_int_t)t->missed_unpolled,
		"late_limit_us", t->late_limit_us,
		"gap_limit_us", t->gap_limit_us,
		"unpolled_share_limit", NBLPMD_TIMING_UNPOLLED_SHARE);
	return o;
}
