/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Unit tests of lib/rxq: one case per rule. Ports are net_ring devices
 * whose RX ring the test fills with exactly the mbufs it wants, or the
 * net_null0 device where a steady source is enough.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "nbl.h"
#include "nbl_rxq.h"
/* rxq_mbuf_check_fast(), the fill's inline stand-in for rte_mbuf_check(). */
#include "nbl_rxq_pvt.h"
#include "nbl_test.h"
#include "nbl_test_telemetry.h"

#define MBUF_ROOM (RTE_PKTMBUF_HEADROOM + 2048)

static unsigned int test_seq;

/* ------------------------------------------------------------ helpers */

/* What the indicate callback does with what it gets. */
enum cons_mode {
	CONS_RETURN,  /* rxonly: return the chain at once */
	CONS_HOLD,    /* keep the chains until the test returns them */
};

#define MAX_HELD 64

struct cons {
	enum cons_mode mode;
	unsigned int calls;
	unsigned int nbls;
	unsigned int chain_len_ok;   /* chains whose links matched count */
	unsigned int resources_calls;
	unsigned int flag_mismatch;  /* NBLs whose flag disagreed with call */
	unsigned int not_indicated;  /* NBLs not INDICATED in the callback */
	uint16_t last_count;
	uint32_t last_flags;
	unsigned int nb_held;
	struct nbl *held[MAX_HELD];
	uint16_t held_count[MAX_HELD];
	unsigned int lcore_seen;
};

static void
cons_indicate(struct nbl_rxq *q, struct nbl *chain, uint16_t count,
		uint32_t flags, void *arg)
{
	struct cons *c = arg;
	unsigned int len = 0;
	struct nbl *n;

	c->calls++;
	c->nbls += count;
	c->last_count = count;
	c->last_flags = flags;
	c->lcore_seen = rte_lcore_id();
	if (flags & NBL_RXQ_IND_RESOURCES)
		c->resources_calls++;
	for (n = chain; n != NULL; n = n->next) {
		len++;
		if (n->state != NBL_STATE_INDICATED)
			c->not_indicated++;
		if (((n->flags & NBL_F_RESOURCES) != 0) !=
				((flags & NBL_RXQ_IND_RESOURCES) != 0))
			c->flag_mismatch++;
	}
	if (len == count)
		c->chain_len_ok++;
	/* RESOURCES chains are never returned: the queue takes them back. */
	if (flags & NBL_RXQ_IND_RESOURCES)
		return;
	if (c->mode == CONS_RETURN) {
		nbl_rxq_return(q, chain);
		return;
	}
	if (c->nb_held < MAX_HELD) {
		c->held_count[c->nb_held] = count;
		c->held[c->nb_held++] = chain;
	}
}

/* Return every chain the consumer holds, one return call per chain. */
static unsigned int
cons_return_all(struct nbl_rxq *q, struct cons *c)
{
	unsigned int i, n = 0;

	for (i = 0; i < c->nb_held; i++)
		n += nbl_rxq_return(q, c->held[i]);
	c->nb_held = 0;
	return n;
}

/* An NBL pool: with preallocated NBs (allocate_nb) or plain. */
static struct nbl_pool *
pool_create(const char *prefix, uint32_t tag, bool allocate_nb,
		uint32_t count, uint32_t cache, uint32_t data_size)
{
	struct nbl_pool_params p;
	char name[32];

	memset(&p, 0, sizeof(p));
	snprintf(name, sizeof(name), "%s%u", prefix, test_seq++);
	p.name = name;
	p.count = count;
	p.cache_size = cache;
	p.allocate_nb = allocate_nb;
	p.data_size = data_size;
	p.tag = tag;
	p.socket_id = SOCKET_ID_ANY;
	return nbl_pool_create(&p);
}

static struct nbl_pool *
make_pool(uint32_t count, uint32_t cache, uint32_t data_size)
{
	return pool_create("trxq", NBL_TAG('T', 'r', 'x', 'q'), true, count,
		cache, data_size);
}

/* A plain NBL pool (NdisAllocateNetBufferList, no NBs) for separate NBs. */
static struct nbl_pool *
make_plain_pool(uint32_t count, uint32_t cache)
{
	return pool_create("trxp", NBL_TAG('T', 'r', 'x', 'p'), false, count,
		cache, 0);
}

static struct nbl_nb_pool *
make_nb_pool(uint32_t count, uint32_t cache)
{
	char name[32];

	snprintf(name, sizeof(name), "trxn%u", test_seq++);
	return nbl_nb_pool_create(name, count, cache, SOCKET_ID_ANY);
}

static struct rte_mempool *
make_mbuf_pool(unsigned int n)
{
	char name[32];

	snprintf(name, sizeof(name), "tmb%u", test_seq++);
	/* No cache: in-use counts are then exact. */
	return rte_pktmbuf_pool_create(name, n, 0, 0, MBUF_ROOM,
		SOCKET_ID_ANY);
}

struct ring_port {
	uint16_t port;
	struct rte_ring *rx;
	struct rte_ring *tx;
};

/* A net_ring port whose RX ring the test fills itself. */
static int
make_ring_port(struct ring_port *rp, struct rte_mempool *mp)
{
	struct rte_eth_conf conf;
	char name[32];
	int port;

	memset(&conf, 0, sizeof(conf));
	snprintf(name, sizeof(name), "trr%u", test_seq);
	rp->rx = rte_ring_create(name, 1024, SOCKET_ID_ANY,
		RING_F_SP_ENQ | RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "trt%u", test_seq);
	rp->tx = rte_ring_create(name, 1024, SOCKET_ID_ANY,
		RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (rp->rx == NULL || rp->tx == NULL)
		return -1;
	snprintf(name, sizeof(name), "net_ring_t%u", test_seq++);
	port = rte_eth_from_rings(name, &rp->rx, 1, &rp->tx, 1,
		SOCKET_ID_ANY);
	if (port < 0)
		return -1;
	rp->port = (uint16_t)port;
	if (rte_eth_dev_configure(rp->port, 1, 1, &conf) != 0 ||
			rte_eth_rx_queue_setup(rp->port, 0, 512, SOCKET_ID_ANY,
				NULL, mp) != 0 ||
			rte_eth_tx_queue_setup(rp->port, 0, 512, SOCKET_ID_ANY,
				NULL) != 0 ||
			rte_eth_dev_start(rp->port) != 0)
		return -1;
	return 0;
}

static void
free_ring_port(struct ring_port *rp)
{
	rte_eth_dev_stop(rp->port);
	rte_eth_dev_close(rp->port);
	rte_ring_free(rp->rx);
	rte_ring_free(rp->tx);
}

/* One mbuf of len bytes (0xa5 pattern plus its index), or NULL. */
static struct rte_mbuf *
make_mbuf(struct rte_mempool *mp, uint16_t len, uint8_t seed)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	uint8_t *p;
	uint16_t i;

	if (m == NULL)
		return NULL;
	p = (uint8_t *)rte_pktmbuf_append(m, len);
	if (p == NULL && len != 0) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i);
	return m;
}

/* A chained mbuf of nseg segments of seglen bytes each. */
static struct rte_mbuf *
make_multiseg(struct rte_mempool *mp, unsigned int nseg, uint16_t seglen)
{
	struct rte_mbuf *head = NULL;
	unsigned int i;

	for (i = 0; i < nseg; i++) {
		struct rte_mbuf *m = make_mbuf(mp, seglen,
			(uint8_t)(i * seglen));

		if (m == NULL)
			goto fail;
		if (head == NULL)
			head = m;
		else if (rte_pktmbuf_chain(head, m) != 0) {
			rte_pktmbuf_free(m);
			goto fail;
		}
	}
	return head;
fail:
	rte_pktmbuf_free(head);
	return NULL;
}

static int
feed(struct ring_port *rp, struct rte_mempool *mp, unsigned int n,
		uint16_t len)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = make_mbuf(mp, len, (uint8_t)i);

		if (m == NULL)
			return -1;
		if (rte_ring_enqueue(rp->rx, m) != 0) {
			rte_pktmbuf_free(m);
			return -1;
		}
	}
	return 0;
}

static void
base_conf(struct nbl_rxq_conf *c, uint16_t port, struct nbl_pool *pool,
		uint32_t d, struct cons *cons)
{
	memset(c, 0, sizeof(*c));
	c->port_id = port;
	c->queue_id = 0;
	c->nb_rxd = 512;
	c->burst = 32;
	c->descriptors = d;
	c->max_segs = 1;
	c->recycle = NBL_RXQ_RECYCLE_INPLACE;
	c->pool = pool;
	c->socket_id = SOCKET_ID_ANY;
	c->indicate = cons_indicate;
	c->indicate_arg = cons;
}

static char *
qname(void)
{
	static char name[32];

	snprintf(name, sizeof(name), "rxq.t%u", test_seq++);
	return name;
}

static int64_t
pool_in_use(const struct nbl_pool *pool)
{
	struct nbl_pool_stats st;

	nbl_pool_stats_get(pool, &st);
	return st.in_use;
}

static int64_t
nb_pool_in_use(const struct nbl_nb_pool *pool)
{
	struct nbl_pool_stats st;

	if (nbl_nb_pool_stats_get(pool, &st) != 0)
		return -1;
	return st.in_use;
}

/* The steady source: net_null0 from the EAL arguments, started once. */
static int null_port = -1;
static struct rte_mempool *null_mp;

