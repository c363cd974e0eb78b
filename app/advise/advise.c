/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * nblpmd-advise: read the captures as --replay would play them, sweep the
 * receive descriptors D of one queue in the model (lib/model), advise the
 * smallest D that meets the loss and RESOURCES targets, and size the rest
 * with the sizing rule nblpmd uses (nbl_sizing_compute, lib/rxq).
 *
 * With --rxq N the records are spread over N queues by the RSS of the
 * replay's internal port (advise_core: nbl_arrivals_load_rss), each
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
	char err[CAP_ERR_LEN + 256];
	unsigned int bad;
	int ret;

	if (cap_rss_init(&res->rss, o->rss_key, (uint16_t)o->rxq) != 0) {
		fprintf(stderr, "nblpmd-advise: --rxq %u: out of range\n",
			o->rxq);
		return -EINVAL;
	}
	ret = nbl_arrivals_load_rss(o->captures, o->nb_captures, o->max_frame,
		o->pace, o->rate, &res->rss, &res->arr, &bad, err, sizeof(err));
	if (ret != 0) {
		fprintf(stderr, "nblpmd-advise: --capture %s\n", err);
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

/* Sweep D over the arrivals of one queue (queue keys its hold times). */
static int
advise_sweep(const struct advise_opts *o, unsigned int queue,
		const uint64_t *ns, size_t n, struct nbl_model_sweep *out,
		struct advise_result *res)
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
	sp.queue.queue = queue;
	sp.wm = o->wm;
	sp.wm_fixed = o->wm_fixed;
	sp.loss_target = o->loss_target;
	sp.resources_target = o->resources_target;
	sp.d_max = o->d_max != 0 ? o->d_max : 1u << 24;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	ret = nbl_model_sweep(&sp, ns, n, out);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->model_s += (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	res->model_cpu_s += (double)(c1.tv_sec - c0.tv_sec) +
		(double)(c1.tv_nsec - c0.tv_nsec) * 1e-9;
	if (ret != 0)
		fprintf(stderr, "nblpmd-advise: the model failed on queue %u: "
			"%s\n", queue, strerror(-ret));
	return ret;
}

const struct nbl_model_sweep *
advise_queue_sweep(const struct advise_result *res, unsigned int q)
{
	return q == res->advice_queue ? &res->sweep : &res->queue[q].sweep;
}

/* The model of queue q at descriptors d. */
static int
advise_model_at(const struct advise_opts *o, const struct advise_result *res,
		unsigned int q, uint32_t d, struct nbl_model_result *r)
{
	struct nbl_model_params p;
	const uint64_t *ns;
	size_t n;

	memset(&p, 0, sizeof(p));
	p.nb_rxd = o->rxd;
	p.burst = o->burst;
	p.poll_ns = (uint64_t)(o->poll_us * 1000.0 + 0.5);
	p.hold = &o->hold;
	p.seed = o->hold_seed;
	p.queue = q;
	p.descriptors = d;
	p.low_watermark = nbl_model_watermark(o->wm, o->wm_fixed, d);
	ns = nbl_arrivals_of_queue(&res->arr, q, &n);
	return nbl_model_run(&p, ns, n, r);
}

int
advise_model_all(const struct advise_opts *o, const struct advise_result *res,
		uint32_t d, struct nbl_model_result *r)
{
	struct nbl_model_result one;
	unsigned int q;
	int ret;

	memset(r, 0, sizeof(*r));
	for (q = 0; q < res->nb_queues; q++) {
		ret = advise_model_at(o, res, q, d, &one);
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

/*
 * Sweep every queue and advise one D for all: the largest any queue
 * needs (0 when one needs more than --max-descriptors). The sweep of the
 * queue behind it becomes res->sweep; every queue is then run at that D.
 */
static int
advise_sweep_queues(const struct advise_opts *o, struct advise_result *res)
{
	struct nbl_model_sweep_params sp;
	uint32_t d = 0;
	unsigned int q, worst = 0;
	const uint64_t *ns;
	size_t n;
	int ret;

	for (q = 0; q < res->nb_queues; q++) {
		struct nbl_model_sweep *s = &res->queue[q].sweep;

		ns = nbl_arrivals_of_queue(&res->arr, q, &n);
		ret = advise_sweep(o, q, ns, n, s, res);
		if (ret != 0)
			return ret;
		if (s->advice == 0 && d != 0) {
			worst = q;
			d = 0;
		} else if (q == 0 || (d != 0 && s->advice > d)) {
			worst = q;
			d = s->advice;
		}
	}
	res->advice_queue = worst;
	res->sweep = res->queue[worst].sweep;
	memset(&res->queue[worst].sweep, 0, sizeof(res->queue[worst].sweep));
	if (d == 0)
		return 0;
	memset(&sp, 0, sizeof(sp));
	sp.loss_target = o->loss_target;
	sp.resources_target = o->resources_target;
	for (q = 0; q < res->nb_queues; q++) {
		struct advise_queue *aq = &res->queue[q];

		ret = advise_model_at(o, res, q, d, &aq->at_advice);
		if (ret != 0)
			return ret;
		aq->meets_at_advice = nbl_model_meets(&sp, &aq->at_advice);
	}
	return 0;
}

/* The rest of the sizing table, by the rule nblpmd applies. */
static int
advise_size(const struct advise_opts *o, struct advise_result *res)
{
	struct nbl_sizing_input in;
	uint32_t d = res->sweep.advice;
	unsigned int q;
	int ret;

	res->segs = advise_segs(o);
	if (d == 0)
		return 0;
	res->hold_allowance = d - o->rxd - o->burst;
	memset(&in, 0, sizeof(in));
	/* every queue alike, as nblpmd --rxq N gives each the same D */
	in.nb_queues = (uint16_t)res->nb_queues;
	for (q = 0; q < res->nb_queues; q++) {
		in.q[q].queue_id = (uint16_t)q;
		in.q[q].nb_rxd = (uint16_t)o->rxd;
		in.q[q].hold = res->hold_allowance;
	}
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
	if (advise_plot_check(&o) != 0 ||
			advise_verify_find(&o, argv[0]) != 0) {
		rc = ADVISE_EXIT_USAGE;
		goto out;
	}
	if (advise_load(&o, &res) != 0) {
		rc = ADVISE_EXIT_USAGE;
		goto out;
	}
	advise_print_inputs(&o, &res, stdout);
	if (advise_sweep_queues(&o, &res) != 0 ||
			advise_size(&o, &res) != 0) {
		rc = ADVISE_EXIT_RUNTIME;
		goto out;
	}
	advise_print_sweep(&res, stdout);
	advise_print_sizing(&o, &res, stdout);
	advise_print_command(&o, &res, stdout);
	if (res.sweep.advice == 0)
		rc = ADVISE_EXIT_RUNTIME;
	if (o.plot != NULL && advise_plot(&o, &res) != 0)
		rc = ADVISE_EXIT_RUNTIME;
	if (o.verify && rc == ADVISE_EXIT_OK) {
		ret = advise_verify(&o, &res, stdout);
		if (ret != 0)
			rc = ADVISE_EXIT_RUNTIME;
	}
	if (o.json != NULL && advise_json_write(&o, &res) != 0)
		rc = ADVISE_EXIT_RUNTIME;
out:
	nbl_model_sweep_free(&res.sweep);
	for (i = 0; i < ADVISE_MAX_QUEUES; i++)
		nbl_model_sweep_free(&res.queue[i].sweep);
	nbl_arrivals_free(&res.arr);
	nbl_hold_free(&o.hold);
	return rc;
}
