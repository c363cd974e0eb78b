/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_HOLD_H
#define NBL_HOLD_H

/**
 * @file
 * Consumer hold-time distributions and their counter-based generator.
 *
 * A hold time is how long the protocol side keeps an indicated NBL before
 * it returns it (docs/design.md#hold-times). The k-th NBL a queue
 * indicates gets its hold time from a pure function of (seed, queue, k),
 * so the engine (consumer lcore, any order of calls) and the model (one
 * thread, in order) give packet k the same hold time. k counts every NBL
 * the queue indicates from 0, RESOURCES ones included (their hold time is
 * drawn and not used: they come back at once).
 *
 * Pure C, no EAL: a parsed distribution is read-only and may be shared by
 * any number of threads; nbl_hold_sample_us() has no state.
 */

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The grammar of a hold specification, for messages. */
#define NBL_HOLD_GRAMMAR \
	"N (fixed), exp:MEAN, uniform:MIN-MAX or file:PATH " \
	"(microseconds; a file holds one value per line, '#' comments)"

/** Largest hold time accepted anywhere, in microseconds (one hour). */
#define NBL_HOLD_MAX_US 3600e6

enum nbl_hold_kind {
	NBL_HOLD_NONE = 0,    /**< no hold: every NBL returned at once */
	NBL_HOLD_FIXED,       /**< a */
	NBL_HOLD_EXP,         /**< exponential, mean a */
	NBL_HOLD_UNIFORM,     /**< uniform on [a, b] */
	NBL_HOLD_EMPIRICAL,   /**< one of values[], each equally likely */
	/** a histogram: bucket i, [values[i], hi[i]], with weight
	 *  cum[i] - cum[i-1]; uniform within its bucket
	 *  (nbl_hold_from_buckets: a measured distribution) */
	NBL_HOLD_HISTOGRAM,
};

/** A parsed hold-time distribution. */
struct nbl_hold_dist {
	enum nbl_hold_kind kind;
	double a;             /**< fixed value, exp mean or uniform minimum */
	double b;             /**< uniform maximum */
	double *values;       /**< empirical values, or histogram bucket lows
	                       *   (malloc'd), in file or bucket order */
	size_t nb_values;
	double *hi;           /**< histogram: bucket highs (malloc'd) */
	double *cum;          /**< histogram: running sum of the weights */
	/** empirical and histogram: running sum of value x weight, to draw
	 *  length-biased (nbl_hold_residual_us); NULL when every value is 0 */
	double *lb_cum;
	double mean_us;       /**< mean of the distribution */
	double max_us;        /**< largest value it can give (exp: +inf) */
	char spec[256];       /**< the specification as given */
};

/**
 * Parse a hold specification.
 *
 * A fixed 0 gives NBL_HOLD_NONE. exp:MEAN needs MEAN > 0; uniform:MIN-MAX
 * needs 0 <= MIN <= MAX; file:PATH needs at least one value, each a
 * non-negative number; every value is at most NBL_HOLD_MAX_US.
 *
 * @param spec
 *   The specification.
 * @param d
 *   Receives the distribution; release it with nbl_hold_free().
 * @param err
 *   Receives a message on failure: what is wrong (with file:line for a
 *   file) and the grammar.
 * @param errlen
 *   Size of err.
 * @return
 *   0; -EINVAL for a bad specification or a bad line; -ENOENT, -EACCES or
 *   another -errno when the file cannot be read; -ENOMEM.
 */
int nbl_hold_parse(const char *spec, struct nbl_hold_dist *d, char *err,
		size_t errlen);

/**
 * A distribution from histogram buckets: bucket i holds the values from
 * lo[i] to hi[i] (us), weight[i] times; empty buckets are skipped. For a
 * measured distribution (a poll gap, a return lag) read from a report.
 *
 * @param name
 *   What it is, kept as d->spec (for messages and reports).
 * @return
 *   0; -EINVAL when a bound is negative, above NBL_HOLD_MAX_US or lo >
 *   hi, or a weight is negative; -ENOMEM. No bucket with a weight gives
 *   NBL_HOLD_NONE.
 */
int nbl_hold_from_buckets(struct nbl_hold_dist *d, const double *lo,
		const double *hi, const double *weight, size_t n,
		const char *name);

