/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The replay prepared (main lcore, after rte_eal_init, before the ports
 * are configured): each --replay file checked and scanned as the replay
 * will read it, the pacing checked against what deadlines reach, the
 * target made (the internal port "nbl_replay" with rte_eth_from_rings over
 * its RX rings (replay_rss.c) and its TX sink ring, or --replay-port P
 * checked), and later the mbuf pool, sized from D. replay.c runs the
 * replay and frees what is made here.
 */

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_ring.h>

#include "cap_arrivals.h"
#include "replay_pvt.h"

/*
 * rte_eth_from_rings() lives in the net_ring driver, which libdpdk's
 * pkg-config file does not link; EAL loads it as a plugin (RTLD_LOCAL).
 * The reference is weak: when the build links librte_net_ring it is used
 * directly, otherwise it is looked up in the loaded plugin at run time.
 */
#pragma weak rte_eth_from_rings
#define REPLAY_NET_RING_SO "librte_net_ring.so.23"

typedef int (*replay_from_rings_t)(const char *name,
		struct rte_ring *const rx_queues[], const unsigned int nb_rx_queues,
		struct rte_ring *const tx_queues[], const unsigned int nb_tx_queues,
		const unsigned int numa_node);

/* The scan's record callback: --fwd capture keeps what will be sent. */
static int
replay_scan_record(const struct cap_record *rec, void *arg)
{
	struct nblpmd_replay *rp = arg;

	if (!rp->keep_records || rec->refusal != CAP_REFUSAL_NONE)
		return 0;
	return nblpmd_records_add(&rp->records, rec->ts_ns, rec->caplen,
		rec->len);
}

const struct nblpmd_records *
nblpmd_replay_records(const struct nblpmd_replay *rp)
{
	return rp != NULL && rp->keep_records ? &rp->records : NULL;
}

static int
replay_check_files(struct nblpmd_replay *rp)
{
	const struct nblpmd_config *cfg = rp->cfg;
	struct cap_open_params op = {
		.max_frame = cfg->max_frame,
		.convert = true,
	};
	char err[CAP_ERR_LEN];
	unsigned int i;
	int rc;

	/* the replay's timestamps are nanoseconds; loops start it again */
	rp->records.ts_div = 1;
	rp->records.wraps = cfg->loop != 1;
	rp->keep_records = cfg->fwd == NBLPMD_FWD_CAPTURE &&
		cfg->replay_port < 0;
	for (i = 0; i < cfg->nb_replay; i++) {
		struct replay_file *f = &rp->files[i];

		snprintf(f->path, sizeof(f->path), "%s", cfg->replay[i]);
		err[0] = '\0';
		/* the scan reads every record once: what cannot be read is
		 * known, counted and reported before anything is sent */
		rc = cap_scan_records(f->path, &op, &f->scan, replay_scan_record,
			rp, err, sizeof(err));
		if (rc == 0) {
			f->r = cap_open(f->path, &op, err, sizeof(err));
			if (f->r == NULL)
				rc = -rte_errno;
		}
		if (rc != 0) {
			/* the library's message starts with the file's name,
			 * which this one gives already */
			const char *why = cap_err_reason(err, f->path);

			if (rc == -ENOTSUP)
				fprintf(stderr, "nblpmd: --replay %s: %s; only "
					"Ethernet captures and the link types "
					"that convert to Ethernet (raw IPv4/IPv6, "
					"Linux cooked SLL/SLL2, BSD loopback) can "
					"be replayed\n", f->path,
					why[0] != '\0' ? why : "link type not supported");
			else if (rc == -EISDIR || rc == -ESPIPE)
				fprintf(stderr, "nblpmd: --replay %s: %s\n",
					f->path, why);
			else
				fprintf(stderr, "nblpmd: --replay %s: %s; give a "
					"readable pcap or pcapng capture\n",
					f->path, why[0] != '\0' ? why :
					strerror(-rc));
			return -EINVAL;
		}
		cap_reader_info(f->r, &f->info);
		rp->nb_files++;
		rp->pass_records += f->scan.counts.records;
		rp->pass_bytes += f->scan.counts.bytes_delivered;
		if (f->scan.last_ts_ns > f->scan.first_ts_ns)
			rp->pass_span_ns += f->scan.last_ts_ns -
				f->scan.first_ts_ns;
		if (f->info.converting)
			printf("Replay %s: link type %s, converted to Ethernet\n",
				f->path, f->info.linktype_name);
		if (f->scan.counts.records == 0)
			printf("Replay %s: empty capture (a file header and no "
				"records)\n", f->path);
		if (f->scan.read_error[0] != '\0')
			printf("Replay %s: warning: libpcap cannot read past this "
				"point: %s; the rest of the file counts as one "
				"refused record (unreadable)\n", f->path,
				f->scan.read_error);
		if (cfg->preload_bytes > 0) {
			rc = replay_preload(f, cfg->preload_bytes);
			if (rc < 0) {
				fprintf(stderr, "nblpmd: --replay %s: read "
					"failed: %s\n", f->path, strerror(-rc));
				return -EINVAL;
			}
			if (rc == 1)
				printf("Replay %s: larger than --preload %" PRIu64
					" bytes, read from the file\n", f->path,
					cfg->preload_bytes);
		}
	}
	return 0;
}

