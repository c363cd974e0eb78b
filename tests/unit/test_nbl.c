/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Unit tests of lib/nbl: one case per rule (R1, R2, R6-R8 of
 * docs/design.md#the-ndis-rules-the-project-models, and the ownership
 * rules of docs/design.md#ownership-states).
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "nbl.h"
#include "nbl_test.h"
#include "nbl_test_telemetry.h"

/* ------------------------------------------------------------ helpers */

static struct nbl_pool *
mk_pool(const char *name, uint32_t count, uint32_t cache, bool nb,
		uint16_t ctx, uint32_t data)
{
	struct nbl_pool_params p = {
		.name = name,
		.count = count,
		.cache_size = cache,
		.allocate_nb = nb,
		.context_size = ctx,
		.data_size = data,
		.tag = NBL_TAG('T', 'e', 's', 't'),
		.socket_id = SOCKET_ID_ANY,
	};

	return nbl_pool_create(&p);
}

static uint64_t
viol(const struct nbl_pool *pool, enum nbl_violation kind)
{
	struct nbl_pool_stats st;

	if (nbl_pool_stats_get(pool, &st) != 0)
		return UINT64_MAX;
	return st.violations[kind];
}

/* Log capture: library log lines go to a memory stream while active. */
static char *log_buf;
static size_t log_len;
static FILE *log_f;

static void
log_capture_start(void)
{
	log_f = open_memstream(&log_buf, &log_len);
	rte_openlog_stream(log_f);
}

/* Stop capturing; the caller frees the returned text. */
static char *
log_capture_stop(void)
{
	rte_openlog_stream(NULL);
	fclose(log_f);
	log_f = NULL;
	return log_buf;
}

static unsigned int
count_substr(const char *s, const char *sub)
{
	unsigned int n = 0;

	while ((s = strstr(s, sub)) != NULL) {
		n++;
		s += strlen(sub);
	}
	return n;
}

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* --------------------------------------------------- R1: pool creation */

static int
test_create_refuses_zero_count(void)
{
	struct nbl_pool *p;
	char *log;

	log_capture_start();
	p = mk_pool("zc0", 0, 0, false, 0, 0);
	log = log_capture_stop();
	TEST_ASSERT(p == NULL, "a pool of 0 NBLs was created");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno after zero count");
	TEST_ASSERT(strstr(log, "count is 0") != NULL,
		"the log does not say count is the problem: '%s'", log);
	TEST_ASSERT_EQUAL(count_substr(log, "\n"), 1,
		"one log line expected: '%s'", log);
	free(log);
	p = mk_pool("zc1", 1, 0, false, 0, 0);
	TEST_ASSERT(p != NULL, "a pool of 1 NBL was refused: %d", rte_errno);
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "free of an idle pool");
	return 0;
}

static int
test_create_refuses_unaligned_context(void)
{
	struct nbl_pool *p;
	char *log;

	log_capture_start();
	p = mk_pool("ua0", 16, 0, false, NBL_CONTEXT_ALIGN + 8, 0);
	log = log_capture_stop();
	TEST_ASSERT(p == NULL, "an unaligned context size was accepted");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno after bad context");
	TEST_ASSERT(strstr(log, "context_size") != NULL,
		"the log does not name context_size: '%s'", log);
	free(log);
	p = mk_pool("ua1", 16, 0, false, 2 * NBL_CONTEXT_ALIGN, 0);
	TEST_ASSERT(p != NULL, "an aligned context size was refused");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "free of an idle pool");
	return 0;
}

static int
test_create_refuses_data_without_nb(void)
{
	struct nbl_pool *p;
	char *log;

	log_capture_start();
	p = mk_pool("dn0", 16, 0, false, 0, 256);
	log = log_capture_stop();
	TEST_ASSERT(p == NULL, "a data area without allocate_nb was accepted");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno after data w/o NB");
	TEST_ASSERT(strstr(log, "data_size") != NULL &&
		strstr(log, "allocate_nb") != NULL,
		"the log does not say why: '%s'", log);
	free(log);
	p = mk_pool("dn1", 16, 0, true, 0, 256);
	TEST_ASSERT(p != NULL, "a data area with allocate_nb was refused");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "free of an idle pool");
	return 0;
}

static int
test_create_refuses_oversized_cache(void)
{
	struct nbl_pool *p;
	char *log;

	log_capture_start();
	p = mk_pool("oc0", 100000, RTE_MEMPOOL_CACHE_MAX_SIZE + 1, false, 0, 0);
	log = log_capture_stop();
	TEST_ASSERT(p == NULL, "cache above RTE_MEMPOOL_CACHE_MAX_SIZE accepted");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno after cache > MAX");
	TEST_ASSERT(strstr(log, "RTE_MEMPOOL_CACHE_MAX_SIZE") != NULL,
		"the log does not give the limit: '%s'", log);
	free(log);

	/* 68 * 1.5 = 102 > 100: rte_mempool would refuse it. */
	p = mk_pool("oc1", 100, 68, false, 0, 0);
	TEST_ASSERT(p == NULL, "cache 68 for 100 NBLs accepted");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno after cache > count");
	/* 66 * 1.5 = 99 <= 100 and 67 * 1.5 = 100.5 -> 100: both fit. */
	p = mk_pool("oc2", 100, 67, false, 0, 0);
	TEST_ASSERT(p != NULL, "cache 67 for 100 NBLs refused: %d", rte_errno);
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "free of an idle pool");
	p = mk_pool("oc3", 1000, RTE_MEMPOOL_CACHE_MAX_SIZE, false, 0, 0);
	TEST_ASSERT(p != NULL, "cache at the maximum refused: %d", rte_errno);
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "free of an idle pool");
	return 0;
}

static int
test_create_refuses_bad_name(void)
{
	struct nbl_pool *p, *q;

	p = mk_pool(NULL, 16, 0, false, 0, 0);
	TEST_ASSERT(p == NULL && rte_errno == EINVAL, "NULL name accepted");
	p = mk_pool("a_name_far_too_long_for_a_mempool", 16, 0, false, 0, 0);
	TEST_ASSERT(p == NULL && rte_errno == EINVAL, "long name accepted");
	p = mk_pool("dup", 16, 0, false, 0, 0);
	TEST_ASSERT(p != NULL, "pool dup not created");
	q = mk_pool("dup", 16, 0, false, 0, 0);
	TEST_ASSERT(q == NULL && rte_errno == EEXIST,
		"second pool of the same name: %p errno %d", q, rte_errno);
	TEST_ASSERT(nbl_pool_lookup("dup") == p, "lookup by name");
	TEST_ASSERT(nbl_pool_from_id(p->id) == p, "lookup by id");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "free of an idle pool");
	TEST_ASSERT(nbl_pool_lookup("dup") == NULL, "freed pool still found");
	TEST_ASSERT(nbl_pool_from_id(p->id) == NULL, "freed id still live");
	return 0;
}

/* ---------------------------------------------------- R2: allocation */

static int
test_alloc_with_nb_refused_on_plain_pool(void)
{
	struct nbl_pool *p = mk_pool("wnp", 16, 0, false, 0, 0);
	struct nbl *n;

	TEST_ASSERT(p != NULL, "pool not created");
	n = nbl_alloc_with_nb(p);
	TEST_ASSERT(n == NULL, "nbl_alloc_with_nb worked on a plain pool");
	TEST_ASSERT_EQUAL(rte_errno, EPERM, "rte_errno");
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_WRONG_ALLOC), 1, "not counted");
	n = nbl_alloc(p);
	TEST_ASSERT(n != NULL && n->first_nb == NULL && n->state == NBL_STATE_HELD,
		"plain alloc on a plain pool");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

/* The data area starts on a cache line whatever the context size, and
 * the object size the sizing estimate uses is the pool's. */
static int
test_data_area_on_cache_line(void)
{
	static const uint16_t ctxs[] = { 0, 16, 48, 64 };
	unsigned int i;

	for (i = 0; i < RTE_DIM(ctxs); i++) {
		char name[16];
		struct nbl_pool *p;
		struct nbl *n;
		uint8_t *end;

		snprintf(name, sizeof(name), "dal%u", i);
		p = mk_pool(name, 8, 0, true, ctxs[i], 100);
		TEST_ASSERT(p != NULL, "pool not created");
		n = nbl_alloc_with_nb(p);
		TEST_ASSERT(n != NULL, "nbl_alloc_with_nb failed");
		end = (uint8_t *)(n->first_nb + 1) + ctxs[i];
		TEST_ASSERT(((uintptr_t)n->first_nb->data %
				RTE_CACHE_LINE_SIZE) == 0 &&
			n->first_nb->data >= end &&
			n->first_nb->data < end + RTE_CACHE_LINE_SIZE,
			"context %u: data area at %p, context ends at %p",
			ctxs[i], (void *)n->first_nb->data, (void *)end);
		TEST_ASSERT_EQUAL(nbl_pool_obj_size(true, ctxs[i], 100),
			(uint32_t)(n->first_nb->data - (uint8_t *)n) + 100,
			"context %u: object size", ctxs[i]);
		TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
		nbl_pool_free(p);
	}
	return 0;
}

