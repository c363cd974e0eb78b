/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_HIST_H
#define NBL_HIST_H

/**
 * @file
 * A histogram of durations in TSC cycles with HdrHistogram's log-linear
 * buckets: every value below 256 has a bucket of its own; above that, each
 * power of two [2^e, 2^(e+1)) is cut into 128 equal buckets, so a bucket is
 * never wider than 1/128 (0.8 %) of the values it holds. At a 2 GHz TSC,
 * 1 us is 2000 cycles: from 1 us up, a reported value is within 0.8 % of
 * the true one. Values up to 2^41 - 1 cycles (about 12 minutes at 3 GHz)
 * are bucketed; longer ones go to the last bucket, and the maximum keeps
 * them exactly. 4480 buckets of 8 bytes: 35 KB per histogram.
 *
 * Recording is one index computation and three adds (nbl_hist_record_n).
 * Reading walks the buckets (nbl_hist_value_at).
 *
 * Threading: one writer. A reader on another lcore copies the histogram
 * (nbl_hist_copy) and summarises the copy; every word is 64-bit aligned
 * and has one writer, so the copy holds whole values, though a record the
 * writer is adding at that instant may be only partly in it (count,
 * buckets and sum are separate words). nbl_hist_summarize() takes the
 * count from the buckets, so its percentiles are consistent with them.
 */

#include <stdint.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** log2 of the buckets per half power of two (128: 0.8 % wide at most). */
#define NBL_HIST_SUB_BITS 7
/** Values below 2^NBL_HIST_RANGE_BITS cycles are bucketed. */
#define NBL_HIST_RANGE_BITS 41
/** Number of buckets. */
#define NBL_HIST_BUCKETS \
	((NBL_HIST_RANGE_BITS - NBL_HIST_SUB_BITS + 1) << NBL_HIST_SUB_BITS)

/** A histogram of durations in TSC cycles. Zero it to start. */
struct nbl_hist {
	uint64_t count;        /**< values recorded */
	uint64_t sum;          /**< their sum, cycles (wraps after 2^64) */
	uint64_t max;          /**< the largest, cycles */
	uint64_t bucket[NBL_HIST_BUCKETS];
};

/** A histogram summarised in microseconds. */
struct nbl_hist_summary {
	uint64_t count;        /**< values in the buckets */
	double p50_us;         /**< median */
	double p90_us;
	double p99_us;
	double p999_us;        /**< 99.9th percentile */
	double max_us;
	double mean_us;
};

/** Bucket of value v (cycles). */
static __rte_always_inline unsigned int
nbl_hist_index(uint64_t v)
{
	/* v | 255 has its top bit at 7 or above, so shift >= 0 and the
	 * values below 256 land on buckets 0..255 one each. */
	const unsigned int msb = 63 - (unsigned int)__builtin_clzll(v | 255);
	const unsigned int shift = msb - NBL_HIST_SUB_BITS;
	const uint64_t idx = ((uint64_t)shift << NBL_HIST_SUB_BITS) +
		(v >> shift);

	return likely(idx < NBL_HIST_BUCKETS) ? (unsigned int)idx :
		NBL_HIST_BUCKETS - 1;
}

/** Smallest value (cycles) bucket i holds. */
static inline uint64_t
nbl_hist_bucket_low(unsigned int i)
{
	unsigned int shift;

	if (i < (2u << NBL_HIST_SUB_BITS))
		return i;
	shift = (i >> NBL_HIST_SUB_BITS) - 1;
	return (uint64_t)((i & ((1u << NBL_HIST_SUB_BITS) - 1)) +
		(1u << NBL_HIST_SUB_BITS)) << shift;
}

/** Largest value (cycles) bucket i holds. */
static inline uint64_t
nbl_hist_bucket_high(unsigned int i)
{
	unsigned int shift;

	if (i == NBL_HIST_BUCKETS - 1)
		return UINT64_MAX;
	if (i < (2u << NBL_HIST_SUB_BITS))
		return i;
	shift = (i >> NBL_HIST_SUB_BITS) - 1;
	return nbl_hist_bucket_low(i) + (UINT64_C(1) << shift) - 1;
}

/** Record n values of v cycles each (the one writer). */
static __rte_always_inline void
nbl_hist_record_n(struct nbl_hist *h, uint64_t v, uint64_t n)
{
	h->bucket[nbl_hist_index(v)] += n;
	h->count += n;
	h->sum += v * n;
	if (v > h->max)
		h->max = v;
}

/** Copy a histogram that its writer may be changing (any lcore). */
static inline void
nbl_hist_copy(struct nbl_hist *dst, const struct nbl_hist *src)
{
	memcpy(dst, src, sizeof(*dst));
}

/**
 * Add a histogram to another (dst += src), e.g. two writers' histograms
 * of one quantity. @p src may be live (its writer running).
 *
 * @param dst
 *   The sum; a copy nobody writes.
 * @param src
 *   The histogram added.
 */
void nbl_hist_add(struct nbl_hist *dst, const struct nbl_hist *src);

/**
 * The value at quantile q: the highest value of the first bucket at which
 * the running count reaches ceil(q x count) (at least 1), capped at the
 * maximum. It is never below the true value and above it by less than the
 * bucket's width.
 *
 * @param h
 *   The histogram (a copy, if its writer is running).
 * @param q
 *   Quantile from 0 to 1 (0.5: the median).
 * @return
 *   The value in cycles; 0 when the histogram is empty.
 */
uint64_t nbl_hist_value_at(const struct nbl_hist *h, double q);

/**
 * Summarise in microseconds: count, p50, p90, p99, p99.9, max, mean.
 *
 * @param h
 *   The histogram (a copy, if its writer is running).
 * @param hz
 *   TSC cycles per second (rte_get_tsc_hz()).
 * @param s
 *   Receives the summary; all zero when the histogram is empty.
 */
void nbl_hist_summarize(const struct nbl_hist *h, uint64_t hz,
		struct nbl_hist_summary *s);

/**
 * What was recorded between two copies of one histogram: out = now -
 * before, bucket by bucket. The maximum of the difference is the highest
 * value of its highest non-empty bucket, capped at now's maximum.
 *
 * @param out
 *   Receives the difference (may be the same object as @p now).
 * @param now
 *   The later copy.
 * @param before
 *   The earlier copy.
 */
void nbl_hist_diff(struct nbl_hist *out, const struct nbl_hist *now,
		const struct nbl_hist *before);

struct rte_tel_data;

/**
 * Add a summary to a telemetry dictionary as key{count, p50, p90, p99,
 * p999, max} in whole nanoseconds (telemetry has no floating point; the
 * JSON report gives the same figures in us).
 *
 * @return
 *   0; -ENOMEM; -ENOSPC when the dictionary is full.
 */
int nbl_hist_summary_tel(struct rte_tel_data *d, const char *key,
		const struct nbl_hist_summary *s);

#ifdef __cplusplus
}
#endif

#endif /* NBL_HIST_H */
