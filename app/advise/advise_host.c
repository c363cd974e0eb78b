/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * --host REPORT.json: the host's timing as an nblpmd run measured it. The
 * report (nblpmd --stats-json) gives, per RX queue, the gaps between
 * polls (poll_gap_us) and how late held NBLs came back (return_lag_us),
 * each with its histogram's non-empty buckets [low_us, high_us, count];
 * every queue's buckets together are the distribution the model draws
 * from (nbl_hold_from_buckets). --poll-gap-us and --return-lag-us, when
 * given, win over the report's. The replay's lateness (replay.late_us) is
 * read for --verify's judgement only: a replay is late in stalls (a
 * descheduled thread delays every packet due meanwhile), which draws
 * packet by packet would overstate; --late-us gives the model a lateness
 * by hand.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "advise.h"

/* Buckets gathered from every queue of a report. */
struct host_buckets {
	double *lo;
	double *hi;
	double *w;
	size_t n;
	size_t cap;
	uint64_t count;
	double p99_us;           /* the largest queue p99 */
	double max_us;
};

static int
host_push(struct host_buckets *b, double lo, double hi, double w)
{
	if (b->n == b->cap) {
		size_t ncap = b->cap == 0 ? 256 : b->cap * 2;
		double *nlo = realloc(b->lo, ncap * sizeof(double));
		double *nhi, *nw;

		if (nlo == NULL)
			return -ENOMEM;
		b->lo = nlo;
		nhi = realloc(b->hi, ncap * sizeof(double));
		if (nhi == NULL)
			return -ENOMEM;
		b->hi = nhi;
		nw = realloc(b->w, ncap * sizeof(double));
		if (nw == NULL)
			return -ENOMEM;
		b->w = nw;
		b->cap = ncap;
	}
	b->lo[b->n] = lo;
	b->hi[b->n] = hi;
	b->w[b->n] = w;
	b->n++;
	return 0;
}

static void
host_buckets_free(struct host_buckets *b)
{
	free(b->lo);
	free(b->hi);
	free(b->w);
	memset(b, 0, sizeof(*b));
}

/* One queue's histogram (an object with count, p99, max, buckets); false
 * when it is not one. */
static bool
host_gather(json_t *h, struct host_buckets *b, int *ret)
{
	json_t *bk = json_object_get(h, "buckets"), *e;
	size_t i;

	*ret = 0;
	if (!json_is_object(h) || !json_is_array(bk))
		return false;
	json_array_foreach(bk, i, e) {
		double lo = json_number_value(json_array_get(e, 0));
		double hi = json_number_value(json_array_get(e, 1));
		double w = json_number_value(json_array_get(e, 2));

		if (!json_is_array(e) || json_array_size(e) != 3 ||
				!(lo >= 0) || !(hi >= lo) || !(w >= 0))
			return false;
		*ret = host_push(b, lo, hi, w);
		if (*ret != 0)
			return false;
		b->count += (uint64_t)w;
	}
	if (json_number_value(json_object_get(h, "p99")) > b->p99_us)
		b->p99_us = json_number_value(json_object_get(h, "p99"));
	if (json_number_value(json_object_get(h, "max")) > b->max_us)
		b->max_us = json_number_value(json_object_get(h, "max"));
	return true;
}

static int
host_bad(const struct advise_opts *o, const char *what)
{
	fprintf(stderr, "nblpmd-advise: --host %s: %s; give the --stats-json "
		"report of an nblpmd run on the host (nblpmd 0.2 or later "
		"measures poll gaps and return lags)\n", o->host, what);
	return -EINVAL;
}

