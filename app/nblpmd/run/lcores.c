/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Lcores: RX queues go round-robin to the worker lcores (the main lcore
 * when there is no worker), the consumer runs on the RX lcore or on
 * --consumer-lcore, and the main lcore shows statistics and decides when
 * the run ends. One loop serves every role.
 *
 * --max-packets: the RX lcores share what is left of the limit
 * (app->rx_budget). A poll asks the port for at most that many
 * (nbl_rxq_poll_max) and takes what it indicated off the budget with one
 * atomic subtraction per burst. One RX lcore therefore stops exactly at
 * the limit; n RX lcores, which may read the same budget at once,
 * overshoot by less than n - 1 bursts. At zero the queues are no longer
 * polled (what the ports hold stays there) and the main lcore ends the
 * run on its next tick.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_pause.h>

#include "cli/cli.h"
#include "consumers/fwd.h"
#include "report/report.h"
#include "run.h"

/* Most NBLs a remote consumer takes from its indication ring per pass. */
#define NBLPMD_CONSUMER_BATCH_BURSTS 4
/* Longest back-off, in rte_pause()s, of an RX lcore whose queues are all
 * stalled (free lists empty: the consumer lcore holds every descriptor).
 * A pause is about 70 TSC cycles on the EPYC the benchmarks ran on, so 8
 * is some 0.2 us: short next to the 128 NBLs a remote consumer takes per
 * pass, so the consumer never waits long for the next indication (64, at
 * about 1.7 us, cut stalls further but left the consumer idle). */
#define NBLPMD_STALL_PAUSES_MAX 8

static void
lcores_list_enabled(char *buf, size_t len)
{
	unsigned int lc;
	size_t off = 0;

	buf[0] = '\0';
	RTE_LCORE_FOREACH(lc) {
		int n = snprintf(buf + off, len - off, "%s%u", off == 0 ? "" : ",",
			lc);

		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
	}
}

int
nblpmd_lcores_plan(struct nblpmd_app *app)
{
	unsigned int rx_lcores[RTE_MAX_LCORE];
	unsigned int nb_rx_lcores = 0;
	unsigned int main_lc = rte_get_main_lcore();
	int cons = app->cfg.consumer_lcore;
	unsigned int lc;
	unsigned int i;

	if (cons >= 0 && !rte_lcore_is_enabled((unsigned int)cons)) {
		char list[256];

		lcores_list_enabled(list, sizeof(list));
		fprintf(stderr, "nblpmd: --consumer-lcore %d: lcore %d is not "
			"enabled; the EAL lcores are %s (EAL option -l)\n", cons,
			cons, list);
		return -EINVAL;
	}
	memset(app->lcores, 0, sizeof(app->lcores));
	RTE_LCORE_FOREACH_WORKER(lc) {
		if ((int)lc != cons)
			rx_lcores[nb_rx_lcores++] = lc;
	}
	if (nb_rx_lcores == 0)
		rx_lcores[nb_rx_lcores++] = main_lc;

	app->lcores[main_lc].used = true;
	app->lcores[main_lc].is_main = true;
	for (i = 0; i < app->nb_queues; i++) {
		struct nblpmd_queue *q = &app->queues[i];
		struct nblpmd_lcore *rx;
		struct nblpmd_lcore *cl;

		q->rx_lcore = rx_lcores[i % nb_rx_lcores];
		q->consumer_lcore = cons >= 0 ? (unsigned int)cons : q->rx_lcore;
		q->remote = q->consumer_lcore != q->rx_lcore;
		rx = &app->lcores[q->rx_lcore];
		cl = &app->lcores[q->consumer_lcore];
		rx->used = true;
		rx->rx[rx->nb_rx++] = (uint16_t)i;
		cl->used = true;
		cl->cons[cl->nb_cons++] = (uint16_t)i;
	}
	app->rx_budget = (int64_t)RTE_MIN(app->cfg.max_packets,
		(uint64_t)INT64_MAX);
	app->nb_consumer_lcores = 0;
	app->nb_used_lcores = 0;
	for (lc = 0; lc < RTE_MAX_LCORE; lc++) {
		if (app->lcores[lc].nb_cons > 0)
			app->nb_consumer_lcores++;
		if (app->lcores[lc].used)
			app->nb_used_lcores++;
	}
	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];

		printf("Port %u queue %u: RX on lcore %u, consumer on lcore %u%s\n",
			q->port_id, q->queue_id, q->rx_lcore, q->consumer_lcore,
			q->remote ? " (remote: SPSC rings)" : "");
	}
	return 0;
}

