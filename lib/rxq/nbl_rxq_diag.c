/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Forensics of a queue, none of it on the default path: burst sizes and
 * the NBL history run in the poll's forensic variant (nbl_rxq::diag) and
 * in the generic return path (nbl_rxq::ret_generic); the log of refused
 * returns is written where a return is refused. Owner lcore unless said.
 */

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "nbl_rxq_pvt.h"

int
rxq_diag_setup(struct nbl_rxq *q)
{
	const size_t sz = sizeof(uint64_t) * ((size_t)q->burst + 1);

	q->diag = 0;
	if (q->conf.record_burst_sizes) {
		q->burst_rx = rte_zmalloc_socket("nbl_rxq_bursts", sz, 0,
			q->conf.socket_id);
		q->burst_ind = rte_zmalloc_socket("nbl_rxq_bursts", sz, 0,
			q->conf.socket_id);
		if (q->burst_rx == NULL || q->burst_ind == NULL) {
			rxq_diag_free(q);
			return -ENOMEM;
		}
		q->diag |= RXQ_DIAG_BURSTS;
	}
	if (nbl_track_depth(q->pool) != 0) {
		const size_t hsz = sizeof(struct nbl_track_event) *
			NBL_RXQ_VIOLATION_LOG * nbl_track_depth(q->pool);

		q->viol.hist = rte_zmalloc_socket("nbl_rxq_viol_hist", hsz, 0,
			q->conf.socket_id);
		if (q->remote)
			q->rref.log.hist = rte_zmalloc_socket(
				"nbl_rxq_viol_hist", hsz, 0, q->conf.socket_id);
		if (q->viol.hist == NULL ||
				(q->remote && q->rref.log.hist == NULL)) {
			rxq_diag_free(q);
			return -ENOMEM;
		}
		q->diag |= RXQ_DIAG_TRACK;
	}
	/* The in-place return loop has no history step: with history on,
	 * returns take the generic path, which has. */
	q->ret_generic = q->pool_mode || (q->diag & RXQ_DIAG_TRACK) != 0;
	return 0;
}

void
rxq_diag_free(struct nbl_rxq *q)
{
	rte_free(q->burst_rx);
	rte_free(q->burst_ind);
	rte_free(q->viol.hist);
	rte_free(q->rref.log.hist);
	q->burst_rx = NULL;
	q->burst_ind = NULL;
	q->viol.hist = NULL;
	q->rref.log.hist = NULL;
}

void
rxq_diag_rx(struct nbl_rxq *q, uint16_t n)
{
	if (q->burst_rx != NULL)
		q->burst_rx[n]++;
}

void
rxq_diag_indicate(struct nbl_rxq *q, struct nbl **nbls, uint16_t cnt,
		uint64_t tsc)
{
	if (q->burst_ind != NULL)
		q->burst_ind[cnt]++;
	if (q->diag & RXQ_DIAG_TRACK) {
		/* The fill loop made them INDICATED already; the fill is
		 * recorded as the driver-side step it is. */
		nbl_track_note2(q->pool, nbls, cnt, NBL_CALL_FILL,
			NBL_STATE_HELD, NBL_CALL_INDICATE, NBL_STATE_INDICATED,
			tsc);
	}
}

/*
 * History of NBLs coming back: only those the queue will take (the
 * ownership check of every return), before they are taken, so that their
 * links and state are still as the consumer left them. A return is
 * recorded as making the NBL the driver's again (HELD); the in-place
 * reset as a recycle. Pool mode records no recycle: lib/nbl records the
 * free.
 */
void
rxq_track_back(struct nbl_rxq *q, struct nbl **nbls, unsigned int n,
		unsigned int calls)
{
	const uint64_t tsc = rte_rdtsc();
	struct nbl *ok[64];
	unsigned int i, k;

	if (q->pool_mode)
		calls &= ~RXQ_TRACK_RECYCLE;
	while (n > 0) {
		const unsigned int m = RTE_MIN(n, RTE_DIM(ok));

		for (i = 0, k = 0; i < m; i++)
			if (rxq_return_ok(q, nbls[i]))
				ok[k++] = nbls[i];
		if (calls == (RXQ_TRACK_RETURN | RXQ_TRACK_RECYCLE))
			nbl_track_note2(q->pool, ok, k, NBL_CALL_RETURN,
				NBL_STATE_HELD, NBL_CALL_RECYCLE,
				NBL_STATE_HELD, tsc);
		else if (calls & RXQ_TRACK_RETURN)
			nbl_track_note(q->pool, ok, k, NBL_CALL_RETURN,
				NBL_STATE_HELD, tsc);
		else if (calls & RXQ_TRACK_RECYCLE)
			nbl_track_note(q->pool, ok, k, NBL_CALL_RECYCLE,
				NBL_STATE_HELD, tsc);
		nbls += m;
		n -= m;
	}
}

/* The same for a chain the consumer returned on the owner lcore. */
void
rxq_track_chain(struct nbl_rxq *q, struct nbl *chain, unsigned int calls)
{
	struct nbl *arr[64];
	unsigned int n = 0;

	for (; chain != NULL; chain = chain->next) {
		arr[n++] = chain;
		if (n == RTE_DIM(arr)) {
			rxq_track_back(q, arr, n, calls);
			n = 0;
		}
	}
	if (n > 0)
		rxq_track_back(q, arr, n, calls);
}

