/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Unit tests of lib/nbl's forensics: each NBL's index in its pool, the
 * NBL history (track_depth) and the per-lcore pool figures. One case per
 * rule.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mempool.h>

#include "nbl.h"
#include "nbl_test.h"
#include "nbl_test_telemetry.h"

static unsigned int test_seq;

static struct nbl_pool *
make_pool(uint32_t count, uint32_t cache, uint16_t depth)
{
	struct nbl_pool_params p;
	char name[32];

	memset(&p, 0, sizeof(p));
	snprintf(name, sizeof(name), "ttrk%u", test_seq++);
	p.name = name;
	p.count = count;
	p.cache_size = cache;
	p.allocate_nb = true;
	p.tag = NBL_TAG('T', 't', 'r', 'k');
	p.socket_id = SOCKET_ID_ANY;
	p.track_depth = depth;
	return nbl_pool_create(&p);
}

static int
test_index_set_once_at_creation(void)
{
	struct nbl *all[64];
	uint8_t seen[64];
	struct nbl_pool *pool = make_pool(64, 0, 0);
	uint32_t idx;
	unsigned int i;

	TEST_ASSERT(pool != NULL, "pool: %s", rte_strerror(rte_errno));
	memset(seen, 0, sizeof(seen));
	TEST_ASSERT_EQUAL(nbl_alloc_bulk(pool, all, 64), 64, "all 64 NBLs");
	for (i = 0; i < 64; i++) {
		TEST_ASSERT(all[i]->index < 64, "NBL %u: index %u within the "
			"pool's count", i, all[i]->index);
		TEST_ASSERT_EQUAL(seen[all[i]->index], 0, "index %u given "
			"twice", all[i]->index);
		seen[all[i]->index] = 1;
	}
	idx = all[5]->index;
	/* the NBL is used, freed and taken again: its index stays */
	all[5]->user = (void *)all;
	TEST_ASSERT_EQUAL(nbl_free_bulk(all, 64), 64, "free all");
	TEST_ASSERT_EQUAL(nbl_alloc_bulk(pool, all, 64), 64, "again");
	for (i = 0; i < 64; i++)
		if (all[i]->user == (void *)all)
			break;
	TEST_ASSERT(i < 64, "the same NBL found again");
	TEST_ASSERT_EQUAL(all[i]->index, idx, "its index did not change");
	TEST_ASSERT_EQUAL(nbl_free_bulk(all, 64), 64, "free all");
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "pool free");
	return 0;
}

static int
test_history_off_keeps_none(void)
{
	struct nbl_track_event ev[4];
	struct nbl_pool *pool = make_pool(16, 0, 0);
	struct nbl *n;

	TEST_ASSERT(pool != NULL, "pool: %s", rte_strerror(rte_errno));
	TEST_ASSERT_EQUAL(nbl_track_depth(pool), 0, "no history by default");
	n = nbl_alloc_with_nb(pool);
	TEST_ASSERT(n != NULL, "alloc");
	TEST_ASSERT_EQUAL(nbl_track_get(pool, n->index, ev, 4), -ENOTSUP,
		"a pool without history has none to give");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "pool free");
	return 0;
}

static int
test_history_depth_refused_above_max(void)
{
	struct nbl_pool *pool = make_pool(16, 0, NBL_TRACK_MAX_DEPTH + 1);

	TEST_ASSERT(pool == NULL, "a depth above the maximum is refused");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "with EINVAL");
	pool = make_pool(16, 0, NBL_TRACK_MAX_DEPTH);
	TEST_ASSERT(pool != NULL, "the maximum itself is taken");
	TEST_ASSERT_EQUAL(nbl_track_depth(pool), NBL_TRACK_MAX_DEPTH, "depth");
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "pool free");
	return 0;
}

/* alloc and free, single and bulk, are recorded by the pool itself; the
 * ring keeps the last depth transitions, oldest first. */
