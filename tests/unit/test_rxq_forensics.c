/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Unit tests of lib/rxq's forensics: the pending list, the log of refused
 * returns, burst sizes, the NBL history through fill, indicate, return
 * and recycle, and the /nbl/pending endpoint. The port is a net_ring
 * device whose RX ring the test fills with exactly the mbufs it wants.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "nbl.h"
#include "nbl_rxq.h"
#include "nbl_test.h"
#include "nbl_test_telemetry.h"

#define MBUF_ROOM (RTE_PKTMBUF_HEADROOM + 2048)
#define MAX_HELD 32

static unsigned int test_seq;

/* The consumer: returns at once, or keeps each chain (hold). */
struct cons {
	bool hold;
	unsigned int nb_held;
	struct nbl *held[MAX_HELD];
};

static void
cons_indicate(struct nbl_rxq *q, struct nbl *chain, uint16_t count,
		uint32_t flags, void *arg)
{
	struct cons *c = arg;

	RTE_SET_USED(count);
	if (flags & NBL_RXQ_IND_RESOURCES)
		return;
	if (!c->hold) {
		nbl_rxq_return(q, chain);
		return;
	}
	if (c->nb_held < MAX_HELD)
		c->held[c->nb_held++] = chain;
}

struct fx {
	struct rte_mempool *mp;
	struct nbl_pool *pool;
	struct rte_ring *rx, *tx;
	uint16_t port;
	struct nbl_rxq_conf c;
	struct nbl_rxq *q;
};

/* The fixture of the case that runs (one per process run by meson). */
static struct fx f_g;

static struct nbl_pool *
make_pool(uint32_t count, uint16_t depth)
{
	struct nbl_pool_params p;
	char name[32];

	memset(&p, 0, sizeof(p));
	snprintf(name, sizeof(name), "tfor%u", test_seq++);
	p.name = name;
	p.count = count;
	p.allocate_nb = true;
	p.tag = NBL_TAG('T', 'f', 'o', 'r');
	p.socket_id = SOCKET_ID_ANY;
	p.track_depth = depth;
	return nbl_pool_create(&p);
}

/* A pool of nbls NBLs (history depth depth), a net_ring port, and in
 * f->c a queue of d descriptors for fx_start(). */
static int
fx_open(struct fx *f, uint32_t nbls, uint16_t depth, uint32_t d,
		struct cons *cons)
{
	struct rte_eth_conf conf;
	char name[32];
	int port;

	memset(f, 0, sizeof(*f));
	f->pool = make_pool(nbls, depth);
	TEST_ASSERT(f->pool != NULL, "pool: %s", rte_strerror(rte_errno));
	snprintf(name, sizeof(name), "tformb%u", test_seq);
	f->mp = rte_pktmbuf_pool_create(name, 256, 0, 0, MBUF_ROOM,
		SOCKET_ID_ANY);
	snprintf(name, sizeof(name), "tforr%u", test_seq);
	f->rx = rte_ring_create(name, 512, SOCKET_ID_ANY,
		RING_F_SP_ENQ | RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "tfort%u", test_seq);
	f->tx = rte_ring_create(name, 512, SOCKET_ID_ANY,
		RING_F_SP_ENQ | RING_F_SC_DEQ);
	TEST_ASSERT(f->mp != NULL && f->rx != NULL && f->tx != NULL,
		"mbuf pool and rings");
	snprintf(name, sizeof(name), "net_ring_f%u", test_seq++);
	port = rte_eth_from_rings(name, &f->rx, 1, &f->tx, 1, SOCKET_ID_ANY);
	TEST_ASSERT(port >= 0, "ring port");
	f->port = (uint16_t)port;
	memset(&conf, 0, sizeof(conf));
	TEST_ASSERT(rte_eth_dev_configure(f->port, 1, 1, &conf) == 0 &&
		rte_eth_rx_queue_setup(f->port, 0, 256, SOCKET_ID_ANY, NULL,
			f->mp) == 0 &&
		rte_eth_tx_queue_setup(f->port, 0, 256, SOCKET_ID_ANY,
			NULL) == 0 &&
		rte_eth_dev_start(f->port) == 0, "port start");
	memset(&f->c, 0, sizeof(f->c));
	f->c.port_id = f->port;
	f->c.nb_rxd = 256;
	f->c.burst = 32;
	f->c.descriptors = d;
	f->c.max_segs = 1;
	f->c.pool = f->pool;
	f->c.socket_id = SOCKET_ID_ANY;
	f->c.indicate = cons_indicate;
	f->c.indicate_arg = cons;
	return 0;
}

static int
fx_start(struct fx *f)
{
	char name[32];

	snprintf(name, sizeof(name), "rxq.f%u", test_seq++);
	f->q = nbl_rxq_create(name, &f->c);
	TEST_ASSERT(f->q != NULL, "create: %s", rte_strerror(rte_errno));
	return 0;
}

static int
fx_feed(struct fx *f, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(f->mp);

		TEST_ASSERT(m != NULL, "mbuf");
		TEST_ASSERT(rte_pktmbuf_append(m, 64) != NULL, "append");
		TEST_ASSERT_EQUAL(rte_ring_enqueue(f->rx, m), 0, "enqueue");
	}
	return 0;
}

/* Stop and free everything; every NBL must be back. */
static int
fx_free(struct fx *f)
{
	TEST_ASSERT_EQUAL(nbl_rxq_stop(f->q), 0, "stop: all back");
	TEST_ASSERT_EQUAL(nbl_rxq_free(f->q), 0, "queue free");
	rte_eth_dev_stop(f->port);
	rte_eth_dev_close(f->port);
	rte_ring_free(f->rx);
	rte_ring_free(f->tx);
	TEST_ASSERT_EQUAL(nbl_pool_free(f->pool), 0, "pool free: none out");
	rte_mempool_free(f->mp);
	return 0;
}