static int
test_alloc_plain_refused_on_prealloc_pool(void)
{
	struct nbl_pool *p = mk_pool("pnp", 16, 0, true, 32, 512);
	struct nbl *n;
	struct nb *nb;

	TEST_ASSERT(p != NULL, "pool not created");
	n = nbl_alloc(p);
	TEST_ASSERT(n == NULL, "nbl_alloc worked on an allocate_nb pool");
	TEST_ASSERT_EQUAL(rte_errno, EPERM, "rte_errno");
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_WRONG_ALLOC), 1, "not counted");
	n = nbl_alloc_with_nb(p);
	TEST_ASSERT(n != NULL, "nbl_alloc_with_nb failed");
	nb = n->first_nb;
	/* Layout: [nbl][nb][context][data]. */
	TEST_ASSERT(nb == (struct nb *)(n + 1), "first_nb is not the embedded NB");
	TEST_ASSERT(n->ctx == (uint8_t *)(nb + 1), "context area misplaced");
	TEST_ASSERT(nb->data == RTE_PTR_ALIGN_CEIL(n->ctx + 32,
			RTE_CACHE_LINE_SIZE) && nb->data_size == 512,
		"data area misplaced");
	TEST_ASSERT(nb->prealloc == 1 && nb->data_len == 0 &&
		nb->mdl_chain == NULL, "embedded NB not reset");
	/* Alloc resets what the last owner left. */
	n->flags = NBL_F_RESOURCES;
	n->status = -1;
	n->next = n;
	nb->data_len = 99;
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	n = nbl_alloc_with_nb(p);
	TEST_ASSERT(n != NULL && n->flags == 0 && n->status == 0 &&
		n->next == NULL && n->first_nb->data_len == 0 &&
		n->ctx_used == 0, "reallocated NBL not reset");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

static int
test_several_nbs_on_one_nbl(void)
{
	struct nbl_pool *p = mk_pool("snb", 16, 0, false, 0, 0);
	struct nbl_nb_pool *np = nbl_nb_pool_create("snb", 16, 0, SOCKET_ID_ANY);
	struct nb *nbs[3];
	struct nbl *n;
	unsigned int i;

	TEST_ASSERT(p != NULL && np != NULL, "pools not created");
	n = nbl_alloc(p);
	TEST_ASSERT(n != NULL, "alloc");
	for (i = 0; i < 3; i++) {
		nbs[i] = nbl_nb_alloc(np);
		TEST_ASSERT(nbs[i] != NULL, "NB %u", i);
		TEST_ASSERT_EQUAL(nbl_queue_nb(n, nbs[i]), 0, "queue NB %u", i);
	}
	TEST_ASSERT_EQUAL(nbl_queue_nb(n, nbs[1]), -EINVAL,
		"an NB queued twice");
	TEST_ASSERT(n->first_nb == nbs[0] && nbs[0]->next == nbs[1] &&
		nbs[1]->next == nbs[2] && nbs[2]->next == NULL,
		"NB list not in queue order");
	TEST_ASSERT_EQUAL(nbl_nb_pool_in_use(np), 3, "NBs in use");
	TEST_ASSERT_EQUAL(nbl_nb_free(nbs[1]), -EBUSY, "free of a queued NB");
	TEST_ASSERT_EQUAL(nbl_free(n), -ENOTEMPTY, "free with NBs queued");
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_NB_QUEUED), 1, "not counted");
	TEST_ASSERT_EQUAL(n->state, NBL_STATE_HELD, "refused free changed state");
	for (i = 0; i < 3; i++) {
		struct nb *nb = nbl_dequeue_nb(n);

		TEST_ASSERT(nb == nbs[i], "dequeue order at %u", i);
		TEST_ASSERT_EQUAL(nbl_nb_free(nb), 0, "NB free %u", i);
	}
	TEST_ASSERT(nbl_dequeue_nb(n) == NULL, "list not empty");
	TEST_ASSERT_EQUAL(nbl_nb_free(nbs[0]), -EALREADY, "NB double free");
	TEST_ASSERT_EQUAL(nbl_nb_pool_in_use(np), 0, "NBs in use");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free after dequeue");
	TEST_ASSERT_EQUAL(nbl_nb_pool_free(np), 0, "NB pool free");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

static int
test_bulk_alloc_returns_count(void)
{
	struct nbl_pool *p = mk_pool("bulk", 100, 16, true, 0, 0);
	struct nbl *objs[160];
	struct nbl_pool_stats st;
	unsigned int got, i;

	TEST_ASSERT(p != NULL, "pool not created");
	got = nbl_alloc_bulk(p, objs, 32);
	TEST_ASSERT_EQUAL(got, 32, "bulk of 32 from 100");
	TEST_ASSERT_EQUAL(nbl_free_bulk(objs, got), 32, "bulk free");
	got = nbl_alloc_bulk(p, objs, 150);
	TEST_ASSERT_EQUAL(got, 100, "asked 150 of a pool of 100");
	TEST_ASSERT_EQUAL(rte_errno, ENOMEM, "rte_errno when short");
	for (i = 0; i < got; i++)
		TEST_ASSERT(objs[i]->state == NBL_STATE_HELD &&
			objs[i]->first_nb == (struct nb *)(objs[i] + 1),
			"object %u not set up", i);
	TEST_ASSERT_EQUAL(nbl_alloc_bulk(p, objs + 100, 8), 0, "empty pool");
	nbl_pool_stats_get(p, &st);
	TEST_ASSERT_EQUAL(st.in_use, 100, "in_use");
	TEST_ASSERT_EQUAL(st.alloc_failures, 50 + 8, "failures by object");
	/* A duplicate in one bulk free: the second is refused. */
	objs[100] = objs[0];
	TEST_ASSERT_EQUAL(nbl_free_bulk(objs, 101), 100, "bulk free");
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_DOUBLE_FREE), 1, "duplicate counted");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

static int
test_cache_hits_counted(void)
{
	struct nbl_pool *p = mk_pool("hits", 256, 32, false, 0, 0);
	struct nbl_pool_stats st;
	struct nbl *n;

	TEST_ASSERT(p != NULL, "pool not created");
	n = nbl_alloc(p);	/* cache empty: miss, fills the cache */
	TEST_ASSERT(n != NULL, "alloc");
	nbl_free(n);
	n = nbl_alloc(p);	/* served from the cache */
	nbl_free(n);
	nbl_pool_stats_get(p, &st);
	TEST_ASSERT_EQUAL(st.cache_misses, 1, "misses");
	TEST_ASSERT_EQUAL(st.cache_hits, 1, "hits");
	TEST_ASSERT_EQUAL(st.allocs, 2, "allocs");
	TEST_ASSERT_EQUAL(st.frees, 2, "frees");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

/* ------------------------------------- R7: NumberOfDescriptors limit */

static int
check_exact_limit(struct nbl_mdl_pool *mp, uint32_t n)
{
	struct nbl_mdl **d = calloc(n + 1, sizeof(*d));
	uint64_t fails = nbl_mdl_pool_limit_failures(mp);
	static uint8_t mem[64];
	uint32_t i;

	TEST_ASSERT(d != NULL, "calloc");
	for (i = 0; i < n; i++) {
		d[i] = nbl_mdl_alloc(mp, mem, sizeof(mem));
		TEST_ASSERT(d[i] != NULL, "descriptor %u of %u refused: %d",
			i, n, rte_errno);
	}
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), n, "outstanding");
	TEST_ASSERT(nbl_mdl_alloc(mp, mem, sizeof(mem)) == NULL,
		"descriptor N+1 was given");
	TEST_ASSERT_EQUAL(rte_errno, ENOBUFS, "rte_errno at the limit");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_limit_failures(mp), fails + 1,
		"limit failure not counted");
	TEST_ASSERT_EQUAL(nbl_mdl_free(d[0]), 0, "free");
	d[0] = nbl_mdl_alloc(mp, mem, sizeof(mem));
	TEST_ASSERT(d[0] != NULL, "one free did not let one more through");
	TEST_ASSERT(nbl_mdl_alloc(mp, mem, sizeof(mem)) == NULL,
		"one free let two through");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_limit_failures(mp), fails + 2,
		"second limit failure not counted");
	for (i = 0; i < n; i++)
		TEST_ASSERT_EQUAL(nbl_mdl_free(d[i]), 0, "free %u", i);
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 0, "outstanding");
	free(d);
	return 0;
}

static int
test_number_of_descriptors_is_exact(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("ndx", 64, 0,
		SOCKET_ID_ANY);

	TEST_ASSERT(mp != NULL, "descriptor pool not created");
	if (check_exact_limit(mp, 64) != 0)
		return -1;
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

/*
 * NumberOfDescriptors counts every descriptor, the NBs' own ones (one per
 * receive descriptor, allocated with its NB) included: a pool of 64 with
 * 16 of them in NBs has 16 out from the start and gives exactly 48 more.
 */
static int
test_number_of_descriptors_counts_nb_own_descriptors(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create_ext("ndn", 64, 16, 0,
		SOCKET_ID_ANY);
	struct nbl_mdl *d[48];
	static uint8_t mem[64];
	unsigned int i;

	TEST_ASSERT(mp != NULL, "descriptor pool not created");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 16,
		"the NBs' descriptors are out from the start");
	for (i = 0; i < 48; i++) {
		d[i] = nbl_mdl_alloc(mp, mem, sizeof(mem));
		TEST_ASSERT(d[i] != NULL, "descriptor %u of 48 refused", i);
	}
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 64, "all 64 out");
	TEST_ASSERT(nbl_mdl_alloc(mp, mem, sizeof(mem)) == NULL &&
		rte_errno == ENOBUFS, "the 65th is refused");
	TEST_ASSERT_EQUAL(nbl_mdl_free(d[0]), 0, "free one");
	d[0] = nbl_mdl_alloc(mp, mem, sizeof(mem));
	TEST_ASSERT(d[0] != NULL, "one free lets one more through");
	TEST_ASSERT(nbl_mdl_alloc(mp, mem, sizeof(mem)) == NULL,
		"and no more");
	for (i = 0; i < 48; i++)
		TEST_ASSERT_EQUAL(nbl_mdl_free(d[i]), 0, "free %u", i);
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 16,
		"the NBs' descriptors stay out");
	TEST_ASSERT(nbl_mdl_pool_create_ext("ndn2", 8, 9, 0,
		SOCKET_ID_ANY) == NULL && rte_errno == EINVAL,
		"more in NBs than the limit is refused");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	mp = nbl_mdl_pool_create_ext("ndn3", 8, 8, 0, SOCKET_ID_ANY);
	TEST_ASSERT(mp != NULL, "a pool of NB descriptors only");
	TEST_ASSERT(nbl_mdl_alloc(mp, mem, sizeof(mem)) == NULL &&
		rte_errno == ENOBUFS, "gives none");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

