/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * perf_nbl: cycles per operation of lib/nbl against raw rte_mempool, all
 * measured in one run on one lcore, through the lcore's mempool cache.
 *
 *   perf_nbl [iterations]      (default 2000000 per row)
 *
 * One "op" is one object taken and given back; bulk rows divide by the
 * number of objects.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_mempool.h>

#include "nbl.h"
#include "nbl_test.h"

#define PERF_COUNT 8192
#define PERF_CACHE 256
#define PERF_BULK 32

struct perf_ctx {
	struct rte_mempool *raw;     /* elements the size of a plain NBL */
	struct rte_mempool *raw_nb;  /* elements the size of NBL + NB */
	struct nbl_pool *plain;
	struct nbl_pool *prealloc;
	struct nbl_nb_pool *nbs;
	unsigned int iters;
	unsigned int errors;
};

typedef void (*perf_fn)(struct perf_ctx *c);

static void
run_raw_single(struct perf_ctx *c)
{
	unsigned int i;
	void *o;

	for (i = 0; i < c->iters; i++) {
		if (rte_mempool_get(c->raw, &o) != 0) {
			c->errors++;
			continue;
		}
		rte_mempool_put(c->raw, o);
	}
}

static void
run_raw_nb_single(struct perf_ctx *c)
{
	unsigned int i;
	void *o;

	for (i = 0; i < c->iters; i++) {
		if (rte_mempool_get(c->raw_nb, &o) != 0) {
			c->errors++;
			continue;
		}
		rte_mempool_put(c->raw_nb, o);
	}
}

static void
run_nbl_single(struct perf_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->iters; i++) {
		struct nbl *n = nbl_alloc(c->plain);

		if (n == NULL || nbl_free(n) != 0)
			c->errors++;
	}
}

static void
run_nbl_with_nb(struct perf_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->iters; i++) {
		struct nbl *n = nbl_alloc_with_nb(c->prealloc);

		if (n == NULL || nbl_free(n) != 0)
			c->errors++;
	}
}

static void
run_nbl_separate_nb(struct perf_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->iters; i++) {
		struct nbl *n = nbl_alloc(c->plain);
		struct nb *nb = nbl_nb_alloc(c->nbs);

		if (n == NULL || nb == NULL || nbl_queue_nb(n, nb) != 0) {
			c->errors++;
			continue;
		}
		nb = nbl_dequeue_nb(n);
		if (nbl_nb_free(nb) != 0 || nbl_free(n) != 0)
			c->errors++;
	}
}

static void
run_raw_bulk(struct perf_ctx *c)
{
	void *objs[PERF_BULK];
	unsigned int i;

	for (i = 0; i < c->iters / PERF_BULK; i++) {
		if (rte_mempool_get_bulk(c->raw, objs, PERF_BULK) != 0) {
			c->errors++;
			continue;
		}
		rte_mempool_put_bulk(c->raw, objs, PERF_BULK);
	}
}

static void
run_nbl_bulk(struct perf_ctx *c)
{
	struct nbl *objs[PERF_BULK];
	unsigned int i;

	for (i = 0; i < c->iters / PERF_BULK; i++) {
		if (nbl_alloc_bulk(c->plain, objs, PERF_BULK) != PERF_BULK ||
				nbl_free_bulk(objs, PERF_BULK) != PERF_BULK)
			c->errors++;
	}
}

static void
run_nbl_bulk_with_nb(struct perf_ctx *c)
{
	struct nbl *objs[PERF_BULK];
	unsigned int i;

	for (i = 0; i < c->iters / PERF_BULK; i++) {
		if (nbl_alloc_bulk(c->prealloc, objs, PERF_BULK) != PERF_BULK ||
				nbl_free_bulk(objs, PERF_BULK) != PERF_BULK)
			c->errors++;
	}
}

static void
run_indicate_return(struct perf_ctx *c)
{
	struct nbl *n = nbl_alloc(c->plain);
	unsigned int i;

	if (n == NULL) {
		c->errors++;
		return;
	}
	for (i = 0; i < c->iters; i++) {
		if (nbl_mark_indicated(n) != 0 ||
				nbl_check_return(c->plain, n) != 0)
			c->errors++;
	}
	nbl_free(n);
}

struct perf_row {
	const char *name;
	perf_fn fn;
	unsigned int per_iter; /* objects per loop iteration */
};

