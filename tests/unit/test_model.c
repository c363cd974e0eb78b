/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * lib/model: hold-time distributions and their generator; the queue
 * model and the sweep over D, against cases worked out by hand.
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nbl_hold.h"
#include "nbl_model.h"
#include "nbl_test_assert.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of n samples of queue 0 with seed 1. */
static double
sample_median(const struct nbl_hold_dist *d, unsigned int n)
{
	double *v = malloc(n * sizeof(*v));
	double m;
	unsigned int k;

	if (v == NULL)
		return NAN;
	for (k = 0; k < n; k++)
		v[k] = nbl_hold_sample_us(d, 1, 0, k);
	qsort(v, n, sizeof(*v), cmp_double);
	m = v[n / 2];
	free(v);
	return m;
}

static int
write_file(char *path, size_t len, const char *text)
{
	FILE *f;

	snprintf(path, len, "/tmp/test_model_%d_%u.txt", (int)getpid(),
		(unsigned int)strlen(text));
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fputs(text, f);
	fclose(f);
	return 0;
}

static int
test_hold_fixed_and_zero(void)
{
	struct nbl_hold_dist d;
	char err[512];

	TEST_ASSERT_EQUAL(nbl_hold_parse("500", &d, err, sizeof(err)), 0,
		"'500' refused: %s", err);
	TEST_ASSERT_EQUAL(d.kind, NBL_HOLD_FIXED, "500 is a fixed hold");
	TEST_ASSERT(nbl_hold_sample_us(&d, 7, 3, 12345) == 500.0,
		"a fixed hold gives its value");
	nbl_hold_free(&d);
	TEST_ASSERT_EQUAL(nbl_hold_parse("0", &d, err, sizeof(err)), 0,
		"'0' refused: %s", err);
	TEST_ASSERT_EQUAL(d.kind, NBL_HOLD_NONE, "0 means no hold");
	return 0;
}

static int
test_hold_bad_specs_name_the_grammar(void)
{
	static const char *const bad[] = {
		"exp:-1", "exp:0", "exp:", "uniform:5-1", "uniform:5",
		"uniform:-1-5", "abc", "-3", "12us", "", "file:",
		"file:/nonexistent/hold.txt",
	};
	struct nbl_hold_dist d;
	char err[512];
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = nbl_hold_parse(bad[i], &d, err, sizeof(err));

		TEST_ASSERT(ret < 0, "'%s' accepted", bad[i]);
		TEST_ASSERT(strstr(err, "exp:MEAN") != NULL &&
			strstr(err, "uniform:MIN-MAX") != NULL,
			"message for '%s' lacks the grammar: %s", bad[i], err);
	}
	TEST_ASSERT_EQUAL(nbl_hold_parse("file:/nonexistent/hold.txt", &d,
		err, sizeof(err)), -ENOENT, "a missing file is -ENOENT");
	return 0;
}

static int
test_hold_file_bad_line_named(void)
{
	struct nbl_hold_dist d;
	char path[128], spec[160], err[512], want[160];

	TEST_ASSERT_EQUAL(write_file(path, sizeof(path),
		"# hold times\n100\n\n250 # a comment\nfast\n"), 0,
		"cannot write a temporary file");
	snprintf(spec, sizeof(spec), "file:%s", path);
	TEST_ASSERT(nbl_hold_parse(spec, &d, err, sizeof(err)) == -EINVAL,
		"a bad line accepted");
	snprintf(want, sizeof(want), "%s:5:", path);
	TEST_ASSERT(strstr(err, want) != NULL, "message does not name %s: %s",
		want, err);
	unlink(path);

	TEST_ASSERT_EQUAL(write_file(path, sizeof(path), "# nothing\n\n"), 0,
		"cannot write a temporary file");
	snprintf(spec, sizeof(spec), "file:%s", path);
	TEST_ASSERT(nbl_hold_parse(spec, &d, err, sizeof(err)) == -EINVAL,
		"a file without values accepted: %s", err);
	TEST_ASSERT(strstr(err, "no hold time") != NULL, "message: %s", err);
	unlink(path);
	return 0;
}

