/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Ports: every ethdev the EAL options created. Discovery reads each
 * port's driver and devargs (net_pcap rx_pcap files, infinite_rx);
 * configure sets the queue counts and ring sizes the sizing rule needs;
 * start sets up the queues with the mbuf pool the rule sized.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_ethdev.h>
#include <rte_kvargs.h>
#include <rte_mbuf.h>

#include "consumers/fwd.h"
#include "replay/replay.h"
#include "run.h"
#include "stats/stats.h"

static int
ports_kv_rx_pcap(const char *key, const char *value, void *arg)
{
	struct nblpmd_port *p = arg;

	RTE_SET_USED(key);
	if (p->nb_rx_pcap >= NBLPMD_MAX_QUEUES_PER_PORT) {
		p->nb_rx_pcap_over++;
		return 0;
	}
	snprintf(p->rx_pcap[p->nb_rx_pcap], NBLPMD_PATH_MAX, "%s", value);
	p->nb_rx_pcap++;
	return 0;
}

static int
ports_kv_infinite(const char *key, const char *value, void *arg)
{
	struct nblpmd_port *p = arg;

	RTE_SET_USED(key);
	p->infinite_rx = value != NULL && strcmp(value, "0") != 0;
	return 0;
}

/* net_pcap devargs: rx_pcap=FILE (one per RX queue), infinite_rx=0|1. */
static void
ports_parse_devargs(struct nblpmd_port *p, const struct rte_device *dev)
{
	const struct rte_devargs *da;
	struct rte_kvargs *kv;

	if (dev == NULL)
		return;
	da = rte_dev_devargs(dev);
	if (da == NULL || da->args == NULL || da->args[0] == '\0')
		return;
	kv = rte_kvargs_parse(da->args, NULL);
	if (kv == NULL)
		return;
	rte_kvargs_process(kv, "rx_pcap", ports_kv_rx_pcap, p);
	rte_kvargs_process(kv, "infinite_rx", ports_kv_infinite, p);
	p->rx_live = rte_kvargs_count(kv, "rx_iface") != 0 ||
		rte_kvargs_count(kv, "rx_iface_in") != 0 ||
		rte_kvargs_count(kv, "iface") != 0;
	rte_kvargs_free(kv);
}

int
nblpmd_ports_discover(struct nblpmd_app *app)
{
	uint16_t pid;

	RTE_ETH_FOREACH_DEV(pid) {
		struct rte_eth_dev_info info;
		struct nblpmd_port *p;
		int ret;

		if (app->nb_ports == NBLPMD_MAX_PORTS) {
			fprintf(stderr, "nblpmd: more than %d ports; remove some "
				"--vdev or devices\n", NBLPMD_MAX_PORTS);
			return -E2BIG;
		}
		p = &app->ports[app->nb_ports];
		memset(p, 0, sizeof(*p));
		p->port_id = pid;
		p->kstat_fd[NBLPMD_KSTAT_RX_DROPPED] = -1;
		p->kstat_fd[NBLPMD_KSTAT_TX_DROPPED] = -1;
		ret = rte_eth_dev_info_get(pid, &info);
		if (ret != 0) {
			fprintf(stderr, "nblpmd: port %u: cannot read device info: "
				"%s\n", pid, strerror(-ret));
			return ret;
		}
		rte_eth_dev_get_name_by_port(pid, p->name);
		snprintf(p->driver, sizeof(p->driver), "%s",
			info.driver_name != NULL ? info.driver_name : "?");
		p->is_pcap = strcmp(p->driver, "net_pcap") == 0;
		p->is_tap = strcmp(p->driver, "net_tap") == 0;
		p->internal = pid == app->replay_port;
		if (p->is_pcap)
			ports_parse_devargs(p, info.device);
		app->nb_ports++;
	}
	if (app->nb_ports == 0) {
		fprintf(stderr, "nblpmd: no ports: the EAL options created no "
			"ethdev; add a device before --, e.g. "
			"--vdev=net_pcap0,rx_pcap=FILE, --vdev=net_null0 or "
			"--vdev=net_tap0 (or bind a NIC to a DPDK driver)\n");
		return -ENODEV;
	}
	return 0;
}

