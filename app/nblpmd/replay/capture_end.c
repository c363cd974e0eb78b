/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * End of capture: a net_pcap port reading rx_pcap files (without
 * infinite_rx) delivers each file once. Each file is read once at start
 * (cap_scan) to know how many records net_pcap will deliver; the run ends
 * when the queues have taken that many (indicated + refused).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "nblpmd_app.h"

int
nblpmd_capture_scan(struct nblpmd_app *app)
{
	struct cap_open_params params = {
		.max_frame = app->cfg.max_frame,
		.convert = false,
	};
	unsigned int i;
	unsigned int f;

	for (i = 0; i < app->nb_ports; i++) {
		struct nblpmd_port *p = &app->ports[i];

		for (f = 0; f < p->nb_rx_pcap; f++) {
			struct cap_scan_result *r = &p->scan[f];
			char err[CAP_ERR_LEN] = "";
			int ret;

			ret = cap_scan(p->rx_pcap[f], &params, r, err, sizeof(err));
			if (ret == -ENOTSUP) {
				/* net_pcap delivers other link types unconverted;
				 * a converting scan still counts the records. */
				struct cap_open_params conv = params;

				conv.convert = true;
				ret = cap_scan(p->rx_pcap[f], &conv, r, err,
						sizeof(err));
			}
			if (ret == -ENODATA) {
				memset(r, 0, sizeof(*r));
				p->scan_ok[f] = true;
				printf("Capture %s: %s\n", p->rx_pcap[f], err);
				continue;
			}
			if (ret == -ENOTSUP) {
				printf("Capture %s: %s; its record count is unknown, "
					"so the run does not end with it: give "
					"--duration\n", p->rx_pcap[f], err);
				continue;
			}
			if (ret != 0) {
				fprintf(stderr, "nblpmd: port %u (%s): rx_pcap=%s: %s\n",
					p->port_id, p->name, p->rx_pcap[f],
					err[0] != '\0' ? err : strerror(-ret));
				return ret;
			}
			p->scan_ok[f] = true;
			printf("Capture %s: %s, link type %s, %" PRIu64
				" records, %" PRIu64 " delivered by net_pcap%s\n",
				p->rx_pcap[f], cap_format_name(r->info.format),
				r->info.linktype_name, r->counts.records,
				r->netpcap_records,
				p->infinite_rx ? " (infinite_rx: looped)" : "");
			if (r->netpcap_over_65535 != 0)
				printf("Capture %s: warning: %" PRIu64 " records "
					"over 65535 bytes: net_pcap delivers them as "
					"broken mbufs, which the queue refuses; "
					"--replay refuses them before they are "
					"sent\n", p->rx_pcap[f],
					r->netpcap_over_65535);
			if (r->netpcap_caplen_over_len != 0)
				printf("Capture %s: warning: %" PRIu64 " records "
					"whose captured length exceeds the original "
					"length: net_pcap delivers them as captured "
					"and they are counted as delivered; --replay "
					"refuses them (caplen_over_len)\n",
					p->rx_pcap[f], r->netpcap_caplen_over_len);
		}
	}
	return 0;
}

static bool
capture_finite(const struct nblpmd_queue *q)
{
	return q->finite;
}

static uint64_t
capture_taken(const struct nblpmd_snapshot *s, unsigned int i)
{
	return s->q[i].indicated + s->q[i].refused_total;
}

bool
nblpmd_capture_done(struct nblpmd_app *app, const struct nblpmd_snapshot *s)
{
	unsigned int i;

	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];

		if (!capture_finite(q))
			continue;
		if (capture_taken(s, i) < q->pcap_expected)
			return false;
		/* A remote consumer may still have chains in its ring. */
		if (s->fs[i].consumed < s->q[i].indicated)
			return false;
	}
	return true;
}

void
nblpmd_capture_untaken(const struct nblpmd_app *app,
		const struct nblpmd_snapshot *s, unsigned int i, uint64_t *lost,
		uint64_t *unread)
{
	const struct nblpmd_queue *q = &app->queues[i];
	uint64_t taken = capture_taken(s, i);
	uint64_t owed = 0;

	if (capture_finite(q) && taken < q->pcap_expected)
		owed = q->pcap_expected - taken;
	*lost = app->source_idle ? owed : 0;
	*unread = app->source_idle ? 0 : owed;
}

uint64_t
nblpmd_capture_shortfall(const struct nblpmd_app *app,
		const struct nblpmd_snapshot *s)
{
	uint64_t lost = 0;
	unsigned int i;

	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		uint64_t taken = capture_taken(s, i);

		if (capture_finite(q) && taken < q->pcap_expected)
			lost += q->pcap_expected - taken;
	}
	return lost;
}