static int
test_history_records_alloc_and_free(void)
{
	struct nbl_track_event ev[8];
	struct nbl_pool *pool = make_pool(8, 0, 4);
	struct nbl *n, *bulk[8];
	uint64_t before = rte_rdtsc();
	unsigned int i;
	uint32_t idx;
	int k;

	TEST_ASSERT(pool != NULL, "pool: %s", rte_strerror(rte_errno));
	n = nbl_alloc_with_nb(pool);
	TEST_ASSERT(n != NULL, "alloc");
	idx = n->index;
	k = nbl_track_get(pool, idx, ev, 8);
	TEST_ASSERT_EQUAL(k, 1, "one transition after the alloc");
	TEST_ASSERT_EQUAL(ev[0].call, NBL_CALL_ALLOC, "it is the alloc");
	TEST_ASSERT_EQUAL(ev[0].state, NBL_STATE_HELD, "state after it");
	TEST_ASSERT_EQUAL(ev[0].lcore, rte_lcore_id(), "on this lcore");
	TEST_ASSERT_EQUAL(ev[0].seq, 1, "its number");
	TEST_ASSERT(ev[0].tsc >= before && ev[0].tsc <= rte_rdtsc(),
		"its TSC is when it happened");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	k = nbl_track_get(pool, idx, ev, 8);
	TEST_ASSERT_EQUAL(k, 2, "alloc and free");
	TEST_ASSERT_EQUAL(ev[1].call, NBL_CALL_FREE, "then the free");
	TEST_ASSERT_EQUAL(ev[1].state, NBL_STATE_FREE, "state after it");
	TEST_ASSERT(ev[1].tsc >= ev[0].tsc, "in order");
	/* bulk calls: every NBL of the pool gets an alloc and a free */
	TEST_ASSERT_EQUAL(nbl_alloc_bulk(pool, bulk, 8), 8, "bulk alloc");
	TEST_ASSERT_EQUAL(nbl_free_bulk(bulk, 8), 8, "bulk free");
	for (i = 0; i < 8; i++) {
		k = nbl_track_get(pool, bulk[i]->index, ev, 8);
		TEST_ASSERT(k >= 2, "NBL %u: bulk calls recorded", i);
		TEST_ASSERT_EQUAL(ev[k - 2].call, NBL_CALL_ALLOC, "bulk alloc");
		TEST_ASSERT_EQUAL(ev[k - 1].call, NBL_CALL_FREE, "bulk free");
	}
	/* idx has made 4 transitions now; two more push the first two out */
	n = nbl_alloc_with_nb(pool);
	while (n != NULL && n->index != idx) {
		struct nbl *other = n;

		n = nbl_alloc_with_nb(pool);
		nbl_free(other);
	}
	TEST_ASSERT(n != NULL, "the NBL of index %u again", idx);
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	k = nbl_track_get(pool, idx, ev, 8);
	TEST_ASSERT_EQUAL(k, 4, "the ring keeps its depth");
	TEST_ASSERT_EQUAL(ev[0].seq, 3, "oldest kept is the 3rd transition");
	TEST_ASSERT_EQUAL(ev[3].seq, 6, "newest is the 6th");
	TEST_ASSERT_EQUAL(ev[3].call, NBL_CALL_FREE, "the last free");
	TEST_ASSERT_EQUAL(nbl_track_get(pool, 8, ev, 8), -ERANGE,
		"an index outside the pool");
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "pool free");
	return 0;
}

/* An owner's calls (nbl_track_note) land in the same history. */
static int
test_history_owner_calls_noted(void)
{
	struct nbl_track_event ev[8];
	struct nbl_pool *pool = make_pool(8, 0, 8);
	struct nbl *n;
	int k;

	TEST_ASSERT(pool != NULL, "pool: %s", rte_strerror(rte_errno));
	n = nbl_alloc_with_nb(pool);
	TEST_ASSERT(n != NULL, "alloc");
	nbl_track_note(pool, &n, 1, NBL_CALL_FILL, NBL_STATE_HELD, 100);
	TEST_ASSERT_EQUAL(nbl_mark_indicated(n), 0, "indicate");
	nbl_track_note(pool, &n, 1, NBL_CALL_INDICATE, 0, 200);
	k = nbl_track_get(pool, n->index, ev, 8);
	TEST_ASSERT_EQUAL(k, 3, "alloc, fill, indicate");
	TEST_ASSERT_EQUAL(ev[1].call, NBL_CALL_FILL, "fill");
	TEST_ASSERT_EQUAL(ev[1].state, NBL_STATE_HELD, "the state given");
	TEST_ASSERT_EQUAL(ev[1].tsc, 100, "the TSC given");
	TEST_ASSERT_EQUAL(ev[2].call, NBL_CALL_INDICATE, "indicate");
	TEST_ASSERT_EQUAL(ev[2].state, NBL_STATE_INDICATED,
		"state 0: the NBL's own");
	TEST_ASSERT(strcmp(nbl_call_name(NBL_CALL_RECYCLE), "recycle") == 0,
		"call names");
	/* two calls at one instant, in one pass */
	nbl_track_note2(pool, &n, 1, NBL_CALL_RETURN, NBL_STATE_HELD,
		NBL_CALL_RECYCLE, NBL_STATE_HELD, 300);
	k = nbl_track_get(pool, n->index, ev, 8);
	TEST_ASSERT_EQUAL(k, 5, "then return and recycle");
	TEST_ASSERT(ev[3].call == NBL_CALL_RETURN && ev[3].seq == 4 &&
		ev[3].tsc == 300 && ev[3].state == NBL_STATE_HELD,
		"the return is the 4th");
	TEST_ASSERT(ev[4].call == NBL_CALL_RECYCLE && ev[4].seq == 5 &&
		ev[4].tsc == 300, "the recycle the 5th");
	TEST_ASSERT_EQUAL(nbl_check_return(pool, n), 0, "take back");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "pool free");
	return 0;
}