static unsigned int
chain_len(const struct nbl *n)
{
	unsigned int k = 0;

	for (; n != NULL; n = n->next)
		k++;
	return k;
}

/* Two indications held by the consumer: the pending list has every NBL,
 * the first indication's first, each with its index, descriptor and
 * state; returning a chain takes it off the list. */
static int
test_pending_lists_held_nbls_oldest_first(void)
{
	struct cons cons = { .hold = true };
	struct nbl_rxq_pending p[64];
	struct nbl_rxq_pending_summary s;
	uint8_t desc_seen[64];
	const struct nbl *n;
	uint64_t t0, now;
	int k, i;

	TEST_ASSERT_EQUAL(fx_open(&f_g, 128, 0, 64, &cons), 0, "set-up");
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "queue");
	t0 = rte_rdtsc();
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 10), 0, "feed 10");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 10, "first indication");
	rte_delay_us_block(200);
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 5), 0, "feed 5");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 5, "second indication");
	TEST_ASSERT_EQUAL(cons.nb_held, 2, "two chains held");
	now = rte_rdtsc();
	k = nbl_rxq_pending_get(f_g.q, now, p, RTE_DIM(p), &s);
	TEST_ASSERT_EQUAL(k, 15, "every held NBL listed");
	TEST_ASSERT_EQUAL(s.total, 15, "total");
	TEST_ASSERT_EQUAL(s.listed, 15, "listed");
	TEST_ASSERT_EQUAL(s.timed, 15, "every one carries its indicate TSC");
	memset(desc_seen, 0, sizeof(desc_seen));
	for (i = 0; i < k; i++) {
		TEST_ASSERT_EQUAL(p[i].state, NBL_STATE_INDICATED, "entry %d", i);
		TEST_ASSERT_EQUAL(p[i].index, p[i].nbl->index,
			"entry %d: the NBL's own index", i);
		TEST_ASSERT(p[i].descriptor < 64, "entry %d: descriptor %u "
			"within D", i, p[i].descriptor);
		TEST_ASSERT_EQUAL(desc_seen[p[i].descriptor], 0,
			"descriptor %u listed twice", p[i].descriptor);
		desc_seen[p[i].descriptor] = 1;
		TEST_ASSERT_EQUAL(p[i].resources, 0, "no RESOURCES");
		TEST_ASSERT(p[i].ind_tsc >= t0 && p[i].ind_tsc <= now,
			"entry %d: indicated during the test", i);
		TEST_ASSERT(i == 0 || p[i].ind_tsc >= p[i - 1].ind_tsc,
			"oldest first");
	}
	/* the first ten are the first chain's NBLs */
	for (n = cons.held[0]; n != NULL; n = n->next) {
		for (i = 0; i < 10; i++)
			if (p[i].nbl == n)
				break;
		TEST_ASSERT(i < 10, "NBL %p of the first chain among the "
			"ten oldest", (const void *)n);
	}
	TEST_ASSERT(p[14].ind_tsc > p[0].ind_tsc, "two indication times");
	TEST_ASSERT_EQUAL(s.age_max, now - p[0].ind_tsc, "oldest age");
	TEST_ASSERT_EQUAL(s.age_p50, now - p[0].ind_tsc,
		"10 of 15 are the older: the median is their age");
	TEST_ASSERT(s.age_max >= s.age_p99 && s.age_p99 >= s.age_p90 &&
		s.age_p90 >= s.age_p50, "percentiles in order");
	/* a limit: the oldest come first */
	k = nbl_rxq_pending_get(f_g.q, now, p, 3, &s);
	TEST_ASSERT_EQUAL(k, 3, "limited to 3");
	TEST_ASSERT_EQUAL(s.total, 15, "the total still counts all");
	TEST_ASSERT_EQUAL(s.listed, 3, "listed");
	TEST_ASSERT_EQUAL(chain_len(cons.held[0]), 10, "first chain");
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, cons.held[0]), 10, "return it");
	k = nbl_rxq_pending_get(f_g.q, rte_rdtsc(), p, RTE_DIM(p), &s);
	TEST_ASSERT_EQUAL(k, 5, "the second chain is left");
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, cons.held[1]), 5, "return");
	k = nbl_rxq_pending_get(f_g.q, rte_rdtsc(), p, RTE_DIM(p), &s);
	TEST_ASSERT_EQUAL(k, 0, "nothing pending");
	TEST_ASSERT_EQUAL(s.age_max, 0, "no age");
	TEST_ASSERT_EQUAL(nbl_rxq_consumer_lcore(f_g.q), rte_lcore_id(),
		"owner placement: the consumer runs on the owner lcore");
	return fx_free(&f_g);
}