static int
test_hold_file_is_empirical(void)
{
	struct nbl_hold_dist d;
	char path[128], spec[160], err[512];
	unsigned int k, seen[3] = {0, 0, 0};

	TEST_ASSERT_EQUAL(write_file(path, sizeof(path), "10\n20\n30\n"), 0,
		"cannot write a temporary file");
	snprintf(spec, sizeof(spec), "file:%s", path);
	TEST_ASSERT_EQUAL(nbl_hold_parse(spec, &d, err, sizeof(err)), 0,
		"file refused: %s", err);
	unlink(path);
	TEST_ASSERT(d.mean_us == 20.0 && d.max_us == 30.0,
		"mean %f max %f", d.mean_us, d.max_us);
	for (k = 0; k < 30000; k++) {
		double v = nbl_hold_sample_us(&d, 5, 1, k);

		TEST_ASSERT(v == 10.0 || v == 20.0 || v == 30.0,
			"sample %f is not a value of the file", v);
		seen[(int)(v / 10) - 1]++;
	}
	for (k = 0; k < 3; k++)
		TEST_ASSERT(seen[k] > 9000 && seen[k] < 11000,
			"value %u drawn %u times of 30000", (k + 1) * 10,
			seen[k]);
	nbl_hold_free(&d);
	return 0;
}

/* exp:500 has median 500 ln 2 = 346.6; uniform:100-300 has median 200. */
static int
test_hold_medians(void)
{
	struct nbl_hold_dist d;
	char err[512];
	double m;

	TEST_ASSERT_EQUAL(nbl_hold_parse("exp:500", &d, err, sizeof(err)), 0,
		"%s", err);
	m = sample_median(&d, 100001);
	TEST_ASSERT(fabs(m - 346.57) < 7, "exp:500 median %f, want 346.6", m);
	TEST_ASSERT_EQUAL(nbl_hold_parse("uniform:100-300", &d, err,
		sizeof(err)), 0, "%s", err);
	m = sample_median(&d, 100001);
	TEST_ASSERT(fabs(m - 200) < 3, "uniform:100-300 median %f", m);
	for (unsigned int k = 0; k < 10000; k++) {
		double v = nbl_hold_sample_us(&d, 9, 0, k);

		TEST_ASSERT(v >= 100 && v <= 300, "uniform sample %f", v);
	}
	return 0;
}

/* The generator is a function of (seed, queue, k): order does not matter,
 * and a different seed or queue gives different values. */
static int
test_hold_generator_is_counter_based(void)
{
	struct nbl_hold_dist d;
	char err[512];
	double fwd[1000];
	unsigned int k, same_seed = 0, same_queue = 0;

	TEST_ASSERT_EQUAL(nbl_hold_parse("exp:1000", &d, err, sizeof(err)), 0,
		"%s", err);
	for (k = 0; k < 1000; k++)
		fwd[k] = nbl_hold_sample_us(&d, 42, 2, k);
	for (k = 1000; k-- > 0;)
		TEST_ASSERT(nbl_hold_sample_us(&d, 42, 2, k) == fwd[k],
			"packet %u differs when drawn in another order", k);
	for (k = 0; k < 1000; k++) {
		same_seed += nbl_hold_sample_us(&d, 43, 2, k) == fwd[k];
		same_queue += nbl_hold_sample_us(&d, 42, 3, k) == fwd[k];
	}
	TEST_ASSERT(same_seed < 5 && same_queue < 5,
		"seed or queue does not change the values (%u, %u same)",
		same_seed, same_queue);
	return 0;
}

/* ------------------------------------------------------- queue model */

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

/*
 * One packet every 10 us held 1000 us each: when packet i arrives, packet
 * i - 100 returns at that instant (returns come first), so 99 are held
 * before the poll and 100 after it: held = rate x hold = 100 000/s x
 * 1 ms = 100, from packet 99 on. Nothing is missed, the free list never
 * empties, and 99.9 % of 100 000 packets see 100.
 */
