/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * What a port's own counters do not say, filled in beside them:
 * - the internal replay port (net_ring) counts packets but no bytes: an RX
 *   callback adds up the bytes its queues return (the queues take every
 *   packet the port returns, so these are their rx_bytes), and its
 *   tx_bytes are what the replay took off its TX ring;
 * - a net_tap port never sees the frames the kernel dropped because the
 *   tap queue was full (the PMD's rx_missed stays 0): the kernel counts
 *   them as the interface's tx_dropped (it transmits into the tap), and
 *   the frames it dropped on their way in from the port as rx_dropped.
 *   Both are read from /sys/class/net/IF/statistics as differences from
 *   the port's start, and reported as kernel_rx_dropped and
 *   kernel_tx_dropped (port counter table entries kept for taps only),
 *   named for the port's direction and the kernel so nobody takes them
 *   for PMD counters.
 *
 * nblpmd_port_stats_read() fills them, for snapshots (main lcore) and
 * telemetry /nblpmd/ports (its thread). The sysfs files stay open (pread
 * at offset 0 reads a fresh value); a lock orders their closing against
 * the readers.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_spinlock.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "replay/replay.h"
#include "stats.h"

static rte_spinlock_t pc_lock = RTE_SPINLOCK_INITIALIZER;

static const char * const pc_sysfs[NBLPMD_KSTAT_MAX] = {
	/* frames the kernel had for this port and dropped (tap queue full) */
	[NBLPMD_KSTAT_RX_DROPPED] = "tx_dropped",
	/* frames this port sent that the kernel dropped on input */
	[NBLPMD_KSTAT_TX_DROPPED] = "rx_dropped",
};

static int
pc_read(int fd, uint64_t *v)
{
	char buf[32];
	ssize_t n;

	if (fd < 0)
		return -EBADF;
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	*v = strtoull(buf, NULL, 10);
	return 0;
}

/* The kernel counter k of a tap port since it started; 0 if unknown. */
static uint64_t
pc_kernel(const struct nblpmd_port *p, unsigned int k)
{
	uint64_t v;

	if (pc_read(p->kstat_fd[k], &v) != 0 || v < p->kstat_base[k])
		return 0;
	return v - p->kstat_base[k];
}

static void
pc_open_tap(struct nblpmd_port *p)
{
	struct rte_eth_dev_info info;
	char path[128];
	unsigned int k;

	for (k = 0; k < NBLPMD_KSTAT_MAX; k++)
		p->kstat_fd[k] = -1;
	if (rte_eth_dev_info_get(p->port_id, &info) != 0 ||
			info.if_index == 0 ||
			if_indextoname(info.if_index, p->ifname) == NULL) {
		p->ifname[0] = '\0';
		printf("Port %u (%s): the kernel interface is unknown: its "
			"drop counters are not reported\n", p->port_id, p->name);
		return;
	}
	for (k = 0; k < NBLPMD_KSTAT_MAX; k++) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s",
			p->ifname, pc_sysfs[k]);
		p->kstat_fd[k] = open(path, O_RDONLY | O_CLOEXEC);
		if (p->kstat_fd[k] < 0 ||
				pc_read(p->kstat_fd[k], &p->kstat_base[k]) != 0) {
			printf("Port %u (%s): cannot read %s: %s\n", p->port_id,
				p->name, path, strerror(errno));
			if (p->kstat_fd[k] >= 0)
				close(p->kstat_fd[k]);
			p->kstat_fd[k] = -1;
		}
	}
}

/* The internal port: bytes of what its RX queues return (RX lcore). */
static uint16_t
pc_count_bytes(uint16_t port_id, uint16_t queue, struct rte_mbuf *pkts[],
		uint16_t nb_pkts, uint16_t max_pkts, void *arg)
{
	struct nblpmd_port *p = arg;
	uint64_t bytes = 0;
	uint16_t i;

	RTE_SET_USED(port_id);
	RTE_SET_USED(queue);
	RTE_SET_USED(max_pkts);
	for (i = 0; i < nb_pkts; i++)
		bytes += pkts[i]->pkt_len;
	if (bytes != 0)
		__atomic_store_n(&p->rx_bytes_counted, p->rx_bytes_counted +
			bytes, __ATOMIC_RELAXED);
	return nb_pkts;
}

uint8_t
nblpmd_port_counter_skip(const struct nblpmd_port *p)
{
	return p->is_tap && p->ifname[0] != '\0' ? 0 : NBLPMD_COUNTER_TAP_ONLY;
}

void
nblpmd_port_counters_fill(const struct nblpmd_app *app, unsigned int pi,
		struct nblpmd_port_stats *ps)
{
	const struct nblpmd_port *p = &app->ports[pi];

	if (p->internal) {
		/* the queues take every packet the port returns: the same
		 * bytes as theirs; what the engine sent back, the replay
		 * took off the port's TX ring */
		ps->rx_bytes = __atomic_load_n(&p->rx_bytes_counted,
			__ATOMIC_RELAXED);
		ps->tx_bytes = nblpmd_replay_tx_sink_bytes(app->replay);
	}
	if (nblpmd_port_counter_skip(p) != 0)
		return;
	rte_spinlock_lock(&pc_lock);
	ps->kernel_rx_dropped = pc_kernel(p, NBLPMD_KSTAT_RX_DROPPED);
	ps->kernel_tx_dropped = pc_kernel(p, NBLPMD_KSTAT_TX_DROPPED);
	rte_spinlock_unlock(&pc_lock);
}

int
nblpmd_port_counters_start(struct nblpmd_app *app)
{
	unsigned int i;
	uint16_t q;

	for (i = 0; i < app->nb_ports; i++) {
		struct nblpmd_port *p = &app->ports[i];

		if (p->is_tap)
			pc_open_tap(p);
		if (!p->internal)
			continue;
		for (q = 0; q < p->nb_rxq && q < NBLPMD_MAX_QUEUES_PER_PORT; q++) {
			p->bytes_cb[q] = rte_eth_add_rx_callback(p->port_id, q,
				pc_count_bytes, p);
			if (p->bytes_cb[q] == NULL) {
				fprintf(stderr, "nblpmd: port %u (%s): RX queue %u: "
					"cannot add the byte counter: %s\n",
					p->port_id, p->name, q,
					rte_strerror(rte_errno));
				return -rte_errno;
			}
		}
	}
	return 0;
}

void
nblpmd_port_counters_stop(struct nblpmd_app *app)
{
	unsigned int i, k;
	uint16_t q;

	rte_spinlock_lock(&pc_lock);
	for (i = 0; i < app->nb_ports; i++) {
		struct nblpmd_port *p = &app->ports[i];

		/* the port is stopped: no lcore runs the callbacks */
		for (q = 0; q < NBLPMD_MAX_QUEUES_PER_PORT; q++) {
			if (p->bytes_cb[q] != NULL &&
					rte_eth_remove_rx_callback(p->port_id, q,
						p->bytes_cb[q]) == 0)
				rte_free((void *)(uintptr_t)p->bytes_cb[q]);
			p->bytes_cb[q] = NULL;
		}
		if (!p->is_tap)
			continue;
		for (k = 0; k < NBLPMD_KSTAT_MAX; k++) {
			if (p->kstat_fd[k] >= 0)
				close(p->kstat_fd[k]);
			p->kstat_fd[k] = -1;
		}
	}
	rte_spinlock_unlock(&pc_lock);
}
