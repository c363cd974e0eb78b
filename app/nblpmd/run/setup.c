/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Pools and receive queues: the NBL pool is created once (R1) with what
 * the sizing rule computed (with --net-buffer separate a plain NBL pool
 * and an NB pool, R2), each queue takes its D descriptors from them at
 * setup (R3), and at the end every queue is stopped and freed before the
 * pools (R6).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memory.h>

#include "cli/cli.h"
#include "consumers/fwd.h"
#include "replay/replay.h"
#include "report/report.h"
#include "run.h"
#include "stats/stats.h"

#define NBLPMD_MBUF_POOL_NAME "nblpmd_mbuf"

int
nblpmd_queues_plan(struct nblpmd_app *app)
{
	unsigned int i;
	uint16_t q;

	app->nb_queues = 0;
	for (i = 0; i < app->nb_ports; i++) {
		struct nblpmd_port *p = &app->ports[i];
		struct nblpmd_port *peer = &app->ports[p->peer];

		for (q = 0; q < p->nb_rxq; q++) {
			struct nblpmd_queue *nq;

			if (app->nb_queues == NBLPMD_MAX_QUEUES) {
				fprintf(stderr, "nblpmd: more than %d RX queues in "
					"all; lower --rxq or remove ports\n",
					NBLPMD_MAX_QUEUES);
				return -E2BIG;
			}
			nq = &app->queues[app->nb_queues++];
			memset(nq, 0, sizeof(*nq));
			nq->app = app;
			nq->port_id = p->port_id;
			nq->queue_id = q;
			nq->port_index = i;
			nq->tx_port = peer->port_id;
			/* ports.c gave the peer one TX queue per RX queue
			 * here when it could; nblpmd_queues_tx_check refuses
			 * a shared one used from two lcores */
			nq->tx_queue = peer->nb_txq_fwd > 0 ?
				q % peer->nb_txq_fwd : 0;
			if (p->is_pcap && q < p->nb_rx_pcap) {
				nq->rx_pcap = p->rx_pcap[q];
				nq->finite = !p->infinite_rx && p->scan_ok[q];
				nq->pcap_expected = p->scan[q].netpcap_records;
				nq->pcap_caplen_over_len =
					p->scan[q].netpcap_caplen_over_len;
				nq->pcap_over_65535 =
					p->scan[q].netpcap_over_65535;
				nq->capfile = p->capfile[q];
				if (app->cfg.fwd == NBLPMD_FWD_CAPTURE &&
						nq->capfile != NULL)
					nq->records = &nq->capfile->records;
			} else if (p->is_pcap && p->nb_rx_pcap == 0 &&
					!p->rx_live) {
				/* A net_pcap port with no input (tx only)
				 * never delivers: nothing to wait for. */
				nq->finite = true;
			} else if (app->cfg.replay_port >= 0 &&
					p->port_id ==
					(uint16_t)app->cfg.replay_port) {
				/* The port the replay sends out of: what comes
				 * back (from the kernel, for a tap) is not a
				 * source the run waits for; the run ends with
				 * the replay. */
				nq->finite = true;
			} else if (p->internal && app->replay != NULL &&
					app->cfg.fwd == NBLPMD_FWD_CAPTURE) {
				nq->records = nblpmd_replay_records(app->replay);
			}
		}
	}
	if ((app->cfg.fwd == NBLPMD_FWD_IO ||
			app->cfg.fwd == NBLPMD_FWD_MACSWAP)) {
		for (i = 0; i < app->nb_ports; i++) {
			if (app->ports[app->ports[i].peer].nb_txq_fwd == 0) {
				fprintf(stderr, "nblpmd: --fwd %s: port %u has no TX "
					"queue to send to; use rxonly or give the "
					"port a TX side\n", app->fwd->name,
					app->ports[app->ports[i].peer].port_id);
				return -EINVAL;
			}
		}
	}
	return 0;
}

