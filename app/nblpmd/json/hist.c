/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * A histogram of TSC cycles (lib/rxq's nbl_hist) in microseconds: its
 * summary, its line in the text reports and its JSON object. The poll
 * gaps and return lags of the queues, their hold times and the replay's
 * lateness are all given this way.
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>

#include "json.h"

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

/*
 * The non-empty buckets, [low_us, high_us, count] each, lowest first: the
 * whole distribution at the histogram's resolution (0.8 %), so a reader
 * (nblpmd-advise --host) can draw from it. The last bucket's high end is
 * the histogram's maximum.
 */
static json_t *
hist_buckets(const struct nbl_hist *h, double us_per_cycle)
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
		"p50", nblpmd_json_round_us(s.p50_us),
		"p90", nblpmd_json_round_us(s.p90_us),
		"p99", nblpmd_json_round_us(s.p99_us),
		"p999", nblpmd_json_round_us(s.p999_us),
		"max", nblpmd_json_round_us(s.max_us),
		"mean", nblpmd_json_round_us(s.mean_us));
	if (o != NULL && buckets) {
		json_t *b = h != NULL ? hist_buckets(h,
			1e6 / (double)rte_get_tsc_hz()) : json_array();

		if (b == NULL || json_object_set_new(o, "buckets", b) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}
