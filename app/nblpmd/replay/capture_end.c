/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * net_pcap rx_pcap files: checked before EAL makes the port (so the
 * message names the file and carries libpcap's reason), read once at
 * start (nblpmd_capfile_scan) to know every record in order, and the end
 * of the run: a file read once (without infinite_rx) is done when its
 * queue has taken every record net_pcap returns.
 *
 * One verdict per file, whichever path reads it (net_pcap or --replay):
 * a link type other than Ethernet is refused here (--replay converts the
 * ones it can), a header without records is an empty capture, the
 * records the pre-scan refuses are refused on the queue too
 * (capture_file.c), and a truncated or unreadable rest of the file counts
 * as one refused record. Every record is delivered, refused, lost or
 * unread (nblpmd_capture_figures).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>

#include "replay.h"

/* DLT_EN10MB */
#define CAPTURE_LINKTYPE_ETHERNET 1

/*
 * A file net_pcap would read with another link type: it delivers the
 * records as they are, as if they were Ethernet frames. Refused.
 */
static void
capture_linktype_refusal(const char *vdev, const char *file,
		const struct cap_info *info, const char *err)
{
	if (info != NULL)
		fprintf(stderr, "nblpmd: --vdev %s: %s: link type %s "
			"(%d) is not Ethernet, and net_pcap would deliver its "
			"records unconverted as Ethernet frames; replay the file "
			"with --replay %s instead, which converts raw IP, Linux "
			"cooked (SLL/SLL2) and BSD loopback captures to "
			"Ethernet\n", vdev, file, info->linktype_name,
			info->linktype, file);
	else
		fprintf(stderr, "nblpmd: --vdev %s: %s; net_pcap reads "
			"Ethernet captures only (--replay converts raw IP, Linux "
			"cooked SLL/SLL2 and BSD loopback captures, and refuses "
			"this link type too)\n", vdev, strstr(vdev, file) != NULL ?
			cap_err_reason(err, file) : err);
}

int
nblpmd_capture_precheck(const char *vdev, const char *file)
{
	struct cap_open_params op = { .convert = true };
	char err[CAP_ERR_LEN] = "";
	struct cap_reader *r;
	struct cap_info info;
	int ret;

	/* libpcap opens it as net_pcap will: its reason goes in the message */
	r = cap_open(file, &op, err, sizeof(err));
	if (r == NULL) {
		ret = rte_errno;
		if (ret == ENOTSUP)
			capture_linktype_refusal(vdev, file, NULL, err);
		else
			fprintf(stderr, "nblpmd: --vdev %s: %s; give a pcap or "
				"pcapng capture in rx_pcap=\n", vdev,
				err[0] != '\0' ? cap_err_reason(err, file) :
				strerror(ret));
		return -ret;
	}
	cap_reader_info(r, &info);
	cap_close(r);
	if (info.linktype != CAPTURE_LINKTYPE_ETHERNET) {
		capture_linktype_refusal(vdev, file, &info, NULL);
		return -ENOTSUP;
	}
	return 0;
}

static void
capture_scan_print(const struct nblpmd_port *p, unsigned int f)
{
	const struct cap_scan_result *r = &p->scan[f];
	uint64_t refused = r->counts.records - r->counts.delivered;
	const char *sep = " (";
	unsigned int i;

	printf("Capture %s: %s, link type %s, %" PRIu64 " records: %" PRIu64
		" to deliver, %" PRIu64 " refused", p->rx_pcap[f],
		cap_format_name(r->info.format), r->info.linktype_name,
		r->counts.records, r->counts.delivered, refused);
	for (i = 1; i < CAP_REFUSAL_MAX; i++)
		if (r->counts.refused[i] != 0) {
			printf("%s%s %" PRIu64, sep,
				cap_refusal_name((enum cap_refusal)i),
				r->counts.refused[i]);
			sep = ", ";
		}
	printf("%s%s\n", refused != 0 ? ")" : "",
		p->infinite_rx ? " (infinite_rx: looped)" : "");
	if (r->counts.records == 0)
		printf("Capture %s: empty capture (a file header and no "
			"records)\n", p->rx_pcap[f]);
	if (r->read_error[0] != '\0')
		printf("Capture %s: warning: libpcap cannot read past this "
			"point: %s; the rest of the file counts as one refused "
			"record (unreadable)\n", p->rx_pcap[f], r->read_error);
}

int
nblpmd_capture_scan(struct nblpmd_app *app)
{
	bool keep = app->cfg.fwd == NBLPMD_FWD_CAPTURE;
	unsigned int i;
	unsigned int f;

	for (i = 0; i < app->nb_ports; i++) {
		struct nblpmd_port *p = &app->ports[i];

		for (f = 0; f < p->nb_rx_pcap; f++) {
			char err[CAP_ERR_LEN] = "";
			char vdev[RTE_ETH_NAME_MAX_LEN + 16];
			int ret;

			snprintf(vdev, sizeof(vdev), "%s", p->name);
			ret = nblpmd_capfile_scan(p->rx_pcap[f],
				app->cfg.max_frame, p->infinite_rx, keep,
				&p->scan[f], &p->capfile[f], err, sizeof(err));
			if (ret == -ENOTSUP) {
				capture_linktype_refusal(vdev, p->rx_pcap[f], NULL,
					err);
				return ret;
			}
			if (ret != 0) {
				fprintf(stderr, "nblpmd: port %u (%s): rx_pcap=%s: "
					"%s\n", p->port_id, p->name, p->rx_pcap[f],
					err[0] != '\0' ?
					cap_err_reason(err, p->rx_pcap[f]) :
					strerror(-ret));
				return ret;
			}
			p->scan_ok[f] = true;
			capture_scan_print(p, f);
		}
	}
	return 0;
}

void
nblpmd_capture_release(struct nblpmd_app *app)
{
	unsigned int i;
	unsigned int f;

	for (i = 0; i < app->nb_ports; i++)
		for (f = 0; f < NBLPMD_MAX_QUEUES_PER_PORT; f++) {
			nblpmd_capfile_free(app->ports[i].capfile[f]);
			app->ports[i].capfile[f] = NULL;
		}
	for (i = 0; i < app->nb_queues; i++) {
		app->queues[i].capfile = NULL;
		app->queues[i].records = NULL;
	}
}

static bool
capture_finite(const struct nblpmd_queue *q)
{
	return q->finite;
}

/* Records net_pcap returned that the queue or its callback took. */
static uint64_t
capture_taken(const struct nblpmd_app *app, const struct nblpmd_snapshot *s,
		unsigned int i)
{
	return s->q[i].indicated + s->q[i].refused_total +
		nblpmd_capfile_refused_total(app->queues[i].capfile);
}

bool
nblpmd_capture_done(struct nblpmd_app *app, const struct nblpmd_snapshot *s)
{
	unsigned int i;

	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];

		if (!capture_finite(q))
			continue;
		if (capture_taken(app, s, i) < q->pcap_expected)
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
	uint64_t taken = capture_taken(app, s, i);
	uint64_t owed = 0;

	if (capture_finite(q) && taken < q->pcap_expected)
		owed = q->pcap_expected - taken;
	*lost = app->source_idle ? owed : 0;
	*unread = app->source_idle ? 0 : owed;
}

