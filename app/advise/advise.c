/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * nblpmd-advise: read the captures as --replay would play them, sweep the
 * receive descriptors D of one queue in the model (lib/model), advise the
 * smallest D that meets the loss and RESOURCES targets, and size the rest
 * with the sizing rule nblpmd uses (nbl_sizing_compute, lib/rxq).
 *
 * No EAL: lib/capture reads files with libpcap and the sizing rule is
 * arithmetic, so the program runs anywhere nblpmd is installed, without
 * hugepages or a file prefix. --verify runs nblpmd itself.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_mbuf.h>

#include "advise.h"

/* S as nblpmd computes it: segments of the default mbuf data room. */
static uint32_t
advise_segs(const struct advise_opts *o)
{
	uint32_t room = RTE_MBUF_DEFAULT_BUF_SIZE - RTE_PKTMBUF_HEADROOM;

	if (o->max_segs != 0)
		return o->max_segs;
	return (o->max_frame + room - 1) / room;
}

static int
advise_load(const struct advise_opts *o, struct advise_result *res)
{
	char err[CAP_ERR_LEN + 256];
	unsigned int bad;
	int ret;

	ret = nbl_arrivals_load(o->captures, o->nb_captures, o->max_frame,
		o->pace, o->rate, &res->arr, &bad, err, sizeof(err));
	if (ret != 0) {
		fprintf(stderr, "nblpmd-advise: --capture %s\n", err);
		return ret;
	}
	if (res->arr.n == 0) {
		fprintf(stderr, "nblpmd-advise: --capture %s: no record can be "
			"replayed (%" PRIu64 " read, all refused); give a capture "
			"of Ethernet frames\n", o->captures[0], res->arr.records);
		return -ENODATA;
	}
	return 0;
}

static int
advise_sweep(const struct advise_opts *o, struct advise_result *res)
{
	struct nbl_model_sweep_params sp;
	struct timespec t0, t1, c0, c1;
	int ret;

	memset(&sp, 0, sizeof(sp));
	sp.queue.nb_rxd = o->rxd;
	sp.queue.burst = o->burst;
	sp.queue.poll_ns = (uint64_t)(o->poll_us * 1000.0 + 0.5);
	sp.queue.hold = &o->hold;
	sp.queue.seed = o->hold_seed;
	sp.wm = o->wm;
	sp.wm_fixed = o->wm_fixed;
	sp.loss_target = o->loss_target;
	sp.resources_target = o->resources_target;
	sp.d_max = o->d_max != 0 ? o->d_max : 1u << 24;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	ret = nbl_model_sweep(&sp, res->arr.ns, res->arr.n, &res->sweep);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->model_s = (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	res->model_cpu_s = (double)(c1.tv_sec - c0.tv_sec) +
		(double)(c1.tv_nsec - c0.tv_nsec) * 1e-9;
	if (ret != 0)
		fprintf(stderr, "nblpmd-advise: the model failed: %s\n",
			strerror(-ret));
	return ret;
}

/* The rest of the sizing table, by the rule nblpmd applies. */
static int
advise_size(const struct advise_opts *o, struct advise_result *res)
{
	struct nbl_sizing_input in;
	uint32_t d = res->sweep.advice;
	int ret;

	res->segs = advise_segs(o);
	if (d == 0)
		return 0;
	res->hold_allowance = d - o->rxd - o->burst;
	memset(&in, 0, sizeof(in));
	in.nb_queues = 1;
	in.q[0].nb_rxd = (uint16_t)o->rxd;
	in.q[0].hold = res->hold_allowance;
	in.burst = (uint16_t)o->burst;
	in.max_segs = (uint16_t)res->segs;
	in.lcores = o->lcores;
	in.nbl_cache = o->pool_cache;
	in.mbuf_cache = o->mbuf_cache;
	ret = nbl_sizing_compute(&in, &res->sizing);
	if (ret != 0)
		fprintf(stderr, "nblpmd-advise: the sizing rule cannot size D "
			"%u (x segs %u): out of range; lower --max-segs or "
			"--max-frame\n", d, res->segs);
	return ret;
}

int
main(int argc, char **argv)
{
	struct advise_opts o;
	struct advise_result res;
	int ret, rc = ADVISE_EXIT_OK;

	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&res, 0, sizeof(res));
	ret = advise_args_parse(&o, argc, argv);
	if (ret != 0)
		return ret > 0 ? ADVISE_EXIT_OK : ADVISE_EXIT_USAGE;
	/* what could stop the end of the job stops its start */
	if (advise_outputs_prepare(&o) != 0 || advise_plot_check(&o) != 0 ||
			advise_verify_find(&o, argv[0]) != 0) {
		rc = ADVISE_EXIT_USAGE;
		goto out;
	}
	if (advise_load(&o, &res) != 0) {
		rc = ADVISE_EXIT_USAGE;
		goto out;
	}
	advise_print_inputs(&o, &res, stdout);
	if (advise_sweep(&o, &res) != 0 || advise_size(&o, &res) != 0) {
		rc = ADVISE_EXIT_RUNTIME;
		goto out;
	}
	advise_print_sweep(&res, stdout);
	advise_print_sizing(&o, &res, stdout);
	advise_print_command(&o, &res, stdout);
	if (res.sweep.advice == 0)
		rc = ADVISE_EXIT_RUNTIME;
	if (o.verify && rc == ADVISE_EXIT_OK) {
		ret = advise_verify(&o, &res, stdout);
		if (ret != 0)
			rc = ADVISE_EXIT_RUNTIME;
	}
	if (o.json != NULL && advise_json_write(&o, &res) != 0)
		rc = ADVISE_EXIT_RUNTIME;
	/* the picture last: a plot that fails costs the picture alone */
	if (o.plot != NULL && advise_plot(&o, &res) != 0)
		rc = ADVISE_EXIT_RUNTIME;
out:
	nbl_model_sweep_free(&res.sweep);
	nbl_arrivals_free(&res.arr);
	nbl_hold_free(&o.hold);
	return rc;
}
