/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The NBLs a consumer holds now (NDIS !ndiskd.pendingnbls), and the
 * telemetry endpoint that shows them:
 *   /nbl/pending,PORT:QUEUE[,LIMIT]
 * Built when asked, from what the queue keeps anyway: the pool's objects
 * are walked for INDICATED NBLs whose receive descriptor (record) is the
 * queue's, and each NBL's age comes from the TSC of the poll that
 * indicated it (MiniportReserved[1], written per burst for the hold-time
 * histogram). Nothing is added to the fill or the return.
 *
 * A telemetry reply has a fixed size (DPDK drops silently what does not
 * fit), so the endpoint counts the bytes of what it lists and lists only
 * what fits, saying so (listed, truncated).
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
/** ... and by default when the NBLs carry a history, whose entries are
 *  large: what fits in a reply is listed all the same (at least one
 *  entry of any history depth fits). */
#define RXQ_PENDING_LIMIT_TRACKED 16
/** Bytes of a telemetry reply: DPDK 22.11's output buffer, which /info
 *  reports as max_output_len. */
#define RXQ_TEL_REPLY_MAX 16384
/** Bytes kept free in a reply for what the count below does not see. */
#define RXQ_TEL_REPLY_SLACK 128

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

#define RXQ_PENDING_ACCEPTED \
	"PORT:QUEUE[,LIMIT]: a queue /nbl/rxqs lists (decimal ids), LIMIT 1 to 64"

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

/*
 * Bytes a value takes in the reply's JSON, as DPDK writes it (no blanks):
 * a dict entry is ,"KEY":VALUE (the comma is counted for every entry, the
 * braces of its dict once), an array element ,VALUE.
 */
