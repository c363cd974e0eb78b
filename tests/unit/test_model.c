/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * lib/model: hold-time distributions and their generator.
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nbl_hold.h"
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

static const struct nbl_test_case cases[] = {
	{ "test_hold_fixed_and_zero", test_hold_fixed_and_zero },
	{ "test_hold_bad_specs_name_the_grammar",
		test_hold_bad_specs_name_the_grammar },
	{ "test_hold_file_bad_line_named", test_hold_file_bad_line_named },
	{ "test_hold_file_is_empirical", test_hold_file_is_empirical },
	{ "test_hold_medians", test_hold_medians },
	{ "test_hold_generator_is_counter_based",
		test_hold_generator_is_counter_based },
};

int
main(int argc, char **argv)
{
	return nbl_test_run(argc, argv, cases,
		(unsigned int)(sizeof(cases) / sizeof(cases[0])));
}