/** Release what nbl_hold_parse() or nbl_hold_from_buckets() allocated;
 *  d becomes NBL_HOLD_NONE. */
void nbl_hold_free(struct nbl_hold_dist *d);

/* The first i with cum[i] > x (0..n-1): a draw's index by its weight. */
static inline size_t
nbl_hold_search(const double *cum, size_t n, double x)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/** One step of the splitmix64 finaliser: a bijective 64-bit mix. */
static inline uint64_t
nbl_hold_mix64(uint64_t z)
{
	z += UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/** The uniform variate in [0, 1) of NBL k of a queue, for a seed. */
static inline double
nbl_hold_uniform(uint64_t seed, uint32_t queue, uint64_t k)
{
	uint64_t x = nbl_hold_mix64(nbl_hold_mix64(nbl_hold_mix64(seed) ^
		queue) ^ k);

	return (double)(x >> 11) * 0x1.0p-53;
}

/**
 * Hold time of the k-th NBL (from 0) a queue indicates, in microseconds.
 * The same (d, seed, queue, k) always gives the same value.
 */
static inline double
nbl_hold_sample_us(const struct nbl_hold_dist *d, uint64_t seed,
		uint32_t queue, uint64_t k)
{
	double u;

	switch (d->kind) {
	case NBL_HOLD_FIXED:
		return d->a;
	case NBL_HOLD_EXP:
		u = nbl_hold_uniform(seed, queue, k);
		return -d->a * log1p(-u);
	case NBL_HOLD_UNIFORM:
		u = nbl_hold_uniform(seed, queue, k);
		return d->a + (d->b - d->a) * u;
	case NBL_HOLD_EMPIRICAL: {
		size_t i;

		u = nbl_hold_uniform(seed, queue, k);
		i = (size_t)(u * (double)d->nb_values);
		return d->values[i < d->nb_values ? i : d->nb_values - 1];
	}
	case NBL_HOLD_HISTOGRAM: {
		double x, below, w;
		size_t i;

		u = nbl_hold_uniform(seed, queue, k);
		x = u * d->cum[d->nb_values - 1];
		i = nbl_hold_search(d->cum, d->nb_values, x);
		below = i > 0 ? d->cum[i - 1] : 0.0;
		w = d->cum[i] - below;
		/* the same draw places the value within its bucket */
		return d->values[i] + (d->hi[i] - d->values[i]) *
			(w > 0 ? (x - below) / w : 0.0);
	}
	case NBL_HOLD_NONE:
	default:
		return 0.0;
	}
}

/**
 * The time from an arbitrary instant to the next event of a renewal
 * process whose intervals follow d (its residual life), in us, from two
 * independent uniform variates in [0, 1): an interval drawn with a
 * probability proportional to its length (an instant falls in a long
 * interval more often than in a short one), then a point within it. Used
 * to place the first poll after a time the model did not follow poll by
 * poll.
 */
static inline double
nbl_hold_residual_us(const struct nbl_hold_dist *d, double u1, double u2)
{
	double x;

	switch (d->kind) {
	case NBL_HOLD_FIXED:
		return u2 * d->a;
	case NBL_HOLD_EXP:
		/* memoryless: the residual is an interval */
		return -d->a * log1p(-u1);
	case NBL_HOLD_UNIFORM:
		/* density x / mean on [a, b]: inverse of its distribution */
		x = sqrt(d->a * d->a + u1 * (d->b * d->b - d->a * d->a));
		return u2 * x;
	case NBL_HOLD_EMPIRICAL:
	case NBL_HOLD_HISTOGRAM: {
		size_t i;

		if (d->lb_cum == NULL)
			return 0.0;
		i = nbl_hold_search(d->lb_cum, d->nb_values,
			u1 * d->lb_cum[d->nb_values - 1]);
		x = d->values[i];
		if (d->kind == NBL_HOLD_HISTOGRAM)
			x += (d->hi[i] - d->values[i]) * u2;
		return u2 * x;
	}
	case NBL_HOLD_NONE:
	default:
		return 0.0;
	}
}

#ifdef __cplusplus
}
#endif

#endif /* NBL_HOLD_H */
