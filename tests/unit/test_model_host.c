/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * lib/model with the host's timing: distributions from histogram
 * buckets, the residual life of a renewal process, the return lag and the
 * poll gaps in the queue model; and the advice over several seeds with
 * its headroom and its ring (nbl_advice.h).
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nbl_advice.h"
#include "nbl_hold.h"
#include "nbl_model.h"
#include "nbl_test_assert.h"

#define US 1000ull            /* ns */
#define MS (1000ull * US)

/* n arrivals, one every gap_ns from 0. */
static uint64_t *
arrivals_every(size_t n, uint64_t gap_ns)
{
	uint64_t *a = malloc(n * sizeof(*a));
	size_t i;

	if (a == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		a[i] = i * gap_ns;
	return a;
}

static struct nbl_model_params
queue_params(const struct nbl_hold_dist *d, uint32_t nb_rxd, uint32_t burst,
		uint32_t desc, uint32_t wm)
{
	struct nbl_model_params p;

	memset(&p, 0, sizeof(p));
	p.nb_rxd = nb_rxd;
	p.burst = burst;
	p.descriptors = desc;
	p.low_watermark = wm;
	p.hold = d;
	p.seed = 1;
	return p;
}

static int
parse(const char *spec, struct nbl_hold_dist *d)
{
	char err[512];
	int ret = nbl_hold_parse(spec, d, err, sizeof(err));

	if (ret != 0)
		printf("%s: %s\n", spec, err);
	return ret;
}

/* A file of values for an empirical distribution; the path in path. */
static int
write_values(char *path, size_t len, const char *name, double v, unsigned int n,
		double w, unsigned int m)
{
	unsigned int i;
	FILE *f;

	snprintf(path, len, "/tmp/test_model_host_%d_%s.txt", (int)getpid(),
		name);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	for (i = 0; i < n; i++)
		fprintf(f, "%g\n", v);
	for (i = 0; i < m; i++)
		fprintf(f, "%g\n", w);
	return fclose(f);
}

/* --------------------------------------------------- distributions */

/*
 * Buckets [10, 20] x 1 and [100, 110] x 3 (an empty one between): a
 * quarter of the draws fall in the first, three quarters in the second,
 * all within their bucket; the mean is (15 + 3 x 105) / 4 = 82.5.
 */
static int
test_hold_histogram_draws_by_weight(void)
{
	const double lo[3] = { 10, 50, 100 }, hi[3] = { 20, 60, 110 };
	const double w[3] = { 1, 0, 3 };
	struct nbl_hold_dist d;
	unsigned int k, n = 40000, in_second = 0;
	double sum = 0;

	TEST_ASSERT_EQUAL(nbl_hold_from_buckets(&d, lo, hi, w, 3, "test"), 0,
		"three buckets, one empty");
	TEST_ASSERT_EQUAL(d.kind, NBL_HOLD_HISTOGRAM, "a histogram");
	TEST_ASSERT_EQUAL(d.nb_values, 2, "the empty bucket is left out");
	TEST_ASSERT(fabs(d.mean_us - 82.5) < 1e-9, "mean %.3f, want 82.5",
		d.mean_us);
	for (k = 0; k < n; k++) {
		double v = nbl_hold_sample_us(&d, 5, 0, k);

		TEST_ASSERT((v >= 10 && v <= 20) || (v >= 100 && v <= 110),
			"draw %u gives %.3f, outside both buckets", k, v);
		in_second += v >= 100;
		sum += v;
	}
	TEST_ASSERT(fabs((double)in_second / n - 0.75) < 0.01,
		"%.4f of the draws in the bucket of weight 3 of 4",
		(double)in_second / n);
	TEST_ASSERT(fabs(sum / n - 82.5) < 1.0, "sample mean %.3f, want 82.5",
		sum / n);
	nbl_hold_free(&d);

	TEST_ASSERT_EQUAL(nbl_hold_from_buckets(&d, lo, hi, (const double[]){
		0, 0, 0 }, 3, "none"), 0, "no weight at all");
	TEST_ASSERT_EQUAL(d.kind, NBL_HOLD_NONE, "no weight: no distribution");
	TEST_ASSERT_EQUAL(nbl_hold_from_buckets(&d, (const double[]){ 20 },
		(const double[]){ 10 }, (const double[]){ 1 }, 1, "bad"),
		-EINVAL, "a bucket whose low end is above its high end");
	TEST_ASSERT_EQUAL(nbl_hold_from_buckets(&d, (const double[]){ 1 },
		(const double[]){ 2 }, (const double[]){ -1 }, 1, "bad"),
		-EINVAL, "a negative weight");
	return 0;
}

/* Mean of n residual draws of d. */
static double
residual_mean(const struct nbl_hold_dist *d, unsigned int n)
{
	double sum = 0;
	unsigned int k;

	for (k = 0; k < n; k++)
		sum += nbl_hold_residual_us(d, nbl_hold_uniform(11, 0, k),
			nbl_hold_uniform(12, 0, k));
	return sum / n;
}

/*
 * Renewal theory: the time from an arbitrary instant to the next event is,
 * on average, E[X^2] / (2 E[X]) for intervals X. Fixed 100: 50. Uniform
 * on [0, 200]: (40000 / 3) / 200 = 66.7. Exponential 50: 50 (memoryless).
 * 10 or 1000 equally likely: (100 + 10^6) / 2 / (2 x 505) = 495.1, for
 * the empirical file and for the same as narrow histogram buckets.
 */
static int
test_hold_residual_mean_is_renewal_theory(void)
{
	const double lo[2] = { 10, 1000 }, hi[2] = { 10, 1000 };
	const double w[2] = { 1, 1 };
	const unsigned int n = 200000;
	struct nbl_hold_dist d;
	char path[128], spec[160];
	double m;

	TEST_ASSERT_EQUAL(parse("100", &d), 0, "fixed");
	m = residual_mean(&d, n);
	TEST_ASSERT(fabs(m - 50) < 1, "fixed 100: mean residual %.2f, want 50",
		m);
	TEST_ASSERT_EQUAL(parse("uniform:0-200", &d), 0, "uniform");
	m = residual_mean(&d, n);
	TEST_ASSERT(fabs(m - 200.0 / 3) < 1.5,
		"uniform 0-200: mean residual %.2f, want 66.7", m);
	TEST_ASSERT_EQUAL(parse("exp:50", &d), 0, "exp");
	m = residual_mean(&d, n);
	TEST_ASSERT(fabs(m - 50) < 1.5, "exp 50: mean residual %.2f, want 50",
		m);
	TEST_ASSERT_EQUAL(write_values(path, sizeof(path), "two", 10, 1, 1000,
		1), 0, "cannot write %s", path);
	snprintf(spec, sizeof(spec), "file:%s", path);
	TEST_ASSERT_EQUAL(parse(spec, &d), 0, "file");
	unlink(path);
	m = residual_mean(&d, n);
	nbl_hold_free(&d);
	TEST_ASSERT(fabs(m - 495.1) < 10,
		"10 or 1000: mean residual %.2f, want 495.1", m);
	TEST_ASSERT_EQUAL(nbl_hold_from_buckets(&d, lo, hi, w, 2, "two"), 0,
		"buckets");
	m = residual_mean(&d, n);
	nbl_hold_free(&d);
	TEST_ASSERT(fabs(m - 495.1) < 10,
		"10 or 1000 as buckets: mean residual %.2f, want 495.1", m);
	return 0;
}

/* ------------------------------------------------------- the model */

struct wait_trace {
	const uint64_t *arrival;
	uint64_t n;
	double wait_sum_ns;
};

static void
wait_cb(void *arg, uint64_t k, uint64_t t_ns, double hold_us, bool res)
{
	struct wait_trace *w = arg;

	(void)hold_us;
	(void)res;
	w->wait_sum_ns += (double)(t_ns - w->arrival[k]);
	w->n++;
}

/*
 * One packet every 10 us, held 1000 us and returned 500 us late: each NBL
 * is out 1500 us, so 150 are held; the hold times the trace sees are the
 * generator's (1000), the lag comes on top; the last return is 1500 us
 * after the last arrival. Without a hold model there is no lag either.
 */
static int
test_model_return_lag_adds_to_hold(void)
{
	struct nbl_hold_dist d, lag;
	struct nbl_model_result r;
	struct nbl_model_params p;
	uint64_t *a = arrivals_every(20000, 10 * US);

	TEST_ASSERT(a != NULL, "out of memory");
	TEST_ASSERT_EQUAL(parse("1000", &d), 0, "hold");
	TEST_ASSERT_EQUAL(parse("500", &lag), 0, "lag");
	p = queue_params(&d, 512, 32, 1000, 0);
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 20000, &r), 0, "run failed");
	TEST_ASSERT_EQUAL(r.held_max, 100, "no lag: rate x hold");
	p.return_lag = &lag;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 20000, &r), 0, "run failed");
	TEST_ASSERT_EQUAL(r.held_max, 150, "lag 500: rate x (hold + lag)");
	TEST_ASSERT_EQUAL(r.span_ns, 19999 * 10 * US + 1500 * US,
		"span: last arrival plus hold and lag");
	/* no hold model, no lag: the consumer returns inside the indicate
	 * call, as the engine's does without --hold-us */
	p.hold = NULL;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 20000, &r), 0, "run failed");
	TEST_ASSERT_EQUAL(r.held_max, 0, "no hold: returned at once, no lag");
	free(a);
	return 0;
}