/* MTU for --max-frame when the device allows it; else the default. */
static void
ports_rx_conf(const struct nblpmd_app *app,
		const struct rte_eth_dev_info *info, struct rte_eth_conf *conf)
{
	uint32_t overhead = RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN;
	uint32_t mtu;

	memset(conf, 0, sizeof(*conf));
	if (app->cfg.max_frame <= RTE_ETHER_MAX_LEN)
		return;
	mtu = app->cfg.max_frame - overhead;
	if (mtu >= info->min_mtu && mtu <= info->max_mtu &&
			app->cfg.max_frame <= info->max_rx_pktlen)
		conf->rxmode.mtu = mtu;
	if ((info->rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER) != 0)
		conf->rxmode.offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
}

/*
 * RX queues of a port: --rxq (1), except a net_pcap port with several
 * rx_pcap files, which gets one queue per file: net_pcap reads file q on
 * RX queue q only, so a file without a queue would never be read.
 */
static int
ports_rx_queues(const struct nblpmd_config *cfg, struct nblpmd_port *p,
		const struct rte_eth_dev_info *info)
{
	uint16_t want = cfg->rxq;
	unsigned int f;

	if (p->nb_rx_pcap_over > 0) {
		fprintf(stderr, "nblpmd: port %u (%s): %u rx_pcap files; a port "
			"reads at most %d (one RX queue each), so the last %u "
			"would be ignored; spread them over several net_pcap "
			"ports\n", p->port_id, p->name,
			p->nb_rx_pcap + p->nb_rx_pcap_over,
			NBLPMD_MAX_QUEUES_PER_PORT, p->nb_rx_pcap_over);
		return -EINVAL;
	}
	if (p->is_pcap && p->nb_rx_pcap > 1) {
		if (cfg->rxq_set && cfg->rxq < p->nb_rx_pcap) {
			fprintf(stderr, "nblpmd: --rxq %u: port %u (%s) has %u "
				"rx_pcap files and reads file N on RX queue N, so "
				"these would be ignored:", cfg->rxq, p->port_id,
				p->name, p->nb_rx_pcap);
			for (f = cfg->rxq; f < p->nb_rx_pcap; f++)
				fprintf(stderr, " %s", p->rx_pcap[f]);
			fprintf(stderr, "; give --rxq %u (or leave --rxq out)\n",
				p->nb_rx_pcap);
			return -EINVAL;
		}
		want = (uint16_t)p->nb_rx_pcap;
	}
	p->nb_rxq = RTE_MIN(want, info->max_rx_queues);
	if (p->nb_rxq == 0) {
		fprintf(stderr, "nblpmd: port %u (%s): the device has no RX "
			"queue; give it an input (net_pcap: rx_pcap=FILE "
			"or rx_iface=IF)\n", p->port_id, p->name);
		return -EINVAL;
	}
	if (p->nb_rxq < want)
		printf("Port %u (%s): %u RX queue(s), the device offers no "
			"more than that (--rxq %u)\n", p->port_id, p->name,
			p->nb_rxq, want);
	if (p->nb_rxq > cfg->rxq)
		printf("Port %u (%s): %u RX queues, one per rx_pcap file\n",
			p->port_id, p->name, p->nb_rxq);
	return 0;
}

/*
 * TX queues of a port: one for each RX queue of the port that sends to it
 * (its peer), so no two consumers share one, as many as the device has;
 * with --replay-port one more, used by the replay only.
 */
