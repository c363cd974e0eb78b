/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The hold model (--hold-us): a protocol driver that keeps each NBL for a
 * time drawn from a distribution before returning it. The k-th NBL a queue
 * indicates (k from 0, RESOURCES ones included) is held
 * nbl_hold_sample_us(dist, --hold-seed, queue, k) microseconds, the
 * function lib/model uses, so the engine and the model give packet k the
 * same hold. The consumer sees a queue's NBLs in indicate order (the
 * callback on the RX lcore, or the SPSC ring on a consumer lcore), so it
 * counts k itself.
 *
 * Random hold times expire out of order, so the held NBLs are kept in a
 * binary min-heap of expiry TSCs, one per queue, owned by the queue's
 * consumer lcore: a push and a pop cost log2(held) steps. RESOURCES
 * indications never get here (the queue takes those back at once); they
 * only advance k.
 *
 * Return lag: an NBL is given back at the first expiry check at or after
 * its due time, which comes once a pass of the consumer lcore's loop
 * (after its polls); how late that is goes into a histogram the consumer
 * lcore writes (h->lag), read at the end of the run and by the model
 * (nblpmd-advise --host) as the host's return lag.
 */

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>

#include "fwd.h"

int
nblpmd_hold_init(struct nblpmd_queue *q, uint32_t cap,
		const struct nbl_hold_dist *dist, uint64_t seed)
{
	struct nblpmd_hold *h = &q->hold;

	memset(h, 0, sizeof(*h));
	if (cap == 0 || dist == NULL || dist->kind == NBL_HOLD_NONE)
		return 0;
	h->heap = rte_zmalloc("nblpmd_hold", sizeof(*h->heap) * cap, 0);
	h->lag = rte_zmalloc("nblpmd_hold_lag", sizeof(*h->lag),
		RTE_CACHE_LINE_SIZE);
	if (h->heap == NULL || h->lag == NULL) {
		rte_free(h->heap);
		rte_free(h->lag);
		memset(h, 0, sizeof(*h));
		return -ENOMEM;
	}
	h->cap = cap;
	h->dist = dist;
	h->seed = seed;
	h->key = q->queue_id;
	h->tsc_per_us = (double)rte_get_tsc_hz() / 1e6;
	return 0;
}

void
nblpmd_hold_fini(struct nblpmd_queue *q)
{
	rte_free(q->hold.heap);
	rte_free(q->hold.lag);
	memset(&q->hold, 0, sizeof(q->hold));
}

static inline void
heap_swap(struct nblpmd_hold_entry *a, struct nblpmd_hold_entry *b)
{
	struct nblpmd_hold_entry t = *a;

	*a = *b;
	*b = t;
}

/* Insert; the caller made room. */
static void
heap_push(struct nblpmd_hold *h, uint64_t expire, struct nbl *nbl)
{
	struct nblpmd_hold_entry *e = h->heap;
	uint32_t i = h->count++;

	e[i].expire = expire;
	e[i].nbl = nbl;
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (e[parent].expire <= e[i].expire)
			break;
		heap_swap(&e[parent], &e[i]);
		i = parent;
	}
}

/* Take the entry that expires first. */
static struct nbl *
heap_pop(struct nblpmd_hold *h)
{
	struct nblpmd_hold_entry *e = h->heap;
	struct nbl *top = e[0].nbl;
	uint32_t i = 0;

	e[0] = e[--h->count];
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < h->count && e[l].expire < e[m].expire)
			m = l;
		if (r < h->count && e[r].expire < e[m].expire)
			m = r;
		if (m == i)
			break;
		heap_swap(&e[m], &e[i]);
		i = m;
	}
	top->next = NULL;
	return top;
}

/* A chain being built for one return call. */
struct hold_chain {
	struct nbl *head;
	struct nbl *tail;
	uint64_t n;
};

static inline void
chain_add(struct hold_chain *c, struct nbl *nbl)
{
	if (c->tail == NULL)
		c->head = nbl;
	else
		c->tail->next = nbl;
	c->tail = nbl;
	c->n++;
}

static void
hold_give_back(struct nblpmd_queue *q, struct hold_chain *c)
{
	if (c->head == NULL)
		return;
	nbl_rxq_return(q->rxq, c->head);
	q->fs.returned += c->n;
}

/* Hold time of NBL k in TSC cycles, rounded up: never shorter than asked. */
static inline uint64_t
hold_cycles(const struct nblpmd_hold *h, uint64_t k)
{
	return (uint64_t)ceil(nbl_hold_sample_us(h->dist, h->seed, h->key, k) *
		h->tsc_per_us);
}

void
nblpmd_hold_skip(struct nblpmd_queue *q, uint16_t count)
{
	q->hold.k += count;
}

void
nblpmd_hold_push(struct nblpmd_queue *q, struct nbl *chain, uint64_t now)
{
	struct nblpmd_hold *h = &q->hold;
	struct hold_chain evicted = { NULL, NULL, 0 };
	struct nbl *next;

	for (; chain != NULL; chain = next) {
		next = chain->next;
		chain->next = NULL;
		/* --hold H below D: a consumer that may keep only H gives
		 * back the one due first to make room */
		if (h->count == h->cap)
			chain_add(&evicted, heap_pop(h));
		heap_push(h, now + hold_cycles(h, h->k++), chain);
	}
	q->fs.hold_evicted += evicted.n;
	q->fs.held = h->count;
	if (h->count > q->fs.held_max)
		q->fs.held_max = h->count;
	hold_give_back(q, &evicted);
}

static void
hold_release(struct nblpmd_queue *q, uint64_t now, bool all)
{
	struct nblpmd_hold *h = &q->hold;
	struct hold_chain c = { NULL, NULL, 0 };

	/* due ones: how late each comes back (the return lag) */
	while (!all && h->count > 0 && h->heap[0].expire <= now) {
		nbl_hist_record_n(h->lag, now - h->heap[0].expire, 1);
		chain_add(&c, heap_pop(h));
	}
	/* the end of the run: everything, due or not, untimed */
	while (all && h->count > 0)
		chain_add(&c, heap_pop(h));
	if (all)
		q->fs.hold_flushed += c.n;
	else
		q->fs.hold_expired += c.n;
	q->fs.held = h->count;
	hold_give_back(q, &c);
}

void
nblpmd_hold_expire(struct nblpmd_queue *q, uint64_t now)
{
	if (q->hold.count != 0 && q->hold.heap[0].expire <= now)
		hold_release(q, now, false);
}

void
nblpmd_hold_flush(struct nblpmd_queue *q)
{
	if (q->hold.count != 0)
		hold_release(q, 0, true);
}