static size_t
rxq_json_u64(uint64_t v)
{
	size_t n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static size_t
rxq_json_int(int v)
{
	return v < 0 ? 1 + rxq_json_u64((uint64_t)-(int64_t)v) :
		rxq_json_u64((uint64_t)v);
}

/* A string of plain characters (names, addresses: nothing to escape). */
static size_t
rxq_json_str(const char *s)
{
	return strlen(s) + 2;
}

static size_t
rxq_json_key(const char *key)
{
	return strlen(key) + 4;
}

/* An NBL's history as four arrays of the same length, oldest first:
 * history_call, history_lcore, history_state, history_age_us. Adds the
 * bytes it takes to *len. */
static void
rxq_tel_history(struct rte_tel_data *e, const struct nbl_track_event *ev,
		int n, uint64_t now, size_t *len)
{
	struct rte_tel_data *a[4];
	static const char * const names[4] = { "history_call",
		"history_lcore", "history_state", "history_age_us" };
	int i, k;

	for (k = 0; k < 4; k++) {
		a[k] = rte_tel_data_alloc();
		if (a[k] == NULL) {
			while (k-- > 0)
				rte_tel_data_free(a[k]);
			return;
		}
		*len += rxq_json_key(names[k]) + 2;
	}
	rte_tel_data_start_array(a[0], RTE_TEL_STRING_VAL);
	rte_tel_data_start_array(a[1], RTE_TEL_INT_VAL);
	rte_tel_data_start_array(a[2], RTE_TEL_STRING_VAL);
	rte_tel_data_start_array(a[3], RTE_TEL_U64_VAL);
	for (i = 0; i < n; i++) {
		const char *call = nbl_call_name((enum nbl_call)ev[i].call);
		const char *state = nbl_state_name(ev[i].state);
		const int lc = ev[i].lcore == NBL_TRACK_NON_EAL ? -1 :
			(int)ev[i].lcore;
		const uint64_t age = now > ev[i].tsc ?
			rxq_tsc_us(now - ev[i].tsc) : 0;

		rte_tel_data_add_array_string(a[0], call);
		rte_tel_data_add_array_int(a[1], lc);
		rte_tel_data_add_array_string(a[2], state);
		rte_tel_data_add_array_u64(a[3], age);
		*len += 4 + rxq_json_str(call) + rxq_json_int(lc) +
			rxq_json_str(state) + rxq_json_u64(age);
	}
	for (k = 0; k < 4; k++)
		if (rte_tel_data_add_dict_container(e, names[k], a[k], 0) != 0)
			rte_tel_data_free(a[k]);
}

/* One listed NBL, keyed key in the list, and its bytes in *len (key and
 * braces included). */
static struct rte_tel_data *
rxq_tel_entry(const struct nbl_rxq *q, const struct nbl_rxq_pending *p,
		const char *key, unsigned int depth, uint64_t now, size_t *len)
{
	struct nbl_track_event ev[NBL_TRACK_MAX_DEPTH];
	struct rte_tel_data *e;
	const char *state = nbl_state_name(p->state);
	char addr[32];
	int nh = 0;

	e = rte_tel_data_alloc();
	if (e == NULL)
		return NULL;
	snprintf(addr, sizeof(addr), "%p", (const void *)p->nbl);
	rte_tel_data_start_dict(e);
	*len = rxq_json_key(key) + 2;
	rte_tel_data_add_dict_string(e, "address", addr);
	*len += rxq_json_key("address") + rxq_json_str(addr);
	rte_tel_data_add_dict_u64(e, "index", p->index);
	*len += rxq_json_key("index") + rxq_json_u64(p->index);
	rte_tel_data_add_dict_u64(e, "descriptor", p->descriptor);
	*len += rxq_json_key("descriptor") + rxq_json_u64(p->descriptor);
	rte_tel_data_add_dict_string(e, "state", state);
	*len += rxq_json_key("state") + rxq_json_str(state);
	/* absent when unknown: the queue measures no hold times */
	if (p->ind_tsc != 0) {
		const uint64_t age = rxq_tsc_us(rxq_age(now, p->ind_tsc));

		rte_tel_data_add_dict_u64(e, "age_us", age);
		*len += rxq_json_key("age_us") + rxq_json_u64(age);
	}
	rte_tel_data_add_dict_u64(e, "resources", p->resources);
	*len += rxq_json_key("resources") + 1;
	if (depth != 0)
		nh = nbl_track_get(q->pool, p->index, ev, RTE_DIM(ev));
	if (nh >= 0 && depth != 0)
		rxq_tel_history(e, ev, nh, now, len);
	return e;
}

/* The reply's fields before the list, in order, added to d (or, d NULL,
 * only counted); their bytes in *len. */
static void
rxq_tel_summary(struct rte_tel_data *d, const struct nbl_rxq *q,
		const struct nbl_rxq_pending_summary *s, unsigned int limit,
		unsigned int listed, bool truncated, unsigned int depth,
		size_t *len)
{
	const unsigned int lc = nbl_rxq_consumer_lcore(q);
	const struct {
		const char *key;
		uint64_t v;
	} u[] = {
		{ "port", q->port_id }, { "queue", q->queue_id },
		{ "total", s->total }, { "listed", listed },
		{ "limit", limit }, { "truncated", truncated },
		{ "timed", s->timed },
		{ "age_p50_us", rxq_tsc_us(s->age_p50) },
		{ "age_p90_us", rxq_tsc_us(s->age_p90) },
		{ "age_p99_us", rxq_tsc_us(s->age_p99) },
		{ "age_max_us", rxq_tsc_us(s->age_max) },
		{ "history_depth", depth },
	};
	const int lci = lc == LCORE_ID_ANY ? -1 : (int)lc;
	unsigned int i;

	*len = 2 + rxq_json_key("name") + rxq_json_str(q->name) +
		rxq_json_key("consumer_lcore") + rxq_json_int(lci);
	for (i = 0; i < RTE_DIM(u); i++)
		*len += rxq_json_key(u[i].key) + rxq_json_u64(u[i].v);
	if (d == NULL)
		return;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", q->name);
	for (i = 0; i < RTE_DIM(u); i++) {
		if (i == 2)
			rte_tel_data_add_dict_int(d, "consumer_lcore", lci);
		rte_tel_data_add_dict_u64(d, u[i].key, u[i].v);
	}
}

static int
rxq_tel_pending_fill(const struct nbl_rxq *q, void *arg)
{
	struct rxq_pending_req *r = arg;
	struct rte_tel_data *d = r->d, *list;
	struct nbl_rxq_pending_summary s;
	struct nbl_rxq_pending *p;
	const unsigned int depth = nbl_track_depth(q->pool);
	unsigned int limit = r->limit;
	uint64_t now = rte_rdtsc();
	size_t head, used, budget;
	int n, i;

	if (!r->limit_given && depth != 0)
		limit = RXQ_PENDING_LIMIT_TRACKED;
	p = malloc(sizeof(*p) * limit);
	if (p == NULL)
		return -ENOMEM;
	n = nbl_rxq_pending_get(q, now, p, limit, &s);
	list = n < 0 ? NULL : rte_tel_data_alloc();
	if (list == NULL) {
		free(p);
		return n < 0 ? n : -ENOMEM;
	}
	/* What the reply holds but the list: the command's echo, the
	 * summary (counted with the largest listed and truncated values),
	 * the list's key and braces. Then entries while they fit. */
	rxq_tel_summary(NULL, q, &s, limit, limit, true, depth, &head);
	head += sizeof("{\"/nbl/pending\":}") + rxq_json_key("nbls") + 2;
	budget = RXQ_TEL_REPLY_MAX - RXQ_TEL_REPLY_SLACK - head;
	/* Keyed by rank ("0" is the oldest): telemetry arrays hold no
	 * dicts, and a dict keeps its order. */
	rte_tel_data_start_dict(list);
	for (i = 0, used = 0; i < n; i++) {
		struct rte_tel_data *e;
		char key[16];
		size_t len;

		snprintf(key, sizeof(key), "%d", i);
		e = rxq_tel_entry(q, &p[i], key, depth, now, &len);
		if (e == NULL)
			break;
		if (used + len > budget ||
				rte_tel_data_add_dict_container(list, key, e,
					0) != 0) {
			rte_tel_data_free(e);
			break;
		}
		used += len;
	}
	free(p);
	/* listed: what the reply holds; truncated: some that the limit let
	 * in did not fit */
	rxq_tel_summary(d, q, &s, limit, (unsigned int)i, i < n, depth,
		&head);
	if (rte_tel_data_add_dict_container(d, "nbls", list, 0) != 0) {
		rte_tel_data_free(list);
		return -ENOSPC;
	}
	return 0;
}

/* A decimal number of digits only, at most max: 0 with *v set and *p
 * after it; -EINVAL when there is no digit, -ERANGE above max. */
static int
rxq_tel_dec(const char **p, unsigned long max, unsigned long *v)
{
	const char *s = *p;
	unsigned long x = 0;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++) {
		x = x * 10 + (unsigned long)(*s - '0');
		if (x > max)
			return -ERANGE;
	}
	*v = x;
	*p = s;
	return 0;
}

