/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The application's counter tables (consumer and port counters; the
 * queue and pool tables come from lib/rxq and lib/nbl), and the walk that
 * prints any table in the text report and the periodic display. The JSON
 * report (report_json.c) and telemetry (report_telemetry.c, lib/nbl,
 * lib/rxq) walk the same tables, so a counter has one name everywhere.
 */

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"

#define FWD_COUNTER(f, m) \
	{ .name = #f, .offset = offsetof(struct nblpmd_fwd_stats, f), \
	  .type = NBL_COUNTER_U64, .meaning = m }

static const struct nbl_counter fwd_counter_table[] = {
	FWD_COUNTER(consumed, "NBLs the consumer received"),
	FWD_COUNTER(returned, "NBLs the consumer gave back with "
		"nbl_rxq_return (RESOURCES ones are not)"),
	FWD_COUNTER(resources_seen, "NBLs received with RESOURCES: back to "
		"the queue when the indication returns, never held"),
	FWD_COUNTER(tx_packets, "io, macswap: mbufs rte_eth_tx_burst took"),
	FWD_COUNTER(tx_dropped,
		"io, macswap: mbufs TX did not take (freed)"),
	FWD_COUNTER(tx_copies, "io, macswap: mbufs built by copying "
		"(RESOURCES indications, --rx-copy)"),
	FWD_COUNTER(tx_copy_failures, "io, macswap: copies that found no "
		"free mbuf (counted in tx_dropped too)"),
	FWD_COUNTER(captured, "capture: records written"),
	FWD_COUNTER(capture_errors, "capture: records that could not be "
		"written"),
	FWD_COUNTER(held, "--hold-us: NBLs held now"),
	FWD_COUNTER(held_max, "--hold-us: most NBLs held at once"),
	FWD_COUNTER(hold_expired, "--hold-us: NBLs returned after their hold "
		"time"),
	FWD_COUNTER(hold_evicted, "--hold-us: NBLs returned early to make "
		"room, H (--hold) being held already"),
	FWD_COUNTER(hold_flushed, "--hold-us: NBLs still held when the run "
		"ended, returned then"),
};

const struct nbl_counter *
nblpmd_fwd_counters(unsigned int *nb)
{
	/* A field added to struct nblpmd_fwd_stats needs its table line. */
	RTE_BUILD_BUG_ON(sizeof(struct nblpmd_fwd_stats) !=
		sizeof(uint64_t) * RTE_DIM(fwd_counter_table));
	*nb = RTE_DIM(fwd_counter_table);
	return fwd_counter_table;
}

#define PORT_COUNTER(f, m) \
	{ .name = #f, .offset = offsetof(struct nblpmd_port_stats, f), \
	  .type = NBL_COUNTER_U64, .meaning = m }
#define PORT_COUNTER_TAP(f, m) \
	{ .name = #f, .offset = offsetof(struct nblpmd_port_stats, f), \
	  .type = NBL_COUNTER_U64, .flags = NBLPMD_COUNTER_TAP_ONLY, \
	  .meaning = m }

static const struct nbl_counter port_counter_table[] = {
	PORT_COUNTER(rx_packets, "packets received (ipackets; testpmd "
		"RX-packets)"),
	PORT_COUNTER(rx_bytes, "bytes received (ibytes; RX-bytes)"),
	PORT_COUNTER(rx_missed, "packets the port dropped, no room in its "
		"ring (imissed; RX-missed)"),
	PORT_COUNTER(rx_errors, "erroneous packets received (ierrors; "
		"RX-errors)"),
	PORT_COUNTER(rx_nombuf, "receive mbuf allocation failures "
		"(rx_nombuf; RX-nombuf)"),
	PORT_COUNTER(tx_packets, "packets sent (opackets; TX-packets)"),
	PORT_COUNTER(tx_bytes, "bytes sent (obytes; TX-bytes)"),
	PORT_COUNTER(tx_errors, "packets the driver failed to send (oerrors; "
		"TX-errors)"),
	PORT_COUNTER(tx_dropped, "packets TX did not take, counted by the "
		"consumers that send on the port (TX-dropped)"),
	PORT_COUNTER_TAP(kernel_rx_dropped, "net_tap: frames the kernel had "
		"for the port and dropped, the tap queue being full: the "
		"interface's tx_dropped since the port started (the kernel's "
		"count; the PMD never sees them)"),
	PORT_COUNTER_TAP(kernel_tx_dropped, "net_tap: frames the port sent "
		"that the kernel dropped on input: the interface's rx_dropped "
		"since the port started (the kernel's count)"),
};

const struct nbl_counter *
nblpmd_port_counters(unsigned int *nb)
{
	/* A field added to struct nblpmd_port_stats needs its table line. */
	RTE_BUILD_BUG_ON(sizeof(struct nblpmd_port_stats) !=
		sizeof(uint64_t) * RTE_DIM(port_counter_table));
	*nb = RTE_DIM(port_counter_table);
	return port_counter_table;
}

