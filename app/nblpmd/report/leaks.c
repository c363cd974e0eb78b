/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The leak report: when the audit at exit is not clean, one line for each
 * NBL still out and each return a queue refused, up to
 * NBLPMD_LEAK_REPORT_MAX lines with the rest counted (NDIS names the pool
 * in its LEAKED_NBL bug check; this names the NBLs). Built at teardown,
 * after each queue stopped and before it is freed, from what lib/rxq keeps
 * anyway: the pool's NBLs and their state bytes (nbl_rxq_pending_get), the
 * TSC of each NBL's indication, the log of refused returns, and with
 * --track-nbls each NBL's history. The JSON report gives the same lines
 * as audit.details[].
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>

#include "report.h"

static const char * const leak_kind_names[] = {
	[NBLPMD_LEAK_LEAKED] = "leaked",
	[NBLPMD_LEAK_DOUBLE_RETURN] = "double_return",
	[NBLPMD_LEAK_FOREIGN_RETURN] = "foreign_return",
};

const char *
nblpmd_leak_kind_name(enum nblpmd_leak_kind k)
{
	return (unsigned int)k < RTE_DIM(leak_kind_names) ?
		leak_kind_names[k] : "unknown";
}

/* The next free line, or NULL (counted) when the report is full. */
static struct nblpmd_leak *
leak_line(struct nblpmd_audit *a)
{
	if (a->details == NULL) {
		a->details = calloc(NBLPMD_LEAK_REPORT_MAX,
			sizeof(*a->details));
		if (a->details == NULL) {
			a->details_omitted++;
			return NULL;
		}
	}
	if (a->nb_details >= NBLPMD_LEAK_REPORT_MAX) {
		a->details_omitted++;
		return NULL;
	}
	return &a->details[a->nb_details++];
}

/* One line: the NBL as found, when and where; NULL when the report is
 * full (counted). */
static struct nblpmd_leak *
leak_add(struct nblpmd_audit *a, const struct nblpmd_queue *q,
		enum nblpmd_leak_kind kind, const struct nbl *nbl,
		uint32_t index, uint32_t descriptor, uint8_t state,
		uint64_t ind_tsc, uint64_t seen_tsc)
{
	struct nblpmd_leak *l = leak_line(a);

	if (l == NULL)
		return NULL;
	l->kind = kind;
	l->port_id = q->port_id;
	l->queue_id = q->queue_id;
	l->index = index;
	l->descriptor = descriptor;
	l->state = state;
	l->address = nbl;
	l->ind_tsc = ind_tsc;
	l->seen_tsc = seen_tsc;
	l->nb_history = 0;
	return l;
}

void
nblpmd_leaks_collect(struct nblpmd_app *app, struct nblpmd_queue *q)
{
	struct nbl_rxq_violation v[NBL_RXQ_VIOLATION_LOG];
	struct nblpmd_audit *a = &app->audit;
	struct nbl_rxq_pending_summary sum;
	struct nbl_rxq_pending *p;
	struct nblpmd_leak *l;
	uint64_t refused, now = rte_rdtsc();
	int n, i, k;

	if (q->rxq == NULL)
		return;
	refused = q->final.double_returns + q->final.foreign_returns;
	/* The NBLs the consumer still holds, oldest first: the pool is
	 * walked only when some are out. */
	if (q->final.outstanding != 0) {
		p = calloc(NBLPMD_LEAK_REPORT_MAX, sizeof(*p));
		n = p == NULL ? -ENOMEM : nbl_rxq_pending_get(q->rxq, now, p,
			NBLPMD_LEAK_REPORT_MAX, &sum);
		if (n < 0) {
			/* counted all the same: the audit says how many */
			a->details_omitted += q->final.outstanding;
			n = 0;
		} else {
			a->details_omitted += sum.total - (uint32_t)n;
		}
		for (i = 0; i < n; i++) {
			l = leak_add(a, q, NBLPMD_LEAK_LEAKED, p[i].nbl,
				p[i].index, p[i].descriptor, p[i].state,
				p[i].ind_tsc, now);
			if (l == NULL || app->nbl_pool == NULL)
				continue;
			k = nbl_track_get(app->nbl_pool, l->index, l->history,
				RTE_DIM(l->history));
			l->nb_history = k > 0 ? (unsigned int)k : 0;
		}
		free(p);
	}
	if (refused == 0)
		return;
	/* The returns it refused, as they were when refused. */
	n = nbl_rxq_violations_get(q->rxq, v, RTE_DIM(v));
	if (n < 0)
		n = 0;
	a->details_omitted += refused > (uint64_t)n ? refused - n : 0;
	for (i = 0; i < n; i++) {
		l = leak_add(a, q, v[i].kind == NBL_VIOL_DOUBLE_RETURN ?
			NBLPMD_LEAK_DOUBLE_RETURN : NBLPMD_LEAK_FOREIGN_RETURN,
			v[i].nbl, v[i].index, v[i].descriptor, v[i].state,
			v[i].ind_tsc, v[i].tsc);
		if (l == NULL)
			continue;
		/* its history when refused: what led to the refusal */
		k = nbl_rxq_violation_history(q->rxq, (unsigned int)i,
			l->history, RTE_DIM(l->history));
		l->nb_history = k > 0 ? (unsigned int)k : 0;
	}
}

