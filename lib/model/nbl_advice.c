/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The advice over several seeds and the ring the poll gaps need; the
 * rules are in nbl_advice.h.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nbl_advice.h"

static int
advice_u32_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

/* Smallest power of two at or above v (v >= 1, v <= 2^31). */
static uint32_t
advice_pow2(uint32_t v)
{
	uint32_t p = 1;

	while (p < v)
		p <<= 1;
	return p;
}

static int
advice_u64_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

int
nbl_model_jitter(const uint64_t *a, size_t n, const struct nbl_hold_dist *late,
		uint64_t seed, uint32_t queue, uint64_t **out)
{
	uint64_t s = nbl_hold_mix64(seed ^ NBL_MODEL_LATE_SALT), *j;
	size_t i;

	*out = NULL;
	if (late == NULL || late->kind == NBL_HOLD_NONE || n == 0)
		return 0;
	j = malloc(sizeof(*j) * n);
	if (j == NULL)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		j[i] = a[i] + (uint64_t)(nbl_hold_sample_us(late, s, queue, i) *
			1000.0 + 0.5);
	qsort(j, n, sizeof(*j), advice_u64_cmp);
	*out = j;
	return 0;
}

/* The arrivals of seed s (late when the parameters say so): *use points
 * at them, *own is what to free. */
static int
advice_arrivals(const struct nbl_advice_params *ap, uint64_t seed,
		const uint64_t *a, size_t n, const uint64_t **use, uint64_t **own)
{
	int ret = nbl_model_jitter(a, n, ap->arrival_late, seed,
		ap->sweep.queue.queue, own);

	*use = *own != NULL ? *own : a;
	return ret;
}

/* Do the misses of every seed meet the loss target with a ring of rxd
 * and a D that never limits the queue? */
static int
advice_ring_meets(const struct nbl_advice_params *ap, uint32_t rxd,
		const uint64_t *a, size_t n, uint64_t *runs, bool *meets)
{
	struct nbl_model_params p = ap->sweep.queue;
	uint64_t d = (uint64_t)rxd + p.burst + n;
	struct nbl_model_result r;
	uint32_t s;
	int ret;

	*meets = true;
	p.nb_rxd = rxd;
	p.descriptors = (uint32_t)(d < NBL_MODEL_MAX_DESCRIPTORS ? d :
		NBL_MODEL_MAX_DESCRIPTORS);
	p.low_watermark = 0;
	for (s = 0; s < ap->seeds && *meets; s++) {
		const uint64_t *use;
		uint64_t *own;

		p.seed = ap->sweep.queue.seed + s;
		ret = advice_arrivals(ap, p.seed, a, n, &use, &own);
		if (ret == 0)
			ret = nbl_model_run(&p, use, n, &r);
		free(own);
		(*runs)++;
		if (ret != 0)
			return ret;
		*meets = (double)r.missed <= ap->sweep.loss_target *
			(double)r.packets;
	}
	return 0;
}

int
nbl_model_ring(const struct nbl_advice_params *ap, const uint64_t *a,
		size_t n, uint32_t *rxd_out, uint64_t *runs)
{
	uint32_t floor, rxd;
	uint64_t spare = 0;
	bool meets;
	int ret;

	if (ap == NULL || rxd_out == NULL || ap->seeds == 0 ||
			ap->seeds > NBL_ADVICE_SEEDS_MAX ||
			ap->sweep.queue.burst == 0 ||
			ap->sweep.queue.burst > NBL_MODEL_MAX_BURST ||
			ap->rxd_min > NBL_ADVICE_RXD_MAX)
		return -EINVAL;
	if (runs == NULL)
		runs = &spare;
	floor = ap->rxd_min != 0 ? ap->rxd_min : 2 * ap->sweep.queue.burst;
	*rxd_out = 0;
	for (rxd = advice_pow2(floor); rxd <= NBL_ADVICE_RXD_MAX; rxd <<= 1) {
		ret = advice_ring_meets(ap, rxd, a, n, runs, &meets);
		if (ret != 0)
			return ret;
		if (meets) {
			*rxd_out = rxd;
			return 0;
		}
	}
	return 0;
}