struct churn_arg {
	struct nbl_mdl_pool *mp;
	unsigned int n;
	int rc;
};

static int
mdl_churn(void *arg)
{
	struct churn_arg *a = arg;
	struct nbl_mdl *d[64];
	static uint8_t mem[16];
	unsigned int i;

	a->rc = 0;
	for (i = 0; i < a->n; i++) {
		d[i] = nbl_mdl_alloc(a->mp, mem, sizeof(mem));
		if (d[i] == NULL)
			a->rc = -1;
	}
	for (i = 0; i < a->n; i++)
		if (d[i] != NULL)
			nbl_mdl_free(d[i]);
	return 0;
}

static int
test_number_of_descriptors_exact_with_cached_objects(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("ndc", 64, 0,
		SOCKET_ID_ANY);
	struct churn_arg a = { .mp = mp, .n = 40 };
	unsigned int worker = rte_get_next_lcore(-1, 1, 0);
	struct rte_mempool_cache *c0, *c1;
	struct rte_mempool *raw;

	TEST_ASSERT(mp != NULL, "descriptor pool not created");
	TEST_ASSERT(worker < RTE_MAX_LCORE, "no worker lcore (EAL -l 0-1)");
	TEST_ASSERT_EQUAL(rte_eal_remote_launch(mdl_churn, &a, worker), 0,
		"launch");
	rte_eal_wait_lcore(worker);
	TEST_ASSERT_EQUAL(a.rc, 0, "churn on the worker lcore failed");
	mdl_churn(&a);
	TEST_ASSERT_EQUAL(a.rc, 0, "churn on the main lcore failed");
	/* Both lcore caches must now hold descriptors, or the case is moot. */
	raw = rte_mempool_lookup("nbm_ndc");
	TEST_ASSERT(raw != NULL, "mempool nbm_ndc not found");
	c0 = rte_mempool_default_cache(raw, rte_get_main_lcore());
	c1 = rte_mempool_default_cache(raw, worker);
	TEST_ASSERT(c0 != NULL && c1 != NULL && c0->len > 0 && c1->len > 0,
		"lcore caches hold nothing (%u, %u)",
		c0 != NULL ? c0->len : 0, c1 != NULL ? c1->len : 0);
	if (check_exact_limit(mp, 64) != 0)
		return -1;
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

/* ------------------------------------------------ ownership (DESIGN 5) */

static int
test_double_free_refused_pool_intact(void)
{
	const unsigned int count = 64;
	struct nbl_pool *p = mk_pool("dfree", count, 8, false, 0, 0);
	struct nbl *all[65];
	struct nbl *n;
	unsigned int i, got = 0;
	char *log;

	TEST_ASSERT(p != NULL, "pool not created");
	n = nbl_alloc(p);
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "first free");
	log_capture_start();
	TEST_ASSERT_EQUAL(nbl_free(n), -EALREADY, "double free not refused");
	log = log_capture_stop();
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_DOUBLE_FREE), 1, "not counted");
	TEST_ASSERT(strstr(log, "double_free") != NULL &&
		strstr(log, "state free") != NULL,
		"log lacks kind or last state: '%s'", log);
	free(log);
	/* Every object exactly once: the free list was not touched. */
	while (got <= count && (n = nbl_alloc(p)) != NULL)
		all[got++] = n;
	TEST_ASSERT_EQUAL(got, count, "objects handed out");
	qsort(all, got, sizeof(all[0]), cmp_ptr);
	for (i = 1; i < got; i++)
		TEST_ASSERT(all[i] != all[i - 1], "%p handed out twice", all[i]);
	TEST_ASSERT_EQUAL(nbl_free_bulk(all, got), got, "free all");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

static int
test_violation_log_limited(void)
{
	struct nbl_pool *p = mk_pool("vlog", 16, 0, false, 0, 0);
	struct nbl *n = nbl_alloc(p);
	unsigned int i;
	char *log;

	TEST_ASSERT(n != NULL, "alloc");
	nbl_free(n);
	log_capture_start();
	for (i = 0; i < 20; i++)
		nbl_free(n);
	log = log_capture_stop();
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_DOUBLE_FREE), 20, "all counted");
	TEST_ASSERT_EQUAL(count_substr(log, "free refused"), 8,
		"logged lines: '%s'", log);
	TEST_ASSERT_EQUAL(count_substr(log, "further double_free violations are counted, not logged"),
		1, "notice: '%s'", log);
	free(log);
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

static int
test_foreign_nbl_refused(void)
{
	struct nbl_pool *a = mk_pool("fa", 16, 0, false, 0, 0);
	struct nbl_pool *b = mk_pool("fb", 16, 0, false, 0, 0);
	uint64_t orphans = nbl_orphan_violations();
	struct nbl fake;
	struct nbl *n;

	TEST_ASSERT(a != NULL && b != NULL, "pools not created");
	n = nbl_alloc(a);
	TEST_ASSERT_EQUAL(nbl_mark_indicated(n), 0, "indicate");
	TEST_ASSERT_EQUAL(nbl_check_return(b, n), -EXDEV, "return to pool b");
	TEST_ASSERT_EQUAL(viol(b, NBL_VIOL_FOREIGN), 1, "counted on b");
	TEST_ASSERT_EQUAL(viol(a, NBL_VIOL_FOREIGN), 0, "counted on a");
	TEST_ASSERT_EQUAL(n->state, NBL_STATE_INDICATED, "state changed");
	TEST_ASSERT_EQUAL(nbl_check_return(a, n), 0, "return to its pool");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	/* An NBL naming no live pool: same slot as a, other generation. */
	memset(&fake, 0, sizeof(fake));
	fake.state = NBL_STATE_HELD;
	fake.pool_id = (uint16_t)(a->id + NBL_MAX_POOLS);
	TEST_ASSERT_EQUAL(nbl_free(&fake), -EXDEV, "free of an orphan");
	TEST_ASSERT_EQUAL(nbl_orphan_violations(), orphans + 1,
		"orphan not counted");
	TEST_ASSERT_EQUAL(nbl_pool_free(a), 0, "pool a free");
	TEST_ASSERT_EQUAL(nbl_pool_free(b), 0, "pool b free");
	return 0;
}

static int
test_double_return_refused(void)
{
	struct nbl_pool *p = mk_pool("dret", 16, 0, false, 0, 0);
	struct nbl *n = nbl_alloc(p);

	TEST_ASSERT(n != NULL, "alloc");
	TEST_ASSERT_EQUAL(nbl_mark_indicated(n), 0, "indicate");
	TEST_ASSERT_EQUAL(nbl_check_return(p, n), 0, "return");
	TEST_ASSERT_EQUAL(nbl_check_return(p, n), -EALREADY, "double return");
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_DOUBLE_RETURN), 1, "not counted");
	TEST_ASSERT_EQUAL(n->state, NBL_STATE_HELD, "state changed");
	TEST_ASSERT_EQUAL(nbl_mark_indicated(n), 0, "indicate again");
	TEST_ASSERT_EQUAL(nbl_mark_indicated(n), -EBUSY, "indicate twice");
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_INDICATE_NOT_HELD), 1, "not counted");
	TEST_ASSERT_EQUAL(nbl_check_return(p, n), 0, "return");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

static int
test_free_indicated_refused(void)
{
	struct nbl_pool *p = mk_pool("find", 16, 0, false, 0, 0);
	struct nbl_pool_audit au;
	struct nbl *n = nbl_alloc(p);

	TEST_ASSERT(n != NULL, "alloc");
	TEST_ASSERT_EQUAL(nbl_mark_indicated(n), 0, "indicate");
	TEST_ASSERT_EQUAL(nbl_free(n), -EBUSY, "free of an indicated NBL");
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_FREE_INDICATED), 1, "not counted");
	nbl_pool_audit(p, &au);
	TEST_ASSERT_EQUAL(au.indicated, 1, "NBL no longer indicated");
	TEST_ASSERT_EQUAL(au.free, 15, "free count changed");
	TEST_ASSERT_EQUAL(nbl_check_return(p, n), 0, "return");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

/* --------------------------------------------------------- R6: halt */

static int
test_pool_free_refused_while_out_then_succeeds(void)
{
	struct nbl_pool *p = mk_pool("pfree", 16, 4, true, 0, 0);
	struct nbl_nb_pool *np = nbl_nb_pool_create("pfree", 16, 4,
		SOCKET_ID_ANY);
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("pfree", 16, 0,
		SOCKET_ID_ANY);
	struct nbl *n1, *n2;
	struct nbl_mdl *d;
	struct nb *nb;
	char *log;

	TEST_ASSERT(p != NULL && np != NULL && mp != NULL, "pools not created");
	n1 = nbl_alloc_with_nb(p);
	n2 = nbl_alloc_with_nb(p);
	nbl_mark_indicated(n2);
	log_capture_start();
	TEST_ASSERT_EQUAL(nbl_pool_free(p), -EBUSY, "pool freed with NBLs out");
	log = log_capture_stop();
	TEST_ASSERT(strstr(log, "held 1, indicated 1") != NULL,
		"log lacks the figures by state: '%s'", log);
	free(log);
	TEST_ASSERT(nbl_pool_lookup("pfree") == p, "refused free dropped it");
	nbl_free(n1);
	TEST_ASSERT_EQUAL(nbl_pool_free(p), -EBUSY, "pool freed with 1 out");
	nbl_check_return(p, n2);
	nbl_free(n2);
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free after all back");

	nb = nbl_nb_alloc(np);
	TEST_ASSERT_EQUAL(nbl_nb_pool_free(np), -EBUSY, "NB pool with NB out");
	nbl_nb_free(nb);
	TEST_ASSERT_EQUAL(nbl_nb_pool_free(np), 0, "NB pool free");

	d = nbl_mdl_alloc(mp, &d, sizeof(d));
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), -EBUSY, "mdl pool with one out");
	nbl_mdl_free(d);
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "mdl pool free");
	return 0;
}

