/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Measured hold time: the log-linear histogram (lib/rxq/nbl_hist.h) and
 * the queue's timing of every NBL the consumer returns. One case per rule.
 * The histogram cases need no EAL; the queue cases run on a net_ring port
 * whose RX ring the test fills itself.
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "nbl.h"
#include "nbl_hist.h"
#include "nbl_rxq.h"
#include "nbl_test.h"

/* A TSC rate for the pure histogram cases: 2.6 GHz, 2600 cycles per us. */
#define HZ 2600000000ull
#define US(x) ((uint64_t)((x) * (double)HZ / 1e6))

static unsigned int seq;

static struct nbl_hist *
hist_new(void)
{
	struct nbl_hist *h = calloc(1, sizeof(*h));

	if (h == NULL)
		printf("no memory for a histogram\n");
	return h;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The exact value at quantile q of sorted values: the ceil(q n)-th. */
static uint64_t
exact_at(const uint64_t *v, size_t n, double q)
{
	size_t rank = (size_t)ceil(q * (double)n);

	if (rank == 0)
		rank = 1;
	return v[rank - 1];
}

/* ------------------------------------------------------ the histogram */

static int
test_hist_values_below_256_are_exact(void)
{
	struct nbl_hist *h = hist_new();
	unsigned int v;

	TEST_ASSERT(h != NULL, "histogram");
	for (v = 0; v < 256; v++)
		nbl_hist_record_n(h, v, 1);
	for (v = 0; v < 256; v++)
		TEST_ASSERT_EQUAL(nbl_hist_value_at(h, (v + 1) / 256.0), v,
			"value %u has a bucket of its own", v);
	TEST_ASSERT_EQUAL(h->count, 256, "count");
	TEST_ASSERT_EQUAL(h->max, 255, "max");
	free(h);
	return 0;
}

/* Known values from 1 us to 60 s, spread evenly on a log scale: every
 * percentile is at or above the exact one, and within 1 %. */
static int
test_hist_percentiles_within_one_percent(void)
{
	static const double qs[] = { 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0 };
	const size_t n = 100000;
	struct nbl_hist *h = hist_new();
	uint64_t *v = malloc(n * sizeof(*v));
	uint64_t x = 88172645463325252ull;
	size_t i, k;

	TEST_ASSERT(h != NULL && v != NULL, "memory");
	for (i = 0; i < n; i++) {
		double u;

		/* xorshift64: a fixed sequence, no libc generator */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		u = (double)(x >> 11) * 0x1.0p-53;
		v[i] = US(pow(10.0, u * log10(60e6)));
		nbl_hist_record_n(h, v[i], 1);
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	for (k = 0; k < RTE_DIM(qs); k++) {
		uint64_t want = exact_at(v, n, qs[k]);
		uint64_t got = nbl_hist_value_at(h, qs[k]);

		TEST_ASSERT(got >= want, "q %.3f: %" PRIu64 " below the exact %"
			PRIu64, qs[k], got, want);
		TEST_ASSERT((double)got <= (double)want * 1.01,
			"q %.3f: %" PRIu64 " more than 1 %% above the exact %"
			PRIu64, qs[k], got, want);
	}
	TEST_ASSERT_EQUAL(h->max, v[n - 1], "max is exact");
	free(v);
	free(h);
	return 0;
}

/* A fixed hold of 500 us and the median of exp:500 (347 us), in us. */
static int
test_hist_summary_in_microseconds(void)
{
	struct nbl_hist *h = hist_new();
	struct nbl_hist_summary s;
	unsigned int i;

	TEST_ASSERT(h != NULL, "histogram");
	nbl_hist_summarize(h, HZ, &s);
	TEST_ASSERT_EQUAL(s.count, 0, "empty: count 0");
	TEST_ASSERT(s.p50_us == 0 && s.max_us == 0, "empty: all zero");
	for (i = 0; i < 1000; i++)
		nbl_hist_record_n(h, US(500.0) + i, 1);
	nbl_hist_summarize(h, HZ, &s);
	TEST_ASSERT_EQUAL(s.count, 1000, "count");
	TEST_ASSERT(s.p50_us >= 500.0 && s.p50_us <= 505.0,
		"p50 of 500 us holds: %.3f", s.p50_us);
	TEST_ASSERT(s.p999_us >= s.p99_us && s.p99_us >= s.p90_us &&
		s.p90_us >= s.p50_us, "percentiles in order");
	TEST_ASSERT(fabs(s.max_us - (double)(US(500.0) + 999) * 1e6 / HZ) <
		1e-6, "max %.6f", s.max_us);
	TEST_ASSERT(s.mean_us > 500.0 && s.mean_us < 501.0, "mean %.3f",
		s.mean_us);
	memset(h, 0, sizeof(*h));
	/* exp:500 by its quantile function: the median is 500 ln 2 */
	for (i = 0; i < 10000; i++)
		nbl_hist_record_n(h, US(-500.0 * log1p(-(i + 0.5) / 10000.0)),
			1);
	nbl_hist_summarize(h, HZ, &s);
	TEST_ASSERT(s.p50_us >= 346.5 && s.p50_us <= 346.6 * 1.01,
		"p50 of exp:500: %.3f, want 346.6 within 1 %%", s.p50_us);
	free(h);
	return 0;
}

static int
test_hist_beyond_range_keeps_max(void)
{
	struct nbl_hist *h = hist_new();
	const uint64_t big = UINT64_C(1) << 45;

	TEST_ASSERT(h != NULL, "histogram");
	nbl_hist_record_n(h, big, 1);
	TEST_ASSERT_EQUAL(h->bucket[NBL_HIST_BUCKETS - 1], 1,
		"in the last bucket");
	TEST_ASSERT_EQUAL(h->max, big, "max exact");
	TEST_ASSERT_EQUAL(nbl_hist_value_at(h, 0.5), big,
		"the percentile is capped at the maximum");
	/* the last bucketed value is below 2^41 and lands in range */
	TEST_ASSERT(nbl_hist_index((UINT64_C(1) << NBL_HIST_RANGE_BITS) - 1) <
		NBL_HIST_BUCKETS, "2^41 - 1 is bucketed");
	free(h);
	return 0;
}

/* Every bucket's range starts where the previous one ends, and its
 * width is at most 1/128 of its lowest value (above 255). */
static int
test_hist_buckets_tile_the_range(void)
{
	unsigned int i;

	for (i = 1; i < NBL_HIST_BUCKETS - 1; i++) {
		uint64_t lo = nbl_hist_bucket_low(i);
		uint64_t hi = nbl_hist_bucket_high(i);

		TEST_ASSERT_EQUAL(lo, nbl_hist_bucket_high(i - 1) + 1,
			"bucket %u starts after bucket %u", i, i - 1);
		TEST_ASSERT_EQUAL(nbl_hist_index(lo), i, "low of %u", i);
		TEST_ASSERT_EQUAL(nbl_hist_index(hi), i, "high of %u", i);
		if (lo >= 256)
			TEST_ASSERT((hi - lo + 1) * 128 <= lo,
				"bucket %u: width %" PRIu64 " above 1/128 of %"
				PRIu64, i, hi - lo + 1, lo);
	}
	return 0;
}

static int
test_hist_record_n_is_n_records(void)
{
	struct nbl_hist *a = hist_new(), *b = hist_new();
	unsigned int i;

	TEST_ASSERT(a != NULL && b != NULL, "histograms");
	nbl_hist_record_n(a, US(123.4), 32);
	for (i = 0; i < 32; i++)
		nbl_hist_record_n(b, US(123.4), 1);
	TEST_ASSERT(memcmp(a, b, sizeof(*a)) == 0,
		"one record of 32 equals 32 records of one");
	free(a);
	free(b);
	return 0;
}

/* What a period recorded: the difference of two copies. */
static int
test_hist_diff_is_the_period(void)
{
	struct nbl_hist *h = hist_new(), *before = hist_new(), *d = hist_new();
	struct nbl_hist_summary s;

	TEST_ASSERT(h != NULL && before != NULL && d != NULL, "histograms");
	nbl_hist_record_n(h, US(10000.0), 100);
	nbl_hist_copy(before, h);
	nbl_hist_record_n(h, US(50.0), 99);
	nbl_hist_record_n(h, US(70.0), 1);
	nbl_hist_diff(d, h, before);
	nbl_hist_summarize(d, HZ, &s);
	TEST_ASSERT_EQUAL(s.count, 100, "the period's 100 values");
	TEST_ASSERT(s.p50_us >= 50.0 && s.p50_us <= 50.5, "p50 %.3f",
		s.p50_us);
	TEST_ASSERT(s.max_us >= 70.0 && s.max_us <= 70.6,
		"max of the period %.3f, not the 10 ms before", s.max_us);
	free(h);
	free(before);
	free(d);
	return 0;
}

/* ----------------------------------------------------- queue timing */

struct held {
	unsigned int nb;
	struct nbl *chain[64];
	unsigned int resources;
};

static void
hold_indicate(struct nbl_rxq *q, struct nbl *chain, uint16_t count,
		uint32_t flags, void *arg)
{
	struct held *h = arg;

	RTE_SET_USED(q);
	if (flags & NBL_RXQ_IND_RESOURCES) {
		h->resources += count;
		return;
	}
	if (h->nb < RTE_DIM(h->chain))
		h->chain[h->nb++] = chain;
}

static unsigned int
held_return(struct nbl_rxq *q, struct held *h)
{
	unsigned int i, n = 0;

	for (i = 0; i < h->nb; i++)
		n += nbl_rxq_return(q, h->chain[i]);
	h->nb = 0;
	return n;
}

struct port {
	uint16_t id;
	struct rte_ring *rx;
	struct rte_ring *tx;
	struct rte_mempool *mp;
	struct nbl_pool *pool;
};

static int
port_open(struct port *p)
{
	struct rte_eth_conf conf;
	struct nbl_pool_params pp;
	char name[32];
	int id;

	memset(p, 0, sizeof(*p));
	memset(&conf, 0, sizeof(conf));
	snprintf(name, sizeof(name), "thm%u", seq);
	p->mp = rte_pktmbuf_pool_create(name, 512, 0, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	snprintf(name, sizeof(name), "thr%u", seq);
	p->rx = rte_ring_create(name, 256, SOCKET_ID_ANY,
		RING_F_SP_ENQ | RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "tht%u", seq);
	p->tx = rte_ring_create(name, 256, SOCKET_ID_ANY,
		RING_F_SP_ENQ | RING_F_SC_DEQ);
	TEST_ASSERT(p->mp != NULL && p->rx != NULL && p->tx != NULL,
		"pool and rings: %s", rte_strerror(rte_errno));
	snprintf(name, sizeof(name), "net_ring_th%u", seq);
	id = rte_eth_from_rings(name, &p->rx, 1, &p->tx, 1, SOCKET_ID_ANY);
	TEST_ASSERT(id >= 0, "ring port");
	p->id = (uint16_t)id;
	TEST_ASSERT(rte_eth_dev_configure(p->id, 1, 1, &conf) == 0 &&
		rte_eth_rx_queue_setup(p->id, 0, 256, SOCKET_ID_ANY, NULL,
			p->mp) == 0 &&
		rte_eth_tx_queue_setup(p->id, 0, 256, SOCKET_ID_ANY,
			NULL) == 0 &&
		rte_eth_dev_start(p->id) == 0, "port start");
	memset(&pp, 0, sizeof(pp));
	snprintf(name, sizeof(name), "thp%u", seq++);
	pp.name = name;
	pp.count = 128;
	pp.allocate_nb = true;
	pp.tag = NBL_TAG('T', 'h', 'l', 'd');
	pp.socket_id = SOCKET_ID_ANY;
	p->pool = nbl_pool_create(&pp);
	TEST_ASSERT(p->pool != NULL, "NBL pool: %s", rte_strerror(rte_errno));
	return 0;
}

static int
port_feed(struct port *p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(p->mp);

		TEST_ASSERT(m != NULL && rte_pktmbuf_append(m, 64) != NULL,
			"mbuf");
		memset(rte_pktmbuf_mtod(m, void *), 0x5a, 64);
		TEST_ASSERT_EQUAL(rte_ring_enqueue(p->rx, m), 0, "enqueue");
	}
	return 0;
}

static int
port_close(struct port *p)
{
	TEST_ASSERT_EQUAL(nbl_pool_free(p->pool), 0, "NBL pool free");
	rte_eth_dev_stop(p->id);
	rte_eth_dev_close(p->id);
	rte_ring_free(p->rx);
	rte_ring_free(p->tx);
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(p->mp), 0, "mbufs back");
	rte_mempool_free(p->mp);
	return 0;
}

static struct nbl_rxq *
queue_open(struct port *p, struct held *h, uint32_t d, uint32_t wm,
		bool remote, bool off)
{
	struct nbl_rxq_conf c;
	char name[32];

	memset(&c, 0, sizeof(c));
	c.port_id = p->id;
	c.nb_rxd = 256;
	c.burst = 16;
	c.descriptors = d;
	c.max_segs = 1;
	c.low_watermark = wm;
	c.pool = p->pool;
	c.socket_id = SOCKET_ID_ANY;
	c.indicate = hold_indicate;
	c.indicate_arg = h;
	c.remote = remote;
	c.hold_time_off = off;
	snprintf(name, sizeof(name), "thq%u", seq++);
	return nbl_rxq_create(name, &c);
}

/* us of busy waiting (the machine's load can only make it longer). */
static void
wait_us(unsigned int us)
{
	rte_delay_us_block(us);
}

/* A consumer that holds what it gets 2 ms, then returns it: each NBL's
 * time is at least the hold; NBLs returned at once go in near 0. */
static int
test_queue_times_each_return(void)
{
	struct held h = { 0 };
	struct nbl_hist_summary s;
	struct nbl_rxq *q;
	struct port p;

	TEST_ASSERT_EQUAL(port_open(&p), 0, "port");
	q = queue_open(&p, &h, 64, 1, false, false);
	TEST_ASSERT(q != NULL, "queue: %s", rte_strerror(rte_errno));
	TEST_ASSERT_EQUAL(nbl_rxq_hold_summary_get(q, &s), 0, "summary");
	TEST_ASSERT_EQUAL(s.count, 0, "nothing returned yet");
	TEST_ASSERT_EQUAL(port_feed(&p, 32), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(q), 16, "first burst");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(q), 16, "second burst");
	wait_us(2000);
	TEST_ASSERT_EQUAL(held_return(q, &h), 32, "both back in two calls");
	TEST_ASSERT_EQUAL(nbl_rxq_hold_summary_get(q, &s), 0, "summary");
	TEST_ASSERT_EQUAL(s.count, 32, "every returned NBL timed");
	TEST_ASSERT(s.p50_us >= 2000.0 && s.max_us >= 2000.0,
		"held 2 ms at least: p50 %.1f us, max %.1f us", s.p50_us,
		s.max_us);
	/* 32 more, returned at once: below the 2 ms ones */
	TEST_ASSERT_EQUAL(port_feed(&p, 32), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(q), 16, "burst");
	TEST_ASSERT_EQUAL(held_return(q, &h), 16, "back at once");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(q), 16, "burst");
	TEST_ASSERT_EQUAL(held_return(q, &h), 16, "back at once");
	TEST_ASSERT_EQUAL(nbl_rxq_hold_summary_get(q, &s), 0, "summary");
	TEST_ASSERT_EQUAL(s.count, 64, "64 timed");
	TEST_ASSERT(s.p90_us >= 2000.0, "p90 among the held ones: %.1f",
		s.p90_us);
	TEST_ASSERT_EQUAL(nbl_rxq_stop(q), 0, "stop");
	TEST_ASSERT_EQUAL(nbl_rxq_free(q), 0, "free");
	return port_close(&p);
}