static int
test_model_fixed_hold_constant_rate_holds_rate_times_hold(void)
{
	struct nbl_model_result r;
	struct nbl_model_params p;
	struct nbl_hold_dist d;
	char err[512];
	uint64_t *a = arrivals_every(100000, 10 * US);

	TEST_ASSERT(a != NULL, "out of memory");
	TEST_ASSERT_EQUAL(nbl_hold_parse("1000", &d, err, sizeof(err)), 0,
		"%s", err);
	p = queue_params(&d, 512, 32, 1000, 0);
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 100000, &r), 0, "run failed");
	TEST_ASSERT_EQUAL(r.held_max, 100, "held max is rate x hold");
	TEST_ASSERT_EQUAL(r.held_p999, 100, "held p99.9 is rate x hold");
	TEST_ASSERT_EQUAL(r.indicated, 100000, "every packet indicated");
	TEST_ASSERT_EQUAL(r.indications, 100000, "one chain per arrival");
	TEST_ASSERT_EQUAL(r.missed, 0, "nothing missed");
	TEST_ASSERT_EQUAL(r.resources_nbls, 0, "no RESOURCES with W 0");
	TEST_ASSERT_EQUAL(r.empty_ns, 0, "free list never empty");
	TEST_ASSERT_EQUAL(r.span_ns, 99999 * 10 * US + 1000 * US,
		"span: last arrival plus one hold");

	/* Half the rate, twice the hold: the same 100. */
	free(a);
	a = arrivals_every(20000, 20 * US);
	TEST_ASSERT(a != NULL, "out of memory");
	TEST_ASSERT_EQUAL(nbl_hold_parse("2000", &d, err, sizeof(err)), 0,
		"%s", err);
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 20000, &r), 0, "run failed");
	TEST_ASSERT_EQUAL(r.held_max, 100, "held max at half rate, twice hold");
	free(a);
	return 0;
}

/*
 * D 10, ring 4, burst 4, W 0, every packet held 1 s, 20 packets 1 us
 * apart. Packets 0-9 take the 10 descriptors (the free list is empty from
 * t = 9 us), 10-13 wait in the ring, 14-19 find it full: 6 missed. At 1 s
 * packet 0 returns and packet 10 is polled at once, emptying the list
 * again; the same at 1 s + 1, 2, 3 us for packets 11-13; packet 4's return
 * at 1 s + 4 us finds the ring empty. Empty: (1 s - 9 us) + 4 x 1 us, in 5
 * episodes.
 */
static int
test_model_ring_overflow_missed_exact(void)
{
	struct nbl_model_result r;
	struct nbl_model_params p;
	struct nbl_hold_dist d;
	char err[512];
	uint64_t *a = arrivals_every(20, US);

	TEST_ASSERT(a != NULL, "out of memory");
	TEST_ASSERT_EQUAL(nbl_hold_parse("1000000", &d, err, sizeof(err)), 0,
		"%s", err);
	p = queue_params(&d, 4, 4, 10, 0);
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 20, &r), 0, "run failed");
	TEST_ASSERT_EQUAL(r.missed, 6, "20 - D 10 - ring 4 missed");
	TEST_ASSERT_EQUAL(r.indicated, 14, "D + ring indicated");
	TEST_ASSERT_EQUAL(r.ring_max, 4, "the ring filled");
	TEST_ASSERT_EQUAL(r.held_max, 10, "all of D held");
	TEST_ASSERT_EQUAL(r.empty_episodes, 5, "free list emptied 5 times");
	TEST_ASSERT_EQUAL(r.empty_ns, 1000 * MS - 9 * US + 4 * US,
		"free list empty time");
	free(a);
	return 0;
}

/*
 * D 64, burst 32, held 1 s. At t 0 a chain of 32 leaves 32 free; at 1 us a
 * chain of 24 leaves 8 free; single packets at 2 and 3 us would leave 7.
 * With W 8: nfree_after == W is not RESOURCES, W - 1 is, so the chain of
 * 24 is held and the two singles carry RESOURCES and come back at once.
 * With W 9 the chain of 24 carries RESOURCES instead, and the singles,
 * finding 32 free, are held. With W 0 nothing does.
 */