/* Two queues on one pool: each lists only what its own consumer holds. */
static int
test_pending_only_the_queue_own(void)
{
	struct cons c1 = { .hold = true }, c2 = { .hold = true };
	struct nbl_rxq_pending p[8];
	struct nbl_rxq_conf c;
	struct nbl_rxq *q2;
	char name[32];

	TEST_ASSERT_EQUAL(fx_open(&f_g, 128, 0, 32, &c1), 0, "set-up");
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "queue 1");
	c = f_g.c;
	c.indicate_arg = &c2;
	snprintf(name, sizeof(name), "rxq.f%u", test_seq++);
	q2 = nbl_rxq_create(name, &c);
	TEST_ASSERT(q2 != NULL, "queue 2 on the same pool and port");
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 4), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 4, "queue 1 indicates 4");
	TEST_ASSERT_EQUAL(nbl_rxq_pending_get(f_g.q, rte_rdtsc(), p, 8, NULL),
		4, "queue 1 has 4 out");
	TEST_ASSERT_EQUAL(nbl_rxq_pending_get(q2, rte_rdtsc(), p, 8, NULL), 0,
		"queue 2 has none, though the pool has 4 INDICATED");
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, c1.held[0]), 4, "return");
	TEST_ASSERT_EQUAL(nbl_rxq_free(q2), 0, "queue 2 free");
	return fx_free(&f_g);
}

/* Refused returns are logged as they were: a double return (HELD) and a
 * foreign one (another pool); after NBL_RXQ_VIOLATION_LOG only counted. */
static int
test_violation_log_double_and_foreign(void)
{
	struct cons cons = { .hold = true };
	struct nbl_rxq_violation v[NBL_RXQ_VIOLATION_LOG + 4];
	struct nbl_rxq_stats st;
	struct nbl_pool *other;
	struct nbl *nbl, *alien;
	uint64_t t0;
	unsigned int i;
	int k;

	TEST_ASSERT_EQUAL(fx_open(&f_g, 64, 0, 32, &cons), 0, "set-up");
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "queue");
	TEST_ASSERT_EQUAL(nbl_rxq_violations_get(f_g.q, v, RTE_DIM(v)), 0,
		"nothing logged yet");
	TEST_ASSERT_EQUAL(nbl_rxq_violation_history(f_g.q, 0, NULL, 0),
		-ENOTSUP, "no history without a pool that keeps one");
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 1), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 1, "one indicated");
	nbl = cons.held[0];
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, nbl), 1, "returned");
	t0 = rte_rdtsc();
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, nbl), 0,
		"returned again: refused");
	other = make_pool(4, 0);
	TEST_ASSERT(other != NULL, "another pool");
	alien = nbl_alloc_with_nb(other);
	TEST_ASSERT(alien != NULL && nbl_mark_indicated(alien) == 0,
		"an indicated NBL of another pool");
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, alien), 0, "foreign: refused");
	k = nbl_rxq_violations_get(f_g.q, v, RTE_DIM(v));
	TEST_ASSERT_EQUAL(k, 2, "both logged");
	TEST_ASSERT_EQUAL(v[0].kind, NBL_VIOL_DOUBLE_RETURN, "first: double");
	TEST_ASSERT(v[0].nbl == nbl, "its address");
	TEST_ASSERT_EQUAL(v[0].index, nbl->index, "its index");
	TEST_ASSERT_EQUAL(v[0].state, NBL_STATE_HELD, "found HELD");
	TEST_ASSERT(v[0].descriptor < 32, "one of the queue's descriptors");
	TEST_ASSERT_EQUAL(v[0].pool_id, f_g.pool->id, "of our pool");
	TEST_ASSERT(v[0].tsc >= t0, "refused after t0");
	TEST_ASSERT(v[0].ind_tsc != 0 && v[0].ind_tsc <= t0,
		"it still carries the TSC of its indication");
	TEST_ASSERT_EQUAL(v[1].kind, NBL_VIOL_FOREIGN, "second: foreign");
	TEST_ASSERT(v[1].nbl == alien, "its address");
	TEST_ASSERT_EQUAL(v[1].state, NBL_STATE_INDICATED, "found INDICATED");
	TEST_ASSERT_EQUAL(v[1].pool_id, other->id, "of the other pool");
	TEST_ASSERT_EQUAL(v[1].descriptor, UINT32_MAX, "none of ours");
	/* more than the log holds: the rest are counted only */
	for (i = 0; i < NBL_RXQ_VIOLATION_LOG + 2; i++)
		nbl_rxq_return(f_g.q, nbl);
	k = nbl_rxq_violations_get(f_g.q, v, RTE_DIM(v));
	TEST_ASSERT_EQUAL(k, NBL_RXQ_VIOLATION_LOG, "the log is full");
	nbl_rxq_stats_get(f_g.q, &st);
	TEST_ASSERT_EQUAL(st.double_returns, NBL_RXQ_VIOLATION_LOG + 3,
		"every double return counted");
	TEST_ASSERT_EQUAL(st.foreign_returns, 1, "the foreign one counted");
	TEST_ASSERT_EQUAL(nbl_check_return(other, alien), 0, "alien back");
	TEST_ASSERT_EQUAL(nbl_free(alien), 0, "alien freed");
	TEST_ASSERT_EQUAL(nbl_pool_free(other), 0, "other pool freed");
	return fx_free(&f_g);
}