int
nblpmd_queues_tx_check(struct nblpmd_app *app)
{
	unsigned int i, j;

	if (app->cfg.fwd != NBLPMD_FWD_IO && app->cfg.fwd != NBLPMD_FWD_MACSWAP)
		return 0;
	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *a = &app->queues[i];

		printf("Port %u queue %u: TX on port %u queue %u\n", a->port_id,
			a->queue_id, a->tx_port, a->tx_queue);
		for (j = i + 1; j < app->nb_queues; j++) {
			const struct nblpmd_queue *b = &app->queues[j];
			const struct nblpmd_port *tp, *sp;
			char rxq[48];

			if (b->tx_port != a->tx_port || b->tx_queue != a->tx_queue ||
					b->consumer_lcore == a->consumer_lcore)
				continue;
			/* a TX queue is not thread safe: one lcore per queue */
			tp = &app->ports[app->ports[a->port_index].peer];
			sp = &app->ports[a->port_index];
			snprintf(rxq, sizeof(rxq), "--rxq %u or less, or ",
				RTE_MAX(tp->nb_txq_fwd, 1));
			fprintf(stderr, "nblpmd: --fwd %s: port %u queue %u (lcore "
				"%u) and port %u queue %u (lcore %u) would both "
				"send on TX queue %u of port %u (%s), which has "
				"only %u TX queue(s) for them; give %s"
				"--consumer-lcore N so one lcore consumes and "
				"sends\n", app->fwd->name,
				a->port_id, a->queue_id, a->consumer_lcore,
				b->port_id, b->queue_id, b->consumer_lcore,
				a->tx_queue, tp->port_id, tp->name,
				tp->nb_txq_fwd, sp->nb_rxq > app->cfg.rxq ?
				"" : rxq);
			return -EINVAL;
		}
	}
	return 0;
}

/* What may grow the heap: hugepages not mapped yet, per page size. */
struct setup_grow {
	uint64_t page_sz[8];
	uint64_t va_left[8];
	unsigned int n;
	int socket;
};

static int
setup_grow_msl(const struct rte_memseg_list *msl, void *arg)
{
	struct setup_grow *g = arg;
	unsigned int i;

	if (msl->external || msl->socket_id != g->socket)
		return 0;
	for (i = 0; i < g->n; i++)
		if (g->page_sz[i] == msl->page_sz)
			break;
	if (i == g->n) {
		if (g->n == RTE_DIM(g->page_sz))
			return 0;
		g->page_sz[g->n++] = msl->page_sz;
	}
	g->va_left[i] += (uint64_t)(msl->memseg_arr.len -
		msl->memseg_arr.count) * msl->page_sz;
	return 0;
}

/* Free hugepages of one size on a NUMA node, from sysfs; 0 if unknown. */
static uint64_t
setup_free_hugepages(int socket, uint64_t page_sz)
{
	char path[160];
	unsigned long long n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/"
		"hugepages/hugepages-%" PRIu64 "kB/free_hugepages", socket,
		page_sz / 1024);
	f = fopen(path, "r");
	if (f == NULL) {
		snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/"
			"hugepages-%" PRIu64 "kB/free_hugepages", page_sz / 1024);
		f = fopen(path, "r");
	}
	if (f == NULL)
		return 0;
	if (fscanf(f, "%llu", &n) != 1)
		n = 0;
	fclose(f);
	return (uint64_t)n * page_sz;
}

/*
 * EAL memory the pools can take on this socket: what its heap has free,
 * and with hugepages what EAL can still map (the free hugepages the
 * system has, as far as EAL's memory lists reach). Without hugepages
 * (--no-huge) the heap is all there is: -m fixed it at start.
 */
static uint64_t
setup_memory_free(int socket, uint64_t *heap_free, uint64_t *can_map)
{
	struct rte_malloc_socket_stats st;
	struct setup_grow g;
	unsigned int i;

	memset(&st, 0, sizeof(st));
	*heap_free = rte_malloc_get_socket_stats(socket, &st) == 0 ?
		st.heap_freesz_bytes : 0;
	*can_map = 0;
	if (!rte_eal_has_hugepages())
		return *heap_free;
	memset(&g, 0, sizeof(g));
	g.socket = socket;
	rte_memseg_list_walk(setup_grow_msl, &g);
	for (i = 0; i < g.n; i++)
		*can_map += RTE_MIN(g.va_left[i],
			setup_free_hugepages(socket, g.page_sz[i]));
	return *heap_free + *can_map;
}