static int
test_model_resources_at_exactly_the_watermark(void)
{
	uint64_t a[58];
	struct nbl_model_result r;
	struct nbl_model_params p;
	struct nbl_hold_dist d;
	char err[512];
	unsigned int i;

	for (i = 0; i < 32; i++)
		a[i] = 0;
	for (; i < 56; i++)
		a[i] = US;
	a[56] = 2 * US;
	a[57] = 3 * US;
	TEST_ASSERT_EQUAL(nbl_hold_parse("1000000", &d, err, sizeof(err)), 0,
		"%s", err);
	p = queue_params(&d, 512, 32, 64, 8);
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 58, &r), 0, "run failed");
	TEST_ASSERT_EQUAL(r.indications, 4, "four chains");
	TEST_ASSERT_EQUAL(r.resources_indications, 2,
		"W 8: only the chains leaving 7 free carry RESOURCES");
	TEST_ASSERT_EQUAL(r.resources_nbls, 2, "W 8: two RESOURCES NBLs");
	TEST_ASSERT_EQUAL(r.held_max, 56, "W 8: 32 + 24 held");

	p.low_watermark = 9;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 58, &r), 0, "run failed");
	TEST_ASSERT_EQUAL(r.resources_indications, 1,
		"W 9: the chain leaving 8 free carries RESOURCES");
	TEST_ASSERT_EQUAL(r.resources_nbls, 24, "W 9: the chain of 24");
	TEST_ASSERT_EQUAL(r.held_max, 34, "W 9: 32 + 1 + 1 held");

	p.low_watermark = 0;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 58, &r), 0, "run failed");
	TEST_ASSERT_EQUAL(r.resources_indications, 0, "W 0: never RESOURCES");
	TEST_ASSERT_EQUAL(r.held_max, 58, "W 0: all held");
	TEST_ASSERT_EQUAL(r.missed, 0, "W 0: D 64 takes all 58");
	return 0;
}

struct hold_trace {
	uint64_t n;
	uint64_t next_k;
	bool in_order;
	uint64_t resources;
	double hold_us[4096];
	bool res[4096];
};

static void
hold_trace_cb(void *arg, uint64_t k, uint64_t t_ns, double hold_us,
		bool resources)
{
	struct hold_trace *tr = arg;

	(void)t_ns;
	if (k != tr->next_k)
		tr->in_order = false;
	tr->next_k = k + 1;
	if (k < 4096) {
		tr->hold_us[k] = hold_us;
		tr->res[k] = resources;
	}
	tr->resources += resources;
	tr->n++;
}

/*
 * NBL k of a queue is held nbl_hold_sample_us(dist, seed, queue, k), the
 * function the engine's consumer calls, RESOURCES NBLs included in k. One
 * descriptor, one packet every 10 ms and holds under 5 ms: the free list
 * is empty exactly while each NBL is held, so the empty time is the sum of
 * the engine function's hold times, independently of the trace.
 */
