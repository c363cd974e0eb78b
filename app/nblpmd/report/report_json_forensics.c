/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The JSON report's forensic members: rx_queues[].burst_sizes and
 * indication_sizes (--record-burst-stats), pools[].per_lcore[], and
 * audit.details[] (the leak report, report/leaks.c). Keys are documented
 * in docs/guide/reports.md ("JSON report").
 */

#include <stdio.h>

#include <rte_cycles.h>

#include "json/json.h"
#include "report_pvt.h"

/* An array of counts indexed by size. */
static json_t *
json_counts(const uint64_t *v, unsigned int n)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, nblpmd_json_u64(v[i])) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

int
nblpmd_json_burst_sizes(json_t *o, const struct nblpmd_queue *q)
{
	if (q->burst_sizes == NULL)
		return 0;
	if (json_object_set_new(o, "burst_sizes",
			json_counts(q->burst_sizes, q->nb_sizes)) != 0 ||
			json_object_set_new(o, "indication_sizes",
			json_counts(q->indication_sizes, q->nb_sizes)) != 0)
		return -ENOMEM;
	return 0;
}

json_t *
nblpmd_json_pool_lcores(const struct nblpmd_snapshot *s)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; a != NULL && i < s->nb_pool_lcores; i++) {
		const struct nbl_pool_lcore_figures *f = &s->pool_lcores[i];
		json_t *o = json_pack("{s:i, s:o, s:o, s:o, s:o, s:o}",
			"lcore", f->lcore < RTE_MAX_LCORE ? (int)f->lcore : -1,
			"allocs", nblpmd_json_u64(f->allocs),
			"frees", nblpmd_json_u64(f->frees),
			"cache_hits", nblpmd_json_u64(f->cache_hits),
			"cache_misses", nblpmd_json_u64(f->cache_misses),
			"cached", nblpmd_json_u64(f->cached));

		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

/* Seconds, or null when the TSC is unknown (0). */
static json_t *
json_run_s(const struct nblpmd_app *app, uint64_t tsc)
{
	return tsc != 0 ? json_real(nblpmd_run_seconds(app, tsc)) :
		json_null();
}

static json_t *
json_history(const struct nblpmd_app *app, const struct nblpmd_leak *l)
{
	json_t *a = json_array();
	unsigned int k;

	for (k = 0; a != NULL && k < l->nb_history; k++) {
		const struct nbl_track_event *e = &l->history[k];
		json_t *o = json_pack("{s:i, s:s, s:i, s:s, s:o}",
			"seq", (int)e->seq,
			"call", nbl_call_name((enum nbl_call)e->call),
			"lcore", e->lcore == NBL_TRACK_NON_EAL ? -1 :
				(int)e->lcore,
			"state", nbl_state_name(e->state),
			"at_s", json_run_s(app, e->tsc));

		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

json_t *
nblpmd_json_audit_details(const struct nblpmd_app *app)
{
	const struct nblpmd_audit *au = &app->audit;
	const double hz = (double)rte_get_tsc_hz();
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; a != NULL && i < au->nb_details; i++) {
		const struct nblpmd_leak *l = &au->details[i];
		char addr[32];
		json_t *o;

		snprintf(addr, sizeof(addr), "%p", l->address);
		o = json_pack("{s:s, s:i, s:i, s:i, s:o, s:s, s:s, s:o, s:o, "
			"s:o, s:o}",
			"kind", nblpmd_leak_kind_name(l->kind),
			"port", (int)l->port_id, "queue", (int)l->queue_id,
			"index", (int)l->index,
			"descriptor", l->descriptor != UINT32_MAX ?
				json_integer(l->descriptor) : json_null(),
			"state", nbl_state_name(l->state),
			"address", addr,
			"indicated_s", json_run_s(app, l->ind_tsc),
			"out_s", l->ind_tsc == 0 ? json_null() :
				json_real(l->seen_tsc > l->ind_tsc ?
					(double)(l->seen_tsc - l->ind_tsc) /
					hz : 0.0),
			"refused_s", l->kind != NBLPMD_LEAK_LEAKED ?
				json_run_s(app, l->seen_tsc) : json_null(),
			"history", json_history(app, l));
		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}
