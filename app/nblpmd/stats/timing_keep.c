/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The host's timing kept past the teardown: copies of each queue's
 * poll-gap histogram (lib/rxq) and return-lag histogram (the hold model),
 * made before the queue and its hold model are freed (nblpmd_timing_keep)
 * and living until the app's end, for the timing verdict and the reports
 * (report/timing.c).
 */

#include <stdlib.h>

#include "stats.h"

/* A copy of a histogram on the heap, or NULL when there is none. */
static struct nbl_hist *
timing_copy(const struct nbl_hist *src)
{
	struct nbl_hist *h;

	if (src == NULL)
		return NULL;
	h = malloc(sizeof(*h));
	if (h != NULL)
		nbl_hist_copy(h, src);
	return h;
}

void
nblpmd_timing_keep(struct nblpmd_queue *q)
{
	struct nbl_hist *h;

	if (q->poll_gap_final == NULL && q->rxq != NULL) {
		h = malloc(sizeof(*h));
		if (h != NULL && nbl_rxq_poll_gap_hist_get(q->rxq, h) != 0) {
			free(h);
			h = NULL;
		}
		q->poll_gap_final = h;
	}
	if (q->lag_final == NULL)
		q->lag_final = timing_copy(q->hold.lag);
}

void
nblpmd_timing_release(struct nblpmd_app *app)
{
	unsigned int i;

	for (i = 0; i < app->nb_queues; i++) {
		free(app->queues[i].poll_gap_final);
		app->queues[i].poll_gap_final = NULL;
		free(app->queues[i].lag_final);
		app->queues[i].lag_final = NULL;
	}
}