#define LCORE_COUNTER(f, m) \
	{ .name = #f, .offset = offsetof(struct nblpmd_lcore_stats, f), \
	  .type = NBL_COUNTER_U64, .meaning = m }

static const struct nbl_counter lcore_counter_table[] = {
	LCORE_COUNTER(packets, "--record-core-cycles: NBLs the lcore moved: "
		"indicated by its RX queues, taken by its remote consumers"),
	LCORE_COUNTER(busy_cycles, "--record-core-cycles: TSC cycles of the "
		"loop passes that moved packets"),
	LCORE_COUNTER(idle_cycles, "--record-core-cycles: TSC cycles of the "
		"loop passes that moved none"),
	LCORE_COUNTER(busy_passes, "--record-core-cycles: loop passes that "
		"moved packets"),
	LCORE_COUNTER(idle_passes, "--record-core-cycles: loop passes that "
		"moved none"),
};

const struct nbl_counter *
nblpmd_lcore_counters(unsigned int *nb)
{
	/* A field added to struct nblpmd_lcore_stats needs its table line. */
	RTE_BUILD_BUG_ON(sizeof(struct nblpmd_lcore_stats) !=
		sizeof(uint64_t) * RTE_DIM(lcore_counter_table));
	*nb = RTE_DIM(lcore_counter_table);
	return lcore_counter_table;
}

/* Wrap printed counters before this column. */
#define COUNTERS_WIDTH 78

struct counters_line {
	FILE *f;
	const char *indent;
	unsigned int col;
};

/*
 * Print one item after sep, or at the start of a new line when it would
 * pass COUNTERS_WIDTH. Items of an array (sep ", ") keep the comma at the
 * end of the line and continue two columns further in.
 */
static void
counters_item(struct counters_line *l, const char *sep, const char *item)
{
	bool array = sep[0] == ',';
	int n;

	if (l->col == 0) {
		n = fprintf(l->f, "%s%s", l->indent, item);
	} else if (l->col + strlen(sep) + strlen(item) > COUNTERS_WIDTH) {
		n = fprintf(l->f, "%s\n%s%s%s", array ? "," : "", l->indent,
			array ? "  " : "", item);
		l->col = 0;
		n -= array ? 2 : 1;
	} else {
		n = fprintf(l->f, "%s%s", sep, item);
	}
	l->col += n > 0 ? (unsigned int)n : 0;
}

static void
counters_end_line(struct counters_line *l)
{
	if (l->col != 0)
		fputc('\n', l->f);
	l->col = 0;
}

void
nblpmd_counters_print(FILE *f, const char *indent,
		const struct nbl_counter *table, unsigned int nb,
		const void *stats, uint8_t skip_flags)
{
	struct counters_line l = { .f = f, .indent = indent, .col = 0 };
	char item[96];
	unsigned int i, k;

	for (i = 0; i < nb; i++) {
		const struct nbl_counter *c = &table[i];

		if ((c->flags & skip_flags) != 0)
			continue;
		if (c->nb_elems == 0) {
			if (c->type == NBL_COUNTER_I64)
				snprintf(item, sizeof(item), "%s: %" PRId64,
					c->name, nbl_counter_i64(c, stats, 0));
			else
				snprintf(item, sizeof(item), "%s: %" PRIu64,
					c->name, nbl_counter_u64(c, stats, 0));
			counters_item(&l, "  ", item);
			continue;
		}
		/* An array has lines of its own: "name: elem N, elem N". */
		counters_end_line(&l);
		for (k = 0; k < c->nb_elems; k++) {
			if (k == 0)
				snprintf(item, sizeof(item), "%s: %s %" PRIu64,
					c->name, c->elem_name(k),
					nbl_counter_u64(c, stats, k));
			else
				snprintf(item, sizeof(item), "%s %" PRIu64,
					c->elem_name(k),
					nbl_counter_u64(c, stats, k));
			counters_item(&l, ", ", item);
		}
		counters_end_line(&l);
	}
	counters_end_line(&l);
}

void
nblpmd_counters_add(const struct nbl_counter *table, unsigned int nb,
		void *dst, const void *src)
{
	unsigned int i, k;

	for (i = 0; i < nb; i++) {
		const struct nbl_counter *c = &table[i];
		uint64_t *d = (uint64_t *)((uintptr_t)dst + c->offset);

		/* int64_t adds the same way in two's complement */
		for (k = 0; k < RTE_MAX(c->nb_elems, (uint16_t)1); k++)
			d[k] += nbl_counter_u64(c, src, k);
	}
}

unsigned int
nblpmd_counters_select(const struct nbl_counter *table, unsigned int nb,
		const char * const *names, unsigned int nb_names,
		struct nbl_counter *out)
{
	unsigned int i, n = 0;

	for (i = 0; i < nb_names; i++) {
		const struct nbl_counter *c = nbl_counter_find(table, nb,
			names[i]);

		if (c != NULL)
			out[n++] = *c;
	}
	return n;
}