static int
test_audit_counts_by_state(void)
{
	struct nbl_pool *p = mk_pool("audit", 32, 4, false, 0, 0);
	struct nbl_pool_audit au;
	struct nbl *n[8];
	unsigned int i;

	TEST_ASSERT(p != NULL, "pool not created");
	for (i = 0; i < 8; i++)
		n[i] = nbl_alloc(p);
	for (i = 5; i < 8; i++)
		nbl_mark_indicated(n[i]);
	TEST_ASSERT_EQUAL(nbl_pool_audit(p, &au), 0, "audit");
	TEST_ASSERT_EQUAL(au.count, 32, "count");
	TEST_ASSERT_EQUAL(au.free, 24, "free (ring and cache)");
	TEST_ASSERT_EQUAL(au.held, 5, "held");
	TEST_ASSERT_EQUAL(au.indicated, 3, "indicated");
	TEST_ASSERT_EQUAL(au.other, 0, "other");
	for (i = 5; i < 8; i++)
		nbl_check_return(p, n[i]);
	TEST_ASSERT_EQUAL(nbl_free_bulk(n, 8), 8, "free");
	nbl_pool_audit(p, &au);
	TEST_ASSERT_EQUAL(au.free, 32, "all free");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

/* ----------------------------------------------------------- context */

static int
test_context_stacks(void)
{
	struct nbl_pool *p = mk_pool("ctx", 4, 0, false, 64, 0);
	struct nbl *n = nbl_alloc(p);
	uint8_t *a, *b;

	TEST_ASSERT(n != NULL && n->ctx != NULL && n->ctx_size == 64, "alloc");
	a = nbl_context_alloc(n, 16);
	TEST_ASSERT(a == n->ctx + 48, "first context not at the end");
	b = nbl_context_alloc(n, 32);
	TEST_ASSERT(b == n->ctx + 16, "second context not in front of first");
	TEST_ASSERT(nbl_context_alloc(n, 32) == NULL && rte_errno == ENOSPC,
		"allocation beyond the area");
	TEST_ASSERT(nbl_context_alloc(n, 8) == NULL && rte_errno == EINVAL,
		"unaligned size accepted");
	TEST_ASSERT_EQUAL(n->ctx_used, 48, "ctx_used");
	TEST_ASSERT_EQUAL(nbl_context_free(n, 32), 0, "free newest");
	TEST_ASSERT_EQUAL(nbl_context_free(n, 32), -EINVAL, "free too much");
	TEST_ASSERT(nbl_context_alloc(n, 16) == n->ctx + 32,
		"freed space not reused from the top of the stack");
	TEST_ASSERT_EQUAL(nbl_context_free(n, 32), 0, "free both");
	TEST_ASSERT_EQUAL(n->ctx_used, 0, "ctx_used");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_CONTEXT_LEAK), 0, "no leak");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

/* A free with a context still allocated is refused (-ENOTEMPTY, apart
 * from a bad argument's -EINVAL), counted, and touches nothing: the NBL
 * stays HELD with its context, the pool gives nothing back; freed once
 * the context is. */
static int
test_free_with_context_refused(void)
{
	struct nbl_pool *p = mk_pool("ctxl", 1, 0, false, 32, 0);
	struct nbl_pool_stats st;
	struct nbl *n = nbl_alloc(p);

	TEST_ASSERT(n != NULL, "alloc");
	TEST_ASSERT(nbl_context_alloc(n, 16) != NULL, "context alloc");
	TEST_ASSERT_EQUAL(nbl_free(n), -ENOTEMPTY,
		"free with a context allocated: refused");
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_CONTEXT_LEAK), 1, "counted");
	TEST_ASSERT_EQUAL(n->state, NBL_STATE_HELD, "still HELD");
	TEST_ASSERT_EQUAL(n->ctx_used, 16, "its context untouched");
	nbl_pool_stats_get(p, &st);
	TEST_ASSERT_EQUAL(st.frees, 0, "nothing went back to the pool");
	TEST_ASSERT_EQUAL(st.in_use, 1, "still in use");
	TEST_ASSERT(nbl_alloc(p) == NULL, "the pool's only NBL is not free");
	TEST_ASSERT_EQUAL(nbl_free(NULL), -EINVAL, "NULL: a bad argument");
	TEST_ASSERT_EQUAL(nbl_context_free(n, 16), 0, "context freed");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "then the free goes through");
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_CONTEXT_LEAK), 1, "no more counted");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

/* ------------------------------------------------ R8: descriptors */

static int
test_adjust_longer_than_original_refused(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("adj", 4, 0,
		SOCKET_ID_ANY);
	uint8_t mem[100];
	struct nbl_mdl *d;
	uint32_t len;
	void *addr;

	TEST_ASSERT(mp != NULL, "pool");
	d = nbl_mdl_alloc(mp, mem, sizeof(mem));
	TEST_ASSERT(d != NULL, "alloc");
	TEST_ASSERT_EQUAL(nbl_mdl_adjust_len(d, 101), -EINVAL, "overlong");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_violations(mp, NBL_VIOL_MDL_OVERLONG), 1,
		"not counted");
	nbl_mdl_query(d, &addr, &len);
	TEST_ASSERT(addr == mem && len == 100, "refused adjust changed it");
	TEST_ASSERT_EQUAL(nbl_mdl_adjust_len(d, 60), 0, "shorten");
	TEST_ASSERT_EQUAL(nbl_mdl_adjust_len(d, 100), 0, "restore");
	TEST_ASSERT_EQUAL(nbl_mdl_free(d), 0, "free of a restored descriptor");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

/* R8: a descriptor is restored before it is freed. A free of a
 * shortened one is refused (-ERANGE), counted, and leaves it as it is:
 * outstanding, shortened, HELD; a chain free leaves it out. Restored, it
 * is freed; freed twice, refused (-EALREADY). */
static int
test_free_shortened_mdl_refused(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("short", 4, 0,
		SOCKET_ID_ANY);
	uint8_t mem[100];
	struct nbl_mdl *d, *e;

	TEST_ASSERT(mp != NULL, "pool");
	d = nbl_mdl_alloc(mp, mem, sizeof(mem));
	e = nbl_mdl_alloc(mp, mem, sizeof(mem));
	TEST_ASSERT(d != NULL && e != NULL, "two descriptors");
	TEST_ASSERT_EQUAL(nbl_mdl_adjust_len(d, 10), 0, "shorten");
	TEST_ASSERT_EQUAL(nbl_mdl_free(d), -ERANGE, "shortened: refused");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_violations(mp, NBL_VIOL_MDL_SHORTENED), 1,
		"counted");
	TEST_ASSERT_EQUAL(d->len, 10, "left shortened");
	TEST_ASSERT_EQUAL(d->state, NBL_STATE_HELD, "left HELD");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 2, "not freed");
	/* a chain: the shortened one is left out, the other freed */
	d->next = e;
	TEST_ASSERT_EQUAL(nbl_mdl_free_chain(d), 1, "one of two freed");
	TEST_ASSERT(d->next == NULL && d->state == NBL_STATE_HELD,
		"the refused one unlinked, as it was");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_violations(mp, NBL_VIOL_MDL_SHORTENED), 2,
		"counted again");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 1, "d still out");
	TEST_ASSERT_EQUAL(nbl_mdl_adjust_len(d, 100), 0, "restore");
	TEST_ASSERT_EQUAL(nbl_mdl_free(d), 0, "restored: freed");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 0, "none out");
	TEST_ASSERT_EQUAL(nbl_mdl_free(d), -EALREADY, "double free");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_violations(mp, NBL_VIOL_DOUBLE_FREE), 1,
		"double free counted");
	TEST_ASSERT_EQUAL(nbl_mdl_free(NULL), -EINVAL, "NULL: a bad argument");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 0, "outstanding moved");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

static int
test_copy_range_shares_bytes(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("copy", 4, 0,
		SOCKET_ID_ANY);
	uint8_t mem[100];
	struct nbl_mdl *d, *c;
	uint32_t i;

	TEST_ASSERT(mp != NULL, "pool");
	for (i = 0; i < sizeof(mem); i++)
		mem[i] = (uint8_t)i;
	d = nbl_mdl_alloc(mp, mem, sizeof(mem));
	c = nbl_mdl_copy_range(mp, d, 10, 20);
	TEST_ASSERT(c != NULL, "copy_range");
	TEST_ASSERT(c->addr == d->addr + 10 && c->len == 20, "range");
	c->addr[0] = 0xee;
	TEST_ASSERT_EQUAL(d->addr[10], 0xee, "write through copy not seen");
	d->addr[29] = 0xdd;
	TEST_ASSERT_EQUAL(c->addr[19], 0xdd, "write through source not seen");
	TEST_ASSERT(nbl_mdl_copy_range(mp, d, 90, 11) == NULL &&
		rte_errno == EINVAL, "range past the end accepted");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 2, "outstanding");
	nbl_mdl_free(c);
	nbl_mdl_free(d);
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