static int
setup_min_page(const struct rte_memseg_list *msl, void *arg)
{
	struct setup_grow *g = arg;

	if (!msl->external && msl->socket_id == g->socket &&
			(g->page_sz[0] == 0 || msl->page_sz < g->page_sz[0]))
		g->page_sz[0] = msl->page_sz;
	return 0;
}

/* The page size rte_mempool keeps objects within (it needs IOVA-contiguous
 * objects): the smallest hugepage size, else the system page size. */
static uint64_t
setup_page_size(int socket)
{
	struct setup_grow g;

	if (!rte_eal_has_hugepages())
		return (uint64_t)sysconf(_SC_PAGESIZE);
	memset(&g, 0, sizeof(g));
	g.socket = socket;
	rte_memseg_list_walk(setup_min_page, &g);
	return g.page_sz[0] != 0 ? g.page_sz[0] : (uint64_t)sysconf(_SC_PAGESIZE);
}

/* The replay's mbuf pool, whose size follows the largest D. */
static uint64_t
setup_replay_memory(uint64_t d_max, const void *arg)
{
	const struct nblpmd_app *app = arg;

	return nbl_sizing_mempool_memory(
		nblpmd_replay_pool_size(&app->cfg, d_max),
		sizeof(struct rte_mbuf) + RTE_MBUF_DEFAULT_BUF_SIZE, 0,
		sizeof(struct rte_pktmbuf_pool_private),
		setup_page_size((int)rte_socket_id()));
}

static void
setup_objects(const struct nblpmd_app *app, struct nbl_sizing_objects *obj)
{
	const struct nblpmd_config *cfg = &app->cfg;
	unsigned int i;

	memset(obj, 0, sizeof(*obj));
	obj->page_size = setup_page_size((int)rte_socket_id());
	obj->mbuf_data_room = app->mbuf_buf_size;
	obj->nbl_data_size = cfg->rx_copy && cfg->prealloc_nb ?
		RTE_ALIGN_CEIL(cfg->max_frame, RTE_CACHE_LINE_SIZE) : 0;
	for (i = 0; i < app->nb_queues; i++)
		obj->remote |= app->queues[i].remote;
	/* the hold heap (one entry per NBL held, at most D entries) and
	 * the consumer's copy buffer */
	obj->app_per_desc = nblpmd_hold_on(cfg) ?
		sizeof(struct nblpmd_hold_entry) : 0;
	obj->app_per_queue = cfg->max_frame;
	if (app->replay != NULL) {
		obj->app_for_d = setup_replay_memory;
		obj->app_arg = app;
	}
}

/* The largest D of the queues: the replay's pool follows it. */
static uint64_t
setup_d_max(const struct nblpmd_app *app)
{
	uint64_t d = 0;
	unsigned int i;

	for (i = 0; i < app->nb_queues; i++)
		d = RTE_MAX(d, (uint64_t)app->sizing.descriptors[i]);
	return d;
}

#define MIB(b) ((double)(b) / (1024.0 * 1024.0))

/* Options that set a sizing knob, with the parser's largest value. */
static const struct {
	enum nbl_sizing_knob knob;
	const char *option;
	uint64_t max;
} setup_knobs[] = {
	{ NBL_SIZING_KNOB_DESCRIPTORS, "--descriptors", 1u << 24 },
	{ NBL_SIZING_KNOB_MAX_SEGS, "--max-segs", RTE_MBUF_MAX_NB_SEGS },
	{ NBL_SIZING_KNOB_POOL_COUNT, "--pool-size", 1u << 28 },
	{ NBL_SIZING_KNOB_MBUF_COUNT, "--mbufs", 1u << 28 },
};