/*
 * A fixed gap is the poll_ns grid: the same arrivals give the same
 * result whether the interval is poll_ns or a fixed poll_gap.
 */
static int
test_model_fixed_poll_gap_is_the_poll_ns_grid(void)
{
	struct nbl_model_result r1, r2;
	struct nbl_model_params p;
	struct nbl_hold_dist d, gap;
	uint64_t a[3000];
	unsigned int i;

	/* bursts of 100 at 1 us, 1 ms apart */
	for (i = 0; i < 3000; i++)
		a[i] = (i / 100) * MS + (i % 100) * US;
	TEST_ASSERT_EQUAL(parse("exp:800", &d), 0, "hold");
	TEST_ASSERT_EQUAL(parse("7", &gap), 0, "gap");
	p = queue_params(&d, 64, 16, 300, 30);
	p.poll_ns = 7 * US;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 3000, &r1), 0, "run failed");
	p.poll_ns = 0;
	p.poll_gap = &gap;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 3000, &r2), 0, "run failed");
	TEST_ASSERT(memcmp(&r1, &r2, sizeof(r1)) == 0,
		"poll_ns 7 us and a fixed gap of 7 us differ (indicated %lu/%lu, "
		"missed %lu/%lu, held max %u/%u)", (unsigned long)r1.indicated,
		(unsigned long)r2.indicated, (unsigned long)r1.missed,
		(unsigned long)r2.missed, r1.held_max, r2.held_max);
	TEST_ASSERT(r1.indications > 30, "several polls per burst");
	return 0;
}