static int
get_null_port(void)
{
	struct rte_eth_conf conf;
	uint16_t port;

	if (null_port >= 0)
		return null_port;
	if (rte_eth_dev_get_port_by_name("net_null0", &port) != 0) {
		printf("no net_null0 port (EAL argument --vdev=net_null0)\n");
		return -1;
	}
	memset(&conf, 0, sizeof(conf));
	if (null_mp == NULL)
		null_mp = rte_pktmbuf_pool_create("tnullmp", 8192, 0, 0,
			MBUF_ROOM, SOCKET_ID_ANY);
	if (null_mp == NULL) {
		printf("net_null0: mbuf pool: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	if (rte_eth_dev_configure(port, 1, 1, &conf) != 0 ||
			rte_eth_rx_queue_setup(port, 0, 512, SOCKET_ID_ANY,
				NULL, null_mp) != 0 ||
			rte_eth_tx_queue_setup(port, 0, 512, SOCKET_ID_ANY,
				NULL) != 0 ||
			rte_eth_dev_start(port) != 0) {
		printf("net_null0: port set-up failed\n");
		return -1;
	}
	null_port = port;
	return null_port;
}

/*
 * The fixture of the queue cases: the pools, the port and the queue a
 * case runs on. fx_open() makes the pools and the port and leaves in
 * fx->c the base configuration of a queue of d descriptors, which the
 * case adjusts before fx_start() creates the queue; fx_setup() does both.
 * fx_stop_and_free() or fx_free() undoes it all and checks that every
 * NBL, NB and mbuf came back. A failed step fails the case (-1).
 */
struct fx_spec {
	unsigned int mbufs;  /* a fresh net_ring port with a pool of this
			      * many mbufs; 0: the net_null0 port */
	uint32_t nbls;       /* NBLs in the NBL pool */
	uint32_t cache;      /* cache of the NBL (and NB) pool */
	uint32_t data_size;  /* data area of each NBL (copy mode) */
	uint32_t nbs;        /* not 0: separate NBs (R2), a plain NBL pool
			      * and an NB pool of this many NBs */
};

/* The usual spec: a net_ring port of mbufs mbufs, nbls NBLs, no cache. */
#define RING(mbufs_, nbls_) \
	(&(const struct fx_spec){ .mbufs = (mbufs_), .nbls = (nbls_) })

struct fx {
	struct rte_mempool *mp;   /* NULL on net_null0 */
	struct nbl_pool *pool;
	struct nbl_nb_pool *nbp;  /* NULL without separate NBs */
	struct ring_port rp;      /* only with mp */
	struct nbl_rxq_conf c;    /* what fx_start() creates the queue with */
	struct nbl_rxq *q;
};

static int
fx_open(struct fx *f, const struct fx_spec *s, uint32_t d, struct cons *cons)
{
	int port;

	memset(f, 0, sizeof(*f));
	if (s->nbs != 0) {
		f->pool = make_plain_pool(s->nbls, s->cache);
		f->nbp = make_nb_pool(s->nbs, s->cache);
		TEST_ASSERT(f->pool != NULL && f->nbp != NULL,
			"NBL and NB pools: %s", rte_strerror(rte_errno));
	} else {
		f->pool = make_pool(s->nbls, s->cache, s->data_size);
		TEST_ASSERT(f->pool != NULL, "NBL pool: %s",
			rte_strerror(rte_errno));
	}
	if (s->mbufs != 0) {
		f->mp = make_mbuf_pool(s->mbufs);
		TEST_ASSERT(f->mp != NULL, "mbuf pool");
		TEST_ASSERT_EQUAL(make_ring_port(&f->rp, f->mp), 0,
			"ring port");
		port = f->rp.port;
	} else {
		port = get_null_port();
		TEST_ASSERT(port >= 0, "net_null0 port");
	}
	base_conf(&f->c, (uint16_t)port, f->pool, d, cons);
	f->c.nb_pool = f->nbp;
	return 0;
}

static int
fx_start(struct fx *f)
{
	f->q = nbl_rxq_create(qname(), &f->c);
	TEST_ASSERT(f->q != NULL, "create: %s", rte_strerror(rte_errno));
	return 0;
}

static int
fx_setup(struct fx *f, const struct fx_spec *s, uint32_t d, struct cons *cons)
{
	TEST_ASSERT_EQUAL(fx_open(f, s, d, cons), 0, "pools and port");
	return fx_start(f);
}

/* Free the queue (not stopped before), check that everything is back,
 * free the rest. */
static int
fx_free(struct fx *f)
{
	TEST_ASSERT_EQUAL(nbl_rxq_free(f->q), 0, "free");
	TEST_ASSERT_EQUAL(pool_in_use(f->pool), 0,
		"every NBL back in its pool");
	if (f->nbp != NULL) {
		TEST_ASSERT_EQUAL(nb_pool_in_use(f->nbp), 0,
			"every NB back in its pool");
		TEST_ASSERT_EQUAL(nbl_nb_pool_free(f->nbp), 0,
			"NB pool free");
	}
	TEST_ASSERT_EQUAL(nbl_pool_free(f->pool), 0, "NBL pool free");
	if (f->mp != NULL) {
		TEST_ASSERT_EQUAL(rte_mempool_in_use_count(f->mp), 0,
			"mbufs back");
		free_ring_port(&f->rp);
		rte_mempool_free(f->mp);
	}
	return 0;
}

static int
fx_stop_and_free(struct fx *f)
{
	TEST_ASSERT_EQUAL(nbl_rxq_stop(f->q), 0, "stop");
	return fx_free(f);
}

/* Feed the ring port n packets of len bytes. */
static int
fx_feed(struct fx *f, unsigned int n, uint16_t len)
{
	return feed(&f->rp, f->mp, n, len);
}

/* Poll n times, whatever each poll gets (the net_null0 cases). */
static void
fx_poll_times(struct fx *f, unsigned int n)
{
	while (n-- > 0)
		nbl_rxq_poll(f->q);
}

/* -------------------------------------------------------------- cases */

static int
test_sizing_rule_minimums(void)
{
	struct nbl_sizing_input in;
	struct nbl_sizing out;
	unsigned int i;
	int rc;

	memset(&in, 0, sizeof(in));
	in.nb_queues = 3;
	in.q[0] = (struct nbl_sizing_queue){ .port_id = 0, .queue_id = 0,
		.nb_rxd = 1024, .nb_txd = 512, .hold = 16 };
	in.q[1] = (struct nbl_sizing_queue){ .port_id = 0, .queue_id = 1,
		.nb_rxd = 1024, .nb_txd = 512, .hold = 0 };
	in.q[2] = (struct nbl_sizing_queue){ .port_id = 1, .queue_id = 0,
		.nb_rxd = 256, .nb_txd = 128, .hold = 0, .pinned_mbufs = 1023 };
	in.burst = 32;
	in.max_segs = 2;
	in.lcores = 2;
	in.nbl_cache = 256;
	in.mbuf_cache = 250;

	rc = nbl_sizing_compute(&in, &out);
	TEST_ASSERT_EQUAL(rc, 0, "all auto must satisfy the rule");
	TEST_ASSERT(out.ok, "verdict ok");
	TEST_ASSERT_EQUAL(out.nb_lines, 2 * 3 + 2, "one line per quantity");
	/* D = nb_rxd + B + H */
	TEST_ASSERT_EQUAL(out.descriptors[0], 1024 + 32 + 16, "D q0");
	TEST_ASSERT_EQUAL(out.descriptors[1], 1024 + 32, "D q1");
	TEST_ASSERT_EQUAL(out.descriptors[2], 256 + 32, "D q2");
	TEST_ASSERT_EQUAL(out.line[0].needed, 1072, "D q0 needed");
	TEST_ASSERT_EQUAL(out.line[0].given, 1072, "auto D is the minimum");
	TEST_ASSERT(out.line[0].is_auto, "D q0 auto");
	TEST_ASSERT(strcmp(out.line[0].rule,
		"nb_rxd 1024 + burst 32 + hold 16") == 0,
		"D rule text: '%s'", out.line[0].rule);
	/* buffer descriptors = D x S */
	TEST_ASSERT_EQUAL(out.mdl_per_queue[0], 1072 * 2, "mdl q0");
	TEST_ASSERT_EQUAL(out.line[1].needed, 2144, "mdl q0 needed");
	TEST_ASSERT(strcmp(out.line[1].rule, "D 1072 x segs 2") == 0,
		"mdl rule text: '%s'", out.line[1].rule);
	/* NBL pool = sum D + lcores x floor(1.5 x cache): what a cache
	 * holds at most (rte_mempool's flush threshold, truncated) */
	TEST_ASSERT_EQUAL(out.pool_count, 1072 + 1056 + 288 + 2 * 384,
		"NBL pool minimum");
	TEST_ASSERT(strcmp(out.line[6].rule,
		"D 2416 + lcores 2 x floor(1.5 x cache 256)") == 0,
		"pool rule text: '%s'", out.line[6].rule);
	/* mbufs, zero copy: sum(nb_rxd + D) + sum nb_txd per port +
	 * lcores x floor(1.5 x mbuf cache) + lcores x B + pinned */
	TEST_ASSERT_EQUAL(out.mbuf_count,
		(1024 + 1024 + 256) + 2416 + (512 + 128) + 2 * 375 + 2 * 32 +
		1023, "mbuf pool minimum, zero copy");
	TEST_ASSERT(strstr(out.line[7].rule, "pinned 1023") != NULL,
		"mbuf rule names the pinned mbufs: '%s'", out.line[7].rule);
	for (i = 0; i < out.nb_lines; i++)
		TEST_ASSERT(out.line[i].given == out.line[i].needed &&
			out.line[i].ok, "auto line %u is exactly the minimum", i);

	/* an odd cache: 1.5 x 33 holds 49 (truncated, as rte_mempool
	 * flushes), the same number the pools' own check uses */
	in.nbl_cache = 33;
	rc = nbl_sizing_compute(&in, &out);
	TEST_ASSERT_EQUAL(rc, 0, "odd cache");
	TEST_ASSERT_EQUAL(out.pool_count, 2416 + 2 * 49,
		"an odd cache counts floor(1.5 x 33) = 49 per lcore");
	TEST_ASSERT_EQUAL(nbl_mempool_cache_max(33), 49, "lib/nbl's rule");
	in.nbl_cache = 256;

	/* copy mode: the mbuf is freed at fill, D does not count */
	in.copy = true;
	rc = nbl_sizing_compute(&in, &out);
	TEST_ASSERT_EQUAL(rc, 0, "copy mode auto");
	TEST_ASSERT_EQUAL(out.mbuf_count,
		(1024 + 1024 + 256) + (512 + 128) + 2 * 375 + 2 * 32 + 1023,
		"mbuf pool minimum, copy");
	in.copy = false;

	/* one under each given minimum fails */
	in.q[0].descriptors = 1071;
	rc = nbl_sizing_compute(&in, &out);
	TEST_ASSERT_EQUAL(rc, -ENOSPC, "D one under the rule");
	TEST_ASSERT(!out.line[0].ok && out.line[0].needed == 1072,
		"the D line says the minimum");
	in.q[0].descriptors = 1072;
	rc = nbl_sizing_compute(&in, &out);
	TEST_ASSERT_EQUAL(rc, 0, "D at the rule");
	in.pool_count = 1072 + 1056 + 288 + 768 - 1;
	rc = nbl_sizing_compute(&in, &out);
	TEST_ASSERT_EQUAL(rc, -ENOSPC, "pool one under the rule");
	TEST_ASSERT(!out.line[6].ok, "the pool line fails");
	in.pool_count = 0;
	in.mbuf_count = 2304 + 2416 + 640 + 750 + 64 + 1023 - 1;
	rc = nbl_sizing_compute(&in, &out);
	TEST_ASSERT_EQUAL(rc, -ENOSPC, "mbuf pool one under the rule");
	TEST_ASSERT(!out.line[7].ok && out.line[7].needed == in.mbuf_count + 1,
		"the mbuf line says the minimum");
	in.mbuf_count++;
	TEST_ASSERT_EQUAL(nbl_sizing_compute(&in, &out), 0, "mbufs at rule");
	in.mbuf_count = 0;
	TEST_ASSERT(strstr(out.line[7].rule, "nb_txd x txq 640") != NULL,
		"mbuf rule names the TX descriptors: '%s'", out.line[7].rule);

	/* A port with 2 TX queues of 512 pins up to 1024 mbufs in TX: the
	 * app gives the port's total (nb_txd x nb_txq), counted once. */
	in.q[0].nb_txd = 1024;
	in.q[1].nb_txd = 1024;
	rc = nbl_sizing_compute(&in, &out);
	TEST_ASSERT_EQUAL(rc, 0, "2 TX queues auto");
	TEST_ASSERT_EQUAL(out.mbuf_count,
		(1024 + 1024 + 256) + 2416 + (1024 + 128) + 2 * 375 + 2 * 32 +
		1023, "mbuf pool minimum with 2 TX queues of 512 on port 0");
	TEST_ASSERT(strstr(out.line[7].rule, "nb_txd x txq 1152") != NULL,
		"mbuf rule with 2 TX queues: '%s'", out.line[7].rule);
	/* 32 TX queues of 4096: beyond 16 bits, not truncated */
	in.q[0].nb_txd = 4096 * 32;
	in.q[1].nb_txd = 4096 * 32;
	TEST_ASSERT_EQUAL(nbl_sizing_compute(&in, &out), 0, "wide TX total");
	TEST_ASSERT_EQUAL(out.mbuf_count,
		(1024 + 1024 + 256) + 2416 + (131072 + 128) + 2 * 375 + 2 * 32 +
		1023, "a TX total above 65535 counts in full");
	in.q[0].nb_txd = 512;
	in.q[1].nb_txd = 512;

	/* separate NBs (R2): an NB pool line needing what the NBL pool
	 * needs, before the mbuf line; --pool-size gives it too */
	TEST_ASSERT_EQUAL(out.nb_pool_count, 0, "no NB pool by default");
	in.separate_nb = true;
	rc = nbl_sizing_compute(&in, &out);
	TEST_ASSERT_EQUAL(rc, 0, "separate NBs auto");
	TEST_ASSERT_EQUAL(out.nb_lines, 2 * 3 + 3, "one more line: NB pool");
	TEST_ASSERT(strcmp(out.line[7].what, "NB pool") == 0,
		"line 7 is the NB pool: '%s'", out.line[7].what);
	TEST_ASSERT_EQUAL(out.line[7].needed, out.pool_count,
		"NB pool needs what the NBL pool needs");
	TEST_ASSERT_EQUAL(out.nb_pool_count, 1072 + 1056 + 288 + 2 * 384,
		"NB pool count to use");
	TEST_ASSERT(out.line[7].is_auto && out.line[7].ok, "NB pool auto ok");
	TEST_ASSERT(strcmp(out.line[7].rule, out.line[6].rule) == 0,
		"same rule text as the NBL pool: '%s'", out.line[7].rule);
	TEST_ASSERT(strcmp(out.line[8].what, "mbuf pool") == 0,
		"the mbuf line follows");
	in.nb_pool_count = out.nb_pool_count - 1;
	rc = nbl_sizing_compute(&in, &out);
	TEST_ASSERT_EQUAL(rc, -ENOSPC, "NB pool one under the rule");
	TEST_ASSERT(!out.line[7].ok && out.line[6].ok,
		"only the NB pool line fails");
	in.nb_pool_count = 0;
	in.separate_nb = false;

	in.nb_queues = 0;
	TEST_ASSERT_EQUAL(nbl_sizing_compute(&in, &out), -EINVAL,
		"no queue is bad input");
	return 0;
}

/* One queue of the null port, the usual app inputs: D auto unless d. */
static void
mem_input(struct nbl_sizing_input *in, uint32_t d, uint16_t segs)
{
	memset(in, 0, sizeof(*in));
	in->nb_queues = 1;
	in->q[0] = (struct nbl_sizing_queue){ .nb_rxd = 512, .nb_txd = 512,
		.descriptors = d };
	in->burst = 32;
	in->max_segs = segs;
	in->lcores = rte_lcore_count();
	in->nbl_cache = 32;
	in->mbuf_cache = 64;
}

static void
mem_objects(struct nbl_sizing_objects *obj, bool remote)
{
	memset(obj, 0, sizeof(*obj));
	obj->mbuf_data_room = MBUF_ROOM;
	obj->remote = remote;
	/* --no-huge: rte_mempool keeps objects within system pages */
	obj->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
}

static uint64_t
heap_in_use(void)
{
	struct rte_malloc_socket_stats st;

	memset(&st, 0, sizeof(st));
	rte_malloc_get_socket_stats((int)rte_socket_id(), &st);
	return st.heap_allocsz_bytes;
}

/* Create what a sizing describes (as nblpmd does) and compare the heap it
 * took with the estimate: never above it, and not far below. */
static int
mem_check(uint32_t d, uint16_t segs, bool remote)
{
	struct cons cons = { .mode = CONS_RETURN };
	struct nbl_sizing_input in;
	struct nbl_sizing_objects obj;
	struct nbl_sizing_memory m;
	struct nbl_sizing sz;
	struct rte_mempool *mp;
	struct nbl_pool *pool;
	struct nbl_rxq_conf c;
	struct nbl_rxq *q;
	uint64_t before, used;
	char name[32];
	int port = get_null_port();

	TEST_ASSERT(port >= 0, "the net_null0 port");
	mem_input(&in, d, segs);
	mem_objects(&obj, remote);
	TEST_ASSERT_EQUAL(nbl_sizing_compute(&in, &sz), 0, "sizing");
	TEST_ASSERT_EQUAL(nbl_sizing_memory(&sz, &obj, &m), 0, "estimate");
	TEST_ASSERT_EQUAL(m.total, m.nbl_pool + m.nb_pool + m.mdl +
		m.mbuf_pool + m.queues, "the parts add up");

	before = heap_in_use();
	snprintf(name, sizeof(name), "tmm%u", test_seq++);
	mp = rte_pktmbuf_pool_create(name, sz.mbuf_count, in.mbuf_cache, 0,
		MBUF_ROOM, SOCKET_ID_ANY);
	TEST_ASSERT(mp != NULL, "mbuf pool of %u", sz.mbuf_count);
	pool = make_pool(sz.pool_count, in.nbl_cache, 0);
	TEST_ASSERT(pool != NULL, "NBL pool of %u", sz.pool_count);
	base_conf(&c, (uint16_t)port, pool, sz.descriptors[0], &cons);
	c.max_segs = segs;
	c.remote = remote;
	c.ring_size = rte_align32pow2(sz.descriptors[0] + 1);
	q = nbl_rxq_create(qname(), &c);
	TEST_ASSERT(q != NULL, "queue: %s", rte_strerror(rte_errno));
	used = heap_in_use() - before;
	printf("D %u S %u%s: heap used %" PRIu64 ", estimated %" PRIu64
		" (NBL pool %" PRIu64 ", mdl %" PRIu64 ", mbuf pool %" PRIu64
		", queues %" PRIu64 ")\n", sz.descriptors[0], segs,
		remote ? " remote" : "", used, m.total, m.nbl_pool, m.mdl,
		m.mbuf_pool, m.queues);
	TEST_ASSERT_EQUAL(nbl_rxq_free(q), 0, "free the queue");
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "free the NBL pool");
	rte_mempool_free(mp);
	TEST_ASSERT(used <= m.total, "the estimate (%" PRIu64 ") covers what "
		"was taken (%" PRIu64 ")", m.total, used);
	TEST_ASSERT(m.total - used <= used / 10 + (4u << 20), "the estimate "
		"(%" PRIu64 ") is within 10 %% + 4 MiB of what was taken (%"
		PRIu64 ")", m.total, used);
	return 0;
}

