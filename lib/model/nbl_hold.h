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
};

/** A parsed hold-time distribution. */
struct nbl_hold_dist {
	enum nbl_hold_kind kind;
	double a;             /**< fixed value, exp mean or uniform minimum */
	double b;             /**< uniform maximum */
	double *values;       /**< empirical values (malloc'd), in file order */
	size_t nb_values;
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

/** Release what nbl_hold_parse() allocated; d becomes NBL_HOLD_NONE. */
void nbl_hold_free(struct nbl_hold_dist *d);

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
	case NBL_HOLD_NONE:
	default:
		return 0.0;
	}
}

#ifdef __cplusplus
}
#endif

#endif /* NBL_HOLD_H */