/*
 * Sparse arrivals meet the poll process at a random phase: the mean wait
 * from arrival to the poll that takes the packet is the residual life,
 * 66.7 us for gaps uniform on [0, 200] and 100 us for exponential gaps of
 * mean 100, though a gap is 100 us on average in both. Arrivals 1 ms
 * apart are reached gap by gap; 1 s apart, past the model's steps, at the
 * residual life it draws.
 */
static int
test_model_poll_gaps_wait_is_the_residual_life(void)
{
	static const struct {
		const char *gap;
		double want_us;
	} cases[] = {
		{ "uniform:0-200", 200.0 / 3 },
		{ "exp:100", 100.0 },
	};
	static const uint64_t apart[2] = { MS, 1000 * MS };
	struct wait_trace w;
	struct nbl_model_result r;
	struct nbl_model_params p;
	struct nbl_hold_dist gap;
	uint64_t *a = NULL;
	unsigned int c;

	for (c = 0; c < 4; c++) {
		double mean;

		free(a);
		a = arrivals_every(20000, apart[c / 2]);
		TEST_ASSERT(a != NULL, "out of memory");

		TEST_ASSERT_EQUAL(parse(cases[c % 2].gap, &gap), 0, "gap");
		p = queue_params(NULL, 512, 32, 1024, 0);
		p.poll_gap = &gap;
		p.trace = wait_cb;
		p.trace_arg = &w;
		memset(&w, 0, sizeof(w));
		w.arrival = a;
		TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 20000, &r), 0,
			"run failed");
		TEST_ASSERT_EQUAL(w.n, 20000, "every packet indicated");
		mean = w.wait_sum_ns / w.n / 1000.0;
		TEST_ASSERT(fabs(mean - cases[c % 2].want_us) <
			0.05 * cases[c % 2].want_us,
			"gaps %s, arrivals %lu us apart: mean wait %.2f us, want "
			"%.2f", cases[c % 2].gap,
			(unsigned long)(apart[c / 2] / US), mean,
			cases[c % 2].want_us);
	}
	free(a);
	return 0;
}