static int
test_sizing_memory_covers_the_pools(void)
{
	TEST_ASSERT_EQUAL(mem_check(0, 1, false), 0, "defaults");
	TEST_ASSERT_EQUAL(mem_check(0, 64, true), 0,
		"64 segments, remote consumer");
	TEST_ASSERT_EQUAL(mem_check(20000, 5, false), 0, "D 20000");
	return 0;
}

static int
test_sizing_fit_is_the_largest_that_fits(void)
{
	struct nbl_sizing_input in;
	struct nbl_sizing_objects obj;
	struct nbl_sizing_memory m;
	struct nbl_sizing sz;
	uint64_t avail, best;

	mem_objects(&obj, false);
	/* what D 5000 takes is the memory: D 5000 fits, and no more than a
	 * little above it (other parts grow with D too) */
	mem_input(&in, 5000, 5);
	TEST_ASSERT_EQUAL(nbl_sizing_compute(&in, &sz), 0, "sizing");
	TEST_ASSERT_EQUAL(nbl_sizing_memory(&sz, &obj, &m), 0, "estimate");
	avail = m.total;
	TEST_ASSERT_EQUAL(nbl_sizing_fit(&in, &obj,
		NBL_SIZING_KNOB_DESCRIPTORS, 1, 1u << 24, avail, &best), 0,
		"fit D");
	TEST_ASSERT(best >= 5000, "D 5000 fits (best %" PRIu64 ")", best);
	mem_input(&in, (uint32_t)best, 5);
	TEST_ASSERT_EQUAL(nbl_sizing_compute(&in, &sz), 0, "sizing at best");
	nbl_sizing_memory(&sz, &obj, &m);
	TEST_ASSERT(m.total <= avail, "best D %" PRIu64 " fits", best);
	mem_input(&in, (uint32_t)best + 1, 5);
	TEST_ASSERT_EQUAL(nbl_sizing_compute(&in, &sz), 0, "sizing above");
	nbl_sizing_memory(&sz, &obj, &m);
	TEST_ASSERT(m.total > avail, "best D + 1 does not fit");

	/* segments: the same with S */
	mem_input(&in, 0, 100);
	TEST_ASSERT_EQUAL(nbl_sizing_compute(&in, &sz), 0, "sizing S 100");
	nbl_sizing_memory(&sz, &obj, &m);
	avail = m.total;
	mem_input(&in, 0, 65535);
	TEST_ASSERT_EQUAL(nbl_sizing_fit(&in, &obj, NBL_SIZING_KNOB_MAX_SEGS,
		1, 65535, avail, &best), 0, "fit S");
	TEST_ASSERT_EQUAL(best, 100, "S 100 is the most that fits");

	/* below the rule's minimum nothing counts; too little memory: none */
	mem_input(&in, 5000, 5);
	TEST_ASSERT_EQUAL(nbl_sizing_fit(&in, &obj,
		NBL_SIZING_KNOB_DESCRIPTORS, 1, 1u << 24, 4096, &best), -ENOSPC,
		"nothing fits in 4 KiB");
	TEST_ASSERT_EQUAL(nbl_sizing_fit(&in, &obj,
		NBL_SIZING_KNOB_MBUF_COUNT, 1, 1u << 28, UINT64_MAX / 2, &best),
		0, "fit mbufs");
	TEST_ASSERT_EQUAL(best, 1u << 28, "all the parser allows fits in "
		"unlimited memory");
	return 0;
}

/* An application pool that grows with the largest D: 1 KiB per
 * descriptor (as nblpmd's replay mbuf pool follows D). */
static uint64_t
mem_app_for_d(uint64_t d_max, const void *arg)
{
	const uint64_t *calls = arg;

	(*(uint64_t *)(uintptr_t)calls)++;
	return d_max * 1024;
}

/* Memory the application takes with D is in the estimate, and a fit
 * leaves room for it. */
static int
test_sizing_memory_counts_app_memory(void)
{
	struct nbl_sizing_input in;
	struct nbl_sizing_objects obj;
	struct nbl_sizing_memory m, with;
	struct nbl_sizing sz;
	uint64_t calls = 0, avail, best, best_without;

	mem_objects(&obj, false);
	mem_input(&in, 5000, 5);
	TEST_ASSERT_EQUAL(nbl_sizing_compute(&in, &sz), 0, "sizing");
	TEST_ASSERT_EQUAL(nbl_sizing_memory(&sz, &obj, &m), 0, "estimate");
	TEST_ASSERT_EQUAL(m.app, 0, "no application memory without app_for_d");
	obj.app_for_d = mem_app_for_d;
	obj.app_arg = &calls;
	TEST_ASSERT_EQUAL(nbl_sizing_memory(&sz, &obj, &with), 0, "estimate");
	TEST_ASSERT(calls > 0, "app_for_d called");
	TEST_ASSERT_EQUAL(with.app, 5000 * 1024, "app_for_d(largest D 5000)");
	TEST_ASSERT_EQUAL(with.total, m.total + with.app, "total counts it");
	/* the memory of D 5000 without the application's: with it, the
	 * largest D that fits is smaller, and it fits with its share */
	avail = m.total;
	obj.app_for_d = NULL;
	TEST_ASSERT_EQUAL(nbl_sizing_fit(&in, &obj,
		NBL_SIZING_KNOB_DESCRIPTORS, 1, 1u << 24, avail, &best_without),
		0, "fit without");
	obj.app_for_d = mem_app_for_d;
	TEST_ASSERT_EQUAL(nbl_sizing_fit(&in, &obj,
		NBL_SIZING_KNOB_DESCRIPTORS, 1, 1u << 24, avail, &best), 0,
		"fit with");
	TEST_ASSERT(best < best_without, "room left for the application: D %"
		PRIu64 " with, %" PRIu64 " without", best, best_without);
	mem_input(&in, (uint32_t)best, 5);
	TEST_ASSERT_EQUAL(nbl_sizing_compute(&in, &sz), 0, "sizing at best");
	nbl_sizing_memory(&sz, &obj, &with);
	TEST_ASSERT(with.total <= avail, "best D %" PRIu64 " fits with it",
		best);
	mem_input(&in, (uint32_t)best + 1, 5);
	TEST_ASSERT_EQUAL(nbl_sizing_compute(&in, &sz), 0, "sizing above");
	nbl_sizing_memory(&sz, &obj, &with);
	TEST_ASSERT(with.total > avail, "best D + 1 does not");
	TEST_ASSERT(nbl_sizing_mempool_memory(1000, 2176, 0, 0, 0) >=
		1000 * 2176, "a pool's estimate holds its objects");
	return 0;
}

static int
test_setup_allocates_all_descriptors(void)
{
	struct nbl_rxq_conf c;
	struct nbl_pool *pool;
	struct nbl_rxq *q;
	struct cons cons = { .mode = CONS_RETURN };

	pool = make_pool(256, 0, 0);
	TEST_ASSERT(pool != NULL, "pool: %s", rte_strerror(rte_errno));
	base_conf(&c, 0, pool, 64, &cons);
	c.max_segs = 3;
	q = nbl_rxq_create(qname(), &c);
	TEST_ASSERT(q != NULL, "create: %s", rte_strerror(rte_errno));
	TEST_ASSERT_EQUAL(pool_in_use(pool), 64,
		"all D NBLs taken from the pool at setup (R3)");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(q), 64, "all on the free list");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(nbl_rxq_mdl_pool(q)),
		64 * 3, "D x S buffer descriptors allocated at setup (R7)");
	TEST_ASSERT(nbl_rxq_create(nbl_rxq_name(q), &c) == NULL &&
		rte_errno == EEXIST, "same name twice is EEXIST");
	c.descriptors = 300;
	TEST_ASSERT(nbl_rxq_create(qname(), &c) == NULL &&
		rte_errno == ENOMEM, "more D than the pool has is ENOMEM");
	TEST_ASSERT_EQUAL(pool_in_use(pool), 64,
		"a failed create gives its NBLs back");
	TEST_ASSERT_EQUAL(nbl_rxq_free(q), 0, "free");
	TEST_ASSERT_EQUAL(pool_in_use(pool), 0, "free gives all D back");
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "pool free");
	return 0;
}

