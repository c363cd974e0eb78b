/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The NBLs a consumer holds now (NDIS !ndiskd.pendingnbls), and the
 * telemetry endpoint that shows them:
 *   /nbl/pending,PORT:QUEUE[,LIMIT]
 * Built when asked, from what the queue keeps anyway: the pool's objects
 * are walked for INDICATED NBLs whose receive descriptor (record) is the queue's, and
 * each NBL's age comes from the TSC of the poll that indicated it
 * (MiniportReserved[1], written per burst for the hold-time histogram).
 * Nothing is added to the fill or the return.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_telemetry.h>

#include "nbl_rxq_pvt.h"

/** Entries /nbl/pending lists at most, and by default. */
#define RXQ_PENDING_LIMIT_MAX 64
/** ... and by default when the NBLs carry a history, so that the answer
 *  fits in a telemetry reply (16 KB). */
#define RXQ_PENDING_LIMIT_TRACKED 16

struct rxq_pending_walk {
	const struct nbl_rxq *q;
	struct nbl_rxq_pending *all;
	uint32_t cap;
	uint32_t n;
};

static void
rxq_pending_obj(struct rte_mempool *mp, void *arg, void *obj,
		unsigned int idx)
{
	struct rxq_pending_walk *w = arg;
	const struct nbl *nbl = obj;
	struct nbl_rxq_pending *p;

	RTE_SET_USED(mp);
	RTE_SET_USED(idx);
	if (nbl->state != NBL_STATE_INDICATED || w->n >= w->cap ||
			!rxq_rec_ours(w->q, nbl))
		return;
	p = &w->all[w->n++];
	p->nbl = nbl;
	p->ind_tsc = rxq_ind_tsc(nbl);
	p->index = nbl->index;
	p->descriptor = rxq_desc_index(w->q, nbl);
	p->state = nbl->state;
	p->resources = (nbl->flags & NBL_F_RESOURCES) != 0;
	p->pad = 0;
}

