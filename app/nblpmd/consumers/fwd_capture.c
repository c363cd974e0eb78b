/* SPDX-License-Identifier: BSD-3-Clause */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_errno.h>
#include <rte_spinlock.h>

#include "fwd.h"
#include "replay/replay.h"

#define CAPTURE_LINKTYPE_ETHERNET 1

/* --capture-out by the rule of every output (app_out.h): a file through
 * a temporary file renamed over it at the end, anything else in place. */
static int
capture_init(struct nblpmd_app *app)
{
	char err[CAP_ERR_LEN] = "";
	int fd;

	fd = app_out_open(&app->out_capture);
	if (fd < 0)
		return fd == -EINTR ? fd : -EIO;
	app->capture = cap_writer_fdopen(fd, app->cfg.capture_out,
			CAPTURE_LINKTYPE_ETHERNET, 0, err, sizeof(err));
	if (app->capture == NULL) {
		int ret = rte_errno != 0 ? rte_errno : EIO;

		app_out_abort(&app->out_capture);
		fprintf(stderr, "nblpmd: --capture-out %s; give a writable "
			"file\n", err[0] != '\0' ? err : strerror(ret));
		return -ret;
	}
	return 0;
}

static uint64_t
capture_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * Timestamp and original length of the record an NB came from. A source
 * with a record table (an rx_pcap file, the replay into the engine) gives
 * both as the input had them: net_pcap's timestamps have microseconds
 * only, and no source keeps the original length in the packet. Without a
 * table: the NBL's timestamp (the time of writing when it has none) and
 * the packet's length.
 */
static uint64_t
capture_record_of(struct nblpmd_queue *q, const struct nbl *nbl,
		const struct nb *nb, uint32_t *len)
{
	const struct nblpmd_record *rec = NULL;
	uint64_t ts = nbl->timestamp_ns;

	*len = nb->data_len;
	if (q->records != NULL && nb == nbl->first_nb) {
		rec = nblpmd_records_match(q->records, &q->rec_cursor, ts,
			nb->data_len);
		if (rec != NULL) {
			*len = rec->len;
			return rec->ts_ns;
		}
		q->rec_unmatched++;
	}
	if (ts == 0)
		return capture_now_ns();
	/* net_pcap's RX timestamp field holds microseconds */
	return q->rx_pcap != NULL ? ts * 1000 : ts;
}

/*
 * Write what was indicated, following each NB's descriptor chain, with the
 * timestamp and original length of its record (capture_record_of).
 * Writing is a copy, so RESOURCES indications are written too.
 */
static void
capture_process(struct nblpmd_queue *q, struct nbl *chain, uint16_t count,
		uint32_t flags)
{
	struct nblpmd_app *app = q->app;
	struct nblpmd_fwd_stats *fs = &q->fs;
	struct nbl *nbl;

	RTE_SET_USED(count);
	RTE_SET_USED(flags);
	for (nbl = chain; nbl != NULL; nbl = nbl->next) {
		const struct nb *nb;

		for (nb = nbl->first_nb; nb != NULL; nb = nb->next) {
			uint32_t len = nbl_nb_copy_out(nb, q->copy_buf,
					app->cfg.max_frame);
			uint32_t orig;
			uint64_t ts = capture_record_of(q, nbl, nb, &orig);
			int ret;

			rte_spinlock_lock(&app->capture_lock);
			ret = cap_writer_write(app->capture, q->copy_buf, len,
					RTE_MAX(len, orig), ts);
			rte_spinlock_unlock(&app->capture_lock);
			if (ret == 0)
				fs->captured++;
			else
				fs->capture_errors++;
		}
	}
}

static int
capture_fini(struct nblpmd_app *app)
{
	unsigned int i;
	int ret;

	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];

		if (q->rec_unmatched != 0)
			printf("Capture: port %u queue %u: %" PRIu64 " packets not "
				"found among the records of their source, written "
				"with their own length and timestamp\n", q->port_id,
				q->queue_id, q->rec_unmatched);
	}
	if (app->capture == NULL)
		return 0;
	ret = cap_writer_close(app->capture);
	app->capture = NULL;
	if (ret != 0) {
		app_out_abort(&app->out_capture);
		fprintf(stderr, "nblpmd: --capture-out %s: writing the capture "
			"failed: %s%s\n", app->cfg.capture_out, strerror(-ret),
			app->out_capture.kind == APP_OUT_FILE ?
			"; nothing written" : "");
		return ret;
	}
	return app_out_commit(&app->out_capture);
}

const struct nblpmd_fwd_engine nblpmd_fwd_capture = {
	.name = "capture",
	.init = capture_init,
	.process = capture_process,
	.fini = capture_fini,
};
