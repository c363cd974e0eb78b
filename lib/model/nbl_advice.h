/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_ADVICE_H
#define NBL_ADVICE_H

/**
 * @file
 * Advice that holds: the sweep of nbl_model.h run over several hold-time
 * seeds, with headroom over what they gave, and the PMD ring that the
 * host's poll gaps need.
 *
 * One seed gives one scenario of hold times (and of return lags and poll
 * gaps, when the host's are given); the smallest D that meets the targets
 * for it sits on a cliff: one more NBL held turns a whole chain into
 * RESOURCES. So the sweep runs K seeds (seed, seed + 1, ... seed + K - 1),
 * takes each one's smallest D, and advises
 *
 *     D = max + (max - median)
 *
 * over them: the largest any seed needed, plus the spread above the
 * middle seed as headroom, so that a seed the sweep never tried (the
 * traffic of another day) is covered too, while a D 10 % lower still
 * fails for most seeds. With one seed there is no spread and no headroom.
 *
 * The ring: with rxd_auto, the smallest power of two from rxd_min up to
 * NBL_ADVICE_RXD_MAX whose misses meet the loss target for every seed
 * while D does not limit the queue (D = ring + burst + packets, no
 * RESOURCES): what the poll gaps alone need. The D sweep then runs with
 * that ring. Without rxd_auto the given ring is swept (nbl_model_ring()
 * says what the gaps need of it).
 *
 * Pure C, one thread, no output; the caller frees with
 * nbl_model_advice_free().
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nbl_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest PMD ring the advice tries (an ethdev queue's uint16_t). */
#define NBL_ADVICE_RXD_MAX 32768u
/** Seeds when none is given. */
#define NBL_ADVICE_SEEDS_DEFAULT 16u
/** Most seeds. */
#define NBL_ADVICE_SEEDS_MAX 1024u

/** What to advise for. */
struct nbl_advice_params {
	/** the queue, targets and D range; sweep.queue.seed is the first
	 *  seed, sweep.queue.nb_rxd the ring (or, with rxd_auto, ignored) */
	struct nbl_model_sweep_params sweep;
	uint32_t seeds;           /**< K, 1..NBL_ADVICE_SEEDS_MAX */
	/** how late each packet reaches the ring after its deadline (the
	 *  replay's lateness on the host, or a NIC's jitter); NULL or
	 *  NBL_HOLD_NONE: on time. Drawn per seed (nbl_model_jitter). */
	const struct nbl_hold_dist *arrival_late;
	bool rxd_auto;            /**< find the ring, then sweep D with it */
	uint32_t rxd_min;         /**< smallest ring tried; 0: 2 x burst */
};

/** The advice. */
struct nbl_advice {
	/** D to use: max + (max - median) over the seeds; 0 when some seed
	 *  met the targets at no D up to d_max */
	uint32_t descriptors;
	uint32_t rxd;             /**< the ring the D sweep ran with */
	/** with rxd_auto: the smallest power-of-two ring that meets the
	 *  loss target with D unlimited, for every seed; 0 when none up to
	 *  NBL_ADVICE_RXD_MAX (and without rxd_auto: not looked for) */
	uint32_t rxd_needed;
	uint32_t seeds;           /**< K */
	uint32_t *per_seed;       /**< each seed's smallest D (0: none) */
	uint32_t d_min;           /**< over the seeds that met the targets */
	uint32_t d_median;
	uint32_t d_max;
	uint32_t headroom;        /**< descriptors - d_max */
	uint32_t failed_seeds;    /**< seeds with no D meeting the targets */
	/** the first seed's sweep (its rows and its own advice), for the
	 *  table and the plot */
	struct nbl_model_sweep sweep;
	uint64_t runs;            /**< model runs made in all */
};

/** Mixed into the seed for the arrival lateness stream. */
#define NBL_MODEL_LATE_SALT UINT64_C(0x6c6174652d617272)

/**
 * Arrivals as a host delivers them: arrival i late by a draw of late
 * (seed, queue, i; a stream of its own), in the order they then arrive
 * (sorted). The model takes plain arrival times; a caller that models
 * lateness runs it on this copy.
 *
 * @param out
 *   Receives a malloc'd array of n times (the caller frees it), or NULL
 *   when late is NULL or NBL_HOLD_NONE (use a as it is).
 * @return
 *   0; -ENOMEM.
 */
int nbl_model_jitter(const uint64_t *a, size_t n,
		const struct nbl_hold_dist *late, uint64_t seed, uint32_t queue,
		uint64_t **out);

/**
 * The ring alone: the smallest power of two from ap->rxd_min (0: 2 x
 * burst) up to NBL_ADVICE_RXD_MAX whose misses meet the loss target for
 * every seed while D does not limit the queue, in *rxd (0: none).
 *
 * @param runs
 *   Incremented by the model runs made (may be NULL).
 * @return
 *   0; -EINVAL; -ENOMEM.
 */
int nbl_model_ring(const struct nbl_advice_params *ap,
		const uint64_t *arrival_ns, size_t n, uint32_t *rxd,
		uint64_t *runs);

/**
 * Advise D (and, with rxd_auto, the ring) over the seeds.
 *
 * @return
 *   0 (out->descriptors 0 when no D meets the targets for some seed);
 *   -EINVAL; -ENOMEM.
 */
int nbl_model_advise(const struct nbl_advice_params *ap,
		const uint64_t *arrival_ns, size_t n, struct nbl_advice *out);

/** Release what nbl_model_advise() allocated. NULL is accepted. */
void nbl_model_advice_free(struct nbl_advice *a);

#ifdef __cplusplus
}
#endif

#endif /* NBL_ADVICE_H */