/* A consumer that returns inside the indicate call, after 1 ms of work
 * there: the clock is per burst (the poll's TSC, no second TSC read on
 * the rxonly path), so those NBLs count as held 0. */
static void
busy_return_indicate(struct nbl_rxq *q, struct nbl *chain, uint16_t count,
		uint32_t flags, void *arg)
{
	RTE_SET_USED(count);
	RTE_SET_USED(arg);
	if (flags & NBL_RXQ_IND_RESOURCES)
		return;
	wait_us(1000);
	nbl_rxq_return(q, chain);
}

static int
test_queue_return_inside_indicate_uses_the_poll_clock(void)
{
	struct held h = { 0 };
	struct nbl_hist_summary s;
	struct nbl_rxq_conf c;
	struct nbl_rxq *q;
	struct port p;

	TEST_ASSERT_EQUAL(port_open(&p), 0, "port");
	q = queue_open(&p, &h, 64, 1, false, false);
	TEST_ASSERT(q != NULL, "queue: %s", rte_strerror(rte_errno));
	c = *nbl_rxq_get_conf(q);
	TEST_ASSERT_EQUAL(nbl_rxq_free(q), 0, "free");
	c.indicate = busy_return_indicate;
	q = nbl_rxq_create("thq_inside", &c);
	TEST_ASSERT(q != NULL, "queue: %s", rte_strerror(rte_errno));
	TEST_ASSERT_EQUAL(port_feed(&p, 16), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(q), 16, "indicated and returned");
	TEST_ASSERT_EQUAL(nbl_rxq_hold_summary_get(q, &s), 0, "summary");
	TEST_ASSERT_EQUAL(s.count, 16, "timed");
	TEST_ASSERT(s.max_us == 0.0, "held 0 by the burst's clock: max %.3f",
		s.max_us);
	TEST_ASSERT_EQUAL(nbl_rxq_stop(q), 0, "stop");
	TEST_ASSERT_EQUAL(nbl_rxq_free(q), 0, "free");
	return port_close(&p);
}

