/* SPDX-License-Identifier: BSD-3-Clause */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_errno.h>
#include <rte_spinlock.h>

#include "fwd.h"

#define CAPTURE_LINKTYPE_ETHERNET 1

static int
capture_init(struct nblpmd_app *app)
{
	char err[CAP_ERR_LEN] = "";

	app->capture = cap_writer_open(app->cfg.capture_out,
			CAPTURE_LINKTYPE_ETHERNET, 0, err, sizeof(err));
	if (app->capture == NULL) {
		int ret = rte_errno != 0 ? rte_errno : EIO;

		fprintf(stderr, "nblpmd: --capture-out %s: cannot create the capture: %s; "
			"give a writable path ending in .pcap or .pcapng\n",
			app->cfg.capture_out, err[0] != '\0' ? err : strerror(ret));
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
 * Write what was indicated, following each NB's descriptor chain, with the
 * NBL's receive timestamp (the time of writing when it has none). Writing
 * is a copy, so RESOURCES indications are written too.
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
		uint64_t ts = nbl->timestamp_ns;
		const struct nb *nb;

		if (ts == 0)
			ts = capture_now_ns();
		for (nb = nbl->first_nb; nb != NULL; nb = nb->next) {
			uint32_t len = nbl_nb_copy_out(nb, q->copy_buf,
					app->cfg.max_frame);
			int ret;

			rte_spinlock_lock(&app->capture_lock);
			ret = cap_writer_write(app->capture, q->copy_buf, len,
					RTE_MAX(len, nb->data_len), ts);
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
	int ret;

	if (app->capture == NULL)
		return 0;
	ret = cap_writer_close(app->capture);
	app->capture = NULL;
	if (ret != 0)
		fprintf(stderr, "nblpmd: --capture-out %s: closing the capture failed: %s\n",
			app->cfg.capture_out, strerror(-ret));
	return ret;
}

const struct nblpmd_fwd_engine nblpmd_fwd_capture = {
	.name = "capture",
	.init = capture_init,
	.process = capture_process,
	.fini = capture_fini,
};