/* /nbl/pending,PORT:QUEUE[,LIMIT]: the parameters exactly so (decimal
 * digits, no blanks); anything else is answered with an error object. */
static int
rxq_tel_pending(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct rxq_pending_req r = { .limit = RXQ_PENDING_LIMIT_MAX, .d = d };
	unsigned long port, queue, limit;
	const char *s = params;
	char q[40];
	int rc;

	RTE_SET_USED(cmd);
	nbl_tel_quote(params, q, sizeof(q));
	if (s == NULL || *s == '\0')
		return nbl_tel_error(d, RXQ_PENDING_ACCEPTED,
			"no queue given: /nbl/pending,PORT:QUEUE");
	rc = rxq_tel_dec(&s, UINT16_MAX, &port);
	if (rc == 0 && *s++ != ':')
		rc = -EINVAL;
	if (rc == 0)
		rc = rxq_tel_dec(&s, UINT16_MAX, &queue);
	if (rc == -ERANGE)
		return nbl_tel_error(d, RXQ_PENDING_ACCEPTED,
			"'%s': a port or queue id above 65535", q);
	if (rc != 0 || (*s != '\0' && *s != ','))
		return nbl_tel_error(d, RXQ_PENDING_ACCEPTED,
			"'%s' is not PORT:QUEUE[,LIMIT]", q);
	if (*s == ',') {
		s++;
		rc = rxq_tel_dec(&s, RXQ_PENDING_LIMIT_MAX, &limit);
		if (rc == -ERANGE || (rc == 0 && limit == 0))
			return nbl_tel_error(d, RXQ_PENDING_ACCEPTED,
				"'%s': LIMIT out of range (1 to %u)", q,
				RXQ_PENDING_LIMIT_MAX);
		if (rc != 0 || *s != '\0')
			return nbl_tel_error(d, RXQ_PENDING_ACCEPTED,
				"'%s': LIMIT is not a number (1 to %u)", q,
				RXQ_PENDING_LIMIT_MAX);
		r.limit = (unsigned int)limit;
		r.limit_given = true;
	}
	rc = rxq_registry_call((uint16_t)port, (uint16_t)queue,
		rxq_tel_pending_fill, &r);
	if (rc == -ENOENT)
		return nbl_tel_error(d, RXQ_PENDING_ACCEPTED,
			"no receive queue %lu:%lu", port, queue);
	return rc;
}

RTE_INIT(nbl_rxq_pending_init)
{
	/* telemetry refuses a help text of 128 characters or more */
	rte_telemetry_register_cmd("/nbl/pending", rxq_tel_pending,
		"NBLs a queue's consumer holds, oldest first. Parameters: PORT:QUEUE[,LIMIT]");
}