static struct rte_mempool *
test_mbuf_pool(void)
{
	struct rte_mempool *mp = rte_mempool_lookup("nbl_test_mbuf");

	if (mp == NULL)
		mp = rte_pktmbuf_pool_create("nbl_test_mbuf", 255, 0, 0,
			RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	return mp;
}

static int
test_retreat_uses_backfill(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("rb", 8, 256,
		SOCKET_ID_ANY);
	struct rte_mempool *mbp = test_mbuf_pool();
	struct nbl_mdl *chain;
	struct rte_mbuf *m;
	uint32_t off, i;
	uint8_t *data, out[80];
	struct nb nb;

	TEST_ASSERT(mp != NULL && mbp != NULL, "pools");
	m = rte_pktmbuf_alloc(mbp);
	data = (uint8_t *)rte_pktmbuf_append(m, 64);
	for (i = 0; i < 64; i++)
		data[i] = (uint8_t)i;
	chain = nbl_mdl_map_mbuf(mp, m, &off);
	TEST_ASSERT(chain != NULL && off == RTE_PKTMBUF_HEADROOM, "map");
	memset(&nb, 0, sizeof(nb));
	TEST_ASSERT_EQUAL(nbl_nb_set_data(&nb, chain, off, 64), 0, "set_data");
	TEST_ASSERT_EQUAL(nbl_nb_retreat(&nb, 14, mp), 0, "retreat");
	TEST_ASSERT(nb.mdl_chain == chain, "a descriptor was chained");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 1, "descriptor taken");
	TEST_ASSERT_EQUAL(nb.data_offset, RTE_PKTMBUF_HEADROOM - 14, "offset");
	TEST_ASSERT_EQUAL(nb.data_len, 78, "length");
	memset(data - 14, 0xab, 14);
	TEST_ASSERT_EQUAL(nbl_nb_copy_out(&nb, out, sizeof(out)), 78, "copy");
	TEST_ASSERT(out[0] == 0xab && out[13] == 0xab && out[14] == 0 &&
		out[77] == 63, "data start not in the headroom");
	TEST_ASSERT_EQUAL(nbl_nb_advance(&nb, 14, true), 0, "advance back");
	TEST_ASSERT(nb.mdl_chain == chain, "mapped descriptor freed");
	TEST_ASSERT_EQUAL(nbl_mdl_free_chain(chain), 1, "free chain");
	rte_pktmbuf_free(m);
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

static int
test_retreat_without_backfill_chains_mdl(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("rn", 2, 128,
		SOCKET_ID_ANY);
	struct nbl_mdl *d, *x;
	uint8_t mem[32], out[64];
	struct nb nb;
	uint32_t i;

	TEST_ASSERT(mp != NULL, "pool");
	for (i = 0; i < sizeof(mem); i++)
		mem[i] = (uint8_t)(i + 1);
	d = nbl_mdl_alloc(mp, mem, sizeof(mem));
	memset(&nb, 0, sizeof(nb));
	/* 4 bytes of backfill, retreat by 20: 4 + 16 from a new descriptor. */
	TEST_ASSERT_EQUAL(nbl_nb_set_data(&nb, d, 4, 28), 0, "set_data");
	TEST_ASSERT_EQUAL(nbl_nb_retreat(&nb, 20, NULL), -EINVAL,
		"retreat without a pool");
	TEST_ASSERT_EQUAL(nbl_nb_retreat(&nb, 20, mp), 0, "retreat");
	TEST_ASSERT(nb.mdl_chain != d && nb.mdl_chain->next == d,
		"no descriptor chained in front");
	TEST_ASSERT(nb.mdl_chain->buf != NULL &&
		nb.mdl_chain->addr == nb.mdl_chain->buf, "not its own buffer");
	TEST_ASSERT_EQUAL(nb.data_len, 48, "length");
	TEST_ASSERT_EQUAL(nb.data_offset, 128 - 16, "offset in new descriptor");
	TEST_ASSERT(nb.cur_mdl == nb.mdl_chain && nb.cur_mdl_offset == 112,
		"current descriptor");
	memset(nb.mdl_chain->addr + 112, 0xcc, 16);
	TEST_ASSERT_EQUAL(nbl_nb_copy_out(&nb, out, sizeof(out)), 48, "copy");
	TEST_ASSERT(out[0] == 0xcc && out[15] == 0xcc && out[16] == 1 &&
		out[20] == 5 && out[47] == 32, "data not contiguous");
	/* Limit reached: retreat cannot have a descriptor. */
	TEST_ASSERT_EQUAL(nbl_nb_retreat(&nb, 300, mp), -EINVAL,
		"retreat beyond the buffer size");
	x = nbl_mdl_alloc(mp, mem, 1);
	TEST_ASSERT(x == NULL, "limit of 2 not applied");
	TEST_ASSERT_EQUAL(nbl_nb_advance(&nb, 48, true), 0, "advance");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 1, "retreat mdl kept");
	TEST_ASSERT_EQUAL(nbl_mdl_free_chain(nb.mdl_chain), 1, "free chain");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

static int
test_retreat_fails_at_limit(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("rl", 1, 64,
		SOCKET_ID_ANY);
	uint8_t mem[16];
	struct nbl_mdl *d;
	struct nb nb;

	TEST_ASSERT(mp != NULL, "pool");
	d = nbl_mdl_alloc(mp, mem, sizeof(mem));
	memset(&nb, 0, sizeof(nb));
	nbl_nb_set_data(&nb, d, 0, 16);
	TEST_ASSERT_EQUAL(nbl_nb_retreat(&nb, 8, mp), -ENOBUFS, "at the limit");
	TEST_ASSERT(nb.mdl_chain == d && nb.data_len == 16, "NB changed");
	nbl_mdl_free(d);
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

static int
test_advance_frees_mdl(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("adv", 4, 64,
		SOCKET_ID_ANY);
	uint8_t mem[32], out[32];
	struct nbl_mdl *d;
	struct nb nb;

	TEST_ASSERT(mp != NULL, "pool");
	memset(mem, 7, sizeof(mem));
	d = nbl_mdl_alloc(mp, mem, sizeof(mem));
	memset(&nb, 0, sizeof(nb));
	nbl_nb_set_data(&nb, d, 0, 32);
	TEST_ASSERT_EQUAL(nbl_nb_retreat(&nb, 10, mp), 0, "retreat");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 2, "outstanding");
	/* Not past the retreat descriptor yet: it still holds data. */
	TEST_ASSERT_EQUAL(nbl_nb_advance(&nb, 9, true), 0, "advance 9");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 2, "freed too early");
	/* Without free_mdl nothing is freed. */
	TEST_ASSERT_EQUAL(nbl_nb_advance(&nb, 1, false), 0, "advance 1");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 2, "freed w/o free_mdl");
	TEST_ASSERT_EQUAL(nbl_nb_advance(&nb, 2, true), 0, "advance 2");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 1, "not freed");
	TEST_ASSERT(nb.mdl_chain == d && nb.data_offset == 2 &&
		nb.data_len == 30, "NB after advance");
	TEST_ASSERT_EQUAL(nbl_nb_copy_out(&nb, out, sizeof(out)), 30, "copy");
	TEST_ASSERT_EQUAL(nbl_nb_advance(&nb, 31, true), -EINVAL,
		"advance past the data");
	/* The mapped descriptor is never freed by an advance. */
	TEST_ASSERT_EQUAL(nbl_nb_advance(&nb, 30, true), 0, "advance all");
	TEST_ASSERT(nb.mdl_chain == d, "mapped descriptor unchained");
	nbl_mdl_free(d);
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

/* R8: a descriptor chained at the front of an NB is room in front of the
 * data (NdisChainBufferAtFront: the data offset grows, a retreat uses
 * it); one chained at the back is more data (NdisChainBufferAtBack: the
 * length grows). Both mark the NB changed for its owner's reuse check. */
