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
 * The files, the pacing and the target are checked and made in
 * replay_prepare.c; this file runs the send loop and frees. The summary
 * and the JSON member are in replay_report.c; the threading contract of
 * the counters is in replay_pvt.h.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_pause.h>
#include <rte_ring.h>

#include "replay_pvt.h"

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
 * mbufs offered; a NIC would have dropped them. Missed while the host
 * stalled, they are the host's, not the pool's: while the engine's queue
 * went unpolled, or sent late (late_tsc, 0 on time: the replay catching up
 * after its own stall releases a backlog at once, which a ring just left
 * unpolled cannot take), each over the limit. */
static void
replay_miss(struct nblpmd_replay *rp, uint16_t queue, struct rte_mbuf **m,
		uint16_t n, uint64_t late_tsc)
{
	uint64_t last = nbl_rxq_last_poll_tsc(rp->watch[queue]);

	if ((last != 0 && rte_get_tsc_cycles() - last > rp->unpolled_tsc) ||
			late_tsc > rp->unpolled_tsc)
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
 * found it full and was dropped: its lateness against its deadline, in
 * cycles. */
static inline uint64_t
replay_late(struct nblpmd_replay *rp, uint64_t deadline, uint64_t now)
{
	uint64_t late = cap_pace_account(&rp->pace, deadline, now);

	nbl_hist_record_n(rp->late_hist, late, 1);
	return late;
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
			uint64_t late = deadline == 0 ? 0 :
				replay_late(rp, deadline, rte_get_tsc_cycles());

			replay_miss(rp, queue, m + done, n - done, late);
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