/* RESOURCES NBLs come back by themselves (R5): the consumer did not hold
 * them, so they are not timed. */
static int
test_queue_resources_not_timed(void)
{
	struct held h = { 0 };
	struct nbl_hist_summary s;
	struct nbl_rxq_stats st;
	struct nbl_rxq *q;
	struct port p;

	TEST_ASSERT_EQUAL(port_open(&p), 0, "port");
	/* D 32, burst 16, watermark 8: the second burst leaves 0 free */
	q = queue_open(&p, &h, 32, 8, false, false);
	TEST_ASSERT(q != NULL, "queue: %s", rte_strerror(rte_errno));
	TEST_ASSERT_EQUAL(port_feed(&p, 32), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(q), 16, "first burst, held");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(q), 16, "second burst, RESOURCES");
	TEST_ASSERT_EQUAL(h.resources, 16, "16 indicated with RESOURCES");
	TEST_ASSERT_EQUAL(held_return(q, &h), 16, "held ones back");
	nbl_rxq_stats_get(q, &st);
	TEST_ASSERT_EQUAL(st.returned, 32, "32 back in all");
	TEST_ASSERT_EQUAL(nbl_rxq_hold_summary_get(q, &s), 0, "summary");
	TEST_ASSERT_EQUAL(s.count, st.returned - st.resources_nbls,
		"timed: what the consumer returned, not the RESOURCES ones");
	TEST_ASSERT_EQUAL(nbl_rxq_stop(q), 0, "stop");
	TEST_ASSERT_EQUAL(nbl_rxq_free(q), 0, "free");
	return port_close(&p);
}

