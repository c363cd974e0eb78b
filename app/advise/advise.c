/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * nblpmd-advise: read the captures as --replay would play them, take the
 * host's timing (--host, --poll-gap-us, --return-lag-us), sweep the
 * receive descriptors D of one queue in the model over several hold-time
 * seeds (lib/model, nbl_model_advise), advise a D that meets the loss and
 * RESOURCES targets for all of them with headroom, and the ring, and size
 * the rest with the sizing rule nblpmd uses (nbl_sizing_compute, lib/rxq).
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
	size_t i, n = (size_t)o->nb_captures * o->loop;
	char err[CAP_ERR_LEN + 256];
	const char **paths;
	unsigned int bad;
	int ret;

	/* --loop N: the captures N times in a row, as nblpmd plays them */
	paths = malloc(sizeof(*paths) * n);
	if (paths == NULL) {
		fprintf(stderr, "nblpmd-advise: out of memory\n");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		paths[i] = o->captures[i % o->nb_captures];
	ret = nbl_arrivals_load(paths, (unsigned int)n, o->max_frame,
		o->pace, o->rate, &res->arr, &bad, err, sizeof(err));
	free(paths);
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

void
advise_model_params(const struct advise_opts *o,
		const struct advise_result *res, uint64_t seed, uint32_t d,
		struct nbl_model_params *p)
{
	memset(p, 0, sizeof(*p));
	p->nb_rxd = res->advice.rxd != 0 ? res->advice.rxd : o->rxd;
	p->burst = o->burst;
	p->descriptors = d;
	p->low_watermark = nbl_model_watermark(o->wm, o->wm_fixed, d);
	p->poll_gap = &o->poll_gap;
	p->return_lag = &o->return_lag;
	p->hold = &o->hold;
	p->seed = seed;
}

static int
advise_sweep(const struct advise_opts *o, struct advise_result *res)
{
	struct nbl_advice_params ap;
	struct timespec t0, t1, c0, c1;
	int ret;

	memset(&ap, 0, sizeof(ap));
	advise_model_params(o, res, o->hold_seed, 0, &ap.sweep.queue);
	ap.sweep.queue.nb_rxd = o->rxd;
	ap.sweep.wm = o->wm;
	ap.sweep.wm_fixed = o->wm_fixed;
	ap.sweep.loss_target = o->loss_target;
	ap.sweep.resources_target = o->resources_target;
	ap.sweep.d_max = o->d_max != 0 ? o->d_max : 1u << 24;
	ap.seeds = o->seeds;
	ap.rxd_auto = o->rxd == 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	ret = nbl_model_advise(&ap, res->arr.ns, res->arr.n, &res->advice);
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
	uint32_t d = advise_d(res), rxd = res->advice.rxd;
	int ret;

	res->segs = advise_segs(o);
	if (d == 0)
		return 0;
	res->hold_allowance = d - rxd - o->burst;
	memset(&in, 0, sizeof(in));
	in.nb_queues = 1;
	/* nblpmd's internal replay port is its own peer: one TX queue per
	 * RX queue, --txd each */
	nbl_sizing_queue_set(&in.q[0], 0, 0, (uint16_t)rxd, (uint16_t)o->txd,
		in.nb_queues, res->hold_allowance, 0, 0);
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
	if (advise_host_load(&o) != 0 || advise_load(&o, &res) != 0) {
		rc = ADVISE_EXIT_USAGE;
		goto out;
	}
	advise_print_inputs(&o, &res, stdout);
	advise_host_print(&o, stdout);
	if (advise_sweep(&o, &res) != 0 || advise_size(&o, &res) != 0) {
		rc = ADVISE_EXIT_RUNTIME;
		goto out;
	}
	advise_print_sweep(&res, stdout);
	advise_print_sizing(&o, &res, stdout);
	advise_print_command(&o, &res, stdout);
	if (advise_d(&res) == 0)
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
	nbl_model_advice_free(&res.advice);
	nbl_arrivals_free(&res.arr);
	nbl_hold_free(&o.hold);
	nbl_hold_free(&o.poll_gap);
	nbl_hold_free(&o.return_lag);
	return rc;
}