static int
test_model_same_seed_same_holds_as_engine(void)
{
	static struct hold_trace tr;
	struct nbl_model_result r;
	struct nbl_model_params p;
	struct nbl_hold_dist d;
	uint64_t *a, sum_ns = 0, k;
	char err[512];

	TEST_ASSERT_EQUAL(nbl_hold_parse("uniform:100-5000", &d, err,
		sizeof(err)), 0, "%s", err);
	a = arrivals_every(2000, 10 * MS);
	TEST_ASSERT(a != NULL, "out of memory");
	p = queue_params(&d, 8, 4, 1, 0);
	p.seed = 12345;
	p.queue = 3;
	p.trace = hold_trace_cb;
	p.trace_arg = &tr;
	memset(&tr, 0, sizeof(tr));
	tr.in_order = true;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 2000, &r), 0, "run failed");
	TEST_ASSERT(tr.in_order && tr.n == 2000, "k in order, 2000 NBLs");
	for (k = 0; k < 2000; k++) {
		double want = nbl_hold_sample_us(&d, 12345, 3, k);

		TEST_ASSERT(tr.hold_us[k] == want,
			"NBL %lu held %.9f us, the engine's generator gives %.9f",
			(unsigned long)k, tr.hold_us[k], want);
		sum_ns += (uint64_t)(want * 1000.0 + 0.5);
	}
	TEST_ASSERT_EQUAL(r.empty_ns, sum_ns,
		"empty time is the sum of the engine's hold times");

	/* RESOURCES NBLs take their k: D 64, W 56, 64 packets at once. The
	 * first chain of 8 leaves 56 free and is held; every later one would
	 * leave 48 and carries RESOURCES. */
	free(a);
	a = calloc(64, sizeof(*a));
	TEST_ASSERT(a != NULL, "out of memory");
	p = queue_params(&d, 512, 8, 64, 56);
	p.seed = 7;
	p.trace = hold_trace_cb;
	p.trace_arg = &tr;
	memset(&tr, 0, sizeof(tr));
	tr.in_order = true;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 64, &r), 0, "run failed");
	TEST_ASSERT(tr.in_order && tr.n == 64, "k counts every NBL");
	TEST_ASSERT_EQUAL(tr.resources, 56, "chains 2-8 leave 48 < 56 free");
	for (k = 0; k < 64; k++)
		if (!tr.res[k])
			TEST_ASSERT(tr.hold_us[k] ==
				nbl_hold_sample_us(&d, 7, 0, k),
				"held NBL %lu has the engine's hold time",
				(unsigned long)k);
	for (k = 8; k < 64; k++)
		TEST_ASSERT(tr.res[k], "NBL %lu is RESOURCES", (unsigned long)k);
	free(a);
	return 0;
}

/*
 * A ring of 8 and one burst of 4 per 1 us poll: 10 packets at one instant
 * fill the ring (2 missed) and leave in two polls. Polled continuously, the
 * same 10 share bursts of 4, 4 and 2 and none is missed.
 */
static int
test_model_poll_interval_one_burst_per_poll(void)
{
	uint64_t a[10] = { 0 };
	struct nbl_model_result r;
	struct nbl_model_params p = queue_params(NULL, 8, 4, 100, 0);

	p.poll_ns = US;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 10, &r), 0, "run failed");
	TEST_ASSERT_EQUAL(r.missed, 2, "a full ring before the first poll");
	TEST_ASSERT_EQUAL(r.indications, 2, "two polls of 4");
	TEST_ASSERT_EQUAL(r.indicated, 8, "what the ring held");
	p.poll_ns = 0;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 10, &r), 0, "run failed");
	TEST_ASSERT_EQUAL(r.missed, 0, "continuous polling misses nothing");
	TEST_ASSERT_EQUAL(r.indications, 3, "bursts of 4, 4 and 2");
	return 0;
}

static int
test_model_refuses_bad_input(void)
{
	uint64_t a[3] = { 5, 4, 6 };
	struct nbl_model_result r;
	struct nbl_model_params p = queue_params(NULL, 8, 4, 100, 0);

	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 3, &r), -EINVAL,
		"arrivals going back in time");
	a[1] = 5;
	p.burst = 0;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 3, &r), -EINVAL, "burst 0");
	p.burst = 4;
	p.descriptors = 0;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 3, &r), -EINVAL, "D 0");
	p.descriptors = 100;
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 0, &r), 0, "no arrivals");
	TEST_ASSERT_EQUAL(r.packets, 0, "no arrivals, no packets");
	return 0;
}

/*
 * The smallest D: one packet every 10 us held 1 ms holds 100 (see
 * above). With W 0, D 100 misses nothing, while D 99 serves 99 000 pps of
 * 100 000 and its ring of 4 overflows. With W auto (D/8), a chain is held
 * when D - 100 >= D / 8: D 114 (W 14) is the first; D 113 (W 14) leaves 13.
 */