/* Burst sizes by size: the rx_burst results and the indication sizes. */
static int
test_burst_sizes_counted_by_size(void)
{
	struct cons cons = { .hold = false };
	uint64_t rx[33], ind[33];
	unsigned int i;
	uint64_t sum;

	TEST_ASSERT_EQUAL(fx_open(&f_g, 128, 0, 64, &cons), 0, "set-up");
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "queue without burst sizes");
	TEST_ASSERT_EQUAL(nbl_rxq_burst_sizes_get(f_g.q, rx, ind, 33),
		-ENOTSUP, "not recorded unless asked");
	TEST_ASSERT_EQUAL(nbl_rxq_stop(f_g.q), 0, "stop");
	TEST_ASSERT_EQUAL(nbl_rxq_free(f_g.q), 0, "free");
	f_g.c.record_burst_sizes = true;
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "queue with burst sizes");
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 40), 0, "feed 40");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 32, "a full burst");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 8, "the rest");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 0, "an empty poll");
	TEST_ASSERT_EQUAL(nbl_rxq_poll_max(f_g.q, 0), 0,
		"a poll that asks the port for nothing");
	TEST_ASSERT_EQUAL(nbl_rxq_burst_sizes_get(f_g.q, rx, ind, 33), 33,
		"sizes 0 to B = 32");
	for (i = 0, sum = 0; i <= 32; i++)
		sum += rx[i];
	TEST_ASSERT_EQUAL(sum, 3, "three rx_burst calls");
	TEST_ASSERT_EQUAL(rx[32], 1, "one gave 32");
	TEST_ASSERT_EQUAL(rx[8], 1, "one gave 8");
	TEST_ASSERT_EQUAL(rx[0], 1, "one gave none");
	for (i = 0, sum = 0; i <= 32; i++)
		sum += ind[i];
	TEST_ASSERT_EQUAL(sum, 2, "two indications");
	TEST_ASSERT_EQUAL(ind[32], 1, "of 32");
	TEST_ASSERT_EQUAL(ind[8], 1, "and of 8");
	TEST_ASSERT_EQUAL(ind[0], 0, "never an empty one");
	return fx_free(&f_g);
}

static int
history_of(struct nbl_pool *pool, const struct nbl *n,
		struct nbl_track_event *ev, unsigned int max)
{
	return nbl_track_get(pool, n->index, ev, max);
}

/* History through the queue, in place: alloc (setup), fill, indicate,
 * return, recycle, each on the lcore that made it; pool mode: return
 * then free, and the refill's alloc. */
static int
test_history_follows_the_nbl(void)
{
	struct cons cons = { .hold = true };
	struct nbl_track_event ev[16];
	static const uint8_t inplace[] = { NBL_CALL_ALLOC, NBL_CALL_FILL,
		NBL_CALL_INDICATE, NBL_CALL_RETURN, NBL_CALL_RECYCLE };
	static const uint8_t states[] = { NBL_STATE_HELD, NBL_STATE_HELD,
		NBL_STATE_INDICATED, NBL_STATE_HELD, NBL_STATE_HELD };
	struct nbl *n;
	uint64_t t0;
	int k, i, allocs;

	TEST_ASSERT_EQUAL(fx_open(&f_g, 64, 8, 16, &cons), 0, "set-up");
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "queue on a pool with history");
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 1), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 1, "indicated");
	n = cons.held[0];
	k = history_of(f_g.pool, n, ev, 16);
	TEST_ASSERT_EQUAL(k, 3, "alloc, fill, indicate so far");
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, n), 1, "returned");
	k = history_of(f_g.pool, n, ev, 16);
	TEST_ASSERT_EQUAL(k, 5, "then return and recycle");
	for (i = 0; i < k; i++) {
		TEST_ASSERT_EQUAL(ev[i].call, inplace[i], "event %d: %s", i,
			nbl_call_name((enum nbl_call)ev[i].call));
		TEST_ASSERT_EQUAL(ev[i].state, states[i], "event %d state", i);
		TEST_ASSERT_EQUAL(ev[i].lcore, rte_lcore_id(), "event %d lcore",
			i);
		TEST_ASSERT(i == 0 || ev[i].tsc >= ev[i - 1].tsc,
			"event %d in time order", i);
	}
	TEST_ASSERT_EQUAL(ev[1].tsc, ev[2].tsc,
		"fill and indicate share the burst's TSC");
	/* a refused return adds nothing to the NBL's history, and the log
	 * keeps the history it had when refused */
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, n), 0, "double return");
	TEST_ASSERT_EQUAL(history_of(f_g.pool, n, ev, 16), 5,
		"a refused return is not a transition");
	memset(ev, 0, sizeof(ev));
	TEST_ASSERT_EQUAL(nbl_rxq_violation_history(f_g.q, 0, ev, 16), 5,
		"the refused NBL's history, kept when refused");
	TEST_ASSERT_EQUAL(ev[3].call, NBL_CALL_RETURN,
		"it shows the first return");
	TEST_ASSERT_EQUAL(ev[4].call, NBL_CALL_RECYCLE, "and the recycle");
	TEST_ASSERT_EQUAL(nbl_rxq_violation_history(f_g.q, 1, ev, 16), -ERANGE,
		"one entry logged");
	TEST_ASSERT_EQUAL(nbl_rxq_stop(f_g.q), 0, "stop");
	TEST_ASSERT_EQUAL(nbl_rxq_free(f_g.q), 0, "free");
	k = history_of(f_g.pool, n, ev, 16);
	TEST_ASSERT_EQUAL(ev[k - 1].call, NBL_CALL_FREE,
		"the queue's free frees it to the pool");

	/* pool mode: return, then the pool records the free */
	cons.nb_held = 0;
	f_g.c.recycle = NBL_RXQ_RECYCLE_POOL;
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "pool-mode queue");
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 1), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 1, "indicated");
	n = cons.held[0];
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, n), 1, "returned");
	k = history_of(f_g.pool, n, ev, 16);
	TEST_ASSERT(k >= 5, "history");
	TEST_ASSERT_EQUAL(ev[k - 5].call, NBL_CALL_ALLOC, "alloc");
	TEST_ASSERT_EQUAL(ev[k - 4].call, NBL_CALL_FILL, "fill");
	TEST_ASSERT_EQUAL(ev[k - 3].call, NBL_CALL_INDICATE, "indicate");
	TEST_ASSERT_EQUAL(ev[k - 2].call, NBL_CALL_RETURN, "return");
	TEST_ASSERT_EQUAL(ev[k - 1].call, NBL_CALL_FREE,
		"freed to the pool, no recycle");
	TEST_ASSERT_EQUAL(ev[k - 1].state, NBL_STATE_FREE, "FREE");
	/* the next poll's refill takes one NBL from the pool: recorded */
	t0 = rte_rdtsc();
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 0, "a poll that refills");
	for (i = 0, allocs = 0; i < 64; i++) {
		k = nbl_track_get(f_g.pool, (uint32_t)i, ev, 16);
		if (k > 0 && ev[k - 1].call == NBL_CALL_ALLOC &&
				ev[k - 1].tsc >= t0)
			allocs++;
	}
	TEST_ASSERT_EQUAL(allocs, 1, "the refill's alloc is in the history");
	return fx_free(&f_g);
}