/*
 * The deadlines of every pass must fit what a schedule holds
 * (cap_pace_fit): a pacing too slow for one pass is refused with the rate
 * that fits; a --loop count that takes the deadlines past it with the
 * largest count that fits. --loop 0 runs until stopped: one pass is
 * checked.
 */
static int
replay_check_pace(const struct nblpmd_replay *rp)
{
	const struct nblpmd_config *cfg = rp->cfg;
	struct cap_pace_span span = { 0 };
	char err[512];
	double one, max = (double)CAP_PACE_SPAN_MAX_NS;
	unsigned int i;

	for (i = 0; i < rp->nb_files; i++)
		span.records += rp->files[i].scan.counts.delivered;
	span.bits = rp->pass_bytes * 8;
	span.time_ns = rp->pass_span_ns;
	if (nbl_arrivals_fit(cfg->pace, cfg->pace_rate, &span, err,
			sizeof(err)) != 0) {
		fprintf(stderr, "nblpmd: %s\n", err);
		return -EINVAL;
	}
	one = cap_pace_span_ns(cfg->pace, cfg->pace_rate, &span);
	if (cfg->loop > 1 && one > 0 && one * cfg->loop > max) {
		fprintf(stderr, "nblpmd: --loop %u: %u passes of %.4g s would run "
			"%.4g s, longer than pacing deadlines reach (%.0f s); give "
			"--loop %.0f or less, or --loop 0 (until stopped)\n",
			cfg->loop, cfg->loop, one / 1e9, cfg->loop * one / 1e9,
			max / 1e9, floor(max / one));
		return -EINVAL;
	}
	return 0;
}

unsigned int
nblpmd_replay_pool_size(const struct nblpmd_config *cfg, uint64_t d)
{
	uint64_t nq = cfg->replay_port < 0 ? RTE_MAX(cfg->rxq, 1) : 1;
	uint32_t frame = cfg->max_frame != 0 ? cfg->max_frame :
		CAP_MAX_FRAME_DEFAULT;
	uint64_t segs = (frame + RTE_MBUF_DEFAULT_DATAROOM - 1) /
		RTE_MBUF_DEFAULT_DATAROOM;
	uint64_t n;

	/* the engine pins at most D NBLs' mbufs per queue, each queue's
	 * ring --rxd, the replay a burst: that many packets of the largest
	 * size */
	n = ((d + cfg->rxd) * nq + 2 * REPLAY_BURST) * segs + 64;
	return (unsigned int)RTE_MIN(RTE_MAX(n, (uint64_t)REPLAY_MBUFS_MIN),
		(uint64_t)REPLAY_MBUFS_MAX);
}