static uint64_t
setup_knob_given(const struct nblpmd_config *cfg, enum nbl_sizing_knob knob)
{
	switch (knob) {
	case NBL_SIZING_KNOB_DESCRIPTORS:
		return cfg->descriptors;
	case NBL_SIZING_KNOB_MAX_SEGS:
		return cfg->max_segs;
	case NBL_SIZING_KNOB_POOL_COUNT:
		return cfg->pool_size;
	case NBL_SIZING_KNOB_MBUF_COUNT:
		return cfg->mbuf_count;
	}
	return 0;
}

/*
 * Before the pools: refuse (exit 2) sizes the memory EAL has cannot hold,
 * naming each size option given and the largest value of it that fits.
 * The estimate (nbl_sizing_memory) counts what rte_mempool and the queues
 * allocate; a margin of 1/32 of the free memory (at least 8 MiB) is kept
 * for what it cannot see (port queues, allocator fragmentation).
 */
static int
setup_memory_check(struct nblpmd_app *app)
{
	int socket = (int)rte_socket_id();
	struct nbl_sizing_objects obj;
	struct nbl_sizing_memory m;
	uint64_t heap, can_map, avail, usable, margin;
	unsigned int i, named = 0;
	char more[96] = "";
	char replay[48] = "";

	setup_objects(app, &obj);
	if (nbl_sizing_memory(&app->sizing, &obj, &m) != 0)
		return -EINVAL;
	avail = setup_memory_free(socket, &heap, &can_map);
	margin = RTE_MAX(avail / 32, (uint64_t)8 << 20);
	usable = avail > margin ? avail - margin : 0;
	if (can_map != 0)
		snprintf(more, sizeof(more), " (heap %.1f MiB, hugepages it can "
			"still map %.1f MiB)", MIB(heap), MIB(can_map));
	if (app->replay != NULL)
		snprintf(replay, sizeof(replay), ", replay mbuf pool %.1f",
			MIB(m.app));
	printf("Memory: pools and queues take about %.1f MiB (NBL pool %.1f, "
		"NB pool %.1f, buffer descriptors %.1f, mbuf pool %.1f, queues "
		"%.1f%s); EAL has %.1f MiB free on socket %d%s: %s\n\n",
		MIB(m.total), MIB(m.nbl_pool), MIB(m.nb_pool), MIB(m.mdl),
		MIB(m.mbuf_pool), MIB(m.queues), replay, MIB(avail), socket,
		more, m.total <= usable ? "ok" : "TOO LITTLE");
	if (m.total <= usable)
		return 0;
	for (i = 0; i < RTE_DIM(setup_knobs); i++) {
		uint64_t given = setup_knob_given(&app->cfg, setup_knobs[i].knob);
		uint64_t best;
		int ret;

		if (given == 0)
			continue;
		named++;
		ret = nbl_sizing_fit(&app->sizing.in, &obj, setup_knobs[i].knob,
			1, setup_knobs[i].max, usable, &best);
		fprintf(stderr, "nblpmd: %s %" PRIu64 ": the pools and queues "
			"would take about %.1f MiB, more than the %.1f MiB EAL has "
			"free (less a margin of %.1f MiB); ", setup_knobs[i].option,
			given, MIB(m.total), MIB(avail), MIB(margin));
		if (ret == 0)
			fprintf(stderr, "the largest %s that fits is %" PRIu64
				"; give that or less, or give EAL more memory (-m, "
				"--socket-mem)\n", setup_knobs[i].option, best);
		else
			fprintf(stderr, "no %s fits with the other sizes as "
				"given; lower them, or give EAL more memory (-m, "
				"--socket-mem)\n", setup_knobs[i].option);
	}
	if (named == 0)
		fprintf(stderr, "nblpmd: sizing: the pools and queues would take "
			"about %.1f MiB (buffer descriptors %.1f, NBL pool %.1f, "
			"mbuf pool %.1f), more than the %.1f MiB EAL has free "
			"(less a margin of %.1f MiB); lower --rxd, --hold, "
			"--max-frame or --rxq, or give EAL more memory (-m, "
			"--socket-mem)\n", MIB(m.total), MIB(m.mdl),
			MIB(m.nbl_pool), MIB(m.mbuf_pool), MIB(avail),
			MIB(margin));
	return -ENOSPC;
}