/* The consumer lcore of the remote test. */
struct remote_ctx {
	struct nbl_rxq *q;
	struct cons *cons;
	volatile int phase;
	unsigned int got;
};

static int
remote_consumer(void *arg)
{
	struct remote_ctx *r = arg;

	while (r->phase == 0)
		r->got += nbl_rxq_consumer_poll(r->q, 64);
	return 0;
}

/* Remote placement: the return is recorded on the consumer lcore, the
 * recycle on the owner, and the consumer lcore is known. */
static int
test_history_remote_return_on_consumer_lcore(void)
{
	struct cons cons = { .hold = false };
	struct nbl_track_event ev[16];
	struct nbl_rxq_pending p[4];
	struct remote_ctx r;
	unsigned int consumer, me = rte_lcore_id(), i;
	int k, j, ret_at = -1, rec_at = -1;

	consumer = rte_get_next_lcore(-1, 1, 0);
	TEST_ASSERT(consumer < RTE_MAX_LCORE, "no worker lcore (EAL -l 0-1)");
	TEST_ASSERT_EQUAL(fx_open(&f_g, 64, 8, 16, &cons), 0, "set-up");
	f_g.c.remote = true;
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "remote queue");
	TEST_ASSERT_EQUAL(nbl_rxq_consumer_lcore(f_g.q), LCORE_ID_ANY,
		"unknown before the consumer polls");
	memset(&r, 0, sizeof(r));
	r.q = f_g.q;
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 1), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 1, "indicated");
	TEST_ASSERT_EQUAL(rte_eal_remote_launch(remote_consumer, &r,
		consumer), 0, "consumer lcore");
	for (i = 0; i < 2000000 && __atomic_load_n(&r.got, __ATOMIC_ACQUIRE)
			== 0; i++)
		rte_pause();
	r.phase = 1;
	rte_eal_wait_lcore(consumer);
	TEST_ASSERT_EQUAL(r.got, 1, "the consumer got it");
	TEST_ASSERT_EQUAL(nbl_rxq_consumer_lcore(f_g.q), consumer,
		"consumer lcore known");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 0, "the poll drains the "
		"return ring");
	TEST_ASSERT_EQUAL(nbl_rxq_pending_get(f_g.q, rte_rdtsc(), p, 4, NULL),
		0, "nothing pending");
	/* the NBL is the one whose history has a return */
	for (i = 0; i < 64; i++) {
		k = nbl_track_get(f_g.pool, i, ev, 16);
		for (j = 0; j < k; j++) {
			if (ev[j].call == NBL_CALL_RETURN)
				ret_at = j;
			if (ev[j].call == NBL_CALL_RECYCLE)
				rec_at = j;
		}
		if (ret_at >= 0)
			break;
	}
	TEST_ASSERT(ret_at >= 0 && rec_at == ret_at + 1,
		"a return followed by a recycle (%d, %d)", ret_at, rec_at);
	TEST_ASSERT_EQUAL(ev[ret_at].lcore, consumer,
		"returned on the consumer lcore");
	TEST_ASSERT_EQUAL(ev[rec_at].lcore, me, "recycled on the owner");
	TEST_ASSERT_EQUAL(ev[ret_at - 1].call, NBL_CALL_INDICATE,
		"after its indication");
	return fx_free(&f_g);
}

/* One call of a test step on the consumer lcore, waited for. */
struct on_lcore {
	int (*fn)(struct fx *f, struct cons *c, void *arg);
	struct fx *f;
	struct cons *c;
	void *arg;
	int rc;
};

static int
on_lcore_main(void *arg)
{
	struct on_lcore *o = arg;

	o->rc = o->fn(o->f, o->c, o->arg);
	return 0;
}

static int
on_consumer(unsigned int lcore, int (*fn)(struct fx *, struct cons *,
		void *), struct cons *c, void *arg)
{
	struct on_lcore o = { .fn = fn, .f = &f_g, .c = c, .arg = arg };

	if (rte_eal_remote_launch(on_lcore_main, &o, lcore) != 0)
		return -1;
	rte_eal_wait_lcore(lcore);
	return o.rc;
}

/* Consumer lcore steps: take what the indication ring holds; return an
 * NBL (the count accepted in *arg). */
static int
step_consumer_poll(struct fx *f, struct cons *c, void *arg)
{
	RTE_SET_USED(c);
	RTE_SET_USED(arg);
	return (int)nbl_rxq_consumer_poll(f->q, 64);
}

static int
step_return(struct fx *f, struct cons *c, void *arg)
{
	RTE_SET_USED(c);
	return (int)nbl_rxq_return(f->q, arg);
}

