/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * nblpmd-advise: read the captures as --replay would play them, take the
 * host's timing (--host, --poll-gap-us, --return-lag-us), sweep the
 * receive descriptors D of a queue in the model over several hold-time
 * seeds (lib/model, nbl_model_advise), advise a D that meets the loss and
 * RESOURCES targets for all of them with headroom, and the ring, and size
 * the rest with the sizing rule nblpmd uses (nbl_sizing_compute, lib/rxq).
 *
 * With --rxq N the records are spread over N queues by the RSS of the
 * replay's internal port (lib/capture: nbl_arrivals_load_rss), each
 * queue is swept on its own arrivals with its own hold times (keyed by
 * the queue, as the engine keys them), and the advice is one D for all
 * queues: the largest any queue needs, as a driver sizes every queue
 * alike.
 *
 * A capture with no record to deliver (a file header and no records, or
 * every record refused) is a valid input here as in nblpmd, which replays
 * it with exit 0: the advice is then for no traffic, the smallest D.
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

	if (cap_rss_init(&res->rss, o->rss_key, (uint16_t)o->rxq) != 0) {
		fprintf(stderr, "nblpmd-advise: --rxq %u: out of range\n",
			o->rxq);
		return -EINVAL;
	}
	/* --loop N: the captures N times in a row, as nblpmd plays them */
	paths = malloc(sizeof(*paths) * n);
	if (paths == NULL) {
		fprintf(stderr, "nblpmd-advise: out of memory\n");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		paths[i] = o->captures[i % o->nb_captures];
	ret = nbl_arrivals_load_rss(paths, (unsigned int)n, o->max_frame,
		o->pace, o->rate, &res->rss, &res->arr, &bad, err, sizeof(err));
	free(paths);
	if (ret != 0) {
		/* deadlines that do not fit: err names the pacing option */
		fprintf(stderr, "nblpmd-advise: %s%s\n", ret == -ERANGE ? "" :
			"--capture ", err);
		return ret;
	}
	res->nb_queues = res->arr.nb_queues;
	/* nblpmd replays such a capture (exit 0): advise for no traffic */
	if (res->arr.n == 0)
		fprintf(stderr, "nblpmd-advise: warning: --capture %s%s: no "
			"packet to model (%s); the advice is the smallest D, "
			"for no traffic\n", o->captures[0],
			o->nb_captures > 1 ? " and the others" : "",
			res->arr.records == 0 ? "an empty capture: a file "
			"header and no records" : "every record is refused");
	return 0;
}

void
advise_model_params(const struct advise_opts *o,
		const struct advise_result *res, unsigned int q, uint64_t seed,
		uint32_t d, struct nbl_model_params *p)
{
	memset(p, 0, sizeof(*p));
	p->nb_rxd = res->rxd != 0 ? res->rxd : o->rxd;
	p->burst = o->burst;
	p->descriptors = d;
	p->low_watermark = nbl_model_watermark(o->wm, o->wm_fixed, d);
	p->poll_gap = &o->poll_gap;
	p->return_lag = &o->return_lag;
	p->hold = &o->hold;
	p->seed = seed;
	p->queue = q;
}

/* The advice's parameters for queue q (its hold times keyed by q). */
static void
advise_params(const struct advise_opts *o, const struct advise_result *res,
		unsigned int q, struct nbl_advice_params *ap)
{
	memset(ap, 0, sizeof(*ap));
	advise_model_params(o, res, q, o->hold_seed, 0, &ap->sweep.queue);
	ap->sweep.wm = o->wm;
	ap->sweep.wm_fixed = o->wm_fixed;
	ap->sweep.loss_target = o->loss_target;
	ap->sweep.resources_target = o->resources_target;
	ap->sweep.d_max = o->d_max != 0 ? o->d_max : 1u << 24;
	ap->seeds = o->seeds;
	ap->arrival_late = &o->late;
}

/*
 * The ring every queue gets: with --rxd auto the largest any queue's poll
 * gaps need (a NIC has one ring size for its queues), else --rxd; and
 * what the gaps need either way, for the report.
 */
static int
advise_ring(const struct advise_opts *o, struct advise_result *res)
{
	struct nbl_advice_params ap;
	const uint64_t *ns;
	uint64_t runs = 0;
	uint32_t need;
	unsigned int q;
	size_t n;
	int ret;

	res->rxd_needed = 0;
	for (q = 0; q < res->nb_queues; q++) {
		advise_params(o, res, q, &ap);
		ns = nbl_arrivals_of_queue(&res->arr, q, &n);
		ret = nbl_model_ring(&ap, ns, n, &need, &runs);
		if (ret != 0)
			return ret;
		if (need == 0) {
			res->rxd_needed = 0;
			break;
		}
		res->rxd_needed = RTE_MAX(res->rxd_needed, need);
	}
	res->rxd = o->rxd != 0 ? o->rxd : res->rxd_needed != 0 ?
		res->rxd_needed : NBL_ADVICE_RXD_MAX;
	return 0;
}

/*
 * Advise every queue over the seeds on its own arrivals and take one D
 * for all: the largest any queue needs (0 when one meets the targets at
 * no D up to --max-descriptors); then every queue is run at that D.
 */
