/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * perf_rxq: cycles per packet of the NBL layer of lib/rxq (fill, indicate,
 * return, recycle) on net_null0 (copy=0), with an rxonly-style consumer
 * that returns each chain at once.
 *
 * The port's own cost (rte_eth_rx_burst allocating mbufs, and freeing
 * them) is measured alone with the same burst and pool, and taken off:
 * "layer" = "total" - "port". On a busy machine both vary from run to
 * run (another process taking the core inflates a round), so each mode
 * runs REPS short rounds of (port alone, queue) back to back. The table
 * gives the fastest round of each (the least disturbed), the layer as
 * their difference, and the median of the per-round differences.
 *
 * Usage: perf_rxq [packets [mode]]
 *   packets  per round and mode (default 20000: a round of about a
 *            millisecond often runs undisturbed even on a busy machine)
 *   mode     zc-inplace, zc-pool, copy-inplace, copy-pool or all (default);
 *            zc-inplace-nohold (zc-inplace with hold_time_off, not in
 *            all) measures what the hold-time histogram costs, and
 *            zc-inplace-nogap (with poll_gap_off, not in all) what the
 *            poll-gap histogram costs
 *
 * For instruction counts (repeatable where cycles are not), run one mode
 * under callgrind counting only inside nbl_rxq_poll:
 *   valgrind --tool=callgrind --collect-atstart=no \
 *     --toggle-collect=nbl_rxq_poll perf_rxq 2000 zc-inplace
 * then, from callgrind_annotate --inclusive=yes, the layer per packet is
 * (total - the librte_net_null rx function - rte_pktmbuf_free_bulk)
 * divided by the "indicated" column (the port's own work).
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "nbl.h"
#include "nbl_rxq.h"
#include "nbl_test.h"

#define BURST 32
#define NB_D 1024
#define REPS 101

static uint64_t consumed;

static void
rxonly(struct nbl_rxq *q, struct nbl *chain, uint16_t count, uint32_t flags,
		void *arg)
{
	consumed += count;
	if ((flags & NBL_RXQ_IND_RESOURCES) == 0)
		nbl_rxq_return(q, chain);
}

/* Not inlined, so callgrind can count it apart (--toggle-collect). */
static __rte_noinline double
port_only(uint16_t port, uint64_t pkts)
{
	struct rte_mbuf *m[BURST];
	uint64_t done = 0, t0;
	uint16_t n;

	t0 = rte_rdtsc_precise();
	while (done < pkts) {
		n = rte_eth_rx_burst(port, 0, m, BURST);
		rte_pktmbuf_free_bulk(m, n);
		done += n;
	}
	return (double)(rte_rdtsc_precise() - t0) / (double)done;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 != 0 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int
run(uint16_t port, bool copy, enum nbl_rxq_recycle mode, bool hold_off,
		bool gap_off, uint64_t pkts, unsigned int seq)
{
	struct nbl_pool_params pp;
	struct nbl_rxq_conf c;
	struct nbl_rxq_stats st;
	struct nbl_pool *pool;
	struct nbl_rxq *q;
	char name[32];
	uint64_t t0, t1;
	double total[REPS], base[REPS], layer[REPS], tmin, bmin;
	unsigned int r, reps = REPS;

	memset(&pp, 0, sizeof(pp));
	snprintf(name, sizeof(name), "perfrxq%u", seq);
	pp.name = name;
	pp.count = NB_D * 2;
	pp.cache_size = 256;
	pp.allocate_nb = true;
	pp.data_size = copy ? 2048 : 0;
	pp.tag = NBL_TAG('P', 'r', 'x', 'q');
	pp.socket_id = SOCKET_ID_ANY;
	pool = nbl_pool_create(&pp);
	if (pool == NULL) {
		printf("pool: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	memset(&c, 0, sizeof(c));
	/* PERF_RXQ_HOLD_TIME=off (or a -nohold mode): no hold-time
	 * histogram, to price it */
	c.hold_time_off = hold_off || (getenv("PERF_RXQ_HOLD_TIME") != NULL &&
		strcmp(getenv("PERF_RXQ_HOLD_TIME"), "off") == 0);
	/* PERF_RXQ_POLL_GAP=off (or a -nogap mode): no poll-gap histogram */
	c.poll_gap_off = gap_off || (getenv("PERF_RXQ_POLL_GAP") != NULL &&
		strcmp(getenv("PERF_RXQ_POLL_GAP"), "off") == 0);
	c.port_id = port;
	c.nb_rxd = 512;
	c.burst = BURST;
	c.descriptors = NB_D;
	c.max_segs = 1;
	c.recycle = mode;
	c.copy = copy;
	c.pool = pool;
	c.socket_id = SOCKET_ID_ANY;
	c.indicate = rxonly;
	snprintf(name, sizeof(name), "perf_q%u", seq);
	q = nbl_rxq_create(name, &c);
	if (q == NULL) {
		printf("queue: %s\n", rte_strerror(rte_errno));
		nbl_pool_free(pool);
		return -1;
	}
	/* warm up: caches, the free list, the pool's lcore cache */
	while (consumed < 100000)
		nbl_rxq_poll(q);
	for (r = 0; r < reps; r++) {
		base[r] = port_only(port, pkts);
		consumed = 0;
		t0 = rte_rdtsc_precise();
		while (consumed < pkts)
			nbl_rxq_poll(q);
		t1 = rte_rdtsc_precise();
		total[r] = (double)(t1 - t0) / (double)consumed;
		layer[r] = total[r] - base[r];
	}
	nbl_rxq_stats_get(q, &st);
	tmin = total[0];
	bmin = base[0];
	for (r = 1; r < reps; r++) {
		tmin = RTE_MIN(tmin, total[r]);
		bmin = RTE_MIN(bmin, base[r]);
	}
	printf("| %-9s | %-7s | %10.1f | %10.1f | %10.1f | %12.1f | %12" PRIu64 " |\n",
		copy ? "copy" : "zero-copy",
		mode == NBL_RXQ_RECYCLE_POOL ? "pool" :
		hold_off ? "inplace-nohold" : gap_off ? "inplace-nogap" :
		"inplace",
		tmin, bmin, tmin - bmin, median(layer, reps), st.indicated);
	consumed = 0;
	nbl_rxq_stop(q);
	nbl_rxq_free(q);
	nbl_pool_free(pool);
	return 0;
}

int
main(int argc, char **argv)
{
	static const char *extra[] = { "--vdev=net_null0,copy=0", NULL };
	struct rte_eth_conf conf;
	struct rte_mempool *mp;
	static const struct {
		const char *name;
		bool copy;
		enum nbl_rxq_recycle mode;
		bool hold_off;
		bool gap_off;
		bool in_all;
	} modes[] = {
		{ "zc-inplace", false, NBL_RXQ_RECYCLE_INPLACE, false, false,
			true },
		{ "zc-pool", false, NBL_RXQ_RECYCLE_POOL, false, false, true },
		{ "copy-inplace", true, NBL_RXQ_RECYCLE_INPLACE, false, false,
			true },
		{ "copy-pool", true, NBL_RXQ_RECYCLE_POOL, false, false, true },
		{ "zc-inplace-nohold", false, NBL_RXQ_RECYCLE_INPLACE, true,
			false, false },
		{ "zc-inplace-nogap", false, NBL_RXQ_RECYCLE_INPLACE, false,
			true, false },
	};
	uint64_t pkts = 20000;
	const char *which = "all";
	uint16_t port;
	unsigned int i, seq = 0, ran = 0;

	if (argc > 1)
		pkts = strtoull(argv[1], NULL, 0);
	if (argc > 2)
		which = argv[2];
	if (pkts == 0) {
		printf("usage: perf_rxq [packets [zc-inplace|zc-pool|copy-inplace|copy-pool|zc-inplace-nohold|zc-inplace-nogap|all]]\n");
		return 2;
	}
	if (nbl_test_eal_init("perf_rxq", "0", extra) != 0)
		return 1;
	if (rte_eth_dev_get_port_by_name("net_null0", &port) != 0) {
		printf("no net_null0\n");
		return 1;
	}
	memset(&conf, 0, sizeof(conf));
	mp = rte_pktmbuf_pool_create("perf_mb", 8192, 256, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (mp == NULL || rte_eth_dev_configure(port, 1, 1, &conf) != 0 ||
			rte_eth_rx_queue_setup(port, 0, 512, SOCKET_ID_ANY, NULL,
				mp) != 0 ||
			rte_eth_tx_queue_setup(port, 0, 512, SOCKET_ID_ANY,
				NULL) != 0 ||
			rte_eth_dev_start(port) != 0) {
		printf("port setup failed\n");
		return 1;
	}
	port_only(port, pkts / 4);
	printf("perf_rxq: net_null0 (copy=0, 64-byte packets), burst %d, D %d, %" PRIu64 " packets per round, %d rounds per mode, TSC %" PRIu64 " Hz\n",
		BURST, NB_D, pkts, REPS, rte_get_tsc_hz());
	printf("cycles per packet: total and port from the fastest round, layer = total - port; layer median = median over rounds of (total - port)\n\n");
	printf("| data      | recycle | total      | port       | NBL layer  | layer median | indicated    |\n");
	printf("|-----------|---------|------------|------------|------------|--------------|--------------|\n");
	for (i = 0; i < RTE_DIM(modes); i++) {
		if (strcmp(which, "all") == 0 ? !modes[i].in_all :
				strcmp(which, modes[i].name) != 0)
			continue;
		run(port, modes[i].copy, modes[i].mode, modes[i].hold_off,
			modes[i].gap_off, pkts, seq++);
		ran++;
	}
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
	rte_eal_cleanup();
	if (ran == 0) {
		printf("unknown mode %s\n", which);
		return 2;
	}
	return 0;
}
