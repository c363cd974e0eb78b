/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_MODEL_H
#define NBL_MODEL_H

/**
 * @file
 * The queue model (docs/design.md#the-model): a discrete-event run of one
 * receive queue of nblpmd over a list of arrival times, and the sweep over
 * the number of receive descriptors D that finds the smallest D meeting a
 * loss target and a RESOURCES target.
 *
 * The queue, as lib/rxq/nbl_rxq_fill.c runs it:
 * - packet i arrives at arrival_ns[i] into the PMD ring of nb_rxd entries;
 *   when the ring is full the packet is missed (a NIC counts it in
 *   rx_missed);
 * - the RX lcore polls; a poll moves burst = min(B, nfree, ring) packets
 *   from the ring to free descriptors and indicates them as one chain; a
 *   poll with no free descriptor leaves the ring alone (backpressure);
 * - after the fill, when nfree < W (the low watermark) the chain carries
 *   RESOURCES and every NBL of it is back on the free list at once (R5);
 *   nfree == W is not RESOURCES; W = 0 never is;
 * - otherwise NBL k (k counts every NBL the queue indicates from 0,
 *   RESOURCES ones included) is held for nbl_hold_sample_us(hold, seed,
 *   queue, k) microseconds, the function the engine's consumer uses, and
 *   then returns to the free list.
 *
 * Polling. With poll_ns 0 and no poll_gap (the default) the RX lcore
 * polls continuously: a poll costs no time, so a packet is polled the
 * instant it arrives (packets arriving at the same instant share bursts of
 * up to B), and when the free list was empty the ring is polled the
 * instant an NBL returns. The ring then only fills while the free list is
 * empty. With poll_ns > 0 the lcore polls once every poll_ns (at
 * first_arrival + m x poll_ns), one burst per poll: a slow poller, or one
 * that shares its lcore with other work. With a poll_gap distribution
 * (the host's, as nblpmd measures it) the polls are a renewal process:
 * the gap after each poll is drawn from it, so bursts gather what arrived
 * during the gap and the ring overflows (missed) when a long gap meets
 * traffic. Idle stretches (nothing in the ring, or no free descriptor)
 * are not followed poll by poll: after at most 64 gaps the next poll is
 * placed at the process's residual life (nbl_hold_residual_us), which is
 * exact for the stationary process. Returns take effect at their own
 * time in every mode. At one instant, returns come first, then arrivals,
 * then the poll.
 *
 * Return lag. With a return_lag distribution an NBL comes back its hold
 * time plus a lag after the poll that indicated it, as the engine's
 * consumer returns a due NBL at its next pass, which the host may delay.
 *
 * Each draw has its own stream of the counter-based generator: hold k
 * (seed, queue, k) as the engine's; lag k and gap m from seeds derived
 * from seed (NBL_MODEL_LAG_SALT, NBL_MODEL_GAP_SALT), so a seed is one
 * scenario of holds, lags and gaps.
 *
 * Outputs (struct nbl_model_result): "held" is the number of NBLs the
 * consumer holds, i.e. indicated without RESOURCES and not yet returned.
 * held_p999 is the 99.9th percentile of held as packets see it: each
 * arriving packet records the number held once everything at its instant
 * (returns, arrivals, the poll) is done; the percentile is over packets,
 * not over time, so idle time between bursts does not dilute it.
 *
 * Cost: n log D for n arrivals (a binary heap of return times), plus one
 * step per poll while the ring holds packets with a poll_gap, and memory
 * for D return times; no allocation per packet.
 *
 * Pure C (libc, libm). Every function is reentrant; a result belongs to
 * its caller. Nothing here prints or exits.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nbl_hold.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest D the model runs (the sizing rule's largest --hold, 2^24, and some). */
#define NBL_MODEL_MAX_DESCRIPTORS (1u << 25)

/** Largest burst, as lib/rxq (NBL_RXQ_MAX_BURST). */
#define NBL_MODEL_MAX_BURST 512u

/** Mixed into the seed for the return-lag and poll-gap streams. */
#define NBL_MODEL_LAG_SALT UINT64_C(0x6c61672d73747265)
#define NBL_MODEL_GAP_SALT UINT64_C(0x6761702d73747265)

/** How the low watermark follows D. */
enum nbl_model_wm {
	NBL_MODEL_WM_NEVER = 0, /**< 0: never RESOURCES */
	NBL_MODEL_WM_FIXED,     /**< a given number of descriptors */
	NBL_MODEL_WM_AUTO,      /**< D / 8, as nblpmd's --low-watermark auto */
};

/** One queue of the engine, for one run. */
struct nbl_model_params {
	uint32_t nb_rxd;          /**< PMD ring entries (>= 1) */
	uint32_t burst;           /**< B, packets per poll (1..NBL_MODEL_MAX_BURST) */
	uint32_t descriptors;     /**< D, receive descriptors (>= 1) */
	uint32_t low_watermark;   /**< W: RESOURCES when nfree < W after a fill; 0 = never */
	uint64_t poll_ns;         /**< 0: continuous polling; else one burst per poll_ns */
	/** the gaps between polls; NULL or NBL_HOLD_NONE: poll_ns decides;
	 *  a fixed value is a grid, as poll_ns */
	const struct nbl_hold_dist *poll_gap;
	/** how late a held NBL comes back after its hold time; NULL or
	 *  NBL_HOLD_NONE: at its due time */
	const struct nbl_hold_dist *return_lag;
	const struct nbl_hold_dist *hold; /**< NULL or NBL_HOLD_NONE: returned at once */
	uint64_t seed;            /**< --hold-seed */
	uint32_t queue;           /**< queue number the hold times are keyed by */
	/** Called for every NBL indicated, in order of k, when not NULL:
	 *  its index k, the time, its hold time in us (0 with RESOURCES)
	 *  and whether its chain carries RESOURCES. For tests and traces. */
	void (*trace)(void *arg, uint64_t k, uint64_t t_ns, double hold_us,
			bool resources);
	void *trace_arg;
};