/* Seconds into the run of a TSC (negative before the start). */
double
nblpmd_run_seconds(const struct nblpmd_app *app, uint64_t tsc)
{
	return ((double)tsc - (double)app->start_tsc) /
		(double)rte_get_tsc_hz();
}

void
nblpmd_leaks_print(const struct nblpmd_app *app, FILE *f)
{
	const struct nblpmd_audit *a = &app->audit;
	const double hz = (double)rte_get_tsc_hz();
	unsigned int i, k;

	if (a->nb_details == 0 && a->details_omitted == 0)
		return;
	fprintf(f, "leak report: %u listed, %" PRIu64 " more not listed\n",
		a->nb_details, a->details_omitted);
	for (i = 0; i < a->nb_details; i++) {
		const struct nblpmd_leak *l = &a->details[i];
		char desc[16];

		if (l->descriptor != UINT32_MAX)
			snprintf(desc, sizeof(desc), "%u", l->descriptor);
		else
			snprintf(desc, sizeof(desc), "none");
		fprintf(f, "  %s: port %u queue %u index %u descriptor %s "
			"state %s NBL %p: ", nblpmd_leak_kind_name(l->kind),
			l->port_id, l->queue_id, l->index, desc,
			nbl_state_name(l->state), l->address);
		if (l->ind_tsc != 0)
			fprintf(f, "indicated at %.6f s, out for %.6f s",
				nblpmd_run_seconds(app, l->ind_tsc),
				l->seen_tsc > l->ind_tsc ?
				(double)(l->seen_tsc - l->ind_tsc) / hz : 0.0);
		else
			fprintf(f, "indicated at unknown, out for unknown");
		if (l->kind != NBLPMD_LEAK_LEAKED)
			fprintf(f, ", refused at %.6f s",
				nblpmd_run_seconds(app, l->seen_tsc));
		fprintf(f, "\n");
		for (k = 0; k < l->nb_history; k++) {
			const struct nbl_track_event *e = &l->history[k];

			fprintf(f, "    history %u: %s on lcore %d at %.6f s, "
				"then %s\n", e->seq,
				nbl_call_name((enum nbl_call)e->call),
				e->lcore == NBL_TRACK_NON_EAL ? -1 :
				(int)e->lcore, nblpmd_run_seconds(app, e->tsc),
				nbl_state_name(e->state));
		}
	}
}

void
nblpmd_forensics_release(struct nblpmd_app *app)
{
	unsigned int i;

	free(app->audit.details);
	app->audit.details = NULL;
	app->audit.nb_details = 0;
	for (i = 0; i < app->nb_queues; i++) {
		struct nblpmd_queue *q = &app->queues[i];

		free(q->burst_sizes);
		free(q->indication_sizes);
		q->burst_sizes = NULL;
		q->indication_sizes = NULL;
		q->nb_sizes = 0;
	}
}