void
nblpmd_capture_figures(const struct nblpmd_app *app,
		const struct nblpmd_snapshot *s, unsigned int i,
		struct nblpmd_capture_figures *f)
{
	const struct nblpmd_queue *q = &app->queues[i];
	const struct nblpmd_port *p = &app->ports[q->port_index];
	const struct cap_scan_result *r = &p->scan[q->queue_id];
	unsigned int k;

	memset(f, 0, sizeof(*f));
	if (q->rx_pcap == NULL)
		return;
	f->records = r->counts.records;
	f->delivered = s->q[i].indicated;
	f->refused_queue = s->q[i].refused_total;
	for (k = 1; k < CAP_REFUSAL_MAX; k++)
		f->refused_by[k] = nblpmd_capfile_refused(q->capfile,
			(enum cap_refusal)k);
	/* net_pcap never returns the truncated or unreadable rest */
	f->refused_by[CAP_REFUSAL_TRUNCATED] +=
		r->counts.refused[CAP_REFUSAL_TRUNCATED];
	f->refused_by[CAP_REFUSAL_UNREADABLE] +=
		r->counts.refused[CAP_REFUSAL_UNREADABLE];
	f->refused = f->refused_queue;
	for (k = 1; k < CAP_REFUSAL_MAX; k++)
		f->refused += f->refused_by[k];
	nblpmd_capture_untaken(app, s, i, &f->lost, &f->unread);
	f->past_end = nblpmd_capfile_past_end(q->capfile);
}

uint64_t
nblpmd_capture_shortfall(const struct nblpmd_app *app,
		const struct nblpmd_snapshot *s)
{
	uint64_t lost = 0;
	unsigned int i;

	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		uint64_t taken = capture_taken(app, s, i);

		if (capture_finite(q) && taken < q->pcap_expected)
			lost += q->pcap_expected - taken;
	}
	return lost;
}