/* Remote placement: the owner takes a returned NBL back, fills it and
 * indicates it again before the consumer lcore takes it off the
 * indication ring; a second return of it made meanwhile on the consumer
 * lcore is a double return, refused and logged there, and does not take
 * the NBL back (it is on its way to the consumer). Then the consumer gets
 * it and returns it once: one return per indication in its history. */
static int
test_remote_second_return_while_indicated_again_refused(void)
{
	struct cons cons = { .hold = true };
	struct nbl_rxq_violation v[4];
	struct nbl_rxq_pending p[4];
	struct nbl_track_event ev[16];
	struct nbl_rxq_stats st;
	static const uint8_t calls[] = { NBL_CALL_ALLOC, NBL_CALL_FILL,
		NBL_CALL_INDICATE, NBL_CALL_RETURN, NBL_CALL_RECYCLE,
		NBL_CALL_FILL, NBL_CALL_INDICATE, NBL_CALL_RETURN,
		NBL_CALL_RECYCLE };
	unsigned int consumer = rte_get_next_lcore(-1, 1, 0);
	struct nbl *x;
	int k, i;

	TEST_ASSERT(consumer < RTE_MAX_LCORE, "no worker lcore (EAL -l 0-1)");
	TEST_ASSERT_EQUAL(fx_open(&f_g, 64, 16, 16, &cons), 0, "set-up");
	f_g.c.remote = true;
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "remote queue");
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 1), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 1, "indicated");
	TEST_ASSERT_EQUAL(on_consumer(consumer, step_consumer_poll, &cons,
		NULL), 1, "the consumer lcore gets it");
	x = cons.held[0];
	TEST_ASSERT(x != NULL && x->next == NULL, "one NBL held");
	TEST_ASSERT_EQUAL(on_consumer(consumer, step_return, &cons, x), 1,
		"returned on the consumer lcore");
	/* the owner takes it back and, the top of its free list, fills it
	 * again: it is INDICATED and on the indication ring */
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 1), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 1, "indicated again");
	TEST_ASSERT_EQUAL(nbl_rxq_pending_get(f_g.q, rte_rdtsc(), p, 4,
		NULL), 1, "one INDICATED");
	TEST_ASSERT(p[0].nbl == x, "the same NBL, indicated again");
	TEST_ASSERT_EQUAL(on_consumer(consumer, step_return, &cons, x), 0,
		"a second return while it travels: refused");
	nbl_rxq_stats_get(f_g.q, &st);
	TEST_ASSERT_EQUAL(st.double_returns, 1,
		"counted (by the consumer lcore, summed when read)");
	TEST_ASSERT_EQUAL(st.returned, 1, "not taken back");
	TEST_ASSERT_EQUAL(st.outstanding, 1, "still out: on its way");
	k = nbl_rxq_violations_get(f_g.q, v, RTE_DIM(v));
	TEST_ASSERT_EQUAL(k, 1, "logged");
	TEST_ASSERT(v[0].nbl == x, "naming the NBL");
	TEST_ASSERT_EQUAL(v[0].kind, NBL_VIOL_DOUBLE_RETURN, "double return");
	TEST_ASSERT_EQUAL(v[0].state, NBL_STATE_HELD,
		"the driver's since its first return");
	TEST_ASSERT_EQUAL(v[0].descriptor, p[0].descriptor,
		"its receive descriptor");
	TEST_ASSERT_EQUAL(nbl_rxq_violation_history(f_g.q, 0, ev, 16), 7,
		"its history when refused: alloc, fill, indicate, return, "
		"recycle, fill, indicate");
	TEST_ASSERT_EQUAL(ev[6].call, NBL_CALL_INDICATE,
		"refused after the owner indicated it again");
	/* the consumer gets it now and gives it back once */
	cons.nb_held = 0;
	TEST_ASSERT_EQUAL(on_consumer(consumer, step_consumer_poll, &cons,
		NULL), 1, "delivered again");
	TEST_ASSERT(cons.held[0] == x, "the same NBL");
	TEST_ASSERT_EQUAL(on_consumer(consumer, step_return, &cons, x), 1,
		"its good return");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 0, "drain");
	nbl_rxq_stats_get(f_g.q, &st);
	TEST_ASSERT_EQUAL(st.returned, 2, "two returns taken");
	TEST_ASSERT_EQUAL(st.double_returns, 1, "one refused");
	TEST_ASSERT_EQUAL(st.outstanding, 0, "nothing out");
	k = nbl_track_get(f_g.pool, x->index, ev, 16);
	TEST_ASSERT_EQUAL(k, (int)RTE_DIM(calls),
		"one return and one recycle per indication");
	for (i = 0; i < k; i++)
		TEST_ASSERT_EQUAL(ev[i].call, calls[i], "event %d: %s", i,
			nbl_call_name((enum nbl_call)ev[i].call));
	TEST_ASSERT_EQUAL(ev[3].lcore, consumer, "returned on the consumer");
	TEST_ASSERT_EQUAL(ev[7].lcore, consumer, "returned on the consumer");
	return fx_free(&f_g);
}

/* Remote placement: a foreign NBL returned on the consumer lcore is
 * refused there, its link followed (the consumer built that chain);
 * a double return on the owner lcore goes to the owner's log; reads
 * give both logs as one, in the order of the refusals. */