static int
ports_tx_queues(struct nblpmd_app *app, struct nblpmd_port *p,
		const struct rte_eth_dev_info *info)
{
	const struct nblpmd_config *cfg = &app->cfg;
	bool fwd_tx = cfg->fwd == NBLPMD_FWD_IO || cfg->fwd == NBLPMD_FWD_MACSWAP;
	uint16_t fwd = RTE_MIN(app->ports[p->peer].nb_rxq, info->max_tx_queues);

	p->nb_txq_fwd = fwd;
	p->nb_txq = fwd;
	if (cfg->replay_port < 0 || p->port_id != (uint16_t)cfg->replay_port)
		return 0;
	if (info->max_tx_queues == 0 ||
			(fwd_tx && info->max_tx_queues < 2)) {
		fprintf(stderr, "nblpmd: --replay-port %u (%s): the device has %u "
			"TX queue(s) and --fwd %s sends on %s, so the replay has "
			"no TX queue of its own; give a port with one more TX "
			"queue (net_pcap: a second tx_pcap=FILE), or --fwd "
			"rxonly\n", p->port_id, p->name, info->max_tx_queues,
			app->fwd->name, info->max_tx_queues == 0 ? "none" :
			"it");
		return -EINVAL;
	}
	if (fwd + 1 > info->max_tx_queues)
		fwd = info->max_tx_queues - 1;
	p->nb_txq_fwd = fwd;
	p->nb_txq = fwd + 1;
	app->cfg.replay_tx_queue = fwd;
	printf("Port %u (%s): TX queue %u is the replay's own (--replay-port)\n",
		p->port_id, p->name, fwd);
	return 0;
}

/*
 * net_tap wants as many RX as TX queues (each queue pair is one file
 * descriptor of the tap interface). The smaller count is raised. An extra
 * RX queue is polled like any other: the kernel spreads what it sends to
 * the interface over every queue, so a queue nobody read would hold
 * frames until the kernel dropped them, and it pins mbufs (up to 1023, as
 * every tap queue: the sizing rule counts them per queue).
 */
static int
ports_equal_queues(struct nblpmd_port *p, const struct rte_eth_dev_info *info)
{
	uint16_t n = RTE_MAX(p->nb_rxq, p->nb_txq);

	if (!p->is_tap || p->nb_rxq == p->nb_txq)
		return 0;
	if (n > info->max_rx_queues || n > info->max_tx_queues) {
		fprintf(stderr, "nblpmd: port %u (%s): %u RX and %u TX queues; "
			"net_tap needs as many of each and offers at most %u; "
			"lower --rxq\n", p->port_id, p->name, p->nb_rxq,
			p->nb_txq, RTE_MIN(info->max_rx_queues,
			info->max_tx_queues));
		return -EINVAL;
	}
	printf("Port %u (%s): %u RX and %u TX queues: net_tap needs as many "
		"of each, and every RX queue is polled\n", p->port_id, p->name,
		n, n);
	p->nb_rxq = n;
	p->nb_txq = n;
	return 0;
}

int
nblpmd_ports_configure(struct nblpmd_app *app)
{
	const struct nblpmd_config *cfg = &app->cfg;
	struct rte_eth_dev_info info;
	unsigned int i;
	int ret;

	/* Ports pair up 0-1, 2-3, ...; an odd last port sends to itself. */
	for (i = 0; i < app->nb_ports; i++) {
		unsigned int peer = i ^ 1;

		app->ports[i].peer = peer < app->nb_ports ? (uint16_t)peer :
			(uint16_t)i;
	}
	for (i = 0; i < app->nb_ports; i++) {
		ret = rte_eth_dev_info_get(app->ports[i].port_id, &info);
		if (ret == 0)
			ret = ports_rx_queues(cfg, &app->ports[i], &info);
		if (ret != 0)
			return ret;
	}
	for (i = 0; i < app->nb_ports; i++) {
		struct nblpmd_port *p = &app->ports[i];
		struct rte_eth_conf conf;
		uint16_t rxd = cfg->rxd;
		uint16_t txd = cfg->txd;

		ret = rte_eth_dev_info_get(p->port_id, &info);
		if (ret == 0)
			ret = ports_tx_queues(app, p, &info);
		if (ret == 0)
			ret = ports_equal_queues(p, &info);
		if (ret != 0)
			return ret;
		ports_rx_conf(app, &info, &conf);
		ret = rte_eth_dev_configure(p->port_id, p->nb_rxq, p->nb_txq,
				&conf);
		if (ret != 0) {
			fprintf(stderr, "nblpmd: port %u (%s): cannot configure %u "
				"RX and %u TX queues: %s\n", p->port_id, p->name,
				p->nb_rxq, p->nb_txq, strerror(-ret));
			return ret;
		}
		p->configured = true;
		ret = rte_eth_dev_adjust_nb_rx_tx_desc(p->port_id, &rxd, &txd);
		if (ret != 0) {
			fprintf(stderr, "nblpmd: port %u (%s): cannot adjust the "
				"ring sizes %u/%u: %s\n", p->port_id, p->name,
				cfg->rxd, cfg->txd, strerror(-ret));
			return ret;
		}
		if (rxd != cfg->rxd || txd != cfg->txd)
			printf("Port %u (%s): ring sizes adjusted by the driver: "
				"rxd %u, txd %u\n", p->port_id, p->name, rxd, txd);
		p->nb_rxd = rxd;
		p->nb_txd = p->nb_txq > 0 ? txd : 0;
	}
	return 0;
}