struct remote {
	struct nbl_rxq *q;
	struct held *h;
	unsigned int want;
	volatile int done;
};

/* Consumer lcore: take what is indicated, hold it 1 ms, return it
 * through the return ring. */
static int
remote_consumer(void *arg)
{
	struct remote *r = arg;
	unsigned int got = 0;

	while (got < r->want)
		got += nbl_rxq_consumer_poll(r->q, 64);
	wait_us(1000);
	held_return(r->q, r->h);
	r->done = 1;
	return 0;
}

/* Returns made on the consumer lcore are timed there, when the consumer
 * returns them (its own histogram, one writer), not when the owner drains
 * the return ring; the drain does not count them again. */
static int
test_queue_remote_returns_timed_on_consumer_lcore(void)
{
	struct held h = { 0 };
	struct nbl_hist_summary s;
	struct remote r;
	struct nbl_rxq *q;
	struct port p;
	unsigned int consumer;

	consumer = rte_get_next_lcore(rte_lcore_id(), 1, 0);
	TEST_ASSERT(consumer < RTE_MAX_LCORE, "no worker lcore (EAL -l 0-1)");
	TEST_ASSERT_EQUAL(port_open(&p), 0, "port");
	q = queue_open(&p, &h, 64, 1, true, false);
	TEST_ASSERT(q != NULL, "queue: %s", rte_strerror(rte_errno));
	TEST_ASSERT_EQUAL(port_feed(&p, 32), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(q), 16, "burst");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(q), 16, "burst");
	memset(&r, 0, sizeof(r));
	r.q = q;
	r.h = &h;
	r.want = 32;
	TEST_ASSERT_EQUAL(rte_eal_remote_launch(remote_consumer, &r,
		consumer), 0, "consumer launched");
	rte_eal_wait_lcore(consumer);
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(q), 32,
		"the owner has not drained the return ring yet");
	TEST_ASSERT_EQUAL(nbl_rxq_hold_summary_get(q, &s), 0, "summary");
	TEST_ASSERT_EQUAL(s.count, 32, "timed when the consumer returned");
	TEST_ASSERT(s.p50_us >= 1000.0, "held 1 ms at least: p50 %.1f",
		s.p50_us);
	nbl_rxq_poll(q);
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(q), 64, "drained");
	TEST_ASSERT_EQUAL(nbl_rxq_hold_summary_get(q, &s), 0, "summary");
	TEST_ASSERT_EQUAL(s.count, 32, "the drain does not time them again");
	TEST_ASSERT_EQUAL(nbl_rxq_stop(q), 0, "stop");
	TEST_ASSERT_EQUAL(nbl_rxq_free(q), 0, "free");
	return port_close(&p);
}