static int
advise_sweep_queues(const struct advise_opts *o, struct advise_result *res)
{
	struct timespec t0, t1, c0, c1;
	struct nbl_advice_params ap;
	struct nbl_model_sweep_params sp;
	const uint64_t *ns;
	uint32_t d = 0;
	bool none = false;
	unsigned int q;
	size_t n;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	ret = advise_ring(o, res);
	for (q = 0; ret == 0 && q < res->nb_queues; q++) {
		struct nbl_advice *adv = &res->queue[q].advice;

		advise_params(o, res, q, &ap);
		ns = nbl_arrivals_of_queue(&res->arr, q, &n);
		ret = nbl_model_advise(&ap, ns, n, adv);
		if (ret != 0)
			break;
		if (adv->descriptors == 0)
			none = true;
		if (q == 0 || adv->descriptors > d) {
			d = adv->descriptors;
			res->advice_queue = q;
		}
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->model_s = (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	res->model_cpu_s = (double)(c1.tv_sec - c0.tv_sec) +
		(double)(c1.tv_nsec - c0.tv_nsec) * 1e-9;
	if (ret != 0) {
		fprintf(stderr, "nblpmd-advise: the model failed on queue %u: "
			"%s\n", q, strerror(-ret));
		return ret;
	}
	if (none) {
		/* the advice fails with the first queue that has none */
		for (q = res->nb_queues; q-- > 0;)
			if (res->queue[q].advice.descriptors == 0)
				res->advice_queue = q;
		return 0;
	}
	res->descriptors = d;
	memset(&sp, 0, sizeof(sp));
	sp.loss_target = o->loss_target;
	sp.resources_target = o->resources_target;
	for (q = 0; q < res->nb_queues; q++) {
		struct advise_queue *aq = &res->queue[q];
		struct nbl_model_params p;
		uint64_t *late;

		advise_model_params(o, res, q, o->hold_seed, d, &p);
		ns = nbl_arrivals_of_queue(&res->arr, q, &n);
		ret = nbl_model_jitter(ns, n, &o->late, o->hold_seed, q, &late);
		if (ret == 0)
			ret = nbl_model_run(&p, late != NULL ? late : ns, n,
				&aq->at_advice);
		free(late);
		if (ret != 0)
			return ret;
		aq->meets_at_advice = nbl_model_meets(&sp, &aq->at_advice);
	}
	return 0;
}

int
advise_model_all(const struct advise_opts *o, const struct advise_result *res,
		uint64_t seed, uint32_t d, struct nbl_model_result *r)
{
	struct nbl_model_result one;
	struct nbl_model_params p;
	const uint64_t *ns;
	unsigned int q;
	size_t n;
	int ret;

	memset(r, 0, sizeof(*r));
	for (q = 0; q < res->nb_queues; q++) {
		uint64_t *late;

		advise_model_params(o, res, q, seed, d, &p);
		ns = nbl_arrivals_of_queue(&res->arr, q, &n);
		/* the arrivals as the advice drew them for this seed */
		ret = nbl_model_jitter(ns, n, &o->late, seed, q, &late);
		if (ret == 0)
			ret = nbl_model_run(&p, late != NULL ? late : ns, n, &one);
		free(late);
		if (ret != 0)
			return ret;
		r->packets += one.packets;
		r->indicated += one.indicated;
		r->indications += one.indications;
		r->missed += one.missed;
		r->resources_nbls += one.resources_nbls;
		r->resources_indications += one.resources_indications;
		r->held_max = RTE_MAX(r->held_max, one.held_max);
		r->held_p999 = RTE_MAX(r->held_p999, one.held_p999);
		r->ring_max = RTE_MAX(r->ring_max, one.ring_max);
		r->empty_episodes += one.empty_episodes;
		r->empty_ns += one.empty_ns;
		r->span_ns = RTE_MAX(r->span_ns, one.span_ns);
	}
	return 0;
}

/* The rest of the sizing table, by the rule nblpmd applies. */
static int
advise_size(const struct advise_opts *o, struct advise_result *res)
{
	struct nbl_sizing_input in;
	uint32_t d = advise_d(res);
	unsigned int q;
	int ret;

	res->segs = advise_segs(o);
	if (d == 0)
		return 0;
	res->hold_allowance = d - res->rxd - o->burst;
	memset(&in, 0, sizeof(in));
	/* every queue alike, as nblpmd --rxq N gives each the same D; the
	 * internal replay port is its own peer: one TX queue per RX queue,
	 * --txd each */
	in.nb_queues = (uint16_t)res->nb_queues;
	for (q = 0; q < res->nb_queues; q++)
		nbl_sizing_queue_set(&in.q[q], 0, (uint16_t)q,
			(uint16_t)res->rxd, (uint16_t)o->txd, in.nb_queues,
			res->hold_allowance, 0, 0);
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
	unsigned int i;

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
	if (advise_sweep_queues(&o, &res) != 0 ||
			advise_size(&o, &res) != 0) {
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
	for (i = 0; i < ADVISE_MAX_QUEUES; i++)
		nbl_model_advice_free(&res.queue[i].advice);
	nbl_arrivals_free(&res.arr);
	nbl_hold_free(&o.hold);
	nbl_hold_free(&o.poll_gap);
	nbl_hold_free(&o.return_lag);
	nbl_hold_free(&o.late);
	return rc;
}