static int
test_remote_refusals_logged_on_both_lcores(void)
{
	struct cons cons = { .hold = true };
	struct nbl_rxq_violation v[4];
	struct nbl_rxq_stats st;
	struct nbl_pool *other;
	unsigned int consumer = rte_get_next_lcore(-1, 1, 0);
	struct nbl *alien, *a, *b;

	TEST_ASSERT(consumer < RTE_MAX_LCORE, "no worker lcore (EAL -l 0-1)");
	TEST_ASSERT_EQUAL(fx_open(&f_g, 64, 0, 16, &cons), 0, "set-up");
	f_g.c.remote = true;
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "remote queue");
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 2), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 2, "indicated");
	TEST_ASSERT_EQUAL(on_consumer(consumer, step_consumer_poll, &cons,
		NULL), 2, "the consumer lcore gets them");
	a = cons.held[0];
	b = a->next;
	TEST_ASSERT(b != NULL && b->next == NULL, "a chain of two");
	other = make_pool(4, 0);
	TEST_ASSERT(other != NULL, "another pool");
	alien = nbl_alloc_with_nb(other);
	TEST_ASSERT(alien != NULL && nbl_mark_indicated(alien) == 0,
		"an indicated NBL of another pool");
	/* the owner lcore: a (held by the consumer) returned there, then
	 * again: the second is the owner's refusal */
	a->next = NULL;
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, a), 1, "a, on the owner");
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, a), 0, "a again: refused");
	/* the consumer lcore: alien -> b */
	alien->next = b;
	TEST_ASSERT_EQUAL(on_consumer(consumer, step_return, &cons, alien), 1,
		"alien refused, b behind it taken");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 0, "drain");
	nbl_rxq_stats_get(f_g.q, &st);
	TEST_ASSERT_EQUAL(st.double_returns, 1, "the owner's double");
	TEST_ASSERT_EQUAL(st.foreign_returns, 1, "the consumer's foreign");
	TEST_ASSERT_EQUAL(st.returned, 2, "a and b back");
	TEST_ASSERT_EQUAL(st.outstanding, 0, "nothing out");
	TEST_ASSERT_EQUAL(nbl_rxq_violations_get(f_g.q, v, RTE_DIM(v)), 2,
		"both logged");
	TEST_ASSERT(v[0].nbl == a && v[0].kind == NBL_VIOL_DOUBLE_RETURN,
		"first the double return (owner lcore)");
	TEST_ASSERT(v[1].nbl == alien && v[1].kind == NBL_VIOL_FOREIGN,
		"then the foreign one (consumer lcore)");
	TEST_ASSERT(v[0].tsc <= v[1].tsc, "in time order");
	TEST_ASSERT_EQUAL(v[1].state, NBL_STATE_INDICATED, "as found");
	TEST_ASSERT_EQUAL(v[1].descriptor, UINT32_MAX, "none of ours");
	alien->next = NULL;
	TEST_ASSERT_EQUAL(nbl_check_return(other, alien), 0, "alien back");
	TEST_ASSERT_EQUAL(nbl_free(alien), 0, "alien freed");
	TEST_ASSERT_EQUAL(nbl_pool_free(other), 0, "other pool freed");
	return fx_free(&f_g);
}

/* /nbl/pending,PORT:QUEUE answers with the list and its summary. */
static int
test_telemetry_pending_json(void)
{
	static char buf[16384];
	struct cons cons = { .hold = true };
	char cmd[64], want[128];
	int rc;

	TEST_ASSERT_EQUAL(fx_open(&f_g, 64, 4, 16, &cons), 0, "set-up");
	f_g.c.queue_id = 0;
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "queue");
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 3), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 3, "indicated, held");
	snprintf(cmd, sizeof(cmd), "/nbl/pending,%u:0", f_g.port);
	rc = nbl_test_telemetry_query(cmd, buf, sizeof(buf));
	TEST_ASSERT_EQUAL(rc, 0, "query");
	snprintf(want, sizeof(want), "\"port\":%u,\"queue\":0,"
		"\"consumer_lcore\":%u,\"total\":3,\"listed\":3,\"limit\":16,"
		"\"truncated\":0,\"timed\":3,", f_g.port, rte_lcore_id());
	TEST_ASSERT(strstr(buf, want) != NULL, "summary %s in %s", want, buf);
	snprintf(want, sizeof(want), "\"index\":%u,", cons.held[0]->index);
	TEST_ASSERT(strstr(buf, want) != NULL, "first NBL's index %s in %s",
		want, buf);
	TEST_ASSERT(strstr(buf, "\"history_call\":[\"alloc\",\"fill\","
		"\"indicate\"]") != NULL, "its history: %s", buf);
	TEST_ASSERT(strstr(buf, "\"state\":\"indicated\"") != NULL, "state");
	snprintf(cmd, sizeof(cmd), "/nbl/pending,%u:0,1", f_g.port);
	TEST_ASSERT_EQUAL(nbl_test_telemetry_query(cmd, buf, sizeof(buf)), 0,
		"query with a limit");
	TEST_ASSERT(strstr(buf, "\"total\":3,\"listed\":1,\"limit\":1,"
		"\"truncated\":0,") != NULL, "limited to 1 of 3: %s", buf);
	TEST_ASSERT(strstr(buf, "\"1\":{") == NULL, "one entry only: %s", buf);
	TEST_ASSERT_EQUAL(nbl_test_telemetry_query("/nbl/pending,9999:0", buf,
		sizeof(buf)), 0, "query of no queue");
	TEST_ASSERT(strstr(buf, "{\"/nbl/pending\":{\"error\":\"no receive "
		"queue 9999:0\",\"accepted\":\"PORT:QUEUE[,LIMIT]") != NULL,
		"an error object naming the queue and what is accepted: %s",
		buf);
	TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, cons.held[0]), 3, "return");
	return fx_free(&f_g);
}