/*
 * One packet a microsecond, polls 1 us apart but one gap in a hundred
 * 300 us: each long gap piles up 300 packets. A ring of 64 overflows, one
 * of 256 still does (300 > 256), one of 4096 never does; the misses fall
 * as the ring grows.
 */
static int
test_model_long_gaps_overflow_the_ring(void)
{
	struct nbl_model_result r64, r256, r4096;
	struct nbl_model_params p;
	struct nbl_hold_dist gap;
	char path[128], spec[160];
	uint64_t *a = arrivals_every(20000, US);

	TEST_ASSERT(a != NULL, "out of memory");
	TEST_ASSERT_EQUAL(write_values(path, sizeof(path), "gaps", 1, 99, 300,
		1), 0, "cannot write %s", path);
	snprintf(spec, sizeof(spec), "file:%s", path);
	TEST_ASSERT_EQUAL(parse(spec, &gap), 0, "gap file");
	unlink(path);
	p = queue_params(NULL, 64, 32, 30000, 0);
	p.poll_gap = &gap;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 20000, &r64), 0, "run failed");
	p.nb_rxd = 256;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 20000, &r256), 0, "run failed");
	p.nb_rxd = 4096;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 20000, &r4096), 0, "run failed");
	nbl_hold_free(&gap);
	TEST_ASSERT(r64.missed > r256.missed && r256.missed > 0,
		"misses: ring 64 %lu, ring 256 %lu; want both > 0, falling",
		(unsigned long)r64.missed, (unsigned long)r256.missed);
	TEST_ASSERT_EQUAL(r4096.missed, 0, "a ring of 4096 holds any pile-up");
	TEST_ASSERT(r4096.ring_max >= 300, "a long gap piles up 300 (%u)",
		r4096.ring_max);
	TEST_ASSERT_EQUAL(r4096.indicated, 20000, "every packet indicated");
	free(a);
	return 0;
}

/* ------------------------------------------------------ the advice */

static struct nbl_advice_params
advice_params(const struct nbl_hold_dist *hold, uint32_t seeds)
{
	struct nbl_advice_params ap;

	memset(&ap, 0, sizeof(ap));
	ap.sweep.queue = queue_params(hold, 512, 32, 0, 0);
	ap.sweep.wm = NBL_MODEL_WM_AUTO;
	ap.sweep.d_max = 1u << 20;
	ap.seeds = seeds;
	return ap;
}