int
nbl_model_advise(const struct nbl_advice_params *ap,
		const uint64_t *arrival_ns, size_t n, struct nbl_advice *out)
{
	struct nbl_model_sweep_params sp;
	uint32_t *sorted = NULL;
	uint32_t s, met = 0;
	uint64_t d;
	int ret;

	if (out == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (ap == NULL || ap->seeds == 0 || ap->seeds > NBL_ADVICE_SEEDS_MAX ||
			ap->sweep.queue.burst == 0 ||
			ap->sweep.queue.burst > NBL_MODEL_MAX_BURST ||
			(!ap->rxd_auto && ap->sweep.queue.nb_rxd == 0) ||
			ap->rxd_min > NBL_ADVICE_RXD_MAX)
		return -EINVAL;
	out->seeds = ap->seeds;
	out->per_seed = calloc(ap->seeds, sizeof(*out->per_seed));
	sorted = calloc(ap->seeds, sizeof(*sorted));
	if (out->per_seed == NULL || sorted == NULL) {
		ret = -ENOMEM;
		goto fail;
	}
	if (ap->rxd_auto) {
		ret = nbl_model_ring(ap, arrival_ns, n, &out->rxd_needed,
			&out->runs);
		if (ret != 0)
			goto fail;
	}
	sp = ap->sweep;
	if (ap->rxd_auto)
		sp.queue.nb_rxd = out->rxd_needed != 0 ? out->rxd_needed :
			NBL_ADVICE_RXD_MAX;
	out->rxd = sp.queue.nb_rxd;
	/* a ring that D may not map: no D in range */
	if (sp.d_min == 0 && sp.d_max != 0 &&
			(uint64_t)sp.queue.nb_rxd + sp.queue.burst > sp.d_max) {
		out->failed_seeds = ap->seeds;
		free(sorted);
		return 0;
	}

	for (s = 0; s < ap->seeds; s++) {
		struct nbl_model_sweep sw;
		const uint64_t *use;
		uint64_t *own;

		sp.queue.seed = ap->sweep.queue.seed + s;
		ret = advice_arrivals(ap, sp.queue.seed, arrival_ns, n, &use,
			&own);
		if (ret == 0)
			ret = nbl_model_sweep(&sp, use, n, &sw);
		free(own);
		if (ret != 0)
			goto fail;
		out->runs += sw.nb_rows;
		out->per_seed[s] = sw.advice;
		if (sw.advice != 0)
			sorted[met++] = sw.advice;
		else
			out->failed_seeds++;
		if (s == 0)
			out->sweep = sw;
		else
			nbl_model_sweep_free(&sw);
	}
	if (met > 0) {
		qsort(sorted, met, sizeof(*sorted), advice_u32_cmp);
		out->d_min = sorted[0];
		out->d_max = sorted[met - 1];
		out->d_median = sorted[(met - 1) / 2];
	}
	if (out->failed_seeds == 0 && met > 0) {
		d = (uint64_t)out->d_max + (out->d_max - out->d_median);
		if (sp.d_max != 0 && d > sp.d_max)
			d = sp.d_max;
		if (d > NBL_MODEL_MAX_DESCRIPTORS)
			d = NBL_MODEL_MAX_DESCRIPTORS;
		out->descriptors = (uint32_t)d;
		out->headroom = out->descriptors - out->d_max;
	}
	free(sorted);
	return 0;
fail:
	free(sorted);
	nbl_model_advice_free(out);
	return ret;
}

void
nbl_model_advice_free(struct nbl_advice *a)
{
	if (a == NULL)
		return;
	free(a->per_seed);
	nbl_model_sweep_free(&a->sweep);
	memset(a, 0, sizeof(*a));
}