static int
test_fill_indicates_one_chain_per_burst(void)
{
	struct cons cons = { .mode = CONS_RETURN };
	struct nbl_rxq_stats st;
	struct fx f;

	TEST_ASSERT_EQUAL(fx_setup(&f, RING(512, 128), 96, &cons), 0, "set-up");
	TEST_ASSERT_EQUAL(fx_feed(&f, 20, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 20, "20 indicated");
	TEST_ASSERT_EQUAL(cons.calls, 1, "one indicate call for the burst");
	TEST_ASSERT_EQUAL(cons.last_count, 20, "count is the burst");
	TEST_ASSERT_EQUAL(cons.chain_len_ok, 1, "chain linked by next");
	TEST_ASSERT_EQUAL(cons.not_indicated, 0, "all INDICATED");
	TEST_ASSERT_EQUAL(fx_feed(&f, 40, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 32, "a burst is at most 32");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 8, "the rest");
	TEST_ASSERT_EQUAL(cons.calls, 3, "one call per burst");
	TEST_ASSERT_EQUAL(cons.chain_len_ok, 3, "every chain complete");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.indicated, 60, "indicated counter");
	TEST_ASSERT_EQUAL(st.indications, 3, "indications counter");
	TEST_ASSERT_EQUAL(st.rx_bytes, 60 * 64, "rx bytes");
	TEST_ASSERT_EQUAL(st.returned, 60, "returned counter");
	TEST_ASSERT_EQUAL(st.outstanding, 0, "nothing out");
	TEST_ASSERT_EQUAL(st.outstanding_max, 32, "highest outstanding");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(f.mp), 0,
		"mbufs freed at return");
	return fx_stop_and_free(&f);
}

/* nbl_rxq_poll_max: the burst is the smallest of max, B and the free
 * descriptors; what the port is not asked for stays in the port. */
static int
test_poll_max_caps_the_burst(void)
{
	struct cons cons = { .mode = CONS_RETURN };
	struct nbl_rxq_stats st;
	struct fx f;

	TEST_ASSERT_EQUAL(fx_setup(&f, RING(512, 128), 96, &cons), 0, "set-up");
	TEST_ASSERT_EQUAL(fx_feed(&f, 50, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll_max(f.q, 10), 10, "max 10 takes 10");
	TEST_ASSERT_EQUAL(rte_ring_count(f.rp.rx), 40,
		"the other 40 stay in the port");
	TEST_ASSERT_EQUAL(cons.calls, 1, "one indicate call");
	TEST_ASSERT_EQUAL(cons.last_count, 10, "the chain has 10 NBLs");
	TEST_ASSERT_EQUAL(nbl_rxq_poll_max(f.q, 0), 0, "max 0 takes nothing");
	TEST_ASSERT_EQUAL(rte_ring_count(f.rp.rx), 40,
		"max 0 leaves the port alone");
	TEST_ASSERT_EQUAL(nbl_rxq_poll_max(f.q, 100), 32,
		"a max above B takes B (32)");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 8, "nbl_rxq_poll takes the rest");
	TEST_ASSERT_EQUAL(cons.calls, 3, "one call per burst");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.indicated, 50, "indicated counter");
	TEST_ASSERT_EQUAL(st.rx_packets, 50, "rx_packets counter");
	TEST_ASSERT_EQUAL(st.polls, 4, "max 0 still counts a poll");
	TEST_ASSERT_EQUAL(st.fill_stalls, 0, "max 0 is not a fill stall");
	TEST_ASSERT_EQUAL(st.outstanding, 0, "nothing out");
	return fx_stop_and_free(&f);
}

static int
test_multiseg_mbuf_becomes_descriptor_chain(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct rte_mbuf *m, *seg;
	struct nbl_mdl *mdl;
	struct nbl *nbl;
	struct nb *nb;
	struct fx f;
	uint8_t out[3 * 100];
	unsigned int i;

	TEST_ASSERT_EQUAL(fx_open(&f, RING(64, 64), 16, &cons), 0, "set-up");
	f.c.max_segs = 4;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "queue with S = 4");
	m = make_multiseg(f.mp, 3, 100);
	TEST_ASSERT(m != NULL && m->nb_segs == 3, "3-segment mbuf");
	TEST_ASSERT_EQUAL(rte_ring_enqueue(f.rp.rx, m), 0, "enqueue");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 1, "indicated");
	TEST_ASSERT_EQUAL(cons.nb_held, 1, "held");
	nbl = cons.held[0];
	nb = nbl->first_nb;
	TEST_ASSERT(nb->mbuf == m, "NB keeps the mbuf (zero copy)");
	TEST_ASSERT_EQUAL(nb->data_len, 300, "data length is pkt_len");
	TEST_ASSERT_EQUAL(nb->data_offset, m->data_off,
		"headroom is the data offset (backfill)");
	mdl = nb->mdl_chain;
	TEST_ASSERT(mdl != NULL && mdl->addr == (uint8_t *)m->buf_addr,
		"descriptor 0 maps the buffer from its start");
	TEST_ASSERT_EQUAL(mdl->len, m->data_off + 100,
		"descriptor 0 covers headroom + data");
	for (i = 1, seg = m->next, mdl = mdl->next; seg != NULL;
			i++, seg = seg->next, mdl = mdl->next) {
		TEST_ASSERT(mdl != NULL, "descriptor %u present", i);
		TEST_ASSERT(mdl->addr == rte_pktmbuf_mtod(seg, uint8_t *) &&
			mdl->len == seg->data_len && mdl->mbuf == seg,
			"descriptor %u maps segment %u", i, i);
	}
	TEST_ASSERT(mdl == NULL, "one descriptor per segment, no more");
	TEST_ASSERT_EQUAL(nbl_nb_copy_out(nb, out, sizeof(out)), 300,
		"copy out follows the chain");
	for (i = 0; i < 300; i++)
		TEST_ASSERT_EQUAL(out[i], (uint8_t)i, "byte %u", i);
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 1, "returned");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(f.mp), 0,
		"all segments freed at return");
	return fx_free(&f);
}

static int
test_invalid_mbufs_refused_by_reason(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct nbl_rxq_stats st;
	struct rte_mbuf *m[6];
	struct fx f;

	TEST_ASSERT_EQUAL(fx_open(&f, RING(64, 64), 16, &cons), 0, "set-up");
	f.c.check_mbufs = true;
	f.c.max_frame = 1518;
	f.c.max_segs = 1;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "queue with the mbuf checks");
	m[0] = make_mbuf(f.mp, 0, 0);          /* zero length */
	m[1] = make_mbuf(f.mp, 10, 0);         /* runt */
	m[2] = make_mbuf(f.mp, 1600, 0);       /* oversize */
	m[3] = make_multiseg(f.mp, 2, 60);     /* two segments, S = 1 */
	m[4] = make_mbuf(f.mp, 60, 0);         /* corrupted below */
	m[5] = make_mbuf(f.mp, 60, 0);         /* the good one */
	TEST_ASSERT(m[0] && m[1] && m[2] && m[3] && m[4] && m[5], "mbufs");
	m[4]->pkt_len = 100;                   /* pkt_len != sum of data_len */
	TEST_ASSERT_EQUAL(rte_ring_enqueue_bulk(f.rp.rx, (void **)m, 6, NULL),
		6, "enqueue");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 1, "only the good one indicated");
	TEST_ASSERT_EQUAL(cons.nbls, 1, "consumer saw one NBL");
	TEST_ASSERT(cons.held[0]->first_nb->mbuf == m[5],
		"and it is the good mbuf");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.rx_packets, 6, "all six taken from the port");
	TEST_ASSERT_EQUAL(st.refused[NBL_RXQ_REFUSE_ZERO_LEN], 1, "zero len");
	TEST_ASSERT_EQUAL(st.refused[NBL_RXQ_REFUSE_RUNT], 1, "runt");
	TEST_ASSERT_EQUAL(st.refused[NBL_RXQ_REFUSE_OVERSIZE], 1, "oversize");
	TEST_ASSERT_EQUAL(st.refused[NBL_RXQ_REFUSE_TOO_MANY_SEGS], 1,
		"too many segments");
	TEST_ASSERT_EQUAL(st.refused[NBL_RXQ_REFUSE_MBUF_CHECK], 1,
		"rte_mbuf_check");
	TEST_ASSERT_EQUAL(st.refused_total, 5, "refused total");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 15,
		"refused mbufs took no descriptor");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(f.mp), 1,
		"refused mbufs freed at once");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 1, "return");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(f.mp), 0, "all mbufs back");
	return fx_free(&f);
}

/* Ways to break (or not) a single-segment mbuf, for the inline check. */
enum mbuf_case {
	MC_GOOD,              /* 60 bytes, as allocated */
	MC_EMPTY,             /* no data at all */
	MC_FILLS_BUFFER,      /* data up to the last byte of the buffer */
	MC_OFF_AT_END,        /* data_off == buf_len, no data */
	MC_REFCNT_HIGH,       /* refcnt UINT16_MAX - 1 */
	MC_GOOD_COUNT,        /* the ones above pass */
	MC_NO_POOL = MC_GOOD_COUNT,
	MC_NO_IOVA,
	MC_NO_ADDR,
	MC_REFCNT_0,
	MC_REFCNT_MAX,
	MC_DATA_OVER_PKT,
	MC_PKT_OVER_DATA,
	MC_PKT_HIGH_BITS,     /* pkt_len = data_len + 65536 */
	MC_OFF_OVER_BUF,
	MC_END_OVER_BUF,      /* data_off + data_len = buf_len + 1 */
	MC_END_OVER_U16,      /* data_off + data_len above 65535 */
	MC_SEGS_0,
	MC_SEGS_2,            /* nb_segs 2, no second segment */
	MC_SEGS_MAX,
	MC_COUNT,
};

static const char *
mbuf_case_apply(struct rte_mbuf *m, enum mbuf_case c)
{
	switch (c) {
	case MC_GOOD:
		return "good";
	case MC_EMPTY:
		m->data_len = 0;
		m->pkt_len = 0;
		return "good, empty";
	case MC_FILLS_BUFFER:
		m->data_len = (uint16_t)(m->buf_len - m->data_off);
		m->pkt_len = m->data_len;
		return "good, data to the end of the buffer";
	case MC_OFF_AT_END:
		m->data_off = m->buf_len;
		m->data_len = 0;
		m->pkt_len = 0;
		return "good, data_off at buf_len";
	case MC_REFCNT_HIGH:
		rte_mbuf_refcnt_set(m, UINT16_MAX - 1);
		return "good, refcnt UINT16_MAX - 1";
	case MC_NO_POOL:
		m->pool = NULL;
		return "pool NULL";
	case MC_NO_IOVA:
		rte_mbuf_iova_set(m, 0);
		return "buf_iova 0";
	case MC_NO_ADDR:
		m->buf_addr = NULL;
		return "buf_addr NULL";
	case MC_REFCNT_0:
		rte_mbuf_refcnt_set(m, 0);
		return "refcnt 0";
	case MC_REFCNT_MAX:
		rte_mbuf_refcnt_set(m, UINT16_MAX);
		return "refcnt UINT16_MAX";
	case MC_DATA_OVER_PKT:
		m->pkt_len -= 1;
		return "data_len > pkt_len";
	case MC_PKT_OVER_DATA:
		m->pkt_len += 1;
		return "pkt_len > data_len";
	case MC_PKT_HIGH_BITS:
		m->pkt_len += 0x10000;
		return "pkt_len = data_len + 65536";
	case MC_OFF_OVER_BUF:
		m->data_off = (uint16_t)(m->buf_len + 1);
		return "data_off > buf_len";
	case MC_END_OVER_BUF:
		m->data_len = (uint16_t)(m->buf_len - m->data_off + 1);
		m->pkt_len = m->data_len;
		return "data_off + data_len > buf_len";
	case MC_END_OVER_U16:
		m->buf_len = UINT16_MAX;
		m->data_off = UINT16_MAX;
		m->data_len = UINT16_MAX;
		m->pkt_len = UINT16_MAX;
		return "data_off + data_len above 16 bits";
	case MC_SEGS_0:
		m->nb_segs = 0;
		return "nb_segs 0";
	case MC_SEGS_2:
		m->nb_segs = 2;
		return "nb_segs 2, one segment";
	case MC_SEGS_MAX:
		m->nb_segs = UINT16_MAX;
		return "nb_segs UINT16_MAX";
	case MC_COUNT:
		break;
	}
	return "?";
}

/*
 * The fill's inline check stands for rte_mbuf_check(m, 1): on every
 * single-segment mbuf, good or broken in any one of the ways
 * rte_mbuf_check() tests, the two verdicts agree; a chained mbuf, which
 * the inline check leaves to rte_mbuf_check(), is never passed by it
 * alone. Through a queue with check_mbufs, the broken one is refused for
 * the mbuf check and a valid chained one is indicated.
 */