/* Oldest indication first; unknown TSCs (0) first of all, then index. */
static int
rxq_pending_cmp(const void *a, const void *b)
{
	const struct nbl_rxq_pending *x = a, *y = b;

	if (x->ind_tsc != y->ind_tsc)
		return x->ind_tsc < y->ind_tsc ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* An age; an indication the walk found after now (read before it) is 0
 * old. */
static inline uint64_t
rxq_age(uint64_t now, uint64_t ind_tsc)
{
	return now > ind_tsc ? now - ind_tsc : 0;
}

/* Nearest rank: the smallest age at or above fraction q of them; the
 * ages are sorted from the oldest indication, so from the largest age. */
static uint64_t
rxq_age_at(const struct nbl_rxq_pending *timed, uint32_t n, uint64_t now,
		double q)
{
	uint32_t rank = (uint32_t)(q * n + 0.999999);

	if (rank == 0)
		rank = 1;
	if (rank > n)
		rank = n;
	/* the rank-th smallest age is the rank-th from the end */
	return rxq_age(now, timed[n - rank].ind_tsc);
}

int
nbl_rxq_pending_get(const struct nbl_rxq *q, uint64_t now,
		struct nbl_rxq_pending *out, unsigned int max,
		struct nbl_rxq_pending_summary *sum)
{
	struct rxq_pending_walk w;
	uint32_t i, first_timed;

	if (q == NULL || (out == NULL && max != 0))
		return -EINVAL;
	w.q = q;
	w.cap = q->nb_desc;
	w.n = 0;
	w.all = malloc(sizeof(*w.all) * w.cap);
	if (w.all == NULL)
		return -ENOMEM;
	rte_mempool_obj_iter(q->pool->mp, rxq_pending_obj, &w);
	qsort(w.all, w.n, sizeof(*w.all), rxq_pending_cmp);
	for (first_timed = 0; first_timed < w.n &&
			w.all[first_timed].ind_tsc == 0; first_timed++)
		;
	if (sum != NULL) {
		const uint32_t timed = w.n - first_timed;
		const struct nbl_rxq_pending *t = w.all + first_timed;

		memset(sum, 0, sizeof(*sum));
		sum->total = w.n;
		sum->listed = RTE_MIN(w.n, max);
		sum->timed = timed;
		if (timed > 0) {
			sum->age_p50 = rxq_age_at(t, timed, now, 0.5);
			sum->age_p90 = rxq_age_at(t, timed, now, 0.9);
			sum->age_p99 = rxq_age_at(t, timed, now, 0.99);
			sum->age_max = rxq_age(now, t[0].ind_tsc);
		}
	}
	for (i = 0; i < w.n && i < max; i++)
		out[i] = w.all[i];
	free(w.all);
	return (int)i;
}

/* ---------------------------------------------------------- telemetry */

struct rxq_pending_req {
	unsigned int limit;
	bool limit_given;
	struct rte_tel_data *d;
};

static uint64_t
rxq_tsc_us(uint64_t cycles)
{
	return (uint64_t)((double)cycles * 1e6 / (double)rte_get_tsc_hz());
}

/* An NBL's history as four arrays of the same length, oldest first:
 * history_call, history_lcore, history_state, history_age_us. */
static void
rxq_tel_history(struct rte_tel_data *e, const struct nbl_pool *pool,
		uint32_t index, uint64_t now)
{
	struct nbl_track_event ev[NBL_TRACK_MAX_DEPTH];
	struct rte_tel_data *a[4];
	static const char * const names[4] = { "history_call",
		"history_lcore", "history_state", "history_age_us" };
	int n, i, k;

	n = nbl_track_get(pool, index, ev, RTE_DIM(ev));
	if (n < 0)
		return;
	for (k = 0; k < 4; k++) {
		a[k] = rte_tel_data_alloc();
		if (a[k] == NULL) {
			while (k-- > 0)
				rte_tel_data_free(a[k]);
			return;
		}
	}
	rte_tel_data_start_array(a[0], RTE_TEL_STRING_VAL);
	rte_tel_data_start_array(a[1], RTE_TEL_INT_VAL);
	rte_tel_data_start_array(a[2], RTE_TEL_STRING_VAL);
	rte_tel_data_start_array(a[3], RTE_TEL_U64_VAL);
	for (i = 0; i < n; i++) {
		rte_tel_data_add_array_string(a[0],
			nbl_call_name((enum nbl_call)ev[i].call));
		rte_tel_data_add_array_int(a[1], ev[i].lcore ==
			NBL_TRACK_NON_EAL ? -1 : (int)ev[i].lcore);
		rte_tel_data_add_array_string(a[2],
			nbl_state_name(ev[i].state));
		rte_tel_data_add_array_u64(a[3], now > ev[i].tsc ?
			rxq_tsc_us(now - ev[i].tsc) : 0);
	}
	for (k = 0; k < 4; k++)
		if (rte_tel_data_add_dict_container(e, names[k], a[k], 0) != 0)
			rte_tel_data_free(a[k]);
}

static int
rxq_tel_pending_fill(const struct nbl_rxq *q, void *arg)
{
	struct rxq_pending_req *r = arg;
	struct rte_tel_data *d = r->d, *list;
	struct nbl_rxq_pending_summary s;
	struct nbl_rxq_pending *p;
	const unsigned int depth = nbl_track_depth(q->pool);
	unsigned int limit = r->limit, lc;
	uint64_t now = rte_rdtsc();
	int n, i;

	if (!r->limit_given && depth != 0)
		limit = RXQ_PENDING_LIMIT_TRACKED;
	p = malloc(sizeof(*p) * limit);
	if (p == NULL)
		return -ENOMEM;
	n = nbl_rxq_pending_get(q, now, p, limit, &s);
	if (n < 0) {
		free(p);
		return n;
	}
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", q->name);
	rte_tel_data_add_dict_u64(d, "port", q->port_id);
	rte_tel_data_add_dict_u64(d, "queue", q->queue_id);
	lc = nbl_rxq_consumer_lcore(q);
	rte_tel_data_add_dict_int(d, "consumer_lcore",
		lc == LCORE_ID_ANY ? -1 : (int)lc);
	rte_tel_data_add_dict_u64(d, "total", s.total);
	rte_tel_data_add_dict_u64(d, "listed", s.listed);
	rte_tel_data_add_dict_u64(d, "limit", limit);
	rte_tel_data_add_dict_u64(d, "timed", s.timed);
	rte_tel_data_add_dict_u64(d, "age_p50_us", rxq_tsc_us(s.age_p50));
	rte_tel_data_add_dict_u64(d, "age_p90_us", rxq_tsc_us(s.age_p90));
	rte_tel_data_add_dict_u64(d, "age_p99_us", rxq_tsc_us(s.age_p99));
	rte_tel_data_add_dict_u64(d, "age_max_us", rxq_tsc_us(s.age_max));
	rte_tel_data_add_dict_u64(d, "history_depth", depth);
	list = rte_tel_data_alloc();
	if (list == NULL) {
		free(p);
		return -ENOMEM;
	}
	/* Keyed by rank ("0" is the oldest): telemetry arrays hold no
	 * dicts, and a dict keeps its order. */
	rte_tel_data_start_dict(list);
	for (i = 0; i < n; i++) {
		struct rte_tel_data *e = rte_tel_data_alloc();
		char key[16], addr[32];

		if (e == NULL)
			break;
		snprintf(key, sizeof(key), "%d", i);
		snprintf(addr, sizeof(addr), "%p", (const void *)p[i].nbl);
		rte_tel_data_start_dict(e);
		rte_tel_data_add_dict_string(e, "address", addr);
		rte_tel_data_add_dict_u64(e, "index", p[i].index);
		rte_tel_data_add_dict_u64(e, "descriptor", p[i].descriptor);
		rte_tel_data_add_dict_string(e, "state",
			nbl_state_name(p[i].state));
		/* absent when unknown: the queue measures no hold times */
		if (p[i].ind_tsc != 0)
			rte_tel_data_add_dict_u64(e, "age_us",
				rxq_tsc_us(rxq_age(now, p[i].ind_tsc)));
		rte_tel_data_add_dict_u64(e, "resources", p[i].resources);
		if (depth != 0)
			rxq_tel_history(e, q->pool, p[i].index, now);
		if (rte_tel_data_add_dict_container(list, key, e, 0) != 0)
			rte_tel_data_free(e);
	}
	free(p);
	if (rte_tel_data_add_dict_container(d, "nbls", list, 0) != 0) {
		rte_tel_data_free(list);
		return -ENOSPC;
	}
	return 0;
}

/* "PORT:QUEUE" or "PORT:QUEUE,LIMIT". */
static int
rxq_tel_pending(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct rxq_pending_req r = { .limit = RXQ_PENDING_LIMIT_MAX, .d = d };
	unsigned long port, queue, limit;
	char *end;

	RTE_SET_USED(cmd);
	if (params == NULL)
		return -EINVAL;
	port = strtoul(params, &end, 10);
	if (end == params || *end != ':')
		return -EINVAL;
	params = end + 1;
	queue = strtoul(params, &end, 10);
	if (end == params || (*end != '\0' && *end != ','))
		return -EINVAL;
	if (*end == ',') {
		params = end + 1;
		limit = strtoul(params, &end, 10);
		if (end == params || *end != '\0' || limit == 0 ||
				limit > RXQ_PENDING_LIMIT_MAX)
			return -EINVAL;
		r.limit = (unsigned int)limit;
		r.limit_given = true;
	}
	if (port > UINT16_MAX || queue > UINT16_MAX)
		return -EINVAL;
	return rxq_registry_call((uint16_t)port, (uint16_t)queue,
		rxq_tel_pending_fill, &r);
}

RTE_INIT(nbl_rxq_pending_init)
{
	/* telemetry refuses a help text of 128 characters or more */
	rte_telemetry_register_cmd("/nbl/pending", rxq_tel_pending,
		"NBLs a queue's consumer holds, oldest first. Parameters: PORT:QUEUE[,LIMIT]");
}