/** What one run gives. */
struct nbl_model_result {
	uint64_t packets;         /**< arrivals */
	uint64_t indicated;       /**< NBLs indicated, RESOURCES ones included */
	uint64_t indications;     /**< chains indicated */
	uint64_t missed;          /**< arrivals that found the ring full */
	uint64_t resources_nbls;  /**< NBLs indicated with RESOURCES */
	uint64_t resources_indications; /**< chains indicated with RESOURCES */
	uint32_t held_max;        /**< most NBLs held at once */
	uint32_t held_p999;       /**< 99.9th percentile of held, over packets */
	uint32_t ring_max;        /**< most packets waiting in the PMD ring */
	uint64_t empty_episodes;  /**< times the free list became empty */
	uint64_t empty_ns;        /**< time the free list was empty */
	uint64_t span_ns;         /**< first arrival to the last return */
};

/**
 * Run the model once.
 *
 * @param p
 *   The queue.
 * @param arrival_ns
 *   Arrival times in ns, non-decreasing (a capture's deadlines).
 * @param n
 *   Number of arrivals (0 gives an all-zero result).
 * @param r
 *   Receives the result.
 * @return
 *   0; -EINVAL for a bad parameter or decreasing arrival times; -ENOMEM.
 */
int nbl_model_run(const struct nbl_model_params *p,
		const uint64_t *arrival_ns, size_t n,
		struct nbl_model_result *r);

/** The low watermark a policy gives for D. */
static inline uint32_t
nbl_model_watermark(enum nbl_model_wm wm, uint32_t fixed, uint32_t d)
{
	switch (wm) {
	case NBL_MODEL_WM_FIXED:
		return fixed;
	case NBL_MODEL_WM_AUTO:
		return d / 8;
	case NBL_MODEL_WM_NEVER:
	default:
		return 0;
	}
}

/** A sweep over D: the queue, the watermark policy and the targets. */
struct nbl_model_sweep_params {
	struct nbl_model_params queue; /**< descriptors and low_watermark ignored */
	enum nbl_model_wm wm;     /**< how W follows D */
	uint32_t wm_fixed;        /**< W for NBL_MODEL_WM_FIXED */
	double loss_target;       /**< missed / packets allowed, 0..1 */
	double resources_target;  /**< resources_nbls / packets allowed, 0..1 */
	uint32_t d_min;           /**< first D; 0 = nb_rxd + B (maps the ring, R7) */
	uint32_t d_max;           /**< last D; 0 = NBL_MODEL_MAX_DESCRIPTORS */
};

/** One D tried. */
struct nbl_model_sweep_row {
	uint32_t descriptors;     /**< D */
	uint32_t low_watermark;   /**< W it ran with */
	bool meets;               /**< both targets met */
	struct nbl_model_result r;
};

/** What a sweep found. */
struct nbl_model_sweep {
	struct nbl_model_sweep_row *rows; /**< every D tried, by increasing D */
	size_t nb_rows;
	/** The advice: the smallest D that meets the targets with no D
	 *  tried above it failing; 0 when no D up to d_max does. */
	uint32_t advice;
	const struct nbl_model_sweep_row *advice_row; /**< its row, or NULL */
	/** False when a larger D tried gave more missed or RESOURCES NBLs
	 *  than a smaller one (possible: hold times are keyed by the
	 *  indication count, which misses shift). */
	bool monotone;
};

/**
 * Sweep D over the arrivals and find the smallest D that meets both
 * targets.
 *
 * The search: d_min first; then D doubles its distance from d_min until
 * one meets the targets; then a bisection between the last failing and the
 * first meeting D; then every D from the bisection's answer upward over a
 * window of max(16, D / 64) sizes, in steps of one, and on past any
 * failure found there. Misses and RESOURCES need not fall monotonically
 * with D in this model (see monotone), which is why the window is checked
 * one by one. Each D tried is one run of nbl_model_run() and one row.
 *
 * @param sp
 *   The sweep.
 * @param arrival_ns
 *   Arrival times in ns, non-decreasing.
 * @param n
 *   Number of arrivals.
 * @param out
 *   Receives the rows and the advice; release with nbl_model_sweep_free().
 * @return
 *   0 (out->advice 0 when no D up to d_max meets the targets); -EINVAL;
 *   -ENOMEM.
 */
int nbl_model_sweep(const struct nbl_model_sweep_params *sp,
		const uint64_t *arrival_ns, size_t n,
		struct nbl_model_sweep *out);

/** Release what nbl_model_sweep() allocated. NULL is accepted. */
void nbl_model_sweep_free(struct nbl_model_sweep *s);

/** True when a result meets the targets of a sweep. */
bool nbl_model_meets(const struct nbl_model_sweep_params *sp,
		const struct nbl_model_result *r);

#ifdef __cplusplus
}
#endif

#endif /* NBL_MODEL_H */