static int
test_fast_mbuf_check_matches_rte_mbuf_check(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct rte_mbuf *good, *chain, *m[3];
	struct rte_mbuf copy;
	struct nbl_rxq_stats st;
	struct fx f;
	const char *reason;
	unsigned int i, good_seen = 0, bad_seen = 0;

	TEST_ASSERT_EQUAL(fx_open(&f, RING(64, 16), 16, &cons), 0, "set-up");
	good = make_mbuf(f.mp, 60, 0);
	chain = make_multiseg(f.mp, 2, 60);
	TEST_ASSERT(good != NULL && chain != NULL, "mbufs");
	for (i = 0; i < MC_COUNT; i++) {
		const char *what;
		bool fast;
		int rc;

		/* A copy: both checks only read fields. */
		memcpy(&copy, good, sizeof(copy));
		what = mbuf_case_apply(&copy, (enum mbuf_case)i);
		reason = NULL;
		rc = rte_mbuf_check(&copy, 1, &reason);
		fast = rxq_mbuf_check_fast(&copy);
		TEST_ASSERT_EQUAL(fast, rc == 0,
			"%s: inline check says %s, rte_mbuf_check %d (%s)",
			what, fast ? "good" : "bad", rc,
			reason != NULL ? reason : "no reason");
		if (rc == 0)
			good_seen++;
		else
			bad_seen++;
	}
	TEST_ASSERT_EQUAL(good_seen, MC_GOOD_COUNT,
		"the good cases pass rte_mbuf_check");
	/* Where the mbuf has no IO address (IOVA as VA builds),
	 * rte_mbuf_check() does not test it: that case passes both. */
	TEST_ASSERT_EQUAL(bad_seen + !RXQ_MBUF_CHECK_IOVA,
		MC_COUNT - MC_GOOD_COUNT, "the broken ones fail it");
	TEST_ASSERT_EQUAL(rte_mbuf_check(chain, 1, &reason), 0,
		"a valid chain passes rte_mbuf_check");
	TEST_ASSERT(!rxq_mbuf_check_fast(chain),
		"a chain is left to rte_mbuf_check");
	memcpy(&copy, good, sizeof(copy));
	copy.next = chain;   /* nb_segs 1 but linked: bad for both */
	TEST_ASSERT(rte_mbuf_check(&copy, 1, &reason) != 0 &&
		!rxq_mbuf_check_fast(&copy), "a linked single segment fails");

	/* Through a queue: S = 2, check_mbufs on. */
	f.c.check_mbufs = true;
	f.c.max_segs = 2;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "queue with the mbuf checks");
	m[0] = good;
	m[1] = chain;
	m[2] = make_mbuf(f.mp, 60, 0);
	TEST_ASSERT(m[2] != NULL, "third mbuf");
	m[2]->data_off = (uint16_t)(m[2]->buf_len + 1); /* bad data_off */
	TEST_ASSERT_EQUAL(rte_ring_enqueue_bulk(f.rp.rx, (void **)m, 3, NULL),
		3, "enqueue");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 2,
		"the good one and the chain indicated");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.refused[NBL_RXQ_REFUSE_MBUF_CHECK], 1,
		"the broken one refused for rte_mbuf_check");
	TEST_ASSERT_EQUAL(st.refused_total, 1, "and nothing else refused");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 2, "return");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(f.mp), 0, "all mbufs back");
	return fx_free(&f);
}

/*
 * The return path's mbuf free agrees with rte_pktmbuf_free_bulk(): plain
 * mbufs of two pools go back to their pools, a shared one loses a
 * reference, a chain goes back segment by segment, and an indirect one
 * lets go of the mbuf it was attached to.
 */
static int
test_return_frees_every_kind_of_mbuf(void)
{
	struct rte_mempool *a = make_mbuf_pool(64), *b = make_mbuf_pool(64);
	struct rte_mbuf *m[8], *shared, *direct, *chain, *clone;
	unsigned int i;

	TEST_ASSERT(a != NULL && b != NULL, "mbuf pools");
	for (i = 0; i < 4; i++) {
		m[i] = make_mbuf(i % 2 ? b : a, 60, (uint8_t)i);
		TEST_ASSERT(m[i] != NULL, "mbuf %u", i);
	}
	shared = make_mbuf(a, 60, 0);
	chain = make_multiseg(b, 3, 100);
	direct = make_mbuf(a, 60, 0);
	TEST_ASSERT(shared != NULL && chain != NULL && direct != NULL,
		"shared, chained and direct mbufs");
	rte_mbuf_refcnt_update(shared, 1);
	clone = rte_pktmbuf_clone(direct, b);
	TEST_ASSERT(clone != NULL && RTE_MBUF_CLONED(clone), "indirect mbuf");
	rte_pktmbuf_free(direct);   /* the clone holds it now */
	m[4] = shared;
	m[5] = chain;
	m[6] = clone;
	m[7] = make_mbuf(a, 60, 7);
	TEST_ASSERT(m[7] != NULL, "last plain mbuf");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(a), 2 + 1 + 1 + 1,
		"pool a: 2 plain, the shared one, the direct one its clone holds, one more");
	rxq_mbuf_free_bulk(m, 8);
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(b), 0,
		"pool b: plain, chain and clone back");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(a), 1,
		"pool a: only the shared mbuf, with one reference left");
	TEST_ASSERT_EQUAL(rte_mbuf_refcnt_read(shared), 1, "one reference");
	rte_pktmbuf_free(shared);
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(a), 0, "pool a empty");
	rte_mempool_free(a);
	rte_mempool_free(b);
	return 0;
}

static int
test_return_mixes_indications(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct nbl *a[10], *b[10], *n, *head = NULL, **tail = &head;
	struct nbl_rxq_stats st;
	struct fx f;
	unsigned int i;

	TEST_ASSERT_EQUAL(fx_open(&f, RING(64, 64), 32, &cons), 0, "set-up");
	f.c.burst = 10;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "queue with B = 10");
	TEST_ASSERT_EQUAL(fx_feed(&f, 20, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 10, "first indication");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 10, "second indication");
	TEST_ASSERT_EQUAL(cons.nb_held, 2, "two chains held");
	for (i = 0, n = cons.held[0]; i < 10; i++, n = n->next)
		a[i] = n;
	for (i = 0, n = cons.held[1]; i < 10; i++, n = n->next)
		b[i] = n;
	/* a0 b0 a1 b1 ... : one return of both indications, interleaved */
	for (i = 0; i < 10; i++) {
		*tail = a[i];
		tail = &a[i]->next;
		*tail = b[i];
		tail = &b[i]->next;
	}
	*tail = NULL;
	cons.nb_held = 0;
	TEST_ASSERT_EQUAL(nbl_rxq_return(f.q, head), 20,
		"one return takes both indications (R4)");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.returned, 20, "returned");
	TEST_ASSERT_EQUAL(st.outstanding, 0, "none out");
	TEST_ASSERT_EQUAL(st.double_returns + st.foreign_returns, 0,
		"nothing refused");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 32, "all back");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(f.mp), 0, "mbufs freed");
	return fx_free(&f);
}

static int
test_inplace_recycles_without_pool_traffic(void)
{
	struct cons cons = { .mode = CONS_RETURN };
	struct nbl_pool_stats before, after;
	struct nbl_rxq_stats st;
	struct fx f;

	TEST_ASSERT(get_null_port() >= 0, "the net_null0 port");
	TEST_ASSERT_EQUAL(fx_setup(&f, &(const struct fx_spec){
		.nbls = 512, .cache = 32 }, 256, &cons), 0, "set-up");
	nbl_pool_stats_get(f.pool, &before);
	fx_poll_times(&f, 1000);
	nbl_pool_stats_get(f.pool, &after);
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT(st.indicated >= 1000, "traffic flowed (%" PRIu64 ")",
		st.indicated);
	TEST_ASSERT_EQUAL(after.allocs, before.allocs,
		"no pool allocation in the steady state");
	TEST_ASSERT_EQUAL(after.frees, before.frees,
		"no pool free in the steady state");
	TEST_ASSERT_EQUAL(st.recycled_inplace, st.indicated,
		"every NBL recycled in place");
	TEST_ASSERT_EQUAL(st.freed_to_pool, 0, "none freed to the pool");
	return fx_stop_and_free(&f);
}

/*
 * In place, a return writes the state word and the link only, unless the
 * consumer touched the NBL: flags and status written directly, a context
 * allocated, an NB queued, descriptor 0 shortened, the data start moved.
 * Every such NBL comes back to the next indication exactly as a fresh one.
 */
static int
test_inplace_reset_undoes_what_the_consumer_touched(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct nbl_pool_params pp;
	struct nbl_pool_stats ps;
	struct nbl *held[4], *again[4], *n;
	struct nb *extra;
	struct fx f;
	char name[32];
	unsigned int i, k;

	TEST_ASSERT_EQUAL(fx_open(&f, RING(64, 8), 4, &cons), 0, "set-up");
	/* This case's NBLs have a context area. */
	TEST_ASSERT_EQUAL(nbl_pool_free(f.pool), 0, "spec pool free");
	memset(&pp, 0, sizeof(pp));
	snprintf(name, sizeof(name), "trxc%u", test_seq++);
	pp.name = name;
	pp.count = 8;
	pp.allocate_nb = true;
	pp.context_size = 32;
	pp.socket_id = SOCKET_ID_ANY;
	f.pool = nbl_pool_create(&pp);
	f.nbp = make_nb_pool(4, 0);
	TEST_ASSERT(f.pool != NULL && f.nbp != NULL, "pools");
	f.c.pool = f.pool;
	f.c.burst = 4;
	f.c.resources_off = true;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "queue of D = 4");
	TEST_ASSERT_EQUAL(fx_feed(&f, 4, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 4, "four indicated");
	for (i = 0, n = cons.held[0]; i < 4; i++, n = n->next)
		held[i] = n;
	/* 0: flags and status; 1: a context; 2: an NB queued;
	 * 3: descriptor 0 shortened and the data start moved back. */
	held[0]->flags |= 0x40;
	held[0]->status = -1;
	TEST_ASSERT(nbl_context_alloc(held[1], 16) != NULL, "context");
	extra = nbl_nb_alloc(f.nbp);
	TEST_ASSERT(extra != NULL && nbl_queue_nb(held[2], extra) == 0,
		"queue an NB");
	TEST_ASSERT_EQUAL(nbl_mdl_adjust_len(&held[3]->first_nb->mdl0, 20), 0,
		"shorten descriptor 0");
	TEST_ASSERT_EQUAL(nbl_nb_retreat(held[3]->first_nb, 14, NULL), 0,
		"retreat into the headroom");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 4, "all returned");
	TEST_ASSERT(extra->state == NBL_STATE_HELD && extra->next == NULL,
		"the consumer's NB came off, HELD");
	TEST_ASSERT_EQUAL(nbl_nb_free(extra), 0, "the consumer frees it");

	TEST_ASSERT_EQUAL(fx_feed(&f, 4, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 4, "the same four again");
	for (i = 0, n = cons.held[0]; i < 4; i++, n = n->next)
		again[i] = n;
	for (i = 0; i < 4; i++) {
		struct nb *nb;
		struct rte_mbuf *m;

		n = again[i];
		nb = n->first_nb;
		m = nb->mbuf;
		for (k = 0; k < 4 && held[k] != n; k++)
			;
		TEST_ASSERT(k < 4, "NBL %u is one of the first four", i);
		TEST_ASSERT(n->flags == 0 && n->status == 0 &&
			n->ctx_used == 0 && n->state == NBL_STATE_INDICATED,
			"NBL %u: flags, status, context as new", i);
		TEST_ASSERT(nb == (struct nb *)(n + 1) && nb->next == NULL &&
			nb->modified == 0, "NBL %u: its own NB, alone", i);
		TEST_ASSERT(m != NULL && nb->mdl_chain == &nb->mdl0 &&
			nb->cur_mdl == &nb->mdl0 && nb->mdl0.next == NULL,
			"NBL %u: descriptor 0 alone, current", i);
		TEST_ASSERT(nb->mdl0.addr == (uint8_t *)m->buf_addr &&
			nb->mdl0.len == (uint32_t)m->data_off + 64 &&
			nb->mdl0.orig_len == nb->mdl0.len &&
			nb->data_offset == m->data_off &&
			nb->cur_mdl_offset == m->data_off &&
			nb->data_len == 64, "NBL %u: maps the new packet", i);
	}
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 4, "returned");
	nbl_pool_stats_get(f.pool, &ps);
	for (k = 0; k < NBL_VIOL_MAX; k++)
		TEST_ASSERT_EQUAL(ps.violations[k], 0, "no %s violation",
			nbl_violation_name(k));
	return fx_stop_and_free(&f);
}