/* A poll that indicated nothing because the queue has no free descriptor
 * (a fill stall) rather than because the port was empty. */
static inline bool
lcore_stalled(struct nbl_rxq *rxq, uint16_t n)
{
	return n == 0 && nbl_rxq_free_count(rxq) == 0;
}

/* One poll of each RX queue of this lcore within the --max-packets budget,
 * adding what it indicated to *moved. Returns true when every queue polled
 * was stalled. */
static inline bool
lcore_poll_budget(struct nblpmd_app *app, const struct nblpmd_lcore *lc,
		unsigned int *moved)
{
	bool stalled = lc->nb_rx > 0;
	uint16_t i;

	for (i = 0; i < lc->nb_rx; i++) {
		struct nbl_rxq *rxq = app->queues[lc->rx[i]].rxq;
		int64_t left = __atomic_load_n(&app->rx_budget,
			__ATOMIC_RELAXED);
		uint16_t n;

		if (left <= 0)
			return false;
		n = nbl_rxq_poll_max(rxq,
			(uint16_t)RTE_MIN(left, (int64_t)NBL_RXQ_MAX_BURST));
		if (n > 0)
			__atomic_fetch_sub(&app->rx_budget, (int64_t)n,
				__ATOMIC_RELAXED);
		*moved += n;
		stalled &= lcore_stalled(rxq, n);
	}
	return stalled;
}

/* One poll of each RX queue of this lcore, adding what it indicated to
 * *moved; true when every one stalled. */
static inline bool
lcore_poll(struct nblpmd_app *app, const struct nblpmd_lcore *lc,
		unsigned int *moved)
{
	bool stalled = lc->nb_rx > 0;
	uint16_t i;

	for (i = 0; i < lc->nb_rx; i++) {
		struct nbl_rxq *rxq = app->queues[lc->rx[i]].rxq;
		uint16_t n = nbl_rxq_poll(rxq);

		*moved += n;
		stalled &= lcore_stalled(rxq, n);
	}
	return stalled;
}

/*
 * --record-core-cycles: one pass of the loop, from end to end, is busy
 * when it moved packets, idle otherwise. Two TSC reads a pass at most
 * (the pass's own and this one), whatever it moved.
 */
static inline void
lcore_cycles_count(struct nblpmd_lcore_stats *cs, unsigned int moved,
		uint64_t *pass_start)
{
	uint64_t end = rte_rdtsc();

	if (moved > 0) {
		cs->packets += moved;
		cs->busy_cycles += end - *pass_start;
		cs->busy_passes++;
	} else {
		cs->idle_cycles += end - *pass_start;
		cs->idle_passes++;
	}
	*pass_start = end;
}

/*
 * Back off after a poll in which every queue of this lcore stalled: its
 * descriptors are all with a consumer on another lcore, and polling again
 * at once only reads the return ring's indexes, which that lcore is
 * writing, pulling the cache line away from it on every poll. The pause
 * doubles with each stall in a row (1, 2, 4, 8 rte_pause()s) and falls
 * back to none at the first poll that is not a stall. An lcore that also
 * consumes does not back off: its own consumer frees the descriptors.
 */
static inline void
lcore_backoff(unsigned int *pauses, bool stalled)
{
	unsigned int k;

	if (!stalled) {
		*pauses = 0;
		return;
	}
	*pauses = *pauses == 0 ? 1 :
		RTE_MIN(*pauses * 2, (unsigned int)NBLPMD_STALL_PAUSES_MAX);
	for (k = 0; k < *pauses; k++)
		rte_pause();
}

/*
 * The timeline's last row is the run as it ended: the main lcore takes it
 * once every lcore has left its loop (nothing polls, expires or consumes
 * any more), and the others wait for it before their consumers give back
 * what they hold and their queues stop, either of which would turn the
 * row into a cliff (outstanding 0, every descriptor free, the ring
 * drained).
 */