static int
test_sweep_returns_smallest_d_meeting_targets(void)
{
	struct nbl_model_sweep_params sp;
	struct nbl_model_sweep s;
	struct nbl_hold_dist d;
	char err[512];
	uint64_t *a = arrivals_every(10000, 10 * US);
	size_t i;
	bool below = false;

	TEST_ASSERT(a != NULL, "out of memory");
	TEST_ASSERT_EQUAL(nbl_hold_parse("1000", &d, err, sizeof(err)), 0,
		"%s", err);
	memset(&sp, 0, sizeof(sp));
	sp.queue = queue_params(&d, 4, 4, 0, 0);
	sp.wm = NBL_MODEL_WM_NEVER;
	TEST_ASSERT_EQUAL(nbl_model_sweep(&sp, a, 10000, &s), 0, "sweep");
	TEST_ASSERT_EQUAL(s.advice, 100, "W 0: D = rate x hold");
	TEST_ASSERT(s.advice_row != NULL && s.advice_row->r.missed == 0,
		"the advice row misses nothing");
	TEST_ASSERT_EQUAL(s.rows[0].descriptors, 8, "first D maps the ring");
	for (i = 0; i < s.nb_rows; i++) {
		if (s.rows[i].descriptors == 99) {
			below = true;
			TEST_ASSERT(s.rows[i].r.missed > 0, "D 99 misses");
		}
		TEST_ASSERT(i == 0 || s.rows[i].descriptors >
			s.rows[i - 1].descriptors, "rows by increasing D");
		TEST_ASSERT_EQUAL(s.rows[i].meets,
			s.rows[i].descriptors >= 100, "D %u", s.rows[i].descriptors);
	}
	TEST_ASSERT(below, "D 99 was tried");
	TEST_ASSERT(s.monotone, "misses fall with D here");
	nbl_model_sweep_free(&s);

	sp.wm = NBL_MODEL_WM_AUTO;
	TEST_ASSERT_EQUAL(nbl_model_sweep(&sp, a, 10000, &s), 0, "sweep");
	TEST_ASSERT_EQUAL(s.advice, 114, "W auto: D - 100 >= D / 8");
	TEST_ASSERT(s.advice_row->low_watermark == 14, "W of D 114");
	for (i = 0; i < s.nb_rows; i++)
		if (s.rows[i].descriptors == 113)
			TEST_ASSERT(s.rows[i].r.resources_nbls > 0,
				"D 113 indicates with RESOURCES");
	nbl_model_sweep_free(&s);

	/* A target above what any D gives: none meets up to d_max. */
	sp.wm = NBL_MODEL_WM_NEVER;
	sp.d_max = 90;
	TEST_ASSERT_EQUAL(nbl_model_sweep(&sp, a, 10000, &s), 0, "sweep");
	TEST_ASSERT_EQUAL(s.advice, 0, "no D up to 90 meets the targets");
	TEST_ASSERT(s.advice_row == NULL, "no advice row");
	nbl_model_sweep_free(&s);
	free(a);
	return 0;
}

/*
 * Against a scan of every D: the advice meets the targets, so does every D
 * tried above it, and where the scan shows that meeting the targets never
 * stops once it starts, the advice is the scan's first D. Random bursty
 * arrivals, exp holds, the three watermark policies, loss and RESOURCES
 * targets of 0 and 2 %.
 */
static int
test_sweep_matches_linear_scan(void)
{
	struct nbl_hold_dist d;
	char err[512];
	uint64_t st = 88172645463325252ull, a[600], t = 0;
	unsigned int trial, i, non_monotone = 0;

	TEST_ASSERT_EQUAL(nbl_hold_parse("exp:3000", &d, err, sizeof(err)), 0,
		"%s", err);
	for (trial = 0; trial < 120; trial++) {
		struct nbl_model_sweep_params sp;
		struct nbl_model_sweep s;
		uint32_t dd, first = 0;
		bool monotone = true, met = false;

		for (i = 0; i < 600; i++) {
			st ^= st << 13;
			st ^= st >> 7;
			st ^= st << 17;
			t += (i % 100 == 0) ? 20 * MS : st % (20 * US);
			a[i] = t;
		}
		memset(&sp, 0, sizeof(sp));
		sp.queue = queue_params(&d, 4 + trial % 13, 1 + trial % 8, 0, 0);
		sp.queue.seed = trial;
		sp.wm = (enum nbl_model_wm)(trial % 3);
		sp.wm_fixed = 6;
		sp.loss_target = trial % 4 == 3 ? 0.02 : 0;
		sp.resources_target = trial % 5 == 4 ? 0.02 : 0;
		sp.d_max = 700;
		TEST_ASSERT_EQUAL(nbl_model_sweep(&sp, a, 600, &s), 0, "sweep");
		for (dd = sp.queue.nb_rxd + sp.queue.burst; dd <= 700; dd++) {
			struct nbl_model_params p = sp.queue;
			struct nbl_model_result r;
			bool m;

			p.descriptors = dd;
			p.low_watermark = nbl_model_watermark(sp.wm, 6, dd);
			TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 600, &r), 0, "run");
			m = nbl_model_meets(&sp, &r);
			if (m && first == 0)
				first = dd;
			if (met && !m)
				monotone = false;
			met |= m;
		}
		for (i = 0; i < s.nb_rows; i++)
			TEST_ASSERT(s.advice == 0 ||
				s.rows[i].descriptors < s.advice ||
				s.rows[i].meets, "trial %u: D %u above the advice "
				"%u fails", trial, s.rows[i].descriptors,
				s.advice);
		if (monotone)
			TEST_ASSERT_EQUAL(s.advice, first,
				"trial %u: the scan's first D", trial);
		else
			non_monotone++;
		nbl_model_sweep_free(&s);
	}
	printf("sweep: %u of 120 cases where meeting the targets is not "
		"monotone in D\n", non_monotone);
	return 0;
}