static int
test_chain_front_is_room_back_is_data(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("chn", 4, 0,
		SOCKET_ID_ANY);
	uint8_t a[8], f[4], b[2], out[16];
	struct nbl_mdl *da, *df, *db;
	struct nb nb;

	TEST_ASSERT(mp != NULL, "pool");
	memset(a, 'a', sizeof(a));
	memset(f, 'f', sizeof(f));
	memset(b, 'b', sizeof(b));
	da = nbl_mdl_alloc(mp, a, sizeof(a));
	df = nbl_mdl_alloc(mp, f, sizeof(f));
	db = nbl_mdl_alloc(mp, b, sizeof(b));
	TEST_ASSERT(da != NULL && df != NULL && db != NULL, "descriptors");
	memset(&nb, 0, sizeof(nb));
	TEST_ASSERT_EQUAL(nbl_nb_set_data(&nb, da, 0, 8), 0, "data over a");
	nb.modified = 0;
	nbl_nb_chain_front(&nb, df);
	TEST_ASSERT(nb.mdl_chain == df && df->next == da, "f chained first");
	TEST_ASSERT(nb.data_offset == 4 && nb.data_len == 8,
		"the data is still a's 8 bytes, 4 bytes in: %u %u",
		nb.data_offset, nb.data_len);
	TEST_ASSERT(nb.cur_mdl == da && nb.cur_mdl_offset == 0,
		"the current descriptor holds the first data byte");
	TEST_ASSERT_EQUAL(nb.modified, 1, "marked changed");
	TEST_ASSERT_EQUAL(nbl_nb_copy_out(&nb, out, sizeof(out)), 8, "copy");
	TEST_ASSERT(memcmp(out, a, 8) == 0, "a's bytes");
	TEST_ASSERT_EQUAL(nbl_nb_retreat(&nb, 4, NULL), 0,
		"a retreat uses the room in front");
	TEST_ASSERT_EQUAL(nbl_nb_copy_out(&nb, out, sizeof(out)), 12, "copy");
	TEST_ASSERT(memcmp(out, "ffffaaaaaaaa", 12) == 0, "f then a");
	nb.modified = 0;
	nbl_nb_chain_back(&nb, db);
	TEST_ASSERT(da->next == db && db->next == NULL, "b chained last");
	TEST_ASSERT_EQUAL(nb.data_len, 14, "b's 2 bytes are data");
	TEST_ASSERT_EQUAL(nb.modified, 1, "marked changed");
	TEST_ASSERT_EQUAL(nbl_nb_copy_out(&nb, out, sizeof(out)), 14, "copy");
	TEST_ASSERT(memcmp(out, "ffffaaaaaaaabb", 14) == 0, "f, a, then b");
	TEST_ASSERT_EQUAL(nbl_mdl_free_chain(nb.mdl_chain), 3, "free all");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

/* Each refused free has its own code: a bad argument is -EINVAL, an
 * object of no live pool (or in no state of one) -EXDEV, for NBLs, NBs
 * and descriptors alike. */
static int
test_free_of_no_live_pool_is_exdev(void)
{
	struct nbl_nb_pool *np = nbl_nb_pool_create("xnb", 4, 0,
		SOCKET_ID_ANY);
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("xmd", 4, 0,
		SOCKET_ID_ANY);
	struct nbl_pool *p = mk_pool("xnp", 4, 0, true, 0, 0);
	struct nb *nb, fake_nb;
	struct nbl_mdl *d, fake_mdl;
	struct nbl *n;
	uint8_t mem[8];

	TEST_ASSERT(np != NULL && mp != NULL && p != NULL, "pools");
	nb = nbl_nb_alloc(np);
	TEST_ASSERT(nb != NULL, "NB");
	fake_nb = *nb;
	fake_nb.pool_id = 0xfff0;
	TEST_ASSERT_EQUAL(nbl_nb_free(&fake_nb), -EXDEV,
		"an NB whose pool id names no NB pool");
	fake_nb = *nb;
	fake_nb.state = 0;
	TEST_ASSERT_EQUAL(nbl_nb_free(&fake_nb), -EXDEV,
		"an NB in no NB state");
	TEST_ASSERT_EQUAL(nbl_nb_free(NULL), -EINVAL, "NULL");
	n = nbl_alloc_with_nb(p);
	TEST_ASSERT(n != NULL, "NBL");
	TEST_ASSERT_EQUAL(nbl_nb_free(n->first_nb), -EINVAL,
		"a preallocated NB goes with its NBL");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "NBL free");
	TEST_ASSERT_EQUAL(nbl_nb_free(nb), 0, "the real NB");
	d = nbl_mdl_alloc(mp, mem, sizeof(mem));
	TEST_ASSERT(d != NULL, "descriptor");
	fake_mdl = *d;
	fake_mdl.state = 0;
	TEST_ASSERT_EQUAL(nbl_mdl_free(&fake_mdl), -EXDEV,
		"a descriptor in no descriptor state");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_outstanding(mp), 1, "nothing freed");
	TEST_ASSERT_EQUAL(nbl_mdl_free(d), 0, "the real descriptor");
	TEST_ASSERT_EQUAL(nbl_nb_pool_free(np), 0, "NB pool free");
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "descriptor pool free");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

static int
test_map_multiseg_mbuf_chain(void)
{
	struct nbl_mdl_pool *mp = nbl_mdl_pool_create("mseg", 8, 0,
		SOCKET_ID_ANY);
	struct rte_mempool *mbp = test_mbuf_pool();
	const uint16_t lens[3] = { 100, 200, 50 };
	uint8_t want[350], got[400];
	struct rte_mbuf *m = NULL, *s;
	struct nbl_mdl *chain, *d;
	uint32_t off, i, k = 0;
	struct nb nb;

	TEST_ASSERT(mp != NULL && mbp != NULL, "pools");
	for (i = 0; i < 3; i++) {
		uint8_t *p;
		uint16_t j;

		s = rte_pktmbuf_alloc(mbp);
		TEST_ASSERT(s != NULL, "mbuf");
		p = (uint8_t *)rte_pktmbuf_append(s, lens[i]);
		for (j = 0; j < lens[i]; j++, k++)
			p[j] = want[k] = (uint8_t)(k * 7 + 3);
		if (m == NULL)
			m = s;
		else
			TEST_ASSERT_EQUAL(rte_pktmbuf_chain(m, s), 0, "chain");
	}
	chain = nbl_mdl_map_mbuf(mp, m, &off);
	TEST_ASSERT(chain != NULL, "map");
	TEST_ASSERT_EQUAL(off, m->data_off, "data offset is the headroom");
	TEST_ASSERT(chain->addr == m->buf_addr, "first not at buf_addr");
	for (d = chain, s = m, i = 0; d != NULL; d = d->next, s = s->next, i++) {
		TEST_ASSERT(i < 3 && d->mbuf == s, "descriptor %u segment", i);
		TEST_ASSERT_EQUAL(d->len, (i == 0 ? off : 0) + lens[i],
			"length of descriptor %u", i);
	}
	TEST_ASSERT_EQUAL(i, 3, "descriptors");
	memset(&nb, 0, sizeof(nb));
	TEST_ASSERT_EQUAL(nbl_nb_set_data(&nb, chain, off, m->pkt_len), 0,
		"set_data");
	TEST_ASSERT_EQUAL(nbl_nb_copy_out(&nb, got, sizeof(got)), 350, "copy");
	TEST_ASSERT(memcmp(got, want, 350) == 0, "copied data differs");
	TEST_ASSERT_EQUAL(nbl_mdl_free_chain(chain), 3, "free chain");
	rte_pktmbuf_free(m);
	TEST_ASSERT_EQUAL(nbl_mdl_pool_free(mp), 0, "pool free");
	return 0;
}

/* ------------------------------------------------------- statistics */

struct stat_arg {
	struct nbl_pool *p;
	unsigned int n;
};

static int
alloc_free_loop(void *arg)
{
	struct stat_arg *a = arg;
	unsigned int i;

	for (i = 0; i < a->n; i++) {
		struct nbl *n = nbl_alloc(a->p);

		if (n != NULL)
			nbl_free(n);
	}
	return 0;
}