int
advise_host_load(struct advise_opts *o)
{
	struct host_buckets gaps = { 0 }, lags = { 0 }, lates = { 0 };
	struct advise_host_info *hi = &o->host_info;
	json_t *root, *qs, *q, *timing;
	json_error_t je;
	size_t i;
	int ret = 0;

	if (o->host == NULL)
		return 0;
	root = json_load_file(o->host, 0, &je);
	if (root == NULL) {
		char what[256];

		snprintf(what, sizeof(what), "not a JSON file (line %d: %s)",
			je.line, je.text);
		return host_bad(o, what);
	}
	qs = json_object_get(root, "rx_queues");
	if (!json_is_array(qs) || json_array_size(qs) == 0) {
		json_decref(root);
		return host_bad(o, "no rx_queues[] in it");
	}
	json_array_foreach(qs, i, q) {
		if (!host_gather(json_object_get(q, "poll_gap_us"), &gaps,
				&ret) && ret == 0) {
			json_decref(root);
			host_buckets_free(&gaps);
			host_buckets_free(&lags);
			host_buckets_free(&lates);
			return host_bad(o, "an rx_queues[] entry has no "
				"poll_gap_us with buckets");
		}
		if (ret == 0)
			host_gather(json_object_get(q, "return_lag_us"), &lags,
				&ret);
		if (ret != 0)
			break;
	}
	/* the replay's lateness: how late packets reached the ring (for
	 * --verify's judgement) */
	if (ret == 0)
		host_gather(json_object_get(json_object_get(root, "replay"),
			"late_us"), &lates, &ret);
	timing = json_object_get(root, "timing");
	hi->kept_time = json_is_true(json_object_get(timing, "kept_time"));
	hi->unpolled_share = json_number_value(json_object_get(timing,
		"unpolled_share"));
	snprintf(hi->reasons, sizeof(hi->reasons), "%s",
		json_string_value(json_object_get(timing, "reasons")) != NULL ?
		json_string_value(json_object_get(timing, "reasons")) : "");
	json_decref(root);
	hi->poll_gaps = gaps.count;
	hi->lags = lags.count;
	hi->gap_p99_us = gaps.p99_us;
	hi->gap_max_us = gaps.max_us;
	hi->lag_p99_us = lags.p99_us;
	hi->lag_max_us = lags.max_us;
	hi->lates = lates.count;
	hi->late_p99_us = lates.p99_us;
	hi->late_max_us = lates.max_us;
	if (ret == 0 && o->poll_gap_spec == NULL && gaps.n > 0)
		ret = nbl_hold_from_buckets(&o->poll_gap, gaps.lo, gaps.hi,
			gaps.w, gaps.n, "poll gaps of --host");
	if (ret == 0 && o->return_lag_spec == NULL && lags.n > 0)
		ret = nbl_hold_from_buckets(&o->return_lag, lags.lo, lags.hi,
			lags.w, lags.n, "return lags of --host");
	host_buckets_free(&gaps);
	host_buckets_free(&lags);
	host_buckets_free(&lates);
	if (ret == -ENOMEM) {
		fprintf(stderr, "nblpmd-advise: --host %s: out of memory\n",
			o->host);
		return ret;
	}
	if (ret != 0)
		return host_bad(o, "a histogram bucket is out of range");
	return 0;
}

/* One distribution in a line: where it comes from, mean and top. */
static void
host_print_dist(const char *what, const struct nbl_hold_dist *d,
		const char *spec, FILE *f)
{
	if (d->kind == NBL_HOLD_NONE) {
		fprintf(f, "  %s: none%s\n", what, spec != NULL ? " (0)" : "");
		return;
	}
	fprintf(f, "  %s: %s (mean %.3f us, largest %.1f us)\n", what,
		spec != NULL ? spec : d->spec, d->mean_us, d->max_us);
}

void
advise_host_print(const struct advise_opts *o, FILE *f)
{
	const struct advise_host_info *hi = &o->host_info;

	if (o->host == NULL && o->poll_gap.kind == NBL_HOLD_NONE &&
			o->return_lag.kind == NBL_HOLD_NONE &&
			o->late.kind == NBL_HOLD_NONE) {
		fprintf(f, "Host timing: none given (continuous polling, returns "
			"on time); measure it with an nblpmd run and give --host "
			"REPORT.json\n");
		return;
	}
	fprintf(f, "Host timing:\n");
	if (o->host != NULL) {
		fprintf(f, "  from %s: %" PRIu64 " poll gaps (p99 %.3f us, "
			"longest %.1f us, unpolled %.2f %% of the run), %" PRIu64
			" return lags (p99 %.3f us, longest %.1f us), %" PRIu64
			" replay latenesses (p99 %.1f us, longest %.1f us)\n",
			o->host, hi->poll_gaps, hi->gap_p99_us, hi->gap_max_us,
			100.0 * hi->unpolled_share, hi->lags, hi->lag_p99_us,
			hi->lag_max_us, hi->lates, hi->late_p99_us,
			hi->late_max_us);
		if (hi->lags == 0 && o->return_lag_spec == NULL)
			fprintf(f, "  note: that run held no NBLs (no --hold-us), "
				"so it measured no return lag; the model returns "
				"on time\n");
		if (!hi->kept_time && hi->reasons[0] != '\0')
			fprintf(f, "  note: that run could not keep time (%s): "
				"the advice covers a host that slow\n",
				hi->reasons);
	}
	host_print_dist("poll gaps", &o->poll_gap, o->poll_gap_spec, f);
	host_print_dist("return lag", &o->return_lag, o->return_lag_spec, f);
	host_print_dist("arrival lateness", &o->late, o->late_spec, f);
}