/* Any depth from 1 to the maximum: the last depth transitions, no more. */
static int
test_history_keeps_exactly_its_depth(void)
{
	struct nbl_track_event ev[8];
	struct nbl_pool *pool = make_pool(4, 0, 3);
	struct nbl *n;
	unsigned int i;
	int k;

	TEST_ASSERT(pool != NULL, "pool: %s", rte_strerror(rte_errno));
	n = nbl_alloc_with_nb(pool);
	TEST_ASSERT(n != NULL, "alloc");
	for (i = 0; i < 4; i++)
		nbl_track_note(pool, &n, 1, NBL_CALL_FILL, NBL_STATE_HELD, i);
	k = nbl_track_get(pool, n->index, ev, 8);
	TEST_ASSERT_EQUAL(k, 3, "depth 3: three transitions of five");
	for (i = 0; i < 3; i++) {
		TEST_ASSERT_EQUAL(ev[i].seq, 3 + i, "event %u is transition %u",
			i, 3 + i);
		TEST_ASSERT_EQUAL(ev[i].tsc, 1 + i, "event %u's TSC", i);
	}
	TEST_ASSERT_EQUAL(nbl_track_get(pool, n->index, ev, 2), 2,
		"room for two: two given");
	TEST_ASSERT_EQUAL(ev[0].seq, 3, "the oldest first");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "pool free");
	return 0;
}

struct lc_work {
	struct nbl_pool *pool;
	unsigned int n;
	int rc;
};

/* On another lcore: take n NBLs one by one and give them back. */
static int
lc_alloc_free(void *arg)
{
	struct lc_work *w = arg;
	struct nbl *n[32];
	unsigned int i;

	w->rc = 0;
	for (i = 0; i < w->n; i++) {
		n[i] = nbl_alloc_with_nb(w->pool);
		if (n[i] == NULL)
			w->rc = -1;
	}
	for (i = 0; i < w->n; i++)
		if (n[i] != NULL && nbl_free(n[i]) != 0)
			w->rc = -1;
	return 0;
}

static const struct nbl_pool_lcore_figures *
figures_of(const struct nbl_pool_lcore_figures *f, int n, unsigned int lc)
{
	int i;

	for (i = 0; i < n; i++)
		if (f[i].lcore == lc)
			return &f[i];
	return NULL;
}