static int
test_stats_summed_from_two_lcores(void)
{
	const unsigned int K = 30000, M = 20000;
	struct nbl_pool *p = mk_pool("st2", 1024, 32, false, 0, 0);
	unsigned int worker = rte_get_next_lcore(-1, 1, 0);
	unsigned int main_lc = rte_get_main_lcore();
	struct stat_arg wa = { .n = K }, ma = { .n = M };
	struct nbl_pool_stats st;

	TEST_ASSERT(p != NULL, "pool");
	TEST_ASSERT(worker < RTE_MAX_LCORE, "no worker lcore (EAL -l 0-1)");
	wa.p = ma.p = p;
	TEST_ASSERT_EQUAL(rte_eal_remote_launch(alloc_free_loop, &wa, worker),
		0, "launch");
	alloc_free_loop(&ma);
	rte_eal_wait_lcore(worker);
	nbl_pool_stats_get(p, &st);
	TEST_ASSERT_EQUAL(st.allocs, K + M, "allocs summed");
	TEST_ASSERT_EQUAL(st.frees, K + M, "frees summed");
	TEST_ASSERT_EQUAL(st.cache_hits + st.cache_misses, K + M,
		"hits + misses");
	TEST_ASSERT_EQUAL(st.in_use, 0, "in_use");
	TEST_ASSERT_EQUAL(p->stats[worker].allocs, K, "worker slot");
	TEST_ASSERT_EQUAL(p->stats[main_lc].allocs, M, "main slot");
	TEST_ASSERT_EQUAL(p->stats[RTE_MAX_LCORE].allocs, 0, "non-EAL slot");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

static uint64_t
injected_run(struct nbl_pool *p, uint64_t seed, unsigned int n)
{
	struct nbl_pool_stats before, after;
	unsigned int i;

	nbl_pool_stats_get(p, &before);
	nbl_pool_set_fail_pct(p, 6, seed);
	for (i = 0; i < n; i++) {
		struct nbl *x = nbl_alloc(p);

		if (x != NULL)
			nbl_free(x);
	}
	nbl_pool_set_fail_pct(p, 0, 0);
	nbl_pool_stats_get(p, &after);
	return after.injected_failures - before.injected_failures;
}

static int
test_injected_failures_rate(void)
{
	const unsigned int n = 100000;
	struct nbl_pool *p = mk_pool("inj", 64, 8, false, 0, 0);
	struct nbl_pool_stats st;
	struct nbl *objs[32];
	uint64_t a, b, inj0;
	unsigned int got;

	TEST_ASSERT(p != NULL, "pool");
	TEST_ASSERT_EQUAL(nbl_pool_set_fail_pct(p, 101, 1), -EINVAL, "pct 101");
	TEST_ASSERT_EQUAL(nbl_pool_set_fail_pct(p, -1, 1), -EINVAL, "pct -1");
	a = injected_run(p, 42, n);
	TEST_ASSERT(a >= n * 5 / 100 && a <= n * 7 / 100,
		"%" PRIu64 " injected of %u: not 6%% +- 1 point", a, n);
	b = injected_run(p, 42, n);
	TEST_ASSERT_EQUAL(a, b, "same seed, different count");
	nbl_pool_stats_get(p, &st);
	TEST_ASSERT_EQUAL(st.alloc_failures, 0, "injected counted as real");
	TEST_ASSERT_EQUAL(st.allocs, 2 * n - a - b, "allocs");
	/* Each object of a bulk call counts. */
	inj0 = st.injected_failures;
	nbl_pool_set_fail_pct(p, 100, 7);
	got = nbl_alloc_bulk(p, objs, 32);
	nbl_pool_stats_get(p, &st);
	TEST_ASSERT_EQUAL(got, 0, "allocated at 100%%");
	TEST_ASSERT_EQUAL(st.injected_failures - inj0, 32, "bulk objects");
	nbl_pool_set_fail_pct(p, 0, 0);
	TEST_ASSERT(nbl_alloc_bulk(p, objs, 32) == 32, "rate 0 still failing");
	nbl_free_bulk(objs, 32);
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

/* -------------------------------------------------------- telemetry */

static int
test_telemetry_pool_json(void)
{
	static const char * const keys[] = {
		"name", "tag", "count", "cache_size", "allocate_nb",
		"context_size", "data_size", "in_use", "allocs", "frees",
		"cache_hits", "cache_misses", "alloc_failures",
		"injected_failures", "violations", "free", "held", "indicated",
		"double_free", "wrong_alloc",
	};
	struct nbl_pool *p = mk_pool("telpool", 64, 8, true, 16, 128);
	char buf[16384], key[64];
	struct nbl *n;
	unsigned int i;
	size_t len;
	int rc;

	TEST_ASSERT(p != NULL, "pool");
	n = nbl_alloc_with_nb(p);
	nbl_alloc(p);	/* one wrong_alloc violation */
	rc = nbl_test_telemetry_query("/nbl/pools", buf, sizeof(buf));
	TEST_ASSERT_EQUAL(rc, 0, "/nbl/pools query");
	TEST_ASSERT(strstr(buf, "\"telpool\"") != NULL, "pool list: %s", buf);
	TEST_ASSERT_EQUAL(nbl_test_telemetry_query("/nbl/pool,telpool", buf, sizeof(buf)), 0,
		"/nbl/pool query");
	len = strlen(buf);
	TEST_ASSERT(len > 2 && buf[0] == '{' && buf[len - 1] == '}',
		"not a JSON object: %s", buf);
	TEST_ASSERT(strstr(buf, "{\"/nbl/pool\":{") == buf, "reply: %s", buf);
	for (i = 0; i < RTE_DIM(keys); i++) {
		snprintf(key, sizeof(key), "\"%s\":", keys[i]);
		TEST_ASSERT(strstr(buf, key) != NULL, "key %s missing: %s",
			keys[i], buf);
	}
	TEST_ASSERT(strstr(buf, "\"tag\":\"Test\"") != NULL, "tag: %s", buf);
	TEST_ASSERT(strstr(buf, "\"held\":1") != NULL, "held: %s", buf);
	TEST_ASSERT(strstr(buf, "\"wrong_alloc\":1") != NULL, "viol: %s", buf);
	nbl_free(n);
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

/* --------------------------------------------- reuse by the owner (R4) */

/*
 * nbl_free_ok() says beforehand what nbl_free() will do: true exactly
 * when the free succeeds without counting a violation.
 */
static int
test_free_ok_says_what_free_does(void)
{
	struct nbl_pool *p = mk_pool("fok", 16, 0, true, 32, 0);
	struct nbl_pool *plain = mk_pool("fokp", 16, 0, false, 0, 0);
	struct nbl_nb_pool *np = nbl_nb_pool_create("fokn", 16, 0,
		SOCKET_ID_ANY);
	struct nbl_pool_stats st;
	struct nbl *n, *gone;
	struct nb *extra;
	uint64_t before;
	unsigned int k;

	TEST_ASSERT(p != NULL && plain != NULL && np != NULL, "pools");
	/* HELD, nothing left behind: accepted. */
	n = nbl_alloc_with_nb(p);
	TEST_ASSERT(n != NULL, "alloc");
	TEST_ASSERT(nbl_free_ok(n), "a fresh NBL would be freed");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "and it is");
	/* Already FREE: refused. */
	gone = n;
	TEST_ASSERT(!nbl_free_ok(gone), "a free NBL would be refused");
	/* INDICATED: refused. */
	n = nbl_alloc_with_nb(p);
	TEST_ASSERT(n != NULL && nbl_mark_indicated(n) == 0, "indicated");
	TEST_ASSERT(!nbl_free_ok(n), "an indicated NBL would be refused");
	TEST_ASSERT_EQUAL(nbl_free(n), -EBUSY, "and it is");
	TEST_ASSERT_EQUAL(nbl_check_return(p, n), 0, "take it back");
	/* Context left allocated: refused, counted. */
	TEST_ASSERT(nbl_context_alloc(n, 16) != NULL, "context");
	TEST_ASSERT(!nbl_free_ok(n), "an NBL with a context is refused");
	before = viol(p, NBL_VIOL_CONTEXT_LEAK);
	TEST_ASSERT_EQUAL(nbl_free(n), -ENOTEMPTY, "and it is");
	TEST_ASSERT_EQUAL(viol(p, NBL_VIOL_CONTEXT_LEAK), before + 1,
		"and counted");
	TEST_ASSERT_EQUAL(nbl_context_free(n, 16), 0, "context freed");
	TEST_ASSERT(nbl_free_ok(n), "without it: accepted");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	/* A separate NB still queued: refused. */
	n = nbl_alloc(plain);
	extra = nbl_nb_alloc(np);
	TEST_ASSERT(n != NULL && extra != NULL, "plain NBL and NB");
	TEST_ASSERT_EQUAL(nbl_queue_nb(n, extra), 0, "queue");
	TEST_ASSERT(!nbl_free_ok(n), "an NBL with an NB queued is refused");
	TEST_ASSERT_EQUAL(nbl_free(n), -ENOTEMPTY, "and it is");
	TEST_ASSERT(nbl_dequeue_nb(n) == extra, "dequeue");
	TEST_ASSERT(nbl_free_ok(n), "alone again: accepted");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	TEST_ASSERT_EQUAL(nbl_nb_free(extra), 0, "NB free");
	/* Nothing above that nbl_free_ok() accepted counted anything. */
	nbl_pool_stats_get(plain, &st);
	for (k = 0; k < NBL_VIOL_MAX; k++)
		TEST_ASSERT_EQUAL(st.violations[k], k == NBL_VIOL_NB_QUEUED,
			"plain pool violation %s", nbl_violation_name(k));
	TEST_ASSERT_EQUAL(nbl_nb_pool_free(np), 0, "NB pool free");
	TEST_ASSERT_EQUAL(nbl_pool_free(plain), 0, "plain pool free");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

/* The cache line of an address, for the layout case. */
static uintptr_t
line_of(const volatile void *p)
{
	return (uintptr_t)p / RTE_CACHE_LINE_SIZE;
}

/*
 * The receive descriptor's layout on real pool objects: what a fill
 * writes and a return reads lies in two cache lines, the NBL's first and
 * the line of its NB's per-packet fields with the first half of
 * descriptor 0, as the static assertions in nbl_pool.c say of the
 * structures; here with the pools' own object alignment, for an NBL with
 * its preallocated NB and for a separate NB.
 */
static int
test_descriptor_layout_keeps_hot_fields_in_two_lines(void)
{
	struct nbl_pool *p = mk_pool("lay", 8, 0, true, 32, 256);
	struct nbl_nb_pool *np = nbl_nb_pool_create("layn", 4, 0,
		SOCKET_ID_ANY);
	struct nbl *n;
	struct nb *nb, *sep;
	uintptr_t l0, l1;

	TEST_ASSERT(p != NULL && np != NULL, "pools");
	n = nbl_alloc_with_nb(p);
	TEST_ASSERT(n != NULL, "alloc");
	nb = n->first_nb;
	TEST_ASSERT_EQUAL((uintptr_t)n % RTE_CACHE_LINE_SIZE, 0,
		"the NBL starts a cache line");
	TEST_ASSERT(nb == (struct nb *)(n + 1), "its NB follows it");
	TEST_ASSERT(n->ctx == (uint8_t *)(nb + 1) && nb->data == n->ctx + 32,
		"context and data after the NB and its descriptor");
	l0 = line_of(n);
	/* Line 1: the NBL fields the fill writes and the return reads. */
	TEST_ASSERT(line_of(&n->next) == l0 && line_of(&n->first_nb) == l0 &&
		line_of(&n->pool_id) == l0 && line_of(&n->state) == l0 &&
		line_of(&n->flags) == l0 && line_of(&n->status) == l0 &&
		line_of(&n->timestamp_ns) == l0 &&
		line_of(&n->miniport_reserved[0]) == l0 &&
		line_of(&n->miniport_reserved[1]) == l0,
		"link, first NB, state word, timestamp and MiniportReserved in the NBL's first line");
	/* Line 2: the NB's per-packet fields and descriptor 0's first half. */
	l1 = line_of(&nb->next);
	TEST_ASSERT(l1 != l0, "a second line");
	TEST_ASSERT(line_of(&nb->cur_mdl_offset) == l1 &&
		line_of(&nb->data_offset) == l1 &&
		line_of(&nb->data_len) == l1 && line_of(&nb->modified) == l1 &&
		line_of(&nb->mbuf) == l1 &&
		line_of((const uint8_t *)&nb->mbuf + 7) == l1,
		"offsets, length, modified and mbuf in one NB line");
	TEST_ASSERT(line_of(&nb->mdl0.next) == l1 &&
		line_of(&nb->mdl0.addr) == l1 && line_of(&nb->mdl0.len) == l1 &&
		line_of(&nb->mdl0.orig_len) == l1 &&
		line_of((const uint8_t *)&nb->mdl0.mbuf + 7) == l1,
		"descriptor 0's link, address, lengths and mbuf in the same line");
	/* What the fill does not touch is elsewhere. */
	TEST_ASSERT(line_of(&nb->mdl_chain) != l1 &&
		line_of(&nb->mdl_chain) != l0, "the NB's chain head is cold");

	sep = nbl_nb_alloc(np);
	TEST_ASSERT(sep != NULL, "separate NB");
	TEST_ASSERT_EQUAL((uintptr_t)sep % RTE_CACHE_LINE_SIZE, 0,
		"a separate NB starts a cache line too");
	l1 = line_of(&sep->next);
	TEST_ASSERT(line_of((const uint8_t *)&sep->mbuf + 7) == l1 &&
		line_of((const uint8_t *)&sep->mdl0.mbuf + 7) == l1,
		"and keeps its per-packet fields and descriptor 0 in one line");
	TEST_ASSERT_EQUAL(nbl_nb_free(sep), 0, "NB free");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	TEST_ASSERT_EQUAL(nbl_nb_pool_free(np), 0, "NB pool free");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

/* Indicate and take back an NBL as a receive queue does. */
static int
indicate_and_return(struct nbl_pool *p, struct nbl *n)
{
	TEST_ASSERT_EQUAL(nbl_mark_indicated(n), 0, "indicate");
	TEST_ASSERT_EQUAL(nbl_check_return(p, n), 0, "return");
	n->state = NBL_STATE_INDICATED; /* as the owner sees it come back */
	return 0;
}

/*
 * An owner's reuse: nbl_reuse_reset() prepares an NBL from scratch as the
 * description says; a consumer that writes only flags and status leaves
 * it untouched, and nbl_reuse_fast() puts those back; every lib/nbl call
 * that changes the NB list, the context, the data start, the chain or
 * descriptor 0's length marks it, and nbl_reuse_reset() undoes it.
 */
static int
test_reuse_restores_the_prepared_nbl(void)
{
	struct nbl_pool *p = mk_pool("reu", 8, 0, true, 32, 0);
	struct nbl_pool *other = mk_pool("reuo", 8, 0, true, 0, 0);
	struct nbl_nb_pool *np = nbl_nb_pool_create("reun", 4, 0,
		SOCKET_ID_ANY);
	struct nbl_reuse r;
	struct nbl *n, *x;
	struct nb *nb, *extra;
	static uint8_t buf[256];

	TEST_ASSERT(p != NULL && other != NULL && np != NULL, "pools");
	nbl_reuse_init(&r, p, NBL_F_COPIED, 3, 7);
	n = nbl_alloc_with_nb(p);
	TEST_ASSERT(n != NULL, "alloc");
	nb = n->first_nb;
	nb->data_len = 99;
	nbl_reuse_reset(n, nb, &r);
	TEST_ASSERT(n->state == NBL_STATE_HELD && n->flags == NBL_F_COPIED &&
		n->src_port == 3 && n->src_queue == 7 && n->status == 0 &&
		n->ctx_used == 0 && n->next == NULL && n->pool_id != 0,
		"NBL prepared as described");
	TEST_ASSERT(n->first_nb == nb && nb->next == NULL &&
		nb->state == NBL_NB_STATE_QUEUED && nb->data_len == 0 &&
		nb->mbuf == NULL && nb->modified == 0,
		"its NB queued alone and empty");
	TEST_ASSERT(nb->mdl_chain == &nb->mdl0 && nb->cur_mdl == &nb->mdl0 &&
		nb->mdl0.next == NULL && nb->mdl0.state == NBL_MDL_STATE_IN_NB,
		"the NB chains its own descriptor");
	TEST_ASSERT_EQUAL(nbl_mdl_free(&nb->mdl0), -EINVAL,
		"an NB's own descriptor is not freed alone");

	/* Flags and status only: owned, untouched, and the fast reset. */
	TEST_ASSERT_EQUAL(indicate_and_return(p, n), 0, "round trip");
	n->flags |= NBL_F_RESOURCES;
	n->status = -5;
	n->next = n;
	TEST_ASSERT(nbl_reuse_owned(n, &r), "indicated, of the pool: owned");
	TEST_ASSERT(nbl_reuse_clean(n, nb, &r),
		"flags and status alone leave it untouched");
	nbl_reuse_fast(n, &r);
	TEST_ASSERT(n->state == NBL_STATE_HELD && n->flags == NBL_F_COPIED &&
		n->status == 0 && n->next == NULL,
		"state, flags, status and link as prepared");
	TEST_ASSERT(!nbl_reuse_owned(n, &r), "HELD is not a return");
	x = nbl_alloc_with_nb(other);
	TEST_ASSERT(x != NULL && nbl_mark_indicated(x) == 0, "foreign NBL");
	TEST_ASSERT(!nbl_reuse_owned(x, &r), "another pool's is not owned");

	/* Each lib/nbl change marks it; the reset undoes it. */
	TEST_ASSERT_EQUAL(indicate_and_return(p, n), 0, "round trip");
	extra = nbl_nb_alloc(np);
	TEST_ASSERT(extra != NULL && nbl_queue_nb(n, extra) == 0,
		"the consumer queues an NB");
	TEST_ASSERT(!nbl_reuse_clean(n, nb, &r), "a queued NB is seen");
	nbl_reuse_reset(n, nb, &r);
	TEST_ASSERT(n->first_nb == nb && nb->next == NULL &&
		extra->state == NBL_STATE_HELD && extra->next == NULL &&
		(n->flags & NBL_F_MODIFIED) == 0,
		"the reset takes it off, the consumer's to free");
	TEST_ASSERT_EQUAL(nbl_nb_free(extra), 0, "which it can");

	TEST_ASSERT_EQUAL(indicate_and_return(p, n), 0, "round trip");
	TEST_ASSERT(nbl_context_alloc(n, 16) != NULL, "context");
	TEST_ASSERT(!nbl_reuse_clean(n, nb, &r), "a context is seen");
	nbl_reuse_reset(n, nb, &r);
	TEST_ASSERT_EQUAL(n->ctx_used, 0, "released by the reset");

	TEST_ASSERT_EQUAL(indicate_and_return(p, n), 0, "round trip");
	TEST_ASSERT_EQUAL(nbl_dequeue_nb(n), nb, "the consumer takes the NB");
	TEST_ASSERT(!nbl_reuse_clean(n, NULL, &r),
		"a dequeued NB is seen without reading one");
	nbl_reuse_reset(n, nb, &r);
	TEST_ASSERT(n->first_nb == nb && nb->state == NBL_NB_STATE_QUEUED,
		"the owner's NB is back");

	TEST_ASSERT_EQUAL(indicate_and_return(p, n), 0, "round trip");
	nb->mdl0.addr = buf;
	nb->mdl0.len = nb->mdl0.orig_len = sizeof(buf);
	nb->data_offset = nb->cur_mdl_offset = 64;
	nb->data_len = 100;
	TEST_ASSERT(nbl_reuse_clean(n, nb, &r), "as a fill leaves it");
	TEST_ASSERT_EQUAL(nbl_nb_retreat(nb, 14, NULL), 0, "retreat");
	TEST_ASSERT(!nbl_reuse_clean(n, nb, &r), "a retreat is seen");
	nbl_reuse_reset(n, nb, &r);
	TEST_ASSERT(nb->modified == 0 && nb->data_offset == 0 &&
		nb->cur_mdl == &nb->mdl0, "undone");

	TEST_ASSERT_EQUAL(indicate_and_return(p, n), 0, "round trip");
	nb->mdl0.len = nb->mdl0.orig_len = sizeof(buf);
	TEST_ASSERT_EQUAL(nbl_mdl_adjust_len(&nb->mdl0, 10), 0, "shorten");
	TEST_ASSERT(!nbl_reuse_clean(n, nb, &r),
		"a shortened descriptor 0 is seen");
	nbl_reuse_reset(n, nb, &r);
	TEST_ASSERT(nb->mdl0.len == nb->mdl0.orig_len && nb->modified == 0,
		"restored");

	TEST_ASSERT(nbl_free_ok(n), "and the pool would take it");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	TEST_ASSERT_EQUAL(nbl_check_return(other, x), 0, "return foreign");
	TEST_ASSERT_EQUAL(nbl_free(x), 0, "free foreign");
	TEST_ASSERT_EQUAL(nbl_nb_pool_free(np), 0, "NB pool free");
	TEST_ASSERT_EQUAL(nbl_pool_free(other), 0, "other pool free");
	TEST_ASSERT_EQUAL(nbl_pool_free(p), 0, "pool free");
	return 0;
}

static const struct nbl_test_case cases[] = {
#define CASE(f) { #f, f }
	CASE(test_create_refuses_zero_count),
	CASE(test_create_refuses_unaligned_context),
	CASE(test_create_refuses_data_without_nb),
	CASE(test_create_refuses_oversized_cache),
	CASE(test_create_refuses_bad_name),
	CASE(test_alloc_with_nb_refused_on_plain_pool),
	CASE(test_alloc_plain_refused_on_prealloc_pool),
	CASE(test_data_area_on_cache_line),
	CASE(test_several_nbs_on_one_nbl),
	CASE(test_bulk_alloc_returns_count),
	CASE(test_cache_hits_counted),
	CASE(test_number_of_descriptors_is_exact),
	CASE(test_number_of_descriptors_exact_with_cached_objects),
	CASE(test_number_of_descriptors_counts_nb_own_descriptors),
	CASE(test_double_free_refused_pool_intact),
	CASE(test_violation_log_limited),
	CASE(test_foreign_nbl_refused),
	CASE(test_double_return_refused),
	CASE(test_free_indicated_refused),
	CASE(test_pool_free_refused_while_out_then_succeeds),
	CASE(test_audit_counts_by_state),
	CASE(test_context_stacks),
	CASE(test_free_with_context_refused),
	CASE(test_adjust_longer_than_original_refused),
	CASE(test_free_shortened_mdl_refused),
	CASE(test_chain_front_is_room_back_is_data),
	CASE(test_free_of_no_live_pool_is_exdev),
	CASE(test_copy_range_shares_bytes),
	CASE(test_retreat_uses_backfill),
	CASE(test_retreat_without_backfill_chains_mdl),
	CASE(test_retreat_fails_at_limit),
	CASE(test_advance_frees_mdl),
	CASE(test_map_multiseg_mbuf_chain),
	CASE(test_stats_summed_from_two_lcores),
	CASE(test_injected_failures_rate),
	CASE(test_telemetry_pool_json),
	CASE(test_free_ok_says_what_free_does),
	CASE(test_reuse_restores_the_prepared_nbl),
	CASE(test_descriptor_layout_keeps_hot_fields_in_two_lines),
#undef CASE
};

int
main(int argc, char **argv)
{
	return nbl_test_main(argc, argv, cases, RTE_DIM(cases), "0-1", NULL);
}