int
nblpmd_pools_create(struct nblpmd_app *app)
{
	const struct nblpmd_config *cfg = &app->cfg;
	struct nbl_pool_params params;
	int socket = (int)rte_socket_id();
	int ret;

	ret = setup_memory_check(app);
	if (ret == 0 && app->replay != NULL)
		ret = nblpmd_replay_pool_create(app->replay, setup_d_max(app));
	if (ret != 0)
		return ret;

	app->mbuf_pool = rte_pktmbuf_pool_create(NBLPMD_MBUF_POOL_NAME,
			app->sizing.mbuf_count, cfg->mbuf_cache, 0,
			app->mbuf_buf_size, socket);
	if (app->mbuf_pool == NULL) {
		fprintf(stderr, "nblpmd: mbuf pool of %u mbufs (cache %u): %s; "
			"give EAL more memory (-m) or lower --rxd/--descriptors\n",
			app->sizing.mbuf_count, cfg->mbuf_cache,
			rte_strerror(rte_errno));
		return -rte_errno;
	}

	memset(&params, 0, sizeof(params));
	params.name = NBLPMD_NBL_POOL_NAME;
	params.count = app->sizing.pool_count;
	params.cache_size = cfg->pool_cache;
	/* --net-buffer separate: NBLs without NBs (a plain
	 * NdisAllocateNetBufferList pool), the NBs from their own pool;
	 * --rx-copy needs preallocated NBs (nblpmd_config_check). */
	params.allocate_nb = cfg->prealloc_nb;
	params.context_size = 0;
	params.data_size = cfg->rx_copy && cfg->prealloc_nb ?
		RTE_ALIGN_CEIL(cfg->max_frame, RTE_CACHE_LINE_SIZE) : 0;
	params.tag = NBL_TAG('N', 'b', 'l', 'P');
	params.socket_id = socket;
	params.track_depth = cfg->track_nbls;
	app->nbl_pool = nbl_pool_create(&params);
	if (app->nbl_pool == NULL) {
		int err = rte_errno;

		fprintf(stderr, "nblpmd: NBL pool of %u (--pool-size), cache %u "
			"(--pool-cache), data size %u: %s%s\n", params.count,
			params.cache_size, params.data_size, rte_strerror(err),
			err == EINVAL ? "; the cache must fit the count "
			"(count >= 1.5 x cache), see the log above" : "");
		return -err;
	}
	app->nbl_pool_count = params.count;
	if (cfg->prealloc_nb)
		return 0;

	/* Same count and cache rule as the NBL pool: one NB per NBL. */
	app->nb_pool = nbl_nb_pool_create(NBLPMD_NB_POOL_NAME,
		app->sizing.nb_pool_count, cfg->pool_cache, socket);
	if (app->nb_pool == NULL) {
		int err = rte_errno;

		fprintf(stderr, "nblpmd: --net-buffer separate: NB pool of %u "
			"(--pool-size), cache %u (--pool-cache): %s%s\n",
			app->sizing.nb_pool_count, cfg->pool_cache,
			rte_strerror(err), err == EINVAL ? "; the cache must "
			"fit the count (count >= 1.5 x cache), see the log above" :
			"");
		return -err;
	}
	app->nb_pool_count = app->sizing.nb_pool_count;
	return 0;
}