static int
test_queue_hold_time_off(void)
{
	struct held h = { 0 };
	struct nbl_hist_summary s;
	struct nbl_hist *copy;
	struct nbl_rxq_stats st;
	struct nbl_rxq *q;
	struct port p;

	TEST_ASSERT_EQUAL(port_open(&p), 0, "port");
	q = queue_open(&p, &h, 64, 1, false, true);
	TEST_ASSERT(q != NULL, "queue: %s", rte_strerror(rte_errno));
	TEST_ASSERT_EQUAL(port_feed(&p, 16), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(q), 16, "burst");
	TEST_ASSERT_EQUAL(held_return(q, &h), 16, "returned");
	nbl_rxq_stats_get(q, &st);
	TEST_ASSERT_EQUAL(st.returned, 16, "the queue works as ever");
	TEST_ASSERT_EQUAL(nbl_rxq_hold_summary_get(q, &s), -ENOTSUP,
		"no histogram with hold_time_off");
	copy = rte_malloc(NULL, sizeof(*copy), 0);
	TEST_ASSERT(copy != NULL, "memory");
	TEST_ASSERT_EQUAL(nbl_rxq_hold_hist_get(q, copy), -ENOTSUP,
		"no copy either");
	rte_free(copy);
	TEST_ASSERT_EQUAL(nbl_rxq_stop(q), 0, "stop");
	TEST_ASSERT_EQUAL(nbl_rxq_free(q), 0, "free");
	return port_close(&p);
}

