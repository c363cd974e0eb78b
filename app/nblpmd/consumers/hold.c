/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The hold model: a slow protocol driver that keeps each NBL hold_us
 * before returning it. A FIFO per queue, owned by the queue's consumer
 * lcore, with each NBL's receive TSC. RESOURCES indications never get
 * here (the queue takes those back at once).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>

#include "nblpmd_app.h"

int
nblpmd_hold_init(struct nblpmd_queue *q, uint32_t cap, uint64_t hold_us)
{
	struct nblpmd_hold *h = &q->hold;

	memset(h, 0, sizeof(*h));
	if (cap == 0 || hold_us == 0)
		return 0;
	h->nbl = rte_zmalloc("nblpmd_hold", sizeof(*h->nbl) * cap, 0);
	h->tsc = rte_zmalloc("nblpmd_hold_tsc", sizeof(*h->tsc) * cap, 0);
	if (h->nbl == NULL || h->tsc == NULL) {
		rte_free(h->nbl);
		rte_free(h->tsc);
		h->nbl = NULL;
		h->tsc = NULL;
		return -ENOMEM;
	}
	h->cap = cap;
	h->hold_tsc = hold_us * rte_get_tsc_hz() / 1000000;
	return 0;
}

void
nblpmd_hold_fini(struct nblpmd_queue *q)
{
	rte_free(q->hold.nbl);
	rte_free(q->hold.tsc);
	memset(&q->hold, 0, sizeof(q->hold));
}

/* Take the oldest entry off the FIFO and link it at *tail. */
static struct nbl *
hold_pop(struct nblpmd_hold *h)
{
	struct nbl *nbl = h->nbl[h->head];

	h->head = (h->head + 1) % h->cap;
	h->count--;
	nbl->next = NULL;
	return nbl;
}

static void
hold_give_back(struct nblpmd_queue *q, struct nbl *chain, uint64_t n)
{
	if (chain == NULL)
		return;
	nbl_rxq_return(q->rxq, chain);
	q->fs.returned += n;
}

void
nblpmd_hold_push(struct nblpmd_queue *q, struct nbl *chain, uint64_t now)
{
	struct nblpmd_hold *h = &q->hold;
	struct nbl *evict_head = NULL;
	struct nbl *evict_tail = NULL;
	uint64_t evicted = 0;
	struct nbl *next;

	for (; chain != NULL; chain = next) {
		next = chain->next;
		if (h->count == h->cap) {
			struct nbl *old = hold_pop(h);

			if (evict_tail == NULL)
				evict_head = old;
			else
				evict_tail->next = old;
			evict_tail = old;
			evicted++;
		}
		chain->next = NULL;
		h->nbl[(h->head + h->count) % h->cap] = chain;
		h->tsc[(h->head + h->count) % h->cap] = now;
		h->count++;
	}
	q->fs.hold_evicted += evicted;
	q->fs.held = h->count;
	if (h->count > q->fs.held_max)
		q->fs.held_max = h->count;
	hold_give_back(q, evict_head, evicted);
}

static void
hold_release(struct nblpmd_queue *q, uint64_t now, bool all)
{
	struct nblpmd_hold *h = &q->hold;
	struct nbl *head = NULL;
	struct nbl *tail = NULL;
	uint64_t n = 0;

	while (h->count > 0 &&
			(all || (int64_t)(now - h->tsc[h->head]) >=
			 (int64_t)h->hold_tsc)) {
		struct nbl *nbl = hold_pop(h);

		if (tail == NULL)
			head = nbl;
		else
			tail->next = nbl;
		tail = nbl;
		n++;
	}
	q->fs.hold_expired += n;
	q->fs.held = h->count;
	hold_give_back(q, head, n);
}

void
nblpmd_hold_expire(struct nblpmd_queue *q, uint64_t now)
{
	if (q->hold.count != 0)
		hold_release(q, now, false);
}

void
nblpmd_hold_flush(struct nblpmd_queue *q)
{
	if (q->hold.count != 0)
		hold_release(q, 0, true);
}