static int
queue_create(struct nblpmd_app *app, struct nblpmd_queue *q,
		unsigned int idx)
{
	const struct nblpmd_config *cfg = &app->cfg;
	struct nbl_rxq_conf conf;
	uint32_t hold_cap;
	int ret;

	q->descriptors = app->sizing.descriptors[idx];
	memset(&conf, 0, sizeof(conf));
	conf.port_id = q->port_id;
	conf.queue_id = q->queue_id;
	conf.nb_rxd = app->ports[q->port_index].nb_rxd;
	conf.burst = cfg->burst;
	conf.descriptors = q->descriptors;
	conf.max_segs = app->max_segs;
	conf.low_watermark = cfg->low_watermark;
	conf.resources_off = cfg->low_watermark_off;
	conf.max_frame = cfg->max_frame;
	conf.recycle = cfg->recycle;
	conf.copy = cfg->rx_copy;
	conf.check_mbufs = cfg->check_mbufs;
	conf.remote = q->remote;
	conf.ring_size = rte_align32pow2(q->descriptors + 1);
	conf.pool = app->nbl_pool;
	conf.nb_pool = app->nb_pool;
	conf.socket_id = (int)rte_socket_id();
	/* the test-only consumer when a test option asks for it */
	conf.indicate = nblpmd_misuse_on(cfg) ? nblpmd_misuse_indicate :
		nblpmd_indicate;
	conf.indicate_arg = q;
	conf.record_burst_sizes = cfg->record_burst_stats;

	if (cfg->low_watermark > q->descriptors) {
		fprintf(stderr, "nblpmd: --low-watermark %u: above the %u "
			"descriptors of port %u queue %u; give at most %u\n",
			cfg->low_watermark, q->descriptors, q->port_id,
			q->queue_id, q->descriptors);
		return -EINVAL;
	}
	q->copy_buf = rte_malloc("nblpmd_copy", cfg->max_frame, 0);
	if (q->copy_buf == NULL)
		return -ENOMEM;
	/* The hold model keeps what it is given, up to H when --hold is set. */
	hold_cap = cfg->hold_set ? cfg->hold : q->descriptors;
	ret = nblpmd_hold_init(q, hold_cap, &cfg->hold_dist, cfg->hold_seed);
	if (ret != 0)
		return ret;

	snprintf(q->name, sizeof(q->name), "nblpmd_p%uq%u", q->port_id,
		q->queue_id);
	q->rxq = nbl_rxq_create(q->name, &conf);
	if (q->rxq == NULL) {
		int err = rte_errno;

		fprintf(stderr, "nblpmd: port %u queue %u: receive queue of %u "
			"descriptors: %s\n", q->port_id, q->queue_id,
			q->descriptors, rte_strerror(err));
		return -err;
	}
	/* the watermark the queue resolved (auto: D/8; 0: never), for the
	 * reports */
	q->low_watermark = cfg->low_watermark_off ? 0 :
		nbl_rxq_get_conf(q->rxq)->low_watermark;
	return 0;
}