static const struct nbl_test_case cases[] = {
	{ "test_hist_values_below_256_are_exact",
		test_hist_values_below_256_are_exact },
	{ "test_hist_percentiles_within_one_percent",
		test_hist_percentiles_within_one_percent },
	{ "test_hist_summary_in_microseconds",
		test_hist_summary_in_microseconds },
	{ "test_hist_beyond_range_keeps_max",
		test_hist_beyond_range_keeps_max },
	{ "test_hist_buckets_tile_the_range",
		test_hist_buckets_tile_the_range },
	{ "test_hist_record_n_is_n_records", test_hist_record_n_is_n_records },
	{ "test_hist_diff_is_the_period", test_hist_diff_is_the_period },
	{ "test_queue_times_each_return", test_queue_times_each_return },
	{ "test_queue_return_inside_indicate_uses_the_poll_clock",
		test_queue_return_inside_indicate_uses_the_poll_clock },
	{ "test_queue_resources_not_timed", test_queue_resources_not_timed },
	{ "test_queue_remote_returns_timed_on_consumer_lcore",
		test_queue_remote_returns_timed_on_consumer_lcore },
	{ "test_queue_hold_time_off", test_queue_hold_time_off },
};

int
main(int argc, char **argv)
{
	static const char *extra[] = { "--log-level=lib.rxq:warning", NULL };

	return nbl_test_main(argc, argv, cases, RTE_DIM(cases), "0-1", extra);
}