static int
test_pool_mode_frees_to_pool(void)
{
	struct cons cons = { .mode = CONS_RETURN };
	struct nbl_pool_stats before, after;
	struct nbl_rxq_stats st;
	struct fx f;

	TEST_ASSERT(get_null_port() >= 0, "the net_null0 port");
	TEST_ASSERT_EQUAL(fx_open(&f, &(const struct fx_spec){
		.nbls = 512, .cache = 32 }, 256, &cons), 0, "set-up");
	f.c.recycle = NBL_RXQ_RECYCLE_POOL;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "queue in pool mode");
	nbl_pool_stats_get(f.pool, &before);
	fx_poll_times(&f, 1000);
	nbl_rxq_stats_get(f.q, &st);
	nbl_pool_stats_get(f.pool, &after);
	TEST_ASSERT(st.indicated >= 1000, "traffic flowed");
	TEST_ASSERT_EQUAL(st.freed_to_pool, st.indicated,
		"every returned NBL freed to the pool");
	TEST_ASSERT_EQUAL(st.recycled_inplace, 0, "none recycled in place");
	TEST_ASSERT_EQUAL(after.frees - before.frees, st.freed_to_pool,
		"the pool counted the frees");
	TEST_ASSERT(after.allocs - before.allocs + 32 >= st.freed_to_pool,
		"and refilled from the pool (%" PRIu64 " allocs)",
		after.allocs - before.allocs);
	TEST_ASSERT(pool_in_use(f.pool) <= 256, "never more than D out");
	/* what the queue gave back carries nothing of the queue: whoever
	 * takes it next does not find the queue's record or a time */
	{
		struct nbl *n = nbl_alloc_with_nb(f.pool);

		TEST_ASSERT(n != NULL, "an NBL the queue freed");
		TEST_ASSERT(n->miniport_reserved[0] == NULL &&
			n->miniport_reserved[1] == NULL,
			"the queue's scratch left in a freed NBL: %p %p",
			n->miniport_reserved[0], n->miniport_reserved[1]);
		TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	}
	/* and, at the end, everything back in the pool */
	return fx_stop_and_free(&f);
}

static int
test_double_return_refused_free_list_intact(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct nbl_pool_stats ps;
	struct nbl_rxq_stats st;
	struct fx f;
	struct nbl *x, *y;

	TEST_ASSERT_EQUAL(fx_open(&f, RING(64, 64), 16, &cons), 0, "set-up");
	f.c.burst = 4;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "queue with B = 4");
	TEST_ASSERT_EQUAL(fx_feed(&f, 5, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 4, "indicated");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 1, "indicated");
	x = cons.held[0];
	y = cons.held[1];
	TEST_ASSERT_EQUAL(nbl_rxq_return(f.q, x), 4, "first return");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 15, "four back");
	TEST_ASSERT_EQUAL(nbl_rxq_return(f.q, x), 0, "double return refused");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 15,
		"free list not touched by the refused return");
	/* A refused NBL in front of a good one: the link is still followed. */
	x->next = y;
	TEST_ASSERT_EQUAL(nbl_rxq_return(f.q, x), 1,
		"the good NBL behind a refused one is taken");
	x->next = NULL;
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.double_returns, 2, "two double returns counted");
	TEST_ASSERT_EQUAL(st.returned, 5, "five returned");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 16, "exactly D on the list");
	nbl_pool_stats_get(f.pool, &ps);
	TEST_ASSERT_EQUAL(ps.violations[NBL_VIOL_DOUBLE_RETURN], 2,
		"the pool counted them too");
	TEST_ASSERT_EQUAL(fx_feed(&f, 40, 64), 0, "feed");
	cons.mode = CONS_RETURN;
	while (nbl_rxq_poll(f.q) > 0)
		;
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.indicated, 45, "the queue still works");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 16, "all back");
	/* and, once freed, the mbufs back */
	return fx_free(&f);
}

static int
test_foreign_return_refused(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct nbl_pool_stats ps;
	struct nbl_rxq_conf c;
	struct nbl_rxq_stats st;
	struct nbl_pool *pool, *other;
	struct nbl_rxq *q;
	struct nbl *x;

	pool = make_pool(64, 0, 0);
	other = make_pool(8, 0, 0);
	TEST_ASSERT(pool != NULL && other != NULL, "pools");
	base_conf(&c, 0, pool, 16, &cons);
	q = nbl_rxq_create(qname(), &c);
	TEST_ASSERT(q != NULL, "create: %s", rte_strerror(rte_errno));
	x = nbl_alloc_with_nb(other);
	TEST_ASSERT(x != NULL, "NBL of another pool");
	TEST_ASSERT_EQUAL(nbl_mark_indicated(x), 0, "indicated elsewhere");
	TEST_ASSERT_EQUAL(nbl_rxq_return(q, x), 0, "foreign return refused");
	nbl_rxq_stats_get(q, &st);
	TEST_ASSERT_EQUAL(st.foreign_returns, 1, "counted by the queue");
	TEST_ASSERT_EQUAL(st.returned, 0, "not counted as returned");
	nbl_pool_stats_get(pool, &ps);
	TEST_ASSERT_EQUAL(ps.violations[NBL_VIOL_FOREIGN], 1,
		"counted by the pool");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(q), 16, "free list untouched");
	TEST_ASSERT_EQUAL(x->state, NBL_STATE_INDICATED,
		"the foreign NBL keeps its state");
	TEST_ASSERT_EQUAL(nbl_check_return(other, x), 0, "owner takes it");
	TEST_ASSERT_EQUAL(nbl_free(x), 0, "and frees it");
	TEST_ASSERT_EQUAL(nbl_rxq_free(q), 0, "free");
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "pool free");
	TEST_ASSERT_EQUAL(nbl_pool_free(other), 0, "other pool free");
	return 0;
}

/* Two queues share one pool: an NBL indicated by one is refused by the
 * other (a foreign return), keeps its state and goes back to its own. */
static int
test_return_to_another_queue_of_the_pool_refused(void)
{
	struct cons ca = { .mode = CONS_HOLD }, cb = { .mode = CONS_HOLD };
	struct nbl_rxq_stats st;
	struct nbl_rxq *b;
	struct fx f;
	struct nbl *x;

	TEST_ASSERT_EQUAL(fx_setup(&f, RING(64, 64), 16, &ca), 0, "queue A");
	f.c.indicate_arg = &cb;
	b = nbl_rxq_create(qname(), &f.c);
	TEST_ASSERT(b != NULL, "queue B on the same pool: %s",
		rte_strerror(rte_errno));
	TEST_ASSERT_EQUAL(fx_feed(&f, 4, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 4, "A indicates 4");
	x = ca.held[0];
	TEST_ASSERT_EQUAL(nbl_rxq_return(b, x), 0, "B refuses A's NBLs");
	nbl_rxq_stats_get(b, &st);
	TEST_ASSERT_EQUAL(st.foreign_returns, 4, "counted as foreign by B");
	TEST_ASSERT_EQUAL(st.returned, 0, "B took nothing");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(b), 16, "B's free list intact");
	TEST_ASSERT_EQUAL(x->state, NBL_STATE_INDICATED,
		"the NBL is still the consumer's");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &ca), 4, "A takes them back");
	TEST_ASSERT_EQUAL(nbl_rxq_free(b), 0, "B free");
	return fx_free(&f);
}

static int
test_backpressure_stalls_without_polling(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct nbl_rxq_stats st;
	struct fx f;

	TEST_ASSERT_EQUAL(fx_open(&f, RING(64, 64), 8, &cons), 0, "set-up");
	f.c.resources_off = true;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "queue without RESOURCES");
	TEST_ASSERT_EQUAL(fx_feed(&f, 20, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 8, "burst limited to free (8)");
	TEST_ASSERT_EQUAL(rte_ring_count(f.rp.rx), 12, "12 left in the port");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 0, "free list empty");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 0, "nothing indicated");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 0, "nothing indicated");
	TEST_ASSERT_EQUAL(rte_ring_count(f.rp.rx), 12,
		"the port was not polled (backpressure)");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.fill_stalls, 2, "two fill stalls");
	TEST_ASSERT_EQUAL(st.rx_packets, 8, "only 8 taken");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 8, "consumer returns");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 8, "filling again");
	TEST_ASSERT_EQUAL(rte_ring_count(f.rp.rx), 4, "4 left");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 8, "return");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 4, "the rest");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 4, "return");
	/* and, once freed, the mbufs back */
	return fx_free(&f);
}

static int
test_resources_below_low_watermark(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct nbl_rxq_stats st;
	struct fx f;

	TEST_ASSERT_EQUAL(fx_open(&f, RING(128, 64), 32, &cons), 0, "set-up");
	f.c.burst = 16;
	f.c.low_watermark = 8;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "queue with low watermark 8");
	TEST_ASSERT_EQUAL(fx_feed(&f, 32, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 16, "first burst");
	TEST_ASSERT_EQUAL(cons.last_flags, 0, "16 free left: no RESOURCES");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 16, "second burst");
	TEST_ASSERT_EQUAL(cons.last_flags, NBL_RXQ_IND_RESOURCES,
		"0 free < 8: indicated with RESOURCES (R5)");
	TEST_ASSERT_EQUAL(cons.flag_mismatch, 0,
		"NBL_F_RESOURCES on each NBL of that chain only");
	TEST_ASSERT_EQUAL(cons.nb_held, 1, "consumer did not keep them");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 16,
		"the RESOURCES NBLs are back when indicate returns");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.resources_indications, 1, "counted");
	TEST_ASSERT_EQUAL(st.resources_nbls, 16, "NBLs counted");
	TEST_ASSERT_EQUAL(st.returned, 16, "taken back as returned");
	TEST_ASSERT_EQUAL(st.outstanding, 16, "the first burst is still out");
	TEST_ASSERT_EQUAL(st.double_returns, 0, "no double return");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(f.mp), 16,
		"their mbufs freed");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 16, "first burst back");
	return fx_free(&f);
}

/* The consumer lcore of the remote test. */
struct remote_ctx {
	struct nbl_rxq *q;
	volatile int stop;
	unsigned long polled;
};

static int
remote_consumer(void *arg)
{
	struct remote_ctx *r = arg;

	while (!r->stop)
		r->polled += nbl_rxq_consumer_poll(r->q, 64);
	/* Whatever is still in the ring stays for the owner's stop. */
	return 0;
}

static int
remote_run(enum nbl_rxq_recycle mode)
{
	struct cons cons = { .mode = CONS_RETURN };
	struct remote_ctx r;
	struct nbl_pool_audit audit;
	struct nbl_rxq_stats st;
	struct rte_mempool_cache *cache;
	struct fx f;
	unsigned int consumer, owner = rte_lcore_id();
	uint64_t t0;

	TEST_ASSERT(get_null_port() >= 0, "the net_null0 port");
	consumer = rte_get_next_lcore(owner, 1, 0);
	TEST_ASSERT(consumer < RTE_MAX_LCORE, "no worker lcore (EAL -l 0-1)");
	TEST_ASSERT_EQUAL(fx_open(&f, &(const struct fx_spec){
		.nbls = 1024, .cache = 32 }, 256, &cons), 0, "set-up");
	f.c.remote = true;
	f.c.recycle = mode;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "remote queue");
	memset(&r, 0, sizeof(r));
	r.q = f.q;
	/* The owner polls first so that it is recorded before any return. */
	nbl_rxq_poll(f.q);
	TEST_ASSERT_EQUAL(rte_eal_remote_launch(remote_consumer, &r, consumer),
		0, "launch the consumer");
	t0 = rte_get_timer_cycles();
	while (rte_get_timer_cycles() - t0 < rte_get_timer_hz() / 5)
		nbl_rxq_poll(f.q);
	r.stop = 1;
	rte_eal_wait_lcore(consumer);
	TEST_ASSERT_EQUAL(nbl_rxq_stop(f.q), 0, "stop takes everything back");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT(st.indicated > 1000, "traffic (%" PRIu64 ")", st.indicated);
	TEST_ASSERT(r.polled > 0, "the consumer got NBLs");
	TEST_ASSERT_EQUAL(cons.lcore_seen, consumer,
		"callback ran on the consumer lcore");
	TEST_ASSERT_EQUAL(st.returned, st.indicated, "all returned");
	TEST_ASSERT_EQUAL(st.outstanding, 0, "none out");
	TEST_ASSERT_EQUAL(st.double_returns + st.foreign_returns, 0,
		"no refused return");
	if (mode == NBL_RXQ_RECYCLE_POOL)
		TEST_ASSERT(st.freed_to_pool > 0, "pool mode freed to the pool");
	if (mode == NBL_RXQ_RECYCLE_INPLACE)
		TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 256,
			"all D on the free list");
	else
		TEST_ASSERT_EQUAL(pool_in_use(f.pool), nbl_rxq_free_count(f.q),
			"pool mode: the pool's in-use NBLs are all on the free list");
	TEST_ASSERT_EQUAL(nbl_rxq_free(f.q), 0, "queue free");
	/* Nothing stranded in the consumer lcore's cache. */
	TEST_ASSERT_EQUAL(f.pool->stats[consumer].frees, 0,
		"no NBL freed on the consumer lcore");
	if (mode == NBL_RXQ_RECYCLE_POOL)
		TEST_ASSERT(f.pool->stats[owner].frees > st.freed_to_pool / 2,
			"the frees happened on the owner lcore");
	cache = rte_mempool_default_cache(f.pool->mp, consumer);
	TEST_ASSERT(cache == NULL || cache->len == 0,
		"the consumer lcore's cache is empty");
	TEST_ASSERT_EQUAL(nbl_pool_audit(f.pool, &audit), 0, "audit");
	TEST_ASSERT_EQUAL(audit.free, audit.count, "every NBL free");
	TEST_ASSERT_EQUAL(nbl_pool_free(f.pool), 0, "pool free succeeds");
	return 0;
}