static int
test_lcore_figures_split_by_lcore(void)
{
	struct nbl_pool_lcore_figures f[RTE_MAX_LCORE + 1];
	const struct nbl_pool_lcore_figures *f0, *f1;
	struct nbl_pool *pool = make_pool(256, 16, 0);
	struct lc_work w;
	struct nbl_pool_stats st;
	struct nbl *n[4];
	unsigned int worker, me = rte_lcore_id();
	uint64_t allocs = 0, frees = 0, hits = 0, misses = 0;
	int k, i;

	TEST_ASSERT(pool != NULL, "pool: %s", rte_strerror(rte_errno));
	worker = rte_get_next_lcore(-1, 1, 0);
	TEST_ASSERT(worker < RTE_MAX_LCORE, "no worker lcore (EAL -l 0-1)");
	TEST_ASSERT_EQUAL(nbl_alloc_bulk(pool, n, 4), 4, "4 here");
	w.pool = pool;
	w.n = 20;
	TEST_ASSERT_EQUAL(rte_eal_remote_launch(lc_alloc_free, &w, worker), 0,
		"launch");
	rte_eal_wait_lcore(worker);
	TEST_ASSERT_EQUAL(w.rc, 0, "20 taken and given back on lcore %u",
		worker);
	k = nbl_pool_lcore_figures_get(pool, f, RTE_DIM(f));
	TEST_ASSERT_EQUAL(k, (int)rte_lcore_count(),
		"one entry per enabled lcore, none for the unused non-EAL slot");
	f0 = figures_of(f, k, me);
	f1 = figures_of(f, k, worker);
	TEST_ASSERT(f0 != NULL && f1 != NULL, "both lcores listed");
	TEST_ASSERT_EQUAL(f0->allocs, 4, "lcore %u allocated 4", me);
	TEST_ASSERT_EQUAL(f0->frees, 0, "and freed none");
	TEST_ASSERT_EQUAL(f1->allocs, 20, "lcore %u allocated 20", worker);
	TEST_ASSERT_EQUAL(f1->frees, 20, "and freed 20");
	TEST_ASSERT_EQUAL(f1->cached,
		rte_mempool_default_cache(pool->mp, worker)->len,
		"cached is the lcore's mempool cache length");
	TEST_ASSERT(f1->cached > 0, "the frees left NBLs in its cache");
	for (i = 0; i < k; i++) {
		allocs += f[i].allocs;
		frees += f[i].frees;
		hits += f[i].cache_hits;
		misses += f[i].cache_misses;
		TEST_ASSERT(i == 0 || f[i].lcore > f[i - 1].lcore,
			"in lcore order");
	}
	nbl_pool_stats_get(pool, &st);
	TEST_ASSERT_EQUAL(allocs, st.allocs, "allocs add up to the pool's");
	TEST_ASSERT_EQUAL(frees, st.frees, "frees add up");
	TEST_ASSERT_EQUAL(hits, st.cache_hits, "cache hits add up");
	TEST_ASSERT_EQUAL(misses, st.cache_misses, "cache misses add up");
	TEST_ASSERT_EQUAL(nbl_free_bulk(n, 4), 4, "free");
	TEST_ASSERT_EQUAL(nbl_pool_lcore_figures_get(NULL, f, 4), -EINVAL,
		"NULL pool");
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "pool free");
	return 0;
}

static int
test_telemetry_pool_per_lcore(void)
{
	static char buf[16384];
	char want[512];
	struct nbl_pool *pool = make_pool(64, 8, 0);
	struct nbl *n;
	char cmd[64];
	int rc;

	TEST_ASSERT(pool != NULL, "pool: %s", rte_strerror(rte_errno));
	n = nbl_alloc_with_nb(pool);
	TEST_ASSERT(n != NULL, "alloc");
	TEST_ASSERT_EQUAL(nbl_free(n), 0, "free");
	snprintf(cmd, sizeof(cmd), "/nbl/pool,%s", pool->name);
	rc = nbl_test_telemetry_query(cmd, buf, sizeof(buf));
	TEST_ASSERT_EQUAL(rc, 0, "query");
	snprintf(want, sizeof(want), "\"per_lcore\":{\"0\":{\"lcore\":0,"
		"\"allocs\":1,\"frees\":1,\"cache_hits\":0,"
		"\"cache_misses\":1,\"cached\":%u},\"1\":{\"lcore\":1,"
		"\"allocs\":0,\"frees\":0,\"cache_hits\":0,"
		"\"cache_misses\":0,\"cached\":0}}",
		rte_mempool_default_cache(pool->mp, 0)->len);
	TEST_ASSERT(strstr(buf, want) != NULL,
		"expected %s in the answer: %s", want, buf);
	TEST_ASSERT_EQUAL(nbl_pool_free(pool), 0, "pool free");
	return 0;
}

static const struct nbl_test_case cases[] = {
	{ "test_index_set_once_at_creation", test_index_set_once_at_creation },
	{ "test_history_off_keeps_none", test_history_off_keeps_none },
	{ "test_history_depth_refused_above_max",
		test_history_depth_refused_above_max },
	{ "test_history_records_alloc_and_free",
		test_history_records_alloc_and_free },
	{ "test_history_owner_calls_noted", test_history_owner_calls_noted },
	{ "test_history_keeps_exactly_its_depth",
		test_history_keeps_exactly_its_depth },
	{ "test_lcore_figures_split_by_lcore",
		test_lcore_figures_split_by_lcore },
	{ "test_telemetry_pool_per_lcore", test_telemetry_pool_per_lcore },
};

int
main(int argc, char **argv)
{
	return nbl_test_main(argc, argv, cases, RTE_DIM(cases), "0-1", NULL);
}