/* Bursts of 2000 at 100 kpps, 100 ms apart: D well above nb_rxd + B. */
static uint64_t *
bursty_arrivals(size_t n)
{
	uint64_t *a = malloc(n * sizeof(*a));
	size_t i;

	if (a == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		a[i] = (i / 2000) * 100 * MS + (i % 2000) * 10 * US;
	return a;
}

/*
 * A fixed hold is the same for every seed: every seed needs the same D,
 * the spread is 0, no headroom, and the advice is the one seed's sweep.
 */
static int
test_advice_fixed_hold_has_no_spread(void)
{
	struct nbl_model_sweep_params sp;
	struct nbl_advice_params ap;
	struct nbl_model_sweep one;
	struct nbl_advice adv;
	struct nbl_hold_dist d;
	uint64_t *a = bursty_arrivals(10000);
	uint32_t s;

	TEST_ASSERT(a != NULL, "out of memory");
	TEST_ASSERT_EQUAL(parse("30000", &d), 0, "hold");
	ap = advice_params(&d, 16);
	TEST_ASSERT_EQUAL(nbl_model_advise(&ap, a, 10000, &adv), 0,
		"advise failed");
	sp = ap.sweep;
	TEST_ASSERT_EQUAL(nbl_model_sweep(&sp, a, 10000, &one), 0,
		"sweep failed");
	for (s = 0; s < 16; s++)
		TEST_ASSERT_EQUAL(adv.per_seed[s], one.advice,
			"seed %u needs what seed 1 needs", s + 1);
	TEST_ASSERT_EQUAL(adv.headroom, 0, "no spread, no headroom");
	TEST_ASSERT_EQUAL(adv.descriptors, one.advice, "the one sweep's D");
	TEST_ASSERT_EQUAL(adv.d_min, adv.d_max, "min == max");
	TEST_ASSERT(adv.descriptors > 512 + 32, "held NBLs set D (%u)",
		adv.descriptors);
	nbl_model_sweep_free(&one);
	nbl_model_advice_free(&adv);
	free(a);
	return 0;
}

static int
cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

/*
 * Random holds: each seed's smallest D is what a sweep with that seed
 * alone gives; the advice is the largest plus its distance from the
 * median (the lower median for an even count), above every seed.
 */
static int
test_advice_is_max_plus_spread(void)
{
	struct nbl_advice_params ap;
	struct nbl_advice adv;
	struct nbl_hold_dist d;
	uint64_t *a = bursty_arrivals(10000);
	uint32_t sorted[8], s, want;

	TEST_ASSERT(a != NULL, "out of memory");
	TEST_ASSERT_EQUAL(parse("exp:20000", &d), 0, "hold");
	ap = advice_params(&d, 8);
	ap.sweep.queue.seed = 100;
	TEST_ASSERT_EQUAL(nbl_model_advise(&ap, a, 10000, &adv), 0,
		"advise failed");
	for (s = 0; s < 8; s++) {
		struct nbl_model_sweep_params sp = ap.sweep;
		struct nbl_model_sweep one;

		sp.queue.seed = 100 + s;
		TEST_ASSERT_EQUAL(nbl_model_sweep(&sp, a, 10000, &one), 0,
			"sweep failed");
		TEST_ASSERT_EQUAL(adv.per_seed[s], one.advice,
			"seed %u: the advice's own sweep", 100 + s);
		sorted[s] = one.advice;
		nbl_model_sweep_free(&one);
	}
	qsort(sorted, 8, sizeof(sorted[0]), cmp_u32);
	TEST_ASSERT(sorted[7] > sorted[0], "exponential holds spread the seeds "
		"(%u..%u)", sorted[0], sorted[7]);
	want = sorted[7] + (sorted[7] - sorted[3]);
	TEST_ASSERT_EQUAL(adv.descriptors, want, "max %u + (max - median %u)",
		sorted[7], sorted[3]);
	TEST_ASSERT_EQUAL(adv.d_median, sorted[3], "median");
	TEST_ASSERT_EQUAL(adv.headroom, sorted[7] - sorted[3], "headroom");
	nbl_model_advice_free(&adv);
	free(a);
	return 0;
}

/*
 * The ring: with the long gaps above (300 packets piled up now and then)
 * and D never limiting, the advice's ring is the smallest power of two
 * from the floor whose misses are 0 for every seed: half of it misses for
 * some seed. The D sweep ran with it, and D maps it.
 */
static int
test_advice_ring_is_smallest_power_of_two_meeting_loss(void)
{
	struct nbl_advice_params ap;
	struct nbl_model_result r;
	struct nbl_model_params p;
	struct nbl_advice adv;
	struct nbl_hold_dist gap;
	char path[128], spec[160];
	uint64_t *a = arrivals_every(20000, US);
	uint32_t s;
	bool half_misses = false;

	TEST_ASSERT(a != NULL, "out of memory");
	TEST_ASSERT_EQUAL(write_values(path, sizeof(path), "ring", 1, 99, 300,
		1), 0, "cannot write %s", path);
	snprintf(spec, sizeof(spec), "file:%s", path);
	TEST_ASSERT_EQUAL(parse(spec, &gap), 0, "gap file");
	unlink(path);
	ap = advice_params(NULL, 4);
	ap.sweep.queue.poll_gap = &gap;
	ap.sweep.queue.nb_rxd = 0;
	ap.rxd_auto = true;
	TEST_ASSERT_EQUAL(nbl_model_advise(&ap, a, 20000, &adv), 0,
		"advise failed");
	TEST_ASSERT(adv.rxd_needed >= 512 &&
		(adv.rxd_needed & (adv.rxd_needed - 1)) == 0,
		"ring %u: a power of two that holds a pile-up of 300",
		adv.rxd_needed);
	TEST_ASSERT_EQUAL(adv.rxd, adv.rxd_needed, "the sweep's ring");
	TEST_ASSERT(adv.descriptors >= adv.rxd + 32, "D %u maps ring %u (R7)",
		adv.descriptors, adv.rxd);
	p = ap.sweep.queue;
	p.descriptors = 20000 + adv.rxd_needed;
	p.low_watermark = 0;
	for (s = 0; s < 4; s++) {
		p.seed = 1 + s;
		p.nb_rxd = adv.rxd_needed;
		TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 20000, &r), 0, "run");
		TEST_ASSERT_EQUAL(r.missed, 0, "seed %u misses at the ring", s);
		p.nb_rxd = adv.rxd_needed / 2;
		TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 20000, &r), 0, "run");
		half_misses |= r.missed > 0;
	}
	TEST_ASSERT(half_misses, "half the ring (%u) misses for no seed",
		adv.rxd_needed / 2);
	nbl_model_advice_free(&adv);

	/* a ring D may not map: no advice, every seed failed */
	ap.sweep.d_max = 300;
	TEST_ASSERT_EQUAL(nbl_model_advise(&ap, a, 20000, &adv), 0,
		"advise failed");
	TEST_ASSERT_EQUAL(adv.descriptors, 0, "no D up to 300 maps the ring");
	TEST_ASSERT_EQUAL(adv.failed_seeds, 4, "every seed failed");
	nbl_model_advice_free(&adv);
	nbl_hold_free(&gap);
	free(a);
	return 0;
}