static int
test_remote_consumer_both_modes(void)
{
	int rc;

	rc = remote_run(NBL_RXQ_RECYCLE_INPLACE);
	if (rc != 0)
		return rc;
	return remote_run(NBL_RXQ_RECYCLE_POOL);
}

static int
test_copy_mode_frees_mbuf_at_fill(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct nbl_rxq_stats st;
	struct fx f;
	struct nbl *n;
	uint8_t out[256];
	unsigned int i, k;

	TEST_ASSERT_EQUAL(fx_open(&f, &(const struct fx_spec){ .mbufs = 64,
		.nbls = 64, .data_size = 256 }, 16, &cons), 0, "set-up");
	f.c.copy = true;
	f.c.max_segs = 2;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "queue in copy mode");
	TEST_ASSERT_EQUAL(fx_feed(&f, 4, 200), 0, "feed");
	TEST_ASSERT_EQUAL(rte_ring_enqueue(f.rp.rx,
		make_multiseg(f.mp, 2, 100)), 0,
		"a two-segment packet is gathered");
	TEST_ASSERT_EQUAL(rte_ring_enqueue(f.rp.rx, make_mbuf(f.mp, 300, 0)),
		0, "a packet larger than the data area");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 5, "5 indicated");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(f.mp), 0,
		"every mbuf freed at fill (copy mode)");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.refused[NBL_RXQ_REFUSE_NO_DATA_ROOM], 1,
		"too large for the data area refused");
	for (k = 0, n = cons.held[0]; n != NULL; n = n->next, k++) {
		uint32_t len = n->first_nb->data_len;

		TEST_ASSERT(n->flags & NBL_F_COPIED, "NBL %u marked copied", k);
		TEST_ASSERT(n->first_nb->mbuf == NULL, "NBL %u has no mbuf", k);
		TEST_ASSERT_EQUAL(nbl_nb_copy_out(n->first_nb, out, sizeof(out)),
			len, "copy out");
		for (i = 0; i < len; i++)
			TEST_ASSERT_EQUAL(out[i], (uint8_t)((k < 4 ? k : 0) + i),
				"NBL %u byte %u", k, i);
	}
	TEST_ASSERT_EQUAL(k, 5, "chain of 5");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 5, "return");
	return fx_free(&f);
}

struct stop_ctx {
	struct nbl_rxq *q;
	struct cons *cons;
	unsigned int got;
	unsigned int returned;
};

static int
stop_consume(void *arg)
{
	struct stop_ctx *s = arg;

	s->got = nbl_rxq_consumer_poll(s->q, 16);
	return 0;
}

static int
stop_give_back(void *arg)
{
	struct stop_ctx *s = arg;

	s->returned = cons_return_all(s->q, s->cons);
	return 0;
}

static int
test_stop_takes_everything_back(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct stop_ctx s;
	struct nbl_rxq_stats st;
	struct fx f;
	unsigned int consumer;

	consumer = rte_get_next_lcore(rte_lcore_id(), 1, 0);
	TEST_ASSERT(consumer < RTE_MAX_LCORE, "no worker lcore (EAL -l 0-1)");
	TEST_ASSERT_EQUAL(fx_open(&f, RING(128, 64), 64, &cons), 0, "set-up");
	f.c.remote = true;
	f.c.burst = 16;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "remote queue with B = 16");
	TEST_ASSERT_EQUAL(fx_feed(&f, 48, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 16, "burst 1");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 16, "burst 2");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 16, "burst 3");
	memset(&s, 0, sizeof(s));
	s.q = f.q;
	s.cons = &cons;
	rte_eal_remote_launch(stop_consume, &s, consumer);
	rte_eal_wait_lcore(consumer);
	TEST_ASSERT_EQUAL(s.got, 16, "the consumer took one burst");
	TEST_ASSERT_EQUAL(nbl_rxq_stop(f.q), -EBUSY,
		"stop while the consumer holds 16 is EBUSY");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 48,
		"the 32 still in the indication ring were taken back");
	TEST_ASSERT_EQUAL(nbl_rxq_free(f.q), -EBUSY, "free refused while out");
	rte_eal_remote_launch(stop_give_back, &s, consumer);
	rte_eal_wait_lcore(consumer);
	TEST_ASSERT_EQUAL(s.returned, 16, "sent back through the return ring");
	TEST_ASSERT_EQUAL(nbl_rxq_stop(f.q), 0, "stop drains the return ring");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.returned, 48, "all 48 returned");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 64, "all D back");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 0,
		"a stopped queue does not fill");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(f.mp), 0, "mbufs back");
	return fx_free(&f);
}

/*
 * Pool mode: a stop right after the last return leaves all D descriptors
 * on the free list (what the returns gave the pool is taken again), as in
 * place, and says so with 0. When the pool cannot give them back, stop
 * says -ENOMEM and a later stop tries again.
 */
static int
test_stop_in_pool_mode_refills_to_d(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct nbl *taken[64];
	struct fx f;
	unsigned int n, i;

	TEST_ASSERT_EQUAL(fx_open(&f, RING(128, 64), 48, &cons), 0, "set-up");
	f.c.recycle = NBL_RXQ_RECYCLE_POOL;
	f.c.resources_off = true;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "pool mode queue, D = 48");
	TEST_ASSERT_EQUAL(fx_feed(&f, 32, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 32, "one burst indicated, held");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 32,
		"the consumer returns it: freed to the pool");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 16,
		"before stop, the free list is short of the burst");
	TEST_ASSERT_EQUAL(nbl_rxq_stop(f.q), 0, "stop");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 48,
		"after stop, all D on the free list");
	TEST_ASSERT_EQUAL(pool_in_use(f.pool), 48, "D NBLs out of the pool");

	/* Again, with the pool emptied by someone else in between. */
	TEST_ASSERT_EQUAL(nbl_rxq_start(f.q), 0, "start");
	TEST_ASSERT_EQUAL(fx_feed(&f, 32, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 32, "indicated, held");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 32, "returned");
	n = nbl_alloc_bulk(f.pool, taken, RTE_DIM(taken));
	TEST_ASSERT(n == 48 && pool_in_use(f.pool) == 64,
		"the rest of the pool taken elsewhere (%u)", n);
	TEST_ASSERT_EQUAL(nbl_rxq_stop(f.q), -ENOMEM,
		"stop says the pool fell short");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 16,
		"the free list holds what there was");
	for (i = 0; i < n; i++)
		TEST_ASSERT_EQUAL(nbl_free(taken[i]), 0, "give back %u", i);
	TEST_ASSERT_EQUAL(nbl_rxq_stop(f.q), 0, "a second stop refills");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 48, "all D again");
	return fx_free(&f);
}

/* ------------------------------------------- separate NBs (R2) */

static int
test_separate_nb_setup_allocates_nbl_and_nb(void)
{
	struct cons cons = { .mode = CONS_RETURN };
	struct nbl_pool_stats ns;
	struct nbl_rxq_conf c;
	struct nbl_pool *plain, *prealloc;
	struct nbl_nb_pool *nbp, *small;
	struct nbl_rxq *q;

	plain = make_plain_pool(256, 0);
	prealloc = make_pool(64, 0, 256);
	nbp = make_nb_pool(256, 0);
	small = make_nb_pool(32, 0);
	TEST_ASSERT(plain != NULL && prealloc != NULL && nbp != NULL &&
		small != NULL, "pools: %s", rte_strerror(rte_errno));

	/* which pool goes with which NB allocation */
	base_conf(&c, 0, plain, 64, &cons);
	TEST_ASSERT(nbl_rxq_create(qname(), &c) == NULL && rte_errno == EINVAL,
		"a plain NBL pool without an NB pool is EINVAL");
	base_conf(&c, 0, prealloc, 64, &cons);
	c.nb_pool = nbp;
	TEST_ASSERT(nbl_rxq_create(qname(), &c) == NULL && rte_errno == EINVAL,
		"an NB pool with an allocate_nb NBL pool is EINVAL");
	c.copy = true;
	c.pool = plain;
	TEST_ASSERT(nbl_rxq_create(qname(), &c) == NULL && rte_errno == EINVAL,
		"copy mode with separate NBs (no data area) is EINVAL");
	c.copy = false;
	c.nb_pool = small;
	TEST_ASSERT(nbl_rxq_create(qname(), &c) == NULL && rte_errno == ENOMEM,
		"an NB pool short of D NBs is ENOMEM");
	TEST_ASSERT_EQUAL(pool_in_use(plain), 0,
		"a failed create gives its NBLs back");
	TEST_ASSERT_EQUAL(nb_pool_in_use(small), 0,
		"a failed create gives its NBs back");

	c.nb_pool = nbp;
	c.max_segs = 3;
	q = nbl_rxq_create(qname(), &c);
	TEST_ASSERT(q != NULL, "create: %s", rte_strerror(rte_errno));
	TEST_ASSERT_EQUAL(pool_in_use(plain), 64,
		"D NBLs from the plain NBL pool at setup (R3)");
	TEST_ASSERT_EQUAL(nb_pool_in_use(nbp), 64,
		"D NBs from the NB pool at setup (R2)");
	TEST_ASSERT_EQUAL(nbl_nb_pool_in_use(nbp), 64,
		"nbl_nb_pool_in_use agrees");
	TEST_ASSERT_EQUAL(nbl_nb_pool_stats_get(nbp, &ns), 0, "NB stats");
	TEST_ASSERT(ns.allocs == 64 && ns.frees == 0 && ns.alloc_failures == 0,
		"NB pool counted 64 allocations (%" PRIu64 ", %" PRIu64 ")",
		ns.allocs, ns.frees);
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(q), 64, "all on the free list");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(nbl_rxq_mdl_pool(q)),
		64 * 3, "D x S buffer descriptors, as with preallocated NBs");
	TEST_ASSERT_EQUAL(nbl_rxq_free(q), 0, "free");
	TEST_ASSERT_EQUAL(pool_in_use(plain), 0, "free gives all D NBLs back");
	TEST_ASSERT_EQUAL(nb_pool_in_use(nbp), 0, "free gives all D NBs back");
	TEST_ASSERT_EQUAL(nbl_nb_pool_free(nbp), 0, "NB pool free");
	TEST_ASSERT_EQUAL(nbl_nb_pool_free(small), 0, "small NB pool free");
	TEST_ASSERT_EQUAL(nbl_pool_free(plain), 0, "NBL pool free");
	TEST_ASSERT_EQUAL(nbl_pool_free(prealloc), 0, "prealloc pool free");
	return 0;
}

/* Consumer that checks each NBL carries one separate NB, the same one
 * every time it comes back (remembered in nbl->user), and returns. */
struct sep_cons {
	uint64_t nbls;
	uint64_t bad_nb;      /* no NB, a preallocated one, or a list */
	uint64_t nb_changed;  /* another NB than at the NBL's first sight */
	uint64_t first_seen;  /* NBLs seen for the first time */
};

static void
sep_indicate(struct nbl_rxq *q, struct nbl *chain, uint16_t count,
		uint32_t flags, void *arg)
{
	struct sep_cons *c = arg;
	struct nbl *n;

	RTE_SET_USED(count);
	for (n = chain; n != NULL; n = n->next) {
		const struct nb *nb = n->first_nb;

		c->nbls++;
		if (nb == NULL || nb->prealloc != 0 || nb->next != NULL ||
				nb == (const struct nb *)(n + 1) ||
				nb->state != NBL_NB_STATE_QUEUED ||
				nb->data_len == 0)
			c->bad_nb++;
		if (n->user == NULL) {
			n->user = (void *)(uintptr_t)nb;
			c->first_seen++;
		} else if (n->user != (const void *)nb) {
			c->nb_changed++;
		}
	}
	if ((flags & NBL_RXQ_IND_RESOURCES) == 0)
		nbl_rxq_return(q, chain);
}

