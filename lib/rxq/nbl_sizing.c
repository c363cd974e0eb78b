/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The sizing rule (DESIGN.md section 4): one line per quantity, with the
 * formula written out with its numbers so that a refused configuration
 * shows the user what to change.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "nbl_rxq_pvt.h"

/* What an lcore's mempool cache may hold: rte_mempool flushes above
 * 1.5 x cache_size, and other lcores cannot reach those objects. */
static uint64_t
cache_hold(uint32_t cache)
{
	return ((uint64_t)cache * 3 + 1) / 2;
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
		"D %" PRIu64 " + lcores %u x ceil(1.5 x cache %u)",
		sum_d, in->lcores, in->nbl_cache);
	out->pool_count = (uint32_t)given;

	if (in->separate_nb) {
		/* Separate NBs (R2): one NB per NBL, cached the same way. */
		given = in->nb_pool_count != 0 ? in->nb_pool_count : need;
		l = sizing_line(out, given, need, in->nb_pool_count == 0);
		snprintf(l->what, sizeof(l->what), "NB pool");
		snprintf(l->rule, sizeof(l->rule),
			"D %" PRIu64 " + lcores %u x ceil(1.5 x cache %u)",
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