static const struct nbl_test_case cases[] = {
	{ "test_hold_histogram_draws_by_weight",
		test_hold_histogram_draws_by_weight },
	{ "test_hold_residual_mean_is_renewal_theory",
		test_hold_residual_mean_is_renewal_theory },
	{ "test_model_return_lag_adds_to_hold",
		test_model_return_lag_adds_to_hold },
	{ "test_model_fixed_poll_gap_is_the_poll_ns_grid",
		test_model_fixed_poll_gap_is_the_poll_ns_grid },
	{ "test_model_poll_gaps_wait_is_the_residual_life",
		test_model_poll_gaps_wait_is_the_residual_life },
	{ "test_model_long_gaps_overflow_the_ring",
		test_model_long_gaps_overflow_the_ring },
	{ "test_advice_fixed_hold_has_no_spread",
		test_advice_fixed_hold_has_no_spread },
	{ "test_advice_is_max_plus_spread", test_advice_is_max_plus_spread },
	{ "test_advice_ring_is_smallest_power_of_two_meeting_loss",
		test_advice_ring_is_smallest_power_of_two_meeting_loss },
};

int
main(int argc, char **argv)
{
	return nbl_test_run(argc, argv, cases,
		(unsigned int)(sizeof(cases) / sizeof(cases[0])));
}
