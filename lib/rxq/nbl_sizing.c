/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The sizing rule (docs/design.md#the-sizing-rule-numberofdescriptors):
 * one line per quantity, with the formula written out with its numbers
 * so that a refused configuration shows the user what to change.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "nbl_rxq_pvt.h"

/*
 * Per allocation, what the estimate does not see: the heap's element
 * headers and alignment, page rounding of memzones, the libraries'
 * private structs (an NBL pool keeps RTE_MAX_LCORE + 1 statistics slots).
 */
#define SIZING_MEM_ALLOWANCE (64u * 1024)
/* rte_ring holds at most this many slots (RTE_RING_SZ_MASK). */
#define SIZING_RING_MAX (1ull << 31)
/* Stands for "does not fit" in sums that must not wrap. */
#define SIZING_MEM_HUGE (UINT64_MAX / 16)

/* What an lcore's mempool cache may hold, which other lcores cannot
 * reach (lib/nbl's one statement of the rule). */
static uint64_t
cache_hold(uint32_t cache)
{
	return nbl_mempool_cache_max(cache);
}

static struct nbl_sizing_line *
sizing_line(struct nbl_sizing *out, uint64_t given, uint64_t needed,
		bool is_auto)
{
	struct nbl_sizing_line *l = &out->line[out->nb_lines++];

	l->given = given;
	l->needed = needed;
	l->is_auto = is_auto;
	l->ok = given >= needed;
	if (!l->ok)
		out->ok = false;
	return l;
}

int
nbl_sizing_compute(const struct nbl_sizing_input *in, struct nbl_sizing *out)
{
	const struct nbl_sizing_queue *sq;
	struct nbl_sizing_line *l;
	uint64_t sum_d = 0, sum_rxd = 0, sum_txd = 0, pinned = 0;
	uint64_t need, given, nbl_caches, mbuf_caches, bursts;
	uint32_t s, i, j;

	if (in == NULL || out == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (in->nb_queues == 0 || in->nb_queues > NBL_SIZING_MAX_QUEUES ||
			in->burst == 0 || in->lcores == 0)
		return -EINVAL;
	s = in->max_segs != 0 ? in->max_segs : 1;
	out->ok = true;
	out->in = *in;

	for (i = 0; i < in->nb_queues; i++) {
		sq = &in->q[i];
		need = (uint64_t)sq->nb_rxd + in->burst + sq->hold;
		if (need > UINT32_MAX)
			return -EINVAL;
		given = sq->descriptors != 0 ? sq->descriptors : need;
		l = sizing_line(out, given, need, sq->descriptors == 0);
		snprintf(l->what, sizeof(l->what),
			"rx descriptors port %u queue %u", sq->port_id,
			sq->queue_id);
		snprintf(l->rule, sizeof(l->rule),
			"nb_rxd %u + burst %u + hold %u", sq->nb_rxd, in->burst,
			sq->hold);
		out->descriptors[i] = (uint32_t)given;

		/* Buffer descriptors follow D; never given separately. */
		need = given * s;
		if (need > UINT32_MAX)
			return -EINVAL;
		l = sizing_line(out, need, need, true);
		snprintf(l->what, sizeof(l->what),
			"buffer descriptors port %u queue %u", sq->port_id,
			sq->queue_id);
		snprintf(l->rule, sizeof(l->rule), "D %" PRIu64 " x segs %u",
			given, s);
		out->mdl_per_queue[i] = (uint32_t)need;

		sum_d += given;
		sum_rxd += sq->nb_rxd;
		pinned += sq->pinned_mbufs;
		/* A port's TX descriptors (nb_txd x its TX queues) count
		 * once per port: the largest any of its queues gives. */
		for (j = 0; j < i; j++)
			if (in->q[j].port_id == sq->port_id)
				break;
		if (j == i) {
			uint32_t txd = sq->nb_txd;

			for (j = i + 1; j < in->nb_queues; j++)
				if (in->q[j].port_id == sq->port_id &&
						in->q[j].nb_txd > txd)
					txd = in->q[j].nb_txd;
			sum_txd += txd;
		}
	}

	nbl_caches = in->lcores * cache_hold(in->nbl_cache);
	need = sum_d + nbl_caches;
	given = in->pool_count != 0 ? in->pool_count : need;
	if (need > UINT32_MAX)
		return -EINVAL;
	l = sizing_line(out, given, need, in->pool_count == 0);
	snprintf(l->what, sizeof(l->what), "NBL pool");
	snprintf(l->rule, sizeof(l->rule),
		"D %" PRIu64 " + lcores %u x floor(1.5 x cache %u)",
		sum_d, in->lcores, in->nbl_cache);
	out->pool_count = (uint32_t)given;

	if (in->separate_nb) {
		/* Separate NBs (R2): one NB per NBL, cached the same way. */
		given = in->nb_pool_count != 0 ? in->nb_pool_count : need;
		l = sizing_line(out, given, need, in->nb_pool_count == 0);
		snprintf(l->what, sizeof(l->what), "NB pool");
		snprintf(l->rule, sizeof(l->rule),
			"D %" PRIu64 " + lcores %u x floor(1.5 x cache %u)",
			sum_d, in->lcores, in->nbl_cache);
		out->nb_pool_count = (uint32_t)given;
	}

	mbuf_caches = in->lcores * cache_hold(in->mbuf_cache);
	bursts = (uint64_t)in->lcores * in->burst;
	if (in->copy) {
		/* The mbuf is freed at fill: only the PMD rings hold them. */
		need = sum_rxd + sum_txd + mbuf_caches + bursts + pinned;
		l = sizing_line(out, 0, 0, false);
		snprintf(l->rule, sizeof(l->rule),
			"nb_rxd %" PRIu64 " + nb_txd x txq %" PRIu64
			" + %u x %" PRIu64 " cache + %u x burst %u + pinned %" PRIu64,
			sum_rxd, sum_txd, in->lcores,
			cache_hold(in->mbuf_cache), in->lcores, in->burst,
			pinned);
	} else {
		/* Zero-copy: an NBL keeps its mbuf until it is returned. */
		need = sum_rxd + sum_d + sum_txd + mbuf_caches + bursts +
			pinned;
		l = sizing_line(out, 0, 0, false);
		snprintf(l->rule, sizeof(l->rule),
			"nb_rxd %" PRIu64 " + D %" PRIu64 " + nb_txd x txq %" PRIu64
			" + %u x %" PRIu64 " cache + %u x burst %u + pinned %" PRIu64,
			sum_rxd, sum_d, sum_txd, in->lcores,
			cache_hold(in->mbuf_cache), in->lcores, in->burst,
			pinned);
	}
	if (need > UINT32_MAX)
		return -EINVAL;
	given = in->mbuf_count != 0 ? in->mbuf_count : need;
	snprintf(l->what, sizeof(l->what), "mbuf pool");
	l->given = given;
	l->needed = need;
	l->is_auto = in->mbuf_count == 0;
	l->ok = given >= need;
	if (!l->ok)
		out->ok = false;
	out->mbuf_count = (uint32_t)given;

	return out->ok ? 0 : -ENOSPC;
}

/* Bytes of a ring of count slots created with RING_F_EXACT_SZ. */
static uint64_t
mem_ring_exact(uint64_t count)
{
	ssize_t sz;

	if (count + 1 > SIZING_RING_MAX)
		return SIZING_MEM_HUGE;
	sz = rte_ring_get_memsize(rte_align32pow2((uint32_t)count + 1));
	return sz < 0 ? SIZING_MEM_HUGE : (uint64_t)sz + SIZING_MEM_ALLOWANCE;
}

/*
 * Bytes of an rte_mempool of count objects of elt_size: the objects with
 * their headers and trailers, its ring (count + 1 rounded up to a power of
 * 2), its header with the per-lcore caches and private area.
 */
/* Bytes count objects of total bytes take laid out within pages of pg
 * bytes, as rte_mempool_op_calc_mem_size_helper computes it. */
static uint64_t
mem_objects(uint64_t count, uint64_t total, uint64_t pg)
{
	uint64_t per_page, last;

	if (pg == 0)
		return count * total;
	per_page = pg / total;
	if (per_page == 0)
		return RTE_ALIGN_CEIL(total, pg) * count;
	last = (count - 1) % per_page + 1;
	return last * total + (count - last) / per_page * pg + total - 1;
}

static uint64_t
mem_mempool(uint64_t count, uint32_t elt_size, uint32_t cache,
		uint32_t flags, uint32_t priv, uint64_t pg)
{
	struct rte_mempool_objsz objsz;
	uint64_t total;
	ssize_t ring;

	if (count == 0)
		return 0;
	if (count + 1 > SIZING_RING_MAX)
		return SIZING_MEM_HUGE;
	rte_mempool_calc_obj_size(elt_size, flags, &objsz);
	ring = rte_ring_get_memsize(rte_align32pow2((uint32_t)count + 1));
	if (ring < 0)
		return SIZING_MEM_HUGE;
	total = mem_objects(count, objsz.total_size, pg) + (uint64_t)ring;
	total += sizeof(struct rte_mempool) + priv;
	if (cache != 0)
		total += (uint64_t)RTE_MAX_LCORE *
			sizeof(struct rte_mempool_cache);
	return total + 2 * SIZING_MEM_ALLOWANCE;
}

/* One queue's buffer descriptor pool (as nbl_rxq_create makes it with
 * nbl_mdl_pool_create_ext: descriptor 0 of each receive descriptor lives
 * in its NB, so the mempool holds the n others) and the queue's array of
 * pointers to them. */
static uint64_t
mem_mdl(uint64_t n, uint32_t lcores, uint64_t pg)
{
	uint32_t cache;
	uint64_t size;

	if (n == 0)
		return SIZING_MEM_ALLOWANCE;
	if (n > UINT32_MAX)
		return SIZING_MEM_HUGE;
	size = nbl_mdl_mempool_size((uint32_t)n, lcores, &cache);
	return mem_mempool(size, sizeof(struct nbl_mdl), cache,
		RTE_MEMPOOL_F_NO_SPREAD, 0, pg) + n * sizeof(void *) +
		SIZING_MEM_ALLOWANCE;
}

/* One queue: free list, stack of records, the records, return ring,
 * consumer ring when remote (D + 1 rounded up, as the app asks),
 * application data. */
static uint64_t
mem_queue(uint64_t d, const struct nbl_sizing_objects *obj)
{
	uint64_t total = (2 * d + 1) * sizeof(void *) +
		d * sizeof(struct rxq_rec) + 4 * SIZING_MEM_ALLOWANCE;

	if (d > UINT32_MAX / 2)
		return SIZING_MEM_HUGE;
	total += mem_ring_exact(rte_align32pow2((uint32_t)d));
	if (obj->remote)
		total += mem_ring_exact(rte_align32pow2((uint32_t)d + 1));
	return total + d * obj->app_per_desc + obj->app_per_queue;
}

uint64_t
nbl_sizing_mempool_memory(uint64_t count, uint32_t elt_size,
		uint32_t cache_size, uint32_t priv_size, uint64_t page_size)
{
	return mem_mempool(count, elt_size, cache_size, 0, priv_size,
		page_size);
}

int
nbl_sizing_memory(const struct nbl_sizing *sz,
		const struct nbl_sizing_objects *obj, struct nbl_sizing_memory *m)
{
	const struct nbl_sizing_input *in;
	uint64_t d_max = 0;
	uint32_t s, elt;
	uint16_t i;

	if (sz == NULL || obj == NULL || m == NULL)
		return -EINVAL;
	in = &sz->in;
	memset(m, 0, sizeof(*m));
	s = in->max_segs != 0 ? in->max_segs : 1;
	elt = nbl_pool_obj_size(!in->separate_nb, obj->nbl_context_size,
		obj->nbl_data_size);
	m->nbl_pool = mem_mempool(sz->pool_count, elt, in->nbl_cache,
		RTE_MEMPOOL_F_NO_SPREAD, 0, obj->page_size);
	if (in->separate_nb)
		m->nb_pool = mem_mempool(sz->nb_pool_count, sizeof(struct nb),
			in->nbl_cache, RTE_MEMPOOL_F_NO_SPREAD, 0,
			obj->page_size);
	m->mbuf_pool = mem_mempool(sz->mbuf_count,
		sizeof(struct rte_mbuf) + obj->mbuf_data_room, in->mbuf_cache,
		0, sizeof(struct rte_pktmbuf_pool_private), obj->page_size);
	for (i = 0; i < in->nb_queues; i++) {
		uint64_t d = sz->descriptors[i];

		m->mdl += mem_mdl(d * (s - 1), in->lcores, obj->page_size);
		m->queues += mem_queue(d, obj);
		d_max = RTE_MAX(d_max, d);
	}
	if (obj->app_for_d != NULL)
		m->app = obj->app_for_d(d_max, obj->app_arg);
	m->total = m->nbl_pool + m->nb_pool + m->mdl + m->mbuf_pool +
		m->queues + m->app;
	return 0;
}

/* The input with one knob set to v. */
static void
fit_set(struct nbl_sizing_input *in, enum nbl_sizing_knob knob, uint64_t v)
{
	uint16_t i;

	switch (knob) {
	case NBL_SIZING_KNOB_DESCRIPTORS:
		for (i = 0; i < in->nb_queues; i++)
			in->q[i].descriptors = (uint32_t)v;
		break;
	case NBL_SIZING_KNOB_MAX_SEGS:
		in->max_segs = (uint16_t)v;
		break;
	case NBL_SIZING_KNOB_POOL_COUNT:
		in->pool_count = (uint32_t)v;
		if (in->separate_nb)
			in->nb_pool_count = (uint32_t)v;
		break;
	case NBL_SIZING_KNOB_MBUF_COUNT:
		in->mbuf_count = (uint32_t)v;
		break;
	}
}

/* The rule holds and the estimate is within avail. */
static bool
fit_ok(struct nbl_sizing_input *in, struct nbl_sizing *sz,
		const struct nbl_sizing_objects *obj, enum nbl_sizing_knob knob,
		uint64_t v, uint64_t avail)
{
	struct nbl_sizing_memory m;

	fit_set(in, knob, v);
	if (nbl_sizing_compute(in, sz) != 0)
		return false;
	if (nbl_sizing_memory(sz, obj, &m) != 0)
		return false;
	return m.total <= avail;
}

/* The smallest value of the knob the rule accepts (what auto gives). */
static uint64_t
fit_rule_min(struct nbl_sizing_input *in, struct nbl_sizing *sz,
		enum nbl_sizing_knob knob)
{
	uint64_t min = 1;
	uint16_t i;

	if (knob == NBL_SIZING_KNOB_MAX_SEGS)
		return 1;
	fit_set(in, knob, 0);
	if (nbl_sizing_compute(in, sz) != 0)
		return UINT64_MAX;
	switch (knob) {
	case NBL_SIZING_KNOB_DESCRIPTORS:
		for (i = 0; i < in->nb_queues; i++)
			min = RTE_MAX(min, (uint64_t)sz->descriptors[i]);
		break;
	case NBL_SIZING_KNOB_POOL_COUNT:
		min = RTE_MAX(sz->pool_count, sz->nb_pool_count);
		break;
	case NBL_SIZING_KNOB_MBUF_COUNT:
		min = sz->mbuf_count;
		break;
	default:
		break;
	}
	return min;
}

int
nbl_sizing_fit(const struct nbl_sizing_input *in,
		const struct nbl_sizing_objects *obj, enum nbl_sizing_knob knob,
		uint64_t lo, uint64_t hi, uint64_t avail, uint64_t *best)
{
	struct nbl_sizing_input *work;
	struct nbl_sizing *sz;
	int ret = -ENOSPC;

	if (in == NULL || obj == NULL || best == NULL || lo == 0 || lo > hi ||
			hi > UINT32_MAX || (knob == NBL_SIZING_KNOB_MAX_SEGS &&
			hi > UINT16_MAX))
		return -EINVAL;
	work = malloc(sizeof(*work));
	sz = malloc(sizeof(*sz));
	if (work == NULL || sz == NULL) {
		free(work);
		free(sz);
		return -ENOMEM;
	}
	*work = *in;
	/* The rule holds from its minimum up, and the estimate grows with
	 * the value: the values that fit are one range, found by bisection. */
	lo = RTE_MAX(lo, fit_rule_min(work, sz, knob));
	if (lo <= hi && fit_ok(work, sz, obj, knob, lo, avail)) {
		while (lo < hi) {
			uint64_t mid = lo + (hi - lo + 1) / 2;

			if (fit_ok(work, sz, obj, knob, mid, avail))
				lo = mid;
			else
				hi = mid - 1;
		}
		*best = lo;
		ret = 0;
	}
	free(work);
	free(sz);
	return ret;
}