int
nblpmd_queues_create(struct nblpmd_app *app)
{
	unsigned int i;
	int ret;

	for (i = 0; i < app->nb_queues; i++) {
		ret = queue_create(app, &app->queues[i], i);
		if (ret != 0)
			return ret;
		/* the replay tells its misses apart by this queue's polls */
		if (app->queues[i].port_id == app->replay_port)
			nblpmd_replay_watch(app->replay,
				app->queues[i].queue_id, app->queues[i].rxq);
	}
	if (nblpmd_misuse_on(&app->cfg)) {
		ret = nblpmd_misuse_init(app);
		if (ret != 0)
			return ret;
	}
	/* Injected failures start after setup: they model low resources
	 * while running, not a pool that cannot be initialized. */
	if (app->cfg.fail_alloc_pct > 0) {
		if (app->cfg.recycle == NBL_RXQ_RECYCLE_INPLACE)
			fprintf(stderr, "nblpmd: warning: --fail-alloc-pct %g "
				"injects nothing with --recycle inplace: each "
				"queue took its NBLs from the pool at setup and "
				"recycles them in place, so the pool sees no "
				"allocation after setup; use --recycle pool to "
				"allocate on every fill\n",
				app->cfg.fail_alloc_pct);
		ret = nbl_pool_set_fail_pct(app->nbl_pool,
				app->cfg.fail_alloc_pct, app->cfg.fail_seed);
		if (ret != 0) {
			fprintf(stderr, "nblpmd: --fail-alloc-pct %g: %s\n",
				app->cfg.fail_alloc_pct, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/* --record-burst-stats: keep the queue's burst sizes for the reports. */
static void
queue_burst_sizes_keep(struct nblpmd_queue *q)
{
	int n = nbl_rxq_burst_sizes_get(q->rxq, NULL, NULL, 0);

	if (n <= 0)
		return;
	q->burst_sizes = calloc(n, sizeof(uint64_t));
	q->indication_sizes = calloc(n, sizeof(uint64_t));
	if (q->burst_sizes == NULL || q->indication_sizes == NULL) {
		free(q->burst_sizes);
		free(q->indication_sizes);
		q->burst_sizes = NULL;
		q->indication_sizes = NULL;
		return;
	}
	q->nb_sizes = (unsigned int)n;
	nbl_rxq_burst_sizes_get(q->rxq, q->burst_sizes, q->indication_sizes,
		q->nb_sizes);
}

/*
 * After every lcore has returned: stop what an RX lcore did not stop,
 * keep the final counters, free the queues, then audit and free the pool.
 * Returns 0, or -EBUSY when NBLs could not be taken back.
 */
int
nblpmd_teardown_queues(struct nblpmd_app *app)
{
	struct nblpmd_audit *a = &app->audit;
	struct nbl_pool_audit pa;
	uint64_t on_lists = 0;
	unsigned int i;
	int rc = 0;
	int ret;

	if (app->nbl_pool != NULL)
		nbl_pool_set_fail_pct(app->nbl_pool, 0, 0);
	for (i = 0; i < app->nb_queues; i++) {
		struct nblpmd_queue *q = &app->queues[i];

		nblpmd_hold_flush(q);
		if (q->rxq == NULL) {
			/* queue_create failed after these were allocated */
			nblpmd_hold_fini(q);
			rte_free(q->copy_buf);
			q->copy_buf = NULL;
			continue;
		}
		if (!q->stopped) {
			q->stop_ret = nbl_rxq_stop(q->rxq);
			q->stopped = true;
		}
		nbl_rxq_stats_get(q->rxq, &q->final);
		nbl_rxq_hold_summary_get(q->rxq, &q->hold_final);
		nblpmd_timing_keep(q);
		a->double_returns += q->final.double_returns;
		a->foreign_returns += q->final.foreign_returns;
		queue_burst_sizes_keep(q);
		nblpmd_leaks_collect(app, q);
		/* -ENOMEM (a pool-mode refill fell short) leaves nothing
		 * out: only -EBUSY means NBLs are still with the consumer. */
		if (q->stop_ret == -EBUSY)
			fprintf(stderr, "nblpmd: port %u queue %u: %" PRIu64
				" NBLs not back at stop\n", q->port_id,
				q->queue_id, q->final.outstanding);
		ret = nbl_rxq_free(q->rxq);
		if (ret != 0) {
			fprintf(stderr, "nblpmd: port %u queue %u: cannot free the "
				"receive queue: %s\n", q->port_id, q->queue_id,
				strerror(-ret));
			rc = ret;
			/* what is on its free list is not leaked */
			on_lists += nbl_rxq_free_count(q->rxq);
		} else {
			q->rxq = NULL;
		}
		nblpmd_hold_fini(q);
		rte_free(q->copy_buf);
		q->copy_buf = NULL;
	}
	nblpmd_misuse_fini(app);
	if (app->nbl_pool != NULL && nbl_pool_audit(app->nbl_pool, &pa) == 0)
		a->leaked = (uint64_t)pa.held - RTE_MIN(on_lists, pa.held) +
			pa.indicated + pa.other;
	/* Separate NBs: every NB not back in its pool is leaked too. */
	if (app->nb_pool != NULL)
		a->leaked += nbl_nb_pool_in_use(app->nb_pool);
	return rc;
}

void
nblpmd_abandon_leaked(struct nblpmd_app *app)
{
	unsigned int i;

	for (i = 0; i < app->nb_queues; i++) {
		struct nblpmd_queue *q = &app->queues[i];

		nbl_rxq_abandon(q->rxq);
		q->rxq = NULL;
	}
	nbl_pool_abandon(app->misuse_pool);
	app->misuse_pool = NULL;
	nbl_pool_abandon(app->nbl_pool);
	app->nbl_pool = NULL;
}