static double
measure(struct perf_ctx *c, const struct perf_row *r)
{
	unsigned int iters = c->iters;
	uint64_t t0, t1;

	/* Warm the caches and the branch predictors first. */
	c->iters = iters / 10 > PERF_BULK ? iters / 10 : PERF_BULK;
	r->fn(c);
	c->iters = iters;
	t0 = rte_rdtsc_precise();
	r->fn(c);
	t1 = rte_rdtsc_precise();
	return (double)(t1 - t0) / (double)(iters / r->per_iter * r->per_iter);
}

int
main(int argc, char **argv)
{
	static const struct perf_row rows[] = {
		{ "raw rte_mempool_get/put, 128 B", run_raw_single, 1 },
		{ "nbl_alloc + nbl_free (plain pool)", run_nbl_single, 1 },
		{ "raw rte_mempool_get/put, 192 B", run_raw_nb_single, 1 },
		{ "nbl_alloc_with_nb + nbl_free (prealloc NB)", run_nbl_with_nb, 1 },
		{ "nbl_alloc + nbl_nb_alloc + queue/dequeue + frees",
			run_nbl_separate_nb, 1 },
		{ "raw rte_mempool_get/put_bulk x32, 128 B", run_raw_bulk, 1 },
		{ "nbl_alloc_bulk/nbl_free_bulk x32 (plain)", run_nbl_bulk, 1 },
		{ "nbl_alloc_bulk/nbl_free_bulk x32 (prealloc NB)",
			run_nbl_bulk_with_nb, 1 },
		{ "nbl_mark_indicated + nbl_check_return", run_indicate_return, 1 },
	};
	struct nbl_pool_params pp = {
		.count = PERF_COUNT,
		.cache_size = PERF_CACHE,
		.tag = NBL_TAG('P', 'e', 'r', 'f'),
		.socket_id = SOCKET_ID_ANY,
	};
	struct perf_ctx c = { .iters = 2000000 };
	double hz;
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1)
		c.iters = (unsigned int)strtoul(argv[1], NULL, 0);
	if (c.iters < 10 * PERF_BULK)
		c.iters = 10 * PERF_BULK;
	if (nbl_test_eal_init("perf_nbl", "0", NULL) != 0)
		return 1;
	c.raw = rte_mempool_create("perf_raw", PERF_COUNT, sizeof(struct nbl),
		PERF_CACHE, 0, NULL, NULL, NULL, NULL, SOCKET_ID_ANY, 0);
	c.raw_nb = rte_mempool_create("perf_raw_nb", PERF_COUNT,
		sizeof(struct nbl) + sizeof(struct nb), PERF_CACHE, 0, NULL,
		NULL, NULL, NULL, SOCKET_ID_ANY, 0);
	pp.name = "perf_plain";
	c.plain = nbl_pool_create(&pp);
	pp.name = "perf_prealloc";
	pp.allocate_nb = true;
	c.prealloc = nbl_pool_create(&pp);
	c.nbs = nbl_nb_pool_create("perf_nb", PERF_COUNT, PERF_CACHE,
		SOCKET_ID_ANY);
	if (c.raw == NULL || c.raw_nb == NULL || c.plain == NULL ||
			c.prealloc == NULL || c.nbs == NULL) {
		printf("pool creation failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	hz = (double)rte_get_tsc_hz();
	printf("perf_nbl: %u operations per row, cache %u, lcore %u, TSC %.0f MHz\n",
		c.iters, PERF_CACHE, rte_lcore_id(), hz / 1e6);
	printf("%-52s %12s %10s\n", "operation (take + give back)", "cycles/op",
		"ns/op");
	for (i = 0; i < RTE_DIM(rows); i++) {
		double cyc = measure(&c, &rows[i]);

		printf("%-52s %12.1f %10.2f\n", rows[i].name, cyc,
			cyc * 1e9 / hz);
	}
	if (c.errors != 0)
		printf("errors: %u (results invalid)\n", c.errors);
	nbl_nb_pool_free(c.nbs);
	nbl_pool_free(c.prealloc);
	nbl_pool_free(c.plain);
	rte_mempool_free(c.raw_nb);
	rte_mempool_free(c.raw);
	rte_eal_cleanup();
	return c.errors != 0 ? 1 : 0;
}