int
nblpmd_ports_start(struct nblpmd_app *app)
{
	unsigned int i;
	uint16_t q;

	for (i = 0; i < app->nb_ports; i++) {
		struct nblpmd_port *p = &app->ports[i];
		int socket = rte_eth_dev_socket_id(p->port_id);
		int ret;

		if (socket < 0)
			socket = (int)rte_socket_id();
		for (q = 0; q < p->nb_rxq; q++) {
			ret = rte_eth_rx_queue_setup(p->port_id, q, p->nb_rxd,
					socket, NULL, app->mbuf_pool);
			if (ret != 0) {
				fprintf(stderr, "nblpmd: port %u (%s): RX queue %u "
					"setup failed: %s\n", p->port_id, p->name,
					q, strerror(-ret));
				return ret;
			}
		}
		/* rx_pcap files: the queue refuses what the pre-scan
		 * refused (replay/replay.h) */
		for (q = 0; q < p->nb_rxq && q < p->nb_rx_pcap; q++) {
			if (p->capfile[q] == NULL)
				continue;
			ret = nblpmd_capfile_attach(p->capfile[q], p->port_id,
					q);
			if (ret != 0) {
				fprintf(stderr, "nblpmd: port %u (%s): RX queue %u: "
					"cannot add the rx_pcap callback: %s\n",
					p->port_id, p->name, q, strerror(-ret));
				return ret;
			}
		}
		for (q = 0; q < p->nb_txq; q++) {
			ret = rte_eth_tx_queue_setup(p->port_id, q, p->nb_txd,
					socket, NULL);
			if (ret != 0) {
				fprintf(stderr, "nblpmd: port %u (%s): TX queue %u "
					"setup failed: %s\n", p->port_id, p->name,
					q, strerror(-ret));
				return ret;
			}
		}
		ret = rte_eth_dev_start(p->port_id);
		if (ret != 0) {
			fprintf(stderr, "nblpmd: port %u (%s): start failed: %s\n",
				p->port_id, p->name, strerror(-ret));
			return ret;
		}
		p->started = true;
		ret = rte_eth_promiscuous_enable(p->port_id);
		if (ret != 0 && ret != -ENOTSUP)
			printf("Port %u (%s): promiscuous mode not set: %s\n",
				p->port_id, p->name, strerror(-ret));
		if (p->is_tap) {
			ret = rte_eth_dev_set_link_up(p->port_id);
			if (ret != 0)
				printf("Port %u (%s): link up failed: %s\n",
					p->port_id, p->name, strerror(-ret));
		}
	}
	return nblpmd_port_counters_start(app);
}

void
nblpmd_ports_close(struct nblpmd_app *app)
{
	unsigned int i;
	int ret;

	for (i = 0; i < app->nb_ports; i++) {
		struct nblpmd_port *p = &app->ports[i];

		if (p->started) {
			ret = rte_eth_dev_stop(p->port_id);
			if (ret != 0)
				printf("Port %u (%s): stop failed: %s\n",
					p->port_id, p->name, strerror(-ret));
			p->started = false;
		}
	}
	/* no lcore polls any more: the RX callbacks can go */
	nblpmd_capture_release(app);
	nblpmd_port_counters_stop(app);
	for (i = 0; i < app->nb_ports; i++) {
		struct nblpmd_port *p = &app->ports[i];

		ret = rte_eth_dev_close(p->port_id);
		if (ret != 0)
			printf("Port %u (%s): close failed: %s\n", p->port_id,
				p->name, strerror(-ret));
		p->configured = false;
	}
}
