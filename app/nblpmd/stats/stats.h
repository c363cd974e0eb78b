/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_STATS_H
#define NBLPMD_STATS_H

/**
 * @file
 * The counters the reports read, in one place below them: the
 * application's counter tables and their walks (counters.c), what a
 * port's own counters do not say (port_counters.c), one reading of every
 * counter (snapshot.c), and the host's timing kept past the teardown
 * (timing_keep.c). The periodic display, the final report, the JSON
 * report, telemetry and the timeline (report/) all read counters through
 * here, so they agree; run/ takes the snapshots and keeps the copies.
 *
 * Threading: the tables are constant. A snapshot is taken on the main
 * lcore; nblpmd_port_stats_read() may be called from any thread
 * (telemetry too). The timing copies are made and freed on the main
 * lcore, after the lcores have returned.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "nblpmd_app.h"

/* ------------------------------------------------------- counters.c */

/**
 * The counter table of struct nblpmd_fwd_stats: the names the text
 * report, the JSON report and telemetry give them.
 */
const struct nbl_counter *nblpmd_fwd_counters(unsigned int *nb);

/** The counter table of struct nblpmd_port_stats. */
const struct nbl_counter *nblpmd_port_counters(unsigned int *nb);

/** The counter table of struct nblpmd_lcore_stats. */
const struct nbl_counter *nblpmd_lcore_counters(unsigned int *nb);

/** testpmd's "CPU cycles/packet": busy cycles per packet moved (0: none). */
static inline double
nblpmd_lcore_cycles_per_packet(const struct nblpmd_lcore_stats *s)
{
	return s->packets > 0 ? (double)s->busy_cycles / (double)s->packets : 0;
}

/** The busy share of the loop's cycles, from 0 to 1. */
static inline double
nblpmd_lcore_busy_share(const struct nblpmd_lcore_stats *s)
{
	uint64_t all = s->busy_cycles + s->idle_cycles;

	return all > 0 ? (double)s->busy_cycles / (double)all : 0;
}

/* every report walks the counter tables the same way */

/**
 * Print a table's counters as "name: value" pairs, wrapped, each line
 * starting with indent; an array entry as "name: elem value, ...".
 */
void nblpmd_counters_print(FILE *f, const char *indent,
		const struct nbl_counter *table, unsigned int nb,
		const void *stats, uint8_t skip_flags);

/** Add every counter of src to dst (both structs of the table). */
void nblpmd_counters_add(const struct nbl_counter *table, unsigned int nb,
		void *dst, const void *src);
/**
 * Copy the entries named in names (in that order) to out, which has room
 * for nb_names; a name the table lacks is left out.
 *
 * @return
 *   The number of entries copied.
 */
unsigned int nblpmd_counters_select(const struct nbl_counter *table,
		unsigned int nb, const char * const *names, unsigned int nb_names,
		struct nbl_counter *out);

/* -------------------------------------------------- port_counters.c */

/** After the ports start: open the tap counters, count the internal
 *  port's bytes. */
int nblpmd_port_counters_start(struct nblpmd_app *app);
/**
 * Fill in port index pi's counters what its driver does not count: the
 * internal replay port's bytes, a tap port's kernel drops. Any thread
 * (nblpmd_port_stats_read: snapshots and telemetry).
 */
void nblpmd_port_counters_fill(const struct nblpmd_app *app, unsigned int pi,
		struct nblpmd_port_stats *ps);
/** The skip_flags for port p's counter table walk. */
uint8_t nblpmd_port_counter_skip(const struct nblpmd_port *p);
/** Before the ports close. */
void nblpmd_port_counters_stop(struct nblpmd_app *app);

/* ------------------------------------------------------- snapshot.c */

/** Read every counter now into s (main lcore). */
void nblpmd_snapshot_take(struct nblpmd_app *app, struct nblpmd_snapshot *s);
/** Read port index pi's counters now (rte_eth_stats_get, consumers). */
int nblpmd_port_stats_read(const struct nblpmd_app *app, unsigned int pi,
		struct nblpmd_port_stats *ps);
/** Port index pi's rx_missed from the PMD's imissed: the internal replay
 *  port adds what the replay dropped at its full ring (--replay-full
 *  drop), which net_ring cannot count. The reports and the timeline. */
uint64_t nblpmd_port_rx_missed(const struct nblpmd_app *app, unsigned int pi,
		uint64_t imissed);

/* ---------------------------------------------------- timing_keep.c */

/** At teardown, before the queue and its hold model are freed: keep
 *  copies of its poll-gap and return-lag histograms. */
void nblpmd_timing_keep(struct nblpmd_queue *q);
/** Free what nblpmd_timing_keep() kept. */
void nblpmd_timing_release(struct nblpmd_app *app);

#endif /* NBLPMD_STATS_H */