static void
lcore_stop_row(struct nblpmd_app *app, const struct nblpmd_lcore *lc)
{
	if (app->timeline == NULL)
		return;
	__atomic_add_fetch(&app->lcores_out, 1, __ATOMIC_ACQ_REL);
	if (lc->is_main) {
		while (__atomic_load_n(&app->lcores_out, __ATOMIC_ACQUIRE) <
				app->nb_used_lcores)
			rte_pause();
		nblpmd_timeline_stop_row(app, rte_rdtsc());
		__atomic_store_n(&app->stop_row_done, 1, __ATOMIC_RELEASE);
		return;
	}
	while (__atomic_load_n(&app->stop_row_done, __ATOMIC_ACQUIRE) == 0)
		rte_pause();
}

/* Consumer side of the shutdown: give back everything held. */
static void
lcore_consumers_finish(struct nblpmd_app *app, const struct nblpmd_lcore *lc)
{
	uint16_t i;

	for (i = 0; i < lc->nb_cons; i++)
		nblpmd_hold_flush(&app->queues[lc->cons[i]]);
	if (lc->nb_cons > 0)
		__atomic_add_fetch(&app->consumers_done, 1, __ATOMIC_RELEASE);
}

/* RX side of the shutdown: once every consumer is done, stop the queues
 * this lcore owns (nbl_rxq_stop runs on the owner lcore). */
static void
lcore_rx_finish(struct nblpmd_app *app, const struct nblpmd_lcore *lc)
{
	uint16_t i;

	if (lc->nb_rx == 0)
		return;
	while (__atomic_load_n(&app->consumers_done, __ATOMIC_ACQUIRE) <
			app->nb_consumer_lcores)
		rte_pause();
	for (i = 0; i < lc->nb_rx; i++) {
		struct nblpmd_queue *q = &app->queues[lc->rx[i]];

		q->stop_ret = nbl_rxq_stop(q->rxq);
		q->stopped = true;
	}
}

int
nblpmd_lcore_main(void *arg)
{
	struct nblpmd_app *app = arg;
	const struct nblpmd_lcore *lc = &app->lcores[rte_lcore_id()];
	unsigned int batch = (unsigned int)app->cfg.burst *
		NBLPMD_CONSUMER_BATCH_BURSTS;
	uint64_t tick = rte_get_tsc_hz() / 1000;
	uint64_t next_tick = 0;
	bool idle = lc->nb_rx == 0 && lc->nb_cons == 0;
	bool hold = nblpmd_hold_on(&app->cfg);
	bool limited = app->cfg.max_packets != 0;
	/* Back off on stalls only where the consumers are elsewhere. */
	bool backoff = lc->nb_rx > 0 && lc->nb_cons == 0;
	/* --record-core-cycles counts the lcores that move packets */
	struct nblpmd_lcore_stats *cs = app->cfg.record_core_cycles &&
		(lc->nb_rx > 0 || lc->nb_cons > 0) ?
		&app->lcore_cycles[rte_lcore_id()].s : NULL;
	uint64_t pass_start = 0;
	unsigned int pauses = 0;
	uint16_t i;

	if (!lc->used)
		return 0;
	if (cs != NULL)
		pass_start = rte_rdtsc();
	while (!nblpmd_force_quit) {
		unsigned int moved = 0;
		uint64_t now;
		bool stalled;

		if (limited)
			stalled = lcore_poll_budget(app, lc, &moved);
		else
			stalled = lcore_poll(app, lc, &moved);
		if (backoff)
			lcore_backoff(&pauses, stalled);
		now = rte_rdtsc();
		for (i = 0; i < lc->nb_cons; i++) {
			struct nblpmd_queue *q = &app->queues[lc->cons[i]];

			if (q->remote)
				moved += nbl_rxq_consumer_poll(q->rxq, batch);
			if (hold)
				nblpmd_hold_expire(q, now);
		}
		if (lc->is_main && app->timeline != NULL)
			nblpmd_timeline_tick(app, now);
		if (lc->is_main && now >= next_tick) {
			nblpmd_main_tick(app, now);
			next_tick = now + tick;
			if (idle)
				rte_delay_us_sleep(
					nblpmd_timeline_sleep_us(app));
		}
		if (cs != NULL)
			lcore_cycles_count(cs, moved, &pass_start);
	}
	lcore_stop_row(app, lc);
	lcore_consumers_finish(app, lc);
	lcore_rx_finish(app, lc);
	return 0;
}
