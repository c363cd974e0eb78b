/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Reading a log-linear histogram (nbl_hist.h): percentiles by walking the
 * buckets, summaries in microseconds, and differences between two copies
 * (what one period recorded).
 */

#include <errno.h>
#include <math.h>

#include <rte_telemetry.h>

#include "nbl_hist.h"

/* Sum of the buckets: the count a copy is consistent with. */
static uint64_t
hist_total(const struct nbl_hist *h)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < NBL_HIST_BUCKETS; i++)
		total += h->bucket[i];
	return total;
}

/* Value at quantile q of a histogram whose buckets hold total values. */
static uint64_t
hist_value_at(const struct nbl_hist *h, uint64_t total, double q)
{
	uint64_t rank, run = 0;
	unsigned int i;

	if (total == 0)
		return 0;
	if (q < 0)
		q = 0;
	if (q > 1)
		q = 1;
	rank = (uint64_t)ceil(q * (double)total);
	if (rank == 0)
		rank = 1;
	if (rank > total)
		rank = total;
	for (i = 0; i < NBL_HIST_BUCKETS; i++) {
		run += h->bucket[i];
		if (run >= rank)
			return RTE_MIN(nbl_hist_bucket_high(i), h->max);
	}
	return h->max;
}

uint64_t
nbl_hist_value_at(const struct nbl_hist *h, double q)
{
	return hist_value_at(h, hist_total(h), q);
}

void
nbl_hist_summarize(const struct nbl_hist *h, uint64_t hz,
		struct nbl_hist_summary *s)
{
	uint64_t total = hist_total(h);
	double us = hz != 0 ? 1e6 / (double)hz : 0;

	memset(s, 0, sizeof(*s));
	if (total == 0)
		return;
	s->count = total;
	s->p50_us = (double)hist_value_at(h, total, 0.5) * us;
	s->p90_us = (double)hist_value_at(h, total, 0.9) * us;
	s->p99_us = (double)hist_value_at(h, total, 0.99) * us;
	s->p999_us = (double)hist_value_at(h, total, 0.999) * us;
	s->max_us = (double)h->max * us;
	/* sum and count are separate words: a copy taken while the writer
	 * ran may pair a sum with a count one record apart */
	s->mean_us = h->count != 0 ?
		(double)h->sum / (double)h->count * us : 0;
}

void
nbl_hist_add(struct nbl_hist *dst, const struct nbl_hist *src)
{
	uint64_t max = src->max;
	unsigned int i;

	for (i = 0; i < NBL_HIST_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (max > dst->max)
		dst->max = max;
}

void
nbl_hist_diff(struct nbl_hist *out, const struct nbl_hist *now,
		const struct nbl_hist *before)
{
	uint64_t max = 0;
	unsigned int i;

	for (i = 0; i < NBL_HIST_BUCKETS; i++) {
		/* a bucket only grows; a torn copy must not wrap around */
		uint64_t d = now->bucket[i] >= before->bucket[i] ?
			now->bucket[i] - before->bucket[i] : 0;

		out->bucket[i] = d;
		if (d != 0)
			max = nbl_hist_bucket_high(i);
	}
	out->count = now->count >= before->count ?
		now->count - before->count : 0;
	out->sum = now->sum - before->sum;
	out->max = RTE_MIN(max, now->max);
}

/* Microseconds to whole nanoseconds. */
static uint64_t
hist_tel_ns(double us)
{
	return (uint64_t)llround(us * 1000.0);
}

int
nbl_hist_summary_tel(struct rte_tel_data *d, const char *key,
		const struct nbl_hist_summary *s)
{
	struct rte_tel_data *h = rte_tel_data_alloc();

	if (h == NULL)
		return -ENOMEM;
	rte_tel_data_start_dict(h);
	rte_tel_data_add_dict_u64(h, "count", s->count);
	rte_tel_data_add_dict_u64(h, "p50", hist_tel_ns(s->p50_us));
	rte_tel_data_add_dict_u64(h, "p90", hist_tel_ns(s->p90_us));
	rte_tel_data_add_dict_u64(h, "p99", hist_tel_ns(s->p99_us));
	rte_tel_data_add_dict_u64(h, "p999", hist_tel_ns(s->p999_us));
	rte_tel_data_add_dict_u64(h, "max", hist_tel_ns(s->max_us));
	if (rte_tel_data_add_dict_container(d, key, h, 0) != 0) {
		rte_tel_data_free(h);
		return -ENOSPC;
	}
	return 0;
}
