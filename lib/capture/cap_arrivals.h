/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef CAP_ARRIVALS_H
#define CAP_ARRIVALS_H

/**
 * @file
 * Arrival schedules: the times at which a replay of captures would hand
 * each record to the engine. Read with cap_open() and the checks and
 * refusals of --replay, paced by cap_pace on a 1 GHz clock so that a
 * deadline is a time in ns, and split over the RX queues of the internal
 * port by the RSS the replay applies (cap_rss_*, --rxq and --rss-key).
 * nblpmd's --hold auto and nblpmd-advise both give these arrays to the
 * queue model (lib/model), which takes plain arrays of times and reads no
 * capture itself. The names keep the nbl_arrivals_ prefix both programs
 * know them by.
 *
 * One thread; nothing here prints or exits. Messages go into the caller's
 * buffer, naming the file, and the caller adds its program and option;
 * nbl_arrivals_fit() words the pacing options as both programs spell
 * them (--multiplier, --pps, --mbps).
 */

#include <stddef.h>
#include <stdint.h>

#include "cap.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The arrivals of one RX queue. */
struct nbl_arrivals_queue {
	uint64_t *ns;             /**< the queue's deadlines, in order */
	size_t n;
	size_t size;              /**< entries allocated */
};

/** Arrival times of one pass over some captures. */
struct nbl_arrivals {
	uint64_t *ns;             /**< deadline of each delivered record, ns from 0 */
	size_t n;                 /**< delivered records */
	uint64_t records;         /**< records read, refused ones included */
	uint64_t refused[CAP_REFUSAL_MAX]; /**< by reason, as --replay refuses */
	uint64_t refused_total;
	uint64_t converted;       /**< delivered records converted to Ethernet */
	uint64_t bytes;           /**< captured bytes of delivered records */
	/** libpcap's reason when a file ends with an unreadable rest (one
	 *  CAP_REFUSAL_UNREADABLE record), the first such; else "" */
	char read_error[CAP_ERR_LEN];
	/** nbl_arrivals_load_rss(): each queue's share, in queue order;
	 *  NULL after nbl_arrivals_load() (one queue: ns itself) */
	struct nbl_arrivals_queue *queues;
	unsigned int nb_queues;   /**< 1 without RSS */
	/** delivered records by what their hash took (RSS, several queues) */
	uint64_t rss_input[CAP_RSS_INPUT_MAX];
};

/**
 * Read captures in order, as --replay plays them once, and give each
 * delivered record its deadline: cap_pace_next() with the files joined by
 * cap_pace_segment(), the first record due at 0.
 *
 * @param paths
 *   Files, played in this order.
 * @param nb
 *   Number of files (at least 1).
 * @param max_frame
 *   Largest captured length delivered (0: CAP_MAX_FRAME_DEFAULT); link
 *   types that convert to Ethernet are converted, as --replay does.
 * @param mode
 *   Pacing: CAP_PACE_MULTIPLIER, CAP_PACE_PPS or CAP_PACE_MBPS (top speed
 *   has no time to model and is refused).
 * @param rate
 *   Multiplier, packets per second or megabits per second.
 * @param a
 *   Receives the arrivals; release with nbl_arrivals_free().
 * @param bad
 *   Receives the index of the file that failed, on failure.
 * @param err
 *   Receives "FILE: what is wrong; what would be right" on failure.
 * @param errlen
 *   Size of err.
 * @return
 *   0; -EINVAL for a bad rate or mode; -ERANGE when the deadlines do not
 *   fit (cap_pace_fit(): err names the pacing option and the rate that
 *   fits); the negative rte_errno values of
 *   cap_open() (ENOENT, ENODATA, EBADMSG, ENOTSUP, ...); -ENOMEM. A file
 *   libpcap cannot read to its end is not an error: its rest is one
 *   refused record, as --replay counts it, and read_error says why.
 */
int nbl_arrivals_load(const char *const *paths, unsigned int nb,
		uint32_t max_frame, enum cap_pace_mode mode, double rate,
		struct nbl_arrivals *a, unsigned int *bad, char *err,
		size_t errlen);

/**
 * Whether a replay's deadlines fit (cap_pace_fit()), in both programs'
 * words: when they do not, err says "--OPTION RATE: the replay would run
 * T s, longer than pacing deadlines reach (...); give --OPTION BOUND or
 * more".
 *
 * @return
 *   0; -ERANGE with err set.
 */
int nbl_arrivals_fit(enum cap_pace_mode mode, double rate,
		const struct cap_pace_span *span, char *err, size_t errlen);

/**
 * nbl_arrivals_load(), and each delivered record also goes to the queue
 * rss gives it (cap_rss_queue(), on the record as --replay sends it:
 * Ethernet, after any conversion), as the replay's internal port with
 * --rxq rss->nb_queues does. rss NULL or with one queue: one queue, as
 * nbl_arrivals_load().
 *
 * @return
 *   The values of nbl_arrivals_load().
 */
int nbl_arrivals_load_rss(const char *const *paths, unsigned int nb,
		uint32_t max_frame, enum cap_pace_mode mode, double rate,
		const struct cap_rss *rss, struct nbl_arrivals *a,
		unsigned int *bad, char *err, size_t errlen);

/**
 * The arrivals of queue q (0 to a->nb_queues - 1): its deadlines in
 * order, and their number in *n. With one queue, every arrival.
 */
const uint64_t *nbl_arrivals_of_queue(const struct nbl_arrivals *a,
		unsigned int q, size_t *n);

/** Release what nbl_arrivals_load() allocated. NULL is accepted. */
void nbl_arrivals_free(struct nbl_arrivals *a);

#ifdef __cplusplus
}
#endif

#endif /* CAP_ARRIVALS_H */