static unsigned int
count_of(const char *s, const char *what)
{
	unsigned int n = 0;

	for (s = strstr(s, what); s != NULL; s = strstr(s + 1, what))
		n++;
	return n;
}

/* /nbl/pending lists only what fits in a telemetry reply (DPDK drops the
 * rest of a reply silently) and says so: 32 held NBLs with 64 events of
 * history each do not fit; the reply is whole, its entries are "listed",
 * and "truncated" is 1. What fits is listed whatever the limit. */
static int
test_telemetry_pending_lists_what_fits(void)
{
	static char buf[32768];
	struct cons cons = { .hold = false };
	unsigned int i, listed;
	const char *at;
	char cmd[64];
	size_t len;

	TEST_ASSERT_EQUAL(fx_open(&f_g, 128, 64, 64, &cons), 0, "set-up");
	TEST_ASSERT_EQUAL(fx_start(&f_g), 0, "queue, history depth 64");
	/* 16 passes of fill, indicate, return, recycle: the same 32 NBLs
	 * (the top of the free list) fill their 64 events */
	for (i = 0; i < 16; i++) {
		TEST_ASSERT_EQUAL(fx_feed(&f_g, 32), 0, "feed");
		TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 32, "pass %u", i);
	}
	cons.hold = true;
	TEST_ASSERT_EQUAL(fx_feed(&f_g, 32), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f_g.q), 32, "32 held");
	snprintf(cmd, sizeof(cmd), "/nbl/pending,%u:0,32", f_g.port);
	TEST_ASSERT_EQUAL(nbl_test_telemetry_query(cmd, buf, sizeof(buf)), 0,
		"query");
	len = strlen(buf);
	TEST_ASSERT(len < 16384 && len > 2 && strcmp(buf + len - 3, "}}}") == 0,
		"a whole reply within 16 KB (%zu bytes): ...%s", len,
		buf + (len > 40 ? len - 40 : 0));
	at = strstr(buf, "\"listed\":");
	TEST_ASSERT(at != NULL, "listed: %.300s", buf);
	listed = (unsigned int)strtoul(at + 9, NULL, 10);
	TEST_ASSERT(listed >= 1 && listed < 32, "some listed, not all 32: %u",
		listed);
	TEST_ASSERT_EQUAL(count_of(buf, "\"address\":"), listed,
		"every listed entry in the reply");
	TEST_ASSERT(strstr(buf, "\"total\":32,") != NULL, "total 32: %.200s",
		buf);
	TEST_ASSERT(strstr(buf, "\"limit\":32,\"truncated\":1,") != NULL,
		"truncated: %.300s", buf);
	TEST_ASSERT_EQUAL(count_of(buf, "\"history_call\":[\"return\""),
		listed, "each with its history (its last 64 events)");
	/* the default limit with history (16) does not fit either */
	snprintf(cmd, sizeof(cmd), "/nbl/pending,%u:0", f_g.port);
	TEST_ASSERT_EQUAL(nbl_test_telemetry_query(cmd, buf, sizeof(buf)), 0,
		"query");
	TEST_ASSERT(strstr(buf, "\"limit\":16,\"truncated\":1,") != NULL,
		"the default 16 truncated too: %.300s", buf);
	at = strstr(buf, "\"listed\":");
	TEST_ASSERT(at != NULL, "listed: %.300s", buf);
	listed = (unsigned int)strtoul(at + 9, NULL, 10);
	TEST_ASSERT(listed >= 1 && listed < 16, "some listed, not 16: %u",
		listed);
	TEST_ASSERT_EQUAL(count_of(buf, "\"address\":"), listed,
		"every listed entry in the reply");
	/* a limit that fits: all of it, not truncated */
	snprintf(cmd, sizeof(cmd), "/nbl/pending,%u:0,2", f_g.port);
	TEST_ASSERT_EQUAL(nbl_test_telemetry_query(cmd, buf, sizeof(buf)), 0,
		"query");
	TEST_ASSERT(strstr(buf, "\"listed\":2,\"limit\":2,\"truncated\":0,")
		!= NULL, "2 of 2: %.300s", buf);
	for (i = 0; i < cons.nb_held; i++)
		TEST_ASSERT_EQUAL(nbl_rxq_return(f_g.q, cons.held[i]), 32,
			"return");
	return fx_free(&f_g);
}

static const struct nbl_test_case cases[] = {
	{ "test_pending_lists_held_nbls_oldest_first",
		test_pending_lists_held_nbls_oldest_first },
	{ "test_pending_only_the_queue_own", test_pending_only_the_queue_own },
	{ "test_violation_log_double_and_foreign",
		test_violation_log_double_and_foreign },
	{ "test_burst_sizes_counted_by_size", test_burst_sizes_counted_by_size },
	{ "test_history_follows_the_nbl", test_history_follows_the_nbl },
	{ "test_history_remote_return_on_consumer_lcore",
		test_history_remote_return_on_consumer_lcore },
	{ "test_telemetry_pending_json", test_telemetry_pending_json },
	{ "test_telemetry_pending_lists_what_fits",
		test_telemetry_pending_lists_what_fits },
	{ "test_remote_second_return_while_indicated_again_refused",
		test_remote_second_return_while_indicated_again_refused },
	{ "test_remote_refusals_logged_on_both_lcores",
		test_remote_refusals_logged_on_both_lcores },
};

int
main(int argc, char **argv)
{
	static const char *extra[] = { "--log-level=lib.rxq:error",
		"--log-level=lib.nbl:critical", NULL };

	return nbl_test_main(argc, argv, cases, RTE_DIM(cases), "0-1", extra);
}