/* Speed: a million arrivals at 1 Mpps held exp:4000 (about 4000 held), D
 * 8192. Prints the time; never fails on it. */
static int
test_model_speed_printed(void)
{
	struct nbl_model_result r;
	struct nbl_model_params p;
	struct nbl_hold_dist d;
	struct timespec t0, t1;
	char err[512];
	uint64_t *a = arrivals_every(1000000, US);
	double s;

	TEST_ASSERT(a != NULL, "out of memory");
	TEST_ASSERT_EQUAL(nbl_hold_parse("exp:4000", &d, err, sizeof(err)), 0,
		"%s", err);
	p = queue_params(&d, 512, 32, 8192, 1024);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	TEST_ASSERT_EQUAL(nbl_model_run(&p, a, 1000000, &r), 0, "run failed");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	printf("model: 1000000 arrivals, D 8192, held max %u: %.3f s, "
		"%.2f M records/s per D\n", r.held_max, s, 1.0 / s);
	TEST_ASSERT(r.held_max > 3500 && r.held_max < 5000,
		"held max %u, want about 4000 (1 Mpps x 4 ms)", r.held_max);
	free(a);
	return 0;
}

static const struct nbl_test_case cases[] = {
	{ "test_hold_fixed_and_zero", test_hold_fixed_and_zero },
	{ "test_hold_bad_specs_name_the_grammar",
		test_hold_bad_specs_name_the_grammar },
	{ "test_hold_file_bad_line_named", test_hold_file_bad_line_named },
	{ "test_hold_file_is_empirical", test_hold_file_is_empirical },
	{ "test_hold_medians", test_hold_medians },
	{ "test_hold_generator_is_counter_based",
		test_hold_generator_is_counter_based },
	{ "test_model_fixed_hold_constant_rate_holds_rate_times_hold",
		test_model_fixed_hold_constant_rate_holds_rate_times_hold },
	{ "test_model_ring_overflow_missed_exact",
		test_model_ring_overflow_missed_exact },
	{ "test_model_resources_at_exactly_the_watermark",
		test_model_resources_at_exactly_the_watermark },
	{ "test_model_same_seed_same_holds_as_engine",
		test_model_same_seed_same_holds_as_engine },
	{ "test_model_poll_interval_one_burst_per_poll",
		test_model_poll_interval_one_burst_per_poll },
	{ "test_model_refuses_bad_input", test_model_refuses_bad_input },
	{ "test_sweep_returns_smallest_d_meeting_targets",
		test_sweep_returns_smallest_d_meeting_targets },
	{ "test_sweep_matches_linear_scan", test_sweep_matches_linear_scan },
	{ "test_model_speed_printed", test_model_speed_printed },
};

int
main(int argc, char **argv)
{
	return nbl_test_run(argc, argv, cases,
		(unsigned int)(sizeof(cases) / sizeof(cases[0])));
}