int
nblpmd_replay_pool_create(struct nblpmd_replay *rp, uint64_t d)
{
	unsigned int n = nblpmd_replay_pool_size(rp->cfg, d);

	rp->mp = rte_pktmbuf_pool_create("nbl_replay_mp", n, 0, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (rp->mp == NULL) {
		fprintf(stderr, "nblpmd: --replay: cannot create the replay "
			"mbuf pool (%u mbufs): %s\n", n, rte_strerror(rte_errno));
		return -ENOMEM;
	}
	return 0;
}

static replay_from_rings_t
replay_from_rings(void)
{
	void *h;

	if (rte_eth_from_rings != NULL)
		return rte_eth_from_rings;
	h = dlopen(REPLAY_NET_RING_SO, RTLD_NOW | RTLD_NOLOAD);
	if (h == NULL)
		h = dlopen(REPLAY_NET_RING_SO, RTLD_NOW);
	if (h == NULL)
		h = dlopen("librte_net_ring.so", RTLD_NOW);
	if (h == NULL)
		return NULL;
	/* the handle stays open: the driver must outlive the port */
	return (replay_from_rings_t)(uintptr_t)dlsym(h, "rte_eth_from_rings");
}

static int
replay_target(struct nblpmd_replay *rp, uint16_t *internal_port)
{
	const struct nblpmd_config *cfg = rp->cfg;
	int socket = (int)rte_socket_id();
	struct rte_ring *tx_rings[REPLAY_MAX_QUEUES];
	replay_from_rings_t from_rings;
	unsigned int q;
	int ret;

	/* original timestamps travel in the mbuf, so the engine's NBLs and
	 * the capture consumer see them */
	if (rte_mbuf_dyn_rx_timestamp_register(&rp->ts_off, NULL) == 0) {
		int bit = rte_mbuf_dynflag_lookup(
			RTE_MBUF_DYNFLAG_RX_TIMESTAMP_NAME, NULL);

		rp->ts_flag = bit >= 0 ? RTE_BIT64(bit) : 0;
		if (bit < 0)
			rp->ts_off = -1;
	} else {
		rp->ts_off = -1;
	}

	if (cfg->replay_port >= 0) {
		if (!rte_eth_dev_is_valid_port((uint16_t)cfg->replay_port)) {
			uint16_t nb = rte_eth_dev_count_avail();

			if (nb == 0)
				fprintf(stderr, "nblpmd: --replay-port %d: no such "
					"port; the EAL options create no ports "
					"(add --vdev=...)\n", cfg->replay_port);
			else
				fprintf(stderr, "nblpmd: --replay-port %d: no such "
					"port; the EAL options create ports "
					"0..%u\n", cfg->replay_port, nb - 1);
			return -EINVAL;
		}
		rp->port = (uint16_t)cfg->replay_port;
		*internal_port = RTE_MAX_ETHPORTS;
		return 0;
	}

	ret = replay_rss_setup(rp, socket);
	if (ret != 0)
		return ret;
	/* the TX side is a sink the replay thread empties; that thread may
	 * not run for a scheduler time slice, so the ring holds every mbuf
	 * the replay's pool can have (it is made later, its size following
	 * D): what the engine sends back never drops. Every TX queue (one
	 * per RX queue, so no two lcores share one) enqueues on it: it is
	 * multi-producer. */
	rp->tx_ring = rte_ring_create("nbl_replay_tx",
		rte_align32pow2(REPLAY_MBUFS_MAX + 1), socket, 0);
	if (rp->tx_ring == NULL) {
		fprintf(stderr, "nblpmd: --replay: cannot create the internal "
			"port's rings: %s\n", rte_strerror(rte_errno));
		return -ENOMEM;
	}
	from_rings = replay_from_rings();
	if (from_rings == NULL) {
		fprintf(stderr, "nblpmd: --replay: the net_ring driver (%s) is "
			"not available, so the internal port cannot be made; "
			"install it or use --replay-port P\n", REPLAY_NET_RING_SO);
		return -ENOTSUP;
	}
	for (q = 0; q < rp->nb_rx_rings; q++)
		tx_rings[q] = rp->tx_ring;
	ret = from_rings(REPLAY_PORT_NAME, rp->rx_rings, rp->nb_rx_rings,
		tx_rings, rp->nb_rx_rings, (unsigned int)socket);
	if (ret < 0) {
		fprintf(stderr, "nblpmd: --replay: cannot create the internal "
			"port %s: %s\n", REPLAY_PORT_NAME,
			rte_strerror(rte_errno));
		return -ENODEV;
	}
	rp->internal = true;
	rp->drop = cfg->replay_full == NBLPMD_REPLAY_FULL_DROP;
	rp->port = (uint16_t)ret;
	*internal_port = rp->port;
	return 0;
}

int
nblpmd_replay_prepare(const struct nblpmd_config *cfg,
		struct nblpmd_replay **rpp, uint16_t *internal_port)
{
	struct nblpmd_replay *rp;
	int ret;

	*rpp = NULL;
	*internal_port = RTE_MAX_ETHPORTS;
	if (cfg->nb_replay == 0)
		return 0;
	rp = calloc(1, sizeof(*rp));
	if (rp == NULL)
		return -ENOMEM;
	rp->cfg = cfg;
	rp->ts_off = -1;
	rp->tx_max_frame = UINT32_MAX;
	rp->unpolled_tsc = (uint64_t)REPLAY_UNPOLLED_NS * rte_get_tsc_hz() /
		1000000000u;
	rp->late_hist = calloc(1, sizeof(*rp->late_hist));
	if (rp->late_hist == NULL) {
		free(rp);
		return -ENOMEM;
	}
	ret = replay_check_files(rp);
	if (ret == 0)
		ret = replay_check_pace(rp);
	if (ret == 0)
		ret = replay_target(rp, internal_port);
	if (ret != 0) {
		*internal_port = RTE_MAX_ETHPORTS;
		nblpmd_replay_free(rp);
		return ret;
	}
	*rpp = rp;
	return 0;
}

void
nblpmd_replay_watch(struct nblpmd_replay *rp, uint16_t queue,
		const struct nbl_rxq *rxq)
{
	if (rp != NULL && rp->internal && queue < NBLPMD_MAX_QUEUES_PER_PORT)
		rp->watch[queue] = rxq;
}