/* A refused return, as it was; the first NBL_RXQ_VIOLATION_LOG of the
 * log's lcore only (the lcore that refused it writes its own log). */
void
rxq_log_violation(const struct nbl_rxq *q, struct rxq_viol_log *log,
		const struct nbl *nbl, enum nbl_violation kind, uint8_t state)
{
	struct nbl_rxq_violation *v;

	if (log->n >= NBL_RXQ_VIOLATION_LOG)
		return;
	v = &log->e[log->n];
	v->nbl = nbl;
	v->tsc = rte_rdtsc();
	v->index = nbl->index;
	/* An NBL back in its pool holds no descriptor and no indication
	 * (what its scratch says is stale, or its next user's). */
	if (state == NBL_STATE_FREE) {
		v->ind_tsc = 0;
		v->descriptor = UINT32_MAX;
	} else {
		v->ind_tsc = rxq_ind_tsc(nbl);
		v->descriptor = rxq_rec_ours(q, nbl) ?
			rxq_desc_index(q, nbl) : UINT32_MAX;
	}
	v->kind = (uint8_t)kind;
	v->state = state;
	v->pool_id = nbl->pool_id;
	/* Its history as it was when refused (what led to the refusal);
	 * the NBL goes on and overwrites its own. */
	if (log->hist != NULL && nbl->pool_id == q->pool->id) {
		const unsigned int depth = nbl_track_depth(q->pool);
		int n = nbl_track_get(q->pool, nbl->index,
			&log->hist[(size_t)log->n * depth], depth);

		log->nhist[log->n] = n > 0 ? (uint8_t)n : 0;
	}
	/* Readers on another lcore see the entry before the count. */
	__atomic_store_n(&log->n, log->n + 1, __ATOMIC_RELEASE);
}

/* The two logs (the owner's, the consumer lcore's) as one, in the order
 * the returns were refused: entry i is log lg[i], index at[i]. The TSC is
 * the same clock on every lcore, so the merge is by time. */
static unsigned int
rxq_viol_merge(const struct nbl_rxq *q, const struct rxq_viol_log **lg,
		unsigned int *at)
{
	const struct rxq_viol_log *a = &q->viol, *b = &q->rref.log;
	unsigned int na = __atomic_load_n(&a->n, __ATOMIC_ACQUIRE);
	unsigned int nb = __atomic_load_n(&b->n, __ATOMIC_ACQUIRE);
	unsigned int i = 0, j = 0, k = 0;

	while (k < NBL_RXQ_VIOLATION_LOG && (i < na || j < nb)) {
		if (j >= nb || (i < na && a->e[i].tsc <= b->e[j].tsc)) {
			lg[k] = a;
			at[k++] = i++;
		} else {
			lg[k] = b;
			at[k++] = j++;
		}
	}
	return k;
}

int
nbl_rxq_violations_get(const struct nbl_rxq *q,
		struct nbl_rxq_violation *out, unsigned int max)
{
	const struct rxq_viol_log *lg[NBL_RXQ_VIOLATION_LOG];
	unsigned int at[NBL_RXQ_VIOLATION_LOG];
	unsigned int n, i;

	if (q == NULL || (out == NULL && max != 0))
		return -EINVAL;
	n = RTE_MIN(rxq_viol_merge(q, lg, at), max);
	for (i = 0; i < n; i++)
		out[i] = lg[i]->e[at[i]];
	return (int)n;
}

int
nbl_rxq_violation_history(const struct nbl_rxq *q, unsigned int i,
		struct nbl_track_event *ev, unsigned int max)
{
	const struct rxq_viol_log *lg[NBL_RXQ_VIOLATION_LOG];
	unsigned int at[NBL_RXQ_VIOLATION_LOG];
	unsigned int depth, n, k;

	if (q == NULL || (ev == NULL && max != 0))
		return -EINVAL;
	if (q->viol.hist == NULL)
		return -ENOTSUP;
	if (i >= rxq_viol_merge(q, lg, at))
		return -ERANGE;
	depth = nbl_track_depth(q->pool);
	n = RTE_MIN((unsigned int)lg[i]->nhist[at[i]], max);
	for (k = 0; k < n; k++)
		ev[k] = lg[i]->hist[(size_t)at[i] * depth + k];
	return (int)n;
}

int
nbl_rxq_burst_sizes_get(const struct nbl_rxq *q, uint64_t *rx_burst,
		uint64_t *indication, unsigned int n)
{
	unsigned int i, sizes;

	if (q == NULL)
		return -EINVAL;
	if (q->burst_rx == NULL)
		return -ENOTSUP;
	sizes = (unsigned int)q->burst + 1;
	for (i = 0; i < n && i < sizes; i++) {
		if (rx_burst != NULL)
			rx_burst[i] = q->burst_rx[i];
		if (indication != NULL)
			indication[i] = q->burst_ind[i];
	}
	return (int)sizes;
}

unsigned int
nbl_rxq_consumer_lcore(const struct nbl_rxq *q)
{
	if (q == NULL)
		return LCORE_ID_ANY;
	return q->remote ? q->consumer : q->owner;
}
