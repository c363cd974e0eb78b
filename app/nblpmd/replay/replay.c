/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Capture replay (--replay): read the files with lib/capture, turn each
 * deliverable record into an mbuf and hand it to the target, paced on
 * absolute TSC deadlines (cap_pace_*).
 *
 * Target: by default the internal port "nbl_replay", a net_ring port made
 * with rte_eth_from_rings over rings this file owns, one per --rxq queue;
 * the replay enqueues each record on the ring of the queue RSS gives it
 * (replay_rss.c) and the engine's RX queues dequeue through the real
 * ethdev RX path. With --replay-port P the replay calls rte_eth_tx_burst
 * on a TX queue of P that ports.c added for it alone
 * (cfg->replay_tx_queue).
 *
 * What the engine sends to the internal port (io, macswap) lands on the
 * port's TX ring; the replay takes it off once per burst and, after the
 * last record, until the run ends, and frees it (tx_sink). When the run
 * ends, what is still on the RX ring was sent but never taken by the
 * engine: it is freed and counted as unsent_at_stop, so that
 * sent = taken by the engine + unsent_at_stop.
 *
 * With --replay-full wait (the default) nothing is dropped: when the ring
 * is full (the engine has no free receive descriptors) or TX takes fewer
 * packets than offered, the replay waits and offers them again. With
 * --replay-full drop the internal port behaves as a NIC whose RX ring
 * (--rxd entries) has no room: what does not fit at its deadline is freed
 * and counted missed, and the next packets keep their timing
 * (records = sent + refused + missed). Either way, when the mbuf pool is
 * empty (the engine still holds the replay's mbufs) the replay waits for
 * them to come back. In timed modes a wait shows up as lateness.
 *
 * Memory is bounded: a pool of REPLAY_MBUFS_MIN..REPLAY_MBUFS_MAX mbufs
 * (made after the sizing, its size following D, and counted in the memory
 * estimate: nblpmd_replay_pool_create), a ring of --rxd entries, and one
 * reader per file (loops rewind it).
 * With --preload BYTES a file whose records fit in BYTES is kept as raw
 * records in one malloc'd buffer and looped from memory (replay_preload.c).
 * The summary and the JSON member are in replay_report.c; the threading
 * contract of the counters is in replay_pvt.h.
 */

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_pause.h>
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

/* ------------------------------------------------------------ prepare */

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

/* ------------------------------------------------------------ run */

/* Free what a ring holds; returns how many mbufs that was, and adds
 * their bytes to *bytes when given. */
static uint64_t
replay_ring_empty(struct rte_ring *r, uint64_t *bytes)
{
	struct rte_mbuf *m[REPLAY_BURST];
	uint64_t total = 0;
	unsigned int n, i;

	if (r == NULL)
		return 0;
	while ((n = rte_ring_dequeue_burst(r, (void **)m, RTE_DIM(m),
			NULL)) > 0) {
		if (bytes != NULL)
			for (i = 0; i < n; i++)
				*bytes += m[i]->pkt_len;
		rte_pktmbuf_free_bulk(m, n);
		total += n;
	}
	return total;
}

/* The engine may send to the internal port (io, macswap): the port's TX
 * side is a sink, so its ring never fills and pins no mbufs. */
static void
replay_drain_tx(struct nblpmd_replay *rp)
{
	uint64_t bytes = 0;
	uint64_t n;

	if (rp->tx_ring == NULL || rte_ring_count(rp->tx_ring) == 0)
		return;
	n = replay_ring_empty(rp->tx_ring, &bytes);
	CSTORE(rp, tx_sink, rp->c.tx_sink + n);
	CSTORE(rp, tx_sink_bytes, rp->c.tx_sink_bytes + bytes);
}

static uint16_t
replay_offer(struct nblpmd_replay *rp, uint16_t queue, struct rte_mbuf **m,
		uint16_t n)
{
	if (rp->internal)
		return (uint16_t)rte_ring_enqueue_burst(rp->rx_rings[queue],
			(void **)m, n, NULL);
	return rte_eth_tx_burst(rp->port, rp->cfg->replay_tx_queue, m, n);
}

static void
replay_progress(struct nblpmd_replay *rp, uint64_t now, bool last)
{
	uint64_t hz = rp->pace.hz, done, total;
	double el, rate;

	if (!last && now < rp->progress_next)
		return;
	rp->progress_next = now + (uint64_t)(REPLAY_PROGRESS_EVERY_S * hz);
	if (rp->c.first_tsc == 0)
		return;
	el = (double)(now - rp->c.first_tsc) / (double)hz;
	if (!rp->progress_shown && (last || el < REPLAY_PROGRESS_AFTER_S))
		return;
	rp->progress_shown = true;
	done = rp->c.records;
	rate = el > 0 ? (double)rp->c.sent / el : 0;
	if (rp->cfg->loop == 0) {
		printf("\rReplay: %" PRIu64 " sent, loop %" PRIu64 ", %.0f pps   ",
			rp->c.sent, rp->c.loops + 1, rate);
	} else {
		double left;

		total = rp->pass_records * rp->cfg->loop;
		left = done > 0 && done < total ?
			el * (double)(total - done) / (double)done : 0;
		printf("\rReplay: %" PRIu64 " sent, %.1f%%, %.0f pps, %.0f s left   ",
			rp->c.sent, total > 0 ? 100.0 * (double)done /
			(double)total : 100.0, rate, left);
	}
	if (last)
		printf("\n");
	fflush(stdout);
}

/* --replay-full drop: the queue's ring was full for the last n of the
 * mbufs offered; a NIC would have dropped them. Missed while the engine's
 * queue went unpolled, they are the host's, not the pool's. */
static void
replay_miss(struct nblpmd_replay *rp, uint16_t queue, struct rte_mbuf **m,
		uint16_t n)
{
	uint64_t last = nbl_rxq_last_poll_tsc(rp->watch[queue]);

	if (last != 0 && rte_get_tsc_cycles() - last > rp->unpolled_tsc)
		CSTORE(rp, missed_unpolled, rp->c.missed_unpolled + n);
	rte_pktmbuf_free_bulk(m, n);
	CSTORE(rp, missed, rp->c.missed + n);
	CSTORE(rp, q_missed[queue], rp->c.q_missed[queue] + n);
	CSTORE(rp, records, rp->c.records + n);
	__atomic_store_n(&rp->cur->missed, rp->cur->missed + n,
		__ATOMIC_RELAXED);
	__atomic_store_n(&rp->cur->records, rp->cur->records + n,
		__ATOMIC_RELAXED);
}

/* A timed packet reached the target at now (after any wait for room), or
 * found it full and was dropped: its lateness against its deadline. */
static inline void
replay_late(struct nblpmd_replay *rp, uint64_t deadline, uint64_t now)
{
	nbl_hist_record_n(rp->late_hist,
		cap_pace_account(&rp->pace, deadline, now), 1);
}

/*
 * Hand n mbufs to the target (the internal port: the ring of queue),
 * waiting while it is full (or, with --replay-full drop, dropping what
 * does not fit). Every packet the target takes is sent; on a stop request
 * the rest are freed and counted as abandoned. deadline (timed modes,
 * n == 1) measures lateness.
 */

static int
replay_send(struct nblpmd_replay *rp, struct rte_mbuf **m,
		const bool *converted, uint16_t queue, uint16_t n,
		uint64_t deadline, volatile bool *stop)
{
	uint32_t lens[REPLAY_BURST];
	uint16_t done = 0, k, i;
	bool waited = false;

	for (i = 0; i < n; i++)
		lens[i] = m[i]->pkt_len;
	replay_drain_tx(rp);
	while (done < n) {
		k = replay_offer(rp, queue, m + done, n - done);
		if (k > 0) {
			uint64_t now = rte_get_tsc_cycles();
			uint64_t bytes = 0;

			if (rp->c.first_tsc == 0)
				CSTORE(rp, first_tsc, now);
			CSTORE(rp, last_tsc, now);
			/* what the target took is no longer ours to read:
			 * the lengths were taken above, before the offer */
			for (i = done; i < done + k; i++) {
				bytes += lens[i];
				if (converted[i])
					CSTORE(rp, converted, rp->c.converted + 1);
			}
			CSTORE(rp, sent, rp->c.sent + k);
			CSTORE(rp, sent_bytes, rp->c.sent_bytes + bytes);
			CSTORE(rp, q_sent[queue], rp->c.q_sent[queue] + k);
			CSTORE(rp, records, rp->c.records + k);
			__atomic_store_n(&rp->cur->sent, rp->cur->sent + k,
				__ATOMIC_RELAXED);
			__atomic_store_n(&rp->cur->records,
				rp->cur->records + k, __ATOMIC_RELAXED);
			if (deadline != 0)
				replay_late(rp, deadline, now);
			done += k;
			continue;
		}
		if (rp->drop) {
			if (deadline != 0)
				replay_late(rp, deadline, rte_get_tsc_cycles());
			replay_miss(rp, queue, m + done, n - done);
			return 0;
		}
		if (!waited) {
			waited = true;
			CSTORE(rp, waits, rp->c.waits + 1);
		}
		replay_drain_tx(rp);
		if (*stop) {
			rte_pktmbuf_free_bulk(m + done, n - done);
			CSTORE(rp, abandoned, rp->c.abandoned + (n - done));
			return -EINTR;
		}
		rte_pause();
	}
	return 0;
}

static int
replay_flush(struct nblpmd_replay *rp, volatile bool *stop)
{
	uint16_t start[REPLAY_MAX_QUEUES + 1];
	struct rte_mbuf *m[REPLAY_BURST];
	bool conv[REPLAY_BURST];
	uint16_t n = (uint16_t)rp->nb_pend;
	unsigned int q;
	int ret = 0;

	rp->nb_pend = 0;
	if (n == 0)
		return 0;
	if (rp->nb_rx_rings <= 1)
		return replay_send(rp, rp->pend, rp->pend_converted, 0, n, 0,
			stop);
	/* several queues: each queue's packets in one offer, in order */
	replay_rss_group(rp, rp->pend, rp->pend_converted, rp->pend_queue, n,
		m, conv, start);
	for (q = 0; q < rp->nb_rx_rings; q++) {
		uint16_t k = start[q + 1] - start[q];

		if (k == 0)
			continue;
		if (ret != 0) {
			/* stopped: what the other queues had is never sent */
			rte_pktmbuf_free_bulk(m + start[q], k);
			CSTORE(rp, abandoned, rp->c.abandoned + k);
			continue;
		}
		ret = replay_send(rp, m + start[q], conv + start[q],
			(uint16_t)q, k, 0, stop);
	}
	return ret;
}

/* An mbuf for rec, waiting while the engine still holds the pool's. */
static struct rte_mbuf *
replay_mbuf(struct nblpmd_replay *rp, const struct cap_record *rec,
		volatile bool *stop)
{
	struct rte_mbuf *m;
	bool waited = false;

	for (;;) {
		m = cap_record_to_mbuf(rp->mp, rec);
		if (m != NULL)
			break;
		if (rte_errno != ENOMEM)
			return NULL;
		/* what is pending holds pool mbufs too: send it first */
		if (replay_flush(rp, stop) != 0 || *stop) {
			rte_errno = EINTR;
			return NULL;
		}
		if (!waited) {
			waited = true;
			CSTORE(rp, mbuf_waits, rp->c.mbuf_waits + 1);
		}
		replay_drain_tx(rp);
		rte_pause();
	}
	if (rp->ts_off >= 0) {
		*RTE_MBUF_DYNFIELD(m, rp->ts_off, rte_mbuf_timestamp_t *) =
			rec->ts_ns;
		m->ol_flags |= rp->ts_flag;
	}
	return m;
}

/* One record: refuse, or build, pace and send. 0, or -errno to stop. */
static int
replay_record(struct nblpmd_replay *rp, const struct cap_record *rec,
		volatile bool *stop)
{
	enum cap_refusal why = rec->refusal;
	struct rte_mbuf *m;
	uint64_t deadline;
	uint16_t queue;
	int ret;

	/* a frame the target port cannot send is oversize for it */
	if (why == CAP_REFUSAL_NONE && rec->caplen > rp->tx_max_frame)
		why = CAP_REFUSAL_OVERSIZE;
	if (why != CAP_REFUSAL_NONE) {
		CSTORE(rp, refused[why], rp->c.refused[why] + 1);
		CSTORE(rp, records, rp->c.records + 1);
		__atomic_store_n(&rp->cur->refused, rp->cur->refused + 1,
			__ATOMIC_RELAXED);
		__atomic_store_n(&rp->cur->refused_by[why],
			rp->cur->refused_by[why] + 1, __ATOMIC_RELAXED);
		__atomic_store_n(&rp->cur->records, rp->cur->records + 1,
			__ATOMIC_RELAXED);
		return 0;
	}
	deadline = cap_pace_next(&rp->pace, rec->ts_ns, rec->caplen);
	queue = replay_rss_queue(rp, rec);
	if (rp->pace.mode == CAP_PACE_TOPSPEED) {
		m = replay_mbuf(rp, rec, stop);
		if (m == NULL)
			return -rte_errno;
		rp->pend_queue[rp->nb_pend] = queue;
		rp->pend_converted[rp->nb_pend] = rec->converted;
		rp->pend[rp->nb_pend++] = m;
		if (rp->nb_pend == REPLAY_BURST)
			return replay_flush(rp, stop);
		return 0;
	}
	/* build first (a copy of up to 9 KB), then wait for the deadline */
	m = replay_mbuf(rp, rec, stop);
	if (m == NULL)
		return -rte_errno;
	ret = cap_pace_wait(&rp->pace, deadline, stop);
	if (ret != 0) {
		rte_pktmbuf_free(m);
		CSTORE(rp, abandoned, rp->c.abandoned + 1);
		return ret;
	}
	return replay_send(rp, &m, &rec->converted, queue, 1, deadline, stop);
}

/* The next record of f, from memory or from the file: 1, 0 at the end,
 * -errno. */
static int
replay_next(struct replay_file *f, size_t *off, uint64_t index,
		struct cap_record *rec)
{
	if (f->preload != NULL)
		return replay_preload_next(f, off, index, rec) ? 1 : 0;
	return cap_next(f->r, rec);
}

/* One pass over one file. 0, or -errno to stop (-EINTR: stop request). */
static int
replay_file_play(struct nblpmd_replay *rp, struct replay_file *f,
		volatile bool *stop)
{
	struct cap_record rec;
	size_t off = 0;
	uint64_t n = 0;
	int ret;

	if (f->preload == NULL && f->used) {
		ret = cap_rewind(f->r);
		if (ret != 0) {
			fprintf(stderr, "nblpmd: --replay %s: cannot read it "
				"again for the next loop: %s\n", f->path,
				strerror(-ret));
			return ret;
		}
	}
	f->used = true;
	while ((ret = replay_next(f, &off, n, &rec)) == 1) {
		ret = replay_record(rp, &rec, stop);
		if (ret != 0)
			return ret;
		n++;
		if (rp->progress_shown || (n & 1023) == 0)
			replay_progress(rp, rte_get_tsc_cycles(), false);
		if (*stop)
			return -EINTR;
	}
	if (ret < 0)
		fprintf(stderr, "nblpmd: --replay %s: read failed after %"
			PRIu64 " records: %s\n", f->path, n, strerror(-ret));
	return ret;
}

/*
 * After the last record: keep the internal port's TX side a sink until the
 * run ends (the app sets *stop once every lcore has returned), then take
 * what the engine never took off the RX ring. Nothing else touches the
 * rings by then, so this thread may dequeue from both.
 */
static void
replay_linger(struct nblpmd_replay *rp, volatile bool *stop)
{
	unsigned int q;
	uint64_t n;

	if (!rp->internal)
		return;
	while (!*stop) {
		replay_drain_tx(rp);
		rte_delay_us_sleep(REPLAY_LINGER_US);
	}
	replay_drain_tx(rp);
	for (q = 0; q < rp->nb_rx_rings; q++) {
		n = replay_ring_empty(rp->rx_rings[q], NULL);
		CSTORE(rp, q_unsent[q], rp->c.q_unsent[q] + n);
		CSTORE(rp, unsent_at_stop, rp->c.unsent_at_stop + n);
	}
}

/*
 * Out of a port: the largest frame its TX takes. net_tap refuses, for
 * good, any frame longer than its MTU plus the Ethernet header, CRC and a
 * VLAN tag (and ethdev keeps its MTU at 1500..1504: its largest RX frame
 * is 1522 bytes); a record longer than that is refused as oversize rather
 * than offered forever.
 */
static void
replay_tx_limit(struct nblpmd_replay *rp)
{
	struct rte_eth_dev_info info;
	uint16_t mtu;

	if (rp->internal || rte_eth_dev_info_get(rp->port, &info) != 0 ||
			info.driver_name == NULL ||
			strcmp(info.driver_name, "net_tap") != 0 ||
			rte_eth_dev_get_mtu(rp->port, &mtu) != 0)
		return;
	rp->tx_max_frame = (uint32_t)mtu + RTE_ETHER_HDR_LEN +
		RTE_ETHER_CRC_LEN + RTE_VLAN_HLEN;
	printf("Replay: port %u (net_tap) sends frames of up to %u bytes (MTU "
		"%u); longer records are refused as oversize\n", rp->port,
		rp->tx_max_frame, mtu);
}

int
nblpmd_replay_run(struct nblpmd_replay *rp, volatile bool *stop)
{
	const struct nblpmd_config *cfg = rp->cfg;
	uint64_t pass;
	unsigned int i;
	int ret = 0;

	ret = cap_pace_init(&rp->pace, cfg->pace, cfg->pace_rate,
		rte_get_tsc_hz(), REPLAY_LATE_NS);
	if (ret != 0) {
		fprintf(stderr, "nblpmd: --%s %g: not a usable rate\n",
			cap_pace_mode_name(cfg->pace), cfg->pace_rate);
		return ret;
	}
	replay_tx_limit(rp);
	if (!isatty(STDOUT_FILENO))
		rp->progress_next = UINT64_MAX;
	cap_pace_start(&rp->pace, rte_get_tsc_cycles());

	for (pass = 0; cfg->loop == 0 || pass < cfg->loop; pass++) {
		for (i = 0; i < rp->nb_files; i++) {
			struct replay_file *f = &rp->files[i];

			cap_pace_segment(&rp->pace);
			rp->cur = f;
			ret = replay_file_play(rp, f, stop);
			if (ret == 0)
				ret = replay_flush(rp, stop);
			if (ret != 0)
				goto out;
		}
		CSTORE(rp, loops, rp->c.loops + 1);
		if (*stop)
			goto out;
		/* files without records: one pass is all there is */
		if (rp->pass_records == 0)
			break;
	}
	CSTORE(rp, done, 1);
out:
	if (rp->nb_pend > 0) {
		rte_pktmbuf_free_bulk(rp->pend, rp->nb_pend);
		CSTORE(rp, abandoned, rp->c.abandoned + rp->nb_pend);
		rp->nb_pend = 0;
	}
	if (rp->progress_shown)
		replay_progress(rp, rte_get_tsc_cycles(), true);
	/* a stop request is how a run ends early, not a failure */
	if (ret == -EINTR)
		ret = 0;
	/* on a failure return at once: the app ends the run when it sees it */
	if (ret == 0)
		replay_linger(rp, stop);
	return ret;
}

/* ------------------------------------------------------------ free */

void
nblpmd_replay_free(struct nblpmd_replay *rp)
{
	unsigned int i;

	if (rp == NULL)
		return;
	for (i = 0; i < NBLPMD_MAX_REPLAY; i++) {
		cap_close(rp->files[i].r);
		free(rp->files[i].preload);
	}
	/* the app closed the internal port; the replay thread emptied its
	 * rings at the end of the run unless the replay failed: count what
	 * is left all the same, then free it */
	for (i = 0; i < rp->nb_rx_rings; i++) {
		uint64_t n = replay_ring_empty(rp->rx_rings[i], NULL);

		rp->c.q_unsent[i] += n;
		rp->c.unsent_at_stop += n;
		rte_ring_free(rp->rx_rings[i]);
	}
	rp->c.tx_sink += replay_ring_empty(rp->tx_ring, &rp->c.tx_sink_bytes);
	rte_ring_free(rp->tx_ring);
	rte_mempool_free(rp->mp);
	nblpmd_records_free(&rp->records);
	free(rp->late_hist);
	free(rp);
}