static int
test_separate_nb_inplace_keeps_nb(void)
{
	struct sep_cons cons;
	struct nbl_pool_stats nb_before, nb_after, before, after;
	struct nbl_rxq_stats st;
	struct fx f;

	TEST_ASSERT(get_null_port() >= 0, "the net_null0 port");
	memset(&cons, 0, sizeof(cons));
	TEST_ASSERT_EQUAL(fx_open(&f, &(const struct fx_spec){ .nbls = 512,
		.cache = 32, .nbs = 512 }, 256, NULL), 0, "set-up");
	f.c.indicate = sep_indicate;
	f.c.indicate_arg = &cons;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "queue with separate NBs");
	nbl_pool_stats_get(f.pool, &before);
	nbl_nb_pool_stats_get(f.nbp, &nb_before);
	fx_poll_times(&f, 1000);
	nbl_pool_stats_get(f.pool, &after);
	nbl_nb_pool_stats_get(f.nbp, &nb_after);
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT(st.indicated >= 1000, "traffic flowed (%" PRIu64 ")",
		st.indicated);
	TEST_ASSERT_EQUAL(cons.nbls, st.indicated, "the consumer saw them all");
	TEST_ASSERT_EQUAL(cons.bad_nb, 0,
		"every NBL carried one separate NB holding the packet");
	TEST_ASSERT(cons.first_seen <= 256, "at most D distinct NBLs (%" PRIu64
		")", cons.first_seen);
	TEST_ASSERT_EQUAL(cons.nb_changed, 0,
		"in place, each NBL keeps its NB through recycling");
	TEST_ASSERT_EQUAL(st.recycled_inplace, st.indicated,
		"every NBL recycled in place");
	TEST_ASSERT(after.allocs == before.allocs && after.frees == before.frees,
		"no NBL pool traffic in the steady state");
	TEST_ASSERT(nb_after.allocs == nb_before.allocs &&
		nb_after.frees == nb_before.frees,
		"no NB pool traffic in the steady state");
	/* and, at the end, every NB back */
	return fx_stop_and_free(&f);
}

static int
test_separate_nb_pool_mode_returns_both(void)
{
	struct sep_cons cons;
	struct nbl_pool_stats nbs;
	struct nbl_rxq_stats st;
	struct fx f;
	unsigned int i;

	TEST_ASSERT(get_null_port() >= 0, "the net_null0 port");
	memset(&cons, 0, sizeof(cons));
	TEST_ASSERT_EQUAL(fx_open(&f, &(const struct fx_spec){ .nbls = 512,
		.cache = 32, .nbs = 512 }, 256, NULL), 0, "set-up");
	f.c.indicate = sep_indicate;
	f.c.indicate_arg = &cons;
	f.c.recycle = NBL_RXQ_RECYCLE_POOL;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "pool mode with separate NBs");
	for (i = 0; i < 1000; i++) {
		nbl_rxq_poll(f.q);
		TEST_ASSERT_EQUAL(pool_in_use(f.pool), nb_pool_in_use(f.nbp),
			"poll %u: as many NBs out as NBLs (none half set up)",
			i);
	}
	nbl_rxq_stats_get(f.q, &st);
	nbl_nb_pool_stats_get(f.nbp, &nbs);
	TEST_ASSERT(st.indicated >= 1000, "traffic flowed");
	TEST_ASSERT_EQUAL(cons.bad_nb, 0, "every NBL carried one separate NB");
	TEST_ASSERT_EQUAL(st.freed_to_pool, st.indicated,
		"every returned NBL freed to the pool");
	TEST_ASSERT_EQUAL(nbs.frees, st.freed_to_pool,
		"and its NB freed to the NB pool");
	TEST_ASSERT(nbs.allocs + 32 >= 256 + st.freed_to_pool,
		"the refill took NBs from the NB pool (%" PRIu64 ")", nbs.allocs);
	TEST_ASSERT_EQUAL(st.refill_shortfalls, 0, "no refill fell short");
	TEST_ASSERT(nb_pool_in_use(f.nbp) <= 256, "never more than D NBs out");
	/* and, at the end, every NBL and every NB back in its pool */
	return fx_stop_and_free(&f);
}

/* Pool mode: a refill the NB pool cannot serve is a refill shortfall, and
 * the NBLs it took go back rather than wait without an NB. */
static int
test_separate_nb_refill_shortfall_counted(void)
{
	struct cons cons = { .mode = CONS_HOLD };
	struct nb *taken[48];
	struct nbl_rxq_stats st;
	struct fx f;
	unsigned int i, n = 0;

	TEST_ASSERT_EQUAL(fx_open(&f, &(const struct fx_spec){ .mbufs = 256,
		.nbls = 256, .nbs = 80 }, 64, &cons), 0, "set-up");
	f.c.recycle = NBL_RXQ_RECYCLE_POOL;
	f.c.resources_off = true;
	TEST_ASSERT_EQUAL(fx_start(&f), 0, "pool mode with separate NBs");
	TEST_ASSERT_EQUAL(fx_feed(&f, 32, 64), 0, "feed");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 32, "32 indicated and held");
	/* The 16 NBs the queue left in the pool go elsewhere. */
	for (; n < 16; n++)
		TEST_ASSERT((taken[n] = nbl_nb_alloc(f.nbp)) != NULL,
			"take NB");
	TEST_ASSERT_EQUAL(cons_return_all(f.q, &cons), 32, "return the 32");
	TEST_ASSERT_EQUAL(nb_pool_in_use(f.nbp), 16 + 32,
		"their NBs went back to the NB pool");
	for (; n < 48; n++)
		TEST_ASSERT((taken[n] = nbl_nb_alloc(f.nbp)) != NULL,
			"take NB");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 0, "nothing to receive");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.refill_shortfalls, 1,
		"a refill without NBs is a refill shortfall");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 32, "no descriptor added");
	TEST_ASSERT_EQUAL(pool_in_use(f.pool), 32,
		"the NBLs it took went back: none kept without an NB");
	for (i = 0; i < 20; i++)
		TEST_ASSERT_EQUAL(nbl_nb_free(taken[--n]), 0, "give back NB");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 0, "nothing to receive");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.refill_shortfalls, 2, "a short refill counts too");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 52, "20 descriptors added");
	TEST_ASSERT_EQUAL(pool_in_use(f.pool), 52, "52 NBLs out");
	TEST_ASSERT_EQUAL(nb_pool_in_use(f.nbp), 52 + 28, "52 NBs + 28 taken");
	while (n > 0)
		TEST_ASSERT_EQUAL(nbl_nb_free(taken[--n]), 0, "give back NB");
	TEST_ASSERT_EQUAL(nbl_rxq_poll(f.q), 0, "nothing to receive");
	nbl_rxq_stats_get(f.q, &st);
	TEST_ASSERT_EQUAL(st.refill_shortfalls, 2, "a full refill is no shortfall");
	TEST_ASSERT_EQUAL(nbl_rxq_free_count(f.q), 64, "back to D");
	/* and, at the end, every NB and mbuf back */
	return fx_stop_and_free(&f);
}

static int
test_telemetry_rxqs_json(void)
{
	struct cons cons = { .mode = CONS_RETURN };
	static const char * const keys[] = {
		"\"port\"", "\"queue\"", "\"descriptors\"", "\"free\"",
		"\"indicated\"", "\"returned\"", "\"recycled_inplace\"",
		"\"freed_to_pool\"", "\"resources_indications\"",
		"\"fill_stalls\"", "\"outstanding_max\"", "\"refused\"",
		"\"refill_shortfalls\"", "\"refused_by_reason\":{",
		"\"runt\"", "\"mbuf_check\"",
	};
	struct nbl_rxq_conf c;
	struct nbl_pool *pool;
	struct nbl_rxq *q;
	char buf[16384], want[80], key[64];
	unsigned int i;
	int rc;

	pool = make_pool(64, 0, 0);
	TEST_ASSERT(pool != NULL, "pool");
	base_conf(&c, 0, pool, 16, &cons);
	q = nbl_rxq_create(qname(), &c);
	TEST_ASSERT(q != NULL, "create: %s", rte_strerror(rte_errno));

	rc = nbl_test_telemetry_query("/nbl/rxqs", buf, sizeof(buf));
	TEST_ASSERT_EQUAL(rc, 0, "/nbl/rxqs query (greeting, command, answer)");
	TEST_ASSERT(strstr(buf, "\"/nbl/rxqs\"") != NULL, "answer: %s", buf);
	nbl_rxq_telemetry_key(nbl_rxq_name(q), key, sizeof(key));
	TEST_ASSERT(strchr(key, '.') == NULL, "key sanitised: %s", key);
	snprintf(want, sizeof(want), "\"%s\"", key);
	TEST_ASSERT(strstr(buf, want) != NULL, "keyed by queue name: %s", buf);
	for (i = 0; i < RTE_DIM(keys); i++)
		TEST_ASSERT(strstr(buf, keys[i]) != NULL, "key %s in %s",
			keys[i], buf);
	TEST_ASSERT(strstr(buf, "\"descriptors\":16") != NULL,
		"descriptors value: %s", buf);
	TEST_ASSERT_EQUAL(nbl_rxq_free(q), 0, "free");
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "pool free");
	return 0;
}

static const struct nbl_test_case cases[] = {
	{ "test_sizing_rule_minimums", test_sizing_rule_minimums },
	{ "test_sizing_memory_covers_the_pools",
		test_sizing_memory_covers_the_pools },
	{ "test_sizing_fit_is_the_largest_that_fits",
		test_sizing_fit_is_the_largest_that_fits },
	{ "test_sizing_memory_counts_app_memory",
		test_sizing_memory_counts_app_memory },
	{ "test_setup_allocates_all_descriptors",
		test_setup_allocates_all_descriptors },
	{ "test_fill_indicates_one_chain_per_burst",
		test_fill_indicates_one_chain_per_burst },
	{ "test_poll_max_caps_the_burst", test_poll_max_caps_the_burst },
	{ "test_multiseg_mbuf_becomes_descriptor_chain",
		test_multiseg_mbuf_becomes_descriptor_chain },
	{ "test_invalid_mbufs_refused_by_reason",
		test_invalid_mbufs_refused_by_reason },
	{ "test_fast_mbuf_check_matches_rte_mbuf_check",
		test_fast_mbuf_check_matches_rte_mbuf_check },
	{ "test_return_frees_every_kind_of_mbuf",
		test_return_frees_every_kind_of_mbuf },
	{ "test_return_mixes_indications", test_return_mixes_indications },
	{ "test_inplace_recycles_without_pool_traffic",
		test_inplace_recycles_without_pool_traffic },
	{ "test_inplace_reset_undoes_what_the_consumer_touched",
		test_inplace_reset_undoes_what_the_consumer_touched },
	{ "test_pool_mode_frees_to_pool", test_pool_mode_frees_to_pool },
	{ "test_double_return_refused_free_list_intact",
		test_double_return_refused_free_list_intact },
	{ "test_foreign_return_refused", test_foreign_return_refused },
	{ "test_return_to_another_queue_of_the_pool_refused",
		test_return_to_another_queue_of_the_pool_refused },
	{ "test_backpressure_stalls_without_polling",
		test_backpressure_stalls_without_polling },
	{ "test_resources_below_low_watermark",
		test_resources_below_low_watermark },
	{ "test_remote_consumer_both_modes", test_remote_consumer_both_modes },
	{ "test_copy_mode_frees_mbuf_at_fill",
		test_copy_mode_frees_mbuf_at_fill },
	{ "test_stop_takes_everything_back", test_stop_takes_everything_back },
	{ "test_stop_in_pool_mode_refills_to_d",
		test_stop_in_pool_mode_refills_to_d },
	{ "test_telemetry_rxqs_json", test_telemetry_rxqs_json },
	{ "test_separate_nb_setup_allocates_nbl_and_nb",
		test_separate_nb_setup_allocates_nbl_and_nb },
	{ "test_separate_nb_inplace_keeps_nb",
		test_separate_nb_inplace_keeps_nb },
	{ "test_separate_nb_pool_mode_returns_both",
		test_separate_nb_pool_mode_returns_both },
	{ "test_separate_nb_refill_shortfall_counted",
		test_separate_nb_refill_shortfall_counted },
};

int
main(int argc, char **argv)
{
	static const char *extra[] = {
		"--vdev=net_null0,copy=0", "--log-level=lib.rxq:warning", NULL,
	};

	return nbl_test_main(argc, argv, cases, RTE_DIM(cases), "0-1", extra);
}
